"""Tests of analysis.files_in.dataset: a whole data set folder, its cross-file checks and discovery."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import vocab
from analysis.files_in.dataset import DEFAULT_ROOT, Dataset, DatasetInfo, discover_datasets, load_codes, load_dataset
from analysis.files_in.validation import DataError, ValidationReport

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "loaders"
TESTBY = FIXTURES / "testby"


@pytest.fixture
def copy(tmp_path) -> Path:
    """A writable copy of the small test data set."""
    target = tmp_path / "testby"
    shutil.copytree(TESTBY, target)
    return target


def test_load_dataset_reads_every_file():
    data = load_dataset(TESTBY)
    assert isinstance(data, Dataset)
    assert (data.kommun_kod, data.kommun_namn, data.fiktiv) == ("0999", "Testby", True)
    assert data.years == [2023, 2024]
    assert data.meta["geometri_schematisk"] is True
    assert len(data.districts) == 3 and len(data.statistics) == 6
    assert data.geometry.crs.to_epsg() == 3006
    assert list(data.participants.columns) == [*vocab.PARTICIPANT_COLUMNS, "rad"]
    assert len(data.participants) == 13
    assert set(data.programmes["insats"]) == {"coachning", "nyanstallning"}
    assert len(data.goals) == 3
    assert [r.file for r in data.reports] == [
        "stadsdelar.csv",
        "statistik.csv",
        "stadsdelar.geojson",
        "insatser.csv",
        "mal.csv",
        "deltagare.csv",
        # The integration strategy's optional files, absent here: each an "absent" warning.
        "handlingsplan.csv",
        "handlingsplan_indikatorer.csv",
        "placeringar.csv",
        "aktiviteter.csv",
    ]
    assert all(isinstance(r, ValidationReport) and r.ok and not r.issues for r in data.reports[:6])
    assert all(r.ok and "filen saknas" in r.warnings[0].message for r in data.reports[6:])
    assert data.plan.empty and data.plan_indicators.empty and data.placements.empty and data.activities.empty
    for report in data.reports:
        assert report.rows_read == report.rows_accepted + report.rows_rejected


def test_district_without_statistics_is_named(copy):
    with (copy / "stadsdelar.csv").open("a", encoding="utf-8") as f:
        f.write("0999R004,Östra\n")
    with pytest.raises(DataError) as caught:
        load_dataset(copy)
    text = str(caught.value)
    assert text.startswith("statistik.csv: stadsdelskoderna stämmer inte med stadsdelar.csv")
    assert 'utan statistik: "0999R004"' in text


def test_geometry_with_other_codes_names_them(copy):
    geojson = json.loads((copy / "stadsdelar.geojson").read_text(encoding="utf-8"))
    geojson["features"][2]["properties"]["stadsdel_kod"] = "0999R099"
    (copy / "stadsdelar.geojson").write_text(json.dumps(geojson), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(copy)
    text = str(caught.value)
    assert text.startswith("stadsdelar.geojson: stadsdelskoderna stämmer inte")
    assert 'koder som inte finns i stadsdelar.csv: "0999R099"' in text
    assert 'utan geometri: "0999R003"' in text


def test_statistics_with_unknown_district(copy):
    statistics = pd.read_csv(copy / "statistik.csv", dtype=str, keep_default_na=False)
    statistics.loc[0, "stadsdel_kod"] = "0999R777"
    statistics.to_csv(copy / "statistik.csv", index=False)
    with pytest.raises(DataError, match=r'koder som inte finns i stadsdelar\.csv: "0999R777"'):
        load_dataset(copy)


def test_participants_checked_against_district_and_programme_codes(copy):
    with (copy / "deltagare.csv").open("a", encoding="utf-8") as f:
        f.write("020,coachning,0999R404,2024-01-08,2024-05-31,arbete,unga_vuxna,man,1990,,,,\n")
        f.write("021,okand,0999R001,2024-01-08,2024-05-31,arbete,unga_vuxna,man,1990,,,,\n")
    data = load_dataset(copy)
    report = next(r for r in data.reports if r.file == "deltagare.csv")
    assert report.rows_read == 15 and report.rows_rejected == 1
    assert [(i.row, i.column, i.severity) for i in report.issues] == [
        (15, "stadsdel_kod", "fel"),
        (16, "insats", "varning"),
    ]
    assert "021" in set(data.participants["deltagare_id"])


def test_xlsx_participants_are_found(copy):
    frame = pd.read_csv(copy / "deltagare.csv", dtype=str, keep_default_na=False)
    frame.to_excel(copy / "deltagare.xlsx", index=False)
    (copy / "deltagare.csv").unlink()
    data = load_dataset(copy)
    assert any(r.file == "deltagare.xlsx" for r in data.reports)
    assert len(data.participants) == 13


def test_optional_files_may_be_absent(copy):
    for name in ("deltagare.csv", "mal.csv", "insatser.csv"):
        (copy / name).unlink()
    data = load_dataset(copy)
    assert data.participants.empty and list(data.participants.columns)[-1] == "rad"
    assert data.goals.empty and data.programmes.empty
    assert list(data.programmes.columns) == ["insats", "namn", "beskrivning"]
    absent = [r for r in data.reports if r.warnings and "filen saknas" in r.warnings[0].message]
    assert {r.file for r in absent} == {
        "deltagare.csv",
        "mal.csv",
        "insatser.csv",
        "handlingsplan.csv",
        "handlingsplan_indikatorer.csv",
        "placeringar.csv",
        "aktiviteter.csv",
    }


def test_goal_for_unknown_programme_is_a_warning(copy):
    with (copy / "mal.csv").open("a", encoding="utf-8") as f:
        f.write("sprakcafe,2024,inskrivna,10\n")
    data = load_dataset(copy)
    report = next(r for r in data.reports if r.file == "mal.csv")
    assert report.ok and '"sprakcafe"' in report.warnings[0].message


@pytest.mark.parametrize("missing", ["stadsdelar.csv", "statistik.csv", "stadsdelar.geojson", "meta.json"])
def test_required_files(copy, missing):
    (copy / missing).unlink()
    with pytest.raises(DataError, match=missing.replace(".", r"\.")):
        load_dataset(copy)


def test_geopackage_is_accepted(copy):
    import geopandas as gpd

    gpd.read_file(copy / "stadsdelar.geojson").to_file(copy / "stadsdelar.gpkg")
    (copy / "stadsdelar.geojson").unlink()
    assert load_dataset(copy).reports[2].file == "stadsdelar.gpkg"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kommun_kod": 999}, "kommun_kod måste vara text med fyra siffror"),
        ({"kommun_kod": "999"}, "kommun_kod"),
        ({"kommun_namn": " "}, "kommun_namn saknas"),
        ({"fiktiv": "ja"}, "fiktiv måste vara true eller false"),
        ({"kallor": "SCB"}, "kallor måste vara en lista"),
    ],
)
def test_meta_is_checked(copy, change, message):
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    (copy / "meta.json").write_text(json.dumps({**meta, **change}), encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        load_dataset(copy)
    assert str(caught.value).startswith("meta.json: ")


def test_broken_meta_json(copy):
    (copy / "meta.json").write_text("{inte json", encoding="utf-8")
    with pytest.raises(DataError, match="inte giltig JSON"):
        load_dataset(copy)


def test_missing_folder(tmp_path):
    with pytest.raises(DataError, match="finns inte"):
        load_dataset(tmp_path / "saknas")


def test_load_codes_needs_only_districts_programmes_and_meta(copy):
    for name in ("statistik.csv", "stadsdelar.geojson", "deltagare.csv", "mal.csv"):
        (copy / name).unlink()
    districts, programmes = load_codes(copy)
    assert districts == {"0999R001", "0999R002", "0999R003"}
    assert programmes == {"coachning", "nyanstallning"}
    (copy / "insatser.csv").unlink()
    assert load_codes(copy)[1] is None


def test_discover_datasets_sorted_skipping_broken_and_plain_folders(tmp_path, caplog):
    root = tmp_path / "data"
    for folder, code, name in (("b", "0002", "Ödeby"), ("a", "0001", "Testby"), ("c", "0003", "Avesta")):
        (root / folder).mkdir(parents=True)
        meta = {"kommun_kod": code, "kommun_namn": name, "fiktiv": folder != "c"}
        (root / folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (root / "trasig").mkdir()
    (root / "trasig" / "meta.json").write_text("[]", encoding="utf-8")
    (root / "tom").mkdir()
    (root / "fil.txt").write_text("x", encoding="utf-8")
    found = discover_datasets(root)
    assert [info.kommun_namn for info in found] == ["Avesta", "Testby", "Ödeby"]
    assert found[0] == DatasetInfo("0003", "Avesta", root / "c", False)
    assert "trasig" in caplog.text
    assert discover_datasets(tmp_path / "saknas") == []


def test_default_root_is_the_demo_folder():
    expected = Path(__file__).resolve().parents[3] / "data" / "demo"
    assert expected == DEFAULT_ROOT


@pytest.mark.skipif(not (DEFAULT_ROOT / "helsingborg" / "meta.json").exists(), reason="demodata ej genererade")
def test_demo_data_sets_load_cleanly():
    infos = discover_datasets()
    assert {info.kommun_kod for info in infos} >= {"1283", "0360"}
    for info in infos:
        data = load_dataset(info.path)
        assert data.fiktiv
        assert all(report.ok for report in data.reports)
        assert len(data.participants) > 0
