"""Display tables of issue 12: what a file says is shown as typed (never as Markdown, a link or an image),
hidden counts stay hidden, and the difference-in-differences sentence names its interval and its caveat."""

from __future__ import annotations

import pandas as pd

import texts
from analysis.files_in import strategy
from analysis.stats.plan import DidResult, PreTrend
from ui import safe, strategy_tables


def test_escape_markdown_leaves_no_formatting_link_or_image():
    typed = "**Viktigt** [klicka](https://example.org) ![](https://example.org/x.png) <b>fet</b> $x$ 1. a_b :red[x]"
    escaped = safe.md(typed)
    for raw in ("**", "](", "![", "<b>", "$x$", "https://", ":red["):
        assert raw not in escaped
    # Every character is still there, each special one behind a backslash.
    assert escaped.replace("\\", "") == typed


def test_escaped_text_cannot_start_a_heading_or_a_list_on_a_new_line():
    assert "\n" not in safe.md("rad ett\n# rubrik\n- punkt")
    assert safe.bold("a*b") == "**a\\*b**"


def _measure(**changes) -> pd.Series:
    row = {
        "atgard_id": "A1", "titel": "**Fet** titel", "beskrivning": "[länk](http://x.se)", "ansvarig": "Bolaget",
        "partner": ("Skolan", "![bild](http://x.se/y.png)"), "stadsdelar": ("D1",), "hela_kommunen": False,
        "startdatum": pd.Timestamp("2020-03-01"), "slutdatum": pd.NaT, "status": "pagaende",
        "evidens": "forskning", "evidens_kalla": "IFAU 2019:1",
    }  # fmt: skip
    row.update(changes)
    return pd.Series(row)


def test_measure_card_escapes_what_the_file_says():
    card = strategy_tables.measure_card(_measure(), {"D1": "Drottninghög"})
    assert "\\*\\*Fet\\*\\* titel" in card
    assert "](http" not in card and "![" not in card
    assert "Drottninghög" in card and texts.PLAN_EVIDENCE_LABELS["forskning"] in card and "IFAU 2019" in card


def test_plan_table_names_the_whole_municipality_and_an_open_end():
    plan = pd.DataFrame([_measure(hela_kommunen=True)])
    table = strategy_tables.plan_table(plan, {})
    columns = texts.PLAN_COLUMNS
    assert table.loc[0, columns["districts"]] == texts.PLAN_WHOLE_MUNICIPALITY
    assert table.loc[0, columns["end"]] == texts.PLAN_OPEN_END
    assert table.loc[0, columns["status"]] == texts.PLAN_STATUS_LABELS["pagaende"]


def test_did_sentence_states_interval_reading_and_caveat():
    did = DidResult(0.021, -0.01, 0.052, "chance", 2017, 2025, ("D9",), PreTrend(0.004, -0.02, 0.03, "chance"), None)
    sentence = strategy_tables.did_sentence(did, "share", {"D9": "Väla"})
    assert "2017–2025" in sentence and "+2,1" in sentence and "−1,0 till +5,2" in sentence
    assert "kan vara slump" in sentence and "Väla" in sentence and "inget bevis för effekt" in sentence
    missing = DidResult(None, None, None, None, None, 2025, (), None, "whole_municipality")
    assert strategy_tables.did_sentence(missing, "share", {}) == texts.plan_did_missing("whole_municipality")


def test_activity_tables_keep_hidden_counts_hidden():
    table = pd.DataFrame(
        {
            "stadsdel_kod": ["D1", "D2"], "aktiviteter": [3, 1], "deltagare": pd.array([10, pd.NA], dtype="Int64"),
            "uppskattade": [0.5, float("nan")], "utan_antal": [0, 0], "folkmangd": pd.array([2000, 500], dtype="Int64"),
            "aktiviteter_per_1000": [1.5, 2.0], "deltagare_per_1000": [5.0, float("nan")],
            "status": ["ok", "suppressed"], "note": ["", ""],
        }
    )  # fmt: skip
    rows = strategy_tables.activities_table(table, {"D1": "Ett", "D2": "Två"}, 5)
    columns = texts.ACTIVITIES_COLUMNS
    assert list(rows[columns["activities"]]) == ["3", "1"]  # events, exact
    assert rows.loc[1, columns["participants"]] == texts.suppressed(5)
    assert rows.loc[1, columns["participants_per_1000"]] == texts.HIDDEN_FIGURE


def test_value_table_calls_every_result_a_scenario():
    from analysis.stats import value

    rows = strategy_tables.value_table(value.value_scenario(10))
    results = rows[rows[texts.VALUE_COLUMN_WHAT].str.startswith("Scenario")]
    assert len(results) == 3
    assert strategy.empty_plan().empty  # the frames the page starts from exist even without files
