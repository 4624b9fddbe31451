"""The integration strategy's four tables (analysis.files_in.strategy): the corpus of bad and awkward files
in tests/fixtures/strategy/, the loaded frames and their dtypes, the templates read back, validate_file and
the CLI, load_dataset's cross-checks, and the import through intake into the store and back."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import vocab
from analysis.files_in import dataset, intake, loaders, strategy
from analysis.files_in.dataset import Dataset, load_dataset, with_imports
from analysis.files_in.validation import ERROR, WARNING, DataError, ValidationReport
from analysis.keeping.audit import ROLE_STEWARD, Actor
from analysis.keeping.store import Store, StoreError
from tests.cli_support import run

#: Who accepts imports in these tests (issue 13: the store takes an actor).
STEWARD = Actor(name="test", role=ROLE_STEWARD, method="cli")

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "fixtures" / "strategy"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
TIERP = ROOT / "data" / "demo" / "tierp"
TESTBY = ROOT / "tests" / "fixtures" / "loaders" / "testby"
KINDS = {
    "plan": strategy.PLAN,
    "ind": strategy.PLAN_INDICATORS,
    "plac": strategy.PLACEMENTS,
    "akt": strategy.ACTIVITIES,
}
PLAN_IDS = {"A1", "A2", "A3"}
PNR_TEXTS = ("19121212-1212", "191212121212", "121212-1212", "1212121212")
TRACEBACK_TEXTS = ("Traceback", 'File "', "Error:", "Exception", "\\x")
MISSING_VALUE = re.compile(r"\b(?:None|nan|NaN|NaT)\b|<NA>")


@pytest.fixture(scope="module")
def codes() -> tuple[set[str], set[str]]:
    districts = set(loaders.load_districts(HELSINGBORG / "stadsdelar.csv")["stadsdel_kod"])
    programmes = set(loaders.load_programmes(HELSINGBORG / "insatser.csv")["insats"])
    return districts, programmes


def issue(row, column, severity, contains):
    return {"row": row, "column": column, "severity": severity, "contains": contains}


# file → expected outcome: either "error" (a DataError whose message contains it) or row counts and issues.
CASES: dict[str, dict] = {
    "plan_01_varianter.csv": {
        "counts": (3, 3, 0),
        "issues": [
            issue(None, "status", WARNING, '"Pågår" lästes som pagaende'),
            issue(None, "status", WARNING, '"Genomförd" lästes som genomford'),
            issue(None, "evidens", WARNING, '"lokal erfarenhet" lästes som lokal_erfarenhet'),
            issue(None, "stadsdelar", WARNING, '"Hela kommunen" lästes som alla'),
            issue(None, "stadsdelar", WARNING, '"1283r005" lästes som 1283R005'),
            issue(None, "partner", WARNING, 'kolumnen "Samarbetspartners" (kolumn E) lästes som partner'),
        ],
    },
    "plan_02_saknad_kolumn.csv": {"error": "kolumn saknas: evidens"},
    "plan_03_dubbel_kolumn.csv": {"error": 'kolumnerna "titel" (kolumn B) och "rubrik" (kolumn C) betyder båda titel'},
    "plan_03b_samma_rubrik.csv": {"error": 'kolumnen "titel" förekommer mer än en gång i rubrikraden (kolumn B och C)'},
    "plan_04_tom.csv": {"error": "filen är tom"},
    "plan_05_bara_rubrik.csv": {
        "counts": (0, 0, 0),
        "issues": [issue(None, None, WARNING, "bara rubrikraden, inga åtgärder")],
    },
    "plan_06_okand_stadsdel.csv": {
        "counts": (3, 1, 2),
        "issues": [
            issue(3, "stadsdelar", ERROR, 'okänd stadsdelskod "9999R001"'),
            issue(4, "stadsdelar", ERROR, "värde saknas"),
        ],
    },
    "plan_07_datum.csv": {
        "counts": (4, 1, 3),
        "issues": [
            issue(2, "startdatum", ERROR, "ogiltigt datum: månad 13 finns inte"),
            issue(3, "slutdatum", ERROR, "slutdatum ligger före startdatum"),
            issue(4, "startdatum", ERROR, "årtalet har bara två siffror"),
        ],
    },
    "plan_08_dubblett.csv": {
        "counts": (3, 2, 1),
        "issues": [issue(3, "atgard_id", ERROR, "samma atgard_id som rad 2")],
    },
    "plan_09_personnummer.csv": {
        "counts": (2, 1, 1),
        "issues": [issue(2, "beskrivning", ERROR, "ser ut som ett personnummer")],
    },
    "plan_10_okanda_koder.csv": {
        "counts": (3, 0, 3),
        "issues": [
            issue(2, "status", ERROR, 'okänt värde "avbruten" i status; tillåtna värden: planerad, pagaende'),
            issue(3, "evidens", ERROR, 'okänt värde "magkänsla" i evidens'),
            issue(4, "titel", ERROR, "värde saknas"),
            issue(4, "ansvarig", ERROR, "värde saknas"),
        ],
    },
    "plan_11_varningar.csv": {
        "counts": (3, 2, 1),
        "issues": [
            issue(2, "slutdatum", WARNING, "status är genomford men slutdatum saknas"),
            issue(2, "evidens_kalla", WARNING, "evidens är forskning men källan saknas"),
            issue(3, "partner", ERROR, "e-postadress eller ett telefonnummer; raden avvisas"),
            issue(4, "stadsdelar", WARNING, "alla betyder hela kommunen"),
            issue(4, "evidens_kalla", WARNING, "evidens är effekt_annanstans men källan saknas"),
        ],
    },
    "plan_12_tomma_rader.csv": {
        "counts": (3, 2, 1),
        "issues": [
            issue(None, None, WARNING, "rubrikraden hittades på rad 3"),
            issue(5, None, WARNING, "tom rad; hoppas över"),
        ],
    },
    "plan_13_arbetsbok.xlsx": {
        "counts": (2, 1, 1),
        "issues": [issue(3, "stadsdelar", ERROR, 'okänd stadsdelskod "9999R001"')],
    },
    "ind_01_varianter.csv": {
        "counts": (5, 5, 0),
        "issues": [
            issue(None, "atgard_id", WARNING, 'kolumnen "Åtgärd" (kolumn A) lästes som atgard_id'),
            issue(None, "indikator", WARNING, '"Utrikes födda" lästes som utrikes_fodda'),
            issue(6, "malvarde", WARNING, "målvärdet 0,7 läses som procent"),
        ],
    },
    "ind_02_fel.csv": {
        "counts": (11, 1, 10),
        "issues": [
            issue(2, "atgard_id", ERROR, 'åtgärden "A9" finns inte i handlingsplanen'),
            issue(3, "indikator", ERROR, 'okänd indikator "arbetslöshet"'),
            issue(4, "indikator", ERROR, 'okänd insats "golf"'),
            issue(5, "malvarde", ERROR, "mellan 0 och 100"),
            issue(6, "malvarde", ERROR, "får inte vara negativt"),
            issue(7, "malvarde", ERROR, "måste vara ett heltal"),
            issue(8, "malar", ERROR, 'årtal med fyra siffror, inte "26"'),
            issue(9, "malar", ERROR, "mellan 2000 och 2100"),
            issue(11, "atgard_id", ERROR, "samma atgard_id och indikator som rad 10"),
            issue(12, "malvarde", ERROR, "värde saknas"),
        ],
    },
    "plac_01_varianter.csv": {
        "counts": (4, 4, 0),
        "issues": [
            issue(None, "boendetyp", WARNING, '"lägenhet" lästes som lagenhet'),
            issue(None, "boendetyp", WARNING, '"Korridorboende" lästes som korridor'),
            issue(None, "stadsdel_kod", WARNING, '"1283r005" lästes som 1283R005'),
        ],
    },
    "plac_02_fel.csv": {
        "counts": (10, 1, 9),
        "issues": [
            issue(2, "hushall", ERROR, 'måste vara ett heltal ≥ 0, inte "-1"'),
            issue(3, "personer", ERROR, "personer (2) är färre än hushall (4)"),
            issue(4, "hushall", ERROR, "hushall är 0 men personer är 3"),
            issue(5, "stadsdel_kod", ERROR, 'okänd stadsdelskod "9999R001"'),
            issue(6, "boendetyp", ERROR, 'okänt värde "villa" i boendetyp'),
            issue(7, "ar", ERROR, 'årtal med fyra siffror, inte "24"'),
            issue(8, "ar", ERROR, "mellan 1990 och 2100"),
            issue(10, "ar", ERROR, "samma ar, stadsdel_kod och boendetyp som rad 9"),
            issue(11, "hushall", ERROR, 'inte "två"'),
        ],
    },
    "akt_01_varianter.csv": {
        "counts": (4, 4, 0),
        "issues": [
            issue(None, "typ", WARNING, '"Språkcafé" lästes som sprakcafe'),
            issue(None, "typ", WARNING, '"Volontärgrupp" lästes som volontargrupp'),
            issue(None, "rakning", WARNING, '"ungefär" lästes som uppskattat'),
            issue(5, "atgard_id", WARNING, 'åtgärden "A7" finns inte i handlingsplanen'),
        ],
    },
    "akt_02_fel.csv": {
        "counts": (11, 3, 8),
        "issues": [
            issue(2, "datum", ERROR, "dag 31 finns inte i månad 2"),
            issue(3, "stadsdel_kod", ERROR, 'okänd stadsdelskod "9999R001"'),
            issue(4, "typ", ERROR, 'okänt värde "fotboll" i typ'),
            issue(5, "deltagare", ERROR, 'inte "-4"'),
            issue(6, "arrangor", ERROR, "värde saknas"),
            issue(7, "arrangor", ERROR, "ser ut som ett personnummer"),
            issue(8, "arrangor", ERROR, "e-postadress eller ett telefonnummer"),
            issue(10, "datum", WARNING, "samma innehåll som rad 9"),
            issue(11, "rakning", WARNING, "rakning är ifylld men deltagare saknas"),
            issue(12, "rakning", ERROR, 'okänt värde "gissat" i rakning'),
        ],
    },
    "akt_03_cp1252.csv": {
        "counts": (1, 1, 0),
        "issues": [
            issue(None, None, WARNING, "Windows-1252"),
            issue(None, "rakning", WARNING, '"räknat" lästes som raknat'),
        ],
    },
    "akt_04_arbetsbok.xlsx": {
        "counts": (2, 2, 0),
        "issues": [issue(None, "typ", WARNING, '"Språkcafé" lästes som sprakcafe')],
    },
}


def load_case(name: str, codes) -> tuple[pd.DataFrame | None, ValidationReport, str]:
    districts, programmes = codes
    kind = KINDS[name.split("_")[0]]
    try:
        frame, report = strategy.load_table(
            kind, CORPUS / name, district_codes=districts, programme_codes=programmes, plan_ids=PLAN_IDS
        )
    except DataError as exc:
        report = exc.report or ValidationReport(name)
        return None, report, str(exc) + "\n" + report.format_text()
    return frame, report, report.format_text() + "\n" + report.to_frame().to_csv()


def test_corpus_is_what_the_script_writes_and_every_file_has_a_case(tmp_path):
    spec = importlib.util.spec_from_file_location("make_strategy_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.files()
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".py"}
    assert on_disk == set(written) == set(CASES)
    for name, content in written.items():
        assert (CORPUS / name).read_bytes() == content, f"{name}: run tests/fixtures/strategy/make_corpus.py"


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_case(name, codes):
    case = CASES[name]
    frame, report, text = load_case(name, codes)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    for needle in PNR_TEXTS:
        assert needle not in text, f"identity number shown in {name}"
    for needle in TRACEBACK_TEXTS:
        assert needle not in text, f"{needle!r} in {name}:\n{text}"
    assert not MISSING_VALUE.search(text), text
    if "error" in case:
        assert frame is None
        first = text.splitlines()[0]
        assert first.startswith(f"{name}: ") and case["error"] in first, first
        assert report.rows_accepted == 0
        return
    assert frame is not None, text
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == case["counts"], text
    assert len(frame) == report.rows_accepted
    assert len(report.rejected_rows) == report.rows_rejected
    for expected in case["issues"]:
        matches = [
            i
            for i in report.issues
            if i.row == expected["row"]
            and i.column == expected["column"]
            and i.severity == expected["severity"]
            and expected["contains"] in i.message
        ]
        assert matches, f"missing {expected} in\n{text}"
    # Every error names a row that is rejected; nothing else is rejected but empty rows.
    error_rows = {i.row for i in report.errors if i.row is not None}
    empty_rows = {i.row for i in report.warnings if "tom rad" in i.message}
    assert set(report.rejected_rows) == error_rows | empty_rows
    assert list(frame.columns) == list(strategy.empty(KINDS[name.split("_")[0]]).columns)


def assert_dtypes(frame: pd.DataFrame, kind: str) -> None:
    expected = strategy.empty(kind)
    assert list(frame.columns) == list(expected.columns)
    assert frame.dtypes.to_dict() == expected.dtypes.to_dict(), kind


@pytest.mark.parametrize("name", [n for n in CASES if "error" not in CASES[n]])
def test_frames_have_the_contract_dtypes_even_when_empty(name, codes):
    frame, _, _ = load_case(name, codes)
    assert_dtypes(frame, KINDS[name.split("_")[0]])


def test_plan_values(codes):
    frame, _, _ = load_case("plan_01_varianter.csv", codes)
    plan = frame.set_index("atgard_id")
    assert plan.loc["A1", "partner"] == ("Biblioteket", "Studieförbundet", "Röda Korset")
    assert plan.loc["A2", "partner"] == ("Föreningen Läxhjälpen", "Bostadsbolaget")
    assert plan.loc["A3", "partner"] == ()
    assert plan.loc["A1", "stadsdelar"] == ("1283R005", "1283R019")
    assert not plan.loc["A1", "hela_kommunen"]
    # "Hela kommunen" is every district of the data set.
    assert plan.loc["A2", "hela_kommunen"] and set(plan.loc["A2", "stadsdelar"]) == codes[0]
    assert plan.loc["A2", "startdatum"] == pd.Timestamp("2023-08-15")
    assert plan.loc["A2", "slutdatum"] == pd.Timestamp("2024-06-20")
    assert pd.isna(plan.loc["A1", "slutdatum"])
    assert list(plan["status"]) == ["pagaende", "genomford", "planerad"]
    assert list(plan["evidens"]) == ["forskning", "lokal_erfarenhet", "ingen"]
    assert plan.loc["A1", "evidens_kalla"] == "Rapport 2020" and plan.loc["A3", "beskrivning"] == ""


def test_indicator_placement_and_activity_values(codes):
    indicators, _, _ = load_case("ind_01_varianter.csv", codes)
    assert list(indicators["indikator"]) == [
        "utrikes_fodda",
        "utfall:alla",
        "utfall:jobbcoachning",
        "insats:nyanstallning",
        "forvarvsarbetande_20_64",
    ]
    assert list(indicators["malvarde"]) == [30.0, 45.5, 50.0, 25.0, 0.7]
    assert list(indicators["malar"]) == [2026, 2026, 2027, 2027, 2027]

    placements, _, _ = load_case("plac_01_varianter.csv", codes)
    assert list(placements["personer"]) == [31, 1200, 3, 0]
    assert list(placements["boendetyp"]) == ["modulbostad", "lagenhet", "korridor", "modulbostad"]
    assert list(placements["stadsdel_kod"]) == ["1283R005", "1283R019", "1283R005", "1283R005"]

    activities, _, _ = load_case("akt_01_varianter.csv", codes)
    assert list(activities["typ"]) == ["sprakcafe", "laxhjalp", "volontargrupp", "traff"]
    # Counted by default when a number is given; nothing when no number is.
    assert list(activities["rakning"]) == ["uppskattat", "raknat", "", "uppskattat"]
    assert activities["deltagare"].tolist()[:2] == [14, 9] and pd.isna(activities["deltagare"][2])
    assert list(activities["ar"]) == [2024] * 4
    assert activities.loc[1, "datum"] == pd.Timestamp("2024-03-12")
    assert list(activities["atgard_id"]) == ["A1", "A2", "", "A7"]

    workbook, _, _ = load_case("akt_04_arbetsbok.xlsx", codes)
    assert list(workbook["datum"]) == [pd.Timestamp("2024-05-14"), pd.Timestamp("2024-05-21")]
    assert workbook["deltagare"].tolist()[0] == 11 and pd.isna(workbook["deltagare"][1])


def test_atgard_id_in_another_case_takes_the_plans_spelling(codes):
    data = strategy.template_csv(strategy.ACTIVITIES).replace(b";A1\r\n", b";a1\r\n")
    frame, report = strategy.load_table(
        strategy.ACTIVITIES, data, "aktiviteter.csv", district_codes=codes[0], plan_ids={"A1"}
    )
    assert frame.loc[0, "atgard_id"] == "A1"
    assert any('"a1" lästes som A1' in i.message for i in report.warnings)


def test_plan_workbook_reads_both_sheets_and_links_indicators_to_accepted_measures(codes):
    (plan, plan_report), indicators = strategy.read_plan_workbook(
        CORPUS / "plan_13_arbetsbok.xlsx", district_codes=codes[0], programme_codes=codes[1]
    )
    assert plan_report.file == "plan_13_arbetsbok.xlsx (blad Åtgärder)"
    assert list(plan["atgard_id"]) == ["A1"]
    frame, report = indicators
    assert report.file == "plan_13_arbetsbok.xlsx (blad Indikatorer)"
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (2, 1, 1)
    (error,) = report.errors
    assert (error.row, error.column) == (3, "atgard_id") and '"A2"' in error.message
    assert list(frame["atgard_id"]) == ["A1"]
    # A CSV plan has no indicator sheet.
    assert strategy.read_plan_workbook(strategy.template_csv(strategy.PLAN), "handlingsplan.csv")[1] is None


def test_without_plan_ids_the_link_is_not_checked_but_said(codes):
    _, report = strategy.load_table(strategy.PLAN_INDICATORS, CORPUS / "ind_02_fel.csv", programme_codes=codes[1])
    assert not any(i.row == 2 and i.column == "atgard_id" for i in report.issues)
    assert any(i.row is None and "kontrollerades inte" in i.message for i in report.warnings)


# ----------------------------------------------------------------------------- templates

TEMPLATE_DISTRICTS = {"1283R005", "1283R019"}
TEMPLATE_PROGRAMMES = {"jobbcoachning"}


@pytest.mark.parametrize("kind", strategy.TABLE_KINDS)
def test_csv_template_reads_back_through_the_loader(kind):
    data = strategy.template_csv(kind)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    first = text.split("\r\n")[0]
    assert first == ";".join(strategy.COLUMNS[kind])
    assert text.count("\r\n") == 3 and "\n" not in text.replace("\r\n", "")
    frame, report = strategy.load_table(
        kind,
        data,
        f"{kind}.csv",
        district_codes=TEMPLATE_DISTRICTS,
        programme_codes=TEMPLATE_PROGRAMMES,
        plan_ids={"A1", "A2"},
    )
    assert report.issues == [], report.format_text()
    assert report.rows_accepted == 2
    assert_dtypes(frame, kind)


def test_xlsx_template_sheets_and_instructions():
    data = strategy.template_xlsx()
    assert data == strategy.template_xlsx()  # same bytes every time
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Instruktioner", "Åtgärder", "Indikatorer", "Placeringar", "Aktiviteter"]
    guide = "\n".join(
        " ".join(str(c) for c in row if c is not None) for row in workbook["Instruktioner"].iter_rows(values_only=True)
    )
    for kind in strategy.TABLE_KINDS:
        sheet = workbook[strategy.SHEETS[kind]]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == strategy.COLUMNS[kind]
        assert len(rows) == 3
        for column in strategy.COLUMNS[kind]:
            assert column in guide
    for values in (vocab.PLAN_STATUSES, vocab.EVIDENCE_KINDS, vocab.HOUSING_TYPES, vocab.ACTIVITY_KINDS):
        assert ", ".join(values) in guide
    assert "åtskilda med ; eller |" in guide and "personnummer" in guide
    assert workbook["Aktiviteter"]["A2"].is_date and workbook["Placeringar"]["D2"].value == 4


@pytest.mark.parametrize("kind", strategy.TABLE_KINDS)
def test_xlsx_template_reads_back_through_the_loader(kind):
    preview = intake.preview_table(
        kind,
        strategy.template_xlsx(),
        "mall.xlsx",
        district_codes=TEMPLATE_DISTRICTS,
        programme_codes=TEMPLATE_PROGRAMMES,
        plan_ids={"A1", "A2"},
    )
    assert preview.report.ok and preview.report.rows_accepted == 2, preview.report.format_text()
    assert preview.report.file == f"mall.xlsx (blad {strategy.SHEETS[kind]})"
    assert preview.sheets == ["Instruktioner", "Åtgärder", "Indikatorer", "Placeringar", "Aktiviteter"]
    csv_frame, _ = strategy.load_table(
        kind,
        strategy.template_csv(kind),
        district_codes=TEMPLATE_DISTRICTS,
        programme_codes=TEMPLATE_PROGRAMMES,
        plan_ids={"A1", "A2"},
    )
    pd.testing.assert_frame_equal(preview.frame, csv_frame)


# ----------------------------------------------------------------------------- validate_file and the CLI


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("handlingsplan.csv", strategy.PLAN),
        ("Handlingsplan 2024.xlsx", strategy.PLAN),
        ("handlingsplan_indikatorer.csv", strategy.PLAN_INDICATORS),
        ("placeringar.xlsx", strategy.PLACEMENTS),
        ("aktiviteter_2024.csv", strategy.ACTIVITIES),
        ("deltagare.csv", None),
        ("handlingsplan.pdf", None),
    ],
)
def test_file_names_pick_the_rules(name, kind):
    assert loaders.strategy_kind(name) == kind
    assert loaders.is_participant_file(name) == (kind is None)


@pytest.mark.parametrize(
    ("source", "name", "counts"),
    [
        ("plan_06_okand_stadsdel.csv", "handlingsplan.csv", (3, 1, 2)),
        ("ind_02_fel.csv", "handlingsplan_indikatorer.csv", (11, 1, 10)),
        ("plac_02_fel.csv", "placeringar.csv", (10, 1, 9)),
        ("akt_02_fel.csv", "aktiviteter.csv", (11, 3, 8)),
        ("akt_04_arbetsbok.xlsx", "aktiviteter.xlsx", (2, 2, 0)),
        ("plan_02_saknad_kolumn.csv", "handlingsplan.csv", (1, 0, 1)),
    ],
)
def test_validate_file_on_each_kind(tmp_path, codes, source, name, counts):
    path = tmp_path / name
    shutil.copy(CORPUS / source, path)
    report = loaders.validate_file(path, *codes, plan_ids=PLAN_IDS)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == counts, report.format_text()
    assert report.ok == (counts[2] == 0)


def test_validate_file_adds_up_a_plan_workbook(tmp_path, codes):
    path = tmp_path / "handlingsplan.xlsx"
    shutil.copy(CORPUS / "plan_13_arbetsbok.xlsx", path)
    reports = loaders.validate_file_reports(path, *codes)
    assert [r.file for r in reports] == ["handlingsplan.xlsx (blad Åtgärder)", "handlingsplan.xlsx (blad Indikatorer)"]
    report = loaders.validate_file(path, *codes)
    assert (report.file, report.rows_read, report.rows_accepted, report.rows_rejected) == (
        "handlingsplan.xlsx",
        4,
        2,
        2,
    )
    assert {i.message.split(":")[0] for i in report.errors} == {"blad Åtgärder", "blad Indikatorer"}
    # One sheet by name: just that table.
    (only,) = loaders.validate_file_reports(path, *codes, sheet="Åtgärder")
    assert only.rows_read == 2


def test_cli_validates_the_new_files(tmp_path):
    folder = tmp_path / "testby"
    shutil.copytree(TESTBY, folder)
    (folder / "handlingsplan.csv").write_bytes(
        strategy.template_csv(strategy.PLAN).replace(b"1283R005, 1283R019", b"0999R001, 0999R002")
    )
    indicators = folder / "indikatorer" / "handlingsplan_indikatorer.csv"
    indicators.parent.mkdir()
    indicators.write_bytes(
        strategy.template_csv(strategy.PLAN_INDICATORS).replace(b"jobbcoachning", b"coachning")
        + b"A9;utfall:alla;50;2026\r\n"
    )
    code, out, err = run("validate", str(indicators), "--data", str(folder))
    assert code == 1, err
    assert out.splitlines()[0] == "handlingsplan_indikatorer.csv: 3 rader lästa, 2 godkända, 1 avvisad."
    assert 'handlingsplan_indikatorer.csv rad 4, kolumn atgard_id: åtgärden "A9" finns inte' in out

    workbook = tmp_path / "handlingsplan.xlsx"
    workbook.write_bytes(strategy.template_xlsx())
    code, out, err = run("validate", str(workbook), "--data", str(HELSINGBORG))
    assert code == 0, err
    assert "handlingsplan.xlsx (blad Åtgärder): 2 rader lästa, 2 godkända, 0 avvisade." in out
    assert "handlingsplan.xlsx (blad Indikatorer): 2 rader lästa, 2 godkända, 0 avvisade." in out

    activities = tmp_path / "aktiviteter.csv"
    shutil.copy(CORPUS / "akt_02_fel.csv", activities)
    code, out, err = run("validate", str(activities), "--data", str(HELSINGBORG))
    assert code == 1
    assert "aktiviteter.csv rad 7, kolumn arrangor" in out
    assert not any(text in out + err for text in PNR_TEXTS)


# ----------------------------------------------------------------------------- the data set


def write_strategy_files(folder: Path) -> None:
    """Testby's strategy files: one bad row in each, of the kind only load_dataset can see."""
    (folder / "handlingsplan.csv").write_text(
        "atgard_id,titel,ansvarig,partner,stadsdelar,startdatum,slutdatum,status,evidens,evidens_kalla\n"
        "A1,Språkcafé,Bostadsbolaget,Biblioteket|Röda Korset,0999R001 0999R002,2024-01-15,,pagaende,ingen,\n"
        "A2,Läxhjälp,Skolan,,alla,2023-08-15,2024-06-20,genomford,forskning,Rapport 2020\n"
        "A3,Träffar,Bostadsbolaget,,0999R404,2024-01-15,,pagaende,ingen,\n",
        encoding="utf-8",
    )
    (folder / "handlingsplan_indikatorer.csv").write_text(
        "atgard_id,indikator,malvarde,malar\n"
        "A1,utrikes_fodda,30,2026\n"
        "A2,utfall:coachning,50,2026\n"
        "A2,insats:nyanstallning,12,2026\n"
        "A3,utfall:alla,40,2026\n"
        "A1,utfall:jobbcoachning,40,2026\n",
        encoding="utf-8",
    )
    (folder / "placeringar.csv").write_text(
        "ar,stadsdel_kod,boendetyp,hushall,personer\n"
        "2024,0999R001,modulbostad,3,9\n"
        "2024,0999R003,lagenhet,1,4\n"
        "2024,0999R404,lagenhet,1,4\n",
        encoding="utf-8",
    )
    (folder / "aktiviteter.csv").write_text(
        "datum,stadsdel_kod,typ,arrangor,deltagare,rakning,atgard_id\n"
        "2024-03-12,0999R001,sprakcafe,Biblioteket,12,,A1\n"
        "2024-03-19,0999R002,traff,Hyresgästföreningen,,,A3\n"
        "2024-03-26,0999R404,kurs,Folkuniversitetet,8,uppskattat,\n",
        encoding="utf-8",
    )


@pytest.fixture
def testby(tmp_path) -> Path:
    folder = tmp_path / "testby"
    shutil.copytree(TESTBY, folder)
    write_strategy_files(folder)
    return folder


def report_of(data: Dataset, file: str) -> ValidationReport:
    return next(r for r in data.reports if r.file == file)


def test_load_dataset_reads_and_cross_checks_the_strategy_files(testby):
    data = load_dataset(testby)
    plan = report_of(data, "handlingsplan.csv")
    assert (plan.rows_read, plan.rows_accepted, plan.rows_rejected) == (3, 2, 1)
    assert [(i.row, i.column) for i in plan.errors] == [(4, "stadsdelar")]
    assert list(data.plan["atgard_id"]) == ["A1", "A2"]
    assert data.plan.loc[1, "stadsdelar"] == ("0999R001", "0999R002", "0999R003")

    indicators = report_of(data, "handlingsplan_indikatorer.csv")
    # A3 was rejected from the plan, so its indicator is too; jobbcoachning is not one of Testby's programmes.
    assert [(i.row, i.column) for i in indicators.errors] == [(5, "atgard_id"), (6, "indikator")]
    assert len(data.plan_indicators) == 3

    placements = report_of(data, "placeringar.csv")
    assert [(i.row, i.column) for i in placements.errors] == [(4, "stadsdel_kod")]
    activities = report_of(data, "aktiviteter.csv")
    assert [(i.row, i.column) for i in activities.errors] == [(4, "stadsdel_kod")]
    assert [(i.row, i.column, i.severity) for i in activities.warnings] == [(3, "atgard_id", WARNING)]
    assert list(data.activities["atgard_id"]) == ["A1", "A3"]
    for kind, attribute in dataset.STRATEGY_ATTRIBUTES.items():
        assert_dtypes(getattr(data, attribute), kind)


def test_a_plan_workbook_in_the_data_set_gives_both_tables(testby):
    (testby / "handlingsplan.csv").unlink()
    (testby / "handlingsplan_indikatorer.csv").unlink()
    workbook = openpyxl.load_workbook(io.BytesIO(strategy.template_xlsx()))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = cell.value.replace("1283R005", "0999R001").replace("1283R019", "0999R002")
    workbook.save(testby / "handlingsplan.xlsx")
    data = load_dataset(testby)
    files = [r.file for r in data.reports]
    assert "handlingsplan.xlsx (blad Åtgärder)" in files and "handlingsplan.xlsx (blad Indikatorer)" in files
    assert list(data.plan["atgard_id"]) == ["A1", "A2"]
    # utfall:jobbcoachning names no programme of Testby: rejected; the other indicator is kept.
    assert list(data.plan_indicators["indikator"]) == ["forvarvsarbetande_20_64"]


def test_absent_strategy_files_give_empty_frames_and_a_warning():
    data = load_dataset(TESTBY)
    for kind, attribute in dataset.STRATEGY_ATTRIBUTES.items():
        frame = getattr(data, attribute)
        assert frame.empty
        assert_dtypes(frame, kind)
        report = report_of(data, strategy.FILES[kind][0])
        assert report.ok and "filen saknas" in report.warnings[0].message
    # The dataclass's defaults are the same empty frames, so older constructors still work.
    bare = Dataset(
        TESTBY, data.meta, data.districts, data.statistics, None, data.participants, data.programmes, data.goals
    )
    for kind, attribute in dataset.STRATEGY_ATTRIBUTES.items():
        assert_dtypes(getattr(bare, attribute), kind)


def test_a_strategy_file_unusable_as_a_whole_stops_the_data_set(testby):
    (testby / "placeringar.csv").write_text("ar,stadsdel_kod\n2024,0999R001\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"placeringar\.csv: kolumner saknas: boendetyp, hushall, personer"):
        load_dataset(testby)


def test_load_plan_ids(testby):
    assert dataset.load_plan_ids(testby) == {"A1", "A2"}
    assert dataset.load_plan_ids(TESTBY) is None


# ----------------------------------------------------------------------------- import and store


def preview(kind: str, folder: Path, data: Dataset, **options) -> intake.TablePreview:
    path = folder / strategy.FILES[kind][0]
    return intake.preview_table(
        kind,
        path.read_bytes(),
        path.name,
        district_codes=data.districts["stadsdel_kod"],
        programme_codes=data.programmes["insats"],
        **options,
    )


def test_import_round_trip_gives_load_datasets_frames(testby, tmp_path):
    shipped = load_dataset(TESTBY)  # no strategy files
    loaded = load_dataset(testby)
    store = Store(tmp_path / "lager")
    versions = {}
    for kind in strategy.TABLE_KINDS:
        result = preview(kind, testby, shipped, plan_ids=set(loaded.plan["atgard_id"]))
        assert result.acceptable and result.kind == kind and result.sheets == []
        versions[kind] = intake.accept_table(result, store, shipped.kommun_kod, actor=STEWARD)
        assert versions[kind].rows_read == result.report.rows_read
        assert versions[kind].rows_rejected == result.report.rows_rejected
    shown = with_imports(shipped, store)
    for kind, attribute in dataset.STRATEGY_ATTRIBUTES.items():
        pd.testing.assert_frame_equal(getattr(shown, attribute), getattr(loaded, attribute))
        assert shown.imported[kind].id == versions[kind].id
        # The shipped "absent" report is replaced by one naming the import.
        assert not any(r.file == strategy.FILES[kind][0] for r in shown.reports)
        assert any(r.file.startswith(f"{kind}: import av {strategy.FILES[kind][0]}") for r in shown.reports)
    assert sum(r.file.startswith("handlingsplan") for r in shown.reports) == 2
    assert with_imports(shipped, Store(tmp_path / "tomt")) is shipped


def test_an_empty_import_keeps_the_dtypes(tmp_path):
    data = load_dataset(TESTBY)
    result = intake.preview_table(
        strategy.PLAN,
        strategy.template_csv(strategy.PLAN).split(b"\r\n")[0] + b"\r\n",
        "handlingsplan.csv",
        district_codes=data.districts["stadsdel_kod"],
        programme_codes=None,
    )
    assert not result.acceptable
    store = Store(tmp_path)
    intake.accept_table(result, store, data.kommun_kod, actor=STEWARD)
    assert_dtypes(with_imports(data, store).plan, strategy.PLAN)


def test_preview_redacts_names_and_never_stores_an_identity_number(tmp_path, codes):
    data = (CORPUS / "plan_09_personnummer.csv").read_bytes()
    result = intake.preview_table(
        strategy.PLAN, data, "plan 19121212-1212.csv", district_codes=codes[0], programme_codes=codes[1]
    )
    assert "19121212" not in result.file_name and "19121212" not in result.report.format_text()
    assert result.report.rows_rejected == 1
    intake.accept_table(result, Store(tmp_path), "1283", actor=STEWARD)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"19121212" not in path.read_bytes() and b"121212-1212" not in path.read_bytes()


def test_preview_plan_workbook_and_bad_kinds(codes):
    plan, indicators = intake.preview_plan_workbook(
        (CORPUS / "plan_13_arbetsbok.xlsx").read_bytes(),
        "handlingsplan.xlsx",
        district_codes=codes[0],
        programme_codes=codes[1],
    )
    assert plan.kind == strategy.PLAN and indicators.kind == strategy.PLAN_INDICATORS
    assert (indicators.report.rows_accepted, indicators.report.rows_rejected) == (1, 1)
    with pytest.raises(ValueError, match="unknown table kind"):
        intake.preview_table("deltagare", b"x", "x.csv", district_codes=codes[0], programme_codes=None)
    assert intake.TABLE_KINDS == ("handlingsplan", "handlingsplan_indikatorer", "placeringar", "aktiviteter")


def test_store_names_the_new_kinds_in_swedish(tmp_path):
    with pytest.raises(StoreError, match="handlingsplanen för kommun 1283"):
        Store(tmp_path).version("1283", "handlingsplan")
    with pytest.raises(StoreError, match="placeringar av nyanlända för kommun 1283"):
        Store(tmp_path).version("1283", "placeringar")


# ----------------------------------------------------------------------------- the demo data sets


@pytest.mark.parametrize("folder", [HELSINGBORG, TIERP], ids=["helsingborg", "tierp"])
def test_demo_strategy_files_load_without_rejected_rows(folder):
    present = [k for k in strategy.TABLE_KINDS if any((folder / n).is_file() for n in strategy.FILES[k])]
    if not present:
        pytest.skip("the demo data sets have no strategy files yet")
    data = load_dataset(folder)
    for report in data.reports:
        if report.file.startswith(("handlingsplan", "placeringar", "aktiviteter")):
            assert report.rows_rejected == 0, report.format_text()
