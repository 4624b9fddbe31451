"""English catalogue: the same names as ``texts/sv.py``, in English. Numbers stay in Swedish format
(space as thousands separator, decimal comma, "45 %"): the audience and the published figures are
Swedish, and a chart must read the same in both languages."""

from __future__ import annotations

import pandas as pd

APP_TITLE = "Segregation and outcomes by district"

PAGE_TITLES = {
    "oversikt": "Overview",
    "karta": "Map",
    "jamfor": "Compare districts",
    "segregation": "Segregation",
    "insatser": "Programmes",
    "data": "Data",
}

DEMO_NOTICE = (
    "**Demo data.** Every figure here is made up (fictitious) and only calibrated to real totals; "
    "the district boundaries are schematic. Do not use them for decisions."
)

DEMO_NOTICE_WITH_IMPORT = (
    "**Demo data.** The district statistics and the map are made up (fictitious) and the boundaries schematic; "
    "participant data come from your own import (see the Data page)."
)


def demo_notice(*, imported: bool) -> str:
    """The notice every page shows while shipped demo data are in use."""
    return DEMO_NOTICE_WITH_IMPORT if imported else DEMO_NOTICE


MEASURE_LABELS = {
    "utrikes_fodda": "Foreign-born",
    "forvarvsarbetande_20_64": "Gainfully employed, 20–64",
    "lag_ekonomisk_standard": "Low economic standard",
    "forgymnasial_20_64": "Compulsory schooling only, 20–64",
    "langvarigt_bistand_arbetsloshet_20_64": "Long-term benefit or unemployment, 20–64",
    "socioekonomiskt_index": "Socioeconomic index (Statistics Sweden's method)",
    "omradestyp": "Area type (Statistics Sweden)",
    "medianinkomst_tkr": "Median income, 20–64",
    "lq_utrikes_fodda": "Location quotient: foreign-born",
    "lq_lag_ekonomisk_standard": "Location quotient: low economic standard",
    "rackvidd": "Reach: participants per 1 000 residents aged 20–64",
}
MEASURE_HELP = {
    "utrikes_fodda": "Share of all residents born abroad.",
    "forvarvsarbetande_20_64": "Share of residents aged 20–64 in gainful employment.",
    "lag_ekonomisk_standard": (
        "Share of residents in households below 60 % of the national median income per consumption unit."
    ),
    "forgymnasial_20_64": "Share of residents aged 20–64 with at most compulsory schooling.",
    "langvarigt_bistand_arbetsloshet_20_64": (
        "Share of residents aged 20–64 with social assistance for at least 10 months and/or unemployed for more "
        "than 6 months."
    ),
    "socioekonomiskt_index": "Mean of the three shares above (0–100); higher means greater challenges.",
    "omradestyp": "Statistics Sweden's area type 1–5; its published type where there is one, otherwise computed.",
    "medianinkomst_tkr": "Median of total earned income, thousand kronor.",
    "lq_utrikes_fodda": (
        "The district's share of foreign-born divided by the municipality's (location quotient). 1 = as in the "
        "municipality; 2 = twice the share. Red above, blue below the municipality."
    ),
    "lq_lag_ekonomisk_standard": (
        "The district's share with low economic standard divided by the municipality's. 1 = as in the "
        "municipality. Red above, blue below the municipality."
    ),
    "rackvidd": (
        "People with a programme running during the year (all programmes) per 1 000 residents aged 20–64, with a "
        "95 % interval (exact Poisson)."
    ),
}
OUTCOME_ALL_PROGRAMMES = "Outcome, all programmes"


def outcome_label(programme_name: str | None) -> str:
    """Label of the outcome-rate measure for one programme (or all)."""
    return OUTCOME_ALL_PROGRAMMES if programme_name is None else f"Outcome, {programme_name}"


OUTCOME_HELP = (
    "Share of finished enrolments that led to work, an internship or studies. Ongoing enrolments are not "
    "in the denominator."
)

OUTCOME_LABELS = {
    "arbete": "Work",
    "praktik": "Internship",
    "studier": "Studies",
    "avbrott": "Dropped out",
    "ingen_sysselsattning": "No occupation",
    "pagaende": "Ongoing",
}
TARGET_GROUP_LABELS = {
    "nyanlanda": "Newly arrived",
    "unga_vuxna": "Young adults",
    "langtidsarbetslosa": "Long-term unemployed",
    "ovriga_hyresgaster": "Other tenants",
}
GENDER_LABELS = {"kvinna": "Women", "man": "Men", "annat": "Other"}
GOAL_MEASURE_LABELS = {
    "inskrivna": "enrolled",
    "positivt_utfall": "to work, internship or studies",
    "forlangning": "offered an extension",
}
AREA_TYPE_LABELS = {
    1: "Type 1: major socioeconomic challenges",
    2: "Type 2: socioeconomic challenges",
    3: "Type 3: socioeconomically mixed areas",
    4: "Type 4: good socioeconomic conditions",
    5: "Type 5: very good socioeconomic conditions",
}
ROLE_LABELS = {
    "drifttekniker": "Maintenance technician",
    "tradgardsmedarbetare": "Gardener",
    "ledningstrainee": "Management trainee",
    "reparator": "Repairer",
    "fastighetsvard": "Caretaker",
}

SIDEBAR_MUNICIPALITY = "Municipality"
SIDEBAR_YEAR = "Year"
MUNICIPALITY = "Municipality"
SCHEMATIC_MAP = "The district boundaries are schematic (demo data), not Statistics Sweden's real boundaries."
SHOW_AS_TABLE = "Show as table"


def suppressed(min_n: int) -> str:
    """What a hidden value says instead of a number."""
    return f"fewer than {min_n}"


def ongoing_note(count_text: str) -> str:
    return f"{count_text} enrolments are still ongoing and not counted in the share (the denominator is finished ones)."


def goal_status(reached) -> str:
    """Reached, not reached, or unknown (NA: hidden because both count and goal are small)."""
    if pd.isna(reached):
        return "Goal attainment cannot be shown (too few people)"
    return "Goal reached" if bool(reached) else "Goal not reached yet"


SEGREGATION_GROUPS = {
    "utrikes_fodda": "Foreign-born compared with others",
    "lag_ekonomisk_standard": "Low economic standard compared with others",
}
INDEX_LABELS = {
    "dissimilarity": "Dissimilarity index (D)",
    "entropy": "Entropy index (Theil's H)",
    "isolation": "Isolation",
    "exposure": "Exposure",
    "gini": "Gini",
    "atkinson": "Atkinson",
}
INDEX_EXPLANATIONS = {
    "dissimilarity": (
        "The share of the group that would have to move to another district for the group to be spread evenly "
        "over the municipality. 0 = evenly spread, 1 = completely separated."
    ),
    "entropy": (
        "How much less mixed the districts are than the municipality as a whole (Theil's H). 0 = every district "
        "is as mixed as the municipality, 1 = every district holds only one of the groups."
    ),
    "isolation": (
        "The group's share in the district where an average group member lives. Depends on how large the group "
        "is in the municipality: compare with the group's share of the whole population."
    ),
    "exposure": "The share of other residents in the district where an average group member lives. Isolation + "
    "exposure = 1.",
    "gini": "Unevenness of the group's share between all pairs of districts, weighted by population. 0–1.",
    "atkinson": (
        "Uneven distribution weighted towards districts where the group is under- or overrepresented (parameter b). "
        "0–1."
    ),
}
INDEX_CHANGE_HELP = (
    "How to read a change: the indices measure how unevenly the group lives across the districts, not how large "
    "it is. Small changes (a few hundredths) between two years can come from random moves, from Statistics "
    "Sweden's noise on small cells from 2025 or from changed area boundaries; trust a direction that holds for "
    "several years."
)

LANGUAGE_LABEL = "Språk · Language"
WHAT_LANGUAGE = "the language"
WHAT_MUNICIPALITY = "the municipality code"
WHAT_YEAR = "the year"


def link_fallback(what: str, raw: str) -> str:
    """Notice when a link names a value that does not exist."""
    return f"The link named {what} “{raw}”, which does not exist; showing the default instead."


def unknown_districts(codes: str) -> str:
    return f"The link named districts that do not exist ({codes}); they are not shown."


def no_datasets(root) -> str:
    return f"Found no data sets in {root}."


# Insatser och Segregation (sidorna, charts/outcomes, charts/funnel, charts/segregation)


# Data (sidan och ui/importer)


# Översikt, Jämför, profil, tabeller och format
