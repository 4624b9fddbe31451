"""Tests of analysis.stats.funnel: exact binomial limits, p-values, flags, overdispersion (Spiegelhalter 2005)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from analysis.stats.funnel import funnel_limits, funnel_table, level_label, overdispersion


# ------------------------------------------------------------------------------------------ funnel_limits
def test_funnel_limits_n100_p05_against_scipy_quantiles():
    limits = funnel_limits([100], 0.5).iloc[0]
    assert list(funnel_limits([100], 0.5).columns) == ["n", "lower_95", "upper_95", "lower_998", "upper_998"]
    # 95 %, a = 0.025: r = binom.ppf(0.025, 100, 0.5) = 40 with P(X ≤ 40) = 0.028444, P(X = 40) = 0.010844,
    # α = (0.028444 − 0.025)/0.010844 = 0.31760 → lower = (40 − 0.31760)/100 = 0.396824.
    r = stats.binom.ppf(0.025, 100, 0.5)
    assert r == 40
    alpha = (stats.binom.cdf(r, 100, 0.5) - 0.025) / stats.binom.pmf(r, 100, 0.5)
    assert alpha == pytest.approx(0.31760, abs=1e-5)
    assert limits["lower_95"] == pytest.approx((r - alpha) / 100, abs=1e-12)
    assert limits["lower_95"] == pytest.approx(0.396824, abs=1e-6)
    # p0 = 0.5 is symmetric, so the tail-wise upper limit mirrors the lower one: 1 − 0.396824.
    assert limits["upper_95"] == pytest.approx(0.603176, abs=1e-6)
    # 99.8 %, a = 0.001: r = 35, P(X ≤ 35) = 0.0017588, P(X = 35) = 0.00086386 → α = 0.87838, lower 0.341216
    r998 = stats.binom.ppf(0.001, 100, 0.5)
    assert r998 == 35
    alpha998 = (stats.binom.cdf(r998, 100, 0.5) - 0.001) / stats.binom.pmf(r998, 100, 0.5)
    assert limits["lower_998"] == pytest.approx((r998 - alpha998) / 100, abs=1e-12)
    assert limits["lower_998"] == pytest.approx(0.341216, abs=1e-6)
    assert limits["upper_998"] == pytest.approx(1 - 0.341216, abs=1e-6)


def test_funnel_limits_spiegelhalter_upper_formula():
    limits = funnel_limits([100], 0.5, interpolation="spiegelhalter").iloc[0]
    # upper = his formula at 0.975: r = binom.ppf(0.975, 100, 0.5) = 60, P(X ≤ 60) = 0.982399,
    # α = (0.982399 − 0.975)/0.010844 = 0.68236 → (60 − 0.68236)/100 = 0.593176: one case below the tail-wise
    # limit 0.603176.
    r = stats.binom.ppf(0.975, 100, 0.5)
    assert r == 60
    alpha = (stats.binom.cdf(r, 100, 0.5) - 0.975) / stats.binom.pmf(r, 100, 0.5)
    assert limits["upper_95"] == pytest.approx((r - alpha) / 100, abs=1e-12)
    assert limits["upper_95"] == pytest.approx(0.593176, abs=1e-6)
    assert limits["lower_95"] == pytest.approx(0.396824, abs=1e-6)


def test_funnel_limits_vectorised_narrowing_and_edge_cases():
    limits = funnel_limits([0, 10, 100, 1000, np.nan], 0.3)
    assert np.isnan(limits["lower_95"].iloc[0])
    assert np.isnan(limits["upper_95"].iloc[4])
    widths = (limits["upper_95"] - limits["lower_95"]).iloc[1:4].to_numpy()
    assert widths[0] > widths[1] > widths[2]  # the funnel narrows
    # large n ≈ normal: 0.3 ± 1.959964·√(0.21/1000) = 0.3 ± 0.028402, within one case (0.001); the exact
    # limits sit a little higher than the normal ones because Binomial(1000, 0.3) is skewed to the right
    assert limits["lower_95"].iloc[3] == pytest.approx(0.271598, abs=1e-3)
    assert limits["upper_95"].iloc[3] == pytest.approx(0.328402, abs=1e-3)
    assert limits["upper_95"].iloc[3] > 0.328402
    # n = 1, p0 = 0.5: r = 0, α = (0.5 − 0.025)/0.5 = 0.95 → −0.95, clipped to 0
    assert funnel_limits([1], 0.5)["lower_95"].iloc[0] == 0.0
    degenerate = funnel_limits([50], 0.0).iloc[0]
    assert degenerate["lower_95"] == 0.0
    assert degenerate["upper_998"] == 0.0
    with pytest.raises(ValueError, match="heltal"):
        funnel_limits([10.5], 0.5)
    with pytest.raises(ValueError, match="p0"):
        funnel_limits([10], 1.5)
    assert level_label(0.95) == "95"
    assert level_label(0.998) == "998"


def test_funnel_limits_widened_by_sqrt_phi_on_the_normal_scale():
    exact = funnel_limits([100], 0.5).iloc[0]
    wide = funnel_limits([100], 0.5, phi=4.0).iloc[0]
    # √4 = 2: 0.5 − 2·(0.5 − 0.396824) = 0.293648 and 0.5 + 2·0.103176 = 0.706352
    assert wide["lower_95"] == pytest.approx(0.293648, abs=1e-6)
    assert wide["upper_95"] == pytest.approx(0.706352, abs=1e-6)
    # phi ≤ 1 never narrows the limits
    assert funnel_limits([100], 0.5, phi=0.5).iloc[0]["lower_95"] == exact["lower_95"]


@given(
    st.integers(min_value=1, max_value=300),
    st.floats(min_value=0.02, max_value=0.98),
    st.sampled_from([0.95, 0.998]),
    st.data(),
)
def test_funnel_limits_property_outside_iff_exact_tail_below_a(n, p0, level, data):
    x = data.draw(st.integers(min_value=0, max_value=n))
    limits = funnel_limits([n], p0, levels=(level,)).iloc[0]
    label = level_label(level)
    a = (1 - level) / 2
    lower_tail = stats.binom.cdf(x, n, p0)  # P(X ≤ x)
    upper_tail = stats.binom.sf(x - 1, n, p0)  # P(X ≥ x)
    # skip the measure-zero ties where a tail equals a to rounding
    if min(abs(lower_tail - a), abs(upper_tail - a)) < 1e-12:
        return
    assert (x / n < limits[f"lower_{label}"]) == (lower_tail < a)
    assert (x / n > limits[f"upper_{label}"]) == (upper_tail < a)


# ------------------------------------------------------------------------------------------ overdispersion
def test_overdispersion_hand_computed():
    # z = −2, −1, 0, 1, 2 without winsorising: mean z² = (4 + 1 + 0 + 1 + 4)/5 = 2; k·phi = 10 on 4 df:
    # P(χ²₄ ≥ 10) = e^(−5)·(1 + 5) = 0.0404277
    phi, p = overdispersion([-2, -1, 0, 1, 2], winsor=0.0)
    assert phi == pytest.approx(2.0)
    assert p == pytest.approx(6 * math.exp(-5), abs=1e-9)
    # 10 % winsorising: linear quantiles at 0.1 → −2 + 0.4·1 = −1.6 and at 0.9 → 1.6;
    # z² = 2.56, 1, 0, 1, 2.56 → 7.12/5 = 1.424
    phi_w, _ = overdispersion([-2, -1, 0, 1, 2])
    assert phi_w == pytest.approx(1.424)
    assert all(np.isnan(overdispersion([1.0])))


def simulated_table(seed: int, overdispersed: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    k = 40
    n = rng.integers(50, 400, size=k)
    p = rng.uniform(0.1, 0.5, size=k) if overdispersed else np.full(k, 0.3)
    positive = rng.binomial(n, p)
    return pd.DataFrame({"stadsdel_kod": [f"D{i:02d}" for i in range(k)], "n": n, "positive": positive})


def test_phi_is_about_one_for_binomial_data():
    table = simulated_table(20240601, overdispersed=False)
    result = funnel_table(table, min_n=1)
    # winsorised z² has expectation ≈ 0.68 for in-control data (see overdispersion's notes), so phi is
    # well below the significance threshold and the limits are not widened
    assert result["phi"].iloc[0] < 1.2
    assert result["phi_p_value"].iloc[0] > 0.05
    assert result["phi_used"].iloc[0] == 1.0
    # without winsorising, the mean z² of binomial data is close to 1
    raw_phi, _ = overdispersion(result["z"], winsor=0.0)
    assert 0.6 < raw_phi < 1.5


def test_phi_above_one_widens_the_limits_for_overdispersed_data():
    table = simulated_table(20240601, overdispersed=True)
    result = funnel_table(table, min_n=1)
    phi = result["phi"].iloc[0]
    assert phi > 2.0
    assert result["phi_p_value"].iloc[0] < 0.001
    assert result["phi_used"].iloc[0] == phi
    # each row's limits are the exact ones widened by √phi around p0
    p0 = result["p0"].iloc[0]
    exact = funnel_limits(result["n"].astype(float), p0)
    expected_upper = np.clip(p0 + np.sqrt(phi) * (exact["upper_95"] - p0), 0, 1)
    assert result["upper_95"].to_numpy() == pytest.approx(expected_upper.to_numpy())
    # flags follow the widened limits, and fewer districts are flagged than against the exact limits
    drawn_over = result["rate"] > result["upper_95"]
    assert (result["flag_95"] == "over").to_numpy().tolist() == drawn_over.to_numpy().tolist()
    naive = (result["p_value"] < 0.05).sum()
    assert (result["flag_95"] != "inom").sum() < naive


# -------------------------------------------------------------------------------------------- funnel_table
def test_funnel_table_p_values_flags_and_z_by_hand():
    table = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C", "D"],
            "n": [10, 10, 10, 3],
            "positive": [9, 10, 5, 3],
        }
    )
    # alpha_phi = 0: never widen (three districts this far apart would make phi "significant")
    result = funnel_table(table, p0=0.5, min_n=1, alpha_phi=0.0)
    assert list(result.columns) == [
        "stadsdel_kod",
        "n",
        "positive",
        "rate",
        "p0",
        "z",
        "z_adjusted",
        "p_value",
        "flag_95",
        "flag_998",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "phi",
        "phi_p_value",
        "phi_used",
        "suppressed",
    ]
    a, b, c, d = (result.iloc[i] for i in range(4))
    # A: 9 of 10 at p0 = ½: P(X ≥ 9) = (10 + 1)/1024 = 0.0107422 → two-sided (doubled) 22/1024 = 0.0214844;
    # over at 95 % (0.0107 < 0.025), inside at 99.8 % (0.0107 > 0.001). z = 0.4/√(0.025) = 2.529822
    assert a["p_value"] == pytest.approx(22 / 1024)
    assert a["p_value"] == pytest.approx(2 * stats.binomtest(9, 10, 0.5, alternative="greater").pvalue)
    assert a["flag_95"] == "over"
    assert a["flag_998"] == "inom"
    assert a["z"] == pytest.approx(2.529822, abs=1e-6)
    # B: 10 of 10: P(X ≥ 10) = 1/1024 = 0.000977 < 0.001 → over at both levels; p = 2/1024
    assert b["p_value"] == pytest.approx(2 / 1024)
    assert b["flag_998"] == "over"
    # C: 5 of 10 = p0: p-value 1 (capped), inside
    assert c["p_value"] == 1.0
    assert c["flag_95"] == "inom"
    assert c["z"] == 0.0
    # D: n = 3 < 5 → kept, no numbers, no flag
    d = funnel_table(table, p0=0.5, min_n=5, alpha_phi=0.0).iloc[3]
    assert d["suppressed"]
    assert pd.isna(d["n"])
    assert pd.isna(d["positive"])
    assert np.isnan(d["rate"])
    assert np.isnan(d["p_value"])
    assert pd.isna(d["flag_95"])
    assert np.isnan(d["upper_95"])


def test_funnel_table_under_flag_and_two_sided_p():
    table = pd.DataFrame({"stadsdel_kod": ["A"], "n": [10], "positive": [1]})
    row = funnel_table(table, p0=0.5, min_n=1).iloc[0]  # one district: no phi, no widening
    assert np.isnan(row["phi"])
    # P(X ≤ 1) = 11/1024 → p = 22/1024; under at 95 %
    assert row["p_value"] == pytest.approx(22 / 1024)
    assert row["flag_95"] == "under"
    assert row["flag_998"] == "inom"


def test_funnel_table_p_values_match_binomtest_one_district_at_a_time():
    # The tails are computed for all districts at once; each must be what scipy's exact test gives alone,
    # including n = positive, positive = 0 and a p0 near the edges.
    rng = np.random.default_rng(7)
    n = rng.integers(5, 3000, size=200)
    positive = rng.binomial(n, 0.3)
    positive[:3] = [0, n[1], 5]
    table = pd.DataFrame({"stadsdel_kod": [f"D{i}" for i in range(len(n))], "n": n, "positive": positive})
    for p0 in (0.3, 0.02, 0.97):
        result = funnel_table(table, p0=p0, min_n=1, alpha_phi=0.0)
        for i in range(len(n)):
            x, m = int(result["positive"][i]), int(result["n"][i])
            less = stats.binomtest(x, m, p0, alternative="less").pvalue
            greater = stats.binomtest(x, m, p0, alternative="greater").pvalue
            assert result["p_value"][i] == pytest.approx(min(1.0, 2 * min(less, greater)), rel=1e-9, abs=1e-300)


def test_funnel_table_pooled_p0_includes_small_districts():
    table = pd.DataFrame({"stadsdel_kod": ["A", "B", "C"], "n": [20, 30, 3], "positive": [10, 6, 3]})
    result = funnel_table(table, min_n=5)
    # p0 = (10 + 6 + 3)/(20 + 30 + 3) = 19/53, published as the rounded totals 20/55
    assert result["p0"].iloc[0] == pytest.approx(20 / 55)
    assert result["suppressed"].tolist() == [False, False, True]
    # rows already masked upstream (n NA) cannot contribute and are suppressed
    masked = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C"],
            "n": pd.array([20, 30, None], dtype="Int64"),
            "positive": pd.array([10, 6, None], dtype="Int64"),
        }
    )
    masked_result = funnel_table(masked, min_n=5)
    assert masked_result["p0"].iloc[0] == pytest.approx(15 / 50)  # 16 of 50, the 16 rounded
    assert masked_result["suppressed"].tolist() == [False, False, True]


def test_funnel_table_accepts_outcome_rates_output_and_keeps_keys():
    table = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B"],
            "n": pd.array([40, 60], dtype="Int64"),
            "positive": pd.array([20, 30], dtype="Int64"),
            "rate": [0.5, 0.5],
            "ci_low": [0.3, 0.3],
            "ci_high": [0.7, 0.7],
            "suppressed": [False, False],
        }
    )
    result = funnel_table(table)
    assert result["stadsdel_kod"].tolist() == ["A", "B"]
    assert result["p0"].iloc[0] == 0.5
    assert result["flag_95"].tolist() == ["inom", "inom"]
    assert result["z"].tolist() == [0.0, 0.0]


def test_funnel_table_rejects_impossible_counts():
    with pytest.raises(ValueError, match="positive"):
        funnel_table(pd.DataFrame({"n": [5], "positive": [6]}))


def test_district_funnel_on_a_register():
    from analysis.stats.funnel import district_funnel

    rows = [("A", "arbete")] * 18 + [("A", "avbrott")] * 2 + [("B", "arbete")] * 5 + [("B", "avbrott")] * 15
    rows += [("C", "arbete")] * 3
    frame = pd.DataFrame(rows, columns=["stadsdel_kod", "utfall"]).astype("string")
    frame["insats"] = pd.array(["x"] * len(frame), dtype="string")
    frame["startdatum"] = pd.Timestamp("2024-01-01")
    frame["slutdatum"] = pd.Timestamp("2024-06-01")
    table, limits = district_funnel(frame, year=2024, min_n=5)
    # p0 pools every district, the hidden ones too: (18 + 5 + 3) / 43, published as 25 / 45
    assert table["p0"].iloc[0] == pytest.approx(25 / 45)
    by_code = table.set_index("stadsdel_kod")
    assert bool(by_code.loc["C", "suppressed"])
    # A: 18 of 20, so 2 without work: hidden ("all but two" points at the two)
    assert bool(by_code.loc["A", "suppressed"])
    assert by_code.loc["B", "rate"] == pytest.approx(0.25)
    assert (by_code.loc["B", "n"], by_code.loc["B", "positive"]) == (20, 5)
    assert limits["n"].min() == 1
    assert limits["n"].max() >= 20
    empty, _ = district_funnel(frame, year=2020, min_n=5)
    assert empty.empty
