"""The import pipeline end to end on a file as a case system exports it."""

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import dataset, intake
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
KEY = b"en-testnyckel-med-minst-sexton-tecken"
# Every spelling of the identity numbers in the export.
NUMBERS = [
    "19121212-1212",
    "191212121212",
    "121212-1212",
    "1212121212",
    "19900101-0017",
    "900101-0017",
    "20000101-0016",
    "000101-0016",
    "19820905-5675",
    "820905-5675",
]
NAMES = ["Anna Andersson", "Bo Berg", "Cia Ceder", "Dan Dahl"]


@pytest.fixture(scope="module")
def demo():
    return dataset.load_dataset(HELSINGBORG)


def preview(demo, key=KEY):
    return intake.preview_participants(
        EXPORT.read_bytes(),
        EXPORT.name,
        district_codes=demo.districts["stadsdel_kod"],
        programme_codes=demo.programmes["insats"],
        key=key,
        mapping={"Insats": "insats"},
    )


def everything_shown(result) -> str:
    return "\n".join(
        [result.report.format_text(), *result.notices, result.frame.astype(str).to_csv(), str(result.mapping)]
    )


def test_counts_add_up_and_bad_rows_have_reasons(demo):
    result = preview(demo)
    report = result.report
    assert report.rows_read == 5
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    # Row 8 (Excel numbering: two title rows, header on row 3) has an unknown district code.
    assert any(i.row == 8 and i.column == "stadsdel_kod" for i in report.errors)


def test_identities_are_pseudonymised_and_names_dropped(demo):
    result = preview(demo)
    shown = everything_shown(result)
    for secret in NUMBERS + NAMES:
        assert secret not in shown, secret
    assert "namn" not in [c.lower() for c in result.frame.columns]
    assert result.frame["deltagare_id"].str.fullmatch(r"P[a-z2-7]{16}").all()
    # The same person, written two ways, is one pseudonym.
    anna = result.frame[result.frame["fodelsear"] == 1990]["deltagare_id"]
    assert anna.nunique() == 1


def test_values_are_understood_in_their_swedish_variants(demo):
    frame = preview(demo).frame.set_index("rad")
    assert frame.loc[4, "utfall"] == "arbete"
    assert frame.loc[5, "utfall"] == "pagaende"
    assert frame.loc[6, "utfall"] == "studier"
    assert frame.loc[6, "startdatum"] == pd.Timestamp("2024-03-05")
    assert frame.loc[7, "utfall"] == "avbrott"
    assert frame.loc[7, "startdatum"] == pd.Timestamp("2024-06-10")
    assert frame.loc[4, "kon"] == "kvinna"


def test_pseudonyms_depend_on_the_key(demo):
    one = preview(demo).frame["deltagare_id"]
    other = preview(demo, key=b"en-helt-annan-nyckel-1234567").frame["deltagare_id"]
    assert set(one).isdisjoint(set(other))
    assert list(preview(demo).frame["deltagare_id"]) == list(one)


def test_accept_keeps_a_version_that_the_dashboard_uses(demo, tmp_path):
    store = Store(tmp_path)
    result = preview(demo)
    version = intake.accept(result, store, "1283", who="test")
    stored = store.load("1283", "deltagare")
    expected = result.frame.drop(columns=["rad"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, expected)
    assert version.rows_read == 5
    assert version.rows_rejected == result.report.rows_rejected

    shown = dataset.with_imports(demo, store)
    assert len(shown.participants) == len(expected)
    assert shown.imported["deltagare"].id == version.id
    assert dataset.with_imports(demo, Store(tmp_path / "tomt")) is demo


def test_no_identity_number_in_any_byte_of_the_store(demo, tmp_path):
    intake.accept(preview(demo), Store(tmp_path), "1283")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in NUMBERS + NAMES:
                assert secret.encode() not in data, (path.name, secret)
            assert not re.search(rb"19121212|1212121212", data)


def test_file_named_after_a_person_is_redacted(demo):
    result = intake.preview_participants(
        EXPORT.read_bytes(),
        "19121212-1212.csv",
        district_codes=demo.districts["stadsdel_kod"],
        programme_codes=demo.programmes["insats"],
        key=KEY,
    )
    assert "19121212" not in result.file_name
    assert "19121212" not in everything_shown(result)
