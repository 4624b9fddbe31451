"""Housing for newly arrived: are the placements spread over the whole municipality?

Statistical contract shared by every function here:

* **Unit.** ``placeringar.csv`` counts persons (``personer``) and households (``hushall``) housed per
  district, year and housing type. Both are counts of people and are published through
  `analysis.disclosure` (0 shown, 1 … min_n−1 hidden, the rest rounded to the base); every share,
  ratio, index and interval is computed from the published counts, never the true ones.
* **Population.** ``folkmangd`` of ``statistik.csv`` (SCB, 31 December) of the placement year. When
  ``statistik.csv`` has no such year the nearest earlier year is used, else the earliest year, and the
  ``note`` column says so (:func:`statistics_year_for`). Register totals, treated as fixed (no interval).
* **Area types** as in `analysis.stats.districts.area_types` (SCB's type wins) for the statistics year used.
* **Housing types.** Every function takes ``boendetyp`` to count one housing type only (default: all).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import disclosure
from analysis.frames import as_float_array, check_min_n, require_columns
from analysis.settings import DEFAULT_INDEX_MEAN, DEFAULT_INDEX_SD, DEFAULT_MIN_N
from analysis.stats import segregation
from analysis.stats.districts import area_types as compute_area_types
from analysis.stats.rates import wilson_interval
from analysis.stats.reach import poisson_interval

OK, SUPPRESSED, MISSING = "ok", "suppressed", "missing"
AREA_TYPES: tuple[int, ...] = (1, 2, 3, 4, 5)

BY_AREA_TYPE_COLUMNS: tuple[str, ...] = (
    "omradestyp",
    "personer",
    "hushall",
    "andel_placerade",
    "ci_low",
    "ci_high",
    "andel_befolkning",
    "kvot",
    "status",
    "ar_statistik",
    "note",
)
BY_YEAR_COLUMNS: tuple[str, ...] = (
    "ar",
    "personer",
    "D",
    "D_slump",
    "D_slump_low",
    "D_slump_high",
    "status",
    "ar_statistik",
    "dolda_stadsdelar",
    "note",
)
BY_DISTRICT_COLUMNS: tuple[str, ...] = (
    "stadsdel_kod",
    "personer",
    "hushall",
    "folkmangd",
    "per_1000",
    "ci_low",
    "ci_high",
    "status",
    "ar_statistik",
    "note",
)
_PLACEMENT_COLUMNS = ("ar", "stadsdel_kod", "boendetyp", "hushall", "personer")


# --------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------
def statistics_year_for(year: int, available: Sequence[int]) -> tuple[int | None, str]:
    """The statistics year to compare placements of ``year`` with, and a note (Swedish, "" when none is
    needed): ``year`` itself when present, else the nearest earlier year, else the earliest year;
    ``(None, note)`` when there are no statistics at all."""
    years = sorted({int(y) for y in available})
    year = int(year)
    if not years:
        return None, f"ingen statistik att jämföra placeringarna {year} med"
    if year in years:
        return year, ""
    earlier = [y for y in years if y < year]
    if earlier:
        return earlier[-1], f"statistik för {year} saknas; befolkningen är från {earlier[-1]} (närmast tidigare år)"
    return years[0], f"statistik för {year} saknas; befolkningen är från {years[0]} (första året med statistik)"


def _placements(placements: pd.DataFrame, boendetyp: str | None) -> pd.DataFrame:
    require_columns(placements, _PLACEMENT_COLUMNS, "placeringar")
    frame = placements
    if boendetyp is not None:
        frame = frame[(frame["boendetyp"].astype(str) == str(boendetyp)).to_numpy(dtype=bool)]
    return pd.DataFrame(
        {
            "ar": as_float_array(frame["ar"]),
            "stadsdel_kod": frame["stadsdel_kod"].astype(str).to_numpy(),
            "hushall": as_float_array(frame["hushall"]),
            "personer": as_float_array(frame["personer"]),
        }
    )


def _statistics_years(statistics: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in statistics["ar"].dropna()}) if len(statistics) else []


def _population(statistics: pd.DataFrame, year: int) -> pd.Series:
    """``folkmangd`` per district code (float, NaN when missing) in ``year``."""
    rows = statistics[statistics["ar"] == year]
    return pd.Series(as_float_array(rows["folkmangd"]), index=rows["stadsdel_kod"].astype(str).to_numpy())


def _types(statistics: pd.DataFrame, area_types: pd.DataFrame | None, year: int, mean: float, sd: float) -> dict:
    """Area type per district code in statistics year ``year`` (districts without a type left out)."""
    if area_types is None:
        table = compute_area_types(statistics[statistics["ar"] == year], mean, sd)
    elif "ar" in area_types.columns:
        table = area_types[area_types["ar"] == year]
    else:
        table = area_types
    require_columns(table, ["stadsdel_kod", "omradestyp"], "områdestyper")
    return {
        str(code): int(kind)
        for code, kind in zip(table["stadsdel_kod"], table["omradestyp"], strict=True)
        if not pd.isna(kind)
    }


def _int_array(values) -> pd.array:
    array = np.asarray(values, dtype=float)
    out = pd.array(np.where(np.isnan(array), 0, array).astype("int64"), dtype="Int64")
    out[np.isnan(array)] = pd.NA
    return out


def _join(notes) -> str:
    return "; ".join(dict.fromkeys(n for n in notes if n))


# --------------------------------------------------------------------------------------------------------
# Per area type
# --------------------------------------------------------------------------------------------------------
def placements_by_area_type(
    placements: pd.DataFrame,
    statistics: pd.DataFrame,
    area_types: pd.DataFrame | None = None,
    year: int | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    mean: float = DEFAULT_INDEX_MEAN,
    sd: float = DEFAULT_INDEX_SD,
    boendetyp: str | None = None,
) -> pd.DataFrame:
    """The share of placed persons in each area type against that type's share of the population.

    Parameters
    ----------
    placements : DataFrame
        ``Dataset.placements`` (``ar, stadsdel_kod, boendetyp, hushall, personer``).
    statistics : DataFrame
        ``statistik.csv`` columns (``stadsdel_kod, ar, folkmangd`` and what the area types need).
    area_types : DataFrame, optional
        ``stadsdel_kod, omradestyp`` and optionally ``ar`` (e.g. `analysis.stats.districts.area_types`);
        default: computed from ``statistics`` with ``mean``/``sd``.
    year : int or None
        A placement year, or None for all years together.
    min_n : int
        Disclosure threshold.
    boendetyp : str, optional
        Count one housing type only.

    Returns
    -------
    DataFrame
        One row per area type 1–5 (always) and a row with ``omradestyp`` NA when placed persons or residents
        live in districts without a type: ``BY_AREA_TYPE_COLUMNS``.

        * ``personer``, ``hushall``: published counts of placed persons and households in the type.
        * ``andel_placerade`` = persons in the type ÷ all placed persons, from the published counts of a
          rate (`analysis.disclosure.publish_rate_counts`: hidden, with its interval, when the total, the
          type's count or the rest is 1 … min_n−1); ``ci_low, ci_high``: its 95 % Wilson interval.
        * ``andel_befolkning`` = residents (``folkmangd``) of the type's districts ÷ residents of all districts
          with a population figure, in the statistics year matched to each placement year; with ``year`` None
          the residents of each placement year's matched statistics are added up (person-years), so each
          year weighs as it does among the placements. Register totals: no interval.
        * ``kvot`` = ``andel_placerade`` ÷ ``andel_befolkning``: 1 = placed where the population lives, above 1
          = over-represented in the type. NaN when the type has no residents.
        * ``status``: ``"ok"``, ``"suppressed"`` (the share is hidden), ``"missing"`` (nobody placed).
        * ``ar_statistik``: the statistics year used (NA when several); ``note``: why another year was used.
    """
    min_n = check_min_n(min_n)
    require_columns(statistics, ["stadsdel_kod", "ar", "folkmangd"], "placements_by_area_type")
    frame = _placements(placements, boendetyp)
    available = _statistics_years(statistics)
    if year is not None:
        frame = frame[frame["ar"] == int(year)]
        placement_years = [int(year)]
    else:
        placement_years = sorted({int(y) for y in frame["ar"].dropna()}) or available[-1:]
    keys: list = [*AREA_TYPES, None]
    persons = dict.fromkeys(keys, 0.0)
    households = dict.fromkeys(keys, 0.0)
    residents = dict.fromkeys(keys, 0.0)
    used, notes = set(), []
    for placement_year in placement_years:
        stat_year, note = statistics_year_for(placement_year, available)
        notes.append(note)
        if stat_year is None:
            continue
        used.add(stat_year)
        types = _types(statistics, area_types, stat_year, mean, sd)
        population = _population(statistics, stat_year)
        for code, people in population.items():
            if not np.isnan(people):
                residents[types.get(code)] += float(people)
        rows = frame[frame["ar"] == placement_year]
        for code, people, homes in zip(rows["stadsdel_kod"], rows["personer"], rows["hushall"], strict=True):
            persons[types.get(code)] += float(people)
            households[types.get(code)] += float(homes)
    if persons[None] == 0 and residents[None] == 0:
        keys = list(AREA_TYPES)
    true_persons = np.array([persons[k] for k in keys])
    total_true = float(sum(persons.values()))
    n_shown, hits_shown, hidden = disclosure.publish_rate_counts(np.full(len(keys), total_true), true_persons, min_n)
    share = disclosure.published_share(hits_shown, n_shown)
    low, high = wilson_interval(hits_shown, n_shown)
    population_total = float(sum(residents.values()))
    population_share = np.array([residents[k] / population_total if population_total > 0 else np.nan for k in keys])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(population_share > 0, share / np.where(population_share > 0, population_share, 1.0), np.nan)
    status = np.where(total_true == 0, MISSING, np.where(hidden, SUPPRESSED, OK))
    out = pd.DataFrame(
        {
            "omradestyp": pd.array(keys, dtype="Int64"),
            "personer": disclosure.publish_counts(true_persons, min_n).to_numpy(),
            "hushall": disclosure.publish_counts(np.array([households[k] for k in keys]), min_n).to_numpy(),
            "andel_placerade": np.where(hidden, np.nan, share),
            "ci_low": np.where(hidden, np.nan, np.asarray(low, dtype=float)),
            "ci_high": np.where(hidden, np.nan, np.asarray(high, dtype=float)),
            "andel_befolkning": population_share.astype(float),
            "kvot": np.where(hidden, np.nan, ratio),
            "status": status.astype(str),
            "ar_statistik": _int_array([next(iter(used)) if len(used) == 1 else np.nan] * len(keys)),
            "note": _join(notes),
        }
    )
    out["personer"] = out["personer"].astype("Int64")
    out["hushall"] = out["hushall"].astype("Int64")
    return out[list(BY_AREA_TYPE_COLUMNS)]


# --------------------------------------------------------------------------------------------------------
# Dissimilarity over the years
# --------------------------------------------------------------------------------------------------------
def _published_cells(counts: np.ndarray, min_n: int) -> np.ndarray:
    """Counts per district as published, with a hidden count (1 … min_n−1) taken as 0 (vectorised)."""
    base = disclosure.rounding_base(min_n)
    rounded = np.floor((counts + base // 2) / base) * base
    return np.where((counts > 0) & (counts < min_n), 0.0, rounded)


def _dissimilarity_rows(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """D of every row of ``x`` (draws × districts) against ``t``, the formula of
    `analysis.stats.segregation.two_group_indices`; NaN where the group is empty or everyone."""
    T = t.sum()
    X = x.sum(axis=1)
    P = X / T
    p = np.divide(x, t, out=np.zeros_like(x, dtype=float), where=t > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.sum(t * np.abs(p - P[:, None]), axis=1) / (2.0 * T * P * (1.0 - P))
    return np.where((X > 0) & (X < T), np.clip(d, 0.0, 1.0), np.nan)


def random_dissimilarity(
    population: np.ndarray, total: int, *, min_n: int, draws: int = 500, seed=12
) -> tuple[float, float, float]:
    """``(median, 2.5 %, 97.5 %)`` of D when ``total`` persons are placed at random in proportion to the
    population: draws from the multinomial with p_i = population_i ÷ Σ population and the same total,
    each draw's counts published as the real ones are (hidden counts taken as 0), D as
    `analysis.stats.segregation.two_group_indices`. Deterministic: ``numpy.random.default_rng(seed)``.
    NaN without a population, persons or draws."""
    t = np.asarray(population, dtype=float)
    if draws <= 0 or total <= 0 or t.sum() <= 0 or np.count_nonzero(t > 0) < 2:
        return np.nan, np.nan, np.nan
    rng = np.random.default_rng(seed)
    x = rng.multinomial(int(total), t / t.sum(), size=int(draws)).astype(float)
    d = _dissimilarity_rows(_published_cells(x, min_n), t)
    d = d[~np.isnan(d)]
    if d.size == 0:
        return np.nan, np.nan, np.nan
    median, low, high = np.percentile(d, [50.0, 2.5, 97.5])
    return float(median), float(low), float(high)


def dispersal_by_year(
    placements: pd.DataFrame,
    statistics: pd.DataFrame,
    *,
    min_n: int = DEFAULT_MIN_N,
    draws: int = 500,
    seed: int = 12,
    boendetyp: str | None = None,
) -> pd.DataFrame:
    """The dissimilarity index D of placed persons against the population, per placement year, with the D
    that random placement in proportion to the population would give.

    Returns
    -------
    DataFrame
        One row per placement year (ascending), ``BY_YEAR_COLUMNS``:

        * ``personer``: published number of persons placed that year.
        * ``D`` = `analysis.stats.segregation.two_group_indices` (group = placed persons per district,
          total = ``folkmangd`` per district).dissimilarity on the *published* district counts, a hidden
          count (1 … min_n−1) taken as 0 (``dolda_stadsdelar`` says how many; exact with min_n 1): the share
          of the placed who would have to live elsewhere for every district to have the same share of placed
          among its residents. 0 = placed exactly in proportion to the population; 1 = all placed where
          nobody else lives.
        * ``D_slump`` (median), ``D_slump_low`` / ``D_slump_high`` (2.5 / 97.5 percentiles) of D over ``draws``
          random placements of the same published number of persons with probabilities proportional to each
          district's population (multinomial), published and computed like ``D``
          (:func:`random_dissimilarity`, seed ``[seed, year]``). D is biased upward for small counts: a few
          dozen persons over many districts cannot be spread evenly, so even a random placement has a
          clearly positive D. Read D against ``D_slump``: within the band = as spread as chance allows;
          above it = more concentrated than random placement.
        * ``status``: ``"ok"``; ``"suppressed"`` when the year's total is hidden; ``"missing"`` when no
          statistics exist or D is undefined (nobody placed, fewer than two inhabited districts, more placed
          than residents in a district; ``note`` gives the reason in Swedish). ``ar_statistik``: the
          statistics year used (see :func:`statistics_year_for`); ``note``: substitutions and left-out
          districts.

    Notes
    -----
    Districts with no population figure in the statistics year are left out (said in ``note``): D is over the
    districts of the statistics year. The persons placed in them still count in ``personer``.
    """
    min_n = check_min_n(min_n)
    require_columns(statistics, ["stadsdel_kod", "ar", "folkmangd"], "dispersal_by_year")
    frame = _placements(placements, boendetyp)
    available = _statistics_years(statistics)
    rows = []
    for year in sorted({int(y) for y in frame["ar"].dropna()}):
        here = frame[frame["ar"] == year]
        total = disclosure.publish_count(int(here["personer"].sum()), min_n)
        stat_year, note = statistics_year_for(year, available)
        row = {"ar": year, "personer": total, "D": np.nan, "D_slump": np.nan, "D_slump_low": np.nan}
        row |= {"D_slump_high": np.nan, "ar_statistik": stat_year, "dolda_stadsdelar": pd.NA}
        notes = [note]
        if total is None:
            rows.append(row | {"status": SUPPRESSED, "note": _join(notes)})
            continue
        if stat_year is None:
            rows.append(row | {"status": MISSING, "note": _join(notes)})
            continue
        population = _population(statistics, stat_year)
        known = population[~np.isnan(population.to_numpy())]
        placed = here.groupby("stadsdel_kod")["personer"].sum()
        outside = placed[~placed.index.isin(known.index)]
        if outside.sum() > 0:
            notes.append(
                f"{len(outside)} stadsdelar med placeringar saknar befolkningssiffra för {stat_year} och räknas inte"
            )
        true_cells = placed.reindex(known.index, fill_value=0.0).to_numpy(dtype=float)
        cells = _published_cells(true_cells, min_n)
        row["dolda_stadsdelar"] = int(np.sum((true_cells > 0) & (true_cells < min_n)))
        t = known.to_numpy(dtype=float)
        try:
            row["D"] = segregation.two_group_indices(cells, t, areas=list(known.index)).dissimilarity
        except segregation.SegregationInputError as error:
            rows.append(row | {"status": MISSING, "note": _join([*notes, str(error)])})
            continue
        median, low, high = random_dissimilarity(t, total, min_n=min_n, draws=draws, seed=[seed, year])
        row |= {"D_slump": median, "D_slump_low": low, "D_slump_high": high}
        rows.append(row | {"status": OK, "note": _join(notes)})
    out = pd.DataFrame(rows, columns=list(BY_YEAR_COLUMNS))
    out["ar"] = out["ar"].astype("int64")
    out["personer"] = _int_array(pd.to_numeric(out["personer"], errors="coerce"))
    for column in ("D", "D_slump", "D_slump_low", "D_slump_high"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    out["ar_statistik"] = _int_array(pd.to_numeric(out["ar_statistik"], errors="coerce"))
    out["dolda_stadsdelar"] = _int_array(pd.to_numeric(out["dolda_stadsdelar"], errors="coerce"))
    out["status"] = out["status"].astype(str)
    out["note"] = out["note"].astype(str)
    return out


# --------------------------------------------------------------------------------------------------------
# Per district
# --------------------------------------------------------------------------------------------------------
def placements_by_district(
    placements: pd.DataFrame,
    statistics: pd.DataFrame,
    year: int,
    *,
    min_n: int = DEFAULT_MIN_N,
    boendetyp: str | None = None,
) -> pd.DataFrame:
    """Placed persons and households per district in ``year``, and persons per 1,000 residents.

    Returns
    -------
    DataFrame
        One row per district of the statistics year used and any other district with placements that year
        (sorted by code), ``BY_DISTRICT_COLUMNS``: ``personer``, ``hushall`` (published; 0 where nobody
        was placed), ``folkmangd`` (residents of the statistics year, public), ``per_1000`` = 1000 ·
        published ``personer`` ÷ ``folkmangd``, ``ci_low, ci_high`` its exact Poisson (Garwood) interval
        from the published count divided by the residents (the count treated as Poisson, the population as
        a fixed register total; as `analysis.stats.reach.reach`). ``status``: ``"suppressed"`` when the count
        is hidden (rate and interval NA), ``"missing"`` when the district has no population figure (counts
        still shown), else ``"ok"``. ``ar_statistik`` and ``note`` as in :func:`dispersal_by_year`.
    """
    min_n = check_min_n(min_n)
    require_columns(statistics, ["stadsdel_kod", "ar", "folkmangd"], "placements_by_district")
    year = int(year)
    frame = _placements(placements, boendetyp)
    frame = frame[frame["ar"] == year]
    stat_year, note = statistics_year_for(year, _statistics_years(statistics))
    population = _population(statistics, stat_year) if stat_year is not None else pd.Series(dtype=float)
    summed = frame.groupby("stadsdel_kod")[["personer", "hushall"]].sum()
    codes = sorted(set(population.index) | set(summed.index))
    persons = summed["personer"].reindex(codes, fill_value=0.0).to_numpy(dtype=float)
    homes = summed["hushall"].reindex(codes, fill_value=0.0).to_numpy(dtype=float)
    residents = population.reindex(codes).to_numpy(dtype=float)
    shown = disclosure.publish_counts(persons, min_n).to_numpy(dtype=float, na_value=np.nan)
    hidden = np.isnan(shown)
    has_population = ~np.isnan(residents) & (residents > 0)
    safe = np.where(has_population, residents, 1.0)
    low, high = poisson_interval(np.where(hidden, np.nan, shown))
    usable = ~hidden & has_population
    out = pd.DataFrame(
        {
            "stadsdel_kod": pd.Series(codes, dtype=str),
            "personer": pd.array(shown, dtype="Float64").astype("Int64"),
            "hushall": disclosure.publish_counts(homes, min_n).to_numpy(),
            "folkmangd": _int_array(residents),
            "per_1000": np.where(usable, 1000.0 * np.nan_to_num(shown) / safe, np.nan),
            "ci_low": np.where(usable, 1000.0 * np.asarray(low, dtype=float) / safe, np.nan),
            "ci_high": np.where(usable, 1000.0 * np.asarray(high, dtype=float) / safe, np.nan),
            "status": np.where(hidden, SUPPRESSED, np.where(has_population, OK, MISSING)).astype(str),
            "ar_statistik": _int_array([np.nan if stat_year is None else stat_year] * len(codes)),
            "note": note,
        }
    )
    out["hushall"] = out["hushall"].astype("Int64")
    return out[list(BY_DISTRICT_COLUMNS)]


#: How a year's D compares with random placement (:func:`dispersal_reading`).
CONCENTRATED, AS_CHANCE, EVEN = "concentrated", "as_chance", "even"


def dispersal_reading(d, low, high) -> str | None:
    """Whether placements were more concentrated than random placement in proportion to the population gives
    (D above the 97.5th percentile of random D: ``"concentrated"``), more evenly spread than it (D below the
    2.5th percentile, which only deliberate spreading achieves: ``"even"``), or within what chance gives
    (``"as_chance"``). ``None`` when any of the three is missing (a hidden or missing year)."""
    values = [d, low, high]
    if any(v is None or pd.isna(v) for v in values):
        return None
    if float(d) > float(high):
        return CONCENTRATED
    if float(d) < float(low):
        return EVEN
    return AS_CHANCE


def placed_totals(
    placements: pd.DataFrame, year: int, *, min_n: int = DEFAULT_MIN_N, boendetyp: str | None = None
) -> dict[str, int | None]:
    """The persons and households placed in ``year`` in the whole municipality (one housing type when
    ``boendetyp`` is given), each published on its own through ``analysis.disclosure`` (``None`` when hidden).
    A total is never the sum of published parts: rounding and hiding the parts first would understate it."""
    rows = _placements(placements, boendetyp)
    rows = rows[rows["ar"] == int(year)]
    return {
        "personer": disclosure.publish_count(int(rows["personer"].sum()), min_n),
        "hushall": disclosure.publish_count(int(rows["hushall"].sum()), min_n),
    }
