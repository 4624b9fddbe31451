"""Issue 12 in real headless Chromium, offline: the Handlingsplan page draws its timeline (one bar per measure),
a measure's indicator chart and the activities; the Segregation page's housing section and the Insatser page's
value scenario are drawn; Karta draws the placements measure on every district; for both demo municipalities.
The screens' charts are laid out in Chromium at the sizes of the board report, the slides and the projector:
no label runs into another or under a mark, none is cut at the figure's edge. ``SCREENSHOTS=DIR`` saves each
page at 1280×720 and 1600 px wide."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import plotly.io
import plotly.offline
import pytest

from analysis.files_in.dataset import DEFAULT_ROOT, load_dataset
from analysis.settings import Settings
from reports import screens
from tests.browser.test_browser import wait_for_app
from texts import sv

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SCREENSHOTS")
#: (municipality code, demo folder) of both demo municipalities.
MUNICIPALITIES = [("1283", "helsingborg"), ("0360", "tierp")]
DATA = {name: load_dataset(DEFAULT_ROOT / name) for _, name in MUNICIPALITIES}
TODAY = dt.date(2026, 12, 2)


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


@pytest.mark.parametrize(("kommun", "name"), MUNICIPALITIES)
def test_handlingsplan_draws_the_timeline_and_a_measure(page, server_url, kommun, name):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server_url}/handlingsplan?kommun={kommun}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    plots = page.locator(".js-plotly-plot")
    plots.first.wait_for(timeout=30_000)
    # The timeline: one bar per measure (plotly draws each bar as a path in the bar layer).
    bars = page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('.barlayer .point').length"
    )
    assert bars >= len(DATA[name].plan)
    # At 1280 px the years read horizontally (not turned on end) and the metrics' labels are not cut.
    years = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('.xtick text')]
                 .map(t => t.getAttribute('transform') || '')"""
    )
    assert years and not any("rotate" in t for t in years), years
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
                 .flatMap(l => [...l.querySelectorAll('p, div')])
                 .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not cut, cut
    assert page.get_by_text(sv.PLAN_NOT_PROOF).count() == 1
    assert plots.count() >= 3, "timeline, progress and at least one indicator"
    assert not page.outside_requests, page.outside_requests
    _shoot(page, f"handlingsplan_{name}")
    _scroll_to(page, sv.ACTIVITIES_TITLE)
    assert page.get_by_text(sv.ACTIVITIES_NOTE).count() == 1
    _shoot(page, f"handlingsplan_aktiviteter_{name}")


@pytest.mark.parametrize(("kommun", "name"), MUNICIPALITIES)
def test_segregation_housing_section_and_insatser_scenario(page, server_url, kommun, name):
    page.goto(f"{server_url}/segregation?kommun={kommun}")
    wait_for_app(page)
    _scroll_to(page, sv.PLACEMENTS_TITLE)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("D = ").count() >= 1
    assert page.get_by_text(sv.PLACEMENTS_D, exact=True).count() >= 1
    _shoot(page, f"segregation_nyanlanda_{name}")
    page.goto(f"{server_url}/insatser?kommun={kommun}&ar=2024")
    wait_for_app(page)
    _scroll_to(page, sv.VALUE_TITLE)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text(sv.VALUE_NOT_EFFECT).count() == 1
    assert page.locator(".js-plotly-plot .gtitle", has_text="Scenario").count() >= 1
    assert not page.outside_requests, page.outside_requests
    _shoot(page, f"insatser_scenario_{name}")


# --- the screens' charts at the sizes they are drawn at ---------------------------------------------------

#: CSS widths: the board report's charts (reports.board.CHART_WIDTH), the slides' (reports.slides.CHART_WIDTH) and
#: a projector at 1280 px; and the page's column at 1280 px, for the screens whose chart the pages draw too.
WIDTHS = (900, 1000, 1216)
PAGE_WIDTH, ON_THE_PAGES = 820, ("nyanlanda", "varde")
LAYOUT = """async (spec) => {
    const div = document.getElementById('figure');
    await Plotly.newPlot(div, spec.data, spec.layout, {staticPlot: true});
    const svg = div.querySelector('svg.main-svg').getBoundingClientRect();
    const box = r => ({x0: r.left - svg.left, y0: r.top - svg.top, x1: r.right - svg.left, y1: r.bottom - svg.top});
    const texts = [...div.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
        .map(t => ({text: t.textContent, ...box(t.getBoundingClientRect())}));
    const marks = [...div.querySelectorAll('.scatterlayer .points path.point')]
        .map(p => box(p.getBoundingClientRect())).filter(b => b.x1 > b.x0);
    const angles = [...div.querySelectorAll('.xtick text')].map(t => t.getAttribute('transform') || '');
    return {width: svg.width, height: svg.height, texts, marks, angles};
}"""


@pytest.fixture
def lay_out(page):
    """Lay a figure out in Chromium at ``width`` (its own height) and return its texts' and marks' boxes."""
    page.set_content(f"<html><body><div id='figure'></div><script>{plotly.offline.get_plotlyjs()}</script></body>")

    def run(figure, width: int) -> dict:
        spec = json.loads(plotly.io.to_json(figure.update_layout(width=width), validate=False))
        return page.evaluate(LAYOUT, spec)

    return run


def _overlap(a, b, slack: float = 1.0) -> bool:
    return (
        a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["y0"] + slack < b["y1"]
        and b["y0"] + slack < a["y1"]
    )


def _collisions(laid: dict) -> list[str]:
    texts, found = laid["texts"], []
    for i, a in enumerate(texts):
        found += [f"{a['text']!r} × {b['text']!r}" for b in texts[i + 1 :] if _overlap(a, b)]
        found += [f"{a['text']!r} under a mark" for m in laid["marks"] if _overlap(a, m, slack=2.0)]
        if a["x0"] < -0.5 or a["x1"] > laid["width"] + 0.5:
            found.append(f"{a['text']!r} cut at the edge ({a['x0']:.0f}–{a['x1']:.0f} of {laid['width']:.0f})")
    return found


@pytest.mark.parametrize("name", [n for _, n in MUNICIPALITIES])
@pytest.mark.parametrize("key", ["indikatorer", "nyanlanda", "handlingsplan", "varde"])
def test_the_screens_charts_leave_every_label_readable(lay_out, name, key):
    """The difference-in-differences' values ran into each other in the report and a mark sat on a label; the
    placements' largest share was cut at the edge; the timeline's names were cut with an ellipsis."""
    for printed in (True, False):
        screen = screens.build_screen(key, DATA[name], 2025, Settings(), TODAY, printed=printed)
        assert screen.figure is not None, screen.title
        for width in (*WIDTHS, PAGE_WIDTH) if key in ON_THE_PAGES else WIDTHS:
            laid = lay_out(screen.figure, width)
            assert laid["texts"], "the figure was drawn"
            assert not _collisions(laid), (key, name, width, printed, _collisions(laid))
            assert not any("rotate" in a for a in laid["angles"]), (key, width, "years turned on end")
            assert not any("…" in t["text"] for t in laid["texts"]), (key, width, "a label cut")


@pytest.mark.parametrize(("kommun", "name"), MUNICIPALITIES)
def test_karta_draws_the_placements_on_every_district(page, server_url, kommun, name):
    page.goto(f"{server_url}/karta?kommun={kommun}&matt=placerade_per_1000&ar=2024")
    wait_for_app(page)
    shapes = page.locator("path.choroplethlocation")
    shapes.first.wait_for(timeout=30_000)
    assert shapes.count() == len(DATA[name].districts)
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests
    _shoot(page, f"karta_placeringar_{name}")
