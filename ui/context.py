"""The shared sidebar (municipality, year), the demo notice, and the context every page reads.

Every page starts with ``ctx = context.page()``: it draws the sidebar and the demo notice and returns the
context, or stops the page with a clear message when no data loads. (Drawing them in ``dashboard.py``
before ``navigation.run()`` works in the browser, but AppTest's ``switch_page`` runs only the page's
part of the tree, so the pages could not be tested with their sidebar.) Streamlit forgets a widget's
value when a page without it runs; the sidebar keeps a shadow copy of each value in session state so
the choice survives page switches. The
municipality (as its four-character code) and the year also live in the URL as ``kommun`` and ``ar``, so
a link reopens the same view; an invalid value there falls back to the default with a short notice.

Each session pins the data version it shows (``pinned_data``): an import or a switch of version by someone
else is announced with a button to reload, never shown silently. Everything a session chooses lives in its
own ``st.session_state`` and URL; this module keeps no state of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st
from streamlit import config as streamlit_config  # AppTest patches get_option on this module
from streamlit.runtime.pages_manager import PagesManager

import texts
from analysis import settings as settings_module
from analysis.files_in.dataset import Dataset, DatasetInfo
from analysis.files_in.validation import DataError
from ui import auth, cache, printing, safe

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_ROOT = PROJECT_ROOT / "data" / "demo"
#: Another folder of data sets (one folder each, as in data/demo) instead of the demo, e.g. the benchmark's.
DATA_ROOT_VARIABLE = "STADSDEL_DATA_DIR"


def data_root() -> Path:
    """The folder of data sets shown: ``STADSDEL_DATA_DIR`` when set, else the shipped demo data."""
    chosen = os.environ.get(DATA_ROOT_VARIABLE, "").strip()
    return Path(chosen) if chosen else DEMO_ROOT


KEY_MUNICIPALITY = "kommun"
KEY_YEAR = "ar"
KEY_LANGUAGE = "lang"
#: Presentation mode (issue 11): ``presentation=1`` in the URL, or the sidebar's toggle.
KEY_PRESENTATION = "presentation"


@dataclass(frozen=True)
class Context:
    info: DatasetInfo
    data: Dataset
    year: int
    settings: settings_module.Settings
    #: Cache key of the data set as shown (folder, store and the import versions this session pinned), see
    #: ``cache.source_key`` and ``pinned_data``.
    path: str


def linked_widget(
    widget,
    label: str,
    options: list,
    key: str,
    cast,
    notices: list[str],
    what: str,
    *,
    container=None,
    param: str | None = None,
    serialise=str,
    **kwargs,
):
    """Any choice widget whose value survives page switches and lives in the URL as the query parameter
    ``param`` (default ``key``), so a link reopens the same view.

    ``widget`` is a Streamlit widget function: one that takes ``options`` (selectbox, radio,
    select_slider, segmented_control) or a boolean one (toggle, checkbox: pass ``options=[False, True]``).
    ``cast`` turns the URL's text into a value (``ValueError`` when it cannot), ``serialise`` a value into
    the URL's text. Each page's widget is a new widget to Streamlit, so the chosen value is kept in a
    shadow copy ``_<key>`` (updated in ``on_change``, which runs before the rerun) and handed to the
    widget on every run. The first run of a session takes the value from the URL when it is an allowed
    option, and otherwise adds a notice (``texts.link_fallback``) and keeps the default. ``container`` is
    the sidebar unless given.
    """
    param = param or key
    shadow = f"_{key}"
    if shadow in st.session_state:
        if st.session_state[shadow] in options:
            st.session_state[key] = st.session_state[shadow]
        else:  # e.g. a year the newly chosen municipality lacks: fall back to the default
            st.session_state.pop(key, None)
    elif param in st.query_params:
        raw = st.query_params[param]
        try:
            value = cast(raw)
        except (TypeError, ValueError):
            value = None
        if value in options:
            st.session_state[key] = value
        else:
            notices.append(texts.link_fallback(what, safe.md(raw[:20])))

    def remember() -> None:
        st.session_state[shadow] = st.session_state[key]

    place = container or st.sidebar
    if widget in (st.toggle, st.checkbox):
        value = getattr(place, widget.__name__)(label, key=key, on_change=remember, **kwargs)
    else:
        value = getattr(place, widget.__name__)(label, options, key=key, on_change=remember, **kwargs)
    st.session_state[shadow] = value
    if value is None:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = serialise(value)
    return value


def linked_selectbox(
    label: str, options: list, key: str, cast, notices: list[str], what: str, *, container=None, **kwargs
):
    """A selectbox (in the sidebar unless ``container`` says otherwise) kept in the URL as ``key``
    (see ``linked_widget``)."""
    return linked_widget(st.selectbox, label, options, key, cast, notices, what, container=container, **kwargs)


def flag(raw: str) -> bool:
    """A boolean URL value: ``1`` / ``0`` (``ValueError`` otherwise), the form ``serialise_flag`` writes."""
    if raw not in ("0", "1"):
        raise ValueError(raw)
    return raw == "1"


def serialise_flag(value: bool) -> str:
    return "1" if value else "0"


def language() -> str:
    """Put the session's language in use before anything is drawn: the switch's shadow copy (set in its
    ``on_change``, before the rerun), else the URL's ``lang``, else Swedish. ``dashboard.py`` calls this
    for the page title and menu; ``page()`` again for AppTest, which runs pages without ``dashboard.py``."""
    return texts.use(st.session_state.get(f"_{KEY_LANGUAGE}") or st.query_params.get(KEY_LANGUAGE))


def sidebar() -> Context | None:
    """Draw the sidebar and return the context, or None (with a message shown) when no data loads."""
    notices: list[str] = []
    linked_selectbox(
        texts.LANGUAGE_LABEL,
        list(texts.LANGUAGES),
        KEY_LANGUAGE,
        str,
        notices,
        texts.WHAT_LANGUAGE,
        format_func=texts.LANGUAGE_NAMES.get,
    )
    infos = cache.datasets(str(data_root()))
    if not infos:
        st.error(texts.no_datasets(data_root()))
        return None
    by_code = {info.kommun_kod: info for info in infos}
    code = linked_selectbox(
        texts.SIDEBAR_MUNICIPALITY,
        list(by_code),
        KEY_MUNICIPALITY,
        str,
        notices,
        texts.WHAT_MUNICIPALITY,
        format_func=lambda c: by_code[c].kommun_namn,
    )
    info = by_code[code]
    shown = pinned_data(info)
    if shown is None:
        return None
    source, data = shown
    years = sorted(data.years, reverse=True)
    year = linked_selectbox(texts.SIDEBAR_YEAR, years, KEY_YEAR, int, notices, texts.WHAT_YEAR)
    _presentation_toggle(notices)
    show_notices(notices)
    return Context(info=info, data=data, year=int(year), settings=settings_module.from_environment(), path=source)


# --- the data version a session shows (issue 13: sessions apart)

#: Session state: municipality code → the ``cache.source_key`` this session shows (its pinned data).
KEY_PINNED = "_data_pinned"
KEY_RELOAD = "data_changed_reload"


def pinned_data(info: DatasetInfo) -> tuple[str, Dataset] | None:
    """The key and data set this session shows for ``info``'s municipality; None (a message shown) when it
    cannot be loaded.

    A session pins the data it shows: its first run for a municipality pins the newest (``cache.source_key``:
    the active versions in the store), and later runs keep showing the pinned versions, whatever another
    session or the CLI imports or switches meanwhile, because the key names its versions
    (``cache.dataset``). When the store's active versions differ from the pinned ones, the page says so
    (``texts.DATA_CHANGED_NOTICE``) with a button (``texts.DATA_CHANGED_RELOAD``) that pins the newest; so
    the figures never change under a user silently. The pins live in ``st.session_state``, one session's
    alone; the shared cache holds each key's data once for every session showing it.
    """
    try:
        latest = cache.source_key(str(info.path), info.kommun_kod)
    except DataError as error:  # a broken manifest in the store: say so, show nothing half-loaded
        st.error(safe.message(error))
        return None
    pins = st.session_state.setdefault(KEY_PINNED, {})
    pinned = pins.setdefault(info.kommun_kod, latest)
    if pinned != latest:
        st.warning(texts.DATA_CHANGED_NOTICE, icon=":material/sync:")
        st.button(texts.DATA_CHANGED_RELOAD, key=KEY_RELOAD, on_click=adopt_latest, args=(info.kommun_kod,))
    try:
        return pinned, cache.dataset(pinned)
    except DataError as error:  # e.g. a pinned version removed from the store by hand; the button above helps
        st.error(safe.message(error))
        return None


def adopt_latest(kommun_kod: str | None = None) -> None:
    """Show the newest data from the next run on: drop this session's pin for ``kommun_kod`` (every
    municipality when None), so the next run pins the active versions. The reload button's callback, and what
    the Data page calls after its own import or switch of version, so the data steward sees the new data at
    once (call it before ``st.rerun()``)."""
    pins = st.session_state.get(KEY_PINNED)
    if not pins:
        return
    if kommun_kod is None:
        pins.clear()
    else:
        pins.pop(kommun_kod, None)


KEY_DISTRICTS = "stadsdel"
MAX_DISTRICTS = 4


def selected_districts(codes: list[str], notices: list[str]) -> list[str]:
    """The districts chosen for comparison (at most four), shared by Karta and Jämför and kept in the URL
    as ``stadsdel=1283R005,1283R019``. The first run of a session reads the URL; unknown codes are left
    out with a notice; a change of municipality drops codes that are not its own."""
    shadow = f"_{KEY_DISTRICTS}"
    if shadow not in st.session_state:
        raw = st.query_params.get(KEY_DISTRICTS, "")
        # dict.fromkeys: a code named twice (``?stadsdel=A,A``) is one district, in the order first named.
        parts = list(dict.fromkeys(p.strip().upper() for p in raw.split(",") if p.strip()))
        unknown = [p for p in parts if p not in codes]
        if unknown:
            notices.append(texts.unknown_districts(", ".join(u[:12] for u in unknown[:3])))
        st.session_state[shadow] = [p for p in parts if p in codes][:MAX_DISTRICTS]
    chosen = [c for c in st.session_state[shadow] if c in codes]
    _write_districts(chosen)
    return chosen


def set_selected_districts(chosen: list[str]) -> None:
    st.session_state[f"_{KEY_DISTRICTS}"] = list(chosen)[:MAX_DISTRICTS]
    _write_districts(st.session_state[f"_{KEY_DISTRICTS}"])


def _write_districts(chosen: list[str]) -> None:
    if chosen:
        st.query_params[KEY_DISTRICTS] = ",".join(chosen)
    elif KEY_DISTRICTS in st.query_params:
        del st.query_params[KEY_DISTRICTS]


def share_link() -> str:
    """The address of the view as it is drawn now: the app's URL and every query parameter the page has
    written (call it after the page's last linked widget)."""
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(st.query_params.to_dict())}"


def show_notices(notices: list[str]) -> None:
    for notice in notices:
        st.toast(notice)


def _leave_legacy_navigation() -> None:
    """Rerun through ``dashboard.py`` when Streamlit ran a page file directly.

    Streamlit decides per process whether ``pages/`` means the legacy auto-discovered navigation; it only
    learns otherwise once ``dashboard.py`` has called ``st.navigation``. A fresh server whose first visitor
    opens a deep link (``/karta?...``) therefore runs ``pages/karta.py`` alone: file names in the menu, no
    wide layout. Flipping the flag and rerunning sends that same page through ``dashboard.py`` (the page's
    hash is its url path in both schemes).
    """
    # AppTest resets the flag before every run, so there a rerun would only throw away the run's button
    # clicks; the pages draw their own sidebar and work either way.
    if PagesManager.uses_pages_directory and not streamlit_config.get_option("global.appTest"):
        PagesManager.uses_pages_directory = False
        st.rerun()


def page() -> Context:
    """Sidebar, demo notice and context for the page being drawn; stops the page when no data loads."""
    _leave_legacy_navigation()
    language()
    auth.gate()  # dashboard.py gates every run; this also covers a page run on its own (AppTest's reruns)
    if presenting():
        # dashboard.py routes presentation mode to its own page; a page's file run on its own (AppTest's
        # reruns, which go through the legacy pages/ discovery) hands over to it here.
        from ui import presentation

        presentation.show()
        st.stop()
    context = sidebar()
    if context is None:
        st.stop()
    printing.enable()  # issue 11: the print stylesheet, so no chart is cut on paper
    if context.data.fiktiv:
        notice = texts.demo_notice(
            imported="deltagare" in context.data.imported,
            schematic=bool(context.data.meta.get("geometri_schematisk")),
        )
        st.warning(notice, icon="⚠️")
    return context


# --- presentation mode (issue 11): the same context without the sidebar


def presenting() -> bool:
    """Whether this run draws presentation mode: the toggle's shadow copy (set in its ``on_change`` and by
    "Avsluta presentation"), else the URL's ``presentation=1``. Anything but ``1`` is the normal dashboard."""
    shadow = st.session_state.get(f"_{KEY_PRESENTATION}")
    if shadow is not None:
        return bool(shadow)
    return st.query_params.get(KEY_PRESENTATION) == "1"


def set_presenting(on: bool) -> None:
    """Enter or leave presentation mode from a callback; the next run routes accordingly (``dashboard.py``)."""
    st.session_state[f"_{KEY_PRESENTATION}"] = on
    if on:
        st.query_params[KEY_PRESENTATION] = "1"
    else:
        st.query_params.pop(KEY_PRESENTATION, None)
        st.session_state.pop(KEY_PRESENTATION, None)  # the sidebar's switch is drawn off again


def _presentation_toggle(notices: list[str]) -> None:
    """The sidebar's switch into presentation mode (drawn only outside it, so it is always off here)."""
    raw = st.query_params.get(KEY_PRESENTATION)
    if f"_{KEY_PRESENTATION}" not in st.session_state and raw not in (None, "0", "1"):
        notices.append(texts.link_fallback(texts.WHAT_PRESENTATION, safe.md(raw[:20])))
    st.query_params.pop(KEY_PRESENTATION, None)  # not presenting: the link says nothing about it
    st.sidebar.toggle(
        texts.PRESENTATION_TOGGLE,
        value=False,
        key=KEY_PRESENTATION,
        help=texts.PRESENTATION_TOGGLE_HELP,
        on_change=lambda: set_presenting(bool(st.session_state[KEY_PRESENTATION])),
    )


def linked_value(key: str, options: list, cast, notices: list[str], what: str, *, serialise=str):
    """The value ``linked_widget`` would give, without drawing the widget: its shadow copy when still an
    option, else the URL's value when it is one (a notice and the default otherwise), else the first
    option. The value is written back to the shadow copy and the URL, so the normal page that follows
    (and a link to this view) shows the same choice."""
    shadow = f"_{key}"
    value = st.session_state.get(shadow)
    if value not in options:
        value = None
        if shadow not in st.session_state and key in st.query_params:
            raw = st.query_params[key]
            try:
                value = cast(raw)
            except (TypeError, ValueError):
                value = None
            if value not in options:
                notices.append(texts.link_fallback(what, safe.md(raw[:20])))
                value = None
    if value is None:
        value = options[0]
    st.session_state[shadow] = value
    st.query_params[key] = serialise(value)
    return value


def linked_context(notices: list[str]) -> Context | None:
    """The context ``sidebar()`` gives (language, municipality, year), read from the session and the URL
    without drawing the sidebar; None (with a message shown) when no data loads."""
    texts.use(linked_value(KEY_LANGUAGE, list(texts.LANGUAGES), str, notices, texts.WHAT_LANGUAGE))
    infos = cache.datasets(str(data_root()))
    if not infos:
        st.error(texts.no_datasets(data_root()))
        return None
    by_code = {info.kommun_kod: info for info in infos}
    info = by_code[linked_value(KEY_MUNICIPALITY, list(by_code), str, notices, texts.WHAT_MUNICIPALITY)]
    shown = pinned_data(info)
    if shown is None:
        return None
    source, data = shown
    year = linked_value(KEY_YEAR, sorted(data.years, reverse=True), int, notices, texts.WHAT_YEAR)
    return Context(info=info, data=data, year=int(year), settings=settings_module.from_environment(), path=source)


def bare_page(notices: list[str]) -> Context:
    """``page()`` without the sidebar and the demo notice (presentation mode draws both its own way); stops
    the page when no data loads. ``notices`` collects the link's fallbacks for the caller to show."""
    _leave_legacy_navigation()
    language()
    auth.gate()
    context = linked_context(notices)
    if context is None:
        st.stop()
    return context


def footer() -> None:
    """The small-number rule under every page (``analysis.disclosure``), in the words the exports use."""
    st.divider()
    st.caption(texts.disclosure_rule(settings_module.from_environment().min_n))


def show_on_map(measure_key: str) -> None:
    """Open Karta on ``measure_key`` (a button's ``on_click``, before ``st.switch_page``): the map's measure
    choice is a linked widget, so its shadow copy decides what the map opens on."""
    st.session_state["_matt"] = measure_key
