"""The Data page and roles (issue 13) through AppTest: a reader sees the aggregates only; every steward action
a reader asks for anyway (the UI functions called directly, or a button's state sent) is refused on the
server and recorded; a steward's import is kept under the signed-in name, never a typed one. And an upload
is parsed once per file, not on every click; the sheet picker works whatever the first sheet holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.files_in import intake, reading
from analysis.keeping import audit
from analysis.keeping.audit import ROLE_STEWARD, Actor, AuditLog
from analysis.keeping.store import Store
from texts import sv
from ui import safe

ROOT = Path(__file__).resolve().parents[2]
DATA_PAGE = str(ROOT / "pages" / "data.py")
EXPORT = ROOT / "tests" / "fixtures" / "intake" / "arende_export.csv"
OIDC = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "en-lang-slumpad-hemlighet-for-testerna",
        "client_id": "stadsdel",
        "client_secret": "hemlig",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "behorighet": {"roll_claim": "groups", "dataansvarig_varden": ["stadsdel-dataansvarig"]},
}
READER = {"is_logged_in": True, "email": "lars@bolag.se"}
STEWARD = {"is_logged_in": True, "email": "anna@bolag.se", "groups": ["stadsdel-dataansvarig"]}
#: The keys of the steward's buttons (and a mapping selectbox) on the Data page.
STEWARD_BUTTONS = [
    "import_godkann",
    "import_spara_mappning",
    "tabell_godkann_aktiviteter",
    "scb_godkann",
    "scb_granser_hamta",
    "scb_granser_anvand",
    "import_byt_deltagare",
]


@pytest.fixture
def log(tmp_path) -> AuditLog:
    return AuditLog(tmp_path / "lager")


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "lager")


def data_page(user: dict, secrets: dict = OIDC) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.user = user
    at.run()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception, at.exception
    return at


def refusals(log: AuditLog) -> list[tuple[str, str]]:
    entries = log.entries()
    refused = entries[entries["outcome"] == audit.REFUSED]
    return list(zip(refused["who"], refused["action"], strict=True))


# ----------------------------------------------------------------------------- what a reader sees


def test_a_reader_sees_the_aggregates_only(log):
    at = data_page(READER)
    assert at.title[0].value == "Data: Helsingborg"
    assert not at.tabs  # no import, table, SCB, version or audit tabs
    assert not at.get("file_uploader")
    subheaders = {s.value for s in at.subheader}
    assert {sv.DATA_SOURCES, sv.DATA_SETTINGS} <= subheaders
    assert not subheaders & {sv.DATA_VALIDATION, sv.IMPORT_PARTICIPANTS, sv.AUDIT_TITLE, sv.DATA_TEMPLATE}
    assert {m.label for m in at.metric} >= {sv.DATA_DISTRICTS, sv.DATA_PARTICIPANT_ROWS}
    assert sv.AUTH_READER_NOTICE in [c.value for c in at.caption]
    assert not at.dataframe  # no validation report, no versions, no log
    # Drawing nothing for a reader is not a refusal: only the sign-in is in the log.
    assert refusals(log) == []


def test_a_steward_sees_every_tab():
    at = data_page(STEWARD)
    assert [t.label for t in at.tabs] == [*sv.DATA_TABS.values(), sv.DATA_TAB_AUDIT]
    assert at.get("file_uploader")


# ----------------------------------------------------------------------------- a reader asking anyway


def _direct(action: str, argument: str) -> None:
    """A page that calls one steward action of ui.importer directly, whatever the role (the test's attack)."""
    from pathlib import Path

    from analysis.files_in import intake, strategy
    from ui import auth, cache, context, importer

    auth.gate()
    ctx = context.page()
    store = cache.local_store()
    codes = dict(district_codes=ctx.data.districts["stadsdel_kod"], programme_codes=ctx.data.programmes["insats"])
    if action == "participant_import":
        importer.participant_import(ctx, store)
    elif action == "table_import":
        importer.table_import(ctx, store)
    elif action == "scb_import":
        importer.scb_import(ctx, store)
    elif action == "scb_boundaries":
        importer.scb_boundaries(ctx, store)
    elif action == "version_picker":
        importer.version_picker(ctx, store, "deltagare", "Deltagare")
    elif action == "audit_view":
        importer.audit_view(ctx, store)
    elif action == "save_mapping":
        importer.save_mapping(ctx, store, {"Personnummer": "personnummer"})
    elif action == "switch_version":
        importer.switch_version(ctx, store, "deltagare", argument)
    elif action == "accept_participants":
        data = Path(argument).read_bytes()
        preview = intake.preview_participants(data, "arende_export.csv", key=b"k" * 32, **codes)
        importer.accept_participants(ctx, store, preview)
    elif action == "accept_table":
        template = strategy.template_csv("aktiviteter")
        importer.accept_table(ctx, store, intake.preview_table("aktiviteter", template, "aktiviteter.csv", **codes))


DIRECT = {
    "participant_import": audit.IMPORT,
    "table_import": audit.IMPORT,
    "scb_import": audit.IMPORT,
    "scb_boundaries": audit.IMPORT,
    "version_picker": audit.SWITCH,
    "audit_view": audit.AUDIT,
    "save_mapping": audit.MAPPING,
    "switch_version": audit.SWITCH,
    "accept_participants": audit.IMPORT,
    "accept_table": audit.IMPORT,
}


@pytest.mark.parametrize("action", list(DIRECT))
def test_a_readers_direct_call_of_a_steward_action_is_refused_and_recorded(action, store, log):
    anna = Actor(name="anna@bolag.se", role=ROLE_STEWARD, method=audit.METHOD_OIDC)
    frame = pd.DataFrame({"deltagare_id": pd.array(["P1"], dtype="string")})
    counts = {"rows_read": 1, "rows_accepted": 1, "rows_rejected": 0}
    first = store.save("1283", "deltagare", frame, actor=anna, file_name="a.csv", **counts)
    store.save("1283", "deltagare", frame, actor=anna, file_name="b.csv", **counts)
    before = [v.id for v in store.versions("1283", "deltagare")]
    active = store.active("1283", "deltagare").id
    argument = first.id if action == "switch_version" else str(EXPORT)
    at = AppTest.from_function(_direct, args=(action, argument), default_timeout=90)
    for key, value in OIDC.items():
        at.secrets[key] = value
    at.user = READER
    at.run()
    assert not at.exception, at.exception
    refused = sv.auth_refused(sv.AUTH_ROLES["läsare"], DIRECT[action])
    assert safe.message(refused) in [e.value for e in at.error]  # shown escaped: it may name a file
    assert refusals(log) == [("lars@bolag.se", DIRECT[action])]
    # Nothing changed: no new version, the same one active, no mapping saved, nothing of the log shown.
    assert [v.id for v in store.versions("1283", "deltagare")] == before
    assert store.active("1283", "deltagare").id == active
    assert not (store.root / "1283" / "deltagare_kolumnmappning.json").exists()
    assert not at.dataframe and not at.get("file_uploader")


def test_a_readers_forged_button_states_do_nothing(store, log):
    at = data_page(READER)
    for key in STEWARD_BUTTONS:
        at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    assert store.kinds("1283") == []
    assert not at.tabs and not at.get("file_uploader")


def test_the_store_refuses_a_reader_even_past_the_page(store, log):
    """The last line of defence: intake and the store check the actor themselves."""
    lars = Actor(name="lars@bolag.se", role=audit.ROLE_READER, method=audit.METHOD_OIDC)
    preview = intake.preview_participants(
        EXPORT.read_bytes(),
        "arende_export.csv",
        district_codes=["1283R005", "1283R019"],
        programme_codes=None,
        key=b"k" * 32,
    )
    with pytest.raises(audit.Refused):
        intake.accept(preview, store, "1283", actor=lars)
    assert store.versions("1283", "deltagare") == []
    assert refusals(log) == [("lars@bolag.se", audit.IMPORT)]


# ----------------------------------------------------------------------------- a steward's import


def upload(at: AppTest, name: str = "arende_export.csv", content: bytes | None = None) -> AppTest:
    content = EXPORT.read_bytes() if content is None else content
    at.file_uploader(key="import_fil").upload(name, content, "text/csv").run()
    assert not at.exception, at.exception
    return at


def test_a_stewards_import_is_kept_under_the_signed_in_name(store, log):
    at = upload(data_page(STEWARD))
    # No field to type a name into: the name comes from the sign-in.
    assert not [t for t in at.text_input]
    assert sv.import_as("anna@bolag\\.se") in [c.value for c in at.caption]
    at.button(key="import_godkann").click().run()
    assert not at.exception, at.exception
    version = store.active("1283", "deltagare")
    assert version is not None and version.who == "anna@bolag.se"
    versions = next(d.value for d in reversed(at.dataframe) if sv.IMPORT_VERSION_COLUMNS["who"] in d.value.columns)
    assert list(versions[sv.IMPORT_VERSION_COLUMNS["who"]]) == ["anna@bolag.se"]
    entries = log.entries()
    imports = entries[entries["action"] == audit.IMPORT]
    assert list(imports["who"]) == ["anna@bolag.se"] and list(imports["outcome"]) == [audit.OK]
    assert version.id in imports["what"].iloc[0]


def test_the_audit_tab_shows_the_log_newest_first_and_its_chain(store, log):
    at = upload(data_page(STEWARD))
    at.button(key="import_godkann").click().run()
    table = next(d.value for d in at.dataframe if sv.AUDIT_COLUMNS["action"] in d.value.columns)
    assert list(table[sv.AUDIT_COLUMNS["action"]]) == [sv.AUTH_ACTIONS["import"], sv.AUTH_ACTIONS["inloggning"]]
    assert list(table[sv.AUDIT_COLUMNS["outcome"]]) == [sv.AUDIT_OUTCOMES["ok"]] * 2
    assert sv.audit_intact("2") in [s.value for s in at.success]
    keys = {b.proto.id for b in at.get("download_button")}
    assert any(k.endswith("ladda_granskningslogg_csv") for k in keys)
    assert any(k.endswith("ladda_granskningslogg_xlsx") for k in keys)
    # A tampered log says so.
    lines = log.path.read_bytes().splitlines()
    log.path.write_bytes(lines[1] + b"\n")
    at.run()
    assert any(e.value.startswith(sv.AUDIT_BROKEN) for e in at.error)


def test_a_name_in_the_log_is_never_markdown(store, log):
    log.record(Actor(name="[klicka](http://evil.example)", role=ROLE_STEWARD, method="cli"), "import", "**x**", "ok")
    at = data_page(STEWARD)
    table = next(d.value for d in at.dataframe if sv.AUDIT_COLUMNS["who"] in d.value.columns)
    assert "[klicka](http://evil.example)" in list(table[sv.AUDIT_COLUMNS["who"]])  # as typed, in a table only
    assert "evil.example" not in " ".join(m.value for m in [*at.markdown, *at.caption, *at.info, *at.error])


def test_the_open_demo_names_no_one_and_says_so(store):
    at = data_page({}, secrets={})
    assert sv.AUTH_OPEN_NOTICE in [i.value for i in at.info]
    at = upload(at)
    at.button(key="import_godkann").click().run()
    assert store.active("1283", "deltagare").who == "(ingen inloggning)"


# ----------------------------------------------------------------------------- an upload parsed once


def counting(monkeypatch, module, name: str, file_name: str = "arende_export.csv") -> list[int]:
    """Calls of ``module.name`` for the uploaded file (the data set's own files are read through it too)."""
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        if file_name in (args[1:2] or [kwargs.get("file_name")]):
            calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_an_upload_is_read_once_and_accept_keeps_the_preview_shown(monkeypatch, store):
    reads = counting(monkeypatch, reading, "read_table")
    previews = counting(monkeypatch, intake, "preview_participants")
    at = upload(data_page(STEWARD))
    assert (len(reads), len(previews)) == (1, 1)
    # An unrelated widget (the SCB panel's column) and a rerun: nothing parsed again.
    at.selectbox(key="scb_kolumn").set_value("medianinkomst_tkr").run()
    at.run()
    assert (len(reads), len(previews)) == (1, 1)
    # The date order changes the preview, not the reading.
    at.toggle(key="import_dag").set_value(False).run()
    assert (len(reads), len(previews)) == (1, 2)
    at.toggle(key="import_dag").set_value(True).run()
    assert (len(reads), len(previews)) == (1, 3)
    at.button(key="import_godkann").click().run()
    assert not at.exception, at.exception
    assert store.active("1283", "deltagare") is not None
    assert len(reads) == 1  # accept kept the preview shown, and the rerun after it reused the table


def test_another_file_drops_the_first(monkeypatch):
    at = upload(data_page(STEWARD))
    first = at.session_state["_import_uppladdning"]["digest"]
    content = EXPORT.read_bytes().replace(b"2025", b"2024", 1)
    at = upload(at, content=content)
    kept = at.session_state["_import_uppladdning"]
    assert kept["digest"] != first
    assert {key for key in kept if key not in ("digest", "default_sheet")} <= {"sheets", "raw", "preview"}


def workbook(first_sheet_rows: list[list], data_rows: list[list], data_title: str = "Deltagare") -> bytes:
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Info"
    for row in first_sheet_rows:
        info.append(row)
    sheet = book.create_sheet(data_title)
    for row in data_rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_rows() -> list[list]:
    text = EXPORT.read_bytes().decode("cp1252")
    return [row for row in csv.reader(io.StringIO(text), delimiter=";")]


def test_a_workbook_whose_first_sheet_is_not_the_data_can_be_imported(store):
    content = workbook([["Om den här filen"], ["Exporterad ur ärendesystemet"]], export_rows())
    at = data_page(STEWARD)
    at.file_uploader(key="import_fil").upload("export.xlsx", content, "application/octet-stream").run()
    assert not at.exception, at.exception
    picker = at.selectbox(key="import_blad")
    assert picker.options == ["Info", "Deltagare"]
    assert any("rubrikrad" in e.value for e in at.error)  # the first sheet is no table: said, not a dead end
    picker.set_value(1).run()
    assert not at.exception, at.exception
    assert not [e for e in at.error if "rubrikrad" in e.value]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rader lästa"] == "5"
    at.button(key="import_godkann").click().run()
    assert store.active("1283", "deltagare").rows == 4


def test_a_table_workbook_whose_first_sheet_is_not_the_data_can_be_imported(store):
    rows = [
        ["datum", "stadsdel_kod", "typ", "arrangor", "deltagare", "rakning", "atgard_id"],
        ["2025-03-04", "1283R005", "sprakcafe", "Röda Korset", 12, "raknat", None],
        ["2025-03-11", "1283R005", "läxhjälp", "Skolan", 8, "uppskattat", None],
    ]
    content = workbook([["Läs mig"]], rows, data_title="Logg")
    at = data_page(STEWARD)
    at.selectbox(key="tabell_typ").set_value("aktiviteter").run()
    at.file_uploader(key="tabell_fil_aktiviteter").upload("logg.xlsx", content, "application/octet-stream").run()
    assert not at.exception, at.exception
    at.selectbox(key="tabell_blad_aktiviteter").set_value(1).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rader lästa"] == "2" and metrics["Godkända"] == "2"
    at.button(key="tabell_godkann_aktiviteter").click().run()
    assert store.active("1283", "aktiviteter").rows == 2
