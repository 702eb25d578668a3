"""Spec text -> IR, with Lark (LALR, positions kept). Syntax errors become diagnostics."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib import resources

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedInput, UnexpectedToken, v_args
from lark.tree import Meta

from tcgc import ir
from tcgc.diagnostics import Diagnostic, Span


@functools.cache
def tcg_parser() -> Lark:
    """The LALR parser of the TCG dialect (built once per process)."""
    grammar_dir = resources.files("tcgc.grammar")
    text = grammar_dir.joinpath("tcg.lark").read_text(encoding="utf-8")
    return Lark(
        text,
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=False,
        import_paths=[str(grammar_dir)],
        source_path=str(grammar_dir.joinpath("tcg.lark")),
    )


def unquote(token: Token) -> str:
    """The text of a quoted STRING token, escapes resolved."""
    body = str(token)[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class _Flag:
    """An optional keyword of a statement (`up to`, `one`), as the transformer passes it up."""

    name: str


@dataclass(frozen=True)
class _Typed:
    """`of type TYPE` after a statement's target, as the transformer passes it up."""

    name: str


class CoreToIR(Transformer):
    """What every dialect's transformer shares: spans, and the values and settings of the core grammar."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def _span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.path, 1, 1, 1, 1)
        return Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tok_span(self, tok: Token) -> Span:
        return Span(self.path, tok.line or 1, tok.column or 1, tok.end_line or 1, tok.end_column or 1)

    # values and settings
    @v_args(meta=True)
    def int_value(self, meta: Meta, c: list[Token]) -> ir.Value:
        return ir.Value(span=self._tok_span(c[0]), kind="int", value=int(c[0]))

    @v_args(meta=True)
    def name_value(self, meta: Meta, c: list[Token]) -> ir.Value:
        return ir.Value(span=self._tok_span(c[0]), kind="name", value=str(c[0]))

    @v_args(meta=True)
    def string_value(self, meta: Meta, c: list[Token]) -> ir.Value:
        return ir.Value(span=self._tok_span(c[0]), kind="string", value=unquote(c[0]))

    @v_args(meta=True)
    def name_list(self, meta: Meta, c: list[Token]) -> ir.Value:
        return ir.Value(span=self._span(meta), kind="list", value=tuple(str(t) for t in c))

    @v_args(meta=True)
    def setting(self, meta: Meta, c: list) -> ir.Setting:
        return ir.Setting(span=self._span(meta), key=str(c[0]), values=tuple(c[1:]))


# Rules imported from grammar/core.lark arrive namespaced as `core__<rule>`.
for _rule in ("int_value", "name_value", "string_value", "name_list", "setting"):
    setattr(CoreToIR, f"core__{_rule}", getattr(CoreToIR, _rule))


class _ToIR(CoreToIR):
    """Builds IR nodes from the TCG parse tree; no checking happens here."""

    @v_args(meta=True)
    def condition(self, meta: Meta, c: list) -> ir.Condition:
        return ir.Condition(span=self._span(meta), name=str(c[0]), settings=tuple(c[1:]))

    @v_args(meta=True)
    def rules(self, meta: Meta, c: list) -> ir.Rules:
        return ir.Rules(
            span=self._span(meta),
            name=unquote(c[0]),
            settings=tuple(x for x in c[1:] if isinstance(x, ir.Setting)),
            conditions=tuple(x for x in c[1:] if isinstance(x, ir.Condition)),
        )

    # effects
    def block(self, c: list) -> tuple:
        return tuple(c)

    @v_args(meta=True)
    def if_flip(self, meta: Meta, c: list) -> ir.IfFlip:
        return ir.IfFlip(span=self._span(meta), face=str(c[0]), body=c[1], orelse=c[2] if len(c) > 2 else ())

    @v_args(meta=True)
    def times_heads(self, meta: Meta, c: list) -> ir.TimesHeads:
        return ir.TimesHeads(span=self._span(meta), coins=int(c[0]))

    @v_args(meta=True)
    def times_count(self, meta: Meta, c: list) -> ir.TimesCount:
        return ir.TimesCount(span=self._span(meta), quantity=str(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def more_damage(self, meta: Meta, c: list) -> ir.MoreDamage:
        per = (str(c[1]), str(c[2])) if len(c) > 1 else (None, None)
        return ir.MoreDamage(span=self._span(meta), amount=int(c[0]), quantity=per[0], target=per[1])

    @v_args(meta=True)
    def less_damage(self, meta: Meta, c: list) -> ir.LessDamage:
        return ir.LessDamage(span=self._span(meta), amount=int(c[0]), quantity=str(c[1]), target=str(c[2]))

    @v_args(meta=True)
    def does_nothing(self, meta: Meta, c: list) -> ir.DoesNothing:
        return ir.DoesNothing(span=self._span(meta))

    @v_args(meta=True)
    def draw(self, meta: Meta, c: list) -> ir.Draw:
        return ir.Draw(span=self._span(meta), count=int(c[0]), for_opponent=len(c) > 1)

    def for_opponent(self, c: list) -> _Flag:
        return _Flag("for_opponent")

    @v_args(meta=True)
    def mirror(self, meta: Meta, c: list) -> ir.Mirror:
        return ir.Mirror(span=self._span(meta), target=str(c[0]))

    @v_args(meta=True)
    def become_energy(self, meta: Meta, c: list) -> ir.BecomeEnergy:
        return ir.BecomeEnergy(span=self._span(meta), target=str(c[0]), amount=int(c[1]))

    @v_args(meta=True)
    def look(self, meta: Meta, c: list) -> ir.Look:
        return ir.Look(span=self._span(meta), count=int(c[0]), source=str(c[1]))

    @v_args(meta=True)
    def plays_as(self, meta: Meta, c: list) -> ir.PlaysAs:
        kind = next((x.name for x in c if isinstance(x, _Flag)), None)
        names = tuple(str(x) for x in c[1:] if not isinstance(x, _Flag))
        return ir.PlaysAs(span=self._span(meta), hp=int(c[0]), type=kind, options=names)

    def plays_type(self, c: list) -> _Flag:
        return _Flag(str(c[0]))

    @v_args(meta=True)
    def shuffle_hand(self, meta: Meta, c: list) -> ir.ShuffleHand:
        return ir.ShuffleHand(span=self._span(meta), what=str(c[0]), hand=str(c[1]))

    @v_args(meta=True)
    def cure(self, meta: Meta, c: list) -> ir.Cure:
        return ir.Cure(span=self._span(meta), target=str(c[0]))

    @v_args(meta=True)
    def discard_energy(self, meta: Meta, c: list) -> ir.DiscardEnergy:
        count = int(c[0]) if len(c) > 1 else None
        energy_type = str(c[1]) if len(c) == 3 else None
        target = str(c[-1])
        return ir.DiscardEnergy(span=self._span(meta), count=count, energy_type=energy_type, target=target)

    @v_args(meta=True)
    def extra_energy(self, meta: Meta, c: list) -> ir.ExtraEnergy:
        return ir.ExtraEnergy(span=self._span(meta), amount=int(c[0]), energy_type=str(c[1]), cap=int(c[2]))

    @v_args(meta=True)
    def requires(self, meta: Meta, c: list) -> ir.Requires:
        return ir.Requires(span=self._span(meta), condition=str(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def drain(self, meta: Meta, c: list) -> ir.Drain:
        return ir.Drain(span=self._span(meta), amount=int(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def more_damage_if(self, meta: Meta, c: list) -> ir.MoreDamageIf:
        return ir.MoreDamageIf(span=self._span(meta), amount=int(c[0]), **c[1])

    def if_damaged(self, c: list) -> dict:
        return {"test": "damaged", "target": str(c[0])}

    def if_status(self, c: list) -> dict:
        return {"test": "status", "name": str(c[0]), "target": str(c[1])}

    def if_extra(self, c: list) -> dict:
        return {"test": "extra_energy", "count": int(c[0]), "name": str(c[1])}

    def if_heads(self, c: list) -> dict:
        return {"test": "all_heads", "count": int(c[0])}

    @v_args(meta=True)
    def per_benched(self, meta: Meta, c: list) -> ir.PerBenched:
        amount = next((int(x) for x in c if isinstance(x, Token) and x.type == "INT"), None)
        only = next((x for x in c if isinstance(x, dict)), {})
        return ir.PerBenched(span=self._span(meta), amount=amount, **only)

    def bench_type(self, c: list) -> dict:
        return {"energy_type": str(c[0])}

    def bench_named(self, c: list) -> dict:
        return {"name": unquote(c[0])}

    @v_args(meta=True)
    def random_damage(self, meta: Meta, c: list) -> ir.RandomDamage:
        return ir.RandomDamage(span=self._span(meta), amount=int(c[0]), target=str(c[1]), times=int(c[2]))

    @v_args(meta=True)
    def drain_dealt(self, meta: Meta, c: list) -> ir.DrainDealt:
        return ir.DrainDealt(span=self._span(meta), target=str(c[0]))

    @v_args(meta=True)
    def retaliate(self, meta: Meta, c: list) -> ir.Retaliate:
        return ir.Retaliate(span=self._span(meta), amount=int(c[0]))

    @v_args(meta=True)
    def destiny_bond(self, meta: Meta, c: list) -> ir.DestinyBond:
        return ir.DestinyBond(span=self._span(meta))

    @v_args(meta=True)
    def heal_each_discard(self, meta: Meta, c: list) -> ir.HealEachDiscard:
        return ir.HealEachDiscard(span=self._span(meta), target=str(c[0]))

    @v_args(meta=True)
    def heal(self, meta: Meta, c: list) -> ir.Heal:
        chosen = any(isinstance(x, Token) and x.type == "CHOSEN" for x in c)
        typed = [x for x in c if isinstance(x, _Typed)]
        rest = [x for x in c if not (isinstance(x, Token) and x.type == "CHOSEN" or isinstance(x, _Typed))]
        amount = int(rest[0]) if len(rest) == 2 else None
        return ir.Heal(
            span=self._span(meta),
            amount=amount,
            target=str(rest[-1]),
            chosen=chosen,
            pokemon_type=typed[0].name if typed else None,
        )

    def heal_type(self, c: list) -> _Typed:
        return _Typed(str(c[0]))

    @v_args(meta=True)
    def damage_chosen(self, meta: Meta, c: list) -> ir.DamageChosen:
        return ir.DamageChosen(span=self._span(meta), amount=int(c[0]), target=str(c[-1]))

    @v_args(meta=True)
    def random_from_deck(self, meta: Meta, c: list) -> ir.RandomFromDeck:
        typed = [x.name for x in c if isinstance(x, _Typed)]
        names = next((x for x in c if isinstance(x, tuple)), ())
        source, to = (str(x) for x in c if isinstance(x, Token))
        return ir.RandomFromDeck(
            span=self._span(meta),
            pokemon_type=typed[0] if typed else None,
            names=names,
            source=source,
            to=to,
        )

    def random_names(self, c: list) -> tuple[str, ...]:
        return tuple(unquote(x) for x in c)

    @v_args(meta=True)
    def return_active(self, meta: Meta, c: list) -> ir.ReturnActive:
        return ir.ReturnActive(span=self._span(meta), target=str(c[0]), names=c[1])

    @v_args(meta=True)
    def shuffle_active(self, meta: Meta, c: list) -> ir.ShuffleActive:
        return ir.ShuffleActive(span=self._span(meta), target=str(c[0]))

    @v_args(meta=True)
    def reveal(self, meta: Meta, c: list) -> ir.Reveal:
        return ir.Reveal(span=self._span(meta), target=str(c[0]))

    @v_args(meta=True)
    def switch_basic(self, meta: Meta, c: list) -> ir.Switch:
        return ir.Switch(span=self._span(meta), active=str(c[0]), chosen=str(c[-1]), basic=True)

    @v_args(meta=True)
    def discard_random(self, meta: Meta, c: list) -> ir.DiscardRandom:
        return ir.DiscardRandom(span=self._span(meta), what=str(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def bench_damage(self, meta: Meta, c: list) -> ir.BenchDamage:
        return ir.BenchDamage(span=self._span(meta), amount=int(c[0]), side=str(c[1]))

    @v_args(meta=True)
    def protect(self, meta: Meta, c: list) -> ir.Protect:
        up_to = int(c[1]) if len(c) == 3 else None
        return ir.Protect(span=self._span(meta), what=str(c[0]), up_to=up_to, target=str(c[-1]))

    @v_args(meta=True)
    def half_hp(self, meta: Meta, c: list) -> ir.HalfHp:
        return ir.HalfHp(span=self._span(meta), target=str(c[0]))

    @v_args(meta=True)
    def discard_hand(self, meta: Meta, c: list) -> ir.DiscardHand:
        return ir.DiscardHand(span=self._span(meta))

    @v_args(meta=True)
    def inflict(self, meta: Meta, c: list) -> ir.Inflict:
        return ir.Inflict(span=self._span(meta), condition=str(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def self_damage(self, meta: Meta, c: list) -> ir.SelfDamage:
        return ir.SelfDamage(span=self._span(meta), amount=int(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def switch(self, meta: Meta, c: list) -> ir.Switch:
        return ir.Switch(span=self._span(meta), active=str(c[0]), chosen=str(c[1]), by_opponent=len(c) > 2)

    def by_opponent(self, c: list) -> bool:
        return True

    def up_to(self, c: list) -> _Flag:
        return _Flag("up_to")

    def one(self, c: list) -> _Flag:
        return _Flag("one")

    @v_args(meta=True)
    def choose(self, meta: Meta, c: list) -> ir.Choose:
        flags = {x.name for x in c if isinstance(x, _Flag)}
        values = [x for x in c if not isinstance(x, _Flag)]
        action, amount = values.pop()
        count, what, *energy, source = values
        extra = amount if isinstance(amount, dict) else {"amount": amount}
        return ir.Choose(
            span=self._span(meta),
            count=int(count),
            up_to="up_to" in flags,
            what=str(what),
            source=str(source),
            one="one" in flags,
            action=action,
            energy_type=str(energy[0]) if energy else None,
            **extra,
        )

    def other(self, c: list) -> _Flag:
        return _Flag("other")

    def choice_attach(self, c: list) -> tuple[str, dict]:
        names = [str(x) for x in c if not isinstance(x, _Flag)]
        return (
            "attach",
            {
                "attach_other": any(isinstance(x, _Flag) for x in c),
                "attach_target": names[0],
                "attach_type": names[1] if len(names) > 1 else None,
            },
        )

    @v_args(meta=True)
    def move_damage(self, meta: Meta, c: list) -> ir.MoveDamage:
        amount, source, target = (x for x in c if not isinstance(x, _Flag))
        return ir.MoveDamage(
            span=self._span(meta), amount=int(amount), source=str(source), target=str(target)
        )

    @v_args(meta=True)
    def pick_attack(self, meta: Meta, c: list) -> ir.PickAttack:
        return ir.PickAttack(span=self._span(meta), target=str(c[0]), action=c[1].name)

    def disable_it(self, c: list) -> _Flag:
        return _Flag("disable")

    def use_it(self, c: list) -> _Flag:
        return _Flag("copy")

    def use_it_paid(self, c: list) -> _Flag:
        return _Flag("copy_paid")

    def may(self, c: list) -> _Flag:
        return _Flag("may")

    @v_args(meta=True)
    def change_type(self, meta: Meta, c: list) -> ir.ChangeType:
        optional = any(isinstance(x, _Flag) for x in c)
        what, target = (str(x) for x in c if not isinstance(x, _Flag))
        return ir.ChangeType(span=self._span(meta), what=what, target=target, optional=optional)

    @v_args(meta=True)
    def zone_attach(self, meta: Meta, c: list) -> ir.ZoneAttach:
        chosen = any(isinstance(x, Token) and x.type == "CHOSEN" for x in c)
        words = [str(x) for x in c if isinstance(x, Token) and x.type == "NAME"]
        names = tuple(unquote(x) for x in c if isinstance(x, Token) and x.type == "STRING")
        return ir.ZoneAttach(
            span=self._span(meta),
            energy_type=words[0],
            target=words[1],
            chosen=chosen,
            pokemon_type=words[2] if len(words) > 2 else None,
            names=names,
            until_tails=any(isinstance(x, _Flag) and x.name == "until_tails" for x in c),
            coins=next((x for x in c if isinstance(x, int)), 0),
        )

    def heads_of(self, c: list) -> int:
        return int(c[0])

    def until_tails(self, c: list) -> _Flag:
        return _Flag("until_tails")

    @v_args(meta=True)
    def move_energy(self, meta: Meta, c: list) -> ir.MoveEnergy:
        words = [str(x) for x in c if isinstance(x, Token) and x.type == "NAME"]
        names = tuple(unquote(x) for x in c if isinstance(x, Token) and x.type == "STRING")
        return ir.MoveEnergy(
            span=self._span(meta), energy_type=words[0], source=words[1], target=words[2], names=names
        )

    @v_args(meta=True)
    def flip_until_tails(self, meta: Meta, c: list) -> ir.FlipUntilTails:
        return ir.FlipUntilTails(span=self._span(meta))

    @v_args(meta=True)
    def boost(self, meta: Meta, c: list) -> ir.Boost:
        names = tuple(unquote(x) for x in c[:-1])
        return ir.Boost(span=self._span(meta), amount=int(c[-1]), names=names)

    @v_args(meta=True)
    def convert_energy(self, meta: Meta, c: list) -> ir.ConvertEnergy:
        return ir.ConvertEnergy(span=self._span(meta), target=str(c[0]), energy_type=str(c[1]))

    def choice_discard(self, c: list) -> tuple[str, int]:
        return ("discard", 0)

    def choice_discard_heal(self, c: list) -> tuple[str, int]:
        return ("discard_heal", int(c[0]))

    def choice_scoop_up(self, c: list) -> tuple[str, int]:
        return ("scoop_up", 0)

    def choice_devolve(self, c: list) -> tuple[str, int]:
        return ("devolve", 0)

    def choice_put_on_basic(self, c: list) -> tuple[str, int]:
        return ("put_on_basic", 0)

    def choice_to_hand(self, c: list) -> tuple[str, int]:
        return ("to_hand", 0)

    def choice_to_deck(self, c: list) -> tuple[str, int]:
        return ("to_deck", 0)

    def choice_to_top(self, c: list) -> tuple[str, int]:
        return ("to_top", 0)

    def choice_to_bench(self, c: list) -> tuple[str, int]:
        return ("to_bench", 0)

    def choice_to_bench_half(self, c: list) -> tuple[str, int]:
        return ("to_bench_half", 0)

    @v_args(meta=True)
    def attach(self, meta: Meta, c: list) -> ir.Attach:
        kind, amount = c[2]
        extra = {"dealt_more": amount} if kind == "deals" else {"taken_less": amount}
        return ir.Attach(span=self._span(meta), target=str(c[0]), until=str(c[1]), **extra)

    def attach_deals(self, c: list) -> tuple[str, int]:
        return ("deals", int(c[0]))

    def attach_takes(self, c: list) -> tuple[str, int]:
        return ("takes", int(c[0]))

    @v_args(meta=True)
    def once_a_turn(self, meta: Meta, c: list) -> ir.OnceATurn:
        return ir.OnceATurn(span=self._span(meta), active_only=bool(c))

    def in_active_spot(self, c: list) -> bool:
        return True

    @v_args(meta=True)
    def heal_each(self, meta: Meta, c: list) -> ir.HealEach:
        return ir.HealEach(span=self._span(meta), amount=int(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def take_less(self, meta: Meta, c: list) -> ir.TakeLess:
        return ir.TakeLess(span=self._span(meta), amount=int(c[0]))

    @v_args(meta=True)
    def supporter_lock(self, meta: Meta, c: list) -> ir.SupporterLock:
        return ir.SupporterLock(span=self._span(meta), when=c[0])

    def lock_next_turn(self, c: list) -> str:
        return "next_turn"

    def lock_while_active(self, c: list) -> str:
        return "while_active"

    @v_args(meta=True)
    def lasting(self, meta: Meta, c: list) -> ir.Lasting:
        what, amount = c[1]
        return ir.Lasting(span=self._span(meta), what=what, target=str(c[0]), amount=amount)

    def lasting_no_attack(self, c: list) -> tuple[str, int]:
        return ("no_attack", 0)

    def lasting_no_retreat(self, c: list) -> tuple[str, int]:
        return ("no_retreat", 0)

    def lasting_deals_less(self, c: list) -> tuple[str, int]:
        return ("deals_less", int(c[0]))

    def lasting_takes_less(self, c: list) -> tuple[str, int]:
        return ("takes_less", int(c[0]))

    @v_args(meta=True)
    def once(self, meta: Meta, c: list) -> ir.Once:
        return ir.Once(span=self._span(meta))

    @v_args(meta=True)
    def unspecified(self, meta: Meta, c: list) -> ir.Unspecified:
        return ir.Unspecified(span=self._span(meta), text=unquote(c[0]))

    # cards
    def evolves_from(self, c: list) -> tuple[str, str]:
        return ("evolves_from", unquote(c[0]))

    def weakness(self, c: list) -> tuple[str, str]:
        return ("weakness", str(c[0]))

    def resistance(self, c: list) -> tuple[str, str]:
        return ("resistance", str(c[0]))

    def retreat(self, c: list) -> tuple[str, int]:
        return ("retreat", int(c[0]))

    def damage(self, c: list) -> tuple[int, str | None]:
        return (int(c[0]), str(c[1]) if len(c) > 1 else None)

    @v_args(meta=True)
    def attack(self, meta: Meta, c: list) -> ir.Attack:
        name, cost = unquote(c[0]), c[1]
        dmg, suffix, effect = 0, None, None
        for part in c[2:]:
            if isinstance(part, tuple) and len(part) == 2 and isinstance(part[0], int):
                dmg, suffix = part
            else:
                effect = part
        return ir.Attack(
            span=self._span(meta),
            name=name,
            cost=tuple(cost.value),
            damage=dmg,
            damage_suffix=suffix,
            effect=effect,
        )

    @v_args(meta=True)
    def power(self, meta: Meta, c: list) -> ir.Power:
        return ir.Power(span=self._span(meta), name=unquote(c[0]), effect=c[1])

    @v_args(meta=True)
    def pokemon(self, meta: Meta, c: list) -> ir.Pokemon:
        fields: dict[str, object] = {"evolves_from": None, "weakness": None, "resistance": None, "retreat": 0}
        stage, rest = str(c[0]), list(c[1:])
        ex = bool(rest) and isinstance(rest[0], Token) and rest[0].type == "EX"
        if ex:
            rest = rest[1:]
        fields["ex"] = ex
        hp_type: list[Token] = []
        powers: list[ir.Power] = []
        attacks: list[ir.Attack] = []
        for part in rest:
            if isinstance(part, tuple):
                fields[part[0]] = part[1]
            elif isinstance(part, ir.Power):
                powers.append(part)
            elif isinstance(part, ir.Attack):
                attacks.append(part)
            else:
                hp_type.append(part)
        return ir.Pokemon(
            span=self._span(meta),
            stage=stage,
            hp=int(hp_type[0]),
            type=str(hp_type[1]),
            powers=tuple(powers),
            attacks=tuple(attacks),
            **fields,  # type: ignore[arg-type]
        )

    @v_args(meta=True)
    def trainer(self, meta: Meta, c: list) -> ir.Trainer:
        supporter = isinstance(c[0], Token) and c[0].type == "SUPPORTER"
        return ir.Trainer(span=self._span(meta), effect=c[-1], supporter=supporter)

    @v_args(meta=True)
    def energy(self, meta: Meta, c: list) -> ir.Energy:
        return ir.Energy(span=self._span(meta), category=str(c[0]), provides=tuple(c[1].value))

    @v_args(meta=True)
    def card(self, meta: Meta, c: list) -> ir.Card:
        return ir.Card(span=self._span(meta), name=unquote(c[0]), id=str(c[1]), body=c[2])

    # decks
    @v_args(meta=True)
    def deck_entry(self, meta: Meta, c: list) -> ir.DeckEntry:
        ref = c[1]
        is_name = ref.type == "STRING"
        return ir.DeckEntry(
            span=self._span(meta),
            count=int(c[0]),
            name=unquote(ref) if is_name else None,
            card_id=None if is_name else str(ref),
        )

    @v_args(meta=True)
    def deck(self, meta: Meta, c: list) -> ir.Deck:
        energy = c[1] if len(c) > 1 and isinstance(c[1], tuple) and c[1][0] == "energy" else None
        entries = tuple(e for e in c[1:] if isinstance(e, ir.DeckEntry))
        return ir.Deck(
            span=self._span(meta), name=unquote(c[0]), entries=entries, energy=energy[1] if energy else ()
        )

    def deck_energy(self, c: list) -> tuple[str, tuple[str, ...]]:
        return ("energy", tuple(c[0].value))

    def start(self, c: list) -> tuple:
        return tuple(c)


_TERMINAL_WORDS = {
    "STRING": "a quoted string",
    "INT": "a number",
    "NAME": "a name",
    "CARD_ID": "a card id like base1-4",
    "DAMAGE_SUFFIX": "'x', '+' or '-'",
    "SIGNED": "a signed number like +1",
    "STAGE_WAY": "'raise' or 'lower'",
    "ALWAYS": "'always'",
    "$END": "the end of the file",
}


def _describe_expected(expected: set[str], parser: Lark) -> list[str]:
    by_name = {t.name: t for t in parser.terminals}
    words = []
    for name in sorted(expected):
        if name in _TERMINAL_WORDS:
            words.append(_TERMINAL_WORDS[name])
        elif name in by_name and by_name[name].pattern.type == "str":
            words.append(f"'{by_name[name].pattern.value}'")
        else:
            words.append(name.lower())
    return sorted(set(words))


def _keywords_in(words: list[str]) -> list[str]:
    return [w.strip("'") for w in words if w.startswith("'") and w.strip("'").isidentifier()]


def syntax_diagnostic(path: str, text: str, err: UnexpectedInput, parser: Lark) -> Diagnostic:
    """A Lark syntax error as a diagnostic: where, what came, what was expected (and a close keyword)."""
    line, col = err.line or 1, err.column or 1
    span = Span(path, line, col, line, col)
    if isinstance(err, UnexpectedToken):
        words = _describe_expected(set(err.expected), parser)
        got = "end of file" if err.token.type == "$END" else repr(str(err.token))
        hint = None
        close = difflib.get_close_matches(str(err.token), _keywords_in(words), n=1)
        if close:
            hint = f"did you mean '{close[0]}'?"
        return Diagnostic("E001", "error", f"unexpected {got}; expected {' or '.join(words)}", span, hint)
    if isinstance(err, UnexpectedCharacters):
        ch = text[err.pos_in_stream] if err.pos_in_stream < len(text) else "?"
        return Diagnostic(
            "E002",
            "error",
            f"unexpected character {ch!r}",
            span,
            "strings need double quotes and names are lower_case",
        )
    return Diagnostic("E003", "error", f"syntax error: {err}", span)


def header_comments(text: str) -> tuple[str, ...]:
    header = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            header.append(stripped)
        elif stripped:
            break
        elif header:
            header.append("")
    while header and header[-1] == "":
        header.pop()
    return tuple(header)


def parse_text(text: str, path: str) -> ir.SpecFile | Diagnostic:
    """Parse one file's text; returns its IR, or the syntax error as a diagnostic."""
    try:
        tree = tcg_parser().parse(text)
    except UnexpectedInput as err:
        return syntax_diagnostic(path, text, err, tcg_parser())
    items = _ToIR(path).transform(tree)
    return ir.SpecFile(span=Span(path, 1, 1, 1, 1), path=path, header=header_comments(text), items=items)
