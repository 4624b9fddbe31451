"""ui.tables.change_table: the one rule for changes in a table, colours included."""

import pandas as pd

from analysis.stats import change
from ui import tables


def _values(rows):
    frame = pd.DataFrame(rows, columns=["stadsdel_kod", "value", "n", "status"])
    return frame.astype({"value": "Float64", "n": "Int64"})


def test_colours_follow_good_and_bad_and_a_chance_reading_stays_grey():
    base = _values([("A", 0.40, 2000, "ok"), ("B", 0.30, 40, "ok"), ("C", 0.5, 100, "ok"), ("D", 0.2, 100, "ok")])
    now = _values(
        [("A", 0.30, 2000, "ok"), ("B", 0.35, 40, "ok"), ("C", 0.5004, 100, "ok"), ("D", pd.NA, pd.NA, "suppressed")]
    )
    changes = change.change_between_years(now, base, "share")
    # Low economic standard: higher is worse (direction +1).
    frame, colours = tables.change_table(changes, {}, kind="share", direction=1, base=2016, year=2025, min_n=5)
    rows = frame.set_index("Område")
    assert (
        rows.loc["A", "Förändring"] == "−10,0\u00a0procentenheter" and rows.loc["A", "Tolkning"] == "Tydlig förbättring"
    )
    assert rows.loc["B", "Förändring"].startswith("+5,0") and rows.loc["B", "Tolkning"] == "Kan vara slump"
    assert rows.loc["C", "Förändring"] == "oförändrad"
    assert rows.loc["D", "Förändring"] == "dolt (små tal)"
    assert colours["Förändring"] == ["green", "red", "gray", "gray"]
    assert colours["Tolkning"] == ["green", "gray", "gray", "gray"]  # B could be chance: not called bad
