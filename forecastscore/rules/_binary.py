"""Binary and categorical scores on arrays: Brier, log and spherical, each a loss (inputs
checked by :mod:`._inputs`, formulas in :mod:`forecastscore._kernels`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _checks, _kernels
from .._checks import SUM_ATOL
from .._dask import accepts_dask
from ..errors import InvalidOptionError
from . import _reduce
from ._inputs import (
    Scores,
    _binary_inputs,
    _categorical_inputs,
    _check_flag,
    _finish,
    _mix,
    _sides,
    _soft_inputs,
)


@accepts_dask(n_arrays=2)
def brier_score(
    forecast: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    probability_outcome: bool = False,
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Brier score of binary forecasts (a loss: lower is better).

    .. math::

        \mathrm{BS}(p, y) = (p - y)^2

    where :math:`p` is the forecast probability of "yes" and :math:`y \in \{0, 1\}` the
    outcome. The range is 0 (certain and right) to 1 (certain and wrong); a forecast of 0.5
    always scores 0.25. This is half of :func:`categorical_brier_score` on the same two-option
    question, which is the 0..2 form that Good Judgment Open reports [1]_.

    **Accuracy:** within 2 ulps of :math:`(p - y)^2` for the given floats (one rounding),
    for every probability including subnormal ones and those an ulp from 0 or 1; with
    ``probability_outcome=True``, within a few ulps of the larger term.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1]. Booleans are refused: they are outcomes.
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; must broadcast with ``forecast``.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        What to do with NaN forecasts or outcomes: raise an error, drop those pairs (the
        result is then one-dimensional), or return NaN for them.
    probability_outcome : bool, default False
        The outcomes are probabilities :math:`q \in [0, 1]` (a market's price for a question
        not yet resolved, a probabilistic resolution, a soft label), scored as
        :math:`(p - q)^2` (see Notes). Only when asked: by default ``0.73`` where an outcome
        is expected is an error, since it is far more often a swapped argument.
    reduce : {None, 'mean', 'sum'}, default None
        ``None`` returns the elementwise scores. ``'mean'`` returns their mean and ``'sum'``
        their sum, as a numpy float64 (weighted by ``weights`` if given), computed on large
        inputs in blocks without making the elementwise array; as accurate as numpy's
        pairwise sum (see "Reductions" in the guide to the scores). Missing pairs follow
        ``nan_policy``: ``'omit'`` leaves them (and their weights) out, ``'propagate'`` gives
        NaN. A mean of no scores, or of total weight 0, is an error; a sum of none is 0.0.
    weights : array_like of float, optional
        Sample weights: finite reals >= 0 that broadcast to the scores' shape without
        enlarging it; only with ``reduce``. The mean is then
        :math:`\sum_i w_i s_i / \sum_i w_i` and the sum :math:`\sum_i w_i s_i`; a score of
        weight 0 does not count, even an infinite one.
    check : bool, default True
        ``False`` skips the checks of the values (ranges, row sums, NaN under
        ``nan_policy='raise'``) for speed in a training loop; types and shapes are still
        checked. The result for invalid values is then undefined.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError
        A forecast outside [0, 1], or NaN under ``nan_policy='raise'``; the message gives its
        index.
    InvalidOutcomeError
        An outcome that is not 0/1 or a bool.
    ForecastTypeError
        Booleans as forecasts, or strings or other non-numbers.
    ShapeError
        Shapes that do not broadcast.
    InvalidOptionError
        A ``probability_outcome`` that is not True or False.

    Notes
    -----
    Against a probability outcome :math:`q` the score is

    .. math::

        \mathrm{BS}(p, q) = (p - q)^2,

    what ForecastBench publishes for its unresolved market questions [2]_. It is not the
    expected Brier score under :math:`q` (the score if the event happened with probability
    :math:`q`), which is larger by a constant of the question:

    .. math::

        \mathbb{E}_{Y \sim q}\,(p - Y)^2 = q (1 - p)^2 + (1 - q) p^2 = (p - q)^2 + q (1 - q).

    Both are least at :math:`p = q` and differ by the same :math:`q(1 - q)` for every
    forecaster, so they rank forecasters on one question alike; a mean over questions of
    :math:`(p - q)^2` leaves out the part no forecaster could avoid. At :math:`q = 0` or 1 it
    is the ordinary Brier score.

    References
    ----------
    .. [1] Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
       Monthly Weather Review, 78(1), 1-3.
    .. [2] Karger, E., et al. (2025). ForecastBench: A dynamic benchmark of AI forecasting
       capabilities. ICLR 2025. arXiv:2409.19839.

    Examples
    --------
    >>> import forecastscore as fs
    >>> fs.brier_score([0.3, 0.8], [1, 0])
    array([0.49, 0.64])
    >>> float(fs.brier_score(0.9, True))
    0.009999999999999995

    A market at 0.73 on a question not yet resolved: (0.6 - 0.73)**2 = 0.0169.

    >>> float(fs.brier_score(0.6, 0.73, probability_outcome=True))
    0.016900000000000002
    >>> fs.brier_score(0.6, 0.73)
    Traceback (most recent call last):
    ...
    forecastscore.errors.InvalidOutcomeError: outcome = 0.73 is not a binary outcome (0, 1, ...
    """
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    if _check_flag(probability_outcome):
        p, q, missing, policy = _soft_inputs(forecast, outcome, nan_policy, chk)
        return _finish(_kernels.brier(p, q), missing, policy, how, weights)
    if nan_policy == "raise":
        fused = _reduce.fused_binary("brier", forecast, outcome, how, weights, check=chk)
        if fused is not None:
            return fused  # type: ignore[no-any-return]
    p, y, missing, policy = _binary_inputs(forecast, outcome, nan_policy, chk)
    return _finish(_kernels.brier(p, y), missing, policy, how, weights)


@accepts_dask(n_arrays=2)
def log_score(
    forecast: Any,
    outcome: Any,
    *,
    base: float | None = None,
    clip: float | None = None,
    nan_policy: str = "raise",
    probability_outcome: bool = False,
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Logarithmic score of binary forecasts or of distributions (a loss: lower is better).

    .. math::

        \mathrm{LS}(p, y) = -\log_b\bigl(y\,p + (1 - y)(1 - p)\bigr)

    the negative log of the probability given to what happened, in nats (natural log) by
    default or in units of ``base`` (``base=2`` gives bits). The range is 0 to
    :math:`\infty`: a probability of exactly 0 on what happened scores ``inf``, neither NaN
    nor a silently clipped value. Good (1952) [1]_ introduced it; for three or more
    categories it is, up to affine maps, the only proper local score [2]_.

    When ``forecast`` is a frozen ``scipy.stats`` distribution, the score is its negative
    log density at the outcome (continuous) or negative log mass (discrete),
    :math:`\mathrm{LS}(F, y) = -\log_b f(y)` (see Notes).

    **Accuracy:** within 4 ulps of :math:`-\log_b q` (:math:`q` the probability given to
    what happened) in every base, for every probability down to the smallest subnormal and
    up to an ulp from 1: where :math:`1 - p` would lose the low bits of a tiny :math:`p`,
    :math:`-\log(1 - p)` is taken as ``-log1p(-p)``. With ``probability_outcome=True``,
    within a few ulps of the larger of the two terms.

    Parameters
    ----------
    forecast : array_like of float, shape (...), or a frozen scipy.stats distribution
        Probabilities of the event, in [0, 1]; or a distribution of a quantity such as
        ``scipy.stats.norm(loc=30, scale=10)`` or ``scipy.stats.poisson(4.0)`` (parameters
        may be arrays, one distribution per outcome).
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; must broadcast with ``forecast``. For a distribution forecast, the
        real-valued outcome.
    base : float, optional
        Base of the logarithm. ``None`` (default) gives nats, ``2`` bits, ``10`` bans.
    clip : float, optional
        Only if asked: move the probability given to what happened into
        ``[clip, 1 - clip]`` before scoring, which bounds the score by ``-log(clip)``. A
        clipped score is no longer the score of the forecast as stated, so nothing is
        clipped by default.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`.
    probability_outcome : bool, default False
        The outcomes are probabilities :math:`q \in [0, 1]`, scored by the cross-entropy
        (see Notes); as in :func:`brier_score`, only when asked.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`brier_score`.
    InvalidOptionError
        A ``base`` that is not a positive number other than 1, or a ``clip`` outside (0, 0.5);
        ``clip`` or ``probability_outcome`` with a distribution forecast.

    Notes
    -----
    Distribution forecasts: ``-logpdf(y)`` (or ``-logpmf(y)``) of the frozen distribution,
    as accurate as scipy's ``logpdf``/``logpmf`` (computed directly in the log domain, so
    far tails give large finite scores rather than ``inf``). An outcome where the density
    or mass is 0 (outside the support, or not an integer for a count distribution) scores
    ``inf``. Invalid or infinite parameters raise :class:`InvalidForecastError` with their
    position. Unlike the CRPS, the value depends on the outcome's units: measuring in
    units :math:`c` times smaller adds :math:`\log c`. For an ensemble, see
    :func:`log_score_ensemble`.

    When the outcome is 0 the score is computed as ``-log(1 - p)``. Forming ``1 - p`` rounds
    once, so the absolute error is at most about 1.1e-16 nats; only scores below about 1e-8
    (forecasts within 1e-8 of certainty, and right) lose relative precision. A
    ``log1p``-based branch would avoid that at about twice the cost on large arrays.

    References
    ----------
    .. [1] Good, I. J. (1952). Rational decisions. Journal of the Royal Statistical Society B,
       14(1), 107-114.
    .. [2] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.

    Examples
    --------
    >>> import forecastscore as fs
    >>> fs.log_score([0.5, 0.3], [1, 1])        # -ln 0.5, -ln 0.3
    array([0.693..., 1.203...])
    >>> float(fs.log_score(0.5, 1, base=2))     # one bit
    1.0
    >>> float(fs.log_score(0.0, 1))
    inf
    >>> float(fs.log_score(0.0, 1, clip=1e-3))  # -ln 0.001, only because clip was asked for
    6.907...

    Against a probability outcome of 0.75: -(0.75 ln 0.5 + 0.25 ln 0.5) = ln 2, and at
    p = q the entropy -(0.75 ln 0.75 + 0.25 ln 0.25):

    >>> fs.log_score([0.5, 0.75], 0.75, probability_outcome=True)
    array([0.69314718, 0.56233514])

    A distribution: the standard normal at 0 scores ``log(2 pi) / 2``, a Poisson(2) at 0
    scores ``2`` (its mass there is ``exp(-2)``):

    >>> from scipy import stats
    >>> round(float(fs.log_score(stats.norm(), 0.0)), 12)
    0.918938533205
    >>> round(float(fs.log_score(stats.poisson(2.0), 0)), 12)
    2.0
    """
    b = _checks.check_positive_base(base)
    c = _checks.check_clip(clip)
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    if hasattr(forecast, "dist"):  # perhaps a frozen scipy.stats distribution
        from ._densities import distribution_log_score, is_frozen_distribution

        if is_frozen_distribution(forecast):
            if c is not None or probability_outcome is not False:
                raise InvalidOptionError(
                    "clip and probability_outcome apply to probability forecasts, not to a "
                    f"distribution forecast (got clip={clip!r}, "
                    f"probability_outcome={probability_outcome!r})"
                )
            return distribution_log_score(
                forecast,
                outcome,
                base=b,
                nan_policy=nan_policy,
                how=how,
                weights=weights,
                check=chk,
            )
    if _check_flag(probability_outcome):
        p, q, missing, policy = _soft_inputs(forecast, outcome, nan_policy, chk)
        yes, no = _sides(p, q)
        s = _mix(q, _kernels.binary_log_loss(p, yes, b, c), _kernels.binary_log_loss(p, no, b, c))
        return _finish(s, missing, policy, how, weights)
    if nan_policy == "raise" and c is None:
        fused = _reduce.fused_binary("log", forecast, outcome, how, weights, base=b, check=chk)
        if fused is not None:
            return fused  # type: ignore[no-any-return]
    p, y, missing, policy = _binary_inputs(forecast, outcome, nan_policy, chk)
    return _finish(_kernels.binary_log_loss(p, y, b, c), missing, policy, how, weights)


@accepts_dask(n_arrays=2)
def spherical_score(
    forecast: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    probability_outcome: bool = False,
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Spherical score of binary forecasts, as a loss (lower is better).

    .. math::

        \mathrm{SS}(p, y) = 1 - \frac{p_y}{\sqrt{p^2 + (1 - p)^2}}

    where :math:`p_y` is the probability given to what happened (:math:`p` if :math:`y = 1`,
    else :math:`1 - p`). The usual spherical score :math:`p_y / \lVert p \rVert` is a reward;
    subtracting it from 1 makes it a loss in [0, 1] like every score here. It is strictly
    proper [1]_. Unitless.

    **Accuracy:** within 4 ulps, also for forecasts an ulp from certainty (computed without
    the cancellation of :math:`1 - p_y / \lVert p \rVert`); a score below the normal float
    range (1e-300) is within 1e-300 absolute.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; must broadcast with ``forecast``.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`.
    probability_outcome : bool, default False
        The outcomes are probabilities :math:`q \in [0, 1]`, scored by the expected
        spherical loss under :math:`q` (see Notes); as in :func:`brier_score`, only when
        asked.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`brier_score`.

    Notes
    -----
    Against a probability outcome :math:`q` the score is the expected spherical loss when
    the event happens with probability :math:`q`:

    .. math::

        \mathrm{SS}(p, q) = q\,\mathrm{SS}(p, 1) + (1 - q)\,\mathrm{SS}(p, 0)
                         = 1 - \frac{q p + (1 - q)(1 - p)}{\sqrt{p^2 + (1 - p)^2}},

    least at :math:`p = q` (the rule is strictly proper), where it is
    :math:`1 - \sqrt{q^2 + (1 - q)^2}`; at :math:`q = 0` or 1 it is the ordinary score.

    References
    ----------
    .. [1] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.

    Examples
    --------
    >>> import forecastscore as fs
    >>> fs.spherical_score([1.0, 0.5], [1, 0])   # 1 - 1/1 and 1 - 0.5/sqrt(0.5)
    array([0.        , 0.29289322])

    Against a probability outcome of 0.8, a forecast of 0.8 scores 1 - sqrt(0.68):

    >>> float(fs.spherical_score(0.8, 0.8, probability_outcome=True))
    0.17537...
    """
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    if _check_flag(probability_outcome):
        p, q, missing, policy = _soft_inputs(forecast, outcome, nan_policy, chk)
        yes, no = _sides(p, q)
        s = _mix(q, _kernels.spherical(p, yes), _kernels.spherical(p, no))
        return _finish(s, missing, policy, how, weights)
    if nan_policy == "raise":
        fused = _reduce.fused_binary("spherical", forecast, outcome, how, weights, check=chk)
        if fused is not None:
            return fused  # type: ignore[no-any-return]
    p, y, missing, policy = _binary_inputs(forecast, outcome, nan_policy, chk)
    return _finish(_kernels.spherical(p, y), missing, policy, how, weights)


@accepts_dask(n_arrays=2, category_axis=True)
def categorical_brier_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    nan_policy: str = "raise",
    atol: float = SUM_ATOL,
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Brier score of categorical forecasts, in the original 0..2 form (a loss).

    .. math::

        \mathrm{BS}(p, k) = \sum_{j=0}^{K-1} \bigl(p_j - \mathbb{1}[j = k]\bigr)^2

    Brier's (1950) definition [1]_, summed over the :math:`K` categories, with range 0 to 2.
    This is the form Good Judgment Open reports. On a two-option question it is exactly twice
    :func:`brier_score`: :math:`(1-p-(1-y))^2 + (p-y)^2 = 2(p-y)^2`. Unitless.

    **Accuracy:** within 8 ulps of the exact sum for the given floats, for rows with
    subnormal, tiny and nearly certain probabilities.

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the categories on ``axis``; each row must sum to 1 within
        ``atol``.
    outcome : array_like of int, shape (...)
        Index (``0 .. K-1``) of the category that happened; must broadcast with the
        forecast's rows.
    axis : int, default -1
        The axis of ``forecast`` that holds the categories.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN counts as missing.
    atol : float, default 1e-6
        Tolerance on each row's sum: ``abs(sum - 1) <= atol``. Rows are scored as given, not
        renormalised.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, with the broadcast shape of the rows and ``outcome``.

    Raises
    ------
    InvalidForecastError
        A probability outside [0, 1] (with its index) or a row that does not sum to 1.
    InvalidOutcomeError
        An index outside ``0 .. K-1`` or a non-integer.
    ForecastTypeError, ShapeError
        Wrong types; shapes that do not broadcast, or fewer than 2 categories.

    References
    ----------
    .. [1] Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
       Monthly Weather Review, 78(1), 1-3.

    Examples
    --------
    >>> import forecastscore as fs
    >>> fs.categorical_brier_score([[0.7, 0.2, 0.1], [0.5, 0.5, 0.0]], [0, 2])
    array([0.14, 1.5 ])

    The first: 0.3**2 + 0.2**2 + 0.1**2 = 0.14; the second: 0.25 + 0.25 + 1 = 1.5.
    """
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    if nan_policy == "raise":
        fused = _reduce.fused_categorical(
            "brier", forecast, outcome, axis, atol, how, weights, check=chk
        )
        if fused is not None:
            return fused  # type: ignore[no-any-return]
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol, chk)
    return _finish(_kernels.categorical_brier(p, k), missing, policy, how, weights)


@accepts_dask(n_arrays=2, category_axis=True)
def categorical_log_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    clip: float | None = None,
    nan_policy: str = "raise",
    atol: float = SUM_ATOL,
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Logarithmic score of categorical forecasts (a loss: lower is better).

    .. math::

        \mathrm{LS}(p, k) = -\log_b p_k

    the negative log of the probability given to the category that happened, in nats by
    default (``base=2`` gives bits). A probability of exactly 0 on what happened gives
    ``inf``. On a two-option question it equals :func:`log_score`.

    **Accuracy:** within 4 ulps of :math:`-\log_b p_k` in every base, down to subnormal
    probabilities.

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the categories on ``axis``; rows sum to 1 within ``atol``.
    outcome : array_like of int, shape (...)
        Index of the category that happened.
    axis : int, default -1
        The category axis of ``forecast``.
    base : float, optional
        Base of the logarithm; ``None`` gives nats.
    clip : float, optional
        Only if asked: move the probability given to what happened into
        ``[clip, 1 - clip]``, as :func:`log_score` does.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`.
    atol : float, default 1e-6
        Tolerance on each row's sum.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError, InvalidOptionError
        As in :func:`categorical_brier_score` and :func:`log_score`.

    References
    ----------
    .. [1] Good, I. J. (1952). Rational decisions. Journal of the Royal Statistical Society B,
       14(1), 107-114.

    Examples
    --------
    >>> import forecastscore as fs
    >>> fs.categorical_log_score([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]], [0, 2], base=2)
    array([0.5145..., 1.        ])
    """
    b = _checks.check_positive_base(base)
    c = _checks.check_clip(clip)
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    if nan_policy == "raise" and c is None:
        fused = _reduce.fused_categorical(
            "log", forecast, outcome, axis, atol, how, weights, base=b, check=chk
        )
        if fused is not None:
            return fused  # type: ignore[no-any-return]
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol, chk)
    pk = _kernels.take_outcome(p, k)
    if c is not None:
        pk = np.clip(pk, c, 1.0 - c)
    return _finish(_kernels.log_loss(pk, b), missing, policy, how, weights)


@accepts_dask(n_arrays=2, category_axis=True)
def categorical_spherical_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    nan_policy: str = "raise",
    atol: float = SUM_ATOL,
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Spherical score of categorical forecasts, as a loss (lower is better).

    .. math::

        \mathrm{SS}(p, k) = 1 - \frac{p_k}{\lVert p \rVert_2}

    Range 0 to 1; unitless. On a two-option question it equals :func:`spherical_score`.

    **Accuracy:** within 8 ulps, also for rows an ulp from certainty (computed without the
    cancellation of :math:`1 - p_k / \lVert p \rVert`).

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the categories on ``axis``; rows sum to 1 within ``atol``.
    outcome : array_like of int, shape (...)
        Index of the category that happened.
    axis : int, default -1
        The category axis of ``forecast``.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`.
    atol : float, default 1e-6
        Tolerance on each row's sum.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`categorical_brier_score`.

    References
    ----------
    .. [1] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.

    Examples
    --------
    >>> import forecastscore as fs
    >>> float(fs.categorical_spherical_score([0.6, 0.0, 0.4], 0))  # 1 - 0.6/sqrt(0.52)
    0.1679...
    """
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol, chk)
    return _finish(_kernels.categorical_spherical(p, k), missing, policy, how, weights)
