"""A district's profile: its indicators over time beside the municipality, its area-type history and the
programmes' results there. One function per table the profile shows; no figures, no Streamlit."""

from __future__ import annotations

import pandas as pd

from analysis.settings import DEFAULT_MIN_N
from analysis.stats import districts, rates

MUNICIPALITY = "kommun"


def indicator_series(statistics: pd.DataFrame, code: str, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Every register share of district ``code`` per year beside the municipality's, in long format:
    ``ar, indikator, omrade ("<code>" or "kommun"), andel, ci_low, ci_high, namnare``.

    Same contract as ``districts.district_indicators`` (95 % Wilson interval, denominators under
    ``min_n`` hidden); the municipality pools the counts of all districts (``districts.municipal_totals``).
    """
    own = districts.district_indicators(statistics[statistics["stadsdel_kod"] == code], min_n)
    totals = districts.municipal_totals(statistics).assign(stadsdel_kod=MUNICIPALITY)
    municipal = districts.district_indicators(totals, min_n)
    frame = pd.concat([own, municipal], ignore_index=True).rename(columns={"stadsdel_kod": "omrade"})
    return frame[["ar", "indikator", "omrade", "andel", "ci_low", "ci_high", "namnare"]].sort_values(
        ["indikator", "omrade", "ar"], kind="stable", ignore_index=True
    )


def area_type_history(statistics: pd.DataFrame, code: str, mean: float, sd: float) -> pd.DataFrame:
    """The district's area type per year (``ar, omradestyp, omradestyp_kalla, index``): SCB's published
    type where there is one, else computed with SCB's method from the national ``mean`` and ``sd``."""
    types = districts.area_types(statistics[statistics["stadsdel_kod"] == code], mean, sd)
    return types[["ar", "omradestyp", "omradestyp_kalla", "index"]].sort_values("ar", ignore_index=True)


def programme_results(participants: pd.DataFrame, code: str, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """The programmes' outcomes among enrolments from district ``code``, all years together, as
    ``rates.outcome_rates`` by ``insats`` (finished enrolments; fewer than ``min_n`` hidden)."""
    return rates.outcome_rates(participants[participants["stadsdel_kod"] == code], ["insats"], min_n)
