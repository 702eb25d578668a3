"""The battle dialect's checker and loader: the Gen 1 spec loads, and every kind of bad input gives a
clear error (file, place, what was expected) and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tcgc.cli import main
from tcgc.load import load

from .conftest import SPEC

GEN1 = SPEC / "battle" / "gen1"

MINI = """\
species "Tauros" num 128 types [normal] base 75 100 95 70 110 learns ["Body Slam" "Earthquake" "Swords Dance"]
species "Starmie" num 121 types [water psychic] base 60 75 85 100 115 learns ["Surf" "Psychic"]
move "Body Slam" num 34 type normal power 85 accuracy 100 pp 15 {
  chance 30%: inflict par on foe
}
move "Earthquake" num 89 type ground power 100 accuracy 100 pp 10
move "Swords Dance" num 14 type normal accuracy always pp 30 target self {
  raise atk 2 on self
}
move "Surf" num 57 type water power 95 accuracy 100 pp 15
move "Psychic" num 94 type psychic power 90 accuracy 100 pp 10 {
  chance 33%: lower spc 1 on foe
}
move "Struggle" num 165 type normal power 50 accuracy always pp 1 {
  unspecified "Recoil."
}
"""


def write_battle(tmp_path: Path, team: str, extra: str = "") -> Path:
    """A small battle engine under tmp_path/spec/battle/mini: the Gen 1 rules and types, two species."""
    root = tmp_path / "spec" / "battle" / "mini"
    root.mkdir(parents=True)
    shutil.copy(GEN1 / "rules.battle", root / "rules.battle")
    shutil.copy(GEN1 / "types.battle", root / "types.battle")
    (root / "dex.battle").write_text(MINI + extra, encoding="utf-8")
    (root / "teams.battle").write_text(team, encoding="utf-8")
    return root


def errors(root: Path) -> list[str]:
    loaded = load([root])
    assert loaded.battles == []
    return [f"{d.code} {d.span.file}:{d.span.line}: {d.message}" for d in loaded.errors]


def test_the_gen1_spec_loads() -> None:
    loaded = load([GEN1])
    assert loaded.errors == []
    (game,) = loaded.battles
    assert (len(game.species), len(game.moves), len(game.types)) == (151, 165, 15)
    assert len(game.teams) >= 20
    tauros = next(s for s in game.species if s.name == "Tauros")
    assert tauros.base == {"hp": 75, "atk": 100, "def": 95, "spc": 70, "spe": 110}
    assert not game.holes  # every Gen 1 move is wholly spec


def test_check_lists_species_and_moves(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(GEN1)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("battle-gen1: 151 species, 165 moves")


def test_a_good_mini_spec_loads(tmp_path: Path) -> None:
    root = write_battle(tmp_path, 'team "A" { "Tauros": "Body Slam", "Earthquake"; "Starmie": "Surf"; }\n')
    loaded = load([root])
    assert loaded.errors == [], loaded.render()
    assert [t.name for t in loaded.battles[0].teams] == ["A"]


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        (
            'team "A" { "Taurus": "Body Slam"; }\n',
            'E401 .*teams.battle:1: team "A": unknown species "Taurus"',
        ),
        (
            'team "A" { "Tauros": "Body Slamm"; }\n',
            'E401 .*teams.battle:1: team "A": unknown move "Body Slamm"',
        ),
        ('team "A" { "Tauros": "Surf"; }\n', 'E404 .*teams.battle:1: team "A": Tauros cannot learn "Surf"'),
        ('team "A" { "Tauros": "Body Slam", "Body Slam"; }\n', 'E403 .*: Tauros has "Body Slam" twice'),
        (
            'team "A" {\n' + '  "Tauros": "Body Slam";\n' * 7 + "}\n",
            'E402 .*teams.battle:1: team "A" has 7 Pokemon; a team has 1 to 6',
        ),
        (
            'team "A" { "Tauros": "Body Slam", "Earthquake", "Swords Dance", "Struggle", "Surf"; }\n',
            "E402 .*Tauros has 5 moves; 1 to 4",
        ),
        ('team "A" { "Tauros" "Body Slam"; }\n', "E001 .*teams.battle:1: unexpected .*expected ':'"),
    ],
    ids=[
        "unknown species",
        "unknown move",
        "cannot learn",
        "duplicate move",
        "7 Pokemon",
        "5 moves",
        "syntax",
    ],
)
def test_bad_teams_are_errors(tmp_path: Path, team: str, expected: str) -> None:
    import re

    found = errors(write_battle(tmp_path, team))
    assert any(re.match(expected, e) for e in found), found


def test_bad_moves_and_species_are_errors(tmp_path: Path) -> None:
    extra = (
        'move "Zap" num 200 type electrik power 300 accuracy 120 pp 99 {\n  inflict zzz on foe\n}\n'
        'species "Mew" num 151 types [psychic] base 100 100 100 100 learns ["Zapp"]\n'
    )
    found = "\n".join(errors(write_battle(tmp_path, "", extra)))
    for text in (
        "unknown type 'electrik'",
        "Zap: accuracy is between 1 and 100",
        "Zap: pp is between 1 and 63",
        "Zap: power is between 1 and 255",
        "unknown status 'zzz'",
        "Mew: base needs 5 numbers",
        'Mew learns unknown move "Zapp"',
    ):
        assert text in found, found


def test_a_missing_rule_setting_is_an_error(tmp_path: Path) -> None:
    root = write_battle(tmp_path, "")
    rules = root / "rules.battle"
    rules.write_text(rules.read_text(encoding="utf-8").replace("  damage_cap 997;\n", ""), encoding="utf-8")
    assert any("missing setting 'damage_cap'" in e for e in errors(root))


def test_build_with_a_bad_battle_spec_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_battle(tmp_path, 'team "A" { "Tauros": "Surf"; }\n')
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out)]) == 1
    assert not out.exists() or list(out.iterdir()) == []
    assert "cannot learn" in capsys.readouterr().err


def test_teams_command_writes_legal_teams(tmp_path: Path) -> None:
    target = tmp_path / "teams.battle"
    assert main(["teams", str(GEN1), "--count", "5", "--seed", "3", "-o", str(target)]) == 0
    copy = tmp_path / "spec" / "battle" / "gen1"
    shutil.copytree(GEN1, copy)
    shutil.copy(target, copy / "teams" / "extra.battle")
    text = target.read_text(encoding="utf-8")
    (copy / "teams" / "random.battle").unlink()
    (copy / "teams" / "extra.battle").write_text(text.replace("Random", "Extra"), encoding="utf-8")
    loaded = load([copy])
    assert loaded.errors == [], loaded.render()
    assert sum(t.name.startswith("Extra") for t in loaded.battles[0].teams) == 5
    again = tmp_path / "again.battle"
    assert main(["teams", str(GEN1), "--count", "5", "--seed", "3", "-o", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == text


def write_random_sets(tmp_path: Path, text: str) -> Path:
    """The mini engine with `text` as its random_sets.battle."""
    root = write_battle(tmp_path, "")
    (root / "random_sets.battle").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("text", "expected", "hint"),
    [
        (
            'random_set "Tauros" level 73 {\n  moves "Body Slam", "Body Slamm";\n}\n',
            'E401 .*random_sets.battle:2: random_set "Tauros": unknown move "Body Slamm" in moves',
            "did you mean 'Body Slam'?",
        ),
        (
            'random_set "Taurus" level 73 {\n  moves "Body Slam";\n}\n',
            'E401 .*random_sets.battle:1: random_set "Taurus": unknown species "Taurus"',
            "did you mean 'Tauros'?",
        ),
        (
            'random_set "Tauros" level 0 {\n  moves "Body Slam";\n}\n',
            'E206 .*random_sets.battle:1: random_set "Tauros": level 0 is not between 1 and 100',
            None,
        ),
        (
            'random_set "Tauros" level 101 {\n  moves "Body Slam";\n}\n',
            "E206 .*random_sets.battle:1: .*level 101 is not between 1 and 100",
            None,
        ),
        (
            'random_set "Tauros" level 73 {\n  moves "Body Slam";\n  moves "Earthquake";\n}\n',
            "E301 .*random_sets.battle:3: random_set \"Tauros\": 'moves' is given twice",
            None,
        ),
        (
            'random_set "Tauros" level 73 {\n  moves "Body Slam";\n}\n'
            'random_set "Tauros" level 80 {\n  moves "Earthquake";\n}\n',
            'E307 .*random_sets.battle:4: random_set "Tauros" is defined twice',
            None,
        ),
        (
            'random_set "Tauros" level 73 {\n}\n',
            'E402 .*random_sets.battle:1: random_set "Tauros" has no moves',
            None,
        ),
        (
            'random_set "Tauros" level 73 {\n  moves "Body Slam"\n}\n',
            "E001 .*random_sets.battle:3: unexpected '}'; expected ',' or ';'",
            None,
        ),
    ],
    ids=[
        "unknown move",
        "unknown species",
        "level 0",
        "level 101",
        "field twice",
        "set twice",
        "empty",
        "syntax",
    ],
)
def test_bad_random_sets_are_errors(tmp_path: Path, text: str, expected: str, hint: str | None) -> None:
    import re

    root = write_random_sets(tmp_path, text)
    found = errors(root)
    assert any(re.match(expected, e) for e in found), found
    if hint:
        assert hint in load([root]).render()


def test_a_random_set_move_the_species_cannot_learn_is_a_warning(tmp_path: Path) -> None:
    text = (
        'random_set "Tauros" level 73 {\n  moves "Body Slam", "Earthquake", "Earthquake";\n'
        '  exclusive "Surf";\n  combo "Body Slam", "Swords Dance";\n}\n'
    )
    loaded = load([write_random_sets(tmp_path, text)])
    assert loaded.errors == [], loaded.render()
    (warning,) = [d for d in loaded.diagnostics if d.code == "W402"]
    assert warning.severity == "warning" and warning.span.line == 3
    assert warning.message == 'random_set "Tauros": Tauros cannot learn "Surf" (exclusive)'
    (game,) = loaded.battles
    (tauros,) = game.random_sets
    names = [m.name for m in game.moves]
    assert (game.species[tauros.species].name, tauros.level) == ("Tauros", 73)
    assert tuple(names[m] for m in tauros.moves) == ("Body Slam", "Earthquake", "Earthquake")
    assert tuple(names[m] for m in tauros.exclusive) == ("Surf",)
    assert tuple(names[m] for m in tauros.combo) == ("Body Slam", "Swords Dance") and tauros.essential == ()
