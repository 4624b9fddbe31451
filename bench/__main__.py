"""Benchmark at national scale and at demo scale, side by side, against the naive map (issue 14); prints one
JSON object with every measurement and each target of the issue with pass/fail.

    python -m bench                  # national: 6,160 districts, 1,000,000 enrolments; and Helsingborg
    python -m bench --quick          # 600 districts, 100,000 enrolments, fewer repeats (a few minutes)
    python -m bench --quick --districts 50 --enrolments 2000 --runs 2 --no-browser   # the smoke test's

**Data.** The national set comes from ``bench.national`` (deterministic, seeded; generated once into the cache
and reused, see its docstring for where and how). Its participant file is larger than the upload limits of
``analysis.files_in.limits``, which ``load_dataset`` applies to the shipped file too, so the benchmark raises
``STADSDEL_MAX_UPLOAD_MB``, ``STADSDEL_MAX_ROWS`` and ``STADSDEL_MAX_CELLS`` just enough for it
(``national.limit_environment``; listed under ``settings.limits``) for its own process and the national server.
Demo scale is Helsingborg (``data/demo``, kommun 1283) with the default limits.

**Server.** For each scale its own ``streamlit run dashboard.py`` on 127.0.0.1 at a free port, started by
``bench.load.streamlit_server`` (temporary ``STADSDEL_STORE_DIR``, random ``STADSDEL_PSEUDONYM_KEY``, empty
secrets file, headless, no file watcher), with ``STADSDEL_DATA_DIR`` pointing at the national set (unset for
the demo). Sessions speak Streamlit's websocket protocol through ``bench.load.Session`` (see bench/load.py for
why not browsers), counting the bytes of every ``ForwardMsg`` received (Streamlit does not compress its
websocket by default, so that is what crosses the wire, less a few bytes of framing per message). The session
keeps the browser's message cache (``load.Session``): an element at least 10 kB large that the server sent in
one of the last two runs is claimed by its hash, as the browser does, and the server sends a reference
instead; an element that changed (the new measure's figure, its table) has a new hash and is counted whole.

What is measured, per scale:

* ``cold_start_s``: server process start → the first script run of a session (Översikt, the default page)
  finished (``script_finished``), data set loaded and page drawn; ``first_run_s`` is that run alone.
* ``reruns``: per page, its first visit, then ``--runs`` changes of the sidebar's year (each to another year,
  seeded), each timed from sending ``rerun_script`` to ``script_finished``: median, 95th percentile
  (inclusive method), max.
* ``map``: on Karta at the latest year, the bytes of the whole rerun after a change to a measure not drawn
  before (``matt``, the selectbox's second option), with continuous colours; then the switch to quantile
  classes (``karta_klasser``, its second option); then another new measure (third option), classed. Each with
  the largest single message (the figure) and the rerun's seconds.
* ``browser``: headless Chromium (``bench.chromium``): navigation to ``/karta?kommun=…`` → the map's shapes in
  the DOM, and a measure change in the page's selectbox (fourth option) → the map redrawn.
* ``server``: the server process's peak resident memory (``VmHWM``), its memory after the cold start
  (``VmRSS``) and CPU time, read from /proc at the end.
* ``in_process`` (after the servers are stopped, so nothing competes with them): ``load_dataset`` once, then
  ``analysis.stats.rates.outcome_rates`` by year × district over every enrolment (median of ``--rate-runs``).
* ``naive`` (``bench.naive``): the same two maps (same measures, year and values) the naive way, full-detail
  GeoJSON inline, serialised as plotly does for Streamlit; ``ratios`` = the project's bytes on the wire /
  the naive figure's bytes (the one-trace figure; the classed map also against the naive classed figure;
  ``*_largest_message``: the rerun's largest message, the figure, alone).

``targets`` lists each target of issue 14 with the measured value and pass/fail: a new map measure ≤ 0.5 MB on
the wire and ≤ 1 % of the naive figure, continuous and classed; rerun median per page ≤ 0.5 s national and
≤ 0.2 s demo; outcome rates over the enrolments ≤ 0.3 s; cold start ≤ 5 s; peak memory ≤ 1.5 GB (1536 MiB);
map drawn ≤ 3 s after navigation and redrawn ≤ 1 s after a measure change (the last four national).

Everything is bounded: each run, browser step or in-process step by ``--step-timeout`` (default 600 s), each
scale's server phase by ``--scale-timeout``; only loopback is used (the browser refuses any other address).
Progress goes to stderr, the JSON to stdout (and ``--out``). Exit code 0 whatever the targets say (this is a
measurement), 1 on an error: an exception element or an error message on a page, a run that did not finish
or a closed connection, a server that died, a data set that did not load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import load, national

DEMO_KOMMUN = "1283"
QUICK = {"districts": 600, "enrolments": 100_000, "runs": 5, "rate_runs": 3, "browser_runs": 2}
FULL = {
    "districts": national.DEFAULT_DISTRICTS,
    "enrolments": national.DEFAULT_ENROLMENTS,
    "runs": 7,
    "rate_runs": 5,
    "browser_runs": 5,
}
KEY_MEASURE, KEY_CLASSES = "matt", "karta_klasser"
#: Positions in Karta's measure selectbox: the default (0), then one new measure per step, all shares.
CONTINUOUS_AT, CLASSED_AT, BROWSER_AT = 1, 2, 3
QUANTILES_AT = 1
MIB = 1024 * 1024


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- the websocket client


class CountingSession(load.Session):
    """``load.Session`` (which counts the bytes it receives) with one measured run."""

    async def measured(self, page=None, widgets=()) -> tuple[load.RunOutcome, int, int]:
        """One run, with the bytes received during it and its largest message."""
        self.received_bytes = self.largest_message = 0
        outcome = await self.run(page, widgets)
        return outcome, self.received_bytes, self.largest_message


def pick(proto, label: str):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=proto.id, string_value=label)


def problems(outcome: load.RunOutcome, where: str) -> list[str]:
    """What went wrong in a run: no end, an exception element, an error message on the page."""
    from streamlit.proto.Alert_pb2 import Alert

    found = [f"{where}: {outcome.problem}"] if outcome.problem else []
    found += [f"{where}: exception {text}" for text in outcome.exceptions]
    found += [f"{where}: error shown: {body[:300]}" for kind, body in outcome.alerts if kind == Alert.ERROR]
    return found


def spread(times: list[float]) -> dict:
    if not times:
        return {"runs": 0, "median_s": None, "p95_s": None, "max_s": None}
    return {
        "runs": len(times),
        "median_s": round(statistics.median(times), 3),
        "p95_s": round(load.percentile(times, 95), 3),
        "max_s": round(max(times), 3),
    }


def rss_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


async def websocket_phase(base: str, pid: int, kommun: str, began: float, args, result: dict) -> None:
    """Cold start, the reruns of every page and the map's bytes, into ``result``."""
    errors = result["errors"]
    session = CountingSession(base, args.step_timeout)
    session.query = f"kommun={kommun}"
    try:
        await session.connect()
        outcome, first_bytes, _ = await session.measured()
        result["cold_start_s"] = round(time.perf_counter() - began, 3)
        result["first_run_s"] = round(outcome.seconds, 3)
        result["first_page_bytes"] = first_bytes
        result["rss_after_cold_start_mb"] = rss_mb(pid)
        errors += problems(outcome, "oversikt/open")
        say(f"cold start {result['cold_start_s']} s (first run {result['first_run_s']} s)")
        year = outcome.widgets.get(load.KEY_YEAR)
        if year is None:
            errors.append("the first page drew no year filter: the data set did not load")
            return
        years = list(year[1].options)
        latest = current = years[0]
        rng = random.Random(args.seed)
        reruns: dict[str, dict] = {}
        for page in load.PAGES:
            outcome = await session.run(page)
            errors += problems(outcome, f"{page}/open")
            entry = {"first_visit_s": round(outcome.seconds, 3)}
            times = []
            for n in range(args.runs):
                year = outcome.widgets.get(load.KEY_YEAR, year)
                current = rng.choice([y for y in years if y != current] or years)
                outcome = await session.run(widgets=[pick(year[1], current)])
                errors += problems(outcome, f"{page}/year {n + 1}")
                times.append(outcome.seconds)
            entry.update(spread(times))
            reruns[page] = entry
            say(f"{page}: first visit {entry['first_visit_s']} s, year changes median {entry['median_s']} s")
            if page == "karta":
                if current != latest:
                    year = outcome.widgets.get(load.KEY_YEAR, year)
                    outcome = await session.run(widgets=[pick(year[1], latest)])
                    errors += problems(outcome, "karta/latest year")
                    current = latest
                result["map"] = await map_bytes(session, outcome, errors)
                result["map"]["year"] = int(latest)
        result["reruns"] = reruns
    finally:
        await session.close()


async def map_bytes(session: CountingSession, outcome: load.RunOutcome, errors: list[str]) -> dict:
    """A new measure, continuous; quantile classes; another new measure, classed: each rerun's bytes."""
    out: dict = {}
    measure, classes = outcome.widgets.get(KEY_MEASURE), outcome.widgets.get(KEY_CLASSES)
    if measure is None or classes is None:
        errors.append(f"karta: no selectbox {KEY_MEASURE} or {KEY_CLASSES}")
        return out
    labels = list(measure[1].options)
    out["measures"] = labels
    steps = (
        ("continuous", KEY_MEASURE, labels[CONTINUOUS_AT]),
        ("classes_switch", KEY_CLASSES, list(classes[1].options)[QUANTILES_AT]),
        ("classed", KEY_MEASURE, labels[CLASSED_AT]),
    )
    for name, key, label in steps:
        widget = outcome.widgets.get(key)
        if widget is None or widget[1].disabled:
            errors.append(f"karta: the selectbox {key} is {'disabled' if widget else 'missing'} before '{name}'")
            return out
        outcome, size, largest = await session.measured(widgets=[pick(widget[1], label)])
        errors += problems(outcome, f"karta/{name}")
        out[name] = {
            "chose": label,
            "bytes": size,
            "mb": round(size / 1e6, 3),
            "largest_message_bytes": largest,
            "rerun_s": round(outcome.seconds, 3),
        }
        say(f"karta {name} ({label}): {out[name]['mb']} MB in {out[name]['rerun_s']} s")
    out["browser_measure"] = labels[BROWSER_AT] if len(labels) > BROWSER_AT else None
    # One measure per browser run, none of them drawn before, so every redraw builds a map the server has not built.
    out["browser_measures"] = labels[BROWSER_AT:]
    return out


# ----------------------------------------------------------------------------- one scale


@contextlib.contextmanager
def environment(changes: dict[str, str | None]):
    """``os.environ`` with ``changes`` (None: unset) while the block runs; ``load.streamlit_server`` hands its
    environment to the server."""
    saved = {key: os.environ.get(key) for key in changes}
    try:
        for key, value in changes.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_scale(name: str, kommun: str, districts: int, env: dict[str, str | None], args) -> dict:
    result: dict = {"kommun": kommun, "districts": districts, "errors": []}
    say(f"{name}: starting the server")
    with tempfile.TemporaryDirectory(prefix=f"stadsdel-bench-{name}-") as tmp, environment(env):
        began = time.perf_counter()
        try:
            with load.streamlit_server(Path(tmp)) as (base, process, _store, log_path):
                result["server_ready_s"] = round(time.perf_counter() - began, 3)
                try:
                    coroutine = websocket_phase(base, process.pid, kommun, began, args, result)
                    asyncio.run(asyncio.wait_for(coroutine, args.scale_timeout))
                    if process.poll() is not None:
                        result["errors"].append(f"the server died (exit code {process.returncode})")
                    elif not args.no_browser and "map" in result and result["map"].get("browser_measure"):
                        measures = result["map"].get("browser_measures") or [result["map"]["browser_measure"]]
                        result["browser"] = browser_phase(base, kommun, districts, measures, args)
                        result["errors"] += [f"browser: exception {e}" for e in result["browser"]["exceptions"]]
                    if process.poll() is not None:
                        result["errors"].append(f"the server died (exit code {process.returncode})")
                except TimeoutError:
                    result["errors"].append(f"the server phase took longer than {args.scale_timeout:.0f} s")
                except (load.SessionClosed, OSError) as exc:
                    result["errors"].append(f"{type(exc).__name__}: {exc}")
                finally:
                    result["server"] = {**load.process_usage(process.pid), "pid": process.pid, "url": base}
                    if result["errors"]:
                        result["server_log_tail"] = log_path.read_text(errors="replace")[-load.LOG_TAIL :]
        except RuntimeError as exc:  # streamlit_server: did not start
            result["errors"].append(str(exc)[-load.LOG_TAIL :])
    return result


def browser_phase(base: str, kommun: str, districts: int, new_labels: list[str], args) -> dict:
    """``args.browser_runs`` fresh browsers, each: navigation to the map, then a new measure (a different one
    each time, so no redraw is served a map built before). ``map_drawn_s``/``map_redrawn_s`` are the medians
    (one navigation varies by ±0.4 s on a shared 2-core machine); ``runs`` keeps every run."""
    import texts
    from bench import chromium

    runs = []
    for label in new_labels[: max(1, args.browser_runs)]:
        say(f"Chromium run {len(runs) + 1}: navigation to the map, then {label}")
        try:
            runs.append(
                chromium.map_times(
                    base, f"karta?kommun={kommun}", districts, texts.MAP_MEASURE, label, args.step_timeout, say=say
                )
            )
        except ImportError as exc:
            return {"problem": f"Playwright is not installed: {exc}", "exceptions": []}
        if runs[-1]["problem"]:
            break
    return chromium.summary(runs)


def in_process(folder: Path, map_result: dict | None, args) -> dict:
    """load_dataset, outcome rates over every enrolment, and the naive maps of the measures the server drew."""
    from analysis import settings as settings_module
    from analysis.files_in.dataset import load_dataset
    from analysis.stats import measures, rates
    from bench import naive

    out: dict = {}
    began = time.perf_counter()
    data = load_dataset(folder)
    out["load_dataset_s"] = round(time.perf_counter() - began, 3)
    out["enrolments"] = len(data.participants)
    settings = settings_module.from_environment()
    times = []
    for _ in range(args.rate_runs):
        began = time.perf_counter()
        rates.outcome_rates(data.participants, by=("ar", "stadsdel_kod"), min_n=settings.min_n)
        times.append(time.perf_counter() - began)
    out["outcome_rates"] = {"by": ["ar", "stadsdel_kod"], **spread(times)}
    say(
        f"in process: load_dataset {out['load_dataset_s']} s, outcome rates median {out['outcome_rates']['median_s']} s"
    )
    result = {"in_process": out}
    if map_result and "year" in map_result:
        options = measures.available_measures(
            data.programmes["insats"], placements=not data.placements.empty, activities=not data.activities.empty
        )
        inputs = {
            "statistics": data.statistics,
            "participants": data.participants,
            "district_codes": data.districts["stadsdel_kod"],
            "placements": data.placements,
            "activities": data.activities,
            "year": map_result["year"],
            "settings": settings,
        }
        cont, classed = options[CONTINUOUS_AT], options[CLASSED_AT]
        values = measures.district_values(cont, **inputs)
        classed_values = measures.district_values(classed, **inputs)
        say("naive maps: full-detail GeoJSON inline")
        drawn = naive.measure_map(data.geometry, values, classed_values, title=cont.key)
        drawn["measures"] = {"continuous": cont.key, "classed": classed.key, "year": map_result["year"]}
        ratios = {}
        for name, against in (
            ("continuous", "continuous"),
            ("classed", "continuous"),
            ("classed_vs_naive_classed", "classed"),
        ):
            project = map_result.get(name.split("_vs_")[0], {}).get("bytes")
            if project is not None:
                ratios[name] = round(project / drawn[against]["bytes"], 5)
        for name in ("continuous", "classed"):
            largest = map_result.get(name, {}).get("largest_message_bytes")
            if largest is not None:  # the figure's own message, without the rest of the page
                ratios[f"{name}_largest_message"] = round(largest / drawn["continuous"]["bytes"], 5)
        drawn["ratios"] = ratios
        say(f"naive: continuous {drawn['continuous']['mb']} MB, classed {drawn['classed']['mb']} MB; ratios {ratios}")
        result["naive"] = drawn
    del data
    gc.collect()
    return result


# ----------------------------------------------------------------------------- targets


def _target(measured, limit, unit: str, rule: str = "≤") -> dict:
    return {
        "target": f"{rule} {limit} {unit}".strip(),
        "measured": measured,
        "pass": None if measured is None else bool(measured <= limit),
    }


def targets(national_result: dict | None, demo_result: dict | None) -> dict:
    out: dict = {}
    if national_result is not None:
        drawn = national_result.get("map", {})
        ratios = national_result.get("naive", {}).get("ratios", {})
        for name in ("continuous", "classed"):
            size = drawn.get(name, {}).get("bytes")
            out[f"national_map_{name}_mb"] = _target(None if size is None else round(size / 1e6, 3), 0.5, "MB")
            ratio = ratios.get(name)
            out[f"national_map_{name}_percent_of_naive"] = _target(
                None if ratio is None else round(100 * ratio, 3), 1, "%"
            )
        for page, entry in national_result.get("reruns", {}).items():
            out[f"national_rerun_median_{page}_s"] = _target(entry.get("median_s"), 0.5, "s")
        out["national_outcome_rates_s"] = _target(
            national_result.get("in_process", {}).get("outcome_rates", {}).get("median_s"), 0.3, "s"
        )
        out["national_cold_start_s"] = _target(national_result.get("cold_start_s"), 5, "s")
        out["national_peak_memory_mb"] = _target(national_result.get("server", {}).get("peak_rss_mb"), 1536, "MiB")
        browser = national_result.get("browser", {})
        out["national_map_drawn_s"] = _target(browser.get("map_drawn_s"), 3, "s")
        out["national_map_redrawn_s"] = _target(browser.get("map_redrawn_s"), 1, "s")
    if demo_result is not None:
        for page, entry in demo_result.get("reruns", {}).items():
            out[f"demo_rerun_median_{page}_s"] = _target(entry.get("median_s"), 0.2, "s")
    verdicts = [t["pass"] for t in out.values()]
    out["all_pass"] = bool(verdicts) and all(v is True for v in verdicts)
    return out


# ----------------------------------------------------------------------------- the run


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="600 districts, 100,000 enrolments, fewer repeats")
    parser.add_argument("--districts", type=int, help="districts of the national set (default 6160; quick 600)")
    parser.add_argument("--enrolments", type=int, help="enrolments (default 1,000,000; quick 100,000)")
    parser.add_argument("--seed", type=int, default=national.DEFAULT_SEED, help="seed of the data and the clicks")
    parser.add_argument("--runs", type=int, help="year changes per page (default 7; quick 5)")
    parser.add_argument("--rate-runs", type=int, help="repeats of the outcome rates (default 5; quick 3)")
    parser.add_argument("--browser-runs", type=int, help="fresh browsers on the map (default 5; quick 2)")
    parser.add_argument("--step-timeout", type=float, default=600.0, help="longest one run or step may take, s")
    parser.add_argument("--scale-timeout", type=float, default=5400.0, help="longest one scale's server phase, s")
    parser.add_argument("--root", type=Path, help=f"cache of generated data sets (default {national.cache_root()})")
    parser.add_argument("--no-browser", action="store_true", help="leave out the Chromium timings")
    parser.add_argument("--no-demo", action="store_true", help="national scale only")
    parser.add_argument("--no-national", action="store_true", help="demo scale only")
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    args = parser.parse_args(argv)
    preset = QUICK if args.quick else FULL
    for name in ("districts", "enrolments", "runs", "rate_runs", "browser_runs"):
        if getattr(args, name) is None:
            setattr(args, name, preset[name])
    if not 2 <= args.districts <= 20_000 or not 1 <= args.enrolments <= 5_000_000:
        parser.error("--districts must be 2–20000 and --enrolments 1–5000000")
    if not 1 <= args.runs <= 100 or not 1 <= args.rate_runs <= 100:
        parser.error("--runs and --rate-runs must be 1–100")
    if args.step_timeout <= 0 or args.scale_timeout <= 0:
        parser.error("the timeouts must be > 0")
    if args.no_demo and args.no_national:
        parser.error("--no-demo and --no-national leave nothing to measure")
    return args


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        total = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory_gb"] = round(int(total) / 1024 / 1024, 1)
    return info


def main(argv=None) -> int:
    args = parse_args(argv)
    import streamlit

    started = time.perf_counter()
    result: dict = {
        "settings": {
            "quick": args.quick,
            "districts": args.districts,
            "enrolments": args.enrolments,
            "seed": args.seed,
            "runs_per_page": args.runs,
            "rate_runs": args.rate_runs,
            "step_timeout_s": args.step_timeout,
            "browser": not args.no_browser,
            "streamlit": streamlit.__version__,
            "command": "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv),
            **machine(),
        }
    }
    failed = False
    # Validated tables are kept in Parquet by the files' content (analysis.files_in.tablecache): here beside the
    # generated data, so a cold start below is a server start with the tables validated before, as on a server
    # that has run once. ``table_cache`` says how long the first start's read and validation took.
    table_cache = {"STADSDEL_CACHE_DIR": str((args.root or national.cache_root()) / "tabeller")}
    result["settings"]["table_cache"] = table_cache["STADSDEL_CACHE_DIR"]
    if not args.no_national:
        say(f"national data set: {args.districts} districts, {args.enrolments} enrolments (seed {args.seed})")
        data_root, stats = national.ensure(national.Params(args.districts, args.enrolments, args.seed), args.root, say)
        folder = data_root / national.FOLDER
        limits = national.limit_environment(folder)
        result["settings"]["limits"] = limits
        result["data_set"] = {"data_root": str(data_root), **stats}
        say(f"data set at {data_root} ({'generated' if stats['generated_now'] else 'from the cache'})")
    if not args.no_demo:
        demo_env = {"STADSDEL_DATA_DIR": None, **table_cache}
        primed = prime(load.DEMO / "helsingborg", demo_env, args)
        result["demo"] = run_scale("demo", DEMO_KOMMUN, demo_districts(), demo_env, args)
        result["demo"]["table_cache"] = primed
    if not args.no_national:
        env = {"STADSDEL_DATA_DIR": str(data_root), **limits, **table_cache}
        primed = prime(folder, env, args)
        result["national"] = run_scale("national", national.KOMMUN_KOD, stats["districts"], env, args)
        result["national"]["table_cache"] = primed
        with environment({**limits, **table_cache}):
            result["national"].update(in_process_bounded(folder, result["national"].get("map"), args))
    if not args.no_demo:
        demo_folder = load.DEMO / "helsingborg"
        result["demo"].update(in_process_bounded(demo_folder, result["demo"].get("map"), args))
    result["targets"] = targets(result.get("national"), result.get("demo"))
    errors = [f"{scale}: {e}" for scale in ("demo", "national") for e in result.get(scale, {}).get("errors", [])]
    errors += [
        f"{scale}: {result[scale]['errors_in_process']}"
        for scale in ("demo", "national")
        if "errors_in_process" in result.get(scale, {})
    ]
    failed = bool(errors)
    result["errors"] = errors
    result["wall_s"] = round(time.perf_counter() - started, 1)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    say(f"done in {result['wall_s']} s; {'errors: ' + '; '.join(errors)[:500] if errors else 'no errors'}")
    return 1 if failed else 0


def prime(folder: Path, env: dict[str, str | None], args) -> dict:
    """Load the data set once in a process of its own, as the server would, so its validated tables are in
    the table cache: ``first_load_s`` is that load (the files read and validated, unless an earlier run kept
    them: ``cached_before``), ``cached_load_s`` a second load from the cache."""
    import subprocess

    code = (
        "import sys, time; from pathlib import Path; from analysis.files_in.dataset import load_dataset; "
        "t = time.perf_counter(); load_dataset(Path(sys.argv[1])); print(round(time.perf_counter() - t, 3))"
    )
    cache = Path(env["STADSDEL_CACHE_DIR"])
    before = cache.is_dir() and any(cache.glob("deltagare-*.parquet"))
    out: dict = {"folder": str(cache), "cached_before": before}
    with environment(env):
        for name in ("first_load_s", "cached_load_s"):
            done = subprocess.run(
                [sys.executable, "-c", code, str(folder)],
                capture_output=True,
                text=True,
                timeout=args.step_timeout,
                cwd=Path(__file__).resolve().parent.parent,
                env=dict(os.environ),
            )
            if done.returncode != 0:
                out["error"] = done.stderr[-500:]
                break
            out[name] = float(done.stdout.strip().splitlines()[-1])
    say(f"table cache: {out}")
    return out


def demo_districts() -> int:
    with open(load.DEMO / "helsingborg" / "stadsdelar.csv", encoding="utf-8") as fh:
        return sum(1 for _ in fh) - 1


def in_process_bounded(folder: Path, map_result: dict | None, args) -> dict:
    """``in_process`` within ``--step-timeout`` per step (a thread: pandas work cannot be interrupted, so a
    step over the limit is reported and the benchmark goes on without waiting for it)."""
    import concurrent.futures

    budget = args.step_timeout * (3 + args.rate_runs)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(in_process, folder, map_result, args)
    try:
        return future.result(timeout=budget)
    except concurrent.futures.TimeoutError:
        return {"errors_in_process": f"the in-process steps took longer than {budget:.0f} s"}
    except Exception as exc:  # a measurement, not the app: report it and keep the servers' figures
        return {"errors_in_process": f"{type(exc).__name__}: {exc}"[:500]}
    finally:
        pool.shutdown(wait=False)


if __name__ == "__main__":
    sys.exit(main())
