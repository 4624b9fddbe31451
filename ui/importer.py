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
from analysis import vocab
from analysis.files_in import geodata, identity, intake, keys, privacy, reading, scb, strategy
from analysis.files_in.store import Store
from analysis.files_in.validation import DataError
from charts import format as fmt

#: The mapping editor's "not used" choice: a value no target column has, shown as ``texts.IMPORT_IGNORE`` (a
#: translated label as the value would lose the choice when the language changes).
IGNORE = ""


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


def _sheet_labels(sheets: list[str]) -> list[str]:
    """The workbook's sheet names as the picker shows them: any identity number in a name redacted, and a
    redacted name numbered by its place, so two such sheets can still be told apart."""
    labels = []
    for number, name in enumerate(sheets, start=1):
        shown = identity.redact(name, texts.REDACTED_NAME)
        labels.append(shown if shown == name.strip() else texts.import_sheet_redacted(number, shown))
    return labels


def _mapping_editor(columns: list[str], suggested: dict[str, str | None]) -> dict[str, str | None]:
    targets = [IGNORE, *vocab.PARTICIPANT_COLUMNS, reading.PERSONNUMMER]
    # Labels fixed now, in the language in use: format_func may be called from another thread (AppTest).
    labels = {target: target for target in targets} | {IGNORE: texts.IMPORT_IGNORE}
    mapping: dict[str, str | None] = {}
    cols = st.columns(3)
    for i, column in enumerate(columns):
        current = suggested.get(column) or IGNORE
        # A file without a header row could make an identity number a "column name": redact before showing.
        choice = cols[i % 3].selectbox(
            texts.import_file_column(identity.redact(column, texts.REDACTED_NAME)),
            targets,
            index=targets.index(current) if current in targets else 0,
            format_func=labels.get,
            key=f"import_kolumn_{i}",
        )
        mapping[column] = None if choice == IGNORE else choice
    return mapping


def issue_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A report's issue table (``ValidationReport.to_frame``, maybe with ``fil``) with headers and severities
    in the language in use; the messages themselves stay as analysis/ wrote them (Swedish)."""
    severity = frame["allvarlighet"]
    labels = texts.IMPORT_SEVERITY_LABELS
    translated = severity.map(lambda s: labels.get(s, s), na_action="ignore").astype(severity.dtype)
    return frame.assign(allvarlighet=translated).rename(columns=texts.IMPORT_ISSUE_COLUMNS)


def _summary(frame: pd.DataFrame, names: dict[str, str], min_n: int) -> pd.DataFrame:
    """Accepted rows per programme and outcome: an aggregate preview (no row reaches the browser)."""
    counts = frame.groupby(["insats", "utfall"], observed=True).size().unstack(fill_value=0)
    table = pd.DataFrame({texts.INSATSER_PROGRAMME: [names.get(c, c) for c in counts.index]})
    for outcome in counts.columns:
        table[texts.OUTCOME_LABELS.get(outcome, outcome)] = [fmt.count(v, min_n) for v in counts[outcome]]
    table[texts.IMPORT_SUMMARY_TOTAL] = [fmt.count(v, min_n) for v in counts.sum(axis=1)]
    return table


def show_report(notices: list[str], report) -> None:
    """What reading did (``notices``) and the validation report of a file about to come in: rows read,
    accepted and rejected (read = accepted + rejected), and every issue with its row, column and reason."""
    # English only (empty in Swedish): analysis/ writes its notices and messages in Swedish.
    if texts.DATA_MESSAGES_LANGUAGE_NOTE and (notices or report.issues):
        st.caption(texts.DATA_MESSAGES_LANGUAGE_NOTE)
    if notices:
        shown = [privacy.redact(notice) for notice in notices]  # redacted at source too; belt and braces
        st.info("\n".join(f"- {notice[:1].upper()}{notice[1:]}" for notice in shown))
    cols = st.columns(3)
    counts = texts.DATA_REPORT_COLUMNS
    cols[0].metric(counts["rows_read"], fmt.number(report.rows_read))
    cols[1].metric(counts["rows_accepted"], fmt.number(report.rows_accepted))
    cols[2].metric(counts["rows_rejected"], fmt.number(report.rows_rejected))
    if report.issues:
        issues = report.to_frame().astype("string").fillna("")  # file-level issues have no row or column
        st.dataframe(issue_table(issues), hide_index=True, width="stretch")


def participant_import(ctx, store: Store) -> None:
    """Upload → mapping → protected preview and report → accept as a new version."""
    st.subheader(texts.IMPORT_PARTICIPANTS)
    try:
        key = privacy.pseudonym_key(_secrets(), os.environ)
    except privacy.MissingKeyError as error:
        st.error(str(error))
        return
    st.caption(texts.import_key_in_use(keys.key_fingerprint(key)))
    uploaded = st.file_uploader(
        texts.IMPORT_FILE,
        type=["csv", "txt", "xlsx", "xlsm"],
        key="import_fil",
        help=texts.IMPORT_FILE_HELP,
    )
    if uploaded is None:
        st.caption(texts.IMPORT_NO_FILE)
        return
    data = uploaded.getvalue()
    try:
        saved = reading.load_mapping(mapping_path(store, ctx.info.kommun_kod))
        first = reading.read_table(data, uploaded.name, known_columns=tuple(saved))
        sheet = None
        if len(first.sheets) > 1:
            # Chosen by position: a sheet named after a person is offered only under its redacted name.
            sheet = st.selectbox(
                texts.IMPORT_SHEET,
                range(len(first.sheets)),
                format_func=_sheet_labels(first.sheets).__getitem__,
                key="import_blad",
            )
            first = reading.read_table(data, uploaded.name, sheet=sheet, known_columns=tuple(saved))
        day_first = st.toggle(texts.IMPORT_DAY_FIRST, value=True, key="import_dag")
        columns = list(first.frame.columns)
        suggested = reading.resolve_mapping(columns, saved)
        with st.expander(texts.IMPORT_MAPPING, expanded=False):
            mapping = _mapping_editor(columns, suggested)
            if st.button(texts.IMPORT_SAVE_MAPPING, key="import_spara_mappning"):
                # Headers that are identity numbers are never written to disk.
                safe = {c: t for c, t in mapping.items() if privacy.redact(c) == c}
                reading.save_mapping(mapping_path(store, ctx.info.kommun_kod), safe)
                st.success(texts.IMPORT_MAPPING_SAVED)
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

    report = preview.report
    show_report(preview.notices, report)
    if preview.acceptable:
        names = dict(zip(ctx.data.programmes["insats"], ctx.data.programmes["namn"], strict=True))
        st.markdown(texts.IMPORT_COMING_IN)
        st.dataframe(_summary(preview.frame, names, ctx.settings.min_n), hide_index=True, width="stretch")
    who = _who() or st.text_input(texts.IMPORT_WHO, key="import_vem") or None
    confirmed = _key_change_confirmed(ctx, store, preview) if preview.acceptable else True
    if st.button(
        texts.IMPORT_ACCEPT, type="primary", disabled=not (preview.acceptable and confirmed), key="import_godkann"
    ):
        try:
            version = intake.accept(preview, store, ctx.info.kommun_kod, who=who)
        except DataError as error:
            st.error(str(error))
            return
        st.success(texts.import_saved_participants(version.id, fmt.number(version.rows)))
        st.rerun()


def _key_change_confirmed(ctx, store: Store, preview: intake.ImportPreview) -> bool:
    """Under another key than the active version's (or one that cannot be told), warn that the pseudonyms will
    not match earlier versions and ask for an explicit confirmation; ``True`` when the import may be kept."""
    try:
        change = intake.key_change(store, ctx.info.kommun_kod, preview.key_fingerprint)
    except DataError as error:
        st.error(str(error))
        return False
    if change is None:
        return True
    if change.known:
        st.warning(texts.import_key_changed(change.active_version, change.active_fingerprint, change.new_fingerprint))
    else:
        st.warning(texts.import_key_unrecorded(change.active_version, change.new_fingerprint))
    confirmed = st.checkbox(texts.IMPORT_KEY_CONFIRM, value=False, key="import_ny_nyckel")
    if not confirmed:
        st.caption(texts.IMPORT_KEY_CONFIRM_FIRST)
    return confirmed


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
        st.caption(texts.IMPORT_NO_VERSIONS)
        return
    columns = texts.IMPORT_VERSION_COLUMNS
    st.dataframe(
        pd.DataFrame(
            [
                {
                    columns["id"]: v.id,
                    columns["created"]: v.created[:16].replace("T", " "),
                    columns["file_name"]: v.file_name,
                    columns["rows_read"]: fmt.number(v.rows_read),
                    columns["rows_accepted"]: fmt.number(v.rows_accepted),
                    columns["rows_rejected"]: fmt.number(v.rows_rejected),
                    columns["who"]: v.who or "",
                    # Participant versions say which pseudonym key made them (by fingerprint, never the key).
                    **(
                        {texts.IMPORT_VERSION_KEY: v.key_fingerprint or texts.IMPORT_KEY_UNKNOWN}
                        if kind == intake.PARTICIPANTS
                        else {}
                    ),
                    columns["active"]: texts.IMPORT_VERSION_ACTIVE if active and v.id == active.id else "",
                }
                for v in versions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    ids = [v.id for v in versions]
    choice = st.selectbox(
        texts.IMPORT_VERSION_PICK,
        ids,
        index=ids.index(active.id) if active else 0,
        key=f"import_version_{kind}",
    )
    if active is not None and choice != active.id and st.button(texts.IMPORT_VERSION_USE, key=f"import_byt_{kind}"):
        try:
            store.activate(ctx.info.kommun_kod, kind, choice)
        except DataError as error:
            st.error(str(error))
            return
        st.rerun()


#: The statistics columns an SCB file can fill, in the order offered.
SCB_COLUMNS = [
    "omradestyp_scb",
    *(c for c in vocab.STATISTICS_COUNT_COLUMNS if c != "lagenheter"),
    "medianinkomst_tkr",
]


def _scb_column_labels() -> dict[str, str]:
    """Each fillable column's label in the language in use (fixed now, not when format_func runs)."""
    return {
        column: texts.IMPORT_SCB_COLUMNS.get(column) or texts.import_scb_count_column(column) for column in SCB_COLUMNS
    }


def scb_import(ctx, store: Store) -> None:
    """An SCB export (Statistikdatabasen CSV or PxWeb JSON-stat2) merged into one statistics column."""
    st.subheader(texts.IMPORT_SCB)
    st.caption(texts.IMPORT_SCB_CAPTION)
    uploaded = st.file_uploader(texts.IMPORT_SCB_FILE, type=["csv", "json"], key="scb_fil")
    column = st.selectbox(texts.IMPORT_SCB_COLUMN, SCB_COLUMNS, format_func=_scb_column_labels().get, key="scb_kolumn")
    key_file = st.file_uploader(texts.IMPORT_SCB_KEY_FILE, type=["csv", "xlsx"], key="scb_nyckel")
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
    counts = texts.IMPORT_SCB_COUNTS
    cols[0].metric(counts["areas"], fmt.number(tidy.labels_resolved + len(tidy.unresolved)))
    cols[1].metric(counts["matched"], fmt.number(tidy.labels_resolved))
    cols[2].metric(counts["unmatched"], fmt.number(len(tidy.unresolved)))
    cols[3].metric(counts["outside"], fmt.number(tidy.labels_outside))
    if tidy.unresolved:
        st.dataframe(tidy.unresolved_frame(), hide_index=True, width="stretch")
    notes = [*tidy.notes, preview.merge.summary()]
    if preview.outside:
        notes.append(texts.import_scb_outside(fmt.number(preview.outside)))
    if texts.DATA_MESSAGES_LANGUAGE_NOTE:  # English only: the matching notes come from analysis/, in Swedish
        st.caption(texts.DATA_MESSAGES_LANGUAGE_NOTE)
    st.info("\n".join(f"- {note}" for note in notes))
    if st.button(texts.IMPORT_ACCEPT, type="primary", key="scb_godkann", disabled=tidy.labels_resolved == 0):
        try:
            version = intake.accept_statistics(preview, store, ctx.info.kommun_kod, who=_who())
        except DataError as error:
            st.error(str(error))
            return
        st.success(texts.import_saved_statistics(version.id))
        st.rerun()


def _boundary_differences(match: geodata.CodeMatch) -> pd.DataFrame:
    """The codes that differ between SCB's answer and the data set, with where each one is found."""
    columns, where = texts.SCB_GEOMETRY_DIFF_COLUMNS, texts.SCB_GEOMETRY_WHERE
    rows = [(code, where["only_fetched"]) for code in match.only_fetched]
    rows += [(code, where["missing"]) for code in match.missing]
    return pd.DataFrame(rows, columns=[columns["code"], columns["where"]])


def scb_boundaries(ctx, store: Store) -> None:
    """SCB's RegSO boundaries for the municipality in one step: fetched on request (``geodata.fetch_boundaries``,
    whose network call tests replace), compared with the data set's districts, offered as stadsdelar.geojson.

    The answer is kept in the session until the next fetch, so the download survives reruns. When the codes
    match the data set's districts exactly, "Använd SCB:s gränser på kartan" keeps them as a new version in
    the local store (``geodata.accept_boundaries``), which every page uses from the next run; otherwise
    only the download is offered, with the differences listed."""
    st.subheader(texts.SCB_GEOMETRY_TITLE)
    st.caption(texts.SCB_GEOMETRY_CAPTION)
    state = f"scb_granser_{ctx.info.kommun_kod}"
    if st.button(texts.scb_geometry_fetch(ctx.info.kommun_namn), key="scb_granser_hamta"):
        st.session_state.pop(state, None)
        try:
            st.session_state[state] = geodata.fetch_boundaries(ctx.info.kommun_kod)
        except DataError as error:
            st.error(str(error))
            return
    boundaries = st.session_state.get(state)
    if boundaries is None:
        return
    notes = boundaries.attrs.get("notes", [])
    if texts.DATA_MESSAGES_LANGUAGE_NOTE:  # English only: the notes come from analysis/, in Swedish
        st.caption(texts.DATA_MESSAGES_LANGUAGE_NOTE)
    if boundaries.empty:
        st.warning("\n".join(notes))
        return
    match = geodata.match_codes(boundaries["stadsdel_kod"], ctx.data.districts["stadsdel_kod"])
    cols = st.columns(3)
    counts = texts.SCB_GEOMETRY_COUNTS
    cols[0].metric(counts["fetched"], fmt.number(len(boundaries)))
    cols[1].metric(counts["matched"], fmt.number(len(match.matched)))
    cols[2].metric(counts["differ"], fmt.number(len(match.only_fetched) + len(match.missing)))
    st.info("\n".join(f"- {note}" for note in notes))
    if match.complete:
        st.success(texts.SCB_GEOMETRY_COMPLETE)
    else:
        st.warning(texts.SCB_GEOMETRY_MISMATCH)
        st.dataframe(_boundary_differences(match), hide_index=True, width="stretch")
    # One step: a complete match is kept as a version of the municipality's geometry; the map uses it at once.
    if match.complete and st.button(texts.SCB_GEOMETRY_USE, type="primary", key="scb_granser_anvand"):
        try:
            version = geodata.accept_boundaries(
                boundaries, ctx.data.districts["stadsdel_kod"], store, ctx.info.kommun_kod
            )
        except DataError as error:
            st.error(str(error))
        else:
            st.success(texts.scb_geometry_used(version.id))
    st.download_button(
        texts.SCB_GEOMETRY_DOWNLOAD,
        data=geodata.geojson_bytes(boundaries),
        file_name="stadsdelar.geojson",
        mime="application/geo+json",
        key="scb_granser_ladda_ned",
    )
    st.caption(texts.scb_geometry_where(str(ctx.data.path)))
    if ctx.data.fiktiv:
        st.caption(texts.SCB_GEOMETRY_DEMO_NOTE)


# Issue 12: the integration strategy's tables (action plan, linked indicators, placements, activity log)
def _table_summary(preview: intake.TablePreview) -> pd.DataFrame:
    """What an accepted strategy table brings in, as counts of rows (measures, placements, activities: things,
    not people) per year where the table has one."""
    frame = preview.frame
    column = texts.IMPORT_TABLE_ROWS
    if "ar" in frame.columns and len(frame):
        counts = frame.groupby("ar").size()
        return pd.DataFrame({texts.COLUMNS["year"]: counts.index.astype(str), column: counts.map(fmt.number).values})
    return pd.DataFrame({column: [fmt.number(len(frame))]})


def table_import(ctx, store: Store) -> None:
    """Upload an action plan, its linked indicators, housing placements or an activity log → the validation
    report (rows in = accepted + rejected, each rejection with row, column and reason) → accept as a new
    version. The templates are offered above the upload."""
    st.subheader(texts.IMPORT_TABLES)
    st.caption(texts.IMPORT_TABLES_CAPTION)
    labels = texts.IMPORT_TABLE_KINDS
    cols = st.columns([1.2, 1, 1, 1, 1])
    cols[0].download_button(
        texts.IMPORT_TEMPLATE_XLSX,
        data=strategy.template_xlsx,
        file_name="handlingsplan_mall.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="tabell_mall_xlsx",
        on_click="ignore",
    )
    for col, kind in zip(cols[1:], intake.TABLE_KINDS, strict=True):
        col.download_button(
            texts.IMPORT_TEMPLATE_LABELS[kind],
            data=lambda kind=kind: strategy.template_csv(kind),
            file_name=f"{kind}_mall.csv",
            mime="text/csv",
            key=f"tabell_mall_{kind}",
            on_click="ignore",
        )
    kind = st.selectbox(texts.IMPORT_TABLE_KIND, list(intake.TABLE_KINDS), format_func=labels.get, key="tabell_typ")
    uploaded = st.file_uploader(
        texts.IMPORT_TABLE_FILE,
        type=["csv", "txt", "xlsx", "xlsm"],
        key=f"tabell_fil_{kind}",
        help=texts.IMPORT_TABLE_HELP,
    )
    if uploaded is None:
        st.caption(texts.IMPORT_NO_FILE)
        return
    data = uploaded.getvalue()
    try:
        first = reading.read_table(data, uploaded.name)
        sheet = None
        if len(first.sheets) > 1:
            default = strategy.default_sheet(kind, data)
            sheet = st.selectbox(
                texts.IMPORT_SHEET,
                range(len(first.sheets)),
                index=first.sheets.index(default) if default in first.sheets else 0,
                format_func=_sheet_labels(first.sheets).__getitem__,
                key=f"tabell_blad_{kind}",
            )
        day_first = st.toggle(texts.IMPORT_DAY_FIRST, value=True, key=f"tabell_dag_{kind}")
        preview = intake.preview_table(
            kind,
            data,
            uploaded.name,
            district_codes=ctx.data.districts["stadsdel_kod"],
            programme_codes=ctx.data.programmes["insats"],
            plan_ids=ctx.data.plan["atgard_id"] if kind != strategy.PLAN else None,
            sheet=sheet,
            day_first=day_first,
        )
    except DataError as error:
        st.error(str(error))
        return
    report = preview.report
    show_report(preview.notices, report)
    if preview.acceptable:
        st.markdown(texts.IMPORT_TABLE_COMING_IN)
        st.dataframe(_table_summary(preview), hide_index=True, width="stretch")
    who = _who() or st.text_input(texts.IMPORT_WHO, key=f"tabell_vem_{kind}") or None
    if st.button(texts.IMPORT_ACCEPT, type="primary", disabled=not preview.acceptable, key=f"tabell_godkann_{kind}"):
        try:
            version = intake.accept_table(preview, store, ctx.info.kommun_kod, who=who)
        except DataError as error:
            st.error(str(error))
            return
        st.success(texts.import_saved_table(labels[kind], version.id, fmt.number(version.rows)))
        st.rerun()
