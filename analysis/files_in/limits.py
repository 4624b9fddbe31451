"""How large a file may be before it is read: limits that keep a hostile or careless upload from taking the
server's memory and time from every other user.

Each limit has a default here and an environment variable that overrides it (absent, non-numeric, zero or
negative values fall back to the default):

=================================  ==========  ====================================================================
``STADSDEL_MAX_UPLOAD_MB``         50          size of the file itself (the Data page also sets Streamlit's
                                               ``server.maxUploadSize`` to it)
``STADSDEL_MAX_XLSX_UNPACKED_MB``  300         an XLSX's parts unpacked, summed over the zip directory, checked
                                               before anything is unpacked
``STADSDEL_MAX_XLSX_MEMBERS``      200         parts in an XLSX (a workbook has a dozen or two)
``STADSDEL_MAX_XLSX_RATIO``        500         how many times larger than packed one part may become (a normal
                                               worksheet packs 10–20 times, a zip bomb about 1 000 times); parts
                                               under 1 MB unpacked are not checked
``STADSDEL_MAX_ROWS``              300 000     rows of the sheet or CSV, header and title rows included
``STADSDEL_MAX_COLUMNS``           300         columns with content (empty formatted cells further right do not
                                               count); at most 16 384, Excel's own limit
``STADSDEL_MAX_CELLS``             10 000 000  cells: in an XLSX every cell the sheet stores, also an empty one
                                               with formatting; in a CSV every field up to the last filled one
                                               of its row
=================================  ==========  ====================================================================

A 100 000-row participant file of 13 columns (1.3 million cells, about 4 MB as XLSX and 9 MB as CSV) stays
well inside every limit. The cell limit is what bounds memory: reading keeps every cell as text, about
100 bytes each, so 10 million cells is roughly a gigabyte at the peak.

Pure Python, no Streamlit; the limits are read where a file is read (never cached at import), so a changed
environment takes effect on the next file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

#: Excel's own column limit (XFD); also what keeps column letters computable.
EXCEL_MAX_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    """The limits one file is read under (see the module docstring for what each counts)."""

    upload_mb: int = 50
    xlsx_unpacked_mb: int = 300
    xlsx_members: int = 200
    xlsx_ratio: int = 500
    rows: int = 300_000
    columns: int = 300
    cells: int = 10_000_000

    @property
    def upload_bytes(self) -> int:
        """``upload_mb`` in bytes (1 MB = 1 048 576 bytes, as Streamlit counts ``maxUploadSize``)."""
        return self.upload_mb * 1024 * 1024

    @property
    def xlsx_unpacked_bytes(self) -> int:
        """``xlsx_unpacked_mb`` in bytes."""
        return self.xlsx_unpacked_mb * 1024 * 1024


#: Field of :class:`Limits` → the environment variable that overrides it.
ENVIRONMENT: dict[str, str] = {
    "upload_mb": "STADSDEL_MAX_UPLOAD_MB",
    "xlsx_unpacked_mb": "STADSDEL_MAX_XLSX_UNPACKED_MB",
    "xlsx_members": "STADSDEL_MAX_XLSX_MEMBERS",
    "xlsx_ratio": "STADSDEL_MAX_XLSX_RATIO",
    "rows": "STADSDEL_MAX_ROWS",
    "columns": "STADSDEL_MAX_COLUMNS",
    "cells": "STADSDEL_MAX_CELLS",
}


def from_environment(env: Mapping[str, str] | None = None) -> Limits:
    """The limits from ``env`` (default ``os.environ``): each ``STADSDEL_MAX_*`` variable that holds a
    positive whole number replaces its default; anything else keeps the default. ``columns`` is capped at
    :data:`EXCEL_MAX_COLUMNS`."""
    env = os.environ if env is None else env
    defaults = Limits()
    values: dict[str, int] = {}
    for item in fields(Limits):
        default = getattr(defaults, item.name)
        try:
            value = int(str(env[ENVIRONMENT[item.name]]).strip().replace("_", "").replace(" ", ""))
        except (KeyError, ValueError):
            value = default
        values[item.name] = value if value > 0 else default
    values["columns"] = min(values["columns"], EXCEL_MAX_COLUMNS)
    return Limits(**values)


def number(value: int) -> str:
    """A whole number the Swedish way, with a space between thousands: ``300 000``."""
    return f"{value:,}".replace(",", " ")


def setting(name: str) -> str:
    """``inställningen STADSDEL_MAX_ROWS``: how a refusal names the setting behind a limit (a field name)."""
    return f"inställningen {ENVIRONMENT[name]}"
