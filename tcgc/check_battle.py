"""Names and types of the battle dialect: parsed `.battle` files -> `BattleGame`, every diagnostic at once."""

from __future__ import annotations

from collections.abc import Iterable

from tcgc import ir
from tcgc import ir_battle as bir
from tcgc.check import Checker, did_you_mean
from tcgc.diagnostics import Diagnostic, Span

#: every setting of a battle ruleset and its kind of value
RULE_KEYS: dict[str, str] = {
    "team_size": "int",
    "moves_per_pokemon": "int",
    "level": "int",
    "dv": "int",
    "stat_exp": "int",
    "stats": "names",
    "special_types": "names",
    "statuses": "names",
    "secondary_same_type_blocks": "names",
    "status_moves_check_types": "names",
    "sleep_turns": "int int",
    "full_paralysis": "int",
    "paralysis_speed_divisor": "int",
    "burn_attack_divisor": "int",
    "residual_divisor": "int",
    "random_factor": "int int",
    "damage_cap": "int",
    "stab": "int int",
    "multi_hit_table": "ints",
    "confusion_turns": "int int",
    "confusion_self_hit": "int",
    "confusion_self_hit_power": "int",
    "confusion_chance_penalty": "int",
    "seed_immune_types": "names",
    "seed_divisor": "int",
    "stage_multipliers": "ints",
    "max_stage": "int",
    "stat_cap": "int",
    "crit_speed_divisor": "int",
    "crit_high_multiplier": "int",
    "turn_limit": "int",
    "struggle": "string",
    "partial_trap_turns": "ints",
    "last_damage_kept_by": "strings",
    "substitute_blocks_statuses": "names",
    "clauses": "names",
    "thaw_by_secondary": "name",
    "pp_ups": "int",
    "pp_cap": "int",
}
#: the major status conditions the engines implement (a ruleset lists the ones it uses)
STATUS_PRIMITIVES = ("slp", "frz", "par", "brn", "psn", "tox")
#: the stats every battle ruleset names (hp first; `spc` is the one special stat)
REQUIRED_STATS = ("hp", "atk", "def", "spc", "spe")
#: stages that are not stats: accuracy and evasion
EXTRA_STAGES = ("acc", "eva")
TARGETS = ("foe", "self")
CRITS = ("normal", "high")
#: the clause mods the engines implement
CLAUSES = ("sleep", "freeze")
#: the most PP a move may have (Gen 1 PP is a 6-bit counter)
MAX_PP = 63


class BattleChecker(Checker):
    def rules(self, node: bir.BattleRules) -> bir.BattleRuleSet | None:  # type: ignore[override]
        values, written = self.settings(node.settings, RULE_KEYS, f'rules "{node.name}"')
        for key in RULE_KEYS:
            if key not in written:
                self.error(
                    "E205", f"rules \"{node.name}\" is missing setting '{key}' ({RULE_KEYS[key]})", node.span
                )
        if any(k not in values for k in RULE_KEYS):
            return None
        self.names_in(values["statuses"], STATUS_PRIMITIVES, "status", node.span)  # type: ignore[arg-type]
        self.names_in(values["secondary_same_type_blocks"], values["statuses"], "status", node.span)  # type: ignore[arg-type]
        self.names_in(values["substitute_blocks_statuses"], values["statuses"], "status", node.span)  # type: ignore[arg-type]
        self.names_in(values["clauses"], CLAUSES, "clause", node.span)  # type: ignore[arg-type]
        self.names_in([values["thaw_by_secondary"]], values["statuses"], "status", node.span)  # type: ignore[arg-type,list-item]
        stats = tuple(values["stats"])  # type: ignore[arg-type]
        if stats[:1] != ("hp",) or sorted(stats) != sorted(REQUIRED_STATS):
            self.error(
                "E206", f"stats must be hp then {', '.join(REQUIRED_STATS[1:])} in any order", node.span
            )
        max_stage = int(values["max_stage"])  # type: ignore[arg-type]
        if len(values["stage_multipliers"]) != 2 * max_stage + 1:  # type: ignore[arg-type]
            self.error(
                "E206", f"stage_multipliers needs {2 * max_stage + 1} numbers (stages -max..+max)", node.span
            )
        low, high = values["random_factor"]  # type: ignore[misc]
        if not 1 <= low <= high <= 255:
            self.error("E206", "random_factor needs 1 <= low <= high <= 255", node.span)
        if not 0 <= int(values["pp_ups"]) <= 3 or not 1 <= int(values["pp_cap"]) <= MAX_PP:  # type: ignore[arg-type]
            self.error("E206", f"pp_ups is between 0 and 3, pp_cap between 1 and {MAX_PP}", node.span)
        for key in ("team_size", "moves_per_pokemon", "level", "residual_divisor", "turn_limit", "stat_cap"):
            if int(values[key]) < 1:  # type: ignore[arg-type]
                self.error("E206", f"setting '{key}' must be at least 1", node.span)
        if any(d.severity == "error" for d in self.diags):
            return None
        return bir.BattleRuleSet(name=node.name, **values)  # type: ignore[arg-type]

    def type_chart(
        self, nodes: list[bir.Types], rules: bir.BattleRuleSet, root: str
    ) -> tuple[bir.TypeRule, ...]:
        if not nodes:
            self.error("E101", "no types block", Span(root, 1, 1, 1, 1), "add `types { normal: ...; }`")
            return ()
        entries = [e for n in nodes for e in n.entries]
        names = [e.name for e in entries]
        out = []
        for e in entries:
            if names.count(e.name) > 1 and names.index(e.name) != entries.index(e):
                self.error("E307", f"type '{e.name}' is defined twice", e.span)
            self.names_in(e.status_immunity, rules.statuses, "status", e.span)
            tenths = dict.fromkeys(names, 10)
            for m in e.matchups:
                self.names_in(m.defenders, names, "type", m.span)
                for d in m.defenders:
                    tenths[d] = {"super": 20, "resisted": 5, "immune": 0}[m.how]
            out.append(bir.TypeRule(name=e.name, tenths=tenths, status_immunity=e.status_immunity))
        self.names_in(rules.special_types, names, "type", nodes[0].span)
        self.names_in(rules.status_moves_check_types, names, "type", nodes[0].span)
        self.names_in(rules.seed_immune_types, names, "type", nodes[0].span)
        return tuple(out)

    def stmt(
        self, st: bir.BattleStmt, rules: bir.BattleRuleSet, move: bir.MoveDef, nested: bool = False
    ) -> None:
        if isinstance(st, bir.Chance):
            if not 1 <= st.percent <= 100:
                self.error("E206", f"{move.name}: a chance is between 1% and 100%", st.span)
            if nested or not isinstance(
                st.body, bir.InflictStatus | bir.StageChange | bir.Flinch | bir.Confuse
            ):
                message = f"{move.name}: a chance holds one status, stage, flinch or confuse statement"
                self.error("E301", message, st.span)
            self.stmt(st.body, rules, move, nested=True)
        elif isinstance(st, bir.InflictStatus):
            self.names_in([st.status], rules.statuses, "status", st.span)
            self.names_in([st.target], ("foe",), "target", st.span)
        elif isinstance(st, bir.FixedDamage):
            if st.mode == "number" and not 1 <= st.amount <= 999:
                self.error("E206", f"{move.name}: fixed damage is between 1 and 999", st.span)
        elif isinstance(st, bir.Recoil | bir.Drain | bir.HealSelf):
            if not 1 <= st.num <= st.den:
                self.error("E206", f"{move.name}: a fraction N/D needs 1 <= N <= D", st.span)
        elif isinstance(st, bir.Rest):
            if not 1 <= st.turns <= 7:
                self.error("E206", f"{move.name}: sleep between 1 and 7 turns", st.span)
        elif isinstance(st, bir.Hits):
            table = rules.multi_hit_table
            if not 1 <= st.low <= st.high <= 9:
                self.error("E206", f"{move.name}: hits needs 1 <= low <= high <= 9", st.span)
            elif st.low < st.high and (min(table), max(table)) != (st.low, st.high):
                message = f"{move.name}: `hits {st.low} to {st.high}` must match the rules' multi_hit_table"
                self.error("E206", message, st.span)
        elif isinstance(st, bir.RequiresStatus):
            self.names_in([st.status], rules.statuses, "status", st.span)
        elif isinstance(st, bir.Screen):
            self.names_in([st.stat], ("def", "spc"), "screened stat", st.span)
        elif isinstance(st, bir.CrashOnMiss):
            if not 1 <= st.amount <= 999:
                self.error("E206", f"{move.name}: crash damage is between 1 and 999", st.span)
        elif isinstance(st, bir.Rampage | bir.Bide | bir.Disable):
            if not 1 <= st.low <= st.high <= 15:
                self.error("E206", f"{move.name}: '{st.kind}' needs 1 <= N <= M <= 15 turns", st.span)
        elif isinstance(st, bir.Rage):
            self.names_in([st.stat], [*rules.stats[1:], *EXTRA_STAGES], "stat", st.span)
            if not 1 <= st.delta <= rules.max_stage:
                self.error("E206", f"{move.name}: a stage change is between 1 and {rules.max_stage}", st.span)
        elif isinstance(st, bir.Substitute):
            if not 1 <= st.num < st.den:
                self.error("E206", f"{move.name}: a substitute costs N/D with 1 <= N < D", st.span)
        elif isinstance(st, bir.StageChange):
            self.names_in([st.stat], [*rules.stats[1:], *EXTRA_STAGES], "stat", st.span)
            self.names_in([st.target], TARGETS, "target", st.span)
            if not 1 <= abs(st.delta) <= rules.max_stage:
                self.error("E206", f"{move.name}: a stage change is between 1 and {rules.max_stage}", st.span)

    def move(
        self,
        m: bir.MoveDef,
        rules: bir.BattleRuleSet,
        types: list[str],
        holes: list[ir.Hole],
        move_names: list[str] = (),  # type: ignore[assignment]
    ) -> bir.Move:
        self.names_in([m.type], types, "type", m.span)
        self.names_in([m.crit], CRITS, "critical-hit rate", m.span)
        self.names_in([m.target], TARGETS, "target", m.span)
        if m.accuracy is not None and not 1 <= m.accuracy <= 100:
            self.error("E206", f"{m.name}: accuracy is between 1 and 100 (or `always`)", m.span)
        if not 1 <= m.pp <= MAX_PP:
            self.error("E206", f"{m.name}: pp is between 1 and {MAX_PP}", m.span)
        if m.power is not None and not 1 <= m.power <= 255:
            self.error("E206", f"{m.name}: power is between 1 and 255", m.span)
        if not -7 <= m.priority <= 7:
            self.error("E206", f"{m.name}: priority is between -7 and +7", m.span)
        repeatable = bir.Chance | bir.InflictStatus | bir.StageChange | bir.Screen
        singles = [st.kind for st in m.effect if not isinstance(st, repeatable)]
        for kind in sorted({k for k in singles if singles.count(k) > 1 and k != "unspecified"}):
            self.error("E301", f"{m.name}: '{kind.replace('_', ' ')}' is given twice", m.span)
        fixed = any(isinstance(st, bir.FixedDamage | bir.Ohko) for st in m.effect)
        if m.power is not None and fixed:
            self.error("E301", f"{m.name}: a move with fixed damage or a knock out has no power", m.span)
        needs_damage = (
            bir.Recoil, bir.Drain, bir.Hits, bir.Recharge, bir.HalveDefense, bir.Charge, bir.PartialTrap,
            bir.Rampage, bir.Rage,
        )  # fmt: skip
        for st in m.effect:
            if isinstance(st, needs_damage) and m.power is None and not fixed:
                message = f"{m.name}: '{st.kind.replace('_', ' ')}' needs a move that deals damage"
                self.error("E301", message, st.span)
            self.stmt(st, rules, m)
            if isinstance(st, bir.Counter):
                self.names_in(st.types, types, "type", st.span)
            if isinstance(st, bir.Counter | bir.Bide) and not 1 <= st.multiplier <= 9:
                self.error("E206", f"{m.name}: a damage multiple is between 1x and 9x", st.span)
            if isinstance(st, bir.CallRandom):
                for name in st.excluded:
                    if name not in move_names:
                        hint = did_you_mean(name, move_names)
                        self.error("E401", f'{m.name}: "{name}" is not a move of the spec', st.span, hint)
            if isinstance(st, bir.Transform) and not 1 <= st.pp <= MAX_PP:
                self.error("E206", f"{m.name}: a transformed move's PP is between 1 and {MAX_PP}", st.span)
            if isinstance(st, ir.Unspecified):
                holes.append(
                    ir.Hole(
                        card_id=f"move {m.num}", card_name=m.name, where="effect", text=st.text, span=st.span
                    )
                )
        return bir.Move(
            name=m.name,
            num=m.num,
            type=m.type,
            power=m.power or 0,
            accuracy=m.accuracy,
            pp=m.pp,
            priority=m.priority,
            high_crit=m.crit == "high",
            self_target=m.target == "self",
            effect=m.effect,
            span=m.span,
        )

    def species(
        self, s: bir.SpeciesDef, rules: bir.BattleRuleSet, types: list[str], moves: dict[str, int]
    ) -> bir.Species:
        self.names_in(s.types, types, "type", s.span)
        if not 1 <= len(s.types) <= 2:
            self.error("E206", f"{s.name}: a species has one or two types", s.span)
        if len(s.base) != len(rules.stats):
            self.error(
                "E206", f"{s.name}: base needs {len(rules.stats)} numbers ({' '.join(rules.stats)})", s.span
            )
        for name in s.learns:
            if name not in moves:
                self.error(
                    "E401", f'{s.name} learns unknown move "{name}"', s.span, did_you_mean(name, moves)
                )
        return bir.Species(
            name=s.name,
            num=s.num,
            types=s.types,
            base=dict(zip(rules.stats, s.base, strict=False)),
            learns=s.learns,
            span=s.span,
        )

    def team(
        self, t: bir.Team, rules: bir.BattleRuleSet, species: list[bir.Species], moves: dict[str, int]
    ) -> bir.BattleTeam | None:
        index = {s.name: k for k, s in reversed(list(enumerate(species)))}
        ok = True
        if not 1 <= len(t.members) <= rules.team_size:
            self.error(
                "E402",
                f'team "{t.name}" has {len(t.members)} Pokemon; a team has 1 to {rules.team_size}',
                t.span,
            )
            ok = False
        members = []
        for m in t.members:
            if m.species not in index:
                hint = did_you_mean(m.species, index)
                self.error("E401", f'team "{t.name}": unknown species "{m.species}"', m.span, hint)
                ok = False
                continue
            sp = species[index[m.species]]
            if not 1 <= len(m.moves) <= rules.moves_per_pokemon:
                message = (
                    f'team "{t.name}": {m.species} has {len(m.moves)} moves; 1 to {rules.moves_per_pokemon}'
                )
                self.error("E402", message, m.span)
                ok = False
            for name in _repeated(m.moves):
                self.error("E403", f'team "{t.name}": {m.species} has "{name}" twice', m.span)
                ok = False
            for name in m.moves:
                if name not in moves:
                    self.error(
                        "E401", f'team "{t.name}": unknown move "{name}"', m.span, did_you_mean(name, moves)
                    )
                    ok = False
                elif name not in sp.learns:
                    self.error("E404", f'team "{t.name}": {m.species} cannot learn "{name}"', m.span)
                    ok = False
            chosen = tuple(moves.get(n, 0) for n in m.moves)
            members.append(bir.TeamMember(species=index[m.species], moves=chosen))
        return bir.BattleTeam(name=t.name, members=tuple(members)) if ok else None

    def random_set(
        self, r: bir.RandomSet, species: list[bir.Species], moves: dict[str, int]
    ) -> bir.BattleRandomSet | None:
        """Species and moves must be the spec's and the level 1..100; a move the species cannot learn is
        only a warning (a generator may give it; the team check refuses it)."""
        index = {s.name: k for k, s in reversed(list(enumerate(species)))}
        where = f'random_set "{r.species}"'
        ok = True
        if r.species not in index:
            self.error(
                "E401", f'{where}: unknown species "{r.species}"', r.span, did_you_mean(r.species, index)
            )
            ok = False
        if not 1 <= r.level <= 100:
            self.error("E206", f"{where}: level {r.level} is not between 1 and 100", r.span)
            ok = False
        seen: dict[str, Span] = {}
        for p in r.pools:
            if p.pool in seen:
                self.error("E301", f"{where}: '{p.pool}' is given twice", p.span, f"first at {seen[p.pool]}")
                ok = False
            seen.setdefault(p.pool, p.span)
            for name in p.moves:
                if name not in moves:
                    hint = did_you_mean(name, moves)
                    self.error("E401", f'{where}: unknown move "{name}" in {p.pool}', p.span, hint)
                    ok = False
                elif r.species in index and name not in species[index[r.species]].learns:
                    message = f'{where}: {r.species} cannot learn "{name}" ({p.pool})'
                    self.warn("W402", message, p.span, "a team drawn from this set would not check")
        if not any(p.moves for p in r.pools):
            self.error("E402", f"{where} has no moves", r.span)
            ok = False
        if not ok:
            return None
        return bir.BattleRandomSet(
            species=index[r.species],
            level=r.level,
            **{
                pool: tuple(moves[n] for n in r.names(pool))
                for pool in ("moves", "essential", "exclusive", "combo")
            },
        )


def _repeated(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n in seen and n not in out:
            out.append(n)
        seen.add(n)
    return out


def _unique(ck: BattleChecker, items: list, what: str) -> None:
    first: dict[str, Span] = {}
    for it in items:
        if it.name in first:
            ck.error(
                "E307", f'{what} "{it.name}" is defined twice', it.span, f"first defined at {first[it.name]}"
            )
        first.setdefault(it.name, it.span)


def check_battle(
    files: list[bir.BattleFile], *, engine: str, root: str, spec_hash: str
) -> tuple[bir.BattleGame | None, list[Diagnostic]]:
    """Check the parsed files of one battle engine."""
    ck = BattleChecker()
    items = [it for f in files for it in f.items]
    rules_nodes = [it for it in items if isinstance(it, bir.BattleRules)]
    if not rules_nodes:
        ck.error(
            "E101", f"engine '{engine}' has no rules block", Span(root, 1, 1, 1, 1), "add a rules.battle"
        )
        return None, ck.diags
    for extra in rules_nodes[1:]:
        ck.error("E102", f"engine '{engine}' has a second rules block", extra.span)
    rules = ck.rules(rules_nodes[0])
    if rules is None:
        return None, ck.diags
    types = ck.type_chart([it for it in items if isinstance(it, bir.Types)], rules, root)
    type_names = [t.name for t in types]
    move_defs = [it for it in items if isinstance(it, bir.MoveDef)]
    species_defs = [it for it in items if isinstance(it, bir.SpeciesDef)]
    _unique(ck, move_defs, "move")
    _unique(ck, species_defs, "species")
    move_index = {m.name: k for k, m in reversed(list(enumerate(move_defs)))}
    holes: list[ir.Hole] = []
    moves = [ck.move(m, rules, type_names, holes, list(move_index)) for m in move_defs]
    species = [ck.species(s, rules, type_names, move_index) for s in species_defs]
    if rules.struggle not in move_index:
        ck.error(
            "E401", f'the struggle move "{rules.struggle}" is not a move of the spec', rules_nodes[0].span
        )
    # the engines keep one pool of moves for random calls: every `call random move` excludes the same
    calls = [st for m in move_defs for st in m.effect if isinstance(st, bir.CallRandom)]
    for st in calls[1:]:
        if sorted(st.excluded) != sorted(calls[0].excluded):
            message = "every `call random move` must exclude the same moves (the engines keep one pool)"
            ck.error("E301", message, st.span, f"the first is at {calls[0].span}")
    # a ruleset may name moves a smaller dex does not define; a warning still catches a typo
    for name in sorted(set(rules.last_damage_kept_by) - set(move_index)):
        message = f'last_damage_kept_by names "{name}", which is not a move of the spec'
        ck.warn("W401", message, rules_nodes[0].span, did_you_mean(name, list(move_index)))
    team_defs = [t for t in items if isinstance(t, bir.Team)]
    teams = [ck.team(t, rules, species, move_index) for t in team_defs]
    _unique(ck, team_defs, "team")
    set_defs = [r for r in items if isinstance(r, bir.RandomSet)]
    random_sets = [ck.random_set(r, species, move_index) for r in set_defs]
    first_set: dict[str, Span] = {}
    for r in set_defs:
        if r.species in first_set:
            message = f'random_set "{r.species}" is defined twice'
            ck.error("E307", message, r.span, f"first defined at {first_set[r.species]}")
        first_set.setdefault(r.species, r.span)
    if any(d.severity == "error" for d in ck.diags):
        return None, ck.diags
    game = bir.BattleGame(
        engine=engine,
        root=root,
        rules=rules,
        types=types,
        species=tuple(species),
        moves=tuple(moves),
        teams=tuple(t for t in teams if t is not None),
        random_sets=tuple(r for r in random_sets if r is not None),
        holes=tuple(holes),
        spec_hash=spec_hash,
        files=tuple(f.path for f in files),
    )
    for hole in holes:
        hint = "compiled as a no-op until a primitive expresses it"
        ck.warn("W100", f'unspecified effect in {hole.card_name} (move): "{hole.text}"', hole.span, hint)
    return game, ck.diags
