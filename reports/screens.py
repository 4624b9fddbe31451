"""The board's screens: one finding each, stated in words computed from the data, with its chart.

One list serves presentation mode (one screen at a time on the projector), the board report (one section
each) and the slides (one slide each), so the three always say the same sentences. Every figure comes from
``analysis/`` (published through ``analysis.disclosure``: counts rounded to 5, small numbers hidden) and
every chart from ``charts/``; nothing here reads a file or imports streamlit.

Readings are honest about chance and small numbers: a change or difference whose 95 % interval covers 0 is
called "kan vara slump", a hidden figure says it is hidden, an index without an interval says so.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

import texts
from analysis import geography
from analysis.files_in.dataset import Dataset
from analysis.settings import Settings
from analysis.stats import activities as activity_stats
from analysis.stats import dispersal, measures, overview, programmes, reach, segregation, value
from analysis.stats import goals as goal_stats
from analysis.stats import plan as plan_stats
from analysis.stats.compare import newcombe_difference
from analysis.stats.segregation import INDEX_KEYS
from charts import format as fmt
from charts import maps
from charts import outcomes as outcome_charts
from charts import segregation as seg_charts
from charts import strategy as strategy_charts
from charts.theme import hidden_note

#: Screen keys in the default order (the URL's ``skarmar`` lists a choice of them).
SCREENS: tuple[str, ...] = (
    "mal",
    "utfall",
    "rackvidd",
    "trend",
    "segregation",
    "karta",
    "handlingsplan",
    "indikatorer",
    "nyanlanda",
    "aktiviteter",
    "varde",
)
#: The group whose segregation the board follows (the Segregation page's first choice).
SEGREGATION_GROUP = "utrikes_fodda"
#: The map screen zooms on where most people live when that covers less than this share of the whole view.
MAP_ZOOM_SHARE = 0.35


@dataclass
class Screen:
    """One finding: ``title`` states it in words; ``figure`` shows it; ``notes`` hold what hides or qualifies
    it (hidden groups, no interval); ``source`` and ``period`` go in a footer."""

    key: str
    title: str
    figure: go.Figure | None
    source: str
    period: str
    notes: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None


def _names(frame: pd.DataFrame, code: str, name: str) -> dict[str, str]:
    return dict(zip(frame[code].astype(str), frame[name].astype(str), strict=True))


def _source(data: Dataset) -> str:
    return texts.screen_source("; ".join(data.meta.get("kallor", [])), fictitious=bool(data.meta.get("fiktiv")))


# ------------------------------------------------------------------------------------------- the screens


def goals_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """Goal progress per programme in ``year`` (``analysis.stats.goals``): how many goals are reached, and
    each goal's published count against its target."""
    min_n = settings.min_n
    names = _names(data.programmes, "insats", "namn")
    progress = goal_stats.goal_status(goal_stats.goal_progress(data.participants, data.goals, min_n), today=today)
    progress = progress[progress["ar"] == year].reset_index(drop=True)
    if progress.empty:
        return Screen("mal", texts.finding_no_goals(year), None, _source(data), str(year))
    rows = []
    for goal in progress.itertuples():
        rows.append(
            {
                "label": f"{names.get(goal.insats, goal.insats)}: {texts.goal_measure_label(goal.matt, year)}",
                "share": None if goal.suppressed or pd.isna(goal.andel) else float(goal.andel),
                "value": texts.goal_value(goal.period, fmt.count(goal.utfall, min_n), fmt.number(goal.malvarde)),
                "reading": texts.goal_reading(goal.status, min_n),
                "status": goal.status,
            }
        )
    reached = sum(r["status"] in ("reached", "reached_so_far") for r in rows)
    decided = sum(r["status"] != "unknown" for r in rows)
    running = bool((progress["period"] != "past").any())
    if len(rows) == 1:
        only, goal = rows[0], progress.iloc[0]
        title = texts.finding_one_goal(
            names.get(goal["insats"], goal["insats"]),
            fmt.count(goal["utfall"], min_n),
            fmt.number(goal["malvarde"]),
            goal["matt"],
            year,
            only["status"],
        )
    else:
        title = texts.finding_goals(reached, decided, year, running=running)
    figure = outcome_charts.goal_bars(rows)
    columns = texts.GOAL_TABLE_COLUMNS
    table = pd.DataFrame(
        {
            columns["goal"]: [r["label"] for r in rows],
            columns["value"]: [r["value"] for r in rows],
            columns["reading"]: [r["reading"] for r in rows],
        }
    )
    return Screen("mal", title, figure, _source(data), str(year), table=table)


def outcomes_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """Outcome rate per programme for enrolments finished in ``year``: the highest and the lowest shown,
    and whether their difference could be chance (Newcombe interval of the published counts)."""
    min_n = settings.min_n
    names = _names(data.programmes, "insats", "namn")
    table = programmes.programme_funnel(data.participants, year, min_n)
    rates = table.rename(columns={"avslutade": "n", "positivt": "positive"})
    shown = rates[~rates["suppressed"] & rates["rate"].notna()].sort_values("rate", ascending=False)
    if shown.empty:
        title = texts.finding_outcomes_hidden(year)
        return Screen("utfall", title, None, _source(data), str(year), notes=[texts.disclosure_rule(min_n)])
    best, worst = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        title = texts.finding_outcome_one(names.get(best["insats"], best["insats"]), fmt.percent(best["rate"]), year)
    else:
        _, low, high = newcombe_difference(best["positive"], best["n"], worst["positive"], worst["n"])
        title = texts.finding_outcomes(
            names.get(best["insats"], best["insats"]),
            fmt.percent(best["rate"]),
            fmt.number(best["n"]),
            names.get(worst["insats"], worst["insats"]),
            fmt.percent(worst["rate"]),
            fmt.number(worst["n"]),
            year,
            chance=bool(low <= 0 <= high),
        )
    bars = rates[["insats", "n", "rate", "ci_low", "ci_high", "suppressed"]]
    figure = outcome_charts.rate_bars(
        bars, category="insats", labels=names, min_n=min_n, axis_title=texts.OUTCOMES_POSITIVE_SHARE, height=460
    )
    notes = [hidden_note(figure)] if hidden_note(figure) else []
    return Screen("utfall", title, figure, _source(data), str(year), notes=notes)


def reach_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """Where we work against where the need is: the targeting ratio (share of participants living in area
    types 1–2 ÷ the population's share there, Wilson interval) and participants per 1,000 by district."""
    min_n = settings.min_n
    ratio = reach.targeting_ratio(
        data.participants, data.statistics, year=year, mean=settings.index_mean, sd=settings.index_sd, min_n=min_n
    )
    row = ratio.iloc[0] if len(ratio) else None
    verdict = "hidden" if row is None else reach.targeting_reading(row["kvot"], row["ci_low"], row["ci_high"])
    title = texts.finding_targeting(
        verdict,
        year,
        None if verdict == "hidden" else fmt.number(row["kvot"], 1),
        None if verdict == "hidden" else f"{fmt.number(row['ci_low'], 1)}{fmt.DASH}{fmt.number(row['ci_high'], 1)}",
    )
    table = reach.reach_by_district_and_type(
        data.participants, data.statistics, year=year, mean=settings.index_mean, sd=settings.index_sd, min_n=min_n
    )
    names = _names(data.districts, "stadsdel_kod", "stadsdel_namn")
    figure = None
    if (~table["suppressed"]).any():
        figure = seg_charts.reach_by_district(table, names=names, labels=texts.AREA_TYPE_LABELS, min_n=min_n)
    notes = [hidden_note(figure)] if figure is not None and hidden_note(figure) else []
    return Screen("rackvidd", title, figure, _source(data), str(year), notes=notes)


def trend_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """The municipality's outcome rate this year against last year (Newcombe interval and reading), over
    the trend per programme."""
    min_n = settings.min_n
    figures = overview.key_figures(data.participants, year, min_n)
    if figures.rate is None:
        title = texts.finding_trend_hidden(year)
    elif figures.change is None:
        title = texts.finding_trend_first(fmt.percent(figures.rate), year)
    else:
        title = texts.finding_trend(
            figures.change_reading, fmt.percent(figures.previous_rate), fmt.percent(figures.rate), year
        )
    names = _names(data.programmes, "insats", "namn")
    trend = programmes.programme_outcome_rates(data.participants, min_n)
    figure = None
    if (~trend["suppressed"]).any():
        figure = outcome_charts.rate_trend(trend, group="insats", labels=names, min_n=min_n, height=460)
    notes = [hidden_note(figure)] if figure is not None and hidden_note(figure) else []
    return Screen("trend", title, figure, _source(data), texts.period_span(trend["ar"].dropna()), notes=notes)


def segregation_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """The dissimilarity index of foreign-born residents over the years (SCB counts per district; an index
    has no interval, which the finding says)."""
    indices = segregation.indices_by_year(data.statistics, SEGREGATION_GROUP, "folkmangd", skip_incomplete=True)
    indices = indices[indices["ar"] <= year].dropna(subset=["dissimilarity"])
    if indices.empty:
        return Screen("segregation", texts.finding_segregation_missing(year), None, _source(data), str(year))
    first, last = indices.iloc[0], indices.iloc[-1]
    title = texts.finding_segregation(
        fmt.number(first["dissimilarity"], 2), int(first["ar"]), fmt.number(last["dissimilarity"], 2), int(last["ar"]),
        float(last["dissimilarity"]) - float(first["dissimilarity"]),
    )  # fmt: skip
    figure = seg_charts.indices_over_time(indices, labels={k: texts.INDEX_LABELS[k] for k in INDEX_KEYS}, height=460)
    notes = [texts.FINDING_INDEX_NO_INTERVAL]
    return Screen("segregation", title, figure, _source(data), texts.period_span(indices["ar"]), notes=notes)


def map_screen(
    data: Dataset, year: int, settings: Settings, today: dt.date, *, width: int = 1100, height: int = 560
) -> Screen:
    """The socioeconomic index on the map, naming the three districts with the greatest challenges. ``width``
    and ``height`` (CSS pixels) are the size the map is laid out for (names placed, titles wrapped): the
    board report asks for a narrower map, so its names print at a readable size."""
    measure = measures.measure_by_key("socioekonomiskt_index", data.programmes["insats"])
    values = measures.district_values(
        measure,
        statistics=data.statistics,
        participants=data.participants,
        district_codes=data.districts["stadsdel_kod"],
        year=year,
        settings=settings,
    ).merge(data.districts[["stadsdel_kod", "stadsdel_namn"]], on="stadsdel_kod", how="left")
    names = _names(data.districts, "stadsdel_kod", "stadsdel_namn")
    challenged = measures.most_challenged(values, 3)
    title = texts.finding_challenged([names.get(c, c) for c in challenged], year)
    points = geography.label_points(data.geometry).merge(
        data.districts[["stadsdel_kod", "stadsdel_namn"]], on="stadsdel_kod", how="left"
    )
    # Names, the challenged districts' first, so the finding's districts can be found on the map; zoomed on
    # where most people live (and the challenged districts) when that is a small part of the municipality,
    # as the Karta page opens, so a town's small districts are not specks.
    geojson = geography.web_geojson(data.geometry)
    priority = measures.name_priority(data.statistics, settings.index_mean, settings.index_sd)
    top = max(priority.values(), default=0.0)
    priority |= {code: top + len(challenged) - i for i, code in enumerate(challenged)}
    areas = dict(zip(data.geometry["stadsdel_kod"], data.geometry.geometry.area, strict=True))
    focus = list(dict.fromkeys([*measures.populous_core(data.statistics, areas), *challenged]))
    figure = maps.choropleth(
        geojson,
        values,
        show_names=True,
        priority=priority,
        focus=focus if focus and maps.view_share(geojson, focus) < MAP_ZOOM_SHARE else None,
        kind=measure.kind,
        label=texts.MEASURE_LABELS.get(measure.key, measure.key),
        year=year,
        min_n=settings.min_n,
        direction=measure.direction,
        source=_source(data),
        points=points,
        index_mean=settings.index_mean,
        index_sd=settings.index_sd,
        height=height,
        width=width,
    )
    return Screen("karta", title, figure, _source(data), str(year))


# ------------------------------------------------------------------- issue 12: the integration strategy


def _plan_source(data: Dataset) -> str:
    return texts.screen_source(texts.SCREEN_PLAN_SOURCE, fictitious=bool(data.meta.get("fiktiv")))


def plan_screen(data: Dataset, year: int, settings: Settings, today: dt.date, *, printed: bool = False) -> Screen:
    """The action plan on one screen: how many measures are under way, by whom, and on what evidence (counts
    of measures, exact: they are not people), over the timeline by responsible actor and status. On the
    projector (the window sets the height) every name stands on one line; ``printed`` (the report and the
    slides, drawn at the figure's own height, narrower) on at most two. Never cut."""
    plan = data.plan
    if plan.empty:
        return Screen("handlingsplan", texts.FINDING_NO_PLAN, None, _plan_source(data), str(year))
    summary = plan_stats.plan_summary(plan)
    actors = len(plan_stats.plan_actors(plan))
    title = texts.finding_plan(summary["pagaende"], summary["alla"], actors, summary["stod"])
    figure = strategy_charts.plan_timeline(plan, today=today, lines=2 if printed else 1)
    return Screen("handlingsplan", title, figure, _plan_source(data), texts.PLAN_PERIOD)


def indicators_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """What the linked indicators did: every difference-in-differences of the plan (target districts against
    untargeted districts of the same area type), counted by reading, and the earliest measure's shown; the
    caveat that a change is not proof of effect is always a note."""
    computed = []
    for measure in data.plan.itertuples(index=False):
        row = measure._asdict()
        links = data.plan_indicators[data.plan_indicators["atgard_id"] == row["atgard_id"]]
        for key in links["indikator"]:
            if plan_stats.linked_indicator_kind(key) == plan_stats.KIND_COUNT:
                continue
            did = plan_stats.difference_in_differences(
                data.statistics, data.participants, row, key, min_n=settings.min_n,
                mean=settings.index_mean, sd=settings.index_sd,
            )  # fmt: skip
            if did.ok:
                computed.append((row, key, did))
    notes = [texts.PLAN_NOT_PROOF]
    if not computed:
        return Screen("indikatorer", texts.FINDING_NO_DID, None, _plan_source(data), str(year), notes=notes)
    clear = sum(did.reading in ("up", "down") for _, _, did in computed)
    row, key, did = min(computed, key=lambda item: (item[0]["startdatum"], item[0]["atgard_id"]))
    names = _names(data.programmes, "insats", "namn")
    label = texts.MEASURE_LABELS.get(key) or texts.outcome_label(names.get(key.split(":", 1)[1]))
    title = texts.finding_did(clear, len(computed))
    series = plan_stats.series(
        data.statistics, data.participants, row, key, min_n=settings.min_n, comparison=did.comparison_codes
    )
    figure = strategy_charts.did_chart(did, series=series)
    notes.append(texts.finding_did_shown(row["atgard_id"], row["titel"], label))
    return Screen("indikatorer", title, figure, _plan_source(data), f"{did.base_year}–{did.after_year}", notes=notes)


def placements_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """Are the newly arrived housed across the whole municipality: the year's dissimilarity index of the
    placements against the population beside what random placement gives, over the placed share per area
    type against the population's share (published counts)."""
    if data.placements.empty:
        return Screen("nyanlanda", texts.FINDING_NO_PLACEMENTS, None, _plan_source(data), str(year))
    by_year = dispersal.dispersal_by_year(data.placements, data.statistics, min_n=settings.min_n)
    this = by_year[by_year["ar"] == year]
    if this.empty or this.iloc[0]["status"] != "ok":
        title = texts.finding_placements_missing(year)
    else:
        d = this.iloc[0]
        title = texts.finding_placements(
            year, fmt.number(d["D"], 2), fmt.number(d["D_slump_low"], 2), fmt.number(d["D_slump_high"], 2),
            dispersal.dispersal_reading(d["D"], d["D_slump_low"], d["D_slump_high"]),
        )  # fmt: skip
    by_type = dispersal.placements_by_area_type(
        data.placements, data.statistics, None, year, min_n=settings.min_n, mean=settings.index_mean,
        sd=settings.index_sd,
    )  # fmt: skip
    figure = None
    if strategy_charts.why_empty(by_type, "placements") is None:
        figure = strategy_charts.placements_vs_population(by_type, min_n=settings.min_n)
    return Screen("nyanlanda", title, figure, _plan_source(data), str(year), notes=[texts.PLACEMENTS_TYPE_NOTE])


def activities_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """What happens in each district: the year's activities (exact) per 1,000 residents by district, naming
    the district with the most."""
    if data.activities.empty:
        return Screen("aktiviteter", texts.FINDING_NO_ACTIVITIES, None, _plan_source(data), str(year))
    table = activity_stats.activities_by_district(data.activities, data.statistics, year, min_n=settings.min_n)
    names = _names(data.districts, "stadsdel_kod", "stadsdel_namn")
    held = int(table["aktiviteter"].sum())
    with_any = int((table["aktiviteter"] > 0).sum())
    if held == 0:
        return Screen("aktiviteter", texts.finding_no_activities_year(year), None, _plan_source(data), str(year))
    top = table.sort_values("aktiviteter_per_1000", ascending=False, kind="stable").iloc[0]
    title = texts.finding_activities(
        held, with_any, len(table), names.get(top["stadsdel_kod"], top["stadsdel_kod"]),
        fmt.number(top["aktiviteter_per_1000"], 1), year,
    )  # fmt: skip
    shown = table[table["aktiviteter"] > 0]
    figure = strategy_charts.activities_by_district(shown, labels=names, min_n=settings.min_n, height=520)
    return Screen("aktiviteter", title, figure, _plan_source(data), str(year), notes=[texts.ACTIVITIES_NOTE])


def value_screen(data: Dataset, year: int, settings: Settings, today: dt.date) -> Screen:
    """The value scenario with the default assumptions for the enrolments that ended in work in ``year``:
    a range, always called a scenario, never a measured effect."""
    people = value.people_in_work(data.participants, year, min_n=settings.min_n)
    # The source is said once, in the screen's source line: the register the count comes from and the source of
    # the assumptions (not the data set's whole list of sources, not again in a note or the chart's subtitle).
    source = texts.screen_source(texts.SCREEN_VALUE_SOURCE, fictitious=bool(data.meta.get("fiktiv")))
    notes = [texts.VALUE_NOT_EFFECT, texts.SCREEN_VALUE_ROUNDING]
    if people == 0:
        return Screen("varde", texts.finding_value_none(year), None, source, str(year), notes=notes)
    scenario = value.value_scenario(people)
    # Rounded as the chart writes them (one decimal), so the finding and the figure show the same numbers.
    title = texts.finding_value(
        fmt.number(people), year, fmt.number(scenario.low / 1e6, 1), fmt.number(scenario.high / 1e6, 1)
    )
    figure = strategy_charts.value_range(scenario, source="")
    return Screen("varde", title, figure, source, str(year), notes=notes)


BUILDERS: dict[str, Callable[[Dataset, int, Settings, dt.date], Screen]] = {
    "mal": goals_screen,
    "utfall": outcomes_screen,
    "rackvidd": reach_screen,
    "trend": trend_screen,
    "segregation": segregation_screen,
    "karta": map_screen,
    "handlingsplan": plan_screen,
    "indikatorer": indicators_screen,
    "nyanlanda": placements_screen,
    "aktiviteter": activities_screen,
    "varde": value_screen,
}


def parse_screens(value: str | None) -> list[str]:
    """The URL's ``skarmar`` (comma-separated keys) as a list of known keys, in the given order, without
    repeats; the default sequence when empty or nothing known."""
    chosen: list[str] = []
    for key in (value or "").split(","):
        key = key.strip()
        if key in BUILDERS and key not in chosen:
            chosen.append(key)
    return chosen or list(SCREENS)


#: Screens laid out differently on paper and slides (drawn at the figure's own height) than on the projector.
PRINTED = {"handlingsplan": functools.partial(plan_screen, printed=True)}


def build_screen(
    key: str, data: Dataset, year: int, settings: Settings, today: dt.date, *, printed: bool = False
) -> Screen:
    """One screen by key (``SCREENS``); ``printed`` for the board report and the slides (`PRINTED`)."""
    builder = PRINTED.get(key, BUILDERS[key]) if printed else BUILDERS[key]
    return builder(data, year, settings, today)


def build_screens(
    data: Dataset,
    year: int,
    settings: Settings,
    today: dt.date,
    keys: Sequence[str] = SCREENS,
    *,
    printed: bool = False,
) -> list[Screen]:
    """The screens ``keys`` in order, for presentation mode, the board report and the slides (``printed``)."""
    return [build_screen(key, data, year, settings, today, printed=printed) for key in keys]
