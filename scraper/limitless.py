"""Limitless TCG Pocket card pages -> normalized card records (pure: text or bytes in, data out).

The card is the ``div.card-text``: a title line ("Butterfree - Grass - 120 HP"; a Trainer has only
its name, a Fossil its HP), a type line ("Pokémon - Stage 2 - Evolves from Metapod", "Trainer -
Item"), ability and attack blocks (cost as card-font letters "GCC", then "Gust 60", then the
effect), the "Weakness: Fire / Retreat: 1" lines and, for an ex, the ex rule. The name's link
("/cards/A1/7") gives the set code and number.

Limitless shows the weakness type only; the value is the Pocket game's fixed +20.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from urllib.parse import urlparse

from bs4 import Tag
from tcgc.scraper.html_util import (
    POCKET_WEAKNESS_VALUE,
    clean,
    damage,
    energy_type,
    is_ex,
    page,
    pocket_id,
    text_of,
)

from tcgc.errors import ScrapeError

_STAGES = ("Basic", "Stage 1", "Stage 2")
#: a Trainer kind as Limitless writes it -> the record's subtype
_TRAINER_KINDS = MappingProxyType({"Tool": "Pokémon Tool"})


def parse_card_page(html: str | bytes, url: str) -> dict:
    """The normalized record of the Limitless TCG Pocket card page `html` fetched from `url`."""
    soup = page(html, url)
    card = soup.find("div", class_="card-text")
    if not isinstance(card, Tag):
        raise ScrapeError(url, "not a TCG Pocket card page: no card text block (div.card-text) found")
    title = card.find(class_="card-text-title")
    kind_line = card.find(class_="card-text-type")
    name_node = card.find(class_="card-text-name")
    if not isinstance(title, Tag) or not isinstance(name_node, Tag):
        raise ScrapeError(url, "card text block has no title line with the card name")
    if not isinstance(kind_line, Tag):
        raise ScrapeError(url, "card text block has no type line (Pokémon / Trainer)")
    name = text_of(name_node)
    record: dict = {}
    set_code, number = _set_and_number(name_node, url)
    if set_code and number:
        record["id"] = pocket_id(set_code, number)
    record["name"] = name
    if number:
        record["number"] = number
    set_name, rarity = _print_details(soup)
    if set_code or set_name:
        record["set"] = {k: v for k, v in (("id", set_code), ("name", set_name)) if v}
    if rarity:
        record["rarity"] = rarity

    rest = [clean(p) for p in text_of(title).removeprefix(name).split(" - ") if clean(p)]
    hp = next((m.group(1) for p in rest if (m := re.fullmatch(r"(\d+)\s*HP", p))), None)
    kinds = [clean(p) for p in text_of(kind_line).split(" - ")]
    supertype = kinds[0]
    if supertype == "Trainer":
        record["supertype"] = "Trainer"
        if len(kinds) > 1:
            record["subtypes"] = [_TRAINER_KINDS.get(kinds[1], kinds[1])]
        if hp is not None:
            record["hp"] = hp  # a Fossil is played as a Pokémon with this HP
        text = _trainer_text(card)
        if not text:
            raise ScrapeError(url, "Trainer card has no card text")
        record["rules"] = [text]
        return record
    if supertype != "Pokémon":
        raise ScrapeError(url, f"card type line names neither Pokémon nor Trainer: {text_of(kind_line)!r}")
    if hp is None:
        raise ScrapeError(url, "Pokémon card title line has no HP")
    types = [t for t in (energy_type(p) for p in rest) if t]
    if not types:
        raise ScrapeError(url, "Pokémon card title line has no type")
    stage = next((k for k in kinds[1:] if k in _STAGES), None)
    evolves = next((m.group(1) for k in kinds if (m := re.fullmatch(r"Evolves from (.+)", k))), None)
    attacks = [_attack(block, url) for block in card.find_all("div", class_="card-text-attack")]
    abilities = [_ability(block) for block in card.find_all("div", class_="card-text-ability")]
    if not attacks and not abilities:
        raise ScrapeError(url, "Pokémon card has no attack or ability blocks")
    weakness, retreat, rules = _wrr(card, url)
    record.update(
        {
            "supertype": "Pokémon",
            "hp": hp,
            "types": types[:1],
            "evolvesFrom": evolves,
            "abilities": abilities,
            "attacks": attacks,
            "weaknesses": weakness,
            "resistances": [],  # the Pocket game has no resistance
            "retreatCost": retreat,
        }
    )
    subtypes = ([stage] if stage else []) + (["ex"] if is_ex(name) else [])
    if subtypes:
        record["subtypes"] = subtypes
    if rules:
        record["rules"] = rules
    return record


def _set_and_number(name_node: Tag, url: str) -> tuple[str, str]:
    """Set code and number from the name's link ("/cards/A1/7"), else from the page URL."""
    link = name_node.find("a", href=True)
    for path in (str(link["href"]) if link is not None else "", urlparse(url).path):
        m = re.search(r"/cards/([A-Za-z0-9-]+)/(\d+)$", path)
        if m:
            return m.group(1), str(int(m.group(2)))
    return "", ""


def _print_details(soup: Tag) -> tuple[str, str]:
    """Set name and rarity symbols of the current print ("Genetic Apex (A1)", "#7 · ◊◊◊ · ...")."""
    current = soup.find(class_="card-prints-current")
    if not isinstance(current, Tag):
        return "", ""
    label = current.find(class_="text-lg")
    name = re.sub(r"\s*\([^)]*\)\s*$", "", text_of(label)) if label is not None else ""
    rarity = re.search(r"#\d+\s*·\s*([◊☆♛✵]+)", text_of(current))
    return name, rarity.group(1) if rarity else ""


def _attack(block: Tag, url: str) -> dict:
    info = block.find(class_="card-text-attack-info")
    if not isinstance(info, Tag):
        raise ScrapeError(url, "attack block has no attack line")
    symbols = info.find(class_="ptcg-symbol")
    letters = text_of(symbols).replace(" ", "") if symbols is not None else ""
    cost = [energy_type(letter) for letter in letters]
    if None in cost:
        raise ScrapeError(url, f"attack cost has an unknown energy symbol: {letters!r}")
    line = text_of(info)
    if letters and line.startswith(letters):
        line = line[len(letters) :].strip()
    m = re.fullmatch(r"(.+?)(?:\s+(\d+\s*[×xX+\-]?))?", line)
    if m is None or not m.group(1):
        raise ScrapeError(url, f"attack line has no name: {text_of(info)!r}")
    return {
        "name": m.group(1),
        "cost": cost,
        "damage": damage(m.group(2) or ""),
        "text": text_of(block.find(class_="card-text-attack-effect")),
    }


def _ability(block: Tag) -> dict:
    name = text_of(block.find(class_="card-text-ability-info"))
    return {
        "name": re.sub(r"^Ability:\s*", "", name),
        "text": text_of(block.find(class_="card-text-ability-effect")),
        "type": "Ability",
    }


def _wrr(card: Tag, url: str) -> tuple[list[dict], list[str], list[str]]:
    """Weaknesses, retreat cost and rule lines from the card's ``p.card-text-wrr`` paragraphs."""
    weakness: list[dict] | None = None
    retreat: list[str] | None = None
    rules: list[str] = []
    for para in card.find_all("p", class_="card-text-wrr"):
        for line in _lines(para):
            if m := re.fullmatch(r"Weakness:\s*(.*)", line):
                kind = energy_type(m.group(1))
                weakness = [{"type": kind, "value": POCKET_WEAKNESS_VALUE}] if kind else []
            elif m := re.fullmatch(r"Retreat:\s*(\d+)", line):
                retreat = ["Colorless"] * int(m.group(1))
            elif re.match(r"\S+ rule:", line):
                rules.append(line)
    if weakness is None:
        raise ScrapeError(url, "Pokémon card has no 'Weakness:' line")
    if retreat is None:
        raise ScrapeError(url, "Pokémon card has no 'Retreat:' line")
    return weakness, retreat, rules


def _lines(para: Tag) -> list[str]:
    """The paragraph's text split at its ``<br>`` tags."""
    lines: list[list[str]] = [[]]
    for child in para.children:
        if isinstance(child, Tag) and child.name == "br":
            lines.append([])
        else:
            lines[-1].append(text_of(child) if isinstance(child, Tag) else str(child))
    return [line for line in (clean("".join(parts)) for parts in lines) if line]


def _trainer_text(card: Tag) -> str:
    """The text section of a Trainer: the section after the title that is not the artist line."""
    sections = card.find_all("div", class_="card-text-section", recursive=False)
    for section in sections[1:]:
        if "card-text-artist" not in (section.get("class") or []):
            return text_of(section)
    return ""
