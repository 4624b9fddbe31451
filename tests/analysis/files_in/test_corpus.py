"""The corpus of bad and awkward participant files (tests/fixtures/corpus/): each file through
``loaders.load_participants`` must give exactly the counts and messages in expected.json, never a
traceback-like text, and never an identity number in any message.

The files and expected.json are written by tests/fixtures/corpus/make_corpus.py; the last test checks
that the committed files are what the script writes.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in import loaders
from analysis.files_in.validation import DataError, ValidationReport

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
TODAY = dt.date.fromisoformat(EXPECTED["today"])
CASES = EXPECTED["cases"]

# Every spelling of the Skatteverket test numbers used in the corpus, whole and in parts.
IDENTITY_TEXTS = (
    "19121212-1212",
    "191212121212",
    "121212-1212",
    "1212121212",
    "19701063-2391",
    "197010632391",
    "701063-2391",
    "7010632391",
)
# What a leaked Python error looks like; none of it may reach a user.
TRACEBACK_TEXTS = ("Traceback", 'File "', "Error:", "Exception", "errno", "\\x")
# Python's and pandas' spellings of "nothing", as whole words ("Annan" is a gender, not NaN).
MISSING_VALUE = re.compile(r"\b(?:None|nan|NaN|NaT)\b|<NA>")


@pytest.fixture(scope="module")
def codes() -> tuple[set[str], set[str]]:
    districts = set(loaders.load_districts(HELSINGBORG / "stadsdelar.csv")["stadsdel_kod"])
    programmes = set(loaders.load_programmes(HELSINGBORG / "insatser.csv")["insats"])
    return districts, programmes


def test_corpus_is_large_enough_and_every_file_has_a_case():
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name != "expected.json" and p.suffix != ".py"}
    assert len(files) >= 25
    assert files == {case["file"] for case in CASES}
    assert len({case["id"] for case in CASES}) == len(CASES)


def run(case: dict, codes) -> tuple[pd.DataFrame | None, ValidationReport, str]:
    """Load one case; returns (frame or None on DataError, report, every text shown to a user)."""
    districts, programmes = codes
    try:
        frame, report = loaders.load_participants(
            CORPUS / case["file"], districts, programmes, today=TODAY, **case["options"]
        )
    except DataError as exc:
        report = exc.report or ValidationReport(case["file"])
        return None, report, str(exc) + "\n" + report.format_text()
    return frame, report, report.format_text() + "\n" + report.to_frame().to_csv()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_case(case, codes):
    frame, report, text = run(case, codes)
    assert report.rows_read == report.rows_accepted + report.rows_rejected

    for needle in IDENTITY_TEXTS:
        assert needle not in text, f"identity number shown: {case['id']}"
    for needle in TRACEBACK_TEXTS:
        assert needle not in text, f"{needle!r} in messages of {case['id']}:\n{text}"
    assert not MISSING_VALUE.search(text), text

    if "error" in case:
        assert frame is None, f"{case['id']} should be refused as a whole"
        first_line = text.splitlines()[0]
        assert first_line.startswith(case["file"] + ": ")
        for expected in [case["error"], *case.get("error_also", [])]:
            assert expected in first_line
        assert report.rows_accepted == 0
        return

    assert frame is not None, text
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (
        case["read"],
        case["accepted"],
        case["rejected"],
    ), text
    assert len(frame) == case["accepted"]
    if case["rejected"] == 0:
        assert report.ok, text
    if case.get("no_issues"):
        assert report.issues == [], text
    for expected in case.get("issues", []):
        matches = [
            i
            for i in report.issues
            if i.row == expected["row"]
            and i.column == expected["column"]
            and i.severity == expected["severity"]
            and expected["contains"] in i.message
        ]
        assert matches, f"missing {expected} in\n{text}"
    # A rejected row is named in the summary line; an accepted one never is.
    rejected = set(report.rejected_rows or ())
    assert rejected.isdisjoint(set(frame["rad"]))
    assert len(rejected) == case["rejected"]
    for row, columns in case.get("dates", {}).items():
        (record,) = frame[frame["rad"] == int(row)].to_dict("records")
        for column, iso in columns.items():
            assert record[column] == pd.Timestamp(iso), f"{case['id']} rad {row} {column}"


def test_corpus_files_are_what_the_generator_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write(tmp_path)
    for path in written:
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), f"{path.name} differs; run make_corpus.py"
