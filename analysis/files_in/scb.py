"""SCB data in: Statistikdatabasen CSV exports, PxWeb JSON-stat2, the DeSO→RegSO key and SCB geometry,
converted to the project's own district format (docs/dataformat.md).

Pure pandas/geopandas, no streamlit: the CLI (``python -m analysis import-scb``) and the Data page call the
same functions. Every reader takes a path, ``bytes`` or a binary file-like object with ``read()`` (such as
an uploaded file), so the page never needs to write a temporary file.

Contracts shared by all readers:

- Codes are strings and keep their leading zeros (``0360``, ``0114C1010``, ``1283R005``).
- Nothing is dropped silently: a label, row or DeSO that cannot be used is either an error
  (:class:`~analysis.files_in.validation.DataError`, Swedish message) or reported by name in the result.
- SCB's status symbols (``..`` not available or too uncertain, ``.`` cannot occur, ``-`` nothing to
  report) become a missing value with the symbol kept in a ``status`` column.
- From reference year 2025 SCB adds small random noise to every population cell (the Cell Key Method):
  parts need not sum to totals, so a sum of SCB cells is never presented as SCB's own figure.

Why no JSON-stat library: JSON-stat2 is a small format (``id``, ``size``, ``dimension``, flat row-major
``value``, optional ``status``) and :func:`read_jsonstat2` reads it in about thirty lines. ``pyjstat``
drops ``status`` (the symbols this project must keep) and pulls in ``requests``; ``pxwebpy`` does its own
networking through ``requests-cache`` (three more packages) and cannot take recorded responses in tests
without patching. A stdlib reader keeps the status symbols, sparse values and the offline tests simple.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis import vocab
from analysis.files_in import reading
from analysis.files_in.validation import DataError, Issue, error_from_issues, file_error

#: SCB's status symbols and what they mean (Statistikdatabasen's "Teckenförklaring").
STATUS_SYMBOLS: dict[str, str] = {
    "..": "uppgift inte tillgänglig eller för osäker för att anges",
    ".": "uppgift kan inte förekomma",
    "-": "inget finns att redovisa (noll)",
    "…": "uppgift inte tillgänglig",
}
#: First reference year with SCB's Cell Key noise on population cells.
CELL_KEY_FIRST_YEAR = 2025
CELL_KEY_NOTE = (
    "Från referensår 2025 lägger SCB ett litet slumpmässigt brus på varje befolkningscell (Cell Key-metoden); "
    "summor av SCB-celler (t.ex. DeSO till RegSO eller åldersgrupper) är därför inte SCB:s egna totaler och "
    "kan avvika något från dem."
)
#: How many names a message lists before summarising the rest.
MAX_LISTED = 20

KOMMUN_CODE = re.compile(r"^\d{4}$")
DESO_CODE = re.compile(r"^\d{4}[A-C]\d{4}$")
REGSO_CODE = re.compile(r"^\d{4}R\d{3}$")
# SCB's API writes 2025-edition codes with a suffix: 0114R001_RegSO2025, 0114A0010_DeSO2025.
_CODE_SUFFIX = re.compile(r"_(?:DeSO|RegSO)\d{4}$", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<kommun>[^()]+?)\s*\((?P<regso>.+)\)\s*$")
_LEADING_REGSO = re.compile(r"^(?P<code>\d{4}R\d{3})(?:_RegSO\d{4})?(?:\s+(?P<rest>.*))?$", re.IGNORECASE)
_LEADING_DESO = re.compile(r"^(?P<code>\d{4}[A-C]\d{4})(?:_DeSO\d{4})?(?:\s+.*)?$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:(?P<before>.*\S)\s+)?(?P<year>(?:19|20)\d{2})(?:\s+(?P<after>\S.*))?$")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})

Source = Any  # str | Path | bytes | a binary file-like object with read() (and optionally .name)


def plain_code(code: object) -> str:
    """``0114R001_RegSO2025`` → ``0114R001``: SCB's API suffix removed, whitespace stripped."""
    return _CODE_SUFFIX.sub("", str(code).strip())


# ----------------------------------------------------------------------------- reading sources


def _read_source(source: Source) -> tuple[bytes, str]:
    """The bytes of a path, ``bytes`` or binary file-like object, and a name for messages."""
    if isinstance(source, bytes | bytearray):
        return bytes(source), "uppladdad fil"
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise file_error(path.name, f"filen finns inte ({path})")
        if path.is_dir():
            raise file_error(path.name, "är en mapp, inte en fil")
        return path.read_bytes(), path.name
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        return bytes(data), Path(str(getattr(source, "name", "uppladdad fil"))).name
    raise TypeError(f"okänd källa: {type(source).__name__}")


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    """UTF-8 (with or without BOM) first; Swedish Excel's cp1252 as fallback, with a note."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise file_error(name, "okänd teckenkodning; spara filen som UTF-8") from exc
    notes.append(f"{name}: filen är inte UTF-8 och lästes som Windows-1252; kontrollera å, ä och ö.")
    return text


def _rows(text: str, sep: str) -> list[list[str]]:
    # The csv module, not line splitting: SCB's footnotes are quoted cells with line breaks inside.
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=sep)]


def _normalise(text: object) -> str:
    """Compare names forgivingly: Unicode NFC, case, dashes, spaces (also around hyphens)."""
    value = unicodedata.normalize("NFC", str(text)).translate(_DASHES).casefold()
    value = re.sub(r"\s*-\s*", "-", value)
    return re.sub(r"\s+", " ", value).strip()


def listed(names: Iterable[str], limit: int = MAX_LISTED) -> str:
    """``a, b, c … och 7 till``: names for a message, at most ``limit`` of them."""
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" … och {len(names) - limit} till" if len(names) > limit else "")


# ----------------------------------------------------------------------------- the DeSO→RegSO key

KEY_COLUMNS: tuple[str, ...] = ("kommun_kod", "kommun_namn", "deso_kod", "regso_namn", "regso_kod")


def _key_column(names: list[str], role: str) -> str | None:
    for name in names:
        low = _normalise(name).replace(" ", "_")
        if role == "kommun_kod" and low in ("kommun", "kommunkod", "kommun_kod"):
            return name
        if role == "kommun_namn" and low in ("kommunnamn", "kommun_namn"):
            return name
        if role == "deso_kod" and low.startswith("deso"):
            return name
        if role == "regso_kod" and low.startswith("regso") and "kod" in low:
            return name
        if role == "regso_namn" and low.startswith("regso") and "kod" not in low:
            return name
    return None


def read_deso_regso_key(source: Source) -> pd.DataFrame:
    """Read SCB's DeSO→RegSO key (``koppling-deso2018-regso2020.csv`` or the 2025 edition; CSV or .xlsx).

    Accepted: the header ``Kommun,Kommunnamn,DeSO_2018,RegSO_2020,RegSOkod_2020`` (or the ``_2025``
    spellings, any case), comma or semicolon, UTF-8 with or without BOM or cp1252, a title row above the
    header in an Excel file. Codes written as numbers by Excel get their leading zeros back (``114`` →
    ``0114``).

    Rejected (DataError listing rows): a missing column, an empty or malformed code (kommun ``NNNN``, DeSO
    ``NNNNXNNNN``, RegSO ``NNNNRNNN``), a DeSO listed twice, a DeSO or RegSO code whose first four digits are
    not its kommun, one RegSO code with two names.

    Returns columns ``kommun_kod, kommun_namn, deso_kod, regso_namn, regso_kod`` (all ``string``), one row per
    DeSO, in file order. ``attrs["edition"]`` is the edition read from the header (e.g. ``"2018/2020"``).
    """
    data, name = _read_source(source)
    notes: list[str] = []
    if data[:2] == b"PK":  # an .xlsx is a zip archive
        # The workbook's zip directory first (parts, unpacked size, packing ratio): a zip bomb is refused
        # before openpyxl unpacks anything (issue 13).
        reading.workbook_sheets(data, name)
        try:
            raw = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=str)
        except Exception as exc:  # openpyxl raises many kinds; none should reach the user as a traceback
            raise file_error(name, "Excel-filen kunde inte läsas") from exc
        rows = [["" if pd.isna(v) else str(v).strip() for v in row] for row in raw.itertuples(index=False)]
    else:
        text = _decode(data, name, notes)
        first = next((line for line in text.splitlines() if line.strip()), "")
        rows = _rows(text, ";" if first.count(";") > first.count(",") else ",")
    header_at = next((i for i, row in enumerate(rows) if any(_normalise(c).startswith("deso") for c in row)), None)
    if header_at is None:
        raise file_error(
            name,
            "hittar ingen rubrikrad med DeSO-kolumn; "
            "väntade t.ex. Kommun,Kommunnamn,DeSO_2018,RegSO_2020,RegSOkod_2020",
        )
    header = rows[header_at]
    columns = {role: _key_column(header, role) for role in KEY_COLUMNS}
    missing = [role for role, col in columns.items() if col is None]
    if missing:
        raise file_error(name, f"kolumner saknas i nyckelfilen: {', '.join(missing)} (rubrikrad: {', '.join(header)})")
    index = {role: header.index(col) for role, col in columns.items()}
    issues: list[Issue] = []
    records = []
    for offset, row in enumerate(rows[header_at + 1 :]):
        excel_row = header_at + 2 + offset
        if not any(row):
            continue
        row = row + [""] * (len(header) - len(row))
        rec = {role: row[i].strip() for role, i in index.items()}
        # Excel turns 0114 into 114; SCB's codes always have 4 (kommun) and 9 (DeSO) characters.
        if rec["kommun_kod"].isdigit() and len(rec["kommun_kod"]) < 4:
            rec["kommun_kod"] = rec["kommun_kod"].zfill(4)
        if re.fullmatch(r"\d{3}[A-C]\d{4}", rec["deso_kod"]):
            rec["deso_kod"] = "0" + rec["deso_kod"]
        if re.fullmatch(r"\d{3}R\d{3}", rec["regso_kod"]):
            rec["regso_kod"] = "0" + rec["regso_kod"]
        for role, pattern, text in (
            ("kommun_kod", KOMMUN_CODE, "kommunkod (fyra siffror)"),
            ("deso_kod", DESO_CODE, "DeSO-kod (t.ex. 0114C1010)"),
            ("regso_kod", REGSO_CODE, "RegSO-kod (t.ex. 0114R001)"),
        ):
            if not pattern.fullmatch(rec[role]):
                shown = f'"{rec[role][:20]}"' if rec[role] else "tomt"
                issues.append(Issue(excel_row, columns[role], f"ogiltig {text}: {shown}"))
        for role in ("kommun_namn", "regso_namn"):
            if not rec[role]:
                issues.append(Issue(excel_row, columns[role], "namnet saknas"))
        for role in ("deso_kod", "regso_kod"):
            if rec[role][:4] != rec["kommun_kod"] and not any(i.row == excel_row for i in issues):
                issues.append(Issue(excel_row, columns[role], f"{rec[role]} hör inte till kommun {rec['kommun_kod']}"))
        rec["_row"] = excel_row
        records.append(rec)
    if not records and not issues:
        raise file_error(name, "nyckelfilen innehåller inga rader")
    frame = pd.DataFrame.from_records(records, columns=[*KEY_COLUMNS, "_row"])
    for code, group in frame.groupby("deso_kod", sort=False):
        if len(group) > 1 and code:
            rows_text = ", ".join(str(r) for r in group["_row"])
            issues.append(
                Issue(
                    int(group["_row"].iloc[1]), columns["deso_kod"], f"DeSO {code} finns på flera rader ({rows_text})"
                )
            )
    names = frame.groupby("regso_kod")["regso_namn"].nunique()
    for code in names[names > 1].index:
        first_row = int(frame.loc[frame["regso_kod"] == code, "_row"].iloc[0])
        issues.append(Issue(first_row, columns["regso_namn"], f"RegSO {code} har flera olika namn"))
    if issues:
        issues.sort(key=lambda i: i.row or 0)
        raise error_from_issues(name, issues, len(records))
    key = frame[list(KEY_COLUMNS)].astype("string").reset_index(drop=True)
    editions = re.findall(r"(\d{4})", f"{columns['deso_kod']} {columns['regso_kod']}")
    key.attrs["edition"] = "/".join(dict.fromkeys(editions)) or "okänd"
    key.attrs["notes"] = notes
    return key


def key_summary(key: pd.DataFrame, kommun: str | None = None) -> str:
    """``Nyckeln: 5 984 DeSO i 3 363 RegSO i 290 kommuner.`` (for one kommun when ``kommun`` is given)."""
    frame = key if kommun is None else key[key["kommun_kod"] == kommun]
    where = "" if kommun is None else f" i {frame['kommun_namn'].iloc[0] if len(frame) else kommun}"
    text = f"{_n(frame['deso_kod'].nunique())} DeSO i {_n(frame['regso_kod'].nunique())} RegSO"
    if kommun is None:
        text += f" i {_n(frame['kommun_kod'].nunique())} kommuner"
    return f"Nyckeln ({key.attrs.get('edition', 'okänd')}): {text}{where}."


def _n(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")  # Swedish thousands separator (no-break space)


def _kommun_filter(kommun: str | None, key: pd.DataFrame | None) -> tuple[str | None, str | None]:
    """(kommun code, normalised kommun name) for a ``kommun`` given as code or name."""
    if kommun is None:
        return None, None
    kommun = kommun.strip()
    if KOMMUN_CODE.fullmatch(kommun):
        if key is None:
            return kommun, None
        names = key.loc[key["kommun_kod"] == kommun, "kommun_namn"]
        if names.empty:
            raise DataError(f"Kommunkoden {kommun} finns inte i nyckelfilen.")
        return kommun, _normalise(names.iloc[0])
    if key is not None:
        codes = key.loc[key["kommun_namn"].map(_normalise) == _normalise(kommun), "kommun_kod"]
        if codes.empty:
            raise DataError(f"Kommunen {kommun} finns inte i nyckelfilen.")
        return str(codes.iloc[0]), _normalise(kommun)
    return None, _normalise(kommun)


# ----------------------------------------------------------------------------- tidy result


TIDY_COLUMNS: tuple[str, ...] = ("regso_kod", "kommun_namn", "regso_namn", "ar", "varde", "status")


@dataclass
class TidyResult:
    """A region × year table read from SCB, and what happened to every region label.

    ``table`` has ``regso_kod`` (NA where unresolved), ``kommun_namn``, ``regso_namn``, ``ar`` (int64),
    ``varde`` (Float64, NA for status symbols), ``status`` (the symbol or NA), plus one column per extra
    variable of the export (e.g. ``kön``). Every label read appears in it, resolved or not.

    Invariant: ``labels_read == labels_resolved + len(unresolved) + labels_outside``; ``unresolved`` maps
    each unresolved label to the reason in Swedish; ``labels_outside`` counts labels of other kommuner
    skipped because a kommun was chosen (they are not in ``table``).
    """

    table: pd.DataFrame
    source: str = ""
    labels_read: int = 0
    labels_resolved: int = 0
    unresolved: dict[str, str] = field(default_factory=dict)
    labels_outside: int = 0
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.labels_read != self.labels_resolved + len(self.unresolved) + self.labels_outside:
            raise ValueError("labels_read must equal resolved + unresolved + outside")

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.table["ar"].dropna().unique())

    def summary(self) -> str:
        """Swedish summary: labels read, resolved, unresolved (named), skipped, years."""
        lines = [
            f"{self.source}: {_n(self.labels_read)} områden lästa, {_n(self.labels_resolved)} matchade mot RegSO-kod, "
            f"{_n(len(self.unresolved))} ej matchade"
            + (f", {_n(self.labels_outside)} i andra kommuner hoppades över" if self.labels_outside else "")
            + (f"; år {', '.join(str(y) for y in self.years)}" if self.years else "")
            + "."
        ]
        if self.unresolved:
            lines.append("Ej matchade områden:")
            items = list(self.unresolved.items())
            lines.extend(f"  {label}: {reason}" for label, reason in items[:50])
            if len(items) > 50:
                lines.append(f"  … och {len(items) - 50} till.")
        lines.extend(self.notes)
        return "\n".join(lines)

    def unresolved_frame(self) -> pd.DataFrame:
        """Unresolved labels as a table ``omrade, orsak`` (for the Data page and the CLI's side file)."""
        return pd.DataFrame(
            {
                "omrade": pd.array(list(self.unresolved), dtype="string"),
                "orsak": pd.array(list(self.unresolved.values()), dtype="string"),
            }
        )


class _Resolver:
    """Label → RegSO code, by code in the label or by (kommun name, RegSO name) through the key."""

    def __init__(self, key: pd.DataFrame | None):
        self.key = key
        self.by_name: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        self.kommuner: set[str] = set()
        self.by_code: dict[str, tuple[str, str]] = {}
        if key is not None:
            regso = key.drop_duplicates("regso_kod")
            for code, kommun, regso_name in zip(
                regso["regso_kod"], regso["kommun_namn"], regso["regso_namn"], strict=True
            ):
                entry = (str(code), str(kommun), str(regso_name))
                self.by_name.setdefault((_normalise(kommun), _normalise(regso_name)), []).append(entry)
                self.by_code[str(code)] = (str(kommun), str(regso_name))
                self.kommuner.add(_normalise(kommun))

    def kommun_of(self, label: str) -> str | None:
        """Normalised kommun name or 4-digit code the label belongs to, when it can be told."""
        if m := _LEADING_REGSO.match(label):
            return m["code"][:4]
        if m := _LEADING_DESO.match(label):
            return m["code"][:4]
        if m := _LABEL.match(label):
            return _normalise(m["kommun"])
        return None

    def resolve(self, label: str) -> tuple[str | None, str | None, str | None, str | None]:
        """(regso_kod, kommun_namn, regso_namn, reason when unresolved)."""
        if m := _LEADING_REGSO.match(label):
            code = m["code"].upper()
            kommun, name = self.by_code.get(code, (None, None))
            rest = (m["rest"] or "").strip()
            if name is None and (inner := _LABEL.match(rest)):
                kommun, name = inner["kommun"].strip(), inner["regso"].strip()
            if self.key is not None and code not in self.by_code:
                return None, kommun, name, f"RegSO-koden {code} finns inte i nyckelfilen (annan indelningsversion?)"
            return code, kommun, name, None
        if _LEADING_DESO.match(label):
            return None, None, None, "DeSO-kod, inte RegSO; läs DeSO-tabeller som JSON-stat2 och summera till RegSO"
        m = _LABEL.match(label)
        if not m:
            return None, None, None, "ingen RegSO-etikett (väntade 'Kommun (RegSO-namn)' eller en RegSO-kod)"
        kommun, name = m["kommun"].strip(), m["regso"].strip()
        if self.key is None:
            return None, kommun, name, "ingen nyckelfil angavs, så RegSO-koden kan inte slås upp från namnet"
        matches = self.by_name.get((_normalise(kommun), _normalise(name)), [])
        if len(matches) == 1:
            code, kommun_namn, regso_namn = matches[0]
            return code, kommun_namn, regso_namn, None
        if len(matches) > 1:
            codes = ", ".join(sorted(c for c, _, _ in matches))
            return None, kommun, name, f"namnet är tvetydigt: flera RegSO i nyckeln heter så ({codes})"
        if _normalise(kommun) not in self.kommuner:
            return None, kommun, name, f"kommunen {kommun} finns inte i nyckelfilen"
        return None, kommun, name, f"RegSO-namnet finns inte i nyckelfilen för {kommun}"


# ----------------------------------------------------------------------------- Statistikdatabasen CSV


def _parse_value(cell: str) -> tuple[float | None, str | None]:
    """(value, status) of one cell: numbers with decimal comma or spaces; status symbols kept."""
    text = cell.strip().replace("\u00a0", " ")
    if text == "":
        return None, None
    if text in STATUS_SYMBOLS:
        return None, text
    number = text.replace(" ", "")
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", number):
        return float(number.replace(",", ".")), None
    return None, text[:20]


def _year_of(cell: str) -> tuple[int, str] | None:
    m = _YEAR.fullmatch(cell.strip())
    if not m:
        return None
    return int(m["year"]), " ".join(p for p in (m["before"], m["after"]) if p)


def _find_header(rows: list[list[str]]) -> tuple[int, int, list[tuple[int, int]], str] | None:
    """(header row, number of label columns, [(column, year)], content text) or None."""
    for i, row in enumerate(rows):
        cells = [c for c in row]
        while cells and cells[-1] == "":
            cells.pop()
        years = [(j, _year_of(c)) for j, c in enumerate(cells)]
        year_cols = [(j, y) for j, y in years if y is not None and j > 0]
        if not year_cols:
            continue
        first_year = year_cols[0][0]
        # Every cell after the first year column must be a year too; otherwise this is not the header.
        if all(years[j][1] is not None for j in range(first_year, len(cells))):
            contents = {y[1] for _, y in year_cols if y[1]}
            return i, first_year, [(j, y[0]) for j, y in year_cols], " / ".join(sorted(contents))
    return None


def read_statdb_csv(source: Source, *, key: pd.DataFrame | None = None, kommun: str | None = None) -> TidyResult:
    """Read a Statistikdatabasen CSV export: region labels in the first column, one column per year.

    Accepted: labels like ``Helsingborg (Drottninghög)`` (resolved through ``key`` by kommun name and RegSO
    name, forgiving case, dashes and spaces), labels that start with a RegSO code (``1283R005``,
    ``1283R005_RegSO2025 Helsingborg (Drottninghög)``); a header such as ``,2022`` or
    ``region,2019,2020`` (a year may carry a text such as ``Andel 2022``), other variable columns between
    the label and the years (kept as columns); title lines above the header; a blank line and SCB's
    footnotes after the data (``Stock,``, ``Referenstid:,`` …, multi-line quoted notes); UTF-8 with or
    without BOM or cp1252; ``;`` or ``,``; numbers with decimal comma or spaces; status symbols.

    ``kommun`` (code or name) keeps only that kommun's labels; the others are counted in
    ``labels_outside``. A kommun code needs ``key`` unless the labels carry codes.

    Rejected (DataError): no header row with years, no data rows.

    Without ``key`` name labels stay unresolved (``regso_kod`` NA) with that reason; they are never dropped.
    """
    data, name = _read_source(source)
    notes: list[str] = []
    text = _decode(data, name, notes)
    found = None
    for sep in (",", ";", "\t"):
        rows = _rows(text, sep)
        found = _find_header(rows)
        if found:
            break
    if not found:
        raise file_error(name, "hittar ingen rubrikrad med årtal (t.ex. ',2022' eller 'region,2019,2020')")
    header_at, n_labels, year_cols, contents = found
    header = rows[header_at]
    label_names = [(header[j] or ("region" if j == 0 else f"variabel_{j + 1}")).strip() for j in range(n_labels)]
    extra_names = [_normalise(n).replace(" ", "_") for n in label_names[1:]]
    if header_at:
        notes.append(f"{header_at} rad(er) före rubrikraden (tabellrubrik) hoppades över.")
    if contents:
        notes.append(f"Kolumnrubrikerna anger innehållet: {contents}.")

    kommun_code, kommun_name = _kommun_filter(kommun, key)
    if kommun_code is not None and kommun_name is None:
        # Labels name the kommun ("Helsingborg (…)"); only the key tells which name a code has.
        raise DataError("Ange nyckelfilen (--key) för att välja kommun med kod, eller ange kommunens namn.")
    targets = {t for t in (kommun_code, kommun_name) if t}
    resolver = _Resolver(key)

    records: list[dict[str, Any]] = []
    unresolved: dict[str, str] = {}
    labels_read = resolved = outside = 0
    seen: dict[tuple[str, ...], int] = {}
    footer = 0
    in_data = True
    skipped_after: list[str] = []
    for row in rows[header_at + 1 :]:
        row = row + [""] * (max(j for j, _ in year_cols) + 1 - len(row))
        label = row[0].strip()
        cells = [row[j] for j, _ in year_cols]
        if not any(c.strip() for c in cells):
            # A blank line or a footnote (SCB leaves their value cells empty) ends the data block, once
            # data has begun; the real export ends with lines like "Stock," and "Referenstid:,".
            if any(c.strip() for c in row):
                footer += 1
            if labels_read:
                in_data = False
            continue
        if not in_data and not (_LABEL.match(label) or _LEADING_REGSO.match(label)):
            skipped_after.append(label[:40] or "(tom etikett)")
            continue
        extras = tuple(row[j].strip() for j in range(1, n_labels))
        labels_read += 1
        ident = (label, *extras)
        seen[ident] = seen.get(ident, 0) + 1
        if kommun is not None:
            belongs = resolver.kommun_of(label)
            if belongs not in targets and not (belongs is None and _normalise(label).startswith(kommun_name)):
                outside += 1
                continue
        code, kommun_namn, regso_namn, reason = resolver.resolve(label)
        if reason is None:
            resolved += 1
        else:
            shown = label if not extras else f"{label} ({', '.join(extras)})"
            if shown in unresolved:  # the same label twice must still count twice
                shown = f"{shown} [{seen[ident]}]"
            unresolved[shown] = reason
        for (_, year), cell in zip(year_cols, cells, strict=True):
            value, status = _parse_value(cell)
            record = {
                "regso_kod": code,
                "kommun_namn": kommun_namn,
                "regso_namn": regso_namn,
                "ar": year,
                "varde": value,
                "status": status,
                "omrade": label,
            }
            record.update(dict(zip(extra_names, extras, strict=True)))
            records.append(record)
    if key is None and any(r.startswith("ingen nyckelfil") for r in unresolved.values()):
        notes.insert(
            0,
            "Ingen nyckelfil angavs: RegSO-koden kan bara läsas ur etiketter som själva har koden. "
            "Ange SCB:s nyckel DeSO→RegSO för att matcha namn.",
        )
    if footer:
        notes.append(f"{footer} rad(er) med fotnoter och källuppgifter efter tabellen hoppades över.")
    if skipped_after:
        notes.append(
            f"{len(skipped_after)} rad(er) efter tabellens slut med värden men utan områdesetikett hoppades över: "
            f"{listed(skipped_after, 5)}."
        )
    dupes = [" ".join(k) for k, count in seen.items() if count > 1]
    if dupes:
        notes.append(f"Samma område förekommer flera gånger: {listed(dupes, 10)}.")
    if labels_read == 0:
        raise file_error(name, "filen innehåller rubrikraden men inga datarader")
    odd = sorted({r["status"] for r in records if r["status"] and r["status"] not in STATUS_SYMBOLS})
    if odd:
        notes.append(f"Värden som inte är tal lästes som saknade: {', '.join(odd[:10])}.")
    if any(r["ar"] >= CELL_KEY_FIRST_YEAR for r in records):
        notes.append(CELL_KEY_NOTE)
    table = _tidy_frame(records, extra_names)
    return TidyResult(
        table=table,
        source=name,
        labels_read=labels_read,
        labels_resolved=resolved,
        unresolved=unresolved,
        labels_outside=outside,
        notes=notes,
    )


def _tidy_frame(records: list[dict[str, Any]], extra: list[str]) -> pd.DataFrame:
    columns = [*TIDY_COLUMNS, *extra, "omrade"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in ("regso_kod", "kommun_namn", "regso_namn", "status", "omrade", *extra):
        frame[column] = frame[column].astype("string")
    frame["ar"] = frame["ar"].astype("int64")
    frame["varde"] = pd.array(frame["varde"].to_numpy(dtype="float64", na_value=np.nan), dtype="Float64")
    return frame


# ----------------------------------------------------------------------------- JSON-stat2


def _load_json(source: Source) -> tuple[dict, str]:
    if isinstance(source, dict):
        return source, "JSON-stat2"
    if isinstance(source, str) and source.lstrip().startswith("{"):
        data, name = source.encode("utf-8"), "JSON-stat2"
    else:
        data, name = _read_source(source)
    try:
        return json.loads(data.decode("utf-8-sig")), name
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise file_error(name, "filen är inte giltig JSON (väntade ett JSON-stat2-svar från PxWeb)") from exc


def _cells(spec: Any, size: int, name: str, what: str) -> list[Any]:
    """A JSON-stat ``value``/``status`` as a dense list: list as is, dict index→cell, one string for all."""
    if spec is None:
        return [None] * size
    if isinstance(spec, list):
        if len(spec) != size:
            raise file_error(name, f"JSON-stat2: {what} har {len(spec)} celler men size anger {size}")
        return spec
    if isinstance(spec, dict):
        dense: list[Any] = [None] * size
        for index, cell in spec.items():
            i = int(index)
            if not 0 <= i < size:
                raise file_error(name, f"JSON-stat2: {what} har index {i} utanför 0–{size - 1}")
            dense[i] = cell
        return dense
    if isinstance(spec, str) and what == "status":
        return [spec] * size
    raise file_error(name, f"JSON-stat2: {what} har ett okänt format")


def read_jsonstat2(source: Source) -> pd.DataFrame:
    """Any PxWeb JSON-stat2 response (dict, JSON text, path, bytes or file-like) as a tidy table.

    Returns one row per cell, in JSON-stat's row-major order (the last dimension in ``id`` varies fastest),
    so ``len(result) == prod(size)``. Columns: per dimension ``<dim>`` (the category code) and
    ``<dim>_label``; ``value`` (Float64; NA where the cell is null, absent from a sparse ``value`` dict,
    or its status is one of :data:`STATUS_SYMBOLS`); ``status`` (string, NA when none). ``value`` and
    ``status`` may be lists or dicts of index → cell (sparse); ``status`` may also be one string for all.
    ``attrs["jsonstat"]`` keeps ``label``, ``source``, ``updated``, ``note``, ``role`` and ``dimension_labels``.

    Rejected (DataError): not JSON, no ``id``/``size``/``dimension``, sizes that disagree with the
    categories or with the number of values.
    """
    doc, name = _load_json(source)
    if isinstance(doc.get("dataset"), dict):  # JSON-stat 2 "bundle" wrapper
        doc = doc["dataset"]
    ids, sizes, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims, dict) or len(ids) != len(sizes):
        raise file_error(name, "JSON-stat2: id, size och dimension saknas eller stämmer inte överens")
    codes: list[list[str]] = []
    labels: list[list[str]] = []
    for dim, size in zip(ids, sizes, strict=True):
        category = (dims.get(dim) or {}).get("category") or {}
        index = category.get("index")
        label = category.get("label") or {}
        if isinstance(index, list):
            order = [str(c) for c in index]
        elif isinstance(index, dict):
            order = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
        else:  # JSON-stat allows a label-only category of size 1
            order = [str(c) for c in label]
        if len(order) != size:
            raise file_error(name, f"JSON-stat2: dimensionen {dim} har {len(order)} kategorier men size anger {size}")
        codes.append(order)
        labels.append([str(label.get(c, c)) for c in order])
    total = int(np.prod(sizes, dtype="int64")) if sizes else 1
    values = _cells(doc.get("value"), total, name, "value")
    statuses = _cells(doc.get("status"), total, name, "status")

    frame = pd.DataFrame(index=pd.RangeIndex(total))
    repeat = total
    for dim, size, order, names in zip(ids, sizes, codes, labels, strict=True):
        repeat //= size
        tile = total // (size * repeat) if size else 0
        # Row-major: the last dimension changes fastest, so dimension k repeats each code prod(size[k+1:]) times.
        positions = np.tile(np.repeat(np.arange(size), repeat), tile)
        frame[dim] = pd.array(np.asarray(order, dtype=object)[positions], dtype="string")
        frame[f"{dim}_label"] = pd.array(np.asarray(names, dtype=object)[positions], dtype="string")
    status = pd.array([None if s in (None, "") else str(s) for s in statuses], dtype="string")
    numbers = [float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None for v in values]
    value = pd.array(numbers, dtype="Float64")
    value[np.asarray(pd.Series(status).isin(list(STATUS_SYMBOLS)).to_numpy(dtype=bool))] = pd.NA
    frame["value"] = value
    frame["status"] = status
    frame.attrs["jsonstat"] = {
        "label": doc.get("label"),
        "source": doc.get("source"),
        "updated": doc.get("updated"),
        "note": doc.get("note"),
        "role": doc.get("role") or {},
        "dimension_labels": {d: (dims.get(d) or {}).get("label", d) for d in ids},
        "name": name,
    }
    return frame


def _dimension_by_role(frame: pd.DataFrame, role: str, fallbacks: tuple[str, ...]) -> str | None:
    meta = frame.attrs.get("jsonstat", {})
    for dim in (meta.get("role") or {}).get(role) or []:
        if dim in frame.columns:
            return dim
    lowered = {c.lower(): c for c in frame.columns if not c.endswith("_label") and c not in ("value", "status")}
    return next((lowered[f] for f in fallbacks if f in lowered), None)


def tidy_from_jsonstat(
    frame: pd.DataFrame,
    *,
    key: pd.DataFrame | None = None,
    kommun: str | None = None,
    aggregate_to_regso: bool = False,
) -> TidyResult:
    """A :func:`read_jsonstat2` table with a region and a time dimension as a :class:`TidyResult`.

    The region dimension is the one with role ``geo`` or named ``Region``; the time dimension role ``time``
    or ``Tid`` (years like ``2024``). Region codes lose SCB's ``_RegSO2025`` suffix; RegSO codes are
    resolved, others (kommun, DeSO) reported as unresolved. Every other dimension must hold one value
    (a DataError names those that hold more: choose one value per variable in the query).

    ``aggregate_to_regso`` (needs ``key``) sums DeSO cells to RegSO instead, as
    :func:`aggregate_deso_to_regso` does: NA when any DeSO is NA, and the Cell Key note from 2025. RegSO
    codes in the same response are then reported as unresolved, so nothing is counted twice.
    """
    if aggregate_to_regso and key is None:
        raise DataError("Att summera DeSO till RegSO kräver nyckelfilen (--key).")
    meta = frame.attrs.get("jsonstat", {})
    name = meta.get("name") or "JSON-stat2"
    region = _dimension_by_role(frame, "geo", ("region",))
    time = _dimension_by_role(frame, "time", ("tid", "år", "ar"))
    if region is None or time is None:
        raise file_error(name, "JSON-stat2-svaret saknar en regionvariabel (Region) eller tidsvariabel (Tid)")
    others = [c for c in frame.columns if not c.endswith("_label") and c not in ("value", "status", region, time)]
    several = [f"{c} ({frame[c].nunique()} värden)" for c in others if frame[c].nunique() > 1]
    if several:
        raise file_error(
            name,
            f"fler än ett värde i {', '.join(several)}; välj ett värde per variabel (utom region och år) i frågan",
        )
    years = frame[time].str.extract(r"^(\d{4})$")[0]
    if years.isna().any():
        bad = sorted(frame.loc[years.isna(), time].unique())[:5]
        raise file_error(name, f"tidsvariabeln {time} har värden som inte är år: {', '.join(bad)}")
    kommun_code, kommun_name = _kommun_filter(kommun, key)
    targets = {t for t in (kommun_code, kommun_name) if t}
    resolver = _Resolver(key)
    deso_to_regso = dict(zip(key["deso_kod"], key["regso_kod"], strict=True)) if key is not None else {}
    unresolved: dict[str, str] = {}
    read = resolved = outside = 0
    decided: dict[str, tuple[str | None, str | None, str | None] | None] = {}
    firsts = frame.drop_duplicates(region)
    for code, label in zip(firsts[region], firsts[f"{region}_label"], strict=True):
        plain, label = plain_code(code), str(label)
        read += 1
        if kommun is not None:
            belongs = plain[:4] if re.match(r"^\d{4}", plain) else resolver.kommun_of(label)
            if belongs not in targets and _normalise(label) not in targets:
                outside += 1
                decided[code] = None
                continue
        if aggregate_to_regso:
            regso = deso_to_regso.get(plain) if DESO_CODE.fullmatch(plain) else None
            if regso is None:
                reason = (
                    "DeSO-koden finns inte i nyckelfilen (annan DeSO-version?)"
                    if DESO_CODE.fullmatch(plain)
                    else "inte en DeSO-kod; hoppas över när DeSO summeras till RegSO"
                )
                found = (None, None, None, reason)
            else:
                found = (regso, *resolver.by_code.get(regso, (None, None)), None)
        elif REGSO_CODE.fullmatch(plain):
            # vs_RegSO2025 labels read "0114R001 Upplands Väsby (Bollstanäs)", vs_RegSO2020 ones only the name.
            leading = _LEADING_REGSO.match(label)
            found = resolver.resolve(f"{plain} {leading['rest'] if leading and leading['rest'] else label}")
        else:
            found = (None, None, None, "inte en RegSO-kod (kommun, län eller DeSO?)")
        if found[3] is None:
            resolved += 1
        else:
            unresolved[label if label.startswith(plain) else f"{plain} {label}"] = found[3]
        decided[code] = found[:3]
    kept = frame[frame[region].map(lambda c: decided[c] is not None)]
    found_rows = kept[region].map(decided)
    table = pd.DataFrame(
        {
            "regso_kod": pd.array([f[0] for f in found_rows], dtype="string"),
            "kommun_namn": pd.array([f[1] for f in found_rows], dtype="string"),
            "regso_namn": pd.array([f[2] for f in found_rows], dtype="string"),
            "ar": years[kept.index].astype("int64").to_numpy(),
            "varde": pd.array(kept["value"].to_numpy(dtype="float64", na_value=np.nan), dtype="Float64"),
            "status": pd.array(kept["status"].tolist(), dtype="string"),
            "omrade": pd.array(kept[f"{region}_label"].tolist(), dtype="string"),
        }
    )
    notes = []
    if aggregate_to_regso:
        table = _sum_to_regso(table)
        notes.append("Summor av DeSO-värden per RegSO; ett RegSO där någon DeSO saknar värde får inget värde.")
    if (table["ar"] >= CELL_KEY_FIRST_YEAR).any():
        notes.append(CELL_KEY_NOTE)
    return TidyResult(
        table=table,
        source=name,
        labels_read=read,
        labels_resolved=resolved,
        unresolved=unresolved,
        labels_outside=outside,
        notes=notes,
    )


def _sum_to_regso(table: pd.DataFrame) -> pd.DataFrame:
    """Tidy DeSO rows (``regso_kod`` already set) summed per RegSO and year; unresolved rows kept as they are."""
    resolved = table[table["regso_kod"].notna()]
    grouped = resolved.groupby(["regso_kod", "ar"], sort=True)
    summed = grouped.agg(
        kommun_namn=("kommun_namn", "first"),
        regso_namn=("regso_namn", "first"),
        varde=("varde", lambda v: v.sum() if v.notna().all() else pd.NA),
        status=("status", lambda v: next((x for x in v if pd.notna(x)), pd.NA)),
    ).reset_index()
    summed["omrade"] = summed["regso_kod"]
    summed["varde"] = pd.to_numeric(summed["varde"]).astype("Float64")
    out = pd.concat([summed[list(table.columns)], table[table["regso_kod"].isna()]], ignore_index=True)
    for column in ("regso_kod", "kommun_namn", "regso_namn", "status", "omrade"):
        out[column] = out[column].astype("string")
    out["ar"] = out["ar"].astype("int64")
    out["varde"] = out["varde"].astype("Float64")
    return out


# ----------------------------------------------------------------------------- DeSO → RegSO


def aggregate_deso_to_regso(frame: pd.DataFrame, key: pd.DataFrame, value_columns: Iterable[str]) -> pd.DataFrame:
    """Sum DeSO counts to RegSO through the key.

    ``frame`` has a ``deso_kod`` column (SCB's ``_DeSO2025`` suffix is removed), the ``value_columns`` to
    sum, and any other columns (``ar``, ``kön`` …), which become grouping columns. A RegSO value is NA when
    any of its DeSO values is NA (a suppressed cell makes the sum unknown, never a smaller number). The
    result has ``regso_kod``, the grouping columns, the summed columns and ``antal_deso``; ``attrs["notes"]``
    lists what the user must know.

    Warning: from reference year 2025 SCB adds Cell Key noise to every population cell, so a sum of DeSO
    cells is *not* SCB's own RegSO figure and may differ from the RegSO table by a few persons. When any
    year (``ar``) ≥ 2025 is involved, ``attrs["notes"]`` says so; show that note wherever the sums are used.

    Rejected (DataError): DeSO codes missing from the key (named; usually a key of another edition).
    """
    value_columns = list(value_columns)
    if "deso_kod" not in frame.columns:
        raise DataError("Tabellen saknar kolumnen deso_kod.")
    missing_cols = [c for c in value_columns if c not in frame.columns]
    if missing_cols:
        raise DataError(f"Kolumner saknas: {', '.join(missing_cols)}.")
    work = frame.copy()
    work["deso_kod"] = work["deso_kod"].map(plain_code)
    mapping = dict(zip(key["deso_kod"], key["regso_kod"], strict=True))
    work["regso_kod"] = work["deso_kod"].map(mapping)
    unknown = sorted(work.loc[work["regso_kod"].isna(), "deso_kod"].unique())
    if unknown:
        raise DataError(
            f"{len(unknown)} DeSO-koder finns inte i nyckelfilen ({key.attrs.get('edition', 'okänd')}): "
            f"{listed(unknown)}. Använd nyckeln för samma DeSO-version som statistiken (2018 eller 2025)."
        )
    groups = ["regso_kod", *[c for c in work.columns if c not in (*value_columns, "deso_kod", "regso_kod")]]
    grouped = work.groupby(groups, dropna=False, sort=True)
    result = grouped[value_columns].agg(lambda s: s.sum() if s.notna().all() else pd.NA)
    result["antal_deso"] = grouped["deso_kod"].nunique()
    result = result.reset_index()
    for column in value_columns:
        result[column] = pd.to_numeric(result[column]).astype("Float64")
    result["regso_kod"] = result["regso_kod"].astype("string")
    notes = ["Summor av DeSO-värden per RegSO; ett RegSO där någon DeSO saknar värde får inget värde."]
    if "ar" in result.columns and (pd.to_numeric(result["ar"], errors="coerce") >= CELL_KEY_FIRST_YEAR).any():
        notes.append(CELL_KEY_NOTE)
    result.attrs["notes"] = notes
    return result


# ----------------------------------------------------------------------------- the project's format


STATISTICS_VALUE_COLUMNS: tuple[str, ...] = tuple(
    c for c in vocab.STATISTICS_COLUMNS if c not in ("stadsdel_kod", "ar")
)
#: ``--kind`` names for SCB tables that fill one statistik.csv column.
KIND_COLUMNS: dict[str, str] = {"omradestyp": "omradestyp_scb", **{c: c for c in STATISTICS_VALUE_COLUMNS}}


def _dtype(column: str) -> str:
    # load_statistics returns float64 for the median income and nullable Int64 for every count.
    return "float64" if column == "medianinkomst_tkr" else "Int64"


def empty_statistics(rows: int = 0) -> pd.DataFrame:
    """A ``statistik.csv`` frame with ``rows`` empty rows and the dtypes load_statistics returns."""
    frame = pd.DataFrame(
        {"stadsdel_kod": pd.array([pd.NA] * rows, dtype="string"), "ar": np.zeros(rows, dtype="int64")}
    )
    for column in STATISTICS_VALUE_COLUMNS:
        frame[column] = pd.array([pd.NA] * rows, dtype=_dtype(column)) if _dtype(column) == "Int64" else np.nan
    return frame


def typed_column(values: pd.Series, column: str, where: pd.Series) -> pd.Series:
    """SCB values as the statistik.csv type of ``column``; DataError naming the districts that do not fit."""
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
    if column == "medianinkomst_tkr":
        bad = numbers < 0
        kind = "ett tal ≥ 0"
    else:
        bad = (numbers % 1 != 0) | (numbers < 0)
        kind = "ett heltal ≥ 0"
        if column == "omradestyp_scb":
            bad = bad | (numbers < 1) | (numbers > 5)
            kind = "områdestyp 1–5"
    bad = bad.fillna(False).astype(bool)
    if bad.any():
        shown = [f"{w} ({v:g})" for w, v in zip(where[bad], numbers[bad], strict=True)]
        raise DataError(f"Värden som inte är {kind} för kolumnen {column}: {listed(shown)}.")
    if column == "medianinkomst_tkr":
        return numbers.astype("float64")
    return numbers.round().astype("Int64")


def to_statistics(tidy: TidyResult | pd.DataFrame, column: str) -> pd.DataFrame:
    """The ``statistik.csv`` shape with one column filled from SCB: every column of
    ``vocab.STATISTICS_COLUMNS``, ``column`` holding SCB's values and the others empty (NA).

    Such a frame loads with ``analysis.files_in.loaders.load_statistics`` (empty counts are allowed) and merges into
    an existing ``statistik.csv`` with :func:`merge_statistics`. Rows without a RegSO code (unresolved
    labels, already reported in the TidyResult) are left out; status symbols become empty cells.

    Rejected (DataError): an unknown column, values of the wrong kind (counts must be integers ≥ 0,
    ``omradestyp_scb`` 1–5), the same district and year twice (e.g. an export with two values of ``kön``).
    """
    if column not in STATISTICS_VALUE_COLUMNS:
        raise DataError(f"Okänd kolumn {column}; välj bland {', '.join(STATISTICS_VALUE_COLUMNS)}.")
    table = tidy.table if isinstance(tidy, TidyResult) else tidy
    rows = table[table["regso_kod"].notna()]
    dupes = rows.duplicated(["regso_kod", "ar"], keep=False)
    if dupes.any():
        shown = sorted({f"{c} {a}" for c, a in zip(rows.loc[dupes, "regso_kod"], rows.loc[dupes, "ar"], strict=True)})
        raise DataError(
            f"Samma stadsdel och år förekommer flera gånger ({listed(shown, 10)}); "
            "exporten har fler variabler än region och år – välj ett värde per variabel."
        )
    frame = empty_statistics(len(rows))
    frame["stadsdel_kod"] = pd.array(rows["regso_kod"].to_numpy(), dtype="string")
    frame["ar"] = rows["ar"].to_numpy(dtype="int64")
    where = (rows["regso_kod"].astype(str) + " " + rows["ar"].astype(str)).reset_index(drop=True)
    frame[column] = typed_column(rows["varde"].reset_index(drop=True), column, where)
    return frame.sort_values(["stadsdel_kod", "ar"]).reset_index(drop=True)[list(vocab.STATISTICS_COLUMNS)]


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge_statistics` did to one column: district-years changed, added, kept."""

    column: str
    changed: int
    added: int
    unchanged: int
    kept_missing: int

    def summary(self) -> str:
        return (
            f"Kolumnen {self.column}: {self.changed} stadsdel-år ändrade, {self.added} nya stadsdel-år, "
            f"{self.unchanged} oförändrade"
            + (f", {self.kept_missing} behöll sitt värde (SCB saknar värde)" if self.kept_missing else "")
            + "."
        )


def merge_statistics(existing: pd.DataFrame, new: pd.DataFrame, column: str) -> tuple[pd.DataFrame, MergeResult]:
    """Fill or overwrite one column of an existing ``statistik.csv`` frame with SCB's values.

    ``existing`` is a frame like load_statistics returns (or :func:`empty_statistics`); ``new`` a frame from
    :func:`to_statistics` (only ``stadsdel_kod``, ``ar`` and ``column`` are read). For each district-year
    in ``new`` with a value, ``column`` is set; a district-year missing from ``existing`` is added with the
    other columns empty. A missing SCB value never erases an existing one (counted as ``kept_missing``).
    Every other column is left as it was. Returns the merged frame (sorted by code and year) and the counts.
    """
    if column not in STATISTICS_VALUE_COLUMNS:
        raise DataError(f"Okänd kolumn {column}; välj bland {', '.join(STATISTICS_VALUE_COLUMNS)}.")
    base = existing.copy()
    for other in STATISTICS_VALUE_COLUMNS:
        if other not in base.columns:
            base[other] = empty_statistics(len(base))[other].to_numpy()
    base = base[list(vocab.STATISTICS_COLUMNS)]
    base["stadsdel_kod"] = base["stadsdel_kod"].astype("string")
    base["ar"] = base["ar"].astype("int64")
    incoming = new[["stadsdel_kod", "ar", column]].copy()
    incoming["stadsdel_kod"] = incoming["stadsdel_kod"].astype("string")
    incoming["ar"] = incoming["ar"].astype("int64")
    has_value = incoming[column].notna()
    kept_missing = 0
    keys = pd.MultiIndex.from_frame(base[["stadsdel_kod", "ar"]])
    position = {k: i for i, k in enumerate(keys)}
    changed = added = unchanged = 0
    additions = []
    values = base[column].copy()
    for code, year, value, present in zip(
        incoming["stadsdel_kod"], incoming["ar"], incoming[column], has_value, strict=True
    ):
        at = position.get((code, year))
        if at is None:
            if present:
                additions.append({"stadsdel_kod": code, "ar": int(year), column: value})
                added += 1
            continue
        if not present:
            kept_missing += int(pd.notna(values.iloc[at]))
            unchanged += int(pd.isna(values.iloc[at]))
            continue
        old = values.iloc[at]
        if pd.isna(old) or old != value:
            values.iloc[at] = value
            changed += 1
        else:
            unchanged += 1
    base[column] = values
    if additions:
        extra = empty_statistics(len(additions))
        extra["stadsdel_kod"] = pd.array([a["stadsdel_kod"] for a in additions], dtype="string")
        extra["ar"] = np.array([a["ar"] for a in additions], dtype="int64")
        extra[column] = pd.array([a[column] for a in additions], dtype=base[column].dtype)
        base = pd.concat([base, extra[base.columns]], ignore_index=True)
    base = base.sort_values(["stadsdel_kod", "ar"]).reset_index(drop=True)
    return base, MergeResult(column, changed, added, unchanged, kept_missing)


def write_statistics(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a ``statistik.csv`` frame (UTF-8, comma, empty cells for NA) atomically; returns the path."""
    out = frame[list(vocab.STATISTICS_COLUMNS)].copy()
    return write_text_atomic(path, out.to_csv(index=False, lineterminator="\n", na_rep=""))


def to_districts(source: pd.DataFrame | TidyResult, kommun: str | None = None) -> pd.DataFrame:
    """``stadsdelar.csv`` (``stadsdel_kod``, ``stadsdel_namn``) from the key or a tidy SCB table.

    From the key (``regso_kod``, ``regso_namn``, ``kommun_kod``): the RegSO of ``kommun`` (a 4-digit code;
    all kommuner when None). From a tidy table: its resolved RegSO with their names. Sorted by code.
    Rejected (DataError): a kommun with no RegSO, a RegSO without a name.
    """
    table = source.table if isinstance(source, TidyResult) else source
    rows = table[table["regso_kod"].notna()]
    if kommun is not None:
        kommun = kommun.strip()
        if "kommun_kod" in rows.columns:
            rows = rows[rows["kommun_kod"] == kommun]
        else:
            rows = rows[rows["regso_kod"].str[:4] == kommun]
        if rows.empty:
            raise DataError(f"Inga RegSO för kommun {kommun} hittades.")
    frame = rows[["regso_kod", "regso_namn"]].drop_duplicates("regso_kod")
    unnamed = frame.loc[frame["regso_namn"].isna(), "regso_kod"].tolist()
    if unnamed:
        raise DataError(f"RegSO utan namn (ange nyckelfilen): {listed(unnamed)}.")
    frame = frame.rename(columns={"regso_kod": "stadsdel_kod", "regso_namn": "stadsdel_namn"})
    return frame.sort_values("stadsdel_kod").reset_index(drop=True).astype("string")


def write_districts(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``stadsdelar.csv`` atomically; returns the path."""
    return write_text_atomic(path, frame[["stadsdel_kod", "stadsdel_namn"]].to_csv(index=False, lineterminator="\n"))


def area_types_from_statdb(
    source: Source, *, key: pd.DataFrame | None = None, kommun: str | None = None
) -> tuple[pd.DataFrame, TidyResult]:
    """SCB's published area types (Statistikdatabasen export, one column per year) as ``statistik.csv``
    with ``omradestyp_scb`` filled. Returns (statistics frame, the TidyResult with every label's fate).

    Rejected (DataError): a value other than 1–5 (named by district and year), as in :func:`to_statistics`.
    """
    tidy = read_statdb_csv(source, key=key, kommun=kommun)
    return to_statistics(tidy, "omradestyp_scb"), tidy


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write UTF-8 text through a temporary file and a rename, so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)
    return path


# ----------------------------------------------------------------------------- geometry

GeometryLevel = Literal["deso", "regso"]
_GEOMETRY_COLUMNS = {
    "deso": ("desokod", "deso_kod", "deso", "deso_2018", "deso_2025", "desokod_2018", "desokod_2025"),
    "regso_kod": ("regsokod", "regso_kod", "regsokod_2020", "regsokod_2025", "regso", "regso_2020", "regso_2025"),
    "regso_namn": ("regsonamn", "regso_namn", "regso", "regso_2020", "regso_2025", "namn"),
    "kommun": ("kommunkod", "kommun_kod", "kommun", "kommunkod_2018", "kommunkod_2025"),
}


def _find_code_column(frame: pd.DataFrame, candidates: tuple[str, ...], pattern: re.Pattern) -> str | None:
    lowered = {c.lower(): c for c in frame.columns if c != frame.geometry.name}
    for name in candidates:
        column = lowered.get(name)
        if column is None:
            continue
        values = frame[column].dropna().astype(str).map(plain_code)
        if len(values) and values.map(lambda v: bool(pattern.fullmatch(v))).mean() > 0.9:
            return column
    return None


def read_scb_geometry(
    source: Source,
    *,
    level: GeometryLevel | None = None,
    key: pd.DataFrame | None = None,
    aggregate_to_regso: bool = False,
    kommun: str | None = None,
):
    """Read SCB's DeSO or RegSO polygons (GeoPackage or GeoJSON as SCB publishes them) in EPSG:3006.

    Columns are detected by name and content: DeSO codes in ``desokod``/``deso`` (also ``DeSO_2018`` …),
    RegSO codes in ``regsokod``/``regso``, RegSO names in ``regsonamn``/``regso``, kommun in ``kommunkod``;
    ``level`` is detected from them when None (DeSO when a DeSO column exists). ``kommun`` keeps one kommun.
    A file without a CRS, or a GeoJSON without a ``crs`` member whose coordinates are not longitude/latitude,
    is taken to be SCB's SWEREF 99 TM (EPSG:3006), with a note; other CRSs are reprojected.

    ``aggregate_to_regso`` dissolves DeSO polygons to RegSO by the key when given (which also supplies the
    names), else by the file's RegSO column. Returns a GeoDataFrame with ``stadsdel_kod``,
    ``stadsdel_namn`` (when known) and ``geometry``; a DeSO-level result also has ``regso_kod`` when known.
    ``attrs["notes"]`` says which columns were used and what was assumed; ``attrs["level"]`` the level.

    Rejected (DataError): unreadable or empty file, no DeSO/RegSO code column, DeSO codes missing from the
    key when aggregating (named; usually a key of another DeSO edition), a kommun with no areas.
    """
    import geopandas as gpd

    notes: list[str] = []
    try:
        if isinstance(source, str | Path) and Path(source).is_file():
            name = Path(source).name
            gdf = gpd.read_file(source)
        else:
            data, name = _read_source(source)
            with warnings.catch_warnings():
                # GDAL warns that an in-memory GeoPackage lacks the .gpkg extension; the content decides.
                warnings.simplefilter("ignore", RuntimeWarning)
                gdf = gpd.read_file(io.BytesIO(data))
    except DataError:
        raise
    except Exception as exc:  # pyogrio/GDAL errors vary by driver; all mean "cannot read"
        raise file_error(name, "geometrifilen kunde inte läsas (GeoPackage eller GeoJSON väntas)") from exc
    if not isinstance(gdf, gpd.GeoDataFrame):  # GDAL reads a CSV as a table without geometry
        raise file_error(name, "filen innehåller ingen geometri (GeoPackage eller GeoJSON väntas)")
    if gdf.empty:
        raise file_error(name, "geometrifilen innehåller inga objekt")
    if gdf.crs is None or (gdf.crs.is_geographic and not _looks_geographic(gdf)):
        # GDAL reads a GeoJSON without a crs member as WGS 84; metre coordinates then mean SCB's SWEREF 99 TM.
        gdf = gdf.set_crs("EPSG:3006", allow_override=True)
        notes.append("Filen anger inget koordinatsystem som stämmer; SCB:s SWEREF 99 TM (EPSG:3006) antogs.")
    elif gdf.crs.to_epsg() != 3006:
        notes.append(f"Koordinaterna räknades om från {gdf.crs.to_string()} till SWEREF 99 TM (EPSG:3006).")
        gdf = gdf.to_crs("EPSG:3006")

    deso_col = _find_code_column(gdf, _GEOMETRY_COLUMNS["deso"], DESO_CODE)
    regso_col = _find_code_column(gdf, _GEOMETRY_COLUMNS["regso_kod"], REGSO_CODE)
    kommun_col = _find_code_column(gdf, _GEOMETRY_COLUMNS["kommun"], KOMMUN_CODE)
    lowered = {str(c).lower(): c for c in gdf.columns if c != gdf.geometry.name}
    taken = (regso_col, deso_col, kommun_col)
    name_col = next(
        (lowered[c] for c in _GEOMETRY_COLUMNS["regso_namn"] if c in lowered and lowered[c] not in taken), None
    )
    level = level or ("deso" if deso_col else "regso")
    code_col = deso_col if level == "deso" else regso_col
    if code_col is None:
        wanted = "DeSO-koder (t.ex. desokod)" if level == "deso" else "RegSO-koder (t.ex. regsokod)"
        raise file_error(name, f"hittar ingen kolumn med {wanted}; kolumner: {', '.join(map(str, lowered.values()))}")
    used = [f"{'DeSO' if level == 'deso' else 'RegSO'}-kod i '{code_col}'"]
    used += [f"RegSO-kod i '{regso_col}'"] if level == "deso" and regso_col else []
    used += [f"RegSO-namn i '{name_col}'"] if name_col else []
    notes.append(f"{'DeSO' if level == 'deso' else 'RegSO'}-geometri ({len(gdf)} objekt); kolumner: {', '.join(used)}.")

    codes = gdf[code_col].astype(str).map(plain_code)
    out = gpd.GeoDataFrame({"stadsdel_kod": codes.astype("string")}, geometry=gdf.geometry.values, crs=gdf.crs)
    kommun_of = gdf[kommun_col].astype(str).str.strip() if kommun_col else codes.str[:4]
    regso_names = key.drop_duplicates("regso_kod").set_index("regso_kod")["regso_namn"] if key is not None else None
    if level == "deso":
        if key is not None:
            out["regso_kod"] = codes.map(dict(zip(key["deso_kod"], key["regso_kod"], strict=True))).astype("string")
        elif regso_col:
            out["regso_kod"] = gdf[regso_col].astype(str).map(plain_code).astype("string").to_numpy()
        if name_col and key is None:
            out["regso_namn"] = gdf[name_col].astype("string").str.strip().to_numpy()
    else:
        if name_col:
            out["stadsdel_namn"] = gdf[name_col].astype("string").str.strip().to_numpy()
        if regso_names is not None:
            from_key = out["stadsdel_kod"].map(regso_names).astype("string")
            out["stadsdel_namn"] = out["stadsdel_namn"].fillna(from_key) if "stadsdel_namn" in out else from_key

    if kommun is not None:
        out = out[kommun_of.to_numpy() == kommun.strip()]
        if out.empty:
            raise file_error(name, f"inga områden i kommun {kommun} i geometrifilen")
        notes.append(f"{len(out)} objekt i kommun {kommun.strip()} behölls.")

    if aggregate_to_regso and level == "deso":
        if "regso_kod" not in out.columns:
            raise file_error(name, "DeSO kan inte slås ihop till RegSO: filen har ingen RegSO-kolumn; ange nyckelfilen")
        missing = sorted(out.loc[out["regso_kod"].isna(), "stadsdel_kod"].unique())
        if missing:
            edition = key.attrs.get("edition", "okänd") if key is not None else "filens RegSO-kolumn"
            raise DataError(
                f"{name}: {len(missing)} DeSO saknar RegSO i nyckeln ({edition}): {listed(missing)}. "
                "Använd nyckeln för samma DeSO-version som geometrin (2018 eller 2025)."
            )
        before = len(out)
        columns = ["regso_kod", "geometry", *(["regso_namn"] if "regso_namn" in out else [])]
        out = out[columns].dissolve(by="regso_kod", as_index=False, sort=True, aggfunc="first")
        out = out.rename(columns={"regso_kod": "stadsdel_kod", "regso_namn": "stadsdel_namn"})
        if regso_names is not None:
            out["stadsdel_namn"] = out["stadsdel_kod"].map(regso_names).astype("string")
        notes.append(f"{before} DeSO slogs ihop till {len(out)} RegSO.")
        level = "regso"
    else:
        if aggregate_to_regso:
            notes.append("Filen är redan på RegSO-nivå; ingen sammanslagning behövdes.")
        if out["stadsdel_kod"].duplicated().any():
            dupes = sorted(out.loc[out["stadsdel_kod"].duplicated(), "stadsdel_kod"].unique())
            columns = ["stadsdel_kod", "geometry", *(["stadsdel_namn"] if "stadsdel_namn" in out else [])]
            out = out[columns].dissolve(by="stadsdel_kod", as_index=False, sort=True, aggfunc="first")
            notes.append(f"Flera objekt med samma kod slogs ihop: {listed(dupes)}.")
    keep = [c for c in ("stadsdel_kod", "stadsdel_namn", "regso_kod") if c in out.columns]
    out = out[[*keep, "geometry"]].sort_values("stadsdel_kod").reset_index(drop=True)
    for column in keep:
        out[column] = out[column].astype("string")
    out.attrs["notes"] = notes
    out.attrs["level"] = level
    return out


def _looks_geographic(gdf) -> bool:
    minx, miny, maxx, maxy = gdf.total_bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def write_geojson(gdf, path: str | Path) -> Path:
    """Write district polygons as ``stadsdelar.geojson`` in EPSG:3006 with a ``crs`` member, atomically,
    so analysis.files_in.loaders.load_geometry reads it back without guessing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp.geojson")
    keep = [c for c in ("stadsdel_kod", "stadsdel_namn") if c in gdf.columns]
    gdf[[*keep, "geometry"]].to_crs("EPSG:3006").to_file(tmp, driver="GeoJSON")
    tmp.replace(path)
    return path
