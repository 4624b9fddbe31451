"""The presentation sequence as a PowerPoint file (python-pptx), to drop into the board's own deck.

``build_slides(data, year, settings, today, keys)`` returns the .pptx bytes, in the language in use: a title
slide (municipality, year, how recent the data are, the date, the demo notice on demo data, the small-number
rule), then one 16:9 slide per screen of ``reports.screens`` with the finding as the slide's title (the title
placeholder, so the board's template restyles it when the slide is pasted into its deck), the chart as a
picture, and in the footer the source, the period and the small-number rule. The screen's notes (what is
hidden, what has no interval) and the rule go in the speaker notes too.

The text keeps the template's theme font (no font is embedded); the footer's height is estimated from its
length with a generous average character width, so it never runs into the chart.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

import texts
from analysis.files_in.dataset import Dataset
from analysis.settings import Settings
from reports import facts, pictures
from reports import screens as screen_module
from reports.screens import Screen

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
#: Layouts of python-pptx's default template.
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
#: Charts are drawn this wide (CSS pixels) for a slide: 16 px type shows at about 14 pt at full width.
CHART_WIDTH = 1000
CHART_SCALE = 2
TITLE_TOP = Inches(0.3)
FOOTER_SIZE = Pt(9)
#: Average character width in em, regular and bold: generous (DejaVu Sans is about 0,55 and 0,62), so an
#: estimated height is never too small in a narrower theme font.
_EM, _EM_BOLD = 0.6, 0.66
TEXT = RGBColor(0x11, 0x11, 0x11)
MUTED = RGBColor(0x44, 0x44, 0x44)
#: Shape names, so tests (and a presenter's macro) can find the parts of a slide.
PICTURE, FOOTER, NOTICE = "Diagram", "Sidfot", "Demodata"


def _language() -> MSO_LANGUAGE_ID:
    return MSO_LANGUAGE_ID.SWEDISH if texts.current() == "sv" else MSO_LANGUAGE_ID.ENGLISH_UK


def title_size(title: str) -> Pt:
    """The finding's type size: as large as a two-line title allows at the slide's width."""
    if len(title) <= 60:
        return Pt(30)
    if len(title) <= 110:
        return Pt(26)
    return Pt(22)


def text_lines(text: str, width: Emu, size: Pt, *, bold: bool = False) -> int:
    """How many lines ``text`` (paragraphs split on newlines) takes in a box ``width`` wide at ``size``."""
    per_line = max(1, int(width / (size * (_EM_BOLD if bold else _EM))))
    lines = 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
            lines += (used - 1) // per_line  # a word longer than a line
            used = (used - 1) % per_line + 1
    return lines


def _set_text(frame, paragraphs: Sequence[str], size: Pt, *, bold: bool = False, colour=TEXT) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.03)
    for i, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = text
        run.font.size = size
        run.font.bold = bold
        run.font.color.rgb = colour
        run.font.language_id = _language()


def _clear(frame) -> None:
    """Empty a placeholder's text frame, keeping its one paragraph."""
    frame.clear()
    for run in list(frame.paragraphs[0].runs):
        run._r.getparent().remove(run._r)


def _title(slide, text: str) -> Emu:
    """The finding as the slide's title, in a box as high as its lines need; returns the box's bottom."""
    title = slide.shapes.title
    width, size = SLIDE_WIDTH - 2 * MARGIN, title_size(text)
    height = Emu(int(text_lines(text, width - Inches(0.1), size, bold=True) * size * 1.2 + Inches(0.1)))
    title.left, title.top, title.width, title.height = MARGIN, TITLE_TOP, width, height
    frame = title.text_frame
    _clear(frame)
    _set_text(frame, [text], size, bold=True)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    return TITLE_TOP + height


def _footer(slide, paragraphs: Sequence[str]) -> Emu:
    """The footer at the slide's foot, as high as its text needs; returns its top."""
    width = SLIDE_WIDTH - 2 * MARGIN
    lines = text_lines("\n".join(paragraphs), width, FOOTER_SIZE)
    height = Emu(int(lines * FOOTER_SIZE * 1.25 + Inches(0.12)))
    top = SLIDE_HEIGHT - Inches(0.25) - height
    box = slide.shapes.add_textbox(MARGIN, top, width, height)
    box.name = FOOTER
    _set_text(box.text_frame, paragraphs, FOOTER_SIZE, colour=MUTED)
    box.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    return top


def _picture(slide, png: bytes, top: Emu, bottom: Emu) -> None:
    """The chart, as large as fits between ``top`` and ``bottom`` at its own aspect ratio, centred."""
    pixels_wide, pixels_high = pictures.png_size(png)
    box_width, box_height = SLIDE_WIDTH - 2 * MARGIN, bottom - top
    width, height = box_width, int(box_width * pixels_high / pixels_wide)
    if height > box_height:
        height, width = box_height, int(box_height * pixels_wide / pixels_high)
    left = int((SLIDE_WIDTH - width) / 2)
    picture = slide.shapes.add_picture(io.BytesIO(png), left, top, width=width, height=height)
    picture.name = PICTURE


def _notes(slide, paragraphs: Sequence[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n\n".join(p for p in paragraphs if p)


@dataclass(frozen=True)
class BuiltSlides:
    pptx: bytes
    slides: int


def build(
    data: Dataset,
    year: int,
    settings: Settings,
    today: dt.date,
    *,
    keys: Sequence[str] = screen_module.SCREENS,
    render: Callable[[Screen], bytes] | None = None,
) -> BuiltSlides:
    """``build_slides`` with the slide count."""
    render = render or (lambda screen: pictures.chart_png(screen, width=CHART_WIDTH, scale=CHART_SCALE))
    rule = texts.disclosure_rule(settings.min_n)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    properties = deck.core_properties
    properties.title = texts.slides_title(data.kommun_namn, year)
    properties.author = texts.APP_TITLE
    properties.language = "sv-SE" if texts.current() == "sv" else "en-GB"

    # The title slide.
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(1.6), SLIDE_WIDTH - 2 * MARGIN, Inches(1.6)
    _clear(title.text_frame)
    _set_text(title.text_frame, [texts.slides_title(data.kommun_namn, year)], Pt(36), bold=True)
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    date, _ = facts.latest_date(data)
    subtitle.left, subtitle.top = MARGIN, Inches(3.3)
    subtitle.width, subtitle.height = SLIDE_WIDTH - 2 * MARGIN, Inches(0.9)
    _clear(subtitle.text_frame)
    _set_text(subtitle.text_frame, [texts.slides_subtitle(date, today.isoformat()), facts.data_period(data)], Pt(18))
    top = Inches(4.4)
    notice = facts.demo_notice(data)
    if notice:
        text = facts.plain(notice)
        width = SLIDE_WIDTH - 2 * MARGIN
        height = Emu(int(text_lines(text, width, Pt(14)) * Pt(14) * 1.25 + Inches(0.2)))
        box = slide.shapes.add_textbox(MARGIN, top, width, height)
        box.name = NOTICE
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xFF, 0xF4, 0xCE)
        _set_text(box.text_frame, [text], Pt(14))
        box.text_frame.margin_left = box.text_frame.margin_right = Inches(0.12)
        box.text_frame.margin_top = box.text_frame.margin_bottom = Inches(0.08)
    _footer(slide, [rule])
    _notes(slide, [facts.data_date(data), rule])

    # One slide per screen.
    for key in keys:
        screen = screen_module.build_screen(key, data, year, settings, today, printed=True)
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        chart_top = _title(slide, screen.title) + Inches(0.15)
        footer_top = _footer(slide, [texts.slides_footer(screen.source, screen.period), rule])
        if screen.figure is not None:
            _picture(slide, render(screen), chart_top, footer_top - Inches(0.1))
        else:
            box = slide.shapes.add_textbox(MARGIN, chart_top, SLIDE_WIDTH - 2 * MARGIN, Inches(1))
            _set_text(box.text_frame, [texts.BOARD_NO_CHART], Pt(20), colour=MUTED)
        _notes(slide, [*screen.notes, texts.slides_footer(screen.source, screen.period), rule])

    buffer = io.BytesIO()
    deck.save(buffer)
    return BuiltSlides(buffer.getvalue(), len(deck.slides))


def build_slides(
    data: Dataset,
    year: int,
    settings: Settings,
    today: dt.date,
    keys: Sequence[str] = screen_module.SCREENS,
    *,
    render: Callable[[Screen], bytes] | None = None,
) -> bytes:
    """The slides for ``data`` and ``year`` as .pptx bytes, in the language in use: a title slide, then one
    slide per screen in ``keys`` (``reports.screens.SCREENS`` by default). ``render`` draws a screen's chart
    as PNG (default: kaleido, ``reports.pictures``)."""
    return build(data, year, settings, today, keys=keys, render=render).pptx
