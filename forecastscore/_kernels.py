"""The formulas, on clean arrays and nothing else.

Every function here assumes its inputs were validated (probabilities in [0, 1], outcomes
0/1 or valid indices, shapes that broadcast) and returns losses: lower is better. Each body is
meant to be checked against its formula by eye. This module imports only numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def brier(p: FloatArray, y: npt.NDArray[Any]) -> FloatArray:
    """Binary Brier score ``(p - y)**2``."""
    d = np.subtract(p, y, dtype=np.float64)
    return np.square(d, out=d) if isinstance(d, np.ndarray) else np.square(d)


def prob_of_outcome(p: FloatArray, y: npt.NDArray[Any]) -> FloatArray:
    """The probability given to what happened: ``p`` if ``y`` else ``1 - p``."""
    return np.where(y, p, 1.0 - p)


def log_loss(p_outcome: FloatArray, base: float | None) -> FloatArray:
    """Log score ``-log(p_outcome)`` in nats, or in units of ``base``; ``inf`` where 0."""
    with np.errstate(divide="ignore"):
        s = np.negative(np.log(p_outcome))
    if base is not None:
        s = s / np.log(base)
    return s


def spherical(p: FloatArray, y: npt.NDArray[Any]) -> FloatArray:
    """Binary spherical loss ``1 - p_y / sqrt(p**2 + (1 - p)**2)``."""
    q = 1.0 - p
    return 1.0 - np.where(y, p, q) / np.sqrt(p * p + q * q)


def take_outcome(p: FloatArray, k: npt.NDArray[np.intp]) -> FloatArray:
    """``p[..., k]`` row by row: the probability of the category that happened."""
    return np.take_along_axis(p, k[..., np.newaxis], axis=-1)[..., 0]


def categorical_brier(p: FloatArray, k: npt.NDArray[np.intp]) -> FloatArray:
    """Categorical Brier ``sum_j (p_j - [j == k])**2``, in 0..2."""
    onehot = np.arange(p.shape[-1]) == k[..., np.newaxis]
    d = p - onehot
    return np.einsum("...j,...j->...", d, d)


def categorical_spherical(p: FloatArray, k: npt.NDArray[np.intp]) -> FloatArray:
    """Categorical spherical loss ``1 - p_k / ||p||_2``."""
    norm = np.sqrt(np.einsum("...j,...j->...", p, p))
    return 1.0 - take_outcome(p, k) / norm
