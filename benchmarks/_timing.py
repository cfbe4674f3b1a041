"""The one timing helper the benchmark scripts share (run them as ``python benchmarks/x.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeats: int = 5, *, warmup: bool = False) -> float:
    """The best wall time of ``repeats`` calls of ``fn``, after one untimed call if ``warmup``
    (lazy imports and caches are then not what is measured)."""
    if warmup:
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
