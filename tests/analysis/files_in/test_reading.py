"""Tests of analysis.files_in.reading: file reading, header detection, column mapping and value parsers.

Every expectation is written out by hand; files are built in tmp_path or as bytes so each test shows
exactly what it feeds in.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.files_in import reading
from analysis.files_in.reading import (
    GENDER_SYNONYMS,
    HEADER_SYNONYMS,
    OUTCOME_SYNONYMS,
    YES_NO_SYNONYMS,
    RawTable,
    apply_mapping,
    cell_text,
    header_score,
    load_mapping,
    map_table,
    normalise_header,
    normalise_value,
    parse_date,
    read_table,
    resolve_mapping,
    save_mapping,
    slash_date_needs_other_order,
    suggest_mapping,
)
from analysis.files_in.validation import DataError

HEADER = "deltagare_id;insats;startdatum"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


# ----------------------------------------------------------------------------- normalise_header


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Födelseår", "fodelsear"),
        ("Stadsdel kod", "stadsdel_kod"),
        ("  KÖN ", "kon"),
        ("Målgrupp", "malgrupp"),
        ("Deltagar-ID", "deltagar_id"),
        ("Fr.o.m.", "fr_o_m"),
        ("Kvinna/Man", "kvinna_man"),
        ("Café", "cafe"),
        ("utfall_6m", "utfall_6m"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_header(text, expected):
    assert normalise_header(text) == expected


# ----------------------------------------------------------------------------- mapping


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Startdatum", "startdatum"),
        ("start", "startdatum"),
        ("Startdatum insats", "startdatum"),
        ("Datum start", "startdatum"),
        ("Startdatum (ÅÅÅÅ-MM-DD)", "startdatum"),
        ("Start datum", "startdatum"),
        ("Slut", "slutdatum"),
        ("Avslutad", "slutdatum"),
        ("Resultat", "utfall"),
        ("Status", "utfall"),
        ("Utfall", "utfall"),
        ("Kön", "kon"),
        ("KON", "kon"),
        ("Kvinna/man", "kon"),
        ("Födelseår", "fodelsear"),
        ("Född år", "fodelsear"),
        ("År född", "fodelsear"),
        ("Stadsdel", "stadsdel_kod"),
        ("Stadsdelskod", "stadsdel_kod"),
        ("RegSO", "stadsdel_kod"),
        ("Område kod", "stadsdel_kod"),
        ("Program", "insats"),
        ("Projekt", "insats"),
        ("Målgrupp", "malgrupp"),
        ("ID", "deltagare_id"),
        ("Deltagar-ID", "deltagare_id"),
        ("Löpnummer", "deltagare_id"),
        ("Personnummer", "personnummer"),
        ("PNR", "personnummer"),
        ("Personnr", "personnummer"),
        ("Samordningsnummer", "personnummer"),
        ("Utfall 6 mån", "utfall_6m"),
        ("Förlängning", "forlangning"),
        ("Namn", None),
        ("Adress", None),
        ("Kommentar", None),
    ],
)
def test_suggest_mapping(header, target):
    assert suggest_mapping([header]) == {header: target}


def test_header_synonyms_are_normalised_and_cover_the_template():
    assert all(key == normalise_header(key) for key in HEADER_SYNONYMS)
    assert HEADER_SYNONYMS["startdatum_insats"] == "startdatum"
    assert HEADER_SYNONYMS["kon"] == "kon"
    assert HEADER_SYNONYMS["samordningsnummer"] == "personnummer"
    assert set(HEADER_SYNONYMS.values()) == set(reading.MAPPING_TARGETS)


def test_apply_mapping_renames_and_keeps_unmapped_columns():
    frame = pd.DataFrame({"Start": ["1"], "Kommentar": ["x"], "utfall": ["arbete"]})
    result = apply_mapping(frame, {"Start": "startdatum", "Kommentar": None, "Saknas i filen": "kon"})
    assert result.columns.tolist() == ["startdatum", "Kommentar", "utfall"]
    assert result["startdatum"].tolist() == ["1"]
    assert frame.columns.tolist() == ["Start", "Kommentar", "utfall"]  # the input is not changed


def test_apply_mapping_none_on_a_template_name_stops_it_counting():
    frame = pd.DataFrame({"utfall": ["gammalt"], "Resultat": ["arbete"]})
    result = apply_mapping(frame, {"utfall": None, "Resultat": "utfall"})
    assert result.columns.tolist() == ["utfall (används inte)", "utfall"]
    assert result["utfall"].tolist() == ["arbete"]


def test_apply_mapping_two_columns_to_one_target_names_both():
    frame = pd.DataFrame({"Startdatum": ["1"], "Start": ["2"]}, index=[2])
    with pytest.raises(DataError) as caught:
        apply_mapping(frame, {"Startdatum": "startdatum", "Start": "startdatum"}, file="d.csv")
    text = str(caught.value)
    assert text.startswith('d.csv: kolumnerna "Startdatum" och "Start" kopplas båda till startdatum')
    assert caught.value.report.rows_rejected == 1


def test_apply_mapping_column_left_as_is_clashing_with_a_target_is_refused():
    frame = pd.DataFrame({"utfall": ["a"], "Resultat": ["b"]})
    with pytest.raises(DataError, match='"utfall" och "Resultat" kopplas båda till utfall'):
        apply_mapping(frame, {"Resultat": "utfall"})


def test_apply_mapping_unknown_target_is_refused():
    with pytest.raises(DataError, match='kopplad till "fodelsedatum", som inte finns i mallen'):
        apply_mapping(pd.DataFrame({"Född": ["1990"]}), {"Född": "fodelsedatum"})


def test_resolve_mapping_user_choice_wins_and_matches_by_normalised_name():
    columns = ["FÖDELSEÅR", "Status", "Anteckning"]
    saved = {"Födelseår": None, "Anteckning": "roll"}
    assert resolve_mapping(columns, saved) == {"FÖDELSEÅR": None, "Status": "utfall", "Anteckning": "roll"}
    assert resolve_mapping(columns) == {"FÖDELSEÅR": "fodelsear", "Status": "utfall", "Anteckning": None}


def test_map_table_keeps_mapping_letters_and_labels():
    table = read_table(b"Resultat;Kommentar\narbete;x\n", "d.csv", known_columns=["Kommentar"])
    mapped = map_table(table)
    assert mapped.frame.columns.tolist() == ["utfall", "Kommentar"]
    assert mapped.mapping == {"Resultat": "utfall", "Kommentar": None}
    assert mapped.letters == {"utfall": "A", "Kommentar": "B"}
    assert mapped.column_label("utfall") == '"Resultat" (kolumn A)'
    assert table.mapping is None  # the original is untouched


def test_save_and_load_mapping_round_trip(tmp_path):
    path = tmp_path / "sub" / "mappning.json"
    assert load_mapping(path) == {}
    mapping = {"Födelseår": "fodelsear", "Kommentar": None, "Pnr": "personnummer"}
    save_mapping(path, mapping)
    assert load_mapping(path) == mapping
    assert json.loads(path.read_text(encoding="utf-8"))["Födelseår"] == "fodelsear"
    assert [p.name for p in path.parent.iterdir()] == ["mappning.json"]  # no temporary file left


def test_save_mapping_is_atomic_when_the_replace_fails(tmp_path, monkeypatch):
    path = tmp_path / "mappning.json"
    save_mapping(path, {"A": "insats"})

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_mapping(path, {"A": "kon"})
    monkeypatch.undo()
    assert load_mapping(path) == {"A": "insats"}
    assert [p.name for p in tmp_path.iterdir()] == ["mappning.json"]


def test_save_mapping_refuses_unknown_targets(tmp_path):
    with pytest.raises(ValueError, match="unknown mapping targets"):
        save_mapping(tmp_path / "m.json", {"A": "namn"})
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "ogiltig JSON"),
        ('["startdatum"]', "ska vara ett JSON-objekt"),
        ('{"A": "namn"}', "ska vara ett JSON-objekt"),
        ('{"A": 3}', "ska vara ett JSON-objekt"),
    ],
)
def test_load_mapping_refuses_bad_files(tmp_path, content, expected):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=expected):
        load_mapping(path)


# ----------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01",
        "2024-3-1",
        "20240301",
        "2024/03/01",
        "2024.03.01",
        "1/3/2024",
        "01/03/2024",
        "1-3-2024",
        "01.03.2024",
        "1.3.2024",
        "45352",
        "45352.75",
        "45352,5",
        "2024-03-01 00:00:00",
        "2024-03-01T13:45",
        "1/3/2024 08:00",
        " 2024-03-01 ",
    ],
)
def test_parse_date_accepts_the_common_forms(text):
    assert parse_date(text) == dt.date(2024, 3, 1)


def test_parse_date_month_first_setting():
    assert parse_date("3/1/2024", day_first=False) == dt.date(2024, 3, 1)
    assert parse_date("3/1/2024", day_first=True) == dt.date(2024, 1, 3)
    # Dots are always day first, ISO is never affected.
    assert parse_date("01.03.2024", day_first=False) == dt.date(2024, 3, 1)
    assert parse_date("2024-03-01", day_first=False) == dt.date(2024, 3, 1)


def test_parse_date_empty_and_date_objects():
    assert parse_date("") is None
    assert parse_date("   ") is None
    assert parse_date(None) is None
    assert parse_date(dt.datetime(2024, 3, 1, 12, 0)) == dt.date(2024, 3, 1)
    assert parse_date(dt.date(2024, 3, 1)) == dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/2/2024", "dag 31 finns inte i månad 2 år 2024 (datumet lästes som dag/månad/år)"),
        ("2024-02-30", "dag 30 finns inte i månad 2 år 2024"),
        ("2024-13-08", "månad 13 finns inte"),
        ("3/13/2024", "månad 13 finns inte (datumet lästes som dag/månad/år)"),
        ("1/3/24", "årtalet har bara två siffror; skriv hela årtalet"),
        ("240301", "årtalet har bara två siffror; skriv hela årtalet"),
        ("2024", "okänt datumformat"),
        ("1990", "okänt datumformat"),
        ("9999", "okänt datumformat"),
        ("99999", "talet är inget rimligt Excel-datum"),
        ("1899-12-31", "året ligger utanför 1900–2100"),
        ("21010101", "året ligger utanför 1900–2100"),
        ("1 mars 2024", "okänt datumformat"),
        ("ja", "okänt datumformat"),
    ],
)
def test_parse_date_rejects_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=r"^" + reason.replace("(", r"\(").replace(")", r"\)") + "$"):
        parse_date(text)


def test_parse_date_serial_bounds_and_switch():
    assert parse_date("10000") == dt.date(1927, 5, 18)
    assert parse_date("73415") == dt.date(2100, 12, 31)
    with pytest.raises(ValueError, match="rimligt Excel-datum"):
        parse_date("73416")
    with pytest.raises(ValueError, match="okänt datumformat"):
        parse_date("45352", excel_serial=False)


def test_slash_date_needs_other_order():
    assert slash_date_needs_other_order("3/13/2024", day_first=True)
    assert slash_date_needs_other_order("13/3/2024", day_first=False)
    assert not slash_date_needs_other_order("1/3/2024", day_first=True)
    assert not slash_date_needs_other_order("31/2/2024", day_first=True)  # impossible either way
    assert not slash_date_needs_other_order("2024-13-01", day_first=True)  # not a slash date


# ----------------------------------------------------------------------------- value variants


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Arbete", "arbete"),
        ("arbete ", "arbete"),
        ("Anställning", "arbete"),
        ("Studier/utbildning", "studier"),
        ("Utbildning", "studier"),
        ("Studier", "studier"),
        ("Praktik", "praktik"),
        ("Avbrutit", "avbrott"),
        ("Avbrott", "avbrott"),
        ("Avbruten", "avbrott"),
        ("Ingen sysselsättning", "ingen_sysselsattning"),
        ("Ej sysselsatt", "ingen_sysselsattning"),
        ("Pågående", "pagaende"),
        ("Pågår", "pagaende"),
        ("PAGAENDE", "pagaende"),
        # "jobb" stays unknown on purpose (see OUTCOME_SYNONYMS): lower-cased, not translated.
        ("Jobb", "jobb"),
        ("Klar", "klar"),
    ],
)
def test_outcome_variants(text, code):
    assert normalise_value("utfall", text) == code


@pytest.mark.parametrize(
    ("column", "text", "code"),
    [
        ("kon", "K", "kvinna"),
        ("kon", "Kvinna", "kvinna"),
        ("kon", "kvinna", "kvinna"),
        ("kon", "M", "man"),
        ("kon", "Man", "man"),
        ("kon", "Annan", "annat"),
        ("kon", "Annat", "annat"),
        ("kon", "Ej angivet", "ej angivet"),  # unknown is not "another gender": stays unknown
        ("kon", "X", "x"),
        ("forlangning", "Ja", "ja"),
        ("forlangning", "J", "ja"),
        ("forlangning", "Yes", "ja"),
        ("forlangning", "SANT", "ja"),
        ("forlangning", "Nej", "nej"),
        ("forlangning", "N", "nej"),
        ("forlangning", "FALSKT", "nej"),
        ("utfall_6m", "Studier/utbildning", "studier"),
        ("insats", " Jobbcoachning ", "Jobbcoachning"),  # no synonym table: only stripped
        ("kon", "", ""),
    ],
)
def test_gender_yes_no_and_other_variants(column, text, code):
    assert normalise_value(column, text) == code


def test_value_synonym_tables_only_point_into_the_vocabulary():
    assert set(OUTCOME_SYNONYMS.values()) == {
        "arbete",
        "praktik",
        "studier",
        "avbrott",
        "ingen_sysselsattning",
        "pagaende",
    }
    assert set(GENDER_SYNONYMS.values()) == {"kvinna", "man", "annat"}
    assert set(YES_NO_SYNONYMS.values()) == {"ja", "nej"}
    assert "jobb" not in OUTCOME_SYNONYMS


# ----------------------------------------------------------------------------- read_table: CSV


def test_csv_utf8_comma_plain():
    table = read_table(b"deltagare_id,insats\nA1,x\n", "d.csv")
    assert isinstance(table, RawTable)
    assert table.frame.columns.tolist() == ["deltagare_id", "insats"]
    assert table.frame.to_dict("records") == [{"deltagare_id": "A1", "insats": "x"}]
    assert (table.rows, table.header_row) == ([2], 1)
    assert (table.encoding, table.separator, table.sheet, table.sheets) == ("utf-8", ",", None, [])
    assert table.notes == ["teckenkodning: UTF-8", "avgränsare: komma"]
    assert table.warnings == []
    assert table.frame.index.name == "rad"


def test_csv_utf8_bom_is_stripped_from_the_first_header():
    table = read_table(codecs.BOM_UTF8 + "Födelseår;Kön\n1990;K\n".encode(), "d.csv")
    assert table.encoding == "utf-8-sig"
    assert table.frame.columns.tolist() == ["Födelseår", "Kön"]
    assert "teckenkodning: UTF-8 med BOM" in table.notes


def test_csv_cp1252_semicolon_crlf_decimal_comma():
    text = "Deltagare_id;Målgrupp;Timmar\r\nA1;nyanlända;12,5\r\nA2;unga;3,25\r\n"
    table = read_table(text.encode("cp1252"), "d.csv", known_columns=["Timmar"])
    assert (table.encoding, table.separator) == ("cp1252", ";")
    assert table.frame.columns.tolist() == ["Deltagare_id", "Målgrupp", "Timmar"]
    assert table.frame["Timmar"].tolist() == ["12,5", "3,25"]
    assert table.frame["Målgrupp"].tolist() == ["nyanlända", "unga"]
    assert table.warnings == ["filen är inte UTF-8; den lästes som Windows-1252 (ANSI)"]


def test_csv_utf16_tab_is_excel_unicode_text():
    data = codecs.BOM_UTF16_LE + "deltagare_id\tkön\r\nA1\tman\r\n".encode("utf-16-le")
    table = read_table(data, "export.txt")
    assert (table.encoding, table.separator) == ("utf-16", "\t")
    assert table.frame.to_dict("records") == [{"deltagare_id": "A1", "kön": "man"}]


def test_csv_tab_separated():
    table = read_table(b"deltagare_id\tinsats\tstartdatum\nA1\tx, y\t2024-03-01\n", "d.tsv")
    assert table.separator == "\t"
    assert table.frame["insats"].tolist() == ["x, y"]


def test_csv_quoted_fields_with_separator_and_line_break():
    data = b'deltagare_id,insats,roll\nA1,"x,y","rad ett\nrad tv\xc3\xa5"\nA2,z,\n'
    table = read_table(data, "d.csv")
    assert table.frame["insats"].tolist() == ["x,y", "z"]
    assert table.frame["roll"].tolist() == ["rad ett\nrad två", ""]
    # Excel shows a cell with a line break in one row, so A2 is row 3.
    assert table.rows == [2, 3]


def test_csv_comma_file_with_semicolons_in_text_stays_comma():
    data = b"deltagare_id,insats,roll\nA1,x,a;b\nA2,y,c;d\nA3,z,e\n"
    assert read_table(data, "d.csv").separator == ","


def test_csv_sep_line_sets_the_separator_and_takes_no_row():
    table = read_table(b"sep=;\ndeltagare_id;insats\nA1;x,y\n", "d.csv")
    assert table.separator == ";"
    assert (table.header_row, table.rows) == (1, [2])
    assert table.frame["insats"].tolist() == ["x,y"]


def test_csv_cr_only_line_ends():
    table = read_table(b"deltagare_id;insats\rA1;x\rA2;y\r", "d.csv")
    assert table.frame["deltagare_id"].tolist() == ["A1", "A2"]


def test_csv_cells_are_stripped_including_no_break_space():
    table = read_table("deltagare_id ; insats\n A1\u00a0;  x \n".encode(), "d.csv")
    assert table.frame.columns.tolist() == ["deltagare_id", "insats"]
    assert table.frame.iloc[0].tolist() == ["A1", "x"]


def test_title_rows_above_header_are_found_and_reported():
    data = "Deltagarregister Eget Driv 2024;;\n;;\nDeltagare ID;Program;Startdatum\nA1;x;2024-03-01\n"
    table = read_table(data.encode(), "d.csv")
    assert table.header_row == 3
    assert table.rows == [4]
    assert table.frame.columns.tolist() == ["Deltagare ID", "Program", "Startdatum"]
    message = "rubrikraden hittades på rad 3; rad 1 ovanför den lästes inte som data"
    assert message in table.notes and message in table.warnings


def test_two_title_rows_are_named_as_a_range():
    data = b"Rapport\nUtskriven 2024-05-01\ndeltagare_id;insats\nA1;x\n"
    table = read_table(data, "d.csv")
    assert table.warnings == ["rubrikraden hittades på rad 3; rad 1–2 ovanför den lästes inte som data"]


def test_header_is_the_best_matching_row_not_the_first_matching():
    # "Program" alone in a title row matches one known name; the real header matches three.
    data = b"Program\ndeltagare_id;insats;startdatum\nA1;x;2024-03-01\n"
    assert read_table(data, "d.csv").header_row == 2


def test_leading_empty_rows_only_give_a_note():
    table = read_table(b"\n\ndeltagare_id;insats\nA1;x\n", "d.csv")
    assert table.header_row == 3 and table.rows == [4]
    assert table.warnings == [] and "rubrikraden hittades på rad 3" in table.notes


def test_empty_rows_in_the_middle_are_kept_trailing_ones_noted():
    table = read_table(b"deltagare_id;insats\nA1;x\n;\n\nA2;y\n;\n\n", "d.csv")
    assert table.rows == [2, 3, 4, 5]
    assert table.frame["deltagare_id"].tolist() == ["A1", "", "", "A2"]
    assert "2 tomma rader efter sista raden med innehåll räknas inte" in table.notes


def test_header_row_can_be_given():
    data = b"Kund;Aktivitet\nA1;x\n"
    with pytest.raises(DataError, match="ingen rad bland de första 30 ser ut som en rubrikrad"):
        read_table(data, "d.csv")
    table = read_table(data, "d.csv", header_row=1)
    assert table.frame.columns.tolist() == ["Kund", "Aktivitet"]
    with pytest.raises(DataError, match="rad 9 finns inte eller är tom"):
        read_table(data, "d.csv", header_row=9)


def test_known_columns_help_find_a_custom_header():
    table = read_table(b"Titel\nKund;Aktivitet\nA1;x\n", "d.csv", known_columns=["Kund", "Aktivitet"])
    assert table.header_row == 2


def test_unnamed_columns_empty_are_dropped_filled_are_kept_with_their_letter():
    table = read_table(b"deltagare_id;;insats;;\nA1;;x;extra;\n", "d.csv")
    assert table.frame.columns.tolist() == ["deltagare_id", "insats", "(namnlös kolumn D)"]
    assert table.letters == {"deltagare_id": "A", "insats": "C", "(namnlös kolumn D)": "D"}


def test_csv_row_with_more_fields_than_header_is_refused():
    data = b"deltagare_id,insats,timmar\nA1,x,12\nA2,y,12,5\n"
    with pytest.raises(DataError) as caught:
        read_table(data, "d.csv")
    text = str(caught.value)
    assert text.startswith(
        "d.csv: filen kunde inte tolkas som CSV på rad 3: fler fält än rubrikraden har (4 i stället för 3)"
    )
    assert "decimaltal med komma" in text


def test_duplicate_header_names_the_columns():
    with pytest.raises(
        DataError, match='kolumnen "insats" förekommer mer än en gång i rubrikraden \\(kolumn B och C\\)'
    ):
        read_table(b"deltagare_id;insats;insats\nA1;x;y\n", "d.csv")


def test_only_a_header_gives_an_empty_frame_with_columns():
    table = read_table(b"deltagare_id;insats\r\n", "d.csv")
    assert table.frame.empty and table.rows == []
    assert table.frame.columns.tolist() == ["deltagare_id", "insats"]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "d.csv", "d.csv: filen är tom"),
        (b"\r\n\r\n  \n", "d.csv", "d.csv: filen är tom"),
        (b";;;\n;;\n", "d.csv", "d.csv: filen är tom"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "d.csv", "d.csv: filen är en bild (PNG), inte en tabell"),
        (b"%PDF-1.7\n", "d.csv", "ett PDF-dokument"),
        (b"\x1f\x8b\x08\x00", "d.csv.gz", "komprimerad fil"),
        (b"abc\x00def\x00" * 10, "d.csv", "den innehåller binära data"),
        (bytes(range(1, 32)) * 20, "d.csv", "den innehåller binära data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "gammal.xls", ".xls stöds inte"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "skyddad.xlsx", "lösenordsskyddad eller krypterad"),
        (b"not a zip", "trasig.xlsx", "Excel-filen kunde inte läsas"),
        (b"PK\x03\x04 broken", "trasig.csv", "Excel-filen kunde inte läsas"),
        (
            b'deltagare_id,insats\nA1,"x\n' + b"B,y\n" * 20,
            "d.csv",
            'ett citattecken (") på rad 2 verkar aldrig avslutas',
        ),
    ],
)
def test_unreadable_files_are_data_errors(data, name, expected):
    with pytest.raises(DataError) as caught:
        read_table(data, name)
    assert expected in str(caught.value)
    report = caught.value.report
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert "Traceback" not in str(caught.value)


def test_path_errors(tmp_path):
    with pytest.raises(DataError, match=r"saknas\.csv: filen finns inte"):
        read_table(tmp_path / "saknas.csv")
    with pytest.raises(DataError, match="är en mapp"):
        read_table(tmp_path)


def test_sources_path_bytes_and_file_like(tmp_path):
    path = tmp_path / "deltagare.csv"
    path.write_bytes(b"deltagare_id;insats\nA1;x\n")
    assert read_table(path).file == "deltagare.csv"
    assert read_table(str(path)).file == "deltagare.csv"
    assert read_table(path.read_bytes()).file == "uppladdad fil"

    class Upload(io.BytesIO):  # what Streamlit's UploadedFile looks like to us
        name = "från webben.csv"

    assert read_table(Upload(path.read_bytes())).file == "från webben.csv"
    assert read_table(Upload(path.read_bytes()), "annat.csv").file == "annat.csv"
    with pytest.raises(TypeError):
        read_table(42)


def test_header_score():
    assert header_score(["Deltagare ID", "Program", "Startdatum", "Timmar"]) == 3
    assert header_score(["Deltagarregister Eget Driv 2024", "", ""]) == 0
    assert header_score(["A1", "jobbcoachning", "2024-03-01", "arbete"]) == 0
    assert header_score(["Timmar"], known_columns=["timmar"]) == 1


# ----------------------------------------------------------------------------- read_table: XLSX


def workbook_bytes(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_cells_as_text():
    data = workbook_bytes(
        {
            "Deltagare": [
                ["deltagare_id", "startdatum", "fodelsear", "serie", "andel", "kvar"],
                [7, dt.datetime(2024, 3, 1), 1990.0, 45352, 0.5, True],
                ["A2", dt.date(2024, 3, 2), 1991, None, None, None],
            ],
            "Annat": [["x"]],
        }
    )
    table = read_table(data, "d.xlsx")
    assert (table.sheet, table.sheets) == ("Deltagare", ["Deltagare", "Annat"])
    assert (table.encoding, table.separator) == (None, None)
    assert table.frame.to_dict("records") == [
        {
            "deltagare_id": "7",
            "startdatum": "2024-03-01",
            "fodelsear": "1990",
            "serie": "45352",
            "andel": "0.5",
            "kvar": "True",
        },
        {"deltagare_id": "A2", "startdatum": "2024-03-02", "fodelsear": "1991", "serie": "", "andel": "", "kvar": ""},
    ]
    assert table.rows == [2, 3]
    assert 'filen har bladen "Deltagare", "Annat"; bladet "Deltagare" lästes' in table.notes
    assert table.warnings == []


def test_xlsx_sheet_by_name_case_insensitive_and_by_index():
    data = workbook_bytes({"Instruktioner": [["Fyll i bladet Deltagare"]], "Deltagare": [["deltagare_id"], ["A1"]]})
    assert read_table(data, "d.xlsx", sheet="Deltagare").frame["deltagare_id"].tolist() == ["A1"]
    assert read_table(data, "d.xlsx", sheet=" deltagare ").sheet == "Deltagare"
    assert read_table(data, "d.xlsx", sheet=1).sheet == "Deltagare"


def test_xlsx_unknown_sheet_names_the_sheets():
    data = workbook_bytes({"Blad1": [["deltagare_id"]], "Blad2": [["insats"]]})
    with pytest.raises(DataError) as caught:
        read_table(data, "d.xlsx", sheet="Deltagare")
    assert str(caught.value) == 'd.xlsx: bladet "Deltagare" finns inte; filen har bladen "Blad1", "Blad2"'
    with pytest.raises(DataError, match='blad nummer 3 finns inte; filen har bladen "Blad1", "Blad2"'):
        read_table(data, "d.xlsx", sheet=2)


def test_xlsx_no_header_on_the_first_sheet_names_the_others():
    data = workbook_bytes({"Instruktioner": [["Fyll i bladet Deltagare"]], "Deltagare": [["deltagare_id"]]})
    with pytest.raises(DataError) as caught:
        read_table(data, "d.xlsx")
    text = str(caught.value)
    assert text.startswith('d.xlsx: bladet "Instruktioner": ingen rad bland de första 30 ser ut som en rubrikrad')
    assert text.endswith('; filen har också bladen "Deltagare"')


def test_xlsx_hidden_first_sheet_is_skipped_by_default():
    data = workbook_bytes({"Koder": [["kod"]], "Deltagare": [["deltagare_id"], ["A1"]]}, hidden=("Koder",))
    table = read_table(data, "d.xlsx")
    assert table.sheet == "Deltagare"
    assert 'det första bladet är dolt; det första synliga bladet "Deltagare" lästes' in table.notes


def test_xlsx_empty_sheet_suggests_the_others():
    data = workbook_bytes({"Tomt": [], "Deltagare": [["deltagare_id"]]})
    with pytest.raises(DataError, match='bladet "Tomt" är tomt; filen har också bladen "Deltagare"'):
        read_table(data, "d.xlsx")


def test_xlsx_title_rows_and_excel_row_numbers():
    data = workbook_bytes(
        {"Blad1": [["Deltagarregister Eget Driv 2024"], [], ["Deltagare ID", "Program"], ["A1", "x"], [], ["A2", "y"]]}
    )
    table = read_table(data, "d.xlsx")
    assert table.header_row == 3
    assert table.rows == [4, 5, 6]
    assert table.frame["Deltagare ID"].tolist() == ["A1", "", "A2"]
    assert "rubrikraden hittades på rad 3; rad 1 ovanför den lästes inte som data" in table.warnings


def test_xlsx_with_a_csv_name_is_read_as_xlsx():
    data = workbook_bytes({"Blad1": [["deltagare_id"], ["A1"]]})
    table = read_table(data, "export.csv")
    assert table.sheet == "Blad1"
    assert "filen är en Excel-arbetsbok (.xlsx) och lästes som en sådan" in table.notes


def test_xlsx_cells_beyond_the_header_become_unnamed_columns():
    data = workbook_bytes({"Blad1": [["deltagare_id", "insats"], ["A1", "x", "anteckning"]]})
    table = read_table(data, "d.xlsx")
    assert table.frame.columns.tolist() == ["deltagare_id", "insats", "(namnlös kolumn C)"]


# ----------------------------------------------------------------------------- cell_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (1985.0, "1985"),
        (12.5, "12.5"),
        (7, "7"),
        (float("nan"), ""),
        (dt.datetime(2024, 3, 1, 14, 30), "2024-03-01"),
        (dt.date(2024, 3, 1), "2024-03-01"),
        (pd.NaT, ""),
        (dt.time(8, 30), "08:30:00"),
        (False, "False"),
        ("0360", "0360"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_paths_given_as_path_objects_keep_their_name(tmp_path):
    path = Path(tmp_path) / "Deltagare 2024.xlsx"
    path.write_bytes(workbook_bytes({"Blad1": [["deltagare_id"], ["A1"]]}))
    assert read_table(path).file == "Deltagare 2024.xlsx"
