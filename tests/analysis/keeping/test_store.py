"""Tests of analysis.keeping.store: round trips, versions, atomic saves, locking, integrity, no identity
numbers."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from personnummer import personnummer

from analysis.files_in.privacy import protect, pseudonym
from analysis.keeping import store as store_module
from analysis.keeping.audit import ROLE_STEWARD, Actor
from analysis.keeping.store import (
    DEFAULT_ROOT,
    IntegrityError,
    ManifestError,
    Store,
    StoreBusyError,
    StoreError,
)

KEY = b"testnyckel-som-ar-lang-nog"
#: Who saves and switches in these tests (issue 13: the store takes an actor, and names the version after it).
STEWARD = Actor(name="anna@bolaget.se", role=ROLE_STEWARD, method="cli")
PROJECT = Path(__file__).resolve().parents[3]


def typed_frame(n: int = 4, offset: int = 0) -> pd.DataFrame:
    """A frame with every dtype the project uses, missing values included."""
    return pd.DataFrame(
        {
            "deltagare_id": pd.array([f"D{offset + i}" for i in range(n - 1)] + [None], dtype="string"),
            "insats": pd.Series([f"insats {i}" for i in range(n)], dtype="str"),
            "fodelsear": pd.array([1990 + i for i in range(n - 1)] + [None], dtype="Int64"),
            "startdatum": pd.to_datetime([f"2024-0{i + 1}-0{i + 1}" for i in range(n - 1)] + [None]).astype(
                "datetime64[ns]"
            ),
            "andel": pd.array([0.5 + i for i in range(n - 1)] + [None], dtype="Float64"),
            "forlangning": [i % 2 == 0 for i in range(n)],
            "rad": pd.Series(range(2, n + 2), dtype="int64"),
            "kon": pd.Categorical(["kvinna", "man", "annat", "kvinna"][:n] * (n // 4 + 1))[:n],
        }
    )


def save(store: Store, frame: pd.DataFrame, kommun: str = "1283", kind: str = "deltagare", **kwargs):
    defaults = {"file_name": "deltagare.xlsx", "rows_read": len(frame) + 1, "rows_accepted": len(frame)}
    defaults["rows_rejected"] = defaults["rows_read"] - defaults["rows_accepted"]
    return store.save(kommun, kind, frame, **{"actor": STEWARD, **defaults, **kwargs})


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "lager")


# ----------------------------------------------------------------------------- round trip and layout


def test_round_trip_keeps_every_dtype_exactly(store):
    frame = typed_frame()
    save(store, frame)
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), frame)


def test_round_trip_of_a_protected_frame_with_excel_row_index(store):
    raw = pd.DataFrame({"Personnummer": ["19121212-1212", "197010632391"], "utfall": ["arbete", "studier"]})
    raw.index = pd.RangeIndex(2, 4, name="rad")
    frame = protect(raw, KEY).frame
    save(store, frame)
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), frame)


def test_layout_is_plain_parquet_and_json(store):
    version = save(store, typed_frame(), note="första importen")
    folder = store.root / "1283" / "deltagare"
    assert version.path == folder / "versions" / version.id / "data.parquet"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "stadsdel-store/1"
    assert manifest["active"] == version.id
    [entry] = manifest["versions"]
    assert entry["file"] == f"versions/{version.id}/data.parquet"
    assert entry["file_name"] == "deltagare.xlsx" and entry["who"] == "anna@bolaget.se"
    assert (entry["rows_read"], entry["rows_accepted"], entry["rows_rejected"], entry["rows"]) == (5, 4, 1, 4)
    assert entry["created"].endswith("+00:00")
    meta = json.loads((version.path.parent / "version.json").read_text(encoding="utf-8"))
    assert meta["sha256"] == entry["sha256"] == version.sha256
    # A user's own tools read the file without this project.
    assert pq.read_table(version.path).num_rows == 4
    assert sorted(p.name for p in version.path.parent.iterdir()) == ["data.parquet", "version.json"]


def test_root_from_argument_environment_or_project_default(tmp_path):
    assert Store(tmp_path / "a", environ={"STADSDEL_STORE_DIR": str(tmp_path / "b")}).root == tmp_path / "a"
    assert Store(environ={"STADSDEL_STORE_DIR": str(tmp_path / "b")}).root == tmp_path / "b"
    assert Store(environ={}).root == DEFAULT_ROOT == PROJECT / "lokal_data"
    assert "/lokal_data/" in (PROJECT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_empty_store_answers_without_creating_anything(store):
    assert store.kommuner() == []
    assert store.versions("1283", "deltagare") == []
    assert store.active("1283", "deltagare") is None
    with pytest.raises(StoreError, match="ingen sparad version"):
        store.load("1283", "deltagare")
    assert not store.root.exists()


def test_kommuner_and_kinds(store):
    save(store, typed_frame(), kommun="1283")
    save(store, typed_frame(), kommun="0360", kind="statistik")
    save(store, typed_frame(), kommun="0360")
    assert store.kommuner() == ["0360", "1283"]
    assert store.kinds("0360") == ["deltagare", "statistik"]


@pytest.mark.parametrize("kommun", [1283, "../1283", ".", "12 83", ""])
def test_unsafe_or_numeric_keys_are_refused(store, kommun):
    with pytest.raises(StoreError, match="Ogiltig kommunkod"):
        save(store, typed_frame(), kommun=kommun)


def test_row_counts_must_add_up(store):
    with pytest.raises(ValueError, match="rows_read"):
        save(store, typed_frame(), rows_read=10, rows_accepted=4, rows_rejected=1)


def test_file_name_keeps_no_folder(store):
    version = save(store, typed_frame(), file_name="C:\\Users\\anna\\Desktop\\deltagare 2024.xlsx")
    assert version.file_name == "deltagare 2024.xlsx"


# ----------------------------------------------------------------------------- versions


def test_versions_newest_first_and_activate_switches_back(store):
    first = save(store, typed_frame(offset=0), file_name="jan.xlsx")
    second = save(store, typed_frame(offset=100), file_name="feb.xlsx")
    assert [v.id for v in store.versions("1283", "deltagare")] == [second.id, first.id]
    assert first.id.startswith("0001-") and second.id.startswith("0002-")
    assert store.active("1283", "deltagare") == second
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(offset=100))

    store.activate("1283", "deltagare", first.id, actor=STEWARD)
    assert store.active("1283", "deltagare") == first
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(offset=0))
    pd.testing.assert_frame_equal(store.load("1283", "deltagare", second.id), typed_frame(offset=100))

    table = store.versions_table("1283", "deltagare")
    assert table["version"].tolist() == [second.id, first.id]
    assert table["aktiv"].tolist() == [False, True]
    assert table["fil"].tolist() == ["feb.xlsx", "jan.xlsx"]

    third = save(store, typed_frame(offset=200))
    assert store.active("1283", "deltagare") == third  # a new import becomes active


def test_activate_unknown_version_is_refused(store):
    save(store, typed_frame())
    with pytest.raises(StoreError, match="finns inte"):
        store.activate("1283", "deltagare", "0099-20250101T000000Z", actor=STEWARD)


# ----------------------------------------------------------------------------- integrity and manifest


def test_changed_file_is_refused_on_load_and_activate(store):
    first = save(store, typed_frame())
    save(store, typed_frame(offset=5))
    data = bytearray(first.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    first.path.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="har ändrats sedan den sparades"):
        store.load("1283", "deltagare", first.id)
    with pytest.raises(IntegrityError):
        store.activate("1283", "deltagare", first.id, actor=STEWARD)
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(offset=5))


def test_missing_file_is_refused(store):
    version = save(store, typed_frame())
    version.path.unlink()
    with pytest.raises(IntegrityError, match="saknas"):
        store.load("1283", "deltagare")


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut off mid-write by another program
        lambda text: "inte json",
        lambda text: "[]",
        lambda text: text.replace('"versions"', '"versioner"'),
        lambda text: text.replace('"rows_read": 5', '"rows_read": "fem"'),
        lambda text: json.dumps({**json.loads(text), "active": "0042-20250101T000000Z"}),
        lambda text: json.dumps({**json.loads(text), "versions": json.loads(text)["versions"] * 2}),
    ],
)
def test_corrupt_manifest_gives_a_clear_swedish_error_and_is_never_overwritten(store, damage):
    save(store, typed_frame())
    path = store.root / "1283" / "deltagare" / "manifest.json"
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    damaged = path.read_bytes()
    for call in (
        lambda: store.versions("1283", "deltagare"),
        lambda: store.load("1283", "deltagare"),
        lambda: save(store, typed_frame()),
    ):
        with pytest.raises(ManifestError) as info:
            call()
        assert "Versionsförteckningen" in str(info.value) and "är skadad" in str(info.value)
        assert "Inget har ändrats" in str(info.value)
    assert path.read_bytes() == damaged


# ----------------------------------------------------------------------------- atomic saves


# Every step of a save that can fail: (module attribute, function). Each call of each is made to fail in
# turn, so a crash is simulated between every pair of steps.
STEPS = [
    (store_module.pq, "write_table"),
    (store_module.os, "fsync"),
    (store_module.os, "replace"),
    (store_module.json, "dump"),
    (store_module.hashlib, "sha256"),
]


def count_calls(monkeypatch, store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for owner, name in STEPS:
        original = getattr(owner, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            counts[_name] = counts.get(_name, 0) + 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)
    save(store, typed_frame(offset=50))
    return counts


def no_audit_log(monkeypatch) -> None:
    """The audit log's own appends (after a save, with their own fsync and replace) left out: these tests
    crash the store's steps; the log's are tested in test_audit.py."""
    monkeypatch.setattr(store_module.AuditLog, "record", lambda *args, **kwargs: None)


def crash_points(tmp_path_factory) -> list[tuple[str, int]]:
    probe = Store(tmp_path_factory.mktemp("probe"))
    save(probe, typed_frame())
    mp = pytest.MonkeyPatch()
    try:
        no_audit_log(mp)
        counts = count_calls(mp, probe)
    finally:
        mp.undo()
    return [(name, n) for name, total in counts.items() for n in range(1, total + 1)]


class Crash(OSError):
    """The simulated failure: a disk error at one step of a save."""


class Interrupt(BaseException):
    """A simulated Ctrl-C or worker kill that no `except Exception` catches."""


def failing_once(original, at: int, exc: BaseException):
    """``original``, except that its ``at``-th call raises ``exc`` instead."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == at:
            raise exc
        return original(*args, **kwargs)

    return wrapper


@pytest.fixture(scope="module")
def points(tmp_path_factory):
    found = crash_points(tmp_path_factory)
    # write the parquet, its fsync, version.json, folder fsyncs, the folder move, manifest dump/fsync/replace
    assert len(found) >= 8, found
    return found


@pytest.mark.parametrize("error", [Crash, Interrupt])
def test_a_failure_at_any_step_leaves_the_previous_version_active_and_loadable(store, monkeypatch, points, error):
    no_audit_log(monkeypatch)
    previous = save(store, typed_frame())
    last_fsync = ("fsync", max(n for name, n in points if name == "fsync"))
    for name, failing_call in points:
        before = store.versions("1283", "deltagare")
        owner = next(o for o, n in STEPS if n == name)
        original = getattr(owner, name)
        monkeypatch.setattr(owner, name, failing_once(original, failing_call, error(f"simulerat avbrott: {name}")))
        new = failure = None
        try:
            new = save(store, typed_frame(offset=99))
        except (StoreError, Interrupt) as exc:
            failure = exc
        finally:
            monkeypatch.setattr(owner, name, original)
        if error is Crash and failure is not None:
            assert isinstance(failure, StoreError) and "Den tidigare versionen är oförändrad" in str(failure)
        where = f"{name} call {failing_call}"
        after = store.versions("1283", "deltagare")
        if after == before:
            assert new is None, where
            assert store.active("1283", "deltagare") == previous, where
            pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(), obj=where)
        else:
            # Only a failure after the manifest was replaced (syncing its folder, the last step) lets the
            # save stand, complete: the new version is listed, active and loadable.
            assert (name, failing_call) == last_fsync, where
            assert store.active("1283", "deltagare").id == after[0].id
            pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(offset=99), obj=where)
            store.activate("1283", "deltagare", previous.id, actor=STEWARD)
        pd.testing.assert_frame_equal(store.load("1283", "deltagare", previous.id), typed_frame(), obj=where)
        folder = store.root / "1283" / "deltagare"
        leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".lock"]
        assert leftovers == [], where
        listed = {v.id for v in store.versions("1283", "deltagare")}
        assert {p.name for p in (folder / "versions").iterdir()} == listed, where
    # The lock was released every time: a normal save still works.
    final = save(store, typed_frame(offset=7))
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(offset=7))
    assert store.active("1283", "deltagare") == final


HARD_CRASH = """
import os, sys
import pandas as pd
from analysis.keeping import store as s
from analysis.keeping.audit import ROLE_STEWARD, Actor
calls = {"n": 0}
original = os.replace
def crash(*args, **kwargs):
    calls["n"] += 1
    if calls["n"] == int(sys.argv[2]):
        os._exit(17)  # the process dies here: no cleanup, no finally, no lock release
    return original(*args, **kwargs)
os.replace = crash
frame = pd.DataFrame({"deltagare_id": pd.array(["X1", "X2"], dtype="string")})
actor = Actor(name="anna", role=ROLE_STEWARD, method="cli")
s.Store(sys.argv[1]).save("1283", "deltagare", frame, actor=actor, file_name="ny.csv", rows_read=2,
                          rows_accepted=2, rows_rejected=0)
"""


@pytest.mark.parametrize("dies_at", [1, 2], ids=["before-folder-move", "before-manifest-replace"])
def test_a_killed_process_leaves_the_previous_version_and_no_stale_lock(store, dies_at):
    previous = save(store, typed_frame())
    result = subprocess.run(
        [sys.executable, "-c", HARD_CRASH, str(store.root), str(dies_at)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 17, result.stderr
    folder = store.root / "1283" / "deltagare"
    assert any(p.name.startswith(".") and p.name != ".lock" for p in folder.iterdir())  # debris was left
    assert store.versions("1283", "deltagare") == [previous]
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame())
    # The dead process's lock is gone with it; the next save cleans up and never reuses a number.
    new = save(store, typed_frame(offset=3))
    assert new.id.startswith("0003-" if dies_at == 2 else "0002-")
    assert [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".lock"] == []
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(offset=3))


def test_a_second_save_meanwhile_is_refused_and_the_first_completes(store, monkeypatch):
    previous = save(store, typed_frame())
    entered, release = threading.Event(), threading.Event()
    original = store_module.pq.write_table

    def slow_write(*args, **kwargs):
        if threading.current_thread().name == "first-import":
            entered.set()
            assert release.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(store_module.pq, "write_table", slow_write)
    outcome: dict[str, object] = {}
    worker = threading.Thread(
        target=lambda: outcome.update(version=save(store, typed_frame(offset=10))), name="first-import"
    )
    worker.start()
    try:
        assert entered.wait(30)
        with pytest.raises(StoreBusyError) as info:
            save(store, typed_frame(offset=20))
        assert "Datalagret är upptaget" in str(info.value) and "Inget sparades" in str(info.value)
        assert "UTC" in str(info.value)
        with pytest.raises(StoreBusyError):
            store.activate("1283", "deltagare", previous.id, actor=STEWARD)
        # Readers are never blocked, and see the previous version until the first save is done.
        pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame())
    finally:
        release.set()
        worker.join(30)
    assert store.active("1283", "deltagare") == outcome["version"]
    assert len(store.versions("1283", "deltagare")) == 2
    pd.testing.assert_frame_equal(store.load("1283", "deltagare"), typed_frame(offset=10))


# ----------------------------------------------------------------------------- no identity numbers


def luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        v = int(ch) * (2 - i % 2)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


PEOPLE = ["19121212-1212", "19701063-2391"] + [
    f"{d}-{b}{luhn_digit(d[2:] + b)}" for d, b in [("19900101", "001"), ("20050315", "246"), ("19851130", "998")]
]


def forms(number: str) -> list[str]:
    digits = number.replace("-", "")
    sep = "+" if int(digits[:4]) < 1926 else "-"
    return [number, digits, f"{digits[2:8]}{sep}{digits[8:]}", f"{digits[2:8]}-{digits[8:]}", digits[2:]]


def needles() -> list[bytes]:
    """Every number in every spelling, as text (UTF-8 and UTF-16) and as a little-endian int64."""
    out: list[bytes] = []
    for person in PEOPLE:
        assert personnummer.valid(person)
        for form in forms(person):
            out += [form.encode("utf-8"), form.encode("utf-16-le")]
        digits = person.replace("-", "")
        out += [struct.pack("<q", int(digits)), struct.pack("<q", int(digits[2:]))]
    return out


def all_bytes(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_no_identity_number_in_any_byte_of_the_store(store):
    raw = pd.DataFrame(
        {
            "Personnummer": [forms(p)[i % 5] for i, p in enumerate(PEOPLE)],
            "Namn": ["Anna", "Bo", "Cecilia", "David", "Eva"],
            "Kommentar": [f"se {forms(PEOPLE[0])[2]}", "", "", f"bror {PEOPLE[1]}", ""],
            "kundnr": [int(PEOPLE[2].replace("-", "")), 1, 2, 3, 4],
            "utfall": ["arbete", "praktik", "studier", "avbrott", "pagaende"],
        }
    )
    protected = protect(raw, KEY)
    version = save(
        store,
        protected.frame,
        file_name=f"export {PEOPLE[0]}.xlsx",
        note=f"rättat nummer {forms(PEOPLE[3])[1]}",
        # A name with an identity number in it (the store and the audit log must not keep it).
        actor=Actor(name=f"anna {forms(PEOPLE[4])[0]}", role=ROLE_STEWARD, method="cli"),
    )
    save(store, protected.frame, kind="statistik")
    store.activate("1283", "deltagare", version.id, actor=STEWARD)
    files = all_bytes(store.root)
    assert {p.name for p in files} >= {"manifest.json", "data.parquet", "version.json", ".lock"}
    for path, data in files.items():
        for needle in needles():
            assert needle not in data, (path, needle)
    # The scan can see stored values: every pseudonym is there in plain bytes.
    parquet = version.path.read_bytes()
    for person in PEOPLE:
        assert pseudonym(person, KEY).encode("utf-8") in parquet
    assert version.file_name == "export [personnummer borttaget].xlsx"


def test_the_byte_scan_would_find_numbers_written_without_protection(tmp_path):
    # Control: the same Parquet writer on an unprotected frame leaves the numbers findable.
    frame = pd.DataFrame({"pnr": [forms(p)[i % 5] for i, p in enumerate(PEOPLE)]})
    frame["kundnr"] = [int(p.replace("-", "")) for p in PEOPLE]
    path = tmp_path / "kontroll.parquet"
    with open(path, "wb") as fh:
        pq.write_table(store_module.pa.Table.from_pandas(frame), fh, compression="none")
    data = path.read_bytes()
    for i, person in enumerate(PEOPLE):
        assert forms(person)[i % 5].encode("utf-8") in data
        assert struct.pack("<q", int(person.replace("-", ""))) in data


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"deltagare_id": ["D1", "19121212-1212"]}),
        pd.DataFrame({"kommentar": ["ring 121212-1212"]}),
        pd.DataFrame({"kundnr": [191212121212]}),
        pd.DataFrame({"19121212-1212": ["x"]}),
    ],
)
def test_save_refuses_a_frame_with_identity_numbers(store, frame):
    with pytest.raises(StoreError, match="ser ut som personnummer") as info:
        save(store, frame)
    assert "1212" not in str(info.value)
    assert not (store.root / "1283" / "deltagare" / "manifest.json").exists()


def test_save_refuses_non_text_or_duplicate_column_names(store):
    with pytest.raises(StoreError, match="kolumnnamnen"):
        save(store, pd.DataFrame({0: ["a"]}))
    frame = pd.DataFrame([["a", "b"]], columns=["x", "x"])
    with pytest.raises(StoreError, match="kolumnnamnen"):
        save(store, frame)


def test_mixed_types_give_a_swedish_error(store):
    with pytest.raises(StoreError, match="kunde inte sparas som Parquet"):
        save(store, pd.DataFrame({"blandat": pd.Series([1, "två", 3.5], dtype="object")}))


def test_lock_file_names_no_one(store):
    save(store, typed_frame())
    holder = json.loads((store.root / "1283" / "deltagare" / ".lock").read_text(encoding="utf-8"))
    assert set(holder) == {"pid", "host", "since"} and holder["pid"] == os.getpid()
