"""District statistics: indicator shares, municipal totals, SCB's socioeconomic index and area types.

Method of the area types (SCB, as used by Delmos' Segregationsbarometer): per RegSO and year,

    V1 = share of all residents living in households with low economic standard (< 60 % of the national
         median disposable income per consumption unit),
    V2 = share of 20–64-year-olds with only pre-upper-secondary (förgymnasial) education,
    V3 = share of 20–64-year-olds with economic assistance ≥ 10 months and/or unemployed > 6 months,
    index = (V1 + V2 + V3) / 3 in percent (0–100, higher = greater socioeconomic challenges),

and the area type by standard deviations σ from the national mean μ of the index over all RegSO:
1 ≥ μ+2σ, 2 in [μ+σ, μ+2σ), 3 in [μ, μ+σ), 4 in [μ−σ, μ), 5 < μ−σ. SCB's published types win over a
recomputation here; μ and σ are settings (``STADSDEL_INDEX_MEAN``/``_SD``) because SCB does not publish them
with the types. For district units other than RegSO the computed type is only an approximation of SCB's.

References: SCB and Delegationen mot segregation (Delmos), *Områdestyper* – the classification of all 3,363
RegSO into five socioeconomic area types (delmos.se, "Områdestyper"; SCB, "RegSO – Regionala
statistikområden"); Wilson, E. B. (1927), JASA 22, 209–212, for the score interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import vocab
from analysis.frames import as_float_array, check_min_n, require_columns
from analysis.settings import DEFAULT_INDEX_MEAN, DEFAULT_INDEX_SD, DEFAULT_MIN_N
from analysis.stats.rates import wilson_interval

#: SCB's names of the five socioeconomic area types.
AREA_TYPE_LABELS: dict[int, str] = {
    1: "Stora socioekonomiska utmaningar",
    2: "Socioekonomiska utmaningar",
    3: "Socioekonomiskt blandade områden",
    4: "Goda socioekonomiska förutsättningar",
    5: "Mycket goda socioekonomiska förutsättningar",
}
#: ``stadsdel_kod`` of the rows `municipal_totals` returns.
MUNICIPALITY_CODE = "kommun"

_COUNT_COLUMNS: tuple[str, ...] = vocab.STATISTICS_COUNT_COLUMNS


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    return as_float_array(frame[column])


def _share_percent(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """100 · numerator / denominator, NaN where the denominator is 0 or missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, 100.0 * numerator / np.where(denominator > 0, denominator, 1.0), np.nan)


def district_indicators(statistics: pd.DataFrame, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Every indicator share per district and year, in long format, with a 95 % Wilson interval.

    Parameters
    ----------
    statistics : DataFrame
        ``statistik.csv`` columns (or `municipal_totals` output): ``stadsdel_kod, ar`` and the count columns
        named in ``vocab.INDICATOR_DENOMINATORS`` with their denominators.
    min_n : int, default 5
        Suppression threshold on the denominator.

    Returns
    -------
    DataFrame
        ``stadsdel_kod, ar, indikator, taljare, namnare, andel, ci_low, ci_high``: one row per input row
        and indicator (input row order, indicators in the order of ``vocab.INDICATOR_DENOMINATORS``).
        ``taljare``, ``namnare`` Int64; ``andel`` and the interval float in [0, 1].

    Notes
    -----
    * ``taljare`` (numerator) = the indicator's count column; ``namnare`` (denominator) = the column
      ``vocab.INDICATOR_DENOMINATORS[indikator]`` names (``folkmangd`` or ``folkmangd_20_64``); period = the
      row's year ``ar`` (SCB's counts refer to 31 December or to the year, by indicator).
    * ``andel = taljare / namnare``. Where the denominator is 0 or missing, the numerator is missing, or the
      numerator exceeds the denominator (inconsistent input; possible with SCB's noisy cells), ``andel`` and
      the interval are NaN.
    * Interval: the Wilson (1927) score interval. Register counts are totals of the whole population, not a
      sample, so there is no sampling error: the interval describes the random variation of the underlying
      process (what the share could as well have been in a district of this size), which is what matters
      when a district is compared with the municipality or over time.
    * Small numbers: where 0 < ``namnare`` < ``min_n`` the numerator, denominator, share and interval are NA
      (the row is kept). As elsewhere the threshold applies to the denominator.
    """
    min_n = check_min_n(min_n)
    indicators = list(vocab.INDICATOR_DENOMINATORS)
    needed = ["stadsdel_kod", "ar", *indicators, *sorted(set(vocab.INDICATOR_DENOMINATORS.values()))]
    require_columns(statistics, needed, "district_indicators")
    rows = len(statistics)
    k = len(indicators)
    numerators = np.column_stack([_floats(statistics, c) for c in indicators]).reshape(-1) if rows else []
    denominators = (
        np.column_stack([_floats(statistics, vocab.INDICATOR_DENOMINATORS[c]) for c in indicators]).reshape(-1)
        if rows
        else []
    )
    numerators = np.asarray(numerators, dtype=float)
    denominators = np.asarray(denominators, dtype=float)

    usable = (
        ~np.isnan(numerators)
        & ~np.isnan(denominators)
        & (denominators > 0)
        & (numerators >= 0)
        & (numerators <= denominators)
    )
    low, high = wilson_interval(np.where(usable, numerators, np.nan), np.where(usable, denominators, np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(usable, numerators / np.where(usable, denominators, 1.0), np.nan)
    hidden = (denominators > 0) & (denominators < min_n)

    taljare = pd.array(np.where(np.isnan(numerators), 0, numerators).astype("int64"), dtype="Int64")
    taljare[np.isnan(numerators) | hidden] = pd.NA
    namnare = pd.array(np.where(np.isnan(denominators), 0, denominators).astype("int64"), dtype="Int64")
    namnare[np.isnan(denominators) | hidden] = pd.NA
    return pd.DataFrame(
        {
            "stadsdel_kod": statistics["stadsdel_kod"].repeat(k).reset_index(drop=True),
            "ar": statistics["ar"].repeat(k).reset_index(drop=True),
            "indikator": pd.Series(indicators * rows, dtype="str"),
            "taljare": taljare,
            "namnare": namnare,
            "andel": np.where(hidden, np.nan, share),
            "ci_low": np.where(hidden, np.nan, np.asarray(low, dtype=float)),
            "ci_high": np.where(hidden, np.nan, np.asarray(high, dtype=float)),
        }
    )


def municipal_totals(statistics: pd.DataFrame) -> pd.DataFrame:
    """The municipality per year as the sum of its districts, in the columns of ``statistik.csv``.

    Parameters
    ----------
    statistics : DataFrame
        ``statistik.csv`` columns, one row per district and year.

    Returns
    -------
    DataFrame
        One row per year (sorted), ``stadsdel_kod = "kommun"``, the count columns (Int64), the approximate
        ``medianinkomst_tkr`` (float) and ``omradestyp_scb`` (Int64, always NA: SCB types areas, not
        municipalities). Can be passed to `district_indicators`.

    Notes
    -----
    * Counts: the sum over the district rows of that year. A count missing in any district makes that
      year's total NA (a partial sum would understate it). The total equals the municipality only if the
      district list covers the whole municipality (RegSO do; a company's own district list need not).
    * From reference year 2025 SCB perturbs every population cell with small random noise (the Cell Key
      Method), so the sum of noisy district cells is *not* SCB's own (separately perturbed) municipal total
      and shares computed from these sums can differ slightly from SCB's published municipal shares.
      Label such totals "summa av stadsdelarna".
    * ``medianinkomst_tkr``: a median cannot be summed. Here it is the mean of the district medians
      weighted by ``folkmangd_20_64``, leaving out districts where either is missing: an approximation
      that is not the median of the municipality's incomes (NaN when no district has both).
    """
    require_columns(statistics, ["stadsdel_kod", "ar", *_COUNT_COLUMNS], "municipal_totals")
    counts = pd.DataFrame({c: _floats(statistics, c) for c in _COUNT_COLUMNS})
    year = statistics["ar"].reset_index(drop=True)
    sums = counts.groupby(year, sort=True).sum(min_count=1)
    incomplete = counts.isna().groupby(year, sort=True).any()
    sums = sums.mask(incomplete)

    out = pd.DataFrame({"stadsdel_kod": pd.Series([MUNICIPALITY_CODE] * len(sums), dtype="str")})
    out["ar"] = pd.Series(sums.index.to_numpy(), dtype=statistics["ar"].dtype)
    for column in _COUNT_COLUMNS:
        values = sums[column].to_numpy(dtype=float)
        array = pd.array(np.where(np.isnan(values), 0, values).astype("int64"), dtype="Int64")
        array[np.isnan(values)] = pd.NA
        out[column] = array

    if "medianinkomst_tkr" in statistics.columns:
        median = _floats(statistics, "medianinkomst_tkr")
        weight = counts["folkmangd_20_64"].to_numpy(dtype=float)
        both = ~np.isnan(median) & ~np.isnan(weight)
        weighted = pd.DataFrame({"mw": np.where(both, median * weight, 0.0), "w": np.where(both, weight, 0.0)}).groupby(
            year, sort=True
        )
        totals = weighted.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            income = np.where(totals["w"] > 0, totals["mw"] / totals["w"].where(totals["w"] > 0, 1.0), np.nan)
        out["medianinkomst_tkr"] = np.asarray(income, dtype=float)
    else:
        out["medianinkomst_tkr"] = np.nan
    out["omradestyp_scb"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out


def socioeconomic_index(statistics: pd.DataFrame) -> pd.DataFrame:
    """SCB's socioeconomic index per district and year (percent units, higher = greater challenges).

    Parameters
    ----------
    statistics : DataFrame
        ``statistik.csv`` columns.

    Returns
    -------
    DataFrame
        ``stadsdel_kod, ar, v1, v2, v3, index`` (float64), one row per input row, input order.

    Notes
    -----
    * ``v1 = 100 · lag_ekonomisk_standard / folkmangd``
    * ``v2 = 100 · forgymnasial_20_64 / folkmangd_20_64``
    * ``v3 = 100 · langvarigt_bistand_arbetsloshet_20_64 / folkmangd_20_64``
    * ``index = (v1 + v2 + v3) / 3`` (SCB's method; see the module docstring).

    A share whose denominator is 0 or missing, or whose numerator is missing, is NaN, and then so is the
    index (no partial index from two of the three variables). No small-number suppression: the index is
    a district-level figure over hundreds of residents, and SCB publishes its types per RegSO.
    """
    needed = [
        "stadsdel_kod",
        "ar",
        "lag_ekonomisk_standard",
        "folkmangd",
        "forgymnasial_20_64",
        "langvarigt_bistand_arbetsloshet_20_64",
        "folkmangd_20_64",
    ]
    require_columns(statistics, needed, "socioeconomic_index")
    v1 = _share_percent(_floats(statistics, "lag_ekonomisk_standard"), _floats(statistics, "folkmangd"))
    adults = _floats(statistics, "folkmangd_20_64")
    v2 = _share_percent(_floats(statistics, "forgymnasial_20_64"), adults)
    v3 = _share_percent(_floats(statistics, "langvarigt_bistand_arbetsloshet_20_64"), adults)
    return pd.DataFrame(
        {
            "stadsdel_kod": statistics["stadsdel_kod"].reset_index(drop=True),
            "ar": statistics["ar"].reset_index(drop=True),
            "v1": v1,
            "v2": v2,
            "v3": v3,
            "index": (v1 + v2 + v3) / 3.0,
        }
    )


def area_type_from_index(index, mean: float = DEFAULT_INDEX_MEAN, sd: float = DEFAULT_INDEX_SD):
    """SCB area type 1–5 from the socioeconomic index, by standard deviations from the national mean.

    Parameters
    ----------
    index : float or array-like or Series
        Socioeconomic index in percent units (see `socioeconomic_index`).
    mean, sd : float
        National mean μ and standard deviation σ of the index over all RegSO for the year (σ > 0).

    Returns
    -------
    int, pd.NA or Series of Int64
        A scalar for scalar input, otherwise an Int64 Series (keeping a Series' index):
        1 if index ≥ μ+2σ; 2 if μ+σ ≤ index < μ+2σ; 3 if μ ≤ index < μ+σ; 4 if μ−σ ≤ index < μ;
        5 if index < μ−σ. Each band includes its lower edge (SCB's method); a missing index gives NA.

    Raises
    ------
    ValueError
        If ``sd`` is not a positive finite number or ``mean`` is not finite.
    """
    if not (np.isfinite(mean) and np.isfinite(sd) and sd > 0):
        raise ValueError(f"area_type_from_index: kräver ändligt medelvärde och sd > 0 (fick {mean}, {sd})")
    values = as_float_array(index)
    scalar = values.ndim == 0
    values = np.atleast_1d(values)
    types = np.select(
        [values >= mean + 2 * sd, values >= mean + sd, values >= mean, values >= mean - sd],
        [1, 2, 3, 4],
        default=5,
    )
    result = pd.array(types.astype("int64"), dtype="Int64")
    result[np.isnan(values)] = pd.NA
    if scalar:
        value = result[0]
        return pd.NA if value is pd.NA else int(value)
    return pd.Series(result, index=index.index if isinstance(index, pd.Series) else None, name="omradestyp")


def area_types(
    statistics: pd.DataFrame, mean: float = DEFAULT_INDEX_MEAN, sd: float = DEFAULT_INDEX_SD
) -> pd.DataFrame:
    """Area type per district and year: SCB's published type where there is one, else computed.

    Parameters
    ----------
    statistics : DataFrame
        ``statistik.csv`` columns (``omradestyp_scb`` may be absent or empty).
    mean, sd : float
        National mean and SD of the index for the year (settings ``STADSDEL_INDEX_MEAN``/``_SD``).

    Returns
    -------
    DataFrame
        ``stadsdel_kod, ar, index, omradestyp_beraknad, omradestyp_scb, omradestyp, omradestyp_kalla``;
        the types Int64 (1–5), ``omradestyp_kalla`` str: ``"SCB"`` where SCB's type is used,
        ``"beräknad"`` where the computed one is, NA where neither exists.

    Notes
    -----
    ``omradestyp_beraknad`` applies `area_type_from_index` to `socioeconomic_index`. SCB's own type always
    wins: SCB computes it from microdata for exactly its RegSO with the year's national μ and σ, whereas the
    recomputation uses published (and from 2025 noise-perturbed) counts, the configured μ and σ, and
    possibly districts that are not RegSO.
    """
    indexed = socioeconomic_index(statistics)
    computed = area_type_from_index(indexed["index"], mean, sd).reset_index(drop=True)
    if "omradestyp_scb" in statistics.columns:
        scb_values = _floats(statistics, "omradestyp_scb")
        scb = pd.array(np.where(np.isnan(scb_values), 0, scb_values).astype("int64"), dtype="Int64")
        scb[np.isnan(scb_values)] = pd.NA
        scb = pd.Series(scb)
    else:
        scb = pd.Series(pd.array([pd.NA] * len(statistics), dtype="Int64"))
    chosen = scb.where(scb.notna(), computed)
    source = pd.Series(np.where(scb.notna(), "SCB", np.where(computed.notna(), "beräknad", None)), dtype="str")
    return pd.DataFrame(
        {
            "stadsdel_kod": indexed["stadsdel_kod"],
            "ar": indexed["ar"],
            "index": indexed["index"],
            "omradestyp_beraknad": computed.astype("Int64"),
            "omradestyp_scb": scb.astype("Int64"),
            "omradestyp": chosen.astype("Int64"),
            "omradestyp_kalla": source,
        }
    )


def area_type_distribution(
    statistics: pd.DataFrame,
    mean: float = DEFAULT_INDEX_MEAN,
    sd: float = DEFAULT_INDEX_SD,
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """Districts and population per area type, per year: how much of the municipality lives where.

    Parameters
    ----------
    statistics : DataFrame
        ``statistik.csv`` columns of one municipality (``stadsdel_kod, ar, folkmangd, folkmangd_20_64`` and
        what `area_types` needs).
    mean, sd : float
        National mean and SD of the index, for districts without a type published by SCB (see `area_types`).
    min_n : int, default 5
        Suppression threshold for the population counts.

    Returns
    -------
    DataFrame
        One row per year and type, sorted by year and type: ``ar, omradestyp, stadsdelar, folkmangd,
        andel_folkmangd, folkmangd_20_64, andel_folkmangd_20_64``. Every year has the five types 1–5 (a
        type without districts has 0 districts and 0 people), plus a row with ``omradestyp`` NA when some
        districts of the year have no type (no SCB type and no computable index): they are counted there,
        never dropped. ``omradestyp``, ``stadsdelar``, the counts Int64; the shares float in [0, 1].

    Notes
    -----
    * Type: `area_types` (SCB's published type wins; elsewhere computed from the index with ``mean``/``sd``).
    * ``folkmangd`` (``folkmangd_20_64``) = the sum of the districts' populations of that type and year;
      ``andel_folkmangd`` = that sum ÷ the sum over *all* districts of the year, the unknown-type row
      included, so the shares of a year add up to 1. Register totals, not samples: no interval.
    * A district with a missing population makes its type's sum NA and all shares of that year NaN (a
      partial sum would misstate them). From 2025 SCB's noise (Cell Key Method) means these sums of district
      cells can differ slightly from SCB's own municipal total.
    * Small numbers: the type sums are parts of the year's total, which is shown too; so per year and
      column, sums of 1 … min_n−1 are hidden and, if exactly one is hidden, the smallest other non-zero sum
      as well (`analysis.stats.suppression.complementary_suppression`); a hidden sum's share is NaN.
      ``stadsdelar`` (a number of areas, not of people) is always shown.
    """
    from analysis.stats.suppression import complementary_suppression

    min_n = check_min_n(min_n)
    require_columns(statistics, ["stadsdel_kod", "ar", "folkmangd", "folkmangd_20_64"], "area_type_distribution")
    typed = area_types(statistics, mean, sd)
    frame = pd.DataFrame(
        {
            "ar": statistics["ar"].reset_index(drop=True).astype("int64"),
            "omradestyp": typed["omradestyp"].astype("Int64"),
            "folkmangd": _floats(statistics, "folkmangd"),
            "folkmangd_20_64": _floats(statistics, "folkmangd_20_64"),
        }
    )
    rows = []
    for year, group in frame.groupby("ar", sort=True):
        types = group["omradestyp"]
        sums = {}
        for column in ("folkmangd", "folkmangd_20_64"):
            values = group[column].to_numpy(dtype=float)
            total = np.nan if np.isnan(values).any() else float(values.sum())
            sums[column] = (values, total)
        keys: list = [1, 2, 3, 4, 5] + ([pd.NA] if bool(types.isna().any()) else [])
        for key in keys:
            member = types.isna().to_numpy() if key is pd.NA else (types == key).fillna(False).to_numpy(dtype=bool)
            row = {"ar": int(year), "omradestyp": key, "stadsdelar": int(member.sum())}
            for column, (values, total) in sums.items():
                part = values[member]
                row[column] = np.nan if np.isnan(part).any() else float(part.sum())
                row[f"__total_{column}"] = total
            rows.append(row)
    columns = ["ar", "omradestyp", "stadsdelar", "folkmangd", "andel_folkmangd", "folkmangd_20_64"]
    columns.append("andel_folkmangd_20_64")
    if not rows:
        empty = pd.DataFrame({c: pd.Series(dtype="Int64") for c in columns})
        return empty.astype({"andel_folkmangd": "float64", "andel_folkmangd_20_64": "float64", "ar": "int64"})
    table = pd.DataFrame(rows)
    out = pd.DataFrame(
        {
            "ar": table["ar"].astype("int64"),
            "omradestyp": pd.array(table["omradestyp"].tolist(), dtype="Int64"),
            "stadsdelar": table["stadsdelar"].astype("Int64"),
        }
    )
    for column in ("folkmangd", "folkmangd_20_64"):
        values = table[column].to_numpy(dtype=float)
        totals = table[f"__total_{column}"].to_numpy(dtype=float)
        counts = pd.array(np.where(np.isnan(values), 0, values).astype("int64"), dtype="Int64")
        counts[np.isnan(values)] = pd.NA
        masked = pd.Series(counts)
        for year in table["ar"].unique():
            at = np.flatnonzero(table["ar"].to_numpy() == year)
            part = pd.Series(counts[at])
            if part.notna().all():
                masked.iloc[at] = complementary_suppression(part, min_n).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(totals > 0, values / np.where(totals > 0, totals, 1.0), np.nan)
        share = np.where(masked.isna().to_numpy(), np.nan, share)
        out[column] = masked.astype("Int64").array
        out[f"andel_{column}"] = share.astype(float)
    return out[columns].sort_values(["ar", "omradestyp"], na_position="last").reset_index(drop=True)
