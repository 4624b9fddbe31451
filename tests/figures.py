"""Every figure a page drew, as AppTest sees it, in page order: the plotly charts (``st.plotly_chart``) and the
offline district maps (``ui.widgets.geo_map``, a custom element whose data is the figure, its config and its
alt text as JSON bytes). Tests read figures through here, so they look at maps and charts alike."""

from __future__ import annotations

import json
from dataclasses import dataclass

GEO_MAP = "stadsdel_geo_map"


@dataclass(frozen=True)
class Figure:
    spec: dict
    alt: str
    kind: str  # "plotly_chart" or "geo_map"


def figure_of(node) -> Figure | None:
    """The figure an AppTest node draws, or None when it draws none (the map's preload element draws none)."""
    if node.type == "plotly_chart":
        return Figure(json.loads(node.proto.spec), node.proto.alt, "plotly_chart")
    if node.type == "bidi_component" and node.proto.component_name == GEO_MAP:
        payload = json.loads(node.proto.bytes)
        if "figure" in payload:
            return Figure(payload["figure"], payload["alt"], "geo_map")
    return None


def figures(at) -> list[Figure]:
    return [f for f in map(figure_of, at) if f is not None]


def specs(at) -> list[dict]:
    return [f.spec for f in figures(at)]


def alts(at) -> list[str]:
    return [f.alt for f in figures(at)]
