"""What every reader and writer shares: sources and targets (paths or open files, text
or binary), decoding and encoding with the line of a bad character, ISO 8601 times, the
line of each row for errors, and the checks on what a writer is given. Nothing of one
format lives here.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any, Union, cast

from ..errors import FileSchemaError, ForecastTypeError
from ..ledger import Ledger
from ..ledger._columns import parse_iso_time, schema_error
from ..model import Outcome

#: A file name (``str`` or path-like) or an open text file.
Source = Union[str, "os.PathLike[str]", IO[str]]


OUTCOME_COLUMNS = ("question", "resolved_at", "outcome")


_ANNULLED = "annulled"


_BOM = b"\xef\xbb\xbf"

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _name(source: Any) -> str:
    if hasattr(source, "read") or hasattr(source, "write"):
        return str(getattr(source, "name", "<stream>"))
    return os.fsdecode(source)


def _check_file(value: Any, argument: str, method: str) -> None:
    """A file name, a path, or an open file with ``method`` (``read`` or ``write``)."""
    if hasattr(value, method) or isinstance(value, (str, bytes, os.PathLike)):
        return
    # An int would be taken by open() as a file descriptor (0 is standard input).
    raise ForecastTypeError(
        f"{argument!r} must be a file name, a path or an open file with .{method}() "
        f"(got {_shown(value)})"
    )


def _shown(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut in the middle when long (a 140 kB field in a message helps no one)."""
    try:
        text = repr(value)
    except RecursionError:
        return f"<a {type(value).__name__} nested too deeply to show>"
    if len(text) <= limit:
        return text
    size = f"{len(value)} characters, " if isinstance(value, (str, bytes)) else ""
    return f"{text[: limit // 2]}...{text[-limit // 4 :]} ({size}shortened)"


def _read_bytes(source: Source) -> tuple[bytes, str]:
    _check_file(source, "source", "read")
    if hasattr(source, "read"):
        text = source.read()
        if isinstance(text, str):
            # Lone surrogates are kept, for _decode to refuse with their line.
            data = text.encode("utf-8", "surrogatepass")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
        else:
            raise ForecastTypeError(
                f"'source'.read() must return text or bytes (got {type(text).__name__})"
            )
    else:
        with open(source, "rb") as fh:
            data = fh.read()
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    return data, _name(source)


def _decode(data: bytes, path: str) -> str:
    try:
        text: str = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileSchemaError(
            f"the file is not valid UTF-8 ({exc.reason})", path=path, line=line
        ) from None
    return text


def _is_binary(target: Any) -> bool:
    if isinstance(target, (io.RawIOBase, io.BufferedIOBase)):
        return True
    mode = getattr(target, "mode", None)
    return isinstance(mode, str) and "b" in mode


def _write_text(
    text: str, target: Source, column_of: Callable[[int], str | None] | None = None
) -> None:
    """Write ``text`` as UTF-8; ``column_of(line)`` names the column of a lone surrogate
    found on that line (the header's name, or a JSON field), for the error."""
    # The whole text is made and checked first, so that an error never leaves a
    # half-written file, and what is written is what the readers read back.
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = _line_at(text, exc.start)
        raise FileSchemaError(
            f"{_shown(_field_around(text, exc.start))} holds a lone surrogate "
            f"({text[exc.start : exc.end]!r}), which UTF-8 cannot hold (a string that was "
            "decoded with errors='surrogateescape'?)",
            path=_name(target),
            line=line,
            column=None if column_of is None else column_of(line),
        ) from None
    if hasattr(target, "write"):
        if _is_binary(target):
            cast(Any, target).write(data)
            return
        try:
            target.write(text)
        except UnicodeEncodeError as exc:
            raise FileSchemaError(
                f"the file's encoding ({exc.encoding}) cannot hold {exc.object[exc.start]!r}; "
                "open it with encoding='utf-8'",
                path=_name(target),
                line=_line_at(text, exc.start) if exc.object is text else None,
            ) from None
    else:
        with open(target, "wb") as fh:
            fh.write(data)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _field_around(text: str, pos: int) -> str:
    """The text around ``text[pos]`` up to the nearest comma, quote or line break (the
    field, or the part of it that holds ``pos``), for an error message."""
    start = max(text.rfind(c, 0, pos) for c in ',"\n\r') + 1
    ends = [e for e in (text.find(c, pos) for c in ',"\n\r') if e >= 0]
    return text[start : min(ends, default=len(text))]


def _csv_column_of(header: Sequence[str], columns: Sequence[Sequence[Any]]) -> Any:
    """``column_of`` for :func:`_write_text` on a CSV: the name of the column of the first
    field (in file order) that holds a lone surrogate."""

    def column_of(line: int) -> str | None:
        if any(_LONE_SURROGATE.search(h) for h in header):
            return None  # in the header itself: no column to name
        first: tuple[int, int] | None = None
        for j, col in enumerate(columns):
            for i, v in enumerate(col):
                if first is not None and i >= first[0]:
                    break
                if isinstance(v, str) and not v.isascii() and _LONE_SURROGATE.search(v):
                    first = (i, j)
                    break
        return None if first is None else header[first[1]]

    return column_of


def _line_at(text: str, pos: int) -> int:
    """The 1-based line of ``text[pos]``; a line ends at ``\\r\\n``, ``\\n`` or ``\\r``, as
    the csv module counts them."""
    return len(_LINE_BREAK.findall(text, 0, pos)) + 1


def _lines(path: str, line_of_row: Sequence[int]) -> Any:
    def where(row: int) -> tuple[str | None, int | None]:
        return path, (1 if row < 0 else line_of_row[row])

    return where


class _FastLines(Sequence[int]):
    """Line numbers of a CSV without quoted fields or blank lines: data row i is line i + 2."""

    def __init__(self, n: int) -> None:
        self._n = n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        return i + 2


def parse_time(text: str) -> dt.date | dt.datetime:
    """Parse ISO 8601 as the files hold it (see :func:`ledger._columns.parse_iso_time`)."""
    return parse_iso_time(text)


#: A decimal in a CSV outcome column: digits with a point or an exponent (``0.73``, ``.5``,
#: ``1e-05``, ``1.0``), never plain digits (``0``, ``1`` are hard outcomes).
_DECIMAL = re.compile(
    r"(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+", re.ASCII
)


def csv_probability(text: str) -> float | None:
    """The probability a CSV outcome text stands for: a decimal in [0, 1] (``0.73``,
    ``0.0``, ``1e-05``), else ``None`` (``0``, ``1``, ``yes``, an option name, ``1.5``)."""
    if _DECIMAL.fullmatch(text) is None:
        return None
    v = float(text)
    return v if 0.0 <= v <= 1.0 else None


def _outcome(question: Any, resolved: Any, value: Any, i: int, where: Any) -> Outcome:
    if not isinstance(question, str) or not question.strip():
        schema_error(f"{question!r} is not a non-empty string", i, "question", where)
    if not isinstance(resolved, str):
        schema_error(f"{resolved!r} is not an ISO 8601 time string", i, "resolved_at", where)
    try:
        t = parse_time(resolved)
    except ValueError as exc:
        schema_error(f"{resolved!r} is not a time ({exc})", i, "resolved_at", where)
    if value == _ANNULLED:
        return Outcome(question, t, None, annulled=True)
    if isinstance(value, str) and not value.strip():
        schema_error(
            f"{value!r} is empty: give yes/no, an option name or 'annulled'", i, "outcome", where
        )
    if isinstance(value, float):
        # A probability outcome (JSON: a number with a point or exponent; CSV: a decimal).
        if not 0.0 <= value <= 1.0:  # also NaN
            schema_error(
                f"{value!r} is not an outcome: a number with a fraction is a probability "
                "outcome, which must be in [0, 1] (a hard outcome is yes/no, true/false, 1/0, "
                "an option name or 'annulled')",
                i,
                "outcome",
                where,
            )
        return Outcome(question, t, probability=value)
    if value is None or (isinstance(value, int) and value < 0):
        schema_error(
            f"{value!r} is not an outcome (yes/no, true/false, 1/0, an option name, "
            "'annulled', or a probability in [0, 1] written with a point: 0.73)",
            i,
            "outcome",
            where,
        )
    try:
        return Outcome(question, t, value)
    except (ValueError, TypeError) as exc:
        schema_error(str(exc), i, "outcome", where)


def _outcome_items(outcomes: Any) -> list[Outcome]:
    """The outcomes as a list, each an :class:`~forecastscore.Outcome`; anything else (None,
    one outcome, a string, a mapping, an item that is no outcome) is refused."""
    if isinstance(outcomes, (Outcome, str, bytes, Mapping)) or not isinstance(outcomes, Iterable):
        raise ForecastTypeError(
            f"'outcomes' must be a list (or other iterable) of Outcome (got {_shown(outcomes)})"
        )
    items = list(outcomes)
    for i, o in enumerate(items):
        if not isinstance(o, Outcome):
            raise ForecastTypeError(f"outcomes[{i}] must be an Outcome (got {_shown(o)})")
    return items


def _refuse_quantities(items: Sequence[Outcome], kind: str) -> None:
    """Refuse an outcome of a quantity in a file of options and probabilities, where a
    number such as 0.5 would read back as a probability outcome."""
    for i, o in enumerate(items):
        if o.is_quantity:
            raise ForecastTypeError(
                f"outcomes[{i}] is an outcome of a quantity ({_shown(o.value)}"
                + (f", censored {o.censored!r}" if o.censored is not None else "")
                + f"); write it with write_quantity_outcomes_{kind}, since this file reads a "
                "number in [0, 1] as a probability outcome"
            )


def _check_ledger(ledger: Any) -> None:
    if not isinstance(ledger, Ledger):
        hint = (
            "; make one with Ledger.from_predictions(predictions)"
            if isinstance(ledger, Iterable) and not isinstance(ledger, (str, bytes))
            else ""
        )
        raise ForecastTypeError(
            f"'ledger' must be a forecastscore.ledger.Ledger (got {type(ledger).__name__}: "
            f"{_shown(ledger)}){hint}"
        )


def _outcome_text(o: Outcome) -> Any:
    if o.annulled:
        return _ANNULLED
    if o.probability is not None:
        return repr(o.probability)  # always with a point or an exponent: 0.0, 0.73, 1e-05
    if isinstance(o.value, bool):
        return "true" if o.value else "false"
    return o.value
