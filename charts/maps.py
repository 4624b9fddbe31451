"""Choropleth of one district measure, drawn offline unless the user asks for a background map.

By default ``go.Choropleth`` (plotly's SVG "geo" map) with our own GeoJSON: it needs no tile server.
plotly.js still fetches a world base layer; the app serves an empty one from ``static/`` (see
``MAP_CONFIG``), so nothing leaves the machine and no world map is drawn behind the districts. With
``basemap=True`` the same traces are drawn on plotly's tile map (``go.Choroplethmap``, MapLibre) over
OpenStreetMap tiles, which come from the internet: the page says so.

One map shows the measure in one of four ways:

* a continuous colour-blind-safe scale (Viridis), turned so that darker always means more challenges;
* classes (quantiles, equal intervals or, for the socioeconomic index, SCB's area-type thresholds;
  see ``analysis.stats.classify``): one area trace on a stepped colour scale, with a legend entry per class
  such as "12–18 %", in class order, coloured from the same scale;
* the difference from the municipality (``reference``): district − municipality, on the red–blue
  diverging scale centred on 0 with a symmetric range, red = more challenges than the municipality;
* the change since a base year (``base_year``, a frame of ``analysis.stats.change.change_between_years``):
  on the same diverging scale, red = the measure moved towards more challenges.

One colour means one value in every year: given ``scale_values`` (every value the measure shows in any
year, ``analysis.stats.measures.scale_values``) the colour range and the class breaks span all of them,
and the legend says so, so stepping through the years never rescales the map.

Districts whose value rests on fewer than ``min_n`` people are drawn in a mid grey, districts without data
in a light grey; each grey has its own legend entry, and both also carry a mark at the district's label
point ("∅" hidden, "×" missing) that the legend shows too, so neither can be read as a pale value (the
white middle of the diverging scale is close to the light grey) on a projector. A hidden district never
gets a class, a difference or a change: only status "ok" values are classed or compared.

District names are shown only where they fit (``charts.labels``): the most populous districts first, each
name left out where it would overlap a name or mark already placed; every name is on the hover.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

import texts
from analysis.stats import classify
from analysis.stats.measures import CHANGE_KINDS
from charts import format as fmt
from charts import labels as placement
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
#: Decimals of a difference or a change in display units (percentage points for shares and rates).
_DIFFERENCE_DECIMALS = {"share": 1, "rate": 1, "income": 0, "index": 1, "per1000": 1, "quotient": 2}
#: The narrowest the page makes one map, and each of two maps side by side, in CSS pixels: the names are
#: placed and the titles wrapped for it, so a wider map only spreads the names further apart (1280 px
#: window with the sidebar open: a main column of about 820 px).
MIN_WIDTH = 780
MIN_WIDTH_PAIR = 380
#: Text size of district names: one size, so a name's size never reads as a value.
NAME_SIZE = 13
NAME_SIZE_PAIR = 12
#: Colours of a change in the hover: the map's own red and blue (RdBu's ends), so a change reads as the
#: map does; ``charts.format.delta`` calls the good direction "green", which the diverging map draws blue.
DELTA_COLOURS = {"red": "#b2182b", "green": "#2166ac", "gray": "#555555"}
DELTA_ARROWS = {"up": "▲", "down": "▼", "off": ""}
#: Space at the right of a single map for its colour bar or legend, and the figure's font sizes there.
_SIDE_MIN, _SIDE_MAX = 210, 320
_TITLE_SIZE = 16
_LEGEND_SIZE = 15
_SOURCE_SIZE = 12
#: The name of the map's source-line annotation, so an export that writes the source in its own caption
#: can leave the line out instead of drawing the source twice.
SOURCE_NOTE = "kalla"
#: Average width of a character in em for wrapping titles (Arial; a little generous, so lines stay short).
_EM = 0.56


#: Decimals of a value that is not a share, per kind (shares and rates take the caller's, in percent).
_VALUE_DECIMALS = {"index": 1, "quotient": 2, "per1000": 1}


def _value_unit(kind: str) -> str:
    """What follows a value that is not a share: tkr for income, "per 1 000" for the rates per residents."""
    return {"income": f"{fmt.NBSP}{texts.MAP_UNITS['income']}", "per1000": f" {texts.MAP_PER_1000}"}.get(kind, "")


def value_text(value, kind: str, decimals: int = 0) -> str:
    """A measure's value as Swedish text: shares and rates in percent, income in tkr, index with a decimal."""
    if kind in ("share", "rate"):
        return fmt.percent(value, decimals)
    return fmt.number(value, _VALUE_DECIMALS.get(kind, 0)) + _value_unit(kind)


def value_texts(values, kind: str, decimals: int = 0) -> list[str]:
    """`value_text` of each value of a column, as a list (``fmt.numbers``: a national map has 6,160)."""
    if kind in ("share", "rate"):
        return fmt.percents(values, decimals)
    unit = _value_unit(kind)
    return [text + unit for text in fmt.numbers(values, _VALUE_DECIMALS.get(kind, 0))]


def difference_text(diff, kind: str) -> str:
    """A district's difference from the municipality, signed with a real minus or plus (none on 0), with
    its unit: shares in percentage points (``0.031`` → ``"+3,1 procentenheter"``), the index in index
    points, income in tkr."""
    if fmt._missing(diff):
        return fmt.DASH
    value = float(diff) * _factor(kind)
    return f"{fmt.signed(value, _DIFFERENCE_DECIMALS.get(kind, 1))}{fmt.NBSP}{texts.MAP_DIFFERENCE_UNITS[kind]}"


def difference_texts(diffs, kind: str) -> list[str]:
    """`difference_text` of each difference of a column, as a list (``fmt.signed_numbers``)."""
    unit = f"{fmt.NBSP}{texts.MAP_DIFFERENCE_UNITS.get(kind, '')}"
    signed = fmt.signed_numbers(fmt._floats(diffs) * _factor(kind), _DIFFERENCE_DECIMALS.get(kind, 1))
    return [text if text == fmt.DASH else text + unit for text in signed]


def _factor(kind: str) -> float:
    """Display units: shares and rates (0–1) are shown in percent (or percentage points)."""
    return 100.0 if kind in ("share", "rate") else 1.0


def _change_lines(row, kind: str, direction: int, base_year: int, year: int) -> list[str]:
    """Hover lines of one district's change: both years' values with their n, the change with its reading
    (coloured and with an arrow, as the map colours it) and, for shares and rates, its interval."""
    decimals = 1 if kind in ("share", "rate") else 0
    lines = []
    for when, value, n in ((base_year, row.value_base, row.n_base), (year, row.value_now, row.n)):
        count = None if pd.isna(n) else fmt.number(n)
        lines.append(texts.map_change_year(when, value_text(value, kind, decimals), count))
    delta = fmt.measure_delta(row.value, kind, direction=direction, reading=row.reading)
    if delta is not None:
        arrow = DELTA_ARROWS[delta.arrow]
        shown = f"{arrow} {delta.with_reading()}" if arrow else delta.with_reading()
        lines.append(
            f"{texts.MAP_CHANGE_SHORT}: <span style='color:{DELTA_COLOURS[delta.colour]}'><b>{shown}</b></span>"
        )
    interval = fmt.change_interval(row.ci_low, row.ci_high, kind)
    if interval:
        lines.append(f"{texts.CHART_INTERVAL_95}: {interval}")
    return lines


def hover_texts(
    frame: pd.DataFrame,
    kind: str,
    label: str,
    year: int,
    min_n: int,
    *,
    reference: float | None = None,
    class_names: pd.Series | None = None,
    base_year: int | None = None,
    direction: int = 1,
) -> list[str]:
    """Hover text per district: name, value, interval, n and year; hidden values say why.

    With ``reference`` (the municipality's value) the district's value, the municipality's and the
    difference; with ``base_year`` (``frame`` a change frame) both years' values and n, the change, its
    interval and reading; with ``class_names`` (per row, NA where unclassed) the district's class.

    Values, intervals and n are formatted a column at a time (``fmt.numbers``: a national map has 6,160
    districts); a change's lines one district at a time (``_change_lines``).
    """
    status = frame["status"].tolist()
    ok = [s == "ok" for s in status]
    if base_year is not None:
        title = texts.map_change_hover_title(label, base_year, year)
        hidden, missing = texts.map_change_hidden_hover(min_n), texts.MAP_CHANGE_MISSING
        bodies = [
            _change_lines(row, kind, direction, base_year, year) if shown else []
            for row, shown in zip(frame.itertuples(index=False), ok, strict=True)
        ]
    else:
        title = f"{label} {year}"
        hidden, missing = texts.map_hidden_hover(min_n), texts.MAP_MISSING
        bodies = _value_lines(frame, kind, reference)
    if class_names is not None:
        classes = [None if pd.isna(c) else c for c in class_names.tolist()]
    else:
        classes = [None] * len(frame)
    class_word = texts.MAP_CLASS
    out = []
    for name, state, body, class_name in zip(fmt.plains(frame["stadsdel_namn"]), status, bodies, classes, strict=True):
        lines = [f"<b>{name}</b>", title]
        if state == "suppressed":
            lines.append(hidden)
        elif state == "missing":
            lines.append(missing)
        else:
            lines.extend(body)
        if state == "ok" and class_name is not None:
            lines.append(f"{class_word}: {class_name}")
        out.append("<br>".join(lines))
    return out


def _value_lines(frame: pd.DataFrame, kind: str, reference: float | None) -> list[list[str]]:
    """Each district's value lines (value or value, municipality and difference; interval; n), each
    column formatted at once. Rows that are hidden or missing get lines too; ``hover_texts`` drops them."""
    values = value_texts(frame["value"], kind)
    if reference is not None:
        municipal = f"{texts.MUNICIPALITY}: {value_text(reference, kind)}"
        differences = difference_texts(fmt._floats(frame["value"]) - reference, kind)
        district, difference = texts.MAP_DISTRICT_VALUE, texts.MAP_DIFFERENCE_SHORT
        columns = [
            [f"{district}: {v}" for v in values],
            [municipal] * len(frame),
            [f"{difference}: {d}" for d in differences],
        ]
    else:
        columns = [values]
    interval = texts.CHART_INTERVAL_95
    if kind in ("share", "rate"):
        columns.append([f"{interval}: {t}" for t in fmt.intervals(frame["ci_low"], frame["ci_high"])])
    elif kind == "per1000":
        lows, highs = fmt.numbers(frame["ci_low"], 1), fmt.numbers(frame["ci_high"], 1)
        columns.append([f"{interval}: {a}–{b}" for a, b in zip(lows, highs, strict=True)])
    lines = [list(row) for row in zip(*columns, strict=True)] if columns else []
    counted = ~frame["n"].isna().to_numpy()
    for row_lines, n_text, has_n in zip(lines, fmt.numbers(frame["n"]), counted.tolist(), strict=True):
        if has_n:
            row_lines.append(f"n = {n_text}")
    return lines


#: Where a line's common beginning may end and its own part start ("Klass: ", "n = ", "<b>").
_PREFIX_ENDS = (": ", "= ", "<b>")
#: A line's common end that may be left to the template: a unit after a no-break space, or a closing tag.
_SUFFIX_STARTS = (fmt.NBSP, "</")


#: The feature property with a district's name as the hover shows it (``charts.format.plain``), in the
#: GeoJSON the browser fetches by URL: the hover's first line then comes from the geometry, sent once.
NAME_PROPERTY = "namn"


def hover_fields(hover: list[str], *, names_in_geometry: bool = False) -> dict:
    """The trace fields that show ``hover`` (one text per district): a ``hovertemplate`` holding what every
    district's text has in common (the title line, "95 % intervall: ", units) and ``customdata`` holding
    only each district's own parts; the hover reads exactly as ``hover``.

    A national map has 6,160 districts: the repeated words were most of the bytes a new measure sends.
    Texts whose lines differ in number (a change map, where some districts lack an interval) keep the
    plain ``hovertext``, as does a template that would have to hold plotly's own ``%{`` syntax.

    ``names_in_geometry``: every text's first line is ``<b>name</b>`` with the name the trace's GeoJSON
    carries as ``properties.namn`` (``NAME_PROPERTY``); the template then takes it from there."""
    plain = {"hovertext": hover, "hoverinfo": "text"}
    rows = [text.split("<br>") for text in hover]
    if len(rows) < 2 or len({len(lines) for lines in rows}) != 1:
        return plain
    template, columns = [], []
    if names_in_geometry:
        template.append(f"<b>%{{properties.{NAME_PROPERTY}}}</b>")
        rows = [lines[1:] for lines in rows]
    for position in range(len(rows[0])):
        lines = [r[position] for r in rows]
        if len(set(lines)) == 1:
            template.append(lines[0])
            continue
        prefix = _common_prefix(lines)
        suffix = _common_suffix([line[len(prefix) :] for line in lines])
        template.append(f"{prefix}%{{customdata[{len(columns)}]}}{suffix}")
        columns.append([line[len(prefix) : len(line) - len(suffix)] for line in lines])
    if any("%{" in part for part in template if "%{customdata" not in part and "%{properties" not in part):
        return plain
    if not columns and not names_in_geometry:
        return plain
    if not columns:
        return {"hovertemplate": "<br>".join(template) + "<extra></extra>"}
    return {
        "hovertemplate": "<br>".join(template) + "<extra></extra>",
        "customdata": [list(parts) for parts in zip(*columns, strict=True)],
    }


def _common_prefix(lines: list[str]) -> str:
    shared = lines[0]
    for line in lines[1:]:
        while not line.startswith(shared):
            shared = shared[:-1]
    cut = max((shared.rfind(end) + len(end) for end in _PREFIX_ENDS if end in shared), default=0)
    return shared[:cut]


def _common_suffix(lines: list[str]) -> str:
    shared = lines[0]
    for line in lines[1:]:
        while not line.endswith(shared):
            shared = shared[1:]
    starts = [shared.find(start) for start in _SUFFIX_STARTS if start in shared]
    return shared[min(starts) :] if starts else ""


def class_labels(result: classify.Classes, kind: str, *, difference: bool = False) -> dict[int, str]:
    """Legend text of every class, in Swedish number format: "12–18 %", "under 5,0", "Typ 2: 19,0–26,0";
    for a difference or a change signed with a real minus or plus ("−5,0 till +5,0").

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

    def edge(value) -> str:
        return fmt.signed(value, decimals) if difference else fmt.number(value, decimals)

    suffix = f"{fmt.NBSP}%" if kind in ("share", "rate") and not difference else ""
    suffix = f"{fmt.NBSP}{texts.MAP_UNITS['income']}" if kind == "income" and not difference else suffix
    names = {}
    for i in range(result.k):
        low, high = result.bounds(i)
        if not math.isfinite(low):
            text = texts.class_below(edge(high))
        elif not math.isfinite(high):
            text = texts.class_from(edge(low))
        elif low == high:
            text = edge(low)
        else:
            text = texts.class_range(edge(low), edge(high))
        text += suffix
        if result.method == classify.AREA_TYPE_THRESHOLDS:
            text = texts.threshold_class(text, classify.area_type_of_class(i))
        names[i] = text
    return names


def class_colours(result: classify.Classes, direction: int, *, diverging_range: float | None = None) -> dict[int, str]:
    """One colour per class from the map's own scale.

    Sequential (Viridis): classes evenly spaced over the scale in class order, turned by ``direction`` so
    that the class with the most challenges is the darkest. Diverging (``diverging_range`` m, for
    differences and changes): each class takes the colour of its midpoint on the −m … m scale centred on
    0, red for more challenges, so a class around 0 is pale and the classes read like the continuous map.
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


def _chars(pixels: float, size: float) -> int:
    """How many characters of text at ``size`` px fit in ``pixels`` (at least 12)."""
    return max(int(pixels / (_EM * size)), 12)


#: From this many districts on a map, outlines are ``DENSE_OUTLINE`` px wide instead of 1 px.
DENSE_AREAS = 1000
DENSE_OUTLINE = 0.3


class _Drawing:
    """Trace constructors for one of the two map kinds (SVG geo map offline, tile map with a basemap).

    ``geometry`` is what each area trace names as its GeoJSON: the collection itself, or the URL the
    browser fetches it from once (plotly.js keeps a fetched GeoJSON by URL for the page's lifetime)."""

    def __init__(self, geometry: dict | str, basemap: bool, names: dict[str, str] | None = None, areas: int = 0):
        self.geometry = geometry
        self.basemap = basemap
        #: Outline width: 1 px keeps a municipality's districts apart; with thousands of districts (many
        #: municipalities, up to all of Sweden) 1 px of white covered the small dense ones, so it is thinner
        #: there (and each of 6,160 paths draws a little faster).
        self.outline = 1.0 if areas <= DENSE_AREAS else DENSE_OUTLINE
        #: code → the name the geometry's features carry as ``properties.namn`` (``NAME_PROPERTY``).
        self.names = names

    def area(self, frame: pd.DataFrame, **kwargs):
        common = {
            "geojson": self.geometry,
            "locations": frame["stadsdel_kod"].tolist(),
            "featureidkey": "properties.stadsdel_kod",
        }
        hover = kwargs.pop("hovertext")
        named = self.names is not None and all(
            text.startswith(f"<b>{self.names.get(code)}</b><br>")
            for code, text in zip(common["locations"], hover, strict=True)
        )
        common |= hover_fields(hover, names_in_geometry=named)
        # Object arrays, not lists: plotly validates and copies a list element by element (a national map's
        # locations and hover parts), an array as a whole; both reach the browser as the same JSON lists.
        # The values stay a list: plotly would send a float array as base64 doubles, larger than the
        # rounded numbers as text.
        common["locations"] = np.asarray(common["locations"], dtype=object)
        if common.get("customdata"):
            common["customdata"] = np.asarray(common["customdata"], dtype=object)
        line = {"color": kwargs.pop("line_colour", OUTLINE_COLOUR), "width": self.outline}
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

    def key(self, colour: str, name: str, *, legendrank: int):
        """A legend entry alone (no data drawn): a filled square in ``colour`` named ``name``, for one class
        of a classed map, whose districts are all drawn by one area trace."""
        marker = {"size": 14, "color": colour, "symbol": "square", "line": {"color": OUTLINE_COLOUR, "width": 1}}
        common = {"lon": [None], "lat": [None], "mode": "markers", "name": name, "hoverinfo": "skip"}
        if self.basemap:
            # MapLibre draws circles only; the colour is what matters.
            marker = {"size": 14, "color": colour}
            return go.Scattermap(**common, marker=marker, showlegend=True, legendrank=legendrank)
        return go.Scattergeo(**common, marker=marker, showlegend=True, legendrank=legendrank)

    def text(self, lons, lats, text, size, **kwargs):
        common = {
            "lon": list(lons),
            "lat": list(lats),
            "text": text if isinstance(text, list) else [text] * len(lons),
            "mode": "text",
            "hoverinfo": "skip",
            "showlegend": False,
            "textposition": "middle center",
        }
        font = {"size": size, "color": MARK_COLOUR}
        if self.basemap:
            # MapLibre takes one text size per trace.
            font["size"] = max(size) if isinstance(size, list) else size
            return go.Scattermap(**common, textfont=font, **kwargs)
        # A white halo keeps black text readable on the dark end of Viridis and on RdBu's deep red.
        halo = "0 0 2px #ffffff, 0 0 2px #ffffff, 0 0 3px #ffffff"
        return go.Scattergeo(
            **common, textfont={**font, "family": "Arial, Liberation Sans, sans-serif", "shadow": halo}, **kwargs
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
    points: pd.DataFrame | None = None,
    show_names: bool = False,
    category_names: dict[int, str] | None = None,
    classes: str = classify.CONTINUOUS,
    index_mean: float | None = None,
    index_sd: float | None = None,
    reference: float | None = None,
    base_year: int | None = None,
    scale_values=None,
    scale_years: tuple[int, int] | None = None,
    focus=None,
    priority: dict[str, float] | None = None,
    basemap: bool = False,
    compact: bool = False,
    height: int = 620,
    width: int | None = None,
    geojson_url: str | None = None,
    geometry_names: dict[str, str] | None = None,
    boxes: dict[str, tuple[float, float, float, float]] | None = None,
) -> go.Figure:
    """A district map of one measure.

    ``frame`` has the shape of ``analysis.stats.measures.district_values`` plus ``stadsdel_namn`` (with
    ``base_year``: the shape of ``analysis.stats.change.change_between_years``, ``value`` being the change
    since ``base_year``). ``direction`` +1 means higher values mean more challenges: the scale is turned so
    that darker (or, for differences and changes, redder) always means more challenges. ``points``
    (``stadsdel_kod, lon, lat, stadsdel_namn``, a point inside each district) places the marks of hidden
    and missing districts and, with ``show_names``, the district names that fit (``priority``, e.g.
    residents per district, says which go first). ``category_names`` names the area types in the legend.

    ``classes`` is a method of ``analysis.stats.classify`` (continuous by default; the area-type
    thresholds, which need ``index_mean``/``index_sd``, only for the index). ``reference`` (the
    municipality's value, status "ok") turns the map into district − municipality for the kinds in
    ``DIFFERENCE_KINDS``. ``scale_values`` (the measure's values, differences or changes in every year, in
    the measure's units) fixes the colour range and the class breaks across years; ``scale_years``
    (first, last) says so in the legend. ``focus`` (district codes) fits the view to those districts
    instead of all. ``basemap`` draws on OpenStreetMap tiles (needs internet). ``compact`` is for two maps
    side by side; ``width`` the narrowest the page draws the map (default ``MIN_WIDTH``/``MIN_WIDTH_PAIR``).
    ``geojson_url``, where the browser can fetch ``geojson`` (the same collection), goes into the figure
    instead of the collection, so a new measure sends values and hover texts only; leave it out for an image
    or report, whose renderer fetches nothing. ``geometry_names`` (code → name as the hover writes it) says
    that the GeoJSON at ``geojson_url`` carries the names as ``properties.namn``, so the hovers take them
    from there instead of sending them with every measure. ``boxes`` is ``feature_boxes(geojson)`` when
    the caller keeps it (a national collection takes a twentieth of a second to walk). ``layout.meta``
    carries ``names_shown`` and ``names_total``.

    Classes are one area trace whose colour scale steps from class to class (the district's ``z`` is its
    class), with one legend entry per class beside it: a trace per class would carry the geometry (or
    its URL and the districts' codes) once per class.
    """
    frame = frame.reset_index(drop=True)
    ok = frame["status"] == "ok"
    change = base_year is not None and kind in CHANGE_KINDS
    difference = not change and reference is not None and kind in DIFFERENCE_KINDS
    if not difference:
        reference = None
    if not change:
        base_year = None
    diverging = change or difference
    factor = _factor(kind)
    # Display values: percent for shares, district − municipality for a difference map (a change frame
    # already holds the change).
    shown = pd.Series(np.nan, index=frame.index)
    shown[ok] = (frame.loc[ok, "value"].astype(float) - (reference or 0.0)) * factor
    # The values the scale and the breaks are drawn from: every year's when given (they hold this year's
    # too), else this map's. The range always covers this map's own values as well.
    here = shown[ok].to_numpy(dtype=float)
    pooled = here
    if scale_values is not None and len(scale_values):
        pooled = np.asarray(scale_values, dtype=float) * factor
        pooled = pooled[np.isfinite(pooled)]
    breaks_from = pooled if pooled.size else here
    pooled = np.concatenate([pooled, here])
    spread = float(np.max(np.abs(pooled))) if pooled.size else 0.0
    spread = spread if spread > 0 else 1.0

    result = _classes(kind, classes, shown, ok, breaks_from, diverging, spread, index_mean, index_sd)
    names = class_labels(result, kind, difference=diverging) if result else {}
    class_of_row = result.members.map(names.get, na_action="ignore") if result else None

    hover = pd.Series(
        hover_texts(
            frame,
            kind,
            label,
            year,
            min_n,
            reference=reference,
            class_names=class_of_row,
            base_year=base_year,
            direction=direction,
        ),
        index=frame.index,
    )
    draw = _Drawing(geojson_url or geojson, basemap, geometry_names if geojson_url else None, areas=len(frame))
    boxes = boxes if boxes is not None else feature_boxes(geojson)
    fig = go.Figure()
    width = width or (MIN_WIDTH_PAIR if compact else MIN_WIDTH)
    title = _title(label, kind, year, difference=difference, base_year=base_year, scale_years=scale_years)
    greys = [
        (status, colour, f"{mark} {name}", mark)
        for status, colour, name, mark in (
            ("suppressed", SUPPRESSED_COLOUR, texts.map_hidden_legend(min_n), SUPPRESSED_MARK),
            ("missing", MISSING_COLOUR, texts.MAP_MISSING, MISSING_MARK),
        )
        if (frame["status"] == status).any()
    ]
    entries = [entry for _, _, entry, _ in greys]
    legend_title = None
    if kind == "area_type":
        for area_type, colour in AREA_TYPE_COLOURS.items():
            part = ok & (frame["value"] == area_type)
            if part.any():
                name = (category_names or {}).get(area_type, texts.area_type_short(area_type))
                entries.append(name)
                fig.add_trace(draw.flat(frame[part], colour, name, hover[part].tolist()))
        legend_title = title
    elif result is not None:
        colours = class_colours(result, direction, diverging_range=spread if diverging else None)
        present = list(result.present)
        classed = ok & result.members.notna()
        # z is the class's place among the classes present; each owns an equal band of the colour scale.
        step = {c: i for i, c in enumerate(present)}
        z = result.members[classed].map(step).astype(int).tolist()
        bands = len(present)
        scale = [[edge / bands, colours[c]] for i, c in enumerate(present) for edge in (i, i + 1)]
        fig.add_trace(
            draw.area(
                frame[classed],
                z=z,
                zmin=-0.5,
                zmax=bands - 0.5,
                colorscale=scale,
                showscale=False,
                name=label,
                showlegend=False,
                hovertext=hover[classed].tolist(),
                line_colour=OUTLINE_COLOUR,
            )
        )
        for i in present:
            entries.append(names[i])
            fig.add_trace(draw.key(colours[i], names[i], legendrank=100 + i))
        legend_title = title
    side = 0 if compact else _side_space(width, [title] if legend_title is None else [title, *entries])
    if kind != "area_type" and result is None and ok.any():
        quotient = kind == "quotient" and not diverging
        # A quotient is relative to the municipality (1 = as in the municipality) and a difference or a
        # change is measured from 0: both on a diverging scale centred there, red = more challenges.
        if diverging:
            low, high, centre = -spread, spread, 0.0
        elif quotient:
            away = float(np.max(np.abs(pooled - 1.0))) or 1.0
            low, high, centre = 1.0 - away, 1.0 + away, 1.0
        else:
            low, high, centre = float(np.min(pooled)), float(np.max(pooled)), None
        fig.add_trace(
            draw.area(
                frame[ok],
                # Colour only (the hover says the value): 4 decimals in display units are far finer than a colour step.
                z=shown[ok].round(4).tolist(),
                colorscale=DIVERGING if diverging or quotient else SEQUENTIAL,
                reversescale=direction > 0 if diverging else (quotient or direction > 0),
                zmid=centre,
                zmin=low,
                zmax=high,
                colorbar=_colour_bar(title, kind, diverging, spread, compact, width, side),
                name=label,
                showlegend=False,
                hovertext=hover[ok].tolist(),
            )
        )
    for status, colour, entry, _mark in greys:
        part = frame["status"] == status
        fig.add_trace(draw.flat(frame[part], colour, entry, hover[part].tolist(), legendgroup=status, legendrank=2000))

    area_w, area_h, top, bottom = _plot_area(
        width,
        height,
        compact=compact,
        side=side,
        title=title,
        legend_title=legend_title,
        entries=entries,
        source=source,
    )
    box = _bounds(boxes, focus)
    view = _view(box, area_w, area_h, basemap)
    shown_names = _add_marks_and_names(
        fig, draw, frame, points, boxes, view, greys, show_names=show_names, compact=compact, priority=priority
    )

    # A click selects a district (the page opens it); the other districts must keep their true colours.
    fig.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "choropleth"})
    fig.update_traces(unselected={"marker": {"opacity": 0.8}}, selector={"type": "choroplethmap"})
    if basemap:
        fig.update_layout(map=_map_view(view))
    else:
        fig.update_geos(
            fitbounds=False,
            visible=False,
            projection_type="mercator",
            lonaxis_range=[view.west, view.east],
            lataxis_range=[view.south, view.north],
        )
    base_layout(fig, height=height)
    fig.update_layout(
        margin={"l": 0, "r": side, "t": top, "b": bottom},
        legend=_legend(legend_title, compact, width, side),
        annotations=_source(source, compact, legend_title is not None, width, side),
        meta={"names_shown": shown_names, "names_total": len(points) if points is not None else 0},
    )
    return fig


def _classes(kind, method, shown, ok, pooled, diverging, spread, index_mean, index_sd) -> classify.Classes | None:
    """Class breaks from ``pooled`` (every year's values, or this map's), the districts of this map classed
    by them."""
    if kind not in CLASSED_KINDS or method == classify.CONTINUOUS or not ok.any():
        return None
    if method == classify.AREA_TYPE_THRESHOLDS and not (kind == "index" and not diverging and index_mean and index_sd):
        return None
    symmetric = diverging and method == classify.EQUAL_INTERVALS
    everything = pd.DataFrame({"value": pooled, "status": "ok"})
    breaks = classify.classify(
        everything,
        method,
        mean=index_mean,
        sd=index_sd,
        lower=-spread if symmetric else None,
        upper=spread if symmetric else None,
    ).breaks
    if len(breaks) >= 2:
        # This map's own values always get a class, even one outside the pooled values.
        breaks = (min(breaks[0], float(shown[ok].min())), *breaks[1:-1], max(breaks[-1], float(shown[ok].max())))
    members = pd.Series(pd.array([pd.NA] * len(shown), dtype="Int64"), index=shown.index)
    members.loc[ok[ok].index] = classify.assign(shown[ok], breaks)
    return classify.Classes(method=method, breaks=breaks, members=members)


def _title(label, kind, year, *, difference, base_year, scale_years) -> str:
    """Legend or colour-bar title: measure, unit and year(s), and the years the scale is the same for."""
    if base_year is not None:
        title = texts.map_change_title(label, texts.MAP_DIFFERENCE_UNITS.get(kind, ""), base_year, year)
    elif difference:
        title = texts.map_difference_title(label, texts.MAP_DIFFERENCE_UNITS.get(kind, ""), year)
    else:
        title = texts.map_legend_title(label, texts.MAP_UNITS.get(kind, ""), year)
    if scale_years is not None and kind != "area_type":
        title += "<br>" + texts.map_same_scale(*scale_years)
    return title


def _side_space(width: int, texts_: list[str]) -> int:
    """Pixels at the right of a single map for its colour bar or legend: room for the longest line of
    the legend (after wrapping) within a share of the width, so a long title wraps instead of being cut."""
    longest = max((placement.text_width(line, _LEGEND_SIZE) for t in texts_[1:] for line in t.split("<br>")), default=0)
    wanted = max(_SIDE_MIN, longest + 50)
    return int(min(max(wanted, _SIDE_MIN), _SIDE_MAX, 0.42 * width))


def _plot_area(width, height, *, compact, side, title, legend_title, entries, source) -> tuple[float, float, int, int]:
    """The plot area (width, height in px) the map is drawn in at the narrowest width, and the top and
    bottom margins. Estimated on the small side: names placed for a smaller area never overlap in a
    larger one (``charts.labels``)."""
    top, bottom = 10, 26 if source else 10
    legend_h = 0
    if compact:
        if legend_title is not None:
            lines = _wrap(legend_title, _chars(width, 13)).count("<br>") + 1
            legend_h = 18 * lines + 24 * math.ceil(len(entries) / 2) + 12
            top = 26 if source else 10  # the source moves above a legend under the map
            bottom = 10
        else:
            # The colour bar under the map: its title, the bar and its ticks; the greys' entries above the map.
            lines = _wrap(title, _chars(0.58 * width, 14)).count("<br>") + 1
            legend_h = 18 * lines + 14 + 34
            top = 40  # room for the greys' entries above the map, kept when there are none so two maps align
    area_w = width - side
    area_h = height - top - bottom - legend_h
    return float(area_w) * 0.97, float(area_h) * 0.97, top, bottom


def _bounds(boxes: dict[str, tuple[float, float, float, float]], codes=None) -> tuple[float, float, float, float]:
    """West, east, south, north of the districts ``codes`` (all when None or none of them is drawn), from
    the districts' boxes (``feature_boxes``)."""
    wanted = [boxes[c] for c in codes if c in boxes] if codes else list(boxes.values())
    if not wanted and codes:
        return _bounds(boxes)
    if not wanted:
        return (0.0, 1.0, 0.0, 1.0)
    west, east = min(b[0] for b in wanted), max(b[1] for b in wanted)
    south, north = min(b[2] for b in wanted), max(b[3] for b in wanted)
    pad_x, pad_y = 0.03 * (east - west), 0.03 * (north - south)
    return west - pad_x, east + pad_x, south - pad_y, north + pad_y


def view_share(geojson: dict, focus, boxes: dict | None = None) -> float:
    """How much of the whole municipality's view a view fitted to ``focus`` covers (0–1, by the area of
    the two longitude/latitude boxes): small when the districts in ``focus`` lie close together.
    ``boxes``: ``feature_boxes(geojson)``, when the caller keeps it."""
    boxes = boxes if boxes is not None else feature_boxes(geojson)
    whole, part = _bounds(boxes), _bounds(boxes, focus)
    area = (whole[1] - whole[0]) * (whole[3] - whole[2])
    return (part[1] - part[0]) * (part[3] - part[2]) / area if area > 0 else 1.0


def _view(box, area_w: float, area_h: float, basemap: bool) -> placement.View:
    """The view the names are placed in. On the SVG map plotly fits ``box`` into the plot area; on the
    tile map the zoom is a whole-number-free scale fixed here, and the view is what that zoom shows."""
    view = placement.View(*box, width=area_w, height=area_h)
    if not basemap:
        return view
    zoom = _tile_zoom(view)
    scale = 512 * 2**zoom / (2 * math.pi)  # MapLibre: the world is 512 px wide at zoom 0
    lon_c = (box[0] + box[1]) / 2
    half_lon = math.degrees(area_w / 2 / scale)
    mid = (placement._mercator(box[3]) + placement._mercator(box[2])) / 2
    half_m = area_h / 2 / scale
    south = math.degrees(2 * math.atan(math.exp(mid - half_m)) - math.pi / 2)
    north = math.degrees(2 * math.atan(math.exp(mid + half_m)) - math.pi / 2)
    return placement.View(lon_c - half_lon, lon_c + half_lon, south, north, width=area_w, height=area_h)


def _tile_zoom(view: placement.View) -> float:
    return round(math.log2(view.scale * 2 * math.pi / 512), 2)


def _map_view(view: placement.View) -> dict:
    """Centre and zoom of the tile map showing ``view`` (plotly's tile map has no fitbounds for
    choropleths in every plotly.js version Streamlit ships, so the view is computed here)."""
    mid = (placement._mercator(view.north) + placement._mercator(view.south)) / 2
    return {
        "style": BASEMAP_STYLE,
        "center": {"lon": (view.west + view.east) / 2, "lat": math.degrees(2 * math.atan(math.exp(mid)) - math.pi / 2)},
        "zoom": _tile_zoom(view),
    }


def _add_marks_and_names(fig, draw, frame, points, boxes, view, greys, *, show_names, compact, priority) -> int:
    """Marks on hidden and missing districts (always), then the district names that fit; returns how many
    names are drawn. A marked district's name goes under its mark."""
    if points is None:
        return 0
    points = points.drop_duplicates("stadsdel_kod").set_index("stadsdel_kod", drop=False)
    obstacles = []
    below: dict[str, float] = {}  # code → latitude of a name moved under its district's mark
    name_size = NAME_SIZE_PAIR if compact else NAME_SIZE
    for status, _colour, entry, mark in greys:
        codes = [c for c in frame.loc[frame["status"] == status, "stadsdel_kod"] if c in points.index]
        where = points.loc[codes]
        sizes = _mark_sizes(boxes, codes, view)
        fig.add_trace(draw.text(where["lon"], where["lat"], mark, sizes, legendgroup=status, name=entry))
        for code, size in zip(codes, sizes, strict=True):
            x, y = view.pixel(points.at[code, "lon"], points.at[code, "lat"])
            obstacles.append(placement.text_box(x, y, mark, size))
            below[code] = view.latitude_at(y + 0.65 * size + 0.65 * name_size + 2)
    if not show_names:
        return 0
    if priority is None:
        priority = {code: _area(boxes, code) for code in points.index}
    candidates = [
        placement.Label(
            key=code,
            text=placement.split_name(fmt.plain(name)),
            lon=float(points.at[code, "lon"]),
            lat=below.get(code, float(points.at[code, "lat"])),
            size=name_size,
            priority=float(priority.get(code, 0.0)),
        )
        for code, name in zip(points.index, points["stadsdel_namn"].fillna(""), strict=True)
        if name
    ]
    chosen = placement.place(candidates, view, obstacles=obstacles)
    if chosen:
        fig.add_trace(draw.text([c.lon for c in chosen], [c.lat for c in chosen], [c.text for c in chosen], name_size))
    return len(chosen)


def _legend(title: str | None, compact: bool, width: int, side: int) -> dict:
    if title is not None and compact:
        # Two maps side by side: the legend under the map in two even columns, so the map keeps its width.
        return {
            "orientation": "h",
            "title": {"text": _wrap(title, _chars(width, 13)), "side": "top"},
            "yanchor": "top",
            "y": -0.01,
            "xanchor": "left",
            "x": 0,
            "entrywidth": 0.5,
            "entrywidthmode": "fraction",
            "traceorder": "normal",
            "font": {"size": 13},
        }
    if title is not None:
        # Classes and area types: one legend column at the right, title first, greys last.
        return {
            "orientation": "v",
            "title": {"text": _wrap(title, _chars(side - 20, _LEGEND_SIZE)), "side": "top"},
            "yanchor": "top",
            "y": 1,
            "xanchor": "left",
            "x": 1.01,
            "traceorder": "normal",
            "font": {"size": _LEGEND_SIZE},
        }
    if compact:
        # The colour bar lies under the map; the greys' entries go above it.
        return {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left", "traceorder": "normal"}
    # A single continuous map: the greys' entries at the right under the colour bar.
    return {
        "orientation": "v",
        "yanchor": "bottom",
        "y": 0,
        "xanchor": "left",
        "x": 1.01,
        "traceorder": "normal",
        "font": {"size": _LEGEND_SIZE},
    }


def _source(source: str, compact: bool, legend_under: bool, width: int, side: int) -> list[dict]:
    """The source line: under the map at the left; for two maps with a legend under them, above the map
    (the legend takes the space below); beside a colour bar under the map, wrapped to its share."""
    if not source:
        return []
    note = {
        "name": SOURCE_NOTE,
        "text": source,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "xanchor": "left",
        "showarrow": False,
        "align": "left",
        "font": {"size": _SOURCE_SIZE, "color": "#444444"},
    }
    if compact and legend_under:
        return [{**note, "y": 1, "yanchor": "bottom", "text": _wrap(source, _chars(width, _SOURCE_SIZE))}]
    if compact:
        return [
            {**note, "y": 0, "yanchor": "top", "yshift": -4, "text": _wrap(source, _chars(0.4 * width, _SOURCE_SIZE))}
        ]
    return [{**note, "y": 0, "yanchor": "top", "yshift": -2, "text": _wrap(source, _chars(width - side, _SOURCE_SIZE))}]


def _colour_bar(title: str, kind: str, diverging: bool, spread: float, compact: bool, width: int, side: int) -> dict:
    """The colour bar: titled with measure, unit and year; at the right of a single map in the space kept
    for it (``side``), or under a map that shares the row with another. A difference or change gets signed
    ticks ("+10", "0", "−10") at round steps, with a real minus."""
    bar = {"thickness": 18}
    if kind in ("share", "rate") and not diverging:
        bar["ticksuffix"] = f"{fmt.NBSP}%"
    if diverging:
        step = _nice_step(spread / 4)
        ticks = [step * i for i in range(-math.floor(spread / step), math.floor(spread / step) + 1)]
        decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
        bar.update(tickmode="array", tickvals=ticks, ticktext=[fmt.signed(t, decimals) for t in ticks])
    if compact:
        # Under the map at the right, beside the source line at the left.
        bar.update(
            title={"text": _wrap(title, _chars(0.58 * width, 14)), "side": "top", "font": {"size": 14}},
            orientation="h",
            x=1,
            xanchor="right",
            y=-0.02,
            yanchor="top",
            len=0.58,
            thickness=14,
        )
    else:
        bar.update(
            title={"text": _wrap(title, _chars(side - 14, _TITLE_SIZE)), "side": "top"},
            x=1,
            xanchor="left",
            xpad=8,
            y=1,
            yanchor="top",
            len=0.7,
        )
    return bar


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least ``raw``."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def feature_boxes(geojson: dict) -> dict[str, tuple[float, float, float, float]]:
    """West, east, south, north per district code: the feature's ``bbox`` (which
    ``analysis.geography.web_geojson`` writes) or, without one, from its coordinates."""
    boxes = {}
    for feature in geojson.get("features", []):
        code = feature["properties"]["stadsdel_kod"]
        if "bbox" in feature:
            west, south, east, north = feature["bbox"][:4]
            boxes[code] = (west, east, south, north)
            continue
        lons, lats = [], []
        _coordinates(feature["geometry"]["coordinates"], lons, lats)
        if lons:
            boxes[code] = (min(lons), max(lons), min(lats), max(lats))
    return boxes


def _area(boxes: dict, code: str) -> float:
    """A district's size in square degrees of its bounding box: the names' order when no population is
    given (larger districts first)."""
    box = boxes.get(code)
    return 0.0 if box is None else (box[1] - box[0]) * (box[3] - box[2])


def _mark_sizes(boxes: dict, codes, view: placement.View, *, low: int = 10, high: int = 24) -> list[int]:
    """Text size of the hidden/missing mark per district: about half the district's drawn size, between
    ``low`` and ``high`` px, so the marks of many small neighbouring districts do not cover the districts
    around them."""
    sizes = []
    for code in codes:
        box = boxes.get(code)
        if box is None:
            sizes.append(high)
            continue
        x0, y0 = view.pixel(box[0], box[3])
        x1, y1 = view.pixel(box[1], box[2])
        drawn = math.sqrt(max(x1 - x0, 0) * max(y1 - y0, 0))
        sizes.append(int(min(max(0.45 * drawn, low), high)))
    return sizes


def _coordinates(coords, lons: list, lats: list) -> None:
    if isinstance(coords[0], (int, float)):
        lons.append(coords[0])
        lats.append(coords[1])
    else:
        for c in coords:
            _coordinates(c, lons, lats)


def figure_json(fig: go.Figure) -> str:
    """``plotly.io.to_json(fig)`` of a map figure, written by orjson straight from plotly's own property dicts:
    without ``to_dict``'s deep copy (35 ms for a national map) and without plotly's own walk over every value
    to clean it for JSON (20–30 ms), which a map does not need: its values are validated lists, strings and
    numbers, plus the object arrays of locations and hover parts (``_Layers.area``), made lists here because
    orjson takes no object arrays. tests/ui/test_geo_map.py checks that both give the same JSON."""
    figure = {"data": [_plain(trace) for trace in fig._data], "layout": _plain(fig._layout)}
    return orjson.dumps(figure, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def _plain(value):
    """``value`` with every numpy object array in it made a list (dicts and lists of dicts walked, other
    lists left as they are: a list of numbers or strings has nothing to convert)."""
    if isinstance(value, np.ndarray) and value.dtype == object:
        return [_plain(item) for item in value.tolist()] if value.ndim else value.item()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple) and value and isinstance(value[0], dict | np.ndarray):
        return [_plain(item) for item in value]
    return value
