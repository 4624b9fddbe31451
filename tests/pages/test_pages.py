"""Every page through AppTest on the shipped demo data, with one interaction each."""

import re
from pathlib import Path

import pytest

PAGES = ["oversikt", "karta", "jamfor", "segregation", "insatser", "handlingsplan", "data"]

NBSP = "\u00a0"


def texts(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.caption]
    parts += [m.label + " " + str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception_and_says_demo(open_page, page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert any("Demodata" in w.value for w in at.warning)
    assert at.title, "every page has a title"


def test_no_count_below_threshold_in_metrics(open_page, plotly_specs):
    at = open_page("oversikt")
    for metric in at.metric:
        for number in re.findall(r"\d[\d\u00a0]*", str(metric.value)):
            value = int(number.replace(NBSP, ""))
            assert value == 0 or value >= 5, (metric.label, metric.value)


def test_oversikt_year_change_updates_figures(open_page, plotly_specs):
    at = open_page("oversikt")
    assert "2025" in at.title[0].value
    at.sidebar.selectbox(key="ar").set_value(2019).run()
    assert not at.exception
    assert "2019" in at.title[0].value
    assert any("Inskrivna (startade 2019)" in m.label for m in at.metric)
    assert any("Måluppfyllelse 2019" in h.value for h in at.subheader)


def test_karta_measure_from_link(open_page, plotly_specs):
    at = open_page("karta", {"matt": "omradestyp", "ar": "2022"})
    assert not at.exception
    names = [trace.get("name", "") for trace in plotly_specs(at)[0]["data"]]
    assert [n.split(":")[0] for n in names] == ["Typ 1", "Typ 2", "Typ 3", "Typ 4", "Typ 5"]  # SCB 2022


def test_karta_draws_every_district_and_changes_measure(open_page, plotly_specs):
    at = open_page("karta")
    spec = plotly_specs(at)[0]
    drawn = [loc for trace in spec["data"] for loc in trace.get("locations", [])]
    assert len(drawn) == 31 and len(set(drawn)) == 31
    at.selectbox(key="matt").set_value("utfall:alla").run()
    assert not at.exception
    spec = plotly_specs(at)[0]
    names = [trace.get("name", "") for trace in spec["data"]]
    assert any("färre än 5" in n or "saknas" in n for n in names), "few districts have outcomes: greys expected"
    drawn = [loc for trace in spec["data"] for loc in trace.get("locations", [])]
    assert len(drawn) == 31


def test_url_sets_municipality_and_invalid_year_falls_back_with_notice(open_page, plotly_specs):
    at = open_page("oversikt", {"kommun": "0360", "ar": "2099"})
    assert "Tierp" in at.title[0].value
    assert any("2099" in t.value for t in at.toast)
    at.switch_page("pages/karta.py").run()
    assert not at.exception
    assert "Tierp" in at.title[0].value and "2025" in at.title[0].value
    spec = plotly_specs(at)[0]
    assert len([loc for t in spec["data"] for loc in t.get("locations", [])]) == 9


def test_jamfor_fourth_district_adds_a_column(open_page, plotly_specs):
    at = open_page("jamfor")
    table = at.table[0].value.reset_index()
    assert len(table.columns) == 1 + 3 + 1  # measure, the three most challenged districts, municipality
    chosen = at.multiselect(key="jamfor_stadsdelar")
    chosen.set_value([*chosen.value, "1283R009"]).run()
    assert not at.exception
    table = at.table[0].value.reset_index()
    assert "Helsingborg centrum-Slottshöjden västra" in table.columns
    assert len(table.columns) == 1 + 4 + 1


def test_insatser_period_and_grouping(open_page, plotly_specs):
    at = open_page("insatser")
    at.radio(key="insatser_period").set_value("all").run()
    at.radio(key="insatser_grupp").set_value("kon").run()
    assert not at.exception
    assert any("Alla år" in t.value or "alla år" in t.value for t in at.subheader)
    assert len(plotly_specs(at)) >= 2


def test_data_page_row_counts_add_up(open_page, plotly_specs):
    at = open_page("data")
    summary = at.dataframe[0].value
    for row in summary.itertuples(index=False):
        read, accepted, rejected = (int(str(v).replace(NBSP, "")) for v in row[1:4])
        assert read == accepted + rejected
    assert any("Ladda ned" in b.label for b in at.get("download_button"))


EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "intake" / "arende_export.csv"


def test_data_page_import_shows_report_and_keeps_a_version(open_page):
    at = open_page("data")
    at.file_uploader(key="import_fil").upload("arende_export.csv", EXPORT.read_bytes(), "text/csv").run()
    assert not at.exception, at.exception
    labels = {m.label: m.value for m in at.metric}
    assert labels["Rader lästa"] == "5"
    assert int(labels["Godkända"]) + int(labels["Avvisade"]) == 5
    assert not any("19121212" in str(e.value) for e in [*at.markdown, *at.info, *at.dataframe, *at.caption])
    at.button(key="import_godkann").click().run()
    assert not at.exception, at.exception
    # The dashboard now uses the imported participants; the notice says so on every page.
    assert any("er egen import" in w.value for w in at.warning)
    table = next(d.value for d in reversed(at.dataframe) if "Används" in d.value.columns)  # the audit log is last
    assert list(table["Används"]) == ["ja"]


def test_data_page_refuses_import_without_a_key(open_page, monkeypatch):
    monkeypatch.delenv("STADSDEL_PSEUDONYM_KEY")
    at = open_page("data")
    assert not at.exception
    assert any("STADSDEL_PSEUDONYM_KEY" in e.value for e in at.error)


AREA_TYPES = Path(__file__).resolve().parents[1] / "fixtures" / "intake" / "omradestyp_helsingborg.csv"


def test_data_page_scb_import_updates_the_map(open_page, plotly_specs):
    at = open_page("data")
    at.file_uploader(key="scb_fil").upload("omradestyp.csv", AREA_TYPES.read_bytes(), "text/csv").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Matchade"] == "3"
    assert metrics["Ej matchade"] == "1"
    at.button(key="scb_godkann").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/karta.py").run()
    at.selectbox(key="matt").set_value("omradestyp").run()
    at.sidebar.selectbox(key="ar").set_value(2022).run()
    spec = plotly_specs(at)[0]
    type_2 = next(t for t in spec["data"] if t.get("name", "").startswith("Typ 2"))
    assert "1283R005" in type_2["locations"]  # Drottninghög, type 1 in the demo, is type 2 in this import


def test_segregation_page_group_and_b(open_page, plotly_specs):
    at = open_page("segregation")
    metrics = {m.label: m.value for m in at.metric}
    # Only the segregation section's D has the bare name (the placements' metric says whose it is).
    assert [m.label for m in at.metric].count("Olikhetsindex (D)") == 1
    # Helsingborg 2025, foreign-born: D = 0.287 (hand-checked against PySAL in tests/analysis).
    assert metrics["Olikhetsindex (D)"] == "0,29"
    at.radio(key="seg_grupp").set_value("lag_ekonomisk_standard").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Olikhetsindex (D)"] == "0,31"
    at.number_input(key="seg_b").set_value(0.8).run()
    assert not at.exception
    names = [t["name"] for t in plotly_specs(at)[0]["data"]]
    assert "Atkinson" in names
    assert any("Träffsäkerhet" in m.label for m in at.metric)
    at.selectbox(key="seg_insats").set_value("nyanstallning").run()
    assert not at.exception


def test_insatser_lasting_outcomes_and_funnel(open_page, plotly_specs):
    at = open_page("insatser")
    at.radio(key="insatser_uppfoljning").set_value("12m").run()
    at.radio(key="insatser_varaktig_grupp").set_value("malgrupp").run()
    assert not at.exception
    at.selectbox(key="insatser_tratt").set_value("jobbcoachning").run()
    assert not at.exception
    specs = plotly_specs(at)
    # The districts' funnel plot (the value scenario's chart comes after it on the page).
    assert any("gräns" in (t.get("name") or "") for spec in specs for t in spec["data"])


def test_link_with_districts_opens_that_comparison(open_page):
    at = open_page("jamfor", {"kommun": "1283", "ar": "2023", "stadsdel": "1283R019,1283R026,XYZ"})
    assert not at.exception
    assert "2023" in at.title[0].value
    assert at.multiselect(key="jamfor_stadsdelar").value == ["1283R019", "1283R026"]
    table = at.table[0].value  # the all-measures table: district names are its columns
    assert "Planteringen-Miatorp västra" in table.columns
    assert "Söder-Oceanhamnen-Oljehamnen" in table.columns
    assert any("XYZ" in t.value for t in at.toast)


def test_map_profile_from_link_and_add_to_comparison(open_page):
    at = open_page("karta", {"stadsdel": "1283R005"})
    assert not at.exception
    assert any("Profil: Drottninghög" in h.value for h in at.subheader)
    at.switch_page("pages/jamfor.py").run()
    assert "1283R005" in at.multiselect(key="jamfor_stadsdelar").value
