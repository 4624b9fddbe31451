"""Progress towards the programmes' yearly goals (``mal.csv``), with small-number suppression."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analysis import disclosure, vocab
from analysis.frames import check_min_n, require_columns, year_of
from analysis.settings import DEFAULT_MIN_N
from analysis.stats.rates import is_finished, is_positive

GOAL_COLUMNS: tuple[str, ...] = ("insats", "ar", "matt", "malvarde", "utfall", "andel", "uppnatt", "suppressed")
#: Where a goal's year stands on a given day: over, running, not begun.
GOAL_PERIODS: tuple[str, ...] = ("past", "current", "future")
#: What a goal card may say (`goal_status`); the texts word them.
GOAL_STATUSES: tuple[str, ...] = ("reached", "not_reached", "reached_so_far", "so_far", "hidden", "unknown")


def _achieved_counts(participants: pd.DataFrame) -> pd.DataFrame:
    """True achieved counts per ``insats, ar, matt`` for every measure (only combinations that occur)."""
    start_year = year_of(participants["startdatum"])
    end_year = year_of(participants["slutdatum"])
    finished = is_finished(participants)
    extended = participants["forlangning"].isin(["ja"]).astype(bool)
    selections = {
        "inskrivna": (pd.Series(True, index=participants.index), start_year),
        "positivt_utfall": (finished & is_positive(participants), end_year),
        "forlangning": (finished & extended, end_year),
    }
    # Counted per measure on integer codes and then put together: one frame of every selected enrolment of
    # all three measures (three million rows for a national register) grouped by the programmes' names took
    # most of a cold start. A missing programme or year is left out, as the grouping by name did.
    codes, names = pd.factorize(participants["insats"])
    names = pd.Index(names).astype("str")
    parts = []
    for measure, (selected, year) in selections.items():
        keep = selected.to_numpy(dtype=bool) & year.notna().to_numpy(dtype=bool) & (codes >= 0)
        rows = pd.DataFrame({"code": codes[keep], "ar": year.to_numpy(dtype="float64", na_value=np.nan)[keep]})
        counted = rows.groupby(["code", "ar"]).size().rename("utfall").reset_index()
        parts.append(
            pd.DataFrame(
                {
                    "insats": names.take(counted["code"].to_numpy()),
                    "ar": counted["ar"].to_numpy(),
                    "matt": measure,
                    "utfall": counted["utfall"].to_numpy(),
                }
            )
        )
    counts = pd.concat(parts, ignore_index=True)
    if counts.empty:
        return pd.DataFrame({"insats": [], "ar": [], "matt": [], "utfall": []}).astype(
            {"insats": "object", "ar": "Int64", "matt": "object", "utfall": "int64"}
        )
    counts = counts.astype({"ar": "Int64", "utfall": "int64"})
    ordered = counts.sort_values(["insats", "ar", "matt"], kind="stable").reset_index(drop=True)
    return ordered[["insats", "ar", "matt", "utfall"]]


def goal_progress(participants: pd.DataFrame, goals: pd.DataFrame, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """What each goal in ``mal.csv`` has achieved, as a count and as a share of the goal.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``insats, startdatum, slutdatum, utfall, forlangning`` are used).
    goals : DataFrame
        ``insats, ar, matt, malvarde`` as in ``mal.csv``.
    min_n : int, default 5
        Suppression threshold.

    Returns
    -------
    DataFrame
        One row per goal row, in the goals' order: ``insats, ar, matt, malvarde, utfall, andel, uppnatt,
        suppressed``. ``ar``, ``malvarde``, ``utfall`` Int64; ``andel`` float; ``uppnatt`` boolean
        (nullable); ``suppressed`` bool.

    Notes
    -----
    The achieved count ``utfall`` (numerator) per measure ``matt``, for the goal's programme and year:

    * ``inskrivna``: enrolments whose ``startdatum`` lies in the year (whatever their outcome).
    * ``positivt_utfall``: finished enrolments (``utfall`` not ``pagaende``) whose ``slutdatum`` lies in the
      year and whose ``utfall`` is ``arbete``, ``praktik`` or ``studier``.
    * ``forlangning``: finished enrolments whose ``slutdatum`` lies in the year with ``forlangning == "ja"``.

    Enrolments without the relevant date are not counted. A goal with no matching enrolment has
    ``utfall = 0``. ``andel = utfall / malvarde`` (the denominator is the goal, not a population, so no
    confidence interval is given: the count is a full count of the programme's own register, not a
    sample); NaN where ``malvarde`` is 0. ``uppnatt = utfall >= malvarde``.

    Small numbers (`analysis.disclosure`): ``utfall`` is published rounded to the nearest 5 and ``andel``
    is the rounded count over the goal. Where 0 < ``utfall`` < ``min_n`` the row has ``suppressed`` True
    and ``utfall`` and ``andel`` are NA (the share times the published goal would give the count back).
    ``uppnatt`` is computed from the true count (a rounded 30 may be 28, short of a goal of 30; the
    verdict is said in words beside the rounded count and tells only which side of the goal the true count
    lies): when ``malvarde`` ≥ ``min_n`` a hidden count is necessarily below the goal,
    so "not reached" tells nothing the suppression itself does not already say. When ``malvarde`` <
    ``min_n``, reached / not reached would split the hidden range 1 … min_n−1 and so narrow the hidden
    count down; ``uppnatt`` is then NA as well. A count of 0 is shown.
    """
    min_n = check_min_n(min_n)
    require_columns(participants, ["insats", "startdatum", "slutdatum", "utfall", "forlangning"], "goal_progress")
    require_columns(goals, ["insats", "ar", "matt", "malvarde"], "goal_progress (mål)")
    unknown = sorted(set(goals["matt"].dropna()) - set(vocab.GOAL_MEASURES))
    if unknown:
        raise ValueError(f"goal_progress: okänt mått {unknown}; tillåtna: {', '.join(vocab.GOAL_MEASURES)}")

    achieved = _achieved_counts(participants)
    keys = pd.DataFrame(
        {
            "insats": goals["insats"].astype("object").to_numpy(),
            "ar": goals["ar"].astype("Int64").to_numpy(),
            "matt": goals["matt"].astype("object").to_numpy(),
        }
    )
    merged = keys.merge(achieved, on=["insats", "ar", "matt"], how="left", validate="many_to_one")
    true = merged["utfall"].fillna(0).to_numpy(dtype="int64")
    target = goals["malvarde"].astype("Int64").reset_index(drop=True)
    target_float = target.to_numpy(dtype=float, na_value=np.nan)

    suppressed = disclosure.is_small(true, min_n)
    # The count as published (analysis.disclosure: rounded to the nearest 5) and its share of the goal;
    # the verdict below is taken on the true count.
    published = disclosure.publish_counts(true, min_n).to_numpy(dtype=float, na_value=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(target_float > 0, published / np.where(target_float > 0, target_float, 1.0), np.nan)
    reached = pd.array(true >= target_float, dtype="boolean")
    reached[np.isnan(target_float)] = pd.NA
    reached[suppressed & ~(target_float >= min_n)] = pd.NA

    out = pd.DataFrame(
        {
            "insats": goals["insats"].reset_index(drop=True),
            "ar": goals["ar"].astype("Int64").reset_index(drop=True),
            "matt": goals["matt"].reset_index(drop=True),
            "malvarde": target,
            "utfall": pd.array(np.where(suppressed, 0, published).astype("int64"), dtype="Int64"),
            "andel": np.where(suppressed, np.nan, share),
            "uppnatt": reached,
            "suppressed": suppressed,
        }
    )
    out.loc[suppressed, "utfall"] = pd.NA
    return out


def goal_status(progress: pd.DataFrame, *, today: dt.date) -> pd.DataFrame:
    """Whether each goal's year is over on ``today``, and what may honestly be said about the goal.

    Parameters
    ----------
    progress : DataFrame
        `goal_progress` output (``ar``, ``malvarde``, ``uppnatt``, ``suppressed`` are used).
    today : datetime.date
        The day the reading is made for (the page passes the real date; tests fix one). Passed in, never
        read from the clock here, so the same data always gives the same reading for the same day.

    Returns
    -------
    DataFrame
        ``progress`` with two more columns, ``period`` and ``status`` (both str), rows in the same order.

    Notes
    -----
    * ``period``: ``"past"`` when the goal's year ended before ``today`` (``ar < today.year``), ``"current"``
      for the year ``today`` is in, ``"future"`` for a later year. A past year's count is final; a current
      one is a count *so far* and can still grow, so "not reached" would be premature.
    * ``status``, from `goal_progress`'s ``uppnatt`` (computed there on the true count):

      - past: ``"reached"`` (count ≥ goal) or ``"not_reached"``;
      - current or future: ``"reached_so_far"`` (the goal is already met) or ``"so_far"``;
      - ``"hidden"`` whatever the period, when the count is hidden (0 < count < ``min_n``) *and* the goal is
        below ``min_n``: reached / not reached would then split the hidden range and so narrow the count
        down (see `goal_progress`), so nothing about the count may be said;
      - ``"unknown"`` when the goal has no target value.

      A hidden count beside a goal of at least ``min_n`` is necessarily below the goal, so its status
      (``"not_reached"`` / ``"so_far"``) discloses nothing the suppression does not already say.
    """
    require_columns(progress, ["ar", "malvarde", "uppnatt", "suppressed"], "goal_status")
    year = progress["ar"].astype("Int64").to_numpy(dtype=float, na_value=np.nan)
    this_year = int(today.year)
    period = np.where(year < this_year, "past", np.where(year == this_year, "current", "future"))
    reached = progress["uppnatt"].astype("boolean")
    known = reached.notna().to_numpy(dtype=bool)
    hit = reached.fillna(False).to_numpy(dtype=bool)
    past = period == "past"
    status = np.where(
        known,
        np.where(past, np.where(hit, "reached", "not_reached"), np.where(hit, "reached_so_far", "so_far")),
        np.where(progress["suppressed"].to_numpy(dtype=bool), "hidden", "unknown"),
    )
    out = progress.copy()
    out["period"] = period.astype(object)
    out["status"] = status.astype(object)
    return out
