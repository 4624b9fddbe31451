"""Key figures for one municipality and year: the numbers the Översikt page leads with."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import disclosure
from analysis.frames import year_of
from analysis.settings import DEFAULT_MIN_N
from analysis.stats import rates
from analysis.stats.change import proportion_change


@dataclass(frozen=True)
class KeyFigures:
    """Published figures (`analysis.disclosure`): counts rounded to the nearest 5 and None when
    0 < count < min_n; rates from the rounded counts, None when n, the numerator or its complement is
    small."""

    year: int
    enrolled: int | None
    finished: int | None
    positive: int | None
    ongoing: int | None
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    previous_rate: float | None
    change: float | None
    #: 95 % Newcombe interval of ``change`` and its reading (``analysis.stats.change.reading``).
    change_low: float | None = None
    change_high: float | None = None
    change_reading: str | None = None
    #: Enrolments started in ``year`` minus those started the year before; None unless both are shown.
    enrolled_change: int | None = None


def _masked(value: int, min_n: int) -> int | None:
    return disclosure.publish_count(value, min_n)


def key_figures(participants: pd.DataFrame, year: int, min_n: int = DEFAULT_MIN_N) -> KeyFigures:
    """Enrolments started in ``year``, enrolments finished in ``year`` and how many of those reached work,
    internship or studies, the outcome rate with its 95 % Wilson interval, and the change from the
    previous year (a difference of two proportions, 0–1) with its 95 % Newcombe interval and reading
    ("up", "down" or "chance": see ``analysis.stats.change``).

    The outcome rate's denominator is the enrolments finished in ``year``; enrolments still running on 31
    December of ``year`` are counted apart (``ongoing``), never in the denominator.
    Every count is published by `analysis.disclosure` (rounded to the nearest 5; None under ``min_n``) and
    every rate is computed from published counts (None when n, the numerator or its complement is small).
    The change is None unless both years' rates are shown. ``enrolled_change`` is this year's published
    enrolments minus last year's, a difference of two full counts of the register (no interval: nothing is
    sampled, and a multiple of 5), None unless both counts are shown.
    """
    started = year_of(participants["startdatum"]) == year
    finished = rates.is_finished(participants) & (year_of(participants["slutdatum"]) == year)
    # Running on 31 December of the year: started by then and not finished by then (the same definition
    # as analysis.stats.programmes.programme_funnel, so the two pages agree).
    start_year = year_of(participants["startdatum"])
    end_year = year_of(participants["slutdatum"])
    ongoing = (start_year <= year) & (~rates.is_finished(participants) | (end_year > year))
    positive = finished & rates.is_positive(participants)

    by_year = rates.outcome_rates(participants, ["ar"], min_n).set_index("ar")

    def rate_of(y: int) -> pd.Series | None:
        if y not in by_year.index or bool(by_year.loc[y, "suppressed"]):
            return None
        return by_year.loc[y]

    this, previous = rate_of(year), rate_of(year - 1)
    enrolled = _masked(int(started.fillna(False).sum()), min_n)
    start_years = year_of(participants["startdatum"])
    # A year before the register's first enrolment is no comparison (its 0 means "not recorded yet").
    recorded_before = bool((start_years <= year - 1).fillna(False).any())
    enrolled_before = _masked(int((start_years == year - 1).fillna(False).sum()), min_n) if recorded_before else None
    change = (None, None, None, None)
    if this is not None and previous is not None:
        change = proportion_change(this["positive"], this["n"], previous["positive"], previous["n"])
    return KeyFigures(
        year=year,
        enrolled=enrolled,
        finished=_masked(int(finished.fillna(False).sum()), min_n),
        positive=_masked(int(positive.fillna(False).sum()), min_n),
        ongoing=_masked(int(ongoing.fillna(False).sum()), min_n),
        rate=None if this is None else float(this["rate"]),
        ci_low=None if this is None else float(this["ci_low"]),
        ci_high=None if this is None else float(this["ci_high"]),
        n=None if this is None else int(this["n"]),
        previous_rate=None if previous is None else float(previous["rate"]),
        change=change[0],
        change_low=change[1],
        change_high=change[2],
        change_reading=change[3],
        enrolled_change=None if enrolled is None or enrolled_before is None else enrolled - enrolled_before,
    )
