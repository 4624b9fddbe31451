"""Small rendering helpers shared by pages: a chart with its table alternative, the page header."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import texts
from charts import maps
from charts.format import Delta

PLOTLY_CONFIG = {"displaylogo": False}
#: Text colours of a good and a bad change in tables, dark enough for 4.5:1 on white (WCAG AA).
CHANGE_COLOURS = {"green": "#1a7f37", "red": "#b42318", "gray": "#444444"}
#: From this many options on (the districts of a county or the whole country), a list a page shows beside the
#: main view sits in a popover, which the browser builds only when it is opened.
LONG_LIST = 1000


def chart(fig: go.Figure, *, alt: str, table: pd.DataFrame | None = None, key: str | None = None, **kwargs):
    """Render a figure with alt text and, when given, a "visa som tabell" alternative below it."""
    # plotly.js's own words (mode bar, "Download plot") follow the language; numbers we format ourselves.
    config = {**PLOTLY_CONFIG, "locale": texts.current(), **kwargs.pop("config", {})}
    # theme=None: Streamlit's theme would replace the figure's own colour scales and projector-sized fonts.
    event = st.plotly_chart(fig, config=config, alt=alt, key=key, theme=None, **kwargs)
    if table is not None:
        with st.expander(texts.SHOW_AS_TABLE):
            st.dataframe(table, hide_index=True, width="stretch")
    return event


#: The offline district map's own element (see ui/geo_map.js for why not ``st.plotly_chart``): plotly.js's geo
#: bundle from ``static/plotly/``, the figure updated in place when its key stays. Not in a shadow root, because
#: plotly.js styles its hover labels and mode bar through the document's own style sheet.
_GEO_MAP = st.components.v2.component(
    "stadsdel_geo_map", js=(Path(__file__).parent / "geo_map.js").read_text(encoding="utf-8"), isolate_styles=False
)


def geo_map(fig: go.Figure | str, *, alt: str, key: str, config: dict, on_click: Callable[[str], None] | None = None):
    """Draw a plotly "geo" map (``go.Choropleth``/``go.Scattergeo`` traces only: the geo bundle has no other
    trace type) with alt text; ``fig`` is the figure or its JSON (``charts.maps.figure_json``, as
    ``ui.cache.map_figure`` keeps it). ``on_click(code)`` runs, before the rerun, with the district code the
    user clicked. A tile map (``go.Choroplethmap``) goes through ``chart`` instead."""
    config = {**PLOTLY_CONFIG, "locale": texts.current(), **config}
    # One JSON text, sent as bytes: as a string it would be JSON-encoded a second time (every quote escaped).
    payload = (
        f'{{"figure":{fig if isinstance(fig, str) else maps.figure_json(fig)},"config":{json.dumps(config)},'
        f'"alt":{json.dumps(alt)},"failed":{json.dumps(texts.MAP_NOT_DRAWN)}}}'
    )

    def clicked() -> None:
        value = (st.session_state.get(key) or {}).get("click") or {}
        if on_click is not None and isinstance(value.get("location"), str):
            on_click(value["location"])

    _GEO_MAP(data=payload.encode("utf-8"), key=key, on_click_change=clicked, width="stretch")


def preload_geo_map(geojson_url: str | None = None) -> None:
    """An empty element, put early on a page that draws ``geo_map`` later in the same run: the browser fetches
    and evaluates the map's plotly.js, and fetches the GeoJSON at ``geojson_url`` (the map's, named by URL),
    while the server still computes the figure (on a national Karta that drew the map 0.3–0.5 s sooner).
    Draws nothing; belongs in the sidebar, under the rest."""
    payload = {"preload": True, "geojson": geojson_url}
    _GEO_MAP(data=json.dumps(payload).encode("utf-8"), key="geo_map_preload", width="stretch")


def metric(container, label: str, value: str, change: Delta | None = None, *, help: str | None = None) -> None:
    """``st.metric`` with a change drawn by the one rule of ``charts.format.delta``: the arrow from the
    rounded sign (Streamlit would read it from an ASCII "-" and miss the real minus), the colour from
    whether the change is good or bad for the measure; the reading of chance ("Kan vara slump", "Tydlig
    försämring") on a line of its own under it, where a narrow column cannot cut it off."""
    if change is None:
        container.metric(label, value, help=help)
        return
    container.metric(label, value, delta=change.text, delta_arrow=change.arrow, delta_color=change.colour, help=help)
    if change.chance is not None and change.arrow != "off":
        container.caption(f"**{change.verdict()}**")


def table(frame: pd.DataFrame, *, colours: dict[str, list[str]] | None = None) -> None:
    """A whole table that fits the page: a static table whose cells wrap, so no column is cut off and
    nothing needs a horizontal scrollbar at 1280 px (an interactive ``st.dataframe`` keeps every cell on
    one line and pushed the third district of a comparison out of view). The first column names the row
    (measure, district, group) and is drawn as the row header. ``colours`` gives, per column, a named
    colour per row ("green", "red", "gray"): a change coloured by whether it is good for the measure."""
    if not len(frame.columns):
        return
    shown = frame.set_index(frame.columns[0])
    if colours:
        styled = shown.style
        for column, per_row in colours.items():
            css = [f"color: {CHANGE_COLOURS[c]}; font-weight: 600" if c != "gray" else "" for c in per_row]
            styled = styled.apply(lambda _col, css=css: css, subset=[column])
        st.table(styled, width="stretch")
    else:
        st.table(shown, width="stretch")


def programme_names(programmes: pd.DataFrame) -> dict[str, str]:
    return dict(zip(programmes["insats"].tolist(), programmes["namn"].tolist(), strict=True))


def district_names(districts: pd.DataFrame) -> dict[str, str]:
    # tolist() first: iterating a string column value by value costs ten times as much (6,160 districts).
    return dict(zip(districts["stadsdel_kod"].tolist(), districts["stadsdel_namn"].tolist(), strict=True))


def group_picker(ctx, options: list[str], key: str) -> tuple[str, dict]:
    """A "Dela upp efter" choice and the labels for the chosen column's codes."""
    group = st.radio(texts.GROUP_BY, options, format_func=texts.GROUP_NAMES.get, horizontal=True, key=key)
    labels = {
        "insats": programme_names(ctx.data.programmes),
        "malgrupp": texts.TARGET_GROUP_LABELS,
        "kon": texts.GENDER_LABELS,
        "stadsdel_kod": district_names(ctx.data.districts),
    }[group]
    return group, labels
