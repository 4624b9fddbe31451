"""Figures for outcome rates, programme funnels, extension rates and district comparisons.

Every rate is drawn with its 95 % interval as an error bar and n in the hover; hidden (suppressed)
values are left out of the figure and named in a note the page writes under it
(``charts.theme.hidden_note``), so no small count can be read off a bar length or a hover.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

import texts
from analysis.frames import as_float_array
from charts import format as fmt
from charts.maps import value_text
from charts.theme import CATEGORICAL, MUNICIPALITY_COLOUR, base_layout, set_hidden_note

#: Group columns whose values are typed into the register, not taken from a fixed list (the template's
#: ``roll`` and ``malgrupp``): a value held by fewer than ``min_n`` people can itself point at them, so a
#: hidden group of these is counted in the note and the table, never named.
FREE_TEXT: tuple[str, ...] = ("roll", "malgrupp")


def _rate_hover(name: str, rate, low, high, n, extra: str = "") -> str:
    return (
        f"<b>{name}</b>{extra}<br>{fmt.percent(rate)} ({texts.CHART_INTERVAL_95} {fmt.interval(low, high)})"
        f"<br>n = {fmt.number(n)}"
    )


def _error_y(frame: pd.DataFrame) -> dict:
    # as_float_array: a column that is hidden in every row can arrive as objects holding pd.NA
    rate = as_float_array(frame["rate"])
    return {
        "type": "data",
        "symmetric": False,
        "array": ((as_float_array(frame["ci_high"]) - rate) * 100).tolist(),
        "arrayminus": ((rate - as_float_array(frame["ci_low"])) * 100).tolist(),
        "thickness": 1.5,
        "width": 4,
    }


#: A percent axis from zero, as layout JSON of one axis (``_percent_axis`` on a built figure).
_PERCENT_AXIS = {"ticksuffix": f"{fmt.NBSP}%", "rangemode": "tozero"}


def _percent_axis(fig: go.Figure, axis: str = "y") -> None:
    getattr(fig, f"update_{axis}axes")(**_PERCENT_AXIS)


def _name_hidden(fig: go.Figure, names: list[str], min_n: int) -> None:
    """Name the hidden groups in the note under the plot, instead of drawing them."""
    set_hidden_note(fig, texts.outcomes_hidden_people(min_n), names)


def rate_trend(
    table: pd.DataFrame,
    *,
    group: str,
    labels: Mapping[str, str],
    min_n: int,
    title: str | None = None,
    height: int = 440,
) -> go.Figure:
    """Outcome rate per year, one line per value of ``group`` (for example ``insats``).

    ``table`` is ``analysis.stats.rates.outcome_rates(..., by=["ar", group])``. Suppressed years are gaps,
    named in the figure's hidden note (``charts.theme.hidden_note``).
    """
    fig = go.Figure()
    hidden: list[str] = []
    for i, (code, part) in enumerate(table.groupby(group, sort=True)):
        named = labels.get(code, str(code))
        name = fmt.plain(named)
        part = part.sort_values("ar")
        shown = part[~part["suppressed"]]
        hidden += [f"{named} {int(y)}" for y in part.loc[part["suppressed"], "ar"]]
        # Reindex on every year so a suppressed year breaks the line instead of bridging it.
        shown = shown.set_index("ar").reindex(part["ar"]).reset_index()
        fig.add_trace(
            go.Scatter(
                x=shown["ar"],
                y=shown["rate"].astype(float) * 100,
                error_y=_error_y(shown),
                mode="lines+markers",
                name=name,
                line={"color": CATEGORICAL[i % len(CATEGORICAL)], "width": 3},
                marker={"size": 9},
                hovertext=[
                    _rate_hover(name, r.rate, r.ci_low, r.ci_high, r.n, f" {int(r.ar)}") for r in shown.itertuples()
                ],
                hoverinfo="text",
                connectgaps=False,
            )
        )
    base_layout(fig, title=title, height=height)
    _percent_axis(fig)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(title=texts.OUTCOMES_POSITIVE_SHARE)
    _name_hidden(fig, hidden, min_n)
    return fig


def _wrap(label: str, width: int = 22) -> str:
    """Break a long axis label over lines so it is never cut off at the figure's edge."""
    words, lines = label.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "<br>".join(lines)


def funnel(table: pd.DataFrame, *, labels: Mapping[str, str], min_n: int, height: int = 420) -> go.Figure:
    """Enrolled → finished → positive outcome per programme, as grouped horizontal bars.

    ``table`` is ``analysis.stats.programmes.programme_funnel``; masked (NA) counts are not drawn and the bar's
    text says "färre än N" instead.
    """
    stages = (("inskrivna", "#56B4E9"), ("avslutade", "#0072B2"), ("positivt", "#009E73"))
    names = [_wrap(fmt.plain(labels.get(code, str(code)))) for code in table["insats"]]
    traces = []
    for col, colour in stages:
        stage_name = texts.OUTCOMES_FUNNEL_STAGES[col]
        values = table[col]
        traces.append(
            go.Bar(
                y=names,
                # A hidden count is a zero-length bar, so its text "färre än N" still stands in its place.
                x=[0 if pd.isna(v) else int(v) for v in values],
                name=stage_name,
                orientation="h",
                marker_color=colour,
                # A hidden positive count may be hidden for its complement (few without a positive outcome),
                # where "färre än N" would be false: it says only that it is hidden.
                text=[texts.HIDDEN_FIGURE if col == "positivt" and pd.isna(v) else fmt.count(v, min_n) for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"<b>%{{y}}</b><br>{stage_name}: %{{text}}<extra></extra>",
            )
        )
    # The traces at construction and the chart's layout with the theme's: plotly validates each once.
    chart_layout = {
        "barmode": "group",
        "bargap": 0.25,
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"title": {"text": texts.OUTCOMES_FUNNEL_AXIS}, "tickformat": ",d"},
    }
    return base_layout(go.Figure(traces), height=height, layout=chart_layout)


def rate_bars(
    table: pd.DataFrame,
    *,
    category: str,
    labels: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
    min_n: int,
    axis_title: str,
    reference: Mapping | None = None,
    height: int = 420,
) -> go.Figure:
    """A rate per category (role, district, …) as bars with 95 % intervals.

    ``table`` has ``category, n, rate, ci_low, ci_high, suppressed``. ``reference`` (``name, rate``)
    draws the municipality's value as a dashed line. Suppressed categories are named in the figure's
    hidden note (``charts.theme.hidden_note``), for the page to write under the chart; groups of a
    free-text column (`FREE_TEXT`: ``roll``, ``malgrupp``) are only counted there, never named.
    """
    labels = labels or {}
    shown = table[~table["suppressed"]]
    names = [fmt.plain(labels.get(c, str(c))) for c in shown[category]]
    colour_list = [(colours or {}).get(c, CATEGORICAL[0]) for c in shown[category]]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=shown["rate"].astype(float) * 100,
            error_y=_error_y(shown),
            marker_color=colour_list,
            text=[fmt.percent(r) for r in shown["rate"]],
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": "white"},
            hovertext=[
                _rate_hover(name, r.rate, r.ci_low, r.ci_high, r.n)
                for name, r in zip(names, shown.itertuples(), strict=True)
            ],
            hoverinfo="text",
            showlegend=False,
        )
    )
    if reference is not None and not pd.isna(reference.get("rate")):
        fig.add_hline(
            y=float(reference["rate"]) * 100,
            line={"dash": "dash", "color": MUNICIPALITY_COLOUR, "width": 2},
            annotation_text=f"{fmt.plain(reference['name'])}: {fmt.percent(reference['rate'])}",
            annotation_position="top right",
            annotation_bgcolor="rgba(255,255,255,0.85)",
        )
    # Many or long category names are drawn slanted and take their room from the plot: give it back, and
    # break a long axis title over two lines, so neither the bars nor the title get squeezed or cut.
    slanted = len(names) > 4 and max(map(len, names)) > 12
    base_layout(fig, height=height + (min(4 * max(map(len, names)), 160) if slanted else 0))
    _percent_axis(fig)
    fig.update_yaxes(title=_wrap(axis_title, 30))
    if len(shown) < 3:  # keep a lone bar from filling the whole width
        fig.update_traces(width=0.4)
    hidden = [labels.get(c, str(c)) for c in table.loc[table["suppressed"], category]]
    if category in FREE_TEXT:
        if hidden:
            set_hidden_note(fig, "", text=texts.hidden_free_text(category, len(hidden), min_n))
    else:
        _name_hidden(fig, hidden, min_n)
    return fig


def value_bars(
    frame: pd.DataFrame,
    *,
    kind: str,
    label: str,
    colours: Mapping[str, str],
    min_n: int,
    height: int = 380,
) -> go.Figure:
    """One district measure for a few districts and the municipality, side by side.

    ``frame``: ``key, name, value, n, ci_low, ci_high, status``, the municipality included with key
    ``"kommun"``. Shares and rates carry 95 % intervals; hidden or missing values get no bar
    and are named in the figure's hidden note (``charts.theme.hidden_note``), which the page writes under it.
    """
    is_share = kind in ("share", "rate")
    scale = 100 if is_share else 1
    values = [None if s != "ok" else float(v) * scale for v, s in zip(frame["value"], frame["status"], strict=True)]
    bar_texts = []
    for row in frame.itertuples():
        if row.status == "suppressed":
            bar_texts.append(texts.outcomes_value_hidden(min_n))
        elif row.status == "missing":
            bar_texts.append(texts.MISSING_VALUE)
        elif is_share:
            bar_texts.append(fmt.percent(row.value))
        else:
            bar_texts.append(value_text(row.value, kind))
    # Hidden and missing values get no bar, hence no error bar either.
    as_rates = frame.assign(rate=frame["value"].where(frame["status"] == "ok"))
    error = _error_y(as_rates) if is_share else None
    hover = []
    for row, text in zip(frame.itertuples(), bar_texts, strict=True):
        lines = [f"<b>{fmt.plain(row.name)}</b>", f"{label}: {text}"]
        if is_share and row.status == "ok":
            lines.append(f"{texts.CHART_INTERVAL_95}: {fmt.interval(row.ci_low, row.ci_high)}")
            lines.append(f"n = {fmt.number(row.n)}")
        hover.append("<br>".join(lines))
    bar = {
        "type": "bar",
        "x": [fmt.plain(name) for name in frame["name"]],
        "y": values,
        "marker": {"color": [colours.get(k, MUNICIPALITY_COLOUR) for k in frame["key"]]},
        "text": bar_texts,
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": hover,
        "hoverinfo": "text",
    }
    if error is not None:
        bar["error_y"] = error
    # Validated once, at construction, with the chart's own layout (``base_layout(layout=)``).
    fig = base_layout(
        go.Figure([bar]), title=label, height=height, layout={"yaxis": _PERCENT_AXIS} if is_share else None
    )
    # plotly draws no text over a missing bar: the hidden and missing ones are named under the chart instead.
    set_hidden_note(fig, texts.compare_hidden(min_n), frame.loc[frame["status"] != "ok", "name"].tolist())
    return fig


def goal_bars(rows: list[dict], *, height: int = 460) -> go.Figure:
    """Each goal's published count as a share of its target, one horizontal bar per goal, with the target
    (100 %) as a dashed line. ``rows`` carry ``label``, ``share`` (None when hidden), ``value`` (the card's
    text, "35 av 30" or "färre än 5 av 30") and ``reading`` (reached or not, in words). A hidden count is
    a zero-length bar whose text says so; bars end at 150 % so one far-exceeded goal does not flatten the
    rest (its text still gives the count)."""
    labels = [_wrap(r["label"], 34) for r in rows]
    reached = [r["status"] in ("reached", "reached_so_far") for r in rows]
    # The count is rounded to 5 and the verdict taken on the exact count (analysis.disclosure), so "5 av 7"
    # can be reached: the bar follows the verdict (a reached goal at least at the line, a missed one short
    # of it), which says no more than the words beside it.
    shares = []
    for row, hit in zip(rows, reached, strict=True):
        share = 0.0 if row["share"] is None else float(row["share"])
        if row["share"] is not None and row["status"] != "unknown":
            share = max(share, 1.0) if hit else min(share, 0.98)
        shares.append(min(share, 1.5) * 100)
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=shares,
            orientation="h",
            marker_color=[CATEGORICAL[2] if hit else CATEGORICAL[0] for hit in reached],
            # A hidden goal's reading is a long sentence beside a bar of length 0: two lines, not cut at the edge.
            text=[_wrap(f"{r['value']} – {r['reading']}", 60) for r in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
            showlegend=False,
        )
    )
    base_layout(fig, height=height)
    fig.add_vline(x=100, line_dash="dash", line_color=MUNICIPALITY_COLOUR)
    fig.update_xaxes(
        range=[0, 230], ticksuffix="\u00a0%", title=texts.GOAL_AXIS, tickvals=[0, 25, 50, 75, 100, 125, 150]
    )
    fig.update_yaxes(autorange="reversed")
    return fig
