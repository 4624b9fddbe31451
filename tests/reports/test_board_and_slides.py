"""The board report (PDF) and the slides (PPTX) of issue 11, read back: the PDF's text (pypdf and pdftotext)
holds the title page's facts, every screen's finding, the small-number rule and the demo notice; its pages
render with pdftoppm and none is blank; the slides have one picture per screen, the finding as title, and
source, period and rule in the footer; no count of fewer than 5 people anywhere; both languages.

Each document is made once per module (charts through kaleido and Debian's Chromium, about 6 s each)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

import texts
from analysis.files_in.dataset import load_dataset
from analysis.settings import Settings
from reports import board, facts, images, slides
from reports import screens as screen_module
from tests import attacker
from tests.reports import slide_images
from ui.context import DEMO_ROOT

TODAY = dt.date(2026, 12, 1)
YEAR = 2024
CASES = [("helsingborg", "sv"), ("tierp", "en")]

needs_chromium = pytest.mark.skipif(
    not any(Path(c).is_file() for c in images.CHROMIUM_CANDIDATES) and not shutil.which("chromium"),
    reason="Chromium is needed to draw the charts (apt-get install chromium)",
)
needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm, pdftotext)")


@pytest.fixture(scope="module")
def datasets():
    return {name: load_dataset(DEMO_ROOT / name) for name in ("helsingborg", "tierp")}


@pytest.fixture(scope="module")
def made(datasets):
    """For each case: the PDF, its page count, the PPTX and the screens (in the same language)."""
    out = {}
    for name, lang in CASES:
        data = datasets[name]
        with texts.language(lang):
            report = board.build(data, YEAR, Settings(), TODAY)
            deck = slides.build(data, YEAR, Settings(), TODAY)
            built = screen_module.build_screens(data, YEAR, Settings(), TODAY)
            expected = {
                "title": texts.board_title(data.kommun_namn, YEAR),
                "rule": texts.disclosure_rule(5),
                "demo": facts.plain(facts.demo_notice(data)),
                "data_date": facts.data_date(data),
                "period": facts.data_period(data),
                "municipality": texts.board_municipality(data.kommun_namn, data.kommun_kod),
                "slides_title": texts.slides_title(data.kommun_namn, YEAR),
                "footer": [texts.slides_footer(s.source, s.period) for s in built],
            }
        out[(name, lang)] = {"pdf": report, "pptx": deck, "screens": built, "expected": expected}
    return out


def flat(text: str) -> str:
    """Text with every run of white space (line breaks of the PDF) as one space, soft hyphens dropped."""
    return " ".join(text.replace("\u00ad", "").split())


def pdf_text(pdf: bytes) -> str:
    return flat(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def no_small_counts(text: str) -> list[str]:
    """Every ``n = X`` a multiple of 5, and no count of 1–4 before "av"/"of" (``3 av 30``), except a page number
    ("Sida 1 av 9") and a number of goals ("4 av 6 mål nådda"), which count no people."""
    found = [f"n = {n}" for n in re.findall(r"n = (\d+)", text) if int(n) % 5]
    small = r"(?<![\d,])(?<!Sida )(?<!Page )[1-4] (av|of) (?!\d+ mål|\d+ goals)\S+"
    found += [m.group(0) for m in re.finditer(small, text)]
    return found


@needs_chromium
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_the_pdf_says_what_a_board_needs(made, case):
    built = made[case]
    text = pdf_text(built["pdf"].pdf)
    expected = built["expected"]
    for key in ("title", "rule", "demo", "data_date", "period", "municipality"):
        assert flat(expected[key]) in text, key
    assert TODAY.isoformat() in text
    for screen in built["screens"]:
        assert flat(screen.title) in text, screen.key
        for note in screen.notes:
            assert flat(note) in text, (screen.key, note)
    assert no_small_counts(text) == []
    # The attacker of tests/attacker.py, on every "n = X" of the report: no difference of two is 1–4.
    assert attacker.attack(attacker.from_text(text, "styrelserapport")) == []
    reader = PdfReader(io.BytesIO(built["pdf"].pdf))
    assert len(reader.pages) == built["pdf"].pages
    with texts.language(case[1]):
        assert texts.board_page(built["pdf"].pages, built["pdf"].pages) in text
        assert reader.metadata.title == texts.board_title(case[0].capitalize(), YEAR)
    # The outline lists the sections (the contents on the title page link to them too).
    assert len(reader.outline) >= 2 + len(built["screens"])


@needs_chromium
@needs_poppler
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_pdftotext_reads_the_fonts_and_every_page_renders(made, case, tmp_path):
    built = made[case]
    path = tmp_path / "rapport.pdf"
    path.write_bytes(built["pdf"].pdf)
    text = flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    assert flat(built["expected"]["title"]) in text
    assert all(flat(s.title) in text for s in built["screens"])
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts and "Helvetica" not in fonts  # embedded, no base-14 fallback
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "sida")], check=True)
    pngs = sorted(tmp_path.glob("sida-*.png"))
    assert len(pngs) == built["pdf"].pages
    for png in pngs:
        image = Image.open(png).convert("L")
        assert ImageStat.Stat(image).extrema[0][0] < 100, png.name  # something dark: text or a chart
    # Every chart is in the file and drawn: one image per screen with a figure, none blank, and each page that
    # holds one shows colour (the charts' bars, lines and map), not only black text.
    reader = PdfReader(io.BytesIO(built["pdf"].pdf))
    with_images = [number for number, page in enumerate(reader.pages) if page.images]
    charts = [image.image for page in reader.pages for image in page.images]
    assert len(charts) == sum(screen.figure is not None for screen in built["screens"])
    for chart in charts:
        grey = chart.convert("L")
        assert ImageStat.Stat(grey).stddev[0] > 20  # not one flat colour
        assert chart.width >= 2000  # about 330 dpi across the text width
    for number in with_images:
        pixels = np.asarray(Image.open(pngs[number]).convert("RGB")).astype(int)
        coloured = (np.abs(pixels[..., 0] - pixels[..., 1]) + np.abs(pixels[..., 1] - pixels[..., 2])) > 60
        assert coloured.mean() > 0.002, number  # a thin trend line at 40 dpi is about 0,4 % of the page


@needs_chromium
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_the_slides_hold_one_finding_per_screen(made, case):
    built = made[case]
    deck = Presentation(io.BytesIO(built["pptx"].pptx))
    screens = built["screens"]
    assert len(deck.slides) == built["pptx"].slides == 1 + len(screens)
    assert (deck.slide_width, deck.slide_height) == (slides.SLIDE_WIDTH, slides.SLIDE_HEIGHT)
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    first = deck.slides[0]
    first_text = flat(" ".join(s.text_frame.text for s in first.shapes if s.has_text_frame))
    expected = built["expected"]
    assert flat(expected["slides_title"]) in first_text
    assert flat(expected["demo"]) in first_text and flat(expected["rule"]) in first_text
    for slide, screen, footer in zip(list(deck.slides)[1:], screens, expected["footer"], strict=True):
        assert slide.shapes.title.text_frame.text == screen.title
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].name == slides.PICTURE
        footer_shape = next(s for s in slide.shapes if s.name == slides.FOOTER)
        assert footer_shape.text_frame.text == f"{footer}\n{expected['rule']}"
        notes = slide.notes_slide.notes_text_frame.text
        assert all(note in notes for note in screen.notes) and expected["rule"] in notes
    every_text = " ".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    )
    assert no_small_counts(flat(every_text)) == []


@needs_chromium
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_no_slide_text_runs_out_of_its_box_or_into_the_chart(made, case):
    """Drawn approximately (no LibreOffice here) with DejaVu Sans, wider than the theme font."""
    for number, (image, problems) in enumerate(slide_images.render(made[case]["pptx"].pptx), start=1):
        assert problems == [], (number, problems)
        assert ImageStat.Stat(image.convert("L")).mean[0] < 250, number


def test_a_screen_without_a_chart_says_so(datasets):
    """Everything hidden (a threshold no group reaches): the report and the slides still build, and say why."""
    data = datasets["tierp"]
    settings = Settings(min_n=500)
    keys = ["utfall"]
    sections = [board.ScreenSections(), board.MethodNotes()]
    pdf = board.build_board_report(
        data, YEAR, settings, TODAY, keys=keys, sections=sections, render=lambda s: pytest.fail(s.key)
    )
    text = pdf_text(pdf)
    assert flat(texts.finding_outcomes_hidden(YEAR)) in text and flat(texts.BOARD_NO_CHART) in text
    assert flat(texts.disclosure_rule(500)) in text
    deck = Presentation(io.BytesIO(slides.build_slides(data, YEAR, settings, TODAY, keys)))
    assert [s.shapes.title.text_frame.text for s in list(deck.slides)[1:]] == [texts.finding_outcomes_hidden(YEAR)]
    assert not [s for s in deck.slides[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_sections_are_a_list_a_feature_can_extend(datasets):
    """A later feature adds a section: any object with ``flowables(report)``."""
    seen = []

    class Extra:
        def flowables(self, report):
            seen.append(report.year)
            return [board.para("Extra avsnitt från en senare funktion", report.styles.body)]

    pdf = board.build_board_report(
        datasets["tierp"], YEAR, Settings(), TODAY, keys=[], sections=[board.TitlePage(), Extra()]
    )
    assert seen == [YEAR] and "Extra avsnitt från en senare funktion" in pdf_text(pdf)


def test_without_fonts_the_report_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(board, "FONT_DIRS", (tmp_path,))
    monkeypatch.delenv("STADSDEL_FONT_DIR", raising=False)
    monkeypatch.setattr(board.pdfmetrics, "getRegisteredFontNames", list)
    with pytest.raises(board.FontsUnavailable, match="apt-get install fonts-dejavu-core"):
        board.register_fonts()


def test_file_names_are_ascii():
    assert facts.file_stem("Upplands Väsby") == "upplands_vasby"
    assert texts.board_file_name(facts.file_stem("Örebro"), 2024) == "styrelserapport_orebro_2024.pdf"
    with texts.language("en"):
        assert texts.slides_file_name(facts.file_stem("Tierp"), 2024) == "slides_tierp_2024.pptx"


def test_imported_participants_are_named_on_the_title_page_and_under_sources(datasets):
    """With the company's own register in place of the demo's, the notice and the sources say so."""
    import dataclasses

    from analysis.keeping.store import Version

    version = Version(
        id="v1", kommun="0360", kind="deltagare", created="2026-11-30T09:15:00+00:00", file_name="deltagare.xlsx",
        rows_read=10, rows_accepted=10, rows_rejected=0, rows=10, columns=(), who=None, note=None, sha256="",
        size_bytes=0, path=Path("x"),
    )  # fmt: skip
    data = dataclasses.replace(datasets["tierp"], imported={"deltagare": version})
    pdf = board.build_board_report(
        data, YEAR, Settings(), TODAY, keys=[], sections=[board.TitlePage(), board.Sources()]
    )
    text = pdf_text(pdf)
    assert flat(facts.plain(texts.demo_notice(imported=True))) in text
    assert flat(texts.board_imported("deltagare", "deltagare.xlsx", "2026-11-30 09:15")) in text
