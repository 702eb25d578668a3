"""Benchmarks: random-action steps per second of an engine and of its reference, measured side by side.

The JAX engine plays uniformly random legal actions in `lax.scan` chunks inside one jit, with
resets to start states from a pool of exact `init` states that is dealt inside every timed chunk
(so resets are paid for). Every lane is live at every step (a finished game is replaced before the
next step), so steps/s = batch * chunk steps / time. The reference plays whole games one after another (init
included) with random legal actions and NumPy coin flips for the same time budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from tcgc import ir
from tcgc import ir_battle as bir
from tcgc.reference.battle import BattleReference, team_arrays
from tcgc.reference.tcg import TcgReference
from tcgc.runtime.env import BattleEnv, Env, restart_finished

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Row:
    impl: str
    batch: int
    steps_per_s: float
    steps: int
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {
            "impl": self.impl,
            "batch": self.batch,
            "steps_per_s": round(self.steps_per_s, 1),
            "steps": self.steps,
            "seconds": round(self.seconds, 3),
        }


def _jax_runner(
    env: Env | BattleEnv, batch: int, chunk: int, pool_size: int
) -> Callable[[jax.Array], jax.Array]:
    """A jitted function: key -> (deal a pool of start states, then `chunk` steps of `batch` games).

    Each lane restarts from its own start state of the pool (lane i gets pool[i % pool_size]) before
    the step after its game ends (`restart_finished`), so resets cost a select; the pool is dealt again
    in every chunk. Every step of every lane is a step of a live game.
    """

    def run(key: jax.Array) -> jax.Array:
        k_pool, k_steps = jax.random.split(key)
        pool = jax.vmap(env.init)(jax.random.split(k_pool, pool_size))
        starts = jax.tree.map(lambda x: x[jnp.arange(batch) % pool_size], pool)
        step = env.step_batch  # the engine's batched step (`jax.vmap(env.step)`, lane for lane)
        restart = jax.vmap(restart_finished)
        pick = jax.vmap(env.random_actions)

        def body(carry: tuple, key: jax.Array) -> tuple:
            s, finished = carry
            s = restart(s, starts)
            k_act, k_step = jax.random.split(key)
            actions = pick(jax.random.split(k_act, batch), s.legal_action_mask)
            s = step(s, actions, jax.random.split(k_step, batch))
            return (s, finished + jnp.sum(s.terminated | s.truncated)), None

        (_, finished), _ = jax.lax.scan(body, (starts, jnp.int32(0)), jax.random.split(k_steps, chunk))
        return finished

    return jax.jit(run)


def bench_jax(
    env: Env | BattleEnv,
    batch: int,
    *,
    seconds: float,
    chunk: int = 100,
    pool_size: int = 1024,
    seed: int = 0,
) -> Row:
    run = _jax_runner(env, batch, chunk, min(pool_size, batch))
    key = jax.random.PRNGKey(seed)
    run(key).block_until_ready()  # compile and warm up
    steps, spent, i = 0, 0.0, 0
    while spent < seconds or i < 2:
        i += 1
        start = time.perf_counter()
        run(jax.random.fold_in(key, i)).block_until_ready()
        spent += time.perf_counter() - start
        steps += batch * chunk
    return Row("jax", batch, steps / spent, steps, spent)


def bench_reference(game: ir.Game, *, seconds: float, seed: int = 0) -> Row:
    ref = TcgReference(game)
    gen = np.random.default_rng(seed)
    decks = [list(d.slots) for d in game.decks]
    steps, start, g = 0, time.perf_counter(), 0
    while time.perf_counter() - start < seconds or steps == 0:  # at least one step on a slow machine
        key = jax.random.PRNGKey(seed * 100_003 + g)
        g += 1
        pair = gen.integers(0, len(decks), 2)
        s = ref.init(key, decks[pair[0]], decks[pair[1]])
        while not (s.terminated or s.truncated) and (time.perf_counter() - start < seconds or steps == 0):
            action = int(gen.choice(np.flatnonzero(s.legal_action_mask)))
            coins = [int(c) for c in gen.integers(0, 2, ref.num_slots)]
            s = ref.step(s, action, coins, [int(w) for w in gen.integers(0, 2**32, ref.num_draws)])
            steps += 1
    spent = time.perf_counter() - start
    return Row("reference", 1, steps / spent, steps, spent)


def bench_battle_reference(game: bir.BattleGame, *, seconds: float, seed: int = 0) -> Row:
    """The battle reference: whole battles between random pairs of the spec's teams, random legal
    actions and NumPy random words, for `seconds`."""
    ref = BattleReference(game)
    gen = np.random.default_rng(seed)
    teams = [team_arrays(game, k) for k in range(len(game.teams))]
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or steps == 0:  # at least one step on a slow machine
        a, b = (teams[int(k)] for k in gen.integers(0, len(teams), 2))
        s = ref.init([a[0], b[0]], [a[1], b[1]])
        while not (s.terminated or s.truncated) and (time.perf_counter() - start < seconds or steps == 0):
            actions = [int(gen.choice(np.flatnonzero(row))) for row in s.legal_action_mask]
            s = ref.step(s, actions, [int(w) for w in gen.integers(0, 2**32, ref.num_words)])
            steps += 1
    spent = time.perf_counter() - start
    return Row("reference", 1, steps / spent, steps, spent)


def bench_showdown(*, seconds: float, processes: int | None = None, seed: int = 0) -> Row:
    """Pokemon Showdown's own Gen 1 random battles (its `Battle` object, uniformly random legal choices,
    Showdown's random teams), one node process per core at once for `seconds`; steps/s summed over the
    processes (a step: a move round or a forced-switch round, as the engines count)."""
    from tcgc.oracle.showdown import throughput

    result = throughput(seconds, processes, seed=seed, request={"format": "gen1randombattle"})
    return Row(
        f"showdown x{result['processes']}", 0, float(result["steps_per_s"]), int(result["steps"]), seconds
    )


def run_bench(
    game: ir.Game | bir.BattleGame,
    env: Env | BattleEnv,
    *,
    batches: list[int],
    seconds: float,
    progress: Progress | None = None,
    seed: int = 0,
    showdown: bool = False,
) -> dict[str, object]:
    """The rows and ratios of `tcgc bench` for one engine (DESIGN.md's JSON shape); `showdown`: also
    Showdown's machine-wide steps/s (battle engines)."""
    rows: list[Row] = []
    showdown_row = None
    if showdown:
        if progress:
            progress("showdown (one process per core)")
        showdown_row = bench_showdown(seconds=seconds, seed=seed)
        rows.append(showdown_row)
    if progress:
        progress("reference")
    if isinstance(game, bir.BattleGame):
        ref_row = bench_battle_reference(game, seconds=seconds, seed=seed)
    else:
        ref_row = bench_reference(game, seconds=seconds, seed=seed)
    rows.append(ref_row)
    for b in batches:
        if progress:
            progress(f"jax batch {b}")
        rows.append(bench_jax(env, b, seconds=seconds, seed=seed))
    best = max((r for r in rows if r.impl == "jax"), key=lambda r: r.batch)
    ratios: dict[str, object] = {
        "jax_vs_reference": round(best.steps_per_s / ref_row.steps_per_s, 2),
        "at_batch": best.batch,
    }
    if showdown_row is not None:
        ratios["jax_vs_showdown"] = round(best.steps_per_s / showdown_row.steps_per_s, 2)
        ratios["reference_vs_showdown"] = round(ref_row.steps_per_s / showdown_row.steps_per_s, 3)
    return {
        "engine": env.id,
        "device": jax.devices()[0].platform,
        "device_kind": jax.devices()[0].device_kind,
        "rows": [r.to_json() for r in rows],
        "ratios": ratios,
    }
