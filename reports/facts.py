"""What the board report's title page and the title slide say about the data: which years it covers, how
recent it is, and whether it is demo data. Pure functions of a loaded data set; no streamlit, no files."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

import texts
from analysis.files_in.dataset import Dataset


def statistics_span(data: Dataset) -> str:
    """The statistics' years, ``2016–2025``."""
    return texts.period_span(data.years)


def participant_span(data: Dataset) -> str | None:
    """The years of the participant register (start and end dates), or None when it is empty."""
    years = _register_dates(data).dt.year
    return texts.period_span(years) if len(years) else None


def latest_date(data: Dataset) -> tuple[str, bool]:
    """How recent the data are: the latest start or end date in the participant register as ``YYYY-MM-DD``
    and True, or, without participants, the statistics' latest year and False."""
    dates = _register_dates(data)
    if len(dates):
        return dates.max().date().isoformat(), True
    return str(max(data.years)), False


def data_date(data: Dataset) -> str:
    """``latest_date`` in words for the title page ("2025-12-28 (senaste start- eller slutdatum …)")."""
    date, from_register = latest_date(data)
    return texts.board_data_date(date, from_register=from_register)


def data_period(data: Dataset) -> str:
    return texts.board_period(statistics_span(data), participant_span(data))


def demo_notice(data: Dataset) -> str | None:
    """The pages' demo notice (Markdown bold) while demo data are in use, else None."""
    if not data.fiktiv:
        return None
    return texts.demo_notice(
        imported="deltagare" in data.imported, schematic=bool(data.meta.get("geometri_schematisk"))
    )


def file_stem(name: str) -> str:
    """A municipality's name as an ASCII file-name stem: ``Örebro`` → ``orebro``, ``Upplands Väsby`` →
    ``upplands_vasby``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "kommun"


def plain(markdown: str) -> str:
    """A text of the catalogue without its Markdown bold (``**Demodata.**`` → ``Demodata.``)."""
    return markdown.replace("**", "")


def _register_dates(data: Dataset) -> pd.Series:
    participants = data.participants
    columns = [participants[c] for c in ("startdatum", "slutdatum") if c in participants]
    if not columns or participants.empty:
        return pd.Series([], dtype="datetime64[ns]")
    return pd.to_datetime(pd.concat(columns, ignore_index=True), errors="coerce").dropna()
