"""The value scenario: the public cost avoided when people reach work, as a labelled scenario.

This is a scenario, never a measured effect. It multiplies a published count of people who reached work
by assumptions about what their exclusion would have cost, how many would have found work anyway and for
how long the work lasts; none of that is measured here, and the programme may not be why they found work.
Every assumption is a range the user can change, and the scenario is shown as a range (low, central,
high), never as one number.

Source of the default assumptions: PRODUCT.md, citing Ingvar Nilsson and Anders Wadeskog's
socioeconomic analyses of the cost of exclusion (utanförskap): about 0.4 MSEK of public cost per person
and year of exclusion, 10–15 MSEK over a lifetime. The defaults bracket that yearly figure
(0.3–0.5 MSEK); the deadweight (the share who would have found work anyway), the duration and the
discount rate are assumptions of this scenario, to be set by the user.

Arithmetic of the scenario (one set of assumptions)::

    value = people × (1 − deadweight) × cost_per_year × annuity(duration, rate)
    annuity(d, r) = Σ_{t=0}^{⌊d⌋−1} (1 + r)^−t  +  (d − ⌊d⌋) · (1 + r)^−⌊d⌋

i.e. the first year undiscounted, each later year discounted once more, and a fractional last year
counted pro rata (annuity(2.5, r) = 1 + 1/(1+r) + 0.5/(1+r)²; annuity(0, r) = 0).

The three scenarios:

* ``low``: every assumption at its pessimistic end (lowest cost, highest deadweight, shortest duration,
  highest discount rate);
* ``high``: every assumption at its optimistic end (highest cost, lowest deadweight, longest duration,
  lowest discount rate);
* ``central``: every assumption at the midpoint of its range.

The value grows with the cost and the duration and falls with the deadweight and the discount rate, so
low ≤ central ≤ high always holds.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

from analysis import disclosure
from analysis.frames import year_of

#: Where the default assumptions come from (named beside every scenario).
SOURCE = "PRODUCT.md (Nilsson & Wadeskog: about 0.4 MSEK a person and year of exclusion, 10–15 MSEK a lifetime)"


@dataclass(frozen=True)
class Assumption:
    """One assumption of the value scenario as a range ``low`` … ``high`` (``low`` ≤ ``high``); which
    end is pessimistic depends on the assumption (see the module docstring)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        for name in ("low", "high"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
                raise ValueError(f"antagandet måste vara ett ändligt tal, inte {value!r}")
        if self.low > self.high:
            raise ValueError(f"antagandets lägre värde ({self.low}) är större än det högre ({self.high})")

    @property
    def mid(self) -> float:
        """The midpoint (``low + high) / 2``), used by the central scenario."""
        return (float(self.low) + float(self.high)) / 2.0


def _assumption(value, name: str) -> Assumption:
    if isinstance(value, Assumption):
        return value
    try:
        low, high = value
    except (TypeError, ValueError):
        raise ValueError(f"{name}: ange ett intervall (lägre, högre), inte {value!r}") from None
    try:
        return Assumption(low, high)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None


@dataclass(frozen=True)
class ValueAssumptions:
    """The assumptions of the value scenario, each a range (an :class:`Assumption` or a ``(low, high)``
    pair). Defaults: cost of exclusion 300,000–500,000 SEK a person and year (PRODUCT.md: Nilsson &
    Wadeskog, about 0.4 MSEK), deadweight 0.3–0.6 (the share who would have found work anyway), duration
    1–5 years of work, discount rate 1–4 % a year.

    Raises ``ValueError`` (Swedish message) unless cost ≥ 0, 0 ≤ deadweight ≤ 1, duration ≥ 0, discount
    rate > −1 and low ≤ high for every range.
    """

    cost_per_year_sek: Assumption = field(default_factory=lambda: Assumption(300_000, 500_000))
    deadweight: Assumption = field(default_factory=lambda: Assumption(0.3, 0.6))
    duration_years: Assumption = field(default_factory=lambda: Assumption(1, 5))
    discount_rate: Assumption = field(default_factory=lambda: Assumption(0.01, 0.04))

    def __post_init__(self) -> None:
        names = {
            "cost_per_year_sek": "kostnad per person och år",
            "deadweight": "andel som ändå hade fått arbete",
            "duration_years": "varaktighet",
            "discount_rate": "diskonteringsränta",
        }
        for attribute, name in names.items():
            object.__setattr__(self, attribute, _assumption(getattr(self, attribute), name))
        if self.cost_per_year_sek.low < 0:
            raise ValueError("kostnad per person och år kan inte vara negativ")
        if self.deadweight.low < 0 or self.deadweight.high > 1:
            raise ValueError("andelen som ändå hade fått arbete måste ligga mellan 0 och 1")
        if self.duration_years.low < 0:
            raise ValueError("varaktigheten kan inte vara negativ")
        if self.discount_rate.low <= -1:
            raise ValueError("diskonteringsräntan måste vara större än −100 %")


@dataclass(frozen=True)
class ValueScenario:
    """A value scenario (never a measured effect): the avoided public cost in SEK under the pessimistic
    (``low``), midpoint (``central``) and optimistic (``high``) assumptions, for ``people`` published
    persons who reached work. ``is_scenario`` is always True; ``source`` names where the defaults come
    from."""

    low: float
    central: float
    high: float
    people: int
    assumptions: ValueAssumptions
    is_scenario: bool = True
    source: str = SOURCE


def annuity(duration: float, rate: float) -> float:
    """Σ_{t=0}^{⌊d⌋−1} (1+r)^−t + (d − ⌊d⌋)(1+r)^−⌊d⌋: the present value of 1 a year for ``duration``
    years (the first year undiscounted, a fractional last year pro rata), for the value scenario.
    ``ValueError`` for a negative duration or a rate ≤ −1."""
    duration, rate = float(duration), float(rate)
    if duration < 0 or not math.isfinite(duration):
        raise ValueError("varaktigheten måste vara ett ändligt tal ≥ 0")
    if rate <= -1 or not math.isfinite(rate):
        raise ValueError("diskonteringsräntan måste vara större än −100 %")
    whole = math.floor(duration)
    factor = 1.0 / (1.0 + rate)
    return sum(factor**t for t in range(whole)) + (duration - whole) * factor**whole


def scenario_value(people: int, cost: float, deadweight: float, duration: float, rate: float) -> float:
    """people × (1 − deadweight) × cost × :func:`annuity`(duration, rate), in SEK: one scenario."""
    return float(people) * (1.0 - float(deadweight)) * float(cost) * annuity(duration, rate)


def value_scenario(people_in_work: int, assumptions: ValueAssumptions | None = None) -> ValueScenario:
    """The value scenario for ``people_in_work`` persons who reached work: low, central and high avoided
    public cost in SEK (see the module docstring for the arithmetic and the source). A scenario, not a
    measured effect: it assumes what the data cannot show.

    ``people_in_work`` must be a published count (`analysis.disclosure`; the caller passes the shown
    figure, never the true one), an integer ≥ 0; ``ValueError`` (Swedish) otherwise or for invalid
    assumptions. Default assumptions: :class:`ValueAssumptions`.
    """
    if isinstance(people_in_work, bool) or not isinstance(people_in_work, numbers.Integral) or people_in_work < 0:
        raise ValueError(f"antalet personer i arbete måste vara ett heltal ≥ 0, inte {people_in_work!r}")
    a = ValueAssumptions() if assumptions is None else assumptions
    people = int(people_in_work)
    low = scenario_value(people, a.cost_per_year_sek.low, a.deadweight.high, a.duration_years.low, a.discount_rate.high)
    central = scenario_value(
        people, a.cost_per_year_sek.mid, a.deadweight.mid, a.duration_years.mid, a.discount_rate.mid
    )
    high = scenario_value(
        people, a.cost_per_year_sek.high, a.deadweight.low, a.duration_years.high, a.discount_rate.low
    )
    return ValueScenario(low=low, central=central, high=high, people=people, assumptions=a)


def people_in_work(participants, year: int | None = None, *, programme: str | None = None, min_n: int = 5) -> int:
    """The published number of enrolments that ended in work (``utfall`` ``arbete``) in ``year`` (year of
    ``slutdatum``; every year when None), for one programme or all: the count a value scenario starts from.

    Published through ``analysis.disclosure`` (1 … min_n−1 hidden, the rest rounded to the base); a hidden
    count gives 0, so no scenario is ever built on a small number. An enrolment is not a person: one person
    with two enrolments ending in work counts twice, as the outcome rates count them.
    """
    frame = participants
    if programme is not None:
        frame = frame[frame["insats"].astype(str) == programme]
    in_work = frame["utfall"].astype(str) == "arbete"
    if year is not None:
        in_work &= (year_of(frame["slutdatum"]) == int(year)).fillna(False).to_numpy(dtype=bool)
    shown = disclosure.publish_count(int(in_work.sum()), min_n)
    return 0 if shown is None else int(shown)
