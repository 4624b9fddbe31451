"""The hover text a user reads on a map trace, whether the trace carries it whole (``hovertext``) or as a
template over per-district parts (``hovertemplate`` and ``customdata``, ``charts.maps.hover_fields``), the
district's name perhaps taken from its GeoJSON feature (``properties.namn``), as plotly.js fills it in."""

from __future__ import annotations

import json
import re
from pathlib import Path

_FIELD = re.compile(r"%\{customdata\[(\d+)\]\}")
_PROPERTY = re.compile(r"%\{properties\.(\w+)\}")
#: The app's static folder: a GeoJSON named by URL (``app/static/…``) is read from there, as the browser fetches it.
STATIC = Path(__file__).resolve().parent.parent / "static"


def _get(trace, name):
    return trace.get(name) if isinstance(trace, dict) else getattr(trace, name)


def _feature_properties(trace, code: str) -> dict:
    geometry = _get(trace, "geojson")
    if isinstance(geometry, str):
        geometry = json.loads((STATIC / geometry.removeprefix("app/static/")).read_text(encoding="utf-8"))
    key = (_get(trace, "featureidkey") or "id").removeprefix("properties.")
    for feature in geometry["features"]:
        if feature["properties"].get(key) == code or feature.get("id") == code:
            return feature["properties"]
    raise AssertionError(f"no feature for {code}")


def hover_of(trace, i: int) -> str:
    """The ``i``-th district's hover text on ``trace`` (a plotly trace or its dict)."""
    template = _get(trace, "hovertemplate")
    if not template:
        return _get(trace, "hovertext")[i]
    parts = _get(trace, "customdata")[i] if _FIELD.search(template) else []
    text = _FIELD.sub(lambda m: str(parts[int(m.group(1))]), template.removesuffix("<extra></extra>"))
    if _PROPERTY.search(text):
        properties = _feature_properties(trace, _get(trace, "locations")[i])
        text = _PROPERTY.sub(lambda m: str(properties[m.group(1)]), text)
    return text


def hovers_of(trace) -> list[str]:
    count = len(_get(trace, "locations"))
    return [hover_of(trace, i) for i in range(count)]
