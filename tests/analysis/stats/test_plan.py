"""Tests of analysis.stats.plan: before/after, series, difference-in-differences and progress of a measure's
linked indicators, against hand-computed values on small hand-made frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.stats import change, plan
from analysis.stats.compare import newcombe_difference
from analysis.stats.rates import wilson_interval
from analysis.vocab import STATISTICS_COLUMNS

Z = 1.959963984540054
KEY = "forvarvsarbetande_20_64"  # numerator forvarvsarbetande_20_64, denominator folkmangd_20_64


# ------------------------------------------------------------------------------------------------ frames
def make_statistics(rows: list[dict]) -> pd.DataFrame:
    """A statistik.csv frame in the loader's dtypes from short row dicts."""
    base = {
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
    frame = pd.DataFrame.from_records([{**base, **row} for row in rows])
    frame["stadsdel_kod"] = frame["stadsdel_kod"].astype("str")
    frame["ar"] = frame["ar"].astype("int64")
    for column in STATISTICS_COLUMNS[2:]:
        frame[column] = frame[column].astype("float64" if column == "medianinkomst_tkr" else "Int64")
    return frame[list(STATISTICS_COLUMNS)]


#: Employed 20–64 per district and year, each district with the denominator in DENOMINATORS.
#:          2020  2021  2022  2023
EMPLOYED = {
    "A": (50, 50, 55, 60),
    "B": (40, 42, 45, 50),
    "C": (98, 100, 102, 104),
    "D": (30, 30, 30, 31),
}
DENOMINATORS = {"A": 100, "B": 100, "C": 200, "D": 100}
SCB_TYPES = {"A": 1, "B": 2, "C": 2, "D": 4}
YEARS = (2020, 2021, 2022, 2023)


def example_statistics(scale: int = 1) -> pd.DataFrame:
    rows = []
    for code, values in EMPLOYED.items():
        for year, employed in zip(YEARS, values, strict=True):
            rows.append(
                {
                    "stadsdel_kod": code,
                    "ar": year,
                    "folkmangd_20_64": DENOMINATORS[code] * scale,
                    "folkmangd": 2 * DENOMINATORS[code] * scale,
                    KEY: employed * scale,
                    "omradestyp_scb": SCB_TYPES[code],
                }
            )
    return make_statistics(rows)


AREA_TYPES = pd.DataFrame({"stadsdel_kod": list(SCB_TYPES), "omradestyp": pd.array(list(SCB_TYPES.values()))})


def measure(codes=("A", "B"), start="2022-03-01", whole=False, atgard_id="m1") -> dict:
    return {
        "atgard_id": atgard_id,
        "titel": "Språkcafé",
        "stadsdelar": tuple(codes),
        "hela_kommunen": whole,
        "startdatum": pd.Timestamp(start),
        "slutdatum": pd.NaT,
    }


def make_participants(rows: list[dict]) -> pd.DataFrame:
    """A participant frame as the loader returns it (defaults filled in)."""
    defaults = {
        "insats": "jobbcoach",
        "stadsdel_kod": "A",
        "startdatum": "2021-01-10",
        "slutdatum": None,
        "utfall": "pagaende",
        "malgrupp": "unga_vuxna",
        "kon": "kvinna",
        "fodelsear": 1990,
    }
    records = [{"deltagare_id": f"p{i:03d}", **defaults, **row} for i, row in enumerate(rows)]
    frame = pd.DataFrame.from_records(records, columns=["deltagare_id", *defaults])
    for column in ("deltagare_id", "insats", "stadsdel_kod", "utfall", "malgrupp", "kon"):
        frame[column] = frame[column].astype("string")
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])
    frame["slutdatum"] = pd.to_datetime(frame["slutdatum"])
    frame["fodelsear"] = frame["fodelsear"].astype("Int64")
    return frame


def finished(code: str, year: int, count: int, positive: int) -> list[dict]:
    """``count`` enrolments finished in ``year`` in ``code``, ``positive`` of them with work."""
    return [
        {
            "stadsdel_kod": code,
            "startdatum": f"{year}-01-15",
            "slutdatum": f"{year}-09-30",
            "utfall": "arbete" if i < positive else "avbrott",
        }
        for i in range(count)
    ]


NO_PARTICIPANTS = make_participants([])


# ------------------------------------------------------------------------------------------------ kinds
def test_linked_indicator_kinds():
    assert plan.linked_indicator_kind(KEY) == "share"
    assert plan.linked_indicator_kind("utfall:alla") == "rate"
    assert plan.linked_indicator_kind("utfall:jobbcoach") == "rate"
    assert plan.linked_indicator_kind("insats:jobbcoach") == "count"
    for bad in ("folkmangd", "utfall:", "insats", "okänd"):
        with pytest.raises(ValueError, match="okänd indikator"):
            plan.linked_indicator_kind(bad)


def test_docstrings_say_a_change_is_not_proof_of_effect():
    assert "not proof of effect" in plan.__doc__
    for function in (plan.before_after, plan.series, plan.difference_in_differences, plan.progress):
        assert "not proof" in function.__doc__


# ------------------------------------------------------------------------------------------------ before/after
def test_before_after_pools_the_target_districts_and_the_rest_by_hand():
    out = plan.before_after(example_statistics(), NO_PARTICIPANTS, measure(), KEY, min_n=5).set_index("grupp")
    target, rest = out.loc["malomraden"], out.loc["ovriga"]
    # Start 2022 → base 2021 (the last year before), after 2023 (the latest year).
    assert (target["ar_fore"], target["ar_efter"], bool(target["fore_start"])) == (2021, 2023, True)
    # Target A+B pooled: 2021 (50+42)/(100+100) = 92/200 = 0.46; 2023 (60+50)/200 = 110/200 = 0.55.
    assert target["varde_fore"] == pytest.approx(0.46) and target["n_fore"] == 200
    assert target["varde_efter"] == pytest.approx(0.55) and target["n_efter"] == 200
    assert target["forandring"] == pytest.approx(0.09)
    _, low, high = newcombe_difference(110, 200, 92, 200)
    assert (target["ci_low"], target["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert target["reading"] == change.CHANCE and target["status"] == "ok"
    # Rest C+D pooled: 2021 (100+30)/300; 2023 (104+31)/300 = 135/300 = 0.45.
    assert rest["varde_fore"] == pytest.approx(130 / 300) and rest["n_fore"] == 300
    assert rest["varde_efter"] == pytest.approx(0.45)
    assert rest["forandring"] == pytest.approx(5 / 300)
    assert list(out.reset_index().columns) == list(plan.BEFORE_AFTER_COLUMNS)


def test_before_after_interval_is_newcombes_published_one():
    # Newcombe (1998), Table II, method 10: 56/70 − 48/80 → 0.0524 to 0.3339.
    rows = [
        {"stadsdel_kod": "A", "ar": 2020, "folkmangd_20_64": 80, KEY: 48},
        {"stadsdel_kod": "A", "ar": 2023, "folkmangd_20_64": 70, KEY: 56},
        {"stadsdel_kod": "B", "ar": 2020, "folkmangd_20_64": 80, KEY: 40},
        {"stadsdel_kod": "B", "ar": 2023, "folkmangd_20_64": 80, KEY: 40},
    ]
    out = plan.before_after(make_statistics(rows), NO_PARTICIPANTS, measure(("A",)), KEY, min_n=5)
    target = out.set_index("grupp").loc["malomraden"]
    assert target["forandring"] == pytest.approx(56 / 70 - 48 / 80)
    assert target["ci_low"] == pytest.approx(0.0524, abs=5e-5)
    assert target["ci_high"] == pytest.approx(0.3339, abs=5e-5)
    assert target["reading"] == change.UP


def test_register_shares_are_hidden_only_when_the_pooled_denominator_is_small():
    rows = [
        {"stadsdel_kod": "A", "ar": 2021, "folkmangd_20_64": 3, KEY: 2},
        {"stadsdel_kod": "A", "ar": 2023, "folkmangd_20_64": 40, KEY: 21},
        {"stadsdel_kod": "B", "ar": 2021, "folkmangd_20_64": 100, KEY: 50},
        {"stadsdel_kod": "B", "ar": 2023, "folkmangd_20_64": 100, KEY: 51},
    ]
    statistics = make_statistics(rows)
    hidden = plan.before_after(statistics, NO_PARTICIPANTS, measure(("A",)), KEY, min_n=5).iloc[0]
    assert hidden["status"] == "suppressed"
    assert pd.isna(hidden["varde_fore"]) and pd.isna(hidden["n_fore"]) and pd.isna(hidden["forandring"])
    # The shown year stays shown, exactly (a public register aggregate: no rounding).
    assert hidden["varde_efter"] == pytest.approx(21 / 40) and hidden["n_efter"] == 40
    exact = plan.before_after(statistics, NO_PARTICIPANTS, measure(("A",)), KEY, min_n=1).iloc[0]
    assert exact["status"] == "ok" and exact["forandring"] == pytest.approx(21 / 40 - 2 / 3)


def test_no_year_after_the_start():
    out = plan.before_after(example_statistics(), NO_PARTICIPANTS, measure(start="2030-01-01"), KEY, min_n=5)
    # Base = after = 2023: no change.
    assert (out["ar_fore"] == 2023).all() and (out["ar_efter"] == 2023).all()
    assert (out["status"] == "missing").all() and out["forandring"].isna().all()
    did = plan.difference_in_differences(
        example_statistics(), NO_PARTICIPANTS, measure(start="2030-01-01"), KEY, area_types=AREA_TYPES
    )
    assert not did.ok and did.reason == plan.REASON_TOO_FEW_YEARS and did.estimate is None


def test_no_year_before_the_start_uses_the_first_year_and_says_so():
    out = plan.before_after(example_statistics(), NO_PARTICIPANTS, measure(start="2015-05-01"), KEY, min_n=5)
    assert (out["ar_fore"] == 2020).all() and not out["fore_start"].any()
    did = plan.difference_in_differences(
        example_statistics(), NO_PARTICIPANTS, measure(start="2015-05-01"), KEY, area_types=AREA_TYPES
    )
    assert did.reason == plan.REASON_TOO_FEW_YEARS


def test_a_measure_for_the_whole_municipality_has_no_rest_and_no_comparison():
    whole = measure(codes=("A", "B", "C", "D"), whole=True)
    statistics = example_statistics()
    out = plan.before_after(statistics, NO_PARTICIPANTS, whole, KEY, min_n=5).set_index("grupp")
    assert out.loc["ovriga", "status"] == "missing" and pd.isna(out.loc["ovriga", "varde_fore"])
    # (50+42+100+30)/500 → (60+50+104+31)/500
    assert out.loc["malomraden", "forandring"] == pytest.approx(245 / 500 - 222 / 500)
    assert set(plan.series(statistics, NO_PARTICIPANTS, whole, KEY, min_n=5)["grupp"]) == {"malomraden"}
    did = plan.difference_in_differences(statistics, NO_PARTICIPANTS, whole, KEY, area_types=AREA_TYPES)
    assert did.reason == plan.REASON_WHOLE_MUNICIPALITY and did.comparison_codes == ()


def test_empty_frames():
    statistics = example_statistics().iloc[:0]
    out = plan.before_after(statistics, NO_PARTICIPANTS, measure(), KEY, min_n=5)
    assert list(out["grupp"]) == ["malomraden", "ovriga"] and (out["status"] == "missing").all()
    assert out["ar_fore"].isna().all()
    empty_series = plan.series(statistics, NO_PARTICIPANTS, measure(), KEY, min_n=5)
    assert empty_series.empty and list(empty_series.columns) == list(plan.SERIES_COLUMNS)
    assert plan.difference_in_differences(statistics, NO_PARTICIPANTS, measure(), KEY).reason is not None
    indicators = pd.DataFrame(
        {"atgard_id": pd.Series(dtype="string"), "indikator": pd.Series(dtype="string"), "malvarde": [], "malar": []}
    )
    progress = plan.progress(statistics, NO_PARTICIPANTS, measure(), indicators, min_n=5)
    assert progress.empty and list(progress.columns) == list(plan.PROGRESS_COLUMNS)


# ------------------------------------------------------------------------------------------------ series
def test_series_per_year_and_group_with_wilson_intervals():
    out = plan.series(example_statistics(), NO_PARTICIPANTS, measure(), KEY, min_n=5, comparison=["C"])
    assert list(out.columns) == list(plan.SERIES_COLUMNS)
    assert out.groupby("grupp").size().to_dict() == {"jamforelse": 4, "malomraden": 4, "ovriga": 4}
    row = out[(out["grupp"] == "malomraden") & (out["ar"] == 2022)].iloc[0]
    assert row["varde"] == pytest.approx((55 + 45) / 200) and row["n"] == 200
    low, high = wilson_interval(100, 200)
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    comparison = out[out["grupp"] == "jamforelse"]
    assert comparison["varde"].tolist() == pytest.approx([0.49, 0.50, 0.51, 0.52])
    assert set(plan.series(example_statistics(), NO_PARTICIPANTS, measure(), KEY)["grupp"]) == {"malomraden", "ovriga"}


# ------------------------------------------------------------------------------------------------ DiD
def test_difference_in_differences_by_hand():
    did = plan.difference_in_differences(example_statistics(), NO_PARTICIPANTS, measure(), KEY, area_types=AREA_TYPES)
    # Target types {1, 2} in the base year; untargeted districts of those types: C (type 2). D is type 4.
    assert did.comparison_codes == ("C",)
    assert (did.base_year, did.after_year) == (2021, 2023)
    # T: 0.46 → 0.55; C: 100/200 = 0.50 → 104/200 = 0.52.  DiD = (0.55 − 0.46) − (0.52 − 0.50) = 0.07.
    assert did.estimate == pytest.approx(0.07)
    assert (did.target_before, did.target_after) == (pytest.approx(0.46), pytest.approx(0.55))
    assert (did.comparison_before, did.comparison_after) == (pytest.approx(0.50), pytest.approx(0.52))
    # Wald SE = sqrt(.55·.45/200 + .46·.54/200 + .52·.48/200 + .50·.50/200)
    #         = sqrt((0.2475 + 0.2484 + 0.2496 + 0.25) / 200) = sqrt(0.004977500) = 0.0705514
    se = math.sqrt((0.2475 + 0.2484 + 0.2496 + 0.25) / 200)
    assert did.se == pytest.approx(se) and se == pytest.approx(0.0705514, abs=1e-7)
    assert did.ci_low == pytest.approx(0.07 - Z * se) and did.ci_high == pytest.approx(0.07 + Z * se)
    assert did.reading == change.CHANCE and did.ok and did.reason is None
    # Placebo over 2020 → 2021: T 0.45 → 0.46, C 0.49 → 0.50: (0.01) − (0.01) = 0.
    assert did.pre_years == (2020, 2021)
    assert did.pre_trend.estimate == pytest.approx(0.0, abs=1e-12)
    pre_se = math.sqrt((0.46 * 0.54 + 0.45 * 0.55 + 0.50 * 0.50 + 0.49 * 0.51) / 200)
    assert did.pre_trend.ci_high == pytest.approx(Z * pre_se)
    assert did.pre_trend.reading == change.CHANCE


def test_difference_in_differences_is_clear_with_large_districts():
    # Every count × 100: the same shares, SE ten times smaller (0.00705514): 0.07 ± 0.0138 excludes 0.
    did = plan.difference_in_differences(
        example_statistics(scale=100), NO_PARTICIPANTS, measure(), KEY, area_types=AREA_TYPES
    )
    assert did.estimate == pytest.approx(0.07)
    assert did.se == pytest.approx(0.0705514 / 10, abs=1e-8)
    assert did.reading == change.UP and did.ci_low > 0
    assert did.pre_trend.reading == change.CHANCE


def test_comparison_districts_from_the_area_types_of_the_base_year():
    # Without area_types: districts.area_types of the base year's statistics (SCB's types win).
    did = plan.difference_in_differences(example_statistics(), NO_PARTICIPANTS, measure(), KEY)
    assert did.comparison_codes == ("C",)
    # An area_types table with years uses the base year's rows: in 2021 D was of type 2 as well.
    by_year = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C", "D", "A", "B", "C", "D"],
            "ar": [2021] * 4 + [2023] * 4,
            "omradestyp": [1, 2, 3, 2, 1, 2, 2, 4],
        }
    )
    assert plan.comparison_districts(example_statistics(), measure(), 2021, area_types=by_year) == ("D",)
    # C+D pooled: 2021 130/300, 2023 135/300.
    did = plan.difference_in_differences(example_statistics(), NO_PARTICIPANTS, measure(), KEY, area_types=by_year)
    assert did.comparison_codes == ("D",)
    assert did.estimate == pytest.approx(0.09 - (31 - 30) / 100)


def test_no_comparison_district_of_the_same_area_type():
    types = AREA_TYPES.assign(omradestyp=pd.array([1, 1, 3, 4]))
    did = plan.difference_in_differences(example_statistics(), NO_PARTICIPANTS, measure(), KEY, area_types=types)
    assert did.reason == plan.REASON_NO_COMPARISON and did.estimate is None and did.comparison_codes == ()


def test_one_year_before_the_start_allows_the_estimate_without_a_placebo_when_asked():
    statistics = example_statistics()
    statistics = statistics[statistics["ar"] >= 2021]
    strict = plan.difference_in_differences(statistics, NO_PARTICIPANTS, measure(), KEY, area_types=AREA_TYPES)
    assert strict.reason == plan.REASON_TOO_FEW_YEARS
    loose = plan.difference_in_differences(
        statistics, NO_PARTICIPANTS, measure(), KEY, area_types=AREA_TYPES, min_years_before=1
    )
    assert loose.estimate == pytest.approx(0.07) and loose.pre_trend is None and loose.pre_years is None


def test_difference_in_differences_of_a_count_is_refused():
    did = plan.difference_in_differences(example_statistics(), NO_PARTICIPANTS, measure(), "insats:jobbcoach")
    assert did.reason == plan.REASON_NOT_PROPORTION


def test_hidden_value_stops_the_difference_in_differences():
    statistics = example_statistics()
    small = (statistics["stadsdel_kod"] == "C") & (statistics["ar"] == 2023)
    statistics.loc[small, ["folkmangd_20_64", KEY]] = [4, 2]
    did = plan.difference_in_differences(statistics, NO_PARTICIPANTS, measure(), KEY, area_types=AREA_TYPES)
    assert did.reason == plan.REASON_SUPPRESSED and did.estimate is None
    assert did.pre_trend is not None  # 2020 → 2021 is still shown


# ------------------------------------------------------------------------------------------------ rates
def rate_participants() -> pd.DataFrame:
    rows = []
    rows += finished("A", 2021, 20, 10)  # target 2021: 10 of 20
    rows += finished("B", 2023, 23, 17)  # target 2023: 17 of 23 (A has none that year)
    rows += finished("C", 2021, 7, 3)  # rest 2021: 3 of 7
    rows += finished("C", 2023, 30, 12)  # rest 2023: 12 of 30
    return make_participants(rows)


def test_outcome_rates_exact_with_min_n_1():
    out = plan.before_after(example_statistics(), rate_participants(), measure(), "utfall:alla", min_n=1)
    target, rest = out.set_index("grupp").loc["malomraden"], out.set_index("grupp").loc["ovriga"]
    assert (target["ar_fore"], target["ar_efter"]) == (2021, 2023)
    assert target["varde_fore"] == pytest.approx(10 / 20) and target["n_fore"] == 20
    assert target["varde_efter"] == pytest.approx(17 / 23) and target["n_efter"] == 23
    diff, low, high = newcombe_difference(17, 23, 10, 20)
    assert target["forandring"] == pytest.approx(diff) and target["ci_low"] == pytest.approx(low)
    assert target["ci_high"] == pytest.approx(high)
    assert rest["varde_fore"] == pytest.approx(3 / 7) and rest["forandring"] == pytest.approx(12 / 30 - 3 / 7)


def test_outcome_rates_are_computed_from_published_counts():
    out = plan.before_after(example_statistics(), rate_participants(), measure(), "utfall:alla", min_n=5)
    target, rest = out.set_index("grupp").loc["malomraden"], out.set_index("grupp").loc["ovriga"]
    # 2023: n 23 → 25, numerator 17 → 15: the published rate is 15/25 = 0.6, not 17/23.
    assert target["n_efter"] == 25 and target["varde_efter"] == pytest.approx(15 / 25)
    diff, low, high = newcombe_difference(15, 25, 10, 20)
    assert (target["forandring"], target["ci_low"], target["ci_high"]) == (
        pytest.approx(diff),
        pytest.approx(low),
        pytest.approx(high),
    )
    # Rest 2021: 3 of 7, the numerator 1 … 4 → the rate is hidden and so is the change.
    assert rest["status"] == "suppressed" and pd.isna(rest["varde_fore"]) and pd.isna(rest["forandring"])
    assert rest["n_efter"] == 30 and rest["varde_efter"] == pytest.approx(10 / 30)  # 12 → 10
    shown = plan.series(example_statistics(), rate_participants(), measure(), "utfall:alla", min_n=5)
    counts = shown["n"].dropna().astype(int)
    assert (counts % 5 == 0).all() and len(counts) > 0


def test_outcome_rate_of_one_programme():
    participants = rate_participants()
    participants.loc[participants.index[:5], "insats"] = "sprak"
    out = plan.series(example_statistics(), participants, measure(), "utfall:sprak", min_n=1)
    assert out.loc[out["grupp"] == "malomraden", "n"].tolist() == [5]
    assert out.loc[out["grupp"] == "malomraden", "varde"].tolist() == [1.0]  # the first five had work


def test_rate_difference_in_differences_uses_published_counts():
    participants = make_participants(
        finished("A", 2020, 40, 20)
        + finished("A", 2021, 40, 20)
        + finished("A", 2023, 40, 30)
        + finished("C", 2020, 60, 30)
        + finished("C", 2021, 60, 30)
        + finished("C", 2023, 60, 33)
    )
    did = plan.difference_in_differences(
        example_statistics(), participants, measure(("A",)), "utfall:alla", area_types=AREA_TYPES, min_n=5
    )
    # A type 1: no untargeted type-1 district.
    assert did.reason == plan.REASON_NO_COMPARISON
    types = AREA_TYPES.assign(omradestyp=pd.array([2, 4, 2, 4]))
    did = plan.difference_in_differences(
        example_statistics(), participants, measure(("A",)), "utfall:alla", area_types=types, min_n=5
    )
    # T 20/40 → 30/40; C 30/60 → 33 → published 35/60. DiD = (0.75 − 0.5) − (35/60 − 0.5).
    assert did.comparison_codes == ("C",)
    assert did.estimate == pytest.approx(0.25 - (35 / 60 - 0.5))
    se = math.sqrt(0.75 * 0.25 / 40 + 0.25 / 40 + (35 / 60) * (25 / 60) / 60 + 0.25 / 60)
    assert did.se == pytest.approx(se)


# ------------------------------------------------------------------------------------------------ counts
def count_participants() -> pd.DataFrame:
    rows = [{"stadsdel_kod": "A", "startdatum": "2021-03-01"}] * 7
    rows += [{"stadsdel_kod": "B", "startdatum": "2023-03-01"}] * 13
    rows += [{"stadsdel_kod": "C", "startdatum": "2023-03-01"}] * 2
    return make_participants(rows)


def test_enrolment_counts_before_and_after():
    exact = plan.before_after(example_statistics(), count_participants(), measure(), "insats:alla", min_n=1)
    target = exact.set_index("grupp").loc["malomraden"]
    assert (target["ar_fore"], target["ar_efter"]) == (2021, 2023)
    assert (target["varde_fore"], target["varde_efter"], target["forandring"]) == (7, 13, 6)
    assert pd.isna(target["ci_low"]) and target["reading"] is None and pd.isna(target["n_fore"])
    published = plan.before_after(example_statistics(), count_participants(), measure(), "insats:alla", min_n=5)
    target, rest = published.set_index("grupp").loc["malomraden"], published.set_index("grupp").loc["ovriga"]
    assert (target["varde_fore"], target["varde_efter"], target["forandring"]) == (5, 15, 10)  # 7 → 5, 13 → 15
    assert rest["status"] == "suppressed"  # C 2023: 2 enrolments
    assert rest["varde_fore"] == 0  # nobody in the rest in 2021: shown as 0


# ------------------------------------------------------------------------------------------------ progress
def indicators(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["atgard_id", "indikator", "malvarde", "malar"])
    return frame.astype({"atgard_id": "string", "indikator": "string", "malvarde": "float64", "malar": "int64"})


def test_progress_of_a_share_by_hand():
    table = indicators([("m1", KEY, 60.0, 2025), ("m1", KEY, 50.0, 2025), ("m2", KEY, 10.0, 2025)])
    out = plan.progress(example_statistics(), NO_PARTICIPANTS, measure(), table, min_n=5)
    assert len(out) == 2 and (out["atgard_id"] == "m1").all()  # m2's row is another measure's
    first, second = out.iloc[0], out.iloc[1]
    # Baseline 0.46 (2021), latest 0.55 (2023), target 60 % → 0.60: (0.55 − 0.46)/(0.60 − 0.46) = 0.642857.
    assert first["malvarde"] == pytest.approx(0.60) and first["kind"] == "share"
    assert (first["utgangsvarde"], first["utgangsar"]) == (pytest.approx(0.46), 2021)
    assert (first["senaste_varde"], first["senaste_ar"]) == (pytest.approx(0.55), 2023)
    assert first["andel_av_vagen"] == pytest.approx(0.09 / 0.14)
    # The change could be chance (its interval covers 0): not "on the way", "unchanged".
    assert first["reading"] == change.CHANCE and first["status"] == "oforandrat"
    # Target 50 %: 0.55 ≥ 0.50 → reached; (0.55 − 0.46)/(0.50 − 0.46) = 2.25 (beyond the target).
    assert second["status"] == "natt" and second["andel_av_vagen"] == pytest.approx(2.25)


def test_progress_on_the_way_and_away_when_the_change_is_clear():
    statistics = example_statistics(scale=100)
    table = indicators([("m1", KEY, 70.0, 2026), ("m1", KEY, 30.0, 2026)])
    out = plan.progress(statistics, NO_PARTICIPANTS, measure(), table, min_n=5)
    # Clearly up (0.46 → 0.55): towards 70 % is on the way, towards 30 % is away from it.
    assert out["status"].tolist() == ["pa_vag", "bort_fran"]
    assert out["andel_av_vagen"].tolist() == pytest.approx([0.09 / 0.24, 0.09 / (0.30 - 0.46)])


def test_progress_of_a_hidden_and_a_missing_share():
    rows = [
        {"stadsdel_kod": "A", "ar": 2021, "folkmangd_20_64": 3, KEY: 2},
        {"stadsdel_kod": "A", "ar": 2023, "folkmangd_20_64": 40, KEY: 21},
    ]
    table = indicators([("m1", KEY, 60.0, 2025)])
    out = plan.progress(make_statistics(rows), NO_PARTICIPANTS, measure(("A",)), table, min_n=5)
    assert out["status"].tolist() == ["dolt"]
    out = plan.progress(make_statistics(rows[1:]), NO_PARTICIPANTS, measure(("A",)), table, min_n=5)
    assert out["status"].tolist() == ["saknas"]  # only one year


def test_progress_of_an_enrolment_count():
    participants = make_participants(
        [{"stadsdel_kod": "A", "startdatum": "2023-02-01"}] * 2
        + [{"stadsdel_kod": "C", "startdatum": "2024-02-01"}] * 9
        + [{"stadsdel_kod": "B", "startdatum": "2021-02-01"}] * 6
    )
    table = indicators(
        [
            ("m1", "insats:jobbcoach", 3, 2023),  # 2 of 3, hidden count, target below min_n
            ("m1", "insats:jobbcoach", 10, 2023),  # 2 of 10, hidden count, target ≥ min_n
            ("m1", "insats:alla", 2, 2023),  # 2 of 2
            ("m1", "insats:jobbcoach", 5, 2024),  # none in the target districts in 2024
            ("m1", "insats:jobbcoach", 5, 2026),  # after the register's last year (2024): not yet, not missing
            ("m1", "insats:jobbcoach", 5, 2022),  # within the register, but nobody started in 2022 anywhere
        ]
    )
    published = plan.progress(example_statistics(), participants, measure(), table, min_n=5)
    assert published["kind"].tolist() == ["count"] * 6
    assert published["malvarde"].tolist() == [3, 10, 2, 5, 5, 5]  # counts as given, not ÷ 100
    # Rule 7: no verdict on a hidden count against a target below min_n.
    assert published["status"].tolist() == ["dolt", "pa_vag", "dolt", "oforandrat", "ej_an", "saknas"]
    assert published["senaste_varde"].isna().tolist() == [True, True, True, False, True, True]
    assert published["utgangsvarde"].iloc[0] == 5  # 2021 (the year before the start): 6 → 5
    exact = plan.progress(example_statistics(), participants, measure(), table, min_n=1)
    assert exact["status"].tolist() == ["pa_vag", "pa_vag", "natt", "oforandrat", "ej_an", "saknas"]
    assert exact["senaste_varde"].tolist()[:4] == [2, 2, 2, 0]
    assert exact["andel_av_vagen"].tolist()[:4] == pytest.approx([2 / 3, 2 / 10, 1.0, 0.0])
    assert exact["utgangsvarde"].iloc[0] == 6 and exact["utgangsar"].iloc[0] == 2021


def test_progress_of_an_outcome_rate_uses_published_counts():
    table = indicators([("m1", "utfall:alla", 55.0, 2025)])
    out = plan.progress(example_statistics(), rate_participants(), measure(), table, min_n=5).iloc[0]
    # 10/20 → published 15/25 = 0.6 ≥ 0.55: reached.
    assert (out["utgangsvarde"], out["senaste_varde"]) == (pytest.approx(0.5), pytest.approx(0.6))
    assert out["andel_av_vagen"] == pytest.approx((0.6 - 0.5) / (0.55 - 0.5))
    assert out["status"] == "natt"


def test_published_counts_are_multiples_of_five():
    participants = make_participants(
        [{"stadsdel_kod": code, "startdatum": f"{year}-02-01"} for code, year, n in
         [("A", 2021, 6), ("B", 2022, 11), ("C", 2023, 17), ("D", 2020, 8)] for _ in range(n)]
    )  # fmt: skip
    values = plan.series(example_statistics(), participants, measure(), "insats:alla", min_n=5)["varde"].dropna()
    assert len(values) > 0 and (values % 5 == 0).all()
    exact = plan.series(example_statistics(), participants, measure(), "insats:alla", min_n=1)
    assert exact.loc[exact["grupp"] == "malomraden", "varde"].tolist() == [0, 6, 11, 0]
    assert exact.loc[exact["grupp"] == "ovriga", "varde"].tolist() == [8, 0, 0, 17]
    low, high = np.asarray(exact["ci_low"]), np.asarray(exact["ci_high"])
    assert (low <= exact["varde"]).all() and (high >= exact["varde"]).all()


def test_a_row_of_the_loaded_plan_frame_works_as_the_measure():
    frame = pd.DataFrame([measure(), measure(codes=(), atgard_id="m2")])
    frame["stadsdelar"] = frame["stadsdelar"].astype(object)
    frame = frame.astype({"atgard_id": "string", "titel": "string"})
    statistics = example_statistics().astype({"stadsdel_kod": "string"})
    row = frame.iloc[0]
    out = plan.before_after(statistics, NO_PARTICIPANTS, row, KEY, min_n=5)
    assert out["forandring"].iloc[0] == pytest.approx(0.09)
    table = indicators([("m1", KEY, 60.0, 2025), ("m1", "insats:alla", 5, 2023)])
    progress = plan.progress(statistics, NO_PARTICIPANTS, row, table, min_n=5)
    assert progress["reading"].iloc[0] == change.CHANCE and progress["reading"].iloc[1] is None
    # A measure without target districts has nothing to pool.
    empty = plan.before_after(statistics, NO_PARTICIPANTS, frame.iloc[1], KEY, min_n=5)
    assert empty["status"].iloc[0] == "missing" and empty["varde_fore"].isna().iloc[0]
