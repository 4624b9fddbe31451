"""Tests of analysis.files_in.keys: weak keys refused by their guess count, strong ones accepted, the key's
fingerprint (stable, per key, not the key), stored with each version, and the warning before an import under
another key than the active version's."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in import dataset, intake, keys, privacy
from analysis.files_in.keys import (
    FINGERPRINT_PATTERN,
    MissingKeyError,
    WeakKeyError,
    key_fingerprint,
    key_strength,
    pseudonym_key,
)
from analysis.files_in.validation import DataError
from analysis.keeping.audit import ROLE_STEWARD, Actor
from analysis.keeping.store import ManifestError, Store

#: Who accepts imports in these tests (issue 13: the store takes an actor).
STEWARD = Actor(name="test", role=ROLE_STEWARD, method="cli")

ROOT = Path(__file__).resolve().parents[3]
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
# Two keys as the README says to make them (secrets.token_urlsafe(32)), fixed so failures are reproducible.
KEY_A = "Jq3vR8mZ0pLx5TnW2cYb7HdK9sFg4Ua1eQiO6wVrNtM"
KEY_B = "u7Fh2KpX9qLs4ZwR1bTn8VcJ3mYd6GeA0oPiE5xWkQz"


def env(key: str) -> dict[str, str]:
    return {"STADSDEL_PSEUDONYM_KEY": key}


# ----------------------------------------------------------------------------- weak keys

#: Keys of at least 16 characters that a person might choose, and why each is guessable.
WEAK = [
    ("a" * 16, "upprepar ett kort mönster"),
    ("a" * 40, "upprepar ett kort mönster"),
    ("1234567890123456", "följd"),
    ("passwordpassword", "upprepar ett kort mönster"),
    ("Password123456789!", "vanliga ord"),
    ("qwertyuiopasdfgh", None),
    ("1qaz2wsx3edc4rfv5tgb", "tangenterna"),
    ("asdfghjklöasdfghjklö", "upprepar"),
    ("abcabcabcabcabcabc", "upprepar ett kort mönster"),
    ("ab12ab12ab12ab12ab12", "upprepar ett kort mönster"),
    ("correcthorsebatterystaple", "vanliga ord"),
    ("Tr0ub4dor&3Tr0ub4dor&3", None),
    ("2024-03-01-2024-03-02", "datum"),
    # Swedish words and this tool's own: zxcvbn's lists are English, keys.py adds them.
    ("lösenordlösenord1", None),
    ("sommarensommaren", None),
    ("hemligtlosenord2024!", "vanliga ord"),
    ("Sommar2024Sommar2024", None),
    ("helsingborg2024helsingborg", None),
    ("allmannyttan-helsingborg-2024", "vanliga ord"),
    ("stadsdelsdashboard", "vanliga ord"),
    ("kanelbulle-kanelbulle-kanelbulle", None),
    ("minhemliganyckelfordashboarden", None),
    # Random, but too short for an offline search: 16 random characters are 10^16 by the estimate.
    ("x9fK2mQp7Lw3Zr8T", "för kort"),
]


@pytest.mark.parametrize(("key", "reason"), WEAK, ids=[w[0] for w in WEAK])
def test_weak_keys_are_refused_with_a_reason_and_how_to_make_a_good_one(key, reason):
    assert len(key) >= keys.MIN_KEY_CHARS  # the old rule let every one of them through
    assert not key_strength(key).strong
    with pytest.raises(WeakKeyError) as info:
        pseudonym_key({}, env(key))
    error = info.value
    assert isinstance(error, MissingKeyError) and isinstance(error, DataError)  # refused like a missing key
    message = str(error)
    assert "för lätt att gissa" in message and "miljövariabeln STADSDEL_PSEUDONYM_KEY" in message
    assert f"minst 10^{keys.MIN_GUESSES_LOG10}" in message
    if reason:
        assert reason in message
    # How to make a good one, and where to put it.
    assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in message
    assert 'pseudonym_key = "…"' in message and "export STADSDEL_PSEUDONYM_KEY=" in message
    assert "Lägg aldrig nyckeln i git" in message
    # Never the key, nor any part of it long enough to matter.
    assert key not in message
    assert not any(key[i : i + 8] in message for i in range(len(key) - 7))


def test_a_weak_key_in_secrets_names_secrets_toml():
    with pytest.raises(WeakKeyError, match=r"pseudonym_key i \.streamlit/secrets\.toml"):
        pseudonym_key({"pseudonym_key": "passwordpassword"}, env(KEY_A))


def test_a_short_key_is_too_short_not_weak():
    with pytest.raises(MissingKeyError, match="för kort: minst 16 tecken") as info:
        pseudonym_key({}, env("Ab3$kL9q"))
    assert not isinstance(info.value, WeakKeyError)


def test_the_estimate_finds_the_patterns_it_names():
    assert "repeat" in key_strength("a" * 16).patterns
    assert "sequence" in key_strength("1234567890123456").patterns
    assert "spatial" in key_strength("1qaz2wsx3edc4rfv5tgb").patterns
    assert "dictionary" in key_strength("correcthorsebatterystaple").patterns
    assert "date" in key_strength("2024-03-01-2024-03-02").patterns
    assert key_strength("a" * 16).reasons() and key_strength(KEY_A).reasons() == []


def test_swedish_words_count_as_words():
    """Without the Swedish list, zxcvbn takes Swedish words for random letters and overrates them."""
    assert "dictionary" in key_strength("allmannyttan-helsingborg-2024").patterns
    assert key_strength("allmannyttan-helsingborg-2024").guesses_log10 < keys.MIN_GUESSES_LOG10


# ----------------------------------------------------------------------------- strong keys


@pytest.mark.parametrize("make", [lambda: secrets.token_urlsafe(32), lambda: secrets.token_hex(32)])
def test_keys_made_as_the_readme_says_are_accepted(make):
    for _ in range(25):
        key = make()
        assert key_strength(key).strong, key_strength(key)
        assert pseudonym_key({}, env(key)) == key.encode("utf-8")


def test_strong_keys_have_room_to_spare():
    assert key_strength(KEY_A).guesses_log10 >= 40
    assert key_strength(secrets.token_hex(32)).guesses_log10 >= 40
    # Shorter random keys pass too, down to about 20 characters.
    assert key_strength(secrets.token_urlsafe(16)).strong
    assert key_strength(secrets.token_hex(16)).strong


def test_a_long_key_is_judged_on_its_start_without_failing():
    assert key_strength(secrets.token_urlsafe(200)).strong
    assert not key_strength("a" * 300).strong


def test_the_page_tests_key_is_accepted():
    """tests/pages/conftest.py sets this key for every page test."""
    assert key_strength("testnyckel-som-bara-finns-i-testerna").strong


def test_privacy_keeps_exporting_the_key_functions():
    assert privacy.pseudonym_key is keys.pseudonym_key
    assert privacy.MissingKeyError is keys.MissingKeyError
    assert privacy.key_fingerprint is keys.key_fingerprint
    assert privacy.KEY_ENV == "STADSDEL_PSEUDONYM_KEY" and privacy.KEY_SECRET == "pseudonym_key"
    assert privacy.MIN_KEY_CHARS == 16


# ----------------------------------------------------------------------------- secrets.toml for the CLI


def test_secrets_file_is_read_from_the_folder(tmp_path):
    assert keys.read_secrets_file(tmp_path) == {}
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'pseudonym_key = "{KEY_A}"\n', encoding="utf-8")
    assert pseudonym_key(keys.read_secrets_file(tmp_path), {}) == KEY_A.encode()


def test_broken_secrets_file_is_refused_without_quoting_it(tmp_path):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f"pseudonym_key = {KEY_A}\n", encoding="utf-8")
    with pytest.raises(MissingKeyError, match="kan inte läsas som TOML") as info:
        keys.read_secrets_file(tmp_path)
    assert KEY_A not in str(info.value)


# ----------------------------------------------------------------------------- fingerprint


def test_fingerprint_is_stable_short_and_differs_per_key():
    first = key_fingerprint(KEY_A.encode())
    assert FINGERPRINT_PATTERN.fullmatch(first) and len(first) == keys.FINGERPRINT_CHARS == 12
    assert key_fingerprint(KEY_A.encode()) == first == key_fingerprint(KEY_A)  # text or bytes alike
    assert key_fingerprint(KEY_B.encode()) != first
    many = {key_fingerprint(secrets.token_urlsafe(32)) for _ in range(50)}
    assert len(many) == 50


def test_fingerprint_is_the_documented_scrypt_and_gives_nothing_of_the_key_away():
    digest = hashlib.scrypt(KEY_A.encode(), salt=keys.FINGERPRINT_LABEL, n=2**14, r=8, p=1, dklen=32)
    fingerprint = key_fingerprint(KEY_A)
    assert fingerprint == digest.hex()[:12]
    # Not a plain hash or HMAC of the key, which would cost an attacker one fast hash per candidate.
    assert fingerprint not in hashlib.sha256(KEY_A.encode()).hexdigest()
    assert fingerprint not in KEY_A.encode().hex() and fingerprint not in KEY_A.lower()
    # Not one of the key's pseudonyms either.
    assert fingerprint not in privacy.pseudonym("19121212-1212", KEY_A.encode())


def test_fingerprint_refuses_an_empty_key():
    with pytest.raises(ValueError, match="non-empty"):
        key_fingerprint(b"")


def test_same_key_is_unknown_without_a_fingerprint():
    assert keys.same_key("5a52c2efe01a", "5a52c2efe01a") is True
    assert keys.same_key("5a52c2efe01a", "000000000000") is False
    assert keys.same_key(None, "5a52c2efe01a") is None


# ----------------------------------------------------------------------------- stored with each version


def frame() -> pd.DataFrame:
    return pd.DataFrame({"deltagare_id": pd.array(["Pabc", "Pdef"], dtype="string"), "insats": ["a", "b"]})


def save(store: Store, fingerprint: str | None, kind: str = "deltagare"):
    return store.save(
        "1283",
        kind,
        frame(),
        file_name="d.csv",
        rows_read=2,
        rows_accepted=2,
        rows_rejected=0,
        actor=STEWARD,
        **({"key_fingerprint": fingerprint} if fingerprint is not None else {}),
    )


def test_the_fingerprint_is_kept_with_the_version(tmp_path):
    store = Store(tmp_path)
    fingerprint = key_fingerprint(KEY_A)
    version = save(store, fingerprint)
    assert version.key_fingerprint == fingerprint
    # In the manifest and the version's own version.json, and back from a fresh Store.
    manifest = json.loads((tmp_path / "1283" / "deltagare" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["versions"][0]["key_fingerprint"] == fingerprint
    record = json.loads((version.path.parent / "version.json").read_text(encoding="utf-8"))
    assert record["key_fingerprint"] == fingerprint
    assert Store(tmp_path).active("1283", "deltagare").key_fingerprint == fingerprint
    assert Store(tmp_path).versions_table("1283", "deltagare")["nyckel"].tolist() == [fingerprint]
    # The key itself is nowhere in the store.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY_A.encode() not in path.read_bytes()


def test_versions_saved_before_fingerprints_read_as_unknown(tmp_path):
    store = Store(tmp_path)
    save(store, key_fingerprint(KEY_A))
    # An old manifest: no key_fingerprint field at all.
    path = tmp_path / "1283" / "deltagare" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["versions"][0]["key_fingerprint"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert store.active("1283", "deltagare").key_fingerprint is None
    assert store.versions_table("1283", "deltagare")["nyckel"].isna().all()


def test_the_store_refuses_anything_but_a_fingerprint(tmp_path):
    store = Store(tmp_path)
    for wrong in (KEY_A, "5A52C2EFE01A", "5a52c2ef", 12345):
        with pytest.raises(ValueError, match="never the key itself"):
            save(store, wrong)
    assert store.versions("1283", "deltagare") == []


def test_a_manifest_with_something_else_as_fingerprint_is_refused(tmp_path):
    store = Store(tmp_path)
    save(store, key_fingerprint(KEY_A))
    path = tmp_path / "1283" / "deltagare" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["versions"][0]["key_fingerprint"] = KEY_A
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ManifestError, match="ofullständig"):
        store.versions("1283", "deltagare")


# ----------------------------------------------------------------------------- import under another key


@pytest.fixture(scope="module")
def demo():
    return dataset.load_dataset(HELSINGBORG)


def preview(demo, key: str) -> intake.ImportPreview:
    return intake.preview_participants(
        EXPORT.read_bytes(),
        EXPORT.name,
        district_codes=demo.districts["stadsdel_kod"],
        programme_codes=demo.programmes["insats"],
        key=key.encode(),
    )


def test_an_import_records_its_key(demo, tmp_path):
    store = Store(tmp_path)
    first = preview(demo, KEY_A)
    assert first.key_fingerprint == key_fingerprint(KEY_A)
    assert intake.key_change(store, "1283", first.key_fingerprint) is None  # nothing active yet
    version = intake.accept(first, store, "1283", actor=STEWARD)
    assert version.key_fingerprint == key_fingerprint(KEY_A)


def test_same_key_gives_no_warning_another_key_does(demo, tmp_path):
    store = Store(tmp_path)
    version = intake.accept(preview(demo, KEY_A), store, "1283", actor=STEWARD)
    assert intake.key_change(store, "1283", preview(demo, KEY_A).key_fingerprint) is None
    change = intake.key_change(store, "1283", preview(demo, KEY_B).key_fingerprint)
    assert change is not None and change.known
    assert (change.active_version, change.active_fingerprint) == (version.id, key_fingerprint(KEY_A))
    assert change.new_fingerprint == key_fingerprint(KEY_B)
    message = change.message()
    assert "har bytts" in message and "stämmer då inte med tidigare versioner" in message
    assert key_fingerprint(KEY_A) in message and key_fingerprint(KEY_B) in message
    assert KEY_A not in message and KEY_B not in message
    # Another municipality's participants are another matter.
    assert intake.key_change(store, "0360", preview(demo, KEY_B).key_fingerprint) is None


def test_the_active_version_counts_not_the_newest(demo, tmp_path):
    store = Store(tmp_path)
    old = intake.accept(preview(demo, KEY_A), store, "1283", actor=STEWARD)
    intake.accept(preview(demo, KEY_B), store, "1283", actor=STEWARD)
    store.activate("1283", "deltagare", old.id, actor=STEWARD)
    assert intake.key_change(store, "1283", key_fingerprint(KEY_A)) is None
    assert intake.key_change(store, "1283", key_fingerprint(KEY_B)) is not None


def test_an_active_version_without_a_fingerprint_cannot_be_compared(demo, tmp_path):
    store = Store(tmp_path)
    save(store, None)
    change = intake.key_change(store, "1283", key_fingerprint(KEY_A))
    assert change is not None and not change.known
    assert "innan nycklar registrerades" in change.message()


def test_statistics_versions_have_no_key(tmp_path):
    store = Store(tmp_path)
    version = save(store, None, kind="statistik")
    assert version.key_fingerprint is None
    assert re.fullmatch(r"\d{4}-\d{8}T\d{6}Z", version.id)
