"""Exceptions raised by tcgc.

TcgcError
 +-- SpecError            a spec failed to parse or check (carries diagnostics)
 +-- CodegenError         lowering or emitting an engine failed
 +-- EngineError          an engine could not be loaded or used
 +-- ScrapeError          a source could not be fetched or read (names the URL or file and what was missing)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tcgc.diagnostics import Diagnostic


class TcgcError(Exception):
    """Root of every error tcgc raises on purpose."""


class SpecError(TcgcError):
    """The spec has errors; `diagnostics` holds every one found, rendered in `str()`."""

    def __init__(self, diagnostics: Sequence[Diagnostic], rendered: str) -> None:
        super().__init__(rendered)
        self.diagnostics = tuple(diagnostics)


class CodegenError(TcgcError):
    """The IR could not be lowered or emitted."""


class EngineError(TcgcError):
    """An engine module is missing, stale or was used wrongly."""


class ScrapeError(TcgcError):
    """A scrape source could not be fetched or read; the message names the URL or file and what is wrong."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
