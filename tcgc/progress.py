"""A small progress reporter for long commands (stderr only; quiet when asked)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`update(done, total)` redraws one status line on a terminal, or prints every few seconds otherwise."""

    def __init__(self, label: str, *, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.last = 0.0
        self.start = time.monotonic()

    def update(self, done: int, total: int, note: str = "") -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if not self.tty and now - self.last < 5 and done < total:
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = f"{self.label} [{bar}] {done}/{total} {note} ({now - self.start:.0f}s)"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self, message: str = "") -> None:
        if self.quiet:
            return
        if self.tty:
            self.stream.write("\r" + " " * 120 + "\r")
        if message:
            self.stream.write(message + "\n")
        self.stream.flush()
