"""CSV text the csv module reads: files that are not simple enough for the numpy splitter
(quoted fields, fields of any length, NUL characters), with RFC 4180 quoting checked first so
that a stray quote is an error at its line and column.

What lives here: ``_split_csv`` (header, columns and each row's line) and the quoting checks.
What does not: the fast numpy splitter and the column conversions (:mod:`._csv_columns`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import threading
from collections.abc import Iterator
from typing import NoReturn

from ..errors import FileSchemaError
from ._files import _line_at


def _split_csv(text: str, path: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, columns and the line of each row, by the csv module (blank lines skipped).

    Quoting is checked first (:func:`_check_quoting`), so that a stray ``"`` is an error at
    its line rather than a field that swallows the rest of the file. Fields of any length
    are read (the csv module's field limit is raised for the call when the text is longer),
    and NUL characters too (Python 3.10's csv module refuses them: they are swapped for a
    character the text does not hold and back)."""
    _check_quoting(text, path)
    nul = None
    if "\x00" in text:
        nul = next(c for c in map(chr, range(0xE000, 0x10FFFF)) if c not in text)
        text = text.replace("\x00", nul)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    with _field_limit(len(text)):
        try:
            for row in reader:
                if row:
                    if header is None:
                        header = row
                    else:
                        if len(row) != len(header):
                            raise FileSchemaError(
                                f"expected {len(header)} fields ({','.join(header)}), "
                                f"got {len(row)}",
                                path=path,
                                line=start,
                            )
                        rows.append(row)
                        lines.append(start)
                start = reader.line_num + 1
        except csv.Error as exc:  # pragma: no cover - _check_quoting finds these first
            raise FileSchemaError(f"malformed CSV ({exc})", path=path, line=start) from None
    if header is None:
        raise FileSchemaError("the file is empty: expected a header line", path=path, line=1)
    if nul is not None:
        header = [h.replace(nul, "\x00") for h in header]
        rows = [[f.replace(nul, "\x00") for f in row] for row in rows]
    columns = [list(col) for col in zip(*rows, strict=False)] if rows else [[] for _ in header]
    return header, columns, lines


_FIELD_LIMIT_LOCK = threading.Lock()


@contextlib.contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Let the csv module read fields up to ``size`` characters for the duration.

    The limit is the csv module's global setting, so it is raised only when the text is
    longer than the limit (so that no field can exceed it), and restored afterwards."""
    if size < csv.field_size_limit():
        yield
        return
    with _FIELD_LIMIT_LOCK:
        old = csv.field_size_limit(max(size + 1, csv.field_size_limit()))
        try:
            yield
        finally:
            csv.field_size_limit(old)


#: Where a field can end: a comma, a line end or the end of the text.
_FIELD_END = frozenset({",", "\r", "\n", ""})


def _check_quoting(text: str, path: str) -> None:
    """Refuse malformed quoting, at the line where it is.

    RFC 4180: a field is either quoted, from a ``"`` at its start to the ``"`` that ends it
    (a ``"`` inside written ``""``), followed by a comma or a line end; or unquoted, with no
    ``"`` in it. A walk over the quote characters only (plain text costs nothing) finds:
    a quoted field never closed (which would swallow every later row into one field), text
    after a closing quote, and a ``"`` inside an unquoted field."""
    pos = text.find('"')
    n = len(text)
    while pos >= 0:
        before = text[pos - 1] if pos else ""
        if before not in _FIELD_END:
            _quoting_error(
                text, path, pos, f"a '\"' inside an unquoted field, at {_context(text, pos)}"
            )
        # A quoted field: find its closing quote (a doubled quote is a quote in the text).
        close = text.find('"', pos + 1)
        while close >= 0 and text[close + 1 : close + 2] == '"':
            close = text.find('"', close + 2)
        if close < 0:
            _quoting_error(
                text,
                path,
                pos,
                "the quoted field that starts here is never closed (no matching '\"'), so it "
                "would run to the end of the file",
            )
        after = text[close + 1 : close + 2]
        if after not in _FIELD_END:
            _quoting_error(
                text,
                path,
                close + 1,
                f"text after the closing '\"' of a quoted field at {_context(text, close + 1)}; "
                "a field with a '\"' in it is quoted whole, the '\"' doubled",
            )
        pos = text.find('"', close + 1) if close + 1 < n else -1


def _context(text: str, pos: int) -> str:
    return repr(text[max(0, pos - 10) : pos + 10])


def _quoting_error(text: str, path: str, pos: int, message: str) -> NoReturn:
    line = _line_at(text, pos)
    column = _column_at(text, pos)
    raise FileSchemaError(f"malformed CSV: {message}", path=path, line=line, column=column)


def _column_at(text: str, pos: int) -> str | None:
    """The header's name for the field that holds ``text[pos]``, when it is plain to see:
    no quoted field before it on its line or in the header (else None)."""
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    head = _FIRST_LINE.search(text)
    if head is None or start <= head.start() or '"' in head.group(0) or '"' in text[start:pos]:
        return None
    names = head.group(0).split(",")
    index = text.count(",", start, pos)
    return names[index] if index < len(names) else None


_FIRST_LINE = re.compile(r"[^\r\n]+")
