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


def _program_rows(engine, row: tuple[int, ...]) -> jnp.ndarray:
    rows = np.zeros((engine.MAX_ROWS, 5), np.int32)
    rows[:, 1] = -1
    rows[0] = row
    return jnp.asarray(rows)


@pytest.mark.parametrize(
    ("text", "active", "is_attack", "self_pos", "attached_at"),
    [
        # Gardevoir's power: to the [P] Pokemon in the Active Spot (none when the Active is no [P])
        ("take psychic energy from zone to own_active psychic", "Gardevoir", False, 1, 0),
        ("take psychic energy from zone to own_active psychic", "Pikachu", False, 1, None),
        # Magneton's power: to this Pokemon, on the Bench (a power's runner gives its position)
        ("take lightning energy from zone to self", "Pikachu", False, 1, 1),
        ("take lightning energy from zone to self", "Pikachu", True, 1, 0),  # an attack's self: the Active
    ],
)
def test_zone_attach_outside_an_attack(
    pocket: ir.Game, text: str, active: str, is_attack: bool, self_pos: int, attached_at: int | None
) -> None:
    """The statement a power wraps: `self` is the power's Pokemon (pending_pos on the engine, self_pos on
    the reference), `own_active TYPE` the Active only when it has that type; the same on both sides."""
    from tcgc.parse import parse_text

    card = parse_text('card "x" id x-0 { trainer { ' + text + " } }", "<zone>").items[0]
    (st,) = card.body.effect  # type: ignore[union-attr]
    engine = load_engine_module("tcg-pocket")
    runner = ScenarioRunner(pocket, engine)
    sc = {
        "me": {
            "active": active,
            "bench": ["Magneton"],
            "zone_energy": ["Psychic Energy", "Lightning Energy"],
        },
        "opponent": {"active": "Lickitung"},
    }
    ref_state = _Builder(pocket, runner.ref, "zone").state(sc)
    ref_state.pending_pos = self_pos
    state = to_engine_state(engine, runner.template, ref_state)
    types = list(pocket.rules.energy_types)
    kind = types.index(st.energy_type)
    target = 0 if st.target == "self" else 1 | (types.index(st.pokemon_type) + 1) << 1
    coins = jnp.zeros(runner.ref.num_slots, jnp.int32)
    draws = [0] * runner.ref.num_draws
    out, *_ = engine._run_program(
        state,
        _program_rows(engine, (38, -1, 0, kind, target)),
        coins,
        jnp.asarray(draws, jnp.uint32),
        jnp.bool_(True),
        jnp.int32(0),
        jnp.bool_(is_attack),
        jnp.zeros(len(types), jnp.int32),
        jnp.bool_(False),
        engine._slot_words(state),
    )
    runner.ref.run(
        ref_state,
        0,
        (st,),
        [0] * runner.ref.num_slots,
        draws,
        attacking=is_attack,
        self_pos=0 if is_attack else self_pos,
    )
    zone = np.asarray(out.zone)[0]
    assert list(zone) == ref_state.zone[0]
    tokens = [i for i in range(runner.ref.real_deck, runner.ref.deck_size) if zone[i] >= engine.ZONE_PLAY]
    if attached_at is None:
        assert tokens == []
    else:
        (i,) = tokens
        assert zone[i] == engine.ZONE_PLAY + attached_at
        assert pocket.cards[int(np.asarray(out.card)[0, i])].body.provides == (st.energy_type,)  # type: ignore[union-attr]
