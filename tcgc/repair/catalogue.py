"""The primitive catalogue for prompts, generated from the grammar and the checker (never stale).

Every effect statement of the TCG dialect is one rule of `grammar/tcg.lark`, documented by the `//`
comment lines above it; the names its NAME slots accept are the checker's constants. This module
reads both and renders them as text, so a new primitive shows up in the next prompt by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from tcgc import check


@dataclass(frozen=True)
class Primitive:
    rule: str  # "inflict"
    syntax: str  # the rule's right-hand side, as in the grammar
    doc: str  # the comment lines above it, joined


def _grammar() -> str:
    return resources.files("tcgc.grammar").joinpath("tcg.lark").read_text(encoding="utf-8")


def statement_rules(grammar: str) -> list[str]:
    """The alternatives of `?stmt` (one rule name each), in grammar order."""
    m = re.search(r"^\?stmt:(.*?)^(?://|\w)", grammar, re.S | re.M)
    if not m:
        raise AssertionError("grammar/tcg.lark has no ?stmt rule")
    return [name for name in re.split(r"[|\s]+", m.group(1)) if name]


def primitives(grammar: str | None = None) -> list[Primitive]:
    text = grammar if grammar is not None else _grammar()
    lines = text.splitlines()
    out = []
    for rule in statement_rules(text):
        if rule == "unspecified":  # a hole is what a fix replaces, never part of one
            continue
        for i, line in enumerate(lines):
            if re.match(rf"^{rule}\s*:", line):
                doc, j = [], i - 1
                while j >= 0 and lines[j].startswith("//"):
                    doc.insert(0, lines[j][2:].strip())
                    j -= 1
                syntax = line.split(":", 1)[1].strip()
                k = i + 1  # continuation lines (`| ...` alternatives of a sub-rule)
                while (
                    k < len(lines)
                    and lines[k].lstrip().startswith(("|", "?"))
                    and not lines[k].startswith("?stmt")
                ):
                    syntax += " " + lines[k].strip()
                    k += 1
                out.append(Primitive(rule, syntax, " ".join(doc)))
                break
    return out


def names() -> dict[str, tuple[str, ...]]:
    """The names the checker accepts in NAME slots, by what they name."""
    return {
        "coin faces": check.COIN_FACES,
        "effect targets (self = the attacker)": check.EFFECT_TARGETS,
        "quantities counted": check.QUANTITIES,
        "choice sources": tuple(check.CHOICE_SOURCES),
        "what a choice takes": tuple(check.CHOICE_WHAT),
        "attach targets": check.ATTACH_TARGETS,
        "attach ends": check.ATTACH_ENDS,
        "shuffled hands": check.SHUFFLED_HANDS,
        "plays-as options": check.PLAYS_AS_OPTIONS,
    }


def render(grammar: str | None = None) -> str:
    """The catalogue as prompt text: each statement with its syntax and doc, then the accepted names."""
    out = []
    for p in primitives(grammar):
        out.append(f"- {p.rule}: `{p.syntax}`" + (f" — {p.doc}" if p.doc else ""))
    out.append("")
    out += [f"{what}: {', '.join(values)}" for what, values in names().items()]
    return "\n".join(out)
