"""Where district names fit on a map: every name's pixel box estimated from the projection, its font size
and its text, placed greedily by priority, and left out where it would overlap a name or mark already
placed. The names left out are on the hover and in the page's district list.

Why placement rather than numbers with a key: a number still needs its own box, so in Helsingborg's
dense centre (31 districts, many under 2 km²) numbers would collide as well, and a key sends the reader's
eye back and forth, which a board watching a projector cannot do. A name that fits is read at once.

Pure geometry, no plotly: the map builder (``charts.maps``) passes label anchors in longitude/latitude,
the view (a longitude/latitude box that plotly fits into the plot area, as ``lonaxis_range`` /
``lataxis_range`` do) and the plot area's size.

Why the result holds in the browser: plotly fits the view into the plot area with one scale (pixels per
radian of Web Mercator), the larger of the two the area allows. Every box keeps its size in pixels and its
offset from its geographic anchor, so in a plot area at least as large as the one assumed, anchors only
move further apart and boxes that were disjoint stay disjoint. The map builder therefore assumes the
smallest plot area the page gives the map.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

#: Advance widths of Arial / Liberation Sans (metric-compatible) in em, from the fonts' metrics; a letter
#: with a diacritic counts as its base letter (å as a), every other character as ``_DEFAULT_WIDTH`` (a
#: little wider than most lower-case letters).
_WIDTHS = {
    **dict.fromkeys("ijl'|", 0.23),
    **dict.fromkeys("ftI.,:; !-()[]/", 0.33),
    "r": 0.34,
    **dict.fromkeys("sczkvxyJ", 0.5),
    **dict.fromkeys("abdeghnopqu0123456789L_", 0.56),
    **dict.fromkeys("FTZ", 0.61),
    **dict.fromkeys("ABEKPSVXY", 0.67),
    **dict.fromkeys("CDHNRUw", 0.72),
    **dict.fromkeys("GOQ", 0.78),
    **dict.fromkeys("mM", 0.83),
    "W": 0.94,
}
_DEFAULT_WIDTH = 0.6
#: Line height of plotly's multi-line text, in em (plotly.js LINE_SPACING).
LINE_HEIGHT = 1.3


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, y growing downwards as on screen."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """True when the two boxes, each grown by ``gap`` / 2 on every side, share any area."""
        return not (
            self.right + gap <= other.left
            or other.right + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )

    def inside(self, other: Box) -> bool:
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


@dataclass(frozen=True)
class View:
    """A longitude/latitude box (degrees) fitted into a plot area of ``width`` × ``height`` pixels."""

    west: float
    east: float
    south: float
    north: float
    width: float
    height: float

    @property
    def scale(self) -> float:
        """Pixels per radian of Web Mercator: the larger scale at which the whole box still fits."""
        dx = max(math.radians(self.east - self.west), 1e-12)
        dy = max(_mercator(self.north) - _mercator(self.south), 1e-12)
        return min(self.width / dx, self.height / dy)

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a point is drawn, from the plot area's top left corner; the box's centre is the area's."""
        s = self.scale
        x = self.width / 2 + s * (math.radians(lon) - math.radians((self.west + self.east) / 2))
        y_mid = (_mercator(self.north) + _mercator(self.south)) / 2
        y = self.height / 2 - s * (_mercator(lat) - y_mid)
        return x, y

    def frame(self) -> Box:
        """The view's own box in pixels (inside the plot area; the rest of the area shows more map)."""
        left, top = self.pixel(self.west, self.north)
        right, bottom = self.pixel(self.east, self.south)
        return Box(left, top, right, bottom)

    def latitude_at(self, y: float) -> float:
        """The latitude drawn at pixel row ``y`` (the inverse of ``pixel``)."""
        y_mid = (_mercator(self.north) + _mercator(self.south)) / 2
        m = y_mid - (y - self.height / 2) / self.scale
        return math.degrees(2 * math.atan(math.exp(m)) - math.pi / 2)


@dataclass(frozen=True)
class Label:
    """One text to place: ``key`` names it in the result; ``lon, lat`` is its anchor; the text is
    centred on the anchor (plotly's ``textposition="middle center"``). Higher ``priority`` goes first."""

    key: str
    text: str
    lon: float
    lat: float
    size: float
    priority: float = 0.0


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of one line of ``text`` in Arial at ``size`` px (rounded up a little,
    since a box that is too small is the error that shows)."""
    base = unicodedata.normalize("NFD", text)
    letters = [ch for ch in base if not unicodedata.combining(ch)]
    return 1.06 * size * sum(_WIDTHS.get(ch, _DEFAULT_WIDTH) for ch in letters) + 2


def text_box(x: float, y: float, text: str, size: float) -> Box:
    """The pixel box of ``text`` (lines split at ``<br>``) centred on (x, y)."""
    lines = text.split("<br>")
    width = max(text_width(line, size) for line in lines)
    height = size * (1 + LINE_HEIGHT * (len(lines) - 1)) + 0.3 * size
    return Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def label_box(label: Label, view: View) -> Box:
    x, y = view.pixel(label.lon, label.lat)
    return text_box(x, y, label.text, label.size)


@dataclass(frozen=True)
class Placed:
    """A label that fits: where to draw it (``lon, lat``: its anchor, or a point above or below it) and
    its pixel box in the view it was placed in."""

    key: str
    text: str
    lon: float
    lat: float
    box: Box


#: Where a label may go, in steps of its own height (plus the gap): on its anchor, just above, just below.
POSITIONS = (0.0, -1.0, 1.0)


def place(
    labels: Sequence[Label],
    view: View,
    *,
    obstacles: Sequence[Box] = (),
    gap: float = 3.0,
    positions: Sequence[float] = POSITIONS,
) -> list[Placed]:
    """The labels that fit, highest priority first (ties in the given order).

    Each label tries its ``positions`` in turn (centred on its anchor, then shifted up or down by its own
    height, so still over or next to its district) and takes the first whose box lies inside the
    view's frame and keeps at least ``gap`` pixels from every box placed before it and from every
    obstacle (marks that are always drawn). A label that fits nowhere is left out. Greedy: a label never
    displaces one of higher priority, so the most important names are the ones that stay.
    """
    frame = view.frame()
    order = sorted(range(len(labels)), key=lambda i: -labels[i].priority)
    placed: list[Placed] = []
    taken = list(obstacles)
    for i in order:
        label = labels[i]
        x, y = view.pixel(label.lon, label.lat)
        for share in positions:
            centred = text_box(x, y, label.text, label.size)
            dy = share * (centred.bottom - centred.top + gap)
            box = text_box(x, y + dy, label.text, label.size)
            if not box.inside(frame) or any(box.overlaps(other, gap) for other in taken):
                continue
            placed.append(Placed(label.key, label.text, label.lon, view.latitude_at(y + dy), box))
            taken.append(box)
            break
    return placed


def split_name(name: str, max_chars: int = 16) -> str:
    """A long district name on two lines, broken at the hyphen or space nearest its middle
    ("Söder-Oceanhamnen-Oljehamnen" → "Söder-Oceanhamnen-<br>Oljehamnen"); short names stay whole."""
    if len(name) <= max_chars:
        return name
    breaks = [i for i, ch in enumerate(name) if ch in "- "]
    if not breaks:
        return name
    middle = len(name) / 2
    at = min(breaks, key=lambda i: abs(i + 0.5 - middle))
    head = name[: at + 1] if name[at] == "-" else name[:at]
    return f"{head}<br>{name[at + 1 :]}"


def _mercator(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
