"""Random legal decks for a checked TCG game (for tests, benchmarks and self-play variety).

A random deck picks a few evolution lines (a Basic Pokemon and what evolves from it, each 1-4
copies), some Trainers, and fills the rest with the basic Energy of the chosen Pokemon's types (the
first basic Energy when none match). Every deck obeys the game's deck rules: `deck_size` cards, at
most `max_copies` of a name except basic Energy when the rules exempt it, at least one Basic.
"""

from __future__ import annotations

import numpy as np

from tcgc import ir


def _lines(game: ir.Game) -> list[list[int]]:
    """Evolution lines: each Basic Pokemon followed by the cards that evolve from it, stage by stage."""
    by_from: dict[str, list[int]] = {}
    for i, c in enumerate(game.cards):
        if isinstance(c.body, ir.Pokemon) and c.body.evolves_from:
            by_from.setdefault(c.body.evolves_from, []).append(i)
    lines = []
    for i, c in enumerate(game.cards):
        if isinstance(c.body, ir.Pokemon) and c.body.stage == "basic":
            line, frontier = [i], [c.name]
            while frontier:
                nxt = [j for name in frontier for j in by_from.get(name, [])]
                line += nxt
                frontier = [game.cards[j].name for j in nxt]
            lines.append(line)
    return lines


def random_deck(game: ir.Game, seed: int) -> list[int]:
    """A legal deck (card indices, `deck_size` long) drawn at random from the game's cards."""
    rules = game.rules
    gen = np.random.default_rng(seed)
    lines = _lines(game)
    trainers = [i for i, c in enumerate(game.cards) if isinstance(c.body, ir.Trainer)]
    basic_energy = {
        c.body.provides[0]: i
        for i, c in enumerate(game.cards)
        if isinstance(c.body, ir.Energy) and c.body.category == "basic"
    }
    size, cap = rules.deck_size, rules.max_copies
    deck: list[int] = []
    types: list[str] = []
    for line_index in gen.permutation(len(lines))[: int(gen.integers(2, 5))]:
        for card in lines[line_index]:
            deck += [card] * int(gen.integers(1, cap + 1))
            body = game.cards[card].body
            assert isinstance(body, ir.Pokemon)
            types.append(body.type)
    deck = deck[: size // 2]
    if trainers:
        for card in gen.choice(trainers, size=min(len(trainers), int(gen.integers(3, 8))), replace=False):
            deck += [int(card)] * int(gen.integers(1, cap + 1))
    deck = deck[: size - size // 4]
    energy = [basic_energy[t] for t in types if t in basic_energy] or list(basic_energy.values())[:1]
    exempt = rules.copies_exempt == "basic_energy"
    while len(deck) < size:
        if energy and exempt:
            deck.append(energy[int(gen.integers(0, len(energy)))])
        else:  # no exemption: fill with further copies while the cap allows
            options = [i for i in range(len(game.cards)) if deck.count(i) < cap]
            deck.append(int(gen.choice(options)))
    return deck
