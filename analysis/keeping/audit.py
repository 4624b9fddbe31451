"""Who may do what, and a record of what was done: actors, roles and the store's audit log.

Roles (issue 13):

* ``läsare`` (:data:`ROLE_READER`) sees aggregates only: the pages, and on the Data page what is loaded,
  its sources and the settings;
* ``dataansvarig`` (:data:`ROLE_STEWARD`) may also upload files, read their validation reports, save
  column mappings, switch the active version and read (and export) this log.

An :class:`Actor` is whoever acts: its ``name`` comes from the identity provider, the secrets file or the
operating system (the command line), never from a text field on a page. :meth:`Actor.may` answers for an
action; the store (:meth:`analysis.keeping.store.Store.save` / ``activate``) asks again itself, so a
refused action stays refused whichever way it is requested.

The audit log: ``<store root>/granskningslogg.jsonl``, one JSON object per line, appended to and never
rewritten::

    {"n": 7, "when": "2025-03-01T10:15:00+00:00", "who": "anna@bolag.se", "role": "dataansvarig",
     "method": "oidc", "action": "import", "what": "1283 deltagare: version 0002-…, fil x.xlsx, 118 rader",
     "outcome": "ok", "detail": "", "prev": "<SHA-256 of line 6>"}

Each line carries the SHA-256 of the line before it (``prev``; 64 zeros on the first), so editing or
removing a line breaks the chain at the line after it, and :meth:`AuditLog.verify` names where. Removing
lines at the *end* leaves no line after them to break, so a small head file beside the log,
``granskningslogg.huvud.json``, records how many lines there are and the hash of the last; it is replaced
after every append. (Someone who can rewrite the whole file and the head file can rewrite history: keep
copies of the log off the machine, see the README's "Drift".) Appends hold an exclusive OS lock
(``granskningslogg.lock``) and are fsynced, so two processes never interleave their lines and a line
recorded is on disk.

Actions (:data:`ACTIONS`): ``inloggning``, ``utloggning``, ``import``, ``byte_av_version``,
``kolumnmappning``, ``granskning`` (reading or exporting this log). A refused action is recorded under
its own action with outcome ``nekad``; a failed one with ``fel``. Outcomes: :data:`OUTCOMES`.

No identity number is ever written: every text recorded goes through
:func:`analysis.files_in.privacy.redact` first, and an unknown user name typed at sign-in is recorded as
:data:`UNKNOWN_USER`, never as typed (it might be a personnummer or a password).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.files_in.privacy import redact
from analysis.files_in.validation import DataError

ROLE_READER = "läsare"
ROLE_STEWARD = "dataansvarig"
ROLES = (ROLE_READER, ROLE_STEWARD)

METHOD_OIDC = "oidc"
METHOD_PASSWORD = "losenord"
METHOD_OPEN = "oppen"
METHOD_CLI = "cli"
METHODS = (METHOD_OIDC, METHOD_PASSWORD, METHOD_OPEN, METHOD_CLI)

SIGN_IN = "inloggning"
SIGN_OUT = "utloggning"
IMPORT = "import"
SWITCH = "byte_av_version"
MAPPING = "kolumnmappning"
AUDIT = "granskning"
#: A store restored from a backup (``python -m analysis aterstall``), recorded in the restored log.
RESTORE = "aterstallning"
#: Recorded for a refused action in the spec's first vocabulary; refusals are recorded under the action
#: refused, with outcome :data:`REFUSED` (kept so callers may name it).
REFUSED_ACTION = "nekad"
ACTIONS = (SIGN_IN, SIGN_OUT, IMPORT, SWITCH, MAPPING, AUDIT, RESTORE)
#: What everyone signed in may do; anything else needs a data steward.
OPEN_ACTIONS = frozenset({SIGN_IN, SIGN_OUT})
STEWARD_ACTIONS = frozenset({IMPORT, SWITCH, MAPPING, AUDIT, RESTORE})

OK = "ok"
REFUSED = "nekad"
FAILED = "fel"
OUTCOMES = (OK, REFUSED, FAILED)

#: Who a failed sign-in with an unknown user name is recorded as (and throttled under, as one bucket).
UNKNOWN_USER = "okänt användarnamn"
#: Who is recorded when no actor is known at all.
NOBODY = "(okänd)"

LOG_FILE = "granskningslogg.jsonl"
HEAD_FILE = "granskningslogg.huvud.json"
LOCK_FILE = "granskningslogg.lock"
_GENESIS = "0" * 64
#: Longest text kept per field; a longer one is cut (a file name cannot grow the log without bound).
MAX_FIELD_CHARS = 500
#: How long an append waits for another process's append before giving up.
LOCK_TIMEOUT_S = 10.0
#: Columns of :meth:`AuditLog.entries`, in order.
COLUMNS = ("n", "when", "who", "role", "method", "action", "what", "outcome", "detail")
_ACTION_LABELS = {
    SIGN_IN: "inloggningen",
    SIGN_OUT: "utloggningen",
    IMPORT: "importen",
    SWITCH: "versionsbytet",
    MAPPING: "att spara kolumnmappningen",
    AUDIT: "granskningsloggen",
}


@dataclass(frozen=True)
class Actor:
    """Whoever acts: ``name`` (e-mail or user name from the identity provider, the secrets file, or the
    operating system; never typed into a page), ``role`` (:data:`ROLE_READER` or :data:`ROLE_STEWARD`) and
    ``method`` (how the name was established: ``oidc``, ``losenord``, ``oppen`` for the unconfigured demo,
    ``cli``)."""

    name: str
    role: str
    method: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("an actor needs a name")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; one of {', '.join(ROLES)}")
        if self.method not in METHODS:
            raise ValueError(f"unknown sign-in method {self.method!r}; one of {', '.join(METHODS)}")

    @property
    def steward(self) -> bool:
        """Whether the actor is a data steward."""
        return self.role == ROLE_STEWARD

    def may(self, action: str) -> bool:
        """Whether the actor may do ``action`` (one of :data:`ACTIONS`); an unknown action is never allowed."""
        if action in OPEN_ACTIONS:
            return True
        return self.steward and action in STEWARD_ACTIONS


def cli_actor() -> Actor:
    """The command line's actor: the operating system's user name, a data steward (whoever can reach the
    store's files can change them anyway, so the log names them rather than pretending to stop them)."""
    import getpass

    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        name = ""
    return Actor(name=name.strip() or "(okänd användare)", role=ROLE_STEWARD, method=METHOD_CLI)


class Refused(DataError):
    """An action the actor may not do; it was refused and recorded. ``str()`` is a Swedish message."""


class AuditError(DataError):
    """The audit log cannot be written or read; ``str()`` is a Swedish message."""


def refusal_message(actor: Actor | None, action: str) -> str:
    """The Swedish message of a refused ``action``."""
    what = _ACTION_LABELS.get(action, action)
    role = actor.role if actor is not None else "okänd"
    return (
        f"Nekad: du är inloggad som {role}, och {what} kräver rollen {ROLE_STEWARD}. Inget ändrades, och "
        "försöket har skrivits i granskningsloggen."
    )


def describe(
    kommun: str,
    kind: str,
    *,
    file_name: str | None = None,
    version: str | None = None,
    to_version: str | None = None,
    rows: int | None = None,
    columns: int | None = None,
) -> str:
    """What an entry is about, the same way everywhere: ``1283 deltagare: version 0002-…, fil x.xlsx, 118
    rader`` (only the parts given)."""
    parts = []
    if version is not None:
        parts.append(f"version {version}")
    if to_version is not None:
        parts.append(f"till version {to_version}")
    if file_name is not None:
        parts.append(f"fil {file_name}")
    if rows is not None:
        parts.append(f"{rows} rader")
    if columns is not None:
        parts.append(f"{columns} kolumner")
    return f"{kommun} {kind}" + (f": {', '.join(parts)}" if parts else "")


def _clean(value: object) -> str:
    """A value as it may be recorded: text, identity numbers removed, no line breaks, bounded length."""
    text = redact("" if value is None else value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class AuditLog:
    """The append-only, hash-chained audit log of a store (see the module docstring).

    ``root``: the store's folder (``Store.root``); the log is ``<root>/granskningslogg.jsonl``.
    """

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root).expanduser()
        self.path = self.root / LOG_FILE
        self.head_path = self.root / HEAD_FILE

    def __repr__(self) -> str:
        return f"AuditLog({str(self.root)!r})"

    # ------------------------------------------------------------------------- writing

    def record(self, actor: Actor | None, action: str, what: str, outcome: str, detail: str = "") -> None:
        """Append one entry: who (``actor``'s name, role and method; :data:`NOBODY` when None), now (UTC),
        ``action``, ``what``, ``outcome`` (one of :data:`OUTCOMES`) and ``detail``. Every text is redacted
        (no identity number) and cut to :data:`MAX_FIELD_CHARS`. Raises :class:`AuditError` (Swedish) when
        the log cannot be written; ValueError for an unknown outcome."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}; one of {', '.join(OUTCOMES)}")
        entry = {
            "when": _now().isoformat(),
            "who": _clean(actor.name) if actor is not None else NOBODY,
            "role": actor.role if actor is not None else "",
            "method": actor.method if actor is not None else "",
            "action": _clean(action),
            "what": _clean(what),
            "outcome": outcome,
            "detail": _clean(detail),
        }
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with self._locked():
                last, count = self._last_line()
                entry = {"n": count + 1, **entry, "prev": _line_hash(last) if last is not None else _GENESIS}
                line = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
                with open(self.path, "ab") as fh:
                    if fh.tell() and not self._ends_with_newline():
                        fh.write(b"\n")  # a line cut short by a crash stays visible to verify(), not glued on
                    fh.write(line + b"\n")
                    fh.flush()
                    os.fsync(fh.fileno())
                self._write_head(count + 1, _line_hash(line))
        except OSError as exc:
            raise AuditError(
                f"Granskningsloggen {self.path} kunde inte skrivas ({exc.__class__.__name__}). Kontrollera att "
                "datalagrets mapp finns och är skrivbar."
            ) from exc

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the log's lock; waits for another writer up to LOCK_TIMEOUT_S (appends take milliseconds)."""
        from analysis.keeping import store  # imported here: the store records into this log

        fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT_S
            while True:
                try:
                    store._lock(fd)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise AuditError(
                            "Granskningsloggen är upptagen av en annan process för länge; inget skrevs. Försök igen."
                        ) from None
                    time.sleep(0.01)
            try:
                yield
            finally:
                store._unlock(fd)
        finally:
            os.close(fd)

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def _last_line(self) -> tuple[bytes | None, int]:
        """The last complete line (without its newline) and its number, read from the end of the file."""
        if not self.path.exists():
            return None, 0
        with open(self.path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            end = fh.tell()
            block, data = 8192, b""
            position = end
            while position > 0:
                step = min(block, position)
                position -= step
                fh.seek(position)
                data = fh.read(step) + data
                stripped = data.rstrip(b"\n")
                if b"\n" in stripped or position == 0:
                    break
        lines = data.rstrip(b"\n").split(b"\n")
        last = lines[-1] if lines and lines[-1] else None
        if last is None:
            return None, 0
        try:
            number = int(json.loads(last)["n"])
        except (ValueError, KeyError, TypeError):
            # A damaged last line: keep counting past it (verify() reports it); its place is the line count.
            with open(self.path, "rb") as fh:
                number = sum(1 for _ in fh)
        return last, number

    def _write_head(self, count: int, last_hash: str) -> None:
        tmp = self.root / f".{HEAD_FILE}.{uuid.uuid4().hex}.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"rader": count, "sista": last_hash}, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.head_path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    # ------------------------------------------------------------------------- reading

    def _raw_lines(self) -> list[bytes]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise AuditError(f"Granskningsloggen {self.path} kan inte läsas ({exc.__class__.__name__}).") from exc
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        return lines

    def entries(self) -> pd.DataFrame:
        """Every readable entry in the order recorded (oldest first): ``n``, ``when`` (UTC ISO text),
        ``who``, ``role``, ``method``, ``action``, ``what``, ``outcome``, ``detail``. Lines that cannot be
        read are left out here and reported by :meth:`verify`."""
        rows = []
        for line in self._raw_lines():
            try:
                entry = json.loads(line)
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(entry, dict):
                rows.append({column: entry.get(column) for column in COLUMNS})
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame["n"] = pd.array(frame["n"], dtype="Int64")
        for column in COLUMNS[1:]:
            frame[column] = frame[column].astype("string")
        return frame

    def recent(self, max_bytes: int = 1_000_000) -> list[dict]:
        """The entries in the last ``max_bytes`` of the log, oldest first (for the sign-in delay, which
        looks 15 minutes back and must not read years of log on every attempt)."""
        try:
            with open(self.path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - max_bytes))
                data = fh.read()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise AuditError(f"Granskningsloggen {self.path} kan inte läsas ({exc.__class__.__name__}).") from exc
        lines = data.split(b"\n")
        if size > max_bytes:
            lines = lines[1:]  # the first is probably cut
        found = []
        for line in lines:
            with contextlib.suppress(ValueError, UnicodeDecodeError):
                entry = json.loads(line)
                if isinstance(entry, dict):
                    found.append(entry)
        return found

    def verify(self) -> list[str]:
        """Problems found in the chain, in Swedish (empty: every line is intact and none is missing).

        Checks that every line is a JSON entry, that its ``prev`` is the SHA-256 of the line before, that
        the numbers run 1, 2, 3 …, and that the log still holds the lines the head file counted (lines
        removed at the end)."""
        problems: list[str] = []
        lines = self._raw_lines()
        previous = _GENESIS
        expected = 1
        hashes: list[str] = []
        for place, line in enumerate(lines, start=1):
            digest = _line_hash(line)
            hashes.append(digest)
            try:
                entry = json.loads(line)
                if not isinstance(entry, dict):
                    raise ValueError
            except (ValueError, UnicodeDecodeError):
                problems.append(f"rad {place}: kan inte läsas (inte en giltig post); den har ändrats eller skadats")
                previous, expected = digest, expected + 1
                continue
            if entry.get("prev") != previous:
                problems.append(
                    f"rad {place}: kedjan bryts – raden före har ändrats eller tagits bort, eller den här raden har "
                    "ändrats"
                )
            number = entry.get("n")
            if number != expected:
                problems.append(
                    f"rad {place}: har nummer {number} men borde ha {expected} (rader saknas eller har lagts till)"
                )
                if isinstance(number, int):
                    expected = number
            previous, expected = digest, expected + 1
        head = self._read_head(problems, bool(lines))
        if head is not None:
            count, last = head
            if count > len(lines):
                problems.append(
                    f"kontrollfilen säger {count} rader men loggen har {len(lines)}: rader i slutet har tagits bort"
                )
            elif count >= 1 and hashes[count - 1] != last:
                problems.append(f"rad {count}: stämmer inte med kontrollfilen; raden har ändrats")
        return problems

    def _read_head(self, problems: list[str], has_lines: bool) -> tuple[int, str] | None:
        try:
            head = json.loads(self.head_path.read_text(encoding="utf-8"))
            count, last = int(head["rader"]), str(head["sista"])
        except FileNotFoundError:
            if has_lines:
                problems.append(
                    f"kontrollfilen {self.head_path.name} saknas; det går inte att se om rader i slutet tagits bort"
                )
            return None
        except (OSError, ValueError, KeyError, TypeError):
            problems.append(f"kontrollfilen {self.head_path.name} kan inte läsas; den har ändrats eller skadats")
            return None
        return count, last


def recent_failures(log: AuditLog, who: str, *, now: dt.datetime | None = None, window_s: int = 15 * 60) -> int:
    """Consecutive failed sign-ins (``inloggning`` with outcome ``nekad``) recorded for ``who`` within the
    last ``window_s`` seconds, counted back from the newest until a successful one."""
    now = now or _now()
    since = now - dt.timedelta(seconds=window_s)
    count = 0
    for entry in reversed(log.recent()):
        if entry.get("action") != SIGN_IN or entry.get("who") != who:
            continue
        try:
            when = dt.datetime.fromisoformat(str(entry.get("when")))
        except ValueError:
            continue
        if when < since:
            break
        if entry.get("outcome") == OK:
            break
        if entry.get("outcome") == REFUSED:
            count += 1
    return count


def sign_in_delay(failures: int, *, cap_s: float = 30.0) -> float:
    """Seconds to wait before the next sign-in attempt after ``failures`` consecutive failures: none after
    none, then 1, 2, 4, 8 … (2^(n-1)), at most ``cap_s``."""
    if failures <= 0:
        return 0.0
    return float(min(cap_s, 2 ** min(failures - 1, 16)))


# ----------------------------------------------------------------------------- passwords

#: Shortest password ``hash_password`` accepts.
MIN_PASSWORD_CHARS = 12
#: A password must take at least 10**MIN_PASSWORD_GUESSES_LOG10 guesses by zxcvbn's estimate: with argon2id
#: and the growing delay an attacker on the network gets a few thousand tries a day at most.
MIN_PASSWORD_GUESSES_LOG10 = 10
#: An argon2id hash (PasswordHasher's defaults) of a random password nobody knows: an unknown user name is
#: checked against it, so a wrong name takes as long as a wrong password and timing tells no user names.
DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$mxrAd+ArT7zR991PmDzuFg$4j0w7GbVIwFexpJf/WnKffsXHy6jVeH+ZVzqHBR6anQ"


def check_password_strength(password: str) -> None:
    """Raise :class:`DataError` (Swedish, never quoting the password) for a password too short or too easy
    to guess (zxcvbn, as for the pseudonym key)."""
    from analysis.files_in.keys import key_strength

    if len(password) < MIN_PASSWORD_CHARS:
        raise DataError(f"Lösenordet är för kort: minst {MIN_PASSWORD_CHARS} tecken krävs. Inget skrevs ut.")
    strength = key_strength(password)
    if strength.guesses_log10 < MIN_PASSWORD_GUESSES_LOG10:
        raise DataError(
            "Lösenordet är för lätt att gissa"
            + (f" ({'; '.join(strength.reasons())})" if strength.reasons() else "")
            + ". Välj ett längre, t.ex. fyra slumpade ord. Inget skrevs ut."
        )


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (argon2-cffi's PasswordHasher: a random salt per hash, its
    recommended cost), for ``losenord_hash`` in secrets.toml. Checks strength first."""
    from argon2 import PasswordHasher

    check_password_strength(password)
    return PasswordHasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (argon2-cffi compares in constant time). ``None`` (an
    unknown user) is checked against :data:`DUMMY_HASH` and is always False, taking the same time. A
    malformed hash is False too."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        PasswordHasher().verify(password_hash or DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def neutralise(value: object) -> object:
    """A cell of a CSV export that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR)
    prefixed with ``'``: user names and file names in the log come from outside. (reports.exports does the
    same for the dashboard's downloads; analysis/ does not import reports.)"""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """The log (``entries()``) as CSV for Swedish Excel: semicolons, UTF-8 with BOM, formulas neutralised."""
    safe = frame.astype(object).where(frame.notna(), "").map(neutralise)
    return safe.to_csv(index=False, sep=";", lineterminator="\r\n").encode("utf-8-sig")
