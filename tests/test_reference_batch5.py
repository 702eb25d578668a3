"""Batch 5 of the battle contract on the reference interpreter (tcgc/reference/battle.py): the forced action,
Thrash, partial trapping, Rage, Bide, Counter, Disable, Conversion, Substitute, the battle's last damage, and
the events `step` records. Scripted steps on the gen1 spec with chosen random words."""

from __future__ import annotations

from tcgc import ir_battle
from tcgc.reference.battle import (
    BIDE,
    NO_LOCK,
    RAGE,
    RAMPAGE,
    TRAP,
    BattleReference,
    BattleState,
)
from tests.battle_support import legal, pw, refresh, top, words

# ---- state, actions ------------------------------------------------------------------------------


def test_new_fields_init_and_arrays(ref: BattleReference, duel, sp: dict[str, int]) -> None:
    s = duel([("Tauros", ["Thrash"])], [("Chansey", ["Splash"])])
    assert s.lock == [NO_LOCK, NO_LOCK] and s.trapped == [False, False] and s.sub_hp == [0, 0]
    assert s.type_source == [sp["Tauros"], sp["Chansey"]]
    assert s.last_damage == 0 and s.last_move == [-1, -1]
    arrays = s.as_arrays()
    assert arrays["trapped"].dtype == bool and arrays["last_damage"].shape == ()
    assert arrays["lock"].shape == (2,) and arrays["type_source"].dtype.name == "int32"
    assert BattleState.from_arrays(arrays) == s
    c = s.clone()
    c.last_move[0] = 5
    c.trapped[1] = True
    assert s.last_move == [-1, -1] and s.trapped == [False, False]
    assert ref.forced_action == ref.recharge_action == 4 + 6 + 2


def test_forced_action_legality(ref: BattleReference, duel, game: ir_battle.BattleGame) -> None:
    slp = game.rules.statuses.index("slp") + 1
    forced, switch1 = ref.forced_action, ref.first_switch_action + 1
    s = duel([("Tauros", ["Tackle", "Splash"]), ("Chansey", ["Splash"])], [("Snorlax", ["Tackle"])])
    assert legal(ref, s, 0) == [0, 1, switch1]
    s.status[0][0], s.sleep[0][0] = slp, 3
    assert legal(ref, refresh(ref, s), 0) == [switch1, forced]  # asleep: forced, may switch
    s.status[0][0] = 0
    s.recharge[0] = True
    assert legal(ref, refresh(ref, s), 0) == [forced]
    s.recharge[0] = False
    for lock, may_switch in ((RAMPAGE, False), (RAGE, False), (BIDE, True), (TRAP, True)):
        s.lock[0] = lock
        assert legal(ref, refresh(ref, s), 0) == ([switch1] if may_switch else []) + [forced]
    s.lock[0] = NO_LOCK
    s.trapped[0] = True
    assert legal(ref, refresh(ref, s), 0) == [switch1, forced]
    s.trapped[0] = False
    # a disabled slot cannot be chosen; Struggle once no slot with PP is left
    s.disabled[0], s.disable_time[0] = 1, 3
    assert legal(ref, refresh(ref, s), 0) == [1, switch1]
    s.pp[0][0][1] = 0
    assert legal(ref, refresh(ref, s), 0) == [ref.struggle_action, switch1]
    # charging a two-turn move wins over everything
    s.charge[0], s.recharge[0] = 1, True
    assert legal(ref, refresh(ref, s), 0) == [0]


# ---- Thrash ---------------------------------------------------------------------------------------


def test_thrash_lock_and_confusion(ref: BattleReference, duel, sp, mv) -> None:
    s = duel([("Tauros", ["Thrash"])], [("Snorlax", ["Splash"])])
    x = top(ref, sp, mv, "Tauros", "Snorlax", "Thrash")
    n = ref.step(s, (0, 0), words(pw(hits=1)))
    assert (n.lock[0], n.lock_move[0], n.lock_slot[0], n.lock_time[0], n.lock_acc[0]) == (
        RAMPAGE,
        mv["Thrash"],
        0,
        3,
        255,
    )
    assert n.pp[0][0][0] == 19 and n.hp[1][0] == 523 - x and n.last_damage == x
    assert legal(ref, n, 0) == [ref.forced_action]
    # continuations: no PP; a miss does not end it
    n = ref.step(n, (ref.forced_action, 0), words(pw(acc=255)))
    assert n.pp[0][0][0] == 19 and n.hp[1][0] == 523 - x and n.lock_time[0] == 2 and n.lock[0] == RAMPAGE
    assert n.last_damage == 0 and n.last_move[0] == mv["Thrash"]
    n = ref.step(n, (ref.forced_action, 0), words())
    assert n.lock_time[0] == 1 and n.confusion[0] == 0
    # the last one confuses the user (2 + 3 turns) and ends the lock
    n = ref.step(n, (ref.forced_action, 0), words(pw(confusion=3)))
    assert n.lock[0] == NO_LOCK and n.confusion[0] == 5 and n.hp[1][0] == 523 - 3 * x
    assert legal(ref, n, 0) == [0]


def test_thrash_accuracy_compounds(ref: BattleReference, duel) -> None:
    s = duel([("Tauros", ["Thrash"])], [("Snorlax", ["Splash"])])
    s.boosts[0][4] = -1  # accuracy -1: x66%
    n = ref.step(s, (0, 0), words())
    assert n.lock_acc[0] == 255 * 66 // 100
    n = ref.step(n, (ref.forced_action, 0), words())
    assert n.lock_acc[0] == (255 * 66 // 100) * 66 // 100


def test_full_paralysis_and_self_hit_end_locks(ref: BattleReference, duel, game) -> None:
    par = game.rules.statuses.index("par") + 1
    s = duel([("Tauros", ["Thrash"])], [("Snorlax", ["Splash"])])
    n = ref.step(s, (0, 0), words())
    n.status[0][0] = par
    after = ref.step(refresh(ref, n), (ref.forced_action, 0), words(pw(par=0)))
    assert after.lock[0] == NO_LOCK and legal(ref, after, 0) == [0]
    n.status[0][0] = 0
    n.confusion[0] = 3
    after = ref.step(refresh(ref, n), (ref.forced_action, 0), words(pw(self_hit=255)))
    hurt = ref.confusion_damage(n.modified[0][0], n.modified[0][1])
    assert after.lock[0] == NO_LOCK and after.hp[0][0] == 353 - hurt and after.last_damage == hurt


# ---- partial trapping -----------------------------------------------------------------------------


def test_wrap_traps_and_repeats_its_damage(ref: BattleReference, duel, sp, mv) -> None:
    s = duel([("Tauros", ["Wrap"])], [("Snorlax", ["Tackle"]), ("Chansey", ["Splash"])])
    x = top(ref, sp, mv, "Tauros", "Snorlax", "Wrap")
    n = ref.step(s, (0, 0), words(pw(hits=3)))  # partial_trap_turns[3] = 3
    # the slower Snorlax is trapped at once: it does not act
    assert (n.lock[0], n.lock_time[0], n.lock_damage[0], n.trapped) == (TRAP, 2, x, [False, True])
    assert n.hp == [[353, 0, 0, 0, 0, 0], [523 - x, 703, 0, 0, 0, 0]] and n.pp[1][0][0] == 35
    assert legal(ref, n, 1) == [ref.first_switch_action + 1, ref.forced_action]
    assert legal(ref, n, 0) == [ref.forced_action]
    # a continuation: no PP, no accuracy roll, the same damage (no crit)
    n = ref.step(n, (ref.forced_action, ref.forced_action), words(pw(acc=255, crit=0)))
    assert n.pp[0][0][0] == 19 and n.hp[1][0] == 523 - 2 * x and n.last_damage == x and n.lock_time[0] == 1
    n = ref.step(n, (ref.forced_action, ref.forced_action), words())
    assert n.lock[0] == NO_LOCK and n.trapped == [False, False] and n.hp[1][0] == 523 - 3 * x
    assert legal(ref, n, 1) == [0, ref.first_switch_action + 1]


def test_wrap_foe_switches_out(ref: BattleReference, duel, sp, mv) -> None:
    s = duel([("Tauros", ["Wrap"])], [("Snorlax", ["Tackle"]), ("Chansey", ["Splash"])])
    n = ref.step(s, (0, 0), words(pw(hits=3)))
    # the trapped Snorlax switches out: the lock's next use is a fresh Wrap (PP, accuracy, new damage)
    n = ref.step(n, (ref.forced_action, ref.first_switch_action + 1), words(pw(hits=0)))
    x = top(ref, sp, mv, "Tauros", "Chansey", "Wrap")
    assert n.pp[0][0][0] == 18 and n.hp[1][1] == 703 - x
    assert (n.lock[0], n.lock_time[0], n.lock_damage[0], n.trapped[1]) == (TRAP, 1, x, True)
    n = ref.step(n, (ref.forced_action, ref.forced_action), words())
    assert n.lock[0] == NO_LOCK and not n.trapped[1]  # its 2 rounds are over


def test_wrap_renewed_with_no_pp_left(ref: BattleReference, duel, sp, mv) -> None:
    s = duel([("Tauros", ["Wrap"])], [("Snorlax", ["Tackle"]), ("Chansey", ["Splash"])])
    s.pp[0][0][0] = 1
    n = ref.step(s, (0, 0), words(pw(hits=3)))
    assert n.pp[0][0][0] == 0 and n.lock[0] == TRAP
    # the fresh use after the switch spends no PP (there is none) but still happens
    n = ref.step(n, (ref.forced_action, ref.first_switch_action + 1), words())
    assert n.pp[0][0][0] == 0 and n.hp[1][1] == 703 - top(ref, sp, mv, "Tauros", "Chansey", "Wrap")
    assert n.lock[0] == TRAP and n.trapped[1]


def test_wrap_on_a_ghost_and_cancelled_recharge(ref: BattleReference, duel, mv) -> None:
    s = duel([("Tauros", ["Wrap"])], [("Gengar", ["Tackle"])])
    s.modified[1][3] = 1  # Gengar slower
    n = ref.step(s, (0, 0), words())
    # a Normal trap on a Ghost: no damage, but it locks and traps
    assert n.hp[1][0] == 323 and n.lock[0] == TRAP and n.lock_damage[0] == 0 and n.trapped[1]
    # a partial-trapping move cancels the foe's recharge even when it misses; the foe then does nothing
    s = duel([("Tauros", ["Wrap"])], [("Snorlax", ["Hyper Beam"])])
    s.recharge[1] = True
    events: list[tuple[int, int, str]] = []
    n = ref.step(refresh(ref, s), (0, ref.forced_action), words(pw(acc=255)), events=events)
    assert n.recharge == [False, False] and n.lock[0] == NO_LOCK and n.hp[0][0] == 353
    assert events == [(0, mv["Wrap"], "used"), (0, mv["Wrap"], "miss")]


# ---- Rage -----------------------------------------------------------------------------------------


def test_rage_lock_and_boosts(ref: BattleReference, duel, mv) -> None:
    s = duel([("Tauros", ["Rage"])], [("Snorlax", ["Tackle", "Double Kick", "Disable"])])
    s.lock_time[0] = 7  # a Rage lock has no time: it is left as it is
    n = ref.step(s, (0, 0), words())
    assert (n.lock[0], n.lock_move[0], n.lock_acc[0], n.boosts[0][0]) == (RAGE, mv["Rage"], 255, 1)
    assert n.lock_time[0] == 7
    assert legal(ref, n, 0) == [ref.forced_action]
    # each hit of a multi-hit move raises it
    n = ref.step(n, (ref.forced_action, 1), words())
    assert n.boosts[0][0] == 3 and n.pp[0][0][0] == 19
    # Disable raises it once even when it misses
    n = ref.step(n, (ref.forced_action, 2), words(p1=pw(acc=255)))
    assert n.boosts[0][0] == 4
    # damage into a substitute does not
    n.sub_hp[0] = 200
    n = ref.step(n, (ref.forced_action, 0), words())
    assert n.boosts[0][0] == 4 and n.sub_hp[0] < 200


# ---- Bide -----------------------------------------------------------------------------------------


def test_bide_stores_and_releases(ref: BattleReference, duel, sp, mv) -> None:
    s = duel([("Tauros", ["Tackle", "Splash"])], [("Snorlax", ["Bide"])])
    x = top(ref, sp, mv, "Tauros", "Snorlax", "Tackle")
    events: list[tuple[int, int, str]] = []
    n = ref.step(s, (0, 0), words(), events=events)
    # Tauros (faster) hits first; Bide's first turn resets the last damage and starts storing
    assert (n.lock[1], n.lock_time[1], n.lock_damage[1], n.last_damage, n.pp[1][0][0]) == (BIDE, 2, 0, 0, 9)
    n = ref.step(n, (0, ref.forced_action), words(), events=events)
    assert (n.lock_time[1], n.lock_damage[1], n.last_damage) == (1, x, x)
    # Splash keeps the last damage: Bide stores the same damage again (the Gen 1 quirk), then deals 2x
    n = ref.step(n, (1, ref.forced_action), words(), events=events)
    assert n.lock[1] == NO_LOCK and n.lock_damage[1] == 2 * x
    assert n.hp[0][0] == 353 - 4 * x and n.last_damage == 4 * x
    bide = mv["Bide"]
    assert [e for e in events if e[0] == 1] == [(1, bide, "used"), (1, bide, "hit")]


def test_bide_with_nothing_stored_and_into_a_substitute(ref: BattleReference, duel) -> None:
    s = duel([("Snorlax", ["Splash"])], [("Chansey", ["Bide"])])
    n = ref.step(s, (0, 0), words())
    for _ in range(2):
        n = ref.step(n, (0, ref.forced_action), words())
    assert n.lock[1] == NO_LOCK and n.hp[0][0] == 523
    s = duel([("Snorlax", ["Splash"])], [("Chansey", ["Bide"])])
    n = ref.step(s, (0, 0), words())
    n.last_damage, n.sub_hp[0] = 30, 100
    n = ref.step(n, (0, ref.forced_action), words())
    n = ref.step(n, (0, ref.forced_action), words())
    # 2 x (30 + 30) = 120 breaks the 100 HP substitute; nothing reaches Snorlax
    assert n.sub_hp[0] == 0 and n.hp[0][0] == 523 and n.last_damage == 120


# ---- Counter --------------------------------------------------------------------------------------


def test_counter(ref: BattleReference, duel, sp, mv) -> None:
    x = top(ref, sp, mv, "Tauros", "Chansey", "Tackle")
    s = duel([("Tauros", ["Tackle", "Thunderbolt", "Splash"])], [("Chansey", ["Counter"])])
    n = ref.step(s, (0, 0), words())
    assert (
        n.hp[0][0] == 353 - 2 * x and n.last_damage == 2 * x and n.last_move == [mv["Tackle"], mv["Counter"]]
    )
    # a special move cannot be countered
    n = ref.step(s, (1, 0), words())
    assert n.hp[0][0] == 353
    # Splash keeps the last damage, but the side's last move is Splash (no power): it fails
    s.last_damage = 50
    assert ref.step(s, (2, 0), words()).hp[0][0] == 353
    # Counter ignores the type chart (Fighting on a Ghost) and is never a critical hit
    g = duel([("Gengar", ["Tackle"])], [("Chansey", ["Counter"])])
    y = top(ref, sp, mv, "Gengar", "Chansey", "Tackle")
    assert ref.step(g, (0, 0), words(p1=pw(crit=0))).hp[0][0] == 323 - 2 * y
    # a miss resets the last damage, even for a move that keeps it
    s.last_damage, s.last_move[0] = 50, mv["Tackle"]
    missed = ref.step(s, (2, 0), words(p1=pw(acc=255)))
    assert missed.last_damage == 0 and missed.hp[0][0] == 353


# ---- Disable --------------------------------------------------------------------------------------


def test_disable(ref: BattleReference, duel, mv) -> None:
    s = duel([("Alakazam", ["Disable"])], [("Snorlax", ["Tackle", "Body Slam", "Rest"])])
    # Alakazam first: slot 1 of the 3 with PP (hits word 1), 1 + 3 turns (sleep word 3); Snorlax, about
    # to use that very move, cannot act (its first turn of Disable counts)
    n = ref.step(s, (0, 1), words(pw(hits=1, sleep=3)))
    assert (n.disabled[1], n.disable_time[1]) == (2, 3) and n.hp[0][0] == 313 and n.pp[1][0][1] == 15
    assert legal(ref, n, 1) == [0, 2]
    # a second Disable does nothing while one lasts
    n = ref.step(n, (0, 0), words(pw(hits=0, sleep=7)))
    assert (n.disabled[1], n.disable_time[1]) == (2, 2)
    n = ref.step(n, (0, 0), words())
    n = ref.step(n, (0, 0), words())
    assert (n.disabled[1], n.disable_time[1]) == (0, 0) and legal(ref, n, 1) == [0, 1, 2]


def test_disable_stops_a_locked_move_and_haze_ends_it(ref: BattleReference, duel) -> None:
    s = duel([("Tauros", ["Thrash"])], [("Alakazam", ["Disable", "Haze"])])
    s.modified[1][3] = 1  # Alakazam slower
    n = ref.step(s, (0, 0), words(p0=pw(hits=1), p1=pw(sleep=2)))
    assert n.lock[0] == RAMPAGE and (n.disabled[0], n.disable_time[0]) == (1, 3)
    hp = n.hp[1][0]
    # the lock's move is the disabled one: Tauros cannot act; then Haze ends the Disable
    n = ref.step(n, (ref.forced_action, 1), words())
    assert n.hp[1][0] == hp and n.lock_time[0] == 3 and (n.disabled[0], n.disable_time[0]) == (0, 0)
    n = ref.step(n, (ref.forced_action, 1), words())
    assert n.hp[1][0] < hp and n.lock_time[0] == 2


# ---- Conversion -----------------------------------------------------------------------------------


def test_conversion(ref: BattleReference, duel, sp) -> None:
    s = duel([("Porygon", ["Conversion", "Tackle"])], [("Gengar", ["Tackle"])])
    n = ref.step(s, (0, 0), words())
    assert n.type_source == [sp["Gengar"], sp["Gengar"]]
    hp = n.hp[0][0]
    n = ref.step(n, (1, 0), words())
    # a Ghost now: Gengar's Tackle does nothing to it
    assert n.hp[0][0] == hp and n.hp[1][0] == 323
    # a switch restores the own types
    s = duel([("Porygon", ["Conversion"]), ("Tauros", ["Tackle"])], [("Gengar", ["Tackle"])])
    n = ref.step(s, (0, 0), words())
    n = ref.step(n, (ref.first_switch_action + 1, 0), words())
    n = ref.step(n, (ref.first_switch_action + 0, 0), words())
    assert n.type_source[0] == sp["Porygon"]


# ---- Substitute -----------------------------------------------------------------------------------


def test_substitute_made_and_hit(ref: BattleReference, duel, sp, mv, game) -> None:
    s = duel(
        [("Tauros", ["Substitute"])], [("Chansey", ["Tackle", "Poison Powder", "Growl", "Sleep Powder"])]
    )
    x = top(ref, sp, mv, "Chansey", "Tauros", "Tackle")
    events: list[tuple[int, int, str]] = []
    n = ref.step(s, (0, 0), words(), events=events)
    assert n.hp[0][0] == 353 - 88 and n.sub_hp[0] == 89 - x and n.last_damage == x
    assert (1, mv["Tackle"], "hit") in events
    # again while it stands: it fails (PP spent)
    m = ref.step(n, (0, 1), words())
    assert m.hp[0][0] == 265 and m.pp[0][0][0] == 8 and m.status[0][0] == 0  # Poison Powder blocked
    m = ref.step(n, (0, 2), words())
    assert m.boosts[0] == [0] * 6  # Growl blocked
    m = ref.step(n, (0, 3), words())
    assert m.status[0][0] == game.rules.statuses.index("slp") + 1  # sleep gets through
    # too little HP: it fails
    s.hp[0][0] = 88
    assert ref.step(s, (0, 0), words(p1=pw(acc=255))).sub_hp[0] == 0


def test_substitute_breaks(ref: BattleReference, duel, sp, mv) -> None:
    s = duel(
        [("Tauros", ["Explosion", "Hyper Beam", "Double-Edge", "Fury Attack"])], [("Chansey", ["Splash"])]
    )
    s.sub_hp[1] = 50
    n = ref.step(s, (0, 0), words())
    # Explosion breaks it: the user does not faint; the last damage is the uncapped damage
    x = top(ref, sp, mv, "Tauros", "Chansey", "Explosion")
    assert n.sub_hp[1] == 0 and n.hp == [[353] + [0] * 5, [703] + [0] * 5] and n.last_damage == x
    # Hyper Beam: a recharge owed when the substitute stands, not when it breaks
    beam = top(ref, sp, mv, "Tauros", "Chansey", "Hyper Beam")
    s.sub_hp[1] = beam + 1
    n = ref.step(s, (1, 0), words())
    assert n.sub_hp[1] == 1 and n.recharge[0] and n.hp[1][0] == 703
    s.sub_hp[1] = beam
    assert not ref.step(s, (1, 0), words()).recharge[0]
    # recoil from the uncapped damage when it stands, none when it breaks
    edge = top(ref, sp, mv, "Tauros", "Chansey", "Double-Edge")
    s.sub_hp[1] = 999
    assert ref.step(s, (2, 0), words()).hp[0][0] == 353 - (2 * edge + 4) // 8
    s.sub_hp[1] = 10
    assert ref.step(s, (2, 0), words()).hp[0][0] == 353
    # multi-hit: the hits stop when it breaks (5 hits; 2 break it)
    fury = top(ref, sp, mv, "Tauros", "Chansey", "Fury Attack")
    s.sub_hp[1] = fury + 1
    n = ref.step(s, (3, 0), words(pw(hits=7)))
    assert n.sub_hp[1] == 0 and n.hp[1][0] == 703 and n.last_damage == fury


def test_confusion_self_hit_behind_substitutes(ref: BattleReference, duel) -> None:
    s = duel([("Tauros", ["Tackle"])], [("Chansey", ["Splash"])])
    s.confusion[0], s.sub_hp[0], s.sub_hp[1] = 3, 20, 40
    hurt = ref.confusion_damage(298, 288)
    n = ref.step(s, (0, 0), words(pw(self_hit=255)))
    assert n.hp[0][0] == 353 and n.sub_hp == [20, max(0, 40 - hurt)] and n.last_damage == hurt
    s.sub_hp[1] = 0
    n = ref.step(s, (0, 0), words(pw(self_hit=255)))
    assert n.hp[0][0] == 353 and n.sub_hp == [20, 0]


def test_crash_is_a_self_hit(ref: BattleReference, duel, mv) -> None:
    s = duel([("Hitmonlee", ["Jump Kick"])], [("Chansey", ["Counter"])])
    n = ref.step(s, (0, 0), words(pw(acc=255)))
    # the crash is the last damage: Counter returns 2x it (Jump Kick is a Fighting move with power)
    assert n.hp[0][0] == 303 - 1 - 2 and n.last_damage == 2
    # behind a substitute the user takes none; the foe's substitute takes it, if there is one
    s.sub_hp[0], s.sub_hp[1] = 30, 10
    n = ref.step(s, (0, 0), words(pw(acc=255), pw(acc=255)))
    assert n.hp[0][0] == 303 and n.sub_hp == [30, 9] and n.last_damage == 0


# ---- the battle's last damage, last move and events ------------------------------------------------


def test_last_damage_of_drain_and_multi_hit(ref: BattleReference, duel, sp, mv) -> None:
    s = duel([("Exeggutor", ["Mega Drain", "Double Kick"])], [("Snorlax", ["Splash"])])
    s.hp[0][0] = 100
    x = top(ref, sp, mv, "Exeggutor", "Snorlax", "Mega Drain")
    n = ref.step(s, (0, 0), words())
    assert n.last_damage == max(1, x // 2)
    s.hp[1][0] = 10
    n = ref.step(s, (1, 0), words())
    assert n.hp[1][0] == 0 and n.last_damage == 10  # the first hit knocks it out
    y = top(ref, sp, mv, "Exeggutor", "Snorlax", "Double Kick")
    s.hp[1][0] = y + 5
    assert ref.step(s, (1, 0), words()).last_damage == 5


def test_last_move(ref: BattleReference, duel, mv, game) -> None:
    slp = game.rules.statuses.index("slp") + 1
    s = duel([("Tauros", ["Thrash"])], [("Chansey", ["Splash"])])
    n = ref.step(s, (0, 0), words())
    assert n.last_move == [mv["Thrash"], mv["Splash"]]
    n.pp[1][0][0] = 0
    n = ref.step(refresh(ref, n), (ref.forced_action, ref.struggle_action), words())
    assert n.last_move == [mv["Thrash"], mv["Struggle"]]
    # the forced action of a sleeping Pokemon leaves it as it was
    n.status[1][0], n.sleep[1][0] = slp, 3
    n = ref.step(refresh(ref, n), (ref.forced_action, ref.forced_action), words())
    assert n.last_move[1] == mv["Struggle"]


def test_events(ref: BattleReference, duel, mv, game) -> None:
    s = duel([("Tauros", ["Body Slam"])], [("Exeggutor", ["Sleep Powder"])])
    s.hp[1][0] = 10
    events: list[tuple[int, int, str]] = []
    ref.step(s, (0, 0), words(pw(crit=0)), events=events)
    slam, powder = mv["Body Slam"], mv["Sleep Powder"]
    assert events == [(0, slam, "used"), (0, slam, "crit"), (0, slam, "hit"), (0, slam, "ko")]
    s.hp[1][0] = 393
    events.clear()
    ref.step(s, (0, 0), words(pw(chance=0), pw(acc=255)), events=events)
    assert events == [
        (0, slam, "used"),
        (0, slam, "hit"),
        (0, slam, "status"),
        (1, powder, "used"),
        (1, powder, "miss"),
    ]
    events.clear()
    ref.step(s, (0, 0), words(pw(acc=255), pw()), events=events)
    assert events == [(0, slam, "used"), (0, slam, "miss"), (1, powder, "used"), (1, powder, "status")]
    # a turn it cannot act records nothing; a status it already has is not put on it; no list: no events
    s.status[0][0], s.sleep[0][0] = game.rules.statuses.index("slp") + 1, 2
    events.clear()
    ref.step(refresh(ref, s), (ref.forced_action, 0), words(), events=events)
    assert events == [(1, powder, "used")]
    assert ref.step(refresh(ref, s), (ref.forced_action, 0), words()).sleep[0][0] == 1
