"""Backup and restore of the whole store: a real store round-trips, hostile or damaged archives are refused."""

import hashlib
import inspect
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in import dataset, intake, reading
from analysis.files_in.validation import DataError
from analysis.keeping import backup
from analysis.keeping.store import Store

ROOT = Path(__file__).resolve().parents[3]
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
KEY = b"en-testnyckel-med-minst-sexton-tecken"
KOMMUN = "1283"


def _who(func) -> dict:
    """``actor=`` where the signature has it (sign-in and audit, issue 13), else ``who=``."""
    params = inspect.signature(func).parameters
    if "actor" in params:
        from analysis.keeping.audit import ROLE_STEWARD, Actor

        return {"actor": Actor(name="test@bolaget.se", role=ROLE_STEWARD, method="cli")}
    return {"who": "test@bolaget.se"} if "who" in params else {}


@pytest.fixture(scope="module")
def demo():
    return dataset.load_dataset(HELSINGBORG)


def build_store(root: Path, demo) -> Store:
    """A store made by real imports: two participant versions (the older one switched back to active), the
    action plan, a saved column mapping and the audit log."""
    store = Store(root)
    codes = {"district_codes": demo.districts["stadsdel_kod"], "programme_codes": demo.programmes["insats"]}
    mapping = {"Insats": "insats"}
    for _ in range(2):
        preview = intake.preview_participants(EXPORT.read_bytes(), EXPORT.name, key=KEY, mapping=mapping, **codes)
        first = intake.accept(preview, store, KOMMUN, **_who(intake.accept))
        if len(store.versions(KOMMUN, "deltagare")) == 1:
            oldest = first
    store.activate(KOMMUN, "deltagare", oldest.id, **_who(Store.activate))
    plan = HELSINGBORG / "handlingsplan.csv"
    table = intake.preview_table("handlingsplan", plan.read_bytes(), plan.name, **codes)
    intake.accept_table(table, store, KOMMUN, **_who(intake.accept_table))
    reading.save_mapping(root / KOMMUN / "deltagare_kolumnmappning.json", mapping)
    audit = root / backup.AUDIT_FILE
    if not audit.exists():  # before the audit log existed; the backup must carry it all the same
        audit.write_text('{"vem": "test@bolaget.se", "handling": "import"}\n', encoding="utf-8")
    return store


def snapshot(store: Store) -> dict:
    """Every table's versions (with the active one) and every version's frame."""
    result = {}
    for kommun in store.kommuner():
        for kind in store.kinds(kommun):
            active = store.active(kommun, kind)
            for version in store.versions(kommun, kind):
                result[(kommun, kind, version.id)] = (version.id == active.id, store.load(kommun, kind, version.id))
    return result


def files(root: Path) -> dict[str, bytes]:
    found = (p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".lock"))
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in found}


@pytest.fixture
def made(tmp_path, demo):
    store = build_store(tmp_path / "lager", demo)
    info = backup.backup(store.root, tmp_path / "kopia.zip")
    return store, info


def test_round_trip_restores_the_same_active_versions_and_frames(made, tmp_path):
    store, info = made
    before = snapshot(store)
    before_files = files(store.root)
    assert len(before) == 3 and sum(active for active, _ in before.values()) == 2
    # The older participant version is the active one, so "active" is not just "newest".
    assert store.active(KOMMUN, "deltagare").id == store.versions(KOMMUN, "deltagare")[-1].id
    assert info.files == len(before_files) and info.path.stat().st_mode & 0o077 == 0
    assert info.sha256 == hashlib.sha256(info.path.read_bytes()).hexdigest()
    assert backup.verify(info.path) == []

    shutil.rmtree(store.root)  # wipe
    restored = backup.restore(info.path, store.root)
    assert restored.previous is None and restored.files == info.files and restored.warnings == ()
    again = Store(store.root)
    after = snapshot(again)
    assert after.keys() == before.keys()
    for key, (active, frame) in before.items():
        assert after[key][0] == active, key
        pd.testing.assert_frame_equal(after[key][1], frame)
    # Every file byte for byte: mappings and the audit log included.
    assert files(store.root) == before_files
    assert "1283/deltagare_kolumnmappning.json" in before_files and backup.AUDIT_FILE in before_files
    assert reading.load_mapping(store.root / KOMMUN / "deltagare_kolumnmappning.json") == {"Insats": "insats"}
    assert {(t.kommun, t.kind, t.versions) for t in restored.tables} == {
        (KOMMUN, "deltagare", 2),
        (KOMMUN, "handlingsplan", 1),
    }


def test_restore_into_a_new_empty_folder(made, tmp_path):
    store, info = made
    empty = tmp_path / "tom"
    empty.mkdir()
    backup.restore(info.path, empty)
    assert snapshot(Store(empty)).keys() == snapshot(store).keys()


def test_restore_over_a_non_empty_store_is_refused_without_force(made, tmp_path, demo):
    store, info = made
    other = tmp_path / "annat"
    (other / "1283").mkdir(parents=True)
    (other / "1283" / "egen.txt").write_text("kvar", encoding="utf-8")
    with pytest.raises(DataError, match="inte tomt") as caught:
        backup.restore(info.path, other)
    assert "--skriv-over" in str(caught.value)
    assert (other / "1283" / "egen.txt").read_text(encoding="utf-8") == "kvar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annat", "kopia.zip", "lager"]  # no leftovers

    restored = backup.restore(info.path, other, force=True)
    assert restored.previous is not None
    assert (restored.previous / "1283" / "egen.txt").read_text(encoding="utf-8") == "kvar"  # moved, not deleted
    assert snapshot(Store(other)).keys() == snapshot(store).keys()


def rewrite(source: Path, target: Path, change) -> None:
    """Copy a backup zip member by member, letting ``change(name, data)`` return new bytes (or None to drop)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)


def test_a_tampered_member_is_refused_and_nothing_is_written(made, tmp_path):
    _, info = made
    bad = tmp_path / "andrad.zip"

    def flip(name, data):
        if name.endswith("data.parquet"):
            return data[:100] + bytes([data[100] ^ 1]) + data[101:]
        return data

    rewrite(info.path, bad, flip)
    problems = backup.verify(bad)
    assert problems and any("kontrollsumman" in p for p in problems)
    target = tmp_path / "ny"
    with pytest.raises(DataError, match="återställdes inte") as caught:
        backup.restore(bad, target)
    assert "data.parquet" in str(caught.value) and "kontrollsumman" in str(caught.value)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # the temporary folder is gone


def test_a_member_and_its_listing_changed_together_are_still_caught_by_the_store_manifest(made, tmp_path):
    _, info = made
    bad = tmp_path / "andrad.zip"
    changed = {}

    def flip(name, data):
        if name.endswith("data.parquet") and not changed:
            data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            changed[name.removeprefix(backup.ARCHIVE_DIR)] = hashlib.sha256(data).hexdigest()
        elif name == backup.BACKUP_MANIFEST:
            listing = json.loads(data)
            for entry in listing["files"]:
                entry["sha256"] = changed.get(entry["path"], entry["sha256"])
            data = json.dumps(listing).encode()
        return data

    rewrite(info.path, bad, flip)
    problems = backup.verify(bad)
    assert any("versionsförteckning" in p for p in problems), problems


def hostile(path: Path, name: str, data: bytes = b"x", *, symlink: bool = False) -> Path:
    """A backup-shaped zip whose listing names ``name`` (with the right checksum)."""
    rel = name.removeprefix(backup.ARCHIVE_DIR)
    listing = {
        "format": backup.FORMAT,
        "store_format": backup.STORE_FORMAT,
        "created": "2025-01-01T00:00:00+00:00",
        "tables": [],
        "files": [{"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}],
    }
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, data)
        zf.writestr(backup.BACKUP_MANIFEST, json.dumps(listing))
    return path


@pytest.mark.parametrize(
    ("name", "symlink", "reason"),
    [
        ("datalager/../../utanfor.txt", False, "pekar ut"),
        ("../utanfor.txt", False, "pekar ut"),
        ("/etc/utanfor.txt", False, "absolut"),
        ("C:/utanfor.txt", False, "absolut"),
        ("datalager\\..\\utanfor.txt", False, "ogiltigt tecken"),
        ("datalager/granskningslogg.jsonl", True, "symbolisk länk"),
        ("datalager/1283/deltagare/manifest.json.sh", False, "inte hör till datalagret"),
    ],
)
def test_hostile_names_are_refused_before_anything_is_written(tmp_path, name, symlink, reason):
    archive = hostile(tmp_path / "elak.zip", name, b"/etc/passwd" if symlink else b"x", symlink=symlink)
    assert any(reason in p for p in backup.verify(archive))
    target = tmp_path / "work" / "lager"
    with pytest.raises(DataError, match=reason):
        backup.restore(archive, target)
    assert not target.exists()
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert written == ["elak.zip", "work"], written


def test_oversize_and_non_zip_files_are_refused(tmp_path):
    big = hostile(tmp_path / "stor.zip", "datalager/granskningslogg.jsonl", b"\n" * 4096)
    assert any("för många filer" in p for p in backup.verify(big, limits=backup.BackupLimits(members=1)))
    # A member that declares more than the limit is refused from the zip's directory, before it is unpacked.
    data = bytearray(big.read_bytes())
    central = data.find(b"PK\x01\x02")  # the first member's central directory entry
    data[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")  # its uncompressed size: ~4 GB
    big.write_bytes(bytes(data))
    with pytest.raises(DataError, match="för stor"):
        backup.restore(big, tmp_path / "ny", limits=backup.BackupLimits(total_gb=1))
    assert not (tmp_path / "ny").exists()
    junk = tmp_path / "inte.zip"
    junk.write_bytes(b"inte en zipfil" * 100)
    assert any("zipfil" in p for p in backup.verify(junk))
    with pytest.raises(DataError, match="zipfil"):
        backup.restore(junk, tmp_path / "ny")
    assert not (tmp_path / "ny").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_backup_refuses_a_damaged_store_and_an_existing_target(made, tmp_path):
    store, info = made
    with pytest.raises(DataError, match="finns redan"):
        backup.backup(store.root, info.path)
    with pytest.raises(DataError, match="datalagret självt"):
        backup.backup(store.root, store.root / "kopia.zip")
    damaged = store.versions(KOMMUN, "deltagare")[0].path
    damaged.write_bytes(damaged.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(DataError, match="kontrollsumman") as caught:
        backup.backup(store.root, tmp_path / "ny.zip")
    assert store.versions(KOMMUN, "deltagare")[0].id in str(caught.value)
    assert not (tmp_path / "ny.zip").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_backup_waits_for_a_running_save_and_then_gives_up(made, tmp_path):
    from analysis.keeping.store import _exclusive

    store, _ = made
    folder = store.root / KOMMUN / "deltagare"
    with _exclusive(folder, KOMMUN, "deltagare"), pytest.raises(DataError, match="upptaget"):
        backup.backup(store.root, tmp_path / "ny.zip", wait_seconds=0.3)
    assert not (tmp_path / "ny.zip").exists()
    assert backup.backup(store.root, tmp_path / "ny.zip").files > 0  # the lock released, it goes through


def test_limits_from_the_environment():
    assert backup.BackupLimits.from_environment({}).total_gb == 32
    assert backup.BackupLimits.from_environment({backup.MAX_BACKUP_ENV: "2"}).total_bytes == 2 * 1024**3
    with pytest.raises(DataError, match="positivt heltal"):
        backup.BackupLimits.from_environment({backup.MAX_BACKUP_ENV: "mycket"})
