"""Combining the partitions' parts on the driver: the first partition's error, the check that
no question is split between partitions, the counts, and the per-forecaster
:class:`~forecastscore.ledger.Summary` (exact means, the one-machine bootstrap on the cells).

What lives here: :func:`raise_first`, :func:`check_disjoint`, :func:`total_counts`,
:func:`summary`, :func:`table_rows`. What does not: any import of dask (the parts arrive as
plain Python objects), and the work of a partition (``_partition``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import FileSchemaError, HindsightError
from ..ledger import Summary
from ..ledger._bootstrap import _bootstrap, _normal
from ..ledger._grouping import interval_options
from ._exact import exact_mean
from ._partition import Failure, Part


def raise_first(results: Sequence[Part | Failure]) -> list[Part]:
    """The parts, or the error of the first partition that failed (a hindsight error counts
    the rows of every partition that refused them, as one machine counts them all)."""
    failures = [r for r in results if isinstance(r, Failure)]
    if not failures:
        return [r for r in results if isinstance(r, Part)]
    first = min(failures, key=lambda f: f.number)
    exc = first.error
    if isinstance(exc, HindsightError):
        late = sum(f.late for f in failures if type(f.error) is type(exc))
        text = re.sub(r"\(\d+ such row\(s\)", f"({late} such row(s)", str(exc), count=1)
        Exception.__init__(exc, text)
    raise exc


def check_disjoint(parts: Sequence[Part]) -> None:
    """Refuse a question found in two partitions: its time average, its cells and its
    bootstrap would be split (the message names the question and both partitions)."""
    if len(parts) < 2:
        return
    labels = np.concatenate([p.questions.astype(str) for p in parts])
    owner = np.concatenate([np.full(len(p.questions), p.number) for p in parts])
    order = np.argsort(labels, kind="stable")
    labels, owner = labels[order], owner[order]
    twice = np.flatnonzero(labels[1:] == labels[:-1])
    if twice.size:
        k = int(twice[0])
        raise FileSchemaError(
            f"question {str(labels[k])!r} is in partition {int(owner[k])} and partition "
            f"{int(owner[k + 1])} ({twice.size} such question(s)): the frame must be "
            "partitioned by question, each question's rows in one partition (for example "
            "frame.shuffle('question'))"
        )


def total_counts(parts: Sequence[Part]) -> dict[str, int]:
    """The counts of every partition, added."""
    out: dict[str, int] = {}
    for p in parts:
        for k, v in p.counts.items():
            out[k] = out.get(k, 0) + int(v)
    return out


def summary(
    parts: Sequence[Part],
    *,
    confidence: float,
    n_resamples: int,
    seed: int | None,
    min_questions: int,
    interval: str,
) -> Summary:
    """The per-forecaster :class:`Summary` of the parts' entries: the count and ranges
    added, the exact sums added and divided once, and the interval computed by the
    one-machine bootstrap from the cells in the one-machine order (forecaster, then
    question, by name)."""
    confidence, n_resamples, seed, min_questions = interval_options(
        confidence, n_resamples, seed, min_questions, interval
    )
    labels = np.unique(np.concatenate([p.groups.astype(str) for p in parts] or [np.empty(0, str)]))
    n_groups = len(labels)
    n = np.zeros(n_groups, dtype=np.int64)
    n_rng = np.zeros(n_groups, dtype=np.int64)
    sums = {"best": [0] * n_groups, "worst": [0] * n_groups}
    flags = {
        w: np.zeros((3, n_groups), dtype=np.int64) for w in ("best", "worst")
    }  # NaN, +inf, -inf
    cell_group, cell_question, cell_sum, cell_n = [], [], [], []
    for p in parts:
        at = np.searchsorted(labels, p.groups.astype(str))
        n[at] += p.n
        n_rng[at] += p.n_ranges
        for which, exact in (("best", p.best), ("worst", p.worst)):
            total = sums[which]
            for g, s in zip(at.tolist(), exact.total, strict=True):
                total[g] += s
            flags[which][:, at] += np.stack((exact.n_nan, exact.n_pinf, exact.n_ninf))
        cell_group.append(at[p.cell_group])
        cell_question.append(p.cell_question.astype(str))
        cell_sum.append(p.cell_sum)
        cell_n.append(p.cell_n)

    def mean(which: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        f = flags[which]
        return np.array(
            [
                exact_mean(sums[which][g], int(n[g]), int(f[0, g]), int(f[1, g]), int(f[2, g]))
                for g in range(n_groups)
            ],
            dtype=np.float64,
        )

    mean_best, mean_worst = mean("best"), mean("worst")
    mean_score = np.where(n_rng > 0, math.nan, mean_best)
    if parts:
        cg = np.concatenate(cell_group).astype(np.intp)
        cq = np.concatenate(cell_question)
        cs = np.concatenate(cell_sum)
        cn = np.concatenate(cell_n)
    else:
        cg, cq, cs, cn = np.empty(0, np.intp), np.empty(0, str), np.empty(0), np.empty(0)
    # The one-machine order of the cells: by forecaster, then by question, both by name.
    order = np.lexsort((cq, cg))
    cg, cs, cn = cg[order], cs[order], cn[order]
    n_q = np.bincount(cg, minlength=n_groups)
    ci_low = np.full(n_groups, math.nan)
    ci_high = np.full(n_groups, math.nan)
    eligible = (n_q >= min_questions) & (n_rng == 0) & np.isfinite(mean_score)
    if eligible.any():
        keep = eligible[cg]
        method = _bootstrap if interval == "bootstrap" else _normal
        lo, hi = method(cg[keep], cs[keep], cn[keep], n_groups, confidence, n_resamples, seed)
        ci_low[eligible] = lo[eligible]
        ci_high[eligible] = hi[eligible]
    return Summary(
        by="forecaster",
        key=labels.astype(object),
        n=n.astype(np.intp),
        n_questions=n_q.astype(np.intp),
        mean_score=mean_score,
        ci_low=ci_low,
        ci_high=ci_high,
        mean_best=mean_best,
        mean_worst=mean_worst,
        n_ranges=n_rng.astype(np.intp),
        confidence=confidence,
        n_resamples=n_resamples,
        seed=seed,
        min_questions=min_questions,
        interval=interval,
    )


def table_rows(parts: Sequence[Part]) -> dict[str, Any]:
    """The time-averaged rows of every part, sorted as one machine sorts them (question,
    then forecaster, by name)."""
    names = (
        "question",
        "forecaster",
        "score",
        "best",
        "worst",
        "coverage",
        "span_days",
        "n_forecasts",
    )
    cols: dict[str, Any] = {}
    for name in names:
        chunks = [p.table[name] for p in parts if p.table is not None]
        cols[name] = np.concatenate(chunks) if chunks else np.empty(0)
    if not len(cols["question"]):
        cols["question"] = cols["question"].astype(object)
        cols["forecaster"] = cols["forecaster"].astype(object)
        cols["n_forecasts"] = cols["n_forecasts"].astype(np.intp)
        return cols
    order = np.lexsort((cols["forecaster"].astype(str), cols["question"].astype(str)))
    return {k: v[order] for k, v in cols.items()}
