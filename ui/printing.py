"""Printing a page from the browser (issue 11): no chart cut at the page's edge or across a page break.

A print stylesheet, sent once per page run (``ui.context.page``):

* the page is A4 portrait with 12 mm margins, the content as wide as the paper's printable width;
* the sidebar, Streamlit's header and toolbar, the chart toolbars, the download rows, buttons and the
  collapsed "visa som tabell" panels are not printed;
* a chart, a row of metrics or goal cards, a bordered card, a table or a notice is never split across two
  pages (``break-inside: avoid``), and a heading stays with what follows it.

A chart keeps the width it was drawn at on the screen (plotly draws fixed-size SVG, and a printout lays
the page out again without giving the chart a chance to redraw), so on paper it would run past the edge:
that is how Översikt's trend lost every year after 2022. A few lines of script keep, on each chart, the
factor that fits its drawn width into the printable width (``--print-zoom``), and the stylesheet applies it
(``zoom``) in print only; on the screen nothing changes.
"""

from __future__ import annotations

import streamlit as st

#: The printable width of the page the stylesheet asks for (A4, 210 mm, less two margins of 12 mm), in CSS
#: pixels (96 per inch).
PAGE_MARGIN_MM = 12
PRINT_WIDTH_PX = round((210 - 2 * PAGE_MARGIN_MM) / 25.4 * 96)

STYLESHEET = f"""<style>
@media print {{
  @page {{ size: A4 portrait; margin: {PAGE_MARGIN_MM}mm; }}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stElementToolbar"], .modebar-container,
  [class*="st-key-nedladdning_"], [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stExpander"], [data-testid="stToast"], [data-testid="stToastContainer"] {{
    display: none !important;
  }}
  /* Every container grows with its content, so the page runs on over as many sheets as it needs. */
  html, body, #root, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"], [data-testid="stVerticalBlock"], [data-testid="stElementContainer"],
  [data-testid="stPlotlyChart"], [data-testid="stFullScreenFrame"] {{
    overflow: visible !important;
    height: auto !important;
    max-height: none !important;
  }}
  [data-testid="stMain"] {{ margin-left: 0 !important; }}
  [data-testid="stMainBlockContainer"] {{
    padding: 0 !important;
    width: 100% !important;
    max-width: {PRINT_WIDTH_PX}px !important;
  }}
  /* A chart drawn wider than the paper is scaled to its width (the factor comes from the script below). */
  [data-testid="stPlotlyChart"] {{ zoom: var(--print-zoom, 1); }}
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stHorizontalBlock"],
  [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stTable"], [data-testid="stDataFrame"],
  [data-testid="stAlert"], [data-testid="stCaptionContainer"],
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {{
    break-inside: avoid !important;
    page-break-inside: avoid !important;
  }}
  h1, h2, h3, [data-testid="stElementContainer"]:has(h1, h2, h3) {{
    break-after: avoid !important;
    page-break-after: avoid !important;
  }}
}}
</style>"""

#: Keeps ``--print-zoom`` on every chart: its drawn width (plotly writes it on ``.svg-container``) against the
#: printable width. Installed once per browser tab, however often a page sends it.
SCRIPT = f"""<script>
(() => {{
  if (window.__printZoom) return;
  window.__printZoom = true;
  const room = {PRINT_WIDTH_PX};
  let queued = false;
  const fit = () => {{
    queued = false;
    document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach((chart) => {{
      const box = chart.querySelector('.svg-container');
      const width = box ? parseFloat(box.style.width) || box.offsetWidth : 0;
      chart.style.setProperty('--print-zoom', width > room ? (room / width).toFixed(4) : '1');
    }});
  }};
  const soon = () => {{ if (!queued) {{ queued = true; requestAnimationFrame(fit); }} }};
  new MutationObserver(soon).observe(document.body, {{
    subtree: true, childList: true, attributes: true, attributeFilter: ['style'],
  }});
  window.addEventListener('beforeprint', fit);
  window.matchMedia('print').addEventListener('change', fit);
  fit();
}})();
</script>"""


def enable() -> None:
    """Send the print stylesheet (it takes no room on the page) and the script that fits charts to the paper
    (at the foot of the sidebar, which is drawn on every page and not printed)."""
    st.html(STYLESHEET)
    st.sidebar.html(SCRIPT, unsafe_allow_javascript=True)
