"""CSV text to checked columns: splitting simple files with numpy (the rest goes to
:mod:`._csv_text`), and the column conversions (ids, times, probabilities) as arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import FileSchemaError
from ..ledger._columns import DAY_US, schema_error, time_parts, unique_keys
from ._files import _shown, parse_time


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
        words: npt.NDArray[np.uint64] | None = None,
    ) -> None:
        self.name = name
        self._buf, self._data, self._starts, self._ends = buf, data, starts, ends
        self._strings = strings
        self._word_view = words

    def words(self) -> npt.NDArray[np.uint64]:
        """Every byte offset of the buffer as the start of an (unaligned) 8-byte word (past
        the end, zero bytes)."""
        if self._word_view is None:
            assert self._buf is not None
            self._word_view = _words(self._buf)
        return self._word_view

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

    def keys8(self) -> npt.NDArray[np.uint64]:
        """Each field of at most 8 bytes as one integer: its bytes, zero-padded, read as a
        native uint64 (what ``matrix(8)`` viewed as uint64 gives, without the matrix)."""
        assert self._starts is not None and self._ends is not None
        words = self.words()
        keys: npt.NDArray[np.uint64] = words[self._starts] & _LOW_BYTES[self._ends - self._starts]
        return keys

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
    # The bytes with 8 zero bytes after them, once for every column's 8-byte words.
    padded = np.zeros(len(data) + 8, dtype=np.uint8)
    buf = padded[: len(data)]
    buf[:] = np.frombuffer(data, dtype=np.uint8)
    words = _words(buf, padded)
    # Every comma and line end, in order: a well-formed file is k of them a line (k - 1
    # commas, then the line end), the header's first.
    # (one comparison finds every byte up to ","; among them the commas and line ends)
    low = np.flatnonzero(buf <= 44)
    low_kinds = buf[low]
    is_sep = (low_kinds == 44) | (low_kinds == 10)
    sep, kinds = (low, low_kinds) if is_sep.all() else (low[is_sep], low_kinds[is_sep])
    if not data.endswith(b"\n"):
        sep = np.append(sep, len(data))
        kinds = np.append(kinds, np.uint8(10))
    k = len(header)
    if len(sep) % k:
        return None
    grid = sep.reshape(-1, k)
    shape = kinds.reshape(-1, k)
    line_shape = np.full(k, 44, dtype=np.uint8)
    line_shape[-1] = 10
    if not (shape == line_shape).all():
        return None
    line_start = grid[:-1, -1] + 1
    cells = grid[1:]
    starts = [line_start] + [cells[:, j] + 1 for j in range(k - 1)]
    ends = [np.ascontiguousarray(cells[:, j]) for j in range(k)]
    return [
        _Column(name, buf=buf, data=data, starts=s, ends=e, words=words)
        for name, s, e in zip(header, starts, ends, strict=False)
    ]


def _words(
    buf: npt.NDArray[np.uint8], padded: npt.NDArray[np.uint8] | None = None
) -> npt.NDArray[np.uint64]:
    """Each byte offset of ``buf`` as the start of an unaligned 8-byte word, over ``padded``
    (``buf`` and 8 zero bytes after it; made here when not given)."""
    if padded is None:
        padded = np.concatenate((buf, np.zeros(8, dtype=np.uint8)))
    words: npt.NDArray[np.uint64] = np.ndarray(
        (len(buf),), dtype=np.uint64, buffer=padded, strides=(1,)
    )
    return words


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
    if w <= 8 and col._strings is None and n * 8 <= _MATRIX_BYTES:
        # Short ids straight from the buffer, one integer each, sorted by radix.
        uniq, first, codes = unique_keys(col.keys8())
        key_bytes = np.ascontiguousarray(uniq).view(np.uint8).reshape(-1, 8)
        vocab = np.empty(len(uniq), dtype=object)
        for j, row in enumerate(first.tolist()):
            try:
                v = bytes(key_bytes[j]).rstrip(b"\0").decode("utf-8")  # (no NUL in the file)
            except UnicodeDecodeError:
                schema_error("the text is not valid UTF-8", row, col.name, where)
            if not v.strip():
                schema_error(f"{v!r} is not a non-empty string", row, col.name, where)
            vocab[j] = v
        return vocab, codes
    mat = col.matrix()
    w = mat.shape[1]
    if w <= 8:
        padded = np.zeros((n, 8), dtype=np.uint8)
        padded[:, :w] = mat
        keys = padded.view(np.uint64).reshape(n)
        uniq, first, codes = unique_keys(keys)
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


#: For a field of k bytes (k = 0..8), the native uint64 mask of its first k bytes.
_LOW_BYTES = np.tril(np.full((9, 8), 255, dtype=np.uint8), -1).view(np.uint64).reshape(9)


#: The largest byte matrix (rows x longest field) built for a column; past it, by text.
_MATRIX_BYTES = 1 << 26


#: 0001-01-01, the first day a ``datetime.date`` can hold, as numpy days.
_YEAR_1 = np.datetime64("0001-01-01", "D")


_DIGIT = np.zeros(256, dtype=bool)


_DIGIT[ord("0") : ord("9") + 1] = True


_NUMBER = _DIGIT.copy()


for _c in b".eE+-":
    _NUMBER[_c] = True


#: For each year 0..9999 of the proleptic Gregorian calendar: 1 if it is a leap year, and the
#: day (since 1970-01-01) its 1 January falls on.
_YEARS = np.arange(10_000)
_LEAP = ((_YEARS % 4 == 0) & ((_YEARS % 100 != 0) | (_YEARS % 400 == 0))).astype(np.intp)
_YEAR_START = np.concatenate(([0], np.cumsum(365 + _LEAP)[:-1])) - int((365 + _LEAP[:1970]).sum())
#: Indexed by 13 * leap + month (1..12): the month's length, and the days before it.
_MONTH_LENGTH = np.array(
    [
        [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
        [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    ]
).reshape(26)
_MONTH_START = np.concatenate(
    ([0], np.cumsum(_MONTH_LENGTH[:13])[:-1], [0], np.cumsum(_MONTH_LENGTH[13:])[:-1])
)


_U = np.uint64


def _dates(col: _Column) -> npt.NDArray[np.int64] | None:
    """Days since 1970-01-01 of fields that are all ``YYYY-MM-DD`` (years 1 to 9999, real
    days of the proleptic Gregorian calendar, as ``datetime.date``), by arithmetic on the
    digits; None if any field is not such a date (the general path then names it).

    Each field's ten bytes are read as two (overlapping) 8-byte words, bytes 0-7 and 2-9;
    the eight digits are gathered into one word and checked and combined eight at a time
    (SWAR: each byte a lane of the 64-bit integer)."""
    starts = col._starts
    assert starts is not None
    words = col.words()
    head = words[starts]  # YYYY-MM-
    tail = words[starts + 2]  # YY-MM-DD
    if not _LITTLE:
        head, tail = head.byteswap(), tail.byteswap()  # byte 0 in the low bits, as below
    if ((head & _DASHES_MASK) != _DASHES).any():
        return None
    # Y Y Y Y D D M M: the year, then the day and month moved into the dashes' places.
    x = (head & _U(0xFFFFFFFF)) | ((head & _U(0x00FFFF0000000000)) << _U(8))
    x |= (tail >> _U(16)) & _U(0x0000FFFF00000000)
    # Every byte in "0".."9": no high bit; adding 0x46 reaches 0x80 only above "9", adding
    # 0x50 only from "0" (no carries between lanes, each below 0x80).
    if (
        (x & _HIGH).any()
        or ((x + _U(0x4646464646464646)) & _HIGH).any()
        or (((x + _U(0x5050505050505050)) & _HIGH) != _HIGH).any()
    ):
        return None
    v = x - _U(0x3030303030303030)
    # Pairs of digits (byte 0 the first): 10 * first + second, in bytes 0, 2, 4, 6.
    v = (v * _U(10) + (v >> _U(8))) & _U(0x00FF00FF00FF00FF)
    if (v > _U(0x000CFFFFFFFFFFFF)).any():  # a month past 12 (in the top lanes)
        return None
    # 16 * year + month, a row of the tables by month (of no length for year 0 or month 0
    # or 13 to 99: every day is then out of range).
    year_month = ((v & _U(0xFF)) * _U(1600) + ((v >> _U(12)) & _U(0xFF0)) + (v >> _U(48))).astype(
        np.int32
    )
    day_before = ((v >> _U(32)) & _U(0xFF)).astype(np.uint8) - np.uint8(1)  # (day 0: 255)
    if (day_before >= _BY_MONTH_LENGTH[year_month]).any():
        return None
    out: npt.NDArray[np.int64] = _BY_MONTH_START[year_month] + day_before
    return out


#: By 16 * year + month (years 0..9999, months 0..15): the month's length in days (0 for
#: year 0 and for months 0 and 13 to 15), and the day (since 1970-01-01) of its first day.
_MONTH_TABLE_LENGTH = np.zeros((10_000, 16), dtype=np.uint8)
_MONTH_TABLE_LENGTH[1:, 1:13] = _MONTH_LENGTH.reshape(2, 13)[_LEAP[1:], 1:]
_BY_MONTH_LENGTH = _MONTH_TABLE_LENGTH.reshape(-1)
_MONTH_TABLE_START = np.zeros((10_000, 16), dtype=np.int64)
_MONTH_TABLE_START[:, 1:13] = _YEAR_START[:, None] + _MONTH_START.reshape(2, 13)[_LEAP, 1:]
_BY_MONTH_START = _MONTH_TABLE_START.reshape(-1)


#: Bytes 4 and 7 of a word (their lane), and the word with "-" there.
_DASHES_MASK = np.uint64(0xFF0000FF00000000)
_DASHES = np.uint64(0x2D00002D00000000)
#: The high bit of each byte.
_HIGH = np.uint64(0x8080808080808080)


def _times(
    col: _Column, where: Any
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    n = len(col)
    lens = col.lengths()
    if n and (lens == 10).all() and col._strings is None:
        days = _dates(col)
        if days is not None:
            return days * DAY_US, np.ones(n, dtype=bool), np.zeros(n, dtype=np.int64)
    elif n and (lens == 10).all():
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
        if col._strings is None and short.size == n and int(col.lengths().max()) <= 8:
            # Fields of at most 8 bytes (0.35, 0.125): each an 8-byte word, its checks
            # done on the word.
            mat = col.keys8().view(np.uint8).reshape(n, 8)
            v, ok, simple, n_dots = _short_decimals(mat)
        else:
            mat = col.matrix(rows=short)
            digit = _DIGIT[mat]
            dot = mat == ord(".")
            n_dots = dot.sum(axis=1)
            simple = (digit | dot | (mat == 0)).all(axis=1) & (n_dots <= 1) & digit.any(axis=1)
            v, ok = _exact_decimals(mat, digit, dot) if simple.any() else (values, simple)
        if simple.any():
            ok &= simple
            if short.size == n and ok.all():  # every field a plain decimal: no scatter
                values, done = v, ok
            else:
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


#: Eight bytes of 1: a word of 0/1 bytes times this holds the count of ones in its top byte.
_ONES = np.uint64(0x0101010101010101)


def _short_decimals(
    mat: npt.NDArray[np.uint8],
) -> tuple[
    npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.intp]
]:
    """What ``_exact_decimals`` and the checks before it give, for fields of at most 8 bytes
    (``mat``: n x 8, zero-padded): the per-row tests (all bytes digits, a dot or padding; at
    most one dot; some digit) and counts done on each row's 8 flag bytes as one integer.
    Returns the values, where they are exact, where the text is a plain decimal, and the
    number of dots of each row."""
    n = len(mat)
    value = mat - np.uint8(ord("0"))  # a digit's value; any other byte wraps to 10 or more
    digit = value < 10
    dot = mat == ord(".")
    d_word = digit.view(np.uint64).reshape(n)
    dot_word = dot.view(np.uint64).reshape(n)
    pad_word = (mat == 0).view(np.uint64).reshape(n)
    n_dots = ((dot_word * _ONES) >> np.uint64(56)).astype(np.intp)
    simple = ((d_word | dot_word | pad_word) == _ONES) & (n_dots <= 1) & (d_word != 0)
    # At most 8 digits: the mantissa, below 10**8, is an exact float.
    mantissa = (
        _word_mantissas(value, d_word, dot_word) if _LITTLE else _column_mantissas(value, digit)
    )
    # The dot and every byte after it (a little-endian word: later bytes are higher; with one
    # dot at most, no byte of the product exceeds 1), then the digits among them.
    after_dot = dot_word * _ONES if _LITTLE else _after_dot_big_endian(dot)
    frac = (((d_word & after_dot) * _ONES) >> np.uint64(56)).astype(np.intp)
    values = mantissa / _POW10[frac]
    return values, simple.copy(), simple, n_dots


_LITTLE = np.little_endian


def _column_mantissas(
    value: npt.NDArray[np.uint8], digit: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """The digits of each row read as one integer (the other bytes skipped), column by
    column over contiguous copies: a digit multiplies by ten and adds itself."""
    mantissa = np.zeros(len(value))
    value_t, digit_t = value.T.copy(), digit.T.copy()
    for j in range(value.shape[1]):
        d = digit_t[j]
        if d.any():
            mantissa = np.where(d, mantissa * 10.0 + value_t[j], mantissa)
    return mantissa


def _word_mantissas(
    value: npt.NDArray[np.uint8], d_word: npt.NDArray[np.uint64], dot_word: npt.NDArray[np.uint64]
) -> npt.NDArray[np.float64]:
    """What :func:`_column_mantissas` gives, on each row's 8 bytes as one little-endian word
    (byte 0 in the low bits), for rows with at most one dot (others: any value).

    The digits' values are kept (the other bytes zeroed), the digits after the dot moved
    down one byte into its place, the digits moved to the top bytes (the last in byte 7),
    and the eight digit lanes combined in three steps (pairs, fours, eight: SWAR)."""
    u = np.uint64
    digits = value.view(u).reshape(len(value)) & (d_word * u(0xFF))
    before_dot = dot_word - u(1)  # the bytes before the dot (no dot: every byte)
    packed = (digits & before_dot) | ((digits & ~before_dot) >> u(8))
    n_digits = (d_word * _ONES) >> u(56)
    packed <<= (u(8) - np.maximum(n_digits, u(1))) * u(8)
    packed = (packed * u(10) + (packed >> u(8))) & u(0x00FF00FF00FF00FF)
    packed = (packed * u(100) + (packed >> u(16))) & u(0x0000FFFF0000FFFF)
    packed = (packed * u(10000) + (packed >> u(32))) & u(0xFFFFFFFF)
    out: npt.NDArray[np.float64] = packed.astype(np.float64)
    return out


def _after_dot_big_endian(dot: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint64]:
    """The flags of the dot and every byte after it, as words, on a big-endian machine."""
    after: npt.NDArray[np.uint64] = (np.cumsum(dot, axis=1) > 0).view(np.uint64).reshape(len(dot))
    return after


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
