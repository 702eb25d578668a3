"""`tcgc scrape`: sources -> records -> merged cards -> spec files, with provenance and a summary.

A SOURCE is a URL or a local file. Its format is recognised by `--from` or, by default, by the URL's
host and then by the content:

- a Pokémon TCG API v2 response (`{"data": ...}`; pages followed) -> `pokemontcg_api`
- a pokemon-tcg-data card file (a JSON array of card objects) -> `pokemontcg_data`
- the TCG Pocket card database (a JSON array of `{"Pokemon": ...}` / `{"Trainer": ...}`) -> `pocket_db`
- a Bulbapedia card page, or a set-list page whose card links are followed -> `bulbapedia`
- a Serebii or Limitless TCG Pocket card page -> `serebii`, `limitless`
- `showdown:gen1`: Pokémon Showdown's Gen 1 data from its npm package -> `showdown` (battle spec)

Every file is checked against the grammar before any is written, and the files are written all at
once (`write.py`): a failure anywhere leaves the output folder as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tcgc.scraper import bulbapedia, limitless, merge, pocket_db, pokemontcg_api, pokemontcg_data, serebii
from tcgc.scraper.cards import card_ir, file_name, holes, set_prefix
from tcgc.scraper.http import Fetcher, Response
from tcgc.scraper.provenance import Provenance, header, of_bytes

from tcgc import ir
from tcgc.diagnostics import Diagnostic
from tcgc.errors import ScrapeError
from tcgc.fmt import format_file
from tcgc.parse import parse_text

FORMATS = ("auto", "pokemontcg-api", "pokemon-tcg-data", "pocket-db", "bulbapedia", "serebii", "limitless")
HOSTS = {
    "api.pokemontcg.io": "pokemontcg-api",
    "bulbapedia.bulbagarden.net": "bulbapedia",
    "www.serebii.net": "serebii",
    "serebii.net": "serebii",
    "pocket.limitlesstcg.com": "limitless",
}
KINDS = {
    "pokemontcg-api": pokemontcg_api.KIND,
    "pokemon-tcg-data": pokemontcg_data.KIND,
    "pocket-db": "pocket-db",
    "bulbapedia": "bulbapedia-card-page",
    "serebii": "serebii-card-page",
    "limitless": "limitless-card-page",
}
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Options:
    fmt: str = "auto"
    follow: bool = True  # follow the card links of a set-list page
    limit: int | None = None  # at most this many card links per set list
    max_bytes: int = 32 * 1024 * 1024  # for local files (the fetcher bounds URLs)


@dataclass
class Collected:
    items: list[merge.Sourced] = field(default_factory=list)
    #: (source argument, kind) -> the records it gave
    by_source: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    #: the entries of set-list pages not followed: (list URL, {"name", "number"}), checked against the cards
    listed: list[tuple[str, dict]] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    files: dict[str, str]
    summary: dict
    conflicts: tuple[merge.Conflict, ...]
    unlisted: tuple[str, ...]  # set-list entries no source gave


# ---- reading ------------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def read(source: str, fetcher: Fetcher, opts: Options) -> tuple[bytes, float | None]:
    """The bytes of a URL or file, and when they were fetched (None for a file: now)."""
    if is_url(source):
        response = fetcher.get(source)
        return response.body, response.fetched_at
    path = Path(source)
    if not path.is_file():
        raise ScrapeError(source, "no such file (and not an http(s) URL)")
    size = path.stat().st_size
    if size > opts.max_bytes:
        raise ScrapeError(source, f"file of {size:,} bytes exceeds the {opts.max_bytes:,}-byte limit")
    return path.read_bytes(), None


def json_of(source: str, raw: bytes) -> object | None:
    """The parsed JSON of bytes that start like JSON (ScrapeError when it is not valid), else None."""
    return pokemontcg_data.decode_json(raw, source) if raw[:4096].lstrip()[:1] in (b"[", b"{") else None


def detect(source: str, raw: bytes, fmt: str, data: object | None = None) -> str:
    """The source's format: `fmt` unless "auto", else by host, else by content (`data`: its JSON)."""
    if fmt != "auto":
        return fmt
    if is_url(source) and (host := HOSTS.get(urlsplit(source).netloc.lower())):
        return host
    if data is not None:
        if pokemontcg_api.looks_like(data):
            return "pokemontcg-api"
        if pokemontcg_data.looks_like(data):
            return "pokemon-tcg-data"
        if pocket_db.looks_like(data):
            return "pocket-db"
        raise ScrapeError(
            source, "JSON, but neither an API v2 response, a card array nor the Pocket database"
        )
    text = raw[:200_000].decode("utf-8", "replace").lower()
    for marker, kind in (("bulbagarden", "bulbapedia"), ("serebii", "serebii"), ("limitless", "limitless")):
        if marker in text:
            return kind
    raise ScrapeError(source, "format not recognised (give it with --from)")


def collect(
    sources: list[str], fetcher: Fetcher, opts: Options, progress: Progress | None = None
) -> Collected:
    """Every record of every source, with its provenance."""
    out = Collected()
    for source in sources:
        raw, fetched = read(source, fetcher, opts)
        fmt = detect(source, raw, opts.fmt, data := json_of(source, raw))
        if fmt in ("pokemontcg-api", "pokemon-tcg-data", "pocket-db") and data is None:
            data = pokemontcg_data.decode_json(raw, source)  # --from named a JSON format: its error
        kind = KINDS[fmt]
        got: list[dict] = []
        if fmt == "pokemontcg-api":
            when = fetched if fetched is not None else time.time()
            first = Response(source, raw, 200, "application/json", when, False)
            pages = pokemontcg_api.scrape(fetcher, first, data, _bar(progress, source))
            for cards, response in pages:
                prov = of_bytes(response.url, response.body, kind, response.fetched_at)
                got += _add(out, cards, prov, source)
        elif fmt == "pokemon-tcg-data":
            cards = pokemontcg_data.records(data, source)
            got += _add(out, cards, of_bytes(source, raw, kind, fetched), source)
        elif fmt == "pocket-db":
            got += _add(out, pocket_db.records(data, source), of_bytes(source, raw, kind, fetched), source)
        elif fmt == "bulbapedia":
            got += _bulbapedia(out, source, raw, fetched, fetcher, opts, progress)
        else:
            parser = serebii if fmt == "serebii" else limitless
            got += _add(
                out, [parser.parse_card_page(raw, source)], of_bytes(source, raw, kind, fetched), source
            )
        out.by_source[(source, kind)] = got
    return out


def _bar(progress: Progress | None, label: str) -> Callable[[int, int], None] | None:
    return (lambda done, total: progress(label, done, total)) if progress else None


def _add(out: Collected, records: list[dict], prov: Provenance, origin: str) -> list[dict]:
    out.items += [merge.Sourced(r, prov, origin) for r in records]
    return records


def _bulbapedia(
    out: Collected,
    source: str,
    raw: bytes,
    fetched: float | None,
    fetcher: Fetcher,
    opts: Options,
    progress: Progress | None,
) -> list[dict]:
    kind = KINDS["bulbapedia"]
    if not bulbapedia.is_card_page(raw, source):
        try:
            entries = bulbapedia.parse_set_list(raw, source)
        except ScrapeError:
            raise ScrapeError(source, "neither a TCG card page (no card infobox) nor a set list") from None
        if not opts.follow:
            out.listed += [(source, {"name": e.name, "number": e.number}) for e in entries]
            return []
        chosen = entries[: opts.limit] if opts.limit is not None else entries
        out.listed += [(source, {"name": e.name, "number": e.number}) for e in entries[len(chosen) :]]
        got = []
        for i, entry in enumerate(chosen):
            if progress:
                progress(source, i, len(chosen))
            page = fetcher.get(entry.url)
            record = bulbapedia.parse_card_page(page.body, entry.url)
            got += _add(out, [record], of_bytes(entry.url, page.body, kind, page.fetched_at), source)
        if progress:
            progress(source, len(chosen), len(chosen))
        return got
    return _add(out, [bulbapedia.parse_card_page(raw, source)], of_bytes(source, raw, kind, fetched), source)


# ---- records -> spec files ----------------------------------------------------------------------


def render(merged: list[merge.Merged]) -> dict[str, str]:
    """One spec file per card, `NNN-name.tcg`, in a folder per set when the cards span several sets."""
    cards = [(m, card_ir(m.record, m.sources[0].source)) for m in merged]
    sets = {set_prefix(m.record) for m, _ in cards}
    files: dict[str, str] = {}
    for m, card in cards:
        rel = file_name(m.record)
        if len(sets) > 1:
            rel = f"{set_prefix(m.record)}/{rel}"
        if rel in files:
            rel = rel.replace(".tcg", f"-{card.id}.tcg")
        spec = ir.SpecFile(span=card.span, path=rel, header=header(m.sources), items=(card,))
        text = format_file(spec)
        parsed = parse_text(text, rel)
        if isinstance(parsed, Diagnostic):  # the formatter or a record broke the grammar: a bug, not input
            raise ScrapeError(
                m.sources[0].source, f"card {card.name}: spec does not parse back: {parsed.message}"
            )
        files[rel] = text
    return files


def effect_counts(records: list[dict], source: str) -> dict[str, int]:
    """Cards, attacks, powers, trainers, and how many effects map fully (no hole)."""
    c = dict.fromkeys(
        ("cards", "pokemon", "trainers", "energies", "attacks", "attacks_with_text", "attacks_mapped",
         "powers", "powers_mapped", "trainers_mapped", "holes"), 0,
    )  # fmt: skip
    for record in records:
        card = card_ir(record, source)
        c["cards"] += 1
        c["holes"] += holes(card)
        body = card.body
        if isinstance(body, ir.Pokemon):
            c["pokemon"] += 1
            for a in body.attacks:
                c["attacks"] += 1
                if a.effect:
                    c["attacks_with_text"] += 1
                    c["attacks_mapped"] += holes(a) == 0
            for p in body.powers:
                c["powers"] += 1
                c["powers_mapped"] += holes(p) == 0
        elif isinstance(body, ir.Trainer):
            c["trainers"] += 1
            c["trainers_mapped"] += holes(body) == 0
        else:
            c["energies"] += 1
    effects = c["attacks_with_text"] + c["powers"] + c["trainers"]
    mapped = c["attacks_mapped"] + c["powers_mapped"] + c["trainers_mapped"]
    return {**c, "effects": effects, "effects_mapped": mapped}


def share(counts: dict[str, int]) -> float:
    return counts["effects_mapped"] / counts["effects"] if counts["effects"] else 1.0


def scrape_cards(
    sources: list[str], fetcher: Fetcher, opts: Options, progress: Progress | None = None
) -> Result:
    collected = collect(sources, fetcher, opts, progress)
    if not collected.items:
        raise ScrapeError(", ".join(sources), "no cards found")
    merged, conflicts = merge.merge(collected.items)
    files = render(merged)
    unlisted = tuple(
        f"{entry['name']} #{entry['number']} (listed by {where})"
        for where, entry in collected.listed
        if not any(merge.same_card(m.record, entry) for m in merged)
    )
    per_source = [
        {
            "source": src,
            "kind": kind,
            **(c := effect_counts(records, src)),
            "share_mapped": round(share(c), 4),
        }
        for (src, kind), records in collected.by_source.items()
    ]
    total = effect_counts([m.record for m in merged], "<merged>")
    summary = {
        "sources": per_source,
        "total": {**total, "share_mapped": round(share(total), 4), "files": len(files)},
        "conflicts": len(conflicts),
        "listed_not_scraped": len(unlisted),
    }
    return Result(files, summary, tuple(conflicts), unlisted)


# ---- summary ------------------------------------------------------------------------------------


def _count_line(c: dict) -> str:
    return (
        f"{c['cards']} cards ({c['pokemon']} Pokémon, {c['trainers']} Trainers, {c['energies']} Energy), "
        f"{c['attacks']} attacks ({c['attacks_with_text']} with text), {c['powers']} powers/abilities; "
        f"effects mapped fully {c['effects_mapped']}/{c['effects']} ({100 * share(c):.1f}%), "
        f"{c['holes']} hole(s)"
    )


def summary_lines(result: Result, summary: dict) -> list[str]:
    lines = [f"{s['source']} [{s['kind']}]: {_count_line(s)}" for s in summary["sources"]]
    lines.append(f"merged: {_count_line(summary['total'])}")
    lines += [f"conflict: {c.line()}" for c in result.conflicts]
    lines += [f"listed but not scraped: {u}" for u in result.unlisted]
    http = summary["http"]
    lines.append(
        f"wrote {summary['written']} file(s) to {summary['out']} "
        f"(HTTP: {http['requests']} request(s), {http['cache_hits']} from cache, "
        f"{http['revalidated']} not modified, {http['retries']} retries)"
    )
    return lines


def report_markdown(result: Result, summary: dict) -> str:
    out = ["# tcgc scrape report", "", "## Sources", ""]
    out += [f"- `{s['source']}` ({s['kind']}): {_count_line(s)}" for s in summary["sources"]]
    out += ["", f"Merged: {_count_line(summary['total'])}", "", "## Conflicts", ""]
    if not result.conflicts:
        out.append("None: every source that states a field agrees.")
    for c in result.conflicts:
        out.append(f"- **{c.card}**, {c.field}: kept `{c.winner}`")
        out += [f"  - {kind}: {value}" for kind, value in c.values]
    if result.unlisted:
        out += ["", "## Listed but not scraped", ""] + [f"- {u}" for u in result.unlisted]
    return "\n".join(out) + "\n"
