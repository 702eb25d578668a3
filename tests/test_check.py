"""The checker: one small spec per error code, all errors at once, holes as warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tcgc import ir
from tcgc.check import RULE_KEYS, check_game
from tcgc.diagnostics import Diagnostic
from tcgc.load import load
from tcgc.parse import parse_text

from .helpers_spec import (
    GRASS,
    MAXIMON,
    MINIMON,
    RULES_TEXT,
    SWAP,
    codes,
    deck_text,
    errors_of,
    load_engine,
    rules_text,
    write_engine,
)

RULES_LINE = RULES_TEXT.splitlines().index('rules "classic" {') + 1


def rules_line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start))


def only(
    tmp_path: Path, code: str, files: dict[str, str] | None = None, drop: tuple[str, ...] = ()
) -> Diagnostic:
    """Load the engine; exactly one diagnostic has `code`; the build has errors so no game comes back."""
    loaded = load_engine(tmp_path, files, drop)
    found = errors_of(loaded, code)
    assert len(found) == 1, loaded.render()
    (diag,) = found
    assert diag.severity == "error"
    assert loaded.games == []
    return diag


def test_minimal_engine_is_valid(tmp_path: Path) -> None:
    loaded = load_engine(tmp_path)
    assert loaded.diagnostics == []
    (game,) = loaded.games
    assert game.engine == "tcg-mini"
    assert [c.name for c in game.cards] == ["Minimon", "Maximon", "Swap", "Grass Energy"]
    assert game.card_sets == ("set1",) * 4
    (deck,) = game.decks
    assert deck.name == "Main"
    assert len(deck.cards) == 60
    assert deck.cards.count(3) == 48  # basic Energy is exempt from max_copies
    assert game.rules.deck_size == 60 and game.rules.energy_types[0] == "grass"
    assert [c.name for c in game.rules.conditions] == [
        "asleep",
        "confused",
        "paralyzed",
        "poisoned",
        "badly_poisoned",
        "blinded",
    ]
    assert game.holes == ()
    assert len(game.spec_hash) == 64


# ---- rules -------------------------------------------------------------------------------


def test_unknown_setting_with_did_you_mean(tmp_path: Path) -> None:
    text = rules_text(deck_size="deck_sise 60;")
    d = only(tmp_path, "E202", {"rules.tcg": text})
    assert "unknown setting 'deck_sise'" in d.message
    assert d.hint == "did you mean 'deck_size'?"
    assert (d.span.line, d.span.col) == (rules_line_of(text, "deck_sise"), 3)
    assert d.span.file.endswith("rules.tcg")


def test_unknown_condition_setting(tmp_path: Path) -> None:
    text = RULES_TEXT.replace("between_turns_damage 10;", "between_turn_damage 10;")
    d = only(tmp_path, "E202", {"rules.tcg": text})
    assert "unknown setting 'between_turn_damage' in condition poisoned" in d.message
    assert d.hint == "did you mean 'between_turns_damage'?"
    assert d.span.line == rules_line_of(text, "between_turn_damage")


def test_missing_setting(tmp_path: Path) -> None:
    d = only(tmp_path, "E205", {"rules.tcg": rules_text(prizes="")})
    assert "missing setting 'prizes'" in d.message
    assert d.span.line == RULES_LINE


def test_every_missing_setting_is_reported(tmp_path: Path) -> None:
    loaded = load_engine(tmp_path, {"rules.tcg": 'rules "empty" {\n}\n'})
    assert codes(loaded.diagnostics) == ["E205"] * len(RULE_KEYS)
    assert all(d.span.line == 1 for d in loaded.diagnostics)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("prizes six;", "setting 'prizes' expects one number"),
        ("prizes 6 6;", "setting 'prizes' expects one number"),
        ("first_player_draws 1;", "setting 'first_player_draws' expects 'yes' or 'no'"),
        ("energy_types grass;", "setting 'energy_types' expects a list like [a b]"),
        ("colorless [colorless];", "setting 'colorless' expects one name"),
    ],
)
def test_bad_setting_type(tmp_path: Path, line: str, expected: str) -> None:
    key = line.split()[0]
    text = rules_text(**{key: line})
    d = only(tmp_path, "E201", {"rules.tcg": text})
    assert expected in d.message
    assert d.span.line == rules_line_of(text, line)


def test_bad_setting_type_is_not_also_reported_missing(tmp_path: Path) -> None:
    loaded = load_engine(tmp_path, {"rules.tcg": rules_text(prizes="prizes six;")})
    assert codes(loaded.diagnostics) == ["E201"]


def test_setting_given_twice(tmp_path: Path) -> None:
    d = only(tmp_path, "E203", {"rules.tcg": rules_text(prizes="prizes 6;\n  prizes 6;")})
    assert "setting 'prizes' given twice" in d.message


def test_second_rules_block(tmp_path: Path) -> None:
    d = only(tmp_path, "E102", {"set1/extra.tcg": 'rules "two" {\n}\n'})
    assert "second rules block" in d.message
    assert d.span.file.endswith("extra.tcg") and d.span.line == 1
    assert (
        d.hint is not None
        and d.hint.startswith("the first is at ")
        and d.hint.endswith(f"rules.tcg:{RULES_LINE}:1")
    )


def test_win_by_needs_no_pokemon(tmp_path: Path) -> None:
    d = only(tmp_path, "E207", {"rules.tcg": rules_text(win_by="win_by [last_prize];")})
    assert "no_pokemon" in d.message


def test_colorless_must_be_an_energy_type(tmp_path: Path) -> None:
    d = only(tmp_path, "E204", {"rules.tcg": rules_text(colorless="colorless clear;")})
    assert "colorless type 'clear' is not in energy_types" in d.message


def test_no_rules(tmp_path: Path) -> None:
    d = only(tmp_path, "E101", {"rules.tcg": "# no rules block here\n"})
    assert "engine 'tcg-mini' has no rules block" in d.message
    assert (d.span.line, d.span.col) == (1, 1)


def test_no_rules_via_check_game() -> None:
    spec = parse_text(MINIMON, "cards.tcg")
    assert isinstance(spec, ir.SpecFile)
    game, diags = check_game([spec], engine="e", root="r", spec_hash="0", sets={})
    assert game is None
    assert codes(diags) == ["E101"]
    assert diags[0].span.file == "cards.tcg"
    game, diags = check_game([], engine="e", root="r", spec_hash="0", sets={})
    assert game is None and codes(diags) == ["E101"] and diags[0].span.file == "r"


# ---- cards --------------------------------------------------------------------------------


def test_unknown_energy_type(tmp_path: Path) -> None:
    d = only(tmp_path, "E204", {"set1/001-minimon.tcg": MINIMON.replace("type grass", "type gras")})
    assert "unknown energy type 'gras'" in d.message
    assert d.hint == "did you mean 'grass'?"
    assert (d.span.line, d.span.col) == (2, 3)
    assert d.span.file.endswith("001-minimon.tcg")


def test_unknown_energy_type_in_cost(tmp_path: Path) -> None:
    d = only(tmp_path, "E204", {"set1/002-maximon.tcg": MAXIMON.replace("[grass colorless]", "[grass sky]")})
    assert "unknown energy type 'sky'" in d.message
    assert d.span.line == 5


def test_basic_with_evolves_from(tmp_path: Path) -> None:
    card = MINIMON.replace("basic hp", 'basic evolves_from "Maximon" hp')
    d = only(tmp_path, "E303", {"set1/001-minimon.tcg": card})
    assert 'Minimon is basic but evolves_from "Maximon"' in d.message
    assert d.span.line == 2


def test_stage1_without_evolves_from(tmp_path: Path) -> None:
    d = only(tmp_path, "E303", {"set1/002-maximon.tcg": MAXIMON.replace(' evolves_from "Minimon"', "")})
    assert "Maximon is stage1 but has no evolves_from" in d.message
    assert d.span.line == 2


def test_evolves_from_missing_card(tmp_path: Path) -> None:
    d = only(tmp_path, "E305", {"set1/002-maximon.tcg": MAXIMON.replace('"Minimon"', '"Minimun"')})
    assert 'evolves from "Minimun", which is not a Pokemon card' in d.message
    assert d.hint == "did you mean 'Minimon'?"
    assert d.span.line == 2


def test_evolves_from_wrong_stage(tmp_path: Path) -> None:
    mega = MAXIMON.replace("mini-2", "mini-5").replace('"Maximon"', '"Megamon"').replace("stage1", "stage2")
    d = only(tmp_path, "E306", {"set1/005-megamon.tcg": mega})
    assert 'Megamon is stage2 but "Minimon" is basic' in d.message


def test_duplicate_card_id(tmp_path: Path) -> None:
    d = only(tmp_path, "E307", {"set1/003-swap.tcg": SWAP.replace("mini-3", "mini-1")})
    assert "card id 'mini-1' is used twice" in d.message
    assert d.span.file.endswith("003-swap.tcg") and d.span.line == 1
    assert d.hint is not None and d.hint.endswith("001-minimon.tcg:1:1")


NESTED_FLIP = """\
card "Swap" id mini-3 {
  trainer {
    if flip heads {
      if flip tails {
        switch own_active with chosen own_bench
      }
    }
  }
}
"""


def test_nested_if_flip(tmp_path: Path) -> None:
    d = only(tmp_path, "E308", {"set1/003-swap.tcg": NESTED_FLIP})
    assert "'if flip' inside another" in d.message
    assert (d.span.line, d.span.col) == (4, 7)


def test_hp_not_multiple_of_ten(tmp_path: Path) -> None:
    d = only(tmp_path, "E206", {"set1/001-minimon.tcg": MINIMON.replace("hp 40", "hp 45")})
    assert "hp 45" in d.message


def test_inflict_in_trainer(tmp_path: Path) -> None:
    card = SWAP.replace("switch own_active with chosen own_bench", "inflict asleep on defending")
    d = only(tmp_path, "E301", {"set1/003-swap.tcg": card})
    assert (d.span.line, d.span.col) == (3, 5)


def test_switch_mixed_sides(tmp_path: Path) -> None:
    d = only(
        tmp_path, "E302", {"set1/003-swap.tcg": SWAP.replace("chosen own_bench", "chosen opponent_bench")}
    )
    assert "cannot switch own_active with opponent_bench" in d.message


def test_energy_provides_nothing(tmp_path: Path) -> None:
    d = only(tmp_path, "E304", {"set1/004-grass.tcg": GRASS.replace("[grass]", "[]")})
    assert "Grass Energy provides no energy" in d.message


# ---- decks --------------------------------------------------------------------------------

DECK_LINE = 1  # deck-level errors point at the `deck` line


def with_deck(*entries: tuple[int, str]) -> dict[str, str]:
    return {"decks/main.tcg": deck_text(entries)}


def test_deck_of_61_cards(tmp_path: Path) -> None:
    files = with_deck((4, "Minimon"), (4, "Maximon"), (4, "Swap"), (49, "Grass Energy"))
    d = only(tmp_path, "E404", files)
    assert 'deck "Main" has 61 cards; the rules require exactly 60' in d.message
    assert d.span.line == DECK_LINE and d.span.file.endswith("main.tcg")


def test_five_copies(tmp_path: Path) -> None:
    files = with_deck((5, "Minimon"), (4, "Maximon"), (4, "Swap"), (47, "Grass Energy"))
    d = only(tmp_path, "E405", files)
    assert 'has 5 copies of "Minimon"; at most 4 are allowed' in d.message
    assert d.span.line == DECK_LINE


def test_copies_counted_by_name_across_ids(tmp_path: Path) -> None:
    files = {
        "set1/005-swap2.tcg": SWAP.replace("mini-3", "mini-5"),
        **with_deck((4, "Minimon"), (4, "Maximon"), (3, "id mini-3"), (2, "id mini-5"), (47, "Grass Energy")),
    }
    d = only(tmp_path, "E405", files)
    assert 'has 5 copies of "Swap"' in d.message


def test_basic_energy_is_exempt(tmp_path: Path) -> None:
    files = with_deck((1, "Minimon"), (59, "Grass Energy"))
    loaded = load_engine(tmp_path, files)
    assert loaded.diagnostics == []
    assert len(loaded.games) == 1


def test_special_energy_is_not_exempt(tmp_path: Path) -> None:
    d = only(tmp_path, "E405", {"set1/004-grass.tcg": GRASS.replace("basic", "special")})
    assert 'has 48 copies of "Grass Energy"' in d.message


def test_no_exemption_when_rules_say_none(tmp_path: Path) -> None:
    d = only(tmp_path, "E405", {"rules.tcg": rules_text(copies_exempt="copies_exempt none;")})
    assert 'has 48 copies of "Grass Energy"' in d.message


def test_no_basic_pokemon(tmp_path: Path) -> None:
    d = only(tmp_path, "E406", with_deck((4, "Maximon"), (4, "Swap"), (52, "Grass Energy")))
    assert 'deck "Main" has no Basic Pokemon' in d.message
    assert d.span.line == DECK_LINE


def test_unknown_card_in_deck(tmp_path: Path) -> None:
    d = only(tmp_path, "E401", with_deck((4, "Minimun"), (4, "Maximon"), (4, "Swap"), (48, "Grass Energy")))
    assert 'deck "Main": unknown card "Minimun"' in d.message
    assert d.hint == "did you mean 'Minimon'?"
    assert (d.span.line, d.span.col) == (2, 3)


def test_unknown_card_id_in_deck(tmp_path: Path) -> None:
    d = only(
        tmp_path, "E401", with_deck((4, "Minimon"), (4, "Maximon"), (4, "id mini-9"), (48, "Grass Energy"))
    )
    assert "unknown card id 'mini-9'" in d.message
    assert (d.span.line, d.span.col) == (4, 3)


def test_ambiguous_name(tmp_path: Path) -> None:
    d = only(tmp_path, "E402", {"set1/005-minimon2.tcg": MINIMON.replace("mini-1", "mini-5")})
    assert '"Minimon" names several cards (mini-1, mini-5)' in d.message
    assert d.hint is not None and "id <card-id>" in d.hint
    assert (d.span.line, d.span.col) == (2, 3)


def test_ambiguous_name_resolved_by_id(tmp_path: Path) -> None:
    files = {
        "set1/005-minimon2.tcg": MINIMON.replace("mini-1", "mini-5"),
        **with_deck((2, "id mini-1"), (2, "id mini-5"), (4, "Maximon"), (4, "Swap"), (48, "Grass Energy")),
    }
    loaded = load_engine(tmp_path, files)
    assert loaded.diagnostics == []
    (game,) = loaded.games
    ids = [game.cards[i].id for i in game.decks[0].cards[:4]]
    assert ids == ["mini-1", "mini-1", "mini-5", "mini-5"]


def test_count_zero(tmp_path: Path) -> None:
    d = only(
        tmp_path,
        "E403",
        with_deck((0, "Swap"), (4, "Minimon"), (4, "Maximon"), (4, "Swap"), (48, "Grass Energy")),
    )
    assert "count must be at least 1" in d.message
    assert d.span.line == 2


def test_duplicate_deck_name(tmp_path: Path) -> None:
    d = only(tmp_path, "E407", {"decks/other.tcg": deck_text()})
    assert 'deck name "Main" is used twice' in d.message
    assert d.span.file.endswith("other.tcg")


def test_no_decks(tmp_path: Path) -> None:
    d = only(tmp_path, "E408", drop=("decks/main.tcg",))
    assert "engine 'tcg-mini' has no decks" in d.message
    assert d.span.line == RULES_LINE and d.span.file.endswith("rules.tcg")


# ---- all at once, and holes ---------------------------------------------------------------


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    files = {
        "set1/001-minimon.tcg": MINIMON.replace("weakness fire", "weakness fyre"),
        "set1/002-maximon.tcg": MAXIMON.replace('"Minimon"', '"Nobody"'),
        **with_deck((4, "Minimon"), (4, "Maximon"), (5, "Swap"), (47, "Grass Energy")),
    }
    loaded = load_engine(tmp_path, files)
    assert sorted(codes(loaded.diagnostics)) == ["E204", "E305", "E405"]
    assert loaded.games == []
    by_code = {d.code: d for d in loaded.diagnostics}
    assert by_code["E204"].span.file.endswith("001-minimon.tcg")
    assert by_code["E305"].span.file.endswith("002-maximon.tcg")
    assert by_code["E405"].span.file.endswith("main.tcg")
    rendered = loaded.render()
    assert rendered.count("error[") == 3


def test_syntax_errors_in_several_files_are_all_reported(tmp_path: Path) -> None:
    files = {
        "set1/001-minimon.tcg": MINIMON.replace("type", "tipe"),
        "set1/002-maximon.tcg": MAXIMON.replace("hp 70", "hp seventy"),
    }
    loaded = load_engine(tmp_path, files)
    assert codes(loaded.diagnostics) == ["E001", "E001"]
    assert [(d.span.line, d.span.col) for d in loaded.diagnostics] == [(2, 23), (2, 44)]
    assert loaded.games == []


def test_holes_are_warnings_and_the_game_loads(tmp_path: Path) -> None:
    card = SWAP.replace("switch own_active with chosen own_bench", 'unspecified "Draw 2 cards."')
    loaded = load_engine(tmp_path, {"set1/003-swap.tcg": card})
    assert codes(loaded.diagnostics) == ["W100"]
    (w,) = loaded.diagnostics
    assert w.severity == "warning"
    assert 'unspecified effect in Swap (trainer): "Draw 2 cards."' in w.message
    assert (w.span.line, w.span.col) == (3, 5)
    assert loaded.errors == []
    loaded.raise_for_errors()  # warnings do not raise
    (game,) = loaded.games
    (hole,) = game.holes
    assert (hole.card_id, hole.card_name, hole.where, hole.text) == (
        "mini-3",
        "Swap",
        "trainer",
        "Draw 2 cards.",
    )
    assert "warning[W100]" in loaded.render()
    assert loaded.render(warnings=False) == ""


def test_hole_in_attack_and_power(tmp_path: Path) -> None:
    card = MAXIMON.replace(
        '  attack "Slam"',
        '  power "Glow" {\n    unspecified "It glows."\n  }\n  attack "Slam"',
    ).replace("damage 30", 'damage 30 {\n    unspecified "Maybe more."\n  }')
    loaded = load_engine(tmp_path, {"set1/002-maximon.tcg": card})
    assert codes(loaded.diagnostics) == ["W100", "W100"]
    (game,) = loaded.games
    assert [h.where for h in game.holes] == ["power Glow", "attack Slam"]


def test_load_reports_missing_path(tmp_path: Path) -> None:
    from tcgc.errors import TcgcError

    with pytest.raises(TcgcError, match="no such file or folder"):
        load([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(TcgcError, match="no rules.tcg"):
        load([tmp_path / "empty"])


def test_load_from_a_file_finds_its_engine(tmp_path: Path) -> None:
    root = write_engine(tmp_path)
    loaded = load([root / "set1" / "001-minimon.tcg"])
    assert [g.engine for g in loaded.games] == ["tcg-mini"]
    assert len(loaded.games[0].cards) == 4
