"""Figures for the Segregation page: indices over time, area types over time, reach by area type."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

import texts
from charts import format as fmt
from charts.theme import AREA_TYPE_COLOURS, CATEGORICAL, base_layout, set_hidden_note


def indices_over_time(
    frame: pd.DataFrame, *, labels: Mapping[str, str], height: int = 420, title: str | None = None
) -> go.Figure:
    """One line per index (keys of ``labels``) over ``ar``; every index lies in 0–1."""
    fig = go.Figure()
    for i, (column, label) in enumerate(labels.items()):
        fig.add_trace(
            go.Scatter(
                x=frame["ar"],
                y=frame[column],
                mode="lines+markers",
                name=label,
                line={"color": CATEGORICAL[i % len(CATEGORICAL)], "width": 3},
                marker={"size": 8},
                hovertext=[
                    f"<b>{label}</b> {int(y)}: {fmt.number(v, 3)}"
                    for y, v in zip(frame["ar"], frame[column], strict=True)
                ],
                hoverinfo="text",
            )
        )
    base_layout(fig, title=title, height=height)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(range=[0, 1], tickformat=".1f", title=texts.SEGREGATION_INDEX_AXIS)
    return fig


def area_type_shares(frame: pd.DataFrame, *, labels: Mapping[int, str], height: int = 420) -> go.Figure:
    """Share of the population living in each SCB area type, per year, as stacked bars (sums to 100 %)."""
    fig = go.Figure()
    for area_type, colour in AREA_TYPE_COLOURS.items():
        part = frame[frame["omradestyp"] == area_type]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["ar"],
                y=part["andel_folkmangd"].astype(float) * 100,
                name=labels.get(area_type, texts.segregation_area_type(area_type)),
                marker_color=colour,
                hovertext=[
                    f"<b>{labels.get(area_type, texts.segregation_area_type(area_type))}</b> {int(r.ar)}<br>"
                    + texts.segregation_area_type_hover(
                        fmt.percent(r.andel_folkmangd), fmt.number(r.folkmangd), fmt.number(r.stadsdelar)
                    )
                    for r in part.itertuples()
                ],
                hoverinfo="text",
            )
        )
    base_layout(fig, height=height)
    fig.update_layout(barmode="stack", legend={"orientation": "v", "y": 1, "x": 1.02, "yanchor": "top"})
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(range=[0, 100], ticksuffix=f"{fmt.NBSP}%", title=texts.SEGREGATION_AREA_TYPE_AXIS)
    return fig


#: The reach chart draws every district up to this many; with more (many municipalities at once, up to all of
#: Sweden's 6,160 DeSO, which drew 160,000 px of bars) each area type shows its highest and lowest districts.
REACH_ALL_UP_TO = 40
#: With more districts than ``REACH_ALL_UP_TO``: the districts drawn per area type at each end (highest, lowest).
REACH_EACH_END = 4
#: Hidden districts are named up to this many; beyond it the note counts them (a caption of a thousand names
#: helps nobody, and the table under the chart lists every district).
HIDDEN_NAMED_UP_TO = 30


def reach_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The districts the reach chart draws: every district that is not hidden, sorted by area type (1 first)
    and reach (highest first); when there are more than ``REACH_ALL_UP_TO``, per area type the
    ``REACH_EACH_END`` highest and the ``REACH_EACH_END`` lowest (all of a type with fewer)."""
    shown = frame[~frame["suppressed"].astype(bool)]
    shown = shown.sort_values(["omradestyp", "per_1000", "stadsdel_kod"], ascending=[True, False, True])
    if len(shown) <= REACH_ALL_UP_TO:
        return shown
    ranked = shown.groupby("omradestyp", dropna=False, sort=False).cumcount(ascending=True)
    from_end = shown.groupby("omradestyp", dropna=False, sort=False).cumcount(ascending=False)
    return shown[(ranked < REACH_EACH_END) | (from_end < REACH_EACH_END)]


def reach_by_district(
    frame: pd.DataFrame, *, names: Mapping[str, str], labels: Mapping[int, str], min_n: int
) -> go.Figure:
    """Participants per 1,000 residents aged 20–64, one horizontal bar per district coloured by its area
    type and ordered from type 1 to 5, with exact Poisson intervals (the districts of `reach_shown`: with
    many districts, each type's highest and lowest). The figure's note (``charts.theme.hidden_note``, which
    the page writes under the chart) says which districts are drawn when not all are, and names the hidden
    ones (counts them when there are many)."""
    shown = reach_shown(frame)
    visible = int((~frame["suppressed"].astype(bool)).sum())
    name = {c: fmt.plain(names.get(c, c)) for c in shown["stadsdel_kod"]}
    order = [name[c] for c in shown["stadsdel_kod"]]
    traces = []
    for area_type, colour in AREA_TYPE_COLOURS.items():
        part = shown[shown["omradestyp"] == area_type]
        if part.empty:
            continue
        traces.append(
            go.Bar(
                y=[name[c] for c in part["stadsdel_kod"]],
                x=part["per_1000"],
                orientation="h",
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["ci_high"] - part["per_1000"]).tolist(),
                    "arrayminus": (part["per_1000"] - part["ci_low"]).tolist(),
                    "thickness": 1.2,
                },
                name=labels.get(area_type, texts.segregation_area_type(area_type)),
                marker_color=colour,
                marker_line={"color": "#555555", "width": 0.5},
                hovertext=[
                    f"<b>{name[r.stadsdel_kod]}</b><br>"
                    + texts.segregation_reach_rate_hover(
                        fmt.number(r.per_1000, 1), fmt.number(r.ci_low, 1), fmt.number(r.ci_high, 1)
                    )
                    + "<br>"
                    + texts.segregation_reach_count_hover(fmt.number(r.deltagare), fmt.number(r.folkmangd_20_64))
                    for r in part.itertuples()
                ],
                hoverinfo="text",
            )
        )
    hidden = [names.get(c, c) for c in frame.loc[frame["suppressed"].astype(bool), "stadsdel_kod"]]
    # The area types' legend above the bars, not beside them: at 1280 px a legend on the right took half
    # the width from the bars. The extra height is the legend's (its five long names take two or three rows).
    # The traces at construction and the chart's layout with the theme's: plotly validates each once.
    fig = go.Figure(traces)
    chart_layout = {
        "bargap": 0.2,
        "yaxis": {"categoryorder": "array", "categoryarray": order, "autorange": "reversed"},
        "xaxis": {"title": {"text": texts.SEGREGATION_REACH_AXIS}, "rangemode": "tozero"},
    }
    base_layout(fig, height=200 + 26 * max(len(order), 3), layout=chart_layout)
    notes = []
    if len(shown) < visible:
        notes.append(texts.segregation_reach_selection(REACH_EACH_END, fmt.number(len(shown)), fmt.number(visible)))
    if len(hidden) > HIDDEN_NAMED_UP_TO:
        notes.append(texts.segregation_reach_hidden_count(min_n, fmt.number(len(hidden))))
    elif hidden:
        notes.append(f"{texts.segregation_reach_hidden(min_n)}: " + ", ".join(hidden))
    set_hidden_note(fig, "", text=" ".join(notes) or None)
    return fig
