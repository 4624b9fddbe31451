"""Choropleth of one district measure, drawn offline.

``go.Choropleth`` (plotly's SVG "geo" map) with our own GeoJSON and ``fitbounds="locations"``: it needs
no tile server. plotly.js still fetches a world base layer; the app serves an empty one from ``static/``
(see ``MAP_CONFIG``), so nothing leaves the machine and no world map is drawn behind the districts.

Districts are drawn in up to three kinds of traces so they can never be confused:
values on a colour-blind-safe scale; districts whose value rests on fewer than ``min_n`` people in a
mid grey; districts without data in a light grey. Each grey has its own legend entry.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import format as fmt
from charts.theme import (
    AREA_TYPE_COLOURS,
    DIVERGING,
    MISSING_COLOUR,
    OUTLINE_COLOUR,
    SEQUENTIAL,
    SUPPRESSED_COLOUR,
    base_layout,
)

#: Pass to ``st.plotly_chart(config=...)``: the base layer comes from the app's own static folder.
MAP_CONFIG = {"topojsonURL": "app/static/", "displaylogo": False, "scrollZoom": False}


def value_text(value, kind: str, decimals: int = 0) -> str:
    """A measure's value as Swedish text: shares and rates in percent, income in tkr, index with a decimal."""
    if kind in ("share", "rate"):
        return fmt.percent(value, decimals)
    if kind == "income":
        return f"{fmt.number(value)}{fmt.NBSP}tkr"
    if kind == "index":
        return fmt.number(value, 1)
    if kind == "quotient":
        return fmt.number(value, 2)
    if kind == "per1000":
        return f"{fmt.number(value, 1)} per 1{fmt.NBSP}000"
    return fmt.number(value)


def hover_texts(frame: pd.DataFrame, kind: str, label: str, year: int, min_n: int) -> list[str]:
    """Hover text per district: name, value, interval, n and year; hidden values say why."""
    texts = []
    for row in frame.itertuples(index=False):
        lines = [f"<b>{row.stadsdel_namn}</b>", f"{label} {year}"]
        if row.status == "suppressed":
            lines.append(f"Dolt: bygger på färre än {min_n} personer")
        elif row.status == "missing":
            lines.append("Uppgift saknas")
        else:
            lines.append(value_text(row.value, kind))
            if kind in ("share", "rate"):
                lines.append(f"95 % intervall: {fmt.interval(row.ci_low, row.ci_high)}")
            elif kind == "per1000":
                lines.append(f"95 % intervall: {fmt.number(row.ci_low, 1)}–{fmt.number(row.ci_high, 1)}")
            if not pd.isna(row.n):
                lines.append(f"n = {fmt.number(row.n)}")
        texts.append("<br>".join(lines))
    return texts


def _flat_trace(geojson, frame, colour, name, texts) -> go.Choropleth:
    return go.Choropleth(
        geojson=geojson,
        locations=frame["stadsdel_kod"].tolist(),
        z=[1] * len(frame),
        featureidkey="properties.stadsdel_kod",
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"line": {"color": "#666666", "width": 1}},
        name=name,
        showlegend=True,
        hovertext=texts,
        hoverinfo="text",
    )


def choropleth(
    geojson: dict,
    frame: pd.DataFrame,
    *,
    kind: str,
    label: str,
    year: int,
    min_n: int,
    direction: int = 1,
    source: str = "",
    labels: pd.DataFrame | None = None,
    category_names: dict[int, str] | None = None,
    height: int = 620,
) -> go.Figure:
    """A district map of one measure.

    ``frame`` has the shape of ``analysis.measures.district_values`` plus ``stadsdel_namn``. ``direction``
    +1 means higher values mean more challenges: the scale is turned so that darker always means more
    challenges. ``labels`` (``stadsdel_kod, lon, lat, stadsdel_namn``) writes district names on the map;
    ``category_names`` names the area types in the legend.
    """
    frame = frame.reset_index(drop=True)
    texts = pd.Series(hover_texts(frame, kind, label, year, min_n))
    fig = go.Figure()
    ok = frame["status"] == "ok"
    if kind == "area_type":
        for area_type, colour in AREA_TYPE_COLOURS.items():
            part = ok & (frame["value"] == area_type)
            if part.any():
                name = (category_names or {}).get(area_type, f"Typ {area_type}")
                fig.add_trace(_flat_trace(geojson, frame[part], colour, name, texts[part].tolist()))
    elif ok.any():
        values = frame.loc[ok, "value"].astype(float)
        scale_values = values * 100 if kind in ("share", "rate") else values
        suffix = f"{fmt.NBSP}%" if kind in ("share", "rate") else (f"{fmt.NBSP}tkr" if kind == "income" else "")
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                locations=frame.loc[ok, "stadsdel_kod"].tolist(),
                z=scale_values.tolist(),
                featureidkey="properties.stadsdel_kod",
                # A quotient is a difference from the municipality (1 = as in the municipality): a diverging
                # scale centred there, red above and blue below; everything else a sequential scale.
                colorscale=DIVERGING if kind == "quotient" else SEQUENTIAL,
                reversescale=kind == "quotient" or direction > 0,
                zmid=1.0 if kind == "quotient" else None,
                marker={"line": {"color": OUTLINE_COLOUR, "width": 1}},
                colorbar={
                    "title": {"text": f"{label}<br>{year}", "side": "top"},
                    "ticksuffix": suffix,
                    "len": 0.75,
                    "thickness": 18,
                },
                name=label,
                showlegend=False,
                hovertext=texts[ok].tolist(),
                hoverinfo="text",
            )
        )
    for status, colour, name in (
        ("suppressed", SUPPRESSED_COLOUR, f"Dolt (färre än {min_n} personer)"),
        ("missing", MISSING_COLOUR, "Uppgift saknas"),
    ):
        part = frame["status"] == status
        if part.any():
            fig.add_trace(_flat_trace(geojson, frame[part], colour, name, texts[part].tolist()))
    if labels is not None:
        fig.add_trace(
            go.Scattergeo(
                lon=labels["lon"],
                lat=labels["lat"],
                text=labels["stadsdel_namn"],
                mode="text",
                textfont={"size": 12, "color": "#111111"},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    # A click selects a district (the page opens it); the other districts must keep their true colours.
    fig.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "choropleth"})
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    base_layout(fig, height=height)
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "v" if kind == "area_type" else "h", "yanchor": "top", "y": -0.01, "x": 0},
        annotations=[
            {
                "text": source,
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 0,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12, "color": "#444444"},
            }
        ]
        if source
        else [],
    )
    return fig
