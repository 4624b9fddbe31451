"""The issue's "done when", end to end in Chromium: from Översikt, find the three districts with the greatest
challenges, open them in Jämför against the municipality, and send the link to a colleague whose fresh
browser opens exactly that comparison."""

import pytest

from tests.browser.test_browser import page_url, wait_for_app

pytestmark = pytest.mark.browser


def test_three_most_challenged_to_a_shared_comparison(browser, page, server_url):
    page.goto(page_url(server_url, "oversikt", "kommun=1283&ar=2024"))
    wait_for_app(page)
    cards = page.locator("h3", has_text="Stadsdelarna med störst utmaningar 2024")
    assert cards.count() == 1
    page.get_by_role("button", name="Jämför dem med kommunen").click()
    page.wait_for_url("**/jamfor**", timeout=30_000)
    wait_for_app(page)
    chosen = page.locator("[data-testid='stMultiSelect']").inner_text()
    assert "Drottninghög" in chosen
    assert page.url.count("stadsdel=") == 1
    page.get_by_text("Dela den här jämförelsen").click()
    link = page.locator("[data-testid='stCode'] code").inner_text().strip()
    assert "stadsdel=" in link and "kommun=1283" in link and "ar=2024" in link
    assert page.locator("[data-testid='stPlotlyChart']").count() >= 2  # values and differences
    assert page.locator("[data-testid='stException']").count() == 0

    colleague = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        other = colleague.new_page()
        other.goto(link)
        wait_for_app(other)
        assert other.locator("h1").first.inner_text() == page.locator("h1").first.inner_text()
        assert other.locator("[data-testid='stMultiSelect']").inner_text() == chosen
    finally:
        colleague.close()
    assert not page.outside_requests, page.outside_requests
