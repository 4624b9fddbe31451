"""District measures: one value per district and year, in one shape for the map and the comparisons.

Every measure a page can show per district (a register share, median income, the socioeconomic index,
the area type, an outcome rate) is turned into the same frame, so the map, the comparison table and
the exports treat suppression and missing values identically:

``stadsdel_kod, value, n, ci_low, ci_high, status``

* ``value``: the share (0–1), the rate (0–1), the index (percent units), income (tkr) or the area type (1–5);
* ``n``: the number of people the value rests on (denominator of a share or rate), NA where it is not a
  count of people (area type) or where it is hidden;
* ``status``: ``"ok"``, ``"suppressed"`` (rests on fewer than ``min_n`` people: value, n and interval are
  all NA) or ``"missing"`` (no data for that district and year).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analysis.files_in.validation import DataError
from analysis.settings import Settings
from analysis.stats import activities as activity_stats
from analysis.stats import change, dispersal, districts, rates, reach, segregation
from analysis.vocab import INDICATOR_DENOMINATORS

MeasureKind = Literal["share", "rate", "index", "income", "area_type", "quotient", "per1000"]

OUTCOME_PREFIX = "utfall"
ALL_PROGRAMMES = "alla"


@dataclass(frozen=True)
class Measure:
    """What a measure is; its Swedish label lives in ``ui.texts`` with every other UI string."""

    key: str
    kind: MeasureKind
    #: Direction of "more challenges": +1 when a higher value means more challenges, -1 when lower does.
    direction: int = 1
    programme: str | None = None

    @property
    def is_share(self) -> bool:
        return self.kind in ("share", "rate")


#: Register shares: + means more challenges when the share grows (employment is the exception).
REGISTER_MEASURES: tuple[Measure, ...] = tuple(
    Measure(key, "share", -1 if key == "forvarvsarbetande_20_64" else 1) for key in INDICATOR_DENOMINATORS
)
OTHER_DISTRICT_MEASURES: tuple[Measure, ...] = (
    Measure("socioekonomiskt_index", "index", 1),
    Measure("omradestyp", "area_type", -1),
    Measure("medianinkomst_tkr", "income", -1),
    # Local segregation: the district's share of the group ÷ the municipality's (1 = as in the municipality).
    Measure("lq_utrikes_fodda", "quotient", 1),
    Measure("lq_lag_ekonomisk_standard", "quotient", 1),
    # Reach: participants (all programmes) per 1,000 residents aged 20–64.
    Measure("rackvidd", "per1000", 1),
)
LOCAL_QUOTIENT_PREFIX = "lq_"
#: Housing for newly arrived (issue 12): persons placed in the year per 1,000 residents. More placements in a
#: district than elsewhere is what "spread over the whole city" is about, so higher is drawn as red.
PLACEMENT_MEASURE = Measure("placerade_per_1000", "per1000", 1)
#: Residents' activities (issue 12) per 1,000 residents: activities held and participations. More is better.
ACTIVITY_MEASURES: tuple[Measure, ...] = (
    Measure("aktiviteter_per_1000", "per1000", -1),
    Measure("aktivitetsdeltagare_per_1000", "per1000", -1),
)


def outcome_measure(programme: str | None = None) -> Measure:
    """The outcome rate (share of finished enrolments with work, internship or studies) for one
    programme, or for all programmes together when ``programme`` is None."""
    key = f"{OUTCOME_PREFIX}:{programme or ALL_PROGRAMMES}"
    return Measure(key, "rate", -1, programme)


def available_measures(programme_codes, *, placements: bool = False, activities: bool = False) -> list[Measure]:
    """Every district measure, in the order the map offers them; the placements and activity measures only
    when the data set has such data (``placements`` / ``activities``)."""
    return [
        *REGISTER_MEASURES,
        *OTHER_DISTRICT_MEASURES,
        outcome_measure(None),
        *(outcome_measure(code) for code in programme_codes),
        *((PLACEMENT_MEASURE,) if placements else ()),
        *(ACTIVITY_MEASURES if activities else ()),
    ]


def measure_by_key(key: str, programme_codes) -> Measure | None:
    """The measure with this key, or None when the key is unknown (for example from an old URL). Finds the
    placements and activity measures too: whether a page offers them is ``available_measures``' business."""
    every = available_measures(programme_codes, placements=True, activities=True)
    return next((m for m in every if m.key == key), None)


def _frame(codes, values: pd.DataFrame) -> pd.DataFrame:
    """Reindex onto every district code: districts without a row get status "missing"."""
    # Joined on plain Python strings, turned back into the string dtype after: a merge on pyarrow-backed
    # strings converts the keys to NumPy objects again for every lookup (half of this function's time).
    out = pd.DataFrame({"stadsdel_kod": np.array(list(codes), dtype=object)})
    keyed = values.assign(stadsdel_kod=values["stadsdel_kod"].astype(object))
    return _statuses(out.merge(keyed, on="stadsdel_kod", how="left"))


def _frames_by_year(codes, values: pd.DataFrame, years: list[int]) -> dict[int, pd.DataFrame]:
    """:func:`_frame` of each year's rows of ``values`` (column ``ar``), in one merge over all the years
    instead of one per year (each merge and dtype conversion cost about as much for one year as for ten)."""
    codes = np.array(list(codes), dtype=object)
    grid = pd.DataFrame(
        {"ar": np.repeat(np.array(years, dtype="int64"), len(codes)), "stadsdel_kod": np.tile(codes, len(years))}
    )
    year = pd.to_numeric(values["ar"], errors="coerce")
    keyed = values[year.isin(years)].assign(
        ar=year[year.isin(years)].astype("int64"), stadsdel_kod=lambda f: f["stadsdel_kod"].astype(object)
    )
    out = _statuses(grid.merge(keyed, on=["ar", "stadsdel_kod"], how="left"), keep=["ar"])
    parts = {int(y): part for y, part in out.groupby("ar", sort=False)}
    return {y: parts.get(y, out.iloc[:0]).drop(columns="ar").reset_index(drop=True) for y in years}


def _statuses(out: pd.DataFrame, keep: list[str] | None = None) -> pd.DataFrame:
    """The frame's columns in their dtypes, with each row's status (ok, suppressed, missing)."""
    out["stadsdel_kod"] = out["stadsdel_kod"].astype("string")
    for col in ("value", "ci_low", "ci_high"):
        if col not in out:
            out[col] = np.nan
        out[col] = out[col].astype("Float64")
    if "n" not in out:
        out["n"] = pd.NA
    out["n"] = out["n"].astype("Int64")
    if "suppressed" not in out:
        out["suppressed"] = False
    suppressed = out["suppressed"].fillna(False).astype(bool)
    missing = out["value"].isna() & ~suppressed
    out["status"] = np.select([suppressed, missing], ["suppressed", "missing"], "ok")
    return out[[*(keep or []), "stadsdel_kod", "value", "n", "ci_low", "ci_high", "status"]]


#: Measures a cache computes for every year at once (`district_values_by_year`): the rates, shares and
#: register values in one pass over all the years, the reach with each enrolment's active years worked out
#: once, the local quotients year by year. A change of year is then a lookup on every page (on a national
#: register a year of reach took 0.15 s and of each local quotient 0.04 s, on every year change of Jämför).
ALL_YEARS_KINDS = frozenset({"rate", "share", "index", "area_type", "income", "per1000", "quotient"})
#: Measures computed from the participants (the others from the register statistics, placements, activities).
PARTICIPANT_KINDS = frozenset({"rate", "per1000"})


def district_values(
    measure: Measure,
    *,
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    district_codes,
    year: int,
    settings: Settings,
    placements: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per district code for ``measure`` in ``year`` (see the module docstring for the shape).

    Register shares use the year's counts and their own denominators with a 95 % Wilson interval;
    a share whose denominator is below ``settings.min_n`` is suppressed. Outcome rates use enrolments
    finished in ``year`` (ongoing ones are not in the denominator) and are suppressed below
    ``settings.min_n`` finished enrolments. The area type is SCB's where published for that year,
    otherwise computed from the index with the national mean and SD in ``settings``. Placements and
    activities per 1,000 residents (``folkmangd``, the ``n``) come from ``placements`` / ``activities``
    (``Dataset.placements`` / ``Dataset.activities``; absent means none): see :func:`_strategy_values`.
    """
    return district_values_by_year(
        measure,
        statistics=statistics,
        participants=participants,
        district_codes=district_codes,
        years=[year],
        settings=settings,
        placements=placements,
        activities=activities,
    )[int(year)]


def district_values_by_year(
    measure: Measure,
    *,
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    district_codes,
    years,
    settings: Settings,
    placements: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
) -> dict[int, pd.DataFrame]:
    """:func:`district_values` for each of ``years``, the same frames (same contract, same suppression),
    computed in one pass over all the years for the measures of :data:`ALL_YEARS_KINDS`: a page that
    steps through the years, or a cache that keeps every year, then pays for the rates and shares once."""
    years = [int(y) for y in years]
    if measure.key == PLACEMENT_MEASURE.key or measure in ACTIVITY_MEASURES:
        return {
            y: _frame(district_codes, _strategy_values(measure, statistics, placements, activities, y, settings))
            for y in years
        }
    if measure.kind == "rate":
        frame = participants
        if measure.programme is not None:
            frame = participants[participants["insats"] == measure.programme]
        table = rates.outcome_rates(frame, ["ar", "stadsdel_kod"], settings.min_n).rename(columns={"rate": "value"})
        return _frames_by_year(
            district_codes, table[["ar", "stadsdel_kod", "value", "n", "ci_low", "ci_high", "suppressed"]], years
        )
    if measure.kind == "per1000":
        tables = reach.reach_by_year(participants, statistics, years=years, by=("stadsdel_kod",), min_n=settings.min_n)
        return {y: _reach_values(district_codes, table) for y, table in tables.items()}
    if measure.kind == "quotient":
        return {y: _quotient_values(measure, statistics, district_codes, y, settings) for y in years}

    in_years = statistics[statistics["ar"].isin(years)]
    if measure.kind == "share":
        ind = districts.district_indicators(in_years, min_n=settings.min_n)
        ind = ind[ind["indikator"] == measure.key].rename(columns={"andel": "value", "namnare": "n"})
        table = ind[["ar", "stadsdel_kod", "value", "n", "ci_low", "ci_high"]]
        denominator = INDICATOR_DENOMINATORS[measure.key]
    elif measure.kind == "index":
        idx = districts.socioeconomic_index(in_years).rename(columns={"index": "value"})
        table, denominator = idx[["ar", "stadsdel_kod", "value"]], "folkmangd_20_64"
    elif measure.kind == "area_type":
        types = districts.area_types(in_years, settings.index_mean, settings.index_sd)
        table, denominator = (
            types.rename(columns={"omradestyp": "value"})[["ar", "stadsdel_kod", "value"]],
            "folkmangd_20_64",
        )
    else:
        table = in_years[["ar", "stadsdel_kod", "medianinkomst_tkr"]].rename(columns={"medianinkomst_tkr": "value"})
        denominator = "folkmangd_20_64"
    # A register value resting on 1..min_n-1 residents is hidden (see _register_frame), for all years at once.
    people = in_years[["ar", "stadsdel_kod", denominator]].astype({denominator: "Float64"})
    people = people[(people[denominator] > 0) & (people[denominator] < settings.min_n)]
    small = pd.MultiIndex.from_arrays(
        [pd.to_numeric(people["ar"]).astype("int64"), people["stadsdel_kod"].astype(object)]
    )
    table = table.copy()
    keys = pd.MultiIndex.from_arrays([pd.to_numeric(table["ar"]).astype("int64"), table["stadsdel_kod"].astype(object)])
    table["suppressed"] = keys.isin(small)
    table.loc[table["suppressed"], [c for c in ("value", "n", "ci_low", "ci_high") if c in table]] = pd.NA
    return _frames_by_year(district_codes, table, years)


def _split_years(table: pd.DataFrame, years: list[int]) -> dict[int, pd.DataFrame]:
    """``table``'s rows per year of ``years`` (column ``ar``); a year without rows gets the empty frame."""
    numeric = pd.to_numeric(table["ar"], errors="coerce")
    return {y: table[numeric == y] for y in years}


def _register_frame(codes, table: pd.DataFrame, year_stats: pd.DataFrame, denominator: str, settings: Settings):
    """A register value resting on 1..min_n-1 residents is hidden, whatever the measure; the index, the
    area type and median income rest on the residents aged 20-64 (and on all residents for V1, which
    is never smaller)."""
    people = year_stats.set_index("stadsdel_kod")[denominator].astype("Float64")
    small = people[(people > 0) & (people < settings.min_n)].index
    table = table.copy()
    table["suppressed"] = table["stadsdel_kod"].isin(small)
    table.loc[table["suppressed"], [c for c in ("value", "n", "ci_low", "ci_high") if c in table]] = pd.NA
    return _frame(codes, table)


def _reach_values(codes, table: pd.DataFrame) -> pd.DataFrame:
    """One year of ``reach.reach_by_year`` by district as a measure's frame (hidden values masked)."""
    table = table.rename(columns={"per_1000": "value", "folkmangd_20_64": "n"})
    table.loc[table["suppressed"], ["value", "n", "ci_low", "ci_high"]] = pd.NA
    return _frame(codes, table[["stadsdel_kod", "value", "n", "ci_low", "ci_high", "suppressed"]])


def _quotient_values(measure: Measure, statistics, codes, year: int, settings: Settings) -> pd.DataFrame:
    year_stats = statistics[statistics["ar"] == year]
    group = measure.key.removeprefix(LOCAL_QUOTIENT_PREFIX)
    try:
        quotients = segregation.local_quotients(year_stats, group, "folkmangd", year)
    except DataError:
        # Missing counts that year: every district is shown as missing rather than a partial answer.
        quotients = pd.DataFrame({"stadsdel_kod": pd.Series([], dtype="string"), "lq": []})
    return _register_frame(codes, quotients.rename(columns={"lq": "value"}), year_stats, "folkmangd", settings)


def _strategy_values(
    measure: Measure,
    statistics: pd.DataFrame,
    placements: pd.DataFrame | None,
    activities: pd.DataFrame | None,
    year: int,
    settings: Settings,
) -> pd.DataFrame:
    """Placed persons, activities held or activity participations per 1,000 residents in ``year``, with a
    95 % exact Poisson interval on the count (the residents a fixed register total, as for reach).

    Persons placed and participations are people: published through ``analysis.disclosure`` first (hidden
    1–4, rounded to 5), and the rate and its interval come from the published count; a hidden count hides
    the value. Activities held are events, not people, so their count is exact.
    """
    if measure.key == PLACEMENT_MEASURE.key:
        table = dispersal.placements_by_district(
            placements if placements is not None else _no_placements(), statistics, year, min_n=settings.min_n
        )
        table = table.rename(columns={"per_1000": "value"})
    else:
        table = activity_stats.activities_by_district(
            activities if activities is not None else _no_activities(), statistics, year, min_n=settings.min_n
        )
        count = "aktiviteter" if measure.key == "aktiviteter_per_1000" else "deltagare"
        people = table["folkmangd"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        shown = table[count].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        usable = np.isfinite(people) & (people > 0) & np.isfinite(shown)
        safe = np.where(usable, people, 1.0)
        low, high = reach.poisson_interval(np.where(usable, shown, np.nan))
        table = table.assign(
            value=np.where(usable, 1000.0 * np.nan_to_num(shown) / safe, np.nan),
            ci_low=np.where(usable, 1000.0 * np.asarray(low, dtype=float) / safe, np.nan),
            ci_high=np.where(usable, 1000.0 * np.asarray(high, dtype=float) / safe, np.nan),
        )
        if count == "aktiviteter":  # events: never hidden
            table["status"] = np.where(table["status"] == "suppressed", "ok", table["status"])
    table = table.assign(n=table["folkmangd"], suppressed=table["status"] == "suppressed")
    table.loc[table["suppressed"], ["value", "n", "ci_low", "ci_high"]] = np.nan
    return table[["stadsdel_kod", "value", "n", "ci_low", "ci_high", "suppressed"]]


def _no_placements() -> pd.DataFrame:
    from analysis.files_in import strategy  # only the empty frame's shape; files_in is read-side

    return strategy.empty_placements()


def _no_activities() -> pd.DataFrame:
    from analysis.files_in import strategy

    return strategy.empty_activities()


def municipal_value(
    measure: Measure,
    *,
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    year: int,
    settings: Settings,
    placements: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
) -> dict:
    """The municipality's value of ``measure`` in ``year``: ``value, n, ci_low, ci_high, status``.

    Shares and rates pool all districts (sums of counts, not a mean of district shares); the index is
    computed from the pooled counts; median income is the population-weighted approximation of
    ``districts.municipal_totals``; the area type has no municipal value (status "missing").
    """
    return municipal_values_by_year(
        measure,
        statistics=statistics,
        participants=participants,
        years=[year],
        settings=settings,
        placements=placements,
        activities=activities,
    )[int(year)]


def municipal_values_by_year(
    measure: Measure,
    *,
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    years,
    settings: Settings,
    placements: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
) -> dict[int, dict]:
    """:func:`municipal_value` for each of ``years`` (same contract), in one pass like
    :func:`district_values_by_year`."""
    years = [int(y) for y in years]
    if measure.kind == "area_type":
        return {y: {"value": None, "n": None, "ci_low": None, "ci_high": None, "status": "missing"} for y in years}
    totals = districts.municipal_totals(statistics[statistics["ar"].isin(years)]).assign(stadsdel_kod="kommun")
    # Only the rates and the reach read the participants: for a register measure, relabelling a national
    # participant file (a copy of every column) was most of this function's time.
    uses_participants = measure.kind in PARTICIPANT_KINDS
    rows = district_values_by_year(
        measure,
        statistics=totals,
        participants=participants.assign(stadsdel_kod="kommun") if uses_participants else participants.iloc[:0],
        district_codes=["kommun"],
        years=years,
        settings=settings,
        placements=None if placements is None else placements.assign(stadsdel_kod="kommun"),
        activities=None if activities is None else activities.assign(stadsdel_kod="kommun"),
    )
    return {y: _municipal_row(frame.iloc[0]) for y, frame in rows.items()}


def _municipal_row(row: pd.Series) -> dict:
    values = {key: (None if pd.isna(row[key]) else row[key]) for key in ("value", "n", "ci_low", "ci_high")}
    return values | {"status": row["status"]}


def most_challenged(values: pd.DataFrame, k: int, direction: int = 1) -> list[str]:
    """Codes of the ``k`` districts with the most challenges on a measure (``district_values`` shape):
    the highest values when ``direction`` is +1, the lowest when -1. Hidden and missing values never
    rank; ties keep the districts' code order, so the choice is stable."""
    shown = values[values["status"] == "ok"].sort_values("stadsdel_kod", kind="stable")
    ranked = shown.sort_values("value", ascending=direction < 0, kind="stable")
    return ranked["stadsdel_kod"].head(k).tolist()


# --------------------------------------------------------------------------------------------------------
# The map over time (issue 9): change since a base year, one colour scale for every year, the populous core
# --------------------------------------------------------------------------------------------------------
#: What a map of a measure shows: its value, its difference from the municipality, or its change since a
#: base year.
VIEW_VALUE, VIEW_DIFFERENCE, VIEW_CHANGE = "value", "difference", "change"
#: Kinds of measure that have a change between years: every number. The area type is a category; its
#: changes are listed instead (``analysis.stats.change.area_type_changes``).
CHANGE_KINDS: tuple[str, ...] = ("share", "rate", "index", "income", "quotient", "per1000")


def district_change(
    measure: Measure,
    *,
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    district_codes,
    year: int,
    base_year: int,
    settings: Settings,
    placements: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per district, the change of ``measure`` from ``base_year`` to ``year``: the two years'
    ``district_values`` compared by ``analysis.stats.change.change_between_years`` (``CHANGE_COLUMNS``:
    the change, its 95 % Newcombe interval and reading for shares and rates, both years' values and n).

    The contract is that module's: later minus base year in the measure's own units; hidden when either
    year's value rests on fewer than ``settings.min_n`` people; missing when either year has no value.
    ``ValueError`` for the area type, which is a category without a change.
    """
    if measure.kind not in CHANGE_KINDS:
        raise ValueError(f"district_change: måttet {measure.key} är en kategori och har ingen förändring")
    common = {
        "statistics": statistics,
        "participants": participants,
        "district_codes": district_codes,
        "settings": settings,
        "placements": placements,
        "activities": activities,
    }
    now = district_values(measure, year=year, **common)
    base = district_values(measure, year=base_year, **common)
    return change.change_between_years(now, base, measure.kind)


def scale_values(
    measure: Measure,
    *,
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    district_codes,
    years,
    settings: Settings,
    placements: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
    view: str = VIEW_VALUE,
    base_year: int | None = None,
    district_frames: dict[int, pd.DataFrame] | None = None,
    municipal_rows: dict[int, dict] | None = None,
) -> np.ndarray:
    """Every value a map of ``measure`` can show in any of ``years``, pooled: what one colour scale (or
    one set of class breaks) must span so that a colour means the same value in every year.

    ``view`` says which values: the districts' values (``VIEW_VALUE``), the district minus the
    municipality of the same year (``VIEW_DIFFERENCE``; years without a municipal value add nothing), or
    the change since ``base_year`` (``VIEW_CHANGE``; the years from the base year on). Only shown values
    count (status "ok"): a hidden value never moves a scale's end or a class break, so neither can give
    it away. In the measure's own units (0–1 for shares); an empty array when nothing is shown.

    ``district_frames`` / ``municipal_rows``: what :func:`district_values_by_year` /
    :func:`municipal_values_by_year` return for these inputs over ``years``, when the caller already has
    them (a cache); left out, they are computed here, each in one pass over the years.
    """
    common = {
        "statistics": statistics,
        "participants": participants,
        "district_codes": district_codes,
        "settings": settings,
        "placements": placements,
        "activities": activities,
    }
    years = sorted(int(y) for y in years)
    if view == VIEW_CHANGE:
        frames = {
            y: district_change(measure, year=y, base_year=base_year, **common)
            for y in years
            if base_year is not None and y >= base_year
        }
    else:
        # Every year in one pass (district_values_by_year), or the caller's frames of that same pass.
        frames = (
            district_frames if district_frames is not None else district_values_by_year(measure, years=years, **common)
        )
        frames = {y: frames[y] for y in years if y in frames}
    if view == VIEW_DIFFERENCE:
        municipal = (
            municipal_rows
            if municipal_rows is not None
            else municipal_values_by_year(
                measure, years=years, **{k: v for k, v in common.items() if k != "district_codes"}
            )
        )
        frames = {
            y: frame.assign(value=frame["value"] - float(municipal[y]["value"]))
            for y, frame in frames.items()
            if y in municipal and municipal[y]["status"] == "ok"
        }
    pooled: list[np.ndarray] = []
    for frame in frames.values():
        shown = frame.loc[frame["status"] == "ok", "value"].astype("float64").to_numpy()
        pooled.append(shown[np.isfinite(shown)])
    return np.concatenate(pooled) if pooled else np.array([], dtype=float)


def residents(statistics: pd.DataFrame, year: int | None = None) -> dict[str, int]:
    """Residents (``folkmangd``) per district in ``year`` (default: the latest year with statistics);
    districts without a count are left out."""
    if statistics.empty:
        return {}
    year = int(statistics["ar"].max()) if year is None else year
    rows = statistics[(statistics["ar"] == year) & statistics["folkmangd"].notna()]
    return {str(code): int(n) for code, n in zip(rows["stadsdel_kod"], rows["folkmangd"], strict=True)}


def name_priority(statistics: pd.DataFrame, mean: float, sd: float, year: int | None = None) -> dict[str, float]:
    """The order in which a map names its districts when not every name fits: the area type first (type 1,
    the districts with the greatest challenges that the owner directives are about, before type 2 and so
    on), then more residents before fewer, in ``year`` (default: the latest year). A larger number goes
    first. Districts without a type (hidden or missing) come after every typed district; the order never
    depends on the measure shown, so names stay put while the user changes measure or year."""
    if statistics.empty:
        return {}
    year = int(statistics["ar"].max()) if year is None else year
    people = residents(statistics, year)
    types = districts.area_types(statistics[statistics["ar"] == year], mean, sd)
    type_of = {str(c): t for c, t in zip(types["stadsdel_kod"], types["omradestyp"], strict=True) if not pd.isna(t)}
    codes = set(people) | set(type_of)
    return {code: (6 - int(type_of[code]) if code in type_of else 0) * 1e7 + people.get(code, 0) for code in codes}


def populous_core(statistics: pd.DataFrame, areas, *, share: float = 0.8, year: int | None = None) -> list[str]:
    """The smallest area holding ``share`` of the residents: districts taken densest first (residents
    per unit of area) until they hold at least ``share`` of all residents in ``year`` (default: the
    latest year).

    ``areas`` maps district code to area in any one unit (``geometry.area`` in EPSG:3006 gives m²).
    Densest first, not most populous first: a large rural district with many residents spread thin
    would otherwise pull the whole countryside into the view. Districts without a count or an area are
    left out. Used to open the map where most people live; it says nothing about the districts' needs.
    """
    people = residents(statistics, year)
    areas = {str(code): float(a) for code, a in dict(areas).items() if a and float(a) > 0}
    rows = [(code, n / areas[code], n) for code, n in people.items() if code in areas and n > 0]
    total = sum(n for _, _, n in rows)
    if total == 0:
        return []
    core, held = [], 0
    for code, _, n in sorted(rows, key=lambda r: (-r[1], r[0])):
        core.append(code)
        held += n
        if held >= share * total:
            break
    return core


def municipal_change(
    measure: Measure,
    *,
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    year: int,
    base_year: int,
    settings: Settings,
    placements: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
) -> dict:
    """The municipality's change of ``measure`` from ``base_year`` to ``year``, as one row of
    ``analysis.stats.change.CHANGE_COLUMNS`` (a dict; ``stadsdel_kod`` is "kommun"): pooled values of
    ``municipal_value`` in both years, with the Newcombe interval and reading for shares and rates, and
    the same hiding rules as a district's change."""
    if measure.kind not in CHANGE_KINDS:
        raise ValueError(f"municipal_change: måttet {measure.key} är en kategori och har ingen förändring")

    def one_row(value: dict) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "stadsdel_kod": ["kommun"],
                "value": pd.array([value["value"]], dtype="Float64"),
                "n": pd.array([value["n"]], dtype="Int64"),
                "status": [value["status"]],
            }
        )

    common = {
        "statistics": statistics,
        "participants": participants,
        "settings": settings,
        "placements": placements,
        "activities": activities,
    }
    now = municipal_value(measure, year=year, **common)
    base = municipal_value(measure, year=base_year, **common)
    row = change.change_between_years(one_row(now), one_row(base), measure.kind).iloc[0]
    return {key: (None if key != "status" and pd.isna(row[key]) else row[key]) for key in change.CHANGE_COLUMNS}
