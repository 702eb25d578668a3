"""Shared helpers for the spec tests: a minimal valid engine folder that tests then mutate.

`write_engine(tmp_path)` writes `tmp_path/spec/tcg/mini/` (engine name `tcg-mini`):

    rules.tcg               a copy of spec/tcg/classic/rules.tcg
    set1/001-minimon.tcg    a Basic Pokemon (with an `if flip`)
    set1/002-maximon.tcg    a Stage 1 evolving from it
    set1/003-swap.tcg       a Trainer (`switch`)
    set1/004-grass.tcg      a basic Grass Energy
    decks/main.tcg          deck "Main": 4 Minimon, 4 Maximon, 4 Swap, 48 Grass Energy (60 cards)

`files=` adds or replaces files (relative paths), `drop=` removes some.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from tcgc.diagnostics import Diagnostic
from tcgc.load import Loaded, load

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "spec"
CLASSIC = SPEC / "tcg" / "classic"
RULES_TEXT = (CLASSIC / "rules.tcg").read_text(encoding="utf-8")

MINIMON = """\
card "Minimon" id mini-1 {
  pokemon basic hp 40 type grass
  weakness fire
  retreat 1
  attack "Tackle" cost [grass] damage 10 {
    if flip heads {
      inflict paralyzed on defending
    }
  }
}
"""

MAXIMON = """\
card "Maximon" id mini-2 {
  pokemon stage1 evolves_from "Minimon" hp 70 type grass
  weakness fire
  retreat 2
  attack "Slam" cost [grass colorless] damage 30
}
"""

SWAP = """\
card "Swap" id mini-3 {
  trainer {
    switch own_active with chosen own_bench
  }
}
"""

GRASS = """\
card "Grass Energy" id mini-4 {
  energy basic provides [grass]
}
"""

CARDS: dict[str, str] = {
    "set1/001-minimon.tcg": MINIMON,
    "set1/002-maximon.tcg": MAXIMON,
    "set1/003-swap.tcg": SWAP,
    "set1/004-grass.tcg": GRASS,
}

DECK_ENTRIES: tuple[tuple[int, str], ...] = (
    (4, "Minimon"),
    (4, "Maximon"),
    (4, "Swap"),
    (48, "Grass Energy"),
)


def deck_text(entries: Iterable[tuple[int, str]] = DECK_ENTRIES, name: str = "Main") -> str:
    """A deck file; an entry whose name starts with `id ` is written as a card-id reference."""
    lines = [f'deck "{name}" {{']
    for count, ref in entries:
        lines.append(f"  {count} {ref}" if ref.startswith("id ") else f'  {count} "{ref}"')
    lines.append("}")
    return "\n".join(lines) + "\n"


def rules_text(**replace: str) -> str:
    """The classic rules with some `key ...;` lines replaced: rules_text(deck_size="deck_size 40;")."""
    text = RULES_TEXT
    for key, line in replace.items():
        old = next(x for x in text.splitlines() if x.strip().startswith(f"{key} "))
        text = text.replace(old, f"  {line}" if line else "", 1)
    return text


def write_engine(
    tmp_path: Path,
    files: Mapping[str, str] | None = None,
    drop: Iterable[str] = (),
    name: str = "mini",
) -> Path:
    """Write the minimal engine under tmp_path/spec/tcg/<name>/ and return that folder."""
    root = tmp_path / "spec" / "tcg" / name
    content = {"rules.tcg": RULES_TEXT, **CARDS, "decks/main.tcg": deck_text()}
    content.update(files or {})
    for rel in drop:
        content.pop(rel)
    for rel, text in content.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def load_engine(tmp_path: Path, files: Mapping[str, str] | None = None, drop: Iterable[str] = ()) -> Loaded:
    return load([write_engine(tmp_path, files, drop)])


def codes(diags: Iterable[Diagnostic]) -> list[str]:
    return [d.code for d in diags]


def errors_of(loaded: Loaded, code: str) -> list[Diagnostic]:
    return [d for d in loaded.diagnostics if d.code == code]
