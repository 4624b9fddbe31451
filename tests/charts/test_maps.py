"""The choropleth builder: one shape per district, greys for hidden and missing, nothing hidden leaks."""

import pandas as pd
import pytest

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
    assert missing.colorscale[0][1] == MISSING_COLOUR and missing.name == f"{maps.MISSING_MARK} Uppgift saknas"
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


# --- The strategist's map: classes, differences, marks, units, basemap --------------------------------------

CODES = ["A", "B", "C", "D", "E", "F", "G", "H"]
BIG_GEOJSON = {
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
        for i, code in enumerate(CODES)
    ],
}
POINTS = pd.DataFrame(
    {
        "stadsdel_kod": CODES,
        "lon": [12.25 + i for i in range(len(CODES))],
        "lat": [56.25] * len(CODES),
        "stadsdel_namn": [f"Område {c}" for c in CODES],
    }
)


def many(values=(0.10, 0.20, 0.30, 0.40, 0.50, 0.60), kind_n=100):
    """Six shown districts, one hidden (G) and one without data (H)."""
    return pd.DataFrame(
        {
            "stadsdel_kod": CODES,
            "stadsdel_namn": [f"Område {c}" for c in CODES],
            "value": [*values, None, None],
            "n": pd.array([kind_n] * 6 + [None, None], dtype="Int64"),
            "ci_low": [v - 0.05 for v in values] + [None, None],
            "ci_high": [v + 0.05 for v in values] + [None, None],
            "status": ["ok"] * 6 + ["suppressed", "missing"],
        }
    )


def build_many(data=None, **kwargs):
    args = {"kind": "share", "label": "Utrikes födda", "year": 2024, "min_n": 5, "points": POINTS} | kwargs
    return maps.choropleth(BIG_GEOJSON, many() if data is None else data, **args)


def areas(fig):
    return [t for t in fig.data if t.type in ("choropleth", "choroplethmap")]


def test_colour_bar_names_measure_unit_and_year():
    title = build_many().data[0].colorbar.title.text
    assert "Utrikes födda" in title and "(%)" in title and "2024" in title
    income = build_many(many((200, 250, 300, 350, 400, 450)), kind="income", label="Medianinkomst").data[0]
    assert "tkr" in income.colorbar.title.text
    index = build_many(many((5, 10, 15, 20, 25, 30)), kind="index", label="Socioekonomiskt index (SCB:s metod)")
    # One pair of brackets, and a long title broken into lines (plotly never wraps).
    assert "(SCB:s metod; indexpoäng)" in index.data[0].colorbar.title.text.replace("<br>", " ")


def test_area_type_legend_names_measure_and_year():
    data = many((1, 2, 3, 4, 5, 4))
    fig = build_many(data, kind="area_type", label="Områdestyp (SCB)", year=2022)
    assert "Områdestyp (SCB)" in fig.layout.legend.title.text and "2022" in fig.layout.legend.title.text


def test_quantile_classes_one_trace_per_class_in_order_with_members():
    fig = build_many(classes="quantiles")
    classed = [t for t in areas(fig) if t.legendgroup is None]
    # Six values, five classes: breaks at x[ceil(i·6/5)] = x[2], x[3], x[4], x[5] → classes {A,B}, {C}, {D}, {E}, {F}.
    assert [list(t.locations) for t in classed] == [["A", "B"], ["C"], ["D"], ["E"], ["F"]]
    assert [t.name for t in classed] == ["10–30\u00a0%", "30–40\u00a0%", "40–50\u00a0%", "50–60\u00a0%", "60\u00a0%"]
    assert [t.legendrank for t in classed] == sorted(t.legendrank for t in classed)
    assert "Utrikes födda (%)" in fig.layout.legend.title.text and "2024" in fig.layout.legend.title.text
    assert "Klass: 10–30\u00a0%" in classed[0].hovertext[0]


def test_class_colours_come_from_viridis_and_darker_means_more_challenges():
    def colours(direction):
        fig = build_many(classes="equal_intervals", direction=direction)
        return [t.colorscale[0][1] for t in areas(fig) if t.legendgroup is None]

    worse_when_high, better_when_high = colours(1), colours(-1)
    assert worse_when_high[0] == "rgb(253, 231, 37)"  # the lowest class: the light end of Viridis
    assert worse_when_high[-1] == "rgb(68, 1, 84)"  # the highest class: the dark end (#440154)
    assert better_when_high == list(reversed(worse_when_high))


def go_colorscale(name):
    import plotly.graph_objects as go

    return go.Choropleth(colorscale=name).colorscale


def test_hidden_and_missing_districts_get_no_class():
    fig = build_many(classes="quantiles")
    classed = [loc for t in areas(fig) if t.legendgroup is None for loc in t.locations]
    assert "G" not in classed and "H" not in classed
    assert sorted(classed) == ["A", "B", "C", "D", "E", "F"]


def test_equal_intervals_leave_out_empty_classes():
    fig = build_many(many((0.0, 0.01, 0.02, 0.03, 0.04, 1.0)), classes="equal_intervals")
    names = [t.name for t in areas(fig) if t.legendgroup is None]
    assert names == ["0–20\u00a0%", "80–100\u00a0%"]


def test_area_type_thresholds_label_the_types():
    data = many((4.0, 11.9, 12.0, 19.0, 25.9, 26.0))
    fig = build_many(data, kind="index", label="Index", classes="area_type_thresholds", index_mean=12, index_sd=7)
    classed = [t for t in areas(fig) if t.legendgroup is None]
    assert [t.name for t in classed] == [
        "Typ 5: under 5,0",
        "Typ 4: 5,0–12,0",
        "Typ 3: 12,0–19,0",
        "Typ 2: 19,0–26,0",
        "Typ 1: 26,0 och mer",
    ]
    # Each band includes its lower edge, as SCB's types do: 12,0 is type 3 and 26,0 type 1.
    assert [list(t.locations) for t in classed] == [["A"], ["B"], ["C"], ["D", "E"], ["F"]]


def test_difference_map_is_diverging_centred_on_zero_and_symmetric():
    fig = build_many(reference=0.30)
    values = fig.data[0]
    assert values.colorscale == go_colorscale("RdBu")
    assert values.zmid == 0 and values.zmin == -values.zmax
    assert values.zmax == pytest.approx(30.0)  # F: 60 % − 30 % = +30 percentage points
    assert list(values.z) == pytest.approx([-20, -10, 0, 10, 20, 30])
    # Higher foreign-born share = more challenges (direction +1): red, RdBu's low end, must mean above.
    assert values.reversescale is True
    assert build_many(reference=0.30, direction=-1).data[0].reversescale is False
    assert "procentenheter" in values.colorbar.title.text and "2024" in values.colorbar.title.text
    assert "−20" in values.colorbar.ticktext and "0" in values.colorbar.ticktext and "+20" in values.colorbar.ticktext


def test_difference_hover_gives_district_municipality_and_difference():
    text = build_many(reference=0.30).data[0].hovertext[0]
    assert "Stadsdelen: 10\u00a0%" in text
    assert "Kommunen: 30\u00a0%" in text
    assert "Skillnad: −20,0\u00a0procentenheter" in text
    assert "95 % intervall" in text and "n = 100" in text  # a rate keeps its interval and n


def test_hidden_districts_get_no_difference():
    fig = build_many(reference=0.30)
    assert "G" not in fig.data[0].locations and "H" not in fig.data[0].locations
    hidden = next(t for t in fig.data if t.legendgroup == "suppressed" and t.type == "choropleth")
    assert not any(ch.isdigit() for ch in hidden.hovertext[0].replace("2024", "").replace("5", ""))


def test_difference_is_not_drawn_for_quotients_and_area_types():
    quotient = build_many(many((0.5, 0.8, 1.0, 1.2, 1.5, 2.0)), kind="quotient", label="Lokal kvot", reference=1.0)
    assert quotient.data[0].zmid == 1.0 and "skillnad" not in quotient.data[0].colorbar.title.text


def test_classes_of_a_difference_use_the_diverging_colours():
    fig = build_many(reference=0.35, classes="equal_intervals")
    classed = [t for t in areas(fig) if t.legendgroup is None]
    # Symmetric range −25 … +25 pp: the middle class −5 … +5 is centred on 0 and nearly white.
    assert any(t.name == "−5,0 till 5,0" for t in classed)
    middle = next(t for t in classed if t.name == "−5,0 till 5,0")
    assert middle.colorscale[0][1] == "rgb(247, 247, 247)"
    # The top class (+15 … +25, midpoint +20 of 25) is red: more challenges than the municipality.
    assert classed[-1].colorscale[0][1] == "rgb(178, 24, 43)"


def test_hidden_and_missing_carry_marks_that_the_legend_shows():
    fig = build_many()
    marks = {t.legendgroup: t for t in fig.data if t.type == "scattergeo" and t.legendgroup}
    assert set(marks) == {"suppressed", "missing"}
    assert list(marks["suppressed"].text) == [maps.SUPPRESSED_MARK] and list(marks["suppressed"].lon) == [18.25]
    assert list(marks["missing"].text) == [maps.MISSING_MARK] and list(marks["missing"].lon) == [19.25]
    greys = {t.legendgroup: t for t in areas(fig) if t.legendgroup}
    assert greys["suppressed"].showlegend and greys["suppressed"].name.startswith(maps.SUPPRESSED_MARK)
    assert greys["missing"].showlegend and greys["missing"].name.startswith(maps.MISSING_MARK)
    assert greys["suppressed"].colorscale[0][1] == SUPPRESSED_COLOUR
    assert greys["missing"].colorscale[0][1] == MISSING_COLOUR


def test_no_colour_of_a_value_scale_is_a_grey_of_hidden_or_missing():
    greys = {MISSING_COLOUR.lower(), SUPPRESSED_COLOUR.lower(), "rgb(233, 233, 233)", "rgb(154, 154, 154)"}
    scales = [c.lower() for name in ("Viridis", "RdBu") for _, c in go_colorscale(name)]
    classed = [
        t.colorscale[0][1].lower()
        for method in ("quantiles", "equal_intervals")
        for reference in (None, 0.35)
        for t in areas(build_many(classes=method, reference=reference))
        if t.legendgroup is None
    ]
    assert not greys & set(scales + classed)


def test_names_on_demand_with_classes_and_two_map_layout():
    fig = build_many(classes="quantiles", show_names=True, compact=True)
    names = [t for t in fig.data if t.type == "scattergeo" and not t.legendgroup]
    assert list(names[0].text) == list(POINTS["stadsdel_namn"])
    # Under the map in two columns when two maps share the row, so each map keeps its width.
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.entrywidth == 0.5
    bar = build_many(compact=True).data[0].colorbar
    assert bar.orientation == "h"


def test_basemap_uses_tiles_and_keeps_everything_else():
    fig = build_many(basemap=True, classes="quantiles", show_names=True)
    assert {t.type for t in fig.data} == {"choroplethmap", "scattermap"}
    assert fig.layout.map.style == "open-street-map"
    assert 55.9 < fig.layout.map.center.lat < 56.6 and 12 < fig.layout.map.center.lon < 20
    assert sorted(loc for t in areas(fig) for loc in t.locations) == CODES


def test_default_map_has_no_tiles():
    fig = build_many(classes="quantiles", reference=0.3, show_names=True)
    assert {t.type for t in fig.data} <= {"choropleth", "scattergeo"}
    assert fig.layout.map.style is None


def test_english_labels_swedish_numbers():
    import texts

    with texts.language("en"):
        fig = build_many(reference=0.30)
        hidden = next(t for t in areas(fig) if t.legendgroup == "suppressed")
        assert "Hidden" in hidden.name
        assert "Difference: −20,0\u00a0percentage points" in fig.data[0].hovertext[0]
