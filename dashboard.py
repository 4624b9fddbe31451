"""Entry point: page config and navigation over ``pages/``. Routing only; each page draws the shared
sidebar through ``ui.context.page()``, and every page ends with the small-number rule (``ui.context.footer``).

Run with ``streamlit run dashboard.py``. Navigation is ``st.navigation`` with ``st.Page`` objects, which
turns Streamlit's automatic ``pages/`` discovery off: this list is the one place pages are declared.
"""

from pathlib import Path

import streamlit as st

import texts
from ui import context

PAGES_DIR = Path(__file__).resolve().parent / "pages"

context.language()

st.set_page_config(page_title=texts.APP_TITLE, page_icon="🏘️", layout="wide")

pages = [
    st.Page(
        PAGES_DIR / "oversikt.py",
        title=texts.PAGE_TITLES["oversikt"],
        url_path="oversikt",
        default=True,
    ),
    st.Page(PAGES_DIR / "karta.py", title=texts.PAGE_TITLES["karta"], url_path="karta"),
    st.Page(PAGES_DIR / "jamfor.py", title=texts.PAGE_TITLES["jamfor"], url_path="jamfor"),
    st.Page(PAGES_DIR / "segregation.py", title=texts.PAGE_TITLES["segregation"], url_path="segregation"),
    st.Page(PAGES_DIR / "insatser.py", title=texts.PAGE_TITLES["insatser"], url_path="insatser"),
    st.Page(PAGES_DIR / "data.py", title=texts.PAGE_TITLES["data"], url_path="data"),
]
st.navigation(pages).run()
context.footer()  # the small-number rule, under every page
