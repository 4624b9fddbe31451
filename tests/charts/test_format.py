"""Swedish number formats: hand-written expectations."""

import pandas as pd
import pytest

from charts import format as fmt

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567.8, 0, f"1{NB}234{NB}568"),
        (0.5, 1, "0,5"),
        (-1234.25, 1, f"−1{NB}234,2"),
        (999, 0, "999"),
        (None, 0, "–"),
        (float("nan"), 0, "–"),
        (pd.NA, 0, "–"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_percent_uses_space_and_decimal_comma():
    assert fmt.percent(0.453) == f"45{NB}%"
    assert fmt.percent(0.4537, 1) == f"45,4{NB}%"


def test_interval_and_points():
    assert fmt.interval(0.381, 0.524) == f"38–52{NB}%"
    assert fmt.percent_points(0.031) == f"+3{NB}procentenheter"
    assert fmt.percent_points(-0.031) == f"−3{NB}procentenheter"
    assert fmt.percent_points(0.001) == f"0{NB}procentenheter"


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "0"), (1, "färre än 5"), (4, "färre än 5"), (5, "5"), (pd.NA, "färre än 5")]
)
def test_count_hides_small_numbers(value, expected):
    assert fmt.count(value, 5) == expected
