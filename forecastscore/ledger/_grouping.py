"""Grouping scored rows: means per group (by one column or several), unweighted means of
per-stratum means, and their intervals from the question bootstrap or its normal limit. The
engine behind every summary; :class:`Summary` itself lives in ``_summaries``.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .. import _checks
from ..errors import (
    InvalidOptionError,
)
from ..rules._reduce import _weighted
from ._bootstrap import MAX_RESAMPLES, _bootstrap, _normal, _stratified_bootstrap
from ._columns import (
    BoolArray,
    FloatArray,
    IntArray,
    ObjArray,
    _obj_array,
    unique_keys,
)
from ._summaries import Summary

if TYPE_CHECKING:
    pass


def _factorize(values: ObjArray) -> tuple[ObjArray, IntArray]:
    """Distinct labels (sorted by their text; the first object of each kept) and the code
    of each entry."""
    text = values.astype(str)
    _, first, code = np.unique(text, return_index=True, return_inverse=True)
    out: ObjArray = values[first]
    return out, code.reshape(-1).astype(np.intp)


def _label_rank(labels: ObjArray) -> IntArray:
    """Rank of each label in sorted order (so that results do not depend on internal codes)."""
    order = np.argsort(labels.astype(str), kind="stable")
    rank = np.empty(len(labels), dtype=np.intp)
    rank[order] = np.arange(len(labels))
    return rank


def interval_options(
    confidence: float, n_resamples: int, seed: int | None, min_questions: int, interval: str
) -> tuple[float, int, int | None, int]:
    """The options of a summary's intervals, checked (shared with ``forecastscore.distributed``,
    which must refuse what one machine refuses, with the same messages)."""
    confidence = _checks.check_confidence(confidence, "confidence")
    if seed is not None:
        seed = _checks.check_integer("seed", seed, 0)
    n_resamples = _checks.check_integer("n_resamples", n_resamples, 1)
    if n_resamples > MAX_RESAMPLES:
        raise InvalidOptionError(
            f"n_resamples must be at most {MAX_RESAMPLES} (got {n_resamples!r}): more "
            "resamples do not make a percentile interval any more exact than its questions "
            "allow, and each costs memory"
        )
    min_questions = _checks.check_integer("min_questions", min_questions, 2)
    _checks.check_choice("interval", interval, ("bootstrap", "normal"))
    return confidence, n_resamples, seed, min_questions


def summarise(
    by: str | tuple[str, ...],
    labels: ObjArray,
    group: IntArray,
    question_labels: ObjArray,
    question: IntArray,
    score: FloatArray,
    best: FloatArray,
    worst: FloatArray,
    is_range: BoolArray,
    *,
    confidence: float = 0.95,
    n_resamples: int = 1000,
    seed: int | None = 0,
    min_questions: int = 5,
    interval: str = "bootstrap",
    stratum: IntArray | None = None,
    strata: str | None = None,
    ordered: bool = False,
    weight: FloatArray | None = None,
    weights: str | None = None,
) -> Summary:
    r"""Summarise scores by group with a question-clustered percentile bootstrap.

    ``group`` and ``question`` are integer codes per score, indexing ``labels`` and
    ``question_labels``. Groups come out sorted by label (in code order when ``ordered``:
    lead-time bins, tuples of several columns) and without the empty ones; the results
    depend on the labels, not on the codes. Each bootstrap replicate redraws, for each
    group, as many of the group's questions as it has, with replacement, and takes all of a
    drawn question's scores: the replicate's mean is :math:`\sum_j S_j / \sum_j N_j` over
    the drawn questions, where :math:`S_j` and :math:`N_j` are the question's score sum and
    count.

    With ``stratum`` (a code per score, constant within a question; ``strata`` its column's
    name), a group's mean is the unweighted mean of its per-stratum means, and the bootstrap
    redraws the group's questions within each stratum (see :func:`_stratified_bootstrap`).

    With ``weight`` (a finite weight >= 0 per score, already checked, every group and
    stratum of positive total weight; ``weights`` what to call them in the summary), a
    group's mean is :math:`\sum_i w_i s_i / \sum_i w_i` (per stratum, with ``stratum``),
    a score of weight 0 left out even where it is infinite; a cell's :math:`S_j` and
    :math:`N_j` become its weighted score sum and weight sum, so the same bootstrap and
    normal interval (the clustered variance of a ratio estimator) apply, over the cells
    of positive weight (they alone count for ``min_questions``).
    """
    confidence, n_resamples, seed, min_questions = interval_options(
        confidence, n_resamples, seed, min_questions, interval
    )
    # Work in label order: groups and questions are replaced by their ranks.
    g_rank = np.arange(len(labels)) if ordered or by == "lead_time" else _label_rank(labels)
    labels = labels[np.argsort(g_rank)]
    group = g_rank[group]
    question = _label_rank(question_labels)[question]
    n_groups = len(labels)
    n = np.bincount(group, minlength=n_groups)
    present = np.flatnonzero(n > 0)
    n_rng = np.bincount(group, weights=is_range, minlength=n_groups).astype(np.intp)
    total_weight = None
    if weight is None:
        if stratum is None:
            with np.errstate(invalid="ignore", divide="ignore"):
                mean_best = np.bincount(group, weights=best, minlength=n_groups) / n
                mean_worst = np.bincount(group, weights=worst, minlength=n_groups) / n
        else:
            mean_best = _stratified_mean(group, stratum, best, n_groups)
            mean_worst = _stratified_mean(group, stratum, worst, n_groups)
        mean = np.where(n_rng > 0, math.nan, mean_best)
    else:
        total_weight = np.bincount(group, weights=weight, minlength=n_groups).astype(np.float64)
        if stratum is None:
            with np.errstate(invalid="ignore", divide="ignore"):
                wbest = np.bincount(group, weights=_weighted(best, weight), minlength=n_groups)
                wworst = np.bincount(group, weights=_weighted(worst, weight), minlength=n_groups)
                mean_best = wbest / total_weight
                mean_worst = wworst / total_weight
        else:
            mean_best = _stratified_mean(group, stratum, best, n_groups, weight)
            mean_worst = _stratified_mean(group, stratum, worst, n_groups, weight)
        # A range of weight 0 is left out, as any score of weight 0.
        counted = np.bincount(group, weights=is_range & (weight > 0), minlength=n_groups)
        mean = np.where(counted > 0, math.nan, mean_best)
    # Cells: one per (group, question), sorted by group.
    nq = max(len(question_labels), 1)
    cell_key = group.astype(np.int64) * nq + question
    cells, _, cell_of = unique_keys(cell_key)  # np.unique's result, by a radix sort
    cell_group = (cells // nq).astype(np.intp)
    plain = np.where(is_range, 0.0, score)
    n_q = np.bincount(cell_group, minlength=n_groups)
    if weight is None:
        cell_sum = np.bincount(cell_of, weights=plain, minlength=len(cells)).astype(
            np.float64, copy=False
        )
        cell_n = np.bincount(cell_of, minlength=len(cells)).astype(np.float64)
        n_q_counted = n_q
    else:
        cell_sum = np.bincount(
            cell_of, weights=_weighted(plain, weight), minlength=len(cells)
        ).astype(np.float64, copy=False)
        cell_n = np.bincount(cell_of, weights=weight, minlength=len(cells)).astype(
            np.float64, copy=False
        )
        # Only the questions of positive weight are resampled (and count for min_questions).
        n_q_counted = np.bincount(cell_group, weights=cell_n > 0, minlength=n_groups).astype(
            np.intp
        )
    ci_low = np.full(n_groups, math.nan)
    ci_high = np.full(n_groups, math.nan)
    # No interval for too few questions, for ranges (only bounded), or an infinite mean.
    # (With weights, a range of positive weight makes the mean NaN; one of weight 0 does
    # not count.)
    eligible = (n_q_counted >= min_questions) & np.isfinite(mean)
    if weight is None:
        eligible &= n_rng == 0
    if eligible.any():
        keep = eligible[cell_group]
        if weight is not None:
            keep &= cell_n > 0
        args = (cell_sum[keep], cell_n[keep], n_groups, confidence, n_resamples, seed)
        if stratum is None:
            method = _bootstrap if interval == "bootstrap" else _normal
            lo, hi = method(cell_group[keep], *args)
        else:
            # The stratum of each cell (constant within a question, so within a cell).
            q_stratum = np.zeros(nq, dtype=np.intp)
            q_stratum[question] = stratum
            cell_stratum = q_stratum[(cells % nq).astype(np.intp)][keep]
            if interval == "bootstrap":
                lo, hi = _stratified_bootstrap(cell_group[keep], cell_stratum, *args)
            else:
                lo, hi = _stratified_normal(cell_group[keep], cell_stratum, *args)
        ci_low[eligible] = lo[eligible]
        ci_high[eligible] = hi[eligible]
    return Summary(
        by=by,
        key=labels[present],
        n=n[present],
        n_questions=n_q[present],
        mean_score=mean[present],
        ci_low=ci_low[present],
        ci_high=ci_high[present],
        mean_best=mean_best[present],
        mean_worst=mean_worst[present],
        n_ranges=n_rng[present],
        confidence=confidence,
        n_resamples=n_resamples,
        seed=seed,
        min_questions=min_questions,
        interval=interval,
        strata=strata,
        total_weight=None if total_weight is None else total_weight[present],
        weights=weights,
    )


def _stratified_mean(
    group: IntArray,
    stratum: IntArray,
    values: FloatArray,
    n_groups: int,
    weight: FloatArray | None = None,
) -> FloatArray:
    """Per group, the unweighted mean over its strata of its per-stratum means (weighted
    means with ``weight``: every stratum of a group has a positive total weight)."""
    n_strata = int(stratum.max(initial=-1)) + 1
    sub = group.astype(np.int64) * max(n_strata, 1) + stratum
    keys, sub_of = np.unique(sub, return_inverse=True)
    if weight is None:
        sub_mean = np.bincount(sub_of, weights=values, minlength=len(keys)) / np.bincount(
            sub_of, minlength=len(keys)
        )
    else:
        sub_mean = np.bincount(
            sub_of, weights=_weighted(values, weight), minlength=len(keys)
        ) / np.bincount(sub_of, weights=weight, minlength=len(keys))
    sub_group = (keys // max(n_strata, 1)).astype(np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.bincount(
            sub_group, weights=sub_mean, minlength=n_groups
        ) / np.bincount(sub_group, minlength=n_groups)
    return out


def _stratified_normal(
    cell_group: IntArray,
    cell_stratum: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_groups: int,
    confidence: float,
    n_resamples: int,
    seed: int | None,
) -> tuple[FloatArray, FloatArray]:
    r"""Normal interval of the stratified mean :math:`\frac1K \sum_k \hat r_k`: the strata
    are independent, so :math:`\widehat{\mathrm{se}}^2 = \frac{1}{K^2} \sum_k
    \widehat{\mathrm{se}}_k^2`, each from the question-clustered formula of ``_normal``
    (NaN for a stratum of one question)."""
    n_strata = int(cell_stratum.max(initial=-1)) + 1
    sub = cell_group.astype(np.int64) * n_strata + cell_stratum
    keys, sub_of = np.unique(sub, return_inverse=True)
    m = np.bincount(sub_of, minlength=len(keys)).astype(np.float64)
    total_s = np.bincount(sub_of, weights=cell_sum, minlength=len(keys))
    total_n = np.bincount(sub_of, weights=cell_n, minlength=len(keys))
    r = total_s / total_n
    resid = cell_sum - r[sub_of] * cell_n
    ss = np.bincount(sub_of, weights=resid * resid, minlength=len(keys))
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(m / (m - 1.0) * ss) / total_n
    sub_group = (keys // n_strata).astype(np.intp)
    k = np.bincount(sub_group, minlength=n_groups).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(sub_group, weights=r, minlength=n_groups) / k
        se_g = np.sqrt(np.bincount(sub_group, weights=se * se, minlength=n_groups)) / k
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2.0)
    return mean - z * se_g, mean + z * se_g


def _bin_labels(edges: FloatArray) -> ObjArray:
    return _obj_array([f"[{a:g}, {b:g})" for a, b in itertools.pairwise(edges)])


def _check_bins(bins: Sequence[float]) -> FloatArray:
    try:
        edges = np.asarray(bins, dtype=np.float64)
    except (TypeError, ValueError):
        edges = np.empty(0)  # refused below, with the value given
    if edges.ndim != 1 or len(edges) < 2 or np.isnan(edges).any() or (np.diff(edges) <= 0).any():
        raise InvalidOptionError(
            f"bins must be at least two strictly increasing edges in days (got {bins!r})"
        )
    return edges
