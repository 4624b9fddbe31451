"""A real Streamlit server and Debian's Chromium driven by Playwright (from pip; never `playwright install`).

Outside CI the browser tests skip when /usr/bin/chromium is absent; in CI (CI=true) they fail instead,
so a missing install step cannot hide behind a skip.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(log: Path, env: dict | None = None, args: tuple[str, ...] = ()):
    """``streamlit run dashboard.py`` on a free local port; yields its URL once it answers, stops it after.
    ``args``: more options for ``streamlit run`` (e.g. ``("--secrets.files", path)`` for a secrets file of the
    test's own)."""
    port = _free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"Streamlit did not start; see {log}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def server_url():
    with streamlit_server((ROOT / ".pytest_cache").joinpath("streamlit-browser.log")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing in CI: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def offline_context(browser, server_url: str):
    """A browser context at 1600×1000 in Swedish that refuses, and records in the returned list, every
    request off this machine: the dashboard must work offline."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(server_url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return context, outside


@pytest.fixture
def page(browser, server_url):
    context, outside = offline_context(browser, server_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.outside_requests = outside
    page.js_errors = errors
    yield page
    context.close()
