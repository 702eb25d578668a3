"""Card files in the pokemon-tcg-data format (`cards/en/<set>.json`: a JSON array of card objects).

    tcgc scrape path/to/base1.json -o spec/tcg/classic/base1/

The records are already in the normalized shape (`cards.py`); this module only checks that the bytes
are that format and says clearly what is wrong when they are not.
"""

from __future__ import annotations

import json

from tcgc.errors import ScrapeError

KIND = "pokemon-tcg-data"


def decode_json(raw: bytes, source: str) -> object:
    """Parsed JSON (a UTF-8 byte-order mark is allowed), or ScrapeError naming the source, the line and
    column."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScrapeError(
            source, f"not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScrapeError(
            source, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None


def check_card(card: object, source: str, where: str) -> dict:
    """`card` if it looks like a card object; ScrapeError naming what is missing otherwise."""
    if not isinstance(card, dict):
        raise ScrapeError(source, f"{where}: expected a card object, got {type(card).__name__}")
    missing = [k for k in ("id", "name", "supertype") if not card.get(k)]
    if missing:
        raise ScrapeError(source, f"{where}: card object without {', '.join(missing)}")
    return card


def looks_like(data: object) -> bool:
    return isinstance(data, list) and bool(data) and isinstance(data[0], dict) and "supertype" in data[0]


def records(data: object, source: str) -> list[dict]:
    """The card records of a pokemon-tcg-data file."""
    if not isinstance(data, list):
        raise ScrapeError(
            source, f"expected a JSON array of cards (pokemon-tcg-data format), got {type(data).__name__}"
        )
    if not data:
        raise ScrapeError(source, "the array holds no cards")
    return [check_card(c, source, f"card #{i + 1}") for i, c in enumerate(data)]
