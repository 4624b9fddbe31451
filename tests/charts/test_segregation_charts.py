"""Figures of the Segregation page and the funnel plot."""

import numpy as np
import pandas as pd

from charts import funnel as funnel_charts
from charts import segregation as seg_charts
from charts.theme import hidden_note


def test_indices_over_time_one_line_per_index_on_a_0_to_1_axis():
    frame = pd.DataFrame({"ar": [2024, 2025], "dissimilarity": [0.3, 0.28], "entropy": [0.09, 0.08]})
    fig = seg_charts.indices_over_time(frame, labels={"dissimilarity": "D", "entropy": "H"})
    assert [t.name for t in fig.data] == ["D", "H"]
    assert list(fig.data[0].y) == [0.3, 0.28]
    assert tuple(fig.layout.yaxis.range) == (0, 1)
    assert "0,300" in fig.data[0].hovertext[0]


def test_area_type_shares_stack_to_100_percent_in_type_colours():
    frame = pd.DataFrame(
        {
            "ar": [2025] * 5,
            "omradestyp": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
            "stadsdelar": [1, 2, 3, 4, 5],
            "folkmangd": [100, 200, 300, 300, 100],
            "andel_folkmangd": [0.1, 0.2, 0.3, 0.3, 0.1],
        }
    )
    fig = seg_charts.area_type_shares(frame, labels={1: "Typ 1"})
    assert fig.layout.barmode == "stack"
    assert sum(t.y[0] for t in fig.data) == 100
    assert fig.data[0].marker.color == "#b2182b"


def test_reach_bars_leave_out_hidden_districts_and_name_them():
    frame = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C"],
            "omradestyp": pd.array([1, 4, 1], dtype="Int64"),
            "per_1000": [20.0, np.nan, 5.0],
            "ci_low": [15.0, np.nan, 2.0],
            "ci_high": [26.0, np.nan, 10.0],
            "deltagare": pd.array([40, pd.NA, 6], dtype="Int64"),
            "folkmangd_20_64": pd.array([2000, 300, 1200], dtype="Int64"),
            "suppressed": [False, True, False],
        }
    )
    fig = seg_charts.reach_by_district(frame, names={"A": "Norr", "B": "Mitt", "C": "Söder"}, labels={}, min_n=5)
    drawn = [y for t in fig.data for y in t.y]
    assert drawn == ["Norr", "Söder"]
    # Named in the note the page writes under the chart, not inside the figure (issue 9).
    assert "Mitt" in hidden_note(fig)
    assert not fig.layout.annotations


def test_funnel_plot_draws_limits_and_flags():
    table = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C"],
            "n": pd.array([50, 40, None], dtype="Int64"),
            "rate": [0.9, 0.5, np.nan],
            "p0": [0.7, 0.7, 0.7],
            "p_value": [0.001, 0.01, np.nan],
            "flag_998": ["over", "inom", pd.NA],
            "suppressed": [False, False, True],
        }
    )
    limits = pd.DataFrame(
        {
            "n": [10, 50],
            "lower_95": [0.4, 0.57],
            "upper_95": [0.9, 0.82],
            "lower_998": [0.2, 0.5],
            "upper_998": [1, 0.88],
        }
    )
    fig = funnel_charts.funnel_plot(table, limits, names={"A": "Norr", "B": "Söder", "C": "Öst"}, min_n=5)
    names = [t.name for t in fig.data]
    assert names.count("95 % gräns") == 2
    assert "Över kommunens nivå" in names
    assert "Inom slumpens gränser" in names
    over = fig.data[names.index("Över kommunens nivå")]
    assert list(over.y) == [90.0]
    assert "Öst" in hidden_note(fig)
    assert not any("Öst" in a.text for a in fig.layout.annotations)


def _reach_frame(types: list[int], hidden_every: int = 0) -> pd.DataFrame:
    count = len(types)
    rate = np.linspace(40.0, 2.0, count)
    hidden = np.array([hidden_every > 0 and i % hidden_every == 0 for i in range(count)])
    return pd.DataFrame(
        {
            "stadsdel_kod": [f"D{i:04d}" for i in range(count)],
            "omradestyp": pd.array(types, dtype="Int64"),
            "per_1000": np.where(hidden, np.nan, rate),
            "ci_low": np.where(hidden, np.nan, rate * 0.8),
            "ci_high": np.where(hidden, np.nan, rate * 1.2),
            "deltagare": pd.array([pd.NA if h else 50 for h in hidden], dtype="Int64"),
            "folkmangd_20_64": pd.array([2000] * count, dtype="Int64"),
            "suppressed": hidden,
        }
    )


def test_reach_with_many_districts_draws_each_types_highest_and_lowest_and_says_so():
    # 6,160 bars (all of Sweden's DeSO) was 160,000 px of chart: each type's ends instead, and a note.
    types = [1 + i % 5 for i in range(500)]
    frame = _reach_frame(types, hidden_every=7)
    names = {c: f"Område {c}" for c in frame["stadsdel_kod"]}
    fig = seg_charts.reach_by_district(frame, names=names, labels={}, min_n=5)
    drawn = {t.name: list(t.x) for t in fig.data}
    each = seg_charts.REACH_EACH_END
    assert len(drawn) == 5 and all(len(x) == 2 * each for x in drawn.values())
    visible = frame[~frame["suppressed"]]
    for area_type, trace in zip(range(1, 6), fig.data, strict=True):
        rates = visible.loc[visible["omradestyp"] == area_type, "per_1000"].sort_values(ascending=False)
        assert list(trace.x) == [*rates.iloc[:each], *rates.iloc[-each:]]
    note = hidden_note(fig)
    assert f"Visar {5 * 2 * each} av {len(visible)}" in note
    hidden_count = int(frame["suppressed"].sum())
    assert hidden_count > seg_charts.HIDDEN_NAMED_UP_TO
    # Many hidden districts are counted, not listed.
    assert f"{hidden_count} stadsdelar är dolda" in note
    assert "Område D0000" not in note
    assert fig.layout.height < 200 + 26 * 50


def test_reach_with_few_districts_draws_them_all_and_names_the_hidden():
    frame = _reach_frame([1, 1, 2, 3, 3, 3, 5, 4] * 4, hidden_every=9)
    names = {c: f"Område {c}" for c in frame["stadsdel_kod"]}
    fig = seg_charts.reach_by_district(frame, names=names, labels={}, min_n=5)
    assert sum(len(t.x) for t in fig.data) == int((~frame["suppressed"]).sum())
    note = hidden_note(fig)
    assert note.startswith("Dolda (färre än 5 personer): Område D0000")
    assert "Visar" not in note
