"""A national data set in the project's own format (docs/dataformat.md), generated deterministically for the
benchmark (``python -m bench``): about Sweden's 6,160 DeSO with boundaries of realistic detail, ten years of
statistics and about 1,000,000 enrolments. Everything in it is made up.

    python -m bench.national                     # the full set, into the cache (generated once)
    python -m bench.national --districts 50 --enrolments 2000 --root /tmp/x

**Districts.** Kommun centres are drawn inside a rough outline of Sweden in SWEREF 99 TM (EPSG:3006), denser
in the south; Stockholm, Göteborg and Malmö are fixed at their real places. Each kommun gets a number of
districts from a Zipf-like law (the largest a few hundred, the smallest three), drawn as a dense town
(Gaussian around the centre) and a sparse countryside (a disc reaching halfway to the next centre), never two
within ``MIN_SPACING_M`` of each other. Codes look like DeSO codes: the kommun's four digits, ``A`` for a rural
and ``C`` for a town district, and four digits (``0180C0010``); the three big cities have their real kommun
codes, the others are made up. A ring of "sea" points around the outline bounds the diagram.

**Polygons.** A Voronoi tessellation (``scipy.spatial.Voronoi``) of all points; each land point's cell is its
district. Every Voronoi edge that touches a land cell is densified and jittered *once* (a Brownian bridge
across the edge, zero at both ends, tapered near them, amplitude a few per cent of the edge's length), and
every cell on either side uses that same polyline, forwards or backwards, so neighbours share their borders
exactly, vertex for vertex. The number of points per edge grows with its length (``_points_on_edge``), which
gives roughly 200–400 vertices per district, as SCB's real DeSO boundaries have. Coordinates are whole
metres. A cell whose ring came out self-intersecting (two jittered edges crossing near a corner) has its
edges straightened (still densified) until every cell is valid; the count is in the stats.

**Statistics** (``statistik.csv``, 2016–2025): population around 1,700 per district with its own growth, and
the shares from a latent deprivation score per district that drifts a little each year (urban districts
spread wider), so foreign-born, employment, low economic standard, education, long-term assistance, median
income and SCB's area type (2022 only, as in the demo) agree with each other; every count is at most its
denominator. ``lagenheter`` (the housing company's apartments) is set for the more deprived town districts.

**Programmes, goals, enrolments.** The demo's four programmes (``insatser.csv``), goals per programme and
year near the enrolments actually started (``mal.csv``), and ``enrolments`` rows of ``deltagare.csv`` with
start dates 2016–2025 spread over districts in proportion to their residents with low economic standard,
durations, outcomes, target groups, genders, birth years, the job programme's roles and extensions, and
follow-ups at 6 and 12 months, all by programme as in the demo; pseudonymous ids ``NAT-0000001`` (about one
person in five has two enrolments). Enrolments that end after ``DATA_DATE`` are ongoing (``pagaende``).

The set is written to ``<root>/<key>/sverige/`` (``meta.json``: kommun_kod ``0000``, "Sverige"), so that
``STADSDEL_DATA_DIR=<root>/<key>`` shows it and nothing else; ``<key>`` names the parameters and the
generator's version, and ``ensure`` returns the folder at once when it is already there (``klar.json``,
written last, holds the parameters and the sizes). The root is ``$XDG_CACHE_HOME/stadsdel-bench`` when that
variable is set, else ``/tmp/stadsdel-bench``.

**Loading it.** ``load_dataset`` reads the participant file through ``reading.read_table`` under the upload
limits of ``analysis.files_in.limits`` (50 MB, 300,000 rows, 10 million cells by default), which a
national file of 1,000,000 rows exceeds; ``limit_environment`` gives the ``STADSDEL_MAX_*`` settings that
let it through, which the benchmark sets for its own process and for the servers it starts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

#: Bump when the output changes for the same parameters, so an old cached set is not reused.
GENERATOR_VERSION = 1
DEFAULT_DISTRICTS = 6160
DEFAULT_ENROLMENTS = 1_000_000
DEFAULT_SEED = 14
YEARS = tuple(range(2016, 2026))
#: The day the register was "taken out": enrolments ending later are ongoing. Fixed, so output never
#: depends on the day the generator runs.
DATA_DATE = dt.date(2026, 6, 30)
KOMMUN_KOD = "0000"
KOMMUN_NAMN = "Sverige (genererat)"
FOLDER = "sverige"
DONE_FILE = "klar.json"
#: No two district points closer than this (metres): real DeSO in the densest towns are a few hundred
#: metres across.
MIN_SPACING_M = 150.0
#: Real Sweden has 290 kommuner with about 21 DeSO each on average.
KOMMUNER = 290
DISTRICTS_PER_KOMMUN = 21.2
#: Jitter: standard deviation of the bridge at its middle, as a share of the edge's length.
JITTER = 0.045

#: A rough outline of Sweden's mainland (longitude, latitude), clockwise from Smygehuk.
_OUTLINE_LONLAT = (
    (13.36, 55.34), (12.98, 55.55), (12.90, 55.80), (12.60, 56.10), (12.75, 56.45), (12.85, 56.70),
    (12.30, 57.25), (11.90, 57.70), (11.70, 58.20), (11.20, 58.90), (11.45, 59.10), (11.80, 59.85),
    (12.50, 60.40), (12.25, 61.00), (12.70, 61.60), (12.20, 62.40), (12.10, 63.20), (13.00, 64.00),
    (14.00, 64.50), (14.20, 65.20), (15.50, 66.20), (16.40, 67.10), (17.80, 68.30), (19.00, 68.45),
    (20.00, 69.00), (20.60, 69.05), (21.60, 68.60), (23.20, 68.10), (23.70, 67.20), (23.60, 66.40),
    (24.10, 65.85), (23.00, 65.75), (22.10, 65.50), (21.30, 64.90), (20.60, 64.20), (19.50, 63.50),
    (18.60, 63.20), (17.80, 62.80), (17.40, 62.30), (17.20, 61.70), (17.20, 60.70), (17.90, 60.50),
    (18.60, 60.20), (18.90, 59.70), (18.80, 59.30), (17.95, 58.90), (16.90, 58.50), (16.60, 57.90),
    (16.50, 57.20), (16.30, 56.60), (15.90, 56.15), (14.70, 56.15), (14.30, 55.90), (14.20, 55.40),
    (13.80, 55.42),
)  # fmt: skip
#: Kommuner at fixed places with their real codes: (code, name, longitude, latitude).
_CITIES = (("0180", "Stockholm", 18.07, 59.33), ("1480", "Göteborg", 11.97, 57.71), ("1280", "Malmö", 13.00, 55.60))
#: Län codes, south and west first roughly as the real ones run; a made-up kommun code is <län><number>.
_LAN = ("12", "13", "10", "07", "08", "06", "14", "05", "04", "09", "03", "01", "19", "18", "17", "20", "21",
        "22", "23", "24", "25")  # fmt: skip
_COLUMNS_PARTICIPANTS = (
    "deltagare_id", "insats", "stadsdel_kod", "startdatum", "slutdatum", "utfall", "malgrupp", "kon", "fodelsear",
    "roll", "forlangning", "utfall_6m", "utfall_12m",
)  # fmt: skip
_COLUMNS_STATISTICS = (
    "stadsdel_kod", "ar", "folkmangd", "folkmangd_20_64", "utrikes_fodda", "forvarvsarbetande_20_64",
    "lag_ekonomisk_standard", "forgymnasial_20_64", "langvarigt_bistand_arbetsloshet_20_64", "lagenheter",
    "medianinkomst_tkr", "omradestyp_scb",
)  # fmt: skip
#: The demo's programmes (data/demo/helsingborg/insatser.csv), with the share of enrolments each gets.
_PROGRAMMES = (
    ("jobbcoachning", "Jobbcoachning för hyresgäster",
     "Coacher hjälper hyresgäster som vill till arbete, praktik eller studier; deltagandet är frivilligt.", 0.40),
    ("nyanstallning", "Nyanställning för nyanlända",
     "Sexmånaders anställning i bostadsbolaget för nyanlända, matchad mot en roll som drifttekniker, "
     "trädgårdsmedarbetare, ledningstrainee, reparatör eller fastighetsvärd.", 0.06),
    ("praktik_lia", "Praktik, LiA och examensarbete",
     "Praktikplatser, lärande i arbete (LiA) och examensarbeten hos bostadsbolaget.", 0.10),
    ("sommarjobb", "Sommarjobb för unga", "Sommarjobb i bostadsbolagets områden för ungdomar 16–19 år.", 0.44),
)  # fmt: skip
_ROLES = ("drifttekniker", "tradgardsmedarbetare", "ledningstrainee", "reparator", "fastighetsvard")


@dataclass(frozen=True)
class Params:
    districts: int = DEFAULT_DISTRICTS
    enrolments: int = DEFAULT_ENROLMENTS
    seed: int = DEFAULT_SEED

    def key(self) -> str:
        return f"sverige-d{self.districts}-e{self.enrolments}-s{self.seed}-v{GENERATOR_VERSION}"


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/stadsdel-bench`` when the variable is set, else ``/tmp/stadsdel-bench``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(xdg) / "stadsdel-bench" if xdg else Path("/tmp/stadsdel-bench")


def _say(message: str) -> None:
    print(f"[national] {message}", file=sys.stderr, flush=True)


def ensure(params: Params, root: Path | None = None, progress=_say) -> tuple[Path, dict]:
    """The data root holding the set for ``params`` (``STADSDEL_DATA_DIR`` for it) and its stats, generated
    first when it is not in the cache yet. Written into a temporary folder and renamed, so an interrupted run
    never leaves a half set that looks done."""
    root = Path(root) if root is not None else cache_root()
    data_root = root / params.key()
    done = data_root / FOLDER / DONE_FILE
    if done.is_file():
        stats = json.loads(done.read_text(encoding="utf-8"))
        return data_root, {**stats, "generated_now": False}
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f".{params.key()}.{os.getpid()}.tmp"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        stats = generate(partial / FOLDER, params, progress)
        shutil.rmtree(data_root, ignore_errors=True)
        partial.rename(data_root)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return data_root, {**stats, "generated_now": True}


def limit_environment(folder: Path) -> dict[str, str]:
    """``STADSDEL_MAX_*`` settings (``analysis.files_in.limits``) under which ``load_dataset`` reads this
    set's participant file: its size, rows and cells, with room to spare; never below the defaults."""
    path = Path(folder) / "deltagare.csv"
    size_mb = math.ceil(path.stat().st_size / 1024 / 1024) + 1
    with path.open("rb") as fh:
        rows = sum(1 for _ in fh) + 1
    return {
        "STADSDEL_MAX_UPLOAD_MB": str(max(50, size_mb)),
        "STADSDEL_MAX_ROWS": str(max(300_000, rows + 10)),
        "STADSDEL_MAX_CELLS": str(max(10_000_000, (rows + 10) * (len(_COLUMNS_PARTICIPANTS) + 1))),
    }


# ----------------------------------------------------------------------------- points


def _outline():
    import shapely
    from pyproj import Transformer

    to_sweref = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    lon, lat = np.array(_OUTLINE_LONLAT).T
    x, y = to_sweref.transform(lon, lat)
    return shapely.Polygon(np.column_stack([x, y])), to_sweref


def _inside(shape, xy: np.ndarray) -> np.ndarray:
    import shapely

    return shapely.contains_xy(shape, xy[:, 0], xy[:, 1])


def _sizes(total: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """Districts per kommun: Zipf-like (exponent 0.85), at least three (fewer only for a tiny set), summing
    to ``total``; the largest first."""
    least = 3 if total >= 3 * count else 1
    weights = 1.0 / np.arange(1, count + 1) ** 0.85
    sizes = np.maximum(least, np.floor(weights / weights.sum() * total)).astype(int)
    while sizes.sum() > total:
        sizes[np.argmax(sizes)] -= 1
    extra = total - sizes.sum()
    if extra:
        for i in rng.choice(count, size=extra, replace=True, p=weights / weights.sum()):
            sizes[i] += 1
    return np.sort(sizes)[::-1]


def _kommuner(count: int, shape, to_sweref, rng: np.random.Generator):
    """Centres (x, y), codes and names; the big cities first, the rest inside the outline, denser south."""
    fixed = [(code, name, *to_sweref.transform(lon, lat)) for code, name, lon, lat in _CITIES][:count]
    minx, miny, maxx, maxy = shape.bounds
    centres = [np.array([x, y]) for _, _, x, y in fixed]
    while len(centres) < count:
        cand = np.column_stack([rng.uniform(minx, maxx, 4096), rng.uniform(miny, maxy, 4096)])
        keep = _inside(shape, cand) & (rng.random(4096) < np.exp(-(cand[:, 1] - miny) / 450_000.0))
        for point in cand[keep]:
            if len(centres) >= count:
                break
            if min(np.hypot(*(point - c)) for c in centres) > 12_000:
                centres.append(point)
    centres = np.array(centres)
    # Made-up codes: the län by latitude band, a running number within it; never one of the cities' codes.
    taken = {code for code, *_ in fixed}
    codes = [code for code, *_ in fixed]
    names = [name for _, name, *_ in fixed]
    order = np.argsort(centres[len(fixed) :, 1], kind="stable") + len(fixed)
    bands = np.array_split(order, len(_LAN))
    band_of = {}
    for lan, band in zip(_LAN, bands, strict=True):
        for i in band:
            band_of[int(i)] = lan
    running: dict[str, int] = {}
    for i in range(len(fixed), count):
        lan = band_of[i]
        while True:
            running[lan] = running.get(lan, 0) + 1
            code = f"{lan}{running[lan] + 10:02d}"
            if code not in taken:
                break
        taken.add(code)
        codes.append(code)
        names.append(f"Kommun {code}")
    return centres, codes, names


def _district_points(params: Params, rng: np.random.Generator):
    """District points (x, y), their kommun index and whether each is a town district."""
    from scipy.spatial import cKDTree

    shape, to_sweref = _outline()
    count = max(1, min(KOMMUNER, round(params.districts / DISTRICTS_PER_KOMMUN)))
    centres, codes, names = _kommuner(count, shape, to_sweref, rng)
    sizes = _sizes(params.districts, count, rng)
    # Cities are the three largest; the other sizes go to the other centres at random.
    order = np.concatenate([np.arange(min(3, count)), 3 + rng.permutation(max(0, count - 3))])
    size_of = np.empty(count, dtype=int)
    size_of[order] = sizes
    spacing = cKDTree(centres).query(centres, k=min(2, count))[0]
    nearest = spacing[:, 1] if count > 1 else np.full(count, 60_000.0)

    cell = MIN_SPACING_M
    grid: dict[tuple[int, int], list[np.ndarray]] = {}

    def free(point: np.ndarray) -> bool:
        gx, gy = int(point[0] // cell), int(point[1] // cell)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in grid.get((gx + dx, gy + dy), ()):
                    if (point[0] - other[0]) ** 2 + (point[1] - other[1]) ** 2 < cell * cell:
                        return False
        return True

    points, kommun, urban = [], [], []
    for k in range(count):
        n = int(size_of[k])
        towns = min(n, max(1, round(n * min(0.9, 0.4 + 0.1 * math.log2(max(n, 3) / 3)))))
        sigma = 330.0 * math.sqrt(towns)
        reach = max(8_000.0, 0.55 * nearest[k])
        placed = {True: 0, False: 0}
        for attempt in range(200):
            need_town, need_rural = towns - placed[True], (n - towns) - placed[False]
            if need_town <= 0 and need_rural <= 0:
                break
            batch = []
            if need_town > 0:
                batch.append((rng.normal(0, sigma, (need_town * 2, 2)) + centres[k], True))
            if need_rural > 0:
                r = reach * np.sqrt(rng.random(need_rural * 3))
                a = rng.uniform(0, 2 * math.pi, need_rural * 3)
                batch.append((centres[k] + np.column_stack([r * np.cos(a), r * np.sin(a)]), False))
            if attempt > 50:  # a kommun squeezed against the coast: look further out
                reach *= 1.2
                sigma *= 1.2
            for cand, is_town in batch:
                cand = cand[_inside(shape, cand)]
                for point in cand:
                    if placed[is_town] >= (towns if is_town else n - towns):
                        break
                    if free(point):
                        grid.setdefault((int(point[0] // cell), int(point[1] // cell)), []).append(point)
                        points.append(point)
                        kommun.append(k)
                        urban.append(is_town)
                        placed[is_town] += 1
        if placed[True] + placed[False] < n:
            raise RuntimeError(f"could not place {n} districts in kommun {codes[k]}")
    return np.array(points), np.array(kommun), np.array(urban), codes, names, shape


def _sea_points(shape, land: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Points off the coast that bound the diagram: a jittered grid around the outline, none inside it or
    near a district point, and a far frame so every land cell is finite."""
    from scipy.spatial import cKDTree

    step = 20_000.0
    minx, miny, maxx, maxy = shape.bounds
    xs = np.arange(minx - 200_000, maxx + 200_000, step)
    ys = np.arange(miny - 200_000, maxy + 200_000, step)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()]) + rng.uniform(-step / 4, step / 4, (gx.size, 2))
    away = ~_inside(shape.buffer(4_000), grid)
    grid = grid[away]
    distance = cKDTree(land).query(grid)[0]
    grid = grid[distance > 3_000]
    far = 3_000_000
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    frame = np.array([[cx - far, cy - far], [cx + far, cy - far], [cx + far, cy + far], [cx - far, cy + far]])
    return np.vstack([grid, frame])


# ----------------------------------------------------------------------------- polygons


def _points_on_edge(length: np.ndarray) -> np.ndarray:
    """Segments per edge: more on longer edges, as real boundaries have (streets in town, streams and roads
    in the country), about 200–400 vertices per district in all."""
    return np.clip(np.round(17.0 * (np.maximum(length, 1.0) / 100.0) ** 0.42), 8, 140).astype(int)


def _edge_line(a: np.ndarray, b: np.ndarray, segments: int, rng: np.random.Generator, jitter: bool) -> np.ndarray:
    """``segments + 1`` points from a to b: a Brownian bridge across the straight line, zero at both ends and
    tapered near them (so edges meeting at a corner do not cross); straight when ``jitter`` is False."""
    t = np.linspace(0.0, 1.0, segments + 1)
    line = a + (b - a) * t[:, None]
    steps = rng.normal(0.0, 1.0, segments)
    if not jitter or segments < 3:
        return line
    walk = np.concatenate([[0.0], np.cumsum(steps)])
    bridge = walk - t * walk[-1]
    length = float(np.hypot(*(b - a)))
    offset = bridge * (JITTER * length / (math.sqrt(segments) / 2)) * (4 * t * (1 - t))
    offset = np.clip(offset, -0.12 * length, 0.12 * length)
    normal = np.array([-(b - a)[1], (b - a)[0]]) / max(length, 1e-9)
    return line + offset[:, None] * normal


def _polygons(points: np.ndarray, land_count: int, rng: np.random.Generator, progress):
    """One ring (N×2 int array, closed) per land point, neighbours sharing their edges exactly; and the
    number of cells that needed their edges straightened."""
    import shapely
    from scipy.spatial import Voronoi

    vor = Voronoi(points)
    vertices = vor.vertices
    ridge_points = np.asarray(vor.ridge_points)
    ridge_vertices = np.asarray(vor.ridge_vertices)
    touches_land = (ridge_points < land_count).any(axis=1)
    if (ridge_vertices[touches_land] < 0).any():
        raise RuntimeError("a district's Voronoi cell is unbounded; the sea points do not surround the land")
    # Edges between two cells that matter: any edge of a land cell, and the sea cells' edges for the check.
    edges: dict[tuple[int, int], int] = {}
    for r, (i, j) in enumerate(ridge_vertices):
        if i >= 0 and j >= 0:
            edges[(min(i, j), max(i, j))] = r
    lengths = np.hypot(*(vertices[ridge_vertices[:, 0]] - vertices[ridge_vertices[:, 1]]).T)
    segments = _points_on_edge(lengths)
    seeds = rng.integers(0, 2**63 - 1, len(ridge_vertices))
    straight = np.zeros(len(ridge_vertices), dtype=bool)
    lines: dict[int, np.ndarray] = {}

    def line(r: int) -> np.ndarray:
        if r not in lines:
            i, j = sorted(ridge_vertices[r])
            jitter = bool(touches_land[r]) and not straight[r]
            raw = _edge_line(vertices[i], vertices[j], int(segments[r]), np.random.default_rng(seeds[r]), jitter)
            lines[r] = np.round(raw).astype(np.int64)
        return lines[r]

    def ring(p: int) -> tuple[np.ndarray, list[int]]:
        region = vor.regions[vor.point_region[p]]
        parts, used = [], []
        for a, b in zip(region, region[1:] + region[:1], strict=True):
            r = edges[(min(a, b), max(a, b))]
            used.append(r)
            coords = line(r)
            parts.append(coords[:-1] if a < b else coords[::-1][:-1])
        coords = np.vstack(parts)
        return np.vstack([coords, coords[:1]]), used

    # Cells checked for validity: every land cell, and the sea cells next to land (their coast edges are
    # jittered too, so two coast edges could cross inside one).
    sea_next_to_land = set(ridge_points[touches_land].ravel().tolist()) - set(range(land_count))
    checked = list(range(land_count)) + sorted(
        p for p in sea_next_to_land if -1 not in vor.regions[vor.point_region[p]]
    )
    rings: dict[int, np.ndarray] = {}
    uses: dict[int, list[int]] = {}
    pending = checked
    fixed: set[int] = set()
    for _round in range(12):
        for p in pending:
            rings[p], uses[p] = ring(p)
        polys = np.array([shapely.Polygon(rings[p]) for p in pending], dtype=object)
        bad = [p for p, ok in zip(pending, shapely.is_valid(polys), strict=True) if not ok]
        if not bad:
            break
        fixed.update(p for p in bad if p < land_count)
        touched = set()
        for p in bad:
            for r in uses[p]:
                if not straight[r]:
                    straight[r] = True
                    lines.pop(r, None)
                    touched.update(int(q) for q in ridge_points[r])
        pending = sorted(q for q in touched if q in uses)
        progress(f"{len(bad)} cells had crossing edges; straightened them and re-checked {len(pending)}")
    else:
        raise RuntimeError("cells still invalid after straightening their edges")
    return [rings[p] for p in range(land_count)], len(fixed)


# ----------------------------------------------------------------------------- tables


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _statistics(codes: list[str], urban: np.ndarray, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """``statistik.csv`` as a frame, and each district's latent deprivation score (2022) for the enrolments."""
    n, years = len(codes), np.array(YEARS)
    t = years - YEARS[0]
    spread = np.where(urban, 1.1, 0.55)
    base = rng.normal(0.0, 1.0, n) * spread + np.where(urban, 0.1, -0.2)
    drift = np.cumsum(rng.normal(0.0, 0.06, (n, len(years))), axis=1)
    z = base[:, None] + drift - drift[:, [6]]  # anchored in 2022, the area types' year
    pop0 = np.clip(rng.lognormal(math.log(1650), 0.28, n), 650, 4200)
    growth = rng.normal(0.007, 0.009, n)
    pop = np.round(pop0[:, None] * (1 + growth[:, None]) ** t * rng.normal(1.0, 0.004, (n, len(years)))).astype(int)
    working_share = np.clip(rng.normal(0.585, 0.03, n), 0.45, 0.7)
    working = np.round(pop * (working_share[:, None] + rng.normal(0, 0.003, pop.shape))).astype(int)

    def count(share, of):
        return np.minimum(of, np.round(np.clip(share, 0, 1) * of)).astype(int)

    noise = lambda: rng.normal(0.0, 0.08, pop.shape)  # noqa: E731
    frame = {
        "stadsdel_kod": np.repeat(np.array(codes, dtype=object), len(years)),
        "ar": np.tile(years, n),
        "folkmangd": pop.ravel(),
        "folkmangd_20_64": working.ravel(),
        "utrikes_fodda": count(_sigmoid(-1.45 + 0.95 * z + 0.02 * t + noise()), pop).ravel(),
        "forvarvsarbetande_20_64": count(_sigmoid(1.35 - 0.75 * z + 0.01 * t + noise()), working).ravel(),
        "lag_ekonomisk_standard": count(_sigmoid(-1.95 + 0.85 * z + noise()), pop).ravel(),
        "forgymnasial_20_64": count(_sigmoid(-2.15 + 0.6 * z - 0.015 * t + noise()), working).ravel(),
        "langvarigt_bistand_arbetsloshet_20_64": count(_sigmoid(-2.9 + 0.85 * z + noise()), working).ravel(),
    }
    apartments = np.where(urban & (base > 0.3), np.round(pop0 * rng.uniform(0.1, 0.45, n)), 0).astype(int)
    frame["lagenheter"] = np.repeat(apartments, len(years))
    income = 305.0 * np.exp(-0.16 * z) * 1.031**t * rng.normal(1.0, 0.01, pop.shape)
    frame["medianinkomst_tkr"] = np.round(income, 1).ravel()
    z22 = z[:, 6]
    area = np.select([z22 > 1.7, z22 > 0.9, z22 > 0.2, z22 > -0.6], [1, 2, 3, 4], 5)
    area_type = np.full(pop.shape, "", dtype=object)
    area_type[:, 6] = area.astype(str)
    frame["omradestyp_scb"] = area_type.ravel()
    stats = pd.DataFrame(frame)[list(_COLUMNS_STATISTICS)]
    return stats, z22


def _dates(days: np.ndarray) -> np.ndarray:
    return (np.datetime64("1970-01-01") + days.astype("timedelta64[D]")).astype(str)


def _participants(
    codes: list[str], weights: np.ndarray, z: np.ndarray, count: int, rng: np.random.Generator
) -> pd.DataFrame:
    """``count`` enrolments, vectorised; see the module docstring."""
    programme_codes = np.array([p[0] for p in _PROGRAMMES], dtype=object)
    share = np.array([p[3] for p in _PROGRAMMES])
    prog = rng.choice(len(_PROGRAMMES), size=count, p=share / share.sum())
    district = rng.choice(len(codes), size=count, p=weights / weights.sum())
    year_weight = np.linspace(0.7, 1.3, len(YEARS))
    year = np.array(YEARS)[rng.choice(len(YEARS), size=count, p=year_weight / year_weight.sum())]
    jan1 = (pd.to_datetime(pd.Series(year).astype(str) + "-01-01").to_numpy().astype("datetime64[D]")).astype(np.int64)
    day = rng.integers(0, 365, count)
    summer = prog == 3
    day[summer] = rng.integers(150, 185, summer.sum())  # June into early July
    start = jan1 + day
    duration = np.select(
        [prog == 0, prog == 1, prog == 2, prog == 3],
        [
            np.clip(rng.lognormal(math.log(170), 0.6, count), 14, 900),
            np.full(count, 182.0),
            rng.uniform(40, 140, count),
            rng.uniform(21, 56, count),
        ],
    ).astype(int)
    end = start + duration
    data_day = (np.datetime64(DATA_DATE) - np.datetime64("1970-01-01")).astype(int)
    ongoing = end > data_day

    # Outcomes: positive more likely in less deprived districts and for the programmes closer to a job.
    logit = (
        np.array([-0.3, 0.9, 0.7, 1.1])[prog] - 0.35 * z[district] + 0.03 * (year - 2016) + rng.normal(0, 0.3, count)
    )
    positive = rng.random(count) < _sigmoid(logit)
    kind = rng.random(count)
    positive_kind = np.where(
        prog == 3,
        np.where(kind < 0.62, "studier", np.where(kind < 0.92, "arbete", "praktik")),
        np.where(kind < 0.62, "arbete", np.where(kind < 0.82, "studier", "praktik")),
    )
    negative_kind = np.where(rng.random(count) < 0.45, "avbrott", "ingen_sysselsattning")
    outcome = np.where(positive, positive_kind, negative_kind).astype(object)
    outcome[ongoing] = "pagaende"

    group_draw = rng.random(count)
    group = np.where(
        prog == 1,
        "nyanlanda",
        np.where(
            (prog == 3) | (prog == 2),
            "unga_vuxna",
            np.select(
                [group_draw < 0.3, group_draw < 0.6, group_draw < 0.85],
                ["langtidsarbetslosa", "nyanlanda", "unga_vuxna"],
                "ovriga_hyresgaster",
            ),
        ),
    ).astype(object)
    gender_draw = rng.random(count)
    gender = np.where(gender_draw < 0.485, "kvinna", np.where(gender_draw < 0.99, "man", "annat")).astype(object)
    age = np.where(
        prog == 3,
        rng.integers(16, 20, count),
        np.where(group == "unga_vuxna", rng.integers(18, 26, count), rng.integers(20, 65, count)),
    )
    birth = (year - age).astype(str)

    empty = np.full(count, "", dtype=object)
    role = empty.copy()
    job = prog == 1
    role[job] = np.array(_ROLES, dtype=object)[rng.integers(0, len(_ROLES), job.sum())]
    extension = empty.copy()
    finished_job = job & ~ongoing
    extension[finished_job] = np.where(rng.random(finished_job.sum()) < 0.45, "ja", "nej")

    def follow_up(months: int) -> np.ndarray:
        due = ~ongoing & (end + int(months * 30.4) <= data_day) & (rng.random(count) < 0.85)
        keep = rng.random(count) < np.where(positive, 0.8, 0.25)
        later = np.where(keep & positive, outcome, np.where(rng.random(count) < 0.5, "arbete", "ingen_sysselsattning"))
        later = np.where(~keep & ~positive, "ingen_sysselsattning", later)
        later = np.where(later == "avbrott", "ingen_sysselsattning", later).astype(object)
        return np.where(due, later, empty)

    six, twelve = follow_up(6), follow_up(12)
    persons = max(1, int(count / 1.2))
    person = np.arange(count)
    again = person >= persons
    person[again] = rng.integers(0, persons, again.sum())
    frame = pd.DataFrame(
        {
            "person": person,
            "insats": programme_codes[prog],
            "stadsdel_kod": np.array(codes, dtype=object)[district],
            "start": start,
            "slutdatum": np.where(ongoing, "", _dates(end)).astype(object),
            "utfall": outcome,
            "malgrupp": group,
            "kon": gender,
            "fodelsear": birth,
            "roll": role,
            "forlangning": extension,
            "utfall_6m": six,
            "utfall_12m": twelve,
        }
    )
    # The same person twice in the same programme on the same day would be a duplicate (a warning): give
    # such rows a person of their own.
    twice = frame.duplicated(["person", "insats", "start"])
    frame.loc[twice, "person"] = np.arange(count, count + int(twice.sum()))
    frame = frame.sort_values(["start", "person"], kind="stable").reset_index(drop=True)
    frame.insert(0, "deltagare_id", "NAT-" + frame["person"].astype(str).str.zfill(7))
    frame.insert(3, "startdatum", _dates(frame["start"].to_numpy()))
    return frame.drop(columns=["person", "start"])[list(_COLUMNS_PARTICIPANTS)]


def _goals(participants: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Goals near what was done: enrolments started per programme and year (rounded to tens, ± 15 %),
    positive outcomes for the coaching, extensions for the job programme."""
    started = participants.assign(ar=participants["startdatum"].str[:4].astype(int)).groupby(["insats", "ar"]).size()
    rows = []
    for (code, year), n in started.items():
        if year not in YEARS:
            continue
        rows.append((code, year, "inskrivna", int(round(n * rng.uniform(0.85, 1.15), -1))))
        if code == "jobbcoachning":
            rows.append((code, year, "positivt_utfall", int(round(n * rng.uniform(0.3, 0.45), -1))))
        if code == "nyanstallning":
            rows.append((code, year, "forlangning", int(round(n * rng.uniform(0.35, 0.5), -1))))
    return pd.DataFrame(rows, columns=["insats", "ar", "matt", "malvarde"])


# ----------------------------------------------------------------------------- writing


def _geojson(path: Path, codes: list[str], names: list[str], rings: list[np.ndarray]) -> None:
    header = (
        '{"type": "FeatureCollection", "name": "stadsdelar", '
        '"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}, "features": [\n'
    )
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header)
        for i, (code, name, ring) in enumerate(zip(codes, names, rings, strict=True)):
            coords = ",".join(f"[{x},{y}]" for x, y in ring.tolist())
            props = json.dumps({"stadsdel_kod": code, "stadsdel_namn": name}, ensure_ascii=False)
            tail = ",\n" if i < len(codes) - 1 else "\n"
            fh.write(
                f'{{"type":"Feature","properties":{props},"geometry":{{"type":"Polygon","coordinates":[[{coords}]]}}}}{tail}'
            )
        fh.write("]}\n")


def generate(folder: Path, params: Params, progress=_say) -> dict:
    """Write the data set for ``params`` into ``folder`` (created); return its sizes and timings."""
    if params.districts < 2 or params.enrolments < 1:
        raise ValueError("at least 2 districts and 1 enrolment")
    began = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(params.seed)
    progress(f"placing {params.districts} districts")
    points, kommun, urban, kommun_codes, kommun_names, shape = _district_points(params, rng)
    sea = _sea_points(shape, points, rng)
    progress(f"Voronoi over {len(points)} districts and {len(sea)} sea points; densifying and jittering edges")
    rings, straightened = _polygons(np.vstack([points, sea]), len(points), rng, progress)

    # Codes: kommun + A (country) / C (town) + a running number in tens, in order from the kommun's centre.
    codes, names = [], []
    counters: dict[tuple[int, bool], int] = {}
    for k, is_town in zip(kommun.tolist(), urban.tolist(), strict=True):
        counters[(k, is_town)] = counters.get((k, is_town), 0) + 1
        number = counters[(k, is_town)] * 10 + (1000 if is_town else 0)
        letter = "C" if is_town else "A"
        codes.append(f"{kommun_codes[k]}{letter}{number:04d}")
        names.append(f"{kommun_names[k]} {letter}{number:04d}")
    progress("writing stadsdelar.geojson")
    _geojson(folder / "stadsdelar.geojson", codes, names, rings)
    pd.DataFrame({"stadsdel_kod": codes, "stadsdel_namn": names}).to_csv(folder / "stadsdelar.csv", index=False)

    progress("statistics")
    statistics, z = _statistics(codes, urban, rng)
    statistics.to_csv(folder / "statistik.csv", index=False)
    progress(f"{params.enrolments} enrolments")
    low = statistics[statistics["ar"] == 2020]["lag_ekonomisk_standard"].to_numpy(dtype=float)
    weights = (low + 5.0) * np.where(urban, 1.5, 1.0)
    participants = _participants(codes, weights, z, params.enrolments, rng)
    participants.to_csv(folder / "deltagare.csv", index=False)
    programmes = pd.DataFrame([p[:3] for p in _PROGRAMMES], columns=["insats", "namn", "beskrivning"])
    programmes.to_csv(folder / "insatser.csv", index=False)
    _goals(participants, rng).to_csv(folder / "mal.csv", index=False)
    meta = {
        "kommun_kod": KOMMUN_KOD,
        "kommun_namn": KOMMUN_NAMN,
        "fiktiv": True,
        "beskrivning": (
            f"Genererad nationell datamängd för prestandamätning: {len(codes)} DeSO-liknande områden i "
            f"{len(kommun_codes)} påhittade kommuner, statistik {YEARS[0]}–{YEARS[-1]} och "
            f"{params.enrolments} insatsdeltaganden. Allt är påhittat; gränserna är schematiska."
        ),
        "kallor": [f"Genererat av bench/national.py (deterministiskt, {params.key()})"],
        "geometri_schematisk": True,
    }
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    vertices = np.array([len(r) - 1 for r in rings])
    stats = {
        "params": asdict(params),
        "generator_version": GENERATOR_VERSION,
        "districts": len(codes),
        "kommuner": len(kommun_codes),
        "town_districts": int(urban.sum()),
        "vertices_total": int(vertices.sum()),
        "vertices_per_district": {
            "median": float(np.median(vertices)),
            "p5": float(np.percentile(vertices, 5)),
            "p95": float(np.percentile(vertices, 95)),
        },
        "cells_straightened": straightened,
        "geojson_mb": round((folder / "stadsdelar.geojson").stat().st_size / 1e6, 1),
        "deltagare_mb": round((folder / "deltagare.csv").stat().st_size / 1e6, 1),
        "statistics_rows": len(statistics),
        "enrolments": len(participants),
        "generation_s": round(time.perf_counter() - began, 1),
    }
    (folder / DONE_FILE).write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    progress(f"done in {stats['generation_s']} s: {json.dumps(stats)}")
    return stats


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__.split("\n\n")[0])
    parser.add_argument("--districts", type=int, default=DEFAULT_DISTRICTS)
    parser.add_argument("--enrolments", type=int, default=DEFAULT_ENROLMENTS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--root", type=Path, help=f"cache root (default {cache_root()})")
    args = parser.parse_args(argv)
    if not 2 <= args.districts <= 20_000 or not 1 <= args.enrolments <= 5_000_000:
        parser.error("--districts must be 2–20000 and --enrolments 1–5000000")
    data_root, stats = ensure(Params(args.districts, args.enrolments, args.seed), args.root)
    print(json.dumps({"data_root": str(data_root), **stats}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
