"""Tests of analysis.stats.reach: participants per 1,000 residents and the targeting ratio, hand-computed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.stats.reach import (
    _active_years,
    active_in_year,
    poisson_interval,
    reach,
    reach_by_district_and_type,
    reach_by_district_and_type_by_year,
    reach_by_year,
    targeting_ratio,
    targeting_ratio_by_year,
    targeting_reading,
)
from analysis.vocab import STATISTICS_COLUMNS


def make_participants(rows: list[dict]) -> pd.DataFrame:
    base = {
        "insats": "jobb",
        "utfall": "arbete",
        "malgrupp": "nyanlanda",
        "kon": "kvinna",
        "fodelsear": 1980,
        "slutdatum": None,
    }
    frame = pd.DataFrame.from_records([{**base, **row} for row in rows])
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])
    frame["slutdatum"] = pd.to_datetime(frame["slutdatum"])
    for column in ("deltagare_id", "insats", "stadsdel_kod", "utfall", "malgrupp", "kon"):
        frame[column] = frame[column].astype("string")
    frame["fodelsear"] = frame["fodelsear"].astype("Int64")
    return frame


def make_statistics(rows: list[tuple[str, int, int, int | None]]) -> pd.DataFrame:
    """(district, year, residents 20–64, SCB type) with the other columns filled in plausibly."""
    records = []
    for code, year, adults, scb_type in rows:
        records.append(
            {
                "stadsdel_kod": code,
                "ar": year,
                "folkmangd": 2 * adults,
                "folkmangd_20_64": adults,
                "utrikes_fodda": adults // 2,
                "forvarvsarbetande_20_64": adults // 2,
                "lag_ekonomisk_standard": adults // 5,
                "forgymnasial_20_64": adults // 10,
                "langvarigt_bistand_arbetsloshet_20_64": adults // 20,
                "lagenheter": 100,
                "medianinkomst_tkr": 250.0,
                "omradestyp_scb": scb_type,
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["stadsdel_kod"] = frame["stadsdel_kod"].astype("string")
    for column in STATISTICS_COLUMNS[2:]:
        if column != "medianinkomst_tkr":
            frame[column] = frame[column].astype("Int64")
    return frame[list(STATISTICS_COLUMNS)]


# ---------------------------------------------------------------------------------------------- active
def test_active_in_year_boundaries():
    frame = make_participants(
        [
            {"deltagare_id": "a", "stadsdel_kod": "A", "startdatum": "2023-03-01", "slutdatum": "2023-12-31"},
            {"deltagare_id": "b", "stadsdel_kod": "A", "startdatum": "2023-03-01", "slutdatum": "2024-01-01"},
            {"deltagare_id": "c", "stadsdel_kod": "A", "startdatum": "2024-12-31", "utfall": "pagaende"},
            {"deltagare_id": "d", "stadsdel_kod": "A", "startdatum": "2025-01-01", "utfall": "pagaende"},
            {"deltagare_id": "e", "stadsdel_kod": "A", "startdatum": "2020-05-05", "utfall": "pagaende"},
            {"deltagare_id": "f", "stadsdel_kod": "A", "startdatum": "2024-02-01", "utfall": "avbrott"},
            {"deltagare_id": "g", "stadsdel_kod": "A", "startdatum": None, "utfall": "pagaende"},
        ]
    )
    # a ended the day before 1 Jan 2024; b ended on 1 Jan; c started on 31 Dec; d starts after the year;
    # e has run since 2020; f finished without an end date → only its start year; g has no start.
    assert active_in_year(frame, 2024).tolist() == [False, True, True, False, True, True, False]
    assert active_in_year(frame, 2025).tolist() == [False, False, True, True, True, False, False]
    assert active_in_year(frame, 2023).tolist() == [True, True, False, False, True, False, False]


def test_active_years_give_the_same_answer_as_active_in_year():
    frame = make_participants(
        [
            {"deltagare_id": "a", "stadsdel_kod": "A", "startdatum": "2023-03-01", "slutdatum": "2023-12-31"},
            {"deltagare_id": "b", "stadsdel_kod": "A", "startdatum": "2023-03-01", "slutdatum": "2024-01-01"},
            {"deltagare_id": "c", "stadsdel_kod": "A", "startdatum": "2024-12-31", "utfall": "pagaende"},
            {"deltagare_id": "e", "stadsdel_kod": "A", "startdatum": "2020-05-05", "utfall": "pagaende"},
            {"deltagare_id": "f", "stadsdel_kod": "A", "startdatum": "2024-02-01", "utfall": "avbrott"},
            {"deltagare_id": "g", "stadsdel_kod": "A", "startdatum": None, "utfall": "pagaende"},
            {"deltagare_id": "h", "stadsdel_kod": "A", "startdatum": "2024-02-01", "slutdatum": "2022-01-01"},
            {"deltagare_id": "i", "stadsdel_kod": "A", "startdatum": "2021-02-01", "slutdatum": "2025-03-01"},
        ]
    )
    # active_in_year is built on _active_years, so the years are checked by hand: a to i as listed, for
    # 2020 … 2026 (h ended before it started: never active; i ran 2021 … 2025).
    expected = {
        2020: [False, False, False, True, False, False, False, False],
        2021: [False, False, False, True, False, False, False, True],
        2023: [True, True, False, True, False, False, False, True],
        2024: [False, True, True, True, True, False, False, True],
        2025: [False, False, True, True, False, False, False, True],
        2026: [False, False, True, True, False, False, False, False],
    }
    first, last = _active_years(frame)
    for year, active in expected.items():
        assert active_in_year(frame, year).tolist() == active, year
        assert ((first <= year) & (year <= last)).tolist() == active, year


def test_reach_by_year_is_reach_of_each_year():
    participants, statistics = reach_data()
    statistics = pd.concat(
        [statistics, make_statistics([("A", 2023, 1900, 1), ("B", 2023, 5100, 3), ("C", 2025, 900, 4)])]
    )
    # 2022: nobody active and no statistics (reach used to fail on such a year); 2026: only a running one.
    years = [2022, 2023, 2024, 2025, 2026]
    for by in [("stadsdel_kod", "insats"), ("stadsdel_kod",), ("insats",), ()]:
        for ages in (False, True):
            every = reach_by_year(participants, statistics, years=years, by=by, ages_20_64=ages)
            assert sorted(every) == years
            for year in years:
                alone = reach(participants, statistics, year=year, by=by, ages_20_64=ages)
                pd.testing.assert_frame_equal(every[year], alone)
    assert reach(participants, statistics, year=2022, by=("stadsdel_kod",)).empty
    by_district = reach_by_year(participants, statistics, years=[2023, 2024], by=("stadsdel_kod",))
    in_a = {year: frame.set_index("stadsdel_kod").loc["A"] for year, frame in by_district.items()}
    # 2023: only a7 (running since September) and x1 in A, hidden; 2024: a1…a7, published as 5.
    assert bool(in_a[2023]["suppressed"]) and pd.isna(in_a[2023]["deltagare"])
    assert not in_a[2024]["suppressed"] and in_a[2024]["deltagare"] == 5


# ----------------------------------------------------------------------------------------------- reach
def reach_data():
    statistics = make_statistics([("A", 2024, 2000, 1), ("B", 2024, 5000, 3), ("C", 2024, 1000, 4)])
    rows = []
    # District A: persons a1…a6 active in 2024 (a1 twice), a7 still running since 2023 → 7 persons.
    for i in range(1, 7):
        rows.append(
            {"deltagare_id": f"a{i}", "stadsdel_kod": "A", "startdatum": "2024-02-01", "slutdatum": "2024-06-01"}
        )
    rows.append({"deltagare_id": "a1", "stadsdel_kod": "A", "startdatum": "2024-08-01", "slutdatum": "2024-10-01"})
    rows.append({"deltagare_id": "a7", "stadsdel_kod": "A", "startdatum": "2023-09-01", "utfall": "pagaende"})
    # Not active in 2024: ended in 2023, starts in 2025.
    rows.append({"deltagare_id": "x1", "stadsdel_kod": "A", "startdatum": "2023-01-01", "slutdatum": "2023-12-31"})
    rows.append({"deltagare_id": "x2", "stadsdel_kod": "A", "startdatum": "2025-01-01", "utfall": "pagaende"})
    # District B: 3 persons. District C: nobody.
    for i in range(1, 4):
        rows.append(
            {"deltagare_id": f"b{i}", "stadsdel_kod": "B", "startdatum": "2024-03-01", "slutdatum": "2024-05-01"}
        )
    return make_participants(rows), statistics


def test_reach_per_1000_hand_computed():
    participants, statistics = reach_data()
    table = reach(participants, statistics, year=2024, by=("stadsdel_kod",), min_n=1)  # exact counts
    assert list(table.columns) == [
        "ar",
        "stadsdel_kod",
        "deltagare",
        "folkmangd_20_64",
        "per_1000",
        "ci_low",
        "ci_high",
        "suppressed",
    ]
    assert table["stadsdel_kod"].tolist() == ["A", "B", "C"]
    a, b, c = (table.iloc[i] for i in range(3))
    # A: 7 distinct persons / 2000 residents · 1000 = 3.5 per 1,000.
    # Garwood interval for 7 (published tables: 2.814–14.423): χ²(0.025; 14)/2 = 5.6287/2 = 2.81436,
    # χ²(0.975; 16)/2 = 28.8454/2 = 14.42268 → per 1,000 residents: /2000·1000 = 1.40718 … 7.21134.
    assert a["deltagare"] == 7
    assert a["folkmangd_20_64"] == 2000
    assert a["per_1000"] == pytest.approx(3.5)
    assert a["ci_low"] == pytest.approx(1.40718, abs=1e-5)
    assert a["ci_high"] == pytest.approx(7.21134, abs=1e-5)
    assert not a["suppressed"]
    # B: 3 persons < 5 → count, rate and interval hidden; the population is still shown.
    b = reach(participants, statistics, year=2024, by=("stadsdel_kod",), min_n=5).iloc[1]
    assert pd.isna(b["deltagare"])
    assert np.isnan(b["per_1000"])
    assert np.isnan(b["ci_high"])
    assert b["folkmangd_20_64"] == 5000
    assert b["suppressed"]
    # C: 0 is shown; upper limit for 0 = χ²(0.975; 2)/2 = −ln(0.025) = 3.68888 per 1000 residents.
    assert c["deltagare"] == 0
    assert c["per_1000"] == 0.0
    assert c["ci_low"] == 0.0
    assert c["ci_high"] == pytest.approx(-math.log(0.025), abs=1e-9)


def test_reach_published_counts_cannot_be_subtracted_from_the_total():
    participants, statistics = reach_data()
    table = reach(participants, statistics, year=2024, by=("stadsdel_kod",), min_n=5).set_index("stadsdel_kod")
    total = reach(participants, statistics, year=2024, by=(), min_n=5)["deltagare"].iloc[0]
    # B (3) is hidden; A's 7 is published as 5 and its rate is computed from the 5; C (0) stays 0. The
    # municipal total 10 minus A minus C is 5, not B's 3.
    assert pd.isna(table.loc["B", "deltagare"])
    assert table.loc["A", "deltagare"] == 5
    assert table.loc["A", "per_1000"] == pytest.approx(2.5)
    assert table.loc["C", "deltagare"] == 0
    assert total - table["deltagare"].dropna().sum() == 5


def test_reach_whole_municipality_and_per_programme():
    participants, statistics = reach_data()
    total = reach(participants, statistics, year=2024, by=(), min_n=5)
    # 7 + 3 = 10 distinct persons / (2000 + 5000 + 1000) · 1000 = 1.25 per 1,000;
    # Garwood for 10: 4.79539 … 18.39036 → /8 = 0.599424 … 2.298795.
    assert total["deltagare"].tolist() == [10]
    assert total["folkmangd_20_64"].tolist() == [8000]
    assert total["per_1000"].tolist() == pytest.approx([1.25])
    assert total["ci_low"].tolist() == pytest.approx([0.599424], abs=1e-6)
    assert total["ci_high"].tolist() == pytest.approx([2.298795], abs=1e-6)
    by_programme = reach(participants, statistics, year=2024, by=("insats",), min_n=5)
    assert by_programme["insats"].tolist() == ["jobb"]
    assert by_programme["deltagare"].tolist() == [10]


def test_reach_grid_has_every_district_and_programme():
    participants, statistics = reach_data()
    participants.loc[participants["deltagare_id"] == "b1", "insats"] = "sommar"
    table = reach(participants, statistics, year=2024, min_n=1)
    assert list(zip(table["stadsdel_kod"], table["insats"], strict=True)) == [
        ("A", "jobb"),
        ("A", "sommar"),
        ("B", "jobb"),
        ("B", "sommar"),
        ("C", "jobb"),
        ("C", "sommar"),
    ]
    assert table["deltagare"].tolist() == [7, 0, 2, 1, 0, 0]


def test_reach_district_without_statistics_has_no_rate():
    participants, statistics = reach_data()
    extra = make_participants(
        [{"deltagare_id": f"z{i}", "stadsdel_kod": "Z", "startdatum": "2024-01-10"} for i in range(6)]
    )
    frame = pd.concat([participants, extra], ignore_index=True)
    table = reach(frame, statistics, year=2024, by=("stadsdel_kod",))
    z = table.set_index("stadsdel_kod").loc["Z"]
    assert z["deltagare"] == 5  # 6, published to the nearest 5
    assert pd.isna(z["folkmangd_20_64"])
    assert np.isnan(z["per_1000"])


def test_reach_age_band():
    statistics = make_statistics([("A", 2024, 1000, 1)])
    participants = make_participants(
        [
            {"deltagare_id": "p1", "stadsdel_kod": "A", "startdatum": "2024-01-10", "fodelsear": 2004},  # 20
            {"deltagare_id": "p2", "stadsdel_kod": "A", "startdatum": "2024-01-10", "fodelsear": 2005},  # 19
            {"deltagare_id": "p3", "stadsdel_kod": "A", "startdatum": "2024-01-10", "fodelsear": 1960},  # 64
            {"deltagare_id": "p4", "stadsdel_kod": "A", "startdatum": "2024-01-10", "fodelsear": 1959},  # 65
        ]
    )
    everyone = reach(participants, statistics, year=2024, by=(), min_n=1)
    adults = reach(participants, statistics, year=2024, by=(), min_n=1, ages_20_64=True)
    assert everyone["deltagare"].tolist() == [4]
    assert adults["deltagare"].tolist() == [2]


def test_reach_rejects_person_keys():
    participants, statistics = reach_data()
    with pytest.raises(ValueError, match="kon"):
        reach(participants, statistics, year=2024, by=("kon",))


def test_poisson_interval_vectorised_and_missing():
    low, high = poisson_interval([0, 7, np.nan])
    assert low[0] == 0.0
    assert high[0] == pytest.approx(-math.log(0.025))
    assert (low[1], high[1]) == pytest.approx((2.814363, 14.422675), abs=1e-6)
    assert np.isnan(low[2])
    assert np.isnan(high[2])


# ------------------------------------------------------------------------------------- targeting ratio
def targeting_data(in_need: int, elsewhere: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    # A is type 1 with 1,000 residents 20–64, B type 3 with 3,000: population share in types 1–2 = 0.25.
    statistics = make_statistics([("A", 2024, 1000, 1), ("B", 2024, 3000, 3)])
    rows = [{"deltagare_id": f"a{i}", "stadsdel_kod": "A", "startdatum": "2024-03-01"} for i in range(in_need)]
    rows += [{"deltagare_id": f"b{i}", "stadsdel_kod": "B", "startdatum": "2024-03-01"} for i in range(elsewhere)]
    return make_participants(rows), statistics


def test_targeting_ratio_is_one_when_spread_like_the_population():
    participants, statistics = targeting_data(5, 15)
    row = targeting_ratio(participants, statistics, year=2024).iloc[0]
    # 5 of 20 participants live in type 1–2 = 0.25; the population share is 1000/4000 = 0.25 → ratio 1.
    # Wilson 5/20: centre (0.25 + 3.841459/40)/(1 + 3.841459/20) = 0.346036/1.192073 = 0.290281,
    # half 1.959964·√(0.009375 + 0.002401)/1.192073 = 0.178420 → 0.111862 … 0.468701; ÷ 0.25 → 0.447447 … 1.874804.
    assert row["n"] == 20
    assert row["i_omradena"] == 5
    assert row["andel_deltagare"] == pytest.approx(0.25)
    assert row["andel_befolkning"] == pytest.approx(0.25)
    assert row["kvot"] == pytest.approx(1.0)
    assert row["ci_low"] == pytest.approx(0.447447, abs=1e-5)
    assert row["ci_high"] == pytest.approx(1.874804, abs=1e-5)
    assert row["okand_omradestyp"] == 0
    assert targeting_reading(row["kvot"], row["ci_low"], row["ci_high"]) == "unclear"


def test_targeting_ratio_is_two_on_a_constructed_case():
    participants, statistics = targeting_data(10, 10)
    row = targeting_ratio(participants, statistics, year=2024).iloc[0]
    # 10 of 20 = 0.5 against 0.25 → ratio 2. Wilson 10/20 = 0.299298 … 0.700702; ÷ 0.25 → 1.197192 … 2.802808.
    assert row["kvot"] == pytest.approx(2.0)
    assert row["ci_low"] == pytest.approx(1.197192, abs=1e-5)
    assert row["ci_high"] == pytest.approx(2.802808, abs=1e-5)
    assert targeting_reading(row["kvot"], row["ci_low"], row["ci_high"]) == "over"


def test_targeting_ratio_person_counted_once_in_latest_district_and_unknown_reported():
    participants, statistics = targeting_data(4, 6)
    moved = make_participants(
        [
            # b0 also started in A later in the year: the latest active enrolment (A) places the person.
            {"deltagare_id": "b0", "stadsdel_kod": "A", "startdatum": "2024-09-01"},
            # Two persons in a district without statistics: reported, not in n.
            {"deltagare_id": "u1", "stadsdel_kod": "U", "startdatum": "2024-04-01"},
            {"deltagare_id": "u2", "stadsdel_kod": "U", "startdatum": "2024-04-01"},
        ]
    )
    frame = pd.concat([participants, moved], ignore_index=True)
    row = targeting_ratio(frame, statistics, year=2024, min_n=1).iloc[0]
    # persons: a0…a3 and b0 in A (5), b1…b5 in B (5) → 5/10 = 0.5 → ratio 2; u1, u2 unknown.
    assert row["n"] == 10
    assert row["i_omradena"] == 5
    assert row["kvot"] == pytest.approx(2.0)
    assert row["okand_omradestyp"] == 2
    hidden = targeting_ratio(frame, statistics, year=2024, min_n=5).iloc[0]
    assert pd.isna(hidden["okand_omradestyp"])  # 2 people < 5
    assert hidden["n"] == 10


def test_targeting_ratio_by_programme_and_suppression():
    participants, statistics = targeting_data(10, 10)
    participants.loc[participants["deltagare_id"].isin(["a0", "a1", "b0"]), "insats"] = "sommar"
    table = targeting_ratio(participants, statistics, year=2024, by=("insats",), min_n=5)
    assert table["insats"].tolist() == ["jobb", "sommar"]
    jobb, sommar = table.iloc[0], table.iloc[1]
    # jobb: 8 of 17 in A, published as 10 of 15 → 0.666667 / 0.25 = 2.666667
    assert (jobb["n"], jobb["i_omradena"]) == (15, 10)
    assert jobb["kvot"] == pytest.approx(10 / 15 / 0.25)
    # sommar: 3 persons < 5 → every number hidden
    assert sommar["suppressed"]
    assert pd.isna(sommar["n"])
    assert np.isnan(sommar["kvot"])
    assert targeting_reading(sommar["kvot"], sommar["ci_low"], sommar["ci_high"]) == "hidden"


def test_targeting_ratio_computed_type_when_scb_has_none():
    # B without an SCB type: V1 = 100·600/6000 = 10, V2 = 100·300/3000 = 10, V3 = 100·150/3000 = 5 →
    # index 8.33: type 4 with μ 12, σ 7 (5 ≤ 8.33 < 12), type 1 with μ 0, σ 3 (8.33 ≥ μ+2σ = 6).
    # So the population share in types 1–2 goes from 1000/4000 = 0.25 to 4000/4000 = 1, and with every
    # participant then living in types 1–2 (share 1) the ratio is 1/1 = 1.
    statistics = make_statistics([("A", 2024, 1000, 1), ("B", 2024, 3000, None)])
    participants, _ = targeting_data(10, 10)
    default = targeting_ratio(participants, statistics, year=2024).iloc[0]
    assert default["andel_befolkning"] == pytest.approx(0.25)
    shifted = targeting_ratio(participants, statistics, year=2024, mean=0.0, sd=3.0).iloc[0]
    assert shifted["andel_befolkning"] == pytest.approx(1.0)
    assert shifted["kvot"] == pytest.approx(1.0)


def test_targeting_reading_under_represented_and_the_edge_of_one():
    assert targeting_reading(0.5, 0.3, 0.8) == "under"
    assert targeting_reading(1.2, 1.0, 1.4) == "unclear"  # an interval touching 1 is not "over"
    assert targeting_reading(1.2, float("nan"), 1.4) == "hidden"


def test_targeting_ratio_by_year_is_targeting_ratio_of_each_year():
    participants, statistics = reach_data()
    statistics = pd.concat([statistics, make_statistics([("A", 2023, 1900, 1), ("B", 2023, 5100, 3)])])
    years = [2023, 2024, 2025]
    for by in [(), ("insats",), ("malgrupp", "kon")]:
        for ages in (False, True):
            every = targeting_ratio_by_year(participants, statistics, years=years, by=by, ages_20_64=ages, min_n=1)
            assert sorted(every) == years
            for year in years:
                alone = targeting_ratio(participants, statistics, year=year, by=by, ages_20_64=ages, min_n=1)
                pd.testing.assert_frame_equal(every[year], alone)
    counted = targeting_ratio_by_year(participants, statistics, years=[2023, 2024], min_n=1)
    # 2023: a7 and x1, both in A (type 1); 2024: a1…a7 in A and b1…b3 in B (type 3); min_n 1 rounds nothing.
    assert (counted[2023]["n"].tolist(), counted[2023]["i_omradena"].tolist()) == ([2], [2])
    assert (counted[2024]["n"].tolist(), counted[2024]["i_omradena"].tolist()) == ([10], [7])


def test_reach_by_district_and_type_by_year_is_each_year_alone():
    participants, statistics = reach_data()
    statistics = pd.concat([statistics, make_statistics([("A", 2023, 1900, 2), ("B", 2023, 5100, 3)])])
    for programme in (None, "jobb", "ingen"):
        every = reach_by_district_and_type_by_year(
            participants, statistics, years=[2023, 2024], mean=0, sd=1, min_n=1, programme=programme
        )
        for year in (2023, 2024):
            alone = reach_by_district_and_type(
                participants, statistics, year=year, mean=0, sd=1, min_n=1, programme=programme
            )
            pd.testing.assert_frame_equal(every[year], alone)
    # The area type is the year's own: A is type 2 in 2023 and type 1 in 2024.
    types = {year: frame.set_index("stadsdel_kod")["omradestyp"].to_dict() for year, frame in every.items()}
    assert (types[2023]["A"], types[2024]["A"]) == (2, 1)
