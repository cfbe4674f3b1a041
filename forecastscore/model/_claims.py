"""The claims: :class:`Question`, :class:`Prediction` and :class:`Outcome`, and how an
outcome's value names one of a question's options (:func:`positive_index`).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOutcomeError,
    InvalidTimeError,
)
from ._fields import (
    _ONE_DAY,
    Time,
    _annulled,
    _check_id,
    _closes,
    _forecaster,
    _made_at,
    _opens,
    _ordered,
    _qid,
    _quote,
    _resolved_at,
    _source,
    _text,
)
from ._probabilities import Probabilities, ProbabilityRange, _convert_probability
from ._quantities import (
    QuantityValue,
    _quantity,
    as_days,
    convert_censored,
    convert_distribution,
    convert_outcome_value,
    convert_quantiles,
    convert_samples,
    describe_distribution,
    distribution_key,
)
from ._times import _gap, is_date

#: The kinds of question.
KINDS = ("binary", "categorical", "numeric", "date")


_FORECAST_FIELDS = ("probability", "quantiles", "distribution", "samples")


def _convert_optional_probability(
    value: Any,
) -> float | Probabilities | ProbabilityRange | None:
    return None if value is None else _convert_probability(value)


def _check_fits(question: Question, probability: Any, kwargs: dict[str, Any]) -> None:
    """A forecast fits its question's kind: a probability on a binary or categorical
    question, a quantity forecast on a numeric or date question (numbers on a numeric one,
    dates on a date one)."""
    quantity = [k for k in ("quantiles", "distribution", "samples") if kwargs.get(k) is not None]
    if probability is not None:
        if question.is_quantity:
            raise InvalidForecastError(
                f"question {question.id!r} is {question.kind!r}: it takes quantiles=, "
                f"distribution= or samples=, not a probability (got {probability!r})"
            )
        _check_options(question, probability)
        return
    if not quantity:
        return
    if not question.is_quantity:
        raise InvalidForecastError(
            f"question {question.id!r} is {question.kind!r}: it takes a probability, not "
            f"{quantity[0]}= (give the question kind='numeric' or kind='date')"
        )
    values: list[Any] = []
    if kwargs.get("quantiles") is not None and isinstance(kwargs["quantiles"], Mapping):
        values = list(kwargs["quantiles"].values())
    elif kwargs.get("samples") is not None and hasattr(kwargs["samples"], "__iter__"):
        values = list(kwargs["samples"])
    want_date = question.kind == "date"
    for v in values:
        if isinstance(v, dt.date) != want_date:
            raise InvalidForecastError(
                f"question {question.id!r} is {question.kind!r}: its {quantity[0]} must be "
                f"{'dates' if want_date else 'numbers'} (got {v!r})"
            )


def _check_options(question: Question, probability: Any) -> None:
    """A probability fits a question: a mapping names only its options, and a single number
    (or range) needs a two-option question."""
    if isinstance(probability, Mapping):
        unknown = [o for o in probability if o not in question.options]
        if unknown:
            raise InvalidForecastError(
                f"'probability' names options {unknown!r} that question {question.id!r} does "
                f"not have (options: {', '.join(question.options)})"
            )
    elif not question.is_binary:
        raise InvalidForecastError(
            f"a single probability ({probability!r}) needs a two-option question, but "
            f"question {question.id!r} has {len(question.options)} options; give a mapping "
            "over them"
        )


def _convert_options(value: Any) -> tuple[str, ...]:
    if isinstance(value, (str, bytes, set, frozenset)) or not hasattr(value, "__iter__"):
        # A set has no order, and the order says which option a plain probability is about.
        raise ForecastTypeError(f"'options' must be a sequence of option names (got {value!r})")
    opts = tuple(value)
    for o in opts:
        _check_id("options", o)
    if len(opts) < 2:
        raise InvalidOutcomeError(f"'options' must have at least 2 options (got {opts!r})")
    if len(set(opts)) != len(opts):
        raise InvalidOutcomeError(f"'options' must be unique (got {opts!r})")
    return opts


def _check_flag(field: str, value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ForecastTypeError(f"{field!r} must be True or False (got {value!r})")


def _open_lower(value: Any) -> bool:
    return _check_flag("open_lower", value)


def _open_upper(value: Any) -> bool:
    return _check_flag("open_upper", value)


def _convert_bounds(value: Any) -> tuple[QuantityValue | None, QuantityValue | None] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ForecastTypeError(f"'bounds' must be a pair (low, high) (got {value!r})")
    pair = tuple(value)
    if len(pair) != 2:
        raise InvalidOutcomeError(f"'bounds' must be a pair (low, high) (got {value!r})")
    low, high = (None if v is None else _quantity(f"'bounds'[{i}]", v) for i, v in enumerate(pair))
    if low is not None and high is not None:
        if isinstance(low, dt.date) != isinstance(high, dt.date):
            raise InvalidOutcomeError(f"'bounds' mixes a number and a date (got {value!r})")
        if not as_days(low) < as_days(high):
            raise InvalidOutcomeError(f"'bounds' low must be below high (got {value!r})")
    return (low, high)


def _check_kind(question: Question) -> None:
    kind = question.kind
    if kind not in KINDS:
        raise InvalidOutcomeError(
            f"'kind' must be one of {', '.join(repr(k) for k in KINDS)} (got {kind!r}; "
            f"question {question.id!r})"
        )
    if kind == "binary" and len(question.options) != 2:
        raise InvalidOutcomeError(
            f"'kind' 'binary' needs exactly two options (question {question.id!r} has "
            f"{question.options!r})"
        )
    if question.bounds is None:
        return
    if kind not in ("numeric", "date"):
        raise InvalidOutcomeError(
            f"'bounds' are for numeric and date questions (question {question.id!r} is "
            f"{kind!r}; give kind='numeric' or kind='date')"
        )
    for i, end in enumerate(question.bounds):
        if end is not None and isinstance(end, dt.date) != (kind == "date"):
            raise InvalidOutcomeError(
                f"'bounds'[{i}] ({end!r}) must be a "
                f"{'date' if kind == 'date' else 'number'} on a {kind} question "
                f"(question {question.id!r})"
            )


@attrs.frozen(slots=True)
class Question:
    """A question that resolves later to one of its options.

    Parameters
    ----------
    id : str
        A non-empty identifier, unique within a data set.
    text : str, default ""
        The question as worded.
    options : sequence of str, default ("no", "yes")
        The possible answers. On a two-option question a plain probability means the
        probability of the positive option: the one named "yes" (or "true") in any case, or
        else ``options[1]``.
    ordered : bool, default False
        Whether the options are ordered (for the ranked probability score).
    opens, closes : datetime.date or aware datetime.datetime, optional
        When the question opened for forecasts and when it closes.
    kind : {'binary', 'categorical', 'numeric', 'date'}, optional, keyword-only
        What a forecast on the question is: a probability of one of two options, a mapping
        over the options, or a forecast of a number or of a date (quantiles, a distribution
        or samples; see :class:`Prediction`). By default ``'binary'`` for two options and
        ``'categorical'`` for more.
    bounds : (low, high), optional, keyword-only
        The range of a numeric question (numbers) or of a date question (dates), low below
        high; either end may be ``None`` (no bound).
    open_lower, open_upper : bool, default False, keyword-only
        Whether the outcome may fall below the lower bound (above the upper bound). A closed
        bound is where a value is censored: an outcome past it is known only as "at or past
        the bound" (``Outcome(..., censored="above")``).

    Raises
    ------
    InvalidOutcomeError
        An unknown kind, ``'binary'`` with other than two options, bounds on a binary or
        categorical question, bounds of the wrong type for the kind, or low not below high.

    Examples
    --------
    >>> Question("russia-ukraine-campaign-2022q1").options
    ('no', 'yes')
    >>> import datetime as dt
    >>> q = Question("campaign-start", kind="date",
    ...              bounds=(dt.date(2022, 1, 1), dt.date(2022, 3, 31)))
    >>> q.kind, q.is_binary
    ('date', False)
    """

    id: str = attrs.field(converter=_qid)
    text: str = attrs.field(default="", converter=_text)
    options: tuple[str, ...] = attrs.field(default=("no", "yes"), converter=_convert_options)
    ordered: bool = attrs.field(default=False, converter=_ordered)
    opens: Time | None = attrs.field(default=None, converter=_opens)
    closes: Time | None = attrs.field(default=None, converter=_closes)
    kind: str = attrs.field(
        default=attrs.Factory(
            lambda self: "binary" if len(self.options) == 2 else "categorical", takes_self=True
        ),
        kw_only=True,
    )
    bounds: tuple[QuantityValue | None, QuantityValue | None] | None = attrs.field(
        default=None, kw_only=True, converter=_convert_bounds
    )
    open_lower: bool = attrs.field(default=False, kw_only=True, converter=_open_lower)
    open_upper: bool = attrs.field(default=False, kw_only=True, converter=_open_upper)

    def __attrs_post_init__(self) -> None:
        _check_kind(self)
        # A date stands for its whole UTC day: a question may close on the day it opens.
        if (
            self.opens is not None
            and self.closes is not None
            and not _closes_after(self.opens, self.closes)
        ):
            raise InvalidTimeError(
                f"'closes' ({self.closes.isoformat()}) is before 'opens' ({self.opens.isoformat()})"
            )

    @property
    def is_binary(self) -> bool:
        """Whether the question is about options and has exactly two of them."""
        return self.kind in ("binary", "categorical") and len(self.options) == 2

    @property
    def is_quantity(self) -> bool:
        """Whether the question asks for a number or a date (kind ``'numeric'`` or
        ``'date'``)."""
        return self.kind in ("numeric", "date")


def _closes_after(opens: Time, closes: Time) -> bool:
    """Whether the latest instant ``closes`` can mean is not before ``opens`` begins."""
    gap = _gap(opens, closes)
    return gap > -_ONE_DAY if is_date(closes) else gap >= dt.timedelta(0)


def _question_id(value: Any) -> str:
    if isinstance(value, Question):
        return value.id
    return _check_id("question", value)


@attrs.frozen(slots=True, repr=False)
class Prediction:
    """A probability that someone stated on a date about a question.

    Parameters
    ----------
    question : str or Question
        The question's id (a :class:`Question` is reduced to its id).
    forecaster : str
        Who made the claim.
    made_at : datetime.date or aware datetime.datetime
        When the claim was made. A date means the whole UTC day.
    probability : float, mapping of str to float, or ProbabilityRange, optional
        A float is the probability of "yes" (of ``options[1]`` on a two-option question); a
        mapping gives a probability to each option and must sum to 1; a
        :class:`ProbabilityRange` is a verbal claim's interval.
    source : str, optional
        Where the claim was made: a URL or a citation.
    quote : str, optional
        The claim in the forecaster's own words.
    quantiles : mapping of float to number or date, optional, keyword-only
        A forecast of a quantity by its quantiles: levels in (0, 1) to values, which must not
        decrease with the level (``{0.05: 12.0, 0.5: 30.0, 0.95: 80.0}``). Held as
        ``(level, value)`` pairs in increasing level. Dates on a date question.
    distribution : frozen scipy.stats distribution or str, optional, keyword-only
        A forecast of a quantity as a distribution: a frozen ``scipy.stats`` distribution
        with scalar parameters, or its text in the grammar ``name(key=value, ...)`` (see
        :func:`forecastscore.model.parse_distribution`; families norm, lognorm, gamma, beta,
        t, logistic, laplace, expon, uniform). On a date question it is a distribution over
        days since 1970-01-01. Two predictions compare equal when their distributions have
        the same text (or, for other families, are the same object).
    samples : sequence of numbers or dates, optional, keyword-only
        A forecast of a quantity as an ensemble (samples, members); held as a tuple.
        Exactly one of ``probability``, ``quantiles``, ``distribution`` and ``samples`` is
        given.

    Raises
    ------
    InvalidForecastError
        Not exactly one forecast field; a probability outside [0, 1]; quantile levels
        outside (0, 1) or values that decrease; a forecast that does not fit the question's
        kind (when a :class:`Question` is passed).
    ForecastTypeError
        A field of the wrong type.

    Examples
    --------
    >>> import datetime as dt
    >>> p = Prediction("q1", "alice", dt.date(2022, 1, 8), 0.3)
    >>> p.probability
    0.3
    >>> Prediction("q1", "alice", dt.date(2022, 1, 8), 1.3)
    Traceback (most recent call last):
    ...
    forecastscore.errors.InvalidForecastError: 'probability' must be in [0, 1] (got 1.3)

    A forecast of a quantity, by quantiles or as a distribution:

    >>> p = Prediction("deaths", "hub", dt.date(2022, 1, 8),
    ...                quantiles={0.05: 12.0, 0.5: 30.0, 0.95: 80.0})
    >>> p.quantiles
    ((0.05, 12.0), (0.5, 30.0), (0.95, 80.0))
    >>> Prediction("deaths", "hub", dt.date(2022, 1, 8),
    ...            distribution="norm(loc=30, scale=10)").distribution_text
    'norm(loc=30.0, scale=10.0)'
    """

    question: str = attrs.field(converter=_question_id)
    forecaster: str = attrs.field(converter=_forecaster)
    made_at: Time = attrs.field(converter=_made_at)
    probability: float | Probabilities | ProbabilityRange | None = attrs.field(
        default=None, converter=_convert_optional_probability
    )
    source: str | None = attrs.field(default=None, converter=_source)
    quote: str | None = attrs.field(default=None, converter=_quote)
    quantiles: tuple[tuple[float, QuantityValue], ...] | None = attrs.field(
        default=None, kw_only=True, converter=convert_quantiles
    )
    distribution: Any = attrs.field(
        default=None, kw_only=True, converter=convert_distribution, eq=distribution_key
    )
    samples: tuple[QuantityValue, ...] | None = attrs.field(
        default=None, kw_only=True, converter=convert_samples
    )

    def __attrs_pre_init__(
        self,
        question: Any,
        forecaster: Any,
        made_at: Any,
        probability: Any = None,
        *_: Any,
        **kwargs: Any,
    ) -> None:
        # A Question is reduced to its id, so its kind and options are checked here.
        if isinstance(question, Question):
            _check_fits(question, probability, kwargs)

    def __attrs_post_init__(self) -> None:
        given = [name for name in _FORECAST_FIELDS if getattr(self, name) is not None]
        if len(given) != 1:
            what = " and ".join(given) if given else "none"
            raise InvalidForecastError(
                "a prediction holds exactly one of 'probability', 'quantiles', "
                f"'distribution' and 'samples' (got {what}; question {self.question!r}, "
                f"forecaster {self.forecaster!r})"
            )

    def __repr__(self) -> str:
        kind = self.forecast_kind
        value = getattr(self, kind)
        if kind == "distribution":
            text = describe_distribution(value)
            shown = repr(text) if text is not None else repr(value)
        else:
            shown = repr(value)
        return (
            f"Prediction(question={self.question!r}, forecaster={self.forecaster!r}, "
            f"made_at={self.made_at!r}, {kind}={shown}, source={self.source!r}, "
            f"quote={self.quote!r})"
        )

    @property
    def forecast_kind(self) -> str:
        """Which forecast field is given: ``'probability'``, ``'quantiles'``,
        ``'distribution'`` or ``'samples'``."""
        return next(name for name in _FORECAST_FIELDS if getattr(self, name) is not None)

    @property
    def is_quantity(self) -> bool:
        """Whether the forecast is of a quantity (quantiles, a distribution or samples)."""
        return self.probability is None

    @property
    def distribution_text(self) -> str | None:
        """The distribution in the grammar ``name(key=value, ...)``, or ``None`` (no
        distribution, or one of a family the grammar does not write)."""
        if self.distribution is None:
            return None
        return describe_distribution(self.distribution)

    @property
    def is_categorical(self) -> bool:
        """Whether the probability is a mapping over options."""
        return isinstance(self.probability, Probabilities)

    @property
    def is_range(self) -> bool:
        """Whether the probability is a :class:`ProbabilityRange`."""
        return isinstance(self.probability, ProbabilityRange)


_YES = frozenset({"yes", "true", "1"})


_NO = frozenset({"no", "false", "0"})


def _outcome_probability(value: Any) -> float | None:
    """An outcome's probability: a real number in [0, 1] (not a bool), or ``None``."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ForecastTypeError(
            f"'probability' must be a real number in [0, 1] (got {value!r})"
            + (
                "; True/False are hard outcomes: pass them as value="
                if isinstance(value, (bool, np.bool_))
                else ""
            )
        )
    try:
        v = float(value)
    except OverflowError:
        v = math.nan
    if math.isnan(v) or not 0.0 <= v <= 1.0:
        raise InvalidOutcomeError(f"'probability' must be in [0, 1] (got {value!r})")
    return v


@attrs.frozen(slots=True, repr=False)
class Outcome:
    r"""What happened on a question, and when it became known.

    An outcome is exactly one of: a ``value`` (what happened), a ``probability`` (a
    probability outcome, also called a soft label: a market's price on a date for a question
    not yet resolved, as ForecastBench scores its unresolved market questions, or a
    probabilistic resolution such as Manifold's PROB), or ``annulled=True``.

    Parameters
    ----------
    question : str or Question
        The question's id.
    resolved_at : datetime.date or aware datetime.datetime
        When the outcome became known. Only predictions made strictly before count.
    value : bool, int, str, float or date, optional
        What happened: ``True``/``False`` or ``1``/``0`` for a yes/no question, or an option
        name (``"yes"``, ``"no"`` or any of the question's options), or an option's index;
        on a numeric question a number (``3.4``), on a date question a ``datetime.date`` or
        an aware ``datetime.datetime``. A whole float is held as an int (``3.0`` as ``3``).
    annulled : bool, default False
        The question was annulled (voided): it is not scored.
    probability : float, optional, keyword-only
        A probability outcome :math:`q \in [0, 1]`: the probability of the positive option of
        a two-option question (``"yes"``; see :func:`positive_index`). Scored by the binary
        rules against :math:`q` (the Brier score is :math:`(p - q)^2`; see the docs' "Scores
        against probability outcomes"); refused on a question with more than two options
        and against a mapping over options, when scored.
    censored : {'above', 'below'}, optional, keyword-only
        The quantity is known only to be at or past ``value``: ``'above'`` means "``value``
        or later/more" (the event had not happened when the question closed on ``value``;
        the count exceeded the range's upper bound ``value``), ``'below'`` means "``value``
        or less". Needs a number or a date as ``value``. Scored with the censored CRPS (see
        :func:`forecastscore.score`).

    Raises
    ------
    InvalidOutcomeError
        Not exactly one of ``value``, ``probability`` and ``annulled=True``; a probability
        outside [0, 1] or NaN; an empty value or a negative index.
    ForecastTypeError
        A probability that is a bool or not a real number; a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt
    >>> o = Outcome("q1", dt.date(2022, 2, 24), "yes")
    >>> o.option_index(("no", "yes"))
    1
    >>> Outcome("q2", dt.date(2024, 7, 28), probability=0.73)
    Outcome(question='q2', resolved_at=datetime.date(2024, 7, 28), probability=0.73, annulled=False)
    >>> Outcome("q2", dt.date(2024, 7, 28), "yes", probability=0.73)
    Traceback (most recent call last):
    ...
    forecastscore.errors.InvalidOutcomeError: an outcome is exactly one of 'value', ...

    A number, and a date not reached by the question's close:

    >>> Outcome("deaths", dt.date(2022, 2, 14), 35.5).is_quantity
    True
    >>> late = Outcome("start", dt.date(2022, 4, 1), dt.date(2022, 3, 31), censored="above")
    >>> late.value, late.censored
    (datetime.date(2022, 3, 31), 'above')
    """

    question: str = attrs.field(converter=_question_id)
    resolved_at: Time = attrs.field(converter=_resolved_at)
    value: bool | int | float | str | dt.date | None = attrs.field(
        default=None, converter=convert_outcome_value
    )
    annulled: bool = attrs.field(default=False, converter=_annulled)
    probability: float | None = attrs.field(
        default=None, kw_only=True, converter=_outcome_probability
    )
    censored: str | None = attrs.field(default=None, kw_only=True, converter=convert_censored)

    def __attrs_post_init__(self) -> None:
        given = [
            name
            for name, here in (
                ("value", self.value is not None),
                ("probability", self.probability is not None),
                ("annulled=True", self.annulled),
            )
            if here
        ]
        if not given:
            raise InvalidOutcomeError(
                "'value' is required unless the outcome is a probability (probability=) or "
                f"annulled (annulled=True; question {self.question!r})"
            )
        if len(given) != 1:
            what = " and ".join(given)
            raise InvalidOutcomeError(
                "an outcome is exactly one of 'value', 'probability' or annulled=True (got "
                f"{what}; question {self.question!r})"
            )
        if self.censored is not None and (
            isinstance(self.value, (bool, str)) or self.value is None
        ):
            raise InvalidOutcomeError(
                f"'censored' ({self.censored!r}) needs a number or a date as 'value' (got "
                f"{self.value!r}; question {self.question!r})"
            )
        if isinstance(self.value, str) and not self.value.strip():
            raise InvalidOutcomeError(f"'value' must not be an empty string (got {self.value!r})")
        if (
            self.censored is None
            and isinstance(self.value, int)
            and not isinstance(self.value, bool)
            and self.value < 0
        ):
            raise InvalidOutcomeError(
                f"'value' must not be a negative index (got {self.value!r}; a negative "
                f"quantity is given as a float, {float(self.value)!r})"
            )

    def __repr__(self) -> str:
        what = (
            f"probability={self.probability!r}"
            if self.probability is not None
            else f"value={self.value!r}"
        )
        censored = f", censored={self.censored!r}" if self.censored is not None else ""
        return (
            f"Outcome(question={self.question!r}, resolved_at={self.resolved_at!r}, {what}, "
            f"annulled={self.annulled!r}{censored})"
        )

    @property
    def is_quantity(self) -> bool:
        """Whether the value is a quantity: a non-integer number, a date, or censored.

        An integer value is ambiguous (an option index or a count); it is read as a
        quantity when scored against a quantity forecast."""
        return self.censored is not None or isinstance(self.value, (float, dt.date))

    @property
    def is_probability(self) -> bool:
        """Whether the outcome is a probability (``probability=`` given), not a value."""
        return self.probability is not None

    def option_index(self, options: tuple[str, ...], *, field: str | None = "value") -> int:
        """The index in ``options`` of what happened.

        A value is matched by its text form (``"true"``/``"false"`` for a boolean, the digits
        of an integer, a string as it is), so that ``1`` and ``"1"``, or ``True`` and
        ``"true"``, always mean the same option; a CSV file, which holds text, and a JSON
        Lines file, which holds numbers and booleans, then score the same. In this order:

        1. an option with exactly that name;
        2. else the one option whose name matches ignoring case and surrounding spaces;
        3. else, on a two-option question, ``yes``/``true``/``1`` mean the positive option
           (see :func:`positive_index`) and ``no``/``false``/``0`` the other one; on a
           question with more options, digits are an option's (0-based) index.

        So on a question with options ``("1", "0")``, ``1``, ``"1"``, ``True`` and ``"yes"``
        all mean option ``"1"``.

        Parameters
        ----------
        options : tuple of str
            The question's options.
        field : str or None, default "value"
            The name the error messages give the value (``None``: no name, for a caller
            that names it itself, such as ``outcomes.csv:3: column 'outcome': ...``).

        Raises
        ------
        AnnulledOutcomeError
            If the outcome is annulled.
        InvalidOutcomeError
            If the value is not one of the options, or the outcome is a probability.

        Examples
        --------
        >>> import datetime as dt
        >>> Outcome("q", dt.date(2024, 11, 6), True).option_index(("yes", "no"))
        0
        >>> Outcome("q", dt.date(2024, 11, 6), "Blue").option_index(("red", "blue", "green"))
        1
        >>> Outcome("q", dt.date(2024, 11, 6), 1).option_index(("1", "0"))
        0
        >>> Outcome("q", dt.date(2024, 11, 6), "maybe").option_index(("no", "yes"))
        Traceback (most recent call last):
        ...
        forecastscore.errors.InvalidOutcomeError: 'value' 'maybe' is not an option of question ...
        """
        from ..errors import AnnulledOutcomeError

        if self.annulled:
            raise AnnulledOutcomeError(
                f"the outcome of question {self.question!r} is annulled and cannot be scored"
            )
        if self.probability is not None:
            raise InvalidOutcomeError(
                f"the outcome of question {self.question!r} is a probability "
                f"({self.probability!r}), not one of its options (options: "
                f"{', '.join(options)}); only the binary rules score it"
            )
        v = self.value
        name = f"{field!r} " if field is not None else ""
        text = _value_text(v)
        if text in options:
            return options.index(text)
        folded = [o.strip().casefold() for o in options]
        key = text.strip().casefold()
        if folded.count(key) == 1:
            return folded.index(key)
        if len(options) == 2:
            if key in _YES or key in _NO:
                pos = positive_index(options)
                return pos if key in _YES else 1 - pos
            if _DIGITS.fullmatch(key):
                raise InvalidOutcomeError(
                    f"{name}{v!r} is not an option of question {self.question!r} nor a yes/no "
                    f"answer (1/0; options: {', '.join(options)})"
                )
        elif _DIGITS.fullmatch(key):
            # At most 18 digits: int() of a longer text may exceed Python's digit limit.
            if len(key) <= 18 and int(key) < len(options):
                return int(key)
            raise InvalidOutcomeError(
                f"{name}{v!r} is not an option of question {self.question!r} nor an option "
                f"index (0..{len(options) - 1}; options: {', '.join(options)})"
            )
        elif isinstance(v, bool):
            raise InvalidOutcomeError(
                f"{name}{v!r} is a yes/no answer but question {self.question!r} has options "
                f"{options!r}"
            )
        raise InvalidOutcomeError(
            f"{name}{v!r} is not an option of question {self.question!r} "
            f"(options: {', '.join(options)})"
        )


_DIGITS = re.compile(r"[0-9]+")


def _value_text(value: bool | int | float | str | dt.date | None) -> str:
    """The text form of an outcome value: how a CSV file holds it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def positive_index(options: tuple[str, ...]) -> int:
    """Which of two options a plain probability, ``True`` or ``1`` refers to.

    The option named "yes", else the one named "true", else the one named "1" (ignoring case
    and surrounding spaces), wherever it stands; otherwise the second option.

    Examples
    --------
    >>> positive_index(("no", "yes")), positive_index(("Yes", "No")), positive_index(("A", "B"))
    (1, 0, 1)
    >>> positive_index(("1", "0"))
    0

    Raises
    ------
    ForecastTypeError
        ``options`` is not a sequence of option names (a string, ``None``, a number), or an
        option is not a non-empty string.
    InvalidOutcomeError
        Not exactly two options, or the same option twice.
    """
    options = _convert_options(options)
    if len(options) != 2:
        raise InvalidOutcomeError(
            f"'options' must be exactly two options for a plain probability (got {options!r})"
        )
    folded = [o.strip().casefold() for o in options]
    for word in ("yes", "true", "1"):
        if folded.count(word) == 1:
            return folded.index(word)
    return 1
