"""Several sources about the same cards -> one record per card, and every disagreement reported.

Cards are matched by id when both sources give one, else by printed number and name (case, accents
and symbols ignored; a near-identical spelling counts as the same card and its spelling as a
conflict). Two records of one source are always two cards.

When sources disagree about a field (name, HP, type, stage, an attack's cost, damage or text, a
power's text, weakness, resistance, retreat cost, a Trainer's text), the source first in `PRECEDENCE`
wins and the conflict is reported with every source's value. The order, most trusted first:

1. `pokemontcg-api-v2`, `pokemon-tcg-data`, `pocket-db`: structured data, maintained as data, each
   field typed and unambiguous;
2. `limitless-card-page`: a card database rendered as HTML, one field per element;
3. `bulbapedia-card-page`: a wiki, edited by hand, with templates for costs and symbols;
4. `serebii-card-page`: hand-made pages with images for symbols, the hardest to read.

A field one source leaves out is taken from the next source that has it (that is not a conflict).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from tcgc.scraper.cards import ascii_text, damage
from tcgc.scraper.provenance import Provenance

PRECEDENCE = (
    "pokemontcg-api-v2",
    "pokemon-tcg-data",
    "pocket-db",
    "limitless-card-page",
    "bulbapedia-card-page",
    "serebii-card-page",
)


@dataclass(frozen=True)
class Sourced:
    """One source's record of one card."""

    record: dict
    prov: Provenance
    origin: str = ""  # the SOURCE argument it came from: records of one source are never merged together


@dataclass(frozen=True)
class Merged:
    record: dict
    sources: tuple[Provenance, ...]  # winner first


@dataclass(frozen=True)
class Conflict:
    card: str  # "Alakazam #1"
    field: str  # "hp", "attack Confuse Ray: damage", ...
    values: tuple[tuple[str, str], ...]  # (source kind, value) in precedence order
    winner: str  # the source kind whose value was kept

    def line(self) -> str:
        said = "; ".join(f"{kind}: {value}" for kind, value in self.values)
        return f"{self.card}: {self.field} differs ({said}); kept {self.winner}"


def key(record: dict) -> tuple[str, str]:
    """(printed number without leading zeros, folded name): how one card is recognised across sources."""
    raw = re.sub(r"\s+", "", str(record.get("number") or "")).upper()
    number = re.sub(r"(?<!\d)0+(?=\d)", "", raw) or "0"  # "001" -> "1", "RC01" -> "RC1"
    return number, _fold(str(record.get("name") or ""))


def rank(prov: Provenance) -> int:
    return PRECEDENCE.index(prov.kind) if prov.kind in PRECEDENCE else len(PRECEDENCE)


def same_card(a: dict, b: dict) -> bool:
    """The same card id when both records have one; otherwise the same printed number and the same name,
    or names so close that they are one card spelt two ways ("Impostor Professor Oak" / "Imposter
    Professor Oak"; the spelling then shows as a conflict)."""
    if a.get("id") and b.get("id"):
        return _id(a["id"]) == _id(b["id"])
    (na, a_name), (nb, b_name) = key(a), key(b)
    return na == nb and (a_name == b_name or SequenceMatcher(None, a_name, b_name).ratio() >= 0.85)


def _id(ident: object) -> str:
    """A card id compared loosely: case, separators and leading zeros of numbers ignored."""
    parts = re.split(r"[^a-z0-9]+", _fold(str(ident)))
    return "-".join(re.sub(r"^0+(?=\d)", "", p) for p in parts if p)


def merge(items: list[Sourced]) -> tuple[list[Merged], list[Conflict]]:
    """One merged record per card (in first-seen order) and every field on which sources disagree."""
    groups: list[list[Sourced]] = []
    by_number: dict[str, list[list[Sourced]]] = {}
    for item in items:
        candidates = by_number.setdefault(key(item.record)[0], [])
        group = next(
            (
                g
                for g in candidates
                if same_card(g[0].record, item.record) and all(s.origin != item.origin for s in g)
            ),
            None,
        )
        if group is None:
            group = []
            candidates.append(group)
            groups.append(group)
        group.append(item)
    merged, conflicts = [], []
    for group in groups:
        ordered = sorted(group, key=lambda s: rank(s.prov))
        record = dict(ordered[0].record)
        for other in ordered[1:]:
            for field, value in other.record.items():
                if field not in record or record[field] in (None, ""):
                    record[field] = value
        merged.append(Merged(record, tuple(s.prov for s in ordered)))
        conflicts += _conflicts(ordered)
    return merged, conflicts


def _conflicts(ordered: list[Sourced]) -> list[Conflict]:
    if len(ordered) < 2:
        return []
    views = [(s.prov.kind, view(s.record)) for s in ordered]
    first = ordered[0].record
    card = f"{first.get('name')} #{first.get('number')}"
    out = []
    fields = dict.fromkeys(f for _, v in views for f in v)
    for field in fields:
        said = [(kind, v[field]) for kind, v in views if field in v]
        if len({value for _, value in said}) > 1:
            out.append(Conflict(card, field, tuple(said), said[0][0]))
    return out


def view(record: dict) -> dict[str, str]:
    """The comparable facts of a record, each as normalized text (only the fields the record states)."""
    out: dict[str, str] = {"name": " ".join(str(record.get("name") or "").split())}
    if record.get("hp") not in (None, ""):
        out["hp"] = str(record["hp"]).strip()
    if record.get("types"):
        out["type"] = _fold(record["types"][0])
    if "subtypes" in record:
        stage = [s for s in record["subtypes"] or [] if s in ("Basic", "Stage 1", "Stage 2")]
        if stage:
            out["stage"] = stage[0]
    if "evolvesFrom" in record:
        out["evolves from"] = _fold(record.get("evolvesFrom") or "")
    for name, field in (("weakness", "weaknesses"), ("resistance", "resistances")):
        if field in record:
            out[name] = ", ".join(_fold(w.get("type", "")) for w in record[field] or []) or "none"
    if "retreatCost" in record:
        out["retreat cost"] = str(len(record["retreatCost"] or []))
    for a in record.get("attacks") or []:
        where = f"attack {a.get('name')}"
        if "cost" in a:
            out[f"{where}: cost"] = " ".join(sorted(_fold(c) for c in a["cost"] or [])) or "free"
        if "damage" in a:
            out[f"{where}: damage"] = _damage_text(a["damage"])
        if "text" in a:
            out[f"{where}: text"] = _text(a.get("text") or "")
    if "attacks" in record:
        out["attacks"] = ", ".join(str(a.get("name")) for a in record["attacks"] or []) or "none"
    for p in record.get("abilities") or []:
        out[f"power {p.get('name')}: text"] = _text(p.get("text") or "")
    if record.get("rules"):
        out["text"] = _text(" ".join(record["rules"]))
    return out


def _damage_text(value: object) -> str:
    try:
        number, suffix = damage(value)
    except ValueError:
        return str(value)
    return f"{number}{suffix or ''}" if number or suffix else "none"


def _text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def _fold(text: str) -> str:
    return " ".join(ascii_text(str(text)).casefold().split())
