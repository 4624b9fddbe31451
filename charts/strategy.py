"""Figures for the integration strategy (issue 12): the action plan's timeline, a measure's linked
indicators before and after its start (series, difference-in-differences, progress to target), the
housing of newly arrived (placements by area type, their dispersal over the years), activities per
district and by kind, and the value scenario.

Inputs are the frames of ``analysis.stats.plan``, ``analysis.stats.dispersal``, ``analysis.stats.activities``
and ``analysis.stats.value``. As everywhere in ``charts``: hidden (suppressed) and missing values are never
drawn as numbers (no point, no bar; named in the note the page writes under the figure,
``charts.theme.hidden_note``), every number is formatted the Swedish way (``charts.format``), every label
comes from ``texts``. A figure given nothing to draw raises ``ValueError``: the page asks `why_empty` first
and says ``texts.strategy_chart_empty(chart, reason)`` instead of drawing.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

import texts
from charts import format as fmt
from charts.theme import (
    CATEGORICAL,
    MUNICIPALITY_COLOUR,
    NOTE_COLOUR,
    base_layout,
    set_hidden_note,
)

#: Plan statuses (``analysis.vocab.PLAN_STATUSES``) in Okabe–Ito colours; a paused measure is also hatched,
#: so status never rests on colour alone.
PLAN_STATUS_COLOURS = {"planerad": "#56B4E9", "pagaende": "#0072B2", "genomford": "#009E73", "pausad": "#E69F00"}
PLAN_STATUS_PATTERNS = {"planerad": "", "pagaende": "", "genomford": "", "pausad": "/"}
#: The groups of ``analysis.stats.plan.series`` / ``before_after``: target districts blue, the rest of the
#: municipality black (as the municipality everywhere), the comparable districts vermillion and dashed.
GROUP_COLOURS = {"malomraden": "#0072B2", "ovriga": MUNICIPALITY_COLOUR, "jamforelse": "#D55E00"}
GROUP_DASHES = {"malomraden": "solid", "ovriga": "solid", "jamforelse": "dash"}
#: Progress towards a target (``analysis.stats.plan.progress``'s status).
PROGRESS_COLOURS = {"natt": "#009E73", "pa_vag": "#0072B2", "bort_fran": "#D55E00", "oforandrat": "#777777"}
#: Placed persons against the population, per area type: blue against dark grey (apart in lightness too).
PLACED_COLOUR, POPULATION_COLOUR = "#0072B2", "#E69F00"  # Okabe–Ito blue and orange
#: Where a bar of progress is cut (a far overshoot would flatten the others; its text still gives the values).
PROGRESS_CLIP = (-0.5, 1.5)

#: Every chart of this module that can end up empty: (value columns, status column or None).
CHARTS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "timeline": (("startdatum",), None),
    "series": (("varde",), "status"),
    "progress": (("andel_av_vagen",), "status"),
    "placements": (("andel_placerade", "andel_befolkning"), "status"),
    "dispersal": (("D",), "status"),
    "activities": (("aktiviteter_per_1000",), None),
    "kinds": (("aktiviteter",), None),
}
_HIDDEN_STATUSES = {"suppressed", "dolt"}


def why_empty(table: pd.DataFrame | None, chart: str, *, column: str | None = None) -> str | None:
    """None when ``chart`` (a key of `CHARTS`) would draw at least one value of ``table``; otherwise the
    reason (``charts.empty.REASONS``): ``"no_data"`` (no rows, or only zero counts of activities),
    ``"all_hidden"`` (every row with a status is hidden by the small-number rule) or ``"missing"``.
    ``column`` overrides the drawn column (``activities_by_district``'s measure)."""
    if table is None or table.empty:
        return "no_data"
    columns, status = CHARTS[chart]
    if column is not None:
        columns = (column,)
    if chart == "timeline":
        return None
    values = np.column_stack([_floats(table[c]) for c in columns])
    has_value = ~np.isnan(values)
    if chart in ("activities", "kinds"):  # counts of activities: nothing but zeros is nothing to draw
        if (has_value & (values != 0)).any():
            return None
        if columns[0].startswith("deltagare") and table["deltagare"].isna().any():
            return "all_hidden"
        held = _floats(table["aktiviteter"])
        return "missing" if (~has_value.any(axis=1) & (held > 0)).any() else "no_data"
    if chart == "placements" and (table["status"] == "missing").all():
        return "no_data"  # nobody placed in the period
    if chart == "progress" and (table["status"] == "ej_an").any():
        return None  # a target year still to come is drawn as a row that says so
    if has_value.any():
        return None
    if status is not None and table[status].isin(_HIDDEN_STATUSES).any():
        return "all_hidden"
    return "missing"


def _floats(values) -> np.ndarray:
    return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _require(table: pd.DataFrame | None, what: str) -> None:
    if table is None or len(table) == 0:
        raise ValueError(f"charts.strategy.{what}: nothing to draw; ask charts.strategy.why_empty first")


def _wrap(label: str, width: int = 28) -> str:
    """Break a long label over lines so it is never cut off at the figure's edge."""
    lines = [""]
    for word in str(label).split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "<br>".join(lines)


def _is_share(kind: str) -> bool:
    return kind in ("share", "rate")


def _value_text(value, kind: str) -> str:
    return fmt.percent(value, 1) if _is_share(kind) else fmt.number(value)


def _interval_text(low, high, kind: str) -> str:
    if _is_share(kind):
        return fmt.interval(low, high, 1)
    return fmt.DASH if fmt._missing(low) or fmt._missing(high) else f"{fmt.number(low)}{fmt.DASH}{fmt.number(high)}"


def _change_text(change, kind: str) -> str:
    if _is_share(kind):
        return fmt.percent_points(change, 1)
    return fmt.signed(change)


def _date_text(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


# --- 1. the action plan on a timeline -------------------------------------------------------------------


def _wrap_within(label: str, width: int, lines: int | None) -> str:
    """``label`` broken at words about every ``width`` characters; with ``lines``, on at most that many lines,
    each as wide as it takes (a label is never cut: the column grows instead)."""
    if lines is None:
        return _wrap(label, width)
    if lines <= 1:
        return str(label)
    wrapped = _wrap(label, width)
    while wrapped.count("<br>") >= lines:
        width += 2
        wrapped = _wrap(label, width)
    return wrapped


#: A row of the timeline per line of its tallest label (CSS pixels), and at least this for one or two lines.
TIMELINE_LINE_PITCH, TIMELINE_ROW_PITCH = 22, 44


def plan_timeline(plan: pd.DataFrame, *, today, height: int | None = None, lines: int | None = None) -> go.Figure:
    """The measures of ``Dataset.plan`` as horizontal bars from ``startdatum`` to ``slutdatum``, one row per
    measure (its ``titel``) grouped by the responsible actor (``ansvarig``, the outer axis level), coloured by
    ``status``. A measure without an end date runs to ``today`` and ends in an arrow (it continues); one
    that has not started yet and has no end is an arrow at its start. A dotted line marks ``today``. The
    hover gives actor, partners, how many districts, status, evidence and its source.

    No title or actor is ever cut. On the page (``lines`` None) they wrap at about 34 and 20 characters; the
    board report and the slides (``lines=2``) keep each on at most two lines, and the projector, whose
    window sets the height (``lines=1``), on one, the label column growing as it needs. Each row is as high as
    its tallest label (at least two lines' worth): the height grows with the number of measures and the
    lines. The years run along the bottom, horizontally: one tick a year over a short plan, every second or
    fifth year over a long one."""
    _require(plan, "plan_timeline")
    today = pd.Timestamp(today).normalize()
    frame = plan.sort_values(["ansvarig", "startdatum", "titel"], kind="stable").reset_index(drop=True)
    # A name from a file is text, never markup: escaped (before wrapping: an entity has no space to break at).
    actors = [_wrap_within(html.escape(str(a)), 20, lines) for a in frame["ansvarig"]]
    # A title repeated under one actor would merge into one row: keep rows apart by the measure's id.
    titles = frame["titel"].astype(str)
    repeated = titles.groupby(frame["ansvarig"]).transform(lambda s: s.duplicated(keep=False))
    rows = [
        _wrap_within(html.escape(label), 26 if lines else 34, lines)
        for label in (
            f"{t} ({i})" if rep else t for t, i, rep in zip(titles, frame["atgard_id"], repeated, strict=True)
        )
    ]
    # An actor's label spans its rows: its lines are shared out over them.
    rows_of = frame["ansvarig"].map(frame["ansvarig"].value_counts()).to_numpy()
    tallest = max(
        max(r.count("<br>") + 1 for r in rows),
        max(-(-(a.count("<br>") + 1) // int(n)) for a, n in zip(actors, rows_of, strict=True)),
    )
    pitch = max(TIMELINE_ROW_PITCH, TIMELINE_LINE_PITCH * tallest)
    hover = [_plan_hover(r) for r in frame.itertuples()]
    fig = go.Figure()
    # An invisible first trace with every row in order fixes the rows' order (plotly orders the categories
    # of a multi-category axis as they first appear, and the bars come trace by trace, status by status).
    fig.add_trace(
        go.Scatter(
            x=[pd.Timestamp(d).isoformat() for d in frame["startdatum"]],
            y=[actors, rows],
            mode="markers",
            marker={"opacity": 0},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for status, colour in PLAN_STATUS_COLOURS.items():
        mask = (frame["status"] == status).to_numpy()
        if not mask.any():
            continue
        starts, lengths, index = [], [], []
        for i in np.flatnonzero(mask):
            start, end = pd.Timestamp(frame.at[i, "startdatum"]), frame.at[i, "slutdatum"]
            end = today if pd.isna(end) else pd.Timestamp(end)
            if end <= start:  # not started and open: only its arrow is drawn
                continue
            starts.append(start)
            lengths.append((end - start) / pd.Timedelta(milliseconds=1))
            index.append(i)
        # A status none of whose measures has a bar yet keeps its (square) legend entry: one empty bar.
        shown = index or [int(np.flatnonzero(mask)[0])]
        fig.add_trace(
            go.Bar(
                base=[s.isoformat() for s in starts] if index else [None],
                x=lengths if index else [None],
                y=[[actors[i] for i in shown], [rows[i] for i in shown]],
                orientation="h",
                name=texts.PLAN_STATUS_LABELS[status],
                legendgroup=status,
                showlegend=True,
                marker={
                    "color": colour,
                    "line": {"color": "#333333", "width": 0.5},
                    "pattern": {"shape": PLAN_STATUS_PATTERNS[status], "fgcolor": "#333333"},
                },
                hovertext=[hover[i] for i in shown],
                hoverinfo="text",
            )
        )
        open_rows = [i for i in np.flatnonzero(mask) if pd.isna(frame.at[i, "slutdatum"])]
        if open_rows:
            fig.add_trace(
                go.Scatter(
                    x=[max(today, pd.Timestamp(frame.at[i, "startdatum"])).isoformat() for i in open_rows],
                    y=[[actors[i] for i in open_rows], [rows[i] for i in open_rows]],
                    mode="markers",
                    marker={
                        "symbol": "triangle-right",
                        "size": 16,
                        "color": colour,
                        "line": {"color": "#333333", "width": 1},
                    },
                    name=texts.PLAN_STATUS_LABELS[status],
                    legendgroup=status,
                    showlegend=False,
                    hovertext=[hover[i] for i in open_rows],
                    hoverinfo="text",
                )
            )
    if frame["slutdatum"].isna().any():  # what the arrow means, in the legend
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[[actors[0]], [rows[0]]],
                mode="markers",
                marker={
                    "symbol": "triangle-right",
                    "size": 14,
                    "color": "white",
                    "line": {"color": "#333333", "width": 1.5},
                },
                name=texts.STRATEGY_CHART_OPEN_ENDED,
                hoverinfo="skip",
            )
        )
    # plotly's add_vline fails on date axes with an annotation: the line and its label are added apart.
    fig.add_shape(
        type="line",
        x0=today,
        x1=today,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line={"color": MUNICIPALITY_COLOUR, "width": 2, "dash": "dot"},
    )
    first, last, step = _timeline_span(frame, today)
    fig.add_annotation(
        x=today,
        y=1,
        xref="x",
        yref="paper",
        yanchor="bottom",
        # Written towards the middle from the line: today is mostly near the end, where a centred label is cut.
        xanchor="right" if today > first + (last - first) / 2 else "left",
        showarrow=False,
        text=f"{texts.STRATEGY_CHART_TODAY} {_date_text(today)}",
        bgcolor="rgba(255,255,255,0.85)",
    )
    base_layout(fig, height=height or 170 + pitch * len(frame))
    fig.update_layout(barmode="overlay", bargap=0.35, legend={"y": 1.06})
    fig.update_xaxes(
        type="date",
        range=[first.isoformat(), last.isoformat()],
        tickformat="%Y",
        dtick=f"M{12 * step}",
        tick0="2000-01-01",
        tickangle=0,
        showgrid=True,
    )
    fig.update_yaxes(autorange="reversed", type="multicategory")
    return fig


def _timeline_span(frame: pd.DataFrame, today: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """The timeline's date range (the first start to the last end, start or ``today``, with a little room for
    the arrows) and the years between its ticks: 1 over up to 8 years, 2 up to 16, else 5, so the labels fit
    side by side on the narrowest plot the chart is drawn at (the page at 1280 px)."""
    starts = pd.to_datetime(frame["startdatum"])
    ends = pd.to_datetime(frame["slutdatum"])
    first = starts.min()
    last = max(today, starts.max(), ends.max() if ends.notna().any() else today)
    pad = max((last - first) * 0.03, pd.Timedelta(days=60))
    first, last = first - pad, last + pad
    years = last.year - first.year + 1
    return first.normalize(), last.normalize(), 1 if years <= 8 else 2 if years <= 16 else 5


def _plan_hover(row) -> str:
    labels = texts.STRATEGY_CHART_PLAN_HOVER
    partners = ", ".join(row.partner) if isinstance(row.partner, (tuple, list)) and row.partner else ""
    districts = row.stadsdelar if isinstance(row.stadsdelar, (tuple, list)) else ()
    end = texts.STRATEGY_CHART_OPEN_ENDED if pd.isna(row.slutdatum) else _date_text(row.slutdatum)
    lines = [
        f"<b>{html.escape(str(row.titel))}</b>",
        f"{labels['actor']}: {html.escape(str(row.ansvarig))}",
        f"{labels['partners']}: {html.escape(partners) or texts.STRATEGY_CHART_NO_PARTNERS}",
        f"{labels['districts']}: {texts.strategy_chart_districts(len(districts), bool(row.hela_kommunen))}",
        f"{labels['period']}: {_date_text(row.startdatum)} {fmt.DASH} {end}",
        f"{labels['status']}: {texts.PLAN_STATUS_LABELS.get(row.status, row.status)}",
        f"{labels['evidence']}: {texts.PLAN_EVIDENCE_LABELS.get(row.evidens, row.evidens)}",
    ]
    source = getattr(row, "evidens_kalla", "")
    if isinstance(source, str) and source.strip():
        lines.append(f"{labels['source']}: {_wrap(html.escape(source), 60)}")
    return "<br>".join(lines)


# --- 2–4. a measure's linked indicator ------------------------------------------------------------------


def _error(values, low, high, scale: float, horizontal: bool = False) -> dict:
    values, low, high = _floats(values), _floats(low), _floats(high)
    return {
        "type": "data",
        "symmetric": False,
        "array": ((high - values) * scale).tolist(),
        "arrayminus": ((values - low) * scale).tolist(),
        "thickness": 1.5,
        "width": 0 if horizontal else 5,
    }


def _note(fig: go.Figure, hidden: list[str], missing: list[str], min_n: int) -> None:
    if hidden or missing:
        text = texts.strategy_chart_not_shown(min_n, ", ".join(hidden), ", ".join(missing))
        set_hidden_note(fig, "", text=text)


def indicator_series(
    series: pd.DataFrame,
    *,
    kind: str,
    start_year: int,
    labels: Mapping[str, str] | None = None,
    min_n: int = 5,
    axis_title: str | None = None,
    title: str | None = None,
    height: int = 440,
) -> go.Figure:
    """One linked indicator over the years, one line per group of ``analysis.stats.plan.series``
    (``ar, grupp, varde, n, ci_low, ci_high, status``): target districts, the rest of the municipality and
    the comparable districts, shares and rates (``kind``) in percent with their 95 % intervals as error bars
    (the groups are shifted a little apart so the bars do not cover each other). A point whose status is not
    ``"ok"`` is a gap, named in the figure's hidden note; a dotted line between the year before and
    ``start_year`` marks the measure's start. ``labels`` overrides the group names of
    ``texts.PLAN_GROUP_LABELS``."""
    _require(series, "indicator_series")
    names = {**texts.PLAN_GROUP_LABELS, **(labels or {})}
    scale = 100.0 if _is_share(kind) else 1.0
    groups = [g for g in GROUP_COLOURS if g in set(series["grupp"])] + sorted(set(series["grupp"]) - set(GROUP_COLOURS))
    years = sorted(int(y) for y in series["ar"].unique())
    fig = go.Figure()
    hidden, missing = [], []
    for i, group in enumerate(groups):
        part = series[series["grupp"] == group].set_index("ar").reindex(years).reset_index()
        status = part["status"].fillna("missing")
        ok = (status == "ok").to_numpy() & ~np.isnan(_floats(part["varde"]))
        name = names.get(group, str(group))
        hidden += [f"{name} {y}" for y, s in zip(years, status, strict=True) if s in _HIDDEN_STATUSES]
        missing += [
            f"{name} {y}"
            for y, s, o in zip(years, status, ok, strict=True)
            if not o and s not in _HIDDEN_STATUSES and y in set(series.loc[series["grupp"] == group, "ar"])
        ]
        value = np.where(ok, _floats(part["varde"]), np.nan)
        low = np.where(ok, _floats(part["ci_low"]), np.nan)
        high = np.where(ok, _floats(part["ci_high"]), np.nan)
        offset = (i - (len(groups) - 1) / 2) * 0.08
        hover = [
            "<br>".join(
                [
                    f"<b>{name}</b> {y}",
                    f"{_value_text(v, kind)} ({texts.CHART_INTERVAL_95} {_interval_text(lo, hi, kind)})"
                    if _is_share(kind)
                    else _value_text(v, kind),
                    f"n = {fmt.number(n)}",
                ]
            )
            for y, v, lo, hi, n in zip(years, value, low, high, part["n"], strict=True)
        ]
        colour = GROUP_COLOURS.get(group, CATEGORICAL[i % len(CATEGORICAL)])
        fig.add_trace(
            go.Scatter(
                x=[y + offset for y in years],
                y=[None if np.isnan(v) else v * scale for v in value],
                error_y=_error(value, low, high, scale) if not np.isnan(low).all() else None,
                mode="lines+markers",
                name=name,
                line={"color": colour, "width": 3, "dash": GROUP_DASHES.get(group, "solid")},
                marker={"size": 9, "color": colour},
                hovertext=hover,
                hoverinfo="text",
                connectgaps=False,
            )
        )
    fig.add_vline(x=start_year - 0.5, line={"color": NOTE_COLOUR, "width": 2, "dash": "dot"})
    fig.add_annotation(
        x=start_year - 0.5,
        y=1,
        xref="x",
        yref="paper",
        yanchor="bottom",
        xanchor="left",
        showarrow=False,
        text=texts.strategy_chart_start(int(start_year)),
        bgcolor="rgba(255,255,255,0.85)",
    )
    base_layout(fig, title=title, height=height)
    fig.update_layout(legend={"y": 1.08})
    fig.update_xaxes(tickvals=years, ticktext=[str(y) for y in years], range=[min(years) - 0.6, max(years) + 0.6])
    if _is_share(kind):
        fig.update_yaxes(ticksuffix=f"{fmt.NBSP}%", rangemode="tozero")
    else:
        fig.update_yaxes(rangemode="tozero", tickformat=",d")
    fig.update_yaxes(
        title=axis_title or (texts.STRATEGY_CHART_SHARE_AXIS if _is_share(kind) else texts.STRATEGY_CHART_COUNT_AXIS)
    )
    _note(fig, hidden, missing, min_n)
    return fig


def _field(obj, name: str, index: int):
    """``name`` of a result, whether it is a dataclass, a named tuple or a plain tuple."""
    if obj is None:
        return None
    if hasattr(obj, name):
        return getattr(obj, name)
    if isinstance(obj, Mapping):
        return obj.get(name)
    return obj[index]


def did_chart(result, *, series: pd.DataFrame | None = None, height: int = 380) -> go.Figure:
    """The difference-in-differences of ``analysis.stats.plan.difference_in_differences`` for a board.

    Left ("before and after the start": from the result's ``target_before`` … ``comparison_after``, or else
    from ``series`` of ``analysis.stats.plan.series`` with the same comparison; left out when neither has
    them): the target and the comparable districts' pooled shares in ``base_year`` (hollow dot) and
    ``after_year`` (filled dot) joined by an arrow. Right: the DiD estimate in percentage points with its 95 %
    interval against a line at 0, and below it the placebo difference over the two years before the start
    when there is one (a check of parallel trends: far from 0 means the comparison is weak). The title states
    the finding and its reading; the subtitle that a difference is not proof of effect.

    Every number stands in a row label, never beside a mark: the left panel's labels (group, the two values
    with their years, the change) on its left, the right panel's (what the row is, its value) on the figure's
    right edge. Plotly makes room for axis labels (automargin), so at any width (the page, the A4 report, a
    slide) no label runs into another, into a mark or into the other panel. Raises ``ValueError`` when there
    is no estimate."""
    estimate = _field(result, "estimate", 0)
    if result is None or fmt._missing(estimate):
        raise ValueError("charts.strategy.did_chart: no difference-in-differences estimate to draw")
    ci_low, ci_high = _field(result, "ci_low", 1), _field(result, "ci_high", 2)
    reading = _field(result, "reading", 3)
    base_year, after_year = int(_field(result, "base_year", 4)), int(_field(result, "after_year", 5))
    pairs = _result_pairs(result)
    if not pairs and series is not None:
        pairs = _did_pairs(series, base_year, after_year)
    if pairs:
        fig = make_subplots(
            rows=1,
            cols=2,
            column_widths=[0.55, 0.45],
            horizontal_spacing=0.06,
            subplot_titles=(texts.STRATEGY_CHART_DID_BEFORE_AFTER, texts.STRATEGY_CHART_DID_DIFFERENCE),
        )
        _draw_pairs(fig, pairs, base_year, after_year)
        col = 2
    else:
        fig = make_subplots(rows=1, cols=1, subplot_titles=(texts.STRATEGY_CHART_DID_DIFFERENCE,))
        col = 1
    rows = [(texts.STRATEGY_CHART_DID_ESTIMATE, estimate, ci_low, ci_high, MUNICIPALITY_COLOUR)]
    pre = _field(result, "pre_trend", 9) if not isinstance(result, Mapping) or "pre_trend" in result else None
    if pre is not None and not fmt._missing(_field(pre, "estimate", 0)):
        rows.append(
            (
                texts.STRATEGY_CHART_DID_PRE_TREND,
                _field(pre, "estimate", 0),
                _field(pre, "ci_low", 1),
                _field(pre, "ci_high", 2),
                "#777777",
            )
        )
    labels = [f"{_wrap(r[0], 24)}<br><b>{fmt.percent_points(r[1], 1)}</b>" for r in rows]
    fig.add_trace(
        go.Scatter(
            x=[float(r[1]) * 100 for r in rows],
            y=list(range(len(rows))),
            error_x=_error([r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], 100, horizontal=True),
            mode="markers",
            marker={"size": 14, "color": [r[4] for r in rows], "symbol": "diamond"},
            hovertext=[
                f"<b>{r[0]}</b><br>{fmt.percent_points(r[1], 1)}<br>{texts.CHART_INTERVAL_95}: "
                f"{fmt.points_interval(r[2], r[3])}"
                for r in rows
            ],
            hoverinfo="text",
            showlegend=False,
        ),
        row=1,
        col=col,
    )
    fig.add_vline(x=0, line={"color": NOTE_COLOUR, "width": 1.5}, row=1, col=col)
    bounds = [abs(v) for r in rows for v in (_floats([r[2]])[0], _floats([r[3]])[0], float(r[1])) if not np.isnan(v)]
    reach = max([*bounds, 0.005])
    fig.update_xaxes(
        range=[-reach * 115, reach * 115],
        ticksuffix="",
        title=texts.STRATEGY_CHART_DID_AXIS,
        zeroline=False,
        row=1,
        col=col,
    )
    # The estimate's labels on the right edge: between the panels they would run into the left one.
    fig.update_yaxes(
        tickvals=list(range(len(rows))),
        ticktext=labels,
        range=[len(rows) - 0.5, -0.5],
        side="right" if pairs else "left",
        row=1,
        col=col,
    )
    reading_text = texts.CHANGE_CHANCE if reading in (None, "chance") else texts.CHANGE_CLEAR
    title = texts.strategy_chart_did_title(fmt.percent_points(estimate, 1), reading_text)
    base_layout(fig, height=height)
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 20}, "subtitle": {"text": texts.STRATEGY_CHART_DID_CAVEAT}},
        margin={"t": 110},
    )
    return fig


def _result_pairs(result) -> list[tuple[str, float, float]]:
    """The four pooled values the estimate is made of, when the result carries them."""
    values = [getattr(result, name, None) for name in ("target_before", "target_after")]
    values += [getattr(result, name, None) for name in ("comparison_before", "comparison_after")]
    if any(fmt._missing(v) for v in values):
        return []
    return [("malomraden", float(values[0]), float(values[1])), ("jamforelse", float(values[2]), float(values[3]))]


def _did_pairs(series: pd.DataFrame, base_year: int, after_year: int) -> list[tuple[str, float, float]]:
    pairs = []
    for group in ("malomraden", "jamforelse"):
        part = series[(series["grupp"] == group) & (series["status"] == "ok")].set_index("ar")["varde"]
        if base_year in part.index and after_year in part.index:
            pairs.append((group, float(part[base_year]), float(part[after_year])))
    return pairs if len(pairs) == 2 else []


def _draw_pairs(fig: go.Figure, pairs, base_year: int, after_year: int) -> None:
    """The left panel: per group a hollow dot (``base_year``), a filled one (``after_year``) and an arrow
    between them; the values and the change in the row's label."""
    names = texts.PLAN_GROUP_LABELS
    labels = []
    for y, (group, before, after) in enumerate(pairs):
        colour = GROUP_COLOURS[group]
        values = (base_year, fmt.percent(before, 1), after_year, fmt.percent(after, 1))
        change = fmt.percent_points(after - before, 1)
        hover = f"<b>{names[group]}</b><br>" + texts.strategy_chart_did_pair(*values, change)
        labels.append(texts.strategy_chart_did_row(f"<b>{_wrap(names[group], 24)}</b>", *values, change))
        fig.add_trace(
            go.Scatter(
                x=[before * 100, after * 100],
                y=[y, y],
                mode="markers",
                marker={"size": 14, "color": ["white", colour], "line": {"color": colour, "width": 3}},
                hovertext=[hover, hover],
                hoverinfo="text",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
        if round(after, 4) != round(before, 4):
            fig.add_annotation(
                x=after * 100,
                y=y,
                ax=before * 100,
                ay=y,
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowsize=1.2,
                arrowwidth=3,
                arrowcolor=colour,
                standoff=9,
                startstandoff=9,
                text="",
            )
    values = [v * 100 for _, b, a in pairs for v in (b, a)]
    pad = max((max(values) - min(values)) * 0.2, 1.0)
    fig.update_xaxes(range=[min(values) - pad, max(values) + pad], ticksuffix=f"{fmt.NBSP}%", row=1, col=1)
    fig.update_yaxes(
        tickvals=list(range(len(pairs))),
        ticktext=labels,
        range=[len(pairs) - 0.5, -0.5],
        row=1,
        col=1,
    )


def progress_bars(
    progress: pd.DataFrame, *, labels: Mapping[str, str] | None = None, min_n: int = 5, height: int | None = None
) -> go.Figure:
    """How far each linked indicator of a measure has come, from ``analysis.stats.plan.progress``
    (``indikator, kind, malvarde, malar, utgangsvarde, senaste_varde, senaste_ar, andel_av_vagen, status``):
    one horizontal bar per indicator over the way from its baseline (0) to its target (1), coloured by
    status, cut at −50 % and 150 % (the row's text gives the values). The row label says baseline →
    latest (year), target by year; a count whose target year the data have not reached yet says so (not
    "missing"). Shares and rates are in 0–1 like the statistics' other values. An
    indicator that is hidden or has no data gets no bar; its row says so and the hidden note names it.
    ``labels`` maps indicator keys to names (default ``texts.MEASURE_LABELS``, else the key)."""
    _require(progress, "progress_bars")
    names = {**texts.MEASURE_LABELS, **(labels or {})}
    rows, values, colours, bar_texts, hover, hidden, missing = [], [], [], [], [], [], []
    for r in progress.itertuples():
        named = names.get(r.indikator, str(r.indikator))  # as typed, for the hidden note
        name = html.escape(named, quote=False)  # as Plotly draws it
        status_text = texts.plan_progress_status(r.status, None if fmt._missing(r.malar) else int(r.malar))
        shown = r.status not in ("saknas", "dolt", "ej_an") and not fmt._missing(r.andel_av_vagen)
        if shown:
            way = texts.strategy_chart_progress_text(
                _value_text(r.utgangsvarde, r.kind),
                _value_text(r.senaste_varde, r.kind),
                str(int(r.senaste_ar)) if not fmt._missing(r.senaste_ar) else fmt.DASH,
                _value_text(r.malvarde, r.kind),
                str(int(r.malar)),
            )
        else:
            way = status_text
            if r.status != "ej_an":  # a target year still to come is not missing: its row says so
                (hidden if r.status == "dolt" else missing).append(named)
        rows.append(f"<b>{_wrap(name, 34)}</b><br>{way}")
        share = float(r.andel_av_vagen) if shown else None
        values.append(None if share is None else min(max(share, PROGRESS_CLIP[0]), PROGRESS_CLIP[1]) * 100)
        colours.append(PROGRESS_COLOURS.get(r.status, "#777777"))
        bar_texts.append(f"{status_text} ({fmt.percent(share)})" if shown else "")
        hover.append(f"<b>{name}</b><br>{way}<br>{status_text}")
    fig = go.Figure(
        go.Bar(
            y=rows,
            x=values,
            orientation="h",
            marker_color=colours,
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    # The status in words right of the bar, or right of the baseline for a bar that goes backwards (text
    # outside a bar to the left would run into the row labels).
    fig.add_trace(
        go.Scatter(
            y=rows,
            x=[None if v is None else max(v, 0.0) + 2 for v in values],
            mode="text",
            text=bar_texts,
            textposition="middle right",
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for x in (0, 100):
        fig.add_vline(x=x, line={"color": MUNICIPALITY_COLOUR, "width": 1.5, "dash": "dash" if x else "solid"})
    base_layout(fig, height=height or 140 + 70 * len(rows))
    fig.update_xaxes(
        range=[PROGRESS_CLIP[0] * 100 - 10, 230],
        tickvals=[-50, 0, 50, 100, 150],
        ticktext=[
            fmt.percent(-0.5),
            texts.STRATEGY_CHART_BASELINE,
            fmt.percent(0.5),
            texts.STRATEGY_CHART_TARGET,
            fmt.percent(1.5),
        ],
        title=texts.STRATEGY_CHART_PROGRESS_AXIS,
    )
    fig.update_yaxes(autorange="reversed")
    _note(fig, hidden, missing, min_n)
    return fig


# --- 5–6. housing for newly arrived ---------------------------------------------------------------------


def placements_vs_population(by_type: pd.DataFrame, *, min_n: int = 5, height: int = 460) -> go.Figure:
    """Per SCB area type 1–5 (``texts.AREA_TYPE_LABELS``), the share of the persons placed there (with its
    Wilson 95 % interval) beside the type's share of the population, from
    ``analysis.stats.dispersal.placements_by_area_type`` (``omradestyp, personer, hushall, andel_placerade,
    ci_low, ci_high, andel_befolkning, kvot, status``). Spread like the population means the two bars of
    each type are equally long. A type whose placements are hidden gets no placed bar and is named in the
    hidden note; its population bar stays."""
    _require(by_type, "placements_vs_population")
    frame = by_type.sort_values("omradestyp", na_position="last")
    types = [None if pd.isna(t) else int(t) for t in frame["omradestyp"]]
    full_names = [
        texts.STRATEGY_CHART_NO_AREA_TYPE
        if t is None
        else texts.AREA_TYPE_LABELS.get(t, texts.segregation_area_type(t))
        for t in types
    ]
    names = [_wrap(n, 36) for n in full_names]
    ok = (frame["status"] == "ok").to_numpy() & ~np.isnan(_floats(frame["andel_placerade"]))
    is_hidden = frame["status"].isin(_HIDDEN_STATUSES).to_numpy()
    placed = np.where(ok, _floats(frame["andel_placerade"]), np.nan)
    low, high = np.where(ok, _floats(frame["ci_low"]), np.nan), np.where(ok, _floats(frame["ci_high"]), np.nan)
    population = _floats(frame["andel_befolkning"])
    # A hidden share is never drawn: its row says so in its label, where the bar would have been.
    rows = [
        n if o else f"{n}<br><i>{texts.STRATEGY_CHART_PLACED}: {texts.HIDDEN_FIGURE if h else texts.MISSING_VALUE}</i>"
        for n, o, h in zip(names, ok, is_hidden, strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=rows,
            x=[None if np.isnan(v) else v * 100 for v in placed],
            error_x=_error(placed, low, high, 100, horizontal=True),
            orientation="h",
            name=texts.STRATEGY_CHART_PLACED,
            marker={"color": PLACED_COLOUR},
            offsetgroup="placed",
            hovertext=[
                f"<b>{n}</b><br>"
                + (
                    texts.strategy_chart_placed_hover(
                        fmt.percent(v, 1), fmt.interval(lo, hi, 1), fmt.count(p, min_n), fmt.count(h, min_n)
                    )
                    if not np.isnan(v)
                    else (texts.HIDDEN_FIGURE if hid else texts.MISSING_VALUE)
                )
                for n, v, lo, hi, p, h, hid in zip(
                    names, placed, low, high, frame["personer"], frame["hushall"], is_hidden, strict=True
                )
            ],
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Bar(
            y=rows,
            x=[None if np.isnan(v) else v * 100 for v in population],
            orientation="h",
            name=texts.STRATEGY_CHART_POPULATION,
            marker={"color": POPULATION_COLOUR},
            offsetgroup="population",
            hovertext=[
                f"<b>{n}</b><br>" + texts.strategy_chart_population_hover(fmt.percent(v, 1), fmt.number(k, 2))
                for n, v, k in zip(names, population, frame["kvot"], strict=True)
            ],
            hoverinfo="text",
        )
    )
    # Each share written right of its bar, past the end of its interval (text outside a bar would sit under
    # the error bar, inside a short bar it shrinks to nothing): text traces in the bars' offset groups.
    ends = [
        (placed, np.where(np.isnan(high), placed, np.fmax(high, placed)), "placed"),
        (population, population, "population"),
    ]
    for values, end, group in ends:
        fig.add_trace(
            go.Scatter(
                y=rows,
                x=[None if np.isnan(e) else e * 100 for e in end],
                mode="text",
                text=[f"{fmt.NBSP}{fmt.percent(v)}" if not np.isnan(v) else "" for v in values],
                textposition="middle right",
                orientation="h",
                offsetgroup=group,
                cliponaxis=False,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    base_layout(fig, height=height)
    fig.update_layout(barmode="group", scattermode="group", bargap=0.3, bargroupgap=0.05)
    # Headroom right of the longest bar (or interval) for its label: text outside the plot area is drawn
    # (cliponaxis off) but cut at the figure's edge, and the margin does not grow for it.
    fig.update_xaxes(
        range=[
            0,
            _label_headroom([e * 100 for _, end, _ in ends for e in end if not np.isnan(e)]),
        ],
        ticksuffix=f"{fmt.NBSP}%",
        title=texts.STRATEGY_CHART_SHARE_AXIS,
    )
    # Type 1 at the top; within a type the placed bar above the population's, as in the legend.
    fig.update_yaxes(autorange="reversed")
    hidden = [n for n, o, h in zip(full_names, ok, is_hidden, strict=True) if not o and h]
    missing = [n for n, o, h in zip(full_names, ok, is_hidden, strict=True) if not o and not h]
    # Nobody placed at all is said by the page (why_empty); a type nobody was placed in is a share of 0.
    _note(fig, hidden, missing if not (frame["status"] == "missing").all() else [], min_n)
    return fig


#: The share of the axis a bar's label written right of its end needs (about 5 characters at the type's size on
#: the narrowest plot the chart is drawn at: the A4 report's and the page's at 1280 px, about 450 px wide).
LABEL_HEADROOM = 0.22


def _label_headroom(ends: list[float]) -> float:
    """The upper end of a percent axis whose longest bar (or interval) ends at ``max(ends)``, leaving
    `LABEL_HEADROOM` of the axis for the label written right of it."""
    longest = max(ends, default=0.0)
    return max(longest / (1 - LABEL_HEADROOM), longest + 5.0, 10.0)


def dispersal_over_time(by_year: pd.DataFrame, *, min_n: int = 5, height: int = 420) -> go.Figure:
    """The placements' dissimilarity index D against the population per year, from
    ``analysis.stats.dispersal.dispersal_by_year`` (``ar, personer, D, D_slump, D_slump_low, D_slump_high,
    status``), on a 0–1 axis, with the 2.5–97.5 % range of D under random placement as a grey band
    ("expected with random placement": D that small placements reach by chance alone) and its median
    dashed. A year whose status is not ``"ok"`` is a gap named in the hidden note."""
    _require(by_year, "dispersal_over_time")
    frame = by_year.sort_values("ar")
    years = [int(y) for y in frame["ar"]]
    ok = (frame["status"] == "ok").to_numpy() & ~np.isnan(_floats(frame["D"]))
    d = np.where(ok, _floats(frame["D"]), np.nan)
    low = np.where(ok, _floats(frame["D_slump_low"]), np.nan)
    high = np.where(ok, _floats(frame["D_slump_high"]), np.nan)
    median = np.where(ok, _floats(frame["D_slump"]), np.nan)

    def _y(values):
        return [None if np.isnan(v) else float(v) for v in values]

    fig = go.Figure()
    # The band one polygon per run of years with a value (a fill across a hidden year would invent one);
    # a lone year's range is a short thick bar.
    band = "rgba(120,120,120,0.25)"
    for i, run in enumerate(_runs(ok & ~np.isnan(low) & ~np.isnan(high))):
        run_years = [years[j] for j in run]
        common = {
            "name": texts.STRATEGY_CHART_DISPERSAL_RANDOM,
            "legendgroup": "slump",
            "showlegend": i == 0,
            "hoverinfo": "skip",
        }
        if len(run) > 1:
            fig.add_trace(
                go.Scatter(
                    x=run_years + run_years[::-1],
                    y=[float(high[j]) for j in run] + [float(low[j]) for j in run[::-1]],
                    mode="lines",
                    line={"width": 0},
                    fill="toself",
                    fillcolor=band,
                    **common,
                )
            )
        else:
            j = run[0]
            fig.add_trace(
                go.Scatter(
                    x=[years[j], years[j]],
                    y=[float(low[j]), float(high[j])],
                    mode="lines",
                    line={"width": 14, "color": band},
                    **common,
                )
            )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=_y(median),
            mode="lines",
            line={"color": NOTE_COLOUR, "width": 1.5, "dash": "dash"},
            legendgroup="slump",
            showlegend=False,
            hoverinfo="skip",
            connectgaps=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=_y(d),
            mode="lines+markers",
            name=texts.STRATEGY_CHART_DISPERSAL_D,
            line={"color": PLACED_COLOUR, "width": 3},
            marker={"size": 9},
            connectgaps=False,
            hovertext=[
                f"<b>{y}</b><br>"
                + texts.strategy_chart_dispersal_hover(
                    fmt.number(v, 2), fmt.number(lo, 2), fmt.number(hi, 2), fmt.count(p, min_n)
                )
                for y, v, lo, hi, p in zip(years, d, low, high, frame["personer"], strict=True)
            ],
            hoverinfo="text",
        )
    )
    base_layout(fig, height=height)
    fig.update_xaxes(tickvals=years, ticktext=[str(y) for y in years])
    fig.update_yaxes(range=[0, 1], tickformat=".1f", title=texts.SEGREGATION_INDEX_AXIS)
    hidden_years = frame["status"].isin(_HIDDEN_STATUSES).to_numpy()
    _note(
        fig,
        [str(y) for y, o, h in zip(years, ok, hidden_years, strict=True) if not o and h],
        [str(y) for y, o, h in zip(years, ok, hidden_years, strict=True) if not o and not h],
        min_n,
    )
    return fig


def _runs(mask: np.ndarray) -> list[list[int]]:
    """Indices of the runs of consecutive True values in ``mask``."""
    runs: list[list[int]] = []
    for i, flag in enumerate(mask):
        if flag:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    return runs


# --- 7–8. activities ------------------------------------------------------------------------------------


def activities_by_district(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    per_1000: bool = True,
    measure: str = "aktiviteter",
    min_n: int = 5,
    height: int | None = None,
) -> go.Figure:
    """One horizontal bar per district (``labels``: code → name) from
    ``analysis.stats.activities.activities_by_district`` (``stadsdel_kod, aktiviteter, deltagare,
    uppskattade, aktiviteter_per_1000, deltagare_per_1000``): ``measure`` ``"aktiviteter"`` (activities held,
    exact) or ``"deltagare"`` (participants, published), per 1,000 residents or (``per_1000=False``) as the
    number. A hidden participant count is never drawn: in participant bars the district gets no bar and its
    text says "färre än N"; in activity bars the hover says so. Districts without a value (no population for
    the rate) are named in the hidden note."""
    _require(table, "activities_by_district")
    if measure not in ("aktiviteter", "deltagare"):
        raise ValueError(f"charts.strategy.activities_by_district: unknown measure {measure!r}")
    column = f"{measure}_per_1000" if per_1000 else measure
    values = _floats(table[column])
    order = np.argsort(-np.nan_to_num(values, nan=-1.0), kind="stable")
    frame = table.iloc[order].reset_index(drop=True)
    values = values[order]
    named = [labels.get(c, c) for c in frame["stadsdel_kod"]]  # as typed, for the hidden note
    names = [html.escape(str(n), quote=False) for n in named]  # as Plotly draws them
    participants_hidden = frame["deltagare"].isna().to_numpy()
    bar_texts, hover, hidden, missing = [], [], [], []
    for name, raw, value, r, hid in zip(names, named, values, frame.itertuples(), participants_hidden, strict=True):
        if np.isnan(value):
            if measure == "deltagare" and hid:
                bar_texts.append(texts.suppressed(min_n))
                hidden.append(raw)
            else:
                bar_texts.append(texts.MISSING_VALUE)
                missing.append(raw)
        else:
            bar_texts.append(fmt.number(value, 1 if per_1000 else 0))
        estimated = getattr(r, "uppskattade", np.nan)
        hover.append(
            f"<b>{name}</b><br>"
            + texts.strategy_chart_activity_hover(
                fmt.number(r.aktiviteter),
                fmt.count(r.deltagare, min_n),
                "" if fmt._missing(estimated) or hid or float(estimated) == 0 else fmt.percent(estimated),
            )
            + (f"<br>{texts.STRATEGY_CHART_ACTIVITY_AXES[column]}: {bar_texts[-1]}" if per_1000 else "")
        )
    fig = go.Figure(
        go.Bar(
            y=names,
            x=[None if np.isnan(v) else float(v) for v in values],
            orientation="h",
            marker_color=CATEGORICAL[0] if measure == "aktiviteter" else CATEGORICAL[2],
            text=bar_texts,
            textposition="outside",
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    # A hidden or missing value gets no bar (plotly then draws no text either): its reason stands at 0.
    blank = np.isnan(values)
    if blank.any():
        fig.add_trace(
            go.Scatter(
                y=[n for n, b in zip(names, blank, strict=True) if b],
                x=[0] * int(blank.sum()),
                mode="text",
                text=[t for t, b in zip(bar_texts, blank, strict=True) if b],
                textposition="middle right",
                textfont={"color": NOTE_COLOUR},
                cliponaxis=False,
                hovertext=[h for h, b in zip(hover, blank, strict=True) if b],
                hoverinfo="text",
                showlegend=False,
            )
        )
    base_layout(fig, height=height or 120 + 30 * max(len(names), 3))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=texts.STRATEGY_CHART_ACTIVITY_AXES[column], rangemode="tozero")
    _note(fig, hidden, missing, min_n)
    return fig


def activities_by_kind(table: pd.DataFrame, *, height: int = 420) -> go.Figure:
    """Activities held per year, stacked by kind (``texts.ACTIVITY_KIND_LABELS``), from
    ``analysis.stats.activities.activities_by_kind`` (``ar, typ, aktiviteter``; a table of one period without
    ``ar`` draws one bar). Counts of activities are exact (they are not people)."""
    _require(table, "activities_by_kind")
    frame = table if "ar" in table.columns else table.assign(ar=0)
    years = sorted(int(y) for y in frame["ar"].unique())
    # analysis.stats.activities lists every kind (0 where none were held): only the kinds held are drawn.
    present = set(frame.loc[_floats(frame["aktiviteter"]) > 0, "typ"])
    kinds = [k for k in texts.ACTIVITY_KIND_LABELS if k in present] + sorted(present - set(texts.ACTIVITY_KIND_LABELS))
    known = list(texts.ACTIVITY_KIND_LABELS)
    ticks = [str(y) for y in years] if "ar" in table.columns else [texts.STRATEGY_CHART_KINDS_AXIS]
    fig = go.Figure()
    for kind in kinds:
        i = known.index(kind) if kind in known else len(known) + kinds.index(kind)
        part = frame[frame["typ"] == kind].groupby("ar")["aktiviteter"].sum().reindex(years, fill_value=0)
        name = texts.ACTIVITY_KIND_LABELS.get(kind, str(kind))
        fig.add_trace(
            go.Bar(
                x=ticks,
                y=[int(v) for v in part],
                name=name,
                marker_color=CATEGORICAL[i % len(CATEGORICAL)],
                hovertext=[f"<b>{name}</b> {y}: {fmt.number(v)}" for y, v in zip(ticks, part, strict=True)],
                hoverinfo="text",
            )
        )
    base_layout(fig, height=height)
    totals = frame.groupby("ar")["aktiviteter"].sum().reindex(years, fill_value=0)
    # The year's total above its stack (placed by the category's index: a year written as a string would be
    # read as a number on the category axis).
    for i, total in enumerate(totals):
        fig.add_annotation(x=i, y=int(total), text=f"<b>{fmt.number(total)}</b>", showarrow=False, yanchor="bottom")
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=texts.STRATEGY_CHART_KINDS_AXIS, tickformat=",d", rangemode="tozero")
    return fig


# --- 9. the value scenario ------------------------------------------------------------------------------


def _msek(sek) -> str:
    return texts.strategy_chart_msek(fmt.number(float(sek) / 1e6, 1))


def _assumption_text(name: str, assumption) -> str:
    low, high = _field(assumption, "low", 0), _field(assumption, "high", 1)
    unit = texts.STRATEGY_CHART_VALUE_UNITS.get(name, "")
    if name in ("deadweight", "discount_rate"):
        decimals = 0 if name == "deadweight" else 1
        return f"{fmt.number(low * 100, decimals)}{fmt.DASH}{fmt.percent(high, decimals)}"
    low_text, high_text = (fmt.number(v, 0 if float(v).is_integer() else 1) for v in (low, high))
    return f"{low_text}{fmt.DASH}{high_text}{fmt.NBSP}{unit}".strip()


def value_range(scenario, *, source: str | None = None, height: int = 340) -> go.Figure:
    """The value scenario of ``analysis.stats.value.value_scenario`` (``low, central, high`` in SEK,
    ``people``, ``assumptions``) as one interval in millions of kronor: a band from low to high with the
    central value (every assumption at the middle of its range) marked, each written out. The title begins
    "Scenario", the subtitle says how many finished enrolments that led to work it counts (enrolments, not
    persons), that it is built on assumptions and is not a measured effect, and names the source of the
    assumptions (``source``, default ``texts.STRATEGY_CHART_VALUE_SOURCE``; ``""`` leaves it to the caption of
    a screen that names its sources once); the hover lists every assumption's range."""
    low, central, high = (float(_field(scenario, n, i)) for i, n in enumerate(("low", "central", "high")))
    if any(np.isnan(v) for v in (low, central, high)):
        raise ValueError("charts.strategy.value_range: the scenario has no values")
    points = texts.STRATEGY_CHART_VALUE_POINTS
    assumptions = _field(scenario, "assumptions", 4)
    lines = []
    if assumptions is not None:
        for name, label in texts.STRATEGY_CHART_VALUE_ASSUMPTIONS.items():
            if hasattr(assumptions, name):
                lines.append(f"{label}: {_assumption_text(name, getattr(assumptions, name))}")
    hover_tail = "<br>" + "<br>".join(lines) if lines else ""
    label = texts.STRATEGY_CHART_VALUE_RANGE
    keys, amounts = ("low", "central", "high"), (low, central, high)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=[0],
            base=[low / 1e6],
            x=[(high - low) / 1e6],
            orientation="h",
            marker={"color": "rgba(0,114,178,0.25)", "line": {"color": PLACED_COLOUR, "width": 2}},
            width=0.5,
            hovertext=[f"<b>{label}</b><br>{_msek(low)} {fmt.DASH} {_msek(high)}{hover_tail}"],
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[central / 1e6],
            y=[0],
            mode="markers",
            marker={
                "size": 20,
                "color": MUNICIPALITY_COLOUR,
                "symbol": "diamond",
                "line": {"color": "white", "width": 2},
            },
            hovertext=[f"<b>{points['central']}</b>: {_msek(central)}{hover_tail}"],
            hoverinfo="text",
            showlegend=False,
        )
    )
    # Low and high under the band's ends, the central value above its mark: never inside the band.
    for key, amount in zip(keys, amounts, strict=True):
        above = key == "central"
        fig.add_annotation(
            x=amount / 1e6,
            y=0.3 if above else -0.3,
            yanchor="bottom" if above else "top",
            xanchor={"low": "left", "central": "center", "high": "right"}[key],
            text=f"{points[key]}: <b>{_msek(amount)}</b>",
            showarrow=False,
        )
    enrolments = _field(scenario, "people", 3)  # finished enrolments that led to work (not persons)
    subtitle = texts.strategy_chart_value_subtitle(fmt.number(enrolments))
    source = texts.STRATEGY_CHART_VALUE_SOURCE if source is None else source
    if source:
        subtitle = f"{subtitle}<br>{_wrap(source, 120)}"
    base_layout(fig, height=height)
    fig.update_layout(
        title={
            "text": texts.STRATEGY_CHART_VALUE_TITLE,
            "x": 0,
            "font": {"size": 20},
            "subtitle": {"text": subtitle, "font": {"size": 14, "color": NOTE_COLOUR}},
        },
        margin={"t": 130 if source else 100},
    )
    span = max(high - low, abs(high) * 0.1, 1.0) / 1e6
    fig.update_xaxes(
        range=[min(0.0, low / 1e6 - 0.1 * span), high / 1e6 + 0.1 * span],
        title=texts.STRATEGY_CHART_VALUE_AXIS,
        tickformat=",.0f",
    )
    fig.update_yaxes(showticklabels=False, range=[-0.9, 0.9], showgrid=False, zeroline=False)
    return fig
