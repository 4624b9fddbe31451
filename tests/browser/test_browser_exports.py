"""Exports and printing in real Chromium (issue 11): a PNG and an Excel file downloaded from the page's
buttons, offline, and Översikt printed to PDF with no chart cut at the paper's edge or across a page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

import texts
from tests.browser.test_browser import page_url, wait_for_app

pytestmark = pytest.mark.browser


def download(page, key: str):
    """Click the button ``ladda_<key>`` and return the downloaded file's name and bytes."""
    button = page.locator(f".st-key-{key} button:visible")
    button.scroll_into_view_if_needed()
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=90_000) as info:
        button.click()
    item = info.value
    return item.suggested_filename, open(item.path(), "rb").read()


def test_png_and_excel_downloads_from_insatser(page, server_url):
    page.goto(page_url(server_url, "insatser"))
    wait_for_app(page)
    # One row of four labelled buttons under the chart (Streamlit draws elements as they scroll into view).
    row = page.locator(".st-key-nedladdning_insatser_tratt_insatser")
    row.scroll_into_view_if_needed()
    row.locator("button:visible").nth(3).wait_for(timeout=30_000)
    labels = row.locator("button:visible").all_inner_texts()
    assert [label.split("\n")[-1].strip() for label in labels] == [texts.EXPORT_PNG, "SVG", "CSV", "Excel"]

    name, png = download(page, "ladda_insatser_tratt_insatser_png")
    assert name.endswith(".png") and name.isascii()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.size[0] >= 2000  # twice the CSS size, sharp in print

    name, xlsx = download(page, "ladda_insatser_tratt_insatser_xlsx")
    assert name.endswith(".xlsx")
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows()]
    blank = next(i for i, row in enumerate(rows) if not any(rows[i]))
    header = {row[0]: row[1] for row in rows[:blank]}
    assert header[texts.EXPORT_LABELS["title"]].startswith("Från inskrivning till utfall")
    assert header[texts.EXPORT_LABELS["rule"]] == texts.disclosure_rule(5)
    assert "Helsingborg" in header[texts.EXPORT_LABELS["filters"]]
    assert rows[blank + 1][:2] == [texts.COLUMNS["programme"], texts.COLUMNS["enrolled"]]
    assert len(rows) > blank + 2
    # A download does not rerun the page, and nothing left the machine.
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests
    assert not page.js_errors, page.js_errors


def words_by_page(pdf: bytes) -> list[tuple[float, list[tuple[str, float, float, float]]]]:
    """Per page of the PDF: its width and its words as (text, x_min, x_max, y_min) (pdftotext leaves out text
    that is clipped away, which pypdf would still report)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = []
    for body in xml.decode("utf-8").split("<page ")[1:]:
        width = float(re.search(r'width="([\d.]+)"', body).group(1))
        words = [
            (text, float(x0), float(x1), float(y0))
            for x0, y0, x1, _y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body
            )
        ]
        pages.append((width, words))
    return pages


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_printing_oversikt_keeps_every_chart_and_card_whole(browser, server_url, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="sv-SE")
    page = context.new_page()
    page.goto(page_url(server_url, "oversikt"))
    wait_for_app(page)
    # Streamlit loads each kind of element's code on first use: wait until every element is drawn.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    page.emulate_media(media="print")
    page.wait_for_timeout(1500)
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    (tmp_path / "oversikt.pdf").write_bytes(pdf)
    pages = words_by_page(pdf)
    years = [str(y) for y in range(2016, 2026)]

    # The trend chart: its title and every year on its axis on one page, all inside the paper.
    trend = [
        (width, words)
        for width, words in pages
        if any(w[0] == "Utfall" for w in words) and all(any(w[0] == y for w in words) for y in years)
    ]
    assert len(trend) == 1, "the trend chart is on one page"
    width, words = trend[0]
    axis = [w for w in words if w[0] in years]
    rows: dict[int, set[str]] = {}
    for text, _x0, _x1, y0 in axis:
        rows.setdefault(round(y0), set()).add(text)
    assert any(set(years) <= found for found in rows.values()), "the ten years on one axis line"
    assert max(w[2] for w in axis) <= width, "no year runs past the paper's edge"
    assert not any(w[0] == texts.EXPORT_PNG.split()[0] for _, page_words in pages for w in page_words), (
        "no download buttons in print"
    )

    # The goal cards: the section's title and every card's last line on the same page.
    goals = [words for _, words in pages if any(w[0] == "Måluppfyllelse" for w in words)]
    assert len(goals) == 1
    text = " ".join(w[0] for w in goals[0])
    assert text.count("Målet") + text.count("nåddes") >= 4

    # Nothing of the sidebar is printed.
    assert not any("Språk" in w[0] for _, page_words in pages for w in page_words)
