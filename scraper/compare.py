"""Two folders of card specs compared card by card at the IR level, with a readable diff.

This is how a scrape is checked against a curated set: every card is parsed, matched by id, and
its IR compared field by field (source positions and comments ignored). The report says which
cards are identical, which differ (each differing field with both values), and which are only on
one side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tcgc import ir
from tcgc.diagnostics import Diagnostic
from tcgc.errors import ScrapeError
from tcgc.parse import parse_text


@dataclass(frozen=True)
class CardDiff:
    card: str  # "base1-1 Alakazam"
    lines: tuple[str, ...]  # "path: left != right"


@dataclass(frozen=True)
class Comparison:
    identical: tuple[str, ...]
    different: tuple[CardDiff, ...]
    only_left: tuple[str, ...]
    only_right: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not (self.different or self.only_left or self.only_right)

    def report(self, left: str, right: str) -> str:
        out = [
            f"# {left} vs {right}",
            "",
            f"{len(self.identical)} card(s) identical, {len(self.different)} different, "
            f"{len(self.only_left)} only in {left}, {len(self.only_right)} only in {right}.",
        ]
        for d in self.different:
            out += ["", f"## {d.card}", ""] + [f"- {line}" for line in d.lines]
        for title, names in ((f"Only in {left}", self.only_left), (f"Only in {right}", self.only_right)):
            if names:
                out += ["", f"## {title}", ""] + [f"- {n}" for n in names]
        return "\n".join(out) + "\n"


def cards_in(folder: Path) -> dict[str, ir.Card]:
    """Every card of every `.tcg` file below `folder`, by id."""
    cards: dict[str, ir.Card] = {}
    files = sorted(folder.rglob("*.tcg"))
    if not files:
        raise ScrapeError(str(folder), "no .tcg files to compare")
    for path in files:
        parsed = parse_text(path.read_text(encoding="utf-8"), str(path))
        if isinstance(parsed, Diagnostic):
            raise ScrapeError(str(path), f"does not parse: {parsed.message}")
        cards.update({item.id: item for item in parsed.items if isinstance(item, ir.Card)})
    return cards


def plain(node: object) -> object:
    """The IR as plain data without source positions."""
    if isinstance(node, ir.Node):
        return {k: plain(v) for k, v in node.__dict__.items() if k != "span"}
    if isinstance(node, tuple | list):
        return [plain(v) for v in node]
    return node


def diff(left: object, right: object, path: str = "") -> list[str]:
    """Each place where two plain values differ, as `path: left != right`."""
    if isinstance(left, dict) and isinstance(right, dict):
        return [
            line
            for k in dict.fromkeys([*left, *right])
            for line in diff(left.get(k), right.get(k), _join(path, k))
        ]
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [line for i, (a, b) in enumerate(zip(left, right)) for line in diff(a, b, f"{path}[{i}]")]
    return [] if left == right else [f"{path or 'card'}: {_short(left)} != {_short(right)}"]


def compare(left: Path, right: Path) -> Comparison:
    a, b = cards_in(left), cards_in(right)
    identical, different = [], []
    for cid in [c for c in a if c in b]:
        lines = diff(plain(a[cid]), plain(b[cid]))
        name = f"{cid} {a[cid].name}"
        if lines:
            different.append(CardDiff(name, tuple(lines)))
        else:
            identical.append(name)
    only_left = tuple(f"{c} {a[c].name}" for c in a if c not in b)
    only_right = tuple(f"{c} {b[c].name}" for c in b if c not in a)
    return Comparison(tuple(identical), tuple(different), only_left, only_right)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."
