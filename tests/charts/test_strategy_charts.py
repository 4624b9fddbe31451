"""Figures of the integration strategy (issue 12): built from small hand-made frames shaped like the
statistics' output; hidden values never drawn as numbers; labels from the texts in both languages; the
value chart always says scenario."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

import texts
from charts import strategy
from charts.theme import hidden_note

TODAY = pd.Timestamp("2025-05-01")


def plan_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "atgard_id": ["A1", "A2", "A3", "A4"],
            "titel": ["Språkcafé", "Läxhjälp", "Jobbspår", "Trygghetsvandringar"],
            "beskrivning": [""] * 4,
            "ansvarig": ["Bolaget", "Bolaget", "Kommunen", "Bolaget"],
            "partner": [("Röda korset",), ("Högskolan", "Skolan"), (), ()],
            "stadsdelar": [("D1",), ("D1", "D2"), ("D1", "D2", "D3"), ("D3",)],
            "hela_kommunen": [False, False, True, False],
            "startdatum": pd.to_datetime(["2022-03-01", "2023-01-15", "2024-09-01", "2026-02-01"]),
            "slutdatum": pd.to_datetime(["2024-12-31", None, "2025-06-30", None]),
            "status": ["genomford", "pagaende", "pausad", "planerad"],
            "evidens": ["forskning", "effekt_annanstans", "lokal_erfarenhet", "ingen"],
            "evidens_kalla": ["Bråmå 2008", "", "", ""],
        }
    )


def series_frame() -> pd.DataFrame:
    rows = []
    for year in range(2019, 2025):
        for group, base in (("malomraden", 0.55), ("ovriga", 0.75), ("jamforelse", 0.57)):
            value = base + 0.01 * (year - 2019)
            rows.append((year, group, value, 800, value - 0.03, value + 0.03, "ok"))
    frame = pd.DataFrame(rows, columns=["ar", "grupp", "varde", "n", "ci_low", "ci_high", "status"])
    hidden = (frame["ar"] == 2020) & (frame["grupp"] == "jamforelse")
    frame.loc[hidden, ["varde", "ci_low", "ci_high"]] = np.nan
    frame.loc[hidden, "status"] = "suppressed"
    frame["n"] = frame["n"].astype("Int64")
    frame.loc[hidden, "n"] = pd.NA
    return frame


@dataclass(frozen=True)
class PreTrend:
    estimate: float
    ci_low: float
    ci_high: float
    reading: str | None


@dataclass(frozen=True)
class Did:
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    reading: str | None
    base_year: int
    after_year: int
    comparison_codes: tuple = ("X",)
    pre_trend: PreTrend | None = None
    reason: str | None = None
    target_before: float | None = None
    target_after: float | None = None
    comparison_before: float | None = None
    comparison_after: float | None = None


def progress_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "atgard_id": ["A1"] * 3,
            "indikator": ["forvarvsarbetande_20_64", "utfall:alla", "lag_ekonomisk_standard"],
            "kind": ["share", "rate", "share"],
            "malvarde": [0.72, 0.5, 0.2],
            "malar": pd.array([2026, 2026, 2026], dtype="Int64"),
            "utgangsvarde": [0.62, 0.4, 0.25],
            "utgangsar": pd.array([2021, 2021, 2021], dtype="Int64"),
            "senaste_varde": [0.66, np.nan, 0.27],
            "senaste_ar": pd.array([2024, pd.NA, 2024], dtype="Int64"),
            "andel_av_vagen": [0.4, np.nan, -0.4],
            "reading": ["up", None, "up"],
            "status": ["pa_vag", "dolt", "bort_fran"],
        }
    )


def by_type_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "omradestyp": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
            "personer": pd.array([40, pd.NA, 60, 50, 30], dtype="Int64"),
            "hushall": pd.array([15, pd.NA, 20, 20, 10], dtype="Int64"),
            "andel_placerade": [0.22, np.nan, 0.33, 0.28, 0.17],
            "ci_low": [0.16, np.nan, 0.27, 0.22, 0.12],
            "ci_high": [0.29, np.nan, 0.40, 0.35, 0.23],
            "andel_befolkning": [0.10, 0.15, 0.30, 0.30, 0.15],
            "kvot": [2.2, np.nan, 1.1, 0.93, 1.13],
            "status": ["ok", "suppressed", "ok", "ok", "ok"],
        }
    )


def by_year_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ar": [2020, 2021, 2022, 2023, 2024],
            "personer": pd.array([120, pd.NA, 150, 180, 200], dtype="Int64"),
            "D": [0.42, np.nan, 0.35, 0.30, 0.22],
            "D_slump": [0.10, np.nan, 0.09, 0.08, 0.08],
            "D_slump_low": [0.06, np.nan, 0.05, 0.05, 0.05],
            "D_slump_high": [0.16, np.nan, 0.14, 0.13, 0.12],
            "status": ["ok", "suppressed", "ok", "ok", "ok"],
            "note": [""] * 5,
        }
    )


def activities_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stadsdel_kod": ["D1", "D2", "D3", "D4"],
            "aktiviteter": [24, 10, 3, 2],
            "deltagare": pd.array([310, 85, pd.NA, 20], dtype="Int64"),
            "uppskattade": [0.2, 0.0, np.nan, 0.0],
            "utan_antal": [0, 0, 0, 0],
            "folkmangd": pd.array([5800, 8300, 5000, pd.NA], dtype="Int64"),
            "aktiviteter_per_1000": [4.14, 1.20, 0.60, np.nan],
            "deltagare_per_1000": [53.4, 10.2, np.nan, np.nan],
            "status": ["ok", "ok", "suppressed", "missing"],
        }
    )


NAMES = {"D1": "Norr", "D2": "Mitt", "D3": "Söder", "D4": "Öster"}


@dataclass(frozen=True)
class Assumption:
    low: float
    high: float


@dataclass(frozen=True)
class Assumptions:
    cost_per_year_sek: Assumption = Assumption(300_000, 500_000)
    deadweight: Assumption = Assumption(0.3, 0.6)
    duration_years: Assumption = Assumption(1, 5)
    discount_rate: Assumption = Assumption(0.01, 0.04)


@dataclass(frozen=True)
class Scenario:
    low: float
    central: float
    high: float
    people: int
    assumptions: Assumptions = Assumptions()
    is_scenario: bool = True


SCENARIO = Scenario(4_100_000, 14_860_000, 42_000_000, 35)


def figure_text(fig) -> str:
    """Every string the figure carries (titles, texts, hovers, tick labels, annotations)."""
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)


def drawn_numbers(trace) -> list[float]:
    return [v for v in trace.x if v is not None and not (isinstance(v, float) and np.isnan(v))]


# --- the action plan ------------------------------------------------------------------------------------


def test_timeline_draws_each_measure_from_start_to_end_coloured_by_status():
    fig = strategy.plan_timeline(plan_frame(), today=TODAY)
    bars = {t.name: t for t in fig.data if t.type == "bar" and t.x is not None and t.x[0] is not None}
    assert set(bars) == {"Genomförd", "Pågår", "Pausad"}
    done = bars["Genomförd"]
    assert done.base[0].startswith("2022-03-01")
    assert done.x[0] == (pd.Timestamp("2024-12-31") - pd.Timestamp("2022-03-01")) / pd.Timedelta(milliseconds=1)
    assert done.marker.color == strategy.PLAN_STATUS_COLOURS["genomford"]
    # grouped by the responsible actor: a two-level axis (actor, title)
    assert list(done.y[0]) == ["Bolaget"] and list(done.y[1]) == ["Språkcafé"]


def test_open_ended_measure_runs_to_today_and_ends_in_an_arrow():
    fig = strategy.plan_timeline(plan_frame(), today=TODAY)
    running = next(t for t in fig.data if t.type == "bar" and t.name == "Pågår")
    assert running.x[0] == (TODAY - pd.Timestamp("2023-01-15")) / pd.Timedelta(milliseconds=1)
    arrows = [t for t in fig.data if t.type == "scatter" and t.marker.symbol == "triangle-right"]
    at = {x for t in arrows for x in t.x if x is not None}
    assert TODAY.isoformat() in at  # the running one, at today
    assert pd.Timestamp("2026-02-01").isoformat() in at  # not started yet: an arrow at its start
    assert texts.STRATEGY_CHART_OPEN_ENDED in [t.name for t in fig.data]


def test_timeline_has_a_today_line_every_status_in_the_legend_and_grows_with_measures():
    fig = strategy.plan_timeline(plan_frame(), today=TODAY)
    assert fig.layout.shapes[0].x0 == TODAY
    assert any(texts.STRATEGY_CHART_TODAY in a.text for a in fig.layout.annotations)
    legend = {t.name for t in fig.data if t.showlegend is not False and t.name}
    assert {"Planerad", "Pågår", "Genomförd", "Pausad"} <= legend
    small = strategy.plan_timeline(plan_frame().head(1), today=TODAY)
    assert fig.layout.height > small.layout.height


def test_timeline_hover_names_actor_partners_districts_and_evidence():
    fig = strategy.plan_timeline(plan_frame(), today=TODAY)
    text = figure_text(fig)
    assert "Ansvarig: Bolaget" in text
    assert "Högskolan, Skolan" in text
    assert "2 stadsdelar" in text and "hela kommunen" in text
    assert texts.PLAN_EVIDENCE_LABELS["effekt_annanstans"] in text and "Bråmå 2008" in text


def test_timeline_in_english():
    with texts.language("en"):
        fig = strategy.plan_timeline(plan_frame(), today=TODAY)
        names = {t.name for t in fig.data}
        assert {"Planned", "Under way", "Completed", "Paused"} <= names
        assert "Responsible: Bolaget" in figure_text(fig)


def test_timeline_keeps_repeated_titles_of_one_actor_apart():
    plan = plan_frame()
    plan.loc[1, "titel"] = "Språkcafé"
    fig = strategy.plan_timeline(plan, today=TODAY)
    rows = {y for t in fig.data if t.type == "bar" and t.x is not None for y in t.y[1]}
    assert {"Språkcafé (A1)", "Språkcafé (A2)"} <= rows


# --- a linked indicator ---------------------------------------------------------------------------------


def test_series_draws_three_groups_in_percent_with_intervals():
    fig = strategy.indicator_series(series_frame(), kind="share", start_year=2022)
    assert [t.name for t in fig.data] == [texts.PLAN_GROUP_LABELS[g] for g in ("malomraden", "ovriga", "jamforelse")]
    target = fig.data[0]
    assert target.y[0] == pytest.approx(55.0)
    assert target.error_y.array[0] == pytest.approx(3.0)
    assert fig.layout.yaxis.ticksuffix.endswith("%")


def test_series_leaves_hidden_points_out_and_names_them():
    fig = strategy.indicator_series(series_frame(), kind="share", start_year=2022)
    comparison = fig.data[2]
    assert comparison.y[1] is None  # 2020: hidden, a gap, not 0
    assert comparison.connectgaps is False
    assert f"{texts.PLAN_GROUP_LABELS['jamforelse']} 2020" in hidden_note(fig)
    assert "färre än 5" in hidden_note(fig)


def test_series_marks_the_start_between_the_year_before_and_the_start_year():
    fig = strategy.indicator_series(series_frame(), kind="share", start_year=2022)
    assert fig.layout.shapes[0].x0 == 2021.5
    assert any(a.text == "Åtgärden startar 2022" for a in fig.layout.annotations)
    with texts.language("en"):
        fig = strategy.indicator_series(series_frame(), kind="share", start_year=2022)
        assert any(a.text == "Measure starts 2022" for a in fig.layout.annotations)
        assert fig.data[0].name == "The measure's districts"


def test_series_of_counts_is_not_in_percent_and_labels_can_be_overridden():
    frame = series_frame().assign(varde=lambda f: f["varde"] * 100)
    fig = strategy.indicator_series(frame, kind="count", start_year=2022, labels={"malomraden": "Dalhem"})
    assert fig.data[0].name == "Dalhem"
    assert fig.data[0].y[0] == pytest.approx(55.0)
    assert not fig.layout.yaxis.ticksuffix


def test_did_chart_draws_before_after_and_the_estimate_with_its_interval():
    did = Did(
        0.021, -0.01, 0.052, "chance", 2021, 2024, pre_trend=PreTrend(0.004, -0.02, 0.028, "chance"),
        target_before=0.57, target_after=0.62, comparison_before=0.59, comparison_after=0.62,
    )  # fmt: skip
    fig = strategy.did_chart(did)
    estimate = fig.data[-1]
    assert list(estimate.x) == pytest.approx([2.1, 0.4])
    assert estimate.error_x.array[0] == pytest.approx(3.1) and estimate.error_x.arrayminus[0] == pytest.approx(3.1)
    target = fig.data[0]
    assert list(target.x) == pytest.approx([57.0, 62.0])
    title = fig.layout.title.text
    assert "+2,1" in title and texts.CHANGE_CHANCE in title
    assert fig.layout.title.subtitle.text == texts.STRATEGY_CHART_DID_CAVEAT


def test_did_chart_writes_every_value_in_a_row_label_never_beside_a_mark():
    """The board report's and the slides' labels ran into each other ("2017: 55,7 %" over "2025: 59,3 %") and a
    mark sat on the right panel's label: every number now stands in a row label, which plotly lays out."""
    did = Did(
        0.008, -0.023, 0.039, "chance", 2017, 2025, pre_trend=PreTrend(-0.005, -0.036, 0.027, "chance"),
        target_before=0.508, target_after=0.551, comparison_before=0.557, comparison_after=0.593,
    )  # fmt: skip
    fig = strategy.did_chart(did)
    assert all("text" not in trace.mode for trace in fig.data)  # no text beside any mark
    assert all(not a.text for a in fig.layout.annotations if a.showarrow)  # arrows carry no words
    words = [a.text for a in fig.layout.annotations if a.text]
    assert words == [texts.STRATEGY_CHART_DID_BEFORE_AFTER, texts.STRATEGY_CHART_DID_DIFFERENCE]
    left = [t.replace("<br>", " | ") for t in fig.layout.yaxis.ticktext]
    assert "2017: 50,8\u00a0% → 2025: 55,1\u00a0% | +4,3\u00a0procentenheter" in left[0]
    assert "2017: 55,7\u00a0% → 2025: 59,3\u00a0%" in left[1]
    right = list(fig.layout.yaxis2.ticktext)
    assert texts.STRATEGY_CHART_DID_ESTIMATE in right[0] and "+0,8" in right[0]
    assert texts.STRATEGY_CHART_DID_PRE_TREND in right[1] and "−0,5" in right[1]
    # The right panel's labels stand at the figure's right edge, not between the panels over the left one.
    assert fig.layout.yaxis2.side == "right"
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]


def test_did_chart_takes_the_four_values_from_the_series_when_the_result_lacks_them():
    did = Did(0.02, 0.01, 0.03, "up", 2021, 2024)
    fig = strategy.did_chart(did, series=series_frame())
    assert list(fig.data[0].x) == pytest.approx([57.0, 60.0])  # target 2021 → 2024
    assert texts.CHANGE_CLEAR in fig.layout.title.text
    only = strategy.did_chart(did)  # neither: the estimate alone
    assert len(only.data) == 1


def test_did_chart_refuses_a_result_without_estimate():
    with pytest.raises(ValueError, match="did_chart"):
        strategy.did_chart(Did(None, None, None, None, 2021, 2024, reason="too_few_years"))
    with pytest.raises(ValueError, match="did_chart"):
        strategy.did_chart(None)


def test_did_chart_in_english():
    with texts.language("en"):
        fig = strategy.did_chart(Did(0.02, -0.01, 0.05, "chance", 2021, 2024))
        assert fig.layout.title.text.startswith("The measure's districts compared with comparable districts")
        assert "percentage points" in fig.layout.title.text


def test_progress_bars_show_the_way_to_target_and_hide_what_is_hidden():
    fig = strategy.progress_bars(progress_frame())
    bars = fig.data[0]
    assert list(bars.x) == [40.0, None, -40.0]
    assert bars.marker.color[0] == strategy.PROGRESS_COLOURS["pa_vag"]
    assert bars.marker.color[2] == strategy.PROGRESS_COLOURS["bort_fran"]
    assert "62,0\u00a0% → 66,0\u00a0% (2024), mål 72,0\u00a0% till 2026" in bars.y[0]
    assert texts.PLAN_PROGRESS_STATUS["dolt"] in bars.y[1] and "%" not in bars.y[1].split("<br>")[1]
    assert "utfall:alla" in hidden_note(fig)
    assert list(fig.layout.xaxis.ticktext)[1:4:2] == ["Utgångsvärde", "Mål"]


def test_progress_of_a_target_year_still_to_come_says_so_not_missing():
    frame = pd.DataFrame(
        {
            "atgard_id": ["A1"],
            "indikator": ["insats:alla"],
            "kind": ["count"],
            "malvarde": [25.0],
            "malar": pd.array([2026], dtype="Int64"),
            "utgangsvarde": [20.0],
            "utgangsar": pd.array([2017], dtype="Int64"),
            "senaste_varde": [np.nan],
            "senaste_ar": pd.array([2026], dtype="Int64"),
            "andel_av_vagen": [np.nan],
            "reading": [None],
            "status": ["ej_an"],
        }
    )
    assert strategy.why_empty(frame, "progress") is None  # drawn: the row says the year has not come
    fig = strategy.progress_bars(frame)
    assert "Målåret 2026 har inte kommit än" in fig.data[0].y[0]
    assert texts.PLAN_PROGRESS_STATUS["saknas"] not in figure_text(fig)
    assert not hidden_note(fig)  # nothing is missing
    with texts.language("en"):
        assert "The target year 2026 is not in the data yet" in strategy.progress_bars(frame).data[0].y[0]


def test_progress_bars_cut_a_far_overshoot_and_take_names_from_labels():
    frame = progress_frame().head(1).assign(andel_av_vagen=3.0, status="natt")
    fig = strategy.progress_bars(frame, labels={"forvarvsarbetande_20_64": "Arbete"})
    assert fig.data[0].x[0] == 150.0
    assert fig.data[0].y[0].startswith("<b>Arbete</b>")
    assert "300\u00a0%" in fig.data[1].text[0]  # the words still give the true share of the way


# --- housing for newly arrived --------------------------------------------------------------------------


def test_placements_beside_population_per_area_type_with_intervals():
    fig = strategy.placements_vs_population(by_type_frame())
    placed, population = fig.data[0], fig.data[1]
    assert placed.name == texts.STRATEGY_CHART_PLACED and population.name == texts.STRATEGY_CHART_POPULATION
    assert list(population.x) == pytest.approx([10.0, 15.0, 30.0, 30.0, 15.0])
    assert placed.x[0] == pytest.approx(22.0)
    assert placed.error_x.array[0] == pytest.approx(7.0)
    assert placed.y[0].startswith("Typ 1: stora")  # the existing area type labels


def test_placements_leave_room_for_the_longest_bar_label():
    """The largest bar's label ("50 %") was cut at the figure's edge: the axis ends far enough right of the
    longest bar (or interval) for its label."""
    frame = by_type_frame()
    frame.loc[3, ["andel_placerade", "ci_low", "ci_high"]] = [0.50, 0.43, 0.57]
    fig = strategy.placements_vs_population(frame)
    low, high = fig.layout.xaxis.range
    assert low == 0
    assert (high - 57.0) / high >= strategy.LABEL_HEADROOM - 1e-9  # the interval ends at 57 %, its label after it
    small = strategy.placements_vs_population(by_type_frame().assign(ci_high=0.05, andel_placerade=0.04))
    assert small.layout.xaxis.range[1] >= 30 + 5  # the population's 30 % bar still has its room


def test_placements_hidden_type_gets_no_placed_bar_and_is_named():
    fig = strategy.placements_vs_population(by_type_frame())
    placed = fig.data[0]
    assert placed.x[1] is None
    assert texts.HIDDEN_FIGURE in placed.y[1]
    assert "Typ 2" in hidden_note(fig)
    labels = [t for t in fig.data if t.type == "scatter"]
    assert labels[0].text[1] == ""  # no share written for it either


def test_placements_row_without_area_type_and_english_labels():
    frame = pd.concat([by_type_frame(), by_type_frame().tail(1).assign(omradestyp=pd.NA)], ignore_index=True)
    frame["omradestyp"] = frame["omradestyp"].astype("Int64")
    with texts.language("en"):
        fig = strategy.placements_vs_population(frame)
        assert fig.data[0].y[-1] == "Districts without an area type"
        assert fig.data[0].y[0].startswith("Type 1")
        assert fig.data[0].name == "Share of the persons placed"


def test_dispersal_band_for_random_placement_on_a_0_to_1_axis():
    fig = strategy.dispersal_over_time(by_year_frame())
    assert tuple(fig.layout.yaxis.range) == (0, 1)
    band = [t for t in fig.data if t.name == texts.STRATEGY_CHART_DISPERSAL_RANDOM]
    assert band and band[0].showlegend
    d = next(t for t in fig.data if t.name == texts.STRATEGY_CHART_DISPERSAL_D)
    assert list(d.y) == [0.42, None, 0.35, 0.30, 0.22]
    assert "2021" in hidden_note(fig)
    # the band never spans the hidden year: one lone-year bar (2020) and one polygon over 2022–2024
    xs = {x for t in band for x in t.x}
    assert 2021 not in xs
    assert "Väntat vid slumpvis placering" in figure_text(fig)


# --- activities -----------------------------------------------------------------------------------------


def test_activities_per_1000_sorted_with_missing_population_named():
    fig = strategy.activities_by_district(activities_frame(), labels=NAMES)
    bars = fig.data[0]
    assert list(bars.y) == ["Norr", "Mitt", "Söder", "Öster"]
    assert list(bars.x)[:3] == pytest.approx([4.14, 1.2, 0.6])
    assert bars.x[3] is None
    assert bars.text[0] == "4,1"
    assert fig.layout.xaxis.title.text == "Aktiviteter per 1 000 invånare"
    assert "Öster" in hidden_note(fig)
    # the hidden participant count of Söder is said in words in the hover, never as a number
    assert "Deltagare: färre än 5" in bars.hovertext[2]


def test_activities_participants_hidden_are_shown_as_hidden():
    fig = strategy.activities_by_district(activities_frame(), labels=NAMES, measure="deltagare", per_1000=False)
    bars = fig.data[0]
    soder = list(bars.y).index("Söder")
    assert bars.x[soder] is None
    words = fig.data[1]
    assert "Söder" in list(words.y) and texts.suppressed(5) in list(words.text)
    assert "Söder" in hidden_note(fig) and "färre än 5" in hidden_note(fig)
    assert fig.layout.xaxis.title.text == "Antal deltagare"
    with pytest.raises(ValueError, match="unknown measure"):
        strategy.activities_by_district(activities_frame(), labels=NAMES, measure="personer")


def test_activities_by_kind_stack_per_year_with_kind_labels():
    table = pd.DataFrame(
        {
            "typ": ["sprakcafe", "laxhjalp", "kurs", "sprakcafe", "laxhjalp", "kurs"],
            "aktiviteter": [10, 5, 0, 14, 3, 0],
            "ar": [2023, 2023, 2023, 2024, 2024, 2024],
        }
    )
    fig = strategy.activities_by_kind(table)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Språkcafé", "Läxhjälp"]  # a kind never held is left out
    assert list(fig.data[0].y) == [10, 14]
    assert [a.text for a in fig.layout.annotations] == ["<b>15</b>", "<b>17</b>"]
    with texts.language("en"):
        assert [t.name for t in strategy.activities_by_kind(table).data] == ["Language café", "Homework help"]


# --- the value scenario ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_value_range_says_scenario_in_its_title_in_both_languages(language):
    with texts.language(language):
        fig = strategy.value_range(SCENARIO)
        assert fig.layout.title.text.startswith("Scenario")
        assert "Scenario" in fig.layout.title.subtitle.text
        assert texts.STRATEGY_CHART_VALUE_SOURCE.split(":")[0] in fig.layout.title.subtitle.text


def test_value_range_is_a_band_from_low_to_high_in_mkr_with_swedish_numbers():
    fig = strategy.value_range(SCENARIO)
    band = fig.data[0]
    assert band.base[0] == pytest.approx(4.1) and band.x[0] == pytest.approx(37.9)
    assert fig.data[1].x[0] == pytest.approx(14.86)
    words = [a.text for a in fig.layout.annotations]
    assert "Lågt: <b>4,1 Mkr</b>" in words and "Högt: <b>42,0 Mkr</b>" in words
    assert any("14,9 Mkr" in w for w in words)
    hover = band.hovertext[0]
    nbsp = "\u00a0"
    assert f"300{nbsp}000–500{nbsp}000" in hover and f"30–60{nbsp}%" in hover and "1–5" in hover
    # The count is of finished enrolments that led to work, not of persons (one person may count twice).
    subtitle = fig.layout.title.subtitle.text
    assert "35 avslutade insatser som ledde till arbete" in subtitle and "personer" not in subtitle
    with texts.language("en"):
        english = strategy.value_range(SCENARIO).layout.title.subtitle.text
    assert "35 finished enrolments that led to work" in english and "people" not in english


def test_value_range_leaves_the_source_to_a_caption_that_names_it():
    fig = strategy.value_range(SCENARIO, source="")
    assert texts.STRATEGY_CHART_VALUE_SOURCE not in fig.layout.title.subtitle.text
    assert "<br>" not in fig.layout.title.subtitle.text


def test_value_range_refuses_a_scenario_without_values():
    with pytest.raises(ValueError, match="value_range"):
        strategy.value_range(Scenario(np.nan, np.nan, np.nan, 0))


# --- nothing to draw ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda f: strategy.plan_timeline(f, today=TODAY),
        lambda f: strategy.indicator_series(f, kind="share", start_year=2022),
        strategy.progress_bars,
        strategy.placements_vs_population,
        strategy.dispersal_over_time,
        lambda f: strategy.activities_by_district(f, labels=NAMES),
        strategy.activities_by_kind,
    ],
)
def test_empty_input_raises_clearly(build):
    with pytest.raises(ValueError, match="why_empty"):
        build(pd.DataFrame())


def test_why_empty_gives_the_reason_and_a_sentence_in_both_languages():
    assert strategy.why_empty(pd.DataFrame(), "series") == "no_data"
    assert strategy.why_empty(series_frame(), "series") is None
    hidden = series_frame().assign(varde=np.nan, status="suppressed")
    assert strategy.why_empty(hidden, "series") == "all_hidden"
    assert strategy.why_empty(series_frame().assign(varde=np.nan, status="missing"), "series") == "missing"
    nobody = by_type_frame().assign(andel_placerade=np.nan, status="missing")
    assert strategy.why_empty(nobody, "placements") == "no_data"
    none_held = activities_frame().assign(aktiviteter=0, aktiviteter_per_1000=0.0)
    assert strategy.why_empty(none_held, "activities") == "no_data"
    all_hidden = activities_frame().assign(deltagare=pd.array([pd.NA] * 4, dtype="Int64"), deltagare_per_1000=np.nan)
    assert strategy.why_empty(all_hidden, "activities", column="deltagare_per_1000") == "all_hidden"
    for chart in strategy.CHARTS:
        for reason in ("no_data", "all_hidden", "missing"):
            assert texts.strategy_chart_empty(chart, reason)
            with texts.language("en"):
                assert texts.strategy_chart_empty(chart, reason)


def test_timeline_shows_markup_from_a_file_as_text_and_never_cuts_a_name():
    plan = plan_frame()
    plan.loc[0, "titel"] = '<a href="https://example.org">klicka</a> <b>här</b> och en mycket lång titel till'
    plan.loc[0, "ansvarig"] = "<img src=x>"
    plan.loc[1, "ansvarig"] = "Barn- och utbildningsförvaltningen"  # an actor with one row, as in Tierp
    for lines in (None, 1, 2):
        fig = strategy.plan_timeline(plan, today=TODAY, lines=lines)
        spec = fig.to_json()
        assert "<a href" not in spec and "<b>här" not in spec and "<img" not in spec
        assert "&lt;a href=" in spec or "&lt;a<br>href=" in spec
        actors, rows = fig.data[0].y
        # Nothing cut: every word of every title and actor is there, only line breaks added.
        assert not any("…" in label for label in [*actors, *rows])
        assert {r.replace("<br>", " ") for r in rows} >= {"Läxhjälp", "Jobbspår", "Trygghetsvandringar"}
        assert "Barn- och utbildningsförvaltningen" in {a.replace("<br>", " ") for a in actors}
        if lines is not None:
            assert all(label.count("<br>") < lines for label in [*actors, *rows])


def test_timeline_rows_are_as_high_as_their_tallest_label():
    plan = plan_frame()
    short = strategy.plan_timeline(plan, today=TODAY)
    plan.loc[0, "titel"] = "En titel som är så lång att den behöver tre rader i sidans tidslinje här"
    tall = strategy.plan_timeline(plan, today=TODAY)
    assert max(r.count("<br>") for r in tall.data[0].y[1]) == 2  # three lines
    assert tall.layout.height - 170 == len(plan) * 3 * strategy.TIMELINE_LINE_PITCH > short.layout.height - 170


def test_timeline_years_run_horizontally_with_fewer_ticks_over_a_long_plan():
    fig = strategy.plan_timeline(plan_frame(), today=TODAY)
    axis = fig.layout.xaxis
    assert axis.tickangle == 0 and axis.dtick == "M12"  # 2022–2026: a tick a year
    first, last = (pd.Timestamp(v) for v in axis.range)
    assert first < pd.Timestamp("2022-03-01") and last > pd.Timestamp("2026-02-01")  # the planned arrow is inside
    long = plan_frame()
    long.loc[0, "startdatum"] = pd.Timestamp("2016-05-01")
    axis = strategy.plan_timeline(long, today=pd.Timestamp("2026-12-02")).layout.xaxis
    assert axis.tickangle == 0 and axis.dtick == "M24"  # 2016–2027: every second year
    assert pd.Timestamp(axis.range[1]) < pd.Timestamp("2027-12-31")  # no empty years after today
