"""The map in headless Chromium, for ``python -m bench``: seconds from navigation to the map drawn, and from a
change of measure to the map drawn again.

Debian's Chromium (``/usr/bin/chromium``, never ``playwright install``) through Playwright, in a context that
refuses every request off the machine (as ``tests/browser`` does), 1600×1000 px, Swedish.

*Drawn* means the map's shapes are in the DOM: for plotly's SVG geo map (``go.Choropleth``) at least 90 % of
the districts as ``path.choroplethlocation`` elements in the plots' ``.choroplethlayer``; for a WebGL tile map
(``choropleth_map``/``choroplethmap``: MapLibre on a canvas) a loaded map whose ``queryRenderedFeatures``
finds features. Both are looked for, so the benchmark keeps working when the app moves to WebGL.

*Redrawn* after a measure change (the measure picked in the page's own selectbox, as a user does) means: the
figure's data differ from before (each trace's type, name and first hover text, which names the measure),
the shapes are drawn as above, and plotly has finished a plot since the change (``plotly_afterplot`` on a
plot that was there before, or a plot element that is new). Timed from the click on the option.

Polling is every 100 ms; both steps are bounded by ``timeout_s``.
"""

from __future__ import annotations

import statistics
import time

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_COUNTS = """
const benchCounts = () => {
  let svg = 0, gl = 0;
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  for (const gd of plots) {
    svg += gd.querySelectorAll('.choroplethlayer path.choroplethlocation').length;
    const full = gd._fullLayout || {};
    for (const name of Object.keys(full)) {
      const sub = /^(map|mapbox)\\d*$/.test(name) && full[name] && full[name]._subplot;
      const map = sub && sub.map;
      if (map && typeof map.loaded === 'function') {
        try { if (map.loaded()) gl += map.queryRenderedFeatures().length; } catch (e) {}
      }
    }
  }
  return {svg, gl, plots: plots.length};
};
const benchSignature = () => [...document.querySelectorAll('.js-plotly-plot')]
  .map(gd => (gd.data || []).map(t => {
    const hover = t.hovertext && t.hovertext.length ? String(t.hovertext[0]).slice(0, 160) : '';
    return `${t.type}:${t.name || ''}:${hover}`;
  }).join('|'))
  .join('||');
"""

DRAWN = "(least) => {" + _COUNTS + "const c = benchCounts(); return c.svg >= least || c.gl > 0; }"
COUNTS = "() => {" + _COUNTS + "return {...benchCounts(), signature: benchSignature()}; }"
MARK = (
    "() => {"
    + _COUNTS
    + """
  window.__benchBefore = benchSignature();
  window.__benchAfterplot = 0;
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    gd.__benchSeen = true;
    if (typeof gd.on === 'function') gd.on('plotly_afterplot', () => { window.__benchAfterplot = performance.now(); });
  }
  return window.__benchBefore;
}"""
)
REDRAWN = (
    "(least) => {"
    + _COUNTS
    + """
  if (benchSignature() === window.__benchBefore) return false;
  const c = benchCounts();
  if (!(c.svg >= least || c.gl > 0)) return false;
  const fresh = [...document.querySelectorAll('.js-plotly-plot')].some(gd => !gd.__benchSeen);
  return fresh || window.__benchAfterplot > 0;
}"""
)
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def _exceptions(page) -> list[str]:
    found = page.locator("[data-testid='stException']")
    return [found.nth(i).inner_text()[:300] for i in range(min(found.count(), 3))]


def map_times(
    base: str, path: str, districts: int, measure_label: str, new_label: str, timeout_s: float, say=print
) -> dict:
    """Open ``base/path`` (the Karta page with its query), wait for the map, then pick ``new_label`` in the
    selectbox ``measure_label`` and wait for the map again. Returns the seconds, the shapes found and any
    problem; ``exceptions`` lists exception elements the page showed (an error of the app)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    least = max(1, int(0.9 * districts))
    timeout_ms = timeout_s * 1000
    out: dict = {"map_drawn_s": None, "map_redrawn_s": None, "problem": None, "exceptions": []}
    step = "launch"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=120_000)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
            outside: list[str] = []

            def only_local(route):
                url = route.request.url
                if url.startswith(base) or url.startswith("data:") or url.startswith("blob:"):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            context.route("**/*", only_local)
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            step = "navigation"
            began = time.perf_counter()
            page.goto(f"{base}/{path}", wait_until="commit", timeout=timeout_ms)
            page.wait_for_function(DRAWN, arg=least, polling=100, timeout=timeout_ms)
            out["map_drawn_s"] = round(time.perf_counter() - began, 3)
            counts = page.evaluate(COUNTS)
            out["drawn"] = {k: counts[k] for k in ("svg", "gl", "plots")}
            out["kind"] = "svg" if counts["svg"] >= least else "webgl"
            say(f"map drawn in {out['map_drawn_s']} s ({out['drawn']})")
            page.wait_for_function(IDLE, polling=100, timeout=timeout_ms)
            out["exceptions"] += _exceptions(page)

            step = "measure change"
            box = page.get_by_role("combobox", name=measure_label, exact=True)
            box.scroll_into_view_if_needed()
            option = page.get_by_role("option", name=new_label, exact=True)
            for _ in range(3):
                box.click()
                try:
                    option.wait_for(timeout=10_000)
                    break
                except PlaywrightTimeout:
                    page.keyboard.press("Escape")
            page.evaluate(MARK)
            began = time.perf_counter()
            option.click()
            page.wait_for_function(REDRAWN, arg=least, polling=100, timeout=timeout_ms)
            out["map_redrawn_s"] = round(time.perf_counter() - began, 3)
            counts = page.evaluate(COUNTS)
            out["redrawn"] = {k: counts[k] for k in ("svg", "gl", "plots")}
            say(f"map redrawn in {out['map_redrawn_s']} s ({out['redrawn']})")
            page.wait_for_function(IDLE, polling=100, timeout=timeout_ms)
            out["exceptions"] += _exceptions(page)
            out["outside_requests"] = len(outside)
        except PlaywrightTimeout:
            out["problem"] = f"{step}: the map was not drawn within {timeout_s:.0f} s"
        except PlaywrightError as exc:
            out["problem"] = f"{step}: {type(exc).__name__}: {str(exc)[:300]}"
        finally:
            browser.close()
    return out


def summary(runs: list[dict]) -> dict:
    """One result of several ``map_times`` runs: the last run's fields (what was drawn, any problem), the
    median of each time over the runs that have it, every run's times, and the exceptions of all runs."""
    out = dict(runs[-1])
    for key in ("map_drawn_s", "map_redrawn_s"):
        times = [run[key] for run in runs if run.get(key) is not None]
        out[key] = round(statistics.median(times), 3) if times else None
    out["runs"] = [{key: run.get(key) for key in ("map_drawn_s", "map_redrawn_s", "problem")} for run in runs]
    out["problem"] = next((run["problem"] for run in runs if run["problem"]), None)
    out["exceptions"] = [e for run in runs for e in run["exceptions"]]
    out["outside_requests"] = sum(run.get("outside_requests", 0) for run in runs)
    return out
