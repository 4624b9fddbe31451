"""Jämför: two to four districts side by side with the municipality, indicators and outcomes."""

import pandas as pd
import streamlit as st

import texts
from analysis import measures
from charts import outcomes as outcome_charts
from charts import profile as profile_charts
from charts.theme import district_colours
from ui import cache, context, labels, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
programme_names = widgets.programme_names(ctx.data.programmes)
names = widgets.district_names(ctx.data.districts)
options = measures.available_measures(ctx.data.programmes["insats"])
by_key = {m.key: m for m in options}

st.title(f"Jämför stadsdelar: {ctx.info.kommun_namn} {ctx.year}")

index_values = cache.district_values(ctx.path, "socioekonomiskt_index", ctx.year, ctx.settings)
notices: list[str] = []
linked = context.selected_districts(list(names), notices)
if len(linked) < 2:
    # Without a choice (or a link naming one district), start from the districts with the highest index.
    linked = [*linked, *(c for c in measures.most_challenged(index_values, 2) if c not in linked)][:2]
st.session_state["jamfor_stadsdelar"] = linked
chosen = st.multiselect(
    "Stadsdelar (2–4)",
    list(names),
    format_func=names.get,
    max_selections=context.MAX_DISTRICTS,
    key="jamfor_stadsdelar",
    on_change=lambda: context.set_selected_districts(st.session_state["jamfor_stadsdelar"]),
    help="Förvalda är de två stadsdelarna med högst socioekonomiskt index, om ingen länk eller karta valt andra. "
    "Valet följer med i länken (stadsdel=…).",
)
context.set_selected_districts(chosen)
context.show_notices(notices)
if len(chosen) < 2:
    st.info("Välj minst två stadsdelar att jämföra.")
    st.stop()

colours = district_colours(chosen)
rows = []
for measure in options:
    values = cache.district_values(ctx.path, measure.key, ctx.year, ctx.settings)
    municipal = cache.municipal_value(ctx.path, measure.key, ctx.year, ctx.settings)
    rows.append(
        tables.comparison_row(
            labels.measure_label(measure, programme_names),
            measure.kind,
            values.set_index("stadsdel_kod").loc[chosen],
            municipal,
            min_n,
        )
    )
header = [names[c] for c in chosen] + [texts.MUNICIPALITY]
st.subheader(f"Alla mått {ctx.year}")
widgets.table(pd.DataFrame(rows, columns=["Mått", *header]))
st.caption(
    "Andelar visas med 95 % intervall och n. Skillnader mellan stadsdelar är bara säkra när intervallen "
    "inte överlappar. " + texts.OUTCOME_HELP
)

st.subheader("Över tid")
series = cache.indicator_series(ctx.path, tuple(chosen), min_n)
area_names = {**{c: names[c] for c in chosen}, "kommun": texts.MUNICIPALITY}
widgets.chart(
    profile_charts.indicator_small_multiples(
        series,
        indicator_labels={k: v for k, v in texts.MEASURE_LABELS.items() if k in set(series["indikator"])},
        area_names=area_names,
        colours=colours,
    ),
    alt="Små diagram per indikator: de valda stadsdelarna och kommunen över tid.",
    table=tables.series_table(series, area_names),
)

st.subheader("Ett mått i diagram")
key = st.selectbox(
    "Mått",
    list(by_key),
    format_func=lambda k: labels.measure_label(by_key[k], programme_names),
    key="jamfor_matt",
)
measure = by_key[key]
label = labels.measure_label(measure, programme_names)
values = cache.district_values(ctx.path, key, ctx.year, ctx.settings).set_index("stadsdel_kod").loc[chosen]
municipal = cache.municipal_value(ctx.path, key, ctx.year, ctx.settings)
frame = tables.comparison_frame(values, municipal, names)
if measure.kind == "area_type":
    st.dataframe(
        tables.measure_table(values.reset_index(), kind=measure.kind, label=label, min_n=min_n),
        hide_index=True,
    )
else:
    fig = outcome_charts.value_bars(frame, kind=measure.kind, label=f"{label} {ctx.year}", colours=colours, min_n=min_n)
    widgets.chart(
        fig,
        alt=f"Stapeldiagram: {label.lower()} {ctx.year} för de valda stadsdelarna och kommunen.",
        table=tables.measure_table(frame, kind=measure.kind, label=label, min_n=min_n, name_col="name"),
    )
