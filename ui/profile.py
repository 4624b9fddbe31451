"""The district profile under the map: indicators over time against the municipality, area-type history,
the programmes' results there, and "add to comparison"."""

from __future__ import annotations

import streamlit as st

import texts
from charts import format as fmt
from charts import profile as profile_charts
from charts.theme import district_colours
from ui import cache, context, downloads, tables, widgets


def district_profile(ctx, code: str) -> None:
    names = widgets.district_names(ctx.data.districts)
    min_n = ctx.settings.min_n
    chosen = context.selected_districts(list(names), [])
    with st.container(border=True):
        head, action = st.columns([3, 1])
        head.subheader(texts.profile_title(names[code]))
        if code in chosen:
            action.caption(texts.PROFILE_IN_COMPARISON)
        elif len(chosen) >= context.MAX_DISTRICTS:
            action.caption(texts.profile_comparison_full(context.MAX_DISTRICTS))
        elif action.button(texts.PROFILE_ADD, key="profil_jamfor"):
            context.set_selected_districts([*chosen, code])
            st.toast(texts.profile_added(names[code]))
            st.rerun()

        history = cache.area_type_history(ctx.path, code, ctx.settings.index_mean, ctx.settings.index_sd)
        st.markdown(f"**{texts.PROFILE_AREA_TYPE_HISTORY}** " + tables.area_type_history_text(history))

        series = cache.indicator_series(ctx.path, (code,), min_n)
        series_fig = cache.figure(
            profile_charts.indicator_small_multiples,
            series,
            indicator_labels={
                k: texts.MEASURE_LABELS[k] for k in texts.MEASURE_LABELS if k in set(series["indikator"])
            },
            area_names={code: names[code], "kommun": texts.MUNICIPALITY},
            # The colour the district has (or would get) in the comparison, so it keeps it there.
            colours=district_colours([*(c for c in chosen if c != code), code] if code not in chosen else chosen),
        )
        series_rows = tables.series_table(series, {code: names[code], "kommun": texts.MUNICIPALITY})
        widgets.chart(
            series_fig, alt=texts.profile_series_alt(names[code]), table=series_rows, key=f"profil_serier_{code}"
        )
        district = (texts.export_filter("districts", names[code]),)
        series_meta = downloads.meta(
            ctx, texts.profile_title(names[code]), period=downloads.years(series["ar"]), source="scb", filters=district
        )
        downloads.chart_downloads(series_fig, series_meta, f"profil_serier_{code}", table=series_rows)
        results = cache.programme_results(ctx.path, code, min_n)
        st.markdown(texts.PROFILE_RESULTS_TITLE)
        if results.empty:
            st.caption(texts.PROFILE_NO_RESULTS)
        else:
            programme_names = widgets.programme_names(ctx.data.programmes)
            result_rows = tables.rate_table(
                results, {"insats": texts.COLUMNS["programme"]}, {"insats": programme_names}, min_n
            )
            st.dataframe(result_rows, hide_index=True, width="stretch")
            results_meta = downloads.meta(
                ctx,
                f"{texts.profile_title(names[code])}: {texts.PROFILE_RESULTS_TITLE}",
                period=texts.export_all_years(*downloads.years_span(ctx.data.participants)),
                filters=district,
            )
            downloads.table_downloads(result_rows, results_meta, f"profil_resultat_{code}")
        started = ctx.data.participants["stadsdel_kod"] == code
        st.caption(texts.profile_started(fmt.count(int(started.sum()), min_n)))
