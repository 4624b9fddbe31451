"""Tests of analysis.stats.activities: activities (exact) and participants (published) per district, kind and
action plan measure, on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import vocab
from analysis.stats import activities


def make_statistics(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["stadsdel_kod", "ar", "folkmangd"])
    return frame.astype({"stadsdel_kod": "str", "ar": "int64", "folkmangd": "Int64"})


def make_activities(rows: list[tuple]) -> pd.DataFrame:
    """Dataset.activities from (date, code, kind, participants, counting, measure) rows."""
    frame = pd.DataFrame(rows, columns=["datum", "stadsdel_kod", "typ", "deltagare", "rakning", "atgard_id"])
    frame["datum"] = pd.to_datetime(frame["datum"])
    frame["ar"] = frame["datum"].dt.year.astype("int64")
    frame["arrangor"] = "Föreningen"
    frame["deltagare"] = pd.array(frame["deltagare"].tolist(), dtype="Int64")
    for column in ("stadsdel_kod", "typ", "arrangor", "rakning", "atgard_id"):
        frame[column] = frame[column].astype("string")
    return frame[["datum", "ar", "stadsdel_kod", "typ", "arrangor", "deltagare", "rakning", "atgard_id"]]


STATISTICS = make_statistics([("A", 2023, 2000), ("B", 2023, 500), ("C", 2023, 1000), ("A", 2024, 3000)])
LOG = make_activities(
    [
        ("2023-02-01", "A", "sprakcafe", 12, "raknat", "m1"),
        ("2023-03-01", "A", "sprakcafe", 10, "uppskattat", "m1"),
        ("2023-04-01", "A", "traff", None, "", ""),
        ("2023-05-01", "B", "laxhjalp", 3, "raknat", "m2"),
        ("2023-06-01", "Z", "kurs", 8, "uppskattat", "m9"),
        ("2024-01-15", "A", "volontargrupp", 6, "raknat", "m1"),
    ]
)
PLAN = pd.DataFrame({"atgard_id": ["m1", "m2", "m3"], "titel": ["Språkcafé", "Läxhjälp", "Träffpunkt"]}).astype(
    "string"
)


def test_the_estimated_counting_is_in_the_vocabulary():
    assert activities.ESTIMATED in vocab.PARTICIPANT_COUNTING


def test_activities_by_district_exact():
    out = activities.activities_by_district(LOG, STATISTICS, 2023, min_n=1).set_index("stadsdel_kod")
    assert list(out.reset_index().columns) == list(activities.BY_DISTRICT_COLUMNS)
    assert out.index.tolist() == ["A", "B", "C", "Z"]
    assert out["aktiviteter"].tolist() == [3, 1, 0, 1]
    assert out["deltagare"].tolist() == [22, 3, 0, 8]  # 12 + 10; the träff without a figure adds nothing
    assert out["utan_antal"].tolist() == [1, 0, 0, 0]
    assert out.loc["A", "uppskattade"] == pytest.approx(10 / 22)
    assert out.loc["Z", "uppskattade"] == 1.0 and pd.isna(out.loc["C", "uppskattade"])
    # A: 3 activities and 22 participations per 2000 residents → 1.5 and 11.0 per 1000.
    assert out.loc["A", "aktiviteter_per_1000"] == pytest.approx(1.5)
    assert out.loc["A", "deltagare_per_1000"] == pytest.approx(11.0)
    assert out.loc["B", "deltagare_per_1000"] == pytest.approx(6.0)
    assert out.loc["Z", "status"] == "missing" and pd.isna(out.loc["Z", "aktiviteter_per_1000"])
    assert (out.loc[["A", "B", "C"], "status"] == "ok").all()


def test_activities_by_district_published():
    out = activities.activities_by_district(LOG, STATISTICS, 2023, min_n=5).set_index("stadsdel_kod")
    assert out["aktiviteter"].tolist() == [3, 1, 0, 1]  # things, not people: exact
    # Participations: 22 → 20, 3 hidden, 8 → 10.
    assert out.loc["A", "deltagare"] == 20 and pd.isna(out.loc["B", "deltagare"]) and out.loc["Z", "deltagare"] == 10
    assert out.loc["A", "deltagare_per_1000"] == pytest.approx(20 / 2000 * 1000)
    assert out.loc["B", "status"] == "suppressed" and pd.isna(out.loc["B", "deltagare_per_1000"])
    assert out.loc["B", "aktiviteter_per_1000"] == pytest.approx(2.0)  # the activity is still counted
    # Estimated: 10 of 22 → published 10 of 20 = 0.5.
    assert out.loc["A", "uppskattade"] == pytest.approx(0.5)
    shown = out["deltagare"].dropna().astype(int)
    assert (shown % 5 == 0).all()


def test_all_years_together_are_per_1000_residents_and_year():
    out = activities.activities_by_district(LOG, STATISTICS, None, min_n=1).set_index("stadsdel_kod")
    # A: 4 activities over 2023 (2000 residents) and 2024 (3000): 4 / 5000 · 1000 = 0.8.
    assert out.loc["A", "aktiviteter"] == 4 and out.loc["A", "folkmangd"] == 5000
    assert out.loc["A", "aktiviteter_per_1000"] == pytest.approx(0.8)
    assert out.loc["A", "deltagare_per_1000"] == pytest.approx(28 / 5000 * 1000)
    # B has no statistics for 2024: its sum over the years is unknown.
    assert pd.isna(out.loc["B", "folkmangd"]) and out.loc["B", "status"] == "missing"


def test_a_year_without_statistics_uses_the_nearest_earlier_one():
    log = make_activities([("2025-05-01", "A", "traff", 10, "raknat", "")])
    out = activities.activities_by_district(log, STATISTICS, 2025, min_n=1).set_index("stadsdel_kod")
    assert out.loc["A", "folkmangd"] == 3000 and "2024" in out.loc["A", "note"]


def test_one_kind_only():
    out = activities.activities_by_district(LOG, STATISTICS, 2023, min_n=1, typ="sprakcafe")
    # Z (not in the statistics) has no språkcafé, so it is not listed.
    assert out.set_index("stadsdel_kod")["aktiviteter"].to_dict() == {"A": 2, "B": 0, "C": 0}


def test_activities_by_kind():
    out = activities.activities_by_kind(LOG, None, min_n=1)
    assert list(out.columns) == list(activities.BY_KIND_COLUMNS)
    assert out["typ"].tolist() == list(vocab.ACTIVITY_KINDS)
    table = out.set_index("typ")
    assert table.loc["sprakcafe", "aktiviteter"] == 2 and table.loc["sprakcafe", "deltagare"] == 22
    assert table.loc["annat", "aktiviteter"] == 0 and table.loc["annat", "deltagare"] == 0
    assert table.loc["traff", "utan_antal"] == 1
    published = activities.activities_by_kind(LOG, 2023, min_n=5).set_index("typ")
    assert pd.isna(published.loc["laxhjalp", "deltagare"]) and published.loc["laxhjalp", "status"] == "suppressed"
    assert published.loc["sprakcafe", "deltagare"] == 20
    in_b = activities.activities_by_kind(LOG, 2023, min_n=1, stadsdel_kod="B").set_index("typ")
    assert in_b["aktiviteter"].sum() == 1 and in_b.loc["laxhjalp", "deltagare"] == 3


def test_activities_by_measure():
    out = activities.activities_by_measure(LOG, PLAN, min_n=1)
    assert list(out.columns) == list(activities.BY_MEASURE_COLUMNS)
    # The plan's measures in plan order, then an id not in the plan, then activities without a measure.
    assert out["atgard_id"].tolist() == ["m1", "m2", "m3", "m9", ""]
    assert out["titel"].tolist()[:3] == ["Språkcafé", "Läxhjälp", "Träffpunkt"]
    assert out["titel"].isna().tolist() == [False, False, False, True, True]
    assert out["aktiviteter"].tolist() == [3, 1, 0, 1, 1]
    assert out["deltagare"].tolist() == [28, 3, 0, 8, 0]
    published = activities.activities_by_measure(LOG, PLAN, min_n=5, year=2023)
    assert published["deltagare"].isna().tolist() == [False, True, False, False, False]
    assert published["deltagare"].iloc[0] == 20  # 22 → 20


def test_empty_log():
    empty = make_activities([])
    by_district = activities.activities_by_district(empty, STATISTICS, 2023, min_n=5)
    assert by_district["aktiviteter"].tolist() == [0, 0, 0] and (by_district["status"] == "ok").all()
    assert activities.activities_by_kind(empty, None, min_n=5)["aktiviteter"].sum() == 0
    by_measure = activities.activities_by_measure(empty, PLAN, min_n=5)
    assert by_measure["atgard_id"].tolist() == ["m1", "m2", "m3"] and (by_measure["aktiviteter"] == 0).all()
    nothing = activities.activities_by_district(empty, STATISTICS.iloc[:0], None, min_n=5)
    assert nothing.empty and list(nothing.columns) == list(activities.BY_DISTRICT_COLUMNS)
