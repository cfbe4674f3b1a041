r"""The leaderboard: every forecaster of a table of scores ranked, with what makes a rank
defensible: the number of questions and the share imputed, the mean, the
difficulty-adjusted mean and the peer score, an interval and a rank interval from one
bootstrap over questions shared by all forecasters, P(ranked first) and the p-value of the
difference with the leader (:class:`Leaderboard`, made by :func:`leaderboard`, the work
behind ``ScoreTable.leaderboard``). The fixed-effects fit and the peer scores live in
``_fixed_effects``, the shared bootstrap in ``_bootstrap``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from .. import _checks
from .._records import frame, nones
from .._text import format_number, notes, render_table
from ..errors import InvalidForecastError, InvalidOptionError, ShapeError
from ._bootstrap import MAX_RESAMPLES, joint_means
from ._columns import FloatArray, IntArray, ObjArray
from ._fixed_effects import fit_effects, pool_mask, pow2_scale

if TYPE_CHECKING:
    from ._tables import _Summaries

#: The fields of a leaderboard's records, in order.
FIELDS = (
    "forecaster",
    "n_questions",
    "imputed",
    "mean",
    "adjusted_mean",
    "peer",
    "ci_low",
    "ci_high",
    "rank",
    "rank_low",
    "rank_high",
    "p_first",
    "p_vs_leader",
)

#: Significant digits of the numbers in the printed table (the records keep every digit).
_DIGITS = 3

#: Width of the notes under the table (the table itself may take up to 100 columns).
_NOTES_WIDTH = 88

#: Most replicate means a leaderboard holds at once (forecasters times ``n_resamples``):
#: about 8 bytes each, twice.
MAX_REPLICATE_MEANS = 2 * 10**8


@attrs.frozen(eq=False)
class Leaderboard:
    r"""Forecasters ranked by their mean score (a loss: lower is better), with intervals.

    Made by :meth:`ScoreTable.leaderboard`. One entry per forecaster in every array, in
    rank order (ties by name). ``str()`` gives a table in 100 columns; :meth:`to_records`,
    :meth:`to_pandas`, :meth:`to_json` and :meth:`to_csv` give the numbers.

    Attributes
    ----------
    forecaster : ndarray of object
        The forecasters, best first.
    n_questions : ndarray of int
        Questions each forecaster has a score on.
    imputed : ndarray of float
        The share of each forecaster's scored forecasts that were filled in
        (:meth:`Ledger.complete`), 0 to 1.
    mean : ndarray of float
        Mean over the forecaster's questions of its score on each (its mean score there,
        if it forecast a question more than once); with ``strata``, the unweighted mean of
        its per-stratum means.
    adjusted_mean : ndarray of float
        The same mean of the difficulty-adjusted scores (score minus the question's effect
        in the two-way fixed-effects model, see :func:`fixed_effects`: below 0 is better
        than the average forecaster on the same questions); NaN unless ``adjust=True``.
    peer : ndarray of float
        The same mean of the peer scores (the pool's mean score on the question minus the
        forecaster's, see :func:`peer_scores`): **positively oriented, above 0 is better
        than the pool**.
    ci_low, ci_high : ndarray of float
        Percentile bootstrap interval of the ranked mean (``adjusted_mean`` with
        ``adjust=True``, else ``mean``); NaN for fewer than ``min_questions`` questions.
    rank : ndarray of int
        1 for the lowest ranked mean; ties share the best rank (1, 2, 2, 4).
    rank_low, rank_high : ndarray of int
        The rank interval: percentiles of the forecaster's rank over the resamples.
    p_first : ndarray of float
        Share of resamples in which the forecaster ranks first (ties count for each).
    p_vs_leader : ndarray of float
        Two-sided bootstrap p-value of the difference between the forecaster's ranked mean
        and the leader's; NaN for the leader.
    rule : str
        The rule of the scores.
    ranked_by : str
        ``"adjusted_mean"`` or ``"mean"``.
    strata : str or None
        The column whose strata weigh equally.
    dropped : tuple of str
        Forecasters left out for more than ``max_imputed`` of their forecasts imputed.
    confidence, n_resamples, seed, min_questions, max_imputed
        The settings.
    fixed_effects_converged : bool
        With ``adjust=True``, whether the fixed-effects fit met its tolerance (always True
        otherwise).

    Examples
    --------
    Two forecasters on five questions, all resolved yes (Brier scores 0.01 and 0.04 on
    each); more in :meth:`ScoreTable.leaderboard`:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> ledger = Ledger.from_predictions(
    ...     [fs.Prediction(f"q{j}", f, dt.date(2024, 1, 1), p)
    ...      for f, p in (("ann", 0.9), ("ben", 0.8)) for j in range(5)])
    >>> lb = ledger.score([fs.Outcome(f"q{j}", dt.date(2024, 2, 1), "yes")
    ...                    for j in range(5)]).leaderboard()
    >>> lb
    Leaderboard(rule='brier', 2 forecasters, ranked_by='mean', confidence=0.95)
    >>> [(r["forecaster"], r["rank"], round(r["mean"], 12), r["p_first"])
    ...  for r in lb.to_records()]
    [('ann', 1, 0.01, 1.0), ('ben', 2, 0.04, 0.0)]
    >>> print(lb.to_csv().splitlines()[0])
    forecaster,n_questions,imputed,mean,adjusted_mean,peer,ci_low,ci_high,rank,rank_low,rank_high,p_first,p_vs_leader
    """

    forecaster: ObjArray
    n_questions: IntArray
    imputed: FloatArray
    mean: FloatArray
    adjusted_mean: FloatArray
    peer: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    rank: IntArray
    rank_low: IntArray
    rank_high: IntArray
    p_first: FloatArray
    p_vs_leader: FloatArray
    rule: str
    ranked_by: str
    strata: str | None
    dropped: tuple[str, ...]
    confidence: float
    n_resamples: int
    seed: int | None
    min_questions: int
    max_imputed: float | None
    fixed_effects_converged: bool

    def __len__(self) -> int:
        return len(self.forecaster)

    def __repr__(self) -> str:
        strata = f", strata={self.strata!r}" if self.strata is not None else ""
        return (
            f"Leaderboard(rule={self.rule!r}, {len(self)} forecasters, "
            f"ranked_by={self.ranked_by!r}{strata}, confidence={self.confidence!r})"
        )

    def __str__(self) -> str:
        """A plain-text table, best first, and notes that say what each column means."""
        adjusted = self.ranked_by == "adjusted_mean"
        show_imputed = bool((self.imputed > 0).any()) or self.max_imputed is not None
        headers = ["rank", "forecaster", "n"]
        if show_imputed:
            headers.append("imputed")
        headers += ["adjusted" if adjusted else "mean", "peer"]
        headers += [f"{self.confidence:.0%} interval", "ranks", "P(1st)", "p vs 1st"]
        ranked = self.adjusted_mean if adjusted else self.mean
        rows = []
        for i in range(len(self)):
            row = [str(self.rank[i]), str(self.forecaster[i]), str(self.n_questions[i])]
            if show_imputed:
                row.append(f"{self.imputed[i]:.0%}")
            row += [
                format_number(ranked[i], _DIGITS),
                format_number(self.peer[i], _DIGITS),
                _interval(self.ci_low[i], self.ci_high[i]),
                f"{self.rank_low[i]}-{self.rank_high[i]}",
                format_number(self.p_first[i], _DIGITS),
                format_number(self.p_vs_leader[i], _DIGITS),
            ]
            rows.append(row)
        numeric = set(range(len(headers))) - {1}
        table = render_table(headers, rows, numeric)
        if adjusted:
            lines = [
                "Ranked by the difficulty-adjusted mean (each score minus its question's "
                "effect in the two-way fixed-effects model; below 0 is better than the "
                f"average forecaster); score: {self.rule}, a loss: lower is better; the "
                "plain means are in to_records()."
            ]
        else:
            lines = [f"Ranked by the mean score; score: {self.rule}, a loss: lower is better."]
        if self.strata is not None:
            lines.append(f"Means: the unweighted mean of the per-{self.strata} means.")
        lines.append(
            "n: questions scored. peer: the mean, over the forecaster's questions, of the "
            "pool's mean score minus its own: above 0 is better than the pool."
        )
        within = f", within each {self.strata}" if self.strata is not None else ""
        lines.append(
            f"interval, ranks: percentile bootstrap over questions ({self.n_resamples} "
            f"resamples, seed {self.seed}), the same questions drawn for every "
            f"forecaster{within}; P(1st): share of resamples ranked first; p vs 1st: "
            "two-sided bootstrap p-value of the difference with the leader."
        )
        if np.isnan(self.ci_low).any():
            lines.append(f"-: no interval (fewer than {self.min_questions} questions).")
        if show_imputed:
            lines.append("imputed: share of the forecaster's forecasts filled in.")
        if self.dropped:
            lines.append(
                f"Left out for more than {self.max_imputed:.0%} imputed: "
                + ", ".join(self.dropped)
                + "."
            )
        return table + "\n" + notes(lines, _NOTES_WIDTH)

    def _columns(self) -> dict[str, list[Any]]:
        return {
            "forecaster": self.forecaster.tolist(),
            "n_questions": self.n_questions.tolist(),
            "imputed": nones(self.imputed),
            "mean": nones(self.mean),
            "adjusted_mean": nones(self.adjusted_mean),
            "peer": nones(self.peer),
            "ci_low": nones(self.ci_low),
            "ci_high": nones(self.ci_high),
            "rank": self.rank.tolist(),
            "rank_low": self.rank_low.tolist(),
            "rank_high": self.rank_high.tolist(),
            "p_first": nones(self.p_first),
            "p_vs_leader": nones(self.p_vs_leader),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per forecaster, best first, with exactly the keys ``forecaster``,
        ``n_questions``, ``imputed``, ``mean``, ``adjusted_mean``, ``peer``, ``ci_low``,
        ``ci_high``, ``rank``, ``rank_low``, ``rank_high``, ``p_first``, ``p_vs_leader``
        (NaN as ``None``, ``null`` in JSON)."""
        columns = self._columns()
        return [dict(zip(FIELDS, row, strict=True)) for row in zip(*columns.values(), strict=True)]

    def to_pandas(self) -> Any:
        """The records as a :class:`pandas.DataFrame` (one row per forecaster, best first).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return frame(self.to_records(), list(FIELDS), "Leaderboard")

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str:
        """The leaderboard as strict JSON (RFC 8259: NaN as ``null``): its settings and,
        under ``"forecasters"``, the records. Written to ``path`` (UTF-8) when given; the
        text is returned either way."""
        doc = {
            "rule": self.rule,
            "ranked_by": self.ranked_by,
            "strata": self.strata,
            "confidence": self.confidence,
            "n_resamples": self.n_resamples,
            "seed": self.seed,
            "min_questions": self.min_questions,
            "max_imputed": self.max_imputed,
            "dropped": list(self.dropped),
            "forecasters": self.to_records(),
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        _write(path, text)
        return text

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """The records as CSV with a header line (an empty field for ``None``). Written to
        ``path`` (UTF-8) when given; the text is returned either way."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(FIELDS)
        for r in self.to_records():
            writer.writerow(["" if r[f] is None else r[f] for f in FIELDS])
        text = buf.getvalue()
        _write(path, text)
        return text


def _interval(low: float, high: float) -> str:
    """``[low, high]`` to :data:`_DIGITS` significant digits, or ``-``."""
    if math.isnan(low) or math.isnan(high):
        return "-"
    return f"[{format_number(low, _DIGITS)}, {format_number(high, _DIGITS)}]"


def _write(path: str | os.PathLike[str] | None, text: str) -> None:
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)


def _compact(codes: IntArray, labels: ObjArray) -> tuple[ObjArray, IntArray]:
    """The labels used by ``codes``, sorted by their text, and codes into them."""
    used = np.flatnonzero(np.bincount(codes, minlength=len(labels)) > 0)
    names = labels[used]
    order = np.argsort(names.astype(str), kind="stable")
    lookup = np.empty(len(labels), dtype=np.intp)
    lookup[used[order]] = np.arange(len(used))
    out: ObjArray = names[order]
    return out, lookup[codes]


def _stratified(
    cell_f: IntArray, cell_k: IntArray, values: FloatArray, nf: int, nk: int
) -> FloatArray:
    """Per forecaster, the unweighted mean over its strata of its mean value in each (cells
    with a NaN value left out; NaN where none is left)."""
    ok = ~np.isnan(values)
    key = cell_f[ok].astype(np.int64) * nk + cell_k[ok]
    total = np.bincount(key, weights=values[ok], minlength=nf * nk)
    count = np.bincount(key, minlength=nf * nk)
    with np.errstate(invalid="ignore", divide="ignore"):
        per = (total / count).reshape(nf, nk)
        has = (count > 0).reshape(nf, nk)
        out: FloatArray = np.where(has, per, 0.0).sum(axis=1) / has.sum(axis=1)
    return out


def _competition_ranks(values: FloatArray) -> IntArray:
    """Ranks along axis 0 (1 for the lowest; ties share the lowest rank; NaN last)."""
    order = np.argsort(values, axis=0, kind="stable")
    ordered = np.take_along_axis(values, order, axis=0)
    pos = np.arange(values.shape[0]).reshape((-1,) + (1,) * (values.ndim - 1))
    new = np.ones(ordered.shape, dtype=bool)
    new[1:] = ~(ordered[1:] == ordered[:-1])
    start = np.maximum.accumulate(np.where(new, pos, 0), axis=0)
    ranks = np.empty(values.shape, dtype=np.intp)
    np.put_along_axis(ranks, order, start + 1, axis=0)
    return ranks


def _row_quantiles(values: FloatArray, probs: tuple[float, float]) -> FloatArray:
    """Linear-interpolation quantiles of each row over its non-NaN entries (NaN for a row
    with none), shape ``(2, rows)``: ``numpy.nanquantile`` without its warning."""
    s = np.sort(values, axis=1)  # NaN sort last
    n = (~np.isnan(values)).sum(axis=1)
    out = np.full((len(probs), values.shape[0]), math.nan)
    rows = np.flatnonzero(n > 0)
    for i, p in enumerate(probs):
        h = (n[rows] - 1) * p
        lo = np.floor(h).astype(np.intp)
        hi = np.minimum(lo + 1, n[rows] - 1)
        a, b = s[rows, lo], s[rows, hi]
        out[i, rows] = a + (h - lo) * (b - a)
    return out


def leaderboard(
    table: _Summaries,
    *,
    strata: str | None = None,
    adjust: bool = False,
    pool: Any = None,
    seed: int | None = 0,
    confidence: float = 0.95,
    n_resamples: int = 1000,
    max_imputed: float | None = None,
    min_questions: int = 5,
) -> Leaderboard:
    """The work of :meth:`ScoreTable.leaderboard` (see there)."""
    confidence = _checks.check_confidence(confidence, "confidence")
    if seed is not None:
        seed = _checks.check_integer("seed", seed, 0)
    n_resamples = _checks.check_integer("n_resamples", n_resamples, 1)
    if n_resamples > MAX_RESAMPLES:
        raise InvalidOptionError(
            f"n_resamples must be at most {MAX_RESAMPLES} (got {n_resamples!r})"
        )
    min_questions = _checks.check_integer("min_questions", min_questions, 2)
    adjust = _checks.check_flag(adjust, "adjust")
    if max_imputed is not None:
        if isinstance(max_imputed, bool) or not isinstance(max_imputed, (int, float)):
            raise InvalidOptionError(
                f"max_imputed must be a share from 0 to 1 or None (got {max_imputed!r})"
            )
        if not 0.0 <= float(max_imputed) <= 1.0:
            raise InvalidOptionError(
                f"max_imputed must be a share from 0 to 1 or None (got {max_imputed!r})"
            )
        max_imputed = float(max_imputed)
    q_labels, q_codes, score, _, _, is_range = table._values()
    f_labels, f_codes = table._forecasters()
    ledger, rows = table._entry_rows()
    if not len(score):
        raise ShapeError("a leaderboard needs at least one score (the table has none)")
    if is_range.any():
        i = int(np.flatnonzero(is_range)[0])
        raise InvalidForecastError(
            f"{ledger._at(int(rows[i]))}: a probability range has no single score to rank "
            f"({int(is_range.sum())} such); rank the point forecasts (ledger[~ledger.is_range])"
        )
    bad = ~np.isfinite(score)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidForecastError(
            f"{ledger._at(int(rows[i]))}: score {float(score[i])!r} is not finite "
            f"({int(bad.sum())} such); a leaderboard needs finite scores (for the log "
            "score, clip the forecasts: rule log with clip)"
        )
    table._refuse_mixed_scales("forecaster", f_labels, f_codes)
    stratum = table._strata(strata) if strata is not None else np.zeros(len(score), dtype=np.intp)
    imputed = table._imputed()
    # Scores divided by a power of two (exact), so that sums of huge scores cannot overflow.
    scale = pow2_scale(score)
    score = score / scale
    names, f = _compact(f_codes, f_labels)
    dropped: tuple[str, ...] = ()
    if max_imputed is not None:
        share = np.bincount(f, weights=imputed, minlength=len(names)) / np.bincount(
            f, minlength=len(names)
        )
        over = share > max_imputed
        if over.all():
            raise InvalidOptionError(
                f"max_imputed={max_imputed!r} leaves no forecaster (the least imputed has "
                f"{share.min():.1%} imputed)"
            )
        dropped = tuple(str(x) for x in names[over].tolist())
        keep = ~over[f]
        f_codes, q_codes, score = f_codes[keep], q_codes[keep], score[keep]
        stratum, imputed = stratum[keep], imputed[keep]
        names, f = _compact(f_codes, f_labels)
    _, q = _compact(q_codes, q_labels)
    k = np.unique(stratum, return_inverse=True)[1].reshape(-1)
    nf, nq, nk = len(names), int(q.max()) + 1, int(k.max()) + 1
    # Cells: one per (forecaster, question), holding the forecaster's mean score there.
    cells, cell_of = np.unique(f.astype(np.int64) * nq + q, return_inverse=True)
    cell_of = cell_of.reshape(-1)
    cell_n = np.bincount(cell_of, minlength=len(cells))
    value = np.bincount(cell_of, weights=score, minlength=len(cells)) / cell_n
    cell_f = (cells // nq).astype(np.intp)
    cell_q = (cells % nq).astype(np.intp)
    q_stratum = np.zeros(nq, dtype=np.intp)
    q_stratum[q] = k
    cell_k = q_stratum[cell_q]
    n_questions = np.bincount(cell_f, minlength=nf)
    imputed_share = np.bincount(f, weights=imputed, minlength=nf) / np.bincount(f, minlength=nf)
    mean = _stratified(cell_f, cell_k, value, nf, nk)
    converged = True
    adjusted_mean = np.full(nf, math.nan)
    ranked_value = value
    if adjust:
        fit = fit_effects(cell_f, cell_q, value, nf, nq)
        converged = fit.converged
        ranked_value = value - fit.question_effect[cell_q]
        adjusted_mean = _stratified(cell_f, cell_k, ranked_value, nf, nk)
    # Peer scores: the pool's mean on each question minus one's own.
    member = pool_mask(names, pool)[cell_f].astype(np.float64)
    pool_n = np.bincount(cell_q, weights=member, minlength=nq)
    pool_sum = np.bincount(cell_q, weights=member * value, minlength=nq)
    pool_mean = np.full(nq, math.nan)
    np.divide(pool_sum, pool_n, out=pool_mean, where=pool_n > 0)
    peer = _stratified(cell_f, cell_k, pool_mean[cell_q] - value, nf, nk)
    # The bootstrap: one resample of the questions per replicate, shared by all.
    if nf * n_resamples > MAX_REPLICATE_MEANS:
        raise InvalidOptionError(
            f"n_resamples={n_resamples} for {nf} forecasters would hold "
            f"{nf * n_resamples} replicate means; at most {MAX_REPLICATE_MEANS} (lower "
            "n_resamples)"
        )
    observed = adjusted_mean if adjust else mean
    reps = joint_means(
        cell_f,
        cell_q,
        ranked_value,
        nf,
        q_stratum,
        n_resamples,
        seed,
    )
    alpha = (1.0 - confidence) / 2.0
    ci_low, ci_high = _row_quantiles(reps, (alpha, 1.0 - alpha))
    few = n_questions < min_questions
    ci_low[few] = math.nan
    ci_high[few] = math.nan
    rep_ranks = _competition_ranks(reps)
    sorted_ranks = np.sort(rep_ranks, axis=1)
    rank_low = sorted_ranks[:, math.floor(alpha * (n_resamples - 1))]
    rank_high = sorted_ranks[:, math.ceil((1.0 - alpha) * (n_resamples - 1))]
    p_first = (rep_ranks == 1).mean(axis=1)
    rank = _competition_ranks(observed)
    leader = int(np.flatnonzero(rank == 1)[0])  # the first by name among tied leaders
    diff = reps - reps[leader]
    d_hat = observed - observed[leader]
    valid = ~np.isnan(diff)
    extreme = valid & (np.abs(diff - d_hat[:, None]) >= np.abs(d_hat)[:, None])
    p_vs_leader = (1.0 + extreme.sum(axis=1)) / (1.0 + valid.sum(axis=1))
    p_vs_leader[leader] = math.nan
    order = np.lexsort((np.arange(nf), rank))
    with np.errstate(over="ignore"):  # a mean beyond the largest float is infinite
        mean, adjusted_mean, peer = mean * scale, adjusted_mean * scale, peer * scale
        ci_low, ci_high = ci_low * scale, ci_high * scale
    return Leaderboard(
        forecaster=names[order],
        n_questions=n_questions[order],
        imputed=imputed_share[order],
        mean=mean[order],
        adjusted_mean=adjusted_mean[order],
        peer=peer[order],
        ci_low=ci_low[order],
        ci_high=ci_high[order],
        rank=rank[order],
        rank_low=rank_low[order],
        rank_high=rank_high[order],
        p_first=p_first[order],
        p_vs_leader=p_vs_leader[order],
        rule=str(getattr(table, "rule", "")),
        ranked_by="adjusted_mean" if adjust else "mean",
        strata=strata,
        dropped=dropped,
        confidence=confidence,
        n_resamples=n_resamples,
        seed=seed,
        min_questions=min_questions,
        max_imputed=max_imputed,
        fixed_effects_converged=converged,
    )
