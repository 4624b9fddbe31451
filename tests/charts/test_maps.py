"""The choropleth builder: one shape per district, greys for hidden and missing, nothing hidden leaks."""

import pandas as pd

from charts import maps
from charts.theme import MISSING_COLOUR, SUPPRESSED_COLOUR

GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": code,
            "properties": {"stadsdel_kod": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[12 + i, 56], [12.5 + i, 56], [12.5 + i, 56.5], [12 + i, 56.5], [12 + i, 56]]],
            },
        }
        for i, code in enumerate(["A", "B", "C", "D"])
    ],
}


def frame():
    return pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C", "D"],
            "stadsdel_namn": ["Norr", "Söder", "Öster", "Väster"],
            "value": [0.25, 0.5, None, None],
            "n": pd.array([40, 120, None, None], dtype="Int64"),
            "ci_low": [0.14, 0.41, None, None],
            "ci_high": [0.4, 0.59, None, None],
            "status": ["ok", "ok", "suppressed", "missing"],
        }
    )


def build(**kwargs):
    args = {"kind": "rate", "label": "Utfall", "year": 2024, "min_n": 5} | kwargs
    return maps.choropleth(GEOJSON, frame(), **args)


def locations(fig):
    return [loc for trace in fig.data for loc in (trace.locations or [])]


def test_every_district_is_drawn_exactly_once():
    assert sorted(locations(build())) == ["A", "B", "C", "D"]


def test_values_in_percent_and_greys_with_legend_entries():
    fig = build()
    values, suppressed, missing = fig.data
    assert list(values.z) == [25.0, 50.0]
    assert values.colorbar.ticksuffix == "\u00a0%"
    assert suppressed.colorscale[0][1] == SUPPRESSED_COLOUR and suppressed.showlegend
    assert "färre än 5" in suppressed.name
    assert missing.colorscale[0][1] == MISSING_COLOUR and missing.name == "Uppgift saknas"
    assert list(suppressed.locations) == ["C"] and list(missing.locations) == ["D"]


def test_hover_gives_value_interval_and_n_in_swedish():
    text = build().data[0].hovertext[0]
    assert "Norr" in text and "25\u00a0%" in text and "14–40\u00a0%" in text and "n = 40" in text


def test_hidden_districts_hover_says_why_and_shows_no_number():
    hover = build().data[1].hovertext[0]
    assert "färre än 5" in hover
    assert not any(ch.isdigit() for ch in hover.replace("2024", "").replace("5", ""))


def test_direction_turns_scale_so_darker_means_more_challenges():
    assert build(direction=1).data[0].reversescale is True
    assert build(direction=-1).data[0].reversescale is False


def test_area_types_get_one_trace_per_type():
    data = frame().assign(value=[1, 4, None, None])
    fig = maps.choropleth(GEOJSON, data, kind="area_type", label="Områdestyp", year=2022, min_n=5)
    names = [t.name for t in fig.data]
    assert names[:2] == ["Typ 1", "Typ 4"]


def test_map_needs_no_internet():
    fig = build()
    assert fig.layout.geo.fitbounds == "locations"
    assert fig.layout.geo.visible is False
    assert maps.MAP_CONFIG["topojsonURL"] == "app/static/"
    assert all(trace.type in ("choropleth", "scattergeo") for trace in fig.data)  # no tile-based traces


def test_quotients_get_a_diverging_scale_centred_on_the_municipality():
    data = frame().assign(value=[1.6, 0.5, None, None])
    fig = maps.choropleth(GEOJSON, data, kind="quotient", label="Lokal kvot", year=2025, min_n=5)
    values = fig.data[0]
    assert (
        values.colorscale[0][1]
        != maps.choropleth(GEOJSON, frame(), kind="rate", label="x", year=2025, min_n=5).data[0].colorscale[0][1]
    )
    assert values.zmid == 1.0
    assert "1,60" in values.hovertext[0]
