"""Översikt: are we meeting our goals, what do the programmes achieve, how is it changing?"""

import pandas as pd
import streamlit as st

import texts
from charts import format as fmt
from charts import outcomes as outcome_charts
from ui import cache, context, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
names = widgets.programme_names(ctx.data.programmes)

st.title(f"Översikt: {ctx.info.kommun_namn} {ctx.year}")

figures = cache.key_figures(ctx.path, ctx.year, min_n)
cols = st.columns(4)
cols[0].metric(f"Inskrivna {ctx.year}", fmt.count(figures.enrolled, min_n), help="Insatser som startade under året.")
cols[1].metric(
    "Till arbete, praktik eller studier",
    fmt.count(figures.positive, min_n),
    help=f"Av {fmt.count(figures.finished, min_n)} insatser som avslutades {ctx.year}.",
)
if figures.rate is None:
    cols[2].metric("Andel med positivt utfall", texts.suppressed(min_n), help=texts.OUTCOME_HELP)
else:
    cols[2].metric(
        "Andel med positivt utfall",
        fmt.percent(figures.rate),
        delta=None if figures.change is None else fmt.percent_points(figures.change),
        help=texts.OUTCOME_HELP,
    )
    cols[2].caption(
        f"95 % intervall {fmt.interval(figures.ci_low, figures.ci_high)}, n = {fmt.number(figures.n)} "
        f"avslutade {ctx.year}" + ("" if figures.change is None else f"; jämfört med {ctx.year - 1}")
    )
cols[3].metric("Pågående vid årets slut", fmt.count(figures.ongoing, min_n), help="Insatser som pågick 31 december.")
st.caption(texts.ongoing_note(fmt.count(figures.ongoing, min_n)))

st.subheader(f"Måluppfyllelse {ctx.year}")
progress = cache.goal_progress(ctx.path, min_n)
progress = progress[progress["ar"] == ctx.year]
if progress.empty:
    st.info(f"Inga mål är angivna för {ctx.year}.")
else:
    by_programme = list(progress.groupby("insats", sort=False))
    goal_cols = st.columns(len(by_programme))
    for col, (programme, goals) in zip(goal_cols, by_programme, strict=True):
        with col, st.container(border=True):
            st.markdown(f"**{names.get(programme, programme)}**")
            for goal in goals.itertuples():
                st.metric(
                    texts.GOAL_MEASURE_LABELS.get(goal.matt, goal.matt).capitalize(),
                    f"{fmt.count(goal.utfall, min_n)} av {fmt.number(goal.malvarde)}",
                )
                if not goal.suppressed and not pd.isna(goal.andel):
                    st.progress(min(float(goal.andel), 1.0))
                st.caption(texts.goal_status(goal.uppnatt))

st.subheader("Utfall över tid per insats")
trend = cache.outcome_rates(ctx.path, ("ar", "insats"), min_n)
fig = outcome_charts.rate_trend(trend, group="insats", labels=names, min_n=min_n)
widgets.chart(
    fig,
    alt="Linjediagram: andel avslutade insatser som ledde till arbete, praktik eller studier, per år och insats.",
    table=tables.rate_table(trend, {"ar": "År", "insats": "Insats"}, {"insats": names}, min_n),
)
st.caption(texts.OUTCOME_HELP + " De lodräta strecken visar 95 % konfidensintervall (Wilson).")
