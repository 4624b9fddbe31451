"""The offline district map's own element (ui.widgets.geo_map, ui/geo_map.js): plotly.js's geo bundle served
from static/, of the version the Python plotly package builds figures for, and Karta's figure in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.io as pio
import plotly.offline
import pytest

import texts
from charts import maps
from tests import figures
from tests.charts.test_maps import build_many
from tests.pages.conftest import _clear_caches, _open_page  # noqa: F401  (_clear_caches: autouse, empty store)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (ROOT / "ui" / "geo_map.js").read_text(encoding="utf-8")


def test_the_bundle_is_the_plotly_js_the_figures_are_built_for():
    version = plotly.offline.get_plotlyjs_version()
    (named,) = re.findall(r'const BUNDLE = "app/static/(plotly/plotly-geo-[0-9.]+\.min\.js)"', SCRIPT)
    bundle = ROOT / "static" / named
    assert named == f"plotly/plotly-geo-{version}.min.js"
    head = bundle.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (geo - minified) v{version}" in head
    assert (ROOT / "static" / "plotly" / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_karta_draws_its_map_in_the_geo_element_with_alt_text_and_the_offline_base_layer():
    at = _open_page("karta", {"ar": "2024"})
    assert not at.exception
    maps = [f for f in figures.figures(at) if any(t["type"] == "choropleth" for t in f.spec["data"])]
    assert [m.kind for m in maps] == ["geo_map"]
    (node,) = [n for n in at if n.type == "bidi_component" and b'"figure"' in n.proto.bytes]
    payload = json.loads(node.proto.bytes)
    assert payload["config"]["topojsonURL"] == "app/static/"
    assert payload["failed"] == texts.MAP_NOT_DRAWN
    assert payload["alt"] == texts.map_alt("Helsingborg", "Utrikes födda", 2024)
    # Only trace types the geo bundle has.
    assert {t["type"] for t in payload["figure"]["data"]} <= {"choropleth", "scattergeo"}
    # The element is kept by its key, so a new measure updates the drawn map instead of mounting a new one.
    assert node.proto.id.endswith("karta_figur_geo")
    # The page's empty preload element names the same GeoJSON, for the browser to fetch ahead of the figure.
    (preload,) = [json.loads(n.proto.bytes) for n in at if n.type == "bidi_component" and b'"preload"' in n.proto.bytes]
    urls = {t["geojson"] for t in payload["figure"]["data"] if isinstance(t.get("geojson"), str)}
    assert preload == {"preload": True, "geojson": next(iter(urls))} and len(urls) == 1


def test_the_background_map_goes_through_streamlits_plotly_chart():
    """The tile map is MapLibre, which the geo bundle lacks."""
    at = _open_page("karta", {"ar": "2024"})
    at.checkbox(key="karta_bakgrund").check().run()
    assert not at.exception
    (drawn,) = [f for f in figures.figures(at) if any(t["type"].startswith("choropleth") for t in f.spec["data"])]
    assert drawn.kind == "plotly_chart"
    assert {t["type"] for t in drawn.spec["data"]} >= {"choroplethmap"}


@pytest.mark.parametrize(
    "kwargs", [{}, {"classes": "quantiles"}, {"reference": 0.3}, {"kind": "income", "label": "Medianinkomst"}]
)
def test_a_maps_json_is_plotlys_own(kwargs):
    fig = build_many(**kwargs)
    assert json.loads(maps.figure_json(fig)) == json.loads(pio.to_json(fig, validate=False))


def test_a_view_already_drawn_is_sent_without_building_the_map_again(monkeypatch):
    """ui.cache.map_figure: the second session opening the same view gets the first one's map; another
    measure, year, or class method is a map of its own."""
    built = []
    real = maps.choropleth

    def counted(*args, **kwargs):
        built.append(kwargs["label"])
        return real(*args, **kwargs)

    monkeypatch.setattr(maps, "choropleth", counted)
    first = _open_page("karta", {"ar": "2024"})
    assert built == ["Utrikes födda"]
    second = _open_page("karta", {"ar": "2024"})
    assert built == ["Utrikes födda"]
    assert figures.specs(second) == figures.specs(first)

    second.selectbox(key="karta_klasser").set_value("quantiles").run()
    assert built == ["Utrikes födda"] * 2
    classed = [f for f in figures.specs(second) if f["data"][0]["type"] == "choropleth"]
    assert classed != [f for f in figures.specs(first) if f["data"][0]["type"] == "choropleth"]
    second.selectbox(key="ar").set_value(2023).run()
    assert len(built) == 3 and not second.exception
