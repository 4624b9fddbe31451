"""Fetch the district indicators for one kommun from SCB's PxWeb API v2 (Statistikdatabasen).

``fetch_kommun("1283")`` asks SCB for the tables in :data:`SCB_TABLES`, for the kommun's RegSO, and returns
them in the project's ``statistik.csv`` shape (docs/dataformat.md). All network traffic goes through one
``fetch(url, body) -> bytes`` callable (``body`` is ``None`` for GET, JSON bytes for POST), so tests pass
recorded responses and never touch the network; :func:`urllib_fetch` is the real one.

How a table is fetched: ``GET /tables/{id}/metadata`` (JSON-stat2: every variable, its codes and labels),
then the values to ask for are chosen from that metadata by the table's :class:`Pick` rules, and
``POST /tables/{id}/data?outputFormat=json-stat2`` with ``{"selection": [{"variableCode", "valueCodes"}]}``
returns the cells, read by :func:`analysis.files_in.scb.read_jsonstat2`. Choosing from the metadata (not from
hard-coded codes alone) means a renamed code gives a clear message naming the table and variable instead of
a bare HTTP 400.

RegSO editions: SCB's tables list RegSO 2020 codes (``1283R005``, reference years up to 2023) and RegSO
2025 codes with a suffix (``1283R005_RegSO2025``, from 2024). Both are asked for; the suffix is removed and,
per year, the edition valid that year wins. Some RegSO changed borders in 2025, which the notes say.

Network failures (no connection, timeout, HTTP 4xx/5xx, a non-JSON answer) raise :class:`ScbFetchError`,
a :class:`~analysis.files_in.validation.DataError` with a Swedish message, which the CLI prints without traceback.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import vocab
from analysis.files_in import scb
from analysis.files_in.validation import DataError

#: SCB's PxWeb API v2 (PxWebApi 2.x, JSON-stat2 by default).
SCB_API_BASE = "https://statistikdatabasen.scb.se/api/v2"
LANGUAGE = "sv"
#: SCB's limit on cells per data request (``/config`` ``maxDataCells``); larger queries are split by year.
MAX_CELLS = 150_000
TIMEOUT_SECONDS = 30
#: First reference year SCB publishes on RegSO 2025 (suffixed codes); earlier years use RegSO 2020.
REGSO_2025_FIRST_YEAR = 2024

Fetch = Callable[[str, bytes | None], bytes]


class ScbFetchError(DataError):
    """SCB could not be reached or answered with an error; the message says what to do, in Swedish."""


class ScbTableError(ScbFetchError):
    """A table in :data:`SCB_TABLES` does not match SCB's metadata (a renamed table, variable or code)."""


# ----------------------------------------------------------------------------- which tables


@dataclass(frozen=True)
class Pick:
    """Which values of one variable to ask for, chosen against the table's metadata.

    ``codes`` are tried in order and the first one present is used; with ``every=True`` all of them are
    used and summed (each must be present, or the sum would silently shrink). When no code is present,
    the first value whose label matches the regular expression ``label`` (case-insensitive) is used.
    """

    codes: tuple[str, ...] = ()
    label: str | None = None
    every: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One ``statistik.csv`` column and the SCB table behind it.

    ``picks`` maps variable code → :class:`Pick`; the region and time variables are chosen by the fetcher.
    A variable not listed is left out when SCB allows it to be eliminated (SCB then gives the total), or
    taken as is when it has one value. ``percent_of`` marks a table that gives a percentage: the count is
    ``round(percent / 100 × <percent_of column>)``, which must be fetched first.
    """

    column: str
    table: str
    title: str
    picks: Mapping[str, Pick]
    percent_of: str | None = None
    note: str = ""


_KON_TOTAL = Pick(codes=("1+2", "TotSa", "totalt"), label=r"totalt|samtliga")
_AGE_20_64 = ("20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64")

#: The SCB tables fetched per RegSO. NOT VERIFIED against the live API from here (the development machine
#: has no network): the table ids, variable codes and value codes come from SCB's table pages and from
#: other projects' published code that queried them in 2025–2026. Check them before relying on a fetch:
#: ``GET https://statistikdatabasen.scb.se/api/v2/tables/<id>/metadata?lang=sv`` lists every variable and
#: code. A mismatch does not fail silently: the fetch names the table, variable and missing code.
SCB_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        column="folkmangd",
        table="TAB6574",
        title="Folkmängden per region efter ålder och kön (FolkmDesoAldKon)",
        picks={
            "Alder": Pick(codes=("totalt", "tot")),
            "Kon": _KON_TOTAL,
            "ContentsCode": Pick(codes=("000007Y7",), label=r"folkmängd"),
        },
    ),
    TableSpec(
        column="folkmangd_20_64",
        table="TAB6574",
        title="Folkmängden per region efter ålder och kön, 20–64 år (summa av femårsgrupper)",
        picks={
            "Alder": Pick(codes=_AGE_20_64, every=True),
            "Kon": _KON_TOTAL,
            "ContentsCode": Pick(codes=("000007Y7",), label=r"folkmängd"),
        },
        note="20–64 år är summan av SCB:s femårsgrupper 20–24 … 60–64.",
    ),
    TableSpec(
        column="utrikes_fodda",
        table="TAB6572",
        title="Folkmängden per region efter födelseregion och kön (FolkmDesoLandKon)",
        picks={
            "Fodelseregion": Pick(codes=("eu", "öv"), every=True),
            "Kon": _KON_TOTAL,
            "ContentsCode": Pick(codes=("000007Y5",), label=r"antal|folkmängd"),
        },
        note="Utrikes födda är summan av SCB:s födelseregioner 'Europa utom Sverige' och 'övriga världen'.",
    ),
    TableSpec(
        column="forvarvsarbetande_20_64",
        table="TAB6680",
        title="Arbetsmarknadsstatus efter bostadens belägenhet, region (DeSO/RegSO), kön och ålder (BAS)",
        picks={
            "Alder": Pick(codes=("20-64", "20-65"), label=r"^20-6[45]"),
            "Kon": _KON_TOTAL,
            "ContentsCode": Pick(label=r"sysselsatt"),
        },
        note=(
            "Sysselsatta enligt SCB:s arbetsmarknadsstatistik (BAS), inte RAMS förvärvsarbetande; "
            "SCB:s åldersgrupp kan vara 20–65 år från 2024."
        ),
    ),
    TableSpec(
        column="lag_ekonomisk_standard",
        table="TAB6685",
        title="Låg respektive hög ekonomisk standard efter region och ålder (Tab4InkDesoRegso)",
        picks={
            "Alder": Pick(codes=("tot", "totalt"), label=r"totalt|samtliga"),
            "ContentsCode": Pick(codes=("000008AC",), label=r"låg ekonomisk standard"),
        },
        percent_of="folkmangd",
        note="SCB redovisar en andel i procent; antalet räknas som andel × folkmängd och avrundas.",
    ),
)

#: statistik.csv columns this command does not fetch, and why (shown in the summary).
NOT_FETCHED: dict[str, str] = {
    "forgymnasial_20_64": "SCB:s RegSO-tabeller över utbildningsnivå avser 25–64 år (TAB5956) och 25–65 år från "
    "2024 (TAB6534), inte 20–64 år",
    "langvarigt_bistand_arbetsloshet_20_64": "publiceras inte per RegSO i Statistikdatabasen",
    "medianinkomst_tkr": "ingen RegSO-tabell med medianförvärvsinkomst 20–64 år är vald",
    "lagenheter": "bostadsbolagets egna uppgifter",
    "omradestyp_scb": "läs SCB:s export med 'python -m analysis import-scb FIL --kind omradestyp'",
}


# ----------------------------------------------------------------------------- the network


def urllib_fetch(url: str, body: bytes | None) -> bytes:
    """GET ``url`` (``body`` None) or POST ``body`` as JSON; the raw answer. Raises urllib's errors."""
    request = urllib.request.Request(
        url,
        data=body,
        method="GET" if body is None else "POST",
        headers={
            "Accept": "application/json",
            "User-Agent": "stadsdelsdashboard (python urllib)",
            **({"Content-Type": "application/json"} if body is not None else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return response.read()


def _http_message(code: int, detail: str) -> str:
    extra = f" ({detail})" if detail else ""
    if code == 404:
        return f"SCB hittar inte tabellen (HTTP 404){extra}; tabellistan i analysis/files_in/pxweb.py behöver ses över."
    if code == 429:
        return "SCB tar emot för många anrop just nu (HTTP 429); vänta en minut och försök igen."
    if 400 <= code < 500:
        return (
            f"SCB avvisade frågan (HTTP {code}){extra}; en kod i tabellistan i analysis/files_in/pxweb.py "
            "kan ha ändrats, "
            "eller frågan är för stor."
        )
    return f"SCB:s tjänst svarade med ett fel (HTTP {code}); försök igen senare."


def call_json(fetch: Fetch, url: str, body: dict | None = None) -> dict:
    """Call SCB through ``fetch`` and parse the JSON answer.

    Every failure becomes a :class:`ScbFetchError` with a Swedish message: no network or name lookup
    (``URLError``), timeout, HTTP 4xx/5xx (with SCB's own problem text when it sent one), a non-JSON answer.
    """
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    host = re.sub(r"^https?://([^/]+).*$", r"\1", url)
    try:
        raw = fetch(url, data)
    except urllib.error.HTTPError as exc:  # before URLError: HTTPError is a subclass of it
        raise ScbFetchError(_http_message(exc.code, _problem_detail(exc))) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise ScbFetchError(_timeout_message()) from exc
        raise ScbFetchError(
            f"Ingen kontakt med SCB ({host}): kontrollera internetanslutningen och försök igen. "
            "Utan nätverk kan SCB-data i stället läsas från en nedladdad fil med 'python -m analysis import-scb'."
        ) from exc
    except TimeoutError as exc:
        raise ScbFetchError(_timeout_message()) from exc
    except OSError as exc:
        raise ScbFetchError(f"Nätverksfel mot SCB ({host}); försök igen senare.") from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScbFetchError("SCB:s svar var inte JSON; försök igen senare.") from exc


def _timeout_message() -> str:
    return f"SCB svarade inte inom {TIMEOUT_SECONDS} sekunder; försök igen senare."


def _problem_detail(exc: urllib.error.HTTPError) -> str:
    # PxWebApi 2 answers errors with an RFC 7807 problem document (title, detail).
    try:
        problem = json.loads(exc.read().decode("utf-8"))
    except Exception:  # an unreadable error body only means there is no detail to show
        return ""
    if not isinstance(problem, dict):
        return ""
    text = " – ".join(str(problem[k]) for k in ("title", "detail") if problem.get(k))
    return text[:200]


def metadata_url(table: str, base: str = SCB_API_BASE) -> str:
    return f"{base}/tables/{table}/metadata?lang={LANGUAGE}&outputFormat=json-stat2"


def data_url(table: str, base: str = SCB_API_BASE) -> str:
    return f"{base}/tables/{table}/data?lang={LANGUAGE}&outputFormat=json-stat2"


# ----------------------------------------------------------------------------- choosing values


@dataclass(frozen=True)
class _Variable:
    code: str
    label: str
    values: tuple[str, ...]
    labels: tuple[str, ...]
    eliminable: bool


def _variables(metadata: dict, table: str) -> dict[str, _Variable]:
    """The variables of a JSON-stat2 metadata document (codes in order, labels, elimination)."""
    ids, dims = metadata.get("id"), metadata.get("dimension")
    if not isinstance(ids, list) or not isinstance(dims, dict):
        raise ScbFetchError(f"SCB:s metadata för {table} saknar variabler (id/dimension).")
    result = {}
    for dim in ids:
        info = dims.get(dim) or {}
        category = info.get("category") or {}
        index = category.get("index") or {}
        codes = list(index) if isinstance(index, list) else [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
        if not codes:
            codes = list(category.get("label") or {})
        labels = category.get("label") or {}
        extension = info.get("extension") or {}
        result[dim] = _Variable(
            dim,
            str(info.get("label", dim)),
            tuple(str(c) for c in codes),
            tuple(str(labels.get(c, c)) for c in codes),
            bool(extension.get("elimination", False)),
        )
    return result


def _role(metadata: dict, variables: Mapping[str, _Variable], role: str, names: tuple[str, ...]) -> str | None:
    for dim in (metadata.get("role") or {}).get(role) or []:
        if dim in variables:
            return dim
    lowered = {v.lower(): v for v in variables}
    return next((lowered[n] for n in names if n in lowered), None)


def _config_error(spec: TableSpec, message: str) -> ScbTableError:
    return ScbTableError(
        f"SCB:s tabell {spec.table} ({spec.column}): {message}. "
        "Tabellistan SCB_TABLES i analysis/files_in/pxweb.py behöver ses över."
    )


def _choose(variable: _Variable, pick: Pick, spec: TableSpec) -> list[str]:
    present = set(variable.values)
    if pick.every:
        missing = [c for c in pick.codes if c not in present]
        if missing:
            raise _config_error(spec, f"variabeln {variable.code} saknar värdena {', '.join(missing)}")
        return list(pick.codes)
    for code in pick.codes:
        if code in present:
            return [code]
    if pick.label:
        pattern = re.compile(pick.label, re.IGNORECASE)
        for code, label in zip(variable.values, variable.labels, strict=True):
            if pattern.search(label) or pattern.search(code):
                return [code]
    if len(variable.values) == 1:
        return [variable.values[0]]
    wanted = ", ".join(pick.codes) or f"etikett /{pick.label}/"
    shown = ", ".join(f"{c} ({lab})" for c, lab in list(zip(variable.values, variable.labels, strict=True))[:8])
    raise _config_error(spec, f"variabeln {variable.code} har inget värde {wanted} (finns: {shown})")


def choose_values(metadata: dict, spec: TableSpec) -> dict[str, list[str]]:
    """Value codes to ask for per variable other than region and time, chosen by ``spec.picks``.

    Variables that are not listed are left out when eliminable, taken when they have one value; a listed
    variable the table lacks, or a value not found, raises ScbFetchError naming table, variable and codes.
    """
    variables = _variables(metadata, spec.table)
    region = _role(metadata, variables, "geo", ("region",))
    time = _role(metadata, variables, "time", ("tid",))
    chosen: dict[str, list[str]] = {}
    for name, pick in spec.picks.items():
        if name not in variables:
            raise _config_error(spec, f"variabeln {name} finns inte (tabellen har: {', '.join(variables)})")
        chosen[name] = _choose(variables[name], pick, spec)
    for name, variable in variables.items():
        if name in chosen or name in (region, time):
            continue
        if len(variable.values) == 1:
            chosen[name] = list(variable.values)
        elif not variable.eliminable:
            raise _config_error(spec, f"variabeln {name} måste väljas men saknas i tabellistan")
    return chosen


def region_codes(metadata: dict, kommun: str, wanted: Iterable[str] | None = None) -> list[str]:
    """The table's region codes for the kommun's RegSO, both editions (plain and ``_RegSO2025``).

    With ``wanted`` (plain RegSO codes, e.g. a data set's stadsdelar.csv) only those are chosen; otherwise
    every RegSO code starting with the kommun code.
    """
    variables = _variables(metadata, "?")
    region = _role(metadata, variables, "geo", ("region",))
    if region is None:
        raise ScbFetchError("SCB:s tabell saknar regionvariabel.")
    wanted_set = set(wanted) if wanted is not None else None
    codes = []
    for code in variables[region].values:
        plain = scb.plain_code(code)
        if not scb.REGSO_CODE.fullmatch(plain):
            continue
        if (wanted_set is not None and plain in wanted_set) or (wanted_set is None and plain.startswith(kommun)):
            codes.append(code)
    return codes


def build_query(selection: Mapping[str, list[str]]) -> dict:
    """The PxWebApi 2 POST body: ``{"selection": [{"variableCode": …, "valueCodes": […]}, …]}``."""
    return {"selection": [{"variableCode": name, "valueCodes": list(codes)} for name, codes in selection.items()]}


# ----------------------------------------------------------------------------- fetching


@dataclass
class FetchResult:
    """What :func:`fetch_kommun` got: a ``statistik.csv`` frame, district names, and every note.

    ``columns`` lists the filled statistik.csv columns with their table; ``failed`` maps a column to the
    reason it could not be fetched (the others are still in ``statistics``).
    """

    kommun: str
    statistics: pd.DataFrame
    districts: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        years = sorted(self.statistics["ar"].unique()) if len(self.statistics) else []
        lines = [
            f"SCB, kommun {self.kommun}: {self.statistics['stadsdel_kod'].nunique()} stadsdelar (RegSO), "
            f"{len(self.statistics)} stadsdel-år" + (f", år {years[0]}–{years[-1]}" if years else "") + "."
        ]
        lines.extend(f"  {column}: {table}" for column, table in self.columns.items())
        if self.failed:
            lines.append("Kunde inte hämtas:")
            lines.extend(f"  {column}: {reason}" for column, reason in self.failed.items())
        lines.append("Hämtas inte härifrån:")
        lines.extend(f"  {column}: {reason}" for column, reason in NOT_FETCHED.items())
        lines.extend(self.notes)
        return "\n".join(lines)


def _year_chunks(years: list[str], cells_per_year: int) -> list[list[str]]:
    per_request = max(1, MAX_CELLS // max(1, cells_per_year))
    return [years[i : i + per_request] for i in range(0, len(years), per_request)] or [[]]


def fetch_table(
    spec: TableSpec,
    kommun: str,
    fetch: Fetch,
    *,
    wanted: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    base: str = SCB_API_BASE,
    metadata: dict | None = None,
) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Fetch one table for the kommun's RegSO.

    Returns (frame with ``regso_kod``, ``ar``, ``varde`` Float64, ``status``; RegSO code → name from SCB's
    labels; notes). Summed values (``Pick(every=True)``) are NA when any part is NA.
    """
    metadata = metadata if metadata is not None else call_json(fetch, metadata_url(spec.table, base))
    variables = _variables(metadata, spec.table)
    region = _role(metadata, variables, "geo", ("region",))
    time = _role(metadata, variables, "time", ("tid",))
    if region is None or time is None:
        raise _config_error(spec, "tabellen saknar region- eller tidsvariabel")
    chosen = choose_values(metadata, spec)
    regions = region_codes(metadata, kommun, wanted)
    if not regions:
        raise _config_error(spec, f"inga RegSO för kommun {kommun} i tabellen")
    all_years = [y for y in variables[time].values if re.fullmatch(r"\d{4}", y)]
    if years is not None:
        keep = {str(y) for y in years}
        all_years = [y for y in all_years if y in keep]
    if not all_years:
        raise _config_error(spec, "inga av de efterfrågade åren finns i tabellen")
    cells_per_year = len(regions) * int(np.prod([len(v) for v in chosen.values()] or [1]))
    parts = []
    for chunk in _year_chunks(all_years, cells_per_year):
        body = build_query({region: regions, **chosen, time: chunk})
        parts.append(scb.read_jsonstat2(call_json(fetch, data_url(spec.table, base), body)))
    cells = pd.concat(parts, ignore_index=True)
    cells = cells[cells[region].isin(regions)]  # only what was asked for, whatever the answer holds
    # Chunks never overlap in SCB's answers, but a cell counted twice would double a sum: keep each once.
    cells = cells.drop_duplicates(
        subset=[c for c in cells.columns if c not in ("value", "status") and not c.endswith("_label")]
    )
    names = {}
    for code, label in zip(cells[region], cells[f"{region}_label"], strict=True):
        plain = scb.plain_code(code)
        if plain not in names and (m := re.search(r"\((.+)\)\s*$", str(label))):
            names[plain] = m.group(1).strip()
    frame = pd.DataFrame(
        {
            "regso_kod": cells[region].map(scb.plain_code),
            "utgava": np.where(cells[region].str.contains("_RegSO", case=False), "2025", "2020"),
            "ar": cells[time].astype(int),
            "varde": cells["value"],
            "status": cells["status"],
        }
    )
    grouped = frame.groupby(["regso_kod", "utgava", "ar"], sort=True)
    summed = grouped.agg(
        varde=("varde", lambda s: s.sum() if s.notna().all() else pd.NA),
        status=("status", lambda s: next((x for x in s if pd.notna(x)), pd.NA)),
    ).reset_index()
    summed["varde"] = pd.to_numeric(summed["varde"]).astype("Float64")
    result, notes = _one_edition_per_year(summed)
    if any(len(v) > 1 for v in chosen.values()) and (result["ar"] >= scb.CELL_KEY_FIRST_YEAR).any():
        notes.append(f"{spec.column}: {scb.CELL_KEY_NOTE}")
    return result, names, notes


def _one_edition_per_year(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Per (RegSO, year) keep the edition valid that year (2025 from 2024), else the other if it has a value."""
    preferred = np.where(frame["ar"] >= REGSO_2025_FIRST_YEAR, "2025", "2020")
    frame = frame.assign(_rank=np.where(frame["utgava"] == preferred, 0, 1) + np.where(frame["varde"].isna(), 2, 0))
    best = frame.sort_values(["regso_kod", "ar", "_rank"]).drop_duplicates(["regso_kod", "ar"], keep="first")
    notes = []
    used = best.loc[best["varde"].notna(), "utgava"].unique()
    if len(used) > 1:
        notes.append(
            f"År före {REGSO_2025_FIRST_YEAR} avser RegSO 2020 och senare år RegSO 2025; några RegSO har fått nya "
            "gränser 2025, så jämför över den gränsen med försiktighet."
        )
    result = best[["regso_kod", "ar", "varde", "status"]].reset_index(drop=True)
    result["regso_kod"] = result["regso_kod"].astype("string")
    result["ar"] = result["ar"].astype("int64")
    result["status"] = result["status"].astype("string")
    return result, notes


def _cap_to_denominators(statistics: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """A count above its denominator (possible with SCB's noise or sums of groups) is set to the denominator,
    with a note naming each district-year, so the file still loads; nothing is changed silently."""
    for numerator, denominator in vocab.INDICATOR_DENOMINATORS.items():
        over = (statistics[numerator] > statistics[denominator]).fillna(False).astype(bool)
        if over.any():
            where = [
                f"{c} {a}"
                for c, a in zip(statistics.loc[over, "stadsdel_kod"], statistics.loc[over, "ar"], strict=True)
            ]
            notes.append(
                f"{numerator} var större än {denominator} i {scb.listed(where)} (skillnad mellan SCB-tabeller "
                f"eller brus); värdet sattes till {denominator}."
            )
            statistics.loc[over, numerator] = statistics.loc[over, denominator]
    return statistics


def fetch_kommun(
    kommun: str,
    *,
    fetch: Fetch = urllib_fetch,
    key: pd.DataFrame | None = None,
    district_codes: Iterable[str] | None = None,
    specs: Iterable[TableSpec] = SCB_TABLES,
    years: Iterable[int] | None = None,
    base: str = SCB_API_BASE,
) -> FetchResult:
    """Fetch every table in ``specs`` for the kommun's RegSO and return the ``statistik.csv`` frame.

    The RegSO are ``district_codes`` when given (e.g. a data set's stadsdelar.csv), else the kommun's RegSO
    in ``key``, else every RegSO code of the kommun in each table. A table whose codes do not match the
    metadata is reported in ``failed`` and the others are still fetched; a network failure or SCB error
    (:class:`ScbFetchError`) stops the whole fetch, since the next call would fail the same way.

    Raises ScbFetchError when no table could be fetched; DataError for a malformed kommun code.
    """
    kommun = kommun.strip()
    if not scb.KOMMUN_CODE.fullmatch(kommun):
        raise DataError(f"Kommunkoden måste vara fyra siffror, t.ex. 0360 eller 1283 (fick {kommun[:10]!r}).")
    wanted = list(district_codes) if district_codes is not None else None
    if wanted is None and key is not None:
        wanted = sorted(key.loc[key["kommun_kod"] == kommun, "regso_kod"].unique())
        if not wanted:
            raise DataError(f"Kommunkoden {kommun} finns inte i nyckelfilen.")
    notes: list[str] = []
    columns: dict[str, str] = {}
    failed: dict[str, str] = {}
    names: dict[str, str] = {}
    metadata_cache: dict[str, dict] = {}
    fetched: dict[str, pd.DataFrame] = {}
    for spec in specs:
        try:
            if spec.table not in metadata_cache:
                metadata_cache[spec.table] = call_json(fetch, metadata_url(spec.table, base))
            frame, found_names, table_notes = fetch_table(
                spec, kommun, fetch, wanted=wanted, years=years, base=base, metadata=metadata_cache[spec.table]
            )
            if spec.percent_of is not None:
                frame = _percent_to_count(frame, fetched.get(spec.percent_of), spec, notes)
        except ScbTableError as exc:
            # One table out of date must not cost the others; a network failure (ScbFetchError) propagates,
            # since every following call would fail the same way.
            failed[spec.column] = str(exc)
            continue
        fetched[spec.column] = frame
        names.update({k: v for k, v in found_names.items() if k not in names})
        columns[spec.column] = f"{spec.table} {spec.title}"
        notes.extend(table_notes)
        if spec.note:
            notes.append(f"{spec.column}: {spec.note}")
    if not fetched:
        raise ScbFetchError("Inget kunde hämtas från SCB:\n" + "\n".join(f"  {c}: {r}" for c, r in failed.items()))
    statistics = _combine(fetched)
    if wanted is not None:
        absent = sorted(set(wanted) - set(statistics["stadsdel_kod"]))
        if absent:
            notes.append(f"SCB har inga värden för {scb.listed(absent)}.")
    statistics = _cap_to_denominators(statistics, notes)
    districts = _districts(statistics, key, names)
    unnamed = districts.loc[districts["stadsdel_namn"] == districts["stadsdel_kod"], "stadsdel_kod"].tolist()
    if unnamed:
        notes.append(f"Namn saknas för {scb.listed(unnamed)}; koden används som namn i stadsdelar.csv.")
    notes = list(dict.fromkeys(notes))
    return FetchResult(kommun, statistics, districts, columns, failed, notes)


def _percent_to_count(
    frame: pd.DataFrame, base: pd.DataFrame | None, spec: TableSpec, notes: list[str]
) -> pd.DataFrame:
    if base is None:
        raise _config_error(spec, f"{spec.percent_of} måste hämtas före {spec.column}")
    merged = frame.merge(base[["regso_kod", "ar", "varde"]], on=["regso_kod", "ar"], how="left", suffixes=("", "_bas"))
    count = (merged["varde"] / 100 * merged["varde_bas"]).round()
    missing = merged["varde"].notna() & merged["varde_bas"].isna()
    if missing.any():
        notes.append(f"{spec.column}: {int(missing.sum())} stadsdel-år saknar {spec.percent_of} och får inget antal.")
    return frame.assign(varde=count.astype("Float64").to_numpy())


def _combine(fetched: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    keys = pd.concat([f[["regso_kod", "ar"]] for f in fetched.values()]).drop_duplicates()
    keys = keys.sort_values(["regso_kod", "ar"]).reset_index(drop=True)
    statistics = scb.empty_statistics(len(keys))
    statistics["stadsdel_kod"] = pd.array(keys["regso_kod"], dtype="string")
    statistics["ar"] = keys["ar"].to_numpy(dtype="int64")
    for column, frame in fetched.items():
        values = keys.merge(frame, on=["regso_kod", "ar"], how="left")["varde"]
        where = keys["regso_kod"].astype(str) + " " + keys["ar"].astype(str)
        statistics[column] = scb.typed_column(values.reset_index(drop=True), column, where)
    return statistics


def _districts(statistics: pd.DataFrame, key: pd.DataFrame | None, names: Mapping[str, str]) -> pd.DataFrame:
    codes = sorted(statistics["stadsdel_kod"].unique())
    from_key = {}
    if key is not None:
        from_key = dict(zip(key["regso_kod"], key["regso_namn"], strict=True))
    return pd.DataFrame(
        {
            "stadsdel_kod": pd.array(codes, dtype="string"),
            "stadsdel_namn": pd.array([from_key.get(c) or names.get(c) or c for c in codes], dtype="string"),
        }
    )
