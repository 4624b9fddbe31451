"""Backup and restore of the whole local store as one zip file (``python -m analysis sakerhetskopia`` / ``aterstall``).

What a backup holds: every table's ``manifest.json`` and every version it lists (``data.parquet`` and
``version.json``), the saved column mappings (``<kommun>/*.json``, e.g. ``deltagare_kolumnmappning.json``)
and the audit log ``granskningslogg.jsonl``; under ``datalager/`` in the zip, with the same relative paths
as in the store. Beside them ``sakerhetskopia.json`` lists every file with its size and SHA-256::

    {"format": "stadsdel-backup/1", "store_format": "stadsdel-store/1", "created": "2025-03-01T10:15:00+00:00",
     "tables": [{"kommun": "1283", "kind": "deltagare", "active": "0002-…", "versions": 2}],
     "files": [{"path": "1283/deltagare/manifest.json", "size": 1234, "sha256": "…"}, …]}

Lock files, temporary folders of a crashed save and version folders no manifest lists are left out.

**Consistency.** Only the manifests, the mappings and the audit log ever change; a version folder is never
changed once written (see :mod:`analysis.keeping.store`). So the backup holds every table's lock (the
store's own ``.lock``, so a save or a switch meanwhile is refused at once as busy, never half-copied) only
while it reads those small files, then copies the immutable version files it listed and checks each one
against the SHA-256 in its manifest. A store whose file does not match is not backed up: the message names
the version, so that every backup that was made can be restored. The audit log is copied up to its last
complete line.

**Restore** is into an empty or new folder only (``force=True`` moves a non-empty store aside to
``<folder>.fore-aterstallning-<time>`` first; nothing is deleted). A backup file is hostile input like any
upload: before anything is written it must be a zip whose every member is a regular file with a plain
relative name of the store's layout (no absolute name, no ``..``, no backslash, no symlink, no directory
entry, no encryption), listed in ``sakerhetskopia.json`` with its size, within :class:`BackupLimits`; then
every member is written to a temporary folder beside the target while its SHA-256 is checked, every table's
manifest is read by the store's own checks and every version it lists must be present with the manifest's
checksum; only then is the folder moved into place with one rename. Any problem: nothing is restored, and
the Swedish message lists what was wrong.

The SHA-256 sums find damage and changes made without care for the sums; someone who may write the backup
file can also rewrite its lists. Keep backups where only the operators can write, like the store itself: the
files hold pseudonymised personal data (they are written readable by their owner only).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
import uuid
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from analysis.files_in.validation import DataError
from analysis.keeping import audit as audit_module
from analysis.keeping import store as store_module
from analysis.keeping.store import DATA_FILE, MANIFEST, VERSION_FILE, VERSIONS, Store, StoreBusyError, StoreError

# The store's own lock and name rules, so a backup locks and recognises exactly what a save does.
_exclusive = store_module._exclusive
_SAFE_NAME = store_module._SAFE_NAME
_VERSION_ID = store_module._VERSION_ID
STORE_FORMAT = store_module.FORMAT
FORMAT = "stadsdel-backup/1"
#: The list of files inside the zip.
BACKUP_MANIFEST = "sakerhetskopia.json"
#: Folder inside the zip that holds the store's files.
ARCHIVE_DIR = "datalager/"
#: The audit log at the store's root and its head file (analysis.keeping.audit).
AUDIT_FILE = audit_module.LOG_FILE
AUDIT_HEAD_FILE = audit_module.HEAD_FILE
#: Environment variable for the largest backup (uncompressed, GB) that is checked or restored.
MAX_BACKUP_ENV = "STADSDEL_MAX_BACKUP_GB"

_CHUNK = 1 << 20
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAPPING_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,79}\.json")
_SAFE = _SAFE_NAME.pattern
# Every path a backup may hold, relative to the store's root: nothing else is ever written on restore, so a
# member cannot land outside the target whatever its name says.
_ALLOWED_PATH = re.compile(
    rf"{re.escape(AUDIT_FILE)}|{re.escape(AUDIT_HEAD_FILE)}"
    rf"|{_SAFE}/{_MAPPING_NAME.pattern}"
    rf"|{_SAFE}/{_SAFE}/{re.escape(MANIFEST)}"
    rf"|{_SAFE}/{_SAFE}/{VERSIONS}/{_VERSION_ID.pattern}/(?:{re.escape(DATA_FILE)}|{re.escape(VERSION_FILE)})"
)
_TABLE_MANIFEST = re.compile(rf"({_SAFE})/({_SAFE})/{re.escape(MANIFEST)}")
_DATA_PATH = re.compile(rf"({_SAFE})/({_SAFE})/{VERSIONS}/({_VERSION_ID.pattern})/{re.escape(DATA_FILE)}")
_LOCK_WAIT_SECONDS = 10.0


class BackupError(DataError):
    """A backup or a restore that cannot be done; ``str()`` is a Swedish message, nothing was written."""


@dataclass(frozen=True)
class BackupLimits:
    """Bounds on a backup file that is checked or restored (it may come from anywhere).

    ``total_gb``: the members' uncompressed sizes together (also the most one member may hold);
    ``members``: entries in the zip; ``list_mb``: the size of ``sakerhetskopia.json``.
    """

    total_gb: int = 32
    members: int = 200_000
    list_mb: int = 64

    @property
    def total_bytes(self) -> int:
        return self.total_gb * 1024**3

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> BackupLimits:
        """The defaults, with ``STADSDEL_MAX_BACKUP_GB`` when it is set (a positive whole number)."""
        env = os.environ if env is None else env
        raw = env.get(MAX_BACKUP_ENV)
        if not raw:
            return cls()
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value <= 0:
            raise BackupError(f"{MAX_BACKUP_ENV} ska vara ett positivt heltal (gigabyte), inte {raw[:20]!r}.")
        return cls(total_gb=value)


@dataclass(frozen=True)
class TableSummary:
    """One table in a backup: kommun, kind, its active version and how many versions it has."""

    kommun: str
    kind: str
    active: str | None
    versions: int


@dataclass(frozen=True)
class BackupInfo:
    """What :func:`backup` wrote: the zip (its path, size and SHA-256) and what is in it."""

    path: Path
    created: str
    sha256: str
    size_bytes: int
    files: int
    data_bytes: int
    tables: tuple[TableSummary, ...]

    def describe(self) -> str:
        """A few Swedish lines for the command line."""
        lines = [
            f"Säkerhetskopia sparad: {self.path} ({_size(self.size_bytes)}, {self.files} filer, "
            f"{_size(self.data_bytes)} okomprimerat).",
            f"SHA-256 för filen: {self.sha256}",
        ]
        lines += [_table_line(t) for t in self.tables]
        return "\n".join(lines)


@dataclass(frozen=True)
class RestoreInfo:
    """What :func:`restore` did: the restored store, its tables, and where an earlier store was moved."""

    root: Path
    files: int
    tables: tuple[TableSummary, ...]
    previous: Path | None
    warnings: tuple[str, ...] = ()

    def describe(self) -> str:
        """A few Swedish lines for the command line."""
        lines = [f"Datalagret återställt i {self.root} ({self.files} filer, alla kontrollsummor stämmer)."]
        lines += [_table_line(t) for t in self.tables]
        if self.previous is not None:
            lines.append(f"Det tidigare innehållet flyttades till {self.previous} (inget raderades).")
        lines += [f"Obs: {w}" for w in self.warnings]
        return "\n".join(lines)


def _table_line(table: TableSummary) -> str:
    versions = "1 version" if table.versions == 1 else f"{table.versions} versioner"
    return f"  {table.kommun}/{table.kind}: {versions}, aktiv {table.active or '(ingen)'}"


def _size(n: float) -> str:
    """A size in bytes for people: "512 B", "3,4 MB" (Swedish decimal comma)."""
    if n < 1024:
        return f"{n:.0f} B"
    for unit in ("kB", "MB", "GB"):
        n /= 1024
        if n < 1024 or unit == "GB":
            break
    return f"{n:.1f} {unit}".replace(".", ",")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _root(store_root: str | os.PathLike[str] | None) -> Path:
    """The store folder as :class:`Store` finds it (argument, ``STADSDEL_STORE_DIR``, ``lokal_data/``)."""
    return Store(store_root).root


# ----------------------------------------------------------------------------- backup


@dataclass(frozen=True)
class _Table:
    kommun: str
    kind: str
    folder: Path


def _is_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _tables(root: Path) -> list[_Table]:
    """Every table folder with a manifest, sorted (the store's own naming rules; symlinks are not followed)."""
    found = []
    for kommun_dir in sorted(root.iterdir()):
        if not (_is_dir(kommun_dir) and _SAFE_NAME.fullmatch(kommun_dir.name)):
            continue
        for kind_dir in sorted(kommun_dir.iterdir()):
            if _is_dir(kind_dir) and _SAFE_NAME.fullmatch(kind_dir.name) and _is_file(kind_dir / MANIFEST):
                found.append(_Table(kommun_dir.name, kind_dir.name, kind_dir))
    return found


@contextlib.contextmanager
def _all_locks(tables: list[_Table], wait_seconds: float) -> Iterator[None]:
    """Hold every table's lock; while a save or a switch runs, retry for up to ``wait_seconds``."""
    deadline = time.monotonic() + wait_seconds
    while True:
        stack = contextlib.ExitStack()
        try:
            for table in tables:
                stack.enter_context(_exclusive(table.folder, table.kommun, table.kind))
        except StoreBusyError as exc:
            stack.close()
            if time.monotonic() >= deadline:
                raise BackupError(f"Säkerhetskopian skapades inte. {exc}") from exc
            time.sleep(0.25)
            continue
        with stack:
            yield
        return


def _complete_lines(data: bytes) -> bytes:
    """An append-only log up to its last complete line (a line being appended right now is left out)."""
    end = data.rfind(b"\n")
    return data[: end + 1] if end >= 0 else b""


def _snapshot(root: Path, tables: list[_Table], wait_seconds: float):
    """Under every table's lock: the small files that change (bytes) and the versions each manifest lists."""
    small: dict[str, bytes] = {}
    listed: list[tuple[str, object]] = []
    summaries: list[TableSummary] = []
    store = Store(root)
    with _all_locks(tables, wait_seconds):
        for table in tables:
            prefix = f"{table.kommun}/{table.kind}"
            # The store's own reader checks the manifest; a damaged one stops the backup with its message.
            try:
                versions = store.versions(table.kommun, table.kind)
                active = store.active(table.kommun, table.kind)
            except StoreError as exc:
                raise BackupError(f"Säkerhetskopian skapades inte. {exc}") from exc
            small[f"{prefix}/{MANIFEST}"] = (table.folder / MANIFEST).read_bytes()
            listed += [(prefix, v) for v in reversed(versions)]
            summaries.append(TableSummary(table.kommun, table.kind, active.id if active else None, len(versions)))
        for kommun_dir in sorted(_kommun_dirs(root)):
            for child in sorted(kommun_dir.iterdir()):
                if _MAPPING_NAME.fullmatch(child.name) and _is_file(child):
                    small[f"{kommun_dir.name}/{child.name}"] = child.read_bytes()
        small.update(_audit_files(root))
    return small, listed, summaries


def _audit_files(root: Path) -> dict[str, bytes]:
    """The audit log and its head file, read together under the log's own lock (so they agree).

    Read after the manifests: the store records a save or a switch just after it releases the table's
    lock, so a change finishing at this very moment may be in a manifest and not yet in the log (never the
    other way round for a change the manifests show). The log is cut at its last complete line."""
    log = audit_module.AuditLog(root)
    if not _is_file(log.path):
        return {}
    # The log's private lock is the one its appends hold; there is no public way to wait for an append.
    with log._locked():
        found = {AUDIT_FILE: _complete_lines(log.path.read_bytes())}
        if _is_file(log.head_path):
            found[AUDIT_HEAD_FILE] = log.head_path.read_bytes()
    return found


def _kommun_dirs(root: Path) -> set[Path]:
    return {c for c in root.iterdir() if _is_dir(c) and _SAFE_NAME.fullmatch(c.name)}


def _zip_info(name: str, size: int, mtime: float | None = None) -> zipfile.ZipInfo:
    stamp = time.gmtime(mtime if mtime is not None else time.time())
    info = zipfile.ZipInfo(name, date_time=max(stamp[:6], (1980, 1, 1, 0, 0, 0)))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    info.file_size = size  # lets zipfile choose ZIP64 for members over 2 GiB before writing them
    return info


def backup(
    store_root: str | os.PathLike[str] | None,
    target_file: str | os.PathLike[str],
    *,
    wait_seconds: float = _LOCK_WAIT_SECONDS,
) -> BackupInfo:
    """Write the whole store (``store_root``; ``None``: as :class:`Store` finds it) to the new zip file
    ``target_file``; see the module docstring for what it holds and how it stays consistent.

    Refuses (:class:`BackupError`, Swedish, nothing written) when the store does not exist, a table's
    manifest is damaged, a version file is missing or differs from its manifest's SHA-256, the store stays
    busy for ``wait_seconds``, or ``target_file`` exists already or lies inside the store. The file is
    written to a temporary name, fsynced and renamed, readable by its owner only.
    """
    root = _root(store_root)
    target = Path(target_file).expanduser()
    if not _is_dir(root):
        raise BackupError(f"Datalagret {root} finns inte (STADSDEL_STORE_DIR eller lokal_data/). Inget sparades.")
    if target.exists() or target.is_symlink():
        raise BackupError(f"Filen {target} finns redan. Välj ett nytt filnamn, t.ex. med dagens datum. Inget sparades.")
    if not target.parent.is_dir():
        raise BackupError(f"Mappen {target.parent} finns inte. Inget sparades.")
    if target.parent.resolve().is_relative_to(root.resolve()):
        raise BackupError(f"Säkerhetskopian ska inte ligga i datalagret självt ({root}). Välj en annan mapp.")

    created = _utc_now()
    small, listed, summaries = _snapshot(root, _tables(root), wait_seconds)
    files: list[dict] = []
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for rel, data in sorted(small.items()):
                zf.writestr(_zip_info(ARCHIVE_DIR + rel, len(data), created.timestamp()), data)
                files.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            for prefix, version in listed:
                rel = f"{prefix}/{VERSIONS}/{version.id}/{DATA_FILE}"
                files.append(_copy_version_file(zf, root, rel, version))
                meta = root / prefix / VERSIONS / version.id / VERSION_FILE
                if _is_file(meta):
                    data = meta.read_bytes()
                    rel = f"{prefix}/{VERSIONS}/{version.id}/{VERSION_FILE}"
                    zf.writestr(_zip_info(ARCHIVE_DIR + rel, len(data), meta.stat().st_mtime), data)
                    files.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            listing = {
                "format": FORMAT,
                "store_format": STORE_FORMAT,
                "created": created.isoformat(),
                "tables": [t.__dict__ for t in summaries],
                "files": files,
            }
            text = (json.dumps(listing, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
            zf.writestr(_zip_info(BACKUP_MANIFEST, len(text), created.timestamp()), text)
            zf.fp.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise BackupError(f"Säkerhetskopian kunde inte skrivas till {target} ({exc.__class__.__name__}).") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    digest = hashlib.sha256()
    with open(target, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return BackupInfo(
        path=target,
        created=created.isoformat(),
        sha256=digest.hexdigest(),
        size_bytes=target.stat().st_size,
        files=len(files),
        data_bytes=sum(f["size"] for f in files),
        tables=tuple(summaries),
    )


def _copy_version_file(zf: zipfile.ZipFile, root: Path, rel: str, version) -> dict:
    """Stream one version's Parquet file into the zip, checking it against its manifest's SHA-256."""
    path = root / rel
    where = f"version {version.id} i {rel.rsplit('/', 3)[0]}"
    if not _is_file(path):
        raise BackupError(
            f"Säkerhetskopian skapades inte: filen för {where} saknas ({path}). Återställ den från en tidigare "
            "säkerhetskopia."
        )
    digest = hashlib.sha256()
    size = 0
    info = _zip_info(ARCHIVE_DIR + rel, path.stat().st_size, path.stat().st_mtime)
    with open(path, "rb") as source, zf.open(info, "w") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if digest.hexdigest() != version.sha256 or size != version.size_bytes:
        raise BackupError(
            f"Säkerhetskopian skapades inte: filen för {where} har ändrats sedan den sparades (kontrollsumman "
            f"stämmer inte): {path}. Återställ den från en tidigare säkerhetskopia."
        )
    return {"path": rel, "size": size, "sha256": version.sha256}


# ----------------------------------------------------------------------------- checking a backup


def _member_problem(info: zipfile.ZipInfo, limits: BackupLimits) -> str | None:
    """Why a zip member is refused before anything is read from it (``None``: acceptable so far)."""
    name = info.filename
    mode = info.external_attr >> 16
    if "\x00" in name or "\\" in name:
        return "har ett ogiltigt tecken i namnet"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "har ett absolut sökvägsnamn"
    if ".." in name.split("/"):
        return "pekar ut ur mappen (..)"
    if info.is_dir():
        return "är en mapp (en säkerhetskopia har bara filer)"
    if stat.S_ISLNK(mode):
        return "är en symbolisk länk"
    if stat.S_IFMT(mode) and not stat.S_ISREG(mode):  # no type bits: a zip from Windows or from writestr
        return "är ingen vanlig fil"
    if info.flag_bits & 0x1:
        return "är krypterad"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return "är packad på ett sätt som inte stöds"
    if info.file_size > limits.total_bytes:
        return f"är för stor ({_size(info.file_size)}; högst {limits.total_gb} GB, {MAX_BACKUP_ENV})"
    return None


def _shown(name: str) -> str:
    return repr(name if len(name) <= 80 else name[:77] + "…")


def _read_listing(zf: zipfile.ZipFile, limits: BackupLimits, problems: list[str]) -> dict[str, dict] | None:
    """``sakerhetskopia.json`` as {path: entry}, or ``None`` with the reasons added to ``problems``."""
    try:
        info = zf.getinfo(BACKUP_MANIFEST)
    except KeyError:
        problems.append(f"förteckningen {BACKUP_MANIFEST} saknas: filen är ingen säkerhetskopia av datalagret")
        return None
    if info.file_size > limits.list_mb * 1024**2:
        problems.append(f"förteckningen {BACKUP_MANIFEST} är för stor ({_size(info.file_size)})")
        return None
    try:
        with zf.open(info) as fh:
            listing = json.loads(fh.read(limits.list_mb * 1024**2 + 1).decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, UnicodeDecodeError, ValueError):
        problems.append(f"förteckningen {BACKUP_MANIFEST} kan inte läsas")
        return None
    if not isinstance(listing, dict) or listing.get("format") != FORMAT or not isinstance(listing.get("files"), list):
        problems.append(f"förteckningen {BACKUP_MANIFEST} har inte formatet {FORMAT}")
        return None
    if listing.get("store_format") != STORE_FORMAT:
        found = str(listing.get("store_format"))[:40]
        problems.append(f"säkerhetskopian är av ett annat datalagerformat ({found!r}, väntat {STORE_FORMAT})")
        return None
    entries: dict[str, dict] = {}
    for number, entry in enumerate(listing["files"], start=1):
        ok = (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("size"), int)
            and not isinstance(entry.get("size"), bool)
            and entry["size"] >= 0
            and isinstance(entry.get("sha256"), str)
            and _HEX64.fullmatch(entry["sha256"]) is not None
        )
        if not ok:
            problems.append(f"post nr {number} i förteckningen är ofullständig")
        elif not _ALLOWED_PATH.fullmatch(entry["path"]):
            problems.append(f"förteckningen nämner {_shown(entry['path'])}, som inte hör till datalagret")
        elif entry["path"] in entries:
            problems.append(f"förteckningen nämner {_shown(entry['path'])} flera gånger")
        else:
            entries[entry["path"]] = entry
    return entries


def _check_directory(fh, limits: BackupLimits, problems: list[str]) -> bool:
    """Member count and central directory size from the zip's end record, before ``ZipFile`` reads the
    whole directory into memory (a million tiny entries would otherwise cost gigabytes first).

    Hand-written because ``zipfile`` offers no public way to read the end record alone; ``_EndRecData`` is
    the function ``ZipFile`` itself calls (it has been there since Python 2), and the check is skipped
    if a Python lacks it, leaving ``ZipFile``'s own limits.
    """
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:  # pragma: no cover - every CPython 3.11–3.13 has it
        return True
    try:
        record = end_record(fh)
    except (OSError, ValueError, EOFError):
        record = None
    if not record:
        problems.append("filen är ingen zipfil (och därmed ingen säkerhetskopia)")
        return False
    entries, directory = record[zipfile._ECD_ENTRIES_TOTAL], record[zipfile._ECD_SIZE]
    if entries > limits.members or directory > limits.members * 1024:
        problems.append(f"arkivet har för många filer ({entries}; högst {limits.members})")
        return False
    return True


def _scan(path: Path, limits: BackupLimits, dest: Path | None) -> tuple[list[str], list[TableSummary], int]:
    """Check a backup file; with ``dest``, also write its files there. Returns the problems (Swedish),
    the tables and the number of files. Nothing is read from a member before the structure checks pass."""
    problems: list[str] = []
    if not path.is_file():
        return [f"filen {path} finns inte eller är ingen vanlig fil"], [], 0
    with open(path, "rb") as fh:
        if not _check_directory(fh, limits, problems):
            return problems, [], 0
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
            return ["filen är ingen läsbar zipfil (och därmed ingen säkerhetskopia)"], [], 0
        with zf:
            return _scan_zip(zf, limits, dest, problems)


def _scan_zip(zf, limits: BackupLimits, dest: Path | None, problems: list[str]):
    infos = zf.infolist()
    if len(infos) > limits.members:
        return [f"arkivet har för många filer ({len(infos)}; högst {limits.members})"], [], 0
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        reason = _member_problem(info, limits)
        if reason is None and info.filename in members:
            reason = "finns flera gånger"
        if reason:
            problems.append(f"{_shown(info.filename)} {reason}")
        else:
            members[info.filename] = info
    if problems:
        return problems, [], 0
    entries = _read_listing(zf, limits, problems)
    if entries is None or problems:
        return problems, [], 0
    wanted = {ARCHIVE_DIR + p for p in entries}
    for name in sorted(set(members) - wanted - {BACKUP_MANIFEST}):
        problems.append(f"{_shown(name)} finns i arkivet men inte i förteckningen")
    for name in sorted(wanted - set(members)):
        problems.append(f"{_shown(name)} står i förteckningen men saknas i arkivet")
    for rel, entry in entries.items():
        info = members.get(ARCHIVE_DIR + rel)
        if info is not None and info.file_size != entry["size"]:
            problems.append(f"{_shown(rel)} har en annan storlek än förteckningen säger")
    total = sum(e["size"] for e in entries.values())
    if total > limits.total_bytes:
        problems.append(f"innehållet är för stort ({_size(total)}; högst {limits.total_gb} GB, {MAX_BACKUP_ENV})")
    if problems:
        return problems, [], 0
    if dest is not None:
        free = shutil.disk_usage(dest.parent).free
        if free < total + 64 * 1024**2:
            return [f"det finns inte plats på disken ({_size(free)} ledigt, {_size(total)} behövs)"], [], 0

    # Manifests go to a folder of their own when only checking, so the store's own reader can judge them.
    with tempfile.TemporaryDirectory(prefix="stadsdel-kontroll-") as scratch:
        where = dest if dest is not None else Path(scratch)
        for rel, entry in sorted(entries.items()):
            keep = dest is not None or _TABLE_MANIFEST.fullmatch(rel) is not None
            digest = _copy_member(zf, members[ARCHIVE_DIR + rel], where / rel if keep else None, problems)
            if digest is not None and digest != entry["sha256"]:
                problems.append(f"{_shown(rel)} har ändrats (kontrollsumman stämmer inte med förteckningen)")
        if problems:
            return problems, [], 0
        tables = _check_tables(where, entries, problems)
    return problems, tables, len(entries)


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path | None, problems: list[str]) -> str | None:
    """Stream one member (into ``target`` when given) and return its SHA-256; ``None`` when unreadable."""
    digest = hashlib.sha256()
    try:
        with contextlib.ExitStack() as stack:
            source = stack.enter_context(zf.open(info))
            out = None
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                out = stack.enter_context(open(target, "xb"))
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
            if out is not None:
                out.flush()
                os.fsync(out.fileno())
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        problems.append(f"{_shown(info.filename)} kan inte packas upp ({exc.__class__.__name__})")
        return None
    return digest.hexdigest()


def _check_tables(where: Path, entries: dict[str, dict], problems: list[str]) -> list[TableSummary]:
    """Every table manifest through the store's own checks; every version it lists present with its
    checksum, and every data file claimed by a manifest."""
    store = Store(where)
    claimed: set[str] = set()
    tables = []
    for rel in sorted(entries):
        match = _TABLE_MANIFEST.fullmatch(rel)
        if not match:
            continue
        kommun, kind = match.groups()
        try:
            versions = store.versions(kommun, kind)
            active = store.active(kommun, kind)
        except StoreError as exc:
            problems.append(str(exc))
            continue
        for version in versions:
            data = f"{kommun}/{kind}/{VERSIONS}/{version.id}/{DATA_FILE}"
            claimed.add(data)
            entry = entries.get(data)
            if entry is None:
                problems.append(f"version {version.id} av {kommun}/{kind} saknas i säkerhetskopian")
            elif entry["sha256"] != version.sha256 or entry["size"] != version.size_bytes:
                problems.append(
                    f"version {version.id} av {kommun}/{kind} stämmer inte med tabellens versionsförteckning "
                    "(kontrollsumman)"
                )
        tables.append(TableSummary(kommun, kind, active.id if active else None, len(versions)))
    for rel in sorted(entries):
        match = _DATA_PATH.fullmatch(rel)
        if match and rel not in claimed:
            problems.append(f"{_shown(rel)} hör inte till någon version i en versionsförteckning")
    return tables


def verify(backup_file: str | os.PathLike[str], *, limits: BackupLimits | None = None) -> list[str]:
    """Check a backup file without restoring it: the problems found (Swedish), empty when it is intact.

    The same checks as :func:`restore` (structure, names, sizes, every SHA-256, every table manifest and
    its versions); only the table manifests are written, to a temporary folder.
    """
    limits = limits or BackupLimits.from_environment()
    problems, _, _ = _scan(Path(backup_file).expanduser(), limits, None)
    return problems


# ----------------------------------------------------------------------------- restore


def _refusal(path: Path, problems: list[str]) -> BackupError:
    shown = problems[:20]
    more = f"\n  … och {len(problems) - 20} till" if len(problems) > 20 else ""
    return BackupError(
        f"Säkerhetskopian {path.name} återställdes inte (inget skrevs till datalagret):\n  " + "\n  ".join(shown) + more
    )


def _audit_warnings(root: Path) -> tuple[str, ...]:
    """The restored audit log's own chain check (:meth:`analysis.keeping.audit.AuditLog.verify`)."""
    if not (root / AUDIT_FILE).is_file():
        return ()
    try:
        found = audit_module.AuditLog(root).verify()
    except (DataError, OSError, ValueError) as exc:
        found = [str(exc)]
    return tuple(f"granskningsloggen: {p}" for p in found)


def restore(
    backup_file: str | os.PathLike[str],
    store_root: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
    limits: BackupLimits | None = None,
) -> RestoreInfo:
    """Restore a backup into ``store_root`` (``None``: as :class:`Store` finds it), which must be missing or
    empty; with ``force=True`` a non-empty folder is first moved aside to ``<folder>.fore-aterstallning-<time>``.

    Everything is checked and written to a temporary folder beside the target first (see the module
    docstring), then moved into place with one rename; any problem raises :class:`BackupError` listing what
    was wrong, and the target is untouched. Stop the dashboard before restoring over a store it uses.
    """
    path = Path(backup_file).expanduser()
    root = _root(store_root)
    limits = limits or BackupLimits.from_environment()
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        raise BackupError(f"{root} är ingen mapp. Inget återställdes.")
    occupied = root.is_dir() and any(root.iterdir())
    if occupied and not force:
        raise BackupError(
            f"Datalagret {root} är inte tomt. Återställ till en ny eller tom mapp (--till MAPP), eller ange "
            "--skriv-over för att flytta det nuvarande innehållet åt sidan först. Inget återställdes."
        )
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = root.parent / f".{root.name}.aterstall-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        problems, tables, files = _scan(path, limits, staging)
        if problems:
            raise _refusal(path, problems)
        warnings = _audit_warnings(staging)
        previous = None
        if root.is_dir():
            if any(root.iterdir()):
                previous = root.with_name(f"{root.name}.fore-aterstallning-{_utc_now():%Y%m%dT%H%M%SZ}")
                os.replace(root, previous)
            else:
                root.rmdir()
        os.replace(staging, root)
    except OSError as exc:
        raise BackupError(f"Säkerhetskopian kunde inte återställas i {root} ({exc.__class__.__name__}).") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        fd = os.open(root.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return RestoreInfo(root=root, files=files, tables=tuple(tables), previous=previous, warnings=warnings)
