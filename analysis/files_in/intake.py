"""Bringing a participant file in: read → map columns → protect identities → validate → keep.

One pipeline for the Data page and the CLI, so a file is judged the same way wherever it arrives:

1. ``reading.read_table`` reads CSV (any Swedish Excel dialect) or XLSX and finds the header row;
2. ``reading.map_table`` renames columns to the template (suggestions, overridden by a saved mapping);
3. ``privacy.protect`` replaces identity numbers by keyed pseudonyms and drops names, addresses, phone
   numbers and e-mail addresses, *before* anything is validated, shown or stored;
4. ``loaders.validate_participants`` accepts or rejects every row with a reason;
5. ``accept`` writes the accepted rows as a new version to the local ``store.Store``, with the
   fingerprint of the key the pseudonyms were made with; ``key_change`` says beforehand whether that key
   differs from the active version's, so the page and the CLI can warn before anything is kept.

Nothing here keeps a raw identity number: the preview, the report and the stored table all come after
step 3.

The integration strategy's tables (action plan, linked indicators, placements, activity log) come in
through :func:`preview_table` and :func:`accept_table`: read, validated row by row and kept the same way,
with no pseudonymisation step, since they hold no persons (a row with an identity number is rejected).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.files_in import keys, loaders, privacy, reading, scb, strategy
from analysis.files_in.validation import ValidationReport
from analysis.keeping.audit import Actor
from analysis.keeping.store import Store, Version

PARTICIPANTS = "deltagare"


@dataclass(frozen=True)
class ImportPreview:
    """What an import would bring in, before the user accepts it.

    ``table``: the file as read and mapped (after privacy: no identity numbers), ``mapping`` the column
    mapping used (file column → template column or None), ``frame`` the accepted rows, ``report`` the
    validation report (rows in = accepted + rejected), ``notices`` what reading and privacy did, in Swedish;
    ``key_fingerprint`` the fingerprint of the pseudonym key used (``keys.key_fingerprint``).
    """

    file_name: str
    table: reading.RawTable
    mapping: dict[str, str | None]
    frame: pd.DataFrame
    report: ValidationReport
    notices: list[str] = field(default_factory=list)
    key_fingerprint: str | None = None

    @property
    def acceptable(self) -> bool:
        """At least one row accepted (rows with errors are simply left out, and listed)."""
        return self.report.rows_accepted > 0


def preview_participants(
    source,
    file_name: str,
    *,
    district_codes: Iterable[str],
    programme_codes: Iterable[str] | None,
    key: bytes,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    day_first: bool = True,
    today: dt.date | None = None,
) -> ImportPreview:
    """Read, map, protect and validate a participant file (path or bytes) without storing anything.

    ``source`` may also be the :class:`reading.RawTable` of the file as already read (``reading.read_table``
    with the same ``sheet``): the Data page reads an upload once and previews it again under another mapping
    or date order without parsing the file again.

    Raises ``DataError`` (Swedish, naming the file) when the file cannot be used at all: unreadable, no
    header row, a required column missing after mapping, two columns mapped to one template column.
    """
    # A file named after a person ("19121212-1212.xlsx") must not carry the number into messages or the store.
    file_name = privacy.redact(file_name)
    # The saved mapping's columns help find the header row of a file whose headers are all custom.
    if isinstance(source, reading.RawTable):
        raw = source
    else:
        raw = reading.read_table(source, file_name, sheet=sheet, known_columns=tuple(mapping or ()))
    table = reading.map_table(raw, mapping)
    protected = privacy.protect(table.frame, key)
    frame = protected.frame
    if protected.id_column and protected.id_column != "deltagare_id" and "deltagare_id" not in frame:
        frame = frame.rename(columns={protected.id_column: "deltagare_id"})
    # The mapping as it now stands: the identity column feeds deltagare_id, dropped columns map to nothing.
    # (``protected.dropped`` names columns after mapping, hence the comparison with targets.)
    used_mapping = {
        column: _mapped_after_protection(target, protected.dropped) for column, target in (table.mapping or {}).items()
    }
    protected_table = table.with_frame(frame, mapping=used_mapping)
    accepted, report = loaders.validate_participants(
        protected_table, district_codes, programme_codes, today=today, day_first=day_first
    )
    return ImportPreview(
        file_name=file_name,
        table=protected_table,
        mapping=dict(table.mapping or {}),
        frame=accepted,
        report=report,
        notices=[*table.notes, *protected.notices],
        key_fingerprint=keys.key_fingerprint(key),
    )


def _mapped_after_protection(target: str | None, dropped: list[str]) -> str | None:
    """Where a file column ended up after ``privacy.protect``: an identity column feeds ``deltagare_id``
    unless it was dropped (the file had its own id); a dropped column maps to nothing."""
    if target in dropped:
        return None
    return "deltagare_id" if target == reading.PERSONNUMMER else target


def throwaway_key() -> bytes:
    """A random key for checking a file without importing it (``validate``): pseudonyms made with it are
    never kept, so checking needs no configured secret."""
    return secrets.token_bytes(32)


@dataclass(frozen=True)
class KeyChange:
    """An import would be kept under another pseudonym key than the active version's (or one that cannot be
    told: the active version was saved before fingerprints were recorded, ``active_fingerprint`` None).

    Pseudonyms made with different keys never match, so the same person would get a new ``deltagare_id``
    and could no longer be followed from one version to the next. ``message()`` says so in Swedish."""

    active_version: str
    active_fingerprint: str | None
    new_fingerprint: str

    @property
    def known(self) -> bool:
        """Whether the active version's key is known (and so known to differ)."""
        return self.active_fingerprint is not None

    def message(self) -> str:
        """The warning in Swedish (the CLI's; the Data page has its own in texts/)."""
        if not self.known:
            return (
                f"Den aktiva versionen ({self.active_version}) sparades innan nycklar registrerades, så det går "
                f"inte att se om den gjordes med samma nyckel som nu (fingeravtryck {self.new_fingerprint}). Med "
                "en annan nyckel får samma person ett annat deltagare_id, och pseudonymerna stämmer inte med "
                "tidigare versioner."
            )
        return (
            f"Nyckeln för pseudonymer har bytts: den aktiva versionen ({self.active_version}) gjordes med nyckeln "
            f"{self.active_fingerprint}, den här importen med {self.new_fingerprint}. Pseudonymerna stämmer då "
            "inte med tidigare versioner: samma person får ett annat deltagare_id, så ingen kan följas mellan "
            "versionerna. Importera alla källfiler på nytt med den nya nyckeln, eller ställ in den gamla "
            "nyckeln igen."
        )


def key_change(store: Store, kommun_kod: str, fingerprint: str | None) -> KeyChange | None:
    """Whether keeping an import made under the key ``fingerprint`` would change the key of the municipality's
    participants: ``None`` when there is no active version or it was made with the same key, else a
    :class:`KeyChange` to warn about (and have confirmed) before :func:`accept`."""
    active = store.active(kommun_kod, PARTICIPANTS)
    if active is None or fingerprint is None or keys.same_key(active.key_fingerprint, fingerprint):
        return None
    return KeyChange(active.id, active.key_fingerprint, fingerprint)


def accept(preview: ImportPreview, store: Store, kommun_kod: str, *, actor: Actor) -> Version:
    """Keep the accepted rows of ``preview`` as the new active participant version for ``kommun_kod``, with
    the fingerprint of its key, accepted by ``actor`` (a data steward; anyone else gets ``audit.Refused``,
    recorded). Check :func:`key_change` first: this does not ask."""
    frame = preview.frame.drop(columns=["rad"], errors="ignore").reset_index(drop=True)
    return store.save(
        kommun_kod,
        PARTICIPANTS,
        frame,
        file_name=preview.file_name,
        rows_read=preview.report.rows_read,
        rows_accepted=preview.report.rows_accepted,
        rows_rejected=preview.report.rows_rejected,
        actor=actor,
        key_fingerprint=preview.key_fingerprint,
    )


# ----------------------------------------------------------------------------- SCB statistics

STATISTICS = "statistik"


@dataclass(frozen=True)
class ScbPreview:
    """An SCB export merged into the data set's statistics, before the user accepts it.

    ``tidy`` says what happened to every region label (resolved, unresolved with reason, other kommuner);
    ``merged`` is the whole statistics table with ``column`` filled in; ``merge`` counts district-years
    changed, added and kept; ``outside`` counts SCB district-years that are not in the data set (another
    division or years the data set lacks), which are left out rather than added as empty rows.
    """

    file_name: str
    column: str
    tidy: scb.TidyResult
    merged: pd.DataFrame
    merge: scb.MergeResult
    outside: int


def dataset_key(districts: pd.DataFrame, kommun_kod: str, kommun_namn: str) -> pd.DataFrame:
    """The data set's own districts in the shape of SCB's DeSO→RegSO key, so labels like
    ``Helsingborg (Drottninghög)`` resolve by name without the national key file."""
    return pd.DataFrame(
        {
            "kommun_kod": kommun_kod,
            "kommun_namn": kommun_namn,
            "deso_kod": pd.array([""] * len(districts), dtype="string"),
            "regso_namn": districts["stadsdel_namn"].astype("string").to_numpy(),
            "regso_kod": districts["stadsdel_kod"].astype("string").to_numpy(),
        }
    )


def preview_scb_statistics(
    source,
    file_name: str,
    *,
    statistics: pd.DataFrame,
    districts: pd.DataFrame,
    kommun_kod: str,
    kommun_namn: str,
    column: str,
    key: pd.DataFrame | None = None,
) -> ScbPreview:
    """Read a Statistikdatabasen CSV export or a PxWeb JSON-stat2 response and merge one column of it
    into ``statistics`` (for example SCB's area types into ``omradestyp_scb``).

    Labels resolve through ``key`` (SCB's DeSO→RegSO key) or, without one, through the data set's own
    district names. The merged table is checked with the same loader as ``statistik.csv``, so what is
    accepted can always be loaded again. Raises DataError (Swedish) for an unusable file or column.
    """
    key = key if key is not None else dataset_key(districts, kommun_kod, kommun_namn)
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if data.lstrip()[:1] in (b"{", b"["):
        tidy = scb.tidy_from_jsonstat(scb.read_jsonstat2(data), key=key, kommun=kommun_kod)
    else:
        tidy = scb.read_statdb_csv(data, key=key, kommun=kommun_kod)
    file_name = privacy.redact(file_name)  # an export named after a person keeps no number in notes or the store
    tidy = dataclasses.replace(tidy, source=file_name)
    incoming = scb.to_statistics(tidy, column)
    known = pd.MultiIndex.from_frame(statistics[["stadsdel_kod", "ar"]].astype({"ar": "int64"}))
    inside = pd.MultiIndex.from_frame(incoming[["stadsdel_kod", "ar"]].astype({"ar": "int64"})).isin(known)
    merged, result = scb.merge_statistics(statistics, incoming[inside], column)
    with tempfile.TemporaryDirectory() as folder:
        path = scb.write_statistics(merged, Path(folder) / "statistik.csv")
        loaders.load_statistics(path)
    return ScbPreview(file_name, column, tidy, merged, result, int((~inside).sum()))


def accept_statistics(preview: ScbPreview, store: Store, kommun_kod: str, *, actor: Actor) -> Version:
    """Keep the merged statistics of ``preview`` as the new active statistics version for ``kommun_kod``,
    accepted by ``actor`` (as :func:`accept`)."""
    return store.save(
        kommun_kod,
        STATISTICS,
        preview.merged.reset_index(drop=True),
        file_name=preview.file_name,
        # Region labels of this kommun: resolved ones are accepted, unresolved ones rejected with a reason;
        # labels of other kommuner in a national export are not this data set's rows at all.
        rows_read=preview.tidy.labels_resolved + len(preview.tidy.unresolved),
        rows_accepted=preview.tidy.labels_resolved,
        rows_rejected=len(preview.tidy.unresolved),
        actor=actor,
        note=preview.merge.summary(),
    )


# ----------------------------------------------------------------------------- strategy tables

#: Table kinds brought in by :func:`preview_table` (also their names in the store).
TABLE_KINDS: tuple[str, ...] = strategy.TABLE_KINDS


@dataclass(frozen=True)
class TablePreview:
    """A strategy table as it would be brought in, before the user accepts it.

    ``kind`` one of :data:`TABLE_KINDS`; ``frame`` the accepted rows (the dtypes of
    ``strategy.empty(kind)``); ``report`` the validation report (rows in = accepted + rejected);
    ``notices`` what reading did, in Swedish (encoding, separator, sheet, header row); ``sheets`` the
    workbook's sheets (identity numbers in their names redacted; empty for a CSV); ``sheet`` the sheet read
    (as in the workbook; None for a CSV).
    """

    file_name: str
    kind: str
    frame: pd.DataFrame
    report: ValidationReport
    notices: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None

    @property
    def acceptable(self) -> bool:
        """At least one row accepted (rows with errors are simply left out, and listed)."""
        return self.report.rows_accepted > 0


def preview_table(
    kind: str,
    source,
    file_name: str,
    *,
    district_codes: Iterable[str],
    programme_codes: Iterable[str] | None,
    plan_ids: Iterable[str] | None = None,
    sheet: str | int | None = None,
    day_first: bool = True,
) -> TablePreview:
    """Read and validate a strategy table (path, bytes or an upload; CSV or XLSX) without storing anything.

    ``kind`` is one of :data:`TABLE_KINDS`; ``sheet`` picks a sheet (default: the kind's own sheet, e.g.
    "Åtgärder", when the workbook has it, else the first visible one); ``plan_ids`` are the measures linked
    indicators must belong to and activities should name (``None``: not checked). The rules are
    :func:`analysis.files_in.strategy.validate_table`. Raises ``DataError`` (Swedish, naming the file) when
    the file cannot be used at all; ValueError for an unknown ``kind``.
    """
    if kind not in TABLE_KINDS:
        raise ValueError(f"unknown table kind {kind!r}; one of {', '.join(TABLE_KINDS)}")
    file_name = privacy.redact(file_name)  # a file named after a person keeps no number in messages or the store
    table = strategy.read(kind, source, file_name, sheet=sheet)
    frame, report = strategy.validate_table(
        kind,
        table,
        district_codes=district_codes,
        programme_codes=programme_codes,
        plan_ids=plan_ids,
        day_first=day_first,
    )
    return TablePreview(
        file_name=file_name,
        kind=kind,
        frame=frame,
        report=report,
        notices=list(table.notes),
        sheets=[privacy.redact(title) for title in table.sheets],
        sheet=table.sheet,
    )


def preview_plan_workbook(
    source,
    file_name: str,
    *,
    district_codes: Iterable[str],
    programme_codes: Iterable[str] | None,
    day_first: bool = True,
) -> tuple[TablePreview, TablePreview | None]:
    """An action plan workbook (the template's sheets "Åtgärder" and "Indikatorer") as two previews: the
    measures, and the linked indicators checked against the measures accepted from the first sheet
    (``None`` when the workbook has no sheet "Indikatorer", or the file is a CSV). Raises DataError as
    :func:`preview_table` does."""
    data, file_name = strategy.as_bytes(source, file_name)
    plan = preview_table(
        strategy.PLAN,
        data,
        file_name,
        district_codes=district_codes,
        programme_codes=programme_codes,
        day_first=day_first,
    )
    sheet = strategy.default_sheet(strategy.PLAN_INDICATORS, data)
    if sheet is None:
        return plan, None
    indicators = preview_table(
        strategy.PLAN_INDICATORS,
        data,
        file_name,
        district_codes=district_codes,
        programme_codes=programme_codes,
        plan_ids=set(plan.frame["atgard_id"]),
        sheet=sheet,
        day_first=day_first,
    )
    return plan, indicators


def accept_table(preview: TablePreview, store: Store, kommun_kod: str, *, actor: Actor) -> Version:
    """Keep the accepted rows of ``preview`` as the new active version of its kind for ``kommun_kod``,
    accepted by ``actor`` (as :func:`accept`). Lists are joined for Parquet (``strategy.to_store``;
    ``dataset.with_imports`` gives them back in the dtypes ``load_dataset`` uses)."""
    return store.save(
        kommun_kod,
        preview.kind,
        strategy.to_store(preview.kind, preview.frame),
        file_name=preview.file_name,
        rows_read=preview.report.rows_read,
        rows_accepted=preview.report.rows_accepted,
        rows_rejected=preview.report.rows_rejected,
        actor=actor,
    )
