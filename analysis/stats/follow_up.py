"""Outcomes that last: status at the 6- and 12-month follow-ups, time to a positive outcome, extensions.

Statistical contract shared by the functions here:

* Unit: an enrolment (one row of the participant template), as in `analysis.stats.rates`.
* Grouping: ``by`` takes any of ``ar`` (the year of ``slutdatum``), ``stadsdel_kod``, ``insats``,
  ``malgrupp``, ``kon``; groups follow ``observed=True, dropna=False`` (a missing key forms its own group).
* Intervals: 95 % Wilson (1927) score intervals for shares; a distribution-free interval from binomial
  order statistics for medians.
* Small numbers (`analysis.disclosure`): every count is published rounded to the nearest 5 and every
  share computed from the rounded counts; where the denominator ``n`` is below ``min_n``, or the
  headline numerator or its complement is 1 … min_n−1, the row keeps its keys and every number resting on
  it is NA (``suppressed`` True); separate counts of people (``ej_uppfoljda``) are hidden when they are
  1 … min_n−1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import disclosure, vocab
from analysis.frames import check_min_n, count_groups, normalise_by, require_columns, year_of
from analysis.settings import DEFAULT_MIN_N
from analysis.stats.programmes import extension_rates
from analysis.stats.rates import add_rates, is_finished, is_positive, wilson_interval

#: Columns the functions here may group by (``ar`` = year of ``slutdatum``).
FOLLOW_UP_KEYS: tuple[str, ...] = ("ar", "stadsdel_kod", "insats", "malgrupp", "kon")
#: Follow-up points: the template column and the months after ``slutdatum`` it refers to.
FOLLOW_UP_POINTS: dict[str, tuple[str, int]] = {"6m": ("utfall_6m", 6), "12m": ("utfall_12m", 12)}
#: Statuses that count as "still in work or studies" (praktik is reported apart, see `lasting_outcomes`).
LASTING_STATUSES: tuple[str, ...] = ("arbete", "studier")


def _key_frame(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {k: (year_of(frame["slutdatum"]) if k == "ar" else frame[k]) for k in keys},
        index=frame.index,
    )


def reference_date(participants: pd.DataFrame) -> pd.Timestamp | None:
    """The latest ``startdatum`` or ``slutdatum`` in the register: the default "data as of" date."""
    dates = pd.concat([pd.to_datetime(participants["startdatum"]), pd.to_datetime(participants["slutdatum"])])
    latest = dates.max()
    return None if pd.isna(latest) else pd.Timestamp(latest).normalize()


def lasting_outcomes(
    participants: pd.DataFrame,
    *,
    by=(),
    at: str = "6m",
    min_n: int = DEFAULT_MIN_N,
    as_of=None,
    among: str = "avslutade",
    count_praktik: bool = False,
) -> pd.DataFrame:
    """Share of finished enrolments in work or studies 6 or 12 months after the end, with 95 % intervals.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``utfall, slutdatum`` and ``utfall_6m`` or ``utfall_12m``).
    by : sequence of str, default ``()``
        Any of ``ar`` (year of ``slutdatum``), ``stadsdel_kod``, ``insats``, ``malgrupp``, ``kon``.
    at : {"6m", "12m"}
        Which follow-up.
    min_n : int, default 5
        Suppression threshold on ``n``.
    as_of : date-like, optional
        The date the data describes (an export date). Default: the latest ``startdatum``/``slutdatum``
        in ``participants`` (`reference_date`).
    among : {"avslutade", "positiva"}, default ``"avslutade"``
        The enrolments followed: all finished ones, or only those that ended in arbete, praktik or studier
        (then ``andel`` says how many of the positive outcomes held).
    count_praktik : bool, default False
        Count ``praktik`` at the follow-up as lasting too.

    Returns
    -------
    DataFrame
        ``*by, uppfoljning, n, varaktiga, andel, ci_low, ci_high, arbete, andel_arbete, ci_low_arbete,
        ci_high_arbete, praktik, andel_praktik, ci_low_praktik, ci_high_praktik, studier, andel_studier,
        ci_low_studier, ci_high_studier, ingen_sysselsattning, ej_uppfoljda, suppressed``. Counts Int64,
        shares float in [0, 1], ``uppfoljning`` = ``at``. One row per group with an enrolment that was
        followed up or was due to be.

    Notes
    -----
    * Definition: "still in work or studies" = follow-up status ``arbete`` or ``studier``. ``praktik`` is
      *not* counted (unless ``count_praktik``): half a year after the programme an internship is usually
      another labour-market measure, not self-supporting work or education, and the issue asks for work
      or studies. It is reported apart (``praktik``, ``andel_praktik``), as are ``arbete`` and ``studier``.
    * Denominator ``n``: finished enrolments (``utfall`` not ``pagaende``; ``among="positiva"``: with a
      positive ``utfall``) whose ``utfall_6m``/``utfall_12m`` is filled in. Only an enrolment old enough
      to have been followed up can have a status, so recent ones are never in the denominator.
    * Numerator ``varaktiga``: of ``n``, those with status ``arbete`` or ``studier``; ``andel = varaktiga/n``.
    * ``ej_uppfoljda``: finished enrolments (same ``among``) that were due – ``slutdatum`` + 6 (12) months
      on or before ``as_of`` – but have no status. They are not in ``n``: their status is unknown, and
      those who cannot be reached are often those without work, so a large ``ej_uppfoljda`` means
      ``andel`` is probably too high. Enrolments not yet due are counted nowhere.
    * Period: with ``ar`` in ``by``, the year of ``slutdatum`` (the follow-up itself lies 6/12 months later).
    * Interval: 95 % Wilson score interval for every share.
    * Small numbers (`analysis.disclosure`): where ``n`` < ``min_n`` or ``varaktiga`` or ``n − varaktiga``
      is 1 … min_n−1, every number resting on ``n`` is NA and ``suppressed`` True; each status count and
      its share are hidden on their own when the status or its complement is 1 … min_n−1;
      ``ej_uppfoljda`` in 1 … min_n−1 is NA on its own. Shown counts are rounded to the nearest 5.

    Raises
    ------
    ValueError
        On an unknown ``at`` or ``among``, or a follow-up status outside ``vocab.FOLLOW_UP_OUTCOMES``.
    """
    if at not in FOLLOW_UP_POINTS:
        raise ValueError(f"lasting_outcomes: at måste vara en av {', '.join(FOLLOW_UP_POINTS)}, inte {at!r}")
    if among not in ("avslutade", "positiva"):
        raise ValueError(f"lasting_outcomes: among måste vara 'avslutade' eller 'positiva', inte {among!r}")
    keys = normalise_by(by, FOLLOW_UP_KEYS, "lasting_outcomes")
    min_n = check_min_n(min_n)
    column, months = FOLLOW_UP_POINTS[at]
    require_columns(participants, ["utfall", "slutdatum", column, *[k for k in keys if k != "ar"]], "lasting_outcomes")

    status = participants[column].astype("string").str.strip()
    status = status.where(status != "", pd.NA)
    unknown = sorted(set(status.dropna()) - set(vocab.FOLLOW_UP_OUTCOMES))
    if unknown:
        raise ValueError(f"lasting_outcomes: okända värden i {column}: {', '.join(unknown)}")
    base = is_finished(participants)
    if among == "positiva":
        base &= is_positive(participants)
    recorded = base & status.notna().to_numpy(dtype=bool)
    as_of = reference_date(participants) if as_of is None else pd.Timestamp(as_of)
    end = pd.to_datetime(participants["slutdatum"])
    if as_of is None:  # an empty register: nothing is due
        due = np.zeros(len(participants), dtype=bool)
    else:
        due = (end + pd.DateOffset(months=months) <= as_of).fillna(False).to_numpy(dtype=bool)
    missing = base & due & ~recorded

    relevant = participants.loc[(recorded | missing).to_numpy(dtype=bool)]
    keyed = _key_frame(relevant, keys)
    rec = recorded.loc[relevant.index].to_numpy(dtype=bool)
    values = status.loc[relevant.index]
    lasting_set = set(LASTING_STATUSES) | ({"praktik"} if count_praktik else set())
    flags = {
        "n": rec,
        "varaktiga": rec & values.isin(sorted(lasting_set)).fillna(False).to_numpy(dtype=bool),
        **{s: rec & (values == s).fillna(False).to_numpy(dtype=bool) for s in vocab.FOLLOW_UP_OUTCOMES},
        "ej_uppfoljda": missing.loc[relevant.index].to_numpy(dtype=bool),
    }
    parts = [count_groups(keyed, flags[name], keys, "__rows__", name) for name in flags]
    counts = parts[0].drop(columns="__rows__")
    for part in parts[1:]:
        counts[part.columns[-1]] = part[part.columns[-1]].to_numpy()

    n = counts["n"].to_numpy(dtype="int64")
    out = counts[keys].copy() if keys else pd.DataFrame(index=range(len(counts)))
    out["uppfoljning"] = at
    # Every number is published by analysis.disclosure: counts rounded to the nearest 5, each share from
    # the rounded counts, hidden when its numerator or complement is small; the row goes when the
    # headline share does.
    headline = add_rates(counts[["n", "varaktiga"]], "n", "varaktiga", min_n)
    hidden = headline["suppressed"].to_numpy(dtype=bool)
    out["n"] = headline["n"].to_numpy()
    out["varaktiga"] = headline["varaktiga"].to_numpy()
    out["andel"] = headline["rate"].to_numpy()
    out["ci_low"] = headline["ci_low"].to_numpy()
    out["ci_high"] = headline["ci_high"].to_numpy()
    for name in ("arbete", "praktik", "studier"):
        n_shown, hits, share_hidden = disclosure.publish_rate_counts(n, counts[name], min_n)
        share_hidden = share_hidden | hidden
        low, high = wilson_interval(np.where(share_hidden, np.nan, hits), np.where(share_hidden, np.nan, n_shown))
        share = disclosure.published_share(np.where(share_hidden, np.nan, hits), n_shown)
        out[name] = pd.array(np.where(share_hidden, np.nan, hits), dtype="Float64").astype("Int64")
        out[f"andel_{name}"] = share
        out[f"ci_low_{name}"] = low
        out[f"ci_high_{name}"] = high
    none = disclosure.publish_counts(counts["ingen_sysselsattning"], min_n).to_numpy(dtype=float, na_value=np.nan)
    out["ingen_sysselsattning"] = pd.array(np.where(hidden, np.nan, none), dtype="Float64").astype("Int64")
    out["ej_uppfoljda"] = disclosure.publish_counts(counts["ej_uppfoljda"], min_n).to_numpy()
    out["ej_uppfoljda"] = out["ej_uppfoljda"].astype("Int64")
    out["suppressed"] = hidden
    for key in keys:
        out[key] = out[key].astype(keyed[key].dtype)
    for name in ("n", "varaktiga"):
        out[name] = out[name].astype("Int64")
    return out.reset_index(drop=True)


def median_interval(values, level: float = 0.95) -> tuple[float, float]:
    """Distribution-free confidence interval for a median from binomial order statistics.

    Parameters
    ----------
    values : array-like of float
        The sample (NaN ignored).
    level : float, default 0.95
        Minimum coverage.

    Returns
    -------
    (low, high) : tuple of float
        ``(x_(l), x_(n+1−l))`` of the sorted sample, with ``l`` the largest rank such that
        ``P(B ≤ l−1) ≤ (1−level)/2`` for ``B ~ Binomial(n, 1/2)``; its coverage ``1 − 2·P(B ≤ l−1)`` is at
        least ``level``. ``(nan, nan)`` when no such rank exists (n ≤ 5 at 95 %).

    Notes
    -----
    The number of observations below the true median is Binomial(n, 1/2) for any continuous distribution,
    which gives the interval without assumptions on its shape (e.g. Conover, *Practical Nonparametric
    Statistics*, 3rd ed., §3.2). With ties (whole days) the coverage is still at least ``level``.
    """
    from scipy import stats  # on use: importing scipy.stats costs a cold start about 0.6 s

    sample = np.sort(np.asarray(values, dtype=float))
    sample = sample[~np.isnan(sample)]
    n = sample.size
    if n == 0:
        return float("nan"), float("nan")
    tail = (1.0 - level) / 2.0
    j = int(stats.binom.ppf(tail, n, 0.5))  # smallest j with P(B ≤ j) ≥ tail
    rank = j + 1 if stats.binom.cdf(j, n, 0.5) <= tail else j  # largest l with P(B ≤ l−1) ≤ tail
    while rank > 0 and stats.binom.cdf(rank - 1, n, 0.5) > tail:  # guard against rounding in ppf
        rank -= 1
    if rank < 1:
        return float("nan"), float("nan")
    return float(sample[rank - 1]), float(sample[n - rank])


def time_to_outcome(participants: pd.DataFrame, *, by=(), min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Median days from start to a positive outcome, with quartiles and a 95 % interval for the median.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``startdatum, slutdatum, utfall`` and the grouping columns).
    by : sequence of str, default ``()``
        Any of ``ar`` (year of ``slutdatum``), ``stadsdel_kod``, ``insats``, ``malgrupp``, ``kon``.
    min_n : int, default 5
        Suppression threshold on ``n``.

    Returns
    -------
    DataFrame
        ``*by, n, median_dagar, q1_dagar, q3_dagar, ci_low, ci_high, suppressed``: ``n`` Int64, days float.

    Notes
    -----
    * Sample: finished enrolments with ``utfall`` arbete, praktik or studier and both dates; the time is
      ``slutdatum − startdatum`` in days. Enrolments that ended otherwise, or are still running, are not in
      it: this is the time *to* a positive outcome among those who reached one, not a survival estimate.
    * ``median_dagar``, ``q1_dagar``, ``q3_dagar``: the sample median and quartiles (linear interpolation
      between order statistics, numpy's default); ``q3 − q1`` is the interquartile range.
    * Interval: distribution-free 95 % interval for the median from binomial order statistics
      (`median_interval`); NaN when n ≤ 5, where no pair of order statistics reaches 95 %.
    * Small numbers: where ``n`` < ``min_n`` every number is NA and ``suppressed`` True; a shown ``n`` is
      rounded to the nearest 5 (`analysis.disclosure`). The days are not counts of people.
    """
    keys = normalise_by(by, FOLLOW_UP_KEYS, "time_to_outcome")
    min_n = check_min_n(min_n)
    require_columns(
        participants, ["startdatum", "slutdatum", "utfall", *[k for k in keys if k != "ar"]], "time_to_outcome"
    )
    start = pd.to_datetime(participants["startdatum"])
    end = pd.to_datetime(participants["slutdatum"])
    chosen = (is_finished(participants) & is_positive(participants) & start.notna() & end.notna()).to_numpy(bool)
    rows = participants.loc[chosen]
    days = ((end[chosen] - start[chosen]).dt.days).astype(float)
    keyed = _key_frame(rows, keys)
    if keys:
        grouped = keyed.groupby(keys, observed=True, dropna=False, sort=True)
        groups = [(key if isinstance(key, tuple) else (key,), part.index) for key, part in grouped]
    else:
        groups = [((), rows.index)]
    records = []
    for key, index in groups:
        sample = days.loc[index].to_numpy(dtype=float)
        n = sample.size
        record = dict(zip(keys, key, strict=True))
        record["n"] = n
        if n >= min_n and n > 0:
            q1, median, q3 = np.percentile(sample, [25, 50, 75])
            low, high = median_interval(sample)
        else:
            q1 = median = q3 = low = high = np.nan
        record.update(median_dagar=median, q1_dagar=q1, q3_dagar=q3, ci_low=low, ci_high=high)
        record["suppressed"] = n < min_n
        records.append(record)
    columns = [*keys, "n", "median_dagar", "q1_dagar", "q3_dagar", "ci_low", "ci_high", "suppressed"]
    out = pd.DataFrame.from_records(records, columns=columns)
    if keys:
        out = out.sort_values(keys, na_position="last").reset_index(drop=True)
        for key in keys:
            out[key] = out[key].astype(keyed[key].dtype)
    shown = disclosure.publish_counts(out["n"].to_numpy(dtype="int64"), min_n).to_numpy(dtype=float, na_value=np.nan)
    out["n"] = pd.array(np.where(out["suppressed"].to_numpy(dtype=bool), np.nan, shown), dtype="Float64")
    out["n"] = out["n"].astype("Int64")
    for column in ("median_dagar", "q1_dagar", "q3_dagar", "ci_low", "ci_high"):
        out[column] = out[column].astype(float)
    out["suppressed"] = out["suppressed"].astype(bool)
    return out


def extension_rate(participants: pd.DataFrame, *, by=("stadsdel_kod",), min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """The job programme's extension rate by district, programme or group: `programmes.extension_rates`.

    A keyword-only entry point beside the other measures of lasting outcomes; the statistics are exactly
    those of `analysis.stats.programmes.extension_rates` (denominator: enrolments with ``forlangning`` ``ja`` or
    ``nej``; numerator: ``ja``; period: year of ``slutdatum`` when ``ar`` is in ``by``; 95 % Wilson
    interval; every number NA where n < ``min_n``). ``by`` takes any of ``roll``, ``ar``, ``insats``,
    ``stadsdel_kod``, ``malgrupp``, ``kon``.

    Returns
    -------
    DataFrame
        ``*by, n, forlangda, rate, ci_low, ci_high, suppressed``.
    """
    return extension_rates(participants, by=by, min_n=min_n)
