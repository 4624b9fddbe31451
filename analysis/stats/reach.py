"""Reach of the programmes: participants per 1,000 residents, and whether they come from where the need is.

Statistical contract shared by the functions here:

* Unit: a *participant* is a distinct ``deltagare_id`` (a person), not an enrolment. A person enrolled twice
  in a year counts once per group.
* Period: one calendar year. A participant is counted in ``year`` when at least one of their enrolments is
  *active* in it (`active_in_year`): started on or before 31 December and not finished before 1 January.
  This counts everyone the programme worked with during the year, not only those who started in it (the
  "enrolled" count of `analysis.stats.programmes.programme_funnel` is the latter).
* Population: ``folkmangd_20_64`` of ``statistik.csv`` (SCB, 31 December of the year), the age band of the
  labour-market programmes and of SCB's area-type variables. Participants of any age are counted unless
  ``ages_20_64=True``, so reach is a rate *per* 1,000 residents aged 20–64, not a share of them.
* Small numbers: a participant count of 1 … min_n−1 is hidden with everything computed from it; a count of
  0 is shown ("nobody" reveals nothing about a small group of people).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import disclosure
from analysis.frames import as_float_array, check_min_n, normalise_by, require_columns
from analysis.settings import DEFAULT_INDEX_MEAN, DEFAULT_INDEX_SD, DEFAULT_MIN_N
from analysis.stats.districts import area_types
from analysis.stats.rates import is_finished, wilson_interval

#: Columns `reach` may group by. Population figures exist per district only, so no person attributes.
REACH_KEYS: tuple[str, ...] = ("stadsdel_kod", "insats")
#: Columns `targeting_ratio` may group by (the population share is always that of all residents 20–64).
TARGETING_KEYS: tuple[str, ...] = ("insats", "malgrupp", "kon")
#: Age band of the population denominator.
AGE_BAND: tuple[int, int] = (20, 64)

REACH_COLUMNS: tuple[str, ...] = ("deltagare", "folkmangd_20_64", "per_1000", "ci_low", "ci_high", "suppressed")
TARGETING_COLUMNS: tuple[str, ...] = (
    "n",
    "i_omradena",
    "andel_deltagare",
    "andel_befolkning",
    "kvot",
    "ci_low",
    "ci_high",
    "okand_omradestyp",
    "suppressed",
)


def active_in_year(participants: pd.DataFrame, year: int) -> pd.Series:
    """True for enrolments active at some time in calendar year ``year``.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``startdatum``, ``slutdatum``, ``utfall``).
    year : int
        Calendar year.

    Returns
    -------
    Series of bool, aligned with ``participants``

    Notes
    -----
    Active = ``startdatum`` ≤ 31 December of ``year`` and the enrolment had not ended before 1 January:
    ``slutdatum`` ≥ 1 January, or no ``slutdatum`` while still running (``utfall`` ``pagaende`` or empty).
    A finished enrolment without ``slutdatum`` (the loader rejects these; possible in hand-made frames) is
    counted in the year of its ``startdatum`` only. An enrolment without ``startdatum`` is never active.
    """
    first, last = _active_years(participants)
    return pd.Series((first <= int(year)) & (int(year) <= last), index=participants.index)


def poisson_interval(count, level: float = 0.95):
    """Exact (Garwood 1936) confidence interval for a Poisson mean, vectorised.

    Parameters
    ----------
    count : int or array-like of int
        Observed counts (NaN/NA gives NaN).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    (low, high) : floats or numpy arrays
        ``low = χ²(α/2; 2k)/2`` (0 when k = 0) and ``high = χ²(1−α/2; 2k+2)/2`` with α = 1 − level. The
        interval is exact in the sense of guaranteed coverage ≥ level (it is conservative).
    """
    from scipy import stats  # on use: importing scipy.stats costs a cold start about 0.6 s

    k = as_float_array(count)
    scalar = k.ndim == 0
    k = np.atleast_1d(k)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * np.where(k > 0, k, 1)) / 2, 0.0)
        high = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    low = np.where(np.isnan(k), np.nan, low)
    high = np.where(np.isnan(k), np.nan, high)
    if scalar:
        return float(low[0]), float(high[0])
    return low, high


def _population(statistics: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = statistics.loc[statistics["ar"].astype("int64") == int(year)]
    return pd.DataFrame(
        {
            "stadsdel_kod": rows["stadsdel_kod"].astype("str").to_numpy(),
            "folkmangd_20_64": as_float_array(rows["folkmangd_20_64"]),
        }
    )


def reach(
    participants: pd.DataFrame,
    statistics: pd.DataFrame,
    *,
    year: int,
    by=("stadsdel_kod", "insats"),
    min_n: int = DEFAULT_MIN_N,
    ages_20_64: bool = False,
) -> pd.DataFrame:
    """Participants per 1,000 residents aged 20–64, per district and/or programme, with a 95 % interval.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``deltagare_id, insats, stadsdel_kod, startdatum, slutdatum, utfall``
        and ``fodelsear`` when ``ages_20_64``).
    statistics : DataFrame
        ``statistik.csv`` columns (``stadsdel_kod, ar, folkmangd_20_64``).
    year : int
        Calendar year of both the participants and the population.
    by : sequence of str, default ``("stadsdel_kod", "insats")``
        Any of ``stadsdel_kod``, ``insats``; without ``stadsdel_kod`` the municipality is one unit.
    min_n : int, default 5
        Suppression threshold on the participant count.
    ages_20_64 : bool, default False
        Count only participants aged 20–64 in ``year`` (``year − fodelsear``), so that the rate is a
        share of the population it is expressed in. Participants with unknown birth year are then left out.

    Returns
    -------
    DataFrame
        ``ar, *by, deltagare, folkmangd_20_64, per_1000, ci_low, ci_high, suppressed``; ``ar`` int,
        ``deltagare`` and ``folkmangd_20_64`` Int64, the rate and its interval float (per 1,000).
        Rows: with ``stadsdel_kod`` in ``by``, every district of ``statistics`` for ``year`` plus any other
        district a participant is registered in; with ``insats``, every programme present anywhere in
        ``participants``; all combinations (so a district nobody was reached in shows 0). Sorted by keys.

    Notes
    -----
    * Numerator ``deltagare``: distinct ``deltagare_id`` with an enrolment active in ``year`` (see
      `active_in_year`) in the group. A person enrolled in two programmes counts in both; a person
      registered in two districts in the year counts in both; so groups need not add up to the total.
    * Denominator ``folkmangd_20_64``: the district's residents aged 20–64 in ``year``; for the whole
      municipality the sum over the districts of that year (NA if any is missing). A district missing from
      ``statistics`` has no denominator: its rate is NA while its count is still shown (masked).
      Participants in such districts count in the municipal numerator.
    * ``per_1000 = 1000 · deltagare / folkmangd_20_64``.
    * Interval: exact Poisson (Garwood) for the count, divided by the population: the count is treated as
      Poisson with the population as a fixed register total. Chosen over a binomial (Wilson) interval
      because, with participants of all ages, the participants are not a subset of the 20–64 population,
      so "successes out of n" does not describe them; for small rates the two agree closely anyway.
      Coverage is at least 95 % (conservative for small counts).
    * Small numbers (`analysis.disclosure`): ``deltagare`` in 1 … min_n−1 → NA with rate and interval
      (``suppressed`` True); other counts are rounded to the nearest 5 and the rate and interval are
      computed from the rounded count, so district counts, the municipal figure beside them and other
      years cannot be subtracted down to a small count. A population below ``min_n`` (but > 0) hides the
      row too.
    """
    year = int(year)
    return reach_by_year(participants, statistics, years=[year], by=by, min_n=min_n, ages_20_64=ages_20_64)[year]


def reach_by_year(
    participants: pd.DataFrame,
    statistics: pd.DataFrame,
    *,
    years,
    by=("stadsdel_kod", "insats"),
    min_n: int = DEFAULT_MIN_N,
    ages_20_64: bool = False,
) -> dict[int, pd.DataFrame]:
    """:func:`reach` for each of ``years``: the same frames, same contract and suppression, year by year.

    Each enrolment's first and last active year is worked out once for all the years (`_active_years`,
    the same rule as `active_in_year`), so a year costs one comparison and one count of distinct persons
    per group (a national register of 1,000,000 enrolments: about 80 ms a year through `reach`)."""
    keys = normalise_by(by, REACH_KEYS, "reach")
    min_n = check_min_n(min_n)
    years = [int(y) for y in years]
    needed = ["deltagare_id", "insats", "stadsdel_kod", "startdatum", "slutdatum", "utfall"]
    require_columns(participants, needed + (["fodelsear"] if ages_20_64 else []), "reach")
    require_columns(statistics, ["stadsdel_kod", "ar", "folkmangd_20_64"], "reach")
    programmes = sorted(set(participants["insats"].dropna().astype("str").unique())) if "insats" in keys else None

    first, last = _active_years(participants)
    birth = as_float_array(participants["fodelsear"]) if ages_20_64 else None
    columns = participants[["deltagare_id", "stadsdel_kod", "insats"]]
    out = {}
    for year in years:
        active = columns.loc[_active_mask(first, last, birth, year)]
        if keys:
            counts = (
                active.assign(stadsdel_kod=active["stadsdel_kod"].astype("str"), insats=active["insats"].astype("str"))
                .groupby(keys, dropna=False, observed=True)["deltagare_id"]
                .nunique()
                .rename("deltagare")
                .reset_index()
            )
        else:
            counts = pd.DataFrame({"deltagare": [int(active["deltagare_id"].nunique())]})
        # unique() first: iterating a national register's string column in Python took 0.15 s a call.
        registered = active["stadsdel_kod"].dropna().astype("str").unique() if "stadsdel_kod" in keys else None
        out[year] = _reach_table(counts, registered, _population(statistics, year), keys, programmes, year, min_n)
    return out


def _active_mask(first: np.ndarray, last: np.ndarray, birth: np.ndarray | None, year: int) -> np.ndarray:
    """The enrolments active in ``year`` (`_active_years`), and aged 20–64 then when ``birth`` is given."""
    mask = (first <= year) & (year <= last)
    if birth is not None:
        low, high = AGE_BAND
        with np.errstate(invalid="ignore"):
            mask &= (year - birth >= low) & (year - birth <= high)
    return mask


def _active_years(participants: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each enrolment's first and last calendar year of activity, as floats: active in ``year`` exactly when
    ``first <= year <= last``: started by 31 December; ended on or after 1 January, or no end while
    running; a finished enrolment without an end date only in its start year (`active_in_year`, and every
    count of many years, apply this one rule). No start date: never active (first is +inf); still running:
    last is +inf."""
    start = pd.to_datetime(participants["startdatum"]).dt.year.to_numpy(dtype=float, na_value=np.nan)
    end = pd.to_datetime(participants["slutdatum"]).dt.year.to_numpy(dtype=float, na_value=np.nan)
    finished = is_finished(participants).to_numpy(dtype=bool)
    last = np.where(np.isnan(end), np.where(finished, start, np.inf), end)
    first = np.where(np.isnan(start), np.inf, start)
    return first, last


def _reach_table(counts, registered, population, keys, programmes, year: int, min_n: int) -> pd.DataFrame:
    """One year of :func:`reach` from the distinct persons per group (``counts``), the districts someone
    was registered in that year and the population."""
    grid = pd.DataFrame({"__one__": [1]})
    if "stadsdel_kod" in keys:
        districts = sorted(set(population["stadsdel_kod"].unique()) | set(registered))
        grid = grid.merge(pd.DataFrame({"__one__": 1, "stadsdel_kod": pd.Series(districts, dtype="str")}), on="__one__")
    if "insats" in keys:
        grid = grid.merge(pd.DataFrame({"__one__": 1, "insats": pd.Series(programmes, dtype="str")}), on="__one__")
    grid = grid.drop(columns="__one__")
    table = grid.merge(counts, on=keys, how="left") if keys else counts
    table["deltagare"] = table["deltagare"].fillna(0).astype("int64")

    if "stadsdel_kod" in keys:
        table = table.merge(population, on="stadsdel_kod", how="left")
    else:
        values = population["folkmangd_20_64"].to_numpy(dtype=float)
        total = np.nan if (values.size == 0 or np.isnan(values).any()) else float(values.sum())
        table["folkmangd_20_64"] = total

    pop = table["folkmangd_20_64"].to_numpy(dtype=float)
    small_pop = ~np.isnan(pop) & (pop > 0) & (pop < min_n)
    # The published count (analysis.disclosure: 1 … min_n−1 hidden, the rest rounded to the nearest 5);
    # the rate and its interval are computed from it, so rate × population gives back only that.
    published = disclosure.publish_counts(table["deltagare"], min_n).to_numpy(dtype=float, na_value=np.nan)
    hidden = np.isnan(published) | small_pop
    k = np.where(hidden, 0.0, published)
    has_pop = ~np.isnan(pop) & (pop > 0)
    safe_pop = np.where(has_pop, pop, 1.0)
    low, high = poisson_interval(k)
    rate = np.where(has_pop, 1000.0 * k / safe_pop, np.nan)
    ci_low = np.where(has_pop, 1000.0 * np.asarray(low) / safe_pop, np.nan)
    ci_high = np.where(has_pop, 1000.0 * np.asarray(high) / safe_pop, np.nan)
    deltagare = pd.array(k.astype("int64"), dtype="Int64")
    deltagare[hidden] = pd.NA
    folk = pd.array(np.where(np.isnan(pop), 0, pop).astype("int64"), dtype="Int64")
    folk[np.isnan(pop) | small_pop] = pd.NA

    out = pd.DataFrame({"ar": np.full(len(table), year, dtype="int64")})
    for key in keys:
        out[key] = table[key].astype("str").to_numpy()
    out["deltagare"] = deltagare
    out["folkmangd_20_64"] = folk
    out["per_1000"] = np.where(hidden, np.nan, rate)
    out["ci_low"] = np.where(hidden, np.nan, ci_low)
    out["ci_high"] = np.where(hidden, np.nan, ci_high)
    out["suppressed"] = hidden
    return out.sort_values(keys).reset_index(drop=True) if keys else out


def _person_districts(active: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per person (and group): the district of the person's latest-started active enrolment."""
    ordered = active.assign(__row__=np.arange(len(active))).sort_values(["startdatum", "__row__"], kind="stable")
    # The last row of each (group, person) in start order: what groupby(...).tail(1) gives, in a third of
    # the time on a national register (missing keys are one group in both).
    return ordered.drop_duplicates([*keys, "deltagare_id"], keep="last")


def targeting_ratio(
    participants: pd.DataFrame,
    statistics: pd.DataFrame,
    *,
    year: int,
    types=(1, 2),
    by=(),
    mean: float = DEFAULT_INDEX_MEAN,
    sd: float = DEFAULT_INDEX_SD,
    min_n: int = DEFAULT_MIN_N,
    ages_20_64: bool = False,
) -> pd.DataFrame:
    """Do the programmes reach the districts with the greatest needs? Participant share ÷ population share.

    Parameters
    ----------
    participants, statistics : DataFrame
        Participant template and ``statistik.csv`` columns.
    year : int
        Calendar year of the participants, the population and the area types.
    types : sequence of int, default ``(1, 2)``
        The area types that count as "where the need is" (SCB's 1 = stora socioekonomiska utmaningar,
        2 = socioekonomiska utmaningar).
    by : sequence of str, default ``()``
        Any of ``insats``, ``malgrupp``, ``kon``; ``()`` = all programmes together.
    mean, sd : float
        National mean and SD of the socioeconomic index (for districts without an SCB type, see
        `analysis.stats.districts.area_types`).
    min_n : int, default 5
        Suppression threshold on ``n``.
    ages_20_64 : bool, default False
        Count only participants aged 20–64 in ``year``.

    Returns
    -------
    DataFrame
        ``ar, *by, n, i_omradena, andel_deltagare, andel_befolkning, kvot, ci_low, ci_high,
        okand_omradestyp, suppressed``: ``n``, ``i_omradena``, ``okand_omradestyp`` Int64, the rest float.
        One row per group that has an active participant in ``year`` (one row in all with ``by`` empty).

    Notes
    -----
    * Participants: distinct ``deltagare_id`` with an enrolment active in ``year`` (see
      `active_in_year`), each placed in the district of their latest-started active enrolment of the
      year (within the group), so every person counts once.
    * ``n``: those participants whose district has a known area type in ``year``; ``i_omradena``: those of
      them living in a district of ``types``; ``andel_deltagare = i_omradena / n``.
    * ``okand_omradestyp``: participants left out because their district has no type (not in
      ``statistics`` for the year, or neither an SCB type nor a computable index).
    * ``andel_befolkning``: residents aged 20–64 in districts of ``types`` ÷ residents aged 20–64 in all
      districts with a known type, same year (districts with missing population left out of both).
    * ``kvot = andel_deltagare / andel_befolkning``: 1 = participants live where the population lives;
      above 1 = over-represented in the districts with the greatest needs (the aim of a targeted
      programme); below 1 = under-represented. NaN when the municipality has nobody in those types.
    * Interval: the population share is a register total, so it is treated as fixed (no sampling error);
      the 95 % Wilson (1927) interval of the participant share is carried through the division:
      ``(ci_low, ci_high) = (wilson_low, wilson_high) / andel_befolkning``.
    * Small numbers (`analysis.disclosure`), as for outcome rates: counts are rounded to the nearest 5 and
      the share, ratio and interval computed from the rounded counts; where ``n`` < ``min_n`` or
      ``i_omradena`` or ``n − i_omradena`` is 1 … min_n−1 every number in the row is NA and
      ``suppressed`` is True. ``okand_omradestyp`` in 1 … min_n−1 is NA, other values rounded.
    """
    year = int(year)
    return targeting_ratio_by_year(
        participants,
        statistics,
        years=[year],
        types=types,
        by=by,
        mean=mean,
        sd=sd,
        min_n=min_n,
        ages_20_64=ages_20_64,
    )[year]


def targeting_ratio_by_year(
    participants: pd.DataFrame,
    statistics: pd.DataFrame,
    *,
    years,
    types=(1, 2),
    by=(),
    mean: float = DEFAULT_INDEX_MEAN,
    sd: float = DEFAULT_INDEX_SD,
    min_n: int = DEFAULT_MIN_N,
    ages_20_64: bool = False,
) -> dict[int, pd.DataFrame]:
    """:func:`targeting_ratio` for each of ``years``: the same frames, same contract, year by year, with
    each enrolment's active years worked out once (as :func:`reach_by_year`)."""
    keys = normalise_by(by, TARGETING_KEYS, "targeting_ratio")
    min_n = check_min_n(min_n)
    wanted = {int(t) for t in types}
    needed = ["deltagare_id", "stadsdel_kod", "startdatum", "slutdatum", "utfall", *keys]
    require_columns(participants, needed + (["fodelsear"] if ages_20_64 else []), "targeting_ratio")
    require_columns(statistics, ["stadsdel_kod", "ar", "folkmangd_20_64"], "targeting_ratio")
    first, last = _active_years(participants)
    birth = as_float_array(participants["fodelsear"]) if ages_20_64 else None
    columns = participants[list(dict.fromkeys(["deltagare_id", "stadsdel_kod", "startdatum", *keys]))]
    out = {}
    for year in [int(y) for y in years]:
        active = columns.loc[_active_mask(first, last, birth, year)]
        out[year] = _targeting_year(active, statistics, keys, wanted, mean, sd, min_n, year)
    return out


def _targeting_year(active, statistics, keys, wanted, mean, sd, min_n, year: int) -> pd.DataFrame:
    """One year of :func:`targeting_ratio_by_year` from the enrolments active in it."""
    this_year = statistics.loc[statistics["ar"].astype("int64") == year].reset_index(drop=True)
    typed = area_types(this_year, mean, sd)
    population = as_float_array(this_year["folkmangd_20_64"])
    known_type = typed["omradestyp"].notna().to_numpy(dtype=bool) & ~np.isnan(population)
    in_types = typed["omradestyp"].isin(sorted(wanted)).fillna(False).to_numpy(dtype=bool)
    population_total = float(population[known_type].sum())
    population_in = float(population[known_type & in_types].sum())
    population_share = population_in / population_total if population_total > 0 else np.nan

    persons = _person_districts(active, keys)
    # Each person's area type, looked up for all at once (a loop over a national register's persons took
    # most of the page's rerun); a district without a type, or a person without a district, is NA.
    type_by_code = pd.Series(
        pd.array(typed["omradestyp"], dtype="Int64"), index=typed["stadsdel_kod"].astype("str").to_numpy()
    )
    codes = persons["stadsdel_kod"]
    type_of_person = pd.array(type_by_code.reindex(codes.astype("str").to_numpy()).array, dtype="Int64")
    type_of_person[codes.isna().to_numpy()] = pd.NA
    flags = pd.DataFrame(
        {
            **{key: persons[key].to_numpy() for key in keys},
            "n": pd.Series(type_of_person).notna().to_numpy(dtype="int64"),
            "i_omradena": pd.Series(type_of_person).isin(sorted(wanted)).fillna(False).to_numpy(dtype="int64"),
            "okand_omradestyp": pd.Series(type_of_person).isna().to_numpy(dtype="int64"),
        }
    )
    if keys:
        counts = flags.groupby(keys, dropna=False, observed=True, sort=True).sum().reset_index()
    else:
        counts = pd.DataFrame({c: [int(flags[c].sum())] for c in ("n", "i_omradena", "okand_omradestyp")})

    # Published counts (analysis.disclosure): the share in the areas is a rate, hidden when n, those in
    # the areas or those outside them are 1 … min_n−1, and computed from the rounded counts.
    n, hits, hidden = disclosure.publish_rate_counts(counts["n"], counts["i_omradena"], min_n)
    low, high = wilson_interval(hits, n)
    share = disclosure.published_share(hits, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        divisor = population_share if population_share and population_share > 0 else np.nan
        ratio = share / divisor
        ratio_low = np.asarray(low, dtype=float) / divisor
        ratio_high = np.asarray(high, dtype=float) / divisor

    out = pd.DataFrame({"ar": np.full(len(counts), year, dtype="int64")})
    for key in keys:
        out[key] = counts[key].to_numpy()
    out["n"] = pd.array(n, dtype="Float64").astype("Int64")
    out["i_omradena"] = pd.array(hits, dtype="Float64").astype("Int64")
    out["andel_deltagare"] = np.where(hidden, np.nan, share)
    out["andel_befolkning"] = float(population_share)
    out["kvot"] = np.where(hidden, np.nan, ratio)
    out["ci_low"] = np.where(hidden, np.nan, ratio_low)
    out["ci_high"] = np.where(hidden, np.nan, ratio_high)
    out["okand_omradestyp"] = disclosure.publish_counts(counts["okand_omradestyp"], min_n).to_numpy()
    out["okand_omradestyp"] = out["okand_omradestyp"].astype("Int64")
    out["suppressed"] = hidden
    return out.reset_index(drop=True)


def targeting_reading(kvot, ci_low, ci_high) -> str:
    """What one targeting ratio says, as a verdict the UI words in the language in use.

    Parameters
    ----------
    kvot, ci_low, ci_high : float
        A row of `targeting_ratio` (NaN/NA when hidden or undefined).

    Returns
    -------
    str
        ``"over"`` when the whole 95 % interval is above 1 (participants over-represented where the needs
        are), ``"under"`` when it is wholly below 1, ``"unclear"`` when it contains 1, and ``"hidden"`` when
        any of the three numbers is missing (fewer than ``min_n`` participants, or no residents in those
        areas that year).
    """
    values = [kvot, ci_low, ci_high]
    if any(v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) for v in values):
        return "hidden"
    if float(ci_low) > 1:
        return "over"
    if float(ci_high) < 1:
        return "under"
    return "unclear"


def reach_by_district_and_type(
    participants: pd.DataFrame,
    statistics: pd.DataFrame,
    *,
    year: int,
    mean: float,
    sd: float,
    min_n: int = DEFAULT_MIN_N,
    programme: str | None = None,
) -> pd.DataFrame:
    """:func:`reach` per district, for one programme (or all when ``programme`` is None), with each
    district's area type that year beside it, so a page can show whether the districts with the greatest
    challenges are reached most. Same statistical contract as :func:`reach`; the area type follows
    ``districts.area_types`` (SCB's type wins)."""
    return reach_by_district_and_type_by_year(
        participants, statistics, years=[year], mean=mean, sd=sd, min_n=min_n, programme=programme
    )[int(year)]


def reach_by_district_and_type_by_year(
    participants: pd.DataFrame,
    statistics: pd.DataFrame,
    *,
    years,
    mean: float,
    sd: float,
    min_n: int = DEFAULT_MIN_N,
    programme: str | None = None,
) -> dict[int, pd.DataFrame]:
    """:func:`reach_by_district_and_type` for each of ``years`` (same frames), through :func:`reach_by_year`."""
    if programme is not None:
        # Only the columns reach reads: filtering a national register copies every column taken along.
        columns = ["deltagare_id", "insats", "stadsdel_kod", "startdatum", "slutdatum", "utfall"]
        participants = participants.loc[
            (participants["insats"] == programme).fillna(False).to_numpy(dtype=bool), columns
        ]
    tables = reach_by_year(participants, statistics, years=years, by=("stadsdel_kod",), min_n=min_n)
    out = {}
    for year, table in tables.items():
        types = area_types(statistics[statistics["ar"] == year], mean, sd)[["stadsdel_kod", "omradestyp"]]
        out[year] = table.merge(types, on="stadsdel_kod", how="left")
    return out
