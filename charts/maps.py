"""Choropleth of one district measure, drawn offline unless the user asks for a background map.

By default ``go.Choropleth`` (plotly's SVG "geo" map) with our own GeoJSON and ``fitbounds="locations"``:
it needs no tile server. plotly.js still fetches a world base layer; the app serves an empty one from
``static/`` (see ``MAP_CONFIG``), so nothing leaves the machine and no world map is drawn behind the
districts. With ``basemap=True`` the same traces are drawn on plotly's tile map (``go.Choroplethmap``,
MapLibre) over OpenStreetMap tiles, which come from the internet: the page says so.

One map shows the measure in one of three ways:

* a continuous colour-blind-safe scale (Viridis), turned so that darker always means more challenges;
* classes (quantiles, equal intervals or, for the socioeconomic index, SCB's area-type thresholds;
  see ``analysis.stats.classify``): one trace per class with a legend entry such as "12–18 %", in class order,
  coloured from the same scale;
* the difference from the municipality (``reference``): district − municipality, on the red–blue
  diverging scale centred on 0 with a symmetric range, red = more challenges than the municipality.

Districts whose value rests on fewer than ``min_n`` people are drawn in a mid grey, districts without data
in a light grey; each grey has its own legend entry, and both also carry a mark at the district's label
point ("∅" hidden, "×" missing) that the legend shows too, so neither can be read as a pale value (the
white middle of the diverging scale is close to the light grey) on a projector. A hidden district never
gets a class or a difference: only status "ok" values are classed or compared.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

import texts
from analysis.stats import classify
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
#: Marks drawn on hidden and missing districts, and written in front of their legend entries.
SUPPRESSED_MARK = "∅"
MISSING_MARK = "×"
MARK_COLOUR = "#111111"
#: A built-in plotly tile style; its tiles come from tile.openstreetmap.org.
BASEMAP_STYLE = "open-street-map"
#: Measures whose difference from the municipality means something (an area type is a category, a local
#: quotient is already relative to the municipality).
DIFFERENCE_KINDS = ("share", "rate", "index", "income", "per1000")
#: Measures that can be classed (an area type already is a class).
CLASSED_KINDS = ("share", "rate", "index", "income", "per1000", "quotient")
#: Decimals of a value in display units (percent for shares and rates).
_DECIMALS = {"share": 0, "rate": 0, "income": 0, "index": 1, "quotient": 2, "per1000": 1}
_DIFFERENCE_DECIMALS = {"share": 1, "rate": 1, "income": 0, "index": 1, "per1000": 1}


def value_text(value, kind: str, decimals: int = 0) -> str:
    """A measure's value as Swedish text: shares and rates in percent, income in tkr, index with a decimal."""
    if kind in ("share", "rate"):
        return fmt.percent(value, decimals)
    if kind == "income":
        return f"{fmt.number(value)}{fmt.NBSP}{texts.MAP_UNITS['income']}"
    if kind == "index":
        return fmt.number(value, 1)
    if kind == "quotient":
        return fmt.number(value, 2)
    if kind == "per1000":
        return f"{fmt.number(value, 1)} {texts.MAP_PER_1000}"
    return fmt.number(value)


def difference_text(diff, kind: str) -> str:
    """A district's difference from the municipality, signed, with its unit: shares in percentage points
    (``0.031`` → ``"+3,1 procentenheter"``), the index in index points, income in tkr."""
    if fmt._missing(diff):
        return fmt.DASH
    decimals = _DIFFERENCE_DECIMALS.get(kind, 1)
    value = float(diff) * _factor(kind)
    sign = "+" if round(value, decimals) > 0 else ""
    return f"{sign}{fmt.number(value, decimals)}{fmt.NBSP}{texts.MAP_DIFFERENCE_UNITS[kind]}"


def _factor(kind: str) -> float:
    """Display units: shares and rates (0–1) are shown in percent (or percentage points)."""
    return 100.0 if kind in ("share", "rate") else 1.0


def hover_texts(
    frame: pd.DataFrame,
    kind: str,
    label: str,
    year: int,
    min_n: int,
    *,
    reference: float | None = None,
    class_names: pd.Series | None = None,
) -> list[str]:
    """Hover text per district: name, value, interval, n and year; hidden values say why.

    With ``reference`` (the municipality's value) the district's value, the municipality's and the
    difference; with ``class_names`` (per row, NA where unclassed) the district's class.
    """
    lines_per_row = []
    for i, row in enumerate(frame.itertuples(index=False)):
        lines = [f"<b>{row.stadsdel_namn}</b>", f"{label} {year}"]
        if row.status == "suppressed":
            lines.append(texts.map_hidden_hover(min_n))
        elif row.status == "missing":
            lines.append(texts.MAP_MISSING)
        else:
            if reference is not None:
                lines.append(f"{texts.MAP_DISTRICT_VALUE}: {value_text(row.value, kind)}")
                lines.append(f"{texts.MUNICIPALITY}: {value_text(reference, kind)}")
                lines.append(f"{texts.MAP_DIFFERENCE_SHORT}: {difference_text(row.value - reference, kind)}")
            else:
                lines.append(value_text(row.value, kind))
            if kind in ("share", "rate"):
                lines.append(f"{texts.CHART_INTERVAL_95}: {fmt.interval(row.ci_low, row.ci_high)}")
            elif kind == "per1000":
                lines.append(f"{texts.CHART_INTERVAL_95}: {fmt.number(row.ci_low, 1)}–{fmt.number(row.ci_high, 1)}")
            if not pd.isna(row.n):
                lines.append(f"n = {fmt.number(row.n)}")
            if class_names is not None and not pd.isna(class_names.iloc[i]):
                lines.append(f"{texts.MAP_CLASS}: {class_names.iloc[i]}")
        lines_per_row.append("<br>".join(lines))
    return lines_per_row


def class_labels(result: classify.Classes, kind: str, *, difference: bool = False) -> dict[int, str]:
    """Legend text of every class, in Swedish number format: "12–18 %", "under 5,0", "Typ 2: 19,0–26,0".

    Edges are in display units (percent for shares). Decimals grow (at most two more) until neighbouring
    edges read differently, so no legend says "12–12 %"."""
    base = (_DIFFERENCE_DECIMALS if difference else _DECIMALS).get(kind, 1)
    finite = [b for b in result.breaks if math.isfinite(b)]
    decimals = base
    for extra in range(3):
        decimals = base + extra
        shown = [fmt.number(b, decimals) for b in finite]
        if len(set(shown)) == len(set(finite)):
            break
    suffix = f"{fmt.NBSP}%" if kind in ("share", "rate") and not difference else ""
    suffix = f"{fmt.NBSP}{texts.MAP_UNITS['income']}" if kind == "income" and not difference else suffix
    names = {}
    for i in range(result.k):
        low, high = result.bounds(i)
        if not math.isfinite(low):
            text = texts.class_below(fmt.number(high, decimals))
        elif not math.isfinite(high):
            text = texts.class_from(fmt.number(low, decimals))
        elif low == high:
            text = fmt.number(low, decimals)
        else:
            text = texts.class_range(fmt.number(low, decimals), fmt.number(high, decimals))
        text += suffix
        if result.method == classify.AREA_TYPE_THRESHOLDS:
            text = texts.threshold_class(text, classify.area_type_of_class(i))
        names[i] = text
    return names


def class_colours(result: classify.Classes, direction: int, *, diverging_range: float | None = None) -> dict[int, str]:
    """One colour per class from the map's own scale.

    Sequential (Viridis): classes evenly spaced over the scale in class order, turned by ``direction`` so
    that the class with the most challenges is the darkest. Diverging (``diverging_range`` m, for
    differences): each class takes the colour of its midpoint on the −m … m scale centred on 0, red for more
    challenges, so a class around 0 is pale and the classes read like the continuous difference map.
    """
    k = result.k
    colours = {}
    for i in range(k):
        if diverging_range is None:
            t = 0.5 if k == 1 else i / (k - 1)
            t = 1 - t if direction > 0 else t
            colours[i] = sample_colorscale(SEQUENTIAL, [t])[0]
        else:
            low, high = result.bounds(i)
            t = 0.5 + (low + high) / 2 / (2 * diverging_range)
            t = min(max(t, 0.0), 1.0)
            # RdBu runs red (0) to blue (1): more challenges must be red.
            t = 1 - t if direction > 0 else t
            colours[i] = sample_colorscale(DIVERGING, [t])[0]
    return colours


def _wrap(text: str, width: int) -> str:
    """Break a long title into lines for plotly (which never wraps), keeping existing breaks."""
    return "<br>".join(line for part in text.split("<br>") for line in (textwrap.wrap(part, width) or [""]))


class _Drawing:
    """Trace constructors for one of the two map kinds (SVG geo map offline, tile map with a basemap)."""

    def __init__(self, geojson: dict, basemap: bool):
        self.geojson = geojson
        self.basemap = basemap

    def area(self, frame: pd.DataFrame, **kwargs):
        common = {
            "geojson": self.geojson,
            "locations": frame["stadsdel_kod"].tolist(),
            "featureidkey": "properties.stadsdel_kod",
            "hoverinfo": "text",
        }
        line = {"color": kwargs.pop("line_colour", OUTLINE_COLOUR), "width": 1}
        if self.basemap:
            # Slightly see-through so streets and water show; the outline keeps neighbours apart.
            return go.Choroplethmap(**common, marker={"line": line, "opacity": 0.8}, **kwargs)
        return go.Choropleth(**common, marker={"line": line}, **kwargs)

    def flat(self, frame, colour, name, hover, *, legendgroup=None, legendrank=None, line_colour="#666666"):
        return self.area(
            frame,
            z=[1] * len(frame),
            colorscale=[[0, colour], [1, colour]],
            showscale=False,
            name=name,
            showlegend=True,
            hovertext=hover,
            legendgroup=legendgroup,
            legendrank=legendrank,
            line_colour=line_colour,
        )

    def text(self, points: pd.DataFrame, text, size, **kwargs):
        common = {
            "lon": points["lon"].tolist(),
            "lat": points["lat"].tolist(),
            "text": text if isinstance(text, list) else [text] * len(points),
            "mode": "text",
            "hoverinfo": "skip",
            "showlegend": False,
        }
        font = {"size": size, "color": MARK_COLOUR}
        if self.basemap:
            # MapLibre takes one text size per trace.
            font["size"] = max(size) if isinstance(size, list) else size
            return go.Scattermap(**common, textfont=font, **kwargs)
        return go.Scattergeo(**common, textfont={**font, "family": "Arial, Liberation Sans, sans-serif"}, **kwargs)


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
    points: pd.DataFrame | None = None,
    show_names: bool = False,
    category_names: dict[int, str] | None = None,
    classes: str = classify.CONTINUOUS,
    index_mean: float | None = None,
    index_sd: float | None = None,
    reference: float | None = None,
    basemap: bool = False,
    compact: bool = False,
    height: int = 620,
) -> go.Figure:
    """A district map of one measure.

    ``frame`` has the shape of ``analysis.stats.measures.district_values`` plus ``stadsdel_namn``. ``direction``
    +1 means higher values mean more challenges: the scale is turned so that darker (or, for differences,
    redder) always means more challenges. ``points`` (``stadsdel_kod, lon, lat, stadsdel_namn``, a point
    inside each district) places the marks of hidden and missing districts and, with ``show_names``, the
    district names. ``category_names`` names the area types in the legend.

    ``classes`` is a method of ``analysis.stats.classify`` (continuous by default; the area-type thresholds, which
    need ``index_mean``/``index_sd``, only for the index). ``reference`` (the municipality's value, status
    "ok") turns the map into district − municipality for the kinds in ``DIFFERENCE_KINDS``. ``basemap``
    draws on OpenStreetMap tiles (needs internet). ``compact`` is for two maps side by side.
    """
    frame = frame.reset_index(drop=True)
    ok = frame["status"] == "ok"
    difference = reference is not None and kind in DIFFERENCE_KINDS
    if not difference:
        reference = None
    factor = _factor(kind)
    # Display values: percent for shares, and district − municipality for a difference map.
    shown = pd.Series(np.nan, index=frame.index)
    shown[ok] = (frame.loc[ok, "value"].astype(float) - (reference or 0.0)) * factor
    spread = float(np.nanmax(np.abs(shown[ok]))) if ok.any() else 0.0
    spread = spread if spread > 0 else 1.0

    result = None
    if kind in CLASSED_KINDS and classes != classify.CONTINUOUS and ok.any():
        thresholds = classes == classify.AREA_TYPE_THRESHOLDS
        if not thresholds or (kind == "index" and not difference and index_mean and index_sd):
            symmetric = difference and classes == classify.EQUAL_INTERVALS
            result = classify.classify(
                frame.assign(value=shown),
                classes,
                mean=index_mean,
                sd=index_sd,
                lower=-spread if symmetric else None,
                upper=spread if symmetric else None,
            )
    names = class_labels(result, kind, difference=difference) if result else {}
    class_of_row = result.members.map(names.get, na_action="ignore") if result else None

    hover = pd.Series(
        hover_texts(frame, kind, label, year, min_n, reference=reference, class_names=class_of_row),
        index=frame.index,
    )
    draw = _Drawing(geojson, basemap)
    fig = go.Figure()
    unit = (texts.MAP_DIFFERENCE_UNITS if difference else texts.MAP_UNITS).get(kind, "")
    make_title = texts.map_difference_title if difference else texts.map_legend_title
    title = make_title(label, unit, year)
    # Plotly never wraps: a legend column beside a half-width map must stay narrow.
    legend_title_width = 40 if compact else 28
    legend_title = None
    if kind == "area_type":
        legend_title = _wrap(title, legend_title_width)
        for area_type, colour in AREA_TYPE_COLOURS.items():
            part = ok & (frame["value"] == area_type)
            if part.any():
                name = (category_names or {}).get(area_type, texts.area_type_short(area_type))
                fig.add_trace(draw.flat(frame[part], colour, name, hover[part].tolist()))
    elif result is not None:
        legend_title = _wrap(title, legend_title_width)
        colours = class_colours(result, direction, diverging_range=spread if difference else None)
        for i in result.present:
            part = result.members == i
            fig.add_trace(
                draw.flat(
                    frame[part],
                    colours[i],
                    names[i],
                    hover[part].tolist(),
                    legendrank=100 + i,
                    line_colour=OUTLINE_COLOUR,
                )
            )
    elif ok.any():
        diverging = difference or kind == "quotient"
        # A quotient is relative to the municipality (1 = as in the municipality) and a difference is
        # measured from it (0): both on a diverging scale centred there, red = more challenges.
        centre = 0.0 if difference else (1.0 if kind == "quotient" else None)
        fig.add_trace(
            draw.area(
                frame[ok],
                z=shown[ok].tolist(),
                colorscale=DIVERGING if diverging else SEQUENTIAL,
                reversescale=direction > 0 if difference else (kind == "quotient" or direction > 0),
                zmid=centre,
                zmin=-spread if difference else None,
                zmax=spread if difference else None,
                colorbar=_colour_bar(_wrap(title, 40 if compact else 28), kind, difference, spread, compact),
                name=label,
                showlegend=False,
                hovertext=hover[ok].tolist(),
            )
        )
    for status, colour, name, mark in (
        ("suppressed", SUPPRESSED_COLOUR, texts.map_hidden_legend(min_n), SUPPRESSED_MARK),
        ("missing", MISSING_COLOUR, texts.MAP_MISSING, MISSING_MARK),
    ):
        part = frame["status"] == status
        if not part.any():
            continue
        entry = f"{mark} {name}"
        fig.add_trace(draw.flat(frame[part], colour, entry, hover[part].tolist(), legendgroup=status, legendrank=2000))
        if points is not None:
            where = points[points["stadsdel_kod"].isin(frame.loc[part, "stadsdel_kod"])]
            sizes = _mark_sizes(geojson, where["stadsdel_kod"], height)
            fig.add_trace(draw.text(where, mark, sizes, legendgroup=status, name=entry))
    if show_names and points is not None:
        # Under the label point, so a name never covers a hidden or missing district's mark; smaller in
        # small districts, where neighbours' names would otherwise overlap.
        sizes = _mark_sizes(geojson, points["stadsdel_kod"], height, low=9, high=13)
        fig.add_trace(
            draw.text(points, points["stadsdel_namn"].fillna("").tolist(), sizes, textposition="bottom center")
        )

    # A click selects a district (the page opens it); the other districts must keep their true colours.
    fig.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "choropleth"})
    fig.update_traces(unselected={"marker": {"opacity": 0.8}}, selector={"type": "choroplethmap"})
    if basemap:
        fig.update_layout(map=_map_view(geojson, height, compact))
    else:
        fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    base_layout(fig, height=height)
    if legend_title is not None and compact:
        # Two maps side by side: the legend under the map in two even columns, so the map keeps its width.
        legend = {
            "orientation": "h",
            "title": {"text": legend_title, "side": "top"},
            "yanchor": "top",
            "y": -0.01,
            "xanchor": "left",
            "x": 0,
            "entrywidth": 0.5,
            "entrywidthmode": "fraction",
            "traceorder": "normal",
            "font": {"size": 13},
        }
    elif legend_title is not None:
        # Classes and area types: one legend column at the right, title first, greys last.
        legend = {
            "orientation": "v",
            "title": {"text": legend_title, "side": "top"},
            "yanchor": "top",
            "y": 1,
            "xanchor": "left",
            "x": 1.01,
            "traceorder": "normal",
            "font": {"size": 15},
        }
    elif compact:
        # The colour bar lies under the map; the greys' entries go above it.
        legend = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left", "traceorder": "normal"}
    else:
        legend = {"orientation": "h", "yanchor": "top", "y": -0.01, "x": 0, "xanchor": "left", "traceorder": "normal"}
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend=legend,
        annotations=[
            {
                "text": source,
                "xref": "paper",
                "yref": "paper",
                # The tile map writes its attribution in the bottom right corner.
                "x": 0 if basemap else 1,
                "y": 0,
                "xanchor": "left" if basemap else "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12, "color": "#444444"},
            }
        ]
        if source
        else [],
    )
    return fig


def _map_view(geojson: dict, height: int, compact: bool) -> dict:
    """Centre and zoom of the tile map that show every district (plotly's tile map has no fitbounds for
    choropleths in every plotly.js version Streamlit ships, so the view is computed here)."""
    lons, lats = [], []
    for feature in geojson.get("features", []):
        _coordinates(feature["geometry"]["coordinates"], lons, lats)
    if not lons:
        return {"style": BASEMAP_STYLE}
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)

    def mercator(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    width_px = 520 if compact else 900
    height_px = height - 60
    lon_span = max(east - west, 1e-6)
    lat_span = max(mercator(north) - mercator(south), 1e-6)
    # MapLibre's world is 512 px wide at zoom 0; a 10 % margin keeps the outer districts off the edge.
    zoom = min(math.log2(width_px * 360 / (512 * lon_span)), math.log2(height_px * 2 * math.pi / (512 * lat_span)))
    middle = math.degrees(math.atan(math.sinh((mercator(north) + mercator(south)) / 2)))
    return {
        "style": BASEMAP_STYLE,
        "center": {"lon": (west + east) / 2, "lat": middle},
        "zoom": round(zoom - 0.15, 2),
    }


def _colour_bar(title: str, kind: str, difference: bool, spread: float, compact: bool) -> dict:
    """The colour bar: titled with measure, unit and year; at the right, or under a map that shares the
    row with another. A difference gets signed ticks ("+10", "0", "−10") at round steps."""
    bar = {"title": {"text": title, "side": "top"}, "thickness": 18}
    if kind in ("share", "rate") and not difference:
        bar["ticksuffix"] = f"{fmt.NBSP}%"
    if difference:
        step = _nice_step(spread / 4)
        ticks = [step * i for i in range(-math.floor(spread / step), math.floor(spread / step) + 1)]
        decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
        texts_ = [("+" if t > 0 else "") + fmt.number(t, decimals) for t in ticks]
        bar.update(tickmode="array", tickvals=ticks, ticktext=texts_)
    if compact:
        bar.update(orientation="h", x=0.5, xanchor="center", y=-0.02, yanchor="top", len=0.9, thickness=14)
    else:
        bar["len"] = 0.75
    return bar


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least ``raw``."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def _mark_sizes(geojson: dict, codes, height: int, *, low: int = 10, high: int = 24) -> list[int]:
    """Text size of the hidden/missing mark per district: about half the district's drawn size, between
    ``low`` and ``high`` px, so the marks of many small neighbouring districts do not cover the districts
    around them."""
    boxes = {}
    for feature in geojson.get("features", []):
        lons, lats = [], []
        _coordinates(feature["geometry"]["coordinates"], lons, lats)
        if lons:
            boxes[feature["properties"]["stadsdel_kod"]] = (min(lons), max(lons), min(lats), max(lats))
    if not boxes:
        return [high for _ in codes]
    west = min(b[0] for b in boxes.values())
    east = max(b[1] for b in boxes.values())
    south = min(b[2] for b in boxes.values())
    north = max(b[3] for b in boxes.values())
    whole = max((east - west) * (north - south), 1e-12)
    sizes = []
    for code in codes:
        box = boxes.get(code)
        share = 0.0 if box is None else math.sqrt((box[1] - box[0]) * (box[3] - box[2]) / whole)
        sizes.append(int(min(max(0.45 * share * (height - 80), low), high)))
    return sizes


def _coordinates(coords, lons: list, lats: list) -> None:
    if isinstance(coords[0], (int, float)):
        lons.append(coords[0])
        lats.append(coords[1])
    else:
        for c in coords:
            _coordinates(c, lons, lats)
