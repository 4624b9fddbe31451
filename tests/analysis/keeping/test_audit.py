"""Tests of analysis.keeping.audit: actors and roles, the append-only hash-chained audit log (edits,
deletions and truncation found by verify, two processes never interleave, no identity number written), the
store's own actor check and record, the sign-in delay, password hashes, and the CLI commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in.validation import DataError
from analysis.keeping import audit
from analysis.keeping.audit import ROLE_READER, ROLE_STEWARD, Actor, AuditLog, Refused
from analysis.keeping.store import Store, StoreError
from tests.cli_support import run

PROJECT = Path(__file__).resolve().parents[3]
ANNA = Actor(name="anna@bolag.se", role=ROLE_STEWARD, method=audit.METHOD_OIDC)
LARS = Actor(name="lars@bolag.se", role=ROLE_READER, method=audit.METHOD_OIDC)
#: Skatteverket's test identity number in the spellings people type.
PNR_FORMS = ["19121212-1212", "191212121212", "121212-1212", "1212121212", "19121212+1212"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"deltagare_id": pd.array(["P1", "P2"], dtype="string"), "insats": ["a", "b"]})


def save(store: Store, actor: Actor, **kwargs):
    defaults = {"file_name": "d.csv", "rows_read": 2, "rows_accepted": 2, "rows_rejected": 0}
    return store.save("1283", "deltagare", frame(), actor=actor, **{**defaults, **kwargs})


@pytest.fixture
def log(tmp_path) -> AuditLog:
    return AuditLog(tmp_path / "lager")


# ----------------------------------------------------------------------------- actors and roles


def test_roles_decide_what_an_actor_may_do():
    for action in (audit.IMPORT, audit.SWITCH, audit.MAPPING, audit.AUDIT):
        assert ANNA.may(action)
        assert not LARS.may(action)
    for action in (audit.SIGN_IN, audit.SIGN_OUT):
        assert ANNA.may(action) and LARS.may(action)
    assert not ANNA.may("radera_allt")  # an unknown action is never allowed, not even to a steward


@pytest.mark.parametrize(
    "kwargs",
    [{"name": ""}, {"name": "   "}, {"role": "admin"}, {"role": "Dataansvarig"}, {"method": "cookie"}],
)
def test_an_actor_must_be_well_formed(kwargs):
    with pytest.raises(ValueError, match=r"name|role|method"):
        Actor(**{"name": "anna", "role": ROLE_STEWARD, "method": audit.METHOD_CLI, **kwargs})


def test_the_cli_actor_is_the_os_user_as_steward(monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "drift")
    assert audit.cli_actor() == Actor(name="drift", role=ROLE_STEWARD, method=audit.METHOD_CLI)


# ----------------------------------------------------------------------------- the log


def test_entries_are_recorded_in_order_with_who_when_what_outcome(log):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    log.record(ANNA, audit.IMPORT, "1283 deltagare: version 0001", audit.OK)
    log.record(LARS, audit.SWITCH, "1283 deltagare: till version 0001", audit.REFUSED, "försök")
    log.record(None, audit.AUDIT, "", audit.REFUSED)
    entries = log.entries()
    assert list(entries.columns) == list(audit.COLUMNS)
    assert list(entries["n"]) == [1, 2, 3]
    assert list(entries["who"]) == ["anna@bolag.se", "lars@bolag.se", audit.NOBODY]
    assert list(entries["role"]) == [ROLE_STEWARD, ROLE_READER, ""]
    assert list(entries["action"]) == [audit.IMPORT, audit.SWITCH, audit.AUDIT]
    assert list(entries["outcome"]) == [audit.OK, audit.REFUSED, audit.REFUSED]
    assert entries["detail"][1] == "försök"
    when = dt.datetime.fromisoformat(entries["when"][0])
    assert when.tzinfo is not None and when.utcoffset() == dt.timedelta(0)
    assert before <= when <= dt.datetime.now(dt.UTC)
    assert log.verify() == []


def test_an_unknown_outcome_is_refused(log):
    with pytest.raises(ValueError, match="outcome"):
        log.record(ANNA, audit.IMPORT, "x", "kanske")


def test_the_log_only_grows(log):
    log.record(ANNA, audit.IMPORT, "första", audit.OK)
    first = log.path.read_bytes()
    log.record(ANNA, audit.SWITCH, "andra", audit.OK)
    second = log.path.read_bytes()
    assert second.startswith(first) and len(second) > len(first)
    # Each line carries the SHA-256 of the one before it (64 zeros on the first).
    lines = second.splitlines()
    import hashlib

    assert json.loads(lines[0])["prev"] == "0" * 64
    assert json.loads(lines[1])["prev"] == hashlib.sha256(lines[0]).hexdigest()


def _lines(log: AuditLog) -> list[bytes]:
    return log.path.read_bytes().splitlines()


def _write(log: AuditLog, lines: list[bytes]) -> None:
    log.path.write_bytes(b"".join(line + b"\n" for line in lines))


@pytest.fixture
def five(log) -> AuditLog:
    for i in range(5):
        log.record(ANNA, audit.IMPORT, f"version {i + 1}", audit.OK)
    assert log.verify() == []
    return log


def test_an_edited_line_is_found(five):
    lines = _lines(five)
    entry = json.loads(lines[2])
    entry["who"] = "Kommundirektören"  # still valid JSON, still numbered 3
    lines[2] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    _write(five, lines)
    problems = five.verify()
    assert any(p.startswith("rad 4: kedjan bryts") for p in problems), problems


def test_an_edited_last_line_is_found(five):
    lines = _lines(five)
    lines[-1] = lines[-1].replace(b'"ok"', b'"fel"')
    _write(five, lines)
    problems = five.verify()
    assert any("rad 5" in p and "kontrollfilen" in p for p in problems), problems


def test_a_deleted_line_is_found(five):
    lines = _lines(five)
    del lines[1]
    _write(five, lines)
    problems = five.verify()
    assert any(p.startswith("rad 2: kedjan bryts") for p in problems), problems
    assert any("borde ha 2" in p for p in problems), problems


def test_lines_removed_at_the_end_are_found(five):
    _write(five, _lines(five)[:3])
    problems = five.verify()
    assert any("kontrollfilen säger 5 rader men loggen har 3" in p for p in problems), problems


def test_a_removed_head_file_is_found(five):
    five.head_path.unlink()
    assert any("kontrollfilen" in p and "saknas" in p for p in five.verify())


def test_a_damaged_line_is_reported_and_the_log_goes_on(five):
    with open(five.path, "ab") as fh:
        fh.write(b'{"n": 6, "when": "2025-')  # a crash in the middle of an append
    five.record(ANNA, audit.IMPORT, "efter kraschen", audit.OK)
    problems = five.verify()
    assert problems == ["rad 6: kan inte läsas (inte en giltig post); den har ändrats eller skadats"]
    entries = five.entries()
    assert list(entries["what"])[-1] == "efter kraschen" and list(entries["n"])[-1] == 7


def test_an_empty_log_is_intact(log):
    assert log.verify() == []
    assert log.entries().empty


WRITER = """
import sys
from analysis.keeping import audit
log = audit.AuditLog(sys.argv[1])
actor = audit.Actor(name=f"skrivare {sys.argv[2]}", role=audit.ROLE_STEWARD, method=audit.METHOD_CLI)
for i in range(int(sys.argv[3])):
    log.record(actor, audit.IMPORT, f"{sys.argv[2]}-{i} " + "x" * 3000, audit.OK)
"""


def test_two_processes_never_interleave(tmp_path):
    root = tmp_path / "lager"
    count = 150
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(root), name, str(count)], cwd=PROJECT)
        for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    log = AuditLog(root)
    lines = log.path.read_bytes().splitlines()
    assert len(lines) == 2 * count
    entries = [json.loads(line) for line in lines]  # every line whole: none cut into by the other writer
    assert [e["n"] for e in entries] == list(range(1, 2 * count + 1))
    for name in ("a", "b"):
        mine = [e["what"].split()[0] for e in entries if e["who"] == f"skrivare {name}"]
        assert mine == [f"{name}-{i}" for i in range(count)]
    assert log.verify() == []


def test_no_identity_number_is_ever_written(log, tmp_path):
    for number in PNR_FORMS:
        actor = Actor(name=f"anna {number}", role=ROLE_STEWARD, method=audit.METHOD_PASSWORD)
        log.record(actor, f"import {number}", f"fil {number}.xlsx", audit.FAILED, f"rad 3: {number} är fel")
    store = Store(tmp_path / "lager")
    save(store, ANNA, file_name=f"export {PNR_FORMS[0]}.xlsx")
    data = b"".join(p.read_bytes() for p in (tmp_path / "lager").rglob("*") if p.is_file())
    text = data.decode("utf-8", errors="replace")
    for form in PNR_FORMS:
        assert form not in text  # not in the log, the head file, the manifest or the Parquet file
    assert "[personnummer borttaget]" in log.entries()["who"][0]


def test_long_values_are_cut_and_kept_on_one_line(log):
    log.record(ANNA, audit.IMPORT, "a\nb" + "x" * 5000, audit.OK)
    [entry] = log.entries().to_dict("records")
    assert "\n" not in entry["what"] and len(entry["what"]) == audit.MAX_FIELD_CHARS
    assert len(_lines(log)) == 1


def test_an_unwritable_log_gives_a_swedish_error(tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("inte en mapp")
    with pytest.raises(audit.AuditError, match="Granskningsloggen"):
        AuditLog(blocker).record(ANNA, audit.IMPORT, "x", audit.OK)


# ----------------------------------------------------------------------------- the store asks and records


def test_a_reader_cannot_save_and_the_refusal_is_recorded(tmp_path):
    store = Store(tmp_path / "lager")
    with pytest.raises(Refused, match="läsare"):
        save(store, LARS)
    assert store.versions("1283", "deltagare") == []
    [entry] = store.audit.entries().to_dict("records")
    assert (entry["who"], entry["action"], entry["outcome"]) == ("lars@bolag.se", audit.IMPORT, audit.REFUSED)
    assert "1283 deltagare" in entry["what"] and "d.csv" in entry["what"]


def test_a_reader_cannot_switch_versions(tmp_path):
    store = Store(tmp_path / "lager")
    first = save(store, ANNA)
    save(store, ANNA)
    with pytest.raises(Refused):
        store.activate("1283", "deltagare", first.id, actor=LARS)
    assert store.active("1283", "deltagare").id != first.id
    last = store.audit.entries().iloc[-1]
    assert (last["who"], last["action"], last["outcome"]) == ("lars@bolag.se", audit.SWITCH, audit.REFUSED)


def test_the_store_takes_only_an_actor(tmp_path):
    store = Store(tmp_path / "lager")
    with pytest.raises(TypeError):
        store.save("1283", "deltagare", frame(), file_name="d.csv", rows_read=2, rows_accepted=2, rows_rejected=0)
    with pytest.raises(TypeError):
        save(store, "anna")  # a name typed somewhere is not an actor


def test_imports_and_switches_are_recorded_with_the_actors_name(tmp_path):
    store = Store(tmp_path / "lager")
    first = save(store, ANNA, file_name="jan.xlsx")
    second = save(store, ANNA, file_name="feb.xlsx")
    store.activate("1283", "deltagare", first.id, actor=ANNA)
    assert first.who == second.who == "anna@bolag.se"
    entries = store.audit.entries()
    assert list(entries["action"]) == [audit.IMPORT, audit.IMPORT, audit.SWITCH]
    assert set(entries["outcome"]) == {audit.OK}
    assert f"version {first.id}" in entries["what"][0] and "jan.xlsx" in entries["what"][0]
    assert "2 rader" in entries["what"][0]
    assert f"från version {second.id} till {first.id}" in entries["what"][2]
    assert store.audit.verify() == []


def test_a_failed_save_is_recorded_as_failed(tmp_path):
    store = Store(tmp_path / "lager")
    bad = pd.DataFrame({"deltagare_id": ["19121212-1212"]})
    with pytest.raises(StoreError):
        store.save(
            "1283", "deltagare", bad, actor=ANNA, file_name="d.csv", rows_read=1, rows_accepted=1, rows_rejected=0
        )
    with pytest.raises(StoreError):
        store.activate("1283", "deltagare", "0099-20250101T000000Z", actor=ANNA)
    entries = store.audit.entries()
    assert list(entries["outcome"]) == [audit.FAILED, audit.FAILED]
    assert "personnummer" in entries["detail"][0] and "19121212" not in entries["detail"][0]


# ----------------------------------------------------------------------------- the sign-in delay


def test_the_delay_doubles_and_is_capped():
    assert [audit.sign_in_delay(n) for n in range(8)] == [0, 1, 2, 4, 8, 16, 30, 30]
    assert audit.sign_in_delay(1000) == 30


def _sign_in(log: AuditLog, who: str, outcome: str) -> None:
    log.record(Actor(name=who, role=ROLE_READER, method=audit.METHOD_PASSWORD), audit.SIGN_IN, "losenord", outcome)


def test_failures_are_counted_per_user_back_to_the_last_success(log):
    _sign_in(log, "anna", audit.REFUSED)
    _sign_in(log, "anna", audit.OK)
    for _ in range(3):
        _sign_in(log, "anna", audit.REFUSED)
    _sign_in(log, "bo", audit.REFUSED)
    assert audit.recent_failures(log, "anna") == 3
    assert audit.recent_failures(log, "bo") == 1
    assert audit.recent_failures(log, "cecilia") == 0


def test_failures_older_than_15_minutes_do_not_count(log):
    for _ in range(4):
        _sign_in(log, "anna", audit.REFUSED)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    assert audit.recent_failures(log, "anna", now=later) == 0
    assert audit.recent_failures(log, "anna", now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=14)) == 4


# ----------------------------------------------------------------------------- passwords


def test_a_password_hash_verifies_only_its_password():
    password = "korrekt häst batteri häftklammer"
    hashed = audit.hash_password(password)
    assert hashed.startswith("$argon2id$") and password not in hashed
    assert audit.hash_password(password) != hashed  # a salt of its own each time
    assert audit.verify_password(hashed, password)
    assert not audit.verify_password(hashed, password + " ")
    assert not audit.verify_password(hashed, "")
    assert not audit.verify_password(None, password)  # an unknown user: the dummy hash, always false
    assert not audit.verify_password("inte en hash", password)


@pytest.mark.parametrize("password", ["Qz9!", "lösenord1234", "aaaaaaaaaaaaaaaa", "qwertyuiopasdfgh"])
def test_a_weak_password_gets_no_hash(password):
    with pytest.raises(DataError) as caught:
        audit.hash_password(password)
    assert password not in str(caught.value)


def test_the_dummy_hash_costs_what_a_real_one_does():
    from argon2 import extract_parameters

    assert extract_parameters(audit.DUMMY_HASH) == extract_parameters(audit.hash_password("ett långt lösen ord 42"))


def test_a_csv_export_runs_no_formula(log):
    log.record(Actor(name='=HYPERLINK("http://x")', role=ROLE_STEWARD, method="cli"), audit.IMPORT, "+1", audit.OK)
    text = audit.to_csv(log.entries()).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";'+1;" in text


# ----------------------------------------------------------------------------- the command line


@pytest.fixture
def cli_store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    return Store(tmp_path / "lager")


def test_granskning_prints_newest_first_and_checks_the_chain(cli_store):
    save(cli_store, ANNA, file_name="jan.xlsx")
    save(cli_store, ANNA, file_name="feb.xlsx")
    code, out, err = run("granskning")
    assert code == 0, err
    assert out.index("feb.xlsx") < out.index("jan.xlsx")
    assert "anna@bolag.se" in out and "åtgärd" in out
    code, out, err = run("granskning", "--kontrollera")
    assert code == 0, err
    assert "Granskningsloggen är hel: 2 poster" in out
    lines = cli_store.audit.path.read_bytes().splitlines()
    cli_store.audit.path.write_bytes(lines[1] + b"\n")
    code, out, err = run("granskning", "--kontrollera")
    assert code == 1
    assert "inte hel" in err and "rad 1: kedjan bryts" in err


def test_granskning_exports_csv(cli_store, tmp_path):
    save(cli_store, ANNA)
    target = tmp_path / "logg.csv"
    code, out, err = run("granskning", "--csv", str(target))
    assert code == 0, err
    frame = pd.read_csv(target, sep=";", encoding="utf-8-sig")
    assert list(frame["vem"]) == ["anna@bolag.se"] and list(frame["utfall"]) == ["ok"]
    code, out, _ = run("granskning", "--csv", "-")
    assert code == 0 and out.startswith("nr;tid (UTC);vem")


def test_an_empty_log_says_so(cli_store):
    code, out, _ = run("granskning")
    assert code == 0 and "är tom" in out


def test_losenord_prints_a_hash_of_the_password_from_stdin(monkeypatch):
    password = "en lång och ovanlig fras 2025"
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    code, out, err = run("losenord")
    assert code == 0, err
    hashed = out.strip()
    assert audit.verify_password(hashed, password)
    assert password not in out + err
    assert "losenord_hash" in err


def test_losenord_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("hemligt\n"))
    code, out, err = run("losenord")
    assert code == 1 and out == ""
    assert "för kort" in err and "hemligt" not in err
