"""The `rules` provider: offline and deterministic.

It answers from the pattern library (`tcgc.scraper.patterns`, the same data the scraper maps text
with) and proposes the interaction scenario from templates per family of statement: an attack that
inflicts a condition is checked on the Defending Pokémon's status, self-damage and healing on the
attacker's damage, a coin flip by forcing the face, a draw by the hand size. A text the patterns do
not map is answered as a missing capability, named by a small keyword table (`CAPABILITIES`), so the
report groups what the primitives lack; a mapped text with no scenario template is answered without
a scenario and the loop rejects it (nothing is accepted unproven).
"""

from __future__ import annotations

import re
from typing import Any

from tcgc import ir
from tcgc.fmt import format_card
from tcgc.repair.loop import scenario_toml
from tcgc.repair.providers import Answer, Usage
from tcgc.scraper.cards import walk
from tcgc.scraper.patterns import map_text

# keyword regex -> the capability a text needs when no pattern maps it (first match wins)
CAPABILITIES: tuple[tuple[str, str], ...] = (
    (r"Energy Zone", "attach Energy from the Energy Zone"),
    (r"\bsearch\b|\blook at\b.*\bdeck\b", "search or look at the deck"),
    (r"\bput\b.*\binto your hand\b", "put cards into the hand"),
    (r"\bheal\b", "heal with a condition or target the primitives lack"),
    (r"\bdiscard\b", "discard cards other than Energy"),
    (r"\bcan't\b|\bcannot\b", "a restriction on the opponent's next turn"),
    (r"\bBenched?\b", "effects on Benched Pokémon"),
    (r"\bflip\b.*\bcoin", "coin flips with other outcomes"),
    (r"\bmore damage\b|\bdamage for each\b", "a damage modifier the primitives lack"),
    (r"\bswitch\b", "switching with other conditions"),
    (r"\bAbility\b|\bonce during your turn\b", "an ability used once a turn"),
    (r"\bSupporter\b", "rules about Supporter cards"),
)


def capability(text: str) -> str:
    return next((need for rx, need in CAPABILITIES if re.search(rx, text, re.I)), "a primitive for this text")


class RulesProvider:
    name = "rules"
    model = "pattern-library"

    def __init__(self, game: ir.Game | None = None) -> None:
        self.game = game

    def ask(self, prompt: str, hole: Any) -> Answer:
        usage = Usage(estimated=True)
        statements = map_text(hole.text, self._facts(hole))
        if not statements or any(isinstance(s, ir.Unspecified) for s in walk(statements)):
            return Answer(f"```missing\n{capability(hole.text)}\n```\n", usage, self.model)
        fragment = statement_text(statements)
        scenario = self._scenario(hole, statements) if self.game is not None else None
        toml = f"\n```toml\n{scenario}```\n" if scenario else ""
        return Answer(f"```tcgc\n{fragment}\n```\n{toml}", usage, self.model)

    def _facts(self, hole: Any) -> dict[str, str]:
        """The printed numbers of the hole's card the text does not repeat (an attack's damage, a
        Trainer's HP), as the scraper gives them to the pattern library."""
        card = next((c for c in self.game.cards if c.id == hole.card_id), None) if self.game else None
        if card is None:
            return {}
        if isinstance(card.body, ir.Pokemon):
            attack = next((a for a in card.body.attacks if f"attack {a.name}" == hole.where), None)
            return {"damage": str(attack.damage)} if attack is not None else {}
        return {}

    # ---- scenario templates -------------------------------------------------------------------

    def _scenario(self, hole: Any, statements: tuple[ir.Stmt, ...]) -> str | None:
        game = self.game
        assert game is not None
        card = next((c for c in game.cards if c.id == hole.card_id), None)
        if card is None or not isinstance(card.body, ir.Pokemon) or not hole.where.startswith("attack "):
            return None
        index = next((i for i, a in enumerate(card.body.attacks) if f"attack {a.name}" == hole.where), None)
        if index is None:
            return None
        attack = card.body.attacks[index]
        others = [s for s in walk(attack.effect or ()) if isinstance(s, ir.IfFlip | ir.TimesHeads)]
        if any(not isinstance(s, ir.Unspecified) for s in attack.effect or ()) and others:
            return None  # coins of other statements would shift the forced slots
        energy = _energies(game, attack.cost)
        target = _sturdy(game, card)
        if energy is None or target is None:
            return None
        me: dict[str, Any] = {"card": card.name, "attached": energy}
        expect: dict[str, Any] = {}
        coins: dict[str, str] = {}
        if not _expect(statements, me, expect, coins):
            return None
        step: dict[str, Any] = {"action": f"attack {index}"}
        if coins:
            step["coins"] = coins
        return scenario_toml(
            {
                "name": f"{card.name} {hole.where}: {hole.text}",
                "covers": [f"card:{card.id}"],
                "me": {"active": me},
                "opponent": {"active": target},
                "do": [step],
                "expect": expect,
            }
        )


def _expect(stmts: tuple[ir.Stmt, ...], me: dict, expect: dict, coins: dict) -> bool:
    """Fill the setup and expectations for `stmts`; False when a statement has no template."""
    for s in stmts:
        if isinstance(s, ir.IfFlip) and not s.orelse:
            coins[f"effect:{len(coins)}"] = s.face
            if not _expect(s.body, me, expect, coins):
                return False
        elif isinstance(s, ir.Inflict):
            side = "opponent" if s.target == "defending" else "me"
            expect.setdefault(f"{side}.active.status", []).append(s.condition)
        elif isinstance(s, ir.SelfDamage) and s.target == "self":
            expect["me.active.damage"] = expect.get("me.active.damage", 0) + s.amount
        elif isinstance(s, ir.Heal) and s.target == "self" and s.amount is not None:
            me["damage"] = s.amount + 10
            expect["me.active.damage"] = 10
        else:
            return False
    return bool(expect)


def _energies(game: ir.Game, cost: tuple[str, ...]) -> list[str] | None:
    basic = {
        c.body.provides[0]: c.name
        for c in game.cards
        if isinstance(c.body, ir.Energy) and c.body.category == "basic" and c.body.provides
    }
    if not basic:
        return None
    colorless = next(iter(basic.values()))
    out = []
    for t in cost:
        if t in basic:
            out.append(basic[t])
        elif t == game.rules.colorless:
            out.append(colorless)
        else:
            return None
    return out


def _sturdy(game: ir.Game, card: ir.Card) -> str | None:
    """The Basic Pokémon without powers with the most HP (another card when there is one) to attack."""
    basics = [
        c
        for c in game.cards
        if isinstance(c.body, ir.Pokemon) and c.body.stage == "basic" and not c.body.powers
    ]
    others = [c for c in basics if c.id != card.id] or basics
    return max(others, key=lambda c: c.body.hp).name if others else None  # type: ignore[union-attr]


def statement_text(stmts: tuple[ir.Stmt, ...]) -> str:
    """The statements as canonical spec text (the formatter's own rendering, unindented)."""
    card = ir.Card(span=stmts[0].span, name="x", id="x-0", body=ir.Trainer(span=stmts[0].span, effect=stmts))
    lines = format_card(card)[2:-2]  # drop `card ... {`, `trainer {` and the two closing braces
    return "\n".join(line[4:] for line in lines)
