"""The :class:`Ledger` itself: predictions held column by column, indexing, filtering,
equality and records. Its constructors and :meth:`Ledger.score` are thin doors: their work
lives in the rooms above (``_build`` builds ledgers, ``_scoring`` scores them), imported when
called, so that those rooms can import :class:`Ledger` without a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import numpy.typing as npt

from .. import _checks
from .._text import cut_text
from ..errors import (
    ForecastTypeError,
    ShapeError,
)
from ..model import (
    Outcome,
    Prediction,
    ProbabilityRange,
    Question,
    Time,
)
from ._columns import (
    _CATEGORICAL,
    _POINT,
    _RANGE,
    DAY_US,
    BoolArray,
    Categories,
    FloatArray,
    I64Array,
    Ids,
    IntArray,
    ObjArray,
    Probs,
    RuleLike,
    Times,
    Where,
    _as_id_set,
    _codes_of,
    _first_appearance,
    _in_range,
    _index_array,
    _is_missing,
    _pandas,
    _Places,
    _ranges,
    _row_where,
    iso_times,
    make_time,
    time_parts,
)

if TYPE_CHECKING:
    from ._scoring import ScoreTable

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
    for a date), :attr:`is_date`, :attr:`probability` (a point forecast's probability; NaN
    for a range and for a mapping over options), :attr:`low` and :attr:`high` (equal for a
    point forecast, the bounds of a :class:`~forecastscore.ProbabilityRange`, NaN for a
    categorical forecast), :attr:`is_range`, :attr:`is_categorical`, :attr:`source`,
    :attr:`quote`, and :attr:`extra` (columns read from a file that the library does not
    interpret, kept so that they are written back).

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
        "_imputed",
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
        imputed: BoolArray | None = None,
    ) -> None:
        # Private: the columns must already be valid. Use the from_* constructors. Ids are
        # (distinct names, code per row); times (earliest instant in µs, is a date, UTC
        # offset in µs); probabilities (kind, low, high); categorical forecasts are CSR:
        # (row pointers, option names, option code per entry, probability per entry).
        # ``origin`` is where the rows were read: (where, the file's row of each
        # prediction), so that errors name the file and line (see :meth:`_at`).
        # ``imputed`` flags the rows :meth:`complete` filled in (False when not given).
        self._qnames, self._qcodes = questions
        self._fnames, self._fcodes = forecasters
        self._made, self._is_date, self._offset = times
        self._kind, self._low, self._high = probabilities
        self._cat_ptr, self._onames, self._cat_opt, self._cat_prob = categorical
        self._source, self._quote = text
        self._extra = dict(extra)
        self._zones = zones  # (tzinfo, fold) per row where the zone is not a fixed offset
        self._origin = origin
        self._imputed = (
            np.zeros(len(self._qcodes), dtype=bool) if imputed is None else imputed.astype(bool)
        )
        for arr in (
            self._imputed,
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
        from ._build import ledger_from_predictions  # a door: _build imports Ledger

        return ledger_from_predictions(cls, predictions)

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
        from ._build import ledger_from_arrays  # a door: _build imports Ledger

        return ledger_from_arrays(
            cls,
            question,
            forecaster,
            made_at,
            probability,
            low=low,
            high=high,
            options=options,
            source=source,
            quote=quote,
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
            A missing column or a bad value, including a missing ``made_at`` (``NaT``, ``None``
            or NaN); the message gives the row.
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
            # pandas' missing values (NaT, NA) are missing, as None and NaN are: a missing
            # made_at is then refused naming its row, never a bare error of NaT's own.
            data[str(c)] = [
                None if _is_missing(v) or v is pd.NaT or v is pd.NA else v for v in values
            ]
        from ._build import from_records  # a door: _build imports Ledger

        return from_records(columns, data, len(frame), where=_row_where)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        columns: Mapping[str, str | Callable[[Mapping[str, Any]], Any]] | None = None,
        constants: Mapping[str, Any] | None = None,
        extra: Iterable[str] | Mapping[str, str | Callable[[Mapping[str, Any]], Any]] = (),
    ) -> Ledger:
        r"""Build a ledger from records in another format: dicts, one per prediction, with a
        mapping from the ledger's columns to the records' fields.

        Each of the ledger's columns (``question``, ``forecaster``, ``made_at``,
        ``probability``; optionally ``option``, ``source``, ``quote``, ``imputed``) comes from
        ``columns`` (a field name, or a function of the record), from ``constants`` (one
        value for every record), or, when neither names it, from the record's field of the
        same name. Other fields are dropped unless ``extra`` keeps them as :attr:`extra`
        columns. Times may be ``datetime.date`` / aware ``datetime.datetime`` objects or ISO
        8601 text (``"2024-07-21"`` is a date; a datetime needs its offset); a probability
        is a float, a :class:`~forecastscore.ProbabilityRange`, or ``{"low": ..., "high":
        ...}``. Records are read in order, one Python step each (they are Python objects).

        Parameters
        ----------
        records : iterable of mapping
            For example the list :func:`forecastscore.io.read_records_json` returns.
        columns : mapping of str to str or callable, optional
            Ledger column to the record's field name, or to ``f(record) -> value``.
        constants : mapping of str to value, optional
            Ledger column to a value shared by every record (e.g. a file's forecast date).
        extra : iterable of str, or mapping of str to str or callable, default ()
            Fields kept as extra columns under their own names, or extra column name to a
            field name or a function of the record.

        Returns
        -------
        Ledger

        Raises
        ------
        FileSchemaError
            A missing field or a bad value; the message names the record (``records[3]``),
            the ledger column and the field it was read from.
        ForecastTypeError, InvalidOptionError
            A record that is not a mapping; a column given twice or unknown, a callable that
            raises (its error is kept as the cause).

        Examples
        --------
        ForecastBench's forecast files: a dataset question counts once per horizon, so its
        question is ``id`` at ``resolution_date``; every forecast was due on one date.

        >>> from forecastscore.ledger import Ledger
        >>> records = [
        ...     {"id": "q1", "user_id": "a", "forecast": 0.3, "resolution_date": "2024-07-28"},
        ...     {"id": "m7", "user_id": "a", "forecast": 0.8, "resolution_date": None},
        ... ]
        >>> ledger = Ledger.from_records(records, columns={
        ...     "question": lambda r: r["id"] if r["resolution_date"] is None
        ...                           else f"{r['id']}@{r['resolution_date']}",
        ...     "forecaster": "user_id", "probability": "forecast",
        ... }, constants={"made_at": "2024-07-21"})
        >>> ledger.question, ledger.probability
        (array(['q1@2024-07-28', 'm7'], dtype=object), array([0.3, 0.8]))
        >>> Ledger.from_records([{"id": "q1"}], columns={"question": "id"})
        Traceback (most recent call last):
        ...
        forecastscore.errors.FileSchemaError: records[0]: column 'forecaster': the record has no ...
        """
        from ._build import ledger_from_records  # a door: _build imports Ledger

        return ledger_from_records(cls, records, columns=columns, constants=constants, extra=extra)

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
    def probability(self) -> FloatArray:
        """The probability of each point forecast (P(yes) on a yes/no question); NaN for a
        :class:`~forecastscore.ProbabilityRange` (see :attr:`low` and :attr:`high`) and for
        a mapping over options.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> Ledger.from_predictions([
        ...     fs.Prediction("q", "a", dt.date(2022, 1, 8), 0.3),
        ...     fs.Prediction("q", "b", dt.date(2022, 1, 8), fs.ProbabilityRange(0.2, 0.45)),
        ...     fs.Prediction("r", "a", dt.date(2022, 1, 8), {"x": 0.6, "y": 0.4}),
        ... ]).probability
        array([0.3, nan, nan])
        """
        out: FloatArray = np.where(self._kind == _POINT, self._low, np.nan)
        out.flags.writeable = False
        return out

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
    def imputed(self) -> BoolArray:
        """Whether each prediction was filled in by :meth:`complete` rather than made by its
        forecaster (False for every row of a ledger that was not completed)."""
        return self._imputed

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
            self._imputed[idx],
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

        Optional columns (``option``, ``source``, ``quote``, ``imputed``) appear only when
        some row uses them (``imputed`` when some row was filled in by :meth:`complete`);
        :attr:`extra` columns follow.
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
        has_imputed = bool(self._imputed.any())
        imputed = self._imputed.tolist()
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
                if has_imputed:
                    row["imputed"] = imputed[i]
                for k, v in extra.items():
                    row[k] = v[i]
                out.append(row)
        return out

    @classmethod
    def concat(cls, *ledgers: Ledger) -> Ledger:
        r"""One ledger holding the rows of several, in order (``a | b`` is ``concat(a, b)``).

        Ids, times, probabilities of every kind, :attr:`source`, :attr:`quote`,
        :attr:`imputed` and the file and line of rows read from files are kept; an
        :attr:`extra` column that only some ledgers have is ``None`` in the rows of the
        others. Use it to score an aggregate beside its members:
        ``ledger | ledger.aggregate("median")``.

        Raises
        ------
        ForecastTypeError
            An argument that is not a :class:`Ledger` (the message gives its position).

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> a = Ledger.from_predictions([fs.Prediction("q", "a", dt.date(2024, 7, 21), 0.3)])
        >>> b = Ledger.from_predictions([fs.Prediction("q", "b", dt.date(2024, 7, 21), 0.6)])
        >>> (a | b).forecaster
        array(['a', 'b'], dtype=object)
        >>> Ledger.concat(a, b) == a | b
        True
        """
        from ._aggregate import concat_ledgers  # a door: the work lives in the room above

        return concat_ledgers(cls, ledgers)

    def __or__(self, other: object) -> Ledger:
        if not isinstance(other, Ledger):
            return NotImplemented
        return Ledger.concat(self, other)

    def aggregate(
        self,
        method: str = "median",
        *,
        name: str | None = None,
        at: str | Time = "changes",
        trim: float | None = None,
        extremize: float | None = None,
        clip: float | None = None,
    ) -> Ledger:
        r"""The crowd's forecasts as one new forecaster: an aggregate of the forecasts
        standing on each question, hindsight-safe.

        A forecast *stands* at an instant from when it was made until its forecaster's next
        forecast on the same question. By default (``at="changes"``) the aggregate holds one
        forecast per question at each instant a member makes a forecast on it, computed from
        the forecasts standing then: each member's latest forecast made at or before that
        instant, never a later one. A date is its whole UTC day: a forecast dated
        2024-07-21 stands only from the end of that day for a datetime on it, and an
        aggregate that uses it is dated 2024-07-21. So the aggregate's ``made_at`` is the
        time of the latest forecast it uses, and scoring it applies the same hindsight rule
        as to its members. On a ledger where every forecast has one date, that is one
        forecast per question, on that date.

        Methods, over the :math:`n` standing forecasts :math:`p_i` of a question:

        - ``"mean"``: :math:`\frac1n \sum_i p_i`.
        - ``"median"``: the middle value, or the mean of the two middle values when
          :math:`n` is even.
        - ``"trimmed_mean"``: with :math:`k = \lfloor \text{trim}\cdot n \rfloor`,
          the mean of the sorted values without the :math:`k` smallest and the :math:`k`
          largest (as :func:`scipy.stats.trim_mean`); ``trim`` in [0, 0.5), default 0.1.
        - ``"geometric_mean_odds"``: the geometric mean of the odds raised to
          ``extremize`` :math:`d` (default 1), :math:`o = \left(\prod_i
          \frac{p_i}{1-p_i}\right)^{d/n}`, :math:`p = o/(1+o)`, i.e. the logistic of
          :math:`d` times the mean log-odds (Satopää et al. 2014). With ``clip=c`` the
          forecasts are first clipped to :math:`[c, 1-c]`; without it a question whose
          standing forecasts include both 0 and 1 is refused (the odds are 0 and
          infinite), and a 0 (a 1) alone makes the aggregate 0 (1).
        - ``"recency_weighted_median"``: Metaculus's community prediction. The standing
          forecasts are numbered :math:`j = 1, \dots, n` from the oldest to the most recent
          and weighted :math:`w_j = e^{\sqrt{j} - \sqrt{n}}` (all weights 1 when
          :math:`n \le 2`); with the values sorted, :math:`c_m` the cumulative weight of the
          :math:`m` smallest over the total, the aggregate is the mean of the first value
          with :math:`c_m \ge 1/2` and the first with :math:`c_m > 1/2` (so the plain median
          when the weights are equal). Source: the Metaculus FAQ ("the individual
          predictions are given weights :math:`w(n) \propto e^{\sqrt n}`") and its code,
          ``utils/the_math/aggregations.py`` (``RecencyWeighted``) and
          ``utils/the_math/measures.py`` (``weighted_percentile_2d``) in
          github.com/Metaculus/metaculus. Forecasts made at the same instant are ordered as
          in the ledger.

        Parameters
        ----------
        method : str, default "median"
            One of the methods above.
        name : str, optional
            The aggregate's forecaster name; default ``"crowd (<method>)"``. It must not be
            a member's name.
        at : "changes", "last" or a time, default "changes"
            ``"changes"``: a forecast at each instant a member forecasts; ``"last"``: one per
            question, from every member's latest forecast; a date or aware datetime: one per
            question, from the forecasts standing at that time (a question with none then
            gets none).
        trim, extremize, clip : float, optional
            For ``"trimmed_mean"`` (``trim``) and ``"geometric_mean_odds"`` (``extremize``,
            ``clip`` in [0, 0.5)); refused with another method.

        Returns
        -------
        Ledger
            One forecaster's point forecasts; :attr:`source` and the :attr:`extra` columns
            that are constant within every question (a question's kind, its source) carry
            over; :attr:`quote` is empty and :attr:`imputed` False.

        Raises
        ------
        InvalidForecastError
            A probability range or a categorical forecast (only point probabilities are
            aggregated; the message names the row), or 0 and 1 standing together under
            ``"geometric_mean_odds"`` without ``clip``.
        InvalidOptionError
            An unknown method, a name already taken, an option for another method or out of
            its range.

        Notes
        -----
        The work is sorts, ``searchsorted`` and reductions over a matrix of the standing
        forecasts (one row per instant, one column per member of the question), processed
        in bounded chunks: its cost is the number of instants times the number of members,
        summed over questions; ``at="last"`` costs a sort.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> d = dt.date
        >>> ledger = Ledger.from_predictions([
        ...     fs.Prediction("q", "a", d(2024, 7, 1), 0.2),
        ...     fs.Prediction("q", "b", d(2024, 7, 2), 0.6),
        ...     fs.Prediction("q", "c", d(2024, 7, 3), 0.7),
        ...     fs.Prediction("q", "a", d(2024, 7, 4), 0.9),
        ... ])
        >>> crowd = ledger.aggregate("median")
        >>> crowd.probability          # {0.2}, {0.2, 0.6}, {0.2, 0.6, 0.7}, {0.9, 0.6, 0.7}
        array([0.2, 0.4, 0.6, 0.7])
        >>> crowd.made_at_iso()
        ['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-04']
        >>> ledger.aggregate("mean", at="last").probability   # (0.9 + 0.6 + 0.7) / 3
        array([0.73333333])
        """
        from ._aggregate import aggregate_ledger  # a door: the work lives in the room above

        return aggregate_ledger(
            self, method, name=name, at=at, trim=trim, extremize=extremize, clip=clip
        )

    def complete(
        self,
        *,
        questions: Iterable[str] | None = None,
        fill: float | str = 0.5,
        forecasters: Iterable[str] | None = None,
        outcomes: Iterable[Outcome] | None = None,
        made_at: Time | None = None,
    ) -> Ledger:
        r"""Fill in each forecaster's missing forecasts on a set of questions, so that a
        forecaster who skipped questions is not better for it.

        A forecaster *misses* a question of the set when it has no forecast on it. The
        filled forecasts are appended after the ledger's rows (by forecaster, then question,
        in order of first appearance) and flagged in :attr:`imputed`.

        Parameters
        ----------
        questions : iterable of str, optional
            The question set; default every question of the ledger.
        fill : float, str, default 0.5
            A probability in [0, 1] (the same forecast everywhere); ``"worst"``: the forecast
            that scores worst against the outcome (0 if the question resolved yes, 1 if no;
            against a probability outcome :math:`q`, 1 if :math:`q < 1/2` else 0), which
            needs ``outcomes`` (an annulled question gets 0.5: it is not scored); or the name
            of a forecaster of the ledger (such as an aggregate, ``"crowd (median)"``): a
            copy of each of its forecasts on the question, at its times.
        forecasters : iterable of str, optional
            Whose forecasts to fill; default every forecaster of the ledger except a
            forecaster named by ``fill``.
        outcomes : iterable of Outcome, optional
            For ``fill="worst"``.
        made_at : date or aware datetime, optional
            When a filled forecast (a number or ``"worst"``) is dated. Default: the
            question's earliest forecast in the ledger (the time of the first forecast
            anyone made on it), so that it is scored like a forecast made then; required
            for a question nobody forecast.

        Returns
        -------
        Ledger
            The rows of this ledger, then the filled ones. A filled row takes the
            :attr:`source` and :attr:`extra` values of its question when they are the same
            on every row of that question (else ``None``); its :attr:`quote` is ``None``.

        Raises
        ------
        InvalidOptionError
            An unknown question or forecaster, a ``fill`` that is no probability, no
            forecaster and not ``"worst"``; ``"worst"`` without an outcome for a question;
            a reference forecaster without a forecast on a question of the set; a question
            nobody forecast without ``made_at``.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions([
        ...     fs.Prediction("q1", "a", dt.date(2024, 7, 21), 0.3),
        ...     fs.Prediction("q2", "a", dt.date(2024, 7, 22), 0.6),
        ...     fs.Prediction("q1", "b", dt.date(2024, 7, 23), 0.9),
        ... ])
        >>> full = ledger.complete(fill=0.5)
        >>> full.to_records()[3]
        {'question': 'q2', 'forecaster': 'b', 'made_at': '2024-07-22', 'probability': 0.5,
         'imputed': True}
        >>> full.imputed
        array([False, False, False,  True])
        """
        from ._complete import complete_ledger  # a door: the work lives in the room above

        return complete_ledger(
            self,
            questions=questions,
            fill=fill,
            forecasters=forecasters,
            outcomes=outcomes,
            made_at=made_at,
        )

    def __eq__(self, other: object) -> bool:
        """Equal when the rows are the same as a file holds them: ids, instants, date flags,
        UTC offsets, probabilities, text, :attr:`imputed` flags and extra columns (zone
        objects are not compared)."""
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
            and np.array_equal(self._imputed, other._imputed)
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
        knowledge_cutoffs: Mapping[str, Time] | None = None,
        leakage: str = "raise",
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

        An outcome may be a probability (``Outcome(..., probability=q)``: a market's price
        for a question not yet resolved); plain probabilities and ranges are scored against
        it by the rule's form against probability outcomes (the Brier score
        :math:`(p - q)^2`), and :attr:`ScoreTable.soft` marks those rows.

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
        knowledge_cutoffs : mapping of str to datetime.date or aware datetime.datetime, optional
            Each forecaster's knowledge cutoff (a language model's training cutoff): a
            prediction on a question resolved on or before its forecaster's cutoff (a date
            is its whole UTC day) may have been made knowing the outcome. Forecasters not
            named, and names the ledger does not hold, have none.
        leakage : {'raise', 'drop'}, default 'raise'
            Raise :class:`~forecastscore.LeakageError` naming the first such prediction, or
            drop them and count them (:attr:`ScoreTable.leakage`). A prediction that is
            hindsight is counted as hindsight, not leakage.

        Returns
        -------
        ScoreTable

        Raises
        ------
        HindsightError
            A prediction not made before its outcome was known (``hindsight="raise"``).
        LeakageError
            A prediction on a question resolved on or before its forecaster's knowledge
            cutoff (``leakage="raise"``); a subclass of :class:`~forecastscore.HindsightError`.
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
        {'scored': 1, 'unresolved': 1, 'annulled': 0, 'hindsight': 1, 'leakage': 0, ...}
        """
        from ._scoring import score_ledger  # a door: the work lives in the room above

        return score_ledger(
            self,
            outcomes,
            rule=rule,
            hindsight=hindsight,
            questions=questions,
            knowledge_cutoffs=knowledge_cutoffs,
            leakage=leakage,
        )
