"""The import pipeline end to end on a file as a case system exports it."""

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in import dataset, intake
from analysis.keeping.audit import ROLE_STEWARD, Actor
from analysis.keeping.store import Store

#: Who accepts imports in these tests (issue 13: the store takes an actor).
STEWARD = Actor(name="test", role=ROLE_STEWARD, method="cli")

ROOT = Path(__file__).resolve().parents[3]
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
    version = intake.accept(result, store, "1283", actor=STEWARD)
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
    intake.accept(preview(demo), Store(tmp_path), "1283", actor=STEWARD)
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


AREA_TYPES = ROOT / "tests" / "fixtures" / "intake" / "omradestyp_helsingborg.csv"
SHARED_AREA_TYPES = ROOT.parent / "shared" / "data" / "scb" / "regso_omradestyp_2022.csv"


def scb_preview(demo, source=AREA_TYPES):
    return intake.preview_scb_statistics(
        source.read_bytes(),
        source.name,
        statistics=demo.statistics,
        districts=demo.districts,
        kommun_kod="1283",
        kommun_namn="Helsingborg",
        column="omradestyp_scb",
    )


def test_scb_area_types_merge_by_district_name(demo):
    result = scb_preview(demo)
    tidy = result.tidy
    # Five region labels: two resolve by name, Allerum-Domsten resolves but SCB has "..", one name is
    # unknown (named with its reason), and Tierp's is another kommun's and is skipped.
    assert tidy.labels_read == 5
    assert tidy.labels_resolved == 3
    assert "Helsingborg (Ingenstans)" in tidy.unresolved
    assert tidy.labels_outside == 1
    # Drottninghög is type 1 in the shipped data; SCB's file here says 2.
    merged = result.merged.set_index(["stadsdel_kod", "ar"])
    assert merged.loc[("1283R005", 2022), "omradestyp_scb"] == 2
    assert merged.loc[("1283R001", 2022), "omradestyp_scb"] == 2  # unchanged
    assert merged.loc[("1283R002", 2022), "omradestyp_scb"] == 5  # ".." never erases a value
    assert result.merge.changed == 1
    assert len(result.merged) == len(demo.statistics)  # nothing added outside the data set


def test_accepted_statistics_are_what_the_dashboard_shows(demo, tmp_path):
    store = Store(tmp_path)
    version = intake.accept_statistics(scb_preview(demo), store, "1283", actor=STEWARD)
    shown = dataset.with_imports(demo, store)
    assert shown.imported["statistik"].id == version.id
    row = shown.statistics[(shown.statistics["stadsdel_kod"] == "1283R005") & (shown.statistics["ar"] == 2022)]
    assert row["omradestyp_scb"].iloc[0] == 2
    assert len(shown.participants) == len(demo.participants)  # participants untouched


@pytest.mark.skipif(not SHARED_AREA_TYPES.exists(), reason="../shared is not beside the project")
def test_real_scb_export_confirms_the_demo_area_types(demo):
    result = scb_preview(demo, SHARED_AREA_TYPES)
    assert result.tidy.labels_resolved == 31
    assert not result.tidy.unresolved
    assert result.merge.changed == 0
    assert result.merge.unchanged == 31
