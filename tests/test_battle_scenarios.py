"""Battle scenarios (spec/battle/gen1/scenarios/*.toml) on the JAX engine and the reference."""

from __future__ import annotations

import pytest

from tcgc.verify.battle_scenarios import BattleScenarioRunner, load_battle_scenarios

from .conftest import SPEC

SCENARIOS = load_battle_scenarios(SPEC / "battle" / "gen1" / "scenarios")


@pytest.fixture(scope="module")
def runner():
    from tcgc.generated import battle_gen1

    from tcgc.load import load

    loaded = load([SPEC / "battle" / "gen1"])
    loaded.raise_for_errors()
    return BattleScenarioRunner(loaded.battles[0], battle_gen1)


@pytest.mark.parametrize(("file", "scenario"), SCENARIOS, ids=[sc["name"] for _, sc in SCENARIOS])
def test_battle_scenario(runner, file, scenario):
    assert runner.run(file, scenario).failures == []


def test_a_wrong_expectation_fails(runner):
    file, sc = SCENARIOS[0]
    wrong = dict(sc, round=[dict(sc["round"][0], expect={"p1.hp": 1})])
    assert any("expected 1" in f for f in runner.run(file, wrong).failures)


def test_every_wholly_spec_move_family_has_a_scenario():
    covered = {c for _, sc in SCENARIOS for c in sc.get("covers", [])}
    for primitive in ("fixed_damage", "ohko", "recoil", "drain", "hits", "heal_self", "rest", "user_faints",
                      "halve_defense", "flinch", "recharge", "requires_status", "crash", "confuse", "screen",
                      "focus_energy", "mist", "haze", "seed", "charge", "reaches", "trap", "rampage", "rage",
                      "bide", "counter", "disable", "copy_types", "substitute", "call_random",
                      "call_foe_last", "mimic", "transform"):  # fmt: skip
        assert f"primitive:{primitive}" in covered
    for status in ("par", "slp", "tox", "brn"):
        assert f"status:{status}" in covered
