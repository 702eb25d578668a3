"""Find the engines under the given paths, read their files, parse and check them.

An engine is a folder holding `rules.tcg` (the TCG dialect) or `rules.battle` (the battle dialect);
every file of that dialect (`.tcg` / `.battle`) below it belongs to it, and for a TCG the first
folder level below the engine root names a card's set (`spec/tcg/classic/base1/` -> set `base1`).
The engine's name is its path after `spec/`, joined by dashes (`spec/tcg/classic` -> `tcg-classic`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tcgc import ir
from tcgc import ir_battle as bir
from tcgc.check import check_game
from tcgc.check_battle import check_battle
from tcgc.diagnostics import Diagnostic, render_all
from tcgc.errors import SpecError, TcgcError
from tcgc.parse import parse_text
from tcgc.parse_battle import parse_battle_text

RULES_FILE = "rules.tcg"
#: the rules file of each dialect, and the extension of its files
RULES_FILES = {"rules.tcg": ".tcg", "rules.battle": ".battle"}


@dataclass(frozen=True)
class EngineSource:
    name: str
    root: Path
    files: tuple[Path, ...]
    #: "tcg" or "battle"
    dialect: str = "tcg"


@dataclass
class Loaded:
    """What loading found: the checked games, every diagnostic, and the source texts (for rendering)."""

    games: list[ir.Game] = field(default_factory=list)
    battles: list[bir.BattleGame] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def render(self, *, warnings: bool = True) -> str:
        shown = [d for d in self.diagnostics if warnings or d.severity == "error"]
        return render_all(shown, self.sources)

    def raise_for_errors(self) -> None:
        if self.errors:
            raise SpecError(self.errors, render_all(self.errors, self.sources))


def from_spec(root: Path) -> tuple[str, ...]:
    """The parts of `root` from its last `spec` folder on (`("spec", "tcg", "classic")`), or ()."""
    parts = root.resolve().parts
    if "spec" not in parts:
        return ()
    return parts[len(parts) - 1 - parts[::-1].index("spec") :]


def engine_name(root: Path) -> str:
    tail = from_spec(root)[1:]
    return "-".join(tail) if tail else root.resolve().name


def _engine_root_of(path: Path) -> Path | None:
    for d in [path, *path.parents] if path.is_dir() else list(path.parents):
        if any((d / name).is_file() for name in RULES_FILES):
            return d
    return None


def _dialect(root: Path) -> str:
    return "tcg" if (root / RULES_FILE).is_file() else "battle"


def discover(paths: list[str | Path]) -> list[EngineSource]:
    """The engines named by `paths` (folders or files), each with its files in path order."""
    roots: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise TcgcError(f"{p}: no such file or folder; give a spec folder such as spec/")
        root = _engine_root_of(p)
        rules_files = [r for name in RULES_FILES for r in p.rglob(name)] if p.is_dir() else []
        found = [root] if root else sorted({r.parent for r in rules_files})
        if not found:
            raise TcgcError(
                f"{p}: no {' or '.join(RULES_FILES)} here or above it; an engine is a folder holding one"
            )
        roots.extend(r for r in found if r not in roots)
    engines = []
    for root in roots:
        nested = [r for r in roots if r != root and root in r.parents]
        dialect = _dialect(root)
        suffix = ".tcg" if dialect == "tcg" else ".battle"
        files = tuple(sorted(f for f in root.rglob(f"*{suffix}") if not any(n in f.parents for n in nested)))
        engines.append(EngineSource(engine_name(root), root, files, dialect))
    return engines


def spec_hash(files: tuple[Path, ...], root: Path) -> str:
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def load(paths: list[str | Path]) -> Loaded:
    """Parse and check every engine under `paths`; never raises for spec problems (see `Loaded`)."""
    out = Loaded()
    for eng in discover(paths):
        if eng.dialect == "battle":
            _load_battle(eng, out)
            continue
        parsed: list[ir.SpecFile] = []
        sets: dict[str, str] = {}
        for f in eng.files:
            text = f.read_text(encoding="utf-8")
            key = str(f)
            out.sources[key] = text
            result = parse_text(text, key)
            if isinstance(result, Diagnostic):
                out.diagnostics.append(result)
                continue
            parsed.append(result)
            rel = f.relative_to(eng.root).parts
            sets[key] = rel[0] if len(rel) > 1 else ""
        if len(parsed) != len(eng.files):
            continue
        game, diags = check_game(
            parsed, engine=eng.name, root=str(eng.root), spec_hash=spec_hash(eng.files, eng.root), sets=sets
        )
        out.diagnostics.extend(diags)
        if game is not None:
            out.games.append(game)
    return out


def _load_battle(eng: EngineSource, out: Loaded) -> None:
    """Parse and check one battle engine into `out`."""
    parsed: list[bir.BattleFile] = []
    for f in eng.files:
        text = f.read_text(encoding="utf-8")
        out.sources[str(f)] = text
        result = parse_battle_text(text, str(f))
        if isinstance(result, Diagnostic):
            out.diagnostics.append(result)
        else:
            parsed.append(result)
    if len(parsed) != len(eng.files):
        return
    game, diags = check_battle(
        parsed, engine=eng.name, root=str(eng.root), spec_hash=spec_hash(eng.files, eng.root)
    )
    out.diagnostics.extend(diags)
    if game is not None:
        out.battles.append(game)
