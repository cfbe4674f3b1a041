"""One BLAS thread for the bootstrap's many small matrix products.

What lives here: a context manager that asks the OpenBLAS library bundled with numpy to use one
thread, and restores its setting after. What does not: any arithmetic.

Why: a question bootstrap is thousands of small matrix products. A multithreaded BLAS splits
each of them across the cores, and when another process keeps a core busy every product waits
for it: a per-forecaster bootstrap that takes 0.6 s on one thread took 1.5 to 11 s on two with
the other core loaded. One thread is as fast on a quiet machine and does not slow down on a busy
one. Where numpy's BLAS is not the bundled OpenBLAS (a conda build with MKL, Accelerate), the
library is not found and nothing changes. The setting is process-wide while it holds: other
threads of the same process doing linear algebra meanwhile also get one BLAS thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import glob
import os
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

# (get, set) symbol names of the OpenBLAS builds numpy wheels bundle, newest first.
_SYMBOLS = (
    ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
    ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
    ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
    ("openblas_get_num_threads", "openblas_set_num_threads"),
)


@functools.cache
def _controls() -> tuple[Callable[[], Any], Callable[[int], Any]] | None:
    """The get and set functions of numpy's bundled OpenBLAS, or ``None``."""
    folder = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    for path in sorted(glob.glob(os.path.join(folder, "*openblas*"))):
        try:
            lib = ctypes.CDLL(path)  # already loaded by numpy: the same library, not a copy
        except OSError:
            continue
        for get, set_ in _SYMBOLS:
            if hasattr(lib, get) and hasattr(lib, set_):
                return getattr(lib, get), getattr(lib, set_)
    return None


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with one BLAS thread, then restore the thread count."""
    controls = _controls()
    if controls is None:
        yield
        return
    get, set_ = controls
    before = int(get())
    set_(1)
    try:
        yield
    finally:
        set_(before)
