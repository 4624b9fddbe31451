"""Data: what is loaded, its period, sources, row counts and validation results."""

import pandas as pd
import streamlit as st

import texts
from analysis.vocab import PARTICIPANT_COLUMNS
from charts import format as fmt
from ui import cache, context, importer

ctx = context.page()
data = ctx.data
meta = data.meta

st.title(f"Data: {ctx.info.kommun_namn}")
loaded, imports, scb_tab, versions = st.tabs(["Inläst data", "Importera deltagare", "SCB-statistik", "Versioner"])
store = cache.local_store()
with imports:
    importer.participant_import(ctx, store)
with scb_tab:
    importer.scb_import(ctx, store)
with versions:
    importer.version_picker(ctx, store, "deltagare", "Deltagardata")
    importer.version_picker(ctx, store, "statistik", "Stadsdelsstatistik")
with loaded:
    if data.fiktiv:
        st.info(meta.get("beskrivning", texts.DEMO_NOTICE))

    starts = data.participants["startdatum"].dropna()
    cols = st.columns(4)
    cols[0].metric("Stadsdelar", fmt.number(len(data.districts)))
    cols[1].metric("Statistikår", f"{min(data.years)}–{max(data.years)}")
    cols[2].metric("Deltagarrader", fmt.number(len(data.participants)))
    cols[3].metric(
        "Insatser startade",
        f"{starts.min():%Y}–{starts.max():%Y}" if len(starts) else "–",
        help=f"Första start {starts.min():%Y-%m-%d}, senaste {starts.max():%Y-%m-%d}." if len(starts) else None,
    )

    st.subheader("Källor")
    for source in meta.get("kallor", []):
        st.markdown(f"- {source}")
    if meta.get("geometri_schematisk"):
        st.caption(texts.SCHEMATIC_MAP)

    st.subheader("Inläsning och validering")
    summary = pd.DataFrame(
        [
            {
                "Fil": report.file,
                "Rader lästa": fmt.number(report.rows_read),
                "Godkända": fmt.number(report.rows_accepted),
                "Avvisade": fmt.number(report.rows_rejected),
                "Varningar": fmt.number(len(report.warnings)),
            }
            for report in data.reports
        ]
    )
    st.dataframe(summary, hide_index=True, width="stretch")
    issues = [report.to_frame().assign(fil=report.file) for report in data.reports if report.issues]
    if issues:
        st.dataframe(pd.concat(issues, ignore_index=True), hide_index=True, width="stretch")
    else:
        st.success("Alla rader godkändes utan anmärkning.")

    st.subheader("Inställningar")
    st.markdown(
        f"- Inget antal eller andel som bygger på färre än **{ctx.settings.min_n}** personer visas "
        "(miljövariabeln `STADSDEL_MIN_N`).\n"
        "- Områdestyp beräknas, där SCB inte publicerat någon, med rikets medelvärde "
        f"**{fmt.number(ctx.settings.index_mean, 1)}** "
        f"och standardavvikelse **{fmt.number(ctx.settings.index_sd, 1)}** för det socioekonomiska indexet "
        "(`STADSDEL_INDEX_MEAN`, `STADSDEL_INDEX_SD`)."
    )

    st.subheader("Mall för deltagarfil")
    st.markdown("Kolumner: " + ", ".join(f"`{c}`" for c in PARTICIPANT_COLUMNS) + ". Se README för tillåtna värden.")
    st.download_button(
        "Ladda ned tom mall (CSV)",
        data=(",".join(PARTICIPANT_COLUMNS) + "\n").encode("utf-8"),
        file_name="deltagare_mall.csv",
        mime="text/csv",
    )
