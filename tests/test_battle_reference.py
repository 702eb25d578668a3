"""The battle reference interpreter (tcgc/reference/battle.py) on the gen1 spec: stats, damage tables
against known @smogon/calc Gen 1 numbers, scripted steps with chosen random words, and random battles
checked for the state's invariants."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tcgc import ir_battle
from tcgc.load import load
from tcgc.reference.battle import BattleReference, BattleState, team_arrays
from tests.conftest import SPEC

# one player's 6 words for a plain turn: no full paralysis (roll256 255 >= 63), the move hits (0), no
# crit (255), the top damage roll (217 + 38 = R 255), no secondary effect (255), sleep 1 + 0 turns
P_WORDS = [255, 0, 255, 38, 255, 0]


def words(p0: list[int] | None = None, p1: list[int] | None = None, tie: int = 0) -> list[int]:
    return list(p0 or P_WORDS) + list(p1 or P_WORDS) + [tie]


@pytest.fixture(scope="module")
def game() -> ir_battle.BattleGame:
    loaded = load([SPEC / "battle" / "gen1"])
    loaded.raise_for_errors()
    return loaded.battles[0]


@pytest.fixture(scope="module")
def ref(game: ir_battle.BattleGame) -> BattleReference:
    return BattleReference(game)


@pytest.fixture(scope="module")
def sp(game: ir_battle.BattleGame) -> dict[str, int]:
    return {s.name: i for i, s in enumerate(game.species)}


@pytest.fixture(scope="module")
def mv(game: ir_battle.BattleGame) -> dict[str, int]:
    return {m.name: i for i, m in enumerate(game.moves)}


def duel(
    ref: BattleReference,
    sp: dict[str, int],
    mv: dict[str, int],
    team0: list[tuple[str, list[str]]],
    team1: list[tuple[str, list[str]]],
) -> BattleState:
    """A battle of two hand-made teams: (species name, move names) per member."""
    species = [[sp[name] for name, _ in team] for team in (team0, team1)]
    moves = [[[mv[m] for m in ms] for _, ms in team] for team in (team0, team1)]
    return ref.init(species, moves)


def team_index(game: ir_battle.BattleGame, name: str) -> int:
    return [t.name for t in game.teams].index(name)


def refresh(ref: BattleReference, s: BattleState) -> BattleState:
    s.legal_action_mask = ref.legal_mask(s)
    return s


# ---- stats and damage --------------------------------------------------------------------------


def test_stats(ref: BattleReference, sp: dict[str, int]) -> None:
    assert ref.stats(sp["Tauros"]) == (353, 298, 288, 238, 318)
    assert ref.stats(sp["Chansey"])[0] == 703
    assert ref.stats(sp["Alakazam"])[3] == 368
    assert ref.num_words == 13
    assert ref.num_actions == 4 + 6 + 2


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
        "seen": (2, 6), "revealed": (2, 6, 4), "request": (2,), "turn": (), "terminated": (),
        "truncated": (), "rewards": (2,), "legal_action_mask": (2, 12),
    }  # fmt: skip
    assert {k: v.shape for k, v in arrays.items()} == shapes
    assert arrays["hp"].dtype == np.int32 and arrays["seen"].dtype == np.bool_
    assert arrays["rewards"].dtype == np.float32 and arrays["terminated"].dtype == np.bool_
    assert BattleState.from_arrays(arrays) == s
    # moves 0..3 and switches to slots 1..5 are legal, Struggle, a switch to self and wait are not
    assert s.legal_action_mask[0] == [True] * 4 + [False, False] + [True] * 5 + [False]


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
    missed = ref.step(s, (0, 0), words([255, 255, 255, 38, 255, 0]))
    assert missed.hp[1][0] == 703 and missed.pp[0][0][0] == s.pp[0][0][0] - 1
    assert missed.revealed[0][0][0]
    hit = ref.step(s, (0, 0), words([255, 254, 255, 38, 255, 0]))
    assert hit.hp[1][0] == 703 - 295
    low = ref.step(s, (0, 0), words([255, 254, 255, 0, 255, 0]))
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
    assert ref.step(s, (0, 0), words([255, 0, 255, 0, 76, 0])).status[1][0] == 0
    s = duel(ref, sp, mv, [("Snorlax", ["Body Slam"])], [("Alakazam", ["Growl"])])
    assert ref.step(s, (0, 0), words([255, 0, 255, 0, 76, 0])).status[1][0] == par
    assert ref.step(s, (0, 0), words([255, 0, 255, 0, 77, 0])).status[1][0] == 0


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
    n = ref.step(s, (0, 0), words(p1=[255, 0, 255, 38, 255, 9]))
    # Tauros moves first and hits; Sing then puts it to sleep for 1 + 9 % 7 = 3 turns
    assert n.status[0][0] == slp and n.sleep[0][0] == 3 and n.hp[1][0] == 703 - 295
    n2 = ref.step(n, (0, 0), words())
    assert n2.sleep[0][0] == 2 and n2.status[0][0] == slp
    assert n2.hp[1][0] == n.hp[1][0] and n2.pp[0][0][0] == n.pp[0][0][0]
    n.sleep[0][0] = 1
    # it wakes up but does not act this turn (Chansey's Sing misses: roll256 255)
    n3 = ref.step(n, (0, 0), words(p1=[255, 255, 255, 38, 255, 0]))
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
    assert n.legal_action_mask[0] == [False] * 11 + [True]
    assert n.legal_action_mask[1] == [False] * 6 + [True] + [False] * 5
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

    def _use_move(self, s: BattleState, p: int, action: int, w: list[int]) -> None:
        assert s.hp[p][s.active[p]] > 0 and s.hp[1 - p][s.active[1 - p]] > 0
        self.moves_used += 1
        super()._use_move(s, p, action, w)


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
            after = watched.step(s, acts, [rng.getrandbits(32) for _ in range(13)])
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
