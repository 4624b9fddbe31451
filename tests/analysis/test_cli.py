"""Tests of the command line (``python -m analysis``): in-process through ``main`` and as a subprocess."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from analysis import cli
from tests.cli_support import run, run_subprocess

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "loaders"
TESTBY = FIXTURES / "testby"
PNR_DIGITS = ("191212121212", "121212-1212", "1212121212", "19121212")


def assert_no_personnummer(text: str) -> None:
    for digits in PNR_DIGITS:
        assert digits not in text


# ----------------------------------------------------------------------------- validate


def test_validate_good_file_exits_0():
    code, out, err = run("validate", str(TESTBY / "deltagare.csv"), "--data", str(TESTBY))
    assert code == 0, err
    assert out.splitlines()[0] == "deltagare.csv: 13 rader lästa, 13 godkända, 0 avvisade."


def test_validate_bad_file_exits_1_with_one_line_per_issue():
    code, out, err = run("validate", str(FIXTURES / "deltagare_fel.csv"), "--data", str(TESTBY))
    assert code == 1
    lines = out.splitlines()
    # Checked as the Data page imports it: the personnummer in row 6's deltagare_id is pseudonymised
    # (with a throwaway key) instead of rejecting the row, and a note says so without the number.
    assert lines[0] == "deltagare_fel.csv: 13 rader lästa, 6 godkända, 7 avvisade."
    assert "Fel (7):" in lines
    assert "deltagare_fel.csv rad 5, kolumn slutdatum: slutdatum ligger före startdatum" in lines
    assert any("deltagare_id" in line and "pseudonymer" in line for line in lines)
    assert_no_personnummer(out + err)


def test_validate_warnings_only_exits_0(tmp_path):
    path = tmp_path / "deltagare.csv"
    shutil.copy(TESTBY / "deltagare.csv", path)
    with path.open("a", encoding="utf-8") as f:
        f.write("030,sprakcafe,0999R001,2024-01-08,2024-05-31,arbete,unga_vuxna,man,1990,,,,\n")
    code, out, _ = run("validate", str(path), "--data", str(TESTBY))
    assert code == 0
    assert "Varningar (1):" in out


def test_validate_other_file_kinds():
    code, out, _ = run("validate", str(FIXTURES / "statistik_dubblett.csv"), "--data", str(TESTBY))
    assert code == 1
    assert "rad 4, kolumn stadsdel_kod, ar" in out
    code, out, _ = run("validate", str(FIXTURES / "geometri_wgs84.geojson"), "--data", str(TESTBY))
    assert code == 0


def test_validate_unusable_file_exits_1():
    code, out, _ = run("validate", str(FIXTURES / "deltagare_saknar_kolumn.csv"), "--data", str(TESTBY))
    assert code == 1
    assert "kolumner saknas: kon, fodelsear" in out
    code, out, _ = run("validate", str(FIXTURES / "finns_inte.csv"), "--data", str(TESTBY))
    assert code == 1
    assert "filen finns inte" in out


def test_validate_with_unusable_data_folder_exits_1(tmp_path):
    code, out, err = run("validate", str(TESTBY / "deltagare.csv"), "--data", str(tmp_path / "saknas"))
    assert code == 1
    assert "finns inte" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["validate", "x.csv"],
        ["okänt"],
        ["rates", "--data", "x"],
        ["rates", "--data", str(TESTBY), "--by", "stadsdel"],
        ["rates", "--data", str(TESTBY), "--by", "ar,ar"],
        ["rates", "--data", str(TESTBY), "--by", "ar", "--min-n", "0"],
        ["rates", "--data", str(TESTBY), "--by", "ar", "--min-n", "fem"],
        ["rates", "--data", str(TESTBY), "--by", "ar", "--format", "xml"],
    ],
)
def test_usage_errors_exit_2_in_swedish(argv):
    code, out, err = run(*argv)
    assert code == 2
    assert "användning:" in err or "--by" in err or "--min-n" in err
    assert "Traceback" not in out + err
    assert "usage:" not in err


def test_unexpected_exception_is_a_short_message_without_its_text(monkeypatch):
    from analysis.files_in import loaders

    def boom(*args, **kwargs):
        raise RuntimeError("innehåll 19121212-1212 från en cell")

    from analysis.files_in import intake

    monkeypatch.setattr(loaders, "validate_file", boom)
    monkeypatch.setattr(intake, "preview_participants", boom)
    code, out, err = run("validate", str(TESTBY / "deltagare.csv"), "--data", str(TESTBY))
    assert code == 1
    assert "oväntat fel" in err and "RuntimeError" in err
    assert_no_personnummer(out + err)
    assert "innehåll" not in err


# ----------------------------------------------------------------------------- rates


def test_rates_csv_with_suppression(monkeypatch):
    monkeypatch.setenv("STADSDEL_MIN_N", "2")  # the test town is tiny: at 2, 6 of 8 (2 without) is shown
    code, out, err = run("rates", "--data", str(TESTBY), "--by", "stadsdel_kod,insats")
    assert code == 0, err
    assert "\r" not in out
    lines = out.splitlines()
    assert lines[0] == "stadsdel_kod,insats,n,positive,rate,ci_low,ci_high,suppressed"
    shown = lines[1].split(",")
    assert shown[:4] == ["0999R001", "coachning", "8", "6"]
    assert float(shown[4]) == pytest.approx(0.75)
    assert float(shown[5]) < 0.75 < float(shown[6])
    assert shown[7] == "False"
    suppressed = [line for line in lines[1:] if line.endswith("True")]
    assert suppressed and all(line.split(",")[2:7] == [""] * 5 for line in suppressed)


def test_rates_json_records_with_nulls_and_min_n(monkeypatch):
    monkeypatch.setenv("STADSDEL_MIN_N", "2")
    code, out, _ = run("rates", "--data", str(TESTBY), "--by", "stadsdel_kod", "--format", "json", "--min-n", "4")
    assert code == 0
    records = json.loads(out)
    assert isinstance(records, list)
    by_code = {r["stadsdel_kod"]: r for r in records}
    # 0999R001: 6 of 8, so 2 without a positive outcome: hidden at --min-n 4, shown at the configured 2
    assert by_code["0999R001"]["suppressed"] is True
    code, out, _ = run("rates", "--data", str(TESTBY), "--by", "stadsdel_kod", "--format", "json")
    assert {r["stadsdel_kod"]: r for r in json.loads(out)}["0999R001"]["n"] == 8
    # --min-n may raise the threshold, never lower it below the configured one
    code, _, err = run("rates", "--data", str(TESTBY), "--by", "stadsdel_kod", "--min-n", "1")
    assert code == 2 and "--min-n kan bara höjas" in err
    monkeypatch.delenv("STADSDEL_MIN_N")
    code, out, _ = run("rates", "--data", str(TESTBY), "--by", "stadsdel_kod", "--format", "json")
    r002 = next(r for r in json.loads(out) if r["stadsdel_kod"] == "0999R002")
    assert r002["suppressed"] is True
    assert all(r002[k] is None for k in ("n", "positive", "rate", "ci_low", "ci_high"))


def test_rates_without_grouping_is_one_row(monkeypatch):
    monkeypatch.setenv("STADSDEL_MIN_N", "3")  # 9 of 12: 3 without, shown at 3 (base 3 keeps 12 and 9)
    code, out, _ = run("rates", "--data", str(TESTBY), "--by", "", "--format", "json")
    assert code == 0
    (record,) = json.loads(out)
    assert (record["n"], record["positive"]) == (12, 9)


def test_rates_reports_rejected_rows_on_stderr(tmp_path):
    folder = tmp_path / "testby"
    shutil.copytree(TESTBY, folder)
    with (folder / "deltagare.csv").open("a", encoding="utf-8") as f:
        f.write("19121212-1212,coachning,0999R001,2024-01-08,2024-05-31,arbete,unga_vuxna,man,1990,,,,\n")
    code, out, err = run("rates", "--data", str(folder), "--by", "ar")
    assert code == 0
    assert "1 rader avvisades" in err
    assert_no_personnummer(out + err)


def test_rates_without_participant_file(tmp_path):
    folder = tmp_path / "testby"
    shutil.copytree(TESTBY, folder)
    (folder / "deltagare.csv").unlink()
    code, _, err = run("rates", "--data", str(folder), "--by", "ar")
    assert code == 1
    assert "Ingen deltagarfil" in err


# ----------------------------------------------------------------------------- as a real process


def test_subprocess_validate_exit_codes_and_privacy():
    good = run_subprocess("validate", str(TESTBY / "deltagare.csv"), "--data", str(TESTBY))
    assert good.returncode == 0, good.stderr
    assert "13 godkända" in good.stdout
    bad = run_subprocess("validate", str(FIXTURES / "deltagare_fel.csv"), "--data", str(TESTBY))
    assert bad.returncode == 1
    assert "okänt utfall" in bad.stdout
    assert "Traceback" not in bad.stderr
    assert_no_personnummer(bad.stdout + bad.stderr)


def test_subprocess_usage_error_and_help():
    usage = run_subprocess("validate")
    assert usage.returncode == 2
    assert "användning:" in usage.stderr and "följande argument krävs" in usage.stderr
    helptext = run_subprocess("--help")
    assert helptext.returncode == 0
    assert "kontrollera en datafil" in helptext.stdout


def test_subprocess_rates_csv(monkeypatch):
    monkeypatch.setenv("STADSDEL_MIN_N", "3")
    result = run_subprocess("rates", "--data", str(TESTBY), "--by", "ar", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "ar,n,positive,rate,ci_low,ci_high,suppressed"
    assert result.stdout.splitlines()[1].startswith("2024,12,9,0.75,")


def test_rates_never_prints_a_positive_count_under_min_n():
    import csv

    tierp = Path(__file__).resolve().parents[2] / "data" / "demo" / "tierp"
    out = io.StringIO()
    code = cli.main(["rates", "--data", str(tierp), "--by", "ar,insats", "--format", "csv"], out=out)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows
    for row in rows:
        for column in ("n", "positive"):
            if row[column]:
                assert int(row[column]) >= 5 and int(row[column]) % 5 == 0, row
        if row["rate"]:
            # the rate is that of the printed counts, so rate × n gives back only the rounded count
            assert float(row["rate"]) == pytest.approx(int(row["positive"]) / int(row["n"]))
    # The Tierp action plan's 2020 row has 2 of 9: a rate of 2/9 would give the 2 back, so all is hidden.
    row = next(r for r in rows if r["ar"] == "2020" and r["insats"] == "handlingsplan")
    assert row["suppressed"] == "True"
    assert (row["positive"], row["n"], row["rate"]) == ("", "", "")
