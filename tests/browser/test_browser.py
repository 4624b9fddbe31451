"""Every page in real headless Chromium: no exception, no request off the machine, the map drawn."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = ["oversikt", "karta", "jamfor", "segregation", "insatser", "handlingsplan", "data"]
SHOTS = os.environ.get("SCREENSHOTS")


def wait_for_app(page):
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_selector("h1", timeout=60_000)
    # Streamlit shows a status widget while the script runs; wait until the run is over.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1500)
    # A modal (e.g. Streamlit's "Page not found") makes the page inert: every later click would time out.
    dialogs = page.locator("[role='dialog']")
    assert dialogs.count() == 0, dialogs.first.inner_text()


def page_url(server_url: str, name: str, query: str = "") -> str:
    """The default page (Översikt) lives at the root: Streamlit answers its url_path with "Page not found"."""
    path = "" if name == "oversikt" else name
    return f"{server_url}/{path}" + (f"?{query}" if query else "")


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_exception_offline(page, server_url, name):
    page.goto(page_url(server_url, name))
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Demodata").count() >= 1
    # A deep link goes through dashboard.py's navigation, not Streamlit's legacy pages/ discovery.
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Översikt" in nav
    assert "dashboard" not in nav
    assert not page.outside_requests, page.outside_requests
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize(("kommun", "districts"), [("1283", 31), ("0360", 9)])
def test_map_draws_one_shape_per_district(page, server_url, kommun, districts):
    page.goto(f"{server_url}/karta?kommun={kommun}")
    wait_for_app(page)
    shapes = page.locator("path.choroplethlocation")
    shapes.first.wait_for(timeout=30_000)
    assert shapes.count() == districts
    assert not page.outside_requests, page.outside_requests
    # A wrongly wound polygon floods the whole map in d3-geo; every district must be a part of the map.
    largest_share = page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll('path.choroplethlocation')].map(p => p.getBBox());
            const x0 = Math.min(...boxes.map(b => b.x)), x1 = Math.max(...boxes.map(b => b.x + b.width));
            const y0 = Math.min(...boxes.map(b => b.y)), y1 = Math.max(...boxes.map(b => b.y + b.height));
            return Math.max(...boxes.map(b => b.width * b.height)) / ((x1 - x0) * (y1 - y0));
        }"""
    )
    assert largest_share < 0.6


def test_clicking_a_district_opens_its_profile(page, server_url):
    page.goto(f"{server_url}/karta?kommun=0360")
    wait_for_app(page)
    shape = page.locator("path.choroplethlocation").nth(4)
    shape.click(force=True)
    page.wait_for_selector("text=Profil:", timeout=30_000)
    heading = page.locator("h3", has_text="Profil:").inner_text()
    assert heading.startswith("Profil:")
    assert page.locator("[data-testid='stException']").count() == 0


def test_link_restores_municipality_year_and_districts(page, server_url):
    page.goto(f"{server_url}/jamfor?kommun=0360&ar=2021&stadsdel=0360R005,0360R007")
    wait_for_app(page)
    assert "Tierp 2021" in page.locator("h1").first.inner_text()
    chosen = page.locator("[data-testid='stMultiSelect']").inner_text()
    assert "Söderfors" in chosen
    assert "Tierp Södra" in chosen
