"""Arrays from any library: which Array API namespace an argument belongs to, and the few
things every score needs from it (a boolean brought to the host, a copy on the host when a
position must be reported, the reductions ``reduce=`` and ``weights=``).

What lives here: the namespace lookup (an array's own ``__array_namespace__()``, else
``array_api_compat`` when installed, else a :class:`~forecastscore.errors.ForecastTypeError`
that says ``pip install forecastscore[array]``), the test for an array that is neither numpy
nor Dask (a *foreign* array, scored by ``rules._xp``), and the reduction of elementwise
scores to a mean or a sum, written once for numpy and every other namespace.

What does not: any formula (``_kernels``, ``rules._xp``) and any import of an optional
library at module level: ``array_api_compat`` is imported only when a foreign array without
``__array_namespace__`` is seen. This module imports only ``errors``.
"""

from __future__ import annotations

import importlib
import numbers
from typing import Any

import numpy as np

from .errors import ForecastTypeError, InvalidOptionError


def is_foreign(x: Any) -> bool:
    """True for an array of another library than numpy and Dask (JAX, PyTorch, CuPy,
    array-api-strict, ...): something with a shape and a dtype that is not a numpy array,
    a numpy scalar, a Python number or sequence, a pandas or xarray object (which numpy
    converts) or a Dask array (``_dask`` maps it block by block)."""
    if x is None or isinstance(x, (np.ndarray, np.generic, numbers.Number, list, tuple, str)):
        return False
    root = type(x).__module__.split(".")[0]
    if root in ("numpy", "dask", "pandas", "xarray", "builtins"):
        return False
    return hasattr(x, "__array_namespace__") or (
        hasattr(x, "shape") and hasattr(x, "dtype") and hasattr(x, "__dlpack__")
    )


def array_namespace(*arrays: Any) -> Any:
    """The Array API namespace of the foreign arrays among ``arrays`` (Python numbers and
    ``None`` are skipped); a :class:`ForecastTypeError` if they come from different
    libraries or if no namespace can be found."""
    found: list[Any] = []
    for a in arrays:
        if a is None or isinstance(a, (numbers.Number, np.generic)):
            continue
        has = hasattr(a, "__array_namespace__")
        xp = a.__array_namespace__() if has else _compat_namespace(a)
        if all(xp is not f for f in found):
            found.append(xp)
    if not found:
        raise ForecastTypeError("no array of a known Array API library was given")
    if len(found) > 1:
        names = ", ".join(sorted({getattr(f, "__name__", repr(f)) for f in found}))
        raise ForecastTypeError(
            f"the arrays come from different libraries ({names}); convert them to one first"
        )
    return found[0]


def _compat_namespace(a: Any) -> Any:
    try:
        compat: Any = importlib.import_module("array_api_compat")
    except ImportError:
        raise ForecastTypeError(
            f"an array of type {type(a).__module__}.{type(a).__name__} has no "
            "__array_namespace__; to score it, install array-api-compat: "
            "pip install forecastscore[array]"
        ) from None
    try:
        return compat.array_namespace(a)
    except TypeError:
        raise ForecastTypeError(
            f"{type(a).__module__}.{type(a).__name__} is not an array of a library that "
            "array-api-compat knows"
        ) from None


def to_numpy(x: Any) -> Any:
    """A numpy copy of a foreign array on the host (through DLPack, else ``__array__``);
    Python numbers and numpy arrays pass through."""
    if x is None or isinstance(x, (numbers.Number, np.ndarray, np.generic, list, tuple)):
        return x
    try:
        return np.from_dlpack(x)
    except (TypeError, RuntimeError, BufferError, AttributeError, ValueError):
        pass
    try:
        compat: Any = importlib.import_module("array_api_compat")
        return np.asarray(compat.to_device(x, "cpu"))
    except (ImportError, TypeError, ValueError, AttributeError, RuntimeError):
        return np.asarray(x)


def host_bool(flag: Any) -> bool:
    """One boolean of a (0-d) device array, brought to the host: the only synchronisation the
    validation of a foreign array needs. Under a tracing compiler (``jax.jit``) there is no
    value to bring, and the error says to pass ``check=False``."""
    try:
        return bool(flag)
    except Exception as exc:  # jax's ConcretizationTypeError, torch.compile's graph break
        if "Tracer" in type(exc).__name__ or "Concretization" in type(exc).__name__:
            raise InvalidOptionError(
                "the inputs are being traced (inside jax.jit or a similar compiler), where "
                "values cannot be checked; pass check=False and validate outside the "
                "compiled function"
            ) from None
        raise


def reduce_scores(xp: Any, scores: Any, reduce: str | None, weights: Any) -> Any:
    """The mean or the sum of ``scores`` (weighted: ``sum(w s) / sum(w)`` and ``sum(w s)``),
    in the namespace ``xp``; ``scores`` unchanged when ``reduce`` is ``None``. The weights
    were checked and broadcast to the scores' shape by the caller."""
    if reduce is None:
        return scores
    if weights is None:
        return xp.mean(scores) if reduce == "mean" else xp.sum(scores)
    total = xp.sum(weights * scores)
    if reduce == "sum":
        return total
    return total / xp.sum(weights)
