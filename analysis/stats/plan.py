"""Follow-up of the action plan: what a measure's linked indicators did in its target districts.

A change is not proof of effect. Everything here describes what the indicators did where and when a
measure ran; districts change for many reasons at once (who moves in and out, the labour market, other
measures), and a measure is often started where things were already moving. The before/after figures,
the series and the difference-in-differences are descriptions with honest intervals, never a measured
effect of the measure.

Statistical contract shared by every function here:

* **Indicators** (``handlingsplan_indikatorer.csv`` ``indikator``), by :func:`linked_indicator_kind`:
  a register share key of ``vocab.INDICATOR_DENOMINATORS`` (``"share"``), ``utfall:alla`` or
  ``utfall:<insats>`` (``"rate"``: the outcome rate of `analysis.stats.rates`), ``insats:<insats>``
  (``"count"``: enrolments started in the year; ``insats:alla`` for every programme).
* **Groups.** ``malomraden`` = the measure's target districts pooled; ``ovriga`` = every other district
  of the municipality pooled (empty when the measure covers the whole municipality); ``jamforelse`` =
  a chosen set of comparison districts pooled (untargeted districts of the same area type, see
  :func:`comparison_districts`). Pooled means sums of counts, never a mean of district shares.
* **Years.** A share uses the years of ``statistik.csv``; a rate the years in which enrolments finished
  (year of ``slutdatum``); a count the years in which enrolments started (year of ``startdatum``). The
  base year is the last such year before the measure's start year (the first year when there is none,
  flagged ``fore_start`` False); the after year is the latest year.
* **Shares** are public register aggregates (SCB's counts): the pooled numerator and denominator are
  shown exactly, as `analysis.stats.districts.district_indicators` shows them, and hidden when the pooled
  denominator is 1 … min_n−1. A district of the group with a missing count that year makes the group's
  value missing (a partial sum would misstate it); districts without a row that year are not in the sum.
* **Rates and counts** are of people: counts are published through `analysis.disclosure` (1 … min_n−1
  hidden, the rest rounded to the base) and the rate, its interval and every difference are computed
  from the published counts, as `analysis.stats.rates.outcome_rates` does; a rate is hidden when its n,
  its numerator or its complement is 1 … min_n−1.
* **Intervals.** A year's share or rate: the 95 % Wilson score interval; a count: the exact Poisson
  (Garwood) interval. A change between two years: Newcombe's hybrid score interval of the difference of
  two proportions (`analysis.stats.change.proportion_change`), treating the years as independent samples:
  the same residents in both years make the true variance smaller, so it errs on the wide side. The
  reading is ``change.UP`` / ``change.DOWN`` when the interval excludes 0 and ``change.CHANCE`` when it
  covers 0 ("kan vara slump"); a count's change has no interval and no reading.

References
----------
Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions.
Statistics in Medicine 17, 873–890. Angrist, J. D. & Pischke, J.-S. (2009). *Mostly Harmless
Econometrics*, ch. 5 (differences-in-differences and the parallel-trends assumption).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import disclosure, vocab
from analysis.frames import as_float_array, check_min_n, require_columns, year_of
from analysis.settings import DEFAULT_INDEX_MEAN, DEFAULT_INDEX_SD, DEFAULT_MIN_N, Z95
from analysis.stats import change
from analysis.stats.districts import area_types as compute_area_types
from analysis.stats.rates import is_finished, is_positive, wilson_interval
from analysis.stats.reach import poisson_interval

#: Groups of the before/after table and the series.
GROUP_TARGET, GROUP_REST, GROUP_COMPARISON = "malomraden", "ovriga", "jamforelse"
#: Kinds of linked indicator.
KIND_SHARE, KIND_RATE, KIND_COUNT = "share", "rate", "count"
#: Prefixes of the linked indicators that are not register shares (``utfall:``, ``insats:``).
RATE_PREFIX, COUNT_PREFIX = vocab.OUTCOME_INDICATOR_PREFIX, vocab.ENROLMENT_INDICATOR_PREFIX
#: ``<prefix>alla`` means every programme.
ALL_PROGRAMMES = vocab.ALL_PROGRAMMES
#: Status of a figure.
OK, SUPPRESSED, MISSING = "ok", "suppressed", "missing"
#: Why a difference-in-differences could not be computed (the texts word them).
REASON_NOT_PROPORTION = "not_proportion"  # a count has no difference-in-differences of shares
REASON_WHOLE_MUNICIPALITY = "whole_municipality"  # no untargeted district to compare with
REASON_TOO_FEW_YEARS = "too_few_years"
REASON_NO_COMPARISON = "no_comparison"  # no untargeted district of the target districts' area type(s)
REASON_SUPPRESSED = "suppressed"  # one of the four pooled values is hidden
REASON_MISSING = "missing"  # one of the four pooled values does not exist
#: Progress statuses.
PROGRESS_STATUSES = ("natt", "pa_vag", "bort_fran", "oforandrat", "ej_an", "saknas", "dolt")

BEFORE_AFTER_COLUMNS: tuple[str, ...] = (
    "grupp",
    "ar_fore",
    "ar_efter",
    "fore_start",
    "varde_fore",
    "n_fore",
    "varde_efter",
    "n_efter",
    "forandring",
    "ci_low",
    "ci_high",
    "reading",
    "status",
)
SERIES_COLUMNS: tuple[str, ...] = ("ar", "grupp", "varde", "n", "ci_low", "ci_high", "status")
PROGRESS_COLUMNS: tuple[str, ...] = (
    "atgard_id",
    "indikator",
    "kind",
    "malvarde",
    "malar",
    "utgangsvarde",
    "utgangsar",
    "senaste_varde",
    "senaste_ar",
    "andel_av_vagen",
    "reading",
    "status",
)


# --------------------------------------------------------------------------------------------------------
# The indicator and the measure
# --------------------------------------------------------------------------------------------------------
def linked_indicator_kind(key: str) -> str:
    """``"share"`` for a register share key of ``vocab.INDICATOR_DENOMINATORS``, ``"rate"`` for
    ``utfall:alla`` / ``utfall:<insats>`` (outcome rate of finished enrolments), ``"count"`` for
    ``insats:<insats>`` (enrolments started). ``ValueError`` (Swedish) for anything else."""
    key = str(key)
    if key in vocab.INDICATOR_DENOMINATORS:
        return KIND_SHARE
    for prefix, kind in ((RATE_PREFIX, KIND_RATE), (COUNT_PREFIX, KIND_COUNT)):
        if key.startswith(prefix) and key.removeprefix(prefix).strip():
            return kind
    known = ", ".join(vocab.INDICATOR_DENOMINATORS)
    raise ValueError(f"okänd indikator {key!r}: ange en av {known}, utfall:alla, utfall:<insats> eller insats:<insats>")


def _programme(key: str) -> str | None:
    """The programme of a ``utfall:``/``insats:`` key, None for every programme (``alla``)."""
    code = str(key).removeprefix(RATE_PREFIX).removeprefix(COUNT_PREFIX).strip()
    return None if code == ALL_PROGRAMMES else code


def _field(measure_row, name: str, default=None):
    if isinstance(measure_row, Mapping):
        return measure_row.get(name, default)
    return measure_row[name] if name in measure_row.index else default


def target_codes(measure_row) -> tuple[str, ...]:
    """The measure's target districts (``stadsdelar``; ``alla`` already expanded by the loader)."""
    codes = _field(measure_row, "stadsdelar", ()) or ()
    if isinstance(codes, str):
        codes = (codes,)
    return tuple(dict.fromkeys(str(c) for c in codes if c is not None and not pd.isna(c)))


def start_year(measure_row) -> int:
    """Calendar year of the measure's ``startdatum`` (``ValueError`` when it has none)."""
    start = pd.Timestamp(_field(measure_row, "startdatum"))
    if pd.isna(start):
        raise ValueError(f"åtgärden {_field(measure_row, 'atgard_id', '')} saknar startdatum")
    return int(start.year)


def _whole_municipality(measure_row) -> bool:
    flag = _field(measure_row, "hela_kommunen", False)
    return bool(flag) if flag is not None and not pd.isna(flag) else False


def _all_codes(statistics: pd.DataFrame, participants: pd.DataFrame, kind: str) -> set[str]:
    codes = set(statistics["stadsdel_kod"].dropna().astype(str).unique()) if "stadsdel_kod" in statistics else set()
    if kind != KIND_SHARE and "stadsdel_kod" in participants:
        codes |= set(participants["stadsdel_kod"].dropna().astype(str).unique())
    return codes


def rest_codes(statistics: pd.DataFrame, participants: pd.DataFrame, measure_row, indicator_key: str) -> tuple:
    """Every district of the municipality outside the measure's target districts (sorted): the districts of
    ``statistics`` (and, for rates and counts, any district a participant is registered in). Empty when
    the measure covers the whole municipality (``hela_kommunen``)."""
    if _whole_municipality(measure_row):
        return ()
    kind = linked_indicator_kind(indicator_key)
    return tuple(sorted(_all_codes(statistics, participants, kind) - set(target_codes(measure_row))))


# --------------------------------------------------------------------------------------------------------
# Pooled values per year
# --------------------------------------------------------------------------------------------------------
def indicator_years(statistics: pd.DataFrame, participants: pd.DataFrame, indicator_key: str) -> list[int]:
    """The years an indicator exists in, ascending: statistics years for a share, years in which the
    programme's enrolments finished for a rate, years in which they started for a count."""
    kind = linked_indicator_kind(indicator_key)
    if kind == KIND_SHARE:
        return sorted({int(y) for y in statistics["ar"].dropna()}) if len(statistics) else []
    frame = _programme_rows(participants, _programme(indicator_key))
    dates = frame.loc[is_finished(frame), "slutdatum"] if kind == KIND_RATE else frame["startdatum"]
    years = year_of(dates)
    return sorted({int(y) for y in years.dropna()})


def _programme_rows(participants: pd.DataFrame, programme: str | None) -> pd.DataFrame:
    if programme is None or participants.empty:
        return participants
    return participants[(participants["insats"].astype(str) == programme).to_numpy(dtype=bool)]


def _empty_pooled() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ar": pd.Series(dtype="int64"),
            "x": pd.Series(dtype="float64"),
            "n": pd.Series(dtype="float64"),
            "status": pd.Series(dtype=object),
        }
    )


def pooled_values(
    statistics: pd.DataFrame,
    participants: pd.DataFrame,
    indicator_key: str,
    codes: Iterable[str],
    years: Sequence[int],
    *,
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """The indicator for a set of districts pooled, per year: ``ar, x, n, value, ci_low, ci_high, status``.

    ``x`` / ``n`` are the counts the value rests on, as they may be shown (floats, NaN where hidden or
    missing): for a share the exact register sums over the districts (numerator, denominator), for a rate
    the published numbers of finished enrolments with a positive outcome and of finished enrolments, for
    a count the published number of enrolments started (``n`` NaN). ``value`` = x / n (0–1) for shares and
    rates, x for counts; ``ci_low, ci_high`` the 95 % Wilson (share, rate) or exact Poisson (count)
    interval from those counts. ``status``: ``"ok"``; ``"suppressed"`` (share: pooled denominator 1 …
    min_n−1; rate: n, numerator or complement 1 … min_n−1; count: 1 … min_n−1); ``"missing"`` (no district
    of the set, a missing register count, or no finished enrolment for a rate). See the module docstring.
    """
    min_n = check_min_n(min_n)
    kind = linked_indicator_kind(indicator_key)
    codes = {str(c) for c in codes}
    years = [int(y) for y in years]
    if not years:
        out = _empty_pooled()
        out["value"] = out["ci_low"] = out["ci_high"] = pd.Series(dtype="float64")
        return out[["ar", "x", "n", "value", "ci_low", "ci_high", "status"]]
    if kind == KIND_SHARE:
        table = _pooled_share(statistics, indicator_key, codes, years, min_n)
    else:
        table = _pooled_people(participants, indicator_key, kind, codes, years, min_n)
    x = table["x"].to_numpy(dtype=float)
    n = table["n"].to_numpy(dtype=float)
    if kind == KIND_COUNT:
        low, high = poisson_interval(x)
        value = x
    else:
        low, high = wilson_interval(x, n)
        value = disclosure.published_share(x, n)
    ok = (table["status"] == OK).to_numpy()
    table["value"] = np.where(ok, value, np.nan)
    table["ci_low"] = np.where(ok, np.asarray(low, dtype=float), np.nan)
    table["ci_high"] = np.where(ok, np.asarray(high, dtype=float), np.nan)
    table["x"] = np.where(ok, x, np.nan)
    table["n"] = np.where(ok, n, np.nan)
    return table[["ar", "x", "n", "value", "ci_low", "ci_high", "status"]].reset_index(drop=True)


def _pooled_share(statistics, key, codes, years, min_n) -> pd.DataFrame:
    require_columns(statistics, ["stadsdel_kod", "ar", key, vocab.INDICATOR_DENOMINATORS[key]], "plan")
    denominator = vocab.INDICATOR_DENOMINATORS[key]
    in_set = statistics["stadsdel_kod"].astype(str).isin(codes).to_numpy(dtype=bool)
    rows = statistics.loc[in_set]
    top = as_float_array(rows[key])
    bottom = as_float_array(rows[denominator])
    row_years = as_float_array(rows["ar"])
    out = []
    for year in years:
        here = row_years == year
        if not here.any() or np.isnan(top[here]).any() or np.isnan(bottom[here]).any():
            out.append((year, np.nan, np.nan, MISSING))
            continue
        x, n = float(top[here].sum()), float(bottom[here].sum())
        if n <= 0 or x > n:
            out.append((year, np.nan, np.nan, MISSING))
        elif n < min_n:
            out.append((year, np.nan, np.nan, SUPPRESSED))
        else:
            out.append((year, x, n, OK))
    return pd.DataFrame(out, columns=["ar", "x", "n", "status"]).astype({"ar": "int64"})


def _in_codes(frame: pd.DataFrame, codes: Iterable[str]) -> np.ndarray:
    """Rows whose (known) ``stadsdel_kod`` is one of ``codes``."""
    known = frame["stadsdel_kod"].notna().to_numpy(dtype=bool)
    return known & frame["stadsdel_kod"].astype(str).isin(set(codes)).to_numpy(dtype=bool)


def _pooled_people(participants, key, kind, codes, years, min_n) -> pd.DataFrame:
    frame = _programme_rows(participants, _programme(key))
    frame = frame.loc[_in_codes(frame, codes)]
    if kind == KIND_RATE:
        finished = frame.loc[is_finished(frame)]
        year = year_of(finished["slutdatum"]).to_numpy(dtype=float, na_value=np.nan)
        positive = is_positive(finished).to_numpy(dtype=bool)
        n_true = np.array([np.sum(year == y) for y in years], dtype=float)
        x_true = np.array([np.sum((year == y) & positive) for y in years], dtype=float)
        n_shown, x_shown, hidden = disclosure.publish_rate_counts(n_true, x_true, min_n)
        status = np.where(n_true == 0, MISSING, np.where(hidden, SUPPRESSED, OK))
        return pd.DataFrame({"ar": years, "x": x_shown, "n": n_shown, "status": status}).astype({"ar": "int64"})
    year = year_of(frame["startdatum"]).to_numpy(dtype=float, na_value=np.nan)
    counts = np.array([np.sum(year == y) for y in years], dtype=float)
    shown = disclosure.publish_counts(counts, min_n).to_numpy(dtype=float, na_value=np.nan)
    status = np.where(np.isnan(shown), SUPPRESSED, OK)
    return pd.DataFrame({"ar": years, "x": shown, "n": np.nan, "status": status}).astype({"ar": "int64"})


def base_and_after_years(years: Sequence[int], start: int) -> tuple[int | None, int | None, bool]:
    """``(base year, after year, base before start)``: the last year before ``start`` (else the first
    year, with the flag False) and the latest year; ``(None, None, False)`` without years."""
    years = sorted(int(y) for y in years)
    if not years:
        return None, None, False
    before = [y for y in years if y < start]
    return (before[-1] if before else years[0]), years[-1], bool(before)


# --------------------------------------------------------------------------------------------------------
# Before and after
# --------------------------------------------------------------------------------------------------------
def before_after(
    data_statistics: pd.DataFrame,
    participants: pd.DataFrame,
    measure_row,
    indicator_key: str,
    *,
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """A linked indicator in the measure's target districts against the rest of the municipality, before
    and after the measure's start. A change is not proof of effect: it says what the indicator did, not why.

    Parameters
    ----------
    data_statistics : DataFrame
        ``statistik.csv`` columns (``stadsdel_kod, ar`` and the indicator's counts).
    participants : DataFrame
        Participant template columns (rates and counts).
    measure_row : Series or mapping
        One row of ``Dataset.plan`` (``stadsdelar``, ``hela_kommunen``, ``startdatum``).
    indicator_key : str
        See :func:`linked_indicator_kind`.
    min_n : int
        Disclosure threshold.

    Returns
    -------
    DataFrame
        Two rows, ``grupp`` ``"malomraden"`` (target districts pooled) and ``"ovriga"`` (the rest of the
        municipality pooled), columns ``BEFORE_AFTER_COLUMNS``: ``ar_fore`` (last year before the start
        year, else the first year), ``ar_efter`` (latest year), ``fore_start`` (True when ``ar_fore`` lies
        before the start year), ``varde_fore, n_fore, varde_efter, n_efter`` (the pooled values, 0–1 for
        shares and rates, and what they rest on, see :func:`pooled_values`), ``forandring`` = after − before,
        ``ci_low, ci_high`` its 95 % Newcombe interval (shares and rates, from the shown counts), ``reading``
        (``change.UP/DOWN/CHANCE``, None for counts) and ``status`` of the change: ``"suppressed"`` when
        either year is hidden, ``"missing"`` when either year has no value, when there is only one year or
        when the group is empty (a measure for the whole municipality has no ``ovriga``), else ``"ok"``.
        A shown year's own value stays shown when the other is hidden; the change and its interval do not.
    """
    min_n = check_min_n(min_n)
    kind = linked_indicator_kind(indicator_key)
    years = indicator_years(data_statistics, participants, indicator_key)
    base, after, before_start = base_and_after_years(years, start_year(measure_row))
    groups = {
        GROUP_TARGET: target_codes(measure_row),
        GROUP_REST: rest_codes(data_statistics, participants, measure_row, indicator_key),
    }
    rows = []
    for group, codes in groups.items():
        row = {"grupp": group, "ar_fore": base, "ar_efter": after, "fore_start": before_start}
        row |= dict.fromkeys(("varde_fore", "n_fore", "varde_efter", "n_efter", "forandring", "ci_low", "ci_high"))
        row |= {"reading": None, "status": MISSING}
        if base is not None and codes:
            pooled = pooled_values(
                data_statistics, participants, indicator_key, codes, sorted({base, after}), min_n=min_n
            )
            pooled = pooled.set_index("ar")
            fore, efter = pooled.loc[base], pooled.loc[after]
            row |= {"varde_fore": fore["value"], "n_fore": fore["n"], "varde_efter": efter["value"]}
            row["n_efter"] = efter["n"]
            row |= _change(kind, fore, efter, after > base)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["grupp"] = out["grupp"].astype(str)
    for column in ("ar_fore", "ar_efter", "n_fore", "n_efter"):
        out[column] = pd.array(pd.to_numeric(out[column], errors="coerce"), dtype="Float64").astype("Int64")
    for column in ("varde_fore", "varde_efter", "forandring", "ci_low", "ci_high"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    out["fore_start"] = out["fore_start"].astype(bool)
    out["reading"] = pd.Series(
        [r if isinstance(r, str) else None for r in out["reading"]], index=out.index, dtype=object
    )
    return out[list(BEFORE_AFTER_COLUMNS)]


def _change(kind: str, fore: pd.Series, efter: pd.Series, two_years: bool) -> dict:
    """The change from ``fore`` to ``efter`` (rows of :func:`pooled_values`) with its status."""
    if not two_years:
        return {"status": MISSING}
    if SUPPRESSED in (fore["status"], efter["status"]):
        return {"status": SUPPRESSED}
    if fore["status"] != OK or efter["status"] != OK:
        return {"status": MISSING}
    if kind == KIND_COUNT:
        return {"forandring": float(efter["x"] - fore["x"]), "status": OK}
    diff, low, high, verdict = change.proportion_change(efter["x"], efter["n"], fore["x"], fore["n"])
    return {"forandring": diff, "ci_low": low, "ci_high": high, "reading": verdict, "status": OK}


# --------------------------------------------------------------------------------------------------------
# Series
# --------------------------------------------------------------------------------------------------------
def series(
    data_statistics: pd.DataFrame,
    participants: pd.DataFrame,
    measure_row,
    indicator_key: str,
    *,
    min_n: int = DEFAULT_MIN_N,
    comparison: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The linked indicator per year for the target districts pooled (``malomraden``), the rest of the
    municipality pooled (``ovriga``) and, when ``comparison`` lists district codes, those pooled
    (``jamforelse``, e.g. ``DidResult.comparison_codes``). A series that moves after a start is not proof
    of effect.

    Returns ``SERIES_COLUMNS``: ``ar`` (int64), ``grupp``, ``varde`` (0–1 for shares and rates, a count for
    counts), ``n`` (Int64: the pooled denominator, NA for counts and where hidden), ``ci_low, ci_high``
    (95 % Wilson for shares and rates, exact Poisson for counts, from the shown counts) and ``status``
    (see :func:`pooled_values`). Rows ordered by group, then year; a group without districts (``ovriga``
    of a measure for the whole municipality, an empty ``comparison``) has no rows.
    """
    min_n = check_min_n(min_n)
    years = indicator_years(data_statistics, participants, indicator_key)
    groups = {
        GROUP_TARGET: target_codes(measure_row),
        GROUP_REST: rest_codes(data_statistics, participants, measure_row, indicator_key),
    }
    if comparison is not None:
        groups[GROUP_COMPARISON] = tuple(str(c) for c in comparison)
    parts = []
    for group, codes in groups.items():
        if not codes or not years:
            continue
        pooled = pooled_values(data_statistics, participants, indicator_key, codes, years, min_n=min_n)
        kind = linked_indicator_kind(indicator_key)
        parts.append(
            pd.DataFrame(
                {
                    "ar": pooled["ar"].astype("int64"),
                    "grupp": group,
                    "varde": pooled["value"].astype("float64"),
                    "n": pd.array(np.full(len(pooled), np.nan) if kind == KIND_COUNT else pooled["n"], dtype="Float64"),
                    "ci_low": pooled["ci_low"],
                    "ci_high": pooled["ci_high"],
                    "status": pooled["status"].astype(str),
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                "ar": pd.Series(dtype="int64"),
                "grupp": pd.Series(dtype=str),
                "varde": pd.Series(dtype="float64"),
                "n": pd.Series(dtype="Int64"),
                "ci_low": pd.Series(dtype="float64"),
                "ci_high": pd.Series(dtype="float64"),
                "status": pd.Series(dtype=str),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out["n"] = out["n"].astype("Int64")
    return out[list(SERIES_COLUMNS)]


# --------------------------------------------------------------------------------------------------------
# Difference-in-differences
# --------------------------------------------------------------------------------------------------------
class PreTrend(NamedTuple):
    """The placebo difference-in-differences over the two years before the start (see
    :func:`difference_in_differences`): near 0 (reading ``"chance"``) is what parallel trends predict."""

    estimate: float
    ci_low: float
    ci_high: float
    reading: str | None


@dataclass(frozen=True)
class DidResult:
    """A difference-in-differences of a share or rate (see :func:`difference_in_differences`).

    When it cannot be computed, ``estimate``, ``ci_low``, ``ci_high`` and ``reading`` are None and
    ``reason`` says why (``REASON_*``); ``ok`` is then False. Years and comparison districts are filled in
    as far as they were found.
    """

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    reading: str | None
    base_year: int | None
    after_year: int | None
    comparison_codes: tuple[str, ...]
    pre_trend: PreTrend | None
    reason: str | None
    #: The years of the placebo (two years before the start), when there are two.
    pre_years: tuple[int, int] | None = None
    #: The four pooled values (0–1) the estimate is made of, and its standard error.
    target_before: float | None = None
    target_after: float | None = None
    comparison_before: float | None = None
    comparison_after: float | None = None
    se: float | None = None

    @property
    def ok(self) -> bool:
        """True when the estimate exists."""
        return self.estimate is not None


def _statistics_year(statistics: pd.DataFrame, year: int) -> int | None:
    years = sorted({int(y) for y in statistics["ar"].dropna()}) if len(statistics) else []
    if not years:
        return None
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


def comparison_districts(
    statistics: pd.DataFrame,
    measure_row,
    year: int,
    *,
    area_types: pd.DataFrame | None = None,
    mean: float = DEFAULT_INDEX_MEAN,
    sd: float = DEFAULT_INDEX_SD,
    candidates: Iterable[str] | None = None,
) -> tuple[str, ...]:
    """Untargeted districts of the same area type(s) as the target districts in ``year`` (sorted).

    The area types are those of ``area_types`` (columns ``stadsdel_kod, omradestyp`` and optionally ``ar``,
    then the rows of the statistics year used) or, when None, `analysis.stats.districts.area_types` of the
    statistics of that year with ``mean``/``sd``. The statistics year is ``year`` or, when ``statistik.csv``
    has no such year, the nearest earlier one (else the earliest). Target districts without a type add no
    type; districts outside ``candidates`` (default: every district of that statistics year) are not
    used. Empty when the measure covers the whole municipality.
    """
    if _whole_municipality(measure_row):
        return ()
    stat_year = _statistics_year(statistics, year)
    if area_types is None:
        if stat_year is None:
            return ()
        area_types = compute_area_types(statistics[statistics["ar"] == stat_year], mean, sd)
    elif "ar" in area_types.columns:
        table_years = sorted({int(y) for y in area_types["ar"].dropna()})
        earlier = [y for y in table_years if y <= year]
        chosen = earlier[-1] if earlier else (table_years[0] if table_years else None)
        area_types = area_types[area_types["ar"] == chosen]
    require_columns(area_types, ["stadsdel_kod", "omradestyp"], "comparison_districts")
    types = {
        str(code): int(kind)
        for code, kind in zip(area_types["stadsdel_kod"], area_types["omradestyp"], strict=True)
        if not pd.isna(kind)
    }
    targets = set(target_codes(measure_row))
    wanted = {types[c] for c in targets if c in types}
    pool = set(types) if candidates is None else {str(c) for c in candidates} & set(types)
    return tuple(sorted(c for c in pool - targets if types[c] in wanted))


def wald_did(p_t1, n_t1, p_t0, n_t0, p_c1, n_c1, p_c0, n_c0, z: float = Z95) -> tuple[float, float, float, float]:
    """``(estimate, low, high, se)`` of DiD = (p_t1 − p_t0) − (p_c1 − p_c0) with the Wald interval
    estimate ± z·sqrt(Σ p(1−p)/n) over the four proportions, treated as independent."""
    pairs = ((p_t1, n_t1), (p_t0, n_t0), (p_c1, n_c1), (p_c0, n_c0))
    estimate = (float(p_t1) - float(p_t0)) - (float(p_c1) - float(p_c0))
    se = float(np.sqrt(sum(float(p) * (1.0 - float(p)) / float(n) for p, n in pairs)))
    return estimate, estimate - z * se, estimate + z * se, se


def difference_in_differences(
    data_statistics: pd.DataFrame,
    participants: pd.DataFrame,
    measure_row,
    indicator_key: str,
    *,
    min_n: int = DEFAULT_MIN_N,
    area_types: pd.DataFrame | None = None,
    mean: float = DEFAULT_INDEX_MEAN,
    sd: float = DEFAULT_INDEX_SD,
    min_years_before: int = 2,
) -> DidResult:
    """A simple difference-in-differences of a share or rate: how much more (or less) the indicator moved
    in the target districts than in comparable untargeted districts. Even a clear difference is not proof
    of effect: it rests on the assumption that without the measure both groups would have moved alike
    (parallel trends), which the placebo check can contradict but never prove.

    Parameters
    ----------
    data_statistics, participants, measure_row, indicator_key, min_n
        As for :func:`before_after`.
    area_types : DataFrame, optional
        ``stadsdel_kod, omradestyp`` (and optionally ``ar``), e.g. `analysis.stats.districts.area_types`;
        default: computed from ``data_statistics`` with ``mean``/``sd``.
    mean, sd : float
        National mean and SD of the socioeconomic index (for districts without an SCB type).
    min_years_before : int, default 2
        Years before the start year needed (2 also allows the placebo check; 1 gives the estimate alone).

    Returns
    -------
    DidResult
        * Groups: T = the target districts pooled; C = the comparison districts pooled: untargeted
          districts of the same area type(s) as the target districts in the base year
          (:func:`comparison_districts`).
        * Years: base = the last year before the start year, after = the latest year (≥ the start year).
        * ``estimate`` = (T_after − T_base) − (C_after − C_base) of the pooled shares or rates (0–1 units),
          from the shown counts (register counts exactly; people's counts published, see the module
          docstring).
        * 95 % Wald interval: ``estimate ± 1.96 · sqrt(Σ p(1−p)/n)`` over the four pooled proportions,
          which treats the four as independent samples. The same residents are in both years of a group,
          which makes each group's change vary less than that, so the interval errs on the wide
          (cautious) side. A proportion of 0 or 1 adds no variance. ``reading`` as in `analysis.stats.change`.
        * ``pre_trend``: the same DiD over the two years before the start (the year before the base year to
          the base year), a placebo: the measure had not started, so a clear value there says the groups
          were already moving apart and the estimate should not be read as the measure's doing.
          None with fewer than two years before the start or when one of its values is not shown.
        * Not computed (``estimate`` None, ``reason``): a count indicator (``"not_proportion"``), a measure
          covering the whole municipality or with no untargeted district (``"whole_municipality"``), fewer
          than ``min_years_before`` years before the start or no year from the start on
          (``"too_few_years"``), no comparison district (``"no_comparison"``), or one of the four values
          hidden (``"suppressed"``) or missing (``"missing"``).
    """
    min_n = check_min_n(min_n)
    kind = linked_indicator_kind(indicator_key)
    start = start_year(measure_row)
    years = indicator_years(data_statistics, participants, indicator_key)
    pre = [y for y in years if y < start]
    post = [y for y in years if y >= start]
    base = pre[-1] if pre else None
    after = post[-1] if post else None
    empty = {"estimate": None, "ci_low": None, "ci_high": None, "reading": None, "pre_trend": None}
    common = {"base_year": base, "after_year": after, "comparison_codes": ()}
    if kind == KIND_COUNT:
        return DidResult(**empty, **common, reason=REASON_NOT_PROPORTION)
    rest = rest_codes(data_statistics, participants, measure_row, indicator_key)
    if not rest:
        return DidResult(**empty, **common, reason=REASON_WHOLE_MUNICIPALITY)
    if len(pre) < max(int(min_years_before), 1) or after is None:
        return DidResult(**empty, **common, reason=REASON_TOO_FEW_YEARS)
    codes = comparison_districts(
        data_statistics, measure_row, base, area_types=area_types, mean=mean, sd=sd, candidates=rest
    )
    common["comparison_codes"] = codes
    if not codes:
        return DidResult(**empty, **common, reason=REASON_NO_COMPARISON)
    wanted = sorted({*pre[-2:], after})
    target = pooled_values(
        data_statistics, participants, indicator_key, target_codes(measure_row), wanted, min_n=min_n
    ).set_index("ar")
    control = pooled_values(data_statistics, participants, indicator_key, codes, wanted, min_n=min_n).set_index("ar")

    def did(y0: int, y1: int):
        rows = [target.loc[y1], target.loc[y0], control.loc[y1], control.loc[y0]]
        statuses = {r["status"] for r in rows}
        if statuses != {OK}:
            return None, REASON_SUPPRESSED if SUPPRESSED in statuses else REASON_MISSING
        args = [v for r in rows for v in (r["value"], r["n"])]
        return wald_did(*args), None

    result, reason = did(base, after)
    pre_years = (pre[-2], pre[-1]) if len(pre) >= 2 else None
    pre_trend = None
    if pre_years is not None:
        placebo, _ = did(*pre_years)
        if placebo is not None:
            estimate, low, high, _se = placebo
            pre_trend = PreTrend(estimate, low, high, change.reading(low, high))
    if result is None:
        return DidResult(**(empty | {"pre_trend": pre_trend}), **common, reason=reason, pre_years=pre_years)
    estimate, low, high, se = result
    return DidResult(
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        reading=change.reading(low, high),
        pre_trend=pre_trend,
        reason=None,
        pre_years=pre_years,
        target_before=float(target.loc[base, "value"]),
        target_after=float(target.loc[after, "value"]),
        comparison_before=float(control.loc[base, "value"]),
        comparison_after=float(control.loc[after, "value"]),
        se=se,
        **common,
    )


# --------------------------------------------------------------------------------------------------------
# Progress towards the target values
# --------------------------------------------------------------------------------------------------------
def progress(
    data_statistics: pd.DataFrame,
    participants: pd.DataFrame,
    measure_row,
    indicators: pd.DataFrame,
    *,
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """How far each linked indicator of a measure has come towards its target value, in the measure's
    target districts pooled. Reaching a target value is not proof that the measure did it.

    Parameters
    ----------
    data_statistics, participants, measure_row, min_n
        As for :func:`before_after`.
    indicators : DataFrame
        ``Dataset.plan_indicators`` (``atgard_id, indikator, malvarde, malar``); only the rows of this
        measure's ``atgard_id`` are used.

    Returns
    -------
    DataFrame
        One row per linked indicator (input order), ``PROGRESS_COLUMNS``:

        * ``kind`` (:func:`linked_indicator_kind`), ``malar`` (target year) and ``malvarde``, the target in
          the unit of the values: a share or rate in 0–1 (the file's percent ÷ 100), a count as given.
        * Shares and rates: ``utgangsvarde`` = the pooled value in the base year ``utgangsar`` (last year
          before the start, else the first year), ``senaste_varde`` = the pooled value in the latest year
          ``senaste_ar``, ``andel_av_vagen`` = (latest − baseline) ÷ (target − baseline): 1 = reached, 0 = no
          movement, below 0 = away from the target, above 1 = beyond it (NaN when target = baseline).
          ``reading``: the change's reading (Newcombe interval, see :func:`before_after`).
          ``status``: ``"natt"`` when the latest value has reached the target (on the target's side of
          it, or equal to it); otherwise ``"oforandrat"`` when the change could be chance (its interval
          covers 0), ``"pa_vag"`` when it is clearly towards the target, ``"bort_fran"`` when clearly away;
          ``"saknas"`` without both years (or only one year), ``"dolt"`` when either is hidden.
        * Counts (``insats:<insats>``): enrolments started in the target districts; ``senaste_varde`` =
          the published count in the target year ``malar`` (``senaste_ar`` = ``malar``), ``utgangsvarde`` =
          the published count in the base year, ``andel_av_vagen`` = published count ÷ target (from 0, as
          the target counts the target year only). ``status`` (the verdict taken on the true count, rule 7
          of `analysis.disclosure`): ``"natt"`` when it reaches the target, ``"pa_vag"`` when it is above 0
          and below it, ``"oforandrat"`` at 0, ``"ej_an"`` (not yet) when the target year comes after the
          register's last year (the data have not reached it: nothing is missing), ``"saknas"`` when no
          enrolment at all started in a target year within the data, ``"dolt"`` when the count is hidden
          and the target is below ``min_n`` (a hidden count with a larger target is below it: ``"pa_vag"``).
          ``reading`` None.
    """
    min_n = check_min_n(min_n)
    require_columns(indicators, ["atgard_id", "indikator", "malvarde", "malar"], "progress")
    measure_id = str(_field(measure_row, "atgard_id", ""))
    own = indicators[indicators["atgard_id"].astype(str) == measure_id]
    rows = []
    for _, item in own.iterrows():
        key = str(item["indikator"])
        kind = linked_indicator_kind(key)
        target = float(item["malvarde"])
        year = int(item["malar"])
        row = {
            "atgard_id": measure_id,
            "indikator": key,
            "kind": kind,
            "malvarde": target / 100.0 if kind != KIND_COUNT else target,
            "malar": year,
        }
        if kind == KIND_COUNT:
            row |= _count_progress(data_statistics, participants, measure_row, key, target, year, min_n)
        else:
            row |= _proportion_progress(data_statistics, participants, measure_row, key, row["malvarde"], min_n)
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(PROGRESS_COLUMNS))
    out["atgard_id"] = out["atgard_id"].astype(str)
    out["indikator"] = out["indikator"].astype(str)
    out["kind"] = out["kind"].astype(str)
    for column in ("malvarde", "utgangsvarde", "senaste_varde", "andel_av_vagen"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    for column in ("malar", "utgangsar", "senaste_ar"):
        out[column] = pd.array(pd.to_numeric(out[column], errors="coerce"), dtype="Float64").astype("Int64")
    out["reading"] = pd.Series(
        [r if isinstance(r, str) else None for r in out["reading"]], index=out.index, dtype=object
    )
    out["status"] = out["status"].astype(str)
    return out


def _proportion_progress(statistics, participants, measure_row, key, target, min_n) -> dict:
    table = before_after(statistics, participants, measure_row, key, min_n=min_n)
    row = table[table["grupp"] == GROUP_TARGET].iloc[0]
    out = {"utgangsar": row["ar_fore"], "senaste_ar": row["ar_efter"], "reading": None, "andel_av_vagen": np.nan}
    out |= {"utgangsvarde": row["varde_fore"], "senaste_varde": row["varde_efter"]}
    if row["status"] == SUPPRESSED:
        return out | {"status": "dolt"}
    if row["status"] != OK:
        return out | {"status": "saknas"}
    baseline, latest = float(row["varde_fore"]), float(row["varde_efter"])
    if target != baseline:
        out["andel_av_vagen"] = (latest - baseline) / (target - baseline)
    out["reading"] = row["reading"]
    direction = np.sign(target - baseline)
    if (direction >= 0 and latest >= target) or (direction <= 0 and latest <= target):
        status = "natt" if direction != 0 or latest == target else "bort_fran"
    elif row["reading"] == change.CHANCE or row["reading"] is None:
        status = "oforandrat"
    else:
        towards = (row["reading"] == change.UP) == (direction > 0)
        status = "pa_vag" if towards else "bort_fran"
    return out | {"status": status}


def _after_register(participants: pd.DataFrame, year: int) -> bool:
    """Whether ``year`` comes after the register's last year (its latest start or end of any enrolment)."""
    if participants.empty:
        return False
    dates = year_of(pd.concat([participants["startdatum"], participants["slutdatum"]], ignore_index=True))
    last = dates.max()
    return bool(pd.notna(last) and year > int(last))


def _count_progress(statistics, participants, measure_row, key, target, year, min_n) -> dict:
    codes = target_codes(measure_row)
    years = indicator_years(statistics, participants, key)
    base, _, _ = base_and_after_years(years, start_year(measure_row))
    out = {"utgangsar": base, "senaste_ar": year, "reading": None, "andel_av_vagen": np.nan}
    out["utgangsvarde"] = np.nan
    if base is not None:
        pooled = pooled_values(statistics, participants, key, codes, [base], min_n=min_n)
        out["utgangsvarde"] = pooled["value"].iloc[0]
    out["senaste_varde"] = np.nan
    if year not in years:
        # A target year after the register's last year is not missing data: the year has not come yet.
        return out | {"status": "ej_an" if _after_register(participants, year) else "saknas"}
    frame = _programme_rows(participants, _programme(key))
    started = year_of(frame.loc[_in_codes(frame, codes), "startdatum"]).to_numpy(dtype=float, na_value=np.nan)
    true_count = int(np.sum(started == year))
    shown = disclosure.publish_count(true_count, min_n)
    out["senaste_varde"] = np.nan if shown is None else float(shown)
    if shown is not None and target > 0:
        out["andel_av_vagen"] = shown / target
    if shown is None and target < min_n:
        status = "dolt"  # rule 7: no verdict on a hidden count against a target below the threshold
    elif true_count >= target:
        status = "natt"
    else:
        status = "pa_vag" if true_count > 0 else "oforandrat"
    return out | {"status": status}


# --------------------------------------------------------------------------------------------------------
# The plan itself: who does what, where, on what evidence (counts of measures: things, not people)
# --------------------------------------------------------------------------------------------------------
def measure_actors(measure_row) -> tuple[str, ...]:
    """The measure's actors: the responsible actor first, then its partners, without repeats."""
    partners = _field(measure_row, "partner", ()) or ()
    if isinstance(partners, str):
        partners = (partners,)
    names = [str(_field(measure_row, "ansvarig", "") or ""), *(str(p) for p in partners)]
    return tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def plan_actors(plan: pd.DataFrame) -> list[str]:
    """Every actor named in the plan (responsible or partner), sorted alphabetically (case-insensitively)."""
    names = {actor for row in plan.itertuples(index=False) for actor in measure_actors(row._asdict())}
    return sorted(names, key=str.casefold)


def filter_measures(
    plan: pd.DataFrame,
    *,
    actors: Iterable[str] = (),
    districts: Iterable[str] = (),
    statuses: Iterable[str] = (),
    evidence: Iterable[str] = (),
) -> pd.DataFrame:
    """The measures matching every given filter (an empty filter matches all): one of ``actors`` is the
    responsible actor or a partner; one of ``districts`` is a target district (a measure for the whole
    municipality targets every district); the status is one of ``statuses``; the evidence one of
    ``evidence``. Order and columns are the plan's."""
    actors, districts, statuses, evidence = (set(map(str, x)) for x in (actors, districts, statuses, evidence))
    keep = []
    for row in plan.itertuples(index=False):
        record = row._asdict()
        keep.append(
            (not actors or bool(actors & set(measure_actors(record))))
            and (not districts or bool(districts & set(target_codes(record))))
            and (not statuses or str(record.get("status")) in statuses)
            and (not evidence or str(record.get("evidens")) in evidence)
        )
    return plan[np.asarray(keep, dtype=bool)] if len(plan) else plan


def plan_summary(plan: pd.DataFrame) -> dict[str, int]:
    """How many measures there are (``alla``), per status (``vocab.PLAN_STATUSES``) and per kind of
    evidence (``vocab.EVIDENCE_KINDS``), and how many rest on research or an effect shown elsewhere
    (``stod``). Measures are counted exactly: they are not people."""
    summary = {"alla": len(plan)}
    for status in vocab.PLAN_STATUSES:
        summary[status] = int((plan["status"].astype(str) == status).sum()) if len(plan) else 0
    for kind in vocab.EVIDENCE_KINDS:
        summary[kind] = int((plan["evidens"].astype(str) == kind).sum()) if len(plan) else 0
    summary["stod"] = summary.get("forskning", 0) + summary.get("effekt_annanstans", 0)
    return summary
