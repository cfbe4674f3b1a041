"""Decompositions of the Brier and other scores: Murphy's (reliability, resolution,
uncertainty and the within-bin terms) for binary and categorical forecasts, and CORP's
(miscalibration, discrimination, uncertainty) from the isotonic fit.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from .. import _checks, rules
from .._records import OneRow, short_float
from ..errors import InvalidOptionError, ShapeError
from ._binning import (
    _CORP_RULES,
    FloatArray,
    _bin,
    _binning,
    _Bins,
    _isotonic_fit,
    _pairs,
    _per_bin_means,
)


@attrs.frozen
class MurphyDecomposition(OneRow):
    r"""The parts of a mean Brier score, a loss (Murphy 1973; Stephenson et al. 2008).

    ``brier == reliability - resolution + uncertainty + within_bin_variance
    - 2 * within_bin_covariance`` to rounding. Made by :func:`murphy_decomposition` and
    :func:`categorical_murphy_decomposition`; for categorical forecasts each part is the sum
    over categories of the binary part for that category. All parts are unitless.

    Attributes
    ----------
    brier : float
        The mean Brier score being decomposed (0..1 binary, 0..2 categorical).
    reliability : float
        Count-weighted squared gap between mean forecast and observed frequency per bin
        (a loss: 0 for calibrated bins).
    resolution : float
        Count-weighted squared spread of the bins' observed frequencies around the base rate
        (higher is better; it is subtracted).
    uncertainty : float
        Score of the in-sample base rate: :math:`\bar o(1 - \bar o)` (binary), or
        :math:`1 - \sum_j \bar o_j^2` (categorical).
    within_bin_variance : float
        Mean squared spread of forecasts around their bin's mean forecast; 0 when each bin
        holds one forecast value.
    within_bin_covariance : float
        Mean product of forecast and outcome deviations from their bin means (the plain
        within-bin covariance); 0 when each bin holds one forecast value.
    n : int
        Number of forecasts.
    n_bins : int
        Number of bins (per category for categorical forecasts), empty ones included.

    Examples
    --------
    Two bins that each pool two different forecasts, so the within-bin terms are not 0:

    >>> from forecastscore.calibration import murphy_decomposition
    >>> d = murphy_decomposition([0.1, 0.3, 0.6, 0.8], [0, 1, 1, 1], bins=2)
    >>> round(d.brier, 12)          # (0.01 + 0.49 + 0.16 + 0.04) / 4
    0.175
    >>> round(d.reliability, 12)    # bin means 0.2, 0.7, frequencies 0.5, 1: (2*0.09 + 2*0.09) / 4
    0.09
    >>> round(d.resolution, 12)     # base rate 0.75: (2 * 0.25**2 + 2 * 0.25**2) / 4
    0.0625
    >>> round(d.uncertainty, 12)    # 0.75 * 0.25
    0.1875
    >>> round(d.within_bin_variance, 12), round(d.within_bin_covariance, 12)
    (0.01, 0.025)
    >>> round(d.reliability - d.resolution + d.uncertainty
    ...       + d.within_bin_variance - 2 * d.within_bin_covariance, 12)
    0.175
    """

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bin_variance: float
    within_bin_covariance: float
    n: int
    n_bins: int

    def __repr__(self) -> str:
        return (
            f"MurphyDecomposition(brier={short_float(self.brier)}, "
            f"reliability={short_float(self.reliability)}, "
            f"resolution={short_float(self.resolution)}, "
            f"uncertainty={short_float(self.uncertainty)}, "
            f"within_bin_variance={short_float(self.within_bin_variance)}, "
            f"within_bin_covariance={short_float(self.within_bin_covariance)}, n={self.n}, "
            f"n_bins={self.n_bins})"
        )


def _murphy(p: FloatArray, y: FloatArray, b: _Bins) -> tuple[float, ...]:
    n = p.size
    mean_f, obs = _per_bin_means(b)
    nonempty = b.count > 0
    cnt = b.count[nonempty].astype(np.float64)
    pbar, obar_k = mean_f[nonempty], obs[nonempty]
    obar = float(y.mean())
    rel = float(np.dot(cnt, (pbar - obar_k) ** 2) / n)
    res = float(np.dot(cnt, (obar_k - obar) ** 2) / n)
    unc = obar * (1.0 - obar)
    mean_f0 = np.where(b.count > 0, mean_f, 0.0)
    obs0 = np.where(b.count > 0, obs, 0.0)
    dp = p - mean_f0[b.index]
    dy = y - obs0[b.index]
    wbv = float(np.dot(dp, dp) / n)
    wbc = float(np.dot(dp, dy) / n)
    d = p - y
    brier = float(np.dot(d, d) / n)
    return brier, rel, res, unc, wbv, wbc


def murphy_decomposition(
    forecast: Any,
    outcome: Any,
    *,
    bins: Any = 10,
    n_bins: int | None = None,
    nan_policy: str = "raise",
) -> MurphyDecomposition:
    r"""Murphy decomposition of the mean Brier score of binary forecasts, made exact.

    With the forecasts grouped into bins :math:`k` (:math:`n_k` forecasts, mean forecast
    :math:`\bar p_k`, observed frequency :math:`\bar o_k`; base rate :math:`\bar o`):

    .. math::

        \overline{\mathrm{BS}} =
        \underbrace{\frac1n\sum_k n_k(\bar p_k - \bar o_k)^2}_{\mathrm{REL}}
        - \underbrace{\frac1n\sum_k n_k(\bar o_k - \bar o)^2}_{\mathrm{RES}}
        + \underbrace{\bar o(1 - \bar o)}_{\mathrm{UNC}}
        + \underbrace{\frac1n\sum_k\sum_{i\in k}(p_i - \bar p_k)^2}_{\mathrm{WBV}}
        - 2\,\underbrace{\frac1n\sum_k\sum_{i\in k}(p_i - \bar p_k)(o_i - \bar o_k)}_{\mathrm{WBC}}

    Murphy's three terms [1]_ add up to the score only when every bin holds a single forecast
    value (``bins='unique'``); otherwise the within-bin variance and covariance of
    Stephenson, Coelho and Jolliffe [2]_ make the identity exact again. Every part is in
    Brier units (probability squared). Reliability is a loss, resolution a gain.

    The reliability term is biased upward in finite samples for the same reason as the
    expected calibration error (noise in :math:`\bar o_k`), by about
    :math:`\sum_k \bar o_k(1-\bar o_k)/n`; resolution is biased upward by the same amount
    [3]_.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    bins : int, array_like of float, or {'quantile', 'unique', 'isotonic'}, default 10
        As in :func:`reliability_table`; ``'unique'`` gives Murphy's original partition.
    n_bins : int, optional
        Number of bins for ``bins='quantile'`` only, as in :func:`reliability_table`.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the pairs that hold one.

    Returns
    -------
    MurphyDecomposition

    Raises
    ------
    QuestionMismatchError
        pandas inputs (Series or DataFrames) whose indexes differ: values are paired by
        position, so differing labels are refused rather than paired silently.
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError, InvalidOptionError
        As in :func:`reliability_table`.

    References
    ----------
    .. [1] Murphy, A. H. (1973). A new vector partition of the probability score. Journal of
       Applied Meteorology, 12(4), 595-600.
    .. [2] Stephenson, D. B., Coelho, C. A. S. and Jolliffe, I. T. (2008). Two extra
       components in the Brier score decomposition. Weather and Forecasting, 23(4), 752-757.
    .. [3] Ferro, C. A. T. and Fricker, T. E. (2012). A bias-corrected decomposition of the
       Brier score. QJRMS, 138(668), 1954-1960.

    Examples
    --------
    >>> from forecastscore.calibration import murphy_decomposition
    >>> d = murphy_decomposition([0.2, 0.2, 0.7, 0.7], [0, 1, 1, 1], bins="unique")
    >>> [round(v, 12) for v in (d.reliability, d.resolution, d.uncertainty)]
    [0.09, 0.0625, 0.1875]
    >>> round(d.reliability - d.resolution + d.uncertainty, 12), round(d.brier, 12)
    (0.215, 0.215)
    """
    spec = _binning(bins, n_bins)
    p, y = _pairs(forecast, outcome, nan_policy)
    b = _bin(p, y, spec)
    brier, rel, res, unc, wbv, wbc = _murphy(p, y, b)
    return MurphyDecomposition(
        brier=brier,
        reliability=rel,
        resolution=res,
        uncertainty=unc,
        within_bin_variance=wbv,
        within_bin_covariance=wbc,
        n=int(p.size),
        n_bins=int(b.count.size),
    )


def categorical_murphy_decomposition(
    forecast: Any,
    outcome: Any,
    *,
    bins: Any = 10,
    n_bins: int | None = None,
    axis: int = -1,
    atol: float = _checks.SUM_ATOL,
) -> MurphyDecomposition:
    r"""Murphy decomposition of the mean categorical Brier score (0..2), made exact.

    The categorical Brier score is the sum over categories :math:`j` of the binary Brier
    score of :math:`p_j` against the indicator :math:`[k = j]`, so each part here is the sum
    over categories of the binary part of :func:`murphy_decomposition`, each category binned
    on its own probability (Murphy's scalar partition):

    .. math::

        \overline{\mathrm{BS}} = \sum_j \bigl(\mathrm{REL}_j - \mathrm{RES}_j
        + \mathrm{UNC}_j + \mathrm{WBV}_j - 2\,\mathrm{WBC}_j\bigr),
        \qquad \sum_j \mathrm{UNC}_j = 1 - \sum_j \bar o_j^2 .

    On a two-option question every part is twice the binary one, as the score is.

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the categories on ``axis``; rows sum to 1 within ``atol``.
    outcome : array_like of int, shape (...)
        Index of the category that happened.
    bins, n_bins
        As in :func:`murphy_decomposition`, applied to each category's probabilities.
    axis : int, default -1
        The category axis of ``forecast``.
    atol : float, default 1e-6
        Tolerance on each row's sum.

    Returns
    -------
    MurphyDecomposition
        ``n`` is the number of forecast rows and ``n_bins`` the bins per category (the
        largest, for data-driven binnings).

    Raises
    ------
    QuestionMismatchError
        pandas inputs (Series or DataFrames) whose indexes differ: values are paired by
        position, so differing labels are refused rather than paired silently.
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError, InvalidOptionError
        As in :func:`forecastscore.categorical_brier_score` and :func:`reliability_table`.

    References
    ----------
    .. [1] Murphy, A. H. (1972). Scalar and vector partitions of the probability score: Part
       II. N-state situation. Journal of Applied Meteorology, 11(8), 1183-1192.

    Examples
    --------
    >>> from forecastscore.calibration import categorical_murphy_decomposition
    >>> d = categorical_murphy_decomposition([[0.5, 0.5, 0.0], [0.5, 0.5, 0.0]], [0, 1],
    ...                                      bins="unique")
    >>> d.brier, d.reliability, d.resolution, d.uncertainty   # UNC = 1 - (1/4 + 1/4)
    (0.5, 0.0, 0.0, 0.5)
    """
    spec = _binning(bins, n_bins)
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p, k, _, _ = rules._categorical_inputs(forecast, outcome, axis, "raise", atol)
    rows = p.reshape(-1, p.shape[-1])
    kk = k.reshape(-1)
    if kk.size == 0:
        raise ShapeError("forecast holds no rows; calibration needs at least one forecast")
    total = np.zeros(6)
    most_bins = 0
    for j in range(rows.shape[1]):  # one pass per category, never per forecast
        pj = np.ascontiguousarray(rows[:, j])
        yj = (kk == j).astype(np.float64)
        b = _bin(pj, yj, spec)
        total += np.array(_murphy(pj, yj, b))
        most_bins = max(most_bins, int(b.count.size))
    brier, rel, res, unc, wbv, wbc = (float(v) for v in total)
    return MurphyDecomposition(
        brier=brier,
        reliability=rel,
        resolution=res,
        uncertainty=unc,
        within_bin_variance=wbv,
        within_bin_covariance=wbc,
        n=int(kk.size),
        n_bins=most_bins,
    )


@attrs.frozen
class CorpDecomposition(OneRow):
    r"""The CORP parts of a mean score: ``score == miscalibration - discrimination + uncertainty``.

    Attributes
    ----------
    score : float
        Mean score of the forecasts as given.
    miscalibration : float
        Mean score minus the mean score of the isotonically recalibrated forecasts (MCB, a
        loss, >= 0).
    discrimination : float
        Mean score of the in-sample base rate minus that of the recalibrated forecasts (DSC,
        a gain, >= 0).
    uncertainty : float
        Mean score of the in-sample base rate (UNC).
    rule : str
        The score: ``"brier"`` (0..1), ``"log"`` (nats; with ``base``, its unit: bits for 2) or
        ``"spherical"`` (0..1).
    n : int
        Number of forecasts.

    Examples
    --------
    Two forecasts of 0.2 (one event happens) and two of 0.8 (both happen). The isotonic
    recalibration replaces them by their observed frequencies 0.5 and 1:

    >>> from forecastscore.calibration import corp_decomposition
    >>> d = corp_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1])
    >>> round(d.score, 12)          # (0.04 + 0.64 + 0.04 + 0.04) / 4
    0.19
    >>> round(d.uncertainty, 12)    # base rate 0.75: 0.75 * 0.25
    0.1875
    >>> round(d.discrimination, 12) # recalibrated: (0.25 + 0.25 + 0 + 0) / 4 = 0.125; - 0.125
    0.0625
    >>> round(d.miscalibration, 12) # 0.19 - 0.125
    0.065
    >>> d = corp_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], rule="log", base=2)
    >>> round(d.uncertainty, 4)     # bits: -(0.75 log2 0.75 + 0.25 log2 0.25)
    0.8113
    """

    score: float
    miscalibration: float
    discrimination: float
    uncertainty: float
    rule: str
    n: int

    def __repr__(self) -> str:
        return (
            f"CorpDecomposition(rule={self.rule!r}, score={short_float(self.score)}, "
            f"miscalibration={short_float(self.miscalibration)}, "
            f"discrimination={short_float(self.discrimination)}, "
            f"uncertainty={short_float(self.uncertainty)}, "
            f"n={self.n})"
        )


def _binary_rule(name: str, base: float | None) -> Any:
    if name == "brier":
        return rules.brier_score
    if name == "log":
        return lambda p, y: rules.log_score(p, y, base=base)
    return rules.spherical_score


def corp_decomposition(
    forecast: Any,
    outcome: Any,
    *,
    rule: str = "brier",
    base: float | None = None,
    nan_policy: str = "raise",
) -> CorpDecomposition:
    r"""CORP decomposition of a mean score into miscalibration, discrimination, uncertainty.

    Recalibrate the forecasts with isotonic regression of the outcomes on the forecasts (the
    pool-adjacent-violators algorithm, ties pooled), giving :math:`\hat p`; let :math:`r`
    be the in-sample base rate. With :math:`\bar S` the mean score,

    .. math::

        \mathrm{MCB} = \bar S(p) - \bar S(\hat p), \quad
        \mathrm{DSC} = \bar S(r) - \bar S(\hat p), \quad
        \mathrm{UNC} = \bar S(r), \qquad
        \bar S(p) = \mathrm{MCB} - \mathrm{DSC} + \mathrm{UNC}.

    Dimitriadis, Gneiting and Jordan [1]_ call this the CORP (consistent, optimally binned,
    reproducible, PAV-based) decomposition. The PAV fit is the best non-decreasing
    recalibration under every proper score at once, so both MCB and DSC are >= 0, MCB is 0
    exactly when the forecasts are their own isotonic recalibration (calibrated in sample),
    and no bins need to be chosen. Units are those of the score: Brier (0..1), log score in
    nats (or in the unit of ``base``), spherical (0..1).

    A log score of ``inf`` (probability 0 on what happened) makes the mean score and MCB
    ``inf``: the forecast is infinitely miscalibrated under that rule.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    rule : {'brier', 'log', 'spherical'}, default 'brier'
        The proper score to decompose.
    base : float, optional
        Base of the logarithm for ``rule='log'``; ``None`` gives nats.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the pairs that hold one.

    Returns
    -------
    CorpDecomposition

    Raises
    ------
    QuestionMismatchError
        pandas inputs (Series or DataFrames) whose indexes differ: values are paired by
        position, so differing labels are refused rather than paired silently.
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`forecastscore.brier_score`.
    InvalidOptionError
        An unknown ``rule``, or ``base`` with a rule other than ``'log'``.

    References
    ----------
    .. [1] Dimitriadis, T., Gneiting, T. and Jordan, A. I. (2021). Stable reliability
       diagrams for probabilistic classifiers. PNAS, 118(8), e2016191118.

    Examples
    --------
    >>> from forecastscore.calibration import corp_decomposition
    >>> d = corp_decomposition([0.1, 0.3, 0.6, 0.9], [0, 1, 0, 1])
    >>> # Brier 0.87 / 4; PAV pools (0.3, 1) with (0.6, 0): fit 0, 0.5, 0.5, 1 scores 0.5 / 4
    >>> [round(v, 4) for v in (d.score, d.miscalibration, d.discrimination, d.uncertainty)]
    [0.2175, 0.0925, 0.125, 0.25]
    """
    name = _checks.check_choice("rule", rule, _CORP_RULES)
    b = _checks.check_positive_base(base)
    if b is not None and name != "log":
        raise InvalidOptionError(
            f"base applies to rule='log' only (got base={base!r} with rule={rule!r})"
        )
    p, y = _pairs(forecast, outcome, nan_policy)
    _, fit, inv, _ = _isotonic_fit(p, y)
    recal = fit[inv]
    yb = y.astype(bool)
    score_fn = _binary_rule(name, b)
    s = float(np.mean(score_fn(p, yb)))
    s_hat = float(np.mean(score_fn(recal, yb)))
    s_ref = float(np.mean(score_fn(np.full(1, y.mean()), yb)))
    # Both differences are >= 0 in exact arithmetic (the recalibrated forecast is the best
    # isotonic one, and the base rate is isotonic); rounding can only take them a few ulps
    # of the scores below 0, which is reported as 0.
    return CorpDecomposition(
        score=s,
        miscalibration=max(s - s_hat, 0.0),
        discrimination=max(s_ref - s_hat, 0.0),
        uncertainty=s_ref,
        rule=name,
        n=int(p.size),
    )
