"""Scoring the rows of a ledger that hold forecasts of quantities (quantiles, distributions,
samples) with the rules ``'crps'``, ``'log'``, ``'quantile'``, ``'interval'`` and ``'wis'``.

The rows are grouped (by forecast kind; quantiles by their set of levels, samples by their
number of members, distributions by family and the names of their parameters) and each group
is scored by one call of the vectorised array scores of :mod:`forecastscore.rules`. What one
claim needs decided (dates as days since 1970-01-01, the censoring interval, the pairing of
levels into a central interval, the errors of a rule that does not fit) is decided by
:mod:`forecastscore.scoring`, as :func:`forecastscore.score` decides it. Two things are scored
row by row, because their formulas are: the censored CRPS of quantiles (exact, piece by
piece) and of a distribution (adaptive quadrature). What does not live here: the probability
rows and the joining of outcomes (``_scoring``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import rules
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
)
from ..model._quantities import as_days
from ..scoring import (
    QUANTITY_RULES,
    _censored_crps_distribution,
    _censored_crps_quantiles,
    _censoring,
    _interval,
    _quantity_outcome,
    _score_quantity,
)
from ._columns import FloatArray, IntArray, ObjArray
from ._ledger import Ledger

__all__ = ["QUANTITY_RULES", "score_quantity_rows"]


def _outcomes(
    ledger: Ledger, rows: IntArray, outcome: list[Any], question: list[Any], outcome_at: list[str]
) -> tuple[FloatArray, FloatArray, FloatArray, ObjArray]:
    """Per row: the outcome in days (a number as it is), the censoring interval ``[a, b]``,
    and per question the text of what happened. A Python loop over questions, not rows."""
    nq = len(ledger._qnames)
    y_q = np.full(nq, math.nan)
    a_q = np.full(nq, -math.inf)
    b_q = np.full(nq, math.inf)
    happened = np.full(nq, None, dtype=object)
    qc_rows = ledger._qcodes[rows]
    uq, first = np.unique(qc_rows, return_index=True)
    for qc, pos in zip(uq.tolist(), first.tolist(), strict=True):
        o, qu = outcome[qc], question[qc]
        row = int(rows[pos])
        if qu is not None and not qu.is_quantity:
            raise InvalidForecastError(
                f"{ledger._at(row)}: question {qu.id!r} is {qu.kind!r} but the prediction "
                f"holds {ledger._quantity[row][0]}; give the question kind='numeric' or "
                "kind='date'"
            )
        try:
            y = _quantity_outcome(o, qu)
        except InvalidOutcomeError as exc:
            raise InvalidOutcomeError(f"{outcome_at[qc]}: {exc}") from None
        y_q[qc] = y
        a_q[qc], b_q[qc] = _censoring(o, qu, y)
        text = o.value.isoformat() if hasattr(o.value, "isoformat") else repr(o.value)
        happened[qc] = text if o.censored is None else f"{text} ({o.censored})"
    return y_q[qc_rows], a_q[qc_rows], b_q[qc_rows], happened


def _group_key(name: str, value: Any) -> tuple[Any, ...]:
    """Rows with the same key are scored by one call: quantiles with the same levels,
    samples with as many members, distributions of one family with the same parameters
    named (their values may differ row by row)."""
    if name == "quantiles":
        return (name, tuple(lv for lv, _ in value))
    if name == "samples":
        return (name, len(value))
    return (name, type(value.dist), value.dist.name, len(value.args), tuple(sorted(value.kwds)))


def score_quantity_rows(
    ledger: Ledger,
    rows: IntArray,
    rule: str,
    outcome: list[Any],
    question: list[Any],
    outcome_at: list[str],
) -> tuple[FloatArray, FloatArray, ObjArray]:
    """The losses of the quantity rows ``rows`` under ``rule`` (one of
    :data:`QUANTITY_RULES`), the outcome of each row in days (or its number), and per
    question the text of what happened (see :meth:`Ledger.score`)."""
    n = len(rows)
    y, a, b, happened = _outcomes(ledger, rows, outcome, question, outcome_at)
    censored = np.isfinite(a) | np.isfinite(b)
    if rule != "crps" and censored.any():
        i = int(np.flatnonzero(censored)[0])
        qc = int(ledger._qcodes[rows[i]])
        o = outcome[qc]
        raise InvalidOutcomeError(
            f"{ledger._at(int(rows[i]))}: rule {rule!r} does not score a censored outcome "
            f"(question {o.question!r}, {outcome_at[qc]}: censored {o.censored!r} at "
            f"{o.value!r}, or a question with closed bounds); use rule='crps' (the censored "
            "CRPS)"
        )
    score = np.empty(n)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, v in enumerate(ledger._quantity[rows].tolist()):
        groups.setdefault(_group_key(v[0], v[1]), []).append(i)
    for key, members in groups.items():
        at = np.asarray(members, dtype=np.intp)
        values = [ledger._quantity[rows[i]][1] for i in members]
        first_outcome = outcome[int(ledger._qcodes[rows[at[0]]])]
        score[at] = _score_group(
            ledger, rows[at], key, values, rule, y[at], a[at], b[at], first_outcome
        )
    nan = np.flatnonzero(np.isnan(score))
    if nan.size:
        raise InvalidForecastError(
            f"{ledger._at(int(rows[nan[0]]))}: rule {rule!r} gives no score for this forecast "
            f"of a quantity ({nan.size} of {n} such)"
        )
    return score, y, happened


def _refuse(ledger: Ledger, row: int, rule: str, outcome: Any) -> None:
    """Raise the error :func:`forecastscore.score` raises for a rule that does not fit the
    row's forecast, naming the row."""
    try:
        _score_quantity(ledger._prediction(row), outcome, None, rule)
    except (InvalidOptionError, InvalidForecastError) as exc:
        raise type(exc)(f"{ledger._at(row)}: {exc}") from None
    raise AssertionError("unreachable: the rule fits")  # pragma: no cover


def _score_group(
    ledger: Ledger,
    rows: IntArray,
    key: tuple[Any, ...],
    values: list[Any],
    rule: str,
    y: FloatArray,
    a: FloatArray,
    b: FloatArray,
    first_outcome: Any,
) -> FloatArray:
    """One group of rows of one key, scored by one call of an array score
    (``first_outcome``: the outcome of the first row, for the error of a rule that does not
    fit)."""
    kind = key[0]
    first = int(rows[0])
    censored = np.isfinite(a) | np.isfinite(b)
    if kind == "quantiles":
        levels = np.asarray(key[1], dtype=float)
        q = np.array([[as_days(v) for _, v in value] for value in values], dtype=float)
        q = q.reshape(len(values), len(levels))
        if rule == "quantile":
            out: FloatArray = rules.quantile_score(q, y[:, None], level=levels).mean(axis=-1)
            return out
        if rule == "wis":
            return np.asarray(rules.weighted_interval_score(q, y, levels=levels), dtype=float)
        if rule == "interval":
            return _interval_scores(ledger, first, levels, q, y)
        if rule == "crps":
            out = np.empty(len(rows))
            plain = ~censored
            if plain.any():
                out[plain] = rules.crps_quantile(q[plain], y[plain], levels=levels)
            # The censored CRPS is exact piece by piece: one row at a time.
            for i in np.flatnonzero(censored).tolist():
                out[i] = _censored_crps_quantiles(levels, q[i], y[i], a[i], b[i])
            return out
    elif kind == "samples":
        m = np.array([[as_days(v) for v in value] for value in values], dtype=float)
        m = m.reshape(len(values), key[1])
        if rule == "crps":
            # Censoring clips the members and the outcome to [a, b], as score does.
            clipped = np.clip(m, a[:, None], b[:, None])
            return np.asarray(rules.crps_ensemble(clipped, np.clip(y, a, b)), dtype=float)
    else:
        family = values[0].dist
        args = [np.array([d.args[k] for d in values], dtype=float) for k in range(key[3])]
        kwds = {k: np.array([d.kwds[k] for d in values], dtype=float) for k in key[4]}
        if rule == "crps":
            out = np.empty(len(rows))
            plain = ~censored
            if plain.any():
                sub = family(*(x[plain] for x in args), **{k: x[plain] for k, x in kwds.items()})
                try:
                    out[plain] = rules.crps(sub, y[plain])
                except (ForecastTypeError, InvalidForecastError) as exc:
                    # e.g. a discrete family, which rules.crps does not score
                    row = int(rows[np.flatnonzero(plain)[0]])
                    raise type(exc)(f"{ledger._at(row)}: {exc}") from None
            # The censored CRPS of a distribution is a quadrature: one row at a time.
            for i in np.flatnonzero(censored).tolist():
                out[i] = _censored_crps_distribution(values[i], y[i], a[i], b[i])
            return out
        if rule == "log":
            # A density that underflows far out is -inf: a loss of inf.
            with np.errstate(all="ignore"):
                dist = family(*args, **kwds)
                logs = dist.logpdf(y) if hasattr(dist, "logpdf") else dist.logpmf(y)
            return -np.asarray(logs, dtype=float).reshape(len(rows))
    _refuse(ledger, first, rule, first_outcome)
    raise AssertionError("unreachable")  # pragma: no cover


def _interval_scores(
    ledger: Ledger, row: int, levels: FloatArray, q: FloatArray, y: FloatArray
) -> FloatArray:
    """The interval score of the widest central interval among the levels, for every row of
    a group (the pairing of :func:`forecastscore.scoring.score`; without a pair, its
    error, naming the row)."""
    for i, low in enumerate(levels.tolist()):
        if low >= 0.5:
            break
        match = np.flatnonzero(np.abs(levels + low - 1.0) <= rules.SYMMETRY_ATOL)
        if match.size:
            j = int(match[0])
            return np.asarray(
                rules.interval_score(q[:, i], q[:, j], y, alpha=2.0 * low), dtype=float
            )
    try:
        _interval(levels, q[0], float(y[0]), ledger._prediction(row))
    except InvalidForecastError as exc:
        raise InvalidForecastError(f"{ledger._at(row)}: {exc}") from None
    raise AssertionError("unreachable")  # pragma: no cover
