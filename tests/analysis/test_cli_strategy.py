"""``python -m analysis import`` with the integration strategy's tables: the file name picks the table, the
report names every rejected row, the accepted rows become the active version (no pseudonym key needed: the
tables hold no persons), and a linked-indicator file is checked against the plan in use."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.files_in.dataset import load_dataset, with_imports
from analysis.keeping.store import Store
from tests.cli_support import run

ROOT = Path(__file__).resolve().parents[2]
TIERP = ROOT / "data" / "demo" / "tierp"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    monkeypatch.delenv("STADSDEL_PSEUDONYM_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    return Store(tmp_path / "lager")


def test_an_activity_log_is_kept_as_the_active_version(store):
    code, out, err = run("import", str(TIERP / "aktiviteter.csv"), "--data", str(TIERP))
    assert code == 0, err
    assert "93 rader lästa, 93 godkända, 0 avvisade" in out
    active = store.active("0360", "aktiviteter")
    assert active is not None and active.rows == 93
    assert len(with_imports(load_dataset(TIERP), store).activities) == 93


def test_a_linked_indicator_for_an_unknown_measure_is_rejected_by_row(store, tmp_path):
    path = tmp_path / "handlingsplan_indikatorer.csv"
    path.write_text(
        "atgard_id;indikator;malvarde;malar\nT01;forvarvsarbetande_20_64;70;2027\nX99;utfall:alla;50;2026\n"
    )
    code, out, _ = run("import", str(path), "--data", str(TIERP))
    assert code == 0
    assert "2 rader lästa, 1 godkänd, 1 avvisad" in out
    assert "rad 3, kolumn atgard_id" in out and "X99" in out
    assert store.active("0360", "handlingsplan_indikatorer").rows == 1


def test_nothing_is_kept_when_no_row_is_accepted(store, tmp_path):
    path = tmp_path / "placeringar.csv"
    path.write_text("ar;stadsdel_kod;boendetyp;hushall;personer\n2024;9999R999;modulbostad;1;2\n")
    code, out, err = run("import", str(path), "--data", str(TIERP))
    assert code == 1
    assert "rad 2, kolumn stadsdel_kod" in out and "Inget sparades" in err
    assert store.active("0360", "placeringar") is None
