"""Tests of analysis.stats.compare against published and hand-computed values.

Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score interval from two
Wilson intervals, no continuity correction). Example (c), 6/7 − 2/7, is 0.0582 to 0.8062: recomputed by
hand from the Wilson intervals 6/7 → 0.4869–0.9743 and 2/7 → 0.0822–0.6411,

    low  = 0.5714 − sqrt((0.8571 − 0.4869)² + (0.6411 − 0.2857)²) = 0.0582
    high = 0.5714 + sqrt((0.9743 − 0.8571)² + (0.2857 − 0.0822)²) = 0.8062,

and the same figures are what independent implementations cite from Table II.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.compare import (
    MUNICIPAL_COLUMNS,
    PAIR_COLUMNS,
    difference_from_municipality,
    newcombe_difference,
    pairwise_differences,
)
from analysis.stats.rates import wilson_interval

# (x1, n1, x2, n2, difference, low, high)
NEWCOMBE_TABLE_II = [
    (56, 70, 48, 80, 0.2000, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.5714, 0.0582, 0.8062),
    (5, 56, 0, 29, 0.0893, -0.0381, 0.1926),
    (0, 10, 0, 20, 0.0000, -0.1611, 0.2775),
    (0, 10, 0, 10, 0.0000, -0.2775, 0.2775),
    (10, 10, 0, 20, 1.0000, 0.6791, 1.0000),
    (10, 10, 0, 10, 1.0000, 0.6075, 1.0000),
]


def values_frame(rows: list[tuple], status_dtype=object) -> pd.DataFrame:
    """A `district_values` frame from (code, value, n, status) tuples; hidden rows carry NA numbers."""
    codes, vals, ns, statuses = zip(*rows, strict=True)
    vals = pd.array(vals, dtype="Float64")
    return pd.DataFrame(
        {
            "stadsdel_kod": pd.array(codes, dtype="string"),
            "value": vals,
            "n": pd.array(ns, dtype="Int64"),
            # The district's own Wilson interval; not used by the comparisons, present for the shape.
            "ci_low": vals,
            "ci_high": vals,
            "status": pd.Series(statuses, dtype=status_dtype),
        }
    )


def municipality(value, n, status="ok") -> dict:
    return {"value": value, "n": n, "ci_low": None, "ci_high": None, "status": status}


# --------------------------------------------------------------------------------------------------------
# newcombe_difference
# --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "diff", "low", "high"), NEWCOMBE_TABLE_II)
def test_newcombe_matches_published_table(x1, n1, x2, n2, diff, low, high):
    d, lo, hi = newcombe_difference(x1, n1, x2, n2)
    assert isinstance(d, float) and isinstance(lo, float) and isinstance(hi, float)
    assert round(d, 4) == pytest.approx(diff, abs=1e-12)
    assert round(lo, 4) == pytest.approx(low, abs=1e-12)
    assert round(hi, 4) == pytest.approx(high, abs=1e-12)


def test_newcombe_is_built_from_the_two_wilson_intervals():
    # 6/7 − 2/7 written out by hand from the Wilson limits (module docstring).
    l1, u1 = wilson_interval(6, 7)
    l2, u2 = wilson_interval(2, 7)
    p1, p2 = 6 / 7, 2 / 7
    _, low, high = newcombe_difference(6, 7, 2, 7)
    assert low == pytest.approx(p1 - p2 - np.hypot(p1 - l1, u2 - p2), abs=1e-15)
    assert high == pytest.approx(p1 - p2 + np.hypot(u1 - p1, p2 - l2), abs=1e-15)


def test_newcombe_is_vectorised_and_nan_without_people():
    x1, n1, x2, n2 = (np.array([r[i] for r in NEWCOMBE_TABLE_II] + [0, 3]) for i in range(4))
    n1[-2] = 0  # no first sample
    n2[-1] = 0  # no second sample
    x2[-1] = 0
    diff, low, high = newcombe_difference(x1, n1, pd.Series(x2), n2)
    assert diff.shape == low.shape == high.shape == (len(NEWCOMBE_TABLE_II) + 2,)
    np.testing.assert_allclose(np.round(low[:-2], 4), [r[5] for r in NEWCOMBE_TABLE_II], atol=1e-12)
    np.testing.assert_allclose(np.round(high[:-2], 4), [r[6] for r in NEWCOMBE_TABLE_II], atol=1e-12)
    assert np.isnan(diff[-2:]).all() and np.isnan(low[-2:]).all() and np.isnan(high[-2:]).all()


def test_newcombe_missing_input_is_nan_and_bad_counts_raise():
    assert all(np.isnan(v) for v in newcombe_difference(pd.NA, 10, 3, 10))
    with pytest.raises(ValueError, match="positive"):
        newcombe_difference(11, 10, 3, 10)


def test_newcombe_stays_within_minus_one_and_one():
    _, low, high = newcombe_difference(np.array([10, 0, 0]), np.array([10, 1, 30]), np.array([0, 1, 30]), 30)
    assert (low >= -1).all() and (high <= 1).all()
    assert high[0] == 1.0 and low[1] >= -1.0


# --------------------------------------------------------------------------------------------------------
# difference_from_municipality
# --------------------------------------------------------------------------------------------------------
def test_identity_district_minus_municipality_equals_scaled_difference_from_the_rest():
    # Norr: 30 of 100 (30 %); kommunen: 200 of 1 000 (20 %); w = 0.1; the rest: 170 of 900.
    out = difference_from_municipality(values_frame([("N", 0.3, 100, "ok")]), municipality(0.2, 1000), min_n=5)
    row = out.iloc[0]
    w = 100 / 1000
    p_i, p_m, p_r = 30 / 100, 200 / 1000, 170 / 900
    assert (1 - w) * (p_i - p_r) == pytest.approx(p_i - p_m, abs=1e-15)
    assert row["difference"] == pytest.approx(0.1, abs=1e-15)
    _, rest_low, rest_high = newcombe_difference(30, 100, 170, 900)
    assert row["ci_low"] == pytest.approx((1 - w) * rest_low, abs=1e-15)
    assert row["ci_high"] == pytest.approx((1 - w) * rest_high, abs=1e-15)
    assert row["ci_low"] < row["difference"] < row["ci_high"]
    assert row["n"] == 100 and row["status"] == "ok" and bool(row["clear"]) is True
    # Treating the district and the municipality as independent would double-count the district's
    # own variation: that interval is wider than the correct one.
    _, naive_low, naive_high = newcombe_difference(30, 100, 200, 1000)
    assert naive_high - naive_low > row["ci_high"] - row["ci_low"]


def test_output_columns_and_types():
    out = difference_from_municipality(
        values_frame([("A", 0.3, 100, "ok"), ("B", None, None, "suppressed")]), municipality(0.2, 1000), min_n=5
    )
    assert tuple(out.columns) == MUNICIPAL_COLUMNS
    assert str(out["difference"].dtype) == "Float64" and str(out["n"].dtype) == "Int64"
    assert str(out["clear"].dtype) == "boolean"
    assert out["stadsdel_kod"].tolist() == ["A", "B"]


def test_hidden_and_missing_districts_stay_na():
    frame = values_frame(
        [("A", 0.3, 100, "ok"), ("B", None, None, "suppressed"), ("C", None, None, "missing"), ("D", 0.25, 200, "ok")]
    )
    out = difference_from_municipality(frame, municipality(0.2, 1000), min_n=5)
    assert out["status"].tolist() == ["ok", "suppressed", "missing", "ok"]
    for col in ("difference", "ci_low", "ci_high", "n", "clear"):
        assert out.loc[[1, 2], col].isna().all(), col
        assert out.loc[[0, 3], col].notna().all(), col


def test_a_hidden_row_is_never_computed_from_even_if_it_carries_numbers():
    # A suppressed row that wrongly still holds a value, and an "ok" row resting on fewer than min_n.
    frame = values_frame([("A", 0.5, 4, "suppressed"), ("B", 0.5, 4, "ok"), ("C", 0.3, 100, "ok")])
    out = difference_from_municipality(frame, municipality(0.2, 1000), min_n=5)
    assert out["status"].tolist() == ["suppressed", "suppressed", "ok"]
    assert out.loc[[0, 1], ["difference", "ci_low", "ci_high", "n"]].isna().all().all()


@pytest.mark.parametrize(
    "mun",
    [
        municipality(None, None, "missing"),
        municipality(None, None, "suppressed"),
        municipality(0.2, 1000, "missing"),
        municipality(None, 1000, "ok"),
        municipality(0.2, 3, "ok"),  # the municipality itself below min_n
    ],
)
def test_municipality_not_ok_makes_every_row_missing(mun):
    frame = values_frame([("A", 0.3, 100, "ok"), ("B", None, None, "suppressed")])
    out = difference_from_municipality(frame, mun, min_n=5)
    assert out["status"].tolist() == ["missing", "missing"]
    assert out[["difference", "ci_low", "ci_high", "n", "clear"]].isna().all().all()


def test_district_that_is_the_whole_municipality_is_missing():
    # w = 1: the difference is 0 by definition, not an estimate, and there is no rest to compare with.
    out = difference_from_municipality(values_frame([("A", 0.3, 100, "ok")]), municipality(0.3, 100), min_n=5)
    assert out.loc[0, "status"] == "missing"
    assert out.loc[0, ["difference", "ci_low", "ci_high", "n", "clear"]].isna().all()


def test_rest_of_municipality_below_min_n_is_suppressed():
    # The rest holds 3 people: comparing with it would rest on fewer than 5 and reveal their share.
    out = difference_from_municipality(values_frame([("A", 0.3, 100, "ok")]), municipality(31 / 103, 103), min_n=5)
    assert out.loc[0, "status"] == "suppressed"
    assert out.loc[0, ["difference", "ci_low", "ci_high", "n"]].isna().all()
    # With five people in the rest the comparison is made.
    out = difference_from_municipality(values_frame([("A", 0.3, 100, "ok")]), municipality(31 / 105, 105), min_n=5)
    assert out.loc[0, "status"] == "ok"


def test_clear_is_true_only_when_zero_is_outside_the_interval():
    frame = values_frame(
        [
            ("A", 0.30, 100, "ok"),  # well above
            ("B", 0.21, 100, "ok"),  # close to the municipality
            ("C", 0.05, 200, "ok"),  # well below
            ("D", 0.20, 50, "ok"),  # exactly as the municipality
        ]
    )
    out = difference_from_municipality(frame, municipality(0.2, 1000), min_n=5)
    assert out["clear"].tolist() == [True, False, True, False]
    expected = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    assert out["clear"].tolist() == expected.tolist()
    assert (out["ci_low"] <= out["difference"]).all() and (out["difference"] <= out["ci_high"]).all()


def test_string_status_dtype_and_unsorted_index_are_accepted():
    frame = values_frame([("A", 0.3, 100, "ok"), ("B", None, None, "suppressed")], status_dtype="string")
    frame.index = [7, 3]
    out = difference_from_municipality(frame, municipality(0.2, 1000), min_n=5)
    assert out["status"].tolist() == ["ok", "suppressed"]
    assert out.index.tolist() == [0, 1]


def test_counts_that_do_not_fit_in_the_municipality_raise():
    with pytest.raises(ValueError, match="A"):
        difference_from_municipality(values_frame([("A", 0.3, 100, "ok")]), municipality(0.2, 50), min_n=5)
    with pytest.raises(ValueError, match="andel"):
        difference_from_municipality(values_frame([("A", 1.5, 100, "ok")]), municipality(0.2, 1000), min_n=5)


def test_interval_has_near_nominal_coverage_in_simulation():
    # Three districts of a municipality; the estimand is p_1 − (pooled true rate). The function computes
    # (1 − w)·Newcombe(district vs rest) (checked exactly above), so the simulation runs that vectorised.
    rng = np.random.default_rng(20240501)
    sizes = np.array([60, 300, 640])
    true = np.array([0.35, 0.25, 0.2])
    target = true[0] - (sizes * true).sum() / sizes.sum()
    counts = rng.binomial(sizes, true, size=(20_000, 3))
    x_i, x_rest = counts[:, 0], counts[:, 1:].sum(axis=1)
    w = sizes[0] / sizes.sum()
    _, low, high = newcombe_difference(x_i, sizes[0], x_rest, sizes[1:].sum())
    coverage = np.mean(((1 - w) * low <= target) & (target <= (1 - w) * high))
    assert 0.94 <= coverage <= 0.96
    # And the function agrees with the vectorised formula on a few of the simulated municipalities.
    for k in range(5):
        frame = values_frame([("A", x_i[k] / sizes[0], int(sizes[0]), "ok")])
        row = difference_from_municipality(frame, municipality(counts[k].sum() / 1000, 1000), min_n=5).iloc[0]
        assert row["ci_low"] == pytest.approx((1 - w) * low[k], abs=1e-12)
        assert row["ci_high"] == pytest.approx((1 - w) * high[k], abs=1e-12)


# --------------------------------------------------------------------------------------------------------
# pairwise_differences
# --------------------------------------------------------------------------------------------------------
def pair_values() -> pd.DataFrame:
    return values_frame(
        [
            ("A", 56 / 70, 70, "ok"),
            ("B", 48 / 80, 80, "ok"),
            ("C", 0.1, 40, "ok"),
            ("D", None, None, "suppressed"),
            ("E", None, None, "missing"),
        ]
    )


def test_pairwise_order_count_and_published_value():
    out = pairwise_differences(pair_values(), ["A", "B", "C"], min_n=5)
    assert tuple(out.columns) == PAIR_COLUMNS
    assert list(zip(out["stadsdel_a"], out["stadsdel_b"], strict=True)) == [("A", "B"), ("A", "C"), ("B", "C")]
    first = out.iloc[0]
    assert round(first["difference"], 4) == 0.2
    assert round(first["ci_low"], 4) == 0.0524 and round(first["ci_high"], 4) == 0.3339
    assert out["status"].tolist() == ["ok"] * 3
    assert out["clear"].tolist() == ((out["ci_low"] > 0) | (out["ci_high"] < 0)).tolist()


@pytest.mark.parametrize("k", [0, 1, 2, 3, 5])
def test_pairwise_count_is_k_choose_2(k):
    codes = ["A", "B", "C", "D", "E"][:k]
    assert len(pairwise_differences(pair_values(), codes, min_n=5)) == k * (k - 1) // 2


def test_pairwise_is_antisymmetric():
    forward = pairwise_differences(pair_values(), ["A", "B", "C"], min_n=5)
    backward = pairwise_differences(pair_values(), ["C", "B", "A"], min_n=5)
    back = backward.set_index(["stadsdel_b", "stadsdel_a"])  # (b, a) looked up as (a, b)
    for row in forward.itertuples():
        mirror = back.loc[(row.stadsdel_a, row.stadsdel_b)]
        assert row.difference == pytest.approx(-mirror["difference"], abs=1e-15)
        assert row.ci_low == pytest.approx(-mirror["ci_high"], abs=1e-15)
        assert row.ci_high == pytest.approx(-mirror["ci_low"], abs=1e-15)
        assert row.clear == mirror["clear"]


def test_pairwise_status_and_hidden_values_stay_na():
    out = pairwise_differences(pair_values(), ["A", "D", "E", "Z"], min_n=5)  # Z has no row at all
    status = dict(zip(zip(out["stadsdel_a"], out["stadsdel_b"], strict=True), out["status"], strict=True))
    assert status == {
        ("A", "D"): "suppressed",
        ("A", "E"): "missing",
        ("A", "Z"): "missing",
        ("D", "E"): "suppressed",
        ("D", "Z"): "suppressed",
        ("E", "Z"): "missing",
    }
    assert out[["difference", "ci_low", "ci_high", "clear"]].isna().all().all()


def test_pairwise_repeated_code_is_used_once():
    out = pairwise_differences(pair_values(), ["A", "B", "A"], min_n=5)
    assert list(zip(out["stadsdel_a"], out["stadsdel_b"], strict=True)) == [("A", "B")]
