"""Hostile and careless files: each is refused with a clear Swedish message, within a memory and a time
bound, both through ``reading.read_table`` and through the command line; valid large files still pass
under the same bounds.

The files are written at test time (tests/fixtures/hostile/make_hostile.py) into a temporary folder: a
4 MB workbook that unpacks to 4 GB, 200 million empty cells, a million rows, 20 000 CSV columns, a UTF-8
file with 300 Windows-1252 rows… Each is read in a separate process whose address space is capped with
``RLIMIT_AS`` and which is killed after a timeout, so a defence that fails shows as a MemoryError, a kill
or a timeout rather than as a slow test. The fast in-process tests below them pin the details: exact limit
boundaries, sheet listing, encodings, and that the streaming XLSX reader reads cells as openpyxl does.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from analysis.files_in import limits as limits_module
from analysis.files_in import reading
from analysis.files_in.limits import Limits
from analysis.files_in.validation import DataError
from tests.fixtures.hostile import make_hostile as make

ROOT = Path(__file__).resolve().parents[3]
TESTBY = ROOT / "tests" / "fixtures" / "loaders" / "testby"
#: Address space each reading process may use. Python with pandas and the CLI's imports takes about
#: 400 MB of it before any file is opened; reading the 100 000-row positive controls peaks near 300 MB.
MEMORY_LIMIT_MB = 1536
#: Seconds a refusal may take, start-up included (each takes 1–3 s on a laptop).
TIME_LIMIT = 60
#: Seconds the positive controls may take (reading and validating 100 000 rows: 10–25 s).
POSITIVE_TIME_LIMIT = 120
# Thread pools reserve address space per thread; one thread each keeps the imports inside the limit.
ENVIRONMENT = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    "PYTHONPATH": str(ROOT),
    "PYTHONIOENCODING": "utf-8",
}
# Prints what read_table made of the file as one JSON line; any other exception is a traceback and a
# non-zero exit, which fails the test.
READER = """
import json, resource, sys
from analysis.files_in import reading
from analysis.files_in.validation import DataError
try:
    table = reading.read_table(sys.argv[1])
except DataError as exc:
    result = {"refused": str(exc)}
else:
    result = {"rows": len(table.frame), "columns": list(table.frame.columns), "warnings": table.warnings,
              "notes": table.notes}
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(result, ensure_ascii=False))
"""
TRACEBACK_TEXTS = ("Traceback", "MemoryError", 'File "', "Ett oväntat fel")


def _limit_memory() -> None:  # runs in the child between fork and exec
    limit = MEMORY_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_limited(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    """``args`` run from the project root under the memory limit; the test fails if it runs over time."""
    env = {**os.environ, **ENVIRONMENT}
    # STADSDEL_MAX_* set in the developer's shell must not change what the tests check.
    env = {k: v for k, v in env.items() if k not in limits_module.ENVIRONMENT.values()}
    try:
        return subprocess.run(
            args,
            cwd=ROOT,
            env=env,
            preexec_fn=_limit_memory,  # the tests start no threads, so the fork-then-exec hook is safe
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args[-2:])}: no answer within {timeout} s")


def read_limited(path: Path, timeout: float = TIME_LIMIT) -> dict:
    """What ``reading.read_table(path)`` gives in a process under the memory limit."""
    done = run_limited([sys.executable, "-c", READER, str(path)], timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def validate_limited(path: Path, timeout: float = TIME_LIMIT) -> subprocess.CompletedProcess:
    """``python -m analysis validate PATH --data testby`` under the memory limit."""
    return run_limited([sys.executable, "-m", "analysis", "validate", str(path), "--data", str(TESTBY)], timeout)


# ----------------------------------------------------------------------------- the hostile files

#: name → (writer, what the refusal must say). Every refusal names the file (checked separately) and the
#: setting behind the limit it hit.
HOSTILE: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    # 3.8 MB that unpacks to 4 GB: one sheet XML of whitespace.
    "bomb.xlsx": (
        make.zip_bomb_xlsx,
        (
            "Excel-filen blir 3 814",
            "MB uppackad; gränsen är 300 MB",
            "STADSDEL_MAX_XLSX_UNPACKED_MB",
            "packades inte upp",
        ),
    ),
    # 250 MB of whitespace: inside the unpacked limit, but it packs 1 000 times.
    "packad.xlsx": (
        lambda p: make.zip_bomb_xlsx(p, unpacked=250_000_000),
        ("gånger större uppackad", "gränsen är 500 gånger", "STADSDEL_MAX_XLSX_RATIO", "zipbomb"),
    ),
    # 200 million empty cells (12 208 rows formatted out to column XFD) in under 1 MB.
    "tomma_celler.xlsx": (
        lambda p: make.empty_cells_xlsx(p, 200_000_000),
        ("MB uppackad; gränsen är 300 MB", "STADSDEL_MAX_XLSX_UNPACKED_MB"),
    ),
    # 12 million empty cells, with random padding so that neither the size nor the ratio stops it.
    "tomma_celler_utfyllda.xlsx": (
        lambda p: make.empty_cells_xlsx(p, 12_000_000, padding=150_000),
        ("filen har fler än 10 000 000 celler (även tomma celler som har formatering räknas)", "STADSDEL_MAX_CELLS"),
    ),
    "miljon_rader.xlsx": (make.million_rows_xlsx, ("filen har fler än 300 000 rader", "STADSDEL_MAX_ROWS")),
    # The <dimension> claims A1:XFD1048576 and the last cell holds a value.
    "langt_ned.xlsx": (
        lambda p: make.far_cell_xlsx(p, "XFD1048576", with_value=True),
        ("filen har fler än 300 000 rader", "STADSDEL_MAX_ROWS"),
    ),
    "langt_ut.xlsx": (
        lambda p: make.far_cell_xlsx(p, "XFD3", with_value=True),
        ("rad 3 har innehåll i kolumn XFD; gränsen är 300 kolumner", "STADSDEL_MAX_COLUMNS"),
    ),
    "manga_delar.xlsx": (
        lambda p: make.many_members_xlsx(p, 1000),
        ("Excel-filen består av 1 007 delar", "högst 200", "STADSDEL_MAX_XLSX_MEMBERS"),
    ),
    # Beyond ZZZ (18 278), where column letters used to raise an uncaught ValueError.
    "bred.csv": (
        lambda p: make.wide_csv(p, 20_000),
        ("rad 1 har 20 000 fält; gränsen är 300 kolumner", "STADSDEL_MAX_COLUMNS"),
    ),
    "lang.csv": (lambda p: make.long_csv(p, 1_000_000), ("filen har fler än 300 000 rader", "STADSDEL_MAX_ROWS")),
    "tat.csv": (
        lambda p: make.dense_csv(p, 40_000, 300),
        ("filen har fler än 10 000 000 celler", "STADSDEL_MAX_CELLS"),
    ),
    "stor.csv": (
        lambda p: make.big_file(p, 60),
        ("filen är 60,1 MB; den största fil som tas emot är 50 MB", "STADSDEL_MAX_UPLOAD_MB"),
    ),
    # UTF-8 with "Malmö" on every row, rows 10–309 pasted from a Windows-1252 file.
    "blandad.csv": (
        lambda p: make.mixed_encoding_csv(p, 1000, range(10, 310)),
        (
            "filen blandar teckenkodningar",
            "raderna 10–19 och 290 till (300 rader) har tecken som inte är UTF-8",
            'Spara filen som "CSV UTF-8"',
        ),
    ),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Callable[[str], Path]:
    """Writes a hostile file on first use (some take seconds) and hands out its path."""
    folder = tmp_path_factory.mktemp("hostile")
    written: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in written:
            written[name] = HOSTILE[name][0](folder / name)
        return written[name]

    return get


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_by_read_table_within_bounds(files, name):
    result = read_limited(files(name))
    assert "refused" in result, f"{name} was read: {result}"
    message = result["refused"]
    assert message.startswith(f"{name}: ")
    for expected in HOSTILE[name][1]:
        assert expected in message
    assert "Malm" not in message  # never a cell's content
    assert result["peak_mb"] < MEMORY_LIMIT_MB


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_by_the_command_line_within_bounds(files, name):
    done = validate_limited(files(name))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert f"{name}: 0 rader lästa" in done.stdout
    for expected in HOSTILE[name][1]:
        assert expected in done.stdout
    for text in TRACEBACK_TEXTS:
        assert text not in output


# ----------------------------------------------------------------------------- positive controls


def test_a_valid_100000_row_workbook_is_accepted_under_the_same_bounds(tmp_path):
    path = make.participant_xlsx(tmp_path / "deltagare.xlsx", 100_000)
    result = read_limited(path, POSITIVE_TIME_LIMIT)
    assert result.get("rows") == 100_000, result
    assert result["columns"] == list(make.HEADER)
    done = validate_limited(path, POSITIVE_TIME_LIMIT)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert done.stdout.startswith("deltagare.xlsx: 100000 rader lästa, 100000 godkända, 0 avvisade.")


def test_a_valid_100000_row_csv_is_accepted_under_the_same_bounds(tmp_path):
    path = make.participant_csv(tmp_path / "deltagare.csv", 100_000)
    result = read_limited(path, POSITIVE_TIME_LIMIT)
    assert result.get("rows") == 100_000, result
    done = validate_limited(path, POSITIVE_TIME_LIMIT)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert done.stdout.startswith("deltagare.csv: 100000 rader lästa, 100000 godkända, 0 avvisade.")


def test_a_consistent_windows_1252_file_is_accepted_with_its_warning(tmp_path):
    path = make.participant_csv(tmp_path / "ansi.csv", 1000, encoding="cp1252")
    result = read_limited(path)
    assert result.get("rows") == 1000, result
    assert result["warnings"] == [reading.CP1252_WARNING]
    done = validate_limited(path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ansi.csv: {reading.CP1252_WARNING}" in done.stdout


def test_a_formatted_empty_cell_at_xfd1048576_costs_nothing(tmp_path):
    # Excel's stretched "used range": the dimension claims 17 billion cells, one empty one is stored.
    path = make.far_cell_xlsx(tmp_path / "utstrackt.xlsx", "XFD1048576", with_value=False)
    result = read_limited(path)
    assert result.get("rows") == 3, result
    assert "1 048 572 tomma rader efter sista raden med innehåll räknas inte" in result["notes"]
    assert result["peak_mb"] < 400


# ----------------------------------------------------------------------------- limits


def test_limits_from_environment():
    assert limits_module.from_environment({}) == Limits()
    env = {
        "STADSDEL_MAX_UPLOAD_MB": "10",
        "STADSDEL_MAX_XLSX_UNPACKED_MB": "100",
        "STADSDEL_MAX_XLSX_MEMBERS": "50",
        "STADSDEL_MAX_XLSX_RATIO": "100",
        "STADSDEL_MAX_ROWS": "1 000 000",
        "STADSDEL_MAX_COLUMNS": "40",
        "STADSDEL_MAX_CELLS": "5_000_000",
    }
    assert limits_module.from_environment(env) == Limits(10, 100, 50, 100, 1_000_000, 40, 5_000_000)
    bad = {"STADSDEL_MAX_ROWS": "många", "STADSDEL_MAX_CELLS": "0", "STADSDEL_MAX_UPLOAD_MB": "-5"}
    assert limits_module.from_environment(bad) == Limits()
    assert limits_module.from_environment({"STADSDEL_MAX_COLUMNS": "99999"}).columns == 16_384
    assert set(limits_module.ENVIRONMENT) == {f.name for f in limits_module.fields(Limits)}


def test_the_default_limits_leave_room_for_a_large_participant_file():
    limits = Limits()
    assert limits.rows >= 100_001 and limits.columns >= 13 and limits.cells >= 100_001 * 13
    assert limits.upload_bytes == 50 * 1024 * 1024


def test_read_table_reads_the_limits_from_the_environment(monkeypatch):
    data = b"deltagare_id;insats\n" + b"A;x\n" * 10
    monkeypatch.setenv("STADSDEL_MAX_ROWS", "10")
    with pytest.raises(DataError, match="fler än 10 rader; gränsen är 10 rader"):
        reading.read_table(data, "d.csv")
    monkeypatch.setenv("STADSDEL_MAX_ROWS", "11")
    assert len(reading.read_table(data, "d.csv").frame) == 10


# ----------------------------------------------------------------------------- exact boundaries, CSV


def csv_of(rows: int, columns: int) -> bytes:
    header = ";".join(["deltagare_id", "insats", *(f"k{i}" for i in range(3, columns + 1))])
    line = ";".join(["A", "x", *("y" for _ in range(3, columns + 1))])
    return ("\n".join([header, *[line] * rows]) + "\n").encode()


def test_csv_rows_at_the_limit_pass_and_one_more_is_refused():
    small = Limits(rows=5)
    assert len(reading.read_table(csv_of(4, 2), "d.csv", limits=small).frame) == 4  # header + 4 = 5 rows
    with pytest.raises(DataError) as caught:
        reading.read_table(csv_of(5, 2), "d.csv", limits=small)
    assert str(caught.value) == (
        "d.csv: filen har fler än 5 rader; gränsen är 5 rader (inställningen STADSDEL_MAX_ROWS). "
        "Filen lästes inte; dela upp den i mindre filer"
    )
    assert caught.value.report.rows_read == 0


def test_csv_columns_at_the_limit_pass_and_one_more_is_refused():
    small = Limits(columns=4)
    assert len(reading.read_table(csv_of(2, 4), "d.csv", limits=small).frame.columns) == 4
    with pytest.raises(DataError, match=r"d\.csv: rad 1 har 5 fält; gränsen är 4 kolumner \(inställningen "):
        reading.read_table(csv_of(2, 5), "d.csv", limits=small)


def test_csv_cells_at_the_limit_pass_and_one_more_is_refused():
    small = Limits(cells=3 * 4)  # header and two rows of four
    assert len(reading.read_table(csv_of(2, 4), "d.csv", limits=small).frame) == 2
    with pytest.raises(DataError, match="filen har fler än 12 celler; gränsen är 12 celler"):
        reading.read_table(csv_of(3, 4), "d.csv", limits=small)


def test_csv_empty_fields_at_the_end_of_rows_do_not_count_as_columns():
    # Excel exports its whole "used range": a cell once formatted at XFD gives 16 383 separators a line.
    data = ("deltagare_id;insats" + ";" * 16_382 + "\n" + ("A;x" + ";" * 16_382 + "\n") * 3).encode()
    table = reading.read_table(data, "d.csv", limits=Limits(columns=2))
    assert table.frame.columns.tolist() == ["deltagare_id", "insats"]
    assert len(table.frame) == 3


def test_csv_header_with_empty_fields_at_its_end_still_takes_values_there():
    # The header's own trailing empty field makes room for a value (an unnamed column), as before.
    table = reading.read_table(b"deltagare_id;insats;\nA;x;anteckning\n", "d.csv")
    assert table.frame.columns.tolist() == ["deltagare_id", "insats", "(namnlös kolumn C)"]


def test_upload_limit_is_checked_before_a_path_is_read(tmp_path, monkeypatch):
    path = tmp_path / "d.csv"
    path.write_bytes(b"deltagare_id;insats\n" + b"A;x\n" * 300_000)  # 1.2 MB
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(DataError) as caught:
        reading.read_table(path, limits=Limits(upload_mb=1))
    assert str(caught.value) == (
        "d.csv: filen är 1,2 MB; den största fil som tas emot är 1 MB (inställningen STADSDEL_MAX_UPLOAD_MB). "
        "Spara bara bladet med deltagarna, eller dela upp filen"
    )


def test_upload_limit_for_bytes():
    data = b"deltagare_id;insats\n" + b"A;x\n" * 300_000  # 1.2 MB
    with pytest.raises(DataError, match=r"filen är 1,2 MB; den största fil som tas emot är 1 MB"):
        reading.read_table(data, "d.csv", limits=Limits(upload_mb=1))


# ----------------------------------------------------------------------------- exact boundaries, XLSX


def xlsx_of(rows: int, columns: int) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["deltagare_id", "insats", *(f"k{i}" for i in range(3, columns + 1))])
    for _ in range(rows):
        sheet.append(["A", "x", *("y" for _ in range(3, columns + 1))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_rows_columns_and_cells_at_their_limits(tmp_path):
    data = xlsx_of(4, 4)  # 5 rows, 4 columns, 20 cells
    exact = Limits(rows=5, columns=4, cells=20)
    assert reading.read_table(data, "d.xlsx", limits=exact).frame.shape == (4, 4)
    with pytest.raises(DataError, match=r"d\.xlsx: filen har fler än 4 rader; gränsen är 4 rader"):
        reading.read_table(data, "d.xlsx", limits=Limits(rows=4))
    with pytest.raises(DataError, match=r"d\.xlsx: rad 1 har innehåll i kolumn D; gränsen är 3 kolumner"):
        reading.read_table(data, "d.xlsx", limits=Limits(columns=3))
    with pytest.raises(DataError, match=r"fler än 19 celler \(även tomma celler som har formatering räknas\)"):
        reading.read_table(data, "d.xlsx", limits=Limits(cells=19))


def test_xlsx_zip_directory_limits(tmp_path):
    data = xlsx_of(3, 2)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = len(archive.infolist())
        unpacked = sum(i.file_size for i in archive.infolist())
    assert reading.read_table(data, "d.xlsx", limits=Limits(xlsx_members=members)).frame.shape == (3, 2)
    with pytest.raises(DataError, match=f"består av {members} delar; en arbetsbok får bestå av högst {members - 1} "):
        reading.read_table(data, "d.xlsx", limits=Limits(xlsx_members=members - 1))
    assert unpacked < 1024 * 1024  # so the smallest limit, 1 MB, passes it
    assert reading.read_table(data, "d.xlsx", limits=Limits(xlsx_unpacked_mb=1)).frame.shape == (3, 2)


def test_xlsx_refusals_in_a_workbook_of_several_sheets_name_the_sheet(tmp_path):
    path = make.two_sheet_xlsx(tmp_path / "d.xlsx", make.sheet_xml([make.row_xml(1, [(1, "><v>1</v></c>")])]))
    with pytest.raises(DataError, match=r'd\.xlsx: bladet "Deltagare" har fler än 3 rader'):
        reading.read_table(path, sheet=1, limits=Limits(rows=3))
    with pytest.raises(DataError, match=r'd\.xlsx: bladet "Deltagare": rad 1 har innehåll i kolumn L'):
        reading.read_table(path, sheet=1, limits=Limits(columns=11))


def test_a_long_cell_text_is_refused(tmp_path):
    text = "x" * 40_000
    path = make.write_workbook(
        tmp_path / "lang.xlsx",
        [("Blad1", make.sheet_xml([make.row_xml(1, [(1, 't="inlineStr"><is><t>' + text + "</t></is></c>")])]))],
    )
    with pytest.raises(DataError, match="en cell på rad 1 har mer än 32 767 tecken"):
        reading.read_table(path)


def test_a_document_type_declaration_is_refused(tmp_path):
    # Where entity expansion ("billion laughs") lives; no Excel part has one.
    pieces = [
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>',
        f'<worksheet xmlns="{make.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c>'
        "</row></sheetData></worksheet>",
    ]
    path = make.write_workbook(tmp_path / "dtd.xlsx", [("Blad1", pieces)])
    with pytest.raises(DataError, match=r"dtd\.xlsx: Excel-filen kunde inte läsas"):
        reading.read_table(path)


# ----------------------------------------------------------------------------- sheets


def test_sheet_names_lists_sheets_without_parsing_them(tmp_path):
    broken = ["<worksheet><sheetData><row><c><v>1</v></c>"]  # not even well-formed XML
    path = make.two_sheet_xlsx(tmp_path / "d.xlsx", broken)
    assert reading.sheet_names(path.read_bytes(), "d.xlsx") == ["Instruktioner", "Deltagare"]
    assert reading.sheet_names(path) == ["Instruktioner", "Deltagare"]
    assert reading.sheet_names(b"deltagare_id;insats\nA;x\n", "d.csv") == []
    with pytest.raises(DataError, match=r"d\.xlsx: Excel-filen kunde inte läsas"):
        reading.read_table(path)  # the first visible sheet is the broken one
    table = reading.read_table(path, sheet=1)  # any other sheet reads whatever the first holds
    assert (table.sheet, len(table.frame)) == ("Deltagare", 3)
    assert reading.read_table(path, sheet="Deltagare").sheets == ["Instruktioner", "Deltagare"]


def test_sheet_names_is_cheap_even_when_the_first_sheet_is_huge(tmp_path):
    huge = make.sheet_xml(["<row><c><v>1</v></c></row>"] * 400_000)  # more rows than the limit allows
    path = make.two_sheet_xlsx(tmp_path / "d.xlsx", huge)
    assert reading.sheet_names(path) == ["Instruktioner", "Deltagare"]
    assert len(reading.read_table(path, sheet=1).frame) == 3
    with pytest.raises(DataError, match='bladet "Instruktioner" har fler än 300 000 rader'):
        reading.read_table(path)


def test_workbook_sheets_marks_hidden_sheets_and_leaves_out_chart_sheets():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Koder"
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("Deltagare").append(["deltagare_id"])
    workbook.create_chartsheet("Diagram")
    workbook.create_sheet("Gammalt").sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    assert reading.workbook_sheets(data, "d.xlsx") == [
        reading.SheetInfo("Koder", hidden=True),
        reading.SheetInfo("Deltagare", hidden=False),
        reading.SheetInfo("Gammalt", hidden=True),
    ]
    assert reading.sheet_names(data, "d.xlsx") == ["Koder", "Deltagare", "Gammalt"]
    assert reading.default_sheet_index(data, "d.xlsx") == 1
    assert reading.read_table(data, "d.xlsx").sheet == "Deltagare"
    assert reading.default_sheet_index(b"a;b\n", "d.csv") is None


def test_sheet_names_refuses_what_read_table_refuses(tmp_path):
    path = make.zip_bomb_xlsx(tmp_path / "bomb.xlsx", unpacked=400_000_000)
    with pytest.raises(DataError, match="uppackad; gränsen är 300 MB"):
        reading.sheet_names(path)
    with pytest.raises(DataError, match="lösenordsskyddad"):
        reading.sheet_names(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "d.xlsx")


# ----------------------------------------------------------------------------- cells as openpyxl reads them


def test_streaming_reader_gives_what_openpyxl_gives(tmp_path):
    """Every kind of cell Excel stores, written by hand, read by read_table and by openpyxl's full mode
    (what the reader used before): the same text in every cell, and the same Excel row numbers."""
    strings = ["deltagare_id", "Startdatum", "rik text", "Malmö", "a_x005F_b", "  mellanslag  "]
    sst = "".join(f'<si><t xml:space="preserve">{make._escape(text)}</t></si>' for text in strings)
    sst += '<si><r><t>rik </t></r><r><rPr><b/></rPr><t>text</t></r><rPh sb="0" eb="3"><t>FON</t></rPh></si>'  # 6
    header = make.row_xml(1, [(1, 't="s"><v>0</v></c>'), (2, 't="s"><v>1</v></c>'), (3, 't="s"><v>2</v></c>')])
    cells = [
        (1, 't="s"><v>3</v></c>'),  # shared string
        (2, f's="1"><v>{make.serial(dt.date(2024, 3, 1))}</v></c>'),  # date cell
        (3, 's="1"><v>45352.75</v></c>'),  # date and time
        (4, "><v>1985</v></c>"),  # whole number
        (5, "><v>1985.0</v></c>"),
        (6, "><v>12.5</v></c>"),
        (7, "><v>1E3</v></c>"),
        (8, 't="b"><v>1</v></c>'),  # boolean
        (9, 't="e"><v>#N/A</v></c>'),  # error
        (10, 't="str"><f>A1&amp;"x"</f><v>Malmöx</v></c>'),  # formula with its cached text
        (11, "><f>1+1</f><v>2</v></c>"),  # formula with its cached number
        (12, "><f>1+1</f></c>"),  # formula never computed: empty
        (13, 't="inlineStr"><is><t>inline</t></is></c>'),
        (14, 't="inlineStr"><is><r><t>in</t></r><r><t>line rik</t></r></is></c>'),
        (15, 't="s"><v>4</v></c>'),
        (16, 't="s"><v>5</v></c>'),
        (17, 't="d"><v>2024-03-01T10:00:00</v></c>'),
        (18, 's="1"><v>0.5</v></c>'),  # a time of day
        (19, 't="s"><v>6</v></c>'),  # rich text, phonetic guide left out
    ]
    rows = [header, make.row_xml(2, cells), make.row_xml(4, [(2, "><v>7</v></c>")])]
    path = make.write_workbook(
        tmp_path / "celler.xlsx",
        [("Blad1", make.sheet_xml(rows, "A1:S4"))],
        strings_xml=f'{make.XML_HEAD}<sst xmlns="{make.MAIN}">{sst}</sst>',
    )
    table = reading.read_table(path)

    workbook = openpyxl.load_workbook(path, data_only=True)
    expected = [[reading.cell_text(v).strip() for v in row] for row in workbook.active.iter_rows(values_only=True)]
    assert table.rows == [2, 3, 4]
    assert list(table.frame.columns[:3]) == expected[0][:3] == ["deltagare_id", "Startdatum", "rik text"]
    for column in table.frame.columns:
        index = ord(table.letters[column]) - ord("A")
        assert table.frame[column].tolist() == [expected[row - 1][index] for row in table.rows], column
    # Column L (a formula never computed) is empty in both, so read_table drops it as formatting.
    assert "L" not in table.letters.values()
    assert all(row[11] == "" for row in expected)
    assert table.frame.loc[2].tolist()[:4] == ["Malmö", "2024-03-01", "2024-03-01", "1985"]
    assert table.frame.loc[2, "(namnlös kolumn S)"] == "rik text"
    assert table.frame.loc[2, "(namnlös kolumn R)"] == "12:00:00"


def test_streaming_reader_reads_a_1904_workbook_and_rows_out_of_order(tmp_path):
    rows = [
        '<row r="3"><c r="A3" t="inlineStr"><is><t>B</t></is></c></row>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t>deltagare_id</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>startdatum</t></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2" s="1"><v>1</v></c></row>',
    ]
    path = make.write_workbook(tmp_path / "mac.xlsx", [("Blad1", make.sheet_xml(rows))], date1904=True)
    table = reading.read_table(path)
    assert table.rows == [2, 3]
    assert table.frame.to_dict("records") == [
        {"deltagare_id": "A", "startdatum": "1904-01-02"},
        {"deltagare_id": "B", "startdatum": ""},
    ]


def test_excel_row_numbers_follow_the_sheet_not_the_xml_order_of_empty_rows(tmp_path):
    # Rows without an r attribute are numbered one after the other, empty <row/> elements included.
    rows = [
        '<row><c t="inlineStr"><is><t>deltagare_id</t></is></c></row>',
        "<row/>",
        '<row><c t="inlineStr"><is><t>A</t></is></c><c/><c t="inlineStr"><is><t>x</t></is></c></row>',
    ]
    path = make.write_workbook(tmp_path / "utan_r.xlsx", [("Blad1", make.sheet_xml(rows))])
    table = reading.read_table(path)
    assert table.rows == [2, 3]
    assert table.frame.to_dict("records") == [
        {"deltagare_id": "", "(namnlös kolumn C)": ""},
        {"deltagare_id": "A", "(namnlös kolumn C)": "x"},
    ]
    assert table.letters["(namnlös kolumn C)"] == "C"


# ----------------------------------------------------------------------------- encodings


def test_mixed_encoding_names_rows_as_reports_do():
    lines = ["sep=;", "deltagare_id;ort", "A;Malmö", "B;Malmö", "C;Malmö"]
    data = "\n".join(lines).encode() + b"\n"
    bad = data.replace("C;Malmö".encode(), "C;Malmö".encode("cp1252"))
    with pytest.raises(DataError) as caught:
        reading.read_table(bad, "d.csv")
    message = str(caught.value)
    # "sep=;" takes no row number: the header is row 1, so C is row 4.
    assert "men rad 4 (1 rad) har tecken som inte är UTF-8" in message
    assert "Malm" not in message
    assert reading.read_table(data, "d.csv").encoding == "utf-8"


def test_mixed_encoding_after_a_utf8_bom():
    # The BOM says UTF-8, so one Windows-1252 row is refused even where the rest is plain ASCII.
    data = codecs.BOM_UTF8 + b"deltagare_id;ort\nA;Lund\n" + "B;Malmö\n".encode("cp1252")
    with pytest.raises(DataError, match=r"men rad 3 \(1 rad\) har tecken som inte är UTF-8"):
        reading.read_table(data, "d.csv")


def test_mixed_encoding_lists_at_most_ten_rows_and_counts_the_rest():
    lines = ["deltagare_id;ort"] + [f"{i};Malmö" for i in range(2, 40)]
    data = b"".join(
        (line + "\n").encode("cp1252" if number in {3, 5, 6, 7, 20, 21, 22, 23, 24, 25, 26, 30} else "utf-8")
        for number, line in enumerate(lines, start=1)
    )
    with pytest.raises(DataError, match=r"men raderna 3, 5–7, 20–25 och 2 till \(12 rader\) har tecken"):
        reading.read_table(data, "d.csv")


def test_a_windows_1252_file_without_any_utf8_stays_accepted():
    data = "deltagare_id;ort\nA;Malmö\nB;Göteborg – Hisingen\n".encode("cp1252")
    table = reading.read_table(data, "d.csv")
    assert table.encoding == "cp1252"
    assert table.warnings == [reading.CP1252_WARNING]
    assert table.frame["ort"].tolist() == ["Malmö", "Göteborg – Hisingen"]


def test_row_numbers_written_as_decimals_are_read_and_impossible_ones_refused(tmp_path):
    rows = [
        '<row r="1.0"><c r="A1" t="inlineStr"><is><t>deltagare_id</t></is></c></row>',
        '<row r="3.0"><c r="A3" t="inlineStr"><is><t>A</t></is></c></row>',
    ]
    path = make.write_workbook(tmp_path / "decimal.xlsx", [("Blad1", make.sheet_xml(rows))])
    assert reading.read_table(path).rows == [2, 3]
    bad = make.write_workbook(tmp_path / "noll.xlsx", [("Blad1", make.sheet_xml(['<row r="0"/>']))])
    with pytest.raises(DataError, match=r"noll\.xlsx: Excel-filen kunde inte läsas"):
        reading.read_table(bad)
