"""Issue 12 through AppTest on the shipped demo data: the Handlingsplan page (measures by actor, status and
evidence, a measure's linked indicators with the honest caveat and the difference-in-differences, the
activities per district), housing for newly arrived on the Segregation page, the value scenario on Insatser,
the new map measures, and the Data page's import of the new tables (report, rejected rows, a new version)."""

from __future__ import annotations

import re

import pandas as pd

from analysis.files_in.dataset import DEFAULT_ROOT, load_dataset
from texts import en, sv

NBSP = "\u00a0"
HELSINGBORG = load_dataset(DEFAULT_ROOT / "helsingborg")


def _text(at) -> str:
    parts = [e.value for e in [*at.markdown, *at.title, *at.caption, *at.info, *at.warning, *at.subheader]]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def _metric(at, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def test_handlingsplan_shows_every_measure_and_the_caveat(open_page, plotly_specs):
    at = open_page("handlingsplan")
    assert not at.exception, at.exception
    assert at.title[0].value == sv.plan_title("Helsingborg")
    assert _metric(at, sv.PLAN_METRIC_MEASURES) == str(len(HELSINGBORG.plan))
    running = int((HELSINGBORG.plan["status"] == "pagaende").sum())
    assert _metric(at, sv.PLAN_STATUS_LABELS["pagaende"]) == str(running)
    # The timeline draws one bar per measure, grouped by the responsible actor (two-level axis, wrapped names).
    timeline = plotly_specs(at)[0]
    levels = [trace["y"] for trace in timeline["data"] if trace.get("type") == "bar"]
    titles = {str(t).replace("<br>", " ") for y in levels for t in y[1]}
    assert titles == set(HELSINGBORG.plan["titel"])
    text = _text(at)
    assert sv.PLAN_NOT_PROOF in text
    assert "Skillnad-i-skillnader" in text or any(m in text for m in sv._DID_MISSING.values())


def test_handlingsplan_filters_narrow_the_measures(open_page):
    at = open_page("handlingsplan")
    at.multiselect(key="plan_status").set_value(["genomford"]).run()
    assert not at.exception, at.exception
    done = int((HELSINGBORG.plan["status"] == "genomford").sum())
    assert _metric(at, sv.PLAN_METRIC_MEASURES) == str(done)
    assert sv.plan_filtered(done, len(HELSINGBORG.plan)) in [m.help for m in at.metric]


def test_handlingsplan_measure_with_enough_years_gets_a_difference_in_differences(open_page):
    at = open_page("handlingsplan")
    early = "A01"  # started 2018 in named districts: years before and after, comparable districts
    at.selectbox(key="plan_atgard").set_value(early).run()
    assert not at.exception, at.exception
    text = _text(at)
    assert re.search(r"Skillnad-i-skillnader \d{4}–\d{4}:", text), "the earliest measure has years before and after"
    assert "95 % intervall" in text
    assert "inget bevis för effekt" in text


def test_handlingsplan_activities_counts_are_published(open_page, plotly_specs):
    at = open_page("handlingsplan")
    tables = [d.value for d in at.dataframe if sv.ACTIVITIES_MEASURE_COLUMNS["participants"] in d.value.columns]
    assert tables, "the activities per measure table is shown"
    for frame in tables:
        for value in frame[sv.ACTIVITIES_MEASURE_COLUMNS["participants"]]:
            digits = str(value).replace(NBSP, "")
            if digits.isdigit():
                assert int(digits) % 5 == 0, value


def test_handlingsplan_in_english(open_page):
    at = open_page("handlingsplan", {"lang": "en"})
    assert not at.exception, at.exception
    assert at.title[0].value == en.plan_title("Helsingborg")
    assert en.PLAN_NOT_PROOF in _text(at)


def test_segregation_page_answers_are_we_spreading_them_out(open_page, plotly_specs):
    at = open_page("segregation")
    assert not at.exception, at.exception
    assert any(h.value == sv.PLACEMENTS_TITLE for h in at.subheader)
    persons = _metric(at, sv.placements_persons(2025))
    digits = persons.replace(NBSP, "")
    assert digits.isdigit() and int(digits) % 5 == 0
    text = _text(at)
    assert "D = " in text and ("slumpen" in text or "slumpvis" in text)
    # One name for the index: the placements' D is called what the segregation indices call it, and its
    # metric says it is the placements' (the page's segregation D above has the bare name).
    assert (
        sv.PLACEMENTS_D.startswith(sv.INDEX_LABELS["dissimilarity"])
        and sv.INDEX_LABELS["dissimilarity"] != sv.PLACEMENTS_D
    )
    assert en.PLACEMENTS_D.startswith(en.INDEX_LABELS["dissimilarity"])
    assert _metric(at, sv.PLACEMENTS_D)
    assert "Ojämnhetsindex" not in text


def test_insatser_value_scenario_says_scenario_and_follows_the_assumptions(open_page):
    at = open_page("insatser", {"ar": "2024"})
    assert not at.exception, at.exception
    assert any(h.value == sv.VALUE_TITLE for h in at.subheader)
    assert any(sv.VALUE_NOT_EFFECT in w.value for w in at.warning)
    sentence = next(m.value for m in at.markdown if m.value.startswith("**Scenario:**"))
    found = re.findall(r"\*\*([\d ,]+)–([\d ,]+) Mkr", sentence)[0]
    low, high = (float(x.replace(",", ".").replace(NBSP, "")) for x in found)
    assert low <= high
    # The central value is every assumption at its midpoint, not the middle of the range low–high.
    assert "med varje antagande i mitten av sitt intervall" in sentence and "mitt i intervallet" not in sentence
    at.slider(key="varde_dodvikt").set_value((90, 100)).run()
    assert not at.exception, at.exception
    after = next(m.value for m in at.markdown if m.value.startswith("**Scenario:**"))
    new_high = float(re.findall(r"–([\d ,]+) Mkr", after)[0].replace(",", ".").replace(NBSP, ""))
    assert new_high < high, "more deadweight, less avoided cost"


def test_karta_draws_the_placements_measure(open_page, plotly_specs):
    at = open_page("karta", {"matt": "placerade_per_1000", "ar": "2024"})
    assert not at.exception, at.exception
    assert not at.toast, "the measure is known"
    drawn = [loc for trace in plotly_specs(at)[0]["data"] for loc in trace.get("locations", [])]
    assert len(set(drawn)) == 31


def test_karta_offers_the_activity_measures(open_page):
    at = open_page("karta")
    options = at.selectbox(key="matt").options
    assert sv.MEASURE_LABELS["aktiviteter_per_1000"] in options
    assert sv.MEASURE_LABELS["placerade_per_1000"] in options


def _upload_activities(at, content: bytes):
    at.selectbox(key="tabell_typ").set_value("aktiviteter").run()
    at.file_uploader(key="tabell_fil_aktiviteter").upload("aktiviteter.csv", content, "text/csv").run()
    assert not at.exception, at.exception
    return at


def test_data_page_imports_an_activity_log_with_its_report(open_page):
    good = "datum;stadsdel_kod;typ;arrangor;deltagare;rakning;atgard_id\n"
    good += "2025-03-04;1283R005;sprakcafe;Röda Korset;12;raknat;\n"
    good += "2025-03-11;1283R005;läxhjälp;Skolan;8;uppskattat;\n"
    bad = "2025-03-18;9999R999;traff;Föreningen;5;raknat;\n"
    at = _upload_activities(open_page("data"), (good + bad).encode("utf-8"))
    labels = {m.label: m.value for m in at.metric}
    assert labels["Rader lästa"] == "3" and labels["Godkända"] == "2" and labels["Avvisade"] == "1"
    columns = sv.IMPORT_ISSUE_COLUMNS
    issues = next(d.value for d in at.dataframe if columns["meddelande"] in d.value.columns)
    rejected = issues[issues[columns["allvarlighet"]].astype(str) == sv.IMPORT_SEVERITY_LABELS["fel"]]
    assert list(rejected[columns["rad"]].astype(str)) == ["4"]
    assert list(rejected[columns["kolumn"]].astype(str)) == ["stadsdel_kod"]
    assert "9999R999" in str(rejected[columns["meddelande"]].iloc[0])
    at.button(key="tabell_godkann_aktiviteter").click().run()
    assert not at.exception, at.exception
    versions = [d.value for d in at.dataframe if "Används" in d.value.columns]
    assert any(isinstance(v, pd.DataFrame) and list(v["Används"]) == ["ja"] for v in versions)


def test_data_page_offers_the_templates(open_page):
    at = open_page("data")
    keys = {b.proto.id for b in at.get("download_button")}
    assert any(k.endswith("tabell_mall_xlsx") for k in keys)
    assert sum(1 for k in keys if "tabell_mall_" in k) == 5


def test_segregation_housing_type_narrows_the_placements(open_page):
    at = open_page("segregation")
    everyone = _metric(at, sv.placements_persons(2025))
    at.radio(key="nyanlanda_boendetyp").set_value("modulbostad").run()
    assert not at.exception, at.exception
    modular = _metric(at, sv.placements_persons(2025))
    as_number = lambda text: int(text.replace(NBSP, "")) if text.replace(NBSP, "").isdigit() else 0  # noqa: E731
    assert as_number(modular) <= as_number(everyone)


def test_years_and_housing_without_data_say_so_instead_of_failing(open_page):
    # The demo's activity log starts in 2020 and its modular homes in 2017.
    at = open_page("handlingsplan", {"ar": "2016"})
    assert not at.exception, at.exception
    assert any(sv.strategy_chart_empty("activities", "no_data") == i.value for i in at.info)
    at = open_page("segregation", {"ar": "2016"})
    at.radio(key="nyanlanda_boendetyp").set_value("modulbostad").run()
    assert not at.exception, at.exception
    at = open_page("insatser", {"ar": "2016"})
    assert not at.exception, at.exception


def test_handlingsplan_target_year_still_to_come_is_not_missing_data(open_page):
    """Tierp's T04 has one linked indicator, the enrolments of 2026, after the register's last year: the page
    draws its row saying the target year has not come, not "Uppgift saknas" or an empty chart's notice."""
    at = open_page("handlingsplan", {"kommun": "0360"})
    at.selectbox(key="plan_atgard").set_value("T04").run()
    assert not at.exception, at.exception
    status = sv.PLAN_PROGRESS_COLUMNS["status"]
    progress = next(d.value for d in at.dataframe if status in d.value.columns)
    assert list(progress[status]) == [sv.plan_progress_status("ej_an", 2026)]
    assert "Målåret 2026 har inte kommit än" in progress[status].iloc[0]
    assert not any(sv.strategy_chart_empty("progress", "missing") == i.value for i in at.info)
