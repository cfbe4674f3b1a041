r"""Calibration tests with p-values: Spiegelhalter's Z test (:func:`spiegelhalter_test`) and
the Hosmer-Lemeshow test (:func:`hosmer_lemeshow_test`), each returning a
:class:`CalibrationTest` that says what it assumed.

Both test the null hypothesis that the forecasts are calibrated, :math:`P(Y = 1 \mid p) = p`.
With several forecasts on one question (``cluster=`` the question of each forecast) the
outcomes are not independent, and both tests then treat the questions, not the forecasts, as
the independent units: Spiegelhalter's test with a cluster-robust variance, Hosmer-Lemeshow's
with the covariance the null implies when a question's forecasts share one uniform number.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._records import OneRow, short_float
from ..errors import ForecastTypeError, InvalidForecastError, InvalidOptionError, ShapeError
from ._binning import FloatArray, IntArray, _pairs


@attrs.frozen
class CalibrationTest(OneRow):
    """The result of a calibration test: statistic, p-value and what was assumed.

    Attributes
    ----------
    test : str
        ``"spiegelhalter"``, ``"hosmer-lemeshow"`` or ``"corp"``.
    statistic : float
        The test statistic: Spiegelhalter's Z (standard normal under the null), the
        Hosmer-Lemeshow chi-square, or the CORP miscalibration (units of its score).
    p_value : float
        Probability under the null hypothesis (the forecasts are calibrated) of a statistic
        at least as extreme; small values are evidence of miscalibration.
    df : int or None
        Degrees of freedom of the chi-square reference distribution (``None`` for
        Spiegelhalter's Z, whose reference is the standard normal, and for the CORP test,
        whose reference is resampled).
    n : int
        Number of forecasts.
    n_clusters : int or None
        Number of clusters (questions) when ``cluster=`` was given, else ``None``.
    note : str
        What the p-value assumed (independence or clustering, the grouping, the reference
        distribution).

    Examples
    --------
    >>> from forecastscore.calibration import spiegelhalter_test
    >>> t = spiegelhalter_test([0.2, 0.7, 0.9, 0.4], [0, 1, 1, 1])
    >>> t.test, t.df, t.n, t.n_clusters
    ('spiegelhalter', None, 4, None)
    """

    test: str
    statistic: float
    p_value: float
    df: int | None
    n: int
    n_clusters: int | None
    note: str

    def __repr__(self) -> str:
        df = "" if self.df is None else f", df={self.df}"
        nc = "" if self.n_clusters is None else f", n_clusters={self.n_clusters}"
        return (
            f"CalibrationTest(test={self.test!r}, statistic={short_float(self.statistic)}, "
            f"p_value={short_float(self.p_value)}{df}, n={self.n}{nc})"
        )


def _cluster_codes(cluster: Any, n: int) -> tuple[IntArray, int]:
    """Integer code of each forecast's cluster, and the number of clusters."""
    labels = np.asarray(cluster)
    if labels.ndim == 0 or labels.size != n:
        raise ShapeError(
            f"cluster of shape {labels.shape} must hold one label per forecast ({n} forecasts)"
        )
    flat = labels.reshape(-1)
    if flat.dtype.kind in "fcM":
        missing = np.isnat(flat) if flat.dtype.kind == "M" else np.isnan(flat)
        if missing.any():
            i = int(np.flatnonzero(missing)[0])
            raise InvalidOptionError(
                f"cluster[{i}] = {flat[i]!r} is missing; every forecast needs a cluster label "
                "(NaN labels would silently form one cluster)"
            )
    if flat.dtype.kind == "O":
        for i, v in enumerate(flat.tolist()):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                raise InvalidOptionError(
                    f"cluster[{i}] = {v!r} is missing; every forecast needs a cluster label"
                )
    try:
        uniq, inv = np.unique(flat, return_inverse=True)
    except TypeError:
        raise ForecastTypeError(
            "cluster labels must be of one sortable type (e.g. all strings or all integers)"
        ) from None
    return inv.reshape(-1).astype(np.intp), int(uniq.size)


def _normal_two_sided(z: float) -> float:
    """Two-sided p-value of a standard normal statistic, ``erfc(|z| / sqrt(2))``."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def _failed_certain(p: FloatArray, y: FloatArray) -> str:
    """A note on the forecasts of exactly 0 or 1 whose outcome differed ("" when none).

    Under the null hypothesis such a forecast's outcome is certain, so one failure has
    probability 0: the data are impossible under the null, whatever the other forecasts.
    """
    failed = ((p == 0.0) | (p == 1.0)) & (y != p)
    if not failed.any():
        return ""
    i = int(np.argmax(failed))
    k = int(np.count_nonzero(failed))
    return (
        f"{k} certain forecast{'s' if k > 1 else ''} (0 or 1) failed, the first at flat "
        f"position {i} (forecast {float(p[i])!r}, outcome {int(y[i])}): impossible under the "
        "null hypothesis whatever the dependence between outcomes, so the statistic is inf "
        "and the p-value 0"
    )


def spiegelhalter_test(forecast: Any, outcome: Any, *, cluster: Any = None) -> CalibrationTest:
    r"""Spiegelhalter's Z test of calibration for binary forecasts.

    .. math::

        Z = \frac{\sum_i (y_i - p_i)(1 - 2 p_i)}
                 {\sqrt{\sum_i (1 - 2 p_i)^2\, p_i (1 - p_i)}}

    Under the null hypothesis that every forecast is calibrated and the outcomes are
    independent, :math:`Z` is approximately standard normal, and the p-value is two-sided,
    :math:`2\,(1 - \Phi(|Z|))` [1]_. :math:`Z` is the standardised difference between the
    Brier score and its expectation under the null; forecasts of exactly 0, 1/2 or 1 add
    nothing to its variance. It is one weighted sum, so errors can cancel: forecasts too high
    below 1/2 and equally too low above 1/2 (overconfidence has the opposite sign pattern
    and is detected) leave :math:`Z` near 0. Use it with :func:`hosmer_lemeshow_test` and a
    reliability diagram, not alone.

    With ``cluster`` (the question of each forecast), the outcomes of one question are
    shared, so the denominator is replaced by the cluster-robust variance
    :math:`\sum_c \big(\sum_{i \in c} (y_i - p_i)(1 - 2 p_i)\big)^2`: the squared sums within
    each question, added over questions (an empirical variance, which needs many questions
    to be reliable; the note says how many there were).

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    cluster : array_like, optional
        One label per forecast (e.g. question ids). Without it the outcomes are assumed
        independent, which overstates the evidence when several forecasts share a question.

    Returns
    -------
    CalibrationTest
        ``statistic`` is :math:`Z`, ``df`` is ``None``.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ShapeError
        Bad forecasts or outcomes, or shapes that do not match.
    InvalidForecastError
        The variance is 0 and no certain forecast failed (every forecast is 0, 1/2 or 1 and
        every 0 or 1 came true, or every cluster's sum is 0): the test has no information.
    InvalidOptionError, ForecastTypeError
        A missing cluster label, fewer than 2 clusters, or labels of mixed types.

    Notes
    -----
    Certain forecasts. A forecast of exactly 0 or 1 adds nothing to the variance, because
    under the null hypothesis its outcome is certain. If one of them failed (an event
    forecast at 0, or a non-event at 1), the outcomes have probability 0 under the null
    hypothesis, whatever the other forecasts and whatever the dependence between outcomes:
    that is proof of miscalibration, and the result is ``statistic = inf`` (each failure
    adds +1 to the numerator and nothing to the variance) and ``p_value = 0``, with a note
    naming how many failed and the first one. This holds with ``cluster`` too (the options
    are still checked first). The test refuses ("no information") only when nothing can be
    tested: the variance is 0 and no certain forecast failed, e.g. every forecast is 0 or 1
    and came true (:math:`Z = 0 / 0`).

    :func:`hosmer_lemeshow_test` treats these cases alike: a failed certain forecast gives
    :math:`H = \infty` and p-value 0; every forecast certain and right gives :math:`H = 0`
    with 0 degrees of freedom and p-value 1 (a chi-square with 0 df is the point mass at 0,
    so the p-value is defined there, while :math:`Z` is not).

    References
    ----------
    .. [1] Spiegelhalter, D. J. (1986). Probabilistic prediction in patient management and
       clinical trials. Statistics in Medicine, 5(5), 421-433.

    Examples
    --------
    >>> from forecastscore.calibration import spiegelhalter_test
    >>> # -0.2 * 0.6 + 0.3 * -0.4 + 0.1 * -0.8 + 0.6 * 0.2 = -0.2 over sqrt(0.1584)
    >>> t = spiegelhalter_test([0.2, 0.7, 0.9, 0.4], [0, 1, 1, 1])
    >>> round(t.statistic, 10), round(t.p_value, 6)
    (-0.5025189076, 0.615303)
    >>> t.note  # doctest: +ELLIPSIS
    'two-sided normal p-value; outcomes assumed independent (pass cluster= question ids ...)'

    A forecast of 1 that did not happen is impossible under the null hypothesis:

    >>> t = spiegelhalter_test([0.2, 0.7, 1.0, 0.4], [0, 1, 0, 1])
    >>> t.statistic, t.p_value
    (inf, 0.0)
    >>> t.note  # doctest: +ELLIPSIS
    '1 certain forecast (0 or 1) failed, the first at flat position 2 (forecast 1.0, outcome 0)...'
    """
    p, y = _pairs(forecast, outcome, "raise")
    w = 1.0 - 2.0 * p
    terms = (y - p) * w
    if cluster is None:
        var = float(np.sum(w * w * p * (1.0 - p)))
        n_clusters = None
        note = (
            "two-sided normal p-value; outcomes assumed independent (pass cluster= question "
            "ids when several forecasts share a question)"
        )
    else:
        codes, n_clusters = _cluster_codes(cluster, p.size)
        if n_clusters < 2:  # one cluster: its sum over itself, so Z is +-1 whatever happened
            raise InvalidOptionError(
                f"a clustered Spiegelhalter test needs at least 2 clusters (got {n_clusters}):"
                " the cluster-robust variance of one cluster is its own squared sum, so Z "
                "would be +-1 whatever the outcomes"
            )
        sums = np.bincount(codes, weights=terms, minlength=n_clusters)
        var = float(np.sum(sums * sums))
        note = (
            f"two-sided normal p-value; cluster-robust variance over {n_clusters} clusters "
            "(reliable with many clusters)"
        )
    failed = _failed_certain(p, y)
    if failed:  # proof of miscalibration: no variance or normal reference needed
        return CalibrationTest(
            test="spiegelhalter",
            statistic=math.inf,
            p_value=0.0,
            df=None,
            n=int(p.size),
            n_clusters=n_clusters,
            note=failed,
        )
    if not var > 0.0:
        informative = bool(np.any((w != 0.0) & (p > 0.0) & (p < 1.0)))
        raise InvalidForecastError(
            f"Spiegelhalter's variance is 0 for these {p.size} forecasts"
            + (
                " (every cluster's sum of (y - p)(1 - 2p) is 0)"
                if informative
                else " (every forecast is 0, 1/2 or 1, and every 0 or 1 came true)"
            )
            + ", so the test has no information"
        )
    z = float(np.sum(terms)) / math.sqrt(var)
    return CalibrationTest(
        test="spiegelhalter",
        statistic=z,
        p_value=_normal_two_sided(z),
        df=None,
        n=int(p.size),
        n_clusters=n_clusters,
        note=note,
    )


def _decile_groups(p: FloatArray, n_groups: int, order: IntArray) -> tuple[IntArray, int]:
    """Group of each forecast by quantiles of the forecasts (ties kept together), and the
    number of non-empty groups; ``order`` sorts ``p``."""
    s = p[order]
    n = s.size
    # Cut k (k = 1 .. n_groups - 1) is the largest forecast of the first ceil(k n / g) ones.
    idx = -(-np.arange(1, n_groups) * n // n_groups)
    cuts = np.unique(s[np.maximum(idx, 1) - 1])
    group = np.searchsorted(cuts, p, side="left")
    used = np.bincount(group, minlength=cuts.size + 1) > 0
    code = (np.cumsum(used) - 1)[group]  # the non-empty groups numbered 0, 1, ...
    return code.astype(np.intp), int(np.count_nonzero(used))


def _coupled_covariance(
    p: FloatArray, group: IntArray, g: int, codes: IntArray, n_clusters: int, order: IntArray
) -> FloatArray:
    """Covariance of the groups' sums of ``y - p`` when ``y_i = 1{U_c < p_i}``, one uniform
    per cluster: ``Cov(y_i, y_j) = min(p_i, p_j) - p_i p_j`` within a cluster, 0 across.

    Groups are intervals of the forecasts (ties share one), so across two groups ``g < h``
    the smaller forecast is always the one in ``g`` and the sum of minima is
    ``P[c, g] N[c, h]``; within one group, the forecasts sorted ascending, the ``k``-th of
    ``m`` is the minimum of ``2 (m - k) + 1`` ordered pairs.
    """
    cell = codes * g + group
    sum_p = np.bincount(cell, weights=p, minlength=n_clusters * g).reshape(n_clusters, g)
    count = np.bincount(cell, minlength=n_clusters * g).reshape(n_clusters, g).astype(np.float64)
    across = sum_p.T @ count  # [g, h]: sum over clusters of P[c, g] N[c, h]
    upper = np.triu(across, 1)
    # by cluster, then by forecast (one integer key: two sorts cost half of np.lexsort's)
    rank = np.empty(p.size, dtype=np.int64)
    rank[order] = np.arange(p.size)  # order sorts p
    order = np.argsort(codes.astype(np.int64) * p.size + rank)
    cell_sorted = cell[order]
    start = np.flatnonzero(np.concatenate(([True], cell_sorted[1:] != cell_sorted[:-1])))
    size = np.diff(np.append(start, cell_sorted.size))
    k = np.arange(cell_sorted.size) - np.repeat(start, size)  # 0-based rank in its cell
    m = np.repeat(size, size)
    within = np.bincount(
        group[order], weights=p[order] * (2.0 * (m - k) - 1.0), minlength=g
    )  # 2 (m - (k + 1)) + 1 with a 1-based rank
    v: FloatArray = upper + upper.T + np.diag(within) - sum_p.T @ sum_p
    return v


def hosmer_lemeshow_test(
    forecast: Any, outcome: Any, *, n_groups: int = 10, cluster: Any = None
) -> CalibrationTest:
    r"""The Hosmer-Lemeshow test of calibration for binary forecasts.

    The forecasts are sorted into ``n_groups`` groups by quantiles of the forecasts
    ("deciles of risk" for the default 10): group :math:`g` holds the forecasts up to the
    :math:`g`-th ``n_groups``-quantile, and tied forecasts always share a group (so ties at a
    cut give fewer, non-empty groups :math:`G`; the result's ``df`` says how many). Then

    .. math::

        H = \sum_{g=1}^{G} \frac{(O_g - E_g)^2}{E_g\,(1 - E_g / n_g)}

    with :math:`O_g` the number of events, :math:`E_g` the sum of forecasts and :math:`n_g`
    the number of forecasts in group :math:`g` [1]_. A group whose forecasts are all 0 or
    1 has certain events under the null, so it adds 0 there and takes no degree of freedom:
    :math:`G` below counts the other groups. A certain forecast that failed makes
    :math:`H = \infty` (see Notes).

    The p-value uses a chi-square distribution with :math:`G` degrees of freedom, the
    reference for forecasts **evaluated out of sample** (not fitted to these outcomes) [2]_.
    This library scores forecasts made before the outcomes were known, so ``df = G``; the
    familiar :math:`G - 2` is for a logistic model fitted to the same data, whose two fitted
    parameters use up two degrees of freedom.

    Known weaknesses: the statistic and the p-value depend on the grouping (another number of
    groups, or another rule for ties, can move the p-value across 0.05), the test has low
    power in small samples (a non-significant result is weak evidence of calibration), and
    in very large samples it rejects for miscalibration too small to matter. Read it next to
    a reliability diagram and the size of the miscalibration, not instead of them.

    With ``cluster`` (the question of each forecast), the statistic is the Wald form
    :math:`d^\top V^{-1} d` with :math:`d_g = O_g - E_g` and :math:`V` the covariance of
    :math:`d` under the null hypothesis when the forecasts of one cluster take their
    outcomes from one uniform number :math:`U_c`, :math:`y_i = \mathbf{1}\{U_c < p_i\}`
    (each outcome still Bernoulli(:math:`p_i`); equal forecasts of a question share one
    outcome, which is what clustering means; :func:`corp_test` draws its clustered null the
    same way):

    .. math::

        V_{gh} = \sum_c \sum_{i \in c \cap g}\, \sum_{j \in c \cap h}
                 \bigl(\min(p_i, p_j) - p_i p_j\bigr).

    It is referred to a chi-square with :math:`G` degrees of freedom (a central limit over
    the clusters, so it needs many more clusters than the :math:`G` groups that count toward
    the degrees of freedom; groups of certain forecasts, which have none, do not count, and
    fewer than :math:`G + 1` clusters are refused). The assumption is stated in
    the note. (The empirical cluster-robust covariance :math:`\sum_c u_c u_c^\top` of the
    residuals was not used: in a group of rare events it collapses whenever no event
    happened there, and the test then rejects a calibrated forecaster far more often than
    its level says.)

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    n_groups : int, default 10
        Number of quantile groups asked for (at least 2).
    cluster : array_like, optional
        One label per forecast (e.g. question ids). Without it the outcomes are assumed
        independent.

    Returns
    -------
    CalibrationTest
        ``statistic`` is :math:`H`, ``df`` the number of non-empty groups holding a
        forecast strictly between 0 and 1 (when there is none, ``df`` is 0 and the p-value is
        1 for a statistic of 0, else 0).

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ShapeError
        Bad forecasts or outcomes, or shapes that do not match.
    InvalidOptionError
        ``n_groups`` not an integer >= 2, a missing cluster label, no more clusters than
        the groups that count toward ``df``, or a singular covariance of the groups.
    ForecastTypeError
        Cluster labels of mixed types.

    Notes
    -----
    Certain forecasts. A forecast of exactly 0 or 1 has a certain outcome under the null
    hypothesis. If one of them failed (an event forecast at 0, or a non-event at 1), in a
    group of its own kind or among other forecasts, the outcomes have probability 0 under
    the null hypothesis, whatever the dependence between outcomes: that is proof of
    miscalibration, and the result is ``statistic = inf`` and ``p_value = 0`` (checked
    forecast by forecast, since in a group two failures can cancel in :math:`O_g - E_g`),
    with a note naming how many failed and the first one. The options (``n_groups``, the
    clusters) are checked first. When every forecast is 0 or 1 and came true, nothing is
    random under the null: :math:`H = 0` with ``df = 0`` and p-value 1 (a chi-square with
    0 df is the point mass at 0).

    :func:`spiegelhalter_test` gives the same ``inf`` and p-value 0 for a failed certain
    forecast; when every forecast is 0 or 1 and came true it refuses instead (its
    :math:`Z = 0 / 0` is undefined, so it has no information to report).

    References
    ----------
    .. [1] Hosmer, D. W. and Lemeshow, S. (1980). Goodness of fit tests for the multiple
       logistic regression model. Communications in Statistics - Theory and Methods, 9(10),
       1043-1069.
    .. [2] Hosmer, D. W., Lemeshow, S. and Sturdivant, R. X. (2013). Applied Logistic
       Regression, 3rd ed., section 5.5 (validation samples). Wiley.

    Examples
    --------
    >>> from forecastscore.calibration import hosmer_lemeshow_test
    >>> # groups {0.2, 0.3}: O=1, E=0.5, n=2 -> 0.25 / 0.375; {0.6, 0.8}: O=1, E=1.4 -> 0.16 / 0.42
    >>> t = hosmer_lemeshow_test([0.2, 0.3, 0.6, 0.8], [0, 1, 0, 1], n_groups=2)
    >>> round(t.statistic, 10), t.df, round(t.p_value, 6)
    (1.0476190476, 2, 0.59226)

    A forecast of 0 that happened is impossible under the null hypothesis, also among
    uncertain forecasts:

    >>> t = hosmer_lemeshow_test([0.0, 0.3, 0.6, 0.8], [1, 1, 0, 1], n_groups=2)
    >>> t.statistic, t.df, t.p_value
    (inf, 2, 0.0)
    """
    from scipy.stats import chi2

    g_asked = _checks.check_integer("n_groups", n_groups, 2)
    p, y = _pairs(forecast, outcome, "raise")
    order = np.argsort(p, kind="stable")
    group, g = _decile_groups(p, g_asked, order)
    count = np.bincount(group, minlength=g).astype(np.float64)
    observed = np.bincount(group, weights=y, minlength=g)
    expected = np.bincount(group, weights=p, minlength=g)
    d = observed - expected
    # A group whose forecasts are all 0 or 1 has no variance under the null (its events are
    # certain): it adds no degree of freedom (under the null it adds exactly 0). A certain
    # forecast that failed, in any group, is impossible under the null: H = inf, p = 0.
    # (Checked forecast by forecast: in a group two failures can cancel in d.)
    uncertain = np.bincount(group, weights=(p > 0.0) & (p < 1.0), minlength=g) > 0
    df = int(np.count_nonzero(uncertain))
    failed_note = _failed_certain(p, y)
    failed = bool(failed_note)
    certain = "" if df == g else f"; {g - df} of them all 0 or 1, without variance or df"
    how = (
        f"{g} groups by quantiles of the forecasts ({g_asked} asked; ties share a group"
        f"{certain}), chi-square with {df} df (forecasts evaluated out of sample, not fitted "
        "to these outcomes)"
    )
    if cluster is None:
        n_clusters = None
        den = expected * (1.0 - expected / count)
        use = uncertain & (den > 0.0)
        safe = np.where(use, den, 1.0)
        stat = math.inf if failed else float(np.sum(np.where(use, d * d / safe, 0.0)))
        note = how + "; outcomes assumed independent (pass cluster= question ids when several "
        note += "forecasts share a question)"
    else:
        codes, n_clusters = _cluster_codes(cluster, p.size)
        if n_clusters <= df:  # groups of certain forecasts have no df and need no cluster
            raise InvalidOptionError(
                f"{df} of the {g} groups count toward df (a group of only 0s and 1s has "
                "none), and a clustered Hosmer-Lemeshow test needs more clusters than groups "
                f"(got {n_clusters} clusters); use fewer groups (n_groups={g_asked!r}) or "
                "more clusters"
            )
        v = _coupled_covariance(p, group, g, codes, n_clusters, order)
        # Certain groups as without clusters; the rest are tested.
        if failed:
            stat = math.inf
        elif not uncertain.any():
            stat = 0.0
        else:
            v = v[np.ix_(uncertain, uncertain)]
            eig = np.linalg.eigvalsh(v)
            if not eig[0] > df * np.finfo(np.float64).eps * max(float(eig[-1]), 0.0):
                raise InvalidOptionError(
                    f"the covariance of the {df} groups counting toward df is singular with "
                    f"{n_clusters} clusters; use fewer groups (n_groups={g_asked!r})"
                )
            du = d[uncertain]
            stat = float(du @ np.linalg.solve(v, du))
        note = how + f"; Wald form over {n_clusters} clusters, with the covariance of the null "
        note += "when a cluster's forecasts take their outcomes from one uniform number "
        note += "(assumed coupling; reliable with many more clusters than groups)"
    if failed:
        note += "; " + failed_note
    # With every group certain the statistic is 0 (all matched: p = 1) or infinite (p = 0).
    p_value = float(chi2.sf(stat, df)) if df else float(stat == 0.0)
    return CalibrationTest(
        test="hosmer-lemeshow",
        statistic=stat,
        p_value=p_value,
        df=df,
        n=int(p.size),
        n_clusters=n_clusters,
        note=note,
    )


__all__ = ["CalibrationTest", "hosmer_lemeshow_test", "spiegelhalter_test"]
