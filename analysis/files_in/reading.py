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
  recognisable header row, a CSV row with more fields than its header (a separator or quoting problem), a
  CSV that mixes UTF-8 with another encoding (naming the rows that are not UTF-8).
* **Hostile files** are refused within bounded memory and time, by the limits of
  :mod:`analysis.files_in.limits` (file size; an XLSX's parts, unpacked size and packing ratio, read from
  the zip directory before anything is unpacked; rows, columns and cells, counted while streaming). An
  XLSX is streamed part by part and only the sheet asked for is parsed (see the XLSX section below);
  :func:`sheet_names` lists the sheets cheaply, so a sheet can be picked whatever the first one holds.

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
import posixpath
import re
import struct
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import vocab
from analysis.files_in import identity
from analysis.files_in.limits import EXCEL_MAX_COLUMNS, Limits, from_environment, setting
from analysis.files_in.limits import number as _thousands
from analysis.files_in.validation import DataError, file_error, row_ranges

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

_MB = 1024 * 1024


def _too_large(name: str, size: int, limits: Limits) -> DataError:
    return file_error(
        name,
        f"filen är {_megabytes(size)} MB; den största fil som tas emot är {limits.upload_mb} MB "
        f"({setting('upload_mb')}). Spara bara bladet med deltagarna, eller dela upp filen",
    )


def _megabytes(size: int) -> str:
    """Bytes as MB for a message, rounded up so that a file just over a limit never reads as equal to it."""
    tenths = -(-size * 10 // _MB)
    return _thousands(tenths // 10) if tenths % 10 == 0 else f"{_thousands(tenths // 10)},{tenths % 10}"


def _source_bytes(source: object, file_name: str | None, limits: Limits) -> tuple[bytes, str]:
    """The file's bytes and the name used in messages. Accepts a path, bytes, or an object with
    ``getvalue()``/``read()`` (such as Streamlit's UploadedFile, whose ``name`` is then used). A file larger
    than ``limits.upload_mb`` is refused (a path before it is read into memory)."""
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), file_name or "uppladdad fil"
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        name = file_name or path.name
        if not path.exists():
            raise file_error(name, f"filen finns inte ({path})")
        if path.is_dir():
            raise file_error(name, "är en mapp, inte en fil")
        try:
            size = path.stat().st_size
            if size > limits.upload_bytes:
                raise _too_large(name, size, limits)
            data = path.read_bytes()
        except OSError as exc:
            raise file_error(name, "filen kunde inte öppnas (saknas behörighet, eller är den öppen i Excel?)") from exc
    else:
        getter = getattr(source, "getvalue", None) or getattr(source, "read", None)
        if getter is None:
            raise TypeError("source must be a path, bytes or a file-like object")
        data = bytes(getter())
        name = file_name or getattr(source, "name", None) or "uppladdad fil"
    if len(data) > limits.upload_bytes:
        raise _too_large(name, len(data), limits)
    return data, name


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


# A valid UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: Text decoded with ``surrogateescape`` holds each byte that is not UTF-8 as one of these code points.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
#: How many rows a mixed-encoding refusal names before it only counts the rest.
MIXED_ROWS_LISTED = 10


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding name. A BOM decides; otherwise UTF-8 if it decodes, else Windows-1252.

    Hand-written rather than a detector such as charset-normalizer: Swedish Excel writes only these
    encodings, and a strict UTF-8 attempt followed by cp1252 is exact for them, while a statistical
    detector can call a short cp1252 file Latin-2 or MacRoman.

    A file that is neither (valid UTF-8 sequences such as ``å`` next to bytes that are not UTF-8, typically
    one row pasted from a Windows-1252 file into a UTF-8 one) comes back as ``"blandad"``: the text decoded
    with ``surrogateescape``, so that :func:`_read_csv` can name the rows before refusing it. Reading such a
    file as Windows-1252 would silently garble every å, ä and ö of the UTF-8 rows.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise file_error(name, "okänd teckenkodning; spara filen som CSV UTF-8 eller .xlsx") from exc
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 BOM says the file was meant as UTF-8; otherwise real UTF-8 letters elsewhere say so. (A
    # Windows-1252 file matches a UTF-8 pair only where a capital accented letter is directly followed by
    # a symbol such as "§" or "°": rare, and then refused with a clear message rather than garbled.)
    if bom or _UTF8_MULTIBYTE.search(data):
        return data.decode("utf-8-sig", errors="surrogateescape"), "blandad"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise file_error(name, "okänd teckenkodning; spara filen som CSV UTF-8 eller .xlsx") from exc


def _mixed_encoding_error(name: str, rows: list[int]) -> DataError:
    listed = row_ranges(rows[:MIXED_ROWS_LISTED])
    more = f" och {_thousands(len(rows) - MIXED_ROWS_LISTED)} till" if len(rows) > MIXED_ROWS_LISTED else ""
    count = "1 rad" if len(rows) == 1 else f"{_thousands(len(rows))} rader"
    where = "rad" if len(rows) == 1 else "raderna"
    return file_error(
        name,
        f"filen blandar teckenkodningar: den har tecken i UTF-8, men {where} {listed}{more} ({count}) har "
        "tecken som inte är UTF-8 (troligen Windows-1252/ANSI, till exempel inklistrade från en annan fil). "
        "Filen lästes inte, eftersom å, ä och ö annars skulle bli fel på en del rader. Spara filen som "
        '"CSV UTF-8" i Excel, eller skriv om tecknen på de raderna',
    )


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


def _subject(sheet: str | None) -> str:
    return f'bladet "{sheet}"' if sheet else "filen"


def _rows_error(name: str, limits: Limits, sheet: str | None = None) -> DataError:
    return file_error(
        name,
        f"{_subject(sheet)} har fler än {_thousands(limits.rows)} rader; gränsen är {_thousands(limits.rows)} rader "
        f"({setting('rows')}). Filen lästes inte; dela upp den i mindre filer",
    )


def _columns_error(
    name: str, limits: Limits, row: int, columns: int, sheet: str | None = None, excel: bool = False
) -> DataError:
    found = f"innehåll i kolumn {_letter(columns)}" if excel else f"{_thousands(columns)} fält"
    where = f'bladet "{sheet}": ' if sheet else ""
    return file_error(
        name,
        f"{where}rad {row} har {found}; gränsen är {_thousands(limits.columns)} kolumner ({setting('columns')}). "
        "Filen lästes inte; ta bort kolumner som inte behövs" + ("" if excel else ", eller kontrollera avgränsaren"),
    )


def _cells_error(name: str, limits: Limits, sheet: str | None = None, excel: bool = False) -> DataError:
    also = " (även tomma celler som har formatering räknas)" if excel else ""
    return file_error(
        name,
        f"{_subject(sheet)} har fler än {_thousands(limits.cells)} celler{also}; gränsen är {_thousands(limits.cells)} "
        f"celler ({setting('cells')}). Filen lästes inte; ta bort rader eller kolumner som inte behövs",
    )


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column) if column <= EXCEL_MAX_COLUMNS else f"nummer {_thousands(column)}"


def _read_csv(data: bytes, name: str, limits: Limits) -> tuple[_Rows, list[int], str, str, list[str], list[str]]:
    """Rows (each cut after its last filled field), each row's full field count, encoding, separator,
    notes and warnings. Limits are checked record by record, so a file over them is refused as soon as the
    reader gets there, never after building it whole."""
    text, encoding = _decode(data, name)
    if _looks_binary(text):
        raise file_error(name, "filen ser inte ut som en tabell (CSV eller Excel); den innehåller binära data")
    notes = [f"teckenkodning: {ENCODING_LABELS.get(encoding, encoding)}"]
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
    rows: _Rows = []
    widths: list[int] = []
    not_utf8: list[int] = []
    cells = 0
    try:
        for number_, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=1):
            if number_ > limits.rows:
                raise _rows_error(name, limits)
            stripped = [cell.strip() for cell in record]
            used = len(stripped)
            while used and not stripped[used - 1]:
                used -= 1
            if used > limits.columns:
                raise _columns_error(name, limits, number_, used)
            cells += used
            if cells > limits.cells:
                raise _cells_error(name, limits)
            # One cell spanning many lines is almost always a quote that is never closed.
            if any(cell.count("\n") > 10 for cell in stripped):
                raise file_error(
                    name,
                    f'ett citattecken (") på rad {number_} verkar aldrig avslutas, så resten av filen hamnade i '
                    "en enda cell; kontrollera citattecknen",
                )
            if encoding == "blandad" and any(_NOT_UTF8.search(cell) for cell in record):
                not_utf8.append(number_)
            del stripped[used:]
            rows.append((number_, stripped))
            widths.append(len(record))
    except csv.Error as exc:
        raise file_error(name, "filen kunde inte tolkas som CSV; kontrollera avgränsare och citattecken") from exc
    if encoding == "blandad":
        raise _mixed_encoding_error(name, not_utf8)
    return rows, widths, encoding, separator, notes, warnings


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


# ----------------------------------------------------------------------------- XLSX
#
# An XLSX is a zip of XML parts. It is read in two steps, both bounded whatever the file holds:
#
# 1. The zip directory alone (no part unpacked): how many parts, how large unpacked in total, and how many
#    times larger than packed each part becomes (:func:`_open_workbook`). A 4 MB file that would unpack to
#    4 GB is refused here.
# 2. The XML parts needed, parsed as a stream with the standard library's expat (:func:`_parse_part`):
#    package and workbook relationships, workbook.xml (sheet names and states), styles (which cell formats
#    are dates), shared strings, and the one sheet asked for. Rows, columns and cells are counted while
#    streaming, and reading stops at the first one over its limit.
#
# Hand-written rather than openpyxl's load_workbook: in full mode it builds an object per cell (the
# 100 000-row template took 43 s and 700 MB); read-only mode pads every row to the sheet's stated
# <dimension> (a sheet can claim A1:XFD1048576, 17 billion cells) and, like every openpyxl sheet parser,
# keeps all cell elements of a row in memory until the row ends (one row of 70 million empty cells is
# gigabytes), and it parses every sheet that has no <dimension> just to size it. Here nothing but the
# cells with content is kept, and the sheets not asked for are never opened. openpyxl still supplies the
# parts that encode Excel's rules: which number formats are dates, and Excel serial numbers as dates.

#: Parts smaller than this unpacked are not ratio-checked (a few kilobytes of repeated XML may pack 100×).
_RATIO_FLOOR = _MB
#: Excel's own ceiling for the text of one cell.
EXCEL_MAX_CELL_CHARS = 32_767
_REL_OFFICE_DOCUMENT = "/officeDocument"
_REL_WORKSHEET = "/worksheet"
_REL_SHARED_STRINGS = "/sharedStrings"
_REL_STYLES = "/styles"


class _Unreadable(Exception):
    """A part that is not what an XLSX holds (bad XML, a DTD, a missing part…): the file cannot be read."""


@dataclass(frozen=True)
class SheetInfo:
    """One sheet of a workbook as :func:`workbook_sheets` lists it: its title as the workbook has it (redact
    before showing: a sheet may be named after a person) and whether Excel hides it."""

    title: str
    hidden: bool = False


@dataclass
class _Workbook:
    archive: zipfile.ZipFile
    sheets: list[SheetInfo]
    paths: list[str]  # zip member of each sheet in ``sheets``
    shared_strings: str | None
    styles: str | None
    date1904: bool


def _zip_entries(data: bytes) -> int | None:
    """The number of entries the zip's end-of-central-directory record announces (``None`` when there is
    none). Read before :class:`zipfile.ZipFile`, which builds an object per entry: a 50 MB zip may list a
    million."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    (total,) = struct.unpack_from("<H", data, end + 10)
    if total != 0xFFFF:
        return total
    # ZIP64: the real count is in the ZIP64 end record, which a locator just before this record points to.
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if offset + 56 <= len(data) and data[offset : offset + 4] == b"PK\x06\x06":
            return struct.unpack_from("<Q", data, offset + 32)[0]
    return total


def _unreadable(name: str) -> DataError:
    return file_error(name, "Excel-filen kunde inte läsas; är den en giltig .xlsx-fil?")


def _check_zip(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
    """The workbook's zip, after its directory passed the limits on parts, unpacked size and packing ratio."""
    announced = _zip_entries(data)
    if announced is not None and announced > limits.xlsx_members:
        raise _members_error(name, announced, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, and whatever a damaged directory makes zipfile raise
        raise _unreadable(name) from exc
    infos = archive.infolist()
    if len(infos) > limits.xlsx_members:
        raise _members_error(name, len(infos), limits)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.xlsx_unpacked_bytes:
        raise file_error(
            name,
            f"Excel-filen blir {_megabytes(unpacked)} MB uppackad; gränsen är {limits.xlsx_unpacked_mb} MB "
            f"({setting('xlsx_unpacked_mb')}). Filen packades inte upp. Spara bladet med deltagarna som en "
            "egen fil, eller som CSV",
        )
    for info in infos:
        if info.file_size >= _RATIO_FLOOR and info.file_size > limits.xlsx_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise file_error(
                name,
                f"en del av Excel-filen blir {_thousands(ratio)} gånger större uppackad ({_megabytes(info.file_size)} "
                f"MB); gränsen är {_thousands(limits.xlsx_ratio)} gånger ({setting('xlsx_ratio')}), och en vanlig "
                "arbetsbok packas ett tiotal gånger. Filen ser ut som en så kallad zipbomb och packades inte upp",
            )
    return archive


def _members_error(name: str, count: int, limits: Limits) -> DataError:
    return file_error(
        name,
        f"Excel-filen består av {_thousands(count)} delar; en arbetsbok får bestå av högst "
        f"{_thousands(limits.xlsx_members)} ({setting('xlsx_members')}). Filen packades inte upp",
    )


def _parse_part(archive: zipfile.ZipFile, member: str, start, end=None, text=None, *, qualified=False) -> None:
    """Stream one XML part through expat: ``start(local_name, attributes)``, ``end(local_name)``,
    ``text(chunk)``. Element names lose their namespace (Excel's transitional and strict namespaces read
    alike); with ``qualified`` the handlers get expat's ``"namespace local"`` names and strip them
    themselves (one call less per element, for the sheet). A document type declaration is refused: no XLSX
    part has one, and it is where entity-expansion attacks live."""
    import pyexpat

    parser = pyexpat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = 65_536

    def doctype(*_args) -> None:
        raise _Unreadable("DTD")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    if qualified:
        parser.StartElementHandler = start
        parser.EndElementHandler = end
    else:
        parser.StartElementHandler = lambda tag, attrs: start(tag[tag.rfind(" ") + 1 :], attrs)
        if end is not None:
            parser.EndElementHandler = lambda tag: end(tag[tag.rfind(" ") + 1 :])
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_MB):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except KeyError as exc:
        raise _Unreadable(member) from exc
    except pyexpat.ExpatError as exc:
        raise _Unreadable(member) from exc


def _local_attribute(attrs: Mapping[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever namespace it is in (``r:id``)."""
    for key, value in attrs.items():
        if key == local or key.endswith(" " + local):
            return value
    return None


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, zip member) of ``part`` (from ``<folder>/_rels/<name>.rels``)."""
    folder, _, base = part.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    found: dict[str, tuple[str, str]] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(member))

    if rels in archive.NameToInfo:
        _parse_part(archive, rels, start)
    return found


def _open_workbook(data: bytes, name: str, limits: Limits) -> _Workbook:
    """The zip checked (:func:`_check_zip`) and its workbook part read: sheets, and where the shared
    strings and styles are. No sheet is opened."""
    archive = _check_zip(data, name, limits)
    try:
        package = _relationships(archive, "")
        workbook_part = next(
            (member for kind, member in package.values() if kind.endswith(_REL_OFFICE_DOCUMENT)), "xl/workbook.xml"
        )
        rels = _relationships(archive, workbook_part)
        sheets: list[SheetInfo] = []
        paths: list[str] = []
        flags = {"date1904": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "sheet":
                kind, member = rels.get(_local_attribute(attrs, "id") or "", ("", ""))
                if kind.endswith(_REL_WORKSHEET):  # chart, dialog and macro sheets have no cells to read
                    sheets.append(SheetInfo(attrs.get("name", ""), attrs.get("state", "visible") != "visible"))
                    paths.append(member)
            elif tag == "workbookPr":
                flags["date1904"] = attrs.get("date1904", "").strip().lower() in ("1", "true")

        _parse_part(archive, workbook_part, start)
    except _Unreadable as exc:
        raise _unreadable(name) from exc
    except DataError:
        raise
    except Exception as exc:  # a damaged part: whatever zipfile or expat raise, the user gets one message
        raise _unreadable(name) from exc
    by_kind = {kind.rpartition("/")[2]: member for kind, member in rels.values()}
    return _Workbook(
        archive=archive,
        sheets=sheets,
        paths=paths,
        shared_strings=by_kind.get(_REL_SHARED_STRINGS[1:]),
        styles=by_kind.get(_REL_STYLES[1:]) or ("xl/styles.xml" if "xl/styles.xml" in archive.NameToInfo else None),
        date1904=flags["date1904"],
    )


def workbook_sheets(source: object, file_name: str | None = None, *, limits: Limits | None = None) -> list[SheetInfo]:
    """The worksheets of an XLSX (path, bytes or upload), in the workbook's order, with whether each is
    hidden; ``[]`` for a CSV. Cheap whatever the sheets hold: only the zip directory and workbook.xml are
    read, so a picker can be offered before any sheet is parsed. Index ``i`` of the list is
    ``read_table(..., sheet=i)``. Raises DataError as :func:`read_table` does for a file that is refused
    before its sheets (too large, not a workbook, a zip bomb…)."""
    limits = limits or from_environment()
    data, name = _source_bytes(source, file_name, limits)
    if _kind(data, name) != "xlsx":
        return []
    workbook = _open_workbook(data, name, limits)
    workbook.archive.close()
    return workbook.sheets


def sheet_names(data: object, file_name: str | None = None, *, limits: Limits | None = None) -> list[str]:
    """The worksheet titles of an XLSX (``[]`` for a CSV), as :attr:`RawTable.sheets` lists them; see
    :func:`workbook_sheets`, which also says which are hidden. Titles are the workbook's own: redact them
    before showing them."""
    return [sheet.title for sheet in workbook_sheets(data, file_name, limits=limits)]


def default_sheet_index(data: object, file_name: str | None = None, *, limits: Limits | None = None) -> int | None:
    """The index of the sheet :func:`read_table` reads when no sheet is given (the first visible one), or
    ``None`` for a CSV or a workbook without worksheets."""
    sheets = workbook_sheets(data, file_name, limits=limits)
    visible = [i for i, sheet in enumerate(sheets) if not sheet.hidden]
    return (visible or list(range(len(sheets))) or [None])[0]


def _choose_sheet(sheets: list[SheetInfo], sheet: str | int | None, name: str) -> tuple[int, list[str]]:
    titles = [s.title for s in sheets]
    listed = ", ".join(f'"{t}"' for t in titles)
    notes: list[str] = []
    if not sheets:
        raise file_error(name, "Excel-filen har inga kalkylblad")
    if sheet is None:
        visible = [i for i, s in enumerate(sheets) if not s.hidden] or list(range(len(sheets)))
        chosen = visible[0]
        if chosen != 0:
            notes.append(f'det första bladet är dolt; det första synliga bladet "{titles[chosen]}" lästes')
    elif isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(sheets):
            raise file_error(name, f"blad nummer {sheet + 1} finns inte; filen har bladen {listed}")
        chosen = sheet
    else:
        wanted = str(sheet).strip()
        matches = [i for i, t in enumerate(titles) if t == wanted] or [
            i for i, t in enumerate(titles) if t.strip().casefold() == wanted.casefold()
        ]
        if not matches:
            raise file_error(name, f'bladet "{wanted}" finns inte; filen har bladen {listed}')
        chosen = matches[0]
    if len(titles) > 1:
        notes.append(f'filen har bladen {listed}; bladet "{titles[chosen]}" lästes')
    return chosen, notes


def _date_styles(workbook: _Workbook) -> tuple[set[str], set[str]]:
    """The cell formats (``s`` attribute values) that show a number as a date, and those that show it as a
    duration, by openpyxl's reading of Excel's number format codes."""
    from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format

    if workbook.styles is None:
        return set(), set()
    custom: dict[str, str] = {}
    formats: list[str] = []  # numFmtId of each cell format, in order
    depth = {"cellXfs": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt":
            custom[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            depth["cellXfs"] += 1
        elif tag == "xf" and depth["cellXfs"] and len(formats) <= 65_536:  # Excel allows 64 000
            formats.append(attrs.get("numFmtId", "0"))

    def end(tag: str) -> None:
        if tag == "cellXfs":
            depth["cellXfs"] -= 1

    _parse_part(workbook.archive, workbook.styles, start, end)
    dates: set[str] = set()
    durations: set[str] = set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id)
        if code is None:
            try:
                code = builtin_format_code(int(format_id))
            except ValueError:
                code = None
        if is_date_format(code):
            dates.add(str(index))
        if is_timedelta_format(code):
            durations.add(str(index))
    return dates, durations


def _shared_strings(workbook: _Workbook, name: str, limits: Limits) -> list[str]:
    """The shared strings table: the text of each ``<si>`` (plain and rich-text runs, not the phonetic
    guides), as openpyxl reads it. More strings than the cell limit cannot all be used: refused."""
    if workbook.shared_strings is None:
        return []
    strings: list[str] = []
    state = {"si": False, "t": False, "rPh": 0, "size": 0}
    parts: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "t":
            state["t"] = state["si"] and not state["rPh"]
        elif tag == "si":
            state["si"] = True
            state["size"] = 0
            parts.clear()
        elif tag == "rPh":
            state["rPh"] += 1

    def end(tag: str) -> None:
        if tag == "t":
            state["t"] = False
        elif tag == "si":
            state["si"] = False
            if len(strings) >= limits.cells:
                raise _cells_error(name, limits, excel=True)
            strings.append("".join(parts).replace("x005F_", ""))
        elif tag == "rPh":
            state["rPh"] -= 1

    def text(chunk: str) -> None:
        if state["t"]:
            state["size"] += len(chunk)
            if state["size"] > EXCEL_MAX_CELL_CHARS:
                raise _long_text_error(name)
            parts.append(chunk)

    _parse_part(workbook.archive, workbook.shared_strings, start, end, text)
    return strings


def _long_text_error(name: str, row: int | None = None) -> DataError:
    where = f"en cell på rad {row}" if row else "en cell"
    return file_error(
        name,
        f"{where} har mer än {_thousands(EXCEL_MAX_CELL_CHARS)} tecken, mer än Excel själv tillåter; filen är "
        "skadad eller inte skriven av Excel",
    )


def _count_tags(workbook: _Workbook, index: int, name: str, where: str | None, limits: Limits) -> None:
    """Refuse a sheet with more row or cell elements than the limits allow, before parsing it: the sheet's
    XML is unpacked as a stream and its ``<row`` and ``<c`` tags counted with ``bytes.count``, which takes
    a second where parsing ten million empty cells takes half a minute. An overcount is only possible
    from tags inside comments (hostile files have them), and tags written with an unexpected namespace
    prefix are missed, but the parser counts every element again exactly, so this is only the fast path."""
    with workbook.archive.open(workbook.paths[index]) as stream:
        chunk = stream.read(_MB)
        root = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]", chunk)
        prefix = (root.group(1) or b"") if root else b""
        after = (b" ", b"/", b">", b"\t", b"\n", b"\r")
        cell_tags = [b"<" + prefix + b"c" + a for a in after]
        row_tags = [b"<" + prefix + b"row" + a for a in after]
        keep = len(prefix) + 4  # a tag cut by the chunk boundary is whole in the next round
        tail = b""
        cells = rows = 0
        while chunk:
            data = tail + chunk
            # Tags wholly inside ``tail`` were counted in the previous round.
            cells += sum(data.count(t) - tail.count(t) for t in cell_tags)
            rows += sum(data.count(t) - tail.count(t) for t in row_tags)
            if rows > limits.rows:
                raise _rows_error(name, limits, where)
            if cells > limits.cells:
                raise _cells_error(name, limits, where, excel=True)
            tail = data[-keep:]
            chunk = stream.read(_MB)


def _row_number(text: str) -> int:
    """A row element's ``r``: a whole number, also written ``"7.0"`` by some programs (as openpyxl allows)."""
    try:
        number = int(text)
    except ValueError:
        value = float(text)  # ValueError for anything else: the file cannot be read
        if not value.is_integer():
            raise
        number = int(value)
    if number < 1:
        raise ValueError("row numbers start at 1")
    return number


def _sheet_rows(workbook: _Workbook, index: int, strings: list[str], name: str, limits: Limits) -> tuple[_Rows, int]:
    """The rows of sheet ``index`` that hold something, as ``(Excel row number, cells)`` with cells up to the
    last filled one, and the last row any cell element is on (a formatted empty cell counts). Limits are
    enforced element by element: DataError as soon as one is passed, with only the rows so far in memory."""
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

    dates, durations = _date_styles(workbook)
    epoch = MAC_EPOCH if workbook.date1904 else WINDOWS_EPOCH
    title = workbook.sheets[index].title
    where = title if len(workbook.sheets) > 1 else None  # named in refusals when there is a choice
    _count_tags(workbook, index, name, where, limits)
    max_rows, max_columns, max_cells = limits.rows, limits.columns, limits.cells
    rows: _Rows = []
    # The parser's state, as closure variables: the handlers run once per XML element.
    row_number = column = cells = row_elements = last_cell_row = 0
    current: list[tuple[int, str]] | None = None
    kind = style = None
    parts: list[str] = []
    collecting = in_cell = in_inline = False
    phonetic = size = 0
    local_names: dict[str, str] = {}  # expat's "namespace local" → local, for the few names a sheet uses

    def local(qualified: str) -> str:
        tag = qualified[qualified.rfind(" ") + 1 :]
        if len(local_names) < 256:
            local_names[qualified] = tag
        return tag

    def start(qualified: str, attrs: dict[str, str]) -> None:
        nonlocal row_number, column, cells, row_elements, current, kind, style, collecting, in_cell, in_inline
        nonlocal phonetic, size
        tag = local_names.get(qualified) or local(qualified)
        if tag == "c":
            cells += 1
            if cells > max_cells:
                raise _cells_error(name, limits, where, excel=True)
            ref = attrs.get("r")
            if ref:
                value = 0
                for ch in ref[:4]:  # XFD is the last column; a longer run of letters is beyond any sheet
                    digit = ord(ch) - 64
                    if not 0 < digit <= 26:
                        break
                    value = value * 26 + digit
                column = value or column + 1  # a reference without letters: taken as the next cell
            else:
                column += 1
            kind = attrs.get("t", "n")
            style = attrs.get("s")
            in_cell = True
            size = 0
            parts.clear()
        elif tag == "v":
            collecting = in_cell
        elif tag == "row":
            row_elements += 1
            if row_elements > max_rows:
                raise _rows_error(name, limits, where)
            ref = attrs.get("r")
            row_number = _row_number(ref) if ref else row_number + 1
            column = 0
            current = []
        elif tag == "t":
            collecting = in_inline and not phonetic
        elif tag == "is":
            in_inline = in_cell
        elif tag == "rPh":
            phonetic += 1

    def end(qualified: str) -> None:
        nonlocal collecting, in_cell, in_inline, phonetic, last_cell_row
        tag = local_names.get(qualified) or local(qualified)
        if tag == "c":
            in_cell = collecting = in_inline = False
            if current is None:
                return  # a cell outside any row: not part of the table
            last_cell_row = row_number
            if not parts:
                return
            raw = "".join(parts)
            parts.clear()
            if kind == "s":
                text = strings[int(raw)]
            elif kind == "n":
                if not raw.strip():
                    return
                value = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
                if style in dates:
                    try:
                        value = from_excel(value, epoch, timedelta=style in durations)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"  # what openpyxl makes of a date serial beyond any date
                text = str(value) if type(value) is int else cell_text(value)
            elif kind == "b":
                text = str(bool(int(raw)))
            elif kind == "d":
                text = cell_text(from_ISO8601(raw))
            else:  # inline and formula strings ("inlineStr", "str"), errors ("e", such as #N/A)
                text = raw
            text = text.strip()
            if text:
                if row_number > max_rows:
                    raise _rows_error(name, limits, where)
                if column > max_columns:
                    raise _columns_error(name, limits, row_number, column, where, excel=True)
                current.append((column, text))
        elif tag == "row":
            if current:
                width = max(c for c, _ in current)
                filled = [""] * width
                for c, text in current:
                    filled[c - 1] = text
                rows.append((row_number, filled))
        elif tag in ("v", "t"):
            collecting = False
        elif tag == "is":
            in_inline = False
        elif tag == "rPh":
            phonetic -= 1

    def text(chunk: str) -> None:
        nonlocal size
        if collecting:
            size += len(chunk)
            if size > EXCEL_MAX_CELL_CHARS:
                raise _long_text_error(name, row_number)
            parts.append(chunk)

    _parse_part(workbook.archive, workbook.paths[index], start, end, text, qualified=True)
    if any(a[0] >= b[0] for a, b in pairwise(rows)):
        # Rows out of order (Excel never writes them so): in row order, a later duplicate row's cells winning.
        merged: dict[int, dict[int, str]] = {}
        for number_, filled in rows:
            merged.setdefault(number_, {}).update((i, c) for i, c in enumerate(filled) if c)
        rows = [(n, [cells_.get(i, "") for i in range(max(cells_) + 1)]) for n, cells_ in sorted(merged.items())]
    return rows, last_cell_row


def _read_xlsx(
    data: bytes, name: str, sheet: str | int | None, limits: Limits
) -> tuple[_Rows, int, str, list[str], list[str]]:
    """Rows of the chosen sheet, every row from 1 to the last with content (empty ones in between as
    ``[]``), how many empty rows follow (cells with formatting only), the sheet's title, all worksheet titles
    and notes."""
    workbook = _open_workbook(data, name, limits)
    try:
        index, notes = _choose_sheet(workbook.sheets, sheet, name)
        titles = [s.title for s in workbook.sheets]
        try:
            strings = _shared_strings(workbook, name, limits)
            content, last_cell_row = _sheet_rows(workbook, index, strings, name, limits)
        except DataError:
            raise
        except Exception as exc:  # bad XML, a missing part, a number that is not one: never raw to the user
            raise _unreadable(name) from exc
    finally:
        workbook.archive.close()
    title = titles[index]
    if not content:
        others = [t for t in titles if t != title]
        quoted = ", ".join(f'"{t}"' for t in others)
        hint = f"; filen har också bladen {quoted}" if others else ""
        raise file_error(name, f'bladet "{title}" är tomt{hint}')
    rows: _Rows = []
    expected = 1
    for number_, filled in content:
        rows.extend((gap, []) for gap in range(expected, number_))
        rows.append((number_, filled))
        expected = number_ + 1
    return rows, max(last_cell_row - content[-1][0], 0), title, titles, notes


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
    limits: Limits | None = None,
) -> RawTable:
    """Read a CSV or XLSX participant file (or any table with a header row) into a :class:`RawTable`.

    ``source``: a path, bytes (an upload), or a file-like object; ``file_name`` names it in messages (and
    decides CSV vs XLSX when the content does not). ``sheet``: a sheet name (case-insensitive) or 0-based
    index for XLSX; default the first visible sheet; ignored for CSV. ``header_row``: the Excel row number
    of the header, when the user knows better than the detection. ``known_columns``: header names that
    count when looking for the header row, besides the template's and :data:`HEADER_SYNONYMS` (pass the
    keys of a saved mapping, or another table's columns).

    ``limits``: how large the file may be (:mod:`analysis.files_in.limits`; default
    :func:`~analysis.files_in.limits.from_environment`). Only the sheet asked for is parsed, so any sheet
    can be read whatever the others hold; :func:`sheet_names` lists them without parsing any.

    Raises :class:`DataError` (Swedish, naming the file) for the cases in the module docstring, and for a
    file over a limit (naming the limit and its setting), refused before it is unpacked (an XLSX's zip
    directory) or as soon as reading reaches the limit, so memory stays bounded whatever the file holds.
    """
    limits = limits or from_environment()
    data, name = _source_bytes(source, file_name, limits)
    kind = _kind(data, name)
    notes: list[str] = []
    warnings: list[str] = []
    encoding = separator = chosen_sheet = None
    sheets: list[str] = []
    widths: list[int] | None = None
    trailing = 0
    if kind == "xlsx":
        if Path(name).suffix.lower() not in EXCEL_SUFFIXES:
            notes.append("filen är en Excel-arbetsbok (.xlsx) och lästes som en sådan")
        rows, trailing, chosen_sheet, sheets, sheet_notes = _read_xlsx(data, name, sheet, limits)
        notes.extend(sheet_notes)
    else:
        rows, widths, encoding, separator, csv_notes, warnings = _read_csv(data, name, limits)
        notes.extend(csv_notes)
    del data  # the rows hold what is needed; the file's bytes may be large

    # Empty rows after the last filled one are Excel formatting or a final blank line, not data rows.
    last = max((pos for pos, (_, cells) in enumerate(rows) if any(cells)), default=-1)
    if last < 0:
        raise file_error(name, "filen är tom")
    trailing += len(rows) - last - 1
    rows = rows[: last + 1]
    if trailing:
        rows_text = "1 tom rad" if trailing == 1 else f"{_thousands(trailing)} tomma rader"
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
    # Rows are cut after their last filled cell; a CSV header's own field count (with any empty fields at
    # its end) is what a data row may fill without being shifted.
    fields = widths[header_pos] if widths is not None else len(header_cells)
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
