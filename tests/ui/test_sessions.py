"""Sessions apart (issue 13): two sessions of the real app at once on one store, as two users on one server.

Two ``AppTest`` instances run in this process, so they share the process's caches exactly as two browser
sessions on one Streamlit server do, and each has its own session state, URL and uploads. One session's
upload, filter and chosen districts never reach the other; an import made through the command line (another
process, as a data steward at a terminal would) while both are open is announced in the next run of each,
which keeps showing the figures it started with, also after the shared cache forgot them, until the user asks
for the new data.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.files_in.dataset import load_dataset
from analysis.keeping.store import Store
from texts import sv
from ui import cache, context

ROOT = Path(__file__).resolve().parents[2]
HELSINGBORG = ROOT / "data" / "demo" / "helsingborg"
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"
KEY = "testnyckel-som-bara-finns-i-testerna"


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    """One store for both sessions (``STADSDEL_STORE_DIR``), a pseudonym key, and empty shared caches."""
    folder = tmp_path / "lager"
    monkeypatch.setenv("STADSDEL_STORE_DIR", str(folder))
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", KEY)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield folder
    st.cache_data.clear()
    st.cache_resource.clear()


def open_session(page: str = "oversikt") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    return switch(at, page)


def switch(at: AppTest, page: str) -> AppTest:
    if page != "oversikt":
        at.switch_page(str(ROOT / "pages" / f"{page}.py"))
    return ran(at)


def ran(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def cli_import(file: Path, store: Path, tmp_path: Path) -> str:
    """``python -m analysis import FILE --data HELSINGBORG`` in its own process; the new version's id."""
    env = {**os.environ, "STADSDEL_STORE_DIR": str(store), "STADSDEL_PSEUDONYM_KEY": KEY, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "import", str(file), "--data", str(HELSINGBORG)],
        cwd=tmp_path,  # no .streamlit/secrets.toml of a developer's: the key comes from the environment
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Store(store).active("1283", "deltagare").id


def number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", ""))


def participant_rows(at: AppTest) -> int:
    """The Data page's "Laddat" tab: how many participant rows the session's data set has."""
    return number(next(m.value for m in at.metric if m.label == sv.DATA_PARTICIPANT_ROWS))


def changed_notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if w.value == sv.DATA_CHANGED_NOTICE]


def reload_buttons(at: AppTest) -> list:
    return [b for b in at.button if b.key == context.KEY_RELOAD]


def test_one_sessions_upload_filter_and_districts_never_reach_another(store_dir):
    a = open_session("data")
    b = open_session("data")
    default_year = b.selectbox(key=context.KEY_YEAR).value

    # A uploads a participant file (not accepted) and sees its report; B sees no file and no report.
    a.file_uploader(key="import_fil").upload(EXPORT.name, EXPORT.read_bytes(), "text/csv")
    ran(a)
    read_label = sv.DATA_REPORT_COLUMNS["rows_read"]
    assert {m.label: m.value for m in a.metric}[read_label] == "5"
    ran(b)
    assert read_label not in {m.label for m in b.metric}
    assert sv.IMPORT_NO_FILE in [c.value for c in b.caption]
    assert not b.session_state["import_fil"]

    # A filters on another year; B keeps the default, in its widget and in its URL.
    other_year = next(y for y in a.selectbox(key=context.KEY_YEAR).options if int(y) != int(default_year))
    a.selectbox(key=context.KEY_YEAR).set_value(int(other_year))
    ran(a)
    assert a.query_params[context.KEY_YEAR] == str(other_year)
    ran(b)
    assert b.selectbox(key=context.KEY_YEAR).value == default_year
    assert b.query_params[context.KEY_YEAR] == str(default_year)

    # A compares two districts B does not start from; B's comparison is its own.
    switch(a, "jamfor")
    switch(b, "jamfor")
    b_start = list(b.multiselect(key="jamfor_stadsdelar").value)
    codes = list(load_dataset(HELSINGBORG).districts["stadsdel_kod"])
    a_choice = [c for c in codes if c not in b_start][:2]
    a.multiselect(key="jamfor_stadsdelar").set_value(a_choice)
    ran(a)
    assert list(a.multiselect(key="jamfor_stadsdelar").value) == a_choice
    ran(b)
    assert list(b.multiselect(key="jamfor_stadsdelar").value) == b_start
    assert not set(a_choice) & set(b.multiselect(key="jamfor_stadsdelar").value)
    assert a.query_params[context.KEY_DISTRICTS] != b.query_params[context.KEY_DISTRICTS]
    # B's own shadow copies (what survives its page switches) hold its own choices, not A's.
    assert b.session_state[f"_{context.KEY_YEAR}"] == default_year
    assert not set(a_choice) & set(b.session_state[f"_{context.KEY_DISTRICTS}"] or [])


def test_an_import_under_an_open_session_is_announced_and_shown_only_on_request(store_dir, tmp_path):
    shipped_rows = len(load_dataset(HELSINGBORG).participants)
    reader = open_session("data")
    other = open_session("data")
    assert participant_rows(reader) == participant_rows(other) == shipped_rows
    assert not changed_notices(reader) and not reload_buttons(reader)

    # A data steward imports a new participant version from the command line while both pages are open.
    first = cli_import(EXPORT, store_dir, tmp_path)
    first_rows = Store(store_dir).version("1283", "deltagare", first).rows
    assert first_rows != shipped_rows
    ran(reader)
    assert changed_notices(reader) == [sv.DATA_CHANGED_NOTICE]
    assert participant_rows(reader) == shipped_rows  # still what the user started with
    # Another page of the same session: the same pinned data, the same notice.
    switch(reader, "oversikt")
    assert changed_notices(reader)
    switch(reader, "data")
    assert participant_rows(reader) == shipped_rows

    # The user asks for the new data: from then on the session shows the import, without the notice.
    reload_buttons(reader)[0].click()
    ran(reader)
    assert participant_rows(reader) == first_rows
    assert not changed_notices(reader) and not reload_buttons(reader)
    # The other session has not asked: it still shows the shipped data, and says the data changed.
    ran(other)
    assert participant_rows(other) == shipped_rows
    assert changed_notices(other)

    # A second import; then the shared cache forgets everything (as an eviction would): the reader's pinned
    # key names the first import's version, so it loads that one again, not the now active second.
    demo_lines = (HELSINGBORG / "deltagare.csv").read_text(encoding="utf-8").splitlines()
    second_file = tmp_path / "deltagare_andra.csv"
    second_file.write_text("\n".join(demo_lines[:41]) + "\n", encoding="utf-8")
    second = cli_import(second_file, store_dir, tmp_path)
    second_rows = Store(store_dir).version("1283", "deltagare", second).rows
    assert second_rows not in (first_rows, shipped_rows)
    st.cache_data.clear()
    st.cache_resource.clear()
    ran(reader)
    assert participant_rows(reader) == first_rows
    assert changed_notices(reader)
    reload_buttons(reader)[0].click()
    ran(reader)
    assert participant_rows(reader) == second_rows
    assert not changed_notices(reader)


def _pins_app():
    import streamlit as st

    from ui import context

    st.session_state.setdefault(context.KEY_PINNED, {"1283": "gammal", "0360": "gammal"})
    st.button("en", on_click=context.adopt_latest, args=("1283",))
    st.button("alla", on_click=context.adopt_latest)
    st.write(" ".join(sorted(st.session_state[context.KEY_PINNED])) or "inga")


def test_adopt_latest_drops_one_pin_or_all():
    """``adopt_latest(kod)`` (the Data page after its own import) drops that municipality's pin, so the next run
    pins the newest; ``adopt_latest()`` drops every pin of the session."""
    at = AppTest.from_function(_pins_app)
    ran(at)
    assert at.markdown[0].value == "0360 1283"
    at.button[0].click()
    ran(at)
    assert at.markdown[0].value == "0360"
    at.button[1].click()
    ran(at)
    assert at.markdown[0].value == "inga"


def test_the_key_names_exactly_the_versions_it_loads(store_dir, tmp_path):
    """``cache.dataset`` loads the versions its key names, not whatever is active: after a second import the
    first key still gives the first version (also after the cache forgot it), the newest key the second."""
    first = cli_import(EXPORT, store_dir, tmp_path)
    old_key = cache.source_key(str(HELSINGBORG), "1283")
    old = cache.dataset(old_key)
    assert old.imported["deltagare"].id == first
    demo_lines = (HELSINGBORG / "deltagare.csv").read_text(encoding="utf-8").splitlines()
    second_file = tmp_path / "deltagare_andra.csv"
    second_file.write_text("\n".join(demo_lines[:31]) + "\n", encoding="utf-8")
    second = cli_import(second_file, store_dir, tmp_path)
    new_key = cache.source_key(str(HELSINGBORG), "1283")
    assert new_key != old_key
    st.cache_resource.clear()
    again = cache.dataset(old_key)
    assert again.imported["deltagare"].id == first
    assert len(again.participants) == len(old.participants)
    newest = cache.dataset(new_key)
    assert newest.imported["deltagare"].id == second
    assert len(newest.participants) == 30
    path, root, versions = cache.parse_source_key(new_key)
    assert (path, root) == (str(HELSINGBORG), str(store_dir))
    assert versions == {kind: (second if kind == "deltagare" else None) for kind in cache.IMPORTED_KINDS}
