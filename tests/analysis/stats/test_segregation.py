"""Tests of analysis.stats.segregation: closed forms, invariances, properties, input rules, PySAL agreement."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.files_in import loaders
from analysis.files_in.validation import DataError
from analysis.stats.segregation import (
    INDEX_NAMES,
    SegregationIndices,
    SegregationInputError,
    indices_by_year,
    local_quotients,
    location_quotient,
    multigroup_dissimilarity,
    multigroup_entropy,
    two_group_indices,
)

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"

# The hand-computed table (three areas of unequal size):
#   area   group x   others y   total t
#   A        35         10        45
#   B        10         20        30
#   C         5         70        75
#   sum      50        100       150        P = X/T = 1/3
# D = ½ Σ |x_i/X − y_i/Y| = ½ (|0.7 − 0.1| + |0.2 − 0.2| + |0.1 − 0.7|) = ½ · 1.2 = 0.6
# isolation xPx* = Σ (x_i/X)(x_i/t_i) = 0.7·35/45 + 0.2·10/30 + 0.1·5/75 = 49/90 + 6/90 + 1/150 = 139/225
# exposure  xPy* = Σ (x_i/X)(y_i/t_i) = 0.7·10/45 + 0.2·20/30 + 0.1·70/75 = 86/225
# Gini: p = (7/9, 1/3, 1/15); pairs t_i t_j |p_i − p_j|: A–B 45·30·4/9 = 600, A–C 45·75·32/45 = 2400,
#   B–C 30·75·4/15 = 600; over ordered pairs 2·3600 = 7200; G = 7200 / (2 T² P(1−P)) = 7200 / 10000 = 0.72
# location quotients (x_i/t_i)/(X/T) = (7/9, 1/3, 1/15) · 3 = (7/3, 1, 1/5)
HAND_X = [35, 10, 5]
HAND_T = [45, 30, 75]


def _binary_entropy(p: float) -> float:
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


# ----------------------------------------------------------------------------- closed forms


def test_hand_computed_table():
    result = two_group_indices(HAND_X, HAND_T)
    assert result.dissimilarity == pytest.approx(0.6, abs=1e-12)
    assert result.isolation == pytest.approx(139 / 225, abs=1e-12)
    assert result.exposure == pytest.approx(86 / 225, abs=1e-12)
    assert result.gini == pytest.approx(0.72, abs=1e-12)
    np.testing.assert_allclose(location_quotient(HAND_X, HAND_T), [7 / 3, 1, 1 / 5], rtol=1e-12)


def test_two_mirrored_areas_entropy_and_atkinson():
    # x = (4, 1), t = (5, 5): P = ½, p = (0.8, 0.2). D = ½(|0.8 − 0.2| + |0.2 − 0.8|) = 0.6.
    # H = Σ t_i (E − E_i)/(E T) = 1 − E(0.8)/ln 2, since E(0.2) = E(0.8) and E(½) = ln 2.
    # Atkinson b = ½: Σ (1−p)^½ p^½ t / (P T) = 2 · 0.4 · 5 / 5 = 0.8; A = 1 − 1 · 0.8² = 0.36.
    result = two_group_indices([4, 1], [5, 5])
    assert result.dissimilarity == pytest.approx(0.6, abs=1e-12)
    assert result.entropy == pytest.approx(1 - _binary_entropy(0.8) / math.log(2), abs=1e-12)
    assert result.atkinson == pytest.approx(0.36, abs=1e-12)
    assert result.gini == pytest.approx(0.6, abs=1e-12)  # two areas: G = D
    assert result.isolation == pytest.approx(0.8 * 0.8 + 0.2 * 0.2, abs=1e-12)


@pytest.mark.parametrize("b", [0.1, 0.5, 0.9])
def test_identical_distributions_give_zero(b):
    total = np.array([100, 250, 40, 610])
    group = total // 10  # 10 % everywhere
    result = two_group_indices(group, total, b=b)
    for name in ("dissimilarity", "entropy", "gini", "atkinson"):
        assert getattr(result, name) == pytest.approx(0.0, abs=1e-12), name
    assert result.isolation == pytest.approx(0.1, abs=1e-12)  # = P: the group meets its overall share
    assert result.exposure == pytest.approx(0.9, abs=1e-12)


@pytest.mark.parametrize("b", [0.1, 0.5, 0.9])
def test_complete_separation_gives_one(b):
    group = [50, 0, 30, 0]
    total = [50, 40, 30, 7]
    result = two_group_indices(group, total, b=b)
    for name in ("dissimilarity", "entropy", "gini", "atkinson", "isolation"):
        assert getattr(result, name) == pytest.approx(1.0, abs=1e-12), name
    assert result.exposure == pytest.approx(0.0, abs=1e-12)


def test_isolation_plus_exposure_is_one():
    result = two_group_indices(HAND_X, HAND_T)
    assert result.isolation + result.exposure == pytest.approx(1.0, abs=1e-12)


def test_scaling_all_counts_changes_nothing():
    base = two_group_indices(HAND_X, HAND_T).as_dict()
    scaled = two_group_indices(np.array(HAND_X) * 37, np.array(HAND_T) * 37).as_dict()
    for name in INDEX_NAMES:
        assert scaled[name] == pytest.approx(base[name], abs=1e-12), name


def test_an_empty_area_contributes_nothing_and_has_no_quotient():
    base = two_group_indices(HAND_X, HAND_T).as_dict()
    with_empty = two_group_indices([*HAND_X, 0], [*HAND_T, 0]).as_dict()
    for name in INDEX_NAMES:
        assert with_empty[name] == pytest.approx(base[name], abs=1e-12), name
    lq = location_quotient([*HAND_X, 0], [*HAND_T, 0])
    assert np.isnan(lq[-1])
    np.testing.assert_allclose(lq[:3], [7 / 3, 1, 1 / 5], rtol=1e-12)


def test_result_type_and_as_dict():
    result = two_group_indices(HAND_X, HAND_T)
    assert isinstance(result, SegregationIndices)
    as_dict = result.as_dict()
    assert list(as_dict) == list(INDEX_NAMES)
    assert all(type(v) is float for v in as_dict.values())
    with pytest.raises(AttributeError):
        result.dissimilarity = 0.5  # frozen


def test_accepts_series_with_nullable_integers_and_float_whole_numbers():
    group = pd.Series(HAND_X, dtype="Int64")
    total = pd.Series([45.0, 30.0, 75.0])
    assert two_group_indices(group, total).dissimilarity == pytest.approx(0.6, abs=1e-12)


def test_multigroup_closed_forms():
    same_mix = np.array([[10, 20, 30], [20, 40, 60], [1, 2, 3]])
    assert multigroup_dissimilarity(same_mix) == pytest.approx(0.0, abs=1e-12)
    assert multigroup_entropy(same_mix) == pytest.approx(0.0, abs=1e-12)
    one_group_each = np.array([[10, 0, 0], [0, 40, 0], [0, 0, 3], [5, 0, 0]])
    assert multigroup_dissimilarity(one_group_each) == pytest.approx(1.0, abs=1e-12)
    assert multigroup_entropy(one_group_each) == pytest.approx(1.0, abs=1e-12)


def test_multigroup_with_two_groups_equals_the_two_group_indices():
    x, t = np.array(HAND_X), np.array(HAND_T)
    counts = pd.DataFrame({"grupp": x, "ovriga": t - x})
    result = two_group_indices(x, t)
    assert multigroup_dissimilarity(counts) == pytest.approx(result.dissimilarity, abs=1e-12)
    assert multigroup_entropy(counts) == pytest.approx(result.entropy, abs=1e-12)


def test_multigroup_group_with_no_members_counts_as_absent():
    counts = np.array([[35, 10, 3], [10, 20, 9], [5, 70, 1]])
    with_empty = np.column_stack([counts, np.zeros(3, dtype=int)])
    assert multigroup_dissimilarity(with_empty) == pytest.approx(multigroup_dissimilarity(counts), abs=1e-12)
    assert multigroup_entropy(with_empty) == pytest.approx(multigroup_entropy(counts), abs=1e-12)


# ----------------------------------------------------------------------------- properties


@st.composite
def count_tables(draw, min_areas: int = 2, max_areas: int = 25):
    """Areas with a total and a group count 0 ≤ x ≤ t, with the indices defined."""
    n = draw(st.integers(min_areas, max_areas))
    totals = draw(st.lists(st.integers(0, 5000), min_size=n, max_size=n))
    groups = [draw(st.integers(0, t)) for t in totals]
    x, t = np.array(groups), np.array(totals)
    assume(np.count_nonzero(t) >= 2 and 0 < x.sum() < t.sum())
    return x, t


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(count_tables(), st.floats(0.05, 0.95))
def test_every_index_lies_between_0_and_1(table, b):
    x, t = table
    for name, value in two_group_indices(x, t, b=b).as_dict().items():
        assert 0.0 <= value <= 1.0, name


@PROPERTY_SETTINGS
@given(count_tables())
def test_evenness_indices_are_the_same_for_the_group_and_the_others(table):
    x, t = table
    group, others = two_group_indices(x, t), two_group_indices(t - x, t)
    for name in ("dissimilarity", "entropy", "gini"):
        assert getattr(group, name) == pytest.approx(getattr(others, name), abs=1e-10), name
    assert group.isolation + group.exposure == pytest.approx(1.0, abs=1e-12)


@PROPERTY_SETTINGS
@given(count_tables(), st.randoms(use_true_random=False))
def test_permuting_areas_changes_nothing(table, random):
    x, t = table
    order = list(range(len(x)))
    random.shuffle(order)
    base = two_group_indices(x, t).as_dict()
    permuted = two_group_indices(x[order], t[order]).as_dict()
    for name in INDEX_NAMES:
        assert permuted[name] == pytest.approx(base[name], abs=1e-10), name


@PROPERTY_SETTINGS
@given(count_tables(), st.integers(2, 50))
def test_scaling_is_invariant_on_random_tables(table, factor):
    x, t = table
    base = two_group_indices(x, t).as_dict()
    scaled = two_group_indices(x * factor, t * factor).as_dict()
    for name in INDEX_NAMES:
        assert scaled[name] == pytest.approx(base[name], abs=1e-10), name


@PROPERTY_SETTINGS
@given(count_tables())
def test_gini_equals_the_pairwise_definition(table):
    x, t = table
    T, P = t.sum(), x.sum() / t.sum()
    p = np.divide(x, t, out=np.zeros(len(x)), where=t > 0)
    brute = np.sum(np.outer(t, t) * np.abs(p[:, None] - p[None, :])) / (2 * T * T * P * (1 - P))
    assert two_group_indices(x, t).gini == pytest.approx(brute, abs=1e-10)


@PROPERTY_SETTINGS
@given(count_tables())
def test_location_quotients_average_to_one_weighted_by_population(table):
    x, t = table
    lq = location_quotient(x, t)
    inhabited = t > 0
    assert np.all(np.isnan(lq[~inhabited]))
    assert np.sum(lq[inhabited] * t[inhabited]) / t.sum() == pytest.approx(1.0, abs=1e-10)


@st.composite
def multigroup_tables(draw):
    n = draw(st.integers(2, 15))
    k = draw(st.integers(2, 5))
    cells = draw(st.lists(st.integers(0, 2000), min_size=n * k, max_size=n * k))
    counts = np.array(cells).reshape(n, k)
    assume(np.count_nonzero(counts.sum(axis=1)) >= 2 and np.count_nonzero(counts.sum(axis=0)) >= 2)
    return counts


@PROPERTY_SETTINGS
@given(multigroup_tables(), st.randoms(use_true_random=False))
def test_multigroup_bounds_and_permutations(counts, random):
    d, h = multigroup_dissimilarity(counts), multigroup_entropy(counts)
    assert 0.0 <= d <= 1.0
    assert 0.0 <= h <= 1.0
    rows, cols = list(range(counts.shape[0])), list(range(counts.shape[1]))
    random.shuffle(rows)
    random.shuffle(cols)
    shuffled = counts[rows][:, cols]
    assert multigroup_dissimilarity(shuffled) == pytest.approx(d, abs=1e-10)
    assert multigroup_entropy(shuffled) == pytest.approx(h, abs=1e-10)


# ----------------------------------------------------------------------------- input rules


@pytest.mark.parametrize(
    ("group", "total", "kwargs", "expected"),
    [
        ([0.2, 0.5, 0.1], [1, 1, 1], {}, "ser ut som andelar"),
        ([3.5, 2, 1], [10, 10, 10], {}, "inte ett heltal för område 1"),
        ([3, 2, 1], [10, 10.25, 10], {}, "totalen: inte ett heltal för område 2"),
        ([3, -2, 1], [10, 10, 10], {}, "negativt antal för område 2"),
        ([3, np.nan, None], [10, 10, 10], {}, "värde saknas för områdena 2, 3"),
        ([3, 2, 1], [10, 10, np.inf], {}, "oändligt värde för område 3"),
        ([3, 12, 1], [10, 10, 10], {}, "gruppen är större än totalen för område 2"),
        ([3, 12, 1], [10, 10, 10], {"areas": ["R001", "R002", "R003"]}, "större än totalen för R002"),
        ([3, 2], [10, 10, 10], {}, "gruppen har 2 värden men totalen 3"),
        ([3], [10], {}, "minst två områden krävs"),
        ([0, 0, 0], [0, 0, 0], {}, "ingen bor i något av områdena"),
        ([5, 0, 0], [10, 0, 0], {}, "bara ett område har invånare"),
        ([0, 0, 0], [10, 5, 7], {}, "gruppen är 0 i alla områden; indexen är odefinierade"),
        ([10, 5, 7], [10, 5, 7], {}, "alla tillhör gruppen"),
        (["3", 2, 1], [10, 10, 10], {}, "gruppen innehåller något annat än tal"),
        ([[3, 2], [1, 1]], [[10, 10], [10, 10]], {}, "inte en tabell"),
        ([3, 2, 1], [10, 10, 10], {"b": 1.0}, "parameter b måste vara ett tal större än 0 och mindre än 1"),
        ([3, 2, 1], [10, 10, 10], {"b": 0}, "parameter b"),
        ([3, 2, 1], [10, 10, 10], {"b": True}, "parameter b"),
        ([3, 2, 1], [10, 10, 10], {"areas": ["a", "b"]}, "områdesnamnen är 2 men antalen gäller 3"),
    ],
)
def test_bad_input_is_refused_in_swedish(group, total, kwargs, expected):
    with pytest.raises(SegregationInputError) as caught:
        two_group_indices(group, total, **kwargs)
    assert expected in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, DataError)


def test_many_bad_areas_are_counted_not_all_listed():
    group = [np.nan] * 14 + [1, 1]
    with pytest.raises(SegregationInputError, match="och 4 till"):
        two_group_indices(group, [10] * 16)


def test_location_quotient_rules():
    assert np.allclose(location_quotient([5, 5], [5, 5]), 1.0)  # everyone in the group: every LQ is 1
    with pytest.raises(SegregationInputError, match="gruppen är 0 i alla områden"):
        location_quotient([0, 0], [4, 5])
    with pytest.raises(SegregationInputError, match="större än totalen"):
        location_quotient([6, 0], [4, 5])


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 2, 3], "en tabell med en rad per område"),
        ([[1], [2]], "minst två grupper"),
        ([[1, 2]], "minst två bebodda områden"),
        ([[1, 2], [0, 0]], "minst två bebodda områden"),
        ([[1, 0], [2, 0]], "bara en grupp har några medlemmar (grupp 1)"),
        ([[1, 0.5], [2, 1]], "inte ett heltal för område 1"),
        ([[1, np.nan], [2, 1]], "värde saknas för område 1"),
        ([[1, -1], [2, 1]], "negativt antal för område 1"),
    ],
)
def test_multigroup_bad_input(counts, expected):
    with pytest.raises(SegregationInputError) as caught:
        multigroup_dissimilarity(counts)
    assert expected in str(caught.value)
    with pytest.raises(SegregationInputError):
        multigroup_entropy(counts)


def test_multigroup_names_the_group_from_dataframe_columns():
    with pytest.raises(SegregationInputError, match=r"\(utrikes\)"):
        multigroup_entropy(pd.DataFrame({"utrikes": [1, 2], "inrikes": [0, 0]}))


# ----------------------------------------------------------------------------- statistik.csv per year


def _statistics() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stadsdel_kod": ["R1", "R2", "R3"] * 2,
            "ar": [2020] * 3 + [2021] * 3,
            "folkmangd": pd.array([45, 30, 75, 50, 50, 50], dtype="Int64"),
            "utrikes_fodda": pd.array([35, 10, 5, 10, 10, 10], dtype="Int64"),
        }
    )


def test_indices_by_year_one_row_per_year():
    result = indices_by_year(_statistics(), "utrikes_fodda", "folkmangd")
    assert list(result.columns) == [
        "ar",
        *INDEX_NAMES,
        "areas",
        "group_total",
        "population",
        "group_share",
        "note",
    ]
    assert list(result["ar"]) == [2020, 2021]
    first, second = result.iloc[0], result.iloc[1]
    assert first["dissimilarity"] == pytest.approx(0.6, abs=1e-12)
    assert first["gini"] == pytest.approx(0.72, abs=1e-12)
    assert (first["areas"], first["group_total"], first["population"]) == (3, 50, 150)
    assert first["group_share"] == pytest.approx(1 / 3)
    assert second["dissimilarity"] == pytest.approx(0.0, abs=1e-12)  # 20 % in every district
    assert list(result["note"]) == ["", ""]


def test_indices_by_year_refuses_a_year_with_missing_values_naming_it():
    frame = _statistics()
    frame.loc[4, "utrikes_fodda"] = pd.NA
    with pytest.raises(SegregationInputError) as caught:
        indices_by_year(frame, "utrikes_fodda", "folkmangd")
    message = str(caught.value)
    assert "år 2021" in message and "R2" in message and "1 av 3 stadsdelar" in message
    assert "2020" not in message


def test_indices_by_year_can_keep_an_incomplete_year_as_a_note():
    frame = _statistics()
    frame.loc[4, "folkmangd"] = pd.NA
    result = indices_by_year(frame, "utrikes_fodda", "folkmangd", skip_incomplete=True)
    assert list(result["ar"]) == [2020, 2021]
    skipped = result.iloc[1]
    assert all(np.isnan(skipped[name]) for name in INDEX_NAMES)
    assert pd.isna(skipped["group_total"]) and pd.isna(skipped["population"])
    assert "R2" in skipped["note"]
    assert result.iloc[0]["dissimilarity"] == pytest.approx(0.6, abs=1e-12)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda f: f.drop(columns="folkmangd"), "saknar kolumnen folkmangd"),
        (lambda f: pd.concat([f, f.iloc[[0]]]), "samma stadsdel och år förekommer mer än en gång: R1 2020"),
        (lambda f: f.assign(utrikes_fodda=f["utrikes_fodda"] * 0), "år 2020: utrikes_fodda är 0 i alla områden"),
        (
            lambda f: f.assign(utrikes_fodda=[35, 40, 5, 10, 10, 10]),
            "år 2020: utrikes_fodda är större än folkmangd för R2",
        ),
    ],
)
def test_indices_by_year_bad_statistics(change, expected):
    with pytest.raises(SegregationInputError) as caught:
        indices_by_year(change(_statistics()), "utrikes_fodda", "folkmangd")
    assert expected in str(caught.value).replace(" i statistiken", "")


def test_local_quotients():
    result = local_quotients(_statistics(), "utrikes_fodda", "folkmangd", 2020)
    assert list(result.columns) == ["stadsdel_kod", "lq"]
    assert list(result["stadsdel_kod"]) == ["R1", "R2", "R3"]
    np.testing.assert_allclose(result["lq"], [7 / 3, 1, 1 / 5], rtol=1e-12)
    np.testing.assert_allclose(local_quotients(_statistics(), "utrikes_fodda", "folkmangd", 2021)["lq"], 1.0)


def test_local_quotients_refusals():
    with pytest.raises(SegregationInputError, match="år 2030 finns inte i statistiken"):
        local_quotients(_statistics(), "utrikes_fodda", "folkmangd", 2030)
    frame = _statistics()
    frame.loc[0, "utrikes_fodda"] = pd.NA
    with pytest.raises(SegregationInputError, match="saknas för 1 av 3 stadsdelar \\(R1\\)"):
        local_quotients(frame, "utrikes_fodda", "folkmangd", 2020)


# ----------------------------------------------------------------------------- demo data


def test_demo_municipalities_2016_to_2025():
    results = {}
    for kommun in ("helsingborg", "tierp"):
        statistics = loaders.load_statistics(DEMO / kommun / "statistik.csv")
        for group in ("utrikes_fodda", "lag_ekonomisk_standard"):
            table = indices_by_year(statistics, group, "folkmangd")
            assert list(table["ar"]) == list(range(2016, 2026))
            values = table[list(INDEX_NAMES)].to_numpy()
            assert np.all((values >= 0) & (values <= 1))
            np.testing.assert_allclose(table["isolation"] + table["exposure"], 1.0, atol=1e-12)
            results[kommun, group] = table.set_index("ar")
    # What the (fictitious) demo data shows: foreign-born residents are more unevenly spread over
    # Helsingborg's 31 districts (D ≈ 0.31 in 2016, 0.29 in 2025) than over Tierp's 9 (0.20, 0.16), in
    # every year. Part of that is the finer division: more, smaller districts give a higher D.
    helsingborg = results["helsingborg", "utrikes_fodda"]["dissimilarity"]
    tierp = results["tierp", "utrikes_fodda"]["dissimilarity"]
    assert (helsingborg > tierp).all()
    assert helsingborg[2016] == pytest.approx(0.3089, abs=5e-5)
    assert tierp[2016] == pytest.approx(0.2000, abs=5e-5)


# ----------------------------------------------------------------------------- PySAL (dev only)


def _generated_data(seed: int = 20240611, n: int = 120) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    total = rng.integers(0, 8000, n)
    total[[5, 17]] = 0  # uninhabited areas, handled the same way by both
    share = rng.beta(1.5, 4.0, n)
    group = rng.binomial(total, share)
    third = rng.binomial(total - group, 0.3)
    return pd.DataFrame({"x": group, "t": total, "y": total - group - third, "z": third, "others": total - group})


def test_agrees_with_pysal_segregation():
    pytest.importorskip("segregation")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from segregation.local import MultiLocationQuotient
        from segregation.multigroup import MultiDissim, MultiInfoTheory
        from segregation.singlegroup import Atkinson, Dissim, Entropy, Gini, Interaction, Isolation
        from segregation.singlegroup.atkinson import _atkinson

        data = _generated_data()
        ours = two_group_indices(data["x"], data["t"])
        expected = {
            "dissimilarity": Dissim(data, "x", "t").statistic,
            "isolation": Isolation(data, "x", "t").statistic,
            "exposure": Interaction(data, "x", "t").statistic,
            "entropy": Entropy(data, "x", "t").statistic,
            "gini": Gini(data, "x", "t").statistic,
            "atkinson": Atkinson(data, "x", "t").statistic,
        }
        for name, value in expected.items():
            assert getattr(ours, name) == pytest.approx(value, abs=1e-9), name
        # The Atkinson class ignores a b passed to it (2.5.x); the function behind it takes b.
        for b in (0.2, 0.8):
            theirs = _atkinson(data, "x", "t", b=b)[0]
            assert two_group_indices(data["x"], data["t"], b=b).atkinson == pytest.approx(theirs, abs=1e-9)
        groups = ["x", "y", "z"]
        assert multigroup_dissimilarity(data[groups]) == pytest.approx(MultiDissim(data, groups).statistic, abs=1e-9)
        assert multigroup_entropy(data[groups]) == pytest.approx(MultiInfoTheory(data, groups).statistic, abs=1e-9)
        theirs_lq = MultiLocationQuotient(data, ["x", "others"]).statistics[:, 0]
        np.testing.assert_allclose(location_quotient(data["x"], data["t"]), theirs_lq, atol=1e-9, equal_nan=True)


def test_change_since_first_year_is_a_plain_difference():
    from analysis.stats.segregation import INDEX_KEYS, change_since_first_year

    indices = pd.DataFrame({"ar": [2016, 2025], **{k: [0.30, 0.25] for k in INDEX_KEYS}})
    change = change_since_first_year(indices, 2025)
    assert change["dissimilarity"] == pytest.approx(-0.05)
    assert change_since_first_year(indices, 2016) is None
    assert change_since_first_year(indices, 2030) is None
