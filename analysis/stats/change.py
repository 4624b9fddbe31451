"""Change of a measure between two years: how large, which way, and whether it could be chance.

Statistical contract shared by every function here:

* A change is the later year's value minus the base year's value, in the measure's own units (0–1 for
  shares and rates, index points, tkr, participants per 1 000).
* Shares and rates (a numerator of people out of a denominator of people) carry a 95 % interval of the
  difference of two proportions: Newcombe's hybrid score interval (1998, method 10, see
  ``analysis.stats.compare.newcombe_difference``). The two years are treated as independent samples.
  The same district's residents overlap between years, which makes the true variance of the change
  smaller, so the interval errs on the wide (cautious) side. Register shares are totals, not samples:
  the interval describes the random variation a small district's share has from year to year.
* The reading: ``"up"`` or ``"down"`` when the interval excludes 0 (a clear change), ``"chance"`` when it
  covers 0 ("kan vara slump"), ``None`` when the measure has no interval (index, income, area type, reach).
* Small numbers: a change is hidden whenever either year's value is hidden (status ``"suppressed"``),
  since the change and the shown year would otherwise give the hidden value back; it is missing when
  either year has no value. Nothing else is hidden, because a difference of two shown values tells
  nothing that the two values do not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.compare import newcombe_difference

UP, DOWN, CHANCE = "up", "down", "chance"
#: Kinds of measure whose change carries the interval of a difference of two proportions.
PROPORTION_KINDS = ("share", "rate")

CHANGE_COLUMNS: tuple[str, ...] = (
    "stadsdel_kod",
    "value",
    "ci_low",
    "ci_high",
    "reading",
    "value_now",
    "value_base",
    "n",
    "n_base",
    "status",
)


def reading(low, high) -> str | None:
    """``"up"`` / ``"down"`` when the interval (low, high) of a change lies wholly above / below 0,
    ``"chance"`` when it covers 0, ``None`` when there is no interval (either bound missing)."""
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return None
    if low > 0:
        return UP
    if high < 0:
        return DOWN
    return CHANCE


def proportion_change(x_now, n_now, x_base, n_base) -> tuple[float, float, float, str | None]:
    """The change x_now/n_now − x_base/n_base of a share or rate with its 95 % Newcombe interval and
    its reading (see the module docstring). NaN and ``None`` when either n is 0 or missing."""
    values = [x_now, n_now, x_base, n_base]
    if any(v is None or pd.isna(v) for v in values) or n_now == 0 or n_base == 0:
        return np.nan, np.nan, np.nan, None
    diff, low, high = newcombe_difference(int(x_now), int(n_now), int(x_base), int(n_base))
    return float(diff), float(low), float(high), reading(low, high)


def change_between_years(now: pd.DataFrame, base: pd.DataFrame, kind: str, key: str = "stadsdel_kod") -> pd.DataFrame:
    """Per district, the change of one measure from the base year to the later year.

    ``now`` and ``base`` have the shape of ``analysis.stats.measures.district_values``
    (``stadsdel_kod, value, n, ci_low, ci_high, status``) for the same measure in two years. Returns
    ``CHANGE_COLUMNS`` in ``now``'s district order: ``value`` is the change; ``ci_low, ci_high`` its 95 %
    interval and ``reading`` its reading for shares and rates (``kind`` in ``PROPORTION_KINDS``; the
    numerators are recovered as round(value × n), exact for values computed from counts), NA otherwise;
    ``value_now, value_base, n, n_base`` the two years' values and denominators. ``status`` is
    ``"suppressed"`` when either year is hidden (every number NA), ``"missing"`` when either year has no
    value, else ``"ok"``. An area type is a category and has no change: every row is ``"missing"``.
    """
    merged = now[[key, "value", "n", "status"]].merge(
        base[[key, "value", "n", "status"]],
        on=key,
        how="left",
        suffixes=("_now", "_base"),
    )
    status_base = merged["status_base"].fillna("missing")
    suppressed = (merged["status_now"] == "suppressed") | (status_base == "suppressed")
    missing = ~suppressed & ((merged["status_now"] != "ok") | (status_base != "ok"))
    if kind == "area_type":
        missing = ~suppressed
    ok = ~suppressed & ~missing
    value_now = merged["value_now"].astype("Float64")
    value_base = merged["value_base"].astype("Float64")
    out = pd.DataFrame({key: merged[key]})
    out["value"] = (value_now - value_base).where(ok)
    out["ci_low"] = pd.array([pd.NA] * len(out), dtype="Float64")
    out["ci_high"] = pd.array([pd.NA] * len(out), dtype="Float64")
    readings: list[str | None] = [None] * len(out)
    if kind in PROPORTION_KINDS:
        for i in np.flatnonzero(ok.to_numpy()):
            n1, n0 = merged["n_now"].iloc[i], merged["n_base"].iloc[i]
            x1, x0 = round(float(value_now.iloc[i]) * n1), round(float(value_base.iloc[i]) * n0)
            _, low, high, verdict = proportion_change(x1, n1, x0, n0)
            out.iloc[i, out.columns.get_loc("ci_low")] = low
            out.iloc[i, out.columns.get_loc("ci_high")] = high
            readings[i] = verdict
    out["reading"] = pd.array(readings, dtype="object")
    out["value_now"] = value_now.where(ok)
    out["value_base"] = value_base.where(ok)
    out["n"] = merged["n_now"].astype("Int64").where(ok)
    out["n_base"] = merged["n_base"].astype("Int64").where(ok)
    out["status"] = np.select([suppressed.to_numpy(), missing.to_numpy()], ["suppressed", "missing"], "ok")
    return out[[key, *CHANGE_COLUMNS[1:]]].reset_index(drop=True)


def rates_in_year(rates: pd.DataFrame, key: str, year: int, keys) -> pd.DataFrame:
    """One year of an ``analysis.stats.rates.outcome_rates`` table grouped by ``ar`` and ``key``, in the
    ``district_values`` shape (``key, value, n, status``) for every code in ``keys``: a hidden rate is
    ``"suppressed"``, a code without finished enrolments that year ``"missing"``."""
    year_rows = rates[rates["ar"] == year].set_index(key)
    out = pd.DataFrame({key: list(keys)})
    out["value"] = out[key].map(year_rows["rate"]).astype("Float64")
    out["n"] = out[key].map(year_rows["n"]).astype("Int64")
    hidden = out[key].map(year_rows["suppressed"]).fillna(False).astype(bool)
    out["status"] = np.select([hidden, out["value"].isna()], ["suppressed", "missing"], "ok")
    return out


def with_municipality(values: pd.DataFrame, municipal: dict, code: str = "kommun") -> pd.DataFrame:
    """``values`` (``district_values`` shape) with the municipality's value (``municipal_value``'s dict)
    as a first row with ``stadsdel_kod`` = ``code`` (the reference first, as in every comparison table), so
    a change can be computed for both at once."""
    row = pd.DataFrame([{"stadsdel_kod": code, **{k: municipal.get(k) for k in ("value", "n", "status")}}])
    row["value"] = row["value"].astype("Float64")
    row["n"] = row["n"].astype("Int64")
    return pd.concat([row, values[["stadsdel_kod", "value", "n", "status"]]], ignore_index=True)


def area_type_changes(now: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """Districts whose area type differs between the two years: ``stadsdel_kod, omradestyp_base,
    omradestyp_now`` (both ``district_values`` frames of the area type). Hidden or missing types are
    left out: a change cannot be stated for them."""
    merged = now.merge(base, on="stadsdel_kod", suffixes=("_now", "_base"))
    both = (merged["status_now"] == "ok") & (merged["status_base"] == "ok")
    merged = merged[both & (merged["value_now"] != merged["value_base"])]
    return pd.DataFrame(
        {
            "stadsdel_kod": merged["stadsdel_kod"].to_numpy(),
            "omradestyp_base": merged["value_base"].astype("Int64").to_numpy(),
            "omradestyp_now": merged["value_now"].astype("Int64").to_numpy(),
        }
    )
