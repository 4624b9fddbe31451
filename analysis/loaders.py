"""Readers for the project's files (docs/dataformat.md): participants, statistics, districts, programmes,
goals and district geometry.

Everything is read as text first (so ``0360`` stays ``0360`` and a code is never turned into a number),
stripped, validated, and only then converted. Row numbers in messages are the rows Excel shows: the header
is row 1, the first data row row 2.

The participant loader rejects bad rows and keeps the rest, reporting each rejection; the other loaders
validate the whole file and raise :class:`DataError` when anything is wrong, since a half-read statistics
table would silently change every figure built on it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import schemas, vocab
from analysis.validation import (
    ERROR,
    WARNING,
    DataError,
    Issue,
    ValidationReport,
    echo,
    error_from_issues,
    file_error,
    personnummer_mask,
)

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
GEOMETRY_SUFFIXES = (".geojson", ".json", ".gpkg")
TARGET_CRS = "EPSG:3006"

#: String columns of the participant frame (everything but dates, birth year and ``rad``).
PARTICIPANT_STRING_COLUMNS: tuple[str, ...] = tuple(
    c for c in vocab.PARTICIPANT_COLUMNS if c not in ("startdatum", "slutdatum", "fodelsear")
)
# Vocabulary columns are compared case-insensitively: "Kvinna" typed in Excel means "kvinna".
_LOWERCASE_COLUMNS = ("utfall", "kon", "forlangning", "utfall_6m", "utfall_12m")

_PNR_MESSAGE = (
    "kolumnen innehåller något som ser ut som ett personnummer eller samordningsnummer; raden avvisas. "
    "Använd ett pseudonymt id (t.ex. ett löpnummer) – personnummer får inte lämnas in"
)


# ----------------------------------------------------------------------------- reading raw cells


def _cell_text(value: object) -> str:
    """One spreadsheet cell as text: Excel dates become ``YYYY-MM-DD``, whole floats lose ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        # Excel stores every number as a float; 1985.0 is the year 1985.
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _decode(path: Path, issues: list[Issue]) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise file_error(path.name, "okänd teckenkodning; spara filen som UTF-8 (CSV UTF-8)") from exc
    # Swedish Excel's plain "CSV" is Windows-1252; read it, but say so, since å/ä/ö may need checking.
    issues.append(Issue(None, None, "filen är inte UTF-8; den lästes som Windows-1252 (ANSI)", WARNING))
    return text


def _read_raw(path: Path, issues: list[Issue]) -> pd.DataFrame:
    """All cells of a CSV or the first sheet of an XLSX as text, without interpreting any row as header.

    Raises DataError for a missing, empty or unreadable file.
    """
    if not path.exists():
        raise file_error(path.name, f"filen finns inte ({path})")
    if path.is_dir():
        raise file_error(path.name, "är en mapp, inte en fil")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise file_error(path.name, "det gamla Excel-formatet .xls stöds inte; spara som .xlsx eller CSV")
    if suffix in EXCEL_SUFFIXES:
        try:
            raw = pd.read_excel(path, sheet_name=0, header=None, dtype=object, keep_default_na=False, na_filter=False)
        except Exception as exc:  # openpyxl raises many kinds; none should reach the user as a traceback
            raise file_error(path.name, "Excel-filen kunde inte läsas; är den en giltig .xlsx-fil?") from exc
        return raw.map(_cell_text)
    text = _decode(path, issues)
    first_line = text.split("\n", 1)[0]
    # Swedish Excel writes semicolons; the project's own format uses commas. The header decides.
    sep = max((",", ";", "\t"), key=first_line.count)
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,  # blank lines still occupy a row number in Excel
        )
    except pd.errors.EmptyDataError as exc:
        raise file_error(path.name, "filen är tom") from exc
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f" på rad {line.group(1)}" if line else ""
        raise file_error(
            path.name,
            f"filen kunde inte tolkas som CSV{where}: fler fält än rubrikraden har. "
            "Kontrollera avgränsare och citattecken",
        ) from exc
    return raw.fillna("").astype(str)


def _split_header(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Use the first non-empty row as header; index the data rows by their Excel row number.

    Header names are stripped and lower-cased. Raises DataError for a file without header or with a
    column name used twice (which column would count?).
    """
    filled = raw.apply(lambda col: col.str.strip() != "").any(axis=1)
    if not filled.any():
        raise file_error(file, "filen är tom")
    header_pos = int(filled.to_numpy().nonzero()[0][0])
    names = [str(v).strip().lower() for v in raw.iloc[header_pos]]
    names = [n if n else f"(namnlös kolumn {i + 1})" for i, n in enumerate(names)]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            shown = echo(name) or "(dold)"
            raise file_error(file, f"kolumnen {shown} förekommer mer än en gång i rubrikraden", len(raw) - 1)
        seen.add(name)
    data = raw.iloc[header_pos + 1 :].copy()
    data.columns = names
    # Position 0 is Excel row 1; header at position p means data rows start at Excel row p + 2.
    data.index = pd.RangeIndex(header_pos + 2, header_pos + 2 + len(data), name="rad")
    # Columns with an empty header and no content are Excel's trailing formatting, not data.
    empty_cols = [n for n in names if n.startswith("(namnlös") and not (data[n].str.strip() != "").any()]
    data = data.drop(columns=empty_cols)
    return data.apply(lambda col: col.str.strip())


def _read_table(path: Path, issues: list[Issue]) -> pd.DataFrame:
    return _split_header(_read_raw(path, issues), path.name)


def _require_columns(frame: pd.DataFrame, required: Iterable[str], file: str, template: Iterable[str]) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise file_error(file, _missing_message(missing, template), len(frame))


def _missing_message(missing: list[str], template: Iterable[str]) -> str:
    noun = "kolumn saknas" if len(missing) == 1 else "kolumner saknas"
    return (
        f"{noun}: {', '.join(missing)}. Rubrikraden måste följa mallen med kolumnerna "
        f"{', '.join(template)} (se docs/dataformat.md)"
    )


def _extra_columns_issue(extra: list[str]) -> Issue:
    shown = [echo(c) or "(dold)" for c in extra]
    return Issue(
        None,
        None,
        f"kolumner som inte ingår i mallen ignoreras och sparas inte: {', '.join(shown)}",
        WARNING,
    )


def _empty_rows(frame: pd.DataFrame) -> pd.Series:
    return ~(frame != "").any(axis=1)


# ----------------------------------------------------------------------------- participants


def empty_participants() -> pd.DataFrame:
    """A participant frame with no rows but every column and dtype that load_participants returns."""
    frame = pd.DataFrame({c: pd.Series([], dtype="string") for c in PARTICIPANT_STRING_COLUMNS})
    frame["startdatum"] = pd.Series([], dtype="datetime64[ns]")
    frame["slutdatum"] = pd.Series([], dtype="datetime64[ns]")
    frame["fodelsear"] = pd.Series([], dtype="Int64")
    frame["rad"] = pd.Series([], dtype="int64")
    return frame[[*vocab.PARTICIPANT_COLUMNS, "rad"]]


def _to_dates(values: pd.Series) -> pd.Series:
    parsed = values.map(lambda v: _safe_date(v))
    return pd.to_datetime(parsed, errors="coerce").astype("datetime64[ns]")


def _safe_date(value: str) -> dt.date | None:
    try:
        return schemas.parse_date(value)
    except ValueError:
        return None


def load_participants(
    path: str | Path,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    *,
    today: dt.date | None = None,
) -> tuple[pd.DataFrame, ValidationReport]:
    """Read a participant file (CSV or the first sheet of an XLSX) following the participant template.

    Raises DataError when the file is unusable: missing, unreadable, empty, or lacking a required column
    (the message names the missing columns and the template). Otherwise every row is either accepted or
    rejected, and the report lists why (``rows_read == rows_accepted + rows_rejected``).

    A row is **rejected** (``fel``) when a required value is empty, a date is not ``YYYY-MM-DD``, a code is
    outside the vocabulary, the birth year is outside 1930–this year, ``slutdatum`` is before
    ``startdatum`` or missing for a finished enrolment, ``stadsdel_kod`` is not among ``district_codes``
    (when given), or **any** cell holds a valid personnummer/samordningsnummer (the value is never shown).
    A row is **kept with a warning** when ``insats`` is not among ``programme_codes`` (when given), when
    the same (deltagare_id, insats, startdatum) occurs twice, or when ``slutdatum`` is filled in for an
    ongoing enrolment (it is then dropped, since the template says it is empty while ``pagaende``).
    Wholly empty rows are skipped with a warning and counted as rejected. Columns outside the template
    (names, addresses…) are dropped with a warning, so they never leave this function.

    Returns the accepted rows (columns of ``vocab.PARTICIPANT_COLUMNS`` plus ``rad``, the Excel row) with
    string codes, ``datetime64`` dates (NaT when empty), ``Int64`` birth year; optional columns absent
    from the file are all NA.
    """
    path = Path(path)
    file = path.name
    today = today or dt.date.today()
    issues: list[Issue] = []
    frame = _read_table(path, issues)
    _require_columns(frame, vocab.PARTICIPANT_REQUIRED, file, vocab.PARTICIPANT_COLUMNS)

    if frame.empty:
        issues.append(Issue(None, None, "filen innehåller bara rubrikraden, inga deltagare", WARNING))
    extra = [c for c in frame.columns if c not in vocab.PARTICIPANT_COLUMNS]
    if extra:
        issues.append(_extra_columns_issue(extra))
    for column in vocab.PARTICIPANT_OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    for column in _LOWERCASE_COLUMNS:
        frame[column] = frame[column].str.lower()

    rejected = pd.Series(False, index=frame.index)
    empty = _empty_rows(frame)
    for row in frame.index[empty]:
        issues.append(Issue(int(row), None, "tom rad; hoppas över", WARNING))
    rejected |= empty

    # Privacy first and over every column, the unknown ones included: a personnummer anywhere rejects the
    # row, and the cell is remembered so no later message about it can echo the value.
    pnr_cells: set[tuple[int, str]] = set()
    for column in frame.columns:
        mask = personnummer_mask(frame[column]) & ~empty
        for row in frame.index[mask]:
            pnr_cells.add((int(row), column))
            issues.append(Issue(int(row), column, _PNR_MESSAGE, ERROR))
        rejected |= mask

    checked = frame.loc[~empty, list(vocab.PARTICIPANT_COLUMNS)]
    for issue in schemas.run_schema(schemas.participant_schema(today.year), checked):
        if (issue.row, issue.column) in pnr_cells:
            continue
        issues.append(issue)
        if issue.row is not None:
            rejected.loc[issue.row] = True

    start = _to_dates(frame["startdatum"])
    end = _to_dates(frame["slutdatum"])
    utfall = frame["utfall"]
    finished = utfall.isin(vocab.OUTCOMES) & (utfall != vocab.ONGOING)
    ongoing = utfall == vocab.ONGOING

    # Cross-column and run-time rules are plain pandas: pandera checks one column, or one whole frame
    # without row-by-row Swedish wording, and these messages must name the row and the other field.
    def flag(mask: pd.Series, column: str, message, severity=ERROR) -> None:
        mask = mask & ~empty
        for row in frame.index[mask]:
            text = message(row) if callable(message) else message
            issues.append(Issue(int(row), column, text, severity))
        if severity == ERROR:
            rejected.loc[mask] = True

    flag(start.notna() & end.notna() & (end < start), "slutdatum", "slutdatum ligger före startdatum")
    flag(
        finished & (frame["slutdatum"] == ""),
        "slutdatum",
        lambda row: (
            f"slutdatum saknas; ett avslutat deltagande (utfall {echo(utfall[row], 'utfall')}) måste ha ett slutdatum"
        ),
    )
    with_end_while_ongoing = ongoing & end.notna()
    flag(
        with_end_while_ongoing,
        "slutdatum",
        "slutdatum är ifyllt men utfall är pagaende; slutdatum ignoreras tills ett utfall anges",
        WARNING,
    )
    end = end.mask(with_end_while_ongoing)

    if district_codes is not None:
        known = set(district_codes)
        flag(
            (frame["stadsdel_kod"] != "") & ~frame["stadsdel_kod"].isin(known),
            "stadsdel_kod",
            lambda row: _unknown_code("stadsdelskod", frame.at[row, "stadsdel_kod"], "stadsdelar.csv"),
        )
    if programme_codes is not None:
        known = set(programme_codes)
        # Only rows that survive get the warning: a rejected row already has its errors to fix first.
        flag(
            (frame["insats"] != "") & ~frame["insats"].isin(known) & ~rejected,
            "insats",
            lambda row: (
                _unknown_code("insatskod", frame.at[row, "insats"], "insatser.csv")
                + "; raden behålls men räknas under en okänd insats"
            ),
            WARNING,
        )

    # A repeated enrolment is usually a copy-paste slip but can be real (two enrolments the same day),
    # so it is a warning on the later rows, naming the first; only rows otherwise valid are compared.
    keys = ["deltagare_id", "insats", "startdatum"]
    candidates = frame.loc[~rejected, keys]
    duplicated = candidates.duplicated(keep="first")
    if duplicated.any():
        first_row = candidates.reset_index().groupby(keys, sort=False)["rad"].transform("first")
        first_row.index = candidates.index
        flag(
            duplicated.reindex(frame.index, fill_value=False),
            "deltagare_id",
            lambda row: (
                f"samma deltagare_id, insats och startdatum som rad {int(first_row[row])}; "
                "dubblettregistrering? Raden behålls"
            ),
            WARNING,
        )

    issues.sort(key=lambda i: (i.row or 0, _column_order(i.column)))
    accepted = ~rejected
    result = pd.DataFrame(index=frame.index[accepted])
    for column in PARTICIPANT_STRING_COLUMNS:
        values = frame.loc[accepted, column].astype("string")
        result[column] = values.mask(values == "")
    result["startdatum"] = start[accepted]
    result["slutdatum"] = end[accepted]
    result["fodelsear"] = pd.to_numeric(frame.loc[accepted, "fodelsear"]).astype("Int64")
    result["rad"] = result.index.to_numpy(dtype="int64")
    result = result[[*vocab.PARTICIPANT_COLUMNS, "rad"]].reset_index(drop=True)
    report = ValidationReport(file, len(frame), int(accepted.sum()), int(rejected.sum()), issues)
    return result, report


def _column_order(column: str | None) -> int:
    columns = vocab.PARTICIPANT_COLUMNS
    return columns.index(column) if column in columns else len(columns)


def _unknown_code(noun: str, value: object, where: str) -> str:
    shown = echo(value, "stadsdel_kod")
    return f"okänd {noun}{' ' + shown if shown else ''}; koden finns inte i {where}"


# ----------------------------------------------------------------------------- whole-file tables


def _validate_table(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], text_schema
) -> tuple[pd.DataFrame, int, int, list[Issue]]:
    """Read, check columns and text rules of a whole-file table.

    Returns the non-empty rows (text, Excel-row index), rows read, empty rows skipped and the issues found
    so far; the caller adds its typed checks and raises once, so the user sees every problem in one go.
    """
    found: list[Issue] = []
    frame = _read_table(path, found)
    _require_columns(frame, required, path.name, required + optional)
    extra = [c for c in frame.columns if c not in required + optional]
    if extra:
        found.append(_extra_columns_issue(extra))
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    empty = _empty_rows(frame)
    for row in frame.index[empty]:
        found.append(Issue(int(row), None, "tom rad; hoppas över", WARNING))
    rows = frame.loc[~empty, list(required + optional)]
    # A personnummer has no place in these files either; refuse rather than echo or store it.
    for column in rows.columns:
        for row in rows.index[personnummer_mask(rows[column])]:
            found.append(Issue(int(row), column, _PNR_MESSAGE.replace("; raden avvisas", "")))
    found.extend(schemas.run_schema(text_schema, rows))
    return rows, len(frame), int(empty.sum()), found


def _finish(path: Path, found: list[Issue], rows_read: int, issues: list[Issue]) -> None:
    """Raise DataError when any error was found; otherwise hand the warnings to the caller's list."""
    found.sort(key=lambda i: (i.row or 0, i.column or ""))
    if any(i.severity == ERROR for i in found):
        raise error_from_issues(path.name, found, rows_read)
    issues.extend(found)


def _ints(values: pd.Series) -> pd.Series:
    # Text that failed the text schema becomes NA here; the error is already recorded.
    return pd.Series([int(v) if v.isdigit() else pd.NA for v in values], index=values.index, dtype="Int64")


def _floats(values: pd.Series) -> pd.Series:
    def number(v: str) -> float:
        try:
            return float(v.replace(",", "."))
        except ValueError:
            return float("nan")

    return pd.Series([number(v) for v in values], index=values.index, dtype="float64")


def _load_statistics(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    rows, read, skipped, found = _validate_table(
        path, schemas.STATISTICS_REQUIRED, schemas.STATISTICS_OPTIONAL, schemas.statistics_text_schema()
    )
    frame = pd.DataFrame(index=rows.index)
    frame["stadsdel_kod"] = rows["stadsdel_kod"].astype("string")
    years = _ints(rows["ar"])
    frame["ar"] = years.fillna(-1).astype("int64")
    for column in vocab.STATISTICS_COUNT_COLUMNS:
        frame[column] = _ints(rows[column])
    frame["medianinkomst_tkr"] = _floats(rows["medianinkomst_tkr"])
    frame["omradestyp_scb"] = _ints(rows["omradestyp_scb"])
    frame = frame[list(vocab.STATISTICS_COLUMNS)]
    typed = schemas.run_schema(schemas.statistics_schema(), frame)
    # A row whose year did not parse is already reported; its placeholder year must not make duplicates.
    bad_year = set(frame.index[years.isna()])
    typed = [i for i in typed if not (i.row in bad_year and i.column == "stadsdel_kod, ar")]
    _finish(path, found + typed, read, issues)
    return frame.reset_index(drop=True), read, skipped


def load_statistics(path: str | Path, issues: list[Issue] | None = None) -> pd.DataFrame:
    """Read ``statistik.csv``: one row per (stadsdel_kod, ar) with person counts.

    Accepted: the columns of ``vocab.STATISTICS_COLUMNS`` (``medianinkomst_tkr``, ``lagenheter`` and
    ``omradestyp_scb`` may be absent and are then NA); counts are integers ≥ 0 or empty (a suppressed cell
    becomes NA); ``medianinkomst_tkr`` a decimal; ``omradestyp_scb`` 1–5 or empty.
    Rejected (DataError listing up to 20 issues by row and column): an empty ``stadsdel_kod``/``ar``, a
    count that is not a non-negative integer, a count larger than its denominator
    (``vocab.INDICATOR_DENOMINATORS``), the same district and year twice. Warnings (extra columns, empty
    rows) are appended to ``issues`` when given.

    Returns ``stadsdel_kod`` as string, ``ar`` int64, counts and ``omradestyp_scb`` Int64,
    ``medianinkomst_tkr`` float64.
    """
    return _load_statistics(Path(path), issues if issues is not None else [])[0]


def _load_districts(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    rows, read, skipped, found = _validate_table(
        path, ("stadsdel_kod", "stadsdel_namn"), (), schemas.districts_schema()
    )
    _finish(path, found, read, issues)
    return rows.astype("string").reset_index(drop=True), read, skipped


def load_districts(path: str | Path, issues: list[Issue] | None = None) -> pd.DataFrame:
    """Read ``stadsdelar.csv``: ``stadsdel_kod``, ``stadsdel_namn`` (both string).

    Rejected (DataError): a missing column, an empty code or name, a code listed twice.
    """
    return _load_districts(Path(path), issues if issues is not None else [])[0]


def _load_programmes(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    rows, read, skipped, found = _validate_table(
        path, ("insats", "namn"), ("beskrivning",), schemas.programmes_schema()
    )
    _finish(path, found, read, issues)
    return rows.astype("string").reset_index(drop=True), read, skipped


def load_programmes(path: str | Path, issues: list[Issue] | None = None) -> pd.DataFrame:
    """Read ``insatser.csv``: ``insats`` (code), ``namn`` (display name), ``beskrivning`` (may be empty or
    absent). Rejected (DataError): a missing column, an empty code or name, a code listed twice."""
    return _load_programmes(Path(path), issues if issues is not None else [])[0]


def _load_goals(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, int, int]:
    rows, read, skipped, found = _validate_table(
        path, ("insats", "ar", "matt", "malvarde"), (), schemas.goals_text_schema()
    )
    _finish(path, found, read, issues)
    frame = pd.DataFrame(
        {
            "insats": rows["insats"].astype("string"),
            "ar": rows["ar"].astype("int64"),
            "matt": rows["matt"].astype("string"),
            "malvarde": rows["malvarde"].astype("int64"),
        }
    )
    return frame.reset_index(drop=True), read, skipped


def empty_goals() -> pd.DataFrame:
    """A goals frame with no rows but the columns and dtypes load_goals returns."""
    return pd.DataFrame(
        {
            "insats": pd.Series([], dtype="string"),
            "ar": pd.Series([], dtype="int64"),
            "matt": pd.Series([], dtype="string"),
            "malvarde": pd.Series([], dtype="int64"),
        }
    )


def load_goals(path: str | Path, issues: list[Issue] | None = None) -> pd.DataFrame:
    """Read ``mal.csv``: ``insats``, ``ar`` (int), ``matt`` (one of ``vocab.GOAL_MEASURES``), ``malvarde``
    (int ≥ 0). Rejected (DataError): missing values, an unknown measure, a non-integer year or target, the
    same (insats, ar, matt) twice. Programme codes are checked against ``insatser.csv`` by load_dataset."""
    return _load_goals(Path(path), issues if issues is not None else [])[0]


# ----------------------------------------------------------------------------- geometry


def _code_text(value: object) -> str:
    # Some GIS tools write codes as numbers; 1283.0 must become "1283", not "1283.0".
    return _cell_text(value).strip()


def load_geometry(path: str | Path, issues: list[Issue] | None = None):
    """Read district polygons (GeoJSON or GeoPackage) and return them in EPSG:3006 (SWEREF 99 TM).

    Accepted: any CRS that the file declares (reprojected); a ``stadsdel_kod`` property (numbers are
    turned into text); invalid polygons, which are repaired with ``make_valid`` and reported as a warning;
    several features with the same code, which are merged with a warning.
    Rejected (DataError): an unreadable file, no CRS (GeoPackage without one, or a GeoJSON without a
    ``crs`` member whose coordinates are not longitude/latitude), no ``stadsdel_kod`` property, an empty
    code, an empty or non-polygon geometry.

    Returns columns ``stadsdel_kod`` (string), ``stadsdel_namn`` (when present) and ``geometry``.
    """
    import geopandas as gpd
    import shapely

    path = Path(path)
    file = path.name
    issues = issues if issues is not None else []
    if not path.exists():
        raise file_error(file, f"filen finns inte ({path})")
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio/GDAL errors vary by driver; all mean "cannot read"
        raise file_error(file, "geometrifilen kunde inte läsas (GeoJSON eller GeoPackage väntas)") from exc
    count = len(gdf)
    if gdf.crs is None:
        raise _geometry_error(file, count, "filen saknar koordinatsystem (CRS); ange t.ex. EPSG:3006 (SWEREF 99 TM)")
    if "stadsdel_kod" not in gdf.columns:
        raise _geometry_error(file, count, "egenskapen stadsdel_kod saknas")

    found: list[Issue] = []
    if gdf.crs.is_geographic and count:
        minx, miny, maxx, maxy = gdf.total_bounds
        # GeoJSON without a crs member is read as WGS 84; SWEREF coordinates (hundreds of thousands of
        # metres) then mean the file really lacks its CRS, and reprojecting would put it off the globe.
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise _geometry_error(
                file,
                count,
                "koordinaterna är inte longitud/latitud men filen anger inget annat koordinatsystem (CRS); "
                "ange filens CRS, t.ex. EPSG:3006 (SWEREF 99 TM)",
            )

    codes = gdf["stadsdel_kod"].map(_code_text)
    for pos in range(count):
        number = pos + 1
        code = codes.iloc[pos]
        geom = gdf.geometry.iloc[pos]
        label = f"objekt {number}" + (f" ({echo(code, 'stadsdel_kod')})" if code else "")
        if not code:
            found.append(Issue(None, "stadsdel_kod", f"objekt {number}: stadsdel_kod saknas"))
        if geom is None or geom.is_empty:
            found.append(Issue(None, "geometry", f"{label}: geometrin saknas eller är tom"))
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            found.append(Issue(None, "geometry", f"{label}: geometrin är {geom.geom_type}, inte en polygon"))
    if found:
        raise error_from_issues(file, [*issues, *found], count)

    gdf = gdf.assign(stadsdel_kod=codes.astype("string"))
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        repaired = shapely.make_valid(gdf.geometry[invalid].to_numpy(), method="structure", keep_collapsed=False)
        gdf.loc[invalid, "geometry"] = repaired
        for code in gdf.loc[invalid, "stadsdel_kod"]:
            shown = echo(code, "stadsdel_kod") or "?"
            message = f"{shown}: ogiltig polygon reparerades (make_valid); kontrollera gränsen"
            issues.append(Issue(None, "geometry", message, WARNING))
    if gdf.crs.to_epsg() != 3006:
        gdf = gdf.to_crs(TARGET_CRS)
    keep = ["stadsdel_kod", *(["stadsdel_namn"] if "stadsdel_namn" in gdf.columns else []), "geometry"]
    gdf = gdf[keep]
    if gdf["stadsdel_kod"].duplicated().any():
        dupes = sorted(set(gdf.loc[gdf["stadsdel_kod"].duplicated(), "stadsdel_kod"]))
        shown = ", ".join(echo(c, "stadsdel_kod") or "?" for c in dupes)
        issues.append(Issue(None, "stadsdel_kod", f"flera objekt med samma kod slogs ihop: {shown}", WARNING))
        gdf = gdf.dissolve(by="stadsdel_kod", as_index=False, aggfunc="first")[keep]
    if "stadsdel_namn" in gdf.columns:
        gdf["stadsdel_namn"] = gdf["stadsdel_namn"].map(_cell_text).astype("string")
    return gdf.reset_index(drop=True)


def _geometry_error(file: str, count: int, message: str) -> DataError:
    return error_from_issues(file, [Issue(None, None, message)], count)


# ----------------------------------------------------------------------------- one file, any kind


def validate_file(
    path: str | Path,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
) -> ValidationReport:
    """Validate any file of a data set and return its report; never raises DataError.

    The file name decides the rules: ``statistik*``, ``stadsdelar*.csv``, ``insatser*``, ``mal*``,
    ``*.geojson``/``*.gpkg``; anything else is read as a participant file. An unusable file gives a report
    with every row rejected and the reason as a file-level error.
    """
    path = Path(path)
    name = path.name.lower()
    issues: list[Issue] = []
    table_loaders = {
        "statistik": _load_statistics,
        "stadsdelar": _load_districts,
        "insatser": _load_programmes,
        "mal": _load_goals,
    }
    try:
        if path.suffix.lower() in GEOMETRY_SUFFIXES and not name.startswith("meta"):
            gdf = load_geometry(path, issues)
            return ValidationReport(path.name, len(gdf), len(gdf), 0, issues)
        for prefix, loader in table_loaders.items():
            if name.startswith(prefix) and path.suffix.lower() == ".csv":
                _, read, skipped = loader(path, issues)
                return ValidationReport(path.name, read, read - skipped, skipped, issues)
        return load_participants(path, district_codes, programme_codes)[1]
    except DataError as exc:
        if exc.report is not None:
            return exc.report
        return ValidationReport(path.name, 0, 0, 0, [Issue(None, None, _strip_file(exc.message, path.name))])


def _strip_file(message: str, file: str) -> str:
    prefix = f"{file}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
