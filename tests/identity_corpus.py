"""The hostile identity-number corpus of issue 10 (tests/fixtures/identity/corpus.json): files and a byte scan.

:func:`write_corpus` writes participant files built from the Helsingborg demo register into a folder, with
every spelling of every corpus number in cells of every kind of column (``deltagare_id``, an identity
column, roles, target groups, comments, Excel number cells), in headers (also a duplicated one), in sheet
names (a hidden one too) and in file names. :func:`leaks` finds any of the numbers in bytes or text, in any
spelling: both sides are reduced to digits (a run of digits with up to three separator characters between
them counts as one number), so ``1963-04-04-8215``, ``6304048215`` and ``63 04 04 82 15`` are all found.

Nothing binary is committed: the XLSX and CSV files are written by the tests into ``tmp_path``.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
CORPUS = json.loads((ROOT / "tests" / "fixtures" / "identity" / "corpus.json").read_text(encoding="utf-8"))
NUMBERS: list[str] = [n["digits"] for n in CORPUS["numbers"]]
#: The ten digits YYMMDDNNNC of each number: what any spelling of it reduces to.
CORES: list[str] = [n[2:] for n in NUMBERS]
KOMMUN = "1283"


def spellings(digits: str) -> list[str]:
    """One number in every layout with every separator of the corpus (no duplicates, in a fixed order)."""
    parts = {"c": digits[:2], "y": digits[2:4], "m": digits[4:6], "d": digits[6:8], "n": digits[8:]}
    out = [layout.format(s=sep, **parts) for layout in CORPUS["layouts"] for sep in CORPUS["separators"]]
    return list(dict.fromkeys(out))


#: Every spelling of every number, numbers interleaved (so a short slice still holds all numbers).
ALL_SPELLINGS: list[str] = [s for group in zip(*(spellings(n) for n in NUMBERS), strict=True) for s in group] + list(
    CORPUS["reported"]
)

_SEPARATORS = re.escape(" \t\n\r\u00a0\u2007\u2009\u202f-+_/.:\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_RUN = re.compile(f"[0-9](?:[{_SEPARATORS}]{{0,3}}[0-9])*")


def leaks(data: bytes | str) -> set[str]:
    """The corpus numbers (as 12 digits) found in ``data``, in any spelling; empty when none is."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes | bytearray) else str(data)
    found: set[str] = set()
    for run in _RUN.finditer(text):
        digits = re.sub(r"[^0-9]", "", run.group(0))
        if len(digits) < 9:
            continue
        for number, core in zip(NUMBERS, CORES, strict=True):
            # A core starting with 0 may have lost it in Excel (0503152464 → 503152464).
            if core in digits or (core.startswith("0") and digits == core.lstrip("0")):
                found.add(number)
    return found


def scan_folder(folder: Path) -> dict[str, set[str]]:
    """Every file under ``folder`` (bytes, and Parquet files also as their values) → numbers found in it."""
    import pyarrow.parquet as pq

    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        hits = leaks(path.read_bytes())
        if path.suffix == ".parquet":  # an integer column would hold a number as binary, not as digits
            hits |= leaks(json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False))
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


# ----------------------------------------------------------------------------- the files


def _demo_register() -> pd.DataFrame:
    return pd.read_csv(HELSINGBORG / "deltagare.csv", dtype=str, keep_default_na=False)


def hostile_register(*, id_mostly_numbers: bool = False) -> pd.DataFrame:
    """The demo register with the corpus typed into it (all text; the column headers as a colleague writes).

    ``deltagare_id`` holds a spelling in every third row (or, with ``id_mostly_numbers``, in every row, so it
    is recognised as an identity column itself); ``Personnummer`` one in every row; roles, some target
    groups and a comment column hold them inside text; three headers hold numbers themselves.
    """
    demo = _demo_register()
    n = len(demo)
    spelled = [ALL_SPELLINGS[i % len(ALL_SPELLINGS)] for i in range(n)]
    templates = CORPUS["embedded"]
    frame = pd.DataFrame(
        {
            "Deltagare_id": [
                spelled[i] if id_mostly_numbers or i % 3 == 0 else demo["deltagare_id"][i] for i in range(n)
            ],
            "Personnummer": spelled[::-1],
            "Insats": demo["insats"],
            "Stadsdel": demo["stadsdel_kod"],
            "Startdatum": demo["startdatum"],
            "Slutdatum": demo["slutdatum"],
            "Utfall": demo["utfall"],
            # Seven target groups typed with a number: each held by one person, so hidden (and counted).
            "Målgrupp": [f"{g} {spelled[i]}" if i % 211 == 5 else g for i, g in enumerate(demo["malgrupp"])],
            "Kön": demo["kon"],
            "Födelseår": demo["fodelsear"],
            # The role with a number typed after it, as issue 10 found on the Insatser page.
            "Roll": [f"{r} {spelled[i]}" if r and i % 2 == 0 else r for i, r in enumerate(demo["roll"])],
            "Förlängning": demo["forlangning"],
            "Utfall 6 mån": demo["utfall_6m"],
            "Utfall 12 mån": demo["utfall_12m"],
            CORPUS["headers"][2]: [templates[i % len(templates)].format(spelled[-1 - i]) for i in range(n)],
            CORPUS["headers"][0]: ["se anteckning"] * n,
            CORPUS["headers"][1]: ["x"] * n,
        }
    )
    return frame


def _excel_number(text: str) -> int | str:
    """A spelling without separators as Excel stores it when typed: a number (leading zeros lost)."""
    return int(text) if text.isdigit() else text


def write_xlsx(path: Path, frame: pd.DataFrame) -> Path:
    """The register as a workbook: a hidden first sheet and a third sheet named with numbers, the data on the
    sheet ``Deltagare 19630404-8215`` below a title row that quotes a number, and an Excel-number column."""
    workbook = openpyxl.Workbook()
    hidden, data_sheet, third = CORPUS["sheet_names"]
    first = workbook.active
    first.title = hidden
    first.append(["Dolt blad", NUMBERS[1]])
    first.sheet_state = "hidden"
    sheet = workbook.create_sheet(data_sheet)
    sheet.append([f"Export för {CORPUS['reported'][4]}"])
    sheet.append([*frame.columns, "Kundnr"])
    for i, row in enumerate(frame.itertuples(index=False)):
        values = [_excel_number(v) if c == "Deltagare_id" else v for c, v in zip(frame.columns, row, strict=True)]
        number = NUMBERS[i % len(NUMBERS)]
        # Excel number cells: 12 digits, 10 digits (a young person's leading zero lost), a float.
        kundnr = [int(number), int(number[2:]), float(number)][i % 3]
        sheet.append([*values, kundnr])
    other = workbook.create_sheet(third)
    other.append(["deltagare_id", "anteckning"])
    other.append([NUMBERS[2], f"se {CORPUS['reported'][3]}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def write_csv(path: Path, frame: pd.DataFrame) -> Path:
    """The register as Swedish Excel writes a CSV: semicolons, UTF-8 with BOM, CRLF."""
    path.write_bytes(frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig"))
    return path


@dataclass(frozen=True)
class CorpusFiles:
    """The files :func:`write_corpus` wrote: two importable registers, and two that fail on their names."""

    xlsx: Path
    csv: Path
    duplicated_headers: Path
    no_header: Path

    @property
    def importable(self) -> list[Path]:
        return [self.xlsx, self.csv]

    @property
    def all(self) -> list[Path]:
        return [self.xlsx, self.csv, self.duplicated_headers, self.no_header]


def write_corpus(folder: Path) -> CorpusFiles:
    """Every corpus file into ``folder`` (created), named as ``corpus.json`` says."""
    folder.mkdir(parents=True, exist_ok=True)
    names = CORPUS["file_names"]
    xlsx = write_xlsx(folder / names["xlsx"], hostile_register())
    csv = write_csv(folder / names["csv"], hostile_register(id_mostly_numbers=True))
    dup = CORPUS["duplicated_header"]
    duplicated = folder / names["duplicated_headers"]
    duplicated.write_text(f"deltagare_id;insats;{dup};{dup}\r\nA1;jobbcoachning;x;y\r\n", encoding="utf-8", newline="")
    no_header = folder / names["no_header"]
    no_header.write_text(f"{NUMBERS[3]};{NUMBERS[4]}\r\n{CORPUS['reported'][0]};x\r\n", encoding="utf-8", newline="")
    return CorpusFiles(xlsx, csv, duplicated, no_header)


def import_corpus(store_root: Path, files: CorpusFiles, key: bytes) -> list[str]:
    """Import both registers through the real pipeline (read → map → protect → validate → store) into the
    store at ``store_root``; the CSV last, so it is the active version. Returns everything the pipeline
    said (reports and notices) for scanning."""
    from analysis.files_in import dataset, intake
    from analysis.keeping import audit
    from analysis.keeping.store import Store

    # A steward whose name carries an identity number: it must be redacted in the store and the audit log.
    actor = audit.Actor(name=f"test {CORPUS['reported'][0]}", role=audit.ROLE_STEWARD, method=audit.METHOD_CLI)
    demo = dataset.load_dataset(HELSINGBORG)
    store = Store(store_root)
    said: list[str] = []
    for path in files.importable:
        preview = intake.preview_participants(
            path.read_bytes(),
            path.name,
            district_codes=demo.districts["stadsdel_kod"],
            programme_codes=demo.programmes["insats"],
            key=key,
        )
        said += [preview.file_name, preview.report.format_text(), *preview.notices]
        said += [str(preview.report.to_frame().to_dict()), str(list(preview.table.frame.columns))]
        intake.accept(preview, store, KOMMUN, actor=actor)
    return said
