"""Write a scrape's files all at once, or not at all.

Every file is rendered and parsed back before anything touches the disk; then the files are written
into a fresh temporary folder beside the output and moved into place one by one (each move atomic).
A scrape that fails at any point before the moves leaves the output folder exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from tcgc.errors import ScrapeError


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ScrapeError(rel, "refusing to write a file outside the output folder")
    return path


def write_tree(out: Path, files: dict[str, str]) -> list[Path]:
    """Write `files` (relative path -> text) under `out`; returns the written paths, in order."""
    rels = [_safe(rel) for rel in files]
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.scrape-", dir=out.parent))
    try:
        for rel, text in zip(rels, files.values()):
            target = stage.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        written = []
        for rel in rels:
            final = out.joinpath(*rel.parts)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage.joinpath(*rel.parts), final)
            written.append(final)
        return written
    finally:
        shutil.rmtree(stage, ignore_errors=True)
