"""The IR of the battle dialect: frozen pydantic models, one per spec construct, then the checked game.

The syntax nodes mirror `grammar/battle.lark`; `tcgc.check_battle` resolves names and types into a
`BattleGame`, which the reference interpreter and the code generator both read (and nothing else).
Settings, values and `unspecified` holes are the shared nodes of `tcgc.ir`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from tcgc.diagnostics import Span
from tcgc.ir import Checked, Hole, Node, Setting, Unspecified

# ---- syntax -----------------------------------------------------------------------------------


class BattleRules(Node):
    """`rules "name" { settings }`."""

    kind: Literal["rules"] = "rules"
    name: str
    settings: tuple[Setting, ...]


class Matchup(Node):
    """`super [types]`, `resisted [types]` or `immune [types]` of one attacking type."""

    how: Literal["super", "resisted", "immune"]
    defenders: tuple[str, ...]


class TypeEntry(Node):
    """`fire: super [grass ...] resisted [...] immune_to [brn];` (what it does, what it cannot get)."""

    name: str
    matchups: tuple[Matchup, ...]
    status_immunity: tuple[str, ...]


class Types(Node):
    kind: Literal["types"] = "types"
    entries: tuple[TypeEntry, ...]


class SpeciesDef(Node):
    """`species "Name" num N types [a b] base HP ATK ... learns ["Move" ...]`."""

    kind: Literal["species"] = "species"
    name: str
    num: int
    types: tuple[str, ...]
    base: tuple[int, ...]
    learns: tuple[str, ...]


class Chance(Node):
    """`chance N%: STMT`: a secondary effect, rolled once the move has hit."""

    kind: Literal["chance"] = "chance"
    percent: int
    body: BattleStmt


class InflictStatus(Node):
    """`inflict STATUS on TARGET`: a major status condition, if the target has none and may get it."""

    kind: Literal["inflict"] = "inflict"
    status: str
    target: str


class StageChange(Node):
    """`raise STAT N on TARGET` / `lower STAT N on TARGET`: a stat stage change (delta is signed)."""

    kind: Literal["stage"] = "stage"
    stat: str
    delta: int
    target: str


class FixedDamage(Node):
    """`fixed damage N|level|half foe hp|random below 3/2 level`: damage that ignores the formula and type
    immunity (`amount` is N for mode "number")."""

    kind: Literal["fixed_damage"] = "fixed_damage"
    mode: Literal["number", "level", "half_hp", "psywave"]
    amount: int = 0


class Ohko(Node):
    """`knock out foe unless it is faster`."""

    kind: Literal["ohko"] = "ohko"


class Recoil(Node):
    """`recoil N/D`: the user loses N/D of the damage dealt (rounded half up, at least 1)."""

    kind: Literal["recoil"] = "recoil"
    num: int
    den: int


class Drain(Node):
    """`drain N/D`: the user gains N/D of the damage dealt (rounded down, at least 1)."""

    kind: Literal["drain"] = "drain"
    num: int
    den: int


class HealSelf(Node):
    """`heal N/D on self`: N/D of the maximum HP (fails at full HP and at the 255/511 gaps)."""

    kind: Literal["heal_self"] = "heal_self"
    num: int
    den: int


class Rest(Node):
    """`sleep N turns and heal all`: the user falls asleep for exactly N turns and heals fully."""

    kind: Literal["rest"] = "rest"
    turns: int


class UserFaints(Node):
    """`user faints`: after the move (hit or not) the user faints."""

    kind: Literal["user_faints"] = "user_faints"


class HalveDefense(Node):
    """`halve foe def`: the foe's Defense counts half in this move's damage."""

    kind: Literal["halve_defense"] = "halve_defense"


class Flinch(Node):
    """`flinch foe`: the foe cannot act this round if it has not yet; a recharge it owes is forgiven."""

    kind: Literal["flinch"] = "flinch"


class Recharge(Node):
    """`recharge unless foe faints`: the user spends its next action recharging."""

    kind: Literal["recharge"] = "recharge"


class Hits(Node):
    """`hits N` or `hits L to H` (a number of hits from the rules' multi_hit_table)."""

    kind: Literal["hits"] = "hits"
    low: int
    high: int


class RequiresStatus(Node):
    """`fails unless foe has STATUS`."""

    kind: Literal["requires_status"] = "requires_status"
    status: str


class CrashOnMiss(Node):
    """`crash N on miss`: when the move misses or fails, the user takes N damage."""

    kind: Literal["crash"] = "crash"
    amount: int


class Confuse(Node):
    """`confuse foe`: the foe becomes confused unless it is already."""

    kind: Literal["confuse"] = "confuse"


class Screen(Node):
    """`screen def|spc on self`: Reflect or Light Screen on the user."""

    kind: Literal["screen"] = "screen"
    stat: str


class FocusEnergy(Node):
    """`focus energy on self`."""

    kind: Literal["focus_energy"] = "focus_energy"


class Mist(Node):
    """`mist on self`: the foe's status moves cannot lower the user's stages."""

    kind: Literal["mist"] = "mist"


class Haze(Node):
    """`haze`: stages, screens, confusion, seeds and Focus Energy end on both sides, the foe's status ends."""

    kind: Literal["haze"] = "haze"


class Seed(Node):
    """`seed foe`: Leech Seed."""

    kind: Literal["seed"] = "seed"


class Charge(Node):
    """`charge first turn [invulnerable]`: a two-turn move (Dig and Fly: invulnerable while charging)."""

    kind: Literal["charge"] = "charge"
    invulnerable: bool


class ReachesInvulnerable(Node):
    """`reaches invulnerable foe`: the move hits a foe that is underground or in the air."""

    kind: Literal["reaches"] = "reaches"


class PartialTrap(Node):
    """`trap foe`: the foe cannot act while the user is locked into this move for a number of rounds from the
    rules' partial_trap_turns; every later round the move deals the first hit's damage again."""

    kind: Literal["trap"] = "trap"


class Rampage(Node):
    """`lock 2 to 3 more turns then confuse self`: the user must use the move again that many more times (its
    first accuracy carried over), then becomes confused."""

    kind: Literal["rampage"] = "rampage"
    low: int
    high: int


class Rage(Node):
    """`rage: raise atk 1 when hit`: once it lands the user is locked into the move for as long as it stays
    in, and the stage rises each time a damaging move hits it."""

    kind: Literal["rage"] = "rage"
    stat: str
    delta: int


class Bide(Node):
    """`store damage 2 to 3 turns then deal 2x`: the user stores the damage done in the battle for that many
    rounds, then deals the multiple of it to the foe (typeless, never misses)."""

    kind: Literal["bide"] = "bide"
    low: int
    high: int
    multiplier: int


class Counter(Node):
    """`counter [normal fighting] 2x`: deals the multiple of the last damage dealt in the battle if the foe's
    side last used a damaging move of one of these types; else it fails."""

    kind: Literal["counter"] = "counter"
    types: tuple[str, ...]
    multiplier: int


class Disable(Node):
    """`disable foe move 1 to 8 turns`: one of the foe's moves with PP left, at random, cannot be chosen for
    that many of its turns."""

    kind: Literal["disable"] = "disable"
    low: int
    high: int


class CopyTypes(Node):
    """`copy foe types`: the user takes the foe's current types."""

    kind: Literal["copy_types"] = "copy_types"


class Substitute(Node):
    """`substitute 1/4`: the user pays N/D of its maximum HP for a substitute with that much HP + 1 that takes
    the foe's damage and blocks some of its status moves."""

    kind: Literal["substitute"] = "substitute"
    num: int
    den: int


class CallRandom(Node):
    """`call random move except ["Metronome" "Struggle"]`: the user uses a move of the spec picked at random
    (not one of these) instead."""

    kind: Literal["call_random"] = "call_random"
    excluded: tuple[str, ...]


class CallFoeLast(Node):
    """`call foe last move`: the user uses the move the foe's Pokemon last used instead (it fails if there is
    none, or if that move is one that calls the foe's last move)."""

    kind: Literal["call_foe_last"] = "call_foe_last"


class MimicMove(Node):
    """`replace this move with a random foe move`: until it leaves the battle, the user's move slot holds
    one of the foe's moves picked at random (with the slot's PP)."""

    kind: Literal["mimic"] = "mimic"


class Transform(Node):
    """`transform into foe with 5 pp`: the user takes the foe's types, stats (not HP), stages and moves (each
    with at most this many PP) until it leaves the battle."""

    kind: Literal["transform"] = "transform"
    pp: int


BattleStmt = Annotated[
    Chance
    | InflictStatus
    | StageChange
    | FixedDamage
    | Ohko
    | Recoil
    | Drain
    | HealSelf
    | Rest
    | UserFaints
    | HalveDefense
    | Flinch
    | Recharge
    | Hits
    | RequiresStatus
    | CrashOnMiss
    | Confuse
    | Screen
    | FocusEnergy
    | Mist
    | Haze
    | Seed
    | Charge
    | ReachesInvulnerable
    | PartialTrap
    | Rampage
    | Rage
    | Bide
    | Counter
    | Disable
    | CopyTypes
    | Substitute
    | CallRandom
    | CallFoeLast
    | MimicMove
    | Transform
    | Unspecified,
    Field(discriminator="kind"),
]


class MoveDef(Node):
    """`move "Name" num N type T [power P] accuracy A|always pp N [priority ±N] [crit high] [target self]`."""

    kind: Literal["move"] = "move"
    name: str
    num: int
    type: str
    power: int | None
    #: None: the move never misses (`accuracy always`)
    accuracy: int | None
    pp: int
    priority: int
    crit: str
    target: str
    effect: tuple[BattleStmt, ...]


class Member(Node):
    """`"Species": "Move", "Move", ...;` in a team."""

    species: str
    moves: tuple[str, ...]


class Team(Node):
    kind: Literal["team"] = "team"
    name: str
    members: tuple[Member, ...]


class RandomPool(Node):
    """`moves "A", "B";` (or `essential`, `exclusive`, `combo`) in a `random_set`: move names, duplicates kept
    (they weight the draw)."""

    pool: Literal["moves", "essential", "exclusive", "combo"]
    moves: tuple[str, ...]


class RandomSet(Node):
    """`random_set "Species" level N { moves ...; essential ...; exclusive ...; combo ...; }`: what a random
    team generator draws for one species (see grammar/battle.lark)."""

    kind: Literal["random_set"] = "random_set"
    species: str
    level: int
    #: the fields as written (the checker refuses one written twice)
    pools: tuple[RandomPool, ...]

    def names(self, pool: str) -> tuple[str, ...]:
        """The move names of one field (empty when it is not written)."""
        return next((p.moves for p in self.pools if p.pool == pool), ())


BattleItem = Annotated[
    BattleRules | Types | SpeciesDef | MoveDef | Team | RandomSet, Field(discriminator="kind")
]


class BattleFile(Node):
    """One parsed `.battle` file."""

    path: str
    header: tuple[str, ...]
    items: tuple[BattleItem, ...]


Chance.model_rebuild()


# ---- the checked game -------------------------------------------------------------------------


class BattleRuleSet(Checked):
    """Every value of a battle ruleset, typed (see `tcgc.check_battle.RULE_KEYS`)."""

    name: str
    team_size: int
    moves_per_pokemon: int
    level: int
    dv: int
    stat_exp: int
    #: the stat names, in the order of a species' `base` numbers: hp first, then the others
    stats: tuple[str, ...]
    #: the attacking types whose moves use the special stat (the others are physical)
    special_types: tuple[str, ...]
    #: the major status conditions (primitives: slp frz par brn psn tox)
    statuses: tuple[str, ...]
    #: statuses a move's secondary effect cannot inflict on a target that has the move's type
    secondary_same_type_blocks: tuple[str, ...]
    #: status moves of these types respect the type chart's immunities (the others ignore it)
    status_moves_check_types: tuple[str, ...]
    sleep_turns: tuple[int, int]
    full_paralysis: int
    paralysis_speed_divisor: int
    burn_attack_divisor: int
    residual_divisor: int
    random_factor: tuple[int, int]
    damage_cap: int
    stab: tuple[int, int]
    #: the number of hits of a `hits L to H` move: one entry at random
    multi_hit_table: tuple[int, ...]
    confusion_turns: tuple[int, int]
    #: a confused Pokemon acts iff its roll (0-255) is below this
    confusion_self_hit: int
    confusion_self_hit_power: int
    #: subtracted from the threshold of a chance to confuse
    confusion_chance_penalty: int
    seed_immune_types: tuple[str, ...]
    seed_divisor: int
    #: percentages of the stat multiplier at stages -6..+6
    stage_multipliers: tuple[int, ...]
    max_stage: int
    stat_cap: int
    crit_speed_divisor: int
    crit_high_multiplier: int
    turn_limit: int
    struggle: str
    #: the number of rounds a partial-trapping lock lasts: one of these at random
    partial_trap_turns: tuple[int, ...]
    #: the moves that leave the battle's last damage as it was when used (the others reset it to 0)
    last_damage_kept_by: tuple[str, ...]
    #: the statuses a substitute keeps the foe's status moves from inflicting
    substitute_blocks_statuses: tuple[str, ...]
    #: the clause mods played with: `sleep` (a foe's move cannot put a second Pokemon of a team to sleep),
    #: `freeze` (nor freeze a second one)
    clauses: tuple[str, ...]
    #: a move that may inflict this status as a secondary effect thaws a frozen foe it hits
    thaw_by_secondary: str
    #: every move slot starts with its move's PP times (5 + pp_ups) / 5 (PP Ups), at most pp_cap
    pp_ups: int
    pp_cap: int


class TypeRule(Checked):
    name: str
    #: effectiveness of this type's moves against each type, by defending type name: 2, 1, 0.5 or 0 as
    #: (numerator, denominator) pairs are not needed: 20, 10, 5 or 0 tenths
    tenths: dict[str, int]
    status_immunity: tuple[str, ...]


class Species(Checked):
    name: str
    num: int
    types: tuple[str, ...]
    #: base stats by stat name
    base: dict[str, int]
    learns: tuple[str, ...]
    span: Span


class Move(Checked):
    name: str
    num: int
    type: str
    power: int
    accuracy: int | None
    pp: int
    priority: int
    high_crit: bool
    self_target: bool
    #: the resolved effect (holes kept as `Unspecified`)
    effect: tuple[BattleStmt, ...]
    span: Span


class TeamMember(Checked):
    species: int
    moves: tuple[int, ...]


class BattleTeam(Checked):
    name: str
    members: tuple[TeamMember, ...]


class BattleRandomSet(Checked):
    """A checked `random_set`: the species and moves as indices into the game's species and moves."""

    species: int
    level: int
    moves: tuple[int, ...]
    essential: tuple[int, ...]
    exclusive: tuple[int, ...]
    combo: tuple[int, ...]


class BattleGame(Checked):
    """One battle engine: a checked ruleset, type chart, species, moves, teams and random-battle sets (the
    engines do not read the sets; they are data for team generators)."""

    dialect: Literal["battle"] = "battle"
    engine: str
    root: str
    rules: BattleRuleSet
    types: tuple[TypeRule, ...]
    species: tuple[Species, ...]
    moves: tuple[Move, ...]
    teams: tuple[BattleTeam, ...]
    random_sets: tuple[BattleRandomSet, ...] = ()
    holes: tuple[Hole, ...]
    spec_hash: str
    files: tuple[str, ...]
