"""Deterministic generator of the fictitious demo data sets in ``data/demo/<kommun>/``.

Run ``python data/generate_demo.py`` to (re)write ``data/demo/helsingborg`` and ``data/demo/tierp``, or
``python data/generate_demo.py --out DIR`` to write the same files below DIR. The output is byte-for-byte
reproducible: every random draw comes from ``numpy.random.default_rng`` with a fixed seed per municipality
(one stream for the statistics, one per programme and year for the participants), rows are sorted, floats
have a fixed format and nothing depends on the clock.

What is real and what is invented
---------------------------------
Real: the RegSO codes, names and SCB's 2022 area types (områdestyp) of Helsingborg (31) and Tierp (9), and
a handful of municipal totals the data are calibrated to (population, employment rate 20–64, foreign-born
share). Everything else is invented: district statistics, programmes' participants, goals, and the map's
borders. The map follows the real layout without using SCB's boundaries: every district's cell holds a real
point inside the district, and the cells share out a hand-drawn municipal outline in proportion to the
districts' real areas (a power diagram fitted to the areas, with small towns as discs; see
``schematic_polygons``). Geometry draws no random numbers, so it never shifts the statistics or participants.

The statistics model (per district d and year y, 2016–2025)
------------------------------------------------------------
* Population: a hand-set level in the anchor year (Helsingborg 2023, Tierp 2024; scaled so the sum hits
  the real total), an annual growth rate per district and a small random walk that is zero in the anchor
  year. The 20–64 share depends on the kind of district (central, urban, rural) and the area type.
* Socioeconomic index: SCB's index is I = (V1 + V2 + V3) / 3 with V1 = low economic standard / population,
  V2 = pre-upper-secondary education / population 20–64, V3 = long-term assistance or unemployment /
  population 20–64 (percent). For 2022 each district gets a target I in the middle of the band of its real
  SCB type (mean 12, SD 7: type 1 ≥ 26, 2 in [19, 26), 3 in [12, 19), 4 in [5, 12), 5 < 5), so the type
  recomputed from the counts equals SCB's. In other years I drifts along a district trend plus a small
  random walk. V1, V2 and V3 are fixed, slightly jittered multiples of I (they average to I); V3 gets a
  pandemic bump in 2020–2021.
* Employment rate and median income are linear in I, the foreign-born share in the 2022 I, each with
  district noise and a time trend (employment dips in 2020–2021); employment and foreign-born are shifted
  by one constant per municipality so the municipal total hits the calibration figure exactly.
* The housing company's apartments (``lagenheter``) are concentrated in type 1–2 districts; a few growing
  districts get one new building in some year.

The participant model
---------------------
Each programme has a first year, a yearly intake (normal, CV 12 %, lower in 2020–2021), target-group and
gender mixes, an age range per target group, a duration rule and a district focus (weights = company
apartments x a factor per area type, so enrolments concentrate in type 1–2 districts). The probability of a positive
outcome (arbete/praktik/studier) is logistic in: programme level + target group + gender (newly arrived
women lower) + district (worse with a higher index, plus a fixed random district effect) + year (improving
trend, dip in 2020). Enrolments whose planned end falls after 2025-12-31 are ``pagaende``. Follow-ups at
6 and 12 months are a Markov step from the exit status, filled for most enrolments that ended early
enough. Some people enrol more than once (e.g. two summer jobs). The job programme (``nyanstallning``)
runs in cohorts of six-month jobs; its first Helsingborg pilot offered 4 extensions out of 6.

The integration strategy (all invented, labelled fictitious in meta.json)
-------------------------------------------------------------------------
* ``handlingsplan.csv``: a hand-written action plan (Helsingborg 12 measures, Tierp 8) of a neutral
  "Bostadsbolaget" with municipal departments, associations, schools, Arbetsförmedlingen, universities and
  residents; mostly in the districts with the lowest employment, a few for the whole municipality
  (``alla``); every status and evidence kind, with references marked as fictitious. Some measures start
  early enough (2018–2020) for a difference-in-differences against untargeted districts of the same area
  type; the planned one (``planerad``) starts in 2027, after the data and after the date the demo is shown
  (December 2026), so its status still holds on the timeline's "today". No random draws.
* ``handlingsplan_indikatorer.csv``: 1–3 linked indicators for most measures, targets derived from the data
  (see ``LinkedIndicator``): a register share a few points better than the districts' 2025 level, an
  outcome rate in percent, or enrolments a little above the recent yearly level in the districts.
* ``placeringar.csv``: newly arrived housed per year, district and housing type (``build_placements``):
  a yearly total of persons (many after 2016, fewer from 2019, more again in 2022), households of 1–7
  persons, modular homes in a few outer districts once built, corridor rooms for singles centrally, and
  company apartments chosen less and less in proportion to the company's stock in type 1–2 districts.
  One random stream per year.
* ``aktiviteter.csv``: an activity log from 2020 (``build_activities``): recurring series of one kind and
  organiser (always an organisation) in some districts, about half of them part of a measure (in its
  districts, after its start and before its end or pause), on weekdays outside July, Christmas and the
  first pandemic spring; participants counted or estimated (rounded to 5), a few not logged. One random
  stream per series.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
import shapely.affinity
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.polygon import orient

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # running as ``python data/generate_demo.py``
    sys.path.insert(0, str(REPO_ROOT))

from analysis.settings import DEFAULT_INDEX_MEAN, DEFAULT_INDEX_SD  # noqa: E402
from analysis.vocab import (  # noqa: E402
    ACTIVITY_COLUMNS,
    ACTIVITY_KINDS,
    ALL_DISTRICTS,
    EVIDENCE_KINDS,
    HOUSING_TYPES,
    INDICATOR_DENOMINATORS,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_COUNTING,
    PLACEMENT_COLUMNS,
    PLAN_COLUMNS,
    PLAN_INDICATOR_COLUMNS,
    PLAN_STATUSES,
    STATISTICS_COLUMNS,
)

DEFAULT_OUT = REPO_ROOT / "data" / "demo"
YEARS = tuple(range(2016, 2026))
SCB_TYPE_YEAR = 2022
DATA_END = date(2025, 12, 31)
CRS_URN = "urn:ogc:def:crs:EPSG::3006"
GRID_M = 1.0  # coordinates are whole metres
#: Random streams per municipality: default_rng([seed, stream]); participants also per programme and year.
STATISTICS_STREAM = 1
PARTICIPANT_STREAM = 2
#: Schematic map (see schematic_polygons): a point keeps at least (1 − margin) / 2 of the way to any other
#: point inside its own cell; Newton steps of the power-diagram fit (damping, most steps).
CONTAINMENT_MARGIN = 0.7
POWER_FIT_STEP = 0.5
POWER_FIT_ITERATIONS = 100
#: A district whose constrained power cell is more than this many times its share becomes a round town
#: cell; a town's radius stays below this fraction of the distance to the nearest other district point.
TOWN_RATIO = 3.0
TOWN_RADIUS_CAP = 0.8
MAX_TOWNS = 12

# --------------------------------------------------------------------------------------------------------
# Socioeconomic index design
# --------------------------------------------------------------------------------------------------------
#: Target 2022 index per SCB type, in SDs from the national mean (middle of each band; type 1 and 5 are
#: open-ended, so a point well inside them).
TYPE_TARGET_SD = {1: 2.8, 2: 1.5, 3: 0.5, 4: -0.5, 5: -1.3}
#: Largest random jitter of the 2022 target, in SDs: keeps every district at least 0.3 SD inside its band
#: (type 5: 0.1 SD, i.e. an index of at most 4.3).
TARGET_JITTER_SD = 0.2
#: Districts whose 2022 index is set by hand (Drottninghög is the most exposed district in Helsingborg).
INDEX_2022_OVERRIDE = {"1283R005": 36.0}
#: V1, V2, V3 as multiples of the index before district jitter (they average to 1).
COMPONENT_WEIGHTS = np.array([1.25, 1.15, 0.60])
COMPONENT_JITTER = 0.08
#: Relative bump of V3 (long-term assistance/unemployment) in the pandemic years.
PANDEMIC_V3 = {2020: 1.10, 2021: 1.06}
#: Yearly trend of the index (log scale): mean and SD for type 1–2 districts and for the others.
INDEX_TREND_CHALLENGED = (-0.008, 0.006)
INDEX_TREND_OTHER = (0.0, 0.008)
INDEX_WALK_SD = 0.015

# Employment rate 20–64 (percent) = base - slope * index + trend * (year - 2016) + pandemic + noise.
EMPLOYMENT_SLOPE = 1.1
EMPLOYMENT_TREND = 0.25
EMPLOYMENT_PANDEMIC = {2020: -1.5, 2021: -0.8}
EMPLOYMENT_DISTRICT_SD = 1.5
# Foreign-born share (percent) = base + slope * index(2022) + rise * (year - 2016) + noise.
FOREIGN_DISTRICT_SD = 2.0
# Median earned income 20–64 (tkr) = (base - slope * index) * (1 + growth) ** (year - 2022) * noise.
INCOME_GROWTH = 0.028
INCOME_DISTRICT_SD = 0.03

POPULATION_WALK_SD = 0.003
#: Share aged 20–64 by kind of district, and the adjustment for type 1–2 districts (more children).
WORKING_AGE_SHARE = {"central": 0.64, "urban": 0.575, "rural": 0.555}
WORKING_AGE_CHALLENGED = -0.02
WORKING_AGE_SD = 0.01
WORKING_AGE_DRIFT = -0.001  # ageing, per year

#: Company apartments per household by area type, and the factor for rural districts.
APARTMENT_SHARE_BY_TYPE = {1: 0.60, 2: 0.32, 3: 0.14, 4: 0.06, 5: 0.02}
APARTMENT_RURAL_FACTOR = 0.5
#: Districts where the company owns most of the housing (share of households, replaces the type's share).
APARTMENT_SHARE_OVERRIDE = {"1283R005": 0.85}
PERSONS_PER_HOUSEHOLD = 2.1
#: Districts growing at least this fast (percent a year) get one new building of this relative size.
NEW_BUILD_MIN_GROWTH = 1.5
NEW_BUILD_SIZE = 0.08


@dataclass(frozen=True)
class District:
    code: str
    name: str
    scb_type: int
    lat: float  # a real point inside the district (PRODUCT.md), not its centroid
    lon: float
    area_km2: float  # the district's real area (PRODUCT.md; coastal districts include some sea)
    population: int  # in the municipality's anchor year, before scaling to the calibration total
    growth: float  # percent per year
    kind: str  # "central", "urban" or "rural"


@dataclass(frozen=True)
class Programme:
    code: str
    namn: str
    beskrivning: str
    first_year: int
    intake: float  # mean enrolments per year
    malgrupp: dict[str, float]
    base_logit: float
    positive_split: dict[str, float]  # arbete / praktik / studier among positive outcomes
    dropout_share: float  # avbrott among negative outcomes
    focus: str  # key of FOCUS_BY_TYPE
    repeat: float  # probability that an enrolment re-uses an earlier participant
    duration: str  # "coaching", "summer", "internship", "action_plan" (see planned_period) or "job"
    goals: dict[str, Callable[[int], int]]
    pilot: tuple[int, int] | None = None  # job programme: (participants, extensions) of a first pilot cohort


@dataclass(frozen=True)
class LinkedIndicator:
    """An indicator linked to a measure (handlingsplan_indikatorer.csv).

    ``target`` depends on the kind of indicator: for a register share, percentage points added to the pooled
    level of the measure's districts in the latest year; for ``utfall:`` the target rate in percent; for
    ``insats:`` a factor on the mean yearly enrolments in the measure's districts over the last three years."""

    indikator: str
    target: float
    malar: int


@dataclass(frozen=True)
class Measure:
    """One measure of the fictitious action plan (handlingsplan.csv)."""

    atgard_id: str
    titel: str
    beskrivning: str
    ansvarig: str
    partner: tuple[str, ...]
    stadsdelar: tuple[str, ...]  # district codes, or (ALL_DISTRICTS,)
    start: date
    end: date | None
    status: str
    evidens: str
    evidens_kalla: str
    indicators: tuple[LinkedIndicator, ...] = ()


@dataclass(frozen=True)
class ActivitySeries:
    """Recurring activities of one kind and organiser in some districts (aktiviteter.csv).

    ``per_year`` is the expected number of sessions per district in a full year; a linked series
    (``atgard_id``) must lie in its measure's districts and start no earlier than the measure."""

    typ: str
    arrangor: str
    stadsdelar: tuple[str, ...]
    first: date
    last: date | None  # None: until DATA_END
    per_year: float
    participants: float  # mean participants per session
    estimated: float  # share of sessions whose participants are estimated
    atgard_id: str = ""
    weekday: int | None = None  # fixed weekday (0 = Monday), or None for any weekday


@dataclass(frozen=True)
class Strategy:
    """The fictitious integration strategy of a municipality: action plan, placements and activities."""

    plan: tuple[Measure, ...]
    placed_persons: dict[int, int]  # persons placed per year (the municipality's quota, invented)
    modular: dict[str, tuple[int, float]]  # district -> (first year with modular homes, capacity weight)
    modular_share: dict[int, float]  # share of households in modular homes from the year on (stepped)
    corridor: tuple[str, ...]  # districts with corridor rooms
    activities: tuple[ActivitySeries, ...]


@dataclass(frozen=True)
class Municipality:
    slug: str
    kod: str
    namn: str
    id_prefix: str
    seed: int
    districts: tuple[District, ...]
    anchor_year: int
    population_total: int
    pinned_population: frozenset[str]  # districts whose anchor population is itself a real figure
    employment_target: tuple[int, float]  # (year, percent)
    foreign_target: tuple[int, float]
    foreign_slope: float
    foreign_rise: float
    employment_base: float
    income_base: float
    income_slope: float
    apartments_total: int  # the company's stock in 2016
    outline: tuple[tuple[float, float], ...]  # (lat, lon)
    programmes: tuple[Programme, ...]
    beskrivning: str
    kallor: tuple[str, ...]
    strategy: Strategy


# --------------------------------------------------------------------------------------------------------
# Participants: shared vocabulary of the model
# --------------------------------------------------------------------------------------------------------
#: Weights of area types when choosing an enrolment's district (multiplied by the company's apartments).
FOCUS_BY_TYPE = {
    "utsatta": {1: 3.0, 2: 2.0, 3: 0.6, 4: 0.25, 5: 0.1},
    "bred": {1: 1.5, 2: 1.2, 3: 1.0, 4: 0.8, 5: 0.6},
}
MALGRUPP_EFFECT = {"nyanlanda": -0.2, "unga_vuxna": 0.3, "langtidsarbetslosa": -0.6, "ovriga_hyresgaster": 0.1}
NEWLY_ARRIVED_WOMAN_EFFECT = -0.35
DISTRICT_INDEX_EFFECT = -0.03  # per index point above 20
DISTRICT_RANDOM_SD = 0.25
YEAR_TREND = 0.05  # per year from 2020
YEAR_DIP = {2020: -0.55, 2021: -0.2}
INTAKE_FACTOR = {2020: 0.8, 2021: 0.9}
#: Yearly intake varies less than Poisson (programmes have places to fill): normal with this CV.
INTAKE_CV = 0.12
GENDER_PROBS = {"kvinna": 0.49, "man": 0.5, "annat": 0.01}
AGE_RANGE = {
    "nyanlanda": (20, 55),
    "unga_vuxna": (18, 24),
    "langtidsarbetslosa": (25, 62),
    "ovriga_hyresgaster": (20, 64),
}
#: Relative weight of each month for start dates of programmes that run all year.
MONTH_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.3, 0.8, 1.0, 1.0, 1.0, 0.6)
#: Share of finished enrolments followed up at 6 months, and of those also at 12 months.
FOLLOW_UP_6M = 0.85
FOLLOW_UP_12M = 0.88
#: Status after 6 (and from 6 to 12) months given the status before: arbete, praktik, studier, ingen.
FOLLOW_UP_STATES = ("arbete", "praktik", "studier", "ingen_sysselsattning")
FOLLOW_UP_TRANSITIONS = {
    "arbete": (0.80, 0.02, 0.04, 0.14),
    "praktik": (0.45, 0.15, 0.10, 0.30),
    "studier": (0.20, 0.03, 0.65, 0.12),
    "ingen_sysselsattning": (0.18, 0.05, 0.10, 0.67),
    "avbrott": (0.15, 0.05, 0.10, 0.70),
}
#: Job programme: roles, probability of an extension per role, cohorts (month, day) per year.
JOB_ROLES = {
    "drifttekniker": 0.72,
    "tradgardsmedarbetare": 0.52,
    "ledningstrainee": 0.57,
    "reparator": 0.62,
    "fastighetsvard": 0.67,
}
JOB_COHORTS = ((2, 1), (8, 15))
JOB_PILOT_COHORT = (9, 1)
JOB_DROPOUT = 0.06
JOB_TREND = 0.02  # yearly change of the extension probability
JOB_GENDER_PROBS = {"kvinna": 0.35, "man": 0.64, "annat": 0.01}
JOB_EXIT_IF_NOT_EXTENDED = {"arbete": 0.25, "praktik": 0.05, "studier": 0.2, "ingen_sysselsattning": 0.5}


def _every_year(value: int) -> Callable[[int], int]:
    return lambda year: value


def _stepped(steps: dict[int, int]) -> Callable[[int], int]:
    """Goal that takes the value of the latest step at or before the year."""
    return lambda year: steps[max(y for y in steps if y <= year)]


def _jobbcoachning(first_year: int, intake: float, goal_positive: dict[int, int], goal_enrolled: int) -> Programme:
    return Programme(
        code="jobbcoachning",
        namn="Jobbcoachning för hyresgäster",
        beskrivning=(
            "Coacher hjälper hyresgäster som vill till arbete, praktik eller studier; deltagandet är frivilligt "
            "och insatsen görs i de mest utsatta stadsdelarna."
        ),
        first_year=first_year,
        intake=intake,
        malgrupp={"nyanlanda": 0.30, "unga_vuxna": 0.25, "langtidsarbetslosa": 0.30, "ovriga_hyresgaster": 0.15},
        base_logit=0.4,
        positive_split={"arbete": 0.55, "praktik": 0.20, "studier": 0.25},
        dropout_share=0.4,
        focus="utsatta",
        repeat=0.08,
        duration="coaching",
        goals={"inskrivna": _every_year(goal_enrolled), "positivt_utfall": _stepped(goal_positive)},
    )


def _nyanstallning(
    first_year: int, enrolled: dict[int, int], extensions: dict[int, int], pilot: tuple[int, int] | None = None
) -> Programme:
    return Programme(
        code="nyanstallning",
        namn="Nyanställning för nyanlända",
        beskrivning=(
            "Sexmånaders anställning i bostadsbolaget för nyanlända, matchad mot en roll som drifttekniker, "
            "trädgårdsmedarbetare, ledningstrainee, reparatör eller fastighetsvärd."
        ),
        first_year=first_year,
        intake=float(np.mean(list(enrolled.values()))),
        malgrupp={"nyanlanda": 1.0},
        base_logit=0.0,  # outcomes follow the extension, see _job_enrolments
        positive_split={"arbete": 1.0},
        dropout_share=1.0,
        focus="utsatta",
        repeat=0.1,
        duration="job",
        goals={"inskrivna": _stepped(enrolled), "forlangning": _stepped(extensions)},
        pilot=pilot,
    )


def _sommarjobb(first_year: int, intake: float, goals: dict[int, int]) -> Programme:
    return Programme(
        code="sommarjobb",
        namn="Sommarjobb för unga",
        beskrivning="Sommarjobb i bostadsbolagets områden för ungdomar 16–19 år som bor hos bolaget.",
        first_year=first_year,
        intake=intake,
        malgrupp={"unga_vuxna": 1.0},
        base_logit=1.9,
        positive_split={"arbete": 0.18, "praktik": 0.04, "studier": 0.78},
        dropout_share=0.55,
        focus="bred",
        repeat=0.25,
        duration="summer",
        goals={"inskrivna": _stepped(goals)},
    )


PRAKTIK_LIA = Programme(
    code="praktik_lia",
    namn="Praktik, LiA och examensarbete",
    beskrivning=(
        "Praktikplatser, lärande i arbete (LiA) och examensarbeten hos bostadsbolaget i samarbete med "
        "högskolor och yrkeshögskolor."
    ),
    first_year=2018,
    intake=26,
    malgrupp={"unga_vuxna": 0.55, "ovriga_hyresgaster": 0.30, "nyanlanda": 0.15},
    base_logit=0.9,
    positive_split={"arbete": 0.45, "praktik": 0.15, "studier": 0.40},
    dropout_share=0.5,
    focus="bred",
    repeat=0.05,
    duration="internship",
    goals={"inskrivna": _stepped({2018: 20, 2021: 25})},
)

HANDLINGSPLAN = Programme(
    code="handlingsplan",
    namn="Handlingsplan för integration",
    beskrivning=(
        "Åtgärder i integrationsstrategins handlingsplan, till exempel språkstöd, samhällsintroduktion och "
        "föreningsaktiviteter, som bolaget driver med kommunen, föreningar, skolor och Arbetsförmedlingen."
    ),
    first_year=2020,
    intake=14,
    malgrupp={"nyanlanda": 0.7, "ovriga_hyresgaster": 0.2, "unga_vuxna": 0.1},
    base_logit=0.1,
    positive_split={"arbete": 0.25, "praktik": 0.30, "studier": 0.45},
    dropout_share=0.45,
    focus="utsatta",
    repeat=0.05,
    duration="action_plan",
    goals={"inskrivna": _every_year(15)},
)

#: Age range overrides per programme (all target groups).
PROGRAMME_AGE_RANGE = {"sommarjobb": (16, 19)}
PROGRAMME_MALGRUPP_AGE_RANGE = {("praktik_lia", "unga_vuxna"): (19, 29)}


# --------------------------------------------------------------------------------------------------------
# The two municipalities
# --------------------------------------------------------------------------------------------------------
def _districts(kod: str, rows: Sequence[tuple]) -> tuple[District, ...]:
    return tuple(District(f"{kod}R{row[0]:03d}", *row[1:]) for row in rows)


# (RegSO number, name, SCB type 2022, lat, lon, area km², population in anchor year, growth %/yr, kind)
HELSINGBORG_DISTRICTS = _districts(
    "1283",
    [
        (1, "Adolfsberg-Västergård", 2, 56.047, 12.754, 2.2, 5600, 0.6, "urban"),
        (2, "Allerum-Domsten", 5, 56.116, 12.643, 63.9, 6500, 0.8, "rural"),
        (3, "Berga-Kullavägen södra", 3, 56.075, 12.720, 2.9, 5000, 0.7, "urban"),
        (4, "Dalhem-Väla södra", 2, 56.071, 12.752, 8.2, 6200, 0.6, "urban"),
        (5, "Drottninghög", 1, 56.064, 12.722, 0.5, 2700, 0.6, "urban"),
        (6, "Eneborg-Högaborg", 2, 56.041, 12.713, 0.3, 7000, 0.8, "urban"),
        (7, "Eskilsminne-Gustavslund norra", 4, 56.036, 12.748, 3.2, 4800, 0.6, "urban"),
        (8, "Fredriksdal-Filborna", 2, 56.056, 12.734, 2.0, 6000, 1.6, "urban"),
        (9, "Helsingborg centrum-Slottshöjden västra", 4, 56.045, 12.674, 3.1, 6500, 1.0, "central"),
        (10, "Husensjö-Sofieberg", 4, 56.045, 12.731, 1.2, 4600, 0.7, "urban"),
        (11, "Högasten-Miatorp östra", 2, 56.009, 12.695, 10.0, 4400, 0.6, "urban"),
        (12, "Kattarp-Hasslarp-Utvälinge", 3, 56.187, 12.781, 63.0, 4000, 0.8, "rural"),
        (13, "Laröd-Hittarp", 4, 56.095, 12.666, 6.4, 5300, 0.7, "urban"),
        (14, "Mariastaden-Käftaåra", 4, 56.085, 12.687, 5.2, 5600, 1.5, "urban"),
        (15, "Mörarp-Mörarp omland", 4, 56.067, 12.840, 74.9, 3300, 0.8, "rural"),
        (16, "Norr-Pålsjö", 4, 56.069, 12.658, 12.8, 4800, 0.6, "central"),
        (17, "Närlunda-Elineberg", 2, 56.036, 12.723, 1.0, 5800, 0.6, "urban"),
        (18, "Olympia-Slottshöjden östra", 3, 56.055, 12.708, 1.4, 5200, 0.8, "central"),
        (19, "Planteringen-Miatorp västra", 1, 56.025, 12.690, 4.6, 4900, 0.5, "urban"),
        (20, "Påarp-Bårslöv", 4, 56.019, 12.801, 18.3, 4700, 1.6, "rural"),
        (21, "Ramlösa-Gustavslund södra", 5, 56.024, 12.768, 3.8, 5700, 0.9, "urban"),
        (22, "Ringstorp-Stattena", 3, 56.066, 12.697, 1.6, 5500, 0.7, "central"),
        (23, "Rosengården östra", 3, 56.051, 12.727, 0.6, 3700, 0.6, "urban"),
        (24, "Rydebäck-Rya", 5, 55.969, 12.722, 21.1, 5200, 1.2, "urban"),
        (25, "Råå-Pålstorp-Örby", 4, 55.994, 12.721, 20.1, 5800, 0.8, "urban"),
        (26, "Söder-Oceanhamnen-Oljehamnen", 1, 56.036, 12.685, 5.1, 7400, 2.6, "central"),
        (27, "Tågaborg", 4, 56.059, 12.694, 1.0, 5900, 0.6, "central"),
        (28, "Vallåkra-Gantofta", 4, 55.965, 12.935, 65.1, 3000, 0.9, "rural"),
        (29, "Wilson park-Fältabacken", 4, 56.047, 12.718, 0.8, 4200, 0.8, "central"),
        (30, "Ättekulla-Raus", 4, 56.010, 12.761, 4.7, 4800, 1.2, "urban"),
        (31, "Ödåkra-Väla", 4, 56.100, 12.751, 14.6, 4500, 1.9, "rural"),
    ],
)

TIERP_DISTRICTS = _districts(
    "0360",
    [
        (1, "Karlholm", 3, 60.518, 17.630, 12.8, 1700, 0.5, "urban"),
        (2, "Mehedeby-Tobo", 3, 60.329, 17.348, 483.6, 2000, 0.6, "rural"),
        (3, "Månkarbo-Vendel", 4, 60.184, 17.571, 261.4, 1500, 0.4, "rural"),
        (4, "Skärplinge-Hållnäs", 4, 60.477, 17.936, 697.9, 1900, 0.1, "rural"),
        (5, "Söderfors", 2, 60.385, 17.244, 9.5, 2300, 0.2, "urban"),
        (6, "Tierp Centrum-Tierp Norra", 3, 60.352, 17.519, 8.4, 4500, 1.0, "central"),
        (7, "Tierp Södra", 2, 60.338, 17.510, 5.1, 3200, 0.9, "urban"),
        (8, "Västland", 4, 60.469, 17.573, 305.8, 1000, 0.2, "rural"),
        (9, "Örbyhus", 3, 60.226, 17.715, 11.1, 3000, 0.8, "urban"),
    ],
)

#: Rough municipal outlines (lat, lon), hand-drawn from the bounds in PRODUCT.md and the district points, not
#: from SCB's boundaries. Helsingborg: the Öresund coast runs N–S along the west side, about 0.6–0.9 km west of
#: the coastal districts' points (the real districts reach far into the sound; the schematic land does not);
#: the Höganäs border runs NE to Skälderviken, the eastern border SE to the Vallåkra corner.
HELSINGBORG_OUTLINE = (
    # Öresund coast, south to north
    (55.960, 12.712),
    (55.993, 12.708),
    (56.008, 12.683),
    (56.030, 12.676),
    (56.045, 12.662),
    (56.068, 12.646),
    (56.094, 12.652),
    (56.117, 12.628),
    # border with Höganäs up to Skälderviken
    (56.135, 12.628),
    (56.155, 12.660),
    (56.178, 12.690),
    (56.205, 12.718),
    (56.235, 12.742),
    (56.250, 12.770),
    # borders with Ängelholm, Åstorp and Bjuv
    (56.225, 12.790),
    (56.200, 12.800),
    (56.190, 12.835),
    (56.160, 12.830),
    (56.130, 12.845),
    (56.100, 12.865),
    (56.065, 12.915),
    (56.035, 12.905),
    (56.010, 12.905),
    (55.990, 12.960),
    (55.975, 12.985),
    # borders with Svalöv and Landskrona
    (55.950, 12.972),
    (55.925, 12.955),
    (55.922, 12.935),
    (55.940, 12.905),
    (55.962, 12.860),
    (55.958, 12.780),
)
#: Tierp: inland, Dalälven and Söderfors in the west, the Bothnian coast to the north-east (Karlholm, Hållnäs).
TIERP_OUTLINE = (
    (60.400, 17.192),
    (60.450, 17.260),
    (60.500, 17.360),
    (60.535, 17.470),
    (60.545, 17.580),
    (60.540, 17.660),
    (60.570, 17.760),
    (60.615, 17.850),
    (60.640, 17.940),
    (60.610, 18.060),
    (60.530, 18.120),
    (60.455, 18.060),
    (60.385, 17.980),
    (60.305, 17.890),
    (60.215, 17.835),
    (60.125, 17.760),
    (60.092, 17.640),
    (60.100, 17.500),
    (60.160, 17.400),
    (60.230, 17.320),
    (60.290, 17.250),
    (60.345, 17.200),
)

# --------------------------------------------------------------------------------------------------------
# Integration strategy: action plan, housing of newly arrived, activities (all invented)
# --------------------------------------------------------------------------------------------------------
#: Random streams of the new files (after the statistics and participants, which they never shift).
PLACEMENT_STREAM = 3
ACTIVITY_STREAM = 4
#: The company and a fictitious reference marker.
COMPANY = "Bostadsbolaget"
FICTITIOUS_REFERENCE = "(fiktiv hänvisning i demodata)"
#: The target of a register share is the latest level of the measure's districts plus the target's points.
LATEST_YEAR = YEARS[-1]
#: Enrolment targets (``insats:``) build on the mean over these years.
RECENT_ENROLMENT_YEARS = (2023, 2024, 2025)

#: Placements: household sizes of newly arrived (singles and families), by housing type.
HOUSEHOLD_SIZES = {1: 0.42, 2: 0.14, 3: 0.13, 4: 0.13, 5: 0.10, 6: 0.05, 7: 0.03}
HOUSEHOLD_SIZES_BY_TYPE = {"korridor": {1: 1.0}, "annat": {1: 0.7, 2: 0.3}}
CORRIDOR_SHARE = 0.08  # of households; singles only
OTHER_HOUSING_SHARE = 0.05
#: Apartments are spread out more over the years: weight = company apartments x factor ** progress, where
#: progress goes from 0 in 2016 to 1 in SPREAD_FULL_YEAR (the city's policy of spreading placements).
SPREAD_FACTOR = {1: 0.4, 2: 0.7, 3: 1.4, 4: 2.2, 5: 2.5}
SPREAD_FULL_YEAR = 2020

#: Activities: the log starts in this year; sessions are not held in July, around Christmas or during
#: the first pandemic spring, and fewer in 2021.
ACTIVITY_FIRST_YEAR = 2020
ACTIVITY_PAUSES = ((date(2020, 3, 16), date(2020, 8, 31)),)
ACTIVITY_YEAR_FACTOR = {2020: 0.8, 2021: 0.7}
PARTICIPANTS_SD = 0.3  # lognormal spread of a session's participants around the series mean
UNKNOWN_PARTICIPANTS = 0.03  # share of sessions logged without a participant count


def _measure(
    atgard_id: str,
    titel: str,
    beskrivning: str,
    ansvarig: str,
    partner: str,
    stadsdelar: str,
    start: str,
    end: str | None,
    status: str,
    evidens: str,
    evidens_kalla: str = "",
    indicators: Sequence[tuple[str, float, int]] = (),
) -> Measure:
    """A measure written compactly: partners and districts separated by ";", dates as ISO text."""
    return Measure(
        atgard_id=atgard_id,
        titel=titel,
        beskrivning=beskrivning,
        ansvarig=ansvarig,
        partner=tuple(partner.split(";")) if partner else (),
        stadsdelar=tuple(stadsdelar.split(";")),
        start=date.fromisoformat(start),
        end=date.fromisoformat(end) if end else None,
        status=status,
        evidens=evidens,
        evidens_kalla=evidens_kalla,
        indicators=tuple(LinkedIndicator(*i) for i in indicators),
    )


def _series(typ, arrangor, stadsdelar, first, last, per_year, participants, estimated, atgard_id="", weekday=None):
    return ActivitySeries(
        typ=typ,
        arrangor=arrangor,
        stadsdelar=tuple(stadsdelar.split(";")),
        first=date.fromisoformat(first),
        last=date.fromisoformat(last) if last else None,
        per_year=per_year,
        participants=participants,
        estimated=estimated,
        atgard_id=atgard_id,
        weekday=weekday,
    )


# Helsingborg: the measures aim mostly at the districts with the lowest employment (Drottninghög R005,
# Planteringen-Miatorp västra R019, Söder R026, Närlunda-Elineberg R017, Adolfsberg-Västergård R001,
# Fredriksdal-Filborna R008, Eneborg-Högaborg R006, Högasten-Miatorp östra R011, Dalhem-Väla södra R004).
# A01 (type 1 districts, two of three) and A03 (type 2, three of six) start early enough for a
# difference-in-differences against the untargeted districts of the same type; A11 targets every type 1
# district, so it has no comparison.
HELSINGBORG_PLAN = (
    _measure(
        "A01",
        "Jobbcoachning på plats i bostadsområdet",
        "Coacher med kontor i området stöttar boende som vill till arbete, praktik eller studier.",
        COMPANY,
        "Arbetsmarknadsförvaltningen;Arbetsförmedlingen",
        "1283R005;1283R019",
        "2018-08-20",
        None,
        "pagaende",
        "effekt_annanstans",
        f"Uppföljning av boendenära jobbcoachning i en annan kommun, 2016 {FICTITIOUS_REFERENCE}",
        (("forvarvsarbetande_20_64", 4, 2028), ("utfall:jobbcoachning", 60, 2026), ("insats:jobbcoachning", 1.2, 2026)),
    ),
    _measure(
        "A02",
        "Läxhjälp och studiero",
        "Läxhjälp två eftermiddagar i veckan i bolagets lokaler, med volontärer och studenter.",
        "Skol- och fritidsförvaltningen",
        f"{COMPANY};Röda Korset;Lunds universitet, Campus Helsingborg;Grundskolorna i området",
        "1283R005;1283R001;1283R008",
        "2019-01-14",
        None,
        "pagaende",
        "forskning",
        f"IFAU rapport 2019:4 {FICTITIOUS_REFERENCE}",
    ),
    _measure(
        "A03",
        "Studie- och yrkesvägledning i området",
        "Vägledare från vuxenutbildningen finns på plats för att fler ska läsa in grundskola och gymnasium.",
        "Arbetsmarknadsförvaltningen",
        f"{COMPANY};Arbetsförmedlingen",
        "1283R001;1283R004;1283R008",
        "2019-03-04",
        "2023-12-31",
        "genomford",
        "forskning",
        f"IFAU rapport 2017:8 om vuxenutbildningens effekter {FICTITIOUS_REFERENCE}",
        (("forgymnasial_20_64", -3, 2026), ("forvarvsarbetande_20_64", 3, 2027)),
    ),
    _measure(
        "A04",
        "Språkcaféer vid modulbostäderna",
        "Språkcaféer där nyanlända i modulbostäderna och grannar möts och övar svenska.",
        "Röda Korset",
        f"{COMPANY};Svenska kyrkan;Boende i området",
        "1283R020;1283R031;1283R024",
        "2017-10-02",
        None,
        "pagaende",
        "lokal_erfarenhet",
        f"Bolagets egen uppföljning av det första språkcaféet, 2018 {FICTITIOUS_REFERENCE}",
    ),
    _measure(
        "A05",
        "Sommarjobb för unga i bolagets områden",
        "Ungdomar 16–19 år som bor hos bolaget får ett första sommarjobb i sitt område.",
        COMPANY,
        "Arbetsmarknadsförvaltningen;Skol- och fritidsförvaltningen",
        ALL_DISTRICTS,
        "2017-05-02",
        None,
        "pagaende",
        "forskning",
        f"IFAU rapport 2020:12 om kommunala sommarjobb {FICTITIOUS_REFERENCE}",
        (("insats:sommarjobb", 1.1, 2026), ("utfall:sommarjobb", 90, 2026)),
    ),
    _measure(
        "A06",
        "Nyanställning av nyanlända i bolaget",
        "Sexmånadersanställningar i bolagets drift och förvaltning för nyanlända, med chans till förlängning.",
        COMPANY,
        "Arbetsförmedlingen;Arbetsmarknadsförvaltningen",
        ALL_DISTRICTS,
        "2019-09-02",
        None,
        "pagaende",
        "lokal_erfarenhet",
        f"Utvärdering av pilotomgången 2019–2020 {FICTITIOUS_REFERENCE}",
        (("insats:nyanstallning", 1.0, 2026), ("utfall:nyanstallning", 65, 2026)),
    ),
    _measure(
        "A07",
        "Volontärgrupper och grannskapsträffar",
        "Boende bildar volontärgrupper som ordnar träffar och aktiviteter för grannar i alla åldrar.",
        "Hyresgästföreningen",
        f"{COMPANY};Boende i området",
        "1283R005;1283R019;1283R017;1283R006",
        "2020-09-01",
        None,
        "pagaende",
        "lokal_erfarenhet",
    ),
    _measure(
        "A08",
        "Svenska och föräldrastöd för föräldrar",
        "Kurser i svenska och föräldraskap för föräldrar med barn i områdets skolor.",
        "Skol- och fritidsförvaltningen",
        f"Studieförbundet Vuxenskolan;{COMPANY};Grundskolorna i området",
        "1283R019;1283R011",
        "2021-02-01",
        None,
        "pausad",
        "effekt_annanstans",
        f"Utvärdering av föräldrakurser i Malmö, 2018 {FICTITIOUS_REFERENCE}",
        (("forgymnasial_20_64", -2, 2027), ("forvarvsarbetande_20_64", 2, 2027)),
    ),
    _measure(
        "A09",
        "Praktik och LiA tillsammans med högskolan",
        "Studenter och yrkeshögskoleelever gör praktik, LiA och examensarbeten hos bolaget.",
        COMPANY,
        "Lunds universitet, Campus Helsingborg;Yrkeshögskolan i Helsingborg",
        ALL_DISTRICTS,
        "2018-01-15",
        None,
        "pagaende",
        "lokal_erfarenhet",
        "",
        (("insats:praktik_lia", 1.2, 2026), ("utfall:praktik_lia", 70, 2027)),
    ),
    _measure(
        "A10",
        "Trygghetsvandringar",
        "Boende, bolaget och polisen går runt i området och åtgärdar otrygga platser.",
        COMPANY,
        "Polisen;Hyresgästföreningen;Boende i området",
        "1283R005;1283R026",
        "2022-04-04",
        "2024-06-30",
        "genomford",
        "ingen",
    ),
    _measure(
        "A11",
        "Samordnat stöd till egen försörjning",
        "Kommunen, Arbetsförmedlingen och bolaget ger hushåll med långvarigt bistånd en gemensam väg till arbete.",
        "Arbetsmarknadsförvaltningen",
        f"Arbetsförmedlingen;{COMPANY};Försäkringskassan",
        "1283R005;1283R019;1283R026",
        "2023-01-09",
        None,
        "pagaende",
        "forskning",
        f"IFAU rapport 2021:7 om samordnade insatser {FICTITIOUS_REFERENCE}",
        (
            ("langvarigt_bistand_arbetsloshet_20_64", -3, 2028),
            ("forvarvsarbetande_20_64", 3, 2028),
            ("utfall:alla", 55, 2027),
        ),
    ),
    _measure(
        "A12",
        "Mötesplats i ny områdeslokal",
        "En öppen mötesplats med föreningar och kommunal service i en ombyggd lokal.",
        COMPANY,
        "Kulturförvaltningen;Röda Korset;Hyresgästföreningen",
        "1283R008;1283R004",
        "2027-02-01",
        None,
        "planerad",
        "ingen",
    ),
)

HELSINGBORG_ACTIVITIES = (
    # Linked to the action plan
    _series("traff", COMPANY, "1283R005;1283R019", "2020-01-01", None, 3, 14, 0.2, "A01", 1),
    _series("laxhjalp", "Röda Korset", "1283R005;1283R001;1283R008", "2020-01-01", None, 4, 9, 0.0, "A02", 2),
    _series("sprakcafe", "Röda Korset", "1283R020;1283R031;1283R024", "2020-01-01", None, 3, 11, 0.1, "A04", 3),
    _series(
        "volontargrupp",
        "Hyresgästföreningen",
        "1283R005;1283R019;1283R017;1283R006",
        "2020-09-01",
        None,
        2,
        8,
        0.1,
        "A07",
    ),
    _series(
        "traff", "Hyresgästföreningen", "1283R005;1283R019;1283R017;1283R006", "2020-09-01", None, 1, 40, 0.8, "A07"
    ),
    _series(
        "kurs", "Studieförbundet Vuxenskolan", "1283R019;1283R011", "2021-02-01", "2023-06-15", 4, 10, 0.0, "A08", 0
    ),
    _series("traff", COMPANY, "1283R005;1283R026", "2022-04-04", "2024-06-30", 2, 18, 0.5, "A10"),
    # Not part of the plan
    _series("sprakcafe", "Stadsbiblioteket", "1283R009", "2020-01-01", None, 10, 16, 0.2, "", 1),
    _series("sprakcafe", "Svenska kyrkan", "1283R026", "2020-01-01", None, 6, 12, 0.3, "", 3),
    _series("volontargrupp", "Grannskapsgruppen i Påarp", "1283R020", "2020-01-01", None, 5, 7, 0.2, "", 2),
    _series("volontargrupp", "Grannskapsgruppen i Ödåkra", "1283R031", "2021-03-01", None, 4, 6, 0.2, "", 0),
    _series("traff", "Hyresgästföreningen", "1283R004;1283R008;1283R011", "2020-01-01", None, 2, 30, 0.7),
    _series("kurs", "ABF Helsingborg", "1283R006", "2020-01-01", None, 4, 9, 0.0, "", 2),
    _series("laxhjalp", "Skol- och fritidsförvaltningen", "1283R017", "2020-01-01", None, 5, 8, 0.0, "", 3),
)

# Tierp: T01 (Tierp Södra R007) and T07 (Söderfors R005), the two type 2 districts, each have the other as
# comparison for a difference-in-differences.
TIERP_PLAN = (
    _measure(
        "T01",
        "Boendenära jobbcoachning i Tierp Södra",
        "En jobbcoach i bolagets lokal hjälper boende vidare till arbete, praktik eller studier.",
        COMPANY,
        "Arbetsmarknadsförvaltningen;Arbetsförmedlingen",
        "0360R007",
        "2019-02-04",
        None,
        "pagaende",
        "effekt_annanstans",
        f"Uppföljning av boendenära jobbcoachning i Helsingborg, 2018 {FICTITIOUS_REFERENCE}",
        (("forvarvsarbetande_20_64", 3, 2027), ("utfall:jobbcoachning", 55, 2026), ("insats:jobbcoachning", 1.2, 2026)),
    ),
    _measure(
        "T02",
        "Samhällsintroduktion och språkstöd för nyanlända",
        "Nyanlända hyresgäster får språkstöd och introduktion till samhälle och arbetsliv nära hemmet.",
        "Arbetsmarknadsförvaltningen",
        f"{COMPANY};Studieförbundet Vuxenskolan;Arbetsförmedlingen",
        "0360R005",
        "2020-01-13",
        None,
        "pagaende",
        "forskning",
        f"IFAU rapport 2018:11 om etableringsinsatser {FICTITIOUS_REFERENCE}",
        (
            ("langvarigt_bistand_arbetsloshet_20_64", -2, 2027),
            ("insats:handlingsplan", 1.0, 2026),
            ("utfall:handlingsplan", 50, 2026),
        ),
    ),
    _measure(
        "T03",
        "Läxhjälp på fritidsgården",
        "Volontärer och lärarstudenter ger läxhjälp på fritidsgården efter skoltid.",
        "Barn- och utbildningsförvaltningen",
        "Röda Korset;Uppsala universitet;Skolan i området",
        "0360R007;0360R005",
        "2021-08-16",
        None,
        "pagaende",
        "forskning",
        f"Skolverkets kunskapsöversikt om läxhjälp, 2020 {FICTITIOUS_REFERENCE}",
    ),
    _measure(
        "T04",
        "Sommarjobb för unga hyresgäster",
        "Ungdomar som bor hos bolaget får sommarjobb i utemiljön och på kontoret.",
        COMPANY,
        "Kultur- och fritidsförvaltningen;Arbetsmarknadsförvaltningen",
        ALL_DISTRICTS,
        "2017-05-02",
        None,
        "pagaende",
        "lokal_erfarenhet",
        "",
        (("insats:sommarjobb", 1.1, 2026),),
    ),
    _measure(
        "T05",
        "Grannskapsträffar och volontärgrupp",
        "Hyresgäster ordnar träffar och en volontärgrupp som tar emot nya grannar.",
        "Hyresgästföreningen",
        f"{COMPANY};Boende i området",
        "0360R006;0360R007",
        "2022-03-01",
        None,
        "pausad",
        "lokal_erfarenhet",
    ),
    _measure(
        "T06",
        "Nyanställning i bolaget",
        "Sexmånadersanställningar för nyanlända i bolagets fastighetsskötsel.",
        COMPANY,
        "Arbetsförmedlingen",
        ALL_DISTRICTS,
        "2022-02-01",
        None,
        "pagaende",
        "effekt_annanstans",
        f"Utvärdering av motsvarande anställningar i ett annat bostadsbolag, 2021 {FICTITIOUS_REFERENCE}",
        (("insats:nyanstallning", 1.0, 2026), ("utfall:nyanstallning", 50, 2026)),
    ),
    _measure(
        "T07",
        "Vägledning till vuxenutbildning i Söderfors",
        "Vägledare besöker Söderfors varje vecka för att fler vuxna ska läsa in grundskola och gymnasium.",
        "Arbetsmarknadsförvaltningen",
        f"{COMPANY};Uppsala universitet",
        "0360R005",
        "2018-09-03",
        "2022-06-30",
        "genomford",
        "forskning",
        f"IFAU rapport 2017:8 om vuxenutbildningens effekter {FICTITIOUS_REFERENCE}",
        (("forgymnasial_20_64", -3, 2025),),
    ),
    _measure(
        "T08",
        "Mötesplats i Örbyhus",
        "En mötesplats för föreningar och boende i en av bolagets lokaler.",
        "Kultur- och fritidsförvaltningen",
        f"{COMPANY};Röda Korset",
        "0360R009",
        "2027-03-01",
        None,
        "planerad",
        "ingen",
    ),
)

TIERP_ACTIVITIES = (
    # Linked to the action plan
    _series("traff", COMPANY, "0360R007", "2020-01-01", None, 2, 12, 0.3, "T01", 2),
    _series("kurs", "Studieförbundet Vuxenskolan", "0360R005", "2020-01-13", None, 4, 8, 0.0, "T02", 1),
    _series("laxhjalp", "Röda Korset", "0360R007;0360R005", "2021-08-16", None, 2, 7, 0.0, "T03", 3),
    _series("volontargrupp", "Hyresgästföreningen", "0360R006;0360R007", "2022-03-01", "2024-05-31", 2, 6, 0.2, "T05"),
    # Not part of the plan
    _series("sprakcafe", "Tierps bibliotek", "0360R006", "2020-01-01", None, 6, 9, 0.2, "", 2),
    _series("sprakcafe", "Svenska kyrkan", "0360R009", "2020-01-01", None, 2, 7, 0.3, "", 1),
    _series("traff", "Hyresgästföreningen", "0360R001", "2020-01-01", None, 1, 25, 0.8),
)

HELSINGBORG_STRATEGY = Strategy(
    plan=HELSINGBORG_PLAN,
    # After the settlement law of 2016 many were placed; fewer from 2019; more again in 2022 (Ukraine).
    placed_persons={
        2016: 118,
        2017: 104,
        2018: 78,
        2019: 61,
        2020: 44,
        2021: 47,
        2022: 92,
        2023: 70,
        2024: 52,
        2025: 41,
    },
    # Modular homes in outer districts, built 2017–2019.
    modular={
        "1283R020": (2017, 1.0),
        "1283R031": (2017, 1.0),
        "1283R024": (2018, 0.7),
        "1283R012": (2018, 0.6),
        "1283R030": (2019, 0.6),
        "1283R002": (2019, 0.4),
    },
    modular_share={2016: 0.0, 2017: 0.25, 2018: 0.4, 2022: 0.3},
    corridor=("1283R009", "1283R018", "1283R022", "1283R027", "1283R029"),
    activities=HELSINGBORG_ACTIVITIES,
)

TIERP_STRATEGY = Strategy(
    plan=TIERP_PLAN,
    placed_persons={2016: 29, 2017: 26, 2018: 19, 2019: 14, 2020: 10, 2021: 11, 2022: 24, 2023: 18, 2024: 13, 2025: 10},
    modular={"0360R006": (2017, 1.0), "0360R009": (2018, 0.8), "0360R001": (2019, 0.5)},
    modular_share={2016: 0.0, 2017: 0.3, 2018: 0.4, 2022: 0.3},
    corridor=("0360R006",),
    activities=TIERP_ACTIVITIES,
)

#: The strategy's source line in meta.json: what the action plan, placements and activities are.
STRATEGY_SOURCE = (
    "Handlingsplan, placeringar av nyanlända och aktiviteter är fiktiva demodata: åtgärder, målvärden, "
    "hänvisningar och siffror är påhittade, och de namngivna organisationerna har inte gjort dessa åtaganden"
)

#: The map's source line in meta.json: what the schematic cells take from reality.
MAP_SOURCE = (
    "Kartan: en punkt i varje stadsdel och stadsdelens yta, mätta på SCB:s gränser; själva gränserna är "
    "schematiska, inte SCB:s"
)

HELSINGBORG = Municipality(
    slug="helsingborg",
    kod="1283",
    namn="Helsingborg",
    id_prefix="HBG",
    seed=1283,
    districts=HELSINGBORG_DISTRICTS,
    anchor_year=2023,
    population_total=151_000,
    pinned_population=frozenset({"1283R005"}),
    employment_target=(2021, 75.0),
    foreign_target=(2016, 24.0),
    foreign_slope=1.5,
    foreign_rise=0.35,
    employment_base=92.0,
    income_base=385.0,
    income_slope=5.5,
    apartments_total=11_600,
    outline=HELSINGBORG_OUTLINE,
    programmes=(
        _jobbcoachning(2016, 66, goal_positive={2016: 15, 2017: 30}, goal_enrolled=60),  # 2016: start-up year
        _nyanstallning(
            2019,
            enrolled={2019: 6, 2020: 8, 2021: 10, 2022: 12, 2023: 12, 2024: 12, 2025: 12},
            extensions={2019: 4, 2020: 5, 2021: 6, 2022: 7},
            pilot=(6, 4),  # the first pilot: 4 of 6 were offered an extension
        ),
        _sommarjobb(2016, 76, goals={2016: 60, 2020: 70}),
        PRAKTIK_LIA,
    ),
    beskrivning=(
        "Fiktiva demodata för Helsingborgs kommun. Stadsdelarna är SCB:s regionala statistikområden (RegSO) "
        "med verkliga koder, namn och områdestyper för 2022, men all statistik per stadsdel, alla insatser, "
        "mål och deltagare är påhittade. Siffrorna är kalibrerade mot verkliga totaler: cirka 151 000 "
        "invånare 2023, sysselsättningsgrad 20–64 år cirka 75 % 2021 och cirka 24 % utrikes födda 2016. "
        "Kartan är schematisk: varje stadsdel är en cell kring en verklig punkt i stadsdelen, med en yta "
        "ungefär i proportion till den verkliga, men gränserna är inte SCB:s. Handlingsplanen med dess "
        "åtgärder, aktörer och målvärden, placeringarna av nyanlända och aktivitetsloggen är också "
        "fiktiva."
    ),
    strategy=HELSINGBORG_STRATEGY,
    kallor=(
        "SCB: RegSO-indelningen (koder och namn) och områdestyper 2022 – verkliga uppgifter",
        "Kalibreringsnivåer (avrundade offentliga uppgifter): folkmängd 2023, sysselsättningsgrad 20–64 år "
        "2021, andel utrikes födda 2016, Drottninghögs folkmängd",
        "Insatserna är inspirerade av Helsingborgshems Eget Driv och Helsingborg Vill; deltagare och utfall "
        "är påhittade",
        STRATEGY_SOURCE,
        MAP_SOURCE,
        "Genererat av data/generate_demo.py (deterministiskt)",
    ),
)

TIERP = Municipality(
    slug="tierp",
    kod="0360",
    namn="Tierp",
    id_prefix="TRP",
    seed=360,
    districts=TIERP_DISTRICTS,
    anchor_year=2024,
    population_total=21_100,
    pinned_population=frozenset(),
    employment_target=(2023, 81.0),
    foreign_target=(2016, 9.5),
    foreign_slope=0.8,
    foreign_rise=0.3,
    employment_base=95.0,
    income_base=360.0,
    income_slope=5.0,
    apartments_total=2_250,
    outline=TIERP_OUTLINE,
    programmes=(
        _jobbcoachning(2019, 22, goal_positive={2019: 6, 2020: 12}, goal_enrolled=20),
        _nyanstallning(2022, enrolled={2022: 4}, extensions={2022: 2}),
        _sommarjobb(2016, 18, goals={2016: 15, 2021: 18}),
        HANDLINGSPLAN,
    ),
    beskrivning=(
        "Fiktiva demodata för Tierps kommun. Stadsdelarna är SCB:s regionala statistikområden (RegSO) med "
        "verkliga koder, namn och områdestyper för 2022, men all statistik per stadsdel, alla insatser, mål "
        "och deltagare är påhittade. Siffrorna är kalibrerade mot verkliga totaler: cirka 21 100 invånare "
        "2024 och sysselsättningsgrad 20–64 år cirka 81 % 2023. Kartan är schematisk: varje stadsdel är en cell "
        "kring en verklig punkt i stadsdelen, med en yta ungefär i proportion till den verkliga, men gränserna "
        "är inte SCB:s. Handlingsplanen med dess åtgärder, aktörer och målvärden, placeringarna av nyanlända "
        "och aktivitetsloggen är också fiktiva."
    ),
    strategy=TIERP_STRATEGY,
    kallor=(
        "SCB: RegSO-indelningen (koder och namn) och områdestyper 2022 – verkliga uppgifter",
        "Kalibreringsnivåer (avrundade offentliga uppgifter): folkmängd 2024, sysselsättningsgrad 20–64 år 2023",
        "Handlingsplanen är inspirerad av Tierpsbyggens integrationsstrategi; deltagare och utfall är påhittade",
        STRATEGY_SOURCE,
        MAP_SOURCE,
        "Genererat av data/generate_demo.py (deterministiskt)",
    ),
)

MUNICIPALITIES = (HELSINGBORG, TIERP)


# --------------------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------------------
def index_band(scb_type: int, mean: float = DEFAULT_INDEX_MEAN, sd: float = DEFAULT_INDEX_SD) -> tuple[float, float]:
    """The [low, high) band of the socioeconomic index for an area type."""
    edges = {1: (2, np.inf), 2: (1, 2), 3: (0, 1), 4: (-1, 0), 5: (-np.inf, -1)}[scb_type]
    return mean + edges[0] * sd, mean + edges[1] * sd


def target_index_2022(district: District, rng: np.random.Generator) -> float:
    """A 2022 index well inside the band of the district's real SCB type."""
    jitter = rng.uniform(-TARGET_JITTER_SD, TARGET_JITTER_SD)
    if district.code in INDEX_2022_OVERRIDE:
        return INDEX_2022_OVERRIDE[district.code]
    return DEFAULT_INDEX_MEAN + (TYPE_TARGET_SD[district.scb_type] + jitter) * DEFAULT_INDEX_SD


def random_walk(rng: np.random.Generator, sd: float, anchor_year: int) -> np.ndarray:
    """A random walk over YEARS that is exactly zero in the anchor year."""
    walk = np.cumsum(rng.normal(0.0, sd, len(YEARS)))
    return walk - walk[YEARS.index(anchor_year)]


def district_paths(kommun: Municipality, rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    """Per district: yearly population, 20–64 share, index and component weights (before calibration)."""
    pinned = sum(d.population for d in kommun.districts if d.code in kommun.pinned_population)
    free = sum(d.population for d in kommun.districts if d.code not in kommun.pinned_population)
    scale = (kommun.population_total - pinned) / free
    years = np.array(YEARS)
    paths = {}
    for d in kommun.districts:
        anchor_pop = d.population * (1.0 if d.code in kommun.pinned_population else scale)
        growth = (1 + d.growth / 100) ** (years - kommun.anchor_year)
        population = anchor_pop * growth * np.exp(random_walk(rng, POPULATION_WALK_SD, kommun.anchor_year))

        challenged = d.scb_type <= 2
        share = WORKING_AGE_SHARE[d.kind] + (WORKING_AGE_CHALLENGED if challenged else 0.0)
        share = share + rng.normal(0, WORKING_AGE_SD) + WORKING_AGE_DRIFT * (years - 2016)

        index_2022 = target_index_2022(d, rng)
        trend_mean, trend_sd = INDEX_TREND_CHALLENGED if challenged else INDEX_TREND_OTHER
        trend = rng.normal(trend_mean, trend_sd)
        walk = random_walk(rng, INDEX_WALK_SD, SCB_TYPE_YEAR)
        index = index_2022 * np.exp(trend * (years - SCB_TYPE_YEAR) + walk)

        weights = COMPONENT_WEIGHTS * (1 + rng.uniform(-COMPONENT_JITTER, COMPONENT_JITTER, 3))
        weights = weights * 3 / weights.sum()

        paths[d.code] = {
            "population": population,
            "share_20_64": share,
            "index": index,
            "index_2022": np.array(index_2022),
            "weights": weights,
            "employment_noise": np.array(rng.normal(0, EMPLOYMENT_DISTRICT_SD)),
            "foreign_noise": np.array(rng.normal(0, FOREIGN_DISTRICT_SD)),
            "income_noise": np.array(rng.normal(0, INCOME_DISTRICT_SD)),
            "apartment_noise": np.array(rng.lognormal(0, 0.25)),
            "new_build_year": np.array(rng.integers(2017, 2025)),
        }
    return paths


def _calibration_shift(rates: dict[str, np.ndarray], weights: dict[str, np.ndarray], year: int, target: float) -> float:
    """Constant (percentage points) that makes the weighted municipal rate in ``year`` equal the target."""
    i = YEARS.index(year)
    total = sum(weights[c][i] for c in rates)
    current = sum(rates[c][i] * weights[c][i] for c in rates) / total
    return float(target - current)


def apartments(kommun: Municipality, paths: dict, counts: dict) -> dict[str, np.ndarray]:
    """The company's apartments per district and year: a 2016 stock plus one new building in growing areas."""
    raw = {}
    for d in kommun.districts:
        households = counts[d.code]["folkmangd"][0] / PERSONS_PER_HOUSEHOLD
        if d.code in APARTMENT_SHARE_OVERRIDE:
            raw[d.code] = households * APARTMENT_SHARE_OVERRIDE[d.code]
            continue
        factor = APARTMENT_RURAL_FACTOR if d.kind == "rural" else 1.0
        raw[d.code] = households * APARTMENT_SHARE_BY_TYPE[d.scb_type] * factor * paths[d.code]["apartment_noise"]
    scale = kommun.apartments_total / sum(raw.values())
    result = {}
    years = np.array(YEARS)
    for d in kommun.districts:
        base = round(raw[d.code] * scale)
        stock = np.full(len(YEARS), base)
        if d.growth >= NEW_BUILD_MIN_GROWTH:
            stock = stock + np.where(years >= paths[d.code]["new_build_year"], round(base * NEW_BUILD_SIZE), 0)
        result[d.code] = stock
    return result


def build_statistics(kommun: Municipality, rng: np.random.Generator) -> tuple[list[dict], dict]:
    """Rows of statistik.csv (as dicts of typed values) and the per-district design (for participants)."""
    paths = district_paths(kommun, rng)
    years = np.array(YEARS)
    counts: dict[str, dict[str, np.ndarray]] = {}
    for code, p in paths.items():
        folkmangd = np.round(p["population"]).astype(int)
        counts[code] = {"folkmangd": folkmangd, "folkmangd_20_64": np.round(folkmangd * p["share_20_64"]).astype(int)}

    employment = {}
    foreign = {}
    for d in kommun.districts:
        p = paths[d.code]
        pandemic = np.array([EMPLOYMENT_PANDEMIC.get(y, 0.0) for y in YEARS])
        employment[d.code] = (
            kommun.employment_base
            - EMPLOYMENT_SLOPE * p["index"]
            + EMPLOYMENT_TREND * (years - 2016)
            + pandemic
            + p["employment_noise"]
        )
        foreign[d.code] = (
            kommun.foreign_slope * p["index_2022"] + kommun.foreign_rise * (years - 2016) + p["foreign_noise"]
        )
    denominators_20_64 = {c: counts[c]["folkmangd_20_64"] for c in counts}
    denominators_all = {c: counts[c]["folkmangd"] for c in counts}
    employment_shift = _calibration_shift(employment, denominators_20_64, *kommun.employment_target)
    foreign_shift = _calibration_shift(foreign, denominators_all, *kommun.foreign_target)

    for d in kommun.districts:
        p, c = paths[d.code], counts[d.code]
        v3_bump = np.array([PANDEMIC_V3.get(y, 1.0) for y in YEARS])
        v1, v2, v3 = (p["weights"][k] * p["index"] / 100 for k in range(3))
        v3 = v3 * v3_bump
        employment_rate = np.clip(employment[d.code] + employment_shift, 30, 92) / 100
        foreign_share = np.clip(foreign[d.code] + foreign_shift, 2, 85) / 100
        c["utrikes_fodda"] = np.round(c["folkmangd"] * foreign_share).astype(int)
        c["forvarvsarbetande_20_64"] = np.round(c["folkmangd_20_64"] * employment_rate).astype(int)
        c["lag_ekonomisk_standard"] = np.round(c["folkmangd"] * v1).astype(int)
        c["forgymnasial_20_64"] = np.round(c["folkmangd_20_64"] * v2).astype(int)
        c["langvarigt_bistand_arbetsloshet_20_64"] = np.round(c["folkmangd_20_64"] * v3).astype(int)
        income = (kommun.income_base - kommun.income_slope * p["index"]) * (1 + INCOME_GROWTH) ** (years - 2022)
        c["medianinkomst_tkr"] = np.round(income * (1 + p["income_noise"]), 1)

    stock = apartments(kommun, paths, counts)
    rows = []
    for d in kommun.districts:
        c = counts[d.code]
        for i, year in enumerate(YEARS):
            row = {"stadsdel_kod": d.code, "ar": year}
            for column in STATISTICS_COLUMNS[2:]:
                if column == "lagenheter":
                    row[column] = int(stock[d.code][i])
                elif column == "omradestyp_scb":
                    row[column] = d.scb_type if year == SCB_TYPE_YEAR else None
                elif column == "medianinkomst_tkr":
                    row[column] = float(c[column][i])
                else:
                    row[column] = int(c[column][i])
            rows.append(row)
    design = {
        code: {"index_2022": float(p["index_2022"]), "apartments": int(stock[code][YEARS.index(2022)])}
        for code, p in paths.items()
    }
    return rows, design


def check_area_types(kommun: Municipality, rows: Sequence[dict]) -> None:
    """Fail loudly if a 2022 index recomputed from the rounded counts leaves its SCB type's band."""
    types = {d.code: d.scb_type for d in kommun.districts}
    for row in rows:
        if row["ar"] != SCB_TYPE_YEAR:
            continue
        index = (
            (
                row["lag_ekonomisk_standard"] / row["folkmangd"]
                + row["forgymnasial_20_64"] / row["folkmangd_20_64"]
                + row["langvarigt_bistand_arbetsloshet_20_64"] / row["folkmangd_20_64"]
            )
            * 100
            / 3
        )
        low, high = index_band(types[row["stadsdel_kod"]])
        if not low <= index < high:
            raise RuntimeError(f"{row['stadsdel_kod']}: 2022 index {index:.1f} outside [{low}, {high})")


# --------------------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------------------
_TO_SWEREF = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def to_sweref(lat: float, lon: float) -> tuple[float, float]:
    """A WGS 84 (lat, lon) as SWEREF 99 TM (x, y) in metres."""
    x, y = _TO_SWEREF.transform(lon, lat)
    return float(x), float(y)


def _clip(vertices: np.ndarray, labels: list[int], normal: np.ndarray, offset: float, label: int):
    """A convex polygon cut to the half-plane ``normal · x <= offset`` (Sutherland–Hodgman).

    ``labels[k]`` names the constraint that made the edge from vertex k to vertex k + 1; the new edge along
    the cut gets ``label``."""
    side = vertices @ normal - offset
    if (side <= 0).all():
        return vertices, labels
    kept: list[np.ndarray] = []
    kept_labels: list[int] = []
    count = len(vertices)
    for k in range(count):
        p, q = vertices[k], vertices[(k + 1) % count]
        fp, fq = float(side[k]), float(side[(k + 1) % count])
        if fp <= 0:
            kept.append(p)
            kept_labels.append(labels[k])
            if fq > 0:
                kept.append(p + fp / (fp - fq) * (q - p))
                kept_labels.append(label)
        elif fq <= 0:
            kept.append(p + fp / (fp - fq) * (q - p))
            kept_labels.append(labels[k])
    return np.array(kept).reshape(-1, 2), kept_labels


def power_diagram(points: np.ndarray, weights: np.ndarray, region) -> tuple[list, np.ndarray, np.ndarray]:
    """The power diagram (weighted Voronoi) of ``points`` clipped to ``region``.

    Cell i is {x : |x − p_i|² − w_i <= |x − p_j|² − w_j for every j}. Returns the cells (shapely), their
    areas and an n × n matrix of the length of the border each pair shares inside the region.
    """
    x0, y0, x1, y1 = region.bounds
    frame = np.array([[x0 - 1, y0 - 1], [x1 + 1, y0 - 1], [x1 + 1, y1 + 1], [x0 - 1, y1 + 1]])
    n = len(points)
    cells = []
    shared = np.zeros((n, n))
    for i in range(n):
        vertices, labels = frame, [-1] * len(frame)
        for j in range(n):
            if j != i and len(vertices) >= 3:
                normal = points[j] - points[i]
                offset = (points[j] @ points[j] - points[i] @ points[i] + weights[i] - weights[j]) / 2
                vertices, labels = _clip(vertices, labels, normal, float(offset), j)
        if len(vertices) < 3:
            cells.append(Polygon())
            continue
        cells.append(Polygon(vertices).intersection(region))
        for k, j in enumerate(labels):
            if j >= 0:
                edge = LineString([vertices[k], vertices[(k + 1) % len(vertices)]])
                shared[i, j] += edge.intersection(region).length
    return cells, np.array([cell.area for cell in cells]), (shared + shared.T) / 2


def keep_points_inside(weights: np.ndarray, points: np.ndarray, margin: float = CONTAINMENT_MARGIN) -> np.ndarray:
    """The largest weights, none above the given ones, with w_j − w_i <= margin · |p_i − p_j|² for all pairs.

    Under these constraints every point lies inside its own power cell, at least (1 − margin) / 2 of the
    way from it to any other point before the border between them (a shortest-path closure, exact after at
    most n rounds)."""
    squared = ((points[:, None] - points[None]) ** 2).sum(axis=-1)
    np.fill_diagonal(squared, np.inf)
    for _ in range(len(points)):
        lowered = np.minimum(weights, (weights[:, None] + margin * squared).min(axis=0))
        if np.array_equal(lowered, weights):
            break
        weights = lowered
    return weights


def fit_power_cells(points: np.ndarray, targets: np.ndarray, region) -> tuple[list, np.ndarray]:
    """Power cells of ``points`` tiling ``region`` with areas as close to ``targets`` as containment allows.

    Damped Newton steps on the weights (the area of cell i changes with w_j by the shared border over twice
    the distance of the points), each followed by ``keep_points_inside``. Returns the cells and areas."""
    n = len(points)
    distance = np.sqrt(((points[:, None] - points[None]) ** 2).sum(axis=-1))
    np.fill_diagonal(distance, 1.0)
    weights = np.zeros(n)
    for _ in range(POWER_FIT_ITERATIONS):
        _, areas, shared = power_diagram(points, weights, region)
        coupling = shared / (2 * distance)
        hessian = np.diag(coupling.sum(axis=1)) - coupling + 1e-9 * np.eye(n)
        step = np.linalg.lstsq(hessian, targets - areas, rcond=None)[0]
        fitted = keep_points_inside(weights + POWER_FIT_STEP * step, points)
        fitted = fitted - fitted.mean()
        converged = float(np.abs(fitted - weights).max()) < 1.0
        weights = fitted
        if converged:
            break
    cells, areas, _ = power_diagram(points, weights, region)
    return cells, areas


def town_discs(points: np.ndarray, targets: np.ndarray, towns: Sequence[int], region) -> dict[int, Polygon]:
    """Round cells for town districts: a disc around each town's point with the town's target area.

    A disc's radius stays below TOWN_RADIUS_CAP times the distance to the nearest other district's point,
    so it never covers another point; overlapping discs are split along their radical axis (the power
    diagram of the towns with weights r²)."""
    others = ((points[:, None] - points[None]) ** 2).sum(axis=-1)
    np.fill_diagonal(others, np.inf)
    caps = TOWN_RADIUS_CAP * np.sqrt(others.min(axis=1))
    towns = list(towns)
    if not towns:
        return {}
    radii = {i: min(caps[i], float(np.sqrt(targets[i] / np.pi))) for i in towns}

    def cell(i: int, radius: float) -> Polygon:
        trial = radii | {i: radius}
        weights = np.array([trial[t] ** 2 for t in towns])
        split, _, _ = power_diagram(points[towns], weights, region)
        disc = Point(points[i]).buffer(radius, quad_segs=16)
        return split[towns.index(i)].intersection(disc)

    for _ in range(3):
        for i in towns:
            low, high = 0.0, float(caps[i])
            for _ in range(30):
                middle = (low + high) / 2
                low, high = (middle, high) if cell(i, middle).area < targets[i] else (low, middle)
            radii[i] = high
    return {i: cell(i, radii[i]) for i in towns}


def one_part_each(pieces: dict[str, object], centres: dict[str, Point]) -> dict[str, Polygon]:
    """Every piece as the single polygon that holds its centre; a stray part (cut off by a town disc or by
    the outline) goes to the piece it shares the longest border with."""
    pieces = dict(pieces)
    for _ in range(5):
        strays = []
        for code in sorted(pieces):
            parts = [p for p in shapely.get_parts(pieces[code]) if p.geom_type == "Polygon" and p.area > 0]
            own = [p for p in parts if p.contains(centres[code])]
            if len(own) != 1:
                raise RuntimeError(f"{code}: the schematic cell does not hold its centre")
            pieces[code] = own[0]
            strays += [p for p in parts if p is not own[0]]
        if not strays:
            return pieces
        for part in strays:
            border = {code: part.boundary.intersection(pieces[code].boundary).length for code in sorted(pieces)}
            best = max(border, key=lambda code: border[code])
            pieces[best] = shapely.union_all([pieces[best], part])
    raise RuntimeError("stray parts of schematic cells did not settle")


def schematic_polygons(kommun: Municipality) -> dict[str, Polygon]:
    """Schematic district polygons in EPSG:3006 on a 1 m grid, weighted by the districts' real areas.

    The municipal outline is shared out in proportion to the real areas (PRODUCT.md) as a power diagram
    around each district's real point (``fit_power_cells``), constrained so that every point stays inside its
    own cell. Where that constraint leaves a district more than TOWN_RATIO times too large (a small town in
    a large rural district), the district becomes a disc of its own area around its point (``town_discs``)
    and the rest is fitted again. Borders are schematic: no SCB boundary is used.
    """
    outline = Polygon([to_sweref(lat, lon) for lat, lon in kommun.outline])
    origin = np.round(np.array(outline.centroid.coords[0]))  # whole metres, so the grid is unchanged
    local = shapely.affinity.translate(outline, -origin[0], -origin[1])
    codes = [d.code for d in kommun.districts]
    points = np.array([to_sweref(d.lat, d.lon) for d in kommun.districts]) - origin
    if not all(local.contains(Point(p)) for p in points):
        raise RuntimeError(f"{kommun.namn}: a district point lies outside the outline")
    real = np.array([d.area_km2 for d in kommun.districts])
    targets = real / real.sum() * local.area

    towns: list[int] = []
    while True:
        discs = town_discs(points, targets, towns, local)
        region = local.difference(shapely.union_all(list(discs.values()))) if discs else local
        rest = [i for i in range(len(codes)) if i not in discs]
        scaled = targets[rest] * region.area / targets[rest].sum()
        cells, areas = fit_power_cells(points[rest], scaled, region)
        too_large = [rest[k] for k in range(len(rest)) if areas[k] > TOWN_RATIO * scaled[k]]
        if not too_large or len(towns) + len(too_large) > MAX_TOWNS:
            break
        towns = sorted(towns + too_large)

    pieces = {codes[i]: cell for i, cell in zip(rest, cells, strict=True)} | {codes[i]: d for i, d in discs.items()}
    centres = {code: Point(p) for code, p in zip(codes, points, strict=True)}
    pieces = one_part_each(pieces, centres)
    pieces = {code: shapely.affinity.translate(p, origin[0], origin[1]) for code, p in pieces.items()}

    polygons = {}
    for code, polygon in on_grid(pieces).items():
        if polygon.geom_type != "Polygon" or polygon.is_empty or not polygon.is_valid:
            raise RuntimeError(f"{code}: schematic cell is not one valid polygon ({polygon.geom_type})")
        centre = shapely.affinity.translate(centres[code], origin[0], origin[1])
        if not polygon.contains(centre):
            raise RuntimeError(f"{code}: schematic cell does not hold the district's point")
        polygons[code] = orient(shapely.normalize(polygon), sign=1.0)
    return polygons


def on_grid(pieces: dict[str, Polygon]) -> dict[str, Polygon]:
    """The same tiling with vertices on the 1 m grid and no slivers, gaps or overlaps between neighbours.

    Rounding each polygon on its own would not keep shared edges identical, so the boundaries of all
    pieces are noded together on the grid, polygonized into faces, and every face goes back to the piece
    that contains it (a sliver face in a gap between pieces: to the piece it overlaps or borders most).
    """
    lines = shapely.union_all([p.boundary for p in pieces.values()], grid_size=GRID_M)
    faces = list(shapely.polygonize(shapely.get_parts(lines)).geoms)
    owner: dict[str, list[Polygon]] = {code: [] for code in pieces}
    for face in faces:
        inside = face.point_on_surface()
        code = next((c for c, p in pieces.items() if p.contains(inside)), None)
        if code is None:
            overlap = {c: pieces[c].intersection(face).area for c in sorted(pieces)}
            if max(overlap.values()) <= 0:
                overlap = {c: pieces[c].boundary.intersection(face.boundary).length for c in sorted(pieces)}
            code = max(overlap, key=lambda c: overlap[c])
        owner[code].append(face)
    return {code: shapely.union_all(parts, grid_size=GRID_M) for code, parts in owner.items()}


def _ring(ring) -> list[list[int]]:
    return [[round(x), round(y)] for x, y in ring.coords]


def geojson_text(kommun: Municipality, polygons: dict[str, Polygon]) -> str:
    """A FeatureCollection in EPSG:3006 with one feature per line, sorted by code."""
    names = {d.code: d.name for d in kommun.districts}
    features = []
    for code in sorted(polygons):
        polygon = polygons[code]
        feature = {
            "type": "Feature",
            "properties": {"stadsdel_kod": code, "stadsdel_namn": names[code]},
            "geometry": {
                "type": "Polygon",
                "coordinates": [_ring(polygon.exterior)] + [_ring(r) for r in polygon.interiors],
            },
        }
        features.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    header = {
        "type": "FeatureCollection",
        "name": "stadsdelar",
        "crs": {"type": "name", "properties": {"name": CRS_URN}},
    }
    head = json.dumps(header, ensure_ascii=False)[:-1]
    return head + ', "features": [\n' + ",\n".join(features) + "\n]}\n"


# --------------------------------------------------------------------------------------------------------
# Participants
# --------------------------------------------------------------------------------------------------------
@dataclass
class Person:
    deltagare_id: str
    stadsdel_kod: str
    malgrupp: str
    kon: str
    fodelsear: int
    busy_until: date


class PersonRegistry:
    """Creates pseudonymous participants and sometimes lets an earlier one enrol again."""

    def __init__(self, prefix: str, rng: np.random.Generator, capacity: int = 999_999):
        self.prefix = prefix
        self.rng = rng
        self.numbers = iter(rng.permutation(np.arange(1, capacity + 1))[:20_000])
        self.people: list[Person] = []

    def pick(
        self, district: str, malgrupp: str, kon: str, age_range: tuple[int, int], start: date, repeat: float
    ) -> Person:
        """An earlier participant (probability ``repeat``, if one fits) or a new one.

        Always draws the same three numbers, so one enrolment's fate does not shift later draws."""
        reuse, which, age = self.rng.random(), self.rng.random(), int(self.rng.integers(age_range[0], age_range[1] + 1))
        if reuse < repeat:
            candidates = [
                p
                for p in self.people
                if p.stadsdel_kod == district
                and p.malgrupp == malgrupp
                and p.busy_until < start
                and age_range[0] <= start.year - p.fodelsear <= age_range[1]
            ]
            if candidates:
                return candidates[int(which * len(candidates))]
        person = Person(f"{self.prefix}-{next(self.numbers):06d}", district, malgrupp, kon, start.year - age, start)
        self.people.append(person)
        return person


def _choice(rng: np.random.Generator, probs: dict[str, float]) -> str:
    keys = list(probs)
    p = np.array([probs[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + np.exp(-x))


def _random_date(rng: np.random.Generator, year: int, months: Sequence[float] = MONTH_WEIGHTS) -> date:
    month = int(rng.choice(12, p=np.array(months) / sum(months))) + 1
    first = date(year, month, 1)
    days = ((date(year + month // 12, month % 12 + 1, 1)) - first).days
    return first + timedelta(days=int(rng.integers(days)))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def planned_period(rng: np.random.Generator, kind: str, year: int) -> tuple[date, date]:
    """Start and planned end of an enrolment for a duration rule."""
    if kind == "summer":
        start = date(year, 6, 15) + timedelta(days=int(rng.integers(0, 29)))
        return start, start + timedelta(days=int(rng.integers(20, 28)))
    if kind == "internship":
        months = (1.0, 1.0, 0.7, 0.3, 0.0, 0.0, 0.0, 0.6, 1.0, 0.6, 0.2, 0.0)
        start = _random_date(rng, year, months)
        return start, start + timedelta(weeks=int(rng.integers(8, 21)))
    if kind == "action_plan":
        start = _random_date(rng, year)
        return start, start + timedelta(days=int(rng.integers(90, 275)))
    start = _random_date(rng, year)  # coaching: 3–12 months
    return start, start + timedelta(days=int(rng.integers(90, 366)))


def year_effect(year: int) -> float:
    return YEAR_TREND * (year - 2020) + YEAR_DIP.get(year, 0.0)


def follow_ups(rng: np.random.Generator, exit_status: str, end: date) -> tuple[str, str]:
    """Statuses 6 and 12 months after the end (empty when not (yet) followed up)."""
    six = twelve = ""
    if add_months(end, 6) <= DATA_END and rng.random() < FOLLOW_UP_6M:
        six = FOLLOW_UP_STATES[int(rng.choice(4, p=FOLLOW_UP_TRANSITIONS[exit_status]))]
        if add_months(end, 12) <= DATA_END and rng.random() < FOLLOW_UP_12M:
            twelve = FOLLOW_UP_STATES[int(rng.choice(4, p=FOLLOW_UP_TRANSITIONS[six]))]
    return six, twelve


def _district_weights(kommun: Municipality, design: dict, focus: str) -> tuple[list[str], np.ndarray]:
    codes = [d.code for d in kommun.districts]
    weights = np.array(
        [(design[d.code]["apartments"] + 10) * FOCUS_BY_TYPE[focus][d.scb_type] for d in kommun.districts]
    )
    return codes, weights / weights.sum()


def _enrolment(person: Person, programme: str, start: date, end: date | None, utfall: str, **optional) -> dict:
    row = {
        "deltagare_id": person.deltagare_id,
        "insats": programme,
        "stadsdel_kod": person.stadsdel_kod,
        "startdatum": start.isoformat(),
        "slutdatum": end.isoformat() if end else "",
        "utfall": utfall,
        "malgrupp": person.malgrupp,
        "kon": person.kon,
        "fodelsear": str(person.fodelsear),
    }
    for column in ("roll", "forlangning", "utfall_6m", "utfall_12m"):
        row[column] = optional.get(column, "")
    return row


def _age_range(programme: str, malgrupp: str) -> tuple[int, int]:
    return PROGRAMME_MALGRUPP_AGE_RANGE.get(
        (programme, malgrupp), PROGRAMME_AGE_RANGE.get(programme, AGE_RANGE[malgrupp])
    )


def programme_enrolments(
    prog: Programme, kommun: Municipality, design: dict, effects: dict, registry: PersonRegistry, seed_key: list
) -> list[dict]:
    """Enrolments of an all-year or summer programme with logistic outcomes (one random stream per year)."""
    codes, weights = _district_weights(kommun, design, prog.focus)
    rows = []
    for year in range(prog.first_year, YEARS[-1] + 1):
        rng = np.random.default_rng([*seed_key, year])
        mean = prog.intake * INTAKE_FACTOR.get(year, 1.0)
        for _ in range(max(0, round(rng.normal(mean, INTAKE_CV * mean)))):
            district = codes[int(rng.choice(len(codes), p=weights))]
            malgrupp = _choice(rng, prog.malgrupp)
            kon = _choice(rng, GENDER_PROBS)
            start, end = planned_period(rng, prog.duration, year)
            person = registry.pick(district, malgrupp, kon, _age_range(prog.code, malgrupp), start, prog.repeat)
            if end > DATA_END:
                person.busy_until = DATA_END
                rows.append(_enrolment(person, prog.code, start, None, "pagaende"))
                continue
            logit = prog.base_logit + MALGRUPP_EFFECT[person.malgrupp] + effects[district] + year_effect(end.year)
            if person.kon == "kvinna" and person.malgrupp == "nyanlanda":
                logit += NEWLY_ARRIVED_WOMAN_EFFECT
            if rng.random() < _sigmoid(logit):
                utfall = _choice(rng, prog.positive_split)
            else:
                utfall = "avbrott" if rng.random() < prog.dropout_share else "ingen_sysselsattning"
                if utfall == "avbrott":
                    end = start + timedelta(days=int((end - start).days * rng.uniform(0.15, 0.8)))
            person.busy_until = end
            six, twelve = follow_ups(rng, utfall, end)
            rows.append(_enrolment(person, prog.code, start, end, utfall, utfall_6m=six, utfall_12m=twelve))
    return rows


def job_enrolments(
    prog: Programme, kommun: Municipality, design: dict, registry: PersonRegistry, seed_key: list
) -> list[dict]:
    """Six-month jobs in cohorts around the enrolment goal; a pilot first year (``prog.pilot``) is one
    autumn cohort with a fixed number of extensions."""
    codes, weights = _district_weights(kommun, design, prog.focus)
    rows = []
    for year in range(prog.first_year, YEARS[-1] + 1):
        rng = np.random.default_rng([*seed_key, year])
        size = prog.goals["inskrivna"](year) + int(rng.integers(-1, 2))
        pilot = prog.pilot is not None and year == prog.first_year
        cohorts = [JOB_PILOT_COHORT] if pilot else list(JOB_COHORTS)
        extended: set[int] = set()
        if pilot:
            size, n_extended = prog.pilot
            extended = set(rng.choice(size, n_extended, replace=False).tolist())
        for k in range(size):
            month, day = cohorts[k % len(cohorts)]
            start = date(year, month, day) + timedelta(days=int(rng.integers(0, 8)))
            district = codes[int(rng.choice(len(codes), p=weights))]
            kon = _choice(rng, JOB_GENDER_PROBS)
            person = registry.pick(district, "nyanlanda", kon, AGE_RANGE["nyanlanda"], start, prog.repeat)
            roll = list(JOB_ROLES)[int(rng.integers(len(JOB_ROLES)))]
            end = add_months(start, 6) - timedelta(days=1)
            if end > DATA_END:
                person.busy_until = DATA_END
                rows.append(_enrolment(person, prog.code, start, None, "pagaende", roll=roll))
                continue
            if not pilot and rng.random() < JOB_DROPOUT:
                end = start + timedelta(days=int(rng.integers(30, 150)))
                utfall, forlangning = "avbrott", "nej"
            else:
                offered = (k in extended) if pilot else rng.random() < JOB_ROLES[roll] + JOB_TREND * (year - 2022)
                forlangning = "ja" if offered else "nej"
                utfall = "arbete" if offered else _choice(rng, JOB_EXIT_IF_NOT_EXTENDED)
            person.busy_until = end
            six, twelve = follow_ups(rng, utfall, end)
            rows.append(
                _enrolment(
                    person,
                    prog.code,
                    start,
                    end,
                    utfall,
                    roll=roll,
                    forlangning=forlangning,
                    utfall_6m=six,
                    utfall_12m=twelve,
                )
            )
    return rows


def build_participants(kommun: Municipality, design: dict) -> list[dict]:
    """All enrolments, sorted. Each programme and year draws from its own random stream, so tuning one
    programme leaves the others (nearly) unchanged."""
    rng = np.random.default_rng([kommun.seed, PARTICIPANT_STREAM])
    registry = PersonRegistry(kommun.id_prefix, rng)
    effects = {
        d.code: DISTRICT_INDEX_EFFECT * (design[d.code]["index_2022"] - 20) + rng.normal(0, DISTRICT_RANDOM_SD)
        for d in kommun.districts
    }
    rows = []
    for number, prog in enumerate(kommun.programmes):
        seed_key = [kommun.seed, PARTICIPANT_STREAM, number]
        if prog.duration == "job":
            rows += job_enrolments(prog, kommun, design, registry, seed_key)
        else:
            rows += programme_enrolments(prog, kommun, design, effects, registry, seed_key)
    rows.sort(key=lambda r: (r["startdatum"], r["deltagare_id"], r["insats"]))
    return rows


# --------------------------------------------------------------------------------------------------------
# Integration strategy: action plan, placements of newly arrived, activities
# --------------------------------------------------------------------------------------------------------
def measure_districts(kommun: Municipality, measure: Measure) -> tuple[str, ...]:
    """The measure's district codes, with ``alla`` expanded to every district of the municipality."""
    if measure.stadsdelar == (ALL_DISTRICTS,):
        return tuple(d.code for d in kommun.districts)
    return measure.stadsdelar


def check_strategy(kommun: Municipality) -> None:
    """Fail loudly if the hand-written plan or activity series break the file contract."""
    codes = {d.code for d in kommun.districts}
    programmes = {p.code for p in kommun.programmes} | {"alla"}
    plan = {m.atgard_id: m for m in kommun.strategy.plan}
    if len(plan) != len(kommun.strategy.plan):
        raise RuntimeError(f"{kommun.namn}: duplicate atgard_id")
    for m in kommun.strategy.plan:
        if m.status not in PLAN_STATUSES or m.evidens not in EVIDENCE_KINDS:
            raise RuntimeError(f"{m.atgard_id}: unknown status or evidence")
        if m.stadsdelar != (ALL_DISTRICTS,) and not set(m.stadsdelar) <= codes:
            raise RuntimeError(f"{m.atgard_id}: unknown district")
        if m.end is not None and m.end < m.start:
            raise RuntimeError(f"{m.atgard_id}: ends before it starts")
        if (m.status == "planerad") != (m.start > DATA_END):
            raise RuntimeError(f"{m.atgard_id}: a planned measure starts after the data, and only it")
        if (m.status == "genomford") != (m.end is not None and m.end <= DATA_END):
            raise RuntimeError(f"{m.atgard_id}: a finished measure has an end date, and only it")
        for indicator in m.indicators:
            kind, _, code = indicator.indikator.partition(":")
            known = indicator.indikator in INDICATOR_DENOMINATORS or (
                kind in ("utfall", "insats") and code in programmes
            )
            if not known or indicator.indikator == "insats:alla":
                raise RuntimeError(f"{m.atgard_id}: unknown indicator {indicator.indikator}")
    for series in kommun.strategy.activities:
        if series.typ not in ACTIVITY_KINDS or not set(series.stadsdelar) <= codes:
            raise RuntimeError(f"{series.arrangor}: unknown kind or district")
        if series.atgard_id:
            m = plan[series.atgard_id]
            last = series.last or DATA_END
            if not set(series.stadsdelar) <= set(measure_districts(kommun, m)) or series.first < m.start:
                raise RuntimeError(f"{series.atgard_id}: activities outside the measure's districts or before it")
            if m.end is not None and last > m.end:
                raise RuntimeError(f"{series.atgard_id}: activities after the measure ended")


def plan_rows(kommun: Municipality) -> list[dict]:
    """Rows of handlingsplan.csv: partners and districts separated by ";", dates ISO, in plan order."""
    return [
        {
            "atgard_id": m.atgard_id,
            "titel": m.titel,
            "beskrivning": m.beskrivning,
            "ansvarig": m.ansvarig,
            "partner": ";".join(m.partner),
            "stadsdelar": ";".join(m.stadsdelar),
            "startdatum": m.start.isoformat(),
            "slutdatum": m.end.isoformat() if m.end else "",
            "status": m.status,
            "evidens": m.evidens,
            "evidens_kalla": m.evidens_kalla,
        }
        for m in kommun.strategy.plan
    ]


def _round_count(value: float) -> int:
    """A count target as a manager would write it: whole numbers below 20, then multiples of 5."""
    return max(1, round(value)) if value < 20 else int(5 * round(value / 5))


def indicator_rows(kommun: Municipality, statistics: Sequence[dict], participants: Sequence[dict]) -> list[dict]:
    """Rows of handlingsplan_indikatorer.csv with targets derived from the data (see LinkedIndicator).

    A register share's target is the pooled share of the measure's districts in LATEST_YEAR plus the
    target's points, rounded to a whole percent; an enrolment target is the mean yearly enrolments in the
    districts over RECENT_ENROLMENT_YEARS times the target's factor. No random draws."""
    rows = []
    for m in kommun.strategy.plan:
        districts = set(measure_districts(kommun, m))
        for indicator in m.indicators:
            key = indicator.indikator
            if key in INDICATOR_DENOMINATORS:
                latest = [r for r in statistics if r["stadsdel_kod"] in districts and r["ar"] == LATEST_YEAR]
                share = sum(r[key] for r in latest) / sum(r[INDICATOR_DENOMINATORS[key]] for r in latest)
                value = min(100, max(0, round(share * 100 + indicator.target)))
            elif key.startswith("insats:"):
                programme = key.partition(":")[2]
                enrolled = [
                    p
                    for p in participants
                    if p["insats"] == programme
                    and p["stadsdel_kod"] in districts
                    and int(p["startdatum"][:4]) in RECENT_ENROLMENT_YEARS
                ]
                value = _round_count(len(enrolled) / len(RECENT_ENROLMENT_YEARS) * indicator.target)
            else:
                value = round(indicator.target)
            rows.append({"atgard_id": m.atgard_id, "indikator": key, "malvarde": value, "malar": indicator.malar})
    return rows


def _stepped_value(steps: dict[int, float], year: int) -> float:
    return steps[max(y for y in steps if y <= year)]


def build_placements(kommun: Municipality, statistics: Sequence[dict]) -> list[dict]:
    """Rows of placeringar.csv: households and persons placed per year, district and housing type.

    Per year (own random stream) households are drawn until the year's persons are reached: a housing type
    (modular homes once built, with the year's share; corridor rooms for singles; a few other; otherwise a
    company apartment), a household size, then a district. Apartments are chosen in proportion to the
    company's apartments times SPREAD_FACTOR[type] ** progress, so placements spread out over the years;
    modular homes by their capacity, corridor rooms evenly, other housing by population."""
    strategy = kommun.strategy
    types = {d.code: d.scb_type for d in kommun.districts}
    by_year = {y: {r["stadsdel_kod"]: r for r in statistics if r["ar"] == y} for y in YEARS}
    cells: dict[tuple[int, str, str], list[int]] = {}
    for year in YEARS:
        rng = np.random.default_rng([kommun.seed, PLACEMENT_STREAM, year])
        rows = by_year[year]
        progress = min(1.0, (year - YEARS[0]) / (SPREAD_FULL_YEAR - YEARS[0]))
        modular = {c: w for c, (first, w) in strategy.modular.items() if first <= year}
        weights = {
            "modulbostad": modular,
            "lagenhet": {c: rows[c]["lagenheter"] * SPREAD_FACTOR[types[c]] ** progress for c in sorted(rows)},
            "korridor": dict.fromkeys(strategy.corridor, 1.0),
            "annat": {c: float(rows[c]["folkmangd"]) for c in sorted(rows)},
        }
        modular_share = _stepped_value(strategy.modular_share, year) if modular else 0.0
        type_probs = {
            "modulbostad": modular_share,
            "korridor": CORRIDOR_SHARE,
            "annat": OTHER_HOUSING_SHARE,
            "lagenhet": 1.0 - modular_share - CORRIDOR_SHARE - OTHER_HOUSING_SHARE,
        }
        left = strategy.placed_persons[year]
        while left > 0:
            boendetyp = _choice(rng, type_probs)
            size = int(
                _choice(rng, {str(k): v for k, v in HOUSEHOLD_SIZES_BY_TYPE.get(boendetyp, HOUSEHOLD_SIZES).items()})
            )
            district = _choice(rng, weights[boendetyp])
            cell = cells.setdefault((year, district, boendetyp), [0, 0])
            cell[0] += 1
            cell[1] += size
            left -= size
    rows = [
        {"ar": year, "stadsdel_kod": code, "boendetyp": typ, "hushall": h, "personer": p}
        for (year, code, typ), (h, p) in cells.items()
    ]
    rows.sort(key=lambda r: (r["ar"], r["stadsdel_kod"], HOUSING_TYPES.index(r["boendetyp"])))
    return rows


def _paused(day: date) -> bool:
    return any(first <= day <= last for first, last in ACTIVITY_PAUSES)


def _session_days(first: date, last: date, weekday: int | None) -> list[date]:
    """Days an activity can be held: weekdays (or one weekday) in [first, last], not in July, not from
    20 December to 7 January, not in ACTIVITY_PAUSES."""
    days = []
    day = first
    while day <= last:
        holiday = day.month == 7 or (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 7)
        if day.weekday() < 5 and (weekday is None or day.weekday() == weekday) and not holiday and not _paused(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _participants(rng: np.random.Generator, series: ActivitySeries) -> tuple[str, str]:
    """A session's participants and how they were counted ("" and "" when not logged)."""
    unknown, estimated, spread = rng.random(), rng.random(), rng.lognormal(0, PARTICIPANTS_SD)
    count = int(rng.poisson(series.participants * spread))
    if unknown < UNKNOWN_PARTICIPANTS:
        return "", ""
    if estimated < series.estimated:
        return str(max(5, 5 * round(count / 5))), PARTICIPANT_COUNTING[1]
    return str(count), PARTICIPANT_COUNTING[0]


def build_activities(kommun: Municipality) -> list[dict]:
    """Rows of aktiviteter.csv: sessions of each series (own random stream) in each of its districts.

    Per district and year the number of sessions is Poisson with the series' yearly rate times
    ACTIVITY_YEAR_FACTOR and the possible days in the series' period that year over those of a normal year
    (2019), so pauses and part years lower it; the days are drawn without replacement. Participants are
    Poisson around a lognormal session level; estimated counts are rounded to 5."""
    rows = []
    for number, series in enumerate(kommun.strategy.activities):
        rng = np.random.default_rng([kommun.seed, ACTIVITY_STREAM, number])
        normal_year = len(_session_days(date(2019, 1, 1), date(2019, 12, 31), series.weekday))
        for code in series.stadsdelar:
            for year in range(ACTIVITY_FIRST_YEAR, YEARS[-1] + 1):
                start = max(series.first, date(year, 1, 1))
                end = min(series.last or DATA_END, date(year, 12, 31))
                days = _session_days(start, end, series.weekday) if start <= end else []
                if not days:
                    continue
                rate = series.per_year * ACTIVITY_YEAR_FACTOR.get(year, 1.0) * len(days) / normal_year
                n = min(len(days), int(rng.poisson(rate)))
                chosen = sorted(rng.choice(len(days), n, replace=False).tolist()) if n else []
                for k in chosen:
                    deltagare, rakning = _participants(rng, series)
                    rows.append(
                        {
                            "datum": days[k].isoformat(),
                            "stadsdel_kod": code,
                            "typ": series.typ,
                            "arrangor": series.arrangor,
                            "deltagare": deltagare,
                            "rakning": rakning,
                            "atgard_id": series.atgard_id,
                        }
                    )
    rows.sort(key=lambda r: (r["datum"], r["stadsdel_kod"], r["typ"], r["arrangor"]))
    return rows


# --------------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------------
def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in columns])


def goal_rows(kommun: Municipality) -> list[dict]:
    rows = []
    for prog in sorted(kommun.programmes, key=lambda p: p.code):
        for year in range(prog.first_year, YEARS[-1] + 1):
            for measure in sorted(prog.goals):
                rows.append({"insats": prog.code, "ar": year, "matt": measure, "malvarde": prog.goals[measure](year)})
    return rows


def meta(kommun: Municipality) -> dict:
    return {
        "kommun_kod": kommun.kod,
        "kommun_namn": kommun.namn,
        "fiktiv": True,
        "beskrivning": kommun.beskrivning,
        "kallor": list(kommun.kallor),
        "geometri_schematisk": True,
    }


def write_municipality(kommun: Municipality, out_dir: Path) -> None:
    folder = out_dir / kommun.slug
    folder.mkdir(parents=True, exist_ok=True)
    statistics, design = build_statistics(kommun, np.random.default_rng([kommun.seed, STATISTICS_STREAM]))
    check_area_types(kommun, statistics)
    participants = build_participants(kommun, design)

    (folder / "meta.json").write_text(json.dumps(meta(kommun), ensure_ascii=False, indent=2) + "\n", "utf-8")
    districts = sorted(({"stadsdel_kod": d.code, "stadsdel_namn": d.name} for d in kommun.districts), key=str)
    write_csv(
        folder / "stadsdelar.csv", ("stadsdel_kod", "stadsdel_namn"), sorted(districts, key=lambda r: r["stadsdel_kod"])
    )
    write_csv(
        folder / "statistik.csv", STATISTICS_COLUMNS, sorted(statistics, key=lambda r: (r["stadsdel_kod"], r["ar"]))
    )
    (folder / "stadsdelar.geojson").write_text(geojson_text(kommun, schematic_polygons(kommun)), "utf-8")
    programmes = [{"insats": p.code, "namn": p.namn, "beskrivning": p.beskrivning} for p in kommun.programmes]
    write_csv(folder / "insatser.csv", ("insats", "namn", "beskrivning"), sorted(programmes, key=lambda r: r["insats"]))
    write_csv(folder / "mal.csv", ("insats", "ar", "matt", "malvarde"), goal_rows(kommun))
    write_csv(folder / "deltagare.csv", PARTICIPANT_COLUMNS, participants)

    check_strategy(kommun)
    write_csv(folder / "handlingsplan.csv", PLAN_COLUMNS, plan_rows(kommun))
    write_csv(
        folder / "handlingsplan_indikatorer.csv",
        PLAN_INDICATOR_COLUMNS,
        indicator_rows(kommun, statistics, participants),
    )
    write_csv(folder / "placeringar.csv", PLACEMENT_COLUMNS, build_placements(kommun, statistics))
    write_csv(folder / "aktiviteter.csv", ACTIVITY_COLUMNS, build_activities(kommun))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for <kommun>/ data sets")
    args = parser.parse_args(argv)
    for kommun in MUNICIPALITIES:
        write_municipality(kommun, args.out)
        print(f"wrote {args.out / kommun.slug}")


if __name__ == "__main__":
    main()
