"""Relative skill of many forecasters on overlapping questions: the pairwise ratios of mean
scores and their geometric means (:func:`pairwise_relative_skill`, :class:`RelativeSkill`).
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks
from .._records import frame
from ..errors import (
    InvalidForecastError,
    InvalidOptionError,
    ShapeError,
)
from ._common import FloatArray, _factorize


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
        return frame(self.to_records(), list(self._COLUMNS), "RelativeSkill")


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
