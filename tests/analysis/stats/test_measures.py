"""District measures: one shape for every measure; hidden and missing districts kept apart."""

import pandas as pd
import pytest

from analysis.settings import Settings
from analysis.stats import measures
from analysis.stats.compare import newcombe_difference


def statistics() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C"],
            "ar": [2024, 2024, 2024],
            "folkmangd": [1000, 400, 3],
            "folkmangd_20_64": [600, 250, 2],
            "utrikes_fodda": [300, 40, 1],
            "forvarvsarbetande_20_64": [420, 220, 1],
            "lag_ekonomisk_standard": [250, 20, 1],
            "forgymnasial_20_64": [150, 20, 1],
            "langvarigt_bistand_arbetsloshet_20_64": [60, 5, 0],
            "lagenheter": [500, 10, 0],
            "medianinkomst_tkr": [250.0, 380.0, None],
            "omradestyp_scb": pd.array([pd.NA, 5, pd.NA], dtype="Int64"),
        }
    )
    for col in frame.columns[2:-2]:
        frame[col] = frame[col].astype("Int64")
    return frame


def participants() -> pd.DataFrame:
    rows = [("A", "arbete")] * 6 + [("A", "avbrott")] * 5 + [("B", "studier")] * 3
    frame = pd.DataFrame(rows, columns=["stadsdel_kod", "utfall"]).astype("string")
    frame["startdatum"] = pd.Timestamp("2024-01-01")
    frame["slutdatum"] = pd.Timestamp("2024-06-01")
    for col, value in {"insats": "x", "malgrupp": "nyanlanda", "kon": "man", "deltagare_id": "p"}.items():
        frame[col] = pd.array([value] * len(frame), dtype="string")
    return frame


def values(key: str) -> pd.DataFrame:
    measure = measures.measure_by_key(key, ["x"])
    return measures.district_values(
        measure,
        statistics=statistics(),
        participants=participants(),
        district_codes=["A", "B", "C", "D"],
        year=2024,
        settings=Settings(min_n=5, index_mean=12, index_sd=7),
    ).set_index("stadsdel_kod")


def test_register_share_with_its_denominator():
    share = values("utrikes_fodda")
    assert share.loc["A", "value"] == 0.3
    assert share.loc["A", "n"] == 1000
    assert share.loc["A", "ci_low"] < 0.3 < share.loc["A", "ci_high"]
    assert share.loc["C", "status"] == "suppressed"  # a population of 3
    assert pd.isna(share.loc["C", "value"])
    assert pd.isna(share.loc["C", "n"])
    assert share.loc["D", "status"] == "missing"


def test_outcome_rate_hides_districts_under_five_finished():
    rate = values("utfall:alla")
    # A: 6 of 11, published as 5 of 10 (analysis.disclosure)
    assert rate.loc["A", "value"] == pytest.approx(5 / 10)
    assert rate.loc["A", "n"] == 10
    assert rate.loc["B", "status"] == "suppressed"  # 3 finished
    assert pd.isna(rate.loc["B", "value"])
    assert rate.loc["C", "status"] == "missing"


def test_index_and_area_type_scb_type_wins():
    index = values("socioekonomiskt_index")
    # A: (25 + 25 + 10) / 3 = 20 → computed type 2 (19 ≤ 20 < 26)
    assert index.loc["A", "value"] == pytest.approx(20.0)
    types = values("omradestyp")
    assert types.loc["A", "value"] == 2
    assert types.loc["B", "value"] == 5  # SCB's published type
    assert types.loc["C", "status"] == "suppressed"
    assert values("medianinkomst_tkr").loc["C", "status"] == "suppressed"


def test_municipal_value_pools_counts():
    measure = measures.measure_by_key("utrikes_fodda", ["x"])
    value = measures.municipal_value(
        measure, statistics=statistics(), participants=participants(), year=2024, settings=Settings()
    )
    assert value["value"] == pytest.approx(341 / 1403)  # pooled counts, not a mean of shares
    assert value["n"] == 1403


def test_most_challenged_ranks_shown_values_only():
    index = values("socioekonomiskt_index").reset_index()
    # C's index (27.8) would be the highest, but it rests on 2 residents aged 20-64 and is hidden.
    assert index.set_index("stadsdel_kod").loc["C", "status"] == "suppressed"
    assert measures.most_challenged(index, 1) == ["A"]
    employment = values("forvarvsarbetande_20_64").reset_index()
    # Lower employment = more challenges; C is hidden and never ranks.
    assert measures.most_challenged(employment, 2, direction=-1) == ["A", "B"]


def test_unknown_measure_key_is_none():
    assert measures.measure_by_key("no_such_measure", ["x"]) is None


def test_local_quotient_and_reach_measures():
    lq = values("lq_utrikes_fodda")
    # Municipality: 341 foreign-born of 1 403 (C counts in the total though its own quotient is hidden).
    # A: 0.30 / (341/1403) = 1.234…; B: 0.10 / (341/1403) = 0.411…; C rests on 3 residents: hidden
    assert lq.loc["A", "value"] == pytest.approx(0.3 / (341 / 1403))
    assert lq.loc["B", "value"] == pytest.approx(0.1 / (341 / 1403))
    assert lq.loc["C", "status"] == "suppressed"
    assert lq.loc["D", "status"] == "missing"
    reach = values("rackvidd")
    assert set(reach["status"]) <= {"ok", "suppressed", "missing"}
    assert reach.loc["D", "status"] == "missing"


# --- The map over time (issue 9): change since a base year, one scale for every year, the town ----------


def two_years() -> pd.DataFrame:
    """2024 as above, and 2023 where A had 30 foreign-born of 100 residents (2024: 300 of 1 000) and B was
    a population of 3 (hidden that year)."""
    later = statistics()
    earlier = statistics().assign(ar=2023)
    earlier.loc[0, ["folkmangd", "utrikes_fodda"]] = [100, 30]
    earlier.loc[1, ["folkmangd", "folkmangd_20_64", "utrikes_fodda"]] = [3, 2, 1]
    return pd.concat([earlier, later], ignore_index=True)


def change_of(key: str, stats=None, year=2024, base_year=2023) -> pd.DataFrame:
    return measures.district_change(
        measures.measure_by_key(key, ["x"]),
        statistics=two_years() if stats is None else stats,
        participants=participants(),
        district_codes=["A", "B", "C", "D"],
        year=year,
        base_year=base_year,
        settings=Settings(min_n=5, index_mean=12, index_sd=7),
    ).set_index("stadsdel_kod")


def test_change_of_a_share_against_hand_computed_newcombe():
    """A share 30/100 → 45/120 is +7,5 percentage points. Newcombe's interval from the two Wilson intervals,
    45/120 → 0.29352–0.46423 and 30/100 → 0.21895–0.39585:
        low  = 0.075 − sqrt((0.375 − 0.29352)² + (0.39585 − 0.30)²) = −0.05080
        high = 0.075 + sqrt((0.46423 − 0.375)² + (0.30 − 0.21895)²) = +0.19555
    The interval covers 0: the change could be chance."""
    stats = two_years()
    stats.loc[(stats["ar"] == 2024) & (stats["stadsdel_kod"] == "A"), ["folkmangd", "utrikes_fodda"]] = [120, 45]
    change = change_of("utrikes_fodda", stats)
    a = change.loc["A"]
    assert a["status"] == "ok"
    assert a["value"] == pytest.approx(0.075)
    assert a["ci_low"] == pytest.approx(-0.05080, abs=1e-5) and a["ci_high"] == pytest.approx(0.19555, abs=1e-5)
    assert (a["ci_low"], a["ci_high"]) == pytest.approx(newcombe_difference(45, 120, 30, 100)[1:])
    assert a["reading"] == "chance"
    assert (a["value_base"], a["value_now"], a["n_base"], a["n"]) == pytest.approx((0.30, 0.375, 100, 120))


def test_change_is_hidden_when_either_year_is_hidden_and_missing_without_data():
    change = change_of("utrikes_fodda")
    assert change.loc["B", "status"] == "suppressed"  # hidden in 2023 (3 residents), shown in 2024
    assert change.loc["B", ["value", "value_now", "value_base", "n", "n_base"]].isna().all()
    assert change.loc["C", "status"] == "suppressed"  # hidden both years
    assert change.loc["D", "status"] == "missing"


def test_change_of_a_measure_without_interval_and_not_of_the_area_type():
    index = change_of("socioekonomiskt_index")
    assert index.loc["A", "status"] == "ok" and pd.isna(index.loc["A", "ci_low"]) and index.loc["A", "reading"] is None
    with pytest.raises(ValueError, match="kategori"):
        change_of("omradestyp")


def test_scale_values_pool_every_year_and_only_shown_values():
    measure = measures.measure_by_key("utrikes_fodda", ["x"])
    common = {
        "statistics": two_years(),
        "participants": participants(),
        "district_codes": ["A", "B", "C", "D"],
        "settings": Settings(min_n=5),
    }
    pooled = measures.scale_values(measure, years=[2023, 2024], **common)
    # 2023: A 0.30 (B and C hidden); 2024: A 0.30, B 0.10 (C hidden, D missing).
    assert sorted(pooled) == pytest.approx([0.10, 0.30, 0.30])
    changes = measures.scale_values(measure, years=[2023, 2024], view=measures.VIEW_CHANGE, base_year=2023, **common)
    assert sorted(changes) == pytest.approx([0.0, 0.0])  # A's change 0 in both years from 2023; B, C hidden
    pooled_counts = {k: common[k] for k in ("statistics", "participants", "settings")}
    municipal = {y: measures.municipal_value(measure, year=y, **pooled_counts) for y in (2023, 2024)}
    differences = measures.scale_values(measure, years=[2023, 2024], view=measures.VIEW_DIFFERENCE, **common)
    expected = [0.30 - municipal[2023]["value"], 0.30 - municipal[2024]["value"], 0.10 - municipal[2024]["value"]]
    assert sorted(differences) == pytest.approx(sorted(expected))


def test_scale_values_take_a_callers_every_year_frames_as_their_own():
    # The dashboard's cache hands over the every-year frames it already has; the pooled values must be the
    # ones scale_values computes itself, for a register share and for an outcome rate.
    common = {
        "statistics": two_years(),
        "participants": participants(),
        "district_codes": ["A", "B", "C", "D"],
        "settings": Settings(min_n=5),
    }
    registers = {k: common[k] for k in ("statistics", "participants", "settings")}
    for key in ("utrikes_fodda", "utfall:alla", "rackvidd"):
        measure = measures.measure_by_key(key, ["x"])
        frames = measures.district_values_by_year(measure, years=[2023, 2024], **common)
        rows = measures.municipal_values_by_year(measure, years=[2023, 2024], **registers)
        for view in (measures.VIEW_VALUE, measures.VIEW_DIFFERENCE):
            own = measures.scale_values(measure, years=[2023, 2024], view=view, **common)
            given = measures.scale_values(
                measure, years=[2023, 2024], view=view, district_frames=frames, municipal_rows=rows, **common
            )
            assert sorted(given) == pytest.approx(sorted(own))
        assert rows == {y: measures.municipal_value(measure, year=y, **registers) for y in (2023, 2024)}


def test_every_year_in_one_pass_is_each_year_on_its_own():
    # All years are merged onto the districts at once; no year's rows, hiding or missing districts may
    # leak into another's. B is hidden in 2023 only (a population of 3), E has no statistics at all.
    common = {
        "statistics": two_years(),
        "participants": participants(),
        "district_codes": ["A", "B", "C", "D", "E"],
        "settings": Settings(min_n=5),
    }
    for key in ("utrikes_fodda", "socioekonomiskt_index", "medianinkomst_tkr", "utfall:alla"):
        measure = measures.measure_by_key(key, ["x"])
        together = measures.district_values_by_year(measure, years=[2022, 2023, 2024], **common)
        assert list(together) == [2022, 2023, 2024]
        for year, frame in together.items():
            alone = measures.district_values(measure, year=year, **common)
            pd.testing.assert_frame_equal(frame, alone, check_exact=True)
            assert frame["stadsdel_kod"].tolist() == ["A", "B", "C", "D", "E"]
        assert (together[2022]["status"] == "missing").all()  # no statistics that year
        if key == "utrikes_fodda":
            assert together[2023].set_index("stadsdel_kod").loc["B", "status"] == "suppressed"
            assert together[2024].set_index("stadsdel_kod").loc["B", "status"] == "ok"


def test_municipal_change_pools_counts_in_both_years():
    change = measures.municipal_change(
        measures.measure_by_key("utrikes_fodda", ["x"]),
        statistics=two_years(),
        participants=participants(),
        year=2024,
        base_year=2023,
        settings=Settings(min_n=5),
    )
    # 2023: 30 + 1 + 1 of 100 + 3 + 3; 2024: 341 of 1 403.
    assert change["value"] == pytest.approx(341 / 1403 - 32 / 106)
    assert change["n"] == 1403 and change["n_base"] == 106 and change["reading"] in ("up", "down", "chance")


def test_populous_core_takes_the_densest_districts_until_the_share():
    stats = pd.DataFrame({"stadsdel_kod": ["A", "B", "C", "D"], "ar": 2024, "folkmangd": [500, 300, 150, 50]})
    areas = {"A": 1.0, "B": 1.0, "C": 100.0, "D": 0.5}
    # Density: A 500, D 100, B 300 → A (50 %), B (80 %): two districts hold 80 %; C is large and thin.
    assert measures.populous_core(stats, areas, share=0.8) == ["A", "B"]
    assert measures.populous_core(stats, areas, share=0.81) == ["A", "B", "D"]
    assert measures.populous_core(stats, areas, share=1.0) == ["A", "B", "D", "C"]
    assert measures.populous_core(stats.assign(folkmangd=0), areas) == []


def test_name_priority_puts_type_one_first_then_residents():
    stats = statistics()
    stats["omradestyp_scb"] = pd.array([2, 1, 2], dtype="Int64")
    priority = measures.name_priority(stats, 12, 7)
    # B (type 1, 400 residents) before A (type 2, 1 000 residents) before C (type 2, 3 residents).
    assert sorted(priority, key=priority.get, reverse=True) == ["B", "A", "C"]


@pytest.mark.parametrize("kommun", ["helsingborg", "tierp"])
def test_every_year_in_one_pass_equals_each_year_on_its_own(kommun):
    """``district_values_by_year`` / ``municipal_values_by_year`` over all years give, for every measure and
    year, exactly what one year on its own gives (the multi-year pass only shares the work)."""
    from pathlib import Path

    from analysis.files_in.dataset import load_dataset

    data = load_dataset(Path(__file__).resolve().parents[3] / "data" / "demo" / kommun)
    settings = Settings()
    inputs = {
        "statistics": data.statistics,
        "participants": data.participants,
        "placements": data.placements,
        "activities": data.activities,
    }
    codes = data.districts["stadsdel_kod"]
    every = measures.available_measures(data.programmes["insats"], placements=True, activities=True)
    assert {m.kind for m in every} >= measures.ALL_YEARS_KINDS
    years = data.years
    for measure in every:
        together = measures.district_values_by_year(
            measure, district_codes=codes, years=years, settings=settings, **inputs
        )
        municipal = measures.municipal_values_by_year(measure, years=years, settings=settings, **inputs)
        assert sorted(together) == sorted(years)
        for year in years:
            alone = measures.district_values_by_year(
                measure, district_codes=codes, years=[year], settings=settings, **inputs
            )[year]
            pd.testing.assert_frame_equal(together[year].reset_index(drop=True), alone.reset_index(drop=True))
            one = measures.municipal_value(measure, year=year, settings=settings, **inputs)
            assert municipal[year]["status"] == one["status"]
            for key in ("value", "n", "ci_low", "ci_high"):
                # Sums over many years are added in another order: equal to the last few bits.
                assert municipal[year][key] == (None if one[key] is None else pytest.approx(one[key], rel=1e-12))
    # Something is shown, so the comparison is not of empty frames.
    assert (together[years[-1]]["status"] == "ok").any()
