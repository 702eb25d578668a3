"""`step_batch` (the rare parts of a step run only on the lanes that need them: the TCG effect machine,
a battle move's effect rows and lasting effects) against `jax.vmap(step)`, lane for lane, over random
games and battles; and the lane helper it is built on."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from tcgc.runtime import lanes
from tcgc.runtime.env import BattleEnv, Env, load_engine_module, random_legal_action, restart_finished

BATCH, STEPS = 48, 120


def _compare(module: ModuleType, share: int) -> tuple[int, int]:
    """Random games (restarted when they end); every step both ways from the same state. Returns
    (lane fields that differ, lane steps that ran the effect machine)."""
    env = Env(module)

    def run(key: jax.Array) -> tuple[jax.Array, jax.Array]:
        starts = jax.vmap(env.init)(jax.random.split(key, BATCH))

        def body(carry: tuple, k: jax.Array) -> tuple:
            s, differ, ran = carry
            s = jax.vmap(restart_finished)(s, starts)
            k_act, k_step = jax.random.split(k)
            actions = jax.vmap(random_legal_action)(jax.random.split(k_act, BATCH), s.legal_action_mask)
            keys = jax.random.split(k_step, BATCH)
            one_by_one = jax.vmap(module.step)(s, actions, keys)
            batched = module.step_batch(s, actions, keys, share)
            for a, b in zip(jax.tree.leaves(one_by_one), jax.tree.leaves(batched)):
                differ = differ + jnp.sum(jnp.any((a != b).reshape(BATCH, -1), axis=1))
            runs = jax.vmap(lambda *a: module._plays(*module._begin(*a))[1]["runs"])(s, actions, keys)
            return (one_by_one, differ, ran + jnp.sum(runs)), None

        zero = jnp.int32(0)
        (_, differ, ran), _ = jax.lax.scan(body, (starts, zero, zero), jax.random.split(key, STEPS))
        return differ, ran

    differ, ran = jax.jit(run)(jax.random.PRNGKey(17))
    return int(differ), int(ran)


# share 8: 6 lanes a pass (several passes when more lanes need it); share 1: no gathering at all
@pytest.mark.parametrize(("engine", "share"), [("tcg-classic", 8), ("tcg-classic", 1), ("tcg-pocket", 8)])
def test_step_batch_equals_vmap_of_step(engine: str, share: int) -> None:
    module = load_engine_module(engine)
    differ, ran = _compare(module, share)
    assert ran > 50, f"{engine}: only {ran} lane steps ran the effect machine; the comparison proves little"
    assert differ == 0, f"{engine} (share {share}): {differ} lane fields differ from jax.vmap(step)"


def _compare_battles(module: ModuleType, share: int) -> tuple[int, int]:
    """Random battles between the spec's teams (restarted when they end); every step both ways from the
    same state. Returns (lane fields that differ, lane steps whose first mover ran the rare parts)."""
    env = BattleEnv(module)

    def run(key: jax.Array) -> tuple[jax.Array, jax.Array]:
        starts = jax.vmap(env.init)(jax.random.split(key, BATCH))

        def rare(s: object, actions: jax.Array, words: jax.Array) -> jax.Array:
            s, b = module._begin(s, actions, words)
            _, c = module._act_move(s, *module._mover(b, False), True)
            return c["rare"]

        def body(carry: tuple, k: jax.Array) -> tuple:
            s, differ, ran = carry
            s = jax.vmap(restart_finished)(s, starts)
            k_act, k_step = jax.random.split(k)
            actions = jax.vmap(env.random_actions)(jax.random.split(k_act, BATCH), s.legal_action_mask)
            keys = jax.random.split(k_step, BATCH)
            one_by_one = jax.vmap(module.step)(s, actions, keys)
            batched = module.step_batch(s, actions, keys, share)
            for a, b in zip(jax.tree.leaves(one_by_one), jax.tree.leaves(batched)):
                differ = differ + jnp.sum(jnp.any((a != b).reshape(BATCH, -1), axis=1))
            words = jax.vmap(lambda k: module.rng.step_random(k, 0, module.NUM_WORDS)[1])(keys)
            return (one_by_one, differ, ran + jnp.sum(jax.vmap(rare)(s, actions, words))), None

        zero = jnp.int32(0)
        (_, differ, ran), _ = jax.lax.scan(body, (starts, zero, zero), jax.random.split(key, STEPS))
        return differ, ran

    differ, ran = jax.jit(run)(jax.random.PRNGKey(23))
    return int(differ), int(ran)


@pytest.mark.parametrize("share", [8, 1])
def test_battle_step_batch_equals_vmap_of_step(share: int) -> None:
    module = load_engine_module("battle-gen1")
    differ, ran = _compare_battles(module, share)
    assert ran > 50, f"only {ran} lane steps ran a move's rare parts; the comparison proves little"
    assert differ == 0, f"battle-gen1 (share {share}): {differ} lane fields differ from jax.vmap(step)"


def test_on_lanes_runs_only_needing_lanes_and_keeps_the_others() -> None:
    def fn(x: jax.Array, y: jax.Array) -> jax.Array:
        return x * 3 + y

    gen = np.random.default_rng(0)
    cases = ((40, 8, 0.1), (40, 8, 0.9), (40, 40, 0.5), (33, 4, 1.0), (16, 4, 0.0), (5, 1, 0.5))
    for batch, share, p in cases:
        need = jnp.asarray(gen.random(batch) < p)
        x = jnp.asarray(gen.integers(0, 100, (batch, 3)), jnp.int32)
        y = jnp.asarray(gen.integers(0, 100, (batch, 3)), jnp.int32)
        out = jnp.full((batch, 3), -1, jnp.int32)
        run = jax.jit(lambda n, a, b, o, share=share: lanes.on_lanes(fn, n, (a, b), o, share=share))
        got = run(need, x, y, out)
        want = np.where(np.asarray(need)[:, None], np.asarray(x) * 3 + np.asarray(y), -1)
        np.testing.assert_array_equal(np.asarray(got), want, err_msg=f"batch {batch}, share {share}, p {p}")


def test_on_lanes_with_the_state_as_out_writes_back_only_changed_leaves() -> None:
    """`out` is the first argument: a leaf `fn` hands back as it came keeps its lanes; the others change
    on the needing lanes only (with gathering passes and without)."""

    def fn(s: tuple[jax.Array, jax.Array], k: jax.Array) -> tuple[jax.Array, jax.Array]:
        return (s[0] * 3 + k, s[1])

    gen = np.random.default_rng(1)
    for batch, share in ((40, 8), (40, 1)):
        need = jnp.asarray(gen.random(batch) < 0.3)
        x = jnp.asarray(gen.integers(0, 100, (batch, 2)), jnp.int32)
        y = jnp.asarray(gen.integers(0, 100, (batch,)), jnp.int32)
        k = jnp.asarray(gen.integers(0, 100, (batch, 2)), jnp.int32)

        def run(n: jax.Array, a: jax.Array, b: jax.Array, c: jax.Array, share: int = share) -> tuple:
            state = (a, b)
            return lanes.on_lanes(fn, n, (state, c), state, share=share)

        got_x, got_y = jax.jit(run)(need, x, y, k)
        want_x = np.where(np.asarray(need)[:, None], np.asarray(x) * 3 + np.asarray(k), np.asarray(x))
        where = f"batch {batch}, share {share}"
        np.testing.assert_array_equal(np.asarray(got_x), want_x, err_msg=where)
        np.testing.assert_array_equal(np.asarray(got_y), np.asarray(y), err_msg=where)


def test_capacity_is_a_share_of_the_batch() -> None:
    assert lanes.capacity_for(8192, 8) == 1024
    assert lanes.capacity_for(100, 8) == 13
    assert lanes.capacity_for(1, 8) == 1
    assert lanes.capacity_for(7, 0) == 7


def test_the_readme_example_runs() -> None:
    """The engine API example of the README (batch and length made small), run as written."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The engine API") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    code = code[: code.index("```")].replace("1024", "8").replace("split(key, 100)", "split(key, 5)")
    scope: dict[str, object] = {}
    exec(compile(code, "README.md (engine API example)", "exec"), scope)  # noqa: S102 - our own README
    rewards = scope["rewards"]
    assert rewards.shape == (5, 8, 2)
