"""Figure for the district comparison: each district's difference from the municipality with its interval.

The figure takes every user-facing word as an argument (the caller translates); numbers are formatted the
Swedish way by `charts.format`. Hidden (suppressed) and missing districts are never drawn: they are named
below the plot instead, so no small count can be read off a dot or a hover.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from charts import format as fmt
from charts.theme import CATEGORICAL, MUNICIPALITY_COLOUR, base_layout, set_hidden_note

#: Decimals of a difference in percentage points (hover text).
DECIMALS = 1
_ROW_HEIGHT = 56
_MIN_HEIGHT = 280


def _signed(points: float) -> str:
    """Percentage points with an explicit sign: ``3.14`` → ``"+3,1"``, ``-2.0`` → ``"−2,0"``, ``0`` → ``"0,0"``."""
    rounded = round(points, DECIMALS)
    text = fmt.number(rounded if rounded != 0 else 0.0, DECIMALS)  # no "−0,0"
    return f"+{text}" if rounded > 0 else text


def _hover(name: str, row, *, hover_interval: str, hover_n: str) -> str:
    interval = f"{_signed(float(row.ci_low) * 100)} {fmt.DASH} {_signed(float(row.ci_high) * 100)}"
    return (
        f"<b>{name}</b><br>{fmt.percent_points(row.difference, DECIMALS)}"
        f"<br>{hover_interval}: {interval}<br>{hover_n} = {fmt.number(row.n)}"
    )


def _zero_line(label: str) -> dict:
    """The dashed line at 0 and its label above the plot, as ``fig.add_vline(x=0, annotation_text=label,
    annotation_position="top")`` draws them: its shape and annotation, as layout JSON."""
    return {
        "shapes": [
            {
                "type": "line",
                "x0": 0,
                "x1": 0,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"dash": "dash", "color": MUNICIPALITY_COLOUR, "width": 2},
            }
        ],
        "annotations": [
            {
                "text": label,
                "showarrow": False,
                "x": 0,
                "xanchor": "center",
                "xref": "x",
                "y": 1,
                "yanchor": "bottom",
                "yref": "y domain",
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        ],
    }


def _x_range(shown: pd.DataFrame) -> list[float]:
    """An x range holding every whisker and the zero line, with a little room on both sides."""
    low = min(0.0, float(shown["ci_low"].astype(float).min()) * 100) if len(shown) else -1.0
    high = max(0.0, float(shown["ci_high"].astype(float).max()) * 100) if len(shown) else 1.0
    pad = max((high - low) * 0.08, 0.5)
    return [low - pad, high + pad]


def difference_chart(
    frame: pd.DataFrame,
    *,
    names: Mapping[str, str],
    colours: Mapping[str, str],
    axis_title: str,
    zero_label: str,
    hidden_note: str,
    hover_interval: str,
    hover_n: str,
    height: int | None = None,
) -> go.Figure:
    """Each district's difference from the municipality as a dot with its 95 % interval as whiskers.

    Parameters
    ----------
    frame : DataFrame
        `analysis.stats.compare.difference_from_municipality`: ``stadsdel_kod, difference, ci_low, ci_high, n,
        status`` (differences in proportion units). One row per district, drawn in this order, the first
        at the top.
    names : mapping
        District code → display name (a code without a name is shown as the code).
    colours : mapping
        District code → colour, from ``charts.theme.district_colours`` so a district keeps its colour in
        every figure.
    axis_title : str
        Title of the x axis, for example "Skillnad mot kommunen, procentenheter".
    zero_label : str
        Label of the vertical line at 0, for example "Som kommunen".
    hidden_note : str
        Start of the note that names the districts not drawn, for example
        "Dolda eller saknas (färre än 5 personer eller inga uppgifter)".
    hover_interval : str
        Hover label of the interval, for example "95 % intervall (procentenheter)".
    hover_n : str
        Hover label of the district's denominator, for example "n".
    height : int, optional
        Figure height in pixels; by default it grows with the number of districts.

    Returns
    -------
    plotly.graph_objects.Figure
        One marker trace per shown district (status "ok"): x = difference × 100 (percentage points),
        y = the district's name, asymmetric ``error_x`` from ``ci_low`` to ``ci_high`` (× 100), marker and
        whiskers in the district's colour, hover with the signed difference, the interval and n in Swedish
        number format. A dashed vertical line at 0 is labelled ``zero_label``. Districts whose status is not
        "ok" are not drawn; the figure carries their names as its hidden note (``charts.theme.hidden_note``),
        which the page writes as a caption under it, where it can never run into the axis title.
    """
    is_shown = (frame["status"].astype(object) == "ok") & frame["difference"].notna()
    is_shown = is_shown.to_numpy(dtype=bool)
    shown = frame[is_shown]
    hidden = [names.get(code, str(code)) for code in frame.loc[~is_shown, "stadsdel_kod"]]

    # Traces and layout built as plain plotly JSON and validated once, at construction (``add_trace`` and the
    # update methods validate every property path again: most of this small figure's cost).
    traces, order = [], []
    for row in shown.itertuples():
        code = str(row.stadsdel_kod)
        name = fmt.plain(names.get(code, code))
        colour = colours.get(code, CATEGORICAL[0])
        difference = float(row.difference) * 100
        order.append(name)
        traces.append(
            {
                "type": "scatter",
                "x": [difference],
                "y": [name],
                "mode": "markers",
                "name": name,
                "marker": {"color": colour, "size": 14, "line": {"color": "white", "width": 1}},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [float(row.ci_high) * 100 - difference],
                    "arrayminus": [difference - float(row.ci_low) * 100],
                    "color": colour,
                    "thickness": 3,
                    "width": 8,
                },
                "hovertext": [_hover(name, row, hover_interval=hover_interval, hover_n=hover_n)],
                "hoverinfo": "text",
                "showlegend": False,
            }
        )
    if height is None:  # grow with the rows, plus room for the note naming the hidden districts
        height = max(_MIN_HEIGHT, 140 + _ROW_HEIGHT * max(len(order), 1))
    chart_layout = {
        **_zero_line(zero_label),
        "margin": {"t": 50},  # room for the zero line's label above the plot
        "xaxis": {"title": {"text": axis_title}, "range": _x_range(shown), "zeroline": False},
        # Categories in the frame's order with the first at the top.
        "yaxis": {"categoryorder": "array", "categoryarray": order, "autorange": "reversed"},
    }
    fig = base_layout(go.Figure(traces), height=height, layout=chart_layout)
    set_hidden_note(fig, hidden_note, hidden)
    return fig
