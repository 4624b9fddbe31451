"""English catalogue: the same names as ``texts/sv.py``, in English. Numbers stay in Swedish format
(space as thousands separator, decimal comma, "45 %"): the audience and the published figures are
Swedish, and a chart must read the same in both languages."""

from __future__ import annotations

APP_TITLE = "Segregation and outcomes by district"

PAGE_TITLES = {
    "oversikt": "Overview",
    "karta": "Map",
    "jamfor": "Compare districts",
    "segregation": "Segregation",
    "insatser": "Programmes",
    "handlingsplan": "Action plan",
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


def demo_notice(*, imported: bool, schematic: bool = True) -> str:
    """The notice every page shows while shipped demo data are in use; ``schematic`` False once SCB's real
    boundaries are in use (Data page), so the notice does not call them schematic."""
    if schematic:
        return DEMO_NOTICE_WITH_IMPORT if imported else DEMO_NOTICE
    if imported:
        return (
            "**Demo data.** The district statistics are invented (fictitious); the map shows Statistics Sweden's "
            "boundaries and the participant data come from your own import (see the Data page)."
        )
    return (
        "**Demo data.** Every figure here is invented (fictitious) and only calibrated to real totals; the map "
        "shows Statistics Sweden's boundaries. Do not use them for decisions."
    )


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
    "placerade_per_1000": "Newly arrived housed per 1 000 residents",
    "aktiviteter_per_1000": "Activities per 1 000 residents",
    "aktivitetsdeltagare_per_1000": "Participants in activities per 1 000 residents",
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
    "placerade_per_1000": (
        "Newly arrived persons housed in the district during the year per 1 000 residents, with a 95 % interval "
        "(exact Poisson). The number housed is rounded to the nearest 5 and 1–4 are not shown."
    ),
    "aktiviteter_per_1000": (
        "Activities in the district during the year (language cafés, homework help, meetings …) per 1 000 "
        "residents, with a 95 % interval (exact Poisson)."
    ),
    "aktivitetsdeltagare_per_1000": (
        "Participations in the district's activities during the year per 1 000 residents (counted or estimated; "
        "the same person may take part several times), with a 95 % interval. The count is rounded to the nearest 5."
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
CHART_INTERVAL_95 = "95 % interval"
OUTCOMES_POSITIVE_SHARE = "Share to work, internship or studies"


def _period(year: int | None) -> str:
    return "all years" if year is None else str(year)


def outcomes_hidden_people(min_n: int) -> str:
    """Note under a rate chart, before the names of the hidden groups."""
    return f"Hidden (fewer than {min_n} people)"


OUTCOMES_FUNNEL_STAGES = {
    "inskrivna": "Enrolled",
    "avslutade": "Finished",
    "positivt": "Work, internship or studies",
}
OUTCOMES_FUNNEL_AXIS = "Number"


def outcomes_value_hidden(min_n: int) -> str:
    """A hidden value's text on a bar of the comparison chart."""
    return HIDDEN_FIGURE


FUNNEL_LIMIT_LABELS = {"95": "95 % limit", "998": "99,8 % limit"}
FUNNEL_FLAG_LABELS = {
    "over": "Above the municipal level",
    "under": "Below the municipal level",
    "inom": "Within the limits of chance",
}
FUNNEL_X_AXIS = "Finished enrolments (n)"


def funnel_rate_of_finished(rate: str, n: str) -> str:
    return f"{rate} of {n} finished"


def funnel_p_value(p_value: str) -> str:
    return f"p = {p_value} (exact binomial test)"


def funnel_hidden(min_n: int) -> str:
    return f"Hidden (fewer than {min_n} people)"


SEGREGATION_INDEX_AXIS = "Index value (0 = none, 1 = total segregation)"
SEGREGATION_AREA_TYPE_AXIS = "Share of residents"
SEGREGATION_REACH_AXIS = "Participants per 1 000 residents aged 20–64"


def segregation_area_type(area_type) -> str:
    """Name of an area type that has no label."""
    return f"Type {area_type}"


def segregation_area_type_hover(share: str, residents: str, districts: str) -> str:
    return f"{share} of residents ({residents}), {districts} districts"


def segregation_reach_rate_hover(per_1000: str, low: str, high: str) -> str:
    return f"{per_1000} per 1 000 ({CHART_INTERVAL_95} {low}–{high})"


def segregation_reach_count_hover(participants: str, residents: str) -> str:
    return f"{participants} participants, {residents} residents aged 20–64"


def segregation_reach_hidden(min_n: int) -> str:
    return f"Hidden (fewer than {min_n} people)"


def segregation_reach_selection(each_end: int, shown: str, total: str) -> str:
    return (
        f"Showing {shown} of {total} districts: the {each_end} with the highest and the {each_end} with the "
        "lowest reach within each area type. The table under the chart has them all."
    )


def segregation_reach_hidden_count(min_n: int, count: str) -> str:
    return f"{count} districts are hidden (fewer than {min_n} people)."


def insatser_title(municipality: str, year: int) -> str:
    return f"Programmes: {municipality} {year}"


INSATSER_PERIOD = "Time period"


def insatser_period_option(period: str, year: int) -> str:
    """The period choice: the year in the sidebar ("year") or every year ("all")."""
    return f"Year {year}" if period == "year" else "All years"


def insatser_funnel_title(year: int | None) -> str:
    return f"From enrolment to outcome, {_period(year)}"


def insatser_funnel_alt(year: int | None) -> str:
    return f"Bar chart per programme: enrolled, finished and to work, internship or studies, {_period(year)}."


INSATSER_FUNNEL_NOTE = "Enrolments are counted by start year, finished enrolments and outcomes by end year."
INSATSER_GROUPS_TITLE = "Whom do the programmes reach, and with what outcome?"
INSATSER_PROGRAMME = "Programme"


def insatser_groups_alt(programme: str, year: int | None) -> str:
    return f"Bar chart: share with a positive outcome in {programme} per group, {_period(year)}, with 95 % intervals."


INSATSER_GROUP_COLUMN = "Group"
INSATSER_EXTENSION_TITLE = "Employment for newly arrived: roles and extensions"
INSATSER_EXTENSION_HELP = (
    "Share of the six-month employments with a decision (yes or no) where the person was offered an extension. "
    "A year counts the employments that ended in it, like the outcome and the extension goal on Overview."
)
INSATSER_EXTENSION_AXIS = "Share offered an extension"
INSATSER_ROLE_COLUMN = "Role"
INSATSER_EXTENSION_COLUMN = "Share extended"
INSATSER_LASTING_TITLE = "Lasting outcomes"
INSATSER_FOLLOW_UP = "Follow-up"
INSATSER_FOLLOW_UP_OPTIONS = {"6m": "6 months", "12m": "12 months"}
INSATSER_LASTING_AXIS = "Share in work or studies"


def insatser_lasting_alt(follow_up: str) -> str:
    """``follow_up`` is one of ``INSATSER_FOLLOW_UP_OPTIONS``."""
    return f"Bar chart: share in work or studies {follow_up} after a finished programme, per programme."


INSATSER_LASTING_NOTE = (
    "Among finished enrolments with a follow-up: the share in work or studies at the follow-up (an internship "
    "does not count as lasting). Enrolments that finished too recently to have been followed up are not "
    "included; “not followed up” are those that should have been followed up but have no record. All years."
)
INSATSER_TIME_TITLE = "**Time from start to work, internship or studies** (all years)"


def insatser_districts_title(year: int | None) -> str:
    return f"The districts compared with the municipality, {_period(year)}"


INSATSER_FUNNEL_PROGRAMME = "Programme in the funnel plot"
INSATSER_ALL_PROGRAMMES = "All programmes"
INSATSER_DISTRICT_FUNNEL_ALT = (
    "Funnel plot: the districts' share with a positive outcome against the number finished, with control limits "
    "around the municipality's share."
)


def insatser_district_funnel_note(phi: str, widened: bool) -> str:
    """How to read the funnel plot; ``phi`` is the overdispersion, already formatted."""
    return (
        "A district outside the limits differs from the municipality by more than chance explains (exact "
        "binomial limits, Spiegelhalter 2005); inside the limits there is no certain difference, whatever the "
        "ranking. "
        + (
            f"The districts vary more than chance alone would give (overdispersion φ = {phi}), so the limits are "
            "widened."
            if widened
            else f"No clear overdispersion (φ = {phi}); the limits are not widened."
        )
    )


def segregation_title(municipality: str, year: int) -> str:
    return f"Segregation: {municipality} {year}"


SEGREGATION_GROUP = "Group"
SEGREGATION_ATKINSON_B = "Atkinson's parameter b"
SEGREGATION_ATKINSON_B_HELP = (
    "The weight between districts where the group is under- (b near 0) or overrepresented (b near 1)."
)


def segregation_no_statistics(year: int) -> str:
    return f"There are no statistics for {year}."


def change_from(change: str, year: int) -> str:
    """A metric's change from an earlier year, already signed by ``charts.format.delta``."""
    return f"{change} on {year}"


def segregation_change_since(change: str, first_year: int) -> str:
    """A metric's change since the first year, already signed by ``charts.format.delta``."""
    return f"{change} since {first_year}"


def segregation_group_share(year: int, share: str, total: str, population: str, areas: int) -> str:
    return (
        f"The group's share of all residents in {year}: {share} ({total} of {population}, {areas} districts). "
        "Compare the isolation with that share."
    )


SEGREGATION_INDICES_TITLE = "The indices over time"


def segregation_indices_alt(group: str) -> str:
    """``group`` is a ``SEGREGATION_GROUPS`` label in lower case."""
    return f"Line chart: segregation indices for {group} per year."


SEGREGATION_INDICES_EXPLAINED = "What do the indices mean?"
SEGREGATION_AREA_TYPES_TITLE = "Area types"
SEGREGATION_AREA_TYPES_ALT = "Stacked bars: share of residents per Statistics Sweden area type and year."


def segregation_area_types_note(mean: str, sd: str) -> str:
    return (
        "Statistics Sweden's published area type is used where there is one; for other years the type is "
        f"computed with Statistics Sweden's method (national mean {mean}, standard deviation {sd})."
    )


SEGREGATION_TARGETING_TITLE = "Does our work reach where the need is?"


def segregation_targeting_metric(year: int) -> str:
    return f"Targeting ratio {year}"


SEGREGATION_TARGETING_HELP = (
    "The share of participants who live in areas of type 1–2 divided by the share of residents aged 20–64 who "
    "live there."
)


def segregation_targeting_note(participants_share: str, year: int, population_share: str) -> str:
    return (
        f"{participants_share} of the participants in {year} live in areas of type 1–2, where "
        f"{population_share} of the residents aged 20–64 live. Above 1 means that the programmes are "
        "overrepresented where the challenges are greatest."
    )


SEGREGATION_TARGETING_BY_PROGRAMME = "Targeting ratio per programme"


def segregation_reach_alt(year: int) -> str:
    return f"Bar chart: participants per 1 000 residents aged 20–64 per district in {year}, coloured by area type."


# Data (sidan och ui/importer)


def data_title(kommun_namn: str) -> str:
    return f"Data: {kommun_namn}"


#: The Data page's tabs, in the order they are drawn.
DATA_TABS = {
    "loaded": "Loaded data",
    "participants": "Import participants",
    "tables": "Action plan, placements, activities",
    "scb": "Statistics Sweden data",
    "versions": "Versions",
}
#: Title of each table's version list, by the store's kind.
DATA_VERSION_TITLES = {
    "deltagare": "Participant data",
    "statistik": "District statistics",
    "geometri": "District boundaries",
    "handlingsplan": "Action plan: measures",
    "handlingsplan_indikatorer": "Action plan: linked indicators",
    "placeringar": "Housing for newly arrived: placements",
    "aktiviteter": "Activities in the districts",
}


# --- issue 12: the Handlingsplan page, housing for newly arrived, activities, the value scenario (pages)
def plan_title(municipality: str) -> str:
    return f"Action plan – {municipality}"


PLAN_INTRO = (
    "The integration strategy's measures: who does what, with whom, where and on what evidence, and what the "
    "linked indicators did in the measures' districts."
)
PLAN_NONE = (
    "There is no action plan for the municipality yet. Put handlingsplan.csv in the data set or import it on the "
    "Data page (a template is there)."
)
PLAN_NONE_MATCH = "No measure matches the filters."
PLAN_FILTER_ACTOR = "Actor"
PLAN_FILTER_DISTRICT = "District"
PLAN_FILTER_STATUS = "Status"
PLAN_FILTER_EVIDENCE = "Evidence"
PLAN_FILTER_ALL = "All"
PLAN_METRIC_MEASURES = "Measures"
PLAN_METRIC_EVIDENCE = "Backed by shown effect"
PLAN_METRIC_EVIDENCE_HELP = (
    "Measures chosen because research or other projects (elsewhere) showed an effect. Numbers of measures are "
    "exact: they are not people."
)


def plan_filtered(shown: int, total: int) -> str:
    return f"{shown} of the plan's {total} measures are shown with the filters."


PLAN_TIMELINE_TITLE = "The measures over time, by responsible actor"
PLAN_TIMELINE_NOTE = (
    "Each bar is a measure from start to end; a measure without an end date continues to today. The colour is its "
    "status."
)


def plan_timeline_alt(count: int) -> str:
    return f"Timeline of {count} measures of the action plan, grouped by responsible actor and coloured by status."


PLAN_PERIOD = "the whole action plan"
PLAN_FOLLOW_TITLE = "Follow up a measure"
PLAN_PICK_MEASURE = "Measure"
PLAN_NOT_PROOF = (
    "A change is not proof of effect. Districts change for many reasons at once (who moves in and out, the labour "
    "market, other programmes), and measures are often started where something was already about to happen."
)
PLAN_NO_INDICATORS = "The measure has no linked indicators (handlingsplan_indikatorer.csv)."


def plan_progress_title(measure_id: str) -> str:
    return f"Towards the target values: measure {measure_id}"


def plan_progress_alt(measure_id: str) -> str:
    return f"Baseline, latest value and target value of each indicator linked to measure {measure_id}."


PLAN_PROGRESS_NOTE = (
    "The baseline is the year before the measure's start in its districts together; a change whose interval covers "
    "zero counts as unchanged. Reaching a target value does not prove that the measure did it."
)
PLAN_GROUP_LABELS = {
    "malomraden": "The measure's districts",
    "ovriga": "Rest of the municipality",
    "jamforelse": "Comparable districts (same area type)",
}


def plan_series_title(label: str, measure_id: str) -> str:
    return f"{label}: measure {measure_id} against the rest of the municipality"


def plan_series_alt(label: str) -> str:
    return (
        f"{label} per year in the measure's districts, in the rest of the municipality and in comparable districts, "
        "with 95 % intervals and a line at the measure's start."
    )


def plan_comparison_note(count: int) -> str:
    if count == 0:
        return "No comparable district: no other district has the same area type as the measure's."
    if count == 1:
        return (
            "Comparable district: the only district without the measure with the same area type (Statistics Sweden) "
            "as the measure's in the year before the start."
        )
    return (
        f"Comparable districts: the {count} districts without the measure that have the same area type (Statistics "
        "Sweden) as the measure's districts in the year before the start."
    )


PLAN_WHOLE_MUNICIPALITY = "the whole municipality"
PLAN_OPEN_END = "until further notice"
PLAN_STATUS_LABELS = {
    "planerad": "Planned",
    "pagaende": "Under way",
    "genomford": "Completed",
    "pausad": "Paused",
}
PLAN_EVIDENCE_LABELS = {
    "forskning": "Research",
    "effekt_annanstans": "Effect shown elsewhere",
    "lokal_erfarenhet": "Local experience",
    "ingen": "No evidence",
}
PLAN_COLUMNS = {
    "id": "Id",
    "title": "Measure",
    "responsible": "Responsible",
    "partners": "Partners",
    "districts": "Districts",
    "start": "Start",
    "end": "End",
    "status": "Status",
    "evidence": "Evidence",
    "reference": "Reference",
}


def plan_measure_card(
    *, title, description, responsible, partners, districts, start, end, status, evidence, reference
) -> str:
    lines = [f"**{title}**", ""]
    if description:
        lines += [description, ""]
    lines.append(f"- **Responsible:** {responsible}" + (f"; **with:** {partners}" if partners else ""))
    lines.append(f"- **Where:** {districts}")
    lines.append(f"- **When:** {start} – {end or 'until further notice'} ({status.lower()})")
    lines.append(f"- **Evidence:** {evidence}" + (f" ({reference})" if reference else ""))
    return "\n".join(lines)


def plan_enrolments_label(programme_name: str | None) -> str:
    return "Enrolments, all programmes" if programme_name is None else f"Enrolments, {programme_name}"


def plan_measure_name(measure_id: str, title) -> str:
    return f"{measure_id} – {title}" if isinstance(title, str) and title else f"{measure_id} (not in the plan)"


PLAN_BEFORE_AFTER_COLUMNS = {
    "group": "Area",
    "before": "Before the start",
    "after": "Latest year",
    "change": "Change",
    "interval": "95 % interval",
    "reading": "Reading",
}


def plan_year_value(value: str, year, n: str) -> str:
    return f"{value} ({int(year)}, n = {n})" if year is not None and str(year) not in ("<NA>", "nan") else value


def plan_value_in_year(value: str, year) -> str:
    try:
        return f"{value} ({int(year)})"
    except (TypeError, ValueError):
        return value


PLAN_READINGS = {"up": "Clear increase", "down": "Clear decrease", "chance": "Could be chance"}
_DID_MISSING = {
    "not_proportion": "A difference-in-differences is made for shares only; for a count the trend is shown above.",
    "whole_municipality": (
        "The measure covers the whole municipality, so there is no district without it to compare with."
    ),
    "too_few_years": (
        "Too few years for a difference-in-differences: it needs at least two years before the measure's start and "
        "one after."
    ),
    "no_comparison": "No district without the measure has the same area type to compare with.",
    "suppressed": "One of the four values rests on too few people and is not shown.",
    "missing": "One of the four values is missing.",
}


def plan_did_missing(reason: str | None) -> str:
    return _DID_MISSING.get(reason or "", "A difference-in-differences cannot be computed.")


def plan_did_sentence(*, estimate, interval, reading, base_year, after_year, comparison, pre_trend) -> str:
    verdict = {
        "up": "a larger increase than in the comparable districts, and probably not chance",
        "down": "a larger decrease than in the comparable districts, and probably not chance",
    }.get(reading, "no certain difference from the comparable districts: it could be chance")
    text = (
        f"**Difference-in-differences {base_year}–{after_year}:** {estimate} (95 % interval {interval}), that is "
        f"{verdict}. Compared with: {comparison}."
    )
    if pre_trend is not None:
        estimate_pre, interval_pre, reading_pre = pre_trend
        if reading_pre == "chance":
            text += f" Before the start the groups moved alike ({estimate_pre}, {interval_pre}), which supports it."
        else:
            text += (
                f" But before the start the groups already moved differently ({estimate_pre}, {interval_pre}): the "
                "comparison is uncertain."
            )
    return text + " Even a clear difference is not proof of effect."


PLAN_PROGRESS_COLUMNS = {
    "indicator": "Indicator",
    "baseline": "Baseline",
    "latest": "Latest",
    "target": "Target",
    "way": "Share of the way",
    "status": "Position",
}
PLAN_PROGRESS_STATUS = {
    "natt": "Target reached",
    "pa_vag": "On the way to the target",
    "bort_fran": "Away from the target",
    "oforandrat": "Unchanged (could be chance)",
    "saknas": "No data",
    "ej_an": "The target year is not in the data yet",
    "dolt": "hidden (small numbers)",
}


def plan_progress_status(status: str, target_year) -> str:
    """A linked indicator's position towards its target in words; a target year the data have not reached
    yet is said as such, not as missing data."""
    if status == "ej_an" and target_year is not None:
        return f"The target year {int(target_year)} is not in the data yet"
    return PLAN_PROGRESS_STATUS.get(status, str(status))


ACTIVITIES_TITLE = "Activities in the districts"
ACTIVITIES_NONE = (
    "There is no activity log for the municipality yet. Put aktiviteter.csv in the data set or import it on the "
    "Data page."
)
ACTIVITIES_MEASURE = "Show"
ACTIVITIES_MEASURE_LABELS = {
    "aktiviteter": "Activities per 1 000 residents",
    "deltagare": "Participants per 1 000 residents",
}


def activities_none_in(districts: list[str]) -> str:
    return f"No activities in {len(districts)} districts: {', '.join(districts)}."


def activities_title(period: str) -> str:
    return f"Activities per district, {period}"


def activities_alt(period: str) -> str:
    return f"Activities and participants per 1 000 residents in each district, {period}."


def activities_kind_alt(period: str) -> str:
    return f"Activities by kind, {period}."


ACTIVITIES_NOTE = (
    "Numbers of activities are exact (they are not people). Participants are attendances, counted or estimated by "
    "the organiser; the same person may attend several times. Participant counts are rounded to the nearest 5 and "
    "1–4 are not shown."
)
ACTIVITIES_KIND_TITLE = "Activities by kind"
ACTIVITIES_BY_MEASURE_TITLE = "Activities per measure of the action plan"
ACTIVITIES_NO_MEASURE = "Not part of any measure"
ACTIVITIES_MAP_HINT = "Activities and participants per 1 000 residents are also measures on the Map."
ACTIVITIES_COLUMNS = {
    "district": "District",
    "activities": "Activities",
    "activities_per_1000": "Activities per 1 000 residents",
    "participants": "Participants",
    "participants_per_1000": "Participants per 1 000 residents",
    "estimated": "Share of participants estimated",
}
ACTIVITIES_KIND_COLUMNS = {"year": "Year", "kind": "Kind", "activities": "Activities", "participants": "Participants"}
ACTIVITIES_MEASURE_COLUMNS = {"measure": "Measure", "activities": "Activities", "participants": "Participants"}

PLACEMENTS_TITLE = "Housing for newly arrived: are they spread across the whole municipality?"
PLACEMENTS_NONE = (
    "There are no placements of newly arrived for the municipality. Put placeringar.csv in the data set or import "
    "it on the Data page."
)


PLACEMENTS_HOUSING = "Housing"
HOUSING_LABELS = {
    "alla": "All",
    "modulbostad": "Modular homes",
    "lagenhet": "Apartments",
    "korridor": "Corridor rooms",
    "annat": "Other housing",
}


def housing_label(code: str) -> str:
    return HOUSING_LABELS.get(code, code)


def placements_no_year(year: int) -> str:
    return f"There are no placements of newly arrived for {year}."


def placements_persons(year: int) -> str:
    return f"Newly arrived housed in {year}"


PLACEMENTS_HOUSEHOLDS = "Households"
PLACEMENTS_D = "Dissimilarity index (D), placements"
PLACEMENTS_D_HELP = (
    "How unevenly the newly arrived were housed compared with the population (0 = in the same proportion as the "
    "population in every district, 1 = wholly apart): the share of those housed who would have to live in another "
    "district."
)


def placements_sentence(reading: str | None, d: str, low: str, high: str) -> str:
    if reading is None:
        return "The index is not shown: too few housed to compute it without revealing small numbers."
    if reading == "concentrated":
        return (
            f"**The placements are more concentrated than chance gives.** D = {d}; had as many been housed at random "
            f"in proportion to the population, D would have been between {low} and {high}."
        )
    if reading == "even":
        return (
            f"**The placements are spread more evenly than chance gives.** D = {d}, below what random placement in "
            f"proportion to the population gives ({low}–{high}). With few housed, D is never 0."
        )
    return (
        f"**The placements are spread about as the population is.** D = {d}, within what random placement in "
        f"proportion to the population gives ({low}–{high}); with few housed, D is never 0."
    )


def placements_type_title(year: int) -> str:
    return f"Newly arrived housed and the population by area type, {year}"


def placements_type_alt(year: int) -> str:
    return (
        f"Share of the newly arrived housed and share of the population in each area type, {year}, with 95 % intervals."
    )


PLACEMENTS_TYPE_NOTE = (
    "Area type 1 has the greatest socioeconomic challenges. Persons housed are rounded to the nearest 5 and 1–4 are "
    "not shown; the shares are computed from the rounded numbers."
)
PLACEMENTS_D_TITLE = "Dissimilarity index (D) of the placements over time"
PLACEMENTS_D_ALT = (
    "Dissimilarity index (D) of the placements against the population per year, with the range random placement gives."
)
PLACEMENTS_D_NOTE = (
    "D is computed with the same function as the page's segregation indices, on the rounded numbers. With few housed, "
    "D is high even under random placement; the band shows what chance gives (2.5–97.5 % of 500 random placements)."
)
PLACEMENTS_ON_MAP = "Show the placements on the map"
PLACEMENTS_TYPE_COLUMNS = {
    "area_type": "Area type",
    "persons": "Persons housed",
    "households": "Households",
    "share_placed": "Share of those housed",
    "interval": "95 % interval",
    "share_population": "Share of the population",
    "ratio": "Ratio",
}
DISPERSAL_COLUMNS = {
    "year": "Year",
    "persons": "Persons housed",
    "D": "D",
    "random": "Random placement",
    "note": "Note",
}


def dispersal_random_range(mid: str, low: str, high: str) -> str:
    return f"{mid} ({low}–{high})"


VALUE_TITLE = "Scenario: public costs avoided when more people find work"
VALUE_NOT_EFFECT = (
    "This is a scenario, not a measured effect. It rests on assumptions you can change, and the programme may not be "
    "why someone found work."
)
VALUE_COST = "Cost of exclusion, kSEK per person and year"
VALUE_COST_HELP = "Nilsson & Wadeskog: about 400 kSEK per person and year, 10–15 MSEK over a lifetime."
VALUE_DEADWEIGHT = "Share who would have found work anyway, %"
VALUE_DEADWEIGHT_HELP = "Deadweight: those who would have found work without the programme are taken away."
VALUE_DURATION = "How long the work lasts, years"
VALUE_DURATION_HELP = "Years of work instead of exclusion that are counted."
VALUE_RATE = "Discount rate, % a year"
VALUE_RATE_HELP = "Later years' costs are discounted at the rate; the first year counts in full."
VALUE_SOURCE = (
    "Source of the assumptions: Nilsson & Wadeskog (socioeconomic calculations of the cost of exclusion), as in the "
    "product description (PRODUCT.md). The number of finished enrolments that led to work is rounded to the "
    "nearest 5."
)
VALUE_ALT = "The scenario's range of avoided public costs, low, middle and high, in millions of kronor."
VALUE_ROWS = {
    "people": "Finished enrolments that led to work",
    "cost": "Cost per person and year, kSEK",
    "deadweight": "Share who would have found work anyway",
    "duration": "Duration, years",
    "rate": "Discount rate",
    "low": "Scenario, low",
    "central": "Scenario, every assumption at its middle",
    "high": "Scenario, high",
}
VALUE_COLUMN_WHAT = "Assumption or result"
VALUE_COLUMN_SCENARIO = "Scenario"


def value_msek(amount: str) -> str:
    return f"{amount} MSEK"


def value_no_people(period: str, min_n: int) -> str:
    return (
        f"No finished enrolments that led to work to build a scenario on for {period} (or fewer than {min_n}, which "
        "are not shown)."
    )


def value_sentence(people: str, period: str, low: str, high: str, central: str) -> str:
    return (
        f"**Scenario:** if the {people} enrolments that led to work in {period} reduced exclusion as the assumptions "
        f"say, public costs of **{low}–{high} MSEK** were avoided ({central} MSEK with every assumption at the middle "
        "of its range). A scenario, not a measured effect."
    )


IMPORT_TABLES = "Action plan, placements and activities"
IMPORT_TABLES_CAPTION = (
    "Measures, linked indicators, placements of newly arrived and the activity log are read from CSV or Excel with "
    "the same checks as participant files: every rejected row is given with row, column and reason. The files must "
    "not hold people's names or identity numbers. Download a template:"
)
IMPORT_TABLE_KINDS = {
    "handlingsplan": "Action plan: measures",
    "handlingsplan_indikatorer": "Action plan: linked indicators",
    "placeringar": "Placements of newly arrived",
    "aktiviteter": "Activity log",
}
IMPORT_TABLE_KIND = "Which table?"
IMPORT_TABLE_HELP = "CSV (comma, semicolon or tab) or Excel. In a workbook, pick the sheet below."
IMPORT_TABLE_ROWS = "Rows"
IMPORT_TEMPLATE_XLSX = "All sheets (Excel)"


IMPORT_TABLE_FILE = "File (CSV or Excel)"
IMPORT_TABLE_COMING_IN = "**This comes in** (accepted rows per year)"
IMPORT_TEMPLATE_LABELS = {
    "handlingsplan": "Measures (CSV)",
    "handlingsplan_indikatorer": "Indicators (CSV)",
    "placeringar": "Placements (CSV)",
    "aktiviteter": "Activities (CSV)",
}


def import_saved_table(label: str, version: str, rows: str) -> str:
    return f"{label}: version {version} saved with {rows} rows and now in use."


DATA_DISTRICTS = "Districts"
DATA_STATISTICS_YEARS = "Statistics years"
DATA_PARTICIPANT_ROWS = "Participant rows"
DATA_PROGRAMMES_STARTED = "Programmes started"


def data_first_last_start(first: str, last: str) -> str:
    return f"First start {first}, latest {last}."


DATA_SOURCES = "Sources"
#: Said in English only: the data set's description and sources are its own words, in Swedish.
DATA_SOURCES_LANGUAGE_NOTE = "The data set's description and sources are quoted as the data set gives them, in Swedish."
DATA_VALIDATION = "Loading and validation"
#: Said in English only: validation messages come from analysis/ and are in Swedish.
DATA_MESSAGES_LANGUAGE_NOTE = (
    "The validation messages (file, row and column errors and warnings) are in Swedish; the counts and headings "
    "around them are translated."
)
#: Columns of the load summary table, by report field.
DATA_REPORT_COLUMNS = {
    "file": "File",
    "rows_read": "Rows read",
    "rows_accepted": "Accepted",
    "rows_rejected": "Rejected",
    "warnings": "Warnings",
}
DATA_ALL_ACCEPTED = "Every row was accepted without remarks."
DATA_SETTINGS = "Settings"


def data_settings(min_n: str, index_mean: str, index_sd: str) -> str:
    """The settings list; the numbers come formatted (Swedish format)."""
    return (
        f"- No count below **{min_n}** is shown, nor any share where fewer than **{min_n}** people had, or did "
        f"not have, the outcome; other counts are rounded to the nearest **{min_n}** "
        "(environment variable `STADSDEL_MIN_N`).\n"
        "- Where Statistics Sweden has published no area type, it is computed with the national mean "
        f"**{index_mean}** "
        f"and standard deviation **{index_sd}** of the socioeconomic index "
        "(`STADSDEL_INDEX_MEAN`, `STADSDEL_INDEX_SD`)."
    )


DATA_TEMPLATE = "Template for the participant file"


def data_template_columns(columns: str) -> str:
    return f"Columns: {columns}. See the README for allowed values."


DATA_TEMPLATE_DOWNLOAD = "Download empty template (CSV)"

IMPORT_PARTICIPANTS = "Import participants"
IMPORT_FILE = "Participant file (CSV or Excel)"
IMPORT_FILE_HELP = (
    "Personal identity numbers are replaced by pseudonyms before anything is shown or stored; names, addresses, "
    "phone numbers and e-mail addresses are removed."
)
IMPORT_NO_FILE = "The template and allowed values are in the README. Nothing is stored until you accept the import."
IMPORT_SHEET = "Sheet in the workbook"
IMPORT_DAY_FIRST = "Dates like 1/3/2024 mean 1 March (day first)"
IMPORT_MAPPING = "Column mapping: which column in the file is what"


def import_file_column(column: str) -> str:
    return f"The file's column “{column}”"


IMPORT_IGNORE = "(not used)"
IMPORT_SAVE_MAPPING = "Keep this column mapping for next time"
IMPORT_MAPPING_SAVED = "The column mapping is stored."
#: Column headers of a validation report's issue table (the messages themselves stay Swedish).
IMPORT_ISSUE_COLUMNS = {
    "fil": "file",
    "rad": "row",
    "kolumn": "column",
    "allvarlighet": "severity",
    "meddelande": "message (Swedish)",
}
IMPORT_SEVERITY_LABELS = {"fel": "error", "varning": "warning"}
IMPORT_COMING_IN = "**This is what comes in** (accepted rows by programme and outcome)"
IMPORT_SUMMARY_TOTAL = "Total"
IMPORT_ACCEPT = "Accept and store"


def import_saved_participants(version_id: str, rows: str) -> str:
    return f"Stored as version {version_id}: {rows} rows. Every page now shows this version."


IMPORT_NO_VERSIONS = "No imports yet: the shipped files are in use."
#: Columns of the version list, by Version field.
IMPORT_VERSION_COLUMNS = {
    "id": "Version",
    "created": "Time (UTC)",
    "file_name": "File",
    "rows_read": "Read",
    "rows_accepted": "Accepted",
    "rows_rejected": "Rejected",
    "who": "By",
    "active": "In use",
}
IMPORT_VERSION_ACTIVE = "yes"
IMPORT_VERSION_PICK = "Version to use"
IMPORT_VERSION_USE = "Use this version"
IMPORT_SCB = "Import Statistics Sweden data"
IMPORT_SCB_CAPTION = (
    "A CSV export from Statistics Sweden's Statistical Database (areas like “Helsingborg (Drottninghög)”, one "
    "column per year) or a response from Statistics Sweden's API in JSON-stat2. The areas are matched to the "
    "data set's districts by name, or through Statistics Sweden's DeSO→RegSO key file if you add it."
)
IMPORT_SCB_FILE = "Statistics Sweden file"
IMPORT_SCB_COLUMN = "Fills the column"
#: Labels of the statistics columns an SCB file can fill (the count columns use import_scb_count_column).
IMPORT_SCB_COLUMNS = {
    "omradestyp_scb": ("Area type (Statistics Sweden), e.g. the Statistical Database's export of area types per RegSO"),
    "medianinkomst_tkr": "Median income 20–64, thousand kronor",
}


def import_scb_count_column(column: str) -> str:
    return f"Count: {column}"


IMPORT_SCB_KEY_FILE = "Statistics Sweden's DeSO→RegSO key file (optional)"
#: The SCB import's counts of areas.
IMPORT_SCB_COUNTS = {
    "areas": "Areas in the municipality",
    "matched": "Matched",
    "unmatched": "Not matched",
    "outside": "Other municipalities (skipped)",
}


def import_scb_outside(count: str) -> str:
    return f"{count} district-years are not in the data set and are left out."


def import_saved_statistics(version_id: str) -> str:
    return f"Stored as version {version_id} of the statistics."


# Översikt, Jämför, profil, tabeller och format
PERCENT_POINTS = "percentage points"
#: A change that rounds to 0 at the decimals shown (issue 9: one rule for every change).
CHANGE_NONE = "unchanged"
#: The reading of a change whose 95 % interval covers 0, and of one whose interval excludes 0.
CHANGE_CHANCE = "could be chance"
CHANGE_CLEAR = "clear change"
#: Between the bounds of an interval of signed numbers ("−10.1 to +8.4").
TO = "to"
CHANGE_VERDICTS = {
    "better": "Clear improvement",
    "worse": "Clear deterioration",
    "clear": "Clear change",
    "chance": "Could be chance",
    "unchanged": "Unchanged",
    "no_interval": "No interval (not a share of people)",
}
MISSING_VALUE = "no data"
UNKNOWN = "unknown"


def area_type_history_source(years: str) -> str:
    return f" (Statistics Sweden's published type {years}; other years computed)"


COLUMNS = {
    "district": "District",
    "districts": "Districts",
    "interval": "95 % interval",
    "rate": "Share with a positive outcome",
    "n_finished": "n (finished)",
    "programme": "Programme",
    "enrolled": "Enrolled",
    "finished": "Finished",
    "ongoing": "Ongoing",
    "positive": "Work, internship or studies",
    "year": "Year",
    "group_share": "The group's share",
    "area_type": "Area type",
    "residents": "Residents",
    "share_of_residents": "Share of residents",
    "ratio": "Ratio",
    "share_in_type_1_2": "Share of participants in type 1–2",
    "per_1000": "Per 1 000 residents 20–64",
    "participants": "Participants",
    "group": "Group",
    "in_work_or_studies": "In work or studies",
    "n_followed": "n (followed up)",
    "not_followed": "Not followed up",
    "median_days": "Median (days)",
    "quartiles": "Quartiles",
    "p_value": "p-value",
    "position": "Position (99,8 %)",
    "indicator": "Indicator",
    "area": "Area",
    "share": "Share",
    "measure": "Measure",
    "difference": "Difference from the municipality",
    "interval_points": "95 % interval (percentage points)",
    "verdict": "Reading",
    "pair": "Districts",
    "difference_pair": "Difference",
    "change": "Change",
}


def suppressed_short() -> str:
    """A hidden difference: it rests on too few people (in the district or in the rest of the municipality)."""
    return HIDDEN_FIGURE


DIFFERENCE_VERDICTS = {
    "clear": "Clear difference (the interval excludes 0)",
    "unclear": "May be chance (the interval contains 0)",
}


def compare_title(kommun: str, year: int) -> str:
    return f"Compare districts: {kommun} {year}"


COMPARE_DISTRICTS = "Districts (2–4)"
COMPARE_DISTRICTS_HELP = (
    "Preselected are the three districts with the highest socioeconomic index, unless a link or the map chose "
    "others. The choice goes into the link (stadsdel=…)."
)
COMPARE_CHOOSE_TWO = "Choose at least two districts to compare."
COMPARE_SHARE = "Share this comparison"
COMPARE_SHARE_HELP = (
    "The link opens the same municipality, year, districts and language. Copy it with the button in the box's "
    "corner. It holds only codes, no personal data."
)


def compare_all_measures(year: int) -> str:
    return f"All measures {year}"


COMPARE_ALL_MEASURES_CAPTION = (
    "Shares are shown with a 95 % interval and n. Whether two districts really differ is shown by the "
    "differences below, with their own intervals."
)
COMPARE_ONE_MEASURE = "One measure: values and differences"


def compare_bars_alt(label: str, year: int) -> str:
    return f"Bar chart: {label.lower()} {year} for the chosen districts and the municipality."


COMPARE_DIFFERENCE_AXIS = "Difference from the municipality<br>(percentage points)"


COMPARE_ZERO = "As the municipality"


def compare_hidden(min_n: int) -> str:
    return f"Hidden or missing (fewer than {min_n} people or no data)"


def compare_difference_alt(label: str, year: int) -> str:
    return (
        f"Dot chart: how much each chosen district differs from the municipality in {label.lower()} {year}, "
        "with 95 % intervals."
    )


COMPARE_PAIRS = "Differences between the chosen districts"
COMPARE_DIFFERENCE_CAPTION = (
    "The difference from the municipality is computed against the rest of the municipality, since the district "
    "itself is part of the municipal value; the interval is Newcombe's (1998) for a difference of two shares. An "
    "interval that excludes 0 is a clear difference; compare many districts and the odd one will look clear by "
    "chance."
)
COMPARE_NO_INTERVAL = (
    "This measure has no interval for the difference (it is not a share of people); compare the values with care."
)


def compare_change_title(base: int, year: int) -> str:
    return f"Change {base}–{year}"


COMPARE_BASE_YEAR = "Compare with year"
WHAT_BASE_YEAR = "the base year"
COMPARE_CHANGE_CAPTION = (
    "The change is the later year's value minus the base year's. For shares the interval is Newcombe's (1998) for "
    "the difference of two proportions; the years are treated as independent, so the interval errs on the wide side. "
    "An interval that does not contain 0 is a clear change; green is an improvement and red a deterioration for "
    "that measure. A district hidden in either year shows no change."
)


def insatser_change_title(year: int, previous: int) -> str:
    return f"Share with a positive outcome: {year} against {previous}"


INSATSER_CHANGE_CAPTION = (
    "The share of enrolments finished in the year that led to work, internship or studies, against the year "
    "before. The interval is Newcombe's (1998) for the difference of two proportions: an interval containing 0 "
    "means the change could be chance. A programme hidden in either year shows no change."
)
SEGREGATION_CHANGE_NO_INTERVAL = (
    "The changes since the first year have no interval (the indices are not shares of people): a change of a few "
    "hundredths could be chance."
)


def targeting_sentence(reading: str, ratio: str, interval: str, min_n: int) -> str:
    """A plain reading of the targeting ratio for type 1–2 areas (``analysis.stats.reach.targeting_reading``)."""
    areas = "type 1–2 areas"
    ci = f"95 % confidence interval {interval}"
    return {
        "hidden": f"Not shown: fewer than {min_n} participants, or no residents in {areas} this year.",
        "over": f"Over-represented where the needs are greatest: the share of participants living in {areas} is "
        f"{ratio} times the population's share ({ci}).",
        "under": f"Under-represented where the needs are greatest: the share of participants living in {areas} is "
        f"only {ratio} times the population's share ({ci}).",
        "unclear": f"No clear difference: participants live in {areas} to about the same extent as the population "
        f"(ratio {ratio}, {ci}; the interval includes 1).",
    }[reading]


COMPARE_OVER_TIME = "Over time"
COMPARE_OVER_TIME_ALT = "Small charts per indicator: the chosen districts and the municipality over time."


def overview_title(kommun: str, year: int) -> str:
    return f"Overview: {kommun} {year}"


def overview_enrolled(year: int) -> str:
    return f"Enrolled (started {year})"


# Issue 9: counts explained. The one help text on how the pages count participants, on Översikt (enrolled)
# and on Segregation (targeting and reach).
COUNTS_HELP = (
    "The pages count participants in three ways. **Enrolled** (Overview): enrolments that started during the "
    "year. **Participants active** (Segregation: targeting and reach): people with at least one enrolment "
    "running at some point during the year, each counted once. **Finished** (the share with a positive "
    "outcome): enrolments that ended during the year. That is why the counts differ: someone who started last "
    "year and is still taking part is active this year but not enrolled this year, and someone with two "
    "enrolments is two enrolled but one participant."
)
OVERVIEW_POSITIVE = "Work, internship, studies"


def overview_positive_help(finished: str, year: int) -> str:
    return f"Of {finished} enrolments that finished in {year}."


OVERVIEW_RATE = "Positive outcome share"


def overview_rate_caption(
    interval: str, n: str, year: int, previous_year: int | None, previous: str | None, change_interval: str | None
) -> str:
    compared = (
        "" if previous_year is None else f". {previous_year}: {previous}; 95 % interval of the change {change_interval}"
    )
    return f"95 % interval {interval}, n = {n} finished in {year}{compared}"


OVERVIEW_ONGOING = "Ongoing at year end"
OVERVIEW_ONGOING_HELP = "Enrolments running on 31 December."


def overview_goals_title(year: int) -> str:
    return f"Goal attainment {year}"


def overview_no_goals(year: int) -> str:
    return f"No goals are set for {year}."


def overview_challenged_title(year: int) -> str:
    return f"The districts with the greatest challenges {year}"


OVERVIEW_NO_INDEX = "The socioeconomic index is missing for the year, so no ranking can be shown."
OVERVIEW_COMPARE_CHALLENGED = "Compare the three"
OVERVIEW_CHALLENGED_CAPTION = (
    "Highest socioeconomic index (Statistics Sweden's method: the mean of the shares with low economic standard, "
    "compulsory schooling only and long-term benefit or unemployment). The button opens Compare with these three; "
    "the link from there can be sent on."
)
OVERVIEW_TREND_TITLE = "Outcomes over time by programme"
OVERVIEW_TREND_ALT = (
    "Line chart: share of finished enrolments that led to work, an internship or studies, by year and programme."
)
OVERVIEW_TREND_CAPTION = "The vertical bars show 95 % confidence intervals (Wilson)."


def profile_title(name: str) -> str:
    return f"Profile: {name}"


PROFILE_IN_COMPARISON = "Already in the comparison."


def profile_comparison_full(maximum: int) -> str:
    return f"The comparison already has {maximum} districts."


PROFILE_ADD = "Add to the comparison"


def profile_added(name: str) -> str:
    return f"{name} was added to the comparison."


PROFILE_AREA_TYPE_HISTORY = "Area type over time:"


def profile_series_alt(name: str) -> str:
    return f"Small charts per indicator: {name} compared with the municipality over time."


PROFILE_RESULTS_TITLE = "**The programmes' outcomes among participants from here** (all years)"
PROFILE_NO_RESULTS = "No finished enrolments from this district."


def profile_started(count: str) -> str:
    return f"Enrolments started from here, all years: {count}."


def overview_index_value(value: str) -> str:
    return f"Socioeconomic index **{value}**"


GROUP_BY = "Split by"
GROUP_NAMES = {"insats": "Programme", "malgrupp": "Target group", "kon": "Gender", "stadsdel_kod": "District"}


# Karta
def map_title(kommun: str, year: int) -> str:
    return f"Map: {kommun} {year}"


MAP_MEASURE = "Measure"
WHAT_MEASURE = "the measure"
MAP_SHOW_NAMES = "Show district names"
MAP_CLASSES = "Classes"
MAP_CLASS_METHODS = {
    "continuous": "Continuous scale",
    "quantiles": "Quantiles (5 classes)",
    "equal_intervals": "Equal intervals (5 classes)",
    "area_type_thresholds": "Statistics Sweden's area-type thresholds",
}
MAP_CLASSES_HELP = (
    "Quantiles: about as many districts in each class. Equal intervals: classes of equal width. "
    "Statistics Sweden's thresholds (index only): the classes are the area types 1–5. Hidden and missing "
    "districts get no class and do not move the breaks."
)
MAP_CLASSES_NOT_FOR_AREA_TYPE = "The area type already comes in five classes."
MAP_DIFFERENCE = "Difference from municipality"
MAP_DIFFERENCE_HELP = (
    "The district's value minus the municipality's, on a two-colour scale: red = more challenges than in the "
    "municipality, blue = fewer. Shares in percentage points."
)
MAP_DIFFERENCE_NOT_AVAILABLE = (
    "No difference from the municipality for the area type and local quotients: they already compare with it."
)
MAP_DIFFERENCE_NO_MUNICIPAL = (
    "The municipality's value is missing for this measure and year; the map shows the districts' values."
)
MAP_SECOND = "Compare with a second measure"
MAP_SECOND_NONE = "No second measure"
MAP_BASEMAP = "Background map (needs internet)"
MAP_BASEMAP_NOTE = (
    "The background map (© OpenStreetMap contributors) is loaded as map images from the internet. Nothing else "
    "changes: no data about the districts is sent anywhere."
)
MAP_NOT_DRAWN = (
    "The map could not be drawn: the browser did not get the map's drawing library from the app. Reload the page."
)
MAP_CLICK_HINT = "Click a district on the map to see its value and profile."
MAP_MISSING = "No data"
MAP_DISTRICT_VALUE = "The district"
MAP_DIFFERENCE_SHORT = "Difference"
MAP_CLASS = "Class"
MAP_UNITS = {
    "share": "%",
    "rate": "%",
    "income": "kSEK",
    "index": "index points",
    "quotient": "quotient",
    "per1000": "per 1 000",
}
MAP_DIFFERENCE_UNITS = {
    "share": "percentage points",
    "rate": "percentage points",
    "income": "kSEK",
    "index": "index points",
    "per1000": "per 1 000 residents aged 20–64",
}
MAP_PER_1000 = "per 1\u00a0000"


def map_source(sources: str, *, fictitious: bool) -> str:
    """The source line under the map."""
    return "Source: fictitious demo data" if fictitious else f"Source: {sources}"


def map_alt(kommun: str, label: str, year: int) -> str:
    return f"Map of the districts of {kommun} coloured by {label.lower()} {year}."


def map_legend_title(label: str, unit: str, year: int) -> str:
    """Legend or colour-bar title: the measure, its unit and the year (one pair of brackets at most)."""
    if not unit:
        return f"{label}<br>{year}"
    return f"{label[:-1]}; {unit})<br>{year}" if label.endswith(")") else f"{label} ({unit})<br>{year}"


def map_difference_title(label: str, unit: str, year: int) -> str:
    return f"{label}<br>difference from the municipality<br>{unit}, {year}"


def map_hidden_legend(min_n: int) -> str:
    return HIDDEN_FIGURE.capitalize()


def map_hidden_hover(min_n: int) -> str:
    return HIDDEN_FIGURE.capitalize()


def map_interval_n(interval: str, n: str) -> str:
    return f"95 % interval {interval}, n = {n}"


def area_type_short(area_type: int) -> str:
    return f"Type {area_type}"


def class_range(low: str, high: str) -> str:
    """A class of a classed map, from its two formatted edges; "to" where a minus sign would clash."""
    return f"{low} to {high}" if low[:1] in ("−", "+") or high[:1] in ("−", "+") else f"{low}–{high}"


def class_below(high: str) -> str:
    return f"below {high}"


def class_from(low: str) -> str:
    return f"{low} or more"


def threshold_class(range_text: str, area_type: int) -> str:
    return f"Type {area_type}: {range_text}"


MAP_PROFILE_PICK = "District to show"
MAP_PROFILE_PLACEHOLDER = "Click the map or choose here"
MAP_PROFILE_PICK_HELP = "Opens the district's profile below the map, just as a click on the map does."


def map_profile_pick_open(count_text: str) -> str:
    return f"Choose a district to show ({count_text} districts)"


# Issue 9: goals, empty states, counts
def goal_measure_label(measure: str, year: int) -> str:
    """A goal card's measure, saying which enrolments it counts (by start or by end of the year)."""
    labels = {
        "inskrivna": f"Enrolled (started {year})",
        "positivt_utfall": f"To work, internship or studies (finished {year})",
        "forlangning": f"Offered an extension (finished {year})",
    }
    return labels.get(measure, measure)


def goal_value(period: str, outcome: str, goal: str) -> str:
    """A goal card's count against its goal; a year that is not over yet says "so far". A narrow card
    breaks the line before "of", never inside "of 30" (a no-break space)."""
    return f"{outcome} of\u00a0{goal}" if period == "past" else f"So far {outcome} of\u00a0{goal}"


def goal_reading(status: str, min_n: int) -> str:
    """What a goal card says about the goal (``analysis.stats.goals.goal_status``)."""
    return {
        "reached": "The goal was reached.",
        "not_reached": "The goal was not reached.",
        "reached_so_far": "The goal is already reached; the year is still running.",
        "so_far": "The year is still running, so the count can still grow.",
        "hidden": (
            f"Whether the goal was reached cannot be shown without revealing the count: the goal is below {min_n}."
        ),
        "unknown": "No target value.",
    }[status]


def insatser_extension_metric(year: int | None) -> str:
    return "Offered an extension, all years" if year is None else f"Offered an extension {year}"


def insatser_extension_caption(interval: str, n: str, year: int | None) -> str:
    """Interval and n of the extension rate, with the period the n counts."""
    if year is None:
        return f"95 % interval {interval}, n = {n} employments with a decision, all years"
    return f"95 % interval {interval}, n = {n} employments with a decision that ended in {year}"


def insatser_extension_hidden(min_n: int, year: int | None) -> str:
    if year is None:
        return f"Fewer than {min_n} employments have a decision on an extension, so the share is not shown."
    return f"Fewer than {min_n} employments with a decision on an extension ended in {year}, so the share is not shown."


def insatser_extension_alt(year: int | None) -> str:
    return f"Bar chart: share offered an extension per role, {_period(year)}, with 95 % intervals."


#: Free-text group columns: the noun for one and for several of their values.
_FREE_TEXT_NOUNS = {"roll": ("role", "roles"), "malgrupp": ("target group", "target groups")}


def hidden_free_text(category: str, count: int, min_n: int) -> str:
    """Note under a chart of free-text groups (``roll``): hidden ones are counted, never named."""
    one, many = _FREE_TEXT_NOUNS.get(category, ("group", "groups"))
    return f"{count} {one if count == 1 else many} with fewer than {min_n} people not shown."


def hidden_free_text_row(category: str, count: int) -> str:
    """The one table row that stands for the hidden free-text groups."""
    one, many = _FREE_TEXT_NOUNS.get(category, ("group", "groups"))
    return f"{count} other {one if count == 1 else many}"


def empty_chart(chart: str, reason: str, *, year: int | None, min_n: int, name: str = "") -> str:
    """Why a chart is not drawn, in one sentence. ``chart`` is a key of ``charts.empty.CHARTS``, ``reason``
    one of ``charts.empty.REASONS``; ``year`` None = all years; ``name`` the programme or follow-up."""
    span = "all years together" if year is None else f"in {year}"
    sentences = {
        ("trend", "no_data"): "No enrolment has finished yet, so there is no trend to show.",
        ("trend", "all_hidden"): (
            f"Every year and programme has fewer than {min_n} finished, or fewer than {min_n} with or without a "
            "positive outcome, so no share can be shown."
        ),
        ("funnel", "no_data"): (
            "The register holds no enrolments."
            if year is None
            else f"No enrolment started, finished or was running in {year}."
        ),
        ("funnel", "all_hidden"): f"Every count {span} is below {min_n} and is therefore not shown.",
        ("groups", "no_data"): (
            f"{name} has no finished enrolments {'yet' if year is None else f'in {year}'}, so no share can be shown."
        ),
        ("groups", "all_hidden"): (
            f"Every group in {name} has fewer than {min_n} finished enrolments {span}, or fewer than {min_n} "
            "with or without a positive outcome, so no share can be shown."
        ),
        ("roles", "no_data"): (
            "No employment has a decision on an extension yet."
            if year is None
            else f"No employment with a decision on an extension ended in {year}."
        ),
        ("roles", "all_hidden"): (
            f"Every role has fewer than {min_n} employments with a decision {span}, or fewer than {min_n} who "
            "were or were not offered an extension, so no share per role can be shown."
        ),
        ("lasting", "no_data"): f"No finished enrolment has been followed up after {name} yet.",
        ("lasting", "all_hidden"): (
            f"Every group has fewer than {min_n} people followed up after {name}, or fewer than {min_n} with or "
            "without work or studies, so no share can be shown."
        ),
        ("districts", "no_data"): (
            f"No finished enrolments {'yet' if year is None else f'in {year}'}, so no district can be compared "
            "with the municipality."
        ),
        ("districts", "all_hidden"): (
            f"Every district has fewer than {min_n} finished enrolments {span}, or fewer than {min_n} with or "
            "without a positive outcome, so none can be compared with the municipality."
        ),
        ("reach", "no_data"): f"No participants were active in {year}, so there is no reach to show.",
        ("reach", "all_hidden"): (
            f"Every district has fewer than {min_n} participants active in {year}, so none is shown."
        ),
        ("reach", "missing"): (
            f"Residents aged 20–64 are missing for {year}, so no reach per 1 000 residents can be computed."
        ),
        ("targeting", "no_data"): f"No participants were active in {year}, so the targeting ratio cannot be computed.",
        ("targeting", "all_hidden"): (
            f"Fewer than {min_n} participants active in {year} live in districts with a known area type, so the "
            "targeting ratio is not shown."
        ),
        ("targeting", "missing"): (
            f"Nobody in the municipality lives in areas of type 1–2 in {year}, so the targeting ratio cannot be "
            "computed."
        ),
    }
    return sentences.get((chart, reason)) or sentences[(chart, "no_data")]


def segregation_targeting_n(interval: str, n: str, year: int) -> str:
    """Interval and n of the targeting ratio: n counts people active in the year (``COUNTS_HELP``)."""
    return f"95 % interval {interval}, n = {n} participants active in {year}"


def segregation_reach_note(year: int) -> str:
    return (
        f"Participants active in {year} (people with a programme running at some point during the year) per "
        "1 000 residents aged 20–64, with 95 % intervals (exact Poisson)."
    )


# Issue 9: the map over time
MAP_VIEW = "Show"
#: What the map shows (keys are ``analysis.stats.measures.VIEW_*``).
MAP_VIEWS = {
    "value": "The value",
    "difference": "Difference from the municipality",
    "change": "Change since a year",
}
MAP_VIEW_HELP = (
    "The value: the measure in the chosen year. Difference from the municipality: the district's value minus "
    "the municipality's, red = more challenges than the municipality. Change: the value minus the value in an "
    "earlier year (choose the year on the right), red = towards more challenges. Shares in percentage points."
)
WHAT_MAP_VIEW = "what the map shows"
MAP_BASE_YEAR = "Since"
MAP_BASE_YEAR_HELP = "The year the change is counted from. The map's year is chosen with the slider below."
MAP_YEAR_STEPPER = "Year on the map"
MAP_YEAR_STEPPER_HELP = (
    "Step through the years (the arrow keys move one year). It is the same year as in the sidebar. The colour "
    "scale is the same in every year, so a colour means the same value whichever year is shown."
)
MAP_SECOND_KIND = "Second map"
#: The second map: none, another measure the same year, or the same measure another year.
MAP_SECOND_KINDS = {"none": "None", "measure": "Another measure", "year": "Another year"}
MAP_SECOND_KIND_HELP = (
    "Another measure in the same year, or the same measure in another year side by side (the same colour "
    "scale, the earlier year on the left)."
)
WHAT_SECOND_MAP = "the second map"
WHAT_SECOND_MEASURE = "the second measure"
MAP_SECOND_YEAR = "Second year"
WHAT_SECOND_YEAR = "the second year"
MAP_NO_OTHER_YEAR = "There is no other year to show."
WHAT_CLASSES = "the classes"
MAP_ZOOM = "Zoom in on the town"
MAP_ZOOM_HELP = (
    "Shows the most densely populated districts, where 80 % of the residents live. Turn it off to see the whole "
    "municipality, including the large and thinly populated rural districts."
)
WHAT_ZOOM = "the zoom"
MAP_SHOW_NAMES_HELP = (
    "Names are shown where they fit without covering each other, the most populous districts first. Every name "
    "shows when you point at the map and in the list below it. Zoom in for more names."
)
WHAT_NAMES = "the district names"
MAP_BASEMAP_HELP = "OpenStreetMap images under the districts. Needs internet; everything else works without."
WHAT_BASEMAP = "the background map"
WHAT_PROFILE = "the district in the profile"
MAP_CHANGE_SHORT = "Change"
MAP_CHANGE_MISSING = "Missing in one of the years"
MAP_CHANGE_NOT_AVAILABLE = (
    "The area type is a category and has no change; the map shows the type. Districts that changed type are "
    "listed when two years are shown side by side."
)
MAP_CHANGE_NEEDS_LATER_YEAR = "A change needs a later year than the first; the map shows the value."
MAP_CHANGE_CAPTION = (
    "The change is the value in the map's year minus the base year's. For shares a 95 % interval is shown "
    "(Newcombe; the years are treated as independent, so the interval errs on the wide side): “could be chance” "
    "when it contains 0, “clear change” otherwise. A district hidden in either year shows no change."
)
MAP_AREA_TYPE_SOURCE = "The area type is SCB's where SCB has published it, otherwise computed with SCB's method."


def map_change_title(label: str, unit: str, base_year: int, year: int) -> str:
    """Legend or colour-bar title of a change map: the measure, the two years and the unit."""
    return f"{label}<br>change {base_year}–{year}" + (f" ({unit})" if unit else "")


def map_change_hover_title(label: str, base_year: int, year: int) -> str:
    return f"{label}: change {base_year}–{year}"


def map_change_year(year: int, value: str, n: str | None) -> str:
    """One year's value in the hover of a change, with its n when the measure has one."""
    return f"{year}: {value}" + (f" (n = {n})" if n else "")


def map_change_hidden_hover(min_n: int) -> str:
    return f"Hidden: one of the years rests on fewer than {min_n} people"


def map_change_column(label: str, base_year: int) -> str:
    return f"{label}: change since {base_year}"


def map_same_scale(first: int, last: int) -> str:
    """The legend's promise that the colours do not rescale between years."""
    return f"same scale every year {first}–{last}"


def map_zoom_note(shown: int, total: int) -> str:
    return (
        f"The map shows the town: the {shown} of {total} districts where 80 % of the residents live. Turn off "
        "“Zoom in on the town” for the whole municipality."
    )


def map_names_note(shown: int, total: int) -> str:
    return (
        f"{shown} of {total} names fit on the map; every name shows when you point at the map and in the list "
        "“District to show”."
    )


def map_area_type_changes_title(base_year: int, year: int) -> str:
    return f"Districts that changed area type {base_year}–{year}"


def map_area_type_change(name: str, before: int, after: int) -> str:
    return f"{name}: type {before} → type {after}"


def map_no_area_type_changes(base_year: int, year: int) -> str:
    return f"No district changed area type between {base_year} and {year}."


def map_profile_change(base_year: int, change: str) -> str:
    return f"Change since {base_year}: **{change}**"


# SCB's boundaries in one step (Data page, SCB tab; ui/importer.scb_boundaries)
SCB_GEOMETRY_TITLE = "SCB's boundaries"
SCB_GEOMETRY_CAPTION = (
    "Fetches the municipality's RegSO boundaries (2025) straight from SCB's open geodata (CC0). Needs the "
    "internet; only the municipality code is sent to SCB."
)


def scb_geometry_fetch(kommun: str) -> str:
    return f"Fetch SCB's boundaries for {kommun}"


SCB_GEOMETRY_COUNTS = {"fetched": "Areas fetched", "matched": "Match the data set", "differ": "Differ"}
SCB_GEOMETRY_DIFF_COLUMNS = {"code": "Code", "where": "Found"}
SCB_GEOMETRY_WHERE = {"only_fetched": "only at SCB", "missing": "only in the data set"}
SCB_GEOMETRY_COMPLETE = "The data set's districts and SCB's areas have exactly the same codes."
SCB_GEOMETRY_MISMATCH = (
    "The codes do not fully match the data set's districts: with this file the data set cannot be loaded "
    "until stadsdelar.csv and the boundaries have the same codes."
)
SCB_GEOMETRY_DOWNLOAD = "Download stadsdelar.geojson"


def scb_geometry_where(folder: str) -> str:
    return (
        f"The file can also go as stadsdelar.geojson into the data set's folder ({folder}) in place of the one "
        'there, with "geometri_schematisk" set to false in meta.json; the map shows it once the app has restarted.'
    )


SCB_GEOMETRY_DEMO_NOTE = (
    "This is demo data: put the file in a copy of the folder, not in data/demo, which data/generate_demo.py "
    "rewrites and which may only hold schematic boundaries."
)
SCB_GEOMETRY_USE = "Use SCB's boundaries on the map"


def scb_geometry_used(version: str) -> str:
    return (
        f"SCB's boundaries were saved as version {version} and are now used on the map (Karta and the profiles). "
        "The Versions tab switches back."
    )


# --- pseudonym keys (issue 10)
#: Column of the version list: the fingerprint of the pseudonym key a participant version was made with.
IMPORT_VERSION_KEY = "Key"
#: Shown for a version saved before key fingerprints were recorded.
IMPORT_KEY_UNKNOWN = "unknown"
IMPORT_KEY_CONFIRM = "I understand that the pseudonyms will not match earlier versions: keep it anyway"
IMPORT_KEY_CONFIRM_FIRST = "Tick the box above to be able to keep the import under this key."


def import_key_in_use(fingerprint: str) -> str:
    return (
        f"Pseudonym key: fingerprint `{fingerprint}`. The fingerprint shows which key is in use without giving it "
        "away, and is kept with every version."
    )


def import_key_changed(version: str, active: str, new: str) -> str:
    return (
        f"**The pseudonym key has changed.** The version in use ({version}) was made with the key `{active}`, this "
        f"import with `{new}`. The pseudonyms will then not match earlier versions: the same person gets another "
        "`deltagare_id`, so nobody can be followed from one version to the next. If that was not intended, set the "
        "old key again. If you are changing the key on purpose, import all the source files again under the new key."
    )


def import_key_unrecorded(version: str, new: str) -> str:
    return (
        f"**Unknown whether the key is the same.** The version in use ({version}) was kept before keys were "
        f"recorded, so there is no telling whether it was made with the same key as this import (`{new}`). Under "
        "another key the same person gets another `deltagare_id`, and the pseudonyms do not match earlier versions."
    )


# --- identity numbers (issue 10)
#: What stands in the place of an identity number in a sheet or column name shown on the Data page.
REDACTED_NAME = "[identity number removed]"


def import_sheet_redacted(number: int, name: str) -> str:
    """A sheet in the sheet picker whose name held an identity number: its place and the redacted name."""
    return f"Sheet {number}: {name}"


# --- disclosure control (issue 10): one rule, in the same words on every page and export

#: A hidden rate, or a figure hidden with it: true whether the group, the numerator or its complement was
#: small (a count that is itself 1–4 says ``suppressed(min_n)``, "färre än 5"). The page's footer says why.
HIDDEN_FIGURE = "hidden (small numbers)"


def disclosure_rule(min_n: int) -> str:
    """The small-number rule (``analysis.disclosure``), said under every page and in every export."""
    return (
        f"Small-number protection: counts below {min_n} are not shown (“fewer than {min_n}”), nor is a share "
        f"where fewer than {min_n} people had, or did not have, the outcome. Other counts are rounded to the "
        f"nearest {min_n}, and shares, intervals and changes are computed from the rounded counts, so parts "
        "need not add up to the total."
    )


def goal_rounded(min_n: int) -> str:
    """Beside a goal whose rounded count seems to contradict the verdict (``ui.tables.goal_card``)."""
    return f"The count is rounded to the nearest {min_n}; the goal is judged on the exact count."


# --- exports (issue 11): the download buttons under every chart and table, and the files' header or caption

#: The labels of an exported file's header block (CSV, XLSX) and of an image's caption.
EXPORT_LABELS = {
    "title": "Title",
    "source": "Source",
    "period": "Period",
    "filters": "Filters",
    "note": "Note",
    "rule": "Small numbers",
    "exported": "Exported",
}
#: The sheet of an exported workbook.
EXPORT_SHEET = "Table"
#: The row of buttons under a chart: the first says what they do, the rest name the format.
EXPORT_PNG = "Download PNG"
EXPORT_SVG = "SVG"
EXPORT_CSV = "CSV"
EXPORT_XLSX = "Excel"
#: Under a table without a chart, the first button is CSV.
EXPORT_TABLE_CSV = "Download CSV"
EXPORT_HELP = {
    "png": "The chart as an image (PNG) with title, source, period, filters and the small-number rule.",
    "svg": "The chart as a vector image (SVG, sharp at any size) with title, source, period, filters and the "
    "small-number rule.",
    "csv": "The table as shown, as CSV for Excel (semicolon, UTF-8), under a header with source, period, filters and "
    "the small-number rule. Hidden values stay hidden in the file.",
    "xlsx": "The table as shown, as an Excel file, under a header with source, period, filters and the small-number "
    "rule. Hidden values stay hidden in the file.",
}
EXPORT_IMAGES_UNAVAILABLE = (
    "Images cannot be drawn: Chromium is missing on the server. Install Debian's package: apt-get install chromium"
)
#: Where an export's numbers come from.
EXPORT_SOURCES = {
    "register": "the company's participant register",
    "scb": "Statistics Sweden's statistics per district (RegSO)",
    "both": "Statistics Sweden's statistics per district (RegSO) and the company's participant register",
    "plan": (
        "the company's action plan, housing placements and activity log, with Statistics Sweden's residents per "
        "district"
    ),
}
#: The choices behind an exported view, each written "Name: value".
EXPORT_FILTERS = {
    "municipality": "Municipality",
    "programme": "Programme",
    "group": "Broken down by",
    "follow_up": "Follow-up",
    "measure": "Measure",
    "view": "Showing",
    "districts": "Districts",
    "population_group": "Group",
    "atkinson": "Atkinson's b",
    "classes": "Classes",
    "actor": "Actor",
    "district": "District",
    "status": "Status",
    "evidence": "Evidence",
    "housing": "Housing",
}


#: Titles of exported charts whose heading on the page is a question or names no measure.
EXPORT_TITLES = {
    "indices": "Segregation indices over time",
    "area_types": "Population by area type over time",
    "reach": "Participants per 1,000 residents aged 20–64, by district",
    "difference": "Difference from the municipality in percentage points",
    "series": "The indicators over time in the chosen districts and the municipality",
}


def export_source(kind: str, fictitious: bool) -> str:
    """The source line of an export; on demo data it says that nothing in it is real."""
    base = EXPORT_SOURCES[kind]
    if fictitious:
        return f"Fictitious demo data shaped like {base}: no real people or figures"
    return base[0].upper() + base[1:]


def export_filter(name: str, value: str) -> str:
    return f"{EXPORT_FILTERS[name]}: {value}"


def export_years(first: int, last: int) -> str:
    """A period of whole years, "2016–2025" (one year: "2024")."""
    return str(first) if first == last else f"{first}–{last}"


def export_all_years(first: int, last: int) -> str:
    return f"all years ({export_years(first, last)})"


def export_exported(date: str) -> str:
    """When and from what a file was exported."""
    return f"{date} from {APP_TITLE}"


# --- findings (issue 11): the sentences of presentation mode, the board report and the slides

GOAL_TABLE_COLUMNS = {"goal": "Goal", "value": "Outcome", "reading": "Assessment"}
FINDING_INDEX_NO_INTERVAL = (
    "The dissimilarity index is computed from Statistics Sweden's counts per district and has no interval; "
    "small changes may come from chance moves."
)
_GOAL_WORDS = {
    "inskrivna": "enrolled",
    "positivt_utfall": "into work, internship or studies",
    "forlangning": "offered an extension",
}


def screen_source(sources: str, *, fictitious: bool) -> str:
    """A screen's source line (footer of a slide, caption in the report)."""
    prefix = "Fictitious demo data. " if fictitious else ""
    return f"{prefix}Source: {sources}" if sources else prefix.strip()


def period_span(years) -> str:
    """``2016–2025`` for a series of years (one year alone; empty: an en dash)."""
    values = sorted({int(y) for y in years})
    if not values:
        return "–"
    return str(values[0]) if values[0] == values[-1] else f"{values[0]}–{values[-1]}"


def finding_no_goals(year: int) -> str:
    return f"No goals are set for {year}"


def finding_one_goal(programme: str, count: str, goal: str, measure: str, year: int, status: str) -> str:
    """``Job coaching: 35 of 30 into work, internship or studies 2025 – goal reached``."""
    verdicts = {
        "reached": "goal reached",
        "not_reached": "goal not reached",
        "reached_so_far": "goal already reached",
        "so_far": "the year is running",
        "hidden": "cannot be shown (small numbers)",
        "unknown": "no target value",
    }
    return f"{programme}: {count} of {goal} {_GOAL_WORDS.get(measure, measure)} {year} – {verdicts[status]}"


def finding_goals(reached: int, decided: int, year: int, *, running: bool) -> str:
    """How many of the year's goals are reached."""
    if running:
        return f"{year} so far: {reached} of {decided} goals already reached; the year is running"
    return f"{year}: {reached} of {decided} goals reached"


def finding_outcomes_hidden(year: int) -> str:
    return f"The share with a positive outcome per programme in {year} cannot be shown: small numbers"


def finding_outcome_one(programme: str, rate: str, year: int) -> str:
    return f"{programme}: {rate} went into work, internship or studies in {year}"


def finding_outcomes(
    best: str, best_rate: str, best_n: str, worst: str, worst_rate: str, worst_n: str, year: int, *, chance: bool
) -> str:
    """Highest and lowest outcome rate of the year, and whether the gap could be chance."""
    tail = "the difference could be chance" if chance else "a clear difference"
    return (
        f"Positive outcomes {year}: highest {best} {best_rate} (n = {best_n}), lowest {worst} {worst_rate} "
        f"(n = {worst_n}) – {tail}"
    )


def finding_targeting(verdict: str, year: int, ratio: str | None, interval: str | None) -> str:
    """Where the participants live against where the need is (``reach.targeting_reading``)."""
    if verdict == "hidden":
        return f"Where the participants live in {year} cannot be shown: small numbers"
    said = {
        "over": "Participants live in districts with socioeconomic challenges more often than the population",
        "under": "Participants live in districts with socioeconomic challenges less often than the population",
        "unclear": "Participants live much as the population does; the difference for the districts with "
        "challenges could be chance",
    }[verdict]
    return f"{said} ({year}: ratio {ratio}, 95 % interval {interval})"


def finding_trend_hidden(year: int) -> str:
    return f"The share with a positive outcome in {year} cannot be shown: small numbers"


def finding_trend_first(rate: str, year: int) -> str:
    return f"Share with a positive outcome in {year}: {rate} (no earlier year to compare with)"


def finding_trend(reading: str | None, before: str, now: str, year: int) -> str:
    """``The share with a positive outcome is broadly unchanged (73 % → 73 %)`` and its siblings."""
    if reading == "up":
        return f"The share with a positive outcome rose clearly {year - 1}–{year} ({before} → {now})"
    if reading == "down":
        return f"The share with a positive outcome fell clearly {year - 1}–{year} ({before} → {now})"
    return (
        f"The share with a positive outcome is broadly unchanged {year - 1}–{year} ({before} → {now}); the change "
        "could be chance"
    )


def finding_segregation_missing(year: int) -> str:
    return f"Segregation cannot be computed up to {year}: counts are missing"


def finding_segregation(first: str, first_year: int, last: str, last_year: int, change: float) -> str:
    """The dissimilarity index of foreign-born residents, first year against the latest."""
    way = "unchanged" if round(change, 2) == 0 else "lower" if change < 0 else "higher"
    return (
        f"Residential segregation of foreign-born residents is {way}: dissimilarity index {first} ({first_year}) "
        f"→ {last} ({last_year})"
    )


def finding_challenged(names: list[str], year: int) -> str:
    """The districts with the greatest socioeconomic challenges, named."""
    if not names:
        return f"No socioeconomic index for {year}"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Greatest socioeconomic challenges in {year}: {listed}"


GOAL_AXIS = "Share of the goal"


# --- presentation mode (issue 11)

PRESENTATION_TOGGLE = "Presentation mode"
PRESENTATION_TOGGLE_HELP = (
    "One finding per screen for the projector, without the sidebar and without scrolling. The link "
    "(presentation=1) opens the same screen; municipality, year and language come with it."
)
WHAT_PRESENTATION = "presentation mode"
WHAT_SCREEN = "the screen"
WHAT_SCREENS = "the screens"
PRESENTATION_PREVIOUS = "Previous"
PRESENTATION_NEXT = "Next"
PRESENTATION_PREVIOUS_HELP = "Previous screen (key ←)"
PRESENTATION_NEXT_HELP = "Next screen (key →)"
PRESENTATION_EXIT = "End presentation"
PRESENTATION_SCREENS = "Screens"
PRESENTATION_SCREENS_HELP = (
    "The order of the list is the order of the presentation. Remove a screen and add it again to move it to the end."
)
PRESENTATION_DEFAULT_ORDER = "Default order"
PRESENTATION_LINK = "Link to this screen"
PRESENTATION_NO_CHART = "No chart to show for this year."
# --- issue 12: the integration strategy's screens (presentation, board report, slides)
SCREEN_PLAN_SOURCE = (
    "the company's action plan, placements and activity log; Statistics Sweden's statistics per district"
)
#: The value screen's one source line: the count it starts from and where the assumptions come from.
SCREEN_VALUE_SOURCE = (
    "the company's participant register (finished enrolments that led to work); the assumptions from Nilsson & "
    "Wadeskog (socio-economic accounts, about SEK 0.4 million per person and year of exclusion), as in the product "
    "description (PRODUCT.md)"
)
SCREEN_VALUE_ROUNDING = "The number of finished enrolments that led to work is rounded to the nearest 5."
FINDING_NO_PLAN = "There is no action plan to show."
FINDING_NO_DID = (
    "None of the action plan's linked indicators has enough years before and after the start and comparable "
    "districts for a comparison."
)
FINDING_NO_PLACEMENTS = "There are no placements of newly arrived."
FINDING_NO_ACTIVITIES = "There is no activity log to show."


def finding_plan(running: int, total: int, actors: int, backed: int) -> str:
    return (
        f"{running} of the action plan's {total} measures are under way, with {actors} actors; {backed} rest on "
        "research or an effect shown elsewhere"
    )


def finding_did(clear: int, total: int) -> str:
    if clear == 0:
        return (
            f"None of {total} comparisons with comparable districts shows a clear difference: the changes could be "
            "chance"
        )
    return f"{clear} of {total} comparisons with comparable districts show a clear difference – no proof of effect"


def finding_did_shown(measure_id: str, title: str, indicator: str) -> str:
    return f"The chart shows measure {measure_id} ({title}): {indicator}."


def finding_placements_missing(year: int) -> str:
    return f"The spread of housing for newly arrived in {year} cannot be shown (too few housed or no data)"


def finding_placements(year: int, d: str, low: str, high: str, reading: str | None) -> str:
    if reading == "concentrated":
        return f"Newly arrived in {year} were housed more concentrated than chance gives: D = {d} against {low}–{high}"
    if reading == "even":
        return f"Newly arrived in {year} were housed more evenly than chance gives: D = {d} against {low}–{high}"
    return f"Newly arrived in {year} were housed spread like the population: D = {d}, within chance's {low}–{high}"


def finding_no_activities_year(year: int) -> str:
    return f"No activities are recorded in {year}"


def finding_activities(held: int, with_any: int, districts: int, top: str, per_1000: str, year: int) -> str:
    return (
        f"{held} activities in {with_any} of {districts} districts in {year}; most per resident in {top} "
        f"({per_1000} per 1 000)"
    )


def finding_value_none(year: int) -> str:
    return f"Scenario: too few finished enrolments led to work in {year} to compute a value"


def finding_value(people: str, year: int, low: str, high: str) -> str:
    return f"Scenario: {people} enrolments that led to work in {year} may have saved {low}–{high} MSEK of public costs"


SCREEN_NAMES = {
    "mal": "Goal progress per programme",
    "utfall": "Outcomes per programme",
    "rackvidd": "Where we work and where the need is",
    "trend": "The trend",
    "segregation": "Segregation over time",
    "karta": "Map: greatest challenges",
    "handlingsplan": "The action plan's measures",
    "indikatorer": "What the linked indicators did",
    "nyanlanda": "Housing for newly arrived",
    "aktiviteter": "Activities in the districts",
    "varde": "Scenario: the value of work",
}


def presentation_position(number: int, total: int) -> str:
    """Where the presenter is in the sequence: ``3 of 6``."""
    return f"{number} of {total}"


def presentation_place(municipality: str, year: int) -> str:
    """The line above every screen: whose figures and which year."""
    return f"{municipality} · {year}"


def presentation_period(period: str) -> str:
    return f"Period: {period}"


def presentation_demo(*, imported: bool) -> str:
    """The demo notice in one short line (the pages' ``demo_notice`` is too long for a projector footer)."""
    if imported:
        return "Demo data: the district statistics and the map are fictitious; participant data from your own import."
    return "Demo data: every figure is fictitious. Do not use them for decisions."


def presentation_unknown_screens(keys: str) -> str:
    """Notice when a link's ``skarmar`` names screens that do not exist."""
    if not keys:
        return "The link named no screens; showing the default order."
    return f"The link named unknown screens ({keys}); they are skipped."


# --- board report and slides (issue 11)

BOARD_FACTS = {
    "municipality": "Municipality",
    "year": "Report year",
    "period": "Period of the data",
    "data_date": "Data up to",
    "report_date": "Report created",
}
BOARD_HOW_TO_READ = (
    "Each section starts with its finding in words, computed from the data. Shares carry a 95 % interval and "
    "their n; where it says “could be chance”, the difference or change is small enough to be chance. Counts of "
    "fewer than 5 people are never shown, and other counts are rounded to the nearest 5 (see Notes on method)."
)
BOARD_CONTENTS = "Contents"
BOARD_GOALS_INTRO = (
    "Each goal with its count against the target. The count is rounded to the nearest 5; whether the goal was "
    "reached is decided on the exact count."
)
BOARD_NO_CHART = "No chart: the data are missing or cannot be shown without revealing small numbers."
BOARD_METHOD_TITLE = "Notes on method"
BOARD_METHOD_HEADINGS = {
    "outcome": "Share with a positive outcome",
    "interval": "Intervals",
    "change": "Change between years",
    "goals": "Goals",
    "targeting": "Reach and targeting",
    "segregation": "Segregation",
    "area_types": "Socioeconomic index and area type",
    "counting": "How participants are counted",
    "disclosure": "Small-number protection",
    "plan": "The action plan's indicators",
    "placements": "Housing for newly arrived",
    "value": "The value scenario",
}
BOARD_METHOD = {
    "outcome": (
        "The share with a positive outcome is the enrolments that ended in work, an internship or studies divided "
        "by all enrolments that ended during the year (the year of the end date). Ongoing enrolments are counted "
        "apart and never in the denominator."
    ),
    "interval": (
        "Every share carries a 95 % confidence interval (Wilson's method) and its n, the number it is computed on. "
        "Register shares are totals, not samples: the interval describes the random variation that matters in "
        "small districts and small programmes."
    ),
    "change": (
        "A change is the later value minus the earlier one. For shares the change carries a 95 % interval of the "
        "difference of two proportions (Newcombe's method; the years are treated as independent, which errs on "
        "the wide side). Where the interval covers 0 it says “could be chance”, otherwise “clear”."
    ),
    "goals": (
        "Goals are followed up against the company's targets per programme and year. The count is shown rounded, "
        "but whether a goal was reached is decided on the exact count. A year still running says “so far”."
    ),
    "targeting": (
        "Targeting is the share of participants living in districts of area type 1–2 divided by the share of the "
        "population aged 20–64 living there: 1 means like the population, above 1 more often where the challenges "
        "are greatest (Wilson interval of the participant share). Reach is participants per 1,000 residents aged "
        "20–64 (exact Poisson interval)."
    ),
    "segregation": (
        "The dissimilarity index (D) measures how unevenly foreign-born and other residents are spread over the "
        "districts: 0 means the same spread, 1 completely apart. Its value is the share of one group that would "
        "have to move for the spread to be even. It is computed on SCB's counts and has no interval."
    ),
    "area_types": (
        "SCB's socioeconomic index is the mean of the shares with low economic standard, with at most compulsory "
        "schooling (aged 20–64) and with long-term social assistance or unemployment (aged 20–64). Area types 1–5 "
        "say how far the index lies from the national mean in standard deviations; SCB's published type is used "
        "where there is one."
    ),
    "plan": (
        "A measure's districts are pooled and compared with the rest of the municipality, the year before the "
        "start and the latest year, with Newcombe's interval for the change. The difference-in-differences compares "
        "the change in the measure's districts with the change in districts without the measure of the same area "
        "type, with a 95 % interval (Wald, the four shares treated as independent: it errs wide), and is made only "
        "with at least two years before the start, so that the same comparison before the start can show whether "
        "the groups moved alike before. A change, even a clear difference, is not proof of effect."
    ),
    "placements": (
        "The dissimilarity index (D) of those housed against the population is computed with the same function as "
        "the segregation indices, on rounded numbers (D = 0 if everyone was housed in proportion to the "
        "population). With few housed, D is high by chance too, so D is compared with D of 500 random placements "
        "of as many in proportion to the population (2.5–97.5 %)."
    ),
    "value": (
        "Finished enrolments that led to work (rounded) × (1 − the share who would have found work anyway) × the "
        "cost of exclusion per person and year × discounted years of work. The assumptions are ranges (Nilsson & "
        "Wadeskog: about 0.4 MSEK per person and year); the result is a range, a scenario and no measured effect."
    ),
}
BOARD_SOURCES_TITLE = "Sources"
BOARD_SOURCES_DATA_SET = "Sources of the data set:"
BOARD_IMPORT_KINDS = {
    "deltagare": "Participant data",
    "statistik": "Statistics per district",
    "geometri": "District boundaries",
    "handlingsplan": "Action plan: measures",
    "handlingsplan_indikatorer": "Action plan: linked indicators",
    "placeringar": "Housing for newly arrived",
    "aktiviteter": "Activity log",
}
BOARD_MADE_WITH = (
    "This report was made with the tool Segregation and outcomes by district. Its findings are the same sentences "
    "as in presentation mode and in the slides."
)
BOARD_DOWNLOAD = "Board report (PDF)"
SLIDES_DOWNLOAD = "Slides (PowerPoint)"
BOARD_UNAVAILABLE = "The board report and the slides cannot be made here:"


def board_title(municipality: str, year: int) -> str:
    return f"Board report: {municipality} {year}"


def board_municipality(name: str, code: str) -> str:
    return f"{name} (municipality code {code})"


def board_period(statistics: str, participants: str | None) -> str:
    """The years the data set covers: SCB's statistics and the participant register."""
    if participants is None:
        return f"statistics {statistics}; no participant data"
    return f"statistics {statistics}; participants {participants}"


def board_data_date(date: str, *, from_register: bool) -> str:
    """How recent the data are: the register's latest date, or the statistics' latest year."""
    if from_register:
        return f"{date} (latest start or end date in the participant register)"
    return f"{date} (latest year of the statistics)"


def board_key_figures_title(year: int) -> str:
    return f"Key figures {year}"


def board_no_comparison(previous_year: int) -> str:
    return f"No comparison with {previous_year} (hidden or missing)."


def board_rate_change(change: str, previous_year: int, verdict: str) -> str:
    """The outcome rate's change from last year and its honest reading: ``−1,9 percentage points from 2023.
    Could be chance.``"""
    return f"{change} from {previous_year}. {verdict}."


def board_caption(source: str, period: str) -> str:
    """Under every chart of the report."""
    return f"{source}. Period: {period}."


def board_imported(kind: str, file_name: str, when: str) -> str:
    """A table the user imported in place of the shipped one."""
    return f"{BOARD_IMPORT_KINDS.get(kind, kind)}: your own import of {file_name} ({when} UTC)."


def board_footer(municipality: str, year: int, *, fictitious: bool) -> str:
    """The line at the foot of every page."""
    demo = " · Fictitious demo data" if fictitious else ""
    return f"Board report · {municipality} {year}{demo}"


def board_page(page: int, pages: int) -> str:
    return f"Page {page} of {pages}"


def board_file_name(municipality: str, year: int) -> str:
    """The file's name; ``municipality`` already as a file-name stem (``reports.facts.file_stem``)."""
    return f"board_report_{municipality}_{year}.pdf"


def slides_file_name(municipality: str, year: int) -> str:
    """The file's name; ``municipality`` already as a file-name stem (``reports.facts.file_stem``)."""
    return f"slides_{municipality}_{year}.pptx"


def board_download_help(municipality: str, year: int) -> str:
    return (
        f"The whole report for {municipality} {year} as PDF: key figures, goals, the charts with their findings in "
        "words, method and sources. Takes a few seconds to make."
    )


def slides_download_help(municipality: str, year: int) -> str:
    return (
        f"The presentation's screens for {municipality} {year} as PowerPoint, one slide per screen with the finding "
        "as title and source, period and the small-number rule in the footer, to put into the board's own deck."
    )


def board_fonts_missing(folder: str) -> str:
    return (
        f"The board report cannot be made: the font DejaVu Sans is missing (looked in {folder}). Install Debian's "
        "package: apt-get install fonts-dejavu-core"
    )


def slides_title(municipality: str, year: int) -> str:
    return f"{municipality} {year}: segregation and outcomes by district"


def slides_subtitle(data_date: str, report_date: str) -> str:
    return f"Data up to {data_date} · made {report_date}"


def slides_footer(source: str, period: str) -> str:
    """The first line of every slide's footer (the small-number rule follows)."""
    return f"{source} · Period: {period}"


REPORTS_CLI = {
    "description": "Make the board report (PDF) or the slides (PowerPoint) for one municipality and year.",
    "commands": "commands",
    "board": "the board report as PDF",
    "slides": "the presentation's screens as PowerPoint, one slide per screen",
    "data": "the data set's folder, e.g. data/demo/helsingborg",
    "year": "the report year, e.g. 2024",
    "lang": "language: sv (Swedish, the default) or en (English)",
    "screens": "the screens in order, comma-separated",
    "out": "the file to write",
    "date": "the report's date as YYYY-MM-DD (default: today); decides whether this year's goals say “so far”",
}


REPORTS_CLI_METAVARS = {
    "command": "COMMAND",
    "data": "FOLDER",
    "year": "YEAR",
    "screens": "SCREENS",
    "date": "YYYY-MM-DD",
    "out": "FILE",
}


def reports_cli_wrote(path: str, pages: int, *, slides: bool) -> str:
    what = "slides" if slides else "pages"
    return f"Wrote {path} ({pages} {what})."


def reports_cli_bad_year(year: int, municipality: str, years: str) -> str:
    return f"The year {year} is not in the data set for {municipality}; choose one of {years}."


def reports_cli_bad_screens(unknown: str, known: str) -> str:
    return f"Unknown screens: {unknown}. Choose from: {known}."


def reports_cli_bad_date(value: str) -> str:
    return f"Invalid date {value!r}: write YYYY-MM-DD, e.g. 2025-03-01."


def reports_cli_no_folder(folder: str) -> str:
    return f"The output file's folder does not exist: {folder}"


def reports_cli_not_written(path: str, reason: str) -> str:
    return f"Could not write {path}: {reason}"


def reports_cli_unexpected(kind: str) -> str:
    return (
        f"An unexpected error occurred ({kind}); no file was written. Check the data set and try again, or contact "
        "whoever maintains the tool."
    )


# --- issue 12: charts for the action plan, placements, activities, value scenario (charts/strategy.py)
STRATEGY_CHART_PLAN_HOVER = {
    "actor": "Responsible",
    "partners": "Partners",
    "districts": "Districts",
    "status": "Status",
    "evidence": "Evidence",
    "source": "Source",
    "period": "Period",
}
STRATEGY_CHART_NO_PARTNERS = "none given"
STRATEGY_CHART_TODAY = "Today"
#: A measure without an end date: drawn up to today with an arrow, as still going on.
STRATEGY_CHART_OPEN_ENDED = "no end date (continuing)"


def strategy_chart_districts(count: int, whole: bool) -> str:
    """How many districts a measure covers, for the timeline's hover."""
    if whole:
        return "the whole municipality"
    return "1 district" if count == 1 else f"{count} districts"


STRATEGY_CHART_SHARE_AXIS = "Share"
STRATEGY_CHART_COUNT_AXIS = "Number"


def strategy_chart_start(year: int) -> str:
    """The label of the line where a measure starts."""
    return f"Measure starts {year}"


def strategy_chart_not_shown(min_n: int, hidden: str, missing: str) -> str:
    """Note under a chart: the points hidden by the small-number rule and those without data (either may be "")."""
    parts = []
    if hidden:
        parts.append(f"Hidden (fewer than {min_n} people): {hidden}.")
    if missing:
        parts.append(f"No data: {missing}.")
    return " ".join(parts)


STRATEGY_CHART_DID_BEFORE_AFTER = "Before and after the start"
STRATEGY_CHART_DID_DIFFERENCE = "Difference in change"
STRATEGY_CHART_DID_AXIS = "Percentage points"
STRATEGY_CHART_DID_ESTIMATE = "After the start"
STRATEGY_CHART_DID_PRE_TREND = "Before the start (check)"
STRATEGY_CHART_DID_CAVEAT = "A difference does not show that the measure caused it: other things may have changed."


def strategy_chart_did_title(change: str, reading: str) -> str:
    """The difference-in-differences chart's title: the finding in words."""
    return f"The measure's districts compared with comparable districts: {change} ({reading})"


def strategy_chart_did_pair(before_year: int, before: str, after_year: int, after: str, change: str) -> str:
    return f"{before_year}: {before} → {after_year}: {after} ({change})"


def strategy_chart_did_row(name: str, before_year: int, before: str, after_year: int, after: str, change: str) -> str:
    """A row label of the difference-in-differences' left panel: the group, its two values and the change, each
    on a line of its own (the values stand in the label, never beside the dots, so they cannot collide)."""
    return f"{name}<br>{before_year}: {before} → {after_year}: {after}<br>{change}"


STRATEGY_CHART_PROGRESS_AXIS = "Share of the way from baseline to target"
STRATEGY_CHART_BASELINE = "Baseline"
STRATEGY_CHART_TARGET = "Target"


def strategy_chart_progress_text(baseline: str, latest: str, latest_year: str, target: str, target_year: str) -> str:
    """One linked indicator's way: baseline → latest value, and the target."""
    return f"{baseline} → {latest} ({latest_year}), target {target} by {target_year}"


STRATEGY_CHART_PLACED = "Share of the persons placed"
STRATEGY_CHART_POPULATION = "Share of the residents"
STRATEGY_CHART_NO_AREA_TYPE = "Districts without an area type"


def strategy_chart_placed_hover(share: str, interval: str, persons: str, households: str) -> str:
    return f"{share} of those placed (95 % interval {interval})<br>{persons} persons in {households} households"


def strategy_chart_population_hover(share: str, ratio: str) -> str:
    return f"{share} of the residents<br>Ratio placed ÷ residents: {ratio}"


STRATEGY_CHART_DISPERSAL_D = "Dissimilarity index (D) of placements against residents"
STRATEGY_CHART_DISPERSAL_RANDOM = "Expected with random placement"


def strategy_chart_dispersal_hover(d: str, low: str, high: str, persons: str) -> str:
    return f"D = {d}<br>Expected with random placement: {low}–{high}<br>{persons} persons placed"


STRATEGY_CHART_ACTIVITY_AXES = {
    "aktiviteter_per_1000": "Activities per 1,000 residents",
    "deltagare_per_1000": "Participants per 1,000 residents",
    "aktiviteter": "Number of activities",
    "deltagare": "Number of participants",
}


def strategy_chart_activity_hover(activities: str, participants: str, estimated: str) -> str:
    """An activity bar's hover: activities held (exact), participants (published) and the estimated share."""
    share = f" (of which estimated {estimated})" if estimated else ""
    return f"Activities: {activities}<br>Participants: {participants}{share}"


ACTIVITY_KIND_LABELS = {
    "sprakcafe": "Language café",
    "laxhjalp": "Homework help",
    "volontargrupp": "Volunteer group",
    "traff": "Meeting",
    "kurs": "Course",
    "annat": "Other",
}
STRATEGY_CHART_KINDS_AXIS = "Number of activities"
STRATEGY_CHART_VALUE_TITLE = "Scenario: public costs avoided when more people find work"


def strategy_chart_value_subtitle(enrolments: str) -> str:
    """Under the value scenario's title: what it counts (enrolments, not persons), what it is, and what it is not."""
    return (
        f"Scenario for {enrolments} finished enrolments that led to work, built on assumptions – not a measured effect."
    )


STRATEGY_CHART_VALUE_SOURCE = (
    "Source of the assumptions: Nilsson & Wadeskog (socio-economic accounts), about SEK 0.4 million per person and "
    "year of exclusion."
)
STRATEGY_CHART_VALUE_POINTS = {"low": "Low", "central": "Assumptions at their middle", "high": "High"}
STRATEGY_CHART_VALUE_AXIS = "Millions of kronor"
STRATEGY_CHART_VALUE_RANGE = "The scenario's range"
STRATEGY_CHART_VALUE_ASSUMPTIONS = {
    "cost_per_year_sek": "Cost of exclusion per person and year",
    "deadweight": "Share who would have found work anyway",
    "duration_years": "How long the work lasts",
    "discount_rate": "Discount rate",
}
STRATEGY_CHART_VALUE_UNITS = {"cost_per_year_sek": "SEK", "duration_years": "years"}


def strategy_chart_msek(value: str) -> str:
    """An amount in millions of kronor, ``value`` already in Swedish format."""
    return f"{value} MSEK"


def strategy_chart_empty(chart: str, reason: str) -> str:
    """Why a chart of ``charts.strategy`` is not drawn (``charts.strategy.why_empty``), in one sentence."""
    sentences = {
        "no_data": {
            "timeline": "The action plan has no measures to show.",
            "series": "There are no values for the indicator.",
            "progress": "The measure has no linked indicators with a target value.",
            "placements": "There are no placements for the period.",
            "dispersal": "There are no placements to measure the spread of.",
            "activities": "No activities are recorded for the period.",
            "kinds": "No activities are recorded for the period.",
        },
        "all_hidden": "Every value rests on too few people and is therefore not shown.",
        "missing": "Data are missing for the period, so nothing can be shown.",
    }
    found = sentences.get(reason, sentences["missing"])
    return found.get(chart, found["timeline"]) if isinstance(found, dict) else found


# --- Issue 13: sessions apart (the data changed under an open page) ---
DATA_CHANGED_NOTICE = (
    "The data have changed since you opened the page: someone imported a new version or switched the active "
    "version. The page still shows what you started with."
)
DATA_CHANGED_RELOAD = "Show the new data"


# --- Issue 13: sign-in, roles, audit
AUTH_TITLE = "Sign in"
AUTH_INTRO = (
    "The district dashboard is built on data about participants and districts, so it is shown to signed-in "
    "users only. Sign in to continue."
)
AUTH_OIDC_BUTTON = "Sign in with your company account"
AUTH_USER = "User name"
AUTH_PASSWORD = "Password"
AUTH_SUBMIT = "Sign in"
AUTH_FAILED = "Wrong user name or password."
AUTH_SIGN_OUT = "Sign out"
AUTH_NOT_SIGNED_IN = "You are not signed in. Reload the page and sign in."
AUTH_OPEN_NOT_LOOPBACK = (
    "Sign-in is not configured, and the server can be reached from other computers (server.address is not "
    "127.0.0.1, or the page is reached through a proxy). So no data are shown. Configure sign-in in "
    ".streamlit/secrets.toml first (see the section Drift in the README), or run the demo with "
    "--server.address 127.0.0.1."
)
AUTH_OPEN_NOTICE = (
    "Open demo: no sign-in is configured, so everyone who reaches the page counts as a data steward. The server "
    "can be reached from this computer only. Configure sign-in (README, section Drift) before real data go in."
)
AUTH_READER_NOTICE = (
    "You are signed in as a reader and see the summaries. Imports, validation reports, switching versions and "
    "the audit log need the data steward role."
)
#: The roles by their stored names (analysis.keeping.audit.ROLES).
AUTH_ROLES = {"läsare": "reader", "dataansvarig": "data steward"}
#: The audit log's actions by their stored names (analysis.keeping.audit.ACTIONS).
AUTH_ACTIONS = {
    "inloggning": "Sign-in",
    "utloggning": "Sign-out",
    "import": "Import",
    "byte_av_version": "Switch of version",
    "kolumnmappning": "Column mapping saved",
    "granskning": "Audit log",
}


def auth_signed_in(name: str, role: str) -> str:
    """Who is signed in (``name`` already escaped for Markdown) and in which role."""
    return f"Signed in as {name} ({role})"


def auth_delay(seconds: str) -> str:
    """The wait before the next sign-in attempt after failed ones."""
    return f"After failed attempts the next attempt waits {seconds} s before the password is checked."


def auth_refused(role: str, action: str) -> str:
    """A steward action refused to someone in ``role``; ``action`` is its stored name."""
    what = AUTH_ACTIONS.get(action, action).lower()
    return (
        f"Refused: you are signed in as {role}, and this ({what}) needs the data steward role. Nothing was "
        "changed, and the attempt has been written to the audit log."
    )


def auth_config_problem(section: str, key: str) -> str:
    """One thing wrong in the sign-in settings of secrets.toml: ``[section]`` and its ``key`` (may be empty)."""
    where = f"[{section}]" + (f" {key}" if key else "")
    return f"{where} in .streamlit/secrets.toml is missing or malformed"


def auth_misconfigured(problems: list[str]) -> str:
    """Sign-in is configured but cannot be used: nothing is shown until it is fixed."""
    listed = "\n".join(f"- {problem}" for problem in problems)
    return (
        "Sign-in is misconfigured, so no data are shown until it is fixed:\n"
        f"{listed}\n\nSee the section Drift in the README."
    )


def import_as(name: str) -> str:
    """Whose name an import is kept under (``name`` already escaped): the signed-in user's, never typed."""
    return f"The import is kept under your name: {name}."


DATA_TAB_AUDIT = "Audit log"
AUDIT_TITLE = "Audit log"
AUDIT_COLUMNS = {
    "when": "Time (UTC)",
    "who": "Who",
    "role": "Role",
    "action": "Action",
    "what": "What (Swedish)",
    "outcome": "Outcome",
    "detail": "Detail (Swedish)",
}
AUDIT_OUTCOMES = {"ok": "done", "nekad": "refused", "fel": "failed"}
AUDIT_EMPTY = "The audit log is empty: nothing has been imported, switched or signed in yet."
AUDIT_BROKEN = "The audit log is not intact: someone has changed or removed lines. Compare with a backup."
AUDIT_EXPORT_SOURCE = "The data store's audit log"


def audit_caption(path: str) -> str:
    """Where the audit log lives and what it holds."""
    return (
        "Every import, switch of version, sign-in and refused action, newest first. The log is kept in "
        f"`{path}`; each line carries a checksum of the line before it, so a changed or removed line shows here."
    )


def audit_intact(count: str) -> str:
    """The chain of the audit log checks out."""
    return f"The chain is intact: {count} entries, none changed or removed."


def audit_shown(shown: str, total: str) -> str:
    """Only the newest entries are shown; the downloads hold them all."""
    return f"Showing the newest {shown} of {total} entries. The downloads hold them all."
