"""The battle reference interpreter (tcgc/reference/battle.py) on the gen1 spec: stats, damage tables
against known @smogon/calc Gen 1 numbers, scripted steps with chosen random words, and random battles
checked for the state's invariants."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import pytest

from tcgc import ir_battle
from tcgc.load import load
from tcgc.reference.battle import BattleReference, BattleState, team_arrays
from tests.battle_support import P_WORDS, refresh, words
from tests.battle_support import make_duel as duel
from tests.conftest import SPEC


def team_index(game: ir_battle.BattleGame, name: str) -> int:
    return [t.name for t in game.teams].index(name)


# ---- stats and damage --------------------------------------------------------------------------


def test_stats(ref: BattleReference, sp: dict[str, int]) -> None:
    assert ref.stats(sp["Tauros"]) == (353, 298, 288, 238, 318)
    assert ref.stats(sp["Chansey"])[0] == 703
    assert ref.stats(sp["Alakazam"])[3] == 368
    assert ref.num_words == 21
    assert ref.num_actions == 4 + 6 + 3
    assert (ref.struggle_action, ref.first_switch_action, ref.wait_action, ref.recharge_action) == (
        4,
        5,
        11,
        12,
    )


BODY_SLAM_TAUROS_CHANSEY = [
    251, 252, 253, 254, 255, 256, 257, 259, 260, 261, 262, 263, 264, 266, 267, 268, 269, 270, 271, 273,
    274, 275, 276, 277, 278, 279, 281, 282, 283, 284, 285, 286, 288, 289, 290, 291, 292, 293, 295,
]  # fmt: skip


def test_damage_rolls_match_calc(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    body_slam = ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Body Slam"], False)
    assert body_slam == BODY_SLAM_TAUROS_CHANSEY
    crit = ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Body Slam"], True)
    assert (crit[0], crit[-1], len(crit)) == (490, 576, 39)
    psychic = ref.damage_rolls(sp["Alakazam"], sp["Starmie"], mv["Psychic"], False)
    assert (psychic[0], psychic[-1]) == (60, 71)
    snorlax = ref.damage_rolls(sp["Snorlax"], sp["Exeggutor"], mv["Body Slam"], False)
    assert (snorlax[0], snorlax[-1]) == (109, 129)
    beam = ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Hyper Beam"], False)
    assert (beam[0], beam[-1]) == (442, 520)


def test_damage_rolls_immune_status_and_boosts(
    ref: BattleReference, sp: dict[str, int], mv: dict[str, int]
) -> None:
    assert ref.damage_rolls(sp["Tauros"], sp["Gengar"], mv["Body Slam"], False) == [0]
    assert ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Growl"], False) == [0]
    boosted = ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Body Slam"], False, {"atk": 2})
    assert all(b > a for a, b in zip(BODY_SLAM_TAUROS_CHANSEY, boosted))
    # +2 atk: 596 -> 149 after /4; def 108 -> 27: ((42 * 85 * 149 // 27) // 50 + 2) * 3 // 2 = 594
    assert boosted[-1] == 594
    # a crit ignores the stages
    crit = ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Body Slam"], True, {"atk": -6}, {"def": 6})
    assert crit == ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Body Slam"], True)
    with pytest.raises(ValueError, match="stage"):
        ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Body Slam"], False, {"attack": 1})


# ---- init, arrays --------------------------------------------------------------------------------


def test_init_and_arrays(ref: BattleReference, game: ir_battle.BattleGame) -> None:
    s0, m0 = team_arrays(game, team_index(game, "Classic 1"))
    s1, m1 = team_arrays(game, team_index(game, "Classic 2"))
    s = ref.init([s0, s1], [m0, m1])
    assert s.request == [1, 1] and s.active == [0, 0] and s.turn == 0
    assert s.hp[0][0] == 353 and s.modified[0] == [298, 288, 238, 318]
    assert s.seen[0] == [True] + [False] * 5
    assert s.pp[0][0][0] == game.moves[m0[0][0]].pp
    arrays = s.as_arrays()
    shapes = {
        "species": (2, 6), "moves": (2, 6, 4), "pp": (2, 6, 4), "hp": (2, 6), "status": (2, 6),
        "sleep": (2, 6), "active": (2,), "boosts": (2, 6), "modified": (2, 4), "toxic": (2,),
        "flinch": (2,), "recharge": (2,), "confusion": (2,), "screens": (2,), "focus": (2,), "mist": (2,),
        "seeded": (2,), "charge": (2,), "invulnerable": (2,), "seen": (2, 6), "revealed": (2, 6, 4),
        "request": (2,),
        "turn": (), "terminated": (), "truncated": (), "rewards": (2,), "legal_action_mask": (2, 13),
        "lock": (2,), "lock_move": (2,), "lock_slot": (2,), "lock_time": (2,), "lock_acc": (2,),
        "lock_damage": (2,), "trapped": (2,), "disabled": (2,), "disable_time": (2,), "sub_hp": (2,),
        "type_source": (2,), "last_damage": (), "last_move": (2,), "used_last": (2,), "charge_move": (2,),
        "mimic_slot": (2,), "mimic_move": (2,), "transformed": (2,), "stat_source": (2,), "t_moves": (2, 4),
        "t_pp": (2, 4), "slept_by_foe": (2, 6),
    }  # fmt: skip
    assert {k: v.shape for k, v in arrays.items()} == shapes
    assert arrays["hp"].dtype == np.int32 and arrays["seen"].dtype == np.bool_
    assert arrays["rewards"].dtype == np.float32 and arrays["terminated"].dtype == np.bool_
    assert arrays["flinch"].dtype == np.bool_ and arrays["recharge"].dtype == np.bool_
    assert arrays["confusion"].dtype == np.int32 and arrays["screens"].dtype == np.int32
    assert all(arrays[k].dtype == np.bool_ for k in ("focus", "mist", "seeded", "invulnerable"))
    assert arrays["charge"].dtype == np.int32
    assert BattleState.from_arrays(arrays) == s
    # moves 0..3 and switches to slots 1..5 are legal, Struggle, a switch to self, wait and recharge are not
    assert s.legal_action_mask[0] == [True] * 4 + [False, False] + [True] * 5 + [False, False]


def test_init_errors(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    tackle = mv["Tackle"]
    with pytest.raises(ValueError, match="unknown species"):
        ref.init([[999], [0]], [[[tackle]], [[tackle]]])
    with pytest.raises(ValueError, match="team_size"):
        ref.init([[0] * 7, [0]], [[[tackle]], [[tackle]]])
    with pytest.raises(ValueError, match="unknown move"):
        ref.init([[0], [0]], [[[5000]], [[tackle]]])
    with pytest.raises(ValueError, match="moves_per_pokemon"):
        ref.init([[0], [0]], [[[tackle] * 5], [[tackle]]])
    with pytest.raises(ValueError, match="slot 0"):
        ref.init([[-1, 3], [0]], [[[], [tackle]], [[tackle]]])
    with pytest.raises(ValueError, match="2 players"):
        ref.init([[0]], [[[tackle]]])


# ---- scripted steps ------------------------------------------------------------------------------


def test_faster_moves_first(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Chansey", ["Tackle"])], [("Tauros", ["Tackle"])])
    s.hp[0][0] = s.hp[1][0] = 1
    n = ref.step(s, (0, 0), words())
    # Tauros (spe 318) knocks Chansey (198) out first; Chansey never uses its move
    assert n.hp == [[0] + [0] * 5, [1] + [0] * 5]
    assert n.pp[0][0][0] == s.pp[0][0][0] and n.pp[1][0][0] == s.pp[1][0][0] - 1
    assert n.terminated and n.rewards == [-1.0, 1.0]
    # the input state is not changed
    assert s.hp[0][0] == 1 and not s.terminated


def test_priority_moves_first(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Chansey", ["Quick Attack"])], [("Tauros", ["Tackle"])])
    s.hp[0][0] = s.hp[1][0] = 1
    n = ref.step(s, (0, 0), words())
    assert n.hp[1][0] == 0 and n.hp[0][0] == 1
    assert n.rewards == [1.0, -1.0]


def test_speed_tie_word(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Tackle"])], [("Tauros", ["Tackle"])])
    s.hp[0][0] = s.hp[1][0] = 1
    assert ref.step(s, (0, 0), words(tie=4)).rewards == [1.0, -1.0]
    assert ref.step(s, (0, 0), words(tie=7)).rewards == [-1.0, 1.0]


def test_accuracy_miss_and_hit(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Body Slam"])], [("Chansey", ["Growl"])])
    missed = ref.step(s, (0, 0), words([255, 255, 255, 38, 255, 0, 0, 0, 0]))
    assert missed.hp[1][0] == 703 and missed.pp[0][0][0] == s.pp[0][0][0] - 1
    assert missed.revealed[0][0][0]
    hit = ref.step(s, (0, 0), words([255, 254, 255, 38, 255, 0, 0, 0, 0]))
    assert hit.hp[1][0] == 703 - 295
    low = ref.step(s, (0, 0), words([255, 254, 255, 0, 255, 0, 0, 0, 0]))
    assert low.hp[1][0] == 703 - 251


def test_thunder_wave(
    ref: BattleReference, sp: dict[str, int], mv: dict[str, int], game: ir_battle.BattleGame
) -> None:
    par = game.rules.statuses.index("par") + 1
    s = duel(ref, sp, mv, [("Chansey", ["Thunder Wave"])], [("Rhydon", ["Growl"])])
    n = ref.step(s, (0, 0), words())
    assert n.status[1][0] == 0 and n.modified[1] == s.modified[1]
    assert n.pp[0][0][0] == s.pp[0][0][0] - 1
    s = duel(ref, sp, mv, [("Chansey", ["Thunder Wave"])], [("Tauros", ["Growl"])])
    n = ref.step(s, (0, 0), words())
    assert n.status[1][0] == par and n.modified[1][3] == 318 // 4


def test_secondary_chance(
    ref: BattleReference, sp: dict[str, int], mv: dict[str, int], game: ir_battle.BattleGame
) -> None:
    par = game.rules.statuses.index("par") + 1
    s = duel(ref, sp, mv, [("Snorlax", ["Body Slam"])], [("Chansey", ["Growl"])])
    # 30%: ceil(30 * 256 / 100) = 77 chances in 256; Body Slam cannot paralyze a Normal type (Chansey)
    assert ref.step(s, (0, 0), words([255, 0, 255, 0, 76, 0, 0, 0, 0])).status[1][0] == 0
    s = duel(ref, sp, mv, [("Snorlax", ["Body Slam"])], [("Alakazam", ["Growl"])])
    assert ref.step(s, (0, 0), words([255, 0, 255, 0, 76, 0, 0, 0, 0])).status[1][0] == par
    assert ref.step(s, (0, 0), words([255, 0, 255, 0, 77, 0, 0, 0, 0])).status[1][0] == 0


def test_stage_changes(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Swords Dance"])], [("Tauros", ["Growl"])])
    n = ref.step(s, (0, 0), words())
    # a speed tie, player 0 first (tie word 0): Swords Dance to +2, then player 1's Growl to +1
    assert n.boosts[0][0] == 1 and n.modified[0][0] == 298 * 150 // 100
    s = duel(ref, sp, mv, [("Tauros", ["Swords Dance"])], [("Chansey", ["Swords Dance"])])
    n = ref.step(s, (0, 0), words())
    assert n.boosts[0] == [2, 0, 0, 0, 0, 0] and n.modified[0][0] == 596
    s = duel(ref, sp, mv, [("Tauros", ["Growl"])], [("Chansey", ["Swords Dance"])])
    n = ref.step(s, (0, 0), words())
    # Growl first (Tauros is faster): 108 * 66 // 100 = 71, then Swords Dance from -1: stage +1
    assert n.boosts[1][0] == 1 and n.modified[1][0] == 108 * 150 // 100
    s = duel(ref, sp, mv, [("Tauros", ["Growl"])], [("Chansey", ["Growl"])])
    n = ref.step(s, (0, 0), words())
    assert n.boosts[1][0] == -1 and n.modified[1][0] == 108 * 66 // 100


def test_boost_rule_at_cap(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Swords Dance"])], [("Chansey", ["Growl"])])
    s.boosts[0][0], s.modified[0][0] = 3, 999
    ref.apply_stage(s, 0, 0, 2)
    assert s.boosts[0][0] == 4 and s.modified[0][0] == 999
    s.boosts[1][0], s.modified[1][0] = -6, 1
    ref.apply_stage(s, 1, 0, -1)
    assert s.boosts[1][0] == -6
    s.boosts[1][0] = -2
    ref.apply_stage(s, 1, 0, -2)
    assert s.boosts[1][0] == -3 and s.modified[1][0] == 1


def test_sleep(
    ref: BattleReference, sp: dict[str, int], mv: dict[str, int], game: ir_battle.BattleGame
) -> None:
    slp = game.rules.statuses.index("slp") + 1
    s = duel(ref, sp, mv, [("Tauros", ["Body Slam"])], [("Chansey", ["Sing"])])
    n = ref.step(s, (0, 0), words(p1=[255, 0, 255, 38, 255, 9, 0, 0, 0]))
    # Tauros moves first and hits; Sing then puts it to sleep for 1 + 9 % 7 = 3 turns
    assert n.status[0][0] == slp and n.sleep[0][0] == 3 and n.hp[1][0] == 703 - 295
    n2 = ref.step(n, (ref.forced_action, 0), words())
    assert n2.sleep[0][0] == 2 and n2.status[0][0] == slp
    assert n2.hp[1][0] == n.hp[1][0] and n2.pp[0][0][0] == n.pp[0][0][0]
    n.sleep[0][0] = 1
    # it wakes up but does not act this turn (Chansey's Sing misses: roll256 255)
    n3 = ref.step(n, (ref.forced_action, 0), words(p1=[255, 255, 255, 38, 255, 0, 0, 0, 0]))
    assert n3.sleep[0][0] == 0 and n3.status[0][0] == 0 and n3.hp[1][0] == n.hp[1][0]


def test_poison_residual(
    ref: BattleReference, sp: dict[str, int], mv: dict[str, int], game: ir_battle.BattleGame
) -> None:
    psn = game.rules.statuses.index("psn") + 1
    tox = game.rules.statuses.index("tox") + 1
    s = duel(ref, sp, mv, [("Tauros", ["Swords Dance"])], [("Chansey", ["Swords Dance"])])
    s.status[0][0] = psn
    n = ref.step(s, (0, 0), words())
    assert n.hp[0][0] == 353 - 353 // 16 and n.hp[1][0] == 703
    s.status[0][0] = tox
    n = ref.step(ref.step(s, (0, 0), words()), (0, 0), words())
    assert n.toxic[0] == 2 and n.hp[0][0] == 353 - 22 - 44


def test_pp_and_struggle(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(
        ref, sp, mv, [("Tauros", ["Body Slam", "Growl"]), ("Chansey", ["Tackle"])], [("Chansey", ["Growl"])]
    )
    n = ref.step(ref.step(s, (0, 0), words()), (0, 0), words())
    assert n.pp[0][0] == [13, 40, 0, 0]
    s.pp[0][0] = [0, 0, 0, 0]
    refresh(ref, s)
    # only Struggle and the switch to slot 1
    assert [a for a in range(ref.num_actions) if s.legal_action_mask[0][a]] == [4, 6]
    n = ref.step(s, (4, 0), words())
    assert n.hp[1][0] < 703 and n.pp[0][0] == [0, 0, 0, 0]


def test_faint_forced_switch_and_end(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Body Slam"])], [("Chansey", ["Growl"]), ("Alakazam", ["Psychic"])])
    s.hp[1][0] = 10
    n = ref.step(s, (0, 0), words())
    assert n.hp[1][0] == 0 and n.request == [0, 2] and not n.terminated and n.turn == 1
    assert n.legal_action_mask[0] == [False] * 11 + [True, False]
    assert n.legal_action_mask[1] == [False] * 6 + [True] + [False] * 6
    n2 = ref.step(n, (11, 6), words())
    assert n2.request == [1, 1] and n2.active == [0, 1] and n2.turn == 1 and n2.seen[1][1]
    n2.hp[1][1] = 1
    n3 = ref.step(n2, (0, 0), words())
    assert n3.terminated and n3.rewards == [1.0, -1.0]
    assert all(all(row) for row in n3.legal_action_mask)
    after = ref.step(n3, (0, 0), words())
    assert after.rewards == [0.0, 0.0] and after.hp == n3.hp and after.terminated


def test_illegal_action_loses(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Body Slam"])], [("Chansey", ["Growl"])])
    n = ref.step(s, (11, 0), words())  # wait when it must choose
    assert n.terminated and n.rewards == [-1.0, 1.0] and n.hp == s.hp and n.turn == 0
    n = ref.step(s, (0, 99), words())
    assert n.rewards == [1.0, -1.0]
    n = ref.step(s, (-1, 3), words())  # both illegal (move slot 3 is empty)
    assert n.terminated and n.rewards == [0.0, 0.0]


def test_switch_resets_boosts(
    ref: BattleReference, sp: dict[str, int], mv: dict[str, int], game: ir_battle.BattleGame
) -> None:
    par = game.rules.statuses.index("par") + 1
    s = duel(
        ref,
        sp,
        mv,
        [("Tauros", ["Swords Dance"]), ("Snorlax", ["Body Slam"])],
        [("Chansey", ["Thunder Wave"])],
    )
    n = ref.step(s, (0, 0), words())
    assert n.boosts[0][0] == 2 and n.status[0][0] == par and not n.seen[0][1]
    # switching out: the switch happens before Chansey's move; Snorlax gets paralyzed
    n = ref.step(n, (6, 0), words())
    assert n.active[0] == 1 and n.seen[0][1] and n.boosts[0] == [0] * 6
    assert n.modified[0][3] == ref.stats(sp["Snorlax"])[4] // 4
    n = ref.step(n, (5, 0), words())
    # back to Tauros: stages reset, its paralysis quarters its stored speed again
    assert n.active[0] == 0 and n.boosts[0] == [0] * 6
    assert n.modified[0] == [298, 288, 238, 318 // 4]


def test_team_arrays(game: ir_battle.BattleGame) -> None:
    species, moves = team_arrays(game, team_index(game, "Classic 1"))
    assert [game.species[i].name for i in species] == [
        "Tauros", "Chansey", "Snorlax", "Exeggutor", "Alakazam", "Starmie",
    ]  # fmt: skip
    assert [game.moves[i].name for i in moves[0]] == ["Body Slam", "Hyper Beam", "Blizzard", "Earthquake"]
    with pytest.raises(ValueError):
        team_arrays(game, 99)


# ---- random battles ------------------------------------------------------------------------------


class Watched(BattleReference):
    """The reference, checking that a move is only ever used by a Pokemon with HP against one with HP."""

    moves_used = 0

    def _use_move(self, s: BattleState, p: int, action: int, w: list[int], foe_to_move: bool = False) -> None:
        assert s.hp[p][s.active[p]] > 0 and s.hp[1 - p][s.active[1 - p]] > 0
        self.moves_used += 1
        super()._use_move(s, p, action, w, foe_to_move)


def test_random_battles(game: ir_battle.BattleGame) -> None:
    ref = watched = Watched(game)
    rng = random.Random(1234)
    top = game.rules.max_stage
    m = game.rules.moves_per_pokemon
    for b in range(30):
        # every spec team plays (the sample teams and any others the spec holds)
        teams = [team_arrays(game, b % len(game.teams)), team_arrays(game, (7 * b + 3) % len(game.teams))]
        s = ref.init([t[0] for t in teams], [t[1] for t in teams])
        steps = 0
        while not (s.terminated or s.truncated):
            acts = [
                rng.choice([a for a in range(ref.num_actions) if s.legal_action_mask[p][a]]) for p in range(2)
            ]
            before = s.clone()
            after = watched.step(s, acts, [rng.getrandbits(32) for _ in range(ref.num_words)])
            assert s == before  # step never changes its input
            s = after
            steps += 1
            for p in range(2):
                for j, species in enumerate(s.species[p]):
                    top_hp = ref.stats(species)[0] if species >= 0 else 0
                    assert 0 <= s.hp[p][j] <= top_hp
                    assert all(x >= 0 for x in s.pp[p][j])
                assert all(-top <= x <= top for x in s.boosts[p])
                assert all(1 <= x <= game.rules.stat_cap for x in s.modified[p])
            if not s.terminated:
                assert tuple(s.request) in {(1, 1), (2, 0), (0, 2), (2, 2)}
                for p in range(2):
                    fainted = s.hp[p][s.active[p]] == 0
                    assert (s.request[p] == 2) == fainted
            if before.request == [1, 1]:
                for p in range(2):
                    # a move user whose active was knocked out before its turn did not use its move
                    a = before.active[p]
                    used = s.pp[p][a] != before.pp[p][a] and s.active[p] == a
                    if used:
                        assert before.hp[p][a] > 0
                    if acts[p] < m:
                        assert s.pp[p][a][acts[p]] >= before.pp[p][a][acts[p]] - 1
            else:
                assert s.pp == before.pp and s.hp == before.hp and s.turn == before.turn
        assert steps > 0
        if s.terminated:
            assert sorted(s.rewards) in ([-1.0, 1.0], [0.0, 0.0])
    assert watched.moves_used > 1000


# ---- batch 2: the move statements, on a small hand-made spec -------------------------------------

Bout = Callable[..., BattleState]
MINI = SPEC.parent / "tests" / "fixtures" / "spec" / "battle" / "mini"

STATEMENT_DEX = """
species "Tauros" num 128 types [normal] base 75 100 95 70 110
species "Chansey" num 113 types [normal] base 250 5 5 35 50
species "Gengar" num 94 types [ghost poison] base 60 65 60 130 110
species "Alakazam" num 65 types [psychic] base 55 50 45 135 120
species "Blob" num 999 types [normal] base 154 50 50 50 50
species "Bulbasaur" num 1 types [grass poison] base 45 49 49 65 45
move "Splash" num 150 type normal accuracy always pp 40 target self
move "Growl" num 45 type normal accuracy 100 pp 40 { lower atk 1 on foe }
move "Swords Dance" num 14 type normal accuracy always pp 30 target self { raise atk 2 on self }
move "Tackle" num 33 type normal power 35 accuracy 95 pp 35
move "Sonic Boom" num 49 type normal accuracy 90 pp 20 { fixed damage 20 }
move "Seismic Toss" num 69 type fighting accuracy 100 pp 20 { fixed damage level }
move "Super Fang" num 162 type normal accuracy 90 pp 10 { fixed damage half foe hp }
move "Psywave" num 149 type psychic accuracy 80 pp 15 { fixed damage random below 3/2 level }
move "Horn Drill" num 32 type normal accuracy 30 pp 5 { knock out foe unless it is faster }
move "Double-Edge" num 38 type normal power 100 accuracy 100 pp 15 { recoil 1/4 }
move "Mega Drain" num 72 type grass power 40 accuracy 100 pp 10 { drain 1/2 }
move "Recover" num 105 type normal accuracy always pp 20 target self { heal 1/2 on self }
move "Rest" num 156 type psychic accuracy always pp 10 target self { sleep 2 turns and heal all }
move "Explosion" num 153 type normal power 170 accuracy 100 pp 5 {
  halve foe def
  user faints
}
move "Headbutt" num 29 type normal power 70 accuracy 100 pp 15 { chance 30%: flinch foe }
move "Hyper Beam" num 63 type normal power 150 accuracy 90 pp 5 { recharge unless foe faints }
move "Fury Attack" num 31 type normal power 15 accuracy 85 pp 20 { hits 2 to 5 }
move "Double Kick" num 24 type fighting power 30 accuracy 100 pp 30 { hits 2 }
move "Dream Eater" num 138 type psychic power 100 accuracy 100 pp 15 {
  fails unless foe has slp
  drain 1/2
}
move "Jump Kick" num 26 type fighting power 70 accuracy 95 pp 25 { crash 1 on miss }
move "Struggle" num 165 type normal power 50 accuracy 100 pp 10 { recoil 1/2 }
move "Supersonic" num 48 type normal accuracy 55 pp 20 { confuse foe }
move "Confuse Ray" num 109 type ghost accuracy 100 pp 10 { confuse foe }
move "Psybeam" num 60 type psychic power 65 accuracy 100 pp 20 { chance 10%: confuse foe }
move "Aurora Beam" num 62 type ice power 65 accuracy 100 pp 20 { chance 33%: lower atk 1 on foe }
move "Reflect" num 115 type psychic accuracy always pp 20 target self { screen def on self }
move "Light Screen" num 113 type psychic accuracy always pp 30 target self { screen spc on self }
move "Focus Energy" num 116 type normal accuracy always pp 30 target self { focus energy on self }
move "Mist" num 54 type ice accuracy always pp 30 target self { mist on self }
move "Haze" num 114 type ice accuracy always pp 30 target self { haze }
move "Leech Seed" num 73 type grass accuracy 90 pp 10 { seed foe }
"""


@pytest.fixture(scope="module")
def sgame(tmp_path_factory: pytest.TempPathFactory) -> ir_battle.BattleGame:
    folder = tmp_path_factory.mktemp("spec") / "battle" / "stmts"
    folder.mkdir(parents=True)
    for name in ("rules.battle", "types.battle"):
        (folder / name).write_text((MINI / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "dex.battle").write_text(STATEMENT_DEX, encoding="utf-8")
    loaded = load([folder])
    loaded.raise_for_errors()
    return loaded.battles[0]


@pytest.fixture(scope="module")
def sref(sgame: ir_battle.BattleGame) -> BattleReference:
    return BattleReference(sgame)


@pytest.fixture(scope="module")
def ssp(sgame: ir_battle.BattleGame) -> dict[str, int]:
    return {s.name: i for i, s in enumerate(sgame.species)}


@pytest.fixture(scope="module")
def smv(sgame: ir_battle.BattleGame) -> dict[str, int]:
    return {m.name: i for i, m in enumerate(sgame.moves)}


@pytest.fixture
def bout(sref: BattleReference, ssp: dict[str, int], smv: dict[str, int]) -> Bout:
    """`bout((species, [moves]), ..., vs=[(species, [moves]), ...])`: a battle on the statement spec."""

    def make(*team0: tuple[str, list[str]], vs: list[tuple[str, list[str]]]) -> BattleState:
        return duel(sref, ssp, smv, list(team0), vs)

    return make


def pw(**changes: int) -> list[int]:
    """One player's words: P_WORDS with some changed (by purpose name)."""
    out = list(P_WORDS)
    names = ("par", "acc", "crit", "dmg", "chance", "sleep", "hits", "confusion", "self_hit")
    for name, value in changes.items():
        out[names.index(name)] = value
    return out


def code(g: ir_battle.BattleGame, status: str) -> int:
    return g.rules.statuses.index(status) + 1


def test_fixed_damage(sref: BattleReference, bout: Bout, ssp: dict[str, int], smv: dict[str, int]) -> None:
    s = bout(("Tauros", ["Sonic Boom", "Seismic Toss", "Super Fang", "Psywave"]), vs=[("Gengar", ["Splash"])])
    # 20 and the level: a Ghost's immunity to Normal and Fighting does not matter
    assert sref.step(s, (0, 0), words()).hp[1][0] == 323 - 20
    assert sref.step(s, (1, 0), words()).hp[1][0] == 323 - 100
    assert sref.step(s, (2, 0), words()).hp[1][0] == 323 - 161
    s.hp[1][0] = 1
    assert sref.step(s, (2, 0), words()).hp[1][0] == 0  # half of 1 HP: at least 1
    s.hp[1][0] = 323
    # Psywave: 1 + w % (floor(3 * 100 / 2) - 1), from the damage word; no random factor
    for word, damage in ((0, 1), (148, 149), (149, 1), (300, 3)):
        assert sref.step(s, (3, 0), words(pw(dmg=word))).hp[1][0] == 323 - damage
    # a miss (Sonic Boom: accuracy 229 in 256) does nothing
    assert sref.step(s, (0, 0), words(pw(acc=229))).hp[1][0] == 323
    rolls = [
        sref.damage_rolls(ssp["Tauros"], ssp["Gengar"], smv[m], False) for m in ("Sonic Boom", "Seismic Toss")
    ]
    assert rolls == [[20], [100]]
    for m in ("Super Fang", "Psywave", "Horn Drill"):
        assert sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv[m], False) == []


def test_ohko(sref: BattleReference, bout: Bout) -> None:
    # Tauros (spe 318) against a faster Alakazam (338): it fails
    s = bout(("Tauros", ["Horn Drill"]), vs=[("Alakazam", ["Splash"])])
    n = sref.step(s, (0, 0), words())
    assert n.hp[1][0] == 313 and n.pp[0][0][0] == 4 and not n.terminated
    # against a slower Chansey (198): a knock out (accuracy 30% = 76 in 256)
    s = bout(("Tauros", ["Horn Drill"]), vs=[("Chansey", ["Splash"])])
    assert sref.step(s, (0, 0), words(pw(acc=75))).hp[1][0] == 0
    assert sref.step(s, (0, 0), words(pw(acc=76))).hp[1][0] == 703
    # an equally fast Gengar (318) is not faster, but it is immune to a Normal move
    s = bout(("Tauros", ["Horn Drill"]), vs=[("Gengar", ["Splash"])])
    assert sref.step(s, (0, 0), words()).hp[1][0] == 323


def test_recoil_rounds_half_up(sref: BattleReference, bout: Bout) -> None:
    s = bout(("Tauros", ["Double-Edge"]), vs=[("Chansey", ["Splash"])])
    # the recoil is Math.round(dealt / 4), at least 1; dealt never exceeds the foe's HP
    for foe_hp, recoil in ((10, 3), (9, 2), (1, 1), (6, 2), (5, 1)):
        s.hp[1][0] = foe_hp
        n = sref.step(s, (0, 0), words())
        assert (n.hp[1][0], n.hp[0][0]) == (0, 353 - recoil)
    s.hp[1][0] = 703
    n = sref.step(s, (0, 0), words())
    dealt = 703 - n.hp[1][0]
    assert dealt > 100 and n.hp[0][0] == 353 - (2 * dealt + 4) // 8
    # a miss: no recoil
    assert sref.step(s, (0, 0), words(pw(acc=255))).hp[0] == [353] + [0] * 5


def test_drain(sref: BattleReference, bout: Bout) -> None:
    s = bout(("Tauros", ["Mega Drain"]), vs=[("Chansey", ["Splash"])])
    s.hp[0][0] = 350
    n = sref.step(s, (0, 0), words())
    assert n.hp[1][0] < 703 - 6 and n.hp[0][0] == 353  # capped at the maximum HP
    s.hp[0][0], s.hp[1][0] = 100, 11
    assert sref.step(s, (0, 0), words()).hp[0][0] == 105
    s.hp[1][0] = 1
    assert sref.step(s, (0, 0), words()).hp[0][0] == 101  # at least 1


def test_recover(sref: BattleReference, bout: Bout) -> None:
    s = bout(("Chansey", ["Recover"]), vs=[("Tauros", ["Splash"])])
    # full HP, and 255 or 511 below it (703 - 255 = 448, 703 - 511 = 192, not multiples of 256): fails
    for hp, after in ((703, 703), (448, 448), (192, 192), (447, 703), (300, 651), (1, 352)):
        s.hp[0][0] = hp
        n = sref.step(s, (0, 0), words())
        assert n.hp[0][0] == after and n.pp[0][0][0] == 19
    # 511 HP: 255 below it is 256, a multiple of 256: it heals
    s = bout(("Blob", ["Recover"]), vs=[("Tauros", ["Splash"])])
    s.hp[0][0] = 256
    assert sref.step(s, (0, 0), words()).hp[0][0] == 511


def test_rest(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    slp, par, tox = code(sgame, "slp"), code(sgame, "par"), code(sgame, "tox")
    s = bout(("Tauros", ["Rest", "Tackle"]), vs=[("Chansey", ["Splash"])])
    s.hp[0][0], s.status[0][0], s.modified[0][3] = 100, par, 318 // 4
    n = sref.step(s, (0, 0), words())
    # paralysis replaced by 2 turns of sleep; the speed stays quartered
    assert (n.hp[0][0], n.status[0][0], n.sleep[0][0], n.modified[0][3]) == (353, slp, 2, 318 // 4)
    n1 = sref.step(n, (sref.forced_action, 0), words())
    assert (n1.status[0][0], n1.sleep[0][0], n1.hp[1][0]) == (slp, 1, 703)
    n2 = sref.step(n1, (sref.forced_action, 0), words())
    assert (n2.status[0][0], n2.sleep[0][0], n2.hp[1][0]) == (0, 0, 703)
    n3 = sref.step(n2, (1, 0), words())
    assert n3.hp[1][0] < 703 and n3.pp[0][0][1] == 34
    # at full HP it fails
    s = bout(("Tauros", ["Rest"]), vs=[("Chansey", ["Splash"])])
    s.status[0][0] = par
    n = sref.step(s, (0, 0), words())
    assert (n.status[0][0], n.sleep[0][0], n.pp[0][0][0]) == (par, 0, 9)
    # bad poison: replaced, its counter kept
    s.hp[0][0], s.status[0][0], s.toxic[0] = 200, tox, 3
    n = sref.step(s, (0, 0), words())
    assert (n.status[0][0], n.toxic[0], n.hp[0][0]) == (slp, 3, 353)
    # already asleep (used directly: an asleep Pokemon does not get to move): it fails
    s.status[0][0], s.sleep[0][0], s.hp[0][0] = slp, 5, 200
    sref._use_move(s, 0, 0, words())
    assert (s.status[0][0], s.sleep[0][0], s.hp[0][0]) == (slp, 5, 200)


def test_explosion(sref: BattleReference, bout: Bout, ssp: dict[str, int], smv: dict[str, int]) -> None:
    # the foe's defense halved after the rescaling: atk 298 -> 74, def 108 -> 27 -> 13
    rolls = sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv["Explosion"], False)
    assert rolls[-1] == ((42 * 170 * 74 // 13) // 50 + 2) * 3 // 2 == 1221
    s = bout(("Tauros", ["Explosion"]), ("Tauros", ["Tackle"]), vs=[("Chansey", ["Splash"])])
    n = sref.step(s, (0, 0), words())
    assert n.hp[0][0] == 0 and n.hp[1][0] == 0 and n.terminated and n.rewards == [1.0, -1.0]
    # a miss (accuracy 255: roll 255 misses), and an immune Ghost: the user faints all the same
    n = sref.step(s, (0, 0), words(pw(acc=255)))
    assert (n.hp[0][0], n.hp[1][0], n.request) == (0, 703, [2, 0])
    s = bout(("Tauros", ["Explosion"]), ("Tauros", ["Tackle"]), vs=[("Gengar", ["Splash"])])
    n = sref.step(s, (0, 0), words())
    assert (n.hp[0][0], n.hp[1][0]) == (0, 323)


def test_flinch(sref: BattleReference, bout: Bout) -> None:
    # 30%: 77 chances in 256, on the chance word. The faster Tauros flinches Chansey: no Growl
    s = bout(("Tauros", ["Headbutt"]), vs=[("Chansey", ["Growl"])])
    n = sref.step(s, (0, 0), words(pw(chance=76)))
    assert n.boosts[0][0] == 0 and n.pp[1][0][0] == 40 and n.flinch == [False, False]
    n = sref.step(s, (0, 0), words(pw(chance=77)))
    assert n.boosts[0][0] == -1 and n.pp[1][0][0] == 39
    # the slower Chansey's flinch comes after Tauros has moved: nothing
    s = bout(("Chansey", ["Headbutt"]), vs=[("Tauros", ["Growl"])])
    n = sref.step(s, (0, 0), words(pw(chance=0)))
    assert n.boosts[0][0] == -1 and n.hp[1][0] < 353 and n.flinch == [False, False]
    # ... but it forgives a recharge owed
    s = bout(("Chansey", ["Headbutt"]), vs=[("Tauros", ["Hyper Beam"])])
    n = sref.step(s, (0, 0), words(pw(chance=255)))
    assert n.recharge == [False, True]
    n = sref.step(s, (0, 0), words(pw(chance=0)))
    assert n.recharge == [False, False] and n.legal_action_mask[1][0] and not n.legal_action_mask[1][12]


def test_hyper_beam_recharge(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    s = bout(("Tauros", ["Hyper Beam", "Tackle"]), ("Chansey", ["Splash"]), vs=[("Chansey", ["Growl"])])
    n = sref.step(s, (0, 0), words())
    assert n.hp[1][0] == 703 - 520 and n.recharge == [True, False]
    # recharging: the only legal action is A_RECHARGE (12), not a move, Struggle or a switch
    assert [a for a in range(sref.num_actions) if n.legal_action_mask[0][a]] == [sref.recharge_action]
    assert not n.legal_action_mask[1][12]
    assert sref.step(n, (0, 0), words()).rewards == [-1.0, 1.0]
    n.status[0][0] = code(sgame, "psn")
    n2 = sref.step(n, (12, 0), words())
    # it does not act (no PP, no damage); the foe does; the residual applies
    assert n2.recharge == [False, False] and n2.pp[0][0] == [4, 35, 0, 0] and n2.hp[1][0] == 183
    assert n2.boosts[0][0] == -2 and n2.hp[0][0] == 353 - 22
    assert n2.legal_action_mask[0][:2] == [True, True] and not n2.legal_action_mask[0][12]
    # asleep (checked before recharging): it does not act, and it still owes the recharge
    n.status[0][0], n.sleep[0][0] = code(sgame, "slp"), 2
    n4 = sref.step(n, (12, 0), words())
    assert n4.recharge == [True, False] and n4.sleep[0][0] == 1 and n4.legal_action_mask[0][12]
    # no recharge after a knock out or a miss
    s.hp[1][0] = 100
    assert sref.step(s, (0, 0), words()).recharge == [False, False]
    s.hp[1][0] = 703
    assert sref.step(s, (0, 0), words(pw(acc=229))).recharge == [False, False]
    # a switch-in clears it
    n.request = [2, 0]
    n3 = sref.step(refresh(sref, n), (6, 11), words())
    assert n3.recharge == [False, False] and n3.active[0] == 1


def test_multi_hit(sref: BattleReference, bout: Bout, ssp: dict[str, int], smv: dict[str, int]) -> None:
    x = sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv["Fury Attack"], False)[-1]
    s = bout(("Tauros", ["Fury Attack", "Double Kick"]), vs=[("Chansey", ["Splash"])])
    # the table 2 2 2 3 3 3 4 5, indexed by the hits word mod 8
    for word, hits in ((0, 2), (3, 3), (6, 4), (7, 5), (15, 5), (10, 2)):
        assert sref.step(s, (0, 0), words(pw(hits=word))).hp[1][0] == 703 - hits * x
    # it stops when the foe faints
    s.hp[1][0] = x + 1
    assert sref.step(s, (0, 0), words(pw(hits=7))).hp[1][0] == 0
    s.hp[1][0] = 703
    kick = sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv["Double Kick"], False)[-1]
    assert sref.step(s, (1, 0), words(pw(hits=7))).hp[1][0] == 703 - 2 * kick


def test_dream_eater(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    s = bout(("Tauros", ["Dream Eater"]), vs=[("Chansey", ["Splash"])])
    s.hp[0][0] = 100
    n = sref.step(s, (0, 0), words())
    assert (n.hp[0][0], n.hp[1][0], n.pp[0][0][0]) == (100, 703, 14)
    s.status[1][0], s.sleep[1][0] = code(sgame, "slp"), 3
    n = sref.step(s, (0, 0), words())
    dealt = 703 - n.hp[1][0]
    assert dealt > 0 and n.hp[0][0] == 100 + dealt // 2 and n.sleep[1][0] == 2


def test_jump_kick_crash(sref: BattleReference, bout: Bout) -> None:
    s = bout(("Tauros", ["Jump Kick"]), vs=[("Chansey", ["Splash"])])
    n = sref.step(s, (0, 0), words(pw(acc=255)))
    assert (n.hp[0][0], n.hp[1][0]) == (352, 703)
    n = sref.step(s, (0, 0), words())
    assert n.hp[0][0] == 353 and n.hp[1][0] < 703
    # an immune Ghost: the move fails, as a miss
    s = bout(("Tauros", ["Jump Kick"]), vs=[("Gengar", ["Splash"])])
    assert sref.step(s, (0, 0), words()).hp[0][0] == 352
    s.hp[0][0] = 1
    assert sref.step(s, (0, 0), words()).hp[0][0] == 0


def test_residual_after_knock_out(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    psn = code(sgame, "psn")
    s = bout(("Tauros", ["Tackle", "Swords Dance"]), vs=[("Chansey", ["Splash"]), ("Chansey", ["Splash"])])
    s.status[0][0] = psn
    s.hp[1][0] = 1
    n = sref.step(s, (0, 0), words())
    assert n.hp[1][0] == 0 and n.hp[0][0] == 353 and n.request == [0, 2]
    s.hp[1][0] = 703
    assert sref.step(s, (0, 0), words()).hp[0][0] == 353 - 22
    assert sref.step(s, (0, 0), words(pw(acc=255))).hp[0][0] == 353 - 22
    assert sref.step(s, (1, 0), words()).hp[0][0] == 353 - 22


def test_statement_random_battles(sref: BattleReference, sgame: ir_battle.BattleGame) -> None:
    """Random battles with every statement: HP, the recharge rule and the flinch reset hold."""
    rng = random.Random(99)
    n_species, n_moves = len(sgame.species), len(sgame.moves)
    recharged = 0
    for _ in range(40):
        species = [[rng.randrange(n_species) for _ in range(3)] for _ in range(2)]
        moves = [[rng.sample(range(n_moves), 4) for _ in range(3)] for _ in range(2)]
        s = sref.init(species, moves)
        while not (s.terminated or s.truncated):
            acts = [
                rng.choice([a for a in range(sref.num_actions) if s.legal_action_mask[p][a]])
                for p in range(2)
            ]
            s = sref.step(s, acts, [rng.getrandbits(32) for _ in range(sref.num_words)])
            assert s.flinch == [False, False]
            for p in range(2):
                assert 0 <= s.confusion[p] <= 5 and 0 <= s.screens[p] <= 3
                for j, sp_ in enumerate(s.species[p]):
                    assert 0 <= s.hp[p][j] <= (sref.stats(sp_)[0] if sp_ >= 0 else 0)
                if s.recharge[p] and s.request[p] == 1 and not s.terminated:
                    recharged += 1
                    assert sum(s.legal_action_mask[p]) == 1 and s.legal_action_mask[p][sref.recharge_action]
    assert recharged > 0


# ---- batch 3: confusion, screens, Focus Energy, Mist, Haze, Leech Seed ---------------------------


def test_confusion_length(sref: BattleReference, bout: Bout) -> None:
    # the slower Chansey confuses Tauros after its turn: 2 + word % 4 turns (confusion_turns 2 5)
    s = bout(("Tauros", ["Splash"]), vs=[("Chansey", ["Confuse Ray"])])
    for word, turns in ((0, 2), (1, 3), (2, 4), (3, 5), (4, 2), (7, 5), (258, 4)):
        n = sref.step(s, (0, 0), words(p1=pw(confusion=word)))
        assert n.confusion == [turns, 0] and n.pp[1][0][0] == 9
    # a miss (Supersonic: 55% = 140 in 256) does nothing; an already confused foe stays as it is
    s = bout(("Tauros", ["Splash"]), vs=[("Chansey", ["Supersonic"])])
    assert sref.step(s, (0, 0), words(p1=pw(acc=139, confusion=3))).confusion == [5, 0]
    assert sref.step(s, (0, 0), words(p1=pw(acc=140, confusion=3))).confusion == [0, 0]
    s.confusion[0] = 3
    assert sref.step(s, (0, 0), words(p1=pw(confusion=0))).confusion == [2, 0]


def test_confusion_self_hit(sref: BattleReference, bout: Bout) -> None:
    s = bout(("Tauros", ["Tackle"]), vs=[("Chansey", ["Splash"])])
    s.confusion[0] = 3
    # roll256 >= 128: it hurts itself, (42 * 298 * 40 // 288) // 50 + 2 = 36; no PP, no move
    for word in (128, 255, 384):
        n = sref.step(s, (0, 0), words(pw(self_hit=word)))
        assert (n.hp[0][0], n.hp[1][0], n.pp[0][0][0], n.confusion[0]) == (353 - 36, 703, 35, 2)
        assert not n.revealed[0][0][0]
    # below 128: it acts
    n = sref.step(s, (0, 0), words(pw(self_hit=127)))
    assert n.hp[0][0] == 353 and n.hp[1][0] < 703 and n.pp[0][0][0] == 34 and n.confusion[0] == 2
    # the modified stats, without the rescaling of stats >= 256 and without any random factor:
    # +2 Attack 596: (42 * 596 * 40 // 288) // 50 + 2 = 71
    s.boosts[0][0], s.modified[0][0] = 2, 596
    assert sref.step(s, (0, 0), words(pw(self_hit=200, dmg=0))).hp[0][0] == 353 - 71
    assert sref.confusion_damage(298, 288) == 36 and sref.confusion_damage(596, 288) == 71
    # it can knock itself out: the round's moves end there, the residual does not apply
    s.hp[0][0] = 30
    n = sref.step(s, (0, 0), words(pw(self_hit=200)))
    assert n.hp[0][0] == 0 and n.terminated and n.rewards == [-1.0, 1.0]


def test_confusion_ends(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    s = bout(("Tauros", ["Tackle"]), vs=[("Chansey", ["Splash"])])
    s.confusion[0] = 1
    # the counter reaches 0: the confusion ends and it acts (the self-hit roll is not looked at)
    n = sref.step(s, (0, 0), words(pw(self_hit=255)))
    assert n.confusion[0] == 0 and n.hp[0][0] == 353 and n.hp[1][0] < 703 and n.pp[0][0][0] == 34
    # ... and the paralysis check comes next
    s.status[0][0], s.modified[0][3] = code(sgame, "par"), 318 // 4
    n = sref.step(s, (0, 0), words(pw(self_hit=255, par=0)))
    assert n.confusion[0] == 0 and n.hp[1][0] == 703 and n.pp[0][0][0] == 35
    # asleep, frozen, flinched or recharging: the confusion does not count down
    s.status[0][0], s.sleep[0][0], s.confusion[0] = code(sgame, "slp"), 3, 2
    n = sref.step(s, (0, 0), words(pw(self_hit=255)))
    assert (n.confusion[0], n.sleep[0][0], n.hp[0][0]) == (2, 2, 353)
    s.status[0][0] = code(sgame, "frz")
    assert sref.step(s, (0, 0), words(pw(self_hit=255))).confusion[0] == 2


def test_confusion_chance_penalty(sref: BattleReference, bout: Bout) -> None:
    # 10%: ceil(10 * 256 / 100) - 1 = 25 chances in 256
    s = bout(("Alakazam", ["Psybeam"]), vs=[("Tauros", ["Splash"])])
    n = sref.step(s, (0, 0), words(pw(chance=24, confusion=1)))
    # 3 turns, one of them counted down at the slower Tauros's turn (it acts: its self-hit roll is 0)
    assert n.confusion == [0, 2] and n.hp[1][0] < 353 and n.pp[1][0][0] == 39
    assert sref.step(s, (0, 0), words(pw(chance=25))).confusion == [0, 0]
    # no penalty for other secondary effects: Aurora Beam's 33% is ceil(33 * 256 / 100) = 85
    s = bout(("Alakazam", ["Aurora Beam"]), vs=[("Tauros", ["Splash"])])
    assert sref.step(s, (0, 0), words(pw(chance=84))).boosts[1][0] == -1
    assert sref.step(s, (0, 0), words(pw(chance=85))).boosts[1][0] == 0


def test_reflect(sref: BattleReference, bout: Bout, ssp: dict[str, int], smv: dict[str, int]) -> None:
    s = bout(("Tauros", ["Tackle", "Psybeam"]), vs=[("Chansey", ["Reflect"])])
    plain = 703 - sref.step(s, (0, 0), words()).hp[1][0]
    assert plain == sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv["Tackle"], False)[-1] == 123
    s.screens[1] = 1
    n = sref.step(s, (0, 0), words())
    # Defense 108 doubled to 216 before the rescaling: atk 298 -> 74, def 216 -> 54
    assert 703 - n.hp[1][0] == ((42 * 35 * 74 // 54) // 50 + 2) * 3 // 2 == 63
    # a second Reflect does nothing (its PP is spent)
    assert n.screens[1] == 1 and n.pp[1][0][0] == 19
    # not against a crit (Tauros: crit below 55)
    crit = sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv["Tackle"], True)[-1]
    assert 703 - sref.step(s, (0, 0), words(pw(crit=54))).hp[1][0] == crit
    s.screens[1] = 0
    assert 703 - sref.step(s, (0, 0), words(pw(crit=54))).hp[1][0] == crit
    # not against a special move
    special = 703 - sref.step(s, (1, 0), words()).hp[1][0]
    s.screens[1] = 1
    assert 703 - sref.step(s, (1, 0), words()).hp[1][0] == special
    # the move sets it: Tauros moves first, then Chansey's Reflect
    s.screens[1] = 0
    assert sref.step(s, (0, 0), words()).screens == [0, 1]


def test_light_screen(sref: BattleReference, bout: Bout, ssp: dict[str, int], smv: dict[str, int]) -> None:
    s = bout(("Alakazam", ["Psybeam", "Tackle"]), vs=[("Chansey", ["Light Screen", "Reflect"])])
    plain = 703 - sref.step(s, (0, 0), words()).hp[1][0]
    assert plain == sref.damage_rolls(ssp["Alakazam"], ssp["Chansey"], smv["Psybeam"], False)[-1]
    s.screens[1] = 2
    n = sref.step(s, (0, 0), words())
    # Special 168 doubled to 336: spc 368 -> 92, 336 -> 84
    assert 703 - n.hp[1][0] == ((42 * 65 * 92 // 84) // 50 + 2) * 3 // 2 == 91 < plain
    assert n.screens[1] == 2
    # then Reflect: both bits
    assert sref.step(s, (0, 1), words()).screens[1] == 3
    # not against a crit (Alakazam: below 60), nor a physical move
    crit = sref.damage_rolls(ssp["Alakazam"], ssp["Chansey"], smv["Psybeam"], True)[-1]
    assert 703 - sref.step(s, (0, 0), words(pw(crit=59))).hp[1][0] == crit
    tackle = sref.damage_rolls(ssp["Alakazam"], ssp["Chansey"], smv["Tackle"], False)[-1]
    assert 703 - sref.step(s, (1, 0), words()).hp[1][0] == tackle


def test_focus_energy(sref: BattleReference, bout: Bout, ssp: dict[str, int], smv: dict[str, int]) -> None:
    crit = sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv["Tackle"], True)[-1]
    plain = sref.damage_rolls(ssp["Tauros"], ssp["Chansey"], smv["Tackle"], False)[-1]
    s = bout(("Tauros", ["Tackle", "Focus Energy"]), vs=[("Chansey", ["Splash"])])
    # without it: c = 110 // 2 = 55, doubled to 110, halved for an ordinary move: 55
    assert 703 - sref.step(s, (0, 0), words(pw(crit=54))).hp[1][0] == crit
    assert 703 - sref.step(s, (0, 0), words(pw(crit=55))).hp[1][0] == plain
    n = sref.step(s, (1, 0), words())
    assert n.focus == [True, False] and n.pp[0][0][1] == 29
    # with it: 55 // 2 = 27, halved: 13
    assert 703 - sref.step(n, (0, 0), words(pw(crit=12))).hp[1][0] == crit
    assert 703 - sref.step(n, (0, 0), words(pw(crit=13))).hp[1][0] == plain
    assert sref.step(n, (1, 0), words()).focus == [True, False]


def test_mist(sref: BattleReference, bout: Bout) -> None:
    s = bout(("Tauros", ["Growl", "Aurora Beam"]), vs=[("Chansey", ["Mist"])])
    n = sref.step(s, (0, 0), words())
    # Tauros's Growl came first; then Chansey's Mist
    assert n.boosts[1][0] == -1 and n.mist == [False, True]
    n2 = sref.step(n, (0, 0), words())
    assert n2.boosts[1][0] == -1 and n2.modified[1][0] == 108 * 66 // 100 and n2.pp[0][0][0] == 38
    # a damaging move's secondary drop still applies
    n3 = sref.step(n, (1, 0), words(pw(chance=0)))
    assert n3.boosts[1][0] == -2 and n3.hp[1][0] < 703
    # the user's own stage changes are not stopped
    s = bout(("Tauros", ["Swords Dance"]), vs=[("Chansey", ["Growl"])])
    s.mist[0] = True
    assert sref.step(s, (0, 0), words()).boosts[0][0] == 2


def test_haze(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    tox, psn, par = code(sgame, "tox"), code(sgame, "psn"), code(sgame, "par")
    s = bout(("Tauros", ["Haze"]), vs=[("Chansey", ["Growl"])])
    for p in range(2):
        s.boosts[p] = [2, -1, 0, 1, -3, 4]
        s.modified[p] = [500, 200, 300, 400]
        s.confusion[p], s.screens[p], s.toxic[p] = 3, 3, 3
        s.focus[p] = s.mist[p] = s.seeded[p] = True
    s.status[0][0], s.status[1][0], s.modified[1][3] = tox, par, 198 // 4
    n = sref.step(s, (0, 0), words(p1=pw(self_hit=0)))
    assert n.screens == [0, 0] and n.focus == n.mist == n.seeded == [False, False]
    assert n.confusion == [0, 0] and n.toxic == [0, 0]
    # the user's bad poison became poison (its residual: 1/16); the foe's paralysis is cured
    assert (n.status[0][0], n.status[1][0], n.hp[0][0]) == (psn, 0, 353 - 22)
    # stages gone, stored stats (the foe's paralysis drop too); then the slower foe's Growl (Mist is gone)
    assert n.modified[1] == [108, 108, 168, 198] and n.boosts[1] == [0] * 6
    assert n.modified[0] == [298 * 66 // 100, 288, 238, 318] and n.boosts[0] == [-1] + [0] * 5
    # the user's paralysis stays, but its Speed drop is gone
    s = bout(("Tauros", ["Haze"]), vs=[("Chansey", ["Splash"])])
    s.status[0][0], s.modified[0][3] = par, 318 // 4
    n = sref.step(s, (0, 0), words())
    assert n.status[0][0] == par and n.modified[0][3] == 318


def test_haze_frozen_or_asleep_foe(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    frz, slp = code(sgame, "frz"), code(sgame, "slp")
    s = bout(("Tauros", ["Haze"]), vs=[("Chansey", ["Growl"])])
    # Tauros moves first: the thawed / woken Chansey cannot act this round
    for status, sleep in ((frz, 0), (slp, 4)):
        s.status[1][0], s.sleep[1][0] = status, sleep
        n = sref.step(s, (0, 0), words())
        assert (n.status[1][0], n.sleep[1][0], n.boosts[0][0], n.pp[1][0][0]) == (0, 0, 0, 40)
        assert n.flinch == [False, False]
        # next round it acts
        assert sref.step(n, (0, 0), words()).boosts[0][0] == -1
    # a foe with another status acts after the cure
    s.status[1][0], s.sleep[1][0] = code(sgame, "psn"), 0
    assert sref.step(s, (0, 0), words()).boosts[0][0] == -1
    # the user moves second: the frozen foe has had its turn already; it is thawed all the same
    s = bout(("Chansey", ["Haze"]), vs=[("Tauros", ["Growl"])])
    s.status[1][0] = frz
    n = sref.step(s, (0, 0), words())
    assert n.status[1][0] == 0 and n.boosts[0][0] == 0 and n.pp[1][0][0] == 40


def test_leech_seed(sref: BattleReference, bout: Bout, sgame: ir_battle.BattleGame) -> None:
    s = bout(("Tauros", ["Leech Seed"]), ("Blob", ["Splash"]), vs=[("Chansey", ["Splash"])])
    s.hp[0][0] = 300
    n = sref.step(s, (0, 0), words())
    # seeded by the faster Tauros, Chansey loses 703 // 16 = 43 after its own turn; Tauros gains it
    assert n.seeded == [False, True] and (n.hp[0][0], n.hp[1][0]) == (343, 660)
    n2 = sref.step(n, (0, 0), words())
    # already seeded: nothing new; again 43, Tauros capped at its maximum HP
    assert n2.seeded == [False, True] and (n2.hp[0][0], n2.hp[1][0]) == (353, 617)
    assert n2.pp[0][0][0] == 8
    # the full amount, even from a Chansey with less HP left
    n.hp[0][0], n.hp[1][0] = 100, 10
    n3 = sref.step(n, (0, 0), words())
    assert (n3.hp[0][0], n3.hp[1][0]) == (143, 0) and n3.terminated and n3.rewards == [1.0, -1.0]
    # bad poison: its counter goes up once for the poison and once more for the seed
    n.hp[0][0], n.hp[1][0], n.status[1][0] = 100, 703, code(sgame, "tox")
    n4 = sref.step(n, (0, 0), words())
    assert n4.toxic[1] == 2 and (n4.hp[1][0], n4.hp[0][0]) == (703 - 43 - 86, 186)
    # the seeder switched out: the opponent's active gains it (Blob: 511 HP)
    n.status[1][0], n.hp[0][1] = 0, 400
    n5 = sref.step(n, (sref.first_switch_action + 1, 0), words())
    assert n5.active[0] == 1 and (n5.hp[0][1], n5.hp[1][0]) == (443, 660) and n5.seeded == [False, True]
    # a Grass type cannot be seeded; a miss (90% = 229 in 256) does nothing
    s = bout(("Tauros", ["Leech Seed"]), vs=[("Bulbasaur", ["Splash"])])
    assert sref.step(s, (0, 0), words()).seeded == [False, False]
    s = bout(("Tauros", ["Leech Seed"]), vs=[("Chansey", ["Splash"])])
    assert sref.step(s, (0, 0), words(pw(acc=229))).seeded == [False, False]
    assert sref.step(s, (0, 0), words(pw(acc=228))).seeded == [False, True]


def test_switch_clears_volatiles(sref: BattleReference, bout: Bout) -> None:
    s = bout(("Tauros", ["Splash"]), ("Blob", ["Splash"]), vs=[("Chansey", ["Splash"])])
    for p in range(2):
        s.confusion[p], s.screens[p] = 3, 3
        s.focus[p] = s.mist[p] = True
    s.seeded[0] = True
    n = sref.step(s, (sref.first_switch_action + 1, 0), words())
    assert n.active[0] == 1 and n.confusion == [0, 2] and n.screens == [0, 3]
    assert n.focus == n.mist == [False, True] and n.seeded == [False, False]
    # the forced switch after a faint, too
    s.hp[0][0], s.request = 0, [2, 0]
    n = sref.step(refresh(sref, s), (sref.first_switch_action + 1, sref.wait_action), words())
    assert n.confusion == [0, 3] and n.screens == [0, 3] and n.focus == n.mist == [False, True]
    assert n.seeded == [False, False]


# ---- batch 4: two-turn moves ----------------------------------------------------------------------


def test_charge_then_strike(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(
        ref,
        sp,
        mv,
        [("Tauros", ["Body Slam", "Solar Beam"]), ("Snorlax", ["Body Slam"])],
        [("Chansey", ["Splash"])],
    )
    n = ref.step(s, (1, 0), words())
    # the charging turn: revealed, no PP, nothing else
    assert n.charge == [2, 0] and n.invulnerable == [False, False] and n.pp[0][0][1] == 10
    assert n.revealed[0][0] == [False, True, False, False] and n.hp[1][0] == 703
    # only the charged slot is legal: no other move, no Struggle, no switch
    assert n.legal_action_mask[0] == [False, True] + [False] * 11
    assert BattleState.from_arrays(n.as_arrays()) == n
    n2 = ref.step(n, (1, 0), words())
    beam = ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Solar Beam"], False)[-1]
    assert n2.charge == [0, 0] and n2.pp[0][0][1] == 9 and n2.hp[1][0] == 703 - beam
    assert (
        n2.legal_action_mask[0][:2] == [True, True] and n2.legal_action_mask[0][ref.first_switch_action + 1]
    )


def test_invulnerable(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Dig"])], [("Chansey", ["Body Slam", "Explosion", "Swift"])])
    # Tauros is faster: it digs, then Chansey's Body Slam misses (PP spent)
    n = ref.step(s, (0, 0), words())
    assert n.charge == [1, 0] and n.invulnerable == [True, False] and n.pp[0][0][0] == 10
    assert n.hp[0][0] == 353 and n.pp[1][0][0] == 14
    # Explosion misses too, and its user faints all the same
    boom = ref.step(s, (0, 1), words())
    assert (boom.hp[0][0], boom.hp[1][0]) == (353, 0) and boom.terminated and boom.rewards == [1.0, -1.0]
    # Swift reaches it
    swift = ref.damage_rolls(sp["Chansey"], sp["Tauros"], mv["Swift"], False)[-1]
    assert ref.step(s, (0, 2), words()).hp[0][0] == 353 - swift
    # the second turn: Dig comes out, the invulnerability ends, the foe's Body Slam hits
    n2 = ref.step(n, (0, 0), words())
    dig = ref.damage_rolls(sp["Tauros"], sp["Chansey"], mv["Dig"], False)[-1]
    slam = ref.damage_rolls(sp["Chansey"], sp["Tauros"], mv["Body Slam"], False)[-1]
    assert n2.charge == [0, 0] and n2.invulnerable == [False, False] and n2.pp[0][0][0] == 9
    assert (n2.hp[0][0], n2.hp[1][0]) == (353 - slam, 703 - dig)


def test_charge_lost_when_it_cannot_act(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Dig", "Body Slam"])], [("Chansey", ["Body Slam"])])
    n = ref.step(s, (0, 0), words())
    assert n.charge == [1, 0] and n.invulnerable == [True, False]
    # full paralysis on the second turn: the charge is lost, the invulnerability stays (Body Slam misses)
    n.status[0][0] = ref.status_code("par")
    par = ref.step(n, (0, 0), words(pw(par=0)))
    assert par.charge == [0, 0] and par.invulnerable == [True, False] and par.pp[0][0][0] == 10
    assert par.hp[0][0] == 353 and par.legal_action_mask[0][:2] == [True, True]
    # a confusion self-hit: both are lost (Body Slam hits)
    n.status[0][0], n.confusion[0] = 0, 3
    hit = ref.step(n, (0, 0), words(pw(self_hit=255)))
    slam = ref.damage_rolls(sp["Chansey"], sp["Tauros"], mv["Body Slam"], False)[-1]
    self_hit = ref.confusion_damage(298, 288)
    assert hit.charge == [0, 0] and hit.invulnerable == [False, False]
    assert hit.hp[0][0] == 353 - self_hit - slam and hit.hp[1][0] == 703


def test_switch_clears_charge(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]) -> None:
    s = duel(ref, sp, mv, [("Tauros", ["Dig"]), ("Snorlax", ["Body Slam"])], [("Chansey", ["Splash"])])
    # a voluntary switch (still invulnerable after a full paralysis)
    s.invulnerable[0] = True
    n = ref.step(s, (ref.first_switch_action + 1, 0), words())
    assert n.active[0] == 1 and n.invulnerable == [False, False]
    # a forced switch while charging
    s.hp[0][0], s.request, s.charge[0] = 0, [2, 0], 1
    n = ref.step(refresh(ref, s), (ref.first_switch_action + 1, ref.wait_action), words())
    assert n.active[0] == 1 and n.charge == [0, 0] and n.invulnerable == [False, False]


def test_pp_ups() -> None:
    """The spec's rules give every move three PP Ups, as Showdown does: PP x 8/5, at most 61."""
    loaded = load([SPEC / "battle" / "gen1"])
    loaded.raise_for_errors()
    gen1 = loaded.battles[0]
    assert (gen1.rules.pp_ups, gen1.rules.pp_cap) == (3, 61)
    real = BattleReference(gen1)
    index = {m.name: i for i, m in enumerate(gen1.moves)}
    by_pp = {name: real.start_pp(index[name]) for name in ("Hyper Beam", "Body Slam", "Tackle", "Growl")}
    assert by_pp == {"Hyper Beam": 8, "Body Slam": 24, "Tackle": 56, "Growl": 61}  # 5, 15, 35, 40 PP
    tauros = next(i for i, s in enumerate(gen1.species) if s.name == "Tauros")
    s = real.init([[tauros], [tauros]], [[[index["Hyper Beam"], index["Growl"]]], [[index["Tackle"]]]])
    assert s.pp[0][0][:2] == [8, 61] and s.pp[1][0][0] == 56
