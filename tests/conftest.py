"""Shared fixtures. CI=true selects the reduced sizes of the long runs (marked `long`)."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import jax
import pytest

from tcgc import ir
from tcgc.load import load

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Sizes: (full run, CI run).
ROLLOUT_GAMES = 100 if IN_CI else 1000
PROPERTY_EXAMPLES = 6 if IN_CI else 25
DAMAGE_CASES = 1000 if IN_CI else 10_000
BATTLE_ROLLOUT_GAMES = 100 if IN_CI else 1000
# battles per team pair on each side of the distribution conformance run against Pokemon Showdown
# (2,000 is the benchmark size of `tcgc verify spec/ --level conformance`)
CONFORMANCE_BATTLES = 30 if IN_CI else 2000

jax.config.update("jax_compilation_cache_dir", str(ROOT / ".jax_cache"))
jax.config.update("jax_persistent_cache_min_compile_time_secs", 1.0)


@pytest.fixture(scope="session")
def classic_game() -> ir.Game:
    loaded = load([SPEC / "tcg" / "classic"])
    loaded.raise_for_errors()
    return loaded.games[0]


@pytest.fixture(scope="session")
def classic_engine() -> ModuleType:
    from tcgc.generated import tcg_classic

    return tcg_classic
