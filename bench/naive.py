"""The district map drawn the naive way, as the yardstick of ``python -m bench``: the full-detail geometry as
GeoJSON inline in a ``go.Choropleth`` figure, nothing simplified, rounded or cached.

* **continuous**: one trace, every district with a value, ``z`` the value, the whole FeatureCollection in the
  trace's ``geojson`` (what a first version of a dashboard does);
* **classed**: quantile classes (``analysis.stats.classify``, five) drawn as one trace per class, each trace
  carrying the whole FeatureCollection again: how the issue found ``charts.maps`` drawing classes (one
  ``go.Choropleth`` per class, the same GeoJSON in each).

The GeoJSON is the data set's geometry reprojected to WGS 84 with every vertex and full float precision
(``full_geojson``), exterior rings clockwise so the figure would draw. A figure's size is its JSON as
plotly serialises it for the browser (``plotly.io.to_json(..., validate=False)``, what Streamlit's
``st.plotly_chart`` sends), in bytes of UTF-8. ``measure_map`` builds both figures for one measure and year,
timing the building (``go.Figure``/trace construction, which validates and copies the GeoJSON) and the
serialising separately.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io

from analysis.stats import classify

WGS84 = "EPSG:4326"
CLASSES = 5


def full_geojson(geometry) -> dict:
    """Every district of ``geometry`` (a GeoDataFrame, any CRS) as a WGS 84 FeatureCollection with ``id`` and
    property ``stadsdel_kod``: every vertex, no rounding; exterior rings clockwise (d3-geo's convention)."""
    import shapely

    frame = geometry[["stadsdel_kod", "geometry"]].to_crs(WGS84)
    frame["geometry"] = shapely.orient_polygons(frame.geometry.array, exterior_cw=True)
    collection = json.loads(frame.to_json(drop_id=True))
    for feature in collection["features"]:
        feature["id"] = feature["properties"]["stadsdel_kod"]
    return collection


def _area(geojson: dict, frame: pd.DataFrame, **kwargs) -> go.Choropleth:
    return go.Choropleth(
        geojson=geojson,
        locations=frame["stadsdel_kod"].astype(str).tolist(),
        featureidkey="properties.stadsdel_kod",
        marker={"line": {"color": "#ffffff", "width": 1}},
        **kwargs,
    )


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(title=title, height=620, margin={"l": 0, "r": 0, "t": 40, "b": 0})
    return fig


def continuous(geojson: dict, values: pd.DataFrame, title: str = "") -> go.Figure:
    """One trace: the districts with status "ok", coloured by ``value``."""
    ok = values[values["status"] == "ok"]
    trace = _area(geojson, ok, z=ok["value"].astype(float).tolist(), colorscale="Viridis", name=title)
    return _layout(go.Figure(trace), title)


def classed(geojson: dict, values: pd.DataFrame, title: str = "", k: int = CLASSES) -> go.Figure:
    """One trace per quantile class, each with the whole GeoJSON."""
    ok = values[values["status"] == "ok"].reset_index(drop=True)
    numbers = ok["value"].astype(float)
    fig = go.Figure()
    if ok.empty:
        return _layout(fig, title)
    members = classify.assign(numbers, classify.quantile_breaks(numbers, k))
    colours = [f"hsl({int(240 - 200 * i / max(k - 1, 1))},60%,45%)" for i in range(k)]
    for i in sorted(int(c) for c in members.dropna().unique()):
        part = ok[(members == i).fillna(False).to_numpy(dtype=bool)]
        colour = colours[min(i, k - 1)]
        fig.add_trace(
            _area(
                geojson,
                part,
                z=[1] * len(part),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                name=f"klass {i + 1}",
                showlegend=True,
            )
        )
    return _layout(fig, title)


def figure_bytes(fig: go.Figure) -> int:
    """The figure's JSON as sent to the browser, in bytes."""
    return len(plotly.io.to_json(fig, validate=False).encode("utf-8"))


def _timed(build) -> tuple[go.Figure, float]:
    began = time.perf_counter()
    fig = build()
    return fig, time.perf_counter() - began


def measure_map(geometry, values: pd.DataFrame, classed_values: pd.DataFrame | None = None, title: str = "") -> dict:
    """Both naive figures, continuous for ``values`` and classed for ``classed_values`` (default the same;
    frames of ``analysis.stats.measures.district_values``'s shape): bytes, traces and seconds to build and to
    serialise, and the full GeoJSON's own size."""
    began = time.perf_counter()
    geojson = full_geojson(geometry)
    geojson_s = time.perf_counter() - began
    out: dict = {
        "geojson_bytes": len(json.dumps(geojson, separators=(",", ":")).encode("utf-8")),
        "geojson_vertices": int(sum(_vertices(f["geometry"]["coordinates"]) for f in geojson["features"])),
        "geojson_s": round(geojson_s, 3),
    }
    shown = {"continuous": values, "classed": values if classed_values is None else classed_values}
    for name, build in (("continuous", continuous), ("classed", classed)):
        fig, build_s = _timed(lambda build=build, name=name: build(geojson, shown[name], title))
        began = time.perf_counter()
        size = figure_bytes(fig)
        out[name] = {
            "bytes": size,
            "mb": round(size / 1e6, 2),
            "traces": len(fig.data),
            "build_s": round(build_s, 3),
            "serialise_s": round(time.perf_counter() - began, 3),
        }
        del fig
    return out


def _vertices(coords) -> int:
    if coords and isinstance(coords[0], (int, float)):
        return 1
    if coords and coords[0] and isinstance(coords[0][0], (int, float)):
        return len(coords)
    return sum(_vertices(c) for c in coords)


def values_frame(codes, values) -> pd.DataFrame:
    """A values frame for tests and quick checks: every code "ok" with its value."""
    return pd.DataFrame({"stadsdel_kod": list(codes), "value": np.asarray(values, dtype=float), "status": "ok"})
