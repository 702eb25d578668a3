"""Battle dialect text -> IR (`tcgc.ir_battle`), with Lark (LALR, positions kept)."""

from __future__ import annotations

import functools
from importlib import resources

from lark import Lark, Token, UnexpectedInput, v_args
from lark.tree import Meta

from tcgc import ir
from tcgc import ir_battle as bir
from tcgc.diagnostics import Diagnostic, Span
from tcgc.parse import CoreToIR, header_comments, syntax_diagnostic, unquote


@functools.cache
def battle_parser() -> Lark:
    """The LALR parser of the battle dialect (built once per process)."""
    grammar_dir = resources.files("tcgc.grammar")
    return Lark(
        grammar_dir.joinpath("battle.lark").read_text(encoding="utf-8"),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=False,
        import_paths=[str(grammar_dir)],
        source_path=str(grammar_dir.joinpath("battle.lark")),
    )


class _ToIR(CoreToIR):
    """Builds battle IR nodes from the parse tree; no checking happens here."""

    # items
    @v_args(meta=True)
    def rules(self, meta: Meta, c: list) -> bir.BattleRules:
        return bir.BattleRules(span=self._span(meta), name=unquote(c[0]), settings=tuple(c[1:]))

    @v_args(meta=True)
    def types(self, meta: Meta, c: list) -> bir.Types:
        return bir.Types(span=self._span(meta), entries=tuple(c))

    @v_args(meta=True)
    def type_entry(self, meta: Meta, c: list) -> bir.TypeEntry:
        matchups = tuple(x for x in c[1:] if isinstance(x, bir.Matchup))
        immune = next((x for x in c[1:] if isinstance(x, tuple)), ())
        return bir.TypeEntry(span=self._span(meta), name=str(c[0]), matchups=matchups, status_immunity=immune)

    @v_args(meta=True)
    def super_matchup(self, meta: Meta, c: list) -> bir.Matchup:
        return bir.Matchup(span=self._span(meta), how="super", defenders=tuple(c[0].value))

    @v_args(meta=True)
    def resisted_matchup(self, meta: Meta, c: list) -> bir.Matchup:
        return bir.Matchup(span=self._span(meta), how="resisted", defenders=tuple(c[0].value))

    @v_args(meta=True)
    def immune_matchup(self, meta: Meta, c: list) -> bir.Matchup:
        return bir.Matchup(span=self._span(meta), how="immune", defenders=tuple(c[0].value))

    def status_immunity(self, c: list) -> tuple[str, ...]:
        return tuple(c[0].value)

    @v_args(meta=True)
    def species(self, meta: Meta, c: list) -> bir.SpeciesDef:
        learns = c[-1] if isinstance(c[-1], list) else []
        base = tuple(int(x) for x in c[3:] if isinstance(x, Token) and x.type == "INT")
        return bir.SpeciesDef(
            span=self._span(meta),
            name=unquote(c[0]),
            num=int(c[1]),
            types=tuple(c[2].value),
            base=base,
            learns=tuple(learns),
        )

    def learns(self, c: list[Token]) -> list[str]:
        return [unquote(t) for t in c]

    @v_args(meta=True)
    def move(self, meta: Meta, c: list) -> bir.MoveDef:
        opts: dict = {}
        for part in c[3:]:
            if isinstance(part, tuple) and len(part) == 2 and isinstance(part[0], str):
                opts[part[0]] = part[1]
        return bir.MoveDef(
            span=self._span(meta),
            name=unquote(c[0]),
            num=int(c[1]),
            type=str(c[2]),
            power=opts.get("power"),
            accuracy=opts["accuracy"],
            pp=int(next(t for t in c[3:] if isinstance(t, Token) and t.type == "INT")),
            priority=opts.get("priority", 0),
            crit=opts.get("crit", "normal"),
            target=opts.get("target", "foe"),
            effect=opts.get("block", ()),
        )

    def power(self, c: list[Token]) -> tuple[str, int]:
        return ("power", int(c[0]))

    def accuracy(self, c: list[Token]) -> tuple[str, int | None]:
        return ("accuracy", None if c[0].type == "ALWAYS" else int(c[0]))

    def priority(self, c: list[Token]) -> tuple[str, int]:
        return ("priority", int(c[0]))

    def crit(self, c: list[Token]) -> tuple[str, str]:
        return ("crit", str(c[0]))

    def target(self, c: list[Token]) -> tuple[str, str]:
        return ("target", str(c[0]))

    def block(self, c: list) -> tuple[str, tuple]:
        return ("block", tuple(c))

    @v_args(meta=True)
    def chance(self, meta: Meta, c: list) -> bir.Chance:
        return bir.Chance(span=self._span(meta), percent=int(c[0]), body=c[1])

    @v_args(meta=True)
    def inflict(self, meta: Meta, c: list) -> bir.InflictStatus:
        return bir.InflictStatus(span=self._span(meta), status=str(c[0]), target=str(c[1]))

    @v_args(meta=True)
    def stage(self, meta: Meta, c: list) -> bir.StageChange:
        sign = 1 if str(c[0]) == "raise" else -1
        return bir.StageChange(
            span=self._span(meta), stat=str(c[1]), delta=sign * int(c[2]), target=str(c[3])
        )

    @v_args(meta=True)
    def fixed_damage(self, meta: Meta, c: list[Token]) -> bir.FixedDamage:
        tok = c[0]
        mode = {"INT": "number", "FIXED_LEVEL": "level", "FIXED_HALF": "half_hp", "FIXED_PSYWAVE": "psywave"}[
            tok.type
        ]
        return bir.FixedDamage(span=self._span(meta), mode=mode, amount=int(tok) if tok.type == "INT" else 0)  # type: ignore[arg-type]

    @v_args(meta=True)
    def ohko(self, meta: Meta, c: list) -> bir.Ohko:
        return bir.Ohko(span=self._span(meta))

    @v_args(meta=True)
    def recoil(self, meta: Meta, c: list[Token]) -> bir.Recoil:
        return bir.Recoil(span=self._span(meta), num=int(c[0]), den=int(c[1]))

    @v_args(meta=True)
    def drain(self, meta: Meta, c: list[Token]) -> bir.Drain:
        return bir.Drain(span=self._span(meta), num=int(c[0]), den=int(c[1]))

    @v_args(meta=True)
    def heal_self(self, meta: Meta, c: list[Token]) -> bir.HealSelf:
        return bir.HealSelf(span=self._span(meta), num=int(c[0]), den=int(c[1]))

    @v_args(meta=True)
    def rest(self, meta: Meta, c: list[Token]) -> bir.Rest:
        return bir.Rest(span=self._span(meta), turns=int(c[0]))

    @v_args(meta=True)
    def user_faints(self, meta: Meta, c: list) -> bir.UserFaints:
        return bir.UserFaints(span=self._span(meta))

    @v_args(meta=True)
    def halve_defense(self, meta: Meta, c: list) -> bir.HalveDefense:
        return bir.HalveDefense(span=self._span(meta))

    @v_args(meta=True)
    def flinch(self, meta: Meta, c: list) -> bir.Flinch:
        return bir.Flinch(span=self._span(meta))

    @v_args(meta=True)
    def recharge(self, meta: Meta, c: list) -> bir.Recharge:
        return bir.Recharge(span=self._span(meta))

    @v_args(meta=True)
    def hits(self, meta: Meta, c: list[Token]) -> bir.Hits:
        return bir.Hits(span=self._span(meta), low=int(c[0]), high=int(c[-1]))

    @v_args(meta=True)
    def requires_status(self, meta: Meta, c: list[Token]) -> bir.RequiresStatus:
        return bir.RequiresStatus(span=self._span(meta), status=str(c[0]))

    @v_args(meta=True)
    def crash(self, meta: Meta, c: list[Token]) -> bir.CrashOnMiss:
        return bir.CrashOnMiss(span=self._span(meta), amount=int(c[0]))

    @v_args(meta=True)
    def confuse(self, meta: Meta, c: list) -> bir.Confuse:
        return bir.Confuse(span=self._span(meta))

    @v_args(meta=True)
    def screen(self, meta: Meta, c: list[Token]) -> bir.Screen:
        return bir.Screen(span=self._span(meta), stat=str(c[0]))

    @v_args(meta=True)
    def focus_energy(self, meta: Meta, c: list) -> bir.FocusEnergy:
        return bir.FocusEnergy(span=self._span(meta))

    @v_args(meta=True)
    def mist(self, meta: Meta, c: list) -> bir.Mist:
        return bir.Mist(span=self._span(meta))

    @v_args(meta=True)
    def haze(self, meta: Meta, c: list) -> bir.Haze:
        return bir.Haze(span=self._span(meta))

    @v_args(meta=True)
    def seed(self, meta: Meta, c: list) -> bir.Seed:
        return bir.Seed(span=self._span(meta))

    @v_args(meta=True)
    def charge(self, meta: Meta, c: list) -> bir.Charge:
        return bir.Charge(span=self._span(meta), invulnerable=bool(c))

    @v_args(meta=True)
    def reaches(self, meta: Meta, c: list) -> bir.ReachesInvulnerable:
        return bir.ReachesInvulnerable(span=self._span(meta))

    @v_args(meta=True)
    def trap(self, meta: Meta, c: list) -> bir.PartialTrap:
        return bir.PartialTrap(span=self._span(meta))

    @v_args(meta=True)
    def rampage(self, meta: Meta, c: list[Token]) -> bir.Rampage:
        return bir.Rampage(span=self._span(meta), low=int(c[0]), high=int(c[1]))

    @v_args(meta=True)
    def rage(self, meta: Meta, c: list[Token]) -> bir.Rage:
        return bir.Rage(span=self._span(meta), stat=str(c[0]), delta=int(c[1]))

    @v_args(meta=True)
    def bide(self, meta: Meta, c: list[Token]) -> bir.Bide:
        return bir.Bide(span=self._span(meta), low=int(c[0]), high=int(c[1]), multiplier=int(str(c[2])[:-1]))

    @v_args(meta=True)
    def counter(self, meta: Meta, c: list) -> bir.Counter:
        return bir.Counter(span=self._span(meta), types=tuple(c[0].value), multiplier=int(str(c[1])[:-1]))

    @v_args(meta=True)
    def disable(self, meta: Meta, c: list[Token]) -> bir.Disable:
        return bir.Disable(span=self._span(meta), low=int(c[0]), high=int(c[1]))

    @v_args(meta=True)
    def copy_types(self, meta: Meta, c: list) -> bir.CopyTypes:
        return bir.CopyTypes(span=self._span(meta))

    @v_args(meta=True)
    def substitute(self, meta: Meta, c: list[Token]) -> bir.Substitute:
        return bir.Substitute(span=self._span(meta), num=int(c[0]), den=int(c[1]))

    @v_args(meta=True)
    def call_random(self, meta: Meta, c: list[Token]) -> bir.CallRandom:
        return bir.CallRandom(span=self._span(meta), excluded=tuple(unquote(t) for t in c))

    @v_args(meta=True)
    def call_foe_last(self, meta: Meta, c: list) -> bir.CallFoeLast:
        return bir.CallFoeLast(span=self._span(meta))

    @v_args(meta=True)
    def mimic(self, meta: Meta, c: list) -> bir.MimicMove:
        return bir.MimicMove(span=self._span(meta))

    @v_args(meta=True)
    def transform_into(self, meta: Meta, c: list[Token]) -> bir.Transform:
        return bir.Transform(span=self._span(meta), pp=int(c[0]))

    @v_args(meta=True)
    def unspecified(self, meta: Meta, c: list) -> ir.Unspecified:
        return ir.Unspecified(span=self._span(meta), text=unquote(c[0]))

    @v_args(meta=True)
    def member(self, meta: Meta, c: list) -> bir.Member:
        return bir.Member(
            span=self._span(meta), species=unquote(c[0]), moves=tuple(unquote(t) for t in c[1:])
        )

    @v_args(meta=True)
    def team(self, meta: Meta, c: list) -> bir.Team:
        return bir.Team(span=self._span(meta), name=unquote(c[0]), members=tuple(c[1:]))

    @v_args(meta=True)
    def random_pool(self, meta: Meta, c: list[Token]) -> bir.RandomPool:
        return bir.RandomPool(
            span=self._span(meta),
            pool=str(c[0]),
            moves=tuple(unquote(t) for t in c[1:]),  # type: ignore[arg-type]
        )

    @v_args(meta=True)
    def random_set(self, meta: Meta, c: list) -> bir.RandomSet:
        return bir.RandomSet(
            span=self._span(meta), species=unquote(c[0]), level=int(c[1]), pools=tuple(c[2:])
        )

    def start(self, c: list) -> tuple:
        return tuple(c)


def parse_battle_text(text: str, path: str) -> bir.BattleFile | Diagnostic:
    """Parse one battle file's text; returns its IR, or the syntax error as a diagnostic."""
    parser = battle_parser()
    try:
        tree = parser.parse(text)
    except UnexpectedInput as err:
        return syntax_diagnostic(path, text, err, parser)
    items = _ToIR(path).transform(tree)
    return bir.BattleFile(span=Span(path, 1, 1, 1, 1), path=path, header=header_comments(text), items=items)
