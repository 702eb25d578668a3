"""Helpers shared by the card-page and Pocket parsers: decoding, text, energy symbols, Pocket ids.

Decoding policy: pages are read as UTF-8 (a UTF-8 byte-order mark is allowed). Bytes that are not
UTF-8 are reported as a ScrapeError, never replaced or guessed at, because a replaced character
would silently change card text ("Pokémon") and a guessed encoding can turn a page into plausible
garbage. A page must also end with its closing ``</html>`` tag; one that does not was cut off in
transfer and is reported as truncated, even when the part that arrived looks complete.
"""

from __future__ import annotations

import importlib.util
import re
from types import MappingProxyType

from bs4 import BeautifulSoup, NavigableString, Tag

from tcgc.errors import ScrapeError

#: the parser BeautifulSoup uses: lxml when it is installed, else the standard library's
PARSER = "lxml" if importlib.util.find_spec("lxml") is not None else "html.parser"

#: energy type names, keyed by every lower-case spelling the sources use for the symbol: the
#: one-letter card symbols, the type names, and the image-file stems of Bulbapedia and Serebii
ENERGY_TYPES = MappingProxyType(
    {
        "g": "Grass",
        "grass": "Grass",
        "r": "Fire",
        "fire": "Fire",
        "w": "Water",
        "water": "Water",
        "l": "Lightning",
        "lightning": "Lightning",
        "electric": "Lightning",
        "p": "Psychic",
        "psychic": "Psychic",
        "f": "Fighting",
        "fighting": "Fighting",
        "d": "Darkness",
        "darkness": "Darkness",
        "dark": "Darkness",
        "m": "Metal",
        "metal": "Metal",
        "steel": "Metal",
        "n": "Dragon",
        "dragon": "Dragon",
        "y": "Fairy",
        "fairy": "Fairy",
        "c": "Colorless",
        "colorless": "Colorless",
        "colourless": "Colorless",
        "normal": "Colorless",
    }
)

#: the one-letter symbol of each type, as the Pocket data writes a symbol inside card text ("[C]")
TYPE_LETTERS = MappingProxyType(
    {
        "Grass": "G",
        "Fire": "R",
        "Water": "W",
        "Lightning": "L",
        "Psychic": "P",
        "Fighting": "F",
        "Darkness": "D",
        "Metal": "M",
        "Dragon": "N",
        "Fairy": "Y",
        "Colorless": "C",
    }
)

#: Pocket expansion names -> set codes (the booster_pack names of the Pocket database); looked up by
#: `pocket_set_code` with case, spaces and punctuation ignored, so "Promo-A" matches "Promo A"
POCKET_SETS = MappingProxyType(
    {
        "Genetic Apex": "A1",
        "Mythical Island": "A1a",
        "Space-Time Smackdown": "A2",
        "Triumphant Light": "A2a",
        "Shining Revelry": "A2b",
        "Celestial Guardians": "A3",
        "Extradimensional Crisis": "A3a",
        "Eevee Grove": "A3b",
        "Wisdom of Sea and Sky": "A4",
        "Secluded Springs": "A4a",
        "Deluxe Pack: ex": "A4b",
        "Mega Rising": "B1",
        "Crimson Blaze": "B1a",
        "Fantastical Parade": "B2",
        "Paldean Wonders": "B2a",
        "Mega Shine": "B2b",
        "Pulsing Aura": "B3",
        "Paradox Drive": "B3a",
        "Everyday Wonders": "B3b",
        "Ruler of the Skies": "B4",
        "Promo A": "P-A",
        "Promo B": "P-B",
    }
)

#: Pocket weakness is always +20 damage; pages and data that give only the type mean this value
POCKET_WEAKNESS_VALUE = "+20"

_SPACE = re.compile(r"\s+")
_DAMAGE = re.compile(r"(\d+)\s*([×xX+\-−]?)")
_CLOSING_HTML = re.compile(r"</html\s*>\s*(?:<!--.*?-->\s*)*\Z", re.IGNORECASE | re.DOTALL)


def decode(raw: str | bytes, source: str) -> str:
    """The text of `raw`: bytes must be UTF-8 (see the module docstring); str is returned as is."""
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.end == len(raw):
            raise ScrapeError(source, "page is truncated: it ends inside a UTF-8 character") from None
        bad = raw[e.start : e.end].hex(" ")
        raise ScrapeError(
            source,
            f"page is not UTF-8 text: invalid byte(s) {bad} at offset {e.start} (not decoded by guessing)",
        ) from None


def page(raw: str | bytes, source: str) -> BeautifulSoup:
    """The parsed page; raises ScrapeError for undecodable bytes and for a page cut off before ``</html>``."""
    text = decode(raw, source)
    if not _CLOSING_HTML.search(text.rstrip()):
        raise ScrapeError(source, "page is truncated: no closing </html> tag")
    return BeautifulSoup(text, PARSER)


def clean(text: str) -> str:
    """`text` with runs of white space made one space and the ends stripped."""
    return _SPACE.sub(" ", text).strip()


def text_of(node: Tag | NavigableString | None, *, symbols: bool = True) -> str:
    """The visible text of `node` with white space collapsed; ``<br>`` is a space and, when `symbols`,
    an energy image is written as its bracketed letter ("[C]"), as card text writes symbols."""
    if node is None:
        return ""
    parts: list[str] = []
    _collect(node, parts, symbols)
    text = clean("".join(parts))
    return re.sub(r"\s+([,.;:!?)])", r"\1", text)


def _collect(node: Tag | NavigableString, parts: list[str], symbols: bool) -> None:
    if isinstance(node, NavigableString):
        if type(node) is NavigableString:  # leaves out comments, CDATA, doctype
            parts.append(str(node))
        return
    if node.name in ("script", "style"):
        return
    if node.name == "br":
        parts.append(" ")
        return
    if node.name == "img":
        kind = energy_of_img(node) if symbols else None
        if kind is not None:
            parts.append(f"[{TYPE_LETTERS.get(kind, kind)}]")
        return
    for child in node.children:
        if isinstance(child, (Tag, NavigableString)):
            _collect(child, parts, symbols)


def energy_type(token: str | None) -> str | None:
    """The type name of an energy symbol written as a letter, a name or an image-file stem, or None."""
    if not token:
        return None
    key = token.strip().lower()
    key = re.sub(r"[\s_-]*(?:energy|attack|type|icon)$", "", key)
    return ENERGY_TYPES.get(key)


def energy_of_img(img: Tag) -> str | None:
    """The energy type an ``<img>`` stands for, from its alt or title text or its file name, or None."""
    for attr in ("alt", "title"):
        found = energy_type(str(img.get(attr) or ""))
        if found is not None:
            return found
    src = str(img.get("src") or "")
    stem = src.rsplit("/", 1)[-1].split("?", 1)[0]
    stem = re.sub(r"^\d+px-", "", stem)
    stem = re.sub(r"\.(?:png|gif|jpe?g|svg|webp)$", "", stem, flags=re.IGNORECASE)
    return energy_type(stem)


def energies_in(node: Tag | None) -> list[str]:
    """The energy types of the images inside `node`, in order (images that are not energy are skipped)."""
    if node is None:
        return []
    found = (energy_of_img(img) for img in node.find_all("img"))
    return [kind for kind in found if kind is not None]


def damage(text: str) -> str:
    """A printed damage value: "30", "30×", "10+", "50-"; "" when none. "x" is written "×"."""
    m = _DAMAGE.search(text or "")
    if m is None:
        return ""
    suffix = {"x": "×", "X": "×", "−": "-"}.get(m.group(2), m.group(2))
    return m.group(1) + suffix


def pocket_set_code(name: str) -> str | None:
    """The set code of a Pocket expansion name ("Genetic Apex" -> "A1"), or None when unknown."""
    key = _fold(name)
    return next((code for set_name, code in POCKET_SETS.items() if _fold(set_name) == key), None)


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def pocket_id(set_code: str, number: str | int) -> str:
    """The record id of a Pocket card: set "A1", number 1 -> "a1-001"."""
    return f"{set_code.lower()}-{int(number):03d}"


def is_ex(name: str) -> bool:
    """Whether a Pocket card name is that of a Pokémon ex ("Venusaur ex", "Mega Venusaur ex")."""
    return re.search(r"\bex$", name.strip()) is not None
