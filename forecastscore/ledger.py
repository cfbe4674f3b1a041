r"""Many claims at once, in columns: the :class:`Ledger`, its scores and its summaries.

What lives here: :class:`Ledger` (predictions held column by column: question and
forecaster ids, times as ``numpy.datetime64``, probabilities, ranges and categorical
forecasts), :meth:`Ledger.score` and its :class:`ScoreTable` (one row per scored prediction,
with its lead time and everything that was not scored counted), :class:`Summary` (per
forecaster, per question or per lead-time bin, with a bootstrap interval that resamples whole
questions), :func:`time_averaged` (each forecast weighted by how long it stood) and
:func:`compare_to_reference` (each claim against a reference's forecast standing when the
claim was made). What does not: the formulas (``forecastscore.rules``), one claim at a time
(``forecastscore.scoring``), files (``forecastscore.io``).

Every score is a loss: lower is better. The array paths are sorts, ``searchsorted``,
``bincount`` and reductions; Python loops run over distinct questions or options, not over
predictions, except where Python objects go in or come out (:meth:`Ledger.from_predictions`,
:meth:`Ledger.from_pandas`, JSON Lines, iteration) and where the option rows of categorical
forecasts read from a file are grouped.

Times are stored as the earliest instant each can mean, in microseconds since 1970-01-01 UTC
(``datetime64[us]``), with a per-row flag for dates (a date is its whole UTC day) and the UTC
offset of each datetime, so that iterating a ledger gives back equal
:class:`~forecastscore.Prediction` objects. A datetime in a named zone (``zoneinfo``) keeps
its zone and fold in a side column, so that it comes back identical; files hold only the
offset. Two ledgers compare equal when they hold the same rows as a file would: the same
instants, date flags and offsets, whatever the zone objects.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import numbers
import statistics
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NoReturn, overload

import attrs
import numpy as np
import numpy.typing as npt

from . import _checks
from ._checks import SUM_ATOL
from .errors import (
    ForecastTypeError,
    HindsightError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    InvalidTimeError,
    ShapeError,
)
from .model import (
    Outcome,
    Prediction,
    Probabilities,
    ProbabilityRange,
    Question,
    Time,
)
from .scoring import Rule, RuleFunction, get_rule

__all__ = [
    "Ledger",
    "ReferenceTable",
    "ScoreTable",
    "Summary",
    "TimeAveragedTable",
    "compare_to_reference",
    "time_averaged",
]

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

#: Row kinds.
_POINT, _RANGE, _CATEGORICAL = 0, 1, 2

#: Default lead-time bin edges in days: a day, a week, a month, a quarter, a year, beyond.
LEAD_TIME_BINS = (0.0, 1.0, 7.0, 30.0, 90.0, 365.0, math.inf)


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


# --- the ledger ---------------------------------------------------------------------------


class Ledger:
    r"""Many dated predictions held in columns.

    Build one with :meth:`from_predictions`, :meth:`from_arrays`, :meth:`from_pandas` or the
    readers of :mod:`forecastscore.io`; score it with :meth:`score` (a loss per prediction:
    lower is better) or :func:`time_averaged`. Iterating gives back
    :class:`~forecastscore.Prediction` objects equal to those put in; ``len`` is the number of
    predictions (a categorical forecast is one prediction however many options it has).

    Columns (read-only numpy arrays, one entry per prediction): :attr:`question`,
    :attr:`forecaster`, :attr:`made_at` (``datetime64[us]``, the earliest instant: 00:00 UTC
    for a date), :attr:`is_date`, :attr:`low` and :attr:`high` (equal for a point forecast,
    the bounds of a :class:`~forecastscore.ProbabilityRange`, NaN for a categorical
    forecast), :attr:`is_range`, :attr:`is_categorical`, :attr:`source`, :attr:`quote`, and
    :attr:`extra` (columns read from a file that the library does not interpret, kept so that
    they are written back).

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.3),
    ...     fs.Prediction("q1", "bob", dt.date(2022, 1, 9), 0.8),
    ... ])
    >>> len(ledger)
    2
    >>> list(ledger)[1] == fs.Prediction("q1", "bob", dt.date(2022, 1, 9), 0.8)
    True
    >>> table = ledger.score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")])
    >>> table.score                     # (0.3 - 1)**2, (0.8 - 1)**2
    array([0.49, 0.04])
    """

    __slots__ = (
        "_cat_opt",
        "_cat_prob",
        "_cat_ptr",
        "_extra",
        "_fcodes",
        "_fnames",
        "_high",
        "_is_date",
        "_kind",
        "_low",
        "_made",
        "_offset",
        "_onames",
        "_origin",
        "_qcodes",
        "_qnames",
        "_quote",
        "_source",
        "_zones",
    )

    def __init__(
        self,
        questions: Ids,
        forecasters: Ids,
        times: Times,
        probabilities: Probs,
        categorical: Categories,
        text: tuple[ObjArray, ObjArray],
        extra: Mapping[str, ObjArray],
        zones: ObjArray | None = None,
        origin: tuple[Where, I64Array] | None = None,
    ) -> None:
        # Private: the columns must already be valid. Use the from_* constructors. Ids are
        # (distinct names, code per row); times (earliest instant in µs, is a date, UTC
        # offset in µs); probabilities (kind, low, high); categorical forecasts are CSR:
        # (row pointers, option names, option code per entry, probability per entry).
        # ``origin`` is where the rows were read: (where, the file's row of each
        # prediction), so that errors name the file and line (see :meth:`_at`).
        self._qnames, self._qcodes = questions
        self._fnames, self._fcodes = forecasters
        self._made, self._is_date, self._offset = times
        self._kind, self._low, self._high = probabilities
        self._cat_ptr, self._onames, self._cat_opt, self._cat_prob = categorical
        self._source, self._quote = text
        self._extra = dict(extra)
        self._zones = zones  # (tzinfo, fold) per row where the zone is not a fixed offset
        self._origin = origin
        for arr in (
            self._qcodes,
            self._fcodes,
            *times,
            *probabilities,
            self._cat_ptr,
            self._cat_opt,
            self._cat_prob,
            *text,
            *self._extra.values(),
        ):
            arr.flags.writeable = False

    # --- constructors ---------------------------------------------------------------------

    @classmethod
    def from_predictions(cls, predictions: Iterable[Prediction]) -> Ledger:
        r"""Build a ledger from :class:`~forecastscore.Prediction` objects, in their order.

        Parameters
        ----------
        predictions : iterable of Prediction

        Raises
        ------
        ForecastTypeError
            An item that is not a :class:`~forecastscore.Prediction` (the message gives its
            index), or ``predictions`` that is not an iterable of them.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> verbal = fs.ProbabilityRange(0.2, 0.45)
        >>> claim = fs.Prediction("q", "pundit", dt.date(2022, 1, 8), verbal)
        >>> Ledger.from_predictions([claim]).high
        array([0.45])
        """
        if isinstance(predictions, Prediction):
            raise ForecastTypeError(
                "predictions must be an iterable of Prediction, not one Prediction"
            )
        if not isinstance(predictions, Iterable) or isinstance(predictions, (str, bytes)):
            raise ForecastTypeError(
                f"predictions must be an iterable of Prediction (got {predictions!r})"
            )
        preds = list(predictions)
        n = len(preds)
        q: list[str] = []
        f: list[str] = []
        made = np.empty(n, dtype=np.int64)
        is_date = np.empty(n, dtype=bool)
        offset = np.empty(n, dtype=np.int64)
        kind = np.zeros(n, dtype=np.int8)
        low = np.empty(n)
        high = np.empty(n)
        counts = np.zeros(n, dtype=np.int64)
        opts: list[str] = []
        probs: list[float] = []
        source: list[str | None] = []
        quote: list[str | None] = []
        for i, p in enumerate(preds):
            if not isinstance(p, Prediction):
                raise ForecastTypeError(f"predictions[{i}] must be a Prediction (got {p!r})")
            q.append(p.question)
            f.append(p.forecaster)
            made[i], is_date[i], offset[i] = time_parts(p.made_at)
            prob = p.probability
            if isinstance(prob, Probabilities):
                kind[i] = _CATEGORICAL
                low[i] = high[i] = math.nan
                counts[i] = len(prob)
                opts.extend(prob)
                probs.extend(prob.values())
            elif isinstance(prob, ProbabilityRange):
                kind[i] = _RANGE
                low[i], high[i] = prob.low, prob.high
            else:
                low[i] = high[i] = prob
            source.append(p.source)
            quote.append(p.quote)
        qnames, qcodes = _factorize(q)
        fnames, fcodes = _factorize(f)
        onames, ocodes = _factorize(opts)
        zones = zone_column([p.made_at for p in preds])
        return cls(
            (qnames, qcodes),
            (fnames, fcodes),
            (made, is_date, offset),
            (kind, low, high),
            (
                np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
                onames,
                ocodes,
                np.asarray(probs, dtype=np.float64),
            ),
            (_obj_array(source), _obj_array(quote)),
            {},
            zones,
        )

    @classmethod
    def from_arrays(
        cls,
        question: Any,
        forecaster: Any,
        made_at: Any,
        probability: Any = None,
        *,
        low: Any = None,
        high: Any = None,
        options: Sequence[str] | None = None,
        source: Any = None,
        quote: Any = None,
    ) -> Ledger:
        r"""Build a ledger from arrays, one entry per prediction, without Python objects per row.

        Give either ``probability`` (shape ``(n,)``: P(yes) of binary forecasts; or shape
        ``(n, k)`` with ``options``: categorical forecasts over the ``k`` named options), or
        ``low`` and ``high`` (probability ranges; equal bounds are still ranges).

        Parameters
        ----------
        question, forecaster : array_like of str, shape (n,)
            Non-empty ids.
        made_at : array_like of datetime64, or sequence of date / aware datetime, shape (n,)
            A ``datetime64`` array in days holds dates (whole UTC days); any finer unit holds
            UTC instants. ``NaT`` is refused.
        probability : array_like of float, shape (n,) or (n, k), optional
        low, high : array_like of float, shape (n,), optional
        options : sequence of str, length k, optional
            Option names for a two-dimensional ``probability``.
        source, quote : array_like of str or None, shape (n,), optional

        Raises
        ------
        ShapeError
            Columns of different lengths, ``options`` that do not match ``k``, or pandas
            columns with different indexes (they are never paired by position silently).
        InvalidForecastError, ForecastTypeError, InvalidTimeError
            A bad value; the message gives the argument and index.

        Examples
        --------
        >>> import numpy as np
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_arrays(
        ...     ["q1", "q1"], ["alice", "bob"],
        ...     np.array(["2022-01-08", "2022-01-09"], dtype="datetime64[D]"), [0.3, 0.8])
        >>> ledger.forecaster
        array(['alice', 'bob'], dtype=object)
        """
        _same_pandas_index(
            question=question,
            forecaster=forecaster,
            made_at=made_at,
            probability=probability,
            low=low,
            high=high,
            source=source,
            quote=quote,
        )
        qarr = _id_array(question, "question")
        n = len(qarr)
        farr = _id_array(forecaster, "forecaster")
        _same_length(n, len(farr), "forecaster")
        made, is_date, offset = _time_arrays(made_at, "made_at")
        _same_length(n, len(made), "made_at")
        ptr = np.zeros(n + 1, dtype=np.int64)
        onames = np.empty(0, dtype=object)
        cat_opt = np.empty(0, dtype=np.intp)
        cat_prob = np.empty(0)
        if probability is not None:
            if low is not None or high is not None:
                raise InvalidOptionError("give either probability or low and high, not both")
            p = _checks.as_float_array(probability, "probability")
            if p.ndim == 1:
                _checks.check_probabilities(p, "probability", "raise")
                _same_length(n, len(p), "probability")
                kind = np.zeros(n, dtype=np.int8)
                lo = hi = p.copy()
                if options is not None:
                    raise ShapeError("options are for a two-dimensional probability (n, k)")
            elif p.ndim == 2:
                if options is None:
                    raise ShapeError("a two-dimensional probability (n, k) needs options=")
                onames = _id_array(list(options), "options")
                if len(onames) != p.shape[1]:
                    raise ShapeError(
                        f"options has {len(onames)} names but probability has {p.shape[1]} columns"
                    )
                if len(set(onames.tolist())) != len(onames):
                    raise InvalidForecastError(f"options must be unique (got {list(onames)!r})")
                _checks.as_categorical_forecast(p, "probability", -1, "raise", SUM_ATOL)
                _same_length(n, len(p), "probability")
                k = p.shape[1]
                kind = np.full(n, _CATEGORICAL, dtype=np.int8)
                lo = hi = np.full(n, math.nan)
                ptr = np.arange(n + 1, dtype=np.int64) * k
                cat_opt = np.tile(np.arange(k, dtype=np.intp), n)
                cat_prob = np.ascontiguousarray(p, dtype=np.float64).reshape(-1).copy()
            else:
                raise ShapeError(f"probability must be 1- or 2-dimensional (got shape {p.shape})")
        else:
            if low is None or high is None:
                raise InvalidOptionError("give probability, or both low and high")
            lo = _checks.as_float_array(low, "low").copy()
            hi = _checks.as_float_array(high, "high").copy()
            for arr, name in ((lo, "low"), (hi, "high")):
                if arr.ndim != 1:
                    raise ShapeError(f"{name} must be one-dimensional (got shape {arr.shape})")
                _checks.check_probabilities(arr, name, "raise")
                _same_length(n, len(arr), name)
            bad = np.flatnonzero(lo > hi)
            if bad.size:
                i = int(bad[0])
                raise InvalidForecastError(
                    f"low[{i}] = {float(lo[i])!r} exceeds high[{i}] = {float(hi[i])!r}"
                )
            kind = np.full(n, _RANGE, dtype=np.int8)
        qnames, qcodes = _factorize(qarr)
        fnames, fcodes = _factorize(farr)
        return cls(
            (qnames, qcodes),
            (fnames, fcodes),
            (made, is_date, offset),
            (kind, lo, hi),
            (ptr, onames, cat_opt, cat_prob),
            (_text_column(source, n, "source"), _text_column(quote, n, "quote")),
            {},
        )

    @classmethod
    def from_pandas(cls, frame: Any) -> Ledger:
        r"""Build a ledger from a :class:`pandas.DataFrame` laid out like the CSV format.

        Columns ``question``, ``forecaster``, ``made_at``, ``probability`` and optionally
        ``option`` (one row per option of a categorical forecast), ``source``, ``quote``;
        other columns are kept as :attr:`extra`. ``made_at`` holds ``datetime.date`` /
        aware ``datetime.datetime`` objects or a timezone-aware datetime column;
        ``probability`` holds floats or :class:`~forecastscore.ProbabilityRange` objects.
        This is the inverse of :meth:`to_pandas`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        FileSchemaError
            A missing column or a bad value; the message gives the row.
        """
        pd = _pandas()
        if not isinstance(frame, pd.DataFrame):
            raise ForecastTypeError(f"frame must be a pandas.DataFrame (got {type(frame)!r})")
        columns = [str(c) for c in frame.columns]
        data: dict[str, list[Any]] = {}
        for c in frame.columns:
            col = frame[c]
            if isinstance(col.dtype, pd.DatetimeTZDtype):
                values = [None if pd.isna(v) else v.to_pydatetime() for v in col]
            else:
                values = col.tolist()
            data[str(c)] = [None if _is_missing(v) else v for v in values]
        return from_records(columns, data, len(frame), where=_row_where)

    def to_pandas(self) -> Any:
        r"""The ledger as a :class:`pandas.DataFrame`, laid out like the CSV format.

        One row per prediction, or per option of a categorical forecast (column ``option``);
        ``made_at`` holds ``datetime.date`` / aware ``datetime.datetime`` objects, so that
        :meth:`from_pandas` gives back an equal ledger; ``probability`` holds floats, or
        :class:`~forecastscore.ProbabilityRange` objects for ranges.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        pd = _pandas()
        return pd.DataFrame(self.to_records(times="objects"))

    # --- columns --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._qcodes)

    @property
    def question(self) -> ObjArray:
        """Question id of each prediction."""
        out: ObjArray = self._qnames[self._qcodes]
        return out

    @property
    def forecaster(self) -> ObjArray:
        """Forecaster of each prediction."""
        out: ObjArray = self._fnames[self._fcodes]
        return out

    @property
    def questions(self) -> list[str]:
        """The distinct question ids, in order of first appearance."""
        return _first_appearance(self._qnames, self._qcodes)

    @property
    def forecasters(self) -> list[str]:
        """The distinct forecasters, in order of first appearance."""
        return _first_appearance(self._fnames, self._fcodes)

    @property
    def made_at(self) -> npt.NDArray[np.datetime64]:
        """When each prediction was made: its earliest instant, UTC (``datetime64[us]``)."""
        return self._made.astype("datetime64[us]")

    @property
    def is_date(self) -> BoolArray:
        """Whether each ``made_at`` is a date (a whole UTC day) rather than a datetime."""
        return self._is_date

    @property
    def low(self) -> FloatArray:
        """Lower bound of each probability (the probability itself for a point forecast;
        NaN for a categorical forecast)."""
        return self._low

    @property
    def high(self) -> FloatArray:
        """Upper bound of each probability (see :attr:`low`)."""
        return self._high

    @property
    def is_range(self) -> BoolArray:
        """Whether each prediction is a :class:`~forecastscore.ProbabilityRange`."""
        out: BoolArray = self._kind == _RANGE
        return out

    @property
    def is_categorical(self) -> BoolArray:
        """Whether each prediction is a mapping over options."""
        out: BoolArray = self._kind == _CATEGORICAL
        return out

    @property
    def source(self) -> ObjArray:
        """Source of each prediction (``None`` where not given)."""
        return self._source

    @property
    def quote(self) -> ObjArray:
        """Quote of each prediction (``None`` where not given)."""
        return self._quote

    @property
    def extra(self) -> dict[str, ObjArray]:
        """Columns read from a file that the library does not interpret, by name."""
        return dict(self._extra)

    def made_at_iso(self) -> list[str]:
        """``made_at`` as ISO 8601 text: ``2022-01-03`` for a date, with its offset otherwise."""
        return iso_times(self._made, self._is_date, self._offset)

    # --- rows -----------------------------------------------------------------------------

    def _prediction(self, i: int) -> Prediction:
        kind = self._kind[i]
        prob: float | ProbabilityRange | dict[str, float]
        if kind == _POINT:
            prob = float(self._low[i])
        elif kind == _RANGE:
            prob = ProbabilityRange(float(self._low[i]), float(self._high[i]))
        else:
            a, b = int(self._cat_ptr[i]), int(self._cat_ptr[i + 1])
            prob = dict(
                zip(
                    self._onames[self._cat_opt[a:b]].tolist(),
                    self._cat_prob[a:b].tolist(),
                    strict=False,
                )
            )
        return Prediction(
            str(self._qnames[self._qcodes[i]]),
            str(self._fnames[self._fcodes[i]]),
            make_time(
                int(self._made[i]),
                bool(self._is_date[i]),
                int(self._offset[i]),
                None if self._zones is None else self._zones[i],
            ),
            prob,
            source=self._source[i],
            quote=self._quote[i],
        )

    def __iter__(self) -> Iterator[Prediction]:
        for i in range(len(self)):
            yield self._prediction(i)

    @overload
    def __getitem__(self, index: int) -> Prediction: ...

    @overload
    def __getitem__(self, index: slice | Sequence[int] | npt.NDArray[Any]) -> Ledger: ...

    def __getitem__(self, index: Any) -> Prediction | Ledger:
        """A :class:`~forecastscore.Prediction` for an integer; a ledger for a slice, an
        array of indices or a boolean mask.

        Raises
        ------
        ShapeError
            An index outside the ledger (the message gives it and the ledger's length), or
            a boolean mask of another length.
        ForecastTypeError
            An index that is neither an integer, a slice, integers nor booleans.
        """
        n = len(self)
        if isinstance(index, (int, np.integer)) and not isinstance(index, (bool, np.bool_)):
            i = int(index)
            if not -n <= i < n:
                raise ShapeError(f"index {i} is out of range for a ledger of {n} predictions")
            return self._prediction(i % n)
        if isinstance(index, slice):
            return self._take(np.arange(n)[index])
        idx = _index_array(index, "index")
        if idx.dtype == np.bool_:
            if idx.shape != (n,):
                raise ShapeError(
                    f"a boolean index must have one entry per prediction: {n} (got shape "
                    f"{idx.shape})"
                )
            return self._take(np.flatnonzero(idx))
        return self._take(_in_range(idx, "index", n))

    def take(self, rows: Any) -> Ledger:
        """A new ledger with the given rows (indices, negative ones counting from the end),
        in that order.

        Raises
        ------
        ShapeError
            An index outside the ledger (the message gives it, its position in ``rows``
            and the ledger's length).
        ForecastTypeError
            ``rows`` that are not integers.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions(
        ...     [fs.Prediction("q", f, dt.date(2022, 1, 8), 0.5) for f in ("a", "b", "c")])
        >>> ledger.take([2, -3]).forecaster
        array(['c', 'a'], dtype=object)
        >>> ledger.take([3])
        Traceback (most recent call last):
        ...
        forecastscore.errors.ShapeError: rows[0] = 3 is out of range for a ledger of 3 predictions
        """
        idx = _index_array(rows, "rows")
        if idx.dtype == np.bool_:
            raise ForecastTypeError(
                f"rows must be integer indices (got booleans, {cut_text(repr(rows), 60)}; use "
                "ledger[mask] for a mask)"
            )
        return self._take(_in_range(idx, "rows", len(self)))

    def _take(self, idx: IntArray) -> Ledger:
        """:meth:`take` for indices already checked and made non-negative."""
        a, b = self._cat_ptr[idx], self._cat_ptr[idx + 1]
        counts = b - a
        ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        entries = _ranges(a, counts)
        return Ledger(
            (self._qnames, self._qcodes[idx]),
            (self._fnames, self._fcodes[idx]),
            (self._made[idx], self._is_date[idx], self._offset[idx]),
            (self._kind[idx], self._low[idx], self._high[idx]),
            (ptr, self._onames, self._cat_opt[entries], self._cat_prob[entries]),
            (self._source[idx], self._quote[idx]),
            {k: v[idx] for k, v in self._extra.items()},
            None if self._zones is None else self._zones[idx],
            None if self._origin is None else (self._origin[0], self._origin[1][idx]),
        )

    def __getstate__(self) -> dict[str, Any]:
        # A reader's ``where`` is a closure, which pickle cannot hold: the places of the
        # rows are looked up once and kept as plain data.
        state = {name: getattr(self, name) for name in self.__slots__}
        if self._origin is not None:
            where, file_row = self._origin
            places = [where(int(r)) for r in file_row.tolist()]
            state["_origin"] = (_Places(places), np.arange(len(places), dtype=np.int64))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            object.__setattr__(self, name, value)
        for column in self._extra.values():
            column.flags.writeable = False

    def _at(self, i: int) -> str:
        """Where row ``i`` came from, for an error: ``file:line`` for a row read from a file,
        ``row N`` of the data frame for :meth:`from_pandas`, else ``row i`` of the ledger."""
        if self._origin is not None:
            where, file_row = self._origin
            path, line = where(int(file_row[i]))
            if path is not None:
                return path if line is None else f"{path}:{line}"
            if line is not None:
                return f"row {line}"
        return f"row {i}"

    def filter(
        self,
        *,
        forecaster: str | Iterable[str] | None = None,
        question: str | Iterable[str] | None = None,
        since: Time | None = None,
        until: Time | None = None,
    ) -> Ledger:
        r"""The predictions by some forecasters, on some questions, made in a date range.

        Times compare by the earliest instant each can mean (00:00 UTC for a date): a row is
        kept when ``since <= made_at`` and ``made_at <= until``, where a date ``until``
        includes its whole day.

        Parameters
        ----------
        forecaster, question : str or iterable of str, optional
            Keep only these.
        since, until : datetime.date or aware datetime.datetime, optional
            The date range, both ends included.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions([
        ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.3),
        ...     fs.Prediction("q1", "bob", dt.date(2022, 1, 9), 0.8),
        ...     fs.Prediction("q2", "bob", dt.date(2022, 2, 1), 0.4),
        ... ])
        >>> len(ledger.filter(forecaster="bob", until=dt.date(2022, 1, 31)))
        1
        """
        keep = np.ones(len(self), dtype=bool)
        if forecaster is not None:
            wanted = _as_id_set(forecaster, "forecaster")
            keep &= np.isin(self._fcodes, _codes_of(self._fnames, wanted))
        if question is not None:
            wanted = _as_id_set(question, "question")
            keep &= np.isin(self._qcodes, _codes_of(self._qnames, wanted))
        if since is not None:
            keep &= self._made >= time_parts(since, "since")[0]
        if until is not None:
            us, is_date, _ = time_parts(until, "until")
            keep &= self._made < us + (DAY_US if is_date else 1)
        return self._take(np.flatnonzero(keep))

    def to_records(self, *, times: str = "iso") -> list[dict[str, Any]]:
        """Rows in the file layout: one dict per prediction, or per option of a categorical
        forecast. ``times="iso"`` gives ISO 8601 text, ``"objects"`` date/datetime objects.

        Optional columns (``option``, ``source``, ``quote``) appear only when some row uses
        them; :attr:`extra` columns follow.
        """
        _checks.check_choice("times", times, ("iso", "objects"))
        n = len(self)
        if times == "iso":
            made: list[Any] = self.made_at_iso()
        else:
            zones = [None] * n if self._zones is None else self._zones.tolist()
            made = [
                make_time(int(u), bool(d), int(o), z)
                for u, d, o, z in zip(
                    self._made.tolist(),
                    self._is_date.tolist(),
                    self._offset.tolist(),
                    zones,
                    strict=True,
                )
            ]
        has_option = bool(self.is_categorical.any())
        has_source = any(s is not None for s in self._source)
        has_quote = any(s is not None for s in self._quote)
        q, f = self.question.tolist(), self.forecaster.tolist()
        low, high, kind = self._low.tolist(), self._high.tolist(), self._kind.tolist()
        extra = {k: v.tolist() for k, v in self._extra.items()}
        out: list[dict[str, Any]] = []
        for i in range(n):
            base: dict[str, Any] = {"question": q[i], "forecaster": f[i], "made_at": made[i]}
            if kind[i] == _CATEGORICAL:
                a, b = int(self._cat_ptr[i]), int(self._cat_ptr[i + 1])
                pairs = zip(
                    self._onames[self._cat_opt[a:b]].tolist(),
                    self._cat_prob[a:b].tolist(),
                    strict=False,
                )
            else:
                p: Any = low[i] if kind[i] == _POINT else ProbabilityRange(low[i], high[i])
                pairs = zip([None], [p], strict=True)
            for option, p in pairs:
                row = dict(base)
                row["probability"] = p
                if has_option:
                    row["option"] = option
                if has_source:
                    row["source"] = self._source[i]
                if has_quote:
                    row["quote"] = self._quote[i]
                for k, v in extra.items():
                    row[k] = v[i]
                out.append(row)
        return out

    def __eq__(self, other: object) -> bool:
        """Equal when the rows are the same as a file holds them: ids, instants, date flags,
        UTC offsets, probabilities, text and extra columns (zone objects are not compared)."""
        if not isinstance(other, Ledger):
            return NotImplemented
        if len(self) != len(other) or list(self._extra) != list(other._extra):
            return False
        same = (
            np.array_equal(self.question, other.question)
            and np.array_equal(self.forecaster, other.forecaster)
            and np.array_equal(self._made, other._made)
            and np.array_equal(self._is_date, other._is_date)
            and np.array_equal(self._offset, other._offset)
            and np.array_equal(self._kind, other._kind)
            and np.array_equal(self._low, other._low, equal_nan=True)
            and np.array_equal(self._high, other._high, equal_nan=True)
            and np.array_equal(self._cat_ptr, other._cat_ptr)
            and np.array_equal(self._onames[self._cat_opt], other._onames[other._cat_opt])
            and np.array_equal(self._cat_prob, other._cat_prob)
            and np.array_equal(self._source, other._source)
            and np.array_equal(self._quote, other._quote)
        )
        return bool(same) and all(
            np.array_equal(v, other._extra[k]) for k, v in self._extra.items()
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Ledger: {len(self)} predictions by {len(self.forecasters)} forecasters on "
            f"{len(self.questions)} questions>"
        )

    # --- scoring --------------------------------------------------------------------------

    def score(
        self,
        outcomes: Iterable[Outcome],
        *,
        rule: RuleLike = "brier",
        hindsight: str = "raise",
        questions: Iterable[Question] | None = None,
    ) -> ScoreTable:
        r"""Score every prediction against its question's outcome (a loss: lower is better).

        Predictions are joined to outcomes by question. A prediction counts only if it was
        made strictly before its outcome became known, by the rule of
        :func:`forecastscore.model.made_before` (a date is its whole UTC day). What is not
        scored is counted, never silently lost: predictions on questions without an outcome
        (:attr:`ScoreTable.unresolved`), on annulled questions (:attr:`ScoreTable.annulled`)
        and, with ``hindsight="drop"``, hindsight predictions (:attr:`ScoreTable.hindsight`).

        A plain probability is scored with the rule's binary form, a mapping over options with
        its categorical form (categorical Brier is 0..2, twice the binary Brier on a two-option
        question), and a :class:`~forecastscore.ProbabilityRange` with the binary form at both
        ends: :attr:`ScoreTable.best` and :attr:`ScoreTable.worst` (its
        :attr:`ScoreTable.score` is NaN, as a range has no single score). The lead time is

        .. math::

            \text{lead} = \frac{t_\text{resolved} - t_\text{made}}{1\ \text{day}}

        between the earliest instants the two times can mean.

        Parameters
        ----------
        outcomes : iterable of Outcome
            At most one per question (a second one is an error even for a question the
            ledger does not hold); outcomes for other questions are ignored.
        rule : {'brier', 'log', 'spherical'}, callable or Rule, default 'brier'
            As in :func:`forecastscore.score`; ``'log'`` is in nats.
        hindsight : {'raise', 'drop'}, default 'raise'
            Raise :class:`~forecastscore.HindsightError` naming the first hindsight
            prediction, or drop those predictions and count them.
        questions : iterable of Question, optional
            The questions, for their options. Without them a plain probability is about
            ``("no", "yes")`` and a categorical forecast about the options named on its
            question (an option a forecast leaves out has probability 0).

        Returns
        -------
        ScoreTable

        Raises
        ------
        HindsightError
            A prediction not made before its outcome was known (``hindsight="raise"``).
        InvalidOutcomeError
            Two outcomes for one question, or an outcome that is not an option.
        InvalidForecastError
            A plain probability on a question with more than two options, or a mapping
            naming an option the question does not have.
        UnknownRuleError, InvalidOptionError
            An unknown rule or ``hindsight`` value; a rule that returns NaN for a forecast.
        ForecastTypeError, ShapeError
            A rule that returns anything but one real number per forecast.

        Errors about a prediction name where it came from: ``file:line`` for a ledger read
        by :mod:`forecastscore.io` (and any ledger taken from it), the data frame's row for
        :meth:`from_pandas`, else the ledger's row (0-based). Errors about an outcome name
        ``file:line`` for outcomes read from a file (an
        :class:`~forecastscore.io.OutcomeList`), else its index in ``outcomes``.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions([
        ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.3),
        ...     fs.Prediction("q1", "bob", dt.date(2022, 2, 24), 0.9),   # on the day: hindsight
        ...     fs.Prediction("q2", "bob", dt.date(2022, 1, 9), 0.2),
        ... ])
        >>> outcomes = [fs.Outcome("q1", dt.date(2022, 2, 24), "yes")]
        >>> table = ledger.score(outcomes, hindsight="drop")
        >>> table.score, table.lead_time_days
        (array([0.49]), array([47.]))
        >>> table.counts
        {'scored': 1, 'unresolved': 1, 'annulled': 0, 'hindsight': 1}
        """
        return _score_ledger(self, outcomes, rule=rule, hindsight=hindsight, questions=questions)


# --- building ledgers from parsed columns -------------------------------------------------


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
    for v in dict.fromkeys(arr.tolist()):
        if not isinstance(v, str) or not v.strip():
            i = arr.tolist().index(v)
            raise ForecastTypeError(f"{name}[{i}] must be a non-empty string (got {v!r})")
    return arr


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
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "Ledger.to_pandas/from_pandas need pandas: pip install 'forecastscore[pandas]'"
        ) from None
    return pandas


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


#: ``where(row)`` turns a row index (-1 for the header) into ``(path, line)`` for an error.
Where = Callable[[int], tuple[str | None, int | None]]


def _row_where(row: int) -> tuple[str | None, int | None]:
    return None, (None if row < 0 else row)


def schema_error(message: str, row: int, column: str | None, where: Where) -> NoReturn:
    """Raise :class:`~forecastscore.FileSchemaError` at a row, located by ``where``."""
    from .errors import FileSchemaError

    path, line = where(row)
    if path is None and line is None:
        raise FileSchemaError((f"column {column!r}: " if column else "") + message)
    if path is None:
        raise FileSchemaError(
            f"row {line}: " + (f"column {column!r}: " if column else "") + message
        )
    raise FileSchemaError(message, path=path, line=line, column=column)


REQUIRED_COLUMNS = ("question", "forecaster", "made_at", "probability")
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, "option", "source", "quote")


def from_records(
    columns: Sequence[str], data: Mapping[str, Sequence[Any]], n: int, *, where: Where
) -> Ledger:
    """Build a ledger from rows of parsed Python values in the file layout.

    ``data`` maps each column name to a list of ``n`` values: ``question``, ``forecaster``
    (str), ``made_at`` (date or aware datetime), ``probability`` (float or
    :class:`~forecastscore.ProbabilityRange`), and optionally ``option`` (str or None),
    ``source``, ``quote`` (str or None) and extra columns (kept as they are).
    """
    for c in REQUIRED_COLUMNS:
        if c not in data:
            schema_error(
                f"the required column {c!r} is missing (columns: {', '.join(columns)})",
                -1,
                None,
                where,
            )
    for c in ("question", "forecaster"):
        for i, v in enumerate(data[c]):
            if not isinstance(v, str) or not v.strip():
                schema_error(f"{v!r} is not a non-empty string", i, c, where)
    made = np.empty(n, np.int64)
    is_date = np.empty(n, bool)
    offset = np.empty(n, np.int64)
    for i, t in enumerate(data["made_at"]):
        try:
            made[i], is_date[i], offset[i] = time_parts(t)
        except (InvalidTimeError, ForecastTypeError):
            schema_error(
                f"{t!r} is not a date or a datetime with a UTC offset", i, "made_at", where
            )
    kind = np.zeros(n, np.int8)
    low = np.empty(n)
    high = np.empty(n)
    for i, p in enumerate(data["probability"]):
        if isinstance(p, ProbabilityRange):
            kind[i] = _RANGE
            low[i], high[i] = p.low, p.high
        elif isinstance(p, numbers.Real) and not isinstance(p, bool) and 0.0 <= float(p) <= 1.0:
            low[i] = high[i] = float(p)
        else:
            schema_error(f"{p!r} is not a probability in [0, 1]", i, "probability", where)
    qnames, qcodes = _factorize(list(data["question"]))
    fnames, fcodes = _factorize(list(data["forecaster"]))
    text = {}
    for c in ("option", "source", "quote"):
        values = data.get(c)
        if values is None:
            text[c] = np.full(n, None, dtype=object)
            continue
        for i, v in enumerate(values):
            if v is not None and not isinstance(v, str):
                schema_error(f"{v!r} is not text", i, c, where)
        # An empty option means "no option" (a plain probability); source and quote are kept.
        text[c] = _obj_array([None if v == "" and c == "option" else v for v in values])
    extra = {c: _obj_array(list(data[c])) for c in columns if c not in KNOWN_COLUMNS}
    return assemble(
        (qnames, qcodes),
        (fnames, fcodes),
        (made, is_date, offset),
        (kind, low, high),
        text,
        extra,
        where,
        zone_column(data["made_at"]),
    )


def assemble(
    questions: Ids,
    forecasters: Ids,
    times: Times,
    probabilities: Probs,
    text: Mapping[str, ObjArray],
    extra: Mapping[str, ObjArray],
    where: Where,
    zones: ObjArray | None = None,
) -> Ledger:
    """Build a ledger from validated file rows, merging the option rows of each categorical
    forecast into one prediction.

    ``questions`` and ``forecasters`` are (distinct names, code per row); ``times`` are
    (earliest instant in µs, is a date, offset in µs); ``probabilities`` are (kind, low,
    high); ``text`` holds the ``option``, ``source`` and ``quote`` columns (``None`` where
    empty).

    Consecutive rows with an ``option`` that share question, forecaster and ``made_at`` (and
    do not repeat an option) form one categorical forecast; they must agree on every other
    column and their probabilities must sum to 1 within ``SUM_ATOL``.
    """
    (qnames, qcodes), (fnames, fcodes) = questions, forecasters
    made, is_date, offset = times
    kind, low, high = probabilities
    option, source, quote = text["option"], text["source"], text["quote"]
    n = len(qcodes)
    has_opt = np.array([v is not None for v in option.tolist()], dtype=bool)
    if not has_opt.any():
        return Ledger(
            (qnames, qcodes),
            (fnames, fcodes),
            (made, is_date, offset),
            (kind, low, high),
            (
                np.zeros(n + 1, dtype=np.int64),
                np.empty(0, dtype=object),
                np.empty(0, dtype=np.intp),
                np.empty(0),
            ),
            (source, quote),
            extra,
            zones,
            (where, np.arange(n, dtype=np.int64)),
        )
    opt_rows = np.flatnonzero(has_opt)
    for i in opt_rows.tolist():
        if not option[i].strip():
            schema_error(f"{option[i]!r} is not an option name", i, "option", where)
    bad_range = opt_rows[kind[opt_rows] == _RANGE]
    if bad_range.size:
        schema_error(
            "a probability range cannot be given for one option",
            int(bad_range[0]),
            "probability",
            where,
        )
    # Python loop over the option rows only: group them into forecasts.
    group_of_row = np.arange(n)
    seen: set[str] = set()
    prev = -2
    head = -1
    for i in opt_rows.tolist():
        name = option[i]
        same = (
            prev == i - 1
            and qcodes[i] == qcodes[head]
            and fcodes[i] == fcodes[head]
            and made[i] == made[head]
            and is_date[i] == is_date[head]
            and offset[i] == offset[head]
            and name not in seen
        )
        if same:
            for col, arr in (("source", source), ("quote", quote), *extra.items()):
                if arr[i] != arr[head]:
                    schema_error(
                        f"{arr[i]!r} differs from {arr[head]!r} on the first row of the same "
                        "categorical forecast",
                        i,
                        col,
                        where,
                    )
            group_of_row[i] = head
        else:
            head = i
            seen = set()
        seen.add(name)
        prev = i
    heads = np.flatnonzero(group_of_row == np.arange(n))
    # Each head row is one prediction; option rows map to the prediction of their head.
    pred_of_head = np.full(n, -1, dtype=np.intp)
    pred_of_head[heads] = np.arange(len(heads))
    pred_of_opt_row = pred_of_head[group_of_row[opt_rows]]
    counts = np.bincount(pred_of_opt_row, minlength=len(heads)).astype(np.int64)
    sums = np.bincount(pred_of_opt_row, weights=low[opt_rows], minlength=len(heads))
    cat_heads = np.flatnonzero(counts > 0)
    # The decision is |sum - 1| > SUM_ATOL for the correctly rounded sum, so that it never
    # depends on the order of the option rows. The sum in row order is within
    # (k - 1) eps sum of it; only the forecasts that close to the edge are summed again
    # exactly (math.fsum, a Python loop over those few).
    err = np.abs(sums[cat_heads] - 1.0)
    band = 2.0 * counts[cat_heads] * np.finfo(np.float64).eps * np.maximum(sums[cat_heads], 1.0)
    off_sum = err > SUM_ATOL
    values = low[opt_rows]
    for i in np.flatnonzero(np.abs(err - SUM_ATOL) <= band).tolist():
        j = int(cat_heads[i])
        sums[j] = math.fsum(values[pred_of_opt_row == j].tolist())
        off_sum[i] = abs(sums[j] - 1.0) > SUM_ATOL
    if off_sum.any():
        j = int(cat_heads[np.flatnonzero(off_sum)[0]])
        schema_error(
            f"the probabilities of the options of one forecast sum to {float(sums[j])!r}, "
            f"not 1 (tolerance {SUM_ATOL:g})",
            int(heads[j]),
            "probability",
            where,
        )
    order = np.argsort(pred_of_opt_row, kind="stable")
    onames, ocodes = _factorize(option[opt_rows[order]].tolist())
    new_kind = kind[heads].copy()
    new_kind[cat_heads] = _CATEGORICAL
    new_low, new_high = low[heads].copy(), high[heads].copy()
    new_low[cat_heads] = math.nan
    new_high[cat_heads] = math.nan
    return Ledger(
        (qnames, qcodes[heads]),
        (fnames, fcodes[heads]),
        (made[heads], is_date[heads], offset[heads]),
        (new_kind, new_low, new_high),
        (
            np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
            onames,
            ocodes,
            low[opt_rows[order]],
        ),
        (source[heads], quote[heads]),
        {k: v[heads] for k, v in extra.items()},
        None if zones is None else zones[heads],
        (where, heads.astype(np.int64)),
    )


# --- outcomes, joined to a ledger ---------------------------------------------------------


@attrs.frozen(eq=False)
class _Resolved:
    """Outcomes aligned to a ledger's question codes."""

    has: BoolArray  # an outcome exists
    annulled: BoolArray
    resolved: I64Array  # earliest instant, µs
    resolved_is_date: BoolArray
    resolved_offset: I64Array
    outcome: list[Outcome | None]
    question: list[Question | None]
    outcome_at: list[str]  # where each question's outcome came from, for an error

    def option_index(self, qc: int, options: tuple[str, ...]) -> int:
        """The index in ``options`` of what happened on question ``qc``; an outcome that is
        no option is refused naming where it came from (file and line, or its index)."""
        o = self.outcome[qc]
        assert o is not None
        try:
            return o.option_index(options)
        except InvalidOutcomeError as exc:
            at = self.outcome_at[qc]
            text = str(exc)
            if not at.startswith("outcomes[") and text.startswith("'value' "):
                # From a file, whose column is called 'outcome'.
                text = "column 'outcome': " + text[len("'value' ") :]
            raise InvalidOutcomeError(f"{at}: {text}") from None


def _resolve(
    ledger: Ledger, outcomes: Iterable[Outcome], questions: Iterable[Question] | None
) -> _Resolved:
    nq = len(ledger._qnames)
    index = {str(q): i for i, q in enumerate(ledger._qnames.tolist())}
    has = np.zeros(nq, bool)
    annulled = np.zeros(nq, bool)
    resolved = np.zeros(nq, np.int64)
    r_date = np.zeros(nq, bool)
    r_off = np.zeros(nq, np.int64)
    out: list[Outcome | None] = [None] * nq
    if isinstance(outcomes, Outcome):
        raise ForecastTypeError("outcomes must be an iterable of Outcome, not one Outcome")
    if isinstance(outcomes, (str, bytes)) or not isinstance(outcomes, Iterable):
        raise ForecastTypeError(f"outcomes must be an iterable of Outcome (got {outcomes!r})")
    if questions is not None and (
        isinstance(questions, Question) or not isinstance(questions, Iterable)
    ):
        raise ForecastTypeError(f"questions must be an iterable of Question (got {questions!r})")
    origin = getattr(outcomes, "origin", None)
    at: list[str] = [""] * nq
    seen: set[str] = set()
    for j, o in enumerate(outcomes):
        if not isinstance(o, Outcome):
            raise ForecastTypeError(f"outcomes[{j}] must be an Outcome (got {o!r})")
        # A second outcome is an error even for a question the ledger does not hold, so
        # that the same outcomes are valid or not whatever ledger they score.
        if o.question in seen:
            raise InvalidOutcomeError(
                f"outcomes[{j}]: a second outcome for question {o.question!r}; give one per "
                "question"
            )
        seen.add(o.question)
        i = index.get(o.question)
        if i is None:
            continue
        has[i] = True
        annulled[i] = o.annulled
        resolved[i], r_date[i], r_off[i] = time_parts(o.resolved_at, "resolved_at")
        out[i] = o
        at[i] = _outcome_at(origin, j)
    qs: list[Question | None] = [None] * nq
    if questions is not None:
        for j, qu in enumerate(questions):
            if not isinstance(qu, Question):
                raise ForecastTypeError(f"questions[{j}] must be a Question (got {qu!r})")
            i = index.get(qu.id)
            if i is not None:
                qs[i] = qu
    return _Resolved(has, annulled, resolved, r_date, r_off, out, qs, at)


def _as_list(values: Any, name: str, kind: type) -> list[Any]:
    """An iterable as a list (a list is kept as it is: outcomes read from a file remember
    their lines); one item, or something that is not iterable, is refused."""
    if isinstance(values, kind):
        raise ForecastTypeError(
            f"{name} must be an iterable of {kind.__name__}, not one {kind.__name__}"
        )
    if isinstance(values, list):
        return values
    if not isinstance(values, Iterable) or (kind is Outcome and isinstance(values, (str, bytes))):
        raise ForecastTypeError(f"{name} must be an iterable of {kind.__name__} (got {values!r})")
    return list(values)


def _outcome_at(origin: Any, j: int) -> str:
    """``file:line`` of outcome ``j`` when the outcomes were read from a file (the
    ``origin`` of a :class:`forecastscore.io.OutcomeList`: ``(path, line)`` or ``None`` per
    outcome), else ``outcomes[j]``."""
    if isinstance(origin, list) and j < len(origin):
        where = origin[j]
        if isinstance(where, tuple) and len(where) == 2:
            return f"{where[0]}:{where[1]}"
    return f"outcomes[{j}]"


def _valid(made: I64Array, is_date: BoolArray, resolved: I64Array) -> BoolArray:
    """Vectorised :func:`forecastscore.model.made_before`: the latest instant ``made_at`` can
    mean is before the earliest instant of ``resolved_at``. In integer microseconds a
    datetime is before ``r`` when ``m + 1 <= r``, a date when ``m + 1 day <= r``."""
    out: BoolArray = made + np.where(is_date, DAY_US, 1) <= resolved
    return out


@attrs.frozen(eq=False)
class _Scored:
    rows: IntArray
    score: FloatArray
    best: FloatArray
    worst: FloatArray
    is_range: BoolArray
    unresolved: IntArray
    annulled: IntArray
    hindsight: IntArray
    resolved: _Resolved
    rule: Rule
    # per question: binary outcome (-1 if none) and the categorical universe size / outcome
    y_binary: IntArray
    k_categorical: IntArray
    universe: list[tuple[str, ...] | None]


def _binary_outcomes(ledger: Ledger, res: _Resolved, rows: IntArray) -> tuple[IntArray, IntArray]:
    """0/1 per question for the binary and range rows in ``rows``."""
    nq = len(ledger._qnames)
    y = np.full(nq, -1, dtype=np.intp)
    pts = rows[ledger._kind[rows] != _CATEGORICAL]
    for qc in np.unique(ledger._qcodes[pts]).tolist():
        qu = res.question[qc]
        options = qu.options if qu is not None else ("no", "yes")
        if len(options) != 2:
            first = int(pts[np.flatnonzero(ledger._qcodes[pts] == qc)[0]])
            assert qu is not None
            raise InvalidForecastError(
                f"{ledger._at(first)}: a single probability needs a two-option question, but "
                f"question {qu.id!r} has {len(options)} options; give a mapping over them"
            )
        y[qc] = res.option_index(qc, options)
    return y, pts


def _categorical_matrix(
    ledger: Ledger, res: _Resolved, cats: IntArray
) -> tuple[FloatArray, IntArray, IntArray, list[tuple[str, ...] | None]]:
    """Dense probability rows (padded with zeros to the widest question) for the categorical
    rows ``cats``, the outcome index of each, and per question the outcome index and
    option universe."""
    nq = len(ledger._qnames)
    k_q = np.full(nq, -1, dtype=np.intp)
    universe: list[tuple[str, ...] | None] = [None] * nq
    if not cats.size:
        return np.empty((0, 2)), np.empty(0, np.intp), k_q, universe
    ptr = ledger._cat_ptr
    counts = ptr[cats + 1] - ptr[cats]
    entries = _ranges(ptr[cats], counts)
    row_of_entry = np.repeat(np.arange(len(cats)), counts)
    q_of_entry = ledger._qcodes[cats][row_of_entry]
    opt_of_entry = ledger._cat_opt[entries]
    n_opt = max(len(ledger._onames), 1)
    pair = q_of_entry.astype(np.int64) * n_opt + opt_of_entry
    upair, first_pos, inv = np.unique(pair, return_index=True, return_inverse=True)
    col_of_pair = np.empty(len(upair), dtype=np.intp)
    # Loop over distinct (question, option) pairs, in order of first appearance.
    for j in np.argsort(first_pos, kind="stable").tolist():
        qc, oc = divmod(int(upair[j]), n_opt)
        name = str(ledger._onames[oc])
        qu = res.question[qc]
        uni = universe[qc]
        if uni is None:
            uni = qu.options if qu is not None else ()
        if name not in uni:
            if qu is not None:
                row = int(cats[row_of_entry[first_pos[j]]])
                raise InvalidForecastError(
                    f"{ledger._at(row)}: 'probability' names option {name!r} that question "
                    f"{qu.id!r} does not have (options: {', '.join(qu.options)})"
                )
            uni = (*uni, name)
        universe[qc] = uni
        col_of_pair[j] = uni.index(name)
    width = max(len(u) for u in universe if u is not None)
    dense = np.zeros((len(cats), max(width, 2)))
    dense[row_of_entry, col_of_pair[inv]] = ledger._cat_prob[entries]
    for qc, uni in enumerate(universe):
        if uni is not None:
            k_q[qc] = res.option_index(qc, uni)
    return dense, k_q[ledger._qcodes[cats]], k_q, universe


def _apply(
    rule: Rule,
    fn: RuleFunction,
    p: Any,
    y: Any,
    ledger: Ledger,
    rows: IntArray,
    what: str = "forecast",
) -> FloatArray:
    """The rule's losses for the ledger rows ``rows`` (forecasts ``p``, outcomes ``y``),
    checked as :func:`forecastscore.score` checks one: one real number per forecast, never
    NaN (every forecast given to a rule here is valid)."""
    n = len(rows)
    raw = fn(p, y)
    arr = None
    if not isinstance(raw, (str, bytes)):
        try:
            arr = np.asarray(raw)
        except (TypeError, ValueError):  # ragged nested sequences
            arr = None
    if arr is None or arr.dtype.kind not in "fiu":
        raise ForecastTypeError(
            f"rule {rule.name!r} returned {cut_text(repr(raw), 80)}; a rule must return one "
            "number per forecast"
        )
    if arr.shape != (n,):
        raise ShapeError(
            f"rule {rule.name!r} returned shape {arr.shape} for {n} forecasts; a rule must "
            "return one number per forecast"
        )
    out = arr.astype(np.float64)
    nan = np.flatnonzero(np.isnan(out))
    if nan.size:
        raise InvalidOptionError(
            f"{ledger._at(int(rows[nan[0]]))}: rule {rule.name!r} returned NaN for a valid "
            f"{what} ({nan.size} of {n} such)"
        )
    return out


def _score_rows(
    ledger: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike,
    hindsight: str,
    questions: Iterable[Question] | None,
) -> _Scored:
    if not isinstance(ledger, Ledger):
        raise ForecastTypeError(f"ledger must be a Ledger (got {type(ledger)!r})")
    r = get_rule(rule)
    _checks.check_choice("hindsight", hindsight, ("raise", "drop"))
    res = _resolve(ledger, outcomes, questions)
    q = ledger._qcodes
    has, ann = res.has[q], res.annulled[q]
    resolved_row = res.resolved[q]
    live = has & ~ann
    ok = live & _valid(ledger._made, ledger._is_date, resolved_row)
    late = np.flatnonzero(live & ~ok)
    if hindsight == "raise" and late.size:
        i = int(late[0])
        qc = int(q[i])
        o = res.outcome[qc]
        assert o is not None
        made = make_time(int(ledger._made[i]), bool(ledger._is_date[i]), int(ledger._offset[i]))
        raise HindsightError(
            f"{ledger._at(i)}: the prediction by {ledger._fnames[ledger._fcodes[i]]!r} on question "
            f"{ledger._qnames[qc]!r} was made at {made.isoformat()}, not before its outcome "
            f"was known at {o.resolved_at.isoformat()} ({late.size} such row(s); pass "
            "hindsight='drop' to drop and count them)"
        )
    rows = np.flatnonzero(ok)
    kind = ledger._kind[rows]
    y_q, _pts = _binary_outcomes(ledger, res, rows)
    score = np.empty(len(rows))
    best = np.empty(len(rows))
    worst = np.empty(len(rows))
    is_point = kind == _POINT
    is_rng = kind == _RANGE
    is_cat = kind == _CATEGORICAL
    if is_point.any():
        sel = rows[is_point]
        s = _apply(r, r.binary, ledger._low[sel], y_q[q[sel]], ledger, sel)
        score[is_point] = best[is_point] = worst[is_point] = s
    if is_rng.any():
        sel = rows[is_rng]
        y = y_q[q[sel]]
        a = _apply(r, r.binary, ledger._low[sel], y, ledger, sel, "forecast (a range's low end)")
        b = _apply(r, r.binary, ledger._high[sel], y, ledger, sel, "forecast (a range's high end)")
        score[is_rng] = math.nan
        best[is_rng] = np.minimum(a, b)
        worst[is_rng] = np.maximum(a, b)
    dense, k_rows, k_q, universe = _categorical_matrix(ledger, res, rows[is_cat])
    if is_cat.any():
        s = _apply(r, r.categorical, dense, k_rows, ledger, rows[is_cat])
        score[is_cat] = best[is_cat] = worst[is_cat] = s
    return _Scored(
        rows=rows,
        score=score,
        best=best,
        worst=worst,
        is_range=is_rng,
        unresolved=np.flatnonzero(~has),
        annulled=np.flatnonzero(has & ann),
        hindsight=late,
        resolved=res,
        rule=r,
        y_binary=y_q,
        k_categorical=k_q,
        universe=universe,
    )


def _score_ledger(
    ledger: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike,
    hindsight: str,
    questions: Iterable[Question] | None,
) -> ScoreTable:
    s = _score_rows(ledger, outcomes, rule=rule, hindsight=hindsight, questions=questions)
    resolved = s.resolved.resolved[ledger._qcodes[s.rows]]
    lead = (resolved - ledger._made[s.rows]) / DAY_US
    return ScoreTable(
        ledger=ledger,
        rows=s.rows,
        score=s.score,
        best=s.best,
        worst=s.worst,
        is_range=s.is_range,
        lead_time_days=lead,
        rule=s.rule.name,
        unresolved=s.unresolved,
        annulled=s.annulled,
        hindsight=s.hindsight,
    )


# --- summaries ----------------------------------------------------------------------------


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


def summary_rows(s: Summary) -> list[list[str]]:
    return [
        [
            str(k),
            str(n),
            str(nq),
            format_number(m) if not math.isnan(m) else f"{format_number(b)}..{format_number(w)}",
            "-" if math.isnan(lo) else f"[{format_number(lo)}, {format_number(hi)}]",
        ]
        for k, n, nq, m, lo, hi, b, w in zip(
            s.key.tolist(),
            s.n.tolist(),
            s.n_questions.tolist(),
            s.mean_score.tolist(),
            s.ci_low.tolist(),
            s.ci_high.tolist(),
            s.mean_best.tolist(),
            s.mean_worst.tolist(),
            strict=True,
        )
    ]


@attrs.frozen(eq=False)
class Summary:
    r"""Scores summarised by group: count, mean, and a question-clustered bootstrap interval.

    One entry per group (forecaster, question or lead-time bin) in every array. Every score
    is a loss: lower is better.

    Attributes
    ----------
    by : str
        What the groups are: ``"forecaster"``, ``"question"`` or ``"lead_time"``.
    key : ndarray of object
        The group labels (for lead-time bins, ``"[a, b)"`` in days).
    n : ndarray of int
        Number of scores in the group.
    n_questions : ndarray of int
        Number of distinct questions among them.
    mean_score : ndarray of float
        The plain mean; NaN for a group holding probability ranges (see ``mean_best``).
    ci_low, ci_high : ndarray of float
        The bootstrap interval for the mean at ``level``; NaN where it is not meaningful
        (fewer than ``min_questions`` questions, or ranges in the group).
    mean_best, mean_worst : ndarray of float
        Means of the best and worst scores (equal to ``mean_score`` without ranges).
    n_ranges : ndarray of int
        Number of probability ranges in the group.
    level, n_boot, seed, min_questions, interval
        The settings of the interval (``n_boot`` and ``seed`` matter for the bootstrap).

    Examples
    --------
    With one question each there is nothing to resample, so the interval is NaN:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.7),
    ...     fs.Prediction("q1", "bob", dt.date(2022, 1, 9), 0.2),
    ... ])
    >>> s = ledger.score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")]).by_forecaster()
    >>> s.by, s.key, s.n, s.n_questions
    ('forecaster', array(['alice', 'bob'], dtype=object), array([1, 1]), array([1, 1]))
    >>> s.mean_score                # (0.7 - 1)**2 = 0.09, (0.2 - 1)**2 = 0.64
    array([0.09, 0.64])
    >>> s.ci_low
    array([nan, nan])
    """

    by: str
    key: ObjArray
    n: IntArray
    n_questions: IntArray
    mean_score: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    mean_best: FloatArray
    mean_worst: FloatArray
    n_ranges: IntArray
    level: float
    n_boot: int
    seed: int | None
    min_questions: int
    interval: str

    def __len__(self) -> int:
        return len(self.key)

    def __str__(self) -> str:
        """A plain-text table: group, n, questions, mean (best..worst for ranges), interval."""
        what = "bootstrap over questions" if self.interval == "bootstrap" else "normal"
        headers = [self.by, "n", "questions", "mean score", f"{self.level:.0%} interval ({what})"]
        return render_table(headers, summary_rows(self), {1, 2, 3})

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per group, NaN given as ``None`` (``null`` in JSON)."""
        cols = {
            self.by: self.key.tolist(),
            "n": self.n.tolist(),
            "n_questions": self.n_questions.tolist(),
            "mean_score": _nones(self.mean_score),
            "ci_low": _nones(self.ci_low),
            "ci_high": _nones(self.ci_high),
            "mean_best": _nones(self.mean_best),
            "mean_worst": _nones(self.mean_worst),
            "n_ranges": self.n_ranges.tolist(),
        }
        return records(cols)


def records(columns: Mapping[str, list[Any]]) -> list[dict[str, Any]]:
    """Rows (one dict each) from equally long columns."""
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _nones(a: FloatArray) -> list[float | None]:
    return [None if math.isnan(v) else v for v in a.tolist()]


def _label_rank(labels: ObjArray) -> IntArray:
    """Rank of each label in sorted order (so that results do not depend on internal codes)."""
    order = np.argsort(labels.astype(str), kind="stable")
    rank = np.empty(len(labels), dtype=np.intp)
    rank[order] = np.arange(len(labels))
    return rank


def summarise(
    by: str,
    labels: ObjArray,
    group: IntArray,
    question_labels: ObjArray,
    question: IntArray,
    score: FloatArray,
    best: FloatArray,
    worst: FloatArray,
    is_range: BoolArray,
    *,
    level: float = 0.95,
    n_boot: int = 1000,
    seed: int | None = 0,
    min_questions: int = 5,
    interval: str = "bootstrap",
) -> Summary:
    r"""Summarise scores by group with a question-clustered percentile bootstrap.

    ``group`` and ``question`` are integer codes per score, indexing ``labels`` and
    ``question_labels``. Groups come out sorted by label (lead-time bins in bin order) and
    without the empty ones; the results depend on the labels, not on the codes. Each
    bootstrap replicate redraws, for each group, as many of the group's questions as it has,
    with replacement, and takes all of a drawn question's scores: the replicate's mean is
    :math:`\sum_j S_j / \sum_j N_j` over the drawn questions, where :math:`S_j` and
    :math:`N_j` are the question's score sum and count.
    """
    level = _checks.check_confidence(level, "level")
    if seed is not None:
        seed = _checks.check_integer("seed", seed, 0)
    n_boot = _checks.check_integer("n_boot", n_boot, 1)
    min_questions = _checks.check_integer("min_questions", min_questions, 2)
    _checks.check_choice("interval", interval, ("bootstrap", "normal"))
    # Work in label order: groups and questions are replaced by their ranks.
    g_rank = np.arange(len(labels)) if by == "lead_time" else _label_rank(labels)
    labels = labels[np.argsort(g_rank)]
    group = g_rank[group]
    question = _label_rank(question_labels)[question]
    n_groups = len(labels)
    n = np.bincount(group, minlength=n_groups)
    present = np.flatnonzero(n > 0)
    n_rng = np.bincount(group, weights=is_range, minlength=n_groups).astype(np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_best = np.bincount(group, weights=best, minlength=n_groups) / n
        mean_worst = np.bincount(group, weights=worst, minlength=n_groups) / n
    mean = np.where(n_rng > 0, math.nan, mean_best)
    # Cells: one per (group, question), sorted by group.
    nq = max(len(question_labels), 1)
    cell_key = group.astype(np.int64) * nq + question
    cells, cell_of = np.unique(cell_key, return_inverse=True)
    cell_group = (cells // nq).astype(np.intp)
    cell_sum = np.bincount(cell_of, weights=np.where(is_range, 0.0, score), minlength=len(cells))
    cell_n = np.bincount(cell_of, minlength=len(cells)).astype(np.float64)
    n_q = np.bincount(cell_group, minlength=n_groups)
    ci_low = np.full(n_groups, math.nan)
    ci_high = np.full(n_groups, math.nan)
    # No interval for too few questions, for ranges (only bounded), or an infinite mean.
    eligible = (n_q >= min_questions) & (n_rng == 0) & np.isfinite(mean)
    if eligible.any():
        keep = eligible[cell_group]
        method = _bootstrap if interval == "bootstrap" else _normal
        lo, hi = method(
            cell_group[keep], cell_sum[keep], cell_n[keep], n_groups, level, n_boot, seed
        )
        ci_low[eligible] = lo[eligible]
        ci_high[eligible] = hi[eligible]
    return Summary(
        by=by,
        key=labels[present],
        n=n[present],
        n_questions=n_q[present],
        mean_score=mean[present],
        ci_low=ci_low[present],
        ci_high=ci_high[present],
        mean_best=mean_best[present],
        mean_worst=mean_worst[present],
        n_ranges=n_rng[present],
        level=level,
        n_boot=n_boot,
        seed=seed,
        min_questions=min_questions,
        interval=interval,
    )


def _normal(
    cell_group: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_groups: int,
    level: float,
    n_boot: int,
    seed: int | None,
) -> tuple[FloatArray, FloatArray]:
    r"""Normal interval with the question-clustered standard error (the large-sample limit
    of the clustered bootstrap, with the small-sample factor :math:`m / (m - 1)`):

    .. math::

        \hat r = \frac{\sum_j S_j}{\sum_j N_j}, \qquad
        \widehat{\mathrm{se}}^2 = \frac{m}{m - 1}
            \frac{\sum_j (S_j - \hat r N_j)^2}{(\sum_j N_j)^2}.
    """
    m = np.bincount(cell_group, minlength=n_groups).astype(np.float64)
    total_s = np.bincount(cell_group, weights=cell_sum, minlength=n_groups)
    total_n = np.bincount(cell_group, weights=cell_n, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = total_s / total_n
        resid = cell_sum - r[cell_group] * cell_n
        ss = np.bincount(cell_group, weights=resid * resid, minlength=n_groups)
        se = np.sqrt(m / (m - 1.0) * ss) / total_n
    z = statistics.NormalDist().inv_cdf(0.5 + level / 2.0)
    return r - z * se, r + z * se


#: Replicates of the coupled resampler processed together, and the sizes (questions per
#: group) it serves: fixed numbers, so that a group's interval never depends on the others.
#: Growing the resample costs about four random draws per replicate and question up to the
#: largest size served, which pays when there are many distinct sizes (many forecasters)
#: and not for a few large groups (lead-time bins), hence the cap.
_BOOT_CHUNK = 250
_BOOT_STEP = 32
_BOOT_COUPLED_MAX = 1 << 12


def _bump(flat: FloatArray, index: I64Array, by: float) -> None:
    """``flat[index] += by`` with repeated indices counted (``add.at`` is several times
    faster with an array of the same dtype than with a scalar)."""
    np.add.at(flat, index, np.full(len(index), by))


def _geometric(rng: np.random.Generator, p: float, shape: tuple[int, int]) -> I64Array:
    """Bernoulli(p) trials up to and including the first success, by inversion."""
    if p >= 1.0:
        return np.ones(shape, dtype=np.int64)
    u = rng.random(shape)
    out: I64Array = (np.floor(np.log1p(-u) / math.log1p(-p)) + 1).astype(np.int64)
    return out


def _grow(
    rng: np.random.Generator, draws: npt.NDArray[np.int32], flat: FloatArray, m: int, m2: int
) -> tuple[I64Array, I64Array, I64Array, I64Array, npt.NDArray[np.int32]]:
    r"""Turn each replicate's ``m`` iid uniform draws over cells ``0..m-1`` into ``m2`` iid
    uniform draws over ``0..m2-1``, in place, touching about ``2 (m2 - m)`` draws.

    ``draws[k, r]`` is the cell of draw ``k`` of replicate ``r``; ``flat`` the counts per
    (cell, replicate), flattened. Each old draw moves, with probability
    :math:`(m_2 - m) / m_2`, to a cell uniform over ``m..m2-1`` (it is then uniform over
    ``0..m2-1``: :math:`\frac{m}{m_2}\frac1m = \frac{m_2 - m}{m_2}\frac{1}{m_2 - m} =
    \frac{1}{m_2}`), and ``m2 - m`` new draws are uniform over ``0..m2-1``. Returns what
    :func:`_shrink` needs to undo it.
    """
    n_rep = draws.shape[1]
    d = m2 - m
    removed = np.empty(0, np.int64)
    pos_k = np.empty(0, np.int64)
    pos_r = np.empty(0, np.int64)
    old = np.empty(0, np.int32)
    added = []
    if m > 0:
        p = d / m2
        # The moved draws of each replicate: a Bernoulli(p) process over positions 0..m-1,
        # as cumulative geometric gaps (drawn until every replicate has passed m).
        g = int(m * p + 4.0 * math.sqrt(m * p) + 4)
        pos = np.cumsum(_geometric(rng, p, (g, n_rep)), axis=0) - 1
        while (pos[-1] < m).any():
            more = _geometric(rng, p, (g, n_rep))
            more[0] += pos[-1]
            pos = np.concatenate((pos, np.cumsum(more, axis=0)), axis=0)
        hit, pos_r = np.nonzero(pos < m)
        pos_k = pos[hit, pos_r]
        old = draws[pos_k, pos_r]
        new = (m + rng.integers(0, d, size=len(pos_r))).astype(np.int32)
        draws[pos_k, pos_r] = new
        removed = old.astype(np.int64) * n_rep + pos_r
        added.append(new.astype(np.int64) * n_rep + pos_r)
    fresh = rng.integers(0, m2, size=(d, n_rep), dtype=np.int32)
    draws[m:m2] = fresh
    added.append((fresh.astype(np.int64) * n_rep + np.arange(n_rep)).reshape(-1))
    add = np.concatenate(added)
    _bump(flat, removed, -1.0)
    _bump(flat, add, 1.0)
    return removed, add, pos_k, pos_r, old


def _shrink(
    draws: npt.NDArray[np.int32],
    flat: FloatArray,
    undo: tuple[I64Array, I64Array, I64Array, I64Array, npt.NDArray[np.int32]],
) -> None:
    removed, add, pos_k, pos_r, old = undo
    _bump(flat, removed, 1.0)
    _bump(flat, add, -1.0)
    draws[pos_k, pos_r] = old


def _coupled_means(
    jobs: list[tuple[int, IntArray]],
    start: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_boot: int,
    entropy: int,
) -> FloatArray:
    r"""Replicate means, shape ``(groups, n_boot)``, for ``jobs``: (size, groups of that
    size) in ascending size, by one multinomial resample per replicate grown from size to
    size.

    The resample is kept at the multiples of ``_BOOT_STEP`` (grown from one to the next by
    :func:`_grow`, with a stream seeded by the seed and the target size), grown from there
    to each size present and shrunk back: so the counts a group of :math:`m` questions gets
    depend only on the seed and :math:`m`, and are exactly
    :math:`\mathrm{Multinomial}(m; 1/m, \dots, 1/m)`. The random draws cost about four per
    replicate and question of the largest group, instead of one per replicate and question
    of every distinct size; what remains is one matrix product per size.
    """
    top = jobs[-1][0]
    rows = np.cumsum([0] + [len(sel) for _, sel in jobs])
    out = np.empty((int(rows[-1]), n_boot))
    for c0 in range(0, n_boot, _BOOT_CHUNK):
        n_rep = min(_BOOT_CHUNK, n_boot - c0)
        chunk = c0 // _BOOT_CHUNK
        draws = np.zeros((top, n_rep), dtype=np.int32)
        counts = np.zeros((top, n_rep))
        flat = counts.reshape(-1)
        cur = 0
        for j, (size, sel) in enumerate(jobs):
            while cur + _BOOT_STEP <= size:
                seq = np.random.SeedSequence([entropy, chunk, 0, cur + _BOOT_STEP])
                _grow(np.random.default_rng(seq), draws, flat, cur, cur + _BOOT_STEP)
                cur += _BOOT_STEP
            undo = None
            if size > cur:
                seq = np.random.SeedSequence([entropy, chunk, 1, size])
                undo = _grow(np.random.default_rng(seq), draws, flat, cur, size)
            cells = start[sel][:, None] + np.arange(size)
            values, weights = cell_sum[cells], cell_n[cells]  # (groups, size)
            c = counts[:size]
            num = values @ c
            block = num / size if (weights == 1).all() else num / (weights @ c)
            out[rows[j] : rows[j + 1], c0 : c0 + n_rep] = block
            if undo is not None:
                _shrink(draws, flat, undo)
    return out


def _bootstrap(
    cell_group: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_groups: int,
    level: float,
    n_boot: int,
    seed: int | None,
) -> tuple[FloatArray, FloatArray]:
    r"""Percentile interval of each group's mean under resampling of its cells (questions).

    A resample of a group's :math:`m` cells is a vector of counts :math:`c \sim
    \mathrm{Multinomial}(m; 1/m, \dots, 1/m)`, and its mean is :math:`c \cdot S / c \cdot N`.
    Groups of up to ``_BOOT_COUPLED_MAX`` questions take their counts from
    :func:`_coupled_means`, larger ones from a count matrix drawn per size (from a stream
    seeded by ``seed`` and the size). Groups of the same size share their counts, so that
    one matrix product scores them all: each group's interval is exact in distribution and
    depends only on the seed, its size and its own cells (up to the rounding of the matrix
    product), while the intervals of different groups are not independent of each other
    (nothing here uses them jointly). Cells arrive sorted by group.
    """
    groups, start, m = np.unique(cell_group, return_index=True, return_counts=True)
    alpha = (1.0 - level) / 2.0
    lo = np.full(n_groups, math.nan)
    hi = np.full(n_groups, math.nan)
    entropy = np.random.SeedSequence(seed).entropy
    assert isinstance(entropy, int)
    batch = max(1, (1 << 22) // n_boot)  # groups per batch: bounds the memory of the means
    sizes = np.unique(m).tolist()
    # Coupled resamples for the usual sizes, in batches of at most `batch` groups.
    jobs: list[tuple[int, IntArray]] = []
    for size in (s for s in sizes if s <= _BOOT_COUPLED_MAX):
        members = np.flatnonzero(m == size)
        for g0 in range(0, len(members), batch):
            jobs.append((size, members[g0 : g0 + batch]))
    j = 0
    while j < len(jobs):
        k, n_taken = j + 1, len(jobs[j][1])
        while k < len(jobs) and n_taken + len(jobs[k][1]) <= batch:
            n_taken += len(jobs[k][1])
            k += 1
        taken, j = jobs[j:k], k
        means = _coupled_means(taken, start, cell_sum, cell_n, n_boot, entropy)
        sel = np.concatenate([s for _, s in taken])
        lo_q, hi_q = np.quantile(means, [alpha, 1.0 - alpha], axis=1)
        lo[groups[sel]] = lo_q
        hi[groups[sel]] = hi_q
    # Larger groups (rare): one count matrix per size, shared by the groups of that size.
    for size in (s for s in sizes if s > _BOOT_COUPLED_MAX):
        members = np.flatnonzero(m == size)
        chunk = max(1, min(n_boot, (1 << 21) // size))  # replicates per count matrix
        for g0 in range(0, len(members), batch):
            sel = members[g0 : g0 + batch]
            cells = start[sel][:, None] + np.arange(size)
            values = cell_sum[cells].T  # (size, groups)
            weights = cell_n[cells].T
            ones = bool((weights == 1).all())
            rng = np.random.default_rng(np.random.SeedSequence([entropy, size]))
            means = np.empty((n_boot, len(sel)))
            for b0 in range(0, n_boot, chunk):
                b = min(chunk, n_boot - b0)
                draws = rng.integers(0, size, size=(b, size))
                draws += (np.arange(b) * size)[:, None]
                counts = np.bincount(draws.reshape(-1), minlength=b * size)
                c = counts.reshape(b, size).astype(np.float64)
                num = c @ values
                means[b0 : b0 + b] = num / size if ones else num / (c @ weights)
            lo_q, hi_q = np.quantile(means, [alpha, 1.0 - alpha], axis=0)
            lo[groups[sel]] = lo_q
            hi[groups[sel]] = hi_q
    return lo, hi


def _bin_labels(edges: FloatArray) -> ObjArray:
    return _obj_array([f"[{a:g}, {b:g})" for a, b in itertools.pairwise(edges)])


def _check_bins(bins: Sequence[float]) -> FloatArray:
    try:
        edges = np.asarray(bins, dtype=np.float64)
    except (TypeError, ValueError):
        edges = np.empty(0)  # refused below, with the value given
    if edges.ndim != 1 or len(edges) < 2 or np.isnan(edges).any() or (np.diff(edges) <= 0).any():
        raise InvalidOptionError(
            f"bins must be at least two strictly increasing edges in days (got {bins!r})"
        )
    return edges


class _Summaries:
    """The per-forecaster summary, shared by the tables of scores."""

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        """Question labels and codes, score, best, worst and is-range per entry."""
        raise NotImplementedError

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        raise NotImplementedError

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        """The ledger, and a row of it for each entry (for its kind and for errors)."""
        raise NotImplementedError

    def _summarise(self, by: str, labels: ObjArray, group: IntArray, **options: Any) -> Summary:
        self._refuse_mixed_scales(by, labels, group)
        return summarise(by, labels, group, *self._values(), **options)

    def _refuse_mixed_scales(self, by: str, labels: ObjArray, group: IntArray) -> None:
        """A plain probability and a mapping over options are scored on different scales
        (Brier 0..1 and 0..2): a group holding both has no meaningful mean, so it is refused,
        as :func:`time_averaged` refuses them within one forecaster's question."""
        ledger, rows = self._entry_rows()
        cat = ledger._kind[rows] == _CATEGORICAL
        n_cat = np.bincount(group, weights=cat, minlength=len(labels))
        n_all = np.bincount(group, minlength=len(labels))
        mixed = np.flatnonzero((n_cat > 0) & (n_cat < n_all))
        if not mixed.size:
            return
        # The first such group by label, so that the message does not depend on codes.
        g = int(mixed[np.argsort(labels[mixed].astype(str), kind="stable")[0]])
        in_g = group == g
        plain, mapping = int(rows[in_g & ~cat].min()), int(rows[in_g & cat].min())
        what = "lead-time bin" if by == "lead_time" else by
        raise InvalidForecastError(
            f"{what} {labels[g]!r} has scores of a plain probability ({ledger._at(plain)}) "
            f"and of a mapping over options ({ledger._at(mapping)}): they are on different "
            "scales (a categorical Brier score is 0..2) and cannot be averaged together; "
            "summarise them apart (ledger[ledger.is_categorical] and "
            "ledger[~ledger.is_categorical])"
        )

    def by_forecaster(
        self,
        *,
        level: float = 0.95,
        n_boot: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
    ) -> Summary:
        r"""Summary per forecaster: n, mean score and a question-clustered bootstrap interval.

        Claims about the same question are not independent, so each bootstrap replicate
        resamples the forecaster's questions (with replacement, as many as there are) and
        keeps all the forecaster's scores on each drawn question. The interval is the
        percentile interval at ``level`` over ``n_boot`` replicates, reproducible with
        ``seed``. It is NaN (``null`` in JSON) for a forecaster with fewer than
        ``min_questions`` distinct questions, where resampling so few clusters gives too few
        distinct means for a percentile interval to mean anything (with :math:`m` questions
        there are only :math:`\binom{2m-1}{m}` distinct resamples: 3 for :math:`m = 2`,
        126 for :math:`m = 5`), for a forecaster with probability ranges, whose mean is
        only bounded (``mean_best``, ``mean_worst``), and for an infinite mean.

        Forecasters with the same number of questions share their resampling counts, so
        that one matrix product gives all their replicates; for up to 4096 questions the
        counts of each size are grown exactly from those of the size below (a few random
        draws per question of the largest size), above that they are drawn per size. About
        1 s for 10**6 (forecaster, question) cells in 1000 forecasters on a 2-core machine,
        about 3 s when activity is Zipf-skewed (hundreds of distinct question counts).
        ``interval="normal"`` gives, in one pass, the normal interval with the
        question-clustered standard error, the bootstrap's large-sample limit:

        .. math::

            \hat r \pm z_{(1+\text{level})/2}\,\widehat{\mathrm{se}}, \qquad
            \widehat{\mathrm{se}}^2 = \frac{m}{m - 1}
                \frac{\sum_j (S_j - \hat r N_j)^2}{(\sum_j N_j)^2},

        where question :math:`j` of the forecaster's :math:`m` has score sum :math:`S_j` over
        :math:`N_j` predictions.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level of the interval.
        n_boot : int, default 1000
            Bootstrap replicates.
        seed : int or None, default 0
            Seed of the bootstrap (``None``: fresh entropy, not reproducible).
        min_questions : int, default 5
            Fewest distinct questions for an interval.
        interval : {'bootstrap', 'normal'}, default 'bootstrap'
            The clustered percentile bootstrap, or its normal limit.

        Raises
        ------
        InvalidForecastError
            A group (here a forecaster; a question or lead-time bin for the other
            summaries) holding scores of both plain probabilities and mappings over
            options: they are on different scales (a categorical Brier score is 0..2, a
            binary one 0..1) and have no meaningful mean. The message names the group and
            one row of each kind; summarise ``ledger[ledger.is_categorical]`` and
            ``ledger[~ledger.is_categorical]`` apart.
        InvalidOptionError
            A bad ``level``, ``n_boot``, ``seed``, ``min_questions`` or ``interval``.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions(
        ...     [fs.Prediction(f"q{i}", "alice", dt.date(2022, 1, 1), 0.8) for i in range(6)])
        >>> outcomes = [fs.Outcome(f"q{i}", dt.date(2022, 2, 1), i % 2 == 0) for i in range(6)]
        >>> s = ledger.score(outcomes).by_forecaster()
        >>> s.key, s.n, s.mean_score      # (3 * 0.04 + 3 * 0.64) / 6
        (array(['alice'], dtype=object), array([6]), array([0.34]))
        >>> bool(s.ci_low[0] < 0.34 < s.ci_high[0])
        True
        """
        labels, group = self._forecasters()
        return self._summarise(
            "forecaster",
            labels,
            group,
            level=level,
            n_boot=n_boot,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )


@attrs.frozen(eq=False)
class ScoreTable(_Summaries):
    r"""One row per scored prediction: its score (a loss: lower is better) and lead time.

    Made by :meth:`Ledger.score`. Rows keep the ledger's order. What was not scored is kept
    as row indices into the ledger: :attr:`unresolved` (no outcome), :attr:`annulled`,
    :attr:`hindsight` (dropped with ``hindsight="drop"``); :attr:`counts` counts them.

    Attributes
    ----------
    ledger : Ledger
        The ledger that was scored.
    rows : ndarray of int
        The ledger rows that were scored.
    score : ndarray of float
        The score of each row; NaN for a probability range (see ``best`` and ``worst``).
    best, worst : ndarray of float
        The best and worst score a row can earn (equal to ``score`` for a point forecast).
    is_range : ndarray of bool
        Whether each row is a probability range.
    lead_time_days : ndarray of float
        Days from ``made_at`` to ``resolved_at`` (earliest instants).
    rule : str
        The rule's name.
    unresolved, annulled, hindsight : ndarray of int
        Ledger rows left out, by reason.

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.7),
    ...     fs.Prediction("q1", "bob", dt.date(2022, 1, 9), 0.2),
    ...     fs.Prediction("q2", "alice", dt.date(2022, 1, 10), 0.4),
    ... ])
    >>> t = ledger.score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")])
    >>> t.rows, t.score             # (0.7 - 1)**2 = 0.09, (0.2 - 1)**2 = 0.64
    (array([0, 1]), array([0.09, 0.64]))
    >>> t.lead_time_days            # 8 Jan to 24 Feb is 47 days; 9 Jan, 46
    array([47., 46.])
    >>> t.unresolved, t.counts      # q2 has no outcome yet
    (array([2]), {'scored': 2, 'unresolved': 1, 'annulled': 0, 'hindsight': 0})
    """

    ledger: Ledger
    rows: IntArray
    score: FloatArray
    best: FloatArray
    worst: FloatArray
    is_range: BoolArray
    lead_time_days: FloatArray
    rule: str
    unresolved: IntArray
    annulled: IntArray
    hindsight: IntArray

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def question(self) -> ObjArray:
        """Question of each row."""
        out: ObjArray = self.ledger._qnames[self.ledger._qcodes[self.rows]]
        return out

    @property
    def forecaster(self) -> ObjArray:
        """Forecaster of each row."""
        out: ObjArray = self.ledger._fnames[self.ledger._fcodes[self.rows]]
        return out

    @property
    def made_at(self) -> npt.NDArray[np.datetime64]:
        """When each row's prediction was made (earliest instant, UTC)."""
        return self.ledger._made[self.rows].astype("datetime64[us]")

    @property
    def counts(self) -> dict[str, int]:
        """How many predictions were scored and how many were left out, by reason."""
        return {
            "scored": len(self.rows),
            "unresolved": len(self.unresolved),
            "annulled": len(self.annulled),
            "hindsight": len(self.hindsight),
        }

    def __str__(self) -> str:
        """A plain-text table, one row per scored prediction, then what was not scored."""
        rows = [
            [
                cut_text(str(r["question"]), 36),
                cut_text(str(r["forecaster"]), 30),
                str(r["made_at"]),
                format_number(r["lead_time_days"], 1),
                format_number(r["score"])
                if r["score"] is not None or r["best"] is None
                else f"{format_number(r['best'])}..{format_number(r['worst'])}",
            ]
            for r in self.to_records()
        ]
        headers = ["question", "forecaster", "made_at", "lead days", f"{self.rule} score"]
        c = self.counts
        tail = (
            f"scored {c['scored']}; not scored: {c['unresolved']} without an outcome, "
            f"{c['annulled']} annulled, {c['hindsight']} hindsight (dropped). "
            "Scores are losses: lower is better."
        )
        return render_table(headers, rows, {3, 4}) + "\n" + tail

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row: question, forecaster, made_at (ISO 8601 as stored),
        lead_time_days, score, best, worst (NaN as ``None``)."""
        lg = self.ledger
        made = iso_times(lg._made[self.rows], lg._is_date[self.rows], lg._offset[self.rows])
        cols = {
            "question": self.question.tolist(),
            "forecaster": self.forecaster.tolist(),
            "made_at": made,
            "lead_time_days": self.lead_time_days.tolist(),
            "score": _nones(self.score),
            "best": self.best.tolist(),
            "worst": self.worst.tolist(),
        }
        return records(cols)

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        lg = self.ledger
        return lg._qnames, lg._qcodes[self.rows], self.score, self.best, self.worst, self.is_range

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        return self.ledger._fnames, self.ledger._fcodes[self.rows]

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        return self.ledger, self.rows

    def by_question(
        self,
        *,
        level: float = 0.95,
        n_boot: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
    ) -> Summary:
        """Summary per question (see :meth:`by_forecaster`). A single question is one
        cluster, so its interval is always NaN."""
        lg = self.ledger
        return self._summarise(
            "question",
            lg._qnames,
            lg._qcodes[self.rows],
            level=level,
            n_boot=n_boot,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )

    def by_lead_time(
        self,
        bins: Sequence[float] = LEAD_TIME_BINS,
        *,
        level: float = 0.95,
        n_boot: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
    ) -> Summary:
        """Summary per lead-time bin ``[a, b)`` in days (see :meth:`by_forecaster`).

        Raises
        ------
        InvalidOptionError
            Edges that are not increasing, or a lead time outside them (the message gives
            where the prediction came from).
        InvalidForecastError
            A bin holding both plain probabilities and mappings over options (see
            :meth:`by_forecaster`).
        """
        edges = _check_bins(bins)
        b = np.searchsorted(edges, self.lead_time_days, side="right") - 1
        out = (b < 0) | (b >= len(edges) - 1)
        if out.any():
            i = int(np.flatnonzero(out)[0])
            raise InvalidOptionError(
                f"{self.ledger._at(int(self.rows[i]))}: lead time "
                f"{float(self.lead_time_days[i])!r} days is outside the bins {edges.tolist()!r}"
            )
        return self._summarise(
            "lead_time",
            _bin_labels(edges),
            b.astype(np.intp),
            level=level,
            n_boot=n_boot,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )


# --- time-averaged scores -----------------------------------------------------------------


@attrs.frozen(eq=False)
class TimeAveragedTable(_Summaries):
    r"""One row per (question, forecaster): the time-averaged score (a loss: lower is better).

    Made by :func:`time_averaged`. Rows are sorted by question id, then forecaster.

    Attributes
    ----------
    question, forecaster : ndarray of object
    score : ndarray of float
        The time average; NaN where a probability range stood (see ``best`` and ``worst``).
    best, worst : ndarray of float
        Bounds of the time average (equal to ``score`` without ranges).
    coverage : ndarray of float
        The share of the question's life (from its ``opens``, or else its first forecast by
        anyone in the ledger, to its resolution) in which the forecaster had a forecast
        standing.
    span_days : ndarray of float
        The length of the span averaged over, in days.
    n_forecasts : ndarray of int
        The forecaster's scored forecasts on the question.
    scores : ScoreTable
        The per-prediction scores the averages were made from (and the counts of what was
        not scored).

    Examples
    --------
    Alice says 0.5 on 1 January and 0.9 on 7 January; Bob says 0.8 on 4 January; the event
    is known on 11 January:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, time_averaged
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q", "alice", dt.date(2022, 1, 1), 0.5),
    ...     fs.Prediction("q", "alice", dt.date(2022, 1, 7), 0.9),
    ...     fs.Prediction("q", "bob", dt.date(2022, 1, 4), 0.8),
    ... ])
    >>> t = time_averaged(ledger, [fs.Outcome("q", dt.date(2022, 1, 11), "yes")])
    >>> t.forecaster
    array(['alice', 'bob'], dtype=object)
    >>> t.score         # (6 * 0.25 + 4 * 0.01) / 10 = 0.154; bob: 0.2**2 = 0.04
    array([0.154, 0.04 ])
    >>> t.span_days, t.coverage     # bob stood 7 of the question's 10 days
    (array([10.,  7.]), array([1. , 0.7]))
    """

    question: ObjArray
    forecaster: ObjArray
    score: FloatArray
    best: FloatArray
    worst: FloatArray
    coverage: FloatArray
    span_days: FloatArray
    n_forecasts: IntArray
    scores: ScoreTable
    _qcodes: IntArray
    _fcodes: IntArray
    _rows: IntArray  # the first scored ledger row of each (question, forecaster)

    def __len__(self) -> int:
        return len(self.question)

    @property
    def counts(self) -> dict[str, int]:
        """The counts of :attr:`scores` (predictions scored and left out, by reason)."""
        return self.scores.counts

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row: question, forecaster, score, best, worst, coverage, span_days,
        n_forecasts (NaN as ``None``)."""
        cols = {
            "question": self.question.tolist(),
            "forecaster": self.forecaster.tolist(),
            "score": _nones(self.score),
            "best": self.best.tolist(),
            "worst": self.worst.tolist(),
            "coverage": self.coverage.tolist(),
            "span_days": self.span_days.tolist(),
            "n_forecasts": self.n_forecasts.tolist(),
        }
        return records(cols)

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        is_rng = np.isnan(self.score) & ~np.isnan(self.best)
        lg = self.scores.ledger
        return lg._qnames, self._qcodes, self.score, self.best, self.worst, is_rng

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        return self.scores.ledger._fnames, self._fcodes

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        return self.scores.ledger, self._rows


def time_averaged(
    ledger: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike = "brier",
    hindsight: str = "raise",
    questions: Iterable[Question] | None = None,
    start: str = "first",
    fill: str | float = "uniform",
    granularity: str = "exact",
) -> TimeAveragedTable:
    r"""Time-averaged score of each forecaster on each question (a loss: lower is better).

    Each forecast stands from its ``made_at`` until the same forecaster's next forecast on the
    same question, or until the outcome is known; the question score is the average of the
    standing forecasts' scores weighted by how long each stood:

    .. math::

        \bar S = \frac{1}{T_\text{end} - T_\text{start}}
                 \sum_i (t_{i+1} - t_i)\, S(p_i, y), \qquad t_{n+1} = T_\text{end},

    where :math:`t_i` is when forecast :math:`i` was made, :math:`T_\text{end}` when the
    outcome became known, and :math:`T_\text{start}` the start of the span. A forecast
    repeated unchanged, or one standing forecast split in two, leaves the average unchanged;
    so, unlike a plain mean over predictions, many small updates just before resolution do
    not dominate a track record.

    Times are earliest instants (00:00 UTC for a date). With ``granularity="day"`` the span
    is counted in whole UTC days as Good Judgment Open scores it [1]_: each day is scored by
    the forecast standing at its end (the last one made that day or before), from the day of
    the first forecast through the last day that begins before the resolution.

    Parameters
    ----------
    ledger : Ledger
    outcomes : iterable of Outcome
    rule, hindsight, questions
        As in :meth:`Ledger.score`; hindsight predictions are dropped and counted, or raise.
    start : {'first', 'opens'}, default 'first'
        Where the span starts: the forecaster's first forecast on the question, or the
        question's ``opens`` (``questions`` must then give every scored question an
        ``opens``; a forecast made before ``opens`` starts the span itself).
    fill : 'uniform' or float, default 'uniform'
        With ``start="opens"``, the forecast assumed from ``opens`` to the first forecast:
        ``'uniform'`` gives every option the same probability (0.5 on a yes/no question); a
        number is P(yes) (binary forecasts only).
    granularity : {'exact', 'day'}, default 'exact'
        Weight by exact durations, or by whole UTC days.

    Returns
    -------
    TimeAveragedTable
        One row per (question, forecaster), with the coverage: the share of the question's
        life in which the forecaster had a forecast standing.

    Raises
    ------
    InvalidOptionError
        A bad ``start``, ``fill`` or ``granularity``, or ``start="opens"`` without
        ``questions``.
    InvalidTimeError
        ``start="opens"`` and a scored question without ``opens``.
    InvalidForecastError
        A forecaster with both a plain probability and a mapping over options on one
        question (scores on different scales); two forecasts by one forecaster on one
        question made at the same instant (which of them stood would depend on the order
        of the rows; the message names both); or as in :meth:`Ledger.score`.
    HindsightError, InvalidOutcomeError, UnknownRuleError
        As in :meth:`Ledger.score`.

    References
    ----------
    .. [1] Good Judgment Open, "Frequently asked questions": the Brier score of a question
       is the average of the daily Brier scores over the days it was open, each day scored
       by the forecast standing at the end of that day.

    Examples
    --------
    Good Judgment Open's published example: 0.9 on days 1-3, 0.95 on days 4-7, and the event
    happens. The daily two-option Brier scores are 0.02 and 0.005; the question score is
    (3 * 0.02 + 4 * 0.005) / 7 = 0.08 / 7:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, time_averaged
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q", "me", dt.date(2022, 3, 1), {"no": 0.1, "yes": 0.9}),
    ...     fs.Prediction("q", "me", dt.date(2022, 3, 4), {"no": 0.05, "yes": 0.95}),
    ... ])
    >>> t = time_averaged(ledger, [fs.Outcome("q", dt.date(2022, 3, 8), "yes")],
    ...                   granularity="day")
    >>> t.score, t.span_days, t.coverage
    (array([0.01142857]), array([7.]), array([1.]))
    """
    _checks.check_choice("start", start, ("first", "opens"))
    _checks.check_choice("granularity", granularity, ("exact", "day"))
    fill_p = _check_fill(fill)
    if start == "opens" and questions is None:
        raise InvalidOptionError("start='opens' needs questions= (each with its opens)")
    qlist = None if questions is None else _as_list(questions, "questions", Question)
    s = _score_rows(ledger, outcomes, rule=rule, hindsight=hindsight, questions=qlist)
    table = ScoreTable(
        ledger=ledger,
        rows=s.rows,
        score=s.score,
        best=s.best,
        worst=s.worst,
        is_range=s.is_range,
        lead_time_days=(s.resolved.resolved[ledger._qcodes[s.rows]] - ledger._made[s.rows])
        / DAY_US,
        rule=s.rule.name,
        unresolved=s.unresolved,
        annulled=s.annulled,
        hindsight=s.hindsight,
    )
    rows = s.rows
    q = ledger._qcodes[rows]
    f = ledger._fcodes[rows]
    # Sorted by question and forecaster name, then by the instant each forecast was made;
    # two forecasts at the same instant are refused, so the order of rows never matters.
    q_rank = _label_rank(ledger._qnames)
    f_rank = _label_rank(ledger._fnames)
    order = np.lexsort((rows, ledger._made[rows], f_rank[f], q_rank[q]))
    q, f, t = q[order], f[order], ledger._made[rows[order]]
    _refuse_same_instant(ledger, rows[order], q, f, t, "time_averaged")
    end_q = s.resolved.resolved.copy()
    if granularity == "day":
        # Each day is scored by the forecast standing at its end: the last one made that
        # day, by the instants just sorted (a date counts as its first instant).
        t = (t // DAY_US) * DAY_US
        end_q = -((-end_q) // DAY_US) * DAY_US
    score, best, worst = s.score[order], s.best[order], s.worst[order]
    n = len(rows)
    new = np.ones(n, dtype=bool)
    new[1:] = (q[1:] != q[:-1]) | (f[1:] != f[:-1])
    gid = np.cumsum(new) - 1
    heads = np.flatnonzero(new)
    n_groups = len(heads)
    nxt = np.empty(n, dtype=np.int64)
    nxt[:-1] = t[1:]
    last = np.ones(n, dtype=bool)
    last[:-1] = new[1:]
    nxt[last] = end_q[q[last]]
    dur = (nxt - t).astype(np.float64)
    # A binary and a categorical forecast by one forecaster on one question are scored on
    # different scales (Brier 0..1 and 0..2): they cannot be averaged together.
    is_cat = ledger._kind[rows[order]] == _CATEGORICAL
    n_cat = np.bincount(gid, weights=is_cat, minlength=n_groups)
    mixed = np.flatnonzero((n_cat > 0) & (n_cat < np.bincount(gid, minlength=n_groups)))
    if mixed.size:
        g = int(mixed[0])
        members = rows[order][gid == g]
        cat_member = is_cat[gid == g]
        plain, mapping = int(members[~cat_member].min()), int(members[cat_member].min())
        raise InvalidForecastError(
            f"forecaster {ledger._fnames[f[heads[g]]]!r} gave both a plain probability "
            f"({ledger._at(plain)}) and a mapping over options ({ledger._at(mapping)}) on "
            f"question {ledger._qnames[q[heads[g]]]!r}; their scores are on different "
            "scales and cannot be time-averaged together"
        )
    first_t = t[heads]
    gq, gf = q[heads], f[heads]
    end_g = end_q[gq]
    # Life of each question: its opens, else its first forecast by anyone.
    life_start = np.full(len(ledger._qnames), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(life_start, q, t)
    opens = _opens(s, granularity)
    has_opens = opens != np.iinfo(np.int64).max
    life_start = np.where(has_opens, np.minimum(opens, life_start), life_start)
    if start == "opens":
        missing = np.flatnonzero(~has_opens[gq])
        if missing.size:
            name = ledger._qnames[gq[int(missing[0])]]
            raise InvalidTimeError(
                f"question {name!r} has no 'opens'; start='opens' needs one for every question"
            )
        span_start = np.minimum(opens[gq], first_t)
    else:
        span_start = first_t
    fill_dur = (first_t - span_start).astype(np.float64)
    fill_score = _fill_scores(s, ledger, rows[order][heads], fill_p, np.flatnonzero(fill_dur > 0))

    def average(values: FloatArray) -> FloatArray:
        # Forecasts that stood for no time weigh nothing, even with an infinite score
        # (``where=`` keeps 0 * inf from being computed at all).
        contrib = np.multiply(dur, values, out=np.zeros(n), where=dur > 0)
        # (bincount gives integers when there is nothing to count)
        total = np.bincount(gid, weights=contrib, minlength=n_groups).astype(np.float64)
        total += np.multiply(fill_dur, fill_score, out=np.zeros(n_groups), where=fill_dur > 0)
        out: FloatArray = total / (end_g - span_start)
        return out

    avg_best = average(best)
    avg_worst = average(worst)
    rng_in = np.bincount(gid, weights=np.isnan(score) & (dur > 0), minlength=n_groups) > 0
    avg = np.where(rng_in, math.nan, avg_best)
    coverage = (end_g - first_t) / (end_g - life_start[gq])
    return TimeAveragedTable(
        question=ledger._qnames[gq],
        forecaster=ledger._fnames[gf],
        score=avg,
        best=avg_best,
        worst=avg_worst,
        coverage=coverage,
        span_days=(end_g - span_start) / DAY_US,
        n_forecasts=np.bincount(gid, minlength=n_groups),
        scores=table,
        qcodes=gq,
        fcodes=gf,
        rows=rows[order][heads],
    )


def _refuse_same_instant(
    ledger: Ledger, rows: IntArray, q: IntArray, f: IntArray, t: I64Array, what: str
) -> None:
    """Refuse two forecasts by one forecaster on one question made at the same instant
    (rows sorted by question, forecaster and time): which of them stood would depend on
    the order of the rows."""
    same = np.flatnonzero((q[1:] == q[:-1]) & (f[1:] == f[:-1]) & (t[1:] == t[:-1]))
    if not same.size:
        return
    k = int(same[0])
    a, b = sorted((int(rows[k]), int(rows[k + 1])))
    when = iso_times(ledger._made[[a]], ledger._is_date[[a]], ledger._offset[[a]])[0]
    raise InvalidForecastError(
        f"{ledger._at(a)} and {ledger._at(b)}: forecaster {ledger._fnames[f[k]]!r} made two "
        f"forecasts on question {ledger._qnames[q[k]]!r} at the same instant ({when}); "
        f"{what} cannot tell which of them stood: keep one, or give each its own time "
        f"({same.size} such pair(s))"
    )


def _check_fill(fill: str | float) -> float | None:
    if isinstance(fill, str):
        _checks.check_choice("fill", fill, ("uniform",))
        return None
    if isinstance(fill, bool) or not isinstance(fill, numbers.Real) or not 0 <= fill <= 1:
        raise InvalidOptionError(
            f"fill must be 'uniform' or a probability in [0, 1] (got {fill!r})"
        )
    return float(fill)


def _opens(s: _Scored, granularity: str) -> I64Array:
    big = np.iinfo(np.int64).max
    out = np.full(len(s.resolved.question), big, dtype=np.int64)
    for i, qu in enumerate(s.resolved.question):
        if qu is not None and qu.opens is not None:
            us = time_parts(qu.opens, "opens")[0]
            out[i] = (us // DAY_US) * DAY_US if granularity == "day" else us
    return out


def _fill_scores(
    s: _Scored, ledger: Ledger, head_rows: IntArray, fill: float | None, need: IntArray
) -> FloatArray:
    """Score of the fill forecast for each group (only computed where it is needed)."""
    out = np.zeros(len(head_rows))
    if not need.size:
        return out
    rows = head_rows[need]
    qc = ledger._qcodes[rows]
    cat = ledger._kind[rows] == _CATEGORICAL
    if (~cat).any():
        p = 0.5 if fill is None else fill
        y = s.y_binary[qc[~cat]]
        out[need[~cat]] = _apply(
            s.rule, s.rule.binary, np.full(len(y), p), y, ledger, rows[~cat], "fill forecast"
        )
    if cat.any():
        if fill is not None:
            raise InvalidOptionError(
                "a numeric fill is P(yes) for binary forecasts; use fill='uniform' for "
                "categorical ones"
            )
        k = s.k_categorical[qc[cat]]
        sizes = np.array([len(s.universe[c] or ()) for c in qc[cat].tolist()])
        width = int(sizes.max())
        dense = np.where(np.arange(width) < sizes[:, None], 1.0 / sizes[:, None], 0.0)
        out[need[cat]] = _apply(
            s.rule, s.rule.categorical, dense, k, ledger, rows[cat], "fill forecast"
        )
    return out


# --- a date-aligned reference -------------------------------------------------------------


@attrs.frozen(eq=False)
class ReferenceTable(_Summaries):
    r"""Each claim scored against the reference forecast standing when it was made.

    Made by :func:`compare_to_reference`. ``difference = score - reference_score`` is a
    difference of losses: **negative means the claim beat the reference** at the time.

    Attributes
    ----------
    scores : ScoreTable
        The claims that had a reference forecast standing (rows of the claims' ledger).
    reference_row : ndarray of int
        The row of the reference ledger standing at each claim.
    reference_score : ndarray of float
        The score (a loss, by the same rule) of the reference forecast standing at each claim.
    difference, difference_best, difference_worst : ndarray of float
        ``score - reference_score`` (NaN for a range claim), and with the claim's best and
        worst scores.
    no_reference : ndarray of int
        Rows of the claims' ledger, scored, for which no reference forecast was standing.

    Examples
    --------
    A pundit says 0.9 before the crowd has spoken, then 0.2 when the crowd says 0.6; the
    event happens:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, compare_to_reference
    >>> crowd = Ledger.from_predictions([fs.Prediction("q", "crowd", dt.date(2022, 1, 10), 0.6)])
    >>> pundit = Ledger.from_predictions([
    ...     fs.Prediction("q", "pundit", dt.date(2022, 1, 1), 0.9),
    ...     fs.Prediction("q", "pundit", dt.date(2022, 1, 20), 0.2),
    ... ])
    >>> t = compare_to_reference(pundit, crowd, [fs.Outcome("q", dt.date(2022, 2, 24), "yes")])
    >>> t.no_reference                  # the 0.9 came before any crowd forecast
    array([0])
    >>> t.scores.rows, t.scores.score   # (0.2 - 1)**2 = 0.64
    (array([1]), array([0.64]))
    >>> t.reference_score, t.difference     # (0.6 - 1)**2 = 0.16; 0.64 - 0.16 > 0: worse
    (array([0.16]), array([0.48]))
    """

    scores: ScoreTable
    reference_row: IntArray
    reference_score: FloatArray
    difference: FloatArray
    difference_best: FloatArray
    difference_worst: FloatArray
    no_reference: IntArray

    def __len__(self) -> int:
        return len(self.reference_row)

    @property
    def counts(self) -> dict[str, int]:
        """The counts of :attr:`scores`, and the claims without a standing reference."""
        return {**self.scores.counts, "no_reference": len(self.no_reference)}

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        sc = self.scores
        lg = sc.ledger
        return (
            lg._qnames,
            lg._qcodes[sc.rows],
            self.difference,
            self.difference_best,
            self.difference_worst,
            sc.is_range,
        )

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        return self.scores.ledger._fnames, self.scores.ledger._fcodes[self.scores.rows]

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        return self.scores.ledger, self.scores.rows


def compare_to_reference(
    ledger: Ledger,
    reference: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike = "brier",
    hindsight: str = "raise",
    questions: Iterable[Question] | None = None,
) -> ReferenceTable:
    r"""Score each claim against the reference forecast standing when it was made.

    "Was the pundit better than the crowd at the time?": for each scored claim, the
    baseline is the latest forecast in ``reference`` on the same question made at or before
    the claim (comparing earliest instants, so a reference dated the same day as a dated
    claim counts), and the table gives the difference of losses claim by claim:

    .. math::

        D_i = S(p_i, y) - S(r_{q(i)}(t_i), y)

    (negative: the claim beat the reference). Reference forecasts that are themselves
    hindsight never stand. Claims with no reference forecast standing are counted in
    :attr:`ReferenceTable.no_reference`.

    Parameters
    ----------
    ledger : Ledger
        The claims.
    reference : Ledger
        One forecaster's point forecasts (a crowd, a market, a model), binary where the
        claims are binary and categorical where they are categorical.
    outcomes, rule, hindsight, questions
        As in :meth:`Ledger.score` (``hindsight`` applies to the claims).

    Raises
    ------
    InvalidOptionError
        A reference with more than one forecaster.
    InvalidForecastError
        A probability range in the reference, a binary claim matched to a categorical
        reference forecast (or the reverse), whose scores are on different scales, a
        claim and its reference that both score ``inf`` (their difference is undefined), or
        two reference forecasts made at the same instant on a claim's question (which of
        them stood would depend on the order of the rows).

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, compare_to_reference
    >>> crowd = Ledger.from_predictions([
    ...     fs.Prediction("q", "crowd", dt.date(2022, 1, 1), 0.4),
    ...     fs.Prediction("q", "crowd", dt.date(2022, 1, 20), 0.7),
    ... ])
    >>> pundit = Ledger.from_predictions([fs.Prediction("q", "pundit", dt.date(2022, 1, 8), 0.3)])
    >>> cmp = compare_to_reference(pundit, crowd, [fs.Outcome("q", dt.date(2022, 2, 24), "yes")])
    >>> cmp.reference_score, cmp.difference     # 0.6**2 = 0.36; 0.49 - 0.36
    (array([0.36]), array([0.13]))
    """
    if not isinstance(ledger, Ledger):
        raise ForecastTypeError(f"ledger must be a Ledger (got {type(ledger)!r})")
    if not isinstance(reference, Ledger):
        raise ForecastTypeError(f"reference must be a Ledger (got {type(reference)!r})")
    if len(reference.forecasters) > 1:
        raise InvalidOptionError(
            f"reference must hold one forecaster's forecasts (got {reference.forecasters!r}); "
            "filter it first"
        )
    if reference.is_range.any():
        i = int(np.flatnonzero(reference.is_range)[0])
        raise InvalidForecastError(
            f"reference {reference._at(i)} is a probability range; a reference needs point "
            "forecasts"
        )
    # A list is kept as it is: outcomes read from a file remember their lines.
    outs = _as_list(outcomes, "outcomes", Outcome)
    qlist = None if questions is None else _as_list(questions, "questions", Question)
    table = _score_ledger(ledger, outs, rule=rule, hindsight=hindsight, questions=qlist)
    ref = _score_rows(reference, outs, rule=rule, hindsight="drop", questions=qlist)
    # Map the reference's questions onto the claims' question codes.
    code = {str(v): i for i, v in enumerate(ledger._qnames.tolist())}
    ref_q = np.array([code.get(str(v), -1) for v in reference._qnames.tolist()], dtype=np.intp)[
        reference._qcodes[ref.rows]
    ]
    claim_q = ledger._qcodes[table.rows]
    # Two reference forecasts at one instant on a claim's question: which one stood would
    # depend on the order of the rows.
    mine = np.flatnonzero(ref_q >= 0)
    ref_rows = ref.rows[mine]
    by_time = np.lexsort((ref_rows, reference._made[ref_rows], ref_q[mine]))
    ref_rows = ref_rows[by_time]
    _refuse_same_instant(
        reference,
        ref_rows,
        reference._qcodes[ref_rows],
        reference._fcodes[ref_rows],
        reference._made[ref_rows],
        "compare_to_reference",
    )
    # One sort of claims and reference forecasts by (question, time, reference first);
    # each claim takes the last reference forecast before it in the same question.
    n_ref, n_claim = len(ref.rows), len(table.rows)
    qq = np.concatenate((ref_q, claim_q))
    tt = np.concatenate((reference._made[ref.rows], ledger._made[table.rows]))
    is_claim = np.concatenate((np.zeros(n_ref, bool), np.ones(n_claim, bool)))
    order = np.lexsort((np.arange(n_ref + n_claim), is_claim, tt, qq))
    pos = np.where(is_claim[order], -1, np.arange(n_ref + n_claim))
    last_ref = np.maximum.accumulate(pos) if len(pos) else pos
    claim_pos = np.flatnonzero(is_claim[order])
    found = last_ref[claim_pos]
    claim_idx = order[claim_pos] - n_ref
    ok = found >= 0
    ok[ok] = qq[order[found[ok]]] == qq[order[claim_pos[ok]]]
    ref_idx = np.full(n_claim, -1, dtype=np.intp)
    ref_idx[claim_idx[ok]] = order[found[ok]]
    has = ref_idx >= 0
    mix = has.copy()
    mix[has] = ledger._kind[table.rows[has]] == _CATEGORICAL
    mix[has] ^= reference._kind[ref.rows[ref_idx[has]]] == _CATEGORICAL
    if mix.any():
        i = int(np.flatnonzero(mix)[0])
        raise InvalidForecastError(
            f"{ledger._at(int(table.rows[i]))}: a "
            f"{'categorical' if ledger._kind[table.rows[i]] == _CATEGORICAL else 'binary'} "
            f"claim cannot be compared with a reference forecast of the other kind "
            f"({reference._at(int(ref.rows[ref_idx[i]]))} of the reference): their scores are "
            "on different scales"
        )
    keep = np.flatnonzero(has)
    ref_score = ref.score[ref_idx[keep]]
    both_inf = np.isposinf(ref_score) & np.isposinf(table.worst[keep])
    if both_inf.any():
        i = int(keep[np.flatnonzero(both_inf)[0]])
        raise InvalidForecastError(
            f"{ledger._at(int(table.rows[i]))}: the claim and the reference "
            f"({reference._at(int(ref.rows[ref_idx[i]]))}) both score inf (both gave "
            "probability 0 to what happened), so their difference is undefined; compare them "
            "with a rule that clips (as log_score(..., clip=eps) does)"
        )
    sub = attrs.evolve(
        table,
        rows=table.rows[keep],
        score=table.score[keep],
        best=table.best[keep],
        worst=table.worst[keep],
        is_range=table.is_range[keep],
        lead_time_days=table.lead_time_days[keep],
    )
    return ReferenceTable(
        scores=sub,
        reference_row=ref.rows[ref_idx[keep]],
        reference_score=ref_score,
        difference=sub.score - ref_score,
        difference_best=sub.best - ref_score,
        difference_worst=sub.worst - ref_score,
        no_reference=table.rows[~has],
    )
