"""Jinja filters of the code generator: every spec value reaches generated code through these.

Strings become Python literals with `repr`, so names and texts holding quotes, backslashes,
newlines, `{{`/`{%` or code stay inert data.
"""

from __future__ import annotations

import re

import numpy as np

WIDTH = 100


def pyrepr(value: object) -> str:
    """A Python literal for `value` (str, int, float, bool, None, or lists/tuples of those)."""
    if isinstance(value, list | tuple):
        items = [pyrepr(v) for v in value]
        one_line = "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if len(one_line) <= WIDTH:
            return one_line
        return "(\n" + "".join(f"    {item},\n" for item in items) + ")"
    if isinstance(value, str | int | float | bool) or value is None:
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}")


def _flat(values: np.ndarray) -> str:
    return "[" + ", ".join(str(int(v)) for v in values.reshape(-1)) + "]"


def _nested(a: np.ndarray) -> str:
    if a.ndim == 1:
        return _flat(a)
    return "[" + ", ".join(_nested(x) for x in a) + "]"


def nparray(a: np.ndarray, row_labels: list[str] | None = None) -> str:
    """`np.array(...)` source for an integer array, one first-axis row a line when that is long."""
    dtype = f"np.{a.dtype.name}"
    text = _nested(a)
    if len(text) + 20 <= WIDTH:
        return f"np.array({text}, dtype={dtype})"
    lines = ["np.array(", "    ["]
    if a.ndim == 1:
        items = [str(int(v)) for v in a]
        line = "       "
        for item in items:
            if len(line) + len(item) + 2 > WIDTH:
                lines.append(line.rstrip())
                line = "       "
            line += f" {item},"
        lines.append(line.rstrip())
    else:
        for i, row in enumerate(a):
            label = f"  # {comment_safe(row_labels[i])}" if row_labels and i < len(row_labels) else ""
            lines.append(f"        {_nested(row)},{label}")
    lines += ["    ],", f"    dtype={dtype},", ")"]
    return "\n".join(lines)


def comment_safe(text: object) -> str:
    """Text for a comment or docstring: only letters, digits and plain punctuation survive."""
    return re.sub(r"[^A-Za-z0-9 _.,/:+()-]", "?", str(text))


FILTERS = {"pyrepr": pyrepr, "nparray": nparray, "comment_safe": comment_safe}
