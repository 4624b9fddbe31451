"""Readers for the project's files (docs/dataformat.md): participants, statistics, districts, programmes,
goals and district geometry.

Everything is read as text first (so ``0360`` stays ``0360`` and a code is never turned into a number),
stripped, validated, and only then converted. Reading itself (encodings, separators, sheets, the header
row below title rows, column synonyms) is :mod:`analysis.files_in.reading`. Row numbers in messages are the rows
Excel shows: with the header in row 1, the first data row is row 2.

The participant loader rejects bad rows and keeps the rest, reporting each rejection; the other loaders
validate the whole file and raise :class:`DataError` when anything is wrong, since a half-read statistics
table would silently change every figure built on it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from analysis import vocab
from analysis.files_in import reading, schemas
from analysis.files_in.reading import PERSONNUMMER, RawTable
from analysis.files_in.reading import cell_text as _cell_text
from analysis.files_in.validation import (
    ERROR,
    WARNING,
    DataError,
    Issue,
    ValidationReport,
    echo,
    error_from_issues,
    file_error,
    looks_like_personnummer,
    personnummer_mask,
)

EXCEL_SUFFIXES = reading.EXCEL_SUFFIXES
GEOMETRY_SUFFIXES = (".geojson", ".json", ".gpkg")
TARGET_CRS = "EPSG:3006"

#: String columns of the participant frame (everything but dates, birth year and ``rad``).
PARTICIPANT_STRING_COLUMNS: tuple[str, ...] = tuple(
    c for c in vocab.PARTICIPANT_COLUMNS if c not in ("startdatum", "slutdatum", "fodelsear")
)
_DATE_COLUMNS = ("startdatum", "slutdatum")
#: Most translated values listed per column in the "read as" warning.
_MAX_LISTED_TRANSLATIONS = 8

_PNR_MESSAGE = (
    "kolumnen innehåller något som ser ut som ett personnummer eller samordningsnummer; raden avvisas. "
    "Använd ett pseudonymt id (t.ex. ett löpnummer) – personnummer får inte lämnas in"
)


# ----------------------------------------------------------------------------- reading whole-file tables


def _read_table(path: Path, issues: list[Issue], known_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A whole-file table (statistics, districts, programmes, goals) as text indexed by Excel row.

    Header names are normalised (``"Folkmängd "`` → ``folkmangd``); the reader's warnings (Windows-1252,
    title rows skipped) go to ``issues``. Raises DataError for an unreadable file, no header row, or a
    column name used twice.
    """
    table = reading.read_table(path, known_columns=known_columns)
    issues.extend(Issue(None, None, warning, WARNING) for warning in table.warnings)
    frame = table.frame
    names = [c if c.startswith("(namnlös") else reading.normalise_header(c) or c for c in frame.columns]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            shown = echo(name) or "(dold)"
            raise file_error(path.name, f"kolumnen {shown} förekommer mer än en gång i rubrikraden", len(frame))
        seen.add(name)
    frame = frame.copy()
    frame.columns = names
    return frame


def _require_columns(
    frame: pd.DataFrame,
    required: Iterable[str],
    file: str,
    template: Iterable[str],
    hint: str = "",
) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise file_error(file, _missing_message(missing, template) + hint, len(frame))


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


def load_participants(
    path: str | Path,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    *,
    today: dt.date | None = None,
    sheet: str | int | None = None,
    mapping: Mapping[str, str | None] | None = None,
    day_first: bool = True,
) -> tuple[pd.DataFrame, ValidationReport]:
    """Read, map and validate a participant file: :func:`analysis.files_in.reading.read_table` →
    :func:`analysis.files_in.reading.map_table` (suggested column mapping, overridden by ``mapping``) →
    :func:`validate_participants`.

    ``path`` is a CSV or XLSX file (or the bytes of one); ``sheet`` picks an Excel sheet by name or 0-based
    index (default: the first visible one); ``mapping`` is a saved column mapping (file column → template
    column or ``None``); ``day_first`` decides how ``1/3/2024`` reads. Raises DataError for an unusable file
    (see ``read_table`` and ``validate_participants``); otherwise returns the accepted rows and the report.
    There is no pseudonymisation on this path: a column mapped to ``personnummer`` makes the whole file
    an error (the import on the Data page pseudonymises between mapping and validation).
    """
    table = reading.read_table(path, sheet=sheet, known_columns=tuple(mapping or ()))
    table = reading.map_table(table, mapping)
    return validate_participants(table, district_codes, programme_codes, today=today, day_first=day_first)


def _parse_dates(values: pd.Series, day_first: bool) -> tuple[pd.Series, dict[int, str]]:
    """Parsed dates (datetime64, NaT when empty or unreadable) and the Swedish reason per unreadable row.

    Each distinct text is parsed once: a register repeats the same few hundred dates many times.
    """
    parsed: dict[str, dt.date | None] = {}
    failed: dict[str, str] = {}
    for value in values.unique():
        try:
            parsed[value] = reading.parse_date(value, day_first=day_first)
        except ValueError as exc:
            parsed[value] = None
            failed[value] = str(exc)
    reasons = {int(row): failed[value] for row, value in values.items() if value in failed}
    dates = pd.to_datetime(pd.Series([parsed[v] for v in values], index=values.index, dtype=object), errors="coerce")
    return dates.astype("datetime64[ns]"), reasons


def _normalise_codes(
    frame: pd.DataFrame, district_codes: set[str] | None, programme_codes: set[str] | None
) -> dict[str, Counter]:
    """Turn value variants into vocabulary codes in place; return what was translated per column.

    Outcome, gender and yes/no variants use the synonym tables in :mod:`analysis.files_in.reading`; district and
    programme codes that differ from a known code only in case or spacing (``1283r005``) take the known
    spelling. A change that is only case or spacing is not listed; a real translation ("Avbrutit" →
    avbrott) is, so the user can check it.
    """
    translated: dict[str, Counter] = {}
    for column in reading.VALUE_SYNONYMS:
        originals = frame[column]
        # Per distinct value, not per cell: a column holds a handful of labels over thousands of rows.
        codes = {v: reading.normalise_value(column, v) for v in originals.unique()}
        keys = {v: reading.normalise_header(v) for v in codes}
        values = originals.map(codes)
        changed = (values != originals.str.lower()) & (originals.map(keys) != values)
        if changed.any():
            translated[column] = Counter(zip(originals[changed], values[changed], strict=True))
        frame[column] = values
    for column, known in (("stadsdel_kod", district_codes), ("insats", programme_codes)):
        if not known:
            continue
        by_key = {reading.normalise_header(code): code for code in known}
        values = frame[column]
        unknown = (values != "") & ~values.isin(known)
        fixed = values[unknown].map(lambda v, k=by_key: k.get(reading.normalise_header(v)))
        fixed = fixed.dropna()
        if len(fixed):
            translated[column] = Counter(zip(values[fixed.index], fixed, strict=True))
            frame.loc[fixed.index, column] = fixed
    return translated


def _translation_issue(column: str, counts: Counter) -> Issue:
    parts = []
    for (original, code), n in counts.most_common(_MAX_LISTED_TRANSLATIONS):
        shown = echo(original, "stadsdel_kod" if column == "insats" else column) or "(dolt värde)"
        parts.append(f"{shown} lästes som {code} ({n} {'rad' if n == 1 else 'rader'})")
    more = len(counts) - _MAX_LISTED_TRANSLATIONS
    text = "; ".join(parts) + (f"; och {more} varianter till" if more > 0 else "")
    return Issue(None, column, f"värden tolkades enligt synonymlistan: {text}", WARNING)


def validate_participants(
    table: RawTable,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    *,
    today: dt.date | None = None,
    day_first: bool = True,
) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate an already read (and mapped) participant table; ``table.rows`` give the Excel row numbers.

    A table whose columns were never mapped (``table.mapping is None``) gets the suggested mapping first.

    Raises DataError (the whole file is unusable) when a column is mapped to ``personnummer`` (identity
    numbers must be replaced by pseudonyms at import, before validation; the values are never shown) or
    a required column is missing (the message names the missing columns, the template and the file
    columns that were not recognised). Otherwise every row is either accepted or rejected, and the report
    says why (``rows_read == rows_accepted + rows_rejected``, ``report.rejected_rows`` lists them).

    Before checking, known variants become codes (:data:`analysis.files_in.reading.OUTCOME_SYNONYMS` and friends:
    "Studier/utbildning" → studier, "K" → kvinna, "J" → ja), listed in a warning; dates are parsed with
    :func:`analysis.files_in.reading.parse_date` (``day_first`` decides ``1/3/2024``).

    A row is **rejected** (``fel``) when a required value is empty, a date cannot be read (the reason is
    given), a code is outside the vocabulary, the birth year is outside 1930–this year, ``slutdatum`` is
    before ``startdatum`` or missing for a finished enrolment, ``stadsdel_kod`` is not among
    ``district_codes`` (when given; the row cannot be placed), any cell holds a valid
    personnummer/samordningsnummer (never shown), or the row is wholly empty (counted, with a reason).
    A row is **kept with a warning** (``varning``) when ``startdatum`` lies after ``today``, ``insats`` is
    not among ``programme_codes`` (when given), the same (deltagare_id, insats, startdatum) occurs twice,
    or ``slutdatum`` is filled in for an ongoing enrolment (it is then dropped, since the template says
    it is empty while ``pagaende``). Columns outside the template (names, addresses…) are dropped with a
    warning, so they never leave this function; they are still searched for identity numbers.

    Returns the accepted rows (columns of ``vocab.PARTICIPANT_COLUMNS`` plus ``rad``, the Excel row) with
    string codes, ``datetime64`` dates (NaT when empty), ``Int64`` birth year; optional columns absent
    from the file are all NA.
    """
    file = table.file
    today = today or dt.date.today()
    if table.mapping is None:
        table = reading.map_table(table)
    frame = table.frame.copy()
    frame.index = pd.Index(table.rows, name="rad", dtype="int64")
    frame = frame.astype(str)
    issues: list[Issue] = [Issue(None, None, warning, WARNING) for warning in table.warnings]

    if PERSONNUMMER in frame.columns:
        raise file_error(
            file,
            f"kolumnen {table.column_label(PERSONNUMMER)} innehåller personnummer; de måste ersättas med "
            "pseudonymer vid import (läs in filen via Data-sidan med en pseudonymnyckel), eller tas bort ur filen. "
            "Inga rader lästes in",
            len(frame),
        )
    unrecognised = [c for c in frame.columns if c not in vocab.PARTICIPANT_COLUMNS]
    hint = ""
    if unrecognised:
        shown = ", ".join(table.column_label(c) for c in unrecognised[:10])
        hint = f". Kolumner i filen som inte känns igen: {shown}; koppla dem till mallens kolumner i kolumnkopplingen"
    _require_columns(frame, vocab.PARTICIPANT_REQUIRED, file, vocab.PARTICIPANT_COLUMNS, hint)

    if frame.empty:
        issues.append(Issue(None, None, "filen innehåller bara rubrikraden, inga deltagare", WARNING))
    for original, target in (table.mapping or {}).items():
        # A synonym that is more than a spelling of the template name ("Status" → utfall) is a guess
        # the user should be able to see and correct.
        if target and target in frame.columns and reading.normalise_header(original) != target:
            issues.append(Issue(None, target, f"kolumnen {table.column_label(target)} lästes som {target}", WARNING))
    extra = [c for c in frame.columns if c not in vocab.PARTICIPANT_COLUMNS]
    if extra:
        issues.append(_extra_columns_issue(extra))
    for column in vocab.PARTICIPANT_OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""

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
        filled = frame.loc[~empty, column] != ""
        if mask.any() and int(mask.sum()) == int(filled.sum()):
            issues.append(
                Issue(
                    None,
                    column,
                    f"kolumnen {table.column_label(column)} innehåller bara personnummer eller "
                    "samordningsnummer; koppla den till personnummer vid importen på Data-sidan, "
                    "så ersätts numren med pseudonymer",
                    WARNING,
                )
            )

    district_set = set(district_codes) if district_codes is not None else None
    programme_set = set(programme_codes) if programme_codes is not None else None
    for column, counts in _normalise_codes(frame, district_set, programme_set).items():
        # Never list a translation of a cell holding an identity number (echo hides it anyway).
        kept = Counter({k: n for k, n in counts.items() if not looks_like_personnummer(k[0])})
        if kept:
            issues.append(_translation_issue(column, kept))

    checked = frame.loc[~empty, list(vocab.PARTICIPANT_COLUMNS)]
    for issue in schemas.run_schema(schemas.participant_schema(today.year), checked):
        if (issue.row, issue.column) in pnr_cells:
            continue
        issues.append(issue)
        if issue.row is not None:
            rejected.loc[issue.row] = True

    # Cross-column and run-time rules are plain pandas: pandera checks one column, or one whole frame
    # without row-by-row Swedish wording, and these messages must name the row and the other field.
    def flag(mask: pd.Series, column: str, message, severity=ERROR) -> None:
        mask = mask & ~empty
        for row in frame.index[mask]:
            if (int(row), column) in pnr_cells:
                continue
            text = message(row) if callable(message) else message
            issues.append(Issue(int(row), column, text, severity))
        if severity == ERROR:
            rejected.loc[mask] = True

    dates: dict[str, pd.Series] = {}
    for column in _DATE_COLUMNS:
        dates[column], reasons = _parse_dates(frame[column], day_first)
        bad = pd.Series(frame.index.isin(list(reasons)), index=frame.index)
        flag(
            bad,
            column,
            lambda row, r=reasons: f"ogiltigt datum: {r[int(row)]}; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-15",
        )
    start, end = dates["startdatum"], dates["slutdatum"]
    other_order = [
        (int(row), column)
        for column in _DATE_COLUMNS
        for row, value in frame.loc[~empty, column].items()
        if reading.slash_date_needs_other_order(value, day_first=day_first)
    ]
    if other_order:
        row, column = min(other_order)
        first, other = ("dagen", "månaden") if day_first else ("månaden", "dagen")
        order = "månad/dag/år" if day_first else "dag/månad/år"
        issues.append(
            Issue(
                None,
                None,
                f"{len(other_order)} datum med snedstreck går inte att läsa med {first} först men väl med {other} "
                f"först (första: rad {row}, kolumn {column}); skriver filen datum som {order}, välj den "
                "datumordningen och läs in filen igen",
                WARNING,
            )
        )

    utfall = frame["utfall"]
    finished = utfall.isin(vocab.OUTCOMES) & (utfall != vocab.ONGOING)
    ongoing = utfall == vocab.ONGOING

    flag(start.notna() & end.notna() & (end < start), "slutdatum", "slutdatum ligger före startdatum")
    flag(
        finished & (frame["slutdatum"] == ""),
        "slutdatum",
        lambda row: (
            f"slutdatum saknas; ett avslutat deltagande (utfall {echo(utfall[row], 'utfall')}) måste ha ett slutdatum"
        ),
    )
    if district_set is not None:
        # An unknown district is an error, not a warning: the row cannot be placed on any district.
        flag(
            (frame["stadsdel_kod"] != "") & ~frame["stadsdel_kod"].isin(district_set),
            "stadsdel_kod",
            lambda row: _unknown_code("stadsdelskod", frame.at[row, "stadsdel_kod"], "stadsdelar.csv"),
        )

    # Warnings come last and only on rows that survive: a rejected row already has its errors to fix.
    with_end_while_ongoing = ongoing & end.notna()
    flag(
        with_end_while_ongoing,
        "slutdatum",
        "slutdatum är ifyllt men utfall är pagaende; slutdatum ignoreras tills ett utfall anges",
        WARNING,
    )
    end = end.mask(with_end_while_ongoing)
    flag(
        start.notna() & (start > pd.Timestamp(today)) & ~rejected,
        "startdatum",
        f"startdatum ligger i framtiden (efter {today.isoformat()}); raden behålls, men kontrollera datumet",
        WARNING,
    )
    if programme_set is not None:
        flag(
            (frame["insats"] != "") & ~frame["insats"].isin(programme_set) & ~rejected,
            "insats",
            lambda row: (
                _unknown_code("insatskod", frame.at[row, "insats"], "insatser.csv")
                + "; raden behålls men räknas under en okänd insats"
            ),
            WARNING,
        )

    # A repeated enrolment is usually a copy-paste slip but can be real (two enrolments the same day),
    # so it is a warning on the later rows, naming the first; only rows otherwise valid are compared,
    # and on the parsed date, so 2024-03-01 and 1/3/2024 are the same day.
    keys = pd.DataFrame({"deltagare_id": frame["deltagare_id"], "insats": frame["insats"], "startdatum": start})
    candidates = keys.loc[~rejected]
    duplicated = candidates.duplicated(keep="first")
    if duplicated.any():
        first_row = candidates.reset_index().groupby(list(keys.columns), sort=False)["rad"].transform("first")
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
    report = ValidationReport(
        file,
        len(frame),
        int(accepted.sum()),
        int(rejected.sum()),
        issues,
        rejected_rows=tuple(int(r) for r in frame.index[rejected]),
    )
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
    frame = _read_table(path, found, required + optional)
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


_TABLE_PREFIXES = ("statistik", "stadsdelar", "insatser", "mal")
#: The integration strategy's tables (CSV or XLSX), longest prefix first: file prefix → table kind.
_STRATEGY_PREFIXES = (
    ("handlingsplan_indikatorer", "handlingsplan_indikatorer"),
    ("handlingsplan", "handlingsplan"),
    ("placeringar", "placeringar"),
    ("aktiviteter", "aktiviteter"),
)


def strategy_kind(path: str | Path) -> str | None:
    """The integration strategy table a file name says it holds (``handlingsplan_indikatorer*``,
    ``handlingsplan*``, ``placeringar*``, ``aktiviteter*`` as .csv, .xlsx or .xlsm), else ``None``."""
    path = Path(path)
    name, suffix = path.name.lower(), path.suffix.lower()
    if suffix not in (".csv", *EXCEL_SUFFIXES):
        return None
    return next((kind for prefix, kind in _STRATEGY_PREFIXES if name.startswith(prefix)), None)


def is_participant_file(path: str | Path) -> bool:
    """True unless the file name says it is another table of a data set (statistik*, stadsdelar*.csv,
    insatser*, mal*, geometry, and the strategy tables handlingsplan*, placeringar*, aktiviteter* as CSV or
    XLSX): the rule :func:`validate_file` uses to pick its checks."""
    path = Path(path)
    name, suffix = path.name.lower(), path.suffix.lower()
    if suffix in GEOMETRY_SUFFIXES and not name.startswith("meta"):
        return False
    if strategy_kind(path) is not None:
        return False
    return not (suffix == ".csv" and name.startswith(_TABLE_PREFIXES))


def validate_file(
    path: str | Path,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    *,
    plan_ids: Iterable[str] | None = None,
    sheet: str | int | None = None,
    day_first: bool = True,
) -> ValidationReport:
    """Validate any file of a data set and return its report; never raises DataError.

    The file name decides the rules: ``statistik*``, ``stadsdelar*.csv``, ``insatser*``, ``mal*``,
    ``*.geojson``/``*.gpkg``, the strategy tables (:func:`strategy_kind`); anything else is read as a
    participant file. An unusable file gives a report with every row rejected and the reason as a
    file-level error. ``plan_ids`` (the measures of the data set's action plan), ``sheet`` and ``day_first``
    apply to the strategy tables only. An action plan workbook with both sheets "Åtgärder" and
    "Indikatorer" gives one report adding up both (its issues name their sheet); see
    :func:`validate_file_reports` for one report per sheet.
    """
    reports = validate_file_reports(
        path, district_codes, programme_codes, plan_ids=plan_ids, sheet=sheet, day_first=day_first
    )
    if len(reports) == 1:
        return reports[0]
    issues = [
        Issue(issue.row, issue.column, f"{_sheet_of(report.file)}{issue.message}", issue.severity)
        for report in reports
        for issue in report.issues
    ]
    return ValidationReport(
        Path(path).name,
        sum(r.rows_read for r in reports),
        sum(r.rows_accepted for r in reports),
        sum(r.rows_rejected for r in reports),
        issues,
    )


def _sheet_of(file: str) -> str:
    # "handlingsplan.xlsx (blad Indikatorer)" → "blad Indikatorer: "
    return f"{file[file.rfind('(') + 1 : -1]}: " if file.endswith(")") and "(blad " in file else ""


def validate_file_reports(
    path: str | Path,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    *,
    plan_ids: Iterable[str] | None = None,
    sheet: str | int | None = None,
    day_first: bool = True,
) -> list[ValidationReport]:
    """:func:`validate_file` as one report per table read: two for an action plan workbook with the sheets
    "Åtgärder" and "Indikatorer" when no ``sheet`` is given (the indicators checked against the measures
    of the first sheet), one otherwise. Never raises DataError."""
    path = Path(path)
    kind = strategy_kind(path)
    if kind is None:
        return [_validate_one(path, district_codes, programme_codes)]
    from analysis.files_in import strategy  # imported here: strategy reads through this module's neighbours

    codes = {"district_codes": district_codes, "programme_codes": programme_codes}
    try:
        if kind == strategy.PLAN and sheet is None and path.suffix.lower() in EXCEL_SUFFIXES:
            (_, plan_report), indicators = strategy.read_plan_workbook(path, **codes, day_first=day_first)
            return [plan_report] + ([indicators[1]] if indicators is not None else [])
        return [strategy.load_table(kind, path, **codes, plan_ids=plan_ids, sheet=sheet, day_first=day_first)[1]]
    except DataError as exc:
        if exc.report is not None:
            return [exc.report]
        return [ValidationReport(path.name, 0, 0, 0, [Issue(None, None, _strip_file(exc.message, path.name))])]


def _validate_one(
    path: Path, district_codes: Iterable[str] | None, programme_codes: Iterable[str] | None
) -> ValidationReport:
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
