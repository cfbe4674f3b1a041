"""Good Judgment Open's Brier score (the 0..2 form, plain and ordinal) and its daily
carry-forward average over a question's life. Losses: lower is better.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _checks
from ..errors import (
    HindsightError,
    InvalidTimeError,
    ShapeError,
)
from ..rules import Scores
from ._common import _US_PER_DAY, _finish, _flag, _instant_us, _instants_us, _refuse_same_instant

# --- Good Judgment Open --------------------------------------------------------------------


def gjopen_brier_score(
    forecast: Any, outcome: Any, *, axis: int = -1, ordered: bool = False
) -> Scores:
    r"""Good Judgment Open's Brier score of one forecast (a loss: lower is better, 0..2).

    GJ Open reports the original Brier score, summed over the answer options, from 0 (all
    probability on what happened) to 2 (all on one wrong answer):

    .. math::

        \mathrm{BS}(p, k) = \sum_{j=1}^{K} \bigl(p_j - \mathbb{1}[j = k]\bigr)^2

    For a yes/no question pass both options, ``[1 - p, p]``; the score is then
    :math:`2 (p - y)^2`. With ``ordered=True`` (questions whose answers are ordered bins) it
    is the ordinal score: the mean, over the :math:`K - 1` ways of cutting the ordered options
    into "up to :math:`j`" and "above :math:`j`", of the two-option Brier score of that cut,

    .. math::

        \mathrm{OBS}(p, k) = \frac{1}{K-1} \sum_{j=1}^{K-1}
        2\,\Bigl(\sum_{i \le j} p_i - \mathbb{1}[k \le j]\Bigr)^2

    so probability placed near the right answer costs less than probability far from it.
    With two options both forms agree. Unitless.

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the answer options on ``axis`` (rows sum to 1).
    outcome : array_like of int, shape (...)
        Index of the option that happened.
    axis : int, default -1
        The option axis.
    ordered : bool, default False
        Use the ordinal score for ordered options.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, in [0, 2] (lower is better).

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As :func:`forecastscore.categorical_brier_score`.
    InvalidOptionError
        ``ordered`` that is not True or False (a truthy ``"no"`` is refused, never read as
        True).

    References
    ----------
    .. [1] Good Judgment Open, FAQ, "How are my forecasts scored for accuracy?"
       (gjopen.com/faq).
    .. [2] Cultivate Labs, "What is the Ordinal Scoring System and How is it Calculated?"
       (cultivatelabs.com, crowdsourced forecasting guide).

    Examples
    --------
    The Cultivate Labs example: 15/45/25/15 % on four ordered bins, the third happened.

    >>> float(gjopen_brier_score([0.15, 0.45, 0.25, 0.15], 2))    # 0.0225+0.2025+0.5625+0.0225
    0.8099999999999999
    >>> float(gjopen_brier_score([0.15, 0.45, 0.25, 0.15], 2, ordered=True))
    0.27
    """
    ordered = _flag(ordered, "ordered")
    p = _checks.as_categorical_forecast(forecast, "forecast", axis, "raise", _checks.SUM_ATOL)
    k, _ = _checks.as_category_index(outcome, "outcome", p.shape[-1], "raise")
    shape = _checks.broadcast_shape(p.shape[:-1], k.shape, ("forecast rows", "outcome"))
    p = np.broadcast_to(p, (*shape, p.shape[-1]))
    k = np.broadcast_to(k, shape)
    cats = np.arange(p.shape[-1])
    if not ordered:
        d = p - (cats == k[..., np.newaxis])
        return _finish(np.asarray(np.einsum("...j,...j->...", d, d), dtype=np.float64))
    cum = np.cumsum(p, axis=-1)[..., :-1]
    below = cats[:-1] >= k[..., np.newaxis]
    d = cum - below
    return _finish(np.asarray(2.0 * np.mean(d * d, axis=-1), dtype=np.float64))


def gjopen_time_averaged_brier_score(
    made_at: Any,
    forecast: Any,
    outcome: Any,
    *,
    opens: Any,
    closes: Any,
    ordered: bool = False,
) -> float:
    r"""Good Judgment Open's daily Brier score with carry-forward (a loss: lower is better).

    One forecaster on one question. Each full UTC day the question is open gets the Brier
    score (:func:`gjopen_brier_score`, 0..2) of the forecast standing at the end of that day
    (the last one made on or before it, carried forward until it is updated), and the
    question's score is the mean over the days:

    .. math::

        \bar B = \frac{1}{D}\sum_{d=d_0}^{d_0 + D - 1} \mathrm{BS}(p_{(d)}, k)

    The days run from the later of the opening day (which counts) and the day of the first
    forecast, to the last full day before ``closes`` (a day on which the question closes is
    not a full day and is not scored; neither is a forecast made on it). Days before the
    first forecast are not part of this score. Two forecasts made at the same instant (two
    on one day, given as dates) are refused: which of them stood would depend on the order
    of the rows. Vectorised: one sort and a weighted mean.

    Parameters
    ----------
    made_at : array_like of numpy.datetime64, shape (n,)
        When each forecast was made (UTC).
    forecast : array_like of float, shape (n,) or (n, K)
        P(yes) for a yes/no question, or probabilities over K options.
    outcome : bool, {0, 1} or int
        What happened: yes/no, or the index of the option.
    opens, closes : numpy.datetime64, datetime.date or aware datetime.datetime
        When the question opened and when it closed (resolved).
    ordered : bool, default False
        Ordinal scoring for ordered options.

    Returns
    -------
    float
        The mean daily Brier score, in [0, 2].

    Raises
    ------
    HindsightError
        No forecast at all, or none made before the last full day ended: GJ Open gives no
        score.
    InvalidTimeError
        ``closes`` not after ``opens``, NaT or naive datetimes.
    InvalidForecastError
        A bad probability, or two forecasts made at the same instant (both rows named):
        which of them stood would depend on the order of the rows.
    InvalidOutcomeError, ForecastTypeError, ShapeError
        Bad outcomes, types or shapes.
    InvalidOptionError
        ``ordered`` that is not True or False.

    References
    ----------
    .. [1] Good Judgment Open, FAQ, "How are my forecasts scored for accuracy?"
    .. [2] Cultivate Labs, "Why didn't I receive a score in a question I forecasted?" (a
       daily Brier score for each full day the question was open).

    Examples
    --------
    Nine full days; 80 % for six days, then 40 % for three; it did not happen:

    >>> import numpy as np
    >>> gjopen_time_averaged_brier_score(
    ...     np.array(["2022-01-01", "2022-01-07"], dtype="datetime64[D]"), [0.8, 0.4], False,
    ...     opens=np.datetime64("2022-01-01"), closes=np.datetime64("2022-01-10"))
    0.9600000000000003
    """
    ordered = _flag(ordered, "ordered")
    p = _checks.as_float_array(forecast, "forecast")
    if p.ndim == 1:
        _checks.check_probabilities(p, "forecast", "raise")
        y = _checks.as_binary_outcome(outcome, "outcome", "raise")
        if y.ndim != 0:
            raise ShapeError("outcome must be a single outcome for one question")
        rows = np.stack([1.0 - p, p], axis=-1)
        k_index: Any = int(bool(y))
    elif p.ndim == 2:
        if np.ndim(outcome) != 0:
            raise ShapeError(
                "outcome must be a single option index for one question (got shape "
                f"{np.shape(outcome)})"
            )
        rows, k_index = p, outcome
    else:
        raise ShapeError(f"forecast must have shape (n,) or (n, K) (got {p.shape})")
    if p.shape[0] == 0:
        raise HindsightError("no forecast was given, so GJ Open gives no score")
    daily = np.asarray(gjopen_brier_score(rows, k_index, ordered=ordered), dtype=np.float64)
    n = daily.shape[0]
    t = _instants_us(made_at, "made_at", n)
    _refuse_same_instant(t, None, made_at, None, "gjopen_time_averaged_brier_score")
    t_open = _instant_us(opens, "opens")
    t_close = _instant_us(closes, "closes")
    if t_close <= t_open:
        raise InvalidTimeError("'closes' must be after 'opens'")
    day = np.floor_divide(t, _US_PER_DAY)
    first_open_day = t_open // _US_PER_DAY
    last_day = t_close // _US_PER_DAY - 1  # the last full day before the close
    order = np.lexsort((np.arange(n), t))
    day_s, score_s = day[order], daily[order]
    nxt = np.empty(n, dtype=np.int64)
    nxt[:-1] = day_s[1:]
    nxt[-1] = last_day + 1
    start = np.maximum(day_s, first_open_day)
    end = np.minimum(nxt, last_day + 1)
    days = np.maximum(end - start, 0)
    total = int(days.sum())
    if total == 0:
        raise HindsightError(
            "no forecast was standing at the end of a full day before the question closed, "
            "so GJ Open gives no score"
        )
    return float(np.dot(days, score_s) / total)
