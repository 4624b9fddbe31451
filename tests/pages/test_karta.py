"""The strategist's map through AppTest: every new choice on the Karta page runs and draws what it says."""

import pytest

import texts

DISTRICTS = 31  # Helsingborg's RegSO


def map_specs(at, plotly_specs):
    """The page's maps (the district profile's charts, when open, come after them)."""
    return [s for s in plotly_specs(at) if any(t["type"].startswith("choropleth") for t in s["data"])]


def drawn(spec) -> list[str]:
    return [loc for t in spec["data"] if t["type"].startswith("choropleth") for loc in t.get("locations", [])]


def class_traces(spec) -> list[dict]:
    return [t for t in spec["data"] if t["type"] == "choropleth" and not t.get("legendgroup")]


@pytest.mark.parametrize(
    ("method", "count"),
    [("quantiles", 5), ("equal_intervals", None)],
)
def test_class_choices_draw_one_trace_per_class(open_page, plotly_specs, method, count):
    at = open_page("karta", {"ar": "2024"})
    at.radio(key="karta_klasser").set_value(method).run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    classes = class_traces(spec)
    assert len(classes) == count if count else 1 <= len(classes) <= 5
    assert all(t["name"].endswith("\u00a0%") for t in classes)
    assert sorted(drawn(spec)) == sorted(set(drawn(spec))) and len(drawn(spec)) == DISTRICTS
    assert "2024" in spec["layout"]["legend"]["title"]["text"]


def test_continuous_is_the_default_with_unit_and_year(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    assert at.radio(key="karta_klasser").value == "continuous"
    (spec,) = map_specs(at, plotly_specs)
    title = spec["data"][0]["colorbar"]["title"]["text"]
    assert "(%)" in title and "2024" in title


def test_scb_thresholds_for_the_index_are_the_area_types(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2022", "matt": "socioekonomiskt_index"})
    at.radio(key="karta_klasser").set_value("area_type_thresholds").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    by_type = {t["name"].split(":")[0]: set(t["locations"]) for t in class_traces(spec)}
    at.selectbox(key="matt").set_value("omradestyp").run()
    (types,) = map_specs(at, plotly_specs)
    area_types = {t["name"].split(":")[0]: set(t["locations"]) for t in types["data"] if t.get("locations")}
    assert by_type == area_types  # the same districts in every type
    # The thresholds apply to the index only: for the area type the class choice is disabled.
    assert at.radio(key="karta_klasser").disabled
    assert "area_type_thresholds" not in at.radio(key="karta_klasser").options


def test_difference_from_the_municipality(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    at.toggle(key="karta_skillnad").set_value(True).run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    values = spec["data"][0]
    assert values["colorscale"][0][1].replace(" ", "") == "rgb(103,0,31)"  # RdBu, red end first
    assert values["zmid"] == 0 and values["zmin"] == -values["zmax"]
    assert values["reversescale"] is True  # foreign-born: more is more challenges, red
    assert "procentenheter" in values["colorbar"]["title"]["text"]
    hover = values["hovertext"][0]
    assert "Stadsdelen:" in hover and "Kommunen:" in hover and "Skillnad:" in hover
    # Thresholds are not offered for a difference, and the class choice still works on it.
    at.radio(key="karta_klasser").set_value("quantiles").run()
    assert not at.exception
    (spec,) = map_specs(at, plotly_specs)
    assert len(class_traces(spec)) == 5


def test_difference_is_not_offered_for_the_area_type(open_page, plotly_specs):
    at = open_page("karta", {"matt": "omradestyp"})
    assert at.toggle(key="karta_skillnad").disabled
    assert any(c.value == texts.MAP_DIFFERENCE_NOT_AVAILABLE for c in at.caption)


def test_outcome_difference_keeps_hidden_districts_hidden(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024", "matt": "utfall:alla"})
    at.toggle(key="karta_skillnad").set_value(True).run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    values = spec["data"][0]
    hidden = [t for t in spec["data"] if t.get("legendgroup") == "suppressed" and t["type"] == "choropleth"]
    assert hidden and not set(hidden[0]["locations"]) & set(values["locations"])
    assert values["reversescale"] is False  # a higher outcome rate is better: blue above the municipality
    marks = [t for t in spec["data"] if t["type"] == "scattergeo" and t.get("legendgroup")]
    assert {t["legendgroup"] for t in marks} == {"suppressed", "missing"}


def test_second_measure_draws_two_maps(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    assert "utrikes_fodda" not in at.selectbox(key="karta_matt2").options  # not the first measure again
    at.selectbox(key="karta_matt2").set_value("utfall:alla").run()
    assert not at.exception, at.exception
    first, second = map_specs(at, plotly_specs)
    assert len(drawn(first)) == DISTRICTS and len(drawn(second)) == DISTRICTS
    assert "Utrikes födda" in first["data"][0]["colorbar"]["title"]["text"]
    assert "Utfall" in second["data"][0]["colorbar"]["title"]["text"]
    assert len(at.metric) == 2  # the municipality's value of each measure
    # Both maps take the other choices too.
    at.toggle(key="karta_skillnad").set_value(True).run()
    at.radio(key="karta_klasser").set_value("equal_intervals").run()
    at.checkbox(key="karta_namn").check().run()
    assert not at.exception, at.exception
    assert len(map_specs(at, plotly_specs)) == 2
    at.selectbox(key="karta_matt2").set_value("").run()
    assert len(map_specs(at, plotly_specs)) == 1


def test_second_measure_falls_back_when_it_becomes_the_first(open_page, plotly_specs):
    at = open_page("karta")
    at.selectbox(key="karta_matt2").set_value("medianinkomst_tkr").run()
    at.selectbox(key="matt").set_value("medianinkomst_tkr").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="karta_matt2").value == ""
    assert len(map_specs(at, plotly_specs)) == 1


def test_basemap_is_off_by_default_and_says_it_needs_internet(open_page, plotly_specs):
    at = open_page("karta")
    assert at.checkbox(key="karta_bakgrund").value is False
    (spec,) = map_specs(at, plotly_specs)
    assert {t["type"] for t in spec["data"]} <= {"choropleth", "scattergeo"}
    assert not any(c.value == texts.MAP_BASEMAP_NOTE for c in at.caption)
    at.checkbox(key="karta_bakgrund").check().run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    assert {t["type"] for t in spec["data"]} <= {"choroplethmap", "scattermap"}
    assert spec["layout"]["map"]["style"] == "open-street-map"
    assert len(drawn(spec)) == DISTRICTS
    assert any(c.value == texts.MAP_BASEMAP_NOTE for c in at.caption)


def test_names_on_demand_with_classes(open_page, plotly_specs):
    at = open_page("karta")
    at.radio(key="karta_klasser").set_value("quantiles").run()
    at.checkbox(key="karta_namn").check().run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    names = [t for t in spec["data"] if t["type"] == "scattergeo" and not t.get("legendgroup")]
    assert "Drottninghög" in names[0]["text"]


def test_tierp_with_classes(open_page, plotly_specs):
    at = open_page("karta", {"kommun": "0360"})
    at.radio(key="karta_klasser").set_value("quantiles").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    assert len(drawn(spec)) == 9


def test_profile_card_shows_both_measures(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024", "stadsdel": "1283R005"})
    at.selectbox(key="karta_matt2").set_value("socioekonomiskt_index").run()
    assert not at.exception, at.exception
    cards = [m.value for m in at.markdown]
    assert any(v.startswith("Utrikes födda 2024:") for v in cards)
    assert any(v.startswith("Socioekonomiskt index (SCB:s metod) 2024:") for v in cards)


def test_english_map(open_page, plotly_specs):
    at = open_page("karta", {"lang": "en", "ar": "2024", "matt": "utfall:alla"})
    assert not at.exception, at.exception
    # AppTest formats the widgets' options in this thread: it must use the page's language too.
    with texts.language("en"):
        at.toggle(key="karta_skillnad").set_value(True).run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    names = [t.get("name", "") for t in spec["data"]]
    assert any("Hidden" in n for n in names)
    assert "Difference:" in spec["data"][0]["hovertext"][0]


def test_keyboard_path_to_a_profile_and_it_survives_a_measure_change(open_page, plotly_specs):
    """The district list opens the same profile as a click, and the profile stays when the measure changes."""
    at = open_page("karta", {"kommun": "0360"})
    assert at.selectbox(key="karta_profil_val").value is None
    assert not any(h.value.startswith("Profil:") for h in at.subheader)
    at.selectbox(key="karta_profil_val").set_value("0360R005").run()
    assert not at.exception, at.exception
    assert any(h.value == "Profil: Söderfors" for h in at.subheader)
    at.selectbox(key="matt").set_value("forvarvsarbetande_20_64").run()
    assert not at.exception, at.exception
    assert any(h.value == "Profil: Söderfors" for h in at.subheader)
    assert at.selectbox(key="karta_profil_val").value == "0360R005"
