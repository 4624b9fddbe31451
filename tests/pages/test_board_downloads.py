"""Översikt's one click for the board (issue 11): a button for the board report (PDF) and one for the slides
(PPTX), for the municipality, year and language in view, made only when clicked."""

from __future__ import annotations

import texts
from ui import cache
from ui import reports as board_files


def board_buttons(at) -> dict[str, object]:
    return {b.key: b for b in at.get("download_button") if b.key in (board_files.KEY_BOARD, board_files.KEY_SLIDES)}


def test_oversikt_has_both_buttons_for_the_view(open_page):
    at = open_page("oversikt", {"kommun": "0360", "ar": "2023"})
    assert not at.exception
    found = board_buttons(at)
    assert set(found) == {board_files.KEY_BOARD, board_files.KEY_SLIDES}
    pdf, pptx = found[board_files.KEY_BOARD].proto, found[board_files.KEY_SLIDES].proto
    assert (pdf.label, pptx.label) == (texts.BOARD_DOWNLOAD, texts.SLIDES_DOWNLOAD)
    assert pdf.help == texts.board_download_help("Tierp", 2023)
    assert pptx.help == texts.slides_download_help("Tierp", 2023)
    # A callable's file (name, type, bytes) is made on the click: the page sends only a deferred id, and the
    # click does not rerun the page. The browser test downloads both.
    for proto in (pdf, pptx):
        assert proto.deferred_file_id and proto.ignore_rerun and not proto.disabled


def test_the_buttons_follow_the_language(open_page):
    at = open_page("oversikt", {"lang": "en"})
    found = board_buttons(at)
    with texts.language("en"):
        assert found[board_files.KEY_BOARD].proto.label == texts.BOARD_DOWNLOAD == "Board report (PDF)"
        assert found[board_files.KEY_SLIDES].proto.help.startswith("The presentation's screens for Helsingborg")


def test_nothing_is_made_while_the_page_runs(open_page, monkeypatch):
    made = []
    monkeypatch.setattr(cache, "board_report", lambda *a: made.append("pdf") or b"")
    monkeypatch.setattr(cache, "board_slides", lambda *a: made.append("pptx") or b"")
    at = open_page("oversikt")
    assert len(board_buttons(at)) == 2
    assert made == []


def test_without_chromium_the_buttons_say_why(open_page, monkeypatch):
    from reports import images

    def no_browser():
        raise images.ImagesUnavailable("Bilder kan inte ritas: Chromium saknas på servern.")

    monkeypatch.setattr(images, "chromium_path", no_browser)
    at = open_page("oversikt")
    found = board_buttons(at)
    assert all(button.proto.disabled for button in found.values())
    assert any("Chromium saknas" in caption.value for caption in at.caption)
