"""Reliability tables: per bin, the mean forecast against the observed frequency, with
intervals and the consistency band (:func:`reliability_table`, :class:`ReliabilityTable`),
and the expected calibration error.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks
from .._records import frame, nones
from ._binning import _INTERVALS, FloatArray, _bin, _binning, _pairs, _per_bin_means


def _proportion_interval(
    k: FloatArray, n: FloatArray, method: str, confidence: float
) -> tuple[FloatArray, FloatArray]:
    """Two-sided interval for a binomial proportion k/n; NaN where n = 0."""
    from scipy import special

    alpha = 1.0 - confidence
    empty = n == 0
    n1 = np.where(empty, 1.0, n)
    if method == "wilson":
        z = float(special.ndtri(1.0 - alpha / 2.0))
        z2 = z * z
        centre = (k + z2 / 2.0) / (n1 + z2)
        half = z / (n1 + z2) * np.sqrt(np.maximum(k * (n1 - k) / n1, 0.0) + z2 / 4.0)
        lo, hi = np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
        # The Wilson interval contains 0 when k = 0 and 1 when k = n; pin them exactly.
        lo = np.where(k == 0, 0.0, lo)
        hi = np.where(k == n1, 1.0, hi)
    else:
        a, b = k + 0.5, n1 - k + 0.5
        lo = np.where(k == 0, 0.0, special.betaincinv(a, b, alpha / 2.0))
        hi = np.where(k == n1, 1.0, special.betaincinv(a, b, 1.0 - alpha / 2.0))
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


def _consistency_band(
    n: FloatArray, mean_forecast: FloatArray, confidence: float
) -> tuple[FloatArray, FloatArray]:
    from scipy import stats

    alpha = 1.0 - confidence
    empty = n == 0
    n1 = np.where(empty, 1.0, n)
    pbar = np.where(empty, 0.5, mean_forecast)
    lo = stats.binom.ppf(alpha / 2.0, n1, pbar) / n1
    hi = stats.binom.ppf(1.0 - alpha / 2.0, n1, pbar) / n1
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


@attrs.frozen(eq=False)
class ReliabilityTable:
    r"""Per-bin calibration of binary forecasts: what a reliability diagram draws.

    Every array has one entry per bin, empty bins included (with ``count`` 0 and NaN for the
    per-bin statistics, which have nothing to average). Bin ``i`` is
    ``[edges[i], edges[i + 1])``, the last bin closed.

    Attributes
    ----------
    edges : numpy.ndarray of float, shape (m + 1,)
        Bin edges.
    count : numpy.ndarray of int, shape (m,)
        Number of forecasts in each bin.
    mean_forecast : numpy.ndarray of float, shape (m,)
        Mean forecast probability in each bin (not the bin's midpoint).
    observed_frequency : numpy.ndarray of float, shape (m,)
        Fraction of the bin's forecasts whose event happened.
    ci_low, ci_high : numpy.ndarray of float, shape (m,)
        Confidence interval for the observed frequency, by the method in ``interval``.
    consistency_low, consistency_high : numpy.ndarray of float, shape (m,)
        Where the observed frequency would lie with probability ``confidence`` if the
        forecasts were calibrated (consistency band of Bröcker and Smith 2007): quantiles of
        Binomial(count, mean_forecast) / count.
    interval : str
        ``"wilson"`` or ``"jeffreys"``.
    confidence : float
        Level of both intervals.
    binning : str
        How the bins were made: ``"uniform"``, ``"edges"``, ``"quantile"``, ``"unique"`` or
        ``"isotonic"``.

    Examples
    --------
    >>> from forecastscore.calibration import reliability_table
    >>> t = reliability_table([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], bins=2)
    >>> t.edges, t.count
    (array([0. , 0.5, 1. ]), array([2, 2]))
    >>> t.mean_forecast, t.observed_frequency   # 1 of 2 happened, then 2 of 2
    (array([0.2, 0.8]), array([0.5, 1. ]))
    >>> t.binning, t.interval, t.confidence
    ('uniform', 'wilson', 0.95)
    """

    edges: FloatArray
    count: npt.NDArray[np.int64]
    mean_forecast: FloatArray
    observed_frequency: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    consistency_low: FloatArray
    consistency_high: FloatArray
    interval: str
    confidence: float
    binning: str

    @property
    def n(self) -> int:
        """Total number of forecasts."""
        return int(self.count.sum())

    @property
    def n_bins(self) -> int:
        """Number of bins, empty ones included."""
        return int(self.count.size)

    def __repr__(self) -> str:
        return (
            f"ReliabilityTable({self.n_bins} {self.binning} bin{'s' * (self.n_bins != 1)}, "
            f"n={self.n}, interval={self.interval!r}, confidence={self.confidence!r})"
        )

    _COLUMNS = (
        "bin_low",
        "bin_high",
        "count",
        "mean_forecast",
        "observed_frequency",
        "ci_low",
        "ci_high",
        "consistency_low",
        "consistency_high",
    )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per bin (empty bins included), NaN given as ``None`` (``null`` in JSON).

        Keys: ``bin_low``, ``bin_high`` (the bin's edges), ``count``, ``mean_forecast``,
        ``observed_frequency``, ``ci_low``, ``ci_high``, ``consistency_low``,
        ``consistency_high``.

        Examples
        --------
        >>> from forecastscore.calibration import reliability_table
        >>> t = reliability_table([0.2, 0.2, 0.8], [0, 1, 1], bins=2)
        >>> r = t.to_records()
        >>> len(r), r[0]["bin_low"], r[0]["bin_high"], r[0]["count"], r[0]["observed_frequency"]
        (2, 0.0, 0.5, 2, 0.5)
        """
        columns = [
            self.edges[:-1].tolist(),
            self.edges[1:].tolist(),
            self.count.tolist(),
            *(
                nones(a)
                for a in (
                    self.mean_forecast,
                    self.observed_frequency,
                    self.ci_low,
                    self.ci_high,
                    self.consistency_low,
                    self.consistency_high,
                )
            ),
        ]
        return [dict(zip(self._COLUMNS, row, strict=True)) for row in zip(*columns, strict=True)]

    def to_pandas(self) -> Any:
        """The table as a :class:`pandas.DataFrame`, one row per bin (the columns of
        :meth:`to_records`; missing statistics of empty bins are NaN).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return frame(self.to_records(), list(self._COLUMNS), "ReliabilityTable")


def reliability_table(
    forecast: Any,
    outcome: Any,
    *,
    bins: Any = 10,
    n_bins: int | None = None,
    interval: str = "wilson",
    confidence: float = 0.95,
    nan_policy: str = "raise",
) -> ReliabilityTable:
    r"""Reliability table of binary forecasts: per bin, forecast against observed frequency.

    For the forecasts :math:`p_i` in bin :math:`k` (:math:`n_k` of them, :math:`o_k` of whose
    events happened) the table holds

    .. math::

        \bar p_k = \frac{1}{n_k}\sum_{i \in k} p_i, \qquad
        \bar o_k = \frac{o_k}{n_k},

    with a confidence interval for :math:`\bar o_k` and a consistency band for it. Calibrated
    forecasts have :math:`\bar o_k \approx \bar p_k` in every bin. Not a score: the table
    describes, the decompositions below turn it into numbers.

    The interval for the observed frequency is the Wilson score interval by default, or the
    Jeffreys interval (the equal-tailed interval of the Beta(:math:`o_k + 1/2`,
    :math:`n_k - o_k + 1/2`) posterior, with the lower end set to 0 when :math:`o_k = 0` and
    the upper end to 1 when :math:`o_k = n_k`); both keep close to their nominal coverage in
    small bins, unlike the Wald interval [1]_. The consistency band answers the other
    question, where :math:`\bar o_k` would fall if the forecasts were calibrated [2]_: its
    ends are the quantiles of Binomial(:math:`n_k`, :math:`\bar p_k`) divided by
    :math:`n_k`. The exact distribution is Poisson-binomial, whose variance is at most the
    binomial's, so the band errs on the wide side when a bin pools different forecasts.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; broadcasts with ``forecast``.
    bins : int, array_like of float, or {'quantile', 'unique', 'isotonic'}, default 10
        The binning (see the module docstring): an integer is the number of equal-width bins
        (at most 1,000,000); edges must be strictly increasing, cover every forecast and number
        at most 1,000,001.
    n_bins : int, optional
        Number of bins for ``bins='quantile'`` (default 10 there, at most 1,000,000). It goes
        with ``'quantile'`` only: given with any other ``bins`` it is refused, so there is one
        way to ask for each binning.
    interval : {'wilson', 'jeffreys'}, default 'wilson'
        Interval for the observed frequency.
    confidence : float, default 0.95
        Level of the interval and of the consistency band.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the pairs that hold one.

    Returns
    -------
    ReliabilityTable

    Raises
    ------
    QuestionMismatchError
        pandas inputs (Series or DataFrames) whose indexes differ: values are paired by
        position, so differing labels are refused rather than paired silently.
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`forecastscore.brier_score`; also a forecast outside custom edges, or no
        pairs at all.
    InvalidOptionError
        Bad ``bins``, ``n_bins``, ``interval`` or ``confidence``: more than 1,000,000 bins, or
        ``n_bins`` with a ``bins`` other than ``'quantile'``.

    References
    ----------
    .. [1] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a
       binomial proportion. Statistical Science, 16(2), 101-133.
    .. [2] Bröcker, J. and Smith, L. A. (2007). Increasing the reliability of reliability
       diagrams. Weather and Forecasting, 22(3), 651-661.

    Examples
    --------
    >>> from forecastscore.calibration import reliability_table
    >>> t = reliability_table([0.1, 0.2, 0.8, 0.9, 0.7], [0, 0, 1, 1, 0], bins=2)
    >>> t.edges
    array([0. , 0.5, 1. ])
    >>> t.count
    array([2, 3])
    >>> t.mean_forecast, t.observed_frequency
    (array([0.15, 0.8 ]), array([0.        , 0.66666667]))
    >>> t.ci_low.round(3), t.ci_high.round(3)   # Wilson, 95%
    (array([0.   , 0.208]), array([0.658, 0.939]))
    """
    method = _checks.check_choice("interval", interval, _INTERVALS)
    conf = _checks.check_confidence(confidence)
    spec = _binning(bins, n_bins)
    p, y = _pairs(forecast, outcome, nan_policy)
    b = _bin(p, y, spec)
    mean_f, obs = _per_bin_means(b)
    n = b.count.astype(np.float64)
    lo, hi = _proportion_interval(b.sum_outcome, n, method, conf)
    c_lo, c_hi = _consistency_band(n, mean_f, conf)
    return ReliabilityTable(
        edges=b.edges,
        count=b.count,
        mean_forecast=mean_f,
        observed_frequency=obs,
        ci_low=lo,
        ci_high=hi,
        consistency_low=c_lo,
        consistency_high=c_hi,
        interval=method,
        confidence=conf,
        binning=b.kind,
    )


def expected_calibration_error(
    forecast: Any,
    outcome: Any,
    *,
    bins: Any = 10,
    n_bins: int | None = None,
    nan_policy: str = "raise",
) -> float:
    r"""Expected calibration error of binary forecasts (a loss: lower is better).

    .. math::

        \mathrm{ECE} = \sum_k \frac{n_k}{n}\,\lvert \bar o_k - \bar p_k \rvert

    the count-weighted mean gap between observed frequency and mean forecast over the bins of
    :func:`reliability_table`; in probability units, 0 to 1.

    **Bias.** This plug-in estimate is biased, in both directions. Upward: even perfectly
    calibrated forecasts score above 0, because :math:`\bar o_k` is noisy; for a bin of
    :math:`n_k` calibrated forecasts near :math:`\bar p_k` the expected gap is about
    :math:`\sqrt{2\bar p_k(1-\bar p_k)/(\pi n_k)}` (the mean absolute value of a normal
    error), so the ECE of a calibrated forecaster grows as the bins get smaller and shrinks
    only like :math:`1/\sqrt{n}` [1]_ [2]_. Downward: errors of opposite sign inside one bin
    cancel, so coarse bins hide miscalibration [1]_. Its value therefore depends on the
    binning, and comparing ECEs across sample sizes or binnings says little. Read it beside
    the reliability table's consistency band, or use the CORP miscalibration
    (:func:`corp_decomposition`), which needs no choice of bins.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    bins, n_bins, nan_policy
        As in :func:`reliability_table`.

    Returns
    -------
    float

    References
    ----------
    .. [1] Kumar, A., Liang, P. and Ma, T. (2019). Verified uncertainty calibration. NeurIPS
       32.
    .. [2] Roelofs, R., Cain, N., Shlens, J. and Mozer, M. C. (2022). Mitigating bias in
       calibration error estimation. AISTATS, PMLR 151, 4036-4054.

    Examples
    --------
    >>> from forecastscore.calibration import expected_calibration_error
    >>> # bin [0, 0.5): mean 0.15, frequency 0; bin [0.5, 1]: mean 0.8, frequency 2/3
    >>> round(expected_calibration_error([0.1, 0.2, 0.8, 0.9, 0.7], [0, 0, 1, 1, 0], bins=2), 4)
    0.14
    """
    spec = _binning(bins, n_bins)
    p, y = _pairs(forecast, outcome, nan_policy)
    b = _bin(p, y, spec)
    gap = np.abs(b.sum_outcome - b.sum_forecast)  # n_k * |obar_k - pbar_k|
    return float(gap.sum() / p.size)
