"""Tests of analysis.stats.value: the value scenario's arithmetic, its range, validation and its labelling."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.stats import value
from analysis.stats.value import Assumption, ValueAssumptions, annuity, value_scenario


def test_annuity_by_hand():
    assert annuity(0, 0.03) == 0
    assert annuity(1, 0.03) == 1  # the first year is not discounted
    # 3 years at 2.5 %: 1 + 1/1.025 + 1/1.025² = 1 + 0.975610 + 0.951814 = 2.927424
    assert annuity(3, 0.025) == pytest.approx(1 + 1 / 1.025 + 1 / 1.025**2)
    assert annuity(3, 0.025) == pytest.approx(2.927424, abs=1e-6)
    # A fractional last year pro rata: 2.5 years at 4 % = 1 + 1/1.04 + 0.5/1.04².
    assert annuity(2.5, 0.04) == pytest.approx(1 + 1 / 1.04 + 0.5 / 1.04**2)
    assert annuity(0.5, 0.04) == pytest.approx(0.5)
    assert annuity(4, 0.0) == 4


def test_value_scenario_with_the_default_assumptions_by_hand():
    scenario = value_scenario(10)
    # low: 10 × (1 − 0.6) × 300 000 × annuity(1, 0.04) = 10 × 0.4 × 300 000 × 1 = 1 200 000
    assert scenario.low == pytest.approx(1_200_000)
    # central: 10 × (1 − 0.45) × 400 000 × annuity(3, 0.025) = 2 200 000 × 2.927424 = 6 440 333
    assert scenario.central == pytest.approx(10 * 0.55 * 400_000 * (1 + 1 / 1.025 + 1 / 1.025**2))
    assert scenario.central == pytest.approx(6_440_333, abs=1)
    # high: 10 × (1 − 0.3) × 500 000 × annuity(5, 0.01) = 3 500 000 × Σ_{t=0}^{4} 1.01^−t
    assert scenario.high == pytest.approx(3_500_000 * sum(1.01**-t for t in range(5)))
    assert scenario.people == 10 and scenario.is_scenario is True
    assert scenario.assumptions == ValueAssumptions()


def test_adjusted_assumptions_and_pairs():
    assumptions = ValueAssumptions(
        cost_per_year_sek=(400_000, 400_000), deadweight=(0.5, 0.5), duration_years=(2.5, 2.5), discount_rate=(0, 0)
    )
    assert assumptions.cost_per_year_sek == Assumption(400_000, 400_000)
    scenario = value_scenario(5, assumptions)
    # One point: 5 × 0.5 × 400 000 × 2.5 = 2 500 000 in every scenario.
    assert scenario.low == scenario.central == scenario.high == pytest.approx(2_500_000)
    assert value_scenario(0).high == 0


@given(
    people=st.integers(0, 10_000),
    cost=st.tuples(st.floats(0, 2e6), st.floats(0, 2e6)).map(sorted),
    deadweight=st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted),
    duration=st.tuples(st.floats(0, 40), st.floats(0, 40)).map(sorted),
    rate=st.tuples(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5)).map(sorted),
)
def test_low_central_high_are_ordered(people, cost, deadweight, duration, rate):
    assumptions = ValueAssumptions(
        cost_per_year_sek=cost, deadweight=deadweight, duration_years=duration, discount_rate=rate
    )
    scenario = value_scenario(people, assumptions)
    tolerance = 1e-9 * max(1.0, abs(scenario.high))
    assert scenario.low <= scenario.central + tolerance
    assert scenario.central <= scenario.high + tolerance
    assert scenario.low >= 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadweight": (-0.1, 0.5)}, "mellan 0 och 1"),
        ({"deadweight": (0.2, 1.2)}, "mellan 0 och 1"),
        ({"duration_years": (-1, 2)}, "negativ"),
        ({"discount_rate": (-1, 0.02)}, "−100 %"),
        ({"cost_per_year_sek": (-5, 10)}, "negativ"),
        ({"cost_per_year_sek": (500_000, 300_000)}, "större än det högre"),
        ({"deadweight": 0.5}, "intervall"),
        ({"duration_years": (1, float("inf"))}, "ändligt"),
    ],
)
def test_invalid_assumptions_are_refused_in_swedish(changes, message):
    with pytest.raises(ValueError, match=message):
        ValueAssumptions(**changes)


@pytest.mark.parametrize("people", [-1, 2.5, True, None, "10"])
def test_people_must_be_a_whole_non_negative_count(people):
    with pytest.raises(ValueError, match="heltal"):
        value_scenario(people)


def test_annuity_refuses_impossible_inputs():
    with pytest.raises(ValueError, match="varaktigheten"):
        annuity(-1, 0.02)
    with pytest.raises(ValueError, match="diskonteringsräntan"):
        annuity(3, -1)


def test_it_says_scenario_everywhere_and_names_its_source():
    for documented in (value, value_scenario, value.ValueScenario, value.scenario_value, annuity):
        assert "scenario" in documented.__doc__.lower()
    assert "PRODUCT.md" in value.__doc__ and "Nilsson" in value.__doc__ and "Wadeskog" in value.__doc__
    assert "not a measured effect" in value_scenario.__doc__ or "never a measured effect" in value.__doc__
    assert "PRODUCT.md" in value.SOURCE and value_scenario(1).source == value.SOURCE
    assert "PRODUCT.md" in ValueAssumptions.__doc__
    with pytest.raises(dataclasses.FrozenInstanceError):
        value_scenario(1).is_scenario = False
