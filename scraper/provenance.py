"""Provenance of a scraped spec file: where its facts came from, when, and the bytes' hash.

Every file `tcgc scrape` writes starts with `header(...)`. The retrieval time is the time the bytes
were fetched (an HTTP response's fetch time, kept in the cache so a rerun from the cache says the
same) or, for a local file, the time it was read; `SOURCE_DATE_EPOCH` (the reproducible-builds
convention) overrides it so that checked-in scrapes regenerate byte for byte.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Provenance:
    source: str  # URL or file path as given
    retrieved: str  # ISO-8601 UTC, seconds
    sha256: str  # of the raw bytes the facts were read from
    kind: str  # the source's format, e.g. "pokemontcg-api-v2", "bulbapedia-card-page"


def now_iso(fetched_at: float | None = None) -> str:
    """`SOURCE_DATE_EPOCH` when set, else `fetched_at` (epoch seconds), else now; ISO-8601 UTC."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = (
        float(pinned) if pinned else (fetched_at if fetched_at is not None else datetime.now(UTC).timestamp())
    )
    return datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def of_bytes(source: str, raw: bytes, kind: str, fetched_at: float | None = None) -> Provenance:
    return Provenance(source, now_iso(fetched_at), hashlib.sha256(raw).hexdigest(), kind)


def header(provs: list[Provenance] | tuple[Provenance, ...], note: str = "") -> tuple[str, ...]:
    """Comment lines (without the `# ` marker's newline) for the top of a scraped spec file."""
    lines = []
    for p in provs:
        lines.append(f"# Source: {_inert(p.source)} ({p.kind})")
        lines.append(f"#   retrieved {p.retrieved}, sha256 {p.sha256[:16]}")
    if note:
        lines.append(f"# {_inert(note)}")
    return tuple(lines)


def _inert(text: str) -> str:
    """One line of comment text: control characters and newlines become spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in text)
