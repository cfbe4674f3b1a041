"""What the comparisons share: the :class:`Comparison` result, the array aliases, the
bounds on resampling, and turning labels into codes. Nothing here runs a test.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .._records import OneRow, short_float
from ..errors import (
    ForecastTypeError,
)

FloatArray = npt.NDArray[np.float64]


IntArray = npt.NDArray[np.intp]


_METHODS = ("bootstrap", "permutation", "diebold-mariano")


# Elements per resampling chunk: bounds memory at a few tens of MB whatever the sizes.
_CHUNK = 1 << 20


# Exact enumeration of sign patterns up to this many clusters (2**16 patterns).
_MAX_EXACT = 16


# The most resamples or random sign patterns: bounds the memory of the statistics kept for
# the quantiles (8 MB each) and gives p-values to 1e-6, far finer than any sample supports.
_MAX_RESAMPLES = 1_000_000


# Score differences whose largest size lies outside [2**-_SCALE_RANGE, 2**_SCALE_RANGE] are
# scaled by a power of two (exactly) before any sum, square or product is formed.
_SCALE_RANGE = 256


@attrs.frozen
class Comparison(OneRow):
    r"""A paired comparison of two forecasters' scores on the same cases.

    Attributes
    ----------
    mean_a, mean_b : float
        Mean score of each forecaster over the common cases (losses: lower is better).
    mean_difference : float
        ``mean_a - mean_b``: negative when the first forecaster scored better.
    ci_low, ci_high : float or None
        Confidence interval for the mean difference, or ``None`` when the method cannot give
        a meaningful one with this little data (``note`` says why).
    p_value : float or None
        Two-sided p-value for "no difference", or ``None`` (see ``note``).
    confidence : float
        Level of the interval.
    method : str
        How the interval and p-value were made, in words.
    n : int
        Number of paired cases.
    n_clusters : int
        Number of independent units resampled or permuted (questions when clustered, else
        cases).
    note : str
        Empty, or why an interval or p-value is missing or should be read with care.

    Examples
    --------
    Forecaster A beat B on each of three cases; with so few cases an exact test cannot reject
    "no difference", and the result says so rather than print a misleading interval:

    >>> from forecastscore.compare import compare
    >>> c = compare([0.04, 0.09, 0.01], [0.25, 0.36, 0.09], method="permutation")
    >>> round(c.mean_a, 4), round(c.mean_b, 4)          # 0.14 / 3 and 0.70 / 3
    (0.0467, 0.2333)
    >>> round(c.mean_difference, 4)                     # negative: A's losses were lower
    -0.1867
    >>> c.p_value                   # 2 of the 2**3 sign patterns are as extreme
    0.25
    >>> c.ci_low is None, c.n, c.n_clusters
    (True, 3, 3)
    >>> print(c.note)
    with 3 cases the sign-flip test cannot reject any difference at level 0.05 (smallest
    possible p-value 0.25), so no bounded 95% interval exists; the p-value is exact
    """

    mean_a: float
    mean_b: float
    mean_difference: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    confidence: float
    method: str
    n: int
    n_clusters: int
    note: str = ""

    def __repr__(self) -> str:
        interval = (
            "None"
            if self.ci_low is None or self.ci_high is None
            else f"[{short_float(self.ci_low)}, {short_float(self.ci_high)}]"
        )
        p = "None" if self.p_value is None else short_float(self.p_value)
        how = self.method.split(" (")[0].split(":")[0]
        if self.method.endswith(": not run"):
            how += ": not run"
        return (
            f"Comparison(mean_difference={short_float(self.mean_difference)}, ci={interval}, "
            f"p_value={p}, n={self.n}, n_clusters={self.n_clusters}, method={how!r})"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict holding every field (a single row; a missing interval or p-value is
        ``None``), so that comparisons stack into a table.

        Examples
        --------
        >>> from forecastscore.compare import compare
        >>> r = compare([0.1, 0.2, 0.3], [0.2, 0.2, 0.5], method="permutation").to_records()
        >>> r[0]["p_value"], r[0]["ci_low"], r[0]["n"]
        (0.5, None, 3)
        """
        return [attrs.asdict(self)]


def _factorize(labels: npt.NDArray[Any], name: str) -> tuple[npt.NDArray[Any], IntArray]:
    try:
        uniq, inv = np.unique(labels, return_inverse=True)
    except TypeError:
        raise ForecastTypeError(
            f"{name} labels must be of one sortable type (e.g. all strings or all integers)"
        ) from None
    return uniq, inv.reshape(-1).astype(np.intp)


def _count(g: int, unit: str) -> str:
    """``"1 case"``, ``"3 cases"``: a count with its unit, singular when it is one."""
    return f"{g} {unit[:-1] if g == 1 else unit}"
