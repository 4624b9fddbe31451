"""The load test's client must not rot: its file generator, its statistics and a tiny real run.

The real run (``python -m bench.load --sessions 2 --duration 5 --no-import``) starts its own server on
loopback and takes about 20–40 s on this machine; the full load test is run by hand (see bench/load.py).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.files_in import intake
from analysis.files_in.dataset import load_dataset
from bench import load

ROOT = Path(__file__).resolve().parents[1]
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"


def test_the_import_file_is_deterministic_and_every_row_is_valid():
    data = load.participant_file(1200)
    assert data == load.participant_file(1200)
    assert data != load.participant_file(1200, seed=14)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == 1200
    assert len({r["deltagare_id"] for r in rows}) == 1200
    demo = load_dataset(HELSINGBORG)
    assert {r["stadsdel_kod"] for r in rows} <= set(demo.districts["stadsdel_kod"])
    preview = intake.preview_participants(
        data,
        load.IMPORT_NAME,
        district_codes=demo.districts["stadsdel_kod"],
        programme_codes=demo.programmes["insats"],
        key=b"testnyckel-som-bara-finns-i-testerna",
    )
    assert preview.report.rows_read == 1200
    assert preview.report.rows_rejected == 0


def test_percentiles_and_summaries():
    assert load.percentile([], 95) is None
    assert load.percentile([2.0], 95) == 2.0
    assert load.percentile([float(n) for n in range(1, 101)], 95) == 95.05
    records = [load.Record("a", "läsare-1", "karta", "page", s, None) for s in (1.0, 2.0, 3.0)]
    records.append(load.Record("a", "läsare-2", "karta", "page", 9.0, "boom"))
    summary = load.summary(records)
    assert summary["reruns"] == 4 and summary["errors"] == 1
    assert summary["median_s"] == 2.0  # the failed run's time is not a rerun time


def test_arguments_are_bounded():
    for bad in (["--sessions", "0"], ["--sessions", "101"], ["--duration", "0"], ["--import-rows", "300001"]):
        with pytest.raises(SystemExit):
            load.parse_args(bad)


def test_a_tiny_run_clicks_every_page_without_error(tmp_path):
    out = tmp_path / "last.json"
    tiny = ["--sessions", "2", "--duration", "5", "--no-import", "--think", "0.3", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", *tiny],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result == json.loads(out.read_text(encoding="utf-8"))
    assert set(result["phases"]) == {"warmup", "a"}
    warmup, phase = result["phases"]["warmup"], result["phases"]["a"]
    # The warm-up visits every page once; phase a ran reruns with times, and nothing failed.
    assert all(warmup["pages"][page]["reruns"] >= 1 for page in load.PAGES)
    assert phase["reruns"] >= 4 and phase["errors"] == 0 and warmup["errors"] == 0
    assert 0 < phase["median_s"] <= phase["p95_s"] <= phase["max_s"]
    assert result["settings"]["server"].startswith("http://127.0.0.1:")
    assert result["error_samples"] == []
