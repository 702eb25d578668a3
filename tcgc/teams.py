"""Random legal teams for a battle game: species from the spec, moves from their learnsets.

`tcgc teams spec/battle/gen1 --count 20 --seed 1 -o spec/battle/gen1/teams/random.battle` writes them
as battle-dialect spec, so a set of teams is data that `tcgc check` validates like any other.
"""

from __future__ import annotations

import random

from tcgc import ir_battle as bir


def random_team(game: bir.BattleGame, gen: random.Random, name: str) -> bir.BattleTeam:
    """A legal team: `team_size` different species, each with up to `moves_per_pokemon` different moves
    it can learn (all of them when it learns fewer)."""
    rules = game.rules
    moves = {m.name: k for k, m in enumerate(game.moves)}
    learners = [k for k, s in enumerate(game.species) if s.learns]
    members = []
    for k in gen.sample(learners, min(rules.team_size, len(learners))):
        learns = sorted(game.species[k].learns)
        chosen = gen.sample(learns, min(rules.moves_per_pokemon, len(learns)))
        members.append(bir.TeamMember(species=k, moves=tuple(moves[m] for m in chosen)))
    return bir.BattleTeam(name=name, members=tuple(members))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def team_text(game: bir.BattleGame, team: bir.BattleTeam) -> str:
    """A team as battle-dialect spec text."""
    lines = [f"team {_quote(team.name)} {{"]
    for m in team.members:
        moves = ", ".join(_quote(game.moves[k].name) for k in m.moves)
        lines.append(f"  {_quote(game.species[m.species].name)}: {moves};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def random_teams_text(game: bir.BattleGame, count: int, seed: int, prefix: str = "Random") -> str:
    """`count` random legal teams (named PREFIX 1, PREFIX 2, ...) as one spec file's text."""
    gen = random.Random(seed)
    header = (
        f"# {count} random legal teams for {game.engine}, written by `tcgc teams` (seed {seed}): species\n"
        "# from the spec, moves from their learnsets.\n"
    )
    teams = [team_text(game, random_team(game, gen, f"{prefix} {k + 1}")) for k in range(count)]
    return header + "\n" + "\n".join(teams)
