"""The shared sidebar (municipality, year) and the context every page reads from it.

``dashboard.py`` draws the sidebar on every run, before the page; a page calls ``current()``. The
municipality (as its four-character code) and the year also live in the URL as ``kommun`` and ``ar``, so
a link reopens the same view; an invalid value there falls back to the default with a short notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analysis import settings as settings_module
from analysis.dataset import Dataset, DatasetInfo
from analysis.validation import DataError
from ui import cache, texts

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_ROOT = PROJECT_ROOT / "data" / "demo"

KEY_MUNICIPALITY = "kommun"
KEY_YEAR = "ar"


@dataclass(frozen=True)
class Context:
    info: DatasetInfo
    data: Dataset
    year: int
    settings: settings_module.Settings

    @property
    def path(self) -> str:
        return str(self.info.path)


def _seed_from_url(key: str, allowed: list, cast, notices: list[str], what: str) -> None:
    """Copy a query parameter into the widget state once, if it names an allowed value."""
    if key in st.session_state or key not in st.query_params:
        return
    raw = st.query_params[key]
    try:
        value = cast(raw)
    except ValueError:
        value = None
    if value in allowed:
        st.session_state[key] = value
    else:
        notices.append(f"Länken angav {what} ”{raw[:20]}”, som inte finns; visar standardvalet i stället.")


def sidebar() -> Context | None:
    """Draw the sidebar and return the context, or None (with a message shown) when no data loads."""
    infos = cache.datasets(str(DEMO_ROOT))
    if not infos:
        st.error(f"Hittade inga datamängder i {DEMO_ROOT}.")
        return None
    by_code = {info.kommun_kod: info for info in infos}
    notices: list[str] = []
    _seed_from_url(KEY_MUNICIPALITY, list(by_code), str, notices, "kommunkoden")
    code = st.sidebar.selectbox(
        texts.SIDEBAR_MUNICIPALITY,
        list(by_code),
        format_func=lambda c: by_code[c].kommun_namn,
        key=KEY_MUNICIPALITY,
    )
    info = by_code[code]
    try:
        data = cache.dataset(str(info.path))
    except DataError as error:
        st.error(str(error))
        return None
    years = sorted(data.years, reverse=True)
    if st.session_state.get(KEY_YEAR) not in years:
        st.session_state.pop(KEY_YEAR, None)
    _seed_from_url(KEY_YEAR, years, int, notices, "året")
    year = st.sidebar.selectbox(texts.SIDEBAR_YEAR, years, key=KEY_YEAR)
    st.query_params[KEY_MUNICIPALITY] = code
    st.query_params[KEY_YEAR] = str(year)
    for notice in notices:
        st.toast(notice)
    return Context(info=info, data=data, year=int(year), settings=settings_module.from_environment())


def current() -> Context | None:
    """The context the sidebar built on this run (pages call this)."""
    return st.session_state.get("_kontext")


def remember(context: Context | None) -> None:
    st.session_state["_kontext"] = context
