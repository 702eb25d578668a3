"""The Pokémon TCG API v2: `/v2/cards?q=...` with its pagination, and `/v2/cards/<id>`.

    tcgc scrape 'https://api.pokemontcg.io/v2/cards?q=set.id:base1' -o spec/tcg/classic/base1/

A page is `{"data": [...], "page": P, "pageSize": S, "count": C, "totalCount": T}`; the next page is
the same URL with `page=P+1`, fetched until `T` cards are in hand or a page comes back empty. Card
objects are already in the normalized record shape (`cards.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from tcgc.scraper.http import Fetcher, Response
from tcgc.scraper.pokemontcg_data import check_card, decode_json

from tcgc.errors import ScrapeError

KIND = "pokemontcg-api-v2"
MAX_PAGES = 1000


def looks_like(data: object) -> bool:
    return isinstance(data, dict) and "data" in data


def page_url(url: str, page: int) -> str:
    """`url` asking for page `page` (its other query parameters kept byte for byte)."""
    parts = urlsplit(url)
    query = [p for p in parts.query.split("&") if p and not p.startswith("page=")]
    if page > 1:
        query.insert(0, f"page={page}")
    return urlunsplit(parts._replace(query="&".join(query)))


def cards_of(data: object, source: str) -> tuple[list[dict], int | None]:
    """The cards of one response body and the total the API announces (None for a single card)."""
    if not isinstance(data, dict):
        raise ScrapeError(
            source, f"expected a JSON object with 'data' (Pokémon TCG API v2), got {type(data).__name__}"
        )
    if "error" in data and "data" not in data:
        error = data["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        raise ScrapeError(source, f"the API answered with an error: {message}")
    if "data" not in data:
        raise ScrapeError(source, "no 'data' field: not a Pokémon TCG API v2 response")
    body = data["data"]
    if isinstance(body, dict):
        return [check_card(body, source, "data")], None
    if not isinstance(body, list):
        raise ScrapeError(source, f"'data' is a {type(body).__name__}, expected a list of cards")
    total = data.get("totalCount")
    return [check_card(c, source, f"data[{i}]") for i, c in enumerate(body)], total if isinstance(
        total, int
    ) else None


def scrape(
    fetcher: Fetcher, first: Response, data: object, progress: Callable[[int, int], None] | None = None
) -> list[tuple[list[dict], Response]]:
    """Every page of the answer `first` (already read, its JSON `data`): the cards of each page with the
    response they came from; the next pages are fetched from its URL."""
    url = first.url
    cards, total = cards_of(data, url)
    pages = [(cards, first)]
    have = len(cards)
    page = 1
    while total is not None and have < total and cards:
        page += 1
        if page > MAX_PAGES:
            raise ScrapeError(url, f"more than {MAX_PAGES} pages; refusing to go on")
        if urlsplit(url).scheme not in ("http", "https"):
            raise ScrapeError(url, "a saved API response names more pages; scrape the URL to follow them")
        if progress:
            progress(have, total)
        next_url = page_url(url, page)
        response = fetcher.get(next_url)
        cards, _ = cards_of(decode_json(response.body, next_url), next_url)
        pages.append((cards, response))
        have += len(cards)
    if progress and total:
        progress(have, total)
    if total is not None and have < total:
        raise ScrapeError(url, f"the API announced {total} cards but its pages held {have}")
    return pages
