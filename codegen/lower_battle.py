"""Checked battle game -> constant tables for the battle engine template.

Everything per species and per move becomes a row of an integer table, so that a step reads the rows
of the two active Pokemon and their moves and costs the same whatever the number of species or moves.
A move's effect becomes rows of (op, argument, delta, target, chance threshold, in a chance) in
MOVE_EFFECTS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from tcgc import ir_battle as bir
from tcgc.check_battle import STATUS_PRIMITIVES

#: canonical stat order of the engine's tables
STATS = ("hp", "atk", "def", "spc", "spe")
#: stages: the four battle stats, then accuracy and evasion
STAGES = ("atk", "def", "spc", "spe", "acc", "eva")
OP_NONE, OP_INFLICT, OP_STAGE, OP_FLINCH, OP_CONFUSE, OP_SCREEN, OP_FOCUS, OP_MIST, OP_HAZE, OP_SEED = range(
    10
)
#: the bit of `screens` each screened stat sets
SCREEN_BITS = {"def": 1, "spc": 2}
TARGET_FOE, TARGET_SELF = 0, 1
#: a chance threshold of 256 in 256: the effect always happens
ALWAYS = 256


#: the columns of MOVE_FACTS: what a move does besides its damage formula and effect rows
FACTS = (
    "DAMAGES",  # 1: it deals damage (power, fixed damage or a knock out)
    "FIXED_MODE",  # 0 none, 1 a number, 2 the level, 3 half the foe's HP, 4 random below 3/2 level
    "FIXED_AMOUNT",
    "OHKO",
    "RECOIL_NUM",
    "RECOIL_DEN",
    "DRAIN_NUM",
    "DRAIN_DEN",
    "HEAL_NUM",
    "HEAL_DEN",
    "REST_TURNS",  # 0: not Rest
    "USER_FAINTS",
    "HALVE_DEF",
    "RECHARGE",
    "HITS_LO",
    "HITS_HI",
    "REQUIRES_STATUS",  # 0: none, else a status code
    "CRASH",
    "CHARGE",  # 0: none, 1: a two-turn move, 2: one invulnerable while charging
    "REACHES",  # 1: it reaches an invulnerable foe
    "TRAP",  # 1: partial trapping
    "RAMPAGE_LO",  # Thrash: the lock's extra uses (0: not a rampage)
    "RAMPAGE_HI",
    "RAGE_STAT",  # Rage: the stage that rises when hit, and by how much (0: not Rage)
    "RAGE_DELTA",
    "BIDE_LO",  # Bide: the storing rounds (0: not Bide) and the multiple of the damage it deals
    "BIDE_HI",
    "BIDE_MULT",
    "COUNTER_MULT",  # Counter: the multiple, and a bit per type the foe's last move may have
    "COUNTER_TYPES",
    "DISABLE_LO",  # Disable: its length (0: not Disable)
    "DISABLE_HI",
    "COPY_TYPES",
    "SUB_NUM",  # Substitute: its cost as a fraction of the maximum HP (0: not Substitute)
    "SUB_DEN",
    "KEEPS_LAST_DAMAGE",  # 1: using it leaves the battle's last damage as it was
    "SUB_BLOCKED",  # 1: a status move that does nothing to a foe behind a substitute
    "CALL",  # 1: it calls a random move (Metronome), 2: the foe's last move (Mirror Move)
    "MIMIC",  # 1: its slot takes a random move of the foe
    "TRANSFORM_PP",  # Transform: the PP of each copied move (0: not Transform)
    "THAWS",  # 1: it thaws a frozen foe it hits (it may inflict thaw_by_secondary by chance)
    "SLEEPS",  # 1: it puts the foe to sleep (not by chance): it always hits a recharging foe
)
FIXED_MODES = {"number": 1, "level": 2, "half_hp": 3, "psywave": 4, "counter": 5}


def _facts(move: bir.Move, rules: bir.BattleRuleSet, types: list[str], used: set[str]) -> list[int]:
    f = dict.fromkeys(FACTS, 0)
    f["RECOIL_DEN"] = f["DRAIN_DEN"] = f["HEAL_DEN"] = f["SUB_DEN"] = 1
    f["HITS_LO"] = f["HITS_HI"] = 1
    for st in move.effect:
        if isinstance(st, bir.FixedDamage):
            f["FIXED_MODE"], f["FIXED_AMOUNT"] = FIXED_MODES[st.mode], st.amount
        elif isinstance(st, bir.Ohko):
            f["OHKO"] = 1
        elif isinstance(st, bir.Recoil):
            f["RECOIL_NUM"], f["RECOIL_DEN"] = st.num, st.den
        elif isinstance(st, bir.Drain):
            f["DRAIN_NUM"], f["DRAIN_DEN"] = st.num, st.den
        elif isinstance(st, bir.HealSelf):
            f["HEAL_NUM"], f["HEAL_DEN"] = st.num, st.den
        elif isinstance(st, bir.Rest):
            f["REST_TURNS"] = st.turns
        elif isinstance(st, bir.UserFaints):
            f["USER_FAINTS"] = 1
        elif isinstance(st, bir.HalveDefense):
            f["HALVE_DEF"] = 1
        elif isinstance(st, bir.Recharge):
            f["RECHARGE"] = 1
        elif isinstance(st, bir.Hits):
            f["HITS_LO"], f["HITS_HI"] = st.low, st.high
        elif isinstance(st, bir.RequiresStatus):
            f["REQUIRES_STATUS"] = 1 + rules.statuses.index(st.status)
        elif isinstance(st, bir.CrashOnMiss):
            f["CRASH"] = st.amount
        elif isinstance(st, bir.Charge):
            f["CHARGE"] = 2 if st.invulnerable else 1
        elif isinstance(st, bir.ReachesInvulnerable):
            f["REACHES"] = 1
        elif isinstance(st, bir.PartialTrap):
            f["TRAP"] = 1
        elif isinstance(st, bir.Rampage):
            f["RAMPAGE_LO"], f["RAMPAGE_HI"] = st.low, st.high
        elif isinstance(st, bir.Rage):
            f["RAGE_STAT"], f["RAGE_DELTA"] = STAGES.index(st.stat), st.delta
        elif isinstance(st, bir.Bide):
            f["BIDE_LO"], f["BIDE_HI"], f["BIDE_MULT"] = st.low, st.high, st.multiplier
        elif isinstance(st, bir.Counter):
            f["FIXED_MODE"], f["COUNTER_MULT"] = FIXED_MODES["counter"], st.multiplier
            f["COUNTER_TYPES"] = sum(1 << types.index(t) for t in st.types)
        elif isinstance(st, bir.Disable):
            f["DISABLE_LO"], f["DISABLE_HI"] = st.low, st.high
        elif isinstance(st, bir.CopyTypes):
            f["COPY_TYPES"] = 1
        elif isinstance(st, bir.Substitute):
            f["SUB_NUM"], f["SUB_DEN"] = st.num, st.den
        elif isinstance(st, bir.CallRandom):
            f["CALL"] = 1
        elif isinstance(st, bir.CallFoeLast):
            f["CALL"] = 2
        elif isinstance(st, bir.MimicMove):
            f["MIMIC"] = 1
        elif isinstance(st, bir.Transform):
            f["TRANSFORM_PP"] = st.pp
        else:
            continue
        used.add(st.kind)
    f["DAMAGES"] = int(move.power > 0 or f["FIXED_MODE"] > 0 or f["OHKO"] == 1)
    f["KEEPS_LAST_DAMAGE"] = int(move.name in rules.last_damage_kept_by)
    blocked = (
        (isinstance(st, bir.InflictStatus) and st.status in rules.substitute_blocks_statuses)
        or (isinstance(st, bir.StageChange) and st.target == "foe")
        or isinstance(st, bir.Confuse)
        for st in move.effect
    )
    f["SUB_BLOCKED"] = int(f["DAMAGES"] == 0 and any(blocked))
    f["THAWS"] = int(
        any(
            isinstance(st, bir.Chance)
            and isinstance(st.body, bir.InflictStatus)
            and st.body.status == rules.thaw_by_secondary
            for st in move.effect
        )
    )
    f["SLEEPS"] = int(any(isinstance(st, bir.InflictStatus) and st.status == "slp" for st in move.effect))
    return [f[name] for name in FACTS]


@dataclass
class BattleLowered:
    game: bir.BattleGame
    consts: dict[str, int] = field(default_factory=dict)
    tables: dict[str, np.ndarray] = field(default_factory=dict)
    used_ops: set[str] = field(default_factory=set)
    species_names: list[str] = field(default_factory=list)
    move_names: list[str] = field(default_factory=list)
    type_names: list[str] = field(default_factory=list)
    status_names: list[str] = field(default_factory=list)
    team_names: list[str] = field(default_factory=list)


def _isqrt_ceil(x: int) -> int:
    root = math.isqrt(x)
    return root if root * root == x else root + 1


def species_stats(rules: bir.BattleRuleSet, base: dict[str, int]) -> list[int]:
    """The stored stats (canonical order) of a species at the rules' level, DVs and stat experience."""
    bonus = min(255, _isqrt_ceil(rules.stat_exp)) // 4
    out = []
    for stat in STATS:
        core = (2 * (base[stat] + rules.dv) + bonus) * rules.level // 100
        out.append(core + rules.level + 10 if stat == "hp" else core + 5)
    return out


def _effect_rows(move: bir.Move, rules: bir.BattleRuleSet, used: set[str]) -> list[tuple[int, ...]]:
    rows: list[tuple[int, ...]] = []

    def emit(st: bir.BattleStmt, threshold: int, chance: int) -> None:
        if isinstance(st, bir.Chance):
            emit(st.body, -(-st.percent * 256 // 100), 1)
            used.add("chance")
        elif isinstance(st, bir.InflictStatus):
            used.add(f"inflict_{st.status}")
            rows.append((OP_INFLICT, 1 + rules.statuses.index(st.status), 0, TARGET_FOE, threshold, chance))
        elif isinstance(st, bir.StageChange):
            used.add("stage")
            target = TARGET_SELF if st.target == "self" else TARGET_FOE
            rows.append((OP_STAGE, STAGES.index(st.stat), st.delta, target, threshold, chance))
        elif isinstance(st, bir.Flinch):
            used.add("flinch")
            rows.append((OP_FLINCH, 0, 0, TARGET_FOE, threshold, chance))
        elif isinstance(st, bir.Confuse):
            used.add("confuse")
            penalty = rules.confusion_chance_penalty if chance else 0
            rows.append((OP_CONFUSE, 0, 0, TARGET_FOE, threshold - penalty, chance))
        else:
            op, arg = {
                "screen": (OP_SCREEN, SCREEN_BITS.get(getattr(st, "stat", ""), 0)),
                "focus_energy": (OP_FOCUS, 0),
                "mist": (OP_MIST, 0),
                "haze": (OP_HAZE, 0),
                "seed": (OP_SEED, 0),
            }[st.kind]
            used.add(st.kind)
            rows.append((op, arg, 0, TARGET_SELF if st.kind != "seed" else TARGET_FOE, threshold, chance))
        # ir.Unspecified: a hole compiles to nothing

    for st in move.effect:
        effect_rows = (bir.Chance, bir.InflictStatus, bir.StageChange, bir.Flinch, bir.Confuse, bir.Screen)
        if isinstance(st, (*effect_rows, bir.FocusEnergy, bir.Mist, bir.Haze, bir.Seed)):
            emit(st, ALWAYS, 0)  # the other statements are per-move facts (MOVE_FACTS); holes are nothing
    return rows


def lower_battle(game: bir.BattleGame) -> BattleLowered:
    """Lower a checked battle game to constant tables."""
    rules = game.rules
    out = BattleLowered(game=game)
    types = [t.name for t in game.types]
    statuses = list(rules.statuses)
    n_species, n_moves = len(game.species), len(game.moves)
    t: dict[str, np.ndarray] = {}
    t["SPECIES_STATS"] = np.array([species_stats(rules, s.base) for s in game.species], np.int32).reshape(
        n_species, len(STATS)
    )
    t["SPECIES_TYPES"] = np.array(
        [[types.index(x) for x in s.types] + [-1] * (2 - len(s.types)) for s in game.species], np.int32
    ).reshape(n_species, 2)
    t["SPECIES_BASE_SPE"] = np.array([s.base["spe"] for s in game.species], np.int32)
    t["SPECIES_SEED_IMMUNE"] = np.array(
        [int(any(x in rules.seed_immune_types for x in s.types)) for s in game.species], np.int32
    )
    immune = {x.name: sum(1 << (1 + statuses.index(st)) for st in x.status_immunity) for x in game.types}
    t["SPECIES_STATUS_IMMUNE"] = np.array(
        [int(np.bitwise_or.reduce([immune[x] for x in s.types])) for s in game.species], np.int32
    )
    t["TYPE_CHART"] = np.array([[x.tenths[d] for d in types] for x in game.types], np.int32).reshape(
        len(types), len(types)
    )
    t["MOVE_TYPE"] = np.array([types.index(m.type) for m in game.moves], np.int32)
    t["MOVE_POWER"] = np.array([m.power for m in game.moves], np.int32)
    # accuracy on the 0-255 scale; -1: the move never misses
    t["MOVE_ACCURACY"] = np.array(
        [-1 if m.accuracy is None else m.accuracy * 255 // 100 for m in game.moves], np.int32
    )
    t["MOVE_BASE_PP"] = np.array([m.pp for m in game.moves], np.int32)  # (Transform copies at most this)
    # the PP a move slot starts with: PP Ups included
    t["MOVE_PP"] = np.array([min(m.pp * (5 + rules.pp_ups) // 5, rules.pp_cap) for m in game.moves], np.int32)
    t["MOVE_PRIORITY"] = np.array([m.priority for m in game.moves], np.int32)
    t["MOVE_HIGH_CRIT"] = np.array([int(m.high_crit) for m in game.moves], np.int32)
    t["MOVE_SELF"] = np.array([int(m.self_target) for m in game.moves], np.int32)
    t["MOVE_SPECIAL"] = np.array([int(m.type in rules.special_types) for m in game.moves], np.int32)
    t["MOVE_FACTS"] = np.array([_facts(m, rules, types, out.used_ops) for m in game.moves], np.int32).reshape(
        n_moves, len(FACTS)
    )
    fixed = t["MOVE_FACTS"][:, FACTS.index("FIXED_MODE")] > 0
    ohko = t["MOVE_FACTS"][:, FACTS.index("OHKO")] == 1
    status_checks = np.array([m.power == 0 and m.type in rules.status_moves_check_types for m in game.moves])
    # type immunity stops moves with power, knock outs and the status moves of the listed types; fixed
    # damage ignores it, and so do partial-trapping moves (an immune foe takes 0 and is trapped)
    trap = t["MOVE_FACTS"][:, FACTS.index("TRAP")] == 1
    t["MOVE_CHECKS_IMMUNITY"] = (((t["MOVE_POWER"] > 0) | ohko | status_checks) & ~fixed & ~trap).astype(
        np.int32
    )
    programs = [_effect_rows(m, rules, out.used_ops) for m in game.moves]
    max_rows = max([len(p) for p in programs] + [1])
    t["MOVE_EFFECTS"] = np.zeros((n_moves, max_rows, 6), np.int32)
    for k, rows in enumerate(programs):
        for r, row in enumerate(rows):
            t["MOVE_EFFECTS"][k, r] = row
    t["STAGE_MULT"] = np.array(rules.stage_multipliers, np.int32)
    t["MULTI_HIT_TABLE"] = np.array(rules.multi_hit_table, np.int32)
    t["PARTIAL_TRAP_TABLE"] = np.array(rules.partial_trap_turns, np.int32)
    # the moves a random call picks from: every move but the excluded ones (of the first move that calls)
    excluded = next(
        (st.excluded for m in game.moves for st in m.effect if isinstance(st, bir.CallRandom)), None
    )
    pool = [k for k, m in enumerate(game.moves) if excluded is not None and m.name not in excluded]
    t["CALL_POOL"] = np.array(pool or [0], np.int32)
    t["TEAM_SPECIES"] = np.full((max(len(game.teams), 1), rules.team_size), -1, np.int32)
    slots = (max(len(game.teams), 1), rules.team_size, rules.moves_per_pokemon)
    t["TEAM_MOVES"] = np.full(slots, -1, np.int32)
    for k, team in enumerate(game.teams):
        for j, member in enumerate(team.members):
            t["TEAM_SPECIES"][k, j] = member.species
            t["TEAM_MOVES"][k, j, : len(member.moves)] = member.moves
    code = {name: 1 + k for k, name in enumerate(statuses)}
    out.consts = {
        "TEAM_SIZE": rules.team_size,
        "NUM_MOVE_SLOTS": rules.moves_per_pokemon,
        "NUM_SPECIES": n_species,
        "NUM_MOVES": n_moves,
        "NUM_TYPES": len(types),
        "LEVEL": rules.level,
        "MAX_STAGE": rules.max_stage,
        "STAT_CAP": rules.stat_cap,
        "DAMAGE_CAP": rules.damage_cap,
        "STAB_NUM": rules.stab[0],
        "STAB_DEN": rules.stab[1],
        "RANDOM_LO": rules.random_factor[0],
        "RANDOM_HI": rules.random_factor[1],
        "CRIT_SPEED_DIVISOR": rules.crit_speed_divisor,
        "CRIT_HIGH_MULTIPLIER": rules.crit_high_multiplier,
        "FULL_PARALYSIS": rules.full_paralysis,
        "PARALYSIS_SPEED_DIVISOR": rules.paralysis_speed_divisor,
        "BURN_ATTACK_DIVISOR": rules.burn_attack_divisor,
        "RESIDUAL_DIVISOR": rules.residual_divisor,
        "SLEEP_LO": rules.sleep_turns[0],
        "SLEEP_HI": rules.sleep_turns[1],
        "TURN_LIMIT": rules.turn_limit,
        "STRUGGLE": [m.name for m in game.moves].index(rules.struggle),
        **{f"F_{name}": k for k, name in enumerate(FACTS)},
        "MULTI_HIT_TABLE_SIZE": len(rules.multi_hit_table),
        "PARTIAL_TRAP_TABLE_SIZE": len(rules.partial_trap_turns),
        "CALL_POOL_SIZE": len(t["CALL_POOL"]),
        "SLEEP_CLAUSE": int("sleep" in rules.clauses),
        "FREEZE_CLAUSE": int("freeze" in rules.clauses),
        "MAX_HITS": max(
            [
                *rules.multi_hit_table,
                *(st.high for m in game.moves for st in m.effect if isinstance(st, bir.Hits)),
            ]
        ),
        "CONFUSION_LO": rules.confusion_turns[0],
        "CONFUSION_HI": rules.confusion_turns[1],
        "CONFUSION_SELF_HIT": rules.confusion_self_hit,
        "CONFUSION_POWER": rules.confusion_self_hit_power,
        "SEED_DIVISOR": rules.seed_divisor,
        "MAX_EFFECTS": max_rows,
        # status codes (0: none); -1 for a status the ruleset does not list
        **{f"STATUS_{name.upper()}": code.get(name, -1) for name in STATUS_PRIMITIVES},
        "SECONDARY_BLOCKS_MASK": sum(1 << code[s] for s in rules.secondary_same_type_blocks),
        "NUM_TEAMS": len(game.teams),
    }
    out.tables = t
    out.species_names = [s.name for s in game.species]
    out.move_names = [m.name for m in game.moves]
    out.type_names = types
    out.status_names = statuses
    out.team_names = [tm.name for tm in game.teams]
    return out
