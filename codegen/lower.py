"""IR -> lowered tables: every number the generated engine needs, as NumPy arrays and constants.

The engine is table-driven: a card is a row index, its data and its effect program are rows of
constant tables, and the step function never branches on which card it is. An effect program is
`MAX_ROWS` rows of `(op, coin, face, a, b)`:

    op    OP_* below (0 = no operation)
    coin  -1, or the index of the `if flip` that guards the row (the k-th flip of the program in
          reading order uses random slot SLOT_EFFECT + k)
    face  1 = heads, 0 = tails: the row runs when the coin shows this face
    a, b  the primitive's arguments (documented per op)

Only the primitives some program uses are emitted into the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tcgc import ir
from tcgc.errors import CodegenError

KIND_POKEMON, KIND_TRAINER, KIND_ENERGY = 0, 1, 2
STAGE_INDEX = {"basic": 0, "stage1": 1, "stage2": 2}
TARGETS = {"defending": 0, "self": 1}

# op code -> (name, meaning of a, meaning of b)
OPS: dict[str, int] = {
    "inflict": 1,
    "self_damage": 2,
    "switch_own": 3,
    "switch_opponent": 4,
    "times_heads": 5,
    "times_count": 6,
    "more_damage": 7,
    "less_damage": 8,
    "does_nothing": 9,
    "draw": 10,
    "cure": 11,
    "discard_hand": 12,
    "discard_energy": 13,
    "heal": 14,
    "bench_damage": 15,
    "protect": 16,
    "heal_chosen": 17,
    "half_hp": 18,
    "extra_energy": 19,
    "drain": 20,
    "heal_each_discard": 21,
    "switch_by_opponent": 22,
    "shuffle_hand": 23,
    "look": 24,
    "mirror": 25,
    "more_damage_if": 26,
    "per_benched": 27,
    "drain_dealt": 28,
    "random_damage": 29,
    # package D (abilities and lasting effects): 44-49
    "heal_each": 44,
    "supporter_lock": 45,
    "lasting": 46,
    # package B: 32-37
    "at_chosen": 32,
    "discard_random": 33,
    "random_from_deck": 34,
    "return_active": 35,
    "shuffle_active": 36,
    "switch_basic": 37,
    # package C (38-43): the Energy Zone, flip until tails
    "zone_attach": 38,
    "flip_until_tails": 39,
    "move_energy": 40,
    "zone_heads": 41,
    # package G (50-51): what a player may see
    "reveal": 50,
}
# `more damage N if ...`: b packs the test (bits 0-1), the target (bit 2: 1 = self), the condition or
# Energy type index (bits 3-7), the count of extra Energy or of coins (bits 8-11) and the first coin (12+)
MORE_IF_TESTS = {"damaged": 0, "status": 1, "extra_energy": 2, "all_heads": 3}
# `... benched [FILTER]`: b packs what is counted (bits 0-1: every Benched Pokemon, of a type, with a
# name, none) and the type index or name id (bits 2+)
BENCHED_ALL, BENCHED_TYPE, BENCHED_NAME, BENCHED_NONE = 0, 1, 2, 3
#: what `after damage heal dealt` adds to a program's drain (the engine counts those rows in bits 16+)
DRAIN_DEALT = 1 << 16
#: `next turn TARGET ...` (b of an OP_LASTING row; 1 is the one on self, as `at_target` reads b)
LASTING = {"takes_less": 1, "no_attack": 2, "no_retreat": 3, "deals_less": 4}
# `put random pokemon ... from own_deck to hand|bench` (OPS random_from_deck): a = the type + 1 (0: any);
# b = 1 for the Bench, then from bit 1 up to RANDOM_NAMES name ids + 1 (0: any name), RANDOM_NAME_BITS each
RANDOM_NAMES, RANDOM_NAME_BITS = 2, 14
# `damage N to chosen TARGET` / `heal N on chosen own_pokemon of type TYPE` (OPS at_chosen, a = N): b holds
# AT_* flags and, from bit AT_TYPE_SHIFT, the type + 1 a pick must have (0: any); the engine adds
# AT_ATTACK when an attack runs it
AT_HEAL, AT_OPPONENT, AT_BENCH, AT_ATTACK, AT_TYPE_SHIFT = 1, 2, 4, 8, 4
#: what `discard random WHAT from TARGET` discards (OPS discard_random, a)
DISCARD_RANDOM = {("energy", "defending"): 0, ("card", "opponent_hand"): 1}
SHUFFLED_HANDS = {"own_hand": 1, "opponent_hand": 2, "both_hands": 3}
ATTACH_TO = {"own_active": 1, "own_pokemon": 2}
# picks (`choose`, `move damage`): each program's picks are rows of CHOICE_STEPS[source, step] =
# (from, what, action, amount, optional, next statement's first step, same Pokemon as the last pick,
# Energy type (basic_energy of that type; for a position pick: the Pokemon's type) or -1, not the
# Pokemon the held card or damage comes from, the CARD_MATCH bit of the kind of card picked); source =
# the Trainer's card index,
# NUM_CARDS + card * MAX_ATTACKS + k for attack k, or POWER_SOURCE + card for a Pokemon Power
CHOICE_FROM = {
    "own_hand": 1,
    "own_discard": 2,
    "own_deck": 3,
    "own_looked": 4,
    "opponent_discard": 5,
    "own_pokemon": 6,
    "opponent_pokemon": 7,
    "defending": 8,
    "own_position": 9,
    "defending_attack": 10,
    "type": 11,
}
CHOICE_WHAT = {
    "card": 0,
    "trainer": 1,
    "energy_card": 2,
    "basic_energy": 3,
    "basic_pokemon": 4,
    "evolution_card": 5,
    "pokemon_card": 7,
    "stage2_card": 8,
}
#: what `put on matching basic` picks: a Stage 2 card whose Basic is in play and may evolve now
WHAT_BREEDABLE = 9
#: what `scoop up` picks: a Basic Pokemon card in play, at the Active only when there is a Bench
WHAT_SCOOPABLE = 6
# to_deck: the card is set aside and joins the deck once the picks are made
CHOICE_ACTION = {
    "discard": 1,
    "discard_heal": 2,
    "to_hand": 3,
    "to_deck": 4,
    "to_bench": 5,
    "to_bench_half": 6,
}
# picks of a card to attach, and picks of positions (from = own_position: A_CHOOSE actions)
PICK_HOLD, PICK_ATTACH_HELD, PICK_DAMAGE_FROM, PICK_DAMAGE_TO = 7, 8, 9, 10
# picks of one of the defending Pokemon's attacks (A_CHOOSE + k) and of a type (A_CHOOSE + t)
PICK_DISABLE, PICK_COPY, PICK_SET_WEAKNESS, PICK_SET_RESISTANCE = 11, 12, 13, 14
PICK_SCOOP_UP, PICK_DEVOLVE = 15, 16
# the Pokemon the held Stage 2 card goes on (`put on matching basic`)
PICK_EVOLVE_HELD = 17
# a looked-at card goes back on top of the deck at position `amount` (0 = the next drawn)
PICK_TO_TOP = 18
# `knock out self and attach it to chosen other own_pokemon as N energy of chosen type`: the Pokemon
# picked (A_CHOOSE + j) gets the power's card as an Energy card, then the type picked (A_CHOOSE + t)
# is what it provides
PICK_BECOME_HELD, PICK_ENERGY_TYPE = 19, 20
# what a position pick takes: any own Pokemon, one with damage, one `amount` more damage does not
# Knock Out
POSITION_ANY, POSITION_DAMAGED, POSITION_SURVIVES, POSITION_BREED = 0, 1, 2, 3
# `take TYPE energy from zone to chosen ...`: the Pokemon picked (A_CHOOSE + j) gets a zone token of
# type `amount & 15`; POSITION_NAMED: a Pokemon with one of the names of ZONE_NAMES[amount >> 4]
PICK_ZONE_ATTACH, POSITION_NAMED = 38, 38
# `... for each heads until tails`: once the Pokemon is picked, the pick's step flips its coins
PICK_ZONE_FLIP = 39
# `... for each heads of N coins`: N picks, each one Energy to the Pokemon picked, while pending_amount
# (the heads) lasts
PICK_ZONE_HEADS = 40
#: the most distinct "what a Trainer needs to be played" patterns (they are packed into 4 bits)
MAX_REQUIREMENTS = 15
ATTACH_UNTIL = {"end_of_turn": 1, "end_of_opponent_turn": 2}
#: the shield a `prevent ... next turn` leaves: damage of at most this much is prevented (PROTECT_ALL
#: for all damage); PROTECT_EFFECTS stops every effect of attacks, damage included
PROTECT_ALL, PROTECT_EFFECTS = 9999, -1
#: the retreat cost of a Pokemon that cannot retreat (no Pokemon holds this much Energy)
CANNOT_RETREAT = 99
#: the shield `knock out attacker if knocked out next turn` leaves (no damage is prevented)
PROTECT_DESTINY = -2
# what `more damage N per QUANTITY on TARGET` and friends count (COUNT_* in the engine)
COUNTS = {
    (None, None): 0,
    ("damage_counter", "defending"): 1,
    ("damage_counter", "self"): 2,
    ("energy", "defending"): 3,
    ("energy", "self"): 4,
}


@dataclass
class Lowered:
    """Everything the template needs; arrays are NumPy, names are plain Python."""

    game: ir.Game
    consts: dict[str, int] = field(default_factory=dict)
    tables: dict[str, np.ndarray] = field(default_factory=dict)
    used_ops: set[str] = field(default_factory=set)
    #: the kinds of pick Trainers need to be played: (from, what, to the Bench)
    pick_terms: list[tuple[int, int, int]] = field(default_factory=list)
    #: the opcodes that occur at each row position of some program
    row_ops: list[list[int]] = field(default_factory=list)
    card_names: list[str] = field(default_factory=list)
    card_ids: list[str] = field(default_factory=list)
    deck_names: list[str] = field(default_factory=list)
    energy_types: list[str] = field(default_factory=list)
    condition_names: list[str] = field(default_factory=list)
    holes: int = 0


def _program(
    stmts: tuple[ir.Stmt, ...],
    conditions: list[str],
    used: set[str],
    energy_types: list[str],
    names: list[str] | None = None,
    name_sets: list[tuple[str, ...]] | None = None,
) -> list[tuple[int, ...]]:
    """Rows for a statement list; coins are numbered in reading order (an `if flip` takes one, a
    `flip N coins` takes N)."""
    rows: list[tuple[int, ...]] = []
    coins = 0

    def count_code(st: ir.TimesCount | ir.MoreDamage | ir.LessDamage) -> int:
        if st.quantity is not None:
            used.add("count")
            if st.quantity == "energy":
                used.add("energy_count")
        elif isinstance(st, ir.MoreDamage):
            used.add("count")
        return COUNTS[(st.quantity, st.target)]

    def emit(st: ir.Stmt, coin: int, face: int) -> None:
        nonlocal coins
        if isinstance(st, ir.Inflict):
            used.add("inflict")
            rows.append((OPS["inflict"], coin, face, conditions.index(st.condition), TARGETS[st.target]))
        elif isinstance(st, ir.SelfDamage):
            used.add("self_damage")
            rows.append((OPS["self_damage"], coin, face, st.amount, TARGETS[st.target]))
        elif isinstance(st, ir.Switch) and st.basic:
            used.add("switch_basic")
            rows.append((OPS["switch_basic"], coin, face, 0, 0))
        elif isinstance(st, ir.ReturnActive):
            # a: up to RANDOM_NAMES name ids + 1, RANDOM_NAME_BITS each
            used.add("return_active")
            rows.append((OPS["return_active"], coin, face, _packed_names(st.names, names or []), 0))
        elif isinstance(st, ir.ShuffleActive):
            used.add("shuffle_active")
            rows.append((OPS["shuffle_active"], coin, face, 0, 0))
        elif isinstance(st, ir.Switch):
            op = "switch_own" if st.active == "own_active" else "switch_opponent"
            op = "switch_by_opponent" if st.by_opponent else op
            used.add(op)
            rows.append((OPS[op], coin, face, 0, 0))
        elif isinstance(st, ir.TimesHeads):
            used.add("times_heads")
            rows.append((OPS["times_heads"], coin, face, st.coins, coins))
            coins += st.coins
        elif isinstance(st, ir.TimesCount):
            rows.append((OPS["times_count"], coin, face, 0, count_code(st)))
        elif isinstance(st, ir.MoreDamage | ir.LessDamage):
            rows.append((OPS[st.kind], coin, face, st.amount, count_code(st)))
        elif isinstance(st, ir.DoesNothing | ir.DiscardHand):
            used.add(st.kind)
            rows.append((OPS[st.kind], coin, face, 0, 0))
        elif isinstance(st, ir.Draw):
            # b: 1 = the opponent draws
            used.add("draw")
            if st.for_opponent:
                used.add("draw_opponent")
            rows.append((OPS["draw"], coin, face, st.count, int(st.for_opponent)))
        elif isinstance(st, ir.Mirror):
            used.add("mirror")
            rows.append((OPS["mirror"], coin, face, 0, 0))
        elif isinstance(st, ir.Look):
            used.add("look")
            rows.append((OPS["look"], coin, face, st.count, 0))
        elif isinstance(st, ir.ShuffleHand):
            # a: the kind of card (CHOICE_WHAT; lower() turns it into its CARD_MATCH bit); b: SHUFFLED_HANDS
            used.add("shuffle_hand")
            what = CHOICE_WHAT["card" if st.what == "all" else st.what]
            rows.append((OPS["shuffle_hand"], coin, face, what, SHUFFLED_HANDS[st.hand]))
        elif isinstance(st, ir.Cure):
            used.add("cure")
            rows.append((OPS["cure"], coin, face, 0, 0 if st.target == "defending" else 1))
        elif isinstance(st, ir.DiscardEnergy):
            used.add("discard_energy")
            # a: how many (0 = all); b: the basic Energy type, -1 = any Energy card
            kind = -1 if st.energy_type is None else energy_types.index(st.energy_type)
            rows.append((OPS["discard_energy"], coin, face, st.count or 0, kind))
        elif isinstance(st, ir.ExtraEnergy):
            used.add("extra_energy")
            # b: the Energy type in bits 0-3, the cap above
            packed = energy_types.index(st.energy_type) | st.cap << 4
            rows.append((OPS["extra_energy"], coin, face, st.amount, packed))
        elif isinstance(st, ir.Drain):
            used.add("drain")
            rows.append((OPS["drain"], coin, face, st.amount, 0))
        elif isinstance(st, ir.MoreDamageIf):
            used.add("more_damage_if")
            if st.test == "extra_energy":
                used.add("extra_energy")  # its helpers (the attacker's Energy cards)
            packed = _more_if_packed(st, conditions, energy_types, coins)
            rows.append((OPS["more_damage_if"], coin, face, st.amount, packed))
            if st.test == "all_heads":
                coins += st.count
        elif isinstance(st, ir.PerBenched):
            used.add("per_benched")
            packed = _benched_packed(st, energy_types, names or [])
            rows.append((OPS["per_benched"], coin, face, st.amount or 0, packed))
        elif isinstance(st, ir.RandomDamage):
            # b: how many picks (draw words DRAW_EFFECT + m)
            used.add("random_damage")
            rows.append((OPS["random_damage"], coin, face, st.amount, st.times))
        elif isinstance(st, ir.DrainDealt):
            used.update({"drain", "drain_dealt"})
            rows.append((OPS["drain_dealt"], coin, face, DRAIN_DEALT, 0))
        elif isinstance(st, ir.DestinyBond):
            used.update({"protect", "destiny_bond"})
            rows.append((OPS["protect"], coin, face, PROTECT_DESTINY, 1))
        elif isinstance(st, ir.HealEachDiscard):
            used.add("heal_each_discard")
            rows.append((OPS["heal_each_discard"], coin, face, 0, 0))
        elif isinstance(st, ir.DamageChosen):
            used.add("at_chosen")
            flags = AT_OPPONENT * (st.target != "own_bench") | AT_BENCH * (st.target != "opponent_pokemon")
            rows.append((OPS["at_chosen"], coin, face, st.amount, flags))
        elif isinstance(st, ir.RandomFromDeck):
            used.add("random_from_deck")
            kind = 0 if st.pokemon_type is None else energy_types.index(st.pokemon_type) + 1
            packed = int(st.to == "bench") | (_packed_names(st.names, names or []) << 1 if st.names else 0)
            rows.append((OPS["random_from_deck"], coin, face, kind, packed))
        elif isinstance(st, ir.DiscardRandom):
            used.add("discard_random")
            rows.append((OPS["discard_random"], coin, face, DISCARD_RANDOM[(st.what, st.target)], 0))
        elif isinstance(st, ir.Heal) and st.chosen and st.pokemon_type is not None:
            used.add("at_chosen")
            typed = (energy_types.index(st.pokemon_type) + 1) << AT_TYPE_SHIFT
            rows.append((OPS["at_chosen"], coin, face, st.amount or PROTECT_ALL, AT_HEAL | typed))
        elif isinstance(st, ir.Heal):
            if st.chosen:
                used.add("heal_chosen")
                rows.append((OPS["heal_chosen"], coin, face, st.amount or PROTECT_ALL, 0))
            else:
                used.add("heal")
                rows.append((OPS["heal"], coin, face, st.amount or 0, 1))
        elif isinstance(st, ir.BenchDamage):
            used.add("bench_damage")
            side = 1 if st.side == "own_bench" else 2
            last = rows[-1] if rows else None
            if (
                last is not None
                and last[:4] == (OPS["bench_damage"], coin, face, st.amount)
                and last[4] != side
            ):
                rows[-1] = (*last[:4], 3)  # both Benches in one row
            else:
                rows.append((OPS["bench_damage"], coin, face, st.amount, side))
        elif isinstance(st, ir.HalfHp):
            used.add("half_hp")
            rows.append((OPS["half_hp"], coin, face, 0, 0))
        elif isinstance(st, ir.Protect):
            used.add("protect")
            shield = PROTECT_EFFECTS if st.what == "effects" else (st.up_to or PROTECT_ALL)
            rows.append((OPS["protect"], coin, face, shield, 1))
        elif isinstance(st, ir.HealEach):
            used.add("heal_each")
            rows.append((OPS["heal_each"], coin, face, st.amount, 0))
        elif isinstance(st, ir.SupporterLock) and st.when == "next_turn":
            used.add("supporter_lock")
            rows.append((OPS["supporter_lock"], coin, face, 0, 0))
        elif isinstance(st, ir.Lasting):
            used.add("lasting")
            rows.append((OPS["lasting"], coin, face, st.amount, LASTING[st.what]))
        elif isinstance(st, ir.ZoneAttach) and st.chosen and st.coins:
            # the heads of coins b .. b + a - 1 (pending_amount: the Energy its picks attach)
            used.add("zone_heads")
            rows.append((OPS["zone_heads"], coin, face, st.coins, coins))
            coins += st.coins
        elif isinstance(st, ir.ZoneAttach) and st.chosen:
            pass  # a pick (CHOICE_STEPS, PICK_ZONE_ATTACH)
        elif isinstance(st, ir.MoveEnergy):
            # a: the Energy type; b: the names the Active needs (ZONE_NAMES row), -1: any
            used.add("move_energy")
            group = -1
            if st.names and name_sets is not None:
                if st.names not in name_sets:
                    name_sets.append(st.names)
                group = name_sets.index(st.names)
            rows.append((OPS["move_energy"], coin, face, energy_types.index(st.energy_type), group))
        elif isinstance(st, ir.ZoneAttach):
            # a: the Energy type; b: 0 self (the attacker, or a power's Pokemon), else own_active (bit 0)
            # of Pokemon type (b >> 1) - 1 (-1: any)
            used.add("zone_attach")
            target = (
                0
                if st.target == "self"
                else 1 | (energy_types.index(st.pokemon_type) + 1 if st.pokemon_type else 0) << 1
            )
            rows.append((OPS["zone_attach"], coin, face, energy_types.index(st.energy_type), target))
        elif isinstance(st, ir.FlipUntilTails):
            # coins b .. b + FLIP_CAP - 1 of the effect: the heads before the first tails
            used.add("flip_until_tails")
            rows.append((OPS["flip_until_tails"], coin, face, ir.FLIP_CAP, coins))
            coins += ir.FLIP_CAP
        elif isinstance(st, ir.Reveal):
            # a: 1 the opponent's hand (row 1), 0 the player's own (row 0)
            used.add("reveal")
            rows.append((OPS["reveal"], coin, face, int(st.target == "opponent_hand"), 0))
        elif isinstance(st, ir.IfFlip):
            raise CodegenError("nested flips reached lowering; the checker should have refused them")
        # Unspecified: a hole compiles to no row at all (a no-op), and is listed by the build.
        # Requires, Once, Retaliate and Attach are card tables (ATTACK_REQUIRES, ATTACK_ONCE, RETALIATE,
        # ATTACH_*), not rows.

    for st in _before_finish(stmts):
        if isinstance(st, ir.IfFlip):
            mine = coins
            coins += 1
            wanted = 1 if st.face == "heads" else 0
            for inner in st.body:
                emit(inner, mine, wanted)
            for inner in st.orelse:
                emit(inner, mine, 1 - wanted)
        else:
            emit(st, -1, 0)
    return rows


def _more_if_packed(
    st: ir.MoreDamageIf, conditions: list[str], energy_types: list[str], first_coin: int
) -> int:
    """The b argument of a `more damage N if ...` row (see MORE_IF_TESTS)."""
    index = 0
    if st.test == "status":
        index = conditions.index(st.name or "")
    elif st.test == "extra_energy":
        index = energy_types.index(st.name or "")
    target = int(st.target == "self")
    return MORE_IF_TESTS[st.test] | target << 2 | index << 3 | st.count << 8 | first_coin << 12


def _benched_packed(st: ir.PerBenched, energy_types: list[str], names: list[str]) -> int:
    """The b argument of a `... benched [FILTER]` row: what is counted, and the type or name id."""
    if st.energy_type is not None:
        return BENCHED_TYPE | energy_types.index(st.energy_type) << 2
    if st.name is not None:
        # a name no card of the game has: no Benched Pokemon counts
        return BENCHED_NAME | names.index(st.name) << 2 if st.name in names else BENCHED_NONE
    return BENCHED_ALL


def _program_power(card: ir.Card) -> ir.Power | None:
    """The card's first power when it runs a program (`once a turn`), else None."""
    body = card.body
    if not isinstance(body, ir.Pokemon) or not body.powers:
        return None
    power = body.powers[0]
    return power if any(isinstance(st, ir.OnceATurn) for st in power.effect) else None


def _lower_abilities(
    game: ir.Game,
    power_programs: list[list[tuple[int, ...]]],
    max_rows: int,
    m: int,
    t: dict[str, np.ndarray],
    used: set[str],
) -> None:
    """The tables of powers that run programs (`once a turn`) and of passive `take N less damage` and
    `opponent cannot play supporters while active`; each only when some card has it (an engine without
    them is unchanged)."""
    n = len(game.cards)
    if any(power_programs):
        used.update({"power_program", "power"})
        t["POWER_PROGRAM"] = np.zeros((m, max_rows, 5), np.int32)
        t["POWER_PROGRAM"][..., 1] = -1
        # POWER_ONCE: 1 once a turn, 2 once a turn and only while Active; the power needs the opponent's
        # Bench (a switch of the opponent's Active)
        t["POWER_ONCE"] = np.zeros(m, np.int32)
        t["POWER_NEEDS_OPPONENT_BENCH"] = np.zeros(m, np.int32)
        for i, card in enumerate(game.cards):
            power = _program_power(card)
            if power is None:
                continue
            t["POWER_ACTIVE"][i] = 1
            once = next(st for st in power.effect if isinstance(st, ir.OnceATurn))
            t["POWER_ONCE"][i] = 2 if once.active_only else 1
            for r, row in enumerate(power_programs[i]):
                t["POWER_PROGRAM"][i, r] = row
            ops = {row[0] for row in power_programs[i]}
            t["POWER_NEEDS_OPPONENT_BENCH"][i] = int(
                bool({OPS["switch_opponent"], OPS["switch_by_opponent"]} & ops)
            )
            if OPS["switch_by_opponent"] in ops:
                used.add("switch_back")  # the opponent picks during the turn, then the turn goes on
    passive = [
        [st for power in card.body.powers for st in power.effect] if isinstance(card.body, ir.Pokemon) else []
        for card in game.cards
    ]
    if any(isinstance(st, ir.TakeLess) for sts in passive for st in sts):
        used.add("take_less")
        t["TAKE_LESS"] = np.zeros(m, np.int32)
        for i, sts in enumerate(passive):
            t["TAKE_LESS"][i] = sum(st.amount for st in sts if isinstance(st, ir.TakeLess))
    if any(isinstance(st, ir.SupporterLock) for sts in passive for st in sts):
        used.add("supporter_block")
        t["SUPPORTER_BLOCK"] = np.zeros(m, np.int32)
        for i, sts in enumerate(passive[:n]):
            t["SUPPORTER_BLOCK"][i] = int(any(isinstance(st, ir.SupporterLock) for st in sts))


def _packed_names(wanted: tuple[str, ...], names: list[str]) -> int:
    """Up to RANDOM_NAMES card names as name ids + 1, RANDOM_NAME_BITS bits each (names no card has
    are left out; none of them known is an error)."""
    known = [names.index(x) + 1 for x in wanted if x in names]
    if not known or len(wanted) > RANDOM_NAMES:
        raise CodegenError(f"a statement names 1 to {RANDOM_NAMES} cards of the game, not {list(wanted)}")
    return sum(k << (RANDOM_NAME_BITS * n) for n, k in enumerate(known))


def _before_finish(stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
    """A program without the `draw` that follows its picks (FINISH_DRAW: it happens once they are made)."""
    picks = [k for k, st in enumerate(stmts) if isinstance(st, ir.Choose)]
    if not picks:
        return stmts
    return tuple(st for k, st in enumerate(stmts) if k < picks[-1] or not isinstance(st, ir.Draw))


def _finish_draw(stmts: tuple[ir.Stmt, ...]) -> int:
    """How many cards a program draws once its picks are made."""
    kept = set(map(id, _before_finish(stmts)))
    return sum(st.count for st in stmts if isinstance(st, ir.Draw) and id(st) not in kept)


def _statements(card: ir.Card) -> list[ir.Stmt]:
    """Every effect statement of a card, blocks included."""
    body = card.body
    blocks: list[tuple[ir.Stmt, ...]] = []
    if isinstance(body, ir.Pokemon):
        blocks += [a.effect or () for a in body.attacks] + [p.effect for p in body.powers]
    elif isinstance(body, ir.Trainer):
        blocks.append(body.effect)
    out: list[ir.Stmt] = []
    while blocks:
        for st in blocks.pop():
            out.append(st)
            if isinstance(st, ir.IfFlip):
                blocks += [st.body, st.orelse]
    return out


def _count_flips(stmts: tuple[ir.Stmt, ...]) -> int:
    """Coins a program flips: one per `if flip` (plus what its blocks flip), N per `flip N coins`."""
    total = 0
    for st in stmts:
        if isinstance(st, ir.IfFlip):
            total += 1 + _count_flips(st.body) + _count_flips(st.orelse)
        elif isinstance(st, ir.TimesHeads):
            total += st.coins
        elif isinstance(st, ir.MoreDamageIf) and st.test == "all_heads":
            total += st.count
        elif isinstance(st, ir.FlipUntilTails) or (isinstance(st, ir.ZoneAttach) and st.until_tails):
            total += ir.FLIP_CAP  # (a pick's flips use the coins of the pick's step)
        elif isinstance(st, ir.ZoneAttach):
            total += st.coins
    return total


def _choice_steps(
    stmts: tuple[ir.Stmt, ...], energy_types: list[str], name_sets: list[tuple[str, ...]] | None = None
) -> list[tuple[int, ...]]:
    """The picks of one program, one row per pick (see CHOICE_STEPS); `name_sets` collects the name
    lists of `named` picks (POSITION_NAMED)."""
    steps: list[tuple[int, ...]] = []

    def kind(name: str | None) -> int:
        return -1 if name is None else energy_types.index(name)

    for st in stmts:
        first = len(steps)
        if isinstance(st, ir.ZoneAttach) and st.chosen:
            amount, what = kind(st.energy_type), POSITION_ANY
            if st.names and name_sets is not None:
                if st.names not in name_sets:
                    name_sets.append(st.names)
                amount, what = amount | name_sets.index(st.names) << 4, POSITION_NAMED
            other = int(st.target == "own_bench")  # not the Active (pending_pos 0 when the picks begin)
            own = CHOICE_FROM["own_position"]
            action = PICK_ZONE_FLIP if st.until_tails else PICK_ZONE_HEADS if st.coins else PICK_ZONE_ATTACH
            for _ in range(st.coins or 1):
                after = first + (st.coins or 1)
                steps.append((own, what, action, amount, 0, after, 0, kind(st.pokemon_type), other))
            continue
        if isinstance(st, ir.PickAttack):
            action = PICK_DISABLE if st.action == "disable" else PICK_COPY
            # amount 1: `use it needing its energy` (the attacker's Energy must pay the attack's cost)
            paid = int(st.action == "copy_paid")
            steps.append((CHOICE_FROM["defending_attack"], 0, action, paid, 0, first + 1, 0, -1, 0))
            continue
        if isinstance(st, ir.ChangeType):
            action = PICK_SET_WEAKNESS if st.what == "weakness" else PICK_SET_RESISTANCE
            whose = int(st.target == "self")
            steps.append((CHOICE_FROM["type"], whose, action, 0, int(st.optional), first + 1, 0, -1, 0))
            continue
        if isinstance(st, ir.BecomeEnergy):
            after = first + 2
            own = CHOICE_FROM["own_position"]
            steps.append((own, POSITION_ANY, PICK_BECOME_HELD, st.amount, 0, after, 0, -1, 1))
            steps.append((CHOICE_FROM["type"], 0, PICK_ENERGY_TYPE, st.amount, 0, after, 0, -1, 0))
            continue
        if isinstance(st, ir.MoveDamage):
            steps.append(
                (
                    CHOICE_FROM["own_position"],
                    POSITION_DAMAGED,
                    PICK_DAMAGE_FROM,
                    st.amount,
                    0,
                    first + 2,
                    0,
                    -1,
                    0,
                )
            )
            steps.append(
                (
                    CHOICE_FROM["own_position"],
                    POSITION_SURVIVES,
                    PICK_DAMAGE_TO,
                    st.amount,
                    0,
                    first + 2,
                    0,
                    -1,
                    1,
                )
            )
            continue
        if not isinstance(st, ir.Choose):
            continue
        if st.action == "put_on_basic":
            after = first + 2 * st.count
            for _ in range(st.count):
                source = CHOICE_FROM[st.source]
                steps.append((source, WHAT_BREEDABLE, PICK_HOLD, 0, int(st.up_to), after, 0, -1, 0))
                steps.append(
                    (CHOICE_FROM["own_position"], POSITION_BREED, PICK_EVOLVE_HELD, 0, 0, after, 0, -1, 0)
                )
            continue
        if st.action == "to_top":
            after = first + st.count
            for n in range(st.count):
                source, what = CHOICE_FROM[st.source], CHOICE_WHAT[st.what]
                steps.append((source, what, PICK_TO_TOP, n, int(st.up_to), after, 0, kind(st.energy_type), 0))
            continue
        attach = st.action == "attach"
        per_pick = 2 if attach else 1
        after = first + st.count * per_pick
        for n in range(st.count):
            source, what = CHOICE_FROM[st.source], CHOICE_WHAT[st.what]
            what = WHAT_SCOOPABLE if st.action == "scoop_up" else what
            action = (
                PICK_HOLD
                if attach
                else {"scoop_up": PICK_SCOOP_UP, "devolve": PICK_DEVOLVE}.get(
                    st.action, CHOICE_ACTION.get(st.action, 0)
                )
            )
            same = int(st.one and n > 0)
            steps.append(
                (source, what, action, st.amount, int(st.up_to), after, same, kind(st.energy_type), 0)
            )
            if attach:
                steps.append(
                    (
                        CHOICE_FROM["own_position"],
                        POSITION_ANY,
                        PICK_ATTACH_HELD,
                        0,
                        0,
                        after,
                        0,
                        kind(st.attach_type),
                        int(st.attach_other),
                    )
                )
    return steps


def _card_matches(card: ir.Card, what: int, energy_type: str | None) -> bool:
    """Whether a card is of the kind a pick takes (WHAT_SCOOPABLE: a Basic Pokemon card)."""
    body = card.body
    pokemon = isinstance(body, ir.Pokemon)
    if what == CHOICE_WHAT["trainer"]:
        return isinstance(body, ir.Trainer)
    if what == CHOICE_WHAT["energy_card"]:
        return isinstance(body, ir.Energy)
    if what == CHOICE_WHAT["basic_energy"]:
        basic = isinstance(body, ir.Energy) and body.category == "basic" and len(body.provides) == 1
        return basic and (energy_type is None or body.provides == (energy_type,))  # type: ignore[union-attr]
    if what in (CHOICE_WHAT["basic_pokemon"], WHAT_SCOOPABLE):
        return pokemon and body.stage == "basic"  # type: ignore[union-attr]
    if what == CHOICE_WHAT["evolution_card"]:
        return pokemon and body.stage != "basic"  # type: ignore[union-attr]
    if what == CHOICE_WHAT["pokemon_card"]:
        return pokemon
    if what in (CHOICE_WHAT["stage2_card"], WHAT_BREEDABLE):
        return pokemon and body.stage == "stage2"  # type: ignore[union-attr]
    return True


def _requirement(steps: list[tuple[int, ...]]) -> tuple[tuple[tuple[int, ...], int], ...]:
    """What the picks of a Trainer or power need to be possible: ((from, what, to the Bench, type,
    amount), how many) per kind of mandatory pick."""
    need: dict[tuple[int, ...], int] = {}
    for source, what, action, amount, optional, _, _, energy, _, bit in steps:
        # a breedable card has its Basic; the cards looked at are there once the effect runs; a type is
        # always there to pick
        if not optional and action not in (PICK_EVOLVE_HELD, PICK_TO_TOP, PICK_ENERGY_TYPE):
            kept = what in (POSITION_SURVIVES, POSITION_NAMED)
            survives = amount if source == CHOICE_FROM["own_position"] and kept else 0
            term = (
                source,
                what,
                int(action in (CHOICE_ACTION["to_bench"], CHOICE_ACTION["to_bench_half"])),
                energy,
                survives,
                bit,
            )
            # the power's own Pokemon is one of those counted: it needs another one
            need[term] = need.get(term, 0) + 1 + int(action == PICK_BECOME_HELD)
    return tuple(sorted(need.items()))


def _check_limits(consts: dict[str, int], num_names: int, t: dict[str, np.ndarray]) -> None:
    """The engine packs zones into int8 and slot facts into int32; refuse specs that do not fit."""
    limits = [
        (consts["DECK_SIZE"] <= 63, f"deck_size {consts['DECK_SIZE']} is above the engine limit of 63"),
        (consts["BENCH_SIZE"] <= 11, f"bench_size {consts['BENCH_SIZE']} is above the engine limit of 11"),
        (consts["PRIZES"] <= 48, f"prizes {consts['PRIZES']} is above the engine limit of 48"),
        (num_names < 16_000, f"{num_names} distinct card names are above the engine limit of 16,000"),
        (int(t["ENERGY_AMOUNT"].max(initial=0)) <= 15, "an Energy card provides more than 15 Energy"),
        (
            t["ENERGY_PROVIDES"].shape[1] <= 10 and int(t["ENERGY_PROVIDES"].max(initial=0)) <= 3,
            "more than 10 Energy types, or an Energy card providing more than 3 of one type",
        ),
        (len(np.unique(t["ENERGY_PROVIDES"], axis=0)) <= 256, "more than 256 kinds of Energy card"),
        (t["ENERGY_PROVIDES"].shape[1] <= 10, "more than 10 Energy types (2 bits each in a slot word)"),
    ]
    for ok, message in limits:
        if not ok:
            raise CodegenError(message)


def _becomes_energy(cards: tuple[ir.Card, ...]) -> list[int]:
    """The cards whose Pokemon Power is `knock out self and attach it ... as N energy`, in card order."""
    return [
        i
        for i, card in enumerate(cards)
        if isinstance(card.body, ir.Pokemon)
        and any(isinstance(st, ir.BecomeEnergy) for power in card.body.powers for st in power.effect)
    ]


def _energy_forms(cards: tuple[ir.Card, ...], energy: list[str]) -> list[ir.Card]:
    """The Energy cards the `knock out self and attach it` cards become: card NUM_CARDS + k *
    NUM_ENERGY_TYPES + t is the k-th such card as an Energy card providing N of type t."""
    out = []
    for i in _becomes_energy(cards):
        card = cards[i]
        amount = next(
            st.amount
            for power in card.body.powers  # type: ignore[union-attr]
            for st in power.effect
            if isinstance(st, ir.BecomeEnergy)
        )
        for kind in energy:
            body = ir.Energy(span=card.span, category="special", provides=(kind,) * amount)
            out.append(
                ir.Card(
                    span=card.span, name=f"{card.name} as {kind} Energy", id=f"{card.id}:{kind}", body=body
                )
            )
    return out


def _boost_tables(
    cards: tuple[ir.Card, ...], names: list[str], m: int, t: dict[str, np.ndarray], used: set[str]
) -> None:
    """`boost attacks [of NAMES] by N this turn` of each Trainer: BOOST_AMOUNT[card] (0: none),
    BOOST_ANY[card] (1: every Pokemon's attacks) and BOOST_NAMES[card] (the name ids, -1 pads)."""
    boosts = [(i, st) for i, c in enumerate(cards) for st in _statements(c) if isinstance(st, ir.Boost)]
    if not boosts:
        return
    used.add("boost")
    width = max([len(st.names) for _, st in boosts] + [1])
    t["BOOST_AMOUNT"] = np.zeros(m, np.int32)
    t["BOOST_ANY"] = np.zeros(m, np.int32)
    t["BOOST_NAMES"] = np.full((m, width), -1, np.int32)
    for i, st in boosts:
        t["BOOST_AMOUNT"][i] = st.amount
        t["BOOST_ANY"][i] = int(not st.names)
        for k, name in enumerate(st.names):
            t["BOOST_NAMES"][i, k] = names.index(name)


def lower(game: ir.Game) -> Lowered:
    """Lower a checked game to constant tables."""
    rules = game.rules
    out = Lowered(game=game)
    energy = list(rules.energy_types)
    conds = [c.name for c in rules.conditions]
    names = sorted({c.name for c in game.cards})
    n = len(game.cards)  # programs are numbered by the spec's cards
    # the card tables also hold a row per Energy a `knock out self and attach it` card may become
    cards = [*game.cards, *_energy_forms(game.cards, energy)]
    m = len(cards)
    pokemon = [c.body for c in game.cards if isinstance(c.body, ir.Pokemon)]
    max_attacks = max([len(p.attacks) for p in pokemon] + [1])

    programs: list[list[list[tuple[int, ...]]]] = []  # [card][attack] -> rows
    name_sets: list[tuple[str, ...]] = []  # the name lists of `named` picks and moves (ZONE_NAMES)
    trainer_programs: list[list[tuple[int, ...]]] = []
    power_programs: list[list[tuple[int, ...]]] = []  # a `once a turn` power's program, per card
    max_coins = 0
    for card in game.cards:
        body = card.body
        atk_rows = []
        if isinstance(body, ir.Pokemon):
            for a in body.attacks:
                atk_rows.append(_program(a.effect or (), conds, out.used_ops, energy, names, name_sets))
                max_coins = max(max_coins, _count_flips(a.effect or ()))
        programs.append(atk_rows)
        program_power = _program_power(card)
        if program_power is not None:
            power_programs.append(
                _program(program_power.effect, conds, out.used_ops, energy, names, name_sets)
            )
            max_coins = max(max_coins, _count_flips(program_power.effect))
        else:
            power_programs.append([])
        if isinstance(body, ir.Trainer):
            trainer_programs.append(_program(body.effect, conds, out.used_ops, energy, names, name_sets))
            max_coins = max(max_coins, _count_flips(body.effect))
        else:
            trainer_programs.append([])
    max_discard = max(
        [st.count or 0 for c in game.cards for st in _statements(c) if isinstance(st, ir.DiscardEnergy)] + [0]
    )
    max_draw = max(
        [st.count for c in game.cards for st in _statements(c) if isinstance(st, ir.Draw | ir.Look)]
        + [st.times for c in game.cards for st in _statements(c) if isinstance(st, ir.RandomDamage)]
        + [
            1
            for c in game.cards
            for st in _statements(c)
            if isinstance(st, ir.DiscardRandom | ir.RandomFromDeck)
        ]
        + [0]
    )
    max_look = max([st.count for c in game.cards for st in _statements(c) if isinstance(st, ir.Look)] + [1])
    max_rows = max(
        [len(r) for per in programs for r in per]
        + [len(r) for r in trainer_programs]
        + [len(r) for r in power_programs]
        + [1]
    )
    every_program = [rows for per in programs for rows in per] + trainer_programs + power_programs
    out.row_ops = [sorted({rows[r][0] for rows in every_program if len(rows) > r}) for r in range(max_rows)]

    t: dict[str, np.ndarray] = {
        "CARD_KIND": np.zeros(m, np.int32),
        "STAGE": np.zeros(m, np.int32),
        "HP": np.zeros(m, np.int32),
        "TYPE": np.full(m, -1, np.int32),
        "WEAKNESS": np.full(m, -1, np.int32),
        "RESISTANCE": np.full(m, -1, np.int32),
        "RETREAT_COST": np.zeros(m, np.int32),
        "NAME_ID": np.zeros(m, np.int32),
        "EVOLVES_FROM": np.full(m, -1, np.int32),
        "ENERGY_PROVIDES": np.zeros((m, len(energy)), np.int32),
        "ENERGY_AMOUNT": np.zeros(m, np.int32),
        "BASIC_ENERGY_TYPE": np.full(m, -1, np.int32),
        "NUM_ATTACKS": np.zeros(m, np.int32),
        "ATTACK_COST": np.zeros((m, max_attacks, len(energy)), np.int32),
        "ATTACK_DAMAGE": np.zeros((m, max_attacks), np.int32),
        "ATTACK_PROGRAM": np.zeros((m, max_attacks, max_rows, 5), np.int32),
        "TRAINER_PROGRAM": np.zeros((m, max_rows, 5), np.int32),
    }
    t["ATTACK_REQUIRES"] = np.zeros((m, max_attacks), np.int32)
    # picks: Trainers, then attacks, then Pokemon Powers
    powers = [
        c.body.powers[0].effect if isinstance(c.body, ir.Pokemon) and c.body.powers else ()
        for c in game.cards
    ]
    source_programs: list[tuple[ir.Stmt, ...]] = [
        c.body.effect if isinstance(c.body, ir.Trainer) else () for c in game.cards
    ]
    for card in game.cards:
        atks = card.body.attacks if isinstance(card.body, ir.Pokemon) else ()
        source_programs += [atks[k].effect or () if k < len(atks) else () for k in range(max_attacks)]
    source_programs += powers
    sources = [_choice_steps(stmts, energy, name_sets) for stmts in source_programs]
    max_steps = max([len(x) for x in sources] + [1])
    # draws once a program's picks are made
    t["FINISH_DRAW"] = np.array([_finish_draw(stmts) for stmts in source_programs], np.int32)
    if t["FINISH_DRAW"].any():
        out.used_ops.add("finish_draw")
    # a program that searched the deck or put cards into it shuffles it once its picks are made
    t["FINISH_SHUFFLE"] = np.array(
        [
            int(any(row[0] == CHOICE_FROM["own_deck"] or row[2] == CHOICE_ACTION["to_deck"] for row in steps))
            for steps in sources
        ],
        np.int32,
    )
    # the kinds of card picks take and `shuffle ... cards of` shuffles: bit b of CARD_MATCH says a card
    # is of kind b (column 9 of a step)
    shuffled = {(int(row[3]), -1) for rows in every_program for row in rows if row[0] == OPS["shuffle_hand"]}
    kinds = sorted(
        {(row[1], row[7]) for steps in sources for row in steps if row[0] < CHOICE_FROM["own_position"]}
        | shuffled
    )
    if len(kinds) > 31:
        raise CodegenError(f"{len(kinds)} different kinds of card picked, above 31")
    t["CARD_MATCH"] = np.array(
        [
            sum(
                1 << b
                for b, (what, kind) in enumerate(kinds)
                if _card_matches(c, what, None if kind < 0 else energy[kind])
            )
            for c in cards
        ],
        np.int32,
    )
    for rows in every_program:
        for r, row in enumerate(rows):
            if row[0] == OPS["shuffle_hand"]:
                rows[r] = (*row[:3], kinds.index((row[3], -1)), row[4])
    t["CHOICE_STEPS"] = np.zeros((len(sources), max_steps, 10), np.int32)
    for src, steps in enumerate(sources):
        for r, row in enumerate(steps):
            bit = kinds.index((row[1], row[7])) if row[0] < CHOICE_FROM["own_position"] else 0
            steps[r] = (*row, bit)
            t["CHOICE_STEPS"][src, r] = steps[r]
            out.used_ops.add("choose")
    power_sources = sources[n * (1 + max_attacks) :]
    needs = [_requirement(s) for s in sources[:n]] + [_requirement(s) for s in power_sources]
    # the Trainers' requirements first: their number is packed into 4 bits of CARD_PACKED
    trainer_requirements = sorted(set(needs[:n]) - {()})
    requirements = trainer_requirements + sorted(set(needs[n:]) - {()} - set(trainer_requirements))
    terms = sorted({term for req in requirements for term, _ in req})
    if len(trainer_requirements) > MAX_REQUIREMENTS:
        count = len(trainer_requirements)
        raise CodegenError(f"{count} different pick requirements of Trainers, above {MAX_REQUIREMENTS}")
    ids = [requirements.index(x) + 1 if x else 0 for x in needs]
    t["TRAINER_REQUIREMENT"] = np.array(ids[:n] + [0] * (m - n), np.int32)
    t["POWER_REQUIREMENT"] = np.array(ids[n:] + [0] * (m - n), np.int32)
    # REQUIREMENT_NEED[r, term]: picks of that kind requirement r needs (row 0: none)
    t["REQUIREMENT_NEED"] = np.zeros((len(requirements) + 1, max(len(terms), 1)), np.int32)
    for r, req in enumerate(requirements):
        for term, count in req:
            t["REQUIREMENT_NEED"][r + 1, terms.index(term)] = count
    # Pokemon Powers used by an action: their picks, and `energy on self becomes TYPE this turn`
    t["POWER_ACTIVE"] = np.array([int(bool(s)) for s in power_sources] + [0] * (m - n), np.int32)
    t["POWER_CONVERT"] = np.zeros(m, np.int32)
    for i, effect in enumerate(powers):
        for st in effect:
            if isinstance(st, ir.ConvertEnergy):
                t["POWER_ACTIVE"][i] = 1
                t["POWER_CONVERT"][i] = energy.index(st.energy_type) + 1
                out.used_ops.add("convert_energy")
    _lower_abilities(game, power_programs, max_rows, m, t, out.used_ops)
    if t["POWER_ACTIVE"].any():
        out.used_ops.add("power")
    picked_from = {int(x) for x in np.unique(t["CHOICE_STEPS"][..., 0])}
    actions = {int(x) for x in np.unique(t["CHOICE_STEPS"][..., 2])}
    if PICK_ZONE_ATTACH in actions:
        out.used_ops.add("zone_pick")
    if PICK_ZONE_FLIP in actions:
        out.used_ops.add("zone_flip")
        out.consts["FLIP_CAP"] = ir.FLIP_CAP
    if "move_energy" in out.used_ops:
        # a Trainer that moves Energy to an Active of some names: the names' ZONE_NAMES row, -1: none
        t["TRAINER_MOVE_NAMES"] = np.full(m, -1, np.int32)
        for i, card in enumerate(game.cards):
            for st in card.body.effect if isinstance(card.body, ir.Trainer) else ():
                if isinstance(st, ir.MoveEnergy) and st.names:
                    t["TRAINER_MOVE_NAMES"][i] = name_sets.index(st.names)
    if name_sets:
        out.used_ops.add("pick_named")
        width = max(len(x) for x in name_sets)
        t["ZONE_NAMES"] = np.full((len(name_sets), width), -1, np.int32)
        for k, group in enumerate(name_sets):
            t["ZONE_NAMES"][k, : len(group)] = [names.index(x) for x in group]
    out.used_ops.update(
        name
        for name, code in (
            ("scoop_up", PICK_SCOOP_UP),
            ("devolve", PICK_DEVOLVE),
            ("to_deck", CHOICE_ACTION["to_deck"]),
            ("put_on_basic", PICK_EVOLVE_HELD),
            ("to_top", PICK_TO_TOP),
            ("become_energy", PICK_BECOME_HELD),
        )
        if code in actions
    )
    if CHOICE_FROM["defending_attack"] in picked_from:
        out.used_ops.add("pick_attack")
        steps = t["CHOICE_STEPS"]
        if ((steps[..., 2] == PICK_COPY) & (steps[..., 3] == 1)).any():
            out.used_ops.add("copy_paid")
        if max_attacks > rules.bench_size + 1:
            raise CodegenError(f"'choose attack of' needs at most {rules.bench_size + 1} attacks per Pokemon")
    if CHOICE_FROM["type"] in picked_from:
        out.used_ops.add("change_type")
        colorless = energy.index(rules.colorless)
        if max(i for i in range(len(energy)) if i != colorless) > rules.bench_size:
            raise CodegenError(
                f"'chosen type' needs at most {rules.bench_size + 1} types besides the colorless one"
            )
    out.pick_terms = terms
    t["ATTACK_ONCE"] = np.zeros((m, max_attacks), np.int32)
    t["RETALIATE"] = np.zeros(m, np.int32)
    for name in ("ATTACH_TO", "ATTACH_UNTIL", "ATTACH_MORE", "ATTACH_LESS"):
        t[name] = np.zeros(m, np.int32)
    t["TRAINER_NEEDS_OWN_BENCH"] = np.zeros(m, np.int32)
    t["TRAINER_NEEDS_OPPONENT_BENCH"] = np.zeros(m, np.int32)
    for name in ("CONDITION_IMMUNE", "NO_PRIZE", "POWER_DISCARD_SELF", "EX", "SUPPORTER"):
        t[name] = np.zeros(m, np.int32)
    t["ATTACK_PROGRAM"][..., 1] = -1
    t["TRAINER_PROGRAM"][..., 1] = -1
    for i, card in enumerate(cards):
        body = card.body
        t["NAME_ID"][i] = names.index(card.name) if i < n else -1
        if isinstance(body, ir.Pokemon):
            t["CARD_KIND"][i] = KIND_POKEMON
            t["STAGE"][i] = STAGE_INDEX[body.stage]
            t["EX"][i] = int(body.ex)
            t["HP"][i] = body.hp
            t["TYPE"][i] = energy.index(body.type)
            t["WEAKNESS"][i] = energy.index(body.weakness) if body.weakness else -1
            t["RESISTANCE"][i] = energy.index(body.resistance) if body.resistance else -1
            t["RETREAT_COST"][i] = body.retreat
            t["EVOLVES_FROM"][i] = names.index(body.evolves_from) if body.evolves_from else -1
            t["NUM_ATTACKS"][i] = len(body.attacks)
            for power in body.powers:
                for st in power.effect:
                    if isinstance(st, ir.Retaliate):
                        t["RETALIATE"][i] += st.amount
                        out.used_ops.add("retaliate")
            for k, a in enumerate(body.attacks):
                for e in a.cost:
                    t["ATTACK_COST"][i, k, energy.index(e)] += 1
                t["ATTACK_DAMAGE"][i, k] = a.damage
                for st in a.effect or ():
                    if isinstance(st, ir.Requires):  # bits of the conditions the defending Pokemon needs
                        t["ATTACK_REQUIRES"][i, k] |= 1 << conds.index(st.condition)
                        out.used_ops.add("requires")
                    if isinstance(st, ir.Once):
                        t["ATTACK_ONCE"][i, k] = 1
                        out.used_ops.add("once")
                for r, row in enumerate(programs[i][k]):
                    t["ATTACK_PROGRAM"][i, k, r] = row
        elif isinstance(body, ir.Trainer) and any(isinstance(st, ir.PlaysAs) for st in body.effect):
            # a Trainer played as a Basic Pokemon: in the card tables it is one, with no attacks
            plays = next(st for st in body.effect if isinstance(st, ir.PlaysAs))
            out.used_ops.add("plays_as")
            t["CARD_KIND"][i] = KIND_POKEMON
            t["HP"][i] = plays.hp
            t["TYPE"][i] = energy.index(plays.type or rules.colorless)
            t["RETREAT_COST"][i] = CANNOT_RETREAT if "cannot_retreat" in plays.options else 0
            t["CONDITION_IMMUNE"][i] = int("no_special_conditions" in plays.options)
            t["NO_PRIZE"][i] = int("no_prize" in plays.options)
            t["POWER_DISCARD_SELF"][i] = int("discard_any_time" in plays.options)
            out.used_ops.update(plays.options)
        elif isinstance(body, ir.Trainer):
            t["CARD_KIND"][i] = KIND_TRAINER
            t["SUPPORTER"][i] = int(body.supporter)
            for r, row in enumerate(trainer_programs[i]):
                t["TRAINER_PROGRAM"][i, r] = row
            ops = {row[0] for row in trainer_programs[i]}
            t["TRAINER_NEEDS_OWN_BENCH"][i] = int(bool({OPS["switch_own"], OPS["return_active"]} & ops))
            if OPS["return_active"] in ops:
                # playable only when the Active has one of the names (0: any card may be played)
                t.setdefault("TRAINER_ACTIVE_NAMES", np.zeros(m, np.int32))[i] = next(
                    row[3] for row in trainer_programs[i] if row[0] == OPS["return_active"]
                )
            opponent_switch = {OPS["switch_opponent"], OPS["switch_by_opponent"], OPS["switch_basic"]}
            t["TRAINER_NEEDS_OPPONENT_BENCH"][i] = int(bool(opponent_switch & ops))
            if OPS["switch_by_opponent"] in ops:
                # the opponent picks for the Trainer; then the player acts again
                out.used_ops.add("switch_back")
            for st in body.effect:
                if isinstance(st, ir.Attach):
                    out.used_ops.add("attach")
                    t["ATTACH_TO"][i] = ATTACH_TO[st.target]
                    t["ATTACH_UNTIL"][i] = ATTACH_UNTIL[st.until]
                    t["ATTACH_MORE"][i] = st.dealt_more
                    t["ATTACH_LESS"][i] = st.taken_less
        else:
            t["CARD_KIND"][i] = KIND_ENERGY
            for e in body.provides:
                t["ENERGY_PROVIDES"][i, energy.index(e)] += 1
            t["ENERGY_AMOUNT"][i] = len(body.provides)
            if body.category == "basic" and len(body.provides) == 1:
                t["BASIC_ENERGY_TYPE"][i] = energy.index(body.provides[0])

    if t["POWER_DISCARD_SELF"].any():
        t["POWER_ACTIVE"] = np.maximum(t["POWER_ACTIVE"], t["POWER_DISCARD_SELF"])
        out.used_ops.add("power")
    if "put_on_basic" in out.used_ops:
        # the name of the Basic Pokemon two stages below each Stage 2 card (-1: none)
        by_name = {c.name: c.body for c in reversed(game.cards)}
        t["BASE_NAME"] = np.full(m, -1, np.int32)
        for i, card in enumerate(game.cards):
            body = card.body
            if isinstance(body, ir.Pokemon) and body.stage == "stage2":
                middle = by_name.get(body.evolves_from or "")
                if isinstance(middle, ir.Pokemon) and middle.evolves_from in names:
                    t["BASE_NAME"][i] = names.index(middle.evolves_from)

    _boost_tables(game.cards, names, m, t, out.used_ops)

    # Special Conditions: bit k of a status word is condition k.
    k = len(rules.conditions)
    bit = [1 << j for j in range(k)]
    c = rules.conditions
    face = {"heads": 1, "tails": 0, None: -1}
    t["COND_BETWEEN_DAMAGE"] = np.array([x.between_turns_damage for x in c] or [0], np.int32)
    t["COND_BETWEEN_FLIP_CURE"] = np.array([face[x.between_turns_flip_cure] for x in c] or [-1], np.int32)
    t["COND_ATTACK_FLIP_FACE"] = np.array([face[x.attack_flip_face] for x in c] or [-1], np.int32)
    t["COND_ATTACK_FLIP_DAMAGE"] = np.array([x.attack_flip_damage for x in c] or [0], np.int32)
    # inflicting condition j removes these bits (the exclusive ones when j is exclusive, and what j replaces)
    exclusive_mask = sum(b for b, x in zip(bit, c, strict=True) if x.exclusive)
    clears = [
        (exclusive_mask if x.exclusive else 0) | sum(1 << conds.index(r) for r in x.replaces) for x in c
    ]
    t["INFLICT_CLEARS"] = np.array(clears or [0], np.int32)
    t["DECKS"] = np.array([d.slots for d in game.decks], np.int32)

    out.consts = {
        "DECK_SIZE": rules.deck_size + (rules.energy_zone_tokens if rules.energy_zone else 0),
        "REAL_DECK": rules.deck_size,
        "DEALT_PRIZES": rules.prizes if rules.prize_cards else 0,
        "EX_PRIZES": rules.ex_prizes,
        "WEAKNESS_BONUS": rules.weakness_bonus,
        "SUPPORTERS_PER_TURN": rules.supporters_per_turn,
        "ENERGY_ZONE": int(rules.energy_zone),
        "FIRST_TURN_ENERGY": int(rules.first_turn_energy),
        "ZONE_TYPES": rules.deck_energy_types,
        "HAND_LIMIT": rules.hand_limit,
        "OPENING_HAND": rules.opening_hand,
        "MULLIGAN_EXTRA_DRAW": rules.mulligan_extra_draw,
        "PRIZES": rules.prizes,
        "BENCH_SIZE": rules.bench_size,
        "ENERGY_ATTACH_PER_TURN": rules.energy_attach_per_turn,
        "RETREAT_PER_TURN": rules.retreat_per_turn,
        "FIRST_PLAYER_DRAWS": int(rules.first_player_draws),
        "FIRST_TURN_ATTACK": int(rules.first_turn_attack),
        "EVOLVE_SAME_TURN": int(rules.evolve_same_turn),
        "EVOLVE_FIRST_TURN": int(rules.evolve_first_turn),
        "WEAKNESS_MULTIPLIER": rules.weakness_multiplier,
        "RESISTANCE_REDUCTION": rules.resistance_reduction,
        "COLORLESS": energy.index(rules.colorless),
        "CLEAR_ON_EVOLVE": int("evolve" in rules.conditions_cleared_by),
        "CLEAR_ON_RETREAT": int("retreat" in rules.conditions_cleared_by),
        "WIN_BY_LAST_PRIZE": int("last_prize" in rules.win_by),
        "WIN_BY_NO_POKEMON": int("no_pokemon" in rules.win_by),
        "WIN_BY_DECK_OUT": int("deck_out" in rules.win_by),
        "TURN_LIMIT": rules.turn_limit,
        "NUM_CARDS": n,
        "POWER_SOURCE": n * (1 + max_attacks),
        "NUM_ENERGY_TYPES": len(energy),
        "NUM_CONDITIONS": k,
        "MAX_ATTACKS": max_attacks,
        "MAX_ROWS": max_rows,
        "MAX_COINS": max(max_coins, 1),
        "MAX_DISCARD": max_discard,
        "MAX_DRAW": max_draw,
        "MAX_LOOK": max_look,
        "MAX_FINISH_DRAW": int(t["FINISH_DRAW"].max(initial=0)),
        "EXCLUSIVE_MASK": exclusive_mask,
        "SPECIAL_MASK": sum(b for b, x in zip(bit, c, strict=True) if x.special),
        "POWERS_BLOCKED_MASK": sum(
            b for b, x in zip(bit, c, strict=True) if x.name in rules.powers_blocked_by
        ),
        "BLOCKS_ATTACK_MASK": sum(b for b, x in zip(bit, c, strict=True) if "attack" in x.blocks),
        "BLOCKS_RETREAT_MASK": sum(b for b, x in zip(bit, c, strict=True) if "retreat" in x.blocks),
        "CURE_AT_OWNER_TURN_END_MASK": sum(
            b for b, x in zip(bit, c, strict=True) if x.cure_at_end_of_owner_turn
        ),
    }
    if "flip_until_tails" in out.used_ops:
        out.consts["FLIP_CAP"] = ir.FLIP_CAP
    _check_limits(out.consts, len(names), t)
    if "lasting" in out.used_ops and max_attacks > 8:
        raise CodegenError("'next turn ...' needs at most 8 attacks per Pokemon (they share a word with it)")
    if "power_program" in out.used_ops and max_attacks > 16:
        raise CodegenError("'once a turn' needs at most 16 attacks per Pokemon (they share a word with it)")
    if "mirror" in out.used_ops and (k > 8 or rules.turn_limit >= 2047):
        raise CodegenError("'mirror last attack' needs at most 8 conditions and a turn_limit below 2047")
    if m > n:
        out.used_ops.add("become_energy")
        # ENERGY_AS: a card's first Energy form (the form of type t is ENERGY_AS + t), -1 for none;
        # ORIGIN: the card an Energy form is out of play (every other card: itself)
        t["ENERGY_AS"] = np.full(m, -1, np.int32)
        t["ORIGIN"] = np.arange(m, dtype=np.int32)
        for k, i in enumerate(_becomes_energy(game.cards)):
            first = n + k * len(energy)
            forms = np.arange(first, first + len(energy))
            t["ENERGY_AS"][[i, *forms]] = first
            t["ORIGIN"][forms] = i
    out.card_names = [card.name for card in cards]
    out.card_ids = [card.id for card in cards]
    out.deck_names = [d.name for d in game.decks]
    out.energy_types = energy
    out.condition_names = conds
    out.holes = len(game.holes)
    out.tables = t
    return out
