"""Revision scores: did a forecaster's update move toward what happened?

What lives here: :func:`revision_score` (the change in loss between an earlier and a later
forecast), :func:`revision_direction_score` (a comparative claim such as "less likely than
before" that gives only a direction), :func:`revision_summary` and its
:class:`RevisionSummary`. What does not: the lexicons (``_lexicons``), and scoring a single
forecast (:mod:`forecastscore.rules`, :func:`forecastscore.score`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks, rules
from .._records import pandas_module
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)
from ..model import ProbabilityRange, ScoreRange
from ..scoring import Rule, get_rule
from ._lexicons import normalise_phrase

FloatArray = npt.NDArray[np.float64]


# --- revisions -----------------------------------------------------------------------------


def _loss_function(
    rule: str | Callable[..., Any] | Rule, base: float | None
) -> Callable[[Any, Any], Any]:
    """The binary loss ``loss(forecast, outcome)`` for a rule name, Rule or function."""
    if isinstance(rule, str) and rule == "log":
        return functools.partial(rules.log_score, base=_check_base(base))
    if base is not None:
        raise InvalidOptionError(f"base applies only to rule='log' (got rule={rule!r})")
    return get_rule(rule).binary


def _check_base(base: Any) -> float | None:
    """``None`` (nats) or a real number above 1: a base in (0, 1) has a negative logarithm,
    which would turn the loss upside down (a revision toward the truth would score as one
    away from it)."""
    b = _checks.check_positive_base(base)
    if b is not None and not b > 1.0:
        raise InvalidOptionError(
            f"base must be a real number greater than 1 (got {base!r}): a base below 1 turns "
            "the log loss upside down"
        )
    return b


def _change(after: FloatArray, before: FloatArray) -> FloatArray:
    """``after - before``, with two equal infinite losses counted as no change."""
    with np.errstate(invalid="ignore"):
        d = np.subtract(after, before, dtype=np.float64)
    same_inf = np.isinf(after) & (after == before)
    if np.any(same_inf):
        d = np.where(same_inf, 0.0, d)
    return d


def revision_score(
    before: Any,
    after: Any,
    outcome: Any,
    *,
    rule: str | Callable[..., Any] | Rule = "log",
    base: float | None = None,
) -> Any:
    r"""Change in loss from an earlier to a later forecast (positive: moved away from the truth).

    .. math::

        R(p_0, p_1, y) = S(p_1, y) - S(p_0, y)

    where :math:`S` is the rule's loss. A positive value means the revision moved away from
    what happened; a negative value, toward it. For the log score it is the information about
    the outcome that the revision lost (positive) or gained (negative), in nats, or in bits
    with ``base=2``: :math:`\log_b\bigl(p_0(y) / p_1(y)\bigr)`. Revision scores telescope: over
    a chain :math:`p_0, \dots, p_n` they sum to :math:`S(p_n, y) - S(p_0, y)`. When both
    forecasts gave probability 0 to what happened (two infinite log losses) the change is 0.

    A range (:class:`~forecastscore.ProbabilityRange`) for either forecast gives a
    :class:`~forecastscore.ScoreRange` for one claim: the best change pairs the best ``after``
    with the worst ``before``, and the worst change the reverse.

    Parameters
    ----------
    before, after : array_like of float, shape (...), or ProbabilityRange
        The earlier and the later probability of the event.
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; broadcasts with the forecasts.
    rule : {'log', 'brier', 'spherical'} or callable, default 'log'
        The binary loss (see :func:`forecastscore.score`).
    base : float, optional
        Base of the logarithm for ``rule='log'``: ``None`` nats, ``2`` bits; a real number
        greater than 1.

    Returns
    -------
    numpy.float64, numpy.ndarray of float64, or ScoreRange
        The elementwise change in loss.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As the rule's array function raises them, naming ``forecast`` and ``outcome``.
    InvalidOptionError
        ``base`` with a rule other than ``'log'``, a ``base`` that is not a real number
        greater than 1 (0, 1, NaN, infinite, a bool, or below 1, which would turn the loss
        upside down), or an unknown rule.

    References
    ----------
    .. [1] Good, I. J. (1952). Rational decisions. Journal of the Royal Statistical Society
       B, 14(1), 107-114.

    Examples
    --------
    The founding example: before the Kazakhstan crisis an assumed 0.5, after it the implied
    0.3; Russia invaded. In bits the revision lost :math:`\log_2(0.5/0.3)`:

    >>> float(revision_score(0.5, 0.3, True, base=2))
    0.7369...
    >>> revision_score([0.5, 0.2], [0.3, 0.6], [1, 1])   # away from, then toward the truth
    array([ 0.51082562, -1.09861229])
    """
    loss = _loss_function(rule, base)
    if isinstance(before, ProbabilityRange) or isinstance(after, ProbabilityRange):
        return _range_revision(before, after, outcome, loss)
    for name, value in (("before", before), ("after", after)):
        _checks.check_probabilities(_checks.as_float_array(value, name), name, "raise")
    lb = np.asarray(loss(before, outcome), dtype=np.float64)
    la = np.asarray(loss(after, outcome), dtype=np.float64)
    _checks.broadcast_shape(lb.shape, la.shape, ("before", "after"))
    d = _change(la, lb)
    return np.float64(d) if d.ndim == 0 else d


def _range_revision(
    before: Any, after: Any, outcome: Any, loss: Callable[[Any, Any], Any]
) -> ScoreRange:
    def ends(p: Any, name: str) -> tuple[float, float]:
        if isinstance(p, ProbabilityRange):
            a, b = float(loss(p.low, outcome)), float(loss(p.high, outcome))
        else:
            if np.ndim(p) != 0:
                raise ShapeError(
                    f"{name} must be a single probability when the other forecast is a "
                    f"ProbabilityRange (got shape {np.shape(p)})"
                )
            a = b = float(loss(p, outcome))
        return min(a, b), max(a, b)

    if np.ndim(outcome) != 0:
        raise ShapeError(
            f"outcome must be a single outcome for a ProbabilityRange revision "
            f"(got shape {np.shape(outcome)})"
        )
    b_best, b_worst = ends(before, "before")
    a_best, a_worst = ends(after, "after")
    best = float(_change(np.float64(a_best), np.float64(b_worst)))
    worst = float(_change(np.float64(a_worst), np.float64(b_best)))
    return ScoreRange(best=min(best, worst), worst=max(best, worst))


_DIRECTIONS = {
    "less likely": -1,
    "down": -1,
    "lower": -1,
    "more likely": 1,
    "up": 1,
    "higher": 1,
    "unchanged": 0,
    "as likely": 0,
    "no change": 0,
}


def _as_direction(direction: Any) -> npt.NDArray[np.int8]:
    arr = np.asarray(direction)
    if arr.dtype.kind in "US" or arr.dtype.kind == "O":
        flat = arr.reshape(-1)
        # One lookup per distinct value, not per claim (object arrays may mix types, which
        # np.unique cannot sort: fall back to the values' reprs as keys then).
        try:
            uniq, inv = np.unique(flat, return_inverse=True)
        except TypeError:
            uniq, inv = np.unique(np.array([repr(v) for v in flat]), return_inverse=True)
            uniq = flat[np.unique(inv, return_index=True)[1]]
        codes = np.empty(uniq.shape, dtype=np.int8)
        for j, v in enumerate(uniq):  # distinct values only
            v = v.item() if isinstance(v, np.generic) else v
            key = normalise_phrase(v) if isinstance(v, str) else None
            if key is None or key not in _DIRECTIONS:
                i = int(np.flatnonzero(inv.reshape(-1) == j)[0])
                known = ", ".join(repr(k) for k in _DIRECTIONS)
                raise InvalidForecastError(
                    f"direction{_checks.position(arr.shape, i)} = {v!r} is not a direction; "
                    f"use -1, 0, 1 or one of {known}"
                )
            codes[j] = _DIRECTIONS[key]
        return codes[inv.reshape(-1)].reshape(arr.shape)
    if arr.dtype.kind == "b":
        raise ForecastTypeError("direction must be -1, 0 or 1 (or a phrase), not booleans")
    if arr.dtype.kind not in "iuf":
        raise ForecastTypeError(f"direction must be -1, 0 or 1, got dtype {arr.dtype.name!r}")
    bad = ~np.isin(arr, (-1, 0, 1))
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        raise InvalidForecastError(
            f"direction{_checks.position(arr.shape, i)} = {arr.reshape(-1)[i].item()!r} is "
            "not -1 (less likely), 0 (unchanged) or 1 (more likely)"
        )
    return arr.astype(np.int8)


def revision_direction_score(direction: Any, outcome: Any) -> Any:
    r"""Score a comparative claim by its sign alone (+1: moved away from what happened).

    A claim such as "now less likely to happen" says only which way a forecast moved. For
    every strictly proper binary score the loss falls as the probability of what happened
    rises, so the sign of :func:`revision_score` is known without the two probabilities:

    .. math::

        D(d, y) = -d\,(2y - 1) \in \{-1, 0, 1\}

    with :math:`d = -1` for "less likely", :math:`+1` for "more likely" and :math:`0` for
    unchanged. +1 means the claim moved away from what happened, -1 toward it. It says
    nothing about how much.

    Parameters
    ----------
    direction : array_like of {-1, 0, 1} or str, shape (...)
        The direction of the revision; strings ``'less likely'``/``'down'``/``'lower'``,
        ``'more likely'``/``'up'``/``'higher'`` and ``'unchanged'``/``'as likely'``/``'no
        change'`` are read case-insensitively.
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.

    Returns
    -------
    numpy.int8 or numpy.ndarray of int8
        +1 (away from the truth), -1 (toward it) or 0.

    Raises
    ------
    InvalidForecastError
        A direction that is not -1, 0, 1 or a known phrase (with its index).
    InvalidOutcomeError, ForecastTypeError, ShapeError
        Bad outcomes, booleans as directions, shapes that do not broadcast.

    Examples
    --------
    >>> int(revision_direction_score("less likely", True))   # the founding example
    1
    >>> revision_direction_score([-1, 1, 0], [0, 0, 1])
    array([-1,  1,  0], dtype=int8)
    """
    d = _as_direction(direction)
    y = _checks.as_binary_outcome(outcome, "outcome", "raise")
    _checks.broadcast_shape(d.shape, y.shape, ("direction", "outcome"))
    s = (-d * (2 * y.astype(np.int8) - 1)).astype(np.int8)
    return s[()] if s.ndim == 0 else s


def _codes(labels: npt.NDArray[Any], name: str) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """Sorted distinct labels and each row's code; mixed unsortable labels are an error."""
    try:
        uniq, inv = np.unique(labels, return_inverse=True)
    except TypeError:
        raise ForecastTypeError(
            f"{name} labels must be of one sortable type (e.g. all strings)"
        ) from None
    return uniq, inv.reshape(-1).astype(np.intp)


def _check_one_outcome_per_question(q_idx: npt.NDArray[np.intp], outcome: Any) -> None:
    """Refuse two rows of one question with different outcomes (a question resolves once)."""
    y = _checks.as_binary_outcome(outcome, "outcome", "raise").astype(np.int8)
    if q_idx.size < 2:
        return
    order = np.argsort(q_idx, kind="stable")
    qs, ys = q_idx[order], y[order]
    clash = (qs[1:] == qs[:-1]) & (ys[1:] != ys[:-1])
    if clash.any():
        j = int(np.flatnonzero(clash)[0])
        a, b = int(order[j]), int(order[j + 1])
        raise InvalidOutcomeError(
            f"outcome[{a}] = {int(y[a])} and outcome[{b}] = {int(y[b])} differ, but rows {a} "
            f"and {b} are about the same question; a question has one outcome"
        )


def _py(v: Any) -> Any:
    """A numpy scalar as the Python value it holds (for an error message)."""
    return v.item() if isinstance(v, np.generic) else v


def _refuse_same_instant(
    same: npt.NDArray[np.bool_],
    t_sorted: npt.NDArray[Any],
    order: npt.NDArray[np.intp],
    cols: dict[str, npt.NDArray[Any]],
) -> None:
    """Refuse two forecasts by one forecaster on one question at the same instant (rows
    sorted by forecaster, question and time): which of them is the revision would depend on
    the order of the rows."""
    tie = np.flatnonzero(same & (t_sorted[1:] == t_sorted[:-1]))
    if not tie.size:
        return
    k = int(tie[0])
    a, b = sorted((int(order[k]), int(order[k + 1])))
    who, what = (_py(cols[c][a]) for c in ("forecaster", "question"))
    when = cols["made_at"][a]
    raise InvalidForecastError(
        f"row {a} and row {b}: forecaster {who!r} made two forecasts on question {what!r} at "
        f"the same instant (made_at[{a}] = "
        f"made_at[{b}] = {when}); revision_summary cannot tell which of them came first: "
        f"keep one, or give each its own time ({tie.size} such pair(s))"
    )


@attrs.frozen(eq=False)
class RevisionSummary:
    """How each forecaster's revisions moved relative to what happened.

    One entry per forecaster, in sorted order of their names. A revision is a forecast that
    follows the same forecaster's earlier forecast on the same question; ``mean_change`` and
    ``total_change`` are in the rule's units (nats for the default log rule, bits with
    ``base=2``) and, being differences of losses, positive when the revisions moved away from
    the truth: lower is better.

    Attributes
    ----------
    forecaster : numpy.ndarray
        The forecasters, sorted.
    revisions : numpy.ndarray of int64
        How many revisions each made.
    toward, away, unchanged : numpy.ndarray of int64
        How many lowered the loss, raised it, or left it as it was.
    fraction_toward : numpy.ndarray of float64
        ``toward / revisions`` (NaN only for a forecaster with no revision).
    mean_change, total_change : numpy.ndarray of float64
        The mean and the sum of :func:`revision_score` over the revisions. The sum is taken
        as it telescopes, last minus first loss per question, so a chain that passes
        through probability 0 on what happened and back (log loss ``+inf`` then ``-inf``)
        still has a defined total.

    Examples
    --------
    Ann moves from 0.5 to 0.8 on a question that resolves yes; Bob from 0.5 to 0.7 on one
    that resolves no. With the Brier score:

    >>> from forecastscore.verbal import revision_summary
    >>> s = revision_summary(["ann", "ann", "bob", "bob"], ["q1", "q1", "q2", "q2"],
    ...                      [1, 2, 1, 2], [0.5, 0.8, 0.5, 0.7], [1, 1, 0, 0], rule="brier")
    >>> s.forecaster.tolist(), s.toward.tolist(), s.away.tolist()
    (['ann', 'bob'], [1, 0], [0, 1])
    >>> s.mean_change       # ann: 0.2**2 - 0.5**2 = -0.21; bob: 0.7**2 - 0.5**2 = 0.24
    array([-0.21,  0.24])
    >>> s.fraction_toward
    array([1., 0.])
    """

    forecaster: npt.NDArray[Any]
    revisions: npt.NDArray[np.int64]
    toward: npt.NDArray[np.int64]
    away: npt.NDArray[np.int64]
    unchanged: npt.NDArray[np.int64]
    fraction_toward: FloatArray
    mean_change: FloatArray
    total_change: FloatArray

    def __len__(self) -> int:
        return int(self.forecaster.shape[0])

    def __repr__(self) -> str:
        return (
            f"<RevisionSummary: {len(self)} forecasters, {int(self.revisions.sum())} revisions "
            f"({int(self.toward.sum())} toward what happened, {int(self.away.sum())} away, "
            f"{int(self.unchanged.sum())} unchanged)>"
        )

    def _columns(self) -> dict[str, npt.NDArray[Any]]:
        return {name: getattr(self, name) for name in _SUMMARY_COLUMNS}

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per forecaster, with the attributes as keys; NaN given as ``None``.

        Examples
        --------
        >>> from forecastscore.verbal import revision_summary
        >>> s = revision_summary(["a", "a", "b"], ["q", "q", "q"], [1, 2, 1],
        ...                      [0.5, 0.8, 0.5], [1, 1, 1], rule="brier")
        >>> a, b = s.to_records()
        >>> a["forecaster"], a["revisions"], a["toward"], a["mean_change"]  # 0.2**2 - 0.5**2
        ('a', 1, 1, -0.21000000000000002)
        >>> b["forecaster"], b["revisions"], b["fraction_toward"], b["total_change"]
        ('b', 0, None, 0.0)
        """
        cols = {k: [_none_if_nan(v) for v in a.tolist()] for k, a in self._columns().items()}
        return [dict(zip(cols, row, strict=True)) for row in zip(*cols.values(), strict=True)]

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame`, one row per forecaster, one column per attribute
        (NaN kept as NaN in the float columns).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return pandas_module("RevisionSummary.to_pandas").DataFrame(self._columns())


#: The columns of a :class:`RevisionSummary`, in the order of its records.
_SUMMARY_COLUMNS = (
    "forecaster",
    "revisions",
    "toward",
    "away",
    "unchanged",
    "fraction_toward",
    "mean_change",
    "total_change",
)


def _none_if_nan(v: Any) -> Any:
    return None if isinstance(v, float) and v != v else v


def revision_summary(
    forecaster: Any,
    question: Any,
    made_at: Any,
    forecast: Any,
    outcome: Any,
    *,
    rule: str | Callable[..., Any] | Rule = "log",
    base: float | None = None,
) -> RevisionSummary:
    r"""Per forecaster: how often and how much their updates moved toward what happened.

    Rows are forecasts (one per row, any order). Within each (forecaster, question) the rows
    are put in time order and each forecast after the first is a revision, scored with
    :func:`revision_score` against the outcome of its question:

    .. math::

        R_j = S(p_j, y) - S(p_{j-1}, y)

    A forecaster's ``total_change`` telescopes to the sum over their questions of last minus
    first loss. Two forecasts by one forecaster on one question at the same instant are
    refused: which of them was the revision would depend on the order of the rows. The work
    is sorts and ``bincount``: no Python loop per forecast.

    Parameters
    ----------
    forecaster, question : array_like, shape (n,)
        Who made each forecast, and on which question (any comparable values).
    made_at : array_like of numpy.datetime64 or numbers, shape (n,)
        When each forecast was made.
    forecast : array_like of float, shape (n,)
        The probability of the event.
    outcome : array_like of bool or {0, 1}, shape (n,)
        What happened on that row's question (the same for all rows of a question).
    rule : {'log', 'brier', 'spherical'} or callable, default 'log'
        The binary loss.
    base : float, optional
        For ``rule='log'``: ``None`` nats, ``2`` bits; a real number greater than 1.

    Returns
    -------
    RevisionSummary

    Raises
    ------
    ShapeError
        Columns of different lengths, or not one-dimensional.
    InvalidOutcomeError
        Two rows of one question with different outcomes, or as :func:`revision_score`.
    InvalidForecastError, ForecastTypeError, InvalidOptionError
        As :func:`revision_score` raises them; also ``made_at`` that is not datetime64 or
        numeric, or missing (NaT, NaN), labels of mixed unsortable types, and two forecasts
        by one forecaster on one question at the same instant (both rows named).

    Examples
    --------
    >>> s = revision_summary(["a", "a", "a", "b"], ["q", "q", "q", "q"], [1, 2, 3, 1],
    ...                      [0.5, 0.3, 0.6, 0.5], [1, 1, 1, 1])
    >>> s.forecaster.tolist(), s.revisions.tolist(), s.toward.tolist(), s.away.tolist()
    (['a', 'b'], [2, 0], [1, 0], [1, 0])
    >>> float(s.total_change[0])      # -ln 0.6 - (-ln 0.5): last minus first
    -0.1823...
    """
    cols = {
        "forecaster": np.asarray(forecaster),
        "question": np.asarray(question),
        "made_at": np.asarray(made_at),
    }
    p = _checks.as_float_array(forecast, "forecast")
    y = np.asarray(outcome)
    n = p.shape[0] if p.ndim == 1 else -1
    for name, col in (*cols.items(), ("forecast", p), ("outcome", y)):
        if col.ndim != 1 or col.shape[0] != n:
            raise ShapeError(
                f"{name} must be one-dimensional with the same length as forecast "
                f"(got shape {col.shape}, forecast shape {p.shape})"
            )
    t = cols["made_at"]
    if t.dtype.kind not in "iufM":
        raise ForecastTypeError(
            f"made_at must hold numpy.datetime64 values or numbers (got dtype {t.dtype.name!r}"
            + (f", e.g. {t.reshape(-1)[0]!r}" if t.size else "")
            + ")"
        )
    missing_t = np.isnat(t) if t.dtype.kind == "M" else np.isnan(t) if t.dtype.kind == "f" else None
    if missing_t is not None and missing_t.any():
        i = int(np.flatnonzero(missing_t)[0])
        raise InvalidForecastError(f"made_at[{i}] = {t[i]!r} is missing: a revision needs a time")
    loss = np.asarray(_loss_function(rule, base)(p, y), dtype=np.float64)
    names, f_idx = _codes(cols["forecaster"], "forecaster")
    _, q_idx = _codes(cols["question"], "question")
    _check_one_outcome_per_question(q_idx, y)
    order = np.lexsort((np.arange(n), t, q_idx, f_idx))
    f_sorted, q_sorted, l_sorted = f_idx[order], q_idx[order], loss[order]
    same = (f_sorted[1:] == f_sorted[:-1]) & (q_sorted[1:] == q_sorted[:-1])
    _refuse_same_instant(same, t[order], order, cols)
    change = _change(l_sorted[1:], l_sorted[:-1])[same]
    who = f_sorted[1:][same]
    k = names.shape[0]
    revisions = np.bincount(who, minlength=k).astype(np.int64)
    toward = np.bincount(who[change < 0], minlength=k).astype(np.int64)
    away = np.bincount(who[change > 0], minlength=k).astype(np.int64)
    # The sum of a chain's revisions telescopes to last minus first loss. Taking it that way
    # keeps it defined when a chain passes through probability 0 on what happened and back
    # (+inf then -inf: the plain sum would be NaN).
    last = np.concatenate((~same, [True])) if n else np.zeros(0, dtype=bool)
    first = np.concatenate(([True], ~same)) if n else np.zeros(0, dtype=bool)
    chain_change = _change(l_sorted[last], l_sorted[first])
    total = np.bincount(f_sorted[last], weights=chain_change, minlength=k).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(revisions > 0, toward / np.maximum(revisions, 1), np.nan)
        mean = np.where(revisions > 0, total / np.maximum(revisions, 1), np.nan)
    return RevisionSummary(
        forecaster=names,
        revisions=revisions,
        toward=toward,
        away=away,
        unchanged=revisions - toward - away,
        fraction_toward=fraction,
        mean_change=mean,
        total_change=total,
    )
