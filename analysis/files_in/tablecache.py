"""Validated tables kept in Parquet, keyed by the content of the file they were read from.

Reading and validating a large file is most of a cold start: a national participant file of 1,000,000 rows
takes about a minute through ``reading.read_table`` and ``loaders.validate_participants``, its Parquet copy
half a second. ``remembered`` gives the table validated before when the source file's bytes, the
validation's inputs (the known district and programme codes, today's date, the upload limits) and the code
that validates (the source of the ``files_in`` modules involved) are all the same; otherwise it validates
and keeps the result. The report (rows read, accepted, rejected, every issue) is kept beside the table as
JSON, so the Data page says the same as on the first start: a cached table is never a silent shortcut.

Where: ``STADSDEL_CACHE_DIR``, else ``$XDG_CACHE_HOME/stadsdel/tabeller``, else ``~/.cache/stadsdel/tabeller``
(created readable by its owner only: a participant table is as sensitive as the file it came from; it holds
the same pseudonymised rows and nothing more). ``STADSDEL_CACHE_DIR=av`` (or ``off``) turns it off. Only the
newest ``KEPT`` entries are kept. A cache that cannot be read or written is ignored: the file is then read
as before, so the cache can only make a start faster, never change what it shows.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.files_in.validation import Issue, ValidationReport

#: Environment variable naming the folder; these values turn the cache off.
ENV = "STADSDEL_CACHE_DIR"
OFF = {"av", "off", "0", "nej", "no"}
#: Entries kept (table + report); the oldest beyond this are removed after each write.
KEPT = 24
#: The modules whose code decides what a validated table holds: a change to any of them is a new key.
_VALIDATING = ("reading.py", "loaders.py", "schemas.py", "validation.py", "identity.py", "limits.py", "tablecache.py")
_code_digest: str | None = None


def cache_dir() -> Path | None:
    """The cache folder, or None when turned off."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() in OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stadsdel" / "tabeller"


def _code() -> str:
    global _code_digest
    if _code_digest is None:
        here = Path(__file__).resolve().parent
        digest = hashlib.sha256()
        for name in _VALIDATING:
            digest.update((here / name).read_bytes())
        _code_digest = digest.hexdigest()
    return _code_digest


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (a large file is never held whole)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key(kind: str, source: str | Path, inputs: Iterable[Any] = ()) -> str:
    """The entry's name: the kind of table, the source's content, the validation's inputs and code."""
    digest = hashlib.sha256()
    for part in (kind, file_digest(source), _code(), *[json.dumps(i, sort_keys=True, default=str) for i in inputs]):
        digest.update(str(part).encode())
        digest.update(b"\0")
    return f"{kind}-{digest.hexdigest()[:40]}"


def remembered(
    kind: str,
    source: str | Path,
    inputs: Iterable[Any],
    compute: Callable[[], tuple[pd.DataFrame, dict]],
    *,
    geometry: bool = False,
) -> tuple[pd.DataFrame, dict]:
    """``compute()`` (a validated table and a JSON-able dict of what was found, e.g. ``report_to_dict``),
    or the same pair kept from an earlier call with the same ``source`` content, ``inputs`` and code.

    ``geometry`` keeps a GeoDataFrame as GeoParquet (its CRS with it). An error raised by ``compute`` (a
    file refused as a whole) is not kept: it is raised again, with its message, on every start."""
    folder = cache_dir()
    if folder is None:
        return compute()
    try:
        name = key(kind, source, inputs)
    except OSError:
        return compute()
    table_path, info_path = folder / f"{name}.parquet", folder / f"{name}.json"
    if table_path.is_file() and info_path.is_file():
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            if geometry:
                import geopandas as gpd

                return gpd.read_parquet(table_path), info
            return pd.read_parquet(table_path), info
        except Exception:  # a damaged entry is read again from the source, never shown
            pass
    frame, info = compute()
    _keep(folder, name, frame, info)
    return frame, info


def _keep(folder: Path, name: str, frame: pd.DataFrame, info: dict) -> None:
    """Write an entry: each file beside its place and renamed into it, the report last, so an entry
    without its report (which is never read) is all a crash can leave."""
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        table, report = _temporary(folder, written), _temporary(folder, written)
        frame.to_parquet(table, index=False)
        report.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        os.replace(table, folder / f"{name}.parquet")
        os.replace(report, folder / f"{name}.json")
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEPT:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".parquet").unlink(missing_ok=True)
    except Exception:  # no room or no right to write: the table was validated all the same
        for path in written:
            path.unlink(missing_ok=True)


def _temporary(folder: Path, written: list[Path]) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    os.close(handle)
    written.append(Path(name))
    return Path(name)


def issues_to_list(issues: Iterable[Issue]) -> list[dict]:
    return [asdict(issue) for issue in issues]


def issues_from_list(items: Iterable[dict]) -> list[Issue]:
    return [Issue(**item) for item in items]


def report_to_dict(report: ValidationReport) -> dict:
    """A report as JSON-able data (``report_from_dict`` gives it back equal)."""
    data = asdict(report)
    data["issues"] = issues_to_list(report.issues)
    data["rejected_rows"] = None if report.rejected_rows is None else list(report.rejected_rows)
    return data


def report_from_dict(data: dict) -> ValidationReport:
    rows = data.get("rejected_rows")
    return ValidationReport(
        file=data["file"],
        rows_read=data["rows_read"],
        rows_accepted=data["rows_accepted"],
        rows_rejected=data["rows_rejected"],
        issues=issues_from_list(data["issues"]),
        rejected_rows=None if rows is None else tuple(rows),
    )
