"""TCG Pocket (spec/tcg/pocket): the second ruleset, compiled by the same pipeline as the classic game.

The engine is checked like the classic one: random games against the reference step by step, the
invariants after every step, the rule scenarios (spec/tcg/pocket/scenarios) on both, illegal decks as
clear errors, and the A1 cards as a byte-for-byte rescrape of the Pocket database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from tcgc import ir
from tcgc.load import load
from tcgc.reference.tcg import OFFERED, RESERVE, TcgReference
from tcgc.runtime import rng
from tcgc.runtime.env import load_engine_module
from tcgc.verify.properties import run_properties
from tcgc.verify.rollout import play_lockstep
from tcgc.verify.scenarios import load_scenarios, run_scenarios
from tests.conftest import ROLLOUT_GAMES, SHARED

ROOT = Path(__file__).resolve().parent.parent
POCKET = ROOT / "spec" / "tcg" / "pocket"
EPOCH = "1787270400"  # SOURCE_DATE_EPOCH of the checked-in A1 scrape (the database's commit date)


@pytest.fixture(scope="module")
def pocket() -> ir.Game:
    loaded = load([str(POCKET)])
    assert not loaded.errors, loaded.render()
    (game,) = loaded.games
    return game


@pytest.fixture(scope="module")
def engine():  # noqa: ANN201 - the generated module
    return load_engine_module("tcg-pocket")


def test_the_ruleset_is_spec(pocket: ir.Game) -> None:
    r = pocket.rules
    assert (r.deck_size, r.max_copies, r.bench_size, r.prizes, r.ex_prizes) == (20, 2, 3, 3, 2)
    assert (r.prize_cards, r.energy_zone, r.first_turn_energy) == (False, True, False)
    assert not r.first_player_draws
    assert (r.weakness_multiplier, r.weakness_bonus, r.resistance_reduction) == (1, 20, 0)
    assert r.supporters_per_turn == 1 and "deck_out" not in r.win_by
    a1 = [c for c in pocket.cards if c.id.startswith("a1-")]
    assert len(a1) == 286
    assert sum(isinstance(c.body, ir.Pokemon) and c.body.ex for c in a1) == 42
    assert sum(isinstance(c.body, ir.Trainer) and c.body.supporter for c in a1) == 16


def test_random_games_agree_step_by_step(pocket: ir.Game, engine) -> None:
    report = play_lockstep(pocket, engine, games=ROLLOUT_GAMES, seed=3)
    assert report.ok, report.mismatches[:3]
    assert report.games == ROLLOUT_GAMES and report.steps > 20 * ROLLOUT_GAMES


def test_invariants_hold(pocket: ir.Game, engine) -> None:
    report = run_properties(pocket, engine, games=min(ROLLOUT_GAMES, 200), seed=5)
    assert not report.violations, report.violations[:5]
    assert report.finished == report.games


def test_rule_scenarios_pass_on_engine_and_reference(pocket: ir.Game, engine) -> None:
    results = run_scenarios(pocket, engine, POCKET / "scenarios")
    assert len(results) >= 17
    failures = [f"{r.name}: {f}" for r in results for f in r.failures]
    assert not failures, failures
    covered = {c for r in results for c in r.covers}
    for rule in ("weakness_bonus", "ex_prizes", "energy_zone", "supporters_per_turn", "bench_size",
                 "asleep", "paralyzed", "confused", "poisoned", "burned"):  # fmt: skip
        assert f"rule:{rule}" in covered


def _effects(card: ir.Card) -> list[tuple[ir.Stmt, ...]]:
    """The effect blocks of a card: its attacks' and powers', or a Trainer's."""
    body = card.body
    if isinstance(body, ir.Pokemon):
        return [a.effect for a in body.attacks if a.effect] + [p.effect for p in body.powers if p.effect]
    if isinstance(body, ir.Trainer):
        return [body.effect] if body.effect else []
    return []


def _has_hole(node: object) -> bool:
    """Whether an effect (a statement, a block, or its dumped form) holds an `unspecified` anywhere."""
    if isinstance(node, ir.Node):
        return _has_hole(node.model_dump())
    if isinstance(node, dict):
        return node.get("kind") == "unspecified" or any(_has_hole(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_has_hole(v) for v in node)
    return False


def test_every_expressed_a1_card_is_covered_by_a_scenario(pocket: ir.Game) -> None:
    """Each A1 card with an effect and no `unspecified` hole has a scenario naming it in `covers`
    (cards that still hold a hole are exempt until their text is expressed)."""
    expressed = [
        c.id
        for c in pocket.cards
        if c.id.startswith("a1-") and _effects(c) and not any(_has_hole(e) for e in _effects(c))
    ]
    assert len(expressed) >= 72
    covered = {c for _, sc in load_scenarios(POCKET / "scenarios") for c in sc.get("covers", [])}
    uncovered = [i for i in expressed if f"card:{i}" not in covered]
    assert not uncovered, f"A1 cards with an expressed effect but no scenario: {', '.join(uncovered)}"


def test_the_energy_zone_over_the_first_turns(pocket: ir.Game, engine) -> None:
    """No Energy for the first player's first turn; then one a turn of the deck's types, which goes
    back unused at the turn's end; the same on the engine and the reference."""
    ref = TcgReference(pocket)
    deck = next(d for d in pocket.decks if len(d.energy) == 2)
    types = {pocket.cards[i].body.provides[0] for i in deck.tokens}  # type: ignore[union-attr]
    assert types == set(deck.energy)
    for seed in range(6):
        key = jax.random.PRNGKey(seed)
        s = engine.init(key, jnp.asarray(deck.slots), jnp.asarray(deck.slots))
        r = ref.init(key, list(deck.slots), list(deck.slots))
        assert (np.asarray(s.zone) == -1).sum() == 2 * len(deck.tokens)  # nothing offered on turn 1
        assert sum(z == RESERVE for row in r.zone for z in row) == 2 * len(deck.tokens)
        for t in (1, 2):
            k = rng.game_step_key(key, t)
            coins, draws = rng.step_random(k, engine.NUM_SLOTS, engine.NUM_DRAWS)
            s = engine.step(s, engine.A_END, k)
            r = ref.step(r, 0, [int(c) for c in coins], [int(w) for w in draws])
            offered = np.argwhere(np.asarray(s.zone) == engine.ZONE_OFFERED)
            assert len(offered) == 1 and offered[0][0] == 0  # one Energy, for the player to act (row 0)
            card = int(np.asarray(s.card)[tuple(offered[0])])
            assert pocket.cards[card].body.provides[0] in deck.energy  # type: ignore[union-attr]
            mover = r.current_player
            assert [z for z in r.zone[mover] if z == OFFERED] == [OFFERED]
            assert all(z != OFFERED for z in r.zone[1 - mover])  # last turn's went back


BAD_DECKS = [
    ("21 cards", '  2 id a1-001\n' * 10 + '  1 id a1-002\n', "[grass]", "E404", "has 21 cards"),
    ("3 copies", '  3 id a1-001\n' + '  2 id a1-005\n' * 8 + '  1 id a1-008\n', "[grass]", "E405",
     'has 3 copies of "Bulbasaur"'),
    ("no Energy types", '  2 id a1-001\n' * 10, None, "E407", "must declare 1 to 3"),
    ("4 Energy types", '  2 id a1-001\n' * 10, "[grass fire water psychic]", "E407", "must declare 1 to 3"),
    ("no Energy card for a type", '  2 id a1-001\n' * 10, "[dragon]", "E407", "no basic Energy card"),
    ("an unknown type", '  2 id a1-001\n' * 10, "[plasma]", "E", "plasma"),
    ("an Energy card in the deck", '  2 id a1-001\n' * 9 + '  2 id pocket-energy-grass\n', "[grass]", "E407",
     "holds Energy cards"),
]  # fmt: skip


@pytest.mark.parametrize("name,entries,energy,code,message", BAD_DECKS, ids=[b[0] for b in BAD_DECKS])
def test_illegal_decks_are_clear_errors(tmp_path: Path, name, entries, energy, code, message) -> None:
    import shutil

    root = tmp_path / "spec" / "tcg" / "pocket"
    shutil.copytree(POCKET, root, ignore=shutil.ignore_patterns("scenarios"))
    head = f'deck "Bad" energy {energy} {{\n' if energy else 'deck "Bad" {\n'
    (root / "decks" / "bad.tcg").write_text(head + entries + "}\n", encoding="utf-8")
    loaded = load([str(root)])
    errors = [d for d in loaded.errors if d.code.startswith(code) and message in d.message]
    assert errors, loaded.render()
    assert all(d.span.file.endswith("bad.tcg") for d in errors)
    assert not loaded.games  # nothing to build from


def test_energy_types_need_the_energy_zone(tmp_path: Path) -> None:
    from tests.helpers_spec import deck_text, load_engine

    text = deck_text().replace('deck "Main" {', 'deck "Main" energy [grass] {')
    loaded = load_engine(tmp_path, {"decks/main.tcg": text})
    assert any(d.code == "E407" and "no energy_zone" in d.message for d in loaded.errors)


def test_a1_is_the_scrape_of_the_pocket_database(tmp_path: Path) -> None:
    out = tmp_path / "a1"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    source = "../shared/data/tcg/pocket/a1.json"  # as written in the headers: from the repository root
    assert (ROOT / source).resolve() == (SHARED / "data" / "tcg" / "pocket" / "a1.json").resolve()
    cmd = [sys.executable, "-m", "tcgc.cli", "scrape", source, "-o", str(out), "-q"]
    subprocess.run(cmd, check=True, env=env, capture_output=True, cwd=ROOT)
    written = {p.name: p.read_bytes() for p in out.glob("*.tcg")}
    checked_in = {p.name: p.read_bytes() for p in (POCKET / "a1").glob("*.tcg")}
    assert len(written) == 286 and written == checked_in


def test_observe_shows_the_revealed_hand_to_the_attacker(pocket: ir.Game, engine) -> None:
    """After Mew's Psy Report (`reveal opponent_hand`) and the opponent's turn, the attacker, to act
    again (rows swapped back to it), sees the card ids of the revealed hand; the card the opponent
    drew after the reveal, its deck and its Prize cards stay hidden (-1)."""
    from tcgc.verify.scenarios import ScenarioRunner, _Builder, action_index, to_engine_state

    sc = {
        "name": "observe after a reveal",
        "me": {"active": {"card": "Mew", "attached": ["Psychic Energy"]}, "deck": 3},
        "opponent": {"active": "Snorlax", "hand": ["Bulbasaur", "Charmander"], "deck": 2,
                     "deck_cards": ["Rattata", "Rattata"]},
    }  # fmt: skip
    runner = ScenarioRunner(pocket, engine)
    ref_state = _Builder(pocket, runner.ref, "test").state(sc)
    state = to_engine_state(engine, runner.template, ref_state)
    for n, text in enumerate(["attack 0", "end"]):
        index = action_index(runner.ref, ref_state, text, "test")
        key = jax.random.PRNGKey(n)
        coins, draws = rng.step_random(key, runner.ref.num_slots, runner.ref.num_draws)
        ref_state = runner.ref.step(ref_state, index, [int(c) for c in coins], [int(w) for w in draws])
        state = runner.step(state, index, key)
    assert int(state.current_player) == 0  # rows: 0 = the attacker, 1 = the opponent
    deck_size = state.zone.shape[1]
    seen = np.asarray(engine.observe(state))[deck_size : 2 * deck_size]  # the opponent's slots, as seen
    zone, card = np.asarray(state.zone[1]), np.asarray(state.card[1])
    hand = np.flatnonzero(zone == engine.ZONE_HAND)
    names = {runner.ref.name(int(card[i])) for i in hand}
    assert len(hand) == 3 and names == {"Bulbasaur", "Charmander", "Rattata"}
    for i in hand:
        shown = runner.ref.name(int(card[i])) != "Rattata"  # drawn after the reveal: unknown
        assert bool(state.revealed[1, i]) == shown
        assert int(seen[i]) == (int(card[i]) if shown else -1)
    hidden = (zone == engine.ZONE_DECK) | (zone >= engine.ZONE_PRIZE)
    assert hidden.any() and (seen[hidden] == -1).all()
    assert ref_state.revealed is not None and sum(ref_state.revealed[1]) == 2
