r"""Files in and out: predictions and outcomes as CSV and JSON Lines, losslessly.

What lives here: one small pair of functions per format and kind (``read_predictions_csv`` /
``write_predictions_csv``, ``read_outcomes_csv`` / ``write_outcomes_csv``, and the same for
JSON Lines). What does not: the columns themselves (:class:`forecastscore.ledger.Ledger`) and
pandas interop (:meth:`Ledger.to_pandas <forecastscore.ledger.Ledger.to_pandas>`).

The formats (UTF-8; times ISO 8601: ``2022-01-03`` is a date, a whole UTC day; a datetime
needs its offset, ``2022-01-03T12:00:00+02:00`` or ``...Z``):

- predictions: ``question,forecaster,made_at,probability`` plus optional ``option`` (one row
  per option of a categorical forecast: consecutive rows with the same question, forecaster
  and ``made_at``), ``source`` and ``quote``. A probability range is written ``low..high``
  (``0.2..0.45``) in CSV and ``{"low": 0.2, "high": 0.45}`` in JSON Lines.
- outcomes: ``question,resolved_at,outcome``, where the outcome is ``yes``/``no``,
  ``true``/``false``, ``1``/``0``, an option name, or ``annulled``.

What is lossless: floats are written with ``repr`` and so read back exactly; dates stay dates
and datetimes keep their UTC offset; other columns are kept (as text in CSV, as JSON values in
JSON Lines) and written back; row order is kept; text of any length, with commas, quotes, line
breaks, NUL characters or any Unicode, reads back as written. What CSV cannot tell apart: an
empty ``source`` or ``quote`` is read as ``None``; an integer outcome is written as its digits
and read back as text (``"1"``); ``true``/``false`` are read as booleans. These mean the same
option when scored: an outcome value is matched to a question's options by its text form (see
:meth:`Outcome.option_index <forecastscore.Outcome.option_index>`), so ``1`` and ``"1"`` name
the same option, and the same outcomes score the same from CSV and from JSON Lines. JSON Lines
keeps the types as they were. The text written is the canonical spelling of the values read
(UTC as ``+00:00``, numbers by ``repr``, the columns in a fixed order, optional columns only
when used), so writing what was read and then reading and writing again gives the same bytes.

CSV follows RFC 4180: a field holding a comma, a ``"``, or a line break is quoted whole, with
each ``"`` in it doubled. Anything else is malformed and an error at its line: a quoted field
that is never closed (which would otherwise swallow every later row into one field), text after
a closing quote, or a ``"`` inside an unquoted field.

What cannot be held without loss is refused with a schema error rather than changed: a time
finer than a microsecond, year 0000, text that is not UTF-8 (a lone surrogate), and in JSON
Lines ``NaN``, ``Infinity``, a float that overflows, an integer of more than 4300 digits, a key
given twice in one object (strict RFC 8259), or a value nested more than
:data:`MAX_JSON_DEPTH` (200) levels deep. The writers refuse the same things, naming the line
and column, so that whatever they write reads back; they take a ledger (the prediction
writers) or a list of :class:`~forecastscore.Outcome` (the outcome writers) and refuse
anything else with :class:`~forecastscore.ForecastTypeError`.

A file that breaks its schema raises :class:`~forecastscore.FileSchemaError` with the file,
line and column: ``predictions.csv:14: column 'probability': '1.3' is not a probability in
[0, 1]``; an unknown column is kept, a missing required one is an error.

The CSV reader splits simple files (no quoted fields, ``\n`` line ends) with numpy and
converts columns as arrays, and falls back to the :mod:`csv` module for the rest.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, NoReturn, Union, cast

import numpy as np
import numpy.typing as npt

from ._checks import check_choice
from ._text import cut_text
from .errors import FileSchemaError, ForecastTypeError, InvalidOutcomeError, ShapeError
from .ledger import Ledger
from .ledger._build import KNOWN_COLUMNS, REQUIRED_COLUMNS, assemble, from_records
from .ledger._columns import DAY_US, schema_error, time_parts
from .model import Outcome, ProbabilityRange

__all__ = [
    "OutcomeList",
    "read_outcomes_csv",
    "read_outcomes_jsonl",
    "read_predictions_csv",
    "read_predictions_jsonl",
    "write_outcomes_csv",
    "write_outcomes_jsonl",
    "write_predictions_csv",
    "write_predictions_jsonl",
]

#: A file name (``str`` or path-like) or an open text file.
Source = Union[str, "os.PathLike[str]", IO[str]]

OUTCOME_COLUMNS = ("question", "resolved_at", "outcome")
_ANNULLED = "annulled"
_BOM = b"\xef\xbb\xbf"


class OutcomeList(list[Outcome]):
    r"""A list of :class:`~forecastscore.Outcome` read from a file, with its extra columns
    and where each outcome came from.

    Made by :func:`read_outcomes_csv` and :func:`read_outcomes_jsonl`. The file's columns
    beyond ``question``, ``resolved_at`` and ``outcome`` are kept in :attr:`extra` (column
    name to one value per outcome), so that :func:`write_outcomes_csv` writes them back, and
    the file and line of each outcome in :attr:`origin`, so that an error found later (an
    outcome that is no option of its question, found only when scoring) can name them.

    Both follow the outcomes when the list is changed in place: after a sort, a deletion or
    an assignment, :attr:`extra` and :attr:`origin` are in the list's new order (an outcome
    is known by identity; one added that was not read has ``None`` in each).

    Parameters
    ----------
    outcomes : iterable of Outcome
    extra : dict of str to list, optional
        Extra columns, one value per outcome.
    origin : list of (str, int) or None, optional
        Per outcome, the file's name and the 1-based line it was read from (or ``None``).

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_outcomes_csv, write_outcomes_csv
    >>> text = ("question,resolved_at,outcome,source\n"
    ...         "q1,2022-02-24,yes,BBC\n"
    ...         "q2,2022-03-01,annulled,AP\n")
    >>> outcomes = read_outcomes_csv(io.StringIO(text))
    >>> len(outcomes), outcomes[0].value, outcomes[1].annulled
    (2, 'yes', True)
    >>> outcomes.extra
    {'source': ['BBC', 'AP']}
    >>> outcomes.origin
    [('<stream>', 2), ('<stream>', 3)]
    >>> outcomes.reverse()
    >>> outcomes.extra, outcomes.origin
    ({'source': ['AP', 'BBC']}, [('<stream>', 3), ('<stream>', 2)])
    >>> outcomes.reverse()
    >>> out = io.StringIO()
    >>> write_outcomes_csv(outcomes, out)
    >>> out.getvalue() == text
    True
    """

    def __init__(
        self,
        outcomes: Iterable[Outcome] = (),
        extra: dict[str, list[Any]] | None = None,
        origin: Sequence[tuple[str, int] | None] | None = None,
    ) -> None:
        super().__init__(_outcome_items(outcomes))
        self._as_read: tuple[Outcome, ...] = tuple(self)
        self._extra = self._checked_extra(extra)
        self._origin: list[tuple[str, int] | None] | None = None
        if origin is not None:
            self._origin = list(origin)
            if len(self._origin) != len(self):
                raise ShapeError(
                    f"'origin' has {len(self._origin)} entries for {len(self)} outcomes"
                )

    def _checked_extra(self, extra: Any) -> dict[str, list[Any]]:
        if extra is None:
            return {}
        if not isinstance(extra, Mapping):
            raise ForecastTypeError(
                f"'extra' must be a dict of column name to values (got {_shown(extra)})"
            )
        out: dict[str, list[Any]] = {}
        for name, values in extra.items():
            if not isinstance(name, str) or name in OUTCOME_COLUMNS:
                raise ForecastTypeError(
                    f"'extra' column names must be strings other than "
                    f"{', '.join(OUTCOME_COLUMNS)} (got {name!r})"
                )
            if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
                raise ForecastTypeError(
                    f"'extra'[{name!r}] must be a list of values (got {_shown(values)})"
                )
            out[name] = list(values)
            if len(out[name]) != len(self):
                raise ShapeError(
                    f"'extra'[{name!r}] has {len(out[name])} values for {len(self)} outcomes"
                )
        return out

    def _realign(self) -> None:
        """Put :attr:`extra` and :attr:`origin` in the list's order, if it changed."""
        now = tuple(self)
        if len(now) == len(self._as_read) and all(
            a is b for a, b in zip(now, self._as_read, strict=True)
        ):
            return
        index = {id(o): i for i, o in enumerate(self._as_read)}
        rows = [index.get(id(o)) for o in now]
        self._extra = {
            k: [None if r is None or r >= len(v) else v[r] for r in rows]
            for k, v in self._extra.items()
        }
        if self._origin is not None:
            old = self._origin
            self._origin = [None if r is None or r >= len(old) else old[r] for r in rows]
        self._as_read = now

    @property
    def extra(self) -> dict[str, list[Any]]:
        """The extra columns: column name to one value per outcome, in the list's order."""
        self._realign()
        return self._extra

    @extra.setter
    def extra(self, value: dict[str, list[Any]]) -> None:
        self._realign()
        self._extra = self._checked_extra(value)

    @property
    def origin(self) -> list[tuple[str, int] | None] | None:
        """Per outcome, ``(file name, 1-based line)`` it was read from, in the list's order
        (``None`` for an outcome that was not read from a file); ``None`` for a list not
        read from a file."""
        self._realign()
        return self._origin

    def to_records(self, *, times: str = "iso") -> list[dict[str, Any]]:
        """Rows in the file layout: one dict per outcome with ``question``, ``resolved_at``,
        ``outcome`` (the value, or ``"annulled"``) and the :attr:`extra` columns.

        ``times="iso"`` gives ``resolved_at`` as ISO 8601 text (as the files hold it),
        ``"objects"`` as ``datetime.date`` / aware ``datetime.datetime`` objects.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.io import OutcomeList
        >>> OutcomeList([fs.Outcome("q1", dt.date(2022, 2, 24), True)],
        ...             extra={"source": ["BBC"]}).to_records()
        [{'question': 'q1', 'resolved_at': '2022-02-24', 'outcome': True, 'source': 'BBC'}]
        """
        check_choice("times", times, ("iso", "objects"))
        items = list(self)
        extra = self.extra
        for name, values in extra.items():
            if len(values) != len(items):
                raise ShapeError(
                    f"the extra column {name!r} has {len(values)} values for {len(items)} outcomes"
                )
        out: list[dict[str, Any]] = []
        for i, o in enumerate(items):
            if not isinstance(o, Outcome):
                raise ForecastTypeError(f"outcomes[{i}] must be an Outcome (got {_shown(o)})")
            row: dict[str, Any] = {
                "question": o.question,
                "resolved_at": o.resolved_at.isoformat() if times == "iso" else o.resolved_at,
                "outcome": _ANNULLED if o.annulled else o.value,
            }
            row.update({k: v[i] for k, v in extra.items()})
            out.append(row)
        return out

    def to_pandas(self) -> Any:
        """The outcomes as a :class:`pandas.DataFrame`, one row per outcome, with the
        columns of :meth:`to_records` (``resolved_at`` as ``datetime.date`` / aware
        ``datetime.datetime`` objects).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.io import OutcomeList
        >>> frame = OutcomeList([fs.Outcome("q1", dt.date(2022, 2, 24), "yes"),
        ...                      fs.Outcome("q2", dt.date(2022, 3, 1), annulled=True)]).to_pandas()
        >>> frame.columns.tolist(), frame["outcome"].tolist()
        (['question', 'resolved_at', 'outcome'], ['yes', 'annulled'])
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "OutcomeList.to_pandas needs pandas: pip install 'forecastscore[pandas]'"
            ) from None
        return pd.DataFrame(
            self.to_records(times="objects"), columns=[*OUTCOME_COLUMNS, *self.extra]
        )

    def __repr__(self) -> str:
        n = len(self)
        annulled = sum(1 for o in self if isinstance(o, Outcome) and o.annulled)
        questions = len({o.question for o in self if isinstance(o, Outcome)})
        parts = [
            f"{n} outcome{'' if n == 1 else 's'} on {questions} question"
            f"{'' if questions == 1 else 's'}"
        ]
        if annulled:
            parts.append(f"{annulled} annulled")
        files = sorted({w[0] for w in self.origin or () if w is not None})
        if files:
            parts.append(
                "read from "
                + ", ".join(cut_text(f, 40) for f in files[:3])
                + (", ..." if len(files) > 3 else "")
            )
        if self.extra:
            parts.append("extra columns: " + ", ".join(cut_text(k, 20) for k in self.extra))
        return f"<OutcomeList: {'; '.join(parts)}>"


# --- plumbing -----------------------------------------------------------------------------


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


def _jsonl_column_of(records: Sequence[Mapping[str, Any]]) -> Any:
    """``column_of`` for :func:`_write_text` on JSON Lines (one record a line): the first
    field of that line's record whose name or value holds a lone surrogate."""

    def column_of(line: int) -> str | None:
        if not 1 <= line <= len(records):
            return None
        for key, value in records[line - 1].items():
            if _unwritable({key: value}, suspect_surrogates=True) is not None:
                return key
        return None

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


_FRACTION = re.compile(r"[.,](\d+)")
_OFFSET = re.compile(r"[+-]\d\d:?(\d\d)(?::?(\d\d))?(?:[.,]\d+)?$")


def parse_time(text: str) -> dt.date | dt.datetime:
    """Parse ISO 8601: ``YYYY-MM-DD`` is a date; a datetime must carry an offset or ``Z``."""
    s = text.strip()
    if len(s) == 10:
        return dt.date.fromisoformat(s)
    fraction = _FRACTION.search(s, 10)
    if fraction is not None and len(fraction.group(1)) > 6:
        # datetime.fromisoformat would silently cut the extra digits.
        raise ValueError(
            f"{len(fraction.group(1))} fractional digits of a second; times are held to the "
            "microsecond (at most 6)"
        )
    zone = _OFFSET.search(s, 10)
    if zone is not None and any(g is not None and int(g) > 59 for g in zone.groups()):
        # datetime.fromisoformat reads +05:99 as +06:39, which would not write back.
        raise ValueError(f"the UTC offset {zone.group(0)!r} has minutes or seconds above 59")
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        raise ValueError("a datetime needs a UTC offset, e.g. +00:00 or Z")
    return t


# --- CSV columns --------------------------------------------------------------------------


class _Column:
    """One CSV column, as fixed-width bytes (for array conversion) or as text per row."""

    def __init__(
        self,
        name: str,
        *,
        buf: npt.NDArray[np.uint8] | None = None,
        data: bytes = b"",
        starts: npt.NDArray[np.intp] | None = None,
        ends: npt.NDArray[np.intp] | None = None,
        strings: list[str] | None = None,
    ) -> None:
        self.name = name
        self._buf, self._data, self._starts, self._ends = buf, data, starts, ends
        self._strings = strings

    def __len__(self) -> int:
        return len(self._strings) if self._strings is not None else len(self._starts)  # type: ignore[arg-type]

    def lengths(self) -> npt.NDArray[np.intp]:
        if self._strings is not None:
            return np.fromiter(map(len, self.strings()), dtype=np.intp, count=len(self))
        assert self._starts is not None and self._ends is not None
        out: npt.NDArray[np.intp] = self._ends - self._starts
        return out

    def matrix(
        self, width: int | None = None, rows: npt.NDArray[np.intp] | None = None
    ) -> npt.NDArray[np.uint8]:
        """The fields (of ``rows``, or all) as a byte matrix padded with zeros, ``width``
        bytes wide or as wide as the longest."""
        if self._strings is not None:
            strings = self._strings if rows is None else [self._strings[i] for i in rows.tolist()]
            arr = np.array([s.encode("utf-8") for s in strings], dtype=np.bytes_)
            w = max(width or 1, arr.dtype.itemsize, 1)
            arr = arr.astype(f"S{w}")
            out: npt.NDArray[np.uint8] = (
                np.frombuffer(arr.tobytes(), np.uint8).reshape(len(arr), w).copy()
            )
            return out
        assert self._buf is not None and self._starts is not None and self._ends is not None
        starts = self._starts if rows is None else self._starts[rows]
        lens = self._ends - self._starts if rows is None else self._ends[rows] - starts
        w = max(int(lens.max()) if len(lens) else 1, width or 1, 1)
        # Each field is a row of a sliding window over the buffer: one gather of w bytes
        # per row, then the bytes past the field's end are zeroed.
        padded = np.concatenate((self._buf, np.zeros(w, dtype=np.uint8)))
        window = np.lib.stride_tricks.as_strided(
            padded, shape=(len(self._buf), w), strides=(1, 1), writeable=False
        )
        mat = window[starts]
        mat[np.arange(w) >= lens[:, None]] = 0
        return mat

    def strings(self, where: Any = None) -> list[str]:
        if self._strings is None:
            assert self._starts is not None and self._ends is not None
            d = self._data
            spans = list(zip(self._starts.tolist(), self._ends.tolist(), strict=False))
            try:
                self._strings = [d[a:b].decode("utf-8") for a, b in spans]
            except UnicodeDecodeError:
                for i, (a, b) in enumerate(spans):
                    try:
                        d[a:b].decode("utf-8")
                    except UnicodeDecodeError:
                        schema_error("the text is not valid UTF-8", i, self.name, where)
                raise  # pragma: no cover - some span failed above
        return self._strings

    def check_no_nul(self, where: Any) -> None:
        """Refuse a NUL character in a field: the byte matrices pad with NUL, so a field
        ending in one would read as the same field without it (``'q\\x00'`` as ``'q'``)."""
        if self._strings is None:
            return  # the numpy path only takes files without NUL bytes
        for i, s in enumerate(self._strings):
            if "\x00" in s:
                schema_error(f"{_shown(s)} contains a NUL character", i, self.name, where)

    def text(self, i: int) -> str:
        if self._strings is not None:
            return self._strings[i]
        assert self._starts is not None and self._ends is not None
        return self._data[int(self._starts[i]) : int(self._ends[i])].decode("utf-8", "replace")


def _split_simple(data: bytes, header: list[str]) -> list[_Column] | None:
    """Split a CSV without quotes, carriage returns or blank lines, all in numpy; or None."""
    if b'"' in data or b"\r" in data or b"\0" in data:
        return None
    buf = np.frombuffer(data, dtype=np.uint8)
    nl = np.flatnonzero(buf == 10)
    if not data.endswith(b"\n"):
        nl = np.append(nl, len(data))
    k = len(header)
    line_start = nl[:-1] + 1
    line_end = nl[1:]
    commas = np.flatnonzero(buf == 44)
    commas = commas[commas > nl[0]]
    if len(commas) != len(line_start) * (k - 1):
        return None
    per_line = np.searchsorted(commas, line_end) - np.searchsorted(commas, line_start)
    if (per_line != k - 1).any():
        return None
    c = commas.reshape(len(line_start), k - 1)
    starts = [line_start] + [c[:, j] + 1 for j in range(k - 1)]
    ends = [c[:, j] for j in range(k - 1)] + [line_end]
    return [
        _Column(name, buf=buf, data=data, starts=s.astype(np.intp), ends=e.astype(np.intp))
        for name, s, e in zip(header, starts, ends, strict=False)
    ]


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


def _check_header(header: list[str], required: Sequence[str], path: str) -> None:
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise FileSchemaError(f"column {dup!r} appears twice in the header", path=path, line=1)
    for c in required:
        if c not in header:
            raise FileSchemaError(
                f"the required column {c!r} is missing (columns: {', '.join(header)})",
                path=path,
                line=1,
            )


# --- CSV column conversion ----------------------------------------------------------------


def _ids(col: _Column, where: Any) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.intp]]:
    n = len(col)
    if n == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.intp)
    w = int(col.lengths().max())
    has_nul = col._strings is not None and any("\x00" in s for s in col._strings)
    if n * w > _MATRIX_BYTES or has_nul:
        # Long ids (a byte matrix n x w would be too large) or NUL characters (which the
        # zero padding of the matrix cannot tell apart from the end of the text): by text.
        texts = np.empty(n, dtype=object)
        texts[:] = col.strings(where)
        uniq, first, codes = np.unique(texts, return_index=True, return_inverse=True)
        for row in first.tolist():
            if not texts[row].strip():
                schema_error(f"{texts[row]!r} is not a non-empty string", row, col.name, where)
        return uniq.astype(object), codes.reshape(n).astype(np.intp)
    mat = col.matrix()
    w = mat.shape[1]
    if w <= 8:
        padded = np.zeros((n, 8), dtype=np.uint8)
        padded[:, :w] = mat
        keys = padded.view(np.uint64).reshape(n)
        uniq, first, codes = np.unique(keys, return_index=True, return_inverse=True)
    else:
        s = np.ascontiguousarray(mat).view(f"S{w}").reshape(n)
        uniq, first, codes = np.unique(s, return_index=True, return_inverse=True)
    vocab = np.empty(len(uniq), dtype=object)
    for j, row in enumerate(first.tolist()):
        try:
            v = (
                col.text(row)
                if col._strings is not None
                else bytes(mat[row][mat[row] != 0]).decode("utf-8")
            )
        except UnicodeDecodeError:
            schema_error("the text is not valid UTF-8", row, col.name, where)
        if not v.strip():
            schema_error(f"{v!r} is not a non-empty string", row, col.name, where)
        vocab[j] = v
    return vocab, codes.reshape(n).astype(np.intp)


#: The largest byte matrix (rows x longest field) built for a column; past it, by text.
_MATRIX_BYTES = 1 << 26

#: 0001-01-01, the first day a ``datetime.date`` can hold, as numpy days.
_YEAR_1 = np.datetime64("0001-01-01", "D")
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0") : ord("9") + 1] = True
_NUMBER = _DIGIT.copy()
for _c in b".eE+-":
    _NUMBER[_c] = True


def _times(
    col: _Column, where: Any
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    n = len(col)
    lens = col.lengths()
    if n and (lens == 10).all():
        mat = col.matrix(10)
        digits = _DIGIT[mat]
        shape_ok = bool(
            digits[:, [0, 1, 2, 3, 5, 6, 8, 9]].all() and (mat[:, [4, 7]] == ord("-")).all()
        )
        if shape_ok:
            try:
                days = np.ascontiguousarray(mat).view("S10").reshape(n).astype("datetime64[D]")
            except ValueError:
                days = None
            # numpy reads year 0000, which no datetime.date holds: the general path names it.
            if days is not None and not (days < _YEAR_1).any():
                return (
                    days.astype(np.int64) * DAY_US,
                    np.ones(n, dtype=bool),
                    np.zeros(n, dtype=np.int64),
                )
    fast = _fast_datetimes(col, lens) if n else None
    if fast is not None:
        return fast
    # General path: parse each distinct text once.
    texts = col.strings(where)
    index: dict[str, int] = {}
    parts: list[tuple[int, bool, int]] = []
    codes = np.empty(n, dtype=np.intp)
    for i, s in enumerate(texts):
        j = index.get(s)
        if j is None:
            try:
                parsed = parse_time(s)
            except ValueError as exc:
                detail = (
                    str(exc)
                    if "offset" in str(exc).lower() or "fractional" in str(exc)
                    else "expected YYYY-MM-DD or an ISO 8601 datetime with its offset"
                )
                schema_error(f"{s!r} is not a time: {detail}", i, col.name, where)
            j = index[s] = len(parts)
            parts.append(time_parts(parsed))
        codes[i] = j
    arr = np.array(parts, dtype=np.int64).reshape(-1, 3)
    return arr[codes, 0], arr[codes, 1].astype(bool), arr[codes, 2]


#: Length of a datetime text -> length of its wall-time part: ``...T12:00:00Z``,
#: ``...T12:00:00+05:30``, and the same with microseconds (``.123456``).
_DATETIME_SHAPES = {20: 19, 25: 19, 27: 26, 32: 26}
_WALL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
_WALL_MARKS = {4: "-", 7: "-", 10: "T", 13: ":", 16: ":"}


def _fast_datetimes(
    col: _Column, lens: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.int64]] | None:
    """Datetimes in the shapes the writer produces, parsed as arrays (numpy checks the
    ranges of the wall time; the offset is checked here); None to use the general path."""
    n = len(col)
    us = np.empty(n, dtype=np.int64)
    offset = np.empty(n, dtype=np.int64)
    for length in np.unique(lens).tolist():
        k = _DATETIME_SHAPES.get(length)
        if k is None:
            return None
        rows = np.flatnonzero(lens == length)
        mat = col.matrix(length)[rows, :length]
        marks = {**_WALL_MARKS, **({19: "."} if k == 26 else {})}
        digits = _WALL_DIGITS + (list(range(20, 26)) if k == 26 else [])
        if not _DIGIT[mat[:, digits]].all() or any(
            (mat[:, i] != ord(c)).any() for i, c in marks.items()
        ):
            return None
        tail = mat[:, k:]
        if length - k == 1:
            if (tail[:, 0] != ord("Z")).any():
                return None
            off = np.zeros(len(rows), dtype=np.int64)
        else:
            sign = np.where(tail[:, 0] == ord("-"), -1, 1)
            if (
                not np.isin(tail[:, 0], [ord("+"), ord("-")]).all()
                or (tail[:, 3] != ord(":")).any()
                or not _DIGIT[tail[:, [1, 2, 4, 5]]].all()
            ):
                return None
            d = tail[:, [1, 2, 4, 5]].astype(np.int64) - ord("0")
            hours, minutes = d[:, 0] * 10 + d[:, 1], d[:, 2] * 10 + d[:, 3]
            if (hours > 23).any() or (minutes > 59).any():
                return None
            off = sign * (hours * 60 + minutes) * 60_000_000
        try:
            wall = np.ascontiguousarray(mat[:, :k]).view(f"S{k}").reshape(-1)
            parsed = wall.astype("datetime64[us]")
        except ValueError:
            return None
        if (parsed < _YEAR_1).any():
            return None
        us[rows] = parsed.astype(np.int64) - off
        offset[rows] = off
    return us, np.zeros(n, dtype=bool), offset


def _probabilities(
    col: _Column, where: Any
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    n = len(col)
    kind = np.zeros(n, dtype=np.int8)
    values = np.zeros(n)
    done = np.zeros(n, dtype=bool)
    # Fields longer than any float's repr are few and left to float() below: a byte matrix
    # as wide as one long field would be n times its size.
    short = np.flatnonzero(col.lengths() <= 64) if n else np.empty(0, dtype=np.intp)
    if short.size:
        col.check_no_nul(where)
        mat = col.matrix(rows=short)
        digit = _DIGIT[mat]
        dot = mat == ord(".")
        n_dots = dot.sum(axis=1)
        simple = (digit | dot | (mat == 0)).all(axis=1) & (n_dots <= 1) & digit.any(axis=1)
        if simple.any():
            v, ok = _exact_decimals(mat, digit, dot)
            ok &= simple
            values[short[ok]] = v[ok]
            done[short[ok]] = True
        rest = np.flatnonzero(~done[short])
        if rest.size:
            sub = mat[rest]
            numeric = bool(
                (col.lengths()[short[rest]] > 0).all()
                and (_NUMBER[sub] | (sub == 0)).all()
                and (n_dots[rest] <= 1).all()
            )
            if numeric:
                sub[sub == 0] = ord(" ")
                text = np.concatenate((sub, np.full((len(rest), 1), ord(","), np.uint8)), axis=1)
                try:
                    parsed = np.fromstring(text.tobytes(), dtype=np.float64, sep=",")
                except ValueError:
                    parsed = np.empty(0)
                if len(parsed) == len(rest):
                    values[short[rest]] = parsed
                    done[short[rest]] = True
    bad = done & ~((values >= 0.0) & (values <= 1.0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        schema_error(f"{_shown(col.text(i))} is not a probability in [0, 1]", i, col.name, where)
    if done.all():
        return kind, values, values.copy()
    low = values.copy()
    high = values.copy()
    texts = col.strings(where)
    for i in np.flatnonzero(~done).tolist():
        s = texts[i]
        if ".." in s:
            a, _, b = s.partition("..")
            lo, hi = _float(a), _float(b)
            if lo is None or hi is None or not 0 <= lo <= hi <= 1:
                schema_error(
                    f"{_shown(s)} is not a probability range low..high with 0 <= low <= high <= 1",
                    i,
                    col.name,
                    where,
                )
            kind[i] = 1
            low[i], high[i] = lo, hi
        else:
            p = _float(s)
            if p is None or not 0.0 <= p <= 1.0:
                schema_error(f"{_shown(s)} is not a probability in [0, 1]", i, col.name, where)
            low[i] = high[i] = p
    return kind, low, high


#: Powers of ten that are exact doubles (10**22 is the largest).
_POW10 = np.array([float(10**k) for k in range(23)])


def _exact_decimals(
    mat: npt.NDArray[np.uint8], digit: npt.NDArray[np.bool_], dot: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Parse plain decimals ``ddd.ddd`` exactly where Clinger's fast path allows.

    A decimal with integer mantissa ``M <= 2**53`` and ``e <= 22`` fractional digits is
    ``M / 10**e`` with both operands exact doubles, so one IEEE division gives the correctly
    rounded value, the same as ``float(text)``. Other rows are flagged for the general parser.
    """
    n, w = mat.shape
    mantissa = np.zeros(n, dtype=np.uint64)
    n_digits = digit.sum(axis=1)
    safe = n_digits <= 19
    ten = np.uint64(10)
    for j in range(w):
        d = digit[:, j] & safe
        if d.any():
            stepped = mantissa * ten + (mat[:, j].astype(np.uint64) - np.uint64(48))
            mantissa = np.where(d, stepped, mantissa)
    frac = (digit & (np.cumsum(dot, axis=1) > 0)).sum(axis=1)
    ok = safe & (mantissa <= np.uint64(1 << 53)) & (frac <= 22)
    values = mantissa.astype(np.float64) / _POW10[np.minimum(frac, 22)]
    return values, ok


def _float(s: str) -> float | None:
    try:
        v = float(s)
    except ValueError:
        return None
    return None if math.isnan(v) else v


def _text(col: _Column | None, n: int, where: Any) -> npt.NDArray[np.object_]:
    out = np.full(n, None, dtype=object)
    if col is not None and n:
        values = col.strings(where)
        out[:] = values
        out[np.array([v == "" for v in values], dtype=bool)] = None
    return out


def _raw(col: _Column, where: Any) -> npt.NDArray[np.object_]:
    out = np.empty(len(col), dtype=object)
    out[:] = col.strings(where)
    return out


# --- predictions: CSV ---------------------------------------------------------------------


def read_predictions_csv(source: Source) -> Ledger:
    r"""Read predictions from CSV into a :class:`~forecastscore.ledger.Ledger`.

    Columns ``question,forecaster,made_at,probability`` (any order) and optionally
    ``option``, ``source``, ``quote``; any other column is kept in :attr:`Ledger.extra` as
    text. ``made_at`` is ``YYYY-MM-DD`` (a date) or an ISO 8601 datetime with its offset.
    ``probability`` is a number in [0, 1], or ``low..high`` for a range. Rows with an
    ``option`` are the options of a categorical forecast: consecutive rows with the same
    question, forecaster and ``made_at``, whose probabilities sum to 1. Blank lines are
    skipped.

    Parameters
    ----------
    source : str, path-like or text file
        The file (UTF-8, a byte-order mark is allowed).

    Returns
    -------
    Ledger

    Raises
    ------
    FileSchemaError
        A missing required column, a row with the wrong number of fields, malformed quoting
        (a quoted field never closed, text after a closing quote, a ``"`` in an unquoted
        field), or a bad value; the message starts with ``file:line:`` and names the column.
    ForecastTypeError
        ``source`` is not a file name, a path or an open file.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_predictions_csv
    >>> text = "question,forecaster,made_at,probability\nq1,alice,2022-01-08,0.3\n"
    >>> ledger = read_predictions_csv(io.StringIO(text))
    >>> ledger[0].made_at, ledger[0].probability
    (datetime.date(2022, 1, 8), 0.3)
    >>> read_predictions_csv(io.StringIO(text.replace("0.3", "1.3")))
    Traceback (most recent call last):
    ...
    forecastscore.errors.FileSchemaError: <stream>:2: column 'probability': '1.3' is not ...
    """
    data, path = _read_bytes(source)
    simple = data
    if b"\r" in simple and simple.count(b"\r") == simple.count(b"\r\n"):
        simple = simple.replace(b"\r\n", b"\n")  # Windows line ends: same lines, same numbers
    first_nl = simple.find(b"\n")
    head_bytes = simple if first_nl < 0 else simple[:first_nl]
    columns: list[_Column] | None = None
    header: list[str] = []
    if b'"' not in head_bytes and b"\r" not in head_bytes and first_nl >= 0:
        header = _decode(head_bytes, path).split(",")
        if len(header) > 1 and len(set(header)) == len(header):
            columns = _split_simple(simple, header)
    if columns is not None:
        n = len(columns[0])
        where = _lines(path, _FastLines(n))
    else:
        header, cols, lines = _split_csv(_decode(data, path), path)
        n = len(lines)
        columns = [_Column(h, strings=c) for h, c in zip(header, cols, strict=False)]
        where = _lines(path, lines)
    _check_header(header, REQUIRED_COLUMNS, path)
    by_name = dict(zip(header, columns, strict=False))
    return assemble(
        _ids(by_name["question"], where),
        _ids(by_name["forecaster"], where),
        _times(by_name["made_at"], where),
        _probabilities(by_name["probability"], where),
        {c: _text(by_name.get(c), n, where) for c in ("option", "source", "quote")},
        {h: _raw(c, where) for h, c in by_name.items() if h not in KNOWN_COLUMNS},
        where,
    )


def _texts(values: Sequence[Any]) -> list[str]:
    if all(type(v) is str for v in values):
        return list(values)
    return ["" if v is None else v if isinstance(v, str) else str(v) for v in values]


def csv_text(header: Sequence[str], columns: Sequence[Sequence[Any]]) -> str:
    """CSV with ``\n`` line ends from columns (``None`` written empty; other values by
    ``str``).

    A field is quoted when it holds a comma, a ``"`` (doubled inside), ``\n`` or ``\r``
    (RFC 4180), and only then. Done here rather than by the csv module, whose quoting of a
    lone ``\r`` and of NUL differs between Python versions."""
    cols = [_texts(c) for c in (list(header), *columns)]
    n = len(cols[1]) if len(cols) > 1 else 0
    if any(len(c) != n for c in cols[1:]):
        raise ShapeError(
            "the columns to write differ in length: "
            + ", ".join(f"{h!r}: {len(c)}" for h, c in zip(header, cols[1:], strict=False))
        )
    for j, c in enumerate(cols):
        joined = "\x00".join(c)
        if any(ch in joined for ch in ',"\n\r'):
            cols[j] = [_quoted(f) if _NEEDS_QUOTES.search(f) else f for f in c]
    head = ",".join(cols[0])
    rows = map(",".join, zip(*cols[1:], strict=True))
    return "\n".join([head, *rows]) + "\n"


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"'


def _probability_texts(ledger: Ledger) -> list[str]:
    low, high = ledger.low.tolist(), ledger.high.tolist()
    out = list(map(repr, low))
    for i in np.flatnonzero(ledger.is_range).tolist():
        out[i] = f"{low[i]!r}..{high[i]!r}"
    return out


def _prediction_columns(ledger: Ledger) -> tuple[list[str], list[list[Any]]]:
    """Header and columns in the file layout (one row per option of categorical ones)."""
    extra = ledger.extra
    if ledger.is_categorical.any():
        records = ledger.to_records()
        header = list(records[0]) if records else list(REQUIRED_COLUMNS)
        for r in records:
            p = r["probability"]
            r["probability"] = (
                f"{p.low!r}..{p.high!r}" if isinstance(p, ProbabilityRange) else repr(p)
            )
        return header, [[r[h] for r in records] for h in header]
    header = list(REQUIRED_COLUMNS)
    cols: list[list[Any]] = [
        ledger.question.tolist(),
        ledger.forecaster.tolist(),
        ledger.made_at_iso(),
        _probability_texts(ledger),
    ]
    for name in ("source", "quote"):
        values = getattr(ledger, name)
        if any(v is not None for v in values.tolist()):
            header.append(name)
            cols.append(values.tolist())
    for name, values in extra.items():
        header.append(name)
        cols.append(values.tolist())
    return header, cols


def write_predictions_csv(ledger: Ledger, target: Source) -> None:
    r"""Write a ledger as CSV, in the layout :func:`read_predictions_csv` reads.

    Columns ``question,forecaster,made_at,probability``, then ``option``, ``source`` and
    ``quote`` when some prediction uses them, then the ledger's extra columns. Floats are
    written with ``repr`` (they read back exactly), a range as ``low..high``, times as ISO
    8601 (dates as ``YYYY-MM-DD``). A field with a comma, a ``"`` or a line break is quoted.
    The text is built and checked in full before anything is written.

    Parameters
    ----------
    ledger : Ledger
        A :class:`~forecastscore.ledger.Ledger`; a list of predictions is refused (make one
        with :meth:`Ledger.from_predictions <forecastscore.ledger.Ledger.from_predictions>`).
    target : str, path-like, or text or binary file
        A binary file is given UTF-8.

    Raises
    ------
    ForecastTypeError
        ``ledger`` is not a ledger, or ``target`` not a file name, path or file.
    FileSchemaError
        Text that UTF-8 cannot hold (a lone surrogate), with the line it would be on.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> from forecastscore.io import write_predictions_csv
    >>> out = io.StringIO()
    >>> write_predictions_csv(Ledger.from_predictions(
    ...     [fs.Prediction("q1", "alice", dt.date(2022, 1, 8), fs.ProbabilityRange(0.2, 0.45))]),
    ...     out)
    >>> print(out.getvalue())
    question,forecaster,made_at,probability
    q1,alice,2022-01-08,0.2..0.45
    """
    _check_ledger(ledger)
    _check_file(target, "target", "write")
    header, cols = _prediction_columns(ledger)
    _write_text(csv_text(header, cols), target, _csv_column_of(header, cols))


# --- predictions: JSON Lines --------------------------------------------------------------


class _StrictJSONError(ValueError):
    """What strict JSON (RFC 8259) refuses but :mod:`json` would let through."""


def _no_constant(name: str) -> Any:
    raise _StrictJSONError(f"{name} is not valid JSON (RFC 8259 has no NaN or Infinity)")


def _finite_float(text: str) -> float:
    v = float(text)
    if math.isinf(v):
        raise _StrictJSONError(f"the number {text} is too large for a float")
    return v


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _StrictJSONError(f"the key {dup!r} appears twice in one object")
    return out


#: Strict JSON: no NaN/Infinity (which could not be written back), no key given twice (which
#: would silently keep only the last value), no number that overflows a float.
_DECODER = json.JSONDecoder(
    parse_constant=_no_constant, parse_float=_finite_float, object_pairs_hook=_unique_keys
)


#: How deeply JSON values may nest (in an extra field): deeper is refused when read, so that
#: whatever is read can be written back (the json module recurses once per level).
MAX_JSON_DEPTH = 200

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _unwritable(obj: Any, *, suspect_surrogates: bool) -> str | None:
    """Why a decoded JSON value could not be written back, or None: nested more than
    :data:`MAX_JSON_DEPTH` deep, or a string holding a lone surrogate (``"\\ud800"`` is
    valid JSON but no UTF-8). Only containers are walked, and strings only when the line
    has a ``\\u`` escape."""
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            items: Iterable[Any] = (*value.keys(), *value.values())
        elif isinstance(value, list):
            items = value
        else:
            lone = _LONE_SURROGATE.search(value) if isinstance(value, str) else None
            if lone is not None:
                return (
                    f"the string {_shown(value)} holds a lone surrogate ({lone.group(0)!r}), "
                    "which UTF-8 cannot hold"
                )
            continue
        if depth > MAX_JSON_DEPTH:
            return f"a JSON value is nested more than {MAX_JSON_DEPTH} levels deep"
        stack.extend(
            (v, depth + 1)
            for v in items
            if isinstance(v, (dict, list)) or (suspect_surrogates and isinstance(v, str))
        )
    return None


def _json_lines(data: bytes, path: str) -> tuple[list[dict[str, Any]], list[int]]:
    text = _decode(data, path)
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = _DECODER.decode(line)
        except json.JSONDecodeError as exc:
            raise FileSchemaError(
                f"not valid JSON ({exc.msg} at character {exc.pos + 1})", path=path, line=number
            ) from None
        except RecursionError:
            raise FileSchemaError(
                f"a JSON value is nested more than {MAX_JSON_DEPTH} levels deep",
                path=path,
                line=number,
            ) from None
        except ValueError as exc:  # _StrictJSONError, or an integer past Python's digit limit
            raise FileSchemaError(f"not valid JSON ({exc})", path=path, line=number) from None
        if not isinstance(obj, dict):
            raise FileSchemaError(
                f"expected a JSON object, got {type(obj).__name__}", path=path, line=number
            )
        problem = _unwritable(obj, suspect_surrogates="\\u" in line)
        if problem is not None:
            raise FileSchemaError(problem, path=path, line=number)
        records.append(obj)
        lines.append(number)
    return records, lines


def _columns_of(
    records: list[dict[str, Any]], required: Sequence[str], path: str, lines: list[int]
) -> list[str]:
    columns: dict[str, None] = {}
    for r in records:
        columns.update(dict.fromkeys(r))
    for i, r in enumerate(records):
        for c in required:
            if c not in r:
                raise FileSchemaError(
                    f"the required field {c!r} is missing", path=path, line=lines[i], column=c
                )
    return list(columns)


def read_predictions_jsonl(source: Source) -> Ledger:
    r"""Read predictions from JSON Lines (one JSON object per line) into a ledger.

    Fields as in :func:`read_predictions_csv`; ``probability`` is a number, or
    ``{"low": ..., "high": ...}`` for a range; ``option``, ``source`` and ``quote`` are
    strings or ``null``. Other fields are kept as their JSON values (``null`` where a line
    lacks one). Blank lines are skipped.

    Raises
    ------
    FileSchemaError
        Invalid JSON, a value nested more than :data:`MAX_JSON_DEPTH` levels deep, a lone
        surrogate, a missing field, or a bad value, with the file, line and field.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_predictions_jsonl
    >>> line = ('{"question": "q1", "forecaster": "a", "made_at": "2022-01-08", '
    ...         '"probability": {"low": 0.2, "high": 0.45}}')
    >>> read_predictions_jsonl(io.StringIO(line))[0].probability
    ProbabilityRange(low=0.2, high=0.45)
    """
    data, path = _read_bytes(source)
    records, lines = _json_lines(data, path)
    columns = _columns_of(records, REQUIRED_COLUMNS, path, lines)
    where = _lines(path, lines)
    columns = [*(c for c in REQUIRED_COLUMNS if c not in columns), *columns]
    parsed: dict[str, list[Any]] = {c: [r.get(c) for r in records] for c in columns}
    made = parsed["made_at"]
    for i, t in enumerate(made):
        if not isinstance(t, str):
            schema_error(f"{t!r} is not an ISO 8601 time string", i, "made_at", where)
        try:
            made[i] = parse_time(t)
        except ValueError as exc:
            schema_error(f"{t!r} is not a time ({exc})", i, "made_at", where)
    probs = parsed["probability"]
    for i, p in enumerate(probs):
        if isinstance(p, dict):
            lo, hi = p.get("low"), p.get("high")
            if set(p) != {"low", "high"} or not all(_is_prob(v) for v in (lo, hi)) or lo > hi:  # type: ignore[operator]
                schema_error(
                    f'{p!r} is not a range {{"low": l, "high": h}} with 0 <= l <= h <= 1',
                    i,
                    "probability",
                    where,
                )
            probs[i] = ProbabilityRange(lo, hi)
        elif not _is_prob(p):
            schema_error(f"{p!r} is not a probability in [0, 1]", i, "probability", where)
    return from_records(columns, parsed, len(records), where=where)


def _is_prob(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1


def write_predictions_jsonl(ledger: Ledger, target: Source) -> None:
    r"""Write a ledger as JSON Lines, in the layout :func:`read_predictions_jsonl` reads.

    One object per prediction (per option of a categorical forecast), with ``option``,
    ``source`` and ``quote`` only when some prediction uses them, then the extra fields.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> from forecastscore.io import write_predictions_jsonl
    >>> out = io.StringIO()
    >>> write_predictions_jsonl(Ledger.from_predictions(
    ...     [fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.3)]), out)
    >>> print(out.getvalue())
    {"question": "q1", "forecaster": "alice", "made_at": "2022-01-08", "probability": 0.3}
    """
    _check_ledger(ledger)
    _check_file(target, "target", "write")
    parts: list[str] = []
    records = ledger.to_records()
    for r in records:
        p = r["probability"]
        if isinstance(p, ProbabilityRange):
            r["probability"] = {"low": p.low, "high": p.high}
        parts.append(_json_line(r, len(parts) + 1, target))
    _write_text("".join(parts), target, _jsonl_column_of(records))


# --- outcomes -----------------------------------------------------------------------------


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
    if isinstance(value, float) or value is None or (isinstance(value, int) and value < 0):
        schema_error(
            f"{value!r} is not an outcome (yes/no, true/false, 1/0, an option name or 'annulled')",
            i,
            "outcome",
            where,
        )
    try:
        return Outcome(question, t, value)
    except (ValueError, TypeError) as exc:
        schema_error(str(exc), i, "outcome", where)


def read_outcomes_csv(source: Source) -> OutcomeList:
    r"""Read outcomes from CSV: ``question,resolved_at,outcome`` and any extra columns.

    ``resolved_at`` is a date or a datetime with its offset. ``outcome`` is ``yes``/``no``,
    an option name, ``1``/``0`` or an option's index (kept as text), ``true``/``false`` (read
    as booleans), or ``annulled``. Text and numbers mean the same option when scored (``"1"``
    as ``1``: :meth:`Outcome.option_index <forecastscore.Outcome.option_index>` matches a
    value by its text form), so this file and the same outcomes in JSON Lines score the same.
    Whether an outcome is an option of its question is known only when it is scored; the
    file and line of each outcome are kept in :attr:`OutcomeList.origin` for that error.
    Extra columns are kept in :attr:`OutcomeList.extra`.

    Raises
    ------
    FileSchemaError
        A missing column or a bad value, with the file, line and column.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_outcomes_csv
    >>> text = "question,resolved_at,outcome\nq1,2022-02-24,yes\n"
    >>> outcomes = read_outcomes_csv(io.StringIO(text))
    >>> outcomes
    <OutcomeList: 1 outcome on 1 question; read from <stream>>
    >>> outcomes[0]
    Outcome(question='q1', resolved_at=datetime.date(2022, 2, 24), value='yes', annulled=False)
    """
    data, path = _read_bytes(source)
    header, cols, lines = _split_csv(_decode(data, path), path)
    _check_header(header, OUTCOME_COLUMNS, path)
    by = dict(zip(header, cols, strict=False))
    where = _lines(path, lines)
    items = [
        _outcome(q, r, {"true": True, "false": False}.get(v, v), i, where)
        for i, (q, r, v) in enumerate(
            zip(by["question"], by["resolved_at"], by["outcome"], strict=False)
        )
    ]
    return OutcomeList(
        items,
        extra={h: list(c) for h, c in by.items() if h not in OUTCOME_COLUMNS},
        origin=[(path, line) for line in lines],
    )


def _outcome_rows(outcomes: Iterable[Outcome]) -> tuple[list[Outcome], dict[str, list[Any]]]:
    items = _outcome_items(outcomes)
    for i, o in enumerate(items):
        if not o.annulled and o.value == _ANNULLED:
            raise InvalidOutcomeError(
                f"outcomes[{i}]: the option name {_ANNULLED!r} (question {o.question!r}) would "
                "read back as an annulled question; the files reserve that word"
            )
    extra = outcomes.extra if isinstance(outcomes, OutcomeList) else {}
    for name, values in extra.items():
        if len(values) != len(items):
            raise ShapeError(
                f"the extra column {name!r} has {len(values)} values for {len(items)} outcomes"
            )
    return items, dict(extra)


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


def _json_line(record: dict[str, Any], line: int, target: Any) -> str:
    """One JSON Lines line, or an error naming the line and field of what JSON cannot hold
    or the readers would refuse (NaN, a value nested too deeply, an unknown type)."""
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        text = None
    problem: tuple[str, str] | None = None
    if text is None or (
        any(isinstance(v, (dict, list)) for v in record.values())
        and _unwritable(record, suspect_surrogates=False) is not None
    ):
        for key, value in record.items():
            try:
                json.dumps(value, ensure_ascii=False, allow_nan=False)
            except TypeError:
                raise ForecastTypeError(
                    f"{_name(target)}:{line}: column {key!r}: {_shown(value)} "
                    f"({type(value).__name__}) cannot be written as JSON"
                ) from None
            except RecursionError:
                problem = (key, f"a JSON value is nested more than {MAX_JSON_DEPTH} levels deep")
                break
            except ValueError as exc:
                problem = (key, f"{_shown(value)} cannot be written as JSON ({exc})")
                break
            deep = _unwritable({key: value}, suspect_surrogates=False)
            if deep is not None:
                problem = (key, deep)
                break
        column, message = problem or (None, "cannot be written as JSON")
        raise FileSchemaError(message, path=_name(target), line=line, column=column)
    assert text is not None
    return text + "\n"


def _outcome_text(o: Outcome) -> Any:
    if o.annulled:
        return _ANNULLED
    if isinstance(o.value, bool):
        return "true" if o.value else "false"
    return o.value


def write_outcomes_csv(outcomes: Iterable[Outcome], target: Source) -> None:
    r"""Write outcomes as CSV (``question,resolved_at,outcome`` and the extra columns of an
    :class:`OutcomeList`).

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_outcomes_csv
    >>> out = io.StringIO()
    >>> write_outcomes_csv([fs.Outcome("q1", dt.date(2022, 2, 24), True)], out)
    >>> print(out.getvalue())
    question,resolved_at,outcome
    q1,2022-02-24,true
    """
    items, extra = _outcome_rows(outcomes)
    _check_file(target, "target", "write")
    columns = [
        [o.question for o in items],
        [o.resolved_at.isoformat() for o in items],
        [_outcome_text(o) for o in items],
        *extra.values(),
    ]
    header = [*OUTCOME_COLUMNS, *extra]
    _write_text(csv_text(header, columns), target, _csv_column_of(header, columns))


def read_outcomes_jsonl(source: Source) -> OutcomeList:
    r"""Read outcomes from JSON Lines: ``question``, ``resolved_at`` and ``outcome`` (a
    string, a boolean, an integer, or ``"annulled"``); other fields are kept.

    An integer means what its digits mean in CSV (``1`` as ``"1"``): the option of that name
    if there is one, else yes/no on a two-option question or an index on a larger one (see
    :meth:`Outcome.option_index <forecastscore.Outcome.option_index>`). The file and line of
    each outcome are kept in :attr:`OutcomeList.origin`.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_outcomes_jsonl
    >>> read_outcomes_jsonl(io.StringIO(
    ...     '{"question": "q1", "resolved_at": "2022-02-24", "outcome": true}'))[0].value
    True
    """
    data, path = _read_bytes(source)
    records, lines = _json_lines(data, path)
    columns = _columns_of(records, OUTCOME_COLUMNS, path, lines)
    where = _lines(path, lines)
    items = [
        _outcome(r["question"], r["resolved_at"], r["outcome"], i, where)
        for i, r in enumerate(records)
    ]
    return OutcomeList(
        items,
        extra={c: [r.get(c) for r in records] for c in columns if c not in OUTCOME_COLUMNS},
        origin=[(path, line) for line in lines],
    )


def write_outcomes_jsonl(outcomes: Iterable[Outcome], target: Source) -> None:
    r"""Write outcomes as JSON Lines (booleans stay booleans, indices stay integers).

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_outcomes_jsonl
    >>> out = io.StringIO()
    >>> write_outcomes_jsonl([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")], out)
    >>> print(out.getvalue())
    {"question": "q1", "resolved_at": "2022-02-24", "outcome": "yes"}
    """
    items, extra = _outcome_rows(outcomes)
    _check_file(target, "target", "write")
    parts = []
    rows = []
    for i, o in enumerate(items):
        row: dict[str, Any] = {
            "question": o.question,
            "resolved_at": o.resolved_at.isoformat(),
            "outcome": _ANNULLED if o.annulled else o.value,
        }
        row.update({k: v[i] for k, v in extra.items()})
        rows.append(row)
        parts.append(_json_line(row, i + 1, target))
    _write_text("".join(parts), target, _jsonl_column_of(rows))
