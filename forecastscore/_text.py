"""Plain-text tables, shared by the command line and every printable result.

What lives here: number formatting, cutting long ids the same way everywhere, and aligned
columns. What does not: what goes into the tables (each result class builds its own rows).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# --- text tables (shared with the command line) ---------------------------------------


def format_number(v: float | None, digits: int = 4) -> str:
    if v is None or math.isnan(v):
        return "-"
    if math.isinf(v):
        return "inf"
    return f"{v:.{digits}f}"


def cut_text(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """A plain-text table: left-aligned text, right-aligned numbers."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    return "\n".join(out)
