"""A local, versioned store of accepted imports: Parquet files and a JSON manifest per table.

Every accepted import becomes a *version* that is never changed afterwards; one version per table is
*active* (the one the dashboard loads), and the user can switch back to an older one. Nothing is ever
pickled: the files are plain Parquet and JSON, readable by the user's own tools (pandas, R's ``arrow``,
DuckDB, Excel's Power Query, ``jq``).

Where the files live: ``Store(root)``; without ``root`` the environment variable ``STADSDEL_STORE_DIR``,
else ``lokal_data/`` in the project folder (ignored by git). Layout, per data set key (the kommun code)
and table kind (``deltagare``, ``statistik``, …)::

    <root>/
      1283/                                   kommun code
        deltagare/                            table kind
          manifest.json                       every version and which one is active
          versions/
            0001-20250301T101500Z/            one folder per version, never changed once written
              data.parquet                    the table (uncompressed Parquet, pandas dtypes kept)
              version.json                    the same record as in the manifest, for people and tools
            0002-20250412T083000Z/
              …
          .lock                               held while a save or a switch is running

``manifest.json``::

    {"format": "stadsdel-store/1", "kommun": "1283", "kind": "deltagare", "active": "0002-…",
     "versions": [{"id": "0001-…", "created": "2025-03-01T10:15:00+00:00", "file_name": "deltagare.xlsx",
                   "rows_read": 120, "rows_accepted": 118, "rows_rejected": 2, "rows": 118,
                   "columns": [...], "who": "anna@bolaget.se", "note": null,
                   "file": "versions/0001-…/data.parquet", "sha256": "…", "size_bytes": 20480,
                   "key_fingerprint": "5a52c2efe01a"}, …]}

``key_fingerprint`` names the pseudonym key a participant version was made with
(:func:`analysis.files_in.keys.key_fingerprint`: 12 hex digits that tell keys apart and cannot give the key
back); ``null`` for tables without pseudonyms and for versions saved before fingerprints were recorded.

Guarantees:

* **Atomic save.** The Parquet file is written and fsynced in a temporary folder inside the store, the
  folder is moved into ``versions/`` with one ``os.replace``, and only then is the manifest replaced,
  again by writing a temporary file, fsyncing it and ``os.replace``-ing it over the old one. A crash or an
  error at any step leaves the previous manifest, and so the previous active version, untouched and
  loadable; leftovers (a temporary folder, a version folder no manifest lists) are ignored, and cleaned or
  skipped by the next save.
* **One writer at a time.** A save or a switch of version holds an exclusive lock on ``.lock`` (an OS
  file lock, ``flock`` or its Windows equivalent, released by the OS if the process dies, so a crash
  never leaves the store busy). A second save meanwhile, from another session or process, is refused at
  once with :class:`StoreBusyError`; it never waits and never overwrites.
* **Integrity.** The manifest records each file's SHA-256; :meth:`Store.load` checks it and refuses a file
  changed since it was saved. A manifest that cannot be read gives :class:`ManifestError`, never a guess.
* **No identity numbers.** :meth:`Store.save` refuses a frame in which any cell or column name looks like a
  personnummer or samordningsnummer, in any spelling and also with a wrong check digit
  (:mod:`analysis.files_in.identity`; run :func:`analysis.files_in.privacy.protect` first), and removes such
  numbers from the file name, ``who`` and ``note``. The Parquet files are written uncompressed so that a plain byte
  search (``grep``) over the store can confirm this; the tables are small.
* **Exact round trip.** ``load(…)`` returns the saved frame with the same columns, dtypes (``string``,
  ``str``, ``Int64``, ``Float64``, ``datetime64``, ``bool``, ``category`` …) and index.

What ``who`` is: the name of the :class:`~analysis.keeping.audit.Actor` who accepted the import (the
signed-in user from the identity provider or the secrets file, or the operating system's user name for the
command line), never a name typed into a field. It names a member of staff, never a participant.

**Who may.** :meth:`Store.save` and :meth:`Store.activate` take that ``actor`` and check it themselves: an
actor without the role ``dataansvarig`` gets :class:`~analysis.keeping.audit.Refused`, whatever the page
showed or hid. Every save and switch, refused, failed or done, is recorded in the store's audit log
(``<root>/granskningslogg.jsonl``, :class:`~analysis.keeping.audit.AuditLog`): who, when, what (kommun,
table, version, file, rows) and the outcome.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import socket
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.files_in.keys import FINGERPRINT_PATTERN
from analysis.files_in.privacy import redact
from analysis.files_in.validation import DataError, looks_like_personnummer, personnummer_mask
from analysis.keeping import audit
from analysis.keeping.audit import Actor, AuditLog, Refused

#: Environment variable that moves the store.
STORE_ENV = "STADSDEL_STORE_DIR"
#: Default store folder: ``lokal_data/`` in the project (git-ignored).
DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "lokal_data"
MANIFEST = "manifest.json"
VERSIONS = "versions"
DATA_FILE = "data.parquet"
VERSION_FILE = "version.json"
LOCK_FILE = ".lock"
FORMAT = "stadsdel-store/1"
_TMP_PREFIX = ".tmp-"
_MANIFEST_TMP_PREFIX = ".manifest-"
# Kommun codes and table kinds become folder names: letters, digits, - and _, no dots, no slashes.
_SAFE_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,39}")
_VERSION_ID = re.compile(r"(\d{4,})-\d{8}T\d{6}Z")
_KIND_LABEL = {
    "deltagare": "deltagardata",
    "statistik": "statistik",
    "geometri": "stadsdelsgränser",
    "handlingsplan": "handlingsplanen",
    "handlingsplan_indikatorer": "handlingsplanens indikatorer",
    "placeringar": "placeringar av nyanlända",
    "aktiviteter": "aktivitetsloggen",
}


class StoreError(DataError):
    """The store cannot do what was asked; ``str()`` is a Swedish message for the user."""


class StoreBusyError(StoreError):
    """Another save or switch of version is running on the same table."""


class ManifestError(StoreError):
    """``manifest.json`` is missing parts, malformed or not JSON at all."""


class IntegrityError(StoreError):
    """A stored Parquet file is missing or differs from what was saved (SHA-256 mismatch)."""


@dataclass(frozen=True)
class Version:
    """One accepted import, as recorded in the manifest.

    ``created`` is ISO 8601 in UTC (``2025-03-01T10:15:00+00:00``); ``rows_read``/``rows_accepted``/
    ``rows_rejected`` are the validation report's counts for the source file, ``rows`` the rows stored;
    ``who`` whoever accepted it (see the module docstring), ``note`` free text; ``path`` the Parquet file;
    ``sha256`` its checksum; ``key_fingerprint`` the pseudonym key's fingerprint (``None``: no key, or unknown).
    """

    id: str
    kommun: str
    kind: str
    created: str
    file_name: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows: int
    columns: tuple[str, ...]
    who: str | None
    note: str | None
    sha256: str
    size_bytes: int
    path: Path
    key_fingerprint: str | None = None

    def record(self) -> dict:
        """The manifest entry (JSON-ready; ``file`` relative to the table's folder)."""
        return {
            "id": self.id,
            "created": self.created,
            "file_name": self.file_name,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
            "rows": self.rows,
            "columns": list(self.columns),
            "who": self.who,
            "note": self.note,
            "file": f"{VERSIONS}/{self.id}/{DATA_FILE}",
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "key_fingerprint": self.key_fingerprint,
        }


def _fingerprint_ok(value: object) -> bool:
    """A recorded key fingerprint is either absent or 12 hex digits (never anything that could be a key)."""
    return value is None or (isinstance(value, str) and FINGERPRINT_PATTERN.fullmatch(value) is not None)


def _label(kommun: str, kind: str) -> str:
    return f"{_KIND_LABEL.get(kind, kind)} för kommun {kommun}"


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not _SAFE_NAME.fullmatch(value):
        raise StoreError(
            f"Ogiltig {what} för datalagret: {value!r}. Använd bokstäver, siffror, - och _ (högst 40 tecken), "
            "t.ex. kommunkoden som text (”1283”)."
        )
    return value


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (POSIX); a no-op where folders cannot be opened."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json_atomic(path: Path, data: dict) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one."""
    tmp = path.with_name(f"{_MANIFEST_TMP_PREFIX}{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    # The replace is the commit; syncing the folder afterwards only hardens it against power loss, and a
    # failure there must not report a save that did happen as failed.
    with contextlib.suppress(OSError):
        _fsync_dir(path.parent)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@contextlib.contextmanager
def _exclusive(folder: Path, kommun: str, kind: str) -> Iterator[None]:
    """Hold the table's lock for the ``with`` block, or raise StoreBusyError at once if someone else does."""
    path = folder / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            _lock(fd)
        except OSError as exc:
            raise StoreBusyError(_busy_message(path, kommun, kind)) from exc
        try:
            os.ftruncate(fd, 0)
            holder = {"pid": os.getpid(), "host": socket.gethostname(), "since": _utc_now().isoformat()}
            os.write(fd, json.dumps(holder).encode("utf-8"))
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _busy_message(path: Path, kommun: str, kind: str) -> str:
    since = ""
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        holder = json.loads(path.read_text(encoding="utf-8"))
        started = dt.datetime.fromisoformat(holder["since"])
        since = f" (startad {started:%Y-%m-%d %H:%M} UTC)"
    return (
        f"Datalagret är upptaget: en annan import eller ett versionsbyte för {_label(kommun, kind)} pågår"
        f"{since}. Inget sparades. Försök igen om en stund."
    )


def _identity_problems(frame: pd.DataFrame) -> list[str]:
    """Column names (safe to show) whose header or cells look like identity numbers."""
    found: list[str] = []
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position]
        if looks_like_personnummer(column):
            found.append("(en kolumnrubrik)")
        elif pd.api.types.infer_dtype(values, skipna=True) == "bytes":
            continue  # binary cells (the well-known binary of district polygons) hold no text to look at
        elif not (pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_bool_dtype(values)):
            count = int(personnummer_mask(values).sum())
            if count:
                found.append(f"”{column}” ({count} {'cell' if count == 1 else 'celler'})")
    return found


class Store:
    """The local store; see the module docstring for layout and guarantees.

    ``root``: the store folder; else ``STADSDEL_STORE_DIR`` from ``environ`` (default ``os.environ``); else
    ``lokal_data/`` in the project. Folders are created on the first save.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None):
        environ = os.environ if environ is None else environ
        if root is None:
            root = environ.get(STORE_ENV) or DEFAULT_ROOT
        self.root = Path(root).expanduser()

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # ------------------------------------------------------------------------- paths and manifest

    def _folder(self, kommun: str, kind: str) -> Path:
        return self.root / _check_name(kommun, "kommunkod") / _check_name(kind, "tabelltyp")

    def _read_manifest(self, kommun: str, kind: str) -> dict | None:
        """The manifest as a dict, ``None`` when the table has none yet; ManifestError when unreadable."""
        path = self._folder(kommun, kind) / MANIFEST
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise self._manifest_error(path, "filen kan inte läsas") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self._manifest_error(path, f"ogiltig JSON på rad {exc.lineno}") from exc
        self._check_manifest(data, path)
        return data

    def _manifest_error(self, path: Path, problem: str) -> ManifestError:
        return ManifestError(
            f"Versionsförteckningen {path} är skadad ({problem}) och kan inte användas. Inget har ändrats. "
            f"De sparade tabellerna finns kvar i {path.parent / VERSIONS}, var och en med sin version.json. "
            "Återställ manifest.json från en säkerhetskopia, eller flytta bort den och importera filen igen."
        )

    def _check_manifest(self, data: object, path: Path) -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise self._manifest_error(path, f"formatet är inte {FORMAT}")
        versions = data.get("versions")
        if not isinstance(versions, list):
            raise self._manifest_error(path, "listan över versioner saknas")
        ints = ("rows_read", "rows_accepted", "rows_rejected", "rows", "size_bytes")
        strings = ("id", "created", "file_name", "file", "sha256")
        for number, entry in enumerate(versions, start=1):
            ok = (
                isinstance(entry, dict)
                and all(isinstance(entry.get(k), str) for k in strings)
                and all(isinstance(entry.get(k), int) and not isinstance(entry.get(k), bool) for k in ints)
                and isinstance(entry.get("columns"), list)
                and all(entry.get(k) is None or isinstance(entry.get(k), str) for k in ("who", "note"))
                and _fingerprint_ok(entry.get("key_fingerprint"))
                and _VERSION_ID.fullmatch(entry["id"]) is not None
                and entry["file"] == f"{VERSIONS}/{entry['id']}/{DATA_FILE}"
            )
            if not ok:
                raise self._manifest_error(path, f"version nr {number} i listan är ofullständig")
        ids = [entry["id"] for entry in versions]
        if len(set(ids)) != len(ids):
            raise self._manifest_error(path, "samma version står flera gånger")
        active = data.get("active")
        if active is not None and active not in ids:
            raise self._manifest_error(path, "den aktiva versionen finns inte i listan")

    def _version(self, kommun: str, kind: str, entry: dict) -> Version:
        return Version(
            id=entry["id"],
            kommun=kommun,
            kind=kind,
            created=entry["created"],
            file_name=entry["file_name"],
            rows_read=entry["rows_read"],
            rows_accepted=entry["rows_accepted"],
            rows_rejected=entry["rows_rejected"],
            rows=entry["rows"],
            columns=tuple(str(c) for c in entry["columns"]),
            who=entry.get("who"),
            note=entry.get("note"),
            sha256=entry["sha256"],
            size_bytes=entry["size_bytes"],
            path=self._folder(kommun, kind) / entry["file"],
            key_fingerprint=entry.get("key_fingerprint"),
        )

    # ------------------------------------------------------------------------- reading

    def kommuner(self) -> list[str]:
        """Data set keys (kommun codes) with at least one saved table, sorted."""
        if not self.root.is_dir():
            return []
        return sorted(
            child.name
            for child in self.root.iterdir()
            if child.is_dir() and _SAFE_NAME.fullmatch(child.name) and self.kinds(child.name)
        )

    def kinds(self, kommun: str) -> list[str]:
        """Table kinds saved for ``kommun``, sorted."""
        folder = self.root / _check_name(kommun, "kommunkod")
        if not folder.is_dir():
            return []
        return sorted(
            child.name
            for child in folder.iterdir()
            if child.is_dir() and _SAFE_NAME.fullmatch(child.name) and (child / MANIFEST).is_file()
        )

    def versions(self, kommun: str, kind: str) -> list[Version]:
        """Every saved version of the table, newest first; empty when there is none."""
        manifest = self._read_manifest(kommun, kind)
        if manifest is None:
            return []
        return [self._version(kommun, kind, e) for e in reversed(manifest["versions"])]

    def active(self, kommun: str, kind: str) -> Version | None:
        """The version the dashboard uses, ``None`` when nothing is saved."""
        manifest = self._read_manifest(kommun, kind)
        if manifest is None or manifest.get("active") is None:
            return None
        entry = next(e for e in manifest["versions"] if e["id"] == manifest["active"])
        return self._version(kommun, kind, entry)

    def version(self, kommun: str, kind: str, version_id: str | None = None) -> Version:
        """One version (the active one when ``version_id`` is None); StoreError when there is no such."""
        if version_id is None:
            found = self.active(kommun, kind)
            if found is None:
                raise StoreError(f"Det finns ingen sparad version av {_label(kommun, kind)}.")
            return found
        for candidate in self.versions(kommun, kind):
            if candidate.id == version_id:
                return candidate
        raise StoreError(f"Versionen {version_id!r} av {_label(kommun, kind)} finns inte i datalagret.")

    def load(self, kommun: str, kind: str, version_id: str | None = None) -> pd.DataFrame:
        """The table of one version (the active one when ``version_id`` is None).

        The file is read once into memory, its SHA-256 checked against the manifest, and the frame parsed
        from those same bytes. Raises :class:`IntegrityError` when the file is missing or was changed.
        """
        version = self.version(kommun, kind, version_id)
        return _parse(self._verified_bytes(version), version)

    def _verified_bytes(self, version: Version) -> bytes:
        where = f"version {version.id} av {_label(version.kommun, version.kind)}"
        try:
            data = version.path.read_bytes()
        except OSError as exc:
            raise IntegrityError(
                f"Filen för {where} saknas eller kan inte läsas ({version.path}). Välj en annan version "
                "eller importera filen igen."
            ) from exc
        if hashlib.sha256(data).hexdigest() != version.sha256:
            raise IntegrityError(
                f"Filen för {where} har ändrats sedan den sparades (kontrollsumman stämmer inte): "
                f"{version.path}. Den används inte. Välj en annan version eller importera filen igen."
            )
        return data

    def versions_table(self, kommun: str, kind: str) -> pd.DataFrame:
        """Versions as a table for the Data page, newest first, with Swedish column names."""
        versions = self.versions(kommun, kind)
        active = self.active(kommun, kind) if versions else None
        return pd.DataFrame(
            {
                "version": pd.array([v.id for v in versions], dtype="string"),
                "sparad": pd.to_datetime(pd.Series([v.created for v in versions], dtype="object"), utc=True),
                "fil": pd.array([v.file_name for v in versions], dtype="string"),
                "rader_lästa": pd.array([v.rows_read for v in versions], dtype="Int64"),
                "godkända": pd.array([v.rows_accepted for v in versions], dtype="Int64"),
                "avvisade": pd.array([v.rows_rejected for v in versions], dtype="Int64"),
                "vem": pd.array([v.who for v in versions], dtype="string"),
                "anteckning": pd.array([v.note for v in versions], dtype="string"),
                "nyckel": pd.array([v.key_fingerprint for v in versions], dtype="string"),
                "aktiv": [active is not None and v.id == active.id for v in versions],
            }
        )

    # ------------------------------------------------------------------------- writing

    def save(
        self,
        kommun: str,
        kind: str,
        frame: pd.DataFrame,
        *,
        actor: Actor,
        file_name: str,
        rows_read: int,
        rows_accepted: int,
        rows_rejected: int,
        note: str | None = None,
        key_fingerprint: str | None = None,
    ) -> Version:
        """Save ``frame`` as a new version and make it the active one; returns the new version.

        ``actor`` is who accepts the import (its name becomes the version's ``who``); one who may not
        (``actor.may("import")`` false) gets :class:`~analysis.keeping.audit.Refused`, and nothing is
        written but the refusal in the audit log. Every outcome is recorded there (ok, nekad, fel).
        ``file_name`` is the name of the imported file (any folder part is dropped); the three counts come
        from the file's validation report (``rows_read == rows_accepted + rows_rejected``). See the module
        docstring for atomicity and locking. ``key_fingerprint``: the fingerprint of the pseudonym key the
        table was made with (:func:`analysis.files_in.keys.key_fingerprint`; anything else, the key itself
        above all, is refused with a ValueError). Raises :class:`StoreError` (Swedish) when the frame holds
        something that looks like an identity number, cannot be written as Parquet, or the disk fails;
        :class:`StoreBusyError` when another save is running. On any failure the previous version stays
        active and loadable.
        """
        counts = (rows_read, rows_accepted, rows_rejected)
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in counts):
            raise ValueError("row counts must be non-negative integers")
        if rows_read != rows_accepted + rows_rejected:
            raise ValueError("rows_read must equal rows_accepted + rows_rejected")
        if not _fingerprint_ok(key_fingerprint):
            raise ValueError("key_fingerprint must be keys.key_fingerprint(key), never the key itself")
        _check_actor(actor)
        shown_name = redact(Path(str(file_name).replace("\\", "/")).name) or "(okänd fil)"
        what = audit.describe(kommun, kind, file_name=shown_name, rows=len(frame))
        self._require(actor, audit.IMPORT, what)
        try:
            version = self._save(kommun, kind, frame, actor, shown_name, counts, note, key_fingerprint)
        except DataError as exc:
            self._failed(actor, audit.IMPORT, what, exc)
            raise
        self._recorded(
            actor,
            audit.IMPORT,
            audit.describe(kommun, kind, version=version.id, file_name=version.file_name, rows=version.rows),
            f"Importen sparades som version {version.id}",
        )
        return version

    def _save(
        self,
        kommun: str,
        kind: str,
        frame: pd.DataFrame,
        actor: Actor,
        file_name: str,
        counts: tuple[int, int, int],
        note: str | None,
        key_fingerprint: str | None,
    ) -> Version:
        rows_read, rows_accepted, rows_rejected = counts
        folder = self._folder(kommun, kind)
        if not all(isinstance(c, str) for c in frame.columns) or frame.columns.has_duplicates:
            raise StoreError("Tabellen sparades inte: kolumnnamnen måste vara text och unika.")
        problems = _identity_problems(frame)
        if problems:
            raise StoreError(
                "Tabellen sparades inte: den innehåller något som ser ut som personnummer eller "
                f"samordningsnummer i {', '.join(problems)}. Personnummer ska ersättas med pseudonymer vid "
                "importen (analysis.files_in.privacy.protect) innan något sparas."
            )
        try:
            table = pa.Table.from_pandas(frame, preserve_index=None)
        except (pa.ArrowException, ValueError, TypeError) as exc:
            raise StoreError(
                "Tabellen kunde inte sparas som Parquet: någon kolumn blandar olika sorters värden (till "
                "exempel tal och text). Inget sparades."
            ) from exc
        who = redact(actor.name)
        note = None if note is None else redact(note)

        folder.mkdir(parents=True, exist_ok=True)
        with _exclusive(folder, kommun, kind):
            manifest = self._read_manifest(kommun, kind) or {
                "format": FORMAT,
                "kommun": kommun,
                "kind": kind,
                "active": None,
                "versions": [],
            }
            versions_dir = folder / VERSIONS
            self._clean_leftovers(folder)
            created = _utc_now()
            version_id = f"{self._next_number(manifest, versions_dir):04d}-{created:%Y%m%dT%H%M%SZ}"
            target = versions_dir / version_id
            tmp = folder / f"{_TMP_PREFIX}{uuid.uuid4().hex}"
            try:
                tmp.mkdir()
                data_path = tmp / DATA_FILE
                with open(data_path, "wb") as fh:
                    pq.write_table(table, fh, compression="none")
                    fh.flush()
                    os.fsync(fh.fileno())
                digest = hashlib.sha256(data_path.read_bytes()).hexdigest()
                version = Version(
                    id=version_id,
                    kommun=kommun,
                    kind=kind,
                    created=created.isoformat(),
                    file_name=file_name,
                    rows_read=rows_read,
                    rows_accepted=rows_accepted,
                    rows_rejected=rows_rejected,
                    rows=len(frame),
                    columns=tuple(frame.columns),
                    who=who,
                    note=note,
                    sha256=digest,
                    size_bytes=data_path.stat().st_size,
                    path=target / DATA_FILE,
                    key_fingerprint=key_fingerprint,
                )
                with open(tmp / VERSION_FILE, "w", encoding="utf-8") as fh:
                    json.dump({"kommun": kommun, "kind": kind, **version.record()}, fh, ensure_ascii=False, indent=2)
                    fh.flush()
                    os.fsync(fh.fileno())
                _fsync_dir(tmp)
                versions_dir.mkdir(exist_ok=True)
                os.replace(tmp, target)
                _fsync_dir(versions_dir)
                updated = {
                    **manifest,
                    "active": version_id,
                    "versions": [*manifest["versions"], version.record()],
                }
                _write_json_atomic(folder / MANIFEST, updated)
            except BaseException as exc:
                self._undo(folder, tmp, target, version_id)
                if isinstance(exc, OSError | pa.ArrowException):
                    raise StoreError(
                        f"Importen av {_label(kommun, kind)} kunde inte sparas ({exc.__class__.__name__}: "
                        f"{exc}). Den tidigare versionen är oförändrad."
                    ) from exc
                raise
        return version

    def activate(self, kommun: str, kind: str, version_id: str, *, actor: Actor) -> Version:
        """Make an earlier (or later) version the active one; its file is checked first.

        ``actor`` is who switches; one who may not (``actor.may("byte_av_version")`` false) gets
        :class:`~analysis.keeping.audit.Refused`. Every outcome is recorded in the audit log. The manifest
        is replaced atomically under the table's lock; no data file is touched.
        """
        _check_actor(actor)
        what = audit.describe(kommun, kind, to_version=version_id)
        self._require(actor, audit.SWITCH, what)
        try:
            before = self.active(kommun, kind)
            version = self._activate(kommun, kind, version_id)
        except DataError as exc:
            self._failed(actor, audit.SWITCH, what, exc)
            raise
        self._recorded(
            actor,
            audit.SWITCH,
            f"{kommun} {kind}: från version {before.id if before else '–'} till {version.id} (fil {version.file_name})",
            f"Versionen byttes till {version.id}",
        )
        return version

    # ------------------------------------------------------------------------- who may, and the record

    @property
    def audit(self) -> AuditLog:
        """The store's audit log (``<root>/granskningslogg.jsonl``)."""
        return AuditLog(self.root)

    def _require(self, actor: Actor, action: str, what: str) -> None:
        """Refuse (and record) an action the actor may not do."""
        if actor.may(action):
            return
        with contextlib.suppress(audit.AuditError):  # a refusal stays a refusal even if it cannot be logged
            self.audit.record(actor, action, what, audit.REFUSED)
        raise Refused(audit.refusal_message(actor, action))

    def _failed(self, actor: Actor, action: str, what: str, error: Exception) -> None:
        """Record a failed change; the failure itself is what the caller reports, even if this cannot be logged."""
        with contextlib.suppress(audit.AuditError):
            self.audit.record(actor, action, what, audit.FAILED, str(error))

    def _recorded(self, actor: Actor, action: str, what: str, done: str) -> None:
        """Record a completed change; if the log cannot be written, say so (the change itself stands)."""
        try:
            self.audit.record(actor, action, what, audit.OK)
        except audit.AuditError as exc:
            raise StoreError(f"{done}, men det kunde inte skrivas i granskningsloggen: {exc}") from exc

    def _activate(self, kommun: str, kind: str, version_id: str) -> Version:
        folder = self._folder(kommun, kind)
        if not folder.is_dir():
            raise StoreError(f"Versionen {version_id!r} av {_label(kommun, kind)} finns inte i datalagret.")
        with _exclusive(folder, kommun, kind):
            manifest = self._read_manifest(kommun, kind)
            entry = next((e for e in (manifest or {"versions": []})["versions"] if e["id"] == version_id), None)
            if manifest is None or entry is None:
                raise StoreError(f"Versionen {version_id!r} av {_label(kommun, kind)} finns inte i datalagret.")
            version = self._version(kommun, kind, entry)
            self._verified_bytes(version)
            try:
                _write_json_atomic(folder / MANIFEST, {**manifest, "active": version.id})
            except OSError as exc:
                raise StoreError(
                    f"Versionen av {_label(kommun, kind)} kunde inte bytas ({exc}). Den tidigare aktiva "
                    "versionen gäller fortfarande."
                ) from exc
        return version

    @staticmethod
    def _next_number(manifest: dict, versions_dir: Path) -> int:
        """One more than any version number in the manifest or on disk (so a leftover is never reused)."""
        ids = [e["id"] for e in manifest["versions"]]
        if versions_dir.is_dir():
            ids += [p.name for p in versions_dir.iterdir()]
        numbers = [int(m.group(1)) for i in ids if (m := _VERSION_ID.fullmatch(i))]
        return max(numbers, default=0) + 1

    @staticmethod
    def _clean_leftovers(folder: Path) -> None:
        """Remove temporary files of saves that crashed (safe: called with the lock held)."""
        for child in folder.iterdir():
            if child.name.startswith(_TMP_PREFIX) and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith(_MANIFEST_TMP_PREFIX):
                with contextlib.suppress(OSError):
                    child.unlink()

    def _undo(self, folder: Path, tmp: Path, target: Path, version_id: str) -> None:
        """After a failed save: remove its files unless the new manifest already names them."""
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            manifest = self._read_manifest(folder.parent.name, folder.name)
        except StoreError:
            return  # cannot tell; leave the files, which the next save will skip
        if manifest is None or all(e["id"] != version_id for e in manifest["versions"]):
            shutil.rmtree(target, ignore_errors=True)


def _check_actor(actor: object) -> None:
    if not isinstance(actor, Actor):
        raise TypeError("actor must be an analysis.keeping.audit.Actor (who accepts or switches)")


def _parse(data: bytes, version: Version) -> pd.DataFrame:
    try:
        return pq.read_table(pa.BufferReader(data)).to_pandas()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise IntegrityError(
            f"Filen för version {version.id} av {_label(version.kommun, version.kind)} kunde inte läsas som "
            f"Parquet ({version.path})."
        ) from exc
