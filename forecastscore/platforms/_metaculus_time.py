"""Metaculus's scores averaged over a question's life, as the site averages them:
:class:`MetaculusScores` and :func:`metaculus_time_averaged_scores`. The scores of one
forecast at a time live in ``_metaculus``.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks
from .._records import pandas_module
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidTimeError,
    ShapeError,
)
from ._common import FloatArray, _flag, _instant_us, _instants_us, _refuse_same_instant
from ._metaculus import _baseline, _categorical_p_outcome, _continuous_baseline, _p_outcome_rows

# --- Metaculus, over a question's life -----------------------------------------------------


@attrs.frozen(eq=False)
class MetaculusScores:
    """Time-averaged Metaculus scores of one question, one entry per forecaster.

    **POSITIVELY ORIENTED: higher is better**, as Metaculus publishes them.

    Attributes
    ----------
    forecaster : numpy.ndarray
        The forecasters, sorted.
    baseline, peer : numpy.ndarray of float64
        Each forecaster's time-averaged Baseline and Peer score.
    coverage : numpy.ndarray of float64
        The fraction of the question's scheduled life that the forecaster had a standing
        forecast, in [0, 1].

    Examples
    --------
    A ten-day question that resolves yes: ``a`` says 0.9 from the first day, ``b`` says 0.5
    from the sixth:

    >>> import numpy as np
    >>> from forecastscore.platforms import metaculus_time_averaged_scores
    >>> s = metaculus_time_averaged_scores(
    ...     ["a", "b"], np.array(["2020-01-01", "2020-01-06"], dtype="datetime64[D]"),
    ...     [0.9, 0.5], True,
    ...     opens=np.datetime64("2020-01-01"), scheduled_close=np.datetime64("2020-01-11"))
    >>> s.forecaster.tolist(), s.coverage
    (['a', 'b'], array([1. , 0.5]))
    >>> s.baseline          # 100 (log2 0.9 + 1) all along; 100 (log2 0.5 + 1) = 0
    array([84.79969066,  0.        ])
    >>> s.peer              # 100 ln(0.9 / 0.5) = 58.78 over the shared half; 0 while alone
    array([ 29.38933325, -29.38933325])
    """

    forecaster: npt.NDArray[Any]
    baseline: FloatArray
    peer: FloatArray
    coverage: FloatArray

    def __len__(self) -> int:
        return int(self.forecaster.shape[0])

    def __repr__(self) -> str:
        return f"<MetaculusScores: Baseline and Peer of {len(self)} forecasters, higher is better>"

    def _columns(self) -> dict[str, npt.NDArray[Any]]:
        return {
            "forecaster": self.forecaster,
            "baseline": self.baseline,
            "peer": self.peer,
            "coverage": self.coverage,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per forecaster: ``forecaster``, ``baseline``, ``peer``, ``coverage``.

        A Baseline of ``-inf`` (probability 0 on what happened) stays ``-inf``.

        Examples
        --------
        >>> import numpy as np
        >>> from forecastscore.platforms import metaculus_time_averaged_scores
        >>> s = metaculus_time_averaged_scores(
        ...     ["a"], np.array(["2020-01-06"], dtype="datetime64[D]"), [0.5], True,
        ...     opens=np.datetime64("2020-01-01"), scheduled_close=np.datetime64("2020-01-11"))
        >>> s.to_records()
        [{'forecaster': 'a', 'baseline': 0.0, 'peer': 0.0, 'coverage': 0.5}]
        """
        cols = {k: a.tolist() for k, a in self._columns().items()}
        return [dict(zip(cols, row, strict=True)) for row in zip(*cols.values(), strict=True)]

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame`, one row per forecaster: ``forecaster``,
        ``baseline``, ``peer``, ``coverage``.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return pandas_module("MetaculusScores.to_pandas").DataFrame(self._columns())


def metaculus_time_averaged_scores(
    forecaster: Any,
    made_at: Any,
    forecast: Any,
    outcome: Any,
    *,
    opens: Any,
    scheduled_close: Any,
    actual_close: Any | None = None,
    continuous: bool = False,
    open_lower: bool = False,
    open_upper: bool = False,
) -> MetaculusScores:
    r"""Metaculus Baseline and Peer scores averaged over a question's life. **HIGHER IS BETTER.**

    Both are **positively oriented**, as Metaculus publishes them. Each forecast stands from
    when it was made (or the question's opening, if earlier) until the same forecaster's next
    forecast, or until the question actually closed. A forecaster's score is the integral of
    their instantaneous score over the times they had a standing forecast, divided by the
    question's *scheduled* life:

    .. math::

        \bar S_i = \frac{1}{T_{\mathrm{sched}} - T_{\mathrm{open}}}
        \int_{T_{\mathrm{open}}}^{T_{\mathrm{close}}} S_i(t)\,\mathbb{1}[i \text{ has a
        forecast at } t]\,dt

    So the time before a first forecast counts as 0 (it lowers a positive score and raises a
    negative one), and when a question closes early the time after the actual close counts as
    0 too: the denominator stays the scheduled life. The instantaneous Peer score uses the
    forecasters standing at that moment (:func:`metaculus_peer_score`), and is 0 while a
    forecaster stands alone. This follows ``evaluate_forecasts_baseline_accuracy`` and
    ``evaluate_forecasts_peer_accuracy`` in Metaculus's ``scoring/score_math.py``; withdrawn
    forecasts and tournaments' hidden periods are not modelled. With ``continuous=True`` the
    instantaneous scores are :func:`metaculus_continuous_baseline_score` and
    :func:`metaculus_continuous_peer_score`.

    The work is one sort, ``searchsorted``, prefix sums and ``bincount``: no loop per forecast.

    Parameters
    ----------
    forecaster : array_like, shape (n,)
        Who made each forecast.
    made_at : array_like of numpy.datetime64, shape (n,)
        When (UTC).
    forecast : array_like of float, shape (n,) or (n, K)
        P(yes) for a binary question, probabilities over K options, or (with
        ``continuous=True``) masses over the buckets of a continuous question.
    outcome : bool, {0, 1} or int
        What happened: yes/no, or the index of the option or bucket.
    opens, scheduled_close : numpy.datetime64, datetime.date or aware datetime.datetime
        The question's opening and its scheduled closing time.
    actual_close : same, optional
        When the question actually closed (the default: ``scheduled_close``). Forecasts made
        at or after it do not count.
    continuous : bool, default False
        Score a continuous question from bucket masses.
    open_lower, open_upper : bool, default False
        For a continuous question, whether its bounds are open (only with
        ``continuous=True``).

    Returns
    -------
    MetaculusScores
        ``forecaster``, ``baseline``, ``peer`` and ``coverage``, one entry per forecaster.

    Raises
    ------
    InvalidTimeError
        ``scheduled_close`` not after ``opens``, ``actual_close`` outside
        ``(opens, scheduled_close]``, NaT or naive datetimes.
    InvalidForecastError
        A bad probability, one of 0 on what happened while it stood (Peer undefined), or two
        forecasts by one forecaster at the same instant (both rows named): which of them
        stood would depend on the order of the rows.
    ShapeError, ForecastTypeError, InvalidOutcomeError
        Columns of different lengths, times that are not datetime64, bad outcomes.
    InvalidOptionError
        ``continuous``, ``open_lower`` or ``open_upper`` that is not True or False, or an
        open bound with ``continuous=False``.

    References
    ----------
    .. [1] Metaculus, Scores FAQ, "Do all my predictions on a question count toward my
       score?" (metaculus.com/help/scores-faq).
    .. [2] Metaculus, ``scoring/score_math.py`` and ``tests/unit/test_scoring/
       test_score_math.py`` (github.com/Metaculus/metaculus).

    Examples
    --------
    A ten-day question; one forecaster says 0.9 from day 5, and it resolves yes:

    >>> import numpy as np
    >>> s = metaculus_time_averaged_scores(
    ...     ["a"], np.array(["2020-01-06"], dtype="datetime64[D]"), [0.9], True,
    ...     opens=np.datetime64("2020-01-01"), scheduled_close=np.datetime64("2020-01-11"))
    >>> float(s.baseline[0]), float(s.coverage[0])      # 84.80 over half the life
    (42.3998..., 0.5)
    """
    continuous = _flag(continuous, "continuous")
    open_lower, open_upper = _flag(open_lower, "open_lower"), _flag(open_upper, "open_upper")
    if not continuous and (open_lower or open_upper):
        raise InvalidOptionError(
            f"open_lower and open_upper apply only to continuous=True (got "
            f"open_lower={open_lower!r}, open_upper={open_upper!r} with continuous=False)"
        )
    if continuous:
        pc = _checks.as_float_array(forecast, "forecast")
        if pc.ndim != 2 or np.ndim(outcome) != 0:
            raise ShapeError(
                "a continuous question needs forecast of shape (n, buckets) and one outcome "
                f"bucket (got forecast shape {pc.shape})"
            )
        py, n_buckets, kb = _categorical_p_outcome(pc, outcome, -1)
        base_rows = _continuous_baseline(py, kb, n_buckets, open_lower, open_upper)
        peer_unit = 50.0
    else:
        py, n_options = _p_outcome_rows(forecast, outcome)
        base_rows = _baseline(py, n_options)
        peer_unit = 100.0
    n = py.shape[0]
    who = np.asarray(forecaster)
    if who.ndim != 1 or who.shape[0] != n:
        raise ShapeError(f"forecaster must have shape ({n},) like forecast (got {who.shape})")
    t = _instants_us(made_at, "made_at", n)
    t_open = _instant_us(opens, "opens")
    t_sched = _instant_us(scheduled_close, "scheduled_close")
    t_close = t_sched if actual_close is None else _instant_us(actual_close, "actual_close")
    if t_sched <= t_open:
        raise InvalidTimeError("'scheduled_close' must be after 'opens'")
    if not t_open < t_close <= t_sched:
        raise InvalidTimeError(
            "'actual_close' must be after 'opens' and not after 'scheduled_close'"
        )
    total = float(t_sched - t_open)

    try:
        names, f_idx = np.unique(who, return_inverse=True)
    except TypeError:
        raise ForecastTypeError(
            "forecaster labels must be of one sortable type (e.g. all strings)"
        ) from None
    f_idx = f_idx.reshape(-1)
    _refuse_same_instant(t, f_idx, made_at, names, "metaculus_time_averaged_scores")
    order = np.lexsort((np.arange(n), t, f_idx))
    f_s, t_s, p_s = f_idx[order], t[order], py[order]
    nxt = np.empty(n, dtype=np.int64)
    nxt[:-1] = t_s[1:]
    last = np.ones(n, dtype=bool)
    last[:-1] = f_s[1:] != f_s[:-1]
    nxt[last] = t_close
    start = np.clip(t_s, t_open, t_close)
    end = np.clip(nxt, t_open, t_close)
    active = end > start
    dur = np.where(active, end - start, 0).astype(np.float64)
    k = names.shape[0]

    base = base_rows[order]
    # A forecast that never stood (superseded at once, or made after the close) adds nothing,
    # even with a Baseline of -inf (0 * -inf would be NaN).
    contrib = np.where(active, base, 0.0) * dur
    baseline = np.bincount(f_s, weights=contrib, minlength=k) / total
    coverage = np.bincount(f_s, weights=dur, minlength=k) / total

    zero = active & (p_s == 0.0)
    if zero.any():
        i = int(order[np.flatnonzero(zero)[0]])
        raise InvalidForecastError(
            f"forecast[{i}] gives probability 0 to what happened while it stands: the Peer "
            "scores of this question are undefined"
        )
    lnp = np.log(np.where(active, p_s, 1.0))
    bounds = np.unique(np.concatenate([start[active], end[active]]))
    i_s = np.searchsorted(bounds, start[active])
    i_e = np.searchsorted(bounds, end[active])
    m = bounds.shape[0]
    s_ln = np.zeros(m)
    cnt = np.zeros(m)
    np.add.at(s_ln, i_s, lnp[active])
    np.add.at(s_ln, i_e, -lnp[active])
    np.add.at(cnt, i_s, 1.0)
    np.add.at(cnt, i_e, -1.0)
    s_ln, cnt = np.cumsum(s_ln)[:-1], np.rint(np.cumsum(cnt)[:-1])
    w = np.diff(bounds).astype(np.float64) / total
    factor = np.where(cnt > 1, peer_unit * cnt / np.maximum(cnt - 1, 1), 0.0)
    mean = s_ln / np.maximum(cnt, 1)
    c1 = np.concatenate([[0.0], np.cumsum(w * factor)])
    c2 = np.concatenate([[0.0], np.cumsum(w * factor * mean)])
    peer_rows = lnp[active] * (c1[i_e] - c1[i_s]) - (c2[i_e] - c2[i_s])
    peer = np.bincount(f_s[active], weights=peer_rows, minlength=k).astype(np.float64)
    return MetaculusScores(
        forecaster=names,
        baseline=baseline.astype(np.float64),
        peer=peer,
        coverage=coverage.astype(np.float64),
    )
