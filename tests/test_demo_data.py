"""The committed demo data sets (data/demo/) are reproducible, consistent and calibrated.

Expected codes, names and SCB types are written out here (from the product description) rather than taken
from the generator, so a slip in the generator's tables cannot pass unnoticed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer
from scipy.stats import spearmanr
from shapely.geometry import Point, Polygon

from analysis.files_in import identity
from analysis.files_in.dataset import load_dataset
from analysis.vocab import (
    ACTIVITY_COLUMNS,
    ACTIVITY_KINDS,
    ALL_DISTRICTS,
    EVIDENCE_KINDS,
    EXTENSION_VALUES,
    FOLLOW_UP_OUTCOMES,
    GENDERS,
    GOAL_MEASURES,
    HOUSING_TYPES,
    INDICATOR_DENOMINATORS,
    OUTCOMES,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_COUNTING,
    PLACEMENT_COLUMNS,
    PLAN_COLUMNS,
    PLAN_INDICATOR_COLUMNS,
    PLAN_STATUSES,
    POSITIVE_OUTCOMES,
    STATISTICS_COLUMNS,
)

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "demo"
FILES = (
    "meta.json",
    "stadsdelar.csv",
    "statistik.csv",
    "stadsdelar.geojson",
    "insatser.csv",
    "mal.csv",
    "deltagare.csv",
    "handlingsplan.csv",
    "handlingsplan_indikatorer.csv",
    "placeringar.csv",
    "aktiviteter.csv",
)
YEARS = list(range(2016, 2026))
LAST_DAY = date(2025, 12, 31)
MALGRUPPER = {"nyanlanda", "unga_vuxna", "langtidsarbetslosa", "ovriga_hyresgaster"}
JOB_ROLES = {"drifttekniker", "tradgardsmedarbetare", "ledningstrainee", "reparator", "fastighetsvard"}

HELSINGBORG = {
    "1283R001": ("Adolfsberg-Västergård", 2),
    "1283R002": ("Allerum-Domsten", 5),
    "1283R003": ("Berga-Kullavägen södra", 3),
    "1283R004": ("Dalhem-Väla södra", 2),
    "1283R005": ("Drottninghög", 1),
    "1283R006": ("Eneborg-Högaborg", 2),
    "1283R007": ("Eskilsminne-Gustavslund norra", 4),
    "1283R008": ("Fredriksdal-Filborna", 2),
    "1283R009": ("Helsingborg centrum-Slottshöjden västra", 4),
    "1283R010": ("Husensjö-Sofieberg", 4),
    "1283R011": ("Högasten-Miatorp östra", 2),
    "1283R012": ("Kattarp-Hasslarp-Utvälinge", 3),
    "1283R013": ("Laröd-Hittarp", 4),
    "1283R014": ("Mariastaden-Käftaåra", 4),
    "1283R015": ("Mörarp-Mörarp omland", 4),
    "1283R016": ("Norr-Pålsjö", 4),
    "1283R017": ("Närlunda-Elineberg", 2),
    "1283R018": ("Olympia-Slottshöjden östra", 3),
    "1283R019": ("Planteringen-Miatorp västra", 1),
    "1283R020": ("Påarp-Bårslöv", 4),
    "1283R021": ("Ramlösa-Gustavslund södra", 5),
    "1283R022": ("Ringstorp-Stattena", 3),
    "1283R023": ("Rosengården östra", 3),
    "1283R024": ("Rydebäck-Rya", 5),
    "1283R025": ("Råå-Pålstorp-Örby", 4),
    "1283R026": ("Söder-Oceanhamnen-Oljehamnen", 1),
    "1283R027": ("Tågaborg", 4),
    "1283R028": ("Vallåkra-Gantofta", 4),
    "1283R029": ("Wilson park-Fältabacken", 4),
    "1283R030": ("Ättekulla-Raus", 4),
    "1283R031": ("Ödåkra-Väla", 4),
}
TIERP = {
    "0360R001": ("Karlholm", 3),
    "0360R002": ("Mehedeby-Tobo", 3),
    "0360R003": ("Månkarbo-Vendel", 4),
    "0360R004": ("Skärplinge-Hållnäs", 4),
    "0360R005": ("Söderfors", 2),
    "0360R006": ("Tierp Centrum-Tierp Norra", 3),
    "0360R007": ("Tierp Södra", 2),
    "0360R008": ("Västland", 4),
    "0360R009": ("Örbyhus", 3),
}
KOMMUNER = {
    "helsingborg": {"kod": "1283", "namn": "Helsingborg", "districts": HELSINGBORG, "prefix": "HBG"},
    "tierp": {"kod": "0360", "namn": "Tierp", "districts": TIERP, "prefix": "TRP"},
}
SLUGS = sorted(KOMMUNER)

#: A real point inside every district (lat, lon) and its real area in km², as PRODUCT.md lists them ("District
#: centres and sizes", measured on SCB's boundaries; coastal districts include some sea).
REAL_POINTS = {
    "1283R001": (56.047, 12.754, 2.2),
    "1283R002": (56.116, 12.643, 63.9),
    "1283R003": (56.075, 12.720, 2.9),
    "1283R004": (56.071, 12.752, 8.2),
    "1283R005": (56.064, 12.722, 0.5),
    "1283R006": (56.041, 12.713, 0.3),
    "1283R007": (56.036, 12.748, 3.2),
    "1283R008": (56.056, 12.734, 2.0),
    "1283R009": (56.045, 12.674, 3.1),
    "1283R010": (56.045, 12.731, 1.2),
    "1283R011": (56.009, 12.695, 10.0),
    "1283R012": (56.187, 12.781, 63.0),
    "1283R013": (56.095, 12.666, 6.4),
    "1283R014": (56.085, 12.687, 5.2),
    "1283R015": (56.067, 12.840, 74.9),
    "1283R016": (56.069, 12.658, 12.8),
    "1283R017": (56.036, 12.723, 1.0),
    "1283R018": (56.055, 12.708, 1.4),
    "1283R019": (56.025, 12.690, 4.6),
    "1283R020": (56.019, 12.801, 18.3),
    "1283R021": (56.024, 12.768, 3.8),
    "1283R022": (56.066, 12.697, 1.6),
    "1283R023": (56.051, 12.727, 0.6),
    "1283R024": (55.969, 12.722, 21.1),
    "1283R025": (55.994, 12.721, 20.1),
    "1283R026": (56.036, 12.685, 5.1),
    "1283R027": (56.059, 12.694, 1.0),
    "1283R028": (55.965, 12.935, 65.1),
    "1283R029": (56.047, 12.718, 0.8),
    "1283R030": (56.010, 12.761, 4.7),
    "1283R031": (56.100, 12.751, 14.6),
    "0360R001": (60.518, 17.630, 12.8),
    "0360R002": (60.329, 17.348, 483.6),
    "0360R003": (60.184, 17.571, 261.4),
    "0360R004": (60.477, 17.936, 697.9),
    "0360R005": (60.385, 17.244, 9.5),
    "0360R006": (60.352, 17.519, 8.4),
    "0360R007": (60.338, 17.510, 5.1),
    "0360R008": (60.469, 17.573, 305.8),
    "0360R009": (60.226, 17.715, 11.1),
}
#: Helsingborg's small, dense central districts, and the districts along the Öresund coast.
DENSE_CENTRAL = ("1283R005", "1283R006", "1283R023", "1283R029")
COASTAL = ("1283R002", "1283R013", "1283R016", "1283R009", "1283R026", "1283R019", "1283R011", "1283R025", "1283R024")
#: SCB's real boundaries, on machines that have the shared data (never shipped; only compared against).
SCB_SHARED = REPO.parent / "shared" / "data" / "scb"
TO_SWEREF = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)

# Index → type with the default national mean 12 and SD 7 (analysis.settings).
INDEX_MEAN, INDEX_SD = 12.0, 7.0


def read_csv(slug: str, name: str) -> pd.DataFrame:
    return pd.read_csv(DEMO / slug / name, dtype=str, keep_default_na=False)


def statistics(slug: str) -> pd.DataFrame:
    frame = read_csv(slug, "statistik.csv")
    for column in STATISTICS_COLUMNS[1:-2]:
        frame[column] = frame[column].astype(int)
    frame["medianinkomst_tkr"] = frame["medianinkomst_tkr"].astype(float)
    return frame


def index_type(index: pd.Series) -> pd.Series:
    z = (index - INDEX_MEAN) / INDEX_SD
    return pd.Series(np.select([z >= 2, z >= 1, z >= 0, z >= -1], [1, 2, 3, 4], 5), index=index.index)


def socioeconomic_index(stats: pd.DataFrame) -> pd.Series:
    v1 = stats["lag_ekonomisk_standard"] / stats["folkmangd"]
    v2 = stats["forgymnasial_20_64"] / stats["folkmangd_20_64"]
    v3 = stats["langvarigt_bistand_arbetsloshet_20_64"] / stats["folkmangd_20_64"]
    return (v1 + v2 + v3) * 100 / 3


def totals(stats: pd.DataFrame) -> pd.DataFrame:
    return stats.groupby("ar")[list(STATISTICS_COLUMNS[2:-2])].sum()


# ---------------------------------------------------------------------------------------------------------
# Reproducibility and files
# ---------------------------------------------------------------------------------------------------------
def test_generator_reproduces_committed_files(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "data" / "generate_demo.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    for slug in SLUGS:
        assert sorted(p.name for p in (tmp_path / slug).iterdir()) == sorted(FILES)
        assert sorted(p.name for p in (DEMO / slug).iterdir()) == sorted(FILES)
        for name in FILES:
            fresh, committed = (tmp_path / slug / name).read_bytes(), (DEMO / slug / name).read_bytes()
            assert fresh == committed, f"{slug}/{name} differs from a fresh run of data/generate_demo.py"


@pytest.mark.parametrize("slug", SLUGS)
def test_files_are_utf8_with_unix_newlines(slug):
    for name in FILES:
        text = (DEMO / slug / name).read_bytes().decode("utf-8")
        assert "\r" not in text
        assert text.endswith("\n")


@pytest.mark.parametrize("slug", SLUGS)
def test_meta_says_fictitious(slug):
    meta = json.loads((DEMO / slug / "meta.json").read_text("utf-8"))
    assert list(meta) == ["kommun_kod", "kommun_namn", "fiktiv", "beskrivning", "kallor", "geometri_schematisk"]
    assert meta["kommun_kod"] == KOMMUNER[slug]["kod"]
    assert isinstance(meta["kommun_kod"], str)
    assert meta["kommun_namn"] == KOMMUNER[slug]["namn"]
    assert meta["fiktiv"] is True
    assert meta["geometri_schematisk"] is True
    assert "Fiktiva" in meta["beskrivning"]
    assert "kalibrerade" in meta["beskrivning"]
    assert isinstance(meta["kallor"], list)
    assert meta["kallor"]
    assert all(isinstance(k, str) and k for k in meta["kallor"])


# ---------------------------------------------------------------------------------------------------------
# Districts and statistics
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", SLUGS)
def test_districts_have_real_codes_and_names(slug):
    districts = read_csv(slug, "stadsdelar.csv")
    expected = KOMMUNER[slug]["districts"]
    assert list(districts.columns) == ["stadsdel_kod", "stadsdel_namn"]
    assert len(districts) == len(expected) == {"helsingborg": 31, "tierp": 9}[slug]
    assert dict(zip(districts["stadsdel_kod"], districts["stadsdel_namn"], strict=True)) == {
        code: name for code, (name, _) in expected.items()
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_statistics_cover_every_district_and_year(slug):
    stats = read_csv(slug, "statistik.csv")
    assert tuple(stats.columns) == STATISTICS_COLUMNS
    assert set(stats["stadsdel_kod"]) == set(KOMMUNER[slug]["districts"])
    assert not stats.duplicated(["stadsdel_kod", "ar"]).any()
    assert len(stats) == len(KOMMUNER[slug]["districts"]) * len(YEARS)
    assert sorted(stats["ar"].astype(int).unique()) == YEARS
    for column in STATISTICS_COLUMNS[2:-2]:
        assert stats[column].str.fullmatch(r"\d+").all(), column  # non-negative integers
    assert stats["medianinkomst_tkr"].str.fullmatch(r"\d+\.\d").all()


@pytest.mark.parametrize("slug", SLUGS)
def test_counts_never_exceed_their_denominators(slug):
    stats = statistics(slug)
    assert (stats["folkmangd"] > 0).all()
    assert (stats["folkmangd_20_64"] <= stats["folkmangd"]).all()
    for numerator, denominator in INDICATOR_DENOMINATORS.items():
        assert (stats[numerator] <= stats[denominator]).all(), numerator
    assert (
        (stats["forvarvsarbetande_20_64"] + stats["langvarigt_bistand_arbetsloshet_20_64"])
        .le(stats["folkmangd_20_64"])
        .all()
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_area_type_only_for_2022_and_equal_to_scb(slug):
    stats = read_csv(slug, "statistik.csv")
    is_2022 = stats["ar"] == "2022"
    assert (stats.loc[~is_2022, "omradestyp_scb"] == "").all()
    published = dict(zip(stats.loc[is_2022, "stadsdel_kod"], stats.loc[is_2022, "omradestyp_scb"], strict=True))
    assert published == {code: str(t) for code, (_, t) in KOMMUNER[slug]["districts"].items()}


@pytest.mark.parametrize("slug", SLUGS)
def test_2022_index_reproduces_every_scb_type(slug):
    stats = statistics(slug)
    stats_2022 = stats[stats["ar"] == 2022].set_index("stadsdel_kod")
    computed = index_type(socioeconomic_index(stats_2022))
    expected = pd.Series({code: t for code, (_, t) in KOMMUNER[slug]["districts"].items()})
    mismatches = computed.sort_index().compare(expected.sort_index())
    assert mismatches.empty, mismatches


@pytest.mark.parametrize("slug", SLUGS)
def test_trends_are_smooth(slug):
    stats = statistics(slug).sort_values(["stadsdel_kod", "ar"])
    stats["index"] = socioeconomic_index(stats)
    by_district = stats.groupby("stadsdel_kod")
    # Population changes by less than 5 % a year and the index by less than 3 points a year in every district.
    assert by_district["folkmangd"].pct_change().abs().max() < 0.05
    assert by_district["index"].diff().abs().max() < 3.0
    assert by_district["lagenheter"].diff().min() >= 0


def test_helsingborg_calibration():
    total = totals(statistics("helsingborg"))
    # Population 151,000 in 2023 (± 1 %), growing 0.7–1.3 % a year on average.
    assert total.loc[2023, "folkmangd"] == pytest.approx(151_000, rel=0.01)
    growth = (total.loc[2025, "folkmangd"] / total.loc[2016, "folkmangd"]) ** (1 / 9) - 1
    assert 0.007 <= growth <= 0.013
    # Employment rate 20–64 about 75 % in 2021 (± 1 point).
    employment = total["forvarvsarbetande_20_64"] / total["folkmangd_20_64"] * 100
    assert employment.loc[2021] == pytest.approx(75, abs=1)
    # Foreign-born about 24 % in 2016 (± 1 point), rising slowly (0–5 points by 2025).
    foreign = total["utrikes_fodda"] / total["folkmangd"] * 100
    assert foreign.loc[2016] == pytest.approx(24, abs=1)
    assert 0 < foreign.loc[2025] - foreign.loc[2016] < 5
    # Drottninghög about 2,700 inhabitants (± 5 %).
    stats = statistics("helsingborg")
    drottninghog = stats[(stats["stadsdel_kod"] == "1283R005") & (stats["ar"] == 2023)]["folkmangd"].item()
    assert drottninghog == pytest.approx(2_700, rel=0.05)


def test_tierp_calibration():
    total = totals(statistics("tierp"))
    # Population 21,100 in 2024 (± 1 %); employment rate 20–64 about 81 % in 2023 (± 1 point).
    assert total.loc[2024, "folkmangd"] == pytest.approx(21_100, rel=0.01)
    employment = total["forvarvsarbetande_20_64"] / total["folkmangd_20_64"] * 100
    assert employment.loc[2023] == pytest.approx(81, abs=1)


@pytest.mark.parametrize("slug", SLUGS)
def test_challenged_districts_look_like_it(slug):
    stats = statistics(slug)
    stats = stats[stats["ar"] == 2022].copy()
    stats["typ"] = stats["stadsdel_kod"].map({c: t for c, (_, t) in KOMMUNER[slug]["districts"].items()})
    challenged = stats[stats["typ"] <= 2].sum(numeric_only=True)
    others = stats[stats["typ"] >= 3].sum(numeric_only=True)

    def share(group, numerator, denominator):
        return group[numerator] / group[denominator]

    assert share(challenged, "utrikes_fodda", "folkmangd") > share(others, "utrikes_fodda", "folkmangd")
    assert share(challenged, "forvarvsarbetande_20_64", "folkmangd_20_64") < share(
        others, "forvarvsarbetande_20_64", "folkmangd_20_64"
    )
    assert share(challenged, "lag_ekonomisk_standard", "folkmangd") > share(
        others, "lag_ekonomisk_standard", "folkmangd"
    )
    assert share(challenged, "lagenheter", "folkmangd") > 2 * share(others, "lagenheter", "folkmangd")
    income = stats.groupby(stats["typ"] <= 2)["medianinkomst_tkr"].mean()
    assert income[True] < income[False]


# ---------------------------------------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", SLUGS)
def test_geometry_is_one_valid_polygon_per_district_in_sweref(slug):
    geometry = gpd.read_file(DEMO / slug / "stadsdelar.geojson")
    assert geometry.crs is not None
    assert geometry.crs.to_epsg() == 3006
    codes = list(geometry["stadsdel_kod"])
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))
    assert set(codes) == set(read_csv(slug, "stadsdelar.csv")["stadsdel_kod"])
    assert set(codes) == set(read_csv(slug, "statistik.csv")["stadsdel_kod"])
    assert dict(zip(geometry["stadsdel_kod"], geometry["stadsdel_namn"], strict=True)) == {
        c: n for c, (n, _) in KOMMUNER[slug]["districts"].items()
    }
    assert (geometry.geom_type == "Polygon").all()
    assert geometry.is_valid.all()
    assert (~geometry.is_empty).all()
    assert (geometry.area > 100_000).all()  # every district at least 0.1 km²
    # The districts tile the municipality: no overlaps, and they lie in Sweden's SWEREF 99 TM range.
    union = geometry.union_all()
    assert geometry.area.sum() == pytest.approx(union.area, abs=1.0)
    assert union.geom_type == "Polygon"  # one municipality without holes
    assert not list(union.interiors)
    minx, miny, maxx, maxy = geometry.total_bounds
    assert 250_000 < minx < maxx < 950_000
    assert 6_100_000 < miny < maxy < 7_700_000


def real_point(code: str) -> Point:
    lat, lon, _ = REAL_POINTS[code]
    return Point(TO_SWEREF.transform(lon, lat))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_cell_holds_its_districts_real_point(slug):
    geometry = gpd.read_file(DEMO / slug / "stadsdelar.geojson").set_index("stadsdel_kod")
    assert set(geometry.index) == {c for c in REAL_POINTS if c.startswith(KOMMUNER[slug]["kod"])}
    for code, cell in geometry.geometry.items():
        assert cell.contains(real_point(code)), code


@pytest.mark.parametrize("slug", SLUGS)
def test_cell_areas_follow_the_real_areas(slug):
    area = gpd.read_file(DEMO / slug / "stadsdelar.geojson").set_index("stadsdel_kod").area / 1e6
    real = pd.Series({code: REAL_POINTS[code][2] for code in area.index})
    assert spearmanr(area, real).statistic >= 0.8
    if slug == "helsingborg":
        assert (area[list(DENSE_CENTRAL)] < 2.0).all(), area[list(DENSE_CENTRAL)]
        # The large rural districts stay large: each bigger than every dense central one by far.
        assert (area[["1283R002", "1283R012", "1283R015", "1283R028"]] > 20).all()


def _generator():
    """data/generate_demo.py as a module (it is a script, not part of a package)."""
    name = "_generate_demo_under_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "data" / "generate_demo.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the file runs
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.mark.parametrize("slug", SLUGS)
def test_cells_tile_the_municipal_outline(slug):
    generator = _generator()
    kommun = next(k for k in generator.MUNICIPALITIES if k.slug == slug)
    outline = Polygon([generator.to_sweref(lat, lon) for lat, lon in kommun.outline])
    land = gpd.read_file(DEMO / slug / "stadsdelar.geojson").union_all()
    # Equal up to the 1 m grid the vertices are rounded to: less than a 1 m strip along the outline.
    assert land.symmetric_difference(outline).area < outline.length * 1.0


def test_helsingborg_land_stops_at_the_coast():
    land = gpd.read_file(DEMO / "helsingborg" / "stadsdelar.geojson").union_all()
    for code in COASTAL:
        point = real_point(code)
        assert land.contains(point), code
        assert not land.contains(Point(point.x - 2_000, point.y)), f"land reaches 2 km into the sound off {code}"


def real_districts(slug: str) -> gpd.GeoSeries:
    """SCB's RegSO of the municipality (dissolved from DeSO), from the shared data."""
    if slug == "helsingborg":
        deso = gpd.read_file(SCB_SHARED / "geometri" / "helsingborg_deso2025.geojson").rename(
            columns={"regso_kod": "kod"}
        )
    else:
        key = pd.read_csv(SCB_SHARED / "koppling-deso2018-regso2020.csv", dtype=str, encoding="utf-8-sig")
        deso = gpd.read_file(SCB_SHARED / "geometri" / "tierp_deso2018.gpkg")
        deso["kod"] = deso["Deso"].map(dict(zip(key["DeSO_2018"], key["RegSOkod_2020"], strict=True)))
    return deso.to_crs(3006).dissolve("kod").geometry


@pytest.mark.skipif(not SCB_SHARED.is_dir(), reason="SCB's boundaries are not on this machine")
@pytest.mark.parametrize("slug", SLUGS)
def test_cells_overlap_their_real_districts_but_are_not_them(slug):
    cells = gpd.read_file(DEMO / slug / "stadsdelar.geojson").set_index("stadsdel_kod").geometry
    real = real_districts(slug)
    assert set(real.index) == set(cells.index)
    inside = pd.Series({code: cell.intersection(real[code]).area / cell.area for code, cell in cells.items()})
    assert (inside >= 0.1).all(), inside[inside < 0.1]
    assert inside.mean() >= 0.4
    # Schematic, never SCB's borders: no cell is close to its real district.
    overlap = pd.Series(
        {code: cell.intersection(real[code]).area / cell.union(real[code]).area for code, cell in cells.items()}
    )
    assert (overlap < 0.9).all(), overlap[overlap >= 0.9]
    # The schematic municipality lies mostly within the real one (which includes some sea).
    land = cells.union_all()
    assert land.intersection(real.union_all()).area / land.area >= 0.8


@pytest.mark.parametrize("slug", SLUGS)
def test_geojson_is_deterministic_text(slug):
    data = json.loads((DEMO / slug / "stadsdelar.geojson").read_text("utf-8"))
    assert data["crs"] == {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}
    for feature in data["features"]:
        assert list(feature["properties"]) == ["stadsdel_kod", "stadsdel_namn"]
        for ring in feature["geometry"]["coordinates"]:
            assert all(isinstance(v, int) for point in ring for v in point)


# ---------------------------------------------------------------------------------------------------------
# Programmes, goals and participants
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", SLUGS)
def test_programmes_and_goals(slug):
    programmes = read_csv(slug, "insatser.csv")
    assert list(programmes.columns) == ["insats", "namn", "beskrivning"]
    assert len(programmes) >= 3
    assert programmes["insats"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert (programmes["namn"] != "").all()
    assert (programmes["beskrivning"] != "").all()
    assert {"jobbcoachning", "sommarjobb"} <= set(programmes["insats"])
    if slug == "helsingborg":
        assert "nyanstallning" in set(programmes["insats"])

    goals = read_csv(slug, "mal.csv")
    assert list(goals.columns) == ["insats", "ar", "matt", "malvarde"]
    assert set(goals["insats"]) <= set(programmes["insats"])
    assert set(goals["matt"]) <= set(GOAL_MEASURES)
    assert goals["malvarde"].str.fullmatch(r"\d+").all()
    assert goals["ar"].astype(int).between(2016, 2025).all()
    assert not goals.duplicated(["insats", "ar", "matt"]).any()


def test_helsingborg_job_coaching_goal_is_30_a_year():
    goals = read_csv("helsingborg", "mal.csv")
    positive = goals[(goals["insats"] == "jobbcoachning") & (goals["matt"] == "positivt_utfall")]
    assert positive.set_index("ar")["malvarde"].loc[[str(y) for y in range(2017, 2026)]].eq("30").all()


@pytest.mark.parametrize("slug", SLUGS)
def test_participants_use_known_codes_and_vocabulary(slug):
    participants = read_csv(slug, "deltagare.csv")
    assert tuple(participants.columns) == PARTICIPANT_COLUMNS
    assert set(participants["insats"]) <= set(read_csv(slug, "insatser.csv")["insats"])
    assert set(participants["stadsdel_kod"]) <= set(KOMMUNER[slug]["districts"])
    assert set(participants["utfall"]) <= set(OUTCOMES)
    assert set(participants["malgrupp"]) <= MALGRUPPER
    assert set(participants["kon"]) <= set(GENDERS)
    assert set(participants["forlangning"]) <= {"", *EXTENSION_VALUES}
    assert set(participants["utfall_6m"]) <= {"", *FOLLOW_UP_OUTCOMES}
    assert set(participants["utfall_12m"]) <= {"", *FOLLOW_UP_OUTCOMES}
    prefix = KOMMUNER[slug]["prefix"]
    assert participants["deltagare_id"].str.fullmatch(rf"{prefix}-\d{{6}}").all()
    assert participants["fodelsear"].str.fullmatch(r"\d{4}").all()


@pytest.mark.parametrize("slug", SLUGS)
def test_participant_dates_and_follow_ups_are_consistent(slug):
    participants = read_csv(slug, "deltagare.csv")
    start = pd.to_datetime(participants["startdatum"], format="%Y-%m-%d")
    end = pd.to_datetime(participants["slutdatum"].replace("", None), format="%Y-%m-%d")
    ongoing = participants["utfall"] == "pagaende"
    assert (end.isna() == ongoing).all()
    assert (start.dt.year >= 2016).all()
    assert (start <= pd.Timestamp(LAST_DAY)).all()
    assert (end[~ongoing] >= start[~ongoing]).all()
    assert (end[~ongoing] <= pd.Timestamp(LAST_DAY)).all()
    age = start.dt.year - participants["fodelsear"].astype(int)
    assert age.between(16, 64).all()
    assert age[participants["insats"] == "sommarjobb"].between(16, 19).all()

    # A follow-up exists only once 6 / 12 calendar months have passed since slutdatum (by 2025-12-31).
    due_6m = end + pd.DateOffset(months=6) <= pd.Timestamp(LAST_DAY)
    due_12m = end + pd.DateOffset(months=12) <= pd.Timestamp(LAST_DAY)
    has_6m, has_12m = participants["utfall_6m"] != "", participants["utfall_12m"] != ""
    assert not (has_6m & ~due_6m).any()
    assert not (has_12m & ~due_12m).any()
    assert not (has_12m & ~has_6m).any()
    # Most enrolments that ended early enough are followed up.
    assert has_6m[due_6m].mean() > 0.7
    assert has_12m[due_12m].mean() > 0.55
    # Some late 2025 enrolments are still running.
    assert ongoing.any()
    assert (start[ongoing].dt.year == 2025).all()


@pytest.mark.parametrize("slug", SLUGS)
def test_job_programme_has_six_month_jobs_roles_and_extensions(slug):
    participants = read_csv(slug, "deltagare.csv")
    jobs = participants[participants["insats"] == "nyanstallning"]
    others = participants[participants["insats"] != "nyanstallning"]
    assert len(jobs) > 0
    assert set(jobs["roll"]) <= JOB_ROLES
    assert (others["roll"] == "").all()
    assert (others["forlangning"] == "").all()
    assert (jobs["malgrupp"] == "nyanlanda").all()
    finished = jobs[(jobs["utfall"] != "pagaende") & (jobs["utfall"] != "avbrott")]
    start = pd.to_datetime(finished["startdatum"])
    end = pd.to_datetime(finished["slutdatum"])
    assert (end == start + pd.DateOffset(months=6) - pd.Timedelta(days=1)).all()
    assert set(finished["forlangning"]) <= set(EXTENSION_VALUES)
    assert (finished.loc[finished["forlangning"] == "ja", "utfall"] == "arbete").all()
    if slug == "helsingborg":
        extended = (finished["forlangning"] == "ja").mean()
        assert 0.45 <= extended <= 0.75  # about 60 % are offered an extension
        pilot = jobs[jobs["startdatum"].str.startswith("2019")]
        assert len(pilot) == 6
        assert (pilot["forlangning"] == "ja").sum() == 4


@pytest.mark.parametrize(("slug", "expected", "challenged_share"), [("helsingborg", 1_600, 0.8), ("tierp", 400, 0.6)])
def test_participant_volume_and_focus(slug, expected, challenged_share):
    participants = read_csv(slug, "deltagare.csv")
    # About 1,600 / 400 enrolments (± 15 %); some people enrol more than once.
    assert len(participants) == pytest.approx(expected, rel=0.15)
    assert participants["deltagare_id"].duplicated().any()
    assert participants["deltagare_id"].nunique() > 0.75 * len(participants)
    # Concentrated where the programmes work (Helsingborg ≥ 80 % in its 9 type 1–2 districts, Tierp ≥ 60 %
    # in its 2), but not only there.
    types = participants["stadsdel_kod"].map({c: t for c, (_, t) in KOMMUNER[slug]["districts"].items()})
    assert (types <= 2).mean() >= challenged_share
    assert (types >= 3).any()
    # Every programme has at least one year with 5+ enrolments (enough to show after suppression).
    per_year = participants.groupby(["insats", participants["startdatum"].str[:4]]).size()
    assert (per_year.groupby(level="insats").max() >= 5).all()


def test_helsingborg_job_coaching_lands_near_its_goal():
    participants = read_csv("helsingborg", "deltagare.csv")
    coaching = participants[participants["insats"] == "jobbcoachning"]
    positive = coaching[coaching["utfall"].isin(POSITIVE_OUTCOMES)]
    per_year = positive.groupby(positive["slutdatum"].str[:4]).size().reindex([str(y) for y in range(2017, 2026)])
    # Goal 30 a year: on average within 25–35, some years above, some below.
    assert 25 <= per_year.mean() <= 35
    assert (per_year >= 30).any()
    assert (per_year < 30).any()


@pytest.mark.parametrize("slug", SLUGS)
def test_outcomes_vary_by_district_type_and_year(slug):
    participants = read_csv(slug, "deltagare.csv")
    finished = participants[participants["utfall"] != "pagaende"].copy()
    finished["positive"] = finished["utfall"].isin(POSITIVE_OUTCOMES)
    types = finished["stadsdel_kod"].map({c: t for c, (_, t) in KOMMUNER[slug]["districts"].items()})
    rate_by_type = finished.groupby(types <= 2)["positive"].mean()
    assert rate_by_type[True] < rate_by_type[False]
    assert 0.3 < finished["positive"].mean() < 0.9
    assert set(finished["utfall"]) >= {"arbete", "praktik", "studier", "avbrott", "ingen_sysselsattning"}


def test_ids_look_pseudonymous():
    for slug in SLUGS:
        ids = read_csv(slug, "deltagare.csv")["deltagare_id"]
        assert not ids.str.contains(re.compile(r"\d{8}")).any()  # never a personnummer-like number


# ---------------------------------------------------------------------------------------------------------
# Integration strategy: action plan, linked indicators, placements of newly arrived, activities
# ---------------------------------------------------------------------------------------------------------
STRATEGY_FILES = ("handlingsplan.csv", "handlingsplan_indikatorer.csv", "placeringar.csv", "aktiviteter.csv")
#: About how many measures, persons placed a year and activities (rows) each demo municipality has.
PLAN_SIZE = {"helsingborg": (10, 14), "tierp": (6, 10)}
PLACED_PER_YEAR = {"helsingborg": (35, 130), "tierp": (8, 35)}
ACTIVITY_ROWS = {"helsingborg": (300, 500), "tierp": (70, 130)}
#: Every organiser in the activity logs: organisations, never persons.
ORGANISERS = {
    "ABF Helsingborg",
    "Bostadsbolaget",
    "Grannskapsgruppen i Påarp",
    "Grannskapsgruppen i Ödåkra",
    "Hyresgästföreningen",
    "Röda Korset",
    "Skol- och fritidsförvaltningen",
    "Stadsbiblioteket",
    "Studieförbundet Vuxenskolan",
    "Svenska kyrkan",
    "Tierps bibliotek",
}


def plan(slug: str) -> pd.DataFrame:
    frame = read_csv(slug, "handlingsplan.csv")
    frame["start"] = pd.to_datetime(frame["startdatum"], format="%Y-%m-%d")
    frame["end"] = pd.to_datetime(frame["slutdatum"].replace("", None), format="%Y-%m-%d")
    every = sorted(KOMMUNER[slug]["districts"])
    frame["codes"] = [every if s == ALL_DISTRICTS else s.split(";") for s in frame["stadsdelar"]]
    return frame.set_index("atgard_id", drop=False)


def district_type(slug: str) -> dict[str, int]:
    return {c: t for c, (_, t) in KOMMUNER[slug]["districts"].items()}


@pytest.mark.parametrize("slug", SLUGS)
def test_action_plan_is_complete_and_uses_known_codes(slug):
    frame = plan(slug)
    assert tuple(read_csv(slug, "handlingsplan.csv").columns) == PLAN_COLUMNS
    low, high = PLAN_SIZE[slug]
    assert low <= len(frame) <= high
    assert frame["atgard_id"].is_unique
    assert set(frame["status"]) == set(PLAN_STATUSES)  # every status occurs
    assert set(frame["evidens"]) == set(EVIDENCE_KINDS)
    for column in ("titel", "beskrivning", "ansvarig", "partner"):
        assert (frame[column] != "").all(), column
    # One short sentence per description.
    assert frame["beskrivning"].str.fullmatch(r"[^.]+\.").all()
    partners = frame["partner"].str.split(";").explode()
    assert (partners.str.strip() == partners).all()
    assert (partners != "").all()
    actors = set(frame["ansvarig"]) | set(partners)
    assert "Bostadsbolaget" in actors
    assert "Arbetsförmedlingen" in actors
    assert "Boende i området" in actors
    assert any("universitet" in a for a in actors)
    # Districts: known codes or "alla"; one or two measures for the whole municipality.
    codes = set(KOMMUNER[slug]["districts"])
    for value in frame["stadsdelar"]:
        assert value == ALL_DISTRICTS or set(value.split(";")) <= codes, value
    assert 1 <= (frame["stadsdelar"] == ALL_DISTRICTS).sum() <= 3
    # Mostly where the challenges are: most district mentions of local measures are type 1–2 districts.
    local = frame.loc[frame["stadsdelar"] != ALL_DISTRICTS, "codes"].explode()
    assert (local.map(district_type(slug)) <= 2).mean() >= 0.6
    # Dates: started 2017–2025, ends after the start, finished ones ended. A planned one starts in 2027: after
    # the data (which end in 2025) and after the date the demo is shown (December 2026), so "planerad" is
    # still true on the timeline's "i dag" line.
    assert frame["start"].dt.year.between(2017, 2027).all()
    assert (frame.loc[frame["status"] == "planerad", "start"].dt.year == 2027).all()
    assert (frame.loc[frame["status"] == "planerad", "start"] > pd.Timestamp(LAST_DAY)).all()
    assert (frame.loc[frame["status"] != "planerad", "start"] <= pd.Timestamp(LAST_DAY)).all()
    assert (frame["end"].dropna() >= frame.loc[frame["end"].notna(), "start"]).all()
    assert frame.loc[frame["status"] == "genomford", "end"].notna().all()
    # Evidence from research or elsewhere names a source, marked as fictitious.
    cited = frame[frame["evidens"].isin(["forskning", "effekt_annanstans"])]
    assert cited["evidens_kalla"].str.contains("fiktiv").all()
    assert (frame.loc[frame["evidens"] == "ingen", "evidens_kalla"] == "").all()


def latest_share(slug: str, key: str, codes: list[str]) -> float:
    stats = statistics(slug)
    latest = stats[(stats["ar"] == YEARS[-1]) & stats["stadsdel_kod"].isin(codes)]
    return 100 * latest[key].sum() / latest[INDICATOR_DENOMINATORS[key]].sum()


@pytest.mark.parametrize("slug", SLUGS)
def test_linked_indicators_use_known_keys_and_plausible_targets(slug):
    indicators = read_csv(slug, "handlingsplan_indikatorer.csv")
    measures = plan(slug)
    programmes = set(read_csv(slug, "insatser.csv")["insats"])
    assert tuple(indicators.columns) == PLAN_INDICATOR_COLUMNS
    assert set(indicators["atgard_id"]) <= set(measures["atgard_id"])
    assert not indicators.duplicated(["atgard_id", "indikator"]).any()
    known = (
        set(INDICATOR_DENOMINATORS)
        | {"utfall:alla"}
        | {f"utfall:{p}" for p in programmes}
        | {f"insats:{p}" for p in programmes}
    )
    assert set(indicators["indikator"]) <= known
    assert indicators["malvarde"].str.fullmatch(r"\d+").all()
    assert indicators["malar"].astype(int).between(2025, 2028).all()
    per_measure = indicators.groupby("atgard_id").size()
    assert per_measure.between(1, 3).all()
    assert len(per_measure) > len(measures) / 2  # most measures have linked indicators
    assert not set(per_measure.index) & set(measures.index[measures["status"] == "planerad"])
    for row in indicators.itertuples():
        target = int(row.malvarde)
        if row.indikator in INDICATOR_DENOMINATORS:
            # A few points better than today's level in the measure's districts.
            now = latest_share(slug, row.indikator, measures.loc[row.atgard_id, "codes"])
            gain = target - now if row.indikator == "forvarvsarbetande_20_64" else now - target
            assert 0.5 <= gain <= 6, (row.atgard_id, row.indikator, now, target)
        elif row.indikator.startswith("utfall:"):
            assert 30 <= target <= 95
        else:
            assert target >= 1


@pytest.mark.parametrize("slug", SLUGS)
def test_some_measures_allow_a_difference_in_differences(slug):
    """At least two local measures with a register indicator started early enough for two statistics
    years before the start, and leave districts of their area type untargeted for comparison."""
    measures = plan(slug)
    indicators = read_csv(slug, "handlingsplan_indikatorer.csv")
    with_register = set(indicators.loc[indicators["indikator"].isin(INDICATOR_DENOMINATORS), "atgard_id"])
    types = district_type(slug)
    eligible = []
    for atgard_id in sorted(with_register):
        measure = measures.loc[atgard_id]
        if measure["stadsdelar"] == ALL_DISTRICTS or measure["start"].year > 2020:
            continue
        assert measure["start"].year - 2 >= YEARS[0]
        target_types = {types[c] for c in measure["codes"]}
        comparison = [c for c, t in types.items() if t in target_types and c not in measure["codes"]]
        if comparison:
            eligible.append(atgard_id)
    assert len(eligible) >= 2, eligible


@pytest.mark.parametrize("slug", SLUGS)
def test_placements_are_consistent_and_spread_over_many_districts(slug):
    placements = read_csv(slug, "placeringar.csv")
    assert tuple(placements.columns) == PLACEMENT_COLUMNS
    assert not placements.duplicated(["ar", "stadsdel_kod", "boendetyp"]).any()
    assert set(placements["stadsdel_kod"]) <= set(KOMMUNER[slug]["districts"])
    assert set(placements["boendetyp"]) == set(HOUSING_TYPES)
    assert sorted(placements["ar"].astype(int).unique()) == YEARS  # the statistics years
    for column in ("hushall", "personer"):
        assert placements[column].str.fullmatch(r"\d+").all()
    households, persons = placements["hushall"].astype(int), placements["personer"].astype(int)
    assert (households >= 1).all()
    assert (persons >= households).all()
    corridor = placements["boendetyp"] == "korridor"
    assert (persons[corridor] == households[corridor]).all()  # corridor rooms for singles
    per_year = persons.groupby(placements["ar"]).sum()
    low, high = PLACED_PER_YEAR[slug]
    assert per_year.between(low, high).all(), per_year
    # Many small cells (which disclosure will hide or round), over most districts.
    assert (persons < 5).mean() >= 0.4
    assert placements["stadsdel_kod"].nunique() >= 0.6 * len(KOMMUNER[slug]["districts"])
    # Modular homes in a few outer districts, none in type 1–2.
    modular = placements.loc[placements["boendetyp"] == "modulbostad", "stadsdel_kod"]
    assert 2 <= modular.nunique() <= 8
    assert (modular.map(district_type(slug)) >= 3).all()
    assert int(placements.loc[placements["boendetyp"] == "modulbostad", "ar"].min()) >= 2017


@pytest.mark.parametrize("slug", SLUGS)
def test_activities_are_consistent_and_linked_to_their_measures(slug):
    activities = read_csv(slug, "aktiviteter.csv")
    measures = plan(slug)
    assert tuple(activities.columns) == ACTIVITY_COLUMNS
    low, high = ACTIVITY_ROWS[slug]
    assert low <= len(activities) <= high
    day = pd.to_datetime(activities["datum"], format="%Y-%m-%d")
    assert (day.dt.day_of_week < 5).all()
    assert day.dt.year.between(2020, 2025).all()
    assert day.dt.year.nunique() == 6
    assert set(activities["stadsdel_kod"]) <= set(KOMMUNER[slug]["districts"])
    assert set(activities["typ"]) <= set(ACTIVITY_KINDS)
    assert set(activities["typ"]) == {"sprakcafe", "laxhjalp", "volontargrupp", "traff", "kurs"}
    assert set(activities["arrangor"]) <= ORGANISERS
    # Participants: a count, or nothing at all when not logged; estimates are rounded to 5.
    logged = activities["deltagare"] != ""
    assert activities.loc[logged, "deltagare"].str.fullmatch(r"\d+").all()
    assert set(activities.loc[logged, "rakning"]) == set(PARTICIPANT_COUNTING)
    assert (activities.loc[~logged, "rakning"] == "").all()
    assert logged.mean() > 0.9
    estimated = activities["rakning"] == "uppskattat"
    assert (activities.loc[estimated, "deltagare"].astype(int) % 5 == 0).all()
    # About half belong to a measure: in its districts, after its start and not after its end.
    linked = activities[activities["atgard_id"] != ""]
    assert 0.35 <= len(linked) / len(activities) <= 0.7
    assert set(linked["atgard_id"]) <= set(measures["atgard_id"])
    for row in linked.itertuples():
        measure = measures.loc[row.atgard_id]
        assert row.stadsdel_kod in measure["codes"], row
        assert pd.Timestamp(row.datum) >= measure["start"], row
        assert pd.isna(measure["end"]) or pd.Timestamp(row.datum) <= measure["end"], row
    # A paused measure's activities stop well before the data end.
    paused = measures.index[measures["status"] == "pausad"]
    assert (linked.loc[linked["atgard_id"].isin(paused), "datum"] < "2025-01-01").all()


@pytest.mark.parametrize("slug", SLUGS)
def test_strategy_files_hold_no_identity_numbers(slug):
    for name in STRATEGY_FILES:
        frame = read_csv(slug, name)
        for column in frame.columns:
            assert not identity.contains_mask(frame[column]).any(), (name, column)


@pytest.mark.parametrize("slug", SLUGS)
def test_strategy_files_load_without_rejections(slug):
    dataset = load_dataset(DEMO / slug)
    reports = {report.file: report for report in dataset.reports}
    for name in STRATEGY_FILES:
        report = reports[name]
        assert report.rows_read == len(read_csv(slug, name)), name
        assert report.rows_rejected == 0, name
        assert not report.issues, (name, report.issues)
    assert len(dataset.plan) == len(read_csv(slug, "handlingsplan.csv"))
    assert dataset.plan["hela_kommunen"].any()
    assert len(dataset.activities) == len(read_csv(slug, "aktiviteter.csv"))
