"""IR -> canonical spec text. `parse_text(format_file(x)) == x` (spans aside) for every file."""

from __future__ import annotations

from tcgc import ir

INDENT = "  "


def quote(text: str) -> str:
    """A spec string literal for `text` (the parser's escapes, inverted)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _value(v: ir.Value) -> str:
    if v.kind == "list":
        return "[" + " ".join(v.value) + "]"  # type: ignore[arg-type]
    if v.kind == "string":
        return quote(str(v.value))
    return str(v.value)


def _setting(s: ir.Setting) -> str:
    return " ".join([s.key, *(_value(v) for v in s.values)]) + ";"


def _more_damage_test(st: ir.MoreDamageIf) -> str:
    """The condition of `more damage N if ...`."""
    if st.test == "damaged":
        return f"damage on {st.target}"
    if st.test == "status":
        return f"{st.name} on {st.target}"
    if st.test == "extra_energy":
        return f"{st.count} extra {st.name} energy"
    return f"flip {st.count} coins all heads"


def _stmts(stmts: tuple[ir.Stmt, ...], depth: int) -> list[str]:
    pad = INDENT * depth
    out: list[str] = []
    for st in stmts:
        if isinstance(st, ir.IfFlip):
            out.append(f"{pad}if flip {st.face} {{")
            out.extend(_stmts(st.body, depth + 1))
            if st.orelse:
                out.append(f"{pad}}} else {{")
                out.extend(_stmts(st.orelse, depth + 1))
            out.append(f"{pad}}}")
        elif isinstance(st, ir.TimesHeads):
            out.append(f"{pad}flip {st.coins} coins: damage times heads")
        elif isinstance(st, ir.TimesCount):
            out.append(f"{pad}damage times {st.quantity} on {st.target}")
        elif isinstance(st, ir.MoreDamage):
            per = f" per {st.quantity} on {st.target}" if st.quantity else ""
            out.append(f"{pad}more damage {st.amount}{per}")
        elif isinstance(st, ir.LessDamage):
            out.append(f"{pad}less damage {st.amount} per {st.quantity} on {st.target}")
        elif isinstance(st, ir.DoesNothing):
            out.append(f"{pad}attack does nothing")
        elif isinstance(st, ir.Draw):
            out.append(f"{pad}draw {st.count}{' for opponent' if st.for_opponent else ''}")
        elif isinstance(st, ir.Mirror):
            out.append(f"{pad}mirror last attack on {st.target}")
        elif isinstance(st, ir.BecomeEnergy):
            what = f"as {st.amount} energy of chosen type"
            out.append(f"{pad}knock out self and attach it to chosen other {st.target} {what}")
        elif isinstance(st, ir.Look):
            out.append(f"{pad}look at top {st.count} of {st.source}")
        elif isinstance(st, ir.PlaysAs):
            kind = f" type {st.type}" if st.type else ""
            options = f": {', '.join(st.options)}" if st.options else ""
            out.append(f"{pad}play as basic pokemon hp {st.hp}{kind}{options}")
        elif isinstance(st, ir.ShuffleHand):
            out.append(f"{pad}shuffle {st.what} cards of {st.hand} into deck")
        elif isinstance(st, ir.Cure):
            out.append(f"{pad}cure {st.target}")
        elif isinstance(st, ir.DiscardHand):
            out.append(f"{pad}discard hand")
        elif isinstance(st, ir.DiscardEnergy):
            what = "all" if st.count is None else " ".join(str(x) for x in (st.count, st.energy_type) if x)
            out.append(f"{pad}discard {what} energy from {st.target}")
        elif isinstance(st, ir.Heal):
            chosen = "chosen " if st.chosen else ""
            typed = f" of type {st.pokemon_type}" if st.pokemon_type else ""
            out.append(f"{pad}heal {'all' if st.amount is None else st.amount} on {chosen}{st.target}{typed}")
        elif isinstance(st, ir.DamageChosen):
            out.append(f"{pad}damage {st.amount} to chosen {st.target}")
        elif isinstance(st, ir.RandomFromDeck):
            typed = f" of type {st.pokemon_type}" if st.pokemon_type else ""
            named = (" named " + " ".join(quote(n) for n in st.names)) if st.names else ""
            out.append(f"{pad}put random pokemon{typed}{named} from {st.source} to {st.to}")
        elif isinstance(st, ir.ReturnActive):
            named = " ".join(quote(n) for n in st.names)
            out.append(f"{pad}return {st.target} named {named} to hand")
        elif isinstance(st, ir.ShuffleActive):
            out.append(f"{pad}shuffle {st.target} into deck")
        elif isinstance(st, ir.Reveal):
            out.append(f"{pad}reveal {st.target}")
        elif isinstance(st, ir.DiscardRandom):
            out.append(f"{pad}discard random {st.what} from {st.target}")
        elif isinstance(st, ir.HalfHp):
            out.append(f"{pad}damage half remaining hp of {st.target}")
        elif isinstance(st, ir.Protect):
            amount = f" {st.up_to} or less" if st.up_to is not None else ""
            out.append(f"{pad}prevent {st.what}{amount} to {st.target} next turn")
        elif isinstance(st, ir.BenchDamage):
            out.append(f"{pad}damage {st.amount} to each {st.side}")
        elif isinstance(st, ir.Inflict):
            out.append(f"{pad}inflict {st.condition} on {st.target}")
        elif isinstance(st, ir.SelfDamage):
            out.append(f"{pad}damage {st.amount} to {st.target}")
        elif isinstance(st, ir.Switch):
            by = " by opponent" if st.by_opponent else ""
            basic = "basic " if st.basic else ""
            out.append(f"{pad}switch {st.active} with chosen {basic}{st.chosen}{by}")
        elif isinstance(st, ir.Attach):
            effect = f"deals {st.dealt_more} more" if st.dealt_more else f"takes {st.taken_less} less"
            out.append(f"{pad}attach to {st.target} until {st.until}: {effect} damage")
        elif isinstance(st, ir.Choose):
            up_to = "up to " if st.up_to else ""
            one = "one " if st.one else ""
            action = {
                "discard": "discard",
                "discard_heal": f"discard and heal {st.amount} on its pokemon",
                "to_hand": "to hand",
                "to_deck": "shuffle into deck",
                "to_top": "put on top",
                "to_bench": "to bench",
                "to_bench_half": "to bench with half hp damage",
                "scoop_up": "scoop up",
                "devolve": "devolve",
                "put_on_basic": "put on matching basic",
                "attach": " ".join(
                    x
                    for x in (
                        "attach to chosen",
                        "other" if st.attach_other else "",
                        st.attach_target,
                        st.attach_type,
                    )
                    if x
                ),
            }[st.action]
            what = f"{st.what} {st.energy_type}" if st.energy_type else st.what
            out.append(f"{pad}choose {up_to}{st.count} {what} from {one}{st.source}: {action}")
        elif isinstance(st, ir.MoveDamage):
            out.append(f"{pad}move damage {st.amount} from chosen {st.source} to chosen other {st.target}")
        elif isinstance(st, ir.PickAttack):
            action = "disable it next turn" if st.action == "disable" else "use it"
            action = "use it needing its energy" if st.action == "copy_paid" else action
            out.append(f"{pad}choose attack of {st.target}: {action}")
        elif isinstance(st, ir.ChangeType):
            may = "may " if st.optional else ""
            out.append(f"{pad}{may}change {st.what} of {st.target} to chosen type")
        elif isinstance(st, ir.ZoneAttach):
            chosen = "chosen " if st.chosen else ""
            typed = f" {st.pokemon_type}" if st.pokemon_type else ""
            named = "".join(f" {quote(n)}" for n in st.names)
            named = f" named{named}" if named else ""
            heads = " for each heads until tails" if st.until_tails else ""
            heads = f" for each heads of {st.coins} coins" if st.coins else heads
            out.append(
                f"{pad}take {st.energy_type} energy from zone to {chosen}{st.target}{typed}{named}{heads}"
            )
        elif isinstance(st, ir.MoveEnergy):
            named = "".join(f" {quote(n)}" for n in st.names)
            named = f" named{named}" if named else ""
            out.append(f"{pad}move all {st.energy_type} energy from {st.source} to {st.target}{named}")
        elif isinstance(st, ir.FlipUntilTails):
            out.append(f"{pad}flip until tails: damage times heads")
        elif isinstance(st, ir.Boost):
            names = "".join(f" {quote(n)}" for n in st.names)
            out.append(f"{pad}boost attacks{' of' if names else ''}{names} by {st.amount} this turn")
        elif isinstance(st, ir.ConvertEnergy):
            out.append(f"{pad}energy on {st.target} becomes {st.energy_type} this turn")
        elif isinstance(st, ir.Once):
            out.append(f"{pad}only once while in play")
        elif isinstance(st, ir.ExtraEnergy):
            out.append(f"{pad}more damage {st.amount} per extra {st.energy_type} energy up to {st.cap}")
        elif isinstance(st, ir.Requires):
            out.append(f"{pad}requires {st.condition} on {st.target}")
        elif isinstance(st, ir.Drain):
            out.append(f"{pad}after damage heal {st.amount} on {st.target}")
        elif isinstance(st, ir.MoreDamageIf):
            out.append(f"{pad}more damage {st.amount} if {_more_damage_test(st)}")
        elif isinstance(st, ir.PerBenched):
            head = "damage times" if st.amount is None else f"more damage {st.amount} per"
            only = f" named {quote(st.name)}" if st.name else ""
            only = f" type {st.energy_type}" if st.energy_type else only
            out.append(f"{pad}{head} benched{only}")
        elif isinstance(st, ir.RandomDamage):
            out.append(f"{pad}damage {st.amount} to random {st.target} {st.times} times")
        elif isinstance(st, ir.DrainDealt):
            out.append(f"{pad}after damage heal dealt on {st.target}")
        elif isinstance(st, ir.Retaliate):
            out.append(f"{pad}when damaged damage {st.amount} to attacker")
        elif isinstance(st, ir.DestinyBond):
            out.append(f"{pad}knock out attacker if knocked out next turn")
        elif isinstance(st, ir.OnceATurn):
            out.append(f"{pad}once a turn" + (" in active spot" if st.active_only else ""))
        elif isinstance(st, ir.HealEach):
            out.append(f"{pad}heal {st.amount} on each {st.target}")
        elif isinstance(st, ir.TakeLess):
            out.append(f"{pad}take {st.amount} less damage from attacks")
        elif isinstance(st, ir.SupporterLock):
            when = "next turn" if st.when == "next_turn" else "while active"
            out.append(f"{pad}opponent cannot play supporters {when}")
        elif isinstance(st, ir.Lasting):
            effect = {
                "no_attack": "cannot attack",
                "no_retreat": "cannot retreat",
                "deals_less": f"deals {st.amount} less damage",
                "takes_less": f"takes {st.amount} less damage",
            }[st.what]
            out.append(f"{pad}next turn {st.target} {effect}")
        elif isinstance(st, ir.HealEachDiscard):
            out.append(f"{pad}heal all on each damaged {st.target} then discard their energy")
        else:
            out.append(f"{pad}unspecified {quote(st.text)}")
    return out


def _block(head: str, stmts: tuple[ir.Stmt, ...], depth: int) -> list[str]:
    pad = INDENT * depth
    if not stmts:
        return [f"{pad}{head} {{}}"]
    return [f"{pad}{head} {{", *_stmts(stmts, depth + 1), f"{pad}}}"]


def format_card(card: ir.Card) -> list[str]:
    body = card.body
    lines = [f"card {quote(card.name)} id {card.id} {{"]
    if isinstance(body, ir.Pokemon):
        head = f"{INDENT}pokemon {body.stage}" + (" ex" if body.ex else "")
        if body.evolves_from is not None:
            head += f" evolves_from {quote(body.evolves_from)}"
        lines.append(f"{head} hp {body.hp} type {body.type}")
        if body.weakness:
            lines.append(f"{INDENT}weakness {body.weakness}")
        if body.resistance:
            lines.append(f"{INDENT}resistance {body.resistance}")
        if body.retreat:
            lines.append(f"{INDENT}retreat {body.retreat}")
        for p in body.powers:
            lines.extend(_block(f"power {quote(p.name)}", p.effect, 1))
        for a in body.attacks:
            head = f"attack {quote(a.name)} cost [{' '.join(a.cost)}]"
            if a.damage or a.damage_suffix:
                head += f" damage {a.damage}{a.damage_suffix or ''}"
            if a.effect is None:
                lines.append(INDENT + head)
            else:
                lines.extend(_block(head, a.effect, 1))
    elif isinstance(body, ir.Trainer):
        lines.extend(_block("trainer supporter" if body.supporter else "trainer", body.effect, 1))
    else:
        lines.append(f"{INDENT}energy {body.category} provides [{' '.join(body.provides)}]")
    lines.append("}")
    return lines


def format_rules(rules: ir.Rules) -> list[str]:
    lines = [f"rules {quote(rules.name)} {{"]
    lines.extend(INDENT + _setting(s) for s in rules.settings)
    for c in rules.conditions:
        lines.append(f"{INDENT}condition {c.name} {{")
        lines.extend(INDENT * 2 + _setting(s) for s in c.settings)
        lines.append(f"{INDENT}}}")
    lines.append("}")
    return lines


def format_deck(deck: ir.Deck) -> list[str]:
    energy = f" energy [{' '.join(deck.energy)}]" if deck.energy else ""
    lines = [f"deck {quote(deck.name)}{energy} {{"]
    for e in deck.entries:
        ref = quote(e.name) if e.name is not None else f"id {e.card_id}"
        lines.append(f"{INDENT}{e.count} {ref}")
    lines.append("}")
    return lines


def format_file(spec: ir.SpecFile) -> str:
    """Canonical text of one file: its header comments, then each item, a blank line apart."""
    chunks: list[str] = []
    if spec.header:
        chunks.append("\n".join(spec.header))
    for item in spec.items:
        if isinstance(item, ir.Card):
            lines = format_card(item)
        elif isinstance(item, ir.Rules):
            lines = format_rules(item)
        else:
            lines = format_deck(item)
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n"
