r"""Calibration: reliability tables, score decompositions and skill scores.

What lives here: :func:`reliability_table` (per-bin counts, mean forecasts, observed
frequencies with confidence intervals and consistency bands), :func:`expected_calibration_error`,
the Murphy decomposition of the Brier score with the two extra within-bin terms that keep it
exact when bins pool different forecasts (:func:`murphy_decomposition`,
:func:`categorical_murphy_decomposition`), the CORP decomposition built on isotonic
recalibration (:func:`corp_decomposition`), and skill scores against a reference
(:func:`skill_score`, :func:`brier_skill_score`).

What does not: the scores themselves (``forecastscore.rules``), comparisons between
forecasters (``forecastscore.compare``) and figures (``forecastscore.plot``, which draws what
this module computes).

Binning, everywhere in this module, is chosen by ``bins``, and there is one way to say each
binning:

- an integer ``m``: ``m`` equal-width bins with edges ``0, 1/m, ..., 1`` (computed as
  ``i / m``, so that an edge typed as ``0.3`` is exactly ``0.3``);
- an increasing array of edges that covers every forecast;
- ``"quantile"``: ``n_bins`` bins (default 10) holding about equally many forecasts (edges
  are quantiles of the forecasts; tied quantiles merge, so there may be fewer bins);
- ``"unique"``: one bin per distinct forecast value (Murphy's original partition);
- ``"isotonic"``: the blocks of the isotonic (PAV) recalibration, the CORP choice of
  Dimitriadis, Gneiting and Jordan (2021).

``n_bins`` goes with ``bins="quantile"`` only: with any other ``bins`` it is refused (an
integer ``bins`` is itself the number of bins, and the other binnings choose their own), so
``reliability_table(p, y, n_bins=5)`` is an error rather than ten bins. No binning may ask for
more than 1,000,000 bins: an integer ``bins`` or ``n_bins`` above that, or an array of more
than 1,000,001 edges, is refused with :class:`~forecastscore.InvalidOptionError` (every bin
costs a row in each per-bin array, empty or not, and bins narrower than ``1e-6`` hold nothing
a reliability table can show).

Bins are closed on the left and open on the right, ``[e_i, e_{i+1})``, except the last, which
is closed (as in :func:`numpy.histogram`).

Every result class has ``to_records()`` (plain Python values, NaN as ``None``) and
``to_pandas()`` (pandas is imported only then), and a one-line ``repr``.

References
----------
.. [1] Murphy, A. H. (1973). A new vector partition of the probability score. Journal of
   Applied Meteorology, 12(4), 595-600.
.. [2] Stephenson, D. B., Coelho, C. A. S. and Jolliffe, I. T. (2008). Two extra components in
   the Brier score decomposition. Weather and Forecasting, 23(4), 752-757.
.. [3] Dimitriadis, T., Gneiting, T. and Jordan, A. I. (2021). Stable reliability diagrams for
   probabilistic classifiers. PNAS, 118(8), e2016191118.
.. [4] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a binomial
   proportion. Statistical Science, 16(2), 101-133.
.. [5] Bröcker, J. and Smith, L. A. (2007). Increasing the reliability of reliability
   diagrams. Weather and Forecasting, 22(3), 651-661.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from . import _checks, rules
from .errors import InvalidForecastError, InvalidOptionError, InvalidOutcomeError, ShapeError
from .scoring import Rule, RuleFunction, get_rule

__all__ = [
    "CorpDecomposition",
    "MurphyDecomposition",
    "ReliabilityTable",
    "SkillScore",
    "brier_skill_score",
    "categorical_murphy_decomposition",
    "corp_decomposition",
    "expected_calibration_error",
    "murphy_decomposition",
    "reliability_table",
    "skill_score",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_BIN_NAMES = ("quantile", "unique", "isotonic")
# The most bins any binning may ask for (``bins``, ``n_bins``, or ``_MAX_BINS + 1`` edges).
_MAX_BINS = 1_000_000
_DEFAULT_QUANTILE_BINS = 10
_INTERVALS = ("wilson", "jeffreys")
_CORP_RULES = ("brier", "log", "spherical")


# --- inputs -------------------------------------------------------------------------------


def _pairs(forecast: Any, outcome: Any, nan_policy: str) -> tuple[FloatArray, FloatArray]:
    """Validated forecasts and 0/1 outcomes as two flat float arrays of equal length."""
    policy = _checks.check_choice("nan_policy", nan_policy, ("raise", "omit"))
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p, y, missing, _ = rules._binary_inputs(forecast, outcome, policy)
    shape = np.broadcast_shapes(p.shape, y.shape)
    pf = np.broadcast_to(p, shape).ravel()
    yf = np.broadcast_to(y, shape).ravel().astype(np.float64)
    if missing is not None:
        keep = ~missing.ravel()
        pf, yf = pf[keep], yf[keep]
    if pf.size == 0:
        raise ShapeError(
            "forecast and outcome hold no pairs"
            + (" once NaN pairs are omitted" if missing is not None else "")
            + "; calibration needs at least one forecast"
        )
    return np.ascontiguousarray(pf, dtype=np.float64), yf


# --- results as records -------------------------------------------------------------------


def _g(v: float) -> str:
    """A float for a one-line repr: six significant digits."""
    return f"{v:.6g}"


def _none_if_nan(values: FloatArray) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values.tolist()]


def _frame(rows: list[dict[str, Any]], columns: list[str], owner: str) -> Any:
    """``rows`` as a :class:`pandas.DataFrame` (pandas is imported here, never at import)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            f"{owner}.to_pandas needs pandas: pip install 'forecastscore[pandas]'"
        ) from None
    return pd.DataFrame(rows, columns=columns)


# --- binning ------------------------------------------------------------------------------


@attrs.frozen
class _Bins:
    """Bin assignment of each forecast, plus per-bin sums."""

    kind: str
    edges: FloatArray
    index: IntArray
    count: npt.NDArray[np.int64]
    sum_forecast: FloatArray
    sum_outcome: FloatArray
    # The exact forecast value of each bin when every bin holds one value ("unique").
    values: FloatArray | None


def _isotonic_fit(
    p: FloatArray, y: FloatArray
) -> tuple[FloatArray, FloatArray, IntArray, npt.NDArray[np.bool_]]:
    """PAV recalibration: the distinct forecasts, their fitted frequencies, the inverse, and
    where a new pool (a bin of the recalibrated forecast) starts among the distinct forecasts.

    The outcomes are 0/1, so each pool's frequency is a ratio of two integers, counted
    exactly. Which adjacent pools have equal frequencies is decided on those integers
    (``k1 * n2 == k2 * n1``), not on the rounded means the PAV algorithm worked with: two
    pools of frequency 1/3, one reached as 1/3 and the other as pooled 2/6, form one bin
    whatever order the pooled means were summed in. Each fitted value is then the correctly
    rounded ``k / n``, in [0, 1] by construction.
    """
    from scipy.optimize import isotonic_regression

    u, inv = np.unique(p, return_inverse=True)
    inv = inv.reshape(-1)
    cnt = np.bincount(inv, minlength=u.size)
    ysum = np.bincount(inv, weights=y, minlength=u.size)
    result = isotonic_regression(ysum / cnt, weights=cnt.astype(np.float64), increasing=True)
    starts = np.asarray(result.blocks, dtype=np.intp)[:-1]
    n_pool = np.add.reduceat(cnt, starts).astype(np.int64)
    k_pool = np.rint(np.add.reduceat(ysum, starts)).astype(np.int64)
    same = k_pool[:-1] * n_pool[1:] == k_pool[1:] * n_pool[:-1]
    new_pool = np.concatenate(([True], ~same))
    fit = np.repeat(k_pool / n_pool, np.diff(np.append(starts, u.size)))
    new_block = np.zeros(u.size, dtype=bool)
    new_block[starts[new_pool]] = True
    return u, fit, inv, new_block


def _midpoint_edges(u: FloatArray, starts: IntArray) -> FloatArray:
    """Edges 0, the midpoints between groups of sorted distinct values, 1.

    Bin ``i`` is ``[edges[i], edges[i + 1])``, so each midpoint must lie above the last value
    of the group below it: between two adjacent floats the rounded midpoint may round down to
    the lower value, and is then moved up to the upper one.
    """
    below, above = u[starts[1:] - 1], u[starts[1:]]
    mids = below + (above - below) / 2.0
    mids = np.where(mids > below, mids, above)
    return np.concatenate(([min(0.0, float(u[0]))], mids, [max(1.0, float(u[-1]))]))


@attrs.frozen
class _Binning:
    """A validated binning option: its kind, the number of bins or the edges."""

    kind: str
    count: int = 0
    edges: FloatArray | None = None


_BINS_EXPECTED = (
    "bins must be an integer, an array of edges or one of 'quantile', 'unique', 'isotonic'"
)


def _bin_count(name: str, value: Any) -> int:
    """An integer number of bins in ``[1, _MAX_BINS]`` (booleans refused)."""
    n = _checks.check_integer(name, value, 1)
    if n > _MAX_BINS:
        raise InvalidOptionError(
            f"{name} = {value!r} asks for more than {_MAX_BINS:,} bins, the most a binning may "
            "have (each bin is a row of the result, empty or not)"
        )
    return n


def _binning(bins: Any, n_bins: Any) -> _Binning:
    """Validate ``bins`` and ``n_bins`` before any data is looked at (one way to say each
    binning: ``n_bins`` goes with ``bins='quantile'`` only)."""
    count = None if n_bins is None else _bin_count("n_bins", n_bins)
    if isinstance(bins, str):
        kind = _checks.check_choice("bins", bins, _BIN_NAMES)
        if kind == "quantile":
            return _Binning(kind, _DEFAULT_QUANTILE_BINS if count is None else count)
        spec = _Binning(kind)
    elif isinstance(bins, bool) or bins is None:
        raise InvalidOptionError(f"{_BINS_EXPECTED} (got {bins!r})")
    elif isinstance(bins, (numbers.Integral, np.integer)):
        spec = _Binning("uniform", _bin_count("bins", bins))
    elif isinstance(bins, numbers.Number):
        raise InvalidOptionError(f"{_BINS_EXPECTED} (got {bins!r})")
    else:
        spec = _Binning("edges", edges=_check_edges(bins))
    if count is not None:
        if spec.kind == "uniform":
            why = (
                f"an integer bins is itself the number of bins (for {count} equal-width bins "
                f"pass bins={count})"
            )
        elif spec.kind == "edges":
            why = "edges fix the bins"
        else:
            why = f"bins={bins!r} chooses its own bins"
        raise InvalidOptionError(
            f"n_bins applies to bins='quantile' only (got n_bins={n_bins!r} with "
            f"{_describe_bins(bins)}): {why}"
        )
    return spec


def _describe_bins(bins: Any) -> str:
    if isinstance(bins, (str, numbers.Integral, np.integer)):
        return f"bins={bins!r}"
    return "bins given as edges"


def _bin(p: FloatArray, y: FloatArray, spec: _Binning) -> _Bins:
    values: FloatArray | None = None
    kind = spec.kind
    if kind == "quantile":
        m = spec.count
        edges = np.unique(np.quantile(p, np.arange(m + 1) / m))
        if edges.size == 1:
            edges = np.array([edges[0], edges[0]])
        index = _searchsorted_bins(edges, p)
    elif kind in ("unique", "isotonic"):
        if kind == "isotonic":
            u, _, inv, new_block = _isotonic_fit(p, y)
        else:
            u, inv = np.unique(p, return_inverse=True)
            inv = inv.reshape(-1)
            new_block = np.ones(u.size, dtype=bool)
            values = u
        block = np.cumsum(new_block) - 1
        index = block[inv]
        edges = _midpoint_edges(u, np.flatnonzero(new_block))
    elif kind == "uniform":
        edges = np.arange(spec.count + 1) / spec.count
        index = _searchsorted_bins(edges, p)
    else:
        assert spec.edges is not None
        edges = spec.edges
        _check_covered(p, edges)
        index = _searchsorted_bins(edges, p)
    nb = edges.size - 1
    index = index.astype(np.intp, copy=False)
    return _Bins(
        kind=kind,
        edges=edges.astype(np.float64),
        index=index,
        count=np.bincount(index, minlength=nb).astype(np.int64),
        sum_forecast=np.bincount(index, weights=p, minlength=nb).astype(np.float64),
        sum_outcome=np.bincount(index, weights=y, minlength=nb).astype(np.float64),
        values=values,
    )


def _searchsorted_bins(edges: FloatArray, p: FloatArray) -> IntArray:
    nb = edges.size - 1
    idx = np.searchsorted(edges, p, side="right") - 1
    return np.clip(idx, 0, nb - 1).astype(np.intp)


def _check_edges(bins: Any) -> FloatArray:
    e = _checks.as_float_array(bins, "bins")
    if e.ndim != 1 or e.size < 2:
        raise ShapeError(
            f"bins given as edges must be a 1-D array of at least 2 values (got shape {e.shape})"
        )
    if e.size > _MAX_BINS + 1:
        raise InvalidOptionError(
            f"bins holds {e.size:,} edges, more than the {_MAX_BINS + 1:,} of the most bins a "
            f"binning may have ({_MAX_BINS:,})"
        )
    bad = ~np.isfinite(e)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidOptionError(f"bins[{i}] = {float(e[i])!r} is not a finite edge")
    step = np.diff(e)
    if (step <= 0).any():
        i = int(np.flatnonzero(step <= 0)[0])
        raise InvalidOptionError(
            f"bins must be strictly increasing edges, but bins[{i + 1}] = {float(e[i + 1])!r} "
            f"follows bins[{i}] = {float(e[i])!r}"
        )
    return e


def _check_covered(p: FloatArray, edges: FloatArray) -> None:
    out = (p < edges[0]) | (p > edges[-1])
    if out.any():
        i = int(np.flatnonzero(out)[0])
        raise InvalidForecastError(
            f"forecast[{i}] = {float(p[i])!r} lies outside the bin edges "
            f"[{float(edges[0])!r}, {float(edges[-1])!r}]; every forecast must fall in a bin"
        )


def _per_bin_means(b: _Bins) -> tuple[FloatArray, FloatArray]:
    nonempty = b.count > 0
    safe = np.where(nonempty, b.count, 1)
    mean_f = np.where(nonempty, b.sum_forecast / safe, np.nan)
    if b.values is not None:
        mean_f = b.values.astype(np.float64)
    obs = np.where(nonempty, b.sum_outcome / safe, np.nan)
    return mean_f, obs


# --- reliability --------------------------------------------------------------------------


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
                _none_if_nan(a)
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
        return _frame(self.to_records(), list(self._COLUMNS), "ReliabilityTable")


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


# --- Murphy -------------------------------------------------------------------------------


@attrs.frozen
class MurphyDecomposition:
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
            f"MurphyDecomposition(brier={_g(self.brier)}, reliability={_g(self.reliability)}, "
            f"resolution={_g(self.resolution)}, uncertainty={_g(self.uncertainty)}, "
            f"within_bin_variance={_g(self.within_bin_variance)}, "
            f"within_bin_covariance={_g(self.within_bin_covariance)}, n={self.n}, "
            f"n_bins={self.n_bins})"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict holding every field (a single row, so that results stack into tables)."""
        return [attrs.asdict(self)]

    def to_pandas(self) -> Any:
        """A one-row :class:`pandas.DataFrame` of :meth:`to_records`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return _frame(
            self.to_records(), [f.name for f in attrs.fields(type(self))], type(self).__name__
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


# --- CORP ---------------------------------------------------------------------------------


@attrs.frozen
class CorpDecomposition:
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
            f"CorpDecomposition(rule={self.rule!r}, score={_g(self.score)}, "
            f"miscalibration={_g(self.miscalibration)}, "
            f"discrimination={_g(self.discrimination)}, uncertainty={_g(self.uncertainty)}, "
            f"n={self.n})"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict holding every field (a single row, so that results stack into tables)."""
        return [attrs.asdict(self)]

    def to_pandas(self) -> Any:
        """A one-row :class:`pandas.DataFrame` of :meth:`to_records`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return _frame(
            self.to_records(), [f.name for f in attrs.fields(type(self))], type(self).__name__
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


# --- skill --------------------------------------------------------------------------------


@attrs.frozen
class SkillScore:
    r"""A skill score and what it was measured against (positively oriented).

    Attributes
    ----------
    skill : float
        :math:`1 - \bar S / \bar S_{\mathrm{ref}}`: 1 for perfect forecasts, 0 for as good as
        the reference, negative for worse. **Higher is better**, unlike the scores.
    score : float
        Mean score (a loss) of the forecasts.
    reference_score : float
        Mean score (a loss) of the reference on the same outcomes.
    reference : str
        What the reference was, e.g. ``"climatology 0.25 (in-sample base rate)"``,
        ``"constant 0.5"`` or ``"another forecast"``.
    rule : str
        The score's name.
    n : int
        Number of forecasts.

    Examples
    --------
    >>> from forecastscore.calibration import skill_score
    >>> s = skill_score([0.8, 0.6, 0.4, 0.2], [1, 1, 0, 0])
    >>> s.score, s.reference_score  # (0.04 + 0.16 + 0.16 + 0.04) / 4; base rate 0.5: 0.25
    (0.1, 0.25)
    >>> s.skill                     # 1 - 0.1 / 0.25: higher is better
    0.6
    >>> s.reference, s.rule, s.n
    ('climatology 0.5 (in-sample base rate)', 'brier', 4)
    """

    skill: float
    score: float
    reference_score: float
    reference: str
    rule: str
    n: int

    def __float__(self) -> float:
        return self.skill

    def __repr__(self) -> str:
        return (
            f"SkillScore(skill={_g(self.skill)}, rule={self.rule!r}, "
            f"reference={self.reference!r}, n={self.n})"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict holding every field (a single row, so that results stack into tables)."""
        return [attrs.asdict(self)]

    def to_pandas(self) -> Any:
        """A one-row :class:`pandas.DataFrame` of :meth:`to_records`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return _frame(
            self.to_records(), [f.name for f in attrs.fields(type(self))], type(self).__name__
        )


def skill_score(
    forecast: Any,
    outcome: Any,
    *,
    rule: str | RuleFunction | Rule = "brier",
    reference: Any = "climatology",
    nan_policy: str = "raise",
) -> SkillScore:
    r"""Skill score of binary forecasts against a reference (positively oriented: higher is better).

    .. math::

        \mathrm{SS} = 1 - \frac{\bar S(p)}{\bar S(p_{\mathrm{ref}})}

    where :math:`\bar S` is the mean score (a loss) under ``rule``. **Unlike every score in
    this library, a skill score is higher-is-better**: 1 is perfect, 0 is no better than the
    reference, and below 0 is worse than it. It is a unitless ratio. With ``rule='brier'``
    and climatology as the reference it is the Brier skill score (:func:`brier_skill_score`).

    The reference is one of:

    - ``"climatology"``: the base rate of these very outcomes, a constant forecast known only
      in hindsight (the result says ``in-sample``). It gives the reference the benefit of the
      sample; pass a base rate known beforehand as a number instead.
    - a number in [0, 1]: a constant forecast, e.g. 0.5 or a historical base rate.
    - an array of probabilities: another forecaster's forecasts of the same events.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    rule : {'brier', 'log', 'spherical'} or callable, default 'brier'
        The score, as in :func:`forecastscore.score`.
    reference : 'climatology', float or array_like of float, default 'climatology'
        The reference forecast.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the pairs where the forecast, the outcome or (for an array)
        the reference is NaN.

    Returns
    -------
    SkillScore
        ``float(result)`` is the skill.

    Raises
    ------
    QuestionMismatchError
        pandas inputs (Series or DataFrames) whose indexes differ: values are paired by
        position, so differing labels are refused rather than paired silently.
    InvalidForecastError
        Bad forecasts or reference, or a reference whose mean score is 0 or ``inf`` (then
        no skill ratio exists). Forecasts whose own mean score is ``inf`` (a log score
        with probability 0 on what happened) get a skill of ``-inf``.
    InvalidOutcomeError
        Bad outcomes, or climatology as the reference when all outcomes are equal (the base
        rate is then a perfect forecast and the ratio is undefined).
    InvalidOptionError, UnknownRuleError, ShapeError
        A bad ``reference`` name, an unknown rule, or shapes that do not match.

    References
    ----------
    .. [1] Murphy, A. H. (1988). Skill scores based on the mean square error and their
       relationships to the correlation coefficient. Monthly Weather Review, 116(12),
       2417-2424.

    Examples
    --------
    >>> from forecastscore.calibration import skill_score
    >>> s = skill_score([0.9, 0.2, 0.7, 0.1], [1, 0, 1, 0])   # base rate 0.5 scores 0.25
    >>> round(s.score, 12), round(s.reference_score, 12), round(s.skill, 4)
    (0.0375, 0.25, 0.85)
    >>> s.reference
    'climatology 0.5 (in-sample base rate)'
    >>> # Brier 0.025 against the reference's (0.16 + 0.25) / 2 = 0.205: 1 - 0.025 / 0.205
    >>> round(float(skill_score([0.9, 0.2], [1, 0], reference=[0.6, 0.5])), 4)
    0.878
    """
    r = get_rule(rule)
    policy = _checks.check_choice("nan_policy", nan_policy, ("raise", "omit"))
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome), ("reference", reference))
    ref_array: FloatArray | None = None
    if isinstance(reference, str):
        _checks.check_choice("reference", reference, ("climatology",))
    elif isinstance(reference, numbers.Real) and not isinstance(reference, bool):
        c = float(reference)
        if not 0.0 <= c <= 1.0:
            raise InvalidForecastError(f"reference = {reference!r} is not a probability in [0, 1]")
    else:
        ref_array = _checks.as_float_array(reference, "reference")
        _checks.check_probabilities(ref_array, "reference", _checks.check_nan_policy(policy))

    if ref_array is None:
        p, y = _pairs(forecast, outcome, policy)
    else:
        p, ref_array, y = _with_reference(forecast, outcome, ref_array, policy)

    yb = y.astype(bool)
    score = float(np.mean(r.binary(p, yb)))
    if isinstance(reference, str):
        rate = float(y.mean())
        ref_scores = r.binary(np.full(1, rate), yb)
        label = f"climatology {rate:.6g} (in-sample base rate)"
        if rate in (0.0, 1.0):
            raise InvalidOutcomeError(
                f"all {p.size} outcomes are {int(rate)}, so the in-sample climatology "
                f"({rate}) is a perfect forecast and a skill score relative to it is "
                "undefined; pass a base rate known beforehand as reference=<number>"
            )
    elif ref_array is None:
        c = float(reference)
        ref_scores = r.binary(np.full(1, c), yb)
        label = f"constant {c:.6g}"
    else:
        ref_scores = r.binary(ref_array, yb)
        label = "another forecast"
    ref_score = float(np.mean(np.broadcast_to(ref_scores, yb.shape)))
    if ref_score == 0.0:
        raise InvalidForecastError(
            f"the reference ({label}) scores 0 on these {p.size} outcomes: it is perfect, "
            "so a skill score relative to it is undefined"
        )
    if np.isinf(ref_score):
        # inf / inf would be NaN, and finite / inf a skill of 1 for any finite forecasts.
        raise InvalidForecastError(
            f"the reference ({label}) scores inf under rule={r.name!r} on these {p.size} "
            "outcomes (it gave probability 0 to something that happened), so a skill score "
            "relative to it is undefined"
        )
    return SkillScore(
        skill=1.0 - score / ref_score,
        score=score,
        reference_score=ref_score,
        reference=label,
        rule=r.name,
        n=int(p.size),
    )


def _with_reference(
    forecast: Any, outcome: Any, ref: FloatArray, policy: str
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Flat forecasts, reference forecasts and outcomes, paired event by event."""
    p0 = _checks.as_float_array(forecast, "forecast")
    if ref.shape != p0.shape:
        raise ShapeError(
            f"reference of shape {ref.shape} must have the shape of forecast {p0.shape}: "
            "it forecasts the same events"
        )
    y0 = outcome if isinstance(outcome, np.ndarray) else np.asarray(outcome)
    if policy == "omit":
        shape = _checks.broadcast_shape(p0.shape, y0.shape, ("forecast", "outcome"))
        bad = np.isnan(p0) | np.isnan(ref)
        if y0.dtype.kind == "f":
            bad = bad | np.isnan(y0)
        keep = ~np.broadcast_to(bad, shape).ravel()
        p0 = np.broadcast_to(p0, shape).ravel()[keep]
        ref = np.broadcast_to(ref, shape).ravel()[keep]
        y0 = np.broadcast_to(y0, shape).ravel()[keep]
    p, y = _pairs(p0, y0, "raise")
    shape = np.broadcast_shapes(p0.shape, y0.shape)
    return p, np.broadcast_to(ref, shape).ravel().astype(np.float64), y


def brier_skill_score(
    forecast: Any, outcome: Any, *, reference: Any = "climatology", nan_policy: str = "raise"
) -> SkillScore:
    r"""Brier skill score (positively oriented: higher is better).

    .. math::

        \mathrm{BSS} = 1 - \overline{\mathrm{BS}}(p) \,/\, \overline{\mathrm{BS}}(p_{\mathrm{ref}})

    :func:`skill_score` with ``rule='brier'``; with the in-sample climatology as reference
    it equals :math:`(\mathrm{RES} - \mathrm{REL} - \mathrm{WBV} + 2\,\mathrm{WBC})/\mathrm{UNC}`
    in the terms of :func:`murphy_decomposition`. 1 is perfect, 0 no better than the
    reference, negative worse.

    Parameters
    ----------
    forecast, outcome, reference, nan_policy
        As in :func:`skill_score`.

    Returns
    -------
    SkillScore

    Examples
    --------
    >>> from forecastscore.calibration import brier_skill_score
    >>> round(brier_skill_score([0.9, 0.2, 0.7, 0.1], [1, 0, 1, 0]).skill, 4)
    0.85
    """
    return skill_score(forecast, outcome, rule="brier", reference=reference, nan_policy=nan_policy)
