"""The build: checked-in engines are reproducible, goldens match, failures write nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import jax
import numpy as np
import pytest

from tcgc.build import compile_spec
from tcgc.cli import main
from tcgc.errors import CodegenError

from .conftest import ROOT, SPEC
from .regen_golden import BATTLE_FIXTURE, BATTLE_GOLDEN, FIXTURE, GOLDEN, golden_source


def test_generated_engines_are_fresh():
    """`tcgc build spec/` reproduces generated/ byte for byte (regenerate with `make build`)."""
    built = compile_spec([SPEC])
    assert [b.module for b in built] == ["tcg_classic", "tcg_pocket", "battle_gen1"]
    for b in built:
        checked_in = (ROOT / "generated" / f"{b.module}.py").read_text(encoding="utf-8")
        assert checked_in == b.source, f"generated/{b.module}.py is stale: run `tcgc build spec/`"


def test_build_is_deterministic_and_headed_by_the_spec_hash():
    a, b = compile_spec([SPEC])[0], compile_spec([SPEC])[0]
    assert a.source == b.source
    assert f"spec sha256: {a.game.spec_hash}" in a.source.splitlines()[0]
    assert "Do not edit" in a.source.splitlines()[0]


def test_codegen_golden():
    """The emitted module for tests/fixtures/spec/tcg/mini (regenerate: python -m tests.regen_golden)."""
    assert golden_source() == GOLDEN.read_text(encoding="utf-8")


def test_battle_codegen_golden():
    """The emitted module for tests/fixtures/spec/battle/mini (regenerate: python -m tests.regen_golden)."""
    assert golden_source(BATTLE_FIXTURE) == BATTLE_GOLDEN.read_text(encoding="utf-8")


def test_golden_engine_runs():
    import importlib.util

    spec = importlib.util.spec_from_file_location("tcg_mini_golden", GOLDEN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert sorted(module.PRIMITIVES) == ["inflict", "self_damage", "switch_opponent", "switch_own"]
    deck = module.DECKS[0]
    state = jax.jit(module.init)(jax.random.PRNGKey(0), deck, deck)
    assert bool(state.legal_action_mask.any())
    step = jax.jit(module.step)
    for t in range(20):
        action = int(
            np.flatnonzero(np.asarray(state.legal_action_mask))[t % int(state.legal_action_mask.sum())]
        )
        state = step(state, action, jax.random.PRNGKey(t))
    assert state.zone.shape == (2, module.DECK_SIZE)


def test_unused_primitives_are_not_emitted():
    source = compile_spec([SPEC])[0].source
    assert "(op == OP_SWITCH_OWN) & own_bench, PENDING_SWITCH_OWN" in source  # Switch is in the Base Set
    mini = golden_source()
    assert "inflict CONDITION on TARGET" in mini
    # a pool without effects emits none of the primitive blocks
    assert "inflict CONDITION on TARGET" not in _plain_pool_source()


def _plain_pool_source() -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "spec" / "tcg" / "plain"
        shutil.copytree(FIXTURE, root)
        text = (root / "set1" / "cards.tcg").read_text()
        for line in (
            "inflict paralyzed on defending",
            "inflict poisoned on defending",
            "damage 10 to self",
            "switch own_active with chosen own_bench",
            "switch opponent_active with chosen opponent_bench",
        ):
            text = text.replace(line, 'unspecified "x"')
        (root / "set1" / "cards.tcg").write_text(text)
        return compile_spec([root])[0].source


def test_a_failed_build_changes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(ROOT / "generated", out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    spec = tmp_path / "spec" / "tcg" / "classic"
    shutil.copytree(SPEC / "tcg" / "classic", spec)
    card = spec / "base1" / "004-charizard.tcg"
    card.write_text(card.read_text().replace("hp 120", "hp 12O"))
    assert main(["build", str(spec.parent.parent), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "004-charizard.tcg" in err and "nothing was written" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_engine_limits_are_clear_errors(tmp_path):
    root = tmp_path / "spec" / "tcg" / "wide"
    shutil.copytree(FIXTURE, root)
    rules = root / "rules.tcg"
    rules.write_text(rules.read_text().replace("bench_size 5;", "bench_size 12;"))
    with pytest.raises(CodegenError, match="bench_size 12"):
        compile_spec([root])
