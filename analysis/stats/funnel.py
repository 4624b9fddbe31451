"""Funnel plots: district outcome rates compared with the municipal rate, fairly (Spiegelhalter 2005).

A funnel plot draws each district's rate against its number of cases n, with control limits around the
municipal rate p0 that narrow as n grows. A district outside the 95 % limits differs from the municipality
more than chance alone would usually produce; outside the 99.8 % limits, very unlikely by chance. Ranking
districts by rate ignores exactly this, which is why the product compares with uncertainty instead.

References
----------
Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance. *Statistics in
Medicine* 24, 1185–1202 (Appendix A.1.1: exact binomial limits and their interpolation; section 5 and
Appendix A.3: overdispersion, winsorised z-scores).
Spiegelhalter, D. J. (2005). Handling over-dispersion of performance indicators. *Quality and Safety in
Health Care* 14, 347–351.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import disclosure
from analysis.frames import as_float_array, check_min_n, require_columns
from analysis.settings import DEFAULT_MIN_N

#: Control limit levels: 95 % ("warning", about 2 SD) and 99.8 % ("alarm", about 3 SD).
DEFAULT_LEVELS: tuple[float, ...] = (0.95, 0.998)
#: Share of z-scores winsorised at each end when estimating the overdispersion factor.
DEFAULT_WINSOR = 0.10
#: Flag values.
OVER, UNDER, INSIDE = "over", "under", "inom"


def level_label(level: float) -> str:
    """Column suffix of a level: 0.95 → ``"95"``, 0.998 → ``"998"``."""
    return f"{level * 100:g}".replace(".", "")


def _interpolated_quantile(tail, n: np.ndarray, p: float) -> np.ndarray:
    """Spiegelhalter's interpolated ``tail``-quantile of X/n for X ~ Binomial(n, p), vectorised over n.

    r = the smallest r with P(X ≤ r) ≥ tail; α = (P(X ≤ r) − tail) / P(X = r); limit = (r − α) / n.
    """
    from scipy import stats  # on use: importing scipy.stats costs a cold start about 0.6 s

    r = stats.binom.ppf(tail, n, p)
    cdf = stats.binom.cdf(r, n, p)
    pmf = stats.binom.pmf(r, n, p)
    alpha = (cdf - tail) / pmf
    return (r - alpha) / n


def funnel_limits(
    n, p0: float, levels=DEFAULT_LEVELS, phi: float = 1.0, *, interpolation: str = "tails"
) -> pd.DataFrame:
    """Exact binomial control limits for a proportion around ``p0`` at sample sizes ``n``.

    Parameters
    ----------
    n : int or array-like of int
        Sample sizes (numbers of finished enrolments); n ≤ 0 or NaN gives NaN limits.
    p0 : float
        Target proportion (the municipal rate), in [0, 1].
    levels : sequence of float, default ``(0.95, 0.998)``
        Two-sided coverage of each pair of limits.
    phi : float, default 1.0
        Overdispersion factor. Values above 1 widen the limits; values ≤ 1 leave them exact (an
        underdispersed set of districts does not make the limits narrower).
    interpolation : {"tails", "spiegelhalter"}, default ``"tails"``
        How the discrete binomial quantiles are smoothed into a continuous funnel, see Notes.

    Returns
    -------
    DataFrame
        ``n, lower_<L>, upper_<L>`` for each level L (``lower_95, upper_95, lower_998, upper_998`` by
        default), proportions in [0, 1].

    Notes
    -----
    * Exact limits (Spiegelhalter 2005, Appendix A.1.1): for X ~ Binomial(n, p0) and a tail probability
      a = (1 − level)/2, let r be the smallest count with P(X ≤ r) ≥ a and
      α = (P(X ≤ r) − a) / P(X = r); the limit is (r − α)/n. This interpolates between the attainable
      proportions so the funnel is a smooth curve rather than a staircase.
    * ``interpolation="tails"`` (default): the lower limit is exactly that; the upper limit is the same
      construction applied from the other end, to the failures n − X ~ Binomial(n, 1 − p0):
      ``upper = 1 − lower(failures)``. Then a district lies strictly outside a limit exactly when its exact
      one-sided binomial tail probability is below a (P(X ≤ x) < a, or P(X ≥ x) < a), so the plot and the
      exact-test flags of `funnel_table` always agree, and the limits are symmetric under swapping success
      and failure. ``interpolation="spiegelhalter"`` uses Spiegelhalter's formula for the upper limit too
      (the quantile at 1 − a); that upper limit lies up to one case (1/n) lower, so a district can appear
      just above it while its exact tail probability is still above a.
    * Overdispersion (``phi > 1``): on the normal scale, each limit's distance from p0 is multiplied by
      √phi: ``p0 ± √phi · |limit − p0|``, clipped to [0, 1]. For large n this is Spiegelhalter's
      ``p0 ± z · √(phi · p0(1 − p0)/n)``; for small n it keeps the exact limits' asymmetry, and it equals
      them at phi = 1.
    * p0 of exactly 0 or 1 gives limits equal to p0 (no variation is possible).

    Raises
    ------
    ValueError
        On p0 outside [0, 1], a level outside (0, 1), a non-integral n, or an unknown ``interpolation``.
    """
    if not (0.0 <= float(p0) <= 1.0):
        raise ValueError(f"funnel_limits: p0 måste ligga i [0, 1], inte {p0}")
    if interpolation not in ("tails", "spiegelhalter"):
        raise ValueError(f"funnel_limits: okänd interpolation {interpolation!r}")
    sizes = np.atleast_1d(as_float_array(n)).astype(float)
    known = ~np.isnan(sizes)
    if np.any(known & (sizes != np.round(sizes))):
        raise ValueError("funnel_limits: n måste vara heltal")
    valid = known & (sizes > 0)
    safe_n = np.where(valid, sizes, 1.0)
    widen = np.sqrt(phi) if phi > 1 else 1.0
    p0 = float(p0)
    out = pd.DataFrame({"n": sizes})
    for level in levels:
        if not (0.0 < level < 1.0):
            raise ValueError(f"funnel_limits: nivån måste ligga i (0, 1), inte {level}")
        tail = (1.0 - level) / 2.0
        if p0 in (0.0, 1.0):
            lower = np.full(sizes.shape, p0)
            upper = np.full(sizes.shape, p0)
        else:
            lower = _interpolated_quantile(tail, safe_n, p0)
            if interpolation == "tails":
                upper = 1.0 - _interpolated_quantile(tail, safe_n, 1.0 - p0)
            else:
                upper = _interpolated_quantile(1.0 - tail, safe_n, p0)
        lower = np.clip(p0 - widen * (p0 - lower), 0.0, 1.0)
        upper = np.clip(p0 + widen * (upper - p0), 0.0, 1.0)
        label = level_label(level)
        out[f"lower_{label}"] = np.where(valid, lower, np.nan)
        out[f"upper_{label}"] = np.where(valid, upper, np.nan)
    return out


def overdispersion(z, *, winsor: float = DEFAULT_WINSOR, df: int | None = None) -> tuple[float, float]:
    """Spiegelhalter's overdispersion factor from z-scores, and the p-value of the test phi = 1.

    Parameters
    ----------
    z : array-like of float
        z-scores of the districts (NaN ignored).
    winsor : float, default 0.10
        Share winsorised at each end: z-scores below the ``winsor`` quantile are set to it, those above
        the ``1 − winsor`` quantile to that (numpy's linear quantiles).
    df : int, optional
        Degrees of freedom of the χ² test; default k − 1 (p0 estimated from the same districts).

    Returns
    -------
    (phi, p_value) : tuple of float
        ``phi = mean(z_w²)`` and ``P(χ²_df ≥ k · phi)``; NaN for fewer than 2 districts.

    Notes
    -----
    Winsorising keeps one or two outlying districts from inflating phi (they are what the funnel is
    meant to show), at a price: for in-control normal z-scores the 10 % winsorised mean of z² is about
    0.68, not 1, so the test is conservative and widens the limits only when overdispersion is clear.
    """
    from scipy import stats  # on use: importing scipy.stats costs a cold start about 0.6 s

    values = np.asarray(as_float_array(z), dtype=float).ravel()
    values = values[~np.isnan(values)]
    k = values.size
    if k < 2:
        return float("nan"), float("nan")
    if winsor > 0:
        low, high = np.quantile(values, [winsor, 1.0 - winsor])
        values = np.clip(values, low, high)
    phi = float(np.mean(values**2))
    dof = k - 1 if df is None else int(df)
    return phi, float(stats.chi2.sf(k * phi, dof))


def funnel_table(
    table: pd.DataFrame,
    p0: float | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    levels=DEFAULT_LEVELS,
    winsor: float = DEFAULT_WINSOR,
    alpha_phi: float = 0.05,
) -> pd.DataFrame:
    """Each district's rate against the municipal rate: z-score, exact p-value, flags and funnel limits.

    Parameters
    ----------
    table : DataFrame
        One row per district with columns ``n`` (denominator, e.g. finished enrolments) and ``positive``
        (numerator), like `analysis.stats.rates.outcome_rates(..., by=["stadsdel_kod"])`. Pass the *unmasked*
        counts (``min_n=0`` there): this function does the masking, and a row whose ``n`` is already NA
        cannot contribute to p0. Other columns (the keys) are kept.
    p0 : float, optional
        Target rate. Default: the pooled municipal rate ``Σ positive / Σ n`` over all rows with a known n,
        small districts included.
    min_n : int, default 5
        Districts with n < ``min_n`` are kept with every number NA and no flag.
    levels : sequence of float, default ``(0.95, 0.998)``
        Levels of the limits and flags.
    winsor : float, default 0.10
        Winsorising for the overdispersion estimate, see `overdispersion`.
    alpha_phi : float, default 0.05
        Significance level of the test phi = 1 that decides whether the limits are widened; 0 = never
        widen (exact limits and exact-test flags whatever phi is).

    Returns
    -------
    DataFrame
        The input's other columns, then ``n, positive, rate, p0, z, z_adjusted, p_value, flag_95,
        flag_998, lower_95, upper_95, lower_998, upper_998, phi, phi_p_value, phi_used, suppressed``
        (flag and limit columns per level). ``flag_*`` is ``"over"``, ``"under"`` or ``"inom"`` (NA when
        suppressed); ``phi``, ``phi_p_value``, ``phi_used`` are the same on every row.

    Notes
    -----
    * ``rate = positive / n``; ``z = (rate − p0) / √(p0(1 − p0)/n)``; ``z_adjusted = z / √phi_used``.
    * ``p_value``: exact two-sided binomial p-value under Binomial(n, p0), by doubling the smaller
      one-sided tail (P(X ≤ positive), P(X ≥ positive): ``scipy.stats.binomtest``'s ``alternative="less"`` /
      ``"greater"``, computed for all rows at once), capped at 1.
      Doubling matches the equal-tailed funnel; binomtest's default two-sided method (summing outcomes no
      more likely than the observed) need not.
    * Overdispersion: ``phi`` = mean of the 10 % winsorised z² over the shown districts (n ≥ ``min_n``),
      tested against 1 with ``k · phi ~ χ²`` on k − 1 degrees of freedom (k when p0 is given). When
      ``phi > 1`` and the test's p-value is below ``alpha_phi``, the limits are widened by √phi
      (``phi_used = phi``), otherwise ``phi_used = 1``. Draw the funnel with
      ``funnel_limits(n_grid, p0, levels, phi=phi_used)`` so the curve matches the flags.
    * Flags at each level, a = (1 − level)/2: without widening, ``over`` when P(X ≥ positive) < a and
      ``under`` when P(X ≤ positive) < a (exact one-sided binomial tails; equivalently p_value < 1 − level
      in that direction); with widening, ``over``/``under`` when the rate lies strictly outside the widened
      limits. Either way a district is flagged exactly when it is drawn outside the limits.
    * Small numbers (`analysis.disclosure`): each point is the published (rounded to 5) n and the rate of
      the published counts, tested against p0 with those counts. Rows with n < ``min_n`` (or n unknown),
      or whose numerator or complement is 1 … min_n−1, keep their keys; ``n``, ``positive``, every number
      and the flags are NA, ``suppressed`` True. They still count in the pooled p0, which is the rounded
      total numerator over the rounded total n.
    """
    from scipy import stats  # on use: importing scipy.stats costs a cold start about 0.6 s

    min_n = check_min_n(min_n)
    require_columns(table, ["n", "positive"], "funnel_table")
    n_all = as_float_array(table["n"])
    hits_all = as_float_array(table["positive"])
    known = ~np.isnan(n_all) & ~np.isnan(hits_all)
    if np.any(known & ((hits_all < 0) | (hits_all > n_all))):
        raise ValueError("funnel_table: positive måste ligga mellan 0 och n")
    given = p0 is not None
    if p0 is None:
        # The pooled rate from the published (rounded) totals, like every other shown rate
        # (analysis.disclosure): the exact one, with its many decimals, would pin the true totals down.
        total = float(disclosure.round_to_base([n_all[known].sum()], min_n)[0])
        positive_total = float(disclosure.round_to_base([hits_all[known].sum()], min_n)[0])
        p0 = positive_total / total if total > 0 else float("nan")
    p0 = float(p0)
    # Each point is (published n, published rate); hidden when n, the numerator or its complement is small.
    n_published, hits_published, hidden = disclosure.publish_rate_counts(
        np.where(known, n_all, 0.0), np.where(known, hits_all, 0.0), min_n
    )
    shown = known & ~hidden & (n_all > 0)
    n_all = np.where(shown, n_published, n_all)
    safe_n = np.where(shown, n_all, 1.0)
    hits = np.where(shown, hits_published, 0.0)
    rate = np.where(shown, hits / safe_n, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(p0 * (1.0 - p0) / safe_n)
        z = np.where(shown & (se > 0), (rate - p0) / se, np.nan)

    k = int(np.sum(~np.isnan(z)))
    phi, phi_p = overdispersion(z, winsor=winsor, df=k if given else None)
    widened = bool(np.isfinite(phi) and phi > 1.0 and phi_p < alpha_phi)
    phi_used = phi if widened else 1.0

    lower_tail = np.full(len(table), np.nan)
    upper_tail = np.full(len(table), np.nan)
    p_value = np.full(len(table), np.nan)
    if np.isfinite(p0):
        # The one-sided tails binomtest gives (alternative "less": P(X ≤ x), "greater": P(X ≥ x)), for all
        # districts at once: a binomtest call per district was most of a national Insatser rerun.
        at = np.flatnonzero(shown)
        x, m = hits[at], n_all[at]
        lower_tail[at] = np.minimum(1.0, stats.binom.cdf(x, m, p0))
        upper_tail[at] = np.minimum(1.0, stats.binom.sf(x - 1, m, p0))
        p_value[at] = np.minimum(1.0, 2.0 * np.minimum(lower_tail[at], upper_tail[at]))

    out = table.drop(columns=["n", "positive"]).reset_index(drop=True).copy()
    keep = [c for c in out.columns if c not in ("rate", "ci_low", "ci_high", "suppressed")]
    out = out[keep]
    n_shown = pd.array(np.where(shown, n_all, 0).astype("int64"), dtype="Int64")
    n_shown[~shown] = pd.NA
    hits_shown = pd.array(hits.astype("int64"), dtype="Int64")
    hits_shown[~shown] = pd.NA
    out["n"] = n_shown
    out["positive"] = hits_shown
    out["rate"] = rate
    out["p0"] = p0
    out["z"] = z
    out["z_adjusted"] = z / np.sqrt(phi_used)
    out["p_value"] = p_value

    limits = (
        funnel_limits(np.where(shown, n_all, np.nan), p0, levels, phi=phi_used)
        if np.isfinite(p0)
        else pd.DataFrame(
            {f"{s}_{level_label(lv)}": np.full(len(table), np.nan) for lv in levels for s in ("lower", "upper")}
        )
    )
    for level in levels:
        label = level_label(level)
        tail = (1.0 - level) / 2.0
        lower = limits[f"lower_{label}"].to_numpy(dtype=float)
        upper = limits[f"upper_{label}"].to_numpy(dtype=float)
        if widened:
            over = rate > upper
            under = rate < lower
        else:
            over = upper_tail < tail
            under = lower_tail < tail
        flag = np.where(over, OVER, np.where(under, UNDER, INSIDE)).astype(object)
        flag[~shown | np.isnan(p_value)] = pd.NA
        out[f"flag_{label}"] = pd.array(flag, dtype="string")
    for level in levels:
        label = level_label(level)
        out[f"lower_{label}"] = limits[f"lower_{label}"].to_numpy(dtype=float)
        out[f"upper_{label}"] = limits[f"upper_{label}"].to_numpy(dtype=float)
    out["phi"] = phi
    out["phi_p_value"] = phi_p
    out["phi_used"] = phi_used
    out["suppressed"] = ~shown
    return out


def district_funnel(
    participants: pd.DataFrame,
    *,
    year: int | None = None,
    programme: str | None = None,
    min_n: int = DEFAULT_MIN_N,
    points: int = 200,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The district outcome rates of one period (enrolments finished in ``year``, or all years) and one
    programme (or all), as :func:`funnel_table`, plus the limits to draw over a grid of n from 1 to the
    largest district (``points`` values, widened by the table's ``phi_used``).

    The funnel needs every district's true counts to compute the municipal rate p0, so rates are taken
    unmasked here and :func:`funnel_table` masks what rests on fewer than ``min_n``.
    """
    if year is None:
        return _district_funnel(_outcome_counts(participants, programme, ()), min_n, points)
    return district_funnel_by_year(participants, years=[year], programme=programme, min_n=min_n, points=points)[
        int(year)
    ]


def district_funnel_by_year(
    participants: pd.DataFrame,
    *,
    years,
    programme: str | None = None,
    min_n: int = DEFAULT_MIN_N,
    points: int = 200,
) -> dict[int, tuple[pd.DataFrame, pd.DataFrame]]:
    """:func:`district_funnel` for each of ``years`` (the same tables and limits), from one count of the
    finished enrolments by year and district instead of one pass over the register per year."""
    counts = _outcome_counts(participants, programme, ("ar",))
    by_year = counts["ar"].to_numpy(dtype=float, na_value=np.nan)
    rest = counts.drop(columns="ar")
    return {int(y): _district_funnel(rest[by_year == int(y)].reset_index(drop=True), min_n, points) for y in years}


def _outcome_counts(participants: pd.DataFrame, programme: str | None, by: tuple[str, ...]) -> pd.DataFrame:
    """True outcome counts by ``by`` and district (``rates.outcome_rates`` with min_n 1)."""
    from analysis.stats import rates

    # Only the columns used: filtering a national register's rows copies each column taken along.
    frame = participants[["insats", "stadsdel_kod", "utfall", "slutdatum"]]
    if programme is not None:
        frame = frame[frame["insats"] == programme]
    return rates.outcome_rates(frame, [*by, "stadsdel_kod"], min_n=1)


def _district_funnel(counts: pd.DataFrame, min_n: int, points: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The funnel table and its limits from one period's true counts by district."""
    counts = counts[counts["n"].notna() & (counts["n"] > 0)]
    if counts.empty:
        return counts, pd.DataFrame()
    table = funnel_table(counts, min_n=min_n)
    if not np.isfinite(float(table["p0"].iloc[0])):  # the published total rounds to 0: no centre line
        return table, pd.DataFrame()
    largest = int(counts["n"].max())
    grid = np.unique(np.linspace(1, max(largest * 1.1, 10), points).round().astype(int))
    limits = funnel_limits(grid, float(table["p0"].iloc[0]), phi=float(table["phi_used"].iloc[0]))
    return table, limits
