"""Tests of analysis.stats.change: the change between two years, its interval, reading and hiding."""

import numpy as np
import pandas as pd
import pytest

from analysis.stats import change


def values(rows):
    """A ``district_values`` frame from (code, value, n, status) rows."""
    frame = pd.DataFrame(rows, columns=["stadsdel_kod", "value", "n", "status"])
    frame["value"] = frame["value"].astype("Float64")
    frame["n"] = frame["n"].astype("Int64")
    frame["ci_low"] = frame["ci_high"] = np.nan
    return frame


def test_proportion_change_matches_newcombes_published_interval():
    # Newcombe (1998), Table II, method 10: 56/70 − 48/80 → 0.0524 to 0.3339.
    diff, low, high, verdict = change.proportion_change(56, 70, 48, 80)
    assert diff == pytest.approx(56 / 70 - 48 / 80)
    assert low == pytest.approx(0.0524, abs=5e-5)
    assert high == pytest.approx(0.3339, abs=5e-5)
    assert verdict == change.UP


def test_a_small_change_in_a_small_group_could_be_chance():
    _, low, high, verdict = change.proportion_change(13, 20, 12, 20)
    assert low < 0 < high
    assert verdict == change.CHANCE
    assert change.proportion_change(5, 0, 3, 10)[3] is None


def test_change_between_years_by_hand():
    base = values(
        [("A", 30 / 100, 100, "ok"), ("B", 0.5, 40, "ok"), ("C", pd.NA, pd.NA, "suppressed"), ("D", 0.2, 50, "ok")]
    )
    now = values(
        [
            ("A", 45 / 120, 120, "ok"),
            ("B", pd.NA, pd.NA, "suppressed"),
            ("C", 0.4, 60, "ok"),
            ("D", pd.NA, pd.NA, "missing"),
        ]
    )
    out = change.change_between_years(now, base, "share").set_index("stadsdel_kod")
    # A: 45/120 − 30/100 = 0.375 − 0.300 = +0.075, with the Newcombe interval of those counts.
    assert out.loc["A", "value"] == pytest.approx(0.075)
    _, low, high, verdict = change.proportion_change(45, 120, 30, 100)
    assert (out.loc["A", "ci_low"], out.loc["A", "ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert out.loc["A", "reading"] == verdict == change.CHANCE
    assert out.loc["A", "n"] == 120 and out.loc["A", "n_base"] == 100
    # Hidden in either year: the change is hidden with every number, so the shown year cannot give it back.
    for code in ("B", "C"):
        assert out.loc[code, "status"] == "suppressed"
        assert out.loc[code, ["value", "value_now", "value_base", "n", "n_base"]].isna().all()
    assert out.loc["D", "status"] == "missing"


def test_measures_that_are_not_shares_have_no_interval():
    base = values([("A", 20.0, 500, "ok")])
    now = values([("A", 18.5, 520, "ok")])
    out = change.change_between_years(now, base, "index")
    assert out["value"].iloc[0] == pytest.approx(-1.5)
    assert pd.isna(out["ci_low"].iloc[0]) and out["reading"].iloc[0] is None


def test_area_types_have_no_change_but_their_changes_are_listed():
    base = values([("A", 3, pd.NA, "ok"), ("B", 2, pd.NA, "ok"), ("C", 1, pd.NA, "suppressed")])
    now = values([("A", 2, pd.NA, "ok"), ("B", 2, pd.NA, "ok"), ("C", 2, pd.NA, "ok")])
    assert (change.change_between_years(now, base, "area_type")["status"] != "ok").all()
    changed = change.area_type_changes(now, base)
    assert changed.to_dict("records") == [{"stadsdel_kod": "A", "omradestyp_base": 3, "omradestyp_now": 2}]


@pytest.mark.parametrize(("low", "high", "expected"), [(0.01, 0.2, "up"), (-0.3, -0.01, "down"), (-0.1, 0.1, "chance")])
def test_reading(low, high, expected):
    assert change.reading(low, high) == expected
    assert change.reading(None, high) is None
