"""Language switch and accessibility in real Chromium: the English switch changes the page title and the
menu, a link with lang=en opens in English, every chart carries its alt text, and the controls are
reachable with the keyboard alone."""

import pytest

from tests.browser.test_browser import page_url, wait_for_app

pytestmark = pytest.mark.browser


def test_english_switch_changes_the_page_title(page, server_url):
    page.goto(page_url(server_url, "oversikt", "kommun=1283"))
    wait_for_app(page)
    assert page.title() == "Segregation och utfall per stadsdel"
    assert page.locator("h1").first.inner_text().startswith("Översikt")
    page.get_by_role("combobox", name="Språk · Language").click()
    page.get_by_role("option", name="English").click()
    page.wait_for_function("() => document.title === 'Segregation and outcomes by district'", timeout=30_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().startswith("Overview: Helsingborg")
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Map" in nav and "Compare districts" in nav and "Karta" not in nav
    assert "lang=en" in page.url
    assert page.get_by_text("Demo data.").count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.outside_requests, page.outside_requests


def test_link_with_lang_opens_in_english(page, server_url):
    page.goto(f"{server_url}/jamfor?lang=en&kommun=0360&ar=2021&stadsdel=0360R005,0360R007")
    wait_for_app(page)
    assert page.title() == "Segregation and outcomes by district"
    assert page.locator("h1").first.inner_text() == "Compare districts: Tierp 2021"
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("name", ["oversikt", "jamfor", "segregation", "insatser"])
def test_every_chart_has_alt_text(page, server_url, name):
    page.goto(page_url(server_url, name))
    wait_for_app(page)
    charts = page.locator("[data-testid='stPlotlyChart']")
    charts.first.wait_for(timeout=30_000)
    labels = charts.evaluate_all("charts => charts.map(c => [c.getAttribute('role'), c.getAttribute('aria-label')])")
    for role, label in labels:
        assert role == "figure" and label and len(label) > 20, labels


def test_keyboard_reaches_the_controls_and_opens_a_table(page, server_url):
    page.goto(page_url(server_url, "oversikt"))
    wait_for_app(page)
    # Tab only once everything is drawn: on a busy machine the lower sections can still be arriving.
    page.get_by_role("button", name="Jämför dem med kommunen").wait_for(timeout=30_000)
    page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=30_000)
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement; "
                "return (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 60) }"
            )
        )
        if "Visa som tabell" in reached[-1]:  # the summary's text starts with its icon's ligature name
            break
    for control in ("Språk · Language", "Kommun", "År", "Jämför dem med kommunen"):
        assert control in reached, reached
    assert "Visa som tabell" in reached[-1], reached
    page.keyboard.press("Enter")
    page.locator("[data-testid='stDataFrame']").last.wait_for(state="visible", timeout=10_000)
