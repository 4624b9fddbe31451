"""Small multiples: one panel per indicator, districts against the municipality over time."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts import format as fmt
from charts.theme import MUNICIPALITY_COLOUR, base_layout


def indicator_small_multiples(
    series: pd.DataFrame,
    *,
    indicator_labels: Mapping[str, str],
    area_names: Mapping[str, str],
    colours: Mapping[str, str],
    columns: int = 3,
    height_per_row: int = 260,
) -> go.Figure:
    """``series`` in the shape of ``analysis.stats.profile.indicator_series`` (one or more districts plus
    ``"kommun"``). Each district keeps its colour in every panel; the municipality is black and dashed;
    shares in percent with the district's 95 % interval as error bars."""
    indicators = [k for k in indicator_labels if k in set(series["indikator"])]
    rows = -(-len(indicators) // columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[indicator_labels[k] for k in indicators],
        horizontal_spacing=0.07,
        vertical_spacing=0.16,
    )
    areas = [a for a in area_names if a in set(series["omrade"])]
    # Collected and added in one call: plotly checks the subplot grid on every add_trace.
    traces, trace_rows, trace_cols = [], [], []
    for i, indicator in enumerate(indicators):
        row, col = i // columns + 1, i % columns + 1
        part = series[series["indikator"] == indicator]
        for area in areas:
            line = part[part["omrade"] == area].sort_values("ar")
            is_municipality = area == "kommun"
            value = line["andel"].astype(float) * 100
            trace_rows.append(row)
            trace_cols.append(col)
            traces.append(
                go.Scatter(
                    x=line["ar"],
                    y=value,
                    mode="lines+markers",
                    name=fmt.plain(area_names[area]),
                    legendgroup=area,
                    showlegend=i == 0,
                    line={
                        "color": MUNICIPALITY_COLOUR if is_municipality else colours.get(area, "#0072B2"),
                        "dash": "dash" if is_municipality else "solid",
                        "width": 2.5,
                    },
                    marker={"size": 6},
                    error_y=None
                    if is_municipality
                    else {
                        "type": "data",
                        "symmetric": False,
                        "array": (line["ci_high"].astype(float) * 100 - value).tolist(),
                        "arrayminus": (value - line["ci_low"].astype(float) * 100).tolist(),
                        "thickness": 1,
                        "width": 2,
                    },
                    hovertext=[
                        f"<b>{fmt.plain(area_names[area])}</b> {int(r.ar)}<br>{indicator_labels[indicator]}: "
                        f"{fmt.percent(r.andel)} ({fmt.interval(r.ci_low, r.ci_high)})<br>n = {fmt.number(r.namnare)}"
                        for r in line.itertuples()
                    ],
                    hoverinfo="text",
                )
            )
    fig.add_traces(traces, rows=trace_rows, cols=trace_cols)
    # Every panel alike: one update of all axes (plotly's per-panel updates cost a rerun seconds under load).
    fig.update_yaxes(ticksuffix=f"{fmt.NBSP}%", rangemode="tozero")
    fig.update_xaxes(dtick=3, tickformat="d")
    base_layout(fig, height=height_per_row * rows + 100)
    fig.update_annotations(font_size=15)
    # The legend sits above the first row's panel titles, not on them.
    fig.update_layout(legend={"y": 1 + 45 / (height_per_row * rows + 100)}, margin={"t": 80})
    return fig
