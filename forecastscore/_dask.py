"""Dask arrays in the score functions: the same validation and formulas, block by block.

What lives here: a decorator that lets a public score function take Dask arrays. When any of
its array arguments is a Dask array, the function is mapped over the blocks with
``dask.array.map_blocks``, so each block is validated and scored by the very same numpy code,
lazily, by whatever scheduler the caller runs (threads, processes or a distributed cluster).
The result is a lazy Dask array; nothing is computed until the caller asks.

What does not: any formula, and any import of dask at module level (dask is an optional
extra, imported only once a Dask array has been seen). This module imports only ``errors``.

Errors found inside a block are raised when the result is computed; their message gives the
block's offset in the whole array as well as the position inside the block.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

from .errors import ForecastScoreError, InvalidOptionError, ShapeError

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
            if not any(is_dask_array(a) for a in args[:n_arrays]) and not any(
                is_dask_array(kwargs.get(n)) for n in names
            ):
                return func(*args, **kwargs)
            bound = inspect.signature(func).bind(*args, **kwargs)
            arrays = tuple(bound.arguments[n] for n in names)
            options = {k: v for k, v in bound.arguments.items() if k not in names}
            return _map_blocks(func, arrays, options, category_axis)

        return cast(F, wrapper)

    return decorate


def _map_blocks(
    func: Callable[..., Any],
    arrays: tuple[Any, ...],
    options: dict[str, Any],
    category_axis: bool,
) -> Any:
    import importlib

    import numpy as np

    da: Any = importlib.import_module("dask.array")  # untyped; an optional extra

    if options.get("nan_policy") == "omit":
        raise InvalidOptionError(
            "nan_policy='omit' is not supported for Dask arrays (the result's length would be "
            "unknown until computed); use nan_policy='propagate' and a NaN-aware reduction "
            "such as dask.array.nanmean"
        )
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
