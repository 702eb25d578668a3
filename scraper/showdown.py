"""Scrape the Generation 1 battle spec (spec/battle/gen1) from Pokemon Showdown's npm data.

The data is Showdown's `gen1` mod as shipped in the `pokemon-showdown` npm package pinned in
tools/showdown (`Dex.mod('gen1')`), exported as one JSON object by `node tools/showdown/export_gen1.js`
(run through `tcgc.oracle.node.export_gen1`) or read from a file holding that export (`--export FILE`).
No network. The module writes, in tcgc's battle dialect (grammar/battle.lark):

- `types.battle`: the 15 Gen 1 types, what each does as an attacking type (`super`, `resisted`,
  `immune`: the defending types it hits x2, x0.5, x0) and the major statuses a Pokemon of the
  type cannot get (`immune_to`, from the status keys of Showdown's gen1 typechart);
- `species.battle`: the 151 species, dex order, base stats `hp atk def spc spe`, Gen 1 learnsets;
- `moves.battle`: the 165 moves (164 + Struggle) in Showdown num order: header line, statuses,
  stat stages, secondary chances and the mechanics of the MECHANICS table; a behaviour no
  statement states is one `unspecified` hole holding Showdown's Gen 1 short description;
- `teams/sample.battle`: four classic Gen 1 OU teams, checked against the learnsets;
- `random_sets.battle`: Showdown's Gen 1 random-battle sets (146 species, dex order: the package's
  `dist/data/random-battles/gen1/data.json`, in the export as `randomSets`), one `random_set` each:
  the level and the move pools its gen1 random team generator draws from, duplicates kept.

Not written: `rules.battle` (hand-written) and `teams/random.battle` (`tcgc teams ... --seed 1`
draws those teams from the spec's learnsets, not from Showdown's random-battle sets).

Each file starts with a provenance header (`tcgc.scraper.provenance`): the package and version, the
sha256 of the exported JSON bytes and the retrieval time, which honours `SOURCE_DATE_EPOCH`. The
checked-in files were written with SOURCE_DATE_EPOCH=1786374586 (2026-08-10T15:09:46Z, the npm
publish time of pokemon-showdown 0.11.11; `CHECKED_IN_SOURCE_DATE_EPOCH`), so

    SOURCE_DATE_EPOCH=1786374586 .venv/bin/python -m tcgc.scraper.showdown --out spec/battle/gen1

(or `tcgc scrape showdown:gen1 -o spec/battle/gen1/`) rewrites them byte for byte. Every rendered
file is parsed back with `tcgc.parse_battle.parse_battle_text`; a bad export raises
`tcgc.errors.ScrapeError` naming the export (file or node script) and what is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence, Set
from math import gcd
from pathlib import Path
from typing import Any

from tcgc.scraper.provenance import Provenance, header, of_bytes

from tcgc import ir
from tcgc import ir_battle as bir
from tcgc.diagnostics import Diagnostic
from tcgc.errors import ScrapeError
from tcgc.oracle.node import HarnessError, export_gen1
from tcgc.parse_battle import parse_battle_text

Json = dict[str, Any]

CHECKED_IN_SOURCE_DATE_EPOCH = 1786374586  # 2026-08-10T15:09:46Z, npm publish time of 0.11.11
KIND = "showdown-npm"
NODE_SOURCE = "node tools/showdown/export_gen1.js"
COMMAND = "tcgc scrape showdown:gen1"
REGENERATE = f"SOURCE_DATE_EPOCH={CHECKED_IN_SOURCE_DATE_EPOCH} {COMMAND} -o spec/battle/gen1/"
WIDTH = 110
TYPE_ORDER = (
    "normal", "fire", "water", "electric", "grass", "ice", "fighting", "poison", "ground", "flying",
    "psychic", "bug", "rock", "ghost", "dragon",
)  # fmt: skip
MAJOR_STATUSES = ("slp", "frz", "par", "brn", "psn", "tox")
# Showdown's boost keys -> the dialect's stat names (spa and spd together are Gen 1 Special).
STAT_NAMES = {"atk": "atk", "def": "def", "spe": "spe", "accuracy": "acc", "evasion": "eva"}
EXPECTED_COUNTS = {"species": 151, "moves": 165, "types": 15, "randomSets": 146}
# The fields of a Showdown random-battle set that hold moves -> the `random_set` fields, in the order the
# file writes them.
RANDOM_POOLS = (
    ("moves", "moves"),
    ("essentialMoves", "essential"),
    ("exclusiveMoves", "exclusive"),
    ("comboMoves", "combo"),
)

# Fields of an exported move that carry a Gen 1 behaviour no dialect statement can state: when
# one is set, the move gets an `unspecified` hole.
HOLE_FIELDS = (
    "multihit", "drain", "recoil", "heal", "volatileStatus", "self", "damage", "selfdestruct",
    "forceSwitch", "selfSwitch", "callsMove", "onTry", "condition", "callbacks", "struggleRecoil",
    "sideCondition", "pseudoWeather", "slotCondition", "weather",
)  # fmt: skip
HOLE_FLAGS = ("ohko", "hasCrashDamage", "willCrit")
# Fields Showdown's gen1 mod inherits from later generations that do nothing in Gen 1; each is
# pinned to its exact value, so a data change fails loudly instead of hiding a behaviour.
NO_GEN1_EFFECT: dict[str, dict[str, Any]] = {
    # onModifyMove: rain / sun accuracy (Gen 1 has no weather)
    "thunder": {"callbacks": ["onModifyMove"]},
    # the Gen 6+ "a Poison-type user never misses" volatile; nothing adds it in the gen1 mod
    "toxic": {
        "condition": {
            "noCopy": True,
            "duration": 1,
            "onSourceInvulnerabilityPriority": 1,
            "callbacks": ["onSourceAccuracy", "onSourceInvulnerability"],
        }
    },
    # the volatiles only later generations read (Stomp / Rollout); the evasion / Defense boost stays
    "minimize": {"volatileStatus": "minimize", "condition": {"noCopy": True, "callbacks": ["onRestart"]}},
    "defensecurl": {
        "volatileStatus": "defensecurl",
        "condition": {"noCopy": True, "callbacks": ["onRestart"]},
    },
}
# Moves whose Gen 1 behaviour is a statement of the dialect beyond status and stages, by Showdown id:
# fixed damage, a knock out, healing, Rest, self-KO, recharge, crash damage, and the moves that do
# nothing in a battle between two trainers (Pay Day's coins, Roar/Whirlwind/Teleport, Splash).
MECHANICS: dict[str, tuple[str, ...]] = {
    "sonicboom": ("fixed damage 20",),
    "dragonrage": ("fixed damage 40",),
    "seismictoss": ("fixed damage level",),
    "nightshade": ("fixed damage level",),
    "superfang": ("fixed damage half foe hp",),
    "psywave": ("fixed damage random below 3/2 level",),
    "guillotine": ("knock out foe unless it is faster",),
    "horndrill": ("knock out foe unless it is faster",),
    "fissure": ("knock out foe unless it is faster",),
    "recover": ("heal 1/2 on self",),
    "softboiled": ("heal 1/2 on self",),
    "rest": ("sleep 2 turns and heal all",),
    "explosion": ("halve foe def", "user faints"),
    "selfdestruct": ("halve foe def", "user faints"),
    "hyperbeam": ("recharge unless foe faints",),
    "jumpkick": ("crash 1 on miss",),
    "highjumpkick": ("crash 1 on miss",),
    "dreameater": ("fails unless foe has slp",),
    "supersonic": ("confuse foe",),
    "confuseray": ("confuse foe",),
    "reflect": ("screen def on self",),
    "lightscreen": ("screen spc on self",),
    "focusenergy": ("focus energy on self",),
    "mist": ("mist on self",),
    "haze": ("haze",),
    "leechseed": ("seed foe",),
    "razorwind": ("charge first turn",),
    "solarbeam": ("charge first turn",),
    "skullbash": ("charge first turn",),
    "skyattack": ("charge first turn",),
    "dig": ("charge first turn invulnerable",),
    "fly": ("charge first turn invulnerable",),
    "swift": ("reaches invulnerable foe",),
    "bind": ("trap foe",),
    "wrap": ("trap foe",),
    "firespin": ("trap foe",),
    "clamp": ("trap foe",),
    "thrash": ("lock 2 to 3 more turns then confuse self",),
    "petaldance": ("lock 2 to 3 more turns then confuse self",),
    "rage": ("rage: raise atk 1 when hit",),
    "bide": ("store damage 2 to 3 turns then deal 2x",),
    "counter": ("counter [normal fighting] 2x",),
    "disable": ("disable foe move 1 to 8 turns",),
    "conversion": ("copy foe types",),
    "substitute": ("substitute 1/4",),
    "metronome": ('call random move except ["Metronome" "Struggle"]',),
    "mirrormove": ("call foe last move",),
    "mimic": ("replace this move with a random foe move",),
    "transform": ("transform into foe with 5 pp", "reaches invulnerable foe"),
    "payday": (),
    "roar": (),
    "whirlwind": (),
    "teleport": (),
    "splash": (),
}
# The Showdown fields and callbacks each of those statements states (so they leave no hole).
STATED_FIELDS = {
    "damage", "selfdestruct", "hasCrashDamage", "ohko", "heal", "forceSwitch", "selfSwitch",
    "damageCallback", "onHit", "onMoveFail", "onTryImmunity", "onTry", "onTryHit", "callbacks",
    "volatileStatus", "condition", "onHitField", "onPrepareHit", "onTryMove", "self", "ignoreImmunity",
    "willCrit", "onBeforeMove", "beforeMoveCallback", "callsMove",
}  # fmt: skip
# Bide is typeless in Showdown (type "???"); the move line says `normal`, the hole says the rest.
TYPELESS_NOTE = "Typeless (Showdown type ???)."

# Four classic Gen 1 OU teams (species name -> moves); every move must be in the learnset.
TEAMS: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "Classic 1",
        (
            ("Tauros", ("Body Slam", "Hyper Beam", "Blizzard", "Earthquake")),
            ("Chansey", ("Ice Beam", "Thunderbolt", "Thunder Wave", "Soft-Boiled")),
            ("Snorlax", ("Body Slam", "Reflect", "Rest", "Self-Destruct")),
            ("Exeggutor", ("Sleep Powder", "Psychic", "Explosion", "Stun Spore")),
            ("Alakazam", ("Psychic", "Seismic Toss", "Thunder Wave", "Recover")),
            ("Starmie", ("Surf", "Thunderbolt", "Thunder Wave", "Recover")),
        ),
    ),
    (
        "Classic 2",
        (
            ("Gengar", ("Hypnosis", "Night Shade", "Thunderbolt", "Explosion")),
            ("Zapdos", ("Thunderbolt", "Drill Peck", "Thunder Wave", "Agility")),
            ("Rhydon", ("Earthquake", "Rock Slide", "Body Slam", "Substitute")),
            ("Lapras", ("Blizzard", "Thunderbolt", "Body Slam", "Confuse Ray")),
            ("Slowbro", ("Amnesia", "Surf", "Thunder Wave", "Rest")),
            ("Jynx", ("Lovely Kiss", "Blizzard", "Psychic", "Mimic")),
        ),
    ),
    (
        "Classic 3",
        (
            ("Cloyster", ("Clamp", "Blizzard", "Explosion", "Hyper Beam")),
            ("Jolteon", ("Thunderbolt", "Double Kick", "Pin Missile", "Thunder Wave")),
            ("Dragonite", ("Wrap", "Agility", "Hyper Beam", "Thunder Wave")),
            ("Persian", ("Slash", "Bubble Beam", "Thunderbolt", "Hyper Beam")),
            ("Golem", ("Earthquake", "Rock Slide", "Explosion", "Body Slam")),
            ("Victreebel", ("Razor Leaf", "Wrap", "Sleep Powder", "Swords Dance")),
        ),
    ),
    (
        "Classic 4",
        (
            ("Articuno", ("Blizzard", "Agility", "Reflect", "Rest")),
            ("Venusaur", ("Razor Leaf", "Sleep Powder", "Swords Dance", "Body Slam")),
            ("Kangaskhan", ("Body Slam", "Hyper Beam", "Earthquake", "Counter")),
            ("Hypno", ("Hypnosis", "Psychic", "Thunder Wave", "Rest")),
            ("Dodrio", ("Drill Peck", "Body Slam", "Hyper Beam", "Agility")),
            ("Machamp", ("Submission", "Earthquake", "Rock Slide", "Leer")),
        ),
    ),
)


class BadExport(Exception):
    """The export does not look like the Gen 1 data this module expects (raised as ScrapeError)."""


# ---- helpers ----------------------------------------------------------------------------------


def quote(text: str) -> str:
    """A dialect STRING literal: backslashes and quotes escaped; newlines are not allowed."""
    if "\n" in text or "\r" in text:
        raise BadExport(f"newline in a string: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def type_name(showdown_type: str) -> str:
    """Showdown's `Fire` -> the dialect's `fire`."""
    name = showdown_type.lower()
    if name not in TYPE_ORDER:
        raise BadExport(f"not a Gen 1 type: {showdown_type!r}")
    return name


def wrap_tokens(tokens: Sequence[str], indent: str = "  ", width: int = WIDTH) -> list[str]:
    """Space-separated tokens as indented lines of at most `width` characters."""
    lines: list[str] = []
    line = ""
    for token in tokens:
        candidate = f"{line} {token}" if line else token
        if line and len(indent) + len(candidate) > width:
            lines.append(indent + line)
            line = token
        else:
            line = candidate
    if line:
        lines.append(indent + line)
    return lines


def file_header(what: str, prov: Provenance) -> list[str]:
    """What the file holds, where its facts come from, and how it is regenerated."""
    return [
        f"# {what}",
        *header([prov], note=f"Written by `{COMMAND}`; do not edit by hand."),
        f"# Regenerate: {REGENERATE}",
    ]


# ---- the export -------------------------------------------------------------------------------


def source_name(version: str) -> str:
    """The provenance source of an export of the given pokemon-showdown version."""
    return f"npm pokemon-showdown {version} (Dex.mod('gen1'))"


def export_bytes(data: Json) -> bytes:
    """The export as export_gen1.js writes it (`JSON.stringify(out) + '\\n'`): the bytes hashed when
    the export comes straight from node."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def provenance(data: Json, raw: bytes | None = None) -> Provenance:
    """The provenance of an export: its package version, and the sha256 of `raw` (the bytes it was
    read from; by default those export_gen1.js writes for it)."""
    meta = data.get("meta")
    version = meta.get("version") if isinstance(meta, dict) else None
    if not isinstance(version, str) or not version:
        raise BadExport("no meta.version (the pokemon-showdown version) in the export")
    return of_bytes(source_name(version), export_bytes(data) if raw is None else raw, KIND)


def load_export(export_file: Path | None) -> tuple[Json, bytes, str]:
    """The export_gen1.js JSON, the bytes it was read from and their source (file or node script)."""
    if export_file is None:
        try:
            data = export_gen1()
        except HarnessError as err:
            raise ScrapeError(NODE_SOURCE, str(err)) from err
        return data, export_bytes(data), NODE_SOURCE
    source = str(export_file)
    try:
        raw = export_file.read_bytes()
    except OSError as err:
        raise ScrapeError(source, f"cannot read the export: {err.strerror or err}") from err
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ScrapeError(source, f"not a JSON export of export_gen1.js: {err}") from err
    if not isinstance(data, dict):
        raise ScrapeError(source, f"the export is a JSON {type(data).__name__}, expected an object")
    return data, raw, source


EXPORT_SHAPE = {
    "meta": dict, "species": list, "moves": list, "types": list, "typechart": dict,
    "statusImmunity": dict, "learnsets": dict, "randomSets": dict,
}  # fmt: skip
SPECIES_KEYS = ("num", "id", "name", "types", "baseStats")
MOVE_KEYS = (
    "num", "id", "name", "type", "basePower", "accuracy", "pp", "priority", "target", "critRatio",
    "shortDesc",
)  # fmt: skip


def check_export(data: Json) -> None:
    """Fail loudly unless the export has the expected shape, the Gen 1 counts and Special in both
    spa and spd."""
    for key, kind in EXPORT_SHAPE.items():
        if not isinstance(data.get(key), kind):
            raise BadExport(f"no {key!r} {kind.__name__} in the export (is it export_gen1.js output?)")
    for key, count in EXPECTED_COUNTS.items():
        if len(data[key]) != count:
            raise BadExport(f"export has {len(data[key])} {key}, expected {count}")
    for what, records, keys in (
        ("species", data["species"], SPECIES_KEYS),
        ("moves", data["moves"], MOVE_KEYS),
    ):
        for k, record in enumerate(records):
            missing = [key for key in keys if not isinstance(record, dict) or key not in record]
            if missing:
                raise BadExport(f"{what}[{k}] ({_label(record)}) lacks {', '.join(missing)}")
    if sorted(type_name(t) for t in data["types"]) != sorted(TYPE_ORDER):
        raise BadExport(f"export types differ from the Gen 1 types: {data['types']}")
    for species in data["species"]:
        stats = species["baseStats"]
        if stats.get("spa") != stats.get("spd"):
            raise BadExport(f"{species['name']}: spa {stats.get('spa')} != spd {stats.get('spd')}")
        if species["id"] not in data["learnsets"]:
            raise BadExport(f"{species['name']}: no learnset")
    if "Struggle" not in {m["name"] for m in data["moves"]}:
        raise BadExport("Struggle is missing from the moves")
    for move in data["moves"]:
        if not move["shortDesc"]:
            raise BadExport(f"{move['name']}: no shortDesc in the export (tools/showdown/export_gen1.js)")


def _label(record: object) -> str:
    return repr(record.get("name", "?")) if isinstance(record, dict) else type(record).__name__


# ---- types ------------------------------------------------------------------------------------


def status_immunities(data: Json, defender: str) -> list[str]:
    """The major statuses a Pokemon of this type cannot get (status keys of its damageTaken == 3)."""
    taken = data["statusImmunity"].get(defender.capitalize(), {})
    return [s for s in MAJOR_STATUSES if taken.get(s) == 3]


def type_entry(data: Json, attacker: str) -> str:
    row = {type_name(k): v for k, v in data["typechart"][attacker.capitalize()].items()}
    parts = [f"{attacker}:"]
    for how, factor in (("super", 2), ("resisted", 0.5), ("immune", 0)):
        defenders = [d for d in TYPE_ORDER if row[d] == factor]
        if defenders:
            parts.append(f"{how} [{' '.join(defenders)}]")
    unexpected = {d: f for d, f in row.items() if f not in (0, 0.5, 1, 2)}
    if unexpected:
        raise BadExport(f"{attacker}: unexpected multipliers {unexpected}")
    immune_to = status_immunities(data, attacker)
    if immune_to:
        parts.append(f"immune_to [{' '.join(immune_to)}]")
    return "  " + " ".join(parts) + ";"


def types_text(data: Json, prov: Provenance) -> str:
    lines = file_header("The Generation 1 type chart.", prov)
    lines += [
        "# `super` / `resisted` / `immune`: the DEFENDING types this attacking type's moves hit",
        "# x2 / x0.5 / x0 (every other pair is x1).",
        "# `immune_to`: the major statuses a Pokemon of this type cannot get (status keys of Showdown's gen1",
        "# typechart). Not stated here: Showdown's gen1 scripts also keep a secondary par / brn / frz from",
        "# affecting a target that has the move's own type (Body Slam cannot paralyze a Normal type).",
        "",
        "types {",
    ]
    lines += [type_entry(data, t) for t in TYPE_ORDER]
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---- species ----------------------------------------------------------------------------------


def species_item(species: Json, move_names: Mapping[str, str], learnset: Iterable[str]) -> str:
    stats = species["baseStats"]
    types = " ".join(type_name(t) for t in species["types"])
    base = " ".join(str(stats[k]) for k in ("hp", "atk", "def", "spa", "spe"))
    head = f"species {quote(species['name'])} num {species['num']} types [{types}] base {base} learns ["
    unknown = sorted(m for m in learnset if m not in move_names)
    if unknown:
        raise BadExport(f"{species['name']} learns moves that are not Gen 1 moves: {unknown}")
    learns = sorted(move_names[m] for m in learnset)
    return "\n".join([head, *wrap_tokens([quote(n) for n in learns]), "]"])


def species_text(data: Json, prov: Provenance) -> str:
    move_names = {m["id"]: m["name"] for m in data["moves"]}
    lines = file_header("The 151 Generation 1 species, in dex order.", prov)
    lines += [
        "# base: hp atk def spc spe (Special is Showdown's spa, equal to spd in the gen1 mod).",
        "# learns: the Gen 1 learnset (level-up, TM/HM, Stadium tutor, events; pre-evolution moves",
        "# included, Gen 2 tradebacks excluded), sorted by name.",
    ]
    species = sorted(data["species"], key=lambda s: s["num"])
    if [s["num"] for s in species] != list(range(1, 152)):
        raise BadExport("species numbers are not 1..151")
    for s in species:
        lines += ["", species_item(s, move_names, data["learnsets"][s["id"]])]
    return "\n".join(lines) + "\n"


# ---- moves ------------------------------------------------------------------------------------


def stage_stats(boosts: Mapping[str, int], who: str) -> list[tuple[str, int]]:
    """Showdown boosts -> (dialect stat, delta); spa + spd (Gen 1 Special) become one `spc`."""
    out: list[tuple[str, int]] = []
    if "spa" in boosts or "spd" in boosts:
        if boosts.get("spa") != boosts.get("spd"):
            raise BadExport(f"{who}: spa and spd boosts differ: {dict(boosts)}")
        out.append(("spc", boosts["spa"]))
    for key, delta in boosts.items():
        if key in ("spa", "spd"):
            continue
        if key not in STAT_NAMES:
            raise BadExport(f"{who}: unknown boost {key!r}")
        out.append((STAT_NAMES[key], delta))
    return out


def stage_stmt(stat: str, delta: int, on: str) -> str:
    way = "raise" if delta > 0 else "lower"
    return f"{way} {stat} {abs(delta)} on {on}"


def move_target(move: Json) -> str:
    return "self" if move["target"] == "self" else "foe"


def primary_stmts(move: Json) -> list[str]:
    """The move's own (100%) effect: a major status on the target, stat stage changes."""
    on = move_target(move)
    stmts: list[str] = []
    if move.get("status"):
        if move["status"] not in MAJOR_STATUSES:
            raise BadExport(f"{move['name']}: unknown status {move['status']!r}")
        stmts.append(f"inflict {move['status']} on {on}")
    if move.get("boosts"):
        stmts += [stage_stmt(stat, d, on) for stat, d in stage_stats(move["boosts"], move["name"])]
    return stmts


def secondary_stmts(move: Json) -> tuple[list[str], bool]:
    """`chance N%: ...` statements of the secondary effect, and whether a part was left unstated."""
    secondaries = move.get("secondaries") or ([move["secondary"]] if move.get("secondary") else [])
    if len(secondaries) > 1:
        return [], True
    stmts: list[str] = []
    rest = False
    for sec in secondaries:
        body: list[str] = []
        if set(sec) - {"chance", "status", "boosts", "volatileStatus"}:
            rest = True
        if sec.get("volatileStatus") == "flinch":
            body.append("flinch foe")
        elif sec.get("volatileStatus") == "confusion":
            body.append("confuse foe")
        elif sec.get("volatileStatus"):
            rest = True
        if sec.get("status") in MAJOR_STATUSES:
            body.append(f"inflict {sec['status']} on foe")
        elif sec.get("status"):
            rest = True
        if sec.get("boosts"):
            stages = stage_stats(sec["boosts"], move["name"])
            if len(stages) == 1:
                body.append(stage_stmt(*stages[0], "foe"))
            else:
                rest = True  # one roll for several stats: not expressible as separate chances
        if len(body) > 1:
            return [], True
        prefix = f"chance {sec['chance']}%: " if sec.get("chance") is not None else ""
        stmts += [prefix + b for b in body]
    return stmts, rest


def is_set(move: Json, key: str) -> bool:
    """Whether the export sets a field (a present `false` override, e.g. forceSwitch, counts)."""
    return move.get(key) is not None


def has_hole(move: Json, stated: Set[str] = frozenset()) -> bool:
    """Whether the move does something beyond what its statements and header line say (`stated`: the
    fields and callbacks its mechanic statements state)."""
    no_effect = NO_GEN1_EFFECT.get(move["id"], {})
    for key, value in no_effect.items():
        if move.get(key) != value:
            raise BadExport(f"{move['name']}: {key} is {move.get(key)!r}, pinned as {value!r}")
    if move["type"] == "???" and move["id"] not in MECHANICS:
        return True
    if any(move.get(flag) and flag not in stated for flag in HOLE_FLAGS):
        return True
    if any(
        cb not in stated for cb in move.get("callbacks") or [] if cb not in no_effect.get("callbacks", [])
    ):
        return True
    return any(is_set(move, key) and key not in no_effect and key not in stated for key in HOLE_FIELDS)


def fixed_damage(move: Json) -> bool:
    return move.get("damage") is not None or "damageCallback" in (move.get("callbacks") or [])


def move_head(move: Json) -> str:
    parts = [f"move {quote(move['name'])} num {move['num']}"]
    parts.append(f"type {'normal' if move['type'] == '???' else type_name(move['type'])}")
    if move["basePower"] > 0 and not fixed_damage(move):
        parts.append(f"power {move['basePower']}")
    parts.append("accuracy always" if move["accuracy"] is True else f"accuracy {move['accuracy']}")
    parts.append(f"pp {move['pp']}")
    if move["priority"]:
        parts.append(f"priority {move['priority']:+d}")
    if move["critRatio"] == 2:
        parts.append("crit high")
    elif move["critRatio"] != 1:
        raise BadExport(f"{move['name']}: critRatio {move['critRatio']}")
    if move_target(move) == "self":
        parts.append("target self")
    return " ".join(parts)


def fraction(pair: Sequence[int]) -> str:
    """`[25, 100]` -> `1/4` (the dialect states fractions in lowest terms)."""
    num, den = pair
    g = gcd(num, den)
    return f"{num // g}/{den // g}"


def mechanic_stmts(move: Json) -> tuple[list[str], set[str]]:
    """The statements of multi-hit, drain, recoil, recharge and the MECHANICS table, and the Showdown
    fields they state."""
    stmts = list(MECHANICS.get(move["id"], ()))
    stated = set(STATED_FIELDS) if move["id"] in MECHANICS else set()
    hits = move.get("multihit")
    if hits is not None:
        stmts.append(f"hits {hits[0]} to {hits[1]}" if isinstance(hits, list) else f"hits {hits}")
        stated.add("multihit")
    if move.get("drain"):
        stmts.append(f"drain {fraction(move['drain'])}")
        stated.add("drain")
    if move.get("recoil"):
        stmts.append(f"recoil {fraction(move['recoil'])}")
        stated |= {"recoil", "struggleRecoil"}
    if move["id"] == "hyperbeam":
        stated.add("self")
    return stmts, stated


def move_stmts(move: Json) -> list[str]:
    stmts = primary_stmts(move)
    secondary, rest = secondary_stmts(move)
    mechanics, stated = mechanic_stmts(move)
    stmts = mechanics + stmts + secondary
    if rest or has_hole(move, stated):
        text = move["shortDesc"]
        if move["type"] == "???":
            text = f"{text} {TYPELESS_NOTE}"
        stmts.append(f"unspecified {quote(text)}")
    return stmts


def move_item(move: Json) -> str:
    stmts = move_stmts(move)
    if not stmts:
        return move_head(move)
    return "\n".join([move_head(move) + " {", *(f"  {s}" for s in stmts), "}"])


def moves_text(data: Json, prov: Provenance) -> str:
    lines = file_header("The 165 Generation 1 moves (164 and Struggle), in Showdown num order.", prov)
    lines += [
        "# Stated: major statuses, stat stage changes, flinches and their secondary chances, fixed damage,",
        "# knock outs, multi-hit, recoil, drain, healing, Rest, self-KO, recharge and crash damage. Every",
        "# other behaviour is one `unspecified` hole holding Showdown's Gen 1 short description of the move.",
        "# Not stated here: in Showdown's gen1 mod status moves ignore type immunity except Thunder Wave,",
        "# Poison Powder, Poison Gas and Toxic (so Glare hits Ghosts, Thunder Wave misses Ground types).",
    ]
    for move in sorted(data["moves"], key=lambda m: m["num"]):
        lines += ["", move_item(move)]
    return "\n".join(lines) + "\n"


# ---- teams ------------------------------------------------------------------------------------


def check_teams(data: Json) -> None:
    """Every team has 6 members, each with 1-4 distinct moves from its Gen 1 learnset."""
    species = {s["name"]: s["id"] for s in data["species"]}
    move_ids = {m["name"]: m["id"] for m in data["moves"]}
    for team, members in TEAMS:
        if len(members) != 6 or len({name for name, _ in members}) != 6:
            raise BadExport(f"team {team!r}: not 6 distinct species")
        for name, moves in members:
            if name not in species:
                raise BadExport(f"team {team!r}: unknown species {name!r}")
            if not 1 <= len(moves) <= 4 or len(set(moves)) != len(moves):
                raise BadExport(f"team {team!r}, {name}: needs 1-4 distinct moves, has {moves}")
            learnset = set(data["learnsets"][species[name]])
            illegal = [m for m in moves if move_ids.get(m) not in learnset]
            if illegal:
                raise BadExport(f"team {team!r}, {name}: cannot learn {illegal} in Gen 1")


def teams_text(data: Json, prov: Provenance) -> str:
    check_teams(data)
    lines = file_header("Sample Generation 1 teams (classic OU style), checked against the learnsets.", prov)
    for team, members in TEAMS:
        lines += ["", f"team {quote(team)} {{"]
        lines += [f"  {quote(name)}: {', '.join(quote(m) for m in moves)};" for name, moves in members]
        lines.append("}")
    return "\n".join(lines) + "\n"


# ---- random-battle sets -----------------------------------------------------------------------


def field_lines(keyword: str, names: Sequence[str]) -> list[str]:
    """`  keyword "A", "B", ...;` wrapped at WIDTH, continuation lines indented further."""
    tokens = [keyword, *(f"{quote(n)}," for n in names[:-1]), f"{quote(names[-1])};"]
    lines = wrap_tokens(tokens, indent="    ")
    return ["  " + lines[0].lstrip(), *lines[1:]]


def random_set_item(species: Json, entry: object, move_names: Mapping[str, str]) -> str:
    who = f"random set of {species['name']}"
    if not isinstance(entry, dict):
        raise BadExport(f"{who}: not an object")
    unknown = sorted(set(entry) - {"level", *(key for key, _ in RANDOM_POOLS)})
    if unknown:
        raise BadExport(f"{who}: unknown fields {unknown}")
    level = entry.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 100:
        raise BadExport(f"{who}: level {level!r} is not 1..100")
    lines = [f"random_set {quote(species['name'])} level {level} {{"]
    for key, pool in RANDOM_POOLS:
        ids = entry.get(key)
        if ids is None:
            continue
        if not isinstance(ids, list) or not ids:
            raise BadExport(f"{who}: {key} is not a list of move ids")
        bad = [m for m in ids if m not in move_names]
        if bad:
            raise BadExport(f"{who}: {key} has moves that are not Gen 1 moves: {bad}")
        lines += field_lines(pool, [move_names[m] for m in ids])
    if len(lines) == 1:
        raise BadExport(f"{who}: no moves")
    return "\n".join([*lines, "}"])


def random_sets_text(data: Json, prov: Provenance) -> str:
    move_names = {m["id"]: m["name"] for m in data["moves"]}
    by_id = {s["id"]: s for s in data["species"]}
    unknown = sorted(set(data["randomSets"]) - set(by_id))
    if unknown:
        raise BadExport(f"random sets of species that are not Gen 1 species: {unknown}")
    lines = file_header(
        f"Showdown's Generation 1 random-battle sets ({len(data['randomSets'])} species), in dex order.", prov
    )
    lines += [
        "# From the package's dist/data/random-battles/gen1/data.json, as its gen1 random team generator",
        "# (teams.js) reads them: the level, then `combo` (all, half of the time), one `exclusive` entry,",
        "# the `essential` moves and draws from `moves` until 4 moves (grammar/battle.lark says how).",
        "# Move lists keep Showdown's order and duplicates (a duplicate weights the draw).",
    ]
    for species in sorted(data["species"], key=lambda s: s["num"]):
        if species["id"] in data["randomSets"]:
            lines += ["", random_set_item(species, data["randomSets"][species["id"]], move_names)]
    return "\n".join(lines) + "\n"


# ---- the scrape -------------------------------------------------------------------------------


def rendered(
    data: Json, prov: Provenance | None, source: str
) -> tuple[dict[str, str], dict[str, bir.BattleFile]]:
    """The files' texts and each text parsed back; ScrapeError (naming `source`) on a bad export."""
    try:
        check_export(data)
        prov = provenance(data) if prov is None else prov
        files = {
            "types.battle": types_text(data, prov),
            "species.battle": species_text(data, prov),
            "moves.battle": moves_text(data, prov),
            "teams/sample.battle": teams_text(data, prov),
            "random_sets.battle": random_sets_text(data, prov),
        }
    except BadExport as err:
        raise ScrapeError(source, str(err)) from err
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as err:
        raise ScrapeError(source, f"unexpected export data ({type(err).__name__}: {err})") from err
    parsed: dict[str, bir.BattleFile] = {}
    for rel, text in files.items():
        result = parse_battle_text(text, rel)
        if isinstance(result, Diagnostic):
            raise ScrapeError(source, f"the rendered {rel} does not parse:\n{result}")
        parsed[rel] = result
    return files, parsed


def render(data: Json, prov: Provenance | None = None, *, source: str = "the export") -> dict[str, str]:
    """Relative path -> file text, for every file this module writes; each is parsed back.

    `prov` heads every file (by default the provenance of `data` as export_gen1.js writes it);
    `source` names the export in errors. Raises ScrapeError on a bad export.
    """
    return rendered(data, prov, source)[0]


def _load(export_file: Path | None) -> tuple[Json, Provenance, str]:
    data, raw, source = load_export(export_file)
    try:
        return data, provenance(data, raw), source
    except BadExport as err:
        raise ScrapeError(source, str(err)) from err


def scrape(export_file: Path | None = None) -> tuple[dict[str, str], Provenance]:
    """The spec files (relative path -> text) from an export file, or from running export_gen1.js,
    and the provenance heading each of them (sha256 of the export's bytes)."""
    data, prov, source = _load(export_file)
    return render(data, prov, source=source), prov


def summarize(parsed: Mapping[str, bir.BattleFile]) -> dict[str, int]:
    """Counts of what the files hold: species, moves, moves with an `unspecified` hole, types, teams,
    random-battle sets."""
    items = [item for f in parsed.values() for item in f.items]
    moves = [m for m in items if isinstance(m, bir.MoveDef)]
    return {
        "species": sum(isinstance(s, bir.SpeciesDef) for s in items),
        "moves": len(moves),
        "moves_with_holes": sum(any(isinstance(s, ir.Unspecified) for s in m.effect) for m in moves),
        "types": sum(len(t.entries) for t in items if isinstance(t, bir.Types)),
        "teams": sum(isinstance(t, bir.Team) for t in items),
        "random_sets": sum(isinstance(r, bir.RandomSet) for r in items),
    }


def files_for_cli(export_file: Path | None = None) -> tuple[dict[str, str], list[Provenance], dict[str, int]]:
    """What `tcgc scrape showdown:gen1` writes: the files, their provenance, and a summary of counts."""
    data, prov, source = _load(export_file)
    files, parsed = rendered(data, prov, source)
    return files, [prov], summarize(parsed)


def write_files(files: Mapping[str, str], out: Path) -> list[Path]:
    """Write each file under `out` (UTF-8, `\n` line ends); returns the paths written."""
    paths = []
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tcgc.scraper.showdown", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path("spec/battle/gen1"), help="output directory")
    parser.add_argument(
        "--export", type=Path, default=None, help="export_gen1.js JSON file (default: run node)"
    )
    args = parser.parse_args(argv)
    try:
        files, _, summary = files_for_cli(args.export)
    except ScrapeError as err:
        print(f"showdown: {err}", file=sys.stderr)
        return 1
    try:
        paths = write_files(files, args.out)
    except OSError as err:
        print(f"showdown: cannot write under {args.out}: {err}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    print(", ".join(f"{n} {key.replace('_', ' ')}" for key, n in summary.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
