"""Every chart as PNG and SVG, every table as CSV and XLSX, each file saying what it shows.

Pure: no streamlit (``ui/downloads.py`` puts the buttons on the pages). Each file carries a header (tables)
or a caption (images) naming the title or measure, the source, the period, the filters and the small-number
rule (``texts.disclosure_rule``), in the language of :class:`ExportMeta`.

What is exported is what the page shows: the pages' display frames (``ui/tables.py``) already hold every
hidden cell as text ("färre än 5", "dolt (små tal)") and every count rounded to 5 (``analysis.disclosure``),
so a hidden value stays hidden in every format; nothing here goes back to the unpublished numbers.

**Formula injection** (OWASP "CSV Injection"): a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is run as a formula by Excel, LibreOffice and Google Sheets when the file is opened, which can
run commands or send the sheet's contents away. Every such cell, header and meta cells included, gets a
leading ``'`` in CSV and in XLSX, so it is read as text. Our own numbers write a negative change with a real
minus (U+2212, "−3,1"), which is not ``-`` and is left alone; a change written with ``+`` ("+3,1") and any
number written with an ASCII ``-`` do get the ``'`` and so arrive as text, which is the price of the rule (the
tables are text as displayed anyway: "45 %", "12–18 %"). In XLSX every text cell is also stored as a string
(never a formula); numbers given as numbers stay numbers there, since a number cannot be a formula.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

import texts
from charts import maps
from charts.labels import text_width
from charts.theme import FONT_FAMILY, NOTE_COLOUR, TEXT_COLOUR, hidden_note
from reports.images import figure_image

#: What a cell may not begin with (OWASP): it would be run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: CSV for Swedish Excel: ";" between cells, because Excel takes the list separator from the Windows regional
#: settings, which in Swedish (decimal comma) is ";": a double-click then opens the file in columns, and our
#: decimal commas ("12,5 %") need no quoting. UTF-8 with a byte-order mark, without which Excel reads the file
#: as cp1252 and åäö turn into "Ã¥Ã¤Ã¶" (and no "sep=;" line: with one, Excel ignores the mark). CRLF line ends.
CSV_SEPARATOR = ";"
CSV_ENCODING = "utf-8-sig"
#: Width and height of an exported image (CSS pixels) when the figure sets none; PNG is drawn at twice that.
IMAGE_WIDTH = 1200
IMAGE_HEIGHT = 500
PNG_SCALE = 2
TITLE_SIZE = 20
CAPTION_SIZE = 13
#: Characters openpyxl refuses in a cell (control characters other than tab, newline and carriage return).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportMeta:
    """What an exported file says about itself.

    ``title`` names the chart or table (the measure); ``source`` where the numbers come from; ``period`` the
    year or years; ``filters`` the choices behind the view ("Kommun: Helsingborg", "Insats: Jobbcoachning");
    ``notes`` anything that qualifies it (hidden groups); ``min_n`` the small-number threshold whose rule is
    written in; ``language`` the catalogue ("sv", "en") the labels are taken from; ``exported`` the date;
    ``extra`` further (label, text) rows; ``place`` the municipality, for file names (it is in ``filters`` too).
    """

    title: str
    source: str = ""
    period: str = ""
    filters: tuple[str, ...] = ()
    min_n: int = 5
    notes: tuple[str, ...] = ()
    language: str = texts.DEFAULT_LANGUAGE
    exported: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())
    place: str = ""

    def rows(self) -> list[tuple[str, str]]:
        """The header block as (label, text) pairs, in the language of the export."""
        with texts.language(self.language):
            labels = texts.EXPORT_LABELS
            rows = [(labels["title"], self.title)]
            if self.source:
                rows.append((labels["source"], self.source))
            if self.period:
                rows.append((labels["period"], self.period))
            if self.filters:
                rows.append((labels["filters"], "; ".join(self.filters)))
            rows += [(labels["note"], note) for note in self.notes if note]
            rows += list(self.extra)
            rows.append((labels["rule"], texts.disclosure_rule(self.min_n)))
            if self.exported:
                rows.append((labels["exported"], self.exported))
        return rows


def neutralise(value: str) -> str:
    """``value`` with a leading ``'`` when it begins like a formula (see the module's docstring)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _text(value) -> str:
    """A cell as the text a CSV holds: empty for missing, whole numbers without decimals, others with a comma."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number).replace(".", ",")
    # The word joiners that keep a displayed interval from wrapping mean nothing in a spreadsheet.
    return str(value).replace("\u2060", "")


def _table_rows(frame: pd.DataFrame) -> list[list]:
    """The table as shown: its column titles, then its rows (the index is not a column on the pages)."""
    return [[str(c) for c in frame.columns], *frame.itertuples(index=False, name=None)]


def table_csv(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """``frame`` (a display frame) as CSV for Swedish Excel, under the header block of ``meta``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for label, text in meta.rows():
        writer.writerow([neutralise(label), neutralise(text)])
    writer.writerow([])
    for row in _table_rows(frame):
        writer.writerow([neutralise(_text(v)) for v in row])
    return out.getvalue().encode(CSV_ENCODING)


def table_xlsx(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """``frame`` as an Excel workbook of one sheet: the header block of ``meta``, a blank row, the table (its
    column titles bold and frozen). Text is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    with texts.language(meta.language):
        sheet_title = texts.EXPORT_SHEET
        creator = texts.APP_TITLE
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    book.properties.title = meta.title[:250]
    book.properties.creator = creator
    bold = Font(bold=True)

    def put(row: int, column: int, value, *, font=None):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and _text(value) != "":
            cell.value = value  # a number is never a formula: kept as a number
        else:
            cell.value = neutralise(_ILLEGAL.sub("", _text(value)))
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        return cell

    rows = meta.rows()
    for r, (label, text) in enumerate(rows, start=1):
        put(r, 1, label, font=bold)
        put(r, 2, text).alignment = Alignment(wrap_text=False, vertical="top")
    sheet.cell(row=1, column=2).font = Font(bold=True, size=13)
    first = len(rows) + 2
    table = _table_rows(frame)
    widths = [len(str(c)) for c in table[0]]
    for r, row in enumerate(table, start=first):
        for c, value in enumerate(row, start=1):
            put(r, c, value, font=bold if r == first else None)
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], len(_text(value)))
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 10), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _wrap(text: str, pixels: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``pixels`` at ``size`` px (plotly never wraps on its own)."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size) > pixels:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _escape(text: str) -> str:
    """Plain text for plotly's HTML-like labels (``<`` and ``&`` would start a tag or an entity)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def captioned(fig: go.Figure, meta: ExportMeta) -> tuple[go.Figure, int, int]:
    """A copy of ``fig`` with ``meta``'s title above the plot and its caption (source, period, filters, notes,
    the figure's own note on hidden groups, the small-number rule) below it; with the size to draw it at.

    Both are placed in the figure's container, and plotly moves the plot out of their way (``automargin``):
    the title is the layout's title, the caption a second legend whose one entry is the text (an annotation
    cannot push the margins, so it could meet the axis labels). The figure grows by the height they take, so
    the plot keeps its size.
    """
    copy = go.Figure(fig)
    # A map's own source line sits in its bottom margin, where the caption goes; the caption names the
    # source, so the line is left out rather than drawn twice (and over the caption).
    if meta.source and copy.layout.annotations:
        copy.layout.annotations = [a for a in copy.layout.annotations if a.name != maps.SOURCE_NOTE]
    width = int(copy.layout.width or IMAGE_WIDTH)
    height = int(copy.layout.height or IMAGE_HEIGHT)
    notes = tuple(meta.notes)
    note = hidden_note(fig)
    if note and note not in notes:
        notes = (*notes, note)
    rows = replace(meta, notes=notes).rows()[1:]  # the title goes above the plot
    rule = texts.EXPORT_LABELS["rule"]  # the rule's own words begin with what it is
    room = width - 60
    title_lines = _wrap(meta.title, room, TITLE_SIZE)
    lines = [text if label == rule else f"{label}: {text}" for label, text in rows]
    caption_lines = [wrapped for line in lines for wrapped in _wrap(line, room, CAPTION_SIZE)]
    title_height = int(TITLE_SIZE * 1.3 * len(title_lines)) + 24
    caption_height = int(CAPTION_SIZE * 1.3 * len(caption_lines)) + 28
    # The figure's own margins keep their content (a map's source line sits in its bottom margin); the title
    # and the caption come on top of them.
    margin = copy.layout.margin
    copy.update_layout(
        width=width,
        height=height + title_height + caption_height,
        margin={"t": (margin.t or 0) + title_height, "b": (margin.b or 0) + caption_height},
        title={
            "text": "<br>".join(f"<b>{_escape(line)}</b>" for line in title_lines),
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14, "l": 14},
            "automargin": True,
            "font": {"family": FONT_FAMILY, "size": TITLE_SIZE, "color": TEXT_COLOUR},
        },
        legend2={
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "itemwidth": 30,
            "indentation": -15,
            "bgcolor": "rgba(0,0,0,0)",
            "font": {"family": FONT_FAMILY, "size": CAPTION_SIZE, "color": NOTE_COLOUR},
            "itemclick": False,
            "itemdoubleclick": False,
        },
    )
    legend = copy.layout.legend
    if legend.orientation == "h" and (legend.y is None or legend.y >= 1) and legend.yref != "container":
        # A legend above the plot moves into the container under the title, so that plotly makes room for both
        # (in the plot's coordinates it would push the margin only as far as it needs itself, and meet the title).
        copy.update_layout(
            legend={"yref": "container", "y": 1 - title_height / (height + title_height + caption_height)},
            legend_yanchor="top",
        )
    # The figure's own legend stays as it was: plotly draws it for two or more traces unless told, and the
    # caption's entry must not make a single trace's legend appear (nor a hidden legend hide the caption).
    drawn = [trace for trace in copy.data if trace.showlegend is not False]
    if copy.layout.showlegend is False or (copy.layout.showlegend is None and len(drawn) < 2):
        for trace in drawn:
            trace.showlegend = False
    copy.update_layout(showlegend=True)
    # One invisible point carries the caption as its legend entry, on the figure's own kind of plot (a point
    # on x/y axes would add empty axes to a map).
    holder = {"geo": go.Scattergeo, "map": go.Scattermap}.get(_plot_kind(copy), go.Scatter)
    where = {"lon": [None], "lat": [None]} if holder is not go.Scatter else {"x": [None], "y": [None]}
    copy.add_trace(
        holder(
            **where,
            mode="markers",
            marker={"size": 1, "opacity": 0, "color": "rgba(0,0,0,0)"},
            name="<br>".join(_escape(line) for line in caption_lines),
            legend="legend2",
            showlegend=True,
            hoverinfo="skip",
        )
    )
    return copy, width, height + title_height + caption_height


def _plot_kind(fig: go.Figure) -> str:
    """ "geo" for plotly's SVG map, "map" for the tile map, "xy" for everything else."""
    kinds = {getattr(trace, "type", "") for trace in fig.data}
    if kinds & {"choropleth", "scattergeo"}:
        return "geo"
    if kinds & {"choroplethmap", "scattermap"}:
        return "map"
    return "xy"


def _image(fig: go.Figure, meta: ExportMeta, fmt: str) -> bytes:
    with texts.language(meta.language):
        copy, width, height = captioned(fig, meta)
    return figure_image(copy, fmt, width=width, height=height, scale=PNG_SCALE if fmt == "png" else 1)


def figure_png(fig: go.Figure, meta: ExportMeta) -> bytes:
    """``fig`` as PNG (twice the CSS size, for print) with ``meta``'s title and caption drawn in."""
    return _image(fig, meta, "png")


def figure_svg(fig: go.Figure, meta: ExportMeta) -> bytes:
    """``fig`` as SVG with ``meta``'s title and caption drawn in."""
    return _image(fig, meta, "svg")


def file_name(title: str, ext: str, *, parts: Sequence[str] = ()) -> str:
    """A safe file name from ``title`` (and ``parts`` such as the municipality and year): ASCII letters,
    digits and ``_`` only (å→a, ä→a, ö→o, é→e), lower case, at most 80 characters before ``.ext``."""
    text = " ".join([title, *parts])
    letters = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    stem = re.sub(r"[^a-z0-9]+", "_", letters.lower()).strip("_")[:80].rstrip("_")
    return f"{stem or 'export'}.{ext.lstrip('.').lower()}"
