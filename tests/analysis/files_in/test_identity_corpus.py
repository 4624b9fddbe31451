"""Issue 10: the hostile corpus imported through the real intake path and the command line leaves no identity
number, in any spelling, in any byte of the store, in the logs or in what the command line prints."""

from __future__ import annotations

import logging
import re
import secrets

import openpyxl
import pandas as pd
import pytest

from analysis.files_in import dataset
from analysis.keeping.store import Store
from tests.cli_support import run, run_subprocess
from tests.identity_corpus import (
    CORPUS,
    HELSINGBORG,
    KOMMUN,
    NUMBERS,
    import_corpus,
    leaks,
    scan_folder,
    write_corpus,
)

PSEUDONYM = r"P[a-z2-7]{16}"
ROOT_DATA = HELSINGBORG.parent


@pytest.fixture
def strong_key(monkeypatch):
    key = secrets.token_urlsafe(32)
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", key)
    return key


def test_the_corpus_really_holds_every_number_before_the_import(tmp_path):
    # The scan must be able to fail: the files it is run on hold every number, in every place.
    files = write_corpus(tmp_path / "in")
    assert leaks(files.csv.read_bytes()) == set(NUMBERS)
    workbook = openpyxl.load_workbook(files.xlsx)  # zipped: read its cells and sheet names
    cells = [str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    assert leaks(" ".join(cells)) == set(NUMBERS)
    assert leaks(" ".join(workbook.sheetnames)) == {NUMBERS[0], NUMBERS[1], NUMBERS[3]}
    assert leaks(" ".join(p.name for p in files.all)) == {NUMBERS[0], NUMBERS[1], NUMBERS[2], NUMBERS[3]}
    assert leaks(" ".join(CORPUS["sheet_names"] + CORPUS["headers"]))


def test_no_number_in_any_byte_of_the_store_or_the_logs(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    files = write_corpus(tmp_path / "in")
    said = import_corpus(tmp_path / "lager", files, secrets.token_bytes(32))
    assert scan_folder(tmp_path / "lager") == {}
    assert not leaks("\n".join(said))
    # The pages load the imported version: that path logs nothing with a number either.
    shown = dataset.with_imports(dataset.load_dataset(HELSINGBORG), Store(tmp_path / "lager"))
    assert not leaks(shown.participants.astype(str).to_csv())
    assert not leaks(" ".join(r.format_text() for r in shown.reports))
    assert not leaks(caplog.text)
    assert not leaks(" ".join(str(r.args) + r.getMessage() for r in caplog.records))


def test_the_stored_register_is_pseudonymised_and_one_number_is_one_person(tmp_path):
    files = write_corpus(tmp_path / "in")
    import_corpus(tmp_path / "lager", files, secrets.token_bytes(32))
    store = Store(tmp_path / "lager")
    csv_version, xlsx_version = store.versions(KOMMUN, "deltagare")  # newest first: the CSV was imported last
    assert "[personnummer borttaget]" in csv_version.file_name and "[personnummer borttaget]" in xlsx_version.file_name
    from_csv = store.load(KOMMUN, "deltagare", csv_version.id)
    # deltagare_id held only numbers (in ~800 spellings of 12 people): 12 pseudonyms.
    assert from_csv["deltagare_id"].str.fullmatch(PSEUDONYM).all()
    assert from_csv["deltagare_id"].nunique() == len(NUMBERS)
    from_xlsx = store.load(KOMMUN, "deltagare", xlsx_version.id)
    ids = from_xlsx["deltagare_id"]
    assert (ids.str.fullmatch(PSEUDONYM) | ids.str.fullmatch(r"HBG-\d{6}")).all()
    assert ids.str.fullmatch(PSEUDONYM).sum() > 500
    # Roles and target groups typed with a number keep the words and get the pseudonym.
    assert from_xlsx["roll"].str.fullmatch(rf"[a-z]+ {PSEUDONYM}").sum() > 30
    assert from_xlsx["malgrupp"].str.fullmatch(rf"[a-z_]+ {PSEUDONYM}").sum() == 8


def test_command_line_import_validate_and_versions_print_no_number(tmp_path, monkeypatch, strong_key, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    files = write_corpus(tmp_path / "in")
    printed: list[str] = []
    codes: dict[str, int] = {}
    for path in files.all:
        for command in (["validate", str(path)], ["import", str(path), "--ny-nyckel"]):
            code, out, err = run(*command, "--data", str(HELSINGBORG))
            codes[f"{command[0]} {path.suffix} {len(printed)}"] = code
            printed += [out, err]
    code, out, err = run("versions", "--data", str(HELSINGBORG))
    printed += [out, err]
    everything = "\n".join(printed)
    assert not leaks(everything), leaks(everything)
    assert not leaks(caplog.text)
    assert scan_folder(tmp_path / "lager") == {}
    # Both registers were kept, the two broken files refused with their names redacted.
    assert len(Store(tmp_path / "lager").versions(KOMMUN, "deltagare")) == 2
    assert everything.count("Sparat som version") == 2
    assert "förekommer mer än en gång" in everything
    assert re.search(r"\[personnummer borttaget\] dubbla rubriker\.csv", everything)
    assert "fel kontrollsiffra" in everything


def test_a_real_subprocess_prints_no_number_either(tmp_path, monkeypatch, strong_key):
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    files = write_corpus(tmp_path / "in")
    result = run_subprocess("import", str(files.xlsx), "--data", str(HELSINGBORG))
    assert result.returncode == 0, result.stderr
    assert not leaks(result.stdout + result.stderr)
    assert scan_folder(tmp_path / "lager") == {}


def test_the_shipped_file_path_refuses_the_numbers_without_repeating_them(tmp_path):
    # Without the import step (python -m analysis rates, a data set folder), rows with numbers are refused.
    from analysis.files_in import loaders
    from analysis.files_in.validation import DataError

    files = write_corpus(tmp_path / "in")
    codes = dataset.load_codes(HELSINGBORG)
    with pytest.raises(DataError, match="innehåller personnummer") as error:  # the Personnummer column
        loaders.load_participants(files.csv, *codes)
    assert not leaks(str(error.value)) and not leaks(error.value.report.format_text())
    frame, report = loaders.load_participants(files.xlsx, *codes, mapping={"Personnummer": None})
    assert report.rows_rejected > 500  # every row with a number anywhere
    assert not leaks(frame.astype(str).to_csv())
    assert not leaks(report.format_text()) and not leaks(report.to_frame().to_csv())


def test_rates_on_the_command_line_counts_hidden_target_groups_but_never_names_them(tmp_path):
    import shutil

    folder = tmp_path / "tierp"
    shutil.copytree(ROOT_DATA / "tierp", folder)
    register = pd.read_csv(folder / "deltagare.csv", dtype=str, keep_default_na=False)
    register.loc[register.index[:3], "malgrupp"] = "kusin till Anna på Storgatan"  # free text, 3 people
    register.to_csv(folder / "deltagare.csv", index=False)
    for output in ("csv", "json"):
        code, out, err = run("rates", "--data", str(folder), "--by", "malgrupp", "--format", output)
        assert code == 0, err
        assert "Storgatan" not in out and "(dold grupp)" in out
    code, out, _ = run("rates", "--data", str(folder), "--by", "ar,malgrupp")
    assert "Storgatan" not in out
    # Hidden groups come last within their year, so their place in the sorted output says nothing either.
    rows = [line.split(",") for line in out.splitlines()[1:]]
    for year in {r[0] for r in rows}:
        hidden = [r[1] == "(dold grupp)" for r in rows if r[0] == year]
        assert hidden == sorted(hidden), year
