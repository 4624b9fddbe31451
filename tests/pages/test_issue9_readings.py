"""Issue 9, parts 4, 5 and 7, through AppTest on the shipped demo data: goal cards that read right, one
sentence instead of an empty chart, notes on hidden groups under the chart (never inside it), extension
rates per period, and counts of participants that say what they count."""

from __future__ import annotations

import json

import pytest

from charts.empty import CHARTS
from tests import figures
from tests.pages.conftest import _open_page
from tests.shown import shown
from texts import sv

#: A threshold no group of the demo data reaches: every count and rate is hidden.
EVERYTHING_HIDDEN = "100000"


def infos(at) -> list[str]:
    return [e.value for e in at.info]


def captions(at) -> list[str]:
    return [shown(e.value) for e in at.caption]


def specs(at) -> list[dict]:
    return figures.specs(at)


def alts(at) -> list[str]:
    return figures.alts(at)


def annotations(at) -> list[str]:
    return [a.get("text", "") for spec in specs(at) for a in spec.get("layout", {}).get("annotations", [])]


# ------------------------------------------------------------------------------------------- goal cards
def test_goal_of_two_with_a_count_under_five_says_so_in_full():
    # Tierp 2024: the job programme's extension goal is 2 and its enrolment goal 4, both counts under 5.
    at = _open_page("oversikt", {"kommun": "0360", "ar": "2024"})
    assert not at.exception, at.exception
    markdown = [e.value.replace("\u00a0", " ") for e in at.markdown]
    assert any("färre än 5 av 2" in text for text in markdown), markdown
    assert any("färre än 5 av 4" in text for text in markdown), markdown
    assert sv.goal_measure_label("forlangning", 2024) in markdown
    # What cannot be said is said, not left out.
    assert captions(at).count(sv.goal_reading("hidden", 5)) == 2
    # Markdown, not st.metric (which cuts a long value short): no goal value sits in a metric.
    assert not [m for m in at.metric if " av " in str(m.value)]


def test_goal_cards_of_a_finished_year_say_reached_or_not_reached():
    at = _open_page("oversikt", {"ar": "2024"})  # Helsingborg; 2024 is over (the page reads today's date)
    assert not at.exception, at.exception
    readings = [c.removesuffix(" " + sv.goal_rounded(5)) for c in captions(at) if c.startswith("Målet")]
    assert readings and set(readings) <= {sv.goal_reading("reached", 5), sv.goal_reading("not_reached", 5)}
    assert not any("ännu" in c or "hittills" in c.lower() for c in captions(at))
    assert sv.goal_measure_label("inskrivna", 2024) in [e.value for e in at.markdown]


# ---------------------------------------------------------------------------------------------- counts
def test_oversikt_enrolled_says_it_counts_starts_and_explains_the_other_counts():
    at = _open_page("oversikt", {"ar": "2024"})
    enrolled = next(m for m in at.metric if m.label.startswith("Inskrivna"))
    assert enrolled.label == "Inskrivna (startade 2024)"
    assert enrolled.proto.help == sv.COUNTS_HELP


def test_segregation_targeting_says_it_counts_active_participants_with_the_same_help():
    at = _open_page("segregation", {"ar": "2024"})
    assert not at.exception, at.exception
    targeting = next(m for m in at.metric if m.label == sv.segregation_targeting_metric(2024))
    assert sv.COUNTS_HELP in targeting.proto.help
    assert any(c.startswith("95 % intervall") and c.endswith("deltagare aktiva 2024") for c in captions(at))
    assert sv.segregation_reach_note(2024) in captions(at)


# ------------------------------------------------------------------------------------------ extensions
def test_extension_rate_follows_the_period_and_says_its_n():
    at = _open_page("insatser", {"ar": "2025"})
    assert not at.exception, at.exception
    metric = next(m for m in at.metric if m.label.startswith("Erbjudna förlängning"))
    assert metric.label == "Erbjudna förlängning 2025"
    # 13 job-programme employments with a decision ended in 2025 (8 "ja"), published as 10 of 15: 67 %
    assert metric.value == "67\u00a0%"
    assert "n = 15 anställningar med besked som avslutades 2025" in " ".join(captions(at))
    at.radio(key="insatser_period").set_value("all").run()
    metric = next(m for m in at.metric if m.label.startswith("Erbjudna förlängning"))
    assert metric.label == "Erbjudna förlängning, alla år"
    assert "n = 65 anställningar med besked, alla år" in " ".join(captions(at))


def test_hidden_roles_are_counted_never_named():
    # All years: drifttekniker has 7 decisions, 5 of them "ja": the 2 without hide it (analysis.disclosure);
    # four roles are shown. The hidden role's name appears nowhere, not even in the table.
    at = _open_page("insatser", {"ar": "2025"})
    at.radio(key="insatser_period").set_value("all").run()
    assert sv.hidden_free_text("roll", 1, 5) in captions(at)
    roles_chart = next(s for s, alt in zip(specs(at), alts(at), strict=True) if alt == sv.insatser_extension_alt(None))
    assert len(roles_chart["data"][0]["x"]) == 4
    hidden = ["Drifttekniker"]
    shown_text = json.dumps(roles_chart, ensure_ascii=False) + " ".join(captions(at))
    shown_text += " ".join(frame.value.to_csv() for frame in at.dataframe)
    assert not [name for name in hidden if name in shown_text]
    assert any(sv.hidden_free_text_row("roll", 1) in frame.value.to_csv() for frame in at.dataframe)


def test_hidden_target_groups_are_counted_never_named():
    # Tierp, all years, the first programme by target group: "unga vuxna" has fewer than 5 finished.
    at = _open_page("insatser", {"kommun": "0360", "ar": "2024"})
    at.radio(key="insatser_period").set_value("all").run()
    assert at.radio(key="insatser_grupp").value == "malgrupp"
    assert sv.hidden_free_text("malgrupp", 1, 5) in captions(at)
    shown_text = " ".join(captions(at)) + " ".join(frame.value.to_csv() for frame in at.dataframe)
    shown_text += json.dumps(specs(at), ensure_ascii=False)
    assert "Unga vuxna" not in shown_text
    assert any(sv.hidden_free_text_row("malgrupp", 1) in frame.value.to_csv() for frame in at.dataframe)


def test_tierp_year_without_decisions_says_so():
    at = _open_page("insatser", {"kommun": "0360", "ar": "2021"})
    assert sv.empty_chart("roles", "no_data", year=2021, min_n=5) in infos(at)
    assert not [m for m in at.metric if m.label.startswith("Erbjudna förlängning")]


# ------------------------------------------------------------------------------- notes on hidden groups
def test_hidden_districts_are_named_under_the_chart_not_inside_it():
    at = _open_page("insatser", {"ar": "2025"})
    at.radio(key="insatser_grupp").set_value("stadsdel_kod").run()
    assert not at.exception, at.exception
    notes = [c for c in captions(at) if c.startswith("Dolda (färre än 5")]
    assert len(notes) >= 2  # the outcome by district and the funnel plot
    assert not [text for text in annotations(at) if "Dolda" in text]
    for spec in specs(at):  # no room kept free at the bottom for a note that is no longer there
        assert spec["layout"].get("margin", {}).get("b", 0) < 100


# -------------------------------------------------------------------------------------- empty states
@pytest.fixture
def everything_hidden(monkeypatch):
    monkeypatch.setenv("STADSDEL_MIN_N", EVERYTHING_HIDDEN)


@pytest.mark.parametrize("period", ["year", "all"])
def test_insatser_with_every_group_hidden_says_why_and_draws_nothing(everything_hidden, period):
    at = _open_page("insatser", {"ar": "2025"})
    if period == "all":
        at.radio(key="insatser_period").set_value("all").run()
    at.radio(key="insatser_grupp").set_value("stadsdel_kod").run()
    assert not at.exception, at.exception
    year = 2025 if period == "year" else None
    min_n = int(EVERYTHING_HIDDEN)
    expected = [
        sv.empty_chart("funnel", "all_hidden", year=year, min_n=min_n),
        sv.empty_chart("groups", "all_hidden", year=year, min_n=min_n, name="Jobbcoachning för hyresgäster"),
        sv.empty_chart("lasting", "all_hidden", year=None, min_n=min_n, name="6 månader"),
        sv.empty_chart("districts", "all_hidden", year=year, min_n=min_n),
    ]
    for sentence in expected:
        assert sentence in infos(at), (sentence, infos(at))
    assert len(at.get("plotly_chart")) == 0  # no empty axes anywhere on the page
    extension = next(m for m in at.metric if m.label.startswith("Erbjudna förlängning"))
    assert extension.value == sv.HIDDEN_FIGURE
    assert sv.insatser_extension_hidden(min_n, year) in captions(at)


def test_segregation_with_every_district_hidden_says_why(everything_hidden):
    at = _open_page("segregation", {"ar": "2024"})
    assert not at.exception, at.exception
    min_n = int(EVERYTHING_HIDDEN)
    assert sv.empty_chart("targeting", "all_hidden", year=2024, min_n=min_n) in infos(at)
    assert sv.empty_chart("reach", "all_hidden", year=2024, min_n=min_n) in infos(at)
    assert sv.segregation_reach_alt(2024) not in alts(at)
    assert not [m for m in at.metric if m.label == sv.segregation_targeting_metric(2024)]


def test_oversikt_trend_with_every_year_hidden_says_why(everything_hidden):
    at = _open_page("oversikt", {"ar": "2024"})
    assert not at.exception, at.exception
    assert sv.empty_chart("trend", "all_hidden", year=None, min_n=int(EVERYTHING_HIDDEN)) in infos(at)
    assert sv.OVERVIEW_TREND_ALT not in alts(at)


def test_every_empty_state_has_a_sentence_in_both_languages():
    from charts.empty import REASONS
    from texts import en

    for chart in CHARTS:
        for reason in REASONS:
            for catalogue in (sv, en):
                for year in (2024, None):
                    sentence = catalogue.empty_chart(chart, reason, year=year, min_n=5, name="X")
                    assert sentence.endswith(".") and sentence.count(". ") == 0, sentence
