"""The Insatser and Segregation pages in English (``lang=en``): every text the pages and their charts write
themselves is English. Data values (programme, district and municipality names) stay as they are and are
whitelisted by name below, as is the one analysis/ message the Segregation page shows. Without ``lang``
both pages are Swedish, as before."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import texts
from tests import figures
from tests.pages.conftest import _clear_caches, _open_page  # noqa: F401  (_clear_caches: autouse, empty store)
from texts import en, sv

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"


def _column(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8") as file:
        return [row[column] for row in csv.DictReader(file)]


#: Typical Swedish words, as whole words or word starts (so English "type" or "median" do not count).
SWEDISH = re.compile(
    r" och | av | för |\bmed\b|\butfall|\binsats|\bstadsdel|\bkommunen?\b|\bandel|\bfärre\b|\bavslutade\b"
    r"|\bdeltagar|\binvånar|\bintervall\b|\bgräns|\bdolda?\b|\bsedan\b|\btyp\b|\bår\b|\bträffsäkerhet"
    r"|\buppfölj|\bområde|\bindexen\b|\bvarje\b|\binga\b",
    re.IGNORECASE,
)
#: Data values, shown as they are in both languages: the names of the programmes, the districts and the
#: municipalities of the shipped demo data (the pages draw Helsingborg by default).
DATA_VALUES = sorted(
    {name for folder in DEMO.iterdir() for name in _column(folder / "insatser.csv", "namn")}
    | {name for folder in DEMO.iterdir() for name in _column(folder / "stadsdelar.csv", "stadsdel_namn")}
    | {json.loads((folder / "meta.json").read_text(encoding="utf-8"))["kommun_namn"] for folder in DEMO.iterdir()},
    key=len,
    reverse=True,
)

WIDGETS = ["selectbox", "radio", "number_input", "metric", "expander"]


def without_data_values(text: str) -> str:
    for value in DATA_VALUES:
        text = text.replace(value, "")
    return text


def page_texts(at) -> list[str]:
    """Every text the page writes: title, subheaders, captions, markdown, notices, and the label, help and
    options of every widget and the label, help and delta of every metric (main area and sidebar)."""
    found = [e.value for kind in ("title", "subheader", "caption", "markdown", "info", "warning") for e in at.get(kind)]
    for kind in WIDGETS:
        for element in at.get(kind):
            found += [element.label, getattr(element.proto, "help", "")]
            found += list(getattr(element, "options", []) or [])
            if kind == "metric":
                found.append(element.proto.delta)
    return [str(text) for text in found if text]


def figure_texts(at) -> list[str]:
    """Alt text, title, axis titles, legend names, annotations, bar texts and hover texts of every figure."""
    found = []
    for chart in figures.figures(at):
        found.append(chart.alt)
        spec = chart.spec
        layout = spec.get("layout", {})
        for key, value in layout.items():
            if key == "title" or re.fullmatch(r"[xy]axis\d*", key):
                found.append((value.get("title") or {}).get("text", "") if key != "title" else value.get("text", ""))
        found += [a.get("text", "") for a in layout.get("annotations", [])]
        for trace in spec["data"]:
            found.append(trace.get("name", ""))
            found.append(trace.get("hovertemplate", ""))
            for key in ("hovertext", "text"):
                value = trace.get(key)
                found += value if isinstance(value, list) else [value]
    return [str(text) for text in found if text]


def swedish_in(found: list[str]) -> list[str]:
    return [text for text in found if SWEDISH.search(without_data_values(text))]


def year_of(at) -> int:
    return int(at.sidebar.selectbox(key="ar").value)


def english(page: str):
    at = _open_page(page, {"lang": "en"})
    assert not at.exception, at.exception
    return at


def test_whitelist_takes_out_data_values_only():
    assert "Jobbcoachning för hyresgäster" in DATA_VALUES and "Drottninghög" in DATA_VALUES
    assert not SWEDISH.search(without_data_values("Praktik, LiA och examensarbete: 45 %"))
    assert SWEDISH.search(without_data_values("Drottninghög: färre än 5"))


def test_insatser_in_english():
    at = english("insatser")
    assert at.title[0].value == en.insatser_title("Helsingborg", year_of(at))
    assert at.title[0].value.startswith("Programmes: ")
    found = page_texts(at) + figure_texts(at)
    assert any(text == en.INSATSER_LASTING_TITLE for text in found)
    assert not swedish_in(found), swedish_in(found)
    # Every year (other period texts), another programme in the funnel plot, grouped by district. AppTest
    # formats a widget's new value with the page's format_func in the test's own thread: English there too.
    with texts.language("en"):
        at.radio(key="insatser_period").set_value("all").run()
        at.radio(key="insatser_grupp").set_value("stadsdel_kod").run()
        at.selectbox(key="insatser_tratt").set_value("jobbcoachning").run()
    assert not at.exception, at.exception
    found = page_texts(at) + figure_texts(at)
    assert en.insatser_funnel_title(None) in found
    assert any(en.FUNNEL_FLAG_LABELS["inom"] == text for text in figure_texts(at))
    assert not swedish_in(found), swedish_in(found)


def test_segregation_in_english():
    at = english("segregation")
    assert at.title[0].value == en.segregation_title("Helsingborg", year_of(at))
    found = page_texts(at) + figure_texts(at)
    assert en.SEGREGATION_TARGETING_TITLE in found
    assert not swedish_in(found), swedish_in(found)
    with texts.language("en"):
        at.radio(key="seg_grupp").set_value("lag_ekonomisk_standard").run()
        at.selectbox(key="seg_insats").set_value("nyanstallning").run()
    assert not at.exception, at.exception
    found = page_texts(at) + figure_texts(at)
    assert not swedish_in(found), swedish_in(found)


@pytest.mark.parametrize(
    ("page", "title"),
    [("insatser", "Insatser: Helsingborg {year}"), ("segregation", "Segregation: Helsingborg {year}")],
)
def test_pages_stay_swedish_without_lang(page, title):
    at = _open_page(page)
    assert not at.exception, at.exception
    assert at.title[0].value == title.format(year=year_of(at))
    found = page_texts(at) + figure_texts(at)
    expected = {"insatser": sv.INSATSER_LASTING_TITLE, "segregation": sv.SEGREGATION_TARGETING_TITLE}[page]
    assert expected in found
    assert "Varaktiga utfall" in found or "Når vårt arbete dit behovet är?" in found


def test_chart_labels_follow_the_language_in_use():
    """Charts read the catalogue when drawn, so one figure module serves both languages."""
    from charts import format as chart_format

    with texts.language("en"):
        assert chart_format.count(3, 5) == "fewer than 5"
        assert chart_format.percent_points(0.031).endswith("percentage points")
    assert chart_format.count(3, 5) == "färre än 5"
