"""The screens' charts as PNG for the board report and the slides (through ``reports.images``: kaleido and
Debian's Chromium, offline).

A chart is drawn at its own height (the builders size it for its content: one bar per district) and at a
width chosen for the medium, so its 16 px type lands at a readable size: about 8.5 pt on an A4 page, about
14 pt on a 16:9 slide. The map keeps the width it was laid out for (its legend and names are placed for it).
The map's own source line is left out of the picture: the report's caption and the slide's footer carry the
source in full, and the long demo source would not fit under the map.
"""

from __future__ import annotations

import struct

import plotly.graph_objects as go

from charts import maps
from reports.images import figure_image
from reports.screens import Screen

#: The width (CSS pixels) ``reports.screens.map_screen`` lays the map out for by default.
MAP_WIDTH = 1100
#: A chart whose builder left the height to the page.
DEFAULT_HEIGHT = 460


def is_map(figure: go.Figure) -> bool:
    return any(trace.type in ("choropleth", "scattergeo") for trace in figure.data)


def for_print(screen: Screen) -> go.Figure:
    """A copy of the screen's figure without the map's own source line (``charts.maps.SOURCE_NOTE``): the
    report's caption and the slide's footer carry the source."""
    figure = go.Figure(screen.figure)
    if screen.source and figure.layout.annotations:
        figure.layout.annotations = [a for a in figure.layout.annotations if a.name != maps.SOURCE_NOTE]
    return figure


def chart_size(screen: Screen, width: int, map_width: int = MAP_WIDTH) -> tuple[int, int]:
    """The CSS-pixel size a screen's chart is drawn at for a medium whose charts are ``width`` wide; a map
    at ``map_width``, the width it was laid out for."""
    figure = screen.figure
    height = int(figure.layout.height or DEFAULT_HEIGHT)
    return (map_width if is_map(figure) else width), height


def chart_png(screen: Screen, *, width: int, scale: float, map_width: int = MAP_WIDTH) -> bytes:
    """The screen's chart as PNG (``chart_size`` × ``scale`` pixels)."""
    css_width, css_height = chart_size(screen, width, map_width)
    return figure_image(for_print(screen), "png", width=css_width, height=css_height, scale=scale)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])
