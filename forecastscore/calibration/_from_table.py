r"""Calibration and discrimination straight from a table of scores, one result per
forecaster (:func:`by_forecaster`, :class:`ForecasterResults`): the forecasts and outcomes
come from a :class:`~forecastscore.ledger.ScoreTable`, the clusters from its questions.

What does not live here: the analyses themselves (each has its own module in this room).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._records import frame
from ..errors import ForecastScoreError, ForecastTypeError, InvalidOptionError
from ..ledger import ScoreTable
from ._bands import calibration_band
from ._corp_test import corp_test
from ._decompositions import corp_decomposition, murphy_decomposition
from ._discrimination import discrimination, roc_curve
from ._murphy import elementary_scores
from ._reliability import reliability_table
from ._tests import hosmer_lemeshow_test, spiegelhalter_test

# name -> (function, whether it takes cluster=)
_ANALYSES: dict[str, tuple[Callable[..., Any], bool]] = {
    "spiegelhalter_test": (spiegelhalter_test, True),
    "hosmer_lemeshow_test": (hosmer_lemeshow_test, True),
    "corp_test": (corp_test, True),
    "calibration_band": (calibration_band, True),
    "discrimination": (discrimination, True),
    "roc_curve": (roc_curve, False),
    "elementary_scores": (elementary_scores, False),
    "reliability_table": (reliability_table, False),
    "murphy_decomposition": (murphy_decomposition, False),
    "corp_decomposition": (corp_decomposition, False),
}


@attrs.frozen(eq=False)
class ForecasterResults:
    r"""One calibration or discrimination result per forecaster, made from a table of scores.

    Attributes
    ----------
    analysis : str
        The function that made each result (e.g. ``"spiegelhalter_test"``).
    forecasters : tuple of str
        The forecasters with a result, in sorted order.
    results : tuple
        Their results, in the same order (each the function's own result class).
    skipped : dict of str to str
        Forecasters left out with ``on_error="skip"``, and why (the error's message).
    left_out : dict of str to int
        Rows of the table not used: ``not_a_probability`` (a probability range, a mapping
        over options, a forecast of a quantity) and ``probability_outcomes`` (scored against
        a probability, not an event that happened or not).

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.calibration import by_forecaster
    >>> from forecastscore.ledger import Ledger
    >>> d0, d1 = dt.date(2024, 1, 1), dt.date(2024, 6, 1)
    >>> ledger = Ledger.from_predictions(
    ...     [fs.Prediction(f"q{i}", "ann", d0, p) for i, p in enumerate([0.2, 0.7, 0.9, 0.4])]
    ... )
    >>> happened = ["no", "yes", "yes", "yes"]
    >>> table = ledger.score([fs.Outcome(f"q{i}", d1, v) for i, v in enumerate(happened)])
    >>> r = by_forecaster(table, "spiegelhalter_test")
    >>> r
    ForecasterResults('spiegelhalter_test', 1 forecaster, 0 skipped)
    >>> round(r["ann"].statistic, 10)   # as spiegelhalter_test([0.2, 0.7, 0.9, 0.4], [0, 1, 1, 1])
    -0.5025189076
    >>> r.to_records()[0]["forecaster"], r.to_records()[0]["test"]
    ('ann', 'spiegelhalter')
    """

    analysis: str
    forecasters: tuple[str, ...]
    results: tuple[Any, ...]
    skipped: dict[str, str]
    left_out: dict[str, int]

    def __getitem__(self, forecaster: str) -> Any:
        try:
            return self.results[self.forecasters.index(forecaster)]
        except ValueError:
            why = f" (skipped: {self.skipped[forecaster]})" if forecaster in self.skipped else ""
            raise InvalidOptionError(
                f"forecaster {forecaster!r} has no result{why}; there are results for "
                f"{len(self.forecasters)} forecaster(s)"
            ) from None

    def __len__(self) -> int:
        return len(self.forecasters)

    def __iter__(self) -> Iterator[str]:
        return iter(self.forecasters)

    def items(self) -> Iterator[tuple[str, Any]]:
        """``(forecaster, result)`` pairs, in order."""
        return iter(zip(self.forecasters, self.results, strict=True))

    def to_records(self) -> list[dict[str, Any]]:
        """Each result's records with a ``forecaster`` key in front (one row per forecaster
        for a test or a decomposition; one per bin, point or threshold for a table or a
        curve)."""
        return [
            {"forecaster": name, **row}
            for name, result in self.items()
            for row in result.to_records()
        ]

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame` of :meth:`to_records`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        rows = self.to_records()
        columns = list(rows[0]) if rows else ["forecaster"]
        return frame(rows, columns, "ForecasterResults")

    def __repr__(self) -> str:
        n = len(self.forecasters)
        return (
            f"ForecasterResults({self.analysis!r}, {n} forecaster{'s' * (n != 1)}, "
            f"{len(self.skipped)} skipped)"
        )


def _refuses_an_option(error: Exception, options: dict[str, Any]) -> bool:
    """Whether ``error`` is about one of ``options`` itself (its message starts with the
    option's name, as the checks of options write it: ``n_groups must ...``,
    ``thresholds[2] = ...``, ``base applies ...``), not about a forecaster's data."""
    text = str(error)
    return isinstance(error, InvalidOptionError) and any(
        text.startswith(key) and text[len(key) : len(key) + 1] in (" ", "[", "=") for key in options
    )


def by_forecaster(
    table: ScoreTable,
    analysis: str,
    *,
    cluster_by_question: bool | None = None,
    on_error: str = "raise",
    **options: Any,
) -> ForecasterResults:
    r"""Run one calibration or discrimination analysis for each forecaster of a table.

    The forecasts and outcomes are the table's rows of plain probabilities scored against an
    event (:attr:`ScoreTable.probability` and :attr:`ScoreTable.outcome`); rows of
    probability ranges, mappings over options, forecasts of quantities and rows scored
    against a probability outcome are left out and counted in ``left_out``. Each
    forecaster's rows go to the function named by ``analysis``, with ``options``:

    - tests: ``"spiegelhalter_test"``, ``"hosmer_lemeshow_test"``, ``"corp_test"``;
    - ``"calibration_band"`` (the simultaneous band around the CORP curve);
    - ``"discrimination"``, ``"roc_curve"``;
    - ``"elementary_scores"`` (the Murphy diagram);
    - ``"reliability_table"``, ``"murphy_decomposition"``, ``"corp_decomposition"``.

    Clusters come from the table: a forecaster's forecasts of one question share its
    outcome, so for the functions that take ``cluster=`` the question of each row is passed
    as the cluster when ``cluster_by_question`` is True, and never when it is False. By
    default (``None``) it is passed when the forecaster has more than one forecast on some
    question, and not otherwise: with one forecast per question the outcomes are those of
    different questions, and the tests' own (independent) variance is the right one. The
    result of each says which was done (``n_clusters``, ``note``).

    Parameters
    ----------
    table : ScoreTable
        Made by :meth:`Ledger.score`.
    analysis : str
        The name of the function to run (see above).
    cluster_by_question : bool or None, default None
        Whether to pass the questions as ``cluster=`` (see above).
    on_error : {'raise', 'skip'}, default 'raise'
        What to do when a forecaster's analysis fails (too few forecasts, all outcomes
        equal, ...): raise the error, its message starting with the forecaster, or leave the
        forecaster out and say why in ``skipped``. An option the function refuses (say
        ``n_groups=1``) is raised either way: it would skip every forecaster.
    **options
        Passed to the function (e.g. ``n_groups=`` for the Hosmer-Lemeshow test,
        ``seed=`` and ``n_resamples=`` for the resampling ones).

    Returns
    -------
    ForecasterResults

    Raises
    ------
    ForecastTypeError
        ``table`` is not a :class:`~forecastscore.ledger.ScoreTable`.
    InvalidOptionError
        An unknown ``analysis`` or ``on_error``, ``cluster=`` among the options (the
        clusters come from the table), or an option the function refuses.
    ForecastScoreError
        With ``on_error="raise"``, a forecaster's failure, as the function raised it, the
        message starting with ``forecaster 'name':``.

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.calibration import by_forecaster
    >>> from forecastscore.ledger import Ledger
    >>> d0, d1 = dt.date(2024, 1, 1), dt.date(2024, 6, 1)
    >>> ledger = Ledger.from_predictions(
    ...     [fs.Prediction("q1", "ann", d0, 0.8), fs.Prediction("q2", "ann", d0, 0.3),
    ...      fs.Prediction("q1", "bob", d0, 0.6), fs.Prediction("q2", "bob", d0, 0.6)]
    ... )
    >>> table = ledger.score([fs.Outcome("q1", d1, "yes"), fs.Outcome("q2", d1, "no")])
    >>> r = by_forecaster(table, "discrimination", on_error="skip")
    >>> r["ann"].auc, r["bob"].auc   # ann ranks the event first; bob ties them
    (1.0, 0.5)
    >>> r = by_forecaster(table, "elementary_scores", thresholds=[0.5])
    >>> r.to_records()[1]   # bob at 0.6 acts on q2 in vain: cost 0.5, over 2 forecasts
    {'forecaster': 'bob', 'threshold': 0.5, 'mean_score': 0.25}
    """
    if not isinstance(table, ScoreTable):
        raise ForecastTypeError(
            f"table must be a ScoreTable (from Ledger.score), got {type(table).__name__}"
        )
    name = _checks.check_choice("analysis", analysis, tuple(_ANALYSES))
    policy = _checks.check_choice("on_error", on_error, ("raise", "skip"))
    if "cluster" in options:
        raise InvalidOptionError(
            "cluster= is taken from the table's questions; use cluster_by_question=True, "
            "False or None instead"
        )
    if cluster_by_question not in (None, True, False):
        raise InvalidOptionError(
            f"cluster_by_question must be True, False or None (got {cluster_by_question!r})"
        )
    fn, takes_cluster = _ANALYSES[name]
    probability = np.asarray(table.probability, dtype=np.float64)
    soft = np.asarray(table.soft, dtype=bool)
    plain = ~np.isnan(probability)
    keep = np.flatnonzero(plain & ~soft)
    left_out = {
        "not_a_probability": int(np.count_nonzero(~plain)),
        "probability_outcomes": int(np.count_nonzero(plain & soft)),
    }
    forecaster = table.forecaster[keep]
    question = table.question[keep]
    p = probability[keep]
    y = np.asarray(table.outcome)[keep].astype(np.float64)
    names, code = np.unique(forecaster.astype(str), return_inverse=True)
    code = code.reshape(-1)
    order = np.argsort(code, kind="stable")
    bounds = np.searchsorted(code[order], np.arange(names.size + 1))
    _, qcode = np.unique(question.astype(str), return_inverse=True)
    qcode = qcode.reshape(-1)
    done: list[str] = []
    results: list[Any] = []
    skipped: dict[str, str] = {}
    for k, who in enumerate(names.tolist()):  # one call per forecaster, never per forecast
        rows = order[bounds[k] : bounds[k + 1]]
        kwargs = dict(options)
        if takes_cluster:
            q = qcode[rows]
            repeated = np.unique(q).size < q.size
            if cluster_by_question or (cluster_by_question is None and repeated):
                kwargs["cluster"] = q
        try:
            result = fn(p[rows], y[rows], **kwargs)
        except ForecastScoreError as e:
            if policy == "raise":
                raise type(e)(f"forecaster {who!r}: {e}") from e
            if _refuses_an_option(e, options):  # every forecaster would be skipped for it
                raise InvalidOptionError(f"{name}: {e}") from None
            skipped[who] = str(e)
            continue
        except TypeError as e:  # an option the function does not take
            raise InvalidOptionError(f"{name} does not take these options: {e}") from None
        done.append(who)
        results.append(result)
    return ForecasterResults(
        analysis=name,
        forecasters=tuple(done),
        results=tuple(results),
        skipped=skipped,
        left_out=left_out,
    )


__all__ = ["ForecasterResults", "by_forecaster"]
