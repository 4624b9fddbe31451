"""SCB's boundaries in one step (``analysis.files_in.geodata`` and ``fetch-scb --geometri``), offline.

The network is never used: ``fetch`` is replaced by hand-written answers in the shape SCB's GeoServer
gives (``tests/fixtures/scb/recorded/wfs_*``: a few 1 km squares, not SCB's real boundaries), or the real
``urllib`` code is pointed at a closed local port or a fake ``urlopen``.
"""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
from pathlib import Path

import pytest

from analysis.files_in import geodata, loaders, pxweb
from analysis.files_in.validation import DataError
from tests.cli_support import run, run_subprocess

ROOT = Path(__file__).resolve().parents[3]
RECORDED = ROOT / "tests" / "fixtures" / "scb" / "recorded"
REGSO = RECORDED / "wfs_regso_1283.json"
DESO = RECORDED / "wfs_deso_1283.json"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"


def answer(path: Path):
    """A fetch that answers every URL with one recorded file and remembers the URLs asked for."""

    def fetch(url: str) -> bytes:
        fetch.urls.append(url)
        return path.read_bytes()

    fetch.urls = []
    return fetch


def failing(exc: BaseException):
    def fetch(url: str) -> bytes:
        raise exc

    return fetch


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()}


# ----------------------------------------------------------------------------- the request


def test_url_asks_for_one_kommun_as_geojson_in_sweref():
    url = geodata.boundaries_url("1283")
    assert url.startswith("https://geodata.scb.se/geoserver/stat/wfs?")
    assert query(url) == {
        "service": "WFS",
        "version": "1.1.0",
        "request": "GetFeature",
        "typeName": "stat:RegSO_2025",
        "outputFormat": "application/json",
        "srsName": "EPSG:3006",
        "CQL_FILTER": "kommunkod='1283'",
    }
    assert query(geodata.boundaries_url("0360", "deso"))["typeName"] == "stat:DeSO_2025"
    assert query(geodata.boundaries_url("0360", "regso", edition=2020))["typeName"] == "stat:RegSO_2020"


@pytest.mark.parametrize("kommun", ["991", "12345", "12a3", "", " ", 1283, None, "1283' OR '1'='1"])
def test_invalid_kommun_codes_are_refused_before_any_call(kommun):
    fetch = answer(REGSO)
    with pytest.raises(geodata.GeodataError, match="fyra siffror"):
        geodata.fetch_boundaries(kommun, fetch=fetch)
    assert fetch.urls == []


def test_unknown_level_or_edition_is_refused():
    with pytest.raises(geodata.GeodataError, match="Okänd indelning kommun 2025"):
        geodata.fetch_boundaries("1283", "kommun", fetch=answer(REGSO))
    with pytest.raises(geodata.GeodataError, match="Okänd indelning regso 2018"):
        geodata.fetch_boundaries("1283", "regso", edition=2018, fetch=answer(REGSO))


# ----------------------------------------------------------------------------- reading the answer


def test_regso_boundaries_from_a_recorded_answer():
    fetch = answer(REGSO)
    boundaries = geodata.fetch_boundaries("1283", fetch=fetch)
    assert len(fetch.urls) == 1
    assert query(fetch.urls[0])["CQL_FILTER"] == "kommunkod='1283'"
    assert boundaries.crs.to_epsg() == 3006
    assert list(boundaries.columns) == ["stadsdel_kod", "stadsdel_namn", "geometry"]
    assert boundaries["stadsdel_kod"].tolist() == ["1283R005", "1283R006", "1283R009", "1283R099"]
    assert boundaries["stadsdel_namn"].tolist()[:2] == ["Drottninghög", "Eneborg-Högaborg"]
    assert set(boundaries.geom_type) == {"Polygon", "MultiPolygon"}
    assert boundaries.area.iloc[0] == pytest.approx(1_000_000)
    assert boundaries.attrs["level"] == "regso"
    assert boundaries.attrs["layer"] == "stat:RegSO_2025"
    assert boundaries.attrs["notes"][0] == "Hämtat från SCB:s öppna geodata (CC0): RegSO 2025, kommun 1283, 4 områden."


def test_deso_are_dissolved_to_regso_by_default():
    boundaries = geodata.fetch_boundaries("1283", "deso", fetch=answer(DESO))
    assert boundaries["stadsdel_kod"].tolist() == ["1283R005", "1283R006", "1283R009"]
    assert boundaries.attrs["level"] == "regso"
    # Two DeSO of Drottninghög become one square kilometre in one piece.
    drottninghog = boundaries.geometry.iloc[0]
    assert drottninghog.geom_type == "Polygon"
    assert drottninghog.area == pytest.approx(1_000_000)
    assert "4 DeSO slogs ihop till 3 RegSO." in boundaries.attrs["notes"]


def test_deso_kept_apart_on_request():
    boundaries = geodata.fetch_boundaries("1283", "deso", dissolve=False, fetch=answer(DESO))
    assert boundaries["stadsdel_kod"].tolist() == ["1283A0010", "1283C1010", "1283C1020", "1283C1030"]
    assert boundaries["regso_kod"].tolist() == ["1283R009", "1283R005", "1283R005", "1283R006"]
    assert boundaries.attrs["level"] == "deso"


def test_unknown_kommun_gives_an_empty_result_with_a_message():
    boundaries = geodata.fetch_boundaries("9999", fetch=answer(RECORDED / "wfs_tom.json"))
    assert boundaries.empty
    assert boundaries.crs.to_epsg() == 3006
    assert list(boundaries.columns) == ["stadsdel_kod", "stadsdel_namn", "geometry"]
    assert boundaries.attrs["notes"] == [
        "SCB:s geodata (stat:RegSO_2025) har inga RegSO för kommun 9999; kontrollera kommunkoden."
    ]


# ----------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (400, "avvisade frågan (HTTP 400)"),
        (404, "avvisade frågan (HTTP 404)"),
        (429, "för många anrop"),
        (500, "svarade med ett fel (HTTP 500); försök igen senare"),
        (503, "svarade med ett fel (HTTP 503)"),
    ],
)
def test_http_errors_become_swedish_messages(code, message):
    error = urllib.error.HTTPError(geodata.WFS_URL, code, "fel", {}, None)
    with pytest.raises(geodata.GeodataError, match=re.escape(message)):
        geodata.fetch_boundaries("1283", fetch=failing(error))


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (urllib.error.URLError(OSError(-3, "Temporary failure in name resolution")), "Ingen kontakt med SCB:s"),
        (urllib.error.URLError(TimeoutError()), "svarade inte inom 60 sekunder"),
        (TimeoutError(), "svarade inte inom 60 sekunder"),
        (ConnectionResetError(), "Nätverksfel"),
    ],
)
def test_network_failures_become_swedish_messages(exc, message):
    with pytest.raises(geodata.GeodataError, match=message):
        geodata.fetch_boundaries("1283", fetch=failing(exc))


def test_an_xml_exception_report_is_refused_with_the_servers_reason():
    with pytest.raises(geodata.GeodataError) as caught:
        geodata.fetch_boundaries("1283", fetch=answer(RECORDED / "wfs_fel.xml"))
    assert str(caught.value) == (
        "SCB:s geodatatjänst svarade inte med GeoJSON utan med ett felmeddelande: Feature type stat:RegSO_2099 unknown."
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html><body>Service Unavailable</body></html>", "felmeddelande (XML eller HTML)"),
        (b"Service Unavailable", "svarade inte med JSON"),
        (b"\xff\xfe\x00garbage", "okänd teckenkodning"),
        (json.dumps({"type": "Feature"}).encode(), "inte är en GeoJSON FeatureCollection"),
        (json.dumps([1, 2]).encode(), "inte är en GeoJSON FeatureCollection"),
        (json.dumps({"type": "FeatureCollection"}).encode(), "saknar listan 'features'"),
    ],
)
def test_answers_that_are_not_geojson_are_refused(body, message):
    with pytest.raises(geodata.GeodataError, match=re.escape(message)):
        geodata.fetch_boundaries("1283", fetch=lambda url: body)


def test_a_too_large_answer_is_refused():
    with pytest.raises(geodata.GeodataError, match="större än 0 MB och lästes inte"):
        geodata.fetch_boundaries("1283", fetch=answer(REGSO), max_bytes=1_000)
    assert len(geodata.fetch_boundaries("1283", fetch=answer(REGSO), max_bytes=REGSO.stat().st_size)) == 4


def test_an_answer_from_another_kommun_is_not_taken_for_this_one():
    with pytest.raises(DataError, match="inga områden i kommun 0360"):
        geodata.fetch_boundaries("0360", fetch=answer(REGSO))


class FakeResponse:
    def __init__(self, body: bytes, length: str | None = None):
        self.body, self.headers, self.asked = body, {"Content-Length": length} if length else {}, []

    def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        return self.body if size < 0 else self.body[:size]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_urllib_fetch_reads_no_more_than_the_limit(monkeypatch):
    seen = {}
    response = FakeResponse(b"x" * 5_000)

    def urlopen(request, timeout):
        seen.update(url=request.full_url, timeout=timeout, accept=request.get_header("Accept"))
        return response

    monkeypatch.setattr(geodata.urllib.request, "urlopen", urlopen)
    data = geodata.urllib_fetch("https://example.invalid/wfs", max_bytes=1_000)
    assert len(data) == 1_001  # one byte more than allowed: enough to tell "too large"
    assert response.asked == [1_001]
    assert seen == {
        "url": "https://example.invalid/wfs",
        "timeout": geodata.TIMEOUT_SECONDS,
        "accept": "application/json",
    }
    # An announced length above the limit is not read at all.
    big = FakeResponse(b"x" * 10, length="999999")
    monkeypatch.setattr(geodata.urllib.request, "urlopen", lambda request, timeout: big)
    assert len(geodata.urllib_fetch("https://example.invalid/wfs", max_bytes=100)) == 101
    assert big.asked == []


def test_the_default_fetch_is_looked_up_when_called(monkeypatch):
    fetch = answer(REGSO)
    monkeypatch.setattr(geodata, "urllib_fetch", fetch)
    assert len(geodata.fetch_boundaries("1283")) == 4
    assert len(fetch.urls) == 1


# ----------------------------------------------------------------------------- writing and matching


def test_written_boundaries_are_what_load_geometry_reads(tmp_path):
    boundaries = geodata.fetch_boundaries("1283", fetch=answer(REGSO))
    path = geodata.write_boundaries(boundaries, tmp_path / "stadsdelar.geojson")
    loaded = loaders.load_geometry(path)
    assert loaded.crs.to_epsg() == 3006
    assert loaded["stadsdel_kod"].tolist() == boundaries["stadsdel_kod"].tolist()
    assert loaded["stadsdel_namn"].tolist() == boundaries["stadsdel_namn"].tolist()
    assert loaded.geometry.geom_equals(boundaries.geometry).all()
    assert json.loads(path.read_text("utf-8"))["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3006"
    assert geodata.geojson_bytes(boundaries) == path.read_bytes()


def test_codes_are_matched_against_a_data_set():
    districts = loaders.load_districts(HELSINGBORG / "stadsdelar.csv")["stadsdel_kod"]
    boundaries = geodata.fetch_boundaries("1283", fetch=answer(REGSO))
    match = geodata.match_codes(boundaries["stadsdel_kod"], districts)
    assert match.matched == ["1283R005", "1283R006", "1283R009"]
    assert match.only_fetched == ["1283R099"]
    assert len(match.missing) == 28
    assert "1283R001" in match.missing
    assert not match.complete
    lines = match.summary().splitlines()
    assert lines[0] == "3 av datamängdens stadsdelar finns bland SCB:s områden."
    assert lines[1] == "Finns hos SCB men inte i datamängden: 1283R099."
    assert lines[2].startswith("Finns i datamängden men inte hos SCB: 1283R001, 1283R002")
    exact = geodata.match_codes(["0991R001", "0991R002"], ["0991R002", "0991R001"])
    assert exact.complete
    assert exact.summary() == "2 av datamängdens stadsdelar finns bland SCB:s områden."


# ----------------------------------------------------------------------------- fetch-scb --geometri


def recorded_statistics(url: str, body: bytes | None) -> bytes:
    """PxWeb answers for kommun 0991 (the same recorded files as tests/analysis/test_cli_scb.py)."""
    table = url.split("/tables/")[1].split("/")[0]
    if "/metadata" in url:
        return (RECORDED / f"{table}_metadata.json").read_bytes()
    if table == "TAB6574":
        ages = {s["variableCode"]: s["valueCodes"] for s in json.loads(body)["selection"]}["Alder"]
        name = "TAB6574_data_totalt.json" if ages == ["totalt"] else "TAB6574_data_20_64.json"
        return (RECORDED / name).read_bytes()
    return (RECORDED / f"{table}_data.json").read_bytes()


def test_fetch_scb_writes_statistics_districts_and_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(pxweb, "urllib_fetch", recorded_statistics)
    monkeypatch.setattr(geodata, "urllib_fetch", answer(RECORDED / "wfs_regso_0991.json"))
    key = ROOT / "tests" / "fixtures" / "scb" / "koppling_test.csv"
    code, out, err = run("fetch-scb", "--kommun", "0991", "--out", str(tmp_path), "--key", str(key), "--geometri")
    assert code == 0, err
    assert err == ""
    assert f"Skrev 2 områden (RegSO) i EPSG:3006 till {tmp_path / 'stadsdelar.geojson'}." in out
    assert "2 av datamängdens stadsdelar finns bland SCB:s områden." in out
    geometry = loaders.load_geometry(tmp_path / "stadsdelar.geojson")
    assert geometry["stadsdel_kod"].tolist() == ["0991R001", "0991R002"]
    assert loaders.load_districts(tmp_path / "stadsdelar.csv")["stadsdel_kod"].tolist() == ["0991R001", "0991R002"]


def test_fetch_scb_boundaries_only_compared_with_a_data_set(tmp_path, monkeypatch):
    def no_statistics(url, body):
        raise AssertionError("--bara-geometri must not ask for statistics")

    monkeypatch.setattr(pxweb, "urllib_fetch", no_statistics)
    monkeypatch.setattr(geodata, "urllib_fetch", answer(REGSO))
    code, out, err = run(
        "fetch-scb", "--kommun", "1283", "--out", str(tmp_path), "--bara-geometri", "--data", str(HELSINGBORG)
    )
    assert code == 0, err
    assert "Hämtat från SCB:s öppna geodata (CC0): RegSO 2025, kommun 1283, 4 områden." in out
    assert "3 av datamängdens stadsdelar finns bland SCB:s områden." in out
    assert "Finns hos SCB men inte i datamängden: 1283R099." in out
    assert err.startswith("Obs: gränserna och stadsdelslistan har inte samma koder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stadsdelar.geojson"]


def test_fetch_scb_deso_level(tmp_path, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", answer(DESO))
    code, out, err = run(
        "fetch-scb", "--kommun", "1283", "--out", str(tmp_path), "--bara-geometri", "--geometri-niva", "deso"
    )
    assert code == 0, err
    assert "4 DeSO slogs ihop till 3 RegSO." in out
    assert loaders.load_geometry(tmp_path / "stadsdelar.geojson")["stadsdel_kod"].tolist() == [
        "1283R005",
        "1283R006",
        "1283R009",
    ]


def test_fetch_scb_unknown_kommun_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", answer(RECORDED / "wfs_tom.json"))
    code, out, err = run("fetch-scb", "--kommun", "9999", "--out", str(tmp_path / "ut"), "--bara-geometri")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "SCB:s geodata (stat:RegSO_2025) har inga RegSO för kommun 9999; kontrollera kommunkoden.",
        "Ingen stadsdelar.geojson skrevs.",
    ]
    assert not (tmp_path / "ut").exists()


def test_fetch_scb_boundary_failure_keeps_the_statistics_and_exits_1(tmp_path, monkeypatch):
    monkeypatch.setattr(pxweb, "urllib_fetch", recorded_statistics)
    monkeypatch.setattr(geodata, "urllib_fetch", failing(urllib.error.HTTPError("u", 503, "fel", {}, None)))
    code, out, err = run("fetch-scb", "--kommun", "0991", "--out", str(tmp_path), "--geometri")
    assert code == 1
    assert "Skrev 4 stadsdel-år" in out
    assert err.strip() == (
        "Gränserna kunde inte hämtas: SCB:s geodatatjänst svarade med ett fel (HTTP 503); försök igen senare."
    )
    assert "Traceback" not in err
    assert (tmp_path / "statistik.csv").is_file()
    assert not (tmp_path / "stadsdelar.geojson").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "finns redan; använd --force för att skriva över den"),
        (["--merge"], "finns redan; hämta gränserna för sig med --bara-geometri --force"),
    ],
)
def test_fetch_scb_does_not_overwrite_boundaries_without_force(tmp_path, monkeypatch, extra, message):
    monkeypatch.setattr(geodata, "urllib_fetch", failing(AssertionError("no call before the checks")))
    (tmp_path / "stadsdelar.geojson").write_text("{}", encoding="utf-8")
    if extra:  # --merge needs a statistics file to merge into
        (tmp_path / "statistik.csv").write_text("stadsdel_kod,ar\n", encoding="utf-8")
    code, _, err = run("fetch-scb", "--kommun", "1283", "--out", str(tmp_path), "--geometri", *extra)
    assert code == 2
    assert message in err
    assert (tmp_path / "stadsdelar.geojson").read_text("utf-8") == "{}"


def test_fetch_scb_overwrites_boundaries_with_force(tmp_path, monkeypatch):
    monkeypatch.setattr(geodata, "urllib_fetch", answer(REGSO))
    (tmp_path / "stadsdelar.geojson").write_text("{}", encoding="utf-8")
    code, _, err = run("fetch-scb", "--kommun", "1283", "--out", str(tmp_path), "--bara-geometri", "--force")
    assert code == 0, err
    assert len(loaders.load_geometry(tmp_path / "stadsdelar.geojson")) == 4


def test_fetch_scb_boundaries_only_refuses_merge(tmp_path):
    code, _, err = run("fetch-scb", "--kommun", "1283", "--out", str(tmp_path), "--bara-geometri", "--merge")
    assert code == 2
    assert "med --bara-geometri hämtas ingen statistik" in err


def test_fetch_scb_help_names_the_boundaries(capsys):
    assert run("fetch-scb", "--help")[0] == 0
    out = capsys.readouterr().out
    assert "--geometri" in out
    assert "--bara-geometri" in out
    assert "stadsdelar.geojson" in out


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_subprocess_boundaries_without_network(tmp_path):
    result = run_subprocess(
        "fetch-scb",
        "--kommun",
        "1283",
        "--out",
        str(tmp_path / "ut"),
        "--bara-geometri",
        "--geoserver",
        f"http://127.0.0.1:{closed_port()}/geoserver/stat/wfs",
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Gränserna kunde inte hämtas: Ingen kontakt med SCB:s geodatatjänst")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ut").exists()
