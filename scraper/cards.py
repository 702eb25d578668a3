"""A normalized card record -> the IR of one card, and where its spec file goes.

Every source module produces records in one shape (the pokemon-tcg-data / Pokémon TCG API v2 card
shape: `supertype`, `subtypes`, `hp`, `types`, `attacks`, `abilities`, `weaknesses`, `retreatCost`,
`rules`, ...). This module turns one into an `ir.Card`; effect text goes through the pattern library
(`patterns.py`), and what it cannot map stays an `unspecified` hole. Numbers are read robustly:
damage "30", "30×", "30x", "10+", "50-"; missing weaknesses, resistances or retreat cost mean none.
"""

from __future__ import annotations

import re
import unicodedata

from tcgc.scraper.patterns import map_text

from tcgc import ir
from tcgc.diagnostics import Span
from tcgc.errors import ScrapeError

_STAGES = {"Basic": "basic", "Stage 1": "stage1", "Stage 2": "stage2"}
_SPAN = Span("<scrape>", 1, 1, 1, 1)
_SUFFIX = {"×": "x", "x": "x", "X": "x", "+": "+", "-": "-", "−": "-"}


def type_name(name: object) -> str:
    """A spec NAME for a type as a source spells it ("Lightning" -> "lightning")."""
    text = re.sub(r"[^a-z0-9_]+", "_", str(name).strip().lower()).strip("_")
    if not text or not re.match(r"[a-z_]", text):
        raise ValueError(f"unreadable type {name!r}")
    return text


def damage(text: object) -> tuple[int, str | None]:
    """(number, suffix) of a printed damage: "30" -> (30, None), "30×" -> (30, "x"), "" -> (0, None)."""
    if isinstance(text, int):
        return text, None
    m = re.fullmatch(r"\s*(\d*)\s*([×xX+\-−]?)\s*", str(text or ""))
    if not m or (m.group(2) and not m.group(1)):
        raise ValueError(f"unreadable damage {text!r}")
    return int(m.group(1) or 0), _SUFFIX.get(m.group(2)) if m.group(2) else None


def card_id(record: dict) -> str:
    """A spec CARD_ID: lower case, runs of anything else -> "-" ("A1 001" -> "a1-001")."""
    raw = str(record.get("id") or "")
    if not raw and isinstance(record.get("set"), dict) and record.get("number"):  # a page that names no id
        raw = f"{record['set'].get('name', '')} {record['number']}"
    ident = re.sub(r"[^a-z0-9]+", "-", ascii_text(raw).lower()).strip("-")
    if "-" not in ident:
        raise ValueError(f"card id {raw!r} has no set prefix and number")
    return ident


def card_ir(record: dict, source: str = "<record>") -> ir.Card:
    """The IR of one normalized record; ScrapeError naming `source` and the card if a field is unreadable."""
    name = str(record.get("name") or "").strip()
    try:
        if not name:
            raise ValueError("no card name")
        return ir.Card(span=_SPAN, name=name, id=card_id(record), body=_body(record))
    except (ValueError, KeyError, TypeError) as exc:
        raise ScrapeError(source, f"card {name or '?'} ({record.get('id', 'no id')}): {exc}") from None


def _body(record: dict) -> ir.Pokemon | ir.Trainer | ir.Energy:
    supertype = str(record.get("supertype", ""))
    if supertype.startswith("Pok"):
        return _pokemon(record)
    if supertype == "Trainer":
        facts = {"hp": str(record["hp"])} if record.get("hp") else {}
        supporter = "Supporter" in (record.get("subtypes") or [])
        return ir.Trainer(
            span=_SPAN, effect=_effect(" ".join(record.get("rules") or []), facts), supporter=supporter
        )
    if supertype == "Energy":
        if "Special" in (record.get("subtypes") or []):
            text = " ".join(record.get("rules") or [])
            m = re.search(r"Provides ((?:[A-Z][a-z]+)+) energy", text)
            provides = tuple(type_name(t) for t in re.findall(r"[A-Z][a-z]+", m.group(1))) if m else ()
            return ir.Energy(span=_SPAN, category="special", provides=provides)
        return ir.Energy(span=_SPAN, category="basic", provides=(type_name(record["name"].split()[0]),))
    raise ValueError(f"unknown supertype {supertype!r} (expected Pokémon, Trainer or Energy)")


def _pokemon(record: dict) -> ir.Pokemon:
    stage = next((_STAGES[s] for s in record.get("subtypes") or [] if s in _STAGES), "basic")
    attacks = []
    for a in record.get("attacks") or []:
        dmg, suffix = damage(a.get("damage", ""))
        attacks.append(
            ir.Attack(
                span=_SPAN,
                name=str(a["name"]),
                cost=tuple(type_name(c) for c in a.get("cost") or []),
                damage=dmg,
                damage_suffix=suffix,
                effect=_effect(a.get("text") or "", {"damage": str(dmg)}) or None,
            )
        )
    powers = tuple(
        ir.Power(span=_SPAN, name=str(p["name"]), effect=_effect(p.get("text") or ""))
        for p in record.get("abilities") or []
    )
    weak = record.get("weaknesses") or []
    res = record.get("resistances") or []
    types = record.get("types") or []
    if not types:
        raise ValueError("a Pokémon without a type")
    hp = str(record.get("hp", ""))
    if not hp.isdigit():
        raise ValueError(f"unreadable HP {record.get('hp')!r}")
    return ir.Pokemon(
        span=_SPAN,
        stage=stage,
        evolves_from=record.get("evolvesFrom") or None,
        hp=int(hp),
        type=type_name(types[0]),
        weakness=type_name(weak[0]["type"]) if weak else None,
        resistance=type_name(res[0]["type"]) if res else None,
        retreat=len(record.get("retreatCost") or []),
        powers=powers,
        attacks=tuple(attacks),
        ex="ex" in (record.get("subtypes") or []),
    )


def _effect(text: str, facts: dict[str, str] | None = None) -> tuple[ir.Stmt, ...]:
    text = " ".join(str(text).split())
    return map_text(text, facts) if text else ()


def ascii_text(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_text(name).lower()).strip("-") or "card"


def file_name(record: dict) -> str:
    """`001-alakazam.tcg`: the printed number (digits padded to 3, letters kept: `rc001-...`) and the name."""
    number = str(record.get("number") or "").strip() or card_id(record).rsplit("-", 1)[1]
    m = re.fullmatch(r"([A-Za-z]*)\s*(\d+)\s*([A-Za-z]*)", number)
    shown = f"{m.group(1).lower()}{int(m.group(2)):03d}{m.group(3).lower()}" if m else slug(number)
    return f"{shown}-{slug(str(record.get('name', '')))}.tcg"


def set_prefix(record: dict) -> str:
    """The set part of the card id ("base1-1" -> "base1", "A1 001" -> "a1")."""
    return card_id(record).rsplit("-", 1)[0]


def holes(card: ir.Card) -> int:
    """How many `unspecified` statements the card holds (nested ones included)."""
    return sum(1 for s in walk(card) if isinstance(s, ir.Unspecified))


def walk(node: object):  # noqa: ANN201 - a generator of IR nodes
    """Every IR node below `node` (depth first)."""
    if isinstance(node, ir.Node):
        yield node
        for value in node.__dict__.values():
            yield from walk(value)
    elif isinstance(node, tuple | list):
        for value in node:
            yield from walk(value)
