"""Rebuild the codegen golden files: `python -m tests.regen_golden` (review the diff before committing)."""

from __future__ import annotations

from pathlib import Path

from tcgc.build import compile_spec

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "spec" / "tcg" / "mini"
GOLDEN = HERE / "golden" / "tcg_mini.py"
BATTLE_FIXTURE = HERE / "fixtures" / "spec" / "battle" / "mini"
BATTLE_GOLDEN = HERE / "golden" / "battle_mini.py"


def golden_source(fixture: Path = FIXTURE) -> str:
    (built,) = compile_spec([fixture])
    return built.source


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    for fixture, golden in ((FIXTURE, GOLDEN), (BATTLE_FIXTURE, BATTLE_GOLDEN)):
        golden.write_text(golden_source(fixture), encoding="utf-8")
        print(f"wrote {golden}")
