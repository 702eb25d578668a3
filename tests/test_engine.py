"""The generated classic engine: API, properties over random games, determinism, jit/vmap, bad actions."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tcgc import ir
from tcgc.decks import random_deck
from tcgc.reference.tcg import TcgReference
from tcgc.runtime import rng
from tcgc.runtime.env import Env, auto_reset, auto_reset_to, random_legal_action, restart_finished
from tcgc.verify.properties import check_batch, run_properties
from tcgc.verify.rollout import compare_states, play_lockstep

from .conftest import PROPERTY_EXAMPLES

GAMES_PER_EXAMPLE = 8


@pytest.mark.long
@settings(
    max_examples=PROPERTY_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**31 - 1))
def test_invariants_hold_in_random_games(classic_game, classic_engine, seed):
    """Cards conserved, damage in tens below HP, Prize/Bench bounds, a legal action until the end,
    rewards only at the end, no hidden card in the observation."""
    report = run_properties(classic_game, classic_engine, games=GAMES_PER_EXAMPLE, seed=seed)
    assert report.finished == GAMES_PER_EXAMPLE
    assert report.steps > 0
    assert report.violations == []


def test_the_property_checker_catches_broken_states(classic_game, classic_engine):
    state = classic_engine.init(
        jax.random.PRNGKey(3), classic_game.decks[0].cards, classic_game.decks[1].cards
    )
    host = jax.tree.map(lambda x: np.asarray(x)[None].copy(), state._asdict())
    assert check_batch(classic_game, classic_engine, host, None, step=0) == []
    broken = {k: v.copy() for k, v in host.items()}
    broken["damage"][0, 0, 0] = 15
    assert any("tens" in v for v in check_batch(classic_game, classic_engine, broken, None, step=0))
    broken = {k: v.copy() for k, v in host.items()}
    broken["prizes_left"][0, 0] = 5
    assert any("Prize" in v for v in check_batch(classic_game, classic_engine, broken, None, step=0))
    broken = {k: v.copy() for k, v in host.items()}
    broken["legal_action_mask"][0] = False
    assert any(
        "no legal action" in v for v in check_batch(classic_game, classic_engine, broken, None, step=0)
    )


def _play(engine, game, key, steps):
    env = Env(engine)
    step = jax.jit(env.step)
    s = jax.jit(env.init)(key)
    states = [s]
    for t in range(steps):
        k = rng.game_step_key(key, t)
        s = step(s, random_legal_action(jax.random.fold_in(k, 7), s.legal_action_mask), k)
        states.append(s)
    return states


def test_same_key_same_game(classic_game, classic_engine):
    a = _play(classic_engine, classic_game, jax.random.PRNGKey(11), 40)
    b = _play(classic_engine, classic_game, jax.random.PRNGKey(11), 40)
    for x, y in zip(a, b):
        assert jax.tree.all(jax.tree.map(lambda u, v: bool(jnp.array_equal(u, v)), x, y))
    c = _play(classic_engine, classic_game, jax.random.PRNGKey(12), 40)
    assert not all(
        jax.tree.all(jax.tree.map(lambda u, v: bool(jnp.array_equal(u, v)), x, y)) for x, y in zip(a, c)
    )


def test_jit_equals_eager_and_vmap_equals_loop(classic_game, classic_engine):
    env = Env(classic_engine)
    keys = jax.random.split(jax.random.PRNGKey(5), 4)
    states = jax.vmap(env.init)(keys)
    for t in range(6):
        step_keys = jax.vmap(rng.game_step_key, in_axes=(0, None))(keys, t)
        actions = jax.vmap(random_legal_action)(step_keys, states.legal_action_mask)
        batched = jax.jit(jax.vmap(env.step))(states, actions, step_keys)
        for g in range(4):
            one = jax.tree.map(lambda x, g=g: x[g], states)
            eager = env.step(one, actions[g], step_keys[g])
            jitted = jax.jit(env.step)(one, actions[g], step_keys[g])
            for name in one._fields:
                assert np.array_equal(getattr(eager, name), getattr(jitted, name)), name
                assert np.array_equal(getattr(eager, name), getattr(batched, name)[g]), name
        states = batched


def test_dtypes_and_shapes_are_fixed(classic_engine):
    env = Env(classic_engine)
    s0 = env.init(jax.random.PRNGKey(0))
    s1 = env.step(s0, jnp.argmax(s0.legal_action_mask), jax.random.PRNGKey(1))
    for name in s0._fields:
        a, b = getattr(s0, name), getattr(s1, name)
        assert a.shape == b.shape and a.dtype == b.dtype, name
    assert s0.legal_action_mask.shape == (env.num_actions,)
    assert env.observe(s0).shape == env.observation_shape


def test_an_illegal_action_loses_the_game_for_its_sender(classic_game, classic_engine):
    env = Env(classic_engine)
    s = env.init(jax.random.PRNGKey(2))
    illegal = int(np.flatnonzero(~np.asarray(s.legal_action_mask))[0])
    player = int(s.current_player)
    after = env.step(s, illegal, jax.random.PRNGKey(3))
    assert bool(after.terminated)
    assert float(after.rewards[player]) == -1.0 and float(after.rewards[1 - player]) == 1.0
    assert bool(after.legal_action_mask.all())
    # out of range too
    after = env.step(s, env.num_actions + 5, jax.random.PRNGKey(3))
    assert bool(after.terminated) and float(after.rewards[player]) == -1.0
    # the reference does the same
    ref = TcgReference(classic_game)
    r = ref.init(jax.random.PRNGKey(2), *[list(d.cards) for d in classic_game.decks[:2]])
    r2 = ref.step(
        r,
        illegal if r.legal_action_mask[illegal] is False else ref.num_actions + 1,
        [0] * ref.num_slots,
        [0] * ref.num_draws,
    )
    assert r2.terminated and r2.rewards[r.current_player] == -1.0
    # and a finished game is a fixed point with zero rewards
    again = env.step(after, 0, jax.random.PRNGKey(4))
    assert float(jnp.abs(again.rewards).sum()) == 0.0
    assert int(again.turn) == int(after.turn)


def test_mulligans_reshuffle_and_give_the_opponent_extra_cards(classic_game, classic_engine):
    """A deck with one Basic Pokemon mulligans often; engine and reference deal the same hands."""
    cards = classic_game.cards
    hitmonchan = next(i for i, c in enumerate(cards) if c.name == "Hitmonchan")
    energy = next(i for i, c in enumerate(cards) if c.name == "Fighting Energy")
    poor = [hitmonchan] + [energy] * (classic_game.rules.deck_size - 1)
    normal = list(classic_game.decks[0].cards)
    ref = TcgReference(classic_game)
    seen_mulligan = False
    init = jax.jit(classic_engine.init)
    for k in range(12):
        key = jax.random.PRNGKey(100 + k)
        engine_state = init(key, jnp.asarray(poor), jnp.asarray(normal))
        ref_state = ref.init(key, poor, normal)
        host = jax.tree.map(np.asarray, engine_state._asdict())
        assert compare_states(host, ref_state, game=k, step=0) == []
        rules = classic_game.rules
        for p in (0, 1):
            drew = int(ref_state.current_player == p)  # the first player drew a card
            in_deck = sum(z == 64 for z in ref_state.zone[p])
            extra = rules.deck_size - in_deck - drew - rules.opening_hand - rules.prizes
            hand = sum(z == 1 for z in ref_state.zone[p])
            assert hand == rules.opening_hand - 1 + drew + extra  # one card of the hand became the Active
            if p == 1 and extra > 0:
                seen_mulligan = True  # player 0's poor deck mulliganed: player 1 drew extra cards
    assert seen_mulligan


def test_auto_reset_starts_a_new_game(classic_engine):
    env = Env(classic_engine)
    s = env.init(jax.random.PRNGKey(0))
    illegal = int(np.flatnonzero(~np.asarray(s.legal_action_mask))[0])
    fresh = jax.jit(auto_reset(env))(s, illegal, jax.random.PRNGKey(1))
    assert not bool(fresh.terminated) and int(fresh.turn) == 1
    assert float(jnp.abs(fresh.rewards).sum()) == 2.0  # the finishing step's rewards are kept
    start = env.init(jax.random.PRNGKey(9))
    to = jax.jit(auto_reset_to(env))(s, illegal, jax.random.PRNGKey(1), start)
    assert np.array_equal(to.zone, start.zone)
    # restart_finished: a finished game becomes the start state, a live one is left alone
    ended = jax.jit(env.step)(s, illegal, jax.random.PRNGKey(1))
    assert np.array_equal(restart_finished(ended, start).zone, start.zone)
    assert np.array_equal(restart_finished(s, start).zone, s.zone)


def test_random_legal_action_is_legal_and_uniform():
    mask = jnp.zeros(40, bool).at[jnp.array([3, 17, 39])].set(True)
    picks = jax.vmap(random_legal_action, in_axes=(0, None))(
        jax.random.split(jax.random.PRNGKey(0), 3000), mask
    )
    values, counts = np.unique(np.asarray(picks), return_counts=True)
    assert list(values) == [3, 17, 39]
    assert counts.min() > 850  # 1000 expected each


def test_random_decks_are_legal_and_playable(classic_game, classic_engine):
    from tcgc.check import Checker

    for seed in range(30):
        deck = random_deck(classic_game, seed)
        checker = Checker()
        names: dict[int, int] = {}
        for i in deck:
            names[i] = names.get(i, 0) + 1
        entries = tuple(
            ir.DeckEntry(
                span=classic_game.cards[0].span, count=n, name=None, card_id=classic_game.cards[i].id
            )
            for i, n in names.items()
        )
        checked = checker.deck(
            ir.Deck(span=classic_game.cards[0].span, name="random", entries=entries),
            list(classic_game.cards),
            classic_game.rules,
        )
        assert checked is not None and checker.diags == [], checker.diags
    decks = [random_deck(classic_game, s) for s in range(2)]
    game = classic_game.model_copy(
        update={"decks": tuple(ir.GameDeck(name=f"r{i}", cards=tuple(d)) for i, d in enumerate(decks))}
    )
    report = play_lockstep(game, classic_engine, games=6, seed=4)
    assert report.ok, report.mismatches[:3]
    assert report.finished == 6
