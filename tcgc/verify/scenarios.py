"""Interaction scenarios: a position set up by hand, a few actions, the state that must follow.

Scenarios are data (TOML files in a game's `scenarios/` folder). Each is run on the JAX engine and
on the reference from the same start state and the same random draws; the two states must be equal
after every action, and every expectation must hold on both.

    [[scenario]]
    name = "Weakness doubles damage"
    covers = ["rule:weakness"]
    me = { active = { card = "Charmander", attached = ["Fire Energy"] } }
    opponent = { active = "Bulbasaur" }
    do = [{ action = "attack 0" }]
    expect = { "opponent.active.damage" = 20 }

Players: `me` is player 0 and acts first; `opponent` is player 1. A side lists `active` and `bench`
(a card name, or a table with card, under (the cards it evolved from), attached, damage, status,
since), `hand`, `discard` (names), `prizes` (how many Prize cards), `deck` (how many cards are
left in the deck) and `deck_cards` (names of cards among them). Filler cards (`filler`, default
the first basic Energy) make up the rest.
`state` sets turn, energy_attached, supporters, retreats. With an energy_zone ruleset a side's
`zone_energy` names the basic Energy cards of its Energy Zone's types (default: the filler) and
`offered` the one its zone offers this turn (`play NAME` attaches it).
Actions: `end`, `attack K`, `retreat J`, `choose J`,
`play NAME [to active | to bench J]`, `power J` (the power of the Pokemon at J),
`pick NAME [at J]` (the pending pick takes the first card of
that name, attached at position J; an illegal pick when none fits), `pass`; an action outside the
legal mask fails the scenario unless the step says `illegal = true`. `coins` forces random slots:
`effect:M`, `attack_flip:COND`, `between:ender:COND`, `between:other:COND` -> "heads" | "tails".
Expectations: `SIDE.active.FIELD` / `SIDE.bench.J.FIELD` with FIELD in card, damage, status,
energy, provides (the types of the Energy there, one per Energy), empty; `SIDE.hand`, `SIDE.discard`,
`SIDE.deck` (counts), `SIDE.prizes` (Prizes left),
`SIDE.hand_cards`, `SIDE.discard_cards` (names); in games with `reveal`, `SIDE.hand_revealed` (how
many of SIDE's cards are flagged as seen by the other player; only hand cards may be) and
`SIDE.revealed_cards` (their names);
`current_player`, `winner` (me | opponent | draw | none), `terminated`, `truncated`, `pending`, `turn`,
`legal`, `illegal` (lists of actions).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from tcgc import ir
from tcgc.errors import TcgcError
from tcgc.reference.tcg import (
    DECK,
    DISCARD,
    HAND,
    LOOKED,
    OFFERED,
    PLAY,
    PRIZE,
    RESERVE,
    RefState,
    TcgReference,
    zero_positions,
)
from tcgc.runtime import rng
from tcgc.verify.rollout import compare_states, flip_rows, perspective

SIDES = {"me": 0, "opponent": 1}
PENDING = {
    "none": 0,
    "promote": 1,
    "switch_own": 2,
    "switch_opponent": 3,
    "heal_own": 4,
    "pick": 5,
    "at_chosen": 6,
}
SETTINGS_KEYS = {"name", "covers", "me", "opponent", "state", "do", "expect", "filler", "note"}


class ScenarioError(TcgcError):
    """A scenario file is malformed or names something the game does not have."""


@dataclass
class ScenarioResult:
    name: str
    file: str
    covers: list[str]
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_scenarios(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every scenario table of every `*.toml` file in `folder`, with its file name."""
    out = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise ScenarioError(f"{path}: not valid TOML: {err}") from err
        for i, sc in enumerate(data.get("scenario", [])):
            unknown = set(sc) - SETTINGS_KEYS
            if unknown or "name" not in sc:
                raise ScenarioError(
                    f"{path}: scenario {i + 1}: "
                    + (f"unknown keys {sorted(unknown)}" if unknown else "missing 'name'")
                )
            out.append((str(path), sc))
    return out


class _Builder:
    """Turns a scenario's setup into a reference state (the engine state is converted from it)."""

    def __init__(self, game: ir.Game, ref: TcgReference, where: str) -> None:
        self.game, self.ref, self.where = game, ref, where
        self.by_name: dict[str, int] = {}
        for i, c in enumerate(game.cards):
            self.by_name.setdefault(c.name, i)

    def card(self, name: str) -> int:
        if name not in self.by_name:
            raise ScenarioError(f'{self.where}: unknown card "{name}"')
        return self.by_name[name]

    def filler(self, sc: dict[str, Any]) -> int:
        if "filler" in sc:
            return self.card(sc["filler"])
        for i, c in enumerate(self.game.cards):
            if isinstance(c.body, ir.Energy) and c.body.category == "basic":
                return i
        raise ScenarioError(f"{self.where}: no basic Energy to use as filler; set `filler`")

    def side(self, spec: dict[str, Any], filler: int) -> dict[str, Any]:
        d, positions = self.ref.real_deck, self.ref.positions
        slots: list[tuple[int, int]] = []  # (card, zone)
        top = [-1] * positions
        damage = [0] * positions
        since = [0] * positions
        status = [0] * positions
        pokemon = [("active", 0, spec.get("active"))]
        pokemon += [("bench", j + 1, p) for j, p in enumerate(spec.get("bench", []))]
        for _, pos, entry in pokemon:
            if entry is None:
                continue
            entry = {"card": entry} if isinstance(entry, str) else dict(entry)
            for name in entry.get("under", []):
                slots.append((self.card(name), PLAY + pos))
            top[pos] = len(slots)
            slots.append((self.card(entry["card"]), PLAY + pos))
            for name in entry.get("attached", []):
                slots.append((self.card(name), PLAY + pos))
            damage[pos] = int(entry.get("damage", 0))
            since[pos] = int(entry.get("since", 0))
            for cond in entry.get("status", []):
                if cond not in self.ref.cond_index:
                    raise ScenarioError(f"{self.where}: unknown condition '{cond}'")
                status[pos] |= 1 << self.ref.cond_index[cond]
        slots += [(self.card(n), HAND) for n in spec.get("hand", [])]
        slots += [(self.card(n), DISCARD) for n in spec.get("discard", [])]
        prizes = int(spec.get("prizes", self.game.rules.prizes))
        taken = self.game.rules.prizes - prizes  # Prize cards are taken in order: the rest are the last ones
        if self.game.rules.prize_cards:  # else Prizes are points, no cards
            slots += [(filler, PRIZE + taken + m) for m in range(prizes)]
        left = d - len(slots)
        deck = int(spec.get("deck", left))
        if deck != left:
            # the rest of the slots go to the discard pile so that the deck holds exactly `deck` cards
            if deck > left:
                raise ScenarioError(f"{self.where}: {deck} deck cards do not fit in {d} slots")
            slots += [(filler, DISCARD)] * (left - deck)
        named = [self.card(n) for n in spec.get("deck_cards", [])]
        if len(named) > deck:
            raise ScenarioError(f"{self.where}: {len(named)} deck_cards do not fit in a deck of {deck}")
        slots += [(c, DECK) for c in named] + [(filler, DECK)] * (deck - len(named))
        # the Energy Zone's tokens (rules with energy_zone): `zone_energy` names the Energy cards of its
        # types in turn (default: the filler); none is handed out
        types = [self.card(n) for n in spec.get("zone_energy", [])] or [filler]
        tokens = [(types[k % len(types)], RESERVE) for k in range(self.ref.deck_size - d)]
        if "offered" in spec:  # the Energy the zone offers this turn
            wanted = self.card(spec["offered"])
            k = next((k for k, (c, _) in enumerate(tokens) if c == wanted), None)
            if k is None:
                raise ScenarioError(f'{self.where}: "{spec["offered"]}" is not among the zone_energy')
            tokens[k] = (wanted, OFFERED)
        slots += tokens
        return {
            "card": [c for c, _ in slots],
            "zone": [z for _, z in slots],
            "top": top,
            "damage": damage,
            "since": since,
            "status": status,
            "prizes_left": prizes,
        }

    def state(self, sc: dict[str, Any]) -> RefState:
        filler = self.filler(sc)
        sides = [self.side(sc.get("me", {}), filler), self.side(sc.get("opponent", {}), filler)]
        settings = sc.get("state", {})
        s = RefState(
            current_player=0,
            turn_player=0,
            turn=int(settings.get("turn", 3)),
            card=[x["card"] for x in sides],
            zone=[x["zone"] for x in sides],
            top=[x["top"] for x in sides],
            **{
                **zero_positions(self.ref.positions),
                "damage": [x["damage"] for x in sides],
                "since": [x["since"] for x in sides],
                "status": [x["status"] for x in sides],
            },
            pending_src=0,
            pending_step=0,
            pending_pos=0,
            prizes_left=[x["prizes_left"] for x in sides],
            energy_attached=int(settings.get("energy_attached", 0)),
            supporters=int(settings.get("supporters", 0)),
            retreats=int(settings.get("retreats", 0)),
            pending=PENDING[settings.get("pending", "none")],
            pending_amount=0,
            terminated=False,
            truncated=False,
            rewards=[0.0, 0.0],
            legal_action_mask=[],
            boost=0 if self.ref.boosts else None,
            revealed=[[False] * self.ref.deck_size for _ in range(2)] if self.ref.reveals else None,
        )
        self.ref.refresh_guard(s)
        s.legal_action_mask = self.ref.legal_mask(s)
        return s


def action_index(ref: TcgReference, s: RefState, text: str, where: str) -> int:
    """The action index of an action written as text, for the player to act in `s`."""
    words = text.split()
    p = s.current_player
    try:
        if words == ["end"]:
            return 0
        if words[0] == "attack":
            return ref.a_attack + int(words[1])
        if words[0] == "retreat":
            return ref.a_retreat + int(words[1]) - 1
        if words[0] == "choose":
            return ref.a_choose + int(words[1])
        if words == ["pass"]:
            return 0
        if words[0] == "power":
            return ref.a_power + int(words[1])
        if words[0] == "pick":
            return _pick_index(ref, s, " ".join(words[1:]), where)
        if words[0] == "play":
            rest = " ".join(words[1:])
            name, _, target = rest.partition(" to ")
            pos = 0
            if target.startswith("bench"):
                pos = int(target.split()[1])
            for i in range(ref.deck_size):
                if s.zone[p][i] in (HAND, OFFERED) and ref.name(s.card[p][i]) == name:
                    return ref.a_play + pos * ref.deck_size + i
            raise ScenarioError(f'{where}: no "{name}" in the hand of the player to act')
    except (IndexError, ValueError) as err:
        raise ScenarioError(f"{where}: cannot read action '{text}'") from err
    raise ScenarioError(
        f"{where}: unknown action '{text}'; expected end, attack K, retreat J, choose J, play NAME, "
        "pick NAME [at J], pass"
    )


def _pick_index(ref: TcgReference, s: RefState, text: str, where: str) -> int:
    """`pick NAME [at J]`: the first slot of that card the pending pick may take, else the first slot
    of that card on the side picked from (an illegal pick)."""
    name, _, at = text.partition(" at ")
    if s.pending & 31 != 5:
        raise ScenarioError(f"{where}: 'pick {text}' but no pick is pending")
    pick = ref.picks_of(s.pending_src)[s.pending_step]
    side = ref.pick_side(s, pick)
    slots = [
        i
        for i in range(ref.deck_size)
        if ref.name(s.card[side][i]) == name and (not at or s.zone[side][i] == PLAY + int(at))
    ]
    if not slots:
        raise ScenarioError(f'{where}: no "{name}" on the side being picked from')
    legal = [i for i in slots if s.legal_action_mask[ref.a_slot + i]]
    return ref.a_slot + (legal or slots)[0]


def coin_slots(ref: TcgReference, coins: dict[str, str], where: str) -> dict[int, int]:
    out = {}
    k = len(ref.conditions)
    for name, face in coins.items():
        parts = name.split(":")
        value = {"heads": 1, "tails": 0}.get(face)
        try:
            if value is None:
                raise ValueError(face)
            if parts[0] == "effect":
                slot = ref.slot_effect + int(parts[1])
            elif parts[0] == "attack_flip":
                slot = ref.slot_attack_flip + ref.cond_index[parts[1]]
            elif parts[0] == "between":
                slot = ref.slot_between + {"ender": 0, "other": 1}[parts[1]] * k + ref.cond_index[parts[2]]
            else:
                raise ValueError(name)
        except (KeyError, ValueError, IndexError) as err:
            raise ScenarioError(f"{where}: bad coin '{name} = {face}'") from err
        out[slot] = value
    return out


def key_with_coins(ref: TcgReference, wanted: dict[int, int], seed: int) -> jax.Array:
    """The first key (from `seed` on) whose step coins show the wanted faces."""
    for i in range(seed, seed + 4096):
        key = jax.random.PRNGKey(i)
        coins = np.asarray(rng.step_random(key, ref.num_slots, ref.num_draws)[0])
        if all(coins[slot] == face for slot, face in wanted.items()):
            return key
    raise ScenarioError(f"no key found for coins {wanted}")


def _view(ref: TcgReference, arrays: dict[str, np.ndarray], path: str) -> Any:
    """Read an expectation path from an absolute-layout state (player 0 = me)."""
    parts = path.split(".")
    if parts[0] in SIDES:
        p = SIDES[parts[0]]
        zone, card = arrays["zone"][p], arrays["card"][p]
        what = parts[1]
        if what in ("active", "bench"):
            pos = 0 if what == "active" else int(parts[2])
            fld = parts[-1]
            slot = int(arrays["top"][p][pos])
            if fld == "empty":
                return slot < 0
            if slot < 0:
                return None
            if fld == "card":
                return ref.name(int(card[slot]))
            if fld == "damage":
                return int(arrays["damage"][p][pos])
            if fld == "status":
                word = int(arrays["status"][p][pos])
                return [c.name for k, c in enumerate(ref.conditions) if word >> k & 1]
            if fld == "provides":  # the Energy provided there, one type name per Energy, sorted
                return sorted(
                    kind
                    for i in range(len(zone))
                    if zone[i] == PLAY + pos and ref.is_energy(int(card[i]))
                    for kind in ref.body(int(card[i])).provides  # type: ignore[union-attr]
                )
            if fld == "energy":
                return sum(
                    1 for i in range(len(zone)) if zone[i] == PLAY + pos and ref.is_energy(int(card[i]))
                )
        counts = {"hand": zone == HAND, "discard": zone == DISCARD, "deck": (zone == DECK) | (zone >= LOOKED)}
        if what in counts:
            return int(np.sum(counts[what]))
        if what in ("hand_cards", "discard_cards"):
            code = HAND if what == "hand_cards" else DISCARD
            return sorted(ref.name(int(card[i])) for i in range(len(zone)) if zone[i] == code)
        if what == "prizes":
            return int(arrays["prizes_left"][p])
        if what in ("hand_revealed", "revealed_cards") and "revealed" in arrays:
            shown = [i for i in range(len(zone)) if arrays["revealed"][p][i]]  # set for hand cards only
            return len(shown) if what == "hand_revealed" else sorted(ref.name(int(card[i])) for i in shown)
    if path == "current_player":
        return "me" if int(arrays["current_player"]) == 0 else "opponent"
    if path == "winner":
        r = arrays["rewards"]
        if r[0] > 0:
            return "me"
        if r[1] > 0:
            return "opponent"
        return "draw" if bool(arrays["terminated"]) else "none"
    if path in ("terminated", "truncated"):
        return bool(arrays[path])
    if path == "pending":
        # the choice; "+ends_turn" when an attack asked for it (the turn ends once it is made)
        pending = int(arrays["pending"])
        name = {v: k for k, v in PENDING.items()}[pending & 31]
        return name + ("+ends_turn" if pending >= 32 else "")
    if path == "turn":
        return int(arrays["turn"])
    raise ScenarioError(f"unknown expectation '{path}'")


def to_engine_state(module: ModuleType, template: Any, s: RefState) -> Any:
    """The engine's `State` for a reference state (dtypes taken from `template`)."""
    arrays = perspective(s)
    return module.State(
        **{name: jnp.asarray(arrays[name], getattr(template, name).dtype) for name in module.State._fields}
    )


@dataclass
class ScenarioRunner:
    game: ir.Game
    module: ModuleType
    step: Callable[..., Any] = field(init=False)

    def __post_init__(self) -> None:
        self.ref = TcgReference(self.game)
        self.step = jax.jit(self.module.step)
        decks = self.game.decks
        self.template = jax.jit(self.module.init)(
            jax.random.PRNGKey(0), jnp.asarray(decks[0].slots), jnp.asarray(decks[0].slots)
        )

    def run(self, file: str, sc: dict[str, Any]) -> ScenarioResult:
        where = f'{file}: scenario "{sc["name"]}"'
        result = ScenarioResult(sc["name"], file, list(sc.get("covers", [])))
        builder = _Builder(self.game, self.ref, where)
        ref_state = builder.state(sc)
        state = to_engine_state(self.module, self.template, ref_state)
        result.failures += [
            f"setup: {m.field}: engine {m.engine} != reference {m.reference}"
            for m in compare_states(jax.tree.map(np.asarray, state._asdict()), ref_state, game=0, step=0)
        ]
        for n, act in enumerate(sc.get("do", [])):
            act = {"action": act} if isinstance(act, str) else act
            index = action_index(self.ref, ref_state, act["action"], where)
            if not ref_state.legal_action_mask[index] and not act.get("illegal", False):
                result.failures.append(
                    f"'{act['action']}' is not a legal action here (write illegal = true "
                    "to test what an illegal action does)"
                )
            key = key_with_coins(self.ref, coin_slots(self.ref, act.get("coins", {}), where), seed=n * 4096)
            coins, draws = rng.step_random(key, self.ref.num_slots, self.ref.num_draws)
            ref_state = self.ref.step(
                ref_state, index, [int(c) for c in np.asarray(coins)], [int(w) for w in np.asarray(draws)]
            )
            state = self.step(state, index, key)
            diffs = compare_states(jax.tree.map(np.asarray, state._asdict()), ref_state, game=0, step=n + 1)
            result.failures += [
                f"after '{act['action']}': {m.field}: engine {m.engine} != reference {m.reference}"
                for m in diffs
            ]
        engine_arrays = jax.tree.map(np.asarray, state._asdict())
        engine_abs = flip_rows(engine_arrays, int(engine_arrays["current_player"]))
        ref_abs = ref_state.as_arrays()
        for path, expected in sc.get("expect", {}).items():
            if path in ("legal", "illegal"):
                for text in expected:
                    index = action_index(self.ref, ref_state, text, where)
                    for label, mask in (
                        ("engine", engine_abs["legal_action_mask"]),
                        ("reference", ref_abs["legal_action_mask"]),
                    ):
                        if bool(mask[index]) != (path == "legal"):
                            result.failures.append(f"{label}: '{text}' should be {path}")
                continue
            for label, arrays in (("engine", engine_abs), ("reference", ref_abs)):
                got = _view(self.ref, arrays, path)
                if isinstance(got, list):
                    got = sorted(got)
                if isinstance(expected, list):
                    expected = sorted(expected)
                if got != expected:
                    result.failures.append(f"{label}: {path} is {got!r}, expected {expected!r}")
        return result


def run_scenarios(game: ir.Game, module: ModuleType, folder: Path) -> list[ScenarioResult]:
    """Run every scenario of `folder`; a scenario that cannot be read fails with the reason."""
    runner = ScenarioRunner(game, module)
    results = []
    for file, sc in load_scenarios(folder):
        try:
            results.append(runner.run(file, sc))
        except ScenarioError as err:
            results.append(ScenarioResult(sc["name"], file, list(sc.get("covers", [])), [str(err)]))
    return results
