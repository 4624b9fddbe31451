"""Issue 13: nothing a file or a link supplies is rendered as Markdown or HTML.

A copy of the Helsingborg demo data set gets names that are Markdown and HTML (district, programme and
municipality names, the action plan's titles and actors, the sources), and a link gets a Markdown value.
Every page then runs through AppTest, and every text the browser would render as Markdown (notices, captions,
headings, widget labels and help, metrics, toasts) and every chart (Plotly renders a subset of HTML in
labels and hovers) is searched for the payload in its live form. The escaped forms show the same characters
as typed, so the payload is also looked for as shown (a positive control: the pages did draw the names).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from tests import figures
from tests.map_hover import STATIC
from ui import context

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["oversikt", "karta", "jamfor", "segregation", "insatser", "handlingsplan", "data"]

#: One hostile name: Markdown emphasis, a link, an image the browser would fetch, HTML a chart would draw,
#: Streamlit's colour directive and LaTeX.
PAYLOAD = (
    "**fet** [länk](http://evil.example/x) ![bild](http://evil.example/i.png) <b>b</b> "
    '<a href="http://evil.example/a">a</a> :red[röd] $x$'
)
#: Fragments that only occur when the payload is rendered live (escaping breaks each one).
LIVE_MARKDOWN = ("**fet**", "](http://evil", ":red[", "$x$")
LIVE_HTML = ("<b>b</b>", '<a href="http://evil')


def _rewrite_csv(path: Path, column: str, rows: slice) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        records = list(reader)
    for record in records[rows]:
        record[column] = f"{record[column]} {PAYLOAD}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(records)


@pytest.fixture
def hostile_root(tmp_path, monkeypatch):
    root = tmp_path / "data"
    folder = root / "helsingborg"
    shutil.copytree(ROOT / "data" / "demo" / "helsingborg", folder)
    _rewrite_csv(folder / "stadsdelar.csv", "stadsdel_namn", slice(0, None))
    _rewrite_csv(folder / "insatser.csv", "namn", slice(0, None))
    _rewrite_csv(folder / "handlingsplan.csv", "titel", slice(0, None))
    _rewrite_csv(folder / "handlingsplan.csv", "ansvarig", slice(0, None))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["kallor"] = [*meta["kallor"], PAYLOAD]
    meta["beskrivning"] = f"{meta.get('beskrivning', '')} {PAYLOAD}"
    meta["kommun_namn"] = f"{meta['kommun_namn']} {PAYLOAD}"
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(context, "DEMO_ROOT", root)
    return root


#: Fields Streamlit renders as Markdown: bodies of Markdown, notices, headings, toasts and metrics, the
#: labels and help of widgets and containers; and the options of radios and button groups (pills, segmented
#: controls), which take Markdown too. A selectbox's or multiselect's options are plain text.
MARKDOWN_FIELDS = {"body", "label", "help", "value"}
MARKDOWN_OPTION_TYPES = {"radio", "button_group"}


def _strings(message, markdown_options: bool):
    for field, value in message.ListFields():
        name = field.name
        if field.type == field.TYPE_MESSAGE:
            items = value if field.is_repeated else [value]
            for item in items:
                yield from _strings(item, markdown_options)
        elif field.type == field.TYPE_STRING:
            items = value if field.is_repeated else [value]
            if name in MARKDOWN_FIELDS or (markdown_options and name in ("options", "content")):
                yield from (f"{name}: {item}" for item in items)


def _texts(node) -> list[str]:
    """Every string of a node's message that the browser renders as Markdown."""
    proto = getattr(node, "proto", None)
    if proto is None or not hasattr(proto, "ListFields"):
        return []
    return [f"{node.type} {text}" for text in _strings(proto, node.type in MARKDOWN_OPTION_TYPES)]


def _walk(at):
    for root in (at.main, at.sidebar):
        yield from _iter(root)
    yield from at.toast


def _iter(block):
    yield block
    for child in getattr(block, "children", {}).values():
        yield from _iter(child)


def _rendered(at) -> tuple[list[str], list[str]]:
    """(Markdown-rendered texts, chart specs) of a run."""
    markdown, charts = [], []
    for node in _walk(at):
        if (figure := figures.figure_of(node)) is not None:
            # Plotly's JSON writes "<" as \u003c: decoded, so the search sees what Plotly will draw. The
            # layout's meta is never drawn (it carries the hidden note the page writes, escaped, as a caption).
            spec = figure.spec
            spec.get("layout", {}).pop("meta", None)
            charts.append(json.dumps(spec, ensure_ascii=False))
            # A map's GeoJSON fetched by URL carries the names its hovers show: searched as part of the chart.
            for url in {t["geojson"] for t in spec["data"] if isinstance(t.get("geojson"), str)}:
                charts.append((STATIC / url.removeprefix("app/static/")).read_text(encoding="utf-8"))
        elif node.type in ("arrow_data_frame", "dataframe", "arrow_table"):
            continue  # a table's cells are drawn as text by the grid, never as Markdown
        else:
            markdown.extend(_texts(node))
    return markdown, charts


@pytest.mark.parametrize("page", PAGES)
def test_names_from_files_are_shown_as_typed_never_rendered(hostile_root, open_page, page):
    at = open_page(page, {"kommun": "1283"})
    assert not at.exception, [e.value for e in at.exception]
    markdown, charts = _rendered(at)
    live = sorted({text[:160] for text in markdown for fragment in LIVE_MARKDOWN if fragment in text})
    assert not live, "\n".join(live)
    live_html = sorted(
        {spec[max(0, spec.index(f) - 200) : spec.index(f) + 20] for spec in charts for f in LIVE_HTML if f in spec}
    )
    assert not live_html, "\n".join(live_html)


def test_the_pages_did_show_the_hostile_names(hostile_root, open_page):
    """Positive control: the names reach the page (escaped), so the search above had something to find."""
    at = open_page("karta", {"kommun": "1283"})
    markdown, charts = _rendered(at)
    assert any("&lt;b&gt;b&lt;/b&gt;" in spec for spec in charts)
    # ... and the page's own text shows the names escaped, not dropped.
    assert any("\\*\\*fet\\*\\*" in text for text in markdown)


def test_a_markdown_link_value_is_not_rendered(open_page):
    at = open_page("oversikt", {"kommun": "[x](http://evil.example/k)", "ar": "**2020**"})
    assert not at.exception
    markdown, _ = _rendered(at)
    assert not [t for t in markdown if "](http://evil" in t or "**2020**" in t]
    # Positive control: a notice names the bad value (escaped).
    assert any("evil" in t for t in markdown)
