"""Tests of analysis.files_in.pxweb: fetching from SCB's PxWeb API v2 with recorded (hand-made) JSON-stat2
responses in tests/fixtures/scb/recorded/; nothing here reaches the internet (the urllib tests talk to a
server on 127.0.0.1 or to a closed local port)."""

from __future__ import annotations

import copy
import http.server
import io
import json
import socket
import threading
import urllib.error
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from analysis.files_in import loaders, pxweb, scb
from analysis.files_in.validation import DataError

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "scb"
RECORDED = FIXTURES / "recorded"


class Recorded:
    """A ``fetch`` that answers from the recorded responses and remembers every call."""

    def __init__(self, overrides: dict[str, dict] | None = None):
        self.calls: list[tuple[str, dict | None]] = []
        self.overrides = overrides or {}

    def __call__(self, url: str, body: bytes | None) -> bytes:
        query = None if body is None else json.loads(body)
        self.calls.append((url, query))
        table = url.split("/tables/")[1].split("/")[0]
        if "/metadata" in url:
            name = f"{table}_metadata.json"
        elif table == "TAB6574":
            ages = self.selection(query)["Alder"]
            name = "TAB6574_data_totalt.json" if ages == ["totalt"] else "TAB6574_data_20_64.json"
        else:
            name = f"{table}_data.json"
        if name in self.overrides:
            return json.dumps(self.overrides[name]).encode("utf-8")
        return (RECORDED / name).read_bytes()

    @staticmethod
    def selection(query: dict) -> dict[str, list[str]]:
        return {s["variableCode"]: s["valueCodes"] for s in query["selection"]}

    def data_calls(self) -> list[tuple[str, dict]]:
        return [(u, q) for u, q in self.calls if q is not None]


@pytest.fixture(scope="module")
def key() -> pd.DataFrame:
    return scb.read_deso_regso_key(FIXTURES / "koppling_test.csv")


def metadata(table: str) -> dict:
    return json.loads((RECORDED / f"{table}_metadata.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- a whole fetch


def test_fetch_kommun_from_recorded_responses(key):
    fetch = Recorded()
    result = pxweb.fetch_kommun("0991", fetch=fetch, key=key)
    stats = result.statistics.set_index(["stadsdel_kod", "ar"])
    assert list(result.statistics.columns) == list(loaders.vocab.STATISTICS_COLUMNS)
    assert stats.index.tolist() == [("0991R001", 2023), ("0991R001", 2024), ("0991R002", 2023), ("0991R002", 2024)]
    assert stats["folkmangd"].tolist() == [1000, 1010, 2000, 2020]
    # 20–64 is the sum of nine five-year bands; one suppressed band makes the 2024 sum unknown.
    assert stats["folkmangd_20_64"].tolist()[:3] == [540, 549, 1170]
    assert pd.isna(stats.loc[("0991R002", 2024), "folkmangd_20_64"])
    assert stats["utrikes_fodda"].tolist() == [250, 270, 800, 820]
    # 1200 employed > 1170 aged 20–64 in 0991R002 2023: capped, with a note naming it.
    assert stats["forvarvsarbetande_20_64"].tolist() == [400, 410, 1170, 1210]
    # Low economic standard: SCB's percentage × population, rounded (12.5 % of 1000, 13.0 % of 1010 …).
    assert stats["lag_ekonomisk_standard"].tolist()[:2] == [125, 131]
    assert pd.isna(stats.loc[("0991R002", 2023), "lag_ekonomisk_standard"])
    assert stats.loc[("0991R002", 2024), "lag_ekonomisk_standard"] == 166
    assert stats["forgymnasial_20_64"].isna().all()
    assert result.failed == {}
    assert list(result.columns) == [s.column for s in pxweb.SCB_TABLES]
    assert result.districts.to_dict("records") == [
        {"stadsdel_kod": "0991R001", "stadsdel_namn": "Norra Testby"},
        {"stadsdel_kod": "0991R002", "stadsdel_namn": "Centrum"},
    ]
    notes = "\n".join(result.notes)
    assert "forvarvsarbetande_20_64 var större än folkmangd_20_64 i 0991R002 2023" in notes
    assert "RegSO 2020 och senare år RegSO 2025" in notes
    assert "SCB har inga värden för 0991R003" in notes  # in the key, absent from SCB's answer


def test_fetch_kommun_queries(key):
    fetch = Recorded()
    pxweb.fetch_kommun("0991", fetch=fetch, key=key)
    urls = [u for u, _ in fetch.calls]
    # One metadata call per table (TAB6574 serves two columns), one data call per column.
    assert urls.count(pxweb.metadata_url("TAB6574")) == 1
    assert len(fetch.data_calls()) == 5
    url, query = fetch.data_calls()[0]
    assert url == "https://statistikdatabasen.scb.se/api/v2/tables/TAB6574/data?lang=sv&outputFormat=json-stat2"
    assert query == {
        "selection": [
            {
                "variableCode": "Region",
                "valueCodes": ["0991R001", "0991R002", "0991R001_RegSO2025", "0991R002_RegSO2025"],
            },
            {"variableCode": "Alder", "valueCodes": ["totalt"]},
            {"variableCode": "Kon", "valueCodes": ["1+2"]},
            {"variableCode": "ContentsCode", "valueCodes": ["000007Y7"]},
            {"variableCode": "Tid", "valueCodes": ["2023", "2024"]},
        ]
    }
    selections = [Recorded.selection(q) for _, q in fetch.data_calls()]
    assert selections[1]["Alder"] == ["20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64"]
    assert selections[2]["Fodelseregion"] == ["eu", "öv"]
    # TAB6680: the age code is the first of ("20-64", "20-65") present; the contents code is found by label.
    assert selections[3]["Alder"] == ["20-64"]
    assert selections[3]["ContentsCode"] == ["0000089X"]
    assert "Kon" not in selections[4]  # TAB6685 has no sex variable
    for selection in selections:  # other kommuner, the kommun total and DeSO codes are never asked for
        assert all(code.startswith("0991R") for code in selection["Region"])


def test_fetch_without_key_names_come_from_scb_labels():
    result = pxweb.fetch_kommun("0991", fetch=Recorded())
    assert result.districts["stadsdel_namn"].tolist() == ["Norra Testby", "Centrum"]


def test_fetch_only_the_data_sets_districts(key):
    fetch = Recorded()
    result = pxweb.fetch_kommun("0991", fetch=fetch, district_codes=["0991R002"])
    assert Recorded.selection(fetch.data_calls()[0][1])["Region"] == ["0991R002", "0991R002_RegSO2025"]
    assert set(result.statistics["stadsdel_kod"]) == {"0991R002"}


def test_fetch_years(key):
    fetch = Recorded()
    pxweb.fetch_kommun("0991", fetch=fetch, key=key, years=[2024])
    assert all(Recorded.selection(q)["Tid"] == ["2024"] for _, q in fetch.data_calls())


def test_large_queries_are_split_by_year(key, monkeypatch):
    whole = pxweb.fetch_kommun("0991", fetch=Recorded(), key=key).statistics
    monkeypatch.setattr(pxweb, "MAX_CELLS", 4)  # four regions per year: one year per request
    fetch = Recorded()
    spec = pxweb.SCB_TABLES[0]
    frame, _, _ = pxweb.fetch_table(spec, "0991", fetch, wanted=["0991R001", "0991R002"])
    assert [Recorded.selection(q)["Tid"] for _, q in fetch.data_calls()] == [["2023"], ["2024"]]
    # The recorded response holds both years; each chunk's answer is read whole, then de-duplicated.
    assert frame.drop_duplicates(["regso_kod", "ar"])["varde"].tolist() == whole["folkmangd"].tolist()


def test_the_summary_lists_what_was_and_was_not_fetched(key):
    summary = pxweb.fetch_kommun("0991", fetch=Recorded(), key=key).summary()
    assert summary.startswith("SCB, kommun 0991: 2 stadsdelar (RegSO), 4 stadsdel-år, år 2023–2024.")
    assert "  folkmangd: TAB6574" in summary
    assert "Hämtas inte härifrån:" in summary
    assert "langvarigt_bistand_arbetsloshet_20_64: publiceras inte per RegSO" in summary


def test_fetched_statistics_load_with_the_project_loader(key, tmp_path):
    result = pxweb.fetch_kommun("0991", fetch=Recorded(), key=key)
    path = scb.write_statistics(result.statistics, tmp_path / "statistik.csv")
    pd.testing.assert_frame_equal(loaders.load_statistics(path), result.statistics)


# ----------------------------------------------------------------------------- tables out of date


def test_a_renamed_code_names_table_variable_and_value(key):
    changed = metadata("TAB6574")
    del changed["dimension"]["Alder"]["category"]["index"]["totalt"]
    with pytest.raises(pxweb.ScbTableError) as info:
        pxweb.choose_values(changed, pxweb.SCB_TABLES[0])
    message = str(info.value)
    assert message.startswith("SCB:s tabell TAB6574 (folkmangd): variabeln Alder har inget värde totalt, tot")
    assert "Tabellistan SCB_TABLES i analysis/files_in/pxweb.py behöver ses över." in message


def test_one_outdated_table_does_not_stop_the_others(key):
    changed = metadata("TAB6572")
    changed["dimension"]["Fodelseregion"]["category"]["index"] = {"sv": 0, "tot": 1}
    result = pxweb.fetch_kommun("0991", fetch=Recorded({"TAB6572_metadata.json": changed}), key=key)
    assert list(result.failed) == ["utrikes_fodda"]
    assert "saknar värdena eu, öv" in result.failed["utrikes_fodda"]
    assert result.statistics["utrikes_fodda"].isna().all()
    assert result.statistics["folkmangd"].notna().all()
    assert "Kunde inte hämtas:" in result.summary()


def test_percent_table_needs_its_base_first(key):
    specs = [s for s in pxweb.SCB_TABLES if s.column == "lag_ekonomisk_standard"]
    with pytest.raises(pxweb.ScbFetchError, match="Inget kunde hämtas från SCB") as info:
        pxweb.fetch_kommun("0991", fetch=Recorded(), key=key, specs=specs)
    assert "folkmangd måste hämtas före lag_ekonomisk_standard" in str(info.value)


def test_unlisted_variable_that_cannot_be_eliminated():
    changed = metadata("TAB6685")
    changed["id"].insert(1, "Hushallstyp")
    changed["size"].insert(1, 2)
    changed["dimension"]["Hushallstyp"] = {
        "label": "hushållstyp",
        "category": {"index": {"a": 0, "b": 1}},
        "extension": {"elimination": False},
    }
    with pytest.raises(pxweb.ScbTableError, match="variabeln Hushallstyp måste väljas"):
        pxweb.choose_values(changed, pxweb.SCB_TABLES[-1])


def test_eliminable_unlisted_variable_is_left_out_and_single_values_taken():
    changed = metadata("TAB6574")
    spec = pxweb.TableSpec("folkmangd", "TAB6574", "test", {"Alder": pxweb.Pick(codes=("totalt",))})
    chosen = pxweb.choose_values(changed, spec)
    assert chosen == {"Alder": ["totalt"], "ContentsCode": ["000007Y7"]}  # Kon is eliminable


def test_no_regso_for_the_kommun(key):
    with pytest.raises(DataError, match="Kommunkoden 1283 finns inte i nyckelfilen"):
        pxweb.fetch_kommun("1283", fetch=Recorded(), key=key)
    with pytest.raises(pxweb.ScbFetchError, match="inga RegSO för kommun 1283"):
        pxweb.fetch_kommun("1283", fetch=Recorded())


def test_malformed_kommun_code():
    with pytest.raises(DataError, match="fyra siffror"):
        pxweb.fetch_kommun("128", fetch=Recorded())


def test_build_query_shape():
    assert pxweb.build_query({"Region": ["a"], "Tid": ["2024"]}) == {
        "selection": [{"variableCode": "Region", "valueCodes": ["a"]}, {"variableCode": "Tid", "valueCodes": ["2024"]}]
    }


# ----------------------------------------------------------------------------- no network, SCB errors


def raising(exc: BaseException):
    def fetch(url, body):
        raise exc

    return fetch


def http_error(code: int, body: bytes = b"") -> urllib.error.HTTPError:
    return urllib.error.HTTPError("https://x/", code, "fel", {}, io.BytesIO(body))


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (urllib.error.URLError(socket.gaierror(-2, "Name or service not known")), "Ingen kontakt med SCB"),
        (urllib.error.URLError(ConnectionRefusedError(111, "refused")), "kontrollera internetanslutningen"),
        (urllib.error.URLError(TimeoutError("timed out")), "svarade inte inom 30 sekunder"),
        (TimeoutError("timed out"), "svarade inte inom 30 sekunder"),
        (ConnectionResetError(104, "reset"), "Nätverksfel mot SCB"),
        (http_error(400, (RECORDED / "fel_400.json").read_bytes()), "HTTP 400) (Bad Request – Non-existent value)"),
        (http_error(404), "SCB hittar inte tabellen (HTTP 404)"),
        (http_error(429), "för många anrop"),
        (http_error(503, b"<html>"), "SCB:s tjänst svarade med ett fel (HTTP 503)"),
    ],
)
def test_network_failures_become_swedish_messages(key, exc, expected):
    with pytest.raises(pxweb.ScbFetchError) as info:
        pxweb.fetch_kommun("0991", fetch=raising(exc), key=key)
    assert expected in str(info.value)
    assert "Traceback" not in str(info.value)


def test_non_json_answer():
    with pytest.raises(pxweb.ScbFetchError, match="inte JSON"):
        pxweb.call_json(lambda url, body: b"<html>underhall</html>", "https://x/")


def test_offline_mid_fetch_stops_everything(key):
    recorded = Recorded()

    def fetch(url, body):
        if "TAB6572" in url:
            raise urllib.error.URLError(OSError("Network is unreachable"))
        return recorded(url, body)

    with pytest.raises(pxweb.ScbFetchError, match="Ingen kontakt med SCB"):
        pxweb.fetch_kommun("0991", fetch=fetch, key=key)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_urllib_fetch_to_a_closed_port_is_no_network():
    url = f"http://127.0.0.1:{closed_port()}/api/v2/tables/TAB6574/metadata"
    with pytest.raises(pxweb.ScbFetchError, match=r"Ingen kontakt med SCB \(127\.0\.0\.1"):
        pxweb.call_json(pxweb.urllib_fetch, url)


class _Handler(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list] = []

    def do_GET(self):
        if self.path.startswith("/fel"):
            self.send_response(503)
            self.end_headers()
            return
        self._answer(copy.deepcopy(metadata("TAB6685")))

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append((self.path, self.headers["Content-Type"], json.loads(self.rfile.read(length))))
        self._answer({"id": [], "size": [], "dimension": {}, "value": [1]})

    def _answer(self, doc):
        data = json.dumps(doc).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urllib_fetch_get_post_and_http_error(local_server):
    assert pxweb.call_json(pxweb.urllib_fetch, f"{local_server}/tables/TAB6685/metadata")["id"][0] == "Region"
    pxweb.call_json(pxweb.urllib_fetch, f"{local_server}/tables/TAB6685/data", {"selection": []})
    path, content_type, body = _Handler.received[-1]
    assert (path, content_type, body) == ("/tables/TAB6685/data", "application/json", {"selection": []})
    with pytest.raises(pxweb.ScbFetchError, match="HTTP 503"):
        pxweb.call_json(pxweb.urllib_fetch, f"{local_server}/fel")
