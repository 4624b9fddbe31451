"""Every chart has PNG and SVG buttons under it and every table CSV and Excel ones (issue 11), on every page,
labelled in the language in use; nothing is generated while the page runs (the files are made on the click)."""

from __future__ import annotations

import pytest

import texts
from ui import downloads, printing

#: Per page, the rows of download buttons it draws on the demo data (Helsingborg, the latest year), each
#: with the formats it offers.
CHART = ("png", "svg", "csv", "xlsx")
TABLE = ("csv", "xlsx")
EXPECTED = {
    "oversikt": {"oversikt_trend": CHART},
    "karta": {"karta_figur": CHART},
    "jamfor": {
        "jamfor_alla": TABLE,
        "jamfor_varden": CHART,
        "jamfor_skillnad": CHART,
        "jamfor_par": TABLE,
        "jamfor_forandring": TABLE,
        "jamfor_over_tid": CHART,
    },
    "segregation": {
        "segregation_index": CHART,
        "segregation_omradestyper": CHART,
        "segregation_traffsakerhet": TABLE,
        "segregation_rackvidd": CHART,
    },
    "insatser": {
        "insatser_tratt_insatser": CHART,
        "insatser_forandring": TABLE,
        "insatser_grupper": CHART,
        "insatser_varaktiga": CHART,
        "insatser_tid": TABLE,
        "insatser_tratt_stadsdelar": CHART,
    },
    "data": {"data_validering": TABLE},
}


def buttons(at) -> dict[str, object]:
    return {b.key: b for b in at.get("download_button") if b.key and b.key.startswith("ladda_")}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_every_chart_and_table_has_its_download_buttons(open_page, page):
    at = open_page(page)
    assert not at.exception
    found = buttons(at)
    expected = {f"ladda_{row}_{fmt}" for row, formats in EXPECTED[page].items() for fmt in formats}
    assert expected <= set(found), sorted(expected - set(found))
    # One PNG button per chart on the page: no chart without its downloads.
    assert sum(key.endswith("_png") for key in found) == len(at.get("plotly_chart"))
    for button in found.values():
        assert button.proto.ignore_rerun, 'on_click="ignore": a download does not rerun the page'
        assert button.proto.help  # says what the file holds
    first = [found[f"ladda_{row}_{formats[0]}"].proto.label for row, formats in EXPECTED[page].items()]
    assert set(first) <= {texts.EXPORT_PNG, texts.EXPORT_TABLE_CSV}


def test_the_buttons_follow_the_language(open_page):
    at = open_page("insatser", {"lang": "en"})
    labels = {b.key: b.proto.label for b in at.get("download_button")}
    with texts.language("en"):
        assert labels["ladda_insatser_grupper_png"] == texts.EXPORT_PNG == "Download PNG"
        assert labels["ladda_insatser_tid_csv"] == texts.EXPORT_TABLE_CSV
    assert labels["ladda_insatser_grupper_xlsx"] == "Excel"


def test_files_are_made_on_the_click_not_while_the_page_runs(open_page, monkeypatch):
    made = []
    monkeypatch.setattr(downloads.exports, "table_csv", lambda *a: made.append("csv") or b"")
    monkeypatch.setattr(downloads.cache, "chart_image", lambda *a: made.append("png") or b"")
    at = open_page("insatser")
    assert buttons(at)
    assert made == []


def test_every_page_sends_the_print_stylesheet(open_page):
    at = open_page("oversikt")
    bodies = [element.proto.body for element in at.get("html")]
    assert printing.STYLESHEET in bodies
    assert printing.SCRIPT in bodies
    assert "break-inside: avoid" in printing.STYLESHEET and "@media print" in printing.STYLESHEET
