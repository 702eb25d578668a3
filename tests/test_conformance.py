"""Distribution conformance of the Gen 1 battle engine against Pokemon Showdown (tcgc.verify.conformance).

The statistics functions are checked against known values (scipy's, to the printed digits); the team
pairs must hold every move; the comparison is checked on made-up tallies; and a reduced run (CI size,
`CONFORMANCE_BATTLES`) plays every pair in the reference and in Showdown and must pass. Like
tests/test_showdown_battles.py the runs need Node.js and `npm ci --prefix tools/showdown`; without the
packages they fail with a HarnessError naming that command.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tcgc.cli import main
from tcgc.verify import conformance as conf

from .conftest import CONFORMANCE_BATTLES, SPEC


@pytest.fixture(scope="module")
def game():
    from tcgc.load import load

    loaded = load([SPEC / "battle" / "gen1"])
    loaded.raise_for_errors()
    return loaded.battles[0]


# ---- statistics: known values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "df", "p"),
    [
        (3.841458820694124, 1, 0.05),
        (80.0, 1, 3.744097384202887e-19),
        (5.991464547107979, 2, 0.05),
        (0.5, 3, 0.9188914116546758),
        (200.0, 4, 3.75727673578106e-42),
        (30.0, 10, 0.000856641210775301),
        (0.0, 5, 1.0),
    ],
)
def test_chi2_sf_known_values(x: float, df: int, p: float) -> None:
    assert conf.chi2_sf(x, df) == pytest.approx(p, rel=1e-9)


def test_chi_square_tables() -> None:
    # scipy.stats.chi2_contingency(table, correction=False)
    two = conf.chi_square([[10, 20], [30, 40]])
    assert (two.statistic, two.df) == (pytest.approx(0.7936507936507936), 1)
    assert two.p == pytest.approx(0.37299848361348686, rel=1e-9)
    assert two.min_expected == pytest.approx(12.0)
    three = conf.chi_square([[50, 3, 47], [70, 1, 29]])
    assert (three.statistic, three.df) == (pytest.approx(8.596491228070176), 2)
    assert three.p == pytest.approx(0.0135923843950437, rel=1e-9)
    assert three.min_expected == pytest.approx(2.0)
    same = conf.chi_square([[5, 10], [10, 20]])
    assert same.statistic == pytest.approx(0.0) and same.p == pytest.approx(1.0)
    # a column with no counts has expected count 0: it adds nothing and no degree of freedom
    empty = conf.chi_square([[10, 0, 20], [30, 0, 40]])
    assert empty.df == 1 and empty.p == pytest.approx(two.p) and empty.min_expected == 0
    with pytest.raises(ValueError):
        conf.chi_square([[1, 2], [3]])


@pytest.mark.parametrize(
    ("lam", "p"),
    [
        (0.5, 0.9639452436648751),
        (1.0, 0.26999967167735456),
        (1.3581, 0.0499996304316674),
        (1.6276, 0.010001537333060776),
        (1.9495, 0.0009998019790258981),
        (3.0, 3.045995948942526e-08),
    ],
)
def test_kolmogorov_sf_known_values(lam: float, p: float) -> None:
    # scipy.special.kolmogorov
    assert conf.kolmogorov_sf(lam) == pytest.approx(p, rel=1e-9)


def test_ks_2samp() -> None:
    ks = conf.ks_2samp([1, 2, 3, 4, 5, 6, 7, 8], [3, 5, 7, 9, 11, 13])
    assert ks.statistic == pytest.approx(0.5)  # at 8: F_a = 1, F_b = 3/6
    en = (8 * 6 / 14) ** 0.5
    assert ks.p == pytest.approx(conf.kolmogorov_sf((en + 0.12 + 0.11 / en) * 0.5))
    assert conf.ks_2samp([4, 5, 6] * 50, [6, 5, 4] * 40) == conf.KS(0.0, 1.0)
    shifted = conf.ks_2samp(list(range(100)), list(range(30, 130)))
    assert shifted.statistic == pytest.approx(0.3) and shifted.p < 0.001
    with pytest.raises(ValueError):
        conf.ks_2samp([], [1])


# ---- team pairs ---------------------------------------------------------------------------------


def test_pairs_cover_every_move(game) -> None:
    pairs = conf.team_pairs(game)
    assert len(pairs) >= 20
    assert conf.uncovered_moves(game, pairs) == []
    held = {game.moves[k].name for p in pairs for t in p.teams for m in t.members for k in m.moves}
    assert held == set(conf.coverable_moves(game))
    assert len(held) == len(game.moves) - 1  # every move but Struggle, which is no move slot
    # first the spec's own teams, two by two, then generated teams
    spec_pairs = [p for p in pairs if p.origin == "spec"]
    assert len(spec_pairs) == len(game.teams) // 2
    assert spec_pairs[0].teams == (game.teams[0], game.teams[1])
    assert [p.index for p in pairs] == list(range(len(pairs)))
    # the generated teams are legal: different species, each move from its learnset
    for pair in pairs:
        for team in pair.teams:
            assert 1 <= len(team.members) <= game.rules.team_size
            assert len({m.species for m in team.members}) == len(team.members)
            for member in team.members:
                learns = set(game.species[member.species].learns)
                assert 1 <= len(member.moves) <= game.rules.moves_per_pokemon
                assert len(set(member.moves)) == len(member.moves)
                assert {game.moves[k].name for k in member.moves} <= learns
    assert conf.team_pairs(game) == pairs  # deterministic


def test_showdown_team(game) -> None:
    team = conf.showdown_team(game, game.teams[0])
    assert len(team) == len(game.teams[0].members)
    first = game.teams[0].members[0]
    assert team[0] == {
        "species": game.species[first.species].name,
        "moves": [game.moves[k].name for k in first.moves],
    }


# ---- the comparison on made-up tallies ----------------------------------------------------------


def _tally(wins: tuple[int, int, int], turns: list[int], moves: dict[str, dict[str, int]]) -> dict[str, Any]:
    return {
        "battles": sum(wins),
        "p1_wins": wins[0],
        "ties": wins[1],
        "p2_wins": wins[2],
        "truncated": 0,
        "turns": turns,
        "steps": [t + 5 for t in turns],
        "moves": moves,
    }


def test_count_events(game) -> None:
    index = {m.name: k for k, m in enumerate(game.moves)}
    moves: dict[str, dict[str, int]] = {"Tackle": dict.fromkeys(conf.KINDS, 0)}
    events = [
        (0, index["Tackle"], "used"),
        (0, index["Tackle"], "hit"),
        (1, index["Tackle"], "used"),
        (1, index["Tackle"], "miss"),
        (1, index["Body Slam"], "used"),
        (1, index["Body Slam"], "hit"),
        (1, index["Body Slam"], "status"),
        (1, index["Body Slam"], "ko"),
    ]
    conf.count_events(game, events, moves)
    assert moves["Tackle"] == {"used": 2, "hit": 1, "miss": 1, "crit": 0, "status": 0, "ko": 0}
    assert moves["Body Slam"] == {"used": 1, "hit": 1, "miss": 0, "crit": 0, "status": 1, "ko": 1}
    with pytest.raises(ValueError):
        conf.count_events(game, [(0, 0, "flinch")], moves)


def test_compare_judges_each_statistic(game) -> None:
    pairs = conf.team_pairs(game)[:2]
    same = {"used": 1000, "hit": 900, "miss": 50, "crit": 100, "status": 0, "ko": 200}
    off = {"used": 1000, "hit": 600, "miss": 350, "crit": 100, "status": 0, "ko": 200}
    rare = {"used": 10, "hit": 9, "miss": 1, "crit": 1, "status": 0, "ko": 2}
    ours = [
        _tally((60, 0, 40), [20 + i % 30 for i in range(100)], {"Tackle": same, "Pound": off, "Cut": rare}),
        _tally((90, 0, 10), [20 + i % 30 for i in range(100)], {}),
    ]
    theirs = [
        _tally((58, 2, 40), [21 + i % 30 for i in range(100)], {"Tackle": same, "Pound": same, "Cut": rare}),
        _tally((40, 0, 60), [60 + i % 30 for i in range(100)], {}),
    ]
    report = conf.compare(pairs, ours, theirs, per_move=True)
    tests = {t["id"]: t for t in report["tests"]}
    assert tests["pair 0 outcome"]["result"] == "pass"
    assert "ties" in tests["pair 0 outcome"]["note"]  # 2 ties: expected count 1 < 5, dropped
    assert tests["pair 0 turns"]["result"] == "pass"
    assert tests["pair 1 outcome"]["result"] == "fail"
    assert tests["pair 1 turns"]["result"] == "fail"
    assert tests["pair 1 turns"]["ours"]["mean"] == pytest.approx(33.5)
    assert tests["pair 1 turns"]["showdown"]["mean"] == pytest.approx(73.5)
    assert tests["move Tackle hit/used"]["result"] == "pass"
    assert tests["move Pound hit/used"]["result"] == "fail"
    assert tests["move Pound miss/used"]["result"] == "fail"
    assert tests["move Pound hit/used"]["ours"] == {"num": 600, "den": 1000, "rate": 0.6, "used": 1000}
    assert tests["move Pound crit/hit"]["result"] == "pass"
    assert tests["move Tackle status/used"]["result"] == "skipped"
    assert tests["move Tackle status/used"]["reason"] == "rate 0 on both sides"
    assert tests["move Cut miss/used"]["result"] == "skipped"
    assert "expected count" in tests["move Cut miss/used"]["reason"]
    performed = [t for t in report["tests"] if t["result"] != "skipped"]
    assert report["performed"] == len(performed)
    assert report["threshold"] == pytest.approx(conf.ALPHA / len(performed))
    assert report["failed"] == 5 and not report["ok"]
    assert report["passed"] + report["failed"] + report["skipped"] == len(report["tests"])
    for t in performed:  # Bonferroni: pass iff p >= alpha / tests performed
        assert (t["result"] == "pass") == (t["p"] >= report["threshold"])
    # without our per-move events, Showdown's values are listed and the rate tests skipped
    blind = conf.compare(pairs, ours, theirs, per_move=False)
    rates = [t for t in blind["tests"] if t["kind"] == "rate"]
    assert rates and all(t["result"] == "skipped" and t["ours"] is None for t in rates)
    assert {t["showdown"]["den"] for t in rates if t["id"] == "move Pound hit/used"} == {1000}


def test_play_pair_is_deterministic(game) -> None:
    pair = conf.team_pairs(game)[10]
    a = conf.play_pair(game, pair, 3, seed=5)
    assert a == conf.play_pair(game, pair, 3, seed=5)
    assert a["battles"] == 3 == a["p1_wins"] + a["ties"] + a["p2_wins"]
    assert len(a["turns"]) == len(a["steps"]) == 3
    assert all(0 < t <= s for t, s in zip(a["turns"], a["steps"]))


# ---- the reduced run against Showdown -----------------------------------------------------------


@pytest.fixture(scope="module")
def report(game) -> dict[str, Any]:
    return conf.run_conformance(game, battles=CONFORMANCE_BATTLES, seed=2026)


@pytest.mark.long
def test_report_structure(game, report: dict[str, Any]) -> None:
    assert report["engine"] == "battle-gen1"
    assert report["format"] == "gen1customgame" and report["clauses"] == []
    assert report["battles_per_pair"] == CONFORMANCE_BATTLES
    assert len(report["pairs"]) >= 20
    assert report["coverage"]["uncovered"] == []
    assert report["showdown_unattributed"].keys() == {"damage", "status", "crit"}
    for pair in report["pairs"]:
        for side in ("ours", "showdown"):
            tally = pair[side]
            assert tally["battles"] == CONFORMANCE_BATTLES
            assert tally["p1_wins"] + tally["ties"] + tally["p2_wins"] == CONFORMANCE_BATTLES
            assert sum(tally["turns"].values()) == CONFORMANCE_BATTLES
    kinds = [t["kind"] for t in report["tests"]]
    assert kinds.count("outcome") == kinds.count("turns") == len(report["pairs"])
    rated_moves = {t["move"] for t in report["tests"] if t["kind"] == "rate"}
    assert set(conf.coverable_moves(game)) <= rated_moves
    assert kinds.count("rate") == len(conf.RATES) * len(rated_moves)
    for t in report["tests"]:
        assert t["result"] in ("pass", "fail", "skipped")
        assert t["ours"] is not None or (t["kind"] == "rate" and not report["per_move"])
        assert t["showdown"] is not None and t["format"] == "gen1customgame"
        if t["result"] == "skipped":
            assert t["reason"]
        else:
            assert 0.0 <= t["p"] <= 1.0
    assert report["per_move"] == conf.events_supported()
    if report["per_move"]:
        ours = conf.pooled_moves([p["ours"] for p in report["pairs"]])
        assert sum(c["used"] for c in ours.values()) > 0
        for counts in ours.values():
            assert counts["hit"] + counts["miss"] <= counts["used"]
            assert counts["ko"] <= counts["hit"]
    json.dumps(report)  # JSON ready
    markdown = conf.render_markdown(report)
    assert "gen1customgame" in markdown and "clauses: none" in markdown
    for t in report["tests"]:
        if t["kind"] == "rate":
            assert f"| {t['move']} | {t['rate']} |" in markdown


@pytest.mark.long
def test_reduced_run_passes(report: dict[str, Any]) -> None:
    failed = [
        f"{t['id']}: ours {t['ours']} Showdown {t['showdown']} p={t['p']:.3g}"
        for t in report["tests"]
        if t["result"] == "fail"
    ]
    assert failed == []
    assert report["ok"]
    # every battle-length test ran, and per-move rates too when the reference reports events
    assert all(t["result"] != "skipped" for t in report["tests"] if t["kind"] == "turns")
    if report["per_move"]:
        assert any(t["result"] == "pass" for t in report["tests"] if t["kind"] == "rate")


def test_cli_conformance(tmp_path, capsys) -> None:
    target = tmp_path / "conformance.md"
    code = main(
        ["verify", str(SPEC), "--level", "conformance", "--battles", "2", "--report", str(target), "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == (0 if out["ok"] else 1)
    (level,) = out["levels"]
    assert level["level"] == "conformance" and level["engine"] == "battle-gen1"
    assert level["report"]["battles_per_pair"] == 2
    assert target.read_text(encoding="utf-8").startswith("# Distribution conformance: battle-gen1")
    assert json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))["format"] == "gen1customgame"


def test_clauses_must_match_the_format(game) -> None:
    """The engine must play the compared format's clauses: gen1customgame has none."""
    other = game.model_copy(update={"rules": game.rules.model_copy(update={"clauses": ("sleep",)})})
    with pytest.raises(ValueError, match="clauses"):
        conf.run_conformance(other, battles=1)
