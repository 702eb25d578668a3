"""The random draws of every engine, in one place so that engines and references consume the same.

This is randomness only, no game logic: the deck order of an attempt, the first player and the
coin slots of a step, each a pure function of a JAX key.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp


def deck_permutation(
    key: jax.Array, player: int | jax.Array, attempt: int | jax.Array, size: int
) -> jax.Array:
    """The deck order (a permutation of slots) of `player`'s `attempt`-th shuffle at setup."""
    return jax.random.permutation(jax.random.fold_in(jax.random.fold_in(key, player), attempt), size)


def first_player(key: jax.Array) -> jax.Array:
    """0 or 1: who takes the first turn."""
    return (jax.random.bits(jax.random.fold_in(key, 2), (), jnp.uint32) & 1).astype(jnp.int32)


def step_random(key: jax.Array, num_coins: int, num_draws: int) -> tuple[jax.Array, jax.Array]:
    """One step's random slots: `[num_coins]` coin faces (1 = heads, 0 = tails) and `[num_draws]`
    uint32 draw words (a draw takes the deck card of rank `word mod` the deck's size)."""
    bits = jax.random.bits(key, (num_coins + num_draws,), jnp.uint32)
    return (bits[:num_coins] & 1).astype(jnp.int32), bits[num_coins:]


def setup_draw(key: jax.Array) -> jax.Array:
    """The uint32 draw word of the first turn's draw of a game started from `key`."""
    return jax.random.bits(jax.random.fold_in(key, 3), (), jnp.uint32)


def deck_choice(key: jax.Array, num_decks: int) -> jax.Array:
    """`[2]` deck indices for a new game when an environment picks decks at random."""
    return jax.random.randint(jax.random.fold_in(key, 7), (2,), 0, num_decks)


def game_step_key(key: jax.Array, step: int | jax.Array) -> jax.Array:
    """The key of step `step` of a game started from `key` (used by verification drivers)."""
    return jax.random.fold_in(key, 1000 + step)


def setup_energy(key: jax.Array) -> jax.Array:
    """The uint32 word of the first turn's Energy Zone type (rules with energy_zone) of a game from `key`."""
    return jax.random.bits(jax.random.fold_in(key, 4), (), jnp.uint32)
