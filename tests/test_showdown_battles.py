"""tools/showdown/battles.js via tcgc.oracle.showdown: random Gen 1 battles in Pokemon Showdown.

Like tests/test_oracle_node.py these need Node.js and `npm ci --prefix tools/showdown`; without
the packages they fail with a HarnessError naming that command (they are not skipped).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tcgc.oracle.node import HarnessError, harness_dir
from tcgc.oracle.showdown import run_battles, throughput

TEAM_A = [
    {"species": "Tauros", "moves": ["Body Slam", "Hyper Beam"]},
    {"species": "Chansey", "moves": ["Seismic Toss", "Thunder Wave"]},
]
TEAM_B = [
    {"species": "Starmie", "moves": ["Surf", "Thunder Wave"]},
    {"species": "Snorlax", "moves": ["Body Slam", "Rest"]},
]
STATS_REQUEST: dict[str, Any] = {"mode": "stats", "teams": [[TEAM_A, TEAM_B]], "battles": 20, "seed": 7}


@pytest.fixture(scope="module")
def stats() -> dict[str, Any]:
    return run_battles(STATS_REQUEST, timeout=120)


def test_stats_pair(stats: dict[str, Any]) -> None:
    assert stats["format"] == "gen1customgame"
    (pair,) = stats["pairs"]
    assert pair["battles"] == 20
    assert pair["p1_wins"] + pair["p2_wins"] + pair["ties"] == 20
    assert pair["truncated"] == 0  # every battle finished
    assert len(pair["turns"]) == len(pair["steps"]) == 20
    assert all(0 < turns <= steps for turns, steps in zip(pair["turns"], pair["steps"]))
    assert pair["unattributed"] == {"damage": 0, "status": 0, "crit": 0}
    moves = pair["moves"]
    team_moves = {m for team in (TEAM_A, TEAM_B) for mon in team for m in mon["moves"]}
    assert team_moves <= set(moves)
    for name, counts in moves.items():
        assert counts["used"] > 0, name
        assert counts["hit"] + counts["miss"] <= counts["used"], name
        assert counts["crit"] <= counts["hit"] and counts["ko"] <= counts["hit"], name
        assert counts["status"] <= counts["used"], name
    # Status-only and self-targeting moves never count as hits; damaging moves mostly hit.
    assert moves["Thunder Wave"]["hit"] == 0 and moves["Thunder Wave"]["status"] > 0
    assert moves["Rest"]["hit"] == moves["Rest"]["status"] == 0
    assert moves["Seismic Toss"]["hit"] > 0 and moves["Seismic Toss"]["crit"] == 0
    # Every battle ends with one side's team KOed: each KO is credited to some move use.
    assert sum(c["ko"] for c in moves.values()) >= 2 * (pair["p1_wins"] + pair["p2_wins"])


def test_stats_same_seed_same_result(stats: dict[str, Any]) -> None:
    assert run_battles(STATS_REQUEST, timeout=120) == stats


def test_throughput_mode() -> None:
    result = run_battles({"mode": "throughput", "seconds": 1.0, "seed": 3}, timeout=120)
    assert result["format"] == "gen1randombattle"
    assert result["battles"] >= 1
    assert result["seconds"] >= 1.0
    assert result["steps_per_s"] > 0 and result["turns_per_s"] > 0
    assert result["steps"] >= result["turns"] > 0
    assert result["p1_wins"] + result["p2_wins"] + result["ties"] == result["battles"]


def test_throughput_parallel_sums() -> None:
    total = throughput(0.3, processes=2, seed=11)
    assert total["processes"] == 2 and len(total["rows"]) == 2
    for key in ("battles", "turns", "steps"):
        assert total[key] == sum(row[key] for row in total["rows"])
    assert total["steps_per_s"] == pytest.approx(sum(row["steps_per_s"] for row in total["rows"]))
    assert [row["seed"] for row in total["rows"]] == [11, 12]


def test_unknown_move_is_named() -> None:
    bad = [{"species": "Tauros", "moves": ["Body Slam", "Hyper Bean"]}]
    with pytest.raises(HarnessError, match="Hyper Bean"):
        run_battles({"mode": "stats", "teams": [[bad, TEAM_B]], "battles": 1}, timeout=60)


def test_missing_packages_name_npm_ci(tmp_path: Path) -> None:
    shutil.copy(harness_dir() / "battles.js", tmp_path / "battles.js")
    with pytest.raises(HarnessError, match="npm ci --prefix tools/showdown"):
        run_battles(STATS_REQUEST, directory=tmp_path)
