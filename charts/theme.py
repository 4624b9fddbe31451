"""Colours and layout shared by every figure.

Colour carries meaning here, so every figure passes explicit scales (Streamlit's default theme would
otherwise recolour them). Scales are colour-blind safe (viridis family); the grey "no value" colours are
outside every scale, so a hidden or missing district can never be read as a low value.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

#: A system font plotly can measure as it draws (a web font that loads later makes legends overflow).
FONT_FAMILY = "Arial, Liberation Sans, Helvetica, sans-serif"
#: Large enough to read on a projector.
FONT_SIZE = 16

SEQUENTIAL = "Viridis"
#: Red–blue diverging (ColorBrewer RdBu), readable with the common colour-vision deficiencies.
DIVERGING = "RdBu"
SUPPRESSED_COLOUR = "#9a9a9a"
MISSING_COLOUR = "#e9e9e9"
OUTLINE_COLOUR = "#ffffff"
MUNICIPALITY_COLOUR = "#222222"

#: Okabe–Ito, a palette readable with every common colour-vision deficiency.
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

#: SCB area types 1–5: red-to-blue diverging, 1 = great challenges.
AREA_TYPE_COLOURS = {1: "#b2182b", 2: "#ef8a62", 3: "#f7e3c6", 4: "#67a9cf", 5: "#2166ac"}

OUTCOME_COLOURS = {
    "arbete": "#009E73",
    "studier": "#0072B2",
    "praktik": "#56B4E9",
    "ingen_sysselsattning": "#E69F00",
    "avbrott": "#D55E00",
    "pagaende": "#bbbbbb",
}


def base_layout(
    fig: go.Figure, *, title: str | None = None, height: int | None = None, layout: dict | None = None
) -> go.Figure:
    """Swedish separators, readable fonts, white background, no plotly logo clutter. ``layout``: the chart's
    own layout (plain plotly JSON: ``{"title": {"text": …}}``, not ``title=…``), merged over the theme in the
    same assignment, as ``update_layout(layout)`` afterwards would, at no extra cost."""
    theme = {
        "separators": ", ",
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOUR},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    }
    if title:
        theme["title"] = {"text": title, "x": 0, "font": {"size": FONT_SIZE + 4}}
    if height:
        theme["height"] = height
    grid = {"gridcolor": "#e5e5e5", "zerolinecolor": "#cccccc", "automargin": True}
    # The same layout as update_layout(theme) and update_xaxes/update_yaxes(grid), merged here as plain dicts
    # and assigned once: plotly validates an assigned layout in one pass (about 2 ms), where its update
    # methods walk and validate every property path (12 ms per figure, most of a small figure's cost).
    current = fig.layout.to_plotly_json()
    template = current.pop("template", None)
    merged = _merged(current, theme)
    for name in {"xaxis", "yaxis", *(key for key in current if _AXIS.fullmatch(key))}:
        merged[name] = _merged(merged.get(name, {}), grid)
    if layout:
        merged = _merged(merged, layout)
    fig.layout = merged  # plotly puts its default template back, as a new figure has it
    if template is not None and fig.layout.template.to_plotly_json() != template:
        fig.layout.template = template  # a template of the figure's own
    return fig


_AXIS = re.compile(r"[xy]axis\d*")


def _merged(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra`` as plotly's ``update`` does: nested dicts merged, other values replaced."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


#: Colours of the (at most four) compared districts: the Okabe–Ito colours that keep at least 3:1 contrast
#: against white (WCAG 1.4.11 for graphics), so a thin line still reads on a washed-out projector. Orange,
#: sky blue and yellow (2.3, 2.3 and 1.3:1) are left out.
DISTRICT_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
#: Text on white: body text and the smaller notes and sources (both well above WCAG's 4.5:1).
TEXT_COLOUR = "#111111"
NOTE_COLOUR = "#444444"


def district_colours(codes) -> dict[str, str]:
    """One colour per district code by its place in the comparison (the municipality is always black), so a
    district has the same colour in every chart of a view."""
    return {code: DISTRICT_COLOURS[i % len(DISTRICT_COLOURS)] for i, code in enumerate(codes)}


#: Key in ``layout.meta`` under which a figure carries the note on its hidden groups.
HIDDEN_NOTE_KEY = "hidden_note"


def set_hidden_note(fig: go.Figure, prefix: str, names: list[str] | None = None, *, text: str | None = None) -> None:
    """Attach the note on hidden groups to the figure, for the page to write *under* it (`hidden_note`).

    Not drawn inside the figure: a caption outside plotly wraps at any width and can never overlap the
    axis title or rotated tick labels, and a screen reader reads it. ``prefix: name, name, …`` for groups
    that may be named (districts, programmes, years); ``text`` for a ready sentence (free-text groups
    such as roles, which are counted, never named). Nothing is attached when there is nothing hidden.
    """
    note = text if text else (f"{prefix}: " + ", ".join(names) if names else None)
    if note:
        meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
        fig.update_layout(meta={**meta, HIDDEN_NOTE_KEY: note})


def hidden_note(fig: go.Figure) -> str | None:
    """The note `set_hidden_note` attached to ``fig``, or None."""
    meta = fig.layout.meta
    return meta.get(HIDDEN_NOTE_KEY) if isinstance(meta, dict) else None
