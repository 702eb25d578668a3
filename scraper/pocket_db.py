"""The Pokémon TCG Pocket card database (a JSON list of {"Pokemon": {...}} / {"Trainer": {...}}
objects, ids like "A1 001") -> normalized card records (pure: data in, records out).

The data holds an attack's damage as a bare number (``fixed_damage``); the printed sign is read
from the attack's effect: "this attack does 30 more damage" makes "+", "30 less damage" "-", and
"this attack does 50 damage for each" (the attack's own damage) "×". A damage of 0 is "" (the card
prints none). Trainer text in the data lost the line breaks after its sentences ("Pokémon.At any
time"); a space is put back. Weakness is always +20 in Pocket; there is no resistance.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from tcgc.scraper.html_util import POCKET_WEAKNESS_VALUE, is_ex, pocket_id, pocket_set_code
from tcgc.scraper.pokemontcg_data import decode_json

from tcgc.errors import ScrapeError

_STAGES = MappingProxyType({0: "Basic", 1: "Stage 1", 2: "Stage 2"})
#: a trainer_card_type of the data -> the record's subtype
_TRAINER_KINDS = MappingProxyType({"Tool": "Pokémon Tool"})
_POKEMON_KEYS = ("id", "name", "stage", "hp", "energy_type", "attacks", "retreat_cost")
_TRAINER_KEYS = ("id", "name", "trainer_card_type", "effect")
_SHAPE = 'a JSON list of {"Pokemon": {...}} or {"Trainer": {...}} objects'


def load(raw: bytes | str, source: str) -> list[dict]:
    """The records of the Pocket database file `raw` (read from `source`, named in errors)."""
    data = decode_json(raw.encode() if isinstance(raw, str) else raw, source)
    if not isinstance(data, list):
        raise ScrapeError(source, f"expected {_SHAPE}, got a JSON {_json_kind(data)}")
    return records(data, source)


def records(data: list, source: str) -> list[dict]:
    """The normalized records of the Pocket database entries `data` (from `source`, named in errors)."""
    if not isinstance(data, list):
        raise ScrapeError(source, f"expected {_SHAPE}, got a JSON {_json_kind(data)}")
    return [_record(item, i, source) for i, item in enumerate(data)]


def _record(item: object, index: int, source: str) -> dict:
    if not isinstance(item, dict) or len(item) != 1 or next(iter(item)) not in ("Pokemon", "Trainer"):
        shown = sorted(item) if isinstance(item, dict) else f"a JSON {_json_kind(item)}"
        raise ScrapeError(
            source, f'entry {index}: expected an object with one key "Pokemon" or "Trainer", got {shown}'
        )
    ((kind, card),) = item.items()
    if not isinstance(card, dict):
        got = _json_kind(card)
        raise ScrapeError(source, f"entry {index} ({kind}): expected an object, got a JSON {got}")
    where = f"entry {index} ({card.get('id', 'no id')})"
    required = _POKEMON_KEYS if kind == "Pokemon" else _TRAINER_KEYS
    missing = [key for key in required if key not in card]
    if missing:
        raise ScrapeError(source, f"{where}: {kind} entry lacks {', '.join(repr(k) for k in missing)}")
    card_id = card["id"]
    m = re.fullmatch(r"([A-Za-z0-9-]+) (\d+)", str(card_id))
    if m is None:
        raise ScrapeError(source, f'{where}: id {card_id!r} is not "<set> <number>" like "A1 001"')
    code, number = m.group(1), str(int(m.group(2)))
    record: dict = {"id": pocket_id(code, number), "name": card["name"], "number": number}
    record["set"] = _set(card.get("booster_pack"), code)
    if card.get("rarity"):
        record["rarity"] = card["rarity"]
    if kind == "Trainer":
        kind_name = str(card["trainer_card_type"])
        record.update(
            {
                "supertype": "Trainer",
                "subtypes": [_TRAINER_KINDS.get(kind_name, kind_name)],
                "rules": [_text(card["effect"])] if card["effect"] else [],
            }
        )
        return record
    if card["stage"] not in _STAGES:
        raise ScrapeError(source, f"{where}: stage {card['stage']!r} is not 0, 1 or 2")
    if not isinstance(card["attacks"], list):
        raise ScrapeError(source, f"{where}: 'attacks' is not a list")
    ability = card.get("ability")
    weakness = card.get("weakness")
    record.update(
        {
            "supertype": "Pokémon",
            "subtypes": [_STAGES[card["stage"]]] + (["ex"] if is_ex(card["name"]) else []),
            "hp": str(card["hp"]),
            "types": [card["energy_type"]],
            "evolvesFrom": card.get("evolves_from"),
            "abilities": [_ability(ability, where, source)] if ability else [],
            "attacks": [_attack(a, where, source) for a in card["attacks"]],
            "weaknesses": [{"type": weakness, "value": POCKET_WEAKNESS_VALUE}] if weakness else [],
            "resistances": [],
            "retreatCost": list(card["retreat_cost"] or []),
        }
    )
    return record


def _set(booster_pack: object, code: str) -> dict:
    """The set of a card: its code from the id, its name from "Genetic Apex (A1)"."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", str(booster_pack or ""))
    if name and pocket_set_code(name) in (None, code):
        return {"id": code, "name": name}
    return {"id": code}


def _ability(ability: object, where: str, source: str) -> dict:
    if not isinstance(ability, dict) or "title" not in ability:
        raise ScrapeError(source, f"{where}: 'ability' is not an object with a 'title'")
    return {"name": ability["title"], "text": _text(ability.get("effect")), "type": "Ability"}


def _attack(attack: object, where: str, source: str) -> dict:
    if not isinstance(attack, dict):
        raise ScrapeError(source, f"{where}: an attack is not an object")
    missing = [k for k in ("title", "energy_required", "fixed_damage") if k not in attack]
    if missing:
        raise ScrapeError(source, f"{where}: attack lacks {', '.join(repr(k) for k in missing)}")
    text = _text(attack.get("effect"))
    return {
        "name": attack["title"],
        "cost": list(attack["energy_required"] or []),
        "damage": damage_of(attack["fixed_damage"], text),
        "text": text,
    }


def damage_of(fixed_damage: int | None, effect: str) -> str:
    """The printed damage of an attack doing `fixed_damage` with the effect text `effect`."""
    if not fixed_damage:
        return ""
    if re.search(r"\bthis attack does \d+ more damage", effect, re.IGNORECASE):
        return f"{fixed_damage}+"
    if re.search(r"\bthis attack does \d+ less damage", effect, re.IGNORECASE):
        return f"{fixed_damage}-"
    if re.search(rf"\bthis attack does {fixed_damage} damage for each\b", effect, re.IGNORECASE):
        return f"{fixed_damage}×"
    return str(fixed_damage)


def _text(text: object) -> str:
    """Card text with the space after each sentence put back ("Pokémon.At" -> "Pokémon. At")."""
    return re.sub(r"(?<=[a-zé\]])\.(?=[A-Z])", ". ", str(text or "")).strip()


def _json_kind(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def looks_like(data: object) -> bool:
    """Whether parsed JSON has the database's shape: an array of `{"Pokemon": ...}` / `{"Trainer": ...}`."""
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and len(data[0]) == 1
        and next(iter(data[0])) in ("Pokemon", "Trainer")
    )
