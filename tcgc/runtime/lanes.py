"""Running a rare part of a batched step on only the lanes that need it.

Under `jax.vmap` every lane pays for every part of a step, even the parts few lanes run (a branch
becomes "compute both, select one"). `on_lanes` instead gathers the lanes that need a part,
`capacity` at a time, runs the part on them, and scatters the results back; the other lanes keep
what they had. Lane for lane the result is the same as running the part everywhere and selecting,
provided the part leaves a lane unchanged when it is not needed (the caller's promise; the engines'
tests compare `step_batch` with `jax.vmap(step)`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

# a pass over the needing lanes takes ceil(batch / SHARE) of them: one pass when at most 1 lane in
# SHARE needs the part (random play runs the TCG effect machine in about 1 step in 8), more passes
# (a loop) when more do
SHARE = 8


def capacity_for(batch: int, share: int) -> int:
    """How many lanes one pass gathers: ceil(batch / share), at least 1."""
    return max(1, -(-batch // max(share, 1)))


def on_lanes(
    fn: Callable[..., Any], need: jax.Array, args: tuple[Any, ...], out: Any, *, share: int = SHARE
) -> Any:
    """`out` (a batch pytree) with each lane i where `need[i]` replaced by `fn(*args_i)` (`fn` works on
    one lane; `args` are batch pytrees with the same leading dimension as `need`).

    Only needing lanes are computed, `capacity_for(batch, share)` per pass of a `lax.while_loop` that
    runs as many passes as there are needing lanes to cover (none when no lane needs it). With a
    capacity of the whole batch there is no gathering: `fn` runs on every lane and is selected.

    When `out` is the first argument (a state that `fn` changes), a leaf that `fn` hands back as it
    came (the same traced value, e.g. a field `_replace` left alone) keeps its lanes as they are: it is
    not written back, nor gathered unless `fn` reads it.
    """
    batch = need.shape[0]
    capacity = capacity_for(batch, share)
    same = _passed_through(args[0], out)
    if capacity >= batch:
        new = jax.vmap(fn)(*args)

        def select(n: jax.Array, o: jax.Array) -> jax.Array:
            return jnp.where(need.reshape((batch,) + (1,) * (o.ndim - 1)), n, o)

        return _merge(new, out, args[0], same, select)
    passes = -(-batch // capacity)
    # the needing lanes first, in lane order; the rest of the list is `batch` (out of range: dropped)
    order = jnp.nonzero(need, size=passes * capacity, fill_value=batch)[0]
    count = jnp.sum(need, dtype=jnp.int32)

    def one_pass(carry: tuple[jax.Array, Any]) -> tuple[jax.Array, Any]:
        i, acc = carry
        idx = jax.lax.dynamic_slice(order, (i * capacity,), (capacity,))
        src = jnp.minimum(idx, batch - 1)
        picked = jax.tree.map(lambda x: x[src], args)
        res = jax.vmap(fn)(*picked)
        acc = _merge(res, acc, picked[0], same, lambda r, a: a.at[idx].set(r, mode="drop"))
        return i + 1, acc

    _, out = jax.lax.while_loop(lambda c: c[0] * capacity < count, one_pass, (jnp.int32(0), out))
    return out


def _passed_through(first: Any, out: Any) -> bool:
    """Whether `out` is the first argument, leaf for leaf (then unchanged leaves need no writing back)."""
    a, b = jax.tree.leaves(first), jax.tree.leaves(out)
    return jax.tree.structure(first) == jax.tree.structure(out) and all(x is y for x, y in zip(a, b))


def _merge(new: Any, old: Any, given: Any, same: bool, put: Callable[[Any, Any], Any]) -> Any:
    """`put(new, old)` leaf for leaf, except (when `same`) where `new`'s leaf is `given`'s: `old` kept."""
    if not same:
        return jax.tree.map(put, new, old)
    leaves = [
        o if n is g else put(n, o)
        for n, o, g in zip(jax.tree.leaves(new), jax.tree.leaves(old), jax.tree.leaves(given))
    ]
    return jax.tree.unflatten(jax.tree.structure(old), leaves)
