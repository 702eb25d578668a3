"""The parser: spec text -> IR with one-indexed spans, string escapes, and syntax errors as diagnostics."""

from __future__ import annotations

import pytest

from tcgc import ir
from tcgc.diagnostics import Diagnostic, Span, render, render_all
from tcgc.fmt import quote
from tcgc.parse import parse_text

from .helpers_spec import CLASSIC, MAXIMON, MINIMON, RULES_TEXT


def parse_ok(text: str, path: str = "t.tcg") -> ir.SpecFile:
    result = parse_text(text, path)
    assert isinstance(result, ir.SpecFile), result
    return result


def parse_err(text: str, path: str = "t.tcg") -> Diagnostic:
    result = parse_text(text, path)
    assert isinstance(result, Diagnostic), result
    assert result.severity == "error"
    return result


# ---- IR and spans ------------------------------------------------------------------------


def test_card_ir_fields() -> None:
    spec = parse_ok(MAXIMON)
    (card,) = spec.items
    assert isinstance(card, ir.Card)
    assert (card.name, card.id) == ("Maximon", "mini-2")
    body = card.body
    assert isinstance(body, ir.Pokemon)
    assert (body.stage, body.evolves_from, body.hp, body.type) == ("stage1", "Minimon", 70, "grass")
    assert (body.weakness, body.resistance, body.retreat) == ("fire", None, 2)
    (atk,) = body.attacks
    assert (atk.name, atk.cost, atk.damage, atk.damage_suffix, atk.effect) == (
        "Slam",
        ("grass", "colorless"),
        30,
        None,
        None,
    )


def test_spans_are_one_indexed_line_and_column() -> None:
    text = "# header\n\n" + MINIMON
    spec = parse_ok(text, "m.tcg")
    assert spec.header == ("# header",)
    (card,) = spec.items
    assert card.span == Span("m.tcg", 3, 1, 12, 2)
    body = card.body
    assert isinstance(body, ir.Pokemon)
    assert (body.span.file, body.span.line, body.span.col) == ("m.tcg", 4, 3)
    (atk,) = body.attacks
    assert (atk.span.line, atk.span.col) == (7, 3)
    assert atk.effect is not None
    (flip,) = atk.effect
    assert isinstance(flip, ir.IfFlip)
    assert (flip.span.line, flip.span.col, flip.span.end_line) == (8, 5, 10)
    (inflict,) = flip.body
    assert isinstance(inflict, ir.Inflict)
    assert (inflict.span.line, inflict.span.col) == (9, 7)
    assert (inflict.condition, inflict.target) == ("paralyzed", "defending")


def test_rules_settings_and_values_have_spans() -> None:
    spec = parse_ok(RULES_TEXT, "rules.tcg")
    (rules,) = spec.items
    assert isinstance(rules, ir.Rules)
    assert rules.name == "classic"
    first = rules.settings[0]
    assert first.key == "deck_size"
    line = RULES_TEXT.splitlines().index("  deck_size 60;") + 1
    assert (first.span.line, first.span.col) == (line, 3)
    (value,) = first.values
    assert (value.kind, value.value) == ("int", 60)
    assert (value.span.line, value.span.col, value.span.end_col) == (line, 13, 15)
    by_key = {s.key: s for s in rules.settings}
    assert by_key["first_player_draws"].values[0].kind == "name"
    assert by_key["energy_types"].values[0].kind == "list"
    assert by_key["energy_types"].values[0].value[:2] == ("grass", "fire")
    assert [c.name for c in rules.conditions] == [
        "asleep",
        "confused",
        "paralyzed",
        "poisoned",
        "badly_poisoned",
        "blinded",
    ]
    confused = rules.conditions[1]
    assert [s.key for s in confused.settings] == ["exclusive", "attack_flip_self_damage"]
    assert confused.settings[0].values == ()
    assert [v.value for v in confused.settings[1].values] == ["tails", 20]
    assert confused.span.line == RULES_TEXT.splitlines().index("  condition confused {") + 1


def test_deck_entries_by_name_and_by_id() -> None:
    text = 'deck "D" {\n  4 "Minimon"\n  2 id mini-4\n}\n'
    (deck,) = parse_ok(text).items
    assert isinstance(deck, ir.Deck)
    a, b = deck.entries
    assert (a.count, a.name, a.card_id) == (4, "Minimon", None)
    assert (b.count, b.name, b.card_id) == (2, None, "mini-4")
    assert (a.span.line, a.span.col, b.span.line, b.span.col) == (2, 3, 3, 3)


def test_damage_suffix_trainer_and_energy() -> None:
    text = (
        'card "A" id x-1 {\n  pokemon basic hp 50 type fire\n  attack "Burn" cost [fire] damage 10x\n}\n\n'
        'card "T" id x-2 {\n  trainer {}\n}\n\n'
        'card "E" id x-3 {\n  energy special provides [colorless colorless]\n}\n'
    )
    a, t, e = parse_ok(text).items
    assert a.body.attacks[0].damage == 10 and a.body.attacks[0].damage_suffix == "x"
    assert isinstance(t.body, ir.Trainer) and t.body.effect == ()
    assert isinstance(e.body, ir.Energy) and e.body.provides == ("colorless", "colorless")
    assert (t.span.line, e.span.line) == (6, 10)


def test_every_spec_file_parses() -> None:
    files = sorted(CLASSIC.rglob("*.tcg"))
    assert len(files) > 100
    for f in files:
        parse_ok(f.read_text(encoding="utf-8"), str(f))


# ---- string escapes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r'"plain"', "plain"),
        (r'"say \"hi\""', 'say "hi"'),
        (r'"back\\slash"', "back\\slash"),
        (r'"two\nlines"', "two\nlines"),
        (r'"a\ttab"', "a\ttab"),
        (r'"\\n is not a newline"', "\\n is not a newline"),
        (r'"{{ x }} {% y %}"', "{{ x }} {% y %}"),
        (r'"Pokémon ✓"', "Pokémon ✓"),
        (r'""', ""),
    ],
)
def test_string_escapes(literal: str, value: str) -> None:
    text = f"card {literal} id x-1 {{\n  trainer {{\n    unspecified {literal}\n  }}\n}}\n"
    (card,) = parse_ok(text).items
    assert card.name == value
    assert card.body.effect[0].text == value
    # and quote() writes it back as the same literal
    assert quote(value) == literal


@pytest.mark.parametrize("value", ['"', "\\", "\n", "\t", '\\"', '"\\n"', 'x"); import os #', "\\\\n"])
def test_quote_then_parse_round_trips(value: str) -> None:
    text = f"deck {quote(value)} {{\n  1 {quote(value)}\n}}\n"
    (deck,) = parse_ok(text).items
    assert deck.name == value
    assert deck.entries[0].name == value


# ---- syntax errors -------------------------------------------------------------------------

TIPE = 'card "A" id x-1 {\n  pokemon basic hp 40 tipe grass\n}\n'


def test_keyword_typo_gives_expected_and_did_you_mean() -> None:
    d = parse_err(TIPE, "typo.tcg")
    assert d.code == "E001"
    assert "unexpected 'tipe'" in d.message
    assert "expected 'type'" in d.message
    assert d.hint == "did you mean 'type'?"
    assert (d.span.file, d.span.line, d.span.col) == ("typo.tcg", 2, 23)


def test_render_exact_text() -> None:
    d = parse_err(TIPE, "typo.tcg")
    assert render(d, {"typo.tcg": TIPE}) == (
        "typo.tcg:2:23: error[E001]: unexpected 'tipe'; expected 'type'; did you mean 'type'?\n"
        "      pokemon basic hp 40 tipe grass\n"
        "                          ^"
    )


def test_render_without_source_is_the_head_line_only() -> None:
    d = parse_err(TIPE, "typo.tcg")
    assert (
        render(d, {})
        == "typo.tcg:2:23: error[E001]: unexpected 'tipe'; expected 'type'; did you mean 'type'?"
    )
    assert render_all([d, d], {}).count("\n") == 1


def test_render_caret_under_column_with_tabs() -> None:
    text = 'deck "D" {\n\t4 Minimon\n}\n'
    d = parse_err(text, "t.tcg")
    assert d.code == "E002"
    assert (d.span.line, d.span.col) == (2, 4)
    lines = render(d, {"t.tcg": text}).splitlines()
    assert lines[0].startswith("t.tcg:2:4: error[E002]: unexpected character 'M'")
    assert lines[1] == "     4 Minimon"
    assert lines[2].index("^") == lines[1].index("M")


@pytest.mark.parametrize(
    ("text", "line", "col", "code", "pieces"),
    [
        # single quotes are not strings
        (
            "card \"A\" id x-1 {\n  pokemon basic hp 40 type grass\n  attack 'X' cost []\n}\n",
            3,
            10,
            "E002",
            ['unexpected character "\'"'],
        ),
        # a deck entry needs a quoted name
        ('deck "D" {\n  4 Squirtle\n}\n', 2, 5, "E002", ["unexpected character 'S'"]),
        # upper-case card ids are not ids
        ('card "A" id X-1 {}\n', 1, 13, "E002", ["unexpected character 'X'"]),
        # an unterminated string
        ('card "unterminated\n', 1, 6, "E002", ["unexpected character '\"'"]),
        # a missing semicolon
        ('rules "r" {\n  deck_size 60\n}\n', 3, 1, "E001", ["unexpected '}'", "';'"]),
        # the file ends inside a card
        ('card "A" id x-1 {\n', 1, 17, "E001", ["end of file", "'pokemon'", "'trainer'", "'energy'"]),
        # a number where a name goes
        ('card "A" id x-1 {\n  pokemon basic hp 40 type 7\n}\n', 2, 28, "E001", ["unexpected '7'", "a name"]),
        # `flip` missing after `if`
        ('card "A" id x-1 {\n  trainer {\n    if heads {}\n  }\n}\n', 3, 8, "E001", ["expected 'flip'"]),
    ],
)
def test_syntax_errors(text: str, line: int, col: int, code: str, pieces: list[str]) -> None:
    d = parse_err(text, "bad.tcg")
    assert d.code == code
    assert (d.span.line, d.span.col) == (line, col)
    for piece in pieces:
        assert piece in d.message
    if code == "E002":
        assert d.hint is not None and "double quotes" in d.hint
    rendered = render(d, {"bad.tcg": text})
    assert rendered.startswith(f"bad.tcg:{line}:{col}: error[{code}]: ")
    source_line, caret = rendered.splitlines()[1:3]
    assert source_line == "    " + text.splitlines()[line - 1]
    assert caret == " " * (4 + col - 1) + "^"


@pytest.mark.parametrize(
    ("text", "line", "col", "keyword"),
    [
        ('crad "A" id x-1 {}\n', 1, 1, "card"),
        ('card "A" id x-1 {\n  pokemon basic hp 40 type grass\n  retret 1\n}\n', 3, 3, "retreat"),
        ('card "A" id x-1 {\n  pokemon basic hp 40 type grass\n  atack "x" cost []\n}\n', 3, 3, "attack"),
        ('card "A" id x-1 {\n  trainer {\n    unspecifed "x"\n  }\n}\n', 3, 5, "unspecified"),
    ],
)
def test_keyword_typos_have_hints(text: str, line: int, col: int, keyword: str) -> None:
    d = parse_err(text)
    assert d.code == "E001"
    assert (d.span.line, d.span.col) == (line, col)
    assert f"'{keyword}'" in d.message
    assert d.hint == f"did you mean '{keyword}'?"


def test_no_hint_when_nothing_is_close() -> None:
    d = parse_err('card "A" id x-1 {}\n')
    assert d.code == "E001"
    assert d.message == "unexpected '}'; expected 'energy' or 'pokemon' or 'trainer'"
    assert d.hint is None


def test_diagnostic_to_json_appends_hint() -> None:
    d = parse_err(TIPE, "typo.tcg")
    assert d.to_json() == {
        "file": "typo.tcg",
        "line": 2,
        "col": 23,
        "severity": "error",
        "code": "E001",
        "message": "unexpected 'tipe'; expected 'type'; did you mean 'type'?",
    }


def test_header_comments_kept_and_inner_comments_ignored() -> None:
    text = '# one\n#two\n\n# three\n\ncard "A" id x-1 {  # inline\n  # inside\n  trainer {}\n}\n# tail\n'
    spec = parse_ok(text)
    assert spec.header == ("# one", "#two", "", "# three")
    (card,) = spec.items
    assert card.span.line == 6
