"""The pattern library: card text -> typed effect statements, as data.

Each pattern is a regular expression over one clause of card text and a spec template using its
named groups. Patterns are tried at each point of the text; a sentence no pattern consumes becomes
one `unspecified "..."` hole in its place (never dropped, never guessed). The templates are spec text, parsed
by the real parser, so the library cannot produce something the grammar would reject.

The classic (Base Set) wording comes first, then TCG Pocket's. A pattern marked `attack` maps only the
text of an attack (its caller gives the printed damage as a fact), so that a Trainer's or an Ability's
text never gets statements that need an attacking Pokemon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tcgc.scraper.html_util import energy_type

from tcgc import ir
from tcgc.diagnostics import Diagnostic
from tcgc.parse import parse_text

_COND = r"(?P<cond>Asleep|Confused|Paralyzed|Poisoned)"
_WHO = r"(?:[A-Z][\w'.\- ♂♀]*)"


_TYPES = "Grass|Fire|Water|Lightning|Psychic|Fighting"
# a Pokemon Power used as often as the player likes, and the conditions that block it (the ruleset's
# powers_blocked_by says the same)
_OFTEN = r"As often as you like during your turn \(before your attack\), you may "
_BLOCKED = rf"This power can't be used if {_WHO} is Asleep, Confused, or Paralyzed\."


# TCG Pocket's wording: the Defending Pokemon is "your opponent's Active Pokémon", the attacker "this
# Pokémon"; an Energy symbol is a letter in brackets (a group named `sym...` holds one: "[R]" -> fire)
_FOE = r"your opponent's Active Pokémon"
# Pocket's Special Conditions include Burned (its rules declare it: 20 damage between turns, then a coin)
_PCOND = r"(?P<cond>Asleep|Burned|Confused|Paralyzed|Poisoned)"
_FOE_COND = rf"{_FOE} is now {_PCOND}"
_OTHER = r"(?P<other>Asleep|Burned|Confused|Paralyzed|Poisoned)"


def _sym(group: str) -> str:
    return rf"\[(?P<{group}>[GRWLPFDMN])\]"


_SYM = _sym("sym")
_ONE = r"(?P<n>a|\d+)"  # "a" is one
_PROTECT_ALL = r"prevent all damage from—and effects of—attacks done to this Pokémon\."


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: str
    template: str
    #: only in an attack's text: the caller gives the attack's printed `damage` as a fact (its statements
    #: need an attacking Pokemon, or would mean something else in a Trainer or a power)
    attack: bool = False
    #: an `attack` pattern that also maps the program of a power used once a turn (`_ONCE_A_TURN`), where
    #: "your opponent's Active Pokémon" is the defending Pokemon
    power: bool = False
    #: only when the attack's printed damage is this (an attack whose text gives all of its damage)
    printed: str | None = None


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "flip-inflict-else",
        rf"Flip a coin\. If heads, the Defending Pokémon is now {_COND}; if tails, it is now "
        r"(?P<other>Asleep|Confused|Paralyzed|Poisoned)\.",
        "if flip heads {{ inflict {cond} on defending }} else {{ inflict {other} on defending }}",
    ),
    Pattern(
        "flip-inflict",
        rf"Flip a coin\. If (?P<face>heads|tails), the Defending Pokémon is now {_COND}\.",
        "if flip {face} {{ inflict {cond} on defending }}",
    ),
    Pattern(
        "inflict-toxic",
        r"The Defending Pokémon is now Poisoned\. It now takes 20 Poison damage instead of 10 after each "
        r"player's turn \(even if it was already Poisoned\)\.",
        "inflict badly_poisoned on defending",
    ),
    Pattern("inflict", rf"The Defending Pokémon is now {_COND}\.", "inflict {cond} on defending"),
    Pattern(
        "inflict-blinded",
        r"If the Defending Pokémon tries to attack during your opponent's next turn, your opponent flips a "
        r"coin\. If tails, that attack does nothing\.",
        "inflict blinded on defending",
    ),
    Pattern(
        "requires-condition",
        rf"You can't use this attack unless the Defending Pokémon is {_COND}\.",
        "requires {cond} on defending",
    ),
    Pattern(
        "flip-more-or-self-damage",
        r"Flip a coin\. If heads, this attack does \d+ damage plus (?P<more>\d+) more damage; if tails, this "
        rf"attack does \d+ damage (?:plus|and) {_WHO} does (?P<n>\d+) damage to itself\.",
        "if flip heads {{ more damage {more} }} else {{ damage {n} to self }}",
    ),
    Pattern(
        "flip-self-damage",
        rf"Flip a coin\. If (?P<face>heads|tails), {_WHO} does (?P<n>\d+) damage to itself\.",
        "if flip {face} {{ damage {n} to self }}",
    ),
    Pattern("self-damage", rf"{_WHO} does (?P<n>\d+) damage to itself\.", "damage {n} to self"),
    Pattern(
        "times-heads",
        r"Flip (?P<coins>\d+) coins\. This attack does \d+ damage times the number of heads\.",
        "flip {coins} coins: damage times heads",
    ),
    Pattern(  # before does-nothing, which would take its first sentence alone
        "pocket-flip-nothing-else-protect",
        rf"Flip a coin\. If tails, this attack does nothing\. If heads, during your opponent's next turn, "
        rf"{_PROTECT_ALL}",
        "if flip tails {{ attack does nothing }} else {{ prevent effects to self next turn }}",
        attack=True,
    ),
    Pattern(  # before does-nothing, as the one above
        "pocket-flip-nothing-else-inflict",
        rf"Flip a coin\. If tails, this attack does nothing\. If heads, {_FOE_COND}\.",
        "if flip tails {{ attack does nothing }} else {{ inflict {cond} on defending }}",
        attack=True,
    ),
    Pattern(
        "does-nothing",
        r"Flip a coin\. If tails, this attack does nothing\.",
        "if flip tails {{ attack does nothing }}",
    ),
    Pattern(
        "more-per-counter",
        r"Does \d+ damage plus (?P<n>\d+) more damage for each damage counter on the Defending Pokémon\.",
        "more damage {n} per damage_counter on defending",
    ),
    Pattern(
        "more-per-energy",
        r"Does \d+ damage plus (?P<n>\d+) more damage for each Energy card attached to the "
        r"Defending Pokémon\.",
        "more damage {n} per energy on defending",
    ),
    Pattern(
        "less-per-own-counter",
        rf"Does \d+ damage minus (?P<n>\d+) damage for each damage counter on {_WHO}\.",
        "less damage {n} per damage_counter on self",
    ),
    Pattern(
        "times-own-counters",
        rf"Does \d+ damage times the number of damage counters on {_WHO}\.",
        "damage times damage_counter on self",
    ),
    Pattern(
        "switch-own",
        r"Switch 1 of your own Benched Pokémon with your Active Pokémon\.",
        "switch own_active with chosen own_bench",
    ),
    Pattern(
        "attack-switch-opponent",
        r"If your opponent has any Benched Pokémon, choose 1 of them and switch it with his or her Active "
        r"Pokémon\.",
        "switch opponent_active with chosen opponent_bench",
    ),
    Pattern(
        "attack-switch-by-opponent",
        r"If your opponent has any Benched Pokémon, he or she chooses 1 of them and switches it with the "
        r"Defending Pokémon\. \(Do the damage before switching the Pokémon\.\)",
        "switch opponent_active with chosen opponent_bench by opponent",
    ),
    Pattern(
        "once-while-in-play",
        rf"Either way, you can't use this attack again as long as {_WHO} stays in play \(even putting {_WHO} "
        r"on the Bench won't let you use it again\)\.",
        "only once while in play",
    ),
    Pattern(
        "attach-deals-more",
        rf"Attach {_WHO} to your Active Pokémon\. At the end of your turn, discard {_WHO}\. If this "
        r"Pokémon's attack does damage to the Defending Pokémon \(after applying Weakness and Resistance\), "
        r"the attack does (?P<n>\d+) more damage to the Defending Pokémon\.",
        "attach to own_active until end_of_turn: deals {n} more damage",
    ),
    Pattern(
        "attach-takes-less",
        rf"Attach {_WHO} to 1 of your Pokémon\. At the end of your opponent's next turn, discard {_WHO}\. "
        r"Damage done to that Pokémon by attacks is reduced by (?P<n>\d+) \(after applying Weakness and "
        r"Resistance\)\.",
        "attach to own_pokemon until end_of_opponent_turn: takes {n} less damage",
    ),
    Pattern(
        "discard-defending-energy",
        r"If the Defending Pokémon has any Energy cards attached to it, choose 1 of them and discard it\.",
        "choose 1 energy_card from defending: discard",
    ),
    Pattern(
        "energy-removal",
        r"Choose (?P<n>\d+) Energy cards? attached to 1 of your opponent's Pokémon and discard it\.",
        "choose {n} energy_card from opponent_pokemon: discard",
    ),
    Pattern(
        "super-energy-removal",
        r"Discard (?P<own>\d+) Energy cards? attached to 1 of your Pokémon in order to choose 1 of your "
        r"opponent's Pokémon and up to (?P<n>\d+) Energy cards attached to it\. Discard those Energy cards\.",
        "choose {own} energy_card from own_pokemon: discard "
        "choose up to {n} energy_card from one opponent_pokemon: discard",
    ),
    Pattern(
        "discard-energy-to-heal",
        r"Discard 1 Energy card attached to your own Pokémon in order to remove up to (?P<n>\d+) damage "
        r"counters from that Pokémon\.",
        "choose 1 energy_card from own_pokemon: discard and heal {n}0 on its pokemon",
    ),
    Pattern(
        "item-finder",
        r"Discard (?P<n>\d+) of the other cards from your hand in order to put a Trainer card from your "
        r"discard pile into your hand\.",
        "choose {n} card from own_hand: discard choose 1 trainer from own_discard: to hand",
    ),
    Pattern(
        "computer-search",
        r"Discard (?P<n>\d+) of the other cards from your hand in order to search your deck for any card and "
        r"put it into your hand\. Shuffle your deck afterward\.",
        "choose {n} card from own_hand: discard choose 1 card from own_deck: to hand",
    ),
    Pattern(
        "maintenance",
        r"Shuffle (?P<n>\d+) of the other cards from your hand into your deck in order to draw a card\.",
        "choose {n} card from own_hand: shuffle into deck draw 1",
    ),
    Pattern(
        "pokemon-trader",
        r"Trade 1 of the Basic Pokémon or Evolution cards in your hand for 1 of the Basic Pokémon or "
        r"Evolution cards from your deck\. Show both cards to your opponent\. Shuffle your deck afterward\.",
        "choose 1 pokemon_card from own_hand: shuffle into deck choose 1 pokemon_card from own_deck: to hand",
    ),
    Pattern(
        "opponent-shuffles-hand-draws",
        r"Your opponent shuffles his or her hand into his or her deck, then draws (?P<n>\d+) cards\.",
        "shuffle all cards of opponent_hand into deck draw {n} for opponent",
    ),
    Pattern(
        "pokemon-breeder",
        r"Put a Stage 2 Evolution card from your hand on the matching Basic Pokémon\. You can only play this "
        r"card when you would be allowed to evolve that Pokémon anyway\.",
        "choose 1 stage2_card from own_hand: put on matching basic",
    ),
    Pattern(
        "plays-as-basic",
        rf"Play {_WHO} as if it were a Basic Pokémon\. While in play, {_WHO} counts a(?: a)? Pokémon "
        rf"\(instead of a Trainer card\)\. {_WHO} has no attacks, can't retreat, and can't be Asleep, "
        rf"Confused, Paralyzed, or Poisoned\. If {_WHO} is Knocked Out, it doesn't count as a Knocked Out "
        rf"Pokémon\. At any time during your turn before your attack, you may discard {_WHO}\.",
        "play as basic pokemon hp {hp}: cannot_retreat, no_special_conditions, no_prize, discard_any_time",
    ),
    Pattern(
        "mirror-move",
        rf"If {_WHO} was attacked last turn, do the final result of that attack on {_WHO} to the Defending "
        r"Pokémon\.",
        "mirror last attack on self",
    ),
    Pattern(
        "look-rearrange",
        r"Look at up to (?P<n>\d+) cards from the top of your deck and rearrange them as you like\.",
        "look at top {n} of own_deck choose {n} card from own_looked: put on top",
    ),
    Pattern(
        "lass",
        r"You and your opponent show each other your hands, then shuffle all the Trainer cards from your "
        r"hands into your decks\.",
        "shuffle trainer cards of both_hands into deck",
    ),
    Pattern(
        "energy-retrieval",
        r"Trade (?P<n>\d+) of the other cards in your hand for up to (?P<m>\d+) basic Energy cards from your "
        r"discard pile\.",
        "choose {n} card from own_hand: discard choose up to {m} basic_energy from own_discard: to hand",
    ),
    Pattern(
        "revive",
        r"Put 1 Basic Pokémon card from your discard pile onto your Bench\. Put damage counters on that "
        r"Pokémon equal to half its HP \(rounded down to the nearest 10\)\. \(You can't play {_WHO} if your "
        r"Bench is full\.\)".replace("{_WHO}", _WHO),
        "choose 1 basic_pokemon from own_discard: to bench with half hp damage",
    ),
    Pattern(
        "flute",
        r"Choose 1 Basic Pokémon card from your opponent's discard pile and put it onto his or her Bench\. "
        r"\(You can't play {_WHO} if your opponent's Bench is full\.\)".replace("{_WHO}", _WHO),
        "choose 1 basic_pokemon from opponent_discard: to bench",
    ),
    Pattern(
        "power-rain-dance",
        rf"{_OFTEN}attach 1 (?P<type>{_TYPES}) Energy card to 1 of your (?P=type) Pokémon\. "
        rf"\(This doesn't use up your 1 Energy card attachment for the turn\.\) {_BLOCKED}",
        "choose 1 basic_energy {type} from own_hand: attach to chosen own_pokemon {type}",
    ),
    Pattern(
        "power-energy-trans",
        rf"{_OFTEN}take 1 (?P<type>{_TYPES}) Energy card attached to 1 of your Pokémon and attach it to a "
        rf"different one\. {_BLOCKED}",
        "choose 1 basic_energy {type} from own_pokemon: attach to chosen other own_pokemon",
    ),
    Pattern(
        "power-damage-swap",
        rf"{_OFTEN}move 1 damage counter from 1 of your Pokémon to another as long as you don't Knock Out "
        rf"that Pokémon\. {_BLOCKED}",
        "move damage 10 from chosen own_pokemon to chosen other own_pokemon",
    ),
    Pattern(
        "power-buzzap",
        rf"At any time during your turn \(before your attack\), you may Knock Out {_WHO} and attach it to 1 "
        rf"of your other Pokémon\. If you do, choose a type of Energy\. {_WHO} is now an Energy card "
        rf"\(instead of a Pokémon\) that provides (?P<n>\d+) energy of that type\. You can't use this power "
        rf"if {_WHO} is Asleep, Confused, or Paralyzed\.",
        "knock out self and attach it to chosen other own_pokemon as {n} energy of chosen type",
    ),
    Pattern(
        "power-energy-burn",
        rf"{_OFTEN}turn all Energy attached to {_WHO} into (?P<type>{_TYPES}) Energy for the rest of the "
        rf"turn\. {_BLOCKED}",
        "energy on self becomes {type} this turn",
    ),
    Pattern(
        "amnesia",
        r"Choose 1 of the Defending Pokémon's attacks\. That Pokémon can't use that attack during your "
        r"opponent's next turn\.",
        "choose attack of defending: disable it next turn",
    ),
    Pattern(
        "metronome",
        rf"Choose 1 of the Defending Pokémon's attacks\. {_WHO} copies that attack except for its Energy "
        r"costs and anything else required in order to use that attack, such as discarding Energy cards\. "
        rf"\(No matter what type the Defending Pokémon is, {_WHO}'s type is still Colorless\.\)",
        "choose attack of defending: use it",
    ),
    Pattern(
        "change-weakness",
        r"If the Defending Pokémon has a Weakness, you may change it to a type of your choice other than "
        r"Colorless\.",
        "may change weakness of defending to chosen type",
    ),
    Pattern(
        "change-own-resistance",
        rf"Change {_WHO}'s Resistance to a type of your choice other than Colorless\.",
        "change resistance of self to chosen type",
    ),
    Pattern(
        "scoop-up",
        r"Choose 1 of your Pokémon in play and return its Basic Pokémon card to your hand\. "
        r"\(Discard all cards attached to that card\.\)",
        "choose 1 basic_pokemon from own_pokemon: scoop up",
    ),
    Pattern(
        "devolution-spray",
        r"Choose 1 of your own Pokémon in play and a Stage of Evolution\. Discard all Evolution cards of "
        r"that Stage or higher attached to that Pokémon\. That Pokémon is no longer Asleep, Confused, "
        r"Paralyzed, Poisoned, or anything else that might be the result of an attack \(just as if you had "
        r"evolved it\)\.",
        "choose 1 evolution_card from own_pokemon: devolve",
    ),
    Pattern(
        "switch-opponent",
        r"Choose 1 of your opponent's Benched Pokémon and switch it with his or her Active Pokémon\.",
        "switch opponent_active with chosen opponent_bench",
    ),
    Pattern(
        "discard-typed-energy",
        r"Discard (?P<n>\d+) (?P<type>Grass|Fire|Water|Lightning|Psychic|Fighting) Energy cards? attached to "
        rf"{_WHO} in order to use this attack\.",
        "discard {n} {type} energy from self",
    ),
    Pattern(
        "discard-any-energy",
        rf"Discard (?P<n>\d+) Energy cards? attached to {_WHO} in order to use this attack\.",
        "discard {n} energy from self",
    ),
    Pattern(
        "destiny-bond",
        rf"If a Pokémon Knocks Out {_WHO} during your opponent's next turn, Knock Out that Pokémon\.",
        "knock out attacker if knocked out next turn",
    ),
    Pattern(
        "more-per-extra-energy",
        r"Does \d+ damage plus (?P<n>\d+) more damage for each (?P<type>Grass|Fire|Water|Lightning|Psychic|"
        rf"Fighting) Energy attached to {_WHO} but not used to pay for this attack's Energy cost\. Extra "
        r"(?P=type) Energy after the (?P<cap>\d+)(?:st|nd|rd|th) (?:doesn't|don't) count\.",
        "more damage {n} per extra {type} energy up to {cap}",
    ),
    Pattern(
        "drain",
        rf"Unless all damage from this attack is prevented, you may remove (?P<n>\d) damage counters? from "
        rf"{_WHO}\.",
        "after damage heal {n}0 on self",
    ),
    Pattern(
        "strikes-back",
        rf"Whenever your opponent's attack damages {_WHO} \(even if {_WHO} is Knocked Out\), this power does "
        r"(?P<n>\d+) damage to the attacking Pokémon\. \(Don't apply Weakness and Resistance\.\) This power "
        rf"can't be used if {_WHO} is Asleep, Confused, or Paralyzed when your opponent attacks\.",
        "when damaged damage {n} to attacker",
    ),
    Pattern(
        "heal-each-discard",
        r"Remove all damage counters from all of your own Pokémon with damage counters on them, then discard "
        r"all Energy cards attached to those Pokémon\.",
        "heal all on each damaged own_pokemon then discard their energy",
    ),
    Pattern(
        "discard-all-energy",
        rf"Discard all Energy cards attached to {_WHO} in order to use this attack\.",
        "discard all energy from self",
    ),
    Pattern("heal-all-self", rf"Remove all damage counters from {_WHO}\.", "heal all on self"),
    Pattern(
        "bench-damage-both",
        r"Does (?P<n>\d+) damage to each Pokémon on each player's Bench\. \(Don't apply Weakness and "
        r"Resistance for Benched Pokémon\.\)",
        "damage {n} to each own_bench damage {n} to each opponent_bench",
    ),
    Pattern(
        "bench-damage-own",
        r"Does (?P<n>\d+) damage to each of your own Benched Pokémon\. \(Don't apply Weakness and "
        r"Resistance for Benched Pokémon\.\)",
        "damage {n} to each own_bench",
    ),
    Pattern(
        "flip-prevent-damage",
        rf"Flip a coin\. If heads, prevent all damage done to {_WHO} during your opponent's next turn\. "
        r"\(Any other effects of attacks still happen\.\)",
        "if flip heads {{ prevent damage to self next turn }}",
    ),
    Pattern(
        "prevent-small-damage",
        rf"During your opponent's next turn, whenever (?P<n>\d+) or less damage is done to {_WHO} \(after "
        r"applying Weakness and Resistance\), prevent that damage\. \(Any other effects of attacks still "
        r"happen\.\)",
        "prevent damage {n} or less to self next turn",
    ),
    Pattern(
        "flip-prevent-effects",
        r"Flip a coin\. If heads, during your opponent's next turn, prevent all effects of attacks, "
        rf"including damage, done to {_WHO}\.",
        "if flip heads {{ prevent effects to self next turn }}",
    ),
    Pattern(
        "discard-to-prevent-effects",
        r"Discard (?P<n>\d+) (?P<type>Grass|Fire|Water|Lightning|Psychic|Fighting) Energy cards? attached to "
        rf"{_WHO} in order to prevent all effects of attacks, including damage, done to {_WHO} during your "
        r"opponent's next turn\.",
        "discard {n} {type} energy from self prevent effects to self next turn",
    ),
    Pattern(
        "heal-chosen-own",
        r"Remove up to (?P<n>\d+) damage counters from 1 of your Pokémon\.",
        "heal {n}0 on chosen own_pokemon",
    ),
    Pattern(
        "half-remaining-hp",
        r"Does damage to the Defending Pokémon equal to half the Defending Pokémon's remaining HP \(rounded "
        r"up to the nearest 10\)\.",
        "damage half remaining hp of defending",
    ),
    Pattern("discard-hand-draw", r"Discard your hand, then draw (?P<n>\d+) cards\.", "discard hand draw {n}"),
    Pattern("draw", r"Draw (?P<n>\d+) cards?\.", "draw {n}"),
    Pattern(
        "cure-own-active",
        r"Your Active Pokémon is no longer Asleep, Confused, Paralyzed, or Poisoned\.",
        "cure own_active",
    ),
    # ---- TCG Pocket wording ----------------------------------------------------------------------
    Pattern(
        "pocket-flip-inflict-else",
        rf"Flip a coin\. If heads, {_FOE_COND}\. If tails, {_FOE} is now {_OTHER}\.",
        "if flip heads {{ inflict {cond} on defending }} else {{ inflict {other} on defending }}",
        attack=True,
    ),
    Pattern(
        "pocket-flip-inflict-else-self",
        rf"Flip a coin\. If heads, {_FOE_COND}\. If tails, this Pokémon is now {_OTHER}\.",
        "if flip heads {{ inflict {cond} on defending }} else {{ inflict {other} on self }}",
        attack=True,
    ),
    Pattern(
        "pocket-flip-inflict-two",
        rf"Flip a coin\. If (?P<face>heads|tails), {_FOE_COND} and {_OTHER}\.",
        "if flip {face} {{ inflict {cond} on defending inflict {other} on defending }}",
        attack=True,
    ),
    Pattern(
        "pocket-flip-inflict",
        rf"Flip a coin\. If (?P<face>heads|tails), {_FOE_COND}\.",
        "if flip {face} {{ inflict {cond} on defending }}",
        attack=True,
        power=True,
    ),
    Pattern(  # "that Pokémon": the one just affected, the Defending Pokemon
        "pocket-inflict-no-retreat-next-turn",
        rf"Your opponent's Active Pokémon is now {_PCOND}\. During your opponent's next turn, that Pokémon "
        r"can't retreat\.",
        "inflict {cond} on defending next turn defending cannot retreat",
        attack=True,
    ),
    Pattern(
        "pocket-inflict-two",
        rf"Your opponent's Active Pokémon is now {_PCOND} and {_OTHER}\.",
        "inflict {cond} on defending inflict {other} on defending",
        attack=True,
    ),
    Pattern(
        "pocket-inflict",
        rf"Your opponent's Active Pokémon is now {_PCOND}\.",
        "inflict {cond} on defending",
        attack=True,
        power=True,
    ),
    Pattern(
        "pocket-inflict-self-heal",
        rf"This Pokémon is now {_PCOND}\. Heal (?P<n>\d+) damage from it\.",
        "inflict {cond} on self heal {n} on self",
        attack=True,
    ),
    Pattern("pocket-inflict-self", rf"This Pokémon is now {_PCOND}\.", "inflict {cond} on self", attack=True),
    Pattern(
        "pocket-flip-more-or-self-damage",
        r"Flip a coin\. If heads, this attack does (?P<more>\d+) more damage\. If tails, this Pokémon also "
        r"does (?P<n>\d+) damage to itself\.",
        "if flip heads {{ more damage {more} }} else {{ damage {n} to self }}",
        attack=True,
    ),
    Pattern(
        "pocket-flip-more",
        r"Flip a coin\. If heads, this attack does (?P<n>\d+) more damage\.",
        "if flip heads {{ more damage {n} }}",
        attack=True,
    ),
    Pattern(
        "pocket-flip-self-damage",
        r"Flip a coin\. If (?P<face>heads|tails), this Pokémon also does (?P<n>\d+) damage to itself\.",
        "if flip {face} {{ damage {n} to self }}",
        attack=True,
    ),
    Pattern(  # `damage` must be the attack's printed damage (times heads multiplies it); 8 coins at most
        "pocket-times-heads",
        r"Flip (?P<coins>[1-8]) coins\. This attack does (?P<damage>\d+) damage for each heads\.",
        "flip {coins} coins: damage times heads",
        attack=True,
    ),
    Pattern(
        "pocket-flip-protect",
        rf"Flip a coin\. If heads, during your opponent's next turn, {_PROTECT_ALL}",
        "if flip heads {{ prevent effects to self next turn }}",
        attack=True,
    ),
    Pattern(
        "pocket-flip-prevent-damage",
        r"Flip a coin\. If heads, during your opponent's next turn, prevent all damage done to this Pokémon "
        r"by attacks\.",
        "if flip heads {{ prevent damage to self next turn }}",
        attack=True,
    ),
    Pattern(
        "pocket-prevent-small-damage",
        r"During your opponent's next turn, prevent all damage done to this Pokémon by attacks if that "
        r"damage is (?P<n>\d+) or less\.",
        "prevent damage {n} or less to self next turn",
        attack=True,
    ),
    Pattern(
        "pocket-more-per-energy",
        rf"This attack does (?P<n>\d+) more damage for each Energy attached to {_FOE}\.",
        "more damage {n} per energy on defending",
        attack=True,
    ),
    Pattern(
        "pocket-more-per-own-energy",
        r"This attack does (?P<n>\d+) more damage for each Energy attached to this Pokémon\.",
        "more damage {n} per energy on self",
        attack=True,
    ),
    Pattern(  # damage comes in counters of 10
        "pocket-more-own-damage",
        r"This attack does more damage equal to the damage this Pokémon has on it\.",
        "more damage 10 per damage_counter on self",
        attack=True,
    ),
    Pattern(
        "pocket-heal-self", r"Heal (?P<n>\d+) damage from this Pokémon\.", "heal {n} on self", attack=True
    ),
    Pattern(
        "pocket-discard-energy",
        rf"Discard {_ONE} {_SYM} Energy from this Pokémon\.",
        "discard {n} {sym} energy from self",
        attack=True,
    ),
    Pattern(
        "pocket-discard-three-energy",
        rf"Discard a {_SYM}, {_sym('sym2')}, and {_sym('sym3')} Energy from this Pokémon\.",
        "discard 1 {sym} energy from self discard 1 {sym2} energy from self "
        "discard 1 {sym3} energy from self",
        attack=True,
    ),
    Pattern(
        "pocket-discard-all-energy",
        r"Discard all Energy from this Pokémon\.",
        "discard all energy from self",
        attack=True,
    ),
    Pattern(
        "pocket-bench-damage",
        r"This attack also does (?P<n>\d+) damage to each of your opponent's Benched Pokémon\.",
        "damage {n} to each opponent_bench",
        attack=True,
    ),
    Pattern(
        "pocket-switch-self",
        r"Switch this Pokémon with 1 of your Benched Pokémon\.",
        "switch own_active with chosen own_bench",
        attack=True,
    ),
    Pattern(  # in a Trainer too: once the opponent has picked, the player acts again
        "pocket-switch-out-opponent",
        rf"Switch out {_FOE} to the Bench\. \(Your opponent chooses the new Active Pokémon\.\)",
        "switch opponent_active with chosen opponent_bench by opponent",
    ),
    Pattern(  # the attack's whole damage: it prints none
        "pocket-damage-chosen-opponent",
        r"This attack does (?P<n>\d+) damage to 1 of your opponent's Pokémon\.",
        "damage {n} to chosen opponent_pokemon",
        attack=True,
        printed="0",
    ),
    Pattern(  # "extra": beyond what the attack's cost needs
        "pocket-more-if-extra-energy",
        rf"If this Pokémon has at least (?P<n>\d+) extra {_SYM} Energy attached, this attack does "
        r"(?P<more>\d+) more damage\.",
        "more damage {more} if {n} extra {sym} energy",
        attack=True,
    ),
    Pattern(
        "pocket-more-if-all-heads",
        r"Flip (?P<coins>2) coins\. If both of them are heads, this attack does (?P<more>\d+) more "
        r"damage\.",
        "more damage {more} if flip {coins} coins all heads",
        attack=True,
    ),
    Pattern(
        "pocket-more-if-defending-damaged",
        rf"If {_FOE} has damage on it, this attack does (?P<more>\d+) more damage\.",
        "more damage {more} if damage on defending",
        attack=True,
    ),
    Pattern(
        "pocket-more-if-self-damaged",
        r"If this Pokémon has damage on it, this attack does (?P<more>\d+) more damage\.",
        "more damage {more} if damage on self",
        attack=True,
    ),
    Pattern(
        "pocket-more-if-condition",
        rf"If {_FOE} is {_PCOND}, this attack does (?P<more>\d+) more damage\.",
        "more damage {more} if {cond} on defending",
        attack=True,
    ),
    Pattern(  # `damage` must be the attack's printed damage (it is multiplied by the count)
        "pocket-times-benched",
        r"This attack does (?P<damage>\d+) damage for each of your Benched Pokémon\.",
        "damage times benched",
        attack=True,
    ),
    Pattern(
        "pocket-times-benched-type",
        rf"This attack does (?P<damage>\d+) damage for each of your Benched {_SYM} Pokémon\.",
        "damage times benched type {sym}",
        attack=True,
    ),
    Pattern(
        "pocket-more-per-benched-name",
        rf"This attack does (?P<more>\d+) more damage for each of your Benched (?P<name>{_WHO})\.",
        'more damage {more} per benched named "{name}"',
        attack=True,
    ),
    Pattern(
        "pocket-random-damage",
        r"1 of your opponent's Pokémon is chosen at random (?P<times>[1-8]) times\. For each time a Pokémon "
        r"was chosen, do (?P<n>\d+) damage to it\.",
        "damage {n} to random opponent_pokemon {times} times",
        attack=True,
    ),
    Pattern(  # in Pocket "your opponent's Pokémon's attacks" are the opponent's Active Pokemon's
        "pocket-copy-attack-needing-energy",
        r"Choose 1 of your opponent's Pokémon's attacks and use it as this attack\. If this Pokémon doesn't "
        r"have the necessary Energy to use that attack, this attack does nothing\.",
        "choose attack of defending: use it needing its energy",
        attack=True,
    ),
    Pattern(
        "pocket-drain-dealt",
        rf"Heal from this Pokémon the same amount of damage you did to {_FOE}\.",
        "after damage heal dealt on self",
        attack=True,
    ),
    Pattern(  # the attack's whole damage: it prints none
        "pocket-damage-chosen-opponent-bench",
        r"This attack does (?P<n>\d+) damage to 1 of your opponent's Benched Pokémon\.",
        "damage {n} to chosen opponent_bench",
        attack=True,
        printed="0",
    ),
    Pattern(
        "pocket-damage-chosen-own-bench",
        r"This attack also does (?P<n>\d+) damage to 1 of your Benched Pokémon\.",
        "damage {n} to chosen own_bench",
        attack=True,
    ),
    Pattern(
        "pocket-flip-discard-random-energy",
        rf"Flip a coin\. If heads, discard a random Energy from {_FOE}\.",
        "if flip heads {{ discard random energy from defending }}",
        attack=True,
    ),
    Pattern(
        "pocket-discard-random-energy",
        rf"Discard a random Energy from {_FOE}\.",
        "discard random energy from defending",
        attack=True,
    ),
    Pattern(
        "pocket-flip-discard-random-hand",
        r"Flip a coin\. If heads, discard a random card from your opponent's hand\.",
        "if flip heads {{ discard random card from opponent_hand }}",
        attack=True,
    ),
    Pattern(
        "pocket-random-typed-to-hand",
        rf"Put 1 random {_SYM} Pokémon from your deck into your hand\.",
        "put random pokemon of type {sym} from own_deck to hand",
        attack=True,
    ),
    Pattern(
        "pocket-random-named-to-bench",
        r"Put 1 random (?P<name>[A-Z][\w'.\-♂♀]*) from your deck onto your Bench\.",
        'put random pokemon named "{name}" from own_deck to bench',
        attack=True,
    ),
    Pattern(
        "pocket-flip-shuffle-active",
        r"Flip a coin\. If heads, your opponent shuffles their Active Pokémon into their deck\.",
        "if flip heads {{ shuffle defending into deck }}",
        attack=True,
    ),
    Pattern(  # Pocket: the Energy attached goes back to the Energy Zone (the statement discards it)
        "pocket-return-active-named",
        r"Put your (?P<name>[A-Z][\w'.\-♂♀]*) or (?P<name2>[A-Z][\w'.\-♂♀]*) in the Active Spot into your "
        r"hand\.",
        'return own_active named "{name}" "{name2}" to hand',
    ),
    Pattern(
        "pocket-heal-chosen-typed",
        rf"Heal (?P<n>\d+) damage from 1 of your {_SYM} Pokémon\.",
        "heal {n} on chosen own_pokemon of type {sym}",
    ),
    Pattern("pocket-draw-one", r"Draw a card\.", "draw 1"),
    Pattern(
        "pocket-shuffle-from-hand-draw",
        r"Shuffle (?P<n>\d+) cards from your hand into your deck\. Draw a card\. If you can't shuffle in "
        r"(?P=n) cards, you can't use this card\.",
        "choose {n} card from own_hand: shuffle into deck draw 1",
    ),
    Pattern(
        "pocket-opponent-shuffles-hand-draws",
        r"Your opponent shuffles their hand into their deck and draws (?P<n>\d+) cards\.",
        "shuffle all cards of opponent_hand into deck draw {n} for opponent",
    ),
    Pattern(
        "pocket-fossil",
        r"Play this card as if it were a (?P<hp>\d+)-HP Basic \[C\] Pokémon\. At any time during your turn, "
        r"you may discard this card from play\. This card can't retreat\.",
        "play as basic pokemon hp {hp}: discard_any_time, cannot_retreat",
    ),
    Pattern(
        "pocket-make-inflict",
        rf"Make {_FOE} {_PCOND}\.",
        "inflict {cond} on defending",
        attack=True,
        power=True,
    ),
    Pattern(
        "pocket-heal-each-own",
        r"Heal (?P<n>\d+) damage from each of your Pokémon\.",
        "heal {n} on each own_pokemon",
    ),
    Pattern(  # the card stays on top of the deck, known to its owner
        "pocket-look-top-one",
        r"Look at the top card of your deck\.",
        "look at top 1 of own_deck choose 1 card from own_looked: put on top",
    ),
    Pattern(
        "pocket-takes-less",
        r"This Pokémon takes -(?P<n>\d+) damage from attacks\.",
        "take {n} less damage from attacks",
    ),
    Pattern(
        "pocket-supporter-lock-active",
        r"As long as this Pokémon is in the Active Spot, your opponent can't use any Supporter cards from "
        r"their hand\.",
        "opponent cannot play supporters while active",
    ),
    Pattern(
        "pocket-supporter-lock-next-turn",
        r"Your opponent can't use any Supporter cards from their hand during their next turn\.",
        "opponent cannot play supporters next turn",
        attack=True,
    ),
    Pattern(
        "pocket-reveal-opponent-hand",
        r"Your opponent reveals their hand\.",
        "reveal opponent_hand",
    ),
    Pattern(
        "pocket-no-attack-next-turn",
        r"During your opponent's next turn, the Defending Pokémon can't attack\.",
        "next turn defending cannot attack",
        attack=True,
    ),
    Pattern(
        "pocket-flip-no-attack-next-turn",
        r"Flip a coin\. If heads, the Defending Pokémon can't attack during your opponent's next turn\.",
        "if flip heads {{ next turn defending cannot attack }}",
        attack=True,
    ),
    Pattern(
        "pocket-no-retreat-next-turn",
        r"During your opponent's next turn, the Defending Pokémon can't retreat\.",
        "next turn defending cannot retreat",
        attack=True,
    ),
    Pattern(
        "pocket-deals-less-next-turn",
        r"During your opponent's next turn, attacks used by the Defending Pokémon do -(?P<n>\d+) damage\.",
        "next turn defending deals {n} less damage",
        attack=True,
    ),
    Pattern(
        "pocket-takes-less-next-turn",
        r"During your opponent's next turn, this Pokémon takes -(?P<n>\d+) damage from attacks\.",
        "next turn self takes {n} less damage",
        attack=True,
    ),
    Pattern(
        "pocket-zone-attach-self",
        rf"Take a {_SYM} Energy from your Energy Zone and attach it to this Pokémon\.",
        "take {sym} energy from zone to self",
        attack=True,
        power=True,
    ),
    Pattern(  # "the [P] Pokémon in the Active Spot": the Active, when it is of that type
        "pocket-zone-attach-active-typed",
        rf"Take a {_SYM} Energy from your Energy Zone and attach it to the {_sym('sym2')} Pokémon in the "
        r"Active Spot\.",
        "take {sym} energy from zone to own_active {sym2}",
    ),
    Pattern(  # an Ability's own damage: no Weakness (it is no attack)
        "pocket-do-damage-chosen-opponent",
        r"Do (?P<n>\d+) damage to 1 of your opponent's Pokémon\.",
        "damage {n} to chosen opponent_pokemon",
    ),
    Pattern(
        "pocket-switch-in-basic",
        r"Switch in 1 of your opponent's Benched Basic Pokémon to the Active Spot\.",
        "switch opponent_active with chosen basic opponent_bench",
    ),
    Pattern(
        "pocket-zone-attach-bench",
        rf"Take a {_SYM} Energy from your Energy Zone and attach it to 1 of your Benched {_sym('sym2')} "
        r"Pokémon\.",
        "take {sym} energy from zone to chosen own_bench {sym2}",
        attack=True,
    ),
    Pattern(
        "pocket-zone-attach-heads",
        rf"Flip (?P<coins>[1-8]) coins\. Take an amount of {_SYM} Energy from your Energy Zone equal to the "
        rf"number of heads and attach it to your Benched {_sym('sym2')} Pokémon in any way you like\.",
        "take {sym} energy from zone to chosen own_bench {sym2} for each heads of {coins} coins",
        attack=True,
    ),
    Pattern(  # `names`: "A or B" -> "A" "B"
        "pocket-zone-attach-named",
        rf"Take a {_SYM} Energy from your Energy Zone and attach it to (?P<names>{_WHO}(?:, {_WHO})*,? or "
        rf"{_WHO})\.",
        "take {sym} energy from zone to chosen own_pokemon named {names}",
    ),
    Pattern(
        "pocket-zone-attach-until-tails",
        rf"Choose 1 of your {_sym('sym2')} Pokémon, and flip a coin until you get tails\. For each heads, "
        rf"take a {_SYM} Energy from your Energy Zone and attach it to that Pokémon\.",
        "take {sym} energy from zone to chosen own_pokemon {sym2} for each heads until tails",
    ),
    Pattern(  # `names`: "A, B, or C" -> "A" "B" "C"
        "pocket-move-energy-to-active",
        rf"Move all {_SYM} Energy from your Benched Pokémon to your (?P<names>{_WHO}(?:, {_WHO})*,? or "
        rf"{_WHO}) in the Active Spot\.",
        "move all {sym} energy from own_bench to own_active named {names}",
    ),
    Pattern(  # `damage` must be the attack's printed damage (the heads multiply it)
        "pocket-flip-until-tails",
        r"Flip a coin until you get tails\. This attack does (?P<damage>\d+) damage for each heads\.",
        "flip until tails: damage times heads",
        attack=True,
    ),
    Pattern(
        "pocket-boost",
        rf"During this turn, attacks used by your Pokémon do \+(?P<n>\d+) damage to {_FOE}\.",
        "boost attacks by {n} this turn",
    ),
    Pattern(  # `names`: "A, B, or C" -> "A" "B" "C"
        "pocket-boost-names",
        rf"During this turn, attacks used by your (?P<names>{_WHO}(?:, {_WHO})*,? or {_WHO}) do "
        rf"\+(?P<n>\d+) damage to {_FOE}\.",
        "boost attacks of {names} by {n} this turn",
    ),
    Pattern(
        "pocket-rough-skin",
        r"If this Pokémon is in the Active Spot and is damaged by an attack from your opponent's Pokémon, do "
        r"(?P<n>\d+) damage to the Attacking Pokémon\.",
        "when damaged damage {n} to attacker",
    ),
    # ---- later sets' wording of what the statements above already say ---------------------------
    Pattern(  # the attacker is one of the two Active Pokemon
        "pocket-inflict-both-active",
        rf"Both Active Pokémon are now {_PCOND}\.",
        "inflict {cond} on defending inflict {cond} on self",
        attack=True,
    ),
    Pattern(  # attacks only: the Pocket game lets no Trainer be played to heal where there is no damage,
        # which a chosen heal (any Pokemon, playable at any time) does not say
        "pocket-heal-chosen-own",
        r"Heal (?P<n>\d+) damage from 1 of your Pokémon\.",
        "heal {n} on chosen own_pokemon",
        attack=True,
    ),
    Pattern(
        "pocket-flip-heal-self",
        r"Flip a coin\. If heads, heal (?P<n>\d+) damage from this Pokémon\.",
        "if flip heads {{ heal {n} on self }}",
        attack=True,
    ),
    Pattern(
        "pocket-flip-takes-less-next-turn",
        r"Flip a coin\. If heads, during your opponent's next turn, this Pokémon takes -(?P<n>\d+) damage "
        r"from attacks\.",
        "if flip heads {{ next turn self takes {n} less damage }}",
        attack=True,
    ),
    Pattern(
        "pocket-own-bench-damage",
        r"This attack also does (?P<n>\d+) damage to each of your Benched Pokémon\.",
        "damage {n} to each own_bench",
        attack=True,
    ),
    Pattern(
        "pocket-discard-two-energy",
        rf"Discard a {_SYM} and a {_sym('sym2')} Energy from this Pokémon\.",
        "discard 1 {sym} energy from self discard 1 {sym2} energy from self",
        attack=True,
    ),
    Pattern(
        "pocket-discard-all-attached-energy-inflict",
        rf"Discard all Energy attached to this Pokémon\. Your opponent's Active Pokémon is now {_PCOND}\.",
        "discard all energy from self inflict {cond} on defending",
        attack=True,
    ),
    Pattern(  # `damage` must be the attack's printed damage (it is multiplied by the count)
        "pocket-times-defending-energy",
        rf"This attack does (?P<damage>\d+) damage for each Energy attached to {_FOE}\.",
        "damage times energy on defending",
        attack=True,
    ),
    Pattern(  # Energy of one type are alike: which one the attacker's player picks makes no difference
        "pocket-discard-defending-energy",
        rf"Discard a {_SYM} Energy from {_FOE}\.",
        "choose 1 basic_energy {sym} from defending: discard",
        attack=True,
    ),
    Pattern(  # an attack with no printed damage: the Active Pokemon's share is the attack's damage (Weakness
        # applies to it), the Benched Pokemon's is not (no Weakness)
        "pocket-damage-each-opponent",
        r"This attack does (?P<n>\d+) damage to each of your opponent's Pokémon\.",
        "more damage {n} damage {n} to each opponent_bench",
        attack=True,
        printed="0",
    ),
    Pattern(  # an attack with no printed damage; damage comes in counters of 10
        "pocket-damage-equal-own-damage",
        rf"This attack does damage to {_FOE} equal to the damage this Pokémon has on it\.",
        "more damage 10 per damage_counter on self",
        attack=True,
        printed="0",
    ),
    Pattern(
        "pocket-self-and-every-bench-damage",
        r"This Pokémon also does (?P<n>\d+) damage to itself and (?P<m>\d+) damage to all Benched Pokémon "
        r"\(both yours and your opponent's\)\.",
        "damage {n} to self damage {m} to each own_bench damage {m} to each opponent_bench",
        attack=True,
    ),
    Pattern(
        "pocket-cure-self",
        r"This Pokémon recovers from all Special Conditions\.",
        "cure self",
        attack=True,
    ),
)


def _value(group: str, text: str) -> str:
    """A captured word as spec text: an Energy symbol letter (`sym...` groups) -> its type, "a" -> 1, a
    card's name (`name...` groups) as it is."""
    if group.startswith("sym"):
        return str(energy_type(text)).lower()
    if group == "names":  # a list of card names, "A, B, or C", as spec strings
        from tcgc.fmt import quote

        return " ".join(quote(n) for n in re.split(r",? or |, ", text))
    if group.startswith("name"):  # a card's name, as printed
        return text
    return "1" if text in ("a", "an") else text.lower()


def _render(p: Pattern, m: re.Match[str], facts: dict[str, str]) -> str | None:
    """The pattern's spec for a match; None when it needs a fact of the card that is missing, or when its
    text restates the attack's damage (a `damage` group) as another amount than the printed one."""
    captured = {k: _value(k, v) for k, v in m.groupdict().items() if v is not None}
    if p.attack and "damage" not in facts and not (p.power and "power" in facts):
        return None
    if p.printed is not None and facts.get("damage") != p.printed:
        return None
    if "damage" in captured and captured["damage"] != facts.get("damage"):
        return None
    try:
        return p.template.format(**{**facts, **captured})
    except KeyError:
        return None


def _next_sentence(text: str) -> tuple[str, str]:
    """The first sentence of `text` (to a full stop, `!` or `?` before a capital, or the end) and the rest."""
    m = re.match(r"(.+?[.!?])\s+(?=[A-Z(\"'])", text)
    if not m:
        return text, ""
    return m.group(1), text[m.end() :]


# a Pocket Ability used once a turn: "Once during your turn, [if this Pokémon is in the Active Spot,] you
# may <sentence>" is `once a turn [in active spot]` and what the patterns map <sentence> to (as a power's
# program); when they do not map all of it, the whole text stays a hole
_ONCE_A_TURN = (
    r"(?:(?P<active_first>If this Pokémon is in the Active Spot, once)|Once) during your turn, "
    r"(?P<active>if this Pokémon is in the Active Spot, )?you may (?P<rest>.+)"
)


def _pieces(rest: str, facts: dict[str, str]) -> list[str]:
    """Spec text for each clause of `rest`: a pattern's, or `unspecified "sentence"`."""
    from tcgc.fmt import quote

    pieces: list[str] = []
    while rest:
        for p in PATTERNS:
            m = re.match(p.regex, rest)
            piece = _render(p, m, facts) if m else None
            if m and piece is not None:
                pieces.append(piece)
                rest = rest[m.end() :].lstrip()
                break
        else:
            sentence, rest = _next_sentence(rest)
            pieces.append(f"unspecified {quote(sentence)}")
    return pieces


def _once_a_turn(text: str, facts: dict[str, str]) -> list[str] | None:
    """The pieces of a once-a-turn Ability's text, or None (not one, or not all of it maps)."""
    m = re.fullmatch(_ONCE_A_TURN, text)
    if not m:
        return None
    rest = m.group("rest")
    inner = _pieces(rest[0].upper() + rest[1:], {**facts, "power": "1"})
    if any(piece.startswith("unspecified ") for piece in inner):
        return None
    active = m.group("active") or m.group("active_first")
    return ["once a turn" + (" in active spot" if active else ""), *inner]


def map_text(text: str, facts: dict[str, str] | None = None) -> tuple[ir.Stmt, ...]:
    """Statements for `text`, clause by clause: what the patterns map becomes typed statements, and every
    sentence no pattern maps becomes one `unspecified "sentence"` hole, in place (never dropped, never
    guessed). `facts`: printed numbers of the card that its text does not repeat (`hp` of a Trainer played
    as a Pokemon; `damage` of the attack whose text this is: given for attacks only)."""
    rest = " ".join(text.split())
    pieces = _once_a_turn(rest, facts or {}) or _pieces(rest, facts or {})
    source = 'card "x" id x-0 { trainer { ' + " ".join(pieces) + " } }"
    parsed = parse_text(source, "<patterns>")
    if isinstance(parsed, Diagnostic):  # a broken template is a bug in this module
        raise AssertionError(f"pattern template does not parse: {parsed.message}: {source}")
    card = parsed.items[0]
    assert isinstance(card, ir.Card) and isinstance(card.body, ir.Trainer)
    return card.body.effect
