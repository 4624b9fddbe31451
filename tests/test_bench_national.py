"""The national benchmark must not rot: its generator at a tiny size (the data set loads, with the counts asked
for, and neighbouring districts share their borders exactly), the naive map's figures, the targets' verdicts,
and a tiny real run of ``python -m bench``.

The real run (``python -m bench --quick --districts 50 --enrolments 2000 --runs 2 --no-browser``) starts two
servers of its own on loopback and takes about 40–70 s on this machine; the full benchmark is run by hand
(see bench/__main__.py).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from analysis.files_in.dataset import load_dataset
from bench import __main__ as bench_main
from bench import naive, national

ROOT = Path(__file__).resolve().parents[1]
TINY = national.Params(districts=50, enrolments=2000, seed=3)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("nationellt")
    data_root, stats = national.ensure(TINY, root, progress=lambda _: None)
    return data_root, stats


def test_the_tiny_set_loads_with_the_counts_asked_for(tiny):
    data_root, stats = tiny
    assert stats["generated_now"] and stats["districts"] == 50 and stats["enrolments"] == 2000
    # Only this set is under the data root the dashboard is pointed at.
    assert [p.name for p in data_root.iterdir()] == [national.FOLDER]
    data = load_dataset(data_root / national.FOLDER)
    assert data.kommun_kod == national.KOMMUN_KOD
    assert len(data.districts) == len(data.geometry) == 50
    assert len(data.statistics) == 50 * len(national.YEARS)
    assert data.years == list(national.YEARS)
    assert len(data.participants) == 2000
    assert set(data.participants["stadsdel_kod"]) <= set(data.districts["stadsdel_kod"])
    assert set(data.programmes["insats"]) == {"jobbcoachning", "nyanstallning", "praktik_lia", "sommarjobb"}
    assert not data.goals.empty
    # Nothing rejected and no warning about the shipped tables (the strategy files are absent on purpose).
    for report in data.reports:
        assert report.rows_rejected == 0, (report.file, report.issues[:3])
        if report.rows_read:
            assert not report.issues, (report.file, report.issues[:3])
    codes = data.districts["stadsdel_kod"]
    assert codes.str.fullmatch(r"\d{4}[AC]\d{4}").all()
    assert data.geometry.geometry.is_valid.all()
    assert (data.geometry.geometry.geom_type == "Polygon").all()
    assert stats["vertices_per_district"]["median"] >= 100


def test_it_is_deterministic_and_cached(tiny, tmp_path):
    data_root, _ = tiny
    again, cached = national.ensure(TINY, data_root.parent, progress=lambda _: None)
    assert again == data_root and not cached["generated_now"]
    other_root, _ = national.ensure(TINY, tmp_path, progress=lambda _: None)
    for name in ("stadsdelar.geojson", "statistik.csv", "deltagare.csv", "mal.csv", "stadsdelar.csv"):
        assert (other_root / national.FOLDER / name).read_bytes() == (data_root / national.FOLDER / name).read_bytes()


def test_neighbours_share_their_borders_exactly(tiny):
    """Every boundary segment is used by at most two districts, in opposite directions, and the districts tile
    without overlapping: the area of their union is the sum of their areas."""
    import shapely

    data_root, _ = tiny
    features = json.loads((data_root / national.FOLDER / "stadsdelar.geojson").read_text(encoding="utf-8"))["features"]
    directed: Counter = Counter()
    for feature in features:
        ring = [tuple(p) for p in feature["geometry"]["coordinates"][0]]
        assert ring[0] == ring[-1]
        directed.update((a, b) for a, b in itertools.pairwise(ring) if a != b)
    undirected = Counter(frozenset(edge) for edge in directed)
    assert max(undirected.values()) <= 2
    shared = [edge for edge, n in undirected.items() if n == 2]
    assert len(shared) > 1000  # neighbours share long, densified borders
    for edge in shared:
        a, b = tuple(edge)
        assert directed[(a, b)] == 1 and directed[(b, a)] == 1  # once each way: the same line, not a crossing
    polygons = [shapely.geometry.shape(f["geometry"]) for f in features]
    assert shapely.union_all(polygons).area == pytest.approx(sum(p.area for p in polygons), rel=1e-9)


def test_the_participant_file_needs_the_raised_limits(tiny):
    data_root, _ = tiny
    limits = national.limit_environment(data_root / national.FOLDER)
    # Never below the defaults: a tiny set loads with them anyway.
    assert int(limits["STADSDEL_MAX_ROWS"]) >= 300_000
    assert int(limits["STADSDEL_MAX_UPLOAD_MB"]) >= 50
    assert int(limits["STADSDEL_MAX_CELLS"]) >= 10_000_000


def test_the_naive_figures_carry_the_whole_geometry_per_trace(tiny):
    data_root, _ = tiny
    data = load_dataset(data_root / national.FOLDER)
    codes = data.districts["stadsdel_kod"].tolist()
    values = naive.values_frame(codes, range(len(codes)))
    drawn = naive.measure_map(data.geometry, values)
    assert drawn["continuous"]["traces"] == 1 and drawn["classed"]["traces"] == naive.CLASSES
    assert drawn["continuous"]["bytes"] > drawn["geojson_bytes"]
    assert drawn["classed"]["bytes"] > naive.CLASSES * drawn["geojson_bytes"]
    assert drawn["geojson_vertices"] > 50 * 100


def test_targets_say_pass_and_fail():
    measured = {
        "map": {"continuous": {"bytes": 400_000}, "classed": {"bytes": 2_000_000}},
        "naive": {"ratios": {"continuous": 0.004, "classed": 0.02}},
        "reruns": {"karta": {"median_s": 0.4}, "jamfor": {"median_s": 0.6}},
        "in_process": {"outcome_rates": {"median_s": 0.2}},
        "cold_start_s": 4.0,
        "server": {"peak_rss_mb": 2000.0},
        "browser": {"map_drawn_s": 2.0, "map_redrawn_s": None},
    }
    verdicts = bench_main.targets(measured, {"reruns": {"karta": {"median_s": 0.1}}})
    assert verdicts["national_map_continuous_mb"]["pass"] is True
    assert verdicts["national_map_classed_mb"]["pass"] is False
    assert verdicts["national_map_continuous_percent_of_naive"]["measured"] == 0.4
    assert verdicts["national_map_classed_percent_of_naive"]["pass"] is False
    assert verdicts["national_rerun_median_karta_s"]["pass"] is True
    assert verdicts["national_rerun_median_jamfor_s"]["pass"] is False
    assert verdicts["national_peak_memory_mb"]["pass"] is False
    assert verdicts["national_map_redrawn_s"]["pass"] is None  # not measured is not a pass
    assert verdicts["demo_rerun_median_karta_s"]["pass"] is True
    assert verdicts["all_pass"] is False


def test_arguments_are_bounded():
    for bad in (["--districts", "1"], ["--enrolments", "0"], ["--runs", "0"], ["--no-demo", "--no-national"]):
        with pytest.raises(SystemExit):
            bench_main.parse_args(bad)
    quick = bench_main.parse_args(["--quick"])
    assert (quick.districts, quick.enrolments) == (600, 100_000)


def test_a_tiny_run_measures_both_scales_without_error(tiny, tmp_path):
    data_root, _ = tiny
    out = tmp_path / "bench.json"
    tiny_run = [
        "--quick", "--districts", "50", "--enrolments", "2000", "--seed", "3", "--runs", "2", "--rate-runs", "1",
        "--no-browser", "--root", str(data_root.parent), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "bench", *tiny_run],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result == json.loads(out.read_text(encoding="utf-8"))
    assert result["errors"] == []
    assert not result["data_set"]["generated_now"]  # the module's fixture made it: taken from the cache
    for scale in ("national", "demo"):
        measured = result[scale]
        assert measured["cold_start_s"] > 0 and measured["server"]["peak_rss_mb"] > 0
        assert set(measured["reruns"]) == set(bench_main.load.PAGES)
        assert all(entry["runs"] == 2 and entry["median_s"] > 0 for entry in measured["reruns"].values())
        assert measured["map"]["continuous"]["bytes"] > 0 and measured["map"]["classed"]["bytes"] > 0
        assert measured["naive"]["continuous"]["traces"] == 1
        assert {"continuous", "classed", "classed_vs_naive_classed"} <= set(measured["naive"]["ratios"])
        assert measured["in_process"]["outcome_rates"]["runs"] == 1
    assert result["national"]["districts"] == 50 and result["national"]["in_process"]["enrolments"] == 2000
    assert "national_cold_start_s" in result["targets"] and "demo_rerun_median_karta_s" in result["targets"]


def test_browser_runs_are_summed_up_by_their_medians():
    from bench import chromium

    def run(drawn, redrawn, problem=None, exceptions=()):
        return {"map_drawn_s": drawn, "map_redrawn_s": redrawn, "problem": problem, "exceptions": list(exceptions)}

    out = chromium.summary([run(3.4, 0.9), run(2.8, 1.2), run(3.0, None, "measure change: timeout", ["E"])])
    assert out["map_drawn_s"] == 3.0
    assert out["map_redrawn_s"] == 1.05  # the runs that have a redraw
    assert out["problem"] == "measure change: timeout" and out["exceptions"] == ["E"]
    assert [r["map_drawn_s"] for r in out["runs"]] == [3.4, 2.8, 3.0]
