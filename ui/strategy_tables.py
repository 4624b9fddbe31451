"""Display tables and sentences for the integration strategy (issue 12): the action plan's measures, what
their linked indicators did, housing for newly arrived, the activity log and the value scenario.

Analysis frames in, formatted text in the language in use out; hidden figures read ``texts.HIDDEN_FIGURE``
(or "färre än 5" for a count of people), so a table never shows what a chart hides. Counts of measures and
of activities are things, not people, and are shown exactly.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

import texts
from analysis.stats import plan as plan_stats
from charts import format as fmt
from ui.safe import md


def _date(value) -> str:
    return "" if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _districts_text(row, names: Mapping[str, str]) -> str:
    if bool(row.get("hela_kommunen", False)):
        return texts.PLAN_WHOLE_MUNICIPALITY
    return ", ".join(names.get(c, c) for c in plan_stats.target_codes(row))


def plan_table(plan: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The measures as the page lists them: id, title, actors, districts, period, status and evidence."""
    columns = texts.PLAN_COLUMNS
    rows = []
    for record in plan.to_dict("records"):
        rows.append(
            {
                columns["id"]: str(record["atgard_id"]),
                columns["title"]: str(record["titel"]),
                columns["responsible"]: str(record["ansvarig"]),
                columns["partners"]: "; ".join(record.get("partner") or ()),
                columns["districts"]: _districts_text(record, names),
                columns["start"]: _date(record["startdatum"]),
                columns["end"]: _date(record["slutdatum"]) or texts.PLAN_OPEN_END,
                columns["status"]: texts.PLAN_STATUS_LABELS.get(str(record["status"]), str(record["status"])),
                columns["evidence"]: texts.PLAN_EVIDENCE_LABELS.get(str(record["evidens"]), str(record["evidens"])),
                columns["reference"]: str(record.get("evidens_kalla") or ""),
            }
        )
    return pd.DataFrame(rows, columns=list(columns.values()))


def measure_card(row, names: Mapping[str, str]) -> str:
    """One measure in Markdown: description, who, where, when, status and the evidence with its reference.

    Every value from the file is escaped: a title or an actor typed as ``**x**`` or ``[a](b)`` shows as
    typed, never as formatting or a link.
    """
    record = row.to_dict() if hasattr(row, "to_dict") else dict(row)
    escape = md
    evidence = texts.PLAN_EVIDENCE_LABELS.get(str(record["evidens"]), str(record["evidens"]))
    reference = str(record.get("evidens_kalla") or "")
    return texts.plan_measure_card(
        title=escape(str(record["titel"])),
        description=escape(str(record.get("beskrivning") or "")),
        responsible=escape(str(record["ansvarig"])),
        partners=escape("; ".join(record.get("partner") or ())),
        districts=escape(_districts_text(record, names)),
        start=_date(record["startdatum"]),
        end=_date(record["slutdatum"]),
        status=texts.PLAN_STATUS_LABELS.get(str(record["status"]), str(record["status"])),
        evidence=evidence,
        reference=escape(reference),
    )


def indicator_label(key: str, programme_names: Mapping[str, str]) -> str:
    """A linked indicator's name: the register share's label, or the programme's outcome rate or enrolments."""
    key = str(key)
    if key in texts.MEASURE_LABELS:
        return texts.MEASURE_LABELS[key]
    kind = plan_stats.linked_indicator_kind(key)
    code = key.split(":", 1)[1]
    name = None if code == plan_stats.ALL_PROGRAMMES else programme_names.get(code, code)
    return texts.outcome_label(name) if kind == plan_stats.KIND_RATE else texts.plan_enrolments_label(name)


def _value(value, kind: str, decimals: int = 1) -> str:
    if pd.isna(value):
        return fmt.DASH
    return fmt.number(value) if kind == plan_stats.KIND_COUNT else fmt.percent(value, decimals)


def before_after_table(table: pd.DataFrame, kind: str, min_n: int) -> pd.DataFrame:
    """Target districts and the rest, before the start and in the latest year: values, n and the change with
    its 95 % interval and reading (a count has no interval)."""
    columns = texts.PLAN_BEFORE_AFTER_COLUMNS
    rows = []
    for r in table.itertuples():
        hidden = r.status == "suppressed"
        change = fmt.measure_delta(r.forandring, kind if kind != plan_stats.KIND_COUNT else "per1000", direction=0)
        rows.append(
            {
                columns["group"]: texts.PLAN_GROUP_LABELS.get(r.grupp, r.grupp),
                columns["before"]: texts.HIDDEN_FIGURE if hidden else texts.plan_year_value(
                    _value(r.varde_fore, kind), r.ar_fore, fmt.number(r.n_fore)
                ),
                columns["after"]: texts.HIDDEN_FIGURE if hidden else texts.plan_year_value(
                    _value(r.varde_efter, kind), r.ar_efter, fmt.number(r.n_efter)
                ),
                columns["change"]: texts.HIDDEN_FIGURE if hidden else (
                    fmt.DASH if change is None else change.text
                ),
                columns["interval"]: "" if hidden else fmt.change_interval(r.ci_low, r.ci_high, kind),
                columns["reading"]: "" if hidden else texts.PLAN_READINGS.get(r.reading or "", ""),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=list(columns.values()))


def did_sentence(did: plan_stats.DidResult, kind: str, names: Mapping[str, str]) -> str:
    """The difference-in-differences in words with its interval and reading, or why there is none."""
    if not did.ok:
        return texts.plan_did_missing(did.reason)
    comparison = ", ".join(names.get(c, c) for c in did.comparison_codes)
    pre = None
    if did.pre_trend is not None:
        pre = (
            fmt.percent_points(did.pre_trend.estimate, 1),
            fmt.points_interval(did.pre_trend.ci_low, did.pre_trend.ci_high),
            did.pre_trend.reading,
        )
    return texts.plan_did_sentence(
        estimate=fmt.percent_points(did.estimate, 1),
        interval=fmt.points_interval(did.ci_low, did.ci_high),
        reading=did.reading,
        base_year=did.base_year,
        after_year=did.after_year,
        comparison=md(comparison),
        pre_trend=pre,
    )


def progress_table(progress: pd.DataFrame, labels: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """Each linked indicator's baseline, latest value and target, with how far of the way it has come; a
    count whose target year the data have not reached yet says so (``texts.plan_progress_status``)."""
    columns = texts.PLAN_PROGRESS_COLUMNS
    rows = []
    for r in progress.itertuples():
        hidden = r.status == "dolt"
        latest = (
            texts.HIDDEN_FIGURE if hidden else texts.plan_value_in_year(_value(r.senaste_varde, r.kind), r.senaste_ar)
        )
        target_year = None if pd.isna(r.malar) else int(r.malar)
        rows.append(
            {
                columns["indicator"]: labels.get(r.indikator, r.indikator),
                columns["baseline"]: texts.HIDDEN_FIGURE if hidden else texts.plan_value_in_year(
                    _value(r.utgangsvarde, r.kind), r.utgangsar
                ),
                # A target year still to come has no latest value yet (not a missing one): the status says so.
                columns["latest"]: "" if r.status == "ej_an" else latest,
                columns["target"]: texts.plan_value_in_year(_value(r.malvarde, r.kind), r.malar),
                columns["way"]: "" if hidden or pd.isna(r.andel_av_vagen) else fmt.percent(r.andel_av_vagen),
                columns["status"]: texts.plan_progress_status(r.status, target_year),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=list(columns.values()))


# ----------------------------------------------------------------------------------------- activities
def activities_table(table: pd.DataFrame, names: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """Activities held (exact) and participations (published) per district, also per 1,000 residents."""
    columns = texts.ACTIVITIES_COLUMNS
    rows = []
    for r in table.itertuples():
        hidden = r.status == "suppressed"
        rows.append(
            {
                columns["district"]: names.get(r.stadsdel_kod, r.stadsdel_kod),
                columns["activities"]: fmt.number(r.aktiviteter),
                columns["activities_per_1000"]: fmt.number(r.aktiviteter_per_1000, 1),
                columns["participants"]: fmt.count(r.deltagare, min_n),
                columns["participants_per_1000"]: texts.HIDDEN_FIGURE if hidden else fmt.number(
                    r.deltagare_per_1000, 1
                ),
                columns["estimated"]: "" if hidden or pd.isna(r.uppskattade) else fmt.percent(r.uppskattade),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=list(columns.values()))


def activity_kind_table(table: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Activities and participations per kind of activity."""
    columns = texts.ACTIVITIES_KIND_COLUMNS
    return pd.DataFrame(
        [
            {
                columns["year"]: "" if pd.isna(getattr(r, "ar", None)) else str(int(r.ar)),
                columns["kind"]: texts.ACTIVITY_KIND_LABELS.get(r.typ, r.typ),
                columns["activities"]: fmt.number(r.aktiviteter),
                columns["participants"]: fmt.count(r.deltagare, min_n),
            }
            for r in table.itertuples()
        ],
        columns=list(columns.values()),
    )


def activity_measure_table(table: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Activities and participations per action plan measure (and those belonging to none)."""
    columns = texts.ACTIVITIES_MEASURE_COLUMNS
    rows = []
    for r in table.itertuples():
        title = texts.ACTIVITIES_NO_MEASURE if not r.atgard_id else texts.plan_measure_name(r.atgard_id, r.titel)
        rows.append(
            {
                columns["measure"]: title,
                columns["activities"]: fmt.number(r.aktiviteter),
                columns["participants"]: fmt.count(r.deltagare, min_n),
            }
        )
    return pd.DataFrame(rows, columns=list(columns.values()))


# ----------------------------------------------------------------------------------------- placements
def placements_type_table(table: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Placed persons and households per area type, the placed share (95 % interval) against the
    population's share and the ratio of the two."""
    columns = texts.PLACEMENTS_TYPE_COLUMNS
    rows = []
    for r in table.itertuples():
        hidden = r.status == "suppressed"
        rows.append(
            {
                columns["area_type"]: texts.UNKNOWN if pd.isna(r.omradestyp) else texts.AREA_TYPE_LABELS.get(
                    int(r.omradestyp), str(r.omradestyp)
                ),
                columns["persons"]: fmt.count(r.personer, min_n),
                columns["households"]: fmt.count(r.hushall, min_n),
                columns["share_placed"]: texts.HIDDEN_FIGURE if hidden else fmt.percent(r.andel_placerade, 1),
                columns["interval"]: "" if hidden else fmt.interval(r.ci_low, r.ci_high, 1),
                columns["share_population"]: fmt.percent(r.andel_befolkning, 1),
                columns["ratio"]: "" if hidden or pd.isna(r.kvot) else fmt.number(r.kvot, 2),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=list(columns.values()))


def dispersal_table(table: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """The dissimilarity index of placements against the population per year, beside the range expected if
    the same number had been placed at random in proportion to the population."""
    columns = texts.DISPERSAL_COLUMNS
    rows = []
    for r in table.itertuples():
        ok = r.status == "ok"
        rows.append(
            {
                columns["year"]: str(int(r.ar)),
                columns["persons"]: fmt.count(r.personer, min_n),
                columns["D"]: fmt.number(r.D, 2) if ok else texts.HIDDEN_FIGURE,
                columns["random"]: texts.dispersal_random_range(
                    fmt.number(r.D_slump, 2), fmt.number(r.D_slump_low, 2), fmt.number(r.D_slump_high, 2)
                ) if ok else "",
                columns["note"]: str(r.note or ""),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=list(columns.values()))


def value_table(scenario) -> pd.DataFrame:
    """The value scenario's assumptions and its low, central and high results, labelled as a scenario."""
    a = scenario.assumptions
    labels = texts.VALUE_ROWS

    def span(assumption, render) -> str:
        return f"{render(assumption.low)}{fmt.DASH}{render(assumption.high)}"

    rows = [
        (labels["people"], fmt.number(scenario.people)),
        (labels["cost"], span(a.cost_per_year_sek, lambda v: fmt.number(v / 1000))),
        (labels["deadweight"], span(a.deadweight, fmt.percent)),
        (labels["duration"], span(a.duration_years, lambda v: fmt.number(v, 1))),
        (labels["rate"], span(a.discount_rate, lambda v: fmt.percent(v, 1))),
        (labels["low"], texts.value_msek(fmt.number(scenario.low / 1e6, 1))),
        (labels["central"], texts.value_msek(fmt.number(scenario.central / 1e6, 1))),
        (labels["high"], texts.value_msek(fmt.number(scenario.high / 1e6, 1))),
    ]
    return pd.DataFrame(rows, columns=[texts.VALUE_COLUMN_WHAT, texts.VALUE_COLUMN_SCENARIO])
