"""Checker errors for the effect primitives: one small card per mistake, with code, text and line."""

from __future__ import annotations

import pytest

from .helpers_spec import errors_of, load_engine

ATTACK = """\
card "Minimon" id mini-1 {{
  pokemon basic hp 40 type grass
  attack "Test" cost [grass] damage 10 {{
    {stmt}
  }}
}}
"""

TRAINER = """\
card "Swap" id mini-3 {{
  trainer {{
    {stmt}
  }}
}}
"""

CASES = [
    (
        ATTACK,
        "knock out self and attach it to chosen other own_pokemon as 2 energy of chosen type",
        "E301",
        "is a Pokemon Power",
    ),
    (ATTACK, "flip 9 coins: damage times heads", "E206", "flip between 1 and 8 coins"),
    (ATTACK, "damage 30 to chosen own_pokemon", "E204", "unknown target 'own_pokemon'"),
    (ATTACK, "damage 25 to chosen opponent_pokemon", "E206", "damage 25 is not a positive multiple of 10"),
    (TRAINER, "heal 20 on chosen own_pokemon of type plasma", "E204", "unknown type 'plasma'"),
    (ATTACK, "heal 20 on self of type grass", "E302", "'of type' narrows a chosen Pokemon only"),
    (ATTACK, "discard random card from defending", "E302", "cannot discard a random card from defending"),
    (ATTACK, "put random pokemon from own_discard to hand", "E204", "unknown source 'own_discard'"),
    (ATTACK, "put random pokemon from own_deck to deck", "E204", "unknown destination 'deck'"),
    (TRAINER, "shuffle defending into deck", "E301", "'shuffle defending into deck' needs an attacking"),
    (TRAINER, 'return own_pokemon named "Minimon" to hand', "E204", "unknown target 'own_pokemon'"),
    (TRAINER, "switch own_active with chosen basic own_bench", "E302", "'chosen basic' is for"),
    (ATTACK, "more damage 10 per luck on self", "E204", "unknown quantity 'luck'"),
    (ATTACK, "more damage 15", "E206", "damage 15 is not a positive multiple of 10"),
    (ATTACK, "less damage 10 per damage_counter on bench", "E204", "unknown target 'bench'"),
    (ATTACK, "damage times energy on nobody", "E204", "unknown target 'nobody'"),
    (ATTACK, "discard 1 plasma energy from self", "E204", "unknown energy type 'plasma'"),
    (ATTACK, "discard 9 grass energy from self", "E206", "discard between 1 and 8"),
    (ATTACK, "discard all energy from defending", "E204", "unknown target 'defending'"),
    (ATTACK, "heal 15 on self", "E206", "heal 15 is not a positive multiple of 10"),
    (ATTACK, "prevent damage 25 or less to self next turn", "E206", "prevent 25"),
    (ATTACK, "prevent effects to defending next turn", "E204", "unknown target 'defending'"),
    (ATTACK, "damage 10 to each everyone", "E204", "unknown bench 'everyone'"),
    (ATTACK, "damage half remaining hp of self", "E204", "unknown target 'self'"),
    (ATTACK, "draw 0", "E206", "draw between 1 and 60 cards"),
    (ATTACK, "cure own_active", "E204", "unknown target 'own_active'"),
    (TRAINER, "inflict asleep on defending", "E301", "'inflict' needs an attacking Pokemon"),
    (TRAINER, "more damage 10", "E301", "changes an attack's damage"),
    (TRAINER, "prevent damage to self next turn", "E301", "'prevent ... next turn' needs an attacking"),
    (TRAINER, "damage 10 to each opponent_bench", "E301", "'damage N to each' needs an attacking"),
    (TRAINER, "heal 20 on chosen opponent_pokemon", "E204", "unknown target 'opponent_pokemon'"),
    (TRAINER, "discard 1 grass energy from self", "E301", "needs an attacking Pokemon"),
    (ATTACK, "more damage 10 per extra plasma energy up to 2", "E204", "unknown energy type 'plasma'"),
    (ATTACK, "more damage 10 per extra water energy up to 0", "E206", "up to between 1 and 15"),
    (TRAINER, "requires asleep on defending", "E301", "'requires' needs an attacking Pokemon"),
    (ATTACK, "requires sleepy on defending", "E204", "unknown condition 'sleepy'"),
    (ATTACK, "if flip heads { requires asleep on defending }", "E301", "not in a flip"),
    (TRAINER, "after damage heal 10 on self", "E301", "'after damage heal' needs an attacking"),
    (ATTACK, "when damaged damage 10 to attacker", "E301", "is a Pokemon Power"),
    (ATTACK, "more damage 10 if sleepy on defending", "E204", "unknown condition 'sleepy'"),
    (ATTACK, "more damage 10 if damage on bench", "E204", "unknown target 'bench'"),
    (ATTACK, "more damage 10 if 2 extra plasma energy", "E204", "unknown energy type 'plasma'"),
    (ATTACK, "more damage 10 if 0 extra water energy", "E206", "between 1 and 15 extra Energy"),
    (ATTACK, "more damage 10 if flip 9 coins all heads", "E206", "flip between 1 and 8 coins"),
    (ATTACK, "more damage 15 if damage on self", "E206", "damage 15 is not a positive multiple of 10"),
    (TRAINER, "more damage 10 if damage on defending", "E301", "changes an attack's damage"),
    (ATTACK, "damage times benched type plasma", "E204", "unknown energy type 'plasma'"),
    (TRAINER, "more damage 10 per benched", "E301", "changes an attack's damage"),
    (TRAINER, "after damage heal dealt on self", "E301", "'after damage heal dealt' needs an attacking"),
    (ATTACK, "after damage heal dealt on defending", "E204", "unknown target 'defending'"),
    (ATTACK, "damage 50 to random own_pokemon 4 times", "E204", "unknown target 'own_pokemon'"),
    (ATTACK, "damage 50 to random opponent_pokemon 9 times", "E206", "between 1 and 8 random picks"),
    (TRAINER, "damage 50 to random opponent_pokemon 4 times", "E301", "'damage N to random' needs an"),
    (TRAINER, "knock out attacker if knocked out next turn", "E301", "needs an attacking Pokemon"),
    (ATTACK, "attach to own_active until end_of_turn: deals 10 more damage", "E301", "a Trainer's whole"),
    (TRAINER, "attach to own_bench until end_of_turn: deals 10 more damage", "E204", "unknown target"),
    (
        TRAINER,
        "attach to own_pokemon until end_of_turn: takes 20 less damage",
        "E302",
        "until end_of_opponent",
    ),
    (TRAINER, "attach to own_active until next_week: deals 10 more damage", "E204", "unknown turn end"),
    (TRAINER, "only once while in play", "E301", "needs an attacking Pokemon"),
    (TRAINER, "choose 1 gem from own_hand: discard", "E204", "unknown kind of card 'gem'"),
    (TRAINER, "choose 1 card from own_library: discard", "E204", "unknown source 'own_library'"),
    (TRAINER, "choose 1 card from own_deck: discard", "E302", "takes cards from own_hand"),
    (
        TRAINER,
        "choose 1 card from own_hand: shuffle into deck\n    draw 1 for opponent",
        "E301",
        "only the player draws",
    ),
    (TRAINER, "choose 1 card from own_hand: discard\n    cure own_active", "E301", "only 'draw' may follow"),
    (TRAINER, "draw 1\n    draw 2", "E301", "one 'draw' or 'look at top' per effect"),
    (TRAINER, "look at top 16 of own_deck", "E206", "between 1 and 15"),
    (TRAINER, "choose 1 card from own_looked: put on top", "E301", "needs a 'look at top' first"),
    (TRAINER, "look at top 3 of own_hand", "E204", "unknown source 'own_hand'"),
    (TRAINER, "shuffle all cards of own_deck into deck", "E204", "unknown hand 'own_deck'"),
    (TRAINER, "shuffle gem cards of own_hand into deck", "E204", "unknown kind of card 'gem'"),
    (TRAINER, "choose 1 card from own_discard: discard", "E302", "takes cards from"),
    (TRAINER, "choose 1 trainer from own_pokemon: discard", "E302", "its Energy"),
    (TRAINER, "choose 1 energy_card from own_discard: to bench", "E302", "only a basic_pokemon"),
    (TRAINER, "choose 1 card from one own_hand: discard", "E302", "'one' picks Energy"),
    (TRAINER, "choose 9 card from own_hand: discard", "E206", "between 1 and 8"),
    (TRAINER, "choose 1 energy_card from own_pokemon: scoop up", "E302", "picks a basic_pokemon"),
    (TRAINER, "choose 1 basic_energy plasma from own_hand: discard", "E204", "unknown energy type"),
    (TRAINER, "choose 1 energy_card grass from own_hand: discard", "E302", "narrows basic_energy only"),
    (TRAINER, "choose 1 card from own_hand: attach to chosen own_pokemon", "E302", "only Energy cards"),
    (ATTACK, "if flip heads { choose 1 energy_card from defending: discard }", "E301", "inside a flip"),
    (TRAINER, "move damage 15 from chosen own_pokemon to chosen other own_pokemon", "E206", "multiple of 10"),
    (ATTACK, "energy on self becomes fire this turn", "E301", "is a Pokemon Power"),
    (TRAINER, "choose attack of defending: use it", "E301", "needs an attacking Pokemon"),
    (ATTACK, "change speed of defending to chosen type", "E204", "unknown what to change"),
    (TRAINER, "switch own_active with chosen own_bench by opponent", "E302", "'by opponent'"),
    (
        TRAINER,
        "switch own_active with chosen own_bench heal 10 on chosen own_pokemon "
        "choose 1 card from own_hand: discard",
        "E301",
        "'choose' and a 'chosen' target",
    ),
    (ATTACK, "once a turn", "E301", "'once a turn' is a Pokemon Power's"),
    (ATTACK, "take 10 less damage from attacks", "E301", "is a Pokemon Power"),
    (ATTACK, "opponent cannot play supporters while active", "E301", "is a Pokemon Power"),
    (TRAINER, "opponent cannot play supporters next turn", "E301", "needs an attacking Pokemon"),
    (TRAINER, "next turn defending cannot attack", "E301", "needs an attacking Pokemon"),
    (ATTACK, "next turn self cannot retreat", "E204", "unknown target 'self'"),
    (ATTACK, "next turn defending takes 20 less damage", "E204", "unknown target 'defending'"),
    (ATTACK, "next turn defending deals 25 less damage", "E206", "damage 25 is not a positive multiple"),
    (ATTACK, "next turn self takes 160 less damage", "E206", "150 at most"),
    (ATTACK, "heal 20 on each opponent_pokemon", "E204", "unknown target 'opponent_pokemon'"),
    (ATTACK, "reveal own_deck", "E204", "unknown hand 'own_deck'"),
]


@pytest.mark.parametrize(("template", "stmt", "code", "text"), CASES, ids=[c[1] for c in CASES])
def test_effect_mistakes_are_reported(tmp_path, template, stmt, code, text):
    path = "set1/001-minimon.tcg" if template is ATTACK else "set1/003-swap.tcg"
    loaded = load_engine(tmp_path, {path: template.format(stmt=stmt)})
    found = errors_of(loaded, code)
    assert found, loaded.render()
    assert any(text in d.message for d in found), [d.message for d in found]
    assert found[0].span.line in (3, 4)
    assert loaded.games == []


@pytest.mark.parametrize(
    "stmt",
    [
        "flip 2 coins: damage times heads",
        "if flip heads { more damage 10 } else { damage 10 to self }",
        "more damage 10 per energy on defending",
        "less damage 10 per damage_counter on self",
        "damage times damage_counter on self",
        "damage half remaining hp of defending",
        "if flip tails { attack does nothing }",
        "discard 1 grass energy from self heal all on self",
        "discard all energy from self",
        "prevent damage 30 or less to self next turn",
        "if flip heads { prevent effects to self next turn }",
        "damage 10 to each own_bench damage 10 to each opponent_bench",
        "draw 2 discard hand cure self",
        "opponent cannot play supporters next turn next turn defending cannot attack",
        "if flip heads { next turn defending cannot retreat } next turn self takes 20 less damage",
        "next turn defending deals 20 less damage heal 10 on each own_pokemon",
    ],
)
def test_well_formed_effects_check_clean(tmp_path, stmt):
    loaded = load_engine(tmp_path, {"set1/001-minimon.tcg": ATTACK.format(stmt=stmt)})
    assert loaded.errors == [], loaded.render()
    assert len(loaded.games) == 1


POWER = """\
card "Minimon" id mini-1 {{
  pokemon basic hp 40 type grass
  power "Test" {{
    {stmt}
  }}
}}
"""

POWER_CASES = [
    ("draw 2", "E301", "'draw' is not supported in a Pokemon Power"),
    ("reveal opponent_hand", "E301", "'reveal' is not supported in a Pokemon Power"),
    ("inflict asleep on defending", "E301", "not supported in a Pokemon Power"),
    (
        "when damaged damage 10 to attacker energy on self becomes fire this turn",
        "E301",
        "holds nothing else",
    ),
    (
        "energy on self becomes fire this turn "
        "move damage 10 from chosen own_pokemon to chosen other own_pokemon",
        "E301",
        "one action of a power at most",
    ),
    (
        "knock out self and attach it to chosen other own_pokemon as 4 energy of chosen type",
        "E206",
        "between 1 and 3",
    ),
    (
        "knock out self and attach it to chosen other own_bench as 2 energy of chosen type",
        "E204",
        "own_bench",
    ),
    (
        "knock out self and attach it to chosen other own_pokemon as 2 energy of chosen type "
        "choose 1 card from own_hand: discard",
        "E301",
        "holds nothing else",
    ),
    ("once a turn damage 10 to defending", "E301", "not supported in a 'once a turn' power"),
    ("once a turn if flip heads { more damage 10 }", "E301", "not supported in a 'once a turn' power"),
    ("once a turn inflict asleep on self", "E302", "target the defending Pokemon"),
    ("once a turn once a turn draw 1", "E301", "one 'once a turn' per power"),
    ("if flip heads { once a turn }", "E301", "'once a turn' is a Pokemon Power's"),
    ("take 10 less damage from attacks draw 1", "E301", "holds nothing else"),
    ("opponent cannot play supporters next turn", "E301", "needs an attacking Pokemon"),
]


@pytest.mark.parametrize(
    "stmt",
    [
        "once a turn heal 20 on each own_pokemon",
        "once a turn in active spot if flip heads { inflict asleep on defending }",
        "once a turn look at top 1 of own_deck choose 1 card from own_looked: put on top",
        "once a turn switch opponent_active with chosen opponent_bench by opponent",
        "take 20 less damage from attacks",
        "opponent cannot play supporters while active",
    ],
)
def test_well_formed_powers_check_clean(tmp_path, stmt):
    loaded = load_engine(tmp_path, {"set1/001-minimon.tcg": POWER.format(stmt=stmt)})
    assert loaded.errors == [], loaded.render()
    assert len(loaded.games) == 1


@pytest.mark.parametrize(("stmt", "code", "text"), POWER_CASES, ids=[c[0] for c in POWER_CASES])
def test_power_mistakes_are_reported(tmp_path, stmt, code, text):
    loaded = load_engine(tmp_path, {"set1/001-minimon.tcg": POWER.format(stmt=stmt)})
    found = errors_of(loaded, code)
    assert any(text in d.message for d in found), loaded.render()
    assert loaded.games == []
