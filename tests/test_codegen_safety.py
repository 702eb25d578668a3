"""Spec strings reach generated code as inert data: names and texts holding quotes, backslashes,
newlines, jinja syntax or Python code end up inside string literals, never as code.

Nothing here imports or runs the emitted module: it is only parsed with `ast`.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

from tcgc import ir
from tcgc.build import compile_spec

from .helpers_spec import RULES_TEXT, write_engine

# Each is used as a card name, an attack name, an unspecified text and a deck name.
PAYLOADS = [
    'Quote "Mon"',
    "Back\\slash\\",
    "Two\nLines\n",
    "Tab\there",
    "{{ 7 * 7 }} {{ engine }}",
    "{% for x in y %}{% endfor %} {# c #}",
    '"); import os #',
    "'); import os #",
    '\\"); import os #',
    '"""); import os; """',
    "''' + __import__('os').system('x') + '''",
    "x\nimport os\n#",
    "Pok\u00e9mon \u2713 {{",
]

NORMAL_IMPORTS = {
    ("from", "__future__", ("annotations",)),
    ("from", "typing", ("NamedTuple",)),
    ("import", "jax", None),
    ("import", "jax.numpy", "jnp"),
    ("import", "numpy", "np"),
    ("from", "tcgc.runtime", ("lanes", "rng")),
}


def lit(text: str) -> str:
    """A spec string literal, escaped by hand (independently of tcgc.fmt.quote)."""
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    )


def payload_files() -> dict[str, str]:
    files: dict[str, str] = {}
    entries: list[str] = []
    for i, p in enumerate(PAYLOADS, start=1):
        files[f"set1/{i:03d}.tcg"] = (
            f"card {lit(p)} id evil-{i} {{\n"
            "  pokemon basic hp 50 type grass\n"
            f"  attack {lit(p)} cost [grass] damage 10 {{\n"
            f"    unspecified {lit(p)}\n"
            "  }\n"
            f"  attack {lit('second ' + p)} cost [grass] damage 20\n"
            "}\n"
        )
        entries.append(f"  4 {lit(p)}")
    trainer_name = "Trainer " + "".join(PAYLOADS)
    files["set1/100.tcg"] = (
        f"card {lit(trainer_name)} id evil-100 {{\n"
        f"  trainer {{\n    unspecified {lit(''.join(PAYLOADS))}\n  }}\n}}\n"
    )
    energy_name = 'Grass "Energy" \\ {{'
    files["set1/101.tcg"] = f"card {lit(energy_name)} id evil-101 {{\n  energy basic provides [grass]\n}}\n"
    used = 4 * len(PAYLOADS) + 1
    deck_body = "\n".join([*entries, f"  1 {lit(trainer_name)}", f"  {60 - used} {lit(energy_name)}"])
    for i, p in enumerate(PAYLOADS, start=1):
        files[f"decks/{i:03d}.tcg"] = f"deck {lit(p)} {{\n{deck_body}\n}}\n"
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[ir.Game, str]:
    root = write_engine(
        tmp_path_factory.mktemp("evil"),
        payload_files(),
        drop=(
            "set1/001-minimon.tcg",
            "set1/002-maximon.tcg",
            "set1/003-swap.tcg",
            "set1/004-grass.tcg",
            "decks/main.tcg",
        ),
    )
    (engine,) = compile_spec([root])
    return engine.game, engine.source


def string_constant_mask(source: str, tree: ast.AST) -> str:
    """The source with every string constant (docstrings included) blanked out."""
    lines = [bytearray(line.encode("utf-8")) for line in source.splitlines(keepends=True)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert node.end_lineno is not None and node.end_col_offset is not None
            for ln in range(node.lineno, node.end_lineno + 1):
                line = lines[ln - 1]
                start = node.col_offset if ln == node.lineno else 0
                end = node.end_col_offset if ln == node.end_lineno else len(line.rstrip(b"\n"))
                line[start:end] = b" " * (end - start)
    return b"".join(lines).decode("utf-8")


def assigned(tree: ast.Module, name: str) -> object:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned at the top level")


def imports_of(nodes: list[ast.stmt] | list[ast.AST]) -> set[tuple[str, str, object]]:
    found: set[tuple[str, str, object]] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(("import", alias.name, alias.asname))
        elif isinstance(node, ast.ImportFrom):
            found.add(("from", "." * node.level + (node.module or ""), tuple(a.name for a in node.names)))
    return found


def test_the_spec_checks_and_keeps_the_strings(built: tuple[ir.Game, str]) -> None:
    game, _ = built
    assert [c.name for c in game.cards][: len(PAYLOADS)] == PAYLOADS
    assert [d.name for d in game.decks] == PAYLOADS
    texts = {h.text for h in game.holes}
    assert set(PAYLOADS) <= texts
    attack_names = [a.name for c in game.cards if isinstance(c.body, ir.Pokemon) for a in c.body.attacks]
    assert attack_names[::2] == PAYLOADS


def test_emitted_module_parses(built: tuple[ir.Game, str]) -> None:
    _, source = built
    tree = ast.parse(source)
    assert isinstance(tree, ast.Module)
    compile(tree, "<engine>", "exec")  # compiles (not run)


def test_names_are_exact_string_constants(built: tuple[ir.Game, str]) -> None:
    game, source = built
    tree = ast.parse(source)
    assert list(assigned(tree, "CARD_NAMES")) == [c.name for c in game.cards]
    assert list(assigned(tree, "DECK_NAMES")) == PAYLOADS
    assert list(assigned(tree, "CARD_IDS")) == [c.id for c in game.cards]
    assert assigned(tree, "ENGINE") == "tcg-mini"
    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert set(PAYLOADS) <= constants


def test_payloads_occur_only_inside_string_constants(built: tuple[ir.Game, str]) -> None:
    _, source = built
    tree = ast.parse(source)
    masked = string_constant_mask(source, tree)
    for p in PAYLOADS:
        for piece in [p, *p.split("\n")]:
            if len(piece.strip()) >= 3:
                assert piece not in masked, f"{piece!r} occurs outside a string constant"
    for fragment in ("import os", "__import__", "{{", "}}", "{%", "%}", "{#", "system("):
        assert fragment not in masked, f"{fragment!r} occurs outside a string constant"


def test_no_code_refers_to_os(built: tuple[ir.Game, str]) -> None:
    _, source = built
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            assert node.id not in ("os", "__import__", "exec", "eval", "system"), ast.dump(node)
        if isinstance(node, ast.Attribute):
            assert node.attr != "system", ast.dump(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in ("__import__", "exec", "eval", "compile", "open"), ast.dump(node)
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    names = {t.string for t in tokens if t.type == tokenize.NAME}
    assert "os" not in names
    assert "__import__" not in names


def test_only_the_normal_imports(built: tuple[ir.Game, str]) -> None:
    _, source = built
    tree = ast.parse(source)
    assert imports_of(tree.body) == NORMAL_IMPORTS
    assert imports_of(list(ast.walk(tree))) == NORMAL_IMPORTS  # none nested in functions either


def test_clean_spec_has_the_same_imports(tmp_path: Path) -> None:
    (engine,) = compile_spec([write_engine(tmp_path)])
    tree = ast.parse(engine.source)
    assert imports_of(tree.body) == NORMAL_IMPORTS


def test_rules_name_is_inert(tmp_path: Path) -> None:
    evil = "x\nimport os\n#"
    rules = RULES_TEXT.replace('rules "classic"', f"rules {lit(evil)}")
    (engine,) = compile_spec([write_engine(tmp_path, {"rules.tcg": rules})])
    tree = ast.parse(engine.source)
    assert imports_of(tree.body) == NORMAL_IMPORTS
