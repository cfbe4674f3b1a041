"""Dask arrays in the score functions: the same validation and formulas, block by block;
and the door for arrays of other libraries (JAX, CuPy, array-api-strict, ...).

What lives here: a decorator that lets a public score function take Dask arrays. When any of
its array arguments is a Dask array, the function is mapped over the blocks with
``dask.array.map_blocks``, so each block is validated and scored by the very same numpy code,
lazily, by whatever scheduler the caller runs (threads, processes or a distributed cluster).
The result is a lazy Dask array; nothing is computed until the caller asks.

With ``reduce=`` the block scores are reduced lazily (a 0-d Dask array); ``weights=`` are
checked block by block when it is computed.

An argument from another Array API library (a *foreign* array, ``_namespace.is_foreign``) is
sent to the score's implementation in ``rules._xp`` (named like the function; imported by
name when first needed, a door rather than an import arrow), which computes on the device
and returns an array of that library; a score or option with no implementation there runs
the numpy function on host copies and copies the result back.

What does not: any formula, and any import of dask at module level (dask is an optional
extra, imported only once a Dask array has been seen). This module imports only ``errors``
and ``_namespace``.

Errors found inside a block are raised when the result is computed; their message gives the
block's offset in the whole array as well as the position inside the block.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

from ._namespace import array_namespace, is_foreign, to_numpy
from .errors import ForecastScoreError, ForecastTypeError, InvalidOptionError, ShapeError

#: Where the Array API implementations of the scores live (a module above this one, imported
#: by name only when a foreign array is seen: a door, not an arrow).
XP_MODULE = "forecastscore.rules._xp"

F = TypeVar("F", bound=Callable[..., Any])


def is_dask_array(x: Any) -> bool:
    """True for a ``dask.array.Array``, checked without importing dask."""
    return type(x).__module__.split(".")[0] == "dask" and hasattr(x, "chunks")


def accepts_dask(*, n_arrays: int, category_axis: bool = False) -> Callable[[F], F]:
    """Let a score function take Dask arrays in its first ``n_arrays`` positional arguments.

    Parameters
    ----------
    n_arrays : int
        How many leading positional arguments are arrays that broadcast together (after the
        first one's category axis is set aside, when ``category_axis`` is true).
    category_axis : bool, default False
        The first argument has a category (or ensemble member) axis, given by the ``axis``
        keyword (default -1), which the result drops.
    """

    def decorate(func: F) -> F:
        names = list(inspect.signature(func).parameters)[:n_arrays]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = (*args[:n_arrays], *(kwargs[n] for n in names if n in kwargs))
            if any(is_dask_array(a) for a in given):
                bound = inspect.signature(func).bind(*args, **kwargs)
                arrays = tuple(bound.arguments[n] for n in names)
                options = {k: v for k, v in bound.arguments.items() if k not in names}
                return _map_blocks(func, arrays, options, category_axis)
            if any(is_foreign(a) for a in given):
                return _foreign(func, args, kwargs, names)
            return func(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def accepts_foreign(*, n_arrays: int) -> Callable[[F], F]:
    """Let a score function whose forecast is not an array (a ``scipy.stats`` distribution)
    take an outcome of another Array API library: scored on the host, returned as an array
    of that library (Dask arrays are not mapped by block here)."""

    def decorate(func: F) -> F:
        names = list(inspect.signature(func).parameters)[:n_arrays]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = (*args[:n_arrays], *(kwargs[n] for n in names if n in kwargs))
            if any(is_foreign(a) for a in given):
                return _foreign(func, args, kwargs, names)
            return func(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def _map_blocks(
    func: Callable[..., Any],
    arrays: tuple[Any, ...],
    options: dict[str, Any],
    category_axis: bool,
) -> Any:
    if options.get("nan_policy") == "omit":
        raise InvalidOptionError(
            "nan_policy='omit' is not supported for Dask arrays (the result's length would be "
            "unknown until computed); use nan_policy='propagate' and a NaN-aware reduction "
            "such as dask.array.nanmean"
        )
    how = options.pop("reduce", None)
    weights = options.pop("weights", None)
    if weights is not None and how is None:
        raise InvalidOptionError(
            "weights apply to a reduction: pass reduce='mean' or reduce='sum' with weights="
        )
    if how not in (None, "mean", "sum"):
        raise InvalidOptionError(f"reduce must be None, 'mean' or 'sum' (got {how!r})")
    scores = _map_scores(func, arrays, options, category_axis)
    return scores if how is None else _reduce_lazily(scores, how, weights)


def _map_scores(
    func: Callable[..., Any],
    arrays: tuple[Any, ...],
    options: dict[str, Any],
    category_axis: bool,
) -> Any:
    import importlib

    import numpy as np

    da: Any = importlib.import_module("dask.array")  # untyped; an optional extra

    dargs = [da.asarray(a) for a in arrays]
    for name, a in zip(names_of(func, len(arrays)), dargs, strict=True):
        if any(math.isnan(c) for dim in a.chunks for c in dim):
            raise ShapeError(
                f"{name} is a Dask array with unknown chunk sizes (after boolean indexing, for "
                "example); call its .compute_chunk_sizes() first"
            )
    if category_axis:
        first = dargs[0]
        axis = options.get("axis", -1)
        if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
            raise InvalidOptionError(f"axis must be an integer (got {axis!r})")
        if not -first.ndim <= axis < first.ndim:
            raise ShapeError(
                f"axis {axis} is out of range for an array with {first.ndim} dimension(s)"
            )
        first = da.moveaxis(first, int(axis), -1)
        shape = _broadcast(first.shape[:-1], [o.shape for o in dargs[1:]])
        first = da.broadcast_to(first, (*shape, first.shape[-1])).rechunk({len(shape): -1})
        # A trailing length-1 axis lines the outcomes up with the rows, not the categories.
        others = [
            da.broadcast_to(o, shape).rechunk(first.chunks[:-1])[..., np.newaxis] for o in dargs[1:]
        ]
        return da.map_blocks(
            _located(func, {**options, "axis": -1}, squeeze_others=True),
            first,
            *others,
            dtype=np.float64,
            drop_axis=len(shape),
            meta=np.array((), dtype=np.float64),
        )
    shape = _broadcast(dargs[0].shape, [a.shape for a in dargs[1:]])
    dargs = [da.broadcast_to(a, shape) for a in dargs]
    dargs = [a.rechunk(dargs[0].chunks) for a in dargs]
    return da.map_blocks(
        _located(func, options), *dargs, dtype=np.float64, meta=np.array((), dtype=np.float64)
    )


def _reduce_lazily(scores: Any, how: str, weights: Any) -> Any:
    """The (weighted) mean or sum of lazy scores, itself lazy (a 0-d Dask array); weights
    are checked block by block when it is computed."""
    import importlib

    import numpy as np

    da: Any = importlib.import_module("dask.array")
    if weights is None:
        return scores.mean() if how == "mean" else scores.sum()
    w = da.asarray(weights)
    if w.dtype.kind == "b":  # a type, refused at once, as on the numpy path
        raise ForecastTypeError(
            "weights is a boolean; weights must be real numbers >= 0 (to keep some scores, "
            "pass mask.astype(float) or index the inputs)"
        )
    try:
        target = np.broadcast_shapes(w.shape, scores.shape)
    except ValueError:
        target = None
    if target != tuple(scores.shape):
        raise ShapeError(
            f"weights of shape {w.shape} do not broadcast to the scores' shape {scores.shape}"
        )
    w = da.broadcast_to(w, scores.shape).rechunk(scores.chunks)
    w = da.map_blocks(_checked_weights, w, dtype=np.float64, meta=np.array((), np.float64))
    total = da.where(w != 0.0, w * scores, 0.0).sum()
    if how == "sum":
        return total
    return da.map_blocks(_ratio, total, w.sum(), dtype=np.float64, meta=np.array((), np.float64))


def _ratio(total: Any, weight: Any) -> Any:
    """The weighted mean ``total / weight`` of a computed graph; a total weight of 0 is an
    error, as on the numpy path (not a NaN and a warning)."""
    import numpy as np

    if not float(weight) > 0.0:
        raise InvalidOptionError(
            "reduce='mean' of scores whose weights sum to 0: the mean is undefined (use "
            "reduce='sum', whose value for no scores is 0.0)"
        )
    return np.asarray(np.float64(total) / np.float64(weight))


def _checked_weights(w: Any, block_info: dict[Any, Any] | None = None) -> Any:
    import numpy as np

    w = np.asarray(w, dtype=np.float64)
    ok = np.isfinite(w) & (w >= 0.0)
    if not ok.all():
        i = int(np.flatnonzero(~ok.reshape(-1))[0])
        where = np.unravel_index(i, w.shape)
        if block_info and None in block_info and block_info[None].get("array-location"):
            loc = block_info[None]["array-location"]
            where = tuple(int(j) + begin for j, (begin, _) in zip(where, loc, strict=True))
        at = "[" + ", ".join(str(int(j)) for j in where) + "]" if w.ndim else ""
        raise InvalidOptionError(
            f"weights{at} = {float(w.reshape(-1)[i])!r} is not a weight (a finite real number >= 0)"
        )
    return w


def _foreign(
    func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], names: list[str]
) -> Any:
    """A score of arrays from another library: its Array API implementation when there is
    one (``rules._xp``), else the numpy function on host copies, with the result copied back
    into the library of the inputs."""
    import importlib

    import numpy as np

    impls: Any = importlib.import_module(XP_MODULE)
    impl = getattr(impls, func.__name__, None)
    if impl is not None:
        try:
            # A library computing with numpy underneath (array-api-strict) would warn where
            # a where() computes the branch it does not pick (log(0) beside log1p(-0)) or a
            # point mass overflows; the scores handle those values, as the numpy path does.
            with np.errstate(all="ignore"):
                return impl(*args, **kwargs)
        except impls.Unsupported:
            pass
    given = [*args[: len(names)], *(kwargs[n] for n in names if n in kwargs)]
    foreign = [a for a in given if is_foreign(a)]
    xp = array_namespace(*foreign)
    host_args = [to_numpy(a) if is_foreign(a) else a for a in args]
    host_kwargs = {k: to_numpy(v) if is_foreign(v) else v for k, v in kwargs.items()}
    result = func(*host_args, **host_kwargs)
    return _back(xp, result, foreign[0])


def _back(xp: Any, result: Any, like: Any) -> Any:
    import numpy as np

    if not isinstance(result, (np.ndarray, np.generic)):
        return result  # a result object (such as WISParts) stays on the host
    host = np.asarray(result)
    device = getattr(like, "device", None)
    if device is not None and not callable(device):
        try:
            return xp.asarray(host, device=device)
        except (TypeError, ValueError):
            pass
    return xp.asarray(host)


def names_of(func: Callable[..., Any], n: int) -> list[str]:
    """The names of a function's first ``n`` parameters."""
    return list(inspect.signature(func).parameters)[:n]


def _broadcast(first: tuple[int, ...], others: list[tuple[int, ...]]) -> tuple[int, ...]:
    import numpy as np

    try:
        return tuple(np.broadcast_shapes(first, *others))
    except ValueError:
        shapes = ", ".join(str(s) for s in [first, *others])
        raise ShapeError(f"arrays of shapes {shapes} do not broadcast together") from None


def _located(
    func: Callable[..., Any],
    options: dict[str, Any],
    *,
    squeeze_others: bool = False,
) -> Callable[..., Any]:
    def block(*blocks: Any, block_info: dict[Any, Any] | None = None) -> Any:
        if squeeze_others:
            blocks = (blocks[0], *(b[..., 0] for b in blocks[1:]))
        try:
            return func(*blocks, **options)
        except ForecastScoreError as exc:
            where = ""
            if block_info and None in block_info:
                loc = block_info[None].get("array-location")
                if loc:
                    start = tuple(begin for begin, _ in loc)
                    where = f" (in the Dask block starting at index {start})"
            raise type(exc)(f"{exc}{where}") from exc

    return block
