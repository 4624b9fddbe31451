"""Segregation: how segregated is the municipality, is it changing, and is our work where the need is?"""

from dataclasses import replace

import streamlit as st

import texts
from analysis.stats import reach, segregation
from analysis.stats.segregation import INDEX_KEYS
from charts import format as fmt
from charts import segregation as seg_charts
from charts.empty import why_empty
from charts.theme import hidden_note
from ui import cache, context, downloads, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
st.title(texts.segregation_title(ctx.info.kommun_namn, ctx.year))

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
indices_fig = seg_charts.indices_over_time(indices, labels={k: texts.INDEX_LABELS[k] for k in INDEX_KEYS})
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
area_types_fig = seg_charts.area_type_shares(distribution, labels=texts.AREA_TYPE_LABELS)
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
    fig = seg_charts.reach_by_district(reach_table, names=names, labels=texts.AREA_TYPE_LABELS, min_n=min_n)
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
        st.caption(hidden_note(fig))
st.caption(texts.segregation_reach_note(ctx.year))
