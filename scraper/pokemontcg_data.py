"""Cards in the pokemon-tcg-data JSON format (`cards/en/<set>.json`) -> one spec file per card.

    python -m tcgc.scraper.pokemontcg_data path/to/base1.json -o spec/tcg/classic/base1/

Effect text goes through the pattern library (`patterns.py`); what it cannot map stays a hole.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

from tcgc.scraper.patterns import map_text

from tcgc import ir
from tcgc.diagnostics import Span
from tcgc.fmt import format_file

_STAGES = {"Basic": "basic", "Stage 1": "stage1", "Stage 2": "stage2"}
_SPAN = Span("<scrape>", 1, 1, 1, 1)


def _type(name: str) -> str:
    return name.strip().lower()


def _damage(text: str) -> tuple[int, str | None]:
    m = re.fullmatch(r"\s*(\d*)\s*([×x+\-]?)\s*", text or "")
    if not m:
        raise ValueError(f"unreadable damage {text!r}")
    number = int(m.group(1) or 0)
    suffix = {"×": "x", "x": "x", "+": "+", "-": "-"}.get(m.group(2)) if m.group(2) else None
    return number, suffix


def card_ir(card: dict) -> ir.Card:
    """The IR of one card of the pokemon-tcg-data format."""
    supertype = card["supertype"]
    if supertype.startswith("Pok"):
        stage = next((_STAGES[s] for s in card.get("subtypes", []) if s in _STAGES), "basic")
        attacks = []
        for a in card.get("attacks", []):
            dmg, suffix = _damage(a.get("damage", ""))
            text = (a.get("text") or "").strip()
            attacks.append(
                ir.Attack(
                    span=_SPAN,
                    name=a["name"],
                    cost=tuple(_type(c) for c in a.get("cost", [])),
                    damage=dmg,
                    damage_suffix=suffix,
                    effect=map_text(text) if text else None,
                )
            )
        powers = tuple(
            ir.Power(span=_SPAN, name=p["name"], effect=map_text(p.get("text", "")))
            for p in card.get("abilities", [])
        )
        weak = card.get("weaknesses") or []
        res = card.get("resistances") or []
        body: ir.Pokemon | ir.Trainer | ir.Energy = ir.Pokemon(
            span=_SPAN,
            stage=stage,
            evolves_from=card.get("evolvesFrom"),
            hp=int(card["hp"]),
            type=_type(card["types"][0]),
            weakness=_type(weak[0]["type"]) if weak else None,
            resistance=_type(res[0]["type"]) if res else None,
            retreat=len(card.get("retreatCost") or []),
            powers=powers,
            attacks=tuple(attacks),
        )
    elif supertype == "Trainer":
        facts = {"hp": card["hp"]} if "hp" in card else {}
        body = ir.Trainer(span=_SPAN, effect=map_text(" ".join(card.get("rules", [])), facts))
    else:
        if "Special" in card.get("subtypes", []):
            text = " ".join(card.get("rules", []))
            m = re.search(r"Provides ((?:[A-Z][a-z]+)+) energy", text)
            provides = tuple(_type(t) for t in re.findall(r"[A-Z][a-z]+", m.group(1))) if m else ()
            body = ir.Energy(span=_SPAN, category="special", provides=provides)
        else:
            body = ir.Energy(span=_SPAN, category="basic", provides=(_type(card["name"].split()[0]),))
    return ir.Card(span=_SPAN, name=card["name"], id=card["id"], body=body)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "card"


def convert(path: Path, out_dir: Path) -> list[Path]:
    """Write one spec file per card of the JSON file at `path` into `out_dir`; returns the files."""
    raw = path.read_bytes()
    cards = json.loads(raw)
    digest = hashlib.sha256(raw).hexdigest()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for card in cards:
        header = (
            f"# Source: {path.name} (pokemon-tcg-data format, sha256 {digest[:16]}), card {card['id']}.",
        )
        spec = ir.SpecFile(span=_SPAN, path="", header=header, items=(card_ir(card),))
        number = int(re.sub(r"\D", "", card.get("number", "0")) or 0)
        target = out_dir / f"{number:03d}-{slug(card['name'])}.tcg"
        target.write_text(format_file(spec), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json_file", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args(argv)
    files = convert(args.json_file, args.out)
    print(f"wrote {len(files)} spec files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
