"""Tests of analysis.stats.districts: indicator shares, municipal totals, SCB's index and area types."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.stats.districts import (
    AREA_TYPE_LABELS,
    area_type_distribution,
    area_type_from_index,
    area_types,
    district_indicators,
    municipal_totals,
    socioeconomic_index,
)
from analysis.vocab import STATISTICS_COLUMNS


def make_statistics(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    frame["stadsdel_kod"] = frame["stadsdel_kod"].astype("str")
    frame["ar"] = frame["ar"].astype("int64")
    for column in STATISTICS_COLUMNS[2:]:
        if column == "medianinkomst_tkr":
            frame[column] = frame[column].astype("float64")
        else:
            frame[column] = frame[column].astype("Int64")
    return frame[list(STATISTICS_COLUMNS)]


def district(code: str, year: int, **values) -> dict:
    base = {
        "stadsdel_kod": code,
        "ar": year,
        "folkmangd": 1000,
        "folkmangd_20_64": 600,
        "utrikes_fodda": 300,
        "forvarvsarbetande_20_64": 400,
        "lag_ekonomisk_standard": 250,
        "forgymnasial_20_64": 120,
        "langvarigt_bistand_arbetsloshet_20_64": 90,
        "lagenheter": 500,
        "medianinkomst_tkr": 250.0,
        "omradestyp_scb": None,
    }
    return {**base, **values}


def statistics() -> pd.DataFrame:
    return make_statistics(
        [
            district("1283R005", 2023, omradestyp_scb=1),
            district(
                "1283R021",
                2023,
                folkmangd=2000,
                folkmangd_20_64=1200,
                utrikes_fodda=200,
                forvarvsarbetande_20_64=1000,
                lag_ekonomisk_standard=100,
                forgymnasial_20_64=60,
                langvarigt_bistand_arbetsloshet_20_64=12,
                lagenheter=20,
                medianinkomst_tkr=400.0,
            ),
            district("1283R005", 2024, lag_ekonomisk_standard=240, forgymnasial_20_64=110, lagenheter=None),
        ]
    )


# ------------------------------------------------------------------------------------ district_indicators
def test_district_indicators_long_format_and_values():
    table = district_indicators(statistics())
    assert list(table.columns) == [
        "stadsdel_kod",
        "ar",
        "indikator",
        "taljare",
        "namnare",
        "andel",
        "ci_low",
        "ci_high",
    ]
    assert len(table) == 3 * 5
    first = table.iloc[:5]
    assert first["indikator"].tolist() == [
        "utrikes_fodda",
        "forvarvsarbetande_20_64",
        "lag_ekonomisk_standard",
        "forgymnasial_20_64",
        "langvarigt_bistand_arbetsloshet_20_64",
    ]
    assert first["taljare"].tolist() == [300, 400, 250, 120, 90]
    assert first["namnare"].tolist() == [1000, 600, 1000, 600, 600]
    # 300/1000 = 0.3, 400/600 = 0.666667, 250/1000 = 0.25, 120/600 = 0.2, 90/600 = 0.15
    assert first["andel"].tolist() == pytest.approx([0.3, 0.666667, 0.25, 0.2, 0.15], abs=1e-6)
    # Wilson 300/1000: centre (0.3 + 0.001921) / 1.003841 = 0.300765, half 1.959964·0.014524/1.003841 = 0.028359
    # Wilson 400/600:  centre (0.666667 + 0.003201) / 1.006402 = 0.665606, half 0.037614
    assert first["ci_low"].tolist()[:2] == pytest.approx([0.2724, 0.6280], abs=1e-4)
    assert first["ci_high"].tolist()[:2] == pytest.approx([0.3291, 0.7032], abs=1e-4)
    assert str(table["taljare"].dtype) == "Int64"
    assert str(table["namnare"].dtype) == "Int64"


def test_district_indicators_zero_small_and_inconsistent_denominators():
    frame = make_statistics(
        [
            district("X", 2023, folkmangd=0, utrikes_fodda=0, lag_ekonomisk_standard=0),
            district(
                "Y",
                2023,
                folkmangd_20_64=4,
                forvarvsarbetande_20_64=3,
                forgymnasial_20_64=0,
                langvarigt_bistand_arbetsloshet_20_64=0,
            ),
            district("Z", 2023, utrikes_fodda=1200),  # more foreign-born than inhabitants
        ]
    )
    table = district_indicators(frame, min_n=5).set_index(["stadsdel_kod", "indikator"])
    # X: denominator 0 → no share, counts shown (0 reveals nothing)
    x = table.loc[("X", "utrikes_fodda")]
    assert (x["taljare"], x["namnare"]) == (0, 0)
    assert pd.isna(x["andel"])
    assert pd.isna(x["ci_low"])
    # Y: 20–64 denominator 4 < 5 → every number hidden
    y = table.loc[("Y", "forvarvsarbetande_20_64")]
    for column in ("taljare", "namnare", "andel", "ci_low", "ci_high"):
        assert pd.isna(y[column]), column
    assert table.loc[("Y", "utrikes_fodda"), "andel"] == pytest.approx(0.3)  # denominator 1000: shown
    # Z: inconsistent (1200 of 1000) → no share, no exception
    z = table.loc[("Z", "utrikes_fodda")]
    assert pd.isna(z["andel"])
    assert pd.isna(z["ci_high"])


@pytest.mark.parametrize(("denominator", "hidden"), [(4, True), (5, False)])
def test_district_indicators_threshold_edge(denominator, hidden):
    frame = make_statistics(
        [
            district(
                "Y",
                2023,
                folkmangd_20_64=denominator,
                forvarvsarbetande_20_64=denominator,
                forgymnasial_20_64=0,
                langvarigt_bistand_arbetsloshet_20_64=0,
            )
        ]
    )
    row = district_indicators(frame, min_n=5).iloc[1]
    assert row["indikator"] == "forvarvsarbetande_20_64"
    assert pd.isna(row["andel"]) is hidden
    if not hidden:  # 5/5: (5 / 8.841459, 1) = (0.565518, 1)
        assert row["ci_low"] == pytest.approx(0.565518, abs=1e-6)
        assert row["ci_high"] == 1.0


# --------------------------------------------------------------------------------------- municipal_totals
def test_municipal_totals_sums_and_weighted_median():
    totals = municipal_totals(statistics())
    assert list(totals.columns) == list(STATISTICS_COLUMNS)
    assert totals["stadsdel_kod"].tolist() == ["kommun", "kommun"]
    assert totals["ar"].tolist() == [2023, 2024]
    first = totals.iloc[0]
    # 2023: 1000 + 2000, 600 + 1200, 300 + 200, 400 + 1000, 250 + 100, 120 + 60, 90 + 12, 500 + 20
    assert first["folkmangd"] == 3000
    assert first["folkmangd_20_64"] == 1800
    assert first["utrikes_fodda"] == 500
    assert first["forvarvsarbetande_20_64"] == 1400
    assert first["lag_ekonomisk_standard"] == 350
    assert first["forgymnasial_20_64"] == 180
    assert first["langvarigt_bistand_arbetsloshet_20_64"] == 102
    assert first["lagenheter"] == 520
    # (250 · 600 + 400 · 1200) / 1800 = 630000 / 1800 = 350
    assert first["medianinkomst_tkr"] == pytest.approx(350.0)
    assert pd.isna(first["omradestyp_scb"])


def test_municipal_totals_missing_count_makes_total_missing():
    frame = make_statistics([district("A", 2023, lagenheter=500), district("B", 2023, lagenheter=None)])
    total = municipal_totals(frame).iloc[0]
    assert pd.isna(total["lagenheter"])  # 500 + unknown is unknown, not 500
    assert total["folkmangd"] == 2000


def test_municipal_totals_median_weighted_by_population_20_64():
    frame = make_statistics(
        [
            district("A", 2023, folkmangd_20_64=100, medianinkomst_tkr=300.0),
            district("B", 2023, folkmangd_20_64=300, medianinkomst_tkr=200.0),
        ]
    )
    # (300 · 100 + 200 · 300) / 400 = 90000 / 400 = 225 (weighting by folkmangd would give 250)
    assert municipal_totals(frame).loc[0, "medianinkomst_tkr"] == pytest.approx(225.0)


def test_municipal_totals_median_skips_districts_without_median():
    frame = make_statistics(
        [district("A", 2023, medianinkomst_tkr=300.0), district("B", 2023, medianinkomst_tkr=np.nan)]
    )
    assert municipal_totals(frame).loc[0, "medianinkomst_tkr"] == pytest.approx(300.0)


def test_municipal_totals_feed_district_indicators():
    table = district_indicators(municipal_totals(statistics()))
    share = table.loc[(table["ar"] == 2023) & (table["indikator"] == "forvarvsarbetande_20_64"), "andel"]
    assert share.tolist() == pytest.approx([1400 / 1800])


# ------------------------------------------------------------------------------------ socioeconomic_index
def test_socioeconomic_index_hand_computed():
    table = socioeconomic_index(statistics())
    assert list(table.columns) == ["stadsdel_kod", "ar", "v1", "v2", "v3", "index"]
    # R005 2023: v1 = 100·250/1000 = 25, v2 = 100·120/600 = 20, v3 = 100·90/600 = 15 → index 20
    # R021 2023: v1 = 100·100/2000 = 5, v2 = 100·60/1200 = 5, v3 = 100·12/1200 = 1 → index 11/3 = 3.666667
    # R005 2024: v1 = 24, v2 = 100·110/600 = 18.333333, v3 = 15 → index 57.333333/3 = 19.111111
    assert table["v1"].tolist() == pytest.approx([25.0, 5.0, 24.0])
    assert table["v2"].tolist() == pytest.approx([20.0, 5.0, 18.333333], abs=1e-6)
    assert table["v3"].tolist() == pytest.approx([15.0, 1.0, 15.0])
    assert table["index"].tolist() == pytest.approx([20.0, 3.666667, 19.111111], abs=1e-6)


def test_socioeconomic_index_missing_or_zero_denominator_gives_nan():
    frame = make_statistics([district("A", 2023, folkmangd_20_64=0), district("B", 2023, folkmangd=None)])
    table = socioeconomic_index(frame)
    assert np.isnan(table.loc[0, "v2"])
    assert np.isnan(table.loc[0, "index"])
    assert np.isnan(table.loc[1, "v1"])
    assert table.loc[1, "v2"] == pytest.approx(20.0)
    assert np.isnan(table.loc[1, "index"])


# ----------------------------------------------------------------------------------- area_type_from_index
@pytest.mark.parametrize(
    ("index", "expected"),
    [
        # mean 12, sd 7: edges μ+2σ = 26, μ+σ = 19, μ = 12, μ−σ = 5; each band includes its lower edge
        (40.0, 1),
        (26.0, 1),
        (25.999, 2),
        (19.0, 2),
        (18.999, 3),
        (12.0, 3),
        (11.999, 4),
        (5.0, 4),
        (4.999, 5),
        (0.0, 5),
    ],
)
def test_area_type_band_edges(index, expected):
    assert area_type_from_index(index, mean=12.0, sd=7.0) == expected


def test_area_type_vectorised_keeps_index_and_missing():
    series = pd.Series([30.0, np.nan, 13.0], index=["a", "b", "c"])
    types = area_type_from_index(series, mean=12.0, sd=7.0)
    assert str(types.dtype) == "Int64"
    assert list(types.index) == ["a", "b", "c"]
    assert types.tolist()[0] == 1
    assert pd.isna(types.tolist()[1])
    assert types.tolist()[2] == 3
    assert area_type_from_index(np.nan) is pd.NA


@pytest.mark.parametrize("sd", [0.0, -1.0, np.nan])
def test_area_type_rejects_bad_sd(sd):
    with pytest.raises(ValueError, match="sd"):
        area_type_from_index([10.0], mean=12.0, sd=sd)


@given(
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=1, max_value=20),
)
def test_area_type_property_matches_floor_formula(index, mean, sd):
    # Independent formula: type = clip(3 − floor((index − μ) / σ), 1, 5); integers keep the edges exact.
    expected = min(5, max(1, 3 - (index - mean) // sd))
    assert area_type_from_index(float(index), mean=float(mean), sd=float(sd)) == expected


# --------------------------------------------------------------------------------------------- area_types
def test_area_types_scb_wins_and_source_is_named():
    # R005 2023: index 20 → computed type 2 with μ 12, σ 7 (19 ≤ 20 < 26); SCB published 1 → 1 from SCB.
    # R021 2023: index 3.67 < 5 → computed 5, no SCB type. R005 2024: 19.11 → computed 2.
    table = area_types(statistics(), mean=12.0, sd=7.0)
    assert list(table.columns) == [
        "stadsdel_kod",
        "ar",
        "index",
        "omradestyp_beraknad",
        "omradestyp_scb",
        "omradestyp",
        "omradestyp_kalla",
    ]
    assert table["omradestyp_beraknad"].tolist() == [2, 5, 2]
    assert table["omradestyp"].tolist() == [1, 5, 2]
    assert table["omradestyp_kalla"].tolist() == ["SCB", "beräknad", "beräknad"]
    assert pd.isna(table["omradestyp_scb"].tolist()[1])
    for column in ("omradestyp_beraknad", "omradestyp_scb", "omradestyp"):
        assert str(table[column].dtype) == "Int64", column


def test_area_types_without_index_or_scb_type_is_missing():
    frame = make_statistics([district("A", 2023, folkmangd=0), district("B", 2023, folkmangd=0, omradestyp_scb=4)])
    table = area_types(frame)
    assert pd.isna(table.loc[0, "omradestyp"])
    assert pd.isna(table.loc[0, "omradestyp_kalla"])
    assert table.loc[1, "omradestyp"] == 4  # SCB's type needs no index
    assert table.loc[1, "omradestyp_kalla"] == "SCB"


def test_area_type_labels():
    assert AREA_TYPE_LABELS == {
        1: "Stora socioekonomiska utmaningar",
        2: "Socioekonomiska utmaningar",
        3: "Socioekonomiskt blandade områden",
        4: "Goda socioekonomiska förutsättningar",
        5: "Mycket goda socioekonomiska förutsättningar",
    }


# ---------------------------------------------------------------------------------- area_type_distribution
def test_area_type_distribution_hand_computed_with_unknown_type():
    # 2023: R005 SCB type 1 (1000 people, 600 aged 20–64), R021 computed type 5 (2000, 1200),
    # U without type (no 20–64 residents → no index, no SCB type): 500 people, 0 aged 20–64.
    # 2024: R005 alone, computed type 2 (index 19.11).
    frame = pd.concat(
        [statistics(), make_statistics([district("U", 2023, folkmangd=500, folkmangd_20_64=0)])],
        ignore_index=True,
    )
    table = area_type_distribution(frame, mean=12.0, sd=7.0, min_n=5)
    assert list(table.columns) == [
        "ar",
        "omradestyp",
        "stadsdelar",
        "folkmangd",
        "andel_folkmangd",
        "folkmangd_20_64",
        "andel_folkmangd_20_64",
    ]
    y2023 = table[table["ar"] == 2023]
    assert y2023["omradestyp"].tolist()[:5] == [1, 2, 3, 4, 5]
    assert pd.isna(y2023["omradestyp"].tolist()[5])  # the unknown type is a row of its own
    assert y2023["stadsdelar"].tolist() == [1, 0, 0, 0, 1, 1]
    assert y2023["folkmangd"].tolist() == [1000, 0, 0, 0, 2000, 500]
    # shares of 1000 + 2000 + 500 = 3500: 0.285714, 0, 0, 0, 0.571429, 0.142857 (they add up to 1)
    assert y2023["andel_folkmangd"].tolist() == pytest.approx([1000 / 3500, 0, 0, 0, 2000 / 3500, 500 / 3500])
    # 20–64: 600 + 1200 + 0 = 1800 → 1/3 and 2/3
    assert y2023["andel_folkmangd_20_64"].tolist() == pytest.approx([1 / 3, 0, 0, 0, 2 / 3, 0])
    y2024 = table[table["ar"] == 2024]
    assert y2024["omradestyp"].tolist() == [1, 2, 3, 4, 5]  # no unknown districts, no NA row
    assert y2024["stadsdelar"].tolist() == [0, 1, 0, 0, 0]
    assert y2024["andel_folkmangd"].tolist() == [0.0, 1.0, 0.0, 0.0, 0.0]
    for column in ("omradestyp", "stadsdelar", "folkmangd", "folkmangd_20_64"):
        assert str(table[column].dtype) == "Int64", column


def test_area_type_distribution_complementary_suppression():
    # A type 1 with 3 residents, B type 2 with 40, C type 3 with 60 (SCB types): 3 is hidden and, since
    # the year's total is shown elsewhere, the smallest other non-zero sum (40) is hidden as well.
    frame = make_statistics(
        [
            district("A", 2023, folkmangd=3, folkmangd_20_64=2, omradestyp_scb=1),
            district("B", 2023, folkmangd=40, folkmangd_20_64=30, omradestyp_scb=2),
            district("C", 2023, folkmangd=60, folkmangd_20_64=50, omradestyp_scb=3),
        ]
    )
    table = area_type_distribution(frame, min_n=5)
    assert [None if pd.isna(v) else int(v) for v in table["folkmangd"]] == [None, None, 60, 0, 0]
    assert np.isnan(table["andel_folkmangd"].tolist()[0])
    assert np.isnan(table["andel_folkmangd"].tolist()[1])
    assert table["andel_folkmangd"].tolist()[2] == pytest.approx(60 / 103)
    assert table["stadsdelar"].tolist() == [1, 1, 1, 0, 0]  # numbers of areas are not hidden


def test_area_type_distribution_missing_population_makes_shares_unknown():
    frame = make_statistics(
        [district("A", 2023, omradestyp_scb=1), district("B", 2023, folkmangd=None, omradestyp_scb=2)]
    )
    table = area_type_distribution(frame)
    assert table["folkmangd"].tolist()[0] == 1000
    assert pd.isna(table["folkmangd"].tolist()[1])
    assert all(np.isnan(table["andel_folkmangd"]))
