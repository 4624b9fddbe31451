"""Class breaks of the classed map: hand-computed quantiles and equal intervals, ties, only shown values,
and SCB's thresholds reproducing the area types of the demo data."""

import numpy as np
import pandas as pd
import pytest

from analysis.files_in.dataset import DEFAULT_ROOT, load_dataset
from analysis.settings import Settings
from analysis.stats import classify, districts


def frame(values, status=None) -> pd.DataFrame:
    return pd.DataFrame({"value": values, "status": status or ["ok"] * len(values)})


def test_quantile_breaks_by_hand():
    # Ten values, five classes: inner breaks x[ceil(i·10/5)] = x[2], x[4], x[6], x[8] = 3, 5, 7, 9.
    assert list(classify.quantile_breaks(range(1, 11))) == [1, 3, 5, 7, 9, 10]
    result = classify.classify(frame(list(range(1, 11))), classify.QUANTILES)
    assert result.members.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_quantile_class_sizes_for_31_districts():
    values = np.linspace(0, 1, 31)
    result = classify.classify(frame(values), classify.QUANTILES)
    assert result.members.value_counts().sort_index().tolist() == [7, 6, 6, 6, 6]


def test_equal_interval_breaks_by_hand():
    assert list(classify.equal_interval_breaks([2, 3, 12])) == [2, 4, 6, 8, 10, 12]
    # A value on a break belongs to the class above; the maximum to the (closed) top class.
    assert classify.assign([2, 4, 5.99, 6, 12], [2, 4, 6, 8, 10, 12]).tolist() == [0, 1, 1, 2, 4]


def test_equal_intervals_with_a_fixed_symmetric_range():
    assert list(classify.equal_interval_breaks([-1, 3], 4, lower=-4, upper=4)) == [-4, -2, 0, 2, 4]
    with pytest.raises(ValueError, match="utanför intervallet"):
        classify.equal_interval_breaks([-5, 3], 4, lower=-4, upper=4)


def test_empty_equal_intervals_are_left_out_of_present():
    result = classify.classify(frame([0.0, 0.1, 10.0]), classify.EQUAL_INTERVALS)
    assert result.k == 5
    assert result.present == [0, 4]


def test_ties_give_fewer_classes_never_an_empty_one():
    # x = 1,1,1,1,2,3: inner breaks x[2], x[3], x[4], x[5] = 1, 1, 2, 3; the breaks equal to the minimum go.
    assert list(classify.quantile_breaks([1, 1, 1, 1, 2, 3])) == [1, 2, 3, 3]
    result = classify.classify(frame([1, 1, 1, 1, 2, 3]), classify.QUANTILES)
    assert result.members.tolist() == [0, 0, 0, 0, 1, 2]
    assert result.present == list(range(result.k))  # every class has a member
    # Tied values always share a class.
    tied = classify.classify(frame([5, 5, 5, 5, 5, 1]), classify.QUANTILES)
    assert tied.members.tolist()[:5] == [tied.members.iloc[0]] * 5


def test_every_quantile_class_has_a_member():
    rng = np.random.default_rng(7)
    for n in range(1, 40):
        values = rng.integers(0, 6, size=n).astype(float)
        result = classify.classify(frame(values), classify.QUANTILES)
        assert result.present == list(range(result.k)), values


def test_single_value_and_no_values():
    assert list(classify.quantile_breaks([4, 4, 4])) == [4, 4]
    assert classify.classify(frame([4.0, 4.0]), classify.EQUAL_INTERVALS).members.tolist() == [0, 0]
    empty = classify.classify(frame([None, None], ["missing", "suppressed"]), classify.QUANTILES)
    assert empty.k == 0 and empty.present == [] and empty.members.isna().all()


def test_only_ok_values_count():
    # A hidden district never moves a break (its value would leak through the legend) and gets no class.
    data = frame([1.0, 2.0, 3.0, 1000.0, None], ["ok", "ok", "ok", "suppressed", "missing"])
    result = classify.classify(data, classify.EQUAL_INTERVALS)
    assert result.breaks[0] == 1.0 and result.breaks[-1] == 3.0
    assert result.members.isna().tolist() == [False, False, False, True, True]
    infinite = classify.classify(frame([1.0, np.inf, 2.0]), classify.QUANTILES)
    assert pd.isna(infinite.members.iloc[1]) and max(infinite.breaks) == 2.0


def test_members_keep_the_frame_index():
    data = frame([3.0, 1.0, 2.0]).set_index(pd.Index(["x", "y", "z"]))
    result = classify.classify(data, classify.QUANTILES, k=3)
    assert result.members.to_dict() == {"x": 2, "y": 0, "z": 1}


def test_area_type_thresholds_by_hand():
    breaks = classify.area_type_breaks(12, 7)
    assert list(breaks) == [-np.inf, 5, 12, 19, 26, np.inf]
    classes = classify.assign([4.9, 5, 11.99, 12, 19, 25.9, 26, 80], breaks)
    assert [classify.area_type_of_class(c) for c in classes] == [5, 4, 4, 3, 2, 2, 1, 1]
    with pytest.raises(ValueError, match="sd > 0"):
        classify.area_type_breaks(12, 0)
    with pytest.raises(ValueError, match="kräver mean och sd"):
        classify.classify(frame([1.0]), classify.AREA_TYPE_THRESHOLDS)


def test_unknown_method_and_bad_k():
    with pytest.raises(ValueError, match="okänd metod"):
        classify.classify(frame([1.0]), "jenks")
    with pytest.raises(ValueError, match="positivt heltal"):
        classify.quantile_breaks([1, 2], k=0)


@pytest.mark.parametrize("kommun", ["helsingborg", "tierp"])
def test_scb_thresholds_reproduce_the_area_types_of_the_demo_data(kommun):
    data = load_dataset(DEFAULT_ROOT / kommun)
    settings = Settings()
    types = districts.area_types(data.statistics, settings.index_mean, settings.index_sd)
    assert len(types) > 0
    for _year, year_types in types.groupby("ar"):
        values = pd.DataFrame({"value": year_types["index"].to_numpy(), "status": "ok"})
        result = classify.classify(
            values, classify.AREA_TYPE_THRESHOLDS, mean=settings.index_mean, sd=settings.index_sd
        )
        from_classes = [classify.area_type_of_class(c) for c in result.members]
        # The computed type always; and SCB's published type too, which the demo data agree with.
        assert from_classes == year_types["omradestyp_beraknad"].tolist()
        assert from_classes == year_types["omradestyp"].tolist()
