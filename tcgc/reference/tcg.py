"""The reference interpreter of the TCG dialect: plain Python over the checked IR, written for clarity.

It is the oracle of the rollout tests and the baseline of the speed ratios. It shares nothing with
the code generator but the IR types and the random draws (`tcgc.runtime.rng`): it reads cards, rules
and effect statements straight from `ir.Game` and applies them with ordinary Python control flow.
Its state has the same fields and meaning as the generated engine's (see the engine docstring), so
that the two can be compared field by field after every step.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields, replace

import numpy as np

from tcgc import ir
from tcgc.runtime import rng

# Zone codes: the hand, the discard pile, in-play position j (PLAY + j), the m-th Prize card
# (PRIZE + m), and the deck (DECK). A deck keeps no order (nobody may know it): a draw takes its r-th
# card in slot order, r = the draw word mod the deck's size.
HAND, DISCARD, PLAY, PRIZE, DECK = 1, 2, 4, 16, 64
PLAYING = 3  # a Trainer being played, until its choices are made
RESERVE = -1  # an Energy Zone token not handed out (rules with energy_zone)
OFFERED = -2  # the Energy Zone's Energy of this turn
ASIDE = 65  # a card picked to be shuffled into the deck, until the choices are made
LOOKED = 66  # a deck card its owner looks at (`look at top`), until a pick puts it back on top
TOP = 67  # TOP + k: the deck card known to be k-th from the top; it is drawn before the others
# What `prevent damage to self next turn` (all damage) and `prevent effects ...` leave on a Pokemon.
PROTECT_ALL, PROTECT_EFFECTS = 9999, -1
# What `knock out attacker if knocked out next turn` leaves (it prevents no damage).
PROTECT_DESTINY = -2
NONE, PROMOTE, SWITCH_OWN, SWITCH_OPPONENT, HEAL_OWN, PICK = 0, 1, 2, 3, 4, 5
# A choice an attack asks for carries ENDS_TURN (pending = kind + ENDS_TURN): the turn ends once made.
KIND, ENDS_TURN = 31, 32
# `next turn TARGET ...`: kept in `disabled` for turn `disabled_turn`: bits 0.. the attacks that cannot be
# used, NO_RETREAT, then the damage its attacks do less (8 bits from DEALS_SHIFT) and the damage it takes
# less (8 bits from TAKES_SHIFT)
NO_RETREAT, DEALS_SHIFT, TAKES_SHIFT = 1 << 8, 12, 20
# `supporters` at LOCK_NEXT: the next player cannot play Supporters in its turn (there it is LOCKED)
LOCK_NEXT, LOCKED = 2000, 1000
# `used_once` from bit POWER_TURN: the turn a `once a turn` power of the Pokemon there was used
POWER_TURN = 16
# A pending `damage N to chosen TARGET` / `heal N on chosen own_pokemon of type TYPE`: pending_amount is
# N | flags << AT_AMOUNT_BITS, flags: AT_HEAL, AT_OPPONENT (the opponent's Pokemon), AT_BENCH (Benched
# only), AT_ATTACK (an attack asked), the type + 1 a pick must have from bit AT_TYPE_SHIFT (0: any).
AT_CHOSEN = 6
AT_HEAL, AT_OPPONENT, AT_BENCH, AT_ATTACK, AT_TYPE_SHIFT, AT_AMOUNT_BITS = 1, 2, 4, 8, 4, 14
STAGES = ("basic", "stage1", "stage2")
# where a pick takes cards from, numbered as the engine numbers them (`pending_src`/`pending_step`
# name the pick; the numbering of sources is part of the state both must agree on)
OPPONENT_SOURCES = ("opponent_discard", "opponent_pokemon", "defending")
ATTACHED_SOURCES = ("own_pokemon", "opponent_pokemon", "defending")


@dataclass(frozen=True)
class Pick:
    """One pick of a `choose` or `move damage` statement: a card (from a hand, a discard pile or the
    Energy attached to Pokemon) or one of the player's Pokemon (source "own_position")."""

    source: str
    #: a card: card, trainer, energy_card, basic_energy, basic_pokemon; a Pokemon: any, damaged,
    #: survives (`amount` more damage does not Knock Out)
    what: str
    #: discard, discard_heal, to_hand, to_bench, to_bench_half, hold (a card to attach next), and for a
    #: Pokemon: attach_held, damage_from, damage_to
    action: str
    amount: int
    up_to: bool
    #: the index of the first pick of the next statement (where a pass goes)
    after: int
    #: restricted to the Pokemon the previous pick came from
    same: bool = False
    #: basic_energy of this type; a Pokemon of this type
    energy_type: str | None = None
    #: not the Pokemon the held card or the damage comes from
    other: bool = False
    #: what "named": a Pokemon with one of these names
    names: tuple[str, ...] = ()
    #: action "zone_attach": the type of the Energy Zone token attached to the Pokemon picked
    take: str | None = None


#: the per-position fields of a state that a new game starts at 0
POSITION_FIELDS = (
    "damage",
    "since",
    "status",
    "shield",
    "shield_turn",
    "used_once",
    "convert",
    "convert_turn",
    "disabled",
    "disabled_turn",
    "weakness_as",
    "resistance_as",
    "guard",
    "attacked",
)


def zero_positions(positions: int) -> dict[str, list[list[int]]]:
    """Every per-position field at 0, for both players."""
    return {name: [[0] * positions for _ in range(2)] for name in POSITION_FIELDS}


@dataclass
class RefState:
    """The game state as plain Python lists (same field meaning as the engine's `State`)."""

    current_player: int
    turn_player: int
    turn: int
    card: list[list[int]]
    zone: list[list[int]]
    top: list[list[int]]
    damage: list[list[int]]
    since: list[list[int]]
    status: list[list[int]]
    #: per position: what a `prevent ... next turn` stops (0, damage up to N, PROTECT_ALL damage or
    #: PROTECT_EFFECTS), and the turn it works in
    shield: list[list[int]]
    shield_turn: list[list[int]]
    #: per position: bit k is set once attack k (an `only once while in play` attack) was used
    used_once: list[list[int]]
    #: per position: 1 + the type every Energy there provides during turn `convert_turn` (0: none)
    convert: list[list[int]]
    convert_turn: list[list[int]]
    #: per position: bit k = attack k cannot be used during turn `disabled_turn`
    disabled: list[list[int]]
    disabled_turn: list[list[int]]
    #: per position: 1 + the Weakness / Resistance type an effect set (0: the printed one)
    weakness_as: list[list[int]]
    resistance_as: list[list[int]]
    #: per position: the damage the attached Trainers there take off (`takes N less damage`)
    guard: list[list[int]]
    #: per position: the last attack on the Pokemon there (damage | conditions << 12 | turn << 20)
    attacked: list[list[int]]
    prizes_left: list[int]
    energy_attached: int
    supporters: int
    retreats: int
    pending: int
    pending_amount: int
    #: a pending pick: its program (a Trainer's card index, or num_cards + card * max_attacks + k),
    #: which pick, and the position the last picked Energy was attached to
    pending_src: int
    pending_step: int
    pending_pos: int
    terminated: bool
    truncated: bool
    rewards: list[float]
    legal_action_mask: list[bool]
    #: this turn's `boost attacks`: turn << 16 | 1 + the Trainer's card index (0: none); None in games
    #: without `boost` (the engine has no such field then)
    boost: int | None = None
    #: per player and slot: the other player has seen this card of the player's hand (`reveal`), only
    #: while it stays there; None in games without `reveal` (the engine has no such field then)
    revealed: list[list[bool]] | None = None

    def clone(self) -> RefState:
        """A copy that shares no mutable list with this state."""
        return RefState(**{f.name: _copy(getattr(self, f.name)) for f in fields(self)})

    def as_arrays(self) -> dict[str, np.ndarray]:
        return {
            f.name: np.asarray(getattr(self, f.name))
            for f in fields(self)
            if getattr(self, f.name) is not None
        }


def _copy(value: object) -> object:
    """A copy of a field: a scalar, a list of scalars, or a list of such lists."""
    if not isinstance(value, list):
        return value
    if value and isinstance(value[0], list):
        return [row[:] for row in value]
    return value[:]


class TcgReference:
    """Rules of one checked TCG game, interpreted."""

    def __init__(self, game: ir.Game) -> None:
        self.game = game
        r = game.rules
        self.rules = r
        #: the deck's cards; the slots after them (rules with energy_zone) are the Energy Zone's tokens
        self.real_deck = r.deck_size
        self.deck_size = r.deck_size + (r.energy_zone_tokens if r.energy_zone else 0)
        self.positions = r.bench_size + 1
        self.cards = game.cards
        self.conditions = list(r.conditions)
        self.cond_index = {c.name: k for k, c in enumerate(self.conditions)}
        self.exclusive = [c.name for c in self.conditions if c.exclusive]
        pokemon = [c.body for c in game.cards if isinstance(c.body, ir.Pokemon)]
        self.max_attacks = max([len(p.attacks) for p in pokemon] + [1])
        flips = [self._flips(a.effect or ()) for p in pokemon for a in p.attacks]
        flips += [self._flips(c.body.effect) for c in game.cards if isinstance(c.body, ir.Trainer)]
        k = len(self.conditions)
        self.slot_attack_flip, self.slot_between, self.slot_effect = 0, k, 3 * k
        self.num_slots = 3 * k + max(flips + [1])
        # draw words: the turn's draw, then one per card an effect draws, then one per card drawn once
        # a program's picks are made
        drawn = [
            st.count
            for c in game.cards
            for st in self._walk(self._programs(c))
            if isinstance(st, ir.Draw | ir.Look)  # cards looked at are found as if drawn
        ] + [
            st.times
            for c in game.cards
            for st in self._walk(self._programs(c))
            if isinstance(st, ir.RandomDamage)
        ]
        # a random discard uses the first effect draw word
        walked = [st for c in game.cards for st in self._walk(self._programs(c))]
        drawn += [1 for st in walked if isinstance(st, ir.DiscardRandom | ir.RandomFromDeck)]
        self.draw_effect = 1
        self.draw_finish = 1 + max(drawn + [0])
        # the last attack on each Pokemon is kept only for `mirror last attack`, in games that have it
        self.keeps_attacks = any(
            isinstance(st, ir.Mirror) for c in game.cards for st in self._walk(self._programs(c))
        )
        #: whether the state keeps a `boost` (games with a `boost attacks` card)
        self.boosts = any(
            isinstance(st, ir.Boost) for c in game.cards for st in self._walk(self._programs(c))
        )
        #: whether the state keeps `revealed` flags (games with a `reveal` statement)
        self.reveals = any(
            isinstance(st, ir.Reveal) for c in game.cards for st in self._walk(self._programs(c))
        )
        finish = [
            sum(st.count for st in self.finish_draws(stmts))
            for c in game.cards
            for stmts in self._programs(c)
        ]
        self.num_draws = self.draw_finish + max(finish + [0])
        # the last draw word of a step picks the Energy Zone's type of the next turn (energy_zone)
        self.draw_energy = self.num_draws
        self.num_draws += int(r.energy_zone)
        # what each card is once played (a Trainer played as a Basic Pokemon: that Pokemon), once
        # a card with `knock out self and attach it ... as N energy` may become an Energy card providing
        # N of a type: card len(cards) + k * len(energy_types) + t is the k-th such card as type t
        self.forms: list[tuple[int, ir.Energy]] = []  # (the card it is out of play, what it is in play)
        for c, card in enumerate(self.cards):
            powers = card.body.powers if isinstance(card.body, ir.Pokemon) else ()
            becomes = [st for pw in powers for st in pw.effect if isinstance(st, ir.BecomeEnergy)]
            for st in becomes[:1]:
                for kind in r.energy_types:
                    body = ir.Energy(span=st.span, category="special", provides=(kind,) * st.amount)
                    self.forms.append((c, body))
        self._played = [self._as_played(c) for c in range(len(self.cards) + len(self.forms))]
        self.special_mask = sum(1 << k for k, c in enumerate(self.conditions) if c.special)
        d, p = self.deck_size, self.positions
        self.a_play = 1
        self.a_attack = 1 + d * p
        self.a_retreat = self.a_attack + self.max_attacks
        self.a_choose = self.a_retreat + r.bench_size
        self.a_slot = self.a_choose + p
        self.a_power = self.a_slot + d
        self.num_actions = self.a_power + p

    @staticmethod
    def _programs(card: ir.Card) -> list[tuple[ir.Stmt, ...]]:
        body = card.body
        if isinstance(body, ir.Trainer):
            return [body.effect]
        if isinstance(body, ir.Pokemon):
            return [a.effect or () for a in body.attacks] + [pw.effect for pw in body.powers]
        return []

    @classmethod
    def _walk(cls, programs: list[tuple[ir.Stmt, ...]]) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for stmts in programs:
            for st in stmts:
                out.append(st)
                if isinstance(st, ir.IfFlip):
                    out += cls._walk([st.body, st.orelse])
        return out

    @staticmethod
    def finish_draws(stmts: tuple[ir.Stmt, ...]) -> list[ir.Draw]:
        """The `draw` statements after a program's last pick: they happen once the picks are made."""
        last = max((k for k, st in enumerate(stmts) if isinstance(st, ir.Choose)), default=len(stmts))
        return [st for st in stmts[last + 1 :] if isinstance(st, ir.Draw)]

    @classmethod
    def _flips(cls, stmts: tuple[ir.Stmt, ...]) -> int:
        """How many coins a program may flip: 1 per `if flip` plus its blocks', N per `flip N coins`."""
        total = 0
        for st in stmts:
            if isinstance(st, ir.IfFlip):
                total += 1 + cls._flips(st.body) + cls._flips(st.orelse)
            elif isinstance(st, ir.TimesHeads):
                total += st.coins
            elif isinstance(st, ir.MoreDamageIf) and st.test == "all_heads":
                total += st.count
            elif isinstance(st, ir.FlipUntilTails) or (isinstance(st, ir.ZoneAttach) and st.until_tails):
                total += ir.FLIP_CAP  # (a pick's flips use the coins of the pick's step)
            elif isinstance(st, ir.ZoneAttach):
                total += st.coins
        return total

    # ---- card facts, read from the IR ------------------------------------------------------
    def body(self, c: int) -> ir.Pokemon | ir.Trainer | ir.Energy:
        n = len(self.cards)
        return self.cards[c].body if c < n else self.forms[c - n][1]

    def plays_as(self, c: int) -> ir.PlaysAs | None:
        """A Trainer's `play as basic pokemon` statement (None: the card is no such Trainer)."""
        body = self.body(c)
        if isinstance(body, ir.Trainer):
            return next((st for st in body.effect if isinstance(st, ir.PlaysAs)), None)
        return None

    def played(self, c: int) -> ir.Pokemon | ir.Trainer | ir.Energy:
        """What card c is once played: its body, or for a Trainer played as a Basic Pokemon that
        Pokemon (no attacks, no Weakness or Resistance)."""
        return self._played[c]

    def plays_option(self, c: int, option: str) -> bool:
        """Whether card c is a Trainer played as a Basic Pokemon with `option` (cannot_retreat, ...)."""
        plays = self.plays_as(c)
        return plays is not None and option in plays.options

    def _as_played(self, c: int) -> ir.Pokemon | ir.Trainer | ir.Energy:
        plays = self.plays_as(c)
        if plays is None:
            return self.body(c)
        return ir.Pokemon(
            span=plays.span,
            stage="basic",
            evolves_from=None,
            hp=plays.hp,
            type=plays.type or self.rules.colorless,
            weakness=None,
            resistance=None,
            retreat=self.deck_size + 1 if "cannot_retreat" in plays.options else 0,
            powers=(),
            attacks=(),
        )

    def is_basic(self, c: int) -> bool:
        b = self.played(c)
        return isinstance(b, ir.Pokemon) and b.stage == "basic"

    def is_energy(self, c: int) -> bool:
        return isinstance(self.body(c), ir.Energy)

    def name(self, c: int) -> str:
        """Card c's name; an Energy form's: `NAME as TYPE Energy`."""
        n = len(self.cards)
        if c < n:
            return self.cards[c].name
        origin, body = self.forms[c - n]
        return f"{self.cards[origin].name} as {body.provides[0]} Energy"

    def form(self, c: int, kind: int) -> int:
        """The card index of card c (or one of its forms) as an Energy card of type index `kind`."""
        n = len(self.cards)
        origin = self.forms[c - n][0] if c >= n else c
        first = next(k for k, (o, _) in enumerate(self.forms) if o == origin)
        return n + first + kind

    def energy_at(self, s: RefState, p: int, pos: int) -> Counter[str]:
        have: Counter[str] = Counter()
        for i in range(self.deck_size):
            if s.zone[p][i] == PLAY + pos and self.is_energy(s.card[p][i]):
                have.update(self.body(s.card[p][i]).provides)  # type: ignore[union-attr]
        if s.convert[p][pos] and s.convert_turn[p][pos] == s.turn:  # `energy on self becomes TYPE`
            return Counter({self.rules.energy_types[s.convert[p][pos] - 1]: sum(have.values())})
        return have

    def pokemon_at(self, s: RefState, p: int, pos: int) -> ir.Pokemon | None:
        slot = s.top[p][pos]
        if slot < 0:
            return None
        body = self.played(s.card[p][slot])
        assert isinstance(body, ir.Pokemon)
        return body

    def has(self, s: RefState, p: int, pos: int, cond: str) -> bool:
        return bool(s.status[p][pos] >> self.cond_index[cond] & 1)

    def blocked(self, s: RefState, p: int, what: str) -> bool:
        return any(self.has(s, p, 0, c.name) and what in c.blocks for c in self.conditions)

    def pays_copied(self, s: RefState, p: int, k: int) -> bool:
        """Whether player p's Active Pokemon's Energy pays the cost of the defending Pokemon's attack k
        (`choose attack of defending: use it needing its energy`)."""
        defender = self.pokemon_at(s, 1 - p, 0)
        assert defender is not None
        return self.can_pay(self.energy_at(s, p, 0), defender.attacks[k].cost)

    def can_pay(self, have: Counter[str], cost: tuple[str, ...]) -> bool:
        need = Counter(cost)
        colorless = self.rules.colorless
        typed = all(have[t] >= n for t, n in need.items() if t != colorless)
        return typed and sum(have.values()) >= len(cost)

    # ---- setup ---------------------------------------------------------------------------------
    def init(self, key: object, deck0: list[int], deck1: list[int]) -> RefState:
        r = self.rules
        d, hand, prizes = self.real_deck, r.opening_hand, (r.prizes if r.prize_cards else 0)
        cards = [list(map(int, deck0)), list(map(int, deck1))]
        orders, mulligans = [], []
        for p in (0, 1):
            attempt = 0
            while True:
                order = [int(x) for x in np.asarray(rng.deck_permutation(key, p, attempt, d))]
                if any(self.is_basic(cards[p][slot]) for slot in order[:hand]):
                    break
                attempt += 1
            orders.append(order)
            mulligans.append(attempt)
        zone = [[0] * d + [RESERVE] * (self.deck_size - d) for _ in range(2)]
        top = [[-1] * self.positions for _ in range(2)]
        for p in (0, 1):
            order = orders[p]
            extra = min(r.mulligan_extra_draw * mulligans[1 - p], d - hand - prizes)
            for rank, slot in enumerate(order):
                if rank < hand or hand + prizes <= rank < hand + prizes + extra:
                    zone[p][slot] = HAND
                elif rank < hand + prizes:
                    zone[p][slot] = PRIZE + rank - hand
                else:
                    zone[p][slot] = DECK
            active = next(slot for slot in order[:hand] if self.is_basic(cards[p][slot]))
            zone[p][active] = PLAY
            top[p][0] = active
        first = int(rng.first_player(key))
        s = RefState(
            current_player=1 - first,
            turn_player=1 - first,
            turn=0,
            card=cards,
            zone=zone,
            top=top,
            **zero_positions(self.positions),
            prizes_left=[r.prizes, r.prizes],
            energy_attached=0,
            supporters=0,
            retreats=0,
            pending=NONE,
            pending_amount=0,
            pending_src=0,
            pending_step=0,
            pending_pos=0,
            terminated=False,
            truncated=False,
            rewards=[0.0, 0.0],
            boost=0 if self.boosts else None,
            revealed=[[False] * self.deck_size for _ in range(2)] if self.reveals else None,
            legal_action_mask=[],
        )
        self.start_turn(s, first, int(rng.setup_draw(key)), int(rng.setup_energy(key)))
        s.legal_action_mask = self.legal_mask(s)
        return s

    # ---- legal actions -----------------------------------------------------------------------
    def legal_mask(self, s: RefState) -> list[bool]:
        if s.terminated or s.truncated:
            return [True] * self.num_actions
        mask = [False] * self.num_actions
        p, o = s.current_player, 1 - s.current_player
        bench = range(1, self.positions)
        if s.pending & KIND == PICK:
            pick = self.picks_of(s.pending_src)[s.pending_step]
            if pick.source in ("defending_attack", "type"):
                options = [self.a_choose + j for j in self.choice_options(s, pick)]
            elif pick.source == "own_position":
                excluded = self.excluded(s, pick)
                options = [
                    self.a_choose + j
                    for j in range(self.positions)
                    if self.can_pick_position(s, j, pick, excluded)
                ]
            else:
                side = self.pick_side(s, pick)
                options = [self.a_slot + i for i in range(self.deck_size) if self.can_pick(s, side, i, pick)]
            for a in options:
                mask[a] = True
            mask[0] = pick.up_to or not options
            return mask
        if s.pending & KIND == AT_CHOSEN:
            for j in self.at_chosen_options(s):
                mask[self.a_choose + j] = True
            return mask
        if s.pending != NONE:
            kind = s.pending & KIND
            side = o if kind == SWITCH_OPPONENT else p
            choices = range(self.positions) if kind == HEAL_OWN else bench
            for j in choices:
                mask[self.a_choose + j] = s.top[side][j] >= 0
                if kind == SWITCH_OPPONENT and s.pending_amount == 1:  # `chosen basic`: a Basic Pokemon only
                    mask[self.a_choose + j] = self.basic_at(s, side, j)
            return mask
        r = self.rules
        mask[0] = True
        empty = [j for j in bench if s.top[p][j] < 0]
        for i in range(self.deck_size):
            if s.zone[p][i] != HAND and s.zone[p][i] != OFFERED:
                continue
            c = s.card[p][i]
            body = self.played(c)
            for j in range(self.positions):
                ok = False
                here = self.pokemon_at(s, p, j)
                if isinstance(body, ir.Pokemon) and body.stage == "basic":
                    ok = bool(empty) and j == empty[0]
                elif isinstance(body, ir.Pokemon):
                    ok = self.can_evolve(s, p, j) and self.name_at(s, p, j) == body.evolves_from
                elif isinstance(body, ir.Energy):
                    ok = here is not None and s.energy_attached < r.energy_attach_per_turn
                else:
                    attach = next((st for st in body.effect if isinstance(st, ir.Attach)), None)
                    if attach is not None and attach.target == "own_pokemon":
                        ok = here is not None
                    else:
                        ok = j == 0 and self.trainer_playable(s, p, body) and self.picks_possible(s, p, c, i)
                    limit = r.supporters_per_turn
                    ok = ok and not (body.supporter and 0 <= limit <= s.supporters)
                    ok = ok and not (body.supporter and self.supporters_locked(s, p))
                mask[self.a_play + j * self.deck_size + i] = ok
        for j in range(self.positions):
            mask[self.a_power + j] = self.power_usable(s, p, j)
        active = self.pokemon_at(s, p, 0)
        if active is not None:
            have = self.energy_at(s, p, 0)
            for k, atk in enumerate(active.attacks):
                mask[self.a_attack + k] = (
                    self.can_pay(have, atk.cost)
                    and self.requirements_met(s, o, atk)
                    and not (self.once(atk) and s.used_once[p][0] >> k & 1)
                    and not (s.disabled[p][0] >> k & 1 and s.disabled_turn[p][0] == s.turn)
                    and not self.blocked(s, p, "attack")
                    and (s.turn > 1 or r.first_turn_attack)
                )
            for j in bench:
                mask[self.a_retreat + j - 1] = (
                    s.top[p][j] >= 0
                    and s.retreats < r.retreat_per_turn
                    and sum(have.values()) >= active.retreat
                    and not self.blocked(s, p, "retreat")
                    and not (s.disabled[p][0] & NO_RETREAT and s.disabled_turn[p][0] == s.turn)
                )
        return mask

    def supporters_locked(self, s: RefState, p: int) -> bool:
        """Whether player p cannot play Supporters: an attack's lock for this turn, or the opponent's Active
        Pokemon's power (not while a condition that blocks Powers is on it)."""
        if s.supporters >= LOCKED:
            return True
        foe = self.pokemon_at(s, 1 - p, 0)
        if foe is None or any(
            s.status[1 - p][0] >> self.cond_index[c] & 1 for c in self.rules.powers_blocked_by
        ):
            return False
        return any(isinstance(st, ir.SupporterLock) for power in foe.powers for st in power.effect)

    def takes_less(self, s: RefState, q: int, j: int, status: int | None = None) -> int:
        """The damage from attacks player q's Pokemon at j takes less by its `take N less damage` power
        (none while a condition that blocks Powers is on it; `status`: its conditions, if not the current
        ones)."""
        here = self.pokemon_at(s, q, j)
        status = s.status[q][j] if status is None else status
        if here is None or any(status >> self.cond_index[c] & 1 for c in self.rules.powers_blocked_by):
            return 0
        return sum(st.amount for power in here.powers for st in power.effect if isinstance(st, ir.TakeLess))

    def power_program(self, body: ir.Pokemon) -> ir.OnceATurn | None:
        """The `once a turn` of the Pokemon's first power (a power that runs its statements), or None."""
        if not body.powers:
            return None
        return next((st for st in body.powers[0].effect if isinstance(st, ir.OnceATurn)), None)

    @staticmethod
    def once(atk: ir.Attack) -> bool:
        """Whether the attack is `only once while in play`."""
        return any(isinstance(st, ir.Once) for st in atk.effect or ())

    def requirements_met(self, s: RefState, o: int, atk: ir.Attack) -> bool:
        """Whether the defending Pokemon (player o's Active) has every condition the attack `requires`."""
        needed = [st.condition for st in atk.effect or () if isinstance(st, ir.Requires)]
        return not needed or any(self.has(s, o, 0, c) for c in needed)

    # ---- picks (`choose`, `move damage`) and Pokemon Powers ------------------------------------------
    @property
    def power_source(self) -> int:
        """The program number of card c's first Pokemon Power is power_source + c."""
        return len(self.cards) * (1 + self.max_attacks)

    def program_of(self, src: int) -> tuple[ir.Stmt, ...]:
        """Program `src`: a Trainer's card index, num_cards + card * max_attacks + k (attack k), or
        power_source + card (the card's first Pokemon Power)."""
        n = len(self.cards)
        if src < n:
            body = self.body(src)
            return body.effect if isinstance(body, ir.Trainer) else ()
        if src >= self.power_source:
            body = self.body(src - self.power_source)
            return body.powers[0].effect if isinstance(body, ir.Pokemon) and body.powers else ()
        card, k = divmod(src - n, self.max_attacks)
        attacks = self.body(card).attacks  # type: ignore[union-attr]
        return attacks[k].effect or () if k < len(attacks) else ()

    def picks_of(self, src: int) -> list[Pick]:
        out: list[Pick] = []
        for st in self.program_of(src):
            if isinstance(st, ir.ZoneAttach) and st.chosen:
                what = "named" if st.names else "any"
                action = "zone_flip" if st.until_tails else "zone_heads" if st.coins else "zone_attach"
                after = len(out) + (st.coins or 1)
                pick = Pick("own_position", what, action, 0, False, after, False, st.pokemon_type)
                pick = replace(pick, other=st.target == "own_bench", names=st.names, take=st.energy_type)
                out += [pick] * (st.coins or 1)
            elif isinstance(st, ir.PickAttack):
                out.append(Pick("defending_attack", "any", st.action, 0, False, len(out) + 1))
            elif isinstance(st, ir.ChangeType):
                action = f"set_{st.what}"
                out.append(Pick("type", st.target, action, 0, st.optional, len(out) + 1))
            elif isinstance(st, ir.BecomeEnergy):
                after = len(out) + 2
                out.append(Pick("own_position", "any", "become_held", st.amount, False, after, other=True))
                out.append(Pick("type", "form", "become_type", st.amount, False, after))
            elif isinstance(st, ir.MoveDamage):
                after = len(out) + 2
                out.append(Pick("own_position", "damaged", "damage_from", st.amount, False, after))
                out.append(Pick("own_position", "survives", "damage_to", st.amount, False, after, other=True))
            elif isinstance(st, ir.Choose) and st.action == "to_top":
                after = len(out) + st.count
                for m in range(st.count):
                    out.append(Pick(st.source, st.what, "to_top", m, st.up_to, after, False, st.energy_type))
            elif isinstance(st, ir.Choose) and st.action == "put_on_basic":
                after = len(out) + 2 * st.count
                for _ in range(st.count):
                    out.append(Pick(st.source, "breedable", "hold", 0, st.up_to, after))
                    out.append(Pick("own_position", "breed", "evolve_held", 0, False, after))
            elif isinstance(st, ir.Choose):
                attach = st.action == "attach"
                after = len(out) + st.count * (2 if attach else 1)
                for m in range(st.count):
                    action = "hold" if attach else st.action
                    same = st.one and m > 0
                    out.append(
                        Pick(st.source, st.what, action, st.amount, st.up_to, after, same, st.energy_type)
                    )
                    if attach:
                        held = Pick("own_position", "any", "attach_held", 0, False, after)
                        out.append(replace(held, energy_type=st.attach_type, other=st.attach_other))
        return out

    def pick_side(self, s: RefState, pick: Pick) -> int:
        p = s.current_player
        return 1 - p if pick.source in OPPONENT_SOURCES else p

    def is_kind(self, c: int, what: str) -> bool:
        """Whether card c is of a kind picks and shuffles name (`all` and `card`: any card)."""
        body = self.body(c)
        return {
            "all": True,
            "card": True,
            "trainer": isinstance(body, ir.Trainer),
            "energy_card": isinstance(body, ir.Energy),
            "basic_energy": isinstance(body, ir.Energy)
            and body.category == "basic"
            and len(body.provides) == 1,
            "basic_pokemon": isinstance(body, ir.Pokemon) and body.stage == "basic",
            "evolution_card": isinstance(body, ir.Pokemon) and body.stage != "basic",
            "pokemon_card": isinstance(body, ir.Pokemon),
        }[what]

    def can_pick(self, s: RefState, side: int, i: int, pick: Pick) -> bool:
        """Whether slot i of player `side` fits the pick (right kind of card, right place, room)."""
        zone, body = s.zone[side][i], self.body(s.card[side][i])
        basic_energy = self.is_kind(s.card[side][i], "basic_energy")
        if pick.what == "breedable":  # a Stage 2 card whose Basic is in play and may evolve now
            below = self.basic_below(s.card[side][i])
            fits = below is not None and any(
                self.can_evolve(s, side, j) and self.name_at(s, side, j) == below
                for j in range(self.positions)
            )
        else:
            fits = self.is_kind(s.card[side][i], pick.what)
        if (
            pick.action == "scoop_up"
            and zone == PLAY
            and not any(s.top[side][j] >= 0 for j in range(1, self.positions))
        ):
            return False  # the Active's only with a Benched Pokemon to replace it
        if pick.energy_type is not None:
            fits = fits and basic_energy and body.provides == (pick.energy_type,)  # type: ignore[union-attr]
        place = {
            "own_hand": zone == HAND,
            "own_discard": zone == DISCARD,
            "own_deck": zone == DECK or zone >= TOP,
            "own_looked": zone == LOOKED,
            "opponent_discard": zone == DISCARD,
            "defending": zone == PLAY,
        }.get(pick.source, PLAY <= zone < PRIZE)
        if pick.same and zone != PLAY + s.pending_pos:
            return False
        room = any(s.top[side][j] < 0 for j in range(1, self.positions))
        return fits and place and (room or not pick.action.startswith("to_bench"))

    def can_pick_position(self, s: RefState, j: int, pick: Pick, excluded: int) -> bool:
        """Whether the player's Pokemon at position j fits a pick of a Pokemon."""
        p = s.current_player
        here = self.pokemon_at(s, p, j)
        if here is None or j == excluded:
            return False
        if pick.energy_type is not None and here.type != pick.energy_type:
            return False
        if pick.what == "damaged":
            return s.damage[p][j] > 0
        if pick.what == "breed":  # the Basic the held Stage 2 card goes on
            below = self.basic_below(s.card[p][s.pending_pos])
            return self.can_evolve(s, p, j) and self.name_at(s, p, j) == below
        if pick.what == "survives":
            return s.damage[p][j] + pick.amount < here.hp
        if pick.what == "named":
            return self.name_at(s, p, j) in pick.names
        return True

    def choice_options(self, s: RefState, pick: Pick) -> list[int]:
        """The attacks k of the defending Pokemon, or the types t, a pick may take."""
        o = 1 - s.current_player
        if pick.source == "defending_attack":
            defender = self.pokemon_at(s, o, 0)
            return list(range(len(defender.attacks))) if defender is not None else []
        whose = s.current_player if pick.what == "self" else o
        if pick.action == "set_weakness" and self.weakness(s, whose) is None:
            return []
        colorless = self.rules.energy_types.index(self.rules.colorless)
        return [t for t in range(len(self.rules.energy_types)) if t != colorless]

    def weakness(self, s: RefState, q: int) -> str | None:
        here = self.pokemon_at(s, q, 0)
        if s.weakness_as[q][0]:
            return self.rules.energy_types[s.weakness_as[q][0] - 1]
        return here.weakness if here is not None else None

    def excluded(self, s: RefState, pick: Pick) -> int:
        """The position an `other` pick of a Pokemon may not take (-1: none)."""
        if not pick.other:
            return -1
        if pick.action == "attach_held":
            return s.zone[s.current_player][s.pending_pos] - PLAY
        return s.pending_pos

    def picks_possible(self, s: RefState, p: int, src: int, slot: int | None) -> bool:
        """Whether every pick program `src` must make has enough candidates, each kind counted alone
        (the Trainer in hand slot `slot` is not one)."""
        need: Counter[Pick] = Counter()
        for pick in self.picks_of(src):
            # a breedable card has its Basic; the cards looked at are there once the effect runs
            if not pick.up_to and pick.action not in ("evolve_held", "to_top", "become_type"):
                # what the pick's kind of card depends on: room on a Bench, a Bench behind the Active
                kept = "to_bench" if pick.action.startswith("to_bench") else pick.action
                kept = kept if kept in ("to_bench", "scoop_up") else ""
                term = replace(pick, action=kept, after=0, same=False, other=False)
                # the power's own Pokemon is one of those counted: it needs another one
                need[replace(term, amount=pick.amount if pick.what == "survives" else 0)] += (
                    2 if pick.action == "become_held" else 1
                )
        for pick, count in need.items():
            if pick.source == "own_position":
                have = sum(self.can_pick_position(s, j, pick, -1) for j in range(self.positions))
            else:
                side = 1 - p if pick.source in OPPONENT_SOURCES else p
                have = sum(
                    1
                    for i in range(self.deck_size)
                    if (side, i) != (p, slot) and self.can_pick(s, side, i, pick)
                )
            if have < count:
                return False
        return True

    def begin_picks(self, s: RefState, src: int, ends_turn: bool) -> None:
        picks = self.picks_of(src)
        if picks and picks[0].action == "zone_heads" and s.pending_amount <= 0:
            return  # `for each heads of N coins` with no heads: nothing to pick
        if picks:
            s.pending = PICK + (ENDS_TURN if ends_turn else 0)
            s.pending_src, s.pending_step, s.pending_pos = src, 0, 0

    def pick(self, s: RefState, i: int | None) -> None:
        """The player to act picks slot i, or position i for a pick of a Pokemon (None: passes); then the
        next pick, if any."""
        picks = self.picks_of(s.pending_src)
        pick = picks[s.pending_step]
        p = s.current_player
        if i is None:
            s.pending_step = pick.after
        elif pick.source in ("defending_attack", "type"):
            o = 1 - p
            if pick.action == "disable":
                s.disabled[o][0] |= 1 << i
                s.disabled_turn[o][0] = s.turn + 1
            elif pick.action.startswith("set_"):
                whose = p if pick.what == "self" else o
                getattr(s, pick.action[len("set_") :] + "_as")[whose][0] = i + 1
            elif pick.action == "become_type":
                s.card[p][s.pending_pos] = self.form(s.card[p][s.pending_pos], i)
            s.pending_step += 1  # "copy": the caller does the attack
        elif pick.source == "own_position":
            if pick.action == "attach_held":
                s.zone[p][s.pending_pos] = PLAY + i
            elif pick.action == "evolve_held":
                self.evolve(s, p, s.pending_pos, i)
            elif pick.action == "damage_from":
                s.pending_pos = i
            elif pick.action == "become_held":
                self.become_energy(s, p, i)
            elif pick.action in ("zone_attach", "zone_heads") and pick.take is not None:
                self.take_from_zone(s, p, pick.take, i)
                if pick.action == "zone_heads":  # one heads used; with none left the picks end
                    s.pending_amount -= 1
                    if s.pending_amount <= 0:
                        s.pending_step = pick.after - 1
            else:
                s.damage[p][i] += pick.amount
                s.damage[p][s.pending_pos] -= pick.amount
            s.pending_step += 1
        else:
            side = self.pick_side(s, pick)
            was = s.zone[side][i] - PLAY
            if pick.action in ("discard", "discard_heal"):
                s.zone[side][i] = DISCARD
                if pick.action == "discard_heal":
                    s.damage[side][was] = max(s.damage[side][was] - pick.amount, 0)
            elif pick.action == "to_hand":
                s.zone[side][i] = HAND
            elif pick.action == "to_deck":
                s.zone[side][i] = ASIDE  # it joins the deck once the picks are made
            elif pick.action == "to_top":
                s.zone[side][i] = TOP + pick.amount
            elif pick.action == "scoop_up":
                for k in range(self.deck_size):
                    if s.zone[p][k] == PLAY + was:
                        s.zone[p][k] = HAND if k == i else DISCARD
                self.vacate(s, p, was)
            elif pick.action == "devolve":
                stage = STAGES.index(self.body(s.card[p][i]).stage)  # type: ignore[union-attr]
                left = []  # (stage, slot) of the Pokemon cards that stay
                for k in range(self.deck_size):
                    body = self.body(s.card[p][k])
                    if s.zone[p][k] == PLAY + was and isinstance(body, ir.Pokemon):
                        if STAGES.index(body.stage) >= stage:
                            s.zone[p][k] = DISCARD
                        else:
                            left.append((STAGES.index(body.stage), k))
                s.top[p][was] = max(left)[1]  # the highest Stage left (a bred Stage 2 has no Stage 1 below)
                # as if the card below had just evolved
                if "evolve" in self.rules.conditions_cleared_by:
                    s.status[p][was] = 0
                s.shield[p][was] = s.shield_turn[p][was] = 0
                s.disabled[p][was] = s.weakness_as[p][was] = s.resistance_as[p][was] = 0
            elif pick.action.startswith("to_bench"):
                j = next(j for j in range(1, self.positions) if s.top[side][j] < 0)
                s.zone[side][i] = PLAY + j
                s.top[side][j] = i
                hp = self.body(s.card[side][i]).hp  # type: ignore[union-attr]
                s.damage[side][j] = hp // 2 // 10 * 10 if pick.action == "to_bench_half" else 0
                s.since[side][j] = s.turn
            if pick.source in ATTACHED_SOURCES:
                s.pending_pos = was
            if pick.action == "hold":
                s.pending_pos = i
            s.pending_step += 1
        if s.pending_step >= len(picks):
            s.pending = NONE
        if s.top[p][0] < 0 and (s.pending == NONE or pick.action == "scoop_up"):
            s.pending = SWITCH_OWN  # an Active gone: the player picks the Benched Pokemon that replaces it

    def become_energy(self, s: RefState, p: int, j: int) -> None:
        """The power's Pokemon (at pending_pos) is Knocked Out: its opponent takes a Prize, what lies
        under or on it is discarded, and its card goes to the Pokemon at j as an Energy card (of the
        colorless type until the player picks the type)."""
        gone = s.pending_pos
        own = s.top[p][gone]
        for k in range(self.deck_size):
            if s.zone[p][k] == PLAY + gone:
                s.zone[p][k] = PLAY + j if k == own else DISCARD
        s.card[p][own] = self.form(s.card[p][own], self.rules.energy_types.index(self.rules.colorless))
        self.vacate(s, p, gone)
        self.take_prize(s, 1 - p)
        self.game_end(s)
        s.pending_pos = own

    def power_usable(self, s: RefState, p: int, j: int) -> bool:
        """Whether the Pokemon at position j can use its Pokemon Power now."""
        here = self.pokemon_at(s, p, j)
        if here is not None and self.plays_option(
            s.card[p][s.top[p][j]], "discard_any_time"
        ):  # an Active needs a Bench
            return j > 0 or any(s.top[p][k] >= 0 for k in range(1, self.positions))
        if here is None or not here.powers:
            return False
        passive = (ir.Unspecified, ir.Retaliate, ir.TakeLess, ir.SupporterLock)
        used = [st for st in here.powers[0].effect if not isinstance(st, passive)]
        blocked = any(s.status[p][j] >> self.cond_index[c] & 1 for c in self.rules.powers_blocked_by)
        card = s.card[p][s.top[p][j]]
        once = self.power_program(here)
        if once is not None:
            if s.used_once[p][j] >> POWER_TURN == s.turn or (once.active_only and j != 0):
                return False
            switches = [st for st in here.powers[0].effect if isinstance(st, ir.Switch)]
            if switches and not any(s.top[1 - p][k] >= 0 for k in range(1, self.positions)):
                return False  # a switch of the opponent's Active needs its Bench
        return bool(used) and not blocked and self.picks_possible(s, p, self.power_source + card, None)

    def use_power(self, s: RefState, p: int, j: int, coins: list[int], draws: list[int]) -> None:
        card = s.card[p][s.top[p][j]]
        here = self.pokemon_at(s, p, j)
        if here is not None and self.power_program(here) is not None:
            # its statements run as a Trainer's do; then the turn it was used is kept
            self.run(s, p, here.powers[0].effect, coins, draws, self_pos=j)
            s.used_once[p][j] = s.used_once[p][j] & ((1 << POWER_TURN) - 1) | s.turn << POWER_TURN
        if self.plays_option(card, "discard_any_time"):
            # discarded with what is attached; the player picks the Benched Pokemon that replaces an Active
            s.zone[p] = [DISCARD if z == PLAY + j else z for z in s.zone[p]]
            self.vacate(s, p, j)
            if j == 0:
                s.pending = SWITCH_OWN
            return
        for st in self.program_of(self.power_source + card):
            if isinstance(st, ir.ConvertEnergy):
                s.convert[p][j] = self.rules.energy_types.index(st.energy_type) + 1
                s.convert_turn[p][j] = s.turn
        self.begin_picks(s, self.power_source + card, ends_turn=False)
        if s.pending == PICK:
            s.pending_pos = j  # the power's Pokemon (an `other` pick may not take it)

    def basic_at(self, s: RefState, q: int, j: int) -> bool:
        here = self.pokemon_at(s, q, j)
        return here is not None and here.stage == "basic"

    def random_kind(self, c: int, st: ir.RandomFromDeck) -> bool:
        """Whether card c is of the kind `put random pokemon ...` takes (to the Bench: a Basic Pokemon)."""
        body = self.played(c)
        if not isinstance(body, ir.Pokemon):
            return False
        if st.pokemon_type is not None and body.type != st.pokemon_type:
            return False
        if st.names and self.cards[c].name not in st.names:
            return False
        return st.to == "hand" or body.stage == "basic"

    def at_chosen_targets(self, s: RefState, p: int, flags: int) -> list[int]:
        """The positions a `damage N to chosen` / `heal N on chosen ... of type` may pick (side by flags)."""
        side = 1 - p if flags & AT_OPPONENT else p
        kind = (flags >> AT_TYPE_SHIFT) - 1
        out = []
        for j in range(self.positions):
            here = self.pokemon_at(s, side, j)
            if here is None or (j == 0 and flags & AT_BENCH):
                continue
            if kind >= 0 and here.type != self.rules.energy_types[kind]:
                continue
            out.append(j)
        return out

    def at_chosen_options(self, s: RefState) -> list[int]:
        return self.at_chosen_targets(s, s.current_player, s.pending_amount >> AT_AMOUNT_BITS)

    def at_chosen(self, s: RefState, p: int, j: int) -> None:
        """Position j was picked: it is healed, or takes the damage (from an attack, at the opponent's
        Active: Weakness and Resistance by the attacker's type, then the defending Pokemon's protection)."""
        flags = s.pending_amount >> AT_AMOUNT_BITS
        amount = s.pending_amount & ((1 << AT_AMOUNT_BITS) - 1)
        q = 1 - p if flags & AT_OPPONENT else p
        if flags & AT_HEAL:
            s.damage[q][j] = max(s.damage[q][j] - amount, 0)
            return
        if q != p and j == 0 and flags & AT_ATTACK:
            attacker, defender = self.pokemon_at(s, p, 0), self.pokemon_at(s, q, 0)
            assert attacker is not None and defender is not None
            types = self.rules.energy_types
            weakness = types[s.weakness_as[q][0] - 1] if s.weakness_as[q][0] else defender.weakness
            resistance = types[s.resistance_as[q][0] - 1] if s.resistance_as[q][0] else defender.resistance
            if weakness == attacker.type and amount > 0:
                amount = amount * self.rules.weakness_multiplier + self.rules.weakness_bonus
            if resistance == attacker.type:
                amount = max(amount - self.rules.resistance_reduction, 0)
        amount = max(amount - sum(a.taken_less for a in self.attached(s, q, j)), 0)
        shielded = s.shield_turn[q][0] == s.turn and (
            s.shield[q][0] == PROTECT_EFFECTS or amount <= s.shield[q][0]
        )
        if q != p and j == 0 and flags & AT_ATTACK and shielded:
            amount = 0
        s.damage[q][j] += amount

    def trainer_playable(self, s: RefState, p: int, body: ir.Trainer) -> bool:
        def walk(stmts: tuple[ir.Stmt, ...]) -> bool:
            for st in stmts:
                if isinstance(st, ir.IfFlip) and not (walk(st.body) and walk(st.orelse)):
                    return False
                if isinstance(st, ir.Switch):
                    side = p if st.chosen == "own_bench" else 1 - p
                    if not any(s.top[side][j] >= 0 for j in range(1, self.positions)):
                        return False
                if isinstance(st, ir.ReturnActive):
                    bench = any(s.top[p][j] >= 0 for j in range(1, self.positions))
                    if not bench or self.name_at(s, p, 0) not in st.names:
                        return False
                if isinstance(st, ir.MoveEnergy) and st.names and self.name_at(s, p, 0) not in st.names:
                    return False
            return True

        return walk(body.effect)

    # ---- step ------------------------------------------------------------------------------------
    def step(self, state: RefState, action: int, coins: list[int], draws: list[int]) -> RefState:
        """The state after `action` by the current player; `coins` and `draws` are the step's random
        slots (`rng.step_random`)."""
        s = state.clone()
        s.rewards = [0.0, 0.0]
        if state.terminated or state.truncated:
            return s
        p = s.current_player
        if not (0 <= action < self.num_actions) or not state.legal_action_mask[action]:
            s.terminated = True
            s.rewards = [-1.0, 1.0] if p == 0 else [1.0, -1.0]
            s.legal_action_mask = self.legal_mask(s)
            return s
        pending_before = s.pending
        turn_over = False
        ender = p  # whose turn ends, when one does
        if action == 0 and pending_before != NONE:  # a pass of a pick
            self.pick(s, None)
            turn_over = pending_before >= ENDS_TURN and s.pending == NONE
            ender = s.turn_player
        elif action >= self.a_power:
            self.use_power(s, p, action - self.a_power, coins, draws)
        elif action >= self.a_slot:
            self.pick(s, action - self.a_slot)
            turn_over = pending_before >= ENDS_TURN and s.pending == NONE
            ender = s.turn_player
        elif action == 0:
            turn_over = True
        elif action < self.a_attack:
            j, i = divmod(action - self.a_play, self.deck_size)
            self.play(s, p, i, j, coins, draws)
        elif action < self.a_retreat:
            self.attack(s, p, action - self.a_attack, coins, draws)
            turn_over = s.pending == NONE  # else once the choice the attack asked for is made
        elif action < self.a_choose:
            self.retreat(s, p, action - self.a_retreat + 1)
        else:
            j = action - self.a_choose
            kind = pending_before & KIND
            if kind == PICK:  # a pick of one of the player's Pokemon, an attack or a type
                pick = self.picks_of(s.pending_src)[s.pending_step]
                self.pick(s, j)
                if pick.action == "zone_flip" and pick.take is not None:
                    self.zone_flip(s, p, pick.take, j, coins)
                if pick.action == "copy" or (pick.action == "copy_paid" and self.pays_copied(s, p, j)):
                    self.attack(s, p, j, coins, draws, copying=True)
            elif kind == HEAL_OWN:
                s.damage[p][j] = max(s.damage[p][j] - s.pending_amount, 0)
            elif kind == AT_CHOSEN:
                self.at_chosen(s, p, j)
            else:
                side = 1 - p if kind == SWITCH_OPPONENT else p
                self.swap_with_active(s, side, j)
            if kind != PICK:
                s.pending = NONE
                s.pending_amount = 0
            if kind not in (PICK, PROMOTE) and pending_before < ENDS_TURN:
                s.current_player = s.turn_player  # the opponent may have picked for the player's Trainer
            turn_over = pending_before >= ENDS_TURN and s.pending == NONE
            if kind == SWITCH_OWN and not turn_over:
                s.current_player = s.turn_player  # the opponent chose during the turn: the turn goes on
            ender = s.turn_player
        if pending_before & KIND == PICK and s.pending == NONE:
            # the picks are made: the cards set aside join the deck, then the draws that follow the picks
            s.zone[p] = [DECK if z == ASIDE else z for z in s.zone[p]]
            picks = self.picks_of(s.pending_src)
            if any(pick.source == "own_deck" or pick.action == "to_deck" for pick in picks):
                self.forget_top(s, p)  # a deck searched or added to is shuffled
            m = 0
            for st in self.finish_draws(self.program_of(s.pending_src)):
                for _ in range(st.count):
                    self.draw(s, 1 - p if st.for_opponent else p, draws[self.draw_finish + m])
                    m += 1
        if s.pending == NONE:  # a Trainer whose choices are made goes to the discard pile
            for q in (0, 1):
                s.zone[q] = [DISCARD if z == PLAYING else z for z in s.zone[q]]
        if turn_over:
            self.between_turns(s, ender, coins)
            self.knock_outs(s)
            self.game_end(s)
        if (turn_over or pending_before & KIND == PROMOTE) and not s.terminated:
            nxt = 1 - s.turn_player
            need = [s.top[q][0] < 0 for q in (0, 1)]
            if any(need):
                s.pending = PROMOTE
                s.current_player = nxt if need[nxt] else 1 - nxt
            else:
                self.start_turn(s, nxt, draws[0], draws[self.draw_energy] if self.rules.energy_zone else 0)
        # an Energy form out of play is its card again
        n = len(self.cards)
        for q in (0, 1):
            for i, c in enumerate(s.card[q]):
                if c >= n and not PLAY <= s.zone[q][i] < PRIZE:
                    s.card[q][i] = self.forms[c - n][0]
        if self.rules.energy_zone:  # an Energy Zone token leaving play goes back to the zone
            for q in (0, 1):
                for i in range(self.real_deck, self.deck_size):
                    if s.zone[q][i] == DISCARD:
                        s.zone[q][i] = RESERVE
        self.refresh_guard(s)
        self.forget_revealed(s)
        s.legal_action_mask = self.legal_mask(s)
        return s

    @staticmethod
    def forget_revealed(s: RefState) -> None:
        """A revealed card is known only while it stays in the hand."""
        if s.revealed is not None:
            s.revealed = [
                [shown and z == HAND for shown, z in zip(flags, zones)]
                for flags, zones in zip(s.revealed, s.zone)
            ]

    def play(self, s: RefState, p: int, i: int, j: int, coins: list[int], draws: list[int]) -> None:
        c = s.card[p][i]
        body = self.played(c)
        if isinstance(body, ir.Trainer):
            s.supporters += int(body.supporter)
            if any(isinstance(st, ir.Attach) for st in body.effect):
                s.zone[p][i] = PLAY + j  # it stays on the Pokemon until its turn end
                return
            s.zone[p][i] = PLAYING
            if any(isinstance(st, ir.Boost) for st in body.effect):
                s.boost = s.turn << 16 | c + 1
            self.run(s, p, body.effect, coins, draws)
            if s.pending == NONE:
                self.begin_picks(s, c, ends_turn=False)
            return
        s.zone[p][i] = PLAY + j
        if isinstance(body, ir.Energy):
            s.energy_attached += 1
            return
        if body.stage == "basic":
            s.damage[p][j] = 0
            s.used_once[p][j] = 0
            s.top[p][j] = i
            s.since[p][j] = s.turn
        else:
            self.evolve(s, p, i, j)

    def can_evolve(self, s: RefState, p: int, j: int) -> bool:
        """Whether player p's Pokemon at j may evolve now (not the turn it came into play, not on the first
        turns, unless the rules allow)."""
        r = self.rules
        return (
            s.top[p][j] >= 0
            and (s.since[p][j] < s.turn or r.evolve_same_turn)
            and (s.turn > 2 or r.evolve_first_turn)
        )

    def name_at(self, s: RefState, p: int, j: int) -> str | None:
        return self.cards[s.card[p][s.top[p][j]]].name if s.top[p][j] >= 0 else None

    def basic_below(self, c: int) -> str | None:
        """The name of the Basic Pokemon two stages below Stage 2 card c (None: not a Stage 2)."""
        body = self.body(c)
        if not isinstance(body, ir.Pokemon) or body.stage != "stage2":
            return None
        middle = next((x.body for x in self.cards if x.name == body.evolves_from), None)
        return middle.evolves_from if isinstance(middle, ir.Pokemon) else None

    def evolve(self, s: RefState, p: int, i: int, j: int) -> None:
        """Slot i of player p goes on top of the Pokemon at j as its evolution."""
        s.zone[p][i] = PLAY + j
        s.shield[p][j] = s.shield_turn[p][j] = 0  # effects on a Pokemon end when it evolves
        s.disabled[p][j] = s.weakness_as[p][j] = s.resistance_as[p][j] = 0
        s.used_once[p][j] &= (1 << POWER_TURN) - 1  # a new Pokemon: its `once a turn` power may be used
        if j == 0 and "evolve" in self.rules.conditions_cleared_by:
            s.status[p][0] = 0
        s.top[p][j] = i
        s.since[p][j] = s.turn

    def attack(
        self, s: RefState, p: int, k: int, coins: list[int], draws: list[int], *, copying: bool = False
    ) -> None:
        """Player p's Active attacks with attack k; `copying`: with the defending Pokemon's attack k, as
        its own (no coin for conditions, no Energy discarded, the attacker's type)."""
        o = 1 - p
        attacker = self.pokemon_at(s, p, 0)
        defender = self.pokemon_at(s, o, 0)
        assert attacker is not None and defender is not None
        user_card = s.card[o if copying else p][s.top[o if copying else p][0]]
        atk = (defender if copying else attacker).attacks[k]
        if self.once(atk) and not copying:
            s.used_once[p][0] |= 1 << k
        # every condition with a coin before attacking flips it; any flop stops the attack
        flopped = False
        for idx, cond in enumerate(self.conditions if not copying else ()):
            if cond.attack_flip_face and self.has(s, p, 0, cond.name):
                face = "heads" if coins[self.slot_attack_flip + idx] == 1 else "tails"
                if face == cond.attack_flip_face:
                    s.damage[p][0] += cond.attack_flip_damage
                    flopped = True
        if flopped:
            return
        status_before = s.status[o][0]
        destiny = s.shield_turn[o][0] == s.turn and s.shield[o][0] == PROTECT_DESTINY
        # lasting effects from the last turn: the attacker's attacks do less, the defending Pokemon takes less
        deals_less = s.disabled[p][0] >> DEALS_SHIFT & 255 if s.disabled_turn[p][0] == s.turn else 0
        takes_less = s.disabled[o][0] >> TAKES_SHIFT & 255 if s.disabled_turn[o][0] == s.turn else 0
        run = self.run(
            s,
            p,
            atk.effect or (),
            coins,
            draws,
            hit=atk.damage,
            attacking=True,
            cost=atk.cost,
            copying=copying,
        )
        # this turn's boost, then the attacker's lasting `deals N less`: both before Weakness
        amount = max(self.boosted(s, p, run.hit) - deals_less, 0)
        # the effect has set the damage; then Weakness and Resistance (as effects may have set them)
        types = self.rules.energy_types
        weakness = types[s.weakness_as[o][0] - 1] if s.weakness_as[o][0] else defender.weakness
        resistance = types[s.resistance_as[o][0] - 1] if s.resistance_as[o][0] else defender.resistance
        if weakness == attacker.type and not run.plain and amount > 0:
            amount = amount * self.rules.weakness_multiplier + self.rules.weakness_bonus
        if resistance == attacker.type and not run.plain:
            amount = max(amount - self.rules.resistance_reduction, 0)
        if amount > 0:
            amount += sum(a.dealt_more for a in self.attached(s, p, 0))
        amount = max(amount - sum(a.taken_less for a in self.attached(s, o, 0)), 0)
        amount = max(amount - self.takes_less(s, o, 0, status_before), 0)
        amount = max(amount - takes_less, 0)
        if s.shield_turn[o][0] == s.turn:  # the defending Pokemon protected itself last turn
            shield = s.shield[o][0]
            if shield == PROTECT_EFFECTS or amount <= shield:
                amount = 0
        s.damage[o][0] += amount
        # what this attack finally did to the defending Pokemon, for `mirror last attack`
        inflicted = s.status[o][0] & ~status_before & self.special_mask
        if self.keeps_attacks:
            s.attacked[o][0] = min(amount, 4095) | inflicted << 12 | s.turn << 20
        if amount > 0:
            blocked = any(status_before >> self.cond_index[c] & 1 for c in self.rules.powers_blocked_by)
            if not blocked:
                for power in defender.powers:
                    s.damage[p][0] += sum(st.amount for st in power.effect if isinstance(st, ir.Retaliate))
            s.damage[p][0] = max(s.damage[p][0] - run.drain - run.drain_dealt * amount, 0)
        if destiny and s.damage[o][0] >= defender.hp:
            s.damage[p][0] = max(s.damage[p][0], attacker.hp)
        if not run.untouchable:
            self.begin_picks(s, len(self.cards) + user_card * self.max_attacks + k, ends_turn=True)

    def run(
        self,
        s: RefState,
        p: int,
        stmts: tuple[ir.Stmt, ...],
        coins: list[int],
        draws: list[int],
        *,
        hit: int = 0,
        attacking: bool = False,
        cost: tuple[str, ...] = (),
        copying: bool = False,
        self_pos: int = 0,
    ) -> _Run:
        """Run effect statements for player p; the run holds the attack's damage (`hit`, as changed)
        and what the attacker heals once that damage is done (`drain`).

        Coins are used in reading order from slot SLOT_EFFECT on: one per `if flip`, N per `flip N coins`.
        """
        run = _Run(self, s, p, coins, draws, hit)
        run.cost = Counter(cost)
        run.attacking = attacking
        run.copying = copying
        run.self_pos = self_pos  # a power's Pokemon may be on the Bench
        o = 1 - p
        run.untouchable = attacking and s.shield_turn[o][0] == s.turn and s.shield[o][0] == PROTECT_EFFECTS
        later = self.finish_draws(stmts)
        run.block(tuple(st for st in stmts if not any(st is d for d in later)))
        return run

    def boosted(self, s: RefState, p: int, amount: int) -> int:
        """An attack's damage with this turn's `boost attacks` of player p's Trainer (when the attack
        does damage and the boost is for the attacker's name); before Weakness, as in Pocket."""
        if not s.boost or s.boost >> 16 != s.turn or amount <= 0:
            return amount
        body = self.body((s.boost & 0xFFFF) - 1)
        attacker = s.card[p][s.top[p][0]]
        for st in body.effect if isinstance(body, ir.Trainer) else ():
            if isinstance(st, ir.Boost) and (not st.names or self.cards[attacker].name in st.names):
                amount += st.amount
        return amount

    def zone_flip(self, s: RefState, p: int, energy_type: str, pos: int, coins: list[int]) -> None:
        """Coins of this step (from slot SLOT_EFFECT) until tails, FLIP_CAP at most: one Energy Zone token of
        the type to the Pokemon at `pos` per heads."""
        heads = 0
        while heads < ir.FLIP_CAP and coins[self.slot_effect + heads] == 1:
            heads += 1
        for _ in range(heads):
            self.take_from_zone(s, p, energy_type, pos)

    def take_from_zone(self, s: RefState, p: int, energy_type: str, pos: int) -> None:
        """The first Energy Zone token of that type in reserve is attached at `pos` (none left: nothing)."""
        for i in range(self.real_deck, self.deck_size):
            body = self.body(s.card[p][i])
            if s.zone[p][i] == RESERVE and isinstance(body, ir.Energy) and body.provides == (energy_type,):
                s.zone[p][i] = PLAY + pos
                return

    def refresh_guard(self, s: RefState) -> None:
        """`guard`: per position, the damage its attached Trainers take off."""
        guard = [[0] * self.positions for _ in (0, 1)]
        for q in (0, 1):
            for i, z in enumerate(s.zone[q]):
                if PLAY <= z < PLAY + self.positions:
                    body = self.body(s.card[q][i])
                    if isinstance(body, ir.Trainer):
                        guard[q][z - PLAY] += sum(
                            st.taken_less for st in body.effect if isinstance(st, ir.Attach)
                        )
        s.guard = guard

    def attached(self, s: RefState, p: int, pos: int) -> list[ir.Attach]:
        """The `attach` effects of the Trainer cards attached to player p's Pokemon at `pos`."""
        out = []
        for i in range(self.deck_size):
            if s.zone[p][i] == PLAY + pos:
                body = self.body(s.card[p][i])
                if isinstance(body, ir.Trainer):
                    out += [st for st in body.effect if isinstance(st, ir.Attach)]
        return out

    def retreat(self, s: RefState, p: int, j: int) -> None:
        active = self.pokemon_at(s, p, 0)
        assert active is not None
        paid = 0
        for i in range(self.deck_size):
            if paid >= active.retreat:
                break
            if s.zone[p][i] == PLAY and self.is_energy(s.card[p][i]):
                s.zone[p][i] = DISCARD
                paid += len(self.body(s.card[p][i]).provides)  # type: ignore[union-attr]
        s.retreats += 1
        self.swap_with_active(s, p, j)

    def swap_with_active(self, s: RefState, p: int, j: int) -> None:
        for i in range(self.deck_size):
            if s.zone[p][i] == PLAY:
                s.zone[p][i] = PLAY + j
            elif s.zone[p][i] == PLAY + j:
                s.zone[p][i] = PLAY
        fields_ = (
            s.top,
            s.damage,
            s.since,
            s.status,
            s.shield,
            s.shield_turn,
            s.used_once,
            s.convert,
            s.convert_turn,
            s.disabled,
            s.weakness_as,
            s.resistance_as,
            s.attacked,
        )
        for field_ in fields_:
            field_[p][0], field_[p][j] = field_[p][j], field_[p][0]
        # effects of attacks on a Pokemon end when it goes to the Bench
        s.disabled[p][j] = s.weakness_as[p][j] = s.resistance_as[p][j] = 0
        if "retreat" in self.rules.conditions_cleared_by:
            s.status[p][j] = 0
        s.shield[p][j] = s.shield_turn[p][j] = 0  # effects on a Pokemon end when it goes to the Bench

    def between_turns(self, s: RefState, p: int, coins: list[int]) -> None:
        """Player p's turn ends."""
        for q in (0, 1):  # attached Trainers whose turn end this is
            for i in range(self.deck_size):
                body = self.body(s.card[q][i])
                if not (PLAY <= s.zone[q][i] < PRIZE and isinstance(body, ir.Trainer)):
                    continue
                for st in body.effect:
                    if isinstance(st, ir.Attach) and (st.until == "end_of_turn") == (q == p):
                        s.zone[q][i] = DISCARD
        for idx, cond in enumerate(self.conditions):
            if cond.cure_at_end_of_owner_turn:
                s.status[p][0] &= ~(1 << idx)
        for role, q in enumerate((p, 1 - p)):
            if s.top[q][0] < 0:
                continue
            for idx, cond in enumerate(self.conditions):
                if not self.has(s, q, 0, cond.name):
                    continue
                s.damage[q][0] += cond.between_turns_damage
                if cond.between_turns_flip_cure:
                    coin = coins[self.slot_between + role * len(self.conditions) + idx]
                    if ("heads" if coin == 1 else "tails") == cond.between_turns_flip_cure:
                        s.status[q][0] &= ~(1 << idx)

    def knock_outs(self, s: RefState) -> None:
        knocked = [
            [
                j
                for j in range(self.positions)
                if s.top[q][j] >= 0 and s.damage[q][j] >= self.pokemon_at(s, q, j).hp
            ]  # type: ignore[union-attr]
            for q in (0, 1)
        ]
        worths = [[self.prize_worth(s.card[q][s.top[q][j]]) for j in knocked[q]] for q in (0, 1)]
        for q in (0, 1):
            for j in knocked[q]:
                for i in range(self.deck_size):
                    if s.zone[q][i] == PLAY + j:
                        s.zone[q][i] = DISCARD
                self.vacate(s, q, j)
        for q in (0, 1):
            for worth in worths[q]:
                for _ in range(worth):
                    self.take_prize(s, 1 - q)

    def prize_worth(self, card: int) -> int:
        """The Prizes a Knock Out of this card gives: none (`no_prize`), ex_prizes (a Pokemon ex) or 1."""
        if self.plays_option(card, "no_prize"):
            return 0
        body = self.cards[card].body
        return self.rules.ex_prizes if isinstance(body, ir.Pokemon) and body.ex else 1

    def take_prize(self, s: RefState, taker: int) -> None:
        """Player `taker` takes its next Prize card (none when none is left; with prize_cards no, a
        Prize is a point and no card moves)."""
        if s.prizes_left[taker] > 0:
            taken = self.rules.prizes - s.prizes_left[taker]
            if self.rules.prize_cards:
                s.zone[taker][s.zone[taker].index(PRIZE + taken)] = HAND
            s.prizes_left[taker] -= 1

    @staticmethod
    def vacate(s: RefState, q: int, j: int) -> None:
        """Position j of player q holds no Pokemon any more, and nothing on it."""
        s.top[q][j], s.damage[q][j], s.since[q][j], s.status[q][j] = -1, 0, 0, 0
        s.shield[q][j] = s.shield_turn[q][j] = s.used_once[q][j] = s.convert[q][j] = 0
        s.disabled[q][j] = s.weakness_as[q][j] = s.resistance_as[q][j] = s.attacked[q][j] = 0

    def game_end(self, s: RefState) -> None:
        wins = [False, False]
        for q in (0, 1):
            if "last_prize" in self.rules.win_by and s.prizes_left[q] == 0:
                wins[q] = True
            if "no_pokemon" in self.rules.win_by and all(t < 0 for t in s.top[1 - q]):
                wins[q] = True
        if any(wins):
            s.terminated = True
            if wins[0] != wins[1]:
                s.rewards = [1.0, -1.0] if wins[0] else [-1.0, 1.0]

    def inflict(self, s: RefState, q: int, condition: str) -> None:
        """Player q's Active Pokemon gets `condition`: it removes the exclusive ones (when it is one) and
        what it replaces; a Pokemon that cannot have Special Conditions gets none."""
        cond = self.conditions[self.cond_index[condition]]
        active = s.top[q][0]
        if cond.special and active >= 0 and self.plays_option(s.card[q][active], "no_special_conditions"):
            return
        word = s.status[q][0]
        if condition in self.exclusive:
            for name in self.exclusive:
                word &= ~(1 << self.cond_index[name])
        for name in cond.replaces:
            word &= ~(1 << self.cond_index[name])
        s.status[q][0] = word | 1 << self.cond_index[condition]

    def draw(self, s: RefState, who: int, word: int) -> bool:
        """Player `who` draws the r-th card of the deck in slot order, r = word mod the deck's size;
        False when the deck is empty."""
        known = [i for i, z in enumerate(s.zone[who]) if z >= TOP]
        deck = [i for i, z in enumerate(s.zone[who]) if z == DECK]
        limit = self.rules.hand_limit
        if limit and (known or deck) and sum(z == HAND for z in s.zone[who]) >= limit:
            return True  # a full hand draws nothing (the deck is not empty: no deck-out)
        if known:  # the cards known to be on top come first, in order
            for i in known:
                s.zone[who][i] = HAND if s.zone[who][i] == TOP else s.zone[who][i] - 1
            return True
        if not deck:
            return False
        s.zone[who][deck[word % len(deck)]] = HAND
        return True

    @staticmethod
    def forget_top(s: RefState, q: int) -> None:
        """Player q's deck is shuffled: no card of it is known to be on top any more."""
        s.zone[q] = [DECK if z >= TOP else z for z in s.zone[q]]

    def start_turn(self, s: RefState, who: int, word: int, energy_word: int) -> None:
        """Player `who` begins a turn: the turn cap, the draw (deck-out loses when the rules say so), then
        the Energy Zone's Energy of the turn (rules with energy_zone)."""
        r = self.rules
        s.turn += 1
        s.turn_player = s.current_player = who
        s.energy_attached = 0
        s.supporters = LOCKED if s.supporters >= LOCK_NEXT else 0
        s.retreats = 0
        if r.energy_zone:  # last turn's Energy goes back unused
            for q in (0, 1):
                s.zone[q] = [RESERVE if z == OFFERED else z for z in s.zone[q]]
        if s.turn > r.turn_limit:
            s.truncated = True
            return
        if (s.turn > 1 or r.first_player_draws) and not self.draw(s, who, word) and "deck_out" in r.win_by:
            s.terminated = True
            s.rewards = [-1.0, 1.0] if who == 0 else [1.0, -1.0]
        if r.energy_zone:
            self.offer_energy(s, who, s.turn > 1 or r.first_turn_energy, energy_word)

    def offer_energy(self, s: RefState, who: int, give: bool, word: int) -> None:
        """`who` gets one Energy of one of its deck's types, drawn with `word` (none when every token of
        that type is out)."""
        if not give:
            return
        types: list[int] = []
        for c in s.card[who][self.real_deck :]:
            if c in types:
                break
            types.append(c)
        wanted = types[(word & 0xFFFFFFFF) % len(types)]
        for i in range(self.real_deck, self.deck_size):
            if s.zone[who][i] == RESERVE and s.card[who][i] == wanted:
                s.zone[who][i] = OFFERED
                return


class _Run:
    """One run of an effect program: the coin counter, the attack's damage, and whether it stopped."""

    def __init__(
        self, ref: TcgReference, s: RefState, p: int, coins: list[int], draws: list[int], hit: int
    ) -> None:
        self.ref, self.s, self.p, self.coins, self.draws, self.hit = ref, s, p, coins, draws, hit
        self.next_coin = 0
        self.stopped = False
        self.untouchable = False  # the defending Pokemon is shielded from every effect of attacks
        self.cost: Counter[str] = Counter()  # the attack's Energy cost
        self.drain = 0  # healed on the attacker once the attack has done damage
        self.drain_dealt = 0  # `after damage heal dealt` statements run: each heals the damage done
        self.plain = False  # the damage is final already: no Weakness or Resistance
        self.attacking = False
        self.copying = False  # a copied attack discards no Energy (its costs)
        self.self_pos = 0  # the position of `self`: the attacker, or a power's Pokemon (set by its runner)

    def flip(self) -> str:
        coin = self.coins[self.ref.slot_effect + self.next_coin]
        self.next_coin += 1
        return "heads" if coin == 1 else "tails"

    def who(self, target: str) -> int:
        return self.p if target in ("self", "own_active") else 1 - self.p

    def count(self, quantity: str | None, target: str | None) -> int:
        if quantity is None or target is None:
            return 1
        q = self.who(target)
        if quantity == "damage_counter":
            return self.s.damage[q][0] // 10
        return sum(
            1
            for i in range(self.ref.deck_size)
            if self.s.zone[q][i] == PLAY and self.ref.is_energy(self.s.card[q][i])
        )

    def more_damage_holds(self, st: ir.MoreDamageIf) -> bool:
        """Whether the condition of `more damage N if ...` holds (`flip K coins all heads` flips K coins)."""
        s, ref = self.s, self.ref
        if st.test == "all_heads":
            faces = [self.flip() for _ in range(st.count)]
            return all(face == "heads" for face in faces)
        if st.test == "damaged":
            return s.damage[self.who(st.target or "")][0] > 0
        if st.test == "status":
            return ref.has(s, self.who(st.target or ""), 0, st.name or "")
        return self.extra_energy(st.name or "") >= st.count

    def extra_energy(self, kind: str) -> int:
        """The attacker's Energy of `kind` beyond what the attack's cost needs (other types pay the colorless
        part first); negative when the cost is not covered."""
        have, colorless = self.ref.energy_at(self.s, self.p, 0), self.ref.rules.colorless
        other_cost = sum(self.cost.values()) - self.cost[kind] - self.cost[colorless]
        spare_other = max(sum(have.values()) - have[kind] - other_cost, 0)
        return have[kind] - self.cost[kind] - max(self.cost[colorless] - spare_other, 0)

    def random_damage(self, st: ir.RandomDamage) -> None:
        """`damage N to random opponent_pokemon T times`: pick m takes the (word mod count)-th of the
        opponent's Pokemon in play in position order (word DRAW_EFFECT + m); the Active's hits join the
        attack's damage, a Benched Pokemon takes each hit less what its attached Trainers take off."""
        s, ref, o = self.s, self.ref, 1 - self.p
        for m in range(st.times):
            in_play = [j for j in range(ref.positions) if s.top[o][j] >= 0]
            j = in_play[self.draws[ref.draw_effect + m] % len(in_play)]
            if j == 0:
                self.hit += st.amount
            else:
                s.damage[o][j] += max(st.amount - sum(a.taken_less for a in ref.attached(s, o, j)), 0)

    def benched(self, st: ir.PerBenched) -> int:
        """How many of the player's Benched Pokemon `... benched [type T | named N]` counts."""
        s, p, ref = self.s, self.p, self.ref
        counted = 0
        for j in range(1, ref.positions):
            body = ref.pokemon_at(s, p, j)
            if body is None:
                continue
            if st.energy_type is not None and body.type != st.energy_type:
                continue
            if st.name is not None and ref.cards[s.card[p][s.top[p][j]]].name != st.name:
                continue
            counted += 1
        return counted

    def ask_at_chosen(self, amount: int, flags: int) -> None:
        """The player picks a position next (an attack's choice ends the turn once made); nothing when
        no Pokemon may be picked."""
        flags |= AT_ATTACK if self.attacking else 0
        if self.ref.at_chosen_targets(self.s, self.p, flags):
            self.s.pending = AT_CHOSEN + (ENDS_TURN if self.attacking else 0)
            self.s.pending_amount = amount | flags << AT_AMOUNT_BITS

    def block(self, stmts: tuple[ir.Stmt, ...]) -> None:
        for st in stmts:
            if self.stopped:
                return
            if isinstance(st, ir.IfFlip):
                self.block(st.body if self.flip() == st.face else st.orelse)
            else:
                self.primitive(st)

    def primitive(self, st: ir.Stmt) -> None:
        s, p, ref = self.s, self.p, self.ref
        if self.untouchable and getattr(st, "target", None) == "defending":
            return
        if isinstance(st, ir.Inflict):
            ref.inflict(s, self.who(st.target), st.condition)
        elif isinstance(st, ir.SelfDamage):
            s.damage[self.who(st.target)][0] += st.amount
        elif isinstance(st, ir.Switch) and st.basic:
            if self.untouchable or not any(ref.basic_at(s, 1 - p, j) for j in range(1, ref.positions)):
                return  # no Basic Pokemon on the opponent's Bench: nothing to switch in
            s.pending = SWITCH_OPPONENT + (ENDS_TURN if self.attacking else 0)
            s.pending_amount = 1
        elif isinstance(st, ir.ReturnActive):
            bench = any(s.top[p][j] >= 0 for j in range(1, ref.positions))
            if not bench or ref.name_at(s, p, 0) not in st.names:
                return
            for i in range(ref.deck_size):  # its Pokemon cards to the hand; the rest is discarded
                if s.zone[p][i] == PLAY:
                    s.zone[p][i] = HAND if isinstance(ref.played(s.card[p][i]), ir.Pokemon) else DISCARD
            ref.vacate(s, p, 0)
            s.pending = SWITCH_OWN + (ENDS_TURN if self.attacking else 0)
        elif isinstance(st, ir.ShuffleActive):
            o = 1 - p
            if s.top[o][0] < 0:
                return
            for i in range(ref.deck_size):  # the Energy Zone's Energy goes back to the zone
                if s.zone[o][i] == PLAY:
                    s.zone[o][i] = DISCARD if i >= ref.real_deck else DECK
            ref.vacate(s, o, 0)
            ref.forget_top(s, o)
            self.hit = 0
        elif isinstance(st, ir.Switch):
            side = p if st.chosen == "own_bench" else 1 - p
            if not any(s.top[side][j] >= 0 for j in range(1, ref.positions)):
                return  # no Benched Pokemon: nothing to switch
            if side != p and self.untouchable:
                return
            ends = ENDS_TURN if self.attacking else 0
            if st.by_opponent:  # the owner of the Benched Pokemon picks: a switch of their own
                s.pending = SWITCH_OWN + ends
                s.current_player = 1 - p
            else:
                s.pending = (SWITCH_OWN if side == p else SWITCH_OPPONENT) + ends
        elif isinstance(st, ir.TimesHeads):
            self.hit *= sum(self.flip() == "heads" for _ in range(st.coins))
        elif isinstance(st, ir.FlipUntilTails):
            # FLIP_CAP coin slots are the statement's, however many are flipped
            first, heads = self.next_coin, 0
            while heads < ir.FLIP_CAP and self.flip() == "heads":
                heads += 1
            self.next_coin = first + ir.FLIP_CAP
            self.hit *= heads
        elif isinstance(st, ir.ZoneAttach) and st.coins:  # the heads: the Energy its picks attach
            s.pending_amount = sum(self.flip() == "heads" for _ in range(st.coins))
        elif isinstance(st, ir.ZoneAttach) and not st.chosen:  # a chosen one is a pick (picks_of)
            pos = 0 if st.target == "own_active" else self.self_pos
            here = ref.pokemon_at(s, p, pos)
            if st.pokemon_type is None or (here is not None and here.type == st.pokemon_type):
                ref.take_from_zone(s, p, st.energy_type, pos)
        elif isinstance(st, ir.MoveEnergy):
            if st.names and ref.name_at(s, p, 0) not in st.names:
                return
            for i in range(ref.deck_size):
                body = ref.body(s.card[p][i])
                benched = PLAY < s.zone[p][i] < PLAY + ref.positions
                basic = isinstance(body, ir.Energy) and body.category == "basic"
                if benched and basic and body.provides == (st.energy_type,):  # type: ignore[union-attr]
                    s.zone[p][i] = PLAY
        elif isinstance(st, ir.TimesCount):
            self.hit *= self.count(st.quantity, st.target)
        elif isinstance(st, ir.MoreDamage):
            self.hit += st.amount * self.count(st.quantity, st.target)
        elif isinstance(st, ir.LessDamage):
            self.hit = max(self.hit - st.amount * self.count(st.quantity, st.target), 0)
        elif isinstance(st, ir.HalfHp):
            target = ref.pokemon_at(s, 1 - p, 0)
            assert target is not None
            remaining = target.hp - s.damage[1 - p][0]
            self.hit = -(-remaining // 20) * 10
        elif isinstance(st, ir.DoesNothing):
            self.hit = 0
            self.stopped = True
        elif isinstance(st, ir.Draw):
            who = 1 - p if st.for_opponent else p
            for m in range(st.count):
                ref.draw(s, who, self.draws[ref.draw_effect + m])
        elif isinstance(st, ir.ShuffleHand):
            whose = {"own_hand": (p,), "opponent_hand": (1 - p,), "both_hands": (p, 1 - p)}[st.hand]
            for q in whose:
                for i in range(ref.deck_size):
                    if s.zone[q][i] == HAND and ref.is_kind(s.card[q][i], st.what):
                        s.zone[q][i] = DECK
                        if s.revealed is not None:  # unknown again, even if drawn back in this step
                            s.revealed[q][i] = False
                ref.forget_top(s, q)
        elif isinstance(st, ir.Reveal):
            # an effect on the player (no shield stops it): the other player sees that hand now
            q = p if st.target == "own_hand" else 1 - p
            if s.revealed is not None:
                s.revealed[q] = [shown or z == HAND for shown, z in zip(s.revealed[q], s.zone[q])]
        elif isinstance(st, ir.Mirror):
            record = s.attacked[p][0]
            last = record >> 20 == s.turn - 1
            self.hit = record & 4095 if last else 0
            self.plain = True
            for k, cond in enumerate(ref.conditions):
                if last and not self.untouchable and record >> 12 >> k & 1:
                    ref.inflict(s, 1 - p, cond.name)
        elif isinstance(st, ir.Look):
            # the cards known to be on top, then cards at random as if drawn, until `count` are looked at
            known = [i for i, z in enumerate(s.zone[p]) if z >= TOP]
            for i in known:
                s.zone[p][i] = LOOKED
            for m in range(len(known), st.count):
                deck = [i for i, z in enumerate(s.zone[p]) if z == DECK]
                if not deck:
                    break
                s.zone[p][deck[self.draws[ref.draw_effect + m] % len(deck)]] = LOOKED
        elif isinstance(st, ir.Cure):
            who = self.who(st.target)
            for k, cond in enumerate(ref.conditions):
                if cond.special:
                    s.status[who][0] &= ~(1 << k)
        elif isinstance(st, ir.DiscardHand):
            s.zone[p] = [DISCARD if z == HAND else z for z in s.zone[p]]
        elif isinstance(st, ir.DiscardEnergy) and not self.copying:
            left = st.count
            for i in range(ref.deck_size):
                body = ref.body(s.card[p][i])
                if s.zone[p][i] != PLAY or not isinstance(body, ir.Energy):
                    continue
                if st.energy_type is not None and (body.category, body.provides) != (
                    "basic",
                    (st.energy_type,),
                ):
                    continue
                if left is not None:
                    if left == 0:
                        break
                    left -= 1
                s.zone[p][i] = DISCARD
        elif isinstance(st, ir.Heal) and st.chosen and st.pokemon_type is not None:
            kind = ref.rules.energy_types.index(st.pokemon_type) + 1
            amount = PROTECT_ALL if st.amount is None else st.amount
            self.ask_at_chosen(amount, AT_HEAL | kind << AT_TYPE_SHIFT)
        elif isinstance(st, ir.DamageChosen):
            flags = (AT_OPPONENT if st.target != "own_bench" else 0) | (
                AT_BENCH if st.target != "opponent_pokemon" else 0
            )
            self.ask_at_chosen(st.amount, flags)
        elif isinstance(st, ir.RandomFromDeck):
            fits = [
                i
                for i in range(ref.deck_size)
                if (s.zone[p][i] == DECK or s.zone[p][i] >= TOP) and ref.random_kind(s.card[p][i], st)
            ]
            empty = [j for j in range(1, ref.positions) if s.top[p][j] < 0]
            if fits and (st.to == "hand" or empty):
                i = fits[self.draws[ref.draw_effect] % len(fits)]
                if st.to == "hand":
                    s.zone[p][i] = HAND
                else:  # onto the first empty Bench position, as a Basic Pokemon is played
                    j = empty[0]
                    s.zone[p][i] = PLAY + j
                    s.top[p][j], s.since[p][j], s.damage[p][j], s.used_once[p][j] = i, s.turn, 0, 0
            ref.forget_top(s, p)  # the deck was searched
        elif isinstance(st, ir.DiscardRandom):
            o = 1 - p
            if st.target == "defending":
                fits = [
                    i for i in range(ref.deck_size) if s.zone[o][i] == PLAY and ref.is_energy(s.card[o][i])
                ]
            else:
                fits = [i for i in range(ref.deck_size) if s.zone[o][i] == HAND]
            if fits:
                s.zone[o][fits[self.draws[ref.draw_effect] % len(fits)]] = DISCARD
        elif isinstance(st, ir.Heal) and st.chosen:
            s.pending = HEAL_OWN
            s.pending_amount = PROTECT_ALL if st.amount is None else st.amount
        elif isinstance(st, ir.Heal):
            who = self.who(st.target)
            s.damage[who][0] = 0 if st.amount is None else max(s.damage[who][0] - st.amount, 0)
        elif isinstance(st, ir.Protect):
            if st.what == "effects":
                s.shield[p][0] = PROTECT_EFFECTS
            else:
                s.shield[p][0] = PROTECT_ALL if st.up_to is None else st.up_to
            s.shield_turn[p][0] = s.turn + 1
        elif isinstance(st, ir.ExtraEnergy):
            self.hit += st.amount * min(max(self.extra_energy(st.energy_type), 0), st.cap)
        elif isinstance(st, ir.MoreDamageIf):
            if self.more_damage_holds(st):
                self.hit += st.amount
        elif isinstance(st, ir.PerBenched):
            counted = self.benched(st)
            self.hit = self.hit * counted if st.amount is None else self.hit + st.amount * counted
        elif isinstance(st, ir.DrainDealt):
            self.drain_dealt += 1
        elif isinstance(st, ir.RandomDamage):
            self.random_damage(st)
        elif isinstance(st, ir.Drain):
            self.drain += st.amount
        elif isinstance(st, ir.DestinyBond):
            s.shield[p][0] = PROTECT_DESTINY
            s.shield_turn[p][0] = s.turn + 1
        elif isinstance(st, ir.HealEachDiscard):
            for j in range(ref.positions):
                if s.top[p][j] < 0 or s.damage[p][j] == 0:
                    continue
                s.damage[p][j] = 0
                for i in range(ref.deck_size):
                    if s.zone[p][i] == PLAY + j and ref.is_energy(s.card[p][i]):
                        s.zone[p][i] = DISCARD
        elif isinstance(st, ir.BenchDamage):
            who = p if st.side == "own_bench" else 1 - p
            for j in range(1, ref.positions):
                if s.top[who][j] >= 0:
                    less = sum(a.taken_less for a in ref.attached(s, who, j)) + ref.takes_less(s, who, j)
                    s.damage[who][j] += max(st.amount - less, 0)
        elif isinstance(st, ir.HealEach):
            for j in range(ref.positions):
                if s.top[p][j] >= 0:
                    s.damage[p][j] = max(s.damage[p][j] - st.amount, 0)
        elif isinstance(st, ir.SupporterLock) and st.when == "next_turn":
            s.supporters = LOCK_NEXT
        elif isinstance(st, ir.Lasting):
            q = self.who(st.target)
            part, value = {
                "no_attack": ((1 << ref.max_attacks) - 1, (1 << ref.max_attacks) - 1),
                "no_retreat": (NO_RETREAT, NO_RETREAT),
                "deals_less": (255 << DEALS_SHIFT, st.amount << DEALS_SHIFT),
                "takes_less": (255 << TAKES_SHIFT, st.amount << TAKES_SHIFT),
            }[st.what]
            kept = s.disabled[q][0] if s.disabled_turn[q][0] == s.turn + 1 else 0
            s.disabled[q][0] = kept & ~part | value
            s.disabled_turn[q][0] = s.turn + 1
        # ir.Unspecified: a hole does nothing
