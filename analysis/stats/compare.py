"""Differences between districts, and between a district and its municipality, with 95 % intervals.

Statistical contract shared by every function here:

* Estimand: a difference of two proportions (shares or outcome rates in 0–1), p₁ − p₂, in proportion
  units (0.031 = 3.1 percentage points). Only share and rate measures (``Measure.is_share``) are compared
  this way; an index, an income or an area type is not a proportion of people.
* Interval: Newcombe's (1998) hybrid score interval ("method 10"), built from the two Wilson (1927) score
  intervals of `analysis.stats.rates.wilson_interval`. It keeps its coverage near 95 % for small n and for
  proportions near 0 or 1, where the textbook Wald interval p₁ − p₂ ± z·SE is too narrow or overshoots
  [−1, 1]. It assumes the two samples are independent.
* Counts: the frames of `analysis.stats.measures.district_values` hold proportions and their denominators n;
  the numerators are recovered as x = round(value × n), which is exact for proportions computed from
  whole counts.
* Small numbers: a value that rests on fewer than ``min_n`` people is already hidden (NA value and n,
  status "suppressed") and nothing here is computed from it; the row stays, with NA numbers, so the UI
  can name it. Missing values (status "missing") are treated alike.

References
----------
Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions:
comparison of eleven methods. Statistics in Medicine 17, 873–890.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. Journal of the
American Statistical Association 22(158), 209–212.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from analysis.frames import as_float_array, check_min_n, require_columns
from analysis.settings import Z95
from analysis.stats.rates import wilson_interval

#: Columns of `difference_from_municipality`.
MUNICIPAL_COLUMNS: tuple[str, ...] = ("stadsdel_kod", "difference", "ci_low", "ci_high", "n", "status", "clear")
#: Columns of `pairwise_differences`.
PAIR_COLUMNS: tuple[str, ...] = ("stadsdel_a", "stadsdel_b", "difference", "ci_low", "ci_high", "clear", "status")

_VALUE_COLUMNS = ("stadsdel_kod", "value", "n", "status")
_OK, _SUPPRESSED, _MISSING = "ok", "suppressed", "missing"


# --------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------
def _clear(low, high) -> pd.array:
    """True where the interval [low, high] excludes 0, False where it contains 0, NA where it is unknown."""
    low = as_float_array(low)
    high = as_float_array(high)
    known = ~(np.isnan(low) | np.isnan(high))
    flags = pd.array(np.where(known, (low > 0) | (high < 0), False), dtype="boolean")
    flags[~known] = pd.NA
    return flags


def _statuses(values: pd.DataFrame) -> np.ndarray:
    """The ``status`` column as an object array, a missing status read as "missing"."""
    status = values["status"].astype(object).to_numpy().copy()
    status[pd.isna(status)] = _MISSING
    return status


def _counts(values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Numerators round(value × n) and denominators n as float arrays (NaN where either is NA)."""
    p = as_float_array(values["value"])
    n = as_float_array(values["n"])
    return np.round(p * n), n


def _usable(values: pd.DataFrame, min_n: int) -> np.ndarray:
    """Rows that may be compared: status "ok", value and n known, and n ≥ ``min_n`` (a guard: hidden rows
    already have NA numbers, but an "ok" row resting on too few people is never used either)."""
    p = as_float_array(values["value"])
    n = as_float_array(values["n"])
    ok = _statuses(values) == _OK
    known = ~(np.isnan(p) | np.isnan(n))
    usable = ok & known
    usable[usable] = n[usable] >= max(min_n, 1)
    if np.any(usable & ((p < 0) | (p > 1))):
        raise ValueError("compare: värdena måste vara andelar mellan 0 och 1")
    return usable


def _status(values: pd.DataFrame, usable: np.ndarray) -> np.ndarray:
    """The row's own status where it is usable or already not ok; an "ok" row that cannot be used (too few
    people or no number) becomes "suppressed" when it has too few people, otherwise "missing"."""
    status = _statuses(values)
    n = as_float_array(values["n"])
    broken = (status == _OK) & ~usable
    too_few = broken & ~np.isnan(n) & ~np.isnan(as_float_array(values["value"]))
    status[too_few] = _SUPPRESSED
    status[broken & ~too_few] = _MISSING
    return status


# --------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------
def newcombe_difference(x1, n1, x2, n2, z: float = Z95):
    """Difference p₁ − p₂ of two independent proportions with Newcombe's hybrid score interval.

    Parameters
    ----------
    x1, n1 : int or array-like of int
        Successes and trials of the first sample (pandas NA becomes NaN).
    x2, n2 : int or array-like of int
        Successes and trials of the second, independent sample. All four broadcast against each other.
    z : float, default ``settings.Z95``
        Standard normal quantile; 1.95996… gives a two-sided 95 % interval.

    Returns
    -------
    (diff, low, high) : tuple of float or of numpy.ndarray
        Floats for scalar input, arrays otherwise. ``diff`` = x1/n1 − x2/n2; ``low`` and ``high`` lie in
        [−1, 1]. NaN where ``n1`` or ``n2`` is 0 (no proportion exists) or where an input is missing.

    Notes
    -----
    Newcombe (1998), method 10. With (l₁, u₁) and (l₂, u₂) the Wilson score intervals of p₁ and p₂ and
    D = p₁ − p₂,

        low  = D − sqrt((p₁ − l₁)² + (u₂ − p₂)²)
        high = D + sqrt((u₁ − p₁)² + (p₂ − l₂)²).

    Published check values (Newcombe 1998, Table II, method 10): 56/70 − 48/80 → 0.0524 to 0.3339;
    9/10 − 3/10 → 0.1705 to 0.8090; 10/10 − 0/20 → 0.6791 to 1.0000.

    Raises
    ------
    ValueError
        If a count is negative or a numerator exceeds its denominator.
    """
    k1, m1, k2, m2 = (as_float_array(v) for v in (x1, n1, x2, n2))
    scalar = all(a.ndim == 0 for a in (k1, m1, k2, m2))
    k1, m1, k2, m2 = np.broadcast_arrays(k1, m1, k2, m2)
    l1, u1 = wilson_interval(k1, m1, z)
    l2, u2 = wilson_interval(k2, m2, z)
    valid = ~(np.isnan(l1) | np.isnan(l2))  # NaN where n is 0 or an input is missing
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(valid, k1 / np.where(valid, m1, 1.0), np.nan)
        p2 = np.where(valid, k2 / np.where(valid, m2, 1.0), np.nan)
    diff = p1 - p2
    low = diff - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = diff + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    # Both ends lie in [−1, 1] mathematically; the clip only removes floating-point rounding.
    low = np.where(valid, np.clip(low, -1.0, 1.0), np.nan)
    high = np.where(valid, np.clip(high, -1.0, 1.0), np.nan)
    if scalar:
        return float(diff), float(low), float(high)
    return diff, low, high


def difference_from_municipality(values: pd.DataFrame, municipal: Mapping, *, min_n: int) -> pd.DataFrame:
    """How much each district's share or rate differs from the municipality's, with a 95 % interval.

    Parameters
    ----------
    values : DataFrame
        `analysis.stats.measures.district_values` for a share or rate measure:
        ``stadsdel_kod, value, n, ci_low, ci_high, status`` (``value`` in 0–1).
    municipal : mapping
        `analysis.stats.measures.municipal_value` for the same measure and year: ``value, n, status`` are used.
        The municipality must contain every district in ``values`` (its counts include theirs).
    min_n : int
        Suppression threshold (``settings.min_n``).

    Returns
    -------
    DataFrame
        One row per row of ``values``, in its order: ``stadsdel_kod`` (string), ``difference``, ``ci_low``,
        ``ci_high`` (Float64, proportion units: 0.031 = +3.1 percentage points), ``n`` (Int64, the
        district's denominator), ``status`` ("ok", "suppressed", "missing") and ``clear`` (boolean: True when
        the interval excludes 0, False when it contains 0, NA when there is no interval).

    Notes
    -----
    * Estimand: p_i − p_M, the district's proportion minus the municipality's, where p_M pools all people
      in the municipality (x_M / N), the district's own included.
    * Dependence: a district is part of its municipality, so p_i and p_M are not independent samples and a
      two-sample interval on them would be wrong (too wide: the district's own variation is counted
      twice). With w = n_i / N and the rest of the municipality R (x_R = x_M − x_i, n_R = N − n_i), the
      identity p_M = w·p_i + (1 − w)·p_R gives exactly

          p_i − p_M = (1 − w)·(p_i − p_R),

      and the district and the rest are disjoint groups of people, hence independent. The interval is
      (1 − w) times Newcombe's hybrid score interval for p_i − p_R (`newcombe_difference`), treating the
      denominators (and so w) as fixed. The point estimate is x_i/n_i − x_M/N.
    * Numerators: x = round(value × n) for the district and for the municipality.
    * Hidden and missing rows: a district whose status is not "ok" keeps its status with NA numbers; nothing
      is computed from a hidden value. If the municipality itself is not "ok" (or has no value or n),
      every row is "missing": there is nothing to compare with.
    * The rest of the municipality: when it is empty (n_R = 0, the district is the whole municipality,
      w = 1) the difference is 0 by definition rather than an estimate, and 0 ± 0 would look like a
      measured result, so the row is "missing" with NA numbers. When the rest holds 1 … ``min_n`` − 1
      people the row is "suppressed": the comparison would rest on fewer than ``min_n`` people, and the
      difference together with the district's value would let their share be worked out by subtraction.
    * ``clear`` says only that the 95 % interval excludes 0 (a difference unlikely to be chance alone at
      that level); it is not corrected for comparing many districts at once.

    Raises
    ------
    ValueError
        If a shown value is outside 0–1, or if the counts cannot come from a district inside the
        municipality (n_i > N or x_i > x_M, or the rest would have more successes than people).

    Examples
    --------
    Stadsdel A with 30 of 100 (30 %) in a municipality with 200 of 1 000 (20 %): w = 0.1, the rest has
    170 of 900; the difference is +10 percentage points = 0.9 × (30 % − 18.9 %).
    """
    require_columns(values, _VALUE_COLUMNS, "difference_from_municipality")
    min_n = check_min_n(min_n)
    values = values.reset_index(drop=True)
    usable = _usable(values, min_n)
    status = _status(values, usable)

    mun_value = as_float_array(municipal.get("value"))
    mun_n = as_float_array(municipal.get("n"))
    mun_ok = municipal.get("status") == _OK and not (np.isnan(mun_value) or np.isnan(mun_n)) and mun_n >= max(min_n, 1)
    if mun_ok and not 0.0 <= float(mun_value) <= 1.0:
        raise ValueError("difference_from_municipality: kommunens värde måste vara en andel mellan 0 och 1")

    x_i, n_i = _counts(values)
    diff = np.full(len(values), np.nan)
    low = np.full(len(values), np.nan)
    high = np.full(len(values), np.nan)
    if not mun_ok:
        status[:] = _MISSING
        usable[:] = False
    else:
        n_total = float(mun_n)
        x_total = float(np.round(mun_value * n_total))
        n_rest = n_total - n_i
        x_rest = x_total - x_i
        inconsistent = usable & ((n_rest < 0) | (x_rest < 0) | (x_rest > n_rest))
        if np.any(inconsistent):
            codes = ", ".join(map(str, values.loc[inconsistent, "stadsdel_kod"]))
            raise ValueError(
                f"difference_from_municipality: stadsdelarna {codes} ryms inte i kommunens antal "
                "(fel år, mått eller kommun?)"
            )
        whole = usable & (n_rest == 0)
        small_rest = usable & (n_rest > 0) & (n_rest < min_n)
        status[whole] = _MISSING
        status[small_rest] = _SUPPRESSED
        usable &= ~(whole | small_rest)
        if np.any(usable):
            w = n_i[usable] / n_total
            _, rest_low, rest_high = newcombe_difference(x_i[usable], n_i[usable], x_rest[usable], n_rest[usable])
            diff[usable] = x_i[usable] / n_i[usable] - x_total / n_total
            low[usable] = (1.0 - w) * rest_low
            high[usable] = (1.0 - w) * rest_high

    n_out = pd.array(np.where(usable, n_i, np.nan), dtype="Float64").astype("Int64")
    out = pd.DataFrame(
        {
            "stadsdel_kod": values["stadsdel_kod"].astype("string"),
            "difference": pd.array(diff, dtype="Float64"),
            "ci_low": pd.array(low, dtype="Float64"),
            "ci_high": pd.array(high, dtype="Float64"),
            "n": n_out,
            "status": pd.Series(status, dtype=object),
            "clear": _clear(low, high),
        }
    )
    return out[list(MUNICIPAL_COLUMNS)]


def pairwise_differences(values: pd.DataFrame, codes: Sequence[str], *, min_n: int) -> pd.DataFrame:
    """Every pair of the chosen districts: p_a − p_b with a 95 % Newcombe interval.

    Parameters
    ----------
    values : DataFrame
        `analysis.stats.measures.district_values` for a share or rate measure (``stadsdel_kod, value, n,
        status`` are used).
    codes : sequence of str
        The chosen district codes, in the order the user chose them. A code without a row in ``values``
        counts as "missing"; a repeated code is used once.
    min_n : int
        Suppression threshold (``settings.min_n``).

    Returns
    -------
    DataFrame
        k(k − 1)/2 rows for k distinct codes: every pair (a, b) with a before b in ``codes`` (a = first,
        b = each later code in turn, then the second against each later one, …). Columns ``stadsdel_a``,
        ``stadsdel_b`` (string), ``difference``, ``ci_low``, ``ci_high`` (Float64, p_a − p_b in
        proportion units), ``clear`` (boolean: the interval excludes 0; NA without an interval) and
        ``status``: "ok" when both districts are ok, else "suppressed" when either is suppressed, else
        "missing". Rows that are not "ok" have NA numbers.

    Notes
    -----
    * Districts are disjoint groups of people, so the two proportions are independent and Newcombe's
      hybrid score interval (`newcombe_difference`) applies directly. Swapping a and b negates the
      estimate and mirrors the interval.
    * Each pair's interval is a 95 % interval on its own; with many pairs some will exclude 0 by chance
      (no multiple-comparison correction is made).
    * Nothing is computed from a hidden value: a pair with a suppressed or missing district has NA numbers.
    """
    require_columns(values, _VALUE_COLUMNS, "pairwise_differences")
    min_n = check_min_n(min_n)
    chosen = list(dict.fromkeys(str(c) for c in codes))
    frame = values.drop_duplicates("stadsdel_kod").copy()
    frame["stadsdel_kod"] = frame["stadsdel_kod"].astype(str)
    frame = frame.set_index("stadsdel_kod").reindex(chosen)
    frame = frame.reset_index()
    usable = _usable(frame, min_n)
    status = _status(frame, usable)
    x, n = _counts(frame)

    pairs = list(combinations(range(len(chosen)), 2))
    a = np.array([i for i, _ in pairs], dtype=int)
    b = np.array([j for _, j in pairs], dtype=int)
    both = usable[a] & usable[b]
    diff = np.full(len(pairs), np.nan)
    low = np.full(len(pairs), np.nan)
    high = np.full(len(pairs), np.nan)
    if np.any(both):
        diff[both], low[both], high[both] = newcombe_difference(x[a[both]], n[a[both]], x[b[both]], n[b[both]])
    pair_status = np.where(
        both,
        _OK,
        np.where((status[a] == _SUPPRESSED) | (status[b] == _SUPPRESSED), _SUPPRESSED, _MISSING),
    )
    out = pd.DataFrame(
        {
            "stadsdel_a": pd.array([chosen[i] for i in a], dtype="string"),
            "stadsdel_b": pd.array([chosen[j] for j in b], dtype="string"),
            "difference": pd.array(diff, dtype="Float64"),
            "ci_low": pd.array(low, dtype="Float64"),
            "ci_high": pd.array(high, dtype="Float64"),
            "clear": _clear(low, high),
            "status": pd.Series(pair_status, dtype=object),
        }
    )
    return out[list(PAIR_COLUMNS)]
