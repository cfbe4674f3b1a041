r"""Discrimination of binary forecasts: the ROC curve (:func:`roc_curve`), and AUC with an
interval, the discrimination slope and sharpness in one result (:func:`discrimination`).
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._records import OneRow, frame, short_float
from ..errors import InvalidOptionError, InvalidOutcomeError, ShapeError
from ._binning import FloatArray, _pairs
from ._tests import _cluster_codes


def _both_classes(y: FloatArray) -> tuple[int, int]:
    n1 = int(np.count_nonzero(y))
    n0 = y.size - n1
    if n1 == 0 or n0 == 0:
        raise InvalidOutcomeError(
            f"all {y.size} outcomes are {int(n1 > 0)}: discrimination (ROC, AUC) needs at "
            "least one event and one non-event"
        )
    return n1, n0


@attrs.frozen(eq=False)
class RocCurve:
    r"""Points of the ROC curve: false and true positive rates as the threshold falls.

    Attributes
    ----------
    false_positive_rate, true_positive_rate : ndarray of float, shape (m + 1,)
        At threshold ``thresholds[k]`` the forecasts :math:`p \ge` ``thresholds[k]`` count
        as positive; the first point (0, 0) has threshold ``inf``.
    thresholds : ndarray of float, shape (m + 1,)
        ``inf``, then the distinct forecasts in decreasing order (scikit-learn's convention,
        without dropping collinear points).

    Examples
    --------
    >>> from forecastscore.calibration import roc_curve
    >>> r = roc_curve([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])
    >>> r.true_positive_rate.tolist(), r.false_positive_rate.tolist()
    ([0.0, 0.5, 0.5, 1.0, 1.0], [0.0, 0.0, 0.5, 0.5, 1.0])
    """

    false_positive_rate: FloatArray
    true_positive_rate: FloatArray
    thresholds: FloatArray

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per point: ``threshold``, ``false_positive_rate``, ``true_positive_rate``."""
        return [
            {"threshold": t, "false_positive_rate": f, "true_positive_rate": r}
            for t, f, r in zip(
                self.thresholds.tolist(),
                self.false_positive_rate.tolist(),
                self.true_positive_rate.tolist(),
                strict=True,
            )
        ]

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame` of :meth:`to_records` (one row per point).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        columns = ["threshold", "false_positive_rate", "true_positive_rate"]
        return frame(self.to_records(), columns, "RocCurve")

    def __repr__(self) -> str:
        return f"RocCurve(points={self.thresholds.size})"


def roc_curve(forecast: Any, outcome: Any) -> RocCurve:
    r"""The ROC curve of binary forecasts: true against false positive rate.

    At threshold :math:`t` the forecasts :math:`p \ge t` say "event"; the true positive rate
    is the share of events so flagged, the false positive rate the share of non-events. The
    thresholds are the distinct forecasts, so tied forecasts move the curve diagonally. The
    area under it is :func:`discrimination`'s ``auc``.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; at least one event and one non-event.

    Returns
    -------
    RocCurve

    Raises
    ------
    InvalidForecastError, ShapeError
        Bad forecasts, shapes that do not match, or no pairs.
    InvalidOutcomeError
        Bad outcomes, or all outcomes equal.

    References
    ----------
    .. [1] Fawcett, T. (2006). An introduction to ROC analysis. Pattern Recognition Letters,
       27(8), 861-874.

    Examples
    --------
    >>> from forecastscore.calibration import roc_curve
    >>> r = roc_curve([0.8, 0.8, 0.3], [1, 0, 0])   # a tie moves the curve diagonally
    >>> r.thresholds.tolist()
    [inf, 0.8, 0.3]
    >>> r.true_positive_rate.tolist(), r.false_positive_rate.tolist()
    ([0.0, 1.0, 1.0], [0.0, 0.5, 1.0])
    """
    p, y = _pairs(forecast, outcome, "raise")
    n1, n0 = _both_classes(y)
    values, inverse = np.unique(p, return_inverse=True)
    events = np.bincount(inverse, weights=y, minlength=values.size)[::-1]
    counts = np.bincount(inverse, minlength=values.size)[::-1]
    tp = np.concatenate([[0.0], np.cumsum(events)])
    fp = np.concatenate([[0.0], np.cumsum(counts - events)])
    return RocCurve(
        false_positive_rate=fp / n0,
        true_positive_rate=tp / n1,
        thresholds=np.concatenate([[np.inf], values[::-1]]),
    )


@attrs.frozen
class Discrimination(OneRow):
    r"""How well binary forecasts tell events from non-events, and how sharp they are.

    Attributes
    ----------
    auc : float
        Area under the ROC curve: the probability that a random event got a higher forecast
        than a random non-event (ties count one half). 1 perfect, 1/2 no discrimination;
        **higher is better**.
    ci_low, ci_high : float or None
        Interval for the AUC at level ``confidence``; ``None`` when the cluster bootstrap
        cannot give one (more than ``1 - confidence`` of its resamples held no event or no
        non-event; ``note`` says so).
    interval : str
        How the interval was made (``'delong'`` or ``'cluster bootstrap'``).
    confidence : float
        Its level.
    discrimination_slope : float
        Mean forecast of the events minus mean forecast of the non-events (Yates 1982);
        higher is better.
    mean_distance_from_half : float
        Mean :math:`|p - 1/2|`, in [0, 1/2]: a sharpness summary (0 for always 1/2).
    mean_entropy : float
        Mean :math:`-p \ln p - (1 - p) \ln(1 - p)` in nats, in [0, ln 2]: lower is sharper.
    n : int
        Number of forecasts.
    n_events : int
        Number of events.
    n_clusters : int or None
        Number of clusters (questions) with ``cluster=``, else None.
    note : str
        What the interval assumed and, for the cluster bootstrap, how many resamples were
        left out for holding no event or no non-event (and, if too many were, why there is
        no interval).

    Examples
    --------
    >>> from forecastscore.calibration import discrimination
    >>> d = discrimination([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])
    >>> d.auc, d.discrimination_slope   # 3 of 4 pairs ordered; (0.9 + 0.4 - 0.6 - 0.1) / 2
    (0.75, 0.30000000000000004)
    """

    auc: float
    ci_low: float | None
    ci_high: float | None
    interval: str
    confidence: float
    discrimination_slope: float
    mean_distance_from_half: float
    mean_entropy: float
    n: int
    n_events: int
    n_clusters: int | None
    note: str

    def __repr__(self) -> str:
        ci = (
            "None"
            if self.ci_low is None or self.ci_high is None
            else f"({short_float(self.ci_low)}, {short_float(self.ci_high)})"
        )
        return (
            f"Discrimination(auc={short_float(self.auc)}, ci={ci}, "
            f"interval={self.interval!r}, n={self.n})"
        )


def discrimination(
    forecast: Any,
    outcome: Any,
    *,
    cluster: Any = None,
    confidence: float = 0.95,
    seed: int | None = 0,
    n_resamples: int = 1000,
) -> Discrimination:
    r"""AUC with an interval, the discrimination slope and sharpness of binary forecasts.

    The AUC is the Mann-Whitney statistic

    .. math::

        \mathrm{AUC} = \frac{1}{n_1 n_0} \sum_{i: y_i = 1} \sum_{j: y_j = 0}
        \left(\mathbf{1}\{p_i > p_j\} + \tfrac12 \mathbf{1}\{p_i = p_j\}\right)
        = \frac{R_1 - n_1 (n_1 + 1) / 2}{n_1 n_0},

    with :math:`R_1` the sum of the midranks of the events' forecasts (**higher is
    better**; 1/2 is no discrimination). It depends only on the order of the forecasts, so it
    says nothing about calibration.

    Without ``cluster`` the interval is DeLong's (DeLong, DeLong and Clarke-Pearson 1988):
    :math:`\mathrm{AUC} \pm z\,\mathrm{se}` with the structural-component variance
    :math:`s_{10}^2 / n_1 + s_{01}^2 / n_0`, clipped to [0, 1]; it assumes independent
    forecasts. With ``cluster`` (question ids: several forecasts of one question share its
    outcome) whole clusters are resampled with replacement ``n_resamples`` times and the
    interval is the percentile interval of the AUCs.

    A resample that holds no event or no non-event has no AUC and is left out, so the
    interval is conditional on both being present; the note says how many were left out.
    If more than ``1 - confidence`` of the resamples were (e.g. more than 50 of 1000 at
    0.95), no interval is given (``ci_low`` and ``ci_high`` are ``None``, the note says why):
    the percentile interval should hold ``confidence`` of the bootstrap distribution, and
    when more than ``1 - confidence`` of it has no AUC at all, no interval of the rest can.
    That happens when the events or the non-events sit in very few clusters (about 3 or
    fewer at 0.95: a resample misses all of :math:`k` clusters of :math:`n` with probability
    :math:`(1 - k/n)^n \approx e^{-k}`), where a question-clustered interval would mostly
    reflect which few questions were drawn.

    Sharpness: mean :math:`|p - 1/2|` and mean entropy in nats (:math:`0 \ln 0 = 0`).

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; at least one event and one non-event.
    cluster : array_like, shape (n,), optional
        A label per forecast (after flattening); at least two distinct labels.
    confidence : float, default 0.95
        Level of the interval, in (0, 1).
    seed : int or None, default 0
        Seed of the cluster bootstrap (None: fresh entropy).
    n_resamples : int, default 1000
        Number of cluster-bootstrap resamples, 1 to 1,000,000.

    Returns
    -------
    Discrimination

    Raises
    ------
    InvalidForecastError, ShapeError
        Bad forecasts, shapes that do not match, no pairs, or ``cluster`` of another length.
    InvalidOutcomeError
        Bad outcomes, or all outcomes equal.
    InvalidOptionError
        Bad ``confidence``, ``seed`` or ``n_resamples``, fewer than two clusters, or a
        missing cluster label (NaN, None).
    ForecastTypeError
        Cluster labels of mixed types.

    References
    ----------
    .. [1] DeLong, E. R., DeLong, D. M. and Clarke-Pearson, D. L. (1988). Comparing the
       areas under two or more correlated receiver operating characteristic curves: a
       nonparametric approach. Biometrics, 44(3), 837-845.
    .. [2] Yates, J. F. (1982). External correspondence: decompositions of the mean
       probability score. Organizational Behavior and Human Performance, 30(1), 132-156.

    Examples
    --------
    >>> from forecastscore.calibration import discrimination
    >>> d = discrimination([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])
    >>> d.auc, d.interval, d.n_events
    (0.75, 'delong', 2)
    >>> d.mean_distance_from_half   # (0.4 + 0.1 + 0.1 + 0.4) / 4
    0.25
    >>> round(d.mean_entropy, 10)   # (0.3250829734 (0.9, 0.1) + 0.6730116670 (0.4, 0.6)) / 2
    0.4990473202

    All events on one question of four: a resample misses it with probability
    :math:`(3/4)^4 = 0.32`, far more than ``1 - confidence``, so there is no interval:

    >>> d = discrimination([0.9, 0.8, 0.3, 0.2, 0.1], [1, 1, 0, 0, 0], cluster=[0, 0, 1, 2, 3])
    >>> d.auc, d.ci_low, d.ci_high
    (1.0, None, None)
    >>> print(d.note)  # doctest: +ELLIPSIS
    no interval: 320 of 1000 cluster-bootstrap resamples over 4 clusters held no event or ...
    """
    from scipy import special, stats  # imported on use: import forecastscore stays light

    level = _checks.check_confidence(confidence)
    resamples = _checks.check_integer("n_resamples", n_resamples, 1)
    if resamples > 1_000_000:
        raise InvalidOptionError(f"n_resamples must be at most 1000000 (got {n_resamples!r})")
    seed_ = None if seed is None else _checks.check_integer("seed", seed, 0)
    p, y = _pairs(forecast, outcome, "raise")
    n1, n0 = _both_classes(y)
    pos = y == 1.0
    ranks = stats.rankdata(p)
    r1 = float(np.sum(ranks[pos]))
    auc = (r1 - n1 * (n1 + 1) / 2) / (n1 * n0)
    z = float(special.ndtri(0.5 + level / 2))
    n_clusters: int | None = None
    if cluster is None:
        v10 = (ranks[pos] - stats.rankdata(p[pos])) / n0
        v01 = 1.0 - (ranks[~pos] - stats.rankdata(p[~pos])) / n1
        s10 = float(np.var(v10, ddof=1)) if n1 > 1 else 0.0
        s01 = float(np.var(v01, ddof=1)) if n0 > 1 else 0.0
        se = float(np.sqrt(s10 / n1 + s01 / n0))
        low: float | None = max(0.0, auc - z * se)
        high: float | None = min(1.0, auc + z * se)
        method = "delong"
        note = (
            "DeLong interval (normal, clipped to [0, 1]); forecasts assumed independent (pass "
            "cluster= question ids when several forecasts share a question)"
        )
    else:
        labels = _checks.asarray(cluster, "cluster").ravel()
        if labels.size != p.size:
            raise ShapeError(
                f"cluster has {labels.size} labels for {p.size} forecasts; give one per forecast"
            )
        # Missing labels (NaN, None) refused, not merged into one cluster; mixed types named.
        group, n_clusters = _cluster_codes(labels, p.size)
        if n_clusters < 2:
            raise InvalidOptionError(
                f"cluster holds {n_clusters} distinct label; a cluster bootstrap needs at least 2"
            )
        low, high, note = _cluster_bootstrap(p, y, group, n_clusters, level, seed_, resamples)
        method = "cluster bootstrap"
    return Discrimination(
        auc=float(auc),
        ci_low=low,
        ci_high=high,
        interval=method,
        confidence=level,
        discrimination_slope=float(np.mean(p[pos]) - np.mean(p[~pos])),
        mean_distance_from_half=float(np.mean(np.abs(p - 0.5))),
        mean_entropy=float(np.mean(special.entr(p) + special.entr(1.0 - p))),
        n=p.size,
        n_events=n1,
        n_clusters=n_clusters,
        note=note,
    )


def _cluster_bootstrap(
    p: FloatArray,
    y: FloatArray,
    group: Any,
    n_clusters: int,
    level: float,
    seed: int | None,
    resamples: int,
) -> tuple[float | None, float | None, str]:
    """Percentile interval of the weighted AUC over resamples of whole clusters, and the
    note: how many resamples held no event or no non-event (no interval when more than
    ``1 - level`` of them did)."""
    rng = np.random.default_rng(seed)
    values, inverse = np.unique(p, return_inverse=True)
    m = values.size
    aucs = np.empty(resamples)
    for b in range(resamples):  # one pass over the forecasts per resample
        w = np.bincount(rng.integers(0, n_clusters, n_clusters), minlength=n_clusters)[group]
        wp = np.bincount(inverse, weights=w * y, minlength=m)
        wn = np.bincount(inverse, weights=w * (1.0 - y), minlength=m)
        total_p, total_n = wp.sum(), wn.sum()
        if total_p == 0 or total_n == 0:
            aucs[b] = np.nan
            continue
        below = np.cumsum(wn) - wn  # non-event weight strictly below each value
        aucs[b] = np.sum(wp * (below + 0.5 * wn)) / (total_p * total_n)
    finite = aucs[~np.isnan(aucs)]
    dropped = resamples - finite.size
    left_out = (
        f"{dropped} of {resamples} cluster-bootstrap resamples over {n_clusters} clusters "
        "held no event or no non-event"
    )
    # More than 1 - level of the bootstrap distribution without an AUC: no interval of the
    # rest holds `level` of it. (The relative slack keeps e.g. 50 of 1000 at 0.95 allowed
    # although (1 - 0.95) * 1000 rounds to 49.99999999999996 or 50.00000000000004.)
    if dropped > (1.0 - level) * resamples * (1.0 + 1e-9):
        with_events = int(np.count_nonzero(np.bincount(group, weights=y, minlength=n_clusters)))
        with_non = int(np.count_nonzero(np.bincount(group, weights=1.0 - y, minlength=n_clusters)))
        note = (
            f"no interval: {left_out}, more than 1 - confidence = {short_float(1.0 - level)}"
            f" of them, so no interval of the others holds {short_float(level)} of the "
            f"bootstrap distribution (events in {with_events} and non-events in {with_non} "
            f"of the {n_clusters} clusters: too few for a question-clustered interval)"
        )
        return None, None, note
    alpha = (1.0 - level) / 2
    low, high = np.quantile(finite, [alpha, 1.0 - alpha])
    note = (
        f"percentile interval of the {finite.size} AUCs of {resamples} resamples of whole "
        f"clusters; {left_out} and were left out"
        + (" (the interval is conditional on both being present)" if dropped else "")
    )
    return float(low), float(high), note
