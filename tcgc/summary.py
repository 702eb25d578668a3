"""Counts that `tcgc check` and `tcgc build` report for each engine."""

from __future__ import annotations

from collections import Counter

from tcgc import ir
from tcgc import ir_battle as bir


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


def battle_primitives_used(game: bir.BattleGame) -> list[str]:
    """The primitives a battle game's moves use (plain damage counts as one)."""
    used: set[str] = set()

    def walk(st: bir.BattleStmt) -> None:
        if isinstance(st, bir.Chance):
            used.add("chance")
            walk(st.body)
        elif isinstance(st, bir.InflictStatus):
            used.add(f"inflict {st.status}")
        elif isinstance(st, bir.StageChange):
            used.add("stage")
        elif not isinstance(st, ir.Unspecified):
            used.add(st.kind)

    for move in game.moves:
        if move.power:
            used.add("damage")
        for st in move.effect:
            walk(st)
    return sorted(used)


def battle_summary(game: bir.BattleGame) -> dict[str, object]:
    holed = {h.card_name for h in game.holes}
    return {
        "species": len(game.species),
        "moves": len(game.moves),
        "moves_expressed": sum(m.name not in holed for m in game.moves),
        "types": len(game.types),
        "teams": len(game.teams),
        "holes": len(game.holes),
        "primitives": len(battle_primitives_used(game)),
        "primitive_names": battle_primitives_used(game),
        "random_sets": len(game.random_sets),
    }


def battle_summary_line(game: bir.BattleGame) -> str:
    s = battle_summary(game)
    return (
        f"{game.engine}: {s['species']} species, {s['moves']} moves ({s['moves_expressed']} wholly spec), "
        f"{s['types']} types, {s['teams']} teams, {s['random_sets']} random sets; "
        f"{s['primitives']} primitives used; "
        f"{s['holes']} unspecified holes"
    )


def any_summary(game: ir.Game | bir.BattleGame) -> dict[str, object]:
    return battle_summary(game) if isinstance(game, bir.BattleGame) else game_summary(game)


def any_summary_line(game: ir.Game | bir.BattleGame) -> str:
    return battle_summary_line(game) if isinstance(game, bir.BattleGame) else summary_line(game)
