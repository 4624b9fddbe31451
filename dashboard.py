"""Entry point: page config and navigation over ``pages/``. Routing only; each page draws the shared
sidebar through ``ui.context.page()``, and every page ends with the small-number rule (``ui.context.footer``).

In presentation mode (``presentation=1`` in the URL, or the sidebar's toggle) every address runs
``pages/presentation.py`` instead, with the menu hidden, so any link becomes the presentation of the same
municipality and year, and leaving it returns to the page the address names.

Sign-in (issue 13): ``auth.gate()`` runs before anything of a page is drawn or the navigation runs; when
sign-in is configured and the user is not signed in, it draws the sign-in screen and stops the run, so no
page, sidebar or figure reaches the browser. Signed in, the sidebar says who and offers "Logga ut".

Run with ``streamlit run dashboard.py``. Navigation is ``st.navigation`` with ``st.Page`` objects, which
turns Streamlit's automatic ``pages/`` discovery off: this list is the one place pages are declared.
"""

from pathlib import Path

import streamlit as st

import texts
from ui import auth, context

PAGES_DIR = Path(__file__).resolve().parent / "pages"

context.language()

st.set_page_config(page_title=texts.APP_TITLE, page_icon="🏘️", layout="wide")
presenting = context.presenting()


def script(name: str) -> Path:
    """The page's own script, or presentation mode's while presenting (at the page's own address)."""
    return PAGES_DIR / ("presentation.py" if presenting else f"{name}.py")


pages = [
    st.Page(
        script("oversikt"),
        title=texts.PAGE_TITLES["oversikt"],
        url_path="oversikt",
        default=True,
    ),
    st.Page(script("karta"), title=texts.PAGE_TITLES["karta"], url_path="karta"),
    st.Page(script("jamfor"), title=texts.PAGE_TITLES["jamfor"], url_path="jamfor"),
    st.Page(script("segregation"), title=texts.PAGE_TITLES["segregation"], url_path="segregation"),
    st.Page(script("insatser"), title=texts.PAGE_TITLES["insatser"], url_path="insatser"),
    st.Page(script("handlingsplan"), title=texts.PAGE_TITLES["handlingsplan"], url_path="handlingsplan"),
    st.Page(script("data"), title=texts.PAGE_TITLES["data"], url_path="data"),
]
# Before the navigation runs: nothing of any page is sent before sign-in (the pages are only registered, hidden).
actor = auth.gate(pages)
if not presenting:
    auth.account(actor)
st.navigation(pages, position="hidden" if presenting else "sidebar").run()
if not presenting:  # presentation mode says the small-number rule in its own footer, so nothing scrolls
    context.footer()  # the small-number rule, under every page
