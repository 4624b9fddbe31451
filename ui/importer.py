"""The Data page's import panels: participant files in, versions kept, column mappings saved.

Everything shown here comes *after* ``privacy.protect``: the browser sees column names, counts and
validation messages (which name rows and columns, never values), never an identity number or a row of
personal data.

Every panel here is a data steward's (issue 13): each starts with ``auth.require`` and draws nothing but the
refusal for anyone else (recorded in the audit log), and each action (accept, save a mapping, switch a
version) asks again when it runs; the store checks the actor a third time. The name on an import or a
switch is the signed-in actor's, never typed.

An upload is read once (issue 13): the parsed table and the preview are kept in the session
(``st.session_state``, this user's alone) under the SHA-256 of the file's bytes and what they depend on
(sheet, mapping, date order, key, the data set's codes), so a change of an unrelated widget reuses them, and
"Godkänn" keeps the very preview shown. Only the current file's table and preview are kept; another file
or no file drops them. The sheet picker is built from the workbook's sheet names before any sheet is parsed,
so a workbook whose first sheet is not the data can still be imported.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

import texts
from analysis import vocab
from analysis.files_in import geodata, identity, intake, keys, privacy, reading, scb, strategy
from analysis.files_in.validation import DataError
from analysis.keeping import audit
from analysis.keeping.audit import Actor, Refused
from analysis.keeping.store import Store
from charts import format as fmt
from ui import auth, context, downloads, safe

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


def allowed(action: str, what: str = "") -> Actor | None:
    """The signed-in actor when it may do ``action``; else the refusal (recorded by ``auth.require``) shown
    as an error, and None."""
    try:
        return auth.require(action, what)
    except Refused as refused:
        st.error(safe.message(refused))
        return None


def _adopt_latest(kommun_kod: str) -> None:
    """After this session's own accept or switch: show the new data at once (``context.adopt_latest``)."""
    adopt = getattr(context, "adopt_latest", None)
    if adopt is not None:
        adopt(kommun_kod)


# ----------------------------------------------------------------------------- an upload, parsed once

#: Session state of the participant upload and of the strategy-table upload (see the module docstring).
PARTICIPANT_UPLOAD = "_import_uppladdning"
TABLE_UPLOAD = "_tabell_uppladdning"


def _kept(state: str, digest: str) -> dict:
    """This session's memo of the upload ``digest`` (SHA-256 of its bytes); a new file starts a new one, so
    the previous file's tables are dropped at once."""
    kept = st.session_state.get(state)
    if not isinstance(kept, dict) or kept.get("digest") != digest:
        kept = {"digest": digest}
        st.session_state[state] = kept
    return kept


def _memo(kept: dict, slot: str, key: tuple, compute: Callable[[], object]):
    """``compute()`` once per ``key`` in ``kept[slot]``; only the newest key is kept (the previous value is
    dropped before computing, so two large tables are never held at once). A DataError is kept too, so an
    unusable file is not parsed again on every click, and raised again."""
    found = kept.get(slot)
    if found is not None and found[0] == key:
        value = found[1]
    else:
        kept.pop(slot, None)
        try:
            value = compute()
        except DataError as error:
            value = error
        kept[slot] = (key, value)
    if isinstance(value, DataError):
        raise value
    return value


def sheet_names(data: bytes, file_name: str) -> list[str]:
    """The workbook's sheets, listed without parsing any of them (``reading.sheet_names``: its zip directory
    and workbook.xml); empty for a CSV. DataError for a workbook refused before parsing."""
    return reading.sheet_names(data, file_name)


def _sheet_picker(names: list[str], kept: dict, key: str, default: int | None, first_read) -> int | None:
    """The sheet to read (its position), from a picker over ``names`` drawn before any sheet is parsed;
    None for a CSV or a workbook of one sheet. ``default``: a position to start on (e.g. the strategy
    table's own sheet); else the sheet ``reading`` picks by itself (the first visible one), found by
    ``first_read()`` once per file, which also keeps that table for the default choice."""
    if len(names) <= 1:
        return None
    if "default_sheet" not in kept:
        if default is None:
            try:
                chosen = first_read()
            except DataError:
                chosen = None  # the picker is still drawn: the user can pick another sheet
            default = names.index(chosen) if chosen in names else None
        kept["default_sheet"] = default
    start = kept["default_sheet"]
    return st.selectbox(
        texts.IMPORT_SHEET,
        range(len(names)),
        index=start if start is not None else 0,
        # Chosen by position: a sheet named after a person is offered only under its redacted name.
        format_func=_sheet_labels(names).__getitem__,
        key=key,
    )


def _codes_key(*codes) -> str:
    """A short fingerprint of the code lists a preview is validated against (part of its memo key)."""
    digest = hashlib.sha256()
    for values in codes:
        digest.update("\x1f".join(sorted(str(v) for v in (values if values is not None else []))).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


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
            texts.import_file_column(safe.md(identity.redact(column, texts.REDACTED_NAME))),
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
        st.info("\n".join(f"- {safe.md(notice[:1].upper() + notice[1:])}" for notice in shown))
    cols = st.columns(3)
    counts = texts.DATA_REPORT_COLUMNS
    cols[0].metric(counts["rows_read"], fmt.number(report.rows_read))
    cols[1].metric(counts["rows_accepted"], fmt.number(report.rows_accepted))
    cols[2].metric(counts["rows_rejected"], fmt.number(report.rows_rejected))
    if report.issues:
        issues = report.to_frame().astype("string").fillna("")  # file-level issues have no row or column
        st.dataframe(issue_table(issues), hide_index=True, width="stretch")


def participant_import(ctx, store: Store) -> None:
    """Upload → mapping → protected preview and report → accept as a new version (data stewards only)."""
    st.subheader(texts.IMPORT_PARTICIPANTS)
    if allowed(audit.IMPORT, audit.describe(ctx.info.kommun_kod, intake.PARTICIPANTS)) is None:
        return
    try:
        key = privacy.pseudonym_key(_secrets(), os.environ)
    except privacy.MissingKeyError as error:
        st.error(str(error))  # a configuration message of our own (no file or link text), with its code in backticks
        return
    fingerprint = keys.key_fingerprint(key)
    st.caption(texts.import_key_in_use(fingerprint))
    uploaded = st.file_uploader(
        texts.IMPORT_FILE,
        type=["csv", "txt", "xlsx", "xlsm"],
        key="import_fil",
        help=texts.IMPORT_FILE_HELP,
    )
    if uploaded is None:
        st.session_state.pop(PARTICIPANT_UPLOAD, None)
        st.caption(texts.IMPORT_NO_FILE)
        return
    data = uploaded.getvalue()
    kept = _kept(PARTICIPANT_UPLOAD, hashlib.sha256(data).hexdigest())
    try:
        saved = reading.load_mapping(mapping_path(store, ctx.info.kommun_kod))
        known = tuple(saved)

        def read(sheet: int | None) -> reading.RawTable:
            return _memo(
                kept,
                "raw",
                (sheet, *known),
                lambda: reading.read_table(data, uploaded.name, sheet=sheet, known_columns=known),
            )

        names = _memo(kept, "sheets", (), lambda: sheet_names(data, uploaded.name))
        sheet = _sheet_picker(names, kept, "import_blad", None, lambda: read(None).sheet)
        # The default sheet was read as "no sheet given" (the first visible one): the same table.
        read_as = None if sheet is None or sheet == kept.get("default_sheet") else sheet
        first = read(read_as)
        day_first = st.toggle(texts.IMPORT_DAY_FIRST, value=True, key="import_dag")
        columns = list(first.frame.columns)
        suggested = reading.resolve_mapping(columns, saved)
        with st.expander(texts.IMPORT_MAPPING, expanded=False):
            mapping = _mapping_editor(columns, suggested)
            if st.button(texts.IMPORT_SAVE_MAPPING, key="import_spara_mappning"):
                save_mapping(ctx, store, mapping)
        district_codes = ctx.data.districts["stadsdel_kod"]
        programme_codes = ctx.data.programmes["insats"]
        preview = _memo(
            kept,
            "preview",
            (
                (read_as, *known),
                tuple(sorted(mapping.items())),
                day_first,
                fingerprint,
                _codes_key(district_codes, programme_codes),
            ),
            lambda: intake.preview_participants(
                first,
                uploaded.name,
                district_codes=district_codes,
                programme_codes=programme_codes,
                key=key,
                mapping=mapping,
                day_first=day_first,
            ),
        )
    except DataError as error:
        st.error(safe.message(error))
        return

    report = preview.report
    show_report(preview.notices, report)
    if preview.acceptable:
        names_of = dict(zip(ctx.data.programmes["insats"], ctx.data.programmes["namn"], strict=True))
        st.markdown(texts.IMPORT_COMING_IN)
        st.dataframe(_summary(preview.frame, names_of, ctx.settings.min_n), hide_index=True, width="stretch")
    _kept_under_name()
    confirmed = _key_change_confirmed(ctx, store, preview) if preview.acceptable else True
    if st.button(
        texts.IMPORT_ACCEPT, type="primary", disabled=not (preview.acceptable and confirmed), key="import_godkann"
    ):
        accept_participants(ctx, store, preview)


def _kept_under_name() -> None:
    """Say whose name the import is kept under (the signed-in actor's; the open demo says so on the page)."""
    try:
        actor = auth.current()
    except Refused:
        return
    if actor.method != audit.METHOD_OPEN:
        st.caption(texts.import_as(safe.md(actor.name)))


def save_mapping(ctx, store: Store, mapping: dict[str, str | None]) -> None:
    """Save the column mapping for the municipality's participant files (data stewards only; recorded)."""
    what = audit.describe(ctx.info.kommun_kod, intake.PARTICIPANTS, columns=len(mapping))
    actor = allowed(audit.MAPPING, what)
    if actor is None:
        return
    # Headers that are identity numbers are never written to disk.
    safe_mapping = {c: t for c, t in mapping.items() if privacy.redact(c) == c}
    reading.save_mapping(mapping_path(store, ctx.info.kommun_kod), safe_mapping)
    store.audit.record(actor, audit.MAPPING, what, audit.OK)
    st.success(texts.IMPORT_MAPPING_SAVED)


def accept_participants(ctx, store: Store, preview: intake.ImportPreview) -> None:
    """ "Godkänn" for a participant preview: kept as a new version under the signed-in actor's name (data
    stewards only: refused, and recorded, for anyone else, here and again in the store)."""
    _accept(
        ctx,
        intake.PARTICIPANTS,
        preview.file_name,
        lambda actor: intake.accept(preview, store, ctx.info.kommun_kod, actor=actor),
        lambda version: texts.import_saved_participants(version.id, fmt.number(version.rows)),
    )


def _accept(ctx, kind: str, file_name: str, keep, saved) -> None:
    """The one way an import is kept: the role checked (and a refusal recorded), ``keep(actor)`` saving the
    version (the store checks the role again), ``saved(version)`` said, the session moved to the new data."""
    actor = allowed(audit.IMPORT, audit.describe(ctx.info.kommun_kod, kind, file_name=file_name))
    if actor is None:
        return
    try:
        version = keep(actor)
    except DataError as error:
        st.error(safe.message(error))
        return
    st.success(saved(version))
    _adopt_latest(ctx.info.kommun_kod)
    st.rerun()


def _key_change_confirmed(ctx, store: Store, preview: intake.ImportPreview) -> bool:
    """Under another key than the active version's (or one that cannot be told), warn that the pseudonyms will
    not match earlier versions and ask for an explicit confirmation; ``True`` when the import may be kept."""
    try:
        change = intake.key_change(store, ctx.info.kommun_kod, preview.key_fingerprint)
    except DataError as error:
        st.error(safe.message(error))
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
    """Every accepted import of one table with time, file, counts and who; switch the active one (data
    stewards only)."""
    st.subheader(title)
    if allowed(audit.SWITCH, audit.describe(ctx.info.kommun_kod, kind)) is None:
        return
    try:
        versions = store.versions(ctx.info.kommun_kod, kind)
        active = store.active(ctx.info.kommun_kod, kind)
    except DataError as error:
        st.error(safe.message(error))
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
        switch_version(ctx, store, kind, choice)


def switch_version(ctx, store: Store, kind: str, version_id: str) -> None:
    """Make ``version_id`` the active version of ``kind`` (data stewards only; refused and recorded for
    anyone else, here and again in the store), then show the new data."""
    actor = allowed(audit.SWITCH, audit.describe(ctx.info.kommun_kod, kind, to_version=version_id))
    if actor is None:
        return
    try:
        store.activate(ctx.info.kommun_kod, kind, version_id, actor=actor)
    except DataError as error:
        st.error(safe.message(error))
        return
    _adopt_latest(ctx.info.kommun_kod)
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
    if allowed(audit.IMPORT, audit.describe(ctx.info.kommun_kod, intake.STATISTICS)) is None:
        return
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
        st.error(safe.message(error))
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
    st.info("\n".join(f"- {safe.md(note)}" for note in notes))
    _kept_under_name()
    if st.button(texts.IMPORT_ACCEPT, type="primary", key="scb_godkann", disabled=tidy.labels_resolved == 0):
        what = audit.describe(ctx.info.kommun_kod, intake.STATISTICS, file_name=preview.file_name)
        actor = allowed(audit.IMPORT, what)
        if actor is None:
            return
        try:
            version = intake.accept_statistics(preview, store, ctx.info.kommun_kod, actor=actor)
        except DataError as error:
            st.error(safe.message(error))
            return
        st.success(texts.import_saved_statistics(version.id))
        _adopt_latest(ctx.info.kommun_kod)
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
    if allowed(audit.IMPORT, audit.describe(ctx.info.kommun_kod, geodata.GEOMETRY_KIND)) is None:
        return
    st.caption(texts.SCB_GEOMETRY_CAPTION)
    state = f"scb_granser_{ctx.info.kommun_kod}"
    if st.button(texts.scb_geometry_fetch(safe.md(ctx.info.kommun_namn)), key="scb_granser_hamta"):
        st.session_state.pop(state, None)
        try:
            st.session_state[state] = geodata.fetch_boundaries(ctx.info.kommun_kod)
        except DataError as error:
            st.error(safe.message(error))
            return
    boundaries = st.session_state.get(state)
    if boundaries is None:
        return
    notes = boundaries.attrs.get("notes", [])
    if texts.DATA_MESSAGES_LANGUAGE_NOTE:  # English only: the notes come from analysis/, in Swedish
        st.caption(texts.DATA_MESSAGES_LANGUAGE_NOTE)
    if boundaries.empty:
        st.warning(safe.message("\n".join(notes)))
        return
    match = geodata.match_codes(boundaries["stadsdel_kod"], ctx.data.districts["stadsdel_kod"])
    cols = st.columns(3)
    counts = texts.SCB_GEOMETRY_COUNTS
    cols[0].metric(counts["fetched"], fmt.number(len(boundaries)))
    cols[1].metric(counts["matched"], fmt.number(len(match.matched)))
    cols[2].metric(counts["differ"], fmt.number(len(match.only_fetched) + len(match.missing)))
    st.info("\n".join(f"- {safe.md(note)}" for note in notes))
    if match.complete:
        st.success(texts.SCB_GEOMETRY_COMPLETE)
    else:
        st.warning(texts.SCB_GEOMETRY_MISMATCH)
        st.dataframe(_boundary_differences(match), hide_index=True, width="stretch")
    # One step: a complete match is kept as a version of the municipality's geometry; the map uses it at once.
    if match.complete and st.button(texts.SCB_GEOMETRY_USE, type="primary", key="scb_granser_anvand"):
        actor = allowed(audit.IMPORT, audit.describe(ctx.info.kommun_kod, geodata.GEOMETRY_KIND))
        if actor is None:
            return
        try:
            version = geodata.accept_boundaries(
                boundaries, ctx.data.districts["stadsdel_kod"], store, ctx.info.kommun_kod, actor=actor
            )
        except DataError as error:
            st.error(safe.message(error))
        else:
            st.success(texts.scb_geometry_used(version.id))
            _adopt_latest(ctx.info.kommun_kod)
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
    if allowed(audit.IMPORT, audit.describe(ctx.info.kommun_kod, "/".join(intake.TABLE_KINDS))) is None:
        return
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
        st.session_state.pop(TABLE_UPLOAD, None)
        st.caption(texts.IMPORT_NO_FILE)
        return
    data = uploaded.getvalue()
    kept = _kept(TABLE_UPLOAD, f"{kind}:{hashlib.sha256(data).hexdigest()}")
    district_codes = ctx.data.districts["stadsdel_kod"]
    programme_codes = ctx.data.programmes["insats"]
    plan_ids = ctx.data.plan["atgard_id"] if kind != strategy.PLAN else None

    def preview_of(sheet: int | None, day_first: bool) -> intake.TablePreview:
        return _memo(
            kept,
            "preview",
            (sheet, day_first, _codes_key(district_codes, programme_codes, plan_ids)),
            lambda: intake.preview_table(
                kind,
                data,
                uploaded.name,
                district_codes=district_codes,
                programme_codes=programme_codes,
                plan_ids=plan_ids,
                sheet=sheet,
                day_first=day_first,
            ),
        )

    try:
        names = _memo(kept, "sheets", (), lambda: sheet_names(data, uploaded.name))
        wanted = strategy.SHEETS[kind].casefold()
        own = next((i for i, name in enumerate(names) if name.strip().casefold() == wanted), None)
        day_first_now = st.session_state.get(f"tabell_dag_{kind}", True)
        sheet = _sheet_picker(names, kept, f"tabell_blad_{kind}", own, lambda: preview_of(None, day_first_now).sheet)
        day_first = st.toggle(texts.IMPORT_DAY_FIRST, value=True, key=f"tabell_dag_{kind}")
        default = kept.get("default_sheet")
        preview = preview_of(None if sheet is None or (own is None and sheet == default) else sheet, day_first)
    except DataError as error:
        st.error(safe.message(error))
        return
    report = preview.report
    show_report(preview.notices, report)
    if preview.acceptable:
        st.markdown(texts.IMPORT_TABLE_COMING_IN)
        st.dataframe(_table_summary(preview), hide_index=True, width="stretch")
    _kept_under_name()
    if st.button(texts.IMPORT_ACCEPT, type="primary", disabled=not preview.acceptable, key=f"tabell_godkann_{kind}"):
        accept_table(ctx, store, preview)


def accept_table(ctx, store: Store, preview: intake.TablePreview) -> None:
    """ "Godkänn" for a strategy table: kept as a new version under the signed-in actor's name (data stewards
    only: refused, and recorded, for anyone else, here and again in the store)."""
    _accept(
        ctx,
        preview.kind,
        preview.file_name,
        lambda actor: intake.accept_table(preview, store, ctx.info.kommun_kod, actor=actor),
        lambda version: texts.import_saved_table(
            texts.IMPORT_TABLE_KINDS[preview.kind], version.id, fmt.number(version.rows)
        ),
    )


# Issue 13: the audit log on the Data page (data stewards only)
#: Entries shown on the page at most (newest first); the downloads hold them all.
AUDIT_SHOWN = 1000


def audit_table(entries: pd.DataFrame) -> pd.DataFrame:
    """The audit log (``AuditLog.entries``) as the page shows and exports it: newest first, headers, roles,
    actions and outcomes in the language in use; who, what and detail as recorded (data, shown only in a
    table, never as Markdown)."""
    columns = texts.AUDIT_COLUMNS
    newest = entries.iloc[::-1].reset_index(drop=True)

    def translated(column: str, labels: dict[str, str]) -> pd.Series:
        return newest[column].map(lambda v: labels.get(v, v), na_action="ignore").astype("string")

    return pd.DataFrame(
        {
            columns["when"]: newest["when"].str.slice(0, 19).str.replace("T", " ", regex=False),
            columns["who"]: newest["who"],
            columns["role"]: translated("role", texts.AUTH_ROLES),
            columns["action"]: translated("action", texts.AUTH_ACTIONS),
            columns["what"]: newest["what"],
            columns["outcome"]: translated("outcome", texts.AUDIT_OUTCOMES),
            columns["detail"]: newest["detail"],
        }
    ).fillna("")


def audit_view(ctx, store: Store) -> None:
    """The store's audit log: whether its chain is intact, the newest entries, CSV and Excel of all of it
    (data stewards only; anyone else gets the refusal, recorded)."""
    st.subheader(texts.AUDIT_TITLE)
    if allowed(audit.AUDIT, str(store.audit.path.name)) is None:
        return
    log = store.audit
    st.caption(texts.audit_caption(str(log.path)))
    try:
        entries = log.entries()
        problems = log.verify()
    except DataError as error:
        st.error(safe.message(error))
        return
    if problems:
        st.error(texts.AUDIT_BROKEN + "\n\n" + "\n".join(f"- {safe.md(problem)}" for problem in problems))
    elif entries.empty:
        st.info(texts.AUDIT_EMPTY)
        return
    else:
        st.success(texts.audit_intact(fmt.number(len(entries))))
    table = audit_table(entries)
    if texts.DATA_MESSAGES_LANGUAGE_NOTE:  # English only: what and detail are recorded in Swedish
        st.caption(texts.DATA_MESSAGES_LANGUAGE_NOTE)
    if len(table) > AUDIT_SHOWN:
        st.caption(texts.audit_shown(fmt.number(AUDIT_SHOWN), fmt.number(len(table))))
    st.dataframe(table.head(AUDIT_SHOWN), hide_index=True, width="stretch")
    info = downloads.meta(ctx, texts.AUDIT_TITLE, period="")
    downloads.table_downloads(table, dataclasses.replace(info, source=texts.AUDIT_EXPORT_SOURCE), "granskningslogg")
