"""charts.empty.why_empty: the one decision whether a chart has anything to draw, and why not."""

import numpy as np
import pandas as pd
import pytest

from charts.empty import CHARTS, REASONS, why_empty


def rates(rate, suppressed):
    return pd.DataFrame({"g": list("abc")[: len(rate)], "rate": rate, "suppressed": suppressed})


def test_something_shown_is_drawn():
    assert why_empty(rates([0.4, np.nan], [False, True]), "groups") is None
    assert why_empty(rates([0.0], [False]), "groups") is None  # a rate of 0 % is a value


def test_every_group_hidden():
    assert why_empty(rates([np.nan, np.nan], [True, True]), "groups") == "all_hidden"


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_no_rows_is_no_data(chart):
    columns = [*CHARTS[chart].values, "suppressed"]
    assert why_empty(pd.DataFrame(columns=columns), chart) == "no_data"
    assert set(REASONS) == {"missing", "all_hidden", "no_data"}


def test_programme_funnel_counts_hidden_as_na_and_zeros_as_nothing():
    def funnel(inskrivna, avslutade, positivt):
        return pd.DataFrame(
            {
                "insats": ["a", "b"],
                "inskrivna": pd.array(inskrivna, dtype="Int64"),
                "avslutade": pd.array(avslutade, dtype="Int64"),
                "positivt": pd.array(positivt, dtype="Int64"),
                "suppressed": [True, True],  # any hidden count sets it: it must not hide the row
            }
        )

    assert why_empty(funnel([None, 12], [None, 0], [None, 0]), "funnel") is None
    assert why_empty(funnel([None, None], [None, 0], [0, 0]), "funnel") == "all_hidden"
    assert why_empty(funnel([0, 0], [0, 0], [0, 0]), "funnel") == "no_data"


def test_reach_missing_population_zero_participants_and_hidden():
    def reach(per_1000, suppressed):
        return pd.DataFrame({"stadsdel_kod": ["A", "B"], "per_1000": per_1000, "suppressed": suppressed})

    assert why_empty(reach([np.nan, np.nan], [False, True]), "reach") == "missing"
    assert why_empty(reach([0.0, 0.0], [False, False]), "reach") == "no_data"
    assert why_empty(reach([0.0, np.nan], [False, True]), "reach") == "all_hidden"
    assert why_empty(reach([0.0, 3.2], [False, False]), "reach") is None
