"""The reference interpreter of the battle dialect: plain Python over the checked IR, written for clarity.

It is the oracle the generated JAX battle engine is compared with, field by field, after every step.
It reads only `tcgc.ir_battle.BattleGame` and shares no code with the code generator; both follow the
same written contract (the battle engine's semantics): the stat formula, the state fields, the action
numbering, and one step's 19 random words, of which player p reads `words[9 * p + i]` for
i = 0 full paralysis, 1 accuracy, 2 critical hit, 3 damage roll (and Psywave's damage), 4 secondary
chance, 5 sleep length, 6 number of hits, 7 confusion length, 8 confusion self-hit roll, and `words[18]`
breaks speed ties. "roll256" of a word is the word mod 256.

Actions: move slot k (0..M-1), Struggle (M), switch to slot j (M + 1 + j), wait (M + 1 + T) and recharge
(M + T + 2: the only legal action of a Pokemon that must recharge after a move like Hyper Beam).

Stat order is (hp, atk, def, spc, spe); `modified` holds the 4 battle stats (atk, def, spc, spe) of the
active Pokemon and `boosts` its 6 stages (atk, def, spc, spe, acc, eva). Status codes are 1 + the
status's position in `rules.statuses` (0: none). Unspecified effect statements (holes) do nothing.

Volatile conditions of each player's active Pokemon (a switch-in of that player clears them): `confusion`
(turns left), `screens` (bit 1: Reflect, bit 2: Light Screen), `focus` (Focus Energy), `mist` and `seeded`
(Leech Seed: the opponent's active gains what it loses), `charge` (1 + the slot of a two-turn move being
charged, 0: none) and `invulnerable` (underground or in the air: Dig, Fly).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

import numpy as np

from tcgc import ir_battle

NUM_WORDS = 19
# the word of player p for purpose i is words[WORDS_PER_PLAYER * p + i]
WORDS_PER_PLAYER = 9
W_PARALYSIS, W_ACCURACY, W_CRIT, W_DAMAGE, W_CHANCE, W_SLEEP, W_HITS, W_CONFUSION, W_SELF_HIT = range(9)
W_SPEED_TIE = 18
# the damage of a knock-out move (more than any HP)
OHKO_DAMAGE = 65535
STATS = ("hp", "atk", "def", "spc", "spe")
STAGES = ("atk", "def", "spc", "spe", "acc", "eva")
# the first 4 stages are the battle stats, kept in `modified` (index = stage index)
BATTLE_STATS = 4
ATK, DEF, SPC, SPE, ACC, EVA = range(6)
WAIT, CHOOSE, MUST_SWITCH = 0, 1, 2
# the bits of `screens`
REFLECT, LIGHT_SCREEN = 1, 2
SCREEN_BITS = {"def": REFLECT, "spc": LIGHT_SCREEN}

_S = TypeVar("_S")


def _ceil_sqrt(x: int) -> int:
    """The smallest n with n * n >= x (x >= 0)."""
    n = 0
    while n * n < x:
        n += 1
    return n


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _clamp(x: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, x))


def _first(move: ir_battle.Move, kind: type[_S]) -> _S | None:
    """The move's top-level statement of this kind (each is at most once per move), or None."""
    for stmt in move.effect:
        if isinstance(stmt, kind):
            return stmt
    return None


@dataclass
class BattleState:
    """The state of a battle: the contract's fields, as plain Python lists (`[2, ...]` arrays are
    nested lists indexed by player id)."""

    species: list[list[int]]
    moves: list[list[list[int]]]
    pp: list[list[list[int]]]
    hp: list[list[int]]
    status: list[list[int]]
    sleep: list[list[int]]
    active: list[int]
    boosts: list[list[int]]
    modified: list[list[int]]
    toxic: list[int]
    #: the active Pokemon flinched this round (cleared at the end of every step)
    flinch: list[bool]
    #: the active Pokemon must recharge: its next action is the recharge action
    recharge: list[bool]
    #: turns of confusion left (0: not confused)
    confusion: list[int]
    #: bit 1: Reflect, bit 2: Light Screen
    screens: list[int]
    #: Focus Energy
    focus: list[bool]
    #: Mist: the foe's status moves cannot lower its stages
    mist: list[bool]
    #: Leech Seed is on it (the opponent's active gains the HP it loses)
    seeded: list[bool]
    #: 0, or 1 + the move slot being charged (a two-turn move: it comes out next round)
    charge: list[int]
    #: the active Pokemon is underground / in the air (Dig, Fly): foe-targeting moves do not land
    invulnerable: list[bool]
    seen: list[list[bool]]
    revealed: list[list[list[bool]]]
    request: list[int]
    turn: int
    terminated: bool
    truncated: bool
    rewards: list[float]
    legal_action_mask: list[list[bool]]

    def clone(self) -> BattleState:
        """A deep copy (every list is new)."""
        return BattleState(
            species=[list(row) for row in self.species],
            moves=[[list(slot) for slot in team] for team in self.moves],
            pp=[[list(slot) for slot in team] for team in self.pp],
            hp=[list(row) for row in self.hp],
            status=[list(row) for row in self.status],
            sleep=[list(row) for row in self.sleep],
            active=list(self.active),
            boosts=[list(row) for row in self.boosts],
            modified=[list(row) for row in self.modified],
            toxic=list(self.toxic),
            flinch=list(self.flinch),
            recharge=list(self.recharge),
            confusion=list(self.confusion),
            screens=list(self.screens),
            focus=list(self.focus),
            mist=list(self.mist),
            seeded=list(self.seeded),
            charge=list(self.charge),
            invulnerable=list(self.invulnerable),
            seen=[list(row) for row in self.seen],
            revealed=[[list(slot) for slot in team] for team in self.revealed],
            request=list(self.request),
            turn=self.turn,
            terminated=self.terminated,
            truncated=self.truncated,
            rewards=list(self.rewards),
            legal_action_mask=[list(row) for row in self.legal_action_mask],
        )

    def as_arrays(self) -> dict[str, np.ndarray]:
        """The state as numpy arrays, named and shaped as the engine's: int32 for integers, bool for
        flags, float32 for the rewards."""
        out: dict[str, np.ndarray] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _BOOL_FIELDS:
                out[f.name] = np.asarray(value, dtype=np.bool_)
            elif f.name == "rewards":
                out[f.name] = np.asarray(value, dtype=np.float32)
            else:
                out[f.name] = np.asarray(value, dtype=np.int32)
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> BattleState:
        """The state held in a dict of arrays (numpy or JAX) named as the fields (the inverse of
        `as_arrays`)."""
        values = {}
        for f in fields(cls):
            a = np.asarray(arrays[f.name])
            if f.name in _BOOL_FIELDS:
                values[f.name] = a.astype(bool).tolist()
            elif f.name == "rewards":
                values[f.name] = [float(x) for x in a.astype(np.float64).tolist()]
            else:
                values[f.name] = a.astype(np.int64).tolist()
        return cls(**values)


_BOOL_FIELDS = frozenset(
    {
        "flinch",
        "recharge",
        "focus",
        "mist",
        "seeded",
        "invulnerable",
        "seen",
        "revealed",
        "terminated",
        "truncated",
        "legal_action_mask",
    }
)


@dataclass(frozen=True)
class _Effect:
    """What the effect statements of one use of a move need to know."""

    move: ir_battle.Move
    #: it deals damage (power, fixed damage or a knock out): Mist does not block its stage drops
    damaging: bool
    #: roll256 of the user's chance word (one roll for every chance statement of the move)
    chance_roll: int
    #: the foe has yet to take its turn this round
    foe_to_move: bool


def team_arrays(game: ir_battle.BattleGame, team_index: int) -> tuple[list[int], list[list[int]]]:
    """The `species [T]` and `moves [T][M]` rows of the spec's team `team_index` (-1 padded)."""
    if not 0 <= team_index < len(game.teams):
        raise ValueError(f"team index {team_index} out of range: the game has {len(game.teams)} teams")
    t, m = game.rules.team_size, game.rules.moves_per_pokemon
    team = game.teams[team_index]
    if len(team.members) > t:
        raise ValueError(f"team {team.name!r} has {len(team.members)} members; team_size is {t}")
    species = [-1] * t
    moves = [[-1] * m for _ in range(t)]
    for j, member in enumerate(team.members):
        if len(member.moves) > m:
            raise ValueError(f"team {team.name!r} member {j} has {len(member.moves)} moves; the most is {m}")
        species[j] = member.species
        for k, move in enumerate(member.moves):
            moves[j][k] = move
    return species, moves


class BattleReference:
    """The battle engine of one checked `BattleGame`, interpreted step by step."""

    def __init__(self, game: ir_battle.BattleGame) -> None:
        self.game = game
        rules = game.rules
        self.rules = rules
        self.team_size = rules.team_size
        self.moves_per_pokemon = rules.moves_per_pokemon
        self.num_actions = rules.moves_per_pokemon + rules.team_size + 3
        self.num_words = NUM_WORDS
        # action numbering
        self.struggle_action = rules.moves_per_pokemon
        self.first_switch_action = rules.moves_per_pokemon + 1
        self.wait_action = rules.moves_per_pokemon + 1 + rules.team_size
        self.recharge_action = rules.moves_per_pokemon + rules.team_size + 2
        self.type_rules = {t.name: t for t in game.types}
        move_index = {m.name: i for i, m in enumerate(game.moves)}
        if rules.struggle not in move_index:
            raise ValueError(f"the struggle move {rules.struggle!r} is not a move of the game")
        self.struggle_move = move_index[rules.struggle]
        self._stats = [self._compute_stats(i) for i in range(len(game.species))]

    # ---- constants ------------------------------------------------------------------------------

    def _compute_stats(self, species: int) -> tuple[int, int, int, int, int]:
        rules = self.rules
        base = self.game.species[species].base
        bonus = min(255, _ceil_sqrt(rules.stat_exp)) // 4
        level, dv = rules.level, rules.dv
        hp = (2 * (base["hp"] + dv) + bonus) * level // 100 + level + 10
        others = [(2 * (base[name] + dv) + bonus) * level // 100 + 5 for name in STATS[1:]]
        return (hp, others[0], others[1], others[2], others[3])

    def stats(self, species: int) -> tuple[int, int, int, int, int]:
        """The stored stats (hp, atk, def, spc, spe) of a species."""
        if not 0 <= species < len(self._stats):
            raise ValueError(f"unknown species index {species}")
        return self._stats[species]

    def status_code(self, name: str) -> int:
        """The state's code of a status primitive (0 when the rules have no such status)."""
        statuses = self.rules.statuses
        return statuses.index(name) + 1 if name in statuses else 0

    def _status_name(self, code: int) -> str | None:
        return self.rules.statuses[code - 1] if code > 0 else None

    def _mult(self, stage: int) -> int:
        return self.rules.stage_multipliers[stage + self.rules.max_stage]

    def _tenths(self, move_type: str, defender: int) -> list[int]:
        """The effectiveness (tenths) of a move type against each type of a species, in species order."""
        chart = self.type_rules[move_type].tenths
        return [chart.get(t, 10) for t in self.game.species[defender].types]

    # ---- init and legal actions -----------------------------------------------------------------

    def init(self, species: Sequence[Sequence[int]], moves: Sequence[Sequence[Sequence[int]]]) -> BattleState:
        """The first state of a battle of two teams (`species [2][T]`, -1 for an empty slot, and
        `moves [2][T][M]`, -1 for none; shorter rows are padded with -1). No randomness."""
        t, m = self.team_size, self.moves_per_pokemon
        num_species, num_moves = len(self.game.species), len(self.game.moves)
        if len(species) != 2 or len(moves) != 2:
            raise ValueError("init takes the species and moves of exactly 2 players")
        sp = [[-1] * t for _ in range(2)]
        mv = [[[-1] * m for _ in range(t)] for _ in range(2)]
        for p in range(2):
            team = [int(x) for x in species[p]]
            if len(team) > t:
                raise ValueError(f"player {p}'s team has {len(team)} slots; team_size is {t}")
            if len(moves[p]) > t:
                raise ValueError(f"player {p}'s moves have {len(moves[p])} slots; team_size is {t}")
            for j, s in enumerate(team):
                if not -1 <= s < num_species:
                    raise ValueError(f"player {p} slot {j}: unknown species index {s}")
                sp[p][j] = s
            if sp[p][0] < 0:
                raise ValueError(f"player {p}'s team slot 0 (its first active Pokemon) is empty")
            for j, row in enumerate(moves[p]):
                row = [int(x) for x in row]
                if len(row) > m:
                    raise ValueError(f"player {p} slot {j} has {len(row)} moves; moves_per_pokemon is {m}")
                for k, x in enumerate(row):
                    if not -1 <= x < num_moves:
                        raise ValueError(f"player {p} slot {j} move {k}: unknown move index {x}")
                    if x >= 0 and sp[p][j] < 0:
                        raise ValueError(f"player {p} slot {j} is empty but has move {x}")
                    mv[p][j][k] = x
        pp = [[[self.game.moves[x].pp if x >= 0 else 0 for x in row] for row in team] for team in mv]
        hp = [[self._stats[s][0] if s >= 0 else 0 for s in team] for team in sp]
        state = BattleState(
            species=sp,
            moves=mv,
            pp=pp,
            hp=hp,
            status=[[0] * t for _ in range(2)],
            sleep=[[0] * t for _ in range(2)],
            active=[0, 0],
            boosts=[[0] * len(STAGES) for _ in range(2)],
            modified=[list(self._stats[sp[p][0]][1:]) for p in range(2)],
            toxic=[0, 0],
            flinch=[False, False],
            recharge=[False, False],
            confusion=[0, 0],
            screens=[0, 0],
            focus=[False, False],
            mist=[False, False],
            seeded=[False, False],
            charge=[0, 0],
            invulnerable=[False, False],
            seen=[[j == 0 for j in range(t)] for _ in range(2)],
            revealed=[[[False] * m for _ in range(t)] for _ in range(2)],
            request=[CHOOSE, CHOOSE],
            turn=0,
            terminated=False,
            truncated=False,
            rewards=[0.0, 0.0],
            legal_action_mask=[[False] * self.num_actions for _ in range(2)],
        )
        state.legal_action_mask = self.legal_mask(state)
        return state

    def legal_mask(self, s: BattleState) -> list[list[bool]]:
        """`[2][NUM_ACTIONS]`: the legal actions of each player in state `s`."""
        if s.terminated or s.truncated:
            return [[True] * self.num_actions for _ in range(2)]
        m, t = self.moves_per_pokemon, self.team_size
        out = []
        for p in range(2):
            row = [False] * self.num_actions
            request, a = s.request[p], s.active[p]
            if request == CHOOSE and s.recharge[p]:
                # a Pokemon that must recharge has no other choice
                row[self.recharge_action] = True
                out.append(row)
                continue
            if request == CHOOSE and s.charge[p] > 0:
                # nor does one charging a two-turn move: the move comes out (no switch)
                row[s.charge[p] - 1] = True
                out.append(row)
                continue
            if request == CHOOSE:
                any_pp = False
                for k in range(m):
                    if s.pp[p][a][k] > 0:
                        any_pp = True
                    row[k] = s.moves[p][a][k] >= 0 and s.pp[p][a][k] > 0
                row[self.struggle_action] = not any_pp
            if request in (CHOOSE, MUST_SWITCH):
                for j in range(t):
                    row[self.first_switch_action + j] = j != a and s.species[p][j] >= 0 and s.hp[p][j] > 0
            row[self.wait_action] = request == WAIT
            out.append(row)
        return out

    # ---- step -----------------------------------------------------------------------------------

    def step(self, s: BattleState, actions: Sequence[int], words: Sequence[int]) -> BattleState:
        """The state after both players' `actions` with the step's 19 random `words` (uint32 as ints).
        Returns a new state; `s` is left unchanged."""
        if len(actions) != 2:
            raise ValueError(f"step takes 2 actions, got {len(actions)}")
        if len(words) != NUM_WORDS:
            raise ValueError(f"step takes {NUM_WORDS} random words, got {len(words)}")
        acts = [int(a) for a in actions]
        w = [int(x) for x in words]
        n = s.clone()
        # 0. a finished battle stays as it is
        if n.terminated or n.truncated:
            n.rewards = [0.0, 0.0]
            return n
        # 1. illegal actions lose
        legal = [0 <= acts[p] < self.num_actions and s.legal_action_mask[p][acts[p]] for p in range(2)]
        if not all(legal):
            n.terminated = True
            if legal[0] or legal[1]:
                n.rewards = [1.0 if legal[p] else -1.0 for p in range(2)]
            else:
                n.rewards = [0.0, 0.0]
            n.legal_action_mask = self.legal_mask(n)
            return n
        n.rewards = [0.0, 0.0]
        # 2. a forced-switch round
        if MUST_SWITCH in n.request:
            for p in range(2):
                if n.request[p] == MUST_SWITCH:
                    self._switch_in(n, p, acts[p] - self.first_switch_action)
            n.request = [CHOOSE, CHOOSE]
            n.flinch = [False, False]
            n.legal_action_mask = self.legal_mask(n)
            return n
        # 3. a move round: switches first
        n.turn += 1
        movers = []
        for p in range(2):
            if self._is_switch(acts[p]):
                self._switch_in(n, p, acts[p] - self.first_switch_action)
            else:
                movers.append(p)
        # 4. move order (recharging: priority 0)
        if len(movers) == 2:
            key = [(self._priority(n, p, acts[p]), n.modified[p][SPE]) for p in range(2)]
            if key[0] != key[1]:
                movers = [0, 1] if key[0] > key[1] else [1, 0]
            else:
                movers = [0, 1] if w[W_SPEED_TIE] % 2 == 0 else [1, 0]
        # 5. the moves
        for i, p in enumerate(movers):
            q = 1 - p
            if n.hp[p][n.active[p]] == 0 or n.hp[q][n.active[q]] == 0:
                continue
            # foe_to_move: whether the foe still has its turn of this round to come (Haze stops it if it
            # is frozen or asleep); a charging turn leaves used = None (the residual applies as after a
            # self-targeting move)
            used = None
            if self._can_act(n, p, acts[p], w) and self._use_move(
                n, p, acts[p], w, foe_to_move=q in movers[i + 1 :]
            ):
                used = self._move_of(n, p, acts[p])
            self._residual(n, p, used)
        # 6. faints
        lost = [False, False]
        must_switch = [False, False]
        for p in range(2):
            if n.hp[p][n.active[p]] == 0:
                if any(h > 0 for h in n.hp[p]):
                    must_switch[p] = True
                else:
                    lost[p] = True
        if lost[0] or lost[1]:
            n.terminated = True
            if lost[0] and lost[1]:
                n.rewards = [0.0, 0.0]
            else:
                n.rewards = [-1.0 if lost[p] else 1.0 for p in range(2)]
        elif must_switch[0] or must_switch[1]:
            n.request = [MUST_SWITCH if must_switch[p] else WAIT for p in range(2)]
        else:
            n.request = [CHOOSE, CHOOSE]
        if not n.terminated and n.turn >= self.rules.turn_limit:
            n.truncated = True
            n.rewards = [0.0, 0.0]
        # 7. the legal mask; flinches last one round
        n.flinch = [False, False]
        n.legal_action_mask = self.legal_mask(n)
        return n

    def _is_switch(self, action: int) -> bool:
        return self.first_switch_action <= action < self.first_switch_action + self.team_size

    def _priority(self, s: BattleState, p: int, action: int) -> int:
        """The priority of a mover's action: its move's (Struggle's for Struggle), 0 for recharging."""
        if action == self.recharge_action:
            return 0
        return self.game.moves[self._move_of(s, p, action)].priority

    def _move_of(self, s: BattleState, p: int, action: int) -> int:
        """The move index a move action of player p uses (Struggle for the Struggle action)."""
        if action == self.struggle_action:
            return self.struggle_move
        return s.moves[p][s.active[p]][action]

    def _switch_in(self, s: BattleState, p: int, j: int) -> None:
        s.active[p] = j
        s.boosts[p] = [0] * len(STAGES)
        s.modified[p] = list(self._stats[s.species[p][j]][1:])
        status = self._status_name(s.status[p][j])
        if status == "par":
            s.modified[p][SPE] = max(1, s.modified[p][SPE] // self.rules.paralysis_speed_divisor)
        elif status == "brn":
            s.modified[p][ATK] = max(1, s.modified[p][ATK] // self.rules.burn_attack_divisor)
        s.toxic[p] = 0
        s.flinch[p] = False
        s.recharge[p] = False
        s.confusion[p] = 0
        s.screens[p] = 0
        s.focus[p] = False
        s.mist[p] = False
        s.seeded[p] = False
        s.charge[p] = 0
        s.invulnerable[p] = False
        s.seen[p][j] = True

    def _can_act(self, s: BattleState, p: int, action: int, w: list[int]) -> bool:
        """Whether player p uses its move (5a): frozen, asleep, flinched, recharging, confused (a hit
        on itself), fully paralyzed, checked in this order; the first that holds stops it (only the
        recharge check clears the recharge). A Pokemon charging a two-turn move that does not act loses
        the charge, and its invulnerability too unless full paralysis stopped it (Showdown's quirk)."""
        cause = self._stopped_by(s, p, action, w)
        if cause is None:
            return True
        # (a recharging Pokemon never charges)
        if s.charge[p] > 0:
            s.charge[p] = 0
            if cause != "par":
                s.invulnerable[p] = False
        return False

    def _stopped_by(self, s: BattleState, p: int, action: int, w: list[int]) -> str | None:
        """What stops player p's move in 5a: "frz", "slp", "flinch", "recharge", "confusion" (a hit on
        itself) or "par" (full paralysis); None when it acts."""
        a = s.active[p]
        status = self._status_name(s.status[p][a])
        if status == "frz":
            return "frz"
        if status == "slp":
            s.sleep[p][a] -= 1
            if s.sleep[p][a] <= 0:
                s.sleep[p][a] = 0
                s.status[p][a] = 0
            return "slp"
        if s.flinch[p]:
            return "flinch"
        if action == self.recharge_action:
            s.recharge[p] = False
            return "recharge"
        if s.confusion[p] > 0:
            s.confusion[p] -= 1
            roll = w[WORDS_PER_PLAYER * p + W_SELF_HIT] % 256
            if s.confusion[p] > 0 and roll >= self.rules.confusion_self_hit:
                s.hp[p][a] = max(
                    0, s.hp[p][a] - self.confusion_damage(s.modified[p][ATK], s.modified[p][DEF])
                )
                return "confusion"
        if status == "par" and w[WORDS_PER_PLAYER * p + W_PARALYSIS] % 256 < self.rules.full_paralysis:
            return "par"
        return None

    def _accuracy_hits(self, s: BattleState, p: int, move: ir_battle.Move, w: list[int]) -> bool:
        if move.accuracy is None:
            return True
        q = 1 - p
        acc = move.accuracy * 255 // 100
        acc = acc * self._mult(s.boosts[p][ACC]) // 100
        acc = acc * self._mult(-s.boosts[q][EVA]) // 100
        acc = _clamp(acc, 1, 255)
        if move.self_target:
            acc += 1
        return w[WORDS_PER_PLAYER * p + W_ACCURACY] % 256 < acc

    def confusion_damage(self, atk: int, dfn: int) -> int:
        """The damage a confused Pokemon with these modified Attack and Defense does to itself: the
        formula at confusion_self_hit_power, without the random factor, crit, type, screens, the
        rescaling of stats >= 256 or the damage cap."""
        level = self.rules.level
        return (2 * level // 5 + 2) * atk * self.rules.confusion_self_hit_power // dfn // 50 + 2

    def _crit_chance(self, species: int, move: ir_battle.Move, focus: bool = False) -> int:
        """The critical-hit threshold (in 256) of a move; `focus`: the user has used Focus Energy (the
        Gen 1 bug: it quarters the chance instead of raising it)."""
        c = self.game.species[species].base["spe"] // self.rules.crit_speed_divisor
        c = c // 2 if focus else _clamp(2 * c, 1, 255)
        if move.high_crit:
            return _clamp(c * self.rules.crit_high_multiplier, 1, 255)
        return c // 2

    def _base_damage(
        self, attacker: int, defender: int, move: ir_battle.Move, crit: bool, atk: int, dfn: int
    ) -> int:
        """The damage before the random factor (the caller applies it when the result is > 1).
        `atk` and `dfn` are the stats to use (the caller picks stored ones on a crit). A physical move
        that halves the foe's Defense halves `dfn` after the rescaling of stats >= 256."""
        rules = self.rules
        level = 2 * rules.level if crit else rules.level
        if atk >= 256 or dfn >= 256:
            atk = max(1, (atk // 4) % 256)
            dfn = max(1, (dfn // 4) % 256)
        if _first(move, ir_battle.HalveDefense) is not None and move.type not in rules.special_types:
            dfn = max(1, dfn // 2)
        x = 2 * level // 5 + 2
        x = x * move.power * atk // dfn
        x = min(x // 50, rules.damage_cap) + 2
        if move.type in self.game.species[attacker].types:
            x = x * rules.stab[0] // rules.stab[1]
        for tenths in self._tenths(move.type, defender):
            if tenths == 20:
                x = x * 20 // 10
            elif tenths == 5:
                x = x * 5 // 10
        return x

    def _attack_stats(self, move: ir_battle.Move) -> tuple[int, int]:
        """The (attacking, defending) battle-stat indices of a move: atk/def, or spc/spc if special."""
        return (SPC, SPC) if move.type in self.rules.special_types else (ATK, DEF)

    def _use_move(self, s: BattleState, p: int, action: int, w: list[int], foe_to_move: bool = False) -> bool:
        """Player p uses the move of `action` (5b): PP, the failure checks, accuracy and immunity, then
        damage, recoil and drain, the effect statements, healing, fainting and recharging.
        `foe_to_move`: the foe has yet to take its turn this round (p moves first). False for the
        charging turn of a two-turn move (the move is revealed, no PP is spent, nothing else happens),
        True otherwise."""
        q = 1 - p
        a, d = s.active[p], s.active[q]
        if action == self.struggle_action:
            move_index = self.struggle_move
        else:
            move_index = s.moves[p][a][action]
        move = self.game.moves[move_index]
        charge = _first(move, ir_battle.Charge)
        if s.charge[p] > 0:
            # the second turn: the move comes out
            s.charge[p] = 0
            s.invulnerable[p] = False
        elif charge is not None:
            s.revealed[p][a][action] = True
            s.charge[p] = 1 + action
            s.invulnerable[p] = charge.invulnerable
            return False
        if action != self.struggle_action:
            s.pp[p][a][action] -= 1
            s.revealed[p][a][action] = True
        fixed = _first(move, ir_battle.FixedDamage)
        ohko = _first(move, ir_battle.Ohko) is not None
        damaging = move.power > 0 or fixed is not None or ohko
        if not self._lands(s, p, move, fixed is not None, ohko, w):
            crash = _first(move, ir_battle.CrashOnMiss)
            if crash is not None:
                s.hp[p][a] = max(0, s.hp[p][a] - crash.amount)
            if _first(move, ir_battle.UserFaints) is not None:
                s.hp[p][a] = 0
            return True
        maxhp = self._stats[s.species[p][a]][0]
        # damage: one hit's x, times the number of hits, never more than the foe's HP
        dealt = 0
        if damaging:
            x = self._hit_damage(s, p, move, fixed, ohko, w)
            hits = _first(move, ir_battle.Hits)
            if hits is None:
                n = 1
            elif hits.low < hits.high:
                table = self.rules.multi_hit_table
                n = table[w[WORDS_PER_PLAYER * p + W_HITS] % len(table)]
            else:
                n = hits.low
            dealt = min(n * x, s.hp[q][d])
            s.hp[q][d] -= dealt
        recoil = _first(move, ir_battle.Recoil)
        if recoil is not None and dealt > 0:
            # JavaScript's Math.round(dealt * num / den), at least 1
            lost = max(1, (2 * dealt * recoil.num + recoil.den) // (2 * recoil.den))
            s.hp[p][a] = max(0, s.hp[p][a] - lost)
        drain = _first(move, ir_battle.Drain)
        if drain is not None and dealt > 0:
            s.hp[p][a] = min(maxhp, s.hp[p][a] + max(1, dealt * drain.num // drain.den))
        chance_roll = w[WORDS_PER_PLAYER * p + W_CHANCE] % 256
        effect = _Effect(move=move, damaging=damaging, chance_roll=chance_roll, foe_to_move=foe_to_move)
        for stmt in move.effect:
            self._run_effect(s, p, effect, stmt, w, in_chance=False)
        heal = _first(move, ir_battle.HealSelf)
        if heal is not None and not self._heal_fails(s.hp[p][a], maxhp):
            s.hp[p][a] = min(maxhp, s.hp[p][a] + maxhp * heal.num // heal.den)
        rest = _first(move, ir_battle.Rest)
        if rest is not None:
            asleep = self._status_name(s.status[p][a]) == "slp"
            if not asleep and not self._heal_fails(s.hp[p][a], maxhp):
                s.status[p][a] = self.status_code("slp")
                s.sleep[p][a] = rest.turns
                s.hp[p][a] = maxhp
        if _first(move, ir_battle.UserFaints) is not None:
            s.hp[p][a] = 0
        if _first(move, ir_battle.Recharge) is not None and dealt > 0 and s.hp[q][d] > 0:
            s.recharge[p] = True
        return True

    def _lands(
        self, s: BattleState, p: int, move: ir_battle.Move, fixed: bool, ohko: bool, w: list[int]
    ) -> bool:
        """Whether the move lands: the foe has the status it requires, a knock-out move's user is not
        slower, the accuracy roll passes, the foe is not invulnerable (underground or in the air) unless
        the move targets its user or reaches it, and the foe is not immune (damaging moves with power and
        knock-out moves; status moves of the rules' immunity-checking types; never fixed damage)."""
        q = 1 - p
        d = s.active[q]
        if s.invulnerable[q] and not move.self_target and _first(move, ir_battle.ReachesInvulnerable) is None:
            return False
        required = _first(move, ir_battle.RequiresStatus)
        if required is not None and s.status[q][d] != self.status_code(required.status):
            return False
        if ohko and s.modified[q][SPE] > s.modified[p][SPE]:
            return False
        if not self._accuracy_hits(s, p, move, w):
            return False
        if 0 in self._tenths(move.type, s.species[q][d]):
            if move.power > 0 or ohko:
                return False
            if not fixed and move.type in self.rules.status_moves_check_types:
                return False
        return True

    def _hit_damage(
        self,
        s: BattleState,
        p: int,
        move: ir_battle.Move,
        fixed: ir_battle.FixedDamage | None,
        ohko: bool,
        w: list[int],
    ) -> int:
        """The damage x of one hit of a damaging move that landed."""
        q = 1 - p
        a, d = s.active[p], s.active[q]
        level = self.rules.level
        if ohko:
            return OHKO_DAMAGE
        if fixed is not None:
            if fixed.mode == "number":
                return fixed.amount
            if fixed.mode == "level":
                return level
            if fixed.mode == "half_hp":
                return max(1, s.hp[q][d] // 2)
            return 1 + w[WORDS_PER_PLAYER * p + W_DAMAGE] % (3 * level // 2 - 1)
        attacker, defender = s.species[p][a], s.species[q][d]
        crit = w[WORDS_PER_PLAYER * p + W_CRIT] % 256 < self._crit_chance(attacker, move, s.focus[p])
        ai, di = self._attack_stats(move)
        if crit:
            atk, dfn = self._stats[attacker][1 + ai], self._stats[defender][1 + di]
        else:
            atk, dfn = s.modified[p][ai], s.modified[q][di]
            # Reflect / Light Screen: the defense doubles, before the rescaling of stats >= 256
            if s.screens[q] & (LIGHT_SCREEN if di == SPC else REFLECT):
                dfn *= 2
        x = self._base_damage(attacker, defender, move, crit, atk, dfn)
        if x > 1:
            lo, hi = self.rules.random_factor
            x = x * (lo + w[WORDS_PER_PLAYER * p + W_DAMAGE] % (hi - lo + 1)) // 255
        return x

    @staticmethod
    def _heal_fails(hp: int, maxhp: int) -> bool:
        """The cartridge's healing failure: at full HP, or 255 or 511 below it (unless HP % 256 == 0)."""
        return hp == maxhp or (hp in (maxhp - 255, maxhp - 511) and hp % 256 != 0)

    def _run_effect(
        self, s: BattleState, p: int, e: _Effect, stmt: ir_battle.BattleStmt, w: list[int], in_chance: bool
    ) -> None:
        q = 1 - p
        d = s.active[q]
        if isinstance(stmt, ir_battle.Chance):
            threshold = _ceil_div(stmt.percent * 256, 100)
            if isinstance(stmt.body, ir_battle.Confuse):
                threshold -= self.rules.confusion_chance_penalty
            if e.chance_roll < threshold:
                self._run_effect(s, p, e, stmt.body, w, in_chance=True)
        elif isinstance(stmt, ir_battle.InflictStatus):
            t = p if stmt.target == "self" else q
            self._inflict(s, p, t, e.move, stmt.status, w, in_chance)
        elif isinstance(stmt, ir_battle.StageChange):
            t = p if stmt.target == "self" else q
            if t != p and s.hp[t][s.active[t]] == 0:
                return
            if t != p and stmt.delta < 0 and not e.damaging and s.mist[t]:
                return  # Mist: the foe's status moves cannot lower the stages
            self.apply_stage(s, t, STAGES.index(stmt.stat), stmt.delta)
        elif isinstance(stmt, ir_battle.Flinch):
            if s.hp[q][d] > 0:
                s.flinch[q] = True
                s.recharge[q] = False
        elif isinstance(stmt, ir_battle.Confuse):
            if s.hp[q][d] > 0 and s.confusion[q] == 0:
                lo, hi = self.rules.confusion_turns
                s.confusion[q] = lo + w[WORDS_PER_PLAYER * p + W_CONFUSION] % (hi - lo + 1)
        elif isinstance(stmt, ir_battle.Screen):
            s.screens[p] |= SCREEN_BITS[stmt.stat]
        elif isinstance(stmt, ir_battle.FocusEnergy):
            s.focus[p] = True
        elif isinstance(stmt, ir_battle.Mist):
            s.mist[p] = True
        elif isinstance(stmt, ir_battle.Seed):
            immune = set(self.game.species[s.species[q][d]].types) & set(self.rules.seed_immune_types)
            if s.hp[q][d] > 0 and not s.seeded[q] and not immune:
                s.seeded[q] = True
        elif isinstance(stmt, ir_battle.Haze):
            self._haze(s, p, e.foe_to_move)
        # an unspecified statement (a hole) does nothing; the other statements have their own steps

    def _haze(self, s: BattleState, p: int, foe_to_move: bool) -> None:
        """Haze used by player p: both sides lose their stages (the modified stats go back to the
        stored ones: no paralysis or burn drop), confusion, screens, Focus Energy, Mist, Leech Seed and
        bad-poison counter; the foe's status ends (a frozen or asleep foe that has yet to take its turn this
        round flinches: it does not act this round); then the user's bad poison becomes poison. A recharge
        the foe owes is left as it is."""
        q = 1 - p
        for t in range(2):
            s.boosts[t] = [0] * len(STAGES)
            s.modified[t] = list(self._stats[s.species[t][s.active[t]]][1:])
            s.confusion[t] = 0
            s.screens[t] = 0
            s.focus[t] = s.mist[t] = s.seeded[t] = False
            s.toxic[t] = 0
        d = s.active[q]
        if self._status_name(s.status[q][d]) in ("frz", "slp") and foe_to_move:
            s.flinch[q] = True
        s.status[q][d] = 0
        s.sleep[q][d] = 0
        tox, psn = self.status_code("tox"), self.status_code("psn")
        for t in range(2):
            if tox and s.status[t][s.active[t]] == tox:
                s.status[t][s.active[t]] = psn

    def _inflict(
        self, s: BattleState, p: int, t: int, move: ir_battle.Move, status: str, w: list[int], in_chance: bool
    ) -> None:
        rules = self.rules
        j = s.active[t]
        target_types = self.game.species[s.species[t][j]].types
        if s.hp[t][j] == 0 or s.status[t][j] != 0:
            return
        if any(status in self.type_rules[ty].status_immunity for ty in target_types):
            return
        if in_chance and status in rules.secondary_same_type_blocks and move.type in target_types:
            return
        s.status[t][j] = self.status_code(status)
        if status == "slp":
            lo, hi = rules.sleep_turns
            s.sleep[t][j] = lo + w[WORDS_PER_PLAYER * p + W_SLEEP] % (hi - lo + 1)
        elif status == "par":
            s.modified[t][SPE] = max(1, s.modified[t][SPE] // rules.paralysis_speed_divisor)
        elif status == "brn":
            s.modified[t][ATK] = max(1, s.modified[t][ATK] // rules.burn_attack_divisor)
        elif status == "tox":
            s.toxic[t] = 0

    def apply_stage(self, s: BattleState, t: int, stage: int, delta: int) -> None:
        """The Gen 1 boost rule: change stage `stage` of player t's active by `delta` (in place)."""
        rules = self.rules
        top = rules.max_stage
        cur = s.boosts[t][stage]
        if (delta > 0 and cur >= top) or (delta < 0 and cur <= -top):
            return
        if stage >= BATTLE_STATS:
            s.boosts[t][stage] = _clamp(cur + delta, -top, top)
            return
        if delta > 0 and s.modified[t][stage] == rules.stat_cap:
            s.boosts[t][stage] = min(cur + delta, top) - 1
        elif delta < 0 and s.modified[t][stage] == 1:
            s.boosts[t][stage] = max(cur + delta, -top) + 1
        else:
            new = _clamp(cur + delta, -top, top)
            s.boosts[t][stage] = new
            stored = self._stats[s.species[t][s.active[t]]][1 + stage]
            value = max(1, stored * self._mult(new) // 100)
            if delta > 0:
                value = min(value, rules.stat_cap)
            s.modified[t][stage] = value

    def _residual(self, s: BattleState, p: int, used: int | None) -> None:
        """Poison and burn damage, then Leech Seed, after p's turn (5c); `used`: the move p used (None: it
        did not act). None after a move that left its foe fainted, unless the move targets its user."""
        a = s.active[p]
        if s.hp[p][a] == 0:
            return
        q = 1 - p
        if used is not None and not self.game.moves[used].self_target and s.hp[q][s.active[q]] == 0:
            return
        status = self._status_name(s.status[p][a])
        tick = max(1, self._stats[s.species[p][a]][0] // self.rules.residual_divisor)
        if status in ("psn", "brn"):
            s.hp[p][a] = max(0, s.hp[p][a] - tick)
        elif status == "tox":
            s.toxic[p] += 1
            s.hp[p][a] = max(0, s.hp[p][a] - tick * s.toxic[p])
        d = s.active[q]
        if s.seeded[p] and s.hp[p][a] > 0 and s.hp[q][d] > 0:
            # Leech Seed shares the bad-poison counter (it goes up again)
            n = 1
            if status == "tox":
                s.toxic[p] += 1
                n = s.toxic[p]
            loss = max(1, self._stats[s.species[p][a]][0] // self.rules.seed_divisor) * n
            s.hp[p][a] = max(0, s.hp[p][a] - loss)
            s.hp[q][d] = min(self._stats[s.species[q][d]][0], s.hp[q][d] + loss)

    # ---- damage table ---------------------------------------------------------------------------

    def damage_rolls(
        self,
        attacker: int,
        defender: int,
        move: int,
        crit: bool,
        attacker_boosts: dict[str, int] | None = None,
        defender_boosts: dict[str, int] | None = None,
    ) -> list[int]:
        """Every damage one hit of `move` can do (one value per random factor R, from lo to hi) when
        `attacker` hits `defender`, both freshly switched in (stored stats, then the given stages
        applied with the boost rule from stage 0, one change of the full amount per stat). A crit
        ignores the stages; a physical move that halves the foe's Defense halves it. [0] for a status
        move or an immune defender. Fixed damage (which ignores immunity): [amount] for a number,
        [level] for the level; [] where it depends on the battle: half the foe's HP, Psywave's random
        damage, a knock-out move (also [] against an immune defender). Multi-hit moves: one hit."""
        for index, what in ((attacker, "attacker"), (defender, "defender")):
            if not 0 <= index < len(self._stats):
                raise ValueError(f"unknown {what} species index {index}")
        if not 0 <= move < len(self.game.moves):
            raise ValueError(f"unknown move index {move}")
        m = self.game.moves[move]
        fixed = _first(m, ir_battle.FixedDamage)
        if fixed is not None:
            if fixed.mode == "number":
                return [fixed.amount]
            if fixed.mode == "level":
                return [self.rules.level]
            return []
        if _first(m, ir_battle.Ohko) is not None:
            return []
        if m.power <= 0 or 0 in self._tenths(m.type, defender):
            return [0]
        ai, di = self._attack_stats(m)
        if crit:
            atk, dfn = self._stats[attacker][1 + ai], self._stats[defender][1 + di]
        else:
            atk = self._boosted(attacker, attacker_boosts)[ai]
            dfn = self._boosted(defender, defender_boosts)[di]
        x = self._base_damage(attacker, defender, m, crit, atk, dfn)
        lo, hi = self.rules.random_factor
        if x <= 1:
            return [x] * (hi - lo + 1)
        return [x * r // 255 for r in range(lo, hi + 1)]

    def _boosted(self, species: int, boosts: dict[str, int] | None) -> list[int]:
        """The modified battle stats of a freshly switched-in `species` after the given stage changes."""
        probe = self.init([[species], [species]], [[[]], [[]]])
        for name, delta in (boosts or {}).items():
            if name not in STAGES:
                raise ValueError(f"unknown stage {name!r}; the stages are {', '.join(STAGES)}")
            if delta:
                self.apply_stage(probe, 0, STAGES.index(name), int(delta))
        return probe.modified[0]
