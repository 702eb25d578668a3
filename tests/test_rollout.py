"""Rollout equivalence: the JAX engine and the reference agree on the whole state after every step."""

from __future__ import annotations

import pytest

from tcgc import ir
from tcgc.verify.rollout import play_lockstep

from .conftest import ROLLOUT_GAMES


@pytest.mark.long
def test_random_games_agree_step_by_step(classic_game, classic_engine):
    report = play_lockstep(classic_game, classic_engine, games=ROLLOUT_GAMES, seed=2026)
    assert report.mismatches == []
    assert report.finished == ROLLOUT_GAMES
    assert report.steps > 50 * ROLLOUT_GAMES


def test_a_different_rule_in_the_reference_is_caught(classic_game, classic_engine):
    """The comparison can fail: a reference built from changed rules disagrees with the engine."""
    rules = classic_game.rules.model_copy(update={"weakness_multiplier": 3, "resistance_reduction": 20})
    changed = classic_game.model_copy(update={"rules": rules})
    assert isinstance(changed, ir.Game)
    report = play_lockstep(changed, classic_engine, games=40, seed=7)
    assert report.mismatches
    assert report.mismatches[0].field in (
        "damage",
        "zone",
        "top",
        "legal_action_mask",
        "prizes_left",
        "current_player",
        "pending",
    )
