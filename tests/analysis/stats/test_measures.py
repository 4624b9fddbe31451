"""District measures: one shape for every measure; hidden and missing districts kept apart."""

import pandas as pd
import pytest

from analysis.settings import Settings
from analysis.stats import measures


def statistics() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "stadsdel_kod": ["A", "B", "C"],
            "ar": [2024, 2024, 2024],
            "folkmangd": [1000, 400, 3],
            "folkmangd_20_64": [600, 250, 2],
            "utrikes_fodda": [300, 40, 1],
            "forvarvsarbetande_20_64": [420, 220, 1],
            "lag_ekonomisk_standard": [250, 20, 1],
            "forgymnasial_20_64": [150, 20, 1],
            "langvarigt_bistand_arbetsloshet_20_64": [60, 5, 0],
            "lagenheter": [500, 10, 0],
            "medianinkomst_tkr": [250.0, 380.0, None],
            "omradestyp_scb": pd.array([pd.NA, 5, pd.NA], dtype="Int64"),
        }
    )
    for col in frame.columns[2:-2]:
        frame[col] = frame[col].astype("Int64")
    return frame


def participants() -> pd.DataFrame:
    rows = [("A", "arbete")] * 4 + [("A", "avbrott")] * 2 + [("B", "studier")] * 3
    frame = pd.DataFrame(rows, columns=["stadsdel_kod", "utfall"]).astype("string")
    frame["startdatum"] = pd.Timestamp("2024-01-01")
    frame["slutdatum"] = pd.Timestamp("2024-06-01")
    for col, value in {"insats": "x", "malgrupp": "nyanlanda", "kon": "man", "deltagare_id": "p"}.items():
        frame[col] = pd.array([value] * len(frame), dtype="string")
    return frame


def values(key: str) -> pd.DataFrame:
    measure = measures.measure_by_key(key, ["x"])
    return measures.district_values(
        measure,
        statistics=statistics(),
        participants=participants(),
        district_codes=["A", "B", "C", "D"],
        year=2024,
        settings=Settings(min_n=5, index_mean=12, index_sd=7),
    ).set_index("stadsdel_kod")


def test_register_share_with_its_denominator():
    share = values("utrikes_fodda")
    assert share.loc["A", "value"] == 0.3
    assert share.loc["A", "n"] == 1000
    assert share.loc["A", "ci_low"] < 0.3 < share.loc["A", "ci_high"]
    assert share.loc["C", "status"] == "suppressed"  # a population of 3
    assert pd.isna(share.loc["C", "value"])
    assert pd.isna(share.loc["C", "n"])
    assert share.loc["D", "status"] == "missing"


def test_outcome_rate_hides_districts_under_five_finished():
    rate = values("utfall:alla")
    assert rate.loc["A", "value"] == pytest.approx(4 / 6)
    assert rate.loc["A", "n"] == 6
    assert rate.loc["B", "status"] == "suppressed"  # 3 finished
    assert pd.isna(rate.loc["B", "value"])
    assert rate.loc["C", "status"] == "missing"


def test_index_and_area_type_scb_type_wins():
    index = values("socioekonomiskt_index")
    # A: (25 + 25 + 10) / 3 = 20 → computed type 2 (19 ≤ 20 < 26)
    assert index.loc["A", "value"] == pytest.approx(20.0)
    types = values("omradestyp")
    assert types.loc["A", "value"] == 2
    assert types.loc["B", "value"] == 5  # SCB's published type
    assert types.loc["C", "status"] == "suppressed"
    assert values("medianinkomst_tkr").loc["C", "status"] == "suppressed"


def test_municipal_value_pools_counts():
    measure = measures.measure_by_key("utrikes_fodda", ["x"])
    value = measures.municipal_value(
        measure, statistics=statistics(), participants=participants(), year=2024, settings=Settings()
    )
    assert value["value"] == pytest.approx(341 / 1403)  # pooled counts, not a mean of shares
    assert value["n"] == 1403


def test_most_challenged_ranks_shown_values_only():
    index = values("socioekonomiskt_index").reset_index()
    # C's index (27.8) would be the highest, but it rests on 2 residents aged 20-64 and is hidden.
    assert index.set_index("stadsdel_kod").loc["C", "status"] == "suppressed"
    assert measures.most_challenged(index, 1) == ["A"]
    employment = values("forvarvsarbetande_20_64").reset_index()
    # Lower employment = more challenges; C is hidden and never ranks.
    assert measures.most_challenged(employment, 2, direction=-1) == ["A", "B"]


def test_unknown_measure_key_is_none():
    assert measures.measure_by_key("no_such_measure", ["x"]) is None


def test_local_quotient_and_reach_measures():
    lq = values("lq_utrikes_fodda")
    # Municipality: 341 foreign-born of 1 403 (C counts in the total though its own quotient is hidden).
    # A: 0.30 / (341/1403) = 1.234…; B: 0.10 / (341/1403) = 0.411…; C rests on 3 residents: hidden
    assert lq.loc["A", "value"] == pytest.approx(0.3 / (341 / 1403))
    assert lq.loc["B", "value"] == pytest.approx(0.1 / (341 / 1403))
    assert lq.loc["C", "status"] == "suppressed"
    assert lq.loc["D", "status"] == "missing"
    reach = values("rackvidd")
    assert set(reach["status"]) <= {"ok", "suppressed", "missing"}
    assert reach.loc["D", "status"] == "missing"
