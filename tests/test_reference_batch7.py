"""Batch 7 of the battle contract on the reference interpreter (tcgc/reference/battle.py): Showdown's Gen 1
quirks (switching in poisoned or badly poisoned, thawing, the paralysis/burn drop glitch, a sleep move on a
Pokemon that must recharge), the clause mods (`slept_by_foe`), which failures are misses in the events, and
the accuracy a Thrash carries over against an immune foe. Scripted steps on the gen1 spec with chosen random
words."""

from __future__ import annotations

import pytest

from tcgc import ir_battle
from tcgc.reference.battle import ACC, ATK, EVA, MUST_SWITCH, SPC, SPE, WAIT, BattleReference, BattleState
from tests.battle_support import pw, refresh, words


@pytest.fixture(scope="module")
def clause_ref(game: ir_battle.BattleGame) -> BattleReference:
    """The gen1 rules with both clause mods (gen1randombattle's Sleep and Freeze Clause Mods)."""
    rules = game.rules.model_copy(update={"clauses": ("sleep", "freeze")})
    return BattleReference(game.model_copy(update={"rules": rules}))


@pytest.fixture(scope="module")
def st(ref: BattleReference) -> dict[str, int]:
    """The status codes by name."""
    return {name: ref.status_code(name) for name in ("slp", "frz", "par", "brn", "psn", "tox")}


@pytest.fixture
def duel(sp: dict[str, int], mv: dict[str, int]):
    """`duel(ref, [(species, [moves]), ...], [(species, [moves]), ...])`: a battle of two hand-made teams."""

    def make(
        r: BattleReference, team0: list[tuple[str, list[str]]], team1: list[tuple[str, list[str]]]
    ) -> BattleState:
        species = [[sp[name] for name, _ in team] for team in (team0, team1)]
        moves = [[[mv[m] for m in ms] for _, ms in team] for team in (team0, team1)]
        return r.init(species, moves)

    return make


def mine(events: list[tuple[int, int, str]], p: int) -> list[tuple[int, str]]:
    return [(m, kind) for who, m, kind in events if who == p]


# ---- the new field ---------------------------------------------------------------------------------


def test_slept_by_foe_field(ref: BattleReference, duel) -> None:
    s = duel(ref, [("Tauros", ["Tackle"])], [("Chansey", ["Splash"])])
    assert s.slept_by_foe == [[False] * 6, [False] * 6]
    arrays = s.as_arrays()
    assert arrays["slept_by_foe"].shape == (2, 6) and arrays["slept_by_foe"].dtype == bool
    assert BattleState.from_arrays(arrays) == s
    c = s.clone()
    c.slept_by_foe[1][3] = True
    assert s.slept_by_foe[1] == [False] * 6


# ---- Q1 switch-ins ---------------------------------------------------------------------------------


def test_chosen_switch_in_badly_poisoned(ref: BattleReference, duel, mv, st) -> None:
    s = duel(ref, [("Tauros", ["Body Slam"]), ("Chansey", ["Splash"])], [("Snorlax", ["Splash"])])
    s.status[0][1] = st["tox"]
    s.toxic[0] = 3
    n = ref.step(refresh(ref, s), (ref.first_switch_action + 1, 0), words())
    # bad poison becomes poison, and a Pokemon switched in by choice loses 703 // 16 at once (no residual
    # after: it did not move)
    assert n.active[0] == 1 and n.status[0][1] == st["psn"] and n.toxic[0] == 0
    assert n.hp[0][1] == 703 - 43
    assert n.used_last == [-1, mv["Splash"]]


def test_chosen_switch_in_burned(ref: BattleReference, duel, st) -> None:
    s = duel(ref, [("Tauros", ["Body Slam"]), ("Chansey", ["Splash"])], [("Snorlax", ["Splash"])])
    s.status[0][1] = st["brn"]
    n = ref.step(refresh(ref, s), (ref.first_switch_action + 1, 0), words())
    assert n.hp[0][1] == 660 and n.modified[0][ATK] == 108 // 2 and n.status[0][1] == st["brn"]
    # asleep, paralyzed or healthy: no loss
    for status in ("slp", "par", "frz"):
        s.status[0][1] = st[status]
        s.sleep[0][1] = 3 if status == "slp" else 0
        assert ref.step(refresh(ref, s), (ref.first_switch_action + 1, 0), words()).hp[0][1] == 703


def test_chosen_switch_in_may_faint(ref: BattleReference, duel, st) -> None:
    s = duel(ref, [("Tauros", ["Body Slam"]), ("Chansey", ["Splash"])], [("Snorlax", ["Body Slam"])])
    s.status[0][1] = st["psn"]
    s.hp[0][1] = 10
    n = ref.step(refresh(ref, s), (ref.first_switch_action + 1, 0), words())
    # it faints before the foe moves: the foe's move does not happen, and it must be replaced
    assert n.hp[0][1] == 0 and n.pp[1][0][0] == 15 and n.request == [MUST_SWITCH, WAIT]
    n = ref.step(n, (ref.first_switch_action + 0, ref.wait_action), words())
    assert n.active[0] == 0 and n.hp[0][0] == 353


def test_replacement_of_a_fainted_pokemon(ref: BattleReference, duel, mv, st) -> None:
    s = duel(ref, [("Tauros", ["Body Slam"]), ("Chansey", ["Splash"])], [("Snorlax", ["Splash"])])
    s.hp[0][0] = 0
    s.status[0][1] = st["tox"]
    s.request = [MUST_SWITCH, WAIT]
    s.used_last = [mv["Body Slam"], mv["Splash"]]
    n = ref.step(refresh(ref, s), (ref.first_switch_action + 1, ref.wait_action), words())
    # not hurt; bad poison still becomes poison; both actives forget their last move (Mirror Move)
    assert n.hp[0][1] == 703 and n.status[0][1] == st["psn"]
    assert n.used_last == [-1, -1]


def test_every_switch_in_clears_both_last_moves(ref: BattleReference, duel, mv) -> None:
    s = duel(ref, [("Pidgeot", ["Mirror Move"])], [("Tauros", ["Tackle"]), ("Chansey", ["Splash"])])
    n = ref.step(s, (0, 0), words())
    assert n.used_last == [mv["Tackle"], mv["Tackle"]]
    # the foe switches: Mirror Move has nothing to copy
    n = ref.step(n, (0, ref.first_switch_action + 1), words())
    assert n.used_last == [mv["Mirror Move"], -1] and n.hp[1][1] == 703


# ---- Q2 thaw ---------------------------------------------------------------------------------------


def test_a_move_that_may_burn_thaws(ref: BattleReference, duel, mv, st) -> None:
    s = duel(ref, [("Charizard", ["Flamethrower", "Fire Spin", "Tackle"])], [("Chansey", ["Splash"])])
    s.status[1][0] = st["frz"]
    s = refresh(ref, s)
    for chance in (255, 0):
        events: list[tuple[int, int, str]] = []
        n = ref.step(s, (0, ref.forced_action), words(pw(chance=chance)), events=events)
        # no burn (it was frozen when the chance came), but thawed; it had chosen the forced action,
        # which does nothing now
        assert n.status[1][0] == 0 and n.hp[1][0] < 703
        assert mine(events, 0) == [(mv["Flamethrower"], "used"), (mv["Flamethrower"], "hit")]
        assert mine(events, 1) == [] and n.pp[1][0][0] == s.pp[1][0][0] and not n.revealed[1][0][0]
    # Fire Spin (no burn chance) and Tackle do not thaw
    for action in (1, 2):
        assert ref.step(s, (action, ref.forced_action), words()).status[1][0] == st["frz"]
    # a substitute takes the hit: no thaw
    s.sub_hp[1] = 500
    n = ref.step(s, (0, ref.forced_action), words())
    assert n.sub_hp[1] < 500 and n.status[1][0] == st["frz"]
    # a miss: no thaw
    s.sub_hp[1] = 0
    assert ref.step(s, (0, ref.forced_action), words(pw(acc=255))).status[1][0] == st["frz"]


def test_thaw_of_a_fainted_foe(ref: BattleReference, duel, st) -> None:
    s = duel(ref, [("Charizard", ["Ember"])], [("Chansey", ["Splash"]), ("Tauros", ["Tackle"])])
    s.status[1][0] = st["frz"]
    s.hp[1][0] = 1
    n = ref.step(refresh(ref, s), (0, ref.forced_action), words())
    # (the contract: frozen after the move's effects, whatever its HP)
    assert n.hp[1][0] == 0 and n.status[1][0] == 0 and n.request == [WAIT, MUST_SWITCH]


# ---- Q3 the paralysis/burn drop glitch ------------------------------------------------------------


def test_stage_change_puts_the_paralysis_drop_on_again(ref: BattleReference, duel, st) -> None:
    s = duel(ref, [("Tauros", ["Swords Dance", "Sand Attack"])], [("Chansey", ["Splash"])])
    s.status[1][0] = st["par"]
    s.modified[1][SPE] = 198 // 4
    n = ref.step(s, (0, 0), words())
    assert n.boosts[0][ATK] == 2 and n.modified[1][SPE] == 198 // 16
    n = ref.step(n, (0, 0), words())
    assert n.boosts[0][ATK] == 4 and n.modified[1][SPE] == 198 // 64
    # an accuracy or evasion stage too
    n = ref.step(s, (1, 0), words())
    assert n.boosts[1][ACC] == -1 and n.modified[1][SPE] == 198 // 16
    # not when the stage is at its limit, nor when the stat is at the stat cap (its stage still moves)
    s.boosts[0][ATK] = 6
    n = ref.step(s, (0, 0), words())
    assert n.boosts[0][ATK] == 6 and n.modified[1][SPE] == 198 // 4
    s.boosts[0][ATK] = 0
    s.modified[0][ATK] = 999
    n = ref.step(s, (0, 0), words())
    assert n.boosts[0][ATK] == 1 and n.modified[0][ATK] == 999 and n.modified[1][SPE] == 198 // 4


def test_stage_change_puts_the_burn_drop_on_again(ref: BattleReference, duel, st) -> None:
    s = duel(ref, [("Tauros", ["Growl", "Psychic"])], [("Snorlax", ["Splash", "Mist"])])
    s.status[1][0] = st["brn"]
    s.modified[1][ATK] = 318 // 2
    # Growl recomputes the foe's Attack from its stored one (the drop is lost), then the glitch halves it
    n = ref.step(s, (0, 0), words())
    assert n.boosts[1][ATK] == -1 and n.modified[1][ATK] == 318 * 66 // 100 // 2
    # a stage change by chance (Psychic's Special drop) halves its Attack again
    n = ref.step(s, (1, 0), words(pw(chance=0)))
    assert n.boosts[1][SPC] == -1 and n.modified[1][ATK] == 318 // 4
    n = ref.step(s, (1, 0), words())
    assert n.boosts[1][SPC] == 0 and n.modified[1][ATK] == 318 // 2
    # Mist stops Growl: no change, no glitch
    s.mist[1] = True
    n = ref.step(s, (0, 0), words())
    assert n.boosts[1][ATK] == 0 and n.modified[1][ATK] == 318 // 2


def test_rage_boost_is_not_a_stage_statement(ref: BattleReference, duel, mv, st) -> None:
    s = duel(ref, [("Tauros", ["Rage"])], [("Chansey", ["Tackle"])])
    n = ref.step(s, (0, 0), words())
    n.status[1][0] = st["par"]
    n.modified[1][SPE] = 198 // 4
    n = ref.step(refresh(ref, n), (ref.forced_action, 0), words())
    # Tauros's Rage rises as Chansey hits it (once a round); Chansey's drop stays as it was
    assert n.boosts[0][ATK] == 2 and n.modified[1][SPE] == 198 // 4


# ---- Q4 a sleep move on a Pokemon that must recharge ----------------------------------------------


def test_sleep_move_on_a_recharging_foe(ref: BattleReference, duel, mv, st) -> None:
    s = duel(ref, [("Tauros", ["Hyper Beam"]), ("Snorlax", ["Splash"])], [("Chansey", ["Sing"])])
    s.status[0][0] = st["brn"]
    s.modified[0][ATK] = 298 // 2
    events: list[tuple[int, int, str]] = []
    n = ref.step(s, (0, 0), words(p1=pw(acc=255)), events=events)
    # it hits whatever the accuracy roll, the sleep replaces the burn (whose drop stays) and the
    # recharge is forgiven
    assert n.status[0][0] == st["slp"] and n.sleep[0][0] == 1 and n.modified[0][ATK] == 298 // 2
    assert n.recharge[0] is False and n.slept_by_foe[0] == [True] + [False] * 5
    assert mine(events, 1) == [(mv["Sing"], "used"), (mv["Sing"], "status")]
    # without a recharge the same roll misses
    s.status[0][0] = 0
    events.clear()
    n = ref.step(s, (ref.first_switch_action + 1, 0), words(p1=pw(acc=255)), events=events)
    assert n.status[0][1] == 0 and mine(events, 1) == [(mv["Sing"], "used"), (mv["Sing"], "miss")]


def test_sleep_move_on_a_recharging_foe_and_the_sleep_clause(clause_ref: BattleReference, duel, st) -> None:
    s = duel(clause_ref, [("Tauros", ["Hyper Beam"]), ("Snorlax", ["Splash"])], [("Chansey", ["Sing"])])
    s.status[0][0] = st["par"]
    s.modified[0][SPE] = 318  # (kept above Chansey's: Tauros moves first)
    s.status[0][1], s.sleep[0][1], s.slept_by_foe[0][1] = st["slp"], 3, True
    n = clause_ref.step(s, (0, 0), words(p1=pw(acc=255)))
    # the clause keeps the sleep off; the recharge stays
    assert n.status[0][0] == st["par"] and n.recharge[0] is True
    s.hp[0][1] = 0  # a fainted sleeper does not count
    n = clause_ref.step(s, (0, 0), words(p1=pw(acc=255)))
    assert n.status[0][0] == st["slp"] and n.recharge[0] is False and n.modified[0][SPE] == 318


# ---- Q5 the clause mods ----------------------------------------------------------------------------


def test_sleep_clause(ref: BattleReference, clause_ref: BattleReference, duel, mv, st) -> None:
    for r, second in ((ref, st["slp"]), (clause_ref, 0)):
        s = duel(r, [("Gengar", ["Hypnosis"])], [("Tauros", ["Splash"]), ("Chansey", ["Splash"])])
        n = r.step(s, (0, 0), words(pw(sleep=6)))
        assert n.status[1][0] == st["slp"] and n.slept_by_foe[1] == [True] + [False] * 5
        events: list[tuple[int, int, str]] = []
        n = r.step(n, (0, r.first_switch_action + 1), words(), events=events)
        assert n.status[1][1] == second and n.slept_by_foe[1][0] is True
        # blocked by the clause: neither a status nor a miss
        expected = [(mv["Hypnosis"], "used")] + ([(mv["Hypnosis"], "status")] if second else [])
        assert mine(events, 0) == expected


def test_sleep_clause_counts_only_sleep_from_a_foe(clause_ref: BattleReference, duel, mv, st) -> None:
    s = duel(clause_ref, [("Gengar", ["Hypnosis"])], [("Chansey", ["Splash"]), ("Tauros", ["Rest"])])
    # Rest's sleep does not count (a long sleep: Chansey does not wake up on its turn)
    s.status[1][1], s.sleep[1][1] = st["slp"], 2
    assert clause_ref.step(s, (0, 0), words(pw(sleep=6))).status[1][0] == st["slp"]
    # a sleep from a foe's move does, until it wakes up
    s.slept_by_foe[1][1] = True
    assert clause_ref.step(s, (0, 0), words(pw(sleep=6))).status[1][0] == 0
    s.status[1][1], s.sleep[1][1] = 0, 0
    assert clause_ref.step(s, (0, 0), words(pw(sleep=6))).status[1][0] == st["slp"]


def test_rest_clears_slept_by_foe(ref: BattleReference, duel, st) -> None:
    s = duel(ref, [("Chansey", ["Rest"])], [("Tauros", ["Splash"])])
    s.hp[0][0] = 300
    s.slept_by_foe[0][0] = True
    n = ref.step(s, (0, 0), words())
    assert n.status[0][0] == st["slp"] and n.hp[0][0] == 703 and n.slept_by_foe[0][0] is False
    # a Rest that fails changes nothing
    s.hp[0][0] = 703
    assert ref.step(s, (0, 0), words()).slept_by_foe[0][0] is True


def test_freeze_clause(ref: BattleReference, clause_ref: BattleReference, duel, mv, st) -> None:
    for r, expected in ((ref, st["frz"]), (clause_ref, 0)):
        s = duel(r, [("Jynx", ["Ice Beam"])], [("Chansey", ["Splash"]), ("Tauros", ["Splash"])])
        s.status[1][1] = st["frz"]
        events: list[tuple[int, int, str]] = []
        n = r.step(s, (0, 0), words(pw(chance=0)), events=events)
        assert n.status[1][0] == expected and (mv["Ice Beam"], "miss") not in mine(events, 0)
        # (the contract counts any frozen Pokemon of the team, fainted or not)
        s.hp[1][1] = 0
        assert r.step(s, (0, 0), words(pw(chance=0))).status[1][0] == expected
    # other statuses are not limited
    s = duel(clause_ref, [("Tauros", ["Body Slam"])], [("Starmie", ["Splash"]), ("Snorlax", ["Splash"])])
    s.status[1][1] = st["par"]
    assert clause_ref.step(s, (0, 0), words(pw(chance=0))).status[1][0] == st["par"]


# ---- Q6 events: what is a miss ---------------------------------------------------------------------


def test_immunity_and_failures_are_not_misses(ref: BattleReference, duel, mv, st) -> None:
    cases = [
        # (attacker, move, defender, words of the attacker)
        ("Jolteon", "Thunder", "Dugtrio", pw(acc=255)),
        ("Jolteon", "Thunder", "Dugtrio", pw()),
        ("Jolteon", "Thunder Wave", "Dugtrio", pw(acc=255)),
        ("Dugtrio", "Earthquake", "Pidgeot", pw(acc=255)),
        ("Golem", "Fissure", "Tauros", pw()),  # slower
        ("Golem", "Fissure", "Pidgeot", pw(acc=255)),  # immune
        ("Tauros", "Tackle", "Gengar", pw(acc=255)),
        ("Alakazam", "Dream Eater", "Chansey", pw()),  # not asleep
        ("Snorlax", "Counter", "Chansey", pw()),  # nothing to return
    ]
    for att, move, dfn, w0 in cases:
        s = duel(ref, [(att, [move])], [(dfn, ["Splash"])])
        events: list[tuple[int, int, str]] = []
        n = ref.step(s, (0, 0), words(w0), events=events)
        assert mine(events, 0) == [(mv[move], "used")], (att, move, dfn)
        assert n.hp[1][0] == s.hp[1][0]
    # a failed accuracy roll and a foe out of reach are misses
    s = duel(ref, [("Tauros", ["Tackle"])], [("Chansey", ["Splash"])])
    events = []
    ref.step(s, (0, 0), words(pw(acc=255)), events=events)
    assert mine(events, 0) == [(mv["Tackle"], "used"), (mv["Tackle"], "miss")]
    s.invulnerable[1] = True
    events = []
    ref.step(s, (0, 0), words(), events=events)
    assert mine(events, 0) == [(mv["Tackle"], "used"), (mv["Tackle"], "miss")]


def test_immune_foe_and_the_last_damage(ref: BattleReference, duel) -> None:
    # Thunder Wave keeps the battle's last damage; against an immune foe it fails, and its accuracy
    # roll, still rolled, resets the last damage when it fails (as the engine does)
    s = duel(ref, [("Jolteon", ["Thunder Wave"])], [("Dugtrio", ["Splash"])])
    s.last_damage = 50
    assert ref.step(s, (0, 0), words()).last_damage == 50
    assert ref.step(s, (0, 0), words(pw(acc=255))).last_damage == 0


# ---- Q7 the accuracy a Thrash carries over ---------------------------------------------------------


def test_thrash_stores_no_accuracy_against_an_immune_foe(ref: BattleReference, duel) -> None:
    s = duel(ref, [("Tauros", ["Thrash"])], [("Gengar", ["Splash"]), ("Snorlax", ["Splash"])])
    s.boosts[1][EVA] = 1  # evasion +1: x66%
    n = ref.step(s, (0, 0), words())
    assert n.lock_acc[0] == 255 and n.hp[1][0] == 323
    s.active[1] = 1
    s.type_source[1] = s.stat_source[1] = s.species[1][1]
    n = ref.step(s, (0, 0), words())
    assert n.lock_acc[0] == 255 * 66 // 100 and n.hp[1][1] < 523
