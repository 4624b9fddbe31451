"""Segregation: how segregated is the municipality, is it changing, and is our work where the need is?"""

from dataclasses import replace

import streamlit as st

import texts
from analysis import vocab
from analysis.stats import dispersal, reach, segregation
from analysis.stats.segregation import INDEX_KEYS
from charts import format as fmt
from charts import segregation as seg_charts
from charts import strategy as strategy_charts
from charts.empty import why_empty
from charts.theme import hidden_note
from ui import cache, context, downloads, safe, strategy_tables, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
st.title(texts.segregation_title(safe.md(ctx.info.kommun_namn), ctx.year))

left, right = st.columns([2, 1])
group = left.radio(
    texts.SEGREGATION_GROUP,
    list(texts.SEGREGATION_GROUPS),
    format_func=texts.SEGREGATION_GROUPS.get,
    horizontal=True,
    key="seg_grupp",
)
b = right.number_input(
    texts.SEGREGATION_ATKINSON_B,
    min_value=0.05,
    max_value=0.95,
    value=0.5,
    step=0.05,
    key="seg_b",
    help=texts.SEGREGATION_ATKINSON_B_HELP,
)

indices = cache.segregation_indices(ctx.path, group, "folkmangd", float(b))
this_year = indices[indices["ar"] == ctx.year]
first_year = int(indices["ar"].iloc[0])
changes = segregation.change_since_first_year(indices, ctx.year)
if this_year.empty:
    st.info(texts.segregation_no_statistics(ctx.year))
else:
    row = this_year.iloc[0]
    cols = st.columns(4)
    for col, key in zip(cols, ("dissimilarity", "entropy", "isolation", "atkinson"), strict=True):
        # Higher means more segregated: a rise is red. An index has no interval (it is not a share).
        change = fmt.delta(None if changes is None else changes[key], decimals=2, direction=1)
        if change is not None:
            change = replace(change, text=texts.segregation_change_since(change.text, first_year))
        widgets.metric(
            col, texts.INDEX_LABELS[key], fmt.number(row[key], 2), change, help=texts.INDEX_EXPLANATIONS[key]
        )
    if changes is not None:
        st.caption(texts.SEGREGATION_CHANGE_NO_INTERVAL)
    st.caption(
        texts.segregation_group_share(
            ctx.year,
            fmt.percent(row["group_share"]),
            fmt.number(row["group_total"]),
            fmt.number(row["population"]),
            int(row["areas"]),
        )
    )

st.subheader(texts.SEGREGATION_INDICES_TITLE)
indices_fig = cache.figure(seg_charts.indices_over_time, indices, labels={k: texts.INDEX_LABELS[k] for k in INDEX_KEYS})
indices_rows = tables.indices_table(indices)
widgets.chart(
    indices_fig, alt=texts.segregation_indices_alt(texts.SEGREGATION_GROUPS[group].lower()), table=indices_rows
)
indices_meta = downloads.meta(
    ctx,
    texts.EXPORT_TITLES["indices"],
    period=downloads.years(indices["ar"]),
    source="scb",
    filters=(
        texts.export_filter("population_group", texts.SEGREGATION_GROUPS[group]),
        texts.export_filter("atkinson", fmt.number(b, 2)),
    ),
)
downloads.chart_downloads(indices_fig, indices_meta, "segregation_index", table=indices_rows)
st.caption(texts.INDEX_CHANGE_HELP)
with st.expander(texts.SEGREGATION_INDICES_EXPLAINED):
    for key in INDEX_KEYS:
        st.markdown(f"**{texts.INDEX_LABELS[key]}.** {texts.INDEX_EXPLANATIONS[key]}")

st.subheader(texts.SEGREGATION_AREA_TYPES_TITLE)
distribution = cache.area_type_distribution(ctx.path, ctx.settings.index_mean, ctx.settings.index_sd, min_n)
area_types_fig = cache.figure(seg_charts.area_type_shares, distribution, labels=texts.AREA_TYPE_LABELS)
area_types_rows = tables.area_type_table(distribution)
widgets.chart(area_types_fig, alt=texts.SEGREGATION_AREA_TYPES_ALT, table=area_types_rows)
area_types_meta = downloads.meta(
    ctx, texts.EXPORT_TITLES["area_types"], period=downloads.years(distribution["ar"]), source="scb"
)
downloads.chart_downloads(area_types_fig, area_types_meta, "segregation_omradestyper", table=area_types_rows)
st.caption(
    texts.segregation_area_types_note(fmt.number(ctx.settings.index_mean, 1), fmt.number(ctx.settings.index_sd, 1))
)

st.subheader(texts.SEGREGATION_TARGETING_TITLE)
names = widgets.district_names(ctx.data.districts)
programme_names = widgets.programme_names(ctx.data.programmes)
targeting = cache.targeting_ratio(ctx.path, ctx.year, ctx.settings)
row = targeting.iloc[0]
empty = why_empty(targeting, "targeting")
if empty:
    st.info(texts.empty_chart("targeting", empty, year=ctx.year, min_n=min_n))
else:
    cols = st.columns([1, 2])
    # n counts people active in the year, not Översikt's enrolments started in it: the help says why.
    cols[0].metric(
        texts.segregation_targeting_metric(ctx.year),
        fmt.number(row["kvot"], 1),
        help=f"{texts.SEGREGATION_TARGETING_HELP}\n\n{texts.COUNTS_HELP}",
    )
    cols[0].caption(
        texts.segregation_targeting_n(
            f"{fmt.number(row['ci_low'], 1)}–{fmt.number(row['ci_high'], 1)}", fmt.number(row["n"]), ctx.year
        )
    )
    cols[1].markdown(
        texts.targeting_sentence(
            reach.targeting_reading(row["kvot"], row["ci_low"], row["ci_high"]),
            fmt.number(row["kvot"], 2),
            f"{fmt.number(row['ci_low'], 2)}–{fmt.number(row['ci_high'], 2)}",
            min_n,
        )
    )
    cols[1].caption(
        texts.segregation_targeting_note(
            fmt.percent(row["andel_deltagare"]), ctx.year, fmt.percent(row["andel_befolkning"])
        )
    )
by_programme = cache.targeting_ratio(ctx.path, ctx.year, ctx.settings, ("insats",))
with st.expander(texts.SEGREGATION_TARGETING_BY_PROGRAMME):
    targeting_rows = tables.targeting_table(by_programme, programme_names, min_n)
    st.dataframe(targeting_rows, hide_index=True, width="stretch")
    targeting_meta = downloads.meta(ctx, texts.SEGREGATION_TARGETING_BY_PROGRAMME, source="both")
    downloads.table_downloads(targeting_rows, targeting_meta, "segregation_traffsakerhet")

reach_programme = st.selectbox(
    texts.INSATSER_PROGRAMME,
    ["alla", *programme_names],
    format_func=lambda c: texts.INSATSER_ALL_PROGRAMMES if c == "alla" else programme_names[c],
    key="seg_insats",
)
reach_table = cache.reach_by_district(
    ctx.path, ctx.year, ctx.settings, None if reach_programme == "alla" else reach_programme
)
empty = why_empty(reach_table, "reach")
if empty:
    st.info(texts.empty_chart("reach", empty, year=ctx.year, min_n=min_n))
else:
    fig = cache.figure(
        seg_charts.reach_by_district, reach_table, names=names, labels=texts.AREA_TYPE_LABELS, min_n=min_n
    )
    reach_rows = tables.reach_table(reach_table, names, min_n)
    widgets.chart(fig, alt=texts.segregation_reach_alt(ctx.year), table=reach_rows)
    reach_programme_name = (
        texts.INSATSER_ALL_PROGRAMMES if reach_programme == "alla" else programme_names[reach_programme]
    )
    reach_meta = downloads.meta(
        ctx,
        texts.EXPORT_TITLES["reach"],
        source="both",
        filters=(texts.export_filter("programme", reach_programme_name),),
    )
    downloads.chart_downloads(fig, reach_meta, "segregation_rackvidd", table=reach_rows)
    if hidden_note(fig):  # under the chart, never inside it
        st.caption(safe.md(hidden_note(fig)))
st.caption(texts.segregation_reach_note(ctx.year))

# Issue 12: housing for newly arrived. Are they housed across the whole municipality, or concentrated?
st.subheader(texts.PLACEMENTS_TITLE)
if ctx.data.placements.empty:
    st.info(texts.PLACEMENTS_NONE)
else:
    # Which housing: all, or one type (modular homes are where the city's spreading is decided).
    kinds = [k for k in vocab.HOUSING_TYPES if k in set(ctx.data.placements["boendetyp"])]
    housing = st.radio(
        texts.PLACEMENTS_HOUSING, ["alla", *kinds], format_func=texts.housing_label, horizontal=True,
        key="nyanlanda_boendetyp",
    )  # fmt: skip
    housing = None if housing == "alla" else housing
    housing_filter = (texts.export_filter("housing", texts.housing_label(housing or "alla")),)
    dispersal_rows = cache.dispersal_by_year(ctx.path, min_n, housing)
    this = dispersal_rows[dispersal_rows["ar"] == ctx.year]
    if this.empty:
        st.info(texts.placements_no_year(ctx.year))
    else:
        d = this.iloc[0]
        by_type_year = cache.placements_by_area_type(ctx.path, ctx.year, ctx.settings, housing)
        cols = st.columns(3)
        cols[0].metric(texts.placements_persons(ctx.year), fmt.count(d["personer"], min_n), help=texts.COUNTS_HELP)
        totals = cache.placed_totals(ctx.path, ctx.year, min_n, housing)
        cols[1].metric(texts.PLACEMENTS_HOUSEHOLDS, fmt.count(totals["hushall"], min_n))
        cols[2].metric(
            texts.PLACEMENTS_D, fmt.number(d["D"], 2) if d["status"] == "ok" else texts.HIDDEN_FIGURE,
            help=texts.PLACEMENTS_D_HELP,
        )  # fmt: skip
        reading = dispersal.dispersal_reading(d["D"], d["D_slump_low"], d["D_slump_high"])
        st.markdown(
            texts.placements_sentence(
                reading if d["status"] == "ok" else None,
                fmt.number(d["D"], 2),
                fmt.number(d["D_slump_low"], 2),
                fmt.number(d["D_slump_high"], 2),
            )
        )
        empty = strategy_charts.why_empty(by_type_year, "placements")
        if empty:
            st.info(texts.strategy_chart_empty("placements", empty))
        else:
            type_fig = cache.figure(strategy_charts.placements_vs_population, by_type_year)
            type_rows = strategy_tables.placements_type_table(by_type_year, min_n)
            widgets.chart(type_fig, alt=texts.placements_type_alt(ctx.year), table=type_rows)
            type_meta = downloads.meta(
                ctx, texts.placements_type_title(ctx.year), source="plan", filters=housing_filter
            )
            downloads.chart_downloads(type_fig, type_meta, "nyanlanda_omradestyp", table=type_rows)
        notes = sorted({str(n) for n in by_type_year["note"] if n})
        st.caption(" ".join([texts.PLACEMENTS_TYPE_NOTE, *notes]))
    empty = strategy_charts.why_empty(dispersal_rows, "dispersal")
    if empty:
        st.info(texts.strategy_chart_empty("dispersal", empty))
    else:
        over_time = cache.figure(strategy_charts.dispersal_over_time, dispersal_rows)
        over_time_rows = strategy_tables.dispersal_table(dispersal_rows, min_n)
        widgets.chart(over_time, alt=texts.PLACEMENTS_D_ALT, table=over_time_rows)
        over_time_meta = downloads.meta(
            ctx, texts.PLACEMENTS_D_TITLE, period=downloads.years(dispersal_rows["ar"]), source="plan",
            filters=housing_filter,
        )  # fmt: skip
        downloads.chart_downloads(over_time, over_time_meta, "nyanlanda_spridning", table=over_time_rows)
    st.caption(texts.PLACEMENTS_D_NOTE)
    if st.button(
        texts.PLACEMENTS_ON_MAP, key="nyanlanda_karta", on_click=context.show_on_map, args=("placerade_per_1000",)
    ):
        st.switch_page("pages/karta.py")
