"""Data: what is loaded, its period, sources, row counts and validation results."""

import pandas as pd
import streamlit as st

import texts
from analysis.vocab import PARTICIPANT_COLUMNS
from charts import format as fmt
from ui import cache, context, downloads, importer

ctx = context.page()
data = ctx.data
meta = data.meta

st.title(texts.data_title(ctx.info.kommun_namn))
tab_labels = texts.DATA_TABS
loaded, imports, tables_tab, scb_tab, versions = st.tabs(
    [
        tab_labels["loaded"],
        tab_labels["participants"],
        tab_labels["tables"],
        tab_labels["scb"],
        tab_labels["versions"],
    ]
)
store = cache.local_store()
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
with loaded:
    if data.fiktiv:
        st.info(meta.get("beskrivning", texts.DEMO_NOTICE))

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
        st.markdown(f"- {source}")
    if texts.DATA_SOURCES_LANGUAGE_NOTE:  # English only: the data set speaks Swedish
        st.caption(texts.DATA_SOURCES_LANGUAGE_NOTE)
    if meta.get("geometri_schematisk"):
        st.caption(texts.SCHEMATIC_MAP)

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

    st.subheader(texts.DATA_TEMPLATE)
    st.markdown(texts.data_template_columns(", ".join(f"`{c}`" for c in PARTICIPANT_COLUMNS)))
    st.download_button(
        texts.DATA_TEMPLATE_DOWNLOAD,
        data=(",".join(PARTICIPANT_COLUMNS) + "\n").encode("utf-8"),
        file_name="deltagare_mall.csv",
        mime="text/csv",
    )
