"""The board's screens (reports.screens): one finding each, in words computed from the data (issue 11)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import texts
from analysis.files_in.dataset import load_dataset
from analysis.settings import Settings
from analysis.stats import overview, programmes
from analysis.stats.compare import newcombe_difference
from charts import format as fmt
from reports import screens
from ui.context import DEMO_ROOT

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def helsingborg():
    return load_dataset(DEMO_ROOT / "helsingborg")


@pytest.fixture(scope="module")
def tierp():
    return load_dataset(DEMO_ROOT / "tierp")


def test_the_default_sequence_and_a_chosen_one():
    assert screens.parse_screens(None) == list(screens.SCREENS)
    assert screens.parse_screens("trend,mal,trend,okänd") == ["trend", "mal"]
    assert screens.parse_screens("okänd") == list(screens.SCREENS)


@pytest.mark.parametrize("kommun", ["helsingborg", "tierp"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_screen_states_a_finding_with_a_figure(kommun, lang, request):
    data = request.getfixturevalue(kommun)
    with texts.language(lang):
        built = screens.build_screens(data, 2024, Settings(), TODAY)
    assert [s.key for s in built] == list(screens.SCREENS)
    for screen in built:
        assert screen.title and screen.figure is not None, screen.key
        assert screen.source and screen.period
        # no count of fewer than 5 people in a finding: every n is published (0 or a multiple of 5)
        for n in re.findall(r"n = (\d+)", screen.title):
            assert int(n) % 5 == 0, (screen.key, screen.title)


def test_the_trend_finding_follows_the_change_and_its_reading(helsingborg):
    figures = overview.key_figures(helsingborg.participants, 2024, 5)
    title = screens.trend_screen(helsingborg, 2024, Settings(), TODAY).title
    assert figures.change_reading == "chance"
    assert "i stort sett oförändrad" in title and "kan vara slump" in title
    assert f"({fmt.percent(figures.previous_rate)} → {fmt.percent(figures.rate)})" in title


def test_the_outcomes_finding_says_whether_the_gap_could_be_chance(helsingborg, tierp):
    for data in (helsingborg, tierp):
        table = programmes.programme_funnel(data.participants, 2024, 5)
        shown = table[~table["suppressed"] & table["rate"].notna()].sort_values("rate")
        low, high = shown.iloc[0], shown.iloc[-1]
        _, lo, hi = newcombe_difference(high["positivt"], high["avslutade"], low["positivt"], low["avslutade"])
        title = screens.outcomes_screen(data, 2024, Settings(), TODAY).title
        assert ("kan vara slump" in title) == bool(lo <= 0 <= hi), title


def test_a_single_goal_reads_like_the_board_asks(helsingborg):
    goals = helsingborg.goals
    one = helsingborg.__class__(**{**helsingborg.__dict__, "goals": goals[goals["ar"] == 2024].head(1)})
    title = screens.goals_screen(one, 2024, Settings(), TODAY).title
    assert re.match(r"^.+: \d+ av \d+ .+ 2024 – målet (nått|nåddes inte)$", title), title


def test_everything_hidden_is_said_not_drawn(tierp):
    settings = Settings(min_n=500)
    assert screens.outcomes_screen(tierp, 2024, settings, TODAY).title == texts.finding_outcomes_hidden(2024)
    assert screens.trend_screen(tierp, 2024, settings, TODAY).title == texts.finding_trend_hidden(2024)
    assert "små tal" in screens.reach_screen(tierp, 2024, settings, TODAY).title


def test_the_value_screen_is_always_called_a_scenario_and_the_indicators_screen_says_no_proof():
    import datetime as dt

    import texts
    from analysis.files_in.dataset import DEFAULT_ROOT, load_dataset
    from analysis.settings import Settings

    data = load_dataset(DEFAULT_ROOT / "helsingborg")
    for language, word in (("sv", "Scenario"), ("en", "Scenario")):
        with texts.language(language):
            value = screens.build_screen("varde", data, 2025, Settings(), dt.date(2026, 12, 1))
            assert value.title.startswith(word)
            assert value.figure.layout.title.text.startswith(word)
            assert texts.VALUE_NOT_EFFECT in value.notes
            indicators = screens.build_screen("indikatorer", data, 2025, Settings(), dt.date(2026, 12, 1))
            assert texts.PLAN_NOT_PROOF in indicators.notes


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_value_screen_names_its_source_once_and_rounds_as_its_chart(helsingborg, lang):
    with texts.language(lang):
        value = screens.build_screen("varde", helsingborg, 2025, Settings(), TODAY)
        # One source line: the register and the assumptions' source, not the data set's whole list of sources,
        # and not again in a note or the chart's subtitle.
        assert value.source == texts.screen_source(texts.SCREEN_VALUE_SOURCE, fictitious=True)
        for source in helsingborg.meta["kallor"]:
            assert source not in value.source
        said = [value.source, *value.notes, value.figure.layout.title.subtitle.text]
        assert sum("Nilsson & Wadeskog" in text for text in said) == 1
        # The finding's range is rounded as the chart writes it (one decimal): "6,6–94,4", not "7–94".
        words = " ".join(a.text for a in value.figure.layout.annotations)
        low, high = re.search(r"(\d+[,.]\d)–(\d+[,.]\d)", value.title).groups()
        assert f"<b>{low}\u00a0" in words or f"<b>{low} " in words
        assert high in words


def test_the_printed_timeline_keeps_every_name_whole_on_at_most_two_lines(tierp, helsingborg):
    for data in (tierp, helsingborg):
        for printed, lines in ((True, 2), (False, 1)):
            figure = screens.build_screen("handlingsplan", data, 2025, Settings(), TODAY, printed=printed).figure
            actors, rows = figure.data[0].y
            assert not any("…" in label for label in [*actors, *rows])
            assert all(label.count("<br>") < lines for label in [*actors, *rows])
            assert {r.replace("<br>", " ") for r in rows} == set(data.plan["titel"])
            assert {a.replace("<br>", " ") for a in actors} == set(data.plan["ansvarig"])
