"""Översikt: are we meeting our goals, what do the programmes achieve, where are the challenges?"""

import datetime
import html
from dataclasses import replace

import pandas as pd
import streamlit as st

import texts
from analysis.stats import measures
from charts import format as fmt
from charts import outcomes as outcome_charts
from charts.empty import why_empty
from charts.theme import hidden_note
from ui import cache, context, downloads, safe, tables, widgets
from ui import reports as board_files

#: A goal card's count against its goal: large for the projector, and free to wrap in a narrow card.
GOAL_VALUE = '<p style="font-size: 1.75rem; line-height: 1.2; margin: 0 0 0.5rem 0">{}</p>'

ctx = context.page()
min_n = ctx.settings.min_n
names = widgets.programme_names(ctx.data.programmes)
district_names = widgets.district_names(ctx.data.districts)

st.title(texts.overview_title(safe.md(ctx.info.kommun_namn), ctx.year))
# One click for the board: the report (PDF) and the slides for the municipality and year in view.
board_files.board_downloads(ctx)

figures = cache.key_figures(ctx.path, ctx.year, min_n)
cols = st.columns(4)
# More enrolments is better towards the programmes' goals; a count of the whole register has no interval.
enrolled_change = fmt.delta(figures.enrolled_change, direction=-1)
if enrolled_change is not None:
    enrolled_change = replace(enrolled_change, text=texts.change_from(enrolled_change.text, ctx.year - 1))
widgets.metric(
    cols[0],
    texts.overview_enrolled(ctx.year),
    fmt.count(figures.enrolled, min_n),
    enrolled_change,
    help=texts.COUNTS_HELP,
)
cols[1].metric(
    texts.OVERVIEW_POSITIVE,
    fmt.count(figures.positive, min_n),
    help=texts.overview_positive_help(fmt.count(figures.finished, min_n), ctx.year),
)
if figures.rate is None:
    cols[2].metric(texts.OVERVIEW_RATE, texts.HIDDEN_FIGURE, help=texts.OUTCOME_HELP)
else:
    change = fmt.delta(
        figures.change,
        unit=texts.PERCENT_POINTS,
        decimals=1,
        factor=100,
        direction=-1,  # a higher outcome rate is better: a fall is red
        reading=figures.change_reading,
    )
    widgets.metric(cols[2], texts.OVERVIEW_RATE, fmt.percent(figures.rate, 1), change, help=texts.OUTCOME_HELP)
    cols[2].caption(
        texts.overview_rate_caption(
            fmt.interval(figures.ci_low, figures.ci_high),
            fmt.number(figures.n),
            ctx.year,
            None if figures.change is None else ctx.year - 1,
            None if figures.previous_rate is None else fmt.percent(figures.previous_rate, 1),
            None if figures.change is None else fmt.points_interval(figures.change_low, figures.change_high, 1),
        )
    )
cols[3].metric(texts.OVERVIEW_ONGOING, fmt.count(figures.ongoing, min_n), help=texts.OVERVIEW_ONGOING_HELP)
st.caption(texts.ongoing_note(fmt.count(figures.ongoing, min_n)))

st.subheader(texts.overview_goals_title(ctx.year))
# Today's date decides whether a goal's year is over ("nåddes") or still running ("hittills").
progress = cache.goal_progress(ctx.path, min_n, datetime.date.today())
progress = progress[progress["ar"] == ctx.year]
if progress.empty:
    st.info(texts.overview_no_goals(ctx.year))
else:
    by_programme = list(progress.groupby("insats", sort=False))
    goal_cols = st.columns(len(by_programme))
    for col, (programme, goals) in zip(goal_cols, by_programme, strict=True):
        with col, st.container(border=True):
            st.markdown(safe.bold(names.get(programme, programme)))
            for goal in goals.itertuples():
                label, value, reading = tables.goal_card(goal, min_n)
                st.markdown(label)
                # Markdown, not st.metric: a metric cuts a long value ("färre än 5 av 30") short; this wraps.
                st.markdown(GOAL_VALUE.format(html.escape(value)), unsafe_allow_html=True)
                if not goal.suppressed and not pd.isna(goal.andel):
                    st.progress(min(float(goal.andel), 1.0))
                st.caption(reading)

st.subheader(texts.overview_challenged_title(ctx.year))
index_values = cache.district_values(ctx.path, "socioekonomiskt_index", ctx.year, ctx.settings)
challenged = measures.most_challenged(index_values, 3)
if not challenged:
    st.info(texts.OVERVIEW_NO_INDEX)
else:
    types = cache.district_values(ctx.path, "omradestyp", ctx.year, ctx.settings).set_index("stadsdel_kod")
    shown = index_values.set_index("stadsdel_kod").loc[challenged]
    challenge_cols = st.columns(len(challenged) + 1)
    for col, code in zip(challenge_cols, challenged, strict=False):
        area_type = types.loc[code, "value"]
        # Markdown, not st.metric: metrics on this page are counts of people, this is an index.
        with col.container(border=True):
            st.markdown(safe.bold(district_names.get(code, code)))
            st.markdown(texts.overview_index_value(fmt.number(shown.loc[code, "value"], 1)))
            if not pd.isna(area_type):
                st.caption(texts.AREA_TYPE_LABELS.get(int(area_type), ""))

    def compare_challenged() -> None:
        context.set_selected_districts(challenged)

    if challenge_cols[-1].button(texts.OVERVIEW_COMPARE_CHALLENGED, on_click=compare_challenged, type="primary"):
        st.switch_page("pages/jamfor.py")
    st.caption(texts.OVERVIEW_CHALLENGED_CAPTION)

st.subheader(texts.OVERVIEW_TREND_TITLE)
trend = cache.programme_outcome_rates(ctx.path, min_n)
empty = why_empty(trend, "trend")
if empty:
    st.info(texts.empty_chart("trend", empty, year=None, min_n=min_n))
else:
    fig = cache.figure(outcome_charts.rate_trend, trend, group="insats", labels=names, min_n=min_n)
    trend_table = tables.rate_table(
        trend, {"ar": texts.COLUMNS["year"], "insats": texts.COLUMNS["programme"]}, {"insats": names}, min_n
    )
    widgets.chart(fig, alt=texts.OVERVIEW_TREND_ALT, table=trend_table)
    trend_meta = downloads.meta(ctx, texts.OVERVIEW_TREND_TITLE, period=downloads.years(trend["ar"]))
    downloads.chart_downloads(fig, trend_meta, "oversikt_trend", table=trend_table)
    if hidden_note(fig):
        st.caption(safe.md(hidden_note(fig)))
    st.caption(texts.OUTCOME_HELP + " " + texts.OVERVIEW_TREND_CAPTION)
