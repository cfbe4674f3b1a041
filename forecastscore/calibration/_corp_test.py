r"""The calibration test built on the CORP miscalibration (:func:`corp_test`): the statistic
is the MCB of :func:`corp_decomposition`, its p-value comes from consistency resampling
(outcomes drawn from the forecasts themselves, as the null hypothesis of calibration says).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _checks
from .._blas import one_blas_thread
from ..errors import InvalidOptionError
from ._binning import _CORP_RULES, _pairs
from ._consistency import _check_resampling, _draw_events, _groups, _losses, _Miscalibration
from ._tests import CalibrationTest, _failed_certain

# Resampled miscalibrations within this fraction of the mean score of the observed one count
# as ties (and so as "at least as large"): the same miscalibration reached by two summation
# orders differs by rounding only, far below this.
_TIE_RTOL = 1e-9


def corp_test(
    forecast: Any,
    outcome: Any,
    *,
    rule: str = "brier",
    base: float | None = None,
    cluster: Any = None,
    n_resamples: int = 1000,
    seed: int | None = 0,
) -> CalibrationTest:
    r"""A calibration test whose statistic is the CORP miscalibration (MCB).

    The statistic is the miscalibration of :func:`corp_decomposition`: the mean score of the
    forecasts minus that of their isotonic (PAV) recalibration :math:`\hat p`,

    .. math::

        \mathrm{MCB} = \bar S(p, y) - \bar S(\hat p, y) \ge 0,

    0 exactly when the forecasts are their own recalibration, in the units of the score.
    Under the null hypothesis that the forecasts are calibrated,
    :math:`P(Y = 1 \mid p) = p`, the distribution of the outcomes given the forecasts is
    known, so the p-value is found by consistency resampling (Bröcker and Smith 2007;
    Dimitriadis, Gneiting and Jordan 2021, whose consistency bands are made the same way):
    draw outcomes :math:`y^*_i \sim \mathrm{Bernoulli}(p_i)` ``n_resamples`` times, recompute
    MCB on each draw (a new PAV fit each time), and report

    .. math::

        \text{p-value} = \frac{1 + \#\{b : \mathrm{MCB}^*_b \ge \mathrm{MCB}\}}{1 + B},

    which is a valid p-value for any number :math:`B` of resamples (its smallest value is
    :math:`1/(B + 1)`). A forecast of exactly 0 or 1 whose outcome differed is impossible under
    the null, so then, as in :func:`spiegelhalter_test` and :func:`hosmer_lemeshow_test`, the
    statistic is ``inf`` and the p-value 0 (with a note naming the first such forecast), and
    nothing is resampled. Resampled values within :math:`10^{-9}` of the mean score of
    the observed MCB count as ties. Unlike :func:`hosmer_lemeshow_test` nothing is binned,
    and unlike :func:`spiegelhalter_test` errors of opposite sign do not cancel: any
    departure from the diagonal that the isotonic fit can see raises MCB. The test has power
    against miscalibration that keeps the order of the forecasts (over- and
    underconfidence, a bias); a forecaster whose events are *less* likely at higher forecasts
    is seen only through the pooled fit.

    Without ``cluster`` the outcomes are assumed independent given the forecasts. With
    ``cluster`` (the question of each forecast) forecasts of one question share one outcome,
    so each resample draws one uniform number :math:`U_c` per question and gives forecast
    :math:`i` of question :math:`c` the outcome :math:`\mathbf{1}\{U_c < p_i\}`: each outcome
    is still Bernoulli(:math:`p_i`) as the null says, and forecasts of one question move
    together (equal forecasts of a question get one shared outcome). This coupling is an
    assumption: it is the strongest positive dependence the null allows, which is what
    sharing one outcome means, and the note says it was made.

    Cost: each resample draws the events at every distinct forecast value and runs one PAV
    fit, so the time grows with ``n_resamples`` times the number of distinct forecasts (with
    clusters, times the number of forecasts): about a millisecond per resample for forecasts
    in whole percentages, whatever their number, and 10-20 ms per resample for 10**6 distinct
    forecasts.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    rule : {'brier', 'log', 'spherical'}, default 'brier'
        The proper score whose miscalibration is the statistic.
    base : float, optional
        Base of the logarithm for ``rule='log'``; ``None`` gives nats. The p-value does not
        depend on it.
    cluster : array_like, optional
        One label per forecast (e.g. question ids); see above.
    n_resamples : int, default 1000
        Number of consistency resamples, 1 to 1,000,000.
    seed : int or None, default 0
        Seed of the resampling (``None``: fresh entropy).

    Returns
    -------
    CalibrationTest
        ``test`` is ``"corp"``, ``statistic`` is MCB (units of the score), ``df`` is
        ``None``.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        Bad forecasts or outcomes, shapes that do not match, or no pairs.
    InvalidOptionError
        An unknown ``rule``, ``base`` with a rule other than ``'log'``, a bad ``n_resamples``
        or ``seed``, or a missing cluster label.

    References
    ----------
    .. [1] Dimitriadis, T., Gneiting, T. and Jordan, A. I. (2021). Stable reliability
       diagrams for probabilistic classifiers. PNAS, 118(8), e2016191118.
    .. [2] Bröcker, J. and Smith, L. A. (2007). Increasing the reliability of reliability
       diagrams. Weather and Forecasting, 22(3), 651-661.

    Examples
    --------
    Forecasts of 0.2 (twice) and 0.8 (twice), with 1 and 2 events: the recalibration is 0.5
    and 1, so MCB = (0.04 + 0.64 + 0.04 + 0.04) / 4 - (0.25 + 0.25 + 0 + 0) / 4 = 0.065.

    >>> from forecastscore.calibration import corp_test
    >>> t = corp_test([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], n_resamples=999)
    >>> t.test, round(t.statistic, 12), t.df, t.n
    ('corp', 0.065, None, 4)
    >>> 0 < t.p_value <= 1
    True
    >>> corp_test([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], n_resamples=999).p_value == t.p_value
    True
    """
    name = _checks.check_choice("rule", rule, _CORP_RULES)
    b = _checks.check_positive_base(base)
    if b is not None and name != "log":
        raise InvalidOptionError(
            f"base applies to rule='log' only (got base={base!r} with rule={rule!r})"
        )
    resamples, seed_ = _check_resampling(n_resamples, seed)
    p, y = _pairs(forecast, outcome, "raise")
    g = _groups(p, y, cluster)
    failed = _failed_certain(p, y)
    if failed:  # impossible under the null: no draw can reach it, whatever the rule
        return CalibrationTest(
            test="corp",
            statistic=math.inf,
            p_value=0.0,
            df=None,
            n=g.n,
            n_clusters=g.n_clusters,
            note=failed + " (as in spiegelhalter_test and hosmer_lemeshow_test)",
        )
    miscalibration = _Miscalibration.of(g, _losses(name, b))
    mcb, mean_score, _ = miscalibration(g.events)
    rng = np.random.default_rng(seed_)
    null = np.empty(resamples)
    with one_blas_thread():  # many dot products: threads would only wait on a busy machine
        for i in range(resamples):  # one draw and one PAV fit per resample, not per forecast
            null[i], _, _ = miscalibration(_draw_events(g, g.u, rng))
    tol = _TIE_RTOL * mean_score if np.isfinite(mean_score) else 0.0
    count = int(np.count_nonzero(null >= mcb - tol))
    how = (
        f"consistency resampling: {resamples} draws of the outcomes from the forecasts "
        f"(p-value = (1 + draws with MCB >= observed) / (1 + {resamples}))"
    )
    if g.codes is None:
        note = how + "; outcomes assumed independent (pass cluster= question ids when "
        note += "several forecasts share a question)"
    else:
        note = how + f"; one uniform per cluster over {g.n_clusters} clusters, so "
        note += "forecasts of one question share their drawn outcome (assumed coupling)"
    return CalibrationTest(
        test="corp",
        statistic=mcb,
        p_value=(1 + count) / (1 + resamples),
        df=None,
        n=g.n,
        n_clusters=g.n_clusters,
        note=note,
    )


__all__ = ["corp_test"]
