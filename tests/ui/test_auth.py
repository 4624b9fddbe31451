"""ui.auth through AppTest and directly: nothing but the sign-in screen before sign-in, the password fallback
with good and bad passwords and its growing delay (from the audit log), unknown user names never logged as
typed, OpenID Connect identities and their roles, a broken configuration that stops everything, and the open
demo that runs only on loopback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.keeping import audit
from analysis.keeping.audit import ROLE_READER, ROLE_STEWARD, AuditLog
from texts import sv
from ui import auth

ROOT = Path(__file__).resolve().parents[2]
DATA_PAGE = str(ROOT / "pages" / "data.py")
PASSWORD = "en lång och ovanlig fras 2025"
OTHER_PASSWORD = "tre små grodor hoppade 1987"


@pytest.fixture(scope="module")
def hashes() -> dict[str, str]:
    # Made once: argon2id takes a quarter of a second a hash.
    return {"anna": audit.hash_password(PASSWORD), "lars": audit.hash_password(OTHER_PASSWORD)}


@pytest.fixture
def users(hashes) -> dict:
    return {
        "anvandare": {
            "anna": {"losenord_hash": hashes["anna"], "roll": ROLE_STEWARD},
            "lars": {"losenord_hash": hashes["lars"]},
        }
    }


@pytest.fixture(autouse=True)
def _store(tmp_path, monkeypatch):
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(tmp_path / "lager"))
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", "testnyckel-som-bara-finns-i-testerna")
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def log(tmp_path) -> AuditLog:
    return AuditLog(tmp_path / "lager")


@pytest.fixture
def slept(monkeypatch) -> list[float]:
    """The delays the sign-in would sleep, recorded instead of slept (the real sleep is tested once below)."""
    delays: list[float] = []
    monkeypatch.setattr(auth, "SLEEP", delays.append)
    return delays


def app(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    return at.run()


def shown_text(at: AppTest) -> str:
    """Everything the run drew, as text (the protos of every element)."""
    return str(at._tree)


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="auth_namn").input(name)
    at.text_input(key="auth_losenord").input(password)
    return at.button[0].click().run()


def only_the_sign_in_screen(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [sv.AUTH_TITLE]
    text = shown_text(at)
    # No page, no sidebar, no figure: nothing of the demo data is sent.
    for word in ("Helsingborg", "Drottninghög", "Översikt:", "Demodata", "Kommun"):
        assert word not in text, word
    assert not at.metric and not at.dataframe and not at.selectbox
    assert [type(e).__name__ for e in at.sidebar if "Block" not in type(e).__name__] == []  # an empty sidebar


# ----------------------------------------------------------------------------- the password fallback


def test_before_sign_in_only_the_form_is_shown(users):
    at = app(users)
    only_the_sign_in_screen(at)
    assert [t.label for t in at.text_input] == [sv.AUTH_USER, sv.AUTH_PASSWORD]


def test_a_good_password_signs_in_with_the_configured_role(users, log, slept):
    at = sign_in(app(users), "anna", PASSWORD)
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Översikt")
    assert sv.auth_signed_in("anna", "dataansvarig") in [c.value for c in at.sidebar.caption]
    [entry] = log.entries().to_dict("records")
    assert (entry["who"], entry["role"], entry["method"], entry["action"], entry["outcome"]) == (
        "anna",
        ROLE_STEWARD,
        audit.METHOD_PASSWORD,
        audit.SIGN_IN,
        audit.OK,
    )
    # Recorded once per sign-in, not on every rerun (the Data page asks the gate again on each of its runs).
    at.switch_page(DATA_PAGE).run()
    at.run()
    assert not at.exception, at.exception
    assert len(log.entries()) == 1
    assert slept == []  # no failure before: no delay


def test_the_user_name_is_matched_without_case_or_spaces(users, log, slept):
    at = sign_in(app(users), "  Lars ", OTHER_PASSWORD)
    assert sv.auth_signed_in("lars", "läsare") in [c.value for c in at.sidebar.caption]
    assert list(log.entries()["role"]) == [ROLE_READER]


def test_a_bad_password_is_refused_and_recorded(users, log, slept):
    at = sign_in(app(users), "anna", PASSWORD + "x")
    only_the_sign_in_screen(at)
    assert sv.AUTH_FAILED in [e.value for e in at.error]
    [entry] = log.entries().to_dict("records")
    assert (entry["who"], entry["action"], entry["outcome"]) == ("anna", audit.SIGN_IN, audit.REFUSED)
    # The password is in no record (the form clears its fields in the browser).
    assert PASSWORD not in log.path.read_text(encoding="utf-8")
    assert auth.KEY_SIGNED_IN not in at.session_state


def test_another_users_password_does_not_sign_in(users, slept):
    at = sign_in(app(users), "anna", OTHER_PASSWORD)
    only_the_sign_in_screen(at)


def test_the_delay_grows_with_each_failure_and_slows_a_good_password_too(users, log, slept):
    at = app(users)
    for _ in range(4):
        at = sign_in(at, "anna", "fel lösenord")
        only_the_sign_in_screen(at)
    assert slept == [1, 2, 4]  # none before the first attempt, then 2^(n-1) seconds
    assert sv.auth_delay("8") in [c.value for c in at.caption]
    # Another user's failures are not this user's: lars starts without a delay.
    assert auth.next_delay(auth.read_config(users), "lars") == 0
    at = sign_in(at, "anna", PASSWORD)
    assert slept == [1, 2, 4, 8]  # the good password waited too
    assert at.title[0].value.startswith("Översikt")
    # After a success the count starts again.
    assert auth.next_delay(auth.read_config(users), "anna") == 0
    assert list(log.entries()["outcome"]) == [audit.REFUSED] * 4 + [audit.OK]


def test_the_delay_is_capped_at_30_seconds(users, log, slept):
    cfg = auth.read_config(users)
    for _ in range(8):
        assert auth.attempt(cfg, "anna", "fel") is None
    assert slept == [1, 2, 4, 8, 16, 30, 30]


def test_the_real_sleep_slows_an_attempt_after_a_failure(users, log):
    cfg = auth.read_config(users)
    started = time.monotonic()
    assert auth.attempt(cfg, "lars", "fel") is None  # no delay yet: only argon2
    first = time.monotonic() - started
    started = time.monotonic()
    assert auth.attempt(cfg, "lars", OTHER_PASSWORD) is not None
    second = time.monotonic() - started
    assert 1.0 <= second < first + 1.0 + 3.0, (first, second)


def test_an_unknown_user_name_is_never_logged_as_typed(users, log, slept):
    typed = ["19121212-1212", "hemligt-lösen-i-fel-fält", "anna2"]
    at = app(users)
    for name in typed:
        at = sign_in(at, name, "vad som helst")
        only_the_sign_in_screen(at)
        assert sv.AUTH_FAILED in [e.value for e in at.error]  # the same answer as a wrong password
    text = log.path.read_text(encoding="utf-8")
    for name in typed:
        assert name not in text
    assert "19121212" not in text
    assert list(log.entries()["who"]) == [audit.UNKNOWN_USER] * 3
    # All unknown names share one count: the third waited 2 s.
    assert slept == [1, 2]
    assert audit.recent_failures(log, audit.UNKNOWN_USER) == 3
    assert audit.recent_failures(log, "anna") == 0


def test_an_unknown_user_takes_as_long_as_a_wrong_password(users, log, slept):
    cfg = auth.read_config(users)

    def timed(name: str) -> float:
        started = time.perf_counter()
        auth.attempt(cfg, name, "fel lösenord")
        return time.perf_counter() - started

    # Interleaved, and the fastest of each: the machine's other load only ever adds time.
    times: dict[str, list[float]] = {"anna": [], "ingen-sadan": []}
    for _ in range(5):
        for name in times:
            times[name].append(timed(name))
    known, unknown = min(times["anna"]), min(times["ingen-sadan"])
    # Both verify one argon2id hash of the same cost; a lookup alone would be a thousand times faster.
    assert 0.5 < unknown / known < 2.0, times


def test_sign_out_is_recorded_and_ends_the_session(users, log, slept):
    at = sign_in(app(users), "anna", PASSWORD)
    at.button(key="auth_logga_ut").click().run()
    # AppTest reruns a page without dashboard.py: the Data page asks the gate itself.
    at.switch_page(DATA_PAGE).run()
    only_the_sign_in_screen(at)
    assert list(log.entries()["action"]) == [audit.SIGN_IN, audit.SIGN_OUT]


def test_a_user_removed_from_the_secrets_is_signed_out(users, slept):
    at = sign_in(app(users), "lars", OTHER_PASSWORD)
    del at.secrets["anvandare"]["lars"]
    at.switch_page(DATA_PAGE).run()
    only_the_sign_in_screen(at)


def test_the_session_cannot_be_signed_in_from_the_browser(users):
    """No widget has the session key of a password sign-in, so a browser cannot set it; only the form can."""
    at = app(users)
    keys = {w.key for w in at.get("text_input")} | {b.key for b in at.get("button")}
    assert auth.KEY_SIGNED_IN not in keys and auth.KEY_RECORDED not in keys


# ----------------------------------------------------------------------------- OpenID Connect

OIDC = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "en-lang-slumpad-hemlighet-for-testerna",
        "client_id": "stadsdel",
        "client_secret": "hemlig",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "behorighet": {
        "roll_claim": "groups",
        "dataansvarig_varden": ["stadsdel-dataansvarig"],
        "dataansvariga": ["Cecilia@Bolag.se"],
    },
}


def test_oidc_before_sign_in_shows_only_the_button():
    at = app(OIDC, {"is_logged_in": False})
    only_the_sign_in_screen(at)
    assert [b.label for b in at.button] == [sv.AUTH_OIDC_BUTTON]
    assert not at.text_input  # no password form when the identity provider signs in


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"email": "lars@bolag.se"}, "läsare"),
        ({"email": "lars@bolag.se", "groups": ["personal", "stadsdel-dataansvarig"]}, "dataansvarig"),
        ({"email": "lars@bolag.se", "groups": "stadsdel-dataansvarig"}, "dataansvarig"),
        ({"email": "cecilia@bolag.se"}, "dataansvarig"),
        ({"email": "lars@bolag.se", "roles": ["stadsdel-dataansvarig"]}, "läsare"),  # not the configured claim
    ],
)
def test_oidc_roles_come_from_the_claim_or_the_list(claims, role, log):
    at = app(OIDC, {"is_logged_in": True, **claims})
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Översikt")
    assert sv.auth_signed_in(claims["email"].replace(".", "\\."), role) in [c.value for c in at.sidebar.caption]
    [entry] = log.entries().to_dict("records")
    assert (entry["who"], entry["method"], entry["outcome"]) == (claims["email"], audit.METHOD_OIDC, audit.OK)


def test_oidc_sign_in_is_recorded_once_per_session(log):
    at = app(OIDC, {"is_logged_in": True, "email": "lars@bolag.se"})
    at.run()
    at.switch_page(DATA_PAGE).run()
    assert len(log.entries()) == 1


def test_a_name_from_the_identity_provider_is_not_markdown():
    at = app(OIDC, {"is_logged_in": True, "email": "[klicka](http://evil.example)"})
    [caption] = [c.value for c in at.sidebar.caption if "Inloggad" in c.value]
    assert "](" not in caption and "\\[klicka\\]" in caption


# ----------------------------------------------------------------------------- broken or no configuration


@pytest.mark.parametrize(
    "secrets",
    [
        {"anvandare": {"anna": {"roll": "dataansvarig"}}},  # no hash
        {"anvandare": {"anna": {"losenord_hash": "klartext"}}},  # not a hash at all
        {"anvandare": {"anna": {"losenord_hash": audit.DUMMY_HASH, "roll": "admin"}}},  # unknown role
        {"anvandare": "anna"},
        {"behorighet": {"roll_claim": ""}},
    ],
)
def test_a_broken_configuration_shows_nothing(secrets):
    at = app(secrets)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [sv.AUTH_TITLE]
    assert any("felaktigt inställd" in e.value for e in at.error)
    assert "Helsingborg" not in shown_text(at)
    assert "klartext" not in shown_text(at)


def test_unconfigured_runs_open_on_loopback_and_says_so():
    at = app()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Översikt")
    assert not [c for c in at.sidebar.caption if "Inloggad" in c.value]
    at.switch_page(DATA_PAGE).run()
    assert sv.AUTH_OPEN_NOTICE in [i.value for i in at.info]


def test_unconfigured_off_loopback_shows_nothing(monkeypatch):
    monkeypatch.setattr(auth, "listens_only_on_loopback", lambda: False)
    at = app()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [sv.AUTH_OPEN_NOT_LOOPBACK]
    assert "Helsingborg" not in shown_text(at)


@pytest.mark.parametrize(
    ("address", "headers", "alone"),
    [
        ("127.0.0.1", {}, True),
        ("localhost", {}, True),
        ("::1", {}, True),
        ("127.0.0.2", {}, True),
        ("", {}, False),  # Streamlit's default: every interface
        (None, {}, False),
        ("0.0.0.0", {}, False),
        ("192.168.1.10", {}, False),
        ("stadsdel.example.se", {}, False),
        ("127.0.0.1", {"X-Forwarded-For": "10.0.0.7"}, False),  # a proxy in front
    ],
)
def test_loopback_is_the_server_address_and_no_proxy(monkeypatch, address, headers, alone):
    options = {"global.appTest": False, "server.address": address}
    monkeypatch.setattr(auth.streamlit_config, "get_option", options.__getitem__)

    class Context:
        pass

    fake = Context()
    fake.headers = headers
    monkeypatch.setattr(auth.st, "context", fake)
    assert auth.listens_only_on_loopback() is alone


def test_require_refuses_and_records_outside_a_sign_in(log, users, monkeypatch):
    """Outside any run no one is signed in: a steward action is refused and the refusal recorded."""
    monkeypatch.setattr(auth, "read_config", lambda secrets=None: auth.AuthConfig(users={"x": None}))
    with pytest.raises(audit.Refused):
        auth.require(audit.IMPORT, "1283 deltagare")
    [entry] = log.entries().to_dict("records")
    assert (entry["who"], entry["action"], entry["outcome"]) == (audit.NOBODY, audit.IMPORT, audit.REFUSED)
