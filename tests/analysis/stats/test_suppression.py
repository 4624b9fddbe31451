"""Tests of analysis.stats.suppression: small counts hidden, 0 shown, complementary suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats.suppression import (
    _line_equations,
    complementary_suppression,
    complementary_suppression_2d,
    complementary_suppression_frame,
    derivable_cells,
    is_shown,
    mask_counts,
)


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


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, True), (1, False), (4, False), (5, True), (1000, True), (None, False), (np.nan, False), (pd.NA, False)],
)
def test_is_shown(value, expected):
    assert is_shown(value, min_n=5) is expected


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


# ------------------------------------------------------------------------ complementary suppression, tables


def test_complementary_frame_within_groups():
    frame = pd.DataFrame(
        {
            "insats": ["jobb", "jobb", "jobb", "sommar", "sommar", "sommar"],
            "stadsdel_kod": ["A", "B", "C", "A", "B", "C"],
            "deltagare": [12, 3, 8, 9, 0, 15],
            "namn": list("uvwxyz"),
        }
    )
    out = complementary_suppression_frame(frame, "deltagare", within=("insats",), min_n=5)
    # jobb: 3 hidden, total 23 shown beside → the smallest other non-zero (8) hidden too;
    # sommar: nothing small (0 is shown), nothing hidden
    assert as_list(out["deltagare"]) == [12, None, None, 9, 0, 15]
    assert str(out["deltagare"].dtype) == "Int64"
    assert out["namn"].tolist() == list("uvwxyz")
    assert frame["deltagare"].tolist() == [12, 3, 8, 9, 0, 15]  # input untouched
    # without groups the six rows are parts of one total: 3 hidden and then the smallest other, 8
    whole = complementary_suppression_frame(frame, ["deltagare"], min_n=5)
    assert as_list(whole["deltagare"]) == [12, None, None, 9, 0, 15]
    # two small parts in one group: no partner needed
    two = complementary_suppression_frame(frame.assign(deltagare=[12, 3, 2, 9, 0, 15]), "deltagare", within="insats")
    assert as_list(two["deltagare"]) == [12, None, None, 9, 0, 15]


def test_complementary_frame_keeps_index():
    frame = pd.DataFrame({"g": ["a", "a"], "v": [4, 20]}, index=[10, 20])
    out = complementary_suppression_frame(frame, "v", within=("g",), min_n=5)
    assert list(out.index) == [10, 20]
    assert as_list(out["v"]) == [None, None]


def test_complementary_2d_hides_a_rectangle():
    table = pd.DataFrame({"a": [10, 3, 12], "b": [8, 9, 20], "c": [0, 7, 6]}, index=["x", "y", "z"])
    out = complementary_suppression_2d(table, min_n=5)
    # Totals: rows 18, 19, 38; columns 25, 37, 13; grand 75. Only y/a = 3 is small.
    # Rectangles through y/a (other corners non-zero): with x/b: 9 + 10 + 8 = 27; with z/b: 9 + 12 + 20 = 41;
    # with z/c: 7 + 12 + 6 = 25 (cheapest); x/c is 0. So y/a, y/c, z/a, z/c are hidden.
    assert list(out.index) == ["x", "y", "z", "Totalt"]
    assert list(out.columns) == ["a", "b", "c", "Totalt"]
    assert [as_list(out.loc[r]) for r in out.index] == [
        [10, 8, 0, 18],
        [None, 9, None, 19],
        [None, 20, None, 38],
        [25, 37, 13, 75],
    ]
    assert str(out["a"].dtype) == "Int64"


def test_complementary_2d_small_total_is_hidden_and_protected():
    # row y is 2 + 0 = 2: the cell and its row total are both hidden (primary); column a then has one
    # hidden entry, and the rectangle y/a – y/Totalt – x/a – x/Totalt is the cheapest partner set.
    table = pd.DataFrame({"a": [10, 2], "b": [6, 0]}, index=["x", "y"])
    out = complementary_suppression_2d(table, min_n=5)
    assert [as_list(out.loc[r]) for r in out.index] == [
        [None, 6, None],
        [None, 0, None],
        [12, 6, 18],
    ]


def test_complementary_2d_nothing_small_nothing_hidden():
    table = pd.DataFrame({"a": [10, 5], "b": [6, 0]})
    out = complementary_suppression_2d(table, min_n=5)
    assert int(out.isna().sum().sum()) == 0
    assert out.iloc[2, 2] == 21


def test_complementary_2d_rejects_missing_and_negative():
    with pytest.raises(ValueError, match="saknade"):
        complementary_suppression_2d(pd.DataFrame({"a": [1.0, np.nan]}))
    with pytest.raises(ValueError, match="negativa"):
        complementary_suppression_2d(pd.DataFrame({"a": [1, -1]}))


def test_derivable_cells_finds_a_bridge_between_protected_blocks():
    # 4 × 4 inner table (5 × 5 with margins), hidden: block {r0, r1} × {c0, c1}, block {r2, r3} × {c2, c3}
    # and the bridge r0/c2. Every row and column has 0 or ≥ 2 hidden entries, yet
    # (row 0 + row 1) − (column 0 + column 1) leaves exactly r0/c2: x02 = R0 + R1 − C0 − C1 − (shown parts).
    hidden = np.zeros((5, 5), dtype=bool)
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)]:
        hidden[i, j] = True
    derived = derivable_cells(hidden.reshape(-1), _line_equations(4, 4)).reshape(5, 5)
    assert derived[0, 2]
    assert int(derived.sum()) == 1
    # a lone hidden cell is derivable, a rectangle is not
    lone = np.zeros((3, 3), dtype=bool)
    lone[0, 0] = True
    assert derivable_cells(lone.reshape(-1), _line_equations(2, 2)).reshape(3, 3)[0, 0]
    square = lone.copy()
    square[0, 1] = square[1, 0] = square[1, 1] = True
    assert not derivable_cells(square.reshape(-1), _line_equations(2, 2)).any()


def _independently_derivable(hidden: np.ndarray, rows: int, columns: int) -> list[int]:
    """Hidden entries fixed by the additivity equations, by a rank test written apart from the module:
    x_j is determined iff dropping its column from the hidden-entry system lowers the rank."""
    equations = []
    for i in range(rows + 1):
        line = np.zeros((rows + 1, columns + 1))
        line[i, :columns] = 1
        line[i, columns] = -1
        equations.append(line.reshape(-1))
    for j in range(columns + 1):
        line = np.zeros((rows + 1, columns + 1))
        line[:rows, j] = 1
        line[rows, j] = -1
        equations.append(line.reshape(-1))
    a = np.array(equations)[:, hidden]
    positions = np.flatnonzero(hidden)
    rank = np.linalg.matrix_rank(a)
    return [int(p) for k, p in enumerate(positions) if np.linalg.matrix_rank(np.delete(a, k, axis=1)) < rank]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=4),
    st.data(),
)
def test_complementary_2d_property_no_hidden_entry_can_be_computed(rows, columns, data):
    values = data.draw(
        st.lists(st.integers(min_value=0, max_value=30), min_size=rows * columns, max_size=rows * columns)
    )
    table = pd.DataFrame(np.array(values).reshape(rows, columns))
    out = complementary_suppression_2d(table, min_n=5)
    shown = out.to_numpy(dtype=float, na_value=np.nan)
    hidden = np.isnan(shown).reshape(-1)
    truth = np.zeros((rows + 1, columns + 1))
    truth[:rows, :columns] = np.array(values).reshape(rows, columns)
    truth[:rows, columns] = truth[:rows, :columns].sum(axis=1)
    truth[rows, :] = truth[:rows, :].sum(axis=0)
    flat = truth.reshape(-1)
    # every small entry (cells and totals) hidden, every shown entry true
    assert all(hidden[(flat > 0) & (flat < 5)])
    assert np.array_equal(shown.reshape(-1)[~hidden], flat[~hidden])
    # no hidden entry can be worked out, unless its row and column had no shown non-zero entry left to hide
    for entry in _independently_derivable(hidden, rows, columns):
        i, j = divmod(entry, columns + 1)
        neighbours = np.concatenate([shown[i, :], shown[:, j]])
        assert not np.any(neighbours[~np.isnan(neighbours)] > 0), (entry, values)
