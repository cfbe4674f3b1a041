"""Tests of forecastscore.model: the claim classes and the rules of time."""

import datetime as dt
import math
import re

import attrs
import numpy as np
import pytest
from hypothesis import given

import forecastscore as fs
from forecastscore.model import Probabilities, lead_time_days, made_before, positive_index
from forecastscore.strategies import predictions, questions

UTC = dt.timezone.utc
D = dt.date


# --- values -------------------------------------------------------------------------------


def test_prediction_fields_and_provenance():
    p = fs.Prediction(
        question="russia-ukraine-campaign-2022q1",
        forecaster="opinion piece, January 2022",
        made_at=D(2022, 1, 8),
        probability=0.3,
        source="an article",
        quote="now less likely to happen",
    )
    assert p.probability == 0.3 and p.source == "an article" and p.quote.startswith("now")
    assert not p.is_categorical and not p.is_range


def test_prediction_is_frozen_and_slotted():
    p = fs.Prediction("q", "a", D(2022, 1, 8), 0.3)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.probability = 0.4  # type: ignore[misc]
    assert not hasattr(p, "__dict__")
    assert hash(p) == hash(fs.Prediction("q", "a", D(2022, 1, 8), 0.3))


def test_question_object_reduces_to_its_id():
    q = fs.Question("q1", text="Will it?")
    assert fs.Prediction(q, "a", D(2022, 1, 1), 0.5).question == "q1"
    assert fs.Outcome(q, D(2022, 2, 1), True).question == "q1"


def test_categorical_probability_mapping():
    p = fs.Prediction("q", "a", D(2022, 1, 1), {"red": 0.2, "green": 0.5, "blue": 0.3})
    assert p.is_categorical and p.probability["green"] == 0.5
    assert hash(p)  # hashable although it holds a mapping
    assert p.probability == {"red": 0.2, "green": 0.5, "blue": 0.3}


def test_numpy_and_int_probabilities_are_converted():
    import numpy as np

    assert fs.Prediction("q", "a", D(2022, 1, 1), np.float32(0.5)).probability == 0.5
    assert fs.Prediction("q", "a", D(2022, 1, 1), 1).probability == 1.0


def test_probability_range():
    r = fs.ProbabilityRange(0.2, 0.45)
    assert r.width == pytest.approx(0.25) and r.contains(0.3) and not r.contains(0.5)


def test_outcome_option_index():
    opts = ("no", "yes")
    assert fs.Outcome("q", D(2022, 2, 24), "yes").option_index(opts) == 1
    assert fs.Outcome("q", D(2022, 2, 24), "YES").option_index(opts) == 1
    assert fs.Outcome("q", D(2022, 2, 24), True).option_index(opts) == 1
    assert fs.Outcome("q", D(2022, 2, 24), 0).option_index(opts) == 0
    assert fs.Outcome("q", D(2022, 2, 24), "false").option_index(opts) == 0
    assert fs.Outcome("q", D(2022, 2, 24), "blue").option_index(("red", "blue", "green")) == 1
    assert fs.Outcome("q", D(2022, 2, 24), annulled=True).value is None


# --- time rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "resolved", "counts"),
    [
        (D(2022, 2, 23), D(2022, 2, 24), True),  # the day before
        (D(2022, 2, 24), D(2022, 2, 24), False),  # same day is not "before"
        (D(2022, 2, 25), D(2022, 2, 24), False),
        (dt.datetime(2022, 2, 23, 23, 59, 59, tzinfo=UTC), D(2022, 2, 24), True),
        (dt.datetime(2022, 2, 24, 0, 0, tzinfo=UTC), D(2022, 2, 24), False),  # on the date
        (D(2022, 2, 23), dt.datetime(2022, 2, 24, 0, 0, tzinfo=UTC), True),  # D+1 00:00Z
        (D(2022, 2, 23), dt.datetime(2022, 2, 23, 23, 0, tzinfo=UTC), False),
        # 2022-02-24 01:00+02:00 is 2022-02-23 23:00Z: still within the made date
        (
            D(2022, 2, 23),
            dt.datetime(2022, 2, 24, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            False,
        ),
        (dt.datetime(2022, 2, 24, 9, tzinfo=UTC), dt.datetime(2022, 2, 24, 10, tzinfo=UTC), True),
        (dt.datetime(2022, 2, 24, 10, tzinfo=UTC), dt.datetime(2022, 2, 24, 10, tzinfo=UTC), False),
    ],
)
def test_made_before(made, resolved, counts):
    assert made_before(made, resolved) is counts


def test_lead_time_days():
    # 8 January to 24 February 2022: 23 days left in January + 24 = 47
    assert lead_time_days(D(2022, 1, 8), D(2022, 2, 24)) == 47.0
    assert lead_time_days(dt.datetime(2022, 2, 23, 12, tzinfo=UTC), D(2022, 2, 24)) == 0.5


# --- errors -------------------------------------------------------------------------------


def test_probability_errors():
    with pytest.raises(
        fs.InvalidForecastError, match=r"'probability' must be in \[0, 1\] \(got 1\.3\)"
    ):
        fs.Prediction("q", "a", D(2022, 1, 1), 1.3)
    with pytest.raises(fs.InvalidForecastError, match="nan"):
        fs.Prediction("q", "a", D(2022, 1, 1), float("nan"))
    with pytest.raises(fs.ForecastTypeError, match="True/False are outcomes"):
        fs.Prediction("q", "a", D(2022, 1, 1), True)
    with pytest.raises(fs.ForecastTypeError, match="real number"):
        fs.Prediction("q", "a", D(2022, 1, 1), "0.3")
    with pytest.raises(fs.InvalidForecastError, match="must sum to 1"):
        fs.Prediction("q", "a", D(2022, 1, 1), {"a": 0.5, "b": 0.6})
    with pytest.raises(
        fs.InvalidForecastError, match=r"probability\['a'\] must be in \[0, 1\] \(got 1\.5\)"
    ):
        fs.Prediction("q", "a", D(2022, 1, 1), {"a": 1.5, "b": -0.5})


def test_id_errors():
    with pytest.raises(fs.ForecastTypeError, match="'question' must be a non-empty string"):
        fs.Prediction("", "a", D(2022, 1, 1), 0.5)
    with pytest.raises(fs.ForecastTypeError, match="'forecaster' must be a non-empty string"):
        fs.Prediction("q", None, D(2022, 1, 1), 0.5)


def test_naive_datetime_is_refused_with_a_fix():
    with pytest.raises(fs.InvalidTimeError, match="'made_at' is a naive datetime.*tzinfo"):
        fs.Prediction("q", "a", dt.datetime(2022, 1, 8, 12), 0.5)
    with pytest.raises(fs.ForecastTypeError, match="'resolved_at' must be a datetime.date"):
        fs.Outcome("q", "2022-02-24", True)


def test_range_errors():
    with pytest.raises(fs.InvalidForecastError, match="'low' must not exceed 'high'"):
        fs.ProbabilityRange(0.6, 0.4)
    with pytest.raises(fs.InvalidForecastError, match="'high' must be in"):
        fs.ProbabilityRange(0.6, 1.4)


def test_question_errors():
    with pytest.raises(fs.InvalidOutcomeError, match="at least 2 options"):
        fs.Question("q", options=("only",))
    with pytest.raises(fs.InvalidOutcomeError, match="unique"):
        fs.Question("q", options=("a", "a"))
    with pytest.raises(fs.InvalidTimeError, match="'closes'"):
        fs.Question("q", opens=D(2022, 2, 1), closes=D(2022, 1, 1))


def test_outcome_errors():
    with pytest.raises(fs.InvalidOutcomeError, match="'value' is required"):
        fs.Outcome("q", D(2022, 1, 1))
    with pytest.raises(fs.InvalidOutcomeError, match="not an option"):
        fs.Outcome("q", D(2022, 1, 1), "maybe").option_index(("no", "yes"))
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"'value' 2 is not an option of question 'q' nor a yes/no answer \(1/0; options: no, yes\)",
    ):
        fs.Outcome("q", D(2022, 1, 1), 2).option_index(("no", "yes"))
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"'value' 3 is not an option of question 'q' nor an option index \(0\.\.2; ",
    ):
        fs.Outcome("q", D(2022, 1, 1), 3).option_index(("a", "b", "c"))
    with pytest.raises(fs.AnnulledOutcomeError, match="annulled"):
        fs.Outcome("q", D(2022, 1, 1), annulled=True).option_index(("no", "yes"))
    with pytest.raises(fs.ForecastTypeError, match=r"'value' must be a finite number \(got nan\)"):
        fs.Outcome("q", D(2022, 1, 1), float("nan"))
    # 0.5 is a quantity now (a numeric question's outcome), not a wrong type.
    assert fs.Outcome("q", D(2022, 1, 1), 0.5).value == 0.5


# --- properties ---------------------------------------------------------------------------


@given(predictions(questions=questions(max_options=4), ranges=True))
def test_predictions_rebuild_equal(p):
    again = attrs.evolve(p)
    assert again == p and hash(again) == hash(p)
    if isinstance(p.probability, Probabilities):
        assert sum(p.probability.values()) == pytest.approx(1.0, abs=1e-6)


# --- an outcome value means the same option whatever its type ------------------------------

# Each case: options, then values that all mean the option at the given index. Worked out from
# the rule: a value's text form ("true"/"false" for booleans, digits for integers) is matched
# against the names first, exactly, then ignoring case; only then do yes/true/1 and no/false/0
# mean the positive option (the one named yes, true or 1, else the second) and the other, and
# digits an index on a question with more than two options.
SAME_OPTION = [
    # ("1", "0"): 1 is the option named "1" (index 0), as "1" is; True and "yes" mean the
    # positive option, which is the one named "1".
    (("1", "0"), 0, [1, "1", True, "true", "yes", np.int64(1)]),
    (("1", "0"), 1, [0, "0", False, "false", "no"]),
    # ("0", "1"): the same options the other way round.
    (("0", "1"), 1, [1, "1", True, "yes"]),
    (("0", "1"), 0, [0, "0", False, "no"]),
    # Names win over indices: on ("2", "1", "0"), 0 and "0" are the option named "0".
    (("2", "1", "0"), 2, [0, "0"]),
    (("2", "1", "0"), 0, [2, "2"]),
    # No option named by digits: digits are an index, whether an integer or text.
    (("a", "b", "c"), 2, [2, "2", " 2 "]),
    # An option named "true": the boolean True and the text "true" both name it.
    (("true", "false", "unknown"), 0, [True, "true", "TRUE"]),
    (("True", "False"), 1, [False, "false", "no", 0, "0"]),
]


@pytest.mark.parametrize(("options", "index", "values"), SAME_OPTION)
def test_outcome_value_means_one_option_whatever_its_type(options, index, values):
    for v in values:
        assert fs.Outcome("q", D(2022, 1, 1), v).option_index(options) == index, v


def test_positive_option_of_a_one_zero_question_is_the_one_named_one():
    assert positive_index(("1", "0")) == 0
    assert positive_index(("0", "1")) == 1
    assert positive_index(("no", "yes")) == 1  # "yes" still comes first
    assert positive_index(("1", "Yes")) == 1


def test_integer_and_text_outcomes_score_the_same_on_a_one_zero_question():
    q = fs.Question("q", options=("1", "0"))
    p = fs.Prediction("q", "a", D(2022, 1, 1), 0.8)  # P(option "1") = 0.8
    # "1" happened: Brier (0.8 - 1)^2 = 0.04, for every spelling of it.
    for v in (1, "1", True, "true"):
        assert fs.score(p, fs.Outcome("q", D(2022, 2, 1), v), question=q) == pytest.approx(
            0.04, abs=1e-15
        )
    # "0" happened: (0.8 - 0)^2 = 0.64.
    for v in (0, "0", False):
        assert fs.score(p, fs.Outcome("q", D(2022, 2, 1), v), question=q) == pytest.approx(
            0.64, abs=1e-15
        )


def test_option_index_of_a_huge_digit_string_is_an_outcome_error():
    # int() of more than 4300 digits is a ValueError of Python's own.
    with pytest.raises(fs.InvalidOutcomeError, match=r"nor an option index \(0\.\.2"):
        fs.Outcome("q", D(2022, 1, 1), "9" * 5000).option_index(("a", "b", "c"))


def test_option_index_without_the_field_name_for_callers_that_name_it():
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"^'maybe' is not an option of question 'q' \(options: no, yes\)$",
    ):
        fs.Outcome("q", D(2022, 1, 1), "maybe").option_index(("no", "yes"), field=None)
    with pytest.raises(fs.InvalidOutcomeError, match=r"^'outcome' 'maybe' is not an option"):
        fs.Outcome("q", D(2022, 1, 1), "maybe").option_index(("no", "yes"), field="outcome")


# --- hostile inputs (issue 8): each class refused with a library error naming it ------------


@pytest.mark.parametrize("fn", [lead_time_days, made_before])
def test_time_helpers_refuse_what_is_not_a_time(fn):
    with pytest.raises(fs.InvalidTimeError, match=r"^'made_at' is a naive datetime \(2022-01-01T"):
        fn(dt.datetime(2022, 1, 1), D(2022, 1, 8))
    with pytest.raises(fs.InvalidTimeError, match=r"^'resolved_at' is a naive datetime"):
        fn(D(2022, 1, 8), dt.datetime(2022, 2, 24, 12))
    for wrong in ("2022-01-01", None, 5, np.datetime64("2022-01-01"), 1.5):
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'made_at' must be a datetime\.date .*\(got {re.escape(repr(wrong))}\)$",
        ):
            fn(wrong, D(2022, 1, 8))
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'resolved_at' must be a datetime\.date .*\(got {re.escape(repr(wrong))}\)$",
        ):
            fn(D(2022, 1, 8), wrong)


def test_time_helpers_at_the_ends_of_the_calendar():
    # 0001-01-01 to 9999-01-01 is 9998 years: 9998 * 365 days + 2424 leap days (2499 years
    # divisible by 4, less the 75 centuries not divisible by 400) = 3651694 days; 9999 is no
    # leap year, so 9999-12-31 is 364 days later: 3652058.
    assert lead_time_days(D(1, 1, 1), D(9999, 12, 31)) == 3652058.0
    # A datetime at 23:00 -05:00 on 9999-12-31 is 04:00 UTC on a day datetime cannot hold.
    late = dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=5)))
    assert made_before(late, D(9999, 12, 31)) is False
    assert lead_time_days(D(9999, 12, 31), late) == 28 / 24


def test_positive_index_refuses_what_is_not_two_option_names():
    for wrong in (None, "yes", 3, b"ny", {"no", "yes"}):
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'options' must be a sequence of option names \(got {re.escape(repr(wrong))}\)",
        ):
            positive_index(wrong)
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"^'options' must have at least 2 options \(got \(\)\)"
    ):
        positive_index(())
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"^'options' must be exactly two options .*\(got \('a', 'b', 'yes'\)\)",
    ):
        positive_index(("a", "b", "yes"))
    with pytest.raises(
        fs.ForecastTypeError, match=r"^'options' must be a non-empty string \(got 1\)"
    ):
        positive_index(("yes", 1))
    # A list and a generator are sequences of names as good as a tuple.
    assert positive_index(["Yes", "No"]) == 0
    assert positive_index(o for o in ("no", "true")) == 1


def test_question_options_refuse_a_set_whose_order_is_not_defined():
    with pytest.raises(fs.ForecastTypeError, match=r"^'options' must be a sequence"):
        fs.Question("q", options=frozenset({"no", "yes"}))


def test_score_range_holds_real_scores_only():
    for field, args in (("best", ("a", "b")), ("best", (True, 1.0)), ("worst", (0.1, None))):
        bad = args[0] if field == "best" else args[1]
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'{field}' must be a real number, a score \(got {re.escape(repr(bad))}\)$",
        ):
            fs.ScoreRange(*args)
    with pytest.raises(fs.InvalidForecastError, match=r"^'worst' must be a score, not NaN"):
        fs.ScoreRange(0.1, float("nan"))
    with pytest.raises(fs.InvalidForecastError, match=r"^'best' is too large for a float"):
        fs.ScoreRange(10**400, 10**401)
    with pytest.raises(fs.InvalidForecastError, match=r"best=0\.5, worst=0\.2"):
        fs.ScoreRange(0.5, 0.2)
    # Numbers of any real type are held as floats; a loss may be infinite.
    r = fs.ScoreRange(np.float32(0.25), 1)
    assert (type(r.best), type(r.worst), r.best, r.worst) == (float, float, 0.25, 1.0)
    assert fs.ScoreRange(0.0, math.inf).width == math.inf
    # Both ends infinite (a range that is all 0 on what happened, log score): width 0, not NaN.
    assert fs.ScoreRange(math.inf, math.inf).width == 0.0


def test_probabilities_needs_a_mapping():
    for wrong in (None, [("a", 1.0)], "ab", 0.5):
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'probability' must be a mapping of option names .*\(got {re.escape(repr(wrong))}\)$",
        ):
            Probabilities(wrong)
    with pytest.raises(
        fs.InvalidForecastError, match=r"^'probability' must not be an empty mapping"
    ):
        Probabilities({})


def test_text_with_a_lone_surrogate_is_refused_where_the_claim_is_made():
    day = D(2022, 1, 8)
    cases = [
        ("'id'", lambda: fs.Question("q\ud800")),
        ("'text'", lambda: fs.Question("q", text="t\udcff")),
        ("'options'", lambda: fs.Question("q", options=("a", "b\udcff"))),
        ("'question'", lambda: fs.Prediction("q\ud800", "a", day, 0.3)),
        ("'forecaster'", lambda: fs.Prediction("q", "\udfff", day, 0.3)),
        ("'source'", lambda: fs.Prediction("q", "a", day, 0.3, source="s\udcff")),
        ("'quote'", lambda: fs.Prediction("q", "a", day, 0.3, quote="\ud800x")),
        ("'probability key'", lambda: fs.Prediction("q", "a", day, {"y\ud800": 1.0})),
        ("'question'", lambda: fs.Outcome("q\ud800", day, "yes")),
        ("'value'", lambda: fs.Outcome("q", day, "yes\udcff")),
    ]
    for field, make in cases:
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^{field} holds a lone surrogate \('\\ud[8-f][0-9a-f]{{2}}'\)",
        ):
            make()
    # A character outside the basic plane is text (one code point), and kept.
    assert fs.Prediction("q\U0001f600", "a", day, 0.3).question == "q\U0001f600"
