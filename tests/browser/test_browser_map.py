"""The strategist's map in real headless Chromium: two maps side by side, and nothing leaves the machine
unless the user turns the background map on."""

import pytest

from tests.browser.test_browser import wait_for_app

pytestmark = pytest.mark.browser


def choose(page, label: str, option: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        # A click that scrolls the page to reach the box can close the list it opens: open it again.
        box.click()
        try:
            choice.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()
    wait_for_app(page)


def shapes_per_map(page) -> list[int]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
            .map(plot => plot.querySelectorAll('path.choroplethlocation').length)
            .filter(n => n > 0)"""
    )


@pytest.mark.parametrize(("kommun", "districts"), [("1283", 31), ("0360", 9)])
def test_second_measure_draws_two_maps_offline(page, server_url, kommun, districts):
    page.goto(f"{server_url}/karta?kommun={kommun}&ar=2024")
    wait_for_app(page)
    page.locator("path.choroplethlocation").first.wait_for(timeout=30_000)
    assert shapes_per_map(page) == [districts]
    choose(page, "Andra kartan", "Ett annat mått")
    choose(page, "Jämför med ett andra mått", "Utfall, alla insatser")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
    page.wait_for_timeout(1000)
    assert shapes_per_map(page) == [districts, districts]
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests


def test_classes_and_difference_stay_offline(page, server_url):
    page.goto(f"{server_url}/karta?kommun=1283&ar=2024")
    wait_for_app(page)
    choose(page, "Klassindelning", "Kvantiler (5 klasser)")
    choose(page, "Visa", "Skillnad mot kommunen")
    page.get_by_text("Visa stadsdelsnamn", exact=True).click()
    wait_for_app(page)
    assert shapes_per_map(page) == [31]
    legend = page.locator(".js-plotly-plot .legend").first.text_content()
    assert "procentenheter" in legend and "2024" in legend
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests


def test_basemap_is_the_only_thing_that_goes_online(page, server_url):
    page.goto(f"{server_url}/karta?kommun=0360&ar=2024")
    wait_for_app(page)
    assert not page.outside_requests
    page.get_by_text("Bakgrundskarta (kräver internet)", exact=True).click()
    wait_for_app(page)
    assert page.get_by_text("hämtas som kartbilder från internet").count() == 1
    page.wait_for_timeout(2000)
    # The test refuses every request off the machine; with the basemap on the only ones are map tiles.
    assert page.outside_requests
    assert all("openstreetmap.org" in url for url in page.outside_requests), page.outside_requests


def test_a_click_on_either_map_opens_the_profile(page, server_url):
    page.goto(f"{server_url}/karta?kommun=0360&ar=2024")
    wait_for_app(page)
    choose(page, "Andra kartan", "Ett annat mått")
    choose(page, "Jämför med ett andra mått", "Medianinkomst 20–64 år")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
    second_map = page.locator(".js-plotly-plot").nth(1)
    second_map.locator("path.choroplethlocation").nth(4).click(force=True)
    page.wait_for_selector("h3:has-text('Profil:')", timeout=30_000)
    first = page.locator("h3", has_text="Profil:").inner_text()
    page.locator(".js-plotly-plot").first.locator("path.choroplethlocation").nth(1).click(force=True)
    page.wait_for_function(
        "(first) => [...document.querySelectorAll('h3')].some(h => h.innerText.startsWith('Profil:') "
        "&& h.innerText !== first)",
        arg=first,
        timeout=30_000,
    )
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("classes", ["Kontinuerlig", "Kvantiler (5 klasser)"])
def test_hover_names_the_district_from_the_fetched_geometry(page, server_url, classes):
    """The figure names its GeoJSON by URL and its hovers take the name from the fetched features: under
    the mouse the district's own name, value, interval and n, never a template's placeholder."""
    page.goto(f"{server_url}/karta?kommun=0360&ar=2024")
    wait_for_app(page)
    if classes != "Kontinuerlig":
        choose(page, "Klassindelning", classes)
    shape = page.locator("path.choroplethlocation").first
    shape.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    spec = page.evaluate(
        """() => { const t = document.querySelector('.js-plotly-plot').data[0];
                   return {geojson: t.geojson, template: t.hovertemplate || ''}; }"""
    )
    assert isinstance(spec["geojson"], str) and spec["geojson"].startswith("app/static/kartor/")
    assert "%{properties.namn}" in spec["template"]
    names = page.evaluate(
        """async (url) => (await (await fetch(url)).json()).features.map(f => f.properties.namn)""", spec["geojson"]
    )
    found = None
    for index in range(page.locator("path.choroplethlocation").count()):
        box = page.locator("path.choroplethlocation").nth(index).bounding_box()
        if not box or box["width"] < 8:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        label = page.locator(".hoverlayer .hovertext")
        try:
            label.first.wait_for(timeout=2_000)
        except Exception:  # the centre of a concave district lies outside it: try the next one
            continue
        text = label.first.text_content()
        if "n = " in text:
            found = text
            break
    assert found is not None, "no hover label with a value appeared"
    assert "%{" not in found and "undefined" not in found
    assert any(name and name in found for name in names), found
    assert "2024" in found and "%" in found
