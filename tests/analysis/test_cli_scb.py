"""Tests of ``python -m analysis import-scb`` and ``fetch-scb``: in-process through ``cli.main`` and as
subprocesses. The network is never used: fetch-scb runs on recorded responses or against a closed local port."""

from __future__ import annotations

import json
import socket
import urllib.error
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in import loaders, pxweb
from tests.cli_support import run, run_subprocess

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scb"
RECORDED = FIXTURES / "recorded"
KEY = FIXTURES / "koppling_test.csv"
SHARED = ROOT.parent / "shared" / "data" / "scb"


def recorded_fetch(url: str, body: bytes | None) -> bytes:
    table = url.split("/tables/")[1].split("/")[0]
    if "/metadata" in url:
        return (RECORDED / f"{table}_metadata.json").read_bytes()
    if table == "TAB6574":
        ages = {s["variableCode"]: s["valueCodes"] for s in json.loads(body)["selection"]}["Alder"]
        return (
            RECORDED / ("TAB6574_data_totalt.json" if ages == ["totalt"] else "TAB6574_data_20_64.json")
        ).read_bytes()
    return (RECORDED / f"{table}_data.json").read_bytes()


# ----------------------------------------------------------------------------- import-scb


def test_import_area_types(tmp_path):
    out_file = tmp_path / "statistik.csv"
    code, out, err = run(
        "import-scb",
        str(FIXTURES / "omradestyp_test.csv"),
        "--kind",
        "omradestyp",
        "--key",
        str(KEY),
        "--out",
        str(out_file),
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "omradestyp_test.csv: 7 områden lästa, 4 matchade mot RegSO-kod, 3 ej matchade; år 2022."
    assert "  Ås-Älvby (Saknas): RegSO-namnet finns inte i nyckelfilen för Ås-Älvby" in lines
    assert f"Skrev 4 stadsdel-år (kolumnen omradestyp_scb) till {out_file}." in lines
    statistics = loaders.load_statistics(out_file)
    assert statistics["omradestyp_scb"].tolist() == [4, 1, 3, 2]
    side = pd.read_csv(tmp_path / "statistik_ej_matchade.csv")
    assert side["omrade"].tolist() == ["Ås-Älvby (Dubbel)", "Ås-Älvby (Saknas)", "Okänd kommun (Centrum)"]


def test_import_one_kommun_by_name(tmp_path):
    out_file = tmp_path / "statistik.csv"
    code, out, _ = run(
        "import-scb",
        str(FIXTURES / "omradestyp_test.csv"),
        "--kind",
        "omradestyp",
        "--key",
        str(KEY),
        "--kommun",
        "Testby",
        "--out",
        str(out_file),
    )
    assert code == 0
    assert "4 i andra kommuner hoppades över" in out
    assert loaders.load_statistics(out_file)["stadsdel_kod"].tolist() == ["0991R001", "0991R002", "0991R003"]
    assert not (tmp_path / "statistik_ej_matchade.csv").exists()


def test_import_without_key_writes_nothing_and_says_why(tmp_path):
    out_file = tmp_path / "statistik.csv"
    code, out, err = run(
        "import-scb", str(FIXTURES / "omradestyp_test.csv"), "--kind", "omradestyp", "--out", str(out_file)
    )
    assert code == 1
    assert "ingen nyckelfil angavs" in out
    assert err.strip() == "Inget område kunde matchas mot en RegSO-kod; ingen fil skrevs. Ange nyckelfilen med --key."
    assert not out_file.exists()


def test_import_refuses_to_overwrite_and_merges_on_request(tmp_path):
    out_file = tmp_path / "statistik.csv"
    source = ["import-scb", str(FIXTURES / "folkmangd_cp1252.csv"), "--kind", "folkmangd", "--key", str(KEY)]
    assert run(*source, "--out", str(out_file))[0] == 0
    code, _, err = run(*source, "--out", str(out_file))
    assert code == 2
    assert "finns redan; använd --merge" in err
    code, out, err = run(
        "import-scb",
        str(FIXTURES / "omradestyp_test.csv"),
        "--kind",
        "omradestyp",
        "--key",
        str(KEY),
        "--kommun",
        "0991",
        "--out",
        str(out_file),
        "--merge",
    )
    assert code == 0, err
    assert "Kolumnen omradestyp_scb: 0 stadsdel-år ändrade, 3 nya stadsdel-år, 0 oförändrade." in out
    merged = loaders.load_statistics(out_file)
    assert merged["folkmangd"].notna().sum() == 6  # the earlier column is kept
    assert merged.loc[merged["ar"] == 2022, "omradestyp_scb"].tolist() == [4, 1, 3]


def test_merge_needs_an_existing_file(tmp_path):
    code, _, err = run(
        "import-scb",
        str(FIXTURES / "omradestyp_test.csv"),
        "--kind",
        "omradestyp",
        "--key",
        str(KEY),
        "--out",
        str(tmp_path / "saknas.csv"),
        "--merge",
    )
    assert code == 2
    assert "--merge:" in err and "finns inte" in err


def test_merge_that_would_break_the_file_leaves_it_untouched(tmp_path):
    # utrikes_fodda above folkmangd: the merged file would not load, so the old one must stay.
    out_file = tmp_path / "statistik.csv"
    out_file.write_text(
        "stadsdel_kod,ar,folkmangd,folkmangd_20_64,utrikes_fodda,forvarvsarbetande_20_64,lag_ekonomisk_standard,"
        "forgymnasial_20_64,langvarigt_bistand_arbetsloshet_20_64\n0991R001,2019,10,,,,,,\n",
        encoding="utf-8",
    )
    before = out_file.read_bytes()
    code, _, err = run(
        "import-scb",
        str(FIXTURES / "folkmangd_cp1252.csv"),
        "--kind",
        "utrikes_fodda",
        "--key",
        str(KEY),
        "--out",
        str(out_file),
        "--merge",
    )
    assert code == 1
    assert "utrikes_fodda (1234) är större än sin nämnare folkmangd (10)" in err
    assert out_file.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["statistik.csv"]


def test_import_key_to_districts(tmp_path):
    out_file = tmp_path / "stadsdelar.csv"
    code, out, err = run("import-scb", str(KEY), "--kommun", "0991", "--out", str(out_file))
    assert code == 0, err
    assert out.splitlines() == [
        "Nyckeln (2018/2020): 7 DeSO i 6 RegSO i 2 kommuner.",
        "Nyckeln (2018/2020): 4 DeSO i 3 RegSO i Testby.",
        f"Skrev 3 stadsdelar (RegSO) till {out_file}.",
    ]
    assert loaders.load_districts(out_file)["stadsdel_namn"].tolist() == [
        "Norra Testby",
        "Centrum",
        "Södra Hamnen-Öster",
    ]


def test_import_key_normalised(tmp_path):
    out_file = tmp_path / "nyckel.csv"
    code, _, _ = run(
        "import-scb", str(FIXTURES / "koppling_cp1252_semikolon.csv"), "--kind", "nyckel", "--out", str(out_file)
    )
    assert code == 0
    assert out_file.read_text(encoding="utf-8").splitlines()[:2] == [
        "kommun_kod,kommun_namn,deso_kod,regso_namn,regso_kod",
        "0991,Testby,0991A0010,Norra Testby,0991R001",
    ]


def test_import_geometry_dissolved(tmp_path):
    out_file = tmp_path / "stadsdelar.geojson"
    code, out, err = run(
        "import-scb",
        str(FIXTURES / "deso_test.gpkg"),
        "--aggregate-regso",
        "--key",
        str(KEY),
        "--kommun",
        "0991",
        "--out",
        str(out_file),
    )
    assert code == 0, err
    assert "4 DeSO slogs ihop till 3 RegSO." in out
    assert f"Skrev 3 områden (RegSO) i EPSG:3006 till {out_file}." in out
    gdf = loaders.load_geometry(out_file)
    assert gdf["stadsdel_kod"].tolist() == ["0991R001", "0991R002", "0991R003"]
    assert gdf.area.round().tolist() == [1_000_000, 2_000_000, 1_000_000]


def test_import_jsonstat_deso_summed(tmp_path):
    out_file = tmp_path / "statistik.csv"
    code, out, err = run(
        "import-scb",
        str(FIXTURES / "jsonstat_deso.json"),
        "--kind",
        "folkmangd",
        "--key",
        str(KEY),
        "--aggregate-regso",
        "--out",
        str(out_file),
    )
    assert code == 0, err
    assert "Cell Key-metoden" in out
    statistics = loaders.load_statistics(out_file).set_index(["stadsdel_kod", "ar"])["folkmangd"]
    assert statistics[("0991R002", 2024)] == 500
    assert pd.isna(statistics[("0991R002", 2025)])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import-scb", str(FIXTURES / "omradestyp_test.csv"), "--out", "x.csv"], "ange --kind"),
        (["import-scb", str(FIXTURES / "deso_test.gpkg"), "--out", "x.csv"], "GeoJSON (.geojson)"),
        (["import-scb", str(KEY), "--kind", "nyckel", "--merge", "--out", "x.csv"], "--merge gäller bara"),
        (["import-scb", str(FIXTURES / "omradestyp_test.csv"), "--kind", "hundar", "--out", "x.csv"], "ogiltigt val"),
        (["import-scb", str(FIXTURES / "omradestyp_test.csv"), "--kind", "omradestyp"], "följande argument krävs"),
    ],
)
def test_import_usage_errors(argv, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_import_unusable_file_exits_1(tmp_path):
    code, _, err = run(
        "import-scb", str(FIXTURES / "utan_ar.csv"), "--kind", "folkmangd", "--out", str(tmp_path / "s.csv")
    )
    assert code == 1
    assert "utan_ar.csv: hittar ingen rubrikrad med årtal" in err


def test_import_help_is_swedish(capsys):
    # argparse prints --help to sys.stdout itself, not to main's ``out``.
    assert run("import-scb", "--help")[0] == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: python -m analysis import-scb")
    assert "--aggregate-regso" in out and "summera DeSO till RegSO" in out


@pytest.mark.skipif(not (SHARED / "koppling-deso2018-regso2020.csv").is_file(), reason="../shared/data/scb saknas")
def test_import_real_area_types_for_helsingborg(tmp_path):
    out_file = tmp_path / "statistik.csv"
    code, out, err = run(
        "import-scb",
        str(SHARED / "regso_omradestyp_2022.csv"),
        "--kind",
        "omradestyp",
        "--key",
        str(SHARED / "koppling-deso2018-regso2020.csv"),
        "--kommun",
        "1283",
        "--out",
        str(out_file),
    )
    assert code == 0, err
    assert out.splitlines()[0] == (
        "regso_omradestyp_2022.csv: 3\u00a0363 områden lästa, 31 matchade mot RegSO-kod, 0 ej matchade, "
        "3\u00a0332 i andra kommuner hoppades över; år 2022."
    )
    demo = loaders.load_statistics(ROOT / "data" / "demo" / "helsingborg" / "statistik.csv")
    demo_2022 = demo[demo["ar"] == 2022].set_index("stadsdel_kod")["omradestyp_scb"]
    imported = loaders.load_statistics(out_file).set_index("stadsdel_kod")["omradestyp_scb"]
    pd.testing.assert_series_equal(imported, demo_2022, check_names=False)


# ----------------------------------------------------------------------------- fetch-scb


def test_fetch_writes_the_data_set_files(tmp_path, monkeypatch):
    monkeypatch.setattr(pxweb, "urllib_fetch", recorded_fetch)
    code, out, err = run("fetch-scb", "--kommun", "0991", "--out", str(tmp_path), "--key", str(KEY))
    assert code == 0, err
    assert out.startswith("SCB, kommun 0991: 2 stadsdelar (RegSO), 4 stadsdel-år, år 2023–2024.")
    statistics = loaders.load_statistics(tmp_path / "statistik.csv")
    assert statistics["folkmangd"].tolist() == [1000, 1010, 2000, 2020]
    assert loaders.load_districts(tmp_path / "stadsdelar.csv")["stadsdel_namn"].tolist() == ["Norra Testby", "Centrum"]


def test_fetch_merges_into_a_data_set_and_keeps_its_districts(tmp_path, monkeypatch):
    monkeypatch.setattr(pxweb, "urllib_fetch", recorded_fetch)
    (tmp_path / "stadsdelar.csv").write_text("stadsdel_kod,stadsdel_namn\n0991R002,Centrum\n", encoding="utf-8")
    (tmp_path / "statistik.csv").write_text(
        "stadsdel_kod,ar,folkmangd,folkmangd_20_64,utrikes_fodda,forvarvsarbetande_20_64,lag_ekonomisk_standard,"
        "forgymnasial_20_64,langvarigt_bistand_arbetsloshet_20_64,lagenheter\n0991R002,2023,1,,,,,,,42\n",
        encoding="utf-8",
    )
    code, out, err = run("fetch-scb", "--kommun", "0991", "--out", str(tmp_path), "--data", str(tmp_path), "--merge")
    assert code == 0, err
    assert "Kolumnen folkmangd: 1 stadsdel-år ändrade, 1 nya stadsdel-år, 0 oförändrade." in out
    assert "stadsdelar.csv fanns redan och lämnades orörd." in out
    statistics = loaders.load_statistics(tmp_path / "statistik.csv")
    assert statistics["stadsdel_kod"].tolist() == ["0991R002", "0991R002"]
    assert statistics["lagenheter"].tolist()[0] == 42  # the company's own column is kept
    assert statistics["folkmangd"].tolist() == [2000, 2020]


def test_fetch_offline_exits_1_with_a_clear_message(tmp_path, monkeypatch):
    def offline(url, body):
        raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(pxweb, "urllib_fetch", offline)
    code, out, err = run("fetch-scb", "--kommun", "0991", "--out", str(tmp_path / "ut"))
    assert code == 1
    assert out == ""
    assert err.startswith("Ingen kontakt med SCB (statistikdatabasen.scb.se): kontrollera internetanslutningen")
    assert "Traceback" not in err
    assert not (tmp_path / "ut").exists()


def test_fetch_partial_failure_writes_what_it_got_and_exits_1(tmp_path, monkeypatch):
    def outdated(url, body):
        if url.endswith("TAB6680/metadata?lang=sv&outputFormat=json-stat2"):
            doc = json.loads(recorded_fetch(url, body))
            doc["dimension"]["ContentsCode"]["category"]["label"] = {"0000089W": "Antal totalt", "0000089X": "Antal"}
            doc["dimension"]["ContentsCode"]["category"]["index"] = {"0000089W": 0, "0000089X": 1}
            return json.dumps(doc).encode("utf-8")
        return recorded_fetch(url, body)

    monkeypatch.setattr(pxweb, "urllib_fetch", outdated)
    code, out, err = run("fetch-scb", "--kommun", "0991", "--out", str(tmp_path))
    assert code == 1
    assert "Kunde inte hämtas:\n  forvarvsarbetande_20_64: SCB:s tabell TAB6680" in out
    assert err.strip() == "1 tabell(er) kunde inte hämtas; se ovan."
    assert loaders.load_statistics(tmp_path / "statistik.csv")["forvarvsarbetande_20_64"].isna().all()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fetch-scb", "--kommun", "991", "--out", "x"], "fyra siffror"),
        (["fetch-scb", "--out", "x"], "följande argument krävs: --kommun"),
    ],
)
def test_fetch_usage_errors(argv, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*argv)
    assert code == 2
    assert message in err


def test_fetch_help_is_swedish(capsys):
    assert run("fetch-scb", "--help")[0] == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: python -m analysis fetch-scb")
    assert "PxWeb-API (v2)" in out


# ----------------------------------------------------------------------------- as subprocesses


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_subprocess_fetch_without_network(tmp_path):
    result = run_subprocess(
        "fetch-scb",
        "--kommun",
        "1283",
        "--out",
        str(tmp_path / "ut"),
        "--api",
        f"http://127.0.0.1:{closed_port()}/api/v2",
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Ingen kontakt med SCB (127.0.0.1:")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ut").exists()


def test_subprocess_import(tmp_path):
    out_file = tmp_path / "statistik.csv"
    result = run_subprocess(
        "import-scb",
        str(FIXTURES / "omradestyp_test.csv"),
        "--kind",
        "omradestyp",
        "--key",
        str(KEY),
        "--out",
        str(out_file),
    )
    assert result.returncode == 0, result.stderr
    assert "Ås-Älvby (Dubbel): namnet är tvetydigt" in result.stdout
    assert loaders.load_statistics(out_file)["omradestyp_scb"].tolist() == [4, 1, 3, 2]
