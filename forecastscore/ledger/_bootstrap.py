r"""The question-clustered bootstrap and its normal limit: intervals for means that resample
whole questions (coupled draws for small groups, per-size draws for large ones). Pure
arrays: nothing here knows of ledgers or tables.

A cell (a group's question) brings a score sum :math:`S_j` and a count :math:`N_j`; with
sample weights they are the weighted score sum and the weight sum, and every mean here is
the same ratio :math:`\sum_j c_j S_j / \sum_j c_j N_j`, so the weighted summaries use these
functions unchanged (the normal interval is then the clustered variance of the ratio).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from .._blas import one_blas_thread
from ._columns import FloatArray, I64Array, IntArray


def _normal(
    cell_group: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_groups: int,
    confidence: float,
    n_resamples: int,
    seed: int | None,
) -> tuple[FloatArray, FloatArray]:
    r"""Normal interval with the question-clustered standard error (the large-sample limit
    of the clustered bootstrap, with the small-sample factor :math:`m / (m - 1)`):

    .. math::

        \hat r = \frac{\sum_j S_j}{\sum_j N_j}, \qquad
        \widehat{\mathrm{se}}^2 = \frac{m}{m - 1}
            \frac{\sum_j (S_j - \hat r N_j)^2}{(\sum_j N_j)^2}.
    """
    m = np.bincount(cell_group, minlength=n_groups).astype(np.float64)
    total_s = np.bincount(cell_group, weights=cell_sum, minlength=n_groups)
    total_n = np.bincount(cell_group, weights=cell_n, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = total_s / total_n
        resid = cell_sum - r[cell_group] * cell_n
        ss = np.bincount(cell_group, weights=resid * resid, minlength=n_groups)
        se = np.sqrt(m / (m - 1.0) * ss) / total_n
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2.0)
    return r - z * se, r + z * se


#: Most bootstrap replicates a summary takes (``n_resamples``): the means of a few groups
#: at a time are held in memory, ``8 * n_resamples`` bytes each, and a percentile interval is
#: no more exact than its questions allow long before this many.
MAX_RESAMPLES = 10**6

#: Replicates of the coupled resampler processed together, and the sizes (questions per
#: group) it serves: fixed numbers, so that a group's interval never depends on the others.
#: Growing the resample costs about four random draws per replicate and question up to the
#: largest size served, which pays when there are many distinct sizes (many forecasters)
#: and not for a few large groups (lead-time bins), hence the cap.
_BOOT_CHUNK = 250
_BOOT_STEP = 32
_BOOT_COUPLED_MAX = 1 << 12


def _bump(flat: FloatArray, index: I64Array, by: float) -> None:
    """``flat[index] += by`` with repeated indices counted (``add.at`` is several times
    faster with an array of the same dtype than with a scalar)."""
    np.add.at(flat, index, np.full(len(index), by))


def _geometric(rng: np.random.Generator, p: float, shape: tuple[int, int]) -> I64Array:
    """Bernoulli(p) trials up to and including the first success, by inversion."""
    if p >= 1.0:
        return np.ones(shape, dtype=np.int64)
    u = rng.random(shape)
    out: I64Array = (np.floor(np.log1p(-u) / math.log1p(-p)) + 1).astype(np.int64)
    return out


def _grow(
    rng: np.random.Generator, draws: npt.NDArray[np.int32], flat: FloatArray, m: int, m2: int
) -> tuple[I64Array, I64Array, I64Array, I64Array, npt.NDArray[np.int32]]:
    r"""Turn each replicate's ``m`` iid uniform draws over cells ``0..m-1`` into ``m2`` iid
    uniform draws over ``0..m2-1``, in place, touching about ``2 (m2 - m)`` draws.

    ``draws[k, r]`` is the cell of draw ``k`` of replicate ``r``; ``flat`` the counts per
    (cell, replicate), flattened. Each old draw moves, with probability
    :math:`(m_2 - m) / m_2`, to a cell uniform over ``m..m2-1`` (it is then uniform over
    ``0..m2-1``: :math:`\frac{m}{m_2}\frac1m = \frac{m_2 - m}{m_2}\frac{1}{m_2 - m} =
    \frac{1}{m_2}`), and ``m2 - m`` new draws are uniform over ``0..m2-1``. Returns what
    :func:`_shrink` needs to undo it.
    """
    n_rep = draws.shape[1]
    d = m2 - m
    removed = np.empty(0, np.int64)
    pos_k = np.empty(0, np.int64)
    pos_r = np.empty(0, np.int64)
    old = np.empty(0, np.int32)
    added = []
    if m > 0:
        p = d / m2
        # The moved draws of each replicate: a Bernoulli(p) process over positions 0..m-1,
        # as cumulative geometric gaps (drawn until every replicate has passed m).
        g = int(m * p + 4.0 * math.sqrt(m * p) + 4)
        pos = np.cumsum(_geometric(rng, p, (g, n_rep)), axis=0) - 1
        while (pos[-1] < m).any():
            more = _geometric(rng, p, (g, n_rep))
            more[0] += pos[-1]
            pos = np.concatenate((pos, np.cumsum(more, axis=0)), axis=0)
        hit, pos_r = np.nonzero(pos < m)
        pos_k = pos[hit, pos_r]
        old = draws[pos_k, pos_r]
        new = (m + rng.integers(0, d, size=len(pos_r))).astype(np.int32)
        draws[pos_k, pos_r] = new
        removed = old.astype(np.int64) * n_rep + pos_r
        added.append(new.astype(np.int64) * n_rep + pos_r)
    fresh = rng.integers(0, m2, size=(d, n_rep), dtype=np.int32)
    draws[m:m2] = fresh
    added.append((fresh.astype(np.int64) * n_rep + np.arange(n_rep)).reshape(-1))
    add = np.concatenate(added)
    _bump(flat, removed, -1.0)
    _bump(flat, add, 1.0)
    return removed, add, pos_k, pos_r, old


def _shrink(
    draws: npt.NDArray[np.int32],
    flat: FloatArray,
    undo: tuple[I64Array, I64Array, I64Array, I64Array, npt.NDArray[np.int32]],
) -> None:
    removed, add, pos_k, pos_r, old = undo
    _bump(flat, removed, 1.0)
    _bump(flat, add, -1.0)
    draws[pos_k, pos_r] = old


def _coupled_means(
    jobs: list[tuple[int, IntArray]],
    start: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_resamples: int,
    entropy: int,
) -> FloatArray:
    r"""Replicate means, shape ``(groups, n_resamples)``, for ``jobs``: (size, groups of that
    size) in ascending size, by one multinomial resample per replicate grown from size to
    size.

    The resample is kept at the multiples of ``_BOOT_STEP`` (grown from one to the next by
    :func:`_grow`, with a stream seeded by the seed and the target size), grown from there
    to each size present and shrunk back: so the counts a group of :math:`m` questions gets
    depend only on the seed and :math:`m`, and are exactly
    :math:`\mathrm{Multinomial}(m; 1/m, \dots, 1/m)`. The random draws cost about four per
    replicate and question of the largest group, instead of one per replicate and question
    of every distinct size; what remains is one matrix product per size.
    """
    top = jobs[-1][0]
    rows = np.cumsum([0] + [len(sel) for _, sel in jobs])
    out = np.empty((int(rows[-1]), n_resamples))
    for c0 in range(0, n_resamples, _BOOT_CHUNK):
        n_rep = min(_BOOT_CHUNK, n_resamples - c0)
        chunk = c0 // _BOOT_CHUNK
        draws = np.zeros((top, n_rep), dtype=np.int32)
        counts = np.zeros((top, n_rep))
        flat = counts.reshape(-1)
        cur = 0
        for j, (size, sel) in enumerate(jobs):
            while cur + _BOOT_STEP <= size:
                seq = np.random.SeedSequence([entropy, chunk, 0, cur + _BOOT_STEP])
                _grow(np.random.default_rng(seq), draws, flat, cur, cur + _BOOT_STEP)
                cur += _BOOT_STEP
            undo = None
            if size > cur:
                seq = np.random.SeedSequence([entropy, chunk, 1, size])
                undo = _grow(np.random.default_rng(seq), draws, flat, cur, size)
            cells = start[sel][:, None] + np.arange(size)
            values, weights = cell_sum[cells], cell_n[cells]  # (groups, size)
            c = counts[:size]
            with one_blas_thread():
                num = values @ c
                block = num / size if (weights == 1).all() else num / (weights @ c)
            out[rows[j] : rows[j + 1], c0 : c0 + n_rep] = block
            if undo is not None:
                _shrink(draws, flat, undo)
    return out


def _bootstrap(
    cell_group: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_groups: int,
    confidence: float,
    n_resamples: int,
    seed: int | None,
) -> tuple[FloatArray, FloatArray]:
    r"""Percentile interval of each group's mean under resampling of its cells (questions).

    A resample of a group's :math:`m` cells is a vector of counts :math:`c \sim
    \mathrm{Multinomial}(m; 1/m, \dots, 1/m)`, and its mean is :math:`c \cdot S / c \cdot N`.
    Groups of up to ``_BOOT_COUPLED_MAX`` questions take their counts from
    :func:`_coupled_means`, larger ones from a count matrix drawn per size (from a stream
    seeded by ``seed`` and the size). Groups of the same size share their counts, so that
    one matrix product scores them all: each group's interval is exact in distribution and
    depends only on the seed, its size and its own cells (up to the rounding of the matrix
    product), while the intervals of different groups are not independent of each other
    (nothing here uses them jointly). Cells arrive sorted by group.
    """
    alpha = (1.0 - confidence) / 2.0
    lo = np.full(n_groups, math.nan)
    hi = np.full(n_groups, math.nan)
    entropy = np.random.SeedSequence(seed).entropy
    assert isinstance(entropy, int)
    for groups, means in _replicate_means(cell_group, cell_sum, cell_n, n_resamples, entropy):
        lo_q, hi_q = np.quantile(means, [alpha, 1.0 - alpha], axis=1)
        lo[groups] = lo_q
        hi[groups] = hi_q
    return lo, hi


def _replicate_means(
    cell_group: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_resamples: int,
    entropy: int,
) -> Iterator[tuple[IntArray, FloatArray]]:
    """Batches ``(groups, means)`` of the replicate means of :func:`_bootstrap`: ``means``
    has shape ``(len(groups), n_resamples)``; a batch holds at most about ``2**22 /
    n_resamples`` groups, so that memory stays bounded."""
    groups, start, m = np.unique(cell_group, return_index=True, return_counts=True)
    batch = max(1, (1 << 22) // n_resamples)  # groups per batch: bounds the memory of the means
    sizes = np.unique(m).tolist()
    # Coupled resamples for the usual sizes, in batches of at most `batch` groups.
    jobs: list[tuple[int, IntArray]] = []
    for size in (s for s in sizes if s <= _BOOT_COUPLED_MAX):
        members = np.flatnonzero(m == size)
        for g0 in range(0, len(members), batch):
            jobs.append((size, members[g0 : g0 + batch]))
    j = 0
    while j < len(jobs):
        k, n_taken = j + 1, len(jobs[j][1])
        while k < len(jobs) and n_taken + len(jobs[k][1]) <= batch:
            n_taken += len(jobs[k][1])
            k += 1
        taken, j = jobs[j:k], k
        means = _coupled_means(taken, start, cell_sum, cell_n, n_resamples, entropy)
        sel = np.concatenate([s for _, s in taken])
        yield groups[sel], means
    # Larger groups (rare): one count matrix per size, shared by the groups of that size.
    for size in (s for s in sizes if s > _BOOT_COUPLED_MAX):
        members = np.flatnonzero(m == size)
        chunk = max(1, min(n_resamples, (1 << 21) // size))  # replicates per count matrix
        for g0 in range(0, len(members), batch):
            sel = members[g0 : g0 + batch]
            cells = start[sel][:, None] + np.arange(size)
            values = cell_sum[cells].T  # (size, groups)
            weights = cell_n[cells].T
            ones = bool((weights == 1).all())
            rng = np.random.default_rng(np.random.SeedSequence([entropy, size]))
            means = np.empty((n_resamples, len(sel)))
            for b0 in range(0, n_resamples, chunk):
                b = min(chunk, n_resamples - b0)
                draws = rng.integers(0, size, size=(b, size))
                draws += (np.arange(b) * size)[:, None]
                counts = np.bincount(draws.reshape(-1), minlength=b * size)
                c = counts.reshape(b, size).astype(np.float64)
                with one_blas_thread():
                    num = c @ values
                    means[b0 : b0 + b] = num / size if ones else num / (c @ weights)
            yield groups[sel], means.T


def _stratified_bootstrap(
    cell_group: IntArray,
    cell_stratum: IntArray,
    cell_sum: FloatArray,
    cell_n: FloatArray,
    n_groups: int,
    confidence: float,
    n_resamples: int,
    seed: int | None,
) -> tuple[FloatArray, FloatArray]:
    r"""Percentile interval of each group's stratified mean: the unweighted mean, over the
    strata the group has, of its per-stratum means :math:`\sum_j S_j / \sum_j N_j`.

    Each replicate resamples the group's questions within each stratum (as many as it has
    there, with replacement), the strata independently of each other: stratum :math:`k`
    draws from a stream seeded by the seed and :math:`k`, so that two strata of the same
    size never share their counts. Cells arrive sorted by group.
    """
    alpha = (1.0 - confidence) / 2.0
    lo = np.full(n_groups, math.nan)
    hi = np.full(n_groups, math.nan)
    root = np.random.SeedSequence(seed)
    n_strata = int(cell_stratum.max(initial=-1)) + 1
    has = np.zeros((n_groups, n_strata), dtype=bool)
    has[cell_group, cell_stratum] = True
    k_of = has.sum(axis=1)
    batch = max(1, (1 << 22) // n_resamples)
    present = np.flatnonzero(k_of > 0)
    for g0 in range(0, len(present), batch):
        chosen = present[g0 : g0 + batch]
        slot = np.full(n_groups, -1, dtype=np.intp)
        slot[chosen] = np.arange(len(chosen))
        acc = np.zeros((len(chosen), n_resamples))
        in_batch = slot[cell_group] >= 0
        for k in range(n_strata):
            sel = np.flatnonzero(in_batch & (cell_stratum == k))
            if not sel.size:
                continue
            stream = np.random.SeedSequence(root.entropy, spawn_key=(k,))
            entropy = int.from_bytes(stream.generate_state(4).tobytes(), "little")
            for groups, means in _replicate_means(
                cell_group[sel], cell_sum[sel], cell_n[sel], n_resamples, entropy
            ):
                acc[slot[groups]] += means
        means = acc / k_of[chosen][:, None]
        lo_q, hi_q = np.quantile(means, [alpha, 1.0 - alpha], axis=1)
        lo[chosen] = lo_q
        hi[chosen] = hi_q
    return lo, hi


#: Entries (questions times replicates) of one count matrix of :func:`joint_means`.
_JOINT_CELLS = 1 << 22


def joint_means(
    cell_f: IntArray,
    cell_q: IntArray,
    cell_value: FloatArray,
    n_forecasters: int,
    q_stratum: IntArray,
    n_resamples: int,
    seed: int | None,
) -> FloatArray:
    r"""Replicate means of every forecaster under one shared resample of the questions per
    replicate, shape ``(n_forecasters, n_resamples)``.

    Each replicate draws, within each stratum of :math:`m_k` questions, :math:`m_k`
    questions uniformly with replacement (counts :math:`c_j`), the same draw for every
    forecaster, so that replicates compare forecasters on the same questions (what ranks,
    P(first) and paired differences need). Forecaster :math:`f`'s replicate mean is the
    unweighted mean, over the strata it has cells in, of

    .. math::

        \frac{\sum_{j \in k} c_j v_{f j}}{\sum_{j \in k} c_j [f \text{ scored } j]},

    NaN where a replicate drew none of its questions of a stratum. Questions are codes
    ``0..len(q_stratum)-1`` (every one with a cell), one cell per (forecaster, question).

    The sums are sparse-times-dense products (scipy's own loops, one thread: no BLAS, so
    the time does not depend on how busy the machine is), on count matrices of at most
    :data:`_JOINT_CELLS` entries built with ``bincount``; the denominators are skipped for
    a stratum where every forecaster in it scored all of its questions.
    """
    import scipy.sparse as sparse

    nq = len(q_stratum)
    order = np.argsort(q_stratum, kind="stable")  # questions sorted by stratum
    pos = np.empty(nq, dtype=np.intp)
    pos[order] = np.arange(nq)
    k_sorted = q_stratum[order]
    strata, k_start, k_size = np.unique(k_sorted, return_index=True, return_counts=True)
    col = pos[cell_q]
    values = sparse.csc_matrix((cell_value, (cell_f, col)), shape=(n_forecasters, nq))
    present = sparse.csc_matrix((np.ones(len(cell_f)), (cell_f, col)), shape=(n_forecasters, nq))
    cell_k = np.searchsorted(strata, k_sorted[col])
    has = np.zeros((n_forecasters, len(strata)), dtype=bool)
    has[cell_f, cell_k] = True
    n_fk = np.zeros((n_forecasters, len(strata)))
    np.add.at(n_fk, (cell_f, cell_k), 1.0)
    complete = [bool((n_fk[has[:, k], k] == k_size[k]).all()) for k in range(len(strata))]
    k_of = has.sum(axis=1).astype(np.float64)
    blocks = [
        (int(a), int(a + m), values[:, int(a) : int(a + m)], present[:, int(a) : int(a + m)])
        for a, m in zip(k_start, k_size, strict=True)
    ]
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    out = np.empty((n_forecasters, n_resamples))
    chunk = max(1, min(n_resamples, _JOINT_CELLS // max(nq, 1)))
    for b0 in range(0, n_resamples, chunk):
        nb = min(chunk, n_resamples - b0)
        acc = np.zeros((n_forecasters, nb))
        for k, (a, e, v_k, p_k) in enumerate(blocks):
            # m_k draws over the stratum's m_k questions per replicate, as counts.
            m = e - a
            draw = rng.integers(0, m, size=(m, nb))
            flat = draw * nb + np.arange(nb)
            c = np.bincount(flat.reshape(-1), minlength=m * nb).reshape(m, nb).astype(np.float64)
            with one_blas_thread():
                num = v_k @ c
                den = None if complete[k] else p_k @ c
            with np.errstate(invalid="ignore", divide="ignore"):
                mean_k = num / float(m) if den is None else num / den
            acc += np.where(has[:, k : k + 1], mean_k, 0.0)
        out[:, b0 : b0 + nb] = acc / k_of[:, None]
    return out
