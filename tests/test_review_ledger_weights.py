"""Review of ``weights=`` on the ledger's summaries where rows leave the table before the
summary (``hindsight="drop"``): the weights must stay with their rows. Expected values by
hand in the comments.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

from forecastscore.errors import ShapeError
from forecastscore.io import read_outcomes_csv, read_predictions_csv

# Rows 0 (q0, w 100) and 4 (q3, w 7) are made after the resolution (2024-02-01): dropped.
PRED = """question,forecaster,made_at,probability,w,kind
q0,alice,2024-03-01,0.9,100,dataset
q0,alice,2024-01-05,0.7,3,dataset
q1,alice,2024-01-01,0.2,2,dataset
q2,bob,2024-01-01,0.9,1,dataset
q3,bob,2024-03-01,0.1,7,market
q4,bob,2024-01-01,0.4,1,market
"""
OUT = "question,resolved_at,outcome\n" + "".join(
    f"q{j},2024-02-01,{'yes' if j % 2 == 0 else 'no'}\n" for j in range(5)
)


def _dropped():
    ledger = read_predictions_csv(io.StringIO(PRED))
    return ledger.score(read_outcomes_csv(io.StringIO(OUT)), hindsight="drop")


def test_weights_column_stays_aligned_after_hindsight_rows_are_dropped():
    t = _dropped()
    assert t.counts["hindsight"] == 2
    # alice: q0 0.7 -> 0.09 (w 3), q1 0.2 -> 0.04 (w 2): (0.27 + 0.08) / 5 = 0.07
    # bob:   q2 0.9 -> 0.01 (w 1), q4 0.4 -> 0.36 (w 1): 0.37 / 2 = 0.185
    # (had the dropped rows' weights 100 and 7 been shifted onto the kept rows, alice's
    # mean would be (0.09 * 100 + 0.04 * 3) / 103 and bob's (0.01 * 2 + 0.36 * 1) / 3)
    s = t.by_forecaster(weights="w", min_questions=2)
    assert s.key.tolist() == ["alice", "bob"]
    assert s.total_weight.tolist() == [5.0, 2.0]
    assert s.mean_score == pytest.approx([0.07, 0.185], rel=1e-14)
    k = t.summarise("kind", weights="w")
    # dataset: 0.27 + 0.08 + 0.01 over 6 = 0.06; market: 0.36 over 1
    assert k.key.tolist() == ["dataset", "market"]
    assert k.mean_score == pytest.approx([0.06, 0.36], rel=1e-14)


def test_weights_array_of_the_ledger_length_refused_after_drop():
    # One weight per row of the ledger (6) is not one per row of the table (4): refused,
    # not silently cut or misaligned.
    with pytest.raises(ShapeError, match=r"one weight per row of the table \(4 rows\).*\(6,\)"):
        _dropped().by_forecaster(weights=np.ones(6))
