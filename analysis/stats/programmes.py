"""Per-programme figures: the enrolment funnel and the job programme's extension rate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import disclosure, vocab
from analysis.frames import check_min_n, count_groups, normalise_by, require_columns, year_of
from analysis.settings import DEFAULT_MIN_N
from analysis.stats.rates import add_rates, is_finished, is_positive, outcome_rates

FUNNEL_COLUMNS: tuple[str, ...] = (
    "insats",
    "inskrivna",
    "avslutade",
    "pagaende",
    "positivt",
    "rate",
    "ci_low",
    "ci_high",
    "suppressed",
)
#: Columns `extension_rates` may group by (``ar`` = year of ``slutdatum``).
EXTENSION_KEYS: tuple[str, ...] = ("roll", "ar", "insats", "stadsdel_kod", "malgrupp", "kon")


def programme_funnel(participants: pd.DataFrame, year: int | None = None, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Enrolled, finished, ongoing and positive outcomes per programme, with the positive rate.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``insats, startdatum, slutdatum, utfall`` are used).
    year : int, optional
        Calendar year. ``None`` = all years (the whole register as exported).
    min_n : int, default 5
        Suppression threshold.

    Returns
    -------
    DataFrame
        One row per ``insats`` present in ``participants`` (a programme without activity in ``year`` gets
        zeros), sorted by ``insats``: ``insats, inskrivna, avslutade, pagaende, positivt, rate, ci_low,
        ci_high, suppressed``. Counts Int64, rate and interval float in [0, 1], ``suppressed`` bool.

    Notes
    -----
    For a given ``year``:

    * ``inskrivna``: enrolments whose ``startdatum`` lies in the year.
    * ``avslutade``: finished enrolments (``utfall`` not ``pagaende``) whose ``slutdatum`` lies in the year.
    * ``pagaende``: enrolments running at the end of the year: started in or before the year and either
      still ``pagaende`` or finished in a later year. So ``pagaende(year) = pagaende(year − 1) +
      inskrivna(year) − avslutade(year)`` holds for the true counts.
    * ``positivt``: of ``avslutade``, those with ``utfall`` ``arbete``, ``praktik`` or ``studier``.
    * ``rate = positivt / avslutade`` (numerator and denominator as above) with the 95 % Wilson (1927)
      score interval; NaN when ``avslutade`` is 0.

    With ``year=None`` the counts cover all enrolments, all finished enrolments and the enrolments
    currently ``pagaende``. Rows without ``utfall`` count as enrolled only; finished enrolments without
    ``slutdatum`` count only when ``year`` is None.

    Small numbers (`analysis.disclosure`): every count in 1 … min_n−1 is NA and every other count is
    rounded to the nearest 5, so totals over programmes, last year's figures and the differences between
    columns (``avslutade − positivt``) are multiples of 5 as well. When ``avslutade`` < ``min_n`` or
    ``positivt`` or ``avslutade − positivt`` is 1 … min_n−1, the rate, its interval and ``positivt``
    (even a 0: "none of these few people" is itself a disclosure) are NA. The rate is the published
    ``positivt`` over the published ``avslutade``. ``suppressed`` is True when any number in the row is
    hidden.
    """
    return programme_funnel_by_year(participants, [year], min_n)[year if year is None else int(year)]


def programme_funnel_by_year(participants: pd.DataFrame, years, min_n: int = DEFAULT_MIN_N) -> dict:
    """:func:`programme_funnel` for each of ``years`` (``None`` for all years; the same tables, same
    contract). The register is first counted once by programme, start year, end year and state
    (finished, positive, still running); each year's counts are then sums over those few thousand cells,
    not a pass over every enrolment per year (a national register took 0.1 s a year)."""
    min_n = check_min_n(min_n)
    require_columns(participants, ["insats", "startdatum", "slutdatum", "utfall"], "programme_funnel")
    finished = is_finished(participants)
    cells = (
        pd.DataFrame(
            {
                "insats": participants["insats"],
                "start": year_of(participants["startdatum"]),
                "end": year_of(participants["slutdatum"]),
                "finished": finished.to_numpy(dtype=bool),
                "positive": (finished & is_positive(participants)).to_numpy(dtype=bool),
                "ongoing": participants["utfall"].isin([vocab.ONGOING]).astype(bool).to_numpy(dtype=bool),
            }
        )
        .groupby(["insats", "start", "end", "finished", "positive", "ongoing"], observed=True, dropna=False)
        .size()
        .rename("rows")
        .reset_index()
    )
    cells["insats"] = cells["insats"].astype(participants["insats"].dtype)
    rows = cells["rows"].to_numpy(dtype="int64")
    done, ongoing_now = cells["finished"].to_numpy(dtype=bool), cells["ongoing"].to_numpy(dtype=bool)
    out = {}
    for year in years:
        if year is None:
            started = np.ones(len(cells), dtype=bool)
            ended = done
            running = ongoing_now
        else:
            year = int(year)
            start, end = cells["start"], cells["end"]
            started = (start == year).fillna(False).to_numpy(dtype=bool)
            ended = done & (end == year).fillna(False).to_numpy(dtype=bool)
            began_by_then = (start <= year).fillna(False).to_numpy(dtype=bool)
            ended_later = done & (end > year).fillna(False).to_numpy(dtype=bool)
            running = began_by_then & (ongoing_now | ended_later)
        positive = cells["positive"].to_numpy(dtype=bool) & ended
        flags = pd.DataFrame(
            {
                "insats": cells["insats"],
                "inskrivna": rows * started,
                "avslutade": rows * ended,
                "pagaende": rows * running,
                "positivt": rows * positive,
            }
        )
        counts = flags.groupby("insats", observed=True, dropna=False, sort=True).sum().reset_index()
        counts["insats"] = counts["insats"].astype(participants["insats"].dtype)
        out[year] = _funnel_table(counts, min_n)
    return out


def _funnel_table(counts: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """One period of :func:`programme_funnel` from its true counts per programme."""
    rated = add_rates(counts[["avslutade", "positivt"]], "avslutade", "positivt", min_n)
    rate_hidden = rated["suppressed"].to_numpy(dtype=bool) & (counts["avslutade"].to_numpy() > 0)
    out = pd.DataFrame({"insats": counts["insats"]})
    # Published counts (analysis.disclosure): rounded to the nearest 5, so the Översikt totals beside
    # these parts, last year's funnel and the district tables cannot be subtracted down to a small count.
    for column in ("inskrivna", "avslutade", "pagaende", "positivt"):
        out[column] = disclosure.publish_counts(counts[column], min_n).to_numpy()
        out[column] = out[column].astype("Int64")
    out.loc[rate_hidden, "positivt"] = pd.NA
    for column in ("rate", "ci_low", "ci_high"):
        out[column] = np.where(rate_hidden, np.nan, rated[column].to_numpy(dtype=float))
    count_hidden = out[["inskrivna", "avslutade", "pagaende", "positivt"]].isna().any(axis=1).to_numpy()
    out["suppressed"] = count_hidden | rate_hidden
    return out.reset_index(drop=True)


def extension_rates(
    participants: pd.DataFrame,
    by=("roll",),
    min_n: int = DEFAULT_MIN_N,
    *,
    year: int | None = None,
) -> pd.DataFrame:
    """Share of job-programme enrolments offered an extension, per group, with a 95 % Wilson interval.

    Parameters
    ----------
    participants : DataFrame
        Participant template columns (``forlangning`` and the grouping columns are used; ``utfall`` and
        ``slutdatum`` too when ``year`` is given).
    by : sequence of str, default ``("roll",)``
        Any of ``roll``, ``ar`` (year of ``slutdatum``), ``insats``, ``stadsdel_kod``, ``malgrupp``,
        ``kon``; ``()`` gives the programme total.
    min_n : int, default 5
        Suppression threshold on the denominator.
    year : int, optional
        Count only the enrolments that *finished* in this calendar year (``utfall`` not ``pagaende`` and
        ``slutdatum`` in the year), the period of the outcome rate and of the ``forlangning`` goal.
        ``None`` = every enrolment with a decision, whatever its year (the register as exported).

    Returns
    -------
    DataFrame
        ``*by, n, forlangda, rate, ci_low, ci_high, suppressed``; ``n``, ``forlangda`` (and ``ar``) Int64.
        One row per group with at least one decision in the period; so with ``by=()`` one row, or none
        when nobody in the period had a decision (which is not the same as a hidden rate).

    Notes
    -----
    * Denominator ``n``: enrolments with ``forlangning`` recorded as ``ja`` or ``nej`` (which marks them as
      job-programme enrolments with a decision); rows with it empty are left out, whatever the programme.
      With ``year``: of those, the ones finished in ``year``.
    * Numerator ``forlangda``: those with ``forlangning == "ja"``.
    * Period (``by`` containing ``ar``): the year of ``slutdatum``; a decision recorded on an enrolment that
      is still running has ``ar`` NA and forms its own group (never counted when ``year`` is given).
    * Interval: Wilson (1927) score interval, see `analysis.stats.rates.wilson_interval`.
    * Small numbers: as in `analysis.stats.rates.outcome_rates` (`analysis.disclosure`): counts rounded to
      the nearest 5, the rate from the rounded counts; where n < ``min_n`` or the extended or the not
      extended are 1 … min_n−1 the row keeps its keys, ``suppressed`` is True and every number is NA.
    * Groups: ``observed=True, dropna=False`` (a missing ``roll`` forms its own group).
    """
    keys = normalise_by(by, EXTENSION_KEYS, "extension_rates")
    min_n = check_min_n(min_n)
    dated = "ar" in keys or year is not None
    needed = [
        "forlangning",
        *[k for k in keys if k != "ar"],
        *(["slutdatum"] if dated else []),
        *(["utfall"] if year is not None else []),
    ]
    require_columns(participants, needed, "extension_rates")
    decided = participants.loc[participants["forlangning"].isin(list(vocab.EXTENSION_VALUES)).astype(bool)]
    if year is not None:
        in_year = (year_of(decided["slutdatum"]) == int(year)).fillna(False).astype(bool)
        decided = decided.loc[(is_finished(decided) & in_year).to_numpy(dtype=bool)]
    key_frame = pd.DataFrame(
        {k: (year_of(decided["slutdatum"]) if k == "ar" else decided[k]) for k in keys},
        index=decided.index,
    )
    extended = decided["forlangning"].isin(["ja"]).astype(bool)
    counts = count_groups(key_frame, extended, keys, "n", "forlangda")
    if not keys and counts["n"].iloc[0] == 0:
        counts = counts.iloc[0:0]  # nobody with a decision in the period: no row, not a hidden rate of 0/0
    table = add_rates(counts, "n", "forlangda", min_n)
    return table


def group_outcomes(
    participants: pd.DataFrame,
    group: str,
    *,
    programme: str,
    year: int | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> tuple[pd.DataFrame, float | None]:
    """Outcome rates of one programme by ``group`` (``malgrupp``, ``kon``, ``stadsdel_kod``…) for the
    enrolments finished in ``year`` (all years when None), and the programme's own rate over the same
    enrolments as the reference line (None when it rests on fewer than ``min_n``).

    Same contract as ``rates.outcome_rates``: finished enrolments only, 95 % Wilson intervals, groups with
    fewer than ``min_n`` finished kept with ``suppressed=True`` and no numbers.
    """
    # Only the columns used: filtering a national register's rows copies each column taken along.
    columns = list(dict.fromkeys(["utfall", "slutdatum", *([group] if group in participants else [])]))
    frame = participants.loc[(participants["insats"] == programme).fillna(False).to_numpy(dtype=bool), columns]
    if year is not None:
        frame = frame[year_of(frame["slutdatum"]) == year]
    table = outcome_rates(frame, [group], min_n)
    total = outcome_rates(frame, [], min_n)
    shown = len(total) and not bool(total["suppressed"].iloc[0]) and total["n"].iloc[0] > 0
    return table, float(total["rate"].iloc[0]) if shown else None


def group_outcomes_by_year(
    participants: pd.DataFrame, group: str, *, programme: str, years, min_n: int = DEFAULT_MIN_N
) -> dict[int, tuple[pd.DataFrame, float | None]]:
    """:func:`group_outcomes` for each of ``years`` (the same tables and reference rates, same contract),
    from one ``outcome_rates`` by year and group instead of one pass over the register per year."""
    columns = list(dict.fromkeys(["utfall", "slutdatum", *([group] if group in participants else [])]))
    frame = participants.loc[(participants["insats"] == programme).fillna(False).to_numpy(dtype=bool), columns]
    tables = _split_by_year(outcome_rates(frame, ["ar", group], min_n), years)
    totals = _split_by_year(outcome_rates(frame, ["ar"], min_n), years)
    out = {}
    for year in years:
        total = totals[int(year)]
        shown = len(total) and not bool(total["suppressed"].iloc[0]) and total["n"].iloc[0] > 0
        out[int(year)] = tables[int(year)], float(total["rate"].iloc[0]) if shown else None
    return out


def _split_by_year(table: pd.DataFrame, years) -> dict[int, pd.DataFrame]:
    """The rows of each of ``years`` (column ``ar``) without that column, indexed from 0; a year without
    rows gets the table's empty frame."""
    by_year = table["ar"].to_numpy(dtype=float, na_value=np.nan)
    rest = table.drop(columns="ar")
    return {int(y): rest[by_year == int(y)].reset_index(drop=True) for y in years}


def extension_rates_by_year(participants: pd.DataFrame, by=("roll",), min_n: int = DEFAULT_MIN_N, *, years):
    """:func:`extension_rates` with ``year`` for each of ``years`` (the same tables, same contract), from one
    count by year of ``slutdatum`` and group over the finished enrolments with a decision."""
    keys = normalise_by(by, EXTENSION_KEYS, "extension_rates")
    if "ar" in keys:
        raise ValueError("extension_rates_by_year: ar är redan året")
    min_n = check_min_n(min_n)
    require_columns(participants, ["forlangning", "slutdatum", "utfall", *keys], "extension_rates")
    decided = participants.loc[participants["forlangning"].isin(list(vocab.EXTENSION_VALUES)).astype(bool)]
    decided = decided.loc[is_finished(decided).to_numpy(dtype=bool)]
    key_frame = pd.DataFrame(
        {"ar": year_of(decided["slutdatum"]), **{k: decided[k] for k in keys}}, index=decided.index
    )
    extended = decided["forlangning"].isin(["ja"]).astype(bool)
    counts = count_groups(key_frame, extended, ["ar", *keys], "n", "forlangda")
    return _split_by_year(add_rates(counts, "n", "forlangda", min_n), years)


def programme_outcome_rates(participants: pd.DataFrame, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Outcome rates per year and programme (``outcome_rates`` by ``ar, insats``).

    Översikt shows the number of enrolments finished in each year beside these parts; the published
    counts are rounded to the nearest 5 (`analysis.disclosure`), so the year's total minus the shown
    programmes is a multiple of 5 and never gives a hidden programme's count back. The statistical
    contract is that of ``analysis.stats.rates.outcome_rates``.
    """
    return outcome_rates(participants, ["ar", "insats"], min_n)
