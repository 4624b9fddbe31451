"""Small-number suppression of SCB's population sums: primary and one-dimensional complementary suppression.

Figures about participants are published through `analysis.disclosure` (rounding to the nearest 5, which
protects across tables and pages); this module is left for the sums of SCB's own district populations per
area type (`analysis.stats.districts.area_type_distribution`), parts of a municipal total SCB publishes.
A count of 1 … min_n−1 people is hidden (NA); 0 is shown; where exactly one part of a shown total is
hidden, a second part is hidden too (`complementary_suppression`). The threshold is a setting
(``settings.DEFAULT_MIN_N`` = 5, environment ``STADSDEL_MIN_N``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.settings import DEFAULT_MIN_N


def _as_int_series(values) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    series = series.astype("Int64")  # raises TypeError on non-integral floats
    if bool((series < 0).fillna(False).any()):
        raise ValueError("antal kan inte vara negativa")
    return series


def mask_counts(values, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """Counts with every value in 1 … ``min_n``−1 replaced by NA.

    Parameters
    ----------
    values : array-like or Series of non-negative integers (NA allowed)
        Counts of people. A Series keeps its index and name.
    min_n : int, default 5
        Smallest count that may be shown.

    Returns
    -------
    Series of dtype Int64
        0 stays 0, counts ≥ ``min_n`` are unchanged, 0 < count < ``min_n`` becomes NA, NA stays NA.

    Raises
    ------
    ValueError
        If a count is negative.
    TypeError
        If a value is not integral (for example 2.5).
    """
    series = _as_int_series(values)
    small = ((series > 0) & (series < min_n)).fillna(False).astype(bool)
    return series.mask(small)


def complementary_suppression(values, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """Parts of one shown total, with small parts hidden and, if needed, one more part hidden.

    Parameters
    ----------
    values : array-like or Series of non-negative integers
        The parts of a single total that is itself shown (for example the outcome counts of one
        programme, or the districts of one year). NA means "already hidden".
    min_n : int, default 5
        Smallest count that may be shown.

    Returns
    -------
    Series of dtype Int64
        Primary suppression as in `mask_counts`. If that leaves exactly one hidden part, the total minus the
        shown parts would give it away, so the smallest other non-zero part is hidden as well (secondary,
        complementary suppression). If there is no non-zero part left to hide, nothing more is hidden: the
        total then equals the small part itself and must not be shown (`mask_counts` on the total).

    Notes
    -----
    One-dimensional: it protects one total against its own parts. Tables with both row and column totals
    need the rule applied along both directions.
    """
    series = _as_int_series(values)
    masked = mask_counts(series, min_n)
    hidden = masked.isna().to_numpy(dtype=bool)
    if hidden.sum() != 1:
        return masked
    candidates = series.where(~hidden & (series > 0).fillna(False).to_numpy(dtype=bool))
    if candidates.notna().sum() == 0:
        return masked
    positions = np.flatnonzero(candidates.notna().to_numpy(dtype=bool))
    smallest = positions[np.argmin(candidates.to_numpy(dtype=float, na_value=np.inf)[positions])]
    masked.iloc[smallest] = pd.NA
    return masked
