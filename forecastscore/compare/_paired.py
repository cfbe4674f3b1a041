"""Paired comparisons of two forecasters on the same questions: :func:`compare` and its
:class:`Comparison`, and the pairing of their inputs (arrays, or mappings keyed by
question). The tests themselves live in ``_resampling`` and ``_diebold_mariano``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import _checks
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    QuestionMismatchError,
    ShapeError,
)
from ._common import _MAX_RESAMPLES, _METHODS, Comparison, FloatArray, IntArray, _count, _factorize
from ._diebold_mariano import _diebold_mariano
from ._resampling import (
    _bootstrap,
    _format_scaled,
    _mean,
    _permutation,
    _scaled_differences,
    _scaled_sizes,
    _tie_tolerance,
    _unscale_interval,
)


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
