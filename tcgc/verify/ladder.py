"""The verification ladder of `tcgc verify`: static, property, interaction, rollout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tcgc import ir
from tcgc.build import compile_games
from tcgc.load import Loaded, load
from tcgc.progress import Progress
from tcgc.runtime.env import load_engine_module

LEVELS = ["static", "property", "interaction", "rollout"]


def _static(loaded: Loaded) -> dict[str, Any]:
    failures = [line for line in loaded.render(warnings=False).splitlines() if line]
    holes = sum(len(g.holes) for g in loaded.games)
    if not loaded.errors:
        for built in compile_games(loaded):
            try:
                module = load_engine_module(built.game.engine)
            except Exception as err:  # noqa: BLE001 - reported as a failure
                failures.append(str(err))
                continue
            source = Path(module.__file__ or "").read_text(encoding="utf-8")
            if source != built.source:
                failures.append(f"generated engine {built.game.engine} is stale; run `tcgc build spec/`")
    engines = ", ".join(f"{g.engine} ({len(g.cards)} cards)" for g in loaded.games)
    return {
        "level": "static",
        "ok": not failures,
        "failures": failures,
        "summary": f"{engines}; {len(loaded.errors)} errors, {holes} unspecified holes, engines fresh"
        if not failures
        else f"{len(failures)} problem(s)",
    }


def _property(game: ir.Game, games: int, seed: int, quiet: bool) -> dict[str, Any]:
    from tcgc.verify.properties import run_properties

    bar = Progress(f"property {game.engine}", quiet=quiet)
    rep = run_properties(
        game,
        load_engine_module(game.engine),
        games=games,
        seed=seed,
        progress=lambda done, total: bar.update(done, total, "games over"),
    )
    bar.done()
    return {
        "level": "property",
        "ok": rep.ok,
        "failures": rep.violations,
        "summary": f"{game.engine}: {rep.games} random games, {rep.steps} steps, "
        f"{len(rep.violations)} violations",
    }


def _interaction(game: ir.Game, quiet: bool) -> dict[str, Any]:
    from tcgc.verify.coverage import coverage
    from tcgc.verify.scenarios import load_scenarios, run_scenarios

    folder = Path(game.root) / "scenarios"
    results = run_scenarios(game, load_engine_module(game.engine), folder) if folder.is_dir() else []
    failures = [f"{r.name}: {f}" for r in results for f in r.failures]
    rows, problems = coverage(game, load_scenarios(folder) if folder.is_dir() else [])
    failures += problems
    passed = sum(r.ok for r in results)
    return {
        "level": "interaction",
        "ok": not failures and bool(results),
        "failures": failures or ([] if results else [f"no scenarios in {folder}"]),
        "summary": f"{game.engine}: {passed}/{len(results)} scenarios pass on engine and reference",
        "scenarios": [{"name": r.name, "file": r.file, "covers": r.covers, "ok": r.ok} for r in results],
        "coverage": [row.as_dict() for row in rows],
    }


def _rollout(game: ir.Game, games: int, seed: int, quiet: bool) -> dict[str, Any]:
    from tcgc.verify.rollout import play_lockstep

    bar = Progress(f"rollout {game.engine}", quiet=quiet)
    rep = play_lockstep(
        game,
        load_engine_module(game.engine),
        games=games,
        seed=seed,
        progress=lambda live, total: bar.update(total - live, total, "games over"),
    )
    bar.done()
    failures = [
        f"game {m.game} step {m.step}: {m.field}: engine {m.engine} != reference {m.reference}"
        for m in rep.mismatches
    ]
    return {
        "level": "rollout",
        "ok": rep.ok,
        "failures": failures,
        "summary": f"{game.engine}: {rep.games} games, {rep.steps} steps compared, "
        f"{len(rep.mismatches)} mismatches",
    }


def run_ladder(paths: list[str], *, levels: list[str], games: int, seed: int, quiet: bool) -> dict[str, Any]:
    loaded = load(paths)
    results = []
    if "static" in levels or loaded.errors:
        results.append(_static(loaded))
    if not loaded.errors:
        for game in loaded.games:
            if "property" in levels:
                results.append(_property(game, games, seed, quiet))
            if "interaction" in levels:
                results.append(_interaction(game, quiet))
            if "rollout" in levels:
                results.append(_rollout(game, games, seed, quiet))
    return {"ok": all(r["ok"] for r in results), "levels": results}
