"""Handlingsplan: the integration strategy's measures (who does what, where, on what evidence), what their
linked indicators did in the target districts, and the residents' activities per district."""

import datetime

import streamlit as st

import texts
from analysis.stats import plan as plan_stats
from charts import strategy as strategy_charts
from ui import cache, context, downloads, safe, widgets
from ui import strategy_tables as tables

ctx = context.page()
min_n = ctx.settings.min_n
today = datetime.date.today()
names = widgets.district_names(ctx.data.districts)
programme_names = widgets.programme_names(ctx.data.programmes)
plan = ctx.data.plan


def drawable(table, chart: str, **kwargs) -> bool:
    """Whether ``chart`` has anything to draw; if not, say why instead of drawing an empty figure."""
    reason = strategy_charts.why_empty(table, chart, **kwargs)
    if reason:
        st.info(texts.strategy_chart_empty(chart, reason))
    return reason is None


st.title(texts.plan_title(safe.md(ctx.info.kommun_namn)))
st.caption(texts.PLAN_INTRO)

if plan.empty:
    st.info(texts.PLAN_NONE)
else:
    cols = st.columns(4)
    actors = cols[0].multiselect(
        texts.PLAN_FILTER_ACTOR, plan_stats.plan_actors(plan), key="plan_aktor", placeholder=texts.PLAN_FILTER_ALL
    )
    districts = cols[1].multiselect(
        texts.PLAN_FILTER_DISTRICT, list(names), format_func=names.get, key="plan_stadsdel",
        placeholder=texts.PLAN_FILTER_ALL,
    )  # fmt: skip
    statuses = cols[2].multiselect(
        texts.PLAN_FILTER_STATUS, list(texts.PLAN_STATUS_LABELS), format_func=texts.PLAN_STATUS_LABELS.get,
        key="plan_status", placeholder=texts.PLAN_FILTER_ALL,
    )  # fmt: skip
    evidence = cols[3].multiselect(
        texts.PLAN_FILTER_EVIDENCE, list(texts.PLAN_EVIDENCE_LABELS), format_func=texts.PLAN_EVIDENCE_LABELS.get,
        key="plan_evidens", placeholder=texts.PLAN_FILTER_ALL,
    )  # fmt: skip
    shown = plan_stats.filter_measures(
        plan, actors=actors, districts=districts, statuses=statuses, evidence=evidence
    ).reset_index(drop=True)
    summary = plan_stats.plan_summary(shown)
    cols = st.columns(4)
    cols[0].metric(texts.PLAN_METRIC_MEASURES, str(summary["alla"]), help=texts.plan_filtered(len(shown), len(plan)))
    cols[1].metric(texts.PLAN_STATUS_LABELS["pagaende"], str(summary["pagaende"]))
    cols[2].metric(texts.PLAN_STATUS_LABELS["genomford"], str(summary["genomford"]))
    cols[3].metric(texts.PLAN_METRIC_EVIDENCE, str(summary["stod"]), help=texts.PLAN_METRIC_EVIDENCE_HELP)

    st.subheader(texts.PLAN_TIMELINE_TITLE)
    if shown.empty:
        st.info(texts.PLAN_NONE_MATCH)
    else:
        timeline = cache.figure(strategy_charts.plan_timeline, shown, today=today)
        measure_rows = tables.plan_table(shown, names)
        widgets.chart(timeline, alt=texts.plan_timeline_alt(len(shown)), table=measure_rows)
        filters = tuple(
            texts.export_filter(key, ", ".join(values))
            for key, values in (
                ("actor", actors),
                ("district", [names.get(c, c) for c in districts]),
                ("status", [texts.PLAN_STATUS_LABELS[s] for s in statuses]),
                ("evidence", [texts.PLAN_EVIDENCE_LABELS[e] for e in evidence]),
            )
            if values
        )
        plan_meta = downloads.meta(
            ctx, texts.PLAN_TIMELINE_TITLE, period=texts.PLAN_PERIOD, source="plan", filters=filters
        )
        downloads.chart_downloads(timeline, plan_meta, "handlingsplan_tidslinje", table=measure_rows)
        st.caption(texts.PLAN_TIMELINE_NOTE)

        st.subheader(texts.PLAN_FOLLOW_TITLE)
        titles = dict(zip(shown["atgard_id"], shown["titel"], strict=True))
        chosen = st.selectbox(
            texts.PLAN_PICK_MEASURE, list(titles), format_func=lambda i: f"{i} – {titles[i]}", key="plan_atgard"
        )
        row = shown[shown["atgard_id"] == chosen].iloc[0]
        st.markdown(tables.measure_card(row, names))
        links = ctx.data.plan_indicators[ctx.data.plan_indicators["atgard_id"] == chosen]
        st.info(texts.PLAN_NOT_PROOF)
        if links.empty:
            st.caption(texts.PLAN_NO_INDICATORS)
        else:
            progress = cache.plan_progress(ctx.path, chosen, min_n)
            progress_labels = {k: tables.indicator_label(k, programme_names) for k in progress["indikator"]}
            if drawable(progress, "progress"):
                progress_fig = cache.figure(strategy_charts.progress_bars, progress, labels=progress_labels)
                progress_rows = tables.progress_table(progress, progress_labels, min_n)
                widgets.chart(progress_fig, alt=texts.plan_progress_alt(chosen), table=progress_rows)
                progress_meta = downloads.meta(
                    ctx, texts.plan_progress_title(chosen), period=texts.PLAN_PERIOD, source="plan"
                )
                downloads.chart_downloads(
                    progress_fig, progress_meta, f"handlingsplan_mal_{chosen}", table=progress_rows
                )
            st.caption(texts.PLAN_PROGRESS_NOTE)
            start = plan_stats.start_year(row)
            for link in links.itertuples():
                label = progress_labels.get(link.indikator) or tables.indicator_label(link.indikator, programme_names)
                kind = plan_stats.linked_indicator_kind(link.indikator)
                st.markdown(f"#### {safe.md(label)}")  # programme names come from a file
                did = cache.plan_did(ctx.path, chosen, link.indikator, ctx.settings)
                series = cache.plan_series(ctx.path, chosen, link.indikator, tuple(did.comparison_codes), min_n)
                before_after = cache.plan_before_after(ctx.path, chosen, link.indikator, min_n)
                ba_rows = tables.before_after_table(before_after, kind, min_n)
                if drawable(series, "series"):
                    series_fig = cache.figure(
                        strategy_charts.indicator_series,
                        series,
                        kind=kind,
                        start_year=start,
                        labels=texts.PLAN_GROUP_LABELS,
                    )
                    widgets.chart(series_fig, alt=texts.plan_series_alt(label), table=ba_rows)
                    series_meta = downloads.meta(
                        ctx,
                        texts.plan_series_title(label, chosen),
                        period=downloads.years(series["ar"]),
                        source="both",
                        notes=(texts.PLAN_NOT_PROOF,),
                    )
                    downloads.chart_downloads(
                        series_fig, series_meta, f"handlingsplan_{chosen}_{link.Index}", table=ba_rows
                    )
                st.markdown(tables.did_sentence(did, kind, names))
                if kind != plan_stats.KIND_COUNT:
                    st.caption(texts.plan_comparison_note(len(did.comparison_codes)))

st.subheader(texts.ACTIVITIES_TITLE)
if ctx.data.activities.empty:
    st.info(texts.ACTIVITIES_NONE)
else:
    period = st.radio(
        texts.INSATSER_PERIOD,
        ["year", "all"],
        format_func=lambda p: texts.insatser_period_option(p, ctx.year),
        horizontal=True,
        key="aktiviteter_period",
    )
    year = ctx.year if period == "year" else None
    period_text = str(year) if year is not None else downloads.years(ctx.data.activities["ar"])
    per = st.radio(
        texts.ACTIVITIES_MEASURE,
        ["aktiviteter", "deltagare"],
        format_func=texts.ACTIVITIES_MEASURE_LABELS.get,
        horizontal=True,
        key="aktiviteter_matt",
    )
    by_district = cache.activities_by_district(ctx.path, year, min_n)
    # Districts without any activity are named under the chart rather than drawn as a column of zeros.
    without = by_district[by_district["aktiviteter"] == 0]
    drawn = by_district[by_district["aktiviteter"] > 0]
    activity_rows = tables.activities_table(by_district, names, min_n)
    if drawable(drawn, "activities", column=f"{per}_per_1000"):
        activity_fig = cache.figure(
            strategy_charts.activities_by_district, drawn, labels=names, measure=per, min_n=min_n
        )
        widgets.chart(activity_fig, alt=texts.activities_alt(period_text), table=activity_rows)
        activity_meta = downloads.meta(ctx, texts.activities_title(period_text), period=period_text, source="plan")
        downloads.chart_downloads(activity_fig, activity_meta, "aktiviteter_stadsdel", table=activity_rows)
    if len(without) and len(drawn):
        st.caption(texts.activities_none_in([safe.md(names.get(c, c)) for c in without["stadsdel_kod"]]))
    st.caption(texts.ACTIVITIES_NOTE)

    # Every year of the log, so the kinds' trend shows whatever the period above.
    by_kind = cache.activities_by_kind(ctx.path, min_n)
    kind_period = downloads.years(by_kind["ar"])
    if drawable(by_kind, "kinds"):
        kind_fig = cache.figure(strategy_charts.activities_by_kind, by_kind)
        kind_rows = tables.activity_kind_table(by_kind, min_n)
        widgets.chart(kind_fig, alt=texts.activities_kind_alt(kind_period), table=kind_rows)
        kind_meta = downloads.meta(ctx, texts.ACTIVITIES_KIND_TITLE, period=kind_period, source="plan")
        downloads.chart_downloads(kind_fig, kind_meta, "aktiviteter_typ", table=kind_rows)

    st.markdown(f"#### {texts.ACTIVITIES_BY_MEASURE_TITLE}")
    by_measure = cache.activities_by_measure(ctx.path, year, min_n)
    measure_rows = tables.activity_measure_table(by_measure, min_n)
    st.dataframe(measure_rows, hide_index=True, width="stretch")
    measure_meta = downloads.meta(ctx, texts.ACTIVITIES_BY_MEASURE_TITLE, period=period_text, source="plan")
    downloads.table_downloads(measure_rows, measure_meta, "aktiviteter_atgard")
    st.caption(texts.ACTIVITIES_MAP_HINT)
