"""The clause mods are ruleset spec: the same battle under `clauses [];` (Showdown's gen1customgame) and
under `clauses [sleep freeze];` (gen1randombattle's Sleep and Freeze Clause Mods), engine and reference."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from tcgc.codegen.emit import emit_battle_engine
from tcgc.codegen.lower_battle import lower_battle

from tcgc.load import load
from tcgc.verify.battle_scenarios import BattleScenarioRunner

from .conftest import SPEC


def runner_for(tmp_path: Path, clauses: str) -> BattleScenarioRunner:
    root = tmp_path / "spec" / "battle" / "gen1"
    shutil.copytree(SPEC / "battle" / "gen1", root, ignore=shutil.ignore_patterns("scenarios"))
    rules = root / "rules.battle"
    text = rules.read_text(encoding="utf-8")
    assert "  clauses [];\n" in text
    rules.write_text(text.replace("  clauses [];\n", f"  clauses [{clauses}];\n"), encoding="utf-8")
    loaded = load([root])
    loaded.raise_for_errors()
    (game,) = loaded.battles
    assert game.rules.clauses == tuple(clauses.split())
    module = ModuleType(f"battle_clauses_{'_'.join(clauses.split()) or 'none'}")
    sys.modules[module.__name__] = module
    exec(
        compile(emit_battle_engine(lower_battle(game), root=str(root)), module.__name__, "exec"),
        module.__dict__,
    )
    return BattleScenarioRunner(game, module)


def sleep_twice(second: str) -> dict:
    return {
        "name": "Hypnosis on a second Pokemon while the first sleeps",
        "p0": ["Gengar: Hypnosis"],
        "p1": ["Tauros: Splash", "Chansey: Splash"],
        "round": [
            {"actions": ["move 0", "move 0"], "words": {"p0.sleep": 6}, "expect": {"p1.status": "slp"}},
            {"actions": ["move 0", "switch 1"], "expect": {"p1.active": 1, "p1.status": second}},
        ],
    }


def freeze_twice(second: str) -> dict:
    return {
        "name": "Ice Beam freezing a second Pokemon while the first is frozen",
        "p0": ["Jynx: Ice Beam"],
        "p1": ["Tauros: Splash", "Chansey: Splash"],
        "round": [
            {"actions": ["move 0", "move 0"], "words": {"p0.chance": 0}, "expect": {"p1.status": "frz"}},
            {"actions": ["move 0", "switch 1"], "words": {"p0.chance": 0}, "expect": {"p1.status": second}},
        ],
    }


@pytest.mark.parametrize(
    ("clauses", "slept", "frozen"), [("", "slp", "frz"), ("sleep freeze", "none", "none")]
)
def test_clauses(tmp_path: Path, clauses: str, slept: str, frozen: str) -> None:
    runner = runner_for(tmp_path, clauses)
    assert runner.run("inline", sleep_twice(slept)).failures == []
    assert runner.run("inline", freeze_twice(frozen)).failures == []


def test_an_unknown_clause_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="clause"):
        runner_for(tmp_path, "species")
