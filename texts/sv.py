"""Every user-facing string of the dashboard, in one place (Swedish; English can be added beside it).

Pages and charts take their labels from here, so a wording is changed once and a translation is one
more dictionary.
"""

from __future__ import annotations

APP_TITLE = "Segregation och utfall per stadsdel"

PAGE_TITLES = {
    "oversikt": "Översikt",
    "karta": "Karta",
    "jamfor": "Jämför stadsdelar",
    "segregation": "Segregation",
    "insatser": "Insatser",
    "handlingsplan": "Handlingsplan",
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


def demo_notice(*, imported: bool, schematic: bool = True) -> str:
    """The notice every page shows while shipped demo data are in use; ``schematic`` False once SCB's real
    boundaries are in use (Data page), so the notice does not call them schematic."""
    if schematic:
        return DEMO_NOTICE_WITH_IMPORT if imported else DEMO_NOTICE
    if imported:
        return (
            "**Demodata.** Stadsdelsstatistiken är påhittad (fiktiv); kartan visar SCB:s gränser och deltagardata "
            "kommer från er egen import (se sidan Data)."
        )
    return (
        "**Demodata.** Alla siffror här är påhittade (fiktiva) och bara kalibrerade mot verkliga totaler; kartan "
        "visar SCB:s gränser. Använd dem inte för beslut."
    )


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
    "placerade_per_1000": "Nyanlända placerade per 1 000 invånare",
    "aktiviteter_per_1000": "Aktiviteter per 1 000 invånare",
    "aktivitetsdeltagare_per_1000": "Deltagare i aktiviteter per 1 000 invånare",
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
    "placerade_per_1000": (
        "Nyanlända personer som fick en bostad i stadsdelen under året per 1 000 invånare, med 95 % intervall "
        "(exakt Poisson). Antalet placerade avrundas till närmaste 5 och 1–4 visas inte."
    ),
    "aktiviteter_per_1000": (
        "Aktiviteter i stadsdelen under året (språkcaféer, läxhjälp, träffar …) per 1 000 invånare, med 95 % "
        "intervall (exakt Poisson)."
    ),
    "aktivitetsdeltagare_per_1000": (
        "Deltagartillfällen i stadsdelens aktiviteter under året per 1 000 invånare (räknade eller uppskattade; "
        "samma person kan delta flera gånger), med 95 % intervall. Antalet avrundas till närmaste 5."
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
CHART_INTERVAL_95 = "95 % intervall"
OUTCOMES_POSITIVE_SHARE = "Andel till arbete, praktik eller studier"


def _period(year: int | None) -> str:
    return "alla år" if year is None else str(year)


def outcomes_hidden_people(min_n: int) -> str:
    """Note under a rate chart, before the names of the hidden groups."""
    return f"Dolda (färre än {min_n} personer)"


OUTCOMES_FUNNEL_STAGES = {
    "inskrivna": "Inskrivna",
    "avslutade": "Avslutade",
    "positivt": "Arbete, praktik eller studier",
}
OUTCOMES_FUNNEL_AXIS = "Antal"


def outcomes_value_hidden(min_n: int) -> str:
    """A hidden value's text on a bar of the comparison chart."""
    return HIDDEN_FIGURE


FUNNEL_LIMIT_LABELS = {"95": "95 % gräns", "998": "99,8 % gräns"}
FUNNEL_FLAG_LABELS = {"over": "Över kommunens nivå", "under": "Under kommunens nivå", "inom": "Inom slumpens gränser"}
FUNNEL_X_AXIS = "Antal avslutade insatser (n)"


def funnel_rate_of_finished(rate: str, n: str) -> str:
    return f"{rate} av {n} avslutade"


def funnel_p_value(p_value: str) -> str:
    return f"p = {p_value} (exakt binomialtest)"


def funnel_hidden(min_n: int) -> str:
    return f"Dolda (färre än {min_n} personer)"


SEGREGATION_INDEX_AXIS = "Indexvärde (0 = ingen, 1 = total segregation)"
SEGREGATION_AREA_TYPE_AXIS = "Andel av invånarna"
SEGREGATION_REACH_AXIS = "Deltagare per 1 000 invånare 20–64 år"


def segregation_area_type(area_type) -> str:
    """Name of an area type that has no label."""
    return f"Typ {area_type}"


def segregation_area_type_hover(share: str, residents: str, districts: str) -> str:
    return f"{share} av invånarna ({residents}), {districts} stadsdelar"


def segregation_reach_rate_hover(per_1000: str, low: str, high: str) -> str:
    return f"{per_1000} per 1 000 ({CHART_INTERVAL_95} {low}–{high})"


def segregation_reach_count_hover(participants: str, residents: str) -> str:
    return f"{participants} deltagare, {residents} invånare 20–64 år"


def segregation_reach_hidden(min_n: int) -> str:
    return f"Dolda (färre än {min_n} personer)"


def segregation_reach_selection(each_end: int, shown: str, total: str) -> str:
    return (
        f"Visar {shown} av {total} stadsdelar: de {each_end} med högst och de {each_end} med lägst räckvidd inom "
        "varje områdestyp. Tabellen under diagrammet har alla."
    )


def segregation_reach_hidden_count(min_n: int, count: str) -> str:
    return f"{count} stadsdelar är dolda (färre än {min_n} personer)."


def insatser_title(municipality: str, year: int) -> str:
    return f"Insatser: {municipality} {year}"


INSATSER_PERIOD = "Period"


def insatser_period_option(period: str, year: int) -> str:
    """The period choice: the year in the sidebar ("year") or every year ("all")."""
    return f"Året {year}" if period == "year" else "Alla år"


def insatser_funnel_title(year: int | None) -> str:
    return f"Från inskrivning till utfall, {_period(year)}"


def insatser_funnel_alt(year: int | None) -> str:
    return f"Stapeldiagram per insats: inskrivna, avslutade och till arbete, praktik eller studier, {_period(year)}."


INSATSER_FUNNEL_NOTE = "Inskrivna räknas efter startår, avslutade och utfall efter slutår."
INSATSER_GROUPS_TITLE = "Vilka når insatserna, och med vilket utfall?"
INSATSER_PROGRAMME = "Insats"


def insatser_groups_alt(programme: str, year: int | None) -> str:
    return f"Stapeldiagram: andel positivt utfall i {programme} per grupp, {_period(year)}, med 95 % intervall."


INSATSER_GROUP_COLUMN = "Grupp"
INSATSER_EXTENSION_TITLE = "Anställning för nyanlända: roller och förlängning"
INSATSER_EXTENSION_HELP = (
    "Andel av sexmånadersanställningarna med besked (ja eller nej) där personen erbjöds förlängning. Ett år "
    "räknar de anställningar som avslutades det året, som utfallet och målet för förlängningar på Översikt."
)
INSATSER_EXTENSION_AXIS = "Andel erbjudna förlängning"
INSATSER_ROLE_COLUMN = "Roll"
INSATSER_EXTENSION_COLUMN = "Andel förlängda"
INSATSER_LASTING_TITLE = "Varaktiga utfall"
INSATSER_FOLLOW_UP = "Uppföljning"
INSATSER_FOLLOW_UP_OPTIONS = {"6m": "6 månader", "12m": "12 månader"}
INSATSER_LASTING_AXIS = "Andel i arbete eller studier"


def insatser_lasting_alt(follow_up: str) -> str:
    """``follow_up`` is one of ``INSATSER_FOLLOW_UP_OPTIONS``."""
    return f"Stapeldiagram: andel i arbete eller studier {follow_up} efter avslutad insats, per insats."


INSATSER_LASTING_NOTE = (
    "Bland avslutade insatser med en uppföljning: andel i arbete eller studier vid uppföljningen (praktik räknas "
    "inte som varaktigt). Insatser som avslutades för nyligen för att ha följts upp ingår inte; "
    "”ej uppföljda” är de som borde ha följts upp men saknar uppgift. Alla år."
)
INSATSER_TIME_TITLE = "**Tid från start till arbete, praktik eller studier** (alla år)"


def insatser_districts_title(year: int | None) -> str:
    return f"Stadsdelarna jämförda med kommunen, {_period(year)}"


INSATSER_FUNNEL_PROGRAMME = "Insats i trattdiagrammet"
INSATSER_ALL_PROGRAMMES = "Alla insatser"
INSATSER_DISTRICT_FUNNEL_ALT = (
    "Trattdiagram: stadsdelarnas andel positivt utfall mot antal avslutade, med kontrollgränser kring kommunens andel."
)


def insatser_district_funnel_note(phi: str, widened: bool) -> str:
    """How to read the funnel plot; ``phi`` is the overdispersion, already formatted."""
    return (
        "En stadsdel utanför gränserna skiljer sig från kommunen mer än slumpen förklarar (exakta "
        "binomialgränser, Spiegelhalter 2005); inom gränserna finns ingen säker skillnad, oavsett rangordning. "
        + (
            f"Stadsdelarna varierar mer än slumpen ensam ger (överspridning φ = {phi}), så gränserna är vidgade."
            if widened
            else f"Ingen tydlig överspridning (φ = {phi}); gränserna är inte vidgade."
        )
    )


def segregation_title(municipality: str, year: int) -> str:
    return f"Segregation: {municipality} {year}"


SEGREGATION_GROUP = "Grupp"
SEGREGATION_ATKINSON_B = "Atkinsons parameter b"
SEGREGATION_ATKINSON_B_HELP = (
    "Vikten mellan stadsdelar där gruppen är under- (b nära 0) eller överrepresenterad (b nära 1)."
)


def segregation_no_statistics(year: int) -> str:
    return f"Det finns ingen statistik för {year}."


def change_from(change: str, year: int) -> str:
    """A metric's change from an earlier year, already signed by ``charts.format.delta``."""
    return f"{change} mot {year}"


def segregation_change_since(change: str, first_year: int) -> str:
    """A metric's change since the first year, already signed by ``charts.format.delta``."""
    return f"{change} sedan {first_year}"


def segregation_group_share(year: int, share: str, total: str, population: str, areas: int) -> str:
    return (
        f"Gruppens andel av alla invånare {year}: {share} ({total} av {population}, {areas} stadsdelar). "
        "Isoleringen ska jämföras med den andelen."
    )


SEGREGATION_INDICES_TITLE = "Indexen över tid"


def segregation_indices_alt(group: str) -> str:
    """``group`` is a ``SEGREGATION_GROUPS`` label in lower case."""
    return f"Linjediagram: segregationsindex för {group} per år."


SEGREGATION_INDICES_EXPLAINED = "Vad betyder indexen?"
SEGREGATION_AREA_TYPES_TITLE = "Områdestyper"
SEGREGATION_AREA_TYPES_ALT = "Staplade staplar: andel av invånarna per SCB-områdestyp och år."


def segregation_area_types_note(mean: str, sd: str) -> str:
    return (
        "SCB:s publicerade områdestyp används där den finns; övriga år beräknas typen med SCB:s metod "
        f"(rikets medelvärde {mean}, standardavvikelse {sd})."
    )


SEGREGATION_TARGETING_TITLE = "Når vårt arbete dit behovet är?"


def segregation_targeting_metric(year: int) -> str:
    return f"Träffsäkerhet {year}"


SEGREGATION_TARGETING_HELP = (
    "Andelen deltagare som bor i områden av typ 1–2 delat med andelen av invånarna 20–64 år som bor där."
)


def segregation_targeting_note(participants_share: str, year: int, population_share: str) -> str:
    return (
        f"{participants_share} av deltagarna {year} bor i områden av typ 1–2, där "
        f"{population_share} av invånarna 20–64 år bor. Över 1 betyder att insatserna "
        "är överrepresenterade där utmaningarna är störst."
    )


SEGREGATION_TARGETING_BY_PROGRAMME = "Träffsäkerhet per insats"


def segregation_reach_alt(year: int) -> str:
    return f"Stapeldiagram: deltagare per 1 000 invånare 20–64 år per stadsdel {year}, färgade efter områdestyp."


# Data (sidan och ui/importer)


def data_title(kommun_namn: str) -> str:
    return f"Data: {kommun_namn}"


#: The Data page's tabs, in the order they are drawn.
DATA_TABS = {
    "loaded": "Inläst data",
    "participants": "Importera deltagare",
    "tables": "Handlingsplan, placeringar, aktiviteter",
    "scb": "SCB-statistik",
    "versions": "Versioner",
}
#: Title of each table's version list, by the store's kind.
DATA_VERSION_TITLES = {
    "deltagare": "Deltagardata",
    "statistik": "Stadsdelsstatistik",
    "geometri": "Stadsdelsgränser",
    "handlingsplan": "Handlingsplan: åtgärder",
    "handlingsplan_indikatorer": "Handlingsplan: kopplade indikatorer",
    "placeringar": "Bostäder för nyanlända: placeringar",
    "aktiviteter": "Aktiviteter i stadsdelarna",
}


# --- issue 12: the Handlingsplan page, housing for newly arrived, activities, the value scenario (pages)
def plan_title(municipality: str) -> str:
    return f"Handlingsplan – {municipality}"


PLAN_INTRO = (
    "Integrationsstrategins åtgärder: vem som gör vad, med vilka, var och på vilken grund, och vad de kopplade "
    "indikatorerna gjorde i åtgärdernas stadsdelar."
)
PLAN_NONE = (
    "Det finns ingen handlingsplan för kommunen ännu. Lägg in handlingsplan.csv i datamängden eller importera "
    "den på sidan Data (mall finns där)."
)
PLAN_NONE_MATCH = "Inga åtgärder stämmer med filtren."
PLAN_FILTER_ACTOR = "Aktör"
PLAN_FILTER_DISTRICT = "Stadsdel"
PLAN_FILTER_STATUS = "Status"
PLAN_FILTER_EVIDENCE = "Kunskapsunderlag"
PLAN_FILTER_ALL = "Alla"
PLAN_METRIC_MEASURES = "Åtgärder"
PLAN_METRIC_EVIDENCE = "Vilar på visad effekt"
PLAN_METRIC_EVIDENCE_HELP = (
    "Åtgärder som valts för att forskning eller andra projekt (annanstans) visat effekt. Antal åtgärder är exakta: "
    "de är inte personer."
)


def plan_filtered(shown: int, total: int) -> str:
    return f"{shown} av planens {total} åtgärder visas med filtren."


PLAN_TIMELINE_TITLE = "Åtgärderna över tid, per ansvarig aktör"
PLAN_TIMELINE_NOTE = (
    "Varje stapel är en åtgärd från start till slut; en åtgärd utan slutdatum fortsätter till i dag. Färgen är "
    "dess status."
)


def plan_timeline_alt(count: int) -> str:
    return (
        f"Tidslinje över {count} åtgärder i handlingsplanen, grupperade efter ansvarig aktör och färgade efter status."
    )


PLAN_PERIOD = "hela handlingsplanen"
PLAN_FOLLOW_TITLE = "Följ upp en åtgärd"
PLAN_PICK_MEASURE = "Åtgärd"
PLAN_NOT_PROOF = (
    "En förändring är inget bevis för effekt. Stadsdelar förändras av många skäl samtidigt (vilka som flyttar in "
    "och ut, arbetsmarknaden, andra insatser), och åtgärder startas ofta där något redan var på väg att hända."
)
PLAN_NO_INDICATORS = "Åtgärden har inga kopplade indikatorer (handlingsplan_indikatorer.csv)."


def plan_progress_title(measure_id: str) -> str:
    return f"Mot målvärdena: åtgärd {measure_id}"


def plan_progress_alt(measure_id: str) -> str:
    return f"Utgångsvärde, senaste värde och målvärde för varje indikator kopplad till åtgärd {measure_id}."


PLAN_PROGRESS_NOTE = (
    "Utgångsvärdet är året före åtgärdens start i dess stadsdelar tillsammans; en förändring vars intervall "
    "täcker noll räknas som oförändrad. Att ett målvärde nås bevisar inte att åtgärden gjorde det."
)
PLAN_GROUP_LABELS = {
    "malomraden": "Åtgärdens stadsdelar",
    "ovriga": "Övriga kommunen",
    "jamforelse": "Jämförbara stadsdelar (samma områdestyp)",
}


def plan_series_title(label: str, measure_id: str) -> str:
    return f"{label}: åtgärd {measure_id} mot övriga kommunen"


def plan_series_alt(label: str) -> str:
    return (
        f"{label} per år i åtgärdens stadsdelar, i övriga kommunen och i jämförbara stadsdelar, med 95 % intervall "
        "och en linje vid åtgärdens start."
    )


def plan_comparison_note(count: int) -> str:
    if count == 0:
        return "Ingen jämförbar stadsdel: ingen annan stadsdel har samma områdestyp som åtgärdens."
    if count == 1:
        return (
            "Jämförbar stadsdel: den enda stadsdel utan åtgärden som har samma områdestyp (SCB) som åtgärdens året "
            "före start."
        )
    return (
        f"Jämförbara stadsdelar: de {count} stadsdelar utan åtgärden som har samma områdestyp (SCB) som åtgärdens "
        "stadsdelar året före start."
    )


PLAN_WHOLE_MUNICIPALITY = "hela kommunen"
PLAN_OPEN_END = "tills vidare"
PLAN_STATUS_LABELS = {
    "planerad": "Planerad",
    "pagaende": "Pågår",
    "genomford": "Genomförd",
    "pausad": "Pausad",
}
PLAN_EVIDENCE_LABELS = {
    "forskning": "Forskning",
    "effekt_annanstans": "Visad effekt annanstans",
    "lokal_erfarenhet": "Lokal erfarenhet",
    "ingen": "Inget underlag",
}
PLAN_COLUMNS = {
    "id": "Id",
    "title": "Åtgärd",
    "responsible": "Ansvarig",
    "partners": "Samarbetspartner",
    "districts": "Stadsdelar",
    "start": "Start",
    "end": "Slut",
    "status": "Status",
    "evidence": "Kunskapsunderlag",
    "reference": "Referens",
}


def plan_measure_card(
    *, title, description, responsible, partners, districts, start, end, status, evidence, reference
) -> str:
    lines = [f"**{title}**", ""]
    if description:
        lines += [description, ""]
    lines.append(f"- **Ansvarig:** {responsible}" + (f"; **tillsammans med:** {partners}" if partners else ""))
    lines.append(f"- **Var:** {districts}")
    lines.append(f"- **När:** {start} – {end or 'tills vidare'} ({status.lower()})")
    lines.append(f"- **Kunskapsunderlag:** {evidence}" + (f" ({reference})" if reference else ""))
    return "\n".join(lines)


def plan_enrolments_label(programme_name: str | None) -> str:
    return "Inskrivna, alla insatser" if programme_name is None else f"Inskrivna, {programme_name}"


def plan_measure_name(measure_id: str, title) -> str:
    return f"{measure_id} – {title}" if isinstance(title, str) and title else f"{measure_id} (finns inte i planen)"


PLAN_BEFORE_AFTER_COLUMNS = {
    "group": "Område",
    "before": "Före start",
    "after": "Senaste år",
    "change": "Förändring",
    "interval": "95 % intervall",
    "reading": "Läsning",
}


def plan_year_value(value: str, year, n: str) -> str:
    return f"{value} ({int(year)}, n = {n})" if year is not None and str(year) not in ("<NA>", "nan") else value


def plan_value_in_year(value: str, year) -> str:
    try:
        return f"{value} ({int(year)})"
    except (TypeError, ValueError):
        return value


PLAN_READINGS = {"up": "Tydlig ökning", "down": "Tydlig minskning", "chance": "Kan vara slump"}
_DID_MISSING = {
    "not_proportion": "Skillnad-i-skillnader görs bara för andelar; för ett antal visas utvecklingen ovan.",
    "whole_municipality": (
        "Åtgärden gäller hela kommunen, så det finns inga stadsdelar utan åtgärden att jämföra med."
    ),
    "too_few_years": (
        "För få år för skillnad-i-skillnader: det behövs minst två år före åtgärdens start och ett efter."
    ),
    "no_comparison": "Ingen stadsdel utan åtgärden har samma områdestyp att jämföra med.",
    "suppressed": "Något av de fyra värdena vilar på för få personer och visas inte.",
    "missing": "Något av de fyra värdena saknas.",
}


def plan_did_missing(reason: str | None) -> str:
    return _DID_MISSING.get(reason or "", "Skillnad-i-skillnader kan inte beräknas.")


def plan_did_sentence(*, estimate, interval, reading, base_year, after_year, comparison, pre_trend) -> str:
    verdict = {
        "up": "större ökning än i de jämförbara stadsdelarna, och det är troligen inte slump",
        "down": "större minskning än i de jämförbara stadsdelarna, och det är troligen inte slump",
    }.get(reading, "ingen säker skillnad mot de jämförbara stadsdelarna: den kan vara slump")
    text = (
        f"**Skillnad-i-skillnader {base_year}–{after_year}:** {estimate} (95 % intervall {interval}), alltså "
        f"{verdict}. Jämfört med: {comparison}."
    )
    if pre_trend is not None:
        estimate_pre, interval_pre, reading_pre = pre_trend
        if reading_pre == "chance":
            text += (
                f" Före start rörde sig grupperna lika ({estimate_pre}, {interval_pre}), vilket talar för jämförelsen."
            )
        else:
            text += (
                f" Men redan före start rörde sig grupperna olika ({estimate_pre}, {interval_pre}): jämförelsen är "
                "osäker."
            )
    return text + " Även en tydlig skillnad är inget bevis för effekt."


PLAN_PROGRESS_COLUMNS = {
    "indicator": "Indikator",
    "baseline": "Utgångsvärde",
    "latest": "Senaste",
    "target": "Målvärde",
    "way": "Del av vägen",
    "status": "Läge",
}
PLAN_PROGRESS_STATUS = {
    "natt": "Målet nått",
    "pa_vag": "På väg mot målet",
    "bort_fran": "Bort från målet",
    "oforandrat": "Oförändrat (kan vara slump)",
    "saknas": "Uppgift saknas",
    "ej_an": "Målåret har inte kommit än i uppgifterna",
    "dolt": "dolt (små tal)",
}


def plan_progress_status(status: str, target_year) -> str:
    """A linked indicator's position towards its target in words; a target year the data have not reached
    yet is said as such, not as missing data."""
    if status == "ej_an" and target_year is not None:
        return f"Målåret {int(target_year)} har inte kommit än i uppgifterna"
    return PLAN_PROGRESS_STATUS.get(status, str(status))


ACTIVITIES_TITLE = "Aktiviteter i stadsdelarna"
ACTIVITIES_NONE = (
    "Det finns ingen aktivitetslogg för kommunen ännu. Lägg in aktiviteter.csv i datamängden eller importera "
    "den på sidan Data."
)
ACTIVITIES_MEASURE = "Visa"
ACTIVITIES_MEASURE_LABELS = {
    "aktiviteter": "Aktiviteter per 1 000 invånare",
    "deltagare": "Deltagare per 1 000 invånare",
}


def activities_none_in(districts: list[str]) -> str:
    return f"Inga aktiviteter i {len(districts)} stadsdelar: {', '.join(districts)}."


def activities_title(period: str) -> str:
    return f"Aktiviteter per stadsdel, {period}"


def activities_alt(period: str) -> str:
    return f"Aktiviteter och deltagare per 1 000 invånare i varje stadsdel, {period}."


def activities_kind_alt(period: str) -> str:
    return f"Aktiviteter per slag, {period}."


ACTIVITIES_NOTE = (
    "Antal aktiviteter är exakta (de är inte personer). Deltagare är deltagartillfällen, räknade eller "
    "uppskattade av arrangören; samma person kan delta flera gånger. Deltagarantal avrundas till närmaste 5 och "
    "1–4 visas inte."
)
ACTIVITIES_KIND_TITLE = "Aktiviteter per slag"
ACTIVITIES_BY_MEASURE_TITLE = "Aktiviteter per åtgärd i handlingsplanen"
ACTIVITIES_NO_MEASURE = "Hör inte till någon åtgärd"
ACTIVITIES_MAP_HINT = "Aktiviteter och deltagare per 1 000 invånare finns också som mått på Karta."
ACTIVITIES_COLUMNS = {
    "district": "Stadsdel",
    "activities": "Aktiviteter",
    "activities_per_1000": "Aktiviteter per 1 000 invånare",
    "participants": "Deltagare",
    "participants_per_1000": "Deltagare per 1 000 invånare",
    "estimated": "Andel uppskattade deltagare",
}
ACTIVITIES_KIND_COLUMNS = {"year": "År", "kind": "Slag", "activities": "Aktiviteter", "participants": "Deltagare"}
ACTIVITIES_MEASURE_COLUMNS = {"measure": "Åtgärd", "activities": "Aktiviteter", "participants": "Deltagare"}

PLACEMENTS_TITLE = "Bostäder för nyanlända: sprids de över hela kommunen?"
PLACEMENTS_NONE = (
    "Det finns inga uppgifter om placeringar av nyanlända för kommunen. Lägg in placeringar.csv i datamängden "
    "eller importera den på sidan Data."
)


PLACEMENTS_HOUSING = "Boende"
HOUSING_LABELS = {
    "alla": "Alla",
    "modulbostad": "Modulbostäder",
    "lagenhet": "Lägenheter",
    "korridor": "Korridorrum",
    "annat": "Annat boende",
}


def housing_label(code: str) -> str:
    return HOUSING_LABELS.get(code, code)


def placements_no_year(year: int) -> str:
    return f"Inga placeringar av nyanlända finns för {year}."


def placements_persons(year: int) -> str:
    return f"Nyanlända som fick bostad {year}"


PLACEMENTS_HOUSEHOLDS = "Hushåll"
PLACEMENTS_D = "Olikhetsindex (D), placeringar"
PLACEMENTS_D_HELP = (
    "Hur ojämnt de nyanlända placerades jämfört med befolkningen (0 = i samma proportion som befolkningen i "
    "varje stadsdel, 1 = helt åtskilt): den andel av de placerade som skulle behöva bo i en annan stadsdel."
)


def placements_sentence(reading: str | None, d: str, low: str, high: str) -> str:
    if reading is None:
        return "Indexet visas inte: för få placerade för att räkna det utan att röja små tal."
    if reading == "concentrated":
        return (
            f"**Placeringarna är mer samlade än slumpen ger.** D = {d}; om lika många placerats slumpvis i "
            f"proportion till befolkningen hade D legat mellan {low} och {high}."
        )
    if reading == "even":
        return (
            f"**Placeringarna är jämnare spridda än slumpen ger.** D = {d}, under det som slumpvis placering i "
            f"proportion till befolkningen ger ({low}–{high}). Med få placerade blir D aldrig 0."
        )
    return (
        f"**Placeringarna är spridda ungefär som befolkningen.** D = {d}, inom det som slumpvis placering i "
        f"proportion till befolkningen ger ({low}–{high}); med få placerade blir D aldrig 0."
    )


def placements_type_title(year: int) -> str:
    return f"Placerade nyanlända och befolkningen per områdestyp, {year}"


def placements_type_alt(year: int) -> str:
    return f"Andel av de placerade nyanlända och andel av befolkningen i varje områdestyp, {year}, med 95 % intervall."


PLACEMENTS_TYPE_NOTE = (
    "Områdestyp 1 har störst socioekonomiska utmaningar. Placerade personer avrundas till närmaste 5 och 1–4 visas "
    "inte; andelarna räknas från de avrundade talen."
)
PLACEMENTS_D_TITLE = "Olikhetsindex (D) för placeringarna över tid"
PLACEMENTS_D_ALT = (
    "Olikhetsindex (D) för placeringarna mot befolkningen per år, med det intervall som slumpvis placering ger."
)
PLACEMENTS_D_NOTE = (
    "D räknas med samma funktion som sidans segregationsindex, på de avrundade antalen. Med få placerade blir D "
    "högt även vid slumpvis placering; bandet visar vad slumpen ger (2,5–97,5 % av 500 slumpade placeringar)."
)
PLACEMENTS_ON_MAP = "Visa placeringarna på kartan"
PLACEMENTS_TYPE_COLUMNS = {
    "area_type": "Områdestyp",
    "persons": "Placerade personer",
    "households": "Hushåll",
    "share_placed": "Andel av placerade",
    "interval": "95 % intervall",
    "share_population": "Andel av befolkningen",
    "ratio": "Kvot",
}
DISPERSAL_COLUMNS = {
    "year": "År",
    "persons": "Placerade personer",
    "D": "D",
    "random": "Slumpvis placering",
    "note": "Anmärkning",
}


def dispersal_random_range(mid: str, low: str, high: str) -> str:
    return f"{mid} ({low}–{high})"


VALUE_TITLE = "Scenario: undvikna offentliga kostnader när fler får arbete"
VALUE_NOT_EFFECT = (
    "Detta är ett scenario, inte en uppmätt effekt. Det bygger på antaganden som du kan ändra, och insatsen är "
    "kanske inte skälet till att någon fick arbete."
)
VALUE_COST = "Kostnad för utanförskap, tkr per person och år"
VALUE_COST_HELP = "Nilsson & Wadeskog: omkring 400 tkr per person och år, 10–15 Mkr under ett liv."
VALUE_DEADWEIGHT = "Andel som ändå hade fått arbete, %"
VALUE_DEADWEIGHT_HELP = "Dödviktsförlust: de som hade fått arbete även utan insatsen räknas bort."
VALUE_DURATION = "Hur länge arbetet varar, år"
VALUE_DURATION_HELP = "Antal år av arbete i stället för utanförskap som räknas med."
VALUE_RATE = "Diskonteringsränta, % per år"
VALUE_RATE_HELP = "Senare års kostnader räknas ned med räntan; första året räknas fullt."
VALUE_SOURCE = (
    "Källa för antagandena: Nilsson & Wadeskog (socioekonomiska beräkningar av utanförskapets kostnader), "
    "som i produktbeskrivningen (PRODUCT.md). Antalet avslutade insatser som ledde till arbete avrundas till "
    "närmaste 5."
)
VALUE_ALT = "Scenariots intervall av undvikna offentliga kostnader, lågt, mitt och högt, i miljoner kronor."
VALUE_ROWS = {
    "people": "Avslutade insatser som ledde till arbete",
    "cost": "Kostnad per person och år, tkr",
    "deadweight": "Andel som ändå hade fått arbete",
    "duration": "Varaktighet, år",
    "rate": "Diskonteringsränta",
    "low": "Scenario, lågt",
    "central": "Scenario, varje antagande i mitten",
    "high": "Scenario, högt",
}
VALUE_COLUMN_WHAT = "Antagande eller resultat"
VALUE_COLUMN_SCENARIO = "Scenario"


def value_msek(amount: str) -> str:
    return f"{amount} Mkr"


def value_no_people(period: str, min_n: int) -> str:
    return (
        f"Inga avslutade insatser som ledde till arbete att räkna ett scenario på för {period} (eller färre än "
        f"{min_n}, som inte visas)."
    )


def value_sentence(people: str, period: str, low: str, high: str, central: str) -> str:
    return (
        f"**Scenario:** om de {people} insatser som ledde till arbete {period} minskade utanförskapet som antagandena "
        f"säger, undveks offentliga kostnader på **{low}–{high} Mkr** ({central} Mkr med varje antagande i mitten av "
        "sitt intervall). Ett scenario, inte en uppmätt effekt."
    )


IMPORT_TABLES = "Handlingsplan, placeringar och aktiviteter"
IMPORT_TABLES_CAPTION = (
    "Åtgärder, kopplade indikatorer, placeringar av nyanlända och aktivitetsloggen läses från CSV eller Excel "
    "med samma kontroller som deltagarfiler: varje avvisad rad anges med rad, kolumn och skäl. Filerna får inte "
    "innehålla namn på personer eller personnummer. Ladda ned en mall:"
)
IMPORT_TABLE_KINDS = {
    "handlingsplan": "Handlingsplan: åtgärder",
    "handlingsplan_indikatorer": "Handlingsplan: kopplade indikatorer",
    "placeringar": "Placeringar av nyanlända",
    "aktiviteter": "Aktivitetslogg",
}
IMPORT_TABLE_KIND = "Vilken tabell?"
IMPORT_TABLE_HELP = "CSV (komma, semikolon eller tabb) eller Excel. I en arbetsbok väljs bladet nedan."
IMPORT_TABLE_ROWS = "Rader"
IMPORT_TEMPLATE_XLSX = "Alla blad (Excel)"


IMPORT_TABLE_FILE = "Fil (CSV eller Excel)"
IMPORT_TABLE_COMING_IN = "**Det här kommer in** (godkända rader per år)"
IMPORT_TEMPLATE_LABELS = {
    "handlingsplan": "Åtgärder (CSV)",
    "handlingsplan_indikatorer": "Indikatorer (CSV)",
    "placeringar": "Placeringar (CSV)",
    "aktiviteter": "Aktiviteter (CSV)",
}


def import_saved_table(label: str, version: str, rows: str) -> str:
    return f"{label}: version {version} sparad med {rows} rader och används nu."


DATA_DISTRICTS = "Stadsdelar"
DATA_STATISTICS_YEARS = "Statistikår"
DATA_PARTICIPANT_ROWS = "Deltagarrader"
DATA_PROGRAMMES_STARTED = "Insatser startade"


def data_first_last_start(first: str, last: str) -> str:
    return f"Första start {first}, senaste {last}."


DATA_SOURCES = "Källor"
#: Said in English only: the data set's description and sources are its own words, in Swedish.
DATA_SOURCES_LANGUAGE_NOTE = ""
DATA_VALIDATION = "Inläsning och validering"
#: Said in English only: validation messages come from analysis/ and are in Swedish.
DATA_MESSAGES_LANGUAGE_NOTE = ""
#: Columns of the load summary table, by report field.
DATA_REPORT_COLUMNS = {
    "file": "Fil",
    "rows_read": "Rader lästa",
    "rows_accepted": "Godkända",
    "rows_rejected": "Avvisade",
    "warnings": "Varningar",
}
DATA_ALL_ACCEPTED = "Alla rader godkändes utan anmärkning."
DATA_SETTINGS = "Inställningar"


def data_settings(min_n: str, index_mean: str, index_sd: str) -> str:
    """The settings list; the numbers come formatted (Swedish format)."""
    return (
        f"- Inget antal under **{min_n}** visas, och ingen andel där färre än **{min_n}** personer fick, eller "
        f"inte fick, utfallet; övriga antal avrundas till närmaste **{min_n}** "
        "(miljövariabeln `STADSDEL_MIN_N`).\n"
        "- Områdestyp beräknas, där SCB inte publicerat någon, med rikets medelvärde "
        f"**{index_mean}** "
        f"och standardavvikelse **{index_sd}** för det socioekonomiska indexet "
        "(`STADSDEL_INDEX_MEAN`, `STADSDEL_INDEX_SD`)."
    )


DATA_TEMPLATE = "Mall för deltagarfil"


def data_template_columns(columns: str) -> str:
    return f"Kolumner: {columns}. Se README för tillåtna värden."


DATA_TEMPLATE_DOWNLOAD = "Ladda ned tom mall (CSV)"

IMPORT_PARTICIPANTS = "Importera deltagare"
IMPORT_FILE = "Deltagarfil (CSV eller Excel)"
IMPORT_FILE_HELP = (
    "Personnummer ersätts med pseudonymer innan något visas eller sparas; namn, adresser, telefon och e-post tas bort."
)
IMPORT_NO_FILE = "Mallen och tillåtna värden står i README. Inget sparas förrän du godkänner importen."
IMPORT_SHEET = "Blad i arbetsboken"
IMPORT_DAY_FIRST = "Datum som 1/3/2024 betyder 1 mars (dag först)"
IMPORT_MAPPING = "Kolumnkoppling: vilken kolumn i filen är vad"


def import_file_column(column: str) -> str:
    return f"Filens kolumn ”{column}”"


IMPORT_IGNORE = "(används inte)"
IMPORT_SAVE_MAPPING = "Spara kolumnkopplingen till nästa gång"
IMPORT_MAPPING_SAVED = "Kolumnkopplingen är sparad."
#: Column headers of a validation report's issue table (the messages themselves stay Swedish).
IMPORT_ISSUE_COLUMNS = {
    "fil": "fil",
    "rad": "rad",
    "kolumn": "kolumn",
    "allvarlighet": "allvarlighet",
    "meddelande": "meddelande",
}
IMPORT_SEVERITY_LABELS = {"fel": "fel", "varning": "varning"}
IMPORT_COMING_IN = "**Det här kommer in** (godkända rader per insats och utfall)"
IMPORT_SUMMARY_TOTAL = "Totalt"
IMPORT_ACCEPT = "Godkänn och spara"


def import_saved_participants(version_id: str, rows: str) -> str:
    return f"Sparat som version {version_id}: {rows} rader. Alla sidor visar nu den här versionen."


IMPORT_NO_VERSIONS = "Inga importer ännu: de levererade filerna används."
#: Columns of the version list, by Version field.
IMPORT_VERSION_COLUMNS = {
    "id": "Version",
    "created": "Tid (UTC)",
    "file_name": "Fil",
    "rows_read": "Lästa",
    "rows_accepted": "Godkända",
    "rows_rejected": "Avvisade",
    "who": "Av",
    "active": "Används",
}
IMPORT_VERSION_ACTIVE = "ja"
IMPORT_VERSION_PICK = "Version att använda"
IMPORT_VERSION_USE = "Använd den här versionen"
IMPORT_SCB = "Importera SCB-statistik"
IMPORT_SCB_CAPTION = (
    "Statistikdatabasens CSV-export (områden som ”Helsingborg (Drottninghög)”, en kolumn per år) eller "
    "ett svar från SCB:s API i JSON-stat2. Områdena matchas mot datamängdens stadsdelar på namn, eller "
    "mot SCB:s nyckelfil DeSO→RegSO om du lägger till den."
)
IMPORT_SCB_FILE = "SCB-fil"
IMPORT_SCB_COLUMN = "Fyller kolumnen"
#: Labels of the statistics columns an SCB file can fill (the count columns use import_scb_count_column).
IMPORT_SCB_COLUMNS = {
    "omradestyp_scb": "Områdestyp (SCB), t.ex. Statistikdatabasens export av områdestyper per RegSO",
    "medianinkomst_tkr": "Medianinkomst 20–64 år, tkr",
}


def import_scb_count_column(column: str) -> str:
    return f"Antal: {column}"


IMPORT_SCB_KEY_FILE = "SCB:s nyckelfil DeSO→RegSO (valfri)"
#: The SCB import's counts of areas.
IMPORT_SCB_COUNTS = {
    "areas": "Områden i kommunen",
    "matched": "Matchade",
    "unmatched": "Ej matchade",
    "outside": "Andra kommuner (hoppas över)",
}


def import_scb_outside(count: str) -> str:
    return f"{count} stadsdel-år finns inte i datamängden och lämnas utanför."


def import_saved_statistics(version_id: str) -> str:
    return f"Sparat som version {version_id} av statistiken."


# Översikt, Jämför, profil, tabeller och format
PERCENT_POINTS = "procentenheter"
#: A change that rounds to 0 at the decimals shown (issue 9: one rule for every change).
CHANGE_NONE = "oförändrad"
#: The reading of a change whose 95 % interval covers 0, and of one whose interval excludes 0.
CHANGE_CHANCE = "kan vara slump"
CHANGE_CLEAR = "tydlig förändring"
#: Between the bounds of an interval of signed numbers ("−10,1 till +8,4").
TO = "till"
CHANGE_VERDICTS = {
    "better": "Tydlig förbättring",
    "worse": "Tydlig försämring",
    "clear": "Tydlig förändring",
    "chance": "Kan vara slump",
    "unchanged": "Oförändrad",
    "no_interval": "Inget intervall (inte en andel av personer)",
}
MISSING_VALUE = "uppgift saknas"
UNKNOWN = "okänd"


def area_type_history_source(years: str) -> str:
    return f" (SCB:s publicerade typ {years}; övriga år beräknade)"


COLUMNS = {
    "district": "Stadsdel",
    "districts": "Stadsdelar",
    "interval": "95 % intervall",
    "rate": "Andel positivt utfall",
    "n_finished": "n (avslutade)",
    "programme": "Insats",
    "enrolled": "Inskrivna",
    "finished": "Avslutade",
    "ongoing": "Pågående",
    "positive": "Arbete, praktik eller studier",
    "year": "År",
    "group_share": "Gruppens andel",
    "area_type": "Områdestyp",
    "residents": "Invånare",
    "share_of_residents": "Andel av invånarna",
    "ratio": "Kvot",
    "share_in_type_1_2": "Andel deltagare i typ 1–2",
    "per_1000": "Per 1 000 invånare 20–64",
    "participants": "Deltagare",
    "group": "Grupp",
    "in_work_or_studies": "I arbete eller studier",
    "n_followed": "n (uppföljda)",
    "not_followed": "Ej uppföljda",
    "median_days": "Median (dagar)",
    "quartiles": "Kvartiler",
    "p_value": "p-värde",
    "position": "Läge (99,8 %)",
    "indicator": "Indikator",
    "area": "Område",
    "share": "Andel",
    "measure": "Mått",
    "difference": "Skillnad mot kommunen",
    "interval_points": "95 % intervall (procentenheter)",
    "verdict": "Tolkning",
    "pair": "Stadsdelar",
    "difference_pair": "Skillnad",
    "change": "Förändring",
}


def suppressed_short() -> str:
    """A hidden difference: it rests on too few people (in the district or in the rest of the municipality)."""
    return HIDDEN_FIGURE


DIFFERENCE_VERDICTS = {
    "clear": "Tydlig skillnad (intervallet utesluter 0)",
    "unclear": "Kan vara slump (intervallet innehåller 0)",
}


def compare_title(kommun: str, year: int) -> str:
    return f"Jämför stadsdelar: {kommun} {year}"


COMPARE_DISTRICTS = "Stadsdelar (2–4)"
COMPARE_DISTRICTS_HELP = (
    "Förvalda är de tre stadsdelarna med högst socioekonomiskt index, om ingen länk eller karta valt andra. "
    "Valet följer med i länken (stadsdel=…)."
)
COMPARE_CHOOSE_TWO = "Välj minst två stadsdelar att jämföra."
COMPARE_SHARE = "Dela den här jämförelsen"
COMPARE_SHARE_HELP = (
    "Länken öppnar samma kommun, år, stadsdelar och språk. Kopiera den med knappen i rutans hörn. Den innehåller "
    "bara koder, inga personuppgifter."
)


def compare_all_measures(year: int) -> str:
    return f"Alla mått {year}"


COMPARE_ALL_MEASURES_CAPTION = (
    "Andelar visas med 95 % intervall och n. Om två stadsdelar verkligen skiljer sig visar skillnaderna nedan, "
    "med egna intervall."
)
COMPARE_ONE_MEASURE = "Ett mått: värden och skillnader"


def compare_bars_alt(label: str, year: int) -> str:
    return f"Stapeldiagram: {label.lower()} {year} för de valda stadsdelarna och kommunen."


COMPARE_DIFFERENCE_AXIS = "Skillnad mot kommunen<br>(procentenheter)"


COMPARE_ZERO = "Som kommunen"


def compare_hidden(min_n: int) -> str:
    return f"Dolda eller saknas (färre än {min_n} personer eller inga uppgifter)"


def compare_difference_alt(label: str, year: int) -> str:
    return (
        f"Punktdiagram: hur mycket varje vald stadsdel skiljer sig från kommunen i {label.lower()} {year}, "
        "med 95 % intervall."
    )


COMPARE_PAIRS = "Skillnader mellan de valda stadsdelarna"
COMPARE_DIFFERENCE_CAPTION = (
    "Skillnaden mot kommunen räknas mot resten av kommunen, eftersom stadsdelen själv ingår i kommunens värde; "
    "intervallet är Newcombes (1998) för skillnaden mellan två andelar. Ett intervall som inte innehåller 0 "
    "är en tydlig skillnad; jämför man många stadsdelar blir någon enstaka tydlig av en slump."
)
COMPARE_NO_INTERVAL = (
    "För det här måttet finns inget intervall för skillnaden (det är inte en andel av personer); jämför värdena "
    "med försiktighet."
)


def compare_change_title(base: int, year: int) -> str:
    return f"Förändring {base}–{year}"


COMPARE_BASE_YEAR = "Jämför med år"
WHAT_BASE_YEAR = "basåret"
COMPARE_CHANGE_CAPTION = (
    "Förändringen är det senare årets värde minus basårets. För andelar är intervallet Newcombes (1998) för "
    "skillnaden mellan två andelar; åren behandlas som oberoende, så intervallet är snarare för brett än för smalt. "
    "Ett intervall som inte innehåller 0 är en tydlig förändring; grönt är en förbättring och rött en försämring "
    "för just det måttet. En stadsdel som är dold något av åren visar ingen förändring."
)


def insatser_change_title(year: int, previous: int) -> str:
    return f"Andel med positivt utfall: {year} mot {previous}"


INSATSER_CHANGE_CAPTION = (
    "Andelen av insatserna som avslutades under året och ledde till arbete, praktik eller studier, jämfört med "
    "året innan. Intervallet är Newcombes (1998) för skillnaden mellan två andelar: ett intervall som innehåller 0 "
    "betyder att förändringen kan vara slump. En insats som är dold något av åren visar ingen förändring."
)
SEGREGATION_CHANGE_NO_INTERVAL = (
    "Förändringarna sedan första året har inget intervall (indexen är inte andelar av personer): en förändring på "
    "några hundradelar kan vara slump."
)


def targeting_sentence(reading: str, ratio: str, interval: str, min_n: int) -> str:
    """A plain reading of the targeting ratio for type 1–2 areas (``analysis.stats.reach.targeting_reading``)."""
    areas = "områden av typ 1–2"
    ci = f"95 % konfidensintervall {interval}"
    return {
        "hidden": f"Visas inte: färre än {min_n} deltagare, eller inga invånare i {areas} detta år.",
        "over": f"Överrepresenterade där behoven är störst: andelen deltagare som bor i {areas} är {ratio} gånger "
        f"befolkningens andel ({ci}).",
        "under": f"Underrepresenterade där behoven är störst: andelen deltagare som bor i {areas} är bara {ratio} "
        f"gånger befolkningens andel ({ci}).",
        "unclear": f"Ingen säker skillnad: deltagarna bor i {areas} ungefär i samma utsträckning som befolkningen "
        f"(kvot {ratio}, {ci}; intervallet omfattar 1).",
    }[reading]


COMPARE_OVER_TIME = "Över tid"
COMPARE_OVER_TIME_ALT = "Små diagram per indikator: de valda stadsdelarna och kommunen över tid."


def overview_title(kommun: str, year: int) -> str:
    return f"Översikt: {kommun} {year}"


def overview_enrolled(year: int) -> str:
    return f"Inskrivna (startade {year})"


# Issue 9: counts explained. The one help text on how the pages count participants, on Översikt (enrolled)
# and on Segregation (targeting and reach).
COUNTS_HELP = (
    "Sidorna räknar deltagare på tre sätt. **Inskrivna** (Översikt): insatser som startade under året. "
    "**Deltagare aktiva** (Segregation: träffsäkerhet och räckvidd): personer med minst en insats som pågick "
    "någon gång under året, var och en räknad en gång. **Avslutade** (andelen med positivt utfall): insatser "
    "som slutade under året. Därför skiljer sig antalen: den som började förra året och fortfarande deltar är "
    "aktiv i år men inte inskriven i år, och den som har två insatser är två inskrivna men en deltagare."
)
OVERVIEW_POSITIVE = "Arbete, praktik, studier"


def overview_positive_help(finished: str, year: int) -> str:
    return f"Av {finished} insatser som avslutades {year}."


OVERVIEW_RATE = "Andel med positivt utfall"


def overview_rate_caption(
    interval: str, n: str, year: int, previous_year: int | None, previous: str | None, change_interval: str | None
) -> str:
    compared = (
        ""
        if previous_year is None
        else f". {previous_year}: {previous}; förändringens 95 % intervall {change_interval}"
    )
    return f"95 % intervall {interval}, n = {n} avslutade {year}{compared}"


OVERVIEW_ONGOING = "Pågående vid årets slut"
OVERVIEW_ONGOING_HELP = "Insatser som pågick 31 december."


def overview_goals_title(year: int) -> str:
    return f"Måluppfyllelse {year}"


def overview_no_goals(year: int) -> str:
    return f"Inga mål är angivna för {year}."


def overview_challenged_title(year: int) -> str:
    return f"Stadsdelarna med störst utmaningar {year}"


OVERVIEW_NO_INDEX = "Det socioekonomiska indexet saknas för året, så ingen rangordning kan visas."
OVERVIEW_COMPARE_CHALLENGED = "Jämför dem med kommunen"
OVERVIEW_CHALLENGED_CAPTION = (
    "Högst socioekonomiskt index (SCB:s metod: medelvärdet av andelarna med låg ekonomisk standard, förgymnasial "
    "utbildning och långvarigt bistånd eller arbetslöshet). Knappen öppnar Jämför med de tre valda; länken "
    "därifrån kan skickas vidare."
)
OVERVIEW_TREND_TITLE = "Utfall över tid per insats"
OVERVIEW_TREND_ALT = (
    "Linjediagram: andel avslutade insatser som ledde till arbete, praktik eller studier, per år och insats."
)
OVERVIEW_TREND_CAPTION = "De lodräta strecken visar 95 % konfidensintervall (Wilson)."


def profile_title(name: str) -> str:
    return f"Profil: {name}"


PROFILE_IN_COMPARISON = "Finns i jämförelsen."


def profile_comparison_full(maximum: int) -> str:
    return f"Jämförelsen har redan {maximum} stadsdelar."


PROFILE_ADD = "Lägg till i jämförelsen"


def profile_added(name: str) -> str:
    return f"{name} lades till i jämförelsen."


PROFILE_AREA_TYPE_HISTORY = "Områdestyp över tid:"


def profile_series_alt(name: str) -> str:
    return f"Små diagram per indikator: {name} jämfört med kommunen över tid."


PROFILE_RESULTS_TITLE = "**Insatsernas utfall bland deltagare härifrån** (alla år)"
PROFILE_NO_RESULTS = "Inga avslutade insatser från den här stadsdelen."


def profile_started(count: str) -> str:
    return f"Insatser som startat härifrån, alla år: {count}."


def overview_index_value(value: str) -> str:
    return f"Socioekonomiskt index **{value}**"


GROUP_BY = "Dela upp efter"
GROUP_NAMES = {"insats": "Insats", "malgrupp": "Målgrupp", "kon": "Kön", "stadsdel_kod": "Stadsdel"}


# Karta
def map_title(kommun: str, year: int) -> str:
    return f"Karta: {kommun} {year}"


MAP_MEASURE = "Mått"
WHAT_MEASURE = "måttet"
MAP_SHOW_NAMES = "Visa stadsdelsnamn"
MAP_CLASSES = "Klassindelning"
MAP_CLASS_METHODS = {
    "continuous": "Kontinuerlig skala",
    "quantiles": "Kvantiler (5 klasser)",
    "equal_intervals": "Lika intervall (5 klasser)",
    "area_type_thresholds": "SCB:s gränser för områdestyp",
}
MAP_CLASSES_HELP = (
    "Kvantiler: ungefär lika många stadsdelar i varje klass. Lika intervall: lika breda klasser. "
    "SCB:s gränser (bara för indexet): klasserna blir områdestyperna 1–5. Dolda och saknade stadsdelar "
    "får ingen klass och påverkar inte gränserna."
)
MAP_CLASSES_NOT_FOR_AREA_TYPE = "Områdestypen är redan indelad i fem klasser."
MAP_DIFFERENCE = "Visa skillnad mot kommunen"
MAP_DIFFERENCE_HELP = (
    "Stadsdelens värde minus kommunens, på en tvåfärgad skala: rött = större utmaningar än i kommunen, "
    "blått = mindre. Andelar i procentenheter."
)
MAP_DIFFERENCE_NOT_AVAILABLE = (
    "Skillnad mot kommunen finns inte för områdestyp och lokala kvoter: de jämför redan med kommunen."
)
MAP_DIFFERENCE_NO_MUNICIPAL = "Kommunens värde saknas för det här måttet och året; kartan visar stadsdelarnas värden."
MAP_SECOND = "Jämför med ett andra mått"
MAP_SECOND_NONE = "Inget andra mått"
MAP_BASEMAP = "Bakgrundskarta (kräver internet)"
MAP_BASEMAP_NOTE = (
    "Bakgrundskartan (© OpenStreetMap-bidragsgivare) hämtas som kartbilder från internet. Inget annat ändras: "
    "inga uppgifter om stadsdelarna skickas någonstans."
)
MAP_NOT_DRAWN = "Kartan kunde inte ritas: webbläsaren fick inte kartans ritverktyg från appen. Ladda om sidan."
MAP_CLICK_HINT = "Klicka på en stadsdel i kartan för att se dess värde och profil."
MAP_MISSING = "Uppgift saknas"
MAP_DISTRICT_VALUE = "Stadsdelen"
MAP_DIFFERENCE_SHORT = "Skillnad"
MAP_CLASS = "Klass"
MAP_UNITS = {
    "share": "%",
    "rate": "%",
    "income": "tkr",
    "index": "indexpoäng",
    "quotient": "kvot",
    "per1000": "per 1 000",
}
MAP_DIFFERENCE_UNITS = {
    "share": "procentenheter",
    "rate": "procentenheter",
    "income": "tkr",
    "index": "indexpoäng",
    "per1000": "per 1 000 invånare 20–64 år",
}
MAP_PER_1000 = "per 1\u00a0000"


def map_source(sources: str, *, fictitious: bool) -> str:
    """The source line under the map."""
    return "Källa: fiktiva demodata" if fictitious else f"Källa: {sources}"


def map_alt(kommun: str, label: str, year: int) -> str:
    return f"Karta över stadsdelarna i {kommun} färgade efter {label.lower()} {year}."


def map_legend_title(label: str, unit: str, year: int) -> str:
    """Legend or colour-bar title: the measure, its unit and the year (one pair of brackets at most)."""
    if not unit:
        return f"{label}<br>{year}"
    return f"{label[:-1]}; {unit})<br>{year}" if label.endswith(")") else f"{label} ({unit})<br>{year}"


def map_difference_title(label: str, unit: str, year: int) -> str:
    return f"{label}<br>skillnad mot kommunen<br>{unit}, {year}"


def map_hidden_legend(min_n: int) -> str:
    return HIDDEN_FIGURE.capitalize()


def map_hidden_hover(min_n: int) -> str:
    return HIDDEN_FIGURE.capitalize()


def map_interval_n(interval: str, n: str) -> str:
    return f"95 % intervall {interval}, n = {n}"


def area_type_short(area_type: int) -> str:
    return f"Typ {area_type}"


def class_range(low: str, high: str) -> str:
    """A class of a classed map, from its two formatted edges; "till" where a minus sign would clash."""
    return f"{low} till {high}" if low[:1] in ("−", "+") or high[:1] in ("−", "+") else f"{low}–{high}"


def class_below(high: str) -> str:
    return f"under {high}"


def class_from(low: str) -> str:
    return f"{low} och mer"


def threshold_class(range_text: str, area_type: int) -> str:
    return f"Typ {area_type}: {range_text}"


MAP_PROFILE_PICK = "Stadsdel att visa"
MAP_PROFILE_PLACEHOLDER = "Klicka i kartan eller välj här"
MAP_PROFILE_PICK_HELP = "Öppnar stadsdelens profil under kartan, precis som ett klick i kartan."


def map_profile_pick_open(count_text: str) -> str:
    return f"Välj stadsdel att visa ({count_text} stadsdelar)"


# Issue 9: goals, empty states, counts
def goal_measure_label(measure: str, year: int) -> str:
    """A goal card's measure, saying which enrolments it counts (by start or by end of the year)."""
    labels = {
        "inskrivna": f"Inskrivna (startade {year})",
        "positivt_utfall": f"Till arbete, praktik eller studier (avslutade {year})",
        "forlangning": f"Erbjudna förlängning (avslutade {year})",
    }
    return labels.get(measure, measure)


def goal_value(period: str, outcome: str, goal: str) -> str:
    """A goal card's count against its goal; a year that is not over yet says "hittills". A narrow card
    breaks the line before "av", never inside "av 30" (a no-break space)."""
    return f"{outcome} av\u00a0{goal}" if period == "past" else f"Hittills {outcome} av\u00a0{goal}"


def goal_reading(status: str, min_n: int) -> str:
    """What a goal card says about the goal (``analysis.stats.goals.goal_status``)."""
    return {
        "reached": "Målet nåddes.",
        "not_reached": "Målet nåddes inte.",
        "reached_so_far": "Målet är redan nått; året pågår.",
        "so_far": "Året pågår, så antalet kan fortfarande växa.",
        "hidden": f"Om målet nåddes kan inte visas utan att röja antalet: målet är lägre än {min_n}.",
        "unknown": "Målvärde saknas.",
    }[status]


def insatser_extension_metric(year: int | None) -> str:
    return "Erbjudna förlängning, alla år" if year is None else f"Erbjudna förlängning {year}"


def insatser_extension_caption(interval: str, n: str, year: int | None) -> str:
    """Interval and n of the extension rate, with the period the n counts."""
    if year is None:
        return f"95 % intervall {interval}, n = {n} anställningar med besked, alla år"
    return f"95 % intervall {interval}, n = {n} anställningar med besked som avslutades {year}"


def insatser_extension_hidden(min_n: int, year: int | None) -> str:
    if year is None:
        return f"Färre än {min_n} anställningar har besked om förlängning, så andelen visas inte."
    return f"Färre än {min_n} anställningar med besked om förlängning avslutades {year}, så andelen visas inte."


def insatser_extension_alt(year: int | None) -> str:
    return f"Stapeldiagram: andel erbjudna förlängning per roll, {_period(year)}, med 95 % intervall."


#: Free-text group columns: the noun for one and for several of their values.
_FREE_TEXT_NOUNS = {"roll": ("roll", "roller"), "malgrupp": ("målgrupp", "målgrupper")}


def hidden_free_text(category: str, count: int, min_n: int) -> str:
    """Note under a chart of free-text groups (``roll``): hidden ones are counted, never named."""
    one, many = _FREE_TEXT_NOUNS.get(category, ("grupp", "grupper"))
    return f"{count} {one if count == 1 else many} med färre än {min_n} personer visas inte."


def hidden_free_text_row(category: str, count: int) -> str:
    """The one table row that stands for the hidden free-text groups."""
    one, many = _FREE_TEXT_NOUNS.get(category, ("grupp", "grupper"))
    return f"{count} {'annan' if count == 1 else 'andra'} {one if count == 1 else many}"


def empty_chart(chart: str, reason: str, *, year: int | None, min_n: int, name: str = "") -> str:
    """Why a chart is not drawn, in one sentence. ``chart`` is a key of ``charts.empty.CHARTS``, ``reason``
    one of ``charts.empty.REASONS``; ``year`` None = all years; ``name`` the programme or follow-up."""
    span = "alla år tillsammans" if year is None else str(year)
    sentences = {
        ("trend", "no_data"): "Inga insatser har avslutats ännu, så det finns ingen utveckling att visa.",
        ("trend", "all_hidden"): (
            f"Varje år och insats har färre än {min_n} avslutade, eller färre än {min_n} med eller utan positivt "
            "utfall, så ingen andel kan visas."
        ),
        ("funnel", "no_data"): (
            "Registret har inga insatser."
            if year is None
            else f"Inga insatser startade, avslutades eller pågick {year}."
        ),
        ("funnel", "all_hidden"): f"Alla antal {span} är färre än {min_n} och visas därför inte.",
        ("groups", "no_data"): (
            f"{name} har inga avslutade insatser {'ännu' if year is None else year}, så inga andelar kan visas."
        ),
        ("groups", "all_hidden"): (
            f"Varje grupp i {name} har färre än {min_n} avslutade insatser {span}, eller färre än {min_n} med "
            "eller utan positivt utfall, så ingen andel kan visas."
        ),
        ("roles", "no_data"): (
            "Inga anställningar har besked om förlängning ännu."
            if year is None
            else f"Inga anställningar med besked om förlängning avslutades {year}."
        ),
        ("roles", "all_hidden"): (
            f"Varje roll har färre än {min_n} anställningar med besked {span}, eller färre än {min_n} som fick "
            "eller inte fick förlängning, så ingen andel per roll kan visas."
        ),
        ("lasting", "no_data"): f"Inga avslutade insatser har följts upp efter {name} ännu.",
        ("lasting", "all_hidden"): (
            f"Varje grupp har färre än {min_n} uppföljda efter {name}, eller färre än {min_n} med eller utan "
            "arbete eller studier, så ingen andel kan visas."
        ),
        ("districts", "no_data"): (
            f"Inga avslutade insatser {'ännu' if year is None else year}, så ingen stadsdel kan jämföras med kommunen."
        ),
        ("districts", "all_hidden"): (
            f"Varje stadsdel har färre än {min_n} avslutade insatser {span}, eller färre än {min_n} med eller "
            "utan positivt utfall, så ingen kan jämföras med kommunen."
        ),
        ("reach", "no_data"): f"Inga deltagare var aktiva {year}, så det finns ingen räckvidd att visa.",
        ("reach", "all_hidden"): f"Varje stadsdel har färre än {min_n} deltagare aktiva {year}, så ingen visas.",
        ("reach", "missing"): (
            f"Invånare 20–64 år saknas för {year}, så ingen räckvidd per 1 000 invånare kan räknas."
        ),
        ("targeting", "no_data"): f"Inga deltagare var aktiva {year}, så träffsäkerheten kan inte räknas.",
        ("targeting", "all_hidden"): (
            f"Färre än {min_n} deltagare aktiva {year} bor i stadsdelar med känd områdestyp, "
            "så träffsäkerheten visas inte."
        ),
        ("targeting", "missing"): (
            f"Ingen i kommunen bor i områden av typ 1–2 {year}, så träffsäkerheten kan inte räknas."
        ),
    }
    return sentences.get((chart, reason)) or sentences[(chart, "no_data")]


def segregation_targeting_n(interval: str, n: str, year: int) -> str:
    """Interval and n of the targeting ratio: n counts people active in the year (``COUNTS_HELP``)."""
    return f"95 % intervall {interval}, n = {n} deltagare aktiva {year}"


def segregation_reach_note(year: int) -> str:
    return (
        f"Deltagare aktiva {year} (personer med en insats som pågick någon gång under året) per 1 000 invånare "
        "20–64 år, med 95 % intervall (exakt Poisson)."
    )


# Issue 9: the map over time
MAP_VIEW = "Visa"
#: What the map shows (keys are ``analysis.stats.measures.VIEW_*``).
MAP_VIEWS = {
    "value": "Värdet",
    "difference": "Skillnad mot kommunen",
    "change": "Förändring sedan ett år",
}
MAP_VIEW_HELP = (
    "Värdet: måttet det valda året. Skillnad mot kommunen: stadsdelens värde minus kommunens, rött = större "
    "utmaningar än i kommunen. Förändring: värdet minus värdet ett tidigare år (välj året till höger), rött = "
    "utvecklingen mot större utmaningar. Andelar i procentenheter."
)
WHAT_MAP_VIEW = "vad kartan visar"
MAP_BASE_YEAR = "Sedan år"
MAP_BASE_YEAR_HELP = "Året som förändringen räknas från. Kartans år väljs med reglaget nedanför."
MAP_YEAR_STEPPER = "År på kartan"
MAP_YEAR_STEPPER_HELP = (
    "Stega genom åren (piltangenterna flyttar ett år). Det är samma år som i sidopanelen. Färgskalan är "
    "densamma alla år, så en färg betyder samma värde vilket år som än visas."
)
MAP_SECOND_KIND = "Andra kartan"
#: The second map: none, another measure the same year, or the same measure another year.
MAP_SECOND_KINDS = {"none": "Ingen", "measure": "Ett annat mått", "year": "Ett annat år"}
MAP_SECOND_KIND_HELP = (
    "Ett annat mått samma år, eller samma mått ett annat år sida vid sida (samma färgskala, det tidigare året "
    "till vänster)."
)
WHAT_SECOND_MAP = "den andra kartan"
WHAT_SECOND_MEASURE = "det andra måttet"
MAP_SECOND_YEAR = "Andra året"
WHAT_SECOND_YEAR = "det andra året"
MAP_NO_OTHER_YEAR = "Det finns inget annat år att visa."
WHAT_CLASSES = "klassindelningen"
MAP_ZOOM = "Zooma in på tätorten"
MAP_ZOOM_HELP = (
    "Visar de tätast befolkade stadsdelarna, där 80 % av invånarna bor. Stäng av för att se hela kommunen, "
    "också de stora och glest befolkade landsbygdsområdena."
)
WHAT_ZOOM = "inzoomningen"
MAP_SHOW_NAMES_HELP = (
    "Namnen visas där de får plats utan att täcka varandra, de mest befolkade stadsdelarna först. Alla namn syns "
    "när du pekar på kartan och i listan under den. Zooma in för fler namn."
)
WHAT_NAMES = "stadsdelsnamnen"
MAP_BASEMAP_HELP = "Kartbilder från OpenStreetMap under stadsdelarna. Kräver internet; allt annat fungerar utan."
WHAT_BASEMAP = "bakgrundskartan"
WHAT_PROFILE = "stadsdelen i profilen"
MAP_CHANGE_SHORT = "Förändring"
MAP_CHANGE_MISSING = "Uppgift saknas något av åren"
MAP_CHANGE_NOT_AVAILABLE = (
    "Områdestypen är en kategori och har ingen förändring; kartan visar typen. Stadsdelar som bytt typ listas "
    "när två år visas sida vid sida."
)
MAP_CHANGE_NEEDS_LATER_YEAR = "Förändring kräver ett senare år än det första; kartan visar värdet."
MAP_CHANGE_CAPTION = (
    "Förändringen är kartans års värde minus basårets. För andelar visas ett 95 % intervall (Newcombe; åren "
    "behandlas som oberoende, så intervallet är snarare för brett): ”kan vara slump” när det innehåller 0, "
    "”tydlig förändring” annars. En stadsdel som är dold något av åren visar ingen förändring."
)
MAP_AREA_TYPE_SOURCE = "Områdestypen är SCB:s där SCB har publicerat den, annars beräknad med SCB:s metod."


def map_change_title(label: str, unit: str, base_year: int, year: int) -> str:
    """Legend or colour-bar title of a change map: the measure, the two years and the unit."""
    return f"{label}<br>förändring {base_year}–{year}" + (f" ({unit})" if unit else "")


def map_change_hover_title(label: str, base_year: int, year: int) -> str:
    return f"{label}: förändring {base_year}–{year}"


def map_change_year(year: int, value: str, n: str | None) -> str:
    """One year's value in the hover of a change, with its n when the measure has one."""
    return f"{year}: {value}" + (f" (n = {n})" if n else "")


def map_change_hidden_hover(min_n: int) -> str:
    return f"Dolt: något av åren bygger på färre än {min_n} personer"


def map_change_column(label: str, base_year: int) -> str:
    return f"{label}: förändring sedan {base_year}"


def map_same_scale(first: int, last: int) -> str:
    """The legend's promise that the colours do not rescale between years."""
    return f"samma skala alla år {first}–{last}"


def map_zoom_note(shown: int, total: int) -> str:
    return (
        f"Kartan visar tätorten: de {shown} av {total} stadsdelar där 80 % av invånarna bor. Stäng av ”Zooma in "
        "på tätorten” för hela kommunen."
    )


def map_names_note(shown: int, total: int) -> str:
    return (
        f"{shown} av {total} namn får plats på kartan; alla syns när du pekar på kartan och i listan ”Stadsdel att "
        "visa”."
    )


def map_area_type_changes_title(base_year: int, year: int) -> str:
    return f"Stadsdelar som bytt områdestyp {base_year}–{year}"


def map_area_type_change(name: str, before: int, after: int) -> str:
    return f"{name}: typ {before} → typ {after}"


def map_no_area_type_changes(base_year: int, year: int) -> str:
    return f"Ingen stadsdel bytte områdestyp mellan {base_year} och {year}."


def map_profile_change(base_year: int, change: str) -> str:
    return f"Förändring sedan {base_year}: **{change}**"


# SCB's boundaries in one step (Data page, SCB tab; ui/importer.scb_boundaries)
SCB_GEOMETRY_TITLE = "SCB:s gränser"
SCB_GEOMETRY_CAPTION = (
    "Hämtar kommunens RegSO-gränser (2025) direkt från SCB:s öppna geodata (CC0). Kräver internet; "
    "bara kommunkoden skickas till SCB."
)


def scb_geometry_fetch(kommun: str) -> str:
    return f"Hämta SCB:s gränser för {kommun}"


SCB_GEOMETRY_COUNTS = {"fetched": "Områden hämtade", "matched": "Matchar datamängden", "differ": "Skiljer sig"}
SCB_GEOMETRY_DIFF_COLUMNS = {"code": "Kod", "where": "Finns"}
SCB_GEOMETRY_WHERE = {"only_fetched": "bara hos SCB", "missing": "bara i datamängden"}
SCB_GEOMETRY_COMPLETE = "Datamängdens stadsdelar och SCB:s områden har exakt samma koder."
SCB_GEOMETRY_MISMATCH = (
    "Koderna stämmer inte helt med datamängdens stadsdelar: med den här filen går datamängden inte att läsa "
    "in förrän stadsdelar.csv och gränserna har samma koder."
)
SCB_GEOMETRY_DOWNLOAD = "Ladda ned stadsdelar.geojson"


def scb_geometry_where(folder: str) -> str:
    return (
        f"Filen kan också läggas som stadsdelar.geojson i datamängdens mapp ({folder}) i stället för den som finns "
        'där, med "geometri_schematisk" satt till false i meta.json; kartan visar den när appen har startats om.'
    )


SCB_GEOMETRY_DEMO_NOTE = (
    "Det här är demodata: lägg filen i en kopia av mappen, inte i data/demo, som skrivs om av "
    "data/generate_demo.py och bara får ha schematiska gränser."
)
SCB_GEOMETRY_USE = "Använd SCB:s gränser på kartan"


def scb_geometry_used(version: str) -> str:
    return (
        f"SCB:s gränser sparades som version {version} och används nu på kartan (Karta och profilerna). "
        "Fliken Versioner byter tillbaka."
    )


# --- pseudonym keys (issue 10)
#: Column of the version list: the fingerprint of the pseudonym key a participant version was made with.
IMPORT_VERSION_KEY = "Nyckel"
#: Shown for a version saved before key fingerprints were recorded.
IMPORT_KEY_UNKNOWN = "okänd"
IMPORT_KEY_CONFIRM = "Jag förstår att pseudonymerna inte stämmer med tidigare versioner: spara ändå"
IMPORT_KEY_CONFIRM_FIRST = "Kryssa i rutan ovan för att kunna spara importen med den här nyckeln."


def import_key_in_use(fingerprint: str) -> str:
    return (
        f"Nyckel för pseudonymer: fingeravtryck `{fingerprint}`. Fingeravtrycket visar vilken nyckel som används "
        "utan att avslöja den, och sparas med varje version."
    )


def import_key_changed(version: str, active: str, new: str) -> str:
    return (
        f"**Nyckeln för pseudonymer har bytts.** Den aktiva versionen ({version}) gjordes med nyckeln `{active}`, "
        f"den här importen görs med `{new}`. Pseudonymerna stämmer då inte med tidigare versioner: samma person "
        "får ett annat `deltagare_id`, så ingen kan följas mellan versionerna. Var det inte meningen, ställ in den "
        "gamla nyckeln igen. Byter ni nyckel med flit, importera alla källfiler på nytt med den nya nyckeln."
    )


def import_key_unrecorded(version: str, new: str) -> str:
    return (
        f"**Okänt om nyckeln är densamma.** Den aktiva versionen ({version}) sparades innan nycklar registrerades, "
        f"så det går inte att se om den gjordes med samma nyckel som den här importen (`{new}`). Med en annan "
        "nyckel får samma person ett annat `deltagare_id`, och pseudonymerna stämmer inte med tidigare versioner."
    )


# --- identity numbers (issue 10)
#: What stands in the place of an identity number in a sheet or column name shown on the Data page.
REDACTED_NAME = "[personnummer borttaget]"


def import_sheet_redacted(number: int, name: str) -> str:
    """A sheet in the sheet picker whose name held an identity number: its place and the redacted name."""
    return f"Blad {number}: {name}"


# --- disclosure control (issue 10): one rule, in the same words on every page and export

#: A hidden rate, or a figure hidden with it: true whether the group, the numerator or its complement was
#: small (a count that is itself 1–4 says ``suppressed(min_n)``, "färre än 5"). The page's footer says why.
HIDDEN_FIGURE = "dolt (små tal)"


def disclosure_rule(min_n: int) -> str:
    """The small-number rule (``analysis.disclosure``), said under every page and in every export."""
    return (
        f"Skydd av små tal: antal under {min_n} visas inte (”färre än {min_n}”), och inte heller en andel där "
        f"färre än {min_n} personer fick, eller inte fick, utfallet. Övriga antal är avrundade till närmaste "
        f"{min_n}, och andelar, intervall och förändringar räknas från de avrundade antalen, så delar "
        "summerar inte alltid till totalen."
    )


def goal_rounded(min_n: int) -> str:
    """Beside a goal whose rounded count seems to contradict the verdict (``ui.tables.goal_card``)."""
    return f"Antalet är avrundat till närmaste {min_n}; målet avgörs på det exakta antalet."


# --- exports (issue 11): the download buttons under every chart and table, and the files' header or caption

#: The labels of an exported file's header block (CSV, XLSX) and of an image's caption.
EXPORT_LABELS = {
    "title": "Titel",
    "source": "Källa",
    "period": "Period",
    "filters": "Urval",
    "note": "Anmärkning",
    "rule": "Små tal",
    "exported": "Exporterad",
}
#: The sheet of an exported workbook.
EXPORT_SHEET = "Tabell"
#: The row of buttons under a chart: the first says what they do, the rest name the format.
EXPORT_PNG = "Ladda ned PNG"
EXPORT_SVG = "SVG"
EXPORT_CSV = "CSV"
EXPORT_XLSX = "Excel"
#: Under a table without a chart, the first button is CSV.
EXPORT_TABLE_CSV = "Ladda ned CSV"
EXPORT_HELP = {
    "png": "Diagrammet som bild (PNG) med rubrik, källa, period, urval och regeln om små tal.",
    "svg": "Diagrammet som vektorbild (SVG, skarp i alla storlekar) med rubrik, källa, period, urval och regeln om "
    "små tal.",
    "csv": "Tabellen som den visas, som CSV för Excel (semikolon, UTF-8), under en rubrik med källa, period, urval "
    "och regeln om små tal. Dolda värden är dolda även i filen.",
    "xlsx": "Tabellen som den visas, som Excel-fil, under en rubrik med källa, period, urval och regeln om små tal. "
    "Dolda värden är dolda även i filen.",
}
EXPORT_IMAGES_UNAVAILABLE = (
    "Bilder kan inte ritas: Chromium saknas på servern. Installera Debians paket: apt-get install chromium"
)
#: Where an export's numbers come from.
EXPORT_SOURCES = {
    "register": "bolagets deltagarregister",
    "scb": "SCB:s statistik per stadsdel (RegSO)",
    "both": "SCB:s statistik per stadsdel (RegSO) och bolagets deltagarregister",
    "plan": "bolagets handlingsplan, placeringar och aktivitetslogg, med SCB:s folkmängd per stadsdel",
}
#: The choices behind an exported view, each written "Namn: värde".
EXPORT_FILTERS = {
    "municipality": "Kommun",
    "programme": "Insats",
    "group": "Uppdelning",
    "follow_up": "Uppföljning",
    "measure": "Mått",
    "view": "Visar",
    "districts": "Stadsdelar",
    "population_group": "Grupp",
    "atkinson": "Atkinsons b",
    "classes": "Klasser",
    "actor": "Aktör",
    "district": "Stadsdel",
    "status": "Status",
    "evidence": "Kunskapsunderlag",
    "housing": "Boende",
}


#: Titles of exported charts whose heading on the page is a question or names no measure.
EXPORT_TITLES = {
    "indices": "Segregationsindex över tid",
    "area_types": "Befolkning per områdestyp över tid",
    "reach": "Deltagare per 1 000 invånare 20–64 år, per stadsdel",
    "difference": "Skillnad mot kommunen i procentenheter",
    "series": "Indikatorerna över tid i de valda stadsdelarna och kommunen",
}


def export_source(kind: str, fictitious: bool) -> str:
    """The source line of an export; on demo data it says that nothing in it is real."""
    base = EXPORT_SOURCES[kind]
    if fictitious:
        return f"Fiktiva demodata i formen av {base}: inga verkliga personer eller uppgifter"
    return base[0].upper() + base[1:]


def export_filter(name: str, value: str) -> str:
    return f"{EXPORT_FILTERS[name]}: {value}"


def export_years(first: int, last: int) -> str:
    """A period of whole years, "2016–2025" (one year: "2024")."""
    return str(first) if first == last else f"{first}–{last}"


def export_all_years(first: int, last: int) -> str:
    return f"alla år ({export_years(first, last)})"


def export_exported(date: str) -> str:
    """When and from what a file was exported."""
    return f"{date} ur {APP_TITLE}"


# --- findings (issue 11): the sentences of presentation mode, the board report and the slides

GOAL_TABLE_COLUMNS = {"goal": "Mål", "value": "Utfall", "reading": "Bedömning"}
FINDING_INDEX_NO_INTERVAL = (
    "Olikhetsindexet räknas på SCB:s antal per stadsdel och har inget intervall; små förändringar kan bero på "
    "slumpmässiga flyttningar."
)
_GOAL_WORDS = {
    "inskrivna": "inskrivna",
    "positivt_utfall": "till arbete, praktik eller studier",
    "forlangning": "erbjudna förlängning",
}


def screen_source(sources: str, *, fictitious: bool) -> str:
    """A screen's source line (footer of a slide, caption in the report)."""
    prefix = "Påhittade demodata. " if fictitious else ""
    return f"{prefix}Källa: {sources}" if sources else prefix.strip()


def period_span(years) -> str:
    """``2016–2025`` for a series of years (one year alone; empty: an en dash)."""
    values = sorted({int(y) for y in years})
    if not values:
        return "–"
    return str(values[0]) if values[0] == values[-1] else f"{values[0]}–{values[-1]}"


def finding_no_goals(year: int) -> str:
    return f"Inga mål är satta för {year}"


def finding_one_goal(programme: str, count: str, goal: str, measure: str, year: int, status: str) -> str:
    """``Jobbcoachning: 35 av 30 till arbete, praktik eller studier 2025 – målet nått``."""
    verdicts = {
        "reached": "målet nått",
        "not_reached": "målet nåddes inte",
        "reached_so_far": "målet redan nått",
        "so_far": "året pågår",
        "hidden": "kan inte visas (små tal)",
        "unknown": "målvärde saknas",
    }
    return f"{programme}: {count} av {goal} {_GOAL_WORDS.get(measure, measure)} {year} – {verdicts[status]}"


def finding_goals(reached: int, decided: int, year: int, *, running: bool) -> str:
    """How many of the year's goals are reached."""
    if running:
        return f"{year} hittills: {reached} av {decided} mål redan nådda; året pågår"
    return f"{year}: {reached} av {decided} mål nådda"


def finding_outcomes_hidden(year: int) -> str:
    return f"Andelen med positivt utfall per insats {year} kan inte visas: små tal"


def finding_outcome_one(programme: str, rate: str, year: int) -> str:
    return f"{programme}: {rate} fick arbete, praktik eller studier {year}"


def finding_outcomes(
    best: str, best_rate: str, best_n: str, worst: str, worst_rate: str, worst_n: str, year: int, *, chance: bool
) -> str:
    """Highest and lowest outcome rate of the year, and whether the gap could be chance."""
    tail = "skillnaden kan vara slump" if chance else "en tydlig skillnad"
    return (
        f"Positivt utfall {year}: högst {best} {best_rate} (n = {best_n}), lägst {worst} {worst_rate} "
        f"(n = {worst_n}) – {tail}"
    )


def finding_targeting(verdict: str, year: int, ratio: str | None, interval: str | None) -> str:
    """Where the participants live against where the need is (``reach.targeting_reading``)."""
    if verdict == "hidden":
        return f"Var deltagarna bor {year} kan inte visas: små tal"
    said = {
        "over": "Deltagarna bor oftare än befolkningen i stadsdelar med socioekonomiska utmaningar",
        "under": "Deltagarna bor mer sällan än befolkningen i stadsdelar med socioekonomiska utmaningar",
        "unclear": "Deltagarna bor i stort sett som befolkningen; skillnaden mot stadsdelarna med utmaningar "
        "kan vara slump",
    }[verdict]
    return f"{said} ({year}: kvot {ratio}, 95 % intervall {interval})"


def finding_trend_hidden(year: int) -> str:
    return f"Andelen med positivt utfall {year} kan inte visas: små tal"


def finding_trend_first(rate: str, year: int) -> str:
    return f"Andelen med positivt utfall {year}: {rate} (inget år före att jämföra med)"


def finding_trend(reading: str | None, before: str, now: str, year: int) -> str:
    """``Andelen med positivt utfall är i stort sett oförändrad (73 % → 73 %)`` and its siblings."""
    if reading == "up":
        return f"Andelen med positivt utfall steg tydligt {year - 1}–{year} ({before} → {now})"
    if reading == "down":
        return f"Andelen med positivt utfall sjönk tydligt {year - 1}–{year} ({before} → {now})"
    return (
        f"Andelen med positivt utfall är i stort sett oförändrad {year - 1}–{year} ({before} → {now}); skillnaden "
        "kan vara slump"
    )


def finding_segregation_missing(year: int) -> str:
    return f"Segregationen kan inte räknas till och med {year}: antal saknas"


def finding_segregation(first: str, first_year: int, last: str, last_year: int, change: float) -> str:
    """The dissimilarity index of foreign-born residents, first year against the latest."""
    way = "oförändrad" if round(change, 2) == 0 else "lägre" if change < 0 else "högre"
    return (
        f"Boendesegregationen för utrikes födda är {way}: olikhetsindex {first} ({first_year}) → {last} ({last_year})"
    )


def finding_challenged(names: list[str], year: int) -> str:
    """The districts with the greatest socioeconomic challenges, named."""
    if not names:
        return f"Socioekonomiskt index saknas för {year}"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
    return f"Störst socioekonomiska utmaningar {year}: {listed}"


GOAL_AXIS = "Andel av målet"


# --- presentation mode (issue 11)

PRESENTATION_TOGGLE = "Presentationsläge"
PRESENTATION_TOGGLE_HELP = (
    "Ett fynd per skärm för projektorn, utan sidopanel och utan att rulla. Länken (presentation=1) öppnar samma "
    "skärm; kommun, år och språk följer med."
)
WHAT_PRESENTATION = "presentationsläget"
WHAT_SCREEN = "skärmen"
WHAT_SCREENS = "skärmarna"
PRESENTATION_PREVIOUS = "Föregående"
PRESENTATION_NEXT = "Nästa"
PRESENTATION_PREVIOUS_HELP = "Föregående skärm (tangent ←)"
PRESENTATION_NEXT_HELP = "Nästa skärm (tangent →)"
PRESENTATION_EXIT = "Avsluta presentation"
PRESENTATION_SCREENS = "Skärmar"
PRESENTATION_SCREENS_HELP = (
    "Ordningen i listan är ordningen i presentationen. Ta bort en skärm och lägg till den igen för att flytta den sist."
)
PRESENTATION_DEFAULT_ORDER = "Standardordning"
PRESENTATION_LINK = "Länk till den här skärmen"
PRESENTATION_NO_CHART = "Inget diagram att visa för det här året."
# --- issue 12: the integration strategy's screens (presentation, board report, slides)
SCREEN_PLAN_SOURCE = "bolagets handlingsplan, placeringar och aktivitetslogg; SCB:s statistik per stadsdel"
#: The value screen's one source line: the count it starts from and where the assumptions come from.
SCREEN_VALUE_SOURCE = (
    "bolagets deltagarregister (avslutade insatser som ledde till arbete); antagandena från Nilsson & Wadeskog "
    "(socioekonomiska bokslut, cirka 0,4 Mkr per person och år i utanförskap), som i produktbeskrivningen "
    "(PRODUCT.md)"
)
SCREEN_VALUE_ROUNDING = "Antalet avslutade insatser som ledde till arbete avrundas till närmaste 5."
FINDING_NO_PLAN = "Det finns ingen handlingsplan att visa."
FINDING_NO_DID = (
    "Ingen av handlingsplanens kopplade indikatorer har år nog före och efter start och jämförbara stadsdelar för "
    "en jämförelse."
)
FINDING_NO_PLACEMENTS = "Det finns inga uppgifter om placeringar av nyanlända."
FINDING_NO_ACTIVITIES = "Det finns ingen aktivitetslogg att visa."


def finding_plan(running: int, total: int, actors: int, backed: int) -> str:
    return (
        f"{running} av handlingsplanens {total} åtgärder pågår, med {actors} aktörer; {backed} vilar på forskning "
        "eller effekt annanstans"
    )


def finding_did(clear: int, total: int) -> str:
    if clear == 0:
        return (
            f"Ingen av {total} jämförelser med jämförbara stadsdelar visar en tydlig skillnad: förändringarna kan "
            "vara slump"
        )
    return f"{clear} av {total} jämförelser med jämförbara stadsdelar visar en tydlig skillnad – inget bevis för effekt"


def finding_did_shown(measure_id: str, title: str, indicator: str) -> str:
    return f"Diagrammet visar åtgärd {measure_id} ({title}): {indicator}."


def finding_placements_missing(year: int) -> str:
    return f"Spridningen av nyanländas bostäder {year} kan inte visas (för få placerade eller inga uppgifter)"


def finding_placements(year: int, d: str, low: str, high: str, reading: str | None) -> str:
    if reading == "concentrated":
        return f"Nyanlända {year} placerades mer samlat än slumpen ger: D = {d} mot {low}–{high} vid slumpvis placering"
    if reading == "even":
        return f"Nyanlända {year} placerades jämnare än slumpen ger: D = {d} mot {low}–{high} vid slumpvis placering"
    return f"Nyanlända {year} placerades spritt som befolkningen: D = {d}, inom slumpens {low}–{high}"


def finding_no_activities_year(year: int) -> str:
    return f"Inga aktiviteter är registrerade {year}"


def finding_activities(held: int, with_any: int, districts: int, top: str, per_1000: str, year: int) -> str:
    return (
        f"{held} aktiviteter i {with_any} av {districts} stadsdelar {year}; flest per invånare i {top} "
        f"({per_1000} per 1 000)"
    )


def finding_value_none(year: int) -> str:
    return f"Scenario: för få avslutade insatser ledde till arbete {year} för att räkna ett värde"


def finding_value(people: str, year: int, low: str, high: str) -> str:
    return (
        f"Scenario: {people} insatser som ledde till arbete {year} kan ha sparat {low}–{high} Mkr offentliga kostnader"
    )


SCREEN_NAMES = {
    "mal": "Måluppfyllelse per insats",
    "utfall": "Utfall per insats",
    "rackvidd": "Var vi arbetar och var behovet finns",
    "trend": "Trenden",
    "segregation": "Segregationen över tid",
    "karta": "Karta: störst utmaningar",
    "handlingsplan": "Handlingsplanens åtgärder",
    "indikatorer": "Vad de kopplade indikatorerna gjorde",
    "nyanlanda": "Bostäder för nyanlända",
    "aktiviteter": "Aktiviteter i stadsdelarna",
    "varde": "Scenario: värdet av arbete",
}


def presentation_position(number: int, total: int) -> str:
    """Where the presenter is in the sequence: ``3 av 6``."""
    return f"{number} av {total}"


def presentation_place(municipality: str, year: int) -> str:
    """The line above every screen: whose figures and which year."""
    return f"{municipality} · {year}"


def presentation_period(period: str) -> str:
    return f"Period: {period}"


def presentation_demo(*, imported: bool) -> str:
    """The demo notice in one short line (the pages' ``demo_notice`` is too long for a projector footer)."""
    if imported:
        return "Demodata: stadsdelsstatistiken och kartan är påhittade; deltagardata från er egen import."
    return "Demodata: alla siffror är påhittade. Använd dem inte för beslut."


def presentation_unknown_screens(keys: str) -> str:
    """Notice when a link's ``skarmar`` names screens that do not exist."""
    if not keys:
        return "Länken angav inga skärmar; visar standardordningen."
    return f"Länken angav okända skärmar ({keys}); de hoppas över."


# --- board report and slides (issue 11)

BOARD_FACTS = {
    "municipality": "Kommun",
    "year": "Rapportår",
    "period": "Underlagets period",
    "data_date": "Uppgifter till och med",
    "report_date": "Rapporten skapad",
}
BOARD_HOW_TO_READ = (
    "Varje avsnitt börjar med slutsatsen i ord, räknad ur uppgifterna. Andelar visas med ett 95 % intervall och "
    "sitt n; står det ”kan vara slump” är skillnaden eller förändringen så liten att den kan bero på slumpen. "
    "Antal om färre än 5 personer visas aldrig, och övriga antal är avrundade till närmaste 5 (se Om metoden)."
)
BOARD_CONTENTS = "Innehåll"
BOARD_GOALS_INTRO = (
    "Varje mål med antalet mot målvärdet. Antalet är avrundat till närmaste 5; om målet nåddes avgörs på det "
    "exakta antalet."
)
BOARD_NO_CHART = "Inget diagram: uppgifterna saknas eller kan inte visas utan att röja små tal."
BOARD_METHOD_TITLE = "Om metoden"
BOARD_METHOD_HEADINGS = {
    "outcome": "Andel med positivt utfall",
    "interval": "Intervall",
    "change": "Förändring mellan år",
    "goals": "Mål",
    "targeting": "Räckvidd och träffsäkerhet",
    "segregation": "Segregation",
    "area_types": "Socioekonomiskt index och områdestyp",
    "counting": "Hur deltagare räknas",
    "disclosure": "Skydd av små tal",
    "plan": "Handlingsplanens indikatorer",
    "placements": "Bostäder för nyanlända",
    "value": "Värdescenariot",
}
BOARD_METHOD = {
    "outcome": (
        "Andelen med positivt utfall är de insatser som slutade i arbete, praktik eller studier delat med alla "
        "insatser som slutade under året (året för slutdatum). Pågående insatser räknas för sig och aldrig i "
        "nämnaren."
    ),
    "interval": (
        "Varje andel visas med ett 95 % konfidensintervall (Wilsons metod) och sitt n, antalet andelen räknas på. "
        "Registerandelar är totaler, inte urval: intervallet beskriver den slumpmässiga variation som spelar roll "
        "i små stadsdelar och små insatser."
    ),
    "change": (
        "En förändring är det senare värdet minus det tidigare. För andelar har förändringen ett 95 % intervall "
        "för skillnaden mellan två andelar (Newcombes metod; åren behandlas som oberoende, vilket hellre ger ett "
        "för brett än för smalt intervall). Täcker intervallet 0 står det ”kan vara slump”, annars ”tydlig”."
    ),
    "goals": (
        "Målen följs upp mot bolagets målvärden per insats och år. Antalet visas avrundat, men om målet nåddes "
        "avgörs på det exakta antalet. För ett år som pågår står det ”hittills”."
    ),
    "targeting": (
        "Träffsäkerheten är andelen deltagare som bor i stadsdelar av områdestyp 1–2 delat med andelen av "
        "befolkningen 20–64 år som bor där: 1 betyder som befolkningen, över 1 oftare där utmaningarna är störst "
        "(Wilsonintervall för deltagarandelen). Räckvidden är deltagare per 1 000 invånare 20–64 år (exakt "
        "Poissonintervall)."
    ),
    "segregation": (
        "Olikhetsindexet (D) mäter hur ojämnt utrikes födda och övriga invånare är fördelade över stadsdelarna: "
        "0 betyder samma fördelning, 1 helt åtskilda. Värdet är den andel av den ena gruppen som skulle behöva "
        "flytta för att fördelningen skulle bli jämn. Indexet räknas på SCB:s antal och har inget intervall."
    ),
    "area_types": (
        "SCB:s socioekonomiska index är medelvärdet av andelarna med låg ekonomisk standard, med högst "
        "förgymnasial utbildning (20–64 år) och med långvarigt ekonomiskt bistånd eller arbetslöshet (20–64 år). "
        "Områdestyp 1–5 anger hur långt indexet ligger från rikets medelvärde i standardavvikelser; SCB:s "
        "publicerade typ används där den finns."
    ),
    "plan": (
        "En åtgärds stadsdelar räknas ihop och jämförs med övriga kommunen, året före start och senaste året, med "
        "Newcombes intervall för förändringen. Skillnad-i-skillnader jämför förändringen i åtgärdens stadsdelar "
        "med förändringen i stadsdelar utan åtgärden som har samma områdestyp, med ett 95 % intervall (Wald, de "
        "fyra andelarna som oberoende: intervallet blir snarare för brett), och görs bara med minst två år före "
        "start, så att samma jämförelse före start kan visa om grupperna rörde sig lika innan. En förändring, "
        "även en tydlig skillnad, är inget bevis för effekt."
    ),
    "placements": (
        "Olikhetsindex (D) för de placerade mot befolkningen räknas med samma funktion som segregationsindexen, på "
        "avrundade antal (D = 0 om alla placerats i proportion till befolkningen). Med få placerade blir D högt "
        "även av en slump, så D jämförs med D för 500 slumpvisa placeringar av lika många i proportion till "
        "befolkningen (2,5–97,5 %)."
    ),
    "value": (
        "Antal avslutade insatser som ledde till arbete (avrundat) × (1 − andelen som ändå hade fått arbete) × "
        "kostnaden för utanförskap per person och år × diskonterade år i arbete. Antagandena är intervall "
        "(Nilsson & Wadeskog: omkring 0,4 Mkr per person och år); resultatet är ett intervall, ett scenario och "
        "ingen uppmätt effekt."
    ),
}
BOARD_SOURCES_TITLE = "Källor"
BOARD_SOURCES_DATA_SET = "Datamängdens källor:"
BOARD_IMPORT_KINDS = {
    "deltagare": "Deltagardata",
    "statistik": "Statistik per stadsdel",
    "geometri": "Stadsdelsgränser",
    "handlingsplan": "Handlingsplan: åtgärder",
    "handlingsplan_indikatorer": "Handlingsplan: kopplade indikatorer",
    "placeringar": "Bostäder för nyanlända",
    "aktiviteter": "Aktivitetslogg",
}
BOARD_MADE_WITH = (
    "Rapporten är skapad med verktyget Segregation och utfall per stadsdel. Slutsatserna är samma meningar som i "
    "presentationsläget och i bildspelet."
)
BOARD_DOWNLOAD = "Styrelserapport (PDF)"
SLIDES_DOWNLOAD = "Bildspel (PowerPoint)"
BOARD_UNAVAILABLE = "Styrelserapporten och bildspelet kan inte skapas här:"


def board_title(municipality: str, year: int) -> str:
    return f"Styrelserapport: {municipality} {year}"


def board_municipality(name: str, code: str) -> str:
    return f"{name} (kommunkod {code})"


def board_period(statistics: str, participants: str | None) -> str:
    """The years the data set covers: SCB's statistics and the participant register."""
    if participants is None:
        return f"statistik {statistics}; inga deltagardata"
    return f"statistik {statistics}; deltagare {participants}"


def board_data_date(date: str, *, from_register: bool) -> str:
    """How recent the data are: the register's latest date, or the statistics' latest year."""
    if from_register:
        return f"{date} (senaste start- eller slutdatum i deltagarregistret)"
    return f"{date} (senaste året i statistiken)"


def board_key_figures_title(year: int) -> str:
    return f"Nyckeltal {year}"


def board_no_comparison(previous_year: int) -> str:
    return f"Ingen jämförelse med {previous_year} (dolt eller saknas)."


def board_rate_change(change: str, previous_year: int, verdict: str) -> str:
    """The outcome rate's change from last year and its honest reading: ``−1,9 procentenheter mot 2023. Kan
    vara slump.``"""
    return f"{change} mot {previous_year}. {verdict}."


def board_caption(source: str, period: str) -> str:
    """Under every chart of the report."""
    return f"{source}. Period: {period}."


def board_imported(kind: str, file_name: str, when: str) -> str:
    """A table the user imported in place of the shipped one."""
    return f"{BOARD_IMPORT_KINDS.get(kind, kind)}: egen import av {file_name} ({when} UTC)."


def board_footer(municipality: str, year: int, *, fictitious: bool) -> str:
    """The line at the foot of every page."""
    demo = " · Påhittade demodata" if fictitious else ""
    return f"Styrelserapport · {municipality} {year}{demo}"


def board_page(page: int, pages: int) -> str:
    return f"Sida {page} av {pages}"


def board_file_name(municipality: str, year: int) -> str:
    """The file's name; ``municipality`` already as a file-name stem (``reports.facts.file_stem``)."""
    return f"styrelserapport_{municipality}_{year}.pdf"


def slides_file_name(municipality: str, year: int) -> str:
    """The file's name; ``municipality`` already as a file-name stem (``reports.facts.file_stem``)."""
    return f"bildspel_{municipality}_{year}.pptx"


def board_download_help(municipality: str, year: int) -> str:
    return (
        f"Hela rapporten för {municipality} {year} som PDF: nyckeltal, mål, diagrammen med slutsatsen i ord, "
        "metod och källor. Tar några sekunder att skapa."
    )


def slides_download_help(municipality: str, year: int) -> str:
    return (
        f"Presentationens skärmar för {municipality} {year} som PowerPoint, en bild per skärm med slutsatsen som "
        "rubrik och källa, period och regeln om små tal i sidfoten, att lägga in i styrelsens egen presentation."
    )


def board_fonts_missing(folder: str) -> str:
    return (
        f"Styrelserapporten kan inte skapas: typsnittet DejaVu Sans saknas (sökt i {folder}). Installera Debians "
        "paket: apt-get install fonts-dejavu-core"
    )


def slides_title(municipality: str, year: int) -> str:
    return f"{municipality} {year}: segregation och utfall per stadsdel"


def slides_subtitle(data_date: str, report_date: str) -> str:
    return f"Uppgifter till och med {data_date} · skapad {report_date}"


def slides_footer(source: str, period: str) -> str:
    """The first line of every slide's footer (the small-number rule follows)."""
    return f"{source} · Period: {period}"


REPORTS_CLI = {
    "description": "Skapa styrelserapporten (PDF) eller bildspelet (PowerPoint) för en kommun och ett år.",
    "commands": "kommandon",
    "board": "styrelserapporten som PDF",
    "slides": "presentationens skärmar som PowerPoint, en bild per skärm",
    "data": "datamängdens mapp, t.ex. data/demo/helsingborg",
    "year": "rapportåret, t.ex. 2024",
    "lang": "språk: sv (svenska, standard) eller en (engelska)",
    "screens": "skärmarna i ordning, kommaseparerade",
    "out": "filen som skrivs",
    "date": "rapportens datum som ÅÅÅÅ-MM-DD (standard: i dag); avgör om årets mål sägs ”hittills”",
}


REPORTS_CLI_METAVARS = {
    "command": "KOMMANDO",
    "data": "MAPP",
    "year": "ÅR",
    "screens": "SKÄRMAR",
    "date": "ÅÅÅÅ-MM-DD",
    "out": "FIL",
}


def reports_cli_wrote(path: str, pages: int, *, slides: bool) -> str:
    what = "bilder" if slides else "sidor"
    return f"Skrev {path} ({pages} {what})."


def reports_cli_bad_year(year: int, municipality: str, years: str) -> str:
    return f"Året {year} finns inte i datamängden för {municipality}; välj ett av {years}."


def reports_cli_bad_screens(unknown: str, known: str) -> str:
    return f"Okända skärmar: {unknown}. Välj bland: {known}."


def reports_cli_bad_date(value: str) -> str:
    return f"Ogiltigt datum {value!r}: skriv ÅÅÅÅ-MM-DD, t.ex. 2025-03-01."


def reports_cli_no_folder(folder: str) -> str:
    return f"Mappen för utfilen finns inte: {folder}"


def reports_cli_not_written(path: str, reason: str) -> str:
    return f"Kunde inte skriva {path}: {reason}"


def reports_cli_unexpected(kind: str) -> str:
    return (
        f"Ett oväntat fel inträffade ({kind}); ingen fil skrevs. Kontrollera datamängden och försök igen, eller "
        "kontakta förvaltaren av verktyget."
    )


# --- issue 12: charts for the action plan, placements, activities, value scenario (charts/strategy.py)
STRATEGY_CHART_PLAN_HOVER = {
    "actor": "Ansvarig",
    "partners": "Partner",
    "districts": "Stadsdelar",
    "status": "Status",
    "evidence": "Evidens",
    "source": "Källa",
    "period": "Period",
}
STRATEGY_CHART_NO_PARTNERS = "inga angivna"
STRATEGY_CHART_TODAY = "I dag"
#: A measure without an end date: drawn up to today with an arrow, as still going on.
STRATEGY_CHART_OPEN_ENDED = "inget slutdatum (fortsätter)"


def strategy_chart_districts(count: int, whole: bool) -> str:
    """How many districts a measure covers, for the timeline's hover."""
    if whole:
        return "hela kommunen"
    return "1 stadsdel" if count == 1 else f"{count} stadsdelar"


STRATEGY_CHART_SHARE_AXIS = "Andel"
STRATEGY_CHART_COUNT_AXIS = "Antal"


def strategy_chart_start(year: int) -> str:
    """The label of the line where a measure starts."""
    return f"Åtgärden startar {year}"


def strategy_chart_not_shown(min_n: int, hidden: str, missing: str) -> str:
    """Note under a chart: the points hidden by the small-number rule and those without data (either may be "")."""
    parts = []
    if hidden:
        parts.append(f"Dolda (färre än {min_n} personer): {hidden}.")
    if missing:
        parts.append(f"Uppgift saknas: {missing}.")
    return " ".join(parts)


STRATEGY_CHART_DID_BEFORE_AFTER = "Före och efter start"
STRATEGY_CHART_DID_DIFFERENCE = "Skillnad i förändring"
STRATEGY_CHART_DID_AXIS = "Procentenheter"
STRATEGY_CHART_DID_ESTIMATE = "Efter start"
STRATEGY_CHART_DID_PRE_TREND = "Före start (kontroll)"
STRATEGY_CHART_DID_CAVEAT = "En skillnad visar inte att åtgärden orsakade den: annat kan ha ändrats samtidigt."


def strategy_chart_did_title(change: str, reading: str) -> str:
    """The difference-in-differences chart's title: the finding in words."""
    return f"Åtgärdens stadsdelar jämfört med jämförbara stadsdelar: {change} ({reading})"


def strategy_chart_did_pair(before_year: int, before: str, after_year: int, after: str, change: str) -> str:
    return f"{before_year}: {before} → {after_year}: {after} ({change})"


def strategy_chart_did_row(name: str, before_year: int, before: str, after_year: int, after: str, change: str) -> str:
    """A row label of the difference-in-differences' left panel: the group, its two values and the change, each
    on a line of its own (the values stand in the label, never beside the dots, so they cannot collide)."""
    return f"{name}<br>{before_year}: {before} → {after_year}: {after}<br>{change}"


STRATEGY_CHART_PROGRESS_AXIS = "Del av vägen från utgångsvärde till mål"
STRATEGY_CHART_BASELINE = "Utgångsvärde"
STRATEGY_CHART_TARGET = "Mål"


def strategy_chart_progress_text(baseline: str, latest: str, latest_year: str, target: str, target_year: str) -> str:
    """One linked indicator's way: baseline → latest value, and the target."""
    return f"{baseline} → {latest} ({latest_year}), mål {target} till {target_year}"


STRATEGY_CHART_PLACED = "Andel av de placerade personerna"
STRATEGY_CHART_POPULATION = "Andel av invånarna"
STRATEGY_CHART_NO_AREA_TYPE = "Stadsdelar utan områdestyp"


def strategy_chart_placed_hover(share: str, interval: str, persons: str, households: str) -> str:
    return f"{share} av de placerade (95 % intervall {interval})<br>{persons} personer i {households} hushåll"


def strategy_chart_population_hover(share: str, ratio: str) -> str:
    return f"{share} av invånarna<br>Kvot placerade ÷ invånare: {ratio}"


STRATEGY_CHART_DISPERSAL_D = "Placeringarnas olikhetsindex (D) mot invånarna"
STRATEGY_CHART_DISPERSAL_RANDOM = "Väntat vid slumpvis placering"


def strategy_chart_dispersal_hover(d: str, low: str, high: str, persons: str) -> str:
    return f"D = {d}<br>Väntat vid slumpvis placering: {low}–{high}<br>{persons} placerade personer"


STRATEGY_CHART_ACTIVITY_AXES = {
    "aktiviteter_per_1000": "Aktiviteter per 1 000 invånare",
    "deltagare_per_1000": "Deltagare per 1 000 invånare",
    "aktiviteter": "Antal aktiviteter",
    "deltagare": "Antal deltagare",
}


def strategy_chart_activity_hover(activities: str, participants: str, estimated: str) -> str:
    """An activity bar's hover: activities held (exact), participants (published) and the estimated share."""
    share = f" (varav uppskattat {estimated})" if estimated else ""
    return f"Aktiviteter: {activities}<br>Deltagare: {participants}{share}"


ACTIVITY_KIND_LABELS = {
    "sprakcafe": "Språkcafé",
    "laxhjalp": "Läxhjälp",
    "volontargrupp": "Volontärgrupp",
    "traff": "Träff",
    "kurs": "Kurs",
    "annat": "Annat",
}
STRATEGY_CHART_KINDS_AXIS = "Antal aktiviteter"
STRATEGY_CHART_VALUE_TITLE = "Scenario: undvikna offentliga kostnader när fler får arbete"


def strategy_chart_value_subtitle(enrolments: str) -> str:
    """Under the value scenario's title: what it counts (enrolments, not persons), what it is, and what it is not."""
    return (
        f"Scenario för {enrolments} avslutade insatser som ledde till arbete, byggt på antaganden – inte en uppmätt "
        "effekt."
    )


STRATEGY_CHART_VALUE_SOURCE = (
    "Källa för antagandena: Nilsson & Wadeskog (socioekonomiska bokslut), cirka 0,4 miljoner kronor per person och "
    "år i utanförskap."
)
STRATEGY_CHART_VALUE_POINTS = {"low": "Lågt", "central": "Antaganden i mitten", "high": "Högt"}
STRATEGY_CHART_VALUE_AXIS = "Miljoner kronor"
STRATEGY_CHART_VALUE_RANGE = "Scenariots spann"
STRATEGY_CHART_VALUE_ASSUMPTIONS = {
    "cost_per_year_sek": "Kostnad för utanförskap per person och år",
    "deadweight": "Andel som ändå hade fått arbete",
    "duration_years": "Hur länge arbetet varar",
    "discount_rate": "Diskonteringsränta",
}
STRATEGY_CHART_VALUE_UNITS = {"cost_per_year_sek": "kr", "duration_years": "år"}


def strategy_chart_msek(value: str) -> str:
    """An amount in millions of kronor, ``value`` already in Swedish format."""
    return f"{value} Mkr"


def strategy_chart_empty(chart: str, reason: str) -> str:
    """Why a chart of ``charts.strategy`` is not drawn (``charts.strategy.why_empty``), in one sentence."""
    sentences = {
        "no_data": {
            "timeline": "Handlingsplanen har inga åtgärder att visa.",
            "series": "Det finns inga värden för indikatorn.",
            "progress": "Åtgärden har inga kopplade indikatorer med målvärde.",
            "placements": "Det finns inga placeringar för perioden.",
            "dispersal": "Det finns inga placeringar att räkna spridning på.",
            "activities": "Inga aktiviteter är registrerade för perioden.",
            "kinds": "Inga aktiviteter är registrerade för perioden.",
        },
        "all_hidden": "Alla värden vilar på för få personer och visas därför inte.",
        "missing": "Uppgifter saknas för perioden, så inget kan visas.",
    }
    found = sentences.get(reason, sentences["missing"])
    return found.get(chart, found["timeline"]) if isinstance(found, dict) else found


# --- Issue 13: sessions apart (the data changed under an open page) ---
DATA_CHANGED_NOTICE = (
    "Uppgifterna har ändrats sedan du öppnade sidan: någon har importerat en ny version eller bytt aktiv "
    "version. Sidan visar fortfarande det du började med."
)
DATA_CHANGED_RELOAD = "Visa de nya uppgifterna"


# --- Issue 13: sign-in, roles, audit
AUTH_TITLE = "Logga in"
AUTH_INTRO = (
    "Stadsdelsdashboarden bygger på uppgifter om deltagare och stadsdelar, så den visas bara för inloggade. "
    "Logga in för att fortsätta."
)
AUTH_OIDC_BUTTON = "Logga in med företagets konto"
AUTH_USER = "Användarnamn"
AUTH_PASSWORD = "Lösenord"
AUTH_SUBMIT = "Logga in"
AUTH_FAILED = "Fel användarnamn eller lösenord."
AUTH_SIGN_OUT = "Logga ut"
AUTH_NOT_SIGNED_IN = "Du är inte inloggad. Ladda om sidan och logga in."
AUTH_OPEN_NOT_LOOPBACK = (
    "Inloggning är inte inställd, och servern går att nå från andra datorer (server.address är inte "
    "127.0.0.1, eller sidan nås genom en proxy). Därför visas inga uppgifter. Ställ in inloggning i "
    ".streamlit/secrets.toml först (se avsnittet Drift i README), eller kör demon med "
    "--server.address 127.0.0.1."
)
AUTH_OPEN_NOTICE = (
    "Öppen demo: ingen inloggning är inställd, så alla som når sidan räknas som dataansvariga. Servern går bara "
    "att nå från den här datorn. Ställ in inloggning (README, avsnittet Drift) innan riktiga uppgifter läggs in."
)
AUTH_READER_NOTICE = (
    "Du är inloggad som läsare och ser sammanställningarna. Import, valideringsrapporter, versionsbyten och "
    "granskningsloggen kräver rollen dataansvarig."
)
#: The roles by their stored names (analysis.keeping.audit.ROLES).
AUTH_ROLES = {"läsare": "läsare", "dataansvarig": "dataansvarig"}
#: The audit log's actions by their stored names (analysis.keeping.audit.ACTIONS).
AUTH_ACTIONS = {
    "inloggning": "Inloggning",
    "utloggning": "Utloggning",
    "import": "Import",
    "byte_av_version": "Byte av version",
    "kolumnmappning": "Kolumnmappning sparad",
    "granskning": "Granskningsloggen",
}


def auth_signed_in(name: str, role: str) -> str:
    """Who is signed in (``name`` already escaped for Markdown) and in which role."""
    return f"Inloggad som {name} ({role})"


def auth_delay(seconds: str) -> str:
    """The wait before the next sign-in attempt after failed ones."""
    return f"Efter misslyckade försök väntar nästa försök {seconds} s innan lösenordet prövas."


def auth_refused(role: str, action: str) -> str:
    """A steward action refused to someone in ``role``; ``action`` is its stored name."""
    what = AUTH_ACTIONS.get(action, action).lower()
    return (
        f"Nekad: du är inloggad som {role}, och det här ({what}) kräver rollen dataansvarig. Inget ändrades, "
        "och försöket har skrivits i granskningsloggen."
    )


def auth_config_problem(section: str, key: str) -> str:
    """One thing wrong in the sign-in settings of secrets.toml: ``[section]`` and its ``key`` (may be empty)."""
    where = f"[{section}]" + (f" {key}" if key else "")
    return f"{where} i .streamlit/secrets.toml saknas eller har fel form"


def auth_misconfigured(problems: list[str]) -> str:
    """Sign-in is configured but cannot be used: nothing is shown until it is fixed."""
    listed = "\n".join(f"- {problem}" for problem in problems)
    return (
        "Inloggningen är felaktigt inställd, så inga uppgifter visas förrän den är rättad:\n"
        f"{listed}\n\nSe avsnittet Drift i README."
    )


def import_as(name: str) -> str:
    """Whose name an import is kept under (``name`` already escaped): the signed-in user's, never typed."""
    return f"Importen sparas i ditt namn: {name}."


DATA_TAB_AUDIT = "Granskningslogg"
AUDIT_TITLE = "Granskningslogg"
AUDIT_COLUMNS = {
    "when": "Tid (UTC)",
    "who": "Vem",
    "role": "Roll",
    "action": "Åtgärd",
    "what": "Vad",
    "outcome": "Utfall",
    "detail": "Detalj",
}
AUDIT_OUTCOMES = {"ok": "genomförd", "nekad": "nekad", "fel": "misslyckades"}
AUDIT_EMPTY = "Granskningsloggen är tom: inget har importerats, bytts eller loggats in ännu."
AUDIT_BROKEN = "Granskningsloggen är inte hel: någon har ändrat eller tagit bort rader. Jämför med en säkerhetskopia."
AUDIT_EXPORT_SOURCE = "Datalagrets granskningslogg"


def audit_caption(path: str) -> str:
    """Where the audit log lives and what it holds."""
    return (
        "Varje import, versionsbyte, inloggning och nekad åtgärd, nyast först. Loggen ligger i "
        f"`{path}`; varje rad bär en kontrollsumma av raden före, så en ändrad eller borttagen rad syns här."
    )


def audit_intact(count: str) -> str:
    """The chain of the audit log checks out."""
    return f"Kedjan är hel: {count} poster, ingen ändrad eller borttagen."


def audit_shown(shown: str, total: str) -> str:
    """Only the newest entries are shown; the downloads hold them all."""
    return f"Visar de {shown} senaste av {total} posterna. Nedladdningarna innehåller alla."
