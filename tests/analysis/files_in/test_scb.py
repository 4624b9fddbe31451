"""Tests of analysis.files_in.scb: the DeSO→RegSO key, Statistikdatabasen CSV, JSON-stat2, geometry, and the
conversion to the project's own files. Small fixtures under tests/fixtures/scb/; the real SCB files in
../shared/data/scb/ are used when present and skipped otherwise."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in import loaders, scb
from analysis.files_in.validation import DataError

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "scb"
SHARED = ROOT.parent / "shared" / "data" / "scb"
REAL_KEY = SHARED / "koppling-deso2018-regso2020.csv"
REAL_TYPES = SHARED / "regso_omradestyp_2022.csv"
needs_shared = pytest.mark.skipif(not REAL_KEY.is_file(), reason="../shared/data/scb saknas")

# SCB's 2022 area types as listed in ../shared/design/PRODUCT.md ("Geography").
HELSINGBORG_2022 = dict(
    enumerate([2, 5, 3, 2, 1, 2, 4, 2, 4, 4, 2, 3, 4, 4, 4, 4, 2, 3, 1, 4, 5, 3, 3, 5, 4, 1, 4, 4, 4, 4, 4], start=1)
)
TIERP_2022 = dict(enumerate([3, 3, 4, 4, 2, 3, 2, 4, 3], start=1))


@pytest.fixture(scope="module")
def key() -> pd.DataFrame:
    return scb.read_deso_regso_key(FIXTURES / "koppling_test.csv")


@pytest.fixture(scope="module")
def real_key() -> pd.DataFrame:
    if not REAL_KEY.is_file():
        pytest.skip("../shared/data/scb saknas")
    return scb.read_deso_regso_key(REAL_KEY)


# ----------------------------------------------------------------------------- the key


def test_key_columns_are_strings_with_leading_zeros(key):
    assert list(key.columns) == ["kommun_kod", "kommun_namn", "deso_kod", "regso_namn", "regso_kod"]
    assert all(str(t) == "string" for t in key.dtypes)
    assert len(key) == 7
    assert key.iloc[0].tolist() == ["0991", "Testby", "0991A0010", "Norra Testby", "0991R001"]
    assert key.iloc[4]["kommun_namn"] == "Ås-Älvby"  # BOM stripped, UTF-8 read
    assert key.attrs["edition"] == "2018/2020"


@pytest.mark.parametrize("name", ["koppling_cp1252_semikolon.csv", "koppling_test.xlsx"])
def test_key_in_other_encodings_and_excel_reads_the_same(key, name):
    other = scb.read_deso_regso_key(FIXTURES / name)
    pd.testing.assert_frame_equal(other, key)


def test_key_from_excel_restores_leading_zeros(key):
    # The .xlsx fixture stores the kommun code as the number 991.
    other = scb.read_deso_regso_key(FIXTURES / "koppling_test.xlsx")
    assert set(other["kommun_kod"]) == {"0991", "0992"}


def test_key_from_bytes_and_file_object(key):
    data = (FIXTURES / "koppling_test.csv").read_bytes()
    pd.testing.assert_frame_equal(scb.read_deso_regso_key(data), key)
    upload = io.BytesIO(data)
    upload.name = "koppling.csv"
    pd.testing.assert_frame_equal(scb.read_deso_regso_key(upload), key)


def test_bad_key_lists_every_problem_by_row():
    with pytest.raises(DataError) as info:
        scb.read_deso_regso_key(FIXTURES / "koppling_fel.csv")
    message = str(info.value)
    assert message.startswith("koppling_fel.csv: 4 fel")
    assert 'rad 3, kolumn DeSO_2018: ogiltig DeSO-kod (t.ex. 0114C1010): "991X10"' in message
    assert "DeSO 0991A0010 finns på flera rader (2, 4)" in message
    assert "0992C1030 hör inte till kommun 0991" in message
    assert "rad 6, kolumn Kommunnamn: namnet saknas" in message


def test_key_without_regso_column_is_refused():
    with pytest.raises(DataError, match="kolumner saknas i nyckelfilen: regso_namn, regso_kod"):
        scb.read_deso_regso_key(b"Kommun,Kommunnamn,DeSO_2018\n0991,Testby,0991A0010\n")


def test_key_summary(key):
    assert scb.key_summary(key) == "Nyckeln (2018/2020): 7 DeSO i 6 RegSO i 2 kommuner."
    assert scb.key_summary(key, "0991") == "Nyckeln (2018/2020): 4 DeSO i 3 RegSO i Testby."


@needs_shared
def test_real_key_counts(real_key):
    assert len(real_key) == 5984
    assert real_key["deso_kod"].nunique() == 5984
    assert real_key["regso_kod"].nunique() == 3363
    assert real_key["kommun_kod"].nunique() == 290
    helsingborg = real_key[real_key["kommun_kod"] == "1283"]
    assert (helsingborg["deso_kod"].nunique(), helsingborg["regso_kod"].nunique()) == (80, 31)
    tierp = real_key[real_key["kommun_kod"] == "0360"]
    assert (tierp["deso_kod"].nunique(), tierp["regso_kod"].nunique()) == (13, 9)
    assert real_key.iloc[0]["kommun_kod"] == "0114"


@needs_shared
def test_real_key_has_no_duplicate_regso_name_within_a_kommun(real_key):
    regso = real_key.drop_duplicates("regso_kod")
    assert not regso.duplicated(["kommun_namn", "regso_namn"]).any()


# ----------------------------------------------------------------------------- Statistikdatabasen CSV


def test_statdb_resolves_labels_and_reports_the_rest_by_name(key):
    result = scb.read_statdb_csv(FIXTURES / "omradestyp_test.csv", key=key)
    assert (result.labels_read, result.labels_resolved, result.labels_outside) == (7, 4, 0)
    assert result.unresolved == {
        "Ås-Älvby (Dubbel)": "namnet är tvetydigt: flera RegSO i nyckeln heter så (0992R002, 0992R003)",
        "Ås-Älvby (Saknas)": "RegSO-namnet finns inte i nyckelfilen för Ås-Älvby",
        "Okänd kommun (Centrum)": "kommunen Okänd kommun finns inte i nyckelfilen",
    }
    table = result.table
    assert list(table.columns[:6]) == list(scb.TIDY_COLUMNS)
    assert len(table) == 7  # unresolved labels stay in the table, without a code
    resolved = table[table["regso_kod"].notna()].set_index("regso_kod")["varde"].to_dict()
    # "testby (Södra Hamnen - Öster)" matches "Södra Hamnen-Öster": case and spaces around dashes are forgiven.
    assert resolved == {"0991R001": 4, "0991R002": 1, "0991R003": 3, "0992R001": 2}
    assert table["ar"].tolist() == [2022] * 7
    assert str(table["varde"].dtype) == "Float64"
    assert "13 rad(er) med fotnoter" in result.summary()


def test_statdb_footnotes_and_trailing_label_without_value_are_not_data(key):
    result = scb.read_statdb_csv(FIXTURES / "omradestyp_test.csv", key=key)
    assert not result.table["omrade"].str.contains("Stock|Referenstid|korrigerad|Områdestyp 1").any()


def test_statdb_without_key_keeps_every_label_unresolved():
    result = scb.read_statdb_csv(FIXTURES / "omradestyp_test.csv")
    assert (result.labels_read, result.labels_resolved, len(result.unresolved)) == (7, 0, 7)
    assert "ingen nyckelfil angavs" in result.unresolved["Testby (Centrum)"]
    assert result.table["regso_kod"].isna().all()
    assert len(result.table) == 7


@pytest.mark.parametrize("kommun", ["Testby", "testby", "0991"])
def test_statdb_kommun_filter(key, kommun):
    result = scb.read_statdb_csv(FIXTURES / "omradestyp_test.csv", key=key, kommun=kommun)
    assert (result.labels_resolved, len(result.unresolved), result.labels_outside) == (3, 0, 4)
    assert set(result.table["regso_kod"]) == {"0991R001", "0991R002", "0991R003"}


def test_statdb_kommun_code_without_key_is_refused():
    with pytest.raises(DataError, match="Ange nyckelfilen"):
        scb.read_statdb_csv(FIXTURES / "omradestyp_test.csv", kommun="0991")


def test_statdb_cp1252_semicolons_status_symbols_and_title_rows(key):
    result = scb.read_statdb_csv(FIXTURES / "folkmangd_cp1252.csv", key=key)
    assert (result.labels_read, result.labels_resolved) == (4, 3)
    assert list(result.unresolved) == ["Riket"]
    table = result.table.set_index(["regso_kod", "ar"])
    assert table.loc[("0991R001", 2019), "varde"] == 1234  # "1 234"
    cell = table.loc[("0991R001", 2021)]
    assert pd.isna(cell["varde"]) and cell["status"] == ".."
    assert table.loc[("0991R002", 2020), "status"] == "-"
    assert table.loc[("0991R003", 2019), "status"] == "."
    assert table.loc[("0991R003", 2020), "varde"] == 900  # the label starts with its RegSO code
    assert table["status"].notna().sum() == 3
    summary = result.summary()
    assert "lästes som Windows-1252" in summary
    assert "2 rad(er) före rubrikraden" in summary


def test_statdb_extra_variable_column_and_decimal_comma(key):
    result = scb.read_statdb_csv(FIXTURES / "flera_variabler.csv", key=key)
    assert "kön" in result.table.columns
    assert result.table["varde"].tolist()[:2] == [1.5, 2.0]
    odd = result.table[result.table["status"] == "x"]
    assert len(odd) == 1 and pd.isna(odd["varde"].iloc[0])
    with pytest.raises(DataError, match="Samma stadsdel och år förekommer flera gånger"):
        scb.to_statistics(result, "folkmangd")


def test_statdb_without_year_header_is_refused():
    with pytest.raises(DataError, match="hittar ingen rubrikrad med årtal"):
        scb.read_statdb_csv(FIXTURES / "utan_ar.csv")


def test_statdb_missing_file():
    with pytest.raises(DataError, match="filen finns inte"):
        scb.read_statdb_csv(FIXTURES / "finns_inte.csv")


def test_statdb_from_upload(key):
    upload = io.BytesIO((FIXTURES / "omradestyp_test.csv").read_bytes())
    upload.name = "export.csv"
    result = scb.read_statdb_csv(upload, key=key)
    assert result.source == "export.csv"
    assert result.labels_resolved == 4


@needs_shared
def test_real_area_type_export_resolves_all_3363(real_key):
    result = scb.read_statdb_csv(REAL_TYPES, key=real_key)
    assert (result.labels_read, result.labels_resolved, result.unresolved) == (3363, 3363, {})
    assert result.table["regso_kod"].nunique() == 3363
    assert result.years == [2022]
    counts = result.table["varde"].value_counts().sort_index().tolist()
    assert counts == [160, 289, 855, 1770, 289]  # PRODUCT.md: nationally in 2022


@needs_shared
@pytest.mark.parametrize(("kommun", "expected"), [("1283", HELSINGBORG_2022), ("0360", TIERP_2022)])
def test_real_area_types_match_product_md(real_key, kommun, expected):
    statistics, tidy = scb.area_types_from_statdb(REAL_TYPES, key=real_key, kommun=kommun)
    assert tidy.labels_resolved == len(expected)
    pairs = zip(statistics["stadsdel_kod"], statistics["omradestyp_scb"], strict=True)
    got = {int(code[-3:]): int(t) for code, t in pairs}
    assert got == expected


# ----------------------------------------------------------------------------- JSON-stat2


def test_jsonstat_small_response_row_major():
    frame = scb.read_jsonstat2(FIXTURES / "jsonstat_liten.json")
    assert len(frame) == 3 * 2
    assert list(frame.columns) == ["Region", "Region_label", "Tid", "Tid_label", "value", "status"]
    assert frame["Region"].tolist() == ["0991R001", "0991R001", "0991R002", "0991R002", "0991R003", "0991R003"]
    assert frame["Tid"].tolist() == ["2022", "2023"] * 3  # the last dimension varies fastest
    assert frame["Tid_label"].tolist() == frame["Tid"].tolist()  # no labels given: the code is the label
    assert frame["Region_label"].iloc[0] == "Testby (Norra Testby)"
    assert frame["value"].tolist() == [10, 11, 20, 21, 30, 31]
    assert frame["status"].isna().all()
    assert frame.attrs["jsonstat"]["label"] == "Testtabell"


def test_jsonstat_status_symbols_and_sparse_values():
    frame = scb.read_jsonstat2(FIXTURES / "jsonstat_status.json")
    assert len(frame) == 3 * 1 * 2
    assert frame["value"].iloc[:4].tolist() == [3000, 3012, 1001, 1010]
    # Cell 4 is absent from the sparse value dict; cell 5 has a value but status "..": both missing.
    assert frame["value"].iloc[4:].isna().all()
    assert frame["status"].tolist()[4:] == ["..", ".."]
    assert frame["status"].iloc[:4].isna().all()
    assert frame["Kon_label"].unique().tolist() == ["totalt"]


def test_jsonstat_three_dimensions_in_order():
    sizes = [2, 3, 2]
    doc = {
        "id": ["A", "B", "C"],
        "size": sizes,
        "dimension": {
            "A": {"category": {"index": ["a0", "a1"]}},
            "B": {"category": {"index": {"b0": 0, "b1": 1, "b2": 2}, "label": {"b1": "Bee ett"}}},
            "C": {"category": {"index": {"c1": 1, "c0": 0}}},
        },
        "value": list(range(12)),
        "status": ["p"] + [None] * 11,
    }
    frame = scb.read_jsonstat2(doc)
    assert len(frame) == math.prod(sizes)
    for i, row in frame.iterrows():
        a, b, c = int(row["A"][1]), int(row["B"][1]), int(row["C"][1])
        assert row["value"] == a * 6 + b * 2 + c == i
    assert frame["B_label"].tolist()[2:4] == ["Bee ett", "Bee ett"]
    assert frame["status"].iloc[0] == "p" and frame["value"].iloc[0] == 0  # not a missing-value symbol


def test_jsonstat_accepts_dict_text_path_and_bytes():
    path = FIXTURES / "jsonstat_status.json"
    text = path.read_text(encoding="utf-8")
    expected = scb.read_jsonstat2(path)
    for source in (json.loads(text), text, path.read_bytes(), str(path)):
        pd.testing.assert_frame_equal(scb.read_jsonstat2(source), expected)


def test_jsonstat_status_as_one_string():
    doc = {"id": ["T"], "size": [2], "dimension": {"T": {"category": {"index": ["2024", "2025"]}}}}
    frame = scb.read_jsonstat2({**doc, "value": [1, 2], "status": ".."})
    assert frame["value"].isna().all() and frame["status"].tolist() == ["..", ".."]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"id": ["T"], "size": [2], "dimension": {"T": {"category": {"index": ["x", "y"]}}}, "value": [1]}, "size"),
        ({"id": ["T"], "size": [3], "dimension": {"T": {"category": {"index": ["x", "y"]}}}}, "2 kategorier"),
        ({"size": [1], "dimension": {}}, "id, size och dimension"),
        ({"id": ["T"], "size": [1], "dimension": {"T": {"category": {"index": ["x"]}}}, "value": {"5": 1}}, "index 5"),
    ],
)
def test_jsonstat_malformed_is_refused(doc, message):
    with pytest.raises(DataError, match=message):
        scb.read_jsonstat2(doc)


def test_jsonstat_not_json_is_refused():
    with pytest.raises(DataError, match="inte giltig JSON"):
        scb.read_jsonstat2(b"<html>fel</html>")


def test_tidy_from_jsonstat_strips_suffix_and_reports_kommun_total(key):
    tidy = scb.tidy_from_jsonstat(scb.read_jsonstat2(FIXTURES / "jsonstat_status.json"), key=key)
    assert (tidy.labels_read, tidy.labels_resolved) == (3, 2)
    assert list(tidy.unresolved) == ["0991 Testby"]
    rows = tidy.table[tidy.table["regso_kod"].notna()]
    assert rows["regso_kod"].tolist() == ["0991R001", "0991R001", "0991R002", "0991R002"]
    assert rows["regso_namn"].tolist()[0] == "Norra Testby"
    assert scb.CELL_KEY_NOTE in tidy.notes  # 2025 is among the years


def test_tidy_from_jsonstat_refuses_several_values_in_other_variables():
    frame = scb.read_jsonstat2(
        {
            "id": ["Region", "Kon", "Tid"],
            "size": [1, 2, 1],
            "dimension": {
                "Region": {"category": {"index": ["0991R001"]}},
                "Kon": {"category": {"index": ["1", "2"]}},
                "Tid": {"category": {"index": ["2023"]}},
            },
            "value": [1, 2],
        }
    )
    with pytest.raises(DataError, match=r"fler än ett värde i Kon \(2 värden\)"):
        scb.tidy_from_jsonstat(frame)


def test_tidy_from_jsonstat_sums_deso_to_regso(key):
    frame = scb.read_jsonstat2(FIXTURES / "jsonstat_deso.json")
    tidy = scb.tidy_from_jsonstat(frame, key=key, aggregate_to_regso=True)
    assert (tidy.labels_read, tidy.labels_resolved, len(tidy.unresolved)) == (5, 4, 1)
    sums = tidy.table[tidy.table["regso_kod"].notna()].set_index(["regso_kod", "ar"])["varde"]
    assert sums[("0991R001", 2024)] == 100
    assert sums[("0991R002", 2024)] == 200 + 300
    assert pd.isna(sums[("0991R002", 2025)])  # one DeSO is "..": the sum is unknown, not smaller
    assert sums[("0991R003", 2025)] == 401
    assert scb.CELL_KEY_NOTE in tidy.notes


# ----------------------------------------------------------------------------- DeSO → RegSO


def test_aggregate_deso_to_regso_by_hand(key):
    frame = pd.DataFrame(
        {
            "deso_kod": ["0991A0010", "0991C1010", "0991C1020_DeSO2025", "0991C1010", "0991C1020"],
            "ar": [2024, 2024, 2024, 2025, 2025],
            "folkmangd": [100, 200, 300, 210, None],
            "utrikes_fodda": [10, 20, 30, 21, 31],
        }
    )
    result = scb.aggregate_deso_to_regso(frame, key, ["folkmangd", "utrikes_fodda"])
    rows = result.set_index(["regso_kod", "ar"])
    assert rows.loc[("0991R001", 2024), "folkmangd"] == 100
    assert rows.loc[("0991R002", 2024), "folkmangd"] == 500
    assert rows.loc[("0991R002", 2024), "antal_deso"] == 2
    assert pd.isna(rows.loc[("0991R002", 2025), "folkmangd"])
    assert rows.loc[("0991R002", 2025), "utrikes_fodda"] == 52
    assert scb.CELL_KEY_NOTE in result.attrs["notes"]


def test_aggregate_before_2025_has_no_cell_key_note(key):
    frame = pd.DataFrame({"deso_kod": ["0991C1010", "0991C1020"], "ar": [2023, 2023], "n": [1, 2]})
    result = scb.aggregate_deso_to_regso(frame, key, ["n"])
    assert result["n"].tolist() == [3]
    assert scb.CELL_KEY_NOTE not in result.attrs["notes"]


def test_aggregate_names_deso_missing_from_key(key):
    frame = pd.DataFrame({"deso_kod": ["0991C1010", "0991C9990"], "n": [1, 2]})
    with pytest.raises(DataError, match=r"1 DeSO-koder finns inte i nyckelfilen.*0991C9990"):
        scb.aggregate_deso_to_regso(frame, key, ["n"])


# ----------------------------------------------------------------------------- the project's files


def test_to_statistics_loads_with_the_project_loader(key, tmp_path):
    statistics, _ = scb.area_types_from_statdb(FIXTURES / "omradestyp_test.csv", key=key)
    assert list(statistics.columns) == list(loaders.vocab.STATISTICS_COLUMNS)
    assert statistics["stadsdel_kod"].tolist() == ["0991R001", "0991R002", "0991R003", "0992R001"]
    path = scb.write_statistics(statistics, tmp_path / "statistik.csv")
    loaded = loaders.load_statistics(path)
    pd.testing.assert_frame_equal(loaded, statistics)
    assert loaded["folkmangd"].isna().all()


def test_area_type_outside_1_to_5_is_refused(key):
    with pytest.raises(DataError, match=r"områdestyp 1–5 .*0991R001 2022 \(7\)"):
        scb.area_types_from_statdb(FIXTURES / "omradestyp_fel.csv", key=key)


def test_to_statistics_counts_must_be_whole(key):
    tidy = scb.read_statdb_csv(b'region,2022\nTestby (Centrum),"12,5"\n', key=key)
    with pytest.raises(DataError, match="heltal"):
        scb.to_statistics(tidy, "folkmangd")
    assert scb.to_statistics(tidy, "medianinkomst_tkr")["medianinkomst_tkr"].tolist() == [12.5]


def test_to_statistics_unknown_column(key):
    tidy = scb.read_statdb_csv(FIXTURES / "omradestyp_test.csv", key=key)
    with pytest.raises(DataError, match="Okänd kolumn"):
        scb.to_statistics(tidy, "antal_hundar")


def test_merge_statistics_fills_one_column_and_counts(key):
    existing = scb.empty_statistics(3)
    existing["stadsdel_kod"] = pd.array(["0991R001", "0991R002", "0991R003"], dtype="string")
    existing["ar"] = [2022, 2022, 2022]
    existing["folkmangd"] = pd.array([100, 200, 300], dtype="Int64")
    existing["omradestyp_scb"] = pd.array([4, 2, 5], dtype="Int64")
    new = scb.empty_statistics(4)
    new["stadsdel_kod"] = pd.array(["0991R001", "0991R002", "0991R003", "0992R001"], dtype="string")
    new["ar"] = [2022, 2022, 2022, 2022]
    new["omradestyp_scb"] = pd.array([4, 1, None, 2], dtype="Int64")
    merged, result = scb.merge_statistics(existing, new, "omradestyp_scb")
    assert (result.changed, result.added, result.unchanged, result.kept_missing) == (1, 1, 1, 1)
    assert merged["omradestyp_scb"].tolist() == [4, 1, 5, 2]  # a missing SCB value never erases one
    assert merged["folkmangd"].tolist()[:3] == [100, 200, 300]
    assert pd.isna(merged["folkmangd"].iloc[3])
    assert result.summary().startswith("Kolumnen omradestyp_scb: 1 stadsdel-år ändrade, 1 nya")


def test_merge_into_demo_statistics_keeps_other_columns(key, tmp_path):
    existing = loaders.load_statistics(ROOT / "data" / "demo" / "tierp" / "statistik.csv")
    new = existing[["stadsdel_kod", "ar"]].copy()
    new["folkmangd"] = (existing["folkmangd"] + 1).astype("Int64")
    merged, result = scb.merge_statistics(existing, new, "folkmangd")
    assert result.changed == len(existing) and result.added == 0
    pd.testing.assert_series_equal(merged["utrikes_fodda"], existing["utrikes_fodda"])
    scb.write_statistics(merged, tmp_path / "statistik.csv")
    assert loaders.load_statistics(tmp_path / "statistik.csv")["folkmangd"].tolist() == new["folkmangd"].tolist()


def test_to_districts_from_key_and_tidy(key, tmp_path):
    districts = scb.to_districts(key, "0991")
    assert districts.to_dict("records") == [
        {"stadsdel_kod": "0991R001", "stadsdel_namn": "Norra Testby"},
        {"stadsdel_kod": "0991R002", "stadsdel_namn": "Centrum"},
        {"stadsdel_kod": "0991R003", "stadsdel_namn": "Södra Hamnen-Öster"},
    ]
    loaded = loaders.load_districts(scb.write_districts(districts, tmp_path / "stadsdelar.csv"))
    pd.testing.assert_frame_equal(loaded, districts)
    tidy = scb.read_statdb_csv(FIXTURES / "omradestyp_test.csv", key=key, kommun="Testby")
    pd.testing.assert_frame_equal(scb.to_districts(tidy), districts)
    with pytest.raises(DataError, match="Inga RegSO för kommun 9999"):
        scb.to_districts(key, "9999")


# ----------------------------------------------------------------------------- geometry


def test_geometry_deso_detected_with_columns_named():
    gdf = scb.read_scb_geometry(FIXTURES / "deso_test.gpkg")
    assert gdf.crs.to_epsg() == 3006
    assert gdf.attrs["level"] == "deso"
    assert gdf["stadsdel_kod"].tolist() == ["0991A0010", "0991C1010", "0991C1020", "0991C1030", "0992B1010"]
    assert gdf["regso_kod"].tolist()[:3] == ["0991R001", "0991R002", "0991R002"]
    assert "DeSO-kod i 'desokod'" in gdf.attrs["notes"][0]


def test_geometry_dissolve_tiny_squares_with_key(key):
    gdf = scb.read_scb_geometry(FIXTURES / "deso_test.gpkg", key=key, aggregate_to_regso=True, kommun="0991")
    assert gdf["stadsdel_kod"].tolist() == ["0991R001", "0991R002", "0991R003"]
    assert gdf["stadsdel_namn"].tolist() == ["Norra Testby", "Centrum", "Södra Hamnen-Öster"]
    assert gdf.area.round().tolist() == [1_000_000, 2_000_000, 1_000_000]
    assert gdf.geometry.iloc[1].geom_type == "Polygon"  # two touching squares become one rectangle
    assert gdf.geometry.iloc[1].bounds == (371000.0, 6680000.0, 373000.0, 6681000.0)
    assert gdf.attrs["level"] == "regso"
    assert "4 DeSO slogs ihop till 3 RegSO." in gdf.attrs["notes"]


def test_geometry_dissolve_by_file_regso_column_without_key():
    gdf = scb.read_scb_geometry(FIXTURES / "deso_test.gpkg", aggregate_to_regso=True)
    assert gdf["stadsdel_kod"].tolist() == ["0991R001", "0991R002", "0991R003", "0992R001"]
    assert "stadsdel_namn" not in gdf.columns


def test_geometry_dissolve_names_deso_missing_from_key(key):
    partial = key[key["deso_kod"] != "0991C1030"].copy()
    with pytest.raises(DataError, match=r"1 DeSO saknar RegSO i nyckeln.*0991C1030"):
        scb.read_scb_geometry(FIXTURES / "deso_test.gpkg", key=partial, aggregate_to_regso=True, kommun="0991")


def test_geometry_regso_geojson_with_names():
    gdf = scb.read_scb_geometry(FIXTURES / "regso_test.geojson")
    assert gdf.attrs["level"] == "regso"
    assert gdf["stadsdel_namn"].tolist() == ["Norra Testby", "Centrum", "Södra Hamnen-Öster"]


def test_geometry_wgs84_is_reprojected():
    gdf = scb.read_scb_geometry(FIXTURES / "regso_wgs84.geojson")
    assert gdf.crs.to_epsg() == 3006
    assert gdf.area.tolist() == pytest.approx([1e6, 2e6, 1e6], rel=1e-3)
    assert any("räknades om" in n for n in gdf.attrs["notes"])


def test_geometry_without_crs_is_taken_as_sweref_with_old_column_names(key):
    gdf = scb.read_scb_geometry(FIXTURES / "deso_utan_crs.geojson", key=key, aggregate_to_regso=True)
    assert gdf.crs.to_epsg() == 3006
    assert gdf.area.round().tolist() == [1_000_000, 1_000_000]
    assert gdf["stadsdel_namn"].tolist() == ["Norra Testby", "Centrum"]
    assert any("EPSG:3006) antogs" in n for n in gdf.attrs["notes"])
    assert any("DeSO-kod i 'Deso'" in n for n in gdf.attrs["notes"])


def test_geometry_regso_level_on_deso_file_merges_duplicates():
    gdf = scb.read_scb_geometry(FIXTURES / "deso_test.gpkg", level="regso")
    assert gdf["stadsdel_kod"].tolist() == ["0991R001", "0991R002", "0991R003", "0992R001"]
    assert any("slogs ihop: 0991R002" in n for n in gdf.attrs["notes"])


def test_geometry_errors():
    with pytest.raises(DataError, match="hittar ingen kolumn med RegSO-koder"):
        scb.read_scb_geometry(FIXTURES / "deso_utan_crs.geojson", level="regso")
    with pytest.raises(DataError, match="ingen geometri"):
        scb.read_scb_geometry(FIXTURES / "koppling_test.csv")
    with pytest.raises(DataError, match="kunde inte läsas"):
        scb.read_scb_geometry(b"\x00\x01 inte geometri")
    with pytest.raises(DataError, match="inga områden i kommun 1283"):
        scb.read_scb_geometry(FIXTURES / "deso_test.gpkg", kommun="1283")


def test_geometry_written_loads_with_the_project_loader(key, tmp_path):
    gdf = scb.read_scb_geometry(FIXTURES / "deso_test.gpkg", key=key, aggregate_to_regso=True, kommun="0991")
    path = scb.write_geojson(gdf, tmp_path / "stadsdelar.geojson")
    loaded = loaders.load_geometry(path)
    assert loaded.crs.to_epsg() == 3006
    assert loaded["stadsdel_kod"].tolist() == gdf["stadsdel_kod"].tolist()
    assert loaded["stadsdel_namn"].tolist() == gdf["stadsdel_namn"].tolist()
    assert loaded.area.round().tolist() == [1_000_000, 2_000_000, 1_000_000]


def test_geometry_from_upload():
    upload = io.BytesIO((FIXTURES / "regso_test.geojson").read_bytes())
    upload.name = "regso.geojson"
    gdf = scb.read_scb_geometry(upload)
    assert len(gdf) == 3
