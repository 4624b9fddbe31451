"""Insatser: per programme, enrolled → finished → outcome; groups reached; the job programme's roles."""

import streamlit as st

import texts
from analysis.stats import value
from charts import format as fmt
from charts import funnel as funnel_charts
from charts import outcomes as outcome_charts
from charts import strategy as strategy_charts
from charts.empty import why_empty
from charts.theme import hidden_note
from ui import cache, context, downloads, safe, strategy_tables, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
names = widgets.programme_names(ctx.data.programmes)

st.title(texts.insatser_title(safe.md(ctx.info.kommun_namn), ctx.year))

period = st.radio(
    texts.INSATSER_PERIOD,
    ["year", "all"],
    format_func=lambda p: texts.insatser_period_option(p, ctx.year),
    horizontal=True,
    key="insatser_period",
)
year = ctx.year if period == "year" else None
# The period every download of the page names: the year, or all years of the register.
period_text = str(year) if year is not None else texts.export_all_years(*downloads.years_span(ctx.data.participants))


def say_hidden(fig) -> None:
    """The note on hidden groups, under the chart (never inside it, where it could meet the tick labels)."""
    note = hidden_note(fig)
    if note:
        st.caption(safe.md(note))


st.subheader(texts.insatser_funnel_title(year))
funnel = cache.programme_funnel(ctx.path, year, min_n)
empty = why_empty(funnel, "funnel")
if empty:
    st.info(texts.empty_chart("funnel", empty, year=year, min_n=min_n))
else:
    funnel_fig = cache.figure(outcome_charts.funnel, funnel, labels=names, min_n=min_n)
    funnel_rows = tables.funnel_table(funnel, names, min_n)
    widgets.chart(funnel_fig, alt=texts.insatser_funnel_alt(year), table=funnel_rows)
    funnel_meta = downloads.meta(ctx, texts.insatser_funnel_title(year), period=period_text)
    downloads.chart_downloads(funnel_fig, funnel_meta, "insatser_tratt_insatser", table=funnel_rows)
st.caption(f"{texts.INSATSER_FUNNEL_NOTE} {texts.OUTCOME_HELP}")

if year is not None and year - 1 in ctx.data.years:
    # Did the programmes' outcome rates get better or worse since last year, and could that be chance.
    st.subheader(texts.insatser_change_title(year, year - 1))
    changes = cache.programme_rate_changes(ctx.path, year, min_n)
    change_rows, change_colours = tables.change_table(
        changes,
        names,
        kind="rate",
        direction=-1,
        base=year - 1,
        year=year,
        min_n=min_n,
        key="insats",
        first_column=texts.COLUMNS["programme"],
    )
    widgets.table(change_rows, colours=change_colours)
    change_meta = downloads.meta(
        ctx, texts.insatser_change_title(year, year - 1), period=texts.export_years(year - 1, year)
    )
    downloads.table_downloads(change_rows, change_meta, "insatser_forandring")
    st.caption(texts.INSATSER_CHANGE_CAPTION)

st.subheader(texts.INSATSER_GROUPS_TITLE)
programme = st.selectbox(texts.INSATSER_PROGRAMME, list(names), format_func=names.get, key="insatser_insats")
group_by, group_labels = widgets.group_picker(ctx, ["malgrupp", "kon", "stadsdel_kod"], "insatser_grupp")
table, programme_rate = cache.group_outcomes(ctx.path, group_by, programme, year, min_n)
ref = None if programme_rate is None else {"name": names[programme], "rate": programme_rate}
empty = why_empty(table, "groups")
if empty:
    st.info(texts.empty_chart("groups", empty, year=year, min_n=min_n, name=names[programme]))
else:
    fig = cache.figure(
        outcome_charts.rate_bars,
        table,
        category=group_by,
        labels=group_labels,
        min_n=min_n,
        axis_title=texts.OUTCOMES_POSITIVE_SHARE,
        reference=ref,
    )
    group_rows = tables.rate_table(table, {group_by: texts.INSATSER_GROUP_COLUMN}, {group_by: group_labels}, min_n)
    widgets.chart(fig, alt=texts.insatser_groups_alt(names[programme], year), table=group_rows)
    group_filters = (
        texts.export_filter("programme", names[programme]),
        texts.export_filter("group", texts.GROUP_NAMES[group_by]),
    )
    group_meta = downloads.meta(ctx, texts.INSATSER_GROUPS_TITLE, period=period_text, filters=group_filters)
    downloads.chart_downloads(fig, group_meta, "insatser_grupper", table=group_rows)
    say_hidden(fig)

# The job programme's section appears when the register records extension decisions at all; its figures
# follow the period (the enrolments that ended in the year, like the outcome rate).
if not cache.extension_rates(ctx.path, (), min_n).empty:
    st.subheader(texts.INSATSER_EXTENSION_TITLE)
    total = cache.extension_rates(ctx.path, (), min_n, year)
    extension = cache.extension_rates(ctx.path, ("roll",), min_n, year)
    empty = why_empty(extension, "roles")
    if empty == "no_data":
        st.info(texts.empty_chart("roles", empty, year=year, min_n=min_n))
    elif bool(total["suppressed"].iloc[0]):
        st.metric(texts.insatser_extension_metric(year), texts.HIDDEN_FIGURE, help=texts.INSATSER_EXTENSION_HELP)
        st.caption(texts.insatser_extension_hidden(min_n, year))
    else:
        row = total.iloc[0]
        st.metric(texts.insatser_extension_metric(year), fmt.percent(row["rate"]), help=texts.INSATSER_EXTENSION_HELP)
        st.caption(
            texts.insatser_extension_caption(fmt.interval(row["ci_low"], row["ci_high"]), fmt.number(row["n"]), year)
        )
    if empty == "all_hidden" and not bool(total["suppressed"].iloc[0]):  # a hidden total already says it
        st.info(texts.empty_chart("roles", empty, year=year, min_n=min_n))
    elif not empty:
        # Roles are free text typed into the register: the chart and the table count hidden ones, never name them.
        fig = cache.figure(
            outcome_charts.rate_bars,
            extension,
            category="roll",
            labels=texts.ROLE_LABELS,
            min_n=min_n,
            axis_title=texts.INSATSER_EXTENSION_AXIS,
        )
        extension_rows = tables.rate_table(
            extension,
            {"roll": texts.INSATSER_ROLE_COLUMN},
            {"roll": texts.ROLE_LABELS},
            min_n,
            rate_title=texts.INSATSER_EXTENSION_COLUMN,
        )
        widgets.chart(fig, alt=texts.insatser_extension_alt(year), table=extension_rows)
        extension_meta = downloads.meta(ctx, texts.INSATSER_EXTENSION_TITLE, period=period_text)
        downloads.chart_downloads(fig, extension_meta, "insatser_forlangning", table=extension_rows)
        say_hidden(fig)

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
empty = why_empty(lasting, "lasting")
if empty:
    st.info(texts.empty_chart("lasting", empty, year=None, min_n=min_n, name=texts.INSATSER_FOLLOW_UP_OPTIONS[horizon]))
else:
    fig = cache.figure(
        outcome_charts.rate_bars,
        lasting.rename(columns={"andel": "rate"}),
        category=lasting_by,
        labels=lasting_labels,
        min_n=min_n,
        axis_title=texts.INSATSER_LASTING_AXIS,
    )
    lasting_rows = tables.lasting_table(lasting, lasting_labels, min_n, key=lasting_by)
    widgets.chart(fig, alt=texts.insatser_lasting_alt(texts.INSATSER_FOLLOW_UP_OPTIONS[horizon]), table=lasting_rows)
    lasting_filters = (
        texts.export_filter("follow_up", texts.INSATSER_FOLLOW_UP_OPTIONS[horizon]),
        texts.export_filter("group", texts.GROUP_NAMES[lasting_by]),
    )
    lasting_meta = downloads.meta(
        ctx,
        texts.INSATSER_LASTING_TITLE,
        period=texts.export_all_years(*downloads.years_span(ctx.data.participants)),
        filters=lasting_filters,
    )
    downloads.chart_downloads(fig, lasting_meta, "insatser_varaktiga", table=lasting_rows)
    say_hidden(fig)
st.caption(texts.INSATSER_LASTING_NOTE)
st.markdown(texts.INSATSER_TIME_TITLE)
time_rows = tables.time_table(cache.time_to_outcome(ctx.path, ("insats",), min_n), names, min_n)
st.dataframe(time_rows, hide_index=True, width="stretch")
time_meta = downloads.meta(
    ctx, texts.INSATSER_TIME_TITLE, period=texts.export_all_years(*downloads.years_span(ctx.data.participants))
)
downloads.table_downloads(time_rows, time_meta, "insatser_tid")

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
empty = why_empty(funnel_table, "districts")
if empty:
    st.info(texts.empty_chart("districts", empty, year=year, min_n=min_n))
else:
    fig = cache.figure(funnel_charts.funnel_plot, funnel_table, funnel_limits, names=district_names, min_n=min_n)
    flag_rows = tables.funnel_flags(funnel_table, district_names, min_n)
    widgets.chart(fig, alt=texts.INSATSER_DISTRICT_FUNNEL_ALT, table=flag_rows)
    funnel_programme_name = texts.INSATSER_ALL_PROGRAMMES if funnel_programme == "alla" else names[funnel_programme]
    district_meta = downloads.meta(
        ctx,
        texts.insatser_districts_title(year),
        period=period_text,
        filters=(texts.export_filter("programme", funnel_programme_name),),
    )
    downloads.chart_downloads(fig, district_meta, "insatser_tratt_stadsdelar", table=flag_rows)
    say_hidden(fig)
    phi = float(funnel_table["phi"].iloc[0])
    widened = float(funnel_table["phi_used"].iloc[0]) > 1
    st.caption(texts.insatser_district_funnel_note(fmt.number(phi, 2), widened))

# Issue 12: what reaching work may be worth to the public purse. A scenario on assumptions, never an effect.
st.subheader(texts.VALUE_TITLE)
st.warning(texts.VALUE_NOT_EFFECT)
value_programme = st.selectbox(
    texts.INSATSER_PROGRAMME,
    ["alla", *names],
    format_func=lambda c: texts.INSATSER_ALL_PROGRAMMES if c == "alla" else names[c],
    key="varde_insats",
)
people = value.people_in_work(
    ctx.data.participants, year, programme=None if value_programme == "alla" else value_programme, min_n=min_n
)
defaults = value.ValueAssumptions()
cols = st.columns(4)
cost = cols[0].slider(
    texts.VALUE_COST, 0, 1000, (int(defaults.cost_per_year_sek.low / 1000), int(defaults.cost_per_year_sek.high / 1000)),
    step=10, key="varde_kostnad", help=texts.VALUE_COST_HELP,
)  # fmt: skip
deadweight = cols[1].slider(
    texts.VALUE_DEADWEIGHT, 0, 100, (int(defaults.deadweight.low * 100), int(defaults.deadweight.high * 100)),
    step=5, key="varde_dodvikt", help=texts.VALUE_DEADWEIGHT_HELP,
)  # fmt: skip
duration = cols[2].select_slider(
    texts.VALUE_DURATION, [x / 2 for x in range(0, 41)],
    value=(float(defaults.duration_years.low), float(defaults.duration_years.high)),
    format_func=lambda v: fmt.number(v, 1), key="varde_varaktighet", help=texts.VALUE_DURATION_HELP,
)  # fmt: skip
rate = cols[3].select_slider(
    texts.VALUE_RATE, [x / 2 for x in range(0, 21)],
    value=(defaults.discount_rate.low * 100, defaults.discount_rate.high * 100),
    format_func=lambda v: fmt.number(v, 1), key="varde_ranta", help=texts.VALUE_RATE_HELP,
)  # fmt: skip
scenario = value.value_scenario(
    people,
    value.ValueAssumptions(
        cost_per_year_sek=(cost[0] * 1000, cost[1] * 1000),
        deadweight=(deadweight[0] / 100, deadweight[1] / 100),
        duration_years=duration,
        discount_rate=(rate[0] / 100, rate[1] / 100),
    ),
)
if people == 0:
    st.info(texts.value_no_people(period_text, min_n))
else:
    st.markdown(
        texts.value_sentence(
            fmt.number(people),
            period_text,
            fmt.number(scenario.low / 1e6, 1),
            fmt.number(scenario.high / 1e6, 1),
            fmt.number(scenario.central / 1e6, 1),
        )
    )
    value_fig = cache.figure(strategy_charts.value_range, scenario)
    value_rows = strategy_tables.value_table(scenario)
    widgets.chart(value_fig, alt=texts.VALUE_ALT, table=value_rows)
    value_programme_name = texts.INSATSER_ALL_PROGRAMMES if value_programme == "alla" else names[value_programme]
    value_meta = downloads.meta(
        ctx,
        texts.VALUE_TITLE,
        period=period_text,
        filters=(texts.export_filter("programme", value_programme_name),),
        notes=(texts.VALUE_NOT_EFFECT, texts.VALUE_SOURCE),
    )
    downloads.chart_downloads(value_fig, value_meta, "insatser_varde_scenario", table=value_rows)
st.caption(texts.VALUE_SOURCE)
