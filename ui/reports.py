"""The board report and the slides on Översikt: two download buttons that make the files only when clicked
(``st.download_button`` with a callable and ``on_click="ignore"``: no rerun, and nothing is drawn while the
page runs), for the municipality, year and language in view. The files come from ``reports.board`` and
``reports.slides`` through ``ui.cache``, so a second click on the same view is instant."""

from __future__ import annotations

import datetime

import streamlit as st

import texts
from reports import facts
from ui import cache, safe

PDF_MIME = "application/pdf"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#: Widget keys (not ``ladda_…``: those are the per-chart export buttons of ``ui.downloads``).
KEY_BOARD, KEY_SLIDES = "styrelserapport_pdf", "bildspel_pptx"


def board_downloads(ctx) -> None:
    """The two buttons, side by side; disabled with the reason under them when the server cannot make them."""
    language, today = texts.current(), datetime.date.today()
    name, year = ctx.data.kommun_namn, ctx.year
    stem = facts.file_stem(name)
    missing = cache.board_files_missing()
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        texts.BOARD_DOWNLOAD,
        data=lambda: cache.board_report(ctx.path, year, language, ctx.settings, today),
        file_name=texts.board_file_name(stem, year),
        mime=PDF_MIME,
        key=KEY_BOARD,
        help=texts.board_download_help(safe.md(name), year),
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        disabled=missing is not None,
    )
    row.download_button(
        texts.SLIDES_DOWNLOAD,
        data=lambda: cache.board_slides(ctx.path, year, language, ctx.settings, today),
        file_name=texts.slides_file_name(stem, year),
        mime=PPTX_MIME,
        key=KEY_SLIDES,
        help=texts.slides_download_help(safe.md(name), year),
        on_click="ignore",
        icon=":material/slideshow:",
        disabled=missing is not None,
    )
    if missing is not None:
        st.caption(f"{texts.BOARD_UNAVAILABLE} {missing}")
