"""The Data page's "Hämta SCB:s gränser" through AppTest, with SCB's geodata service replaced by hand-written
answers (``tests/fixtures/scb/recorded/wfs_*``) or by a fetch built from the demo's own schematic cells."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

import geopandas as gpd
import pytest

import texts
from analysis.files_in import geodata
from ui import safe

ROOT = Path(__file__).resolve().parents[2]
RECORDED = ROOT / "tests" / "fixtures" / "scb" / "recorded"


def answering(path: Path, calls: list[str] | None = None):
    def fetch(url: str) -> bytes:
        if calls is not None:
            calls.append(url)
        return path.read_bytes()

    return fetch


def scb_shaped(slug: str) -> bytes:
    """The demo data set's schematic cells as SCB's WFS would send them (every district, nothing else)."""
    cells = gpd.read_file(ROOT / "data" / "demo" / slug / "stadsdelar.geojson")
    features = [
        {
            "type": "Feature",
            "id": f"RegSO_2025.{n}",
            "geometry": json.loads(gpd.GeoSeries([geometry]).to_json())["features"][0]["geometry"],
            "geometry_name": "sp_geometry",
            "properties": {"regsokod": code, "regsonamn": name, "kommunkod": code[:4], "objekttyp": "regso"},
        }
        for n, (code, name, geometry) in enumerate(
            zip(cells["stadsdel_kod"], cells["stadsdel_namn"], cells.geometry, strict=True)
        )
    ]
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}
    return json.dumps({"type": "FeatureCollection", "features": features, "crs": crs}).encode("utf-8")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_fetch_shows_what_matches_and_offers_the_file(open_page, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(geodata, "urllib_fetch", answering(RECORDED / "wfs_regso_1283.json", calls))
    at = open_page("data")
    assert not at.exception, at.exception
    assert calls == []  # nothing is fetched until asked
    button = at.button(key="scb_granser_hamta")
    assert button.label == "Hämta SCB:s gränser för Helsingborg"
    button.click().run()
    assert not at.exception, at.exception
    assert len(calls) == 1
    assert "kommunkod%3D%271283%27" in calls[0]
    found = metrics(at)
    assert found["Områden hämtade"] == "4"
    assert found["Matchar datamängden"] == "3"
    assert found["Skiljer sig"] == "29"  # 1283R099 only at SCB, 28 districts only in the data set
    assert any("RegSO 2025, kommun 1283, 4 områden" in i.value for i in at.info)
    assert any(w.value == texts.SCB_GEOMETRY_MISMATCH for w in at.warning)
    differences = at.dataframe[-1].value
    assert list(differences.columns) == ["Kod", "Finns"]
    assert differences.iloc[0].tolist() == ["1283R099", "bara hos SCB"]
    assert (differences["Finns"] == "bara i datamängden").sum() == 28
    assert any(b.label == "Ladda ned stadsdelar.geojson" for b in at.get("download_button"))
    captions = [c.value for c in at.caption]
    assert any("data/demo/helsingborg" in c and "geometri_schematisk" in c for c in captions)
    assert texts.SCB_GEOMETRY_DEMO_NOTE in captions
    # The answer stays for the session: another rerun shows it without fetching again.
    at.run()
    assert len(calls) == 1
    assert metrics(at)["Områden hämtade"] == "4"


def test_an_exact_match_says_so(open_page, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", lambda url: scb_shaped("helsingborg"))
    at = open_page("data")
    at.button(key="scb_granser_hamta").click().run()
    assert not at.exception, at.exception
    found = metrics(at)
    assert found["Områden hämtade"] == "31"
    assert found["Matchar datamängden"] == "31"
    assert found["Skiljer sig"] == "0"
    assert any(s.value == texts.SCB_GEOMETRY_COMPLETE for s in at.success)
    assert not any(w.value == texts.SCB_GEOMETRY_MISMATCH for w in at.warning)


def test_no_network_gives_a_message_not_a_traceback(open_page, monkeypatch):
    def offline(url: str) -> bytes:
        raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(geodata, "urllib_fetch", offline)
    at = open_page("data")
    at.button(key="scb_granser_hamta").click().run()
    assert not at.exception, at.exception
    assert any(e.value.startswith(safe.md("Ingen kontakt med SCB:s geodatatjänst")) for e in at.error)
    assert not any(m.label == "Områden hämtade" for m in at.metric)
    assert not any(b.label == "Ladda ned stadsdelar.geojson" for b in at.get("download_button"))


def test_a_kommun_without_areas_is_a_warning(open_page, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", answering(RECORDED / "wfs_tom.json"))
    at = open_page("data", {"kommun": "0360"})
    button = at.button(key="scb_granser_hamta")
    assert button.label == "Hämta SCB:s gränser för Tierp"
    button.click().run()
    assert not at.exception, at.exception
    assert any("har inga RegSO för kommun 0360" in w.value for w in at.warning)
    assert not any(b.label == "Ladda ned stadsdelar.geojson" for b in at.get("download_button"))


def test_in_english(open_page, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", answering(RECORDED / "wfs_regso_1283.json"))
    at = open_page("data", {"lang": "en"})
    button = at.button(key="scb_granser_hamta")
    assert button.label == "Fetch SCB's boundaries for Helsingborg"
    button.click().run()
    assert not at.exception, at.exception
    found = metrics(at)
    assert found["Areas fetched"] == "4"
    assert found["Match the data set"] == "3"
    assert any(b.label == "Download stadsdelar.geojson" for b in at.get("download_button"))


def test_an_exact_match_is_used_on_the_map_in_one_step(open_page, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", lambda url: scb_shaped("helsingborg"))
    at = open_page("data")
    assert texts.SCHEMATIC_MAP in [c.value for c in at.caption]  # the shipped borders say what they are
    at.button(key="scb_granser_hamta").click().run()
    at.button(key="scb_granser_anvand").click().run()
    assert not at.exception, at.exception
    assert any("används nu på kartan" in s.value for s in at.success)
    # The next run uses the kept boundaries: a version of its own, and no "schematic" caption any more.
    at.run()
    assert any(h.value == "Stadsdelsgränser" for h in at.subheader)
    versions = next(d.value for d in at.dataframe if "Fil" in d.value.columns and "SCB" in str(d.value["Fil"].iloc[0]))
    assert len(versions) == 1
    assert texts.SCHEMATIC_MAP not in [c.value for c in at.caption]
    assert "kartan visar SCB:s gränser" in at.warning[0].value  # the demo notice no longer says schematic
    at.switch_page("pages/karta.py").run()
    assert not at.exception, at.exception
    assert texts.SCHEMATIC_MAP not in [c.value for c in at.caption]


def test_a_partial_match_is_never_kept(open_page, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", answering(RECORDED / "wfs_regso_1283.json"))
    at = open_page("data")
    at.button(key="scb_granser_hamta").click().run()
    assert not any(b.key == "scb_granser_anvand" for b in at.button)


def test_kept_boundaries_round_trip_through_the_store(tmp_path):
    from analysis.files_in import dataset
    from analysis.keeping import audit
    from analysis.keeping.store import Store
    from ui.context import DEMO_ROOT

    data = dataset.load_dataset(DEMO_ROOT / "tierp")
    store = Store(tmp_path)
    actor = audit.Actor(name="anna", role=audit.ROLE_STEWARD, method=audit.METHOD_CLI)  # issue 13: who keeps it
    version = geodata.accept_boundaries(data.geometry, data.districts["stadsdel_kod"], store, "0360", actor=actor)
    assert version.who == "anna"
    again = dataset.with_imports(data, store)
    assert again.imported["geometri"].id == version.id
    assert again.meta["geometri_schematisk"] is False and data.meta["geometri_schematisk"] is True
    assert again.geometry.crs.to_epsg() == 3006
    merged = again.geometry.merge(data.geometry, on="stadsdel_kod", suffixes=("", "_shipped"))
    assert len(merged) == len(data.geometry)
    assert all(a.equals_exact(b, 1e-6) for a, b in zip(merged.geometry, merged["geometry_shipped"], strict=True))
    with pytest.raises(geodata.GeodataError, match="sparades inte"):
        geodata.accept_boundaries(data.geometry.iloc[:-1], data.districts["stadsdel_kod"], store, "0360", actor=actor)
    assert len(store.versions("0360", "geometri")) == 1
