from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests import figures

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["oversikt", "karta", "jamfor", "insatser", "data"]


@pytest.fixture(autouse=True)
def _clear_caches(tmp_path, monkeypatch):
    # Every test gets an empty store of its own and a pseudonym key; nothing is written into the project.
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", "testnyckel-som-bara-finns-i-testerna")
    st.cache_data.clear()
    st.cache_resource.clear()
    return


def _open_page(page: str, query: dict | None = None) -> AppTest:
    """The real app (dashboard.py, with its sidebar and navigation), switched to one page."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "oversikt":
        at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
    return at


def _plotly_specs(at: AppTest) -> list[dict]:
    """Every figure of the page, plotly charts and offline maps alike (tests/figures.py)."""
    return figures.specs(at)


@pytest.fixture
def open_page():
    return _open_page


@pytest.fixture
def plotly_specs():
    return _plotly_specs
