"""Issue 10 in real Chromium: a session visits every page, in both languages, on a store holding the hostile
identity-number corpus, and uploads the corpus files on the Data page (every sheet, the mapping, the broken
files); every websocket frame the server sends is recorded and byte-scanned for every spelling of every
number. A positive control shows the frames are decoded text the scan can read."""

from __future__ import annotations

import os
import secrets

import pytest

from tests.browser.conftest import offline_context, streamlit_server
from tests.browser.test_browser import page_url, wait_for_app
from tests.identity_corpus import import_corpus, leaks, write_corpus

pytestmark = pytest.mark.browser

PAGES = ["oversikt", "karta", "jamfor", "segregation", "insatser", "handlingsplan", "data"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("identitet")
    files = write_corpus(root / "in")
    import_corpus(root / "lager", files, secrets.token_bytes(32))
    return root, files


@pytest.fixture(scope="module")
def hostile_server(hostile, browser):
    """A Streamlit server of its own, on the hostile store (the session's server uses the default store)."""
    root, _ = hostile
    env = {
        **os.environ,
        "STADSDEL_STORE_DIR": str(root / "lager"),
        "STADSDEL_PSEUDONYM_KEY": secrets.token_urlsafe(32),
    }
    log = root / "streamlit.log"
    with streamlit_server(log, env) as url:
        yield url, log


@pytest.fixture
def recorded(browser, hostile_server):
    """A page whose received websocket frames are all kept (as bytes), offline like every browser test."""
    url, _ = hostile_server
    context, outside = offline_context(browser, url)
    page = context.new_page()
    frames: list[bytes] = []

    def keep(payload):
        frames.append(payload if isinstance(payload, bytes) else payload.encode("utf-8"))

    page.on("websocket", lambda ws: ws.on("framereceived", keep))
    page.frames_received = frames
    page.outside_requests = outside
    yield page
    context.close()


def _upload(page, path, expect: str | None = None):
    """Upload a file; with `expect`, wait (up to a minute) until a frame carrying that text has arrived: on a
    busy machine the rerun an upload starts may not have begun when `wait_for_app` first looks."""
    uploader = page.locator("[data-testid='stFileUploader']").first
    uploader.locator("input[type='file']").set_input_files(str(path))
    wait_for_app(page)
    if expect is not None:
        _wait_for_frame(page, expect)


def _wait_for_frame(page, text: str, timeout_s: float = 60.0) -> None:
    wanted = text.encode()
    for _ in range(int(timeout_s * 4)):
        if any(wanted in frame for frame in page.frames_received):
            return
        page.wait_for_timeout(250)
    # Not found: the assertion below names what is missing.


def test_no_frame_of_a_whole_session_holds_an_identity_number(recorded, hostile_server, hostile):
    url, log = hostile_server
    _, files = hostile
    page = recorded
    for lang in ("sv", "en"):
        for name in PAGES:
            page.goto(page_url(url, name, f"lang={lang}"))
            wait_for_app(page)
            assert page.locator("[data-testid='stException']").count() == 0, (name, lang)
    # The Data page's import: the workbook (three sheets, two of them named with numbers), each sheet picked,
    # the mapping opened; then the files that fail on a duplicated header and on having no header row.
    page.goto(page_url(url, "data"))
    wait_for_app(page)
    page.get_by_role("tab", name="Importera deltagare").click()
    _upload(page, files.xlsx)
    sheet_picker = page.locator("[data-testid='stSelectbox']", has_text="Blad i arbetsboken")
    sheet_picker.wait_for(timeout=30_000)
    for option in (
        "Blad 1: [personnummer borttaget]",  # hidden, no header row: an error naming it
        "Blad 3: [personnummer borttaget]",  # no template columns: an error
        "Blad 2: Deltagare [personnummer borttaget]",  # the data again, for the mapping below
    ):
        sheet_picker.click()
        page.get_by_role("option", name=option).click()
        wait_for_app(page)
    page.get_by_text("Kolumnkoppling").first.click()
    wait_for_app(page)
    for path, expect in (
        (files.csv, "fel kontrollsiffra"),
        (files.duplicated_headers, "förekommer mer än en gång"),
        (files.no_header, "ingen rad bland de första"),
    ):
        page.get_by_role("tab", name="Importera deltagare").click()
        _upload(page, path, expect)
    page.get_by_role("tab", name="Versioner").click()
    wait_for_app(page)
    assert not page.outside_requests, page.outside_requests

    received = b"\n".join(page.frames_received)
    # Positive control: the frames are readable, and the pages did show the corpus, redacted.
    for shown in (
        "deltagare: import av [personnummer borttaget] export.csv",  # the loaded table's source
        "Blad 3: [personnummer borttaget]",  # the sheet picker
        "Blad 2: Deltagare [personnummer borttaget]",
        "Filens kolumn ”Kontakt \\[personnummer borttaget\\]”",  # the mapping (its label escaped: Markdown)
        "fel kontrollsiffra",  # the notices
        "förekommer mer än en gång",  # the duplicated header's error
        "ingen rad bland de första",  # the file without a header row
    ):
        assert shown.encode() in received, shown
    assert leaks(received) == set()
    assert leaks(log.read_bytes()) == set()
