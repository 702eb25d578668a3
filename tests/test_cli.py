"""The command line, run in-process: check, build, fmt and every subcommand's --help."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from tcgc.cli import main

from .helpers_spec import CLASSIC, MINIMON, REPO, SWAP, write_engine


def _pocket_holes() -> int:
    from tcgc.load import load

    (game,) = load([str(REPO / "spec" / "tcg" / "pocket")]).games
    return len(game.holes)


POCKET_HOLES = _pocket_holes()  # TCG Pocket text that no statement expresses yet


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture
def with_hole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's TCG spec in which Electrode's power is an `unspecified` hole again."""
    shutil.copytree(REPO / "spec" / "tcg", tmp_path / "spec" / "tcg")
    card = tmp_path / "spec" / "tcg" / "classic" / "base1" / "021-electrode.tcg"
    text = card.read_text(encoding="utf-8")
    power = "knock out self and attach it to chosen other own_pokemon as 2 energy of chosen type"
    assert power in text
    hole = 'unspecified "Knock Out Electrode and attach it as Energy."'
    card.write_text(text.replace(power, hole), "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# ---- check -----------------------------------------------------------------------------------


def test_check_spec(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "spec/"]) == 0
    out, err = capsys.readouterr()
    assert "102 cards" in out
    assert out.startswith("tcg-classic: ")
    assert "in sets base1 (102); 114 attacks" in out
    assert "error" not in err
    lines = {line.split(":")[0]: line for line in out.splitlines()}
    assert set(lines) == {"tcg-classic", "tcg-pocket", "battle-gen1"}
    assert lines["tcg-classic"].endswith("; 0 unspecified holes")  # the Base Set has none
    assert lines["battle-gen1"].startswith("battle-gen1: 151 species, 165 moves (165 wholly spec)")
    assert lines["battle-gen1"].endswith("; 0 unspecified holes")  # every Gen 1 move is spec
    assert POCKET_HOLES == 0
    assert lines["tcg-pocket"].endswith("; 0 unspecified holes")  # every A1 text is expressed
    assert "unspecified hole(s)" not in err  # no hole anywhere: no warning line


def test_check_reports_holes_as_warnings(with_hole: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "spec/"]) == 0
    out, err = capsys.readouterr()
    assert "1 unspecified holes" in out
    assert f"{1 + POCKET_HOLES} unspecified hole(s) (warnings); list them with --holes" in err


def test_check_holes_lists_the_warnings(with_hole: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "spec/", "--holes"]) == 0
    _, err = capsys.readouterr()
    assert "warning[W100]" in err
    # every hole as file:line:col, the card and where in it
    assert re.search(
        r"spec/tcg/classic/base1/\d{3}-[\w-]+\.tcg:\d+:\d+: warning\[W100\]: unspecified effect in \w", err
    )


def test_check_json(with_hole: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "spec/", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"ok", "diagnostics", "engines"}
    assert data["ok"] is True
    assert data["diagnostics"], "the classic spec has holes"
    for d in data["diagnostics"]:
        assert {"file", "line", "col", "severity", "message"} <= set(d)
        assert isinstance(d["line"], int) and isinstance(d["col"], int) and d["line"] >= 1 and d["col"] >= 1
        assert d["severity"] == "warning" and d["code"] == "W100"
        assert Path(d["file"]).is_file()
    eng = data["engines"]["tcg-classic"]
    assert eng["cards"] == 102
    assert eng["attacks"] == 114
    assert eng["sets"] == {"base1": 102}
    assert eng["holes"] == sum("/classic/" in d["file"] for d in data["diagnostics"]) == 1
    assert eng["decks"] == 6


def test_check_strict_fails_on_holes(with_hole: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "spec/", "--strict"]) == 1
    _, err = capsys.readouterr()
    assert "--strict:" in err and "count as errors" in err


def test_check_strict_json(with_hole: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "spec/", "--strict", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert {d["severity"] for d in data["diagnostics"]} == {"error"}


def test_check_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-spec"
    assert main(["check", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert str(missing) in err
    assert "no such file or folder" in err


def test_check_folder_without_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "rules.tcg" in err


def test_check_reports_errors_with_carets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_engine(tmp_path, {"set1/001-minimon.tcg": MINIMON.replace("type grass", "type gras")})
    assert main(["check", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    path = root / "set1" / "001-minimon.tcg"
    assert (
        f"{path}:2:3: error[E204]: unknown energy type 'gras'; did you mean 'grass'?\n"
        "      pokemon basic hp 40 type gras\n"
        "      ^\n"
    ) in err
    assert "1 error(s)" in err


def test_check_json_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_engine(tmp_path, {"set1/001-minimon.tcg": MINIMON.replace("type grass", "type gras")})
    assert main(["check", str(root), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["engines"] == {}
    (d,) = data["diagnostics"]
    assert (d["line"], d["col"], d["severity"], d["code"]) == (2, 3, "error", "E204")
    assert d["message"] == "unknown energy type 'gras'; did you mean 'grass'?"


# ---- --help ----------------------------------------------------------------------------------

DESCRIPTIONS = {
    "build": "Parse, check, lower and emit one engine per game folder",
    "check": "Parse and check specs",
    "fmt": "Print specs back in canonical form",
    "verify": "static (parse, check, engine freshness)",
    "bench": "Random-action steps per second",
    "scrape": "write one spec file per card into OUT",
    "repair": "For each `unspecified` hole of the TCG specs",
}


@pytest.mark.parametrize("command", sorted(DESCRIPTIONS))
def test_subcommand_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: tcgc {command}")
    assert DESCRIPTIONS[command] in " ".join(out.split())
    assert "Docs: README.md" in out


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in DESCRIPTIONS:
        assert command in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert "usage: tcgc" in capsys.readouterr().err


# ---- fmt -------------------------------------------------------------------------------------


def test_fmt_check_spec(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(in_repo / "spec")
    assert main(["fmt", "--check", "spec/"]) == 0
    err = capsys.readouterr().err
    assert f"{len([k for k in before if k.endswith('.tcg')])} file(s) checked, 0 would reformat" in err
    assert tree(in_repo / "spec") == before


def test_fmt_rewrites_a_non_canonical_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = CLASSIC / "base1" / "095-switch.tcg"
    canonical = original.read_text(encoding="utf-8")
    target = tmp_path / "095-switch.tcg"
    messy = canonical.replace("\n  trainer {\n    switch", "  trainer{  # an inner comment\n switch")
    messy = messy.replace("own_bench\n  }", "own_bench }").replace('card "Switch"', 'card    "Switch"')
    assert messy != canonical
    target.write_text(messy, encoding="utf-8")

    assert main(["fmt", "--check", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == messy  # --check changes nothing
    assert f"would reformat {target}" in capsys.readouterr().err

    assert main(["fmt", "--stdout", str(target)]) == 0
    assert capsys.readouterr().out == canonical
    assert target.read_text(encoding="utf-8") == messy

    assert main(["fmt", str(target)]) == 0
    assert f"reformatted {target}" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == canonical

    assert main(["fmt", "--check", str(target)]) == 0


def test_fmt_folder_copy(tmp_path: Path) -> None:
    folder = tmp_path / "classic"
    shutil.copytree(CLASSIC, folder)
    messy = folder / "decks" / "water-grass.tcg"
    messy.write_text(messy.read_text(encoding="utf-8").replace("\n  ", "\n\t\t"), encoding="utf-8")
    assert main(["fmt", "--check", str(folder)]) == 1
    assert main(["fmt", str(folder)]) == 0
    assert main(["fmt", "--check", str(folder)]) == 0
    assert tree(folder)["decks/water-grass.tcg"] == (CLASSIC / "decks" / "water-grass.tcg").read_bytes()


def test_fmt_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.tcg"
    bad.write_text('card "A" id x-1 {\n  pokemon basic hp 40 tipe grass\n}\n', encoding="utf-8")
    assert main(["fmt", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:23: error[E001]" in err
    assert "1 with syntax errors" in err


def test_fmt_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(tmp_path / "nope.tcg")]) == 1
    assert str(tmp_path / "nope.tcg") in capsys.readouterr().err


# ---- build -----------------------------------------------------------------------------------


def test_build_broken_spec_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_engine(tmp_path / "src", {"set1/003-swap.tcg": SWAP.replace("mini-3", "mini-1")})
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", str(root), "-o", str(out)]) == 1
    assert list(out.iterdir()) == []
    err = capsys.readouterr().err
    assert "error[E307]" in err
    assert "nothing was written" in err


def test_build_broken_spec_does_not_create_the_folder(tmp_path: Path) -> None:
    root = write_engine(tmp_path / "src", {"decks/main.tcg": 'deck "D" {\n  4 Squirtle\n}\n'})
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out)]) == 1
    assert not out.exists()


def test_build_broken_spec_leaves_existing_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = write_engine(tmp_path / "good")
    assert main(["build", str(good), "-o", str(out)]) == 0
    before = tree(out)
    bad = write_engine(tmp_path / "bad", {"set1/001-minimon.tcg": MINIMON.replace("hp 40", "hp 45")})
    assert main(["build", str(bad), "-o", str(out)]) == 1
    assert tree(out) == before


def test_build_strict_on_spec_writes_nothing(with_hole: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = with_hole / "out"
    out.mkdir()
    assert main(["build", "spec/", "--strict", "-o", str(out)]) == 1
    assert list(out.iterdir()) == []
    assert "build refused (--strict)" in capsys.readouterr().err


def test_build_writes_an_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_engine(tmp_path / "src")
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["holes"] == []
    eng = data["engines"]["tcg-mini"]
    assert eng["cards"] == 4 and eng["sets"] == {"set1": 4}
    assert sorted(tree(out)) == ["__init__.py", "tcg_mini.py"]
    assert Path(eng["module"]) == out / "tcg_mini.py"
    source = (out / "tcg_mini.py").read_text(encoding="utf-8")
    ast.parse(source)
    assert "CARD_NAMES = ('Minimon', 'Maximon', 'Swap', 'Grass Energy')" in source
    assert not list(out.glob("*.tmp"))
