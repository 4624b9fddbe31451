"""Readers for the integration strategy's four tables (docs/dataformat.md, issue 12):

* ``handlingsplan`` (XLSX sheet "Åtgärder"): the action plan, one row per measure;
* ``handlingsplan_indikatorer`` (sheet "Indikatorer"): indicators linked to a measure, with target and year;
* ``placeringar`` (sheet "Placeringar"): households and persons of newly arrived housed per year, district
  and housing type;
* ``aktiviteter`` (sheet "Aktiviteter"): the activity log (date, district, kind, organiser, participants).

Each is read like a participant file (:func:`analysis.files_in.reading.read_table`: CSV in any Swedish Excel
dialect or XLSX, the header row found below title rows, rows numbered as Excel shows them) and validated
row by row: a bad row is rejected with a Swedish reason naming its Excel row and column, the others are
kept, and ``rows_read == rows_accepted + rows_rejected`` (wholly empty rows count as rejected and are
reported as warnings, as for participants). A cell holding something that looks like a personnummer or
samordningsnummer, in any column, rejects its row, and the value is never repeated in a message. Known
variants ("Pågår", "Genomförd", "lägenhet", "Språkcafé", "Uppskattat") become codes, listed in a warning.

Pure pandas and openpyxl; no Streamlit. Messages are Swedish; code values (status, district codes, measure
ids, indicator keys) are echoed, free text (titles, actors, organisers) never.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from analysis import vocab
from analysis.files_in import reading, schemas
from analysis.files_in.limits import from_environment
from analysis.files_in.reading import RawTable
from analysis.files_in.validation import (
    ERROR,
    WARNING,
    DataError,
    Issue,
    ValidationReport,
    echo,
    file_error,
    looks_like_personnummer,
    personnummer_mask,
)

PLAN = "handlingsplan"
PLAN_INDICATORS = "handlingsplan_indikatorer"
PLACEMENTS = "placeringar"
ACTIVITIES = "aktiviteter"
#: The four table kinds, also their names in the local store.
TABLE_KINDS: tuple[str, ...] = (PLAN, PLAN_INDICATORS, PLACEMENTS, ACTIVITIES)

#: File names in a data set folder, first match wins.
FILES: dict[str, tuple[str, ...]] = {
    PLAN: ("handlingsplan.csv", "handlingsplan.xlsx"),
    PLAN_INDICATORS: ("handlingsplan_indikatorer.csv", "handlingsplan_indikatorer.xlsx"),
    PLACEMENTS: ("placeringar.csv", "placeringar.xlsx"),
    ACTIVITIES: ("aktiviteter.csv", "aktiviteter.xlsx"),
}
#: The sheet each table is read from in a workbook (when the workbook has it; else its first visible sheet).
SHEETS: dict[str, str] = {
    PLAN: "Åtgärder",
    PLAN_INDICATORS: "Indikatorer",
    PLACEMENTS: "Placeringar",
    ACTIVITIES: "Aktiviteter",
}
INSTRUCTIONS_SHEET = "Instruktioner"
COLUMNS: dict[str, tuple[str, ...]] = {
    PLAN: vocab.PLAN_COLUMNS,
    PLAN_INDICATORS: vocab.PLAN_INDICATOR_COLUMNS,
    PLACEMENTS: vocab.PLACEMENT_COLUMNS,
    ACTIVITIES: vocab.ACTIVITY_COLUMNS,
}
REQUIRED: dict[str, tuple[str, ...]] = {
    PLAN: vocab.PLAN_REQUIRED,
    PLAN_INDICATORS: vocab.PLAN_INDICATOR_REQUIRED,
    PLACEMENTS: vocab.PLACEMENT_REQUIRED,
    ACTIVITIES: vocab.ACTIVITY_REQUIRED,
}
_NOUNS = {PLAN: "åtgärder", PLAN_INDICATORS: "indikatorer", PLACEMENTS: "placeringar", ACTIVITIES: "aktiviteter"}

#: How the tuple columns of the plan are kept in the store (Parquet): joined with this character, which
#: can never occur inside an actor or a district code because it separates them on input.
STORE_SEPARATOR = "|"
_TUPLE_COLUMNS = ("partner", "stadsdelar")
_PARTNER_SPLIT = re.compile(r"[;|\r\n]+")
_DISTRICT_SPLIT = re.compile(r"[,;|\s]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d-])(?:\+46|0046|0)\s?[1-9](?:[\s-]?\d){6,9}(?![\d-])")
_GROUPED_INTEGER = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
#: Target years accepted for a linked indicator.
MIN_TARGET_YEAR, MAX_TARGET_YEAR = 2000, 2100
#: Years accepted for placements.
MIN_YEAR, MAX_YEAR = 1990, 2100
_MAX_LISTED = 8

_PNR_MESSAGE = (
    "kolumnen innehåller något som ser ut som ett personnummer eller samordningsnummer; raden avvisas. "
    "Personnummer hör inte hemma i den här filen"
)
_FREE_TEXT = ("titel", "beskrivning", "ansvarig", "partner", "evidens_kalla", "arrangor")
# Free text searched for contact details (not the evidence reference: a DOI can look like a phone number).
_CONTACT_CHECKED = ("titel", "beskrivning", "ansvarig", "partner", "arrangor")

# Header spellings people use, per table (normalised with _key before comparing).
_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    PLAN: {
        "atgard_id": ("åtgärd_id", "åtgärds_id", "åtgärdsid", "åtgärd nr", "åtgärdsnummer", "id", "nr"),
        "titel": ("titel", "rubrik", "namn", "benämning", "åtgärdens namn"),
        "beskrivning": ("beskrivning", "om åtgärden", "innehåll"),
        "ansvarig": ("ansvarig", "ansvarig aktör", "huvudansvarig", "ansvarig part", "ägare"),
        "partner": (
            "partner",
            "partners",
            "samarbetspartner",
            "samarbetspartners",
            "samverkanspartner",
            "samverkansparter",
            "aktörer",
            "andra aktörer",
            "medverkande",
        ),
        "stadsdelar": ("stadsdelar", "stadsdel", "stadsdel_kod", "stadsdelskoder", "målområden", "områden", "område"),
        "startdatum": ("startdatum", "start", "från", "startar"),
        "slutdatum": ("slutdatum", "slut", "till", "slutar"),
        "status": ("status", "läge"),
        "evidens": ("evidens", "evidensgrund", "underlag", "kunskapsunderlag"),
        "evidens_kalla": ("evidens_kalla", "evidenskälla", "källa", "referens", "källhänvisning"),
    },
    PLAN_INDICATORS: {
        "atgard_id": ("åtgärd", "åtgärd_id", "åtgärds_id", "åtgärdsid", "id"),
        "indikator": ("indikator", "mått", "nyckeltal"),
        "malvarde": ("malvarde", "målvärde", "mål"),
        "malar": ("malar", "målår", "mål_år", "år"),
    },
    PLACEMENTS: {
        "ar": ("ar", "år", "årtal"),
        "stadsdel_kod": ("stadsdel_kod", "stadsdel", "stadsdelskod", "regso", "regso kod", "områdeskod"),
        "boendetyp": ("boendetyp", "boende", "bostadstyp", "typ av boende"),
        "hushall": ("hushall", "hushåll", "antal hushåll"),
        "personer": ("personer", "antal personer", "individer"),
    },
    ACTIVITIES: {
        "datum": ("datum", "dag", "aktivitetsdatum"),
        "stadsdel_kod": ("stadsdel_kod", "stadsdel", "stadsdelskod", "regso", "regso kod", "områdeskod"),
        "typ": ("typ", "aktivitetstyp", "aktivitet", "slag"),
        "arrangor": ("arrangor", "arrangör", "organisatör", "organisation", "förening", "arrangerande organisation"),
        "deltagare": ("deltagare", "antal deltagare", "antal", "besökare"),
        "rakning": ("rakning", "räkning", "räknat eller uppskattat", "räknesätt"),
        "atgard_id": ("atgard_id", "åtgärd", "åtgärd_id", "åtgärds_id", "åtgärdsid"),
    },
}

# Value variants per code column (normalised with reading.normalise_header before comparing).
_VALUE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "status": {
        "planerad": ("planerad", "planerat", "planerade", "kommande", "ej påbörjad", "ej startad"),
        "pagaende": ("pågående", "pågår", "pagar", "aktiv", "påbörjad", "startad", "igång"),
        "genomford": ("genomförd", "genomfört", "genomförda", "klar", "klart", "avslutad", "avslutat", "slutförd"),
        "pausad": ("pausad", "pausat", "paus", "vilande", "uppskjuten"),
    },
    "evidens": {
        "forskning": ("forskning", "forskningsstöd", "stöd i forskning", "vetenskapligt stöd", "evidensbaserad"),
        "effekt_annanstans": (
            "effekt annanstans",
            "effekt på annat håll",
            "visad effekt annanstans",
            "effekt i annan kommun",
            "effekt i andra projekt",
            "beprövad annanstans",
        ),
        "lokal_erfarenhet": ("lokal erfarenhet", "egen erfarenhet", "erfarenhet", "beprövad erfarenhet"),
        "ingen": ("ingen", "inget", "saknas", "ingen evidens", "inget underlag"),
    },
    "boendetyp": {
        "modulbostad": ("modulbostad", "modulbostäder", "modulhus", "modul", "moduler", "paviljong"),
        "lagenhet": ("lägenhet", "lägenheter", "lgh", "hyreslägenhet"),
        "korridor": ("korridor", "korridorboende", "korridorrum", "kollektiv", "kollektivboende"),
        "annat": ("annat", "annan", "övrigt", "övrig"),
    },
    "typ": {
        "sprakcafe": ("språkcafé", "språkcafe", "språkkafé", "språkkafe", "språkfika"),
        "laxhjalp": ("läxhjälp", "läxläsning", "läxcafé"),
        "volontargrupp": ("volontärgrupp", "volontärgrupper", "volontärer", "volontär"),
        "traff": ("träff", "träffar", "möte", "grannträff", "boendeträff"),
        "kurs": ("kurs", "kurser", "språkkurs", "studiecirkel", "cirkel"),
        "annat": ("annat", "annan", "övrigt", "övrig"),
    },
    "rakning": {
        "raknat": ("räknat", "räknad", "räknade", "exakt", "exakt antal"),
        "uppskattat": ("uppskattat", "uppskattad", "uppskattning", "ungefär", "cirka", "ca"),
    },
}
_ALL_WORDS = ("alla", "hela kommunen", "hela_kommunen", "samtliga", "alla stadsdelar")
# Register share keys people write in other words.
_INDICATOR_WORDS: dict[str, tuple[str, ...]] = {
    "utrikes_fodda": ("utrikes födda", "utrikesfödda", "andel utrikes födda"),
    "forvarvsarbetande_20_64": ("förvärvsarbetande", "förvärvsarbetande 20-64", "sysselsatta"),
    "lag_ekonomisk_standard": ("låg ekonomisk standard", "ekonomisk standard"),
    "forgymnasial_20_64": ("förgymnasial", "förgymnasial utbildning", "förgymnasial 20-64"),
    "langvarigt_bistand_arbetsloshet_20_64": ("långvarigt bistånd", "långvarigt bistånd eller arbetslöshet"),
}
_PREFIX_WORDS = {"utfall": "utfall", "utfallsandel": "utfall", "insats": "insats", "inskrivna": "insats"}


def _key(text: object) -> str:
    """A header as a lookup key: a parenthesised hint dropped, normalised, without underscores."""
    text = re.sub(r"\([^)]*\)", " ", "" if text is None else str(text))
    return reading.normalise_header(text).replace("_", "")


def _table(words: Mapping[str, Iterable[str]], key: Callable[[str], str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for target, spellings in words.items():
        for spelling in (target, *spellings):
            table[key(spelling)] = target
    return table


_HEADER_LOOKUP = {kind: _table(words, _key) for kind, words in _HEADERS.items()}
_VALUE_LOOKUP = {column: _table(words, reading.normalise_header) for column, words in _VALUE_WORDS.items()}
_ALL_LOOKUP = {reading.normalise_header(w) for w in _ALL_WORDS}
_INDICATOR_LOOKUP = _table(
    {k: _INDICATOR_WORDS.get(k, ()) for k in vocab.INDICATOR_DENOMINATORS}, reading.normalise_header
)


def known_headers(kind: str) -> tuple[str, ...]:
    """Every header spelling of ``kind`` (template names and synonyms): the ``known_columns`` that help
    :func:`analysis.files_in.reading.read_table` find the header row."""
    words = _HEADERS[_check_kind(kind)]
    return tuple(dict.fromkeys([*COLUMNS[kind], *(w for spellings in words.values() for w in spellings)]))


def _check_kind(kind: str) -> str:
    if kind not in TABLE_KINDS:
        raise ValueError(f"unknown table kind {kind!r}; one of {', '.join(TABLE_KINDS)}")
    return kind


# ----------------------------------------------------------------------------- empty frames


def empty_plan() -> pd.DataFrame:
    """The action plan with no rows but every column and dtype :func:`validate_table` returns for it."""
    return pd.DataFrame(
        {
            "atgard_id": pd.Series([], dtype="string"),
            "titel": pd.Series([], dtype="string"),
            "beskrivning": pd.Series([], dtype="string"),
            "ansvarig": pd.Series([], dtype="string"),
            "partner": pd.Series([], dtype=object),
            "stadsdelar": pd.Series([], dtype=object),
            "hela_kommunen": pd.Series([], dtype=bool),
            "startdatum": pd.Series([], dtype="datetime64[ns]"),
            "slutdatum": pd.Series([], dtype="datetime64[ns]"),
            "status": pd.Series([], dtype="string"),
            "evidens": pd.Series([], dtype="string"),
            "evidens_kalla": pd.Series([], dtype="string"),
        }
    )


def empty_plan_indicators() -> pd.DataFrame:
    """Linked indicators with no rows: ``atgard_id``, ``indikator`` (string), ``malvarde`` float64,
    ``malar`` int64."""
    return pd.DataFrame(
        {
            "atgard_id": pd.Series([], dtype="string"),
            "indikator": pd.Series([], dtype="string"),
            "malvarde": pd.Series([], dtype="float64"),
            "malar": pd.Series([], dtype="int64"),
        }
    )


def empty_placements() -> pd.DataFrame:
    """Placements with no rows: ``ar`` int64, ``stadsdel_kod``, ``boendetyp`` (string), ``hushall``,
    ``personer`` int64."""
    return pd.DataFrame(
        {
            "ar": pd.Series([], dtype="int64"),
            "stadsdel_kod": pd.Series([], dtype="string"),
            "boendetyp": pd.Series([], dtype="string"),
            "hushall": pd.Series([], dtype="int64"),
            "personer": pd.Series([], dtype="int64"),
        }
    )


def empty_activities() -> pd.DataFrame:
    """The activity log with no rows: ``datum`` datetime64[ns], ``ar`` int64, ``stadsdel_kod``, ``typ``,
    ``arrangor`` (string), ``deltagare`` Int64, ``rakning``, ``atgard_id`` (string)."""
    return pd.DataFrame(
        {
            "datum": pd.Series([], dtype="datetime64[ns]"),
            "ar": pd.Series([], dtype="int64"),
            "stadsdel_kod": pd.Series([], dtype="string"),
            "typ": pd.Series([], dtype="string"),
            "arrangor": pd.Series([], dtype="string"),
            "deltagare": pd.Series([], dtype="Int64"),
            "rakning": pd.Series([], dtype="string"),
            "atgard_id": pd.Series([], dtype="string"),
        }
    )


EMPTY: dict[str, Callable[[], pd.DataFrame]] = {
    PLAN: empty_plan,
    PLAN_INDICATORS: empty_plan_indicators,
    PLACEMENTS: empty_placements,
    ACTIVITIES: empty_activities,
}


def empty(kind: str) -> pd.DataFrame:
    """The empty frame of ``kind`` (one of :data:`TABLE_KINDS`)."""
    return EMPTY[_check_kind(kind)]()


# ----------------------------------------------------------------------------- reading


def default_sheet(kind: str, source: object) -> str | None:
    """The sheet to read ``kind`` from: the workbook's sheet named :data:`SHEETS` [kind] (any case) when
    ``source`` (a path or bytes) is a workbook that has one, else ``None`` (its first visible sheet; or a
    CSV). Never raises: an unreadable file is left for ``read_table`` to refuse with its reason."""
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except (OSError, TypeError, ValueError):
        return None
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        # Only the zip directory and workbook.xml: cheap and bounded whatever the sheets hold (openpyxl's
        # read-only load parses every sheet without a <dimension> just to size it).
        titles = reading.sheet_names(data, "arbetsbok.xlsx")
    except DataError:  # a damaged or refused workbook: read_table says why
        return None
    wanted = SHEETS[_check_kind(kind)].casefold()
    return next((t for t in titles if t.strip().casefold() == wanted), None)


def read(kind: str, source: object, file_name: str | None = None, *, sheet: str | int | None = None) -> RawTable:
    """Read the file of ``kind`` (path or bytes, CSV or XLSX) with :func:`reading.read_table`: the sheet
    ``sheet``, else the kind's own sheet (:func:`default_sheet`), else the first visible one. When a
    workbook has more than one sheet, ``RawTable.file`` names the sheet read (``handlingsplan.xlsx (blad
    Åtgärder)``), so two tables of one workbook get two reports. Raises DataError for an unusable file."""
    _check_kind(kind)
    data, file_name = as_bytes(source, file_name)
    if sheet is None:
        sheet = default_sheet(kind, data)
    table = reading.read_table(data, file_name, sheet=sheet, known_columns=known_headers(kind))
    if table.sheet and len(table.sheets) > 1:
        table = table.with_frame(table.frame, file=f"{table.file} (blad {table.sheet})")
    return table


def load_table(
    kind: str,
    source: object,
    file_name: str | None = None,
    *,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    plan_ids: Iterable[str] | None = None,
    sheet: str | int | None = None,
    day_first: bool = True,
) -> tuple[pd.DataFrame, ValidationReport]:
    """:func:`read` then :func:`validate_table`: the accepted rows of ``kind`` and the report.

    Raises DataError (Swedish, naming the file) when the file cannot be used at all: unreadable, empty, no
    header row, a column twice, a required column missing. Otherwise every row is accepted or rejected.
    """
    table = read(kind, source, file_name, sheet=sheet)
    return validate_table(
        kind,
        table,
        district_codes=district_codes,
        programme_codes=programme_codes,
        plan_ids=plan_ids,
        day_first=day_first,
    )


def read_plan_workbook(
    source: object,
    file_name: str | None = None,
    *,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    day_first: bool = True,
) -> tuple[tuple[pd.DataFrame, ValidationReport], tuple[pd.DataFrame, ValidationReport] | None]:
    """An action plan workbook: the measures (sheet "Åtgärder", else the first visible sheet) and, when the
    workbook has a sheet "Indikatorer", its linked indicators checked against the measures accepted from
    the first sheet (``None`` when there is no such sheet, or ``source`` is a CSV). Raises DataError when
    the measures cannot be read; an unusable indicator sheet raises too (naming the sheet)."""
    data, file_name = as_bytes(source, file_name)
    plan = load_table(
        PLAN, data, file_name, district_codes=district_codes, programme_codes=programme_codes, day_first=day_first
    )
    indicator_sheet = default_sheet(PLAN_INDICATORS, data) if isinstance(data, bytes) else None
    if indicator_sheet is None:
        return plan, None
    indicators = load_table(
        PLAN_INDICATORS,
        data,
        file_name,
        district_codes=district_codes,
        programme_codes=programme_codes,
        plan_ids=set(plan[0]["atgard_id"]),
        sheet=indicator_sheet,
        day_first=day_first,
    )
    return plan, indicators


def as_bytes(source: object, file_name: str | None) -> tuple[object, str | None]:
    """The bytes of a readable file, bytes or an upload (read once) and its name; anything else (a missing
    file, a folder) as it came, for ``read_table`` to refuse with its Swedish reason."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), file_name
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_file():
            try:
                if path.stat().st_size > from_environment().upload_bytes:
                    return source, file_name  # read_table refuses it by its size, without reading it
                return path.read_bytes(), file_name or path.name
            except OSError:
                return source, file_name
        return source, file_name
    getter = getattr(source, "getvalue", None) or getattr(source, "read", None)
    if getter is None:
        return source, file_name
    return bytes(getter()), file_name or getattr(source, "name", None)


# ----------------------------------------------------------------------------- validation


class _Rows:
    """The rows of one table while they are checked: text cells, which rows are rejected, the issues."""

    def __init__(self, frame: pd.DataFrame, issues: list[Issue]):
        self.frame = frame
        self.issues = issues
        self.empty = ~(frame != "").any(axis=1)
        self.rejected = self.empty.copy()
        self.pnr_cells: set[tuple[int, str]] = set()

    @property
    def alive(self) -> pd.Series:
        return ~self.rejected

    def flag(self, mask: pd.Series, column: str | None, message, severity=ERROR) -> None:
        """An issue on every row of ``mask`` (never on an empty row, never twice on a cell with an identity
        number); errors reject their rows."""
        mask = mask.reindex(self.frame.index, fill_value=False).astype(bool) & ~self.empty
        for row in self.frame.index[mask]:
            if column is not None and (int(row), column) in self.pnr_cells:
                continue
            text = message(row) if callable(message) else message
            self.issues.append(Issue(int(row), column, text, severity))
        if severity == ERROR:
            self.rejected |= mask


def _show(value: object) -> str:
    """A code value quoted for a message (``"A7"``), or nothing when it must not be shown."""
    shown = echo(value)
    return f" {shown}" if shown else ""


def _map_columns(kind: str, table: RawTable, issues: list[Issue]) -> pd.DataFrame:
    """The table's columns renamed to the template's (by :data:`_HEADERS`); a synonym that is more than a
    spelling of the template name is listed in a warning. Raises DataError when two columns mean the same
    template column, or a required column is missing."""
    lookup = _HEADER_LOOKUP[kind]
    columns = COLUMNS[kind]
    rename: dict[str, str] = {}
    by_target: dict[str, list[str]] = {}
    for column in table.frame.columns:
        if column.startswith("(namnlös"):
            continue
        target = lookup.get(_key(column))
        if target is not None:
            rename[column] = target
            by_target.setdefault(target, []).append(column)
    for target, sources in by_target.items():
        if len(sources) > 1:
            shown = " och ".join(table.column_label(s) for s in sources)
            raise file_error(
                table.file,
                f"kolumnerna {shown} betyder båda {target}; ta bort den ena eller ge den ett annat namn",
                len(table.frame),
            )
    frame = table.frame.rename(columns=rename)
    missing = [c for c in REQUIRED[kind] if c not in frame.columns]
    if missing:
        noun = "kolumn saknas" if len(missing) == 1 else "kolumner saknas"
        unknown = [table.column_label(c) for c in table.frame.columns if c not in rename][:10]
        hint = f". Kolumner i filen som inte känns igen: {', '.join(unknown)}" if unknown else ""
        raise file_error(
            table.file,
            f"{noun}: {', '.join(missing)}. Rubrikraden måste följa mallen med kolumnerna {', '.join(columns)} "
            f"(se docs/dataformat.md){hint}",
            len(table.frame),
        )
    for original, target in rename.items():
        if reading.normalise_header(original) != target:
            issues.append(Issue(None, target, f"kolumnen {table.column_label(original)} lästes som {target}", WARNING))
    extra = [c for c in frame.columns if c not in columns]
    if extra:
        shown = ", ".join(table.column_label(c) for c in extra)
        issues.append(
            Issue(None, None, f"kolumner som inte ingår i mallen ignoreras och sparas inte: {shown}", WARNING)
        )
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def _translate_codes(rows: _Rows, column: str, lookup: Mapping[str, str]) -> Counter:
    """Variants of ``column`` → codes in place; returns (original, code) → rows for the variants that were
    more than a change of case (``"Pågår"`` → pagaende is listed, ``"Planerad"`` → planerad is not)."""
    originals = rows.frame[column]
    codes = {v: lookup.get(reading.normalise_header(v), v.strip().lower()) for v in originals.unique()}
    values = originals.map(codes)
    changed = (values != originals.str.strip().str.lower()) & (originals != "")
    rows.frame[column] = values
    return Counter(
        (o, c) for o, c in zip(originals[changed], values[changed], strict=True) if not looks_like_personnummer(o)
    )


def _fix_known(rows: _Rows, column: str, known: set[str] | None) -> Counter:
    """Codes that differ from a known code only in case or spacing (``1283r005``) take the known spelling."""
    if not known:
        return Counter()
    by_key = {reading.normalise_header(code): code for code in known}
    values = rows.frame[column]
    unknown = (values != "") & ~values.isin(known)
    fixed = values[unknown].map(lambda v: by_key.get(reading.normalise_header(v))).dropna()
    if fixed.empty:
        return Counter()
    counts = Counter(zip(values[fixed.index], fixed, strict=True))
    rows.frame.loc[fixed.index, column] = fixed
    return counts


def _translation_issue(column: str, counts: Counter) -> Issue:
    parts = []
    for (original, code), n in counts.most_common(_MAX_LISTED):
        parts.append(f"{echo(original) or '(dolt värde)'} lästes som {code} ({n} {'rad' if n == 1 else 'rader'})")
    more = len(counts) - _MAX_LISTED
    text = "; ".join(parts) + (f"; och {more} varianter till" if more > 0 else "")
    return Issue(None, column, f"värden tolkades enligt synonymlistan: {text}", WARNING)


def _parse_dates(rows: _Rows, column: str, day_first: bool) -> pd.Series:
    """The column as datetime64[ns] (NaT when empty or unreadable); unreadable dates reject their rows."""
    values = rows.frame[column]
    parsed: dict[str, dt.date | None] = {}
    failed: dict[str, str] = {}
    for value in values.unique():
        try:
            parsed[value] = reading.parse_date(value, day_first=day_first)
        except ValueError as exc:
            parsed[value] = None
            failed[value] = str(exc)
    bad = values.isin(list(failed))
    rows.flag(
        bad,
        column,
        lambda row: f"ogiltigt datum: {failed[values[row]]}; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-15",
    )
    dates = pd.to_datetime(pd.Series([parsed[v] for v in values], index=values.index, dtype=object), errors="coerce")
    return dates.astype("datetime64[ns]")


def _ungroup_integers(rows: _Rows, columns: Iterable[str]) -> None:
    """``1 200`` (a thousands space, as Swedish Excel writes it) → ``1200``."""
    for column in columns:
        values = rows.frame[column]
        grouped = values.str.match(_GROUPED_INTEGER.pattern)
        if grouped.any():
            rows.frame.loc[grouped, column] = values[grouped].str.replace(r"\s", "", regex=True)


def _reject_contacts(rows: _Rows) -> None:
    """Reject a row whose free text holds an e-mail address or a phone number (never shown): these tables
    name organisations, not people, and must not carry anyone's contact details into the store."""
    for column in _CONTACT_CHECKED:
        if column not in rows.frame.columns:
            continue
        values = rows.frame[column]
        mask = values.str.contains(_EMAIL.pattern, regex=True) | values.str.contains(_PHONE.pattern, regex=True)
        rows.flag(
            mask,
            column,
            "innehåller något som ser ut som en e-postadress eller ett telefonnummer; raden avvisas. Skriv "
            "organisationens namn, inga kontaktuppgifter",
        )


def _duplicates(rows: _Rows, keys: list[str], values: pd.DataFrame | None = None, *, severity=ERROR) -> None:
    """Later rows repeating the key of an earlier surviving row: rejected (or warned), naming the first."""
    frame = values if values is not None else rows.frame[keys]
    candidates = frame.loc[rows.alive]
    repeated = candidates.duplicated(keep="first")
    if not repeated.any():
        return
    first = (
        candidates.rename_axis("rad").reset_index().groupby(keys, sort=False, dropna=False)["rad"].transform("first")
    )
    first.index = candidates.index
    names = f"{', '.join(keys[:-1])} och {keys[-1]}" if len(keys) > 1 else keys[0]
    each = "kombination" if len(keys) > 1 else keys[0]
    if severity == ERROR:
        message = lambda row: (  # noqa: E731
            f"samma {names} som rad {int(first[row])}; varje {each} får bara finnas en gång, så raden avvisas"
        )
    else:
        message = lambda row: f"samma innehåll som rad {int(first[row])}; dubblettregistrering? Raden behålls"  # noqa: E731
    rows.flag(repeated.reindex(rows.frame.index, fill_value=False), keys[0], message, severity)


def validate_table(
    kind: str,
    table: RawTable,
    *,
    district_codes: Iterable[str] | None = None,
    programme_codes: Iterable[str] | None = None,
    plan_ids: Iterable[str] | None = None,
    day_first: bool = True,
) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate an already read table of ``kind`` (one of :data:`TABLE_KINDS`); ``table.rows`` give the
    Excel row numbers used in every message.

    Raises DataError (every row rejected) when two file columns mean the same template column or a required
    column is missing (the message names them, the template and the columns not recognised). Otherwise each
    row is accepted or rejected (``rows_read == rows_accepted + rows_rejected``, ``report.rejected_rows``
    lists the rejected ones); a wholly empty row counts as rejected with a warning "tom rad; hoppas över".

    Rejected in every kind: an identity number in any cell (never shown), an empty required value, a code
    outside the vocabulary (after known variants became codes, listed in one warning per column), an
    unreadable date (with the reason), a district code not among ``district_codes`` (when given).
    Per kind:

    * ``handlingsplan``: ``slutdatum`` before ``startdatum``; a ``stadsdelar`` list naming an unknown code;
      an ``atgard_id`` already used on an earlier row. Warnings (kept): ``genomford`` without ``slutdatum``;
      ``evidens`` forskning/effekt_annanstans without ``evidens_kalla``; ``alla`` beside other codes.
    * ``handlingsplan_indikatorer``: an ``atgard_id`` not in ``plan_ids`` (when given; ``None`` leaves it
      unchecked, with a warning); an unknown indicator key (a register share key of
      ``vocab.INDICATOR_DENOMINATORS``, ``utfall:alla``, ``utfall:<insats>``, ``insats:<insats>`` with the
      programme among ``programme_codes`` when given); a target outside 0–100 (percent) for a share or rate
      or not an integer ≥ 0 for ``insats:``; a target year outside 2000–2100; the same (atgard_id,
      indikator) again. A share target between 0 and 1 is kept with a warning (it reads as percent).
    * ``placeringar``: a year outside 1990–2100; a count that is not an integer ≥ 0 (``1 200`` reads as
      1200); ``personer`` fewer than ``hushall``; ``hushall`` 0 while ``personer`` > 0; the same (ar,
      stadsdel_kod, boendetyp) again.
    * ``aktiviteter``: ``deltagare`` not an integer ≥ 0. Warnings (kept): an ``atgard_id`` not in
      ``plan_ids`` (when given), ``rakning`` without ``deltagare``, a row repeating an earlier one.

    Free text that looks like an e-mail address or a phone number gives a warning (never shown). Columns
    outside the template are dropped with a warning (still searched for identity numbers).

    Returns the accepted rows in the dtypes of :func:`empty` (no ``rad`` column; empty free text is ``""``):
    ``handlingsplan`` with ``partner`` and ``stadsdelar`` as tuples (``alla`` → every code of
    ``district_codes``, ``hela_kommunen`` True), ``aktiviteter`` with ``ar`` = year of ``datum`` and
    ``rakning`` = ``raknat`` when empty and ``deltagare`` is given.
    """
    _check_kind(kind)
    issues: list[Issue] = [Issue(None, None, warning, WARNING) for warning in table.warnings]
    raw = table.frame.copy()
    raw.index = pd.Index(table.rows, name="rad", dtype="int64")
    raw = raw.astype(str)
    table = table.with_frame(raw)
    frame = _map_columns(kind, table, issues)
    if frame.empty:
        issues.append(Issue(None, None, f"filen innehåller bara rubrikraden, inga {_NOUNS[kind]}", WARNING))
    rows = _Rows(frame, issues)
    for row in frame.index[rows.empty]:
        issues.append(Issue(int(row), None, "tom rad; hoppas över", WARNING))

    # Privacy first and over every column, unknown ones included.
    for column in frame.columns:
        mask = personnummer_mask(frame[column]) & ~rows.empty
        for row in frame.index[mask]:
            rows.pnr_cells.add((int(row), column))
            issues.append(Issue(int(row), column, _PNR_MESSAGE, ERROR))
        rows.rejected |= mask
    frame = frame[list(COLUMNS[kind])].copy()
    rows.frame = frame

    districts = set(district_codes) if district_codes is not None else None
    programmes = set(programme_codes) if programme_codes is not None else None
    plan_set = set(plan_ids) if plan_ids is not None else None
    for column, lookup in _VALUE_LOOKUP.items():
        if column in frame.columns:
            counts = _translate_codes(rows, column, lookup)
            if counts:
                issues.append(_translation_issue(column, counts))
    for column, known in (("stadsdel_kod", districts), ("atgard_id", plan_set if kind != PLAN else None)):
        if column in frame.columns:
            counts = _fix_known(rows, column, known)
            if counts:
                issues.append(_translation_issue(column, counts))
    for column in ("hushall", "personer", "deltagare"):
        if column in frame.columns:
            _ungroup_integers(rows, [column])

    schema = {
        PLAN: schemas.plan_text_schema,
        PLAN_INDICATORS: schemas.plan_indicators_text_schema,
        PLACEMENTS: schemas.placements_text_schema,
        ACTIVITIES: schemas.activities_text_schema,
    }[kind]()
    for issue in schemas.run_schema(schema, frame.loc[~rows.empty]):
        if (issue.row, issue.column) in rows.pnr_cells:
            continue
        issues.append(issue)
        if issue.row is not None:
            rows.rejected.loc[issue.row] = True

    _reject_contacts(rows)
    build = {PLAN: _plan, PLAN_INDICATORS: _plan_indicators, PLACEMENTS: _placements, ACTIVITIES: _activities}[kind]
    result = build(rows, districts=districts, programmes=programmes, plan_ids=plan_set, day_first=day_first)

    order = {c: i for i, c in enumerate(COLUMNS[kind])}
    issues.sort(key=lambda i: (i.row or 0, order.get(i.column or "", len(order))))
    accepted = ~rows.rejected
    report = ValidationReport(
        table.file,
        len(frame),
        int(accepted.sum()),
        int(rows.rejected.sum()),
        issues,
        rejected_rows=tuple(int(r) for r in frame.index[rows.rejected]),
    )
    return result.loc[accepted[accepted].index].reset_index(drop=True), report


def _unknown_district(value: object) -> str:
    return f"okänd stadsdelskod{_show(value)}; koden finns inte i stadsdelar.csv"


def _check_districts(rows: _Rows, districts: set[str] | None) -> None:
    if districts is None:
        return
    values = rows.frame["stadsdel_kod"]
    rows.flag((values != "") & ~values.isin(districts), "stadsdel_kod", lambda row: _unknown_district(values[row]))


# ----------------------------------------------------------------------------- per kind


def _split_partners(text: str) -> tuple[str, ...]:
    parts = (p.strip() for p in _PARTNER_SPLIT.split(text))
    return tuple(dict.fromkeys(p for p in parts if p))


def _plan(rows: _Rows, *, districts, programmes, plan_ids, day_first) -> pd.DataFrame:
    frame = rows.frame
    start = _parse_dates(rows, "startdatum", day_first)
    end = _parse_dates(rows, "slutdatum", day_first)
    rows.flag(start.notna() & end.notna() & (end < start), "slutdatum", "slutdatum ligger före startdatum")

    by_key = {reading.normalise_header(c): c for c in districts or ()}
    all_codes = tuple(sorted(districts or ()))
    lists: dict[int, tuple[str, ...]] = {}
    whole: dict[int, bool] = {}
    read_as: Counter = Counter()
    for row, text in frame["stadsdelar"].items():
        if not text or (int(row), "stadsdelar") in rows.pnr_cells:
            continue
        if reading.normalise_header(text) in _ALL_LOOKUP:
            if text.strip().lower() != vocab.ALL_DISTRICTS:
                read_as[(text, vocab.ALL_DISTRICTS)] += 1
            lists[row], whole[row] = all_codes, True
            continue
        tokens = [t for t in _DISTRICT_SPLIT.split(text) if t]
        if any(t.lower() == vocab.ALL_DISTRICTS for t in tokens):
            rows.flag(
                pd.Series(frame.index == row, index=frame.index) & rows.alive,
                "stadsdelar",
                "alla betyder hela kommunen; de andra koderna i cellen behövs inte. Raden gäller hela kommunen",
                WARNING,
            )
            lists[row], whole[row] = all_codes, True
            continue
        codes: list[str] = []
        unknown: list[str] = []
        for token in tokens:
            if districts is None or token in districts:
                codes.append(token)
            elif (fixed := by_key.get(reading.normalise_header(token))) is not None:
                codes.append(fixed)
                read_as[(token, fixed)] += 1
            else:
                unknown.append(token)
        if not codes and not unknown:
            rows.flag(pd.Series(frame.index == row, index=frame.index), "stadsdelar", "värde saknas")
            continue
        if unknown:
            shown = ", ".join(echo(u) or "(dolt värde)" for u in unknown[:_MAX_LISTED])
            noun = "okänd stadsdelskod" if len(unknown) == 1 else "okända stadsdelskoder"
            rows.flag(
                pd.Series(frame.index == row, index=frame.index),
                "stadsdelar",
                f"{noun} {shown}; koderna finns inte i stadsdelar.csv. Skriv koderna åtskilda med komma, "
                f"eller {vocab.ALL_DISTRICTS} för hela kommunen",
            )
            continue
        lists[row], whole[row] = tuple(dict.fromkeys(codes)), False
    if read_as:
        rows.issues.append(_translation_issue("stadsdelar", read_as))

    _duplicates(rows, ["atgard_id"])
    status, evidens = frame["status"], frame["evidens"]
    rows.flag(
        (status == "genomford") & end.isna() & rows.alive,
        "slutdatum",
        "status är genomford men slutdatum saknas; ange när åtgärden avslutades. Raden behålls",
        WARNING,
    )
    rows.flag(
        evidens.isin(vocab.EVIDENCE_WITH_SOURCE) & (frame["evidens_kalla"] == "") & rows.alive,
        "evidens_kalla",
        lambda row: (
            f"evidens är {evidens[row]} men källan saknas; ange en referens (rapport, studie eller projekt) "
            "i evidens_kalla. Raden behålls"
        ),
        WARNING,
    )
    return pd.DataFrame(
        {
            "atgard_id": frame["atgard_id"].astype("string"),
            "titel": frame["titel"].astype("string"),
            "beskrivning": frame["beskrivning"].astype("string"),
            "ansvarig": frame["ansvarig"].astype("string"),
            "partner": pd.Series([_split_partners(t) for t in frame["partner"]], index=frame.index, dtype=object),
            "stadsdelar": pd.Series([lists.get(r, ()) for r in frame.index], index=frame.index, dtype=object),
            "hela_kommunen": pd.Series([whole.get(r, False) for r in frame.index], index=frame.index, dtype=bool),
            "startdatum": start,
            "slutdatum": end,
            "status": status.astype("string"),
            "evidens": evidens.astype("string"),
            "evidens_kalla": frame["evidens_kalla"].astype("string"),
        },
        index=frame.index,
    )


def indicator_kind(key: str) -> str:
    """``share`` for a register share key, ``rate`` for ``utfall:…``, ``count`` for ``insats:…``."""
    if key.startswith(vocab.OUTCOME_INDICATOR_PREFIX):
        return "rate"
    if key.startswith(vocab.ENROLMENT_INDICATOR_PREFIX):
        return "count"
    return "share"


def _indicator_key(text: str, programmes: set[str] | None) -> tuple[str | None, str]:
    """The indicator key a cell means, or ``None`` and the Swedish reason."""
    allowed = f"tillåtna: {', '.join(vocab.INDICATOR_DENOMINATORS)}, utfall:alla, utfall:<insats> eller insats:<insats>"
    if ":" not in text:
        key = _INDICATOR_LOOKUP.get(reading.normalise_header(text))
        return (key, "") if key else (None, f"okänd indikator{_show(text)}; {allowed}")
    prefix_text, code = (part.strip() for part in text.split(":", 1))
    prefix = _PREFIX_WORDS.get(reading.normalise_header(prefix_text))
    if prefix is None:
        return None, f"okänd indikator{_show(text)}; {allowed}"
    if prefix == "utfall" and code.lower() == vocab.ALL_PROGRAMMES:
        return f"utfall:{vocab.ALL_PROGRAMMES}", ""
    if not code:
        return None, f"insatskoden saknas efter {prefix}:; {allowed}"
    if programmes is not None and code not in programmes:
        by_key = {reading.normalise_header(c): c for c in programmes}
        fixed = by_key.get(reading.normalise_header(code))
        if fixed is None:
            return None, f"okänd insats{_show(code)} i indikatorn; koden finns inte i insatser.csv"
        code = fixed
    return f"{prefix}:{code}", ""


def _plan_indicators(rows: _Rows, *, districts, programmes, plan_ids, day_first) -> pd.DataFrame:
    frame = rows.frame
    if plan_ids is None:
        rows.issues.append(
            Issue(
                None,
                "atgard_id",
                "ingen handlingsplan att jämföra med; atgard_id kontrollerades inte mot åtgärderna",
                WARNING,
            )
        )
    else:
        ids = frame["atgard_id"]
        rows.flag(
            (ids != "") & ~ids.isin(plan_ids),
            "atgard_id",
            lambda row: (
                f"åtgärden{_show(ids[row])} finns inte i handlingsplanen (eller avvisades där); en indikator "
                "måste höra till en åtgärd i handlingsplanen"
            ),
        )

    keys: dict[int, str] = {}
    read_as: Counter = Counter()
    for row, text in frame["indikator"].items():
        if not text or (int(row), "indikator") in rows.pnr_cells:
            continue
        key, reason = _indicator_key(text, programmes)
        if key is None:
            rows.flag(pd.Series(frame.index == row, index=frame.index), "indikator", reason)
            continue
        keys[row] = key
        if key != text.strip().lower().replace(" ", ""):
            read_as[(text, key)] += 1
    if read_as:
        rows.issues.append(_translation_issue("indikator", read_as))

    targets: dict[int, float] = {}
    for row, text in frame["malvarde"].items():
        if not text or (int(row), "malvarde") in rows.pnr_cells:
            continue
        single = pd.Series(frame.index == row, index=frame.index)
        number = text.replace(" ", "").replace("\u00a0", "").rstrip("%").replace(",", ".")
        if not _NUMBER.match(number):
            rows.flag(single, "malvarde", f"målvärdet måste vara ett tal (t.ex. 72 eller 72,5), inte{_show(text)}")
            continue
        value = float(number)
        if value < 0:
            rows.flag(single, "malvarde", "målvärdet får inte vara negativt")
            continue
        kind = indicator_kind(keys[row]) if row in keys else None
        if kind == "count" and not value.is_integer():
            rows.flag(single, "malvarde", "målvärdet för insats: är ett antal inskrivna och måste vara ett heltal")
            continue
        if kind in ("share", "rate") and value > 100:
            rows.flag(single, "malvarde", "målvärdet är en procentsats och måste ligga mellan 0 och 100")
            continue
        if kind in ("share", "rate") and 0 < value <= 1:
            rows.flag(
                single & rows.alive,
                "malvarde",
                f"målvärdet {number.replace('.', ',')} läses som procent ({number.replace('.', ',')} %); skriv t.ex. "
                "72 för 72 %. Raden behålls",
                WARNING,
            )
        targets[row] = value

    years = frame["malar"]
    valid_year = years.str.match(r"^\d{4}$")
    out_of_range = valid_year & ~years.where(valid_year, "0").astype(int).between(MIN_TARGET_YEAR, MAX_TARGET_YEAR)
    rows.flag(out_of_range, "malar", f"målåret måste ligga mellan {MIN_TARGET_YEAR} och {MAX_TARGET_YEAR}")

    key_series = pd.Series([keys.get(r, "") for r in frame.index], index=frame.index, dtype="string")
    _duplicates(
        rows, ["atgard_id", "indikator"], pd.DataFrame({"atgard_id": frame["atgard_id"], "indikator": key_series})
    )
    return pd.DataFrame(
        {
            "atgard_id": frame["atgard_id"].astype("string"),
            "indikator": key_series,
            "malvarde": pd.Series(
                [targets.get(r, float("nan")) for r in frame.index], index=frame.index, dtype="float64"
            ),
            "malar": years.where(valid_year, "0").astype("int64"),
        },
        index=frame.index,
    )


def _int_column(values: pd.Series) -> pd.Series:
    return pd.Series([int(v) if v.isdigit() else pd.NA for v in values], index=values.index, dtype="Int64")


def _placements(rows: _Rows, *, districts, programmes, plan_ids, day_first) -> pd.DataFrame:
    frame = rows.frame
    _check_districts(rows, districts)
    years = _int_column(frame["ar"].where(frame["ar"].str.fullmatch(r"\d{4}"), ""))
    rows.flag(
        years.notna() & ~years.between(MIN_YEAR, MAX_YEAR).fillna(True).astype(bool),
        "ar",
        f"året måste ligga mellan {MIN_YEAR} och {MAX_YEAR}",
    )
    households, persons = _int_column(frame["hushall"]), _int_column(frame["personer"])
    both = households.notna() & persons.notna()
    rows.flag(
        both & (persons < households).fillna(False).astype(bool),
        "personer",
        lambda row: (
            f"personer ({persons[row]}) är färre än hushall ({households[row]}); varje hushåll har minst en person"
        ),
    )
    rows.flag(
        both & (households == 0).fillna(False).astype(bool) & (persons > 0).fillna(False).astype(bool),
        "hushall",
        lambda row: f"hushall är 0 men personer är {persons[row]}; personerna bor i minst ett hushåll",
    )
    _duplicates(rows, ["ar", "stadsdel_kod", "boendetyp"])
    return pd.DataFrame(
        {
            "ar": years.fillna(0).astype("int64"),
            "stadsdel_kod": frame["stadsdel_kod"].astype("string"),
            "boendetyp": frame["boendetyp"].astype("string"),
            "hushall": households.fillna(0).astype("int64"),
            "personer": persons.fillna(0).astype("int64"),
        },
        index=frame.index,
    )


def _activities(rows: _Rows, *, districts, programmes, plan_ids, day_first) -> pd.DataFrame:
    frame = rows.frame
    dates = _parse_dates(rows, "datum", day_first)
    _check_districts(rows, districts)
    counts = _int_column(frame["deltagare"])
    rakning = frame["rakning"].where(~((frame["rakning"] == "") & counts.notna()), vocab.COUNTED)
    rows.flag(
        (frame["rakning"] != "") & counts.isna() & (frame["deltagare"] == "") & rows.alive,
        "rakning",
        "rakning är ifylld men deltagare saknas; ange antalet deltagare eller lämna båda tomma. Raden behålls",
        WARNING,
    )
    ids = frame["atgard_id"]
    if plan_ids is not None:
        rows.flag(
            (ids != "") & ~ids.isin(plan_ids) & rows.alive,
            "atgard_id",
            lambda row: (
                f"åtgärden{_show(ids[row])} finns inte i handlingsplanen; aktiviteten behålls men hör inte till "
                "någon åtgärd"
            ),
            WARNING,
        )
    _duplicates(rows, list(vocab.ACTIVITY_COLUMNS), severity=WARNING)
    return pd.DataFrame(
        {
            "datum": dates,
            "ar": dates.dt.year.fillna(0).astype("int64"),
            "stadsdel_kod": frame["stadsdel_kod"].astype("string"),
            "typ": frame["typ"].astype("string"),
            "arrangor": frame["arrangor"].astype("string"),
            "deltagare": counts,
            "rakning": rakning.astype("string"),
            "atgard_id": ids.astype("string"),
        },
        index=frame.index,
    )


# ----------------------------------------------------------------------------- the store


def to_store(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as it is kept in the local store (Parquet): the plan's tuple columns joined with
    :data:`STORE_SEPARATOR`; everything else as is. :func:`from_store` gives the loaded frame back."""
    _check_kind(kind)
    out = frame.reset_index(drop=True).copy()
    for column in _TUPLE_COLUMNS:
        if kind == PLAN and column in out.columns:
            out[column] = pd.Series([STORE_SEPARATOR.join(v) for v in out[column]], index=out.index, dtype="string")
    return out


def from_store(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A stored table of ``kind`` in exactly the columns and dtypes :func:`validate_table` returns (the
    plan's joined lists split back into tuples)."""
    template = empty(kind)
    out = frame.reset_index(drop=True).copy()
    for column in _TUPLE_COLUMNS:
        if kind == PLAN and column in out.columns:
            out[column] = pd.Series(
                [
                    tuple(p for p in str(v).split(STORE_SEPARATOR) if p) if isinstance(v, str) else ()
                    for v in out[column]
                ],
                index=out.index,
                dtype=object,
            )
    for column in template.columns:
        if template[column].dtype != object:
            out[column] = out[column].astype(template[column].dtype)
    return out[list(template.columns)]


# ----------------------------------------------------------------------------- templates

_EXAMPLES: dict[str, list[list[object]]] = {
    PLAN: [
        [
            "A1",
            "Exempel: Språkcafé i området",
            "Veckovisa träffar där boende övar svenska med volontärer (fiktivt exempel)",
            "Bostadsbolaget",
            "Biblioteket; Studieförbundet",
            "alla",
            "2024-01-15",
            "",
            "pagaende",
            "lokal_erfarenhet",
            "",
        ],
        [
            "A2",
            "Exempel: Jobbcoachning för hyresgäster",
            "Coacher stöttar boende mot arbete (fiktivt exempel)",
            "Bostadsbolaget",
            "Arbetsförmedlingen; Kommunens arbetsmarknadsenhet",
            "1283R005, 1283R019",
            "2023-09-01",
            "2025-06-30",
            "genomford",
            "effekt_annanstans",
            "Utvärdering av liknande projekt i en annan kommun, 2021",
        ],
    ],
    PLAN_INDICATORS: [
        ["A2", "forvarvsarbetande_20_64", "72", "2026"],
        ["A2", "utfall:jobbcoachning", "45,5", "2025"],
    ],
    PLACEMENTS: [
        ["2024", "1283R005", "modulbostad", "4", "11"],
        ["2024", "1283R019", "lagenhet", "2", "5"],
    ],
    ACTIVITIES: [
        ["2024-03-12", "1283R005", "sprakcafe", "Studieförbundet", "14", "raknat", "A1"],
        ["2024-03-20", "1283R019", "traff", "Hyresgästföreningen", "30", "uppskattat", ""],
    ],
}


def template_csv(kind: str) -> bytes:
    """A CSV template of ``kind`` for Swedish Excel: UTF-8 with BOM, ``;`` between cells, CRLF, the header
    row and two fictitious example rows ("Exempel: …"), which the loader itself accepts against the
    example district codes 1283R005 and 1283R019 and the programme ``jobbcoachning``."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS[_check_kind(kind)])
    writer.writerows(_EXAMPLES[kind])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_COLUMN_HELP: dict[str, list[tuple[str, str, str]]] = {
    PLAN: [
        ("atgard_id", "ja", "kort id för åtgärden, unikt, t.ex. A1 (inget personnummer)"),
        ("titel", "ja", "åtgärdens namn"),
        ("beskrivning", "nej", "vad åtgärden går ut på"),
        ("ansvarig", "ja", "den ansvariga aktören (en organisation, t.ex. bostadsbolaget eller en förvaltning)"),
        ("partner", "nej", "andra aktörer, åtskilda med ; eller | eller radbrytning"),
        ("stadsdelar", "ja", "stadsdelskoder ur stadsdelar.csv åtskilda med komma (eller ; | mellanslag), eller alla"),
        ("startdatum", "ja", "datum ÅÅÅÅ-MM-DD"),
        ("slutdatum", "nej", "datum ÅÅÅÅ-MM-DD, inte före startdatum; tomt när åtgärden pågår tills vidare"),
        ("status", "ja", ", ".join(vocab.PLAN_STATUSES)),
        ("evidens", "ja", ", ".join(vocab.EVIDENCE_KINDS)),
        (
            "evidens_kalla",
            "nej",
            "referens till forskningen eller utvärderingen (bör fyllas i vid forskning och effekt_annanstans)",
        ),
    ],
    PLAN_INDICATORS: [
        ("atgard_id", "ja", "en åtgärd i bladet Åtgärder / handlingsplan.csv"),
        (
            "indikator",
            "ja",
            f"{', '.join(vocab.INDICATOR_DENOMINATORS)}, utfall:alla, utfall:<insats> eller insats:<insats> "
            "(antal inskrivna i åtgärdens stadsdelar)",
        ),
        ("malvarde", "ja", "procent 0–100 för andelar och utfall (t.ex. 72 eller 72,5); ett antal ≥ 0 för insats:"),
        ("malar", "ja", "målår med fyra siffror"),
    ],
    PLACEMENTS: [
        ("ar", "ja", "år med fyra siffror"),
        ("stadsdel_kod", "ja", "stadsdelskod ur stadsdelar.csv"),
        ("boendetyp", "ja", ", ".join(vocab.HOUSING_TYPES)),
        ("hushall", "ja", "antal hushåll, heltal ≥ 0 (minst 1 när personer > 0)"),
        ("personer", "ja", "antal personer, heltal ≥ hushall"),
    ],
    ACTIVITIES: [
        ("datum", "ja", "datum ÅÅÅÅ-MM-DD"),
        ("stadsdel_kod", "ja", "stadsdelskod ur stadsdelar.csv"),
        ("typ", "ja", ", ".join(vocab.ACTIVITY_KINDS)),
        ("arrangor", "ja", "arrangerande organisation (aldrig en privatperson)"),
        ("deltagare", "nej", "antal deltagare, heltal ≥ 0, eller tomt när det inte är känt"),
        ("rakning", "nej", f"{', '.join(vocab.PARTICIPANT_COUNTING)}; tomt = raknat när deltagare är ifyllt"),
        ("atgard_id", "nej", "åtgärden i handlingsplanen som aktiviteten hör till"),
    ],
}
_INTRO = (
    "Mall för integrationsstrategins uppföljning. Varje blad är en tabell; fyll i ett blad per fil eller "
    "lämna in hela arbetsboken (Åtgärder och Indikatorer läses ur samma fil handlingsplan.xlsx).",
    "Rubrikraden ska stå kvar. Exempelraderna är fiktiva: skriv över dem eller ta bort dem.",
    "Stadsdelskoderna i exemplen (1283R005, 1283R019) är Helsingborgs; använd koderna i er stadsdelar.csv.",
    "Skriv aldrig personnummer eller namn på privatpersoner: en rad med ett personnummer avvisas.",
    "Skrivsätt som Pågår, Genomförd, lägenhet och Språkcafé läses som koderna och redovisas i rapporten.",
)
_FIXED_TIME = dt.datetime(2024, 1, 1)


def template_xlsx() -> bytes:
    """An XLSX template with the sheets "Instruktioner" (Swedish: every column, whether it is required, the
    allowed values and separators), "Åtgärder", "Indikatorer", "Placeringar" and "Aktiviteter" (each a
    header row and two fictitious example rows). Codes and ids are text cells, counts and years numbers,
    dates real date cells; the bytes are the same on every call (fixed timestamps)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = INSTRUCTIONS_SHEET
    guide.append(["Instruktioner"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in _INTRO:
        guide.append([line])
    guide.append([])
    guide.append(["Blad", "Kolumn", "Krävs", "Värden och format"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for kind in TABLE_KINDS:
        for column, required, text in _COLUMN_HELP[kind]:
            guide.append([SHEETS[kind], column, required, text])
    for letter, width in (("A", 16), ("B", 16), ("C", 8), ("D", 100)):
        guide.column_dimensions[letter].width = width

    numbers = {"ar", "hushall", "personer", "deltagare", "malar"}
    dates = {"startdatum", "slutdatum", "datum"}
    for kind in TABLE_KINDS:
        sheet = workbook.create_sheet(SHEETS[kind])
        columns = COLUMNS[kind]
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for example in _EXAMPLES[kind]:
            values: list[object] = []
            for column, value in zip(columns, example, strict=True):
                if value == "":
                    values.append(None)
                elif column in numbers:
                    values.append(int(value))
                elif column in dates:
                    values.append(dt.date.fromisoformat(str(value)))
                else:
                    values.append(value)
            sheet.append(values)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(40, len(column) + 4))
            for cell in sheet[letter][1:]:
                if column in dates:
                    cell.number_format = "yyyy-mm-dd"
                elif column not in numbers:
                    cell.number_format = "@"
                    cell.alignment = Alignment(wrap_text=column in _FREE_TEXT)
        sheet.freeze_panes = "A2"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    workbook.properties.creator = "stadsdelsdashboarden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook with every zip entry, and its "modified" property, dated 2024-01-01 (openpyxl
    stamps both with the time of saving)."""
    import zipfile

    out = io.BytesIO()
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()
