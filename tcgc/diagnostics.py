"""Source spans and diagnostics, rendered as `file:line:col: severity[code]: message` with a caret."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Span:
    """Where a node came from: one-indexed line and column, as editors count."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a spec."""

    code: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.span.file,
            "line": self.span.line,
            "col": self.span.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message + (f"; {self.hint}" if self.hint else ""),
        }


def render(diag: Diagnostic, sources: dict[str, str]) -> str:
    """Render a diagnostic with the source line and a caret under the column."""
    head = f"{diag.span}: {diag.severity}[{diag.code}]: {diag.message}"
    if diag.hint:
        head += f"; {diag.hint}"
    text = sources.get(diag.span.file)
    if text is None:
        return head
    lines = text.splitlines()
    if not 1 <= diag.span.line <= len(lines):
        return head
    line = lines[diag.span.line - 1].replace("\t", " ")
    caret = " " * (diag.span.col - 1) + "^"
    return f"{head}\n    {line}\n    {caret}"


def render_all(diags: list[Diagnostic] | tuple[Diagnostic, ...], sources: dict[str, str]) -> str:
    return "\n".join(render(d, sources) for d in diags)
