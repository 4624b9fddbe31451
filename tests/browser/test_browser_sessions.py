"""Sessions apart in real Chromium (issue 13): two browser contexts, two users, on one Streamlit server at the
same time. One user's year and districts never show in the other's page; an import made from the command
line while both are open is announced on each page's next run, which keeps its figures until the user clicks
the reload button."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analysis.files_in.dataset import load_dataset
from analysis.keeping.store import Store
from tests.browser.conftest import ROOT, offline_context, streamlit_server
from tests.browser.test_browser import page_url, wait_for_app
from texts import sv

pytestmark = pytest.mark.browser

KEY = "testnyckel-som-bara-finns-i-testerna"
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """A server of this module's own, on a store of its own (the import below must not reach other tests)."""
    store = tmp_path_factory.mktemp("lager")
    env = {**os.environ, "STADSDEL_STORE_DIR": str(store), "STADSDEL_PSEUDONYM_KEY": KEY}
    with streamlit_server(ROOT / ".pytest_cache" / "streamlit-sessions.log", env=env) as url:
        yield url, store


@pytest.fixture
def two_users(browser, shared_server):
    url, _ = shared_server
    pages = []
    contexts = []
    for _ in range(2):
        context, outside = offline_context(browser, url)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.outside_requests, page.js_errors = outside, errors
        contexts.append(context)
        pages.append(page)
    yield pages
    for context in contexts:
        context.close()


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the combobox ``label`` (a selectbox or a multiselect) and wait for the rerun."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()  # a click that scrolls the page can close the list it opens: open it again
        try:
            choice.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def participant_rows(page) -> int:
    metric = page.locator("[data-testid='stMetric']", has_text=sv.DATA_PARTICIPANT_ROWS).first
    text = metric.locator("[data-testid='stMetricValue']").inner_text()
    return int(text.replace("\u00a0", "").replace(" ", ""))


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests


def test_one_users_year_and_districts_never_show_in_the_others(two_users, shared_server):
    url, _ = shared_server
    anna, bo = two_users
    for page in (anna, bo):
        page.goto(page_url(url, "jamfor"))
        wait_for_app(page)
    title = bo.locator("h1").first.inner_text()
    bo_districts = bo.locator("[data-testid='stMultiSelect']").inner_text()

    names = dict(load_dataset(HELSINGBORG).districts[["stadsdel_kod", "stadsdel_namn"]].itertuples(index=False))
    added = next(name for name in names.values() if name not in bo_districts)
    years = sorted(load_dataset(HELSINGBORG).years)
    choose(anna, sv.SIDEBAR_YEAR, str(years[0]))
    choose(anna, sv.COMPARE_DISTRICTS, added)
    assert str(years[0]) in anna.locator("h1").first.inner_text()
    assert added in anna.locator("[data-testid='stMultiSelect']").inner_text()
    assert f"ar={years[0]}" in anna.url

    # Bo's page runs again (another year of his own) while Anna's choices stand: none of them reaches him.
    choose(bo, sv.SIDEBAR_YEAR, str(years[-2]))
    assert bo.locator("h1").first.inner_text() == title.replace(str(years[-1]), str(years[-2]))
    assert added not in bo.locator("[data-testid='stMultiSelect']").inner_text()
    assert f"ar={years[0]}" not in bo.url
    # And Anna's choices are still hers after his run.
    anna.reload()
    wait_for_app(anna)
    assert added in anna.locator("[data-testid='stMultiSelect']").inner_text()
    for page in (anna, bo):
        no_exception(page)


def test_an_import_while_both_are_open_is_announced_and_loaded_on_request(two_users, shared_server):
    url, store = shared_server
    anna, bo = two_users
    for page in (anna, bo):
        page.goto(page_url(url, "data"))
        wait_for_app(page)
    before = participant_rows(bo)
    assert participant_rows(anna) == before
    assert bo.get_by_text(sv.DATA_CHANGED_NOTICE).count() == 0

    # The data steward imports from a terminal while both pages are open.
    env = {**os.environ, "STADSDEL_STORE_DIR": str(store), "STADSDEL_PSEUDONYM_KEY": KEY, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "import", str(EXPORT), "--data", str(HELSINGBORG)],
        cwd=store,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    after = Store(store).active("1283", "deltagare").rows
    assert after != before

    # Bo's next run (he picks another year) says the data changed and still shows what he started with.
    years = sorted(load_dataset(HELSINGBORG).years)
    choose(bo, sv.SIDEBAR_YEAR, str(years[-2]))
    bo.get_by_text(sv.DATA_CHANGED_NOTICE).wait_for(timeout=30_000)
    assert participant_rows(bo) == before
    bo.get_by_role("button", name=sv.DATA_CHANGED_RELOAD).click()
    wait_for_app(bo)
    assert participant_rows(bo) == after
    assert bo.get_by_text(sv.DATA_CHANGED_NOTICE).count() == 0

    # Anna has not asked: her next run tells her too, and keeps her figures.
    choose(anna, sv.SIDEBAR_YEAR, str(years[-2]))
    anna.get_by_text(sv.DATA_CHANGED_NOTICE).wait_for(timeout=30_000)
    assert participant_rows(anna) == before
    for page in (anna, bo):
        no_exception(page)
