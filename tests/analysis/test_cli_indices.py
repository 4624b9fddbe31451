"""Tests of ``python -m analysis indices``: output formats, exit codes and Swedish messages."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import cli
from analysis.files_in import loaders
from analysis.stats.segregation import INDEX_NAMES, indices_by_year

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "segregation"
# olikhet_06.csv: the hand-computed table of test_segregation.py (D = 0.6, G = 0.72), written as Swedish
# Excel does (semicolon, Windows-1252, CRLF, a title row, headers "Område;Utrikes födda;Folkmängd").
HAND = FIXTURES / "olikhet_06.csv"
TWO_YEARS = FIXTURES / "tva_ar.csv"
BAD = FIXTURES / "fel.csv"
DEMO_TIERP = ROOT / "data" / "demo" / "tierp" / "statistik.csv"
COUNTS = ("--group", "utrikes_fodda", "--total", "folkmangd")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["indices", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_json_for_one_set_of_areas_has_exactly_the_index_keys_and_areas():
    code, out, err = run(str(HAND), *COUNTS, "--area", "omrade", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert list(result) == [*INDEX_NAMES, "areas"]
    assert result["areas"] == 3
    assert result["dissimilarity"] == pytest.approx(0.6, abs=1e-12)
    assert result["gini"] == pytest.approx(0.72, abs=1e-12)
    assert result["isolation"] + result["exposure"] == pytest.approx(1.0, abs=1e-12)


def test_text_for_one_set_of_areas_explains_every_index_in_swedish():
    code, out, err = run(str(HAND), *COUNTS)
    assert code == 0, err
    assert "3 områden; gruppen är 33,3 % av alla." in out
    assert "Olikhetsindex D  0,600  andelen av gruppen som skulle behöva flytta" in out
    assert "Gini             0,720" in out
    for name, explanation in cli.INDEX_TEXTS.values():
        assert name in out and explanation in out
    assert "Atkinsons b = 0,5" in out


def test_one_result_per_year_in_json():
    code, out, err = run(str(TWO_YEARS), *COUNTS, "--year", "ar", "--format", "json")
    assert code == 0, err
    results = json.loads(out)
    assert [r["year"] for r in results] == [2020, 2021]
    assert all(list(r) == ["year", *INDEX_NAMES, "areas"] for r in results)
    assert results[0]["dissimilarity"] == pytest.approx(0.6, abs=1e-12)
    assert results[1]["dissimilarity"] == 0.0
    assert results[1]["entropy"] == 0.0


def test_one_row_per_year_in_text():
    code, out, err = run(str(TWO_YEARS), *COUNTS, "--year", "ar")
    assert code == 0, err
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("År"))
    assert lines[header + 1].split() == ["2020", "3", "33,3", "%", "0,600", "0,618", "0,382", "0,358", "0,720", "0,468"]
    assert lines[header + 2].split()[:5] == ["2021", "3", "20,0", "%", "0,000"]
    assert "Så läser du indexen:" in out
    assert "−0,000" not in out


def test_demo_statistics_agree_with_indices_by_year():
    code, out, err = run(str(DEMO_TIERP), *COUNTS, "--year", "ar", "--format", "json", "--b", "0,3")
    assert code == 0, err
    expected = indices_by_year(loaders.load_statistics(DEMO_TIERP), "utrikes_fodda", "folkmangd", b=0.3)
    results = json.loads(out)
    assert [r["year"] for r in results] == list(expected["ar"])
    for result, (_, row) in zip(results, expected.iterrows(), strict=True):
        assert result["areas"] == 9
        for name in INDEX_NAMES:
            assert result[name] == pytest.approx(row[name], abs=1e-12), name


def test_b_changes_only_atkinson():
    _, half, _ = run(str(HAND), *COUNTS, "--format", "json")
    _, low, _ = run(str(HAND), *COUNTS, "--format", "json", "--b", "0.2")
    half, low = json.loads(half), json.loads(low)
    assert low["atkinson"] != pytest.approx(half["atkinson"])
    assert {k: v for k, v in low.items() if k != "atkinson"} == {k: v for k, v in half.items() if k != "atkinson"}


def test_bad_cells_exit_1_naming_row_and_column():
    code, out, err = run(str(BAD), *COUNTS, "--year", "ar")
    assert code == 1
    assert out == ""
    expected = [
        "fel.csv rad 2, kolumn utrikes_fodda (D): inte ett heltal (ser ut som en andel)",
        'fel.csv rad 3, kolumn utrikes_fodda (D): värde saknas (".." betyder dolt',
        "fel.csv rad 4, kolumn utrikes_fodda (D): större än folkmangd på samma rad",
        "fel.csv rad 5, kolumn utrikes_fodda (D): negativt antal",
        'fel.csv rad 6, kolumn utrikes_fodda (D): "tio" är inte ett tal',
        'fel.csv rad 7, kolumn stadsdel_kod (A): "R1" förekommer också på rad 2 samma år',
        "fel.csv rad 8, kolumn ar (B): år saknas",
    ]
    for line in expected:
        assert line in err
    assert "Traceback" not in err


def test_areas_repeated_without_year_is_one_message_with_a_hint():
    code, _, err = run(str(TWO_YEARS), *COUNTS)
    assert code == 1
    assert '"R1" i kolumnen stadsdel_kod (A) förekommer på både rad 2 och rad 5' in err
    assert "ange årskolumnen med --year" in err
    assert len(err.strip().splitlines()) == 1


def test_undefined_indices_exit_1_with_the_reason(tmp_path):
    path = tmp_path / "noll.csv"
    path.write_text("omrade,grupp,alla\nA,0,10\nB,0,20\n", encoding="utf-8")
    code, _, err = run(str(path), "--group", "grupp", "--total", "alla")
    assert code == 1
    assert "noll.csv (--group grupp, --total alla): gruppen är 0 i alla områden; indexen är odefinierade" in err


def test_a_year_with_too_few_areas_is_named(tmp_path):
    path = tmp_path / "ar.csv"
    path.write_text("omrade,ar,grupp,alla\nA,2020,1,10\nB,2020,5,20\nA,2021,3,10\n", encoding="utf-8")
    code, _, err = run(str(path), "--group", "grupp", "--total", "alla", "--year", "ar")
    assert code == 1
    assert "ar.csv, år 2021" in err and "minst två områden krävs" in err


def test_missing_column_exits_1_listing_the_columns():
    code, _, err = run(str(HAND), "--group", "utrikes_fodda", "--total", "invanare")
    assert code == 1
    assert 'kolumnen "invanare" (--total) finns inte i filen; kolumnerna är: "Område", "Utrikes födda"' in err


def test_missing_file_exits_1():
    code, _, err = run(str(FIXTURES / "finns_inte.csv"), *COUNTS)
    assert code == 1
    assert "finns_inte.csv" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ((str(HAND), "--total", "folkmangd"), "följande argument krävs: --group"),
        ((str(HAND), *COUNTS, "--b", "1"), "b måste vara större än 0 och mindre än 1"),
        ((str(HAND), *COUNTS, "--b", "noll"), "'noll' är inte ett tal"),
        ((str(HAND), *COUNTS, "--format", "xml"), "ogiltigt val"),
        ((str(HAND), "--group", "folkmangd", "--total", "folkmangd"), "--group och --total måste vara olika"),
    ],
)
def test_usage_errors_exit_2(argv, expected):
    code, out, err = run(*argv)
    assert code == 2
    assert expected in err
    assert out == ""


def test_subprocess_never_shows_a_traceback():
    def call(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "analysis", "indices", *argv],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    ok = call(str(HAND), *COUNTS, "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["areas"] == 3
    bad = call(str(BAD), *COUNTS, "--year", "ar")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "rad 2" in bad.stderr
    usage = call(str(HAND), *COUNTS, "--b", "2")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    helped = call("--help")
    assert helped.returncode == 0 and "--group" in helped.stdout and "Atkinson" in helped.stdout
