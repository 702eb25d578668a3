"""Shared fixtures. CI=true selects the reduced sizes of the long runs (marked `long`)."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

# The tests compile every engine a few times and run them on small batches: XLA's backend optimisation
# makes a compile 2-3x slower (the TCG Pocket step: about 30 s -> 10 s) and buys nothing here. Set before
# JAX starts its backend; benchmarks (`tcgc bench`) never run under pytest.
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_backend_optimization_level=0").strip()

import jax  # noqa: E402
import pytest

from tcgc import ir, ir_battle
from tcgc.load import load
from tcgc.reference.battle import BattleReference

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


# ---- the Gen 1 battle game and its reference (the battle reference's tests; see battle_support.py) ----
@pytest.fixture(scope="session")
def game() -> ir_battle.BattleGame:
    """The Gen 1 game with its PP Ups turned off (`pp_ups 0`), so that the reference's unit tests count PP
    in the moves' own numbers; the PP Ups rule has its own test, and every engine-vs-reference test (the
    scenarios, the rollouts, conformance) plays the spec as written."""
    loaded = load([SPEC / "battle" / "gen1"])
    loaded.raise_for_errors()
    gen1 = loaded.battles[0]
    return gen1.model_copy(update={"rules": gen1.rules.model_copy(update={"pp_ups": 0})})


@pytest.fixture(scope="session")
def ref(game: ir_battle.BattleGame) -> BattleReference:
    return BattleReference(game)


@pytest.fixture(scope="session")
def sp(game: ir_battle.BattleGame) -> dict[str, int]:
    return {s.name: i for i, s in enumerate(game.species)}


@pytest.fixture(scope="session")
def mv(game: ir_battle.BattleGame) -> dict[str, int]:
    return {m.name: i for i, m in enumerate(game.moves)}


@pytest.fixture(scope="session")
def duel(ref: BattleReference, sp: dict[str, int], mv: dict[str, int]):
    """`duel([(species, [moves]), ...], [(species, [moves]), ...])`: a battle of two hand-made teams."""
    from tests.battle_support import make_duel

    return lambda team0, team1: make_duel(ref, sp, mv, team0, team1)
