"""Package C's primitives beyond their scenarios (spec/tcg/pocket/scenarios/zone.toml): the Energy Zone
tokens a deck gets for the types its cards take, and the cap of `flip until tails`, on the engine and
on the reference."""

from __future__ import annotations

import shutil
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from tcgc import ir
from tcgc.load import load
from tcgc.reference.tcg import TcgReference
from tcgc.runtime.env import load_engine_module
from tcgc.verify.scenarios import ScenarioRunner, _Builder, to_engine_state
from tests.test_pocket import POCKET

FIRE_DECK = """deck "Fire and Meltan" energy [fire] {
  2 id a1-037
  2 id a1-038
  2 id a1-042
  2 id a1-043
  2 id a1-044
  2 id a1-039
  2 id a1-181
  2 id a1-201
  2 id a1-221
  2 id a1-223
}
"""


def test_a_deck_gets_zone_tokens_of_the_types_its_cards_take(tmp_path: Path) -> None:
    """A Fire deck with Meltan (`take metal energy from zone to self`): the zone keeps Fire tokens first
    (the only type it offers) and an equal share of Metal tokens after them."""
    root = tmp_path / "spec" / "tcg" / "pocket"
    shutil.copytree(POCKET, root, ignore=shutil.ignore_patterns("scenarios"))
    (root / "decks" / "fire.tcg").write_text(FIRE_DECK, encoding="utf-8")
    loaded = load([str(root)])
    assert not loaded.errors, loaded.render()
    (game,) = loaded.games
    deck = next(d for d in game.decks if d.name == "Fire and Meltan")
    kinds = [game.cards[i].body.provides[0] for i in deck.tokens]  # type: ignore[union-attr]
    half = game.rules.energy_zone_tokens // 2
    assert kinds == ["fire"] * half + ["metal"] * half
    ref = TcgReference(game)
    s = ref.init(jax.random.PRNGKey(0), list(deck.slots), list(deck.slots))
    for word in range(8):  # the zone offers Fire only
        probe = s.clone()
        probe.zone[0] = [-1 if z == -2 else z for z in probe.zone[0]]
        ref.offer_energy(probe, 0, True, word)
        offered = [probe.card[0][i] for i, z in enumerate(probe.zone[0]) if z == -2]
        assert [game.cards[c].body.provides for c in offered] == [("fire",)]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def pocket() -> ir.Game:
    (game,) = load([str(POCKET)]).games
    return game


@pytest.mark.parametrize(("tails_at", "heads"), [(None, ir.FLIP_CAP), (5, 5), (0, 0)])
def test_flip_until_tails_stops_at_the_cap(pocket: ir.Game, tails_at: int | None, heads: int) -> None:
    """Continuous Lick (60 for each heads) with every coin heads does 60 * FLIP_CAP, on both sides."""
    engine = load_engine_module("tcg-pocket")
    runner = ScenarioRunner(pocket, engine)
    sc = {"me": {"active": "Lickitung"}, "opponent": {"active": "Moltres ex"}}
    ref_state = _Builder(pocket, runner.ref, "cap").state(sc)
    state = to_engine_state(engine, runner.template, ref_state)
    coins = [1] * runner.ref.num_slots
    if tails_at is not None:
        coins[runner.ref.slot_effect + tails_at] = 0
    assert runner.ref.num_slots >= runner.ref.slot_effect + ir.FLIP_CAP
    lick = next(i for i, c in enumerate(pocket.cards) if c.name == "Lickitung")
    attack = pocket.cards[lick].body.attacks[0]  # type: ignore[union-attr]
    run = runner.ref.run(
        ref_state, 0, attack.effect or (), coins, [0] * runner.ref.num_draws, hit=60, attacking=True
    )
    assert run.hit == 60 * heads
    _, hit, _, _ = engine._run_program(
        state,
        engine.ATTACK_PROGRAM[lick, 0],
        jnp.asarray(coins, jnp.int32),
        jnp.zeros(runner.ref.num_draws, jnp.uint32),
        jnp.bool_(True),
        jnp.int32(60),
        jnp.bool_(True),
        engine.ATTACK_COST[lick, 0],
        jnp.bool_(False),
        engine._slot_words(state),
    )
    assert int(np.asarray(hit)) == 60 * heads
