"""The :class:`Ledger` itself: predictions held column by column, indexing, filtering,
equality and records. Its constructors and :meth:`Ledger.score` are thin doors: their work
lives in the rooms above (``_build`` builds ledgers, ``_scoring`` scores them), imported when
called, so that those rooms can import :class:`Ledger` without a circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import numpy.typing as npt

from .. import _checks
from .._text import cut_text
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    ShapeError,
)
from ..model import (
    Prediction,
    ProbabilityRange,
    Time,
)
from ..model._quantities import distribution_key
from ._columns import (
    _CATEGORICAL,
    _POINT,
    _QUANTITY,
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
    Times,
    Where,
    _as_id_set,
    _codes_of,
    _first_appearance,
    _in_range,
    _index_array,
    _pandas,
    _Places,
    _ranges,
    iso_times,
    make_time,
    time_parts,
)
from ._doors import _Doors

if TYPE_CHECKING:
    pass

# --- the ledger ---------------------------------------------------------------------------


def _quantity_keys(column: ObjArray) -> list[Any]:
    """The forecasts of quantities as :class:`~forecastscore.Prediction` compares them (a
    distribution by its text, or by identity for other families)."""
    return [
        None if v is None else (v[0], distribution_key(v[1]) if v[0] == "distribution" else v[1])
        for v in column.tolist()
    ]


class Ledger(_Doors):
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
    :attr:`quote`, :attr:`forecast_kind`, and :attr:`extra` (columns read from a file that
    the library does not interpret, kept so that they are written back).

    A row may also hold a forecast of a quantity (``Prediction(..., quantiles=...)``,
    ``distribution=`` or ``samples=``; see :attr:`forecast_kind` and :attr:`quantity`): its
    :attr:`probability`, :attr:`low` and :attr:`high` are NaN, and it is scored with the
    rules ``'crps'``, ``'log'``, ``'quantile'``, ``'interval'`` and ``'wis'`` (see
    :meth:`score`). Time averages, references, :meth:`aggregate`, :meth:`complete` and
    :meth:`to_records` (hence the probability files) refuse such rows.

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
        "_quantity",
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
        quantity: ObjArray | None = None,
    ) -> None:
        # Private: the columns must already be valid. Use the from_* constructors. Ids are
        # (distinct names, code per row); times (earliest instant in µs, is a date, UTC
        # offset in µs); probabilities (kind, low, high); categorical forecasts are CSR:
        # (row pointers, option names, option code per entry, probability per entry).
        # ``origin`` is where the rows were read: (where, the file's row of each
        # prediction), so that errors name the file and line (see :meth:`_at`).
        # ``imputed`` flags the rows :meth:`complete` filled in (False when not given).
        # ``quantity`` holds, per row of kind _QUANTITY, the forecast of a quantity as
        # (field name, value), e.g. ("quantiles", ((0.1, 10.0), (0.9, 50.0))); None for a
        # probability row (all None when not given).
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
        self._quantity: ObjArray = (
            np.full(len(self._qcodes), None, dtype=object) if quantity is None else quantity
        )
        for arr in (
            self._imputed,
            self._quantity,
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
    def forecast_kind(self) -> ObjArray:
        """Which forecast each row holds: ``'probability'`` (a point, a range or a mapping
        over options), ``'quantiles'``, ``'distribution'`` or ``'samples'`` (as
        :attr:`forecastscore.Prediction.forecast_kind`).

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> Ledger.from_predictions([
        ...     fs.Prediction("q", "a", dt.date(2022, 1, 8), 0.3),
        ...     fs.Prediction("n", "a", dt.date(2022, 1, 8), quantiles={0.1: 1.0, 0.9: 5.0}),
        ... ]).forecast_kind
        array(['probability', 'quantiles'], dtype=object)
        """
        out: ObjArray = np.array(
            ["probability" if v is None else str(v[0]) for v in self._quantity.tolist()],
            dtype=object,
        )
        out.flags.writeable = False
        return out

    @property
    def quantity(self) -> ObjArray:
        """The forecast of a quantity of each row (the value of its ``quantiles``,
        ``distribution`` or ``samples`` field, as the :class:`~forecastscore.Prediction`
        holds it); ``None`` for a probability."""
        out: ObjArray = np.empty(len(self), dtype=object)
        for i, v in enumerate(self._quantity.tolist()):
            out[i] = None if v is None else v[1]
        out.flags.writeable = False
        return out

    def _refuse_quantities(self, what: str) -> None:
        """Raise naming the first row that holds a forecast of a quantity: ``what`` (e.g.
        ``'aggregate'``) takes probabilities only."""
        bad = np.flatnonzero(self._kind == _QUANTITY)
        if bad.size:
            i = int(bad[0])
            raise InvalidForecastError(
                f"{self._at(i)}: the prediction by {self._fnames[self._fcodes[i]]!r} on "
                f"question {self._qnames[self._qcodes[i]]!r} holds {self._quantity[i][0]} "
                f"({bad.size} such row(s)); {what} takes probabilities only (select them "
                "with ledger[ledger.forecast_kind == 'probability'])"
            )

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
        prob: float | ProbabilityRange | dict[str, float] | None
        fields: dict[str, Any] = {}
        if kind == _QUANTITY:
            prob = None
            name, value = self._quantity[i]
            fields[name] = value
        elif kind == _POINT:
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
            **fields,
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
            self._quantity[idx],
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

        Raises
        ------
        InvalidForecastError
            A row holds a forecast of a quantity (write those with
            :func:`forecastscore.io.write_quantity_predictions_csv` and its siblings, from
            ``list(ledger)``).
        """
        _checks.check_choice("times", times, ("iso", "objects"))
        self._refuse_quantities("to_records (and the files of probabilities)")
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

    def __eq__(self, other: object) -> bool:
        """Equal when the rows are the same as a file holds them: ids, instants, date flags,
        UTC offsets, probabilities, forecasts of quantities (as
        :class:`~forecastscore.Prediction` compares them), text, :attr:`imputed` flags and
        extra columns (zone objects are not compared)."""
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
            and _quantity_keys(self._quantity) == _quantity_keys(other._quantity)
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
