"""Karta: any district measure or outcome rate for the chosen year, drawn without internet."""

import streamlit as st

import texts
from analysis import measures
from charts import maps
from ui import cache, context, labels, profile, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
programme_names = widgets.programme_names(ctx.data.programmes)
options = measures.available_measures(ctx.data.programmes["insats"])
by_key = {m.key: m for m in options}

st.title(f"Karta: {ctx.info.kommun_namn} {ctx.year}")
left, right = st.columns([3, 1])
with right:
    notices: list[str] = []
    key = context.linked_selectbox(
        "Mått",
        list(by_key),
        "matt",
        str,
        notices,
        "måttet",
        container=st,
        format_func=lambda k: labels.measure_label(by_key[k], programme_names),
    )

    show_names = st.checkbox("Visa stadsdelsnamn", value=False, key="karta_namn")
measure = by_key[key]
label = labels.measure_label(measure, programme_names)
with right:
    st.caption(labels.measure_help(measure))

values = cache.district_values(ctx.path, key, ctx.year, ctx.settings)
municipal = cache.municipal_value(ctx.path, key, ctx.year, ctx.settings)
source = "Källa: fiktiva demodata" if ctx.data.fiktiv else "Källa: " + "; ".join(ctx.data.meta.get("kallor", []))
fig = maps.choropleth(
    cache.web_geojson(ctx.path),
    values,
    kind=measure.kind,
    label=label,
    year=ctx.year,
    min_n=min_n,
    direction=measure.direction,
    source=source,
    labels=cache.label_points(ctx.path) if show_names else None,
    category_names=texts.AREA_TYPE_LABELS,
)


def remember_click() -> None:
    """Keep the clicked district in our own state: plotly's selection resets whenever the figure changes
    (another measure or year), the profile must not."""
    points = st.session_state["karta_figur"]["selection"]["points"]
    if points and points[0].get("location"):
        st.session_state["karta_profil"] = points[0]["location"]


district_codes = list(ctx.data.districts["stadsdel_kod"])
linked = context.selected_districts(district_codes, notices)
if st.session_state.get("karta_profil") not in district_codes:
    st.session_state["karta_profil"] = linked[0] if linked else None
with left:
    widgets.chart(
        fig,
        alt=f"Karta över stadsdelarna i {ctx.info.kommun_namn} färgade efter {label.lower()} {ctx.year}.",
        key="karta_figur",
        on_select=remember_click,
        selection_mode="points",
        config=maps.MAP_CONFIG,
    )
    if ctx.data.meta.get("geometri_schematisk"):
        st.caption(texts.SCHEMATIC_MAP)
with right:
    if municipal["status"] == "ok":
        st.metric(f"{texts.MUNICIPALITY} {ctx.year}", maps.value_text(municipal["value"], measure.kind))
    profile_code = st.session_state.get("karta_profil")
    if profile_code:
        chosen = values[values["stadsdel_kod"] == profile_code]
        row = tables.measure_table(chosen, kind=measure.kind, label=label, min_n=min_n).iloc[0]
        with st.container(border=True):
            st.markdown(f"**{row['Stadsdel']}**")
            st.markdown(f"{label} {ctx.year}: **{row[label]}**")
            if row["95 % intervall"]:
                st.caption(f"95 % intervall {row['95 % intervall']}, n = {row['n']}")
    else:
        st.caption("Klicka på en stadsdel i kartan för att se dess värde och profil.")

if st.session_state.get("karta_profil"):
    profile.district_profile(ctx, st.session_state["karta_profil"])

with st.expander(texts.SHOW_AS_TABLE):
    st.dataframe(
        tables.measure_table(values.sort_values("stadsdel_namn"), kind=measure.kind, label=label, min_n=min_n),
        hide_index=True,
        width="stretch",
    )

context.show_notices(notices)
