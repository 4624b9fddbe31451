"""Issue 12 in real headless Chromium, offline: the Handlingsplan page draws its timeline (one bar per measure),
a measure's indicator chart and the activities; the Segregation page's housing section and the Insatser page's
value scenario are drawn; Karta draws the placements measure on every district. ``SCREENSHOTS=DIR`` saves each
at 1280×720 and 1600 px wide."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.files_in.dataset import DEFAULT_ROOT, load_dataset
from tests.browser.test_browser import wait_for_app
from texts import sv

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SCREENSHOTS")
PLAN = load_dataset(DEFAULT_ROOT / "helsingborg").plan


def _shoot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1600, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(800)
        page.screenshot(path=f"{SHOTS}/{name}_{width}.png")


def _scroll_to(page, text: str) -> None:
    heading = page.get_by_role("heading", name=text).first
    heading.scroll_into_view_if_needed(timeout=30_000)
    page.wait_for_timeout(800)


def test_handlingsplan_draws_the_timeline_and_a_measure(page, server_url):
    page.goto(f"{server_url}/handlingsplan")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    plots = page.locator(".js-plotly-plot")
    plots.first.wait_for(timeout=30_000)
    # The timeline: one bar per measure (plotly draws each bar as a path in the bar layer).
    bars = page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('.barlayer .point').length"
    )
    assert bars >= len(PLAN)
    assert page.get_by_text(sv.PLAN_NOT_PROOF).count() == 1
    assert plots.count() >= 3, "timeline, progress and at least one indicator"
    assert not page.outside_requests, page.outside_requests
    _shoot(page, "handlingsplan")
    _scroll_to(page, sv.ACTIVITIES_TITLE)
    assert page.get_by_text(sv.ACTIVITIES_NOTE).count() == 1
    _shoot(page, "handlingsplan_aktiviteter")


def test_segregation_housing_section_and_insatser_scenario(page, server_url):
    page.goto(f"{server_url}/segregation")
    wait_for_app(page)
    _scroll_to(page, sv.PLACEMENTS_TITLE)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("D = ").count() >= 1
    _shoot(page, "segregation_nyanlanda")
    page.goto(f"{server_url}/insatser?ar=2024")
    wait_for_app(page)
    _scroll_to(page, sv.VALUE_TITLE)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text(sv.VALUE_NOT_EFFECT).count() == 1
    assert page.locator(".js-plotly-plot .gtitle", has_text="Scenario").count() >= 1
    assert not page.outside_requests, page.outside_requests
    _shoot(page, "insatser_scenario")


def test_karta_draws_the_placements_on_every_district(page, server_url):
    page.goto(f"{server_url}/karta?matt=placerade_per_1000&ar=2024")
    wait_for_app(page)
    shapes = page.locator("path.choroplethlocation")
    shapes.first.wait_for(timeout=30_000)
    assert shapes.count() == 31
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests
    _shoot(page, "karta_placeringar")
