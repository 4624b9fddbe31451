"""The download buttons under every chart and table: PNG and SVG of a chart, CSV and Excel of a table.

The only Streamlit part of the exports (``reports/exports.py`` writes the files). Every file is made when
its button is clicked (``st.download_button(data=callable)``), never while the page runs, so a page with
ten charts stays as fast as without buttons; images are cached (``ui.cache.chart_image``), so a second
click on the same chart is instant. ``on_click="ignore"``: a download does not rerun the page.

The generator runs on a thread of its own, outside the session's run, where the language in use would be
the default: each file's labels come from the language stored in its :class:`~reports.exports.ExportMeta`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import texts
from analysis.stats.measures import Measure
from reports import exports, images
from ui import cache

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def meta(
    ctx,
    title: str,
    *,
    period: str | None = None,
    filters: tuple[str, ...] = (),
    source: str = "register",
    notes: tuple[str, ...] = (),
) -> exports.ExportMeta:
    """What a download from this page says about itself: ``title`` (the chart's or table's heading),
    ``period`` (the sidebar's year unless given), the municipality and the page's ``filters``
    (``texts.export_filter``), the source (``texts.EXPORT_SOURCES``: register, scb or both; on demo data it
    says so), the small-number rule of the settings in use, and today's date."""
    return exports.ExportMeta(
        title=title.replace("**", ""),  # a heading written in Markdown
        source=texts.export_source(source, ctx.data.fiktiv),
        period=str(ctx.year) if period is None else period,
        filters=(texts.export_filter("municipality", ctx.info.kommun_namn), *filters),
        min_n=ctx.settings.min_n,
        notes=tuple(n for n in notes if n),
        language=texts.current(),
        exported=texts.export_exported(datetime.date.today().isoformat()),
        place=ctx.info.kommun_namn,
    )


def years(values) -> str:
    """The period of a view over the years in ``values`` (a frame's ``ar`` column, the data set's years):
    "2016–2025"."""
    shown = sorted(int(v) for v in pd.Series(list(values)).dropna().unique())
    return texts.export_years(shown[0], shown[-1]) if shown else ""


def years_span(participants: pd.DataFrame) -> tuple[int, int]:
    """The first and last year of the register: its first start and its last start or end."""
    # Each column's own min and max: concatenating a national register's two million dates took 14 ms a call.
    start, end = participants["startdatum"], participants["slutdatum"]
    first = min(d for d in (start.min(), end.min()) if not pd.isna(d))
    last = max(d for d in (start.max(), end.max()) if not pd.isna(d))
    return int(first.year), int(last.year)


def measure_source(measure: Measure) -> str:
    """Where a district measure comes from: outcome rates from the register, reach from both, the rest from SCB."""
    if measure.programme is not None or measure.kind == "rate":
        return "register"
    if measure.key in ("placerade_per_1000", "aktiviteter_per_1000", "aktivitetsdeltagare_per_1000"):
        return "plan"  # the company's own files (placements, activity log) over SCB's residents
    return "both" if measure.kind == "per1000" else "scb"


def _images_available() -> bool:
    try:
        images.chromium_path()
    except images.ImagesUnavailable:
        return False
    return True


def _name(info: exports.ExportMeta, ext: str) -> str:
    return exports.file_name(info.title, ext, parts=(info.place, info.period))


def _image(fig: go.Figure | Callable[[], go.Figure], info: exports.ExportMeta, fmt: str):
    """The button's generator: the figure's JSON is made on the click, not on every run (it is the cache key of
    the image); a figure given as a function is built then too, in the session's language (the generator runs
    on a thread of its own)."""

    def make() -> bytes:
        with texts.language(info.language):
            figure = fig() if callable(fig) else fig
        return cache.chart_image(figure.to_json(), fmt, info)

    return make


def _buttons(row, info: exports.ExportMeta, key: str, *, fig, frame: pd.DataFrame | None) -> None:
    buttons: list[tuple[str, str, object, bool, str]] = []  # (format, label, data, disabled, help)
    if fig is not None:
        drawable = _images_available()
        help_for = (lambda f: texts.EXPORT_HELP[f]) if drawable else (lambda f: texts.EXPORT_IMAGES_UNAVAILABLE)
        buttons.append(("png", texts.EXPORT_PNG, _image(fig, info, "png"), not drawable, help_for("png")))
        buttons.append(("svg", texts.EXPORT_SVG, _image(fig, info, "svg"), not drawable, help_for("svg")))
    if frame is not None:
        csv_label = texts.EXPORT_CSV if fig is not None else texts.EXPORT_TABLE_CSV
        buttons.append(("csv", csv_label, lambda: exports.table_csv(frame, info), False, texts.EXPORT_HELP["csv"]))
        buttons.append(
            ("xlsx", texts.EXPORT_XLSX, lambda: exports.table_xlsx(frame, info), False, texts.EXPORT_HELP["xlsx"])
        )
    for i, (fmt, label, data, disabled, help_text) in enumerate(buttons):
        row.download_button(
            label,
            data=data,
            file_name=_name(info, fmt),
            mime=MIME[fmt],
            key=f"ladda_{key}_{fmt}",
            help=help_text,
            on_click="ignore",
            disabled=disabled,
            icon=":material/download:" if i == 0 else None,
        )


def _row(key: str):
    """A compact row of buttons; its key (``st-key-nedladdning_…`` in the page) lets print styles hide it."""
    return st.container(horizontal=True, gap="small", key=f"nedladdning_{key}")


def chart_downloads(
    fig: go.Figure | Callable[[], go.Figure],
    info: exports.ExportMeta,
    key: str,
    *,
    table: pd.DataFrame | None = None,
) -> None:
    """PNG and SVG of ``fig`` (with ``info``'s title and caption drawn in), and when ``table`` (the chart's
    "visa som tabell" frame) is given, CSV and Excel of it, in one row under the chart. ``key`` is unique
    on the page. ``fig`` may be a function that builds the figure to export, called on the click (a map on
    the online background map is exported without it, so the image draws offline)."""
    _buttons(_row(key), info, key, fig=fig, frame=table)


def table_downloads(frame: pd.DataFrame, info: exports.ExportMeta, key: str) -> None:
    """CSV and Excel of the display frame ``frame`` as shown (hidden cells hidden), under ``info``'s header."""
    _buttons(_row(key), info, key, fig=None, frame=frame)
