"""Tests of analysis.stats.goals.goal_progress and goal_status against hand-counted values."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.stats.goals import GOAL_COLUMNS, GOAL_STATUSES, goal_progress, goal_status

STRING_COLUMNS = ("deltagare_id", "insats", "stadsdel_kod", "utfall", "malgrupp", "kon", "roll", "forlangning")


def make_participants(rows: list[dict]) -> pd.DataFrame:
    defaults = {
        "insats": "jobbcoach",
        "stadsdel_kod": "1283R005",
        "startdatum": "2023-01-10",
        "slutdatum": None,
        "utfall": "pagaende",
        "malgrupp": "unga_vuxna",
        "kon": "kvinna",
        "fodelsear": 1990,
        "roll": None,
        "forlangning": None,
    }
    frame = pd.DataFrame.from_records([{"deltagare_id": f"p{i}", **defaults, **r} for i, r in enumerate(rows)])
    for column in STRING_COLUMNS:
        frame[column] = pd.Series(frame[column].tolist(), dtype="str")
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])
    frame["slutdatum"] = pd.to_datetime(frame["slutdatum"])
    frame["fodelsear"] = frame["fodelsear"].astype("Int64")
    return frame


def make_goals(rows: list[tuple[str, int, str, int]]) -> pd.DataFrame:
    insats, ar, matt, malvarde = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "insats": pd.Series(insats, dtype="str"),
            "ar": pd.Series(ar, dtype="int64"),
            "matt": pd.Series(matt, dtype="str"),
            "malvarde": pd.Series(malvarde, dtype="int64"),
        }
    )


def register() -> pd.DataFrame:
    """A hand-countable register.

    jobbcoach
      started 2023, finished 2023: arbete ×3, praktik, studier (5 positive), avbrott  → 6 rows
      started 2022, finished 2023: studier, praktik (2 positive)                      → 2 rows
      started 2023, finished 2024: arbete                                              → 1 row
      started 2023, still running                                                      → 1 row
      ⇒ inskrivna 2023 = 6 + 1 + 1 = 8, inskrivna 2022 = 2, positivt_utfall 2023 = 5 + 2 = 7
    jobb (started 2023)
      finished 2023 with forlangning "ja" ×4 and "nej" ×2; one still running with "ja"; one marked
      running but carrying an end date in 2023 with "ja" (inconsistent, must not count)
      ⇒ forlangning 2023 = 4, inskrivna 2023 = 8
    """
    rows = []
    for utfall in ("arbete", "arbete", "arbete", "praktik", "studier", "avbrott"):
        rows.append({"startdatum": "2023-02-01", "slutdatum": "2023-11-01", "utfall": utfall})
    for utfall in ("studier", "praktik"):
        rows.append({"startdatum": "2022-09-01", "slutdatum": "2023-04-01", "utfall": utfall})
    rows.append({"startdatum": "2023-05-01", "slutdatum": "2024-01-15", "utfall": "arbete"})
    rows.append({"startdatum": "2023-03-01"})  # ongoing
    job = {"insats": "jobb", "startdatum": "2023-01-01", "slutdatum": "2023-07-01", "utfall": "arbete"}
    rows += [{**job, "forlangning": "ja"}] * 4 + [{**job, "forlangning": "nej"}] * 2
    rows.append({"insats": "jobb", "startdatum": "2023-09-01", "forlangning": "ja"})
    rows.append({**job, "utfall": "pagaende", "forlangning": "ja"})
    return make_participants(rows)


def test_goal_progress_counts_each_measure():
    goals = make_goals(
        [
            ("jobbcoach", 2023, "inskrivna", 30),
            ("jobbcoach", 2023, "positivt_utfall", 5),
            ("jobbcoach", 2023, "positivt_utfall", 7),
            ("jobbcoach", 2025, "inskrivna", 10),
        ]
    )
    table = goal_progress(register(), goals)
    assert list(table.columns) == ["insats", "ar", "matt", "malvarde", "utfall", "andel", "uppnatt", "suppressed"]
    # True counts 8, 7, 7, 0, published to the nearest 5 (analysis.disclosure)
    assert table["utfall"].tolist() == [10, 5, 5, 0]
    # Shares of the published counts: 10/30, 5/5, 5/7, 0/10
    assert table["andel"].tolist() == pytest.approx([1 / 3, 1.0, 5 / 7, 0.0], abs=1e-6)
    # The verdicts are taken on the true counts: 7 reached a goal of 7 though it is shown as 5
    assert table["uppnatt"].tolist() == [False, True, True, False]
    assert table["suppressed"].tolist() == [False, False, False, False]


def test_goal_progress_dtypes():
    table = goal_progress(register(), make_goals([("jobbcoach", 2023, "inskrivna", 30)]))
    assert str(table["ar"].dtype) == "Int64"
    assert str(table["malvarde"].dtype) == "Int64"
    assert str(table["utfall"].dtype) == "Int64"
    assert table["andel"].dtype == np.float64
    assert str(table["uppnatt"].dtype) == "boolean"
    assert table["suppressed"].dtype == bool


def test_goal_progress_small_count_is_suppressed_but_not_reached_is_shown():
    # jobb 2023 forlangning: 4 "ja" among finished (the running ones do not count) → hidden at min_n 5.
    # Goal 6 ≥ min_n: a hidden count is below it anyway, so uppnatt = False may be shown.
    table = goal_progress(register(), make_goals([("jobb", 2023, "forlangning", 6)]))
    assert table["suppressed"].tolist() == [True]
    assert table["utfall"].isna().tolist() == [True]
    assert table["andel"].isna().tolist() == [True]
    assert table["uppnatt"].tolist() == [False]


def test_goal_progress_goal_below_min_n_hides_reached_too():
    # Goal 3 < min_n: "reached" would say the hidden count is 3 or 4.
    row = goal_progress(register(), make_goals([("jobb", 2023, "forlangning", 3)])).iloc[0]
    assert bool(row["suppressed"])
    assert pd.isna(row["utfall"])
    assert pd.isna(row["andel"])
    assert pd.isna(row["uppnatt"])


@pytest.mark.parametrize(("min_n", "shown"), [(4, True), (5, False)])
def test_goal_progress_threshold_edge(min_n, shown):
    # utfall 4: shown at min_n = 4 (= utfall), hidden at min_n = 5 (= utfall + 1)
    row = goal_progress(register(), make_goals([("jobb", 2023, "forlangning", 8)]), min_n=min_n).iloc[0]
    assert bool(row["suppressed"]) is not shown
    if shown:
        assert row["utfall"] == 4
        assert row["andel"] == pytest.approx(0.5)  # 4/8
    else:
        assert pd.isna(row["utfall"])


def test_goal_progress_zero_goal_and_unknown_programme():
    goals = make_goals([("jobbcoach", 2021, "inskrivna", 0), ("okand", 2023, "inskrivna", 5)])
    table = goal_progress(register(), goals)
    assert table["utfall"].tolist() == [0, 0]
    assert np.isnan(table.loc[0, "andel"])  # 0/0: no share
    assert table["uppnatt"].tolist() == [True, False]  # 0 ≥ 0; 0 < 5
    assert table["suppressed"].tolist() == [False, False]


def test_goal_progress_keeps_goal_order_and_count():
    goals = make_goals([("jobb", 2023, "inskrivna", 1), ("jobbcoach", 2022, "inskrivna", 1)] * 2)
    table = goal_progress(register(), goals, min_n=1)
    # jobb started 2023: 6 finished + 2 marked running = 8; jobbcoach started 2022: 2
    assert table["insats"].tolist() == ["jobb", "jobbcoach", "jobb", "jobbcoach"]
    assert table["utfall"].tolist() == [8, 2, 8, 2]


def test_goal_progress_rejects_unknown_measure():
    with pytest.raises(ValueError, match="okänt mått"):
        goal_progress(register(), make_goals([("jobb", 2023, "avhopp", 3)]))


# ------------------------------------------------------------------------------------------- goal_status
# Issue 9: a finished year's goal says reached / not reached, the running year counts "so far".
def status_of(goals, today, min_n=5):
    return goal_status(goal_progress(register(), goals, min_n=min_n), today=today)


def test_goal_status_past_year_is_final():
    goals = make_goals([("jobbcoach", 2023, "inskrivna", 30), ("jobbcoach", 2023, "positivt_utfall", 7)])
    table = status_of(goals, dt.date(2024, 3, 1))
    assert table["period"].tolist() == ["past", "past"]
    assert table["status"].tolist() == ["not_reached", "reached"]  # 8 of 30; 7 of 7


def test_goal_status_current_year_counts_so_far():
    goals = make_goals([("jobbcoach", 2023, "inskrivna", 30), ("jobbcoach", 2023, "positivt_utfall", 7)])
    table = status_of(goals, dt.date(2023, 6, 30))
    assert table["period"].tolist() == ["current", "current"]
    assert table["status"].tolist() == ["so_far", "reached_so_far"]


@pytest.mark.parametrize(
    ("today", "period"),
    [(dt.date(2023, 12, 31), "current"), (dt.date(2024, 1, 1), "past"), (dt.date(2022, 12, 31), "future")],
)
def test_goal_status_year_ends_at_new_year(today, period):
    table = status_of(make_goals([("jobbcoach", 2023, "inskrivna", 30)]), today)
    assert table["period"].tolist() == [period]
    assert table["status"].tolist() == ["not_reached" if period == "past" else "so_far"]


def test_goal_status_hidden_count_under_a_goal_below_min_n_says_nothing_about_reaching_it():
    # jobb 2023: forlangning 4 (hidden at min_n 5). A goal of 2 or 3: reached / not reached would narrow the
    # hidden count down, so the status is "hidden" in a past year and in the running year alike.
    goals = make_goals([("jobb", 2023, "forlangning", 2), ("jobb", 2023, "forlangning", 3)])
    for today in (dt.date(2025, 1, 1), dt.date(2023, 5, 1)):
        table = status_of(goals, today)
        assert table["status"].tolist() == ["hidden", "hidden"]
        assert table["utfall"].isna().all()


def test_goal_status_hidden_count_under_a_goal_of_min_n_or_more_is_not_reached():
    # A hidden count (1..4) is below a goal of 6 whatever it is: "not reached" discloses nothing more.
    table = status_of(make_goals([("jobb", 2023, "forlangning", 6)]), dt.date(2024, 2, 1))
    assert bool(table.loc[0, "suppressed"])
    assert table["status"].tolist() == ["not_reached"]
    table = status_of(make_goals([("jobb", 2023, "forlangning", 6)]), dt.date(2023, 9, 1))
    assert table["status"].tolist() == ["so_far"]


def test_goal_status_count_of_zero_is_shown_and_not_reached():
    table = status_of(make_goals([("jobbcoach", 2021, "inskrivna", 2)]), dt.date(2022, 1, 1))
    assert table["utfall"].tolist() == [0]
    assert table["status"].tolist() == ["not_reached"]


def test_goal_status_without_target_is_unknown_and_keeps_rows_and_input():
    goals = make_goals([("jobbcoach", 2023, "inskrivna", 30), ("jobbcoach", 2023, "inskrivna", 5)])
    goals["malvarde"] = pd.array([pd.NA, 5], dtype="Int64")
    progress = goal_progress(register(), goals)
    before = progress.copy()
    table = goal_status(progress, today=dt.date(2024, 1, 1))
    pd.testing.assert_frame_equal(progress, before)  # not mutated
    assert list(table.columns) == [*GOAL_COLUMNS, "period", "status"]
    assert table["status"].tolist() == ["unknown", "reached"]
    assert set(table["status"]) <= set(GOAL_STATUSES)
