"""The strategist's map through AppTest: every choice on the Karta page runs, draws what it says and lives
in the link."""

from pathlib import Path

import pytest

import texts
from analysis.files_in.dataset import load_dataset
from analysis.settings import from_environment
from analysis.stats import change, measures
from tests.map_classes import drawn_classes
from tests.map_hover import hover_of

DISTRICTS = 31  # Helsingborg's RegSO
ROOT = Path(__file__).resolve().parents[2]
THRESHOLDS = texts.MAP_CLASS_METHODS["area_type_thresholds"]


def map_specs(at, plotly_specs):
    """The page's maps (the district profile's charts, when open, come after them)."""
    return [s for s in plotly_specs(at) if any(t["type"].startswith("choropleth") for t in s["data"])]


def drawn(spec) -> list[str]:
    return [loc for t in spec["data"] if t["type"].startswith("choropleth") for loc in t.get("locations", [])]


def class_traces(spec):
    return drawn_classes(spec)


def title_of(spec) -> str:
    values = spec["data"][0]
    title = values.get("colorbar", {}).get("title", {}).get("text") or spec["layout"]["legend"]["title"]["text"]
    return title.replace("<br>", " ")


def toasts(at) -> list[str]:
    return [t.value for t in at.toast]


@pytest.mark.parametrize(
    ("method", "count"),
    [("quantiles", 5), ("equal_intervals", None)],
)
def test_class_choices_draw_one_legend_entry_per_class(open_page, plotly_specs, method, count):
    at = open_page("karta", {"ar": "2024"})
    at.selectbox(key="karta_klasser").set_value(method).run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    classes = class_traces(spec)
    # Breaks come from every year's values: a year may leave a quantile class empty.
    assert len(classes) <= count if count else 1 <= len(classes) <= 5
    assert all(c.name.endswith("\u00a0%") for c in classes)
    assert sorted(drawn(spec)) == sorted(set(drawn(spec))) and len(drawn(spec)) == DISTRICTS
    assert "2024" in spec["layout"]["legend"]["title"]["text"]


def test_continuous_is_the_default_with_unit_year_and_one_scale(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    assert at.selectbox(key="karta_klasser").value == "continuous"
    (spec,) = map_specs(at, plotly_specs)
    title = title_of(spec)
    assert "(%)" in title and "2024" in title and "samma skala alla år 2016–2025" in title


def test_scb_thresholds_for_the_index_are_the_area_types(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2022", "matt": "socioekonomiskt_index"})
    at.selectbox(key="karta_klasser").set_value("area_type_thresholds").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    by_type = {c.name.split(":")[0]: set(c.locations) for c in class_traces(spec)}
    at.selectbox(key="matt").set_value("omradestyp").run()
    (types,) = map_specs(at, plotly_specs)
    area_types = {t["name"].split(":")[0]: set(t["locations"]) for t in types["data"] if t.get("locations")}
    assert by_type == area_types  # the same districts in every type
    # The thresholds apply to the index only: for the area type the class choice is disabled.
    assert at.selectbox(key="karta_klasser").disabled
    assert THRESHOLDS not in at.selectbox(key="karta_klasser").options


def test_difference_from_the_municipality(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    at.selectbox(key="karta_visa").set_value("difference").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    values = spec["data"][0]
    assert values["colorscale"][0][1].replace(" ", "") == "rgb(103,0,31)"  # RdBu, red end first
    assert values["zmid"] == 0 and values["zmin"] == -values["zmax"]
    assert values["reversescale"] is True  # foreign-born: more is more challenges, red
    assert "procentenheter" in values["colorbar"]["title"]["text"]
    hover = hover_of(values, 0)
    assert "Stadsdelen:" in hover and "Kommunen:" in hover and "Skillnad:" in hover
    # Thresholds are not offered for a difference, and the class choice still works on it.
    assert THRESHOLDS not in at.selectbox(key="karta_klasser").options
    at.selectbox(key="karta_klasser").set_value("quantiles").run()
    assert not at.exception
    (spec,) = map_specs(at, plotly_specs)
    assert 1 <= len(class_traces(spec)) <= 5


def test_neither_difference_nor_change_for_the_area_type(open_page, plotly_specs):
    at = open_page("karta", {"matt": "omradestyp"})
    view = at.selectbox(key="karta_visa")
    assert view.options == [texts.MAP_VIEWS["value"]] and view.disabled


def test_outcome_difference_keeps_hidden_districts_hidden(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024", "matt": "utfall:alla"})
    at.selectbox(key="karta_visa").set_value("difference").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    values = spec["data"][0]
    hidden = [t for t in spec["data"] if t.get("legendgroup") == "suppressed" and t["type"] == "choropleth"]
    assert hidden and not set(hidden[0]["locations"]) & set(values["locations"])
    assert values["reversescale"] is False  # a higher outcome rate is better: blue above the municipality
    marks = [t for t in spec["data"] if t["type"] == "scattergeo" and t.get("legendgroup")]
    assert {t["legendgroup"] for t in marks} <= {"suppressed", "missing"} and marks


def test_change_since_a_base_year(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    at.selectbox(key="karta_visa").set_value("change").run()
    assert not at.exception, at.exception
    base = at.selectbox(key="karta_bas")
    assert base.value == 2016 and base.options == [str(y) for y in range(2016, 2024)]
    at.selectbox(key="karta_bas").set_value(2018).run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    values = spec["data"][0]
    assert values["colorscale"][0][1].replace(" ", "") == "rgb(103,0,31)" and values["zmid"] == 0
    assert values["zmin"] == -values["zmax"]
    assert "förändring 2018–2024" in title_of(spec) and "samma skala alla år 2019–2025" in title_of(spec)
    hover = hover_of(values, 0)
    assert "2018: " in hover and "2024: " in hover and "Förändring:" in hover and "procentenheter" in hover
    assert "n = " in hover and ("kan vara slump" in hover or "tydlig förändring" in hover or "oförändrad" in hover)
    # The change's honest reading is explained under the map, and the table shows both years.
    assert any(c.value == texts.MAP_CHANGE_CAPTION for c in at.caption)
    assert dict(at.query_params)["visa"] == "forandring" and dict(at.query_params)["bas"] == "2018"
    # The stepper offers the years after the base year only.
    assert at.select_slider(key="karta_ar").options == [str(y) for y in range(2019, 2026)]


def test_the_year_stepper_moves_the_sidebar_year_and_keeps_the_scale(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    (before,) = map_specs(at, plotly_specs)
    at.select_slider(key="karta_ar").set_value(2019).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="ar").value == 2019 and dict(at.query_params)["ar"] == "2019"
    assert at.title[0].value.endswith("2019")
    (after,) = map_specs(at, plotly_specs)
    assert "2019" in title_of(after)
    scale = ("zmin", "zmax")
    assert [after["data"][0][k] for k in scale] == [before["data"][0][k] for k in scale]


def test_second_measure_draws_two_maps(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024"})
    at.selectbox(key="karta_andra").set_value("measure").run()
    assert "Utrikes födda" not in at.selectbox(key="karta_matt2").options  # not the first measure again
    at.selectbox(key="karta_matt2").set_value("utfall:alla").run()
    assert not at.exception, at.exception
    first, second = map_specs(at, plotly_specs)
    assert len(drawn(first)) == DISTRICTS and len(drawn(second)) == DISTRICTS
    assert "Utrikes födda" in title_of(first)
    assert "Utfall" in title_of(second)
    assert len(at.metric) == 2  # the municipality's value of each measure
    # Both maps take the other choices too.
    at.selectbox(key="karta_visa").set_value("difference").run()
    at.selectbox(key="karta_klasser").set_value("equal_intervals").run()
    at.checkbox(key="karta_namn").check().run()
    assert not at.exception, at.exception
    assert len(map_specs(at, plotly_specs)) == 2
    at.selectbox(key="karta_andra").set_value("none").run()
    assert len(map_specs(at, plotly_specs)) == 1
    assert "matt2" not in dict(at.query_params)


def test_second_measure_moves_on_when_it_becomes_the_first(open_page, plotly_specs):
    at = open_page("karta")
    at.selectbox(key="karta_andra").set_value("measure").run()
    at.selectbox(key="karta_matt2").set_value("medianinkomst_tkr").run()
    at.selectbox(key="matt").set_value("medianinkomst_tkr").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="karta_matt2").value != "medianinkomst_tkr"
    assert len(map_specs(at, plotly_specs)) == 2


def expected_type_changes(base_year: int, year: int) -> list[str]:
    """The districts whose area type changed, straight from the analysis (the demo data may be regenerated)."""
    data = load_dataset(ROOT / "data" / "demo" / "helsingborg")
    measure = measures.measure_by_key("omradestyp", [])
    settings = from_environment()

    def values(y):
        return measures.district_values(
            measure,
            statistics=data.statistics,
            participants=data.participants,
            district_codes=data.districts["stadsdel_kod"],
            year=y,
            settings=settings,
        )

    changed = change.area_type_changes(values(year), values(base_year))
    names = dict(zip(data.districts["stadsdel_kod"], data.districts["stadsdel_namn"], strict=True))
    return [
        texts.map_area_type_change(names[r.stadsdel_kod], r.omradestyp_base, r.omradestyp_now)
        for r in changed.itertuples()
    ]


def test_second_map_as_another_year_lists_the_area_type_changes(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2025"})
    at.selectbox(key="karta_andra").set_value("year").run()
    assert at.selectbox(key="karta_ar2").value == 2016  # by default the first year, on the left
    assert not at.exception, at.exception
    early, late = map_specs(at, plotly_specs)
    assert "2016" in title_of(early) and "2025" in title_of(late)
    # One colour scale for both years.
    assert (early["data"][0]["zmin"], early["data"][0]["zmax"]) == (late["data"][0]["zmin"], late["data"][0]["zmax"])
    heading = texts.map_area_type_changes_title(2016, 2025)
    assert any(heading in m.value for m in at.markdown)
    listed = "\n".join(m.value for m in at.markdown)
    expected = expected_type_changes(2016, 2025)
    if expected:
        assert all(item in listed for item in expected)
    else:
        assert any(c.value == texts.map_no_area_type_changes(2016, 2025) for c in at.caption)
    assert dict(at.query_params)["andra"] == "ar" and dict(at.query_params)["ar2"] == "2016"


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


def test_names_on_demand_with_classes_fit_and_say_how_many(open_page, plotly_specs):
    at = open_page("karta")
    at.selectbox(key="karta_klasser").set_value("quantiles").run()
    at.checkbox(key="karta_namn").check().run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    names = [
        text
        for t in spec["data"]
        if t["type"] == "scattergeo" and t.get("mode") == "text" and not t.get("legendgroup")
        for text in t["text"]
    ]
    assert names and len(names) == spec["layout"]["meta"]["names_shown"]
    # Type 1 districts are named first: Drottninghög is small but among the names.
    assert "Drottninghög" in names
    if len(names) < DISTRICTS:
        assert any(c.value == texts.map_names_note(len(names), DISTRICTS) for c in at.caption)


def test_zoom_opens_on_the_town_in_helsingborg_and_not_in_tierp(open_page, plotly_specs):
    at = open_page("karta")
    assert at.checkbox(key="karta_zoom").value is True
    (town,) = map_specs(at, plotly_specs)
    at.checkbox(key="karta_zoom").uncheck().run()
    (whole,) = map_specs(at, plotly_specs)
    town_range, whole_range = town["layout"]["geo"]["lataxis"]["range"], whole["layout"]["geo"]["lataxis"]["range"]
    assert whole_range[1] - whole_range[0] > town_range[1] - town_range[0]
    assert dict(at.query_params)["zoom"] == "0"
    tierp = open_page("karta", {"kommun": "0360"})
    assert tierp.checkbox(key="karta_zoom").value is False


def test_tierp_with_classes(open_page, plotly_specs):
    at = open_page("karta", {"kommun": "0360"})
    at.selectbox(key="karta_klasser").set_value("quantiles").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    assert len(drawn(spec)) == 9


def test_profile_card_shows_both_measures(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024", "stadsdel": "1283R005"})
    at.selectbox(key="karta_andra").set_value("measure").run()
    at.selectbox(key="karta_matt2").set_value("socioekonomiskt_index").run()
    assert not at.exception, at.exception
    cards = [m.value for m in at.markdown]
    assert any(v.startswith("Utrikes födda 2024:") for v in cards)
    assert any(v.startswith("Socioekonomiskt index (SCB:s metod) 2024:") for v in cards)


def test_profile_card_shows_the_change(open_page, plotly_specs):
    at = open_page("karta", {"ar": "2024", "profil": "1283R005", "visa": "forandring", "bas": "2016"})
    assert not at.exception, at.exception
    cards = [m.value for m in at.markdown]
    assert any(v.startswith("Utrikes födda 2016:") for v in cards)
    assert any(v.startswith("Förändring sedan 2016: **") for v in cards)


def test_english_map(open_page, plotly_specs):
    at = open_page("karta", {"lang": "en", "ar": "2024", "matt": "utfall:alla"})
    assert not at.exception, at.exception
    # AppTest formats the widgets' options in this thread: it must use the page's language too.
    with texts.language("en"):
        at.selectbox(key="karta_visa").set_value("difference").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at, plotly_specs)
    names = [t.get("name", "") for t in spec["data"]]
    assert any("Hidden" in n for n in names)
    assert "Difference:" in hover_of(spec["data"][0], 0)


def test_keyboard_path_to_a_profile_and_it_survives_a_measure_change(open_page, plotly_specs):
    """The district list opens the same profile as a click, and the profile stays when the measure changes."""
    at = open_page("karta", {"kommun": "0360"})
    assert at.selectbox(key="karta_profil").value is None
    assert not any(h.value.startswith("Profil:") for h in at.subheader)
    at.selectbox(key="karta_profil").set_value("0360R005").run()
    assert not at.exception, at.exception
    assert any(h.value == "Profil: Söderfors" for h in at.subheader)
    at.selectbox(key="matt").set_value("forvarvsarbetande_20_64").run()
    assert not at.exception, at.exception
    assert any(h.value == "Profil: Söderfors" for h in at.subheader)
    assert at.selectbox(key="karta_profil").value == "0360R005"
    assert dict(at.query_params)["profil"] == "0360R005"


#: Every parameter of the Karta view, as a link carries it.
FULL_LINK = {
    "kommun": "1283",
    "ar": "2023",
    "matt": "socioekonomiskt_index",
    "visa": "forandring",
    "bas": "2017",
    "andra": "ar",
    "ar2": "2020",
    "klasser": "lika",
    "namn": "1",
    "zoom": "0",
    "bakgrund": "0",
    "profil": "1283R019",
}


def test_a_link_restores_the_whole_view(open_page, plotly_specs):
    at = open_page("karta", FULL_LINK)
    assert not at.exception, at.exception
    assert not toasts(at)
    assert at.selectbox(key="matt").value == "socioekonomiskt_index"
    assert at.selectbox(key="karta_visa").value == "change" and at.selectbox(key="karta_bas").value == 2017
    assert at.selectbox(key="karta_andra").value == "year" and at.selectbox(key="karta_ar2").value == 2020
    assert at.selectbox(key="karta_klasser").value == "equal_intervals"
    assert at.checkbox(key="karta_namn").value is True and at.checkbox(key="karta_zoom").value is False
    assert at.selectbox(key="karta_profil").value == "1283R019"
    assert any(h.value == "Profil: Planteringen-Miatorp västra" for h in at.subheader)
    early, late = map_specs(at, plotly_specs)
    assert "förändring 2017–2020" in title_of(early) and "förändring 2017–2023" in title_of(late)
    # The link the page writes back is the one it was opened with (plus the language).
    assert {k: v for k, v in dict(at.query_params).items() if k != "lang"} == FULL_LINK


@pytest.mark.parametrize(
    ("param", "value", "what"),
    [
        ("klasser", "kubistisk", texts.WHAT_CLASSES),
        ("visa", "forandring", texts.WHAT_MAP_VIEW),  # the area type has no change
        ("zoom", "ja", texts.WHAT_ZOOM),
        ("profil", "1283R999", texts.WHAT_PROFILE),
        ("andra", "tre", texts.WHAT_SECOND_MAP),
    ],
)
def test_a_bad_value_in_a_link_falls_back_with_a_notice(open_page, plotly_specs, param, value, what):
    query = {"matt": "omradestyp"} if param == "visa" else {}
    at = open_page("karta", {**query, param: value})
    assert not at.exception, at.exception
    assert texts.link_fallback(what, value) in toasts(at)
    assert len(map_specs(at, plotly_specs)) == 1


def test_a_long_district_list_opens_on_demand_and_still_opens_the_profile(open_page, monkeypatch):
    """From ``widgets.LONG_LIST`` districts on (nationally 6,160), the keyboard's list sits in a popover
    that says how many there are; it works as before. Tierp has 9 districts."""
    from ui import widgets

    def popovers(at):
        return [node for node in at if node.type == "popover"]

    at = open_page("karta", {"kommun": "0360"})
    assert not popovers(at)
    monkeypatch.setattr(widgets, "LONG_LIST", 9)
    at = open_page("karta", {"kommun": "0360"})
    (popover,) = popovers(at)
    assert popover.proto.popover.label == texts.map_profile_pick_open("9")
    assert [s.key for s in popover.selectbox] == ["karta_profil"]
    at.selectbox(key="karta_profil").set_value("0360R005").run()
    assert not at.exception, at.exception
    assert any(h.value == "Profil: Söderfors" for h in at.subheader)
