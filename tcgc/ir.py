"""The tcgc intermediate representation: frozen pydantic models, one per spec construct.

Every node carries the `span` it was parsed from. Two IRs are compared with spans ignored by
`same_ir` (so that `parse(fmt(x))` can equal `x`). The parser builds these nodes and nothing else;
name resolution and typing live in `tcgc.check`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from tcgc.diagnostics import Span


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    #: Where the node was written.
    span: Span


# ---- settings (rules) ------------------------------------------------------------------


class Value(Node):
    """One value of a setting: an integer, a bare name, a quoted string or a list of names."""

    kind: Literal["int", "name", "string", "list"]
    value: int | str | tuple[str, ...]


class Setting(Node):
    """`key value... ;`: a typed rule parameter."""

    key: str
    values: tuple[Value, ...]


class Condition(Node):
    """`condition NAME { settings }`: a Special Condition and how it behaves."""

    name: str
    settings: tuple[Setting, ...]


class Rules(Node):
    """`rules "name" { ... }`: the ruleset of a game, as values."""

    kind: Literal["rules"] = "rules"
    name: str
    settings: tuple[Setting, ...]
    conditions: tuple[Condition, ...]


# ---- effects -----------------------------------------------------------------------------


class IfFlip(Node):
    """`if flip heads|tails { ... } [else { ... }]`: flip one coin; run the body on that face, else
    the `orelse` block."""

    kind: Literal["if_flip"] = "if_flip"
    face: str
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...] = ()


class Inflict(Node):
    """`inflict CONDITION on TARGET`."""

    kind: Literal["inflict"] = "inflict"
    condition: str
    target: str


class SelfDamage(Node):
    """`damage N to TARGET`: damage with no Weakness or Resistance applied."""

    kind: Literal["self_damage"] = "self_damage"
    amount: int
    target: str


class Switch(Node):
    """`switch SIDE_active with chosen SIDE_bench`: swap an Active with a Benched Pokemon the player picks."""

    kind: Literal["switch"] = "switch"
    active: str
    chosen: str
    #: `by opponent`: the owner of the Benched Pokemon picks it, not the player of the effect
    by_opponent: bool = False
    #: `switch opponent_active with chosen basic opponent_bench`: only a Basic Pokemon may be picked
    basic: bool = False


class Unspecified(Node):
    """`unspecified "text"`: card text no primitive expresses yet (a hole, compiled as a no-op)."""

    kind: Literal["unspecified"] = "unspecified"
    text: str


class TimesHeads(Node):
    """`flip N coins: damage times heads`: the attack's damage is multiplied by the heads of N coins."""

    kind: Literal["times_heads"] = "times_heads"
    coins: int


class TimesCount(Node):
    """`damage times QUANTITY on TARGET`: the attack's damage is multiplied by a count."""

    kind: Literal["times_count"] = "times_count"
    quantity: str
    target: str


class MoreDamage(Node):
    """`more damage N [per QUANTITY on TARGET]`: N (times the count) more damage."""

    kind: Literal["more_damage"] = "more_damage"
    amount: int
    quantity: str | None
    target: str | None


class LessDamage(Node):
    """`less damage N per QUANTITY on TARGET`: N less damage per count (never below 0)."""

    kind: Literal["less_damage"] = "less_damage"
    amount: int
    quantity: str
    target: str


class DoesNothing(Node):
    """`attack does nothing`: no damage, and the rest of the effect does not run."""

    kind: Literal["does_nothing"] = "does_nothing"


class Draw(Node):
    """`draw N [for opponent]`: the player (or the opponent) draws N cards (fewer if the deck runs out).
    After a program's picks it happens once they are made. A deck keeps no order: a draw takes a card
    at random from it."""

    kind: Literal["draw"] = "draw"
    count: int
    for_opponent: bool = False


class Mirror(Node):
    """`mirror last attack on self`: if an attack hit self (as the Defending Pokemon) during the
    opponent's last turn, this attack's damage becomes the damage that attack finally did (and no
    Weakness or Resistance applies again), and the Special Conditions it inflicted are inflicted on the
    Defending Pokemon."""

    kind: Literal["mirror"] = "mirror"
    target: str


class Look(Node):
    """`look at top N of own_deck`: the top N cards of the deck (fewer if it holds fewer) are revealed to
    their owner; `choose ... from own_looked: put on top` then puts them back one at a time, the first
    picked on top (so the player orders them as they like)."""

    kind: Literal["look"] = "look"
    count: int
    source: str


class PlaysAs(Node):
    """`play as basic pokemon hp N [type TYPE][: OPTION, ...]`: the Trainer is played as a Basic Pokemon
    with HP N and no attacks, of TYPE (None: the rules' colorless type). Options: cannot_retreat,
    no_special_conditions, no_prize (its Knock Out gives no Prize card), discard_any_time (during its
    owner's turn, an action discards it and its attached cards; an Active needs a Benched Pokemon to
    come up, which the player picks next)."""

    kind: Literal["plays_as"] = "plays_as"
    hp: int
    type: str | None = None
    options: tuple[str, ...] = ()


class ShuffleHand(Node):
    """`shuffle WHAT cards of own_hand|opponent_hand|both_hands into deck`: the cards of kind WHAT
    (`all`, or a kind `choose` takes) in those hands join their owner's deck."""

    kind: Literal["shuffle_hand"] = "shuffle_hand"
    what: str
    hand: str


class Cure(Node):
    """`cure TARGET`: remove every Special Condition from the target."""

    kind: Literal["cure"] = "cure"
    target: str


class DiscardHand(Node):
    """`discard hand`: the player discards every card in their hand."""

    kind: Literal["discard_hand"] = "discard_hand"


class DiscardEnergy(Node):
    """`discard N TYPE energy from TARGET` (basic Energy cards of that type, alike, so which ones does
    not matter), `discard N energy from TARGET` (any Energy cards, the first ones in slot order) or
    `discard all energy from TARGET`."""

    kind: Literal["discard_energy"] = "discard_energy"
    #: None = all
    count: int | None
    #: None = any Energy card
    energy_type: str | None
    target: str


class Heal(Node):
    """`heal N on TARGET` / `heal all on TARGET`: remove damage (never below 0)."""

    kind: Literal["heal"] = "heal"
    #: None = all
    amount: int | None
    target: str
    #: `heal N on chosen own_pokemon`: the player picks the Pokemon (a choice step)
    chosen: bool = False
    #: `heal N on chosen own_pokemon of type TYPE`: only a Pokemon of that type may be picked
    pokemon_type: str | None = None


class DamageChosen(Node):
    """`damage N to chosen opponent_pokemon|opponent_bench|own_bench`: the player picks one of those
    Pokemon and it takes N damage. In an attack, when the pick is the opponent's Active, Weakness and
    Resistance (by the attacker's type) and its protection (`prevent ... next turn`) apply; a Benched
    Pokemon takes N as it is. Nothing happens when there is no Pokemon to pick. The amount is the
    statement's own (not the attack's damage), so it works in a Pokemon Power's program too."""

    kind: Literal["damage_chosen"] = "damage_chosen"
    amount: int
    target: str


class RandomFromDeck(Node):
    """`put random pokemon [of type TYPE] [named "A" ...] from own_deck to hand|bench`: a Pokemon card of
    the deck of that kind (of that type, of one of those names; to the Bench: a Basic Pokemon) picked at
    random, the r-th such card in slot order with r = the step's first effect draw word (DRAW_EFFECT) mod
    how many there are, goes to the hand, or onto the first empty Bench position (no room: nothing
    happens). None there: nothing happens. The deck is searched, so it is shuffled after."""

    kind: Literal["random_from_deck"] = "random_from_deck"
    pokemon_type: str | None = None
    names: tuple[str, ...] = ()
    source: str
    to: str


class ReturnActive(Node):
    """`return own_active named "A" "B" to hand`: when the Active's name is one of the names, it goes to
    the hand with every card it evolved from, the other cards attached to it are discarded (Pocket: its
    Energy goes back to the Energy Zone), and the player picks the Benched Pokemon that replaces it. A
    Trainer with it can be played only when the Active has one of the names and there is a Bench."""

    kind: Literal["return_active"] = "return_active"
    target: str
    names: tuple[str, ...]


class ShuffleActive(Node):
    """`shuffle defending into deck`: the opponent's Active Pokemon and every card on it go into its
    owner's deck (a deck has no order; Energy Zone Energy goes back to the zone); the attack does no
    damage to it. The opponent promotes a Benched Pokemon when the turn ends (no Bench: the loss by no
    Pokemon in play)."""

    kind: Literal["shuffle_active"] = "shuffle_active"
    target: str


class Reveal(Node):
    """`reveal opponent_hand` / `reveal own_hand`: every card of that hand now is shown to the other
    player (the engine's `revealed` flags): it is public to that player until it leaves the hand."""

    kind: Literal["reveal"] = "reveal"
    target: str


class DiscardRandom(Node):
    """`discard random energy from defending` / `discard random card from opponent_hand`: one card of
    that kind there, picked at random, is discarded: the r-th such card in slot order, r = the step's
    first effect draw word (DRAW_EFFECT) mod how many there are; none there: nothing happens."""

    kind: Literal["discard_random"] = "discard_random"
    what: str
    target: str


class BenchDamage(Node):
    """`damage N to each own_bench|opponent_bench`: no Weakness or Resistance."""

    kind: Literal["bench_damage"] = "bench_damage"
    amount: int
    side: str


class Protect(Node):
    """`prevent damage [N or less] to TARGET next turn` / `prevent effects to TARGET next turn`: during
    the opponent's next turn, attacks do no damage (or none of N or less, after Weakness and
    Resistance) to the target, or no effect at all."""

    kind: Literal["protect"] = "protect"
    #: "damage" or "effects" (effects include damage)
    what: str
    #: for "damage": prevent only damage of at most this much (None = all damage)
    up_to: int | None
    target: str


class HalfHp(Node):
    """`damage half remaining hp of TARGET`: the attack's damage becomes half the target's remaining HP,
    rounded up to the nearest 10."""

    kind: Literal["half_hp"] = "half_hp"
    target: str


class ExtraEnergy(Node):
    """`more damage N per extra TYPE energy up to CAP`: N more damage for each Energy of TYPE on the
    attacker that its attack's cost does not need (other Energy pays the colorless part first), at
    most CAP of them."""

    kind: Literal["extra_energy"] = "extra_energy"
    amount: int
    energy_type: str
    cap: int


class Requires(Node):
    """`requires CONDITION on TARGET`: the attack can be used only while TARGET has the condition."""

    kind: Literal["requires"] = "requires"
    condition: str
    target: str


class Drain(Node):
    """`after damage heal N on TARGET`: once the attack has done damage to the defending Pokemon (after
    Weakness, Resistance and prevention), heal N on the attacker."""

    kind: Literal["drain"] = "drain"
    amount: int
    target: str


class Retaliate(Node):
    """`when damaged damage N to attacker` (a Pokemon Power): whenever an attack damages this Pokemon,
    even if it is Knocked Out, N damage to the attacking Pokemon, without Weakness or Resistance; not
    while this Pokemon has a condition that blocks Powers."""

    kind: Literal["retaliate"] = "retaliate"
    amount: int


class DestinyBond(Node):
    """`knock out attacker if knocked out next turn`: if an attack Knocks Out this Pokemon during the
    opponent's next turn, the attacking Pokemon is Knocked Out too."""

    kind: Literal["destiny_bond"] = "destiny_bond"


class HealEachDiscard(Node):
    """`heal all on each damaged own_pokemon then discard their energy`: every Pokemon of the side with
    damage loses all of it, then every Energy card attached to those Pokemon is discarded."""

    kind: Literal["heal_each_discard"] = "heal_each_discard"
    target: str


class Attach(Node):
    """`attach to own_active|own_pokemon until end_of_turn|end_of_opponent_turn: deals N more damage |
    takes N less damage`: the Trainer stays attached to the Pokemon (played at its position) and is
    discarded when the named turn ends; while attached, the Pokemon's attacks do N more damage to the
    Defending Pokemon when they do any (after Weakness and Resistance), or attacks do N less damage to
    it (after Weakness and Resistance, never below 0)."""

    kind: Literal["attach"] = "attach"
    target: str
    until: str
    dealt_more: int = 0
    taken_less: int = 0


class Choose(Node):
    """`choose [up to] N WHAT from [one] SOURCE: ACTION`: the player picks N cards, one at a time, each
    of kind WHAT (card, trainer, energy_card, basic_energy, basic_pokemon) from SOURCE (own_hand,
    own_discard, opponent_discard, own_pokemon, opponent_pokemon, defending: the cards attached to
    those Pokemon), and ACTION happens to each: discard, discard_heal (discard, then heal `amount` on
    the Pokemon it was attached to), to_hand, to_bench, to_bench_half (onto the Bench with damage of
    half its HP, rounded down to the nearest 10), attach (to a Pokemon picked next), scoop_up (a
    Basic Pokemon card in play to the hand, every card attached to it discarded; an Active needs a
    Benched Pokemon to replace it, which the player picks next), devolve (an evolution_card in play:
    it and every higher Stage on that Pokemon are discarded, as if the one below had just evolved),
    put_on_basic (a stage2_card onto the player's Basic Pokemon two stages below it, picked next, that
    could evolve now: an evolution that skips Stage 1).
    `up to`: the player may stop before any pick; a Trainer can be played only when its other picks
    all have enough cards. `one`: every pick after the first comes from the same Pokemon."""

    kind: Literal["choose"] = "choose"
    count: int
    up_to: bool
    what: str
    source: str
    one: bool
    action: str
    amount: int = 0
    #: basic_energy of this type only (None: any)
    energy_type: str | None = None
    #: action `attach`: then the player picks one of these Pokemon for the card (`attach to chosen
    #: [other] own_pokemon [TYPE]`): of Pokemon type `attach_type`, `attach_other`: not the one it was on
    attach_type: str | None = None
    attach_other: bool = False
    attach_target: str | None = None


class MoveDamage(Node):
    """`move damage N from chosen own_pokemon to chosen other own_pokemon`: the player picks a Pokemon
    with damage, then another that N more damage does not Knock Out, and N damage moves."""

    kind: Literal["move_damage"] = "move_damage"
    amount: int
    source: str
    target: str


class BecomeEnergy(Node):
    """`knock out self and attach it to chosen other own_pokemon as N energy of chosen type` (a power):
    the Pokemon is Knocked Out (its opponent takes a Prize, its attached cards are discarded) and its
    card is attached to another of the player's Pokemon, picked first, as an Energy card that provides N
    Energy of the type picked next (not the colorless one). Out of play the card is itself again."""

    kind: Literal["become_energy"] = "become_energy"
    target: str
    amount: int


class ConvertEnergy(Node):
    """`energy on self becomes TYPE this turn`: every Energy attached to the Pokemon provides TYPE
    instead (as much as it provided) until the turn ends."""

    kind: Literal["convert_energy"] = "convert_energy"
    target: str
    energy_type: str


class PickAttack(Node):
    """`choose attack of defending: disable it next turn | use it`: the player picks one of the
    defending Pokemon's attacks; it cannot use that attack during its next turn, or the attacker does
    that attack as its own (its damage and effects, not its Energy costs, discards or requirements;
    Weakness and Resistance by the attacker's type). `copy_paid` (`use it needing its energy`): the
    attacker does it only when its Energy could pay the attack's cost; else nothing happens."""

    kind: Literal["pick_attack"] = "pick_attack"
    target: str
    action: str


class ChangeType(Node):
    """`[may] change weakness|resistance of TARGET to chosen type`: the player picks a type other than
    the colorless one and TARGET's Weakness (only if it has one) or Resistance becomes it while it stays
    Active; `may`: the player may pass."""

    kind: Literal["change_type"] = "change_type"
    what: str
    target: str
    optional: bool


class MoreDamageIf(Node):
    """`more damage N if CONDITION`: N more damage when the condition holds: `damage on TARGET` (it has
    damage on it), `STATUS on TARGET` (it has that Special Condition), `K extra TYPE energy` (at least K
    Energy of TYPE on the attacker beyond what its attack's cost needs, counted as `extra_energy` does)
    or `flip K coins all heads` (K coins are flipped; every one shows heads)."""

    kind: Literal["more_damage_if"] = "more_damage_if"
    amount: int
    test: Literal["damaged", "status", "extra_energy", "all_heads"]
    target: str | None = None
    #: the Special Condition (`status`) or the Energy type (`extra_energy`)
    name: str | None = None
    #: how many extra Energy (`extra_energy`) or coins (`all_heads`)
    count: int = 0


class PerBenched(Node):
    """`damage times benched [FILTER]` / `more damage N per benched [FILTER]`: the attack's damage is
    multiplied by, or N more per, the attacker's own Benched Pokemon, all or only those of a type
    (`type TYPE`) or with a name (`named "NAME"`)."""

    kind: Literal["per_benched"] = "per_benched"
    #: None: damage times the count; else N more damage per Benched Pokemon counted
    amount: int | None
    energy_type: str | None = None
    name: str | None = None


class DrainDealt(Node):
    """`after damage heal dealt on TARGET`: once the attack has done damage to the defending Pokemon,
    heal the attacker by the damage finally done (after Weakness, Resistance and prevention)."""

    kind: Literal["drain_dealt"] = "drain_dealt"
    target: str


class RandomDamage(Node):
    """`damage N to random opponent_pokemon T times`: T times, one of the opponent's Pokemon in play is
    picked at random (each pick with its own draw word) and takes N damage: a Benched Pokemon directly
    (no Weakness or Resistance; less from attached Trainers), the Active Pokemon as part of the attack's
    damage (Weakness, Resistance and prevention apply to the total of its hits)."""

    kind: Literal["random_damage"] = "random_damage"
    amount: int
    target: str
    times: int


class ZoneAttach(Node):
    """`take TYPE energy from zone to self | chosen own_bench|own_pokemon [TYPE2] [named "NAME"...]`: an
    Energy of TYPE from the player's Energy Zone (a token in reserve; none left: nothing happens) is
    attached to the Pokemon whose attack or power this is, or to one the player picks (of Pokemon type
    `pokemon_type`, with one of `names`, when given)."""

    kind: Literal["zone_attach"] = "zone_attach"
    energy_type: str
    target: str
    chosen: bool = False
    pokemon_type: str | None = None
    names: tuple[str, ...] = ()
    #: `for each heads until tails`: once the Pokemon is picked, one Energy per heads of coins flipped
    #: until tails (FLIP_CAP at most)
    until_tails: bool = False
    #: `for each heads of N coins` (an attack): N coins flipped when it runs; one Energy per heads, each
    #: to a Pokemon the player picks
    coins: int = 0


class MoveEnergy(Node):
    """`move all TYPE energy from own_bench to own_active [named "NAME"...]`: every basic Energy card of
    TYPE attached to the player's Benched Pokemon moves to the Active Pokemon (when `names`: only when
    the Active has one of them; a Trainer is playable only then)."""

    kind: Literal["move_energy"] = "move_energy"
    energy_type: str
    source: str
    target: str
    names: tuple[str, ...] = ()


#: the most coins `flip until tails` flips (all heads: it stops there); 2^-32 is never met in practice
FLIP_CAP = 32


class FlipUntilTails(Node):
    """`flip until tails: damage times heads`: coins are flipped until one shows tails (FLIP_CAP at most);
    the attack's damage is multiplied by the heads. It takes FLIP_CAP coin slots, used or not."""

    kind: Literal["flip_until_tails"] = "flip_until_tails"


class Boost(Node):
    """`boost attacks [of "NAME"...] by N this turn`: until the turn ends, attacks by the player's
    Pokemon (of those names only, when given) do N more damage to the opponent's Active Pokemon when
    they do damage, added before Weakness. A later boost replaces an earlier one."""

    kind: Literal["boost"] = "boost"
    amount: int
    names: tuple[str, ...] = ()


class Once(Node):
    """`only once while in play`: the attack cannot be used again while the Pokemon stays in play."""

    kind: Literal["once"] = "once"


class OnceATurn(Node):
    """`once a turn [in active spot]`: the power runs its other statements as a program, at most once
    during each of its owner's turns per Pokemon; `active_only`: only while its Pokemon is Active."""

    kind: Literal["once_a_turn"] = "once_a_turn"
    active_only: bool


class HealEach(Node):
    """`heal N on each own_pokemon`: every Pokemon in play of the side heals N."""

    kind: Literal["heal_each"] = "heal_each"
    amount: int
    target: str


class TakeLess(Node):
    """`take N less damage from attacks` (a power): damage from attacks to this Pokemon is N less, after
    Weakness and Resistance, not below 0."""

    kind: Literal["take_less"] = "take_less"
    amount: int


class SupporterLock(Node):
    """`opponent cannot play supporters next turn|while active`: the opponent cannot play Supporter cards
    during its next turn (`next_turn`), or while this Pokemon is Active (`while_active`, a power)."""

    kind: Literal["supporter_lock"] = "supporter_lock"
    when: Literal["next_turn", "while_active"]


class Lasting(Node):
    """`next turn TARGET cannot attack|cannot retreat|deals N less damage|takes N less damage`: during the
    opponent's next turn, while TARGET stays the Active Pokemon and does not evolve."""

    kind: Literal["lasting"] = "lasting"
    what: Literal["no_attack", "no_retreat", "deals_less", "takes_less"]
    target: str
    amount: int = 0


Stmt = Annotated[
    OnceATurn
    | HealEach
    | TakeLess
    | SupporterLock
    | Lasting
    | IfFlip
    | Inflict
    | SelfDamage
    | Switch
    | Unspecified
    | TimesHeads
    | TimesCount
    | MoreDamage
    | LessDamage
    | DoesNothing
    | Draw
    | ShuffleHand
    | PlaysAs
    | Look
    | Mirror
    | BecomeEnergy
    | Cure
    | DiscardHand
    | DiscardEnergy
    | Heal
    | BenchDamage
    | Protect
    | HalfHp
    | ExtraEnergy
    | Requires
    | Drain
    | Retaliate
    | DestinyBond
    | HealEachDiscard
    | Attach
    | Once
    | Choose
    | MoveDamage
    | ConvertEnergy
    | PickAttack
    | ChangeType
    | MoreDamageIf
    | PerBenched
    | DrainDealt
    | RandomDamage
    | DamageChosen
    | DiscardRandom
    | RandomFromDeck
    | ReturnActive
    | ShuffleActive
    | ZoneAttach
    | MoveEnergy
    | FlipUntilTails
    | Boost
    | Reveal,
    Field(discriminator="kind"),
]
IfFlip.model_rebuild()


# ---- cards ---------------------------------------------------------------------------------


class Attack(Node):
    name: str
    cost: tuple[str, ...]
    damage: int
    #: "x", "+" or "-" as printed after the number on the card, else None.
    damage_suffix: str | None
    #: None when the attack has no effect block at all.
    effect: tuple[Stmt, ...] | None


class Power(Node):
    name: str
    effect: tuple[Stmt, ...]


class Pokemon(Node):
    kind: Literal["pokemon"] = "pokemon"
    stage: str
    evolves_from: str | None
    hp: int
    type: str
    weakness: str | None
    resistance: str | None
    retreat: int
    powers: tuple[Power, ...]
    attacks: tuple[Attack, ...]
    #: A Pokemon ex: its Knock Out gives the rules' `ex_prizes` instead of one.
    ex: bool = False


class Trainer(Node):
    kind: Literal["trainer"] = "trainer"
    effect: tuple[Stmt, ...]
    #: A Supporter: the rules' `supporters_per_turn` limits how many a player plays a turn.
    supporter: bool = False


class Energy(Node):
    kind: Literal["energy"] = "energy"
    category: str
    provides: tuple[str, ...]


class Card(Node):
    kind: Literal["card"] = "card"
    name: str
    id: str
    body: Annotated[Pokemon | Trainer | Energy, Field(discriminator="kind")]


class DeckEntry(Node):
    count: int
    #: Exactly one of `name` and `card_id` is set.
    name: str | None
    card_id: str | None


class Deck(Node):
    kind: Literal["deck"] = "deck"
    name: str
    entries: tuple[DeckEntry, ...]
    #: The Energy types its Energy Zone generates (rules with `energy_zone`); empty otherwise.
    energy: tuple[str, ...] = ()


Item = Annotated[Rules | Card | Deck, Field(discriminator="kind")]


class SpecFile(Node):
    """One parsed `.tcg` file."""

    path: str
    #: Comment lines before the first item (kept by `tcgc fmt`).
    header: tuple[str, ...]
    items: tuple[Item, ...]


def strip_spans(node: BaseModel) -> object:
    """A plain structure of the node with every span removed (for comparisons)."""

    def walk(value: object) -> object:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items() if k not in ("span", "path")}
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    return walk(node.model_dump())


def same_ir(a: BaseModel, b: BaseModel) -> bool:
    """True when two IR trees are equal apart from source positions."""
    return strip_spans(a) == strip_spans(b)


# ---- the checked game: what `tcgc.check` produces from the files of one engine ----------------


class Checked(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class ConditionRule(Checked):
    """A Special Condition's behaviour, typed from its `condition` block."""

    name: str
    #: Asleep/Confused/Paralyzed style: inflicting one removes the other exclusive ones.
    exclusive: bool
    #: Actions the condition forbids: a subset of {attack, retreat}.
    blocks: tuple[str, ...]
    #: Between turns, flip a coin; on this face the condition is removed ("heads"/"tails"/None).
    between_turns_flip_cure: str | None
    #: Damage put on the Pokemon between turns (0 for none).
    between_turns_damage: int
    #: Removed at the end of its owner's turn.
    cure_at_end_of_owner_turn: bool
    #: The other conditions inflicting this one removes (besides the exclusive ones).
    replaces: tuple[str, ...] = ()
    #: A Special Condition (`cure` removes it); `special no` marks an attack's lasting effect that
    #: behaves like one (a coin before attacking, cured at a turn's end) but that `cure` leaves.
    special: bool = True
    #: Before attacking, flip a coin; on `face` the attack is replaced by `damage` to itself.
    attack_flip_face: str | None
    attack_flip_damage: int


class RuleSet(Checked):
    """Every value of a TCG ruleset, typed and resolved."""

    name: str
    deck_size: int
    max_copies: int
    copies_exempt: str
    opening_hand: int
    mulligan_extra_draw: int
    prizes: int
    bench_size: int
    energy_attach_per_turn: int
    retreat_per_turn: int
    first_player_draws: bool
    first_turn_attack: bool
    evolve_same_turn: bool
    evolve_first_turn: bool
    weakness_multiplier: int
    resistance_reduction: int
    energy_types: tuple[str, ...]
    colorless: str
    conditions_cleared_by: tuple[str, ...]
    powers_blocked_by: tuple[str, ...]
    win_by: tuple[str, ...]
    turn_limit: int
    conditions: tuple[ConditionRule, ...]
    weakness_bonus: int = 0
    prize_cards: bool = True
    ex_prizes: int = 2
    #: -1: no limit
    supporters_per_turn: int = -1
    energy_zone: bool = False
    energy_zone_tokens: int = 0
    first_turn_energy: bool = True
    deck_energy_types: int = 3
    #: a draw with this many cards in the hand draws nothing (0: no limit)
    hand_limit: int = 0


class GameDeck(Checked):
    name: str
    #: Index into `Game.cards` of every card of the deck, `deck_size` long, in listed order.
    cards: tuple[int, ...]
    #: The Energy types its Energy Zone generates (rules with energy_zone).
    energy: tuple[str, ...] = ()
    #: The basic Energy cards of its Energy Zone, `energy_zone_tokens` long (the declared types in turn).
    tokens: tuple[int, ...] = ()

    @property
    def slots(self) -> tuple[int, ...]:
        """The card of every slot an engine gives the deck: its cards, then its Energy Zone tokens."""
        return self.cards + self.tokens


class Hole(Checked):
    card_id: str
    card_name: str
    where: str
    text: str
    span: Span


class Game(Checked):
    """One engine's checked spec: its rules, its card pool (ids are positions here) and decks."""

    engine: str
    root: str
    rules: RuleSet
    cards: tuple[Card, ...]
    #: The set (folder) each card came from, parallel to `cards`.
    card_sets: tuple[str, ...]
    decks: tuple[GameDeck, ...]
    holes: tuple[Hole, ...]
    #: sha256 of every source file of the engine (path order), the engines' header.
    spec_hash: str
