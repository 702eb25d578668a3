"""Rebuild the codegen golden file: `python -m tests.regen_golden` (review the diff before committing)."""

from __future__ import annotations

from pathlib import Path

from tcgc.build import compile_spec

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "spec" / "tcg" / "mini"
GOLDEN = HERE / "golden" / "tcg_mini.py"


def golden_source() -> str:
    (built,) = compile_spec([FIXTURE])
    return built.source


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(golden_source(), encoding="utf-8")
    print(f"wrote {GOLDEN}")
