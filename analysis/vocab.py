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
