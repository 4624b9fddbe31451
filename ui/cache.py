"""The cache boundary: every ``st.cache_*`` of the app lives here, over pure functions of ``analysis``.

Keys are small (a data set's ``source_key``, a year, a tuple of column names, the settings, a language),
never frames, and never anything of one user: no upload, no identity, no session's choice beyond the view's
own arguments. A cache here is shared by every session of the process, so a user's upload is parsed and kept
in their own ``st.session_state``, never here. The loaded data set is a ``cache_resource`` (one shared,
read-only object: analysis functions never mutate their inputs); derived tables are ``cache_data`` (copied
per caller, so a page may change its copy), except the every-year tables of the measures, which only this
module reads and which are shared read-only like the data set (see `_district_values_every_year`).
"""

from __future__ import annotations

import datetime
import functools
import gc
import hashlib
import importlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import streamlit as st

# Streamlit's own error for an argument its hasher cannot take (not re-exported under st.errors).
from streamlit.runtime.caching.cache_errors import UnhashableParamError

import texts
from analysis import geography
from analysis.files_in import dataset as dataset_module
from analysis.keeping import store as store_module
from analysis.settings import Settings
from analysis.stats import (
    activities,
    change,
    compare,
    dispersal,
    districts,
    follow_up,
    funnel,
    goals,
    measures,
    overview,
    plan,
    profile,
    programmes,
    rates,
    reach,
    segregation,
)
from charts import format as fmt
from charts import maps
from reports import exports, screens

#: How many entries each derived table keeps (data sets × years × choices): bounded, so a server that runs
#: for months through many imports does not grow without end; an evicted entry is computed again from its key.
DERIVED_KEPT = 1000


def _shared(**options):
    """``st.cache_resource(**options)`` whose value, once built, is kept out of the cyclic garbage
    collector's reach (``gc.freeze``), as every object alive at that moment.

    A shared resource lives as long as the process, and Python's full collection walks every object it
    holds on each pass: nationally (a million rows with object columns, 6,160 features of nested coordinate
    lists, the every-year tables) one pass took 0.13 s, paid by whichever rerun happened to trigger it,
    about every other new session; frozen, 0.01–0.02 s. Frozen objects are still freed when nothing refers
    to them (an evicted entry is). What is lost: a cycle among objects frozen with it (another session's, alive
    at that moment) is never collected once it is garbage. That is bounded by how many resources are built,
    which stops growing once the caches are warm; the young generations are collected first, so fresh garbage
    is not frozen. (The tests, which build and clear the caches thousands of times, unfreeze after each.)"""

    def wrap(build):
        @functools.wraps(build)
        def built(*args, **kwargs):
            value = build(*args, **kwargs)
            gc.collect(1)
            gc.freeze()
            return value

        return st.cache_resource(**options)(built)

    return wrap


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def datasets(root: str) -> list[dataset_module.DatasetInfo]:
    """Data sets found under ``root`` (one folder per municipality)."""
    return dataset_module.discover_datasets(Path(root))


def local_store(root: str | None = None) -> store_module.Store:
    """The local store of accepted imports: ``root``, else ``STADSDEL_STORE_DIR``, else ``lokal_data/``."""
    return store_module.Store(root)


#: The kinds of table the local store keeps versions of, each able to replace the shipped one.
IMPORTED_KINDS = dataset_module.IMPORTED_KINDS
#: How many loaded data sets (municipality × versions in use) the process keeps. An evicted one is loaded
#: again from its key, which names its versions, so a session still showing older versions gets those back.
DATASETS_KEPT = 8


def source_key(path: str, kommun_kod: str) -> str:
    """The cache key of a data set as it is now: the newest data, i.e. its folder, the store and the ids of
    the *active* imported versions (``dataset_module.active_versions``).

    The key names exactly the data ``dataset`` gives for it (the versions, not "whatever is active"), so a
    session can keep showing the key it pinned (``ui.context``) after an import or a switch of version,
    every cached table is recomputed for a new key, and an evicted entry comes back the same. It is JSON, so
    no folder name can be mistaken for a separator; it holds folder names and version ids only, nothing
    about the user."""
    store = local_store()
    versions = dataset_module.active_versions(store, kommun_kod)
    return json.dumps({"data": str(path), "lager": str(store.root), "kommun": kommun_kod, "versioner": versions})


def parse_source_key(source: str) -> tuple[str, str, dict[str, str | None]]:
    """The shipped folder, the store folder and the versions (kind → id, ``None``: shipped) a key names."""
    key = json.loads(source)
    return key["data"], key["lager"], dict(key["versioner"])


# Bound once at import, before a language is known: the one string said in both languages.
@_shared(show_spinner="Läser in data … · Loading data …")
def shipped_dataset(path: str) -> dataset_module.Dataset:
    """The validated data set in ``path`` as shipped; raises ``DataError`` with a Swedish message."""
    return dataset_module.load_dataset(Path(path))


@_shared(show_spinner=False, max_entries=DATASETS_KEPT)
def dataset(source: str) -> dataset_module.Dataset:
    """The data set behind a ``source_key``: the shipped files with exactly the imported versions the key
    names in place (``dataset_module.with_imports``), whichever versions are active now. One shared,
    read-only object per key; ``DataError`` (Swedish) when a named version is gone from the store."""
    path, root, versions = parse_source_key(source)
    return dataset_module.with_imports(shipped_dataset(path), local_store(root), versions)


@_shared(show_spinner=False)
def board_files_missing() -> str | None:
    """Why the board report and the slides cannot be made on this server (no Chromium, no DejaVu fonts), in
    Swedish, or None. A fact about the server, the same for every user."""
    from reports import board, images

    try:
        images.chromium_path()
        board.register_fonts()
    except (images.ImagesUnavailable, board.FontsUnavailable) as exc:
        return str(exc)
    return None


@_shared(show_spinner=False, max_entries=DATASETS_KEPT)
def web_geojson(path: str) -> dict:
    """The districts' GeoJSON for the browser (``geography.web_geojson``): one shared, read-only object per
    data set, not copied per caller (a national one is a few MB of nested lists, and a copy per rerun cost
    more than drawing the map); nothing in ``charts`` changes its input."""
    return geography.web_geojson(dataset(path).geometry)


@_shared(show_spinner=False, max_entries=DATASETS_KEPT)
def map_boxes(path: str) -> dict[str, tuple[float, float, float, float]]:
    """Each district's box in :func:`web_geojson` (``charts.maps.feature_boxes``), shared and read-only like
    it: every map and view of the data set needs them, and walking 6,160 features took 0.05 s a time."""
    return maps.feature_boxes(web_geojson(path))


#: Where Streamlit serves the app's static files from (``server.enableStaticServing``), and the folder in it
#: for the maps' geometry; the URL is relative, as ``charts.maps.MAP_CONFIG``'s, so it works under a path prefix.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
GEOMETRY_FOLDER = "kartor"


@_shared(show_spinner=False, max_entries=DATASETS_KEPT)
def map_geometry(path: str) -> tuple[str | None, dict[str, str] | None]:
    """The URL the browser fetches a data set's map GeoJSON from, once per page load, so a figure names it
    instead of carrying it (a new measure then sends values only): ``static/kartor/<sha256>.json``, written
    here once, named by its content so a changed geometry gets a new URL and no browser keeps a stale one.
    Its features carry the district names as the hovers show them (``charts.maps.NAME_PROPERTY``); the
    second value is those names by code, for ``charts.maps.choropleth(geometry_names=)``.

    Boundaries and district names only (the same for every user, nothing about people), so serving them
    without sign-in gives nothing away that the map itself does not. (None, None) when the folder cannot
    be written (a read-only install): the map then carries its GeoJSON inline, as before, only slower."""
    data = dataset(path)
    names = {
        code: fmt.plain(name)
        for code, name in zip(data.districts["stadsdel_kod"], data.districts["stadsdel_namn"], strict=True)
    }
    collection = web_geojson(path)
    features = [
        {**f, "properties": {**f["properties"], maps.NAME_PROPERTY: names.get(f["properties"]["stadsdel_kod"], "")}}
        for f in collection["features"]
    ]
    body = json.dumps({**collection, "features": features}, separators=(",", ":"), ensure_ascii=False).encode()
    name = f"{hashlib.sha256(body).hexdigest()[:32]}.json"
    target = STATIC_DIR / GEOMETRY_FOLDER / name
    try:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed into place, so a browser never fetches half a file.
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".", suffix=".tmp", delete=False) as part:
                part.write(body)
            os.replace(part.name, target)
    except OSError:
        return None, None
    return f"app/static/{GEOMETRY_FOLDER}/{name}", names


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def label_points(path: str) -> pd.DataFrame:
    data = dataset(path)
    points = geography.label_points(data.geometry)
    return points.merge(data.districts[["stadsdel_kod", "stadsdel_namn"]], on="stadsdel_kod", how="left")


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def outcome_rates(path: str, by: tuple[str, ...], min_n: int, programme: str | None = None) -> pd.DataFrame:
    participants = dataset(path).participants
    if programme is not None:
        participants = participants[participants["insats"] == programme]
    return rates.outcome_rates(participants, list(by), min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def programme_outcome_rates(path: str, min_n: int) -> pd.DataFrame:
    """Outcome rates per year and programme, protected against subtraction from the year's total."""
    return programmes.programme_outcome_rates(dataset(path).participants, min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def programme_rate_changes(path: str, year: int, min_n: int) -> pd.DataFrame:
    """Each programme's outcome rate in ``year`` against ``year − 1`` (``change.change_between_years`` of
    two years of :func:`programme_outcome_rates`), every programme of the data set in its order."""
    by_programme = programme_outcome_rates(path, min_n)
    codes = dataset(path).programmes["insats"].tolist()
    return change.change_between_years(
        change.rates_in_year(by_programme, "insats", year, codes),
        change.rates_in_year(by_programme, "insats", year - 1, codes),
        "rate",
        key="insats",
    )


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def ongoing_counts(path: str, by: tuple[str, ...], min_n: int) -> pd.DataFrame:
    return rates.ongoing_counts(dataset(path).participants, list(by), min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def goal_progress(path: str, min_n: int, today: datetime.date) -> pd.DataFrame:
    """Every goal's count and its reading on ``today`` (``goals.goal_status``: past years are final)."""
    data = dataset(path)
    return goals.goal_status(goals.goal_progress(data.participants, data.goals, min_n), today=today)


def _years_for(path: str, year: int) -> tuple[int, ...]:
    """The years to compute with ``year``: every year of the data set when ``year`` is one of them (the
    tables are then made in one pass and kept for every year), else ``year`` alone."""
    years = tuple(sorted(dataset(path).years))
    return years if int(year) in years else (int(year),)


def _years_or_all(path: str, year: int | None) -> tuple:
    """The years to compute a table for that may also be asked for all years (``year`` None, computed alone);
    see `_years_for`."""
    return (None,) if year is None else _years_for(path, year)


# Insatser's and Segregation's tables for every year of the data set, each made in one pass and shared
# read-only like the measures' (see `_district_values_every_year`): a change of year on the page is then a
# lookup (Insatser's four took 0.4 s a year on a national register). The public functions hand out copies.
@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _programme_funnel_by_year(path: str, min_n: int, years: tuple) -> dict:
    return programmes.programme_funnel_by_year(dataset(path).participants, list(years), min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def programme_funnel(path: str, year: int | None, min_n: int) -> pd.DataFrame:
    # All years together (None) are made in the same pass as each year.
    years = tuple(sorted(dataset(path).years)) if year is None else _years_for(path, year)
    return _programme_funnel_by_year(path, min_n, (None, *years))[None if year is None else int(year)]


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _extension_by_year(path: str, by: tuple[str, ...], min_n: int, years: tuple) -> dict[int, pd.DataFrame]:
    return programmes.extension_rates_by_year(dataset(path).participants, by, min_n, years=list(years))


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def extension_rates(path: str, by: tuple[str, ...], min_n: int, year: int | None = None) -> pd.DataFrame:
    """Extension rates of the enrolments finished in ``year`` (all years when None), published by
    ``analysis.disclosure`` (rounded counts, so a table by groups beside the total cannot be subtracted)."""
    if year is None or "ar" in by:
        return programmes.extension_rates(dataset(path).participants, by, min_n, year=year)
    years = _years_for(path, year)
    return _extension_by_year(path, tuple(by), min_n, years)[int(year)]


def _strategy_frames(data: dataset_module.Dataset) -> dict[str, pd.DataFrame]:
    """The housing placements and activities behind the map's issue-12 measures."""
    return {"placements": data.placements, "activities": data.activities}


def measure_options(path: str) -> list[measures.Measure]:
    """The district measures the data set can show: placements and activities only where it has them."""
    data = dataset(path)
    return measures.available_measures(
        data.programmes["insats"], placements=not data.placements.empty, activities=not data.activities.empty
    )


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def district_values(path: str, measure_key: str, year: int, settings: Settings) -> pd.DataFrame:
    """``analysis.stats.measures.district_values`` with district names, for one measure and year; for the
    measures computed over all years in one pass, taken from :func:`_district_values_every_year`."""
    data = dataset(path)
    values = _values_without_names(path, measure_key, year, settings)
    return values.merge(data.districts[["stadsdel_kod", "stadsdel_namn"]], on="stadsdel_kod", how="left")


def _values_without_names(path: str, measure_key: str, year: int, settings: Settings) -> pd.DataFrame:
    """:func:`district_values` before the names are merged on (a frame of the cache: not to be changed)."""
    data = dataset(path)
    measure = measures.measure_by_key(measure_key, data.programmes["insats"])
    every_year = _district_values_every_year(path, measure_key, settings) if _all_years(measure, data) else {}
    values = every_year.get(int(year))
    if values is None:
        values = measures.district_values(measure, year=year, settings=settings, **_measure_inputs(data))
    return values


def _all_years(measure: measures.Measure, data: dataset_module.Dataset) -> bool:
    return measure.kind in measures.ALL_YEARS_KINDS and bool(data.years)


def _measure_inputs(data: dataset_module.Dataset, *, districts: bool = True) -> dict:
    inputs = {"statistics": data.statistics, "participants": data.participants, **_strategy_frames(data)}
    return inputs | ({"district_codes": data.districts["stadsdel_kod"]} if districts else {})


# The every-year tables are kept as shared, read-only resources (as the data set is), not copied out: each
# use takes one year (or reads them all for a map's scale), and unpickling ten years of a national measure to
# read one was a third of Jämför's year change. Every caller merges or concatenates into frames of its own.
@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _district_values_every_year(path: str, measure_key: str, settings: Settings) -> dict[int, pd.DataFrame]:
    """``measures.district_values_by_year`` over every year of the data set: a change of year on any page
    is then a lookup for the rates and shares, not a new pass over the participants. Read-only."""
    data = dataset(path)
    measure = measures.measure_by_key(measure_key, data.programmes["insats"])
    return measures.district_values_by_year(
        measure, years=sorted(data.years), settings=settings, **_measure_inputs(data)
    )


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _municipal_values_every_year(path: str, measure_key: str, settings: Settings) -> dict[int, dict]:
    data = dataset(path)
    measure = measures.measure_by_key(measure_key, data.programmes["insats"])
    return measures.municipal_values_by_year(
        measure, years=sorted(data.years), settings=settings, **_measure_inputs(data, districts=False)
    )


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def every_measure(path: str, year: int, settings: Settings) -> pd.DataFrame:
    """Every measure of :func:`measure_options` for one year in one frame: :func:`district_values`'s rows
    with the measure's key (``matt``), and the municipality's value as a row with ``stadsdel_kod``
    ``"kommun"``. One cache entry for Jämför's table of all measures instead of two per measure."""
    data = dataset(path)
    districts, municipal_rows = [], []
    for measure in measure_options(path):
        # Straight from the every-year tables where there are any (no copy of a cached table per measure),
        # and without the names (this frame has none): merging them on and off again was half of its time.
        every_year = _municipal_values_every_year(path, measure.key, settings) if _all_years(measure, data) else {}
        municipal = every_year.get(int(year)) or municipal_value(path, measure.key, year, settings)
        districts.append(_values_without_names(path, measure.key, year, settings))
        municipal_rows.append({"stadsdel_kod": MUNICIPALITY_ROW, **municipal})
    # One concat for every measure, then each measure's municipal row after its districts: 19 small concats
    # and assigns were most of a year change on Jämför.
    keys = [m.key for m in measure_options(path)]
    sizes = [len(frame) for frame in districts]
    columns = list(dict.fromkeys(c for frame in districts for c in frame.columns))
    frame = pd.concat([*districts, pd.DataFrame(municipal_rows)], ignore_index=True)[columns]
    frame["matt"] = np.concatenate([np.repeat(keys, sizes), keys]) if keys else []
    position = np.concatenate([np.repeat(np.arange(len(keys)) * 2, sizes), np.arange(len(keys)) * 2 + 1])
    return frame.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)


#: The municipality's row in :func:`every_measure` (no district code looks like it).
MUNICIPALITY_ROW = "kommun"


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def municipal_value(path: str, measure_key: str, year: int, settings: Settings) -> dict:
    """``analysis.stats.measures.municipal_value`` for one measure and year (see :func:`district_values`)."""
    data = dataset(path)
    measure = measures.measure_by_key(measure_key, data.programmes["insats"])
    every_year = _municipal_values_every_year(path, measure_key, settings) if _all_years(measure, data) else {}
    if int(year) in every_year:
        return every_year[int(year)]
    return measures.municipal_value(measure, year=year, settings=settings, **_measure_inputs(data, districts=False))


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def key_figures(path: str, year: int, min_n: int) -> overview.KeyFigures:
    return overview.key_figures(dataset(path).participants, year, min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def segregation_indices(path: str, group: str, total: str, b: float) -> pd.DataFrame:
    """Segregation indices per year; a year with missing counts is kept with a note, not dropped."""
    return segregation.indices_by_year(dataset(path).statistics, group, total, b=b, skip_incomplete=True)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def area_type_distribution(path: str, mean: float, sd: float, min_n: int) -> pd.DataFrame:
    return districts.area_type_distribution(dataset(path).statistics, mean, sd, min_n)


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _targeting_by_year(path: str, settings: Settings, by: tuple[str, ...], years: tuple) -> dict[int, pd.DataFrame]:
    data = dataset(path)
    return reach.targeting_ratio_by_year(
        data.participants,
        data.statistics,
        years=list(years),
        by=by,
        mean=settings.index_mean,
        sd=settings.index_sd,
        min_n=settings.min_n,
    )


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def targeting_ratio(path: str, year: int, settings: Settings, by: tuple[str, ...] = ()) -> pd.DataFrame:
    years = _years_for(path, year)
    return _targeting_by_year(path, settings, tuple(by), years)[int(year)]


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _reach_by_year(path: str, settings: Settings, programme: str | None, years: tuple) -> dict[int, pd.DataFrame]:
    data = dataset(path)
    return reach.reach_by_district_and_type_by_year(
        data.participants,
        data.statistics,
        years=list(years),
        mean=settings.index_mean,
        sd=settings.index_sd,
        min_n=settings.min_n,
        programme=programme,
    )


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def reach_by_district(path: str, year: int, settings: Settings, programme: str | None = None) -> pd.DataFrame:
    years = _years_for(path, year)
    return _reach_by_year(path, settings, programme, years)[int(year)]


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _district_funnel_by_year(path: str, programme: str | None, min_n: int, years: tuple) -> dict:
    return funnel.district_funnel_by_year(
        dataset(path).participants, years=list(years), programme=programme, min_n=min_n
    )


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def district_funnel(
    path: str, year: int | None, programme: str | None, min_n: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if year is None:
        return funnel.district_funnel(dataset(path).participants, year=None, programme=programme, min_n=min_n)
    years = _years_for(path, year)
    return _district_funnel_by_year(path, programme, min_n, years)[int(year)]


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def lasting_outcomes(path: str, by: tuple[str, ...], at: str, min_n: int) -> pd.DataFrame:
    return follow_up.lasting_outcomes(dataset(path).participants, by=by, at=at, min_n=min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def time_to_outcome(path: str, by: tuple[str, ...], min_n: int) -> pd.DataFrame:
    return follow_up.time_to_outcome(dataset(path).participants, by=by, min_n=min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def indicator_series(path: str, codes: tuple[str, ...], min_n: int) -> pd.DataFrame:
    """Register shares over time for ``codes`` and the municipality (which appears once)."""
    statistics = dataset(path).statistics
    frames = [profile.indicator_series(statistics, code, min_n) for code in codes]
    frame = pd.concat(frames, ignore_index=True)
    return frame.drop_duplicates(["ar", "indikator", "omrade"], ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def area_type_history(path: str, code: str, mean: float, sd: float) -> pd.DataFrame:
    return profile.area_type_history(dataset(path).statistics, code, mean, sd)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def programme_results(path: str, code: str, min_n: int) -> pd.DataFrame:
    return profile.programme_results(dataset(path).participants, code, min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def group_outcomes(
    path: str, group: str, programme: str, year: int | None, min_n: int
) -> tuple[pd.DataFrame, float | None]:
    if year is None:
        return programmes.group_outcomes(dataset(path).participants, group, programme=programme, min_n=min_n)
    years = _years_for(path, year)
    return _group_outcomes_by_year(path, group, programme, min_n, years)[int(year)]


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _group_outcomes_by_year(path: str, group: str, programme: str, min_n: int, years: tuple) -> dict:
    data = dataset(path)
    return programmes.group_outcomes_by_year(
        data.participants, group, programme=programme, years=list(years), min_n=min_n
    )


# Issue 9: the map over time
@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def district_change(path: str, measure_key: str, year: int, base_year: int, settings: Settings) -> pd.DataFrame:
    """``analysis.stats.measures.district_change`` (``base_year`` → ``year``) with district names."""
    data = dataset(path)
    measure = measures.measure_by_key(measure_key, data.programmes["insats"])
    values = measures.district_change(
        measure,
        statistics=data.statistics,
        participants=data.participants,
        district_codes=data.districts["stadsdel_kod"],
        year=year,
        base_year=base_year,
        settings=settings,
        **_strategy_frames(data),
    )
    return values.merge(data.districts[["stadsdel_kod", "stadsdel_namn"]], on="stadsdel_kod", how="left")


def _compared_values(path: str, measure_key: str, year: int, settings: Settings, chosen: tuple[str, ...]):
    """The chosen districts' values (in ``chosen``'s order) and the municipality's, as Jämför shows them."""
    values = district_values(path, measure_key, year, settings).set_index("stadsdel_kod").loc[list(chosen)]
    return values.reset_index(), municipal_value(path, measure_key, year, settings)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def difference_from_municipality(
    path: str, measure_key: str, year: int, settings: Settings, chosen: tuple[str, ...]
) -> pd.DataFrame:
    """``analysis.stats.compare.difference_from_municipality`` of the ``chosen`` districts (Jämför)."""
    values, municipal = _compared_values(path, measure_key, year, settings, chosen)
    return compare.difference_from_municipality(values, municipal, min_n=settings.min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def pairwise_differences(
    path: str, measure_key: str, year: int, settings: Settings, chosen: tuple[str, ...]
) -> pd.DataFrame:
    """``analysis.stats.compare.pairwise_differences`` between the ``chosen`` districts (Jämför)."""
    values, _ = _compared_values(path, measure_key, year, settings, chosen)
    return compare.pairwise_differences(values, list(chosen), min_n=settings.min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def compared_change(
    path: str, measure_key: str, kind: str, year: int, base_year: int, settings: Settings, chosen: tuple[str, ...]
) -> pd.DataFrame:
    """``analysis.stats.change.change_between_years`` (``base_year`` → ``year``) of the ``chosen`` districts
    and the municipality (Jämför's table of changes)."""
    now, base = (_compared_values(path, measure_key, y, settings, chosen) for y in (year, base_year))
    return change.change_between_years(change.with_municipality(*now), change.with_municipality(*base), kind)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def scale_values(path: str, measure_key: str, view: str, base_year: int | None, settings: Settings) -> list[float]:
    """Every value a map of the measure shows in any year of the data set (``measures.scale_values``)."""
    data = dataset(path)
    measure = measures.measure_by_key(measure_key, data.programmes["insats"])
    # The every-year frames the map's own year already came from: the scale costs no pass of its own.
    shared = {}
    if view != measures.VIEW_CHANGE and _all_years(measure, data):
        shared["district_frames"] = _district_values_every_year(path, measure_key, settings)
        if view == measures.VIEW_DIFFERENCE:
            shared["municipal_rows"] = _municipal_values_every_year(path, measure_key, settings)
    values = measures.scale_values(
        measure,
        statistics=data.statistics,
        participants=data.participants,
        district_codes=data.districts["stadsdel_kod"],
        years=data.years,
        settings=settings,
        view=view,
        base_year=base_year,
        **_strategy_frames(data),
        **shared,
    )
    return values.tolist()


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def name_priority(path: str, mean: float, sd: float) -> dict[str, float]:
    """Which district names a map shows first (``measures.name_priority``: type 1 first, then residents)."""
    return measures.name_priority(dataset(path).statistics, mean, sd)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def populous_core(path: str, share: float = 0.8) -> list[str]:
    """The densest districts holding ``share`` of the residents in the latest year (the map's first view)."""
    data = dataset(path)
    areas = dict(zip(data.geometry["stadsdel_kod"], data.geometry.geometry.area, strict=True))
    return measures.populous_core(data.statistics, areas, share=share)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def area_type_changes(path: str, year: int, base_year: int, settings: Settings) -> pd.DataFrame:
    """Districts whose area type differs between ``base_year`` and ``year``, with their names."""
    now = district_values(path, "omradestyp", year, settings)
    base = district_values(path, "omradestyp", base_year, settings)
    changed = change.area_type_changes(now, base)
    names = dataset(path).districts[["stadsdel_kod", "stadsdel_namn"]]
    return changed.merge(names, on="stadsdel_kod", how="left")


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def municipal_change(path: str, measure_key: str, year: int, base_year: int, settings: Settings) -> dict:
    """``analysis.stats.measures.municipal_change``: the municipality's change ``base_year`` → ``year``."""
    data = dataset(path)
    measure = measures.measure_by_key(measure_key, data.programmes["insats"])
    return measures.municipal_change(
        measure,
        statistics=data.statistics,
        participants=data.participants,
        year=year,
        base_year=base_year,
        settings=settings,
        **_strategy_frames(data),
    )


# Issue 11: presentation mode
@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def screen(path: str, key: str, year: int, settings: Settings, today: datetime.date, language: str):
    """One of the board's screens (``reports.screens.build_screen``) in ``language``: the finding in words,
    its figure and footer, the same sentences as the board report and the slides."""
    with texts.language(language):
        return screens.build_screen(key, dataset(path), year, settings, today)


# Issue 11: exports
@st.cache_data(show_spinner=False, max_entries=64)
def chart_image(figure_json: str, fmt: str, meta: exports.ExportMeta) -> bytes:
    """A chart as PNG or SVG with its caption (``reports.exports``), drawn by kaleido on the first click and
    kept: the key is the figure itself (its JSON) with what the caption says."""
    figure = plotly.io.from_json(figure_json, skip_invalid=True)
    return exports.figure_png(figure, meta) if fmt == "png" else exports.figure_svg(figure, meta)


# Issue 11: the board report and the slides, made on a download button's click and kept for the view
@st.cache_data(show_spinner=False, max_entries=8)
def board_report(path: str, year: int, language: str, settings: Settings, today: datetime.date) -> bytes:
    """The board report (``reports.board``) as PDF for the data set behind ``path`` in ``language``."""
    from reports import board

    with texts.language(language):
        return board.build_board_report(dataset(path), year, settings, today)


@st.cache_data(show_spinner=False, max_entries=8)
def board_slides(path: str, year: int, language: str, settings: Settings, today: datetime.date) -> bytes:
    """The slides (``reports.slides``, the presentation's default screens) as .pptx in ``language``."""
    from reports import slides

    with texts.language(language):
        return slides.build_slides(dataset(path), year, settings, today)


# Issue 12: the action plan, housing for newly arrived, activities
def _measure_row(data: dataset_module.Dataset, measure_id: str):
    rows = data.plan[data.plan["atgard_id"] == measure_id]
    return rows.iloc[0] if len(rows) else None


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def plan_before_after(path: str, measure_id: str, indicator: str, min_n: int) -> pd.DataFrame:
    """``analysis.stats.plan.before_after``: the measure's target districts against the rest, before and after."""
    data = dataset(path)
    return plan.before_after(data.statistics, data.participants, _measure_row(data, measure_id), indicator, min_n=min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def plan_did(path: str, measure_id: str, indicator: str, settings: Settings) -> plan.DidResult:
    """``analysis.stats.plan.difference_in_differences`` against untargeted districts of the same area type."""
    data = dataset(path)
    return plan.difference_in_differences(
        data.statistics,
        data.participants,
        _measure_row(data, measure_id),
        indicator,
        min_n=settings.min_n,
        mean=settings.index_mean,
        sd=settings.index_sd,
    )


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def plan_series(path: str, measure_id: str, indicator: str, comparison: tuple[str, ...], min_n: int) -> pd.DataFrame:
    """``analysis.stats.plan.series``: target districts, the rest and the comparison districts, per year."""
    data = dataset(path)
    row = _measure_row(data, measure_id)
    return plan.series(data.statistics, data.participants, row, indicator, min_n=min_n, comparison=comparison or None)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def plan_progress(path: str, measure_id: str, min_n: int) -> pd.DataFrame:
    """``analysis.stats.plan.progress`` of every linked indicator of one measure."""
    data = dataset(path)
    links = data.plan_indicators[data.plan_indicators["atgard_id"] == measure_id]
    return plan.progress(data.statistics, data.participants, _measure_row(data, measure_id), links, min_n=min_n)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def placements_by_area_type(
    path: str, year: int | None, settings: Settings, housing: str | None = None
) -> pd.DataFrame:
    """``analysis.stats.dispersal.placements_by_area_type``: placed persons' share per area type vs the
    population's (one housing type when ``housing`` is given); made for every year at once (a change of
    year on Segregation is then a lookup)."""
    return _placements_by_area_type_by_year(path, settings, housing, _years_or_all(path, year))[year]


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _placements_by_area_type_by_year(path: str, settings: Settings, housing: str | None, years: tuple) -> dict:
    data = dataset(path)
    return {
        year: dispersal.placements_by_area_type(
            data.placements, data.statistics, None, year, min_n=settings.min_n, mean=settings.index_mean,
            sd=settings.index_sd, boendetyp=housing,
        )
        for year in years
    }  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def placed_totals(path: str, year: int, min_n: int, housing: str | None = None) -> dict[str, int | None]:
    """``analysis.stats.dispersal.placed_totals``: the persons and households placed in ``year``."""
    return dispersal.placed_totals(dataset(path).placements, year, min_n=min_n, boendetyp=housing)


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def dispersal_by_year(path: str, min_n: int, housing: str | None = None) -> pd.DataFrame:
    """``analysis.stats.dispersal.dispersal_by_year``: D of placements against the population, and by chance."""
    data = dataset(path)
    return dispersal.dispersal_by_year(data.placements, data.statistics, min_n=min_n, boendetyp=housing)


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _activities_by_district_by_year(path: str, min_n: int, years: tuple) -> dict:
    data = dataset(path)
    names = data.districts[["stadsdel_kod", "stadsdel_namn"]]
    return {
        year: activities.activities_by_district(data.activities, data.statistics, year, min_n=min_n).merge(
            names, on="stadsdel_kod", how="left"
        )
        for year in years
    }


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def activities_by_district(path: str, year: int | None, min_n: int) -> pd.DataFrame:
    """``analysis.stats.activities.activities_by_district`` with district names; made for every year at
    once (a change of year on Handlingsplan is then a lookup)."""
    return _activities_by_district_by_year(path, min_n, _years_or_all(path, year))[year]


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def activities_by_kind(path: str, min_n: int) -> pd.DataFrame:
    """``analysis.stats.activities.activities_by_kind`` for every year of the log, with the year (``ar``)."""
    log = dataset(path).activities
    years = sorted({int(y) for y in log["ar"].dropna()})
    parts = [activities.activities_by_kind(log, year, min_n=min_n).assign(ar=year) for year in years]
    return pd.concat(parts, ignore_index=True) if parts else activities.activities_by_kind(log, None, min_n=min_n)


@_shared(show_spinner=False, max_entries=DERIVED_KEPT)
def _activities_by_measure_by_year(path: str, min_n: int, years: tuple) -> dict:
    data = dataset(path)
    return {
        year: activities.activities_by_measure(data.activities, data.plan, min_n=min_n, year=year) for year in years
    }


@st.cache_data(show_spinner=False, max_entries=DERIVED_KEPT)
def activities_by_measure(path: str, year: int | None, min_n: int) -> pd.DataFrame:
    """``analysis.stats.activities.activities_by_measure``, made for every year at once (see above)."""
    return _activities_by_measure_by_year(path, min_n, _years_or_all(path, year))[year]


#: Charts kept built: each is a few tens of kB.
FIGURES_KEPT = 2000


#: District maps kept built (nationally about 0.3 MB each).
MAPS_KEPT = 100


@st.cache_data(show_spinner=False, max_entries=MAPS_KEPT)
def map_figure(view: tuple, language: str, _build: Callable[[], go.Figure]) -> tuple[str, dict]:
    """The offline map ``_build()`` draws, as its JSON (``charts.maps.figure_json``) and its ``layout.meta``,
    built once per ``view`` and language: every new session opens Karta on the same view, and building a
    national map (6,160 districts' colours, hover texts and names) took 0.25–0.3 s of that first run, in
    which the browser waits for it.

    ``view`` names everything the map shows, in small values: the data set's ``source_key`` (which fixes its
    geometry, names and tables), the measure, year, what the map shows and its base year, the classes,
    zoom, names, whether it is one of a pair, its label and source line, and the settings. ``_build`` is
    not part of the key (Streamlit does not hash an argument whose name starts with ``_``), so a caller
    must put every input of the map in ``view``; Karta builds it from the same values it passes the map."""
    fig = _build()
    return maps.figure_json(fig), dict(fig.layout.meta or {})


#: Types whose values pickle to the same bytes whenever they are equal (see `_lookup_key`).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _lookup_key(mapping: dict):
    """A figure's cache key for a dict argument (a lookup of names or labels).

    Streamlit hashes a dict item by item through its recursive hasher, about 25 µs an entry: 0.35–0.55 s of
    every national rerun went into hashing the 6,160 district names handed to a figure. Hand-written because
    ``st.cache_data`` has no cheaper rule for dicts: one of plain keys and values is pickled whole (equal
    content in the same order gives equal bytes; another order is only a miss). Any other dict goes item by
    item as before, its nested dicts through this again."""
    if all(type(k) in _PLAIN and type(v) in _PLAIN for k, v in mapping.items()):
        return pickle.dumps(mapping, protocol=pickle.HIGHEST_PROTOCOL)
    return tuple(mapping.items())


@st.cache_data(show_spinner=False, max_entries=FIGURES_KEPT, hash_funcs={dict: _lookup_key})
def _figure(builder: str, language: str, args: tuple, kwargs: dict):
    module, name = builder.rsplit(".", 1)
    with texts.language(language):
        # Kept as plotly's plain dict: unpickling a Figure re-validates every property (about 30 ms for a
        # chart of 20 traces), a dict unpickles in a tenth of that and was validated when it was built.
        return getattr(importlib.import_module(module), name)(*args, **kwargs).to_plotly_json()


def figure(build, *args, **kwargs):
    """``build(*args, **kwargs)`` (a ``charts`` figure builder), built once per distinct input and language
    and handed out as a copy (so a page may change its own).

    Building a figure through plotly's object API is most of a page's rerun (0.25 s for Jämför's small
    multiples, against 0.03 s to copy a built one), and the same view is drawn for every user who opens
    it. The inputs are the tables the page already took from this cache, hashed by content by
    ``st.cache_data``; an input Streamlit cannot hash builds the figure directly."""
    try:
        built = _figure(f"{build.__module__}.{build.__qualname__}", texts.current(), args, kwargs)
    except UnhashableParamError:
        return build(*args, **kwargs)
    # The cache hands out its own unpickled copy, already validated when it was built.
    return _Built(built, _validate=False)


class _Built(go.Figure):
    """A figure from :func:`figure`: the page's own copy, so ``to_dict`` (which ``st.plotly_chart`` and the
    image export call to serialise it) hands out its properties as they are, without plotly's deep copy of
    every trace and the layout (a fifth of a small figure's cost; the data were converted for JSON when
    the figure was cached). The dict is only read; a page changing the figure afterwards changes it too."""

    def to_dict(self):
        return {"data": self._data, "layout": self._layout}
