"""Disclosure control: the one gate every count of people passes before it is shown or exported.

Everything the dashboard, its CLI and its exports show about the participants (counts, rates, intervals,
changes between years, funnel points, goal progress, reach per 1,000 residents) is computed from the
*published* counts this module returns, never from the true ones. Figures taken from SCB's published
statistics (residents, shares with low economic standard, indices) are shown as SCB published them: SCB
protects them itself (the cell-key method since 2025).

Policy (threshold ``m`` = ``STADSDEL_MIN_N``, default 5; rounding base ``b`` = ``m``)
--------------------------------------------------------------------------------------
1. **Counts.** A count of 0 is shown as 0 ("nobody" tells nothing about a small group). A count of
   1 … m−1 is hidden ("färre än 5"). Every other count is rounded to the nearest multiple of ``b``
   (5–7 → 5, 8–12 → 10, 13–17 → 15 …), including totals, which are rounded on their own: the parts of a
   table need not add up to its total.
2. **Rates.** A rate (a share of n with an outcome) is hidden, together with its numerator, when n < m,
   when the numerator is 1 … m−1, *or when the complement n − numerator is 1 … m−1*: "all but one got
   work" points at the one just as "one got work" does. A shown rate is the published numerator over the
   published n, so rate × n gives back only the published (rounded) numerator.
3. **Intervals** (Wilson, Newcombe, Poisson) are computed from the published counts, so inverting an
   interval gives back only published counts.
4. **Differences and changes between years** are differences of published figures, with the interval of
   the published counts; a change is hidden when either side is hidden.
5. **Funnel points** are (published n, published rate); the pooled centre line is the published total
   numerator over the published total n.
6. **Totals beside parts, overlapping groups, year minus year.** Every published count is a multiple of
   ``b`` ≥ ``m``, so any sum or difference of published counts, on one page or across pages, is a multiple
   of ``b`` as well: never 1 … m−1. This is why rounding is used rather than complementary suppression,
   which protects one table against its own total but not a total on another page, a second grouping of
   the same people, or last year's figure (the attacks that leaked before this module existed).
7. **Goal verdicts** (reached or not) are taken on the true count against the goal, and said in words
   beside the rounded count; a verdict for a goal below ``m`` on a hidden count is withheld.

Why rounding to a base and not a cell-key perturbation (SCB's method): rounding is deterministic and
explainable in one sentence, the same figure is the same on every page and in every export, and the
protection against arithmetic attacks is exact, not probabilistic (any combination of multiples of 5 is
a multiple of 5), which lets the tests prove it. The price: a rate on few people moves by up to ±2 in
its numerator and denominator (``loss_report`` measures it on the demo data), and bounds reasoning (a
hidden count is 1–4, a shown 5 is 5–7) can sometimes narrow a hidden count to a range; it never gives a
count of 1–4 by adding and subtracting shown figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.settings import DEFAULT_MIN_N

#: Why a figure is hidden (the texts word them).
HIDDEN_FEW = "few"  # the count, or the n of a rate, is 1 … m−1
HIDDEN_OUTCOME = "outcome"  # the numerator or its complement is 1 … m−1


def rounding_base(min_n: int = DEFAULT_MIN_N) -> int:
    """The base every published count is rounded to: the threshold itself (1 for a threshold ≤ 1).

    A base below the threshold would let a difference of two published counts land in 1 … m−1.
    """
    return max(int(min_n), 1)


def _as_int(values) -> np.ndarray:
    """Counts as a float array (NaN for missing); ``ValueError`` on negative or non-integral values."""
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        array = np.asarray(values.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    else:
        array = np.asarray(pd.array(np.atleast_1d(np.asarray(values, dtype=object)), dtype="Float64"), dtype=float)
    known = ~np.isnan(array)
    if np.any(known & (array < 0)):
        raise ValueError("antal kan inte vara negativa")
    if np.any(known & (array != np.round(array))):
        raise TypeError("antal måste vara heltal")
    return array


def round_to_base(values, min_n: int = DEFAULT_MIN_N) -> np.ndarray:
    """Counts rounded to the nearest multiple of :func:`rounding_base` (halves up), as a float array.

    No hiding here; :func:`publish_counts` hides the small ones first.
    """
    base = rounding_base(min_n)
    array = _as_int(values)
    return np.floor((array + base // 2) / base) * base


def is_small(values, min_n: int = DEFAULT_MIN_N) -> np.ndarray:
    """True where a count is 1 … m−1 (a missing count is not small, only unknown)."""
    filled = np.nan_to_num(_as_int(values), nan=0.0)
    return (filled > 0) & (filled < min_n)


def publish_counts(values, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """Counts of people as they may be shown: 0 stays 0, 1 … m−1 → NA, the rest rounded to the base.

    Parameters
    ----------
    values : array-like or Series of non-negative integers (NA allowed, meaning already hidden)
    min_n : int
        The threshold ``m`` (``STADSDEL_MIN_N``).

    Returns
    -------
    Series of Int64 (a Series keeps its index and name). Every value is NA, 0 or a multiple of the base
    that is at least ``m``; it differs from the true count by at most half the base.
    """
    array = _as_int(values)
    published = np.where(is_small(array, min_n), np.nan, round_to_base(array, min_n))
    result = pd.array(published, dtype="Float64").astype("Int64")
    if isinstance(values, pd.Series):
        return pd.Series(result, index=values.index, name=values.name)
    return pd.Series(result)


def publish_count(value, min_n: int = DEFAULT_MIN_N) -> int | None:
    """One count as it may be shown (None when hidden or missing); see :func:`publish_counts`."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    published = publish_counts([value], min_n).iloc[0]
    return None if published is pd.NA else int(published)


def rate_hidden(n, hits, min_n: int = DEFAULT_MIN_N) -> np.ndarray:
    """True where a rate ``hits / n`` may not be shown (rule 2): n < m, or the numerator or its complement
    is 1 … m−1. A row with n = 0 has no rate at all and counts as hidden here."""
    n_true = np.nan_to_num(_as_int(n), nan=0.0)
    hits_true = np.nan_to_num(_as_int(hits), nan=0.0)
    complement = n_true - hits_true
    if np.any(complement < 0):
        raise ValueError("täljaren kan inte vara större än nämnaren")
    return (n_true < min_n) | is_small(hits_true, min_n) | is_small(complement, min_n)


def publish_rate_counts(n, hits, min_n: int = DEFAULT_MIN_N) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The published (n, numerator) of a rate and where the rate is hidden.

    Returns float arrays ``(n_published, hits_published, hidden)``: where ``hidden`` (rule 2) both counts
    are NaN; elsewhere both are rounded to the base (rule 1), so ``hits_published ≤ n_published`` and
    their difference is 0 or at least ``m``. Compute the rate and its interval from these two only.
    """
    hidden = rate_hidden(n, hits, min_n)
    n_published = np.where(hidden, np.nan, round_to_base(np.nan_to_num(_as_int(n), nan=0.0), min_n))
    hits_published = np.where(hidden, np.nan, round_to_base(np.nan_to_num(_as_int(hits), nan=0.0), min_n))
    return n_published, hits_published, hidden


def published_share(numerator, denominator) -> np.ndarray:
    """``numerator / denominator`` of published counts; NaN where either is missing or the denominator 0."""
    top = np.asarray(pd.array(np.atleast_1d(np.asarray(numerator, dtype=object)), dtype="Float64"), dtype=float)
    bottom = np.asarray(pd.array(np.atleast_1d(np.asarray(denominator, dtype=object)), dtype="Float64"), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.nan)


#: Groupings `loss_report` measures (the CLI's ``rates --by``, the pages' tables and maps).
REPORT_GROUPINGS: tuple[tuple[str, ...], ...] = (
    ("ar",),
    ("ar", "insats"),
    ("ar", "stadsdel_kod"),
    ("ar", "insats", "stadsdel_kod"),
    ("ar", "malgrupp"),
    ("ar", "kon"),
    ("ar", "insats", "malgrupp"),
)


def loss_report(participants: pd.DataFrame, min_n: int = DEFAULT_MIN_N, groupings=REPORT_GROUPINGS) -> pd.DataFrame:
    """What this policy costs on a register, against the rule before it (a rate shown wherever n ≥ m,
    exact counts), for the outcome rates of each grouping.

    Returns one row per grouping and a total: ``grupper`` (groups with finished enrolments),
    ``andelar_forut`` / ``andelar_nu`` (rates shown before / now), ``forlorade`` (shown before, hidden
    now), ``median_pe`` / ``max_pe`` (absolute difference in whole percentage points between the
    published and the exact rate, over the rates shown now; NaN under 10 rates, where one rate's offset
    would give its exact counts back), and ``antal_avrundade`` (shown counts that differ from the true
    count, out of ``antal``).
    """
    from analysis.stats import rates  # the statistics build on this module, so imported when needed

    rows = []
    for by in groupings:
        exact = rates.outcome_rates(participants, list(by), min_n=1)
        published = rates.outcome_rates(participants, list(by), min_n=min_n)
        before = exact["n"].to_numpy(dtype=float) >= min_n
        now = ~published["suppressed"].to_numpy(dtype=bool)
        difference = np.abs(published["rate"].to_numpy(dtype=float) - exact["rate"].to_numpy(dtype=float))[now] * 100
        true_counts = np.concatenate([exact["n"].to_numpy(dtype=float), exact["positive"].to_numpy(dtype=float)])
        shown_counts = np.concatenate(
            [
                published["n"].to_numpy(dtype=float, na_value=np.nan),
                published["positive"].to_numpy(dtype=float, na_value=np.nan),
            ]
        )
        visible = ~np.isnan(shown_counts)
        rows.append(
            {
                "gruppering": ",".join(by),
                "grupper": len(exact),
                "andelar_forut": int(before.sum()),
                "andelar_nu": int(now.sum()),
                "forlorade": int((before & ~now).sum()),
                # Whole points, and only over 10 or more rates: one rate's exact offset would give its
                # exact counts back.
                "median_pe": float(np.round(np.median(difference))) if difference.size >= 10 else float("nan"),
                "max_pe": float(np.round(difference.max())) if difference.size >= 10 else float("nan"),
                "antal": int(visible.sum()),
                "antal_avrundade": int((shown_counts[visible] != true_counts[visible]).sum()),
            }
        )
    table = pd.DataFrame(rows)
    total = {
        "gruppering": "alla",
        **{
            c: int(table[c].sum())
            for c in ("grupper", "andelar_forut", "andelar_nu", "forlorade", "antal", "antal_avrundade")
        },
        "median_pe": float("nan"),
        "max_pe": float(table["max_pe"].max()),
    }
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)
