"""Jämför: two to four districts side by side with the municipality: every measure, differences with
intervals, time series, and a link that reopens exactly this comparison."""

import pandas as pd
import streamlit as st

import texts
from analysis.stats import measures
from charts import compare as compare_charts
from charts import outcomes as outcome_charts
from charts import profile as profile_charts
from charts.theme import district_colours, hidden_note
from ui import cache, context, downloads, labels, safe, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
programme_names = widgets.programme_names(ctx.data.programmes)
names = widgets.district_names(ctx.data.districts)
options = cache.measure_options(ctx.path)
by_key = {m.key: m for m in options}

st.title(texts.compare_title(safe.md(ctx.info.kommun_namn), ctx.year))

index_values = cache.district_values(ctx.path, "socioekonomiskt_index", ctx.year, ctx.settings)
notices: list[str] = []
linked = context.selected_districts(list(names), notices)
if len(linked) < 2:
    # Without a choice (or a link naming one district), start from the districts with the highest index.
    linked = [*linked, *(c for c in measures.most_challenged(index_values, 3) if c not in linked)][:3]
st.session_state["jamfor_stadsdelar"] = linked
chosen = st.multiselect(
    texts.COMPARE_DISTRICTS,
    list(names),
    format_func=names.get,
    max_selections=context.MAX_DISTRICTS,
    key="jamfor_stadsdelar",
    on_change=lambda: context.set_selected_districts(st.session_state["jamfor_stadsdelar"]),
    help=texts.COMPARE_DISTRICTS_HELP,
)
context.set_selected_districts(chosen)
if len(chosen) < 2:
    st.info(texts.COMPARE_CHOOSE_TWO)
    context.show_notices(notices)
    st.stop()

# The link that reopens this view is written at the end, once every choice is in the URL.
share = st.container()

colours = district_colours(chosen)
rows = tables.comparison_rows(
    cache.every_measure(ctx.path, ctx.year, ctx.settings),
    {m.key: labels.measure_label(m, programme_names) for m in options},
    {m.key: m.kind for m in options},
    chosen,
    cache.MUNICIPALITY_ROW,
    min_n,
)
header = [texts.MUNICIPALITY] + [names[c] for c in chosen]
st.subheader(texts.compare_all_measures(ctx.year))
all_measures = pd.DataFrame(rows, columns=[texts.COLUMNS["measure"], *header])
widgets.table(all_measures)
# Every download of the page names the districts compared.
compared = (texts.export_filter("districts", ", ".join(names[c] for c in chosen)),)
all_meta = downloads.meta(ctx, texts.compare_all_measures(ctx.year), source="both", filters=compared)
downloads.table_downloads(all_measures, all_meta, "jamfor_alla")
st.caption(texts.COMPARE_ALL_MEASURES_CAPTION + " " + texts.OUTCOME_HELP)

st.subheader(texts.COMPARE_ONE_MEASURE)
# The same URL parameter and shadow as Karta's measure: the measure chosen on the map is the one compared.
key = context.linked_widget(
    st.selectbox,
    texts.MAP_MEASURE,
    list(by_key),
    "matt",
    str,
    notices,
    texts.WHAT_MEASURE,
    container=st,
    format_func=lambda k: labels.measure_label(by_key[k], programme_names),
)
measure = by_key[key]
label = labels.measure_label(measure, programme_names)
values = cache.district_values(ctx.path, key, ctx.year, ctx.settings).set_index("stadsdel_kod").loc[chosen]
municipal = cache.municipal_value(ctx.path, key, ctx.year, ctx.settings)
frame = tables.comparison_frame(values, municipal, names)
measure_meta = downloads.meta(ctx, f"{label} {ctx.year}", source=downloads.measure_source(measure), filters=compared)
if measure.kind == "area_type":
    area_types = tables.measure_table(values.reset_index(), kind=measure.kind, label=label, min_n=min_n)
    st.dataframe(area_types, hide_index=True)
    downloads.table_downloads(area_types, measure_meta, "jamfor_omradestyp")
else:
    values_column, difference_column = st.columns(2) if measure.is_share else (st.container(), None)
    with values_column:
        fig = cache.figure(
            outcome_charts.value_bars,
            frame,
            kind=measure.kind,
            label=f"{label} {ctx.year}",
            colours=colours,
            min_n=min_n,
        )
        value_rows = tables.measure_table(frame, kind=measure.kind, label=label, min_n=min_n, name_col="name")
        widgets.chart(fig, alt=texts.compare_bars_alt(label, ctx.year), table=value_rows)
        downloads.chart_downloads(fig, measure_meta, "jamfor_varden", table=value_rows)
        if hidden_note(fig):
            st.caption(safe.md(hidden_note(fig)))
    if difference_column is not None:
        differences = cache.difference_from_municipality(ctx.path, key, ctx.year, ctx.settings, tuple(chosen))
        with difference_column:
            difference_fig = cache.figure(
                compare_charts.difference_chart,
                differences,
                names=names,
                colours=colours,
                axis_title=texts.COMPARE_DIFFERENCE_AXIS,
                zero_label=texts.COMPARE_ZERO,
                hidden_note=texts.compare_hidden(min_n),
                hover_interval=texts.COLUMNS["interval_points"],
                hover_n="n",
            )
            difference_rows = tables.difference_table(differences, names)
            widgets.chart(difference_fig, alt=texts.compare_difference_alt(label, ctx.year), table=difference_rows)
            difference_meta = downloads.meta(
                ctx,
                f"{texts.EXPORT_TITLES['difference']}: {label} {ctx.year}",
                source=downloads.measure_source(measure),
                filters=compared,
            )
            downloads.chart_downloads(difference_fig, difference_meta, "jamfor_skillnad", table=difference_rows)
            if hidden_note(difference_fig):
                st.caption(safe.md(hidden_note(difference_fig)))
        pairs = cache.pairwise_differences(ctx.path, key, ctx.year, ctx.settings, tuple(chosen))
        with st.expander(texts.COMPARE_PAIRS):
            pair_rows = tables.pairwise_table(pairs, names)
            widgets.table(pair_rows)
            pair_meta = downloads.meta(
                ctx,
                f"{texts.COMPARE_PAIRS}: {label} {ctx.year}",
                source=downloads.measure_source(measure),
                filters=compared,
            )
            downloads.table_downloads(pair_rows, pair_meta, "jamfor_par")
        st.caption(texts.COMPARE_DIFFERENCE_CAPTION)
    else:
        st.caption(texts.COMPARE_NO_INTERVAL)

area_names = {**{c: names[c] for c in chosen}, "kommun": texts.MUNICIPALITY}
base_years = [y for y in sorted(ctx.data.years) if y < ctx.year]
if base_years and measure.kind != "area_type":
    # Did it get better or worse, and could that be chance: the same measure in a base year (by default the
    # first year with data, the long view; year-to-year changes in small districts are mostly chance).
    heading = st.empty()  # the title names the base year, which the choice below gives
    base = context.linked_widget(
        st.selectbox, texts.COMPARE_BASE_YEAR, base_years, "bas", int, notices, texts.WHAT_BASE_YEAR, container=st
    )
    changes = cache.compared_change(ctx.path, key, measure.kind, ctx.year, base, ctx.settings, tuple(chosen))
    heading.subheader(texts.compare_change_title(base, ctx.year))
    change_rows, change_colours = tables.change_table(
        changes, area_names, kind=measure.kind, direction=measure.direction, base=base, year=ctx.year, min_n=min_n
    )
    widgets.table(change_rows, colours=change_colours)
    change_meta = downloads.meta(
        ctx,
        f"{texts.compare_change_title(base, ctx.year)}: {label}",
        period=texts.export_years(base, ctx.year),
        source=downloads.measure_source(measure),
        filters=compared,
    )
    downloads.table_downloads(change_rows, change_meta, "jamfor_forandring")
    st.caption(texts.COMPARE_CHANGE_CAPTION)

st.subheader(texts.COMPARE_OVER_TIME)
series = cache.indicator_series(ctx.path, tuple(chosen), min_n)
series_fig = cache.figure(
    profile_charts.indicator_small_multiples,
    series,
    indicator_labels={k: v for k, v in texts.MEASURE_LABELS.items() if k in set(series["indikator"])},
    area_names=area_names,
    colours=colours,
)
series_rows = tables.series_table(series, area_names)
widgets.chart(series_fig, alt=texts.COMPARE_OVER_TIME_ALT, table=series_rows)
series_meta = downloads.meta(
    ctx, texts.EXPORT_TITLES["series"], period=downloads.years(series["ar"]), source="scb", filters=compared
)
downloads.chart_downloads(series_fig, series_meta, "jamfor_over_tid", table=series_rows)

# The app's address plus every parameter the page keeps in the URL (districts, measure, sidebar).
with share.expander(texts.COMPARE_SHARE):
    st.code(context.share_link(), language=None, wrap_lines=True)
    st.caption(texts.COMPARE_SHARE_HELP)
context.show_notices(notices)
