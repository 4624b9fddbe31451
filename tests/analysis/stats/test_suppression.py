"""Tests of analysis.stats.suppression: small counts hidden, 0 shown, complementary suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.stats.suppression import complementary_suppression, mask_counts


def as_list(series: pd.Series) -> list:
    return [None if pd.isna(v) else int(v) for v in series]


def test_mask_counts_hides_one_to_min_n_minus_one():
    # min_n = 5: 0 shown, 1…4 hidden, 5 and above shown, missing stays missing
    masked = mask_counts([0, 1, 4, 5, 6, 120, None], min_n=5)
    assert as_list(masked) == [0, None, None, 5, 6, 120, None]
    assert str(masked.dtype) == "Int64"


def test_mask_counts_threshold_is_a_setting():
    assert as_list(mask_counts([2, 3, 4], min_n=3)) == [None, 3, 4]
    assert as_list(mask_counts([1, 2], min_n=1)) == [1, 2]  # min_n = 1: nothing to hide


def test_mask_counts_keeps_index_and_name():
    series = pd.Series([3, 7], index=["a", "b"], name="antal", dtype="int64")
    masked = mask_counts(series, min_n=5)
    assert list(masked.index) == ["a", "b"]
    assert masked.name == "antal"
    assert as_list(masked) == [None, 7]
    assert series.tolist() == [3, 7]  # input untouched


def test_mask_counts_accepts_float_counts_with_nan():
    assert as_list(mask_counts(np.array([2.0, np.nan, 9.0]), min_n=5)) == [None, None, 9]


def test_mask_counts_rejects_negative_and_fractional():
    with pytest.raises(ValueError, match="negativa"):
        mask_counts([-1, 5])
    with pytest.raises(TypeError):
        mask_counts([2.5])


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=30), st.integers(min_value=1, max_value=10))
def test_mask_counts_property_no_small_count_survives(values, min_n):
    masked = mask_counts(values, min_n=min_n)
    for original, shown in zip(values, masked, strict=True):
        if 0 < original < min_n:
            assert pd.isna(shown)
        else:
            assert shown == original


def test_complementary_hides_a_second_cell_when_one_is_hidden():
    # parts of a shown total 20: 10, 3, 7, 0 → 3 hidden; 20 − 10 − 7 − 0 would reveal it,
    # so the smallest other non-zero part (7) is hidden too.
    assert as_list(complementary_suppression([10, 3, 7, 0], min_n=5)) == [10, None, None, 0]


def test_complementary_leaves_two_hidden_cells_alone():
    assert as_list(complementary_suppression([10, 3, 2, 8], min_n=5)) == [10, None, None, 8]


def test_complementary_nothing_hidden_nothing_added():
    assert as_list(complementary_suppression([10, 5, 0], min_n=5)) == [10, 5, 0]


def test_complementary_counts_an_already_missing_cell_as_hidden():
    # one cell already unknown plus 3 hidden: two hidden, nothing more needed
    assert as_list(complementary_suppression([10, None, 3], min_n=5)) == [10, None, None]
    # one cell already unknown and no small one: that single hidden cell needs a partner
    assert as_list(complementary_suppression([10, None, 6], min_n=5)) == [10, None, None]


def test_complementary_without_non_zero_partner_hides_nothing_more():
    # total = 3 equals the small part; the total itself must be masked, not the zeros
    assert as_list(complementary_suppression([3, 0, 0], min_n=5)) == [None, 0, 0]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=12))
def test_complementary_property_never_exactly_one_hidden_nonzero_left(values):
    result = complementary_suppression(values, min_n=5)
    hidden = [i for i, v in enumerate(result) if pd.isna(v)]
    assert all(pd.isna(result[i]) for i, v in enumerate(values) if 0 < v < 5)
    if len(hidden) == 1:  # only allowed when no other non-zero part exists to hide
        assert all(v == 0 for i, v in enumerate(values) if i not in hidden)
