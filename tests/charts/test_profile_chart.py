"""Small multiples keep one colour per district and draw the municipality dashed."""

import pandas as pd

from charts.profile import indicator_small_multiples


def test_one_panel_per_indicator_and_stable_colours():
    rows = []
    for area in ("A", "B", "kommun"):
        for indicator in ("utrikes_fodda", "lag_ekonomisk_standard"):
            for year in (2024, 2025):
                rows.append((year, indicator, area, 0.2, 0.18, 0.22, 1000))
    series = pd.DataFrame(rows, columns=["ar", "indikator", "omrade", "andel", "ci_low", "ci_high", "namnare"])
    fig = indicator_small_multiples(
        series,
        indicator_labels={"utrikes_fodda": "Utrikes födda", "lag_ekonomisk_standard": "Låg ekonomisk standard"},
        area_names={"A": "Norr", "B": "Söder", "kommun": "Kommunen"},
        colours={"A": "#0072B2", "B": "#E69F00"},
    )
    assert [a.text for a in fig.layout.annotations] == ["Utrikes födda", "Låg ekonomisk standard"]
    norr = [t for t in fig.data if t.name == "Norr"]
    assert len(norr) == 2
    assert {t.line.color for t in norr} == {"#0072B2"}
    kommun = [t for t in fig.data if t.name == "Kommunen"]
    assert all(t.line.dash == "dash" for t in kommun)
    assert sum(t.showlegend for t in fig.data) == 3
    assert list(norr[0].y) == [20.0, 20.0]
