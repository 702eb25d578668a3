"""The pattern library: card text -> typed effect statements, as data.

Each pattern is a regular expression over one clause of card text and a spec template using its
named groups. A text is mapped only when patterns consume it whole; otherwise the whole text stays
one `unspecified "..."` hole (never dropped, never half-mapped). The templates are spec text, parsed
by the real parser, so the library cannot produce something the grammar would reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tcgc import ir
from tcgc.diagnostics import Diagnostic
from tcgc.parse import parse_text

_COND = r"(?P<cond>Asleep|Confused|Paralyzed|Poisoned)"
_WHO = r"(?:[A-Z][\w'.\- ♂♀]*)"


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: str
    template: str


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "flip-inflict",
        rf"Flip a coin\. If (?P<face>heads|tails), the Defending Pokémon is now {_COND}\.",
        "if flip {face} {{ inflict {cond} on defending }}",
    ),
    Pattern("inflict", rf"The Defending Pokémon is now {_COND}\.", "inflict {cond} on defending"),
    Pattern(
        "flip-self-damage",
        rf"Flip a coin\. If (?P<face>heads|tails), {_WHO} does (?P<n>\d+) damage to itself\.",
        "if flip {face} {{ damage {n} to self }}",
    ),
    Pattern("self-damage", rf"{_WHO} does (?P<n>\d+) damage to itself\.", "damage {n} to self"),
    Pattern(
        "switch-own",
        r"Switch 1 of your own Benched Pokémon with your Active Pokémon\.",
        "switch own_active with chosen own_bench",
    ),
    Pattern(
        "switch-opponent",
        r"Choose 1 of your opponent's Benched Pokémon and switch it with his or her Active Pokémon\.",
        "switch opponent_active with chosen opponent_bench",
    ),
)


def _render(p: Pattern, m: re.Match[str]) -> str:
    groups = {k: v.lower() for k, v in m.groupdict().items() if v is not None}
    return p.template.format(**groups)


def map_text(text: str) -> tuple[ir.Stmt, ...]:
    """Statements for `text`: mapped whole by the patterns, or one `unspecified` hole."""
    from tcgc.fmt import quote

    rest = " ".join(text.split())
    pieces: list[str] = []
    while rest:
        for p in PATTERNS:
            m = re.match(p.regex, rest)
            if m:
                pieces.append(_render(p, m))
                rest = rest[m.end() :].lstrip()
                break
        else:
            pieces = [f"unspecified {quote(' '.join(text.split()))}"]
            break
    source = 'card "x" id x-0 { trainer { ' + " ".join(pieces) + " } }"
    parsed = parse_text(source, "<patterns>")
    if isinstance(parsed, Diagnostic):  # a broken template is a bug in this module
        raise AssertionError(f"pattern template does not parse: {parsed.message}: {source}")
    card = parsed.items[0]
    assert isinstance(card, ir.Card) and isinstance(card.body, ir.Trainer)
    return card.body.effect
