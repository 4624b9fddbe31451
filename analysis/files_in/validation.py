"""Validation results shared by the loaders, the CLI and the upload page.

An :class:`Issue` is one problem at one place (row as Excel shows it, column); a :class:`ValidationReport`
collects them for one file; :class:`DataError` is raised when a file cannot be used at all.

Privacy rule enforced here: messages never echo a value that holds a Swedish personal identity number or
coordination number in any spelling, also one with a wrong check digit (the rule is
:mod:`analysis.files_in.identity`). Other values are echoed only for code-like columns, where seeing the
offending code is what makes the message useful. Whatever a caller puts into an :class:`Issue`, a
:class:`ValidationReport`'s file name or a :class:`DataError`, an identity number in it is replaced by
``[personnummer borttaget]`` when the object is made, so a file, sheet or column named after a person cannot
reach a page, the command line or a log through a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from analysis.files_in import identity

ERROR: Literal["fel"] = "fel"
WARNING: Literal["varning"] = "varning"
Severity = Literal["fel", "varning"]

#: Columns whose values are codes from a fixed list: echoing a wrong code helps the user and reveals
#: nothing about a person. Free-text and id columns are never echoed.
CODE_COLUMNS: frozenset[str] = frozenset(
    {"utfall", "kon", "insats", "stadsdel_kod", "forlangning", "utfall_6m", "utfall_12m", "matt"}
)
#: Longest echoed value; longer ones are cut so a pasted paragraph cannot flood the report.
ECHO_MAX_CHARS = 30
#: How many issues a DataError's message lists before summarising the rest.
MAX_LISTED_ISSUES = 20


@dataclass(frozen=True)
class Issue:
    """One problem in a file.

    ``row`` is the row number as Excel shows it (header row = 1, first data row = 2), ``None`` for a
    problem with the whole file; ``column`` is ``None`` when the problem is not tied to one column.
    ``severity`` is ``"fel"`` (the row or file is rejected) or ``"varning"`` (kept, but worth a look).
    """

    row: int | None
    column: str | None
    message: str
    severity: Severity = ERROR

    def __post_init__(self) -> None:
        # A column header or a quoted name may hold an identity number: never let it into a report.
        object.__setattr__(self, "message", identity.redact_message(self.message))
        if self.column is not None:
            object.__setattr__(self, "column", identity.redact_message(self.column))

    def location(self, file: str) -> str:
        """``deltagare.csv rad 7, kolumn utfall`` (parts left out when unknown)."""
        text = file
        if self.row is not None:
            text += f" rad {self.row}"
        if self.column is not None:
            text += f", kolumn {self.column}"
        return text

    def format(self, file: str) -> str:
        """One report line: ``deltagare.csv rad 7, kolumn utfall: okänt utfall "jobb"; …``."""
        return f"{self.location(file)}: {self.message}"


@dataclass
class ValidationReport:
    """What happened to one file: rows read, accepted and rejected, and every issue found.

    Invariant: ``rows_read == rows_accepted + rows_rejected``; no row disappears without being counted.
    ``rejected_rows``: the Excel row numbers of the rejected rows when the loader knows them row by row
    (the participant loader), ``None`` otherwise (a whole file refused); when given, its length is
    ``rows_rejected`` and :meth:`format_text` lists the rejected rows and the rows kept with warnings.
    """

    file: str
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    issues: list[Issue] = field(default_factory=list)
    rejected_rows: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        self.file = identity.redact_message(self.file)  # a file named after a person
        if self.rows_read != self.rows_accepted + self.rows_rejected:
            raise ValueError("rows_read must equal rows_accepted + rows_rejected")
        if self.rejected_rows is not None and len(self.rejected_rows) != self.rows_rejected:
            raise ValueError("rejected_rows must list rows_rejected rows")

    @property
    def ok(self) -> bool:
        """True when there is no issue of severity ``"fel"`` (warnings are allowed)."""
        return not self.errors

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == WARNING]

    def to_frame(self) -> pd.DataFrame:
        """Issues as a table with columns ``rad, kolumn, allvarlighet, meddelande`` (for the upload page)."""
        return pd.DataFrame(
            {
                "rad": pd.array([i.row for i in self.issues], dtype="Int64"),
                "kolumn": pd.array([i.column for i in self.issues], dtype="string"),
                "allvarlighet": pd.array([i.severity for i in self.issues], dtype="string"),
                "meddelande": pd.array([i.message for i in self.issues], dtype="string"),
            }
        )

    def summary(self) -> str:
        """``deltagare.csv: 12 rader lästa, 10 godkända, 2 avvisade.`` (singular forms for 1)."""
        read = "1 rad läst" if self.rows_read == 1 else f"{self.rows_read} rader lästa"
        accepted = "godkänd" if self.rows_accepted == 1 else "godkända"
        rejected = "avvisad" if self.rows_rejected == 1 else "avvisade"
        return f"{self.file}: {read}, {self.rows_accepted} {accepted}, {self.rows_rejected} {rejected}."

    @property
    def warned_rows(self) -> tuple[int, ...]:
        """Rows kept with at least one warning (rows in ``rejected_rows`` excluded)."""
        rejected = set(self.rejected_rows or ())
        return tuple(sorted({i.row for i in self.warnings if i.row is not None and i.row not in rejected}))

    def format_text(self) -> str:
        """The report in Swedish: a summary line; when ``rejected_rows`` is known, which rows were rejected
        and which were kept with warnings only; then errors and warnings, one line per issue."""
        lines = [self.summary()]
        if self.rejected_rows is not None:
            if self.rejected_rows:
                lines.append(f"Avvisade rader (läses inte in): {row_ranges(self.rejected_rows)}.")
            if self.warned_rows:
                lines.append(f"Rader som läses in men har varningar: {row_ranges(self.warned_rows)}.")
        if not self.issues:
            lines.append("Inga fel eller varningar.")
        for title, issues in (("Fel", self.errors), ("Varningar", self.warnings)):
            if issues:
                lines.append(f"{title} ({len(issues)}):")
                lines.extend(issue.format(self.file) for issue in issues)
        return "\n".join(lines)


def row_ranges(rows: tuple[int, ...] | list[int]) -> str:
    """Row numbers compactly: ``3–7, 9, 14`` (sorted, consecutive runs of three or more joined)."""
    ordered = sorted(set(rows))
    parts: list[str] = []
    start = prev = None
    for row in [*ordered, None]:
        if start is not None and row == prev + 1:
            prev = row
            continue
        if start is not None:
            if prev - start >= 2:
                parts.append(f"{start}–{prev}")
            else:
                parts.extend(str(r) for r in range(start, prev + 1))
        start = prev = row
    return ", ".join(parts)


class DataError(Exception):
    """A file that cannot be used at all (missing columns, unreadable, invalid statistics…).

    ``str()`` is a Swedish message naming the file (and row and column where known); ``report`` holds the
    :class:`ValidationReport` behind it. Never constructed with a personal identity number in the text.
    """

    def __init__(self, message: str, report: ValidationReport | None = None):
        # Wherever the message was written, an identity number in it (a file, sheet or column name) goes.
        message = identity.redact_message(message)
        super().__init__(message)
        self.message = message
        self.report = report

    def __str__(self) -> str:
        return self.message


def file_error(file: str, message: str, rows_read: int = 0) -> DataError:
    """A DataError for a problem with the whole file (unreadable, missing column…), every row rejected."""
    report = ValidationReport(file, rows_read, 0, rows_read, [Issue(None, None, message)])
    return DataError(f"{file}: {message}", report)


def error_from_issues(file: str, issues: list[Issue], rows_read: int) -> DataError:
    """A DataError for a whole-file check: lists up to ``MAX_LISTED_ISSUES`` errors, counts the rest.

    The whole file is rejected, so every row counts as rejected in the report.
    """
    report = ValidationReport(file, rows_read, 0, rows_read, list(issues))
    errors = report.errors
    lines = [f"{file}: {len(errors)} fel; filen kan inte användas."]
    lines.extend(issue.format(file) for issue in errors[:MAX_LISTED_ISSUES])
    if len(errors) > MAX_LISTED_ISSUES:
        lines.append(f"… och {len(errors) - MAX_LISTED_ISSUES} fel till.")
    return DataError("\n".join(lines), report)


def looks_like_personnummer(value: object) -> bool:
    """True when ``value`` holds a Swedish personnummer or samordningsnummer anywhere in it, in any spelling.

    With or without century, with any separator or none, also inside the date (``1963-04-04-8215``,
    ``19660707_2615``, ``691010/7793``, ``720113.6673``, ``19780719:0298``), embedded in a longer text or id
    (``P191212121212``), and also when the check digit is wrong: a plausible date followed by four digits
    is treated as an identity number. Dates, codes, phone numbers and amounts are not (see
    :mod:`analysis.files_in.identity`, which holds the rule).
    """
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return False
    return identity.contains(value)


def personnummer_mask(values: pd.Series) -> pd.Series:
    """Boolean Series: which values look like a personal identity number (see looks_like_personnummer).

    The regex pre-filter is vectorised; only candidates are checked one by one.
    """
    return identity.contains_mask(values)


def echo(value: object, column: str | None = None) -> str | None:
    """The value quoted for a message, or ``None`` when it must not be shown.

    Only code-like columns (``CODE_COLUMNS``) are echoed when ``column`` is given; pass ``column=None`` for
    values that are not personal data (aggregate statistics). Never echoes a personal identity number;
    cuts long values to ``ECHO_MAX_CHARS``.
    """
    if column is not None and column not in CODE_COLUMNS:
        return None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    if looks_like_personnummer(text):
        return None
    if len(text) > ECHO_MAX_CHARS:
        text = text[: ECHO_MAX_CHARS - 1] + "…"
    return f'"{text}"'
