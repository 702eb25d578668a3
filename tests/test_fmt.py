"""The formatter: parse -> fmt -> parse keeps the IR; the spec files are canonical; strings round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tcgc import ir
from tcgc.diagnostics import Span
from tcgc.fmt import format_file, quote
from tcgc.parse import parse_text

from .helpers_spec import SPEC

SPEC_FILES = sorted(SPEC.rglob("*.tcg"))
IDS = [f.relative_to(SPEC).as_posix() for f in SPEC_FILES]


def parse_ok(text: str, path: str) -> ir.SpecFile:
    result = parse_text(text, path)
    assert isinstance(result, ir.SpecFile), result
    return result


def test_spec_files_found() -> None:
    assert len(SPEC_FILES) >= 107  # rules + 102 cards + 4 decks
    assert any(f.name == "rules.tcg" for f in SPEC_FILES)


@pytest.mark.parametrize("path", SPEC_FILES, ids=IDS)
def test_fmt_then_parse_gives_the_same_ir(path: Path) -> None:
    a = parse_ok(path.read_text(encoding="utf-8"), str(path))
    b = parse_ok(format_file(a), "formatted.tcg")
    assert ir.same_ir(a, b)
    assert a.header == b.header


@pytest.mark.parametrize("path", SPEC_FILES, ids=IDS)
def test_spec_files_are_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_file(parse_ok(text, str(path))) == text


def test_format_is_idempotent_and_normalises_layout() -> None:
    messy = (
        "#  a header comment\n"
        "\n"
        'card   "A"  id x-1{pokemon basic hp 40 type grass retreat 0\n'
        '  attack "Hit" cost [ grass  colorless ] damage 0 {}  # gone\n'
        '  attack "Big" cost [] damage 20+ { if flip tails { damage 10 to self } }}\n'
        'deck "D"{ 4 "A" 2 id x-1 }\n'
    )
    a = parse_ok(messy, "m.tcg")
    once = format_file(a)
    assert once == (
        "#  a header comment\n"
        "\n"
        'card "A" id x-1 {\n'
        "  pokemon basic hp 40 type grass\n"
        '  attack "Hit" cost [grass colorless] {}\n'
        '  attack "Big" cost [] damage 20+ {\n'
        "    if flip tails {\n"
        "      damage 10 to self\n"
        "    }\n"
        "  }\n"
        "}\n"
        "\n"
        'deck "D" {\n'
        '  4 "A"\n'
        "  2 id x-1\n"
        "}\n"
    )
    b = parse_ok(once, "m.tcg")
    assert ir.same_ir(a, b)
    assert format_file(b) == once


def test_same_ir_ignores_spans_but_not_values() -> None:
    a = parse_ok('deck "D" {\n  4 "A"\n}\n', "a.tcg")
    b = parse_ok('\n\n  deck "D" { 4 "A" }', "b.tcg")
    c = parse_ok('deck "D" {\n  3 "A"\n}\n', "a.tcg")
    assert a.items[0].span != b.items[0].span
    assert ir.same_ir(a, b)
    assert not ir.same_ir(a, c)


# ---- strings with anything in them ----------------------------------------------------------

SPAN = Span("gen.tcg", 1, 1, 1, 1)
NASTY = [
    '"',
    "\\",
    "\n",
    "\t",
    "\\n",
    '\\"',
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#",
    '"); import os #',
    "'",
    "\u00e9",
    "\u2028",
]

# Any unicode text (no surrogates), with the troublesome pieces mixed in. A bare carriage return is
# excluded: spec files are read with universal newlines, see test_carriage_return_survives_a_file below.
texts = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r")), st.sampled_from(NASTY)
    ),
    max_size=8,
).map("".join)


def _spec(card_name: str, attack_name: str, hole: str, power_name: str, deck_name: str) -> ir.SpecFile:
    hole_stmt = ir.Unspecified(span=SPAN, text=hole)
    body = ir.Pokemon(
        span=SPAN,
        stage="stage1",
        evolves_from=card_name or None,
        hp=60,
        type="grass",
        weakness=None,
        resistance=None,
        retreat=1,
        powers=(ir.Power(span=SPAN, name=power_name, effect=(hole_stmt,)),),
        attacks=(
            ir.Attack(
                span=SPAN,
                name=attack_name,
                cost=("grass",),
                damage=10,
                damage_suffix=None,
                effect=(ir.IfFlip(span=SPAN, face="heads", body=(hole_stmt,)),),
            ),
        ),
    )
    card = ir.Card(span=SPAN, name=card_name, id="gen-1", body=body)
    trainer = ir.Card(span=SPAN, name=hole, id="gen-2", body=ir.Trainer(span=SPAN, effect=(hole_stmt,)))
    deck = ir.Deck(
        span=SPAN,
        name=deck_name,
        entries=(ir.DeckEntry(span=SPAN, count=4, name=card_name, card_id=None),),
    )
    return ir.SpecFile(span=SPAN, path="gen.tcg", header=("# generated",), items=(card, trainer, deck))


@settings(max_examples=200, deadline=None)
@given(card_name=texts, attack_name=texts, hole=texts, power_name=texts, deck_name=texts)
def test_strings_round_trip_through_fmt(
    card_name: str, attack_name: str, hole: str, power_name: str, deck_name: str
) -> None:
    spec = _spec(card_name, attack_name, hole, power_name, deck_name)
    text = format_file(spec)
    back = parse_text(text, "gen.tcg")
    assert isinstance(back, ir.SpecFile), (back, text)
    assert ir.same_ir(spec, back)
    card, trainer, deck = back.items
    assert card.name == card_name
    assert card.body.evolves_from == (card_name or None)
    assert card.body.powers[0].name == power_name
    assert card.body.powers[0].effect[0].text == hole
    assert card.body.attacks[0].name == attack_name
    assert card.body.attacks[0].effect[0].body[0].text == hole
    assert trainer.name == hole
    assert trainer.body.effect[0].text == hole
    assert deck.name == deck_name
    assert deck.entries[0].name == card_name
    # the canonical text is a fixed point
    assert format_file(back) == text


@settings(max_examples=200, deadline=None)
@given(value=texts)
def test_quote_is_one_line_and_inverts_the_parser(value: str) -> None:
    literal = quote(value)
    assert "\n" not in literal
    back = parse_text(f"deck {literal} {{\n}}\n", "q.tcg")
    assert isinstance(back, ir.SpecFile), back
    assert back.items[0].name == value


def test_carriage_return_survives_a_file(tmp_path: Path) -> None:
    spec = _spec("Mr. \r Mime", "Hit", "text", "Power", "Deck")
    path = tmp_path / "cr.tcg"
    path.write_text(format_file(spec), encoding="utf-8")
    back = parse_text(path.read_text(encoding="utf-8"), str(path))
    assert isinstance(back, ir.SpecFile), back
    assert back.items[0].name == "Mr. \r Mime"


def test_empty_evolves_from_round_trips() -> None:
    text = 'card "A" id x-1 {\n  pokemon stage1 evolves_from "" hp 40 type grass\n}\n'
    a = parse_ok(text, "e.tcg")
    assert a.items[0].body.evolves_from == ""
    assert ir.same_ir(a, parse_ok(format_file(a), "e.tcg"))
