"""Bulbapedia TCG pages -> normalized card records and set lists (pure: text or bytes in, data out).

A card page has an infobox (a table of label/value rows: "Card name", "Type", "Hit Points", with
weakness, resistance and retreat cost as small-labelled header cells, and the expansion rows with
"English card no.") and a "Card text" section whose first box is the card's text: Pokémon Power
and attack blocks for a Pokémon, the rules text for a Trainer or Energy. Energy symbols are images;
their alt text, title or file name gives the type.

Bulbapedia names no pokemon-tcg-data set id, so a record has no "id"; it has "number" and "set".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from tcgc.scraper.html_util import clean, damage, energies_in, energy_of_img, energy_type, page, text_of

from tcgc.errors import ScrapeError

_NOT_A_CARD = "not a TCG card page: no card infobox found"
_STAGES = ("Basic", "Stage 1", "Stage 2", "BREAK", "Restored", "MEGA", "VMAX", "VSTAR", "Level-Up")
_POWER_LABEL = re.compile(
    r"(Pokémon Power|Poké-POWER|Poké-Power|Poké-BODY|Poké-Body|Ability|Ancient Trait)\s*:?"
)
_TRAINER_KINDS = (
    "Supporter",
    "Stadium",
    "Pokémon Tool",
    "Technical Machine",
    "Item",
    "Rocket's Secret Machine",
)


@dataclass(frozen=True)
class SetEntry:
    """One row of an expansion's set list."""

    #: the card number within the set without the set size ("1" of "1/102"); "" where none is printed
    number: str
    #: the card's name as listed
    name: str
    #: the absolute URL of the card's own page
    url: str
    #: "Pokémon", "Trainer" or "Energy" as the type column shows it, or None
    supertype: str | None
    #: the Pokémon's type, or the energy's type for an Energy card; None for a Trainer
    type: str | None
    #: the rarity shown ("Rare Holo", "Common"), or None where the list shows none
    rarity: str | None


def is_card_page(html: str | bytes, url: str = "<page>") -> bool:
    """Whether `html` is a Bulbapedia TCG card page (has a card infobox)."""
    return _infobox(_content(page(html, url))) is not None


def parse_card_page(html: str | bytes, url: str) -> dict:
    """The normalized record of the Bulbapedia TCG card page `html` fetched from `url`."""
    content = _content(page(html, url))
    infobox = _infobox(content)
    if infobox is None:
        raise ScrapeError(url, _NOT_A_CARD)
    fields = _fields(infobox)
    name = text_of(fields.get("card name")) or _page_title(content)
    if not name:
        raise ScrapeError(url, "card infobox has no 'Card name' value")
    record: dict = {"name": name}
    prints = _expansion_rows(infobox)
    if "english card no." in prints:
        record["number"] = prints["english card no."].split("/", 1)[0].strip()
    if "english expansion" in prints:
        record["set"] = {"name": prints["english expansion"]}
    if prints.get("rarity"):
        record["rarity"] = prints["rarity"]

    box = _card_text_box(content, url)
    blocks = _blocks(box)
    if "hit points" in fields or "evolution stage" in fields:
        record.update(_pokemon(infobox, fields, blocks, url))
    else:
        supertype, subtypes = _kind(fields, name, infobox)
        rules = [text for kind, _, text in blocks if kind == "text" and text]
        if not rules:
            raise ScrapeError(url, f"no card text found in the 'Card text' box of the {supertype} card")
        record["supertype"] = supertype
        if subtypes:
            record["subtypes"] = subtypes
        record["rules"] = rules
    return record


def parse_set_list(html: str | bytes, url: str) -> list[SetEntry]:
    """The cards of the first set list on the Bulbapedia expansion page `html` fetched from `url`."""
    content = _content(page(html, url))
    table = _set_list_table(content)
    if table is None:
        raise ScrapeError(url, "not an expansion page: no set list table (No. / Card name columns) found")
    rows = _rows(table)
    header = [clean(c.get_text(" ")).lower() for c in _cells(rows[0])]
    column = {name: header.index(name) for name in ("no.", "card name", "type", "rarity") if name in header}
    if "card name" not in column:
        raise ScrapeError(url, "set list table has no 'Card name' column")
    entries = []
    for row in rows[1:]:
        cells = _cells(row)
        if len(cells) <= column["card name"]:
            continue  # the table's closing row
        link = cells[column["card name"]].find("a", href=True)
        if link is None:
            raise ScrapeError(url, f"set list row {len(entries) + 1} has no link to a card page")
        number = text_of(cells[column["no."]]) if "no." in column else ""
        kind = cells[column["type"]] if "type" in column else None
        rarity = cells[column["rarity"]] if "rarity" in column else None
        entries.append(
            SetEntry(
                number=number.split("/", 1)[0].strip() if re.match(r"\d", number) else "",
                name=text_of(link),
                url=urljoin(url, str(link["href"])),
                supertype=_list_supertype(kind),
                type=next(iter(energies_in(kind)), None),
                rarity=_rarity(rarity),
            )
        )
    if not entries:
        raise ScrapeError(url, "set list table has no card rows")
    return entries


# -- page structure -------------------------------------------------------------------------------


def _content(soup: BeautifulSoup) -> Tag:
    content = soup.find(id="mw-content-text") or soup.body
    return content if isinstance(content, Tag) else soup


def _page_title(content: Tag) -> str:
    heading = content.find_previous("h1")
    return re.sub(r"\s*\(.*\)$", "", text_of(heading))


def _infobox(content: Tag) -> Tag | None:
    """The outermost table holding a "Card name" label cell next to its value cell."""
    for th in content.find_all("th"):
        if clean(th.get_text(" ")).lower() != "card name":
            continue
        value = th.find_next_sibling()
        if value is None or value.name != "td":
            continue  # a column header ("Card name" above a list), not a label
        tables = [t for t in th.find_parents("table") if content in t.parents]
        if tables:
            return tables[-1]
    return None


def _rows(table: Tag) -> list[Tag]:
    body = table.find("tbody", recursive=False) or table
    return body.find_all("tr", recursive=False)


def _cells(row: Tag) -> list[Tag]:
    return row.find_all(["td", "th"], recursive=False)


def _fields(infobox: Tag) -> dict[str, Tag]:
    """Label (lower case) -> value cell of each two-cell label/value row of the infobox."""
    fields: dict[str, Tag] = {}
    for row in infobox.find_all("tr"):
        cells = _cells(row)
        if len(cells) == 2 and cells[0].name == "th" and cells[1].name == "td":
            fields.setdefault(clean(cells[0].get_text(" ")).lower(), cells[1])
    return fields


def _expansion_rows(infobox: Tag) -> dict[str, str]:
    """The first expansion table's rows ("English expansion", "Rarity", "English card no.")."""
    rows: dict[str, str] = {}
    for row in infobox.find_all("tr"):
        cells = _cells(row)
        if len(cells) != 2 or cells[0].name != "td" or cells[0].find("b") is None:
            continue
        label = clean(cells[0].get_text(" ")).lower()
        if label in rows or label not in ("english expansion", "rarity", "english card no."):
            continue
        rows[label] = _rarity(cells[1]) if label == "rarity" else text_of(cells[1])
        if label == "english card no.":
            break  # the first print's rows end with its number
    return {k: v for k, v in rows.items() if v}


def _small_labelled(infobox: Tag, label: str) -> Tag | None:
    """The header cell whose small caption is `label` (weakness / resistance / retreat cost)."""
    for small in infobox.find_all("small"):
        if clean(small.get_text(" ")).lower() == label:
            cell = small.find_parent(["th", "td"])
            if cell is not None:
                return cell
    return None


def _card_text_box(content: Tag, url: str) -> Tag:
    anchor = content.find(id="Card_text")
    if anchor is None:
        raise ScrapeError(url, "card page has no 'Card text' section")
    box = anchor.find_next("table")
    if box is None:
        raise ScrapeError(url, "card page has no card text table after 'Card text'")
    return box


def _blocks(box: Tag) -> list[tuple[str, Tag, str]]:
    """The blocks of a card text box in order: ("attack", header row, ""), ("power", header row,
    label) or ("text", cell, text)."""
    blocks: list[tuple[str, Tag, str]] = []
    for row in _rows(box):
        header = row.find("th", class_="roundyleft") or row.find("th", class_="roundyright")
        if header is not None:
            blocks.append(("attack", header.find_parent("tr"), ""))
            continue
        label = next(
            (m for s in row.find_all("small") if (m := _POWER_LABEL.fullmatch(clean(s.get_text(" "))))), None
        )
        if label is not None:
            blocks.append(("power", row, label.group(1)))
            continue
        blocks.append(("text", row, text_of(row)))
    return blocks


# -- records --------------------------------------------------------------------------------------


def _pokemon(infobox: Tag, fields: dict[str, Tag], blocks: list[tuple[str, Tag, str]], url: str) -> dict:
    hp = re.search(r"\d+", text_of(fields.get("hit points")))
    if hp is None:
        raise ScrapeError(url, "card infobox has no 'Hit Points' value")
    stage_text = text_of(fields.get("evolution stage"))
    stage = next((s for s in _STAGES if re.search(rf"\b{re.escape(s)}\b", stage_text)), None)
    evolves = re.search(r"Evolves from (.+)$", stage_text)
    types = _types(fields.get("type"))
    if not types:
        raise ScrapeError(url, "card infobox has no 'Type' value")
    abilities: list[dict] = []
    attacks: list[dict] = []
    last: dict | None = None
    for kind, node, extra in blocks:
        if kind == "attack":
            last = _attack(node)
            attacks.append(last)
        elif kind == "power":
            last = {"name": _power_name(node), "text": "", "type": _power_type(extra)}
            abilities.append(last)
        elif last is not None and extra:
            last["text"] = f"{last['text']} {extra}".strip()
    if not attacks and not abilities:
        raise ScrapeError(url, "card text box has no attack or Pokémon Power blocks")
    level = re.search(r"LV\.\s*(\d+|X)", text_of(infobox))
    record: dict = {
        "supertype": "Pokémon",
        "hp": hp.group(0),
        "types": types,
        "evolvesFrom": evolves.group(1).strip() if evolves else None,
        "abilities": abilities,
        "attacks": attacks,
        "weaknesses": _modifiers(_small_labelled(infobox, "weakness")),
        "resistances": _modifiers(_small_labelled(infobox, "resistance")),
        "retreatCost": _retreat(_small_labelled(infobox, "retreat cost"), url),
    }
    if stage:
        record["subtypes"] = [stage]
    if level:
        record["level"] = level.group(1)
    return record


def _types(cell: Tag | None) -> list[str]:
    if cell is None:
        return []
    found = energies_in(cell)
    if found:
        return found
    words = (energy_type(w) for w in re.split(r"[\s/,]+", text_of(cell)))
    return [w for w in words if w]


def _attack(row: Tag) -> dict:
    cells = _cells(row)
    cost_cell = row.find("th", class_="roundyleft") or cells[0]
    damage_cell = row.find("th", class_="roundyright")
    name_cell = next((c for c in cells if c is not cost_cell and c is not damage_cell), None)
    return {
        "name": _first_line(name_cell),
        "cost": energies_in(cost_cell),
        "damage": damage(text_of(damage_cell)),
        "text": "",
    }


def _first_line(cell: Tag | None) -> str:
    """The cell's own text before its first ``<br>``/``<small>`` (the Japanese name follows them)."""
    if cell is None:
        return ""
    parts = []
    for child in cell.descendants:
        if isinstance(child, Tag) and child.name in ("br", "small"):
            break
        if not isinstance(child, Tag):
            parts.append(str(child))
    return clean("".join(parts))


def _power_name(row: Tag) -> str:
    """The name in a power header row: the first cell with text that does not hold the label."""
    label = next(s for s in row.find_all("small") if _POWER_LABEL.fullmatch(clean(s.get_text(" "))))
    for cell in row.find_all(["td", "th"]):
        if label not in cell.descendants and (name := _first_line(cell)):
            return name
    return ""


def _power_type(label: str) -> str:
    return {"Poké-POWER": "Poké-Power", "Poké-BODY": "Poké-Body"}.get(label, label)


def _modifiers(cell: Tag | None) -> list[dict]:
    if cell is None:
        return []
    kinds = energies_in(cell)
    value = re.search(r"[×x+\-−]\s*\d+", text_of(cell, symbols=False))
    if not kinds:
        return []
    shown = value.group(0).replace(" ", "").replace("x", "×").replace("−", "-") if value else ""
    return [{"type": kind, "value": shown} for kind in kinds]


def _retreat(cell: Tag | None, url: str) -> list[str]:
    if cell is None:
        raise ScrapeError(url, "card infobox has no retreat cost cell")
    return [energy_of_img(img) or "Colorless" for img in cell.find_all("img")]


def _kind(fields: dict[str, Tag], name: str, infobox: Tag) -> tuple[str, list[str]]:
    """Supertype and subtypes of a card that is not a Pokémon."""
    values = " ".join(text_of(cell, symbols=False) for label, cell in fields.items() if "type" in label)
    supertype = "Energy" if "Energy" in values or name.endswith("Energy") else "Trainer"
    if supertype == "Energy":
        return supertype, ["Special" if "Special" in values else "Basic"]
    shown = values or text_of(infobox, symbols=False)
    return supertype, [k for k in _TRAINER_KINDS if re.search(rf"\b{re.escape(k)}\b", shown)][:1]


# -- set lists ------------------------------------------------------------------------------------


def _set_list_table(content: Tag) -> Tag | None:
    """The first set list table in the "Set lists" section, else the first on the page (the
    information section can hold a table of additional prints before the set list)."""
    anchor = content.find(id="Set_lists")
    if anchor is not None:
        found = next((t for t in anchor.find_all_next("table") if _is_set_list(t)), None)
        if found is not None:
            return found
    return next((t for t in content.find_all("table") if _is_set_list(t)), None)


def _is_set_list(table: Tag) -> bool:
    rows = _rows(table)
    if not rows:
        return False
    header = [clean(c.get_text(" ")).lower() for c in _cells(rows[0])]
    return "no." in header and "card name" in header


def _list_supertype(cell: Tag | None) -> str | None:
    if cell is None:
        return None
    letters = text_of(cell, symbols=False)
    if letters == "T":
        return "Trainer"
    if letters == "E":
        return "Energy"
    return "Pokémon" if energies_in(cell) else None


def _rarity(cell: Tag | None) -> str | None:
    if cell is None:
        return None
    for node in cell.find_all(["img", "a"]):
        label = str(node.get("alt") or node.get("title") or "").strip()
        if label:
            return label
    shown = text_of(cell)
    return shown if shown and shown not in ("—", "-") else None
