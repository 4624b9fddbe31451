"""SCB's real RegSO and DeSO boundaries for one kommun, fetched in one step from SCB's open geodata (CC0).

``fetch_boundaries("1283")`` asks SCB's GeoServer for the kommun's RegSO polygons and returns them as a
GeoDataFrame in EPSG:3006 with ``stadsdel_kod`` (and ``stadsdel_namn``), the shape
``analysis.files_in.loaders.load_geometry`` reads; ``level="deso"`` asks for DeSO instead and by default
dissolves them to RegSO. All network traffic goes through one ``fetch(url) -> bytes`` callable, so tests
pass hand-written responses and never touch the network; :func:`urllib_fetch` is the real one, bounded in
time (``TIMEOUT_SECONDS``) and size (``MAX_BYTES``).

The request (WFS 1.1.0 GetFeature, GeoJSON, SWEREF 99 TM, one kommun by CQL)::

    https://geodata.scb.se/geoserver/stat/wfs?service=WFS&version=1.1.0&request=GetFeature
        &typeName=stat:RegSO_2025&outputFormat=application/json&srsName=EPSG:3006
        &CQL_FILTER=kommunkod='1283'

What was checked, and how: not against the live service (this machine has no network). The service, layer
names, attributes and parameters come from public third-party material found with the project's search
tools: a verification log of live calls made on 2026-10-10 (GitHub ``deno-li/fuzzy-MCP``, "Källkontroll –
resultat") and a published script that fetches ``stat:RegSO_2025`` the same way (``kommunkod`` CQL filter,
``regsokod`` and ``regsonamn`` properties). According to them: the service is GeoServer (WFS 1.1.0 and
2.0.0) with the layers ``DeSO_2018``, ``DeSO_2025``, ``RegSO_2020`` and ``RegSO_2025`` (default SRS
EPSG:3006); DeSO layers carry ``desokod``, ``regsokod``, ``lanskod``, ``kommunkod``, ``version``,
``referensdatum`` and the geometry ``sp_geometry``; RegSO layers carry ``regsokod`` and ``regsonamn`` instead
of ``desokod``; ``outputFormat=application/json`` gives a FeatureCollection with ``totalFeatures``,
``numberMatched``, ``numberReturned`` and ``crs``; ``CQL_FILTER=kommunkod='0180'`` returned 127 RegSO and
569 DeSO 2025; ``srsName=EPSG:3006`` returned easting–northing pairs with ``crs``
``urn:ogc:def:crs:EPSG::3006``.

Not verified (check before relying on it): any call from this code against the live service; the exact
JSON of a feature (``id``, ``geometry_name``, ``bbox`` are assumed from GeoServer's usual output, and the
recorded test responses in ``tests/fixtures/scb/recorded/wfs_*.json`` were written by hand in that shape);
whether an error (an unknown layer, a bad filter) comes as HTTP 400 or as HTTP 200 with an XML
``ExceptionReport`` (both are handled); how large a response for a big kommun is (DeSO for Stockholm), hence
the generous ``MAX_BYTES``; the CQL filter on the 2018/2020 layers. Once the data has arrived, reading it
is :func:`analysis.files_in.scb.read_scb_geometry`, the same code that reads SCB's downloaded files.

Every failure (no network, timeout, HTTP error, a non-JSON or too large answer, an invalid kommun code)
raises :class:`GeodataError`, a :class:`~analysis.files_in.validation.DataError` with a Swedish message that
the CLI and the Data page show without a traceback. A kommun SCB has no areas for gives an *empty* result
whose ``attrs["notes"]`` says so.
"""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import shapely

from analysis.files_in import scb
from analysis.files_in.pxweb import ScbFetchError

#: SCB's GeoServer for open geodata (WFS).
WFS_URL = "https://geodata.scb.se/geoserver/stat/wfs"
#: The layer for each (level, edition); RegSO 2025 and DeSO 2025 are the current editions.
LAYERS: dict[tuple[str, int], str] = {
    ("regso", 2025): "stat:RegSO_2025",
    ("regso", 2020): "stat:RegSO_2020",
    ("deso", 2025): "stat:DeSO_2025",
    ("deso", 2018): "stat:DeSO_2018",
}
DEFAULT_EDITION = 2025
TIMEOUT_SECONDS = 60
#: Largest answer read (bytes); a kommun's RegSO are far smaller, DeSO for the largest kommuner a few MB.
MAX_BYTES = 50 * 1024 * 1024
#: How much of a server's error text a message quotes.
MAX_QUOTED = 200

Level = Literal["regso", "deso"]
Fetch = Callable[[str], bytes]


class GeodataError(ScbFetchError):
    """SCB's geodata could not be fetched or read; the message says why and what to do, in Swedish."""


# ----------------------------------------------------------------------------- the network


def boundaries_url(kommun: str, level: Level = "regso", *, edition: int | None = None, base: str = WFS_URL) -> str:
    """The WFS GetFeature URL for one kommun's RegSO or DeSO of an edition (GeoJSON in EPSG:3006).

    ``kommun`` must already be a four-digit code (see :func:`check_kommun`); it goes into a CQL filter."""
    layer = layer_name(level, edition)
    query = {
        "service": "WFS",
        "version": "1.1.0",
        "request": "GetFeature",
        "typeName": layer,
        "outputFormat": "application/json",
        "srsName": "EPSG:3006",
        "CQL_FILTER": f"kommunkod='{check_kommun(kommun)}'",
    }
    return f"{base}?{urllib.parse.urlencode(query)}"


def urllib_fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """GET ``url`` and return at most ``max_bytes + 1`` bytes of the answer (more means "too large").

    Raises urllib's errors (``HTTPError``, ``URLError``, ``TimeoutError``) for :func:`fetch_boundaries` to
    turn into messages; an announced ``Content-Length`` above the limit stops before anything is read."""
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "stadsdelsdashboard (python urllib)"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            return b" " * (max_bytes + 1)
        return response.read(max_bytes + 1)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _call(fetch: Fetch, url: str, max_bytes: int) -> bytes:
    """The raw answer, or a GeodataError with a Swedish message for every kind of failure."""
    try:
        raw = fetch(url)
    except urllib.error.HTTPError as exc:  # before URLError: HTTPError is a subclass of it
        if exc.code == 429:
            raise GeodataError(
                "SCB:s geodatatjänst tar emot för många anrop just nu (HTTP 429); vänta en minut och försök igen."
            ) from exc
        if 400 <= exc.code < 500:
            raise GeodataError(
                f"SCB:s geodatatjänst avvisade frågan (HTTP {exc.code}); lagernamnet eller filtret i "
                "analysis/files_in/geodata.py kan ha ändrats."
            ) from exc
        raise GeodataError(f"SCB:s geodatatjänst svarade med ett fel (HTTP {exc.code}); försök igen senare.") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise GeodataError(_timeout_message()) from exc
        raise GeodataError(
            "Ingen kontakt med SCB:s geodatatjänst (geodata.scb.se): kontrollera internetanslutningen och försök "
            "igen. Utan nätverk kan SCB:s gränser i stället läsas från en nedladdad fil med "
            "'python -m analysis import-scb FIL --kind geometri'."
        ) from exc
    except TimeoutError as exc:
        raise GeodataError(_timeout_message()) from exc
    except OSError as exc:
        raise GeodataError("Nätverksfel mot SCB:s geodatatjänst; försök igen senare.") from exc
    if len(raw) > max_bytes:
        raise GeodataError(
            f"Svaret från SCB:s geodatatjänst är större än {_megabytes(max_bytes)} och lästes inte; "
            "hämta gränserna som fil från SCB och läs in dem med 'python -m analysis import-scb'."
        )
    return raw


def _timeout_message() -> str:
    return f"SCB:s geodatatjänst svarade inte inom {TIMEOUT_SECONDS} sekunder; försök igen senare."


def _server_text(text: str) -> str:
    """The error text of a GeoServer XML exception report (tags removed, shortened), or ''."""
    found = re.search(r"<(?:\w+:)?(?:ExceptionText|ServiceException)[^>]*>(.*?)</", text, re.DOTALL)
    if not found:
        return ""
    plain = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())
    return plain[:MAX_QUOTED] + ("…" if len(plain) > MAX_QUOTED else "")


def _feature_collection(raw: bytes) -> dict:
    """The parsed GeoJSON FeatureCollection, or a GeodataError saying what came instead."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeodataError("SCB:s geodatatjänst svarade inte med GeoJSON (okänd teckenkodning).") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("<"):
            quoted = _server_text(text)
            reason = f": {quoted}" if quoted else " (XML eller HTML)"
            message = f"SCB:s geodatatjänst svarade inte med GeoJSON utan med ett felmeddelande{reason}."
            raise GeodataError(message) from exc
        raise GeodataError("SCB:s geodatatjänst svarade inte med JSON; försök igen senare.") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise GeodataError("SCB:s geodatatjänst svarade med JSON som inte är en GeoJSON FeatureCollection.")
    if not isinstance(document.get("features"), list):
        raise GeodataError("SCB:s svar saknar listan 'features' och kan inte läsas som gränser.")
    return document


# ----------------------------------------------------------------------------- the boundaries


def check_kommun(kommun: object) -> str:
    """``kommun`` as a four-digit code string (whitespace removed); GeodataError otherwise.

    Kommun codes are text (``"0360"``); a number would have lost its leading zero and is refused."""
    code = kommun.strip() if isinstance(kommun, str) else ""
    if not scb.KOMMUN_CODE.fullmatch(code):
        raise GeodataError("Kommunkoden ska vara fyra siffror, t.ex. 0360 eller 1283.")
    return code


def layer_name(level: str, edition: int | None = None) -> str:
    """SCB's layer for ``level`` ("regso" or "deso") and an edition (default 2025); GeodataError otherwise."""
    edition = DEFAULT_EDITION if edition is None else edition
    layer = LAYERS.get((level, edition))
    if layer is None:
        known = ", ".join(f"{lvl} {ed}" for lvl, ed in LAYERS)
        raise GeodataError(f"Okänd indelning {level} {edition}; SCB:s geodata finns för {known}.")
    return layer


def _empty(kommun: str, level: str, layer: str, url: str):
    import geopandas as gpd

    empty = gpd.GeoDataFrame({"stadsdel_kod": [], "stadsdel_namn": []}, geometry=[], crs="EPSG:3006").astype(
        {"stadsdel_kod": "string", "stadsdel_namn": "string"}
    )
    unit = "RegSO" if level == "regso" else "DeSO"
    empty.attrs.update(
        notes=[f"SCB:s geodata ({layer}) har inga {unit} för kommun {kommun}; kontrollera kommunkoden."],
        level=level,
        layer=layer,
        url=url,
    )
    return empty


def fetch_boundaries(
    kommun: str,
    level: Level = "regso",
    *,
    edition: int | None = None,
    dissolve: bool = True,
    fetch: Fetch | None = None,
    max_bytes: int = MAX_BYTES,
    base: str = WFS_URL,
    key=None,
):
    """One kommun's RegSO (or DeSO) polygons from SCB's open geodata, as a GeoDataFrame in EPSG:3006.

    Columns: ``stadsdel_kod`` (RegSO code; the DeSO code for ``level="deso"`` with ``dissolve=False``),
    ``stadsdel_namn`` when SCB (or ``key``, SCB's DeSO→RegSO key) names the areas, and ``geometry``;
    sorted by code. ``level="deso"`` with ``dissolve=True`` (the default) dissolves the DeSO to RegSO by
    their ``regsokod``. ``attrs``: ``notes`` (Swedish lines on what was read and assumed), ``level`` (of
    the result), ``layer`` and ``url``.

    ``fetch(url) -> bytes`` does the network call (default :func:`urllib_fetch`, looked up when called);
    an answer longer than ``max_bytes`` is refused. A kommun without areas gives an empty frame whose
    note says so. Raises :class:`GeodataError` (Swedish, no traceback needed) for an invalid kommun code
    or level, no network, a timeout, an HTTP error, an answer that is not GeoJSON or too large, and
    DataError from the reader for an answer that cannot be read as SCB's boundaries.
    """
    code = check_kommun(kommun)
    layer = layer_name(level, edition)
    url = boundaries_url(code, level, edition=edition, base=base)
    raw = _call(fetch or urllib_fetch, url, max_bytes)
    document = _feature_collection(raw)
    if not document["features"]:
        return _empty(code, level, layer, url)
    source = io.BytesIO(raw)
    source.name = f"{layer.split(':')[-1]}_{code}.geojson"
    boundaries = scb.read_scb_geometry(
        source, level=level, key=key, aggregate_to_regso=dissolve and level == "deso", kommun=code
    )
    unit = layer.split(":")[-1].replace("_", " ")
    boundaries.attrs["notes"] = [
        f"Hämtat från SCB:s öppna geodata (CC0): {unit}, kommun {code}, {len(boundaries)} områden.",
        *boundaries.attrs.get("notes", []),
    ]
    boundaries.attrs.update(layer=layer, url=url)
    return boundaries


# ----------------------------------------------------------------------------- against a data set


@dataclass(frozen=True)
class CodeMatch:
    """Fetched area codes against a data set's district codes (each list sorted)."""

    matched: list[str]
    only_fetched: list[str]  # in SCB's answer, not among the data set's districts
    missing: list[str]  # the data set's districts SCB's answer lacks

    @property
    def complete(self) -> bool:
        """True when the fetched codes are exactly the data set's (the geometry can replace its own)."""
        return not self.only_fetched and not self.missing

    def summary(self) -> str:
        """Swedish lines: how many matched, and which codes differ (codes are not personal data)."""
        lines = [f"{len(self.matched)} av datamängdens stadsdelar finns bland SCB:s områden."]
        if self.only_fetched:
            lines.append(f"Finns hos SCB men inte i datamängden: {scb.listed(self.only_fetched)}.")
        if self.missing:
            lines.append(f"Finns i datamängden men inte hos SCB: {scb.listed(self.missing)}.")
        return "\n".join(lines)


def match_codes(fetched: Iterable[str], districts: Iterable[str]) -> CodeMatch:
    """Compare the codes of fetched boundaries with a data set's district codes (``stadsdel_kod``)."""
    fetched_set = {str(c) for c in fetched}
    district_set = {str(c) for c in districts}
    return CodeMatch(
        matched=sorted(fetched_set & district_set),
        only_fetched=sorted(fetched_set - district_set),
        missing=sorted(district_set - fetched_set),
    )


def geojson_bytes(boundaries) -> bytes:
    """The boundaries as the bytes of a ``stadsdelar.geojson`` (EPSG:3006 with a ``crs`` member, columns
    ``stadsdel_kod`` and ``stadsdel_namn`` when present), exactly what :func:`write_boundaries` writes."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_boundaries(boundaries, Path(folder) / "stadsdelar.geojson")
        return path.read_bytes()


def write_boundaries(boundaries, path: str | Path) -> Path:
    """Write the boundaries as ``stadsdelar.geojson`` (atomically), in the format ``load_geometry`` reads."""
    return scb.write_geojson(boundaries, path)


#: The store's kind for district boundaries (``analysis.keeping.store.Store``), beside participants and statistics.
GEOMETRY_KIND = "geometri"
SWEREF99TM = "EPSG:3006"
_WKB = "geometri_wkb"


def boundaries_table(boundaries) -> pd.DataFrame:
    """Boundaries (EPSG:3006, ``stadsdel_kod``, optional ``stadsdel_namn``) as a plain table the versioned
    store can keep as Parquet: the polygons as well-known binary in EPSG:3006 (binary, so no text cell can
    look like an identity number to the store's check)."""
    frame = pd.DataFrame({"stadsdel_kod": boundaries["stadsdel_kod"].astype(str).to_numpy()})
    if "stadsdel_namn" in boundaries:
        frame["stadsdel_namn"] = boundaries["stadsdel_namn"].astype("string").to_numpy()
    frame[_WKB] = shapely.to_wkb(boundaries.to_crs(SWEREF99TM).geometry.to_numpy())
    return frame


def boundaries_from_table(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """The GeoDataFrame (EPSG:3006) back from :func:`boundaries_table`, in the shape ``load_geometry`` gives."""
    geometry = shapely.from_wkb(table[_WKB].to_numpy())
    columns = [c for c in ("stadsdel_kod", "stadsdel_namn") if c in table]
    frame = table[columns].copy()
    frame["stadsdel_kod"] = frame["stadsdel_kod"].astype("string")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=SWEREF99TM)


def accept_boundaries(boundaries, district_codes: Iterable[str], store, kommun: str, *, actor):
    """Keep fetched boundaries as the municipality's geometry: a new active version in ``store`` (kind
    ``GEOMETRY_KIND``), which ``dataset.with_imports`` puts in place of the shipped, schematic borders.

    Only a complete match is accepted (every district of the data set and no other area, see
    :func:`match_codes`): a map missing a district, or drawing areas the data set has no figures for, would
    mislead. Raises :class:`GeodataError` (Swedish) otherwise; returns the store's ``Version``.
    """
    match = match_codes(boundaries["stadsdel_kod"], district_codes)
    if not match.complete:
        raise GeodataError(
            "Gränserna sparades inte: SCB:s områden och datamängdens stadsdelar är inte desamma.\n" + match.summary()
        )
    table = boundaries_table(boundaries)
    return store.save(
        check_kommun(kommun),
        GEOMETRY_KIND,
        table,
        file_name=f"SCB {boundaries.attrs.get('layer', 'RegSO')} (geodata.scb.se)",
        rows_read=len(table),
        rows_accepted=len(table),
        rows_rejected=0,
        actor=actor,
        note="SCB:s öppna geodata (CC0)",
    )
