"""The CSV reader's array fast paths against the plain ones, on hostile text.

A file without quotes is split in numpy and its short ids, dates and probabilities parsed by
word arithmetic; the same file with its header's first name quoted goes through the csv
module and the plain conversions. Both must give the same ledger, or the same error (file,
line, column and text); dates are also checked against :meth:`datetime.date.fromisoformat`
and the id factorisation against :func:`numpy.unique`.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastscore.errors import FileSchemaError
from forecastscore.io import read_predictions_csv
from forecastscore.ledger._columns import unique_keys
from forecastscore.model import ProbabilityRange

HEADER = "question,forecaster,made_at,probability"


def _read(text: str) -> tuple[str, object]:
    """('ok', ledger) or ('error', message) for reading ``text``."""
    try:
        return "ok", read_predictions_csv(io.StringIO(text))
    except FileSchemaError as exc:
        return "error", str(exc)


def _both(rows: list[tuple[str, str, str, str]]) -> tuple[tuple[str, object], tuple[str, object]]:
    body = "".join(",".join(r) + "\n" for r in rows)
    fast = _read(HEADER + "\n" + body)
    plain = _read('"question"' + HEADER[len("question") :] + "\n" + body)
    return fast, plain


DIGITS_AND_MARKS = st.text(alphabet="0123456789-/:Ta ", min_size=10, max_size=10)
DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(DATES, DIGITS_AND_MARKS), min_size=1, max_size=6))
def test_fast_dates_equal_plain_reader_and_fromisoformat(texts: list[str]) -> None:
    fast, plain = _both([("q", "f", t, "0.5") for t in texts])
    assert fast == plain
    if fast[0] == "ok":
        ledger = fast[1]
        for i, t in enumerate(texts):
            if ISO_DATE.fullmatch(t):  # (the general parser reads other ISO 8601 forms too)
                assert ledger[i].made_at == dt.date.fromisoformat(t)  # type: ignore[index]
    else:
        # The error names a line and its text, one that is not a real YYYY-MM-DD date.
        m = re.match(r"<stream>:(\d+): column 'made_at': (.*?) is not a time", str(fast[1]))
        assert m is not None
        t = texts[int(m.group(1)) - 2]
        assert m.group(2) == repr(t)
        assert not (ISO_DATE.fullmatch(t) and _is_date(t))


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("2020-13-01", 3),  # month 13
        ("2020-16-01", 3),  # month 16: past the 16 months a year of the tables holds
        ("2020-19-01", 3),
        ("2021-02-29", 3),  # not a leap year
        ("1900-02-29", 3),  # a century, not a leap year
        ("0000-01-01", 3),  # year 0: no datetime.date holds it
        ("2020-04-31", 3),
        ("2020-12-00", 3),
    ],
)
def test_fast_dates_refuse_impossible_days_with_line(text: str, line: int) -> None:
    fast, plain = _both([("q", "f", "2020-01-01", "0.5"), ("q", "f", text, "0.5")])
    assert fast == plain
    assert fast[0] == "error"
    assert str(fast[1]).startswith(f"<stream>:{line}: column 'made_at': {text!r} is not a time")


def test_fast_dates_leap_days_and_calendar_ends() -> None:
    texts = ["2000-02-29", "2024-02-29", "0001-01-01", "9999-12-31", "1970-01-01"]
    kind, ledger = _both([("q", "f", t, "0.5") for t in texts])[0]
    assert kind == "ok"
    # Days since 1970-01-01 by datetime's own arithmetic.
    expected = [(dt.date.fromisoformat(t) - dt.date(1970, 1, 1)).days for t in texts]
    days = ledger.made_at.astype("datetime64[D]").astype(np.int64).tolist()  # type: ignore[attr-defined]
    assert days == expected


# Ids of at most 8 bytes: any text without the characters CSV quotes (or NUL).
SHORT_IDS = st.text(
    alphabet=st.characters(blacklist_characters=',"\r\n\x00', blacklist_categories=("Cs",)),
    min_size=0,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(SHORT_IDS, SHORT_IDS), min_size=1, max_size=8))
def test_fast_ids_equal_plain_reader(ids: list[tuple[str, str]]) -> None:
    fast, plain = _both([(q, f, "2020-01-01", "0.5") for q, f in ids])
    assert fast == plain
    if fast[0] == "ok":
        ledger = fast[1]
        assert [(p.question, p.forecaster) for p in ledger] == ids  # type: ignore[attr-defined]


KEYS = st.one_of(
    # Few distinct 16-bit digits: the dense path.
    st.lists(st.sampled_from([0, 1, 2**16, 2**40 + 7, 2**63 + 5, 2**64 - 1]), max_size=40),
    # Anything: often the radix path.
    st.lists(st.integers(0, 2**64 - 1), max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(KEYS)
def test_unique_keys_equals_numpy_unique(values: list[int]) -> None:
    keys = np.array(values, dtype=np.uint64)
    uniq, first, codes = unique_keys(keys)
    np_uniq, np_first, np_codes = np.unique(keys, return_index=True, return_inverse=True)
    np.testing.assert_array_equal(uniq, np_uniq)
    np.testing.assert_array_equal(first, np_first)
    np.testing.assert_array_equal(codes, np_codes.reshape(-1))


def test_unique_keys_dense_many_rows_first_occurrence() -> None:
    # 10**5 rows of 300 distinct short-id keys (dense path), each first seen at a known row.
    rng = np.random.default_rng(3)
    vocab = np.array([int.from_bytes(f"q{i}".encode(), "little") for i in range(300)], np.uint64)
    rows = rng.integers(0, 300, 100_000)
    rows[:300] = np.arange(300)[::-1]  # value j first appears at row 299 - j
    uniq, first, codes = unique_keys(vocab[rows])
    order = np.argsort(vocab)  # numpy's sort of the distinct keys
    np.testing.assert_array_equal(uniq, vocab[order])
    np.testing.assert_array_equal(first, 299 - order)
    np.testing.assert_array_equal(uniq[codes], vocab[rows])


# Probabilities of at most 8 bytes: plain decimals and near misses.
SHORT_NUMBERS = st.one_of(
    st.text(alphabet="0123456789.", min_size=1, max_size=8),
    st.text(alphabet="0123456789.e-+ ", min_size=1, max_size=8),
    st.floats(0.0, 1.0).map(repr).filter(lambda t: len(t) <= 8),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(SHORT_NUMBERS, min_size=1, max_size=6))
def test_fast_probabilities_equal_plain_reader_and_float(texts: list[str]) -> None:
    fast, plain = _both([("q", "f", "2020-01-01", t) for t in texts])
    assert fast == plain
    if fast[0] == "ok":
        ledger = fast[1]
        # Python's float() as the oracle: correctly rounded, the same double bit for bit.
        got = [ledger[i].probability for i in range(len(texts))]  # type: ignore[index]
        assert [_bits(g) for g in got] == [_expected_bits(t) for t in texts]
    else:
        m = re.match(r"<stream>:(\d+): column 'probability': ", str(fast[1]))
        assert m is not None
        t = texts[int(m.group(1)) - 2]
        assert repr(t) in str(fast[1])
        assert _expected_bits(t) is None


def _bits(p: object) -> tuple[str, str]:
    if isinstance(p, ProbabilityRange):
        return p.low.hex(), p.high.hex()
    assert isinstance(p, float)
    return p.hex(), p.hex()


def _expected_bits(text: str) -> tuple[str, str] | None:
    """float() of the text (or of both ends of ``low..high``), None if not a probability."""
    parts = text.split("..", 1) if ".." in text else [text, text]
    try:
        low, high = (float(x) for x in parts)
    except ValueError:
        return None
    if not 0.0 <= low <= high <= 1.0:
        return None
    return low.hex(), high.hex()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.", min_size=1, max_size=8), min_size=1))
def test_word_mantissas_equal_column_mantissas(texts: list[str]) -> None:
    # The little-endian word path against the column loop (the big-endian path), on rows
    # with at most one dot (what the reader uses it for); the digits read as one integer.
    from forecastscore.io._csv_columns import _column_mantissas, _word_mantissas

    texts = [t for t in texts if t.count(".") <= 1 and any(c.isdigit() for c in t)]
    if not texts:
        return
    mat = np.array([t.encode() for t in texts], dtype="S8").view(np.uint8).reshape(-1, 8)
    value = mat - np.uint8(ord("0"))
    digit = value < 10
    n = len(mat)
    d_word = digit.view(np.uint64).reshape(n)
    dot_word = (mat == ord(".")).view(np.uint64).reshape(n)
    expected = [float(int("".join(c for c in t if c.isdigit()))) for t in texts]
    assert _column_mantissas(value, digit).tolist() == expected
    if np.little_endian:
        assert _word_mantissas(value, d_word, dot_word).tolist() == expected
