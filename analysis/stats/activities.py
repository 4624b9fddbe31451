"""The activity log: what happens in each district (språkcafé, läxhjälp, volontärgrupp, träff …).

Statistical contract shared by every function here:

* **Activities** (rows of ``aktiviteter.csv``) are things, not people: their number is shown exactly.
* **Participants** (``deltagare``) are people and are published through `analysis.disclosure` (0 shown,
  1 … min_n−1 hidden, the rest rounded to the base), and everything computed from them (shares, rates per
  1,000) uses the published sums. They are *participations*, not distinct persons: the log has no
  identities, so someone at ten language cafés counts ten times, and groups need not add up to persons.
  Activities without a participant figure add nothing to the sums; ``utan_antal`` counts them (exact).
* **Estimates.** ``uppskattade`` = participants of activities whose count was estimated (``rakning``
  ``uppskattat``) ÷ all participants, from the published counts of a rate
  (`analysis.disclosure.publish_rate_counts`: hidden when the total, the estimated part or the counted part
  is 1 … min_n−1).
* **Per 1,000 residents** (``folkmangd`` of ``statistik.csv``): for one year, the residents of that year
  (the nearest earlier statistics year when it is missing, else the earliest, said in ``note``); for all
  years together, the residents summed over the activity years (per 1,000 residents *and year*). Register
  totals: no interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import disclosure, vocab
from analysis.frames import as_float_array, check_min_n, require_columns
from analysis.settings import DEFAULT_MIN_N
from analysis.stats.dispersal import statistics_year_for

OK, SUPPRESSED, MISSING = "ok", "suppressed", "missing"
#: ``rakning`` of an estimated participant count (one of ``vocab.PARTICIPANT_COUNTING``).
ESTIMATED = "uppskattat"

_COUNT_COLUMNS: tuple[str, ...] = ("aktiviteter", "deltagare", "uppskattade", "utan_antal")
BY_DISTRICT_COLUMNS: tuple[str, ...] = (
    "stadsdel_kod",
    *_COUNT_COLUMNS,
    "folkmangd",
    "aktiviteter_per_1000",
    "deltagare_per_1000",
    "status",
    "note",
)
BY_KIND_COLUMNS: tuple[str, ...] = ("typ", *_COUNT_COLUMNS, "status")
BY_MEASURE_COLUMNS: tuple[str, ...] = ("atgard_id", "titel", *_COUNT_COLUMNS, "status")


def _select(activities: pd.DataFrame, year: int | None, **equal) -> pd.DataFrame:
    require_columns(activities, ["ar", "stadsdel_kod", "typ", "deltagare", "rakning", "atgard_id"], "aktiviteter")
    mask = np.ones(len(activities), dtype=bool)
    if year is not None:
        mask &= as_float_array(activities["ar"]) == int(year)
    for column, value in equal.items():
        if value is not None:
            mask &= (activities[column].astype(str) == str(value)).to_numpy(dtype=bool)
    return activities.loc[mask]


def _aggregate(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per ``key``: activities, true participant sum, true estimated sum, activities without a count."""
    participants = as_float_array(frame["deltagare"])
    known = ~np.isnan(participants)
    estimated = (frame["rakning"].astype(str) == ESTIMATED).to_numpy(dtype=bool) & known
    table = pd.DataFrame(
        {
            key: frame[key].fillna("").astype(str).to_numpy(),
            "aktiviteter": 1,
            "deltagare": np.where(known, participants, 0.0),
            "uppskattade": np.where(estimated, participants, 0.0),
            "utan_antal": (~known).astype(int),
        }
    )
    return table.groupby(key, sort=False).sum()


def _published(counts: pd.DataFrame, keys, min_n: int) -> pd.DataFrame:
    """The counts of ``_aggregate`` for ``keys`` (0 where absent), people published."""
    counts = counts.reindex(list(keys), fill_value=0)
    total = counts["deltagare"].to_numpy(dtype=float)
    estimated = counts["uppskattade"].to_numpy(dtype=float)
    n_shown, hits_shown, hidden = disclosure.publish_rate_counts(total, estimated, min_n)
    shown = disclosure.publish_counts(total, min_n)
    out = pd.DataFrame(
        {
            "aktiviteter": counts["aktiviteter"].to_numpy(dtype="int64"),
            "deltagare": shown.to_numpy(),
            "uppskattade": np.where(hidden, np.nan, disclosure.published_share(hits_shown, n_shown)),
            "utan_antal": counts["utan_antal"].to_numpy(dtype="int64"),
        }
    )
    out["deltagare"] = out["deltagare"].astype("Int64")
    out["status"] = np.where(shown.isna().to_numpy(), SUPPRESSED, OK).astype(str)
    return out


def _residents(statistics: pd.DataFrame, activity_years) -> tuple[pd.Series, str]:
    """Residents per district summed over the statistics years matched to ``activity_years``, and notes."""
    available = sorted({int(y) for y in statistics["ar"].dropna()}) if len(statistics) else []
    total = pd.Series(dtype=float)
    notes = []
    for year in activity_years:
        stat_year, note = statistics_year_for(year, available)
        notes.append(note)
        if stat_year is None:
            continue
        rows = statistics[statistics["ar"] == stat_year]
        people = pd.Series(as_float_array(rows["folkmangd"]), index=rows["stadsdel_kod"].astype(str).to_numpy())
        total = people if total.empty else total.add(people, fill_value=np.nan)
    return total, "; ".join(dict.fromkeys(n for n in notes if n))


def activities_by_district(
    activities: pd.DataFrame,
    statistics: pd.DataFrame,
    year: int | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    typ: str | None = None,
) -> pd.DataFrame:
    """Activities and participants per district, in one year or all years together, and per 1,000 residents.

    Parameters
    ----------
    activities : DataFrame
        ``Dataset.activities`` (``ar, stadsdel_kod, typ, deltagare, rakning, atgard_id``).
    statistics : DataFrame
        ``statistik.csv`` columns (``stadsdel_kod, ar, folkmangd``).
    year : int or None
        The year of ``datum``; None for all years.
    min_n : int
        Disclosure threshold.
    typ : str, optional
        Count one kind of activity only.

    Returns
    -------
    DataFrame
        One row per district of the statistics used and any other district with activities (sorted by
        code), ``BY_DISTRICT_COLUMNS``: ``aktiviteter`` (exact), ``deltagare`` (published participations),
        ``uppskattade`` (0–1, see the module docstring), ``utan_antal`` (activities without a participant
        figure, exact), ``folkmangd`` (residents; summed over the years when ``year`` is None),
        ``aktiviteter_per_1000`` = 1000 · aktiviteter ÷ folkmangd, ``deltagare_per_1000`` = 1000 · published
        deltagare ÷ folkmangd (NA when hidden), ``status`` (``"suppressed"`` when ``deltagare`` is hidden,
        ``"missing"`` when the district has no residents figure, else ``"ok"``) and ``note`` (another
        statistics year used).
    """
    min_n = check_min_n(min_n)
    require_columns(statistics, ["stadsdel_kod", "ar", "folkmangd"], "activities_by_district")
    frame = _select(activities, year, typ=typ)
    if year is not None:
        activity_years = [int(year)]
    else:
        activity_years = sorted({int(y) for y in activities["ar"].dropna()})
        if not activity_years and len(statistics):
            activity_years = [int(statistics["ar"].max())]
    residents, note = _residents(statistics, activity_years)
    counts = _aggregate(frame, "stadsdel_kod")
    codes = sorted(set(residents.index) | set(counts.index))
    out = _published(counts, codes, min_n)
    people = residents.reindex(codes).to_numpy(dtype=float)
    has_people = ~np.isnan(people) & (people > 0)
    safe = np.where(has_people, people, 1.0)
    shown = out["deltagare"].to_numpy(dtype=float, na_value=np.nan)
    out.insert(0, "stadsdel_kod", pd.Series(codes, dtype=str))
    folk = pd.array(np.where(np.isnan(people), 0, people).astype("int64"), dtype="Int64")
    folk[np.isnan(people)] = pd.NA
    out["folkmangd"] = folk
    out["aktiviteter_per_1000"] = np.where(has_people, 1000.0 * out["aktiviteter"].to_numpy(dtype=float) / safe, np.nan)
    out["deltagare_per_1000"] = np.where(has_people & ~np.isnan(shown), 1000.0 * shown / safe, np.nan)
    out["status"] = np.where(out["status"] == SUPPRESSED, SUPPRESSED, np.where(has_people, OK, MISSING)).astype(str)
    out["note"] = note
    return out[list(BY_DISTRICT_COLUMNS)]


def activities_by_kind(
    activities: pd.DataFrame,
    year: int | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    stadsdel_kod: str | None = None,
) -> pd.DataFrame:
    """Activities and participants per kind of activity (``typ``), in one year or all years, optionally in
    one district. One row per kind of ``vocab.ACTIVITY_KINDS`` (in that order, 0 where none) and any other
    kind present: ``BY_KIND_COLUMNS`` with the counts of :func:`activities_by_district` (activities exact,
    participations published, ``uppskattade`` from published counts) and ``status`` (``"suppressed"`` when
    ``deltagare`` is hidden, else ``"ok"``)."""
    min_n = check_min_n(min_n)
    frame = _select(activities, year, stadsdel_kod=stadsdel_kod)
    counts = _aggregate(frame, "typ")
    kinds = [*vocab.ACTIVITY_KINDS, *sorted(set(counts.index) - set(vocab.ACTIVITY_KINDS))]
    out = _published(counts, kinds, min_n)
    out.insert(0, "typ", pd.Series(kinds, dtype=str))
    return out[list(BY_KIND_COLUMNS)]


def activities_by_measure(
    activities: pd.DataFrame,
    plan: pd.DataFrame,
    *,
    min_n: int = DEFAULT_MIN_N,
    year: int | None = None,
) -> pd.DataFrame:
    """Activities and participants per action plan measure they belong to (``atgard_id``), with the
    measure's title. One row per measure of ``plan`` (plan order, 0 where none), then any ``atgard_id`` of
    the log that is not in the plan (``titel`` NA, sorted), then a row ``atgard_id`` ``""`` for activities
    linked to no measure when there are any: ``BY_MEASURE_COLUMNS`` with the counts of
    :func:`activities_by_district` and ``status`` (``"suppressed"`` when ``deltagare`` is hidden)."""
    min_n = check_min_n(min_n)
    require_columns(plan, ["atgard_id", "titel"], "activities_by_measure")
    frame = _select(activities, year)
    counts = _aggregate(frame, "atgard_id")
    measures = list(dict.fromkeys(plan["atgard_id"].astype(str)))
    unknown = sorted(set(counts.index) - set(measures) - {""})
    ids = [*measures, *unknown, *([""] if "" in counts.index else [])]
    out = _published(counts, ids, min_n)
    titles = dict(zip(plan["atgard_id"].astype(str), plan["titel"], strict=True))
    out.insert(0, "atgard_id", pd.Series(ids, dtype=str))
    out.insert(1, "titel", pd.Series([titles.get(i, pd.NA) for i in ids], dtype="string"))
    return out[list(BY_MEASURE_COLUMNS)]
