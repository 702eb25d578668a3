"""The reference interpreter of the battle dialect: plain Python over the checked IR, written for clarity.

It is the oracle the generated JAX battle engine is compared with, field by field, after every step.
It reads only `tcgc.ir_battle.BattleGame` and shares no code with the code generator; both follow the
same written contract (the battle engine's semantics): the stat formula, the state fields, the action
numbering, and one step's 21 random words, of which player p reads `words[10 * p + i]` for
i = 0 full paralysis, 1 accuracy, 2 critical hit, 3 damage roll (and Psywave's damage), 4 secondary
chance, 5 sleep length (and Disable's length), 6 number of hits (and the length of a Thrash, Bide or
partial-trapping lock, and the move Disable picks), 7 confusion length (also the confusion a Thrash
leaves), 8 confusion self-hit roll, 9 the called move (Metronome's pick; also the move Mimic copies),
and `words[20]` breaks speed ties. "roll256" of a word is the word mod 256.

Actions: move slot k (0..M-1), Struggle (M), switch to slot j (M + 1 + j), wait (M + 1 + T) and the
forced action (M + T + 2: the only move choice of a Pokemon that must recharge after a move like Hyper
Beam, is locked into Thrash, Rage, Bide or a partial-trapping move, is asleep or frozen, or is partially
trapped; once the recharge action, whose index it keeps).

Stat order is (hp, atk, def, spc, spe); `modified` holds the 4 battle stats (atk, def, spc, spe) of the
active Pokemon and `boosts` its 6 stages (atk, def, spc, spe, acc, eva). Status codes are 1 + the
status's position in `rules.statuses` (0: none). Unspecified effect statements (holes) do nothing.

Volatile conditions of each player's active Pokemon (a switch-in of that player clears them): `confusion`
(turns left), `screens` (bit 1: Reflect, bit 2: Light Screen), `focus` (Focus Energy), `mist` and `seeded`
(Leech Seed: the opponent's active gains what it loses), `charge` (1 + the slot of a two-turn move being
charged, 0: none), `invulnerable` (underground or in the air: Dig, Fly), the lock (`lock`: 1 Thrash,
2 Rage, 3 Bide, 4 partial trapping; `lock_move`, `lock_slot`, `lock_time`, `lock_acc`, `lock_damage`),
`trapped` (partially trapped by the foe's lock), `disabled` (1 + the disabled move slot) and
`disable_time`, `sub_hp` (the substitute's HP) and `type_source` (the species whose types it has now:
Conversion), `used_last` (the move it last used: Mirror Move reads the foe's; -1: none),
`charge_move` (the move a two-turn move is charging: it may have been called by Metronome), Mimic's
`mimic_slot` (1 + the move slot it replaced, 0: none) and `mimic_move`, and Transform's `transformed`,
`stat_source` (the species whose stored stats its stage changes use), `t_moves` and `t_pp` (the moves
it copied and their PP). Global: `last_damage` (the battle's last damage, which Counter and Bide read)
and `last_move` (the move each side last chose or used; -1: none). Per team slot: `slept_by_foe` (its
sleep came from a foe's move, not Rest: the sleep clause; switches keep it).

Showdown's Gen 1 quirks: a Pokemon switching in has its bad poison turned into poison, and both actives
forget the move they last used; one switched in by choice (not to replace a fainted one) that is poisoned
or burned loses its residual share of HP at once. A move that may burn thaws a frozen foe it hits. A stage
change that works puts the paralysis or burn drop of the user's foe on again. A sleep move used at a foe
that must recharge never misses, replaces its status and forgives the recharge. The rules' clause mods
(sleep, freeze) keep a foe's move from putting a second Pokemon of a team to sleep or freezing it.

The active Pokemon's moves are its "effective" ones everywhere they are read (the legal actions, the
move an action uses, PP spending, Disable, what Mimic and Transform copy): a transformed Pokemon's
`t_moves` (and `t_pp`) instead of its team slot's, then Mimic's move in its slot. `revealed` keeps
indexing the team slot's move slots.

`step` can also record what happened, for distribution conformance with Pokemon Showdown: pass a list as
`events` and it receives (player, move index, kind) tuples, kind in "used", "hit", "miss", "crit",
"status", "ko" (counted as tools/showdown/battles.js counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

import numpy as np

from tcgc import ir_battle

NUM_WORDS = 21
# the word of player p for purpose i is words[WORDS_PER_PLAYER * p + i]
WORDS_PER_PLAYER = 10
W_PARALYSIS, W_ACCURACY, W_CRIT, W_DAMAGE, W_CHANCE, W_SLEEP = range(6)
W_HITS, W_CONFUSION, W_SELF_HIT, W_CALL = range(6, 10)
W_SPEED_TIE = 20
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
# the kinds of `lock`: none, Thrash / Petal Dance, Rage, Bide, a partial-trapping move (Wrap)
NO_LOCK, RAMPAGE, RAGE, BIDE, TRAP = range(5)
# the accuracy a Thrash or Rage lock starts from (the stored accuracy compounds its stages: the Gen 1 bug)
LOCK_ACCURACY = 255
# the kinds of `step`'s events
EVENT_KINDS = ("used", "hit", "miss", "crit", "status", "ko")

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
    #: the lock of the active Pokemon: NO_LOCK, RAMPAGE (Thrash), RAGE, BIDE or TRAP (Wrap)
    lock: list[int]
    #: the move index of the lock (meaningful while lock > 0)
    lock_move: list[int]
    #: the move slot the lock came from
    lock_slot: list[int]
    #: RAMPAGE: continuations left; BIDE: storing turns left; TRAP: rounds left
    lock_time: list[int]
    #: RAMPAGE, RAGE: the stored accuracy (it compounds the stages every use: the Gen 1 bug)
    lock_acc: list[int]
    #: BIDE: the damage stored; TRAP: the damage every continuation deals
    lock_damage: list[int]
    #: the active Pokemon is partially trapped by the foe's TRAP lock: it cannot act
    trapped: list[bool]
    #: 0, or 1 + the disabled move slot of the active Pokemon
    disabled: list[int]
    #: the active Pokemon's turns of Disable left
    disable_time: list[int]
    #: HP of the active Pokemon's substitute (0: none)
    sub_hp: list[int]
    #: the species whose types the active Pokemon has now (its own, or the foe's after Conversion)
    type_source: list[int]
    #: the battle's last damage (Showdown's battle.lastDamage; not cleared by switches)
    last_damage: int
    #: the move index each player's side last chose or used (-1: none; not cleared by switches)
    last_move: list[int]
    #: the move the active Pokemon last used (-1: none, or stopped by sleep or freeze since; Mirror Move)
    used_last: list[int]
    #: the move a two-turn move is charging (meaningful while charge > 0; Metronome may have called it)
    charge_move: list[int]
    #: 0, or 1 + the move slot Mimic replaced
    mimic_slot: list[int]
    #: the move in that slot
    mimic_move: list[int]
    #: the active Pokemon used Transform: its moves are `t_moves`, its PP `t_pp`
    transformed: list[bool]
    #: the species whose stored stats (atk def spc spe) the active's stage changes use (Transform)
    stat_source: list[int]
    #: `[2][M]` the moves a transformed Pokemon copied (-1: none)
    t_moves: list[list[int]]
    #: `[2][M]` their PP
    t_pp: list[list[int]]
    #: `[2][T]` the team slot's sleep came from a foe's move (the sleep clause; not cleared by switches)
    slept_by_foe: list[list[bool]]

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
            lock=list(self.lock),
            lock_move=list(self.lock_move),
            lock_slot=list(self.lock_slot),
            lock_time=list(self.lock_time),
            lock_acc=list(self.lock_acc),
            lock_damage=list(self.lock_damage),
            trapped=list(self.trapped),
            disabled=list(self.disabled),
            disable_time=list(self.disable_time),
            sub_hp=list(self.sub_hp),
            type_source=list(self.type_source),
            last_damage=self.last_damage,
            last_move=list(self.last_move),
            used_last=list(self.used_last),
            charge_move=list(self.charge_move),
            mimic_slot=list(self.mimic_slot),
            mimic_move=list(self.mimic_move),
            transformed=list(self.transformed),
            stat_source=list(self.stat_source),
            t_moves=[list(row) for row in self.t_moves],
            t_pp=[list(row) for row in self.t_pp],
            slept_by_foe=[list(row) for row in self.slept_by_foe],
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
        "trapped",
        "transformed",
        "slept_by_foe",
    }
)


@dataclass(frozen=True)
class _Effect:
    """What the effect statements of one use of a move need to know."""

    move: ir_battle.Move
    #: the move's index (for the events)
    index: int
    #: it deals damage (power, fixed damage or a knock out): Mist does not block its stage drops
    damaging: bool
    #: roll256 of the user's chance word (one roll for every chance statement of the move)
    chance_roll: int
    #: the foe has yet to take its turn this round
    foe_to_move: bool
    #: the move slot it was used from (the caller's for a called move; None: Struggle)
    slot: int | None = None
    #: a sleep move used at a foe that must recharge: its sleep replaces any status (see `_inflict`)
    drowsy: bool = False


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
        # the forced action: recharging, a locked move's next use, or a turn asleep, frozen or trapped
        self.forced_action = rules.moves_per_pokemon + rules.team_size + 2
        # (its name before batch 5, when recharging was its only use)
        self.recharge_action = self.forced_action
        self.type_rules = {t.name: t for t in game.types}
        move_index = {m.name: i for i, m in enumerate(game.moves)}
        if rules.struggle not in move_index:
            raise ValueError(f"the struggle move {rules.struggle!r} is not a move of the game")
        self.struggle_move = move_index[rules.struggle]
        self._stats = [self._compute_stats(i) for i in range(len(game.species))]
        # the event list of the step being played (None: not recorded)
        self._events: list[tuple[int, int, str]] | None = None

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
        """The effectiveness (tenths) of a move type against each type of a species, in species order
        (`defender`: the species whose types the defending Pokemon has, i.e. its `type_source`)."""
        chart = self.type_rules[move_type].tenths
        return [chart.get(t, 10) for t in self.game.species[defender].types]

    # ---- init and legal actions -----------------------------------------------------------------

    def start_pp(self, move: int) -> int:
        """The PP a move slot starts with: the move's PP times (5 + pp_ups) / 5 (PP Ups), at most pp_cap."""
        rules = self.game.rules
        return min(self.game.moves[move].pp * (5 + rules.pp_ups) // 5, rules.pp_cap)

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
        pp = [[[self.start_pp(x) if x >= 0 else 0 for x in row] for row in team] for team in mv]
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
            lock=[NO_LOCK, NO_LOCK],
            lock_move=[0, 0],
            lock_slot=[0, 0],
            lock_time=[0, 0],
            lock_acc=[0, 0],
            lock_damage=[0, 0],
            trapped=[False, False],
            disabled=[0, 0],
            disable_time=[0, 0],
            sub_hp=[0, 0],
            type_source=[sp[0][0], sp[1][0]],
            last_damage=0,
            last_move=[-1, -1],
            used_last=[-1, -1],
            charge_move=[0, 0],
            mimic_slot=[0, 0],
            mimic_move=[0, 0],
            transformed=[False, False],
            stat_source=[sp[0][0], sp[1][0]],
            t_moves=[[-1] * m for _ in range(2)],
            t_pp=[[0] * m for _ in range(2)],
            slept_by_foe=[[False] * t for _ in range(2)],
        )
        state.legal_action_mask = self.legal_mask(state)
        return state

    def legal_mask(self, s: BattleState) -> list[list[bool]]:
        """`[2][NUM_ACTIONS]`: the legal actions of each player in state `s`. A player choosing a move
        (request 1) who charges a two-turn move has only that move slot; else one who is forced (see
        `is_forced`) has the forced action and, unless it must recharge or is locked into Thrash or Rage,
        the switches; else the move slots with PP that are not disabled (Struggle when there are none) and
        the switches. The moves and PP are the active's effective ones (Transform, Mimic)."""
        if s.terminated or s.truncated:
            return [[True] * self.num_actions for _ in range(2)]
        m, t = self.moves_per_pokemon, self.team_size
        out = []
        for p in range(2):
            row = [False] * self.num_actions
            request, a = s.request[p], s.active[p]
            may_switch = request in (CHOOSE, MUST_SWITCH)
            if request == CHOOSE and s.charge[p] > 0:
                # a Pokemon charging a two-turn move has no other choice: the move comes out (no switch)
                row[s.charge[p] - 1] = True
                may_switch = False
            elif request == CHOOSE and self.is_forced(s, p):
                row[self.forced_action] = True
                may_switch = not (s.recharge[p] or s.lock[p] in (RAMPAGE, RAGE))
            elif request == CHOOSE:
                moves, pp = self.effective_moves(s, p), self.effective_pp(s, p)
                for k in range(m):
                    row[k] = moves[k] >= 0 and pp[k] > 0 and s.disabled[p] != 1 + k
                row[self.struggle_action] = not any(row[:m])
            if may_switch:
                for j in range(t):
                    row[self.first_switch_action + j] = j != a and s.species[p][j] >= 0 and s.hp[p][j] > 0
            row[self.wait_action] = request == WAIT
            out.append(row)
        return out

    def effective_moves(self, s: BattleState, p: int) -> list[int]:
        """`[M]` the moves of player p's active Pokemon: those it copied with Transform if it did, else its
        own; then the move Mimic put in its slot, if any (-1: none)."""
        out = list(s.t_moves[p]) if s.transformed[p] else list(s.moves[p][s.active[p]])
        if s.mimic_slot[p] > 0:
            out[s.mimic_slot[p] - 1] = s.mimic_move[p]
        return out

    def effective_pp(self, s: BattleState, p: int) -> list[int]:
        """`[M]` the PP of player p's active Pokemon's moves (`t_pp` if it transformed)."""
        return list(s.t_pp[p]) if s.transformed[p] else list(s.pp[p][s.active[p]])

    def is_forced(self, s: BattleState, p: int) -> bool:
        """Whether player p's move choice is the forced action: its active must recharge, is locked into a
        move (Thrash, Rage, Bide, partial trapping), is asleep or frozen, or is partially trapped."""
        status = self._status_name(s.status[p][s.active[p]])
        return s.recharge[p] or s.lock[p] != NO_LOCK or status in ("slp", "frz") or s.trapped[p]

    # ---- step -----------------------------------------------------------------------------------

    def step(
        self,
        s: BattleState,
        actions: Sequence[int],
        words: Sequence[int],
        events: list[tuple[int, int, str]] | None = None,
    ) -> BattleState:
        """The state after both players' `actions` with the step's 21 random `words` (uint32 as ints).
        Returns a new state; `s` is left unchanged. `events`: a list that receives (player, move index,
        kind) for what the moves did, kind in EVENT_KINDS: "used" each use of a move (the charging turn
        and every turn of a locked move too; Bide only its first turn; none for a turn it cannot act;
        Metronome and Mirror Move: one for the caller, then one for the move called, to which the other
        kinds belong),
        "miss" (the accuracy roll failed or the foe was out of reach; not a foe immune to the move's type,
        a failed requirement, a knock-out move's slower user, Counter's failure or a clause), "hit"
        (damage to the foe, or into its substitute; once per use; Bide's release is a hit of Bide), "crit"
        (a critical hit that landed), "status" (a major status put on the foe), "ko" (the use's damage
        brought the foe's active to 0 HP)."""
        if len(actions) != 2:
            raise ValueError(f"step takes 2 actions, got {len(actions)}")
        if len(words) != NUM_WORDS:
            raise ValueError(f"step takes {NUM_WORDS} random words, got {len(words)}")
        self._events = events
        try:
            return self._step(s, [int(a) for a in actions], [int(x) for x in words])
        finally:
            self._events = None

    def _step(self, s: BattleState, acts: list[int], w: list[int]) -> BattleState:
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
                    self._switch_in(n, p, acts[p] - self.first_switch_action, voluntary=False)
            n.request = [CHOOSE, CHOOSE]
            n.flinch = [False, False]
            n.legal_action_mask = self.legal_mask(n)
            return n
        # 3. a move round: the moves chosen, then the switches
        n.turn += 1
        for p in range(2):
            self._note_choice(n, p, acts[p])
        movers = []
        for p in range(2):
            if self._is_switch(acts[p]):
                self._switch_in(n, p, acts[p] - self.first_switch_action, voluntary=True)
            else:
                movers.append(p)
        # 4. move order (the forced action: priority 0)
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
            if self._can_act(n, p, acts[p], w):
                used = self._use_move(n, p, acts[p], w, foe_to_move=q in movers[i + 1 :])
            self._residual(n, p, used)
        self._end_partial_traps(n)
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

    def _emit(self, p: int, move: int, kind: str) -> None:
        """Record an event of the step being played (when `step` was given a list)."""
        if self._events is not None:
            self._events.append((p, move, kind))

    def _is_switch(self, action: int) -> bool:
        return self.first_switch_action <= action < self.first_switch_action + self.team_size

    def _priority(self, s: BattleState, p: int, action: int) -> int:
        """The priority of a mover's action: its move's (Struggle's for Struggle), 0 for the forced action."""
        if action == self.forced_action:
            return 0
        return self.game.moves[self._move_of(s, p, action)].priority

    def _move_of(self, s: BattleState, p: int, action: int) -> int:
        """The move index of player p's move slot action (its effective move: Transform, Mimic), or Struggle
        for the Struggle action."""
        if action == self.struggle_action:
            return self.struggle_move
        return self.effective_moves(s, p)[action]

    def _note_choice(self, s: BattleState, p: int, action: int) -> None:
        """`last_move` at the start of a move round: the chosen slot's move, Struggle, or the lock's move
        for the forced action of a locked Pokemon; unchanged otherwise (a switch, or the forced action of
        a Pokemon that must recharge, is asleep, frozen or trapped)."""
        if 0 <= action < self.moves_per_pokemon or action == self.struggle_action:
            s.last_move[p] = self._move_of(s, p, action)
        elif action == self.forced_action and s.lock[p] != NO_LOCK:
            s.last_move[p] = s.lock_move[p]

    def _switch_in(self, s: BattleState, p: int, j: int, voluntary: bool) -> None:
        """Player p's team slot j comes in: its bad poison becomes poison (the stored status), its stages
        and p's volatile conditions are cleared, its modified stats are its stored ones with its paralysis
        or burn drop, and both actives forget the move they last used (Showdown's gen 1 runSwitch). Coming
        in by choice (`voluntary`: a switch action of a move round, not the replacement of a fainted
        Pokemon), a poisoned or burned Pokemon loses its residual share of HP at once (it may faint)."""
        tox, psn = self.status_code("tox"), self.status_code("psn")
        if tox and s.status[p][j] == tox:
            s.status[p][j] = psn
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
        s.lock[p] = NO_LOCK
        s.lock_move[p] = 0
        s.lock_slot[p] = 0
        s.lock_time[p] = 0
        s.lock_acc[p] = 0
        s.lock_damage[p] = 0
        s.trapped[p] = False
        s.disabled[p] = 0
        s.disable_time[p] = 0
        s.sub_hp[p] = 0
        s.type_source[p] = s.species[p][j]
        s.used_last = [-1, -1]
        s.charge_move[p] = 0
        s.mimic_slot[p] = 0
        s.mimic_move[p] = 0
        s.transformed[p] = False
        s.stat_source[p] = s.species[p][j]
        s.t_moves[p] = [-1] * self.moves_per_pokemon
        s.t_pp[p] = [0] * self.moves_per_pokemon
        s.seen[p][j] = True
        if voluntary and status in ("psn", "brn"):
            tick = max(1, self._stats[s.species[p][j]][0] // self.rules.residual_divisor)
            s.hp[p][j] = max(0, s.hp[p][j] - tick)

    def _end_partial_traps(self, s: BattleState) -> None:
        """The end of a move round: every TRAP lock counts a round down and ends when its rounds are over,
        its foe is no longer trapped (it switched out) or its foe's active has fainted; then a Pokemon
        stays trapped only while the foe's TRAP lock lasts."""
        for p in range(2):
            q = 1 - p
            if s.lock[p] == TRAP:
                s.lock_time[p] -= 1
                if s.lock_time[p] <= 0 or not s.trapped[q] or s.hp[q][s.active[q]] == 0:
                    s.lock[p] = NO_LOCK
        for q in range(2):
            s.trapped[q] = s.trapped[q] and s.lock[1 - q] == TRAP

    # ---- can it act (5a) --------------------------------------------------------------------------

    def _can_act(self, s: BattleState, p: int, action: int, w: list[int]) -> bool:
        """Whether player p uses its move (5a): frozen, asleep, partially trapped, flinched, recharging,
        disabled, confused (a hit on itself), fully paralyzed, storing energy (Bide), checked in this
        order; the first that holds stops it (only the recharge check clears the recharge). A Pokemon
        charging a two-turn move that does not act loses the charge, and its invulnerability too unless
        full paralysis stopped it (Showdown's quirk)."""
        cause = self._stopped_by(s, p, action, w)
        if cause is None:
            return True
        # (a recharging Pokemon never charges)
        if s.charge[p] > 0:
            s.charge[p] = 0
            s.charge_move[p] = 0
            if cause != "par":
                s.invulnerable[p] = False
        return False

    def _stopped_by(self, s: BattleState, p: int, action: int, w: list[int]) -> str | None:
        """What stops player p's move in 5a: "frz", "slp", "trapped", "flinch", "recharge", "disabled",
        "confusion" (a hit on itself), "par" (full paralysis) or "bide" (a turn of Bide); None when it
        acts. A self-hit or a full paralysis ends a Thrash, Bide or partial-trapping lock."""
        a = s.active[p]
        status = self._status_name(s.status[p][a])
        if status in ("frz", "slp"):
            # a Pokemon stopped by freeze or sleep forgets the move it last used (Mirror Move)
            s.used_last[p] = -1
        if status == "frz":
            return "frz"
        if status == "slp":
            s.sleep[p][a] -= 1
            if s.sleep[p][a] <= 0:
                s.sleep[p][a] = 0
                s.status[p][a] = 0
            return "slp"
        if s.trapped[p]:
            return "trapped"
        if s.flinch[p]:
            return "flinch"
        if action == self.forced_action and s.recharge[p]:
            s.recharge[p] = False
            return "recharge"
        if s.disabled[p] > 0 and self._disable_stops(s, p, action):
            return "disabled"
        if s.confusion[p] > 0:
            s.confusion[p] -= 1
            roll = w[WORDS_PER_PLAYER * p + W_SELF_HIT] % 256
            if s.confusion[p] > 0 and roll >= self.rules.confusion_self_hit:
                self._confusion_self_hit(s, p)
                return "confusion"
        if status == "par" and w[WORDS_PER_PLAYER * p + W_PARALYSIS] % 256 < self.rules.full_paralysis:
            if s.lock[p] in (RAMPAGE, BIDE, TRAP):
                s.lock[p] = NO_LOCK
            return "par"
        if s.lock[p] == BIDE:
            self._bide_turn(s, p)
            return "bide"
        return None

    def _disable_stops(self, s: BattleState, p: int, action: int) -> bool:
        """Disable's turn count (a disabled Pokemon that reaches this check): one turn less; when none is
        left the Disable ends. Else it stops the Pokemon when the move it is about to use (its lock's, or
        the chosen slot's, e.g. Metronome rather than what it would call; never Struggle) is the disabled
        slot's move (effective moves: Transform, Mimic)."""
        s.disable_time[p] -= 1
        if s.disable_time[p] <= 0:
            s.disable_time[p] = 0
            s.disabled[p] = 0
            return False
        moves = self.effective_moves(s, p)
        if s.lock[p] != NO_LOCK:
            about = s.lock_move[p]
        elif 0 <= action < self.moves_per_pokemon:
            about = moves[action]
        else:
            return False
        return about == moves[s.disabled[p] - 1]

    def _confusion_self_hit(self, s: BattleState, p: int) -> None:
        """A confused Pokemon hurts itself (see `_hurt_self`) and a Thrash, Bide or partial-trapping lock
        ends."""
        if s.lock[p] in (RAMPAGE, BIDE, TRAP):
            s.lock[p] = NO_LOCK
        self._hurt_self(s, p, self.confusion_damage(s.modified[p][ATK], s.modified[p][DEF]))

    def _hurt_self(self, s: BattleState, p: int, x: int) -> None:
        """Damage x that player p's active does to itself (a confusion self-hit, a crash): the battle's
        last damage becomes x. Behind a substitute it takes none: the foe's substitute takes it instead,
        if the foe has one (the Gen 1 quirk, Showdown's gen1 directDamage)."""
        a, q = s.active[p], 1 - p
        s.last_damage = x
        if s.sub_hp[p] > 0:
            if s.sub_hp[q] > 0:
                s.sub_hp[q] = max(0, s.sub_hp[q] - x)
        else:
            s.hp[p][a] = max(0, s.hp[p][a] - x)

    def _bide_turn(self, s: BattleState, p: int) -> None:
        """A turn of Bide (instead of a move: no PP, no accuracy): it stores the battle's last damage; on
        its last turn the lock ends and, if it stored any, it deals the Bide's multiple of it to the foe:
        typeless (no type chart, STAB or crit), never missing, reaching an invulnerable foe; into the
        foe's substitute if it has one."""
        q = 1 - p
        d = s.active[q]
        s.lock_damage[p] += s.last_damage
        s.lock_time[p] -= 1
        if s.lock_time[p] > 0:
            return
        s.lock[p] = NO_LOCK
        if s.lock_damage[p] <= 0 or s.hp[q][d] == 0:
            return
        bide = _first(self.game.moves[s.lock_move[p]], ir_battle.Bide)
        assert bide is not None, "a BIDE lock on a move without a Bide statement"
        x = bide.multiplier * s.lock_damage[p]
        if s.sub_hp[q] > 0:
            s.sub_hp[q] -= min(x, s.sub_hp[q])
            s.last_damage = x
            self._emit(p, s.lock_move[p], "hit")
            return
        dealt = min(x, s.hp[q][d])
        s.hp[q][d] -= dealt
        s.last_damage = dealt
        if dealt > 0:
            self._emit(p, s.lock_move[p], "hit")
            if s.hp[q][d] == 0:
                self._emit(p, s.lock_move[p], "ko")
        self._rage_boost(s, q)

    def _accuracy_hits(
        self, s: BattleState, p: int, move: ir_battle.Move, w: list[int], store: bool = True
    ) -> bool:
        """The accuracy roll (a move that never misses hits). A Thrash or Rage lock starts from its stored
        accuracy instead of the move's and stores the result (so the stages compound, the Gen 1 bug)
        unless not `store` (a foe immune to the move)."""
        if move.accuracy is None:
            return True
        q = 1 - p
        locked = s.lock[p] in (RAMPAGE, RAGE)
        acc = s.lock_acc[p] if locked else move.accuracy * 255 // 100
        acc = acc * self._mult(s.boosts[p][ACC]) // 100
        acc = acc * self._mult(-s.boosts[q][EVA]) // 100
        acc = _clamp(acc, 1, 255)
        if locked and store:
            s.lock_acc[p] = acc
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
        self, attacker_types: int, defender_types: int, move: ir_battle.Move, crit: bool, atk: int, dfn: int
    ) -> int:
        """The damage before the random factor (the caller applies it when the result is > 1).
        `atk` and `dfn` are the stats to use (the caller picks stored ones on a crit); `attacker_types`
        and `defender_types` are the species whose types the two Pokemon have (STAB, the type chart). A
        physical move that halves the foe's Defense halves `dfn` after the rescaling of stats >= 256."""
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
        if move.type in self.game.species[attacker_types].types:
            x = x * rules.stab[0] // rules.stab[1]
        for tenths in self._tenths(move.type, defender_types):
            if tenths == 20:
                x = x * 20 // 10
            elif tenths == 5:
                x = x * 5 // 10
        return x

    def _attack_stats(self, move: ir_battle.Move) -> tuple[int, int]:
        """The (attacking, defending) battle-stat indices of a move: atk/def, or spc/spc if special."""
        return (SPC, SPC) if move.type in self.rules.special_types else (ATK, DEF)

    # ---- the move (5b) ----------------------------------------------------------------------------

    def _use_move(
        self, s: BattleState, p: int, action: int, w: list[int], foe_to_move: bool = False
    ) -> int | None:
        """Player p uses the move of `action` (5b); returns the index of the move used (the called one
        after Metronome or Mirror Move), or None when it used none: the charging turn of a two-turn move
        (the move is revealed, no PP is spent, nothing else happens) or the forced action of a Pokemon that
        is not locked into a move (it got past every check of 5a, e.g. its recharge was cancelled: it does
        nothing). The second turn of a two-turn move uses the move being charged (`charge_move`). The
        forced action of a Thrash, Rage or partial-trapping lock is a continuation of the lock's move (no
        PP; a partial-trapping lock whose foe has switched out ends instead, and the move is used afresh
        from the lock's slot). A move used for real resets the battle's last damage (unless the rules keep
        it for that move) and becomes the move the Pokemon (`used_last`) and its side (`last_move`) last
        used. A move that calls another (Metronome, Mirror Move) is used first (see `_call`). A Disable or
        a user-faints move used at a raging foe raises its Rage stage once, landed or not.
        `foe_to_move`: the foe has yet to take its turn this round (p moves first)."""
        use = self._chosen_use(s, p, action)
        if use is None:
            return None
        index, slot, continuation = use
        striking = not continuation and s.charge[p] > 0
        if striking:
            # the second turn of a two-turn move: the move being charged comes out (PP from its slot)
            index = s.charge_move[p]
            s.charge[p] = 0
            s.charge_move[p] = 0
            s.invulnerable[p] = False
        self._emit(p, index, "used")
        if not continuation and not striking:
            if self._calls(self.game.moves[index]):
                called = self._call(s, p, index, w)
                if called is None:
                    # Mirror Move with nothing to copy fails (its PP is spent)
                    self._spend_pp(s, p, slot)
                    return index
                index = called
                self._emit(p, index, "used")
            if self._starts_charging(s, p, self.game.moves[index], index, slot):
                return None
        if not continuation:
            self._spend_pp(s, p, slot)
        move = self.game.moves[index]
        self._note_used(s, p, index)
        rampage_ends = self._rampage_turn(s, p, index, move, slot, continuation, w)
        self._execute(s, p, index, move, slot, continuation, w, foe_to_move)
        if rampage_ends:
            s.lock[p] = NO_LOCK
        rage_once = (
            _first(move, ir_battle.Disable) is not None or _first(move, ir_battle.UserFaints) is not None
        )
        if rage_once and not move.self_target:
            self._rage_boost(s, 1 - p)
        return index

    @staticmethod
    def _calls(move: ir_battle.Move) -> bool:
        """Whether the move calls another (Metronome, Mirror Move)."""
        return any(isinstance(stmt, (ir_battle.CallRandom, ir_battle.CallFoeLast)) for stmt in move.effect)

    def _call(self, s: BattleState, p: int, caller: int, w: list[int]) -> int | None:
        """Metronome or Mirror Move (`caller`) used for real: it is used itself (its last-damage rule; the
        move p's Pokemon and side last used), then returns the move it calls: Metronome's pick of every
        move of the spec but its excluded ones (number w(p, CALL) % their count, in spec order), or the
        move the foe's Pokemon last used; None when Mirror Move has nothing to copy (the foe's Pokemon has
        used none since it came in or last slept or froze, or its last was itself a Mirror Move). One level
        only: a called Metronome or Mirror Move is used as a move without effect (it calls nothing)."""
        self._note_used(s, p, caller)
        move = self.game.moves[caller]
        random_call = _first(move, ir_battle.CallRandom)
        if random_call is not None:
            pool = [k for k, m in enumerate(self.game.moves) if m.name not in random_call.excluded]
            if not pool:
                return None
            return pool[w[WORDS_PER_PLAYER * p + W_CALL] % len(pool)]
        foe_last = s.used_last[1 - p]
        if foe_last < 0 or _first(self.game.moves[foe_last], ir_battle.CallFoeLast) is not None:
            return None
        return foe_last

    def _note_used(self, s: BattleState, p: int, index: int) -> None:
        """Move `index` is used for real by p's active: the battle's last damage goes back to 0 (unless
        the rules keep it for this move), and it is the move p's Pokemon and side last used."""
        if self.game.moves[index].name not in self.rules.last_damage_kept_by:
            s.last_damage = 0
        s.used_last[p] = index
        s.last_move[p] = index

    def _spend_pp(self, s: BattleState, p: int, slot: int | None) -> None:
        """A PP of move slot `slot` (None: Struggle, none), if it has any left: from the copied moves' PP if
        p's active transformed, else from its own; the slot is revealed either way."""
        if slot is None:
            return
        a = s.active[p]
        if s.transformed[p]:
            if s.t_pp[p][slot] > 0:
                s.t_pp[p][slot] -= 1
        elif s.pp[p][a][slot] > 0:
            s.pp[p][a][slot] -= 1
        s.revealed[p][a][slot] = True

    def _chosen_use(self, s: BattleState, p: int, action: int) -> tuple[int, int | None, bool] | None:
        """(move index, move slot or None for Struggle, whether it continues a lock) of p's move action
        (a move slot's effective move: Transform, Mimic); None for the forced action of a Pokemon that is
        not locked into a move. A partial-trapping lock whose foe is no longer trapped (it switched out)
        ends here: the move is used afresh."""
        if action == self.struggle_action:
            return self.struggle_move, None, False
        if action != self.forced_action:
            return self.effective_moves(s, p)[action], action, False
        if s.lock[p] in (RAMPAGE, RAGE) or (s.lock[p] == TRAP and s.trapped[1 - p]):
            return s.lock_move[p], s.lock_slot[p], True
        if s.lock[p] == TRAP:
            s.lock[p] = NO_LOCK
            return s.lock_move[p], s.lock_slot[p], False
        return None

    def _starts_charging(
        self, s: BattleState, p: int, move: ir_battle.Move, index: int, slot: int | None
    ) -> bool:
        """The first turn of a two-turn move (a Charge move, possibly called by Metronome or Mirror Move,
        used from `slot`): it charges (`charge` = 1 + slot, `charge_move` = the move, invulnerable if the
        move says so), the slot is revealed, no PP is spent; True: nothing else happens this turn."""
        charge = _first(move, ir_battle.Charge)
        if charge is None or slot is None:
            return False
        s.revealed[p][s.active[p]][slot] = True
        s.charge[p] = 1 + slot
        s.charge_move[p] = index
        s.invulnerable[p] = charge.invulnerable
        return True

    def _start_lock(
        self, s: BattleState, p: int, kind: int, index: int, slot: int | None, time: int | None
    ) -> None:
        """Lock player p into move `index` (from `slot`); `time`: its lock_time (None: left as it is, for
        Rage, which has none)."""
        s.lock[p] = kind
        s.lock_move[p] = index
        s.lock_slot[p] = slot if slot is not None else 0
        if time is not None:
            s.lock_time[p] = time

    def _rampage_turn(
        self,
        s: BattleState,
        p: int,
        index: int,
        move: ir_battle.Move,
        slot: int | None,
        continuation: bool,
        w: list[int],
    ) -> bool:
        """Thrash, before its accuracy: the first use locks the user in for low..high more uses (its
        accuracy stored from LOCK_ACCURACY); a continuation counts one down, and the last one confuses the
        user (replacing any confusion). True when the lock ends after this use (hit or miss)."""
        rampage = _first(move, ir_battle.Rampage)
        if rampage is None:
            return False
        if not continuation:
            time = rampage.low + w[WORDS_PER_PLAYER * p + W_HITS] % (rampage.high - rampage.low + 1)
            self._start_lock(s, p, RAMPAGE, index, slot, time)
            s.lock_acc[p] = LOCK_ACCURACY
            return False
        s.lock_time[p] -= 1
        if s.lock_time[p] > 0:
            return False
        lo, hi = self.rules.confusion_turns
        s.confusion[p] = lo + w[WORDS_PER_PLAYER * p + W_CONFUSION] % (hi - lo + 1)
        return True

    def _execute(
        self,
        s: BattleState,
        p: int,
        index: int,
        move: ir_battle.Move,
        slot: int | None,
        continuation: bool,
        w: list[int],
        foe_to_move: bool,
    ) -> None:
        """A move used for real, from its accuracy on: Bide's first use only starts its lock. A
        partial-trapping move cancels the foe's recharge (hit or miss). Then the failure checks, accuracy
        and immunity (see `_landing`; a continuation of a partial-trapping lock always lands, and a sleep
        move used at a foe that must recharge never misses); a move that does not land makes a crash (as a
        self-hit: it is the last damage, and a substitute shields its user) or user-faints move's user pay.
        Counter fails unless it has something to return. A status move does nothing against a substitute
        that blocks it. Then the damage (into the foe's substitute if it has one), recoil and drain, the
        effect statements, the thaw of a frozen foe hit by a move that may inflict the rules'
        thaw_by_secondary status (whatever its chance roll), healing (Rest: a sleep of its own, not from a
        foe), fainting, recharging, and the locks that start when the move lands."""
        q = 1 - p
        a, d = s.active[p], s.active[q]
        bide = _first(move, ir_battle.Bide)
        if bide is not None:
            time = bide.low + w[WORDS_PER_PLAYER * p + W_HITS] % (bide.high - bide.low + 1)
            self._start_lock(s, p, BIDE, index, slot, time)
            s.lock_damage[p] = 0
            return
        trap = _first(move, ir_battle.PartialTrap) is not None
        if trap:
            s.recharge[q] = False
        fixed = _first(move, ir_battle.FixedDamage)
        ohko = _first(move, ir_battle.Ohko) is not None
        counter = _first(move, ir_battle.Counter)
        damaging = move.power > 0 or fixed is not None or ohko or counter is not None
        trap_hit = continuation and s.lock[p] == TRAP
        # a sleep move used at a foe that must recharge never misses and replaces its status
        drowsy = self._sleeps(move) and s.recharge[q]
        if not trap_hit:
            outcome = self._landing(s, p, move, w, drowsy)
            if outcome != "lands":
                if outcome == "miss":
                    self._emit(p, index, "miss")
                crash = _first(move, ir_battle.CrashOnMiss)
                if crash is not None:
                    self._hurt_self(s, p, crash.amount)
                if _first(move, ir_battle.UserFaints) is not None:
                    s.hp[p][a] = 0
                return
        counter_damage = None
        if counter is not None:
            counter_damage = self._counter_damage(s, p, counter)
            if counter_damage is None:
                return
        behind_sub = not move.self_target and s.sub_hp[q] > 0
        if behind_sub and not damaging and self._substitute_blocks(move):
            return
        maxhp = self._stats[s.species[p][a]][0]
        # damage: one hit's x, each hit never more than the foe's HP left
        dealt = 0
        if damaging:
            x = self._one_hit(s, p, index, move, fixed, ohko, counter_damage, trap, trap_hit, w)
            n = self._hit_count(move, p, w)
            if behind_sub:
                self._hit_substitute(s, p, index, move, slot, continuation, x, n, w, foe_to_move)
                return
            dealt = self._hit_foe(s, p, index, move, x, n)
        if dealt > 0:
            self._recoil_and_drain(s, p, move, dealt)
        chance_roll = w[WORDS_PER_PLAYER * p + W_CHANCE] % 256
        effect = _Effect(
            move=move,
            index=index,
            damaging=damaging,
            chance_roll=chance_roll,
            foe_to_move=foe_to_move,
            slot=slot,
            drowsy=drowsy,
        )
        for stmt in move.effect:
            self._run_effect(s, p, effect, stmt, w, in_chance=False)
        if self._thaws(move) and s.status[q][d] == self.status_code("frz"):
            s.status[q][d] = 0
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
                # a sleep of its own: the sleep clause does not count it
                s.slept_by_foe[p][a] = False
        if _first(move, ir_battle.UserFaints) is not None:
            s.hp[p][a] = 0
        if _first(move, ir_battle.Recharge) is not None and dealt > 0 and s.hp[q][d] > 0:
            s.recharge[p] = True
        if not continuation:
            self._lock_on_landing(s, p, index, move, slot, w, broke_substitute=False)

    def _landing(
        self, s: BattleState, p: int, move: ir_battle.Move, w: list[int], drowsy: bool = False
    ) -> str:
        """Whether the move lands, checked in this order: "miss" when the foe is invulnerable (underground or
        in the air) and the move neither targets its user nor reaches it; "fails" when the foe lacks the
        status the move requires or a knock-out move's user is slower; then the accuracy roll (`drowsy`: a
        sleep move at a foe that must recharge hits whatever it says), which a foe immune to the move's type
        (see `_checks_immunity`) makes "fails" even when it hits (Showdown checks the immunity first: no
        miss, and a Thrash or Rage stores no accuracy; so does a Leech Seed at a foe that cannot be seeded);
        "miss" when it failed; else "lands". An accuracy
        roll that failed, or a foe out of reach, resets the battle's last damage."""
        q = 1 - p
        d = s.active[q]
        if s.invulnerable[q] and not move.self_target and _first(move, ir_battle.ReachesInvulnerable) is None:
            s.last_damage = 0
            return "miss"
        required = _first(move, ir_battle.RequiresStatus)
        if required is not None and s.status[q][d] != self.status_code(required.status):
            return "fails"
        if _first(move, ir_battle.Ohko) is not None and s.modified[q][SPE] > s.modified[p][SPE]:
            return "fails"
        immune = self._checks_immunity(move) and 0 in self._tenths(move.type, s.type_source[q])
        # a Leech Seed at a foe that cannot be seeded fails the same way (Showdown's TryImmunity: no miss)
        seeds = any(isinstance(st, ir_battle.Seed) for st in move.effect)
        foe_types = set(self.game.species[s.type_source[q]].types)
        immune = immune or (seeds and bool(foe_types & set(self.rules.seed_immune_types)))
        hit = self._accuracy_hits(s, p, move, w, store=not immune) or drowsy
        if not hit:
            s.last_damage = 0
        if immune:
            return "fails"
        return "lands" if hit else "miss"

    def _checks_immunity(self, move: ir_battle.Move) -> bool:
        """Whether a foe immune to the move's type (a type chart entry of 0) stops it: moves with power and
        knock-out moves, and the status moves of the rules' immunity-checking types; never fixed damage
        (Counter included) nor partial trapping (an immune foe takes 0 and is trapped) nor Disable."""
        if _first(move, ir_battle.FixedDamage) is not None or _first(move, ir_battle.Counter) is not None:
            return False
        if _first(move, ir_battle.PartialTrap) is not None or _first(move, ir_battle.Disable) is not None:
            return False
        if move.power > 0 or _first(move, ir_battle.Ohko) is not None:
            return True
        return move.type in self.rules.status_moves_check_types

    @staticmethod
    def _sleeps(move: ir_battle.Move) -> bool:
        """Whether the move puts the foe to sleep for sure (a top-level `inflict slp on foe`: no chance)."""
        return any(
            isinstance(stmt, ir_battle.InflictStatus) and stmt.status == "slp" and stmt.target != "self"
            for stmt in move.effect
        )

    def _thaws(self, move: ir_battle.Move) -> bool:
        """Whether the move thaws a frozen foe it hits: it has a chance to inflict the rules'
        thaw_by_secondary status on the foe (whatever the chance roll says)."""
        return any(
            isinstance(stmt, ir_battle.Chance)
            and isinstance(stmt.body, ir_battle.InflictStatus)
            and stmt.body.status == self.rules.thaw_by_secondary
            and stmt.body.target != "self"
            for stmt in move.effect
        )

    def _counter_damage(self, s: BattleState, p: int, counter: ir_battle.Counter) -> int | None:
        """Counter's damage: its multiple of the battle's last damage when the foe's side last chose or
        used a move with power of one of its types and the last damage is > 0; None: it fails."""
        last = s.last_move[1 - p]
        if last < 0 or s.last_damage <= 0:
            return None
        foe_move = self.game.moves[last]
        if foe_move.power <= 0 or foe_move.type not in counter.types:
            return None
        return counter.multiplier * s.last_damage

    def _one_hit(
        self,
        s: BattleState,
        p: int,
        index: int,
        move: ir_battle.Move,
        fixed: ir_battle.FixedDamage | None,
        ohko: bool,
        counter_damage: int | None,
        trap: bool,
        trap_hit: bool,
        w: list[int],
    ) -> int:
        """The damage x of one hit of a damaging move that landed (before capping at the foe's HP):
        Counter's value; 0 for a partial-trapping move against a foe immune to its type; a continuation of
        a partial-trapping lock repeats the first hit's damage; else fixed damage, a knock out or the
        formula (the only one that can be a critical hit)."""
        if counter_damage is not None:
            return counter_damage
        if trap and 0 in self._tenths(move.type, s.type_source[1 - p]):
            return 0
        if trap_hit:
            return s.lock_damage[p]
        x, crit = self._hit_damage(s, p, move, fixed, ohko, w)
        if crit:
            self._emit(p, index, "crit")
        return x

    def _hit_count(self, move: ir_battle.Move, p: int, w: list[int]) -> int:
        """The number of hits: 1, `hits N`, or an entry of the multi-hit table for `hits L to H`."""
        hits = _first(move, ir_battle.Hits)
        if hits is None:
            return 1
        if hits.low < hits.high:
            table = self.rules.multi_hit_table
            return table[w[WORDS_PER_PLAYER * p + W_HITS] % len(table)]
        return hits.low

    def _hit_foe(self, s: BattleState, p: int, index: int, move: ir_battle.Move, x: int, n: int) -> int:
        """Up to `n` hits of x on the foe's active, each capped at its HP left (they stop at 0 HP); the
        battle's last damage is the last hit's; a raging foe's stage rises once per hit (except for a
        user-faints move). Returns the damage dealt in all."""
        q = 1 - p
        d = s.active[q]
        rages = _first(move, ir_battle.UserFaints) is None
        dealt = 0
        for _ in range(n):
            if s.hp[q][d] == 0:
                break
            hit = min(x, s.hp[q][d])
            s.hp[q][d] -= hit
            dealt += hit
            s.last_damage = hit
            if rages:
                self._rage_boost(s, q)
        # (a partial-trapping move at an immune foe deals 0 but hits: Showdown logs its damage line)
        if dealt > 0 or _first(move, ir_battle.PartialTrap) is not None:
            self._emit(p, index, "hit")
            if s.hp[q][d] == 0:
                self._emit(p, index, "ko")
        return dealt

    def _hit_substitute(
        self,
        s: BattleState,
        p: int,
        index: int,
        move: ir_battle.Move,
        slot: int | None,
        continuation: bool,
        x: int,
        n: int,
        w: list[int],
        foe_to_move: bool,
    ) -> None:
        """A damaging move against a foe behind a substitute: the substitute takes up to `n` hits of x
        (uncapped: the battle's last damage is x) until it breaks; the Pokemon behind takes none. If the
        substitute survives: recoil and drain from x, a chance to confuse still applies, a recharge is
        still owed, a user-faints move's user faints and Rage locks; no other effect happens. If it
        breaks: none of that (the user of a user-faints move survives). A partial-trapping move locks
        either way."""
        q = 1 - p
        a = s.active[p]
        for _ in range(n):
            s.sub_hp[q] -= min(x, s.sub_hp[q])
            s.last_damage = x
            if s.sub_hp[q] == 0:
                break
        self._emit(p, index, "hit")
        broke = s.sub_hp[q] == 0
        if not broke:
            if x > 0:
                self._recoil_and_drain(s, p, move, x)
            chance_roll = w[WORDS_PER_PLAYER * p + W_CHANCE] % 256
            effect = _Effect(
                move=move, index=index, damaging=True, chance_roll=chance_roll, foe_to_move=foe_to_move
            )
            for stmt in move.effect:
                if isinstance(stmt, ir_battle.Chance) and isinstance(stmt.body, ir_battle.Confuse):
                    self._run_effect(s, p, effect, stmt, w, in_chance=False)
            if _first(move, ir_battle.UserFaints) is not None:
                s.hp[p][a] = 0
            if _first(move, ir_battle.Recharge) is not None:
                s.recharge[p] = True
        if not continuation:
            self._lock_on_landing(s, p, index, move, slot, w, broke_substitute=broke)

    def _recoil_and_drain(self, s: BattleState, p: int, move: ir_battle.Move, amount: int) -> None:
        """Recoil (JavaScript's Math.round of its share, at least 1) and drain (its share rounded down, at
        least 1; the battle's last damage becomes the amount drained) from `amount` > 0."""
        a = s.active[p]
        maxhp = self._stats[s.species[p][a]][0]
        recoil = _first(move, ir_battle.Recoil)
        if recoil is not None:
            lost = max(1, (2 * amount * recoil.num + recoil.den) // (2 * recoil.den))
            s.hp[p][a] = max(0, s.hp[p][a] - lost)
        drain = _first(move, ir_battle.Drain)
        if drain is not None:
            gained = max(1, amount * drain.num // drain.den)
            s.hp[p][a] = min(maxhp, s.hp[p][a] + gained)
            s.last_damage = gained

    def _lock_on_landing(
        self,
        s: BattleState,
        p: int,
        index: int,
        move: ir_battle.Move,
        slot: int | None,
        w: list[int],
        broke_substitute: bool,
    ) -> None:
        """The locks a move's first use starts when it lands: partial trapping (for a number of rounds
        from the rules' partial_trap_turns; every continuation deals the battle's last damage as it is
        now; the foe is trapped) and Rage (unless it broke a substitute)."""
        if _first(move, ir_battle.PartialTrap) is not None:
            table = self.rules.partial_trap_turns
            self._start_lock(s, p, TRAP, index, slot, table[w[WORDS_PER_PLAYER * p + W_HITS] % len(table)])
            s.lock_damage[p] = s.last_damage
            s.trapped[1 - p] = True
        elif _first(move, ir_battle.Rage) is not None and not broke_substitute:
            self._start_lock(s, p, RAGE, index, slot, None)
            s.lock_acc[p] = LOCK_ACCURACY

    def _rage_boost(self, s: BattleState, t: int) -> None:
        """A Pokemon locked into Rage that is hit: its Rage statement's stage change (the boost rule), even
        by the hit that knocks it out (Showdown's boost would skip a fainted Pokemon)."""
        if s.lock[t] != RAGE:
            return
        rage = _first(self.game.moves[s.lock_move[t]], ir_battle.Rage)
        if rage is not None:
            self.apply_stage(s, t, STAGES.index(rage.stat), rage.delta)

    def _substitute_blocks(self, move: ir_battle.Move) -> bool:
        """Whether a substitute stops a status move altogether: it would inflict one of the rules'
        substitute_blocks_statuses, change the foe's stages, or confuse it (top-level statements)."""
        blocked = self.rules.substitute_blocks_statuses
        for stmt in move.effect:
            if isinstance(stmt, ir_battle.InflictStatus) and stmt.target != "self" and stmt.status in blocked:
                return True
            if isinstance(stmt, ir_battle.StageChange) and stmt.target != "self":
                return True
            if isinstance(stmt, ir_battle.Confuse):
                return True
        return False

    def _hit_damage(
        self,
        s: BattleState,
        p: int,
        move: ir_battle.Move,
        fixed: ir_battle.FixedDamage | None,
        ohko: bool,
        w: list[int],
    ) -> tuple[int, bool]:
        """The damage x of one hit of a damaging move that landed, and whether it is a critical hit. The
        types are the Pokemon's current ones (`type_source`); the stats and base Speed their species'."""
        q = 1 - p
        a, d = s.active[p], s.active[q]
        level = self.rules.level
        if ohko:
            return OHKO_DAMAGE, False
        if fixed is not None:
            if fixed.mode == "number":
                return fixed.amount, False
            if fixed.mode == "level":
                return level, False
            if fixed.mode == "half_hp":
                return max(1, s.hp[q][d] // 2), False
            return 1 + w[WORDS_PER_PLAYER * p + W_DAMAGE] % (3 * level // 2 - 1), False
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
        x = self._base_damage(s.type_source[p], s.type_source[q], move, crit, atk, dfn)
        if x > 1:
            lo, hi = self.rules.random_factor
            x = x * (lo + w[WORDS_PER_PLAYER * p + W_DAMAGE] % (hi - lo + 1)) // 255
        return x, crit

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
            over = e.drowsy and not in_chance and stmt.status == "slp"
            if self._inflict(s, p, t, e.move, stmt.status, w, in_chance, over) and t == q:
                self._emit(p, e.index, "status")
        elif isinstance(stmt, ir_battle.StageChange):
            t = p if stmt.target == "self" else q
            if t != p and s.hp[t][s.active[t]] == 0:
                return
            if t != p and stmt.delta < 0 and not e.damaging and s.mist[t]:
                return  # Mist: the foe's status moves cannot lower the stages
            if self.apply_stage(s, t, STAGES.index(stmt.stat), stmt.delta):
                self._stat_glitch(s, q)
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
            immune = set(self.game.species[s.type_source[q]].types) & set(self.rules.seed_immune_types)
            if s.hp[q][d] > 0 and not s.seeded[q] and not immune:
                s.seeded[q] = True
        elif isinstance(stmt, ir_battle.Haze):
            self._haze(s, p, e.foe_to_move)
        elif isinstance(stmt, ir_battle.Disable):
            self._disable(s, p, stmt, w)
        elif isinstance(stmt, ir_battle.CopyTypes):
            s.type_source[p] = s.type_source[q]
        elif isinstance(stmt, ir_battle.Substitute):
            self._substitute(s, p, stmt)
        elif isinstance(stmt, ir_battle.MimicMove):
            self._mimic(s, p, e.slot, w)
        elif isinstance(stmt, ir_battle.Transform):
            self._transform(s, p, stmt)
        # an unspecified statement (a hole) does nothing; the other statements have their own steps

    def _disable(self, s: BattleState, p: int, stmt: ir_battle.Disable, w: list[int]) -> None:
        """Disable landed: unless the foe already has a disabled move, one of its active's move slots with
        (effective) PP left (number w(p, HITS) % their count, in slot order) is disabled for low +
        w(p, SLEEP) % (high - low + 1) of its turns; nothing when no slot has PP."""
        q = 1 - p
        if s.disabled[q] != 0:
            return
        moves, pp = self.effective_moves(s, q), self.effective_pp(s, q)
        slots = [k for k in range(self.moves_per_pokemon) if moves[k] >= 0 and pp[k] > 0]
        if not slots:
            return
        s.disabled[q] = 1 + slots[w[WORDS_PER_PLAYER * p + W_HITS] % len(slots)]
        s.disable_time[q] = stmt.low + w[WORDS_PER_PLAYER * p + W_SLEEP] % (stmt.high - stmt.low + 1)

    def _mimic(self, s: BattleState, p: int, slot: int | None, w: list[int]) -> None:
        """Mimic landed: the move slot it was used from (the caller's if it was called) holds one of the
        foe's active's effective moves (number w(p, CALL) % their count, in slot order) until p's active
        leaves the battle; the slot's PP is unchanged. Nothing when the foe has no move."""
        if slot is None:
            return
        foe_moves = [x for x in self.effective_moves(s, 1 - p) if x >= 0]
        if not foe_moves:
            return
        s.mimic_slot[p] = 1 + slot
        s.mimic_move[p] = foe_moves[w[WORDS_PER_PLAYER * p + W_CALL] % len(foe_moves)]

    def _transform(self, s: BattleState, p: int, stmt: ir_battle.Transform) -> None:
        """Transform landed: p's active takes the foe's stored stats (for its stage changes; not its HP,
        base Speed or crit stats), types, modified stats and stages, and its effective moves, each with
        at most `stmt.pp` PP (a Mimic of its own is gone)."""
        q = 1 - p
        s.transformed[p] = True
        s.stat_source[p] = s.stat_source[q]
        s.type_source[p] = s.type_source[q]
        s.modified[p] = list(s.modified[q])
        s.boosts[p] = list(s.boosts[q])
        moves = self.effective_moves(s, q)
        s.t_moves[p] = moves
        s.t_pp[p] = [min(stmt.pp, self.game.moves[x].pp) if x >= 0 else 0 for x in moves]
        s.mimic_slot[p] = 0

    def _substitute(self, s: BattleState, p: int, stmt: ir_battle.Substitute) -> None:
        """Substitute: fails when the user has one or less than num/den of its maximum HP; else the user
        pays floor(maxhp * num / den) (nothing at 3 maximum HP or less; it may faint), its substitute gets
        that + 1 HP, and it is no longer partially trapped."""
        a = s.active[p]
        maxhp = self._stats[s.species[p][a]][0]
        if s.sub_hp[p] > 0 or s.hp[p][a] * stmt.den < maxhp * stmt.num:
            return
        cost = maxhp * stmt.num // stmt.den
        if maxhp > 3:
            s.hp[p][a] = max(0, s.hp[p][a] - cost)
        s.sub_hp[p] = cost + 1
        s.trapped[p] = False

    def _haze(self, s: BattleState, p: int, foe_to_move: bool) -> None:
        """Haze used by player p: both sides lose their stages (the modified stats go back to the
        stored ones of `stat_source`, a transformed Pokemon's foe's: no paralysis or burn drop),
        confusion, screens, Focus Energy, Mist, Leech Seed, bad-poison counter and Disable; the foe's
        status ends (a frozen or asleep foe that has yet to take its turn this round flinches: it does not
        act this round); then the user's bad poison becomes poison. A recharge the foe owes, locks,
        substitutes, types and Transform are left as they are."""
        q = 1 - p
        for t in range(2):
            s.boosts[t] = [0] * len(STAGES)
            s.modified[t] = list(self._stats[s.stat_source[t]][1:])
            s.confusion[t] = 0
            s.screens[t] = 0
            s.focus[t] = s.mist[t] = s.seeded[t] = False
            s.toxic[t] = 0
            s.disabled[t] = 0
            s.disable_time[t] = 0
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
        self,
        s: BattleState,
        p: int,
        t: int,
        move: ir_battle.Move,
        status: str,
        w: list[int],
        in_chance: bool,
        over: bool = False,
    ) -> bool:
        """Inflict a major status on player t's active (by p's move); True when it did. The types it has
        now (`type_source`) decide its immunity and the secondary same-type block. `over`: the sleep of a
        sleep move used at a foe that must recharge, which takes the place of any status it has (its
        paralysis or burn drop stays in `modified`) and forgives the recharge. The rules' clause mods keep
        a foe's move from putting a second Pokemon of t's team to sleep (while one with HP left sleeps from
        a foe's move) or freezing a second one (while one is frozen)."""
        rules = self.rules
        j = s.active[t]
        target_types = self.game.species[s.type_source[t]].types
        if s.hp[t][j] == 0 or (s.status[t][j] != 0 and not over):
            return False
        if any(status in self.type_rules[ty].status_immunity for ty in target_types):
            return False
        if in_chance and status in rules.secondary_same_type_blocks and move.type in target_types:
            return False
        if t != p and self._clause_blocks(s, t, status):
            return False
        s.status[t][j] = self.status_code(status)
        if over:
            s.recharge[t] = False
        if status == "slp":
            lo, hi = rules.sleep_turns
            s.sleep[t][j] = lo + w[WORDS_PER_PLAYER * p + W_SLEEP] % (hi - lo + 1)
            if t != p:
                s.slept_by_foe[t][j] = True
        elif status == "par":
            s.modified[t][SPE] = max(1, s.modified[t][SPE] // rules.paralysis_speed_divisor)
        elif status == "brn":
            s.modified[t][ATK] = max(1, s.modified[t][ATK] // rules.burn_attack_divisor)
        elif status == "tox":
            s.toxic[t] = 0
        return True

    def apply_stage(self, s: BattleState, t: int, stage: int, delta: int) -> bool:
        """The Gen 1 boost rule: change stage `stage` of player t's active by `delta` (in place). A battle
        stat is recomputed from the stored stats of `stat_source` (a transformed Pokemon's are its foe's).
        True when the change worked: not blocked at the stage limit, nor a battle stat already at the stat
        cap (raised) or at 1 (lowered), whose stage moves one less and whose value stays."""
        rules = self.rules
        top = rules.max_stage
        cur = s.boosts[t][stage]
        if (delta > 0 and cur >= top) or (delta < 0 and cur <= -top):
            return False
        if stage >= BATTLE_STATS:
            s.boosts[t][stage] = _clamp(cur + delta, -top, top)
            return True
        if delta > 0 and s.modified[t][stage] == rules.stat_cap:
            s.boosts[t][stage] = min(cur + delta, top) - 1
            return False
        if delta < 0 and s.modified[t][stage] == 1:
            s.boosts[t][stage] = max(cur + delta, -top) + 1
            return False
        new = _clamp(cur + delta, -top, top)
        s.boosts[t][stage] = new
        stored = self._stats[s.stat_source[t]][1 + stage]
        value = max(1, stored * self._mult(new) // 100)
        if delta > 0:
            value = min(value, rules.stat_cap)
        s.modified[t][stage] = value
        return True

    def _stat_glitch(self, s: BattleState, q: int) -> None:
        """The Gen 1 glitch after a stage statement's change worked (whichever Pokemon it changed): the
        paralysis Speed drop or the burn Attack drop of player q's active (the move user's foe) applies to
        its modified stat again."""
        status = self._status_name(s.status[q][s.active[q]])
        if status == "par":
            s.modified[q][SPE] = max(1, s.modified[q][SPE] // self.rules.paralysis_speed_divisor)
        elif status == "brn":
            s.modified[q][ATK] = max(1, s.modified[q][ATK] // self.rules.burn_attack_divisor)

    def _clause_blocks(self, s: BattleState, t: int, status: str) -> bool:
        """Whether the rules' clause mods keep a foe's move from inflicting `status` on player t's active:
        "sleep" while a Pokemon of t's team with HP left sleeps from a foe's move, "freeze" while one of
        t's team is frozen."""
        clauses = self.rules.clauses
        if status == "slp" and "sleep" in clauses:
            slp = self.status_code("slp")
            team = range(self.team_size)
            return any(s.hp[t][j] > 0 and s.status[t][j] == slp and s.slept_by_foe[t][j] for j in team)
        if status == "frz" and "freeze" in clauses:
            return self.status_code("frz") in s.status[t]
        return False

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
