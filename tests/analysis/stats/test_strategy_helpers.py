"""The small helpers the issue-12 pages and screens stand on: filtering and counting the action plan's
measures, how a year's D reads against random placement, published placement totals, the people a value
scenario starts from, and the map's placement and activity measures (published counts, Poisson intervals)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import vocab
from analysis.files_in import strategy
from analysis.settings import Settings
from analysis.stats import dispersal, measures, value
from analysis.stats import plan as plan_stats
from analysis.stats.reach import poisson_interval


def _plan() -> pd.DataFrame:
    frame = strategy.empty_plan()
    rows = [
        (
            "A1",
            "Jobbcoachning",
            "Bostadsbolaget",
            ("Arbetsförmedlingen",),
            ("D1", "D2"),
            False,
            "pagaende",
            "forskning",
        ),
        ("A2", "Läxhjälp", "Skolan", ("Bostadsbolaget", "Röda Korset"), ("D2",), False, "genomford", "ingen"),
        ("A3", "Trygghet", "Kommunen", (), ("D1", "D2", "D3"), True, "pagaende", "effekt_annanstans"),
    ]
    records = [
        {
            "atgard_id": i, "titel": t, "beskrivning": "", "ansvarig": a, "partner": p, "stadsdelar": d,
            "hela_kommunen": whole, "startdatum": pd.Timestamp("2020-01-01"), "slutdatum": pd.NaT,
            "status": s, "evidens": e, "evidens_kalla": "",
        }
        for i, t, a, p, d, whole, s, e in rows
    ]  # fmt: skip
    return pd.concat([frame, pd.DataFrame(records)], ignore_index=True)


def test_actors_are_responsible_and_partners_once_each_sorted():
    assert plan_stats.plan_actors(_plan()) == [
        "Arbetsförmedlingen",
        "Bostadsbolaget",
        "Kommunen",
        "Röda Korset",
        "Skolan",
    ]
    assert plan_stats.measure_actors(_plan().iloc[1]) == ("Skolan", "Bostadsbolaget", "Röda Korset")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["A1", "A2", "A3"]),
        ({"actors": ["Bostadsbolaget"]}, ["A1", "A2"]),  # responsible in A1, partner in A2
        ({"districts": ["D3"]}, ["A3"]),
        ({"districts": ["D1"], "statuses": ["pagaende"]}, ["A1", "A3"]),
        ({"evidence": ["forskning", "effekt_annanstans"]}, ["A1", "A3"]),
        ({"actors": ["Skolan"], "statuses": ["pagaende"]}, []),
    ],
)
def test_filters_combine_with_and_and_empty_means_all(filters, expected):
    assert list(plan_stats.filter_measures(_plan(), **filters)["atgard_id"]) == expected


def test_summary_counts_measures_exactly():
    summary = plan_stats.plan_summary(_plan())
    assert summary["alla"] == 3 and summary["pagaende"] == 2 and summary["genomford"] == 1
    assert summary["planerad"] == 0 and summary["stod"] == 2 and summary["ingen"] == 1
    empty = plan_stats.plan_summary(strategy.empty_plan())
    assert empty["alla"] == 0 and empty["stod"] == 0


@pytest.mark.parametrize(
    ("d", "low", "high", "reading"),
    [
        (0.9, 0.5, 0.8, dispersal.CONCENTRATED),
        (0.3, 0.5, 0.8, dispersal.EVEN),
        (0.6, 0.5, 0.8, dispersal.AS_CHANCE),
        (0.8, 0.5, 0.8, dispersal.AS_CHANCE),  # on the edge is within what chance gives
        (np.nan, 0.5, 0.8, None),
    ],
)
def test_dispersal_reading(d, low, high, reading):
    assert dispersal.dispersal_reading(d, low, high) == reading


def _placements(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["ar", "stadsdel_kod", "boendetyp", "hushall", "personer"])
    return frame.astype({"ar": "int64", "hushall": "int64", "personer": "int64"})


def test_placed_totals_are_published_on_their_own():
    placements = _placements(
        [(2024, "D1", "modulbostad", 2, 6), (2024, "D2", "lagenhet", 1, 3), (2023, "D1", "annat", 1, 1)]
    )
    # 9 persons → 10; 3 households → hidden (a sum of the published parts would say 5 + hidden).
    assert dispersal.placed_totals(placements, 2024) == {"personer": 10, "hushall": None}
    assert dispersal.placed_totals(placements, 2024, min_n=1) == {"personer": 9, "hushall": 3}
    assert dispersal.placed_totals(placements, 2022) == {"personer": 0, "hushall": 0}
    assert dispersal.placed_totals(placements, 2024, min_n=1, boendetyp="lagenhet") == {"personer": 3, "hushall": 1}


def _participants(outcomes, year=2024, programme="p") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "insats": [programme] * len(outcomes),
            "utfall": outcomes,
            "slutdatum": pd.to_datetime([f"{year}-06-01"] * len(outcomes)),
        }
    )


def test_people_in_work_is_the_published_count_of_enrolments_ending_in_work():
    frame = pd.concat([_participants(["arbete"] * 12 + ["studier"] * 3), _participants(["arbete"] * 4, 2023, "q")])
    assert value.people_in_work(frame, 2024) == 10  # 12 → 10
    assert value.people_in_work(frame, 2024, min_n=1) == 12
    assert value.people_in_work(frame, 2023) == 0  # 4 is hidden: no scenario on a small number
    assert value.people_in_work(frame, None, programme="q", min_n=1) == 4
    assert value.people_in_work(frame, None) == 15  # 16 → 15


def _statistics() -> pd.DataFrame:
    frame = pd.DataFrame({"stadsdel_kod": ["D1", "D2"], "ar": [2024, 2024], "folkmangd": [2000, 500]})
    for column in vocab.STATISTICS_COUNT_COLUMNS:  # the municipal total needs every count column
        if column != "folkmangd":
            frame[column] = pd.array([1000, 250], dtype="Int64")
    return frame


def test_map_placements_measure_per_1000_from_published_counts():
    placements = _placements([(2024, "D1", "modulbostad", 4, 12), (2024, "D2", "lagenhet", 1, 3)])
    values = measures.district_values(
        measures.PLACEMENT_MEASURE,
        statistics=_statistics(),
        participants=pd.DataFrame(),
        district_codes=["D1", "D2"],
        year=2024,
        settings=Settings(),
        placements=placements,
    ).set_index("stadsdel_kod")
    low, high = poisson_interval(np.array([10.0]))
    assert values.loc["D1", "value"] == pytest.approx(1000 * 10 / 2000)  # 12 → 10
    assert values.loc["D1", "ci_low"] == pytest.approx(1000 * float(low[0]) / 2000)
    assert values.loc["D1", "ci_high"] == pytest.approx(1000 * float(high[0]) / 2000)
    assert values.loc["D1", "n"] == 2000
    assert values.loc["D2", "status"] == "suppressed" and pd.isna(values.loc["D2", "value"])  # 3 people
    municipal = measures.municipal_value(
        measures.PLACEMENT_MEASURE,
        statistics=_statistics(),
        participants=pd.DataFrame({"stadsdel_kod": pd.Series([], dtype=str)}),
        year=2024,
        settings=Settings(),
        placements=placements,
    )
    assert municipal["value"] == pytest.approx(1000 * 15 / 2500)  # 15 placed of 2,500 residents


def test_map_activity_measures_count_events_exactly_and_participants_published():
    log = strategy.empty_activities()
    rows = pd.DataFrame(
        {
            "datum": pd.to_datetime(["2024-02-01", "2024-03-01", "2024-04-01"]),
            "ar": [2024, 2024, 2024],
            "stadsdel_kod": ["D1", "D1", "D2"],
            "typ": ["sprakcafe"] * 3,
            "arrangor": ["Föreningen"] * 3,
            "deltagare": pd.array([6, 6, 3], dtype="Int64"),
            "rakning": ["raknat"] * 3,
            "atgard_id": [""] * 3,
        }
    )
    log = pd.concat([log, rows], ignore_index=True)
    common = {
        "statistics": _statistics(),
        "participants": pd.DataFrame(),
        "district_codes": ["D1", "D2"],
        "year": 2024,
        "settings": Settings(),
        "activities": log,
    }
    held = measures.district_values(measures.ACTIVITY_MEASURES[0], **common).set_index("stadsdel_kod")
    assert held.loc["D1", "value"] == pytest.approx(1.0) and held.loc["D2", "value"] == pytest.approx(2.0)
    assert (held["status"] == "ok").all(), "one activity is an event, not a person: never hidden"
    people = measures.district_values(measures.ACTIVITY_MEASURES[1], **common).set_index("stadsdel_kod")
    assert people.loc["D1", "value"] == pytest.approx(1000 * 10 / 2000)  # 12 attendances → 10
    assert people.loc["D2", "status"] == "suppressed"  # 3 attendances


def test_the_new_measures_are_offered_only_with_data_but_always_found_by_key():
    plain = [m.key for m in measures.available_measures(["p"])]
    assert "placerade_per_1000" not in plain and "aktiviteter_per_1000" not in plain
    full = [m.key for m in measures.available_measures(["p"], placements=True, activities=True)]
    assert full[-3:] == ["placerade_per_1000", "aktiviteter_per_1000", "aktivitetsdeltagare_per_1000"]
    assert measures.measure_by_key("aktivitetsdeltagare_per_1000", ["p"]) is not None
