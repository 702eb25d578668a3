"""Batch 6 of the battle contract on the reference interpreter (tcgc/reference/battle.py): Metronome, Mirror
Move, Mimic, Transform, the move each Pokemon last used (`used_last`), the move a two-turn move charges
(`charge_move`) and the active's effective moves and PP. Scripted steps on the gen1 spec with chosen random
words."""

from __future__ import annotations

import pytest

from tcgc import ir_battle
from tcgc.reference.battle import ATK, NUM_WORDS, W_CALL, WORDS_PER_PLAYER, BattleReference, BattleState
from tests.battle_support import legal, pw, refresh, top, words


@pytest.fixture(scope="module")
def pool(game: ir_battle.BattleGame) -> list[int]:
    """Metronome's moves: every move of the spec but Metronome and Struggle, in spec order."""
    return [k for k, m in enumerate(game.moves) if m.name not in ("Metronome", "Struggle")]


def mine(events: list[tuple[int, int, str]], p: int) -> list[tuple[int, str]]:
    return [(m, kind) for who, m, kind in events if who == p]


# ---- state, words ----------------------------------------------------------------------------------


def test_words_and_new_fields(ref: BattleReference, duel, sp: dict[str, int]) -> None:
    assert (NUM_WORDS, WORDS_PER_PLAYER, W_CALL, ref.num_words) == (21, 10, 9, 21)
    s = duel([("Ditto", ["Transform"]), ("Chansey", ["Splash"])], [("Tauros", ["Tackle"])])
    assert s.used_last == [-1, -1] and s.charge_move == [0, 0]
    assert s.mimic_slot == [0, 0] and s.mimic_move == [0, 0] and s.transformed == [False, False]
    assert s.stat_source == [sp["Ditto"], sp["Tauros"]]
    assert s.t_moves == [[-1] * 4, [-1] * 4] and s.t_pp == [[0] * 4, [0] * 4]
    arrays = s.as_arrays()
    assert arrays["t_moves"].shape == (2, 4) and arrays["t_pp"].dtype.name == "int32"
    assert arrays["transformed"].dtype == bool and arrays["used_last"].shape == (2,)
    assert BattleState.from_arrays(arrays) == s
    c = s.clone()
    c.t_moves[0][1] = 7
    c.transformed[1] = True
    assert s.t_moves[0] == [-1] * 4 and s.transformed == [False, False]
    with pytest.raises(ValueError):
        ref.step(s, (0, 0), [0] * 19)


# ---- Metronome ------------------------------------------------------------------------------------


def test_metronome_calls_a_move_of_its_pool(ref: BattleReference, duel, sp, mv, pool) -> None:
    s = duel([("Clefairy", ["Metronome"])], [("Chansey", ["Splash"])])
    x = top(ref, sp, mv, "Clefairy", "Chansey", "Tackle")
    for call in (pool.index(mv["Tackle"]), pool.index(mv["Tackle"]) + len(pool)):
        events: list[tuple[int, int, str]] = []
        n = ref.step(s, (0, 0), words(pw(call=call)), events=events)
        assert n.hp[1][0] == 703 - x and n.pp[0][0][0] == 9 and n.revealed[0][0][0]
        assert n.used_last[0] == n.last_move[0] == mv["Tackle"]
        assert mine(events, 0) == [(mv["Metronome"], "used"), (mv["Tackle"], "used"), (mv["Tackle"], "hit")]
    # the called move's accuracy: a miss is the called move's
    events = []
    n = ref.step(s, (0, 0), words(pw(call=pool.index(mv["Tackle"]), acc=255)), events=events)
    assert n.hp[1][0] == 703 and mine(events, 0)[-1] == (mv["Tackle"], "miss")


def test_metronome_calls_a_two_turn_move(ref: BattleReference, duel, sp, mv, pool, game) -> None:
    s = duel([("Clefairy", ["Metronome"])], [("Chansey", ["Splash"])])
    events: list[tuple[int, int, str]] = []
    n = ref.step(s, (0, 0), words(pw(call=pool.index(mv["Solar Beam"]))), events=events)
    # the charging turn: no PP, the caller is the move last used
    assert (n.charge[0], n.charge_move[0], n.pp[0][0][0]) == (1, mv["Solar Beam"], 10)
    assert n.used_last[0] == n.last_move[0] == mv["Metronome"] and n.revealed[0][0][0]
    assert mine(events, 0) == [(mv["Metronome"], "used"), (mv["Solar Beam"], "used")]
    assert legal(ref, n, 0) == [0]
    events.clear()
    after = ref.step(n, (0, 0), words(pw(call=0)), events=events)
    x = top(ref, sp, mv, "Clefairy", "Chansey", "Solar Beam")
    assert (after.charge[0], after.charge_move[0], after.pp[0][0][0]) == (0, 0, 9)
    assert after.hp[1][0] == 703 - x and after.used_last[0] == after.last_move[0] == mv["Solar Beam"]
    assert mine(events, 0) == [(mv["Solar Beam"], "used"), (mv["Solar Beam"], "hit")]
    # a charge lost (full paralysis) forgets the move it charged
    n.status[0][0] = game.rules.statuses.index("par") + 1
    lost = ref.step(n, (0, 0), words(pw(par=0)))
    assert (lost.charge[0], lost.charge_move[0], lost.pp[0][0][0], lost.hp[1][0]) == (0, 0, 10, 703)


def test_metronome_calls_mirror_move_which_calls_nothing(ref: BattleReference, duel, mv, pool) -> None:
    s = duel([("Clefairy", ["Metronome"])], [("Chansey", ["Tackle"])])
    events: list[tuple[int, int, str]] = []
    n = ref.step(s, (0, 0), words(pw(call=pool.index(mv["Mirror Move"]))), events=events)
    # Chansey (faster) used Tackle; the called Mirror Move is used, but calls nothing (one level)
    assert n.used_last == [mv["Mirror Move"], mv["Tackle"]] and n.hp[1][0] == 703
    assert mine(events, 0) == [(mv["Metronome"], "used"), (mv["Mirror Move"], "used")]


def test_metronome_calls_mimic_into_its_own_slot(ref: BattleReference, duel, mv, pool) -> None:
    s = duel([("Clefairy", ["Splash", "Metronome"])], [("Chansey", ["Soft-Boiled", "Egg Bomb"])])
    call = pool.index(mv["Mimic"])
    n = ref.step(s, (1, 0), words(pw(call=call)))
    # Mimic replaces the caller's slot; the same call word picks the foe's move (of 2)
    assert (n.mimic_slot[0], n.mimic_move[0]) == (2, [mv["Soft-Boiled"], mv["Egg Bomb"]][call % 2])
    assert n.pp[0][0][1] == 9 and ref.effective_moves(n, 0)[1] == n.mimic_move[0]


# ---- Mirror Move ----------------------------------------------------------------------------------


def test_mirror_move(ref: BattleReference, duel, sp, mv, game) -> None:
    s = duel([("Pidgeot", ["Mirror Move"])], [("Snorlax", ["Mirror Move", "Tackle"])])
    mirror, tackle = mv["Mirror Move"], mv["Tackle"]
    # Pidgeot first: nothing to copy; Snorlax's copies Pidgeot's Mirror Move: fails too (PP spent both)
    events: list[tuple[int, int, str]] = []
    n = ref.step(s, (0, 0), words(), events=events)
    assert n.used_last == [mirror, mirror] and n.pp[0][0][0] == 19 and n.pp[1][0][0] == 19
    assert events == [(0, mirror, "used"), (1, mirror, "used")]
    n = ref.step(n, (0, 1), words())
    assert n.used_last == [mirror, tackle] and n.hp[1][0] == 523
    # now it copies the foe's Tackle (its damage, its accuracy; the PP is Mirror Move's)
    events.clear()
    hp = n.hp[1][0]
    n = ref.step(n, (0, 1), words(), events=events)
    assert hp - n.hp[1][0] == top(ref, sp, mv, "Pidgeot", "Snorlax", "Tackle")
    assert n.used_last[0] == n.last_move[0] == tackle and n.pp[0][0][0] == 17
    assert mine(events, 0) == [(mirror, "used"), (tackle, "used"), (tackle, "hit")]
    # a Pokemon stopped by sleep forgets what it used: Mirror Move fails again
    n.status[1][0], n.sleep[1][0] = game.rules.statuses.index("slp") + 1, 3
    n = ref.step(refresh(ref, n), (0, ref.forced_action), words())
    assert n.used_last == [tackle, -1]
    hp = n.hp[1][0]
    n = ref.step(n, (0, ref.forced_action), words())
    assert n.used_last == [mirror, -1] and n.hp[1][0] == hp and n.pp[0][0][0] == 15


def test_used_last_and_a_charging_turn(ref: BattleReference, duel, mv, game) -> None:
    s = duel([("Venusaur", ["Solar Beam"])], [("Chansey", ["Splash"])])
    n = ref.step(s, (0, 0), words())
    assert n.used_last == [-1, mv["Splash"]] and n.last_move[0] == mv["Solar Beam"]
    assert n.charge_move[0] == mv["Solar Beam"]
    n = ref.step(n, (0, 0), words())
    assert n.used_last[0] == mv["Solar Beam"] and n.charge_move[0] == 0
    # frozen: forgotten; a switch forgets too
    n.status[0][0] = game.rules.statuses.index("frz") + 1
    n = ref.step(refresh(ref, n), (ref.forced_action, 0), words())
    assert n.used_last == [-1, mv["Splash"]]


# ---- Mimic ----------------------------------------------------------------------------------------


def test_mimic(ref: BattleReference, duel, mv) -> None:
    s = duel([("Alakazam", ["Mimic"]), ("Chansey", ["Splash"])], [("Tauros", ["Splash", "Hyper Beam"])])
    s.sub_hp[1] = 50  # a substitute does not stop it
    n = ref.step(s, (0, 0), words(pw(call=3)))
    assert (n.mimic_slot[0], n.mimic_move[0], n.pp[0][0][0]) == (1, mv["Hyper Beam"], 9)
    assert ref.effective_moves(n, 0) == [mv["Hyper Beam"], -1, -1, -1] and n.used_last[0] == mv["Mimic"]
    assert legal(ref, n, 0)[0] == 0
    # the slot is Hyper Beam now, with Mimic's PP (it breaks the substitute: no recharge)
    n = ref.step(n, (0, 0), words())
    assert n.used_last[0] == mv["Hyper Beam"] and n.pp[0][0][0] == 8 and n.sub_hp[1] == 0
    # switching out ends it
    n = ref.step(n, (ref.first_switch_action + 1, 0), words())
    assert (n.mimic_slot[0], n.mimic_move[0], n.used_last[0]) == (0, 0, -1)
    n = ref.step(n, (ref.first_switch_action, 0), words())
    assert ref.effective_moves(n, 0)[0] == mv["Mimic"] and n.pp[0][0][0] == 8


# ---- Transform ------------------------------------------------------------------------------------


def test_transform(ref: BattleReference, duel, sp, mv) -> None:
    tauros = ["Swords Dance", "Haze", "Body Slam", "Blizzard"]
    s = duel([("Ditto", ["Transform"])], [("Tauros", tauros)])
    s.invulnerable[1], s.sub_hp[1] = True, 80  # it reaches a Pokemon underground, behind a substitute
    n = ref.step(s, (0, 0), words())
    stored = ref.stats(sp["Tauros"])
    assert n.transformed[0] and n.stat_source[0] == n.type_source[0] == sp["Tauros"]
    assert n.boosts[0] == n.boosts[1] and n.boosts[0][ATK] == 2 and n.modified[0] == n.modified[1]
    assert n.t_moves[0] == [mv[m] for m in tauros] and n.t_pp[0] == [5, 5, 5, 5] and n.pp[0][0][0] == 9
    assert ref.effective_moves(n, 0) == n.t_moves[0] and legal(ref, n, 0)[:4] == [0, 1, 2, 3]
    # its HP stays its own; Haze (Tauros first: the tie word) resets it to Tauros's stored stats; then its
    # Swords Dance uses them too, and spends the copied PP
    assert n.modified[0][3] == n.modified[1][3]
    n = ref.step(n, (0, 1), words(tie=1))
    assert n.modified[0][ATK] == 2 * stored[1] and n.boosts[0][ATK] == 2
    assert n.t_pp[0] == [4, 5, 5, 5] and n.pp[0][0][0] == 9 and n.revealed[0][0][0]
    assert n.hp[0][0] == ref.stats(sp["Ditto"])[0] and n.used_last[0] == mv["Swords Dance"]
    # a move with no copied PP left cannot be chosen
    n.t_pp[0] = [0, 0, 0, 0]
    assert legal(ref, refresh(ref, n), 0)[0] == ref.struggle_action


def test_disable_on_a_transformed_foe_reads_the_copied_moves(ref: BattleReference, duel, mv) -> None:
    s = duel([("Alakazam", ["Disable"])], [("Ditto", ["Transform"])])
    s.transformed[1] = True
    s.t_moves[1] = [mv["Tackle"], mv["Growl"], mv["Body Slam"], mv["Splash"]]
    s.t_pp[1] = [5, 0, 5, 5]
    n = ref.step(refresh(ref, s), (0, 3), words(pw(hits=1, sleep=3)))
    # the slots with PP: 0, 2, 3; hits word 1 picks slot 2, for 1 + 3 turns (one gone: Ditto's turn)
    assert (n.disabled[1], n.disable_time[1]) == (3, 3)
    assert legal(ref, n, 1)[:2] == [0, 3]
    # the disabled slot's move is the copied one: a Body Slam in another slot is blocked too
    n.t_moves[1][0] = mv["Body Slam"]
    after = ref.step(n, (0, 0), words())
    assert after.hp[0][0] == n.hp[0][0] and after.t_pp[1][0] == 5 and after.disable_time[1] == 2
