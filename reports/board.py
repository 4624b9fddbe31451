"""The board report as PDF: a document a board member understands without the dashboard.

``build_board_report(data, year, settings, today)`` returns the PDF's bytes, in the language in use
(``with texts.language("en"):`` for English). The report is built from a list of sections, ``SECTIONS``:
each section turns the shared :class:`Report` (data set, year, settings, the screens and their charts,
styles) into ReportLab flowables. A later feature adds its own section by putting an object with a
``flowables(report)`` method in the list (``SECTIONS.insert(-2, MySection())`` keeps method notes and sources
last), or passes its own list as ``sections=``.

The default sections: the title page (municipality, report year, period, how recent the data are, the date
of the report, the demo notice on demo data, contents), the key figures of Översikt, goal progress, one
section per screen of ``reports.screens`` (the finding as heading, the chart, its source, period and notes:
the same sentences as presentation mode and the slides), notes on method, and the sources. Every figure comes
from ``analysis`` through ``analysis.disclosure``; nothing here counts people.

Why ReportLab and not WeasyPrint (HTML and CSS to PDF): ReportLab is pure Python wheels on PyPI with no
system libraries, and embeds the TrueType fonts it is given, so the report looks the same on every server.
WeasyPrint needs Pango, cairo and HarfBuzz from Debian and finds its fonts through fontconfig, its own font
stack; a missing library or font there fails at run time on the server, not at install. ReportLab's layout
engine (platypus) also keeps a chart with its heading on one page (``KeepTogether``) and numbers the pages.

The fonts are DejaVu Sans from the machine (``/usr/share/fonts/truetype/dejavu``, Debian's
``fonts-dejavu-core``; ``$STADSDEL_FONT_DIR`` looks elsewhere first), never downloaded; without them
:class:`FontsUnavailable` says in Swedish what to install. Charts are PNG through ``reports.pictures`` at
about 330 dpi on the page.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

import texts
from analysis.files_in.dataset import Dataset
from analysis.settings import Settings
from analysis.stats import overview
from charts import format as fmt
from reports import facts, pictures
from reports import screens as screen_module
from reports.screens import Screen

# ------------------------------------------------------------------------------------------------- fonts

#: Where DejaVu Sans is looked for, after ``$STADSDEL_FONT_DIR``.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
_FONT_FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
#: Not in fonts-dejavu-core: italic falls back to the upright face when absent.
_OPTIONAL_FILES = {ITALIC: "DejaVuSans-Oblique.ttf"}


class FontsUnavailable(RuntimeError):
    """DejaVu Sans is not on the machine; ``str()`` says in Swedish what to install."""


def font_dirs() -> list[Path]:
    extra = os.environ.get("STADSDEL_FONT_DIR")
    return [*([Path(extra)] if extra else []), *FONT_DIRS]


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, italic when present) with ReportLab, once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = next((d for d in font_dirs() if all((d / f).is_file() for f in _FONT_FILES.values())), None)
    if folder is None:
        with texts.language("sv"):
            raise FontsUnavailable(texts.board_fonts_missing(", ".join(str(d) for d in font_dirs())))
    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    italic = ITALIC if (folder / _OPTIONAL_FILES[ITALIC]).is_file() else FONT
    if italic == ITALIC:
        pdfmetrics.registerFont(TTFont(ITALIC, str(folder / _OPTIONAL_FILES[ITALIC])))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=italic, boldItalic=BOLD)


# ------------------------------------------------------------------------------------------------ styles

PAGE = A4
MARGIN = 2 * cm
#: Charts are drawn this wide (CSS pixels) and scaled to the text width: 16 px type prints at about 8.5 pt.
CHART_WIDTH = 900
#: 900 px × 2,5 over 17 cm: about 330 dpi.
CHART_SCALE = 2.5
#: The map is laid out this wide for the page (``reports.screens.map_screen``), so its 13 px names print at
#: about 8 pt, and this high, so it fills the text width.
MAP_WIDTH, MAP_HEIGHT = 800, 600
TEXT = colors.HexColor("#111111")
MUTED = colors.HexColor("#444444")
RULE = colors.HexColor("#cccccc")
CARD = colors.HexColor("#f3f4f6")
DEMO_BACKGROUND = colors.HexColor("#fff4ce")
DEMO_BORDER = colors.HexColor("#c99a00")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    overline: ParagraphStyle
    title: ParagraphStyle
    h1: ParagraphStyle
    finding: ParagraphStyle
    h3: ParagraphStyle
    card_label: ParagraphStyle
    card_value: ParagraphStyle
    toc: ParagraphStyle


def make_styles() -> Styles:
    base = ParagraphStyle(
        "body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=13, textColor=TEXT, spaceAfter=5
    )
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=3)
    return Styles(
        body=base,
        small=small,
        overline=ParagraphStyle("overline", parent=base, fontName=BOLD, fontSize=9, leading=12, textColor=MUTED),
        title=ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=24, leading=29, spaceAfter=14),
        h1=ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceBefore=4, spaceAfter=4),
        finding=ParagraphStyle("finding", parent=base, fontName=BOLD, fontSize=12, leading=15.5, spaceAfter=8),
        h3=ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        card_label=ParagraphStyle("card_label", parent=small, fontName=BOLD, spaceAfter=2),
        card_value=ParagraphStyle("card_value", parent=base, fontName=BOLD, fontSize=20, leading=24, spaceAfter=3),
        toc=ParagraphStyle("toc", parent=base, fontSize=10, leading=15, spaceAfter=0),
    )


def markup(text: str) -> str:
    """A catalogue text as ReportLab paragraph markup: escaped, with Markdown bold as ``<b>``."""
    parts = escape(text).split("**")
    return "".join(f"<b>{part}</b>" if i % 2 else part for i, part in enumerate(parts))


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def heading(text: str, style: ParagraphStyle, *, level: int | None = 0) -> Paragraph:
    """A heading that ``_Document`` lists in the contents and the PDF's bookmarks (``level`` None: neither)."""
    paragraph = para(text, style)
    paragraph.toc_level = level
    paragraph.toc_text = text
    return paragraph


# -------------------------------------------------------------------------------------------- the report


@dataclass
class Report:
    """Everything a section may draw from. ``screen(key)`` builds a screen once (in ``keys`` order for
    the screen sections); ``chart(screen, max_height)`` is its chart as an image flowable, or None."""

    data: Dataset
    year: int
    settings: Settings
    today: dt.date
    keys: list[str]
    styles: Styles
    width: float
    height: float
    render: Callable[[Screen], bytes]
    _screens: dict[str, Screen] = field(default_factory=dict)
    _images: dict[str, bytes] = field(default_factory=dict)

    @property
    def min_n(self) -> int:
        return self.settings.min_n

    def screen(self, key: str) -> Screen:
        if key not in self._screens:
            arguments = (self.data, self.year, self.settings, self.today)
            if key == "karta":  # laid out for the page, not the projector
                built = screen_module.map_screen(*arguments, width=MAP_WIDTH, height=MAP_HEIGHT)
            else:
                built = screen_module.build_screen(key, *arguments, printed=True)
            self._screens[key] = built
        return self._screens[key]

    def chart(self, screen: Screen, max_height: float) -> Flowable | None:
        if screen.figure is None:
            return None
        if screen.key not in self._images:
            self._images[screen.key] = self.render(screen)
        png = self._images[screen.key]
        pixels_wide, pixels_high = pictures.png_size(png)
        width = self.width
        height = width * pixels_high / pixels_wide
        if height > max_height:
            height, width = max_height, max_height * pixels_wide / pixels_high
        image = Image(io.BytesIO(png), width=width, height=height)
        image.hAlign = "CENTER"
        return image

    def caption(self, screen: Screen) -> Paragraph:
        return para(texts.board_caption(screen.source, screen.period), self.styles.small)


class Section(Protocol):
    """One part of the report: its flowables, drawn from the shared ``Report``."""

    def flowables(self, report: Report) -> list[Flowable]: ...


class TitlePage:
    """Municipality, report year, period, how recent the data are, the date of the report, the demo notice on
    demo data, how to read the report, and the contents."""

    def flowables(self, report: Report) -> list[Flowable]:
        s, data = report.styles, report.data
        labels = texts.BOARD_FACTS
        rows = [
            (labels["municipality"], texts.board_municipality(data.kommun_namn, data.kommun_kod)),
            (labels["year"], str(report.year)),
            (labels["period"], facts.data_period(data)),
            (labels["data_date"], facts.data_date(data)),
            (labels["report_date"], report.today.isoformat()),
        ]
        table = Table(
            [[para(label, s.card_label), para(value, s.body)] for label, value in rows],
            colWidths=[4.2 * cm, report.width - 4.2 * cm],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        out: list[Flowable] = [
            Spacer(1, 1.5 * cm),
            para(texts.APP_TITLE, s.overline),
            Spacer(1, 4),
            heading(texts.board_title(data.kommun_namn, report.year), s.title, level=None),
        ]
        notice = facts.demo_notice(data)
        if notice:
            box = Table([[para(notice, s.body)]], colWidths=[report.width])
            box.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("BACKGROUND", (0, 0), (-1, -1), DEMO_BACKGROUND),
                        ("BOX", (0, 0), (-1, -1), 0.8, DEMO_BORDER),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                        ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ]
                )
            )
            out += [box, Spacer(1, 12)]
        contents = TableOfContents(
            levelStyles=[s.toc],
            dotsMinLevel=0,
            tableStyle=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        out += [
            table,
            Spacer(1, 14),
            para(texts.BOARD_HOW_TO_READ, s.body),
            Spacer(1, 14),
            para(texts.BOARD_CONTENTS, s.h3),
            contents,
            PageBreak(),
        ]
        return out


class KeyFigures:
    """Översikt's four figures: enrolled (with the change from last year), reached work, internship or
    studies, the outcome rate with its interval, n and change (with its reading), and ongoing."""

    def flowables(self, report: Report) -> list[Flowable]:
        s, year, min_n = report.styles, report.year, report.min_n
        figures = overview.key_figures(report.data.participants, year, min_n)
        enrolled_change = fmt.delta(figures.enrolled_change, direction=-1)
        enrolled_text = (
            texts.board_no_comparison(year - 1)
            if enrolled_change is None
            else texts.change_from(enrolled_change.text, year - 1)
        )
        if figures.rate is None:
            rate_value, rate_lines = texts.HIDDEN_FIGURE, [(texts.OUTCOME_HELP, None)]
        else:
            rate_value = fmt.percent(figures.rate, 1)
            caption = texts.overview_rate_caption(
                fmt.interval(figures.ci_low, figures.ci_high),
                fmt.number(figures.n),
                year,
                None if figures.change is None else year - 1,
                None if figures.previous_rate is None else fmt.percent(figures.previous_rate, 1),
                None if figures.change is None else fmt.points_interval(figures.change_low, figures.change_high, 1),
            )
            rate_lines = [(caption, None), _rate_change(figures, year)]
        cards = [
            (texts.overview_enrolled(year), fmt.count(figures.enrolled, min_n), [(enrolled_text, None)]),
            (
                texts.OVERVIEW_POSITIVE,
                fmt.count(figures.positive, min_n),
                [(texts.overview_positive_help(fmt.count(figures.finished, min_n), year), None)],
            ),
            (texts.OVERVIEW_RATE, rate_value, rate_lines),
            (texts.OVERVIEW_ONGOING, fmt.count(figures.ongoing, min_n), [(texts.OVERVIEW_ONGOING_HELP, None)]),
        ]
        cells = [self._card(report, *card) for card in cards]
        half = (report.width - 8) / 2
        grid = Table([cells[:2], cells[2:]], colWidths=[half, half], hAlign="LEFT")
        grid.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, -1), CARD),
                    ("LINEAFTER", (0, 0), (0, -1), 4, colors.white),
                    ("LINEBELOW", (0, 0), (-1, 0), 4, colors.white),
                    ("LEFTPADDING", (0, 0), (-1, -1), 9),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return [
            heading(texts.board_key_figures_title(year), s.h1),
            Spacer(1, 4),
            grid,
            Spacer(1, 8),
            para(texts.ongoing_note(fmt.count(figures.ongoing, min_n)), s.small),
            para(texts.OUTCOME_HELP, s.small),
            Spacer(1, 10),
        ]

    @staticmethod
    def _card(report: Report, label: str, value: str, lines: list[tuple[str, str | None]]) -> list[Flowable]:
        s = report.styles
        out: list[Flowable] = [para(label, s.card_label), para(value, s.card_value)]
        for text, colour in lines:
            text_markup = markup(text) if colour is None else f'<font color="{colour}">{markup(text)}</font>'
            out.append(Paragraph(text_markup, s.small))
        return out


#: The colours of a change that is good or bad for the measure (the pages' ``widgets`` colours, darker for
#: print).
CHANGE_COLOURS = {"green": "#1a7f37", "red": "#b42318", "gray": "#444444"}


def _rate_change(figures: overview.KeyFigures, year: int) -> tuple[str, str | None]:
    """The outcome rate's change from last year in words, coloured by whether it is good or bad."""
    change = fmt.delta(
        figures.change,
        unit=texts.PERCENT_POINTS,
        decimals=1,
        factor=100,
        direction=-1,
        reading=figures.change_reading,
    )
    if change is None:
        return texts.board_no_comparison(year - 1), None
    if change.arrow == "off":
        return texts.change_from(change.text, year - 1), None
    return texts.board_rate_change(change.text, year - 1, change.verdict()), CHANGE_COLOURS[change.colour]


def _table(report: Report, frame) -> Table:
    s = report.styles
    header = [para(str(c), s.card_label) for c in frame.columns]
    body = [[para(str(v), s.small) for v in row] for row in frame.itertuples(index=False)]
    widths = [report.width * w for w in (0.5, 0.2, 0.3)] if len(frame.columns) == 3 else None
    table = Table([header, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


class GoalProgress:
    """Goal progress in the year: the goal screen's finding, its chart and every goal in words."""

    def flowables(self, report: Report) -> list[Flowable]:
        s = report.styles
        screen = report.screen("mal")
        block: list[Flowable] = [
            heading(texts.overview_goals_title(report.year), s.h1),
            para(screen.title, s.finding),
        ]
        chart = report.chart(screen, 0.42 * report.height)
        block += [chart, report.caption(screen)] if chart is not None else []
        out: list[Flowable] = [KeepTogether(block)]
        if screen.table is not None and len(screen.table):
            table = [_table(report, screen.table), Spacer(1, 4), para(texts.BOARD_GOALS_INTRO, s.small)]
            out += [Spacer(1, 6), KeepTogether(table)]
        out += [para(note, s.small) for note in screen.notes]
        return [*out, Spacer(1, 12)]


@dataclass
class ScreenSections:
    """One section per screen of the report (``Report.keys``) but those in ``skip`` (the goal screen has its
    own section): the screen's name, its finding as heading, the chart, source and period, and its notes,
    kept together on one page."""

    skip: tuple[str, ...] = ("mal",)

    def flowables(self, report: Report) -> list[Flowable]:
        s = report.styles
        out: list[Flowable] = []
        for key in report.keys:
            if key in self.skip:
                continue
            screen = report.screen(key)
            block: list[Flowable] = [
                heading(texts.SCREEN_NAMES.get(key, key), s.h1),
                para(screen.title, s.finding),
            ]
            chart = report.chart(screen, 0.56 * report.height)
            block.append(chart if chart is not None else para(texts.BOARD_NO_CHART, s.body))
            block.append(report.caption(screen))
            block += [para(note, s.small) for note in screen.notes]
            out += [KeepTogether(block), Spacer(1, 16)]
        return out


class MethodNotes:
    """How every figure is computed: outcome rate, intervals, changes, goals, targeting, segregation, area
    types, how participants are counted and the small-number rule."""

    def flowables(self, report: Report) -> list[Flowable]:
        s = report.styles
        notes = {
            **texts.BOARD_METHOD,
            "counting": texts.COUNTS_HELP,
            "disclosure": texts.disclosure_rule(report.min_n),
        }
        out: list[Flowable] = [heading(texts.BOARD_METHOD_TITLE, s.h1)]
        for key, title in texts.BOARD_METHOD_HEADINGS.items():
            out.append(KeepTogether([para(title, s.h3), para(notes[key], s.body)]))
        return [*out, Spacer(1, 12)]


class Sources:
    """The data set's sources and description, the imports in use, and what made the report."""

    def flowables(self, report: Report) -> list[Flowable]:
        s, data = report.styles, report.data
        out: list[Flowable] = [heading(texts.BOARD_SOURCES_TITLE, s.h1)]
        sources = data.meta.get("kallor") or []
        if sources:
            out.append(para(texts.BOARD_SOURCES_DATA_SET, s.body))
            out += [Paragraph(markup(source), s.body, bulletText="•") for source in sources]
        if data.meta.get("beskrivning"):
            out.append(para(data.meta["beskrivning"], s.body))
        for kind, version in data.imported.items():
            when = str(getattr(version, "created", ""))[:16].replace("T", " ")
            out.append(para(texts.board_imported(kind, str(getattr(version, "file_name", "")), when), s.body))
        if data.meta.get("geometri_schematisk"):
            out.append(para(texts.SCHEMATIC_MAP, s.body))
        out.append(para(texts.BOARD_MADE_WITH, s.small))
        return [KeepTogether(out)]


#: The report's sections in order. Append (or insert before the last two) to add a section.
SECTIONS: list[Section] = [TitlePage(), KeyFigures(), GoalProgress(), ScreenSections(), MethodNotes(), Sources()]


# ------------------------------------------------------------------------------------------ the document


class _Document(BaseDocTemplate):
    """A4 with one frame; headings with a ``toc_level`` go into the contents and the PDF's bookmarks."""

    def __init__(self, buffer, **kwargs):
        super().__init__(
            buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=2.4 * cm,
            **kwargs,
        )  # fmt: skip
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._bookmarks = 0

    def afterFlowable(self, flowable):
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        self._bookmarks += 1
        key = f"section-{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.toc_text, key, level=level, closed=False)
        self.notify("TOCEntry", (level, markup(flowable.toc_text), self.page, key))

    def handle_documentBegin(self):
        self._bookmarks = 0
        super().handle_documentBegin()


class _NumberedCanvas(pdf_canvas.Canvas):
    """Draws every page's footer once the page count is known: the report's line at the left, "Sida 3 av 9"
    at the right."""

    def __init__(self, *args, footer: str = "", page_label: Callable[[int, int], str] = str, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer = footer
        self._page_label = page_label

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(MARGIN, 1.75 * cm, width - MARGIN, 1.75 * cm)
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN, 1.35 * cm, self._footer)
        self.drawRightString(width - MARGIN, 1.35 * cm, self._page_label(self._pageNumber, total))
        self.restoreState()


@dataclass(frozen=True)
class BuiltReport:
    pdf: bytes
    pages: int


def build_board_report(
    data: Dataset,
    year: int,
    settings: Settings,
    today: dt.date,
    *,
    keys: Sequence[str] = screen_module.SCREENS,
    sections: Sequence[Section] | None = None,
    render: Callable[[Screen], bytes] | None = None,
) -> bytes:
    """The board report for ``data`` and ``year`` as PDF bytes, in the language in use. ``today`` is the
    report's date (and decides whether this year's goals are "so far"); ``keys`` are the screens, in order;
    ``render`` draws a screen's chart as PNG (default: kaleido, ``reports.pictures``)."""
    return build(data, year, settings, today, keys=keys, sections=sections, render=render).pdf


def build(
    data: Dataset,
    year: int,
    settings: Settings,
    today: dt.date,
    *,
    keys: Sequence[str] = screen_module.SCREENS,
    sections: Sequence[Section] | None = None,
    render: Callable[[Screen], bytes] | None = None,
) -> BuiltReport:
    """``build_board_report`` with the page count."""
    register_fonts()
    buffer = io.BytesIO()
    document = _Document(
        buffer,
        title=texts.board_title(data.kommun_namn, year),
        author=texts.APP_TITLE,
        subject=texts.board_footer(data.kommun_namn, year, fictitious=data.fiktiv),
        creator=texts.APP_TITLE,
        lang="sv-SE" if texts.current() == "sv" else "en-GB",
        initialFontName=FONT,  # not Helvetica: every font in the file is embedded
    )
    report = Report(
        data=data,
        year=int(year),
        settings=settings,
        today=today,
        keys=list(keys),
        styles=make_styles(),
        width=document.width,
        height=document.height,
        render=render
        or functools.partial(pictures.chart_png, width=CHART_WIDTH, scale=CHART_SCALE, map_width=MAP_WIDTH),
    )
    story: list[Flowable] = []
    for section in SECTIONS if sections is None else sections:
        story += section.flowables(report)
    language = texts.current()

    def page_label(page: int, pages: int) -> str:
        with texts.language(language):
            return texts.board_page(page, pages)

    canvasmaker = functools.partial(
        _NumberedCanvas,
        footer=texts.board_footer(data.kommun_namn, year, fictitious=data.fiktiv),
        page_label=page_label,
    )
    document.multiBuild(story, canvasmaker=canvasmaker)
    return BuiltReport(buffer.getvalue(), document.page)
