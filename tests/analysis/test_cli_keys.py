"""``python -m analysis import`` and ``versions``: a participant file kept as a version with its key's
fingerprint, refused under a weak key, and refused under another key than the active version's unless
``--ny-nyckel`` is given."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from analysis.files_in.keys import key_fingerprint
from analysis.keeping.store import Store
from tests.cli_support import run

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
KEY_A = "Jq3vR8mZ0pLx5TnW2cYb7HdK9sFg4Ua1eQiO6wVrNtM"
KEY_B = "u7Fh2KpX9qLs4ZwR1bTn8VcJ3mYd6GeA0oPiE5xWkQz"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    """An empty store, and a working folder without .streamlit/secrets.toml (the CLI reads the one there)."""
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    monkeypatch.delenv("STADSDEL_PSEUDONYM_KEY", raising=False)
    work = tmp_path / "arbete"
    work.mkdir()
    monkeypatch.chdir(work)
    return Store(tmp_path / "lager")


def import_file(monkeypatch, key: str | None, *extra: str) -> tuple[int, str, str]:
    if key is None:
        monkeypatch.delenv("STADSDEL_PSEUDONYM_KEY", raising=False)
    else:
        monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", key)
    return run("import", str(EXPORT), "--data", str(HELSINGBORG), *extra)


def test_import_keeps_a_version_with_the_key_fingerprint(store, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "anna")
    # Issue 13: the name on a version is who runs the command; --vem is ignored, with a word.
    code, out, err = import_file(monkeypatch, KEY_A, "--vem", "Kommundirektören")
    assert code == 0, err
    assert "--vem används inte längre" in err
    assert "5 rader lästa, 4 godkända, 1 avvisad" in out
    version = store.active("1283", "deltagare")
    assert version is not None and version.rows == 4 and version.who == "anna"
    [entry] = store.audit.entries().to_dict("records")
    assert (entry["who"], entry["method"], entry["action"], entry["outcome"]) == ("anna", "cli", "import", "ok")
    assert version.key_fingerprint == key_fingerprint(KEY_A)
    assert f"Sparat som version {version.id}: 4 rader, nyckel {key_fingerprint(KEY_A)}" in out
    assert KEY_A not in out + err
    assert "19121212" not in out + err  # the file's identity numbers never reach the output


def test_same_key_imports_without_a_word(store, monkeypatch):
    assert import_file(monkeypatch, KEY_A)[0] == 0
    code, _, err = import_file(monkeypatch, KEY_A)
    assert code == 0, err
    assert "nyckel" not in err.lower()
    assert len(store.versions("1283", "deltagare")) == 2


def test_another_key_is_refused_without_ny_nyckel(store, monkeypatch):
    assert import_file(monkeypatch, KEY_A)[0] == 0
    before = store.active("1283", "deltagare")
    code, out, err = import_file(monkeypatch, KEY_B)
    assert code == 1
    assert "Nyckeln för pseudonymer har bytts" in err
    assert "Pseudonymerna stämmer då inte med tidigare versioner" in err
    assert key_fingerprint(KEY_A) in err and key_fingerprint(KEY_B) in err
    assert "Inget sparades. Ange --ny-nyckel" in err
    assert KEY_A not in out + err and KEY_B not in out + err
    assert store.versions("1283", "deltagare") == [before]  # nothing kept

    code, out, err = import_file(monkeypatch, KEY_B, "--ny-nyckel")
    assert code == 0, err
    assert err.startswith("Obs: Nyckeln för pseudonymer har bytts")
    active = store.active("1283", "deltagare")
    assert active.id != before.id and active.key_fingerprint == key_fingerprint(KEY_B)


def test_weak_or_missing_key_is_refused_and_nothing_kept(store, monkeypatch):
    code, _, err = import_file(monkeypatch, "passwordpassword")
    assert code == 1
    assert "för lätt att gissa" in err and "secrets.token_urlsafe(32)" in err
    assert "passwordpassword" not in err
    code, _, err = import_file(monkeypatch, None)
    assert code == 1 and "Ingen nyckel för pseudonymer är inställd" in err
    assert store.versions("1283", "deltagare") == []


def test_the_key_can_live_in_secrets_toml(store, monkeypatch):
    folder = Path.cwd() / ".streamlit"
    folder.mkdir()
    (folder / "secrets.toml").write_text(f'pseudonym_key = "{KEY_A}"\n', encoding="utf-8")
    code, _, err = import_file(monkeypatch, None)
    assert code == 0, err
    assert store.active("1283", "deltagare").key_fingerprint == key_fingerprint(KEY_A)


def test_an_active_version_from_before_fingerprints_needs_ny_nyckel(store, monkeypatch):
    assert import_file(monkeypatch, KEY_A)[0] == 0
    path = store.root / "1283" / "deltagare" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["versions"]:
        del entry["key_fingerprint"]  # as saved before this was recorded
    path.write_text(json.dumps(manifest), encoding="utf-8")

    code, out, _ = run("versions", "--data", str(HELSINGBORG))
    assert code == 0
    assert "okänd" in out
    assert f"Inställd nyckel: {key_fingerprint(KEY_A)} (den aktiva versionens nyckel är okänd)" in out

    code, _, err = import_file(monkeypatch, KEY_A)
    assert code == 1 and "innan nycklar registrerades" in err and "--ny-nyckel" in err
    assert import_file(monkeypatch, KEY_A, "--ny-nyckel")[0] == 0


def test_versions_lists_each_key(store, monkeypatch):
    import_file(monkeypatch, KEY_A)
    import_file(monkeypatch, KEY_B, "--ny-nyckel")
    code, out, err = run("versions", "--kommun", "1283")
    assert code == 0, err
    lines = out.splitlines()
    assert "nyckel" in lines[0] and "används" in lines[0]
    assert key_fingerprint(KEY_B) in lines[1] and lines[1].rstrip().endswith("ja")
    assert key_fingerprint(KEY_A) in lines[2] and not lines[2].rstrip().endswith("ja")
    assert f"Inställd nyckel: {key_fingerprint(KEY_B)} (samma som den aktiva versionens)" in out
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", KEY_A)
    _, out, _ = run("versions", "--kommun", "1283")
    assert "inte den aktiva versionens: en import nu ger nya pseudonymer" in out
    monkeypatch.delenv("STADSDEL_PSEUDONYM_KEY")
    _, out, _ = run("versions", "--kommun", "1283")
    assert "Ingen giltig nyckel för pseudonymer är inställd" in out


def test_versions_of_an_empty_store_and_of_other_tables(store):
    code, out, _ = run("versions", "--kommun", "1283")
    assert code == 0 and "Inga sparade versioner" in out
    code, _, err = run("versions")
    assert code == 2 and "--data" in err


def test_import_help_names_the_flag(capsys):
    code, _, _ = run("import", "--help")
    assert code == 0
    assert "--ny-nyckel" in capsys.readouterr().out
