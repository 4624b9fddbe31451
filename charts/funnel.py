"""Funnel plot: each district's outcome rate against its number of finished enrolments, with the exact
binomial control limits around the municipal rate (Spiegelhalter 2005). A district outside the limits
differs from the municipality by more than chance would explain; one inside does not, whatever its rank."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

import texts
from charts import format as fmt
from charts.theme import MUNICIPALITY_COLOUR, base_layout, set_hidden_note

FLAG_COLOURS = {"over": "#009E73", "under": "#D55E00", "inom": "#0072B2"}


def funnel_plot(
    table: pd.DataFrame, limits: pd.DataFrame, *, names: Mapping[str, str], min_n: int, height: int = 480
) -> go.Figure:
    """``table`` from ``analysis.stats.funnel.funnel_table`` (by ``stadsdel_kod``), ``limits`` from
    ``analysis.stats.funnel.funnel_limits`` over a grid of n. Points coloured by their 99.8 % flag; hidden
    districts are named in the figure's hidden note (``charts.theme.hidden_note``), written under it."""
    traces = []
    p0 = float(table["p0"].iloc[0])
    for column, dash in (("95", "dash"), ("998", "dot")):
        label = texts.FUNNEL_LIMIT_LABELS[column]
        for side in ("lower", "upper"):
            traces.append(
                go.Scatter(
                    x=limits["n"],
                    y=limits[f"{side}_{column}"] * 100,
                    mode="lines",
                    line={"color": "#777777", "dash": dash, "width": 1.5},
                    name=label,
                    showlegend=side == "lower",
                    legendgroup=column,
                    hoverinfo="skip",
                )
            )
    shown = table[~table["suppressed"]]
    for flag, colour in FLAG_COLOURS.items():
        part = shown[shown["flag_998"] == flag]
        if part.empty:
            continue
        traces.append(
            go.Scatter(
                x=part["n"].astype(float),
                y=part["rate"] * 100,
                mode="markers",
                marker={"size": 12, "color": colour, "line": {"color": "white", "width": 1}},
                name=texts.FUNNEL_FLAG_LABELS[flag],
                hovertext=[
                    f"<b>{fmt.plain(names.get(code, code))}</b><br>"
                    f"{texts.funnel_rate_of_finished(rate, n)}<br>"
                    f"{texts.MUNICIPALITY}: {p0_text}<br>{texts.funnel_p_value(p_value)}"
                    for code, rate, n, p0_text, p_value in zip(
                        part["stadsdel_kod"].tolist(),
                        fmt.percents(part["rate"]),
                        fmt.numbers(part["n"]),
                        fmt.percents(part["p0"]),
                        fmt.numbers(part["p_value"], 3),
                        strict=True,
                    )
                ],
                hoverinfo="text",
            )
        )
    # The traces at construction, the municipality's line, its label and the axes with the theme: plotly
    # validates each once (the same figure add_hline, add_annotation and update_*axes made, in a third of the time).
    municipality = {
        "line": {"color": MUNICIPALITY_COLOUR, "width": 2},
        "type": "line",
        "x0": 0,
        "x1": 1,
        "xref": "x domain",
        "y0": p0 * 100,
        "y1": p0 * 100,
        "yref": "y",
    }
    municipal_label = {
        "font": {"size": 13},
        "showarrow": False,
        "text": f"{texts.MUNICIPALITY} {fmt.percent(p0)}",
        "x": 1,
        "xanchor": "right",
        "xref": "paper",
        "y": p0 * 100,
        "yanchor": "bottom",
    }
    chart_layout = {
        "shapes": [municipality],
        "annotations": [municipal_label],
        "xaxis": {"title": {"text": texts.FUNNEL_X_AXIS}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": texts.OUTCOMES_POSITIVE_SHARE}, "ticksuffix": f"{fmt.NBSP}%", "range": [0, 102]},
    }
    fig = base_layout(go.Figure(traces), height=height, layout=chart_layout)
    hidden = [names.get(c, c) for c in table.loc[table["suppressed"], "stadsdel_kod"]]
    set_hidden_note(fig, texts.funnel_hidden(min_n), hidden)
    return fig
