"""Battles: JAX engine == reference after every step of random battles, and the battle invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tcgc.verify.battles import battle_invariants, play_battles

from .conftest import BATTLE_ROLLOUT_GAMES, PROPERTY_EXAMPLES, SPEC


@pytest.fixture(scope="module")
def battle_game():
    from tcgc.load import load

    loaded = load([SPEC / "battle" / "gen1"])
    loaded.raise_for_errors()
    return loaded.battles[0]


@pytest.fixture(scope="module")
def battle_engine():
    from tcgc.generated import battle_gen1

    return battle_gen1


@pytest.mark.long
def test_random_battles_agree_step_by_step(battle_game, battle_engine):
    report, violations = play_battles(battle_game, battle_engine, battles=BATTLE_ROLLOUT_GAMES, seed=2026)
    assert report.mismatches == []
    assert violations == []
    assert report.finished == BATTLE_ROLLOUT_GAMES
    assert report.steps > 30 * BATTLE_ROLLOUT_GAMES


def test_a_changed_rule_in_the_reference_is_caught(battle_game, battle_engine):
    """The comparison can fail: a reference built from a changed ruleset disagrees with the engine."""
    rules = battle_game.rules.model_copy(update={"damage_cap": 50, "full_paralysis": 200})
    changed = battle_game.model_copy(update={"rules": rules})
    report, _ = play_battles(changed, battle_engine, battles=20, seed=7)
    assert report.mismatches
    assert report.mismatches[0].field in ("hp", "legal_action_mask", "pp", "revealed", "request", "status")


def test_the_invariants_catch_broken_states(battle_game, battle_engine):
    report, violations = play_battles(battle_game, battle_engine, battles=4, seed=3, compare=False)
    assert violations == [] and report.finished == 4
    import jax

    state = jax.vmap(battle_engine.init)(
        np.asarray(battle_engine.TEAM_SPECIES[:2])[None].repeat(2, 0),
        np.asarray(battle_engine.TEAM_MOVES[:2])[None].repeat(2, 0),
    )
    host = jax.tree.map(np.asarray, state._asdict())
    broken = dict(host, hp=host["hp"] + 9999, pp=host["pp"] - 99)
    found = battle_invariants(battle_engine, broken, None)
    assert any("HP out of range" in v for v in found) and any("negative PP" in v for v in found)


@settings(max_examples=PROPERTY_EXAMPLES, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_battle_invariants_hold_in_random_battles(battle_game, battle_engine, seed):
    report, violations = play_battles(battle_game, battle_engine, battles=8, seed=seed, compare=False)
    assert violations == []
    assert report.finished == 8


def test_observations_hide_what_the_opponent_has_not_seen(battle_engine):
    import jax
    import jax.numpy as jnp

    m = battle_engine
    species = jnp.asarray(np.stack([m.TEAM_SPECIES[0], m.TEAM_SPECIES[1]]))
    moves = jnp.asarray(np.stack([m.TEAM_MOVES[0], m.TEAM_MOVES[1]]))
    s = m.init(species, moves)
    t = m.TEAM_SIZE
    own_size = 3 * t + 2 * t * m.NUM_MOVE_SLOTS + 1 + 6 + 4
    obs = np.asarray(m.observe(s, 0))
    assert obs.shape == (m.OBSERVATION_SIZE,)
    foe_species = obs[own_size : own_size + t]
    assert foe_species[0] == int(species[1, 0]) and (foe_species[1:] == -1).all()
    foe_moves = obs[own_size + 3 * t : own_size + 3 * t + t * m.NUM_MOVE_SLOTS]
    assert (foe_moves == -1).all()  # no move used yet
    # player 1 uses move slot 0 and switches nothing: its move becomes visible to player 0
    s = jax.jit(m.step)(s, jnp.asarray([m.A_SWITCH + 1, 0]), jax.random.PRNGKey(1))
    obs0, obs1 = np.asarray(m.observe(s, 0)), np.asarray(m.observe(s, 1))
    assert obs0[own_size + 3 * t] == int(moves[1, 0, 0])
    assert obs1[own_size + 1] == int(species[0, 1])  # player 0's switch-in is now seen by player 1
