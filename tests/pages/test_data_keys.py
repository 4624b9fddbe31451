"""The Data page and the pseudonym key: a weak key is refused, the key in use is shown by its fingerprint, each
participant version lists its key ("okänd" before fingerprints were recorded), and an import under another
key than the active version's is warned about and needs an explicit confirmation before it can be kept."""

from __future__ import annotations

import json
import os
from pathlib import Path

from analysis.files_in.keys import key_fingerprint
from texts import en, sv

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "intake" / "arende_export.csv"
NEW_KEY = "u7Fh2KpX9qLs4ZwR1bTn8VcJ3mYd6GeA0oPiE5xWkQz"


def upload(at):
    at.file_uploader(key="import_fil").upload("arende_export.csv", EXPORT.read_bytes(), "text/csv").run()
    assert not at.exception, at.exception
    return at


def accept(at):
    at.button(key="import_godkann").click().run()
    assert not at.exception, at.exception
    return at


def key_warnings(at) -> list[str]:
    return [w.value for w in at.warning if "deltagare_id" in w.value]


def confirm_boxes(at) -> list:
    return [c for c in at.checkbox if c.key == "import_ny_nyckel"]


def versions_table(at):
    return next(d.value for d in reversed(at.dataframe) if sv.IMPORT_VERSION_KEY in d.value.columns)


def test_the_key_in_use_is_shown_by_its_fingerprint(open_page):
    at = open_page("data")
    assert not at.exception, at.exception
    fingerprint = key_fingerprint(os.environ["STADSDEL_PSEUDONYM_KEY"])
    assert sv.import_key_in_use(fingerprint) in [c.value for c in at.caption]
    assert os.environ["STADSDEL_PSEUDONYM_KEY"] not in str([*at.caption, *at.markdown, *at.error])


def test_a_weak_key_is_refused_with_the_reason(open_page, monkeypatch):
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", "passwordpassword")
    at = open_page("data")
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("för lätt att gissa" in e and "secrets.token_urlsafe(32)" in e for e in errors)
    assert not any("passwordpassword" in e for e in errors)
    assert not [u for u in at.get("file_uploader") if u.proto.id.endswith("import_fil")]


def test_same_key_imports_without_a_warning(open_page):
    at = accept(upload(open_page("data")))
    # The file is still there after the rerun: a second import under the same key asks nothing.
    upload(at)
    assert key_warnings(at) == []
    assert confirm_boxes(at) == []
    assert not at.button(key="import_godkann").disabled
    accept(at)
    fingerprint = key_fingerprint(os.environ["STADSDEL_PSEUDONYM_KEY"])
    table = versions_table(at)
    assert table[sv.IMPORT_VERSION_KEY].tolist() == [fingerprint, fingerprint]


def test_another_key_is_warned_about_and_needs_a_confirmation(open_page, monkeypatch):
    at = accept(upload(open_page("data")))
    old = key_fingerprint(os.environ["STADSDEL_PSEUDONYM_KEY"])
    first = versions_table(at)[sv.IMPORT_VERSION_COLUMNS["id"]].tolist()

    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", NEW_KEY)
    upload(at)
    new = key_fingerprint(NEW_KEY)
    (warning,) = key_warnings(at)
    assert warning == sv.import_key_changed(first[0], old, new)
    assert "Nyckeln för pseudonymer har bytts" in warning and "stämmer då inte med tidigare versioner" in warning
    assert NEW_KEY not in warning
    # Not kept until the box is ticked.
    (box,) = confirm_boxes(at)
    assert box.label == sv.IMPORT_KEY_CONFIRM and box.value is False
    assert at.button(key="import_godkann").disabled
    assert sv.IMPORT_KEY_CONFIRM_FIRST in [c.value for c in at.caption]
    assert versions_table(at)[sv.IMPORT_VERSION_COLUMNS["id"]].tolist() == first

    box.check().run()
    assert not at.exception, at.exception
    assert not at.button(key="import_godkann").disabled
    accept(at)
    table = versions_table(at)
    assert table[sv.IMPORT_VERSION_KEY].tolist() == [new, old]
    assert table[sv.IMPORT_VERSION_COLUMNS["active"]].tolist() == [sv.IMPORT_VERSION_ACTIVE, ""]
    # Kept under the new key, which is now the active one's: no warning any more.
    assert key_warnings(at) == [] and confirm_boxes(at) == []


def test_a_version_from_before_fingerprints_reads_unknown_and_is_asked_about(open_page, monkeypatch):
    at = accept(upload(open_page("data")))
    manifest_path = Path(os.environ["STADSDEL_STORE_DIR"]) / "1283" / "deltagare" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["versions"]:
        del entry["key_fingerprint"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    at = open_page("data")
    assert versions_table(at)[sv.IMPORT_VERSION_KEY].tolist() == [sv.IMPORT_KEY_UNKNOWN]
    upload(at)
    (warning,) = key_warnings(at)
    assert warning.startswith("**Okänt om nyckeln är densamma.**")
    assert at.button(key="import_godkann").disabled
    confirm_boxes(at)[0].check().run()
    accept(at)
    fingerprint = key_fingerprint(os.environ["STADSDEL_PSEUDONYM_KEY"])
    assert versions_table(at)[sv.IMPORT_VERSION_KEY].tolist() == [fingerprint, sv.IMPORT_KEY_UNKNOWN]


def test_the_warning_in_english(open_page, monkeypatch):
    at = accept(upload(open_page("data", {"lang": "en"})))
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", NEW_KEY)
    upload(at)
    (warning,) = key_warnings(at)
    assert warning.startswith("**The pseudonym key has changed.**")
    assert confirm_boxes(at)[0].label == en.IMPORT_KEY_CONFIRM
    table = next(d.value for d in reversed(at.dataframe) if en.IMPORT_VERSION_KEY in d.value.columns)
    assert table[en.IMPORT_VERSION_KEY].tolist() != []
