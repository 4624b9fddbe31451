"""The map over time in real headless Chromium: the year stepper keeps one colour scale, district names
never overlap on a 1280×720 projector, and a link carries the whole Karta view into a fresh browser."""

import itertools

import pytest

from tests.browser.test_browser import wait_for_app
from tests.browser.test_browser_map import choose

pytestmark = pytest.mark.browser

#: The figures as plotly drew them: per map, the scale, its title and the names it shows.
FIGURES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(plot => plot._fullData && plot._fullData.some(t => t.type.startsWith('choropleth')))
    .map(plot => {
        const areas = plot._fullData.filter(t => t.type.startsWith('choropleth'));
        const values = areas[0];
        return {
            zmin: values.zmin, zmax: values.zmax,
            title: (values.colorbar && values.showscale ? values.colorbar.title.text : '')
                || (plot._fullLayout.legend && plot._fullLayout.legend.title ? plot._fullLayout.legend.title.text : ''),
            areas: areas.map(t => ({name: t.name, locations: [...t.locations], z: [...t.z].map(Number),
                                    colours: JSON.stringify(t.colorscale)})),
            names: plot._fullData.filter(t => t.type.startsWith('scatter') && !t.legendgroup)
                .flatMap(t => [...t.text]),
            geo: plot._fullLayout.geo ? [plot._fullLayout.geo.lonaxis.range, plot._fullLayout.geo.lataxis.range] : null,
        };
    })"""

#: Pixel boxes of the district names drawn on each map (not the hidden/missing marks).
NAME_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
        const traces = [...plot.querySelectorAll('.scattergeolayer .trace, .scatterlayer .trace')];
        return traces.filter(g => g.__data__ && g.__data__[0] && g.__data__[0].trace
                                  && !g.__data__[0].trace.legendgroup)
            .flatMap(g => [...g.querySelectorAll('text')])
            .map(t => { const r = t.getBoundingClientRect();
                        return {text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })
            .filter(b => b.right > b.left);
    })"""


def figures(page) -> list[dict]:
    page.locator("path.choroplethlocation").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    return page.evaluate(FIGURES)


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for a, b in itertools.combinations(boxes, 2)
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


def test_year_stepper_changes_the_map_not_the_scale(page, server_url):
    page.goto(f"{server_url}/karta?kommun=1283&ar=2024")
    wait_for_app(page)
    (before,) = figures(page)
    assert "2024" in before["title"] and "samma skala alla år" in before["title"]
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.querySelector('h1').innerText.endsWith('2023')", timeout=30_000)
    wait_for_app(page)
    (after,) = figures(page)
    assert "2023" in after["title"] and "samma skala alla år" in after["title"]
    assert (after["zmin"], after["zmax"]) == (before["zmin"], before["zmax"])
    assert after["areas"][0]["z"] != before["areas"][0]["z"]  # another year's values on the same scale
    assert "ar=2023" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests


@pytest.mark.parametrize(
    "query",
    [
        "kommun=1283&ar=2024&namn=1",
        "kommun=1283&ar=2024&namn=1&zoom=0",
        "kommun=1283&ar=2025&namn=1&andra=ar&ar2=2016&visa=forandring&bas=2016",
        "kommun=0360&ar=2024&namn=1&matt=utfall:alla",
    ],
    ids=["helsingborg", "helsingborg-whole", "helsingborg-two-years", "tierp"],
)
def test_names_never_overlap_at_1280_by_720(browser, server_url, query):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(f"{server_url}/karta?{query}")
        wait_for_app(page)
        page.locator("path.choroplethlocation").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        per_map = page.evaluate(NAME_BOXES)
        per_map = [boxes for boxes in per_map if boxes]
        assert per_map, "no names drawn"
        for boxes in per_map:
            assert len(boxes) >= 3
            assert overlapping(boxes) == []
    finally:
        context.close()


def open_fresh(browser, url: str):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    return context, page


def view_of(page) -> dict:
    """What Karta shows: every map's figure, every choice's shown value and the open profile."""
    maps = figures(page)
    choices = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stSelectbox"], [data-testid="stCheckbox"]')]
            .map(w => w.innerText.replace(/\\s+/g, ' ').trim() + ' ' +
                 [...w.querySelectorAll('input[type=checkbox]')].map(c => c.checked).join(','))"""
    )
    profile = page.locator("h3", has_text="Profil:")
    return {"maps": maps, "choices": choices, "profile": profile.inner_text() if profile.count() else None}


def test_a_link_with_every_karta_choice_reproduces_the_view_in_a_fresh_browser(page, browser, server_url):
    page.goto(f"{server_url}/karta?kommun=0360&ar=2024")
    wait_for_app(page)
    # Make every choice in the page itself, then take the link the page wrote.
    choose(page, "Mått", "Socioekonomiskt index (SCB:s metod)")
    choose(page, "Visa", "Förändring sedan ett år")
    choose(page, "Sedan år", "2018")
    choose(page, "Andra kartan", "Ett annat år")
    choose(page, "Andra året", "2021")
    choose(page, "Klassindelning", "Kvantiler (5 klasser)")
    page.get_by_text("Visa stadsdelsnamn", exact=True).click()
    wait_for_app(page)
    page.get_by_text("Zooma in på tätorten", exact=True).click()
    wait_for_app(page)
    choose(page, "Stadsdel att visa", "Söderfors")
    page.wait_for_selector("h3:has-text('Profil: Söderfors')", timeout=30_000)
    wait_for_app(page)
    link = page.url
    for part in (
        "matt=socioekonomiskt_index",
        "visa=forandring",
        "bas=2018",
        "andra=ar",
        "ar2=2021",
        "klasser=kvantiler",
        "namn=1",
        "zoom=1",
        "profil=0360R005",
        "bakgrund=0",
    ):
        assert part in link, (part, link)
    original = view_of(page)
    assert len(original["maps"]) == 2 and original["profile"] == "Profil: Söderfors"
    context, fresh = open_fresh(browser, link)
    try:
        fresh.wait_for_selector("h3:has-text('Profil: Söderfors')", timeout=30_000)
        assert view_of(fresh) == original
        assert fresh.locator("[data-testid='stException']").count() == 0
        assert fresh.locator("[data-testid='stToast']").count() == 0  # no notice: every value was understood
    finally:
        context.close()
