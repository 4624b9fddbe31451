"""Swedish number formats: hand-written expectations."""

import numpy as np
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


# One rule for every change (issue 9): real signs, "oförändrad" at 0, colour by good or bad, arrow by sign.
@pytest.mark.parametrize(
    ("change", "direction", "text", "arrow", "colour"),
    [
        # The outcome rate (higher is better, direction −1): a fall is red, a rise green.
        (-0.009, -1, f"−0,9{NB}procentenheter", "down", "red"),
        (0.031, -1, f"+3,1{NB}procentenheter", "up", "green"),
        # Low economic standard (higher is worse, direction +1): a fall is green, a rise red.
        (-0.02, 1, f"−2,0{NB}procentenheter", "down", "green"),
        (0.015, 1, f"+1,5{NB}procentenheter", "up", "red"),
        # Rounds to 0 at one decimal: no sign, no arrow, grey, whatever the direction.
        (-0.0004, -1, "oförändrad", "off", "gray"),
        (0.0004, 1, "oförändrad", "off", "gray"),
        # A measure with no good direction: grey, but the arrow still follows the sign.
        (0.05, 0, f"+5,0{NB}procentenheter", "up", "gray"),
    ],
)
def test_delta_sign_colour_and_arrow(change, direction, text, arrow, colour):
    delta = fmt.delta(change, unit="procentenheter", decimals=1, factor=100, direction=direction)
    assert (delta.text, delta.arrow, delta.colour) == (text, arrow, colour)
    assert "-" not in delta.text  # never an ASCII hyphen for minus
    if arrow != "off":
        assert delta.text[0] == ("+" if arrow == "up" else "−")


def test_delta_reading_of_chance_and_missing():
    assert fmt.delta(None) is None
    assert fmt.delta(0.02, factor=100, direction=-1, reading="chance").with_reading().endswith("(kan vara slump)")
    assert fmt.delta(0.2, factor=100, direction=-1, reading="up").with_reading().endswith("(tydlig förändring)")
    assert fmt.delta(0.0001, factor=100, reading="chance").with_reading() == "oförändrad"
    assert fmt.delta(-0.04, decimals=2, direction=1).text == "−0,04"


def test_signed_numbers_and_intervals_of_points():
    assert [fmt.signed(v, 1) for v in (2.34, -0.96, -0.04, 0)] == ["+2,3", "−1,0", "0,0", "0,0"]
    assert fmt.percent_points(-0.031) == f"−3{NB}procentenheter"
    assert fmt.points_interval(-0.101, 0.084) == f"−10,1 till +8,4{NB}procentenheter"


def test_a_column_at_once_reads_exactly_as_one_value_at_a_time():
    rng = np.random.default_rng(7)
    values = np.concatenate(
        [rng.normal(0, 1e6, 500), rng.normal(0, 1, 500), [np.nan, 0.0, -0.0, -0.04, 0.05, 1e15, -1234.5, 999.95]]
    )
    for decimals in (0, 1, 2, 3):
        assert fmt.numbers(values, decimals) == [fmt.number(v, decimals) for v in values]
        assert fmt.percents(values / 1e6, decimals) == [fmt.percent(v, decimals) for v in values / 1e6]
    with_missing = pd.array([0, 1, 4, 5, 6, None, 1234, 7], dtype="Int64")
    assert fmt.numbers(with_missing) == [fmt.number(v) for v in with_missing]
    assert fmt.counts(with_missing, 5) == [fmt.count(v, 5) for v in with_missing]
    floats = [0.0, 0.5, 4.9, 5.0, 5.7, None, -3.5]
    assert fmt.counts(floats, 5) == [fmt.count(v, 5) for v in floats]
    for decimals in (0, 1, 2):
        assert fmt.signed_numbers(values / 1e5, decimals) == [fmt.signed(v, decimals) for v in values / 1e5]
    assert fmt.signed_numbers([0.05, -0.05, -0.04, 0.0, None], 1) == ["+0,1", "−0,1", "0,0", "0,0", "–"]
    names = ["Söder & Väster", "<b>Norr</b>", "A\x00B", "", 17]
    assert fmt.plains(names) == [fmt.plain(n) for n in names]
    assert fmt.plains(names[:2]) == ["Söder &amp; Väster", "&lt;b&gt;Norr&lt;/b&gt;"] and fmt.plains([]) == []
    assert fmt.numbers([None, 3, 2.5], 1) == ["–", "3,0", "2,5"]
    assert fmt.numbers([]) == [] and fmt.percents(pd.Series([], dtype=float)) == []
