"""Jämför: the three most challenged districts by default, differences with intervals, the share link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pandas as pd

import texts
from analysis.files_in import dataset
from analysis.settings import Settings
from analysis.stats import measures
from tests.shown import shown
from ui.context import DEMO_ROOT


def _most_challenged_helsingborg(year: int = 2025) -> list[str]:
    data = dataset.load_dataset(DEMO_ROOT / "helsingborg")
    values = measures.district_values(
        measures.Measure("socioekonomiskt_index", "index"),
        statistics=data.statistics,
        participants=data.participants,
        district_codes=data.districts["stadsdel_kod"],
        year=year,
        settings=Settings(),
    )
    return measures.most_challenged(values, 3)


def test_default_is_the_three_most_challenged(open_page):
    at = open_page("jamfor")
    assert not at.exception
    assert at.multiselect(key="jamfor_stadsdelar").value == _most_challenged_helsingborg()


def test_share_measure_draws_differences_with_intervals(open_page, plotly_specs):
    at = open_page("jamfor", {"stadsdel": "1283R005,1283R019"})
    at.selectbox(key="matt").set_value("utrikes_fodda").run()
    assert not at.exception
    specs = plotly_specs(at)
    difference = next(s for s in specs if any(t.get("error_x") for t in s["data"]))
    assert len(difference["data"]) == 2
    for trace in difference["data"]:
        low = trace["x"][0] - trace["error_x"]["arrayminus"][0]
        high = trace["x"][0] + trace["error_x"]["array"][0]
        assert low <= trace["x"][0] <= high
    tables = [frame.value.reset_index() for frame in at.table]  # whole tables that wrap (ui.widgets.table)
    pairs = next(t for t in tables if "Stadsdelar" in t.columns)
    assert len(pairs) == 1 and pairs.iloc[0]["Tolkning"].startswith(("Tydlig", "Kan vara"))


def test_measure_without_counts_says_it_has_no_interval(open_page, plotly_specs):
    at = open_page("jamfor")
    at.selectbox(key="matt").set_value("medianinkomst_tkr").run()
    assert not at.exception
    assert any("inget intervall" in c.value for c in at.caption)
    assert not any(t.get("error_x") for s in plotly_specs(at) for t in s["data"])


def test_area_type_measure_is_a_table(open_page):
    at = open_page("jamfor")
    at.selectbox(key="matt").set_value("omradestyp").run()
    assert not at.exception
    assert any("Områdestyp (SCB)" in frame.value.columns for frame in at.dataframe)


def test_share_link_reopens_the_comparison(open_page):
    at = open_page("jamfor", {"kommun": "1283", "ar": "2023", "stadsdel": "1283R005,1283R019,1283R009"})
    assert not at.exception
    link = at.code[0].value
    query = parse_qs(urlsplit(link).query)
    assert query["stadsdel"] == ["1283R005,1283R019,1283R009"]
    assert query["kommun"] == ["1283"] and query["ar"] == ["2023"]


def test_english_comparison(open_page, plotly_specs):
    at = open_page("jamfor", {"lang": "en", "stadsdel": "1283R005,1283R019"})
    assert not at.exception
    assert at.title[0].value.startswith("Compare districts")
    table: pd.DataFrame = at.table[0].value.reset_index()
    assert table.columns[0] == "Measure" and "Municipality" in table.columns
    with texts.language("en"):  # AppTest formats the option with the page's format_func, in this thread
        at.selectbox(key="matt").set_value("utfall:alla").run()
    assert not at.exception
    axis_titles = [s["layout"].get("xaxis", {}).get("title", {}).get("text", "") for s in plotly_specs(at)]
    assert any(t.startswith("Difference from the municipality") for t in axis_titles), axis_titles


def test_link_carries_the_measure_and_reopens_it(open_page):
    at = open_page("jamfor", {"stadsdel": "1283R005,1283R019"})
    at.selectbox(key="matt").set_value("lag_ekonomisk_standard").run()
    query = parse_qs(urlsplit(at.code[0].value).query)
    assert query["matt"] == ["lag_ekonomisk_standard"]
    again = open_page("jamfor", {k: v[0] for k, v in query.items()})
    assert not again.exception
    assert again.selectbox(key="matt").value == "lag_ekonomisk_standard"
    assert again.multiselect(key="jamfor_stadsdelar").value == ["1283R005", "1283R019"]


def test_unknown_measure_in_a_link_falls_back_with_a_notice(open_page):
    at = open_page("jamfor", {"stadsdel": "1283R005,1283R005,1283R019", "matt": "finns_inte"})
    assert not at.exception
    assert at.multiselect(key="jamfor_stadsdelar").value == ["1283R005", "1283R019"]  # a repeated code once
    first = measures.available_measures(dataset.load_dataset(DEMO_ROOT / "helsingborg").programmes["insats"])[0]
    assert at.selectbox(key="matt").value == first.key  # the default, not the unknown value
    assert any("finns_inte" in shown(toast.value) for toast in at.toast)


def test_change_since_a_base_year_with_interval_reading_and_colour(open_page):
    at = open_page(
        "jamfor", {"kommun": "1283", "ar": "2024", "stadsdel": "1283R005,1283R019", "matt": "lag_ekonomisk_standard"}
    )
    assert not at.exception
    assert any(h.value == "Förändring 2016–2024" for h in at.subheader)
    changes = next(t.value.reset_index() for t in at.table if "Förändring" in t.value.columns)
    assert list(changes["Område"]) == ["Kommunen", "Drottninghög", "Planteringen-Miatorp västra"]
    for row in changes.itertuples():
        assert row.Förändring[0] in "+−" or row.Förändring == "oförändrad"
        assert "-" not in row.Förändring
        assert row.Tolkning in {"Tydlig förbättring", "Tydlig försämring", "Kan vara slump", "Oförändrad"}
        if row.Tolkning.startswith("Tydlig"):  # a clear change: its interval lies on one side of 0
            low, high = row[5].replace("\u00a0procentenheter", "").split(" till ")
            assert (low[0] == high[0] == "−") or (low[0] == high[0] == "+")
    # A falling share with low economic standard is an improvement: green, never red.
    drottninghog = changes.set_index("Område").loc["Drottninghög"]
    assert drottninghog["Förändring"].startswith("−") and drottninghog["Tolkning"] == "Tydlig förbättring"
    at.selectbox(key="bas").set_value(2023).run()
    assert any(h.value == "Förändring 2023–2024" for h in at.subheader)
    assert parse_qs(urlsplit(at.code[0].value).query)["bas"] == ["2023"]
