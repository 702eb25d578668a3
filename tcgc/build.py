"""The build pipeline: spec folders -> checked games -> lowered tables -> engine modules in `generated/`.

Nothing is written unless every engine checked, lowered and emitted; each file is replaced atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tcgc import ir
from tcgc import ir_battle as bir
from tcgc.codegen.emit import emit_battle_engine, emit_tcg_engine, module_name
from tcgc.codegen.lower import Lowered, lower
from tcgc.codegen.lower_battle import BattleLowered, lower_battle
from tcgc.load import Loaded, from_spec, load


@dataclass(frozen=True)
class BuiltEngine:
    game: ir.Game | bir.BattleGame
    lowered: Lowered | BattleLowered
    module: str
    source: str


def display_root(root: str) -> str:
    """The engine root as written in generated headers, the same from any working folder: the path
    from its `spec` folder on (`spec/tcg/classic`), else the folder's own name."""
    parts = from_spec(Path(root))
    return "/".join(parts) if parts else Path(root).resolve().name


def compile_games(loaded: Loaded) -> list[BuiltEngine]:
    """Lower and emit every checked game (raises `SpecError` when the spec has errors)."""
    loaded.raise_for_errors()
    built = []
    for game in loaded.games:
        low = lower(game)
        source = emit_tcg_engine(low, root=display_root(game.root))
        built.append(BuiltEngine(game, low, module_name(game.engine), source))
    for battle in loaded.battles:
        blow = lower_battle(battle)
        source = emit_battle_engine(blow, root=display_root(battle.root))
        built.append(BuiltEngine(battle, blow, module_name(battle.engine), source))
    return built


def compile_spec(paths: list[str | Path]) -> list[BuiltEngine]:
    return compile_games(load(paths))


def write_engines(built: list[BuiltEngine], out_dir: Path) -> list[Path]:
    """Write each engine module into `out_dir` (atomically, file by file); returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    init = out_dir / "__init__.py"
    if not init.exists():
        init.write_text(
            '"""Engines emitted by `tcgc build` (checked in; do not edit)."""\n', encoding="utf-8"
        )
    written = []
    for eng in built:
        target = out_dir / f"{eng.module}.py"
        tmp = target.with_suffix(".py.tmp")
        tmp.write_text(eng.source, encoding="utf-8")
        os.replace(tmp, target)
        written.append(target)
    return written
