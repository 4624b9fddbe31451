"""Issue 13 in real Chromium against a real OpenID Connect provider (``oidc-provider-mock``, on loopback,
started by the test): before sign-in the server sends nothing but the sign-in screen, on any address, and no
websocket frame carries a district's or a programme's name; signed in through the provider as a reader the
pages show and the Data page has no import tabs; as a data steward (by the provider's group claim) it has
them, and the audit log lists both sign-ins."""

from __future__ import annotations

import csv
import os
import secrets
import socket
from pathlib import Path

import pytest

from analysis.keeping import audit
from tests.browser.conftest import streamlit_server
from tests.browser.test_browser import page_url, wait_for_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo" / "helsingborg"
READER = "lars"
STEWARD = "anna"


def _names(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [row[column] for row in csv.DictReader(fh)]


#: Data a frame before sign-in must not carry: the municipality, every district and programme name.
SECRET_WORDS = [
    "Helsingborg",
    *_names(DEMO / "stadsdelar.csv", "stadsdel_namn"),
    *_names(DEMO / "insatser.csv", "namn"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    """The identity provider: two predefined users, one of them in the steward group."""
    from oidc_provider_mock import User, run_server_in_thread

    users = [
        User(sub=READER, claims={"email": "lars@bolag.se"}),
        User(sub=STEWARD, claims={"email": "anna@bolag.se", "groups": ["personal", "stadsdel-dataansvarig"]}),
    ]
    with run_server_in_thread(port=_free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def signin_server(provider, tmp_path_factory, browser):
    root = tmp_path_factory.mktemp("inloggning")
    secrets_file = root / "secrets.toml"
    secrets_file.write_text(
        "\n".join(
            [
                "[auth]",
                'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"',
                f'cookie_secret = "{secrets.token_urlsafe(32)}"',
                'client_id = "stadsdelsdashboard"',
                'client_secret = "hemligt-for-testet"',
                f'server_metadata_url = "{provider}/.well-known/openid-configuration"',
                "",
                "[behorighet]",
                'roll_claim = "groups"',
                'dataansvarig_varden = ["stadsdel-dataansvarig"]',
                "",
            ]
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "STADSDEL_STORE_DIR": str(root / "lager"),
        "STADSDEL_PSEUDONYM_KEY": secrets.token_urlsafe(32),
    }
    log = root / "streamlit.log"
    with streamlit_server(log, env, ("--secrets.files", str(secrets_file))) as url:
        yield url, root / "lager", log


def loopback_context(browser, server_url: str, provider: str):
    """A context like ``offline_context``, but the identity provider (also on loopback) may be reached. Every
    request off the machine is refused; the dashboard's own are recorded (the provider's page asks for a
    stylesheet on a CDN, which is the mock's business, not the dashboard's)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    outside: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(("data:", server_url, provider)):
            route.continue_()
            return
        try:
            from_provider = route.request.frame.url.startswith(provider)
        except Exception:
            from_provider = False
        if not from_provider:
            outside.append(url)
        route.abort()

    context.route("**/*", only_local)
    return context, outside


@pytest.fixture
def recorded(browser, signin_server, provider):
    url, _, _ = signin_server
    context, outside = loopback_context(browser, url, provider)
    page = context.new_page()
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda p: frames.append(p if isinstance(p, bytes) else p.encode("utf-8"))),
    )
    page.frames_received = frames
    page.outside_requests = outside
    yield page
    context.close()


def sign_in(page, server_url: str, who: str) -> None:
    page.goto(server_url)
    wait_for_app(page)
    page.get_by_role("button", name="Logga in med företagets konto").click()
    # The provider's own page: pick the predefined user.
    page.locator(f"button[name='sub'][value='{who}']").click()
    page.wait_for_url(f"{server_url}/**", timeout=60_000)
    page.wait_for_selector("h1:has-text('Översikt')", timeout=60_000)
    wait_for_app(page)


def test_nothing_is_sent_before_sign_in(recorded, signin_server):
    url, _, _ = signin_server
    for name in ("oversikt", "data", "karta"):
        recorded.goto(page_url(url, name, "kommun=1283"))
        wait_for_app(recorded)
        assert recorded.locator("h1").first.inner_text() == "Logga in"
        assert recorded.get_by_role("button", name="Logga in med företagets konto").count() == 1
        assert recorded.locator("[data-testid='stSidebarNav']").count() == 0
        assert recorded.locator("[data-testid='stMetric'], [data-testid='stDataFrame']").count() == 0
        body = recorded.locator("body").inner_text()
        assert not [w for w in SECRET_WORDS if w in body]
    assert recorded.frames_received, "no websocket frame recorded: the scan below would prove nothing"
    everything = b"".join(recorded.frames_received)
    assert "Logga in med företagets konto".encode() in everything  # positive control: frames are readable
    leaked = [w for w in SECRET_WORDS if w.encode("utf-8") in everything]
    assert leaked == []
    assert not recorded.outside_requests, recorded.outside_requests


def test_a_reader_sees_the_pages_but_no_import_tabs(recorded, signin_server):
    url, store_root, _ = signin_server
    sign_in(recorded, url, READER)
    assert "Helsingborg" in recorded.locator("h1").first.inner_text()
    sidebar = recorded.locator("[data-testid='stSidebar']").inner_text()
    assert "Inloggad som lars@bolag.se (läsare)" in sidebar
    recorded.goto(page_url(url, "data"))
    wait_for_app(recorded)
    assert recorded.locator("h1").first.inner_text() == "Data: Helsingborg"
    assert recorded.locator("[data-testid='stTab']").count() == 0
    assert recorded.locator("[data-testid='stFileUploader']").count() == 0
    assert recorded.get_by_text("Du är inloggad som läsare").count() == 1
    assert recorded.locator("[data-testid='stException']").count() == 0
    entries = audit.AuditLog(store_root).entries()
    signed = entries[(entries["action"] == audit.SIGN_IN) & (entries["who"] == "lars@bolag.se")]
    assert list(signed["method"].unique()) == [audit.METHOD_OIDC]
    assert list(signed["outcome"].unique()) == [audit.OK]


def test_a_steward_by_claim_gets_the_import_tabs(recorded, signin_server):
    url, store_root, _ = signin_server
    sign_in(recorded, url, STEWARD)
    recorded.goto(page_url(url, "data"))
    wait_for_app(recorded)
    tabs = recorded.locator("[data-testid='stTab']").all_inner_texts()
    assert tabs == [
        "Inläst data",
        "Importera deltagare",
        "Handlingsplan, placeringar, aktiviteter",
        "SCB-statistik",
        "Versioner",
        "Granskningslogg",
    ]
    assert "Inloggad som anna@bolag.se (dataansvarig)" in recorded.locator("[data-testid='stSidebar']").inner_text()
    assert recorded.locator("[data-testid='stException']").count() == 0
    assert audit.AuditLog(store_root).verify() == []
    assert not recorded.outside_requests, recorded.outside_requests
