"""Tests of analysis.stats.rates against hand-computed and published values.

Wilson (1927) interval at z = 1.959964 (z² = 3.841459):
    (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n).
Closed forms used below: 0/n → (0, z²/(n + z²)); n/n → (n/(n + z²), 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from analysis.frames import year_of
from analysis.stats.rates import ongoing_counts, outcome_rates, wilson_interval

STRING_COLUMNS = (
    "deltagare_id",
    "insats",
    "stadsdel_kod",
    "utfall",
    "malgrupp",
    "kon",
    "roll",
    "forlangning",
    "utfall_6m",
    "utfall_12m",
)


def make_participants(rows: list[dict], string_dtype: str = "str") -> pd.DataFrame:
    """A participant frame as the loader returns it, from short row dicts (defaults filled in)."""
    defaults = {
        "insats": "jobbcoach",
        "stadsdel_kod": "1283R005",
        "startdatum": "2023-01-10",
        "slutdatum": None,
        "utfall": "pagaende",
        "malgrupp": "unga_vuxna",
        "kon": "kvinna",
        "fodelsear": 1990,
        "roll": None,
        "forlangning": None,
        "utfall_6m": None,
        "utfall_12m": None,
    }
    records = [{"deltagare_id": f"p{i:03d}", **defaults, **row} for i, row in enumerate(rows)]
    frame = pd.DataFrame.from_records(records)
    for column in STRING_COLUMNS:
        frame[column] = pd.Series(frame[column].tolist(), dtype=string_dtype)
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])
    frame["slutdatum"] = pd.to_datetime(frame["slutdatum"])
    frame["fodelsear"] = frame["fodelsear"].astype("Int64")
    return frame


def finished(utfall: str, end: str, **extra) -> dict:
    return {"utfall": utfall, "startdatum": "2022-06-01", "slutdatum": end, **extra}


def example_rows() -> list[dict]:
    """13 finished enrolments (8 positive) and 2 ongoing.

    2023, district A: arbete, praktik, studier, avbrott, ingen_sysselsattning, arbete → 4 of 6
    2024, district A: avbrott, ingen_sysselsattning                                     → 0 of 2
    2024, district B: studier, studier, arbete, avbrott, arbete                          → 4 of 5
    """
    a, b = "1283R005", "1283R026"
    rows = [
        finished(u, "2023-05-01", stadsdel_kod=a)
        for u in ("arbete", "praktik", "studier", "avbrott", "ingen_sysselsattning", "arbete")
    ]
    rows += [finished(u, "2024-03-01", stadsdel_kod=a) for u in ("avbrott", "ingen_sysselsattning")]
    rows += [finished(u, "2024-11-30", stadsdel_kod=b) for u in ("studier", "studier", "arbete", "avbrott", "arbete")]
    rows += [{"utfall": "pagaende", "startdatum": "2024-02-01", "stadsdel_kod": a}] * 2
    return rows


# ------------------------------------------------------------------------------------------------ Wilson
def test_wilson_8_of_20_hand_computed():
    # p = 0.4, z²/n = 0.192073, denominator 1.192073
    # centre = (0.4 + 0.096036) / 1.192073 = 0.416113
    # half   = 1.959964 · sqrt(0.24/20 + 3.841459/1600) / 1.192073 = 1.959964 · 0.120004 / 1.192073 = 0.197306
    low, high = wilson_interval(8, 20)
    assert low == pytest.approx(0.2188, abs=5e-5)
    assert high == pytest.approx(0.6134, abs=5e-5)


@pytest.mark.parametrize(
    ("positive", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857–872, Table II, method 3 (score, no correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
    ],
)
def test_wilson_published_newcombe_1998(positive, n, low, high):
    got_low, got_high = wilson_interval(positive, n)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


def test_wilson_zero_and_all_exact_limits():
    # 0/10: (0, 3.841459 / 13.841459) = (0, 0.277533); 10/10: (10 / 13.841459, 1) = (0.722467, 1)
    low, high = wilson_interval([0, 10], [10, 10])
    assert low[0] == 0.0
    assert high[0] == pytest.approx(0.277533, abs=1e-6)
    assert low[1] == pytest.approx(0.722467, abs=1e-6)
    assert high[1] == 1.0


def test_wilson_n_zero_and_missing_give_nan():
    low, high = wilson_interval(pd.array([0, 3, None], dtype="Int64"), pd.Series([0, 6, 6]))
    assert np.isnan(low[0])
    assert np.isnan(high[0])
    assert np.isnan(low[2])
    assert np.isnan(high[2])
    # 3/6: centre 0.5, half = 1.959964 · sqrt(0.25/6 + 3.841459/144) / 1.640243
    #                       = 1.959964 · 0.261426 / 1.640243 = 0.312384
    assert low[1] == pytest.approx(0.5 - 0.312384, abs=1e-5)
    assert high[1] == pytest.approx(0.5 + 0.312384, abs=1e-5)


def test_wilson_scalar_in_scalar_out_and_vector_shapes():
    low, high = wilson_interval(1, 4)
    assert isinstance(low, float)
    assert isinstance(high, float)
    low, high = wilson_interval(np.array([1, 2, 3]), 4)
    assert low.shape == (3,)
    assert high.shape == (3,)


@pytest.mark.parametrize(("positive", "n"), [(5, 4), (-1, 4), (1, -4)])
def test_wilson_rejects_impossible_counts(positive, n):
    with pytest.raises(ValueError, match="antal"):
        wilson_interval(positive, n)


@given(st.integers(min_value=1, max_value=5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_property_contains_rate_and_matches_scipy(counts):
    positive, n = counts
    low, high = wilson_interval(positive, n)
    rate = positive / n
    assert 0.0 <= low <= rate <= high <= 1.0
    # An independent implementation of the same interval.
    reference = binomtest(positive, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert low == pytest.approx(reference.low, abs=1e-9)
    assert high == pytest.approx(reference.high, abs=1e-9)


# ------------------------------------------------------------------------------------------- outcome_rates
@pytest.mark.parametrize("string_dtype", ["str", "string"])
def test_outcome_rates_total(string_dtype):
    table = outcome_rates(make_participants(example_rows(), string_dtype), by=[], min_n=1)  # exact counts
    assert list(table.columns) == ["n", "positive", "rate", "ci_low", "ci_high", "suppressed"]
    row = table.iloc[0]
    # 8 positive of 13 finished; the 2 ongoing are not in the denominator.
    assert (row["n"], row["positive"]) == (13, 8)
    assert row["rate"] == pytest.approx(8 / 13)
    # 8/13: centre (0.615385 + 0.147748) / 1.295497 = 0.589066, half 1.959964·0.154562/1.295497 = 0.233837
    assert row["ci_low"] == pytest.approx(0.3552, abs=1e-4)
    assert row["ci_high"] == pytest.approx(0.8229, abs=1e-4)
    assert not row["suppressed"]


def test_outcome_rates_dtypes():
    table = outcome_rates(make_participants(example_rows()), by=["ar", "stadsdel_kod"])
    assert str(table["ar"].dtype) == "Int64"
    assert str(table["n"].dtype) == "Int64"
    assert str(table["positive"].dtype) == "Int64"
    assert table["rate"].dtype == np.float64
    assert table["ci_low"].dtype == np.float64
    assert table["suppressed"].dtype == bool


def test_outcome_rates_by_year_uses_year_of_slutdatum():
    table = outcome_rates(make_participants(example_rows()), by=["ar"], min_n=1)
    assert table["ar"].tolist() == [2023, 2024]
    assert table["n"].tolist() == [6, 7]
    assert table["positive"].tolist() == [4, 4]
    # 4/6: centre (0.666667 + 0.320122) / 1.640243 = 0.601611, half 1.959964·0.252416/1.640243 = 0.301614
    assert table["ci_low"].tolist() == pytest.approx([0.3000, 0.2505], abs=1e-4)
    assert table["ci_high"].tolist() == pytest.approx([0.9032, 0.8418], abs=1e-4)


def test_outcome_rates_suppresses_small_groups_but_keeps_keys():
    table = outcome_rates(make_participants(example_rows()), by=["ar", "stadsdel_kod"], min_n=5)
    assert list(zip(table["ar"], table["stadsdel_kod"], strict=True)) == [
        (2023, "1283R005"),
        (2024, "1283R005"),
        (2024, "1283R026"),
    ]
    small = table.iloc[1]  # 0 of 2: fewer than 5 people
    assert bool(small["suppressed"])
    for column in ("n", "positive", "rate", "ci_low", "ci_high"):
        assert pd.isna(small[column]), column
    # 4 of 5 at min_n = 5: 1 did not reach work, so the rate is hidden as well (n − positive = 1)
    assert bool(table.iloc[2]["suppressed"])
    # Without protection (min_n = 1: nothing hidden, nothing rounded) the exact 4 of 5 and its interval
    shown = outcome_rates(make_participants(example_rows()), by=["ar", "stadsdel_kod"], min_n=1).iloc[2]
    assert (shown["n"], shown["positive"]) == (5, 4)
    assert (shown["ci_low"], shown["ci_high"]) == pytest.approx((0.3755, 0.9638), abs=1e-4)


def test_outcome_rates_publish_rounded_counts_and_rates_from_them():
    # 13 finished, 8 positive: published as 15 and 10 (nearest 5), rate 10/15 with the interval of 10/15
    row = outcome_rates(make_participants(example_rows()), by=[], min_n=5).iloc[0]
    assert (row["n"], row["positive"]) == (15, 10)
    assert row["rate"] == pytest.approx(10 / 15)
    low, high = wilson_interval(10, 15)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    assert row["rate"] * row["n"] == pytest.approx(row["positive"])


def test_outcome_rates_threshold_edges():
    participants = make_participants(example_rows())
    # District A 2023 has n = 6 (4 positive, so 2 not): min_n = 2 shows it, min_n = 6 hides it (2 < 6).
    assert not bool(outcome_rates(participants, by=["ar", "stadsdel_kod"], min_n=2).iloc[0]["suppressed"])
    table = outcome_rates(participants, by=["ar", "stadsdel_kod"], min_n=6)
    assert table["suppressed"].tolist() == [True, True, True]
    assert table["n"].isna().tolist() == [True, True, True]
    # min_n = 2 shows the 0-of-2 group: rate 0, lower limit exactly 0, upper 3.841459/5.841459 = 0.657620
    table = outcome_rates(participants, by=["ar", "stadsdel_kod"], min_n=1)
    zero = table.iloc[1]
    assert (zero["n"], zero["positive"], zero["rate"], zero["ci_low"]) == (2, 0, 0.0, 0.0)
    assert zero["ci_high"] == pytest.approx(0.657620, abs=1e-6)


def test_outcome_rates_all_positive_group():
    rows = [finished("arbete", "2023-02-01") for _ in range(6)]
    row = outcome_rates(make_participants(rows), by=["insats"], min_n=1).iloc[0]
    # 6/6: (6 / 9.841459, 1) = (0.609666, 1); all of them, so no complement to protect at any threshold
    assert not outcome_rates(make_participants(rows), by=["insats"]).iloc[0]["suppressed"]
    assert row["rate"] == 1.0
    assert row["ci_low"] == pytest.approx(0.609666, abs=1e-6)
    assert row["ci_high"] == 1.0


def test_outcome_rates_nothing_finished_is_suppressed_total():
    rows = [{"utfall": "pagaende"}] * 7
    table = outcome_rates(make_participants(rows), by=[])
    assert len(table) == 1
    assert bool(table.loc[0, "suppressed"])
    assert pd.isna(table.loc[0, "n"])


def test_outcome_rates_missing_keys_form_their_own_group_and_no_empty_groups():
    rows = [finished("arbete", "2023-02-01", kon="man") for _ in range(5)]
    rows += [finished("avbrott", "2023-02-01", kon=None) for _ in range(5)]
    rows += [finished("studier", None, kon="man") for _ in range(5)]  # finished but no end date
    table = outcome_rates(make_participants(rows), by=["ar", "kon"], min_n=1)
    assert len(table) == 3  # (2023, man), (2023, NA), (NA, man) – no invented (NA, NA) or (…, kvinna)
    assert table["n"].sum() == 15
    keys = {
        (None if pd.isna(a) else int(a), None if pd.isna(k) else k)
        for a, k in zip(table["ar"], table["kon"], strict=True)
    }
    assert keys == {(2023, "man"), (2023, None), (None, "man")}


def test_outcome_rates_groups_add_up_to_total():
    participants = make_participants(example_rows())
    total = outcome_rates(participants, by=[], min_n=0).iloc[0]
    for by in (["ar"], ["stadsdel_kod"], ["ar", "stadsdel_kod", "insats", "malgrupp", "kon"]):
        table = outcome_rates(participants, by=by, min_n=0)
        assert table["n"].sum() == total["n"]
        assert table["positive"].sum() == total["positive"]


def test_outcome_rates_ignores_rows_without_utfall():
    rows = [*example_rows(), finished(None, "2023-05-01")]
    table = outcome_rates(make_participants(rows), by=[], min_n=1)
    assert table.loc[0, "n"] == 13


def test_outcome_rates_empty_input_keeps_columns_and_dtypes():
    table = outcome_rates(make_participants(example_rows()).iloc[:0], by=["ar", "kon"])
    assert table.empty
    assert list(table.columns) == ["ar", "kon", "n", "positive", "rate", "ci_low", "ci_high", "suppressed"]
    assert str(table["n"].dtype) == "Int64"


@pytest.mark.parametrize("by", [["roll"], ["ar_start"], ["ar", "ar"]])
def test_outcome_rates_rejects_unknown_or_repeated_keys(by):
    with pytest.raises(ValueError, match="outcome_rates"):
        outcome_rates(make_participants(example_rows()), by=by)


# ------------------------------------------------------------------------------------------ ongoing_counts
def test_ongoing_counts_masks_small_counts():
    rows = [{"utfall": "pagaende", "startdatum": "2023-03-01", "stadsdel_kod": "A"}] * 5
    rows += [{"utfall": "pagaende", "startdatum": "2024-03-01", "stadsdel_kod": "A"}] * 4
    rows += [{"utfall": "pagaende", "startdatum": "2024-03-01", "stadsdel_kod": "B"}] * 1
    rows += [finished("arbete", "2024-05-01", stadsdel_kod="C")] * 6  # finished: not counted
    table = ongoing_counts(make_participants(rows), by=["ar_start", "stadsdel_kod"], min_n=5)
    assert list(table.columns) == ["ar_start", "stadsdel_kod", "pagaende", "suppressed"]
    assert table["ar_start"].tolist() == [2023, 2024, 2024]
    assert table["stadsdel_kod"].tolist() == ["A", "A", "B"]
    # 5 shown (= min_n, a multiple of 5), 4 (= min_n − 1) and 1 hidden
    assert table["pagaende"].tolist()[0] == 5
    assert table["pagaende"].isna().tolist() == [False, True, True]
    assert table["suppressed"].tolist() == [False, True, True]
    assert str(table["pagaende"].dtype) == "Int64"


def test_ongoing_counts_total_zero_is_shown():
    table = ongoing_counts(make_participants([finished("arbete", "2024-05-01")]), by=[])
    assert table.loc[0, "pagaende"] == 0
    assert not table.loc[0, "suppressed"]


def test_ongoing_counts_rejects_outcome_year():
    with pytest.raises(ValueError, match="ongoing_counts"):
        ongoing_counts(make_participants(example_rows()), by=["ar"])


def test_year_of_keeps_missing():
    years = year_of(pd.Series(pd.to_datetime(["2021-12-31", None])))
    assert years.tolist()[0] == 2021
    assert pd.isna(years.tolist()[1])
