r"""Fair comparisons of forecasters who answered different questions: the two-way
fixed-effects model ``score = forecaster + question + noise`` (:func:`fixed_effects`, solved
sparsely) and peer scores against a pool (:func:`peer_scores`). Pure arrays of labels and
scores: nothing here knows of ledgers or tables (the leaderboard, in ``_leaderboard``, calls
these on a table's cells).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._records import frame, nones
from ..errors import InvalidOptionError, ShapeError
from ._columns import FloatArray, IntArray, ObjArray, _obj_array

#: Relative tolerance of the fixed-effects solution: the residual of the normal equations
#: relative to their right-hand side.
FE_TOLERANCE = 1e-13


def factorize(values: Any, name: str) -> tuple[ObjArray, IntArray]:
    """Distinct labels (sorted by their text, the first object of each kept) and the code
    of each entry. Labels that print alike (``1`` and ``"1"``) are one label."""
    arr = _labels(values, name)
    text = arr.astype(str)
    _, first, code = np.unique(text, return_index=True, return_inverse=True)
    return arr[first], code.reshape(-1).astype(np.intp)


def _labels(values: Any, name: str) -> ObjArray:
    if isinstance(values, (str, bytes)):
        raise ShapeError(f"{name} must be a one-dimensional array of labels (got {values!r})")
    arr = _obj_array(list(values)) if not isinstance(values, np.ndarray) else values
    if arr.ndim != 1:
        raise ShapeError(f"{name} must be one-dimensional (got shape {arr.shape})")
    out: ObjArray = arr.astype(object)
    return out


def _finite_scores(score: Any, n: int, names: tuple[str, str]) -> FloatArray:
    s = _checks.as_real_array(score, "score")
    if s.ndim != 1 or len(s) != n:
        raise ShapeError(
            f"score must be one-dimensional with one entry per {names[0]} and {names[1]} "
            f"(got shape {s.shape} for {n} entries)"
        )
    _checks.check_finite(s, "score", "raise")
    return s


def _check_lengths(a: ObjArray, b: ObjArray) -> None:
    if len(a) != len(b):
        raise ShapeError(
            f"forecaster and question must have the same length (got {len(a)} and {len(b)})"
        )


@attrs.frozen(eq=False)
class FixedEffects:
    r"""The two-way fixed-effects fit ``score = forecaster + question + noise``.

    Made by :func:`fixed_effects`. Every score is a loss, so a lower forecaster effect is a
    better forecaster and a higher question effect a harder question.

    Attributes
    ----------
    forecaster : ndarray of object
        The forecasters, sorted.
    forecaster_effect : ndarray of float
        Each forecaster's effect :math:`a_f`: how much higher (worse) its expected score is
        than the average forecaster's on the same question; the effects of each connected
        group average 0 (the normalisation).
    question : ndarray of object
        The questions, sorted.
    question_effect : ndarray of float
        Each question's effect :math:`b_j`: the expected score of the group's average
        forecaster on it (its difficulty).
    adjusted : ndarray of float
        Per entry given, the difficulty-adjusted score :math:`s - b_j`: below 0 is better
        than the average forecaster would have done on that question.
    component : ndarray of int
        Per question, its connected group (0 when everyone is linked through shared
        questions); effects in different groups are not comparable.
    n_components : int
        Number of connected groups.
    iterations : int
        Conjugate-gradient iterations taken.
    converged : bool
        Whether the fit met its tolerance (:data:`FE_TOLERANCE`) before its iteration limit.

    Examples
    --------
    A complete table: each question's effect is its mean score, each forecaster's effect
    its mean minus the table's mean (0.2):

    >>> from forecastscore.ledger import fixed_effects
    >>> fe = fixed_effects(["a", "a", "b", "b"], ["q1", "q2", "q1", "q2"], [0.1, 0.2, 0.3, 0.2])
    >>> fe
    FixedEffects(2 forecasters, 2 questions, 1 component(s), converged=True)
    >>> fe.question_effect.round(12), fe.forecaster_effect.round(12)
    (array([0.2, 0.2]), array([-0.05,  0.05]))
    >>> fe.to_records()[0]["forecaster"], round(fe.to_records()[0]["effect"], 12)
    ('a', -0.05)
    """

    forecaster: ObjArray
    forecaster_effect: FloatArray
    question: ObjArray
    question_effect: FloatArray
    adjusted: FloatArray
    component: IntArray
    n_components: int
    iterations: int
    converged: bool

    def __repr__(self) -> str:
        return (
            f"FixedEffects({len(self.forecaster)} forecasters, {len(self.question)} questions, "
            f"{self.n_components} component(s), converged={self.converged})"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per forecaster: ``forecaster``, ``effect`` (NaN as ``None``)."""
        return [
            {"forecaster": f, "effect": e}
            for f, e in zip(self.forecaster.tolist(), nones(self.forecaster_effect), strict=True)
        ]

    def to_pandas(self) -> Any:
        """The forecaster effects of :meth:`to_records` as a :class:`pandas.DataFrame`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return frame(self.to_records(), ["forecaster", "effect"], "FixedEffects")


def fixed_effects(forecaster: Any, question: Any, score: Any) -> FixedEffects:
    r"""Fit the two-way fixed-effects model ``score = forecaster + question + noise``.

    The least-squares fit of

    .. math::

        s_i = a_{f(i)} + b_{q(i)} + \varepsilon_i

    over every entry :math:`i` (a forecaster may score a question several times, and need
    not score every question): :math:`a_f` is the forecaster's effect, :math:`b_j` the
    question's difficulty. Comparing forecasters by :math:`a_f`, or by their mean
    difficulty-adjusted score :math:`s_i - b_{q(i)}`, does not reward one who answered easy
    questions: this is the difficulty adjustment ForecastBench publishes. Every score is a
    loss, so lower :math:`a_f` is better.

    The effects are determined up to a constant moved from the forecasters to the questions
    within each connected group (forecasters linked through shared questions); the
    normalisation here makes the forecaster effects of each group average 0 (unweighted over
    its forecasters). So :math:`b_j` is the score the group's average forecaster is
    expected to get on question :math:`j`, and the adjusted score :math:`s - b_j` is
    relative to that: below 0 is better than average, in the rule's units. Adding a
    constant to every score of one question moves only that question's effect, so the
    adjusted scores do not change (a normalisation of the question effects could not do
    that); the price is that they are not on the scale of the scores: to put them there,
    add one constant to all (ForecastBench publishes adjusted Brier scores near the raw
    ones), which changes no ranking and no difference. On a complete table (every
    forecaster scored once on every question) :math:`b_j` is the question's mean score and
    a forecaster's mean adjusted score is its plain mean minus the table's mean.

    Solved sparsely, never forming the design: conjugate gradients on the normal equations
    with a diagonal (Jacobi) preconditioner, the products made with ``numpy.bincount``, until
    the normal equations' residual is below :data:`FE_TOLERANCE` (``1e-13``) relative to
    their right-hand side; about 0.3 s for 10**6 scores over 10**3 forecasters and 10**4
    questions (a dozen iterations), a few hundred iterations for a chain of questions. The
    result agrees with a dense least-squares fit with dummy columns to about ``1e-13`` times
    the scores' scale; :attr:`FixedEffects.converged` says whether the tolerance was met
    within ``10 * (forecasters + questions)`` iterations.

    Parameters
    ----------
    forecaster, question : array_like
        The forecaster and the question of each entry (any labels; sorted by their text).
    score : array_like of float
        The score of each entry: finite real numbers.

    Returns
    -------
    FixedEffects

    Raises
    ------
    ShapeError
        Arrays of different lengths, not one-dimensional, or empty.
    InvalidForecastError
        A score that is NaN or infinite (the message gives its index).
    ForecastTypeError
        Scores that are not real numbers (booleans, text).

    Examples
    --------
    Alice answered the easy question, Bob the easy and the hard one, Carol the hard one.
    Four scores and four free parameters: an exact fit. Bob says hard - easy = 0.40 - 0.10
    = 0.30; with the forecaster effects averaging 0, (0.05 - e) + (0.10 - e) + (0.30 - e -
    0.30) = 0, so easy e = 0.05, hard 0.35:

    >>> from forecastscore.ledger import fixed_effects
    >>> fe = fixed_effects(["alice", "bob", "bob", "carol"], ["easy", "easy", "hard", "hard"],
    ...                    [0.05, 0.10, 0.40, 0.30])
    >>> fe.question, fe.question_effect.round(12)
    (array(['easy', 'hard'], dtype=object), array([0.05, 0.35]))
    >>> fe.forecaster_effect.round(12) + 0.0           # (+ 0.0: no -0.0 from rounding)
    array([ 0.  ,  0.05, -0.05])
    >>> fe.adjusted.round(12) + 0.0                    # each score minus its question's effect
    array([ 0.  ,  0.05,  0.05, -0.05])
    """
    f_arr, q_arr = _labels(forecaster, "forecaster"), _labels(question, "question")
    _check_lengths(f_arr, q_arr)
    n = len(f_arr)
    if n == 0:
        raise ShapeError("fixed_effects needs at least one score (got 0 entries)")
    s = _finite_scores(score, n, ("forecaster", "question"))
    f_labels, f = factorize(f_arr, "forecaster")
    q_labels, q = factorize(q_arr, "question")
    fit = fit_effects(f, q, s, len(f_labels), len(q_labels))
    return FixedEffects(
        forecaster=f_labels,
        forecaster_effect=fit.forecaster_effect,
        question=q_labels,
        question_effect=fit.question_effect,
        adjusted=s - fit.question_effect[q],
        component=fit.component,
        n_components=fit.n_components,
        iterations=fit.iterations,
        converged=fit.converged,
    )


@attrs.frozen(eq=False)
class _Fit:
    forecaster_effect: FloatArray
    question_effect: FloatArray
    component: IntArray  # per question
    n_components: int
    iterations: int
    converged: bool


def fit_effects(f: IntArray, q: IntArray, s: FloatArray, nf: int, nq: int) -> _Fit:
    r"""The fit of :func:`fixed_effects` on codes ``f`` in ``0..nf-1`` and ``q`` in
    ``0..nq-1`` (every code present) and finite scores ``s``.

    Conjugate gradients on the normal equations :math:`X^\top X \theta = X^\top s` of the
    dummy design :math:`X` (one column per forecaster and per question), preconditioned by
    their diagonal (the counts), with the products :math:`X^\top X \theta` made by
    ``bincount``: every vector has one entry per forecaster and question, so nothing of the
    length of the scores goes through BLAS (whose threads slow down on a busy machine). The
    system is singular (a constant moves from the forecasters to the questions of a
    connected group); conjugate gradients from 0 on a consistent system stay off that null
    space up to rounding, and the normalisation removes it anyway.
    """
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    n_f = np.bincount(f, minlength=nf).astype(np.float64)
    n_q = np.bincount(q, minlength=nq).astype(np.float64)
    diag = np.concatenate((n_f, n_q))
    # Scores are divided by a power of two (exactly) so that sums of huge scores do not
    # overflow, and their median is taken out (and put back on the questions): the
    # tolerance is relative, and a constant offset would cost accuracy.
    scale = pow2_scale(s)
    shift = float(np.median(s / scale))
    y = s / scale - shift

    def normal(x: FloatArray) -> FloatArray:
        a, b = x[:nf], x[nf:]
        return np.concatenate(
            (
                n_f * a + np.bincount(f, weights=b[q], minlength=nf),
                n_q * b + np.bincount(q, weights=a[f], minlength=nq),
            )
        )

    rhs = np.concatenate(
        (np.bincount(f, weights=y, minlength=nf), np.bincount(q, weights=y, minlength=nq))
    )
    x = np.zeros(nf + nq)
    r = rhs.copy()
    z = r / diag
    p = z.copy()
    rz = float((r * z).sum())
    target = FE_TOLERANCE * math.sqrt(float((rhs * rhs).sum()))
    iterations, max_iterations = 0, 10 * (nf + nq)
    converged = True
    while math.sqrt(float((r * r).sum())) > target:
        if iterations >= max_iterations:
            converged = False
            break
        w = normal(p)
        alpha = rz / float((p * w).sum())
        x += alpha * p
        r -= alpha * w
        z = r / diag
        rz_next = float((r * z).sum())
        p = z + (rz_next / rz) * p
        rz = rz_next
        iterations += 1
    a, b = x[:nf], x[nf:] + shift
    # Connected groups of the bipartite graph forecaster - question.
    graph = sparse.csr_matrix((np.ones(len(s)), (f, q)), shape=(nf, nq))
    bip = sparse.bmat([[None, graph], [graph.T, None]], format="csr")
    n_comp, label = connected_components(bip, directed=False)
    comp_f, comp_q = label[:nf], label[nf:]
    # Normalise: the forecaster effects of each group average 0.
    centre = np.bincount(comp_f, weights=a, minlength=n_comp) / np.bincount(
        comp_f, minlength=n_comp
    )
    a = a - centre[comp_f]
    b = b + centre[comp_q]
    # Number the groups by their first question, so that numbers do not depend on scipy.
    firsts = np.unique(comp_q, return_index=True)[1]
    renum = np.empty(n_comp, dtype=np.intp)
    renum[comp_q[np.sort(firsts)]] = np.arange(n_comp)
    with np.errstate(over="ignore"):  # effects beyond the largest float are infinite
        a, b = a * scale, b * scale
    return _Fit(
        forecaster_effect=a,
        question_effect=b,
        component=renum[comp_q],
        n_components=int(n_comp),
        iterations=iterations,
        converged=converged,
    )


def peer_scores(forecaster: Any, question: Any, score: Any, *, pool: Any = None) -> FloatArray:
    r"""Peer score of each entry: the pool's mean score on its question minus its own.

    .. math::

        \text{peer}_{f j} = \frac{1}{|P_j|} \sum_{g \in P_j} \bar s_{g j} - s_{f j},

    where :math:`P_j` is the pool's forecasters who scored question :math:`j` and
    :math:`\bar s_{g j}` is forecaster :math:`g`'s mean score on it (a forecaster who scored
    a question several times counts once in the pool). Every score is a loss, so the peer
    score is **positively oriented: above 0 is better than the pool**, in the rule's units
    (for the Brier score, 0.02 is two hundredths of a Brier point better than the pool's
    mean). Over the whole pool on a question, the peer scores of the pool's members average
    0. A forecaster in the pool counts in its own question's mean (Metaculus's peer score,
    :func:`forecastscore.platforms.metaculus_peer_score`, leaves it out and is
    :math:`100\,n/(n-1)` times this for the log score in nats, on a question that each of
    :math:`n` forecasters forecast once).

    Parameters
    ----------
    forecaster, question : array_like
        The forecaster and the question of each entry.
    score : array_like of float
        The score (a loss) of each entry, finite.
    pool : iterable of forecaster labels, optional
        Whose scores make the question means (default: every forecaster). Forecasters outside
        the pool get peer scores too.

    Returns
    -------
    ndarray of float
        One peer score per entry; NaN where no forecaster of the pool scored the question.

    Raises
    ------
    ShapeError
        Arrays of different lengths or not one-dimensional.
    InvalidForecastError
        A score that is NaN or infinite (the message gives its index).
    InvalidOptionError
        A ``pool`` naming a forecaster that has no score, or an empty pool.

    Examples
    --------
    >>> from forecastscore.ledger import peer_scores
    >>> peer_scores(["a", "b", "a", "b"], ["q1", "q1", "q2", "q2"], [0.1, 0.3, 0.2, 0.2])
    array([ 0.1, -0.1,  0. ,  0. ])
    >>> peer_scores(["a", "b", "c"], ["q1", "q1", "q1"], [0.1, 0.3, 0.5], pool=["b", "c"])
    array([ 0.3,  0.1, -0.1])
    """
    f_arr, q_arr = _labels(forecaster, "forecaster"), _labels(question, "question")
    _check_lengths(f_arr, q_arr)
    s = _finite_scores(score, len(f_arr), ("forecaster", "question"))
    if len(s) == 0:
        return np.empty(0)
    f_labels, f = factorize(f_arr, "forecaster")
    q_labels, q = factorize(q_arr, "question")
    in_pool = pool_mask(f_labels, pool)
    return _peer(f, q, s, len(f_labels), len(q_labels), in_pool)


def pool_mask(labels: ObjArray, pool: Any) -> Any:
    """Which of the forecasters ``labels`` are in ``pool`` (``None``: all)."""
    if pool is None:
        return np.ones(len(labels), dtype=bool)
    if isinstance(pool, (str, bytes)) or not isinstance(pool, Iterable):
        raise InvalidOptionError(
            f"pool must be an iterable of forecasters, not {pool!r} (wrap one in a list)"
        )
    members = list(pool)
    if not members:
        raise InvalidOptionError("pool must name at least one forecaster (got an empty pool)")
    text = labels.astype(str)
    index = {t: i for i, t in enumerate(text.tolist())}
    mask = np.zeros(len(labels), dtype=bool)
    for k, m in enumerate(members):
        i = index.get(str(m))
        if i is None:
            raise InvalidOptionError(f"pool[{k}] = {m!r} is not a forecaster with a score here")
        mask[i] = True
    return mask


def pow2_scale(s: FloatArray) -> float:
    """A power of two within a factor 2 of the largest absolute value of ``s`` (1 for none
    or 0): dividing by it is exact and brings every value into (-2, 2), so that sums cannot
    overflow."""
    m = float(np.abs(s).max(initial=0.0))
    return 1.0 if m == 0.0 else math.ldexp(1.0, math.frexp(m)[1] - 1)


def _peer(f: IntArray, q: IntArray, s: FloatArray, nf: int, nq: int, in_pool: Any) -> FloatArray:
    """Peer score per entry from codes (see :func:`peer_scores`)."""
    scale = pow2_scale(s)
    s = s / scale
    cell, cell_of = np.unique(f.astype(np.int64) * nq + q, return_inverse=True)
    cell_n = np.bincount(cell_of, minlength=len(cell))
    cell_mean = np.bincount(cell_of, weights=s, minlength=len(cell)) / cell_n
    cell_q = (cell % nq).astype(np.intp)
    member = in_pool[(cell // nq).astype(np.intp)].astype(np.float64)
    pool_n = np.bincount(cell_q, weights=member, minlength=nq)
    pool_sum = np.bincount(cell_q, weights=member * cell_mean, minlength=nq)
    pool_mean = np.full(nq, math.nan)
    np.divide(pool_sum, pool_n, out=pool_mean, where=pool_n > 0)
    with np.errstate(over="ignore"):  # a difference beyond the largest float is infinite
        out: FloatArray = (pool_mean[q] - s) * scale
    return out
