"""The Node.js Gen 1 oracles in tools/showdown (pinned pokemon-showdown and @smogon/calc).

These tests need Node.js and `npm ci --prefix tools/showdown`; without the packages they fail
with a HarnessError naming that command (they are not skipped).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tcgc.oracle.node import CalcHarness, HarnessError, export_gen1, harness_dir

TAUROS_BODY_SLAM_CHANSEY = [
    251, 252, 253, 254, 255, 256, 257, 259, 260, 261, 262, 263, 264, 266, 267, 268, 269, 270, 271, 273,
    274, 275, 276, 277, 278, 279, 281, 282, 283, 284, 285, 286, 288, 289, 290, 291, 292, 293, 295,
]  # fmt: skip


@pytest.fixture(scope="module")
def calc() -> Iterator[CalcHarness]:
    with CalcHarness() as harness:
        yield harness


@pytest.fixture(scope="module")
def gen1() -> dict[str, Any]:
    return export_gen1()


def test_harness_dir_holds_the_scripts() -> None:
    for name in ("package.json", "package-lock.json", "calc.js", "export_gen1.js"):
        assert (harness_dir() / name).is_file(), name


def test_known_damage_rolls(calc: CalcHarness) -> None:
    cases: list[dict[str, Any]] = [
        {"id": "slam", "attacker": "Tauros", "defender": "Chansey", "move": "Body Slam", "crit": False},
        {"id": "toss", "attacker": "Chansey", "defender": "Tauros", "move": "Seismic Toss", "crit": False},
        {"id": "crit", "attacker": "Tauros", "defender": "Chansey", "move": "Body Slam", "crit": True},
    ]
    slam, toss, crit = calc.damage(cases)
    assert slam["id"] == "slam"
    assert slam["damage"] == TAUROS_BODY_SLAM_CHANSEY
    assert toss["damage"] == [100]
    assert len(crit["damage"]) == 39
    assert (crit["damage"][0], crit["damage"][-1]) == (490, 576)
    # Level-100 defaults: max DVs and stat experience.
    assert slam["attackerStats"]["atk"] == 298
    assert slam["defenderStats"]["hp"] == 703
    assert slam["defenderStats"]["spa"] == slam["defenderStats"]["spd"]


def test_boosts_and_special(calc: CalcHarness) -> None:
    base = {"attacker": "Alakazam", "defender": "Chansey", "move": "Psychic"}
    plain, spa, spc = calc.damage(
        [
            base,
            {**base, "defenderBoosts": {"spa": 2}},
            {**base, "defenderBoosts": {"spc": 2}},
        ]
    )
    # A Special boost given as spa counts on the defending side too (spa = spd = Special).
    assert spa["damage"] == spc["damage"]
    assert max(spa["damage"]) < min(plain["damage"])
    assert spa["defenderStats"]["spd"] == 2 * plain["defenderStats"]["spd"]


def test_multi_hit_is_per_hit(calc: CalcHarness) -> None:
    (kick,) = calc.damage([{"attacker": "Nidoking", "defender": "Chansey", "move": "Double Kick"}])
    assert kick["hits"] == 2
    assert len(kick["damage"]) == 39
    assert all(isinstance(d, int) for d in kick["damage"])


def test_unknown_species_is_named(calc: CalcHarness) -> None:
    with pytest.raises(HarnessError, match="Missingmon"):
        calc.damage([{"attacker": "Missingmon", "defender": "Chansey", "move": "Body Slam"}])
    # The harness keeps going after a bad request.
    (again,) = calc.damage([{"attacker": "Tauros", "defender": "Chansey", "move": "Body Slam"}])
    assert again["damage"] == TAUROS_BODY_SLAM_CHANSEY


def test_unknown_move_is_named(calc: CalcHarness) -> None:
    with pytest.raises(HarnessError, match="Thunder Fang"):
        calc.damage([{"attacker": "Tauros", "defender": "Chansey", "move": "Thunder Fang"}])


def test_missing_node_modules_names_npm_ci(tmp_path: Path) -> None:
    shutil.copy(harness_dir() / "calc.js", tmp_path / "calc.js")
    with (
        pytest.raises(HarnessError, match="npm ci --prefix tools/showdown"),
        CalcHarness(tmp_path) as harness,
    ):
        harness.damage([{"attacker": "Tauros", "defender": "Chansey", "move": "Body Slam"}])


def test_broken_install_reports_stderr(tmp_path: Path) -> None:
    # A package.json without its code: the client's pre-check passes, calc.js itself exits 2 and
    # the client reports the early exit with calc.js's stderr (which names `npm ci`).
    shutil.copy(harness_dir() / "calc.js", tmp_path / "calc.js")
    package = tmp_path / "node_modules" / "@smogon" / "calc"
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"name": "@smogon/calc", "main": "missing.js"}')
    with (
        pytest.raises(HarnessError, match=r"exited early(.|\n)*npm ci --prefix tools/showdown"),
        CalcHarness(tmp_path) as harness,
    ):
        harness.damage([{"attacker": "Tauros", "defender": "Chansey", "move": "Body Slam"}])


def test_missing_node_is_reported() -> None:
    with pytest.raises(HarnessError, match="not found on PATH"), CalcHarness(node="no-such-node-binary"):
        pass


def test_many_cases_do_not_deadlock(calc: CalcHarness) -> None:
    cases = [{"id": i, "attacker": "Tauros", "defender": "Chansey", "move": "Body Slam"} for i in range(1000)]
    replies = calc.damage(cases)
    assert [r["id"] for r in replies] == list(range(1000))
    assert all(r["damage"] == TAUROS_BODY_SLAM_CHANSEY for r in replies)


def test_export_gen1_counts(gen1: dict[str, Any]) -> None:
    assert len(gen1["species"]) == 151
    assert [s["num"] for s in gen1["species"]] == list(range(1, 152))
    assert len(gen1["moves"]) == 165
    assert "struggle" in {m["id"] for m in gen1["moves"]}
    assert len(gen1["typechart"]) == 15
    assert all(len(row) == 15 for row in gen1["typechart"].values())


def test_export_gen1_typechart(gen1: dict[str, Any]) -> None:
    chart = gen1["typechart"]
    assert chart["Ghost"]["Psychic"] == 0
    assert chart["Bug"]["Poison"] == 2
    assert chart["Poison"]["Bug"] == 2
    assert chart["Ice"]["Fire"] == 1
    assert chart["Normal"]["Ghost"] == 0


def test_export_gen1_special_and_learnsets(gen1: dict[str, Any]) -> None:
    assert all(s["baseStats"]["spa"] == s["baseStats"]["spd"] for s in gen1["species"])
    move_ids = {m["id"] for m in gen1["moves"]}
    assert set(gen1["learnsets"]) == {s["id"] for s in gen1["species"]}
    for species, moves in gen1["learnsets"].items():
        assert moves, species
        assert moves == sorted(moves), species
        assert set(moves) <= move_ids, (species, set(moves) - move_ids)
    assert "bodyslam" in gen1["learnsets"]["tauros"]
    # Pre-evolution moves are included: Raichu keeps Pikachu's level-up moves.
    assert "agility" in gen1["learnsets"]["raichu"]


def test_calc_accepts_every_exported_name(calc: CalcHarness, gen1: dict[str, Any]) -> None:
    cases = [{"attacker": "Mew", "defender": "Snorlax", "move": m["name"]} for m in gen1["moves"]]
    cases += [{"attacker": s["name"], "defender": "Snorlax", "move": "Tackle"} for s in gen1["species"]]
    assert len(calc.damage(cases)) == 165 + 151
