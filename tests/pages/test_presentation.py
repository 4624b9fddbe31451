"""Presentation mode (issue 11) through AppTest: every screen of both demo municipalities in both languages
with its finding as the title, the buttons and the picker in the URL, and every bad link value falling back."""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import pytest

import texts
from analysis import settings as settings_module
from analysis.files_in.dataset import load_dataset
from reports import screens

ROOT = Path(__file__).resolve().parents[2]
DEMO = {"1283": ROOT / "data" / "demo" / "helsingborg", "0360": ROOT / "data" / "demo" / "tierp"}


def expected_titles(kommun: str, language: str, keys=screens.SCREENS, year: int | None = None) -> list[str]:
    """The findings as ``reports.screens`` words them, straight from the data (no Streamlit, no cache)."""
    data = load_dataset(DEMO[kommun])
    year = year or max(data.years)
    settings = settings_module.from_environment()
    with texts.language(language):
        return [screens.build_screen(k, data, year, settings, datetime.date.today()).title for k in keys]


def shown_title(at) -> str:
    assert len(at.title) == 1, [t.value for t in at.title]
    return at.title[0].value.replace("\\", "")  # the page escapes Markdown's characters; no finding holds "\"


def html_blocks(at) -> str:
    return "\n".join(html.unescape(block.proto.body) for block in at.get("html"))


def position_shown(at) -> str:
    return next(b.proto.body for b in at.get("html") if "presentation-position" in b.proto.body)


def present(open_page, query: dict | None = None):
    return open_page("oversikt", {"presentation": "1", **(query or {})})


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("kommun", ["1283", "0360"])
def test_every_screen_renders_with_its_finding_as_title(open_page, kommun, language):
    titles = expected_titles(kommun, language)
    at = present(open_page, {"kommun": kommun, "lang": language})
    with texts.language(language):
        rule = texts.disclosure_rule(settings_module.from_environment().min_n)
        demo = texts.presentation_demo(imported=False)
        positions = [texts.presentation_position(n, len(titles)) for n in range(1, len(titles) + 1)]
    for number, title in enumerate(titles, start=1):
        assert not at.exception, at.exception
        assert shown_title(at) == title
        assert at.query_params["skarm"] == str(number)
        assert at.query_params["kommun"] == kommun and at.query_params["lang"] == language
        assert positions[number - 1] in position_shown(at)
        footer = html_blocks(at)
        assert rule in footer and demo in footer
        assert not at.sidebar.children, "no sidebar in presentation mode"
        if number < len(titles):
            at.button(key="presentation_next").click().run()
    assert at.button(key="presentation_next").disabled


def test_next_and_previous_change_skarm(open_page):
    at = present(open_page)
    assert at.query_params["skarm"] == "1"
    assert at.button(key="presentation_previous").disabled
    at.button(key="presentation_next").click().run()
    assert at.query_params["skarm"] == "2"
    at.button(key="presentation_next").click().run()
    assert at.query_params["skarm"] == "3"
    at.button(key="presentation_previous").click().run()
    assert at.query_params["skarm"] == "2"
    assert shown_title(at) == expected_titles("1283", "sv")[1]
    assert not at.exception


def test_a_link_opens_its_screen(open_page):
    at = present(open_page, {"skarm": "5", "kommun": "0360", "ar": "2022"})
    assert not at.exception
    assert shown_title(at) == expected_titles("0360", "sv", year=2022)[4]
    assert f"5 av {len(screens.SCREENS)}" in position_shown(at)
    assert "Tierp · 2022" in html_blocks(at)


def test_skarmar_chooses_and_orders_the_screens(open_page):
    keys = ["trend", "karta", "mal"]
    titles = expected_titles("1283", "sv", keys)
    at = present(open_page, {"skarmar": ",".join(keys)})
    assert shown_title(at) == titles[0]
    assert "1 av 3" in position_shown(at)
    at.button(key="presentation_next").click().run()
    assert shown_title(at) == titles[1]
    at.button(key="presentation_next").click().run()
    assert shown_title(at) == titles[2]
    assert at.button(key="presentation_next").disabled
    assert at.query_params["skarmar"] == "trend,karta,mal"


def test_the_picker_reorders_and_goes_into_the_url(open_page):
    at = present(open_page, {"skarm": "4"})  # trend
    at.multiselect(key="presentation_picker").set_value(["karta", "trend"]).run()
    assert not at.exception
    assert at.query_params["skarmar"] == "karta,trend"
    assert at.query_params["skarm"] == "2", "the screen shown stays shown"
    assert shown_title(at) == expected_titles("1283", "sv", ["trend"])[0]
    at.button(key="presentation_default_order").click().run()
    assert "skarmar" not in at.query_params
    assert at.query_params["skarm"] == "4"


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"skarm": "99"}, "skärmen ”99”"),
        ({"skarm": "0"}, "skärmen ”0”"),
        ({"skarm": "tre"}, "skärmen ”tre”"),
        ({"skarmar": "xyz"}, "okända skärmar (xyz)"),
        ({"skarmar": ""}, "inga skärmar"),
        ({"kommun": "9999"}, "kommunkoden ”9999”"),
        ({"ar": "1900"}, "året ”1900”"),
        ({"lang": "xx"}, "språket ”xx”"),
    ],
)
def test_invalid_link_values_fall_back_with_a_notice(open_page, query, notice):
    at = present(open_page, query)
    assert not at.exception, at.exception
    assert shown_title(at) == expected_titles("1283", "sv")[0]
    assert at.query_params["skarm"] == "1"
    assert any(notice in toast.value for toast in at.toast), [t.value for t in at.toast]


def test_unknown_screens_are_skipped_and_the_rest_kept(open_page):
    at = present(open_page, {"skarmar": "segregation,nej,mal,mal"})
    assert at.query_params["skarmar"] == "segregation,mal"
    assert "1 av 2" in position_shown(at)
    assert any("nej" in toast.value for toast in at.toast)


def test_a_bad_presentation_flag_is_the_normal_dashboard(open_page):
    at = open_page("oversikt", {"presentation": "ja"})
    assert not at.exception
    assert at.sidebar.toggle(key="presentation").value is False
    assert "presentation" not in at.query_params
    assert any("presentationsläget ”ja”" in toast.value for toast in at.toast)


def test_toggle_in_and_out_keeps_the_view(open_page):
    at = open_page("oversikt", {"kommun": "0360", "ar": "2023", "lang": "en"})
    at.sidebar.toggle(key="presentation").set_value(True).run()
    assert not at.exception
    assert at.query_params["presentation"] == "1"
    assert shown_title(at) == expected_titles("0360", "en", year=2023)[0]
    assert not at.sidebar.children
    at.button(key="presentation_next").click().run()
    at.button(key="presentation_exit").click().run()
    assert not at.exception
    assert "presentation" not in at.query_params and "skarm" not in at.query_params
    assert (at.query_params["kommun"], at.query_params["ar"], at.query_params["lang"]) == ("0360", "2023", "en")
    assert at.sidebar.toggle(key="presentation").value is False
    assert "Tierp" in at.title[0].value and "2023" in at.title[0].value
    # Back in: the same screen as before, from the session.
    at.sidebar.toggle(key="presentation").set_value(True).run()
    assert at.query_params["skarm"] == "2"


def test_a_screen_without_a_chart_says_so(open_page):
    at = present(open_page, {"kommun": "0360", "ar": "2016", "skarmar": "utfall"})
    assert not at.exception
    assert shown_title(at) == expected_titles("0360", "sv", ["utfall"], year=2016)[0]
    assert not at.get("plotly_chart")
    blocks = html_blocks(at)
    assert texts.PRESENTATION_NO_CHART in blocks
    assert blocks.count(texts.disclosure_rule(5)) == 1, "the rule is said once, in the footer"
