"""The coverage report of `tcgc verify --level interaction --report`: every card, whether it has an
effect (expressed or a hole), and the scenarios that exercise it.

A scenario names what it covers (`covers = ["card:base1-4", ...]`); the report also checks that a
covered card really takes part in the scenario (it is set up in play, in a hand, a discard pile or
attached, or named in an action), so that a `covers` entry cannot claim a card the scenario never uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tcgc import ir


@dataclass
class CardCoverage:
    id: str
    name: str
    #: "expressed" (every effect text is primitives), "hole" (some text is still `unspecified`),
    #: or "none" (no effect text: plain attacks, basic Energy)
    effect: str
    scenarios: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "effect": self.effect, "scenarios": self.scenarios}


def _effects(card: ir.Card) -> list[tuple[ir.Stmt, ...]]:
    body = card.body
    if isinstance(body, ir.Pokemon):
        return [a.effect for a in body.attacks if a.effect] + [p.effect for p in body.powers]
    if isinstance(body, ir.Trainer):
        return [body.effect]
    return []


def _has_hole(stmts: tuple[ir.Stmt, ...]) -> bool:
    for st in stmts:
        if isinstance(st, ir.Unspecified):
            return True
        if isinstance(st, ir.IfFlip) and (_has_hole(st.body) or _has_hole(st.orelse)):
            return True
    return False


def effect_kind(card: ir.Card) -> str:
    effects = _effects(card)
    if not effects:
        return "none"
    return "hole" if any(_has_hole(e) for e in effects) else "expressed"


def names_used(sc: dict[str, Any]) -> set[str]:
    """Every card name a scenario mentions: its setup and its actions."""
    names: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, str):
            names.add(x)
            for verb in ("play ", "pick "):
                if x.startswith(verb):
                    names.add(x[len(verb) :].split(" to ")[0].split(" at ")[0])
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for key in ("me", "opponent", "do"):
        walk(sc.get(key, {}))
    return names


def coverage(
    game: ir.Game, scenarios: list[tuple[str, dict[str, Any]]]
) -> tuple[list[CardCoverage], list[str]]:
    """Per card, the scenarios covering it; and the problems (a `covers` entry naming a card the
    scenario never uses, or a card id the game does not have)."""
    by_id = {c.id: CardCoverage(c.id, c.name, effect_kind(c)) for c in game.cards}
    problems = []
    for file, sc in scenarios:
        used = names_used(sc)
        for entry in sc.get("covers", []):
            if not entry.startswith("card:"):
                continue
            card_id = entry[len("card:") :]
            row = by_id.get(card_id)
            if row is None:
                problems.append(f'{file}: scenario "{sc["name"]}" covers unknown card {card_id}')
            elif row.name not in used:
                problems.append(
                    f'{file}: scenario "{sc["name"]}" covers {card_id} {row.name} but never uses it'
                )
            else:
                row.scenarios.append(sc["name"])
    return list(by_id.values()), problems


def render(rows: list[CardCoverage]) -> list[str]:
    """The report as text lines: one per card, then totals."""
    lines = []
    for row in rows:
        lines.append(f"{row.id:<10} {row.name:<24} {row.effect:<9} {len(row.scenarios):>3} scenario(s)")
        lines += [f"{'':<45}- {name}" for name in row.scenarios]
    with_effect = [r for r in rows if r.effect != "none"]
    covered = [r for r in with_effect if r.scenarios]
    holes = [r for r in rows if r.effect == "hole"]
    lines.append(
        f"{len(rows)} cards; {len(with_effect)} with an effect, {len(covered)} of them exercised by a "
        f"scenario; {len(holes)} still with a hole"
    )
    return lines
