"""Tests of analysis.files_in.loaders on tiny hand-written files in tests/fixtures/loaders/."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import box

from analysis import vocab
from analysis.files_in.loaders import (
    empty_participants,
    load_districts,
    load_geometry,
    load_goals,
    load_participants,
    load_programmes,
    load_statistics,
    validate_file,
    validate_participants,
)
from analysis.files_in.validation import DataError, Issue

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "loaders"
TESTBY = FIXTURES / "testby"
DISTRICTS = {"0999R001", "0999R002", "0999R003"}
PROGRAMMES = {"coachning", "nyanstallning"}
TODAY = dt.date(2025, 6, 1)
TEST_PNR = "19121212-1212"
PNR_DIGITS = ("191212121212", "121212-1212", "1212121212", "19121212")


def assert_no_personnummer(*texts: str) -> None:
    for text in texts:
        for digits in PNR_DIGITS:
            assert digits not in text


def assert_counts_add_up(report) -> None:
    assert report.rows_read == report.rows_accepted + report.rows_rejected


def messages(report, row=None, column=None) -> list[str]:
    return [
        i.message for i in report.issues if (row is None or i.row == row) and (column is None or i.column == column)
    ]


# ----------------------------------------------------------------------------- participants, good file


def test_good_participant_file_loads_with_contract_dtypes():
    frame, report = load_participants(TESTBY / "deltagare.csv", DISTRICTS, PROGRAMMES, today=TODAY)
    assert report.ok and not report.issues
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (13, 13, 0)
    assert list(frame.columns) == [*vocab.PARTICIPANT_COLUMNS, "rad"]
    assert frame["rad"].tolist() == list(range(2, 15))
    assert frame["deltagare_id"].iloc[0] == "007"  # leading zeros survive
    assert isinstance(frame["insats"].dtype, pd.StringDtype)
    assert frame["startdatum"].dtype == "datetime64[ns]"
    assert frame["slutdatum"].dtype == "datetime64[ns]"
    assert frame["fodelsear"].dtype == "Int64"
    assert frame["startdatum"].iloc[0] == pd.Timestamp("2024-01-08")
    ongoing = frame[frame["utfall"] == "pagaende"]
    assert ongoing["slutdatum"].isna().all()
    # Empty optional cells are NA, not "".
    assert frame["roll"].isna().sum() == 11
    assert frame.loc[frame["roll"].notna(), "forlangning"].tolist() == ["ja", "nej"]


def test_optional_columns_absent_from_file_are_all_na(tmp_path):
    path = tmp_path / "deltagare.csv"
    path.write_text(
        "deltagare_id,insats,stadsdel_kod,startdatum,slutdatum,utfall,malgrupp,kon,fodelsear\n"
        "A1,coachning,0999R001,2024-01-08,2024-05-31,arbete,unga_vuxna,kvinna,1990\n",
        encoding="utf-8",
    )
    frame, report = load_participants(path, today=TODAY)
    assert report.ok
    for column in vocab.PARTICIPANT_OPTIONAL:
        assert frame[column].isna().all()
    assert frame.dtypes.equals(empty_participants().dtypes)


def test_empty_participants_matches_loaded_dtypes():
    frame, _ = load_participants(TESTBY / "deltagare.csv", today=TODAY)
    assert frame.dtypes.equals(empty_participants().dtypes)
    assert empty_participants().empty


# ----------------------------------------------------------------------------- participants, bad file


@pytest.fixture(scope="module")
def bad():
    return load_participants(FIXTURES / "deltagare_fel.csv", DISTRICTS, PROGRAMMES, today=TODAY)


def test_bad_file_counts_every_row(bad):
    frame, report = bad
    assert_counts_add_up(report)
    assert report.rows_read == 13
    assert report.rows_accepted == len(frame) == 5
    assert not report.ok


def test_unknown_outcome_names_value_and_allowed_values(bad):
    _, report = bad
    text = report.format_text()
    assert (
        'deltagare_fel.csv rad 3, kolumn utfall: okänt utfall "jobb"; tillåtna värden: '
        "arbete, praktik, studier, avbrott, ingen_sysselsattning, pagaende"
    ) in text


def test_bad_date_end_before_start_and_missing_end(bad):
    frame, report = bad
    assert any("ÅÅÅÅ-MM-DD" in m for m in messages(report, 4, "startdatum"))
    assert messages(report, 5, "slutdatum") == ["slutdatum ligger före startdatum"]
    assert any("slutdatum saknas" in m for m in messages(report, 9, "slutdatum"))
    assert not {3, 4, 5, 9} & set(frame["rad"])


def test_personnummer_row_rejected_and_never_echoed(bad):
    frame, report = bad
    (issue,) = [i for i in report.issues if i.row == 6]
    assert issue.column == "deltagare_id"
    assert issue.severity == "fel"
    assert "personnummer" in issue.message and "pseudonymt id" in issue.message
    assert 6 not in set(frame["rad"])
    assert_no_personnummer(report.format_text(), report.to_frame().to_csv(), frame.to_csv())


def test_unknown_district_is_an_error_unknown_programme_a_warning(bad):
    frame, report = bad
    (district,) = [i for i in report.issues if i.row == 7]
    assert district.severity == "fel"
    assert district.message == 'okänd stadsdelskod "0999R009"; koden finns inte i stadsdelar.csv'
    (programme,) = [i for i in report.issues if i.row == 8]
    assert programme.severity == "varning"
    assert programme.column == "insats"
    assert 8 in set(frame["rad"])


def test_empty_row_whitespace_case_and_extra_columns(bad):
    frame, report = bad
    assert Issue(10, None, "tom rad; hoppas över", "varning") in report.issues
    row = frame[frame["rad"] == 11].iloc[0]
    assert row["deltagare_id"] == "A9"
    assert row["utfall"] == "pagaende"  # "PAGAENDE" with spaces around
    assert row["kon"] == "kvinna"
    assert "namn" not in frame.columns
    file_level = [i for i in report.issues if i.row is None]
    assert len(file_level) == 1
    assert "namn" in file_level[0].message
    assert "Anna" not in report.format_text()


def test_end_date_while_ongoing_is_a_warning_and_dropped(bad):
    frame, report = bad
    (issue,) = [i for i in report.issues if i.row == 12]
    assert issue.severity == "varning" and issue.column == "slutdatum"
    assert pd.isna(frame.loc[frame["rad"] == 12, "slutdatum"].iloc[0])


def test_duplicate_enrolment_is_a_warning_naming_the_first_row(bad):
    frame, report = bad
    (issue,) = [i for i in report.issues if i.row == 13]
    assert issue.severity == "varning"
    assert "rad 2" in issue.message
    assert {2, 13} <= set(frame["rad"])


def test_gender_and_birth_year_outside_vocabulary(bad):
    _, report = bad
    assert any(m.startswith('okänt kön "x"') for m in messages(report, 14, "kon"))
    assert any("1930–2025" in m for m in messages(report, 14, "fodelsear"))


def test_missing_column_is_a_file_error_naming_columns_and_template():
    with pytest.raises(DataError) as caught:
        load_participants(FIXTURES / "deltagare_saknar_kolumn.csv")
    text = str(caught.value)
    assert text.startswith("deltagare_saknar_kolumn.csv: kolumner saknas: kon, fodelsear.")
    assert "mallen" in text and "utfall_12m" in text
    report = caught.value.report
    assert_counts_add_up(report)
    assert report.rows_rejected == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "filen är tom"),
        ("\n\n", "filen är tom"),
        # Header detection comes first, so the too-long row needs a recognisable header above it.
        ("deltagare_id,insats\n1,2,3,4\n", "kunde inte tolkas som CSV på rad 2"),
        ("a,b\n1,2\n", "ingen rad bland de första 30 ser ut som en rubrikrad"),
    ],
)
def test_unusable_csv_is_a_data_error(tmp_path, content, expected):
    path = tmp_path / "deltagare.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=expected) as caught:
        load_participants(path)
    assert_counts_add_up(caught.value.report)


def test_missing_file_and_old_excel_are_data_errors(tmp_path):
    with pytest.raises(DataError, match="filen finns inte"):
        load_participants(tmp_path / "saknas.csv")
    (tmp_path / "gammal.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match=r"\.xls stöds inte"):
        load_participants(tmp_path / "gammal.xls")
    (tmp_path / "trasig.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DataError, match="Excel-filen kunde inte läsas"):
        load_participants(tmp_path / "trasig.xlsx")


def test_header_only_file_gives_empty_frame_and_warning(tmp_path):
    path = tmp_path / "deltagare.csv"
    path.write_text(",".join(vocab.PARTICIPANT_REQUIRED) + "\n", encoding="utf-8")
    frame, report = load_participants(path)
    assert frame.empty and report.ok and report.warnings
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (0, 0, 0)


def test_personnummer_in_any_column_is_caught(tmp_path):
    path = tmp_path / "deltagare.csv"
    path.write_text(
        "deltagare_id,insats,stadsdel_kod,startdatum,slutdatum,utfall,malgrupp,kon,fodelsear,anteckning\n"
        "A1,coachning,0999R001,2024-01-08,2024-05-31,arbete,unga_vuxna,kvinna,1990,pnr 121212-1212\n"
        f"A2,coachning,0999R001,2024-01-08,2024-05-31,{TEST_PNR},unga_vuxna,kvinna,1990,\n",
        encoding="utf-8",
    )
    frame, report = load_participants(path)
    assert frame.empty
    assert [(i.row, i.column) for i in report.errors] == [(2, "anteckning"), (3, "utfall")]
    assert_no_personnummer(report.format_text())


def test_swedish_excel_csv_semicolon_cp1252(tmp_path):
    path = tmp_path / "deltagare.csv"
    text = (
        "deltagare_id;insats;stadsdel_kod;startdatum;slutdatum;utfall;malgrupp;kon;fodelsear;roll\n"
        "A1;coachning;0999R001;2024-01-08;2024-05-31;arbete;unga_vuxna;kvinna;1990;reparatör\n"
    )
    path.write_bytes(text.encode("cp1252"))
    frame, report = load_participants(path)
    assert report.ok
    assert frame["roll"].iloc[0] == "reparatör"
    assert any("Windows-1252" in w.message for w in report.warnings)


# ----------------------------------------------------------------------------- participants, XLSX


def write_xlsx(path: Path, rows: list[list]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Annat blad").append(["ignoreras"])
    workbook.save(path)


def test_xlsx_with_date_cells_reads_like_csv(tmp_path):
    csv_frame, _ = load_participants(TESTBY / "deltagare.csv", today=TODAY)
    rows = [list(vocab.PARTICIPANT_COLUMNS)]
    for record in pd.read_csv(TESTBY / "deltagare.csv", dtype=str, keep_default_na=False).to_dict("records"):
        cells = []
        for column in vocab.PARTICIPANT_COLUMNS:
            value = record[column]
            if column in ("startdatum", "slutdatum") and value:
                value = dt.datetime.fromisoformat(value)  # a real Excel date cell
            elif column == "fodelsear":
                value = int(value)  # a number cell
            cells.append(value or None)
        rows.append(cells)
    path = tmp_path / "deltagare.xlsx"
    write_xlsx(path, rows)
    frame, report = load_participants(path, DISTRICTS, PROGRAMMES, today=TODAY)
    assert report.ok and not report.issues
    pd.testing.assert_frame_equal(frame, csv_frame)


def test_xlsx_bad_rows_and_numeric_personnummer(tmp_path):
    path = tmp_path / "deltagare.xlsx"
    header = list(vocab.PARTICIPANT_REQUIRED)
    write_xlsx(
        path,
        [
            header,
            [
                "A1",
                "coachning",
                "0999R001",
                dt.datetime(2024, 1, 8),
                dt.datetime(2024, 5, 31),
                "jobb",
                "u",
                "man",
                1990,
            ],
            [191212121212, "coachning", "0999R001", "2024-01-08", "2024-05-31", "arbete", "u", "man", 1990],
            # 8/1/2024 is now read (8 January, day first); an impossible date is still refused.
            ["A3", "coachning", "0999R001", "31/2/2024", None, "pagaende", "u", "man", 1990],
            [None] * len(header),
            ["A5", "coachning", "0999R001", dt.datetime(2024, 1, 8), None, "pagaende", "u", "kvinna", 1990.0],
        ],
    )
    frame, report = load_participants(path, DISTRICTS, PROGRAMMES, today=TODAY)
    assert_counts_add_up(report)
    assert frame["rad"].tolist() == [6]
    assert {(i.row, i.column) for i in report.errors} == {(2, "utfall"), (3, "deltagare_id"), (4, "startdatum")}
    assert messages(report, 4, "startdatum") == [
        "ogiltigt datum: dag 31 finns inte i månad 2 år 2024 (datumet lästes som dag/månad/år); "
        "skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-15"
    ]
    assert_no_personnummer(report.format_text())


# ----------------------------------------------------------------------------- statistics


def test_statistics_load_with_types_and_suppressed_cells():
    frame = load_statistics(TESTBY / "statistik.csv")
    assert list(frame.columns) == list(vocab.STATISTICS_COLUMNS)
    assert frame["ar"].dtype == "int64"
    assert frame["folkmangd"].dtype == "Int64"
    assert frame["omradestyp_scb"].dtype == "Int64"
    assert frame["medianinkomst_tkr"].dtype == "float64"
    assert isinstance(frame["stadsdel_kod"].dtype, pd.StringDtype)
    assert frame["omradestyp_scb"].isna().sum() == 3
    assert frame["langvarigt_bistand_arbetsloshet_20_64"].isna().sum() == 1
    assert frame.loc[0, "stadsdel_kod"] == "0999R001"


def test_statistics_count_above_denominator():
    with pytest.raises(DataError) as caught:
        load_statistics(FIXTURES / "statistik_over_namnare.csv")
    text = str(caught.value)
    assert "statistik_over_namnare.csv rad 3, kolumn forvarvsarbetande_20_64" in text
    assert "(1900) är större än sin nämnare folkmangd_20_64 (1800)" in text
    assert len(caught.value.report.errors) == 1


def test_statistics_duplicate_district_year_names_both_rows():
    with pytest.raises(DataError) as caught:
        load_statistics(FIXTURES / "statistik_dubblett.csv")
    errors = caught.value.report.errors
    assert [i.row for i in errors] == [2, 4]
    assert all("rad 2, 4" in i.message for i in errors)
    assert '"0999R001"' in errors[0].message


def test_statistics_invalid_numbers_all_reported_at_once():
    with pytest.raises(DataError) as caught:
        load_statistics(FIXTURES / "statistik_ogiltiga_tal.csv")
    found = {(i.row, i.column) for i in caught.value.report.errors}
    assert found == {
        (2, "utrikes_fodda"),
        (3, "ar"),
        (3, "lag_ekonomisk_standard"),
        (3, "omradestyp_scb"),
    }


def test_statistics_optional_columns_may_be_absent(tmp_path):
    source = pd.read_csv(TESTBY / "statistik.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "statistik.csv"
    source.drop(columns=["lagenheter", "medianinkomst_tkr", "omradestyp_scb"]).to_csv(path, index=False)
    frame = load_statistics(path)
    assert list(frame.columns) == list(vocab.STATISTICS_COLUMNS)
    assert frame["lagenheter"].isna().all()


def test_statistics_missing_required_column(tmp_path):
    path = tmp_path / "statistik.csv"
    path.write_text("stadsdel_kod,ar,folkmangd\n0999R001,2023,10\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolumner saknas: folkmangd_20_64"):
        load_statistics(path)


# ----------------------------------------------------------------------------- small tables


def test_districts_programmes_goals_load():
    districts = load_districts(TESTBY / "stadsdelar.csv")
    assert districts["stadsdel_kod"].tolist() == sorted(DISTRICTS)
    assert districts.loc[1, "stadsdel_namn"] == "Södra"
    programmes = load_programmes(TESTBY / "insatser.csv")
    assert set(programmes["insats"]) == PROGRAMMES
    assert pd.isna(programmes.loc[1, "beskrivning"]) or programmes.loc[1, "beskrivning"] == ""
    goals = load_goals(TESTBY / "mal.csv")
    assert goals["ar"].dtype == "int64" and goals["malvarde"].dtype == "int64"
    assert goals["malvarde"].tolist() == [12, 6, 2]


def test_duplicate_district_code(tmp_path):
    path = tmp_path / "stadsdelar.csv"
    path.write_text("stadsdel_kod,stadsdel_namn\nR1,A\nR2,\nR1,C\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_districts(path)
    found = {(i.row, i.column) for i in caught.value.report.errors}
    assert found == {(2, "stadsdel_kod"), (3, "stadsdel_namn"), (4, "stadsdel_kod")}


def test_goals_unknown_measure_and_bad_target(tmp_path):
    path = tmp_path / "mal.csv"
    path.write_text("insats,ar,matt,malvarde\ncoachning,2024,antal,5\ncoachning,2024,inskrivna,-1\n", "utf-8")
    with pytest.raises(DataError) as caught:
        load_goals(path)
    text = str(caught.value)
    assert 'rad 2, kolumn matt: okänt mått "antal"' in text
    assert "rad 3, kolumn malvarde" in text


# ----------------------------------------------------------------------------- geometry


def test_geometry_in_sweref_is_kept():
    gdf = load_geometry(TESTBY / "stadsdelar.geojson")
    assert gdf.crs.to_epsg() == 3006
    assert list(gdf.columns) == ["stadsdel_kod", "stadsdel_namn", "geometry"]
    assert gdf["stadsdel_kod"].tolist() == sorted(DISTRICTS)
    assert gdf.geometry.iloc[0].area == pytest.approx(1_000_000)


def test_geometry_in_wgs84_is_reprojected():
    gdf = load_geometry(FIXTURES / "geometri_wgs84.geojson")
    assert gdf.crs.to_epsg() == 3006
    minx, miny, maxx, maxy = gdf.total_bounds
    # Around Helsingborg in SWEREF 99 TM: x ~ 360 km east, y ~ 6 210 km north.
    assert 350_000 < minx < maxx < 375_000
    assert 6_200_000 < miny < maxy < 6_225_000


def test_geojson_without_crs_member_but_projected_coordinates_is_an_error():
    with pytest.raises(DataError, match="koordinatsystem"):
        load_geometry(FIXTURES / "geometri_utan_crs.geojson")


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_geopackage_without_crs_is_an_error(tmp_path):
    path = tmp_path / "stadsdelar.gpkg"
    gpd.GeoDataFrame({"stadsdel_kod": ["A"]}, geometry=[box(0, 0, 1, 1)], crs=None).to_file(path)
    with pytest.raises(DataError, match=r"saknar koordinatsystem \(CRS\)") as caught:
        load_geometry(path)
    assert caught.value.report.rows_rejected == 1


def test_geopackage_numeric_codes_become_text(tmp_path):
    path = tmp_path / "stadsdelar.gpkg"
    gdf = gpd.GeoDataFrame({"stadsdel_kod": [1283, 360]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=3006)
    gdf.to_file(path)
    loaded = load_geometry(path)
    assert loaded["stadsdel_kod"].tolist() == ["1283", "360"]


def test_geometry_without_code_property():
    with pytest.raises(DataError, match="stadsdel_kod saknas"):
        load_geometry(FIXTURES / "geometri_utan_kod.geojson")


def test_invalid_polygon_is_repaired_with_a_warning():
    issues: list[Issue] = []
    gdf = load_geometry(FIXTURES / "geometri_ogiltig.geojson", issues)
    assert gdf.geometry.is_valid.all()
    assert gdf.geometry.iloc[1].area > 0
    assert [i.severity for i in issues] == ["varning"]
    assert "0999R002" in issues[0].message


def test_empty_geometry_and_duplicate_codes(tmp_path):
    path = tmp_path / "stadsdelar.gpkg"
    gdf = gpd.GeoDataFrame(
        {"stadsdel_kod": ["A", "A", "B"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), None], crs=3006
    )
    gdf.to_file(path)
    with pytest.raises(DataError, match="objekt 3"):
        load_geometry(path)
    gdf.iloc[:2].to_file(path)
    issues: list[Issue] = []
    merged = load_geometry(path, issues)
    assert merged["stadsdel_kod"].tolist() == ["A"]
    assert merged.geometry.iloc[0].area == pytest.approx(2)
    assert "slogs ihop" in issues[0].message


# ----------------------------------------------------------------------------- validate_file


def test_validate_file_dispatches_on_name_and_never_raises(tmp_path):
    report = validate_file(FIXTURES / "statistik_over_namnare.csv")
    assert not report.ok and report.rows_rejected == 2
    assert validate_file(TESTBY / "statistik.csv").ok
    assert validate_file(TESTBY / "stadsdelar.geojson").rows_accepted == 3
    assert validate_file(TESTBY / "mal.csv").ok
    report = validate_file(tmp_path / "saknas.csv")
    assert not report.ok and "finns inte" in report.errors[0].message
    shutil.copy(FIXTURES / "deltagare_fel.csv", tmp_path / "deltagare.csv")
    report = validate_file(tmp_path / "deltagare.csv", DISTRICTS, PROGRAMMES)
    assert report.rows_rejected == 8
    assert_counts_add_up(report)


# ----------------------------------------------------------------------------- read → map → validate


REQUIRED_HEADER = ",".join(vocab.PARTICIPANT_REQUIRED)


def test_validate_participants_uses_the_tables_excel_rows():
    from analysis.files_in import reading

    data = (
        "Deltagarregister 2024\n\n"
        + REQUIRED_HEADER
        + "\nA1,coachning,0999R001,2024-01-08,2024-05-31,arbete,u,kvinna,1990\n"
        + "A2,coachning,0999R001,2024-01-08,2024-05-31,jobb,u,kvinna,1990\n"
    ).encode()
    table = reading.map_table(reading.read_table(data, "uppladdad.csv"))
    frame, report = validate_participants(table, DISTRICTS, PROGRAMMES, today=TODAY)
    assert frame["rad"].tolist() == [4]
    assert [(i.row, i.column) for i in report.errors] == [(5, "utfall")]
    assert report.rejected_rows == (5,)
    assert report.issues[0] == Issue(
        None, None, "rubrikraden hittades på rad 3; rad 1 ovanför den lästes inte som data", "varning"
    )


def test_swedish_headers_and_value_variants_are_mapped(tmp_path):
    path = tmp_path / "export.csv"
    text = (
        "Deltagar-ID;Program;Stadsdel;Startdatum;Slutdatum;Resultat;Målgrupp;Kön;Födelseår;Förlängning\r\n"
        "A1;coachning;0999r001;1/3/2024;20240601;Studier/utbildning;u;K;1990;J\r\n"
        "A2;coachning;0999R001;2024-3-1;45444;Avbrutit;u;Kvinna;1991;\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    frame, report = load_participants(path, DISTRICTS, PROGRAMMES, today=TODAY)
    assert report.ok and report.rows_accepted == 2
    assert frame["utfall"].tolist() == ["studier", "avbrott"]
    assert frame["kon"].tolist() == ["kvinna", "kvinna"]
    assert frame["forlangning"].iloc[0] == "ja" and pd.isna(frame["forlangning"].iloc[1])
    assert frame["stadsdel_kod"].tolist() == ["0999R001", "0999R001"]
    assert frame["startdatum"].tolist() == [pd.Timestamp("2024-03-01")] * 2
    assert frame["slutdatum"].tolist() == [pd.Timestamp("2024-06-01")] * 2
    warnings = "\n".join(w.message for w in report.warnings)
    assert "Windows-1252" in warnings
    assert 'kolumnen "Resultat" (kolumn F) lästes som utfall' in warnings
    assert '"Studier/utbildning" lästes som studier (1 rad)' in warnings
    assert '"0999r001" lästes som 0999R001 (1 rad)' in warnings
    assert '"Kvinna"' not in warnings  # a change of case only is not listed


def test_saved_mapping_overrides_suggestions(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Kund,Aktivitet,Område,Från,Till,Status,Grupp,Kön,Född,Status 2\n"
        "A1,coachning,0999R001,2024-01-08,2024-05-31,arbete,u,man,1990,x\n",
        encoding="utf-8",
    )
    mapping = {
        "Kund": "deltagare_id",
        "Aktivitet": "insats",
        "Område": "stadsdel_kod",
        "Grupp": "malgrupp",
        "Status 2": None,
    }
    frame, report = load_participants(path, DISTRICTS, PROGRAMMES, today=TODAY, mapping=mapping)
    assert report.ok, report.format_text()
    assert frame.loc[0, "deltagare_id"] == "A1" and frame.loc[0, "malgrupp"] == "u"
    assert any('"Status 2"' in w.message for w in report.warnings)  # ignored, and said so


def test_day_first_setting_reaches_the_dates(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        REQUIRED_HEADER + "\nA1,coachning,0999R001,3/1/2024,3/13/2024,arbete,u,man,1990\n", encoding="utf-8"
    )
    _, report = load_participants(path, today=TODAY)
    assert [(i.row, i.column) for i in report.errors] == [(2, "slutdatum")]
    assert any("välj den datumordningen" in w.message for w in report.warnings)
    frame, report = load_participants(path, today=TODAY, day_first=False)
    assert report.ok
    assert frame.loc[0, "startdatum"] == pd.Timestamp("2024-03-01")


def test_xlsx_sheet_is_chosen_by_name(tmp_path):
    path = tmp_path / "d.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Instruktioner"
    workbook.active.append(["Fyll i bladet Deltagare"])
    sheet = workbook.create_sheet("Deltagare")
    sheet.append(list(vocab.PARTICIPANT_REQUIRED))
    sheet.append(["A1", "coachning", "0999R001", dt.datetime(2024, 1, 8), 45443, "arbete", "u", "man", 1990])
    workbook.save(path)
    with pytest.raises(DataError, match="ingen rad bland de första 30"):
        load_participants(path, today=TODAY)
    frame, report = load_participants(path, today=TODAY, sheet="Deltagare")
    assert report.ok
    assert frame.loc[0, "slutdatum"] == pd.Timestamp("2024-05-31")


def test_future_start_is_a_warning_and_the_row_is_kept(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(REQUIRED_HEADER + "\nA1,coachning,0999R001,2025-09-01,,pagaende,u,man,1990\n", encoding="utf-8")
    frame, report = load_participants(path, today=TODAY)
    assert len(frame) == 1 and report.ok
    (issue,) = report.issues
    assert (issue.row, issue.column, issue.severity) == (2, "startdatum", "varning")
    assert issue.message.startswith("startdatum ligger i framtiden (efter 2025-06-01)")


def test_personnummer_column_is_an_error_for_the_whole_file(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "Personnummer," + REQUIRED_HEADER + f"\n{TEST_PNR},A1,coachning,0999R001,2024-01-08,,pagaende,u,man,1990\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_participants(path, today=TODAY)
    text = str(caught.value)
    assert text.startswith('d.csv: kolumnen "Personnummer" (kolumn A) innehåller personnummer; de måste ersättas')
    report = caught.value.report
    assert (report.rows_read, report.rows_rejected) == (1, 1)
    assert_no_personnummer(text, report.format_text())


def test_report_text_lists_rejected_and_warned_rows(bad):
    _, report = bad
    lines = report.format_text().splitlines()
    assert lines[1] == "Avvisade rader (läses inte in): 3–7, 9, 10, 14."
    assert lines[2] == "Rader som läses in men har varningar: 8, 12, 13."
    assert report.rejected_rows == (3, 4, 5, 6, 7, 9, 10, 14)
