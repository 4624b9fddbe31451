"""Karta: any district measure or outcome rate, for a year or as its change since a year, drawn without
internet.

The strategist's choices, all above the map so the map gets the page's whole width: the measure and what
the map shows (value, difference from the municipality, change since a base year), a second map (another
measure, or the same measure another year), the year (a stepper), classes, zoom on the town, names, and a
background map that needs internet (off by default). Every choice lives in the link.
"""

import streamlit as st

import texts
from analysis.stats import classify, measures
from charts import format as fmt
from charts import maps
from ui import cache, context, downloads, labels, profile, safe, tables, widgets

FIGURE_KEYS = ("karta_figur", "karta_figur_2")
KEY_PROFILE = "karta_profil"
KEY_STEPPER = "karta_ar"
SECOND_NONE, SECOND_MEASURE, SECOND_YEAR = "none", "measure", "year"
#: Short Swedish words in the link ("visa=forandring&bas=2016&klasser=kvantiler"), not the code's names.
VIEW_WORDS = {measures.VIEW_VALUE: "varde", measures.VIEW_DIFFERENCE: "skillnad", measures.VIEW_CHANGE: "forandring"}
SECOND_WORDS = {SECOND_NONE: "ingen", SECOND_MEASURE: "matt", SECOND_YEAR: "ar"}
CLASS_WORDS = {
    classify.CONTINUOUS: "kontinuerlig",
    classify.QUANTILES: "kvantiler",
    classify.EQUAL_INTERVALS: "lika",
    classify.AREA_TYPE_THRESHOLDS: "omradestyp",
}

ctx = context.page()
min_n = ctx.settings.min_n
programme_names = widgets.programme_names(ctx.data.programmes)
options = cache.measure_options(ctx.path)
by_key = {m.key: m for m in options}
years = sorted(ctx.data.years)


def measure_name(key: str) -> str:
    return labels.measure_label(by_key[key], programme_names)


def from_word(words: dict):
    """The URL's word back to the option it stands for (``ValueError`` for an unknown word)."""
    inverse = {word: option for option, word in words.items()}

    def cast(raw: str):
        if raw not in inverse:
            raise ValueError(raw)
        return inverse[raw]

    return cast


def linked_flag(container, label: str, key: str, param: str, what: str, notices: list[str], **kwargs) -> bool:
    return context.linked_widget(
        st.checkbox,
        label,
        [False, True],
        key,
        context.flag,
        notices,
        what,
        container=container,
        param=param,
        serialise=context.serialise_flag,
        **kwargs,
    )


def step_year() -> None:
    """The stepper sets the sidebar's year rather than a map year of its own: the title, the sidebar, the
    link (``ar``) and the other pages then all name the year the map shows, and two years that could
    disagree never exist. (``linked_widget`` hands its shadow copy to the sidebar's widget on the rerun.)"""
    st.session_state[f"_{context.KEY_YEAR}"] = st.session_state[KEY_STEPPER]


def forget(*params: str) -> None:
    """Drop link parameters of choices that are not on screen, so a link names exactly what it shows."""
    for param in params:
        st.query_params.pop(param, None)


st.title(texts.map_title(safe.md(ctx.info.kommun_namn), ctx.year))
notices: list[str] = []
geojson = cache.web_geojson(ctx.path)
# The browser fetches the geometry once by URL; the figure carries values and hover texts only.
geometry_url, geometry_names = cache.map_geometry(ctx.path)
with st.sidebar:
    widgets.preload_geo_map(geometry_url)
core = cache.populous_core(ctx.path)

# Row 1: the measure, what the map shows, and the base year of a change.
first_row = st.columns([4, 2.6, 1.4], vertical_alignment="bottom")
key = context.linked_widget(
    st.selectbox,
    texts.MAP_MEASURE,
    list(by_key),
    "matt",
    str,
    notices,
    texts.WHAT_MEASURE,
    container=first_row[0],
    format_func=measure_name,
)
measure = by_key[key]
views = [measures.VIEW_VALUE]
views += [measures.VIEW_DIFFERENCE] if measure.kind in maps.DIFFERENCE_KINDS else []
views += [measures.VIEW_CHANGE] if measure.kind in measures.CHANGE_KINDS else []
view = context.linked_widget(
    st.selectbox,
    texts.MAP_VIEW,
    views,
    "karta_visa",
    from_word(VIEW_WORDS),
    notices,
    texts.WHAT_MAP_VIEW,
    container=first_row[1],
    param="visa",
    serialise=VIEW_WORDS.get,
    format_func=texts.MAP_VIEWS.get,
    help=texts.MAP_VIEW_HELP,
    disabled=len(views) == 1,
)
base_year = None
if view == measures.VIEW_CHANGE:
    base_years = [y for y in years if y < ctx.year]
    if base_years:
        base_year = context.linked_widget(
            st.selectbox,
            texts.MAP_BASE_YEAR,
            base_years,
            "karta_bas",
            int,
            notices,
            texts.WHAT_BASE_YEAR,
            container=first_row[2],
            param="bas",
            help=texts.MAP_BASE_YEAR_HELP,
        )
if base_year is None:
    forget("bas")

# Row 2: the second map, zoom and names.
second_row = st.columns([2.2, 3.8, 2], vertical_alignment="bottom")
second_kind = context.linked_widget(
    st.selectbox,
    texts.MAP_SECOND_KIND,
    [SECOND_NONE, SECOND_MEASURE, SECOND_YEAR],
    "karta_andra",
    from_word(SECOND_WORDS),
    notices,
    texts.WHAT_SECOND_MAP,
    container=second_row[0],
    param="andra",
    serialise=SECOND_WORDS.get,
    format_func=texts.MAP_SECOND_KINDS.get,
    help=texts.MAP_SECOND_KIND_HELP,
)
second_key = second_year = None
if second_kind == SECOND_MEASURE:
    second_key = context.linked_widget(
        st.selectbox,
        texts.MAP_SECOND,
        [k for k in by_key if k != key],
        "karta_matt2",
        str,
        notices,
        texts.WHAT_SECOND_MEASURE,
        container=second_row[1],
        param="matt2",
        format_func=measure_name,
    )
elif second_kind == SECOND_YEAR:
    other_years = [y for y in years if y != ctx.year and (base_year is None or y > base_year)]
    if other_years:
        second_year = context.linked_widget(
            st.selectbox,
            texts.MAP_SECOND_YEAR,
            other_years,
            "karta_ar2",
            int,
            notices,
            texts.WHAT_SECOND_YEAR,
            container=second_row[1],
            param="ar2",
        )
    else:
        second_row[1].caption(texts.MAP_NO_OTHER_YEAR)
if second_key is None:
    forget("matt2")
if second_year is None:
    forget("ar2")
with second_row[2]:
    # Open on the town where that makes a difference (the town's view is under half the municipality's, as
    # in Helsingborg): most residents, and the districts with the greatest challenges, live in the dense
    # centre, which the large and nearly empty rural districts would shrink to a corner. Where the town
    # fills most of the map anyway (Tierp), the whole municipality is the better first view.
    if "karta_zoom" not in st.session_state:  # computed only when needed, not on every rerun
        st.session_state["karta_zoom"] = maps.view_share(geojson, core, cache.map_boxes(ctx.path)) < 0.5
    zoom = linked_flag(st, texts.MAP_ZOOM, "karta_zoom", "zoom", texts.WHAT_ZOOM, notices, help=texts.MAP_ZOOM_HELP)
    show_names = linked_flag(
        st, texts.MAP_SHOW_NAMES, "karta_namn", "namn", texts.WHAT_NAMES, notices, help=texts.MAP_SHOW_NAMES_HELP
    )

# The maps to draw: (measure, year), the earlier year on the left when they are two years.
specs = [(measure, ctx.year)]
if second_key:
    specs.append((by_key[second_key], ctx.year))
if second_year:
    specs = sorted([(measure, ctx.year), (measure, second_year)], key=lambda spec: spec[1])
pair = len(specs) == 2

# Row 3: the year stepper and the classes.
third_row = st.columns([5, 3], vertical_alignment="bottom")
stepper_years = [y for y in years if base_year is None or y > base_year]
if len(stepper_years) > 1:
    st.session_state[KEY_STEPPER] = ctx.year
    third_row[0].select_slider(
        texts.MAP_YEAR_STEPPER, stepper_years, key=KEY_STEPPER, on_change=step_year, help=texts.MAP_YEAR_STEPPER_HELP
    )
methods = [classify.CONTINUOUS, classify.QUANTILES, classify.EQUAL_INTERVALS]
if view == measures.VIEW_VALUE and any(m.kind == "index" for m, _ in specs):
    methods.append(classify.AREA_TYPE_THRESHOLDS)
can_class = any(m.kind in maps.CLASSED_KINDS for m, _ in specs)
method = context.linked_widget(
    st.selectbox,
    texts.MAP_CLASSES,
    methods,
    "karta_klasser",
    from_word(CLASS_WORDS),
    notices,
    texts.WHAT_CLASSES,
    container=third_row[1],
    param="klasser",
    serialise=CLASS_WORDS.get,
    format_func=texts.MAP_CLASS_METHODS.get,
    help=texts.MAP_CLASSES_HELP,
    disabled=not can_class,
)

# The maps, then notes on what they show, then the background map's switch: drawn into their places now,
# because the maps depend on the switch.
map_area, notes_area, basemap_area = st.container(), st.container(), st.container()
basemap = linked_flag(
    basemap_area,
    texts.MAP_BASEMAP,
    "karta_bakgrund",
    "bakgrund",
    texts.WHAT_BASEMAP,
    notices,
    help=texts.MAP_BASEMAP_HELP,
)
if basemap:
    basemap_area.caption(texts.MAP_BASEMAP_NOTE)

source = texts.map_source("; ".join(ctx.data.meta.get("kallor", [])), fictitious=ctx.data.fiktiv)
points = cache.label_points(ctx.path)
priority = cache.name_priority(ctx.path, ctx.settings.index_mean, ctx.settings.index_sd)
captions: list[str] = []
maps_drawn = []  # (measure, year, view, label, values, municipal, figure or its JSON)
names_shown = []  # per map, how many district names it writes
exported = []  # per map, what its PNG and SVG draw: the figure, or on the background map one without it
for shown_measure, year in specs:
    label = labels.measure_label(shown_measure, programme_names)
    shown_view = view
    if view == measures.VIEW_DIFFERENCE and shown_measure.kind not in maps.DIFFERENCE_KINDS:
        shown_view = measures.VIEW_VALUE
        captions.append(texts.MAP_DIFFERENCE_NOT_AVAILABLE)
    if view == measures.VIEW_CHANGE and (shown_measure.kind not in measures.CHANGE_KINDS or base_year is None):
        shown_view = measures.VIEW_VALUE
        captions.append(texts.MAP_CHANGE_NOT_AVAILABLE if base_year else texts.MAP_CHANGE_NEEDS_LATER_YEAR)
    change = shown_view == measures.VIEW_CHANGE
    if change:
        values = cache.district_change(ctx.path, shown_measure.key, year, base_year, ctx.settings)
        municipal = cache.municipal_change(ctx.path, shown_measure.key, year, base_year, ctx.settings)
    else:
        values = cache.district_values(ctx.path, shown_measure.key, year, ctx.settings)
        municipal = cache.municipal_value(ctx.path, shown_measure.key, year, ctx.settings)
    reference = None
    if shown_view == measures.VIEW_DIFFERENCE:
        if municipal["status"] == "ok":
            reference = municipal["value"]
        else:
            notices.append(texts.MAP_DIFFERENCE_NO_MUNICIPAL)
    scale = cache.scale_values(ctx.path, shown_measure.key, shown_view, base_year if change else None, ctx.settings)
    scale_years = (min(y for y in years if y > base_year), years[-1]) if change else (years[0], years[-1])
    map_args = dict(
        geojson=geojson,
        boxes=cache.map_boxes(ctx.path),
        frame=values,
        kind=shown_measure.kind,
        label=label,
        year=year,
        min_n=min_n,
        direction=shown_measure.direction,
        source=source,
        points=points,
        show_names=show_names,
        category_names=texts.AREA_TYPE_LABELS,
        classes=method,
        index_mean=ctx.settings.index_mean,
        index_sd=ctx.settings.index_sd,
        reference=reference,
        base_year=base_year if change else None,
        scale_values=scale,
        scale_years=scale_years,
        focus=core if zoom else None,
        priority=priority,
        basemap=basemap,
        compact=pair,
        height=640 if pair else 620,
        geojson_url=geometry_url,
        geometry_names=geometry_names,
    )
    if basemap:
        fig = maps.choropleth(**map_args)
        names_shown.append(fig.layout.meta.get("names_shown", 0))
    else:
        # Built once per view for every session (the same first view for all), kept as the JSON it is sent as.
        view_key = (ctx.path, shown_measure.key, year, shown_view, map_args["base_year"], method, zoom, show_names)
        view_key += (pair, label, source, ctx.settings)
        fig, meta = cache.map_figure(view_key, texts.current(), lambda args=map_args: maps.choropleth(**args))
        names_shown.append(meta.get("names_shown", 0))
    maps_drawn.append((shown_measure, year, shown_view, label, values, municipal, fig))
    # The image renderer fetches nothing: an image carries its geometry, and is drawn without the background
    # map, whose tiles come from the internet. Built on the click only.
    exported.append(lambda args=map_args: maps.choropleth(**{**args, "basemap": False, "geojson_url": None}))


def remember_click(figure_key: str) -> None:
    """Keep the clicked district in the profile's own state (the district list's shadow copy): plotly's
    selection resets whenever the figure changes (another measure or year), the profile must not."""
    clicked = st.session_state[figure_key]["selection"]["points"]
    if clicked and clicked[0].get("location"):
        remember_district(clicked[0]["location"])


def remember_district(code: str) -> None:
    """The profile shows the district clicked on the map (either map of a pair)."""
    st.session_state[f"_{KEY_PROFILE}"] = code


district_names = widgets.district_names(ctx.data.districts)


def map_table(shown_measure, year: int, shown_view: str, label: str, values):
    """One map's values as the table under "Visa som tabell" (and in its downloads), with the change
    table's colours (None for a value map)."""
    ordered = values.sort_values("stadsdel_namn")
    if shown_view == measures.VIEW_CHANGE:
        return tables.change_table(
            ordered,
            district_names,
            kind=shown_measure.kind,
            direction=shown_measure.direction,
            base=base_year,
            year=year,
            min_n=min_n,
        )
    return tables.measure_table(ordered, kind=shown_measure.kind, label=f"{label} {year}", min_n=min_n), None


def map_meta(shown_measure, year: int, shown_view: str, label: str):
    """What a map's downloads say: the measure and year (or base year), what the map shows, its classes."""
    change = shown_view == measures.VIEW_CHANGE
    chosen = [texts.export_filter("view", texts.MAP_VIEWS[shown_view])]
    if shown_measure.kind in maps.CLASSED_KINDS:
        chosen.append(texts.export_filter("classes", texts.MAP_CLASS_METHODS[method]))
    return downloads.meta(
        ctx,
        texts.map_change_column(label, base_year) if change else f"{label} {year}",
        period=texts.export_years(base_year, year) if change else str(year),
        source=downloads.measure_source(shown_measure),
        filters=tuple(chosen),
    )


slots = map_area.columns(2) if pair else [map_area.container()]
for slot, figure_key, image, (shown_measure, year, shown_view, label, values, _, fig) in zip(
    slots, FIGURE_KEYS, exported, maps_drawn, strict=False
):
    with slot:
        alt = texts.map_alt(ctx.info.kommun_namn, label, year)
        if basemap:
            # The tile map is MapLibre, which only the full plotly.js of st.plotly_chart has.
            widgets.chart(
                fig,
                alt=alt,
                key=figure_key,
                on_select=lambda figure_key=figure_key: remember_click(figure_key),
                selection_mode="points",
                config=maps.MAP_CONFIG,
            )
        else:
            widgets.geo_map(fig, alt=alt, key=f"{figure_key}_geo", config=maps.MAP_CONFIG, on_click=remember_district)
        downloads.chart_downloads(
            image,
            map_meta(shown_measure, year, shown_view, label),
            figure_key,
            table=map_table(shown_measure, year, shown_view, label, values)[0],
        )

# Under the maps: what they show and what they leave out.
notes = list(dict.fromkeys(captions))
if zoom:
    notes.append(texts.map_zoom_note(len(core), len(ctx.data.districts)))
if show_names and min(names_shown) < len(points):
    notes.append(texts.map_names_note(min(names_shown), len(points)))
notes.append(labels.measure_help(measure))
if any(v == measures.VIEW_CHANGE for _, _, v, *_ in maps_drawn):
    notes.append(texts.MAP_CHANGE_CAPTION)
if ctx.data.meta.get("geometri_schematisk"):
    notes.append(texts.SCHEMATIC_MAP)
for note in notes:
    notes_area.caption(note)

if second_year:
    (_, early, *_), (_, late, *_) = maps_drawn
    changed = cache.area_type_changes(ctx.path, late, early, ctx.settings)
    st.markdown(f"**{texts.map_area_type_changes_title(early, late)}**")
    if changed.empty:
        st.caption(texts.map_no_area_type_changes(early, late))
    else:
        st.markdown(
            "\n".join(
                f"- {texts.map_area_type_change(r.stadsdel_namn, r.omradestyp_base, r.omradestyp_now)}"
                for r in changed.sort_values("stadsdel_namn").itertuples()
            )
        )
    st.caption(texts.MAP_AREA_TYPE_SOURCE)

district_codes = list(ctx.data.districts["stadsdel_kod"])
linked = context.selected_districts(district_codes, notices)
if f"_{KEY_PROFILE}" not in st.session_state and "profil" not in st.query_params and linked:
    st.session_state[KEY_PROFILE] = linked[0]
left, right = st.columns([2, 3])
with left:
    for shown_measure, year, shown_view, label, _, municipal, _ in maps_drawn:
        if municipal["status"] != "ok":
            continue
        if shown_view == measures.VIEW_CHANGE:
            widgets.metric(
                st,
                f"{texts.MUNICIPALITY} {year}" + (f": {label}" if pair and second_key else ""),
                maps.value_text(municipal["value_now"], shown_measure.kind),
                fmt.measure_delta(
                    municipal["value"],
                    shown_measure.kind,
                    direction=shown_measure.direction,
                    reading=municipal["reading"],
                ),
                help=texts.map_change_hover_title(label, base_year, year),
            )
        else:
            st.metric(
                f"{texts.MUNICIPALITY} {year}" + (f": {label}" if pair and second_key else ""),
                maps.value_text(municipal["value"], shown_measure.kind),
            )
    # The keyboard's way to a profile (a click on the map needs a mouse), kept in step with clicks and in
    # the link as ``profil``. A long list opens on demand: the browser builds a popover's content only when
    # it is opened, and a list of 6,160 districts built on every page load held the map back 0.2–0.27 s.
    long_list = len(district_codes) >= widgets.LONG_LIST
    picker_area = st.popover(texts.map_profile_pick_open(fmt.number(len(district_codes)))) if long_list else st
    profile_code = context.linked_widget(
        st.selectbox,
        texts.MAP_PROFILE_PICK,
        district_codes,
        KEY_PROFILE,
        str,
        notices,
        texts.WHAT_PROFILE,
        container=picker_area,
        param="profil",
        index=None,
        format_func=district_names.get,
        placeholder=texts.MAP_PROFILE_PLACEHOLDER,
        help=texts.MAP_PROFILE_PICK_HELP,
    )
with right:
    if profile_code:
        with st.container(border=True):
            st.markdown(safe.bold(district_names.get(profile_code, profile_code)))
            for shown_measure, year, shown_view, label, values, _, _ in maps_drawn:
                row = values[values["stadsdel_kod"] == profile_code].iloc[0]
                kind = shown_measure.kind
                if row["status"] == "suppressed":
                    st.markdown(f"{label} {year}: **{texts.HIDDEN_FIGURE}**")
                elif row["status"] == "missing":
                    st.markdown(f"{label} {year}: **{texts.MAP_MISSING}**")
                elif shown_view == measures.VIEW_CHANGE:
                    st.markdown(f"{label} {base_year}: **{maps.value_text(row['value_base'], kind, 1)}**")
                    st.markdown(f"{label} {year}: **{maps.value_text(row['value_now'], kind, 1)}**")
                    delta = fmt.measure_delta(
                        row["value"], kind, direction=shown_measure.direction, reading=row["reading"]
                    )
                    st.markdown(texts.map_profile_change(base_year, delta.with_reading() if delta else fmt.DASH))
                    interval = fmt.change_interval(row["ci_low"], row["ci_high"], kind)
                    if interval:
                        st.caption(f"{texts.CHART_INTERVAL_95}: {interval}")
                else:
                    value = (
                        texts.AREA_TYPE_LABELS.get(int(row["value"]), "")
                        if kind == "area_type"
                        else maps.value_text(row["value"], kind)
                    )
                    st.markdown(f"{label} {year}: **{value}**")
                    if kind in ("share", "rate"):
                        interval = fmt.interval(row["ci_low"], row["ci_high"])
                        st.caption(texts.map_interval_n(interval, fmt.number(row["n"])))
    else:
        st.caption(texts.MAP_CLICK_HINT)

if profile_code:
    profile.district_profile(ctx, profile_code)

# Drawn only while open: a national table (6,160 rows per map) would otherwise be sent with every measure
# to a browser that never shows it. The downloads under the map are there either way.
table_area = st.expander(texts.SHOW_AS_TABLE, key="karta_tabell", on_change="rerun")
for shown_measure, year, shown_view, label, values, _, _ in maps_drawn if table_area.open else ():
    with table_area:
        rows, colours = map_table(shown_measure, year, shown_view, label, values)
        if shown_view == measures.VIEW_CHANGE:
            st.caption(texts.map_change_column(label, base_year))
            widgets.table(rows, colours=colours)
        else:
            st.dataframe(rows, hide_index=True, width="stretch")

context.show_notices(notices)
