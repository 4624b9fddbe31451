"""Text from files and links shown as typed: never as Markdown, a link, an image or HTML.

Streamlit renders Markdown in notices, captions, headings, widget labels and help, metrics, toasts and the
options of radios and button groups; Plotly renders a subset of HTML in chart labels and hovers (the charts
escape with ``html.escape`` themselves, see ``charts/``). A district, programme, measure or file name, a
column header or a value from the URL is data, so it goes through :func:`md` before it reaches any of
those. Streamlit has no escaping helper, and a Markdown library would be heavier than this one rule.
"""

from __future__ import annotations

#: Characters Streamlit's Markdown gives a meaning: CommonMark's punctuation, ``$`` for LaTeX, ``~`` for
#: strike-through, ``:`` for emoji shortcodes, icons and colour directives (``:red[...]``).
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:")


def md(text: object) -> str:
    """``text`` shown as typed inside Markdown: every character with a meaning there gets a backslash, so a
    name written as ``**x**``, ``[a](b)``, ``![](url)`` or ``:red[x]`` is neither formatting, a link nor an
    image the browser fetches. A newline becomes a space, so a value cannot start a heading or a list."""
    flat = " ".join(str(text).splitlines())
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in flat)


def bold(text: object) -> str:
    """``text`` in bold, escaped (:func:`md`)."""
    return f"**{md(text)}**"


def message(text: object) -> str:
    """A message that may name a file, a sheet, a column or a value from a link (``DataError``, a notice),
    shown as typed: each line escaped (:func:`md`), the lines kept apart (Markdown's hard line break)."""
    return "  \n".join(md(line) for line in str(text).splitlines())
