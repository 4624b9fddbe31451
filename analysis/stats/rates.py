"""Outcome rates of the programmes with 95 % Wilson score intervals, and counts of ongoing enrolments.

Statistical contract shared by every function here:

* An enrolment (one row of the participant template) is the unit; a person enrolled twice counts twice.
* Outcome rates: numerator = finished enrolments with a positive outcome (``arbete``, ``praktik``,
  ``studier``); denominator = finished enrolments (``utfall`` present and not ``pagaende``); period = the
  calendar year of ``slutdatum`` (column ``ar``).
* Interval: the Wilson (1927) score interval at 95 %, which keeps its coverage near the nominal level for
  small n and rates near 0 or 1, where the textbook Wald interval fails (Newcombe 1998).
* Small numbers (`analysis.disclosure`): counts are published rounded to the nearest 5 and the rate and
  interval are computed from the published counts. A row whose denominator n is below ``min_n``, or whose
  numerator or complement (n − numerator) is 1 … min_n−1, keeps its group keys (so the UI can say
  "färre än 5") but every number in it, ``n`` included, is NA and ``suppressed`` is True.
* Grouping: ``groupby(..., observed=True, dropna=False)``. Only groups that occur in the data appear (no
  empty categories are invented, so no zero rows either); a missing key value (for example an enrolment
  without ``kon``, or a finished enrolment without ``slutdatum`` when grouping by ``ar``) forms its own
  group with key NA instead of silently disappearing, so the groups always add up to the total.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. Journal of the
American Statistical Association 22(158), 209–212.
Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of seven
methods. Statistics in Medicine 17, 857–872.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import disclosure, vocab
from analysis.frames import as_float_array, check_min_n, count_groups, normalise_by, require_columns, year_of
from analysis.settings import DEFAULT_MIN_N, Z95

#: Columns `outcome_rates` may group by (``ar`` = year of ``slutdatum``).
RATE_KEYS: tuple[str, ...] = ("ar", "stadsdel_kod", "insats", "malgrupp", "kon")
#: Columns `ongoing_counts` may group by (``ar_start`` = year of ``startdatum``).
ONGOING_KEYS: tuple[str, ...] = ("ar_start", "stadsdel_kod", "insats", "malgrupp", "kon")


# --------------------------------------------------------------------------------------------------------
# What counts as finished and positive (also used by goals.py, programmes.py and overview.py)
# --------------------------------------------------------------------------------------------------------


def is_finished(participants: pd.DataFrame) -> pd.Series:
    """True for enrolments with an outcome other than ``pagaende`` (a missing ``utfall`` is not finished)."""
    utfall = participants["utfall"]
    return (utfall.notna() & ~utfall.isin([vocab.ONGOING])).astype(bool)


def is_positive(participants: pd.DataFrame) -> pd.Series:
    """True for enrolments whose ``utfall`` is ``arbete``, ``praktik`` or ``studier``."""
    return participants["utfall"].isin(sorted(vocab.POSITIVE_OUTCOMES)).astype(bool)


def add_rates(counts: pd.DataFrame, n_name: str, hit_name: str, min_n: int) -> pd.DataFrame:
    """Append ``rate, ci_low, ci_high, suppressed``, with every number published by `analysis.disclosure`.

    Counts become the published (rounded) counts; the rate and its Wilson interval are computed from
    those. A row whose rate may not be shown (n < min_n, or the numerator or its complement 1 … min_n−1,
    `analysis.disclosure.rate_hidden`) has every number NA and ``suppressed`` True. The returned count
    columns are ``Int64`` (floats NaN where masked).
    """
    n_shown, hits_shown, suppressed = disclosure.publish_rate_counts(counts[n_name], counts[hit_name], min_n)
    rate = disclosure.published_share(hits_shown, n_shown)
    low, high = wilson_interval(hits_shown, n_shown)
    out = counts.copy()
    out[n_name] = pd.array(n_shown, dtype="Float64").astype("Int64")
    out[hit_name] = pd.array(hits_shown, dtype="Float64").astype("Int64")
    out["rate"] = rate
    out["ci_low"] = low
    out["ci_high"] = high
    out["suppressed"] = suppressed
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------
def wilson_interval(positive, n, z: float = Z95):
    """95 % Wilson score interval for a binomial proportion, vectorised over numpy/pandas input.

    Parameters
    ----------
    positive, n : int or array-like of int
        Number of successes and number of trials (broadcast against each other). Pandas NA becomes NaN.
    z : float, default ``settings.Z95``
        Standard normal quantile; 1.95996… gives a two-sided 95 % interval.

    Returns
    -------
    (low, high) : tuple of float or of numpy.ndarray
        Floats for scalar input, arrays otherwise; both within [0, 1]. NaN where ``n == 0`` (no rate exists)
        or where an input is missing.

    Notes
    -----
    With p = positive / n the interval is (Wilson 1927)

        (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n).

    It is written out here rather than taken from statsmodels (``proportion_confint(method="wilson")``):
    statsmodels is a heavy dependency for a five-line closed form. At ``positive == 0`` the lower limit is
    exactly 0 and at ``positive == n`` the upper limit exactly 1 (rounding is removed). Published check
    values (Newcombe 1998, Table II): 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605.

    Raises
    ------
    ValueError
        If a count is negative or ``positive > n``.
    """
    k = as_float_array(positive)
    m = as_float_array(n)
    scalar = k.ndim == 0 and m.ndim == 0
    k, m = np.broadcast_arrays(k, m)
    known = ~(np.isnan(k) | np.isnan(m))
    if np.any(known & ((k < 0) | (m < 0) | (k > m))):
        raise ValueError("wilson_interval: antal måste vara ≥ 0 och positive ≤ n")
    valid = known & (m > 0)
    safe_m = np.where(valid, m, 1.0)
    safe_k = np.where(valid, k, 0.0)
    p = safe_k / safe_m
    z2 = z * z
    denominator = 1.0 + z2 / safe_m
    centre = (p + z2 / (2.0 * safe_m)) / denominator
    half = z * np.sqrt(p * (1.0 - p) / safe_m + z2 / (4.0 * safe_m * safe_m)) / denominator
    low = np.clip(centre - half, 0.0, 1.0)
    high = np.clip(centre + half, 0.0, 1.0)
    low = np.where(safe_k == 0, 0.0, low)
    high = np.where(safe_k == safe_m, 1.0, high)
    low = np.where(valid, low, np.nan)
    high = np.where(valid, high, np.nan)
    if scalar:
        return float(low), float(high)
    return low, high


def outcome_rates(participants: pd.DataFrame, by=(), min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Share of finished enrolments with a positive outcome, per group, with a 95 % Wilson interval.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``utfall``, ``slutdatum`` and the grouping columns are used).
    by : sequence of str
        Any of ``ar`` (year of ``slutdatum``), ``stadsdel_kod``, ``insats``, ``malgrupp``, ``kon``; an
        empty sequence gives one row over everything.
    min_n : int, default 5
        Suppression threshold on the denominator.

    Returns
    -------
    DataFrame
        ``*by, n, positive, rate, ci_low, ci_high, suppressed``; ``n`` and ``positive`` Int64, the rest float
        in [0, 1] and bool; ``ar`` Int64. Sorted by the keys.

    Notes
    -----
    * Numerator ``positive``: finished enrolments with ``utfall`` in {arbete, praktik, studier}.
    * Denominator ``n``: finished enrolments (``utfall`` present and not ``pagaende``). Ongoing enrolments
      and rows without ``utfall`` are left out, so a programme's rate is never diluted by people who have
      not finished yet.
    * Period: the calendar year of ``slutdatum``. A finished enrolment without ``slutdatum`` has ``ar`` NA.
    * Interval: Wilson (1927) score interval, see `wilson_interval`.
    * Small numbers: where n < ``min_n`` or the numerator or complement is 1 … min_n−1 (see
      `analysis.disclosure`), the row is kept with its keys, ``suppressed`` is True and ``n``,
      ``positive``, ``rate``, ``ci_low``, ``ci_high`` are all NA (NaN for the floats). With ``by`` empty and
      no finished enrolment the single row has n = 0 and is therefore suppressed too.
    * Groups: ``observed=True, dropna=False`` – only combinations present in the data, NA as its own group.
    """
    keys = normalise_by(by, RATE_KEYS, "outcome_rates")
    min_n = check_min_n(min_n)
    needed = list(dict.fromkeys(["utfall", "slutdatum", *[k for k in keys if k != "ar"]]))
    require_columns(participants, needed, "outcome_rates")
    # Only the columns used: copying every column of a million finished enrolments was half the time.
    finished = participants.loc[is_finished(participants), needed]
    key_frame = pd.DataFrame(
        {k: (year_of(finished["slutdatum"]) if k == "ar" else finished[k]) for k in keys},
        index=finished.index,
    )
    counts = count_groups(key_frame, is_positive(finished), keys, "n", "positive")
    return add_rates(counts, "n", "positive", min_n)


def ongoing_counts(participants: pd.DataFrame, by=(), min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Number of enrolments still running (``utfall == "pagaende"``) per group.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns.
    by : sequence of str
        Any of ``ar_start`` (year of ``startdatum``), ``stadsdel_kod``, ``insats``, ``malgrupp``, ``kon``;
        empty = one row in total.
    min_n : int, default 5
        Suppression threshold.

    Returns
    -------
    DataFrame
        ``*by, pagaende, suppressed``; ``pagaende`` Int64 (``ar_start`` Int64).

    Notes
    -----
    * Count: enrolments whose current ``utfall`` is ``pagaende`` – a snapshot at the time of the export,
      not a count for a past period.
    * Small numbers: counts 1 … min_n−1 become NA with ``suppressed`` True, the rest are rounded to the
      nearest 5 (`analysis.disclosure.publish_counts`). A count of 0 (only possible
      with ``by`` empty) is shown as 0: "nobody" reveals nothing about a small group of people.
    * Groups: ``observed=True, dropna=False`` as in `outcome_rates`.
    """
    keys = normalise_by(by, ONGOING_KEYS, "ongoing_counts")
    min_n = check_min_n(min_n)
    require_columns(participants, ["utfall", "startdatum", *[k for k in keys if k != "ar_start"]], "ongoing_counts")
    ongoing = participants.loc[participants["utfall"].isin([vocab.ONGOING]).astype(bool)]
    key_frame = pd.DataFrame(
        {k: (year_of(ongoing["startdatum"]) if k == "ar_start" else ongoing[k]) for k in keys},
        index=ongoing.index,
    )
    counts = count_groups(key_frame, pd.Series(True, index=ongoing.index), keys, "pagaende", "__hits__")
    counts = counts.drop(columns="__hits__")
    true_counts = counts["pagaende"]
    counts["pagaende"] = disclosure.publish_counts(true_counts, min_n)
    counts["suppressed"] = ((true_counts > 0) & (true_counts < min_n)).to_numpy(dtype=bool)
    return counts.reset_index(drop=True)
