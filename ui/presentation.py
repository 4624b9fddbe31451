"""Presentation mode (issue 11): one finding per screen for the projector, drawn by ``pages/presentation.py``.

Each screen is one of ``reports.screens`` (the same sentences as the board report and the slides): its
finding as the title, its chart sized to what is left of the window, at most one line of notes, and a footer
with source, period, the small-number rule and, on demo data, a short demo notice. No sidebar and none of
Streamlit's chrome; nothing scrolls at 1280×720.

The URL holds everything a link needs: ``presentation=1``, ``skarm=N`` (1-based) and ``skarmar=mal,trend,…``
(which screens, in which order; left out for the default sequence), beside ``kommun``, ``ar`` and ``lang``.
Like the sidebar, the first run of a session reads the URL (an invalid value falls back with a notice) and
later runs keep shadow copies in session state, which the buttons change in their callbacks.
"""

from __future__ import annotations

import datetime
import html
import re

import plotly.graph_objects as go
import streamlit as st

import texts
from charts import maps
from reports import screens
from ui import cache, context, widgets

KEY_SCREEN = "skarm"
KEY_SCREENS = "skarmar"
_SHADOW_SCREEN = f"_{KEY_SCREEN}"
_SHADOW_SCREENS = f"_{KEY_SCREENS}"
#: The multiselect that picks and orders the screens (its own key: the shadow copy is the truth).
_PICKER = "presentation_picker"
#: More bars than this and a bar chart's names get a smaller type, so each keeps its own row at 720 px.
MANY_ROWS = 12
#: The charts' type on the projector (the dashboard's is 16 px), where it fits: not on the map (its names are
#: placed for the type it was drawn with) nor on the bar charts whose rows have names of up to three lines.
FIGURE_FONT_SIZE = 18
LARGER_TYPE = ("utfall", "trend", "segregation")

#: No Streamlit chrome, no sidebar; the page is one column exactly as high as the window, in which the
#: chart takes what the title, notes and footer leave. System fonts only (the app is offline).
STYLE = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { overflow: hidden; }
[data-testid="stMainBlockContainer"] {
  max-width: none; height: 100vh; box-sizing: border-box; padding: 0.75rem 2rem 0.5rem 2rem;
  display: flex; flex-direction: column;
}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {
  flex: 1 1 auto; min-height: 0; gap: 0.4rem; flex-wrap: nowrap;
}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > * { flex: 0 0 auto !important; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :has(> .st-key-presentation_chart) {
  flex: 1 1 0 !important; min-height: 0;
}
.st-key-presentation_chart, .st-key-presentation_chart > *,
.st-key-presentation_chart [data-testid="stFullScreenFrame"],
.st-key-presentation_chart [data-testid="stPlotlyChart"] { height: 100%; min-height: 0; }
.st-key-presentation_bar { flex: 0 0 auto; }
.st-key-presentation_bar p { margin: 0; }
.st-key-presentation_bar kbd { display: none; }
[data-testid="stMainBlockContainer"] h1 {
  font-size: clamp(1.5rem, 2.5vw, 2.75rem); line-height: 1.18; font-weight: 700; margin: 0; padding: 0;
}
[data-testid="stMainBlockContainer"] [data-testid="stHeading"] [data-testid="stMarkdownContainer"] {
  margin-bottom: 0 !important;
}
.presentation-place { font-size: 1rem; color: #444444; }
.presentation-position { font-size: 1.1rem; font-weight: 700; white-space: nowrap; }
.presentation-note, .presentation-footer p {
  margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #444444;
}
.presentation-note { font-size: clamp(0.9rem, 1.2vw, 1.2rem); }
.presentation-footer { font-size: clamp(0.8rem, 0.9vw, 1rem); line-height: 1.3; }
.presentation-footer p.presentation-rule { white-space: normal; }
.presentation-footer p.presentation-demo { color: #8a4b00; font-weight: 700; }
.presentation-empty { font-size: 1.4rem; color: #444444; }
</style>
"""


def sequence(notices: list[str]) -> list[str]:
    """The screens in the presenter's order: the shadow copy, else the URL's ``skarmar`` (unknown keys are
    left out with a notice; nothing known gives the default sequence), written back to the URL."""
    if _SHADOW_SCREENS not in st.session_state:
        raw = st.query_params.get(KEY_SCREENS)
        if raw is not None:
            unknown = [k.strip() for k in raw.split(",") if k.strip() and k.strip() not in screens.SCREENS]
            if unknown or not raw.strip():
                notices.append(texts.presentation_unknown_screens(", ".join(u[:20] for u in unknown[:3])))
        st.session_state[_SHADOW_SCREENS] = screens.parse_screens(raw)
    keys = list(st.session_state[_SHADOW_SCREENS])
    if keys == list(screens.SCREENS):
        st.query_params.pop(KEY_SCREENS, None)
    else:
        st.query_params[KEY_SCREENS] = ",".join(keys)
    return keys


def position(keys: list[str], notices: list[str]) -> int:
    """The screen shown, 0-based: the shadow copy, else the URL's 1-based ``skarm`` (a number outside the
    sequence falls back to the first screen with a notice), written back to the URL."""
    if _SHADOW_SCREEN not in st.session_state:
        raw = st.query_params.get(KEY_SCREEN)
        index = 0
        if raw is not None:
            number = int(raw) if raw.strip().isdigit() else 0
            if 1 <= number <= len(keys):
                index = number - 1
            else:
                notices.append(texts.link_fallback(texts.WHAT_SCREEN, raw[:20]))
        st.session_state[_SHADOW_SCREEN] = index
    index = min(max(int(st.session_state[_SHADOW_SCREEN]), 0), len(keys) - 1)
    st.session_state[_SHADOW_SCREEN] = index
    st.query_params[KEY_SCREEN] = str(index + 1)
    return index


def _step(by: int) -> None:
    st.session_state[_SHADOW_SCREEN] = int(st.session_state.get(_SHADOW_SCREEN, 0)) + by


def _choose(keys: list[str] | None = None) -> None:
    """The picker changed (or "Standardordning" was clicked): the new sequence, staying on the screen shown
    when it is still in it."""
    old = list(st.session_state.get(_SHADOW_SCREENS) or screens.SCREENS)
    shown = old[min(int(st.session_state.get(_SHADOW_SCREEN, 0)), len(old) - 1)]
    chosen = list(keys if keys is not None else st.session_state.get(_PICKER) or screens.SCREENS)
    st.session_state[_SHADOW_SCREENS] = chosen
    st.session_state[_SHADOW_SCREEN] = chosen.index(shown) if shown in chosen else 0


def _leave() -> None:
    """Back to the dashboard at the same address; the sequence stays in the session for the next time."""
    context.set_presenting(False)
    st.query_params.pop(KEY_SCREEN, None)
    st.query_params.pop(KEY_SCREENS, None)


def _plain(text: str) -> str:
    """A finding as Markdown that shows it as written (no emphasis, links or formulas from its characters)."""
    return re.sub(r"([\\`*_{}\[\]<>#$~|])", r"\\\1", text)


def _fit(key: str, figure: go.Figure) -> go.Figure:
    """The screen's figure for the space left on the projector: as high as the window allows (the fixed
    sizes the report and the slides use are dropped), and what a lower chart could not hold moved aside."""
    figure.update_layout(height=None, width=None, autosize=True)
    if key in LARGER_TYPE:
        figure.update_layout(font={"size": FIGURE_FONT_SIZE})
    if key == "karta":
        # The footer names the source; the map's own source line under it would be cut at this height.
        figure.update_layout(annotations=[], margin={"b": 0})
    if key == "rackvidd":
        # One bar per district: the area types' legend beside the bars (not above them), and every
        # district's name, smaller when there are many (plotly would otherwise drop every other name).
        rows = len({name for trace in figure.data for name in (trace.y or ())})
        figure.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"})
        figure.update_yaxes(dtick=1, tickfont={"size": 13 if rows > MANY_ROWS else 16})
    return figure


def _controls(ctx: context.Context, keys: list[str], index: int) -> None:
    """One row: whose figures, previous / position / next, the screen picker and the way out."""
    with st.container(key="presentation_bar", horizontal=True, vertical_alignment="center", gap="small"):
        st.html(
            f'<span class="presentation-place">{html.escape(texts.presentation_place(ctx.info.kommun_namn, ctx.year))}'
            "</span>",
            width="content",
        )
        st.space("stretch")
        st.button(
            texts.PRESENTATION_PREVIOUS,
            key="presentation_previous",
            icon=":material/arrow_back:",
            on_click=_step,
            args=(-1,),
            disabled=index == 0,
            shortcut="Left",
            help=texts.PRESENTATION_PREVIOUS_HELP,
        )
        st.html(
            f'<span class="presentation-position">{html.escape(texts.presentation_position(index + 1, len(keys)))}'
            "</span>",
            width="content",
        )
        st.button(
            texts.PRESENTATION_NEXT,
            key="presentation_next",
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=_step,
            args=(1,),
            disabled=index == len(keys) - 1,
            shortcut="Right",
            help=texts.PRESENTATION_NEXT_HELP,
            type="primary",
        )
        st.space("small")
        with st.popover(texts.PRESENTATION_SCREENS, icon=":material/tune:", type="tertiary"):
            st.session_state[_PICKER] = keys
            st.multiselect(
                texts.PRESENTATION_SCREENS,
                list(screens.SCREENS),
                key=_PICKER,
                # Bound to this run's language: the label must not depend on the thread that formats it.
                format_func=texts.SCREEN_NAMES.get,
                on_change=_choose,
                help=texts.PRESENTATION_SCREENS_HELP,
            )
            st.button(
                texts.PRESENTATION_DEFAULT_ORDER,
                key="presentation_default_order",
                on_click=_choose,
                args=(list(screens.SCREENS),),
                disabled=keys == list(screens.SCREENS),
            )
            st.caption(texts.PRESENTATION_LINK)
            st.code(context.share_link(), language=None, wrap_lines=True)
        st.button(
            texts.PRESENTATION_EXIT, key="presentation_exit", icon=":material/close:", on_click=_leave, type="tertiary"
        )


def _footer(ctx: context.Context, screen: screens.Screen) -> None:
    """Notes (one line), then the demo notice, source and period, and the small-number rule, in small type;
    a cut line shows in full when pointed at."""
    rule = texts.disclosure_rule(ctx.settings.min_n)
    notes = [note for note in screen.notes if note != rule]  # the rule is said once, in the footer
    parts = []
    if notes:
        note = " ".join(notes)
        parts.append(f'<p class="presentation-note" title="{html.escape(note)}">{html.escape(note)}</p>')
    lines = []
    if ctx.data.fiktiv:
        demo = texts.presentation_demo(imported="deltagare" in ctx.data.imported)
        lines.append(f'<p class="presentation-demo">{html.escape(demo)}</p>')
    source = " · ".join(p for p in (texts.presentation_period(screen.period), screen.source) if p)
    lines.append(f'<p class="presentation-source" title="{html.escape(source)}">{html.escape(source)}</p>')
    lines.append(f'<p class="presentation-rule">{html.escape(rule)}</p>')
    parts.append(f'<div class="presentation-footer">{"".join(lines)}</div>')
    st.html("".join(parts))


def show() -> None:
    """Draw presentation mode: the context from the URL, the screen chosen, the controls, the footer."""
    notices: list[str] = []
    ctx = context.bare_page(notices)
    st.query_params[context.KEY_PRESENTATION] = "1"
    st.html(STYLE)
    keys = sequence(notices)
    index = position(keys, notices)
    context.show_notices(notices)
    key = keys[index]
    screen = cache.screen(ctx.path, key, ctx.year, ctx.settings, datetime.date.today(), texts.current())
    _controls(ctx, keys, index)
    st.title(_plain(screen.title), anchor=False)
    with st.container(key="presentation_chart", height="stretch"):
        if screen.figure is None:
            st.html(f'<p class="presentation-empty">{html.escape(texts.PRESENTATION_NO_CHART)}</p>')
        else:
            widgets.chart(
                _fit(key, screen.figure),
                alt=screen.title,
                key=f"presentation_figure_{key}",
                height="stretch",
                config={**maps.MAP_CONFIG, "displayModeBar": False, "responsive": True},
            )
    _footer(ctx, screen)
