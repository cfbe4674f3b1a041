"""Binary and categorical scores on arrays: Brier, log and spherical, each a loss, with the
input plumbing they share (validation by :mod:`forecastscore._checks`, formulas in
:mod:`forecastscore._kernels`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._checks import SUM_ATOL, NanPolicy
from .._dask import accepts_dask

#: What the score functions return: a numpy float64 for scalar input, else an array.
Scores = np.float64 | npt.NDArray[np.float64]


def _binary_inputs(
    forecast: Any, outcome: Any, nan_policy: str
) -> tuple[npt.NDArray[np.float64], npt.NDArray[Any], npt.NDArray[np.bool_] | None, NanPolicy]:
    policy = _checks.check_nan_policy(nan_policy)
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p = _checks.as_float_array(forecast, "forecast")
    _checks.check_probabilities(p, "forecast", policy)
    y = _checks.as_binary_outcome(outcome, "outcome", policy)
    shape = _checks.broadcast_shape(p.shape, y.shape, ("forecast", "outcome"))
    missing = None
    if policy != "raise":
        p_nan = np.isnan(p)
        y_nan = np.isnan(y) if y.dtype.kind == "f" else np.zeros(y.shape, dtype=bool)
        if p_nan.any() or y_nan.any():
            missing = np.broadcast_to(p_nan | y_nan, shape)
            if y.dtype.kind == "f":
                y = np.where(y_nan, 0.0, y).astype(bool)
    return p, y, missing, policy


def _categorical_inputs(
    forecast: Any, outcome: Any, axis: int, nan_policy: str, atol: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp], npt.NDArray[np.bool_] | None, NanPolicy]:
    policy = _checks.check_nan_policy(nan_policy)
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p = _checks.as_categorical_forecast(forecast, "forecast", axis, policy, atol)
    k, k_missing = _checks.as_category_index(outcome, "outcome", p.shape[-1], policy)
    shape = _checks.broadcast_shape(p.shape[:-1], k.shape, ("forecast rows", "outcome"))
    p = np.broadcast_to(p, (*shape, p.shape[-1]))
    k = np.broadcast_to(k, shape)
    missing = None
    if policy != "raise":
        m = np.isnan(p).any(axis=-1)
        if k_missing is not None:
            m = m | k_missing
        if m.any():
            missing = np.broadcast_to(m, shape)
    return p, k, missing, policy


def _finish(
    scores: npt.NDArray[np.float64], missing: npt.NDArray[np.bool_] | None, policy: NanPolicy
) -> Scores:
    out: npt.NDArray[np.float64] = np.asarray(scores, dtype=np.float64)
    if policy == "omit":
        # Always one-dimensional, NaN or not, so the result's shape does not depend on data.
        kept: npt.NDArray[np.float64] = out.reshape(-1) if missing is None else out[~missing]
        return kept
    if missing is not None:
        out = np.where(missing, np.nan, out)
    if out.ndim == 0:
        scalar: np.float64 = np.float64(float(out))
        return scalar
    return out


@accepts_dask(n_arrays=2)
def brier_score(forecast: Any, outcome: Any, *, nan_policy: str = "raise") -> Scores:
    r"""Brier score of binary forecasts (a loss: lower is better).

    .. math::

        \mathrm{BS}(p, y) = (p - y)^2

    where :math:`p` is the forecast probability of "yes" and :math:`y \in \{0, 1\}` the
    outcome. The range is 0 (certain and right) to 1 (certain and wrong); a forecast of 0.5
    always scores 0.25. This is half of :func:`categorical_brier_score` on the same two-option
    question, which is the 0..2 form that Good Judgment Open reports [1]_.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1]. Booleans are refused: they are outcomes.
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; must broadcast with ``forecast``.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        What to do with NaN forecasts or outcomes: raise an error, drop those pairs (the
        result is then one-dimensional), or return NaN for them.

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

    References
    ----------
    .. [1] Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
       Monthly Weather Review, 78(1), 1-3.

    Examples
    --------
    >>> import forecastscore as fs
    >>> fs.brier_score([0.3, 0.8], [1, 0])
    array([0.49, 0.64])
    >>> float(fs.brier_score(0.9, True))
    0.009999999999999995
    """
    p, y, missing, policy = _binary_inputs(forecast, outcome, nan_policy)
    return _finish(_kernels.brier(p, y), missing, policy)


@accepts_dask(n_arrays=2)
def log_score(
    forecast: Any,
    outcome: Any,
    *,
    base: float | None = None,
    clip: float | None = None,
    nan_policy: str = "raise",
) -> Scores:
    r"""Logarithmic score of binary forecasts (a loss: lower is better).

    .. math::

        \mathrm{LS}(p, y) = -\log_b\bigl(y\,p + (1 - y)(1 - p)\bigr)

    the negative log of the probability given to what happened, in nats (natural log) by
    default or in units of ``base`` (``base=2`` gives bits). The range is 0 to
    :math:`\infty`: a probability of exactly 0 on what happened scores ``inf``, neither NaN
    nor a silently clipped value. Good (1952) [1]_ introduced it; for three or more
    categories it is, up to affine maps, the only proper local score [2]_.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; must broadcast with ``forecast``.
    base : float, optional
        Base of the logarithm. ``None`` (default) gives nats, ``2`` bits, ``10`` bans.
    clip : float, optional
        Only if asked: move the probability given to what happened into
        ``[clip, 1 - clip]`` before scoring, which bounds the score by ``-log(clip)``. A
        clipped score is no longer the score of the forecast as stated, so nothing is
        clipped by default.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`brier_score`.
    InvalidOptionError
        A ``base`` that is not a positive number other than 1, or a ``clip`` outside (0, 0.5).

    Notes
    -----
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
    """
    b = _checks.check_positive_base(base)
    c = _checks.check_clip(clip)
    p, y, missing, policy = _binary_inputs(forecast, outcome, nan_policy)
    return _finish(_kernels.binary_log_loss(p, y, b, c), missing, policy)


@accepts_dask(n_arrays=2)
def spherical_score(forecast: Any, outcome: Any, *, nan_policy: str = "raise") -> Scores:
    r"""Spherical score of binary forecasts, as a loss (lower is better).

    .. math::

        \mathrm{SS}(p, y) = 1 - \frac{p_y}{\sqrt{p^2 + (1 - p)^2}}

    where :math:`p_y` is the probability given to what happened (:math:`p` if :math:`y = 1`,
    else :math:`1 - p`). The usual spherical score :math:`p_y / \lVert p \rVert` is a reward;
    subtracting it from 1 makes it a loss in [0, 1] like every score here. It is strictly
    proper [1]_. Unitless.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; must broadcast with ``forecast``.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`brier_score`.

    References
    ----------
    .. [1] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.

    Examples
    --------
    >>> import forecastscore as fs
    >>> fs.spherical_score([1.0, 0.5], [1, 0])   # 1 - 1/1 and 1 - 0.5/sqrt(0.5)
    array([0.        , 0.29289322])
    """
    p, y, missing, policy = _binary_inputs(forecast, outcome, nan_policy)
    return _finish(_kernels.spherical(p, y), missing, policy)


@accepts_dask(n_arrays=2, category_axis=True)
def categorical_brier_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    nan_policy: str = "raise",
    atol: float = SUM_ATOL,
) -> Scores:
    r"""Brier score of categorical forecasts, in the original 0..2 form (a loss).

    .. math::

        \mathrm{BS}(p, k) = \sum_{j=0}^{K-1} \bigl(p_j - \mathbb{1}[j = k]\bigr)^2

    Brier's (1950) definition [1]_, summed over the :math:`K` categories, with range 0 to 2.
    This is the form Good Judgment Open reports. On a two-option question it is exactly twice
    :func:`brier_score`: :math:`(1-p-(1-y))^2 + (p-y)^2 = 2(p-y)^2`. Unitless.

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
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol)
    return _finish(_kernels.categorical_brier(p, k), missing, policy)


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
) -> Scores:
    r"""Logarithmic score of categorical forecasts (a loss: lower is better).

    .. math::

        \mathrm{LS}(p, k) = -\log_b p_k

    the negative log of the probability given to the category that happened, in nats by
    default (``base=2`` gives bits). A probability of exactly 0 on what happened gives
    ``inf``. On a two-option question it equals :func:`log_score`.

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
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol)
    pk = _kernels.take_outcome(p, k)
    if c is not None:
        pk = np.clip(pk, c, 1.0 - c)
    return _finish(_kernels.log_loss(pk, b), missing, policy)


@accepts_dask(n_arrays=2, category_axis=True)
def categorical_spherical_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    nan_policy: str = "raise",
    atol: float = SUM_ATOL,
) -> Scores:
    r"""Spherical score of categorical forecasts, as a loss (lower is better).

    .. math::

        \mathrm{SS}(p, k) = 1 - \frac{p_k}{\lVert p \rVert_2}

    Range 0 to 1; unitless. On a two-option question it equals :func:`spherical_score`.

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
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol)
    return _finish(_kernels.categorical_spherical(p, k), missing, policy)
