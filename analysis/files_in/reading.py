"""Reading participant files as they really come: Excel workbooks and CSVs written by Swedish Excel.

This module turns a file (a path, or the bytes of an upload) into a :class:`RawTable`: every cell as
stripped text, the header row found even below title rows, each data row numbered as Excel shows it. It
interprets nothing beyond that; :func:`analysis.files_in.loaders.validate_participants` decides what is valid.

What is read, and why:

* **CSV**: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode-text"), otherwise Windows-1252
  (Swedish Excel's plain "CSV"), said in ``notes``; separator ``;`` (Swedish Excel), ``,`` or tab, chosen
  by which one splits the first lines most consistently; CRLF, LF or CR line ends; quoted fields with
  separators or line breaks inside; a first line ``sep=;`` (Excel's own hint, which Excel hides).
* **XLSX/XLSM**: the first visible sheet, or one chosen by name or 0-based index; cached formula values;
  date cells become ISO text; numbers lose Excel's ``.0``.
* **Header row**: the row among the first :data:`HEADER_SEARCH_ROWS` that matches most known column names
  (after :func:`normalise_header`), so title rows above it are skipped and reported.
* **Refused** with a Swedish :class:`DataError` naming the file: a missing or empty file, the old ``.xls``
  format or an encrypted workbook, images/PDFs/other binary files, an unknown sheet (naming the sheets), no
  recognisable header row, a CSV row with more fields than its header (a separator or quoting problem).

It also holds the vocabulary that maps what people write to the template: column synonyms
(:data:`HEADER_SYNONYMS`, :func:`suggest_mapping`, :func:`apply_mapping`, saved mappings as JSON) and value
variants (:func:`parse_date`, :data:`OUTCOME_SYNONYMS`, :data:`GENDER_SYNONYMS`, :data:`YES_NO_SYNONYMS`).

Pure Python: no Streamlit. Messages are Swedish and never quote a cell's value (cells may be personal data).
A file, sheet or column name is quoted only with any identity number in it replaced by
``[personnummer borttaget]`` (:mod:`analysis.files_in.identity`): in notes, warnings, ``RawTable.file``,
:meth:`RawTable.column_label` and every :class:`DataError`. ``RawTable.sheet`` and ``sheets`` keep the
workbook's own titles, so that a sheet can be chosen again; redact them before showing them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import vocab
from analysis.files_in import identity
from analysis.files_in.validation import file_error

#: The special mapping target for a column of personal identity numbers: the privacy step at import turns
#: it into ``deltagare_id`` pseudonyms; reaching validation unchanged is an error for the whole file.
PERSONNUMMER = "personnummer"
#: Every name a file column may be mapped to (the participant template plus ``personnummer``).
MAPPING_TARGETS: tuple[str, ...] = (*vocab.PARTICIPANT_COLUMNS, PERSONNUMMER)
#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 30
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 med BOM",
    "utf-16": "UTF-16 (Excels Unicode-text)",
    "cp1252": "Windows-1252 (ANSI)",
}
SEPARATOR_LABELS = {";": "semikolon", ",": "komma", "\t": "tabb"}
CP1252_WARNING = "filen är inte UTF-8; den lästes som Windows-1252 (ANSI)"


# ----------------------------------------------------------------------------- the table


@dataclass
class RawTable:
    """One read table, before any interpretation.

    ``frame``: every cell as stripped text (``""`` when empty), columns named as in the file's header row
    (an empty header cell becomes ``(namnlös kolumn F)``), indexed by Excel row number (index name ``rad``).
    ``rows``: the same Excel row numbers as a list (header row ``h`` → first data row ``h + 1``).
    Completely empty rows between data rows are kept, so the validator can count and report them.
    ``letters``: file column → Excel column letter (``C``), for messages.
    ``notes``: what was detected, in Swedish, for a preview (encoding, separator, sheet, header row…);
    ``warnings``: the subset a validation report should show (e.g. Windows-1252, title rows skipped).
    ``mapping``: the column mapping applied by :func:`map_table` (file column → target or ``None``), or
    ``None`` while the columns are still as in the file.
    """

    file: str
    frame: pd.DataFrame
    rows: list[int]
    header_row: int
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str | None] | None = None

    def __post_init__(self) -> None:
        if len(self.rows) != len(self.frame):
            raise ValueError("rows must give one Excel row number per row of frame")

    def with_frame(self, frame: pd.DataFrame, **changes: Any) -> RawTable:
        """A copy with another frame of the same rows (e.g. after a privacy step replaced a column)."""
        return replace(self, frame=frame, **changes)

    def column_label(self, column: str) -> str:
        """``"Startdatum" (kolumn C)``: a column as the user sees it in the file, for messages."""
        source = column
        if self.mapping:
            for original, target in self.mapping.items():
                if target == column:
                    source = original
                    break
        letter = self.letters.get(column) or self.letters.get(source)
        return f'"{identity.redact(source)}"' + (f" (kolumn {letter})" if letter else "")


# ----------------------------------------------------------------------------- headers and mapping


def normalise_header(text: object) -> str:
    """A header cell as a comparable key: lower case, accents off (å/ä→a, ö→o, é→e), every run of other
    characters (spaces, hyphens, dots, slashes) → ``_``, no ``_`` at the ends.

    ``"Födelseår"`` → ``"fodelsear"``, ``"Stadsdel kod"`` → ``"stadsdel_kod"``, ``" Kön "`` → ``"kon"``.
    """
    text = "" if text is None else str(text)
    # NFKD splits å into a + ring, é into e + accent; dropping the combining marks does all of å/ä/ö/é/ü.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "_", plain).strip("_")


def _lookup_key(text: object) -> str:
    """The key synonyms are matched on: a parenthesised hint is dropped ("Startdatum (ÅÅÅÅ-MM-DD)"),
    then normalised without underscores, so "Start datum", "start-datum" and "Startdatum" agree."""
    text = re.sub(r"\([^)]*\)", " ", "" if text is None else str(text))
    return normalise_header(text).replace("_", "")


# Written as people write them; HEADER_SYNONYMS holds their normalised form.
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "deltagare_id": (
        "deltagare_id",
        "deltagar_id",
        "deltagar-id",
        "deltagarid",
        "deltagarnummer",
        "deltagarnr",
        "id",
        "löpnummer",
        "löpnr",
        "pseudonym",
    ),
    "insats": ("insats", "insatskod", "insats kod", "program", "programkod", "projekt", "projektkod"),
    "stadsdel_kod": (
        "stadsdel_kod",
        "stadsdel",
        "stadsdelskod",
        "regso",
        "regso kod",
        "regsokod",
        "område_kod",
        "områdeskod",
    ),
    "startdatum": (
        "startdatum",
        "start",
        "startdatum_insats",
        "datum_start",
        "startdag",
        "inskrivningsdatum",
        "inskriven",
        "från",
        "från datum",
        "fr.o.m.",
    ),
    "slutdatum": (
        "slutdatum",
        "slut",
        "avslutad",
        "avslutsdatum",
        "datum_slut",
        "slutdag",
        "utskrivningsdatum",
        "utskriven",
        "till",
        "till datum",
        "t.o.m.",
    ),
    "utfall": ("utfall", "resultat", "status", "avslutsorsak", "avslutsanledning", "utfall vid avslut"),
    "malgrupp": ("malgrupp", "målgrupp"),
    "kon": ("kon", "kön", "kvinna_man", "kvinna/man", "man/kvinna"),
    "fodelsear": ("fodelsear", "födelseår", "fodd_ar", "född år", "ar_fodd", "år född", "född", "födelse år"),
    "roll": ("roll", "befattning", "tjänst", "yrkesroll"),
    "forlangning": ("forlangning", "förlängning", "förlängd", "förlängning erbjuden", "erbjuden förlängning"),
    "utfall_6m": ("utfall_6m", "utfall 6 mån", "utfall 6 månader", "status 6 mån", "uppföljning 6 mån"),
    "utfall_12m": ("utfall_12m", "utfall 12 mån", "utfall 12 månader", "status 12 mån", "uppföljning 12 mån"),
    PERSONNUMMER: (
        "personnummer",
        "pnr",
        "personnr",
        "pers.nr",
        "person nummer",
        "samordningsnummer",
        "samordningsnr",
        "personnummer/samordningsnummer",
    ),
}


def _synonym_table(words: Mapping[str, Iterable[str]], key) -> dict[str, str]:
    table: dict[str, str] = {}
    for target, spellings in words.items():
        for spelling in (target, *spellings):
            k = key(spelling)
            if table.get(k, target) != target:  # a word may not point two ways
                raise ValueError(f"synonym {spelling!r} maps to {table[k]} and {target}")
            table[k] = target
    return table


#: Normalised header synonym → canonical column (or ``personnummer``). See :func:`suggest_mapping`.
HEADER_SYNONYMS: dict[str, str] = _synonym_table(_HEADER_WORDS, normalise_header)
_HEADER_LOOKUP: dict[str, str] = _synonym_table(_HEADER_WORDS, _lookup_key)


def suggest_mapping(columns: Iterable[str]) -> dict[str, str | None]:
    """File column → the template column it most likely is (``None`` when unknown), by
    :data:`HEADER_SYNONYMS` after normalisation. Two columns may get the same suggestion ("Start" and
    "Startdatum"); :func:`apply_mapping` then refuses, so the user picks one rather than the code guessing.
    """
    return {column: _HEADER_LOOKUP.get(_lookup_key(column)) for column in columns}


def _unused_name(column: str) -> str:
    return f"{column} (används inte)"


def apply_mapping(frame: pd.DataFrame, mapping: Mapping[str, str | None], *, file: str | None = None) -> pd.DataFrame:
    """Rename file columns to template columns.

    ``mapping`` is file column → target (a name in :data:`MAPPING_TARGETS`) or ``None`` (not used: the
    column keeps its file name and is later reported as ignored; a column *named* like a template column
    but set to ``None`` is renamed ``"… (används inte)"`` so it cannot count as that column). Columns absent
    from ``mapping`` keep their names; keys that are not columns are ignored (a saved mapping may cover
    other files). Raises DataError for an unknown target, or when two columns end up with the same name,
    naming both.
    """
    name = file or "filen"
    rename: dict[str, str] = {}
    for column in frame.columns:
        if column not in mapping:
            continue
        target = mapping[column]
        if target is None:
            if column in MAPPING_TARGETS:
                rename[column] = _unused_name(column)
        elif target not in MAPPING_TARGETS:
            raise file_error(
                name,
                f'kolumnen "{column}" är kopplad till "{target}", som inte finns i mallen; '
                f"välj en av {', '.join(MAPPING_TARGETS)} eller ingen",
                len(frame),
            )
        else:
            rename[column] = target
    new_names = [rename.get(c, c) for c in frame.columns]
    sources: dict[str, list[str]] = {}
    for column, new in zip(frame.columns, new_names, strict=True):
        sources.setdefault(new, []).append(column)
    for new, columns in sources.items():
        if len(columns) > 1:
            listed = " och ".join(f'"{c}"' for c in columns)
            raise file_error(
                name,
                f"kolumnerna {listed} kopplas båda till {new}; bara en kolumn kan vara {new}. "
                "Ändra kolumnkopplingen så att den ena inte används, eller ta bort den ur filen",
                len(frame),
            )
    result = frame.copy()
    result.columns = new_names
    return result


def resolve_mapping(columns: Iterable[str], mapping: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """The mapping to apply to ``columns``: suggestions, overridden by a saved/user ``mapping``.

    A saved entry matches its column exactly, or else by normalised name (next month's export may write
    "FÖDELSEÅR" where last month's wrote "Födelseår").
    """
    columns = list(columns)
    result = suggest_mapping(columns)
    if mapping:
        by_key = {normalise_header(k): v for k, v in mapping.items()}
        for column in columns:
            if column in mapping:
                result[column] = mapping[column]
            elif normalise_header(column) in by_key:
                result[column] = by_key[normalise_header(column)]
    return result


def map_table(table: RawTable, mapping: Mapping[str, str | None] | None = None) -> RawTable:
    """``table`` with its columns renamed by :func:`resolve_mapping` (suggestions + ``mapping``).

    The applied mapping is kept in ``RawTable.mapping`` and ``letters`` follow the new names.
    Raises DataError as :func:`apply_mapping` does.
    """
    full = resolve_mapping(table.frame.columns, mapping)
    frame = apply_mapping(table.frame, full, file=table.file)
    letters = {new: table.letters.get(old, "") for old, new in zip(table.frame.columns, frame.columns, strict=True)}
    return replace(table, frame=frame, mapping=full, letters=letters)


def load_mapping(path: str | os.PathLike) -> dict[str, str | None]:
    """A saved column mapping (JSON object: file column → target or ``null``); ``{}`` when none is saved.

    Raises DataError for a file that is not such an object or names a target outside the template.
    """
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise file_error(path.name, "den sparade kolumnkopplingen kunde inte läsas (ogiltig JSON)") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and (v is None or v in MAPPING_TARGETS) for k, v in data.items()
    ):
        raise file_error(
            path.name,
            "den sparade kolumnkopplingen ska vara ett JSON-objekt från filens kolumnnamn till "
            f"{', '.join(MAPPING_TARGETS)} eller null",
        )
    return dict(data)


def save_mapping(path: str | os.PathLike, mapping: Mapping[str, str | None]) -> None:
    """Save a column mapping as JSON, atomically: written to a temporary file in the same folder, then
    moved over the old one with ``os.replace``, so a crash leaves either the old or the new mapping."""
    path = Path(path)
    bad = {k: v for k, v in mapping.items() if v is not None and v not in MAPPING_TARGETS}
    if bad:
        raise ValueError(f"unknown mapping targets: {sorted(set(bad.values()))}")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(mapping), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ----------------------------------------------------------------------------- values


_DATETIME_SUFFIX = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?$")
_YMD = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DMY_SLASH = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")
_TWO_DIGIT_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$|^\d{6}$")
_SERIAL = re.compile(r"^(\d{5})(?:[.,]\d+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 after Excel's fake 1900-02-29
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
#: Smallest Excel serial accepted (1927-05-18): a four-digit number in a date column is a year far more
#: often than a date in 1900–1927, so it is refused rather than silently read as one.
MIN_EXCEL_SERIAL = 10_000
MAX_EXCEL_SERIAL = (MAX_DATE - _EXCEL_EPOCH).days


def _make_date(year: int, month: int, day: int, *, order_hint: str = "") -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"månad {month} finns inte{order_hint}")
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"dag {day} finns inte i månad {month} år {year}{order_hint}") from None
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError("året ligger utanför 1900–2100")
    return value


def parse_date(value: object, *, day_first: bool = True, excel_serial: bool = True) -> dt.date | None:
    """A date cell → ``date``; an empty cell → ``None``; anything else → ``ValueError`` with a Swedish reason
    (which never repeats the value).

    Accepted (years 1900–2100): ``2024-03-01``, ``2024-3-1``, ``2024/03/01``, ``2024.03.01``,
    ``20240301``; ``01.03.2024`` (dots are always day first); ``1/3/2024`` and ``1-3-2024`` read day first
    (1 March), or month first with ``day_first=False``; the same followed by a time (``2024-03-01 00:00:00``,
    how Excel date-times look as text); Excel serial numbers ``10000``–``73415`` (e.g. ``45352`` →
    2024-03-01, a fraction = time of day is ignored) unless ``excel_serial=False``.
    Rejected: impossible dates (31/2/2024, month 13; no guessing that the other order was meant), two-digit
    years (1/3/24: which century?), four-digit numbers (a year, not a date), anything else.
    """
    # Hand-written rather than pd.to_datetime/dateutil: those guess (they may swap day and month when one
    # exceeds 12, and make a date of a lone year) and give no reason; this accepts a fixed list of forms
    # and says in Swedish why anything else is refused.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    timed = _DATETIME_SUFFIX.match(text)
    if timed:
        text = timed.group(1)
    if m := _YMD.match(text):
        return _make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    if m := _YMD_COMPACT.match(text):
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DMY_DOTS.match(text):
        return _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _DMY_SLASH.match(text):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if day_first:
            return _make_date(year, second, first, order_hint=" (datumet lästes som dag/månad/år)")
        return _make_date(year, first, second, order_hint=" (datumet lästes som månad/dag/år)")
    if _TWO_DIGIT_YEAR.match(text):
        raise ValueError("årtalet har bara två siffror; skriv hela årtalet")
    if excel_serial and (m := _SERIAL.match(text)):
        serial = int(m.group(1))
        if MIN_EXCEL_SERIAL <= serial <= MAX_EXCEL_SERIAL:
            from openpyxl.utils.datetime import from_excel  # knows Excel's 1900 leap-year quirk

            return from_excel(serial).date()
        raise ValueError("talet är inget rimligt Excel-datum")
    raise ValueError("okänt datumformat")


def slash_date_needs_other_order(value: object, *, day_first: bool) -> bool:
    """True when ``value`` is a slash/dash date that fails in the chosen order but reads in the other
    (``3/13/2024`` with ``day_first=True``): a hint that the file's date order setting is wrong."""
    text = "" if value is None else str(value).strip()
    timed = _DATETIME_SUFFIX.match(text)
    if timed:
        text = timed.group(1)
    if not _DMY_SLASH.match(text):
        return False
    try:
        parse_date(text, day_first=day_first)
    except ValueError:
        try:
            parse_date(text, day_first=not day_first)
        except ValueError:
            return False
        return True
    return False


# Outcome labels seen in case systems and hand-kept registers. "jobb" is deliberately absent: in case
# systems it mostly names an activity ("jobbsök", "jobbspår", "jobbcoachning"), not a result, so it stays
# an unknown outcome the user must correct rather than being counted as work.
_OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    "arbete": ("arbete", "anställning", "anställd", "i arbete", "fått arbete", "arbete/anställning"),
    "praktik": ("praktik", "praktikplats", "i praktik"),
    "studier": ("studier", "studier/utbildning", "utbildning", "studier/utbildning", "studerar", "börjat studera"),
    "avbrott": ("avbrott", "avbrutit", "avbruten", "avbrutet", "avbröt", "avhopp", "hoppat av"),
    "ingen_sysselsattning": (
        "ingen sysselsättning",
        "ingen_sysselsattning",
        "ej sysselsatt",
        "ej i sysselsättning",
        "utan sysselsättning",
        "ingen sysselsattning",
    ),
    "pagaende": ("pågående", "pagaende", "pågår", "pågar", "aktiv", "ej avslutad", "inskriven"),
}
# "Annan"/"annat" are another gender; "Ej angivet"/"okänt" are *unknown*, not another gender, and are
# not mapped: counting them as "annat" would inflate that group, so such rows are refused instead.
_GENDER_WORDS: dict[str, tuple[str, ...]] = {
    "kvinna": ("kvinna", "k", "kvinnor", "kvinnlig", "kv"),
    "man": ("man", "m", "män", "manlig"),
    "annat": ("annat", "annan", "annat kön", "icke-binär", "ickebinär"),
}
_YES_NO_WORDS: dict[str, tuple[str, ...]] = {
    "ja": ("ja", "j", "yes", "y", "sant", "true", "1"),  # SANT/FALSKT: Swedish Excel's TRUE/FALSE
    "nej": ("nej", "n", "no", "falskt", "false", "0"),
}

#: Normalised outcome label → outcome code (also used for ``utfall_6m``/``utfall_12m``).
OUTCOME_SYNONYMS: dict[str, str] = _synonym_table(_OUTCOME_WORDS, normalise_header)
#: Normalised gender label → ``kvinna``/``man``/``annat``.
GENDER_SYNONYMS: dict[str, str] = _synonym_table(_GENDER_WORDS, normalise_header)
#: Normalised yes/no label → ``ja``/``nej`` (``forlangning``).
YES_NO_SYNONYMS: dict[str, str] = _synonym_table(_YES_NO_WORDS, normalise_header)
#: Which synonym table applies to which column.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "utfall": OUTCOME_SYNONYMS,
    "utfall_6m": OUTCOME_SYNONYMS,
    "utfall_12m": OUTCOME_SYNONYMS,
    "kon": GENDER_SYNONYMS,
    "forlangning": YES_NO_SYNONYMS,
}


def normalise_value(column: str, value: object) -> str:
    """A code cell → its vocabulary code when a synonym matches (``"Studier/utbildning"`` → ``studier``),
    else the cell stripped and lower-cased (so the validator can name the unknown value). Columns without
    a synonym table are returned stripped."""
    text = "" if value is None else str(value).strip()
    table = VALUE_SYNONYMS.get(column)
    if table is None or not text:
        return text
    return table.get(normalise_header(text), text.lower())


# ----------------------------------------------------------------------------- reading bytes


def _source_bytes(source: object, file_name: str | None) -> tuple[bytes, str]:
    """The file's bytes and the name used in messages. Accepts a path, bytes, or an object with
    ``getvalue()``/``read()`` (such as Streamlit's UploadedFile, whose ``name`` is then used)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), file_name or "uppladdad fil"
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = file_name or path.name
        if not path.exists():
            raise file_error(name, f"filen finns inte ({path})")
        if path.is_dir():
            raise file_error(name, "är en mapp, inte en fil")
        try:
            return path.read_bytes(), name
        except OSError as exc:
            raise file_error(name, "filen kunde inte öppnas (saknas behörighet, eller är den öppen i Excel?)") from exc
    getter = getattr(source, "getvalue", None) or getattr(source, "read", None)
    if getter is None:
        raise TypeError("source must be a path, bytes or a file-like object")
    return bytes(getter()), file_name or getattr(source, "name", None) or "uppladdad fil"


# Signatures of files people upload by mistake; a named kind makes the message useful.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "en bild (PNG)"),
    (b"\xff\xd8\xff", "en bild (JPEG)"),
    (b"GIF8", "en bild (GIF)"),
    (b"%PDF", "ett PDF-dokument"),
    (b"\x1f\x8b", "en komprimerad fil (gzip)"),
)
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old .xls format, and also any password-protected .xlsx


def _kind(data: bytes, name: str) -> str:
    """``"xlsx"`` or ``"csv"`` from the content first and the name second; DataError for the rest."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise file_error(name, "filen är tom")
    if data.startswith(_OLE):
        if suffix in EXCEL_SUFFIXES:
            raise file_error(name, "Excel-filen är lösenordsskyddad eller krypterad; spara den utan lösenord")
        raise file_error(name, "det gamla Excel-formatet .xls stöds inte; spara som .xlsx eller CSV")
    if suffix == ".xls":
        raise file_error(name, "det gamla Excel-formatet .xls stöds inte; spara som .xlsx eller CSV")
    if data.startswith(_ZIP) or suffix in EXCEL_SUFFIXES:
        return "xlsx"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise file_error(name, f"filen är {what}, inte en tabell; ladda upp en CSV- eller Excel-fil (.xlsx)")
    return "csv"


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding name. A BOM decides; otherwise UTF-8 if it decodes, else Windows-1252.

    Hand-written rather than a detector such as charset-normalizer: Swedish Excel writes only these
    encodings, and a strict UTF-8 attempt followed by cp1252 is exact for them, while a statistical
    detector can call a short cp1252 file Latin-2 or MacRoman.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise file_error(name, "okänd teckenkodning; spara filen som CSV UTF-8 eller .xlsx") from exc
    return text, encoding


def _looks_binary(text: str) -> bool:
    # Text files have no NUL and almost no control characters besides tab and line ends.
    sample = text[:20_000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 200)


_Rows = list[tuple[int, list[str]]]  # (Excel row number, stripped cells)
_SEP_LINE = re.compile(r'^"?sep=(.)"?\r?\n', re.IGNORECASE)


def _detect_separator(text: str) -> str:
    """``;``, ``,`` or tab: the one that splits most lines into the same number (≥ 2) of fields, weighted
    by that number. Lines with a single field (title rows) count against no separator. Hand-written rather
    than ``csv.Sniffer``, which is thrown by decimal commas inside a semicolon file ("12,5") and by
    title rows."""
    sample = text[:65_536]
    best, best_score = ",", 0.0
    for sep in (";", ",", "\t"):
        records = list(csv.reader(io.StringIO(sample, newline=""), delimiter=sep))
        if len(sample) < len(text) and len(records) > 1:
            records = records[:-1]  # the last line may be cut off by the sample
        lines = [r for r in records if len(r) > 1 or (r and r[0].strip())]
        split = [len(r) for r in lines if len(r) > 1]
        if not split:
            continue
        mode, frequency = Counter(split).most_common(1)[0]
        score = (mode - 1) * frequency / len(lines)
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv(data: bytes, name: str) -> tuple[_Rows, str, str, list[str], list[str]]:
    text, encoding = _decode(data, name)
    if _looks_binary(text):
        raise file_error(name, "filen ser inte ut som en tabell (CSV eller Excel); den innehåller binära data")
    notes = [f"teckenkodning: {ENCODING_LABELS[encoding]}"]
    warnings = [CP1252_WARNING] if encoding == "cp1252" else []
    sep_line = _SEP_LINE.match(text)
    if sep_line and sep_line.group(1) in SEPARATOR_LABELS:
        separator = sep_line.group(1)
        # Excel reads "sep=;" as an instruction and does not show it, so it takes no row number.
        text = text[sep_line.end() :]
        notes.append(f'första raden "sep={separator}" anger avgränsaren och räknas inte som en rad')
    else:
        separator = _detect_separator(text)
    notes.append(f"avgränsare: {SEPARATOR_LABELS[separator]}")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise file_error(name, "filen kunde inte tolkas som CSV; kontrollera avgränsare och citattecken") from exc
    rows = [(number, [cell.strip() for cell in record]) for number, record in enumerate(records, start=1)]
    for number, cells in rows:
        # One cell spanning many lines is almost always a quote that is never closed.
        if any(cell.count("\n") > 10 for cell in cells):
            raise file_error(
                name,
                f'ett citattecken (") på rad {number} verkar aldrig avslutas, så resten av filen hamnade i en '
                "enda cell; kontrollera citattecknen",
            )
    return rows, encoding, separator, notes, warnings


def cell_text(value: object) -> str:
    """One spreadsheet cell as text: date cells → ``YYYY-MM-DD`` (the time of day dropped), whole numbers
    lose Excel's ``.0``, other numbers keep their digits, TRUE/FALSE → ``True``/``False``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        # Excel stores every number as a float; 1985.0 is the year 1985.
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _choose_sheet(workbook, sheet: str | int | None, name: str) -> tuple[Any, list[str], list[str]]:
    worksheets = workbook.worksheets  # chart sheets have no cells and are not offered
    titles = [ws.title for ws in worksheets]
    listed = ", ".join(f'"{t}"' for t in titles)
    notes: list[str] = []
    if not worksheets:
        raise file_error(name, "Excel-filen har inga kalkylblad")
    if sheet is None:
        visible = [ws for ws in worksheets if ws.sheet_state == "visible"] or worksheets
        chosen = visible[0]
        if chosen is not worksheets[0]:
            notes.append(f'det första bladet är dolt; det första synliga bladet "{chosen.title}" lästes')
    elif isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(worksheets):
            raise file_error(name, f"blad nummer {sheet + 1} finns inte; filen har bladen {listed}")
        chosen = worksheets[sheet]
    else:
        wanted = str(sheet).strip()
        matches = [ws for ws in worksheets if ws.title == wanted] or [
            ws for ws in worksheets if ws.title.strip().casefold() == wanted.casefold()
        ]
        if not matches:
            raise file_error(name, f'bladet "{wanted}" finns inte; filen har bladen {listed}')
        chosen = matches[0]
    if len(titles) > 1:
        notes.append(f'filen har bladen {listed}; bladet "{chosen.title}" lästes')
    return chosen, titles, notes


def _read_xlsx(data: bytes, name: str, sheet: str | int | None) -> tuple[_Rows, str, list[str], list[str]]:
    import openpyxl  # imported here: only Excel files need it

    try:
        # Full (not read-only) mode: it numbers rows exactly as Excel does even when a file's stored
        # dimensions are wrong; participant files are small. data_only: a formula's last computed value.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise file_error(name, "Excel-filen kunde inte läsas; är den en giltig .xlsx-fil?") from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files; none may reach the user raw
        raise file_error(name, "Excel-filen kunde inte läsas; är den en giltig .xlsx-fil?") from exc
    try:
        worksheet, titles, notes = _choose_sheet(workbook, sheet, name)
        rows = [
            (number, [cell_text(v).strip() for v in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    if not any(any(cells) for _, cells in rows):
        others = [t for t in titles if t != worksheet.title]
        quoted = ", ".join(f'"{t}"' for t in others)
        hint = f"; filen har också bladen {quoted}" if others else ""
        raise file_error(name, f'bladet "{worksheet.title}" är tomt{hint}')
    return rows, worksheet.title, titles, notes


# ----------------------------------------------------------------------------- the header row


def header_score(cells: Iterable[str], known_columns: Iterable[str] = ()) -> int:
    """How many cells of a row are known column names (template names, their synonyms, or any of
    ``known_columns``), after normalisation. A header row scores high; title and data rows score ~0."""
    known = {_lookup_key(c) for c in known_columns}
    return sum(1 for c in cells if c and (_lookup_key(c) in _HEADER_LOOKUP or _lookup_key(c) in known))


def _find_header(rows: _Rows, known_columns: Iterable[str], name: str, sheets: list[str], sheet: str | None) -> int:
    known = list(known_columns)
    best_pos, best_score = -1, 0
    for pos, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(cells, known)
        if score > best_score:  # strictly greater: the first of equally good rows wins
            best_pos, best_score = pos, score
    if best_pos < 0:
        examples = ", ".join(list(known)[:3] or ["deltagare_id", "insats", "startdatum"])
        where = f'bladet "{sheet}": ' if sheet and len(sheets) > 1 else ""
        others = [f'"{t}"' for t in sheets if t != sheet]
        hint = f"; filen har också bladen {', '.join(others)}" if others else ""
        raise file_error(
            name,
            f"{where}ingen rad bland de första {HEADER_SEARCH_ROWS} ser ut som en rubrikrad (kolumnnamn som "
            f"{examples}); kontrollera att det är rätt fil och rätt blad, eller ange vilken rad som är rubrikrad"
            + hint,
        )
    return best_pos


def read_table(
    source: object,
    file_name: str | None = None,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    known_columns: Iterable[str] = (),
) -> RawTable:
    """Read a CSV or XLSX participant file (or any table with a header row) into a :class:`RawTable`.

    ``source``: a path, bytes (an upload), or a file-like object; ``file_name`` names it in messages (and
    decides CSV vs XLSX when the content does not). ``sheet``: a sheet name (case-insensitive) or 0-based
    index for XLSX; default the first visible sheet; ignored for CSV. ``header_row``: the Excel row number
    of the header, when the user knows better than the detection. ``known_columns``: header names that
    count when looking for the header row, besides the template's and :data:`HEADER_SYNONYMS` (pass the
    keys of a saved mapping, or another table's columns).

    Raises :class:`DataError` (Swedish, naming the file) for the cases in the module docstring.
    """
    data, name = _source_bytes(source, file_name)
    kind = _kind(data, name)
    notes: list[str] = []
    warnings: list[str] = []
    encoding = separator = chosen_sheet = None
    sheets: list[str] = []
    if kind == "xlsx":
        if Path(name).suffix.lower() not in EXCEL_SUFFIXES:
            notes.append("filen är en Excel-arbetsbok (.xlsx) och lästes som en sådan")
        rows, chosen_sheet, sheets, sheet_notes = _read_xlsx(data, name, sheet)
        notes.extend(sheet_notes)
    else:
        rows, encoding, separator, csv_notes, warnings = _read_csv(data, name)
        notes.extend(csv_notes)

    # Empty rows after the last filled one are Excel formatting or a final blank line, not data rows.
    last = max((pos for pos, (_, cells) in enumerate(rows) if any(cells)), default=-1)
    if last < 0:
        raise file_error(name, "filen är tom")
    trailing = len(rows) - last - 1
    rows = rows[: last + 1]
    if trailing:
        rows_text = "1 tom rad" if trailing == 1 else f"{trailing} tomma rader"
        notes.append(f"{rows_text} efter sista raden med innehåll räknas inte")

    if header_row is not None:
        positions = [pos for pos, (number, _) in enumerate(rows) if number == header_row]
        if not positions or not any(rows[positions[0]][1]):
            raise file_error(name, f"rad {header_row} finns inte eller är tom och kan inte vara rubrikrad")
        header_pos = positions[0]
    else:
        header_pos = _find_header(rows, known_columns, name, sheets, chosen_sheet)
    header_number, header_cells = rows[header_pos]
    above = [number for number, cells in rows[:header_pos] if any(cells)]
    if above:
        skipped = f"rad {above[0]}" if len(above) == 1 else f"rad {above[0]}–{above[-1]}"
        message = f"rubrikraden hittades på rad {header_number}; {skipped} ovanför den lästes inte som data"
        notes.append(message)
        warnings.append(message)
    elif header_number != 1:
        notes.append(f"rubrikraden hittades på rad {header_number}")

    data_rows = rows[header_pos + 1 :]
    width = max([len(header_cells), *(len(cells) for _, cells in data_rows)])
    header = [*header_cells, *[""] * (width - len(header_cells))]
    fields = len(header_cells)
    if kind == "csv":
        # In a CSV, filled fields beyond the header are shifted values (a separator inside an unquoted
        # field, such as a decimal comma in a comma file): every cell of the row is suspect.
        for number, cells in data_rows:
            if any(cells[fields:]):
                count = max(i + 1 for i, c in enumerate(cells) if c)
                raise file_error(
                    name,
                    f"filen kunde inte tolkas som CSV på rad {number}: fler fält än rubrikraden har "
                    f"({count} i stället för {fields}). Kontrollera avgränsare och citattecken "
                    "(ett decimaltal med komma i en kommaseparerad fil måste stå inom citattecken)",
                    len(data_rows),
                )
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i + 1) for i in range(width)]
    names = [c if c else f"(namnlös kolumn {letters[i]})" for i, c in enumerate(header)]
    counts = Counter(names)
    for column, count in counts.items():
        if count > 1:
            where = " och ".join(letters[i] for i, n in enumerate(names) if n == column)
            raise file_error(
                name,
                f'kolumnen "{column}" förekommer mer än en gång i rubrikraden (kolumn {where}); '
                "ge kolumnerna olika namn",
                len(data_rows),
            )
    matrix = [[*cells, *[""] * (width - len(cells))] for _, cells in data_rows]
    numbers = [number for number, _ in data_rows]
    frame = pd.DataFrame(
        {n: pd.Series([row[i] for row in matrix], dtype=str) for i, n in enumerate(names)},
    )
    frame.index = pd.Index(numbers, name="rad", dtype="int64")
    # Columns with an empty header and no content are Excel's trailing formatting, not data.
    empty_columns = [n for i, n in enumerate(names) if not header[i] and not (frame[n] != "").any()]
    frame = frame.drop(columns=empty_columns)
    letter_of = {n: letters[i] for i, n in enumerate(names) if n not in empty_columns}
    return RawTable(
        file=identity.redact_message(name),
        frame=frame,
        rows=numbers,
        header_row=header_number,
        encoding=encoding,
        separator=separator,
        sheet=chosen_sheet,
        sheets=sheets,
        # Sheet names are quoted in the notes: a sheet named after a person must not reach the page.
        notes=[identity.redact_message(note) for note in notes],
        warnings=[identity.redact_message(warning) for warning in warnings],
        letters=letter_of,
    )
