r"""Track records beyond one machine: a ledger held as a Dask DataFrame partitioned by
question, scored and summarised partition by partition, reduced exactly.

What lives here: :class:`DaskLedger` (the frame and its columns), :meth:`DaskLedger.score`
and its :class:`DaskScoreTable`, :func:`time_averaged` and its
:class:`DaskTimeAveragedTable`, each with ``by_forecaster`` returning the one-machine
:class:`~forecastscore.ledger.Summary`. Each partition is a
:class:`~forecastscore.ledger.Ledger` scored by the one-machine code; what comes back is the
counts, per forecaster the exact sums of the scores, and per (forecaster, question) the sum
and count the question-clustered bootstrap needs, which then runs on the driver as on one
machine. What does not: the scores and the summaries themselves (``forecastscore.ledger``).

The rooms: ``_exact`` (exact sums per group, numpy only), ``_partition`` (one partition's
work), ``_combine`` (the driver's reduction), ``_tables`` (the Dask side).

This room needs Dask's DataFrame (``pip install 'forecastscore[dask]'``); importing it
without raises :class:`ImportError` saying so. ``import forecastscore`` never imports it.
"""

try:
    import dask.dataframe  # noqa: F401 (the room stands on it)
except ImportError as _exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "forecastscore.distributed needs dask's DataFrame, which is not installed: "
        "pip install 'forecastscore[dask]' (or 'dask[dataframe]')"
    ) from _exc

from ._tables import DaskLedger, DaskScoreTable, DaskTimeAveragedTable, time_averaged

__all__ = ["DaskLedger", "DaskScoreTable", "DaskTimeAveragedTable", "time_averaged"]
