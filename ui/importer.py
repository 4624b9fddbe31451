"""The Data page's import panels: participant files in, versions kept, column mappings saved.

Everything shown here comes *after* ``privacy.protect``: the browser sees column names, counts and
validation messages (which name rows and columns, never values), never an identity number or a row of
personal data.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

import texts
from analysis import intake, privacy, reading, scb, vocab
from analysis.store import Store
from analysis.validation import DataError
from charts import format as fmt

IGNORE = "(används inte)"


def _secrets() -> dict:
    """``st.secrets`` as a plain dict; empty when the app has no secrets file (st.secrets then raises)."""
    try:
        return dict(st.secrets)
    except Exception:
        return {}


def mapping_path(store: Store, kommun_kod: str) -> Path:
    """Where the column mapping for a municipality's participant files is saved."""
    return Path(store.root) / kommun_kod / "deltagare_kolumnmappning.json"


def _who() -> str | None:
    """Who accepts an import: the signed-in user where the app has login, else what the user types."""
    try:
        email = st.user.get("email")
    except Exception:
        email = None
    return email


def _mapping_editor(columns: list[str], suggested: dict[str, str | None]) -> dict[str, str | None]:
    targets = [IGNORE, *vocab.PARTICIPANT_COLUMNS, reading.PERSONNUMMER]
    mapping: dict[str, str | None] = {}
    cols = st.columns(3)
    for i, column in enumerate(columns):
        current = suggested.get(column) or IGNORE
        # A file without a header row could make an identity number a "column name": redact before showing.
        choice = cols[i % 3].selectbox(
            f"Filens kolumn ”{privacy.redact(column)}”",
            targets,
            index=targets.index(current) if current in targets else 0,
            key=f"import_kolumn_{i}",
        )
        mapping[column] = None if choice == IGNORE else choice
    return mapping


def _summary(frame: pd.DataFrame, names: dict[str, str], min_n: int) -> pd.DataFrame:
    """Accepted rows per programme and outcome: an aggregate preview (no row reaches the browser)."""
    counts = frame.groupby(["insats", "utfall"], observed=True).size().unstack(fill_value=0)
    table = pd.DataFrame({"Insats": [names.get(c, c) for c in counts.index]})
    for outcome in counts.columns:
        table[texts.OUTCOME_LABELS.get(outcome, outcome)] = [fmt.count(v, min_n) for v in counts[outcome]]
    table["Totalt"] = [fmt.count(v, min_n) for v in counts.sum(axis=1)]
    return table


def participant_import(ctx, store: Store) -> None:
    """Upload → mapping → protected preview and report → accept as a new version."""
    st.subheader("Importera deltagare")
    try:
        key = privacy.pseudonym_key(_secrets(), os.environ)
    except privacy.MissingKeyError as error:
        st.error(str(error))
        return
    uploaded = st.file_uploader(
        "Deltagarfil (CSV eller Excel)",
        type=["csv", "txt", "xlsx", "xlsm"],
        key="import_fil",
        help="Personnummer ersätts med pseudonymer innan något visas eller sparas; namn, adresser, "
        "telefon och e-post tas bort.",
    )
    if uploaded is None:
        st.caption("Mallen och tillåtna värden står i README. Inget sparas förrän du godkänner importen.")
        return
    data = uploaded.getvalue()
    try:
        saved = reading.load_mapping(mapping_path(store, ctx.info.kommun_kod))
        first = reading.read_table(data, uploaded.name, known_columns=tuple(saved))
        sheet = None
        if len(first.sheets) > 1:
            sheet = st.selectbox("Blad i arbetsboken", first.sheets, key="import_blad")
            first = reading.read_table(data, uploaded.name, sheet=sheet, known_columns=tuple(saved))
        day_first = st.toggle("Datum som 1/3/2024 betyder 1 mars (dag först)", value=True, key="import_dag")
        columns = list(first.frame.columns)
        suggested = reading.resolve_mapping(columns, saved)
        with st.expander("Kolumnkoppling: vilken kolumn i filen är vad", expanded=False):
            mapping = _mapping_editor(columns, suggested)
            if st.button("Spara kolumnkopplingen till nästa gång", key="import_spara_mappning"):
                # Headers that are identity numbers are never written to disk.
                safe = {c: t for c, t in mapping.items() if privacy.redact(c) == c}
                reading.save_mapping(mapping_path(store, ctx.info.kommun_kod), safe)
                st.success("Kolumnkopplingen är sparad.")
        preview = intake.preview_participants(
            data,
            uploaded.name,
            district_codes=ctx.data.districts["stadsdel_kod"],
            programme_codes=ctx.data.programmes["insats"],
            key=key,
            mapping=mapping,
            sheet=sheet,
            day_first=day_first,
        )
    except DataError as error:
        st.error(str(error))
        return

    if preview.notices:
        st.info("\n".join(f"- {notice[:1].upper()}{notice[1:]}" for notice in preview.notices))
    report = preview.report
    cols = st.columns(3)
    cols[0].metric("Rader lästa", fmt.number(report.rows_read))
    cols[1].metric("Godkända", fmt.number(report.rows_accepted))
    cols[2].metric("Avvisade", fmt.number(report.rows_rejected))
    if report.issues:
        issues = report.to_frame().astype("string").fillna("")  # file-level issues have no row or column
        st.dataframe(issues, hide_index=True, width="stretch")
    if preview.acceptable:
        names = dict(zip(ctx.data.programmes["insats"], ctx.data.programmes["namn"], strict=True))
        st.markdown("**Det här kommer in** (godkända rader per insats och utfall)")
        st.dataframe(_summary(preview.frame, names, ctx.settings.min_n), hide_index=True, width="stretch")
    who = _who() or st.text_input("Importerad av (valfritt)", key="import_vem") or None
    if st.button("Godkänn och spara", type="primary", disabled=not preview.acceptable, key="import_godkann"):
        try:
            version = intake.accept(preview, store, ctx.info.kommun_kod, who=who)
        except DataError as error:
            st.error(str(error))
            return
        st.success(
            f"Sparat som version {version.id}: {fmt.number(version.rows)} rader. Alla sidor visar nu den här versionen."
        )
        st.rerun()


def version_picker(ctx, store: Store, kind: str, title: str) -> None:
    """Every accepted import of one table with time, file, counts and who; switch the active one."""
    st.subheader(title)
    try:
        versions = store.versions(ctx.info.kommun_kod, kind)
        active = store.active(ctx.info.kommun_kod, kind)
    except DataError as error:
        st.error(str(error))
        return
    if not versions:
        st.caption("Inga importer ännu: de levererade filerna används.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Version": v.id,
                    "Tid (UTC)": v.created[:16].replace("T", " "),
                    "Fil": v.file_name,
                    "Lästa": fmt.number(v.rows_read),
                    "Godkända": fmt.number(v.rows_accepted),
                    "Avvisade": fmt.number(v.rows_rejected),
                    "Av": v.who or "",
                    "Används": "ja" if active and v.id == active.id else "",
                }
                for v in versions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    ids = [v.id for v in versions]
    choice = st.selectbox(
        "Version att använda",
        ids,
        index=ids.index(active.id) if active else 0,
        key=f"import_version_{kind}",
    )
    if active is not None and choice != active.id and st.button("Använd den här versionen", key=f"import_byt_{kind}"):
        try:
            store.activate(ctx.info.kommun_kod, kind, choice)
        except DataError as error:
            st.error(str(error))
            return
        st.rerun()


SCB_COLUMNS = {
    "omradestyp_scb": "Områdestyp (SCB), t.ex. Statistikdatabasens export av områdestyper per RegSO",
    **{c: f"Antal: {c}" for c in vocab.STATISTICS_COUNT_COLUMNS if c != "lagenheter"},
    "medianinkomst_tkr": "Medianinkomst 20–64 år, tkr",
}


def scb_import(ctx, store: Store) -> None:
    """An SCB export (Statistikdatabasen CSV or PxWeb JSON-stat2) merged into one statistics column."""
    st.subheader("Importera SCB-statistik")
    st.caption(
        "Statistikdatabasens CSV-export (områden som ”Helsingborg (Drottninghög)”, en kolumn per år) eller "
        "ett svar från SCB:s API i JSON-stat2. Områdena matchas mot datamängdens stadsdelar på namn, eller "
        "mot SCB:s nyckelfil DeSO→RegSO om du lägger till den."
    )
    uploaded = st.file_uploader("SCB-fil", type=["csv", "json"], key="scb_fil")
    column = st.selectbox("Fyller kolumnen", list(SCB_COLUMNS), format_func=SCB_COLUMNS.get, key="scb_kolumn")
    key_file = st.file_uploader("SCB:s nyckelfil DeSO→RegSO (valfri)", type=["csv", "xlsx"], key="scb_nyckel")
    if uploaded is None:
        return
    try:
        key = scb.read_deso_regso_key(key_file.getvalue()) if key_file is not None else None
        preview = intake.preview_scb_statistics(
            uploaded.getvalue(),
            uploaded.name,
            statistics=ctx.data.statistics,
            districts=ctx.data.districts,
            kommun_kod=ctx.info.kommun_kod,
            kommun_namn=ctx.info.kommun_namn,
            column=column,
            key=key,
        )
    except DataError as error:
        st.error(str(error))
        return
    tidy = preview.tidy
    cols = st.columns(4)
    cols[0].metric("Områden i kommunen", fmt.number(tidy.labels_resolved + len(tidy.unresolved)))
    cols[1].metric("Matchade", fmt.number(tidy.labels_resolved))
    cols[2].metric("Ej matchade", fmt.number(len(tidy.unresolved)))
    cols[3].metric("Andra kommuner (hoppas över)", fmt.number(tidy.labels_outside))
    if tidy.unresolved:
        st.dataframe(tidy.unresolved_frame(), hide_index=True, width="stretch")
    notes = [*tidy.notes, preview.merge.summary()]
    if preview.outside:
        notes.append(f"{fmt.number(preview.outside)} stadsdel-år finns inte i datamängden och lämnas utanför.")
    st.info("\n".join(f"- {note}" for note in notes))
    if st.button("Godkänn och spara", type="primary", key="scb_godkann", disabled=tidy.labels_resolved == 0):
        try:
            version = intake.accept_statistics(preview, store, ctx.info.kommun_kod, who=_who())
        except DataError as error:
            st.error(str(error))
            return
        st.success(f"Sparat som version {version.id} av statistiken.")
        st.rerun()
