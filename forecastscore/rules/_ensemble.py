"""The ensemble CRPS over many rows, in blocks: the engine behind ``crps_ensemble``.

What lives here: the loop over blocks of rows that sorts each block (numpy's sort) and hands
it to the formula, so that the whole job holds the input, the output and one block of
temporaries (not three copies of the input); and the optional compiled engine
(``engine="numba"``), a loop that takes each sorted row once instead of numpy's three
passes. Numba is imported only when that engine is asked for.

What does not: validation (``crps_ensemble`` in ``_quantities``) and the formula itself,
which is ``_kernels.crps_sorted_ensemble`` for the numpy engine; the numba loop writes the
same sums (``mean |x_i - y| - sum_i (2i - m - 1) x_(i) / D`` measured from the row's middle
member) and is tested to agree with it.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _kernels
from ..errors import InvalidOptionError

_Float = npt.NDArray[np.float64]

#: The engines of ``crps_ensemble``.
ENGINES = ("numpy", "numba")

#: About this many members are sorted and scored at a time (a block of 1 MB: near the L2 cache).
_BLOCK_MEMBERS = 1 << 17


def check_engine(engine: Any) -> str:
    """Validate ``engine=``, and that numba is there when it is asked for."""
    if not (isinstance(engine, str) and engine in ENGINES):
        raise InvalidOptionError(f"engine must be 'numpy' or 'numba' (got {engine!r})")
    if engine == "numba":
        try:
            importlib.import_module("numba")
        except ImportError:
            raise InvalidOptionError(
                "engine='numba' needs numba: pip install forecastscore[numba]"
            ) from None
    out: str = engine
    return out


def crps_ensemble_rows(x: _Float, y: _Float, fair: bool, engine: str) -> _Float:
    """The CRPS of each row of ``x`` (members on the last axis, unsorted) at ``y`` (which
    broadcasts with the rows), block by block; ``x`` is not modified."""
    m = x.shape[-1]
    rows_shape = x.shape[:-1]
    if not x.flags.c_contiguous or y.shape != rows_shape:
        # strided rows (another axis) or rows broadcast against the outcomes: sorted whole
        # (one copy of the input)
        return _score_sorted(np.sort(x, axis=-1), y, fair, engine)
    xf = x.reshape(-1, m)
    yf = y.reshape(-1)
    n = xf.shape[0]
    out = np.empty(n)
    step = max(1, _BLOCK_MEMBERS // max(m, 1))
    for start in range(0, n, step):
        stop = min(start + step, n)
        block = np.sort(xf[start:stop], axis=-1)
        out[start:stop] = _score_sorted(block, yf[start:stop], fair, engine)
    return out.reshape(rows_shape)


def _score_sorted(xs: _Float, y: _Float, fair: bool, engine: str) -> _Float:
    """The CRPS of sorted rows ``xs`` (overwritten) at ``y``. The weighted sum of the
    members reaches about ``max|x| m**2``: rows whose largest magnitude would overflow it
    (1e300 with 20,000 members) are scaled by a power of two first (exact; the CRPS is
    positively homogeneous) and the score scaled back."""
    m = xs.shape[-1]
    limit = 2.0**1000 / (float(m) * m)
    if xs.size:
        big = np.maximum(np.maximum(-xs[..., 0], xs[..., -1]), np.abs(y))
        # NaN and ordinary rows take one max() and no more
        if big.size and float(big.max()) > limit:
            # 2**(e - 1) for big = f 2**e: |x / scale| < 2, and finite up to the float range
            scale = np.where(big > limit, np.ldexp(1.0, np.frexp(big)[1] - 1), 1.0)
            xs = xs / scale[..., np.newaxis]
            return _score_rows(xs, y / scale, fair, engine) * scale
    return _score_rows(xs, y, fair, engine)


def _score_rows(xs: _Float, y: _Float, fair: bool, engine: str) -> _Float:
    if (
        engine == "numba"
        and xs.shape[:-1] == y.shape
        and float(np.maximum(-xs[..., 0], xs[..., -1]).max(initial=0.0)) <= _HUGE_NUMBA
        and float(np.abs(y).max(initial=0.0)) <= _HUGE_NUMBA
    ):
        m = xs.shape[-1]
        flat = xs.reshape(-1, m)
        out = np.empty(flat.shape[0])
        _numba_kernel()(flat, np.ascontiguousarray(y).reshape(-1), bool(fair), out)
        return out.reshape(xs.shape[:-1])
    return _kernels.crps_sorted_ensemble(xs, y, fair)


#: Above this the numba loop hands the block to the numpy kernel, which rescales rows.
_HUGE_NUMBA = 2.0**1000


@lru_cache(maxsize=1)
def _numba_kernel() -> Any:
    """Compile (once per process) the loop over sorted rows."""
    numba: Any = importlib.import_module("numba")

    @numba.njit(cache=False, nogil=True)  # type: ignore[untyped-decorator]
    def kernel(xs: Any, y: Any, fair: bool, out: Any) -> None:  # pragma: no cover - compiled
        n, m = xs.shape
        denom = m * (m - 1.0) if fair else float(m) * m
        mid = m // 2
        for r in range(n):
            c = xs[r, mid]
            yy = y[r] - c
            spread = 0.0
            mae = 0.0
            for j in range(m):
                v = xs[r, j] - c
                spread += (2.0 * j + 1.0 - m) * v
                mae += abs(v - yy)
            out[r] = mae / m - spread / denom

    return kernel
