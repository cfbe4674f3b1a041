r"""Honest comparisons of forecasters: paired differences with intervals and tests.

What lives here: :func:`compare`, a paired comparison of two sets of scores on the same
cases (bootstrap, sign-flip permutation or Diebold-Mariano, clustered by question when several
claims concern one event), and :func:`pairwise_relative_skill`, the ratio-of-mean-scores
comparison of many forecasters on their overlapping questions used by the epidemic
forecasting hubs. What does not: computing the scores (``forecastscore.rules``,
``forecastscore.ledger``) or calibration (``forecastscore.calibration``).

Small samples are the rule, not the exception, when the forecaster is a pundit with ten
claims. Every result states its method, and a method that needs more data than it was given
says so (``ci_low``/``ci_high``/``p_value`` are ``None`` and ``note`` says why) rather than
returning a confident-looking number.

Scores are losses throughout (lower is better), so a negative mean difference
``mean_a - mean_b`` means the first forecaster did better.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from . import _checks
from .errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    QuestionMismatchError,
    ShapeError,
)

__all__ = ["Comparison", "RelativeSkill", "compare", "pairwise_relative_skill"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_METHODS = ("bootstrap", "permutation", "diebold-mariano")
# Elements per resampling chunk: bounds memory at a few tens of MB whatever the sizes.
_CHUNK = 1 << 20
# Exact enumeration of sign patterns up to this many clusters (2**16 patterns).
_MAX_EXACT = 16
# The most resamples or random sign patterns: bounds the memory of the statistics kept for
# the quantiles (8 MB each) and gives p-values to 1e-6, far finer than any sample supports.
_MAX_RESAMPLES = 1_000_000
# Score differences whose largest size lies outside [2**-_SCALE_RANGE, 2**_SCALE_RANGE] are
# scaled by a power of two (exactly) before any sum, square or product is formed.
_SCALE_RANGE = 256


@attrs.frozen
class Comparison:
    r"""A paired comparison of two forecasters' scores on the same cases.

    Attributes
    ----------
    mean_a, mean_b : float
        Mean score of each forecaster over the common cases (losses: lower is better).
    mean_difference : float
        ``mean_a - mean_b``: negative when the first forecaster scored better.
    ci_low, ci_high : float or None
        Confidence interval for the mean difference, or ``None`` when the method cannot give
        a meaningful one with this little data (``note`` says why).
    p_value : float or None
        Two-sided p-value for "no difference", or ``None`` (see ``note``).
    confidence : float
        Level of the interval.
    method : str
        How the interval and p-value were made, in words.
    n : int
        Number of paired cases.
    n_clusters : int
        Number of independent units resampled or permuted (questions when clustered, else
        cases).
    note : str
        Empty, or why an interval or p-value is missing or should be read with care.

    Examples
    --------
    Forecaster A beat B on each of three cases; with so few cases an exact test cannot reject
    "no difference", and the result says so rather than print a misleading interval:

    >>> from forecastscore.compare import compare
    >>> c = compare([0.04, 0.09, 0.01], [0.25, 0.36, 0.09], method="permutation")
    >>> round(c.mean_a, 4), round(c.mean_b, 4)          # 0.14 / 3 and 0.70 / 3
    (0.0467, 0.2333)
    >>> round(c.mean_difference, 4)                     # negative: A's losses were lower
    -0.1867
    >>> c.p_value                   # 2 of the 2**3 sign patterns are as extreme
    0.25
    >>> c.ci_low is None, c.n, c.n_clusters
    (True, 3, 3)
    >>> print(c.note)
    with 3 cases the sign-flip test cannot reject any difference at level 0.05 (smallest
    possible p-value 0.25), so no bounded 95% interval exists; the p-value is exact
    """

    mean_a: float
    mean_b: float
    mean_difference: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    confidence: float
    method: str
    n: int
    n_clusters: int
    note: str = ""

    def __repr__(self) -> str:
        interval = (
            "None"
            if self.ci_low is None or self.ci_high is None
            else f"[{_g(self.ci_low)}, {_g(self.ci_high)}]"
        )
        p = "None" if self.p_value is None else _g(self.p_value)
        how = self.method.split(" (")[0].split(":")[0]
        if self.method.endswith(": not run"):
            how += ": not run"
        return (
            f"Comparison(mean_difference={_g(self.mean_difference)}, ci={interval}, "
            f"p_value={p}, n={self.n}, n_clusters={self.n_clusters}, method={how!r})"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict holding every field (a single row; a missing interval or p-value is
        ``None``), so that comparisons stack into a table.

        Examples
        --------
        >>> from forecastscore.compare import compare
        >>> r = compare([0.1, 0.2, 0.3], [0.2, 0.2, 0.5], method="permutation").to_records()
        >>> r[0]["p_value"], r[0]["ci_low"], r[0]["n"]
        (0.5, None, 3)
        """
        return [attrs.asdict(self)]

    def to_pandas(self) -> Any:
        """A one-row :class:`pandas.DataFrame` of :meth:`to_records`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return _frame(self.to_records(), [f.name for f in attrs.fields(Comparison)], "Comparison")


def _g(v: float) -> str:
    """A float for a one-line repr: six significant digits."""
    return f"{v:.6g}"


def _frame(rows: list[dict[str, Any]], columns: list[str], owner: str) -> Any:
    """``rows`` as a :class:`pandas.DataFrame` (pandas is imported here, never at import)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            f"{owner}.to_pandas needs pandas: pip install 'forecastscore[pandas]'"
        ) from None
    return pd.DataFrame(rows, columns=columns)


# --- inputs -------------------------------------------------------------------------------


def _from_mappings(
    scores_a: Any, scores_b: Any, cluster: Any
) -> tuple[FloatArray, FloatArray, Any, tuple[int, ...]]:
    if not (isinstance(scores_a, Mapping) and isinstance(scores_b, Mapping)):
        raise ForecastTypeError(
            "scores_a and scores_b must both be mappings (case -> score) or both arrays "
            f"(got {type(scores_a).__name__} and {type(scores_b).__name__})"
        )
    only_a = [k for k in scores_a if k not in scores_b]
    only_b = [k for k in scores_b if k not in scores_a]
    if only_a or only_b:
        raise QuestionMismatchError(
            "scores_a and scores_b do not cover the same cases: "
            f"{len(only_a)} only in scores_a{_examples(only_a)}, "
            f"{len(only_b)} only in scores_b{_examples(only_b)}; a paired comparison needs "
            "both scores for every case (restrict both to scores_a.keys() & scores_b.keys() "
            "to compare on the common cases)"
        )
    keys = list(scores_a)
    a = _checks.as_real_array([scores_a[k] for k in keys], "scores_a")
    b = _checks.as_real_array([scores_b[k] for k in keys], "scores_b")
    labels = None
    if cluster is not None:
        if not isinstance(cluster, Mapping):
            raise ForecastTypeError(
                "with mappings of scores, cluster must be a mapping case -> cluster label "
                f"(got {type(cluster).__name__})"
            )
        missing = [k for k in keys if k not in cluster]
        if missing:
            raise QuestionMismatchError(
                f"cluster has no label for {len(missing)} case(s){_examples(missing)}"
            )
        labels = np.asarray([cluster[k] for k in keys])
    return a, b, labels, (len(keys),)


def _examples(keys: list[Any]) -> str:
    if not keys:
        return ""
    shown = ", ".join(repr(k) for k in keys[:3])
    return f" (e.g. {shown}{', ...' if len(keys) > 3 else ''})"


def _paired(
    scores_a: Any, scores_b: Any, cluster: Any, nan_policy: str
) -> tuple[FloatArray, FloatArray, IntArray | None, int]:
    """Flat paired scores, cluster codes (or None), and how many pairs NaN removed."""
    policy = _checks.check_choice("nan_policy", nan_policy, ("raise", "omit"))
    _checks.check_aligned(("scores_a", scores_a), ("scores_b", scores_b), ("cluster", cluster))
    if isinstance(scores_a, Mapping) or isinstance(scores_b, Mapping):
        a, b, labels, shape = _from_mappings(scores_a, scores_b, cluster)
    else:
        a = _checks.as_real_array(scores_a, "scores_a")
        b = _checks.as_real_array(scores_b, "scores_b")
        if a.shape != b.shape:
            raise ShapeError(
                f"scores_a of shape {a.shape} and scores_b of shape {b.shape} must have the "
                "same shape: a paired comparison needs both scores for every case"
            )
        shape = a.shape
        labels = None
        if cluster is not None:
            labels = np.asarray(cluster)
            if labels.shape != shape:
                raise ShapeError(
                    f"cluster of shape {labels.shape} must have the shape of the scores "
                    f"{shape}: one label per case"
                )
    a, b = a.reshape(-1), b.reshape(-1)
    dropped = 0
    for name, x in (("scores_a", a), ("scores_b", b)):
        bad = ~np.isfinite(x)
        if policy == "omit":
            bad &= ~np.isnan(x)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            v = float(x[i])
            where = f"{name}{_checks.position(shape, i)}"
            if math.isnan(v):
                raise InvalidForecastError(
                    f"{where} is NaN; pass nan_policy='omit' to compare on the cases where "
                    "both scores exist"
                )
            raise InvalidForecastError(
                f"{where} = {v!r} is not a finite score; a comparison of means needs finite "
                "scores (a log score of inf means a probability of 0 on what happened)"
            )
    codes: IntArray | None = None
    if policy == "omit":
        keep = ~(np.isnan(a) | np.isnan(b))
        dropped = int(keep.size - keep.sum())
        a, b = a[keep], b[keep]
        if labels is not None:
            labels = labels.reshape(-1)[keep]
    if a.size == 0:
        raise ShapeError("scores_a and scores_b hold no paired cases to compare")
    if labels is not None:
        flat_labels = labels.reshape(-1)
        if flat_labels.dtype.kind in "fc" or flat_labels.dtype.kind == "M":
            missing = (
                np.isnat(flat_labels) if flat_labels.dtype.kind == "M" else np.isnan(flat_labels)
            )
            if missing.any():
                i = int(np.flatnonzero(missing)[0])
                raise InvalidOptionError(
                    f"cluster[{i}] = {flat_labels[i]!r} is missing; every case needs a cluster "
                    "label (NaN labels would silently form one cluster)"
                )
        codes = _factorize(flat_labels, "cluster")[1]
    return a, b, codes, dropped


def _factorize(labels: npt.NDArray[Any], name: str) -> tuple[npt.NDArray[Any], IntArray]:
    try:
        uniq, inv = np.unique(labels, return_inverse=True)
    except TypeError:
        raise ForecastTypeError(
            f"{name} labels must be of one sortable type (e.g. all strings or all integers)"
        ) from None
    return uniq, inv.reshape(-1).astype(np.intp)


def _count(g: int, unit: str) -> str:
    """``"1 case"``, ``"3 cases"``: a count with its unit, singular when it is one."""
    return f"{g} {unit[:-1] if g == 1 else unit}"


def _generator(seed: Any) -> np.random.Generator:
    """The random generator for ``seed``: an integer >= 0 (reproducible), or None (fresh)."""
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InvalidOptionError(
            f"seed must be an integer >= 0 (reproducible results) or None (fresh entropy) "
            f"(got {seed!r})"
        )
    return np.random.default_rng(int(seed))


# --- compare ------------------------------------------------------------------------------


def compare(
    scores_a: Any,
    scores_b: Any,
    *,
    cluster: Any = None,
    method: str = "bootstrap",
    confidence: float = 0.95,
    n_resamples: int = 2000,
    horizon: int = 1,
    min_questions: int = 10,
    seed: int | None = 0,
    nan_policy: str = "raise",
) -> Comparison:
    r"""Paired comparison of two forecasters' scores on the same cases (losses: lower is better).

    The estimate is the mean paired difference over the :math:`n` cases,

    .. math::

        \bar d = \frac1n \sum_{i=1}^{n} (a_i - b_i),

    negative when the first forecaster scored better. When several claims concern one event
    (one question forecast many times), their scores are not independent: pass the question
    of each case as ``cluster`` and whole questions are resampled or permuted together [1]_.

    Methods (each result's ``method`` repeats which one, with its numbers):

    - ``"bootstrap"``: percentile interval from ``n_resamples`` resamples of the clusters
      (or cases) with replacement, and the p-value of the centred bootstrap,
      :math:`(1 + \#\{|\bar d^* - \bar d| \ge |\bar d|\})/(B + 1)` (means equal up to the
      rounding of their sums count as ties, so the p-value does not depend on the summation
      order; likewise for the permutation test). Needs at least
      ``min_questions`` clusters: below that the bootstrap distribution is too coarse and its
      intervals too narrow, so the interval and p-value are ``None`` and ``note`` suggests the
      permutation test.
    - ``"permutation"``: the paired sign-flip test [2]_. Under "no difference" the labels a
      and b are exchangeable within each cluster, so each cluster's summed difference is as
      likely to carry either sign. With up to 16 clusters (and :math:`2^G` no more than
      ``n_resamples``) every sign pattern is enumerated and the p-value is exact; beyond that
      ``n_resamples`` random patterns are drawn. The interval inverts the test: the shifts
      :math:`\delta` not rejected at level :math:`1 - \text{confidence}`. With :math:`G`
      clusters no p-value can fall below :math:`2^{1-G}`, so with 5 clusters or fewer no
      interval at 95% is bounded: the interval is then ``None`` and ``note`` says so, while the
      exact p-value is still given.
    - ``"diebold-mariano"``: the scores are one time series in the given order; the test
      statistic :math:`\bar d / \sqrt{\hat\sigma^2/n}` uses the long-run variance with
      autocovariances up to lag ``horizon - 1`` and the small-sample correction of Harvey,
      Leybourne and Newbold with Student-t quantiles on :math:`n - 1` degrees of freedom [3]_.
      Takes no ``cluster``; needs ``min_questions`` cases, and a ``horizon`` below the number
      of cases (the Harvey-Leybourne-Newbold factor :math:`(n - h)(n - h + 1)/n^2` vanishes at
      :math:`h = n`). A long-run variance that does not exceed a bound on its own rounding
      error (relative to the size of the scores and of the products summed, so the decision
      is the same in any summation order) is treated as 0: no test is run and ``note`` says
      so, rather than report a "significant" difference made of rounding.

    Parameters
    ----------
    scores_a, scores_b : array_like of float of the same shape, or mappings case -> score
        Scores of the two forecasters, paired by position (arrays) or by key (mappings,
        whose keys must be the same).
    cluster : array_like of the scores' shape, or mapping case -> label, optional
        The question (or any unit of dependence) of each case.
    method : {'bootstrap', 'permutation', 'diebold-mariano'}, default 'bootstrap'
        See above.
    confidence : float, default 0.95
        Level of the interval.
    n_resamples : int, default 2000
        Bootstrap resamples, or random sign patterns for the permutation test; at most
        1,000,000 (memory stays bounded: the resamples are drawn in chunks, and only one
        float per resample is kept).
    horizon : int, default 1
        Forecast horizon :math:`h` for ``'diebold-mariano'`` (autocovariances up to lag
        :math:`h - 1`), less than the number of cases; only that method takes it.
    min_questions : int, default 10
        Fewest clusters (questions; cases, unclustered) for which the bootstrap and
        Diebold-Mariano methods return an interval and a p-value.
    seed : int or None, default 0
        Seed of the resampling: the same seed gives the same result (the default is
        reproducible); ``None`` draws fresh entropy. The exact permutation test and
        Diebold-Mariano use no randomness.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN scores, or compare on the cases where both scores exist.

    Returns
    -------
    Comparison

    Raises
    ------
    ShapeError
        Arrays of different shapes, or no cases.
    QuestionMismatchError
        Mappings whose keys differ (the message counts and shows the cases on each side), or
        pandas Series whose indexes differ (arrays are paired by position, so differing
        labels are refused rather than paired silently).
    InvalidForecastError
        A score that is NaN (under ``nan_policy='raise'``) or infinite, with its position, or
        a mean difference beyond the largest float.
    InvalidOptionError
        A bad option (``n_resamples`` above 1,000,000, a negative ``seed``, ...),
        ``cluster`` with ``'diebold-mariano'``, ``horizon`` with another method, or a
        ``horizon`` not below the number of cases.

    Notes
    -----
    Scores of any finite size are compared: the differences are scaled by a power of two
    (exactly) when their size is far from 1 before they are summed, squared or multiplied,
    so scores near ``1e308`` or ``1e-300`` give finite, correct means, intervals and
    p-values. A mean difference beyond the largest float (scores of ``1e308`` against
    ``-1e308``) is refused; an interval end beyond it is given as ``inf``, and ``note`` says
    so.

    References
    ----------
    .. [1] Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2008). Bootstrap-based
       improvements for inference with clustered errors. Review of Economics and Statistics,
       90(3), 414-427.
    .. [2] Good, P. I. (2005). Permutation, Parametric, and Bootstrap Tests of Hypotheses,
       3rd ed. Springer.
    .. [3] Diebold, F. X. and Mariano, R. S. (1995). Comparing predictive accuracy. Journal of
       Business and Economic Statistics, 13(3), 253-263; Harvey, D., Leybourne, S. and
       Newbold, P. (1997). Testing the equality of prediction mean squared errors.
       International Journal of Forecasting, 13(2), 281-291.

    Examples
    --------
    >>> from forecastscore.compare import compare
    >>> a = [0.04, 0.09, 0.01, 0.16, 0.04, 0.25]
    >>> b = [0.25, 0.36, 0.09, 0.25, 0.16, 0.49]
    >>> c = compare(a, b, method="permutation")     # all 2**6 sign patterns
    >>> round(c.mean_difference, 4), c.p_value
    (-0.1683, 0.03125)
    >>> print(c.method)
    paired sign-flip permutation test over 6 cases (exact: all 64 sign patterns); interval
    by inverting the test
    >>> print(compare(a, b).note)      # the bootstrap wants more cases than six
    the bootstrap needs at least 10 cases to give an interval worth reading (got 6);
    method="permutation" gives an exact test on few cases
    """
    how = _checks.check_choice("method", method, _METHODS)
    conf = _checks.check_confidence(confidence)
    b_count = _checks.check_integer("n_resamples", n_resamples, 1)
    if b_count > _MAX_RESAMPLES:
        raise InvalidOptionError(
            f"n_resamples = {n_resamples!r} is more than the {_MAX_RESAMPLES:,} resamples "
            "allowed (p-values to 1e-6 already; each resample keeps one float in memory)"
        )
    h = _checks.check_integer("horizon", horizon, 1)
    min_g = _checks.check_integer("min_questions", min_questions, 2)
    if how == "diebold-mariano" and cluster is not None:
        raise InvalidOptionError(
            "method='diebold-mariano' treats the scores as one time series and takes no "
            "cluster; use method='bootstrap' or 'permutation' for clustered claims"
        )
    if how != "diebold-mariano" and h != 1:
        raise InvalidOptionError(
            f"horizon applies to method='diebold-mariano' only (got horizon={horizon!r} with "
            f"method={method!r})"
        )
    generator = _generator(seed)
    a, b, codes, dropped = _paired(scores_a, scores_b, cluster, nan_policy)
    n = int(a.size)
    if how == "diebold-mariano" and h >= n:
        raise InvalidOptionError(
            f"horizon = {horizon!r} is not below the number of cases ({n}): the "
            "Diebold-Mariano long-run variance uses autocovariances up to lag horizon - 1, "
            "which needs more cases than the horizon"
        )
    d, shift = _scaled_differences(a, b)
    if codes is None:
        sums, sizes = d, np.ones(n)
        unit = "cases"
    else:
        sums = np.bincount(codes, weights=d).astype(np.float64)
        sizes = np.bincount(codes).astype(np.float64)
        unit = "clusters"
    g = int(sums.size)
    mean_d = float(d.mean())  # in units of 2**shift
    try:
        mean_difference = math.ldexp(mean_d, shift)
    except OverflowError:
        raise InvalidForecastError(
            f"the mean difference of scores_a and scores_b, {_format_scaled(mean_d, shift)}, "
            "is beyond the largest float; compare scores of a representable size"
        ) from None
    base: dict[str, Any] = {
        "mean_a": _mean(a),
        "mean_b": _mean(b),
        "mean_difference": mean_difference,
        "confidence": conf,
        "n": n,
        "n_clusters": g,
    }
    omitted = f"; {dropped} case(s) with a NaN score left out" if dropped else ""
    if how == "bootstrap":
        if g < min_g:
            return Comparison(
                **base,
                ci_low=None,
                ci_high=None,
                p_value=None,
                method=f"bootstrap over {_count(g, unit)}: not run",
                note=f"the bootstrap needs at least {min_g} {unit} to give an interval worth "
                f'reading (got {g}); method="permutation" gives an exact test on few '
                f"{unit}{omitted}",
            )
        tie = _tie_tolerance(d, codes, sizes)
        lo, hi, p = _bootstrap(
            sums, sizes, codes is not None, mean_d, b_count, conf, generator, tie
        )
        ends, beyond = _unscale_interval(lo, hi, shift)
        return Comparison(
            **base,
            ci_low=ends[0],
            ci_high=ends[1],
            p_value=p,
            method=f"{'cluster ' if codes is not None else ''}bootstrap over {_count(g, unit)} "
            f"({b_count} resamples; percentile interval, centred-bootstrap p-value)",
            note=(beyond + omitted).lstrip("; "),
        )
    if how == "permutation":
        tie = _tie_tolerance(d, codes, sizes)
        return _permutation(
            sums, sizes, mean_d, shift, b_count, conf, generator, base, unit, omitted, tie
        )
    scale = _scaled_sizes(a, b, shift)
    return _diebold_mariano(d, scale, shift, h, conf, min_g, base, omitted)


def _scaled_differences(a: FloatArray, b: FloatArray) -> tuple[FloatArray, int]:
    """``d`` and ``shift`` with ``a - b == d * 2**shift``, ``d`` of a size near 1.

    Finite scores can have a difference beyond the largest float (``1e308 - (-1e308)``), and
    differences near ``1e300`` overflow when squared, near ``1e-300`` underflow. Halving
    (when the plain difference overflows) and scaling by a power of two are exact, except
    for values below ``2**-1074`` of the largest difference, which no sum that holds it can
    see; so every sum, square and product below is formed on numbers near 1 and the result
    is scaled back.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        d = a - b
    shift = 0
    if not np.isfinite(d).all():
        d = 0.5 * a - 0.5 * b
        shift = 1
    top = float(np.abs(d).max())
    if top > 0 and not 2.0**-_SCALE_RANGE <= top <= 2.0**_SCALE_RANGE:
        k = math.frexp(top)[1]
        d = np.ldexp(d, -k)
        shift += k
    return d, shift


def _scaled_sizes(a: FloatArray, b: FloatArray, shift: int) -> FloatArray:
    """``(|a| + |b|) / 2**shift``, the size of each pair of scores in the units of ``d``
    (``inf`` where it is beyond the float range: the difference is then all rounding)."""
    with np.errstate(over="ignore"):
        return np.ldexp(np.abs(a), -shift) + np.ldexp(np.abs(b), -shift)


def _mean(x: FloatArray) -> float:
    """Mean of finite floats, without overflow in the sum (scaled by 2**-64 when needed)."""
    top = float(np.abs(x).max())
    if top <= 2.0**960:
        return float(x.mean())
    scaled_top = math.ldexp(top, -64)
    m = float(np.ldexp(x, -64).mean())
    m = max(-scaled_top, min(scaled_top, m))  # rounding may not take it beyond its largest term
    return math.ldexp(m, 64)


def _unscale_interval(lo: float, hi: float, shift: int) -> tuple[tuple[float, float], str]:
    """Interval ends in the units of the scores, and a note when one is beyond the floats."""
    ends = []
    for v in (lo, hi):
        try:
            ends.append(math.ldexp(v, shift))
        except OverflowError:
            ends.append(math.copysign(math.inf, v))
    beyond = (
        "; an interval end lies beyond the largest float and is given as inf"
        if any(math.isinf(v) for v in ends)
        else ""
    )
    return (ends[0], ends[1]), beyond


def _format_scaled(x: float, shift: int) -> str:
    """``f"{x * 2**shift:.3g}"``, also when the product is beyond the float range."""
    try:
        return f"{math.ldexp(x, shift):.3g}"
    except OverflowError:
        pass
    exponent10 = math.log10(abs(x)) + shift * math.log10(2.0)
    e = math.floor(exponent10)
    mantissa = 10.0 ** (exponent10 - e)
    return f"{'-' if x < 0 else ''}{mantissa:.3g}e+{e}"


def _tie_tolerance(d: FloatArray, codes: IntArray | None, sizes: FloatArray) -> float:
    """How far apart two resampled or sign-flipped means may be and still be a tie.

    Every such mean is a sum of at most ``n`` case differences (or ``g`` cluster sums of
    them) divided by a count, and so is the observed mean, but in another order. Two means
    that are equal in exact arithmetic (ties are common: scores take few distinct values)
    differ after rounding by at most about ``(n + g) eps`` times the largest mean of the
    absolute differences over any set of clusters, which is the largest cluster mean of
    ``|d|``. Four times that (and never less than ``1e-12`` of it) is counted as a tie, so
    the p-value does not depend on the summation order.
    """
    eps = float(np.finfo(np.float64).eps)
    size = np.abs(d)
    if codes is None:
        top = float(size.max())
    else:
        top = float((np.bincount(codes, weights=size) / sizes).max())
    g = sizes.size
    return max(1e-12, 4.0 * (d.size + g + 2) * eps) * max(top, 1e-300)


def _bootstrap(
    sums: FloatArray,
    sizes: FloatArray,
    clustered: bool,
    mean_d: float,
    n_resamples: int,
    confidence: float,
    rng: np.random.Generator,
    tie: float,
) -> tuple[float, float, float]:
    g = sums.size
    means = np.empty(n_resamples)
    rows = max(1, _CHUNK // g)
    for start in range(0, n_resamples, rows):  # chunks of resamples, not one per resample
        r = min(rows, n_resamples - start)
        idx = rng.integers(0, g, size=(r, g))
        total = sums[idx].sum(axis=1)
        count = sizes[idx].sum(axis=1) if clustered else float(g)
        means[start : start + r] = total / count
    alpha = 1.0 - confidence
    lo, hi = np.quantile(means, [alpha / 2.0, 1.0 - alpha / 2.0])
    # A resample whose centred mean ties |mean_d| in exact arithmetic counts as extreme.
    extreme = int(np.count_nonzero(np.abs(means - mean_d) >= abs(mean_d) - tie))
    return float(lo), float(hi), (1 + extreme) / (n_resamples + 1)


def _sign_patterns(g: int, n_resamples: int) -> tuple[bool, int]:
    """Whether to enumerate all sign patterns exactly, and how many patterns there are."""
    if g <= _MAX_EXACT and 2**g <= max(n_resamples, 2):
        return True, 2**g
    return False, n_resamples + 1  # the observed pattern counts as one draw


def _flip_statistics(
    sums: FloatArray, sizes: FloatArray, n_resamples: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, bool]:
    """For each sign pattern e: sum(e * sums) / N and sum(e * sizes) / N."""
    g = sums.size
    total = float(sizes.sum())
    exact, count = _sign_patterns(g, n_resamples)
    stat_a = np.empty(count)
    stat_b = np.empty(count)
    rows = max(1, _CHUNK // g)
    if exact:
        bits = np.arange(g)
        for start in range(0, count, rows):
            codes = np.arange(start, min(start + rows, count))
            signs = 1.0 - 2.0 * ((codes[:, np.newaxis] >> bits) & 1).astype(np.float64)
            stat_a[start : start + codes.size] = signs @ sums / total
            stat_b[start : start + codes.size] = signs @ sizes / total
        return stat_a, stat_b, True
    stat_a[0], stat_b[0] = sums.sum() / total, 1.0
    for start in range(1, count, rows):
        r = min(rows, count - start)
        signs = 1.0 - 2.0 * rng.integers(0, 2, size=(r, g)).astype(np.float64)
        stat_a[start : start + r] = signs @ sums / total
        stat_b[start : start + r] = signs @ sizes / total
    return stat_a, stat_b, False


def _permutation(
    sums: FloatArray,
    sizes: FloatArray,
    mean_d: float,
    shift: int,
    n_resamples: int,
    confidence: float,
    rng: np.random.Generator,
    base: dict[str, Any],
    unit: str,
    omitted: str,
    tie: float,
) -> Comparison:
    g = sums.size
    stat_a, stat_b, exact = _flip_statistics(sums, sizes, n_resamples, rng)
    scale = float(np.abs(sums).sum() / sizes.sum())
    alpha = 1.0 - confidence
    eps = float(np.finfo(np.float64).eps)

    def p_at(delta: float) -> float:
        # p-value of the hypothesis "the mean difference is delta"; patterns whose statistic
        # ties the observed one in exact arithmetic count (see _tie_tolerance), and the shift
        # delta adds a few roundings of its own size
        observed = abs(mean_d - delta)
        tol = tie + 4.0 * eps * abs(delta)
        return float(np.mean(np.abs(stat_a - delta * stat_b) >= observed - tol))

    p_value = p_at(0.0)
    kind = (
        f"exact: all {stat_a.size} sign patterns"
        if exact
        else f"Monte Carlo: {n_resamples} random sign patterns"
    )
    method = (
        f"paired sign-flip permutation test over {_count(g, unit)} ({kind}); interval by inverting "
        "the test"
    )
    p_far = float(np.mean(np.abs(stat_b) >= 1.0 - 1e-12))
    if p_far > alpha:
        return Comparison(
            **base,
            ci_low=None,
            ci_high=None,
            p_value=p_value,
            method=method,
            note=f"with {_count(g, unit)} the sign-flip test cannot reject any difference at level "
            f"{alpha:.3g} (smallest possible p-value {p_far:.3g}), so no bounded "
            f"{confidence:.0%} interval exists; the p-value is exact{omitted}",
        )
    step = max(scale, float(np.sqrt(np.square(sums).sum()) / sizes.sum()), 1e-12)
    ends = []
    for sign in (-1.0, 1.0):
        inside, outside = mean_d, mean_d + sign * step
        for _ in range(200):
            if p_at(outside) <= alpha:
                break
            inside, outside = outside, mean_d + 2.0 * (outside - mean_d)
        for _ in range(100):
            mid = (inside + outside) / 2.0
            if mid in (inside, outside):
                break
            if p_at(mid) > alpha:
                inside = mid
            else:
                outside = mid
        ends.append(inside)
    (lo, hi), beyond = _unscale_interval(float(ends[0]), float(ends[1]), shift)
    return Comparison(
        **base,
        ci_low=lo,
        ci_high=hi,
        p_value=p_value,
        method=method,
        note=(beyond + omitted).lstrip("; "),
    )


def _banded(x: FloatArray, y: FloatArray, h: int) -> float:
    """``sum_{|i - j| < h} x_i y_j / n`` for vectors of length ``n``: the long-run sum.

    Vectorised for any ``h``: each ``x_i`` meets the sum of the ``y_j`` in its window
    ``|i - j| < h`` (a sliding window over ``y`` padded with zeros, summed without copying the
    windows), then one dot product. Each product ``x_i y_j`` so goes through at most
    ``2h - 2`` additions in its window, one multiplication and ``n - 1`` additions in the dot
    product: at most ``n + 2h - 2`` roundings, within the bound of
    :func:`_long_run_variance`.
    """
    from numpy.lib.stride_tricks import sliding_window_view

    n = x.size
    if h == 1:
        return float(np.dot(x, y)) / n
    padded = np.zeros(n + 2 * (h - 1))
    padded[h - 1 : h - 1 + n] = y
    window = sliding_window_view(padded, 2 * h - 1).sum(axis=1)
    return float(np.dot(x, window)) / n


def _long_run_variance(d: FloatArray, scale: FloatArray, h: int) -> tuple[float, float]:
    r"""The long-run variance of ``d`` up to lag ``h - 1``, and a bound on its rounding error.

    ``scale[i]`` is the size of the scores whose difference is ``d[i]`` (``|a_i| + |b_i|``,
    in the units of ``d``): each score carries a few ulps of rounding from its own
    computation, so a difference is only known to about ``eps * scale[i]``. The variance is
    :math:`\hat\sigma^2 = \frac1n \sum_{|i-j|<h} e_i e_j` with :math:`e = d - \bar d`; the
    bound adds (a) what the uncertainty :math:`\eta_i` of each :math:`e_i` (the scores'
    rounding, the subtraction, the mean's summation in any order) can change in it,
    :math:`\frac1n\sum_{|i-j|<h} (|e_i|+\eta_i)(|e_j|+\eta_j) - |e_i||e_j|`, and (b) the
    worst-case error of summing the :math:`m \le n(2h-1)` products in any order,
    :math:`(n + 2h + 2)\,\varepsilon` times the sum of their absolute values (each product
    passes through at most :math:`n + 2h - 2` roundings, see :func:`_banded`). A variance that
    is 0 in exact arithmetic therefore always comes out at most ``bound``, whatever the
    summation order or BLAS kernel, and is reported as "not positive".

    ``d`` should be of a size near 1 (as :func:`compare` scales it): the padded sum is formed
    on numbers scaled by a power of two, and a bound beyond the float range is ``inf``.
    """
    n = d.size
    eps = float(np.finfo(np.float64).eps)
    e = d - float(d.mean())
    lrv = _banded(e, e, h)
    mean_error = (n + 2) * eps * float(np.abs(d).mean())
    size = np.abs(e)
    with np.errstate(over="ignore", invalid="ignore"):
        noise = eps * (4.0 * scale + size) + mean_error
    if not np.isfinite(noise).all():
        return lrv, math.inf
    # scale the padded sizes by a power of two so that their products cannot overflow
    k = math.frexp(float((size + noise).max()))[1]
    plain_unit = _banded(np.ldexp(size, -k), np.ldexp(size, -k), h)
    padded_unit = _banded(np.ldexp(size + noise, -k), np.ldexp(size + noise, -k), h)
    try:
        plain, padded = math.ldexp(plain_unit, 2 * k), math.ldexp(padded_unit, 2 * k)
    except OverflowError:
        return lrv, math.inf
    bound = (padded - plain) + (n + 2 * h + 2) * eps * padded
    return lrv, bound


def _diebold_mariano(
    d: FloatArray,
    scale: FloatArray,
    shift: int,
    h: int,
    confidence: float,
    min_n: int,
    base: dict[str, Any],
    omitted: str,
) -> Comparison:
    from scipy import special

    n = d.size
    method = (
        f"Diebold-Mariano test over {n} cases in the given order (horizon {h}; Harvey-"
        f"Leybourne-Newbold correction, Student t with {n - 1} df)"
    )
    # (n + 1 - 2h + h(h - 1)/n) / n = (n - h)(n - h + 1) / n**2: positive, as h < n
    factor = (n - h) * (n - h + 1) / (n * n)
    if n < min_n:
        return Comparison(
            **base,
            ci_low=None,
            ci_high=None,
            p_value=None,
            method=method + ": not run",
            note=f"the Diebold-Mariano test needs at least {min_n} cases (got {n}){omitted}",
        )
    mean_d = float(d.mean())
    lrv, bound = _long_run_variance(d, scale, h)
    if not lrv > bound:
        return Comparison(
            **base,
            ci_low=None,
            ci_high=None,
            p_value=None,
            method=method + ": not run",
            note=f"the long-run variance of the score differences "
            f"({_format_scaled(lrv, 2 * shift)}) is not positive beyond the rounding error of "
            f"its computation ({_format_scaled(bound, 2 * shift)}): the differences do not "
            f"vary enough for a test{omitted}",
        )
    se = math.sqrt(lrv / n)
    stat = mean_d / se * math.sqrt(factor)
    p = float(2.0 * special.stdtr(n - 1, -abs(stat)))
    half = float(special.stdtrit(n - 1, 1.0 - (1.0 - confidence) / 2.0)) * se / math.sqrt(factor)
    (lo, hi), beyond = _unscale_interval(mean_d - half, mean_d + half, shift)
    return Comparison(
        **base,
        ci_low=lo,
        ci_high=hi,
        p_value=p,
        method=method,
        note=(beyond + omitted).lstrip("; "),
    )


# --- many forecasters ---------------------------------------------------------------------


@attrs.frozen(eq=False)
class RelativeSkill:
    r"""Pairwise relative skill of many forecasters (ratios of mean losses: lower is better).

    Attributes
    ----------
    forecasters : numpy.ndarray, shape (m,)
        The forecasters, sorted.
    relative_skill : numpy.ndarray of float, shape (m,)
        Geometric mean of each forecaster's ratios (its own ratio of 1 included), divided by
        the baseline's when one was named. Below 1: better than the (geometric) average or
        the baseline. NaN only for a forecaster who shares no question with anyone
        (``n_compared`` is then 0).
    n_compared : numpy.ndarray of int, shape (m,)
        How many other forecasters entered each geometric mean.
    n_skipped : numpy.ndarray of int, shape (m,)
        How many of each forecaster's pairs sharing at least ``min_questions`` questions were
        left out because the ratio is undefined there: one of the two (or both) has a mean
        score of exactly 0 on the shared questions, so the ratio would be 0, infinite or 0/0.
        Such a pair is reported, not refused: its ``ratio`` is NaN and it enters no geometric
        mean. ``n_skipped.sum() // 2`` is the number of pairs skipped.
    n_questions : numpy.ndarray of int, shape (m,)
        How many questions each forecaster has scores on.
    ratio : numpy.ndarray of float, shape (m, m)
        ``ratio[i, j]``: mean score of ``i`` over the questions both ``i`` and ``j`` scored,
        divided by that of ``j`` on the same questions; 1 on the diagonal, NaN where the two
        share fewer than ``min_questions`` questions or where the pair was skipped (see
        ``n_skipped``).
    overlap : numpy.ndarray of int, shape (m, m)
        Number of questions each pair shares.
    baseline : str or None
        The forecaster the skills are relative to, if any.

    Examples
    --------
    Three forecasters on the same two questions, with mean losses 0.1, 0.2 and 0.4:

    >>> from forecastscore.compare import pairwise_relative_skill
    >>> s = pairwise_relative_skill(["ann", "ann", "bob", "bob", "cat", "cat"],
    ...                             ["q1", "q2", "q1", "q2", "q1", "q2"],
    ...                             [0.1, 0.1, 0.2, 0.2, 0.4, 0.4])
    >>> s.forecasters.tolist()
    ['ann', 'bob', 'cat']
    >>> s.ratio                     # ratio[0, 1] = 0.1 / 0.2
    array([[1.  , 0.5 , 0.25],
           [2.  , 1.  , 0.5 ],
           [4.  , 2.  , 1.  ]])
    >>> s.relative_skill            # ann: (1 * 0.5 * 0.25) ** (1/3) = 0.5
    array([0.5, 1. , 2. ])
    >>> s.n_compared, s.overlap[0]
    (array([2, 2, 2]), array([2, 2, 2]))
    >>> s.n_skipped
    array([0, 0, 0])
    """

    forecasters: npt.NDArray[Any]
    relative_skill: FloatArray
    n_compared: npt.NDArray[np.int64]
    n_skipped: npt.NDArray[np.int64]
    n_questions: npt.NDArray[np.int64]
    ratio: FloatArray
    overlap: npt.NDArray[np.int64]
    baseline: Any

    def __repr__(self) -> str:
        m = self.forecasters.size
        whom = "no baseline" if self.baseline is None else f"baseline={self.baseline!r}"
        return f"RelativeSkill({m} forecaster{'s' * (m != 1)}, {whom})"

    _COLUMNS = ("forecaster", "relative_skill", "n_compared", "n_skipped", "n_questions")

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per forecaster, NaN given as ``None`` (``null`` in JSON).

        Keys: ``forecaster``, ``relative_skill``, ``n_compared``, ``n_skipped``,
        ``n_questions``. The pairwise ``ratio`` and ``overlap`` matrices stay on the result.

        Examples
        --------
        >>> from forecastscore.compare import pairwise_relative_skill
        >>> s = pairwise_relative_skill(["ann", "ann", "bob", "bob"], ["q1", "q2", "q1", "q2"],
        ...                             [0.1, 0.1, 0.2, 0.2], baseline="bob")
        >>> r = s.to_records()
        >>> r[0]["forecaster"], r[0]["n_compared"], r[0]["n_questions"]
        ('ann', 1, 2)
        >>> round(r[0]["relative_skill"], 12)      # (1 * 0.5) ** (1/2) / (2 * 1) ** (1/2)
        0.5
        """
        columns = [
            self.forecasters.tolist(),
            [None if math.isnan(v) else v for v in self.relative_skill.tolist()],
            self.n_compared.tolist(),
            self.n_skipped.tolist(),
            self.n_questions.tolist(),
        ]
        return [dict(zip(self._COLUMNS, row, strict=True)) for row in zip(*columns, strict=True)]

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame`, one row per forecaster (the columns of
        :meth:`to_records`; an undefined relative skill is NaN).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return _frame(self.to_records(), list(self._COLUMNS), "RelativeSkill")


def pairwise_relative_skill(
    forecaster: Any,
    question: Any,
    score: Any,
    *,
    baseline: Any = None,
    min_questions: int = 1,
) -> RelativeSkill:
    r"""Relative skill of many forecasters from their overlapping questions (lower is better).

    For each pair :math:`(i, j)` take the questions both answered and the ratio of their
    mean scores there,

    .. math::

        \theta_{ij} = \frac{\bar S_i(Q_i \cap Q_j)}{\bar S_j(Q_i \cap Q_j)}, \qquad
        \theta_i = \Bigl(\prod_{j \in C_i} \theta_{ij}\Bigr)^{1/|C_i|}, \qquad
        \theta_i^{*} = \theta_i / \theta_{\mathrm{baseline}},

    where :math:`C_i` holds :math:`i` itself (:math:`\theta_{ii} = 1`) and every forecaster
    sharing at least ``min_questions`` questions with :math:`i`. This is the pairwise
    comparison the COVID-19 forecast hubs use for their relative WIS [1]_ [2]_: because each
    pair is compared on the same questions, a forecaster who only answered easy questions
    gains nothing from it. Scores are losses, so the relative skill is too: below 1 is better
    than the baseline (or than the geometric average of all). With two forecasters and the
    second as baseline it is the plain ratio :math:`\theta_{12}`. Unitless.

    Several scores by one forecaster on one question (repeated forecasts) are averaged first,
    so each question counts once per forecaster. A pair whose ratio is undefined (one of the
    two scores 0 on every shared question) is skipped and counted in ``n_skipped`` rather
    than refusing the whole table.

    Parameters
    ----------
    forecaster, question : array_like, shape (n,)
        Who made each scored claim and which question it was about (any sortable labels).
    score : array_like of float, shape (n,)
        The scores, losses >= 0 (a pair is compared only where both means on its overlap are
        positive).
    baseline : label, optional
        The forecaster to scale by.
    min_questions : int, default 1
        Fewest shared questions for a pair to be compared.

    Returns
    -------
    RelativeSkill

    Raises
    ------
    QuestionMismatchError
        pandas inputs (Series or DataFrames) whose indexes differ: values are paired by
        position, so differing labels are refused rather than paired silently.
    ShapeError
        Arrays that are not 1-D of one length, or empty.
    InvalidForecastError
        A score that is negative or not finite (with its index).
    InvalidOptionError
        A baseline that is not among the forecasters or that shares ``min_questions``
        questions with no other forecaster, or a bad ``min_questions``.

    References
    ----------
    .. [1] Cramer, E. Y. et al. (2022). Evaluation of individual and ensemble probabilistic
       forecasts of COVID-19 mortality in the United States. PNAS, 119(15), e2113561119.
    .. [2] Sherratt, K. et al. (2023). Predictive performance of multi-model ensemble
       forecasts of COVID-19 across European nations. eLife, 12, e81916.

    Examples
    --------
    >>> from forecastscore.compare import pairwise_relative_skill
    >>> who = ["ann", "ann", "bob", "bob", "bob"]
    >>> what = ["q1", "q2", "q1", "q2", "q3"]
    >>> s = pairwise_relative_skill(who, what, [0.1, 0.3, 0.2, 0.6, 0.9], baseline="bob")
    >>> s.forecasters.tolist(), s.relative_skill.round(12).tolist()  # ann 0.2, bob 0.4
    (['ann', 'bob'], [0.5, 1.0])

    A forecaster who scores 0 on every shared question makes that pair's ratio undefined: the
    pair is skipped and counted, the others are still compared:

    >>> s = pairwise_relative_skill(["ann", "bob", "cat", "ann", "bob", "cat"],
    ...                             ["q1", "q1", "q1", "q2", "q2", "q2"],
    ...                             [0.0, 0.2, 0.4, 0.0, 0.2, 0.4])
    >>> s.n_skipped, s.n_compared
    (array([2, 1, 1]), array([0, 1, 1]))
    >>> s.relative_skill          # bob: (1 * 0.5) ** (1/2); ann compared with nobody
    array([       nan, 0.70710678, 1.41421356])
    """
    from scipy import sparse

    _checks.check_aligned(("forecaster", forecaster), ("question", question), ("score", score))
    who = _checks.asarray(forecaster, "forecaster")
    what = _checks.asarray(question, "question")
    s = _checks.as_real_array(score, "score")
    if who.ndim != 1 or what.shape != who.shape or s.shape != who.shape:
        raise ShapeError(
            "forecaster, question and score must be 1-D arrays of one length (got shapes "
            f"{who.shape}, {what.shape} and {s.shape})"
        )
    if s.size == 0:
        raise ShapeError("forecaster, question and score are empty: there is nothing to compare")
    bad = ~(np.isfinite(s) & (s >= 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidForecastError(
            f"score[{i}] = {float(s[i])!r} is not a finite score >= 0; relative skill is a "
            "ratio of mean losses"
        )
    min_q = _checks.check_integer("min_questions", min_questions, 1)
    names, f_code = _factorize(who, "forecaster")
    q_names, q_code = _factorize(what, "question")
    m, q = names.size, q_names.size
    base_index = None
    if baseline is not None:
        hits = np.flatnonzero(names == baseline)
        if hits.size == 0:
            raise InvalidOptionError(f"baseline {baseline!r} is not among the forecasters")
        base_index = int(hits[0])

    # Mean score per (forecaster, question), then sparse sums over each pair's shared questions.
    key = f_code.astype(np.int64) * q + q_code
    cell, cell_inv = np.unique(key, return_inverse=True)
    cell_inv = cell_inv.reshape(-1)
    mean = np.bincount(cell_inv, weights=s) / np.bincount(cell_inv)
    rows, cols = cell // q, cell % q
    answered = sparse.csr_matrix((np.ones(cell.size), (rows, cols)), shape=(m, q))
    scored = sparse.csr_matrix((mean, (rows, cols)), shape=(m, q))
    shared_sum = np.asarray((scored @ answered.T).toarray())  # [i, j]: i's sum on shared
    overlap = np.rint(np.asarray((answered @ answered.T).toarray())).astype(np.int64)
    compared = overlap >= min_q
    np.fill_diagonal(compared, True)
    # The diagonal is 1 by definition: only real pairs need positive means. A sum of scores
    # >= 0 is 0 exactly when every term is 0, in any summation order: no tolerance needed.
    undefined = compared & ((shared_sum == 0.0) | (shared_sum.T == 0.0))
    np.fill_diagonal(undefined, False)
    compared &= ~undefined
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(compared, shared_sum / shared_sum.T, np.nan)
    np.fill_diagonal(ratio, 1.0)
    n_compared = compared.sum(axis=1) - 1
    log_ratio = np.where(compared, np.log(np.where(compared, ratio, 1.0)), 0.0)
    theta = np.exp(log_ratio.sum(axis=1) / compared.sum(axis=1))
    theta = np.where(n_compared > 0, theta, np.nan)
    if base_index is not None:
        if n_compared[base_index] == 0:
            skipped = int(undefined[base_index].sum())
            why = (
                f"; {skipped} pair(s) sharing enough were skipped because a mean score on "
                "the shared questions is 0"
                if skipped
                else ""
            )
            raise InvalidOptionError(
                f"baseline {baseline!r} is compared with no other forecaster (none shares at "
                f"least {min_q} question(s) with it and has a defined ratio{why}), so every "
                "relative skill scaled by it would be undefined"
            )
        theta = theta / theta[base_index]
    return RelativeSkill(
        forecasters=names,
        relative_skill=theta,
        n_compared=n_compared.astype(np.int64),
        n_skipped=undefined.sum(axis=1).astype(np.int64),
        n_questions=np.bincount(rows, minlength=m).astype(np.int64),
        ratio=ratio,
        overlap=overlap,
        baseline=baseline,
    )
