"""Exports (reports.exports, issue 11): every table as CSV and XLSX with its header, every chart as PNG and SVG
with its caption; formula injection neutralised; hidden cells stay hidden; no count of 1–4 people anywhere."""

from __future__ import annotations

import csv
import io
import re
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

import texts
from analysis.files_in.dataset import load_dataset
from analysis.settings import Settings
from analysis.stats import follow_up, funnel, overview, programmes, reach
from charts import outcomes as outcome_charts
from reports import exports, images
from ui import tables
from ui.context import DEMO_ROOT

META = exports.ExportMeta(
    title="Andel med positivt utfall per insats",
    source="Bolagets deltagarregister",
    period="2016–2025",
    filters=("Kommun: Helsingborg", "Insats: Jobbcoachning"),
    min_n=5,
    exported="2026-12-01 ur Segregation och utfall per stadsdel",
    place="Helsingborg",
)
INJECTIONS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"]
#: Column titles of counts of people in the display tables (texts.COLUMNS keys), and the change tables' "n YYYY".
COUNT_COLUMNS = ("n_finished", "enrolled", "finished", "ongoing", "positive", "participants", "n_followed")
HIDDEN = {texts.suppressed(5), texts.HIDDEN_FIGURE}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, so Excel reads åäö"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def split(rows: list[list]) -> tuple[dict[str, str], list[list]]:
    """The header block (label → text) and the table after the blank row."""
    blank = next(i for i, row in enumerate(rows) if not any(v not in (None, "") for v in row))
    return {row[0]: row[1] for row in rows[:blank]}, rows[blank + 1 :]


FRAME = pd.DataFrame(
    {
        "Insats": ["Jobbcoachning", "Sommarjobb för unga", "Nyanställning"],
        "Andel positivt utfall": ["45 %", texts.HIDDEN_FIGURE, "12 %"],
        "Förändring": ["−3,1", "", "+2,0"],
        "n (avslutade)": ["40", texts.HIDDEN_FIGURE, "0"],
    }
)


def test_csv_has_the_header_block_and_the_table_as_shown():
    header, table = split(read_csv(exports.table_csv(FRAME, META)))
    labels = texts.EXPORT_LABELS
    assert header[labels["title"]] == META.title
    assert header[labels["source"]] == META.source
    assert header[labels["period"]] == "2016–2025"
    assert header[labels["filters"]] == "Kommun: Helsingborg; Insats: Jobbcoachning"
    assert header[labels["rule"]] == texts.disclosure_rule(5)
    assert header[labels["exported"]].startswith("2026-12-01")
    assert table[0] == list(FRAME.columns)
    # The real minus is left alone; a leading "+" is neutralised like any formula start.
    assert table[1:] == [
        ["Jobbcoachning", "45 %", "−3,1", "40"],
        ["Sommarjobb för unga", texts.HIDDEN_FIGURE, "", texts.HIDDEN_FIGURE],
        ["Nyanställning", "12 %", "'+2,0", "0"],
    ]


def test_csv_is_semicolon_separated_with_crlf_and_quotes_a_separator_in_a_cell():
    frame = pd.DataFrame({"a": ["x;y", 'sa "hej"'], "b": [1, 2.5]})
    data = exports.table_csv(frame, META)
    assert b"\r\n" in data
    assert b'"x;y"' in data
    _, table = split(read_csv(data))
    assert table == [["a", "b"], ["x;y", "1"], ['sa "hej"', "2,5"]]


def test_xlsx_has_the_header_block_and_the_table_as_shown():
    rows = read_xlsx(exports.table_xlsx(FRAME, META))
    header, table = split(rows)
    assert header[texts.EXPORT_LABELS["title"]] == META.title
    assert header[texts.EXPORT_LABELS["rule"]] == texts.disclosure_rule(5)
    assert table[0] == list(FRAME.columns)
    assert table[2] == ["Sommarjobb för unga", texts.HIDDEN_FIGURE, None, texts.HIDDEN_FIGURE]
    book = load_workbook(io.BytesIO(exports.table_xlsx(FRAME, META)))
    assert book.active.title == texts.EXPORT_SHEET
    assert book.active.freeze_panes == f"A{len(header) + 3}"


def test_english_export_has_english_labels():
    english = exports.ExportMeta(title="Outcome rate", min_n=5, language="en")
    header, _ = split(read_csv(exports.table_csv(FRAME, english)))
    with texts.language("en"):
        assert header["Title"] == "Outcome rate"
        assert header["Small numbers"] == texts.disclosure_rule(5)


@pytest.mark.parametrize("payload", INJECTIONS)
def test_formula_injection_is_neutralised_in_csv(payload):
    frame = pd.DataFrame({payload: [payload, f"ok {payload}"]})
    meta = exports.ExportMeta(title=payload, source=payload, filters=(payload,), notes=(payload,))
    data = exports.table_csv(frame, meta)
    rows = read_csv(data)
    cells = [cell for row in rows for cell in row if cell]
    assert f"'{payload}" in cells
    assert not any(cell.startswith(exports.FORMULA_STARTS) for cell in cells)
    header, table = split(rows)
    assert header[texts.EXPORT_LABELS["title"]] == f"'{payload}"
    assert table == [[f"'{payload}"], [f"'{payload}"], [f"ok {payload}"]]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_formula_injection_is_neutralised_in_xlsx(payload):
    frame = pd.DataFrame({payload: [payload, f"ok {payload}"]})
    meta = exports.ExportMeta(title=payload, source=payload, filters=(payload,))
    sheet = load_workbook(io.BytesIO(exports.table_xlsx(frame, meta))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type == "s" for cell in cells), "text is stored as text, never as a formula"
    values = [cell.value for cell in cells]
    assert values.count(f"'{payload}") == 5  # title, source, filters, column title, cell
    assert not any(str(v).startswith(exports.FORMULA_STARTS) for v in values)


def test_numbers_stay_numbers_in_xlsx_and_negative_numbers_are_text_in_csv():
    frame = pd.DataFrame({"n": [5, -2], "andel": [0.25, None]})
    sheet = load_workbook(io.BytesIO(exports.table_xlsx(frame, META))).active
    last = [[c.value for c in row] for row in sheet.iter_rows()][-2:]
    assert last == [[5, 0.25], [-2, None]]
    _, table = split(read_csv(exports.table_csv(frame, META)))
    assert table[1:] == [["5", "0,25"], ["'-2", ""]]


def test_file_names_are_safe_ascii():
    assert exports.file_name("Utfall över tid per insats", "png", parts=("Helsingborg", "2016–2025")) == (
        "utfall_over_tid_per_insats_helsingborg_2016_2025.png"
    )
    assert exports.file_name("Å/Ä:Ö <script>?*", ".XLSX") == "a_a_o_script.xlsx"
    assert exports.file_name("???", "csv") == "export.csv"
    assert len(exports.file_name("x" * 300, "csv")) <= 84


# --- hidden stays hidden: the pages' tables on the demo data, exported


@pytest.fixture(scope="module", params=["helsingborg", "tierp"])
def demo(request):
    return load_dataset(DEMO_ROOT / request.param)


def page_tables(data) -> list[pd.DataFrame]:
    """The tables Översikt and Insatser show (and export), built as the pages build them."""
    min_n = 5
    participants = data.participants
    names = dict(zip(data.programmes["insats"], data.programmes["namn"], strict=True))
    districts = dict(zip(data.districts["stadsdel_kod"], data.districts["stadsdel_namn"], strict=True))
    labels = {"malgrupp": texts.TARGET_GROUP_LABELS, "kon": texts.GENDER_LABELS, "stadsdel_kod": districts}
    trend = programmes.programme_outcome_rates(participants, min_n)
    frames = [tables.rate_table(trend, {"ar": "År", "insats": "Insats"}, {"insats": names}, min_n)]
    years = sorted(int(y) for y in trend["ar"].unique())
    for year in [None, *years]:
        frames.append(tables.funnel_table(programmes.programme_funnel(participants, year, min_n), names, min_n))
        for programme in names:
            for group in labels:
                table, _ = programmes.group_outcomes(participants, group, programme=programme, year=year, min_n=min_n)
                frames.append(tables.rate_table(table, {group: "Grupp"}, {group: labels[group]}, min_n))
        flags, _ = funnel.district_funnel(participants, year=year, programme=None, min_n=min_n)
        frames.append(tables.funnel_flags(flags, districts, min_n))
        for by in ((), ("roll",)):
            extension = programmes.extension_rates(participants, by, min_n, year=year)
            if by and not extension.empty:
                frames.append(tables.rate_table(extension, {"roll": "Roll"}, {"roll": texts.ROLE_LABELS}, min_n))
    for at in ("6m", "12m"):
        for by in ("insats", "malgrupp", "stadsdel_kod"):
            lasting = follow_up.lasting_outcomes(participants, by=(by,), at=at, min_n=min_n)
            frames.append(tables.lasting_table(lasting, {**labels, "insats": names}.get(by, {}), min_n, key=by))
    frames.append(tables.time_table(follow_up.time_to_outcome(participants, by=("insats",), min_n=min_n), names, 5))
    settings = Settings()
    for year in years[-3:]:
        if year in data.years:
            table = reach.reach_by_district_and_type(
                participants, data.statistics, year=year, mean=12, sd=7, min_n=min_n, programme=None
            )
            frames.append(tables.reach_table(table, districts, min_n))
            targeting = reach.targeting_ratio(
                participants, data.statistics, year=year, by=("insats",), mean=12, sd=7, min_n=settings.min_n
            )
            frames.append(tables.targeting_table(targeting, names, min_n))
    assert overview.key_figures(participants, years[-1], min_n) is not None
    return frames


def is_count(column) -> bool:
    return column in COUNT_TITLES or bool(re.fullmatch(r"n \d{4}", str(column)))


def check_counts(header: list, rows: list[list]) -> int:
    """Every count cell is hidden, empty, 0 or a multiple of 5; returns how many were checked."""
    checked = 0
    for column in header:
        if not is_count(column):
            continue
        i = header.index(column)
        for row in rows:
            cell = "" if row[i] is None else str(row[i])
            if cell in HIDDEN or cell == "":
                continue
            number = int(re.sub(r"\s", "", cell))
            assert number == 0 or number % 5 == 0, (column, cell)
            checked += 1
    return checked


COUNT_TITLES = {texts.COLUMNS[k] for k in (*COUNT_COLUMNS, "not_followed")} | {"n"}


def test_no_exported_count_of_people_is_one_to_four(demo):
    checked = 0
    hidden_seen = 0
    for frame in page_tables(demo):
        if frame.empty:
            continue
        for rows in (
            split(read_csv(exports.table_csv(frame, META)))[1],
            split(read_xlsx(exports.table_xlsx(frame, META)))[1],
        ):
            header, body = [str(c) for c in rows[0]], rows[1:]
            # The exported table is the display frame, hidden cells included, cell for cell.
            assert len(body) == len(frame)
            checked += check_counts(header, body)
            hidden_seen += sum(1 for row in body for cell in row if cell in HIDDEN)
        assert any(is_count(c) for c in frame.columns), list(frame.columns)
    assert checked > 100
    assert hidden_seen > 0, "the demo data hides something, and it stays hidden"


# --- images: kaleido and Debian's Chromium, offline

needs_chromium = pytest.mark.skipif(
    not any(__import__("pathlib").Path(p).is_file() for p in images.CHROMIUM_CANDIDATES),
    reason="Chromium not installed (apt-get install chromium)",
)


def png_pixels(data: bytes):
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    return image, image.getcolors(maxcolors=1 << 24)


@pytest.fixture(scope="module")
def helsingborg():
    return load_dataset(DEMO_ROOT / "helsingborg")


@needs_chromium
def test_bar_chart_png_and_svg_carry_title_and_caption(helsingborg):
    names = dict(zip(helsingborg.programmes["insats"], helsingborg.programmes["namn"], strict=True))
    table = programmes.programme_funnel(helsingborg.participants, None, 5)
    fig = outcome_charts.funnel(table, labels=names, min_n=5)
    png = exports.figure_png(fig, META)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image, colours = png_pixels(png)
    _, width, height = exports.captioned(fig, META)
    assert image.size == (width * exports.PNG_SCALE, height * exports.PNG_SCALE)
    assert height > (fig.layout.height or exports.IMAGE_HEIGHT)  # the title and the caption added room
    white = dict((c, n) for n, c in colours).get((255, 255, 255), 0)
    assert white < 0.97 * image.size[0] * image.size[1], "not blank"
    assert len(colours) > 50
    svg = exports.figure_svg(fig, META).decode("utf-8")
    assert svg.startswith("<svg")
    assert META.title in svg
    assert "Skydd av små tal" in svg and "Kommun: Helsingborg; Insats: Jobbcoachning" in svg
    assert fig.layout.title.text is None, "the page's figure is left as it was"


@needs_chromium
def test_a_map_renders_offline_with_its_colours(helsingborg):
    from analysis import geography
    from analysis.stats import measures
    from charts import maps

    measure = measures.measure_by_key("socioekonomiskt_index", helsingborg.programmes["insats"])
    values = measures.district_values(
        measure,
        statistics=helsingborg.statistics,
        participants=helsingborg.participants,
        district_codes=helsingborg.districts["stadsdel_kod"],
        year=2024,
        settings=Settings(),
    ).merge(helsingborg.districts[["stadsdel_kod", "stadsdel_namn"]], on="stadsdel_kod")
    fig = maps.choropleth(
        geography.web_geojson(helsingborg.geometry), values, kind="index", label="Index", year=2024, min_n=5
    )
    meta = exports.ExportMeta(title="Socioekonomiskt index 2024", source="SCB", period="2024")
    start = time.monotonic()
    png = exports.figure_png(fig, meta)
    seconds = time.monotonic() - start
    assert png.startswith(b"\x89PNG")
    image, colours = png_pixels(png)
    counts = {colour: n for n, colour in colours}
    # The districts are filled from Viridis: far from white and grey, many pixels of saturated colour.
    coloured = sum(n for (r, g, b), n in counts.items() if max(r, g, b) - min(r, g, b) > 60)
    assert coloured > 0.1 * image.size[0] * image.size[1], "the districts are drawn"
    assert seconds < 60
    svg = exports.figure_svg(fig, meta).decode("utf-8")
    assert svg.startswith("<svg") and svg.count("choroplethlocation") >= len(values)


@needs_chromium
def test_a_single_trace_keeps_its_look_and_a_hidden_legend_its_caption():
    import plotly.graph_objects as go

    single = go.Figure(go.Bar(x=["A", "B"], y=[1, 2], name="ensam"))
    hidden = go.Figure([go.Bar(x=["A"], y=[1], name="ett"), go.Bar(x=["A"], y=[2], name="två")])
    hidden.update_layout(showlegend=False)
    for fig, absent in ((single, "ensam"), (hidden, "två")):
        svg = exports.figure_svg(fig, META).decode("utf-8")
        assert "Skydd av små tal" in svg, "the caption is drawn"
        assert f">{absent}<" not in svg, "no legend the page's figure does not have"


def test_a_map_export_leaves_out_its_own_source_line_for_the_caption():
    import datetime as dt

    from analysis.files_in.dataset import load_dataset
    from analysis.settings import Settings
    from charts import maps
    from reports import screens
    from reports.exports import ExportMeta, captioned
    from ui.context import DEMO_ROOT

    figure = screens.build_screen(
        "karta", load_dataset(DEMO_ROOT / "tierp"), 2024, Settings(), dt.date(2026, 12, 1)
    ).figure
    assert any(a.name == maps.SOURCE_NOTE for a in figure.layout.annotations)
    copy, _, _ = captioned(figure, ExportMeta(title="Karta", source="SCB"))
    assert not any(a.name == maps.SOURCE_NOTE for a in copy.layout.annotations)
    assert any(a.name == maps.SOURCE_NOTE for a in figure.layout.annotations)  # the page's figure is untouched
