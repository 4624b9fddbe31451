"""Swedish number formatting, used for metrics, tables, hover text and axis labels alike.

Swedish style: a space groups thousands (we use U+00A0, a no-break space, so a number never wraps), a
comma is the decimal sign, and a percent sign follows a space ("45 %"). Python's ``locale`` module would
depend on the host having ``sv_SE`` generated, which a user's machine or CI rarely has, hence these few
pure functions.
"""

from __future__ import annotations

import math

import texts

NBSP = "\u00a0"
DASH = "–"


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except TypeError:
        # pandas.NA refuses bool(); anything else that is not a number counts as missing too.
        return str(value) in {"<NA>", "NaT", "nan"}


def number(value, decimals: int = 0) -> str:
    """``1234567.8`` → ``"1 234 568"``; ``0.5`` with 1 decimal → ``"0,5"``; missing → ``"–"``."""
    if _missing(value):
        return DASH
    text = f"{float(value):,.{decimals}f}"
    text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", NBSP)
    return text.replace("-", "−") if text.startswith("-") else text


def percent(share, decimals: int = 0) -> str:
    """A share in 0–1 as Swedish percent: ``0.453`` → ``"45 %"``."""
    if _missing(share):
        return DASH
    return f"{number(float(share) * 100, decimals)}{NBSP}%"


def percent_points(diff, decimals: int = 0) -> str:
    """A difference of two shares as signed percentage points: ``0.031`` → ``"+3 procentenheter"``."""
    if _missing(diff):
        return DASH
    value = float(diff) * 100
    sign = "+" if round(value, decimals) > 0 else ""
    return f"{sign}{number(value, decimals)}{NBSP}{texts.PERCENT_POINTS}"


def interval(low, high, decimals: int = 0) -> str:
    """A 95 % interval of shares: ``(0.38, 0.52)`` → ``"38–52 %"``."""
    if _missing(low) or _missing(high):
        return DASH
    return f"{number(float(low) * 100, decimals)}{DASH}{number(float(high) * 100, decimals)}{NBSP}%"


def count(value, min_n: int) -> str:
    """A count of people, hidden as ``"färre än 5"`` when 0 < value < min_n or already masked (NA)."""
    if _missing(value):
        return texts.suppressed(min_n)
    value = int(value)
    if 0 < value < min_n:
        return texts.suppressed(min_n)
    return number(value)
