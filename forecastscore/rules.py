r"""Proper scoring rules on arrays.

What lives here: the public score functions that take array-likes of forecasts and outcomes,
validate them (``_checks``) and compute elementwise losses (``_kernels``). Every score is a
**loss**: lower is better. Results broadcast like numpy: the result has the broadcast shape of
the forecast (without its category axis) and the outcome; averaging is the caller's
``.mean()``. What does not live here: anything about dates, questions or forecasters (see
``forecastscore.model`` and ``forecastscore.scoring``).

Binary scores take ``forecast`` = P(yes) in [0, 1] and ``outcome`` as bool or 0/1.
Categorical scores take the probabilities on ``axis`` (default the last) and the outcome as
the index of the category that happened.

References
----------
.. [1] Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
   Monthly Weather Review, 78(1), 1-3.
.. [2] Good, I. J. (1952). Rational decisions. Journal of the Royal Statistical Society B,
   14(1), 107-114.
.. [3] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
   estimation. Journal of the American Statistical Association, 102(477), 359-378.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from . import _checks, _kernels
from ._checks import SUM_ATOL, NanPolicy
from ._dask import accepts_dask

__all__ = [
    "SUM_ATOL",
    "brier_score",
    "categorical_brier_score",
    "categorical_log_score",
    "categorical_spherical_score",
    "crps",
    "crps_ensemble",
    "interval_score",
    "log_score",
    "quantile_score",
    "ranked_probability_score",
    "spherical_score",
]

#: What the score functions return: a numpy float64 for scalar input, else an array.
Scores = np.float64 | npt.NDArray[np.float64]


# --- shared plumbing ----------------------------------------------------------------------


def _binary_inputs(
    forecast: Any, outcome: Any, nan_policy: str
) -> tuple[npt.NDArray[np.float64], npt.NDArray[Any], npt.NDArray[np.bool_] | None, NanPolicy]:
    policy = _checks.check_nan_policy(nan_policy)
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


# --- binary -------------------------------------------------------------------------------


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
    0.01
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


# --- categorical --------------------------------------------------------------------------


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


# --- ordered categories, quantiles, intervals, ensembles and distributions ---------------


@accepts_dask(n_arrays=2, category_axis=True)
def ranked_probability_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    normalize: bool = False,
    nan_policy: str = "raise",
    atol: float = SUM_ATOL,
) -> Scores:
    r"""Ranked probability score of forecasts over ordered categories (a loss: lower is better).

    .. math::

        \mathrm{RPS}(p, k) = \sum_{j=1}^{K-1} \bigl(P_j - \mathbb{1}[k \le j]\bigr)^2,
        \qquad P_j = p_1 + \dots + p_j

    the squared distance between the forecast's and the outcome's cumulative distributions
    over the :math:`K` ordered categories, summed over the :math:`K - 1` cumulative terms
    (the :math:`K`-th is always 0). Unlike the categorical Brier score it rewards putting
    probability *near* what happened: on three categories, an outcome in the first scores
    ``[0, 1, 0]`` at 1 and ``[0, 0, 1]`` at 2.

    By default the sum is **not** normalised, so the range is 0 to :math:`K - 1` (the form in
    Wilks' textbook and the scoringrules package). ``normalize=True`` divides by
    :math:`K - 1`, giving the 0..1 scale of Epstein's original (1969) score [1]_, which was
    positively oriented (it is one minus this); Murphy (1971) [2]_ gave the cumulative form.
    On two categories the unnormalised RPS equals :func:`brier_score` of the probability of
    the second category. Unitless.

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the ordered categories on ``axis`` (lowest first); rows sum to 1
        within ``atol``.
    outcome : array_like of int, shape (...)
        Index (``0 .. K-1``) of the category that happened.
    axis : int, default -1
        The category axis of ``forecast``.
    normalize : bool, default False
        Divide by :math:`K - 1` so that the range is 0..1 whatever the number of categories.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN counts as missing.
    atol : float, default 1e-6
        Tolerance on each row's sum.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, with the broadcast shape of the rows and ``outcome``.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`categorical_brier_score`.
    InvalidOptionError
        ``normalize`` that is not a bool, or a bad ``axis`` or ``nan_policy``.

    References
    ----------
    .. [1] Epstein, E. S. (1969). A scoring system for probability forecasts of ranked
       categories. Journal of Applied Meteorology, 8(6), 985-987.
    .. [2] Murphy, A. H. (1971). A note on the ranked probability score. Journal of Applied
       Meteorology, 10(1), 155-156.

    Examples
    --------
    >>> from forecastscore.rules import ranked_probability_score
    >>> ranked_probability_score([[0.2, 0.5, 0.3], [0.2, 0.5, 0.3]], [0, 2])
    array([0.73, 0.53])

    The cumulative forecast is ``(0.2, 0.7)``. Outcome 0 has cumulative ``(1, 1)``:
    ``0.8**2 + 0.3**2 = 0.73``; outcome 2 has ``(0, 0)``: ``0.2**2 + 0.7**2 = 0.53``.

    >>> float(ranked_probability_score([0.2, 0.5, 0.3], 2, normalize=True))  # 0.53 / 2
    0.265
    """
    normalize = _checks.check_flag(normalize, "normalize")
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol)
    scores = _kernels.ranked_probability(p, k)
    if normalize:
        scores = scores / (p.shape[-1] - 1)
    return _finish(scores, missing, policy)


def _real(
    x: Any, name: str, policy: NanPolicy, *, outcome: bool = False
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_] | None]:
    arr = _checks.as_real_array(x, name)
    return arr, _checks.check_finite(arr, name, policy, outcome=outcome)


def _any_missing(
    shape: tuple[int, ...], *masks: npt.NDArray[np.bool_] | None
) -> npt.NDArray[np.bool_] | None:
    found = [m for m in masks if m is not None]
    if not found:
        return None
    m = np.zeros(shape, dtype=bool)
    for f in found:
        m = m | f
    return m if m.any() else None


@accepts_dask(n_arrays=2)
def quantile_score(forecast: Any, outcome: Any, *, level: Any, nan_policy: str = "raise") -> Scores:
    r"""Quantile score (pinball loss) of quantile forecasts (a loss: lower is better).

    .. math::

        \mathrm{QS}_\tau(q, y) = \bigl(\mathbb{1}[y < q] - \tau\bigr)(q - y)
        = \begin{cases} \tau\,(y - q) & y \ge q \\ (1 - \tau)(q - y) & y < q \end{cases}

    for a forecast :math:`q` of the :math:`\tau`-quantile (``level``) and the outcome
    :math:`y`. Convention: the factor is 1, as in Koenker and Bassett (1978) [1]_ and
    Gneiting and Raftery (2007) [2]_, so at ``level=0.5`` the score is half the absolute
    error; some authors (and some forecasting competitions) double it. With this convention
    the CRPS is :math:`2\int_0^1 \mathrm{QS}_\tau(F^{-1}(\tau), y)\,d\tau`. It is a
    consistent scoring function for the :math:`\tau`-quantile: its expectation is least at a
    true quantile. In the units of the outcome.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        The forecast quantiles (real numbers, in the units of the outcome).
    outcome : array_like of float, shape (...)
        What happened; must broadcast with ``forecast``.
    level : float or array_like of float
        The quantile level(s) :math:`\tau`, strictly between 0 and 1. An array must broadcast
        to the shape of ``forecast`` and ``outcome`` without enlarging it, so several levels
        can be scored at once (``forecast`` of shape ``(n, 3)`` against ``outcome[:, None]``
        and ``level=[0.1, 0.5, 0.9]``). With Dask arrays, a level array must line up with
        whole blocks (keep the levels' axis in one chunk); otherwise a ``ShapeError`` says
        so.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`. Infinite values are always refused.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError
        A forecast or outcome that is infinite, or NaN under ``nan_policy='raise'``; the
        message gives its index.
    InvalidOptionError
        A ``level`` not strictly between 0 and 1.
    ForecastTypeError, ShapeError
        Booleans or non-numbers; shapes that do not broadcast.

    References
    ----------
    .. [1] Koenker, R. and Bassett, G. (1978). Regression quantiles. Econometrica, 46(1),
       33-50.
    .. [2] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.

    Examples
    --------
    >>> from forecastscore.rules import quantile_score
    >>> quantile_score([10.0, 10.0], [12.0, 7.0], level=0.9)  # 0.9 * 2, 0.1 * 3
    array([1.8, 0.3])
    """
    policy = _checks.check_nan_policy(nan_policy)
    tau = _checks.check_level(level, "level")
    q, q_nan = _real(forecast, "forecast", policy)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True)
    shape = _checks.broadcast_shape(q.shape, y.shape, ("forecast", "outcome"))
    _checks.check_within_shape(shape, tau.shape, ("forecast and outcome", "level"))
    missing = _any_missing(shape, q_nan, y_nan)
    scores = np.broadcast_to(_kernels.pinball(q, y, tau), shape)
    return _finish(scores, missing, policy)


@accepts_dask(n_arrays=3)
def interval_score(
    lower: Any, upper: Any, outcome: Any, *, alpha: Any, nan_policy: str = "raise"
) -> Scores:
    r"""Interval score of central prediction intervals (a loss: lower is better).

    .. math::

        \mathrm{IS}_\alpha(l, u; y) = (u - l)
            + \frac{2}{\alpha}(l - y)\,\mathbb{1}[y < l]
            + \frac{2}{\alpha}(y - u)\,\mathbb{1}[y > u]

    for a central :math:`(1 - \alpha)` prediction interval :math:`[l, u]`: its width, plus a
    penalty of :math:`2/\alpha` per unit by which the outcome falls outside. This is
    Gneiting and Raftery's (2007) eq. (43) [1]_ (Winkler 1972 [2]_), proper for intervals
    whose ends are the :math:`\alpha/2` and :math:`1 - \alpha/2` quantiles. It equals
    :math:`\frac{2}{\alpha}\bigl(\mathrm{QS}_{\alpha/2}(l, y) + \mathrm{QS}_{1-\alpha/2}(u,
    y)\bigr)` with :func:`quantile_score`. In the units of the outcome.

    Parameters
    ----------
    lower, upper : array_like of float, shape (...)
        The ends of the interval, ``lower <= upper`` everywhere.
    outcome : array_like of float, shape (...)
        What happened; all three broadcast together.
    alpha : float or array_like of float
        One minus the nominal coverage, strictly between 0 and 1 (``alpha=0.1`` for a 90%
        interval). An array must broadcast to the shape of the other three without enlarging
        it (and, with Dask arrays, line up with whole blocks).
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`. Infinite values are always refused.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError
        ``lower > upper`` (with the index), or an end that is infinite or NaN under
        ``nan_policy='raise'``.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    InvalidOptionError
        An ``alpha`` not strictly between 0 and 1.
    ForecastTypeError, ShapeError
        Booleans or non-numbers; shapes that do not broadcast.

    References
    ----------
    .. [1] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.
    .. [2] Winkler, R. L. (1972). A decision-theoretic approach to interval estimation. JASA,
       67(337), 187-191.

    Examples
    --------
    >>> from forecastscore.rules import interval_score
    >>> interval_score([0.0, 0.0], [10.0, 10.0], [4.0, 13.0], alpha=0.2)
    array([10., 40.])

    The second outcome is 3 above the interval: ``10 + (2 / 0.2) * 3 = 40``.
    """
    policy = _checks.check_nan_policy(nan_policy)
    a = _checks.check_level(alpha, "alpha")
    lo, lo_nan = _real(lower, "lower", policy)
    hi, hi_nan = _real(upper, "upper", policy)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True)
    shape = _checks.broadcast_shape(lo.shape, hi.shape, ("lower", "upper"))
    shape = _checks.broadcast_shape(shape, y.shape, ("lower and upper", "outcome"))
    _checks.check_within_shape(shape, a.shape, ("the interval and outcome", "alpha"))
    _checks.check_ordered(lo, hi)
    missing = _any_missing(shape, lo_nan, hi_nan, y_nan)
    scores = np.broadcast_to(_kernels.interval(lo, hi, y, a), shape)
    return _finish(scores, missing, policy)


@accepts_dask(n_arrays=2, category_axis=True)
def crps_ensemble(
    members: Any,
    outcome: Any,
    *,
    axis: int = -1,
    fair: bool = False,
    nan_policy: str = "raise",
) -> Scores:
    r"""Continuous ranked probability score of ensemble forecasts (a loss: lower is better).

    The CRPS of the empirical distribution of the :math:`m` members :math:`x_1, \dots, x_m`:

    .. math::

        \mathrm{CRPS}(x, y) = \frac{1}{m}\sum_{i=1}^m |x_i - y|
            - \frac{1}{2m^2}\sum_{i=1}^m\sum_{j=1}^m |x_i - x_j|

    computed in :math:`O(m \log m)` per forecast from the sorted members
    :math:`x_{(1)} \le \dots \le x_{(m)}`, since
    :math:`\sum_{i,j}|x_i - x_j| = 2\sum_{i}(2i - m - 1)\,x_{(i)}`. With ``fair=True`` the
    second term's :math:`2m^2` becomes :math:`2m(m - 1)`: Ferro's (2014) fair estimator [1]_,
    whose expectation over ensembles drawn from a distribution :math:`F` is the CRPS of
    :math:`F` itself, so that small ensembles are not penalised for their size. It needs at
    least two members. One member gives the absolute error. In the units of the outcome.

    Parameters
    ----------
    members : array_like of float, shape (..., m)
        The ensemble members on ``axis`` (real numbers, in the units of the outcome).
    outcome : array_like of float, shape (...)
        What happened; must broadcast with the rows of ``members``.
    axis : int, default -1
        The axis of ``members`` that holds the members.
    fair : bool, default False
        Use the fair estimator (Ferro 2014) instead of the empirical distribution's CRPS.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN member counts as missing. Infinite
        values are always refused.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, with the broadcast shape of the rows and ``outcome``.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError
        A member or outcome that is infinite, or NaN under ``nan_policy='raise'``; the
        message gives its index.
    ShapeError
        No member axis, an empty one (or a single member with ``fair=True``), or shapes that
        do not broadcast.
    InvalidOptionError, ForecastTypeError
        A bad ``axis``, ``fair`` or ``nan_policy``; booleans or non-numbers.

    References
    ----------
    .. [1] Ferro, C. A. T. (2014). Fair scores for ensemble forecasts. Quarterly Journal of
       the Royal Meteorological Society, 140(683), 1917-1923.
    .. [2] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.

    Examples
    --------
    >>> from forecastscore.rules import crps_ensemble
    >>> float(crps_ensemble([0.0, 1.0, 4.0], 2.0))
    0.7777...
    >>> float(crps_ensemble([0.0, 1.0, 4.0], 2.0, fair=True))
    0.3333...

    By hand: the mean distance to the outcome is ``(2 + 1 + 2) / 3 = 5/3``; the pairwise
    distances are 1, 4 and 3, so ``sum_ij |x_i - x_j| = 16``. Then ``5/3 - 16 / 18 = 7/9``
    and, fair, ``5/3 - 16 / 12 = 1/3``.
    """
    policy = _checks.check_nan_policy(nan_policy)
    fair = _checks.check_flag(fair, "fair")
    x = _checks.as_real_array(members, "members")
    x_nan = _checks.check_finite(x, "members", policy)
    x = _checks.move_axis_last(x, "members", axis, "a member")
    m = x.shape[-1]
    _checks.check_axis_length(m, 2 if fair else 1, "members", axis, "fair=True" if fair else "")
    y, y_nan = _real(outcome, "outcome", policy, outcome=True)
    shape = _checks.broadcast_shape(x.shape[:-1], y.shape, ("members rows", "outcome"))
    row_nan = None if x_nan is None else np.asarray(np.moveaxis(x_nan, axis, -1).any(axis=-1))
    missing = _any_missing(shape, row_nan, y_nan)
    scores = np.broadcast_to(_kernels.crps_sorted_ensemble(np.sort(x, axis=-1), y, fair), shape)
    return _finish(scores, missing, policy)


#: Relative tolerance of the numerical integration in :func:`crps`.
CRPS_RTOL = 1e-10
#: Absolute tolerance of the numerical integration in :func:`crps`, in units of ``scale``.
CRPS_ATOL = 1e-13
_QUADRATURE_BLOCK = 1 << 13


def crps(forecast: Any, outcome: Any, *, nan_policy: str = "raise") -> Scores:
    r"""Continuous ranked probability score of a distribution forecast (a loss).

    Lower is better. For a forecast distribution with cdf :math:`F` and the outcome
    :math:`y`,

    .. math::

        \mathrm{CRPS}(F, y) = \int_{-\infty}^{\infty}
            \bigl(F(x) - \mathbb{1}[y \le x]\bigr)^2\,dx
            = \mathbb{E}|X - y| - \tfrac{1}{2}\mathbb{E}|X - X'|

    with :math:`X, X'` independent draws from :math:`F` (Matheson and Winkler 1976 [1]_;
    Gneiting and Raftery 2007 [2]_). It is in the units of the outcome, reduces to the
    absolute error for a point mass, and is strictly proper among distributions with a
    finite mean.

    The forecast is a frozen ``scipy.stats`` continuous distribution, whose parameters may be
    arrays (one distribution per element): ``scipy.stats.norm(loc=mu, scale=sigma)``.
    Closed forms are used for these families, each written for the standardised outcome
    :math:`z = (y - \mathrm{loc}) / \mathrm{scale}` and multiplied by ``scale``:

    ============  ==============================================================  ==========
    family        CRPS at ``loc=0, scale=1``                                      source
    ============  ==============================================================  ==========
    ``norm``      :math:`z(2\Phi(z) - 1) + 2\varphi(z) - 1/\sqrt\pi`               [3]_
    ``logistic``  :math:`z - 2\log F(z) - 1`                                       [4]_
    ``laplace``   :math:`|z| + e^{-|z|} - 3/4`                                     [4]_
    ``expon``     :math:`|z| - 2F(z) + 1/2`                                        [4]_
    ``uniform``   :math:`|z - c| + c^2 - c + 1/3`, :math:`c = \min(\max(z, 0), 1)`  [4]_
    ``gamma``     :math:`z(2F_a(z) - 1) - a(2F_{a+1}(z) - 1) - 1/B(\tfrac12, a)`  [4]_
    ``lognorm``   :math:`z(2\Phi(w) - 1) - 2e^{s^2/2}(\Phi(w - s) + \Phi(s/\sqrt2)
                  - 1)`, :math:`w = \log(z)/s`                                     [4]_
    ``beta``      :math:`z(2F_{a,b}(z) - 1) + \frac{a}{a+b}\bigl(1 - 2F_{a+1,b}(z)
                  - \frac{2B(2a, 2b)}{aB(a,b)^2}\bigr)`                            [4]_
    ``t``         :math:`z(2F_\nu(z) - 1) + 2f_\nu(z)\frac{\nu + z^2}{\nu - 1}
                  - \frac{2\sqrt\nu\,B(\frac12, \nu - \frac12)}{(\nu - 1)
                  B(\frac12, \frac\nu2)^2}`, for :math:`1 < \nu < \infty`        [4]_
    ============  ==============================================================  ==========

    where :math:`F` is the family's standard cdf (for ``gamma`` with shape :math:`a`,
    ``beta`` with :math:`a, b`, Student ``t`` with :math:`\nu` degrees of freedom).

    A scale so small next to :math:`|y - \mathrm{loc}|` that :math:`z` overflows is a point
    mass at ``loc`` to working precision, and scores :math:`|y - \mathrm{loc}|`. The ``t``
    form is evaluated through ratios of gamma functions (``scipy.special.poch``) so that it
    stays accurate for any finite :math:`\nu` (it tends to the normal's); an infinite
    parameter is refused (for :math:`\nu = \infty` pass ``norm``).

    Every other continuous family (and ``t`` with :math:`\nu \le 1 + 10^{-4}`, where the closed
    form's two large terms cancel) is integrated numerically, vectorised over all elements with
    tanh-sinh quadrature (``scipy.integrate.tanhsinh``) of :math:`\int F^2` below the outcome
    and :math:`\int (1 - F)^2` above it (each split at the median), to a relative tolerance of
    ``CRPS_RTOL`` (1e-10) or an absolute one of ``CRPS_ATOL`` (1e-13) times ``scale`` per piece;
    the tests check it against adaptive quadrature (``scipy.integrate.quad``) to a relative 1e-6
    and against the closed forms of equal distributions (``weibull_min`` with ``c=1`` is
    ``expon``) to 1e-10. This path is some hundreds of times slower than a closed form (about 40
    µs per element for a Gumbel forecast on two cores). Where an integral does not converge (the
    CRPS is infinite when a tail is as heavy as :math:`|x|^{-1/2}`, as for Student t with
    :math:`\nu \le 1/2`), an error is raised rather than a wrong number returned.

    Parameters
    ----------
    forecast : frozen scipy.stats continuous distribution
        For example ``scipy.stats.norm(loc=[0, 1], scale=2)``; its parameters broadcast with
        ``outcome``. Discrete distributions are not supported.
    outcome : array_like of float, shape (...)
        What happened, as real numbers.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a NaN parameter or outcome counts as missing. Infinite
        values are always refused.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the parameters and ``outcome``.

    Raises
    ------
    ForecastTypeError
        ``forecast`` is not a frozen continuous ``scipy.stats`` distribution (for an
        ensemble use :func:`crps_ensemble`), or the outcome is not numeric.
    InvalidForecastError
        Parameters that scipy finds invalid (``scale <= 0``, a shape out of range), infinite
        or NaN under ``nan_policy='raise'``, or an integral that does not converge; the
        message gives the position and the parameters there.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    ShapeError
        Parameters and outcome that do not broadcast.

    References
    ----------
    .. [1] Matheson, J. E. and Winkler, R. L. (1976). Scoring rules for continuous
       probability distributions. Management Science, 22(10), 1087-1096.
    .. [2] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.
    .. [3] Gneiting, T., Raftery, A. E., Westveld, A. H. and Goldman, T. (2005). Calibrated
       probabilistic forecasting using ensemble model output statistics and minimum CRPS
       estimation. Monthly Weather Review, 133(5), 1098-1118.
    .. [4] Jordan, A., Krüger, F. and Lerch, S. (2019). Evaluating probabilistic forecasts
       with scoringRules. Journal of Statistical Software, 90(12), 1-37 (closed forms
       collected in its appendix, with their original sources).

    Examples
    --------
    >>> from scipy import stats
    >>> from forecastscore.rules import crps
    >>> float(crps(stats.norm(0, 1), 0.0))   # 2 phi(0) - 1/sqrt(pi) = (sqrt 2 - 1)/sqrt(pi)
    0.2336...
    >>> crps(stats.uniform(loc=0, scale=[1, 2]), 0.5)
    array([0.0833..., 0.2916...])

    On [0, 1] the outcome 0.5 scores ``1/4 - 1/2 + 1/3 = 1/12``; on [0, 2] it is at
    ``z = 1/4`` and scores ``2 * (1/16 - 1/4 + 1/3) = 7/24``.
    """
    policy = _checks.check_nan_policy(nan_policy)
    family, params = _checks.as_frozen_distribution(forecast, "forecast")
    y, y_nan = _real(outcome, "outcome", policy, outcome=True)
    support = None
    if _has_closed_form(family):
        # scipy's own rule for each of these families: every parameter but loc is > 0
        valid = np.ones((), dtype=bool)
        for key, value in params.items():
            if key != "loc":
                valid = valid & (value > 0)
    else:
        support = _support(forecast)
        valid = ~(np.isnan(support[0]) | np.isnan(support[1]))
    p_nan = _checks.check_distribution_parameters(params, valid, family.name, "forecast", policy)
    p_shape = tuple(np.broadcast_shapes(*(v.shape for v in params.values())))
    shape = _checks.broadcast_shape(p_shape, y.shape, ("forecast parameters", "outcome"))
    missing = _any_missing(shape, p_nan, y_nan)
    scores = _crps_closed_form(family, params, y) if support is None else None
    if scores is None:
        support = _support(forecast) if support is None else support
        scores = _crps_quadrature(family, params, support, y, shape, missing)
    return _finish(np.broadcast_to(scores, shape), missing, policy)


_CLOSED_FORMS = ("norm", "logistic", "laplace", "expon", "uniform", "gamma", "lognorm", "beta", "t")


def _has_closed_form(family: Any) -> bool:
    """True for scipy's own families listed in ``_CLOSED_FORMS`` (not for a subclass)."""
    from scipy import stats

    name = getattr(family, "name", None)
    return name in _CLOSED_FORMS and type(family) is type(getattr(stats, name))


def _support(forecast: Any) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    with np.errstate(all="ignore"):  # invalid parameters give NaN, reported by the caller
        lo, hi = forecast.support()
    return np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)


def _crps_closed_form(
    family: Any, params: dict[str, npt.NDArray[np.float64]], y: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64] | None:
    """The CRPS by a closed form, or ``None`` if this parameter range has none (Student t
    with ``df <= 1``); only called when :func:`_has_closed_form` is true."""
    from scipy import special

    name = family.name
    loc, scale = params["loc"], params["scale"]
    with np.errstate(over="ignore"):
        z_all = (y - loc) / scale
    # A scale so small next to |y - loc| that z overflows: the distribution is a point mass
    # at loc to working precision, and the CRPS is the absolute error.
    point_mass = np.isinf(z_all)
    z = np.where(point_mass, 0.0, z_all)
    k: npt.NDArray[np.float64]
    if name == "norm":
        with np.errstate(over="ignore", under="ignore"):  # exp(-z*z/2) of |z| > 1e154 is 0
            pdf = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
        k = _kernels.crps_normal(z, special.ndtr(z), pdf)
    elif name == "logistic":
        k = _kernels.crps_logistic(z)
    elif name == "laplace":
        k = _kernels.crps_laplace(z)
    elif name == "expon":
        k = _kernels.crps_exponential(z)
    elif name == "uniform":
        k = _kernels.crps_uniform(z)
    elif name == "gamma":
        a = params["a"]
        zp = np.maximum(z, 0.0)
        k = _kernels.crps_gamma(
            z, a, special.gammainc(a, zp), special.gammainc(a + 1.0, zp), special.beta(0.5, a)
        )
    elif name == "lognorm":
        s = params["s"]
        with np.errstate(divide="ignore"):
            w = np.log(np.maximum(z, 0.0)) / s
        k = _kernels.crps_lognormal(
            z, s, special.ndtr(w), special.ndtr(w - s), special.ndtr(s / np.sqrt(2.0))
        )
    elif name == "beta":
        a, b = params["a"], params["b"]
        c = np.clip(z, 0.0, 1.0)
        spread = 2.0 * np.exp(special.betaln(2 * a, 2 * b) - np.log(a) - 2 * special.betaln(a, b))
        cdf_ab, cdf_a1b = special.betainc(a, b, c), special.betainc(a + 1, b, c)
        k = _kernels.crps_beta(z, a, b, cdf_ab, cdf_a1b, spread)
    elif name == "t":
        df = params["df"]
        # Near df = 1 the two terms of the closed form each grow like 1 / (df - 1) and
        # cancel (relative error ~ 1e-16 / (df - 1)); there, and for df <= 1, integrate.
        if not np.all((df > 1.0 + _T_CLOSED_FORM_MARGIN) & np.isfinite(df) | np.isnan(df)):
            return None
        k = _crps_t_kernel(z, df)
    else:
        return None
    with np.errstate(over="ignore"):
        out = np.where(point_mass, np.abs(y - loc), scale * k)
    return np.asarray(out, dtype=np.float64)


#: Student t forecasts with ``1 < df <= 1 + _T_CLOSED_FORM_MARGIN`` go to the quadrature.
_T_CLOSED_FORM_MARGIN = 1e-4


def _crps_t_kernel(z: npt.NDArray[np.float64], df: npt.NDArray[np.float64]) -> Any:
    """The Student t kernel, written to stay accurate for large ``df`` and ``|z|``.

    Gamma-function ratios are taken as ``poch(x, 1/2) = Gamma(x + 1/2) / Gamma(x)``, which
    scipy evaluates without the cancellation of a difference of two ``gammaln`` values near
    ``log Gamma(df)`` (that difference loses all digits by ``df = 1e15``), and
    ``f(z) (df + z**2)`` is taken in logs so that ``z**2`` never overflows.
    """
    from scipy import special

    log_df = np.log(df)
    with np.errstate(over="ignore"):
        u = (z / np.sqrt(df)) ** 2
    with np.errstate(divide="ignore"):  # only where u overflowed, so z != 0
        log1p_u = np.where(np.isinf(u), 2.0 * np.log(np.abs(z)) - log_df, np.log1p(u))
    ratio = special.poch(0.5 * df, 0.5)  # Gamma((df+1)/2) / Gamma(df/2)
    # f(z) (df + z**2) = ratio / sqrt(df pi) (1 + u)**(-(df+1)/2) df (1 + u)
    with np.errstate(under="ignore"):
        pdf_df_z2 = np.exp(
            np.log(ratio) + 0.5 * (log_df - np.log(np.pi)) - 0.5 * (df - 1.0) * log1p_u
        )
    # B(1/2, df - 1/2) / B(1/2, df/2)**2 = poch(df/2, 1/2)**2 / (sqrt(pi) poch(df - 1/2, 1/2))
    spread = (
        2.0 * np.sqrt(df) / (df - 1.0) * ratio**2 / (np.sqrt(np.pi) * special.poch(df - 0.5, 0.5))
    )
    return _kernels.crps_t(z, df, special.stdtr(df, z), pdf_df_z2, spread)


def _crps_quadrature(
    family: Any,
    params: dict[str, npt.NDArray[np.float64]],
    support: tuple[Any, Any],
    y: npt.NDArray[np.float64],
    shape: tuple[int, ...],
    missing: npt.NDArray[np.bool_] | None,
) -> npt.NDArray[np.float64]:
    """The CRPS by tanh-sinh quadrature, vectorised over the elements in blocks."""
    from scipy.integrate import tanhsinh

    # Integrate in standard units u = (x - loc) / scale, where the tolerances mean the same
    # thing for every element, and scale back.
    shapes = [k for k in params if k not in ("loc", "scale")]
    loc, scale = params["loc"], params["scale"]
    with np.errstate(over="ignore"):
        z = (y - loc) / scale
        lo, hi = ((s - loc) / scale for s in support)
    # As in the closed forms: a scale so small that z overflows is a point mass at loc.
    point_mass = np.broadcast_to(np.isinf(z), shape)
    z = np.where(point_mass, 0.0, z)
    full = [np.broadcast_to(a, shape) for a in (z, lo, hi, *(params[k] for k in shapes))]
    active = (np.ones(shape, dtype=bool) if missing is None else ~missing) & ~point_mass
    flat = [a[active] for a in full]
    out = np.full(shape, np.nan)
    done = np.empty(flat[0].size)
    ok = np.empty(flat[0].size, dtype=bool)

    def below(u: Any, *args: Any) -> Any:  # F(u)**2
        with np.errstate(over="ignore", under="ignore"):  # exp(-exp(-u)) and the like
            return family.cdf(u, *args) ** 2

    def above(u: Any, *args: Any) -> Any:  # (1 - F(u))**2
        with np.errstate(over="ignore", under="ignore"):
            return family.sf(u, *args) ** 2

    for start in range(0, done.size, _QUADRATURE_BLOCK):
        sl = slice(start, start + _QUADRATURE_BLOCK)
        zz, a, b, *args = (arr[sl] for arr in flat)
        cut = np.clip(zz, a, b)
        # Split at the median too, so that no piece runs from a flat stretch (where the
        # integrand is 1) into an infinite tail: tanh-sinh puts its nodes near the ends.
        with np.errstate(over="ignore", under="ignore"):
            med = np.clip(family.median(*args), a, b)
        first, second = np.minimum(cut, med), np.maximum(cut, med)
        tol = {"args": tuple(args), "rtol": CRPS_RTOL, "atol": CRPS_ATOL}
        pieces = (
            tanhsinh(below, a, first, **tol),
            tanhsinh(below, first, cut, **tol),
            tanhsinh(above, cut, second, **tol),
            tanhsinh(above, second, b, **tol),
        )
        # Outside the support the integrand is exactly 1 (from y up to lo, or hi up to y).
        total = np.maximum(zz - b, 0.0) + np.maximum(a - zz, 0.0)
        good = np.isfinite(total)
        for r in pieces:
            total = total + r.integral
            good &= r.status == 0
        done[sl] = total
        ok[sl] = good & np.isfinite(total)
    converged = np.ones(shape, dtype=bool)
    converged[active] = ok
    _checks.check_converged(converged, params, y, family.name, "forecast")
    out[active] = done
    with np.errstate(over="ignore"):
        result = np.where(point_mass, np.abs(y - loc), np.broadcast_to(scale, shape) * out)
    return np.asarray(result, dtype=np.float64)
