"""charts.theme.base_layout: the theme merged into a figure's layout in one assignment reads as plotly's own
update methods would have made it, with a chart's own layout on top."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.theme import FONT_SIZE, base_layout


def by_update_methods(fig: go.Figure, title: str | None, height: int | None, layout: dict | None) -> dict:
    """The same theme the slow way: update_layout, then update_xaxes and update_yaxes, then the chart's own."""
    fig.update_layout(
        separators=", ",
        font={"size": FONT_SIZE},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        hoverlabel={"font": {"size": FONT_SIZE}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    if title:
        fig.update_layout(title={"text": title, "x": 0, "font": {"size": FONT_SIZE + 4}})
    if height:
        fig.update_layout(height=height)
    grid = {"gridcolor": "#e5e5e5", "zerolinecolor": "#cccccc", "automargin": True}
    fig.update_xaxes(grid)
    fig.update_yaxes(grid)
    fig.update_layout(layout or {})
    return fig.to_plotly_json()


def figures():
    bars = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    bars.update_layout(xaxis_title="Andel", legend={"x": 0.5}, meta={"hidden_note": "x"})
    grid = make_subplots(rows=2, cols=2)
    grid.add_scatter(x=[1], y=[2], row=2, col=2)
    return [bars, grid]


def test_the_theme_reads_as_plotlys_update_methods_would_have_made_it():
    chart_layout = {"bargap": 0.2, "xaxis": {"title": {"text": "Antal"}, "rangemode": "tozero"}}
    for title, height, layout in [(None, None, None), ("Titel", 300, None), (None, 420, chart_layout)]:
        for ours, theirs in zip(figures(), figures(), strict=True):
            mine = base_layout(ours, title=title, height=height, layout=layout).to_plotly_json()
            mine["layout"]["font"].pop("family"), mine["layout"]["font"].pop("color")
            assert mine == by_update_methods(theirs, title, height, layout)


def test_a_charts_own_layout_is_kept_on_top_of_the_theme():
    fig = base_layout(go.Figure(go.Bar(x=[1])), layout={"bargap": 0.3, "xaxis": {"title": {"text": "X"}}})
    assert fig.layout.bargap == 0.3
    assert fig.layout.xaxis.title.text == "X" and fig.layout.xaxis.gridcolor == "#e5e5e5"
    assert fig.layout.template.layout.colorway  # plotly's default template, as a new figure has
