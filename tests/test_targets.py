"""Package B statements that no A1 card's own text uses yet, on a minimal engine (engine and reference,
through the scenario runner): `switch opponent_active with chosen basic opponent_bench` (the statement of
Victreebel's Fragrance Trap, whose power wrapper is another package's)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from tcgc.codegen.emit import emit_tcg_engine
from tcgc.codegen.lower import lower

from tcgc.fmt import format_card
from tcgc.load import load
from tcgc.parse import parse_text
from tcgc.verify.scenarios import ScenarioRunner
from tests.helpers_spec import write_engine

LURE = """\
card "Basic Lure" id mini-9 {
  trainer {
    switch opponent_active with chosen basic opponent_bench
  }
}
"""


def test_the_basic_switch_round_trips() -> None:
    parsed = parse_text(LURE, "lure.tcg")
    card = parsed.items[0]
    assert card.body.effect[0].basic
    assert "\n".join(format_card(card)).strip() == LURE.strip()


def test_only_a_basic_pokemon_of_the_bench_is_switched_in(tmp_path: Path) -> None:
    root = write_engine(tmp_path, files={"set1/009-basic-lure.tcg": LURE})
    loaded = load([root])
    loaded.raise_for_errors()
    (game,) = loaded.games
    module = ModuleType("tcg_mini_basic_lure")
    sys.modules[module.__name__] = module
    try:
        exec(compile(emit_tcg_engine(lower(game), root=str(root)), module.__name__, "exec"), module.__dict__)
        runner = ScenarioRunner(game, module)
        scenarios = [
            {
                "name": "a Basic Pokemon only may be picked",
                "me": {"active": "Minimon", "hand": ["Basic Lure"]},
                "opponent": {"active": "Minimon", "bench": ["Maximon", "Minimon"]},
                "do": ["play Basic Lure"],
                "expect": {
                    "pending": "switch_opponent",
                    "legal": ["choose 2"],
                    "illegal": ["choose 1", "end"],
                },
            },
            {
                "name": "the Basic picked becomes the Active; the player goes on",
                "me": {"active": "Minimon", "hand": ["Basic Lure"]},
                "opponent": {"active": "Maximon", "bench": ["Maximon", {"card": "Minimon", "damage": 10}]},
                "do": ["play Basic Lure", "choose 2"],
                "expect": {
                    "opponent.active.card": "Minimon",
                    "opponent.active.damage": 10,
                    "opponent.bench.2.card": "Maximon",
                    "pending": "none",
                    "current_player": "me",
                },
            },
            {
                "name": "no Basic Pokemon on the Bench: played, nothing happens",
                "me": {"active": "Minimon", "hand": ["Basic Lure"]},
                "opponent": {"active": "Minimon", "bench": ["Maximon"]},
                "do": ["play Basic Lure"],
                "expect": {"pending": "none", "opponent.active.card": "Minimon", "me.hand": 0},
            },
        ]
        for scenario in scenarios:
            assert runner.run("inline", scenario).failures == [], scenario["name"]
    finally:
        del sys.modules[module.__name__]
