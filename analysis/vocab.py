"""The domain's fixed vocabulary: outcome codes, genders, column names of the participant template.

Kept in one place so loaders, analysis, CLI and pages agree on every code.
"""

from __future__ import annotations

#: Outcome codes of a finished enrolment, plus ``pagaende`` for one still running.
OUTCOMES: tuple[str, ...] = ("arbete", "praktik", "studier", "avbrott", "ingen_sysselsattning", "pagaende")
#: Outcomes that count as positive: work, internship or studies.
POSITIVE_OUTCOMES: frozenset[str] = frozenset({"arbete", "praktik", "studier"})
ONGOING = "pagaende"
#: Follow-up statuses at 6 and 12 months (no ``pagaende``, no ``avbrott``).
FOLLOW_UP_OUTCOMES: tuple[str, ...] = ("arbete", "praktik", "studier", "ingen_sysselsattning")

GENDERS: tuple[str, ...] = ("kvinna", "man", "annat")
EXTENSION_VALUES: tuple[str, ...] = ("ja", "nej")

PARTICIPANT_REQUIRED: tuple[str, ...] = (
    "deltagare_id",
    "insats",
    "stadsdel_kod",
    "startdatum",
    "slutdatum",
    "utfall",
    "malgrupp",
    "kon",
    "fodelsear",
)
PARTICIPANT_OPTIONAL: tuple[str, ...] = ("roll", "forlangning", "utfall_6m", "utfall_12m")
PARTICIPANT_COLUMNS: tuple[str, ...] = PARTICIPANT_REQUIRED + PARTICIPANT_OPTIONAL

#: Count columns of ``statistik.csv`` and the denominator each share uses.
INDICATOR_DENOMINATORS: dict[str, str] = {
    "utrikes_fodda": "folkmangd",
    "forvarvsarbetande_20_64": "folkmangd_20_64",
    "lag_ekonomisk_standard": "folkmangd",
    "forgymnasial_20_64": "folkmangd_20_64",
    "langvarigt_bistand_arbetsloshet_20_64": "folkmangd_20_64",
}
STATISTICS_COUNT_COLUMNS: tuple[str, ...] = (
    "folkmangd",
    "folkmangd_20_64",
    *INDICATOR_DENOMINATORS,
    "lagenheter",
)
STATISTICS_COLUMNS: tuple[str, ...] = (
    "stadsdel_kod",
    "ar",
    *STATISTICS_COUNT_COLUMNS,
    "medianinkomst_tkr",
    "omradestyp_scb",
)

GOAL_MEASURES: tuple[str, ...] = ("inskrivna", "positivt_utfall", "forlangning")

# ----------------------------------------------------------------------------- integration strategy (issue 12)

#: Status of an action plan measure (``handlingsplan``).
PLAN_STATUSES: tuple[str, ...] = ("planerad", "pagaende", "genomford", "pausad")
#: The evidence a measure rests on: research, an effect shown elsewhere, local experience, none.
EVIDENCE_KINDS: tuple[str, ...] = ("forskning", "effekt_annanstans", "lokal_erfarenhet", "ingen")
#: Evidence kinds that should name their source (``evidens_kalla``).
EVIDENCE_WITH_SOURCE: frozenset[str] = frozenset({"forskning", "effekt_annanstans"})
#: Housing types of placements of newly arrived (``placeringar``).
HOUSING_TYPES: tuple[str, ...] = ("modulbostad", "lagenhet", "korridor", "annat")
#: Kinds of activity in the activity log (``aktiviteter``).
ACTIVITY_KINDS: tuple[str, ...] = ("sprakcafe", "laxhjalp", "volontargrupp", "traff", "kurs", "annat")
#: How an activity's participants were counted: counted or estimated.
PARTICIPANT_COUNTING: tuple[str, ...] = ("raknat", "uppskattat")
COUNTED = "raknat"
#: The ``stadsdelar`` value of a measure for the whole municipality.
ALL_DISTRICTS = "alla"

#: Linked-indicator key prefixes: ``utfall:<insats>``/``utfall:alla`` (outcome rate of a programme or of all
#: programmes), ``insats:<insats>`` (enrolments in the measure's districts). Register share keys are the keys
#: of ``INDICATOR_DENOMINATORS``.
OUTCOME_INDICATOR_PREFIX = "utfall:"
ENROLMENT_INDICATOR_PREFIX = "insats:"
ALL_PROGRAMMES = "alla"

PLAN_REQUIRED: tuple[str, ...] = ("atgard_id", "titel", "ansvarig", "stadsdelar", "startdatum", "status", "evidens")
PLAN_COLUMNS: tuple[str, ...] = (
    "atgard_id",
    "titel",
    "beskrivning",
    "ansvarig",
    "partner",
    "stadsdelar",
    "startdatum",
    "slutdatum",
    "status",
    "evidens",
    "evidens_kalla",
)
PLAN_INDICATOR_REQUIRED: tuple[str, ...] = ("atgard_id", "indikator", "malvarde", "malar")
PLAN_INDICATOR_COLUMNS: tuple[str, ...] = PLAN_INDICATOR_REQUIRED
PLACEMENT_COLUMNS: tuple[str, ...] = ("ar", "stadsdel_kod", "boendetyp", "hushall", "personer")
PLACEMENT_REQUIRED: tuple[str, ...] = PLACEMENT_COLUMNS
ACTIVITY_REQUIRED: tuple[str, ...] = ("datum", "stadsdel_kod", "typ", "arrangor")
ACTIVITY_COLUMNS: tuple[str, ...] = ("datum", "stadsdel_kod", "typ", "arrangor", "deltagare", "rakning", "atgard_id")
