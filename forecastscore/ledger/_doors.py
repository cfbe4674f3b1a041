"""The doors of :class:`~forecastscore.ledger.Ledger`: its constructors
(:meth:`Ledger.from_predictions`,
:meth:`Ledger.from_arrays`, :meth:`Ledger.from_pandas`, :meth:`Ledger.from_records`,
:meth:`Ledger.concat`) and the methods whose work lives in the rooms above it
(:meth:`Ledger.aggregate`, :meth:`Ledger.complete`, :meth:`Ledger.score`). Each is a thin
door: its docstring is here, its work is imported from ``_build``, ``_aggregate``,
``_complete`` or ``_scoring`` when it is called, so that those rooms can import
:class:`~forecastscore.ledger.Ledger` without a circle. :class:`~forecastscore.ledger.Ledger`
inherits them; nothing else does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..errors import (
    ForecastTypeError,
)
from ..model import (
    Outcome,
    Prediction,
    Question,
    Time,
)
from ._columns import (
    RuleLike,
    _is_missing,
    _pandas,
    _row_where,
)

if TYPE_CHECKING:
    from ._ledger import Ledger
    from ._score_table import ScoreTable


class _Doors:
    """The methods of :class:`~forecastscore.ledger.Ledger` that open onto the rooms above it."""

    __slots__ = ()

    @classmethod
    def from_predictions(cls, predictions: Iterable[Prediction]) -> Ledger:
        r"""Build a ledger from :class:`~forecastscore.Prediction` objects, in their order.

        Forecasts of quantities (``quantiles=``, ``distribution=``, ``samples=``) are held
        as they are (see :attr:`Ledger.forecast_kind` and :attr:`Ledger.quantity`), and
        iterating gives back equal predictions.

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

        Quantiles against 35, scored by the mean pinball loss,
        (0.1 * 25 + 0.5 * 5 + 0.1 * 15) / 3:

        >>> hub = fs.Prediction("deaths", "hub", dt.date(2022, 1, 8),
        ...                     quantiles={0.1: 10.0, 0.5: 30.0, 0.9: 50.0})
        >>> ledger = Ledger.from_predictions([hub])
        >>> ledger.forecast_kind
        array(['quantiles'], dtype=object)
        >>> ledger.score([fs.Outcome("deaths", dt.date(2022, 2, 1), 35.0)],
        ...              rule="quantile").score
        array([2.16666667])
        """
        from ._build import ledger_from_predictions  # a door: _build imports Ledger

        return ledger_from_predictions(cast("type[Ledger]", cls), predictions)

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
            cast("type[Ledger]", cls),
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
        other columns are kept as :attr:`~forecastscore.ledger.Ledger.extra`. ``made_at`` holds
        ``datetime.date`` /
        aware ``datetime.datetime`` objects or a timezone-aware datetime column;
        ``probability`` holds floats or :class:`~forecastscore.ProbabilityRange` objects.
        This is the inverse of :meth:`~forecastscore.ledger.Ledger.to_pandas`.

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
        same name. Other fields are dropped unless ``extra`` keeps them as
        :attr:`~forecastscore.ledger.Ledger.extra`
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

        return ledger_from_records(
            cast("type[Ledger]", cls), records, columns=columns, constants=constants, extra=extra
        )

    @classmethod
    def concat(cls, *ledgers: Ledger) -> Ledger:
        r"""One ledger holding the rows of several, in order (``a | b`` is ``concat(a, b)``).

        Ids, times, probabilities of every kind, :attr:`~forecastscore.ledger.Ledger.source`,
        :attr:`~forecastscore.ledger.Ledger.quote`,
        :attr:`~forecastscore.ledger.Ledger.imputed` and the file and line of rows read from files
        are kept; an
        :attr:`~forecastscore.ledger.Ledger.extra` column that only some ledgers have is ``None``
        in the rows of the
        others. Use it to score an aggregate beside its members:
        ``ledger | ledger.aggregate("median")``.

        Raises
        ------
        ForecastTypeError
            An argument that is not a :class:`~forecastscore.ledger.Ledger` (the message gives its
            position).

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

        return concat_ledgers(cast("type[Ledger]", cls), ledgers)

    def __or__(self, other: object) -> Ledger:
        if not isinstance(other, _Doors):  # a Ledger: the only class with these doors
            return NotImplemented
        return type(self).concat(cast("Ledger", self), cast("Ledger", other))

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
            One forecaster's point forecasts; :attr:`~forecastscore.ledger.Ledger.source` and the
            :attr:`~forecastscore.ledger.Ledger.extra` columns
            that are constant within every question (a question's kind, its source) carry
            over; :attr:`~forecastscore.ledger.Ledger.quote` is empty and
            :attr:`~forecastscore.ledger.Ledger.imputed` False.

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
            cast("Ledger", self),
            method,
            name=name,
            at=at,
            trim=trim,
            extremize=extremize,
            clip=clip,
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
        in order of first appearance) and flagged in :attr:`~forecastscore.ledger.Ledger.imputed`.

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
            :attr:`~forecastscore.ledger.Ledger.source` and
            :attr:`~forecastscore.ledger.Ledger.extra` values of its question when they are the same
            on every row of that question (else ``None``); its
            :attr:`~forecastscore.ledger.Ledger.quote` is ``None``.

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
            cast("Ledger", self),
            questions=questions,
            fill=fill,
            forecasters=forecasters,
            outcomes=outcomes,
            made_at=made_at,
        )

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

        A forecast of a quantity (``quantiles=``, ``distribution=`` or ``samples=``) is
        scored against a number or a date with ``rule='crps'``, ``'log'``, ``'quantile'``,
        ``'interval'`` or ``'wis'``, exactly as :func:`forecastscore.score` scores one claim
        (dates in days since 1970-01-01, censored outcomes with the censored CRPS on the
        interval made of ``questions``' closed bounds); :attr:`ScoreTable.outcome` holds the
        outcome as a number (a date in days). The rows are grouped (quantiles by their
        levels, samples by their number of members, distributions by family) and each group
        is scored by one call of the array scores; the censored CRPS of quantiles and of
        distributions is computed row by row (the latter by quadrature, some milliseconds a
        row). Probability rows and quantity rows may share a ledger: ``'log'`` scores both,
        and every other rule refuses the rows it does not fit.

        Parameters
        ----------
        outcomes : iterable of Outcome
            At most one per question (a second one is an error even for a question the
            ledger does not hold); outcomes for other questions are ignored.
        rule : str, callable or Rule, default 'brier'
            As in :func:`forecastscore.score`: ``'brier'``, ``'log'`` (in nats),
            ``'spherical'``, ``'crps'``, ``'quantile'``, ``'interval'`` or ``'wis'``; the last
            four, and a name only, score forecasts of quantities.
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
            An unknown rule or ``hindsight`` value; a rule that returns NaN for a forecast;
            a rule that does not fit a row's forecast (``'brier'`` on quantiles, ``'crps'``
            on a probability, ``'log'`` on samples), naming the row.
        InvalidOutcomeError, InvalidForecastError
            For a forecast of a quantity: an outcome that is no number or date, a censored
            outcome (or closed bounds) under a rule other than ``'crps'``, quantiles without
            a central interval under ``'interval'``, a question that is not numeric or
            date.
        ForecastTypeError, ShapeError
            A rule that returns anything but one real number per forecast.

        Errors about a prediction name where it came from: ``file:line`` for a ledger read
        by :mod:`forecastscore.io` (and any ledger taken from it), the data frame's row for
        :meth:`~forecastscore.ledger.Ledger.from_pandas`, else the ledger's row (0-based). Errors
        about an outcome name
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
            cast("Ledger", self),
            outcomes,
            rule=rule,
            hindsight=hindsight,
            questions=questions,
            knowledge_cutoffs=knowledge_cutoffs,
            leakage=leakage,
        )
