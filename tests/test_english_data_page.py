"""The Data page and its import panels in English (``lang=en``): every text the page writes itself is
English; data values (the data set's sources, the file's own column names) and the validation messages
from analysis/ stay as they are, in Swedish. Without ``lang`` the page is Swedish, as before."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import texts
from tests.pages.conftest import _clear_caches, _open_page  # noqa: F401  (_clear_caches: autouse, empty store)
from tests.shown import shown
from texts import en, sv
from ui import importer

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"
AREA_TYPES = ROOT / "tests" / "fixtures" / "intake" / "omradestyp_helsingborg.csv"
META = json.loads((ROOT / "data" / "demo" / "helsingborg" / "meta.json").read_text(encoding="utf-8"))

#: Typical Swedish words (as word starts, so English "file" or "profile" do not count).
SWEDISH = re.compile(
    r" och |\bdeltagar|\bstadsdel|\bimportera|\bspara|\bfil(en|ens)?\b|\brader\b|\bkolumn|\bgodkän|\bavvisad"
    r"|\banvänd|\bladda\b|\binga\b|\bvalfri",
    re.IGNORECASE,
)
#: Data values shown as they are: the data set's own sources (Swedish, quoted from meta.json).
WHITELIST = {f"- {source}" for source in META["kallor"]}
#: Identifiers and quoted data inside a text: `STADSDEL_MIN_N`, column names, “file's column”.
QUOTED = re.compile(r"`[^`]*`|“[^”]*”|”[^”]*”")

WIDGETS = [
    "selectbox",
    "multiselect",
    "radio",
    "toggle",
    "checkbox",
    "text_input",
    "button",
    "download_button",
    "file_uploader",
    "metric",
    "expander",
    "tabs",
]


def own_texts(at) -> list[str]:
    """Everything the page writes itself: title, subheaders, captions, markdown, successes, and the label
    and help of every widget, metric, expander and tab (main area and sidebar)."""
    found = [e.value for kind in ("title", "subheader", "caption", "markdown", "success") for e in at.get(kind)]
    for kind in WIDGETS:
        for element in at.get(kind):
            found.append(element.label)
            help_text = getattr(element.proto, "help", "")
            if help_text:
                found.append(help_text)
    return [str(text) for text in found if text]


def swedish_in(at) -> list[str]:
    return [
        text
        for text in map(shown, own_texts(at))
        if text not in WHITELIST and SWEDISH.search(QUOTED.sub("", text)) is not None
    ]


@pytest.fixture
def open_page():
    return _open_page


def tab_labels(at) -> list[str]:
    return [tab.label for tab in at.tabs]


def test_data_page_in_english(open_page):
    at = open_page("data", {"lang": "en"})
    assert not at.exception, at.exception
    assert at.title[0].value == "Data: Helsingborg"
    assert tab_labels(at) == [
        "Loaded data",
        "Import participants",
        "Action plan, placements, activities",
        "Statistics Sweden data",
        "Versions",
        "Audit log",
    ]
    subheaders = [s.value for s in at.subheader]
    assert {"Sources", "Loading and validation", "Settings", "Import participants"} <= set(subheaders)
    assert {"Participant data", "District statistics"} <= set(subheaders)
    assert en.DATA_SOURCES_LANGUAGE_NOTE in [c.value for c in at.caption]
    assert list(at.dataframe[0].value.columns) == ["File", "Rows read", "Accepted", "Rejected", "Warnings"]
    assert any(b.label == "Download empty template (CSV)" for b in at.get("download_button"))
    assert swedish_in(at) == []
    # The language lives in the session's own thread, never in the test's.
    assert texts.current() == "sv"


def test_swedish_stays_the_default(open_page):
    at = open_page("data")
    assert not at.exception, at.exception
    assert at.title[0].value == "Data: Helsingborg"
    assert tab_labels(at) == [
        "Inläst data",
        "Importera deltagare",
        "Handlingsplan, placeringar, aktiviteter",
        "SCB-statistik",
        "Versioner",
        "Granskningslogg",
    ]
    assert list(at.dataframe[0].value.columns) == ["Fil", "Rader lästa", "Godkända", "Avvisade", "Varningar"]
    assert en.DATA_SOURCES_LANGUAGE_NOTE not in [c.value for c in at.caption]
    # Nothing to say in Swedish: the sources and the messages are Swedish already.
    assert not sv.DATA_SOURCES_LANGUAGE_NOTE and not sv.DATA_MESSAGES_LANGUAGE_NOTE


def test_participant_import_in_english(open_page):
    at = open_page("data", {"lang": "en"})
    at.file_uploader(key="import_fil").upload("arende_export.csv", EXPORT.read_bytes(), "text/csv").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows read"] == "5"
    assert int(metrics["Accepted"]) + int(metrics["Rejected"]) == 5
    assert en.DATA_MESSAGES_LANGUAGE_NOTE in [c.value for c in at.caption]
    assert at.expander[0].label == "Column mapping: which column in the file is what"
    # The file's own column names are data, shown (quoted) in English labels.
    assert any(s.label.startswith("The file's column “") for s in at.selectbox)
    assert swedish_in(at) == []
    # The issue table: English headers and severities, the messages themselves in Swedish.
    issues = next(d.value for d in at.dataframe if "severity" in d.value.columns)
    assert list(issues.columns) == ["row", "column", "severity", "message (Swedish)"]
    assert set(issues["severity"]) <= {"error", "warning"}
    at.button(key="import_godkann").click().run()
    assert not at.exception, at.exception
    assert any("your own import" in w.value for w in at.warning)
    versions = next(d.value for d in reversed(at.dataframe) if "In use" in d.value.columns)
    assert list(versions["In use"]) == ["yes"]
    assert swedish_in(at) == []


def test_scb_import_in_english(open_page):
    at = open_page("data", {"lang": "en"})
    assert at.selectbox(key="scb_kolumn").format_func("omradestyp_scb").startswith("Area type (Statistics Sweden)")
    at.file_uploader(key="scb_fil").upload("omradestyp.csv", AREA_TYPES.read_bytes(), "text/csv").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Matched"] == "3"
    assert metrics["Not matched"] == "1"
    assert swedish_in(at) == []


def test_issue_table_translates_headers_and_severities_not_messages():
    frame = pd.DataFrame(
        {
            "rad": pd.array([3, None], dtype="Int64"),
            "kolumn": pd.array(["utfall", None], dtype="string"),
            "allvarlighet": pd.array(["fel", "varning"], dtype="string"),
            "meddelande": pd.array(["okänt utfall", "tom fil"], dtype="string"),
        }
    ).assign(fil="deltagare.csv")
    swedish = importer.issue_table(frame)
    assert swedish.equals(frame)  # Swedish: exactly the table analysis/ made
    with texts.language("en"):
        english = importer.issue_table(frame)
    assert list(english.columns) == ["row", "column", "severity", "message (Swedish)", "file"]
    assert list(english["severity"]) == ["error", "warning"]
    assert list(english["message (Swedish)"]) == ["okänt utfall", "tom fil"]
