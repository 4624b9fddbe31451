"""Tests of analysis.stats.follow_up: lasting outcomes, time to outcome, extension rate; hand-computed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from analysis.stats.follow_up import (
    extension_rate,
    lasting_outcomes,
    median_interval,
    reference_date,
    time_to_outcome,
)
from analysis.stats.programmes import extension_rates


def make_participants(rows: list[dict]) -> pd.DataFrame:
    base = {
        "deltagare_id": "x",
        "insats": "jobb",
        "stadsdel_kod": "A",
        "startdatum": "2024-01-01",
        "slutdatum": None,
        "utfall": "arbete",
        "malgrupp": "nyanlanda",
        "kon": "kvinna",
        "roll": None,
        "forlangning": None,
        "utfall_6m": None,
        "utfall_12m": None,
    }
    frame = pd.DataFrame.from_records([{**base, **row} for row in rows])
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])
    frame["slutdatum"] = pd.to_datetime(frame["slutdatum"])
    for column in frame.columns:
        if column not in ("startdatum", "slutdatum"):
            frame[column] = frame[column].astype("string")
    return frame


def follow_up_frame() -> pd.DataFrame:
    return make_participants(
        [
            {"slutdatum": "2024-01-15", "utfall": "arbete", "utfall_6m": "arbete"},  # 1 lasting
            {"slutdatum": "2024-02-01", "utfall": "studier", "utfall_6m": "studier"},  # 2 lasting
            {"slutdatum": "2024-03-01", "utfall": "avbrott", "utfall_6m": "praktik"},  # 3 praktik
            {"slutdatum": "2024-03-10", "utfall": "ingen_sysselsattning", "utfall_6m": "ingen_sysselsattning"},
            {"slutdatum": "2024-04-01", "utfall": "arbete", "utfall_6m": "arbete"},  # 5 lasting
            {"slutdatum": "2024-04-02", "utfall": "praktik"},  # 6 due (2024-10-02), not followed up
            {"slutdatum": "2024-05-01", "utfall": "avbrott", "utfall_6m": ""},  # 7 due, empty = not followed up
            {"slutdatum": "2024-09-01", "utfall": "arbete"},  # 8 not due until 2025-03-01
            {"slutdatum": None, "utfall": "pagaende", "utfall_6m": "arbete"},  # 9 still running: never counted
            {"slutdatum": "2024-06-30", "utfall": "arbete", "utfall_6m": "studier"},  # 10 lasting
        ]
    )


def test_lasting_outcomes_hand_computed():
    table = lasting_outcomes(follow_up_frame(), at="6m", min_n=1, as_of="2024-12-31")
    assert list(table.columns) == [
        "uppfoljning",
        "n",
        "varaktiga",
        "andel",
        "ci_low",
        "ci_high",
        "arbete",
        "andel_arbete",
        "ci_low_arbete",
        "ci_high_arbete",
        "praktik",
        "andel_praktik",
        "ci_low_praktik",
        "ci_high_praktik",
        "studier",
        "andel_studier",
        "ci_low_studier",
        "ci_high_studier",
        "ingen_sysselsattning",
        "ej_uppfoljda",
        "suppressed",
    ]
    row = table.iloc[0]
    # followed up: 1, 2, 3, 4, 5, 10 → n = 6; arbete or studier: 1, 2, 5, 10 → 4; praktik (3) not lasting.
    assert row["uppfoljning"] == "6m"
    assert row["n"] == 6
    assert row["varaktiga"] == 4
    assert row["andel"] == pytest.approx(4 / 6)
    # Wilson 4/6: centre (0.666667 + 0.320122)/1.640243 = 0.601611, half 0.301617 → 0.299993 … 0.903229
    assert row["ci_low"] == pytest.approx(0.299993, abs=1e-6)
    assert row["ci_high"] == pytest.approx(0.903229, abs=1e-6)
    assert (row["arbete"], row["praktik"], row["studier"], row["ingen_sysselsattning"]) == (2, 1, 2, 1)
    assert row["andel_praktik"] == pytest.approx(1 / 6)
    # Wilson 1/6 = 0.030053 … 0.563503; 2/6 = 0.096771 … 0.700007
    assert (row["ci_low_praktik"], row["ci_high_praktik"]) == pytest.approx((0.030053, 0.563503), abs=1e-6)
    assert (row["ci_low_arbete"], row["ci_high_arbete"]) == pytest.approx((0.096771, 0.700007), abs=1e-6)
    # due but without status: 6 and 7; 8 is not due and 9 is not finished
    assert row["ej_uppfoljda"] == 2
    assert not row["suppressed"]


def test_lasting_outcomes_counting_praktik_and_positive_exits_only():
    with_praktik = lasting_outcomes(follow_up_frame(), min_n=1, as_of="2024-12-31", count_praktik=True).iloc[0]
    assert with_praktik["varaktiga"] == 5  # 1, 2, 3, 5, 10
    positive = lasting_outcomes(follow_up_frame(), min_n=1, as_of="2024-12-31", among="positiva").iloc[0]
    # positive exits: 1, 2, 5, 6, 8, 10; followed up: 1, 2, 5, 10 (all lasting); due and missing: 6
    assert positive["n"] == 4
    assert positive["varaktiga"] == 4
    assert positive["andel"] == 1.0
    assert positive["ej_uppfoljda"] == 1


def test_lasting_outcomes_suppression():
    table = lasting_outcomes(follow_up_frame(), min_n=2, as_of="2024-12-31").iloc[0]
    assert table["n"] == 6  # 6 followed up, 4 in work or studies, 2 not: all ≥ 2, shown (base 2)
    assert table["varaktiga"] == 4
    assert pd.isna(table["praktik"]) and np.isnan(table["andel_praktik"])  # 1 in praktik: hidden on its own
    assert table["arbete"] == 2  # 2 of 6 in work: shown
    assert table["ej_uppfoljda"] == 2
    assert pd.isna(lasting_outcomes(follow_up_frame(), min_n=3, as_of="2024-12-31").iloc[0]["ej_uppfoljda"])
    # At 5, the 2 not in work or studies hide the headline and so the row.
    assert lasting_outcomes(follow_up_frame(), min_n=5, as_of="2024-12-31").iloc[0]["suppressed"]
    small = lasting_outcomes(follow_up_frame(), min_n=7, as_of="2024-12-31").iloc[0]
    for column in ("n", "varaktiga", "arbete", "praktik", "studier", "ingen_sysselsattning"):
        assert pd.isna(small[column]), column
    for column in ("andel", "ci_low", "ci_high", "andel_arbete", "ci_high_studier"):
        assert np.isnan(small[column]), column
    assert small["suppressed"]


@pytest.mark.parametrize(("as_of", "missing"), [("2024-12-29", 0), ("2024-12-30", 1)])
def test_lasting_outcomes_due_date_edge(as_of, missing):
    # ended 30 June 2024: the 6-month follow-up falls due on 30 Dec 2024
    frame = make_participants([{"slutdatum": "2024-06-30", "utfall": "arbete"}])
    table = lasting_outcomes(frame, min_n=0, as_of=as_of)
    assert table["ej_uppfoljda"].tolist() == [missing]


def test_lasting_outcomes_default_as_of_is_latest_date_and_12m():
    frame = follow_up_frame()
    assert reference_date(frame) == pd.Timestamp("2024-09-01")
    # as of 2024-09-01 the 6-month follow-up is due for endings up to 2024-03-01: 1, 2, 3 (followed) → 6
    # and 7 are not yet due, so nothing is missing.
    assert lasting_outcomes(frame, min_n=0)["ej_uppfoljda"].tolist() == [0]
    twelve = lasting_outcomes(frame, at="12m", min_n=0, as_of="2025-03-01").iloc[0]
    # nobody has a 12-month status; due by 2025-03-01: endings up to 2024-03-01 → 1, 2, 3
    assert twelve["n"] == 0
    assert twelve["ej_uppfoljda"] == 3
    assert twelve["uppfoljning"] == "12m"


def test_lasting_outcomes_by_group_and_errors():
    frame = follow_up_frame()
    frame.loc[[0, 1, 2], "insats"] = "sommar"
    table = lasting_outcomes(frame, by=("insats",), min_n=1, as_of="2024-12-31")
    assert table["insats"].tolist() == ["jobb", "sommar"]
    assert table["n"].tolist() == [3, 3]  # jobb: 4, 5, 10; sommar: 1, 2, 3
    assert table["varaktiga"].tolist() == [2, 2]
    assert table["ej_uppfoljda"].tolist() == [2, 0]
    by_year = lasting_outcomes(frame, by=("ar",), min_n=1, as_of="2024-12-31")
    assert by_year["ar"].tolist() == [2024]
    with pytest.raises(ValueError, match="at"):
        lasting_outcomes(frame, at="3m")
    bad = make_participants([{"slutdatum": "2024-01-01", "utfall_6m": "semester"}])
    with pytest.raises(ValueError, match="semester"):
        lasting_outcomes(bad)


# ---------------------------------------------------------------------------------------- median interval
def test_median_interval_order_statistics_by_hand():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    # n = 10, B ~ Bin(10, ½): P(B ≤ 1) = 11/1024 = 0.0107 ≤ 0.025 < P(B ≤ 2) = 56/1024 = 0.0547 → l = 2,
    # interval = (x_(2), x_(9)) = (20, 90), coverage 1 − 2·11/1024 = 0.9785.
    assert median_interval(values) == (20.0, 90.0)
    # n = 6: P(B ≤ 0) = 1/64 = 0.0156 ≤ 0.025 → l = 1: (min, max), coverage 0.969
    assert median_interval([5, 1, 4, 2, 6, 3]) == (1.0, 6.0)
    # n = 5: P(B ≤ 0) = 1/32 = 0.031 > 0.025 → no interval reaches 95 %
    assert all(np.isnan(median_interval([1, 2, 3, 4, 5])))
    # n = 20: P(B ≤ 5) = 0.0207 ≤ 0.025 < P(B ≤ 6) = 0.0577 → ranks 6 and 15 (the textbook table value)
    assert median_interval(list(range(1, 21))) == (6.0, 15.0)


@given(st.integers(min_value=6, max_value=400))
def test_median_interval_property_coverage_is_the_tightest_at_least_95(n):
    low, _ = median_interval(np.arange(1, n + 1, dtype=float))
    rank = int(low)  # values are 1…n, so the value is the rank
    coverage = 1 - 2 * stats.binom.cdf(rank - 1, n, 0.5)
    assert coverage >= 0.95
    assert 1 - 2 * stats.binom.cdf(rank, n, 0.5) < 0.95  # one rank narrower would fall short


# ------------------------------------------------------------------------------------------ time to outcome
def test_time_to_outcome_hand_computed():
    rows = [
        {"startdatum": "2024-01-01", "slutdatum": str((pd.Timestamp("2024-01-01") + pd.Timedelta(days=d)).date())}
        for d in (10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
    ]
    rows += [
        {"startdatum": "2024-01-01", "slutdatum": "2024-12-31", "utfall": "avbrott"},  # not positive
        {"startdatum": "2024-01-01", "utfall": "pagaende"},  # not finished
    ]
    table = time_to_outcome(make_participants(rows), min_n=5)
    assert list(table.columns) == ["n", "median_dagar", "q1_dagar", "q3_dagar", "ci_low", "ci_high", "suppressed"]
    row = table.iloc[0]
    # days 10 … 100: median (50 + 60)/2 = 55; q1 at position 0.25·9 = 2.25 → 30 + 0.25·10 = 32.5;
    # q3 at 6.75 → 70 + 0.75·10 = 77.5; median interval (x_(2), x_(9)) = (20, 90)
    assert row["n"] == 10
    assert row["median_dagar"] == 55.0
    assert row["q1_dagar"] == 32.5
    assert row["q3_dagar"] == 77.5
    assert (row["ci_low"], row["ci_high"]) == (20.0, 90.0)


def test_time_to_outcome_groups_and_suppression():
    rows = [{"startdatum": "2024-01-01", "slutdatum": "2024-01-11", "insats": "jobb"} for _ in range(5)]
    rows += [{"startdatum": "2024-01-01", "slutdatum": "2024-02-01", "insats": "sommar"} for _ in range(4)]
    table = time_to_outcome(make_participants(rows), by=("insats",), min_n=5)
    assert table["insats"].tolist() == ["jobb", "sommar"]
    jobb, sommar = table.iloc[0], table.iloc[1]
    assert jobb["n"] == 5
    assert jobb["median_dagar"] == 10.0
    assert np.isnan(jobb["ci_low"])  # n = 5: no 95 % order-statistic interval
    assert sommar["suppressed"]
    assert pd.isna(sommar["n"])
    assert np.isnan(sommar["median_dagar"])


# ------------------------------------------------------------------------------------------ extension rate
def test_extension_rate_is_programmes_extension_rates_by_district():
    rows = [{"stadsdel_kod": "A", "forlangning": "ja"} for _ in range(6)]
    rows += [{"stadsdel_kod": "A", "forlangning": "nej"} for _ in range(5)]
    rows += [{"stadsdel_kod": "B", "forlangning": "ja"} for _ in range(3)]
    frame = make_participants(rows)
    table = extension_rate(frame, min_n=5)
    pd.testing.assert_frame_equal(table, extension_rates(frame, by=("stadsdel_kod",), min_n=5))
    assert table["stadsdel_kod"].tolist() == ["A", "B"]
    assert table["n"].tolist()[0] == 10  # 11, published to the nearest 5
    assert table["forlangda"].tolist()[0] == 5  # 6 of 11, published as 5 of 10
    assert pd.isna(table["n"].tolist()[1])  # 3 < 5
