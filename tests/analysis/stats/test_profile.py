"""District profile tables on a hand-made municipality."""

import pandas as pd
import pytest

from analysis.stats import profile


def statistics():
    rows = []
    for year, (a_fb, b_fb) in {2024: (300, 50), 2025: (330, 60)}.items():
        rows.append(("A", year, 1000, 600, a_fb, 400, 200, 120, 60, 300, 240.0, pd.NA))
        rows.append(("B", year, 1000, 600, b_fb, 480, 50, 40, 10, 20, 350.0, 5 if year == 2025 else pd.NA))
    columns = [
        "stadsdel_kod", "ar", "folkmangd", "folkmangd_20_64", "utrikes_fodda", "forvarvsarbetande_20_64",
        "lag_ekonomisk_standard", "forgymnasial_20_64", "langvarigt_bistand_arbetsloshet_20_64", "lagenheter",
        "medianinkomst_tkr", "omradestyp_scb",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    for col in columns[2:10]:
        frame[col] = frame[col].astype("Int64")
    frame["omradestyp_scb"] = frame["omradestyp_scb"].astype("Int64")
    return frame


def test_indicator_series_puts_the_district_beside_the_pooled_municipality():
    series = profile.indicator_series(statistics(), "A")
    fb = series[series["indikator"] == "utrikes_fodda"].set_index(["omrade", "ar"])
    assert fb.loc[("A", 2025), "andel"] == pytest.approx(0.33)
    # Municipality 2025: (330 + 60) / 2000, pooled counts, not the mean of shares
    assert fb.loc[("kommun", 2025), "andel"] == pytest.approx(0.195)
    assert fb.loc[("kommun", 2025), "namnare"] == 2000
    assert set(series["omrade"]) == {"A", "kommun"}


def test_area_type_history_prefers_scb():
    history = profile.area_type_history(statistics(), "B", mean=12, sd=7).set_index("ar")
    assert history.loc[2025, "omradestyp"] == 5
    assert history.loc[2025, "omradestyp_kalla"] == "SCB"
    # 2024 computed: (5 + 6.667 + 1.667) / 3 = 4.44 < 5 → type 5
    assert history.loc[2024, "omradestyp"] == 5
    assert history.loc[2024, "omradestyp_kalla"] == "beräknad"
