"""The disclosure-control policy (analysis.disclosure), by example and as properties of random tables."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import disclosure
from analysis.stats.rates import add_rates, wilson_interval

counts = st.integers(min_value=0, max_value=400)
thresholds = st.integers(min_value=2, max_value=11)


@pytest.mark.parametrize(
    ("true", "shown"),
    [(0, 0), (1, None), (4, None), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (102, 100), (103, 105)],
)
def test_counts_are_hidden_below_five_and_rounded_to_five(true, shown):
    assert disclosure.publish_count(true) == shown


def test_a_rate_is_hidden_when_either_side_is_small():
    n, hits, hidden = disclosure.publish_rate_counts([20, 20, 20, 4, 20, 0], [18, 2, 10, 4, 20, 0])
    # 18 of 20 (2 without), 2 of 20, 10 of 20, 4 of 4, 20 of 20 (nobody without: shown), nothing at all
    assert hidden.tolist() == [True, True, False, True, False, True]
    assert (n[2], hits[2]) == (20, 10)
    assert (n[4], hits[4]) == (20, 20)


def test_the_threshold_sets_the_base():
    assert disclosure.rounding_base(5) == 5
    assert disclosure.rounding_base(10) == 10
    assert disclosure.rounding_base(1) == 1  # no protection: exact counts (tests of arithmetic use it)
    assert disclosure.publish_counts([13], 10).tolist() == [10]


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="negativa"):
        disclosure.publish_counts([-1])
    with pytest.raises(TypeError):
        disclosure.publish_counts([2.5])
    with pytest.raises(ValueError, match="större än nämnaren"):
        disclosure.rate_hidden([3], [4])


def test_missing_counts_stay_missing():
    assert disclosure.publish_counts(pd.array([pd.NA, 7], dtype="Int64")).isna().tolist() == [True, False]


@settings(max_examples=300, deadline=None)
@given(st.lists(counts, min_size=1, max_size=40), thresholds)
def test_published_counts_are_zero_hidden_or_multiples_of_the_base_close_to_the_truth(values, min_n):
    published = disclosure.publish_counts(values, min_n)
    for true, shown in zip(values, published, strict=True):
        if 0 < true < min_n:
            assert shown is pd.NA
        elif true == 0:
            assert shown == 0
        else:
            assert shown % min_n == 0 and shown >= min_n
            assert abs(shown - true) <= min_n // 2


@settings(max_examples=300, deadline=None)
@given(st.lists(counts, min_size=2, max_size=12), thresholds)
def test_no_sum_or_difference_of_published_counts_is_a_small_count(values, min_n):
    # Totals beside parts, overlapping groups, year minus year: any ± combination of published counts.
    shown = [int(v) for v in disclosure.publish_counts(values, min_n).dropna()]
    total = disclosure.publish_count(sum(values), min_n)
    if total is not None:
        shown.append(total)
    for size in (2, 3):
        for combination in itertools.combinations(shown, size):
            for signs in itertools.product((1, -1), repeat=size):
                value = abs(sum(s * v for s, v in zip(signs, combination, strict=True)))
                assert not 0 < value < min_n


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=20), thresholds)
def test_a_shown_rate_gives_back_only_published_counts(pairs, min_n):
    n = np.array([max(a, b) for a, b in pairs])
    hits = np.array([min(a, b) for a, b in pairs])
    table = add_rates(pd.DataFrame({"n": n, "positive": hits}), "n", "positive", min_n)
    for row, true_n, true_hits in zip(table.itertuples(), n, hits, strict=True):
        small = 0 < true_hits < min_n or 0 < true_n - true_hits < min_n or true_n < min_n
        assert bool(row.suppressed) == bool(small)
        if row.suppressed:
            assert pd.isna(row.n) and pd.isna(row.positive) and np.isnan(row.rate) and np.isnan(row.ci_low)
            continue
        # rate × n and n − positive are published counts again: 0 or multiples of the base, never small
        assert row.rate * row.n == pytest.approx(row.positive)
        for derived in (row.positive, row.n - row.positive):
            assert derived == 0 or (derived % min_n == 0 and derived >= min_n)
        # the interval is that of the published counts (inverting it gives nothing else)
        assert (row.ci_low, row.ci_high) == pytest.approx(wilson_interval(row.positive, row.n))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=2, max_size=2), thresholds)
def test_a_change_between_years_is_a_change_of_published_counts(pairs, min_n):
    from analysis.stats.change import proportion_change

    n = np.array([max(a, b) for a, b in pairs])
    hits = np.array([min(a, b) for a, b in pairs])
    table = add_rates(pd.DataFrame({"n": n, "positive": hits}), "n", "positive", min_n)
    if table["suppressed"].any():
        return
    now, base = table.iloc[1], table.iloc[0]
    change = proportion_change(now["positive"], now["n"], base["positive"], base["n"])[0]
    assert change == pytest.approx(now["rate"] - base["rate"])
    # n times the change, and each year's count, remain combinations of multiples of the base
    assert (now["positive"] - base["positive"]) % min_n == 0


def test_the_loss_report_on_the_demo_data_says_what_the_rule_costs():
    from analysis.files_in.dataset import load_dataset
    from ui.context import DEMO_ROOT

    report = disclosure.loss_report(load_dataset(DEMO_ROOT / "helsingborg").participants).set_index("gruppering")
    total = report.loc["alla"]
    assert total["andelar_nu"] + total["forlorade"] == total["andelar_forut"]
    assert 0 < total["forlorade"] < total["andelar_forut"]
    # the yearly rates of the whole municipality all survive, moved by a few points at most
    assert report.loc["ar", "forlorade"] == 0 and report.loc["ar", "max_pe"] <= 5


def test_the_cli_prints_the_loss_report_without_exact_figures():
    from tests.cli_support import run
    from ui.context import DEMO_ROOT

    code, out, err = run("skydd", "--data", str(DEMO_ROOT / "tierp"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "gruppering,grupper,andelar_forut,andelar_nu,forlorade,median_pe,max_pe,antal,antal_avrundade"
    assert lines[-1].startswith("alla,")
