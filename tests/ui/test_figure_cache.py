"""ui.cache.figure: a figure is built once per distinct input, dict lookups keyed by their content."""

from __future__ import annotations

import functools

import pandas as pd
import pytest
import streamlit as st

from charts import segregation as seg_charts
from ui import cache


@pytest.fixture
def counted(monkeypatch):
    """``charts.segregation.reach_by_district`` under its own name, counting the builds."""
    st.cache_data.clear()
    calls = []
    real = seg_charts.reach_by_district

    @functools.wraps(real)
    def build(*args, **kwargs):
        calls.append(kwargs["names"])
        return real(*args, **kwargs)

    monkeypatch.setattr(seg_charts, "reach_by_district", build)
    yield build, calls
    st.cache_data.clear()


FRAME = pd.DataFrame(
    {
        "stadsdel_kod": ["A", "B"],
        "omradestyp": pd.array([1, 3], dtype="Int64"),
        "per_1000": [20.0, 10.0],
        "ci_low": [15.0, 7.0],
        "ci_high": [26.0, 14.0],
        "deltagare": pd.array([40, 20], dtype="Int64"),
        "folkmangd_20_64": pd.array([2000, 2000], dtype="Int64"),
        "suppressed": [False, False],
    }
)


def test_equal_lookups_share_a_figure_and_a_changed_name_builds_a_new_one(counted):
    build, calls = counted
    labels = {1: "Typ 1", 3: "Typ 3"}
    first = cache.figure(build, FRAME, names={"A": "Norr", "B": "Söder"}, labels=labels, min_n=5)
    again = cache.figure(build, FRAME.copy(), names={"A": "Norr", "B": "Söder"}, labels=dict(labels), min_n=5)
    renamed = cache.figure(build, FRAME, names={"A": "Norr", "B": "Väster"}, labels=labels, min_n=5)
    relabelled = cache.figure(build, FRAME, names={"A": "Norr", "B": "Söder"}, labels={1: "Ett", 3: "Tre"}, min_n=5)
    assert len(calls) == 3
    assert first.to_plotly_json() == again.to_plotly_json()
    assert "Väster" in renamed.to_json() and "Väster" not in first.to_json()
    assert "Ett" in relabelled.to_json() and "Ett" not in first.to_json()


def test_a_lookup_of_plain_values_is_keyed_whole_and_any_other_item_by_item():
    plain = {"A": "Norr", 2: 1.5, "C": None, "D": True}
    assert cache._lookup_key(plain) == cache._lookup_key(dict(plain))
    assert cache._lookup_key(plain) != cache._lookup_key({**plain, "A": "Söder"})
    assert isinstance(cache._lookup_key(plain), bytes)
    nested = {"names": {"A": "Norr"}, "frame": FRAME}
    assert cache._lookup_key(nested) == tuple(nested.items())
