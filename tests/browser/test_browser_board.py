"""Översikt's board report and slides in real Chromium (issue 11): one click downloads the file for the
municipality and year in view, offline, and the page neither reruns nor breaks."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from reports import screens
from tests.browser.test_browser import wait_for_app

pytestmark = pytest.mark.browser


def test_one_click_downloads_the_board_report_and_the_slides(page, server_url, tmp_path):
    page.goto(f"{server_url}/?kommun=0360&ar=2024")
    wait_for_app(page)
    with page.expect_download(timeout=120_000) as pdf_download:
        page.get_by_role("button", name="Styrelserapport (PDF)").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename == "styrelserapport_tierp_2024.pdf"
    pdf_path = tmp_path / pdf.suggested_filename
    pdf.save_as(pdf_path)
    reader = PdfReader(pdf_path)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Styrelserapport: Tierp 2024" in text and "Påhittade demodata" in text

    with page.expect_download(timeout=120_000) as pptx_download:
        page.get_by_role("button", name="Bildspel (PowerPoint)").click()
    pptx = pptx_download.value
    assert pptx.suggested_filename == "bildspel_tierp_2024.pptx"
    pptx_path = tmp_path / pptx.suggested_filename
    pptx.save_as(pptx_path)
    deck = Presentation(io.BytesIO(pptx_path.read_bytes()))
    assert len(deck.slides) == 1 + len(screens.SCREENS)  # the title slide and one per screen
    assert deck.slides[0].shapes.title.text_frame.text == "Tierp 2024: segregation och utfall per stadsdel"

    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.js_errors, page.js_errors
    assert not page.outside_requests, page.outside_requests
