"""Interaction scenarios (spec/tcg/classic/scenarios/*.toml) on the JAX engine and the reference."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest
from tcgc.codegen.emit import emit_tcg_engine
from tcgc.codegen.lower import lower

from tcgc.load import load
from tcgc.verify.scenarios import ScenarioRunner, load_scenarios

from .conftest import SPEC
from .helpers_spec import write_engine

FOLDER = SPEC / "tcg" / "classic" / "scenarios"
SCENARIOS = load_scenarios(FOLDER)

# Every rule the classic engine issue names has at least one scenario.
REQUIRED = [
    "rule:weakness",
    "rule:resistance",
    "rule:asleep",
    "rule:confused",
    "rule:paralyzed",
    "rule:poisoned",
    "rule:win:last_prize",
    "rule:win:no_pokemon",
    "rule:win:deck_out",
    "rule:retreat",
    "rule:evolution",
    "rule:energy_attachment",
    "rule:turn_limit",
    "rule:promotion",
]


@pytest.fixture(scope="module")
def runner(classic_game, classic_engine):
    return ScenarioRunner(classic_game, classic_engine)


@pytest.mark.parametrize(("file", "scenario"), SCENARIOS, ids=[sc["name"] for _, sc in SCENARIOS])
def test_scenario(runner, file, scenario):
    result = runner.run(file, scenario)
    assert result.failures == []


def test_every_rule_has_a_scenario():
    covered = {c for _, sc in SCENARIOS for c in sc.get("covers", [])}
    assert [r for r in REQUIRED if r not in covered] == []


def test_a_wrong_expectation_fails(runner):
    file, sc = SCENARIOS[0]
    wrong = dict(sc, expect={"opponent.active.damage": 999})
    result = runner.run(file, wrong)
    assert any("expected 999" in f for f in result.failures)


def test_a_broken_scenario_file_is_reported(tmp_path: Path):
    from tcgc.verify.scenarios import ScenarioError

    (tmp_path / "bad.toml").write_text('[[scenario]]\nname = "x"\nexpekt = {}\n')
    with pytest.raises(ScenarioError, match="unknown keys"):
        load_scenarios(tmp_path)
    (tmp_path / "bad.toml").write_text("[[scenario]\n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenarios(tmp_path)


def _expressed(stmts) -> bool:
    from tcgc import ir

    return any(not isinstance(st, ir.Unspecified) for st in stmts)


def test_every_card_with_an_expressed_effect_has_a_scenario(classic_game):
    from tcgc import ir

    covered = {c for _, sc in SCENARIOS for c in sc.get("covers", [])}
    missing = []
    for card in classic_game.cards:
        body = card.body
        if isinstance(body, ir.Pokemon):
            expressed = any(_expressed(a.effect or ()) for a in body.attacks) or any(
                _expressed(p.effect) for p in body.powers
            )
        else:
            expressed = isinstance(body, ir.Trainer) and _expressed(body.effect)
        if expressed and f"card:{card.id}" not in covered:
            missing.append(f"{card.id} {card.name}")
    assert missing == []


def test_coverage_report_lists_every_card_with_its_scenarios(classic_game):
    from tcgc.verify.coverage import coverage, render

    rows, problems = coverage(classic_game, SCENARIOS)
    assert problems == []
    assert len(rows) == len(classic_game.cards)
    by_name = {r.name: r for r in rows}
    assert by_name["Charizard"].effect == "expressed"  # Energy Burn and Fire Spin
    assert any("Fire Spin" in name for name in by_name["Charizard"].scenarios)
    assert by_name["Water Energy"].effect == "none"
    assert all(r.scenarios for r in rows if r.effect == "expressed")
    assert render(rows)[-1].startswith(f"{len(rows)} cards; ")


def test_coverage_report_refuses_a_card_the_scenario_never_uses(classic_game):
    from tcgc.verify.coverage import coverage

    lying = {
        "name": "x",
        "covers": ["card:base1-4", "card:nope-1"],
        "me": {"active": "Pikachu"},
        "do": ["end"],
    }
    _, problems = coverage(classic_game, [("x.toml", lying)])
    assert problems == [
        'x.toml: scenario "x" covers base1-4 Charizard but never uses it',
        'x.toml: scenario "x" covers unknown card nope-1',
    ]


HOLEMON = """\
card "Holemon" id mini-9 {
  pokemon basic hp 50 type grass
  retreat 1
  power "Glow" {
    unspecified "Once during your turn, you may do what no primitive says yet."
  }
  attack "Tackle" cost [grass] damage 10
}
"""


def test_a_power_whose_text_is_a_hole_cannot_be_used(tmp_path: Path):
    """A hole compiles to nothing: the power it stands for is never a legal action (engine and reference)."""
    root = write_engine(tmp_path, files={"set1/009-holemon.tcg": HOLEMON})
    loaded = load([root])
    loaded.raise_for_errors()
    (game,) = loaded.games
    assert [h.card_name for h in game.holes] == ["Holemon"]
    module = ModuleType("tcg_mini_with_hole")
    sys.modules[module.__name__] = module
    try:
        exec(compile(emit_tcg_engine(lower(game), root=str(root)), module.__name__, "exec"), module.__dict__)
        scenario = {
            "name": "A Pokemon Power whose text is still a hole cannot be used",
            "me": {"active": "Holemon", "bench": ["Minimon"]},
            "opponent": {"active": "Minimon"},
            "do": [],
            "expect": {"illegal": ["power 0"], "legal": ["end"]},
        }
        assert ScenarioRunner(game, module).run("inline", scenario).failures == []
    finally:
        del sys.modules[module.__name__]
