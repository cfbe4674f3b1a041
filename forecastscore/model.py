"""The claim model: questions, predictions, outcomes and probability ranges.

What lives here: small frozen, slotted ``attrs`` classes that validate themselves when they
are made, and the rules of time that every other room relies on (what "made before the outcome
was known" means for dates and datetimes). What does not: scoring (``forecastscore.scoring``),
many claims at once (``forecastscore.ledger``), files (``forecastscore.io``).

Times are ``datetime.date`` (a whole UTC day) or timezone-aware ``datetime.datetime``; a
naive datetime is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import numpy as np

from ._checks import SUM_ATOL
from .errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOutcomeError,
    InvalidTimeError,
)

__all__ = [
    "Outcome",
    "Prediction",
    "Probabilities",
    "ProbabilityRange",
    "Question",
    "ScoreRange",
    "Time",
    "lead_time_days",
    "made_before",
    "positive_index",
]

#: A point in time as the library understands it: a whole UTC day or an aware datetime.
Time = dt.date | dt.datetime

_UTC = dt.timezone.utc
_ONE_DAY = dt.timedelta(days=1)


# --- field checks -------------------------------------------------------------------------


def _check_id(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ForecastTypeError(f"{field!r} must be a non-empty string (got {value!r})")
    return _utf8(field, str(value))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(field: str, value: str) -> str:
    """Refuse a string holding a lone surrogate: it is no Unicode text, and no file (UTF-8)
    can hold it, so the claim could never be written."""
    if not value.isascii():
        lone = _LONE_SURROGATE.search(value)
        if lone is not None:
            raise ForecastTypeError(
                f"{_name(field)} holds a lone surrogate ({lone.group(0)!r}), which is not text "
                f"and cannot be written as UTF-8 (got {value!r}; decoded with "
                "errors='surrogateescape'?)"
            )
    return value


def _check_bool(field: str, value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ForecastTypeError(f"{field!r} must be True or False (got {value!r})")


def _ordered(value: Any) -> bool:
    return _check_bool("ordered", value)


def _annulled(value: Any) -> bool:
    return _check_bool("annulled", value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ForecastTypeError(f"'text' must be a string (got {value!r})")
    return _utf8("text", str(value))


def _check_time(field: str, value: Any, *, optional: bool = False) -> Time | None:
    if value is None and optional:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidTimeError(
                f"{field!r} is a naive datetime ({value.isoformat()}); give it a timezone, "
                "e.g. datetime(..., tzinfo=datetime.timezone.utc), or pass a datetime.date "
                "for a whole day"
            )
        return value
    if isinstance(value, dt.date):
        return value
    raise ForecastTypeError(
        f"{field!r} must be a datetime.date or a timezone-aware datetime.datetime (got {value!r})"
    )


def _name(field: str) -> str:
    return field if "[" in field else repr(field)


def _probability(field: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ForecastTypeError(
            f"{_name(field)} must be a real number in [0, 1] (got {value!r})"
            + (
                "; True/False are outcomes, not probabilities"
                if isinstance(value, (bool, np.bool_))
                else ""
            )
        )
    try:
        v = float(value)
    except OverflowError:
        raise InvalidForecastError(f"{_name(field)} must be in [0, 1] (got {value!r})") from None
    if math.isnan(v) or not 0.0 <= v <= 1.0:
        raise InvalidForecastError(f"{_name(field)} must be in [0, 1] (got {value!r})")
    return v


def _low(value: Any) -> float:
    return _probability("low", value)


def _high(value: Any) -> float:
    return _probability("high", value)


def _qid(value: Any) -> str:
    return _check_id("id", value)


def _forecaster(value: Any) -> str:
    return _check_id("forecaster", value)


def _made_at(value: Any) -> Time:
    return _required_time("made_at", value)


def _resolved_at(value: Any) -> Time:
    return _required_time("resolved_at", value)


def _required_time(field: str, value: Any) -> Time:
    t = _check_time(field, value)
    if t is None:  # pragma: no cover - _check_time returns None only when optional
        raise ForecastTypeError(f"{field!r} must be a time (got None)")
    return t


def _opens(value: Any) -> Time | None:
    return _check_time("opens", value, optional=True)


def _closes(value: Any) -> Time | None:
    return _check_time("closes", value, optional=True)


def _source(value: Any) -> str | None:
    return _optional_str("source", value)


def _quote(value: Any) -> str | None:
    return _optional_str("quote", value)


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


def _optional_str(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ForecastTypeError(f"{field!r} must be a string or None (got {value!r})")
    return _utf8(field, value)


# --- times --------------------------------------------------------------------------------


def is_date(t: Time) -> bool:
    """True for a ``datetime.date`` that is not a ``datetime.datetime``."""
    return not isinstance(t, dt.datetime)


def start_instant(t: Time) -> dt.datetime:
    """The earliest instant a time can mean: 00:00 UTC for a date, the datetime itself."""
    if is_date(t):
        return dt.datetime(t.year, t.month, t.day, tzinfo=_UTC)
    assert isinstance(t, dt.datetime)
    # In UTC: two datetimes that share a tzinfo are otherwise compared by wall time, which
    # is wrong across a daylight-saving change.
    return t.astimezone(_UTC)


def end_instant(t: Time) -> dt.datetime:
    """The first instant after what a time can mean: the next 00:00 UTC for a date, the
    datetime itself for a datetime (an instant has no length)."""
    return start_instant(t) + _ONE_DAY if is_date(t) else start_instant(t)


def made_before(made_at: Time, resolved_at: Time) -> bool:
    """Whether a prediction made at ``made_at`` counts against an outcome known at ``resolved_at``.

    The latest instant ``made_at`` can mean must be before the earliest instant
    ``resolved_at`` can mean. A date stands for its whole UTC day, so a prediction dated D
    counts against a resolution on D + 1 (or at D + 1, 00:00 UTC, or later) but not against
    one on D itself.

    Examples
    --------
    >>> import datetime as dt
    >>> made_before(dt.date(2022, 1, 8), dt.date(2022, 2, 24))
    True
    >>> made_before(dt.date(2022, 2, 24), dt.date(2022, 2, 24))
    False
    >>> utc = dt.timezone.utc
    >>> made_before(dt.datetime(2022, 2, 23, 23, 59, tzinfo=utc), dt.date(2022, 2, 24))
    True
    >>> made_before(dt.date(2022, 2, 23), dt.datetime(2022, 2, 24, 0, 0, tzinfo=utc))
    True

    Raises
    ------
    ForecastTypeError
        A time that is neither a ``datetime.date`` nor a ``datetime.datetime`` (a string,
        ``None``, a number, a ``numpy.datetime64``).
    InvalidTimeError
        A naive datetime (no timezone).
    """
    made_at = _made_at(made_at)
    resolved_at = _resolved_at(resolved_at)
    gap = _gap(made_at, resolved_at)
    return gap >= _ONE_DAY if is_date(made_at) else gap > dt.timedelta(0)


def lead_time_days(made_at: Time, resolved_at: Time) -> float:
    """Days from ``made_at`` to ``resolved_at``, measured between their earliest instants.

    For two dates this is the whole number of days between them.

    Examples
    --------
    >>> import datetime as dt
    >>> lead_time_days(dt.date(2022, 1, 8), dt.date(2022, 2, 24))
    47.0
    >>> lead_time_days("2022-01-08", dt.date(2022, 2, 24))
    Traceback (most recent call last):
    ...
    forecastscore.errors.ForecastTypeError: 'made_at' must be a datetime.date or a ...

    Raises
    ------
    ForecastTypeError
        A time that is neither a ``datetime.date`` nor a ``datetime.datetime``.
    InvalidTimeError
        A naive datetime (no timezone).
    """
    delta = _gap(_made_at(made_at), _resolved_at(resolved_at))
    return delta.total_seconds() / 86400.0


def _gap(earlier: Time, later: Time) -> dt.timedelta:
    """The earliest instant ``later`` can mean minus that of ``earlier``, exactly.

    Computed as wall-clock difference minus offset difference: it cannot overflow (unlike
    adding a day to 9999-12-31 or converting 9999-12-31T23:00-05:00 to UTC), and it respects
    the offsets even when both datetimes share one tzinfo object (where Python's own aware
    subtraction ignores a daylight-saving fold).
    """

    def wall_and_offset(t: Time) -> tuple[dt.datetime, dt.timedelta]:
        if is_date(t):
            return dt.datetime(t.year, t.month, t.day), dt.timedelta(0)
        assert isinstance(t, dt.datetime)
        offset = t.utcoffset()
        assert offset is not None
        return t.replace(tzinfo=None), offset

    (w0, o0), (w1, o1) = wall_and_offset(earlier), wall_and_offset(later)
    return (w1 - w0) - (o1 - o0)


# --- probabilities ------------------------------------------------------------------------


@attrs.frozen(slots=True)
class ProbabilityRange:
    """A probability known only to lie in a closed interval ``[low, high]``.

    Verbal claims ("unlikely") map to ranges, not to single numbers. A range is not a
    probability, and its midpoint is not a proper forecast: scoring a range gives the best
    and the worst score over it (:class:`ScoreRange`).

    Parameters
    ----------
    low, high : float
        The bounds, with ``0 <= low <= high <= 1``.

    Examples
    --------
    >>> ProbabilityRange(0.20, 0.45)
    ProbabilityRange(low=0.2, high=0.45)
    >>> ProbabilityRange(0.20, 0.45).contains(0.3)
    True
    """

    low: float = attrs.field(converter=_low)
    high: float = attrs.field(converter=_high)

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise InvalidForecastError(
                f"'low' must not exceed 'high' (got low={self.low!r}, high={self.high!r})"
            )

    @property
    def width(self) -> float:
        """``high - low``."""
        return self.high - self.low

    def contains(self, p: float) -> bool:
        """Whether ``low <= p <= high``."""
        return self.low <= p <= self.high


class Probabilities(Mapping[str, float]):
    """An immutable, hashable mapping from option name to probability.

    Made by :class:`Prediction` from any mapping; values are validated probabilities that
    sum to 1 within ``forecastscore.rules.SUM_ATOL``.

    Raises
    ------
    InvalidForecastError
        An empty mapping, a value outside [0, 1], or values that do not sum to 1.
    ForecastTypeError
        Not a mapping (a list of pairs, ``None``), a key that is not a non-empty string, or
        a value that is not a number.

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.model import Probabilities
    >>> claim = fs.Prediction("q", "alice", dt.date(2022, 1, 8),
    ...                       {"red": 0.2, "green": 0.5, "blue": 0.3})
    >>> claim.probability
    Probabilities({'red': 0.2, 'green': 0.5, 'blue': 0.3})
    >>> claim.probability["green"]
    0.5
    >>> claim.probability == Probabilities({"blue": 0.3, "green": 0.5, "red": 0.2})
    True
    >>> Probabilities({"yes": 0.5, "no": 0.6})      # 0.5 + 0.6 = 1.1
    Traceback (most recent call last):
    ...
    forecastscore.errors.InvalidForecastError: 'probability' must sum to 1 ... (got 1.1 ...)
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[Any, Any], *, field: str = "probability") -> None:
        if not isinstance(data, Mapping):
            raise ForecastTypeError(
                f"{field!r} must be a mapping of option names to probabilities, such as "
                f"{{'no': 0.3, 'yes': 0.7}} (got {data!r})"
            )
        if not data:
            raise InvalidForecastError(f"{field!r} must not be an empty mapping")
        clean: dict[str, float] = {}
        for key, value in data.items():
            if not isinstance(key, str) or not key.strip():
                raise ForecastTypeError(
                    f"{field!r} keys must be option names (non-empty strings), got {key!r}"
                )
            _utf8(f"{field} key", key)
            clean[key] = _probability(f"{field}[{key!r}]", value)
        total = math.fsum(clean.values())
        # Stricter than the array check by the rounding of a floating sum, so that whatever
        # a Prediction accepts, the array functions (which sum with np.sum) accept too.
        if abs(total - 1.0) > SUM_ATOL - 4 * len(clean) * 2.0**-52:
            raise InvalidForecastError(
                f"{field!r} must sum to 1 over the options (got {total!r} for {clean!r})"
            )
        self._data = clean

    def __getitem__(self, key: str) -> float:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Probabilities({self._data!r})"


def _convert_probability(value: Any) -> float | Probabilities | ProbabilityRange:
    if isinstance(value, (ProbabilityRange, Probabilities)):
        return value
    if isinstance(value, Mapping):
        return Probabilities(value)
    return _probability("probability", value)


# --- the claim model ----------------------------------------------------------------------


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

    Examples
    --------
    >>> Question("russia-ukraine-campaign-2022q1").options
    ('no', 'yes')
    """

    id: str = attrs.field(converter=_qid)
    text: str = attrs.field(default="", converter=_text)
    options: tuple[str, ...] = attrs.field(default=("no", "yes"), converter=_convert_options)
    ordered: bool = attrs.field(default=False, converter=_ordered)
    opens: Time | None = attrs.field(default=None, converter=_opens)
    closes: Time | None = attrs.field(default=None, converter=_closes)

    def __attrs_post_init__(self) -> None:
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
        """Whether the question has exactly two options."""
        return len(self.options) == 2


def _closes_after(opens: Time, closes: Time) -> bool:
    """Whether the latest instant ``closes`` can mean is not before ``opens`` begins."""
    gap = _gap(opens, closes)
    return gap > -_ONE_DAY if is_date(closes) else gap >= dt.timedelta(0)


def _question_id(value: Any) -> str:
    if isinstance(value, Question):
        return value.id
    return _check_id("question", value)


@attrs.frozen(slots=True)
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
    probability : float, mapping of str to float, or ProbabilityRange
        A float is the probability of "yes" (of ``options[1]`` on a two-option question); a
        mapping gives a probability to each option and must sum to 1; a
        :class:`ProbabilityRange` is a verbal claim's interval.
    source : str, optional
        Where the claim was made: a URL or a citation.
    quote : str, optional
        The claim in the forecaster's own words.

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
    """

    question: str = attrs.field(converter=_question_id)
    forecaster: str = attrs.field(converter=_forecaster)
    made_at: Time = attrs.field(converter=_made_at)
    probability: float | Probabilities | ProbabilityRange = attrs.field(
        converter=_convert_probability
    )
    source: str | None = attrs.field(default=None, converter=_source)
    quote: str | None = attrs.field(default=None, converter=_quote)

    def __attrs_pre_init__(
        self, question: Any, forecaster: Any, made_at: Any, probability: Any, *_: Any
    ) -> None:
        # A Question is reduced to its id, so its options are checked here, while known.
        if isinstance(question, Question):
            _check_options(question, probability)

    @property
    def is_categorical(self) -> bool:
        """Whether the probability is a mapping over options."""
        return isinstance(self.probability, Probabilities)

    @property
    def is_range(self) -> bool:
        """Whether the probability is a :class:`ProbabilityRange`."""
        return isinstance(self.probability, ProbabilityRange)


def _convert_value(value: Any) -> bool | int | str | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _utf8("value", str(value))
    if hasattr(value, "dtype") and value.dtype.kind == "b":  # numpy bool
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(float(value))
    raise ForecastTypeError(
        f"'value' must be a bool, an option index or an option name (got {value!r})"
    )


_YES = frozenset({"yes", "true", "1"})
_NO = frozenset({"no", "false", "0"})


@attrs.frozen(slots=True)
class Outcome:
    """What happened on a question, and when it became known.

    Parameters
    ----------
    question : str or Question
        The question's id.
    resolved_at : datetime.date or aware datetime.datetime
        When the outcome became known. Only predictions made strictly before count.
    value : bool, int or str, optional
        What happened: ``True``/``False`` or ``1``/``0`` for a yes/no question, or an option
        name (``"yes"``, ``"no"`` or any of the question's options), or an option's index.
        May be ``None`` only for an annulled question.
    annulled : bool, default False
        The question was annulled (voided): it is not scored.

    Examples
    --------
    >>> import datetime as dt
    >>> o = Outcome("q1", dt.date(2022, 2, 24), "yes")
    >>> o.option_index(("no", "yes"))
    1
    """

    question: str = attrs.field(converter=_question_id)
    resolved_at: Time = attrs.field(converter=_resolved_at)
    value: bool | int | str | None = attrs.field(default=None, converter=_convert_value)
    annulled: bool = attrs.field(default=False, converter=_annulled)

    def __attrs_post_init__(self) -> None:
        if self.value is None and not self.annulled:
            raise InvalidOutcomeError(
                f"'value' is required unless the outcome is annulled (question {self.question!r})"
            )
        if isinstance(self.value, str) and not self.value.strip():
            raise InvalidOutcomeError(f"'value' must not be an empty string (got {self.value!r})")
        if isinstance(self.value, int) and not isinstance(self.value, bool) and self.value < 0:
            raise InvalidOutcomeError(f"'value' must not be a negative index (got {self.value!r})")

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
            If the value is not one of the options.

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
        from .errors import AnnulledOutcomeError

        if self.annulled:
            raise AnnulledOutcomeError(
                f"the outcome of question {self.question!r} is annulled and cannot be scored"
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


def _value_text(value: bool | int | str | None) -> str:
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


def _score_end(field: str, value: Any) -> float:
    """A score: a real number (not a bool), held as a float; infinite is allowed (the log
    score of a probability 0 on what happened), NaN is not."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ForecastTypeError(f"{field!r} must be a real number, a score (got {value!r})")
    try:
        v = float(value)
    except OverflowError:
        raise InvalidForecastError(f"{field!r} is too large for a float (got {value!r})") from None
    if math.isnan(v):
        raise InvalidForecastError(f"{field!r} must be a score, not NaN (got {value!r})")
    return v


def _best(value: Any) -> float:
    return _score_end("best", value)


def _worst(value: Any) -> float:
    return _score_end("worst", value)


@attrs.frozen(slots=True)
class ScoreRange:
    """The best and the worst score a :class:`ProbabilityRange` can earn.

    Every score is a loss, so ``best <= worst``. For a proper score of a binary outcome the
    score is monotone in the probability, so both are reached at the ends of the range.

    Parameters
    ----------
    best, worst : float
        Real numbers (not booleans), held as floats, with ``best <= worst``. A score may be
        infinite (the log score of a range that reaches 0 on what happened has ``worst =
        inf``); NaN is refused.

    Raises
    ------
    ForecastTypeError
        ``best`` or ``worst`` is not a real number (a string, ``None``, a bool).
    InvalidForecastError
        NaN, an integer too large for a float, or ``best > worst``.

    Examples
    --------
    >>> ScoreRange(best=0.3025, worst=0.64).width
    0.3375
    >>> ScoreRange(best=0.0, worst=float("inf")).width
    inf
    """

    best: float = attrs.field(converter=_best)
    worst: float = attrs.field(converter=_worst)

    def __attrs_post_init__(self) -> None:
        if not self.best <= self.worst:
            raise InvalidForecastError(
                f"'best' must not exceed 'worst' (got best={self.best!r}, worst={self.worst!r})"
            )

    @property
    def width(self) -> float:
        """``worst - best``; 0 when both are the same (also when both are infinite)."""
        return 0.0 if self.best == self.worst else self.worst - self.best
