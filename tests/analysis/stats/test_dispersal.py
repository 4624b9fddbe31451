"""Tests of analysis.stats.dispersal: placements of newly arrived per area type, the dissimilarity index
against the population (and under random placement) and placements per district, on hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats import dispersal
from analysis.stats.rates import wilson_interval
from analysis.stats.reach import poisson_interval
from analysis.stats.segregation import two_group_indices
from analysis.vocab import STATISTICS_COLUMNS


def make_statistics(rows: list[tuple[str, int, int]], scb_types: dict | None = None) -> pd.DataFrame:
    """statistik.csv in the loader's dtypes from (code, year, folkmangd) rows."""
    records = []
    for code, year, people in rows:
        records.append(
            {
                "stadsdel_kod": code,
                "ar": year,
                "folkmangd": people,
                "folkmangd_20_64": people // 2,
                "utrikes_fodda": people // 4,
                "forvarvsarbetande_20_64": people // 3,
                "lag_ekonomisk_standard": people // 10,
                "forgymnasial_20_64": people // 20,
                "langvarigt_bistand_arbetsloshet_20_64": people // 25,
                "lagenheter": people // 2,
                "medianinkomst_tkr": 250.0,
                "omradestyp_scb": (scb_types or {}).get(code),
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["stadsdel_kod"] = frame["stadsdel_kod"].astype("str")
    frame["ar"] = frame["ar"].astype("int64")
    for column in STATISTICS_COLUMNS[2:]:
        frame[column] = frame[column].astype("float64" if column == "medianinkomst_tkr" else "Int64")
    return frame[list(STATISTICS_COLUMNS)]


def make_placements(rows: list[tuple[int, str, int, int]], boendetyp: str = "modulbostad") -> pd.DataFrame:
    """Dataset.placements from (year, code, households, persons) rows."""
    frame = pd.DataFrame(rows, columns=["ar", "stadsdel_kod", "hushall", "personer"])
    frame["boendetyp"] = boendetyp
    frame = frame[["ar", "stadsdel_kod", "boendetyp", "hushall", "personer"]]
    return frame.astype(
        {"ar": "int64", "stadsdel_kod": "string", "boendetyp": "string", "hushall": "int64", "personer": "int64"}
    )


STATISTICS = make_statistics([("A", 2023, 1000), ("B", 2023, 2000), ("C", 2023, 3000)])
TYPES = pd.DataFrame({"stadsdel_kod": ["A", "B", "C"], "omradestyp": pd.array([1, 3, 5], dtype="Int64")})


# ------------------------------------------------------------------------------------------------ years
def test_statistics_year_for():
    assert dispersal.statistics_year_for(2023, [2021, 2023]) == (2023, "")
    year, note = dispersal.statistics_year_for(2024, [2021, 2023])
    assert year == 2023 and "2024" in note and "närmast tidigare" in note
    year, note = dispersal.statistics_year_for(2019, [2021, 2023])
    assert year == 2021 and "första året" in note
    assert dispersal.statistics_year_for(2019, [])[0] is None


# ------------------------------------------------------------------------------------------------ area types
def test_proportional_placement_by_area_type():
    placements = make_placements([(2023, "A", 5, 10), (2023, "B", 10, 20), (2023, "C", 15, 30)])
    out = dispersal.placements_by_area_type(placements, STATISTICS, TYPES, 2023, min_n=5)
    assert list(out.columns) == list(dispersal.BY_AREA_TYPE_COLUMNS)
    assert out["omradestyp"].tolist() == [1, 2, 3, 4, 5]  # every type, 0 where nobody lives or is placed
    assert out["personer"].tolist() == [10, 0, 20, 0, 30]
    assert out["hushall"].tolist() == [5, 0, 10, 0, 15]
    # Placed 10/60, 20/60, 30/60; residents 1000/6000, 2000/6000, 3000/6000: the ratio is 1 everywhere.
    assert out["andel_placerade"].tolist() == pytest.approx([1 / 6, 0, 1 / 3, 0, 1 / 2])
    assert out["andel_befolkning"].tolist() == pytest.approx([1 / 6, 0, 1 / 3, 0, 1 / 2])
    assert out.loc[[0, 2, 4], "kvot"].tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert out.loc[[1, 3], "kvot"].isna().all()  # no residents in types 2 and 4
    low, high = wilson_interval(10, 60)
    assert (out["ci_low"].iloc[0], out["ci_high"].iloc[0]) == (pytest.approx(low), pytest.approx(high))
    assert (out["status"] == "ok").all() and (out["ar_statistik"] == 2023).all() and (out["note"] == "").all()


def test_shares_by_area_type_come_from_published_counts():
    placements = make_placements([(2023, "A", 3, 7), (2023, "B", 6, 13), (2023, "C", 21, 41)])
    out = dispersal.placements_by_area_type(placements, STATISTICS, TYPES, 2023, min_n=5)
    # Total 61 → 60; 7 → 5, 13 → 15, 41 → 40: shares 5/60, 15/60, 40/60.
    assert out["personer"].tolist() == [5, 0, 15, 0, 40]
    assert out["andel_placerade"].tolist() == pytest.approx([5 / 60, 0, 15 / 60, 0, 40 / 60])
    low, high = wilson_interval(15, 60)
    assert (out["ci_low"].iloc[2], out["ci_high"].iloc[2]) == (pytest.approx(low), pytest.approx(high))
    assert out["kvot"].iloc[0] == pytest.approx((5 / 60) / (1 / 6))
    shown = out["personer"].dropna().astype(int).tolist() + out["hushall"].dropna().astype(int).tolist()
    assert all(value % 5 == 0 for value in shown)
    assert out["hushall"].isna().tolist() == [True, False, False, False, False]  # 3 households hidden
    exact = dispersal.placements_by_area_type(placements, STATISTICS, TYPES, 2023, min_n=1)
    assert exact["personer"].tolist() == [7, 0, 13, 0, 41]
    assert exact["andel_placerade"].tolist() == pytest.approx([7 / 61, 0, 13 / 61, 0, 41 / 61])


def test_a_small_count_hides_the_share():
    placements = make_placements([(2023, "A", 1, 3), (2023, "B", 10, 20), (2023, "C", 15, 30)])
    out = dispersal.placements_by_area_type(placements, STATISTICS, TYPES, 2023, min_n=5).set_index("omradestyp")
    assert pd.isna(out.loc[1, "personer"]) and pd.isna(out.loc[1, "andel_placerade"]) and pd.isna(out.loc[1, "kvot"])
    assert out.loc[1, "status"] == "suppressed"
    # The type with 20 of 53 placed is shown (20 of 55 published); so are the others.
    assert out.loc[3, "status"] == "ok" and out.loc[3, "andel_placerade"] == pytest.approx(20 / 55)


def test_districts_without_a_type_get_their_own_row_and_earlier_statistics_are_named():
    statistics = make_statistics([("A", 2022, 1000), ("B", 2022, 2000), ("C", 2022, 3000), ("E", 2022, 4000)])
    placements = make_placements([(2024, "A", 5, 10), (2024, "E", 5, 10)])
    out = dispersal.placements_by_area_type(placements, statistics, TYPES, 2024, min_n=5)
    assert out["omradestyp"].isna().tolist() == [False] * 5 + [True]
    unknown = out.iloc[5]
    assert unknown["personer"] == 10 and unknown["andel_placerade"] == pytest.approx(0.5)
    assert unknown["andel_befolkning"] == pytest.approx(4000 / 10000)
    assert (out["ar_statistik"] == 2022).all()
    assert "statistik för 2024 saknas" in out["note"].iloc[0]


def test_all_years_together_weigh_residents_by_placement_year():
    statistics = make_statistics([("A", 2022, 1000), ("C", 2022, 3000), ("A", 2023, 1000), ("C", 2023, 5000)])
    placements = make_placements([(2022, "A", 5, 10), (2024, "C", 10, 30)])
    out = dispersal.placements_by_area_type(placements, statistics, TYPES, None, min_n=1).set_index("omradestyp")
    # 2022 with 2022's residents, 2024 with 2023's: A (type 1) 1000 + 1000 of 4000 + 6000.
    assert out.loc[1, "andel_befolkning"] == pytest.approx(2000 / 10000)
    assert out.loc[5, "andel_befolkning"] == pytest.approx(8000 / 10000)
    assert out.loc[1, "andel_placerade"] == pytest.approx(10 / 40)
    assert out["ar_statistik"].isna().all()  # several statistics years
    assert "2024" in out["note"].iloc[0]


def test_area_types_computed_when_not_given():
    statistics = make_statistics([("A", 2023, 1000), ("B", 2023, 2000)], scb_types={"A": 2, "B": 4})
    placements = make_placements([(2023, "A", 5, 10), (2023, "B", 5, 10)])
    out = dispersal.placements_by_area_type(placements, statistics, None, 2023, min_n=1).set_index("omradestyp")
    assert out.loc[2, "personer"] == 10 and out.loc[4, "personer"] == 10
    assert out.loc[2, "andel_befolkning"] == pytest.approx(1 / 3)


def test_no_placements_by_area_type():
    out = dispersal.placements_by_area_type(make_placements([]), STATISTICS, TYPES, 2023, min_n=5)
    assert (out["status"] == "missing").all() and (out["personer"] == 0).all()
    assert out["andel_befolkning"].tolist() == pytest.approx([1 / 6, 0, 1 / 3, 0, 1 / 2])


def test_one_housing_type_only():
    placements = pd.concat(
        [
            make_placements([(2023, "A", 5, 10)], "modulbostad"),
            make_placements([(2023, "C", 5, 30)], "lagenhet"),
        ],
        ignore_index=True,
    )
    out = dispersal.placements_by_area_type(placements, STATISTICS, TYPES, 2023, min_n=1, boendetyp="modulbostad")
    assert out["personer"].tolist() == [10, 0, 0, 0, 0]


# ------------------------------------------------------------------------------------------------ D per year
def test_perfectly_proportional_placement_gives_d_zero():
    placements = make_placements([(2023, "A", 5, 10), (2023, "B", 10, 20), (2023, "C", 15, 30)])
    out = dispersal.dispersal_by_year(placements, STATISTICS, min_n=5)
    assert list(out.columns) == list(dispersal.BY_YEAR_COLUMNS)
    row = out.iloc[0]
    assert row["ar"] == 2023 and row["personer"] == 60 and row["status"] == "ok"
    assert row["D"] == 0.0
    # Chance alone: 60 persons cannot be spread exactly evenly, so random placement has D > 0.
    assert row["D_slump"] > 0 and row["D_slump_low"] <= row["D_slump"] <= row["D_slump_high"]


def test_d_by_hand_and_against_the_index_function():
    statistics = make_statistics([("A", 2023, 100), ("B", 2023, 100), ("C", 2023, 200)])
    out = dispersal.dispersal_by_year(make_placements([(2023, "A", 4, 10)]), statistics, min_n=1)
    # x = (10, 0, 0), t = (100, 100, 200); y = t − x = (90, 100, 200), X = 10, Y = 390.
    # D = ½ Σ |x_i/X − y_i/Y| = ½ (|1 − 90/390| + 100/390 + 200/390) = ½ (1 + 210/390) = 300/390.
    assert out["D"].iloc[0] == pytest.approx(300 / 390)
    assert out["D"].iloc[0] == pytest.approx(two_group_indices([10, 0, 0], [100, 100, 200]).dissimilarity)


def test_d_uses_published_counts_and_counts_hidden_districts():
    placements = make_placements([(2023, "A", 1, 3), (2023, "B", 6, 12), (2023, "C", 15, 30)])
    out = dispersal.dispersal_by_year(placements, STATISTICS, min_n=5).iloc[0]
    # Published (0 for the hidden 3, 12 → 10, 30): D of those against the population.
    assert out["D"] == pytest.approx(two_group_indices([0, 10, 30], [1000, 2000, 3000]).dissimilarity)
    assert out["dolda_stadsdelar"] == 1 and out["personer"] == 45
    exact = dispersal.dispersal_by_year(placements, STATISTICS, min_n=1).iloc[0]
    assert exact["D"] == pytest.approx(two_group_indices([3, 12, 30], [1000, 2000, 3000]).dissimilarity)
    assert exact["dolda_stadsdelar"] == 0 and exact["personer"] == 45


def test_random_placement_is_deterministic_and_reproduces_the_index():
    population = np.array([1000.0, 2000.0, 3000.0, 500.0])
    first = dispersal.random_dissimilarity(population, 40, min_n=1, draws=200, seed=[12, 2023])
    assert first == dispersal.random_dissimilarity(population, 40, min_n=1, draws=200, seed=[12, 2023])
    assert first != dispersal.random_dissimilarity(population, 40, min_n=1, draws=200, seed=[13, 2023])
    # One draw: the same multinomial draw through two_group_indices gives the same D.
    draw = np.random.default_rng(7).multinomial(40, population / population.sum(), size=1)[0]
    single = dispersal.random_dissimilarity(population, 40, min_n=1, draws=1, seed=7)
    assert single[0] == pytest.approx(two_group_indices(draw, population).dissimilarity)
    # D is biased upward for small counts and shrinks as the count grows.
    small = dispersal.random_dissimilarity(population, 20, min_n=1, draws=300)[0]
    large = dispersal.random_dissimilarity(population * 100, 20_000, min_n=1, draws=300)[0]
    assert small > 0.1 and large < 0.02
    assert np.isnan(dispersal.random_dissimilarity(population, 0, min_n=1)[0])


def test_dispersal_by_year_is_reproducible_and_years_are_independent():
    placements = make_placements([(2023, "A", 2, 8), (2023, "C", 6, 20), (2024, "B", 4, 12)])
    one = dispersal.dispersal_by_year(placements, STATISTICS, min_n=5, draws=100, seed=3)
    two = dispersal.dispersal_by_year(placements[placements["ar"] == 2023], STATISTICS, min_n=5, draws=100, seed=3)
    pd.testing.assert_series_equal(one.iloc[0], two.iloc[0], check_names=False)
    assert one["ar_statistik"].tolist() == [2023, 2023]
    assert "statistik för 2024 saknas" in one["note"].iloc[1]


def test_dispersal_statuses():
    placements = make_placements([(2022, "A", 1, 3), (2023, "A", 5, 10), (2023, "Z", 5, 10)])
    out = dispersal.dispersal_by_year(placements, STATISTICS, min_n=5).set_index("ar")
    assert out.loc[2022, "status"] == "suppressed" and pd.isna(out.loc[2022, "personer"])
    # Z has no population figure: left out of D, said in the note, counted in personer.
    assert out.loc[2023, "personer"] == 20 and "räknas inte" in out.loc[2023, "note"]
    assert out.loc[2023, "D"] == pytest.approx(two_group_indices([10, 0, 0], [1000, 2000, 3000]).dissimilarity)
    no_statistics = dispersal.dispersal_by_year(placements, STATISTICS.iloc[:0], min_n=5)
    assert no_statistics.loc[no_statistics["ar"] == 2023, "status"].item() == "missing"
    empty = dispersal.dispersal_by_year(make_placements([]), STATISTICS, min_n=5)
    assert empty.empty and list(empty.columns) == list(dispersal.BY_YEAR_COLUMNS)


# ------------------------------------------------------------------------------------------------ per district
def test_placements_per_district_per_1000_with_poisson_intervals():
    placements = make_placements([(2023, "A", 3, 7), (2023, "C", 20, 41), (2023, "Z", 5, 10), (2022, "B", 9, 9)])
    out = dispersal.placements_by_district(placements, STATISTICS, 2023, min_n=5).set_index("stadsdel_kod")
    assert list(out.reset_index().columns) == list(dispersal.BY_DISTRICT_COLUMNS)
    assert out.index.tolist() == ["A", "B", "C", "Z"]
    # A: 7 → 5 persons per 1000 residents = 5.0; the interval is Poisson's for 5, over 1000 residents.
    assert out.loc["A", "personer"] == 5 and pd.isna(out.loc["A", "hushall"])  # 3 households hidden
    assert out.loc["A", "per_1000"] == pytest.approx(5.0)
    low, high = poisson_interval(5)
    assert (out.loc["A", "ci_low"], out.loc["A", "ci_high"]) == (pytest.approx(low), pytest.approx(high))
    # B: nobody placed in 2023: 0 with the upper bound of a zero count.
    assert out.loc["B", "personer"] == 0 and out.loc["B", "per_1000"] == 0
    assert out.loc["B", "ci_high"] == pytest.approx(1000 * poisson_interval(0)[1] / 2000)
    # C: 41 → 40 per 3000 residents.
    assert out.loc["C", "per_1000"] == pytest.approx(40 / 3)
    # Z: not in the statistics: counts shown, no rate.
    assert out.loc["Z", "status"] == "missing" and out.loc["Z", "personer"] == 10 and pd.isna(out.loc["Z", "per_1000"])
    exact = dispersal.placements_by_district(placements, STATISTICS, 2023, min_n=1).set_index("stadsdel_kod")
    assert exact.loc["A", "personer"] == 7 and exact.loc["A", "per_1000"] == pytest.approx(7.0)


def test_a_hidden_district_count_hides_its_rate():
    out = dispersal.placements_by_district(make_placements([(2023, "A", 2, 2)]), STATISTICS, 2023, min_n=5)
    row = out.set_index("stadsdel_kod").loc["A"]
    assert row["status"] == "suppressed" and pd.isna(row["personer"]) and pd.isna(row["per_1000"])
    assert pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    empty = dispersal.placements_by_district(make_placements([]), STATISTICS.iloc[:0], 2023, min_n=5)
    assert empty.empty and list(empty.columns) == list(dispersal.BY_DISTRICT_COLUMNS)
