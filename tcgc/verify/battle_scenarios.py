"""Battle scenarios: two small teams, a few rounds with forced random words, the state that must follow.

Scenarios are data (TOML files in a battle game's `scenarios/` folder). Each runs on the JAX engine
(`step_with_words`) and on the reference from the same start state and the same words; the two states
must be equal after every round, and every expectation must hold on both.

    [[scenario]]
    name = "Body Slam cannot paralyze a Normal type"
    covers = ["move:Body Slam"]
    p0 = ["Tauros: Body Slam"]
    p1 = ["Snorlax: Rest"]
    [[scenario.round]]
    actions = ["move 0", "move 0"]
    words = { "p0.chance" = 0 }
    expect = { "p1.status" = "none" }

Teams: "Species: Move, Move" per member (the first is active). `state` overrides start values: `pN.hp`,
`pN.status`, `pN.pp.K` (of the active), `pN.slot.J.hp`, `pN.slot.J.status`, `pN.confusion`,
`pN.sub_hp`, `pN.toxic`, `last_damage`. Actions: `move K`, `struggle`, `switch J`,
`wait`, `forced` (the one move action while recharging, asleep, frozen, trapped or locked into a move;
alias `recharge`); `illegal = true` on a round expects the battle to end for an illegal action. Words
(per player N): `pN.paralysis`, `pN.accuracy`, `pN.crit`, `pN.damage`, `pN.chance`, `pN.sleep`,
`pN.hits`, `pN.confusion`, `pN.confused`, `pN.call`,
and `tie` (`call`: Metronome's and Mimic's pick); the defaults make nothing random happen: no full
paralysis, hits, no crit, the lowest damage roll (217), no secondary effect, the shortest sleep and
confusion, the first multi-hit table entry, no confusion self-hit, player 0 wins a speed tie.
Expectations: `pN.hp`, `pN.status` (a status name or "none"), `pN.sleep`, `pN.active` (a slot),
`pN.FIELD` for the per-player fields (boosts as `pN.boosts.STAT`, `modified` as `pN.modified.STAT`,
toxic, confusion, screens, focus, mist, seeded, flinch, recharge, request, charge, invulnerable, lock,
lock_time, lock_acc, lock_damage, trapped, disabled, disable_time, sub_hp, type_source, last_move,
used_last, mimic_slot, mimic_move, transformed, stat_source),
`pN.pp.K`, `pN.slot.J.hp`, `last_damage`, `winner` (p0 | p1 | draw | none), `turn`, and `legal.pN` /
`illegal.pN` (lists of actions).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import jax.numpy as jnp
import numpy as np

from tcgc import ir_battle as bir
from tcgc.reference.battle import BattleReference, BattleState
from tcgc.verify.battles import compare_battle

WORD_NAMES = (
    "paralysis", "accuracy", "crit", "damage", "chance", "sleep", "hits", "confusion", "confused", "call",
)  # fmt: skip
#: the default value of each word: nothing random happens
WORD_DEFAULTS = {"paralysis": 255, "accuracy": 0, "crit": 255, "damage": 0, "chance": 255, "sleep": 0,
                 "hits": 0, "confusion": 0, "confused": 0, "call": 0}  # fmt: skip
PER_PLAYER = (
    "toxic", "confusion", "screens", "focus", "mist", "seeded", "flinch", "recharge", "request", "charge",
    "invulnerable", "lock", "lock_time", "lock_acc", "lock_damage", "trapped", "disabled", "disable_time",
    "sub_hp", "type_source", "last_move", "used_last", "mimic_slot", "mimic_move", "transformed",
    "stat_source",
)  # fmt: skip
#: per-player fields a scenario's `state` may set (the active Pokemon's)
SETTABLE = ("confusion", "sub_hp", "toxic")
STAGES = ("atk", "def", "spc", "spe", "acc", "eva")


class BattleScenarioError(Exception):
    """A scenario that cannot be read or set up (not a failing expectation)."""


@dataclass
class BattleScenarioResult:
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_battle_scenarios(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every scenario of every `*.toml` file in `folder`, as (file, scenario)."""
    out = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise BattleScenarioError(f"{path}: {err}") from err
        for sc in data.get("scenario", []):
            if "name" not in sc:
                raise BattleScenarioError(f"{path}: a scenario has no name")
            out.append((str(path), sc))
    return out


class BattleScenarioRunner:
    def __init__(self, game: bir.BattleGame, module: ModuleType) -> None:
        self.game = game
        self.module = module
        self.ref = BattleReference(game)
        self.species = {s.name: k for k, s in enumerate(game.species)}
        self.moves = {m.name: k for k, m in enumerate(game.moves)}
        rules = game.rules
        self.t, self.m = rules.team_size, rules.moves_per_pokemon

    # ---- set-up ---------------------------------------------------------------------------------
    def team(self, members: list[str], where: str) -> tuple[list[int], list[list[int]]]:
        species, moves = [-1] * self.t, [[-1] * self.m for _ in range(self.t)]
        for j, text in enumerate(members):
            name, _, rest = text.partition(":")
            if name.strip() not in self.species:
                raise BattleScenarioError(f'{where}: unknown species "{name.strip()}"')
            species[j] = self.species[name.strip()]
            for k, move in enumerate(m.strip() for m in rest.split(",") if m.strip()):
                if move not in self.moves:
                    raise BattleScenarioError(f'{where}: unknown move "{move}"')
                moves[j][k] = self.moves[move]
        return species, moves

    def start(self, sc: dict[str, Any], where: str) -> BattleState:
        a, b = self.team(sc.get("p0", []), where), self.team(sc.get("p1", []), where)
        s = self.ref.init([a[0], b[0]], [a[1], b[1]])
        for key, value in sc.get("state", {}).items():
            parts = key.split(".")
            p = int(parts[0][1:])
            if parts[1:] == ["hp"]:
                s.hp[p][s.active[p]] = int(value)
            elif parts[1:] == ["status"]:
                s.status[p][s.active[p]] = 1 + self.game.rules.statuses.index(value)
            elif parts[1] == "pp":
                s.pp[p][s.active[p]][int(parts[2])] = int(value)
            elif parts[1] == "slot" and parts[3:] == ["hp"]:
                s.hp[p][int(parts[2])] = int(value)
            elif parts[1] == "slot" and parts[3:] == ["status"]:
                s.status[p][int(parts[2])] = 1 + self.game.rules.statuses.index(value)
            elif parts[1:] in ([f] for f in SETTABLE):
                getattr(s, parts[1])[p] = int(value)
            elif key == "last_damage":
                s.last_damage = int(value)
            else:
                raise BattleScenarioError(f"{where}: unknown state key '{key}'")
        s.legal_action_mask = self.ref.legal_mask(s)
        return s

    def action(self, text: str, where: str) -> int:
        words = text.split()
        m, t = self.m, self.t
        try:
            if words[0] == "move":
                return int(words[1])
            if words[0] == "struggle":
                return m
            if words[0] == "switch":
                return m + 1 + int(words[1])
            if words[0] == "wait":
                return m + 1 + t
            if words[0] in ("forced", "recharge"):
                return m + 2 + t
        except (IndexError, ValueError) as err:
            raise BattleScenarioError(f"{where}: cannot read action '{text}'") from err
        raise BattleScenarioError(
            f"{where}: unknown action '{text}'; expected move K, struggle, switch J, wait, forced"
        )

    def words(self, given: dict[str, int], where: str) -> list[int]:
        per = len(WORD_NAMES)
        out = [0] * self.ref.num_words
        for p in range(2):
            for i, name in enumerate(WORD_NAMES):
                out[per * p + i] = int(given.get(f"p{p}.{name}", WORD_DEFAULTS[name]))
        out[2 * per] = int(given.get("tie", 0))
        known = {f"p{p}.{n}" for p in range(2) for n in WORD_NAMES} | {"tie"}
        for key in given:
            if key not in known:
                raise BattleScenarioError(f"{where}: unknown word '{key}'")
        return out

    # ---- run ------------------------------------------------------------------------------------
    def run(self, file: str, sc: dict[str, Any]) -> BattleScenarioResult:
        where = f"{file}: {sc['name']}"
        result = BattleScenarioResult(sc["name"])
        ref_state = self.start(sc, where)
        m = self.module
        arrays = ref_state.as_arrays()
        state = m.State(**{k: jnp.asarray(arrays[k]) for k in m.State._fields})
        for n, rnd in enumerate(sc.get("round", [])):
            at = f"{where}, round {n + 1}"
            actions = [self.action(a, at) for a in rnd.get("actions", [])]
            if len(actions) != 2:
                raise BattleScenarioError(f"{at}: give two actions (player 0's, player 1's)")
            legal = [ref_state.legal_action_mask[p][actions[p]] for p in range(2)]
            if not all(legal) and not rnd.get("illegal", False):
                result.failures.append(f"round {n + 1}: action {rnd['actions']} is not legal")
                return result
            words = self.words(rnd.get("words", {}), at)
            ref_state = self.ref.step(ref_state, actions, words)
            state = m.step_with_words(state, jnp.asarray(actions), jnp.asarray(words, jnp.uint32))
            host = {k: np.asarray(v) for k, v in state._asdict().items()}
            for mismatch in compare_battle(host, ref_state, game=0, step=n + 1):
                result.failures.append(
                    f"round {n + 1}: engine and reference differ in {mismatch.field}: "
                    f"{mismatch.engine} vs {mismatch.reference}"
                )
            for impl, arrays in (("engine", host), ("reference", ref_state.as_arrays())):
                for key, expected in rnd.get("expect", {}).items():
                    self.check(result, impl, n + 1, arrays, key, expected, at)
        return result

    def check(
        self,
        result: BattleScenarioResult,
        impl: str,
        n: int,
        s: dict[str, np.ndarray],
        key: str,
        expected: Any,
        where: str,
    ) -> None:
        if key.split(".")[0] in ("legal", "illegal"):
            p = int(key.split(".")[1][1:])
            for text in expected:
                a = self.action(text, where)
                if bool(s["legal_action_mask"][p][a]) != (key.startswith("legal")):
                    result.failures.append(
                        f"{impl}, round {n}: '{text}' should be {key.split('.')[0]} for p{p}"
                    )
            return
        got = self.view(s, key, where)
        if got != expected:
            result.failures.append(f"{impl}, round {n}: {key} = {got!r}, expected {expected!r}")

    def view(self, s: dict[str, np.ndarray], key: str, where: str) -> Any:
        parts = key.split(".")
        if key == "winner":
            r = s["rewards"]
            if r[0] > 0:
                return "p0"
            if r[1] > 0:
                return "p1"
            return "draw" if bool(s["terminated"]) else "none"
        if key in ("turn", "last_damage"):
            return int(s[key])
        if not (parts[0] in ("p0", "p1") and len(parts) >= 2):
            raise BattleScenarioError(f"{where}: unknown expectation '{key}'")
        p = int(parts[0][1:])
        a = int(s["active"][p])
        what = parts[1]
        if what == "hp":
            return int(s["hp"][p][a])
        if what == "status":
            code = int(s["status"][p][a])
            return "none" if code == 0 else self.game.rules.statuses[code - 1]
        if what == "sleep":
            return int(s["sleep"][p][a])
        if what == "active":
            return a
        if what == "pp":
            return int(s["pp"][p][a][int(parts[2])])
        if what == "slot" and parts[3:] == ["hp"]:
            return int(s["hp"][p][int(parts[2])])
        if what == "boosts":
            return int(s["boosts"][p][STAGES.index(parts[2])])
        if what == "modified":
            return int(s["modified"][p][STAGES.index(parts[2])])
        if what in PER_PLAYER:
            value = s[what][p]
            return bool(value) if value.dtype == bool else int(value)
        raise BattleScenarioError(f"{where}: unknown expectation '{key}'")
