"""Serebii Pokémon TCG Pocket card-dex pages -> normalized card records (pure: text or bytes in).

The card is the ``table.tcgtable``; its ``td.cardinfo`` holds a header row (name, "120 HP", type
icon; a Trainer shows "Trainer" instead), then ability rows (an "Ability" icon, the name, the text)
and attack rows (cost icons, the name, the text after a line break, the damage), then a row of
"Weakness" and "Retreat Cost" icons, and the "7 of 226" number line with a rarity icon.

Serebii does not show a Pokémon's stage or what it evolves from, nor a Trainer's kind (Item,
Supporter, Fossil), so those keys are absent; an ex Pokémon has subtypes ["ex"] only.
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
    energies_in,
    energy_of_img,
    is_ex,
    page,
    pocket_id,
    pocket_set_code,
    text_of,
)

from tcgc.errors import ScrapeError

_RARITY_ICONS = MappingProxyType({"diamond": "◊", "star": "☆", "crown": "♛"})


def parse_card_page(html: str | bytes, url: str) -> dict:
    """The normalized record of the Serebii TCG Pocket card page `html` fetched from `url`."""
    soup = page(html, url)
    card = soup.find("table", class_="tcgtable")
    if not isinstance(card, Tag):
        raise ScrapeError(url, "not a TCG Pocket card page: no card table (table.tcgtable) found")
    info = card.find("td", class_="cardinfo")
    if not isinstance(info, Tag):
        raise ScrapeError(url, "card table has no card information cell (td.cardinfo)")

    title = text_of(soup.title)
    set_name, number = _set_and_number(title, url)
    record: dict = {}
    code = pocket_set_code(set_name) if set_name else None
    if code is not None and number:
        record["id"] = pocket_id(code, number)
    head = _header(info, url)
    record["name"] = head["name"]
    if number:
        record["number"] = number
    if set_name:
        record["set"] = {"id": code, "name": set_name} if code else {"name": set_name}
    rarity = _rarity(info)
    if rarity:
        record["rarity"] = rarity

    if head["trainer"]:
        text = _trainer_text(info)
        if not text:
            raise ScrapeError(url, "Trainer card has no card text")
        record.update({"supertype": "Trainer", "rules": [text]})
        return record

    abilities, attacks = _moves(info)
    if not attacks and not abilities:
        raise ScrapeError(url, "Pokémon card has no attack or ability rows")
    record.update(
        {
            "supertype": "Pokémon",
            "hp": head["hp"],
            "types": head["types"],
            "abilities": abilities,
            "attacks": attacks,
            "weaknesses": _weaknesses(info, url),
            "resistances": [],  # the Pocket game has no resistance
            "retreatCost": _retreat(info, url),
        }
    )
    if is_ex(head["name"]):
        record["subtypes"] = ["ex"]
    rule = _ex_rule(info)
    if rule:
        record["rules"] = [rule]
    return record


def _set_and_number(title: str, url: str) -> tuple[str, str]:
    """Set name and card number from the page title ("Genetic Apex - #7 Butterfree - ..."), the
    number falling back to the URL's file name ("007.shtml")."""
    m = re.match(r"\s*(.+?)\s+-\s+#(\d+)\b", title)
    if m:
        return m.group(1), str(int(m.group(2)))
    from_url = re.search(r"/(\d+)\.shtml$", urlparse(url).path)
    return "", str(int(from_url.group(1))) if from_url else ""


def _header(info: Tag, url: str) -> dict:
    """Name, and HP and type or the Trainer mark, from the card's first row with a bold name."""
    for row in info.find_all("tr"):
        bold = row.find("b")
        if bold is None:
            continue
        cells = row.find_all("td", recursive=False)
        row_text = text_of(row, symbols=False)
        if row.find("i") is not None and re.search(r"\bTrainer\b", text_of(row.find("i"))):
            return {"name": text_of(bold), "trainer": True}
        hp = re.search(r"(\d+)\s*HP\b", row_text)
        if hp is None:
            raise ScrapeError(url, "card header row has no HP and no Trainer mark")
        name_cell = row.find("td", class_="main") or cells[0]
        types = energies_in(row)
        if not types:
            raise ScrapeError(url, "card header row has no type icon")
        return {
            "name": text_of(name_cell.find("b") or name_cell),
            "trainer": False,
            "hp": hp.group(1),
            "types": types,
        }
    raise ScrapeError(url, "card information cell has no header row with the card name")


def _trainer_text(info: Tag) -> str:
    """The text paragraph of a Trainer (in a full-width cell; the illustrator cell has none)."""
    for cell in info.find_all("td", attrs={"colspan": "3"}):
        paragraph = cell.find("p")
        if paragraph is not None:
            return text_of(paragraph)
    return ""


def _moves(info: Tag) -> tuple[list[dict], list[dict]]:
    abilities: list[dict] = []
    attacks: list[dict] = []
    for row in info.find_all("tr"):
        cells = row.find_all("td", recursive=False)
        if len(cells) < 3:
            continue
        name_node = cells[1].find(class_="main") or cells[1].find("b")
        if name_node is None:
            continue
        name = text_of(name_node)
        text = _after_name(cells[1], name_node)
        if cells[0].find("img", alt="Ability") is not None:
            abilities.append({"name": name, "text": text, "type": "Ability"})
        elif cells[0].find("img") is not None or not text_of(cells[0]):
            attacks.append(
                {
                    "name": name,
                    "cost": energies_in(cells[0]),
                    "damage": damage(text_of(cells[2])),
                    "text": text,
                }
            )
    return abilities, attacks


def _after_name(cell: Tag, name_node: Tag) -> str:
    """The cell's text after the move name (the effect)."""
    parts = []
    node = name_node
    while node.parent is not None and node.parent is not cell:
        node = node.parent
    for sibling in node.next_siblings:
        parts.append(text_of(sibling) if isinstance(sibling, Tag) else str(sibling))
    return clean(" ".join(parts))


def _labelled_cell(info: Tag, label: str) -> Tag | None:
    for cell in info.find_all("td"):
        if clean(cell.get_text(" ")) == label and cell.find("b") is not None:
            value = cell.find_next_sibling("td")
            return value if isinstance(value, Tag) else None
    return None


def _weaknesses(info: Tag, url: str) -> list[dict]:
    cell = _labelled_cell(info, "Weakness")
    if cell is None:
        raise ScrapeError(url, "Pokémon card has no Weakness cell")
    kinds = energies_in(cell)
    value = re.search(r"[+×x]\s*\d+", text_of(cell, symbols=False))
    shown = value.group(0).replace(" ", "") if value else POCKET_WEAKNESS_VALUE
    return [{"type": kind, "value": shown} for kind in kinds]


def _retreat(info: Tag, url: str) -> list[str]:
    cell = _labelled_cell(info, "Retreat Cost")
    if cell is None:
        raise ScrapeError(url, "Pokémon card has no Retreat Cost cell")
    return [energy_of_img(img) or "Colorless" for img in cell.find_all("img")]


def _ex_rule(info: Tag) -> str:
    for cell in info.find_all("td"):
        text = text_of(cell)
        if re.match(r"When Pokémon[- ]ex has been Knocked Out", text):
            return text
    return ""


def _rarity(info: Tag) -> str:
    for img in info.find_all("img"):
        m = re.search(r"/(diamond|star|crown)(\d*)\.png$", str(img.get("src") or ""))
        if m:
            return _RARITY_ICONS[m.group(1)] * int(m.group(2) or 1)
    return ""
