"""Load test: many dashboard sessions at once clicking through every page, then the same while a data steward
imports a 100,000-row participant file; prints one JSON object with rerun counts, errors and times.

    python -m bench.load                      # 20 sessions, 60 s per phase, a 100,000-row import in phase b
    python -m bench.load --sessions 2 --duration 5 --no-import   # the smoke test's settings

What it does, bounded in count and time and on loopback only: it starts its own Streamlit server
(``streamlit run dashboard.py`` on 127.0.0.1 at a free port, with a temporary store folder, a random
pseudonym key and an empty secrets file, so sign-in is unconfigured and the demo data is what is shown), warms
it up with one session over every page, then runs its phases:

* **a**: ``--sessions`` readers, each clicking through Översikt, Karta, Jämför, Segregation, Insatser,
  Handlingsplan and Data, changing the year filter on each page and the municipality after each round,
  with a think time between clicks (``--think``, seconds, uniform 0.5–1.5 × the value), for ``--duration``
  seconds;
* **b** (unless ``--no-import``): the same, while one data steward opens the Data page, uploads a
  participant file of ``--import-rows`` rows (made deterministically from the demo data's own rows and
  district codes, so every row is valid) and accepts it. The phase lasts ``--duration`` seconds or until the
  import is done, whichever is later (at most ``--import-timeout``);
* **c** (``--after`` seconds, default 20; 0 leaves it out): the same readers after the import: each is shown
  the "data changed" notice on its next run and clicks its reload button, as a user would, so the new data
  set is loaded, and its tables computed, under load too.

Each reader starts its round at another page, so every page is measured even when runs are slow. The
default think time, 3 s, is a brisk user glancing at a page; ``--think 0`` measures the server saturated.

An error is an exception element on a page, a script that does not compile, "page not found", a run that
does not finish within ``--rerun-timeout`` or a connection that closes; the process exits 1 on any error (or a
failed import) and 0 otherwise.

Why the readers speak Streamlit's own websocket protocol instead of driving browsers: this machine has two
cores, and twenty Chromium pages would measure Chromium (layout, Plotly drawing) rather than the server,
and starve the very server under test. A reader here is an asyncio task with one websocket
(``ws://127.0.0.1:PORT/_stcore/stream``, the ``websockets`` client Streamlit itself depends on) that sends
``BackMsg.rerun_script`` with the page's ``page_script_hash``, the query string the app last wrote and the
changed widget's state, exactly what the browser sends, and reads ``ForwardMsg``s until ``script_finished``.
A rerun's time is measured from sending ``rerun_script`` to that ``script_finished``: the server's time for
the run, plus a loopback hop. The steward uses the same protocol and Streamlit's upload endpoint
(``file_urls_request``, then an HTTP PUT to ``/_stcore/upload_file/…`` with the XSRF token, then a rerun with
the uploader's state), which is what the browser's file picker does. The client does not claim any cached
messages (``cached_message_hashes`` stays empty), so the server sends every element in full; a browser would
be sent references to the ones it has, which only saves loopback bytes. Locust was the alternative; it would
add a dependency and still need this protocol code, since Streamlit has no request-per-click HTTP API.

Times are reported per phase, and per page, as median and 95th percentile (inclusive method of
``statistics.quantiles``), with the server process's peak memory and CPU time and the client's CPU time (the
server's script threads share one interpreter lock, so it uses about one core; the client runs beside it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import http.cookies
import io
import json
import os
import platform
import random
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
#: Every page, by its url path in ``dashboard.py`` (Översikt is the default page).
PAGES = ("oversikt", "karta", "jamfor", "segregation", "insatser", "handlingsplan", "data")
#: Widget keys the clients use (``ui.context`` and ``ui.importer``).
KEY_YEAR, KEY_MUNICIPALITY, KEY_RELOAD = "ar", "kommun", "data_changed_reload"
KEY_UPLOAD, KEY_ACCEPT = "import_fil", "import_godkann"
#: The municipality the steward imports into (Helsingborg's demo data), and the file's name.
IMPORT_KOMMUN, IMPORT_FOLDER, IMPORT_NAME = "1283", "helsingborg", "deltagare_last.csv"
#: Upper bounds on what a run may ask for, so a typo cannot turn the load test into a flood.
MAX_SESSIONS, MAX_DURATION, MAX_ROWS = 100, 1800, 300_000
LOG_TAIL = 4000


# ----------------------------------------------------------------------------- the file the steward imports


def participant_file(rows: int, folder: Path = DEMO / IMPORT_FOLDER, seed: int = 13) -> bytes:
    """A participant CSV of ``rows`` rows: the demo file's own rows in turn (so every value is one the data set
    accepts), each with a new ``deltagare_id`` (``LAST-000001`` …, never anything like an identity number) and a
    district code drawn from ``stadsdelar.csv`` with a fixed seed. The same arguments give the same bytes."""
    with open(folder / "deltagare.csv", encoding="utf-8", newline="") as fh:
        template = list(csv.DictReader(fh))
    with open(folder / "stadsdelar.csv", encoding="utf-8", newline="") as fh:
        codes = [row["stadsdel_kod"] for row in csv.DictReader(fh)]
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(template[0]), lineterminator="\n")
    writer.writeheader()
    for number in range(1, rows + 1):
        row = dict(template[(number - 1) % len(template)])
        row["deltagare_id"] = f"LAST-{number:06d}"
        row["stadsdel_kod"] = rng.choice(codes)
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(work: Path):
    """Our own ``streamlit run dashboard.py`` on 127.0.0.1 (free port), with a store and a key of its own and
    an empty secrets file; yields (base URL, process, store folder) once it answers, stops it after."""
    port = free_port()
    store = work / "lager"
    secrets_file = work / "secrets.toml"
    secrets_file.write_text("# empty: sign-in unconfigured, the pseudonym key comes from the environment\n")
    env = {
        **os.environ,
        "STADSDEL_STORE_DIR": str(store),
        "STADSDEL_PSEUDONYM_KEY": secrets.token_urlsafe(32),
        "PYTHONUNBUFFERED": "1",
    }
    log_path = work / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets_file),
    ]  # fmt: skip
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Streamlit did not start:\n{log_path.read_text()[-LOG_TAIL:]}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield base, process, store, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def process_usage(pid: int) -> dict:
    """Peak resident memory (MB) and CPU time (s) of a live process, from /proc (empty elsewhere)."""
    usage: dict = {}
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                usage["peak_rss_mb"] = round(int(line.split()[1]) / 1024, 1)
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        usage["cpu_s"] = round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)
    return usage


# ----------------------------------------------------------------------------- one session over the websocket


class SessionClosed(Exception):
    """The server closed the session's websocket."""


@dataclass
class RunOutcome:
    """What one script run drew: widgets by key, exceptions, alerts; how long it took."""

    seconds: float = 0.0
    widgets: dict = field(default_factory=dict)  # user key → (element type, proto)
    exceptions: list[str] = field(default_factory=list)
    alerts: list[tuple[int, str]] = field(default_factory=list)
    problem: str | None = None  # compile error, page not found, timeout, closed


def _user_key(widget_id: str) -> str | None:
    """The key the app gave a widget: Streamlit's ids are ``$$ID-<hash>-<key>``."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else None


#: Runs a cached message outlives its last use in the browser (Streamlit's ``global.maxCachedMessageAge``).
CACHE_AGE = 2


class Session:
    """One browser tab, as the server sees it: a websocket speaking Streamlit's protobuf messages, with
    the browser's cache of large messages (so an unchanged element is not counted as sent again)."""

    def __init__(self, base: str, rerun_timeout: float):
        self.base = base
        self.rerun_timeout = rerun_timeout
        self.ws = None
        self.queue: asyncio.Queue = asyncio.Queue()
        self.receiver: asyncio.Task | None = None
        self.session_id = ""
        self.query = ""
        self.pages: dict[str, str] = {}  # url path → page_script_hash
        self.page = "oversikt"
        #: Bytes of every message received, and the largest one (the national benchmark's wire cost).
        self.received_bytes = 0
        self.largest_message = 0
        #: The browser's message cache (frontend ForwardMsgCache): a large element the server sent before is
        #: claimed by its hash on the next rerun, and the server sends a reference instead of the element
        #: again. hash → [message, runs finished since it was last used]; dropped after ``CACHE_AGE`` runs, as
        #: the browser does (``global.maxCachedMessageAge``, 2 by default).
        self.cache: dict[str, list] = {}

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        # max_size=None: a page's map or chart can be a message of several MB.
        self.ws = await connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_timeout=None)
        self.receiver = asyncio.create_task(self._receive())

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if self.receiver is not None:
            self.receiver.cancel()
            with contextlib.suppress(BaseException):
                await self.receiver

    async def _receive(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        try:
            async for raw in self.ws:
                self.received_bytes += len(raw)
                self.largest_message = max(self.largest_message, len(raw))
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                if msg.WhichOneof("type") == "ref_hash":
                    # A reference to an element claimed as cached: the browser draws it from its cache.
                    entry = self.cache[msg.ref_hash]
                    entry[1] = 0
                    cached = ForwardMsg()
                    cached.CopyFrom(entry[0])
                    cached.metadata.CopyFrom(msg.metadata)
                    msg = cached
                elif msg.metadata.cacheable and msg.hash:
                    self.cache[msg.hash] = [msg, 0]
                self.queue.put_nowait(msg)
        finally:
            self.queue.put_nowait(None)

    async def _next(self, deadline: float):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError
        msg = await asyncio.wait_for(self.queue.get(), remaining)
        if msg is None:
            raise SessionClosed
        return msg

    async def send(self, back) -> None:
        await self.ws.send(back.SerializeToString())

    async def run(self, page: str | None = None, widgets=()) -> RunOutcome:
        """Ask for a rerun (of ``page`` when given, else the page shown) with ``widgets``' states, and read
        every message until the run is over."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        if page is not None and page != self.page:
            self.page = page
            self.query = ""  # a page link carries no query: the sidebar's shadow copies keep the choices
        path = "" if self.page == "oversikt" else self.page
        state = ClientState(
            query_string=self.query,
            page_script_hash=self.pages.get(self.page, ""),
            page_name="" if self.page in self.pages else path,
            widget_states=WidgetStates(widgets=list(widgets)),
            cached_message_hashes=list(self.cache),
            context_info=ContextInfo(
                url=f"{self.base}/{path}" + (f"?{self.query}" if self.query else ""),
                timezone="Europe/Stockholm",
                locale="sv-SE",
            ),
        )
        outcome = RunOutcome()
        started = time.perf_counter()
        deadline = started + self.rerun_timeout
        await self.send(BackMsg(rerun_script=state))
        try:
            while True:
                msg = await self._next(deadline)
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    self.session_id = msg.new_session.initialize.session_id or self.session_id
                    outcome.widgets.clear()  # a new run (also after st.rerun) draws the page anew
                elif kind == "navigation":
                    for app_page in msg.navigation.app_pages:
                        self.pages[app_page.url_pathname or "oversikt"] = app_page.page_script_hash
                elif kind == "page_info_changed":
                    self.query = msg.page_info_changed.query_string
                elif kind == "page_not_found":
                    outcome.problem = f"page not found: {msg.page_not_found.page_name}"
                elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
                    outcome.problem = f"compile error: {msg.session_event.script_compilation_exception.message}"
                elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    _note_element(msg.delta.new_element, outcome)
                elif kind == "script_finished":
                    status = msg.script_finished
                    if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        outcome.problem = outcome.problem or "compile error"
                    if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        self._age_cache()
                        break  # early-for-rerun: the app called st.rerun(), the next run follows
        except TimeoutError:
            outcome.problem = f"no script_finished within {self.rerun_timeout:.0f} s"
        except SessionClosed:
            outcome.problem = "the server closed the websocket"
        outcome.seconds = time.perf_counter() - started
        return outcome

    def _age_cache(self) -> None:
        """A finished run ages every cached message; one unused for ``CACHE_AGE`` runs is dropped."""
        for digest in list(self.cache):
            self.cache[digest][1] += 1
            if self.cache[digest][1] > CACHE_AGE:
                del self.cache[digest]

    async def file_urls(self, name: str) -> tuple[str, str]:
        """Ask the server where to upload ``name`` (what the browser's file picker does): (file id, URL)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.Common_pb2 import FileURLsRequest

        request_id = uuid.uuid4().hex
        request = FileURLsRequest(request_id=request_id, file_names=[name], session_id=self.session_id)
        await self.send(BackMsg(file_urls_request=request))
        deadline = time.perf_counter() + self.rerun_timeout
        while True:
            msg = await self._next(deadline)
            if msg.WhichOneof("type") == "file_urls_response" and msg.file_urls_response.response_id == request_id:
                urls = msg.file_urls_response.file_urls[0]
                return urls.file_id, urls.upload_url


def _note_element(element, outcome: RunOutcome) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        outcome.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
    elif kind == "alert":
        outcome.alerts.append((element.alert.format, element.alert.body))
    elif kind in ("selectbox", "multiselect", "button", "file_uploader", "checkbox", "radio", "segmented_control"):
        proto = getattr(element, kind)
        key = _user_key(proto.id)
        if key is not None:
            outcome.widgets[key] = (kind, proto)


def choose(proto, rng: random.Random):
    """A selectbox's state with another option chosen (its options are the texts the user sees)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    options = list(proto.options)
    current = options[proto.default] if 0 <= proto.default < len(options) else None
    others = [o for o in options if o != current] or options
    return WidgetState(id=proto.id, string_value=rng.choice(others))


def click(proto):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=proto.id, trigger_value=True)


# ----------------------------------------------------------------------------- recording


@dataclass
class Record:
    phase: str
    who: str
    page: str
    action: str
    seconds: float
    error: str | None


class Recorder:
    """Every rerun with its phase (by the time it started), page and outcome."""

    def __init__(self):
        self.records: list[Record] = []
        self.phase = "warmup"
        self.stop_at = float("inf")

    def running(self) -> bool:
        return time.perf_counter() < self.stop_at

    def add(self, who: str, page: str, action: str, outcome: RunOutcome, phase: str) -> None:
        error = outcome.problem or (outcome.exceptions[0] if outcome.exceptions else None)
        self.records.append(Record(phase, who, page, action, outcome.seconds, error))


async def timed(recorder: Recorder, session: Session, who: str, action: str, page=None, widgets=()) -> RunOutcome:
    phase = recorder.phase
    outcome = await session.run(page, widgets)
    recorder.add(who, session.page, action, outcome, phase)
    if outcome.problem == "the server closed the websocket":
        raise SessionClosed
    return outcome


async def reader(number: int, base: str, recorder: Recorder, args, start_delay: float) -> None:
    """One user: every page in turn, the year filter changed on each, the municipality after each round; the
    reload button clicked when the data changed."""
    rng = random.Random(args.seed * 1000 + number)
    who = f"läsare-{number}"
    await asyncio.sleep(start_delay)
    session = Session(base, args.rerun_timeout)

    async def think() -> None:
        if args.think > 0:
            await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))

    try:
        await session.connect()
        outcome = await timed(recorder, session, who, "open")
        # Each reader starts its round at another page, so every page is visited even when runs are slow.
        order = PAGES[number % len(PAGES) :] + PAGES[: number % len(PAGES)]
        while recorder.running():
            for page in order:
                if not recorder.running():
                    break
                outcome = await timed(recorder, session, who, "page", page)
                await think()
                if KEY_RELOAD in outcome.widgets and recorder.running():
                    reload = [click(outcome.widgets[KEY_RELOAD][1])]
                    outcome = await timed(recorder, session, who, "reload", widgets=reload)
                    await think()
                year = outcome.widgets.get(KEY_YEAR)
                if year is not None and recorder.running():
                    outcome = await timed(recorder, session, who, "filter", widgets=[choose(year[1], rng)])
                    await think()
            municipality = outcome.widgets.get(KEY_MUNICIPALITY)
            if municipality is not None and recorder.running():
                await timed(recorder, session, who, "municipality", widgets=[choose(municipality[1], rng)])
                await think()
    except SessionClosed:
        pass  # recorded as an error by ``timed``
    except OSError as exc:
        problem = f"{type(exc).__name__}: {exc}"
        recorder.records.append(Record(recorder.phase, who, session.page, "connect", 0.0, problem))
    finally:
        await session.close()


def _xsrf_token(base: str) -> str:
    """The XSRF cookie the server sets on any page answer; the browser sends it back as X-Xsrftoken."""
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            if "_streamlit_xsrf" in cookie:
                return cookie["_streamlit_xsrf"].value
    return ""


def _put_file(url: str, name: str, data: bytes, token: str) -> int:
    # The standard library has no multipart encoder; one file in one part is all the endpoint reads.
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token:
        headers |= {"X-Xsrftoken": token, "Cookie": f"_streamlit_xsrf={token}"}
    request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
    with urllib.request.urlopen(request, timeout=300) as response:
        return response.status


async def steward(base: str, store: Path, recorder: Recorder, args, data: bytes) -> dict:
    """The data steward: Data page, upload the file, accept it; what happened and how long each step took."""
    from streamlit.proto.Common_pb2 import FileUploaderState, FileURLs, UploadedFileInfo
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    who = "dataansvarig"
    report: dict = {"ok": False, "rows_in_file": args.import_rows, "bytes": len(data)}
    began = time.perf_counter()
    session = Session(base, args.import_timeout)
    try:
        await session.connect()
        await timed(recorder, session, who, "open")
        outcome = await timed(recorder, session, who, "page", "data")
        uploader = outcome.widgets.get(KEY_UPLOAD)
        if uploader is None:
            report["problem"] = f"no file uploader ({KEY_UPLOAD}) on the Data page"
            return report
        sent = time.perf_counter()
        file_id, upload_path = await session.file_urls(IMPORT_NAME)
        token = await asyncio.to_thread(_xsrf_token, base)
        await asyncio.to_thread(_put_file, base + upload_path, IMPORT_NAME, data, token)
        report["upload_s"] = round(time.perf_counter() - sent, 3)
        state = WidgetState(
            id=uploader[1].id,
            file_uploader_state_value=FileUploaderState(
                uploaded_file_info=[
                    UploadedFileInfo(
                        name=IMPORT_NAME,
                        size=len(data),
                        file_id=file_id,
                        file_urls=FileURLs(file_id=file_id, upload_url=upload_path, delete_url=upload_path),
                    )
                ]
            ),
        )
        outcome = await timed(recorder, session, who, "preview", widgets=[state])
        report["preview_rerun_s"] = round(outcome.seconds, 3)
        accept = outcome.widgets.get(KEY_ACCEPT)
        if accept is None or accept[1].disabled:
            shown = [body[:200] for _, body in outcome.alerts]
            report["problem"] = f"the accept button is {'disabled' if accept else 'missing'}; alerts: {shown}"
            return report
        outcome = await timed(recorder, session, who, "accept", widgets=[state, click(accept[1])])
        report["accept_rerun_s"] = round(outcome.seconds, 3)
        from analysis.keeping.store import Store

        active = Store(store).active(IMPORT_KOMMUN, "deltagare")
        report["stored_rows"] = active.rows if active else 0
        report["ok"] = active is not None and active.rows == args.import_rows and outcome.problem is None
        if not report["ok"]:
            report["problem"] = outcome.problem or "the store has no new version with every row"
    except (SessionClosed, OSError, TimeoutError) as exc:
        report["problem"] = f"{type(exc).__name__}: {exc}"
    finally:
        report["total_s"] = round(time.perf_counter() - began, 3)
        await session.close()
    return report


# ----------------------------------------------------------------------------- the run and its report


def percentile(values: list[float], q: int) -> float | None:
    """The q-th percentile (inclusive method: within the observed range); None without values."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summary(records: list[Record]) -> dict:
    times = [r.seconds for r in records if r.error is None]

    def r3(value):
        return None if value is None else round(value, 3)

    result = {
        "reruns": len(records),
        "errors": sum(r.error is not None for r in records),
        "median_s": r3(statistics.median(times)) if times else None,
        "p95_s": r3(percentile(times, 95)),
        "max_s": r3(max(times)) if times else None,
    }
    return result


def report(records: list[Record], phases: list[str], lengths: dict[str, float]) -> dict:
    """Per phase: the readers' reruns (all, and per page), the reloads after the notice, the steward's steps."""
    out = {}
    for phase in phases:
        mine = [r for r in records if r.phase == phase]
        readers = [r for r in mine if r.who.startswith("läsare")]
        entry = {"length_s": lengths.get(phase), **summary(readers)}
        entry["pages"] = {page: summary([r for r in readers if r.page == page]) for page in PAGES}
        entry["reloads"] = sum(r.action == "reload" for r in readers)
        stewards = [r for r in mine if not r.who.startswith("läsare")]
        if stewards:
            entry["steward_reruns"] = {r.action: round(r.seconds, 3) for r in stewards}
        out[phase] = entry
    return out


async def run(args, base: str, store: Path) -> tuple[dict, list[Record]]:
    recorder = Recorder()
    # Warm-up, not counted in the phases: one session over every page loads both data sets and the caches.
    warm = Session(base, args.rerun_timeout)
    try:
        await warm.connect()
        await timed(recorder, warm, "läsare-uppvärmning", "open")
        for page in PAGES:
            await timed(recorder, warm, "läsare-uppvärmning", "page", page)
    finally:
        await warm.close()

    recorder.phase = "a"
    begin = time.perf_counter()
    phase_b = begin + args.duration
    stagger = min(5.0, args.duration / 4)
    tasks = [
        asyncio.create_task(reader(n, base, recorder, args, stagger * n / max(args.sessions, 1)))
        for n in range(1, args.sessions + 1)
    ]
    import_report = None
    lengths = {"a": args.duration}
    data = None if args.no_import else participant_file(args.import_rows, seed=args.seed)
    await asyncio.sleep(max(0.0, phase_b - time.perf_counter()))
    if data is not None:
        recorder.phase = "b"
        steward_task = asyncio.create_task(steward(base, store, recorder, args, data))
        # The phase lasts its duration or until the import is done, whichever is later (bounded).
        import_report = await asyncio.wait_for(steward_task, args.import_timeout)
        await asyncio.sleep(max(0.0, phase_b + args.duration - time.perf_counter()))
        lengths["b"] = time.perf_counter() - phase_b
        if args.after > 0:
            recorder.phase = "c"
            await asyncio.sleep(args.after)
            lengths["c"] = args.after
    recorder.stop_at = time.perf_counter()
    # Readers stop now; a run in progress may take up to the rerun timeout to finish.
    await asyncio.wait_for(asyncio.gather(*tasks), args.rerun_timeout + 30)
    return {"import": import_report, "lengths": {k: round(v, 1) for k, v in lengths.items()}}, recorder.records


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent reader sessions (default 20)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase (default 60)")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time between clicks, s (default 3)")
    parser.add_argument(
        "--after", type=float, default=20.0, help="phase c: seconds after the import (default 20; 0: none)"
    )
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows in the steward's file (default 100000)")
    parser.add_argument("--no-import", action="store_true", help="phase a only, no steward")
    parser.add_argument("--seed", type=int, default=13, help="seed for the clicks and the file (default 13)")
    parser.add_argument("--rerun-timeout", type=float, default=180.0, help="longest a rerun may take, s (default 180)")
    parser.add_argument(
        "--import-timeout", type=float, default=900.0, help="longest the import may take, s (default 900)"
    )
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1–{MAX_SESSIONS}")
    if not 1 <= args.duration <= MAX_DURATION:
        parser.error(f"--duration must be 1–{MAX_DURATION} s")
    if not 1 <= args.import_rows <= MAX_ROWS:
        parser.error(f"--import-rows must be 1–{MAX_ROWS}")
    if args.think < 0 or not 0 <= args.after <= MAX_DURATION or args.rerun_timeout <= 0 or args.import_timeout <= 0:
        parser.error(f"--think must be ≥ 0, --after 0–{MAX_DURATION} s and the timeouts > 0")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    import streamlit

    with tempfile.TemporaryDirectory(prefix="stadsdel-last-") as tmp, streamlit_server(Path(tmp)) as server:
        base, process, store, log_path = server
        started = time.perf_counter()
        extra, records = asyncio.run(run(args, base, store))
        usage = process_usage(process.pid)
        phases = ["warmup", *extra["lengths"]]
        result = {
            "settings": {
                "sessions": args.sessions,
                "duration_s": args.duration,
                "think_s": args.think,
                "after_s": None if args.no_import else args.after,
                "import_rows": None if args.no_import else args.import_rows,
                "seed": args.seed,
                "server": base,
                "streamlit": streamlit.__version__,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            },
            "phases": report(records, phases, extra["lengths"]),
            "import": extra["import"],
            "server": usage,
            # The client shares the machine: its own CPU time, to tell whether it competed with the server.
            "client_cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 1),
            "wall_s": round(time.perf_counter() - started, 1),
            "error_samples": sorted({f"{r.who} {r.page}/{r.action}: {r.error}" for r in records if r.error})[:10],
        }
        failed = any(r.error for r in records) or (not args.no_import and not (extra["import"] or {}).get("ok"))
        if failed:
            result["server_log_tail"] = log_path.read_text(errors="replace")[-LOG_TAIL:]
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
