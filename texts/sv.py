"""Every user-facing string of the dashboard, in one place (Swedish; English can be added beside it).

Pages and charts take their labels from here, so a wording is changed once and a translation is one
more dictionary.
"""

from __future__ import annotations

import pandas as pd

APP_TITLE = "Segregation och utfall per stadsdel"

PAGE_TITLES = {
    "oversikt": "Översikt",
    "karta": "Karta",
    "jamfor": "Jämför stadsdelar",
    "segregation": "Segregation",
    "insatser": "Insatser",
    "data": "Data",
}

DEMO_NOTICE = (
    "**Demodata.** Alla siffror här är påhittade (fiktiva) och bara kalibrerade mot verkliga totaler; "
    "stadsdelsgränserna är schematiska. Använd dem inte för beslut."
)

DEMO_NOTICE_WITH_IMPORT = (
    "**Demodata.** Stadsdelsstatistiken och kartan är påhittade (fiktiva) och gränserna schematiska; "
    "deltagardata kommer från er egen import (se sidan Data)."
)


def demo_notice(*, imported: bool) -> str:
    """The notice every page shows while shipped demo data are in use."""
    return DEMO_NOTICE_WITH_IMPORT if imported else DEMO_NOTICE


MEASURE_LABELS = {
    "utrikes_fodda": "Utrikes födda",
    "forvarvsarbetande_20_64": "Förvärvsarbetande 20–64 år",
    "lag_ekonomisk_standard": "Låg ekonomisk standard",
    "forgymnasial_20_64": "Förgymnasial utbildning 20–64 år",
    "langvarigt_bistand_arbetsloshet_20_64": "Långvarigt bistånd eller arbetslöshet 20–64 år",
    "socioekonomiskt_index": "Socioekonomiskt index (SCB:s metod)",
    "omradestyp": "Områdestyp (SCB)",
    "medianinkomst_tkr": "Medianinkomst 20–64 år",
    "lq_utrikes_fodda": "Lokal kvot: utrikes födda",
    "lq_lag_ekonomisk_standard": "Lokal kvot: låg ekonomisk standard",
    "rackvidd": "Räckvidd: deltagare per 1 000 invånare 20–64 år",
}
MEASURE_HELP = {
    "utrikes_fodda": "Andel av alla invånare som är födda utomlands.",
    "forvarvsarbetande_20_64": "Andel av invånarna 20–64 år som förvärvsarbetar.",
    "lag_ekonomisk_standard": "Andel invånare i hushåll med under 60 % av rikets medianinkomst per konsumtionsenhet.",
    "forgymnasial_20_64": "Andel av invånarna 20–64 år med högst förgymnasial utbildning.",
    "langvarigt_bistand_arbetsloshet_20_64": (
        "Andel av invånarna 20–64 år med ekonomiskt bistånd minst 10 månader och/eller arbetslösa mer än 6 månader."
    ),
    "socioekonomiskt_index": "Medelvärdet av de tre andelarna ovan (0–100); högre betyder större utmaningar.",
    "omradestyp": "SCB:s områdestyp 1–5; SCB:s publicerade typ används där den finns, annars beräknad.",
    "medianinkomst_tkr": "Median av sammanräknad förvärvsinkomst, tusen kronor.",
    "lq_utrikes_fodda": (
        "Stadsdelens andel utrikes födda delat med kommunens (lokaliseringskvot). 1 = som i kommunen; "
        "2 = dubbelt så hög andel. Rött över, blått under kommunen."
    ),
    "lq_lag_ekonomisk_standard": (
        "Stadsdelens andel med låg ekonomisk standard delat med kommunens. 1 = som i kommunen. "
        "Rött över, blått under kommunen."
    ),
    "rackvidd": (
        "Personer med en insats som pågick under året (alla insatser) per 1 000 invånare 20–64 år, med 95 % "
        "intervall (exakt Poisson)."
    ),
}
OUTCOME_ALL_PROGRAMMES = "Utfall, alla insatser"


def outcome_label(programme_name: str | None) -> str:
    """Label of the outcome-rate measure for one programme (or all)."""
    return OUTCOME_ALL_PROGRAMMES if programme_name is None else f"Utfall, {programme_name}"


OUTCOME_HELP = (
    "Andel av avslutade insatser som ledde till arbete, praktik eller studier. Pågående insatser räknas "
    "inte i nämnaren."
)

OUTCOME_LABELS = {
    "arbete": "Arbete",
    "praktik": "Praktik",
    "studier": "Studier",
    "avbrott": "Avbrott",
    "ingen_sysselsattning": "Ingen sysselsättning",
    "pagaende": "Pågående",
}
TARGET_GROUP_LABELS = {
    "nyanlanda": "Nyanlända",
    "unga_vuxna": "Unga vuxna",
    "langtidsarbetslosa": "Långtidsarbetslösa",
    "ovriga_hyresgaster": "Övriga hyresgäster",
}
GENDER_LABELS = {"kvinna": "Kvinnor", "man": "Män", "annat": "Annat"}
GOAL_MEASURE_LABELS = {
    "inskrivna": "inskrivna",
    "positivt_utfall": "till arbete, praktik eller studier",
    "forlangning": "erbjudna förlängning",
}
AREA_TYPE_LABELS = {
    1: "Typ 1: stora socioekonomiska utmaningar",
    2: "Typ 2: socioekonomiska utmaningar",
    3: "Typ 3: socioekonomiskt blandade områden",
    4: "Typ 4: goda socioekonomiska förutsättningar",
    5: "Typ 5: mycket goda socioekonomiska förutsättningar",
}
ROLE_LABELS = {
    "drifttekniker": "Drifttekniker",
    "tradgardsmedarbetare": "Trädgårdsmedarbetare",
    "ledningstrainee": "Ledningstrainee",
    "reparator": "Reparatör",
    "fastighetsvard": "Fastighetsvärd",
}

SIDEBAR_MUNICIPALITY = "Kommun"
SIDEBAR_YEAR = "År"
MUNICIPALITY = "Kommunen"
SCHEMATIC_MAP = "Stadsdelsgränserna är schematiska (demodata), inte SCB:s riktiga gränser."
SHOW_AS_TABLE = "Visa som tabell"


def suppressed(min_n: int) -> str:
    """What a hidden value says instead of a number."""
    return f"färre än {min_n}"


def ongoing_note(count_text: str) -> str:
    return f"{count_text} insatser pågår fortfarande och räknas inte i andelen (nämnaren är avslutade insatser)."


def goal_status(reached) -> str:
    """Reached, not reached, or unknown (NA: hidden because both count and goal are small)."""
    if pd.isna(reached):
        return "Måluppfyllelse kan inte visas (för få personer)"
    return "Målet nått" if bool(reached) else "Målet inte nått ännu"


SEGREGATION_GROUPS = {
    "utrikes_fodda": "Utrikes födda jämfört med övriga",
    "lag_ekonomisk_standard": "Låg ekonomisk standard jämfört med övriga",
}
INDEX_LABELS = {
    "dissimilarity": "Olikhetsindex (D)",
    "entropy": "Entropiindex (Theils H)",
    "isolation": "Isolering",
    "exposure": "Exponering",
    "gini": "Gini",
    "atkinson": "Atkinson",
}
INDEX_EXPLANATIONS = {
    "dissimilarity": (
        "Hur stor andel av gruppen som skulle behöva flytta till en annan stadsdel för att gruppen skulle vara "
        "jämnt fördelad över kommunen. 0 = jämnt fördelad, 1 = helt åtskild."
    ),
    "entropy": (
        "Hur mycket mindre blandade stadsdelarna är än kommunen som helhet (Theils H). 0 = varje stadsdel är "
        "lika blandad som kommunen, 1 = varje stadsdel har bara den ena gruppen."
    ),
    "isolation": (
        "Andelen ur gruppen i den stadsdel där en genomsnittlig gruppmedlem bor. Påverkas av hur stor gruppen "
        "är i kommunen: jämför med gruppens andel av hela befolkningen."
    ),
    "exposure": (
        "Andelen övriga invånare i den stadsdel där en genomsnittlig gruppmedlem bor. Isolering + exponering = 1."
    ),
    "gini": "Ojämnheten i gruppens andel mellan alla par av stadsdelar, vägd efter befolkning. 0–1.",
    "atkinson": (
        "Ojämn fördelning med tyngd på stadsdelar där gruppen är under- eller överrepresenterad (parametern b). 0–1."
    ),
}
INDEX_CHANGE_HELP = (
    "Så läser du en förändring: indexen mäter hur ojämnt gruppen bor över stadsdelarna, inte hur stor den är. "
    "Små förändringar (några hundradelar) mellan två år kan bero på slumpmässiga flyttningar, på SCB:s "
    "brusning av små celler från 2025 eller på ändrade områdesgränser; lita på en riktning som håller i flera år."
)

LANGUAGE_LABEL = "Språk · Language"
WHAT_LANGUAGE = "språket"
WHAT_MUNICIPALITY = "kommunkoden"
WHAT_YEAR = "året"


def link_fallback(what: str, raw: str) -> str:
    """Notice when a link names a value that does not exist."""
    return f"Länken angav {what} ”{raw}”, som inte finns; visar standardvalet i stället."


def unknown_districts(codes: str) -> str:
    return f"Länken angav stadsdelar som inte finns ({codes}); de visas inte."


def no_datasets(root) -> str:
    return f"Hittade inga datamängder i {root}."


# Insatser och Segregation (sidorna, charts/outcomes, charts/funnel, charts/segregation)


# Data (sidan och ui/importer)


# Översikt, Jämför, profil, tabeller och format
