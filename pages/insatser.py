"""Insatser: per programme, enrolled → finished → outcome; groups reached; the job programme's roles."""

import streamlit as st

import texts
from charts import format as fmt
from charts import funnel as funnel_charts
from charts import outcomes as outcome_charts
from ui import cache, context, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
names = widgets.programme_names(ctx.data.programmes)

st.title(texts.insatser_title(ctx.info.kommun_namn, ctx.year))

period = st.radio(
    texts.INSATSER_PERIOD,
    ["year", "all"],
    format_func=lambda p: texts.insatser_period_option(p, ctx.year),
    horizontal=True,
    key="insatser_period",
)
year = ctx.year if period == "year" else None

st.subheader(texts.insatser_funnel_title(year))
funnel = cache.programme_funnel(ctx.path, year, min_n)
widgets.chart(
    outcome_charts.funnel(funnel, labels=names, min_n=min_n),
    alt=texts.insatser_funnel_alt(year),
    table=tables.funnel_table(funnel, names, min_n),
)
st.caption(f"{texts.INSATSER_FUNNEL_NOTE} {texts.OUTCOME_HELP}")

st.subheader(texts.INSATSER_GROUPS_TITLE)
programme = st.selectbox(texts.INSATSER_PROGRAMME, list(names), format_func=names.get, key="insatser_insats")
group_by, group_labels = widgets.group_picker(ctx, ["malgrupp", "kon", "stadsdel_kod"], "insatser_grupp")
table, programme_rate = cache.group_outcomes(ctx.path, group_by, programme, year, min_n)
ref = None if programme_rate is None else {"name": names[programme], "rate": programme_rate}
if table.empty:
    st.info(texts.insatser_no_finished(names[programme], year))
else:
    widgets.chart(
        outcome_charts.rate_bars(
            table,
            category=group_by,
            labels=group_labels,
            min_n=min_n,
            axis_title=texts.OUTCOMES_POSITIVE_SHARE,
            reference=ref,
        ),
        alt=texts.insatser_groups_alt(names[programme], year),
        table=tables.rate_table(table, {group_by: texts.INSATSER_GROUP_COLUMN}, {group_by: group_labels}, min_n),
    )

extension = cache.extension_rates(ctx.path, ("roll",), min_n)
if not extension.empty:
    st.subheader(texts.INSATSER_EXTENSION_TITLE)
    total = cache.extension_rates(ctx.path, (), min_n)
    if len(total) and not bool(total["suppressed"].iloc[0]):
        row = total.iloc[0]
        st.metric(texts.INSATSER_EXTENSION_METRIC, fmt.percent(row["rate"]), help=texts.INSATSER_EXTENSION_HELP)
        st.caption(
            f"{texts.CHART_INTERVAL_95} {fmt.interval(row['ci_low'], row['ci_high'])}, n = {fmt.number(row['n'])}"
        )
    widgets.chart(
        outcome_charts.rate_bars(
            extension,
            category="roll",
            labels=texts.ROLE_LABELS,
            min_n=min_n,
            axis_title=texts.INSATSER_EXTENSION_AXIS,
        ),
        alt=texts.INSATSER_EXTENSION_ALT,
        table=tables.rate_table(
            extension,
            {"roll": texts.INSATSER_ROLE_COLUMN},
            {"roll": texts.ROLE_LABELS},
            min_n,
            rate_title=texts.INSATSER_EXTENSION_COLUMN,
        ),
    )

st.subheader(texts.INSATSER_LASTING_TITLE)
horizon = st.radio(
    texts.INSATSER_FOLLOW_UP,
    list(texts.INSATSER_FOLLOW_UP_OPTIONS),
    format_func=texts.INSATSER_FOLLOW_UP_OPTIONS.get,
    horizontal=True,
    key="insatser_uppfoljning",
)
lasting_by, lasting_labels = widgets.group_picker(
    ctx, ["insats", "malgrupp", "stadsdel_kod"], "insatser_varaktig_grupp"
)
lasting = cache.lasting_outcomes(ctx.path, (lasting_by,), horizon, min_n)
widgets.chart(
    outcome_charts.rate_bars(
        lasting.rename(columns={"andel": "rate"}),
        category=lasting_by,
        labels=lasting_labels,
        min_n=min_n,
        axis_title=texts.INSATSER_LASTING_AXIS,
    ),
    alt=texts.insatser_lasting_alt(texts.INSATSER_FOLLOW_UP_OPTIONS[horizon]),
    table=tables.lasting_table(lasting.rename(columns={lasting_by: "insats"}), lasting_labels, min_n),
)
st.caption(texts.INSATSER_LASTING_NOTE)
st.markdown(texts.INSATSER_TIME_TITLE)
st.dataframe(
    tables.time_table(cache.time_to_outcome(ctx.path, ("insats",), min_n), names, min_n),
    hide_index=True,
    width="stretch",
)

st.subheader(texts.insatser_districts_title(year))
funnel_programme = st.selectbox(
    texts.INSATSER_FUNNEL_PROGRAMME,
    ["alla", *names],
    format_func=lambda c: texts.INSATSER_ALL_PROGRAMMES if c == "alla" else names[c],
    key="insatser_tratt",
)
funnel_table, funnel_limits = cache.district_funnel(
    ctx.path, year, None if funnel_programme == "alla" else funnel_programme, min_n
)
district_names = widgets.district_names(ctx.data.districts)
if funnel_table.empty:
    st.info(texts.INSATSER_NO_FINISHED_PERIOD)
else:
    widgets.chart(
        funnel_charts.funnel_plot(funnel_table, funnel_limits, names=district_names, min_n=min_n),
        alt=texts.INSATSER_DISTRICT_FUNNEL_ALT,
        table=tables.funnel_flags(funnel_table, district_names, min_n),
    )
    phi = float(funnel_table["phi"].iloc[0])
    widened = float(funnel_table["phi_used"].iloc[0]) > 1
    st.caption(texts.insatser_district_funnel_note(fmt.number(phi, 2), widened))
