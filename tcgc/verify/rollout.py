"""Rollout equivalence: random games played in lockstep by the JAX engine and the reference.

After every step the whole state (every field) of the two must be equal. Games run batched on the
JAX side (one vmapped step for all games) and one by one on the reference side. Actions are drawn
from the reference's legal mask with a seeded NumPy generator, so a mask difference shows up as a
field difference of `legal_action_mask` first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from types import ModuleType

import jax
import jax.numpy as jnp
import numpy as np

from tcgc import ir
from tcgc.reference.tcg import POSITION_FIELDS, RefState, TcgReference
from tcgc.runtime import rng
from tcgc.runtime.env import batched_step

Progress = Callable[[int, int], None]


@dataclass
class Mismatch:
    game: int
    step: int
    field: str
    engine: str
    reference: str


@dataclass
class RolloutReport:
    games: int
    steps: int = 0
    finished: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def compare_states(
    engine_state: dict[str, np.ndarray], ref: RefState, *, game: int, step: int
) -> list[Mismatch]:
    """Field-by-field differences between one engine state (NumPy leaves) and a reference state."""
    out = []
    for name, expected in perspective(ref).items():
        got = engine_state[name]
        if got.shape != expected.shape or not np.array_equal(got, expected.astype(got.dtype)):
            out.append(Mismatch(game, step, name, np.array2string(got), np.array2string(expected)))
    return out


PER_PLAYER_FIELDS = ("card", "zone", "top", *POSITION_FIELDS, "prizes_left")


def flip_rows(arrays: dict[str, np.ndarray], current_player: int) -> dict[str, np.ndarray]:
    """Swap the per-player rows when player 1 is to act: absolute layout (row p = player p) <-> the
    engine's (row 0 = the player to act). The same flip goes both ways."""
    out = dict(arrays)
    if current_player == 1:
        for name in PER_PLAYER_FIELDS:
            out[name] = arrays[name][::-1]
        if "revealed" in arrays:  # games with `reveal` only
            out["revealed"] = arrays["revealed"][::-1]
    return out


def perspective(ref: RefState) -> dict[str, np.ndarray]:
    """The reference state laid out as the engine stores it: per-player rows from the player to act."""
    return flip_rows(ref.as_arrays(), ref.current_player)


def deck_pairs(game: ir.Game, games: int, seed: int) -> np.ndarray:
    """`[games, 2]` deck indices: every pairing of the spec's decks in turn."""
    gen = np.random.default_rng(seed)
    return gen.integers(0, len(game.decks), size=(games, 2))


def play_lockstep(
    game: ir.Game,
    module: ModuleType,
    *,
    games: int,
    seed: int = 0,
    progress: Progress | None = None,
    on_step: Callable[[int, dict, list[RefState]], None] | None = None,
    max_steps: int = 100_000,
    stop_at_first: bool = True,
) -> RolloutReport:
    """Play `games` random games on both implementations, comparing after every step."""
    ref = TcgReference(game)
    decks = np.asarray([d.slots for d in game.decks], np.int32)
    pairs = deck_pairs(game, games, seed)
    keys = jax.random.split(jax.random.PRNGKey(seed), games)
    init = jax.jit(jax.vmap(module.init))
    # the batched step users run (`step_batch`: the effect machine on the lanes that need it)
    step = jax.jit(partial(batched_step, module))
    random_of = jax.jit(jax.vmap(lambda k: rng.step_random(k, module.NUM_SLOTS, module.NUM_DRAWS)))
    step_keys_of = jax.jit(jax.vmap(rng.game_step_key, in_axes=(0, None)))
    states = init(keys, jnp.asarray(decks[pairs[:, 0]]), jnp.asarray(decks[pairs[:, 1]]))
    refs = [ref.init(keys[g], list(decks[pairs[g, 0]]), list(decks[pairs[g, 1]])) for g in range(games)]
    report = RolloutReport(games=games)
    chooser = np.random.default_rng(seed + 1)

    def check(t: int) -> bool:
        host = jax.tree.map(np.asarray, states._asdict())
        for g in range(games):
            if t > 0 and live_before[g] is False:
                continue
            one = {k: v[g] for k, v in host.items()}
            report.mismatches.extend(compare_states(one, refs[g], game=g, step=t))
        if on_step is not None:
            on_step(t, host, refs)
        return not (stop_at_first and report.mismatches)

    live_before = [True] * games
    if not check(0):
        return report
    for t in range(1, max_steps + 1):
        live = [not (r.terminated or r.truncated) for r in refs]
        if not any(live):
            break
        actions = np.zeros(games, np.int32)
        for g in range(games):
            if live[g]:
                actions[g] = chooser.choice(np.flatnonzero(refs[g].legal_action_mask))
        step_keys = step_keys_of(keys, t)
        coins, draws = (np.asarray(x) for x in random_of(step_keys))
        states = step(states, jnp.asarray(actions), step_keys)
        for g in range(games):
            if live[g]:
                refs[g] = ref.step(
                    refs[g], int(actions[g]), [int(c) for c in coins[g]], [int(w) for w in draws[g]]
                )
                report.steps += 1
        live_before = live
        if not check(t):
            return report
        if progress is not None:
            progress(sum(not (r.terminated or r.truncated) for r in refs), games)
    report.finished = sum(r.terminated or r.truncated for r in refs)
    return report
