"""Battles in lockstep: the JAX battle engine and the reference, random legal actions, every field equal
after every step; and the invariants every battle state must keep.

Battles run batched on the JAX side (the batched step users run, `step_batch`: a move's rare parts on
the lanes that need them) and one by one on the reference side. Both
players' actions are drawn from the reference's legal mask with a seeded NumPy generator; the random
words of a step come from the same key on both sides (`rng.step_random`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType

import jax
import jax.numpy as jnp
import numpy as np

from tcgc import ir_battle as bir
from tcgc.reference.battle import BattleReference, BattleState, team_arrays
from tcgc.runtime import rng
from tcgc.runtime.env import batched_step
from tcgc.verify.rollout import Mismatch, RolloutReport

Progress = Callable[[int, int], None]


def compare_battle(
    engine_state: dict[str, np.ndarray], ref: BattleState, *, game: int, step: int
) -> list[Mismatch]:
    """Field-by-field differences between one engine state (NumPy leaves) and a reference state."""
    out = []
    for name, expected in ref.as_arrays().items():
        got = engine_state[name]
        if got.shape != expected.shape or not np.array_equal(got, expected.astype(got.dtype)):
            out.append(Mismatch(game, step, name, np.array2string(got), np.array2string(expected)))
    return out


def battle_invariants(
    m: ModuleType, s: dict[str, np.ndarray], before: dict[str, np.ndarray] | None
) -> list[str]:
    """Every invariant a batch of battle states (leading axis = battles) violates; `before`: the
    previous step's batch."""
    out: list[str] = []

    def fail(mask: np.ndarray, what: str) -> None:
        out.extend(f"battle {g}: {what}" for g in np.flatnonzero(mask)[:3])

    species = s["species"]
    max_hp = np.where(species >= 0, m.SPECIES_STATS[np.maximum(species, 0), 0], 0)
    fail(((s["hp"] < 0) | (s["hp"] > max_hp)).any(axis=(1, 2)), "HP out of range")
    fail((s["pp"] < 0).any(axis=(1, 2, 3)), "negative PP")
    fail((np.abs(s["boosts"]) > m.MAX_STAGE).any(axis=(1, 2)), "a stage beyond the limit")
    fail(s["turn"] > m.TURN_LIMIT, "a battle went past the turn limit")
    live = ~(s["terminated"] | s["truncated"])
    fail(live & ~s["legal_action_mask"].any(axis=2).all(axis=1), "a player has no legal action")
    if before is not None:
        # a Pokemon that had fainted did not act: its PP and what it revealed did not change
        fainted = before["hp"] == 0
        acted = (s["pp"] != before["pp"]).any(axis=3) | (s["revealed"] != before["revealed"]).any(axis=3)
        fail((fainted & acted).any(axis=(1, 2)), "a fainted Pokemon used a move")
        fail((fainted & (s["hp"] > 0)).any(axis=(1, 2)), "a fainted Pokemon came back")
    return out


def play_battles(
    game: bir.BattleGame,
    module: ModuleType,
    *,
    battles: int,
    seed: int = 0,
    compare: bool = True,
    progress: Progress | None = None,
    max_steps: int = 100_000,
) -> tuple[RolloutReport, list[str]]:
    """Play `battles` random battles (random pairs of the spec's teams) on the engine, and with
    `compare` on the reference in lockstep; returns the report and the invariant violations."""
    ref = BattleReference(game)
    gen = np.random.default_rng(seed)
    teams = [team_arrays(game, k) for k in range(len(game.teams))]
    pairs = gen.integers(0, len(teams), size=(battles, 2))
    species = np.array([[teams[a][0], teams[b][0]] for a, b in pairs], np.int32)
    moves = np.array([[teams[a][1], teams[b][1]] for a, b in pairs], np.int32)
    keys = jax.random.split(jax.random.PRNGKey(seed), battles)
    step = jax.jit(partial(batched_step, module))
    words_of = jax.jit(jax.vmap(lambda k: rng.step_random(k, 0, module.NUM_WORDS)[1]))
    step_keys_of = jax.jit(jax.vmap(rng.game_step_key, in_axes=(0, None)))
    states = jax.jit(jax.vmap(module.init))(jnp.asarray(species), jnp.asarray(moves))
    refs = [ref.init(species[g].tolist(), moves[g].tolist()) for g in range(battles)]
    report, violations = RolloutReport(games=battles), []
    before = None
    for t in range(max_steps + 1):
        host = jax.tree.map(np.asarray, states._asdict())
        violations += [f"step {t}, {v}" for v in battle_invariants(module, host, before)]
        if compare:
            for g in range(battles):
                report.mismatches.extend(
                    compare_battle({k: v[g] for k, v in host.items()}, refs[g], game=g, step=t)
                )
            if report.mismatches:
                break
        live = ~(host["terminated"] | host["truncated"])
        if progress:
            progress(int(battles - live.sum()), battles)
        if not live.any():
            break
        masks = host["legal_action_mask"]
        actions = np.array(
            [[gen.choice(np.flatnonzero(masks[g, p])) for p in range(2)] for g in range(battles)], np.int32
        )
        step_keys = step_keys_of(keys, t + 1)
        states = step(states, jnp.asarray(actions), step_keys)
        if compare:
            words = np.asarray(words_of(step_keys))
            for g in range(battles):  # a finished battle steps too (its rewards go back to 0)
                refs[g] = ref.step(refs[g], actions[g].tolist(), [int(w) for w in words[g]])
        report.steps += int(live.sum())
        before = host
    report.finished = int((host["terminated"] | host["truncated"]).sum())
    return report, violations
