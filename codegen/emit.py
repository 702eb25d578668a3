"""Lowered tables -> engine source text, through one jinja2 template per output kind."""

from __future__ import annotations

import jinja2
from tcgc.codegen.filters import FILTERS
from tcgc.codegen.lower import Lowered
from tcgc.codegen.lower_battle import BattleLowered

from tcgc import __version__


def environment() -> jinja2.Environment:
    """The jinja environment of the code generator (settings as openapi-python-client uses them)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tcgc.codegen", "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters.update(FILTERS)
    return env


def module_name(engine: str) -> str:
    """The Python module name of an engine: `tcg-classic` -> `tcg_classic`."""
    return engine.replace("-", "_")


def _render(template: str, low: Lowered | BattleLowered, *, root: str, **fields: object) -> str:
    """A template rendered with what every engine module states (version, root, name, spec hash, rules,
    constants, tables, primitives used) and `fields`."""
    game = low.game
    return (
        environment()
        .get_template(template)
        .render(
            version=__version__,
            root=root,
            engine=game.engine,
            spec_hash=game.spec_hash,
            rules_name=game.rules.name,
            consts=low.consts,
            tables=low.tables,
            used_ops=sorted(low.used_ops),
            **fields,
        )
    )


def emit_tcg_engine(low: Lowered, *, root: str) -> str:
    """The source of a TCG engine module."""
    game = low.game
    return _render(
        "tcg_engine.py.jinja",
        low,
        root=root,
        num_cards=len(game.cards),
        num_decks=len(game.decks),
        row_ops=[tuple(ops) for ops in low.row_ops],
        pick_terms=low.pick_terms,
        energy_types=low.energy_types,
        condition_names=low.condition_names,
        card_ids=low.card_ids,
        card_names=low.card_names,
        deck_names=low.deck_names,
    )


def emit_battle_engine(low: BattleLowered, *, root: str) -> str:
    """The source of a battle engine module."""
    game = low.game
    return _render(
        "battle_engine.py.jinja",
        low,
        root=root,
        num_species=len(game.species),
        num_moves=len(game.moves),
        num_teams=len(game.teams),
        species_names=low.species_names,
        move_names=low.move_names,
        type_names=low.type_names,
        status_names=low.status_names,
        team_names=low.team_names,
    )
