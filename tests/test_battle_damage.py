"""Exact damage: the battle engine's full set of damage values against @smogon/calc's Gen 1 arrays.

Random (attacker, defender, damaging move, critical hit or not, stat stages) cases; every case's 39
damage values (one per random factor 217..255) must equal calc's array. Every mismatch fails the test
with the case printed. CI runs a reduced number of cases (see conftest).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from tcgc.oracle.node import CalcHarness

from .conftest import DAMAGE_CASES, SPEC

#: @smogon/calc 0.12.0 halves the target's Defense for these before the >= 256 rescaling, Showdown's
#: gen1 `getDamage` (which the engine follows) after it: they are checked against Showdown's order in
#: the reference's tests, not against calc
CALC_HALVES_DEFENSE_FIRST = ("Explosion", "Self-Destruct")
#: @smogon/calc 0.12.0 computes these Gen 1 high critical-hit moves as critical hits always (its
#: `Move` constructor; Showdown rolls them): their cases are compared as critical hits
CALC_ALWAYS_CRITS = ("Crabhammer", "Razor Leaf", "Slash")


@pytest.fixture(scope="module")
def battle_engine():
    from tcgc.generated import battle_gen1

    return battle_gen1


@pytest.fixture(scope="module")
def battle_game():
    from tcgc.load import load

    loaded = load([SPEC / "battle" / "gen1"])
    loaded.raise_for_errors()
    return loaded.battles[0]


def random_cases(game, count: int, seed: int) -> list[dict]:
    """Random cases: every move with power (one hit of a multi-hit move), any two species, half of them
    critical hits, a third with random stages of the attacking and defending stats."""
    gen = np.random.default_rng(seed)
    moves = [m for m in game.moves if m.power > 0 and m.name not in CALC_HALVES_DEFENSE_FIRST]
    cases = []
    for k in range(count):
        move = moves[int(gen.integers(len(moves)))]
        staged = gen.random() < 1 / 3
        stages = gen.integers(-6, 7, size=4) if staged else np.zeros(4, int)
        cases.append(
            {
                "id": k,
                "attacker": game.species[int(gen.integers(len(game.species)))].name,
                "defender": game.species[int(gen.integers(len(game.species)))].name,
                "move": move.name,
                "crit": bool(gen.random() < 0.5) or move.name in CALC_ALWAYS_CRITS,
                "attackerBoosts": {"atk": int(stages[0]), "spc": int(stages[1])},
                "defenderBoosts": {"def": int(stages[2]), "spc": int(stages[3])},
            }
        )
    return cases


def engine_rolls(m, game, cases: list[dict]) -> np.ndarray:
    """`[cases, NUM_ROLLS]` the engine's damage values (one vmapped call)."""
    species = {s.name: k for k, s in enumerate(game.species)}
    moves = {mv.name: k for k, mv in enumerate(game.moves)}
    a = np.array([species[c["attacker"]] for c in cases])
    d = np.array([species[c["defender"]] for c in cases])
    mv = np.array([moves[c["move"]] for c in cases])
    crit = np.array([c["crit"] for c in cases])
    zeros = np.zeros(len(cases), int)

    def stages(side: str, a_key: str) -> np.ndarray:
        # the four battle stats (atk def spc spe): the attacker's atk and spc, the defender's def and spc
        b = [c[side] for c in cases]
        if a_key == "atk":
            return np.stack([[x["atk"] for x in b], zeros, [x["spc"] for x in b], zeros], axis=1)
        return np.stack([zeros, [x["def"] for x in b], [x["spc"] for x in b], zeros], axis=1)

    after = jax.vmap(m.modified_after_stages)
    att = after(jnp.asarray(a), jnp.asarray(stages("attackerBoosts", "atk")))
    dfn = after(jnp.asarray(d), jnp.asarray(stages("defenderBoosts", "def")))
    rolls = jax.jit(jax.vmap(m.damage_rolls))(
        jnp.asarray(a), jnp.asarray(d), jnp.asarray(mv), jnp.asarray(crit), att, dfn
    )
    return np.asarray(rolls)


def test_damage_matches_smogon_calc(battle_engine, battle_game):
    cases = random_cases(battle_game, DAMAGE_CASES, seed=2026)
    with CalcHarness() as calc:
        replies = calc.damage(cases)
    ours = engine_rolls(battle_engine, battle_game, cases)
    mismatches = []
    for case, reply, mine in zip(cases, replies, ours, strict=True):
        theirs = list(reply["damage"])
        mine = [int(x) for x in mine]
        if theirs in ([0], [0] * 39) and not any(mine):
            continue
        if mine != theirs:
            mismatches.append(f"{case}: engine {mine} vs calc {theirs}")
    assert not mismatches, f"{len(mismatches)} of {len(cases)} cases differ; first:\n" + "\n".join(
        mismatches[:5]
    )
    assert len(cases) == DAMAGE_CASES


def test_the_damage_check_can_fail(battle_engine, battle_game):
    """A case with the wrong move in the engine's call differs from calc: the comparison is not vacuous."""
    case = {
        "id": 0,
        "attacker": "Tauros",
        "defender": "Chansey",
        "move": "Body Slam",
        "crit": False,
        "attackerBoosts": {"atk": 0, "spc": 0},
        "defenderBoosts": {"def": 0, "spc": 0},
    }
    with CalcHarness() as calc:
        (reply,) = calc.damage([case])
    wrong = dict(case, move="Hyper Beam")
    assert list(engine_rolls(battle_engine, battle_game, [case])[0]) == reply["damage"]
    assert list(engine_rolls(battle_engine, battle_game, [wrong])[0]) != reply["damage"]
