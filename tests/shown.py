"""What the browser shows of a text the app escaped for Markdown (``ui.safe.md``): the backslashes go, the
characters stay. Tests compare what a user reads, so they look at shown text, not at the escaped source."""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\(.)")


def shown(markdown: str) -> str:
    """``markdown`` without its backslash escapes (and Markdown's hard line breaks as newlines)."""
    return _ESCAPE.sub(r"\1", markdown.replace("  \n", "\n"))
