"""Tests of analysis.files_in.validation: issues, reports, DataError and the personal-identity-number guard."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.files_in.validation import (
    ECHO_MAX_CHARS,
    MAX_LISTED_ISSUES,
    DataError,
    Issue,
    ValidationReport,
    echo,
    error_from_issues,
    file_error,
    looks_like_personnummer,
    personnummer_mask,
)

# Skatteverket's well-known test number and a coordination number (day + 60) with a valid check digit.
TEST_PNR = "19121212-1212"
TEST_SAMORDNINGSNUMMER = "121272-1219"


def test_issue_format_names_file_row_and_column():
    issue = Issue(7, "utfall", 'okänt utfall "jobb"')
    assert issue.format("deltagare.csv") == 'deltagare.csv rad 7, kolumn utfall: okänt utfall "jobb"'
    assert Issue(None, None, "filen är tom").format("x.csv") == "x.csv: filen är tom"
    assert Issue(3, None, "tom rad").format("x.csv") == "x.csv rad 3: tom rad"
    assert Issue(None, "kon", "m").format("x.csv") == "x.csv, kolumn kon: m"
    assert Issue(2, "kon", "m").severity == "fel"


def test_report_counts_ok_errors_warnings_and_frame():
    issues = [Issue(2, "kon", "fel här"), Issue(3, "insats", "varning här", "varning")]
    report = ValidationReport("deltagare.csv", 3, 2, 1, issues)
    assert not report.ok
    assert report.errors == issues[:1]
    assert report.warnings == issues[1:]
    frame = report.to_frame()
    assert list(frame.columns) == ["rad", "kolumn", "allvarlighet", "meddelande"]
    assert frame["rad"].tolist() == [2, 3]
    assert frame["allvarlighet"].tolist() == ["fel", "varning"]
    assert ValidationReport("x.csv", 1, 1, 0, issues[1:]).ok


def test_report_text_lists_summary_then_errors_then_warnings():
    report = ValidationReport(
        "deltagare.csv", 3, 2, 1, [Issue(3, "insats", "v", "varning"), Issue(7, "utfall", "okänt utfall")]
    )
    lines = report.format_text().splitlines()
    assert lines[0] == "deltagare.csv: 3 rader lästa, 2 godkända, 1 avvisad."
    assert lines[1:] == [
        "Fel (1):",
        "deltagare.csv rad 7, kolumn utfall: okänt utfall",
        "Varningar (1):",
        "deltagare.csv rad 3, kolumn insats: v",
    ]
    assert "Inga fel" in ValidationReport("a.csv", 1, 1, 0).format_text()
    assert ValidationReport("a.csv", 1, 1, 0).summary() == "a.csv: 1 rad läst, 1 godkänd, 0 avvisade."


def test_report_refuses_rows_that_vanish():
    with pytest.raises(ValueError, match="rows_read"):
        ValidationReport("x.csv", 5, 3, 1)


def test_empty_report_frame_has_the_columns():
    assert list(ValidationReport("x.csv").to_frame().columns) == ["rad", "kolumn", "allvarlighet", "meddelande"]


def test_data_error_message_and_report():
    error = file_error("statistik.csv", "filen är tom", rows_read=0)
    assert str(error) == "statistik.csv: filen är tom"
    assert isinstance(error, Exception)
    assert error.report.file == "statistik.csv"
    assert not error.report.ok


def test_error_from_issues_lists_at_most_the_limit():
    issues = [Issue(r, "folkmangd", "måste vara ett heltal") for r in range(2, 2 + MAX_LISTED_ISSUES + 5)]
    error = error_from_issues("statistik.csv", issues, rows_read=len(issues))
    text = str(error)
    assert text.startswith(f"statistik.csv: {len(issues)} fel; filen kan inte användas.")
    assert "statistik.csv rad 2, kolumn folkmangd" in text
    assert f"rad {2 + MAX_LISTED_ISSUES}," not in text
    assert "… och 5 fel till." in text
    report = error.report
    assert report.rows_read == report.rows_rejected == len(issues)
    assert report.rows_accepted == 0
    assert isinstance(error, DataError)


@pytest.mark.parametrize(
    "value",
    [
        TEST_PNR,
        "191212121212",
        "121212-1212",
        "1212121212",
        "121212+1212",
        "19121212 1212",
        "121212–1212",  # en dash, as Word and Excel like to autocorrect
        TEST_SAMORDNINGSNUMMER,
        "P-191212121212",
        "id 19121212-1212 (gammalt)",
        "19121212-1213",  # wrong check digit: a mistyped real number is still someone's (issue 10)
        "1912-12-12-1212",
        "19121212_1212",
        "121212/1212",
    ],
)
def test_personnummer_and_samordningsnummer_are_recognised(value):
    assert looks_like_personnummer(value)


@pytest.mark.parametrize(
    "value",
    ["19121312-1212", "1234567890", "A-1001", "007", "2024-01-05", "0360R005", "", None, float("nan"), 1985],
)
def test_other_values_are_not_mistaken_for_personnummer(value):
    assert not looks_like_personnummer(value)


def test_personnummer_mask_is_elementwise():
    values = pd.Series(["A1", TEST_PNR, "", "1234567890", "121212-1212"], index=[2, 3, 4, 5, 6])
    mask = personnummer_mask(values)
    assert mask.tolist() == [False, True, False, False, True]
    assert mask.index.tolist() == [2, 3, 4, 5, 6]


def test_echo_shows_codes_only_and_never_a_personnummer():
    assert echo("jobb", "utfall") == '"jobb"'
    assert echo("Anna Andersson", "namn") is None
    assert echo("A7", "deltagare_id") is None
    assert echo(TEST_PNR, "utfall") is None
    assert echo(TEST_PNR) is None
    assert echo(1900) == '"1900"'
    long = echo("x" * 100, "insats")
    assert long is not None
    assert len(long) == ECHO_MAX_CHARS + 2
    assert long.endswith('…"')
