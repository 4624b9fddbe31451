"""A goal card whose rounded count seems to contradict the verdict says why (issue 10)."""

from types import SimpleNamespace

import texts
from ui.tables import goal_card


def _goal(utfall, malvarde, status, period="past"):
    return SimpleNamespace(
        matt="positivt_utfall", ar=2024, utfall=utfall, malvarde=malvarde, status=status, period=period
    )


def test_a_rounded_count_at_the_goal_that_was_not_reached_says_it_is_rounded():
    # 28 or 29 of 30, published as 30: "30 av 30 – nåddes inte" would look wrong without a word
    _, value, reading = goal_card(_goal(30, 30, "not_reached"), 5)
    assert value == "30 av\u00a030"
    assert reading.endswith(texts.goal_rounded(5))


def test_a_rounded_count_under_a_reached_goal_says_it_is_rounded():
    _, _, reading = goal_card(_goal(30, 31, "reached"), 5)  # 31 of 31, published as 30
    assert texts.goal_rounded(5) in reading


def test_a_plain_goal_says_nothing_more():
    _, _, reading = goal_card(_goal(40, 30, "reached"), 5)
    assert reading == texts.goal_reading("reached", 5)
