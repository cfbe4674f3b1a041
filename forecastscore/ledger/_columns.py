"""The ledger's shared vocabulary, at the bottom of the room: the array type aliases,
the time columns (an instant in microseconds since 1970-01-01 UTC, a date flag and a UTC
offset per row, and how to turn them back into dates, datetimes and ISO 8601 text, and ISO
8601 text into times), factorising ids, and finding the columns that are constant within
each question. Everything else in the ledger imports from here; this imports nothing of
the ledger.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from .._records import pandas_module
from .._text import cut_text
from ..errors import (
    ForecastTypeError,
    InvalidTimeError,
    ShapeError,
)
from ..model import (
    Time,
)
from ..scoring import Rule, RuleFunction

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]
RuleLike = str | RuleFunction | Rule
Ids = tuple[ObjArray, IntArray]
Times = tuple[I64Array, BoolArray, I64Array]
Probs = tuple[npt.NDArray[np.int8], FloatArray, FloatArray]
Categories = tuple[I64Array, ObjArray, IntArray, FloatArray]

#: Microseconds in a day: times are held as integer microseconds since 1970-01-01 UTC.
DAY_US = 86_400_000_000

_UTC = dt.timezone.utc
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_UTC)
_EPOCH_DATE = dt.date(1970, 1, 1)
_EPOCH_NAIVE = dt.datetime(1970, 1, 1)
_ONE_US = dt.timedelta(microseconds=1)
#: The first and one past the last microsecond a datetime can hold (years 1 to 9999).
_FIRST_US = (dt.datetime(1, 1, 1, tzinfo=_UTC) - _EPOCH) // _ONE_US
_END_US = (dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=_UTC) - _EPOCH) // _ONE_US + 1

#: Row kinds: a probability (point, range, mapping over options) or a forecast of a quantity
#: (quantiles, a distribution or samples, held in the ledger's ``_quantity`` column).
_POINT, _RANGE, _CATEGORICAL, _QUANTITY = 0, 1, 2, 3

#: Default lead-time bin edges in days: a day, a week, a month, a quarter, a year, beyond.
LEAD_TIME_BINS = (0.0, 1.0, 7.0, 30.0, 90.0, 365.0, math.inf)


# --- sorting integer keys -----------------------------------------------------------------
# numpy sorts 16-bit integers by radix, in linear time, and larger ones by comparison. The
# keys of a ledger (codes, days, microseconds, codes combined) sort several times faster as a
# few stable passes over their 16-bit digits that vary, least significant first.


def radix_order(keys: Sequence[npt.NDArray[Any]]) -> IntArray:
    """The stable order by integer ``keys`` (most significant first; ties keep their
    positions): what ``np.lexsort((np.arange(n), *reversed(keys)))`` gives."""
    n = len(keys[0])
    order: IntArray | None = None  # None: the rows as they are
    for key in reversed(keys):
        if not n:
            break
        k = key.astype(np.int64)
        k = k - k.min()
        span = int(k.max())
        shift = 0
        while span >> shift:
            digit = (k >> shift).astype(np.uint16)  # (astype keeps the low 16 bits)
            by_digit = np.argsort(digit if order is None else digit[order], kind="stable")
            order = by_digit if order is None else order[by_digit]
            shift += 16
    return np.arange(n) if order is None else order


def unique_keys(keys: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], IntArray, IntArray]:
    """``np.unique(keys, return_index=True, return_inverse=True)`` of non-negative integer
    keys (``uint64`` or ``int64``), by a stable radix sort of the 16-bit digits that vary:
    the same result, several times faster than numpy's comparison sort."""
    n = len(keys)
    wide = keys.astype(np.uint64, copy=False)
    dense = _dense_unique(keys, wide)
    if dense is not None:
        return dense
    order: IntArray | None = None
    top = int(wide.max()) if n else 0
    for shift in range(0, 64, 16):
        if not top >> shift:
            break  # every higher digit is 0
        digit = (wide >> np.uint64(shift)).astype(np.uint16)  # (the low 16 bits)
        if digit.min() == digit.max():
            continue
        by_digit = np.argsort(digit if order is None else digit[order], kind="stable")
        order = by_digit if order is None else order[by_digit]
    if order is None:  # every key the same
        order = np.arange(n)
    ranked = keys[order]
    new = np.empty(n, dtype=bool)
    new[:1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    codes = np.empty(n, dtype=np.intp)
    codes[order] = np.cumsum(new) - 1
    # stable: the first of each run is the key's first row
    return ranked[starts], order[starts].astype(np.intp), codes


def _dense_unique(
    keys: npt.NDArray[Any], wide: npt.NDArray[np.uint64]
) -> tuple[npt.NDArray[Any], IntArray, IntArray] | None:
    """:func:`unique_keys` without sorting, when the keys' 16-bit digits take few values
    (short ids, dates): each digit that varies is replaced by its rank among the values it
    takes (a table of 2**16 flags), the ranks are combined, most significant first, into one
    dense code that orders as the keys do, and the codes that occur are ranked by a table
    of that size. None when that table would be larger than ``2 * len(keys) + 2**16``."""
    n = len(keys)
    if not n:
        return None
    limit = 2 * n + (1 << 16)
    size = 1
    small = np.int32 if limit < 1 << 31 else np.int64
    dense: npt.NDArray[np.signedinteger[Any]] | None = None
    top = int(wide.max())
    for shift in (48, 32, 16, 0):
        if shift and not top >> shift:
            continue  # a digit 0 in every key
        digit = (wide >> np.uint64(shift)).astype(np.uint16)  # (the low 16 bits)
        present = np.zeros(1 << 16, dtype=bool)
        present[digit] = True
        radix = int(np.count_nonzero(present))
        if radix == 1:
            continue
        size *= radix
        if size > limit:
            return None
        code = (np.cumsum(present, dtype=small) - 1)[digit]
        dense = code if dense is None else dense * radix + code
    if dense is None:  # every key the same
        return keys[:1].copy(), np.zeros(1, dtype=np.intp), np.zeros(n, dtype=np.intp)
    seen = np.zeros(size, dtype=bool)
    seen[dense] = True
    codes = (np.cumsum(seen, dtype=np.intp) - 1)[dense]
    first = np.full(int(np.count_nonzero(seen)), n, dtype=np.intp)
    np.minimum.at(first, codes, np.arange(n, dtype=np.intp))
    return keys[first], first, codes


# --- times --------------------------------------------------------------------------------


def time_parts(t: Any, field: str = "made_at") -> tuple[int, bool, int]:
    """Split a time into (earliest instant in µs since the epoch, is a date, UTC offset in µs)."""
    if isinstance(t, dt.datetime):
        off = t.utcoffset()
        if off is None:
            raise InvalidTimeError(
                f"{field!r} is a naive datetime ({t.isoformat()}); give it a timezone"
            )
        return (t - _EPOCH) // _ONE_US, False, off // _ONE_US
    if isinstance(t, dt.date):
        return (t - _EPOCH_DATE).days * DAY_US, True, 0
    raise ForecastTypeError(
        f"{field!r} must be a datetime.date or a timezone-aware datetime.datetime (got {t!r})"
    )


def make_time(us: int, is_date: bool, offset_us: int, zone: Any = None) -> Time:
    """The inverse of :func:`time_parts`. ``zone`` is ``(tzinfo, fold)`` for a datetime
    whose ``tzinfo`` was not a fixed offset: the wall time and fold are then rebuilt in that
    zone, so that even a time in a daylight-saving fold or gap comes back equal."""
    if is_date:
        return _EPOCH_DATE + dt.timedelta(days=int(us) // DAY_US)
    # Built from the wall time, never through UTC: 0001-01-01T01:00+05:00 is an instant in
    # year 0, which no datetime can hold, but its wall time is fine.
    wall = _EPOCH_NAIVE + dt.timedelta(microseconds=int(us) + int(offset_us))
    if zone is not None:
        return wall.replace(tzinfo=zone[0], fold=zone[1])
    tz = _UTC if offset_us == 0 else dt.timezone(dt.timedelta(microseconds=int(offset_us)))
    return wall.replace(tzinfo=tz)


def iso_times(us: I64Array, is_date: BoolArray, offset_us: I64Array) -> list[str]:
    """ISO 8601 text for each time: ``2022-01-03`` for a date, with the offset otherwise."""
    out: list[str] = (
        np.datetime_as_string(us.astype("datetime64[us]").astype("datetime64[D]")).tolist()
        if len(us)
        else []
    )
    rows = np.flatnonzero(~is_date)
    if not rows.size:
        return out
    # Datetimes as arrays: the wall time as datetime.isoformat writes it (microseconds only
    # when there are some), then the offset, formatted once per distinct offset.
    wall = (us[rows] + offset_us[rows]).astype("datetime64[us]")
    whole = (us[rows] + offset_us[rows]) % 1_000_000 == 0
    text = np.empty(len(rows), dtype=object)
    text[whole] = np.datetime_as_string(wall[whole], unit="s")
    text[~whole] = np.datetime_as_string(wall[~whole], unit="us")
    offsets, which = np.unique(offset_us[rows], return_inverse=True)
    suffix = np.array([_offset_text(int(o)) for o in offsets.tolist()], dtype=object)
    for i, t in zip(rows.tolist(), (text + suffix[which.reshape(-1)]).tolist(), strict=True):
        out[i] = t
    return out


def _offset_text(offset_us: int) -> str:
    """The offset as :meth:`datetime.datetime.isoformat` writes it (``+05:30``)."""
    tz = dt.timezone(dt.timedelta(microseconds=offset_us))
    return dt.datetime(2000, 1, 1, tzinfo=tz).isoformat()[19:]


def zone_column(times: Sequence[Any]) -> ObjArray | None:
    """``(tzinfo, fold)`` for each datetime whose zone is not a fixed offset, else None;
    None for the whole column when every time is a date or has a fixed offset."""
    zones = [
        (t.tzinfo, t.fold)
        if isinstance(t, dt.datetime) and not isinstance(t.tzinfo, dt.timezone)
        else None
        for t in times
    ]
    return _obj_array(zones) if any(z is not None for z in zones) else None


def _factorize(values: Sequence[str] | ObjArray) -> tuple[ObjArray, IntArray]:
    """Codes in order of first appearance, and the distinct values."""
    seen = dict.fromkeys(values)
    lookup = {v: i for i, v in enumerate(seen)}
    vocab = np.empty(len(lookup), dtype=object)
    vocab[:] = list(lookup)
    codes = np.fromiter(map(lookup.__getitem__, values), dtype=np.intp, count=len(values))
    return vocab, codes


class _Places:
    """A picklable ``where``: the (path, line) of each row, as looked up once."""

    __slots__ = ("places",)

    def __init__(self, places: list[tuple[str | None, int | None]]) -> None:
        self.places = places

    def __call__(self, row: int) -> tuple[str | None, int | None]:
        return self.places[row]


def _first_appearance(names: ObjArray, codes: IntArray) -> list[str]:
    """The names the codes use, in the order the rows first use them (whatever order the
    names are held in: a reader may hold them sorted)."""
    used, first = np.unique(codes, return_index=True)
    return [str(v) for v in names[used[np.argsort(first)]].tolist()]


def _as_id_set(value: str | Iterable[str], name: str) -> set[str]:
    if isinstance(value, str):
        return {value}
    try:
        out = set(value)
    except TypeError:
        raise ForecastTypeError(
            f"{name} must be a string or an iterable of strings (got {value!r})"
        ) from None
    for v in out:
        if not isinstance(v, str):
            raise ForecastTypeError(f"{name} must hold strings (got {v!r})")
    return out


def _obj_array(values: Sequence[Any]) -> ObjArray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = list(values)
    return arr


# --- columns from user input ---------------------------------------------------------------


def _same_length(n: int, m: int, name: str) -> None:
    if n != m:
        raise ShapeError(f"{name} has {m} entries but question has {n}")


def _same_pandas_index(**columns: Any) -> None:
    """pandas columns with different indexes would be paired by position, silently:
    refused (the first one that differs from the first pandas column is named)."""
    indexed = [
        (name, v.index)
        for name, v in columns.items()
        if type(v).__module__.partition(".")[0] == "pandas" and hasattr(v, "index")
    ]
    for name, index in indexed[1:]:
        first, first_index = indexed[0]
        if not index.equals(first_index):
            raise ShapeError(
                f"{name} and {first} are pandas objects with different indexes "
                f"({cut_text(repr(index.tolist()), 40)} and "
                f"{cut_text(repr(first_index.tolist()), 40)}); they would be paired by "
                f"position: align them first ({name}.reindex({first}.index)) or pass arrays"
            )


def _id_array(values: Any, name: str) -> ObjArray:
    arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise ShapeError(f"{name} must be one-dimensional (got shape {arr.shape})")
    distinct = list(dict.fromkeys(arr.tolist()))
    for v in distinct:
        if not isinstance(v, str) or not v.strip():
            i = arr.tolist().index(v)
            raise ForecastTypeError(f"{name}[{i}] must be a non-empty string (got {v!r})")
    if not all(map(str.isascii, distinct)):
        # A lone surrogate is no text: no file (UTF-8) could hold the id.
        for v in distinct:
            if _LONE_SURROGATE.search(v):
                i = arr.tolist().index(v)
                raise ForecastTypeError(
                    f"{name}[{i}] holds a lone surrogate, which is not text and cannot be "
                    f"written as UTF-8 (got {v!r})"
                )
    return arr


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_column(values: Any, n: int, name: str) -> ObjArray:
    if values is None:
        return np.full(n, None, dtype=object)
    arr = np.array(values, dtype=object)
    if arr.shape != (n,):
        raise ShapeError(f"{name} must have shape ({n},) (got {arr.shape})")
    for i, v in enumerate(arr.tolist()):
        if v is not None and not isinstance(v, str):
            raise ForecastTypeError(f"{name}[{i}] must be a string or None (got {v!r})")
    return arr


def _time_arrays(values: Any, name: str) -> tuple[I64Array, BoolArray, I64Array]:
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        if values.ndim != 1:
            raise ShapeError(f"{name} must be one-dimensional (got shape {values.shape})")
        nat = np.isnat(values)
        if nat.any():
            raise InvalidTimeError(f"{name}[{int(np.flatnonzero(nat)[0])}] is NaT")
        unit = np.datetime_data(values.dtype)[0]
        us = values.astype("datetime64[us]").astype(np.int64)
        # What a datetime.date / datetime can hold (years 1 to 9999), so that every row
        # iterates back into a Prediction.
        outside = (us < _FIRST_US) | (us >= _END_US)
        if outside.any():
            i = int(np.flatnonzero(outside)[0])
            raise InvalidTimeError(
                f"{name}[{i}] = {values[i]!r} is outside the years 1 to 9999 that datetime can hold"
            )
        n = len(values)
        is_date = np.full(n, unit in ("D", "W", "M", "Y"))
        return us, is_date, np.zeros(n, dtype=np.int64)
    items = list(values)
    n = len(items)
    us, is_date, off = np.empty(n, np.int64), np.empty(n, bool), np.empty(n, np.int64)
    for i, t in enumerate(items):
        try:
            us[i], is_date[i], off[i] = time_parts(t, f"{name}[{i}]")
        except (InvalidTimeError, ForecastTypeError) as exc:
            raise type(exc)(str(exc)) from None
    return us, is_date, off


def _index_array(values: Any, name: str) -> npt.NDArray[Any]:
    """Indices as a one-dimensional integer (or boolean) array; anything else is refused."""
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        raise ForecastTypeError(f"{name} must be integers (got {values!r})") from None
    if arr.ndim > 1:
        raise ShapeError(f"{name} must be one-dimensional (got shape {arr.shape})")
    arr = arr.reshape(-1)
    if arr.size == 0:
        return np.empty(0, dtype=np.intp)
    if arr.dtype.kind not in "iub":
        raise ForecastTypeError(f"{name} must be integers (got {values!r})")
    return arr


def _in_range(idx: npt.NDArray[Any], name: str, n: int) -> IntArray:
    """Integer indices into ``n`` rows, negative ones counted from the end, made
    non-negative; an index outside is refused with its position."""
    # Unsigned indices are compared as they are (a cast could wrap a huge one).
    bad = idx >= n if idx.dtype.kind == "u" else (idx < -n) | (idx >= n)
    out = np.flatnonzero(bad)
    if out.size:
        j = int(out[0])
        raise ShapeError(
            f"{name}[{j}] = {int(idx[j])} is out of range for a ledger of {n} predictions"
        )
    signed = idx.astype(np.intp)
    result: IntArray = np.where(signed < 0, signed + n, signed)
    return result


def _codes_of(vocab: ObjArray, wanted: set[str]) -> IntArray:
    return np.flatnonzero(np.isin(vocab, np.array(sorted(wanted), dtype=object)))


def _ranges(starts: I64Array, counts: I64Array) -> IntArray:
    """Concatenate ``arange(s, s + c)`` for each start and count, without a Python loop."""
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.intp)
    ends = np.cumsum(counts)
    out = np.ones(total, dtype=np.intp)
    nz = counts > 0
    first = (ends - counts)[nz]
    out[first] = starts[nz]
    out[first[1:]] -= starts[nz][:-1] + counts[nz][:-1] - 1
    return np.cumsum(out)


def _pandas() -> Any:
    return pandas_module("Ledger.to_pandas/from_pandas")


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


#: ``where(row)`` turns a row index (-1 for the header) into ``(path, line)`` for an error.
Where = Callable[[int], tuple[str | None, int | None]]


def _row_where(row: int) -> tuple[str | None, int | None]:
    return None, (None if row < 0 else row)


def schema_error(message: str, row: int, column: str | None, where: Where) -> NoReturn:
    """Raise :class:`~forecastscore.FileSchemaError` at a row, located by ``where``."""
    from ..errors import FileSchemaError

    path, line = where(row)
    if path is None and line is None:
        raise FileSchemaError((f"column {column!r}: " if column else "") + message)
    if path is None:
        raise FileSchemaError(
            f"row {line}: " + (f"column {column!r}: " if column else "") + message
        )
    raise FileSchemaError(message, path=path, line=line, column=column)


# --- ISO 8601 text ------------------------------------------------------------------------

_FRACTION = re.compile(r"[.,](\d+)")
_OFFSET = re.compile(r"[+-]\d\d:?(\d\d)(?::?(\d\d))?(?:[.,]\d+)?$")


def parse_iso_time(text: str) -> dt.date | dt.datetime:
    """Parse ISO 8601 as the files hold it: ``YYYY-MM-DD`` is a date; a datetime must carry
    an offset or ``Z``. Raises ValueError saying why (the callers add the position)."""
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
        raise ValueError(f"the UTC offset {zone.group(0)!r} has minutes or seconds above 59")
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        raise ValueError("a datetime needs a UTC offset, e.g. +00:00 or Z")
    return t


def constant_columns(
    qcodes: IntArray, columns: dict[str, ObjArray]
) -> dict[str, tuple[IntArray, ObjArray]]:
    """The columns whose value is the same on every row of each question: for each, the
    question codes that have rows and the value each has (a column holding values that
    cannot be compared, such as JSON lists, is left out)."""
    out: dict[str, tuple[IntArray, ObjArray]] = {}
    if not len(qcodes):
        return out
    order = np.argsort(qcodes, kind="stable")
    sq = qcodes[order]
    starts = np.flatnonzero(np.r_[True, sq[1:] != sq[:-1]])
    for name, values in columns.items():
        try:
            _, codes = _factorize(values[order].tolist())
        except TypeError:  # unhashable values
            continue
        same = np.minimum.reduceat(codes, starts) == np.maximum.reduceat(codes, starts)
        if same.all():
            out[name] = (sq[starts], values[order][starts])
    return out
