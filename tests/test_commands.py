"""`tcgc verify` and `tcgc bench` from the command line (small sizes; the numbers come from `make bench`)."""

from __future__ import annotations

import json

from tcgc.bench import bench_reference
from tcgc.cli import main

from .conftest import SPEC


def test_verify_runs_the_ladder(capsys):
    assert main(["verify", str(SPEC), "--games", "4", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    # static once, then property, interaction and rollout for each TCG engine (classic, pocket)
    ladder = ["property", "interaction", "rollout"]
    assert [level["level"] for level in report["levels"]] == ["static", *ladder, *ladder]
    classic, pocket = report["levels"][2], report["levels"][5]
    assert classic["summary"].startswith("tcg-classic") and pocket["summary"].startswith("tcg-pocket")
    assert len(classic["scenarios"]) >= 30 and all(s["ok"] for s in classic["scenarios"])
    assert len(pocket["scenarios"]) >= 17 and all(s["ok"] for s in pocket["scenarios"])
    assert all("0 mismatches" in report["levels"][k]["summary"] for k in (3, 6))


def test_verify_only_one_level_in_text(capsys):
    assert main(["verify", str(SPEC), "--level", "static", "--only"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok   static") and "engines fresh" in out


def test_verify_reports_a_failing_scenario(tmp_path, capsys):
    import shutil

    spec = tmp_path / "spec" / "tcg" / "classic"
    shutil.copytree(SPEC / "tcg" / "classic", spec)
    (spec / "scenarios" / "wrong.toml").write_text(
        '[[scenario]]\nname = "wrong on purpose"\nme = { active = "Charmander" }\n'
        'opponent = { active = "Bulbasaur" }\nexpect = { "me.active.damage" = 10 }\n'
    )
    assert main(["verify", str(spec), "--level", "interaction", "--only"]) == 1
    out = capsys.readouterr().out
    assert "FAIL interaction" in out and "wrong on purpose" in out


def test_bench_json_shape(capsys):
    assert main(["bench", "--engine", "tcg-classic", "--batch", "4", "--seconds", "0.2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["engine"] == "tcg-classic" and result["device"] == "cpu"
    impls = [(row["impl"], row["batch"]) for row in result["rows"]]
    assert impls == [("reference", 1), ("jax", 4)]
    assert all(row["steps_per_s"] > 0 for row in result["rows"])
    assert result["ratios"]["jax_vs_reference"] > 0


def test_bench_battle_engine_with_showdown(capsys):
    """The battle bench measures Showdown's own steps/s (one node process per core) beside the engines."""
    assert main(["bench", "--engine", "battle-gen1", "--batch", "4", "--seconds", "0.5", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    impls = [row["impl"] for row in result["rows"]]
    assert impls[0].startswith("showdown x") and impls[1:] == ["reference", "jax"]
    assert all(row["steps_per_s"] > 0 for row in result["rows"])
    assert result["ratios"]["jax_vs_showdown"] > 0 and result["ratios"]["reference_vs_showdown"] > 0


def test_bench_unknown_engine_is_a_clear_error(capsys):
    assert main(["bench", "--engine", "tcg-nowhere", "--seconds", "0.1"]) == 1
    assert "no engine 'tcg-nowhere'" in capsys.readouterr().err


def test_reference_bench_plays_whole_games(classic_game):
    row = bench_reference(classic_game, seconds=0.5)
    assert row.impl == "reference" and row.steps > 0
