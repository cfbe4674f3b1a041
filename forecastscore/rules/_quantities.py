"""Scores of quantities given as quantiles, intervals or ensembles: the quantile (pinball)
score, the interval score and the CRPS of an ensemble (with its fair form).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._checks import NanPolicy
from .._dask import accepts_dask
from ..errors import ForecastTypeError, InvalidOptionError, ShapeError
from . import _reduce
from ._ensemble import check_engine, crps_ensemble_rows
from ._inputs import Scores, _finish


def _real(
    x: Any, name: str, policy: NanPolicy, *, outcome: bool = False, check: bool = True
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_] | None]:
    """Real numbers, checked finite (NaN per ``policy``); with ``check=False`` only the
    mask of missing values is found, and only when ``policy`` lets them through."""
    arr = _checks.as_real_array(x, name)
    if not check:
        if policy == "raise":
            return arr, None
        nan = np.isnan(arr)
        return arr, nan if nan.any() else None
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


def _check_forecast_first(
    func: str, forecast: str, x_shape: tuple[int, ...], y_shape: tuple[int, ...]
) -> None:
    """Refuse an outcome with more axes than a forecast that is at least a vector: the sign
    of arguments given outcome first, as in scoringrules and properscoring, which would
    otherwise broadcast into a silently wrong table of scores."""
    if len(x_shape) >= 1 and len(y_shape) > len(x_shape):
        raise ShapeError(
            f"{func} takes the forecast first: {func}({forecast}, outcome). The outcome has "
            f"more axes (shape {y_shape}) than {forecast} (shape {x_shape}), which is what "
            "swapped arguments look like (scoringrules and properscoring put the outcome "
            f"first). To score one forecast against many outcomes, give {forecast} the extra "
            "axis explicitly"
        )


def _check_level_axis(
    q_shape: tuple[int, ...], y_shape: tuple[int, ...], level_shape: tuple[int, ...]
) -> None:
    """Refuse a forecast that is constant along an axis of several levels while the outcome
    varies along it: the quantiles were passed as the outcome."""
    n = max(len(q_shape), len(y_shape), len(level_shape))
    q = (1,) * (n - len(q_shape)) + tuple(q_shape)
    y = (1,) * (n - len(y_shape)) + tuple(y_shape)
    lv = (1,) * (n - len(level_shape)) + tuple(level_shape)
    for i in range(n):
        if lv[i] > 1 and q[i] == 1 and y[i] == lv[i]:
            raise ShapeError(
                "quantile_score takes the forecast first: quantile_score(forecast, outcome, "
                f"level=...). The outcome (shape {tuple(y_shape)}) varies along the "
                f"{lv[i]} levels while the forecast (shape {tuple(q_shape)}) does not, which "
                "is what swapped arguments look like (scoringrules and properscoring put the "
                "outcome first)"
            )


@accepts_dask(n_arrays=2)
def quantile_score(
    forecast: Any,
    outcome: Any,
    *,
    level: Any,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Quantile score (pinball loss) of quantile forecasts (a loss: lower is better).

    Signature order: the forecast first, ``quantile_score(forecast, outcome, level=)``,
    unlike scikit-learn, scoringrules and properscoring. A ``ShapeError`` names the order
    when the shapes reveal a swap (the outcome varies along an axis of several levels while
    the forecast does not, or has more axes than a forecast that is at least a vector); with
    scalars or equal shapes they cannot: ``quantile_score(2, 1, level=0.9)`` is the forecast
    2 scored against the outcome 1.

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

    **Accuracy:** within 4 ulps of the exact score of the given floats, also where
    :math:`y - q` overflows although the score does not (then computed from halves).

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
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    if policy == "raise":
        fused = _reduce.fused_quantile(forecast, outcome, tau, how, weights, check=chk)
        if fused is not None:
            return fused  # type: ignore[no-any-return]
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    q, q_nan = _real(forecast, "forecast", policy, check=chk)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=chk)
    _check_forecast_first("quantile_score", "forecast", q.shape, y.shape)
    _check_level_axis(q.shape, y.shape, tau.shape)
    shape = _checks.broadcast_shape(q.shape, y.shape, ("forecast", "outcome"))
    _checks.check_within_shape(shape, tau.shape, ("forecast and outcome", "level"))
    missing = _any_missing(shape, q_nan, y_nan)
    scores = np.broadcast_to(_kernels.pinball(q, y, tau), shape)
    return _finish(scores, missing, policy, how, weights)


@accepts_dask(n_arrays=3)
def interval_score(
    lower: Any,
    upper: Any,
    outcome: Any,
    *,
    alpha: Any,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
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

    **Accuracy:** within 8 ulps of the exact score of the given floats (a width and two
    penalties, each rounded once).

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
    how = _reduce.check_reduce(
        reduce, weights, ("lower", lower), ("upper", upper), ("outcome", outcome)
    )
    chk = _reduce.check_check(check)
    if policy == "raise":
        fused = _reduce.fused_interval(lower, upper, outcome, a, how, weights, check=chk)
        if fused is not None:
            return fused  # type: ignore[no-any-return]
    _checks.check_aligned(("lower", lower), ("upper", upper), ("outcome", outcome))
    lo, lo_nan = _real(lower, "lower", policy, check=chk)
    hi, hi_nan = _real(upper, "upper", policy, check=chk)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=chk)
    shape = _checks.broadcast_shape(lo.shape, hi.shape, ("lower", "upper"))
    shape = _checks.broadcast_shape(shape, y.shape, ("lower and upper", "outcome"))
    _checks.check_within_shape(shape, a.shape, ("the interval and outcome", "alpha"))
    if chk:
        _checks.check_ordered(lo, hi)
    missing = _any_missing(shape, lo_nan, hi_nan, y_nan)
    scores = np.broadcast_to(_kernels.interval(lo, hi, y, a), shape)
    return _finish(scores, missing, policy, how, weights)


@accepts_dask(n_arrays=2, category_axis=True)
def crps_ensemble(
    members: Any,
    outcome: Any,
    *,
    axis: int = -1,
    fair: bool = False,
    member_weights: Any = None,
    engine: str = "numpy",
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Continuous ranked probability score of ensemble forecasts (a loss: lower is better).

    Signature order: the forecast first, ``crps_ensemble(members, outcome)``, unlike
    scoringrules and properscoring. An outcome with more axes than ``members`` (what
    ``crps_ensemble(obs, members)`` looks like) is refused with a ``ShapeError`` that names
    the order; to score one ensemble against many outcomes, pass ``members`` of shape
    ``(m,)`` with outcomes of shape ``(n,)``, or give ``members`` the outcome's axes.

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

    **Accuracy:** the members are measured from the row's middle member (and rows near the
    top of the float range scaled by a power of two), so the error is at most
    :math:`4m` ulps of the smaller of :math:`\max_i |x_i|` and the ensemble's range plus
    :math:`|y - x_{(m/2)}|`: members far from 0 (``1e9 + 0.1``) lose nothing to their
    offset.

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
    member_weights : array_like of float, shape (..., m), optional
        Weights of the members (nonnegative, finite, not all 0 in a row; normalised to sum
        to 1 per row), broadcasting with ``members``: the forecast is the weighted empirical
        distribution :math:`\sum_i w_i \delta_{x_i}` and the score
        :math:`\sum_i w_i |x_i - y| - \frac12 \sum_{i,j} w_i w_j |x_i - x_j|` (as
        scoringrules' ``ens_w``). Not with ``fair=True``. Named so as not to be confused
        with the weights of an average of scores.
    engine : {'numpy', 'numba'}, default 'numpy'
        How the rows are scored: ``'numpy'`` (the reference) sorts and scores blocks of
        rows with numpy, holding one block of temporaries; ``'numba'`` (needs the extra
        ``forecastscore[numba]``, compiled on first use, about a second) scores each sorted
        row in one compiled loop, faster for many short rows. Both give the same numbers
        to rounding (the sums are taken in another order).
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN member counts as missing. Infinite
        values are always refused.
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
    InvalidForecastError, InvalidOutcomeError
        A member or outcome that is infinite, or NaN under ``nan_policy='raise'``; the
        message gives its index.
    ShapeError
        No member axis, an empty one (or a single member with ``fair=True``), or shapes that
        do not broadcast.
    InvalidOptionError, ForecastTypeError
        A bad ``axis``, ``fair`` or ``nan_policy``; ``member_weights`` that are negative,
        not finite, all 0 in a row, do not broadcast with ``members`` or come with
        ``fair=True``; booleans or non-numbers.

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
    engine = check_engine(engine)
    how = _reduce.check_reduce(reduce, weights, ("members", members), ("outcome", outcome))
    chk = _reduce.check_check(check)
    _checks.check_aligned(("members", members), ("outcome", outcome))
    x = _checks.as_real_array(members, "members")
    x_nan = _checks.check_finite(x, "members", policy) if chk or policy != "raise" else None
    x = _checks.move_axis_last(x, "members", axis, "a member")
    m = x.shape[-1]
    _checks.check_axis_length(m, 2 if fair else 1, "members", axis, "fair=True" if fair else "")
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=chk)
    _check_forecast_first("crps_ensemble", "members", x.shape, y.shape)
    shape = _checks.broadcast_shape(x.shape[:-1], y.shape, ("members rows", "outcome"))
    row_nan = None if x_nan is None else np.asarray(np.moveaxis(x_nan, axis, -1).any(axis=-1))
    missing = _any_missing(shape, row_nan, y_nan)
    if member_weights is not None:
        if fair:
            raise InvalidOptionError(
                "member_weights cannot be combined with fair=True (the fair estimator is for "
                "equally weighted members)"
            )
        w = _member_weights(member_weights, x.shape, axis)
        x, w = np.broadcast_arrays(x, w)
        order = np.argsort(x, axis=-1)
        xs = np.take_along_axis(x, order, axis=-1)
        ws = np.take_along_axis(w, order, axis=-1)
        scores = np.broadcast_to(_kernels.crps_weighted_ensemble(xs, ws, y), shape)
        return _finish(scores, missing, policy, how, weights)
    scores = np.broadcast_to(crps_ensemble_rows(x, np.broadcast_to(y, shape), fair, engine), shape)
    return _finish(scores, missing, policy, how, weights)


def _member_weights(value: Any, x_shape: tuple[int, ...], axis: Any) -> npt.NDArray[np.float64]:
    """Validate ensemble member weights (already given in ``members``' original axis order)
    and return them with the member axis last, normalised to sum to 1 per row."""
    if isinstance(value, (bool, np.bool_)):
        raise InvalidOptionError(f"member_weights must be nonnegative numbers (got {value!r})")
    try:
        w = _checks.as_float_array(value, "member_weights")
    except ForecastTypeError:
        raise InvalidOptionError(
            f"member_weights must be nonnegative numbers (got {value!r})"
        ) from None
    if w.ndim == 0:
        raise ShapeError(
            "member_weights must have the member axis, one weight per member (got a scalar)"
        )
    w = np.moveaxis(w, axis, -1) if w.ndim == len(x_shape) else w
    try:
        np.broadcast_shapes(w.shape, x_shape)
    except ValueError:
        raise ShapeError(
            f"member_weights of shape {w.shape} (member axis last) do not broadcast with the "
            f"members of shape {x_shape}"
        ) from None
    bad = ~(np.isfinite(w) & (w >= 0.0))
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        raise InvalidOptionError(
            f"member_weights{_checks.position(w.shape, i)} = {float(w.reshape(-1)[i])!r} is "
            "not a nonnegative finite number"
        )
    total = w.sum(axis=-1, keepdims=True)
    if np.any(total <= 0.0):
        i = int(np.flatnonzero((total <= 0.0).reshape(-1))[0])
        raise InvalidOptionError(
            f"member_weights{_checks.position(total.shape[:-1], i)} are all 0: a row needs a "
            "positive weight"
        )
    out: npt.NDArray[np.float64] = w / total
    return out
