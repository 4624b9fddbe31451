"""The choropleth builder: one shape per district, greys for hidden and missing, nothing hidden leaks."""

import pandas as pd
import pytest

from charts import format as fmt
from charts import maps
from charts.theme import MISSING_COLOUR, SUPPRESSED_COLOUR
from tests.map_classes import drawn_classes
from tests.map_hover import hover_of

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
    return [loc for trace in fig.data for loc in (trace.locations if trace.locations is not None else [])]


def test_every_district_is_drawn_exactly_once():
    assert sorted(locations(build())) == ["A", "B", "C", "D"]


def test_values_in_percent_and_greys_with_legend_entries():
    fig = build()
    values, suppressed, missing = fig.data
    assert list(values.z) == [25.0, 50.0]
    assert values.colorbar.ticksuffix == "\u00a0%"
    assert suppressed.colorscale[0][1] == SUPPRESSED_COLOUR and suppressed.showlegend
    assert suppressed.name.endswith("Dolt (små tal)")
    assert missing.colorscale[0][1] == MISSING_COLOUR and missing.name == f"{maps.MISSING_MARK} Uppgift saknas"
    assert list(suppressed.locations) == ["C"] and list(missing.locations) == ["D"]


def test_hover_gives_value_interval_and_n_in_swedish():
    text = hover_of(build().data[0], 0)
    assert "Norr" in text and "25\u00a0%" in text and "14–40\u00a0%" in text and "n = 40" in text


def test_hidden_districts_hover_says_why_and_shows_no_number():
    hover = hover_of(build().data[1], 0)
    assert "Dolt (små tal)" in hover
    assert not any(ch.isdigit() for ch in hover.replace("2024", ""))


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
    # The view is fitted here (so names can be placed for it): every district inside the ranges.
    assert fig.layout.geo.fitbounds is False
    west, east = fig.layout.geo.lonaxis.range
    south, north = fig.layout.geo.lataxis.range
    assert west < 12 and east > 15.5 and south < 56 and north > 56.5
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
    assert "1,60" in hover_of(values, 0)


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


def test_quantile_classes_one_legend_entry_per_class_in_order_with_members():
    fig = build_many(classes="quantiles")
    # One area trace draws every classed district (a trace per class would carry the geometry per class).
    assert len([t for t in areas(fig) if t.legendgroup is None]) == 1
    classed = drawn_classes(fig)
    # Six values, five classes: breaks at x[ceil(i·6/5)] = x[2], x[3], x[4], x[5] → classes {A,B}, {C}, {D}, {E}, {F}.
    assert [list(t.locations) for t in classed] == [["A", "B"], ["C"], ["D"], ["E"], ["F"]]
    assert [t.name for t in classed] == ["10–30\u00a0%", "30–40\u00a0%", "40–50\u00a0%", "50–60\u00a0%", "60\u00a0%"]
    assert [t.legendrank for t in classed] == sorted(t.legendrank for t in classed)
    assert "Utrikes födda (%)" in fig.layout.legend.title.text and "2024" in fig.layout.legend.title.text
    assert "Klass: 10–30\u00a0%" in classed[0].hovertext[0]


def test_class_colours_come_from_viridis_and_darker_means_more_challenges():
    def colours(direction):
        fig = build_many(classes="equal_intervals", direction=direction)
        return [c.colour for c in drawn_classes(fig)]

    worse_when_high, better_when_high = colours(1), colours(-1)
    assert worse_when_high[0] == "rgb(253, 231, 37)"  # the lowest class: the light end of Viridis
    assert worse_when_high[-1] == "rgb(68, 1, 84)"  # the highest class: the dark end (#440154)
    assert better_when_high == list(reversed(worse_when_high))


def go_colorscale(name):
    import plotly.graph_objects as go

    return go.Choropleth(colorscale=name).colorscale


def test_hidden_and_missing_districts_get_no_class():
    fig = build_many(classes="quantiles")
    classed = [loc for c in drawn_classes(fig) for loc in c.locations]
    assert "G" not in classed and "H" not in classed
    assert sorted(classed) == ["A", "B", "C", "D", "E", "F"]


def test_equal_intervals_leave_out_empty_classes():
    fig = build_many(many((0.0, 0.01, 0.02, 0.03, 0.04, 1.0)), classes="equal_intervals")
    names = [c.name for c in drawn_classes(fig)]
    assert names == ["0–20\u00a0%", "80–100\u00a0%"]


def test_area_type_thresholds_label_the_types():
    data = many((4.0, 11.9, 12.0, 19.0, 25.9, 26.0))
    fig = build_many(data, kind="index", label="Index", classes="area_type_thresholds", index_mean=12, index_sd=7)
    classed = drawn_classes(fig)
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
    text = hover_of(build_many(reference=0.30).data[0], 0)
    assert "Stadsdelen: 10\u00a0%" in text
    assert "Kommunen: 30\u00a0%" in text
    assert "Skillnad: −20,0\u00a0procentenheter" in text
    assert "95 % intervall" in text and "n = 100" in text  # a rate keeps its interval and n


def test_hidden_districts_get_no_difference():
    fig = build_many(reference=0.30)
    assert "G" not in fig.data[0].locations and "H" not in fig.data[0].locations
    hidden = next(t for t in fig.data if t.legendgroup == "suppressed" and t.type == "choropleth")
    assert not any(ch.isdigit() for ch in hover_of(hidden, 0).replace("2024", "").replace("5", ""))


def test_difference_is_not_drawn_for_quotients_and_area_types():
    quotient = build_many(many((0.5, 0.8, 1.0, 1.2, 1.5, 2.0)), kind="quotient", label="Lokal kvot", reference=1.0)
    assert quotient.data[0].zmid == 1.0 and "skillnad" not in quotient.data[0].colorbar.title.text


def test_classes_of_a_difference_use_the_diverging_colours():
    fig = build_many(reference=0.35, classes="equal_intervals")
    classed = drawn_classes(fig)
    # Symmetric range −25 … +25 pp: the middle class −5 … +5 is centred on 0 and nearly white.
    assert any(t.name == "−5,0 till +5,0" for t in classed)  # signed edges, a real minus and plus
    middle = next(t for t in classed if t.name == "−5,0 till +5,0")
    assert middle.colour == "rgb(247, 247, 247)"
    # The top class (+15 … +25, midpoint +20 of 25) is red: more challenges than the municipality.
    assert classed[-1].colour == "rgb(178, 24, 43)"


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


def names_of(fig) -> list[str]:
    return [
        text
        for t in fig.data
        if t.type in ("scattergeo", "scattermap") and t.mode == "text" and not t.legendgroup
        for text in t.text
    ]


GRID = ["A", "B", "C", "D", "E", "F", "G", "H", "I"]
GRID_GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": code,
            "properties": {"stadsdel_kod": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [12 + i % 3, 56 + 0.6 * (i // 3)],
                        [12 + i % 3, 56.6 + 0.6 * (i // 3)],
                        [13 + i % 3, 56.6 + 0.6 * (i // 3)],
                        [13 + i % 3, 56 + 0.6 * (i // 3)],
                        [12 + i % 3, 56 + 0.6 * (i // 3)],
                    ]
                ],
            },
        }
        for i, code in enumerate(GRID)
    ],
}
GRID_POINTS = pd.DataFrame(
    {
        "stadsdel_kod": GRID,
        "lon": [12.5 + i % 3 for i in range(9)],
        "lat": [56.3 + 0.6 * (i // 3) for i in range(9)],
        "stadsdel_namn": [f"Stadsdelen {c}" for c in GRID],
    }
)


def grid_values():
    return pd.DataFrame(
        {
            "stadsdel_kod": GRID,
            "stadsdel_namn": GRID_POINTS["stadsdel_namn"],
            "value": [0.1 * (i + 1) for i in range(9)],
            "n": pd.array([100] * 9, dtype="Int64"),
            "ci_low": [0.1 * i for i in range(9)],
            "ci_high": [0.1 * (i + 2) for i in range(9)],
            "status": ["ok"] * 9,
        }
    )


def test_names_on_demand_with_classes_and_two_map_layout():
    # A single map has room for every name; in half a row (two maps) only some fit, the others are left out.
    def grid(**kwargs):
        return maps.choropleth(
            GRID_GEOJSON,
            grid_values(),
            kind="share",
            label="Utrikes födda",
            year=2024,
            min_n=5,
            points=GRID_POINTS,
            show_names=True,
            classes="quantiles",
            **kwargs,
        )

    single = grid()
    assert sorted(names_of(single)) == sorted(GRID_POINTS["stadsdel_namn"])
    assert single.layout.meta["names_shown"] == 9 == single.layout.meta["names_total"]
    compact = grid(compact=True, width=200)
    assert 0 < len(names_of(compact)) < 9
    assert compact.layout.meta["names_shown"] == len(names_of(compact))
    fig = build_many(classes="quantiles", show_names=True, compact=True)
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
        assert "Difference: −20,0\u00a0percentage points" in hover_of(fig.data[0], 0)


# --- The map over time (issue 9): change since a year, one scale for every year, names that fit ---------

CHANGE_CODES = ["A", "B", "C", "D", "E"]
CHANGE_GEOJSON = {**BIG_GEOJSON, "features": BIG_GEOJSON["features"][:5]}


def changes():
    """A rose 30 % (n 100) → 37,5 % (n 120); B fell 25 % → 20 %, clearly; C moved 0,04 percentage points,
    which rounds to 0; D is hidden in one of the years; E has no data."""
    return pd.DataFrame(
        {
            "stadsdel_kod": CHANGE_CODES,
            "stadsdel_namn": ["Norr", "Söder", "Öster", "Väster", "Mitt"],
            "value": [0.075, -0.05, 0.0004, None, None],
            "ci_low": [-0.0508, -0.09, -0.03, None, None],
            "ci_high": [0.1955, -0.01, 0.03, None, None],
            "reading": ["chance", "down", "chance", None, None],
            "value_now": [0.375, 0.20, 0.4004, None, None],
            "value_base": [0.30, 0.25, 0.40, None, None],
            "n": pd.array([120, 400, 300, None, None], dtype="Int64"),
            "n_base": pd.array([100, 380, 310, None, None], dtype="Int64"),
            "status": ["ok", "ok", "ok", "suppressed", "missing"],
        }
    )


def build_change(**kwargs):
    args = {"kind": "share", "label": "Utrikes födda", "year": 2024, "min_n": 5, "base_year": 2016} | kwargs
    return maps.choropleth(CHANGE_GEOJSON, changes(), **args)


def test_change_map_is_diverging_centred_on_zero_with_both_years_in_the_title():
    values = build_change().data[0]
    assert values.colorscale == go_colorscale("RdBu")
    assert values.zmid == 0 and values.zmin == -values.zmax == pytest.approx(-7.5)
    assert list(values.z) == pytest.approx([7.5, -5.0, 0.04])
    assert list(values.locations) == ["A", "B", "C"]  # hidden and missing get no change
    assert values.reversescale is True  # direction +1: a rise means more challenges, red
    assert build_change(direction=-1).data[0].reversescale is False
    title = values.colorbar.title.text.replace("<br>", " ")
    assert "förändring 2016–2024" in title and "procentenheter" in title


def test_change_hover_gives_both_years_n_the_change_its_interval_and_reading():
    hover = hover_of(build_change().data[0], 0)
    assert "Norr" in hover and "förändring 2016–2024" in hover
    assert "2016: 30,0\u00a0% (n = 100)" in hover and "2024: 37,5\u00a0% (n = 120)" in hover
    assert "+7,5\u00a0procentenheter (kan vara slump)" in hover
    assert "95 % intervall: −5,1 till +19,6\u00a0procentenheter" in hover
    hidden = next(t for t in build_change().data if t.legendgroup == "suppressed")
    assert "något av åren" in hover_of(hidden, 0)
    assert not any(ch.isdigit() for ch in hover_of(hidden, 0).replace("2016", "").replace("2024", "").replace("5", ""))


@pytest.mark.parametrize(
    ("direction", "row", "text", "colour"),
    [
        (1, 0, "▲ +7,5\u00a0procentenheter", maps.DELTA_COLOURS["red"]),  # a bad measure rises: worse, red
        (1, 1, "▼ −5,0\u00a0procentenheter (tydlig förändring)", maps.DELTA_COLOURS["green"]),  # falls: better
        (-1, 0, "▲ +7,5\u00a0procentenheter", maps.DELTA_COLOURS["green"]),  # a good measure rises: better, blue
        (-1, 1, "▼ −5,0\u00a0procentenheter (tydlig förändring)", maps.DELTA_COLOURS["red"]),  # falls: worse
        (1, 2, "oförändrad", maps.DELTA_COLOURS["gray"]),  # +0,04 rounds to 0: no sign, no arrow, grey
        (-1, 2, "oförändrad", maps.DELTA_COLOURS["gray"]),
    ],
)
def test_change_sign_and_colour_in_the_hover(direction, row, text, colour):
    hover = hover_of(build_change(direction=direction).data[0], row)
    line = next(part for part in hover.split("<br>") if part.startswith("Förändring:"))
    assert text in line and f"color:{colour}" in line
    if row == 2:
        assert "▲" not in line and "▼" not in line and "+" not in line and "−" not in line


def test_map_changes_follow_the_one_rule_of_format():
    delta = fmt.measure_delta(-0.05, "share", direction=1, reading="down")
    assert delta.text == "−5,0\u00a0procentenheter" and delta.colour == "green" and delta.arrow == "down"
    assert fmt.measure_delta(0.0004, "share", direction=1, reading="chance").text == "oförändrad"
    assert fmt.measure_delta(2.0, "income", direction=-1).text == "+2\u00a0tkr"
    assert fmt.measure_delta(None, "share", direction=1) is None


def test_same_value_gets_the_same_colour_in_every_year():
    """Two years of one measure with the pooled values of every year: one range and one set of breaks."""
    every_year = [0.05, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80]
    early = many((0.05, 0.10, 0.20, 0.30, 0.40, 0.50))
    late = many((0.30, 0.40, 0.50, 0.60, 0.70, 0.80))
    one = build_many(early, scale_values=every_year, scale_years=(2016, 2025), year=2016).data[0]
    two = build_many(late, scale_values=every_year, scale_years=(2016, 2025), year=2025).data[0]
    assert (one.zmin, one.zmax) == (two.zmin, two.zmax) == pytest.approx((5.0, 80.0))
    assert "samma skala alla år 2016–2025" in one.colorbar.title.text.replace("<br>", " ")
    # Without the pooled values each year would rescale to its own range.
    assert build_many(early).data[0].zmax == pytest.approx(50.0)

    def classes(data, year):
        fig = build_many(data, classes="quantiles", scale_values=every_year, scale_years=(2016, 2025), year=year)
        return {loc: (c.name, c.colour) for c in drawn_classes(fig) for loc in c.locations}

    # District D has 30 % in 2016 and A has 30 % in 2025: the same class and colour.
    assert classes(early, 2016)["D"] == classes(late, 2025)["A"]


def test_a_change_map_keeps_one_symmetric_scale_across_years():
    every_year = [-0.12, 0.02, 0.05, 0.075]
    values = build_change(scale_values=every_year, scale_years=(2017, 2025)).data[0]
    assert values.zmax == pytest.approx(12.0) and values.zmin == pytest.approx(-12.0)


def test_colour_bar_ticks_and_difference_text_use_a_real_minus_and_no_sign_on_zero():
    ticks = list(build_change().data[0].colorbar.ticktext)
    assert "0" in ticks and any(t.startswith("−") for t in ticks) and any(t.startswith("+") for t in ticks)
    assert not any(t.startswith("-") for t in ticks)
    assert maps.difference_text(-0.031, "share") == "−3,1\u00a0procentenheter"
    assert maps.difference_text(0.0004, "share") == "0,0\u00a0procentenheter"
    assert maps.difference_text(1.26, "index") == "+1,3\u00a0indexpoäng"


def test_long_titles_wrap_to_the_legend_space_instead_of_being_cut():
    label = "Långvarigt bistånd eller arbetslöshet 20–64 år"
    bar = build_many(label=label, scale_years=(2016, 2025)).data[0].colorbar
    lines = bar.title.text.split("<br>")
    assert len(lines) >= 3 and all(len(line) <= 28 for line in lines)
    legend = build_many(label=label, classes="quantiles").layout.legend.title.text.split("<br>")
    assert all(len(line) <= 28 for line in legend)


def test_focus_fits_the_view_to_the_given_districts():
    whole = build_many()
    town = build_many(focus=["B", "C"])
    assert town.layout.geo.lonaxis.range[0] > whole.layout.geo.lonaxis.range[0]
    assert 12.9 < town.layout.geo.lonaxis.range[0] < 13 and 14.5 < town.layout.geo.lonaxis.range[1] < 14.6
    assert maps.view_share(BIG_GEOJSON, ["B", "C"]) < 0.5 < maps.view_share(BIG_GEOJSON, CODES[:7])
    # Names outside the view are left out.
    assert "Område H" not in names_of(build_many(focus=["B", "C"], show_names=True))


def test_change_table_follows_the_hover_rule_and_hides_what_is_hidden():
    from ui import tables

    table, colours = tables.change_table(changes(), {}, kind="share", direction=1, base=2016, year=2024, min_n=5)
    assert list(table.columns[:4]) == ["Område", "2016", "2024", "Förändring"]
    norr = table.iloc[0]
    assert norr["2016"] == "30,0\u00a0%" and norr["2024"] == "37,5\u00a0%"
    assert norr["Förändring"] == "+7,5\u00a0procentenheter" and norr["Tolkning"] == "Kan vara slump"
    assert norr.iloc[4] == "−5,1 till +19,6\u00a0procentenheter"
    assert (norr["n 2016"], norr["n 2024"]) == ("100", "120")
    assert table.iloc[2, 3] == "oförändrad"
    assert table.iloc[3, 3] == "dolt (små tal)" and table.iloc[3, -1] == ""
    assert colours["Förändring"][:3] == ["red", "green", "gray"]


def test_english_change_hover():
    import texts

    with texts.language("en"):
        hover = hover_of(build_change().data[0], 1)
        assert "change 2016–2024" in hover and "−5,0\u00a0percentage points (clear change)" in hover


def test_hover_template_reads_exactly_as_the_texts_and_carries_only_each_districts_own_parts():
    texts_ = [
        "<b>Norr</b><br>Utrikes födda 2024<br>10\u00a0%<br>95 % intervall: 8–12\u00a0%<br>n = 40",
        "<b>Söder</b><br>Utrikes födda 2024<br>20\u00a0%<br>95 % intervall: 18–22\u00a0%<br>n = 120",
        "<b>Öster %{x}</b><br>Utrikes födda 2024<br>100\u00a0%<br>95 % intervall: 98–100\u00a0%<br>n = 1\u00a0200",
    ]
    fields = maps.hover_fields(texts_)
    assert "Utrikes födda 2024" in fields["hovertemplate"] and "95 % intervall: " in fields["hovertemplate"]
    assert fields["customdata"][0] == ["Norr", "10", "8–12", "40"]  # "0 %" of 10 and 20 is not a shared unit
    trace = {"locations": ["A", "B", "C"], **fields}
    assert [hover_of(trace, i) for i in range(3)] == texts_  # a name's "%{" is data, never template


def test_hover_keeps_plain_texts_when_lines_differ_or_the_template_would_hold_plotly_syntax():
    assert "hovertext" in maps.hover_fields(["<b>A</b><br>1", "<b>B</b><br>2<br>Klass: x"])
    assert "hovertext" in maps.hover_fields(["<b>A</b><br>Mått %{y}", "<b>B</b><br>Mått %{y}"])
    assert "hovertext" in maps.hover_fields(["<b>A</b>"])


@pytest.mark.parametrize(
    "kwargs", [{}, {"classes": "quantiles"}, {"reference": 0.3}, {"kind": "income", "label": "Medianinkomst"}]
)
def test_every_districts_hover_on_the_map_is_its_hover_text(kwargs):
    fig = build_many(**kwargs)
    data = many()
    expected = dict(
        zip(
            data["stadsdel_kod"],
            maps.hover_texts(
                data,
                kwargs.get("kind", "share"),
                kwargs.get("label", "Utrikes födda"),
                2024,
                5,
                reference=kwargs.get("reference"),
                class_names=None,
            ),
            strict=True,
        )
    )
    for trace in areas(fig):
        for i, code in enumerate(trace.locations):
            shown = hover_of(trace, i)
            assert shown.split("<br>Klass: ")[0] == expected[code]


def test_outlines_are_thinner_on_a_map_of_thousands_of_districts():
    def districts(count: int) -> pd.DataFrame:
        codes = [f"D{i:05d}" for i in range(count)]
        return pd.DataFrame(
            {
                "stadsdel_kod": codes,
                "stadsdel_namn": codes,
                "value": [0.1 + (i % 50) / 100 for i in range(count)],
                "n": pd.array([100] * count, dtype="Int64"),
                "ci_low": [0.05] * count,
                "ci_high": [0.7] * count,
                "status": ["ok"] * count,
            }
        )

    def widths(count: int) -> set[float]:
        fig = maps.choropleth(
            {"type": "FeatureCollection", "features": []},
            districts(count),
            kind="rate",
            label="Utfall",
            year=2024,
            min_n=5,
            geojson_url="/karta.geojson",
        )
        return {t.marker.line.width for t in fig.data if t.type == "choropleth"}

    assert widths(maps.DENSE_AREAS) == {1.0}
    assert widths(maps.DENSE_AREAS + 1) == {maps.DENSE_OUTLINE}
