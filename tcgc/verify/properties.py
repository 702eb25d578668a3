"""Property checks: invariants that must hold after every step of random games on the JAX engine.

Games run batched (one jitted, vmapped step for all) with uniformly random legal actions; after
every step the host copy of the batch is checked with NumPy. The invariants read card facts (HP,
kinds) from the IR, not from the engine's tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

import jax
import jax.numpy as jnp
import numpy as np

from tcgc import ir
from tcgc.runtime import rng
from tcgc.runtime.env import random_legal_action

Progress = Callable[[int, int], None]


@dataclass
class PropertyReport:
    games: int
    steps: int = 0
    finished: int = 0
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def _card_facts(game: ir.Game) -> tuple[np.ndarray, np.ndarray]:
    """HP and "may be a Pokemon in play" of every card (a Trainer played as a Basic Pokemon is one)."""

    def plays_as(c: ir.Card) -> ir.PlaysAs | None:
        effect = c.body.effect if isinstance(c.body, ir.Trainer) else ()
        return next((st for st in effect if isinstance(st, ir.PlaysAs)), None)

    hp = np.array(
        [c.body.hp if isinstance(c.body, ir.Pokemon) else getattr(plays_as(c), "hp", 0) for c in game.cards]
    )
    is_pokemon = np.array([isinstance(c.body, ir.Pokemon) or plays_as(c) is not None for c in game.cards])
    return hp, is_pokemon


def check_batch(
    game: ir.Game, m: ModuleType, s: dict[str, np.ndarray], before: dict[str, np.ndarray] | None, *, step: int
) -> list[str]:
    """Every invariant violated by a host batch `s` (leading axis = games); `before` is the previous step."""
    out: list[str] = []
    hp, is_pokemon = _card_facts(game)
    d, prizes, positions = m.DECK_SIZE, m.PRIZES, m.NUM_POSITIONS
    zone = s["zone"].astype(np.int32)  # [G, 2, D]
    card = s["card"].astype(np.int32)
    done = s["terminated"] | s["truncated"]

    def fail(mask: np.ndarray, what: str) -> None:
        for g in np.flatnonzero(mask)[:3]:
            out.append(f"step {step}, game {g}: {what}")

    in_play = (zone >= m.ZONE_PLAY) & (zone < m.ZONE_PLAY + positions)
    in_prize = (zone >= m.ZONE_PRIZE) & (zone < m.ZONE_PRIZE + prizes)
    in_deck = zone == m.ZONE_DECK
    playing = zone == m.ZONE_PLAYING  # a Trainer waiting for its choices
    aside = zone == m.ZONE_ASIDE  # picked to be shuffled into the deck once the choices are made
    looked = zone == m.ZONE_LOOKED  # looked at until a pick puts it back on top
    in_deck = in_deck | (zone >= m.ZONE_TOP)  # known to be on top of the deck
    # the Energy Zone (rules with energy_zone): its tokens are the slots from REAL_DECK on
    token = np.arange(d) >= m.REAL_DECK
    reserve, offered = zone == m.ZONE_RESERVE, zone == m.ZONE_OFFERED
    fail(((reserve | offered) & ~token).any(axis=(1, 2)), "a deck card is in the Energy Zone")
    fail((token & ~(reserve | offered | in_play)).any(axis=(1, 2)), "an Energy Zone token is out of play")
    fail((offered.sum(axis=2) > 1).any(axis=1), "more than one Energy offered to a player")
    known = (
        reserve
        | offered
        | (zone == m.ZONE_HAND)
        | (zone == m.ZONE_DISCARD)
        | in_play
        | in_prize
        | in_deck
        | playing
        | aside
        | looked
    )
    fail(~known.all(axis=(1, 2)), "a card is in no zone")
    fail(
        playing.any(axis=(1, 2)) & (s["pending"] == 0),
        "a Trainer is still being played with no choice pending",
    )
    # cards conserved: every slot in exactly one zone, and the counts agree with the counters
    total = known.sum(axis=2)
    fail((total != d).any(axis=1), f"a player does not have {d} cards across the zones")
    prize_cards = s["prizes_left"] if m.DEALT_PRIZES else np.zeros_like(s["prizes_left"])
    fail((in_prize.sum(axis=2) != prize_cards).any(axis=1), "Prize cards differ from prizes_left")
    fail(
        (aside | looked).any(axis=(1, 2)) & (s["pending"] == 0),
        "a card set aside to be shuffled in with no choice pending",
    )
    fail(((s["prizes_left"] < 0) | (s["prizes_left"] > prizes)).any(axis=1), "prizes_left out of range")
    # an Energy form (`knock out self and attach it`) is one only in play; elsewhere it is its card again
    fail(((card >= len(game.cards)) & ~in_play).any(axis=(1, 2)), "an Energy form lies out of play")
    # positions
    top = s["top"]
    occupied = top >= 0
    top_card = np.take_along_axis(card, np.maximum(top, 0), axis=2)
    top_zone = np.take_along_axis(zone, np.maximum(top, 0), axis=2)
    fail(
        (occupied & (top_zone != m.ZONE_PLAY + np.arange(positions))).any(axis=(1, 2)),
        "a top Pokemon is not at its position",
    )
    fail((occupied & ~is_pokemon[top_card]).any(axis=(1, 2)), "a non-Pokemon card is on top of a position")
    cards_at = np.stack([(zone == m.ZONE_PLAY + j).sum(axis=2) for j in range(positions)], axis=2)
    fail((~occupied & (cards_at > 0)).any(axis=(1, 2)), "cards lie at an empty position")
    damage = s["damage"]
    fail(
        (damage < 0).any(axis=(1, 2)) | (damage % 10 != 0).any(axis=(1, 2)), "damage negative or not in tens"
    )
    # Knock Outs are checked when a turn ends (so within a turn, e.g. after Devolution Spray or while an
    # attack's choice is pending, a Pokemon may have damage >= HP until then)
    turn_ended = np.ones_like(done) if before is None else s["turn"] != before["turn"]
    fail(
        (occupied & (damage >= hp[top_card]) & (turn_ended & ~done)[:, None, None]).any(axis=(1, 2)),
        "a Pokemon with damage >= HP is still in play after a turn ended",
    )
    fail((~occupied & ((damage != 0) | (s["status"] != 0))).any(axis=(1, 2)), "an empty position has damage")
    fail((s["status"][:, :, 1:] != 0).any(axis=(1, 2)), "a Benched Pokemon has a Special Condition")
    live = ~done
    actives = occupied[:, :, 0].all(axis=1)
    # an empty Active waits for a promotion, or for the pick of its replacement after a Scoop Up, or
    # for the rest of the picks of the power that Knocked it Out (`knock out self and attach it`)
    kind = s["pending"] & m.PENDING_KIND
    replacing = np.isin(kind, [m.PENDING_PROMOTE, m.PENDING_SWITCH_OWN])
    if "PICK_ENERGY_TYPE" in vars(m):
        src = np.clip(s["pending_src"], 0, m.CHOICE_STEPS.shape[0] - 1)
        row = np.clip(s["pending_step"], 0, m.CHOICE_STEPS.shape[1] - 1)
        steps = np.asarray(m.CHOICE_STEPS)
        replacing |= (kind == m.PENDING_PICK) & (steps[src, row, 2] == m.PICK_ENERGY_TYPE)
    fail(live & ~replacing & ~actives, "a player has no Active Pokemon mid-game")
    # the mask, rewards, turns
    mask = s["legal_action_mask"]
    fail(live & ~mask.any(axis=1), "no legal action in a live game")
    fail(done & ~mask.all(axis=1), "a finished game's mask is not all True")
    fail(s["rewards"].sum(axis=1) != 0, "rewards do not sum to zero")
    if before is not None:
        was_done = before["terminated"] | before["truncated"]
        fail(
            (s["rewards"] != 0).any(axis=1) & (was_done | ~s["terminated"]), "a reward outside the final step"
        )
        fail(was_done & (s["turn"] != before["turn"]), "a finished game changed")
        fail(s["turn"] < before["turn"], "the turn counter went back")
    fail(s["turn"] > m.TURN_LIMIT + 1, "the turn counter passed the cap")
    return out


def check_hidden(m: ModuleType, s: dict[str, np.ndarray], obs: np.ndarray, *, step: int) -> list[str]:
    """The observation shows no card of the opponent's hand (but those it revealed: `reveal`), either deck
    (but the player's own cards it looked at on top) or any Prize card."""
    d = m.DECK_SIZE
    seen = obs[:, : 2 * d].reshape(-1, 2, d)
    zone = s["zone"].astype(np.int32)
    secret = zone >= m.ZONE_PRIZE
    secret[:, 0] &= zone[:, 0] < m.ZONE_LOOKED  # a player knows the cards it looked at on its deck's top
    hand = zone[:, 1] == m.ZONE_HAND
    if "revealed" in s:  # games with `reveal`: the opponent's hand cards it revealed are shown
        hand &= ~s["revealed"][:, 1]
    secret[:, 1] |= hand
    leaks = (secret & (seen != -1)).any(axis=(1, 2))
    out = [f"step {step}, game {g}: the observation shows a hidden card" for g in np.flatnonzero(leaks)[:3]]
    if "revealed" in s:
        shown = s["revealed"][:, 1] & (zone[:, 1] == m.ZONE_HAND)
        missing = (shown & (seen[:, 1] != s["card"][:, 1])).any(axis=1)
        out += [f"step {step}, game {g}: a revealed card is not shown" for g in np.flatnonzero(missing)[:3]]
    return out


def random_games(
    game: ir.Game,
    m: ModuleType,
    *,
    games: int,
    seed: int,
    max_steps: int,
    on_step: Callable[[int, dict[str, np.ndarray], dict[str, np.ndarray] | None, np.ndarray], None],
    progress: Progress | None = None,
) -> dict[str, np.ndarray]:
    """Play `games` random games in one batch; calls `on_step(step, state, previous, obs)` on host copies."""
    decks = jnp.asarray(np.asarray([d.slots for d in game.decks], np.int32))
    keys = jax.random.split(jax.random.PRNGKey(seed), games)
    pairs = jax.vmap(lambda k: rng.deck_choice(k, decks.shape[0]))(keys)
    init = jax.jit(jax.vmap(m.init))
    state = init(keys, decks[pairs[:, 0]], decks[pairs[:, 1]])

    @jax.jit
    def advance(state: object, t: jax.Array) -> tuple[object, jax.Array]:
        step_keys = jax.vmap(rng.game_step_key, in_axes=(0, None))(keys, t)
        pick_keys = jax.vmap(jax.random.fold_in, in_axes=(0, None))(step_keys, 7)
        actions = jax.vmap(random_legal_action)(pick_keys, state.legal_action_mask)
        new = jax.vmap(m.step)(state, actions, step_keys)
        return new, jax.vmap(m.observe)(new)

    previous = None
    host = jax.tree.map(np.asarray, state._asdict())
    on_step(0, host, None, np.asarray(jax.vmap(m.observe)(state)))
    for t in range(1, max_steps + 1):
        if (host["terminated"] | host["truncated"]).all():
            break
        state, obs = advance(state, jnp.int32(t))
        previous, host = host, jax.tree.map(np.asarray, state._asdict())
        on_step(t, host, previous, np.asarray(obs))
        if progress is not None:
            progress(int((host["terminated"] | host["truncated"]).sum()), games)
    return host


def run_properties(
    game: ir.Game,
    m: ModuleType,
    *,
    games: int,
    seed: int = 0,
    max_steps: int = 5000,
    progress: Progress | None = None,
) -> PropertyReport:
    """Play random games and check every invariant after every step (and the hidden information)."""
    report = PropertyReport(games=games)

    def on_step(
        t: int, s: dict[str, np.ndarray], before: dict[str, np.ndarray] | None, obs: np.ndarray
    ) -> None:
        if before is not None:
            report.steps += int((~(before["terminated"] | before["truncated"])).sum())
        if len(report.violations) < 50:
            report.violations += check_batch(game, m, s, before, step=t)
            report.violations += check_hidden(m, s, obs, step=t)

    final = random_games(
        game, m, games=games, seed=seed, max_steps=max_steps, on_step=on_step, progress=progress
    )
    report.finished = int((final["terminated"] | final["truncated"]).sum())
    if report.finished < games:
        report.violations.append(f"{games - report.finished} game(s) did not end within {max_steps} steps")
    return report
