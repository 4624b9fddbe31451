"""Outcome figures: intervals drawn, hidden values never drawn."""

import pandas as pd

from charts import outcomes
from charts.theme import hidden_note


def rate_frame():
    return pd.DataFrame(
        {
            "ar": [2023, 2024, 2023, 2024],
            "insats": ["a", "a", "b", "b"],
            "n": pd.array([20, 30, None, 10], dtype="Int64"),
            "positive": pd.array([8, 15, None, 4], dtype="Int64"),
            "rate": [0.4, 0.5, None, 0.4],
            "ci_low": [0.2188, 0.3315, None, 0.1682],
            "ci_high": [0.6134, 0.6685, None, 0.6873],
            "suppressed": [False, False, True, False],
        }
    )


def test_rate_trend_draws_one_line_per_programme_with_error_bars():
    fig = outcomes.rate_trend(rate_frame(), group="insats", labels={"a": "Alfa", "b": "Beta"}, min_n=5)
    assert [t.name for t in fig.data] == ["Alfa", "Beta"]
    alfa = fig.data[0]
    assert list(alfa.y) == [40.0, 50.0]
    # 40 % with 21.88–61.34 % → +21.34 / −18.12 percentage points
    assert round(alfa.error_y.array[0], 2) == 21.34 and round(alfa.error_y.arrayminus[0], 2) == 18.12


def test_rate_trend_leaves_a_gap_for_hidden_years_and_names_them():
    fig = outcomes.rate_trend(rate_frame(), group="insats", labels={"a": "Alfa", "b": "Beta"}, min_n=5)
    beta = fig.data[1]
    assert pd.isna(beta.y[0]) and beta.y[1] == 40.0
    # Named in the note the page writes under the chart, not inside the figure (issue 9).
    assert "Beta 2023" in hidden_note(fig)
    assert not fig.layout.annotations


def test_rate_bars_skip_hidden_and_draw_reference():
    table = rate_frame()[rate_frame()["ar"] == 2023]
    fig = outcomes.rate_bars(
        table,
        category="insats",
        labels={"a": "Alfa"},
        min_n=5,
        axis_title="Andel",
        reference={"name": "Alla", "rate": 0.45},
    )
    assert list(fig.data[0].x) == ["Alfa"]
    assert fig.layout.shapes[0].y0 == 45.0
    assert hidden_note(fig).startswith("Dolda") and "b" in hidden_note(fig)
    assert not any("Dolda" in a.text for a in fig.layout.annotations)


def test_funnel_writes_hidden_counts_as_text_not_bars():
    table = pd.DataFrame(
        {
            "insats": ["a"],
            "inskrivna": pd.array([12], dtype="Int64"),
            "avslutade": pd.array([None], dtype="Int64"),
            "pagaende": pd.array([7], dtype="Int64"),
            "positivt": pd.array([None], dtype="Int64"),
        }
    )
    fig = outcomes.funnel(table, labels={"a": "Alfa"}, min_n=5)
    inskrivna, avslutade, _positivt = fig.data
    assert list(inskrivna.x) == [12]
    assert avslutade.x[0] == 0  # no bar length to read a hidden count from
    assert avslutade.text[0] == "färre än 5"
