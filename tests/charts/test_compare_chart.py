"""The district comparison figure: one dot per shown district, whiskers = the interval, hidden ones named."""

from __future__ import annotations

import pandas as pd
import pytest

from charts import compare
from charts import format as fmt
from charts.theme import district_colours, hidden_note

NAMES = {"A": "Norr", "B": "Söder", "C": "Öster", "D": "Väster"}
LABELS = {
    "axis_title": "Skillnad mot kommunen, procentenheter",
    "zero_label": "Som kommunen",
    "hidden_note": "Dolda eller saknas",
    "hover_interval": "95 % intervall",
    "hover_n": "n",
}


def frame() -> pd.DataFrame:
    """`difference_from_municipality` output: A above, B hidden, C below, D missing."""
    return pd.DataFrame(
        {
            "stadsdel_kod": pd.array(["A", "B", "C", "D"], dtype="string"),
            "difference": pd.array([0.1, None, -0.031, None], dtype="Float64"),
            "ci_low": pd.array([0.0231, None, -0.0526, None], dtype="Float64"),
            "ci_high": pd.array([0.189, None, -0.0102, None], dtype="Float64"),
            "n": pd.array([100, None, 400, None], dtype="Int64"),
            "status": ["ok", "suppressed", "ok", "missing"],
            "clear": pd.array([True, None, True, None], dtype="boolean"),
        }
    )


def chart(**overrides):
    colours = district_colours(["A", "B", "C", "D"])
    return compare.difference_chart(frame(), names=NAMES, colours=colours, **(LABELS | overrides)), colours


def test_one_point_per_shown_district_in_the_frame_order():
    fig, _ = chart()
    assert [t.y[0] for t in fig.data] == ["Norr", "Öster"]
    assert all(len(t.x) == 1 for t in fig.data)
    assert list(fig.layout.yaxis.categoryarray) == ["Norr", "Öster"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first district at the top


def test_x_is_percentage_points_and_whiskers_are_the_interval():
    fig, _ = chart()
    norr, oster = fig.data
    assert norr.x[0] == pytest.approx(10.0)
    assert norr.error_x.array[0] == pytest.approx(18.9 - 10.0)
    assert norr.error_x.arrayminus[0] == pytest.approx(10.0 - 2.31)
    assert oster.x[0] == pytest.approx(-3.1)
    assert oster.x[0] + oster.error_x.array[0] == pytest.approx(-1.02)
    assert oster.x[0] - oster.error_x.arrayminus[0] == pytest.approx(-5.26)
    assert norr.error_x.symmetric is False
    # The axis holds both whiskers and zero.
    low, high = fig.layout.xaxis.range
    assert low < -5.26 and high > 18.9


def test_colours_follow_the_district_mapping():
    fig, colours = chart()
    assert fig.data[0].marker.color == colours["A"]
    assert fig.data[1].marker.color == colours["C"]
    assert fig.data[1].error_x.color == colours["C"]


def test_hidden_and_missing_districts_are_named_not_drawn():
    fig, _ = chart()
    drawn = {t.y[0] for t in fig.data}
    assert "Söder" not in drawn and "Väster" not in drawn
    note = hidden_note(fig)  # written by the page as a caption under the figure
    assert note.startswith("Dolda eller saknas") and "Söder" in note and "Väster" in note
    assert not any(a.text.startswith("Dolda") for a in fig.layout.annotations)
    assert not any("Söder" in (t.hovertext[0] or "") for t in fig.data)


def test_zero_line_is_drawn_and_labelled():
    fig, _ = chart()
    zero = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == 0 and s.x1 == 0]
    assert len(zero) == 1
    assert any(a.text == "Som kommunen" for a in fig.layout.annotations)


def test_hover_uses_swedish_numbers_and_the_given_words():
    fig, _ = chart()
    norr, oster = (t.hovertext[0] for t in fig.data)
    assert "<b>Norr</b>" in norr
    # The unit word comes from charts.format (translated there), so compare with its output.
    assert fmt.percent_points(0.1, 1) in norr and fmt.percent_points(0.1, 1).startswith("+10,0")
    assert "95 % intervall: +2,3 – +18,9" in norr
    assert "n = 100" in norr
    assert fmt.percent_points(-0.031, 1) in oster
    assert fmt.percent_points(-0.031, 1).startswith("−3,1")  # the typographic minus, a decimal comma
    assert "−5,3 – −1,0" in oster
    assert "." not in oster.replace("<br>", "")  # no decimal point anywhere


def test_labels_come_from_the_caller():
    fig, _ = chart(axis_title="Difference", zero_label="As the municipality", hover_n="people")
    assert fig.layout.xaxis.title.text == "Difference"
    assert any(a.text == "As the municipality" for a in fig.layout.annotations)
    assert "people = 100" in fig.data[0].hovertext[0]


def test_everything_hidden_draws_no_point_but_names_all():
    hidden = frame().assign(status="suppressed")
    for col in ("difference", "ci_low", "ci_high", "n"):
        hidden[col] = pd.NA
    fig = compare.difference_chart(hidden, names=NAMES, colours={}, **LABELS)
    assert len(fig.data) == 0
    assert "Norr" in hidden_note(fig) and "Väster" in hidden_note(fig)


def test_height_grows_with_the_number_of_districts_unless_given():
    fig, _ = chart()
    assert fig.layout.height >= 260
    fig, _ = chart(height=500)
    assert fig.layout.height == 500


def test_value_bars_name_what_they_cannot_draw():
    from charts import outcomes

    bars = pd.DataFrame(
        {
            "key": ["A", "B", "kommun"],
            "name": ["Norr", "Söder", "Kommunen"],
            "value": [0.4, None, 0.5],
            "n": [50, None, 500],
            "ci_low": [0.3, None, 0.45],
            "ci_high": [0.5, None, 0.55],
            "status": ["ok", "suppressed", "ok"],
        }
    )
    fig = outcomes.value_bars(bars, kind="share", label="Andel", colours={}, min_n=5)
    assert hidden_note(fig).startswith("Dolda eller saknas") and "Söder" in hidden_note(fig)
    assert "Norr" not in hidden_note(fig)
