"""The rules of time: what a date or a datetime can mean, whether a prediction was made
before its outcome was known (:func:`made_before`), and lead times. Decided without
overflow at the ends of the calendar and across daylight-saving folds.
"""

from __future__ import annotations

import datetime as dt

from ._fields import _ONE_DAY, _UTC, Time, _made_at, _resolved_at


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
