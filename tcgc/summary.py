"""Counts that `tcgc check` and `tcgc build` report for each engine."""

from __future__ import annotations

from collections import Counter

from tcgc import ir


def _effect_primitives(stmts: tuple[ir.Stmt, ...], out: set[str]) -> None:
    for st in stmts:
        if isinstance(st, ir.IfFlip):
            out.add("flip")
            _effect_primitives(st.body, out)
        elif isinstance(st, ir.Switch):
            out.add(f"switch {st.active}" + (" by opponent" if st.by_opponent else ""))
        elif isinstance(st, ir.Heal) and st.chosen:
            out.add("heal chosen")
        elif not isinstance(st, ir.Unspecified):
            out.add(st.kind)


def primitives_used(game: ir.Game) -> list[str]:
    """The primitives the game's cards use (plain attack damage counts as one)."""
    used: set[str] = set()
    for card in game.cards:
        body = card.body
        if isinstance(body, ir.Pokemon):
            for atk in body.attacks:
                if atk.damage:
                    used.add("damage")
                _effect_primitives(atk.effect or (), used)
            for power in body.powers:
                _effect_primitives(power.effect, used)
        elif isinstance(body, ir.Trainer):
            _effect_primitives(body.effect, used)
    return sorted(used)


def game_summary(game: ir.Game) -> dict[str, object]:
    bodies = [c.body for c in game.cards]
    pokemon = [b for b in bodies if isinstance(b, ir.Pokemon)]
    return {
        "cards": len(game.cards),
        "pokemon": len(pokemon),
        "trainers": sum(isinstance(b, ir.Trainer) for b in bodies),
        "energy": sum(isinstance(b, ir.Energy) for b in bodies),
        "attacks": sum(len(p.attacks) for p in pokemon),
        "powers": sum(len(p.powers) for p in pokemon),
        "decks": len(game.decks),
        "holes": len(game.holes),
        "primitives": len(primitives_used(game)),
        "primitive_names": primitives_used(game),
        "sets": dict(sorted(Counter(s for s in game.card_sets if s).items())),
    }


def summary_line(game: ir.Game) -> str:
    s = game_summary(game)
    sets = ", ".join(f"{k} ({v})" for k, v in s["sets"].items()) or "none"  # type: ignore[union-attr]
    return (
        f"{game.engine}: {s['cards']} cards ({s['pokemon']} Pokemon, {s['trainers']} Trainers, "
        f"{s['energy']} Energy) in sets {sets}; {s['attacks']} attacks, {s['powers']} powers, "
        f"{s['decks']} decks; {s['primitives']} primitives used; {s['holes']} unspecified holes"
    )
