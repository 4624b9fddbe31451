"""One municipality's data set: a folder with ``meta.json`` and the files of docs/dataformat.md.

``load_dataset`` reads and validates every file and checks that they agree with each other (the same
district codes in the districts list, the geometry and the statistics). Nothing is read at import time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.files_in import limits, loaders, strategy, tablecache
from analysis.files_in.validation import WARNING, DataError, Issue, ValidationReport, echo, file_error

log = logging.getLogger(__name__)

#: Where the demo data sets live (``data/demo/<kommun>``), independent of the working directory.
DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "data" / "demo"

META_FILE = "meta.json"
DISTRICTS_FILE = "stadsdelar.csv"
STATISTICS_FILE = "statistik.csv"
PROGRAMMES_FILE = "insatser.csv"
GOALS_FILE = "mal.csv"
GEOMETRY_FILES = ("stadsdelar.geojson", "stadsdelar.gpkg")
PARTICIPANT_FILES = ("deltagare.csv", "deltagare.xlsx")
#: How many differing codes a message lists before summarising.
MAX_LISTED_CODES = 20

_KOMMUN_KOD = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class DatasetInfo:
    """What the municipality picker needs, read from ``meta.json`` alone."""

    kommun_kod: str
    kommun_namn: str
    path: Path
    fiktiv: bool


@dataclass
class Dataset:
    """A loaded, validated data set. Frames follow docs/dataformat.md and docs/contracts.md.

    ``reports`` holds one :class:`ValidationReport` per file read (warnings, rejected participant rows,
    files that were absent), in the order the files were read.
    """

    path: Path
    meta: dict[str, Any]
    districts: pd.DataFrame
    statistics: pd.DataFrame
    geometry: Any  # geopandas.GeoDataFrame; geopandas is imported only when a data set is loaded
    participants: pd.DataFrame
    programmes: pd.DataFrame
    goals: pd.DataFrame
    reports: list[ValidationReport] = field(default_factory=list)
    #: Tables replaced by an accepted import from the local store: kind ("deltagare", …) → store version.
    imported: dict[str, Any] = field(default_factory=dict)
    #: The integration strategy's tables (``analysis.files_in.strategy``; empty when the files are absent).
    plan: pd.DataFrame = field(default_factory=strategy.empty_plan)
    plan_indicators: pd.DataFrame = field(default_factory=strategy.empty_plan_indicators)
    placements: pd.DataFrame = field(default_factory=strategy.empty_placements)
    activities: pd.DataFrame = field(default_factory=strategy.empty_activities)

    @property
    def kommun_kod(self) -> str:
        return self.meta["kommun_kod"]

    @property
    def kommun_namn(self) -> str:
        return self.meta["kommun_namn"]

    @property
    def fiktiv(self) -> bool:
        return bool(self.meta.get("fiktiv", False))

    @property
    def years(self) -> list[int]:
        """The statistics years, sorted ascending."""
        return sorted(int(y) for y in self.statistics["ar"].unique())


def read_meta(folder: str | Path) -> dict[str, Any]:
    """Read and check ``meta.json`` in ``folder``; return it with defaults for the optional keys.

    Required: ``kommun_kod`` as a four-digit *string* (``"0360"``; a number would lose the leading zero)
    and a non-empty ``kommun_namn``. Optional: ``fiktiv`` and ``geometri_schematisk`` (booleans, default
    false), ``beskrivning`` (text), ``kallor`` (list of text). Raises DataError otherwise.
    """
    path = Path(folder) / META_FILE
    if not path.is_file():
        raise file_error(META_FILE, f"filen saknas i {Path(folder)}")
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise file_error(META_FILE, "filen är inte giltig JSON (UTF-8)") from exc
    if not isinstance(meta, dict):
        raise file_error(META_FILE, "filen måste innehålla ett JSON-objekt")
    problems: list[str] = []
    code = meta.get("kommun_kod")
    if not isinstance(code, str) or not _KOMMUN_KOD.match(code):
        problems.append('kommun_kod måste vara text med fyra siffror, t.ex. "0360"')
    name = meta.get("kommun_namn")
    if not isinstance(name, str) or not name.strip():
        problems.append("kommun_namn saknas")
    for key in ("fiktiv", "geometri_schematisk"):
        if key in meta and not isinstance(meta[key], bool):
            problems.append(f"{key} måste vara true eller false")
    if "kallor" in meta and not (isinstance(meta["kallor"], list) and all(isinstance(s, str) for s in meta["kallor"])):
        problems.append("kallor måste vara en lista med texter")
    if "beskrivning" in meta and not isinstance(meta["beskrivning"], str):
        problems.append("beskrivning måste vara text")
    if problems:
        raise file_error(META_FILE, "; ".join(problems))
    return {
        "fiktiv": False,
        "geometri_schematisk": False,
        "beskrivning": "",
        "kallor": [],
        **meta,
        "kommun_namn": name.strip(),
    }


def _first_existing(folder: Path, names: Iterable[str]) -> Path | None:
    return next((folder / n for n in names if (folder / n).is_file()), None)


def _list_codes(codes: Iterable[str]) -> str:
    codes = sorted(codes)
    shown = ", ".join(echo(c, "stadsdel_kod") or "?" for c in codes[:MAX_LISTED_CODES])
    rest = len(codes) - MAX_LISTED_CODES
    return shown + (f" … och {rest} till" if rest > 0 else "")


def _check_codes(file: str, codes: Iterable[str], districts: set[str], what: str, rows: int) -> None:
    """Raise DataError when ``codes`` and the districts list differ in either direction, naming the codes."""
    codes = set(codes)
    unknown = codes - districts
    lacking = districts - codes
    problems = []
    if unknown:
        problems.append(f"koder som inte finns i {DISTRICTS_FILE}: {_list_codes(unknown)}")
    if lacking:
        problems.append(f"stadsdelar i {DISTRICTS_FILE} utan {what}: {_list_codes(lacking)}")
    if problems:
        message = f"stadsdelskoderna stämmer inte med {DISTRICTS_FILE}; " + "; ".join(problems)
        raise file_error(file, message, rows)


def _table_report(file: str, read: int, skipped: int, issues: list[Issue]) -> ValidationReport:
    return ValidationReport(file, read, read - skipped, skipped, issues)


def _absent(file: str, consequence: str) -> ValidationReport:
    return ValidationReport(file, 0, 0, 0, [Issue(None, None, f"filen saknas; {consequence}", WARNING)])


def load_codes(folder: str | Path) -> tuple[set[str], set[str] | None]:
    """District codes (``stadsdelar.csv``, required) and programme codes (``insatser.csv``, ``None`` when
    absent) of a data set, after checking ``meta.json``. Used by the CLI to validate a single file without
    loading statistics or geometry."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"Mappen {folder} finns inte.")
    read_meta(folder)
    districts = loaders.load_districts(folder / DISTRICTS_FILE)
    programmes_path = folder / PROGRAMMES_FILE
    programmes = loaders.load_programmes(programmes_path) if programmes_path.is_file() else None
    return (
        set(districts["stadsdel_kod"]),
        set(programmes["insats"]) if programmes is not None else None,
    )


def load_dataset(path: str | Path) -> Dataset:
    """Read and validate a whole data set folder.

    Required: ``meta.json``, ``stadsdelar.csv``, ``statistik.csv`` (at least one row) and
    ``stadsdelar.geojson`` or ``stadsdelar.gpkg``. Optional: ``insatser.csv``, ``mal.csv``,
    ``deltagare.csv``/``deltagare.xlsx`` and the integration strategy's ``handlingsplan.csv|xlsx``,
    ``handlingsplan_indikatorer.csv`` (or the sheet "Indikatorer" of ``handlingsplan.xlsx``),
    ``placeringar.csv|xlsx`` and ``aktiviteter.csv|xlsx`` (each absent → empty frame and a warning in
    ``reports``).

    Raises DataError (Swedish, naming the file) when a required file is missing or invalid, when the
    geometry or the statistics do not cover exactly the districts of ``stadsdelar.csv`` (the message names
    the codes that differ), or when the participant file is unusable as a whole. Participant rows with
    errors (among them a district code not in ``stadsdelar.csv``) are rejected and listed in ``reports``;
    an unknown programme code is a warning. Goals naming a programme not in ``insatser.csv`` are kept
    with a warning. The strategy tables are read row by row like participants
    (:func:`analysis.files_in.strategy.validate_table`): district codes (also in a measure's
    ``stadsdelar``) must be in ``stadsdelar.csv`` and indicator keys name known programmes, else the row is
    rejected; a linked indicator whose ``atgard_id`` is not an accepted measure of the plan is rejected;
    an activity's unknown ``atgard_id`` is a warning. A strategy file unusable as a whole raises DataError.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise DataError(f"Datamängden {folder} finns inte eller är ingen mapp.")
    meta = read_meta(folder)
    reports: list[ValidationReport] = []

    issues: list[Issue] = []
    districts, read, skipped = _districts(folder / DISTRICTS_FILE, issues)
    reports.append(_table_report(DISTRICTS_FILE, read, skipped, issues))
    if districts.empty:
        raise file_error(DISTRICTS_FILE, "filen innehåller inga stadsdelar", read)
    district_codes = set(districts["stadsdel_kod"])

    issues = []
    statistics, read, skipped = _statistics(folder / STATISTICS_FILE, issues)
    if statistics.empty:
        raise file_error(STATISTICS_FILE, "filen innehåller inga rader", read)
    _check_codes(STATISTICS_FILE, statistics["stadsdel_kod"], district_codes, "statistik", read)
    reports.append(_table_report(STATISTICS_FILE, read, skipped, issues))

    geometry_path = _first_existing(folder, GEOMETRY_FILES)
    if geometry_path is None:
        raise file_error(GEOMETRY_FILES[0], f"geometrifil saknas ({' eller '.join(GEOMETRY_FILES)})")
    issues = []
    geometry = _geometry(geometry_path, issues)
    _check_codes(geometry_path.name, geometry["stadsdel_kod"], district_codes, "geometri", len(geometry))
    reports.append(ValidationReport(geometry_path.name, len(geometry), len(geometry), 0, issues))

    programme_codes: set[str] | None = None
    if (folder / PROGRAMMES_FILE).is_file():
        issues = []
        programmes, read, skipped = _programmes(folder / PROGRAMMES_FILE, issues)
        programme_codes = set(programmes["insats"])
        reports.append(_table_report(PROGRAMMES_FILE, read, skipped, issues))
    else:
        programmes = pd.DataFrame({c: pd.Series([], dtype="string") for c in ("insats", "namn", "beskrivning")})
        reports.append(_absent(PROGRAMMES_FILE, "inga insatser är beskrivna"))

    if (folder / GOALS_FILE).is_file():
        issues = []
        goals, read, skipped = _goals(folder / GOALS_FILE, issues)
        if programme_codes is not None:
            # A goal for an unknown programme is a typo or a retired programme: keep it, but say so.
            unknown = sorted(set(goals["insats"]) - programme_codes)
            if unknown:
                shown = ", ".join(echo(c, "insats") or "?" for c in unknown)
                message = f"mål för insatser som inte finns i {PROGRAMMES_FILE}: {shown}"
                issues.append(Issue(None, "insats", message, WARNING))
        reports.append(_table_report(GOALS_FILE, read, skipped, issues))
    else:
        goals = loaders.empty_goals()
        reports.append(_absent(GOALS_FILE, "inga mål att följa upp"))

    participant_path = _first_existing(folder, PARTICIPANT_FILES)
    if participant_path is None:
        participants = loaders.empty_participants()
        reports.append(_absent(PARTICIPANT_FILES[0], "inga deltagardata"))
    else:
        participants, report = _participants(participant_path, district_codes, programme_codes)
        reports.append(report)

    strategy_tables = _load_strategy(folder, district_codes, programme_codes, reports)

    return Dataset(
        path=folder,
        meta=meta,
        districts=districts,
        statistics=statistics,
        geometry=geometry,
        participants=participants,
        programmes=programmes,
        goals=goals,
        reports=reports,
        **strategy_tables,
    )


def _kept(kind: str, load, path: Path, issues: list[Issue], inputs: list) -> tuple[pd.DataFrame, int, int]:
    """``load(path, issues)`` (a ``loaders._load_*`` of a whole-file table), kept validated in Parquet by the
    file's content and ``inputs`` (``tablecache``): the warnings come back with the table."""

    def compute():
        found: list[Issue] = []
        frame, read, skipped = load(path, found)
        return frame, {"read": read, "skipped": skipped, "issues": tablecache.issues_to_list(found)}

    frame, info = tablecache.remembered(kind, path, inputs, compute)
    issues.extend(tablecache.issues_from_list(info["issues"]))
    return frame, info["read"], info["skipped"]


def _statistics(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    """``loaders._load_statistics``, kept validated in Parquet by the file's content (``tablecache``)."""
    return _kept("statistik", loaders._load_statistics, path, issues, [limits.from_environment()])


def _districts(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    """``loaders._load_districts``, kept validated in Parquet by the file's content: validating 6,160
    districts' codes and names through pandera was half a second of a national cold start."""
    return _kept("stadsdelar", loaders._load_districts, path, issues, [limits.from_environment()])


def _goals(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    """``loaders._load_goals``, kept as ``_districts``."""
    return _kept("mal", loaders._load_goals, path, issues, [limits.from_environment()])


def _programmes(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    """``loaders._load_programmes``, kept as ``_districts`` (so a cold start needs no pandera at all)."""
    return _kept("insatser", loaders._load_programmes, path, issues, [limits.from_environment()])


def _geometry(path: Path, issues: list[Issue]):
    """``loaders.load_geometry``, kept in GeoParquet by the file's content (``tablecache``)."""

    def compute():
        found: list[Issue] = []
        frame = loaders.load_geometry(path, found)
        return frame, {"issues": tablecache.issues_to_list(found)}

    frame, info = tablecache.remembered("geometri", path, [], compute, geometry=True)
    issues.extend(tablecache.issues_from_list(info["issues"]))
    return frame


def _participants(path: Path, district_codes: set[str], programme_codes: set[str] | None):
    """``loaders.load_participants``, kept validated in Parquet by the file's content and the validation's
    inputs: the codes, today's date (a start after it is a warning) and the limits (``tablecache``)."""

    def compute():
        frame, report = loaders.load_participants(path, district_codes, programme_codes)
        return frame, tablecache.report_to_dict(report)

    inputs = [
        sorted(district_codes),
        None if programme_codes is None else sorted(programme_codes),
        dt.date.today().isoformat(),
        limits.from_environment(),
    ]
    frame, info = tablecache.remembered("deltagare", path, inputs, compute)
    return frame, tablecache.report_from_dict(info)


#: Dataset attribute of each strategy table kind.
STRATEGY_ATTRIBUTES: dict[str, str] = {
    strategy.PLAN: "plan",
    strategy.PLAN_INDICATORS: "plan_indicators",
    strategy.PLACEMENTS: "placements",
    strategy.ACTIVITIES: "activities",
}
_STRATEGY_ABSENT = {
    strategy.PLAN: "ingen handlingsplan att följa upp",
    strategy.PLAN_INDICATORS: "inga indikatorer kopplade till handlingsplanens åtgärder",
    strategy.PLACEMENTS: "inga placeringar av nyanlända",
    strategy.ACTIVITIES: "ingen aktivitetslogg",
}


def _load_strategy(
    folder: Path, district_codes: set[str], programme_codes: set[str] | None, reports: list[ValidationReport]
) -> dict[str, pd.DataFrame]:
    """The four strategy tables of ``folder`` (Dataset attribute → frame), their reports appended."""
    tables: dict[str, pd.DataFrame] = {}
    codes = {"district_codes": district_codes, "programme_codes": programme_codes}
    plan_path = _first_existing(folder, strategy.FILES[strategy.PLAN])
    indicator_path = _first_existing(folder, strategy.FILES[strategy.PLAN_INDICATORS])
    indicators = None
    if plan_path is None:
        plan = strategy.empty_plan()
        reports.append(_absent(strategy.FILES[strategy.PLAN][0], _STRATEGY_ABSENT[strategy.PLAN]))
    elif indicator_path is None and plan_path.suffix.lower() in loaders.EXCEL_SUFFIXES:
        # One workbook with the sheets "Åtgärder" and "Indikatorer", as the template has them.
        (plan, plan_report), indicators = strategy.read_plan_workbook(plan_path, **codes)
        reports.append(plan_report)
    else:
        plan, plan_report = strategy.load_table(strategy.PLAN, plan_path, **codes)
        reports.append(plan_report)
    tables["plan"] = plan
    if indicators is None and indicator_path is not None:
        indicators = strategy.load_table(
            strategy.PLAN_INDICATORS, indicator_path, **codes, plan_ids=set(plan["atgard_id"])
        )
    if indicators is None:
        tables["plan_indicators"] = strategy.empty_plan_indicators()
        reports.append(_absent(strategy.FILES[strategy.PLAN_INDICATORS][0], _STRATEGY_ABSENT[strategy.PLAN_INDICATORS]))
    else:
        tables["plan_indicators"] = indicators[0]
        reports.append(indicators[1])
    for kind in (strategy.PLACEMENTS, strategy.ACTIVITIES):
        path = _first_existing(folder, strategy.FILES[kind])
        if path is None:
            tables[STRATEGY_ATTRIBUTES[kind]] = strategy.empty(kind)
            reports.append(_absent(strategy.FILES[kind][0], _STRATEGY_ABSENT[kind]))
            continue
        plan_ids = set(plan["atgard_id"]) if kind == strategy.ACTIVITIES else None
        frame, report = strategy.load_table(kind, path, **codes, plan_ids=plan_ids)
        tables[STRATEGY_ATTRIBUTES[kind]] = frame
        reports.append(report)
    return tables


def load_plan_ids(folder: str | Path) -> set[str] | None:
    """The accepted measure ids of the action plan in ``folder`` (``handlingsplan.csv|xlsx``), ``None``
    when the folder has no plan or it cannot be read; for checking a linked-indicator file on its own."""
    folder = Path(folder)
    path = _first_existing(folder, strategy.FILES[strategy.PLAN])
    if path is None:
        return None
    try:
        district_codes, programme_codes = load_codes(folder)
        plan, _ = strategy.load_table(
            strategy.PLAN, path, district_codes=district_codes, programme_codes=programme_codes
        )
    except DataError:
        return None
    return set(plan["atgard_id"])


def _is_report_of(kind: str, file: str) -> bool:
    """Whether the report named ``file`` came from the shipped file of the strategy table ``kind``."""
    name = file.lower()
    indicator_sheet = (
        name.startswith("handlingsplan.xls") and f"(blad {strategy.SHEETS[strategy.PLAN_INDICATORS].lower()})" in name
    )
    if kind == strategy.PLAN_INDICATORS:
        return name.startswith(strategy.PLAN_INDICATORS) or indicator_sheet
    if kind == strategy.PLAN:
        return name.startswith(f"{strategy.PLAN}.") and not indicator_sheet
    return name.startswith(kind)


#: Every kind of table the local store keeps versions of, each able to replace the shipped one, in the order a
#: cache key names them (``ui.cache.source_key``). "geometri" is ``geodata.GEOMETRY_KIND`` (not imported here:
#: geodata brings geopandas, which the CLI's light commands do without).
IMPORTED_KINDS: tuple[str, ...] = ("deltagare", "statistik", "geometri", *strategy.TABLE_KINDS)


def active_versions(store, kommun_kod: str) -> dict[str, str | None]:
    """The id of the active version of every kind in ``IMPORTED_KINDS`` for ``kommun_kod`` (``None``: nothing
    imported, the shipped table is used). What ``with_imports`` loads when it is given no versions."""
    found = {kind: store.active(kommun_kod, kind) for kind in IMPORTED_KINDS}
    return {kind: (version.id if version is not None else None) for kind, version in found.items()}


def with_imports(data: Dataset, store, versions: Mapping[str, str | None] | None = None) -> Dataset:
    """The data set with tables the user imported into ``store`` (``analysis.keeping.store.Store``) for its
    municipality put in place of the shipped ones.

    ``versions`` names exactly which: kind (one of ``IMPORTED_KINDS``) → version id, ``None`` or an absent
    kind meaning the shipped table. Without ``versions``, the *active* version of every kind
    (``active_versions``). Named versions are loaded whether or not they are active now, so a dashboard
    session can go on showing the data it started with after someone imports or switches (``ui.context``
    pins them); a version that is not in the store raises ``StoreError`` (a DataError, in Swedish).

    Imported participants were validated against this data set's district and programme codes when they
    were accepted, and imported statistics were merged into its own table and checked with its loader,
    so both are used as stored; so are the integration strategy's tables (kinds ``handlingsplan``,
    ``handlingsplan_indikatorer``, ``placeringar``, ``aktiviteter``, accepted by
    ``intake.accept_table`` after validation against this data set's codes), given back in the dtypes
    ``load_dataset`` gives them (``strategy.from_store``); a linked indicator is not checked again
    against an imported plan. A report line names the version, so the Data page says
    where every table came from. SCB's boundaries kept by ``geodata.accept_boundaries`` replace the shipped
    (schematic) geometry, and ``meta["geometri_schematisk"]`` becomes False. The shipped files are left
    untouched on disk. With nothing imported, ``data`` itself is returned.
    """
    # Imported here: geodata brings geopandas, which the CLI's light commands do without.
    from analysis.files_in import geodata

    if versions is None:
        versions = active_versions(store, data.kommun_kod)
    unknown = set(versions) - set(IMPORTED_KINDS)
    if unknown:
        raise ValueError(f"unknown table kinds {sorted(unknown)}; one of {', '.join(IMPORTED_KINDS)}")

    def named(kind: str):
        version_id = versions.get(kind)
        return None if version_id is None else store.version(data.kommun_kod, kind, version_id)

    participants_version = named("deltagare")
    statistics_version = named("statistik")
    geometry_version = named(geodata.GEOMETRY_KIND)
    strategy_versions = {kind: named(kind) for kind in strategy.TABLE_KINDS}
    if (
        participants_version is None
        and statistics_version is None
        and geometry_version is None
        and all(v is None for v in strategy_versions.values())
    ):
        return data
    changes: dict[str, Any] = {"imported": dict(data.imported), "reports": list(data.reports)}
    if geometry_version is not None:
        # SCB's real boundaries (``geodata.accept_boundaries`` kept only a complete match): the map is no
        # longer schematic, so its caption must not say so.
        changes["geometry"] = geodata.boundaries_from_table(
            store.load(data.kommun_kod, geodata.GEOMETRY_KIND, geometry_version.id)
        )
        changes["meta"] = {**data.meta, "geometri_schematisk": False}
        changes["imported"][geodata.GEOMETRY_KIND] = geometry_version
    for kind, version, shipped_prefix, attribute in (
        ("deltagare", participants_version, "deltagare", "participants"),
        ("statistik", statistics_version, STATISTICS_FILE, "statistics"),
        *((k, v, None, STRATEGY_ATTRIBUTES[k]) for k, v in strategy_versions.items()),
    ):
        if version is None:
            continue
        table = store.load(data.kommun_kod, kind, version.id)
        if shipped_prefix is None:
            # Strategy tables: kept with their lists joined (Parquet), given back in load_dataset's dtypes.
            table = strategy.from_store(kind, table)
            shipped = lambda r, k=kind: _is_report_of(k, r.file)  # noqa: E731
        else:
            shipped = lambda r, p=shipped_prefix: r.file.startswith(p)  # noqa: E731
        when = version.created[:16].replace("T", " ")
        changes[attribute] = table
        changes["imported"][kind] = version
        changes["reports"] = [r for r in changes["reports"] if not shipped(r)]
        changes["reports"].append(
            ValidationReport(f"{kind}: import av {version.file_name} ({when} UTC)", len(table), len(table), 0, [])
        )
    return dataclasses.replace(data, **changes)


def discover_datasets(root: str | Path = DEFAULT_ROOT) -> list[DatasetInfo]:
    """The data sets under ``root``: every direct subfolder holding a ``meta.json``, sorted by name.

    Only ``meta.json`` is read. A folder whose ``meta.json`` is invalid is left out and logged (one broken
    folder must not hide the others); ``load_dataset`` on it gives the reason. A missing root gives [].
    """
    root = Path(root)
    if not root.is_dir():
        return []
    found: list[DatasetInfo] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / META_FILE).is_file()):
        try:
            meta = read_meta(folder)
        except DataError as exc:
            log.warning("Hoppar över %s: %s", folder, exc)
            continue
        found.append(DatasetInfo(meta["kommun_kod"], meta["kommun_namn"], folder, bool(meta["fiktiv"])))
    return sorted(found, key=lambda info: (info.kommun_namn.casefold(), str(info.path)))
