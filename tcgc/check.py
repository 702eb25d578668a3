"""Names and types: the parsed files of one engine -> `ir.Game`, plus every diagnostic at once.

Nothing here stops at the first problem: each check appends to a list, and the caller renders all.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

from tcgc import ir
from tcgc.diagnostics import Diagnostic, Span

STAGES = ("basic", "stage1", "stage2")
ENERGY_CATEGORIES = ("basic", "special")
COIN_FACES = ("heads", "tails")
EFFECT_TARGETS = ("defending", "self")
QUANTITIES = ("damage_counter", "energy")
DAMAGE_MODIFIERS = (
    ir.TimesHeads,
    ir.TimesCount,
    ir.MoreDamage,
    ir.LessDamage,
    ir.DoesNothing,
    ir.HalfHp,
    ir.FlipUntilTails,
)
#: the most a `boost` adds (the engines pack it with the card index and the turn)
MAX_BOOST = 150
CHOICE_WHAT = (
    "card",
    "trainer",
    "energy_card",
    "basic_energy",
    "basic_pokemon",
    "evolution_card",
    "pokemon_card",
    "stage2_card",
)
CHOICE_SOURCES = (
    "own_hand",
    "own_discard",
    "own_deck",
    "own_looked",
    "opponent_discard",
    "own_pokemon",
    "opponent_pokemon",
    "defending",
)
ATTACHED_SOURCES = ("own_pokemon", "opponent_pokemon", "defending")
SHUFFLED_HANDS = ("own_hand", "opponent_hand", "both_hands")
#: the most cards `look at top` reveals
MAX_LOOK = 15
#: the most Energy a card may provide (the engine packs 2 bits per type)
MAX_BECOME_ENERGY = 3
PLAYS_AS_OPTIONS = ("cannot_retreat", "no_special_conditions", "no_prize", "discard_any_time")
# the sources each choice action works on
CHOICE_ACTIONS = {
    "discard": ("own_hand", *ATTACHED_SOURCES),
    "discard_heal": ("own_pokemon",),
    "to_hand": ("own_discard", "own_deck"),
    "to_deck": ("own_hand",),
    "to_top": ("own_looked",),
    "to_bench": ("own_discard", "opponent_discard"),
    "to_bench_half": ("own_discard", "opponent_discard"),
    "attach": ("own_hand", "own_pokemon"),
    "scoop_up": ("own_pokemon",),
    "devolve": ("own_pokemon",),
    "put_on_basic": ("own_hand",),
}
# what each of these actions picks
ACTION_PICKS = {"scoop_up": "basic_pokemon", "devolve": "evolution_card", "put_on_basic": "stage2_card"}
#: the most picks one program may ask for
MAX_PICKS = 8
POWER_STATEMENTS = (
    ir.Retaliate,
    ir.Choose,
    ir.MoveDamage,
    ir.ConvertEnergy,
    ir.BecomeEnergy,
    ir.TakeLess,
    ir.SupporterLock,
)
#: what a power that runs a program (`once a turn`) may hold besides its picks
PROGRAM_POWER_STATEMENTS = (
    ir.OnceATurn,
    ir.DamageChosen,
    ir.ZoneAttach,
    ir.Inflict,
    ir.Switch,
    ir.Look,
    ir.Choose,
    ir.Draw,
    ir.HealEach,
    ir.IfFlip,
    ir.Cure,
)
#: powers that work without an action (card tables)
PASSIVE_POWER_STATEMENTS = (ir.Retaliate, ir.TakeLess, ir.SupporterLock)
#: the most damage a lasting effect or `take N less damage` changes
MAX_LASTING = 150
ATTACH_TARGETS = ("own_active", "own_pokemon")
ATTACH_ENDS = ("end_of_turn", "end_of_opponent_turn")
SWITCH_FORMS = {("own_active", "own_bench"), ("opponent_active", "opponent_bench")}
DAMAGE_CHOSEN_TARGETS = ("opponent_pokemon", "opponent_bench", "own_bench")
DISCARD_RANDOM_FORMS = {("energy", "defending"), ("card", "opponent_hand")}
BLOCKABLE = ("attack", "retreat")
CLEARING_EVENTS = ("evolve", "retreat")
WIN_CONDITIONS = ("last_prize", "no_pokemon", "deck_out")


def _card_statements(card: ir.Card) -> list[ir.Stmt]:
    """Every effect statement of a card (attacks, powers, a Trainer), flip blocks included."""
    body = card.body
    if isinstance(body, ir.Pokemon):
        blocks = [a.effect or () for a in body.attacks] + [p.effect for p in body.powers]
    elif isinstance(body, ir.Trainer):
        blocks = [body.effect]
    else:
        blocks = []
    return [st for block in blocks for st in _walk(block)]


def _walk(stmts: tuple[ir.Stmt, ...]) -> list[ir.Stmt]:
    """Every statement of a program, flip blocks included, in reading order."""
    out: list[ir.Stmt] = []
    for st in stmts:
        out.append(st)
        if isinstance(st, ir.IfFlip):
            out += _walk(st.body) + _walk(st.orelse)
    return out


# key -> kind. int: one non-negative integer; bool: yes|no; name: one name; names: a [list];
# flag: no value (condition settings only).
RULE_KEYS: dict[str, str] = {
    "deck_size": "int",
    "max_copies": "int",
    "copies_exempt": "name",
    "opening_hand": "int",
    "mulligan_extra_draw": "int",
    "prizes": "int",
    "bench_size": "int",
    "energy_attach_per_turn": "int",
    "retreat_per_turn": "int",
    "first_player_draws": "bool",
    "first_turn_attack": "bool",
    "evolve_same_turn": "bool",
    "evolve_first_turn": "bool",
    "weakness_multiplier": "int",
    "resistance_reduction": "int",
    "energy_types": "names",
    "colorless": "name",
    "conditions_cleared_by": "names",
    "powers_blocked_by": "names",
    "win_by": "names",
    "turn_limit": "int",
}
#: Settings a ruleset may leave out, with their value when it does (the classic game's).
RULE_OPTIONAL: dict[str, tuple[str, object]] = {
    "weakness_bonus": ("int", 0),  # damage added on top of the multiplier (TCG Pocket: +20, multiplier 1)
    "prize_cards": ("bool", True),  # no: Prizes are points, no cards are set aside
    "ex_prizes": ("int", 2),  # what a Pokemon ex's Knock Out gives
    "supporters_per_turn": ("int", -1),  # -1: no limit
    "energy_zone": ("bool", False),  # Energy is generated each turn from the deck's types, not drawn
    "energy_zone_tokens": ("int", 0),  # Energy a player's zone can hold out at once (attached or offered)
    "first_turn_energy": ("bool", True),  # no: the first player gets no Energy on the first turn
    "deck_energy_types": ("int", 3),  # with energy_zone: at most this many types per deck
    "hand_limit": ("int", 0),  # a player holding this many cards draws nothing; 0: no limit
}
CONDITION_KEYS: dict[str, str] = {
    "exclusive": "flag",
    "blocks": "names",
    "between_turns_flip_cure": "name",
    "between_turns_damage": "int",
    "cure_at_end_of_owner_turn": "flag",
    "attack_flip_self_damage": "name int",
    "replaces": "names",
    "special": "bool",
}


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean '{close[0]}'?" if close else None


class Checker:
    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []

    def error(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(code, "error", message, span, hint))

    def warn(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(code, "warning", message, span, hint))

    # ---- settings ---------------------------------------------------------------------
    def setting_value(self, setting: ir.Setting, kind: str) -> object:
        """The typed value of a setting, or None after reporting what was expected."""
        vals = setting.values
        kinds = tuple(v.kind for v in vals)
        expected = {
            "int": "one number",
            "bool": "'yes' or 'no'",
            "name": "one name",
            "names": "a list like [a b]",
            "flag": "no value",
            "name int": "a name and a number",
            "int int": "two numbers",
            "ints": "numbers",
            "string": "one quoted string",
            "strings": "quoted strings",
        }[kind]
        ok = {
            "int": kinds == ("int",),
            "bool": kinds == ("name",) and vals[0].value in ("yes", "no"),
            "name": kinds == ("name",),
            "names": kinds == ("list",),
            "flag": kinds == (),
            "name int": kinds == ("name", "int"),
            "int int": kinds == ("int", "int"),
            "ints": bool(kinds) and set(kinds) == {"int"},
            "string": kinds == ("string",),
            "strings": bool(kinds) and set(kinds) == {"string"},
        }[kind]
        if not ok:
            self.error("E201", f"setting '{setting.key}' expects {expected}", setting.span)
            return None
        if kind == "bool":
            return vals[0].value == "yes"
        if kind == "flag":
            return True
        if kind == "name int":
            return (vals[0].value, vals[1].value)
        if kind in ("int int", "ints", "strings"):
            return tuple(v.value for v in vals)
        return vals[0].value

    def settings(
        self, settings: tuple[ir.Setting, ...], keys: dict[str, str], where: str
    ) -> tuple[dict[str, object], set[str]]:
        """The typed values of valid settings, and the keys written (valid or not)."""
        out: dict[str, object] = {}
        seen: set[str] = set()
        for s in settings:
            if s.key not in keys:
                self.error("E202", f"unknown setting '{s.key}' in {where}", s.span, did_you_mean(s.key, keys))
                continue
            if s.key in out or s.key in seen:
                self.error("E203", f"setting '{s.key}' given twice in {where}", s.span)
            seen.add(s.key)
            value = self.setting_value(s, keys[s.key])
            if value is not None:
                out[s.key] = value
        return out, seen

    def names_in(self, names: Iterable[str], allowed: Iterable[str], what: str, span: Span) -> None:
        allowed = tuple(allowed)
        for n in names:
            if n not in allowed:
                self.error(
                    "E204",
                    f"unknown {what} '{n}'",
                    span,
                    did_you_mean(n, allowed) or f"expected one of: {', '.join(allowed)}",
                )

    def rules(self, rules: ir.Rules) -> ir.RuleSet | None:
        keys = {**RULE_KEYS, **{k: kind for k, (kind, _) in RULE_OPTIONAL.items()}}
        values, written = self.settings(rules.settings, keys, f'rules "{rules.name}"')
        for k, (_, default) in RULE_OPTIONAL.items():
            values.setdefault(k, default)
        missing = [k for k in RULE_KEYS if k not in values]
        for k in (k for k in missing if k not in written):
            self.error(
                "E205", f"rules \"{rules.name}\" is missing setting '{k}' ({RULE_KEYS[k]})", rules.span
            )
        conds: list[ir.ConditionRule] = []
        seen: set[str] = set()
        for c in rules.conditions:
            if c.name in seen:
                self.error("E203", f"condition '{c.name}' defined twice", c.span)
            seen.add(c.name)
            cv, _ = self.settings(c.settings, CONDITION_KEYS, f"condition {c.name}")
            self.names_in(cv.get("blocks", ()), BLOCKABLE, "blockable action", c.span)
            face = cv.get("between_turns_flip_cure")
            if face is not None:
                self.names_in([face], COIN_FACES, "coin face", c.span)
            replaces = tuple(cv.get("replaces", ()))
            flip = cv.get("attack_flip_self_damage")
            if flip is not None:
                self.names_in([flip[0]], COIN_FACES, "coin face", c.span)
            for amount in (cv.get("between_turns_damage", 0), flip[1] if flip else 0):
                if amount % 10:
                    self.error("E206", f"condition {c.name}: damage {amount} is not a multiple of 10", c.span)
            conds.append(
                ir.ConditionRule(
                    name=c.name,
                    exclusive=bool(cv.get("exclusive", False)),
                    blocks=tuple(cv.get("blocks", ())),
                    between_turns_flip_cure=face,
                    between_turns_damage=int(cv.get("between_turns_damage", 0)),
                    cure_at_end_of_owner_turn=bool(cv.get("cure_at_end_of_owner_turn", False)),
                    attack_flip_face=flip[0] if flip else None,
                    attack_flip_damage=flip[1] if flip else 0,
                    replaces=replaces,
                    special=bool(cv.get("special", True)),
                )
            )
        names = [c.name for c in conds]
        for c in conds:
            self.names_in(c.replaces, names, "condition", rules.span)
        if missing:
            return None
        energy = values["energy_types"]
        if values["colorless"] not in energy:
            self.error("E204", f"colorless type '{values['colorless']}' is not in energy_types", rules.span)
        self.names_in(values["conditions_cleared_by"], CLEARING_EVENTS, "clearing event", rules.span)
        self.names_in(values["powers_blocked_by"], seen, "condition", rules.span)
        self.names_in(values["win_by"], WIN_CONDITIONS, "way to win", rules.span)
        if "no_pokemon" not in values["win_by"]:
            self.error(
                "E207",
                "win_by must include no_pokemon (a player with no Pokemon in play cannot go on)",
                rules.span,
            )
        self.names_in([values["copies_exempt"]], ("basic_energy", "none"), "copy-limit exemption", rules.span)
        for key in ("deck_size", "prizes", "opening_hand", "turn_limit"):
            if values[key] < 1:
                self.error("E206", f"setting '{key}' must be at least 1", rules.span)
        dealt = values["opening_hand"] + (values["prizes"] if values["prize_cards"] else 0)
        if dealt > values["deck_size"]:
            self.error("E206", "opening_hand + prizes exceed deck_size", rules.span)
        if values["energy_zone"] and values["energy_zone_tokens"] < 1:
            self.error("E206", "energy_zone needs energy_zone_tokens of at least 1", rules.span)
        if values["hand_limit"] < 0 or 0 < values["hand_limit"] < values["opening_hand"]:
            self.error("E206", "hand_limit must be 0 (no limit) or at least opening_hand", rules.span)
        return ir.RuleSet(name=rules.name, conditions=tuple(conds), **values)

    # ---- cards ---------------------------------------------------------------------------
    def effect(
        self,
        stmts: tuple[ir.Stmt, ...],
        rules: ir.RuleSet,
        card: ir.Card,
        where: str,
        holes: list[ir.Hole],
        *,
        in_trainer: bool,
        in_flip: bool = False,
    ) -> None:
        conditions = [c.name for c in rules.conditions]
        for st in stmts:
            if isinstance(st, ir.IfFlip):
                self.names_in([st.face], COIN_FACES, "coin face", st.span)
                if in_flip:
                    self.error(
                        "E308",
                        "an 'if flip' inside another is not supported yet",
                        st.span,
                        "flip once and put every statement for that face in one block",
                    )
                for block in (st.body, st.orelse):
                    self.effect(block, rules, card, where, holes, in_trainer=in_trainer, in_flip=True)
            elif isinstance(st, DAMAGE_MODIFIERS):
                self.damage_modifier(st, in_trainer=in_trainer)
            elif isinstance(st, ir.Draw):
                if not 1 <= st.count <= rules.deck_size:
                    self.error("E206", f"draw between 1 and {rules.deck_size} cards", st.span)
            elif isinstance(st, ir.Mirror):
                self.names_in([st.target], ("self",), "target", st.span)
                self.attack_only(st, in_trainer or where.startswith("power"), "'mirror last attack'")
                if in_flip:
                    self.error("E301", "'mirror last attack' is not supported inside a flip yet", st.span)
            elif isinstance(st, ir.Look):
                self.names_in([st.source], ("own_deck",), "source", st.span)
                if not 1 <= st.count <= MAX_LOOK:
                    self.error("E206", f"look at between 1 and {MAX_LOOK} cards", st.span)
                if in_flip:
                    self.error("E301", "'look at top' is not supported inside a flip yet", st.span)
            elif isinstance(st, ir.PlaysAs):
                self.tens(st.hp, st, "hp")
                if st.type is not None:
                    self.names_in([st.type], rules.energy_types, "type", st.span)
                self.names_in(list(st.options), PLAYS_AS_OPTIONS, "option", st.span)
                if not in_trainer or in_flip or len(stmts) > 1:
                    message = (
                        "'play as basic pokemon' is a Trainer's whole effect; use it alone in a trainer block"
                    )
                    self.error("E301", message, st.span)
            elif isinstance(st, ir.ShuffleHand):
                self.names_in([st.what], ("all", *CHOICE_WHAT), "kind of card", st.span)
                self.names_in([st.hand], SHUFFLED_HANDS, "hand", st.span)
            elif isinstance(st, ir.Cure):
                allowed = ("own_active",) if in_trainer else EFFECT_TARGETS
                self.names_in([st.target], allowed, "target", st.span)
            elif isinstance(st, ir.DiscardHand):
                pass
            elif isinstance(st, ir.DiscardEnergy):
                self.names_in([st.target], ("self",), "target", st.span)
                if st.energy_type is not None:
                    self.names_in([st.energy_type], rules.energy_types, "energy type", st.span)
                if st.count is not None and not 1 <= st.count <= 8:
                    self.error("E206", "discard between 1 and 8 Energy cards", st.span)
                self.attack_only(st, in_trainer, "'discard ... energy from self'")
            elif isinstance(st, ir.Heal):
                targets = ("own_pokemon",) if st.chosen else ("own_active",) if in_trainer else ("self",)
                self.names_in([st.target], targets, "target", st.span)
                self.tens(st.amount, st, "heal")
                if st.pokemon_type is not None:
                    self.names_in([st.pokemon_type], rules.energy_types, "type", st.span)
                    if not st.chosen:
                        self.error("E302", "'of type' narrows a chosen Pokemon only", st.span)
            elif isinstance(st, ir.DamageChosen):
                self.names_in([st.target], DAMAGE_CHOSEN_TARGETS, "target", st.span)
                self.tens(st.amount, st, "damage")
            elif isinstance(st, ir.RandomFromDeck):
                self.names_in([st.source], ("own_deck",), "source", st.span)
                self.names_in([st.to], ("hand", "bench"), "destination", st.span)
                if st.pokemon_type is not None:
                    self.names_in([st.pokemon_type], rules.energy_types, "type", st.span)
            elif isinstance(st, ir.ReturnActive):
                self.names_in([st.target], ("own_active",), "target", st.span)
                if len(st.names) > 2:
                    self.error("E206", "'return own_active named' takes 1 or 2 names", st.span)
            elif isinstance(st, ir.ShuffleActive):
                self.names_in([st.target], ("defending",), "target", st.span)
                self.attack_only(st, in_trainer or where.startswith("power"), "'shuffle defending into deck'")
            elif isinstance(st, ir.Reveal):
                # an attack's or a Trainer's effect (powers refuse it as a statement they do not support)
                self.names_in([st.target], ("opponent_hand", "own_hand"), "hand", st.span)
            elif isinstance(st, ir.DiscardRandom):
                if (st.what, st.target) not in DISCARD_RANDOM_FORMS:
                    self.error(
                        "E302",
                        f"cannot discard a random {st.what} from {st.target}",
                        st.span,
                        "write 'discard random energy from defending' or "
                        "'discard random card from opponent_hand'",
                    )
            elif isinstance(st, ir.Protect):
                self.names_in([st.target], ("self",), "target", st.span)
                self.tens(st.up_to, st, "prevent")
                self.attack_only(st, in_trainer, "'prevent ... next turn'")
            elif isinstance(st, ir.BenchDamage):
                self.names_in([st.side], ("own_bench", "opponent_bench"), "bench", st.span)
                self.tens(st.amount, st, "damage")
                self.attack_only(st, in_trainer, "'damage N to each'")
            elif isinstance(st, ir.Inflict):
                self.names_in([st.condition], conditions, "condition", st.span)
                self.names_in([st.target], EFFECT_TARGETS, "target", st.span)
                self.attack_only(st, in_trainer, "'inflict'")
            elif isinstance(st, ir.SelfDamage):
                self.names_in([st.target], EFFECT_TARGETS, "target", st.span)
                self.tens(st.amount, st, "damage")
                self.attack_only(st, in_trainer, "'damage N to'")
            elif isinstance(st, ir.Switch):
                if (st.active, st.chosen) not in SWITCH_FORMS:
                    self.error(
                        "E302",
                        f"cannot switch {st.active} with {st.chosen}",
                        st.span,
                        "write 'switch own_active with chosen own_bench' or "
                        "'switch opponent_active with chosen opponent_bench'",
                    )
                if st.basic and (st.active != "opponent_active" or st.by_opponent):
                    self.error(
                        "E302", "'chosen basic' is for the player's pick of the opponent's Bench", st.span
                    )
                if st.by_opponent and st.active != "opponent_active":
                    self.error("E302", "'by opponent' is for switching the opponent's Pokemon", st.span)
            elif isinstance(st, ir.ExtraEnergy):
                self.damage_modifier(st, in_trainer=in_trainer)
                self.names_in([st.energy_type], rules.energy_types, "energy type", st.span)
                if not 1 <= st.cap <= 15:
                    self.error("E206", "up to between 1 and 15 Energy", st.span)
            elif isinstance(st, ir.Requires):
                self.names_in([st.condition], conditions, "condition", st.span)
                self.names_in([st.target], ("defending",), "target", st.span)
                self.attack_only(st, in_trainer or where.startswith("power"), "'requires'")
                if in_flip:
                    message = "'requires' decides whether an attack can be used; not in a flip"
                    self.error("E301", message, st.span)
            elif isinstance(st, ir.Drain):
                self.names_in([st.target], ("self",), "target", st.span)
                self.tens(st.amount, st, "heal")
                self.attack_only(st, in_trainer or where.startswith("power"), "'after damage heal'")
            elif isinstance(st, ir.MoreDamageIf):
                self.more_damage_if(st, rules, in_trainer=in_trainer or where.startswith("power"))
            elif isinstance(st, ir.PerBenched):
                self.damage_modifier(st, in_trainer=in_trainer or where.startswith("power"))
                if st.energy_type is not None:
                    self.names_in([st.energy_type], rules.energy_types, "energy type", st.span)
            elif isinstance(st, ir.RandomDamage):
                self.names_in([st.target], ("opponent_pokemon",), "target", st.span)
                self.tens(st.amount, st, "damage")
                if not 1 <= st.times <= 8:
                    self.error("E206", "between 1 and 8 random picks", st.span)
                self.attack_only(st, in_trainer or where.startswith("power"), "'damage N to random'")
            elif isinstance(st, ir.DrainDealt):
                self.names_in([st.target], ("self",), "target", st.span)
                self.attack_only(st, in_trainer or where.startswith("power"), "'after damage heal dealt'")
            elif isinstance(st, ir.DestinyBond):
                self.attack_only(st, in_trainer or where.startswith("power"), "'knock out attacker'")
            elif isinstance(st, ir.Retaliate):
                self.tens(st.amount, st, "damage")
                if not where.startswith("power") or in_flip:
                    self.error("E301", "'when damaged' is a Pokemon Power; use it in a power block", st.span)
            elif isinstance(st, ir.Attach):
                self.names_in([st.target], ATTACH_TARGETS, "target", st.span)
                self.names_in([st.until], ATTACH_ENDS, "turn end", st.span)
                self.tens(st.dealt_more or st.taken_less, st, "damage")
                if st.taken_less and st.until != "end_of_opponent_turn":
                    message = "'takes N less damage' lasts until end_of_opponent_turn"
                    self.error("E302", message, st.span)
                if (st.dealt_more or st.taken_less) > 150:
                    self.error("E206", "attached Trainers change damage by 150 at most", st.span)
                if not in_trainer or in_flip:
                    message = "'attach' is a Trainer's whole effect; use it in a trainer block"
                    self.error("E301", message, st.span)
            elif isinstance(st, ir.Choose):
                self.choose(st, in_flip=in_flip)
                if st.energy_type is not None:
                    self.names_in([st.energy_type], rules.energy_types, "energy type", st.span)
                    if st.what != "basic_energy":
                        self.error("E302", "an Energy type narrows basic_energy only", st.span)
                if st.action == "attach":
                    self.names_in([st.attach_target or ""], ("own_pokemon",), "target", st.span)
                    if st.attach_type is not None:
                        self.names_in([st.attach_type], rules.energy_types, "energy type", st.span)
                    if st.what not in ("energy_card", "basic_energy"):
                        self.error("E302", "only Energy cards are attached", st.span)
            elif isinstance(st, ir.MoveDamage):
                self.names_in([st.source, st.target], ("own_pokemon",), "Pokemon", st.span)
                self.tens(st.amount, st, "damage")
                if in_flip:
                    self.error("E301", "'move damage' is not supported inside a flip yet", st.span)
            elif isinstance(st, ir.PickAttack):
                self.names_in([st.target], ("defending",), "target", st.span)
                self.attack_only(st, in_trainer or where.startswith("power"), "'choose attack of'")
                if in_flip:
                    self.error("E301", "'choose attack of' is not supported inside a flip yet", st.span)
            elif isinstance(st, ir.ChangeType):
                self.names_in([st.what], ("weakness", "resistance"), "what to change", st.span)
                self.names_in([st.target], EFFECT_TARGETS, "target", st.span)
                self.attack_only(st, in_trainer or where.startswith("power"), "'change ... to chosen type'")
                if in_flip:
                    self.error(
                        "E301", "'change ... to chosen type' is not supported inside a flip yet", st.span
                    )
            elif isinstance(st, ir.BecomeEnergy):
                self.names_in([st.target], ("own_pokemon",), "target", st.span)
                if not 1 <= st.amount <= MAX_BECOME_ENERGY:
                    self.error(
                        "E206", f"an Energy card provides between 1 and {MAX_BECOME_ENERGY} Energy", st.span
                    )
                if not where.startswith("power") or in_flip:
                    message = "'knock out self and attach it' is a Pokemon Power; use it in a power block"
                    self.error("E301", message, st.span)
            elif isinstance(st, ir.ConvertEnergy):
                self.names_in([st.target], ("self",), "target", st.span)
                if not where.startswith("power"):
                    self.error(
                        "E301",
                        "'energy on self becomes' is a Pokemon Power; use it in a power block",
                        st.span,
                    )
                self.names_in([st.energy_type], rules.energy_types, "energy type", st.span)
            elif isinstance(st, ir.Once):
                self.attack_only(st, in_trainer or where.startswith("power"), "'only once while in play'")
                if in_flip:
                    message = "'only once' decides whether an attack can be used; not in a flip"
                    self.error("E301", message, st.span)
            elif isinstance(st, ir.HealEachDiscard):
                self.names_in([st.target], ("own_pokemon",), "target", st.span)
            elif isinstance(st, ir.OnceATurn):
                if not where.startswith("power") or in_flip:
                    self.error("E301", "'once a turn' is a Pokemon Power's; use it in a power block", st.span)
            elif isinstance(st, ir.HealEach):
                self.names_in([st.target], ("own_pokemon",), "target", st.span)
                self.tens(st.amount, st, "heal")
            elif isinstance(st, ir.TakeLess):
                self.tens(st.amount, st, "damage")
                if st.amount > MAX_LASTING:
                    self.error(
                        "E206", f"'take N less damage' changes damage by {MAX_LASTING} at most", st.span
                    )
                if not where.startswith("power") or in_flip:
                    self.error("E301", "'take N less damage from attacks' is a Pokemon Power", st.span)
            elif isinstance(st, ir.SupporterLock):
                if st.when == "while_active" and (not where.startswith("power") or in_flip):
                    message = "'opponent cannot play supporters while active' is a Pokemon Power"
                    self.error("E301", message, st.span)
                if st.when == "next_turn":
                    self.attack_only(st, in_trainer or where.startswith("power"), "'... next turn'")
            elif isinstance(st, ir.Lasting):
                wanted = ("self",) if st.what == "takes_less" else ("defending",)
                self.names_in([st.target], wanted, "target", st.span)
                if st.what in ("deals_less", "takes_less"):
                    self.tens(st.amount, st, "damage")
                    if st.amount > MAX_LASTING:
                        self.error(
                            "E206", f"a lasting effect changes damage by {MAX_LASTING} at most", st.span
                        )
                self.attack_only(st, in_trainer or where.startswith("power"), "'next turn ...'")
            elif isinstance(st, ir.ZoneAttach):
                self.names_in([st.energy_type], rules.energy_types, "energy type", st.span)
                if st.pokemon_type is not None:
                    self.names_in([st.pokemon_type], rules.energy_types, "energy type", st.span)
                if not st.chosen:
                    self.names_in([st.target], ("self", "own_active"), "target", st.span)
                    if st.target == "self":
                        self.attack_only(st, in_trainer, "'take ... energy from zone to self'")
                    if (st.pokemon_type is not None and st.target == "self") or st.names or st.until_tails:
                        message = "names or 'for each heads' go with a 'chosen' Pokemon, a type not with self"
                        self.error("E302", message, st.span)
                else:
                    # `own_bench`: not the Active (the attacker); a power's Pokemon may be Benched
                    self.names_in([st.target], ("own_bench", "own_pokemon"), "target", st.span)
                    if where.startswith("power") and st.target == "own_bench":
                        self.error("E301", "'to chosen own_bench' is for attacks and Trainers", st.span)
                    if in_flip:
                        self.error("E301", "'take ... to chosen' is not supported inside a flip yet", st.span)
                    if st.coins:
                        self.attack_only(st, in_trainer or where.startswith("power"), "'for each heads of'")
                        if not 1 <= st.coins <= 8:
                            self.error("E206", "flip between 1 and 8 coins", st.span)
            elif isinstance(st, ir.MoveEnergy):
                self.names_in([st.energy_type], rules.energy_types, "energy type", st.span)
                self.names_in([st.source], ("own_bench",), "source", st.span)
                self.names_in([st.target], ("own_active",), "target", st.span)
            elif isinstance(st, ir.Boost):
                self.tens(st.amount, st, "damage")
                if st.amount > MAX_BOOST:
                    self.error("E206", f"a boost adds {MAX_BOOST} damage at most", st.span)
                if not in_trainer or in_flip:
                    self.error(
                        "E301", "'boost attacks' is a Trainer's effect; use it in a trainer block", st.span
                    )
            elif isinstance(st, ir.Unspecified):
                holes.append(
                    ir.Hole(card_id=card.id, card_name=card.name, where=where, text=st.text, span=st.span)
                )
                self.warn(
                    "W100",
                    f'unspecified effect in {card.name} ({where}): "{st.text}"',
                    st.span,
                    "compiled as a no-op until a primitive expresses it",
                )

    def choose(self, st: ir.Choose, *, in_flip: bool) -> None:
        self.names_in([st.what], CHOICE_WHAT, "kind of card", st.span)
        self.names_in([st.source], CHOICE_SOURCES, "source", st.span)
        if st.source in CHOICE_SOURCES and st.source not in CHOICE_ACTIONS[st.action]:
            places = ", ".join(CHOICE_ACTIONS[st.action])
            self.error(
                "E302", f"'{st.action.replace('_', ' ')}' takes cards from {places}, not {st.source}", st.span
            )
        if st.action in ACTION_PICKS:
            if st.what != ACTION_PICKS[st.action]:
                self.error(
                    "E302", f"'{st.action.replace('_', ' ')}' picks a {ACTION_PICKS[st.action]}", st.span
                )
        elif st.source in ATTACHED_SOURCES and st.what not in ("energy_card", "basic_energy"):
            self.error(
                "E302",
                f"the cards picked from {st.source} are its Energy: energy_card or basic_energy",
                st.span,
            )
        if st.action.startswith("to_bench") and st.what != "basic_pokemon":
            self.error("E302", "only a basic_pokemon goes to the Bench", st.span)
        if st.one and st.source not in ATTACHED_SOURCES:
            self.error(
                "E302",
                "'one' picks Energy from one Pokemon; use it with own_pokemon or opponent_pokemon",
                st.span,
            )
        if not 1 <= st.count <= MAX_PICKS:
            self.error("E206", f"choose between 1 and {MAX_PICKS} cards", st.span)
        if st.action == "discard_heal":
            self.tens(st.amount, st, "heal")
        if in_flip:
            self.error("E301", "'choose' is not supported inside a flip yet", st.span)

    def power(self, card: ir.Card, power: ir.Power) -> None:
        """A Pokemon Power is passive (`when damaged ...`) or used by an action: picks (`choose`), `move
        damage` or `energy on self becomes`; one of each kind at most."""
        used = [st for st in power.effect if not isinstance(st, ir.Unspecified)]
        if any(isinstance(st, ir.OnceATurn) for st in used):
            self.program_power(card, power, used)
            return
        for st in used:
            if not isinstance(st, POWER_STATEMENTS):
                self.error(
                    "E301",
                    f"'{st.kind.replace('_', ' ')}' is not supported in a Pokemon Power",
                    st.span,
                    "a power holds 'when damaged damage N to attacker', 'choose ...', 'move damage ...', "
                    "'knock out self and attach it ...', 'energy on self becomes TYPE this turn', "
                    "'take N less damage from attacks', 'opponent cannot play supporters while active' or "
                    "'once a turn' and what it runs",
                )
        passive = [st for st in used if isinstance(st, PASSIVE_POWER_STATEMENTS)]
        if passive and len(used) > 1:
            message = (
                f"{card.name}: a passive power ('{passive[0].kind.replace('_', ' ')}') holds nothing else"
            )
            self.error("E301", message, used[0].span)
        if any(isinstance(st, ir.Retaliate) for st in used) and len(used) > 1:
            self.error("E301", f"{card.name}: a 'when damaged' power holds nothing else", used[0].span)
        if any(isinstance(st, ir.BecomeEnergy) for st in used) and len(used) > 1:
            message = f"{card.name}: a 'knock out self and attach it' power holds nothing else"
            self.error("E301", message, used[0].span)
        if len([st for st in used if not isinstance(st, ir.Choose)]) > 1:
            self.error("E301", f"{card.name}: one action of a power at most besides its picks", used[0].span)
        self.picks(card, f"power {power.name}", power.effect)

    def program_power(self, card: ir.Card, power: ir.Power, used: list[ir.Stmt]) -> None:
        """A power that runs its statements as a program (`once a turn`): what a program may do to the
        opponent's Active Pokemon (the defending one) and the player's side, besides its picks."""
        for st in _walk(tuple(used)):
            if not isinstance(st, PROGRAM_POWER_STATEMENTS + (ir.Unspecified,)):
                self.error(
                    "E301",
                    f"'{st.kind.replace('_', ' ')}' is not supported in a 'once a turn' power",
                    st.span,
                    "such a power holds 'inflict', 'cure', 'switch', 'look at top', 'choose', 'draw' and "
                    "'heal N on each', in 'if flip' blocks or not",
                )
            elif isinstance(st, ir.Inflict | ir.Cure) and st.target != "defending":
                message = "in a power, 'inflict' and 'cure' target the defending Pokemon"
                self.error("E302", message, st.span)
        if len([st for st in used if isinstance(st, ir.OnceATurn)]) > 1:
            self.error("E301", f"{card.name}: one 'once a turn' per power", used[0].span)
        self.picks(card, f"power {power.name}", power.effect)

    def picks(self, card: ir.Card, where: str, stmts: tuple[ir.Stmt, ...]) -> None:
        """One program's choices: picks (`choose`) and position choices (`chosen`) do not mix; one
        `draw` at most, and after the picks nothing but it."""
        draws = [st for st in _walk(stmts) if isinstance(st, ir.Draw | ir.Look)]
        if len(draws) > 1:
            self.error(
                "E301", f"{card.name} ({where}): one 'draw' or 'look at top' per effect", draws[1].span
            )
        last_pick = max((k for k, st in enumerate(stmts) if isinstance(st, ir.Choose)), default=len(stmts))
        for st in stmts[last_pick + 1 :]:
            if isinstance(st, ir.Draw) and st.for_opponent:
                self.error("E301", f"{card.name} ({where}): after the picks, only the player draws", st.span)
            elif not isinstance(st, ir.Draw | ir.Unspecified):
                self.error(
                    "E301",
                    f"{card.name} ({where}): only 'draw' may follow the picks (once they are made)",
                    st.span,
                    "put the statement before the first 'choose'",
                )
        picks = [st for st in stmts if isinstance(st, ir.Choose)]
        looked = [st for st in picks if st.source == "own_looked"]
        if looked and not any(isinstance(st, ir.Look) for st in stmts):
            self.error(
                "E301", f"{card.name} ({where}): own_looked needs a 'look at top' first", looked[0].span
            )
        if not picks:
            return
        chosen = [st for st in stmts if isinstance(st, ir.Switch) or (isinstance(st, ir.Heal) and st.chosen)]
        if chosen:
            self.error(
                "E301", f"{card.name} ({where}): 'choose' and a 'chosen' target in one effect", chosen[0].span
            )
        if sum(st.count for st in picks) > MAX_PICKS:
            self.error(
                "E206", f"{card.name} ({where}): more than {MAX_PICKS} picks in one effect", picks[0].span
            )

    def tens(self, amount: int | None, st: ir.Stmt, what: str) -> None:
        """Damage and healing come in damage counters: positive multiples of 10."""
        if amount is not None and (amount <= 0 or amount % 10):
            self.error("E206", f"{what} {amount} is not a positive multiple of 10", st.span)

    def attack_only(self, st: ir.Stmt, in_trainer: bool, what: str) -> None:
        if in_trainer:
            self.error("E301", f"{what} needs an attacking Pokemon; use it in an attack", st.span)

    def damage_modifier(self, st: ir.Stmt, *, in_trainer: bool) -> None:
        """Checks of the statements that change an attack's damage."""
        if in_trainer:
            self.error(
                "E301",
                f"'{st.kind.replace('_', ' ')}' changes an attack's damage; use it in an attack",
                st.span,
            )
        if isinstance(st, ir.TimesHeads) and not 1 <= st.coins <= 8:
            self.error("E206", "flip between 1 and 8 coins", st.span)
        if isinstance(st, ir.HalfHp):
            self.names_in([st.target], ("defending",), "target", st.span)
        quantity = getattr(st, "quantity", None)
        if quantity is not None:
            self.names_in([quantity], QUANTITIES, "quantity", st.span)
            self.names_in([st.target], EFFECT_TARGETS, "target", st.span)  # type: ignore[attr-defined]
        self.tens(getattr(st, "amount", None), st, "damage")

    def more_damage_if(self, st: ir.MoreDamageIf, rules: ir.RuleSet, *, in_trainer: bool) -> None:
        """Checks of `more damage N if ...`: the condition's names and counts."""
        self.damage_modifier(st, in_trainer=in_trainer)
        if st.test in ("damaged", "status"):
            self.names_in([st.target or ""], EFFECT_TARGETS, "target", st.span)
        if st.test == "status":
            self.names_in([st.name or ""], [c.name for c in rules.conditions], "condition", st.span)
        if st.test == "extra_energy":
            self.names_in([st.name or ""], rules.energy_types, "energy type", st.span)
            if not 1 <= st.count <= 15:
                self.error("E206", "between 1 and 15 extra Energy", st.span)
        if st.test == "all_heads" and not 1 <= st.count <= 8:
            self.error("E206", "flip between 1 and 8 coins", st.span)

    def card(self, card: ir.Card, rules: ir.RuleSet, holes: list[ir.Hole]) -> None:
        body = card.body
        types = rules.energy_types
        if isinstance(body, ir.Pokemon):
            self.names_in([body.stage], STAGES, "stage", body.span)
            if body.evolves_from == "":
                self.error("E303", f"{card.name}: evolves_from must name a card", body.span)
            elif body.stage == "basic" and body.evolves_from:
                self.error("E303", f'{card.name} is basic but evolves_from "{body.evolves_from}"', body.span)
            if body.stage != "basic" and not body.evolves_from:
                self.error("E303", f"{card.name} is {body.stage} but has no evolves_from", body.span)
            self.names_in([body.type], types, "energy type", body.span)
            for t in (body.weakness, body.resistance):
                if t:
                    self.names_in([t], types, "energy type", body.span)
            if body.hp <= 0 or body.hp % 10:
                self.error("E206", f"{card.name}: hp {body.hp} must be a positive multiple of 10", body.span)
            for power in body.powers:
                self.effect(power.effect, rules, card, f"power {power.name}", holes, in_trainer=False)
                self.power(card, power)
            actions = [
                p
                for p in body.powers
                if any(not isinstance(st, (ir.Unspecified, *PASSIVE_POWER_STATEMENTS)) for st in p.effect)
            ]
            if len(actions) > 1:
                self.error(
                    "E301", f"{card.name}: one Pokemon Power used by an action at most", actions[1].span
                )
            if body.powers and actions and actions[0] is not body.powers[0]:
                self.error("E301", f"{card.name}: the power used by an action comes first", actions[0].span)
            for atk in body.attacks:
                self.picks(card, f"attack {atk.name}", atk.effect or ())
                self.names_in(atk.cost, types, "energy type", atk.span)
                if atk.damage % 10:
                    self.error("E206", f"{card.name}: damage {atk.damage} is not a multiple of 10", atk.span)
                self.effect(atk.effect or (), rules, card, f"attack {atk.name}", holes, in_trainer=False)
        elif isinstance(body, ir.Trainer):
            self.effect(body.effect, rules, card, "trainer", holes, in_trainer=True)
            self.picks(card, "trainer", body.effect)
            attach = [st for st in body.effect if isinstance(st, ir.Attach)]
            if attach and len(body.effect) > 1:
                message = f"{card.name}: 'attach' must be the Trainer's only statement"
                self.error("E301", message, attach[0].span)
        else:
            self.names_in([body.category], ENERGY_CATEGORIES, "energy category", body.span)
            self.names_in(body.provides, types, "energy type", body.span)
            if not body.provides:
                self.error("E304", f"{card.name} provides no energy", body.span)

    def evolutions(self, cards: list[ir.Card]) -> None:
        pokemon: dict[str, ir.Pokemon | ir.Trainer] = {
            c.name: c.body for c in cards if isinstance(c.body, ir.Pokemon)
        }
        # a Trainer played as a Basic Pokemon (a fossil) is a Basic that Stage 1 cards may evolve from
        pokemon.update(
            (c.name, c.body)
            for c in cards
            if isinstance(c.body, ir.Trainer) and any(isinstance(st, ir.PlaysAs) for st in c.body.effect)
        )
        for c in cards:
            body = c.body
            if not isinstance(body, ir.Pokemon) or not body.evolves_from:
                continue
            base = pokemon.get(body.evolves_from)
            if base is None:
                self.error(
                    "E305",
                    f'{c.name} evolves from "{body.evolves_from}", which is not a Pokemon card of this game',
                    body.span,
                    did_you_mean(body.evolves_from, pokemon),
                )
            else:
                base_stage = base.stage if isinstance(base, ir.Pokemon) else "basic"
                if (
                    body.stage in STAGES
                    and base_stage in STAGES
                    and STAGES.index(base_stage) + 1 != STAGES.index(body.stage)
                ):
                    self.error(
                        "E306",
                        f'{c.name} is {body.stage} but "{body.evolves_from}" is {base_stage}',
                        body.span,
                    )

    # ---- decks -----------------------------------------------------------------------------
    def deck(self, deck: ir.Deck, cards: list[ir.Card], rules: ir.RuleSet) -> ir.GameDeck | None:
        by_id = {c.id: i for i, c in enumerate(cards)}
        by_name: dict[str, list[int]] = {}
        for i, c in enumerate(cards):
            by_name.setdefault(c.name, []).append(i)
        picked: list[int] = []
        ok = True
        for e in deck.entries:
            if e.card_id is not None:
                idx = by_id.get(e.card_id)
                if idx is None:
                    self.error(
                        "E401",
                        f"deck \"{deck.name}\": unknown card id '{e.card_id}'",
                        e.span,
                        did_you_mean(e.card_id, by_id),
                    )
                    ok = False
                    continue
            else:
                options = by_name.get(e.name or "", [])
                if not options:
                    self.error(
                        "E401",
                        f'deck "{deck.name}": unknown card "{e.name}"',
                        e.span,
                        did_you_mean(e.name or "", by_name),
                    )
                    ok = False
                    continue
                if len(options) > 1:
                    ids = ", ".join(cards[i].id for i in options)
                    self.error(
                        "E402",
                        f'deck "{deck.name}": "{e.name}" names several cards ({ids})',
                        e.span,
                        "write `N id <card-id>` instead",
                    )
                    ok = False
                    continue
                idx = options[0]
            if e.count < 1:
                self.error("E403", f'deck "{deck.name}": count must be at least 1', e.span)
            picked.extend([idx] * e.count)
        if not ok:
            return None
        if len(picked) != rules.deck_size:
            self.error(
                "E404",
                f'deck "{deck.name}" has {len(picked)} cards; the rules require exactly {rules.deck_size}',
                deck.span,
            )
        counts = Counter(cards[i].name for i in picked)
        for name, n in sorted(counts.items()):
            card = next(cards[i] for i in picked if cards[i].name == name)
            exempt = (
                rules.copies_exempt == "basic_energy"
                and isinstance(card.body, ir.Energy)
                and card.body.category == "basic"
            )
            if n > rules.max_copies and not exempt:
                self.error(
                    "E405",
                    f'deck "{deck.name}" has {n} copies of "{name}"; at most {rules.max_copies} are allowed',
                    deck.span,
                )
        tokens = self.deck_energy(deck, cards, picked, rules)
        if not any(isinstance(cards[i].body, ir.Pokemon) and cards[i].body.stage == "basic" for i in picked):
            self.error(
                "E406",
                f'deck "{deck.name}" has no Basic Pokemon',
                deck.span,
                "every deck needs one to start the game",
            )
        if tokens is None:
            return None
        return ir.GameDeck(name=deck.name, cards=tuple(picked), energy=deck.energy, tokens=tokens)

    def deck_energy(
        self, deck: ir.Deck, cards: list[ir.Card], picked: list[int], rules: ir.RuleSet
    ) -> tuple[int, ...] | None:
        """The Energy Zone tokens of a deck (rules with energy_zone): `energy_zone_tokens` basic Energy
        cards of the declared types, dealt round-robin; None after an error."""
        if not rules.energy_zone:
            if deck.energy:
                self.error(
                    "E407",
                    f'deck "{deck.name}" declares Energy types, but the rules have no energy_zone',
                    deck.span,
                )
                return None
            return ()
        if any(isinstance(cards[i].body, ir.Energy) for i in picked):
            self.error(
                "E407",
                f'deck "{deck.name}" holds Energy cards; with energy_zone the Energy comes from the zone',
                deck.span,
            )
            return None
        if not 1 <= len(deck.energy) <= rules.deck_energy_types or len(set(deck.energy)) != len(deck.energy):
            self.error(
                "E407",
                f'deck "{deck.name}" must declare 1 to {rules.deck_energy_types} different Energy types '
                '(`deck "..." energy [TYPE ...] { ... }`)',
                deck.span,
            )
            return None
        basic = {
            c.body.provides[0]: i
            for i, c in enumerate(cards)
            if isinstance(c.body, ir.Energy) and c.body.category == "basic" and len(c.body.provides) == 1
        }
        missing = [t for t in deck.energy if t not in basic]
        if missing:
            self.error(
                "E407",
                f'deck "{deck.name}": no basic Energy card provides {", ".join(missing)} '
                "(the Energy Zone hands out basic Energy cards of the game)",
                deck.span,
                f"energy types with a basic Energy card: {', '.join(sorted(basic)) or 'none'}",
            )
            return None
        n = rules.energy_zone_tokens
        declared = tuple(basic[deck.energy[k % len(deck.energy)]] for k in range(n))
        # the types the deck's cards take from the zone (`take TYPE energy from zone`) besides the declared
        # ones get an equal share of the tokens, after the declared types' (the zone offers only those)
        taken = {
            st.energy_type
            for i in picked
            for st in _card_statements(cards[i])
            if isinstance(st, ir.ZoneAttach)
        }
        extra = [t for t in rules.energy_types if t in taken and t not in deck.energy]
        missing = [t for t in extra if t not in basic]
        if missing:
            self.error(
                "E407",
                f'deck "{deck.name}": no basic Energy card provides {", ".join(missing)}, '
                "which its cards take from the Energy Zone",
                deck.span,
            )
            return None
        share = n // (len(deck.energy) + len(extra))
        if extra and share < 1:
            self.error(
                "E407", f'deck "{deck.name}": too few energy_zone_tokens for the types it takes', deck.span
            )
            return None
        kept = n - share * len(extra)
        return declared[:kept] + tuple(basic[extra[k % len(extra)]] for k in range(n - kept))

    def boost_names(self, cards: list[ir.Card]) -> None:
        """The names a `boost attacks of` or a `named` pick lists are names of Pokemon of the game."""
        pokemon = {c.name for c in cards if isinstance(c.body, ir.Pokemon)}
        for c in cards:
            for st in _card_statements(c):
                if isinstance(st, ir.Boost | ir.ZoneAttach | ir.MoveEnergy):
                    self.names_in(list(st.names), sorted(pokemon), "Pokemon name", st.span)


def check_game(
    files: list[ir.SpecFile], *, engine: str, root: str, spec_hash: str, sets: dict[str, str]
) -> tuple[ir.Game | None, list[Diagnostic]]:
    """Check the parsed files of one engine. `sets` maps a file path to its set name ("" for none)."""
    ck = Checker()
    rules_nodes = [it for f in files for it in f.items if isinstance(it, ir.Rules)]
    cards = [it for f in files for it in f.items if isinstance(it, ir.Card)]
    card_sets = [sets.get(f.path, "") for f in files for it in f.items if isinstance(it, ir.Card)]
    decks = [it for f in files for it in f.items if isinstance(it, ir.Deck)]
    if not rules_nodes:
        span = files[0].span if files else Span(root, 1, 1, 1, 1)
        ck.error(
            "E101",
            f"engine '{engine}' has no rules block",
            span,
            f'add a rules.tcg with `rules "..." {{ ... }}` under {root}',
        )
        return None, ck.diags
    for extra in rules_nodes[1:]:
        ck.error(
            "E102",
            f"engine '{engine}' has a second rules block",
            extra.span,
            f"the first is at {rules_nodes[0].span}",
        )
    rules = ck.rules(rules_nodes[0])
    seen_ids: dict[str, Span] = {}
    for c in cards:
        if c.id in seen_ids:
            ck.error("E307", f"card id '{c.id}' is used twice", c.span, f"first used at {seen_ids[c.id]}")
        seen_ids.setdefault(c.id, c.span)
    if rules is None:
        return None, ck.diags
    holes: list[ir.Hole] = []
    for c in cards:
        ck.card(c, rules, holes)
    ck.evolutions(cards)
    ck.boost_names(cards)
    game_decks = [d for d in (ck.deck(d, cards, rules) for d in decks) if d is not None]
    names = [d.name for d in decks]
    for d in decks:
        if names.count(d.name) > 1 and names.index(d.name) != decks.index(d):
            ck.error("E407", f'deck name "{d.name}" is used twice', d.span)
    if not decks:
        ck.error(
            "E408",
            f"engine '{engine}' has no decks",
            rules_nodes[0].span,
            'add at least one `deck "..." { ... }`',
        )
    if any(d.severity == "error" for d in ck.diags):
        return None, ck.diags
    game = ir.Game(
        engine=engine,
        root=root,
        rules=rules,
        cards=tuple(cards),
        card_sets=tuple(card_sets),
        decks=tuple(game_decks),
        holes=tuple(holes),
        spec_hash=spec_hash,
    )
    return game, ck.diags
