"""Every chart has PNG and SVG buttons under it and every table CSV and Excel ones (issue 11), on every page,
labelled in the language in use; nothing is generated while the page runs (the files are made on the click)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

import texts
from analysis.files_in.dataset import DEFAULT_ROOT, load_dataset
from tests import figures
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
    "handlingsplan": {
        "handlingsplan_tidslinje": CHART,
        "handlingsplan_mal_A01": CHART,  # the first measure's progress towards its targets
        "handlingsplan_A01_0": CHART,  # … and each of its linked indicators
        "handlingsplan_A01_1": CHART,
        "handlingsplan_A01_2": CHART,
        "aktiviteter_stadsdel": CHART,
        "aktiviteter_typ": CHART,
        "aktiviteter_atgard": TABLE,
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
    assert sum(key.endswith("_png") for key in found) == len(figures.figures(at))
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


@pytest.fixture
def files(monkeypatch):
    """The generator behind every deferred download button of the run, by its file id: the file a click makes."""
    made: dict[str, tuple[str, object]] = {}
    register = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        made[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return made


def _file(at, files, key: str) -> tuple[str, bytes]:
    name, make = files[buttons(at)[key].proto.deferred_file_id]
    return name, make()


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, so Excel reads åäö"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def _table(rows: list[list]) -> tuple[dict, list[list]]:
    """The header block (label → text) and the table after the blank row."""
    blank = next(i for i, row in enumerate(rows) if not any(v not in (None, "") for v in row))
    return {row[0]: row[1] for row in rows[:blank]}, rows[blank + 1 :]


def test_handlingsplan_downloads_read_back_as_the_tables_shown(open_page, files):
    """The action plan's CSV and Excel files hold the header block and the table the page shows: every measure
    of the plan, the first measure's progress (a target year still to come said as such) and the activities
    per measure, with counts of people rounded to 5."""
    plan = load_dataset(DEFAULT_ROOT / "helsingborg").plan
    at = open_page("handlingsplan")
    assert not at.exception
    columns = texts.PLAN_COLUMNS
    name, data = _file(at, files, "ladda_handlingsplan_tidslinje_csv")
    assert name.endswith(".csv") and "helsingborg" in name
    header, table = _table(_csv(data))
    assert any(texts.PLAN_TIMELINE_TITLE in str(v) for v in [*header, *header.values()])
    assert table[0] == list(columns.values())
    assert sorted(row[0] for row in table[1:]) == sorted(plan["atgard_id"])
    _, workbook = _table(_xlsx(_file(at, files, "ladda_handlingsplan_tidslinje_xlsx")[1]))
    assert [[str(v) for v in row] for row in workbook] == table  # the same table in both formats

    _, progress = _table(_csv(_file(at, files, "ladda_handlingsplan_mal_A01_csv")[1]))
    status = progress[0].index(texts.PLAN_PROGRESS_COLUMNS["status"])
    statuses = [row[status] for row in progress[1:]]
    assert texts.plan_progress_status("ej_an", 2026) in statuses  # enrolments targeted for 2026: not yet
    assert texts.PLAN_PROGRESS_STATUS["saknas"] not in statuses

    _, per_measure = _table(_xlsx(_file(at, files, "ladda_aktiviteter_atgard_xlsx")[1]))
    participants = per_measure[0].index(texts.ACTIVITIES_MEASURE_COLUMNS["participants"])
    counts = [str(row[participants]).replace("\u00a0", "") for row in per_measure[1:]]
    assert counts and all(int(c) % 5 == 0 for c in counts if c.isdigit())
