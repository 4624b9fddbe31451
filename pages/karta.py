"""Karta: any district measure or outcome rate for the chosen year, drawn without internet.

The strategist's choices: classes or a continuous scale, the difference from the municipality, a second
measure beside the first, district names, and a background map that needs internet (off by default).
"""

import streamlit as st

import texts
from analysis.stats import classify, measures
from charts import format as fmt
from charts import maps
from ui import cache, context, labels, profile, tables, widgets

KEY_SECOND = "karta_matt2"
KEY_CLASSES = "karta_klasser"
KEY_DIFFERENCE = "karta_skillnad"
KEY_NAMES = "karta_namn"
KEY_BASEMAP = "karta_bakgrund"
FIGURE_KEYS = ("karta_figur", "karta_figur_2")
NO_SECOND = ""

ctx = context.page()
min_n = ctx.settings.min_n
programme_names = widgets.programme_names(ctx.data.programmes)
options = measures.available_measures(ctx.data.programmes["insats"])
by_key = {m.key: m for m in options}


def measure_name(key: str) -> str:
    return texts.MAP_SECOND_NONE if key == NO_SECOND else labels.measure_label(by_key[key], programme_names)


def keep_choice(key: str, allowed: list, default) -> None:
    """Hand a widget its last value when still allowed (its options change with the measures), else the
    default: Streamlit would otherwise reset or reject it."""
    st.session_state[key] = st.session_state[key] if st.session_state.get(key) in allowed else default


st.title(texts.map_title(ctx.info.kommun_namn, ctx.year))
left, right = st.columns([3, 1])
notices: list[str] = []
with right:
    key = context.linked_selectbox(
        texts.MAP_MEASURE,
        list(by_key),
        "matt",
        str,
        notices,
        texts.WHAT_MEASURE,
        container=st,
        format_func=measure_name,
    )
    st.caption(labels.measure_help(by_key[key]))
    seconds = [NO_SECOND, *(k for k in by_key if k != key)]
    keep_choice(KEY_SECOND, seconds, NO_SECOND)
    second = st.selectbox(texts.MAP_SECOND, seconds, key=KEY_SECOND, format_func=measure_name)

    shown = [by_key[key]] + ([by_key[second]] if second else [])
    can_differ = any(m.kind in maps.DIFFERENCE_KINDS for m in shown)
    difference = st.toggle(
        texts.MAP_DIFFERENCE, key=KEY_DIFFERENCE, help=texts.MAP_DIFFERENCE_HELP, disabled=not can_differ
    )
    difference = difference and can_differ
    if not can_differ or (difference and any(m.kind not in maps.DIFFERENCE_KINDS for m in shown)):
        st.caption(texts.MAP_DIFFERENCE_NOT_AVAILABLE)

    methods = [classify.CONTINUOUS, classify.QUANTILES, classify.EQUAL_INTERVALS]
    if any(m.kind == "index" for m in shown) and not difference:
        methods.append(classify.AREA_TYPE_THRESHOLDS)
    keep_choice(KEY_CLASSES, methods, classify.CONTINUOUS)
    can_class = any(m.kind in maps.CLASSED_KINDS for m in shown)
    method = st.radio(
        texts.MAP_CLASSES,
        methods,
        key=KEY_CLASSES,
        format_func=texts.MAP_CLASS_METHODS.get,
        help=texts.MAP_CLASSES_HELP,
        disabled=not can_class,
    )
    if not can_class:
        st.caption(texts.MAP_CLASSES_NOT_FOR_AREA_TYPE)
    show_names = st.checkbox(texts.MAP_SHOW_NAMES, value=False, key=KEY_NAMES)
    basemap = st.checkbox(texts.MAP_BASEMAP, value=False, key=KEY_BASEMAP)

source = texts.map_source("; ".join(ctx.data.meta.get("kallor", [])), fictitious=ctx.data.fiktiv)
points = cache.label_points(ctx.path)
geojson = cache.web_geojson(ctx.path)
pair = len(shown) == 2
maps_drawn = []  # (measure, label, values, municipal, figure)
for measure in shown:
    label = labels.measure_label(measure, programme_names)
    values = cache.district_values(ctx.path, measure.key, ctx.year, ctx.settings)
    municipal = cache.municipal_value(ctx.path, measure.key, ctx.year, ctx.settings)
    reference = None
    if difference and measure.kind in maps.DIFFERENCE_KINDS:
        if municipal["status"] == "ok":
            reference = municipal["value"]
        else:
            notices.append(texts.MAP_DIFFERENCE_NO_MUNICIPAL)
    fig = maps.choropleth(
        geojson,
        values,
        kind=measure.kind,
        label=label,
        year=ctx.year,
        min_n=min_n,
        direction=measure.direction,
        source=source,
        points=points,
        show_names=show_names,
        category_names=texts.AREA_TYPE_LABELS,
        classes=method,
        index_mean=ctx.settings.index_mean,
        index_sd=ctx.settings.index_sd,
        reference=reference,
        basemap=basemap,
        compact=pair,
        height=640 if pair else 620,
    )
    maps_drawn.append((measure, label, values, municipal, fig))


def remember_click(figure_key: str) -> None:
    """Keep the clicked district in our own state: plotly's selection resets whenever the figure changes
    (another measure or year), the profile must not."""
    points = st.session_state[figure_key]["selection"]["points"]
    if points and points[0].get("location"):
        st.session_state["karta_profil"] = points[0]["location"]


district_codes = list(ctx.data.districts["stadsdel_kod"])
linked = context.selected_districts(district_codes, notices)
if st.session_state.get("karta_profil") not in district_codes:
    st.session_state["karta_profil"] = linked[0] if linked else None
with left:
    slots = st.columns(2) if pair else [st.container()]
    for slot, figure_key, (_, label, _, _, fig) in zip(slots, FIGURE_KEYS, maps_drawn, strict=False):
        with slot:
            widgets.chart(
                fig,
                alt=texts.map_alt(ctx.info.kommun_namn, label, ctx.year),
                key=figure_key,
                on_select=lambda figure_key=figure_key: remember_click(figure_key),
                selection_mode="points",
                config=maps.MAP_CONFIG,
            )
    if basemap:
        st.caption(texts.MAP_BASEMAP_NOTE)
    if ctx.data.meta.get("geometri_schematisk"):
        st.caption(texts.SCHEMATIC_MAP)
with right:
    for measure, label, _, municipal, _ in maps_drawn:
        if municipal["status"] == "ok":
            if pair:
                st.caption(label)
            st.metric(f"{texts.MUNICIPALITY} {ctx.year}", maps.value_text(municipal["value"], measure.kind))

    # The keyboard's way to a profile (a click on the map needs a mouse): a list of the districts, kept in
    # step with clicks through the shadow pattern, so the choice also survives a visit to another page.
    def pick_district() -> None:
        st.session_state["karta_profil"] = st.session_state["karta_profil_val"]

    st.session_state["karta_profil_val"] = st.session_state.get("karta_profil")
    district_names = widgets.district_names(ctx.data.districts)
    st.selectbox(
        texts.MAP_PROFILE_PICK,
        district_codes,
        index=None,
        format_func=district_names.get,
        placeholder=texts.MAP_PROFILE_PLACEHOLDER,
        key="karta_profil_val",
        on_change=pick_district,
        help=texts.MAP_PROFILE_PICK_HELP,
    )
    profile_code = st.session_state.get("karta_profil")
    if profile_code:
        with st.container(border=True):
            name = district_names.get(profile_code, profile_code)
            st.markdown(f"**{name}**")
            for measure, label, values, _, _ in maps_drawn:
                row = values[values["stadsdel_kod"] == profile_code].iloc[0]
                if row["status"] == "suppressed":
                    value = texts.suppressed(min_n)
                elif row["status"] == "missing":
                    value = texts.MAP_MISSING
                elif measure.kind == "area_type":
                    value = texts.AREA_TYPE_LABELS.get(int(row["value"]), "")
                else:
                    value = maps.value_text(row["value"], measure.kind)
                st.markdown(f"{label} {ctx.year}: **{value}**")
                if row["status"] == "ok" and measure.kind in ("share", "rate"):
                    interval = fmt.interval(row["ci_low"], row["ci_high"])
                    st.caption(texts.map_interval_n(interval, fmt.number(row["n"])))
    else:
        st.caption(texts.MAP_CLICK_HINT)

if st.session_state.get("karta_profil"):
    profile.district_profile(ctx, st.session_state["karta_profil"])

with st.expander(texts.SHOW_AS_TABLE):
    for measure, label, values, _, _ in maps_drawn:
        st.dataframe(
            tables.measure_table(values.sort_values("stadsdel_namn"), kind=measure.kind, label=label, min_n=min_n),
            hide_index=True,
            width="stretch",
        )

context.show_notices(notices)
