"""Plain-text tables, shared by the command line and every printable result.

What lives here: the one number formatter (four significant digits, so that a small score
reads ``3.721e-05``, never ``0.0000``), the one way long ids are cut (:func:`cut_text`),
aligned columns that fit in :data:`WIDTH` columns, and footnotes wrapped to that width. What
does not: what goes into the tables (each result class builds its own rows).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence

#: Columns a text table fits in by default (text columns are cut to fit).
WIDTH = 100

#: What cuts a long id (the command line writes ``~`` instead on an ASCII-only terminal).
ELLIPSIS = "\u2026"

#: Narrowest a text column is cut to when a table must shrink to fit.
_MIN_TEXT = 8

#: The footnote of a ``-`` in an interval column.
NO_INTERVAL_NOTE = (
    "-: no interval (fewer than {min_questions} questions, probability ranges, or an infinite mean)"
)


def format_number(v: float | None, digits: int = 4) -> str:
    """``v`` to ``digits`` significant digits: ``0.49``, ``3.721e-05``, ``1.204``.

    ``None`` and NaN are ``-``; infinities ``inf`` and ``-inf``. A number of ``digits`` or
    more integer digits (below 1e15) prints whole (``12345``), not in exponent form.
    """
    if v is None or math.isnan(v):
        return "-"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    text = f"{v:.{digits}g}"
    if "e+" in text and abs(v) < 1e15:
        return f"{v:.0f}"
    return text


def format_bounds(low: float | None, high: float | None) -> str:
    """``low..high`` (a probability range, or a best..worst score)."""
    return f"{format_number(low)}..{format_number(high)}"


def format_score(score: float | None, best: float | None, worst: float | None) -> str:
    """A score, or ``best..worst`` where there is no single score (a probability range)."""
    if (score is None or math.isnan(score)) and best is not None and not math.isnan(best):
        return format_bounds(best, worst)
    return format_number(score)


def format_interval(low: float | None, high: float | None) -> str:
    """``[low, high]``, or ``-`` where there is no interval (see :data:`NO_INTERVAL_NOTE`)."""
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return "-"
    return f"[{format_number(low)}, {format_number(high)}]"


def cut_text(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the last one an ellipsis where it was cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + ELLIPSIS if width > 0 else ""


def notes(lines: Iterable[str], width: int = WIDTH) -> str:
    """Footnotes, each wrapped to ``width`` columns (continuation lines indented)."""
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False))
    return "\n".join(out)


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: set[int],
    *,
    width: int = WIDTH,
    whole: frozenset[int] = frozenset(),
    floors: Mapping[int, int] | None = None,
) -> str:
    """A plain-text table: left-aligned text, right-aligned numbers, at most ``width`` wide.

    Numbers (columns in ``numeric``) and the text columns in ``whole`` (times) are never cut;
    where the table is too wide, the widest other text columns are cut (:func:`cut_text`),
    down to no less than their header or 8 characters, whichever is more, or than
    ``floors[i]`` for column ``i`` (a column of forecasts keeps its numbers whole and cuts
    only the long mappings over options).
    """
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    floors = floors or {}
    floor = [
        widths[i]
        if i in numeric or i in whole
        else min(widths[i], max(len(h), _MIN_TEXT, floors.get(i, 0)))
        for i, h in enumerate(headers)
    ]
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        # Cut the widest text column that can still give, one character at a time.
        slack = [(w, i) for i, w in enumerate(widths) if w > floor[i]]
        if not slack:
            break
        w, i = max(slack)
        widths[i] = w - 1
        excess -= 1

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if i in numeric else cut_text(c, w).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    return "\n".join(out)
