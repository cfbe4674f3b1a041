"""What every table of scores shares (:class:`ScoreTable`, :class:`TimeAveragedTable`,
:class:`ReferenceTable`): the summaries by forecaster, by question, by any column and by
strata, and the door to the leaderboard. The grouping itself lives in ``_grouping``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    ShapeError,
)
from ..rules._reduce import as_weights
from ._columns import _CATEGORICAL, BoolArray, FloatArray, IntArray, ObjArray, _obj_array
from ._grouping import _factorize, summarise
from ._ledger import Ledger
from ._summaries import Summary, _Tabular

if TYPE_CHECKING:
    from ._leaderboard import Leaderboard


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _first_bad_weight(values: Any) -> int | None:
    """The first entry that is not a finite real number >= 0 (for an error's position)."""
    if values.dtype.kind in "iuf":
        bad = np.flatnonzero(~((values >= 0) & (values < np.inf)))
        return int(bad[0]) if bad.size else None
    for i, v in enumerate(values.tolist()):  # booleans, objects: an error path only
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < np.inf:
            return i
    return None


class _Summaries(_Tabular):
    """The per-forecaster summary, shared by the tables of scores."""

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        """Question labels and codes, score, best, worst and is-range per entry."""
        raise NotImplementedError

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        raise NotImplementedError

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        """The ledger, and a row of it for each entry (for its kind and for errors)."""
        raise NotImplementedError

    def _summarise(
        self,
        by: str,
        labels: ObjArray,
        group: IntArray,
        strata: str | None = None,
        weights: Any = None,
        **options: Any,
    ) -> Summary:
        self._refuse_mixed_scales(by, labels, group)
        stratum = None if strata is None else self._strata(strata)
        if weights is None:  # the plain means, as before weights existed
            return summarise(
                by, labels, group, *self._values(), stratum=stratum, strata=strata, **options
            )
        weight, name = self._weights(weights)
        self._refuse_zero_weight(by, labels, group, weight, stratum, strata)
        return summarise(
            by,
            labels,
            group,
            *self._values(),
            stratum=stratum,
            strata=strata,
            weight=weight,
            weights=name,
            **options,
        )

    def _weights(self, weights: Any) -> tuple[FloatArray, str]:
        """The weight of each entry, checked (finite, >= 0, one per entry), from a column's
        name or an array, and what to call them (the column, or ``"<array>"``)."""
        ledger, rows = self._entry_rows()
        n = len(rows)
        if not isinstance(weights, str):
            try:
                shape = np.shape(weights)
            except ValueError:  # ragged: refused by as_weights, with what it holds
                shape = (n,)
            if shape != (n,):
                raise ShapeError(
                    f"weights must hold one weight per row of the table ({n} rows), or name "
                    f"a column; got shape {shape}"
                )
            return as_weights(weights, (n,)), "<array>"
        column = self._column(weights, "weights")
        values = np.asarray(column.tolist()) if n else np.empty(0)
        if values.dtype.kind in "US":  # numbers written in a file
            try:
                values = values.astype(np.float64)
            except ValueError:
                i = next(i for i, v in enumerate(values.tolist()) if not _is_number(v))
                raise InvalidOptionError(
                    f"weights: column {weights!r} holds {column[i]!r} "
                    f"({ledger._at(int(rows[i]))}), which is not a number"
                ) from None
        try:
            w = as_weights(values, (n,))
        except (InvalidOptionError, ForecastTypeError) as exc:
            bad = _first_bad_weight(np.asarray(values))
            where = "" if bad is None else f" ({ledger._at(int(rows[bad]))})"
            raise type(exc)(f"weights: column {weights!r}{where}: {exc}") from None
        return w, weights

    def _refuse_zero_weight(
        self,
        by: str,
        labels: ObjArray,
        group: IntArray,
        weight: FloatArray,
        stratum: IntArray | None,
        strata: str | None,
    ) -> None:
        """A group (or a stratum of a group) whose weights sum to 0 has no weighted mean, and
        one whose finite weights sum beyond the float range has none that can be computed.
        (A sum of numbers >= 0 is 0 only when each is: no tolerance is needed.)"""
        n_strata = 1 if stratum is None else int(stratum.max(initial=0)) + 1
        cell = group if stratum is None else group.astype(np.int64) * n_strata + stratum
        keys, of = np.unique(cell, return_inverse=True)
        of = of.reshape(-1)
        total = np.bincount(of, weights=weight, minlength=len(keys))
        bad = np.flatnonzero((total == 0.0) | ~np.isfinite(total))
        if not bad.size:
            return
        bad_group = (keys[bad] // n_strata).astype(np.intp)
        # The first such group by label, so that the message does not depend on codes.
        # (An error path: a loop over the refused groups; labels may be tuples.)
        texts = [str(label) for label in labels[bad_group].tolist()]
        k = int(bad[min(range(len(texts)), key=texts.__getitem__)])
        g = int(keys[k] // n_strata)
        ledger, rows = self._entry_rows()
        members = np.flatnonzero(of == k)
        what = "lead-time bin" if by == "lead_time" else by
        within = ""
        if stratum is not None and strata is not None:
            within = f" in {strata} {self._column(strata, 'strata')[members[0]]!r}"
        first = ledger._at(int(rows[members[0]]))
        if total[k] == 0.0:
            raise InvalidOptionError(
                f"weights: {what} {labels[g]!r}{within} has total weight 0 over its "
                f"{len(members)} rows (first {first}): its weighted mean is undefined; give "
                "it a positive weight or leave it out"
            )
        raise InvalidOptionError(
            f"weights: the weights of {what} {labels[g]!r}{within} ({len(members)} rows, "
            f"first {first}) sum beyond the float range (largest "
            f"{float(weight[members].max())!r}): scale them down"
        )

    def _imputed(self) -> BoolArray:
        """Whether each entry's forecast was filled in (:meth:`Ledger.complete`)."""
        flag = getattr(self, "imputed", None)
        if flag is None:
            ledger, rows = self._entry_rows()
            column = getattr(ledger, "imputed", None)
            if column is None:
                return np.zeros(len(rows), dtype=bool)
            return np.asarray(column, dtype=bool)[rows]
        return np.asarray(flag, dtype=bool)

    def _column_names(self) -> list[str]:
        ledger, _ = self._entry_rows()
        return ["forecaster", "question", "source", "imputed", *ledger._extra]

    def _column(self, name: Any, what: str) -> ObjArray:
        """The column ``name`` per entry: forecaster, question, source, imputed, or an extra
        column kept from the ledger's file; ``what`` names the argument in errors."""
        ledger, rows = self._entry_rows()
        if not isinstance(name, str):
            raise InvalidOptionError(f"{what} must name a column as a string (got {name!r})")
        by_name = getattr(self, "column", None)
        if by_name is not None:  # a ScoreTable: its own columns, extra ones included
            try:
                found: ObjArray = np.asarray(by_name(name)).astype(object)
            except InvalidOptionError as exc:
                raise InvalidOptionError(f"{what}: {exc}") from None
            return found
        if name == "forecaster":
            labels, codes = self._forecasters()
            out: ObjArray = labels[codes]
            return out
        if name == "question":
            q_labels, q_codes = self._values()[:2]
            out = q_labels[q_codes]
            return out
        if name == "source":
            out = ledger._source[rows]
            return out
        if name in ledger._extra:
            out = ledger._extra[name][rows]
            return out
        if name == "imputed":
            out = self._imputed().astype(object)
            return out
        raise InvalidOptionError(
            f"{what}: no column {name!r}; the columns are "
            + ", ".join(repr(c) for c in self._column_names())
        )

    def _strata(self, strata: Any) -> IntArray:
        """The stratum code of each entry, checked to be constant within each question."""
        _, stratum = _factorize(self._column(strata, "strata"))
        q_labels, q = self._values()[:2]
        nq = len(q_labels)
        lo = np.full(nq, np.iinfo(np.intp).max, dtype=np.intp)
        hi = np.full(nq, -1, dtype=np.intp)
        np.minimum.at(lo, q, stratum)
        np.maximum.at(hi, q, stratum)
        bad = np.flatnonzero((hi >= 0) & (lo != hi))
        if bad.size:
            j = int(bad[np.argsort(q_labels[bad].astype(str), kind="stable")[0]])
            ledger, rows = self._entry_rows()
            column = self._column(strata, "strata")
            first = int(np.flatnonzero((q == j) & (stratum == lo[j]))[0])
            other = int(np.flatnonzero((q == j) & (stratum == hi[j]))[0])
            raise InvalidOptionError(
                f"strata: column {strata!r} must be constant within a question (a stratum is "
                f"a set of questions), but question {q_labels[j]!r} has "
                f"{column[first]!r} ({ledger._at(int(rows[first]))}) and {column[other]!r} "
                f"({ledger._at(int(rows[other]))})"
            )
        return stratum

    def summarise(
        self,
        by: str | Sequence[str] = "forecaster",
        *,
        strata: str | None = None,
        weights: str | npt.ArrayLike | None = None,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
    ) -> Summary:
        r"""Summary grouped by any column, or by several together, optionally weighing
        strata equally.

        ``by`` is a column name or a list of names: ``"forecaster"``, ``"question"``,
        ``"source"``, ``"imputed"``, or any extra column kept from the ledger's file (for
        example ForecastBench's ``"source"`` or a dataset/market kind). Groups come out
        sorted by their labels (several columns: lexicographically, column by column). Each
        group gets its count, mean and a question-clustered bootstrap interval, as in
        :meth:`by_forecaster` (``summarise("forecaster")`` is :meth:`by_forecaster`).

        With ``strata``, a column constant within each question (a stratum is a set of
        questions), a group's mean is the unweighted mean of its per-stratum means:

        .. math::

            \bar s_g = \frac{1}{K_g} \sum_{k} \frac{\sum_{i \in g, k} s_i}{n_{g k}},

        over the :math:`K_g` strata the group has scores in. ForecastBench's overall score is
        this with the dataset questions and the market questions as the two strata. The
        bootstrap still resamples whole questions, within strata: each replicate redraws,
        for each group and stratum, as many of the group's questions in that stratum as it
        has, the strata independently. ``interval="normal"`` combines the strata's
        question-clustered standard errors, :math:`\widehat{\mathrm{se}}^2 = K_g^{-2} \sum_k
        \widehat{\mathrm{se}}_k^2`.

        With ``weights`` (sample weights, as on the score functions with ``reduce="mean"``),
        a group's mean is the weighted mean :math:`\sum_i w_i s_i / \sum_i w_i` of its rows
        (with ``strata``, each stratum's mean is weighted, and the strata still weigh
        equally); a score of weight 0 does not count, even an infinite one. ``n`` still
        counts rows; :attr:`Summary.total_weight` holds each group's sum of weights. The
        bootstrap still resamples whole questions, a question bringing its weighted score
        sum :math:`S_j = \sum_{i \in j} w_i s_i` and weight sum :math:`N_j = \sum_{i \in j}
        w_i` (the formulas of :meth:`by_forecaster` then hold as they are: the normal
        interval is the question-clustered variance of this ratio estimator); questions
        whose weights sum to 0 are not resampled and do not count for ``min_questions``.

        Parameters
        ----------
        by : str or list of str, default 'forecaster'
            The column(s) to group by.
        strata : str, optional
            The column whose strata weigh equally in each group's mean.
        weights : str or array_like, optional
            Sample weights: the name of a column of the table holding numbers (an extra
            column of the ledger's file is read as text and parsed), or one weight per row
            of the table; each a finite real number ``>= 0``. ``None`` (the default): plain
            means, exactly as without the keyword.
        confidence, n_resamples, seed, min_questions, interval
            As in :meth:`by_forecaster` (``min_questions`` counts a group's questions over
            all strata).

        Returns
        -------
        Summary
            With :attr:`Summary.by` the column's name, or a tuple of the names (then
            :attr:`Summary.key` holds tuples, and the records one field per column).

        Raises
        ------
        InvalidOptionError
            ``by``, ``strata`` or ``weights`` naming no column (the message lists the
            columns), ``by`` empty or naming a column twice, a ``strata`` column that is not
            constant within a question (the message names the question, both values and
            their rows), or a bad interval option; a weight that is negative, NaN or infinite
            (named with its index, or its column and row), a column weight that is not a
            number, or a group (or a stratum of a group) whose weights sum to 0 (named, with
            its first row).
        ForecastTypeError
            Boolean or non-numeric weights.
        ShapeError
            ``weights`` that are not one weight per row of the table.
        InvalidForecastError
            A group holding both plain probabilities and mappings over options (see
            :meth:`by_forecaster`).

        Examples
        --------
        Two kinds of question: a forecaster's mean by kind, and overall with the kinds
        weighing equally (the mean of 0.01 and 0.25 is 0.13, where the plain mean over the
        three questions would be 0.09):

        >>> import io
        >>> from forecastscore.io import read_outcomes_csv, read_predictions_csv
        >>> ledger = read_predictions_csv(io.StringIO(
        ...     "question,forecaster,made_at,probability,kind\n"
        ...     "d1,alice,2024-07-21,0.9,dataset\n"
        ...     "d2,alice,2024-07-21,0.1,dataset\n"
        ...     "m1,alice,2024-07-21,0.5,market\n"))
        >>> outcomes = read_outcomes_csv(io.StringIO(
        ...     "question,resolved_at,outcome\n"
        ...     "d1,2024-08-01,yes\nd2,2024-08-01,no\nm1,2024-08-01,yes\n"))
        >>> t = ledger.score(outcomes)
        >>> s = t.summarise(["forecaster", "kind"])
        >>> s.key.tolist(), s.mean_score.round(12).tolist()
        ([('alice', 'dataset'), ('alice', 'market')], [0.01, 0.25])
        >>> s.to_records()[1]["kind"]
        'market'
        >>> float(t.summarise("forecaster", strata="kind").mean_score[0].round(12))
        0.13
        >>> print(t.by_forecaster(strata="kind"))
        forecaster  n  questions  mean score  95% interval
        ----------  -  ---------  ----------  ------------
        alice       3          3        0.13             -
        interval: percentile bootstrap over questions (1000 resamples, seed 0).
        mean score: the unweighted mean of the per-kind means; the bootstrap redraws questions
          within each kind.
        -: no interval (fewer than 5 questions, probability ranges, or an infinite mean).
        Scores are losses: lower is better.

        Weighted by a column of the file (or by an array, one weight per row): the market
        question weighs 2, so the mean is (0.01 + 0.01 + 2 * 0.25) / 4 = 0.13:

        >>> w = t.summarise(weights=[1, 1, 2])
        >>> w.n, w.total_weight, w.mean_score.round(12)
        (array([3]), array([4.]), array([0.13]))
        """
        names = self._by_names(by)
        if len(names) == 1:
            labels, group = _factorize(self._column(names[0], "by"))
            return self._summarise(
                names[0],
                labels,
                group,
                strata,
                weights,
                confidence=confidence,
                n_resamples=n_resamples,
                seed=seed,
                min_questions=min_questions,
                interval=interval,
            )
        codes = []
        parts = []
        for name in names:
            lab, code = _factorize(self._column(name, "by"))
            parts.append(lab)
            codes.append(code)
        combos, group = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
        labels = _obj_array(
            [tuple(p[c] for p, c in zip(parts, row, strict=True)) for row in combos.tolist()]
        )
        group = group.reshape(-1).astype(np.intp)
        self._refuse_mixed_scales(", ".join(names), labels, group)
        stratum = None if strata is None else self._strata(strata)
        weighted: dict[str, Any] = {}
        if weights is not None:
            weight, name = self._weights(weights)
            self._refuse_zero_weight(", ".join(names), labels, group, weight, stratum, strata)
            weighted = {"weight": weight, "weights": name}
        return summarise(
            names,
            labels,
            group,
            *self._values(),
            confidence=confidence,
            n_resamples=n_resamples,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
            stratum=stratum,
            strata=strata,
            ordered=True,
            **weighted,
        )

    def leaderboard(
        self,
        *,
        strata: str | None = None,
        adjust: bool = False,
        pool: Any = None,
        seed: int | None = 0,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        max_imputed: float | None = None,
        min_questions: int = 5,
    ) -> Leaderboard:
        r"""Rank the forecasters, with intervals, rank intervals and P(ranked first).

        Each forecaster's score on a question is its mean score there (one forecast each,
        on a benchmark's table); its ``mean`` is the mean over its questions, or with
        ``strata`` the unweighted mean of its per-stratum means (ForecastBench's overall
        score: the mean of the dataset questions' mean and the market questions' mean).
        Every score is a loss: rank 1 has the lowest mean.

        - ``adjust=True`` ranks by the difficulty-adjusted mean: each score minus its
          question's effect in the two-way fixed-effects model ``score = forecaster +
          question + noise`` (:func:`fixed_effects`: the question's effect is the score the
          average forecaster is expected to get on it), what ForecastBench publishes up to
          a constant, so that a forecaster who answered the easy questions gains nothing by
          it. ``adjusted_mean`` below 0 is better than the average forecaster. The effects
          are estimated once on the whole table and held fixed in the bootstrap (on a
          complete table that is exact: each question's effect is its mean score; otherwise
          their own uncertainty is not in the intervals). On a complete table (everyone
          scored every question once) the adjusted mean is the plain mean minus the table's
          mean, with the same ranks and the same interval, shifted.
        - ``peer`` is the mean of the peer scores (:func:`peer_scores`: the ``pool``'s mean
          score on the question minus the forecaster's): **above 0 is better than the
          pool**, the opposite orientation to the scores.
        - The interval (``ci_low``, ``ci_high``), the rank interval (``rank_low``,
          ``rank_high``), ``p_first`` and ``p_vs_leader`` come from one bootstrap over
          questions: each of ``n_resamples`` replicates redraws the questions with
          replacement (within each stratum, as many as it has), **the same draw for every
          forecaster**, and recomputes every forecaster's ranked mean and rank. The
          intervals are percentile intervals at ``confidence``; ``p_first`` is the share of
          replicates in which a forecaster ranks first; ``p_vs_leader`` is the two-sided
          bootstrap p-value of the difference :math:`\hat d` between a forecaster's ranked
          mean and the leader's, :math:`(1 + \#\{|d^*_b - \hat d| \ge |\hat d|\}) / (1 +
          B)` over the :math:`B` replicates. A replicate that draws none of a forecaster's
          questions (of a stratum) leaves its mean undefined: its interval is taken over the
          other replicates, and there it ranks last.

        Reproducible by default (``seed=0``). The bootstrap is sparse-times-dense products
        on integer resampling counts (no BLAS threads): with ``adjust=True`` and 1000
        resamples, about 3 s for 10**6 scores by 10**3 forecasters on 10**4 questions
        (``benchmarks/bench_leaderboard.py``).

        Parameters
        ----------
        strata : str, optional
            A column constant within each question whose strata weigh equally in every mean
            (see :meth:`summarise`).
        adjust : bool, default False
            Rank by the difficulty-adjusted mean (``adjusted_mean`` is NaN otherwise).
        pool : iterable of str, optional
            The forecasters whose mean makes the peer scores (default: everyone ranked).
        seed : int or None, default 0
            Seed of the bootstrap (``None``: fresh entropy, not reproducible).
        confidence : float, default 0.95
            Level of the intervals and of the rank intervals.
        n_resamples : int, default 1000
            Bootstrap replicates (memory: about 16 bytes per forecaster and replicate).
        max_imputed : float, optional
            Leave out (and name, :attr:`Leaderboard.dropped`) forecasters with more than
            this share of their forecasts imputed (:meth:`Ledger.complete`), before anything
            is computed.
        min_questions : int, default 5
            Fewest questions for an interval (NaN below; the forecaster is still ranked).

        Returns
        -------
        Leaderboard

        Raises
        ------
        InvalidForecastError
            A probability range (no single score), a score that is not finite (a log score
            of a probability 0 on what happened: clip the forecasts), or a forecaster
            holding scores of both plain probabilities and mappings over options; the
            message names the row.
        InvalidOptionError
            A bad ``confidence``, ``n_resamples``, ``seed``, ``min_questions``,
            ``max_imputed`` (or one that leaves no forecaster), ``adjust``, ``pool`` or
            ``strata`` (see :meth:`summarise`).
        ShapeError
            A table without scores.

        Examples
        --------
        Three forecasters on six questions (Brier scores: alice 0.01 on each, bob 0.04,
        carol 0.09 on the first three and 0.01 on the rest):

        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> made = dt.date(2024, 1, 1)
        >>> p = {"alice": [0.9] * 6, "bob": [0.8] * 6, "carol": [0.7] * 3 + [0.9] * 3}
        >>> ledger = Ledger.from_predictions([fs.Prediction(f"q{j}", f, made, v[j])
        ...                                   for f, v in p.items() for j in range(6)])
        >>> outcomes = [fs.Outcome(f"q{j}", dt.date(2024, 2, 1), "yes") for j in range(6)]
        >>> lb = ledger.score(outcomes).leaderboard()
        >>> lb.forecaster, lb.rank
        (array(['alice', 'bob', 'carol'], dtype=object), array([1, 2, 3]))
        >>> lb.mean.round(12)
        array([0.01, 0.04, 0.05])

        Carol's mean is the worst, but she ties alice on q3-q5, so she ranks first (with
        alice) in the resamples that draw only those (a chance of (1/2)**6 = 0.016), and her
        rank interval reaches 2:

        >>> lb.rank_low, lb.rank_high, lb.p_first
        (array([1, 2, 2]), array([1, 3, 3]), array([1.   , 0.   , 0.011]))

        The peer score is the pool's mean (0.14 / 3 on q0-q2, 0.02 on q3-q5) minus one's
        own, averaged over one's questions: alice's is (0.14 / 3 - 0.01 + 0.02 - 0.01) / 2:

        >>> lb.peer.round(6)
        array([ 0.023333, -0.006667, -0.016667])
        >>> r = lb.to_records()[0]
        >>> r["forecaster"], r["rank"], r["p_vs_leader"]
        ('alice', 1, None)
        >>> print(lb)
        rank  forecaster  n  mean      peer      95% interval  ranks  P(1st)  p vs 1st
        ----  ----------  -  ----  --------  ----------------  -----  ------  --------
           1  alice       6  0.01    0.0233      [0.01, 0.01]    1-1       1         -
           2  bob         6  0.04  -0.00667      [0.04, 0.04]    2-3       0  0.000999
           3  carol       6  0.05   -0.0167  [0.0233, 0.0767]    2-3   0.011     0.012
        Ranked by the mean score; score: brier, a loss: lower is better.
        n: questions scored. peer: the mean, over the forecaster's questions, of the pool's mean
          score minus its own: above 0 is better than the pool.
        interval, ranks: percentile bootstrap over questions (1000 resamples, seed 0), the same
          questions drawn for every forecaster; P(1st): share of resamples ranked first; p vs
          1st: two-sided bootstrap p-value of the difference with the leader.
        """
        from ._leaderboard import leaderboard

        return leaderboard(
            self,
            strata=strata,
            adjust=adjust,
            pool=pool,
            seed=seed,
            confidence=confidence,
            n_resamples=n_resamples,
            max_imputed=max_imputed,
            min_questions=min_questions,
        )

    def _by_names(self, by: Any) -> tuple[str, ...]:
        if isinstance(by, str):
            return (by,)
        if not isinstance(by, (list, tuple)) or not by:
            raise InvalidOptionError(
                f"by must be a column name or a non-empty list of names (got {by!r})"
            )
        for i, name in enumerate(by):
            if not isinstance(name, str):
                raise InvalidOptionError(f"by[{i}] must be a column name (got {name!r})")
            if name in by[:i]:
                raise InvalidOptionError(f"by[{i}] names column {name!r} a second time")
        return tuple(by)

    def _refuse_mixed_scales(self, by: str, labels: ObjArray, group: IntArray) -> None:
        """A plain probability and a mapping over options are scored on different scales
        (Brier 0..1 and 0..2): a group holding both has no meaningful mean, so it is refused,
        as :func:`time_averaged` refuses them within one forecaster's question."""
        ledger, rows = self._entry_rows()
        cat = ledger._kind[rows] == _CATEGORICAL
        n_cat = np.bincount(group, weights=cat, minlength=len(labels))
        n_all = np.bincount(group, minlength=len(labels))
        mixed = np.flatnonzero((n_cat > 0) & (n_cat < n_all))
        if not mixed.size:
            return
        # The first such group by label, so that the message does not depend on codes.
        g = int(mixed[np.argsort(labels[mixed].astype(str), kind="stable")[0]])
        in_g = group == g
        plain, mapping = int(rows[in_g & ~cat].min()), int(rows[in_g & cat].min())
        what = "lead-time bin" if by == "lead_time" else by
        raise InvalidForecastError(
            f"{what} {labels[g]!r} has scores of a plain probability ({ledger._at(plain)}) "
            f"and of a mapping over options ({ledger._at(mapping)}): they are on different "
            "scales (a categorical Brier score is 0..2) and cannot be averaged together; "
            "summarise them apart (ledger[ledger.is_categorical] and "
            "ledger[~ledger.is_categorical])"
        )

    def by_forecaster(
        self,
        *,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
        strata: str | None = None,
        weights: str | npt.ArrayLike | None = None,
    ) -> Summary:
        r"""Summary per forecaster: n, mean score and a question-clustered bootstrap interval.

        Claims about the same question are not independent, so each bootstrap replicate
        resamples the forecaster's questions (with replacement, as many as there are) and
        keeps all the forecaster's scores on each drawn question. The interval is the
        percentile interval at ``confidence`` over ``n_resamples`` replicates, reproducible with
        ``seed``. It is NaN (``null`` in JSON) for a forecaster with fewer than
        ``min_questions`` distinct questions, where resampling so few clusters gives too few
        distinct means for a percentile interval to mean anything (with :math:`m` questions
        there are only :math:`\binom{2m-1}{m}` distinct resamples: 3 for :math:`m = 2`,
        126 for :math:`m = 5`), for a forecaster with probability ranges, whose mean is
        only bounded (``mean_best``, ``mean_worst``), and for an infinite mean.

        Forecasters with the same number of questions share their resampling counts, so
        that one matrix product gives all their replicates; for up to 4096 questions the
        counts of each size are grown exactly from those of the size below (a few random
        draws per question of the largest size), above that they are drawn per size. About
        1 s for 10**6 (forecaster, question) cells in 1000 forecasters on a 2-core machine,
        about 3 s when activity is Zipf-skewed (hundreds of distinct question counts).
        ``interval="normal"`` gives, in one pass, the normal interval with the
        question-clustered standard error, the bootstrap's large-sample limit:

        .. math::

            \hat r \pm z_{(1+\text{confidence})/2}\,\widehat{\mathrm{se}}, \qquad
            \widehat{\mathrm{se}}^2 = \frac{m}{m - 1}
                \frac{\sum_j (S_j - \hat r N_j)^2}{(\sum_j N_j)^2},

        where question :math:`j` of the forecaster's :math:`m` has score sum :math:`S_j` over
        :math:`N_j` predictions.

        Parameters
        ----------
        confidence : float, default 0.95
            Confidence level of the interval, in (0, 1).
        n_resamples : int, default 1000
            Bootstrap replicates, from 1 to ``10**6`` (memory grows with them: about
            ``8 * n_resamples`` bytes for each of a few groups at a time).
        seed : int or None, default 0
            Seed of the bootstrap (``None``: fresh entropy, not reproducible).
        min_questions : int, default 5
            Fewest distinct questions for an interval.
        interval : {'bootstrap', 'normal'}, default 'bootstrap'
            The clustered percentile bootstrap, or its normal limit.
        strata : str, optional
            A column constant within each question (for example a dataset/market kind):
            each forecaster's mean is then the unweighted mean of its per-stratum means, and
            the bootstrap redraws questions within strata (see :meth:`summarise`).
        weights : str or array_like, optional
            Sample weights, a column's name or one per row: each forecaster's mean is then
            the weighted mean of its scores, the bootstrap and the normal interval take each
            question's weighted score sum and weight sum as :math:`S_j` and :math:`N_j`
            (see :meth:`summarise`).

        Raises
        ------
        InvalidForecastError
            A group (here a forecaster; a question or lead-time bin for the other
            summaries) holding scores of both plain probabilities and mappings over
            options: they are on different scales (a categorical Brier score is 0..2, a
            binary one 0..1) and have no meaningful mean. The message names the group and
            one row of each kind; summarise ``ledger[ledger.is_categorical]`` and
            ``ledger[~ledger.is_categorical]`` apart.
        InvalidOptionError
            A bad ``confidence``, ``n_resamples`` (not an integer from 1 to ``10**6``),
            ``seed``, ``min_questions`` or ``interval``; a ``strata`` naming no column or a
            column that is not constant within a question; bad ``weights`` (see
            :meth:`summarise`: also :class:`ForecastTypeError` and :class:`ShapeError`).

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions(
        ...     [fs.Prediction(f"q{i}", "alice", dt.date(2022, 1, 1), 0.8) for i in range(6)])
        >>> outcomes = [fs.Outcome(f"q{i}", dt.date(2022, 2, 1), i % 2 == 0) for i in range(6)]
        >>> s = ledger.score(outcomes).by_forecaster()
        >>> s.key, s.n, s.mean_score      # (3 * 0.04 + 3 * 0.64) / 6
        (array(['alice'], dtype=object), array([6]), array([0.34]))
        >>> bool(s.ci_low[0] < 0.34 < s.ci_high[0])
        True
        """
        labels, group = self._forecasters()
        return self._summarise(
            "forecaster",
            labels,
            group,
            strata,
            weights,
            confidence=confidence,
            n_resamples=n_resamples,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )
