"""``dataset.with_imports`` with named versions (issue 13): a data set made of exactly the versions asked for,
whichever is active, so a dashboard session can keep showing the data it started with."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.files_in import dataset
from analysis.keeping.store import Store, StoreError
from tests.cli_support import run

ROOT = Path(__file__).resolve().parents[3]
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", "testnyckel-som-bara-finns-i-testerna")
    return Store(tmp_path / "lager")


def imported(file: Path, store: Store) -> str:
    code, out, err = run("import", str(file), "--data", str(HELSINGBORG))
    assert code == 0, out + err
    return store.active("1283", "deltagare").id


def head_of_demo(tmp_path: Path, rows: int) -> Path:
    lines = (HELSINGBORG / "deltagare.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / f"deltagare_{rows}.csv"
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")
    return path


def test_active_versions_name_every_kind(store):
    assert dataset.active_versions(store, "1283") == dict.fromkeys(dataset.IMPORTED_KINDS)
    first = imported(EXPORT, store)
    assert dataset.active_versions(store, "1283") == {
        k: (first if k == "deltagare" else None) for k in dataset.IMPORTED_KINDS
    }
    assert dataset.active_versions(store, "0360") == dict.fromkeys(dataset.IMPORTED_KINDS)


def test_the_geometry_kind_is_geodatas():
    from analysis.files_in import geodata

    assert geodata.GEOMETRY_KIND in dataset.IMPORTED_KINDS


def test_named_versions_are_loaded_whichever_is_active(store, tmp_path):
    shipped = dataset.load_dataset(HELSINGBORG)
    first = imported(EXPORT, store)
    second = imported(head_of_demo(tmp_path, 25), store)
    assert store.active("1283", "deltagare").id == second

    old = dataset.with_imports(shipped, store, {"deltagare": first})
    assert old.imported["deltagare"].id == first
    assert len(old.participants) == store.version("1283", "deltagare", first).rows
    new = dataset.with_imports(shipped, store, {"deltagare": second})
    assert len(new.participants) == 25
    # Without versions: the active ones, as before.
    assert dataset.with_imports(shipped, store).imported["deltagare"].id == second
    # None (or an absent kind) is the shipped table: nothing imported, the data set itself.
    assert dataset.with_imports(shipped, store, {"deltagare": None}) is shipped
    assert dataset.with_imports(shipped, store, {}) is shipped
    # The report says which import is in use.
    assert any(r.file.startswith("deltagare: import av arende_export.csv") for r in old.reports)


def test_a_version_not_in_the_store_or_an_unknown_kind_is_refused(store):
    shipped = dataset.load_dataset(HELSINGBORG)
    imported(EXPORT, store)
    with pytest.raises(StoreError, match="finns inte"):
        dataset.with_imports(shipped, store, {"deltagare": "9999-20990101T000000Z"})
    with pytest.raises(ValueError, match="unknown table kinds"):
        dataset.with_imports(shipped, store, {"deltagarna": None})
