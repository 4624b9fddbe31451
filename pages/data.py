"""Data: what is loaded, its period, sources and settings; for data stewards also the imports, validation
results, versions and the audit log.

A reader (``läsare``) gets the aggregates only: none of the import panels, reports, versions or the log is
drawn, and each of them refuses (and records) on the server when asked for anyway (``ui.importer``).
"""

import pandas as pd
import streamlit as st

import texts
from analysis.keeping import audit
from analysis.vocab import PARTICIPANT_COLUMNS
from charts import format as fmt
from ui import auth, cache, context, downloads, importer, safe

# Again here, not only in dashboard.py: AppTest (and Streamlit's legacy pages/ discovery) runs a page alone.
actor = auth.gate()
ctx = context.page()
data = ctx.data
meta = data.meta
steward = actor.may(audit.IMPORT)

st.title(texts.data_title(safe.md(ctx.info.kommun_namn)))
if actor.method == audit.METHOD_OPEN:
    st.info(texts.AUTH_OPEN_NOTICE)
elif not steward:
    st.caption(texts.AUTH_READER_NOTICE)
store = cache.local_store()
if steward:
    tab_labels = texts.DATA_TABS
    loaded, imports, tables_tab, scb_tab, versions, audit_tab = st.tabs(
        [
            tab_labels["loaded"],
            tab_labels["participants"],
            tab_labels["tables"],
            tab_labels["scb"],
            tab_labels["versions"],
            texts.DATA_TAB_AUDIT,
        ]
    )
    with imports:
        importer.participant_import(ctx, store)
    with tables_tab:
        importer.table_import(ctx, store)
    with scb_tab:
        importer.scb_import(ctx, store)
        importer.scb_boundaries(ctx, store)
    with versions:
        for kind in cache.IMPORTED_KINDS:
            importer.version_picker(ctx, store, kind, texts.DATA_VERSION_TITLES[kind])
    with audit_tab:
        importer.audit_view(ctx, store)
else:
    loaded = st.container()
with loaded:
    if data.fiktiv:
        st.info(safe.message(meta["beskrivning"]) if meta.get("beskrivning") else texts.DEMO_NOTICE)

    starts = data.participants["startdatum"].dropna()
    cols = st.columns(4)
    cols[0].metric(texts.DATA_DISTRICTS, fmt.number(len(data.districts)))
    cols[1].metric(texts.DATA_STATISTICS_YEARS, f"{min(data.years)}–{max(data.years)}")
    cols[2].metric(texts.DATA_PARTICIPANT_ROWS, fmt.number(len(data.participants)))
    cols[3].metric(
        texts.DATA_PROGRAMMES_STARTED,
        f"{starts.min():%Y}–{starts.max():%Y}" if len(starts) else "–",
        help=texts.data_first_last_start(f"{starts.min():%Y-%m-%d}", f"{starts.max():%Y-%m-%d}")
        if len(starts)
        else None,
    )

    st.subheader(texts.DATA_SOURCES)
    for source in meta.get("kallor", []):
        st.markdown(f"- {safe.md(source)}")
    if texts.DATA_SOURCES_LANGUAGE_NOTE:  # English only: the data set speaks Swedish
        st.caption(texts.DATA_SOURCES_LANGUAGE_NOTE)
    if meta.get("geometri_schematisk"):
        st.caption(texts.SCHEMATIC_MAP)

    if steward:  # the validation reports: a data steward's (a reader sees the aggregates around them)
        st.subheader(texts.DATA_VALIDATION)
        columns = texts.DATA_REPORT_COLUMNS
        summary = pd.DataFrame(
            [
                {
                    columns["file"]: report.file,
                    columns["rows_read"]: fmt.number(report.rows_read),
                    columns["rows_accepted"]: fmt.number(report.rows_accepted),
                    columns["rows_rejected"]: fmt.number(report.rows_rejected),
                    columns["warnings"]: fmt.number(len(report.warnings)),
                }
                for report in data.reports
            ]
        )
        st.dataframe(summary, hide_index=True, width="stretch")
        validation_meta = downloads.meta(ctx, texts.DATA_VALIDATION, period="", source="both")
        downloads.table_downloads(summary, validation_meta, "data_validering")
        issues = [report.to_frame().assign(fil=report.file) for report in data.reports if report.issues]
        if issues:
            if texts.DATA_MESSAGES_LANGUAGE_NOTE:  # English only: analysis/ writes its messages in Swedish
                st.caption(texts.DATA_MESSAGES_LANGUAGE_NOTE)
            issue_rows = importer.issue_table(pd.concat(issues, ignore_index=True))
            st.dataframe(issue_rows, hide_index=True, width="stretch")
            downloads.table_downloads(issue_rows, validation_meta, "data_meddelanden")
        else:
            st.success(texts.DATA_ALL_ACCEPTED)

    st.subheader(texts.DATA_SETTINGS)
    st.markdown(
        texts.data_settings(
            fmt.number(ctx.settings.min_n),
            fmt.number(ctx.settings.index_mean, 1),
            fmt.number(ctx.settings.index_sd, 1),
        )
    )

    if steward:  # the template is for importing
        st.subheader(texts.DATA_TEMPLATE)
        st.markdown(texts.data_template_columns(", ".join(f"`{c}`" for c in PARTICIPANT_COLUMNS)))
        st.download_button(
            texts.DATA_TEMPLATE_DOWNLOAD,
            data=(",".join(PARTICIPANT_COLUMNS) + "\n").encode("utf-8"),
            file_name="deltagare_mall.csv",
            mime="text/csv",
        )
