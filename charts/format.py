"""Swedish number formatting, used for metrics, tables, hover text and axis labels alike.

Swedish style: a space groups thousands (we use U+00A0, a no-break space, so a number never wraps), a
comma is the decimal sign, and a percent sign follows a space ("45 %"). Python's ``locale`` module would
depend on the host having ``sv_SE`` generated, which a user's machine or CI rarely has, hence these few
pure functions.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

import texts

NBSP = "\u00a0"
DASH = "–"
MINUS = "\u2212"
PLUS = "+"


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


def _floats(values) -> np.ndarray:
    """Any column of numbers (Int64 with NA, floats with NaN, objects with None) as floats, NaN for missing."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def numbers(values, decimals: int = 0) -> list[str]:
    """`number` of each value of a column, as a list: the same text as one call per value, in two thirds of
    the time (a national table formats tens of thousands of numbers per rerun). All values are formatted
    as one string and turned Swedish by four ``str.replace`` (C loops), not one call per value."""
    array = _floats(values)
    spec = f",.{decimals}f"
    joined = "\n".join([format(v, spec) for v in array.tolist()])
    swedish = joined.replace(",", "\u2009").replace(".", ",").replace("\u2009", NBSP).replace("-", MINUS)
    out = swedish.split("\n") if len(array) else []
    for i in np.flatnonzero(np.isnan(array)).tolist():
        out[i] = DASH
    return out


def percents(shares, decimals: int = 0) -> list[str]:
    """`percent` of each share of a column, as a list (see `numbers`)."""
    return [DASH if text == DASH else f"{text}{NBSP}%" for text in numbers(_floats(shares) * 100, decimals)]


def percent(share, decimals: int = 0) -> str:
    """A share in 0–1 as Swedish percent: ``0.453`` → ``"45 %"``."""
    if _missing(share):
        return DASH
    return f"{number(float(share) * 100, decimals)}{NBSP}%"


def signed(value, decimals: int = 0) -> str:
    """A signed number with a real minus or plus: ``3.14`` → ``"+3"``, ``-0.9`` → ``"−1"``; a value that
    rounds to 0 at ``decimals`` gets no sign (``"0"``), so a sign never contradicts the digits."""
    if _missing(value):
        return DASH
    rounded = round(float(value), decimals)
    if rounded == 0:
        return number(0, decimals)
    return (PLUS if rounded > 0 else "") + number(value, decimals)


def signed_numbers(values, decimals: int = 0) -> list[str]:
    """`signed` of each value of a column, as a list (see `numbers`). A value whose text at ``decimals`` is
    all zeros is the one that rounds to 0 (``format`` and ``round`` round alike), and gets no sign."""
    array = _floats(values)
    zero = number(0, decimals)
    out = []
    for value, text in zip(array.tolist(), numbers(array, decimals), strict=True):
        if text == DASH:
            out.append(text)
        elif not text.strip(f"{MINUS}0,"):
            out.append(zero)
        else:
            out.append(PLUS + text if value > 0 else text)
    return out


def percent_points(diff, decimals: int = 0) -> str:
    """A difference of two shares as signed percentage points: ``0.031`` → ``"+3 procentenheter"``."""
    if _missing(diff):
        return DASH
    return f"{signed(float(diff) * 100, decimals)}{NBSP}{texts.PERCENT_POINTS}"


@dataclass(frozen=True)
class Delta:
    """A change as every page shows it (one rule for metrics, tables, maps and hovers).

    ``text`` has a real minus or plus, or says "oförändrad" when the change rounds to 0 at the decimals
    shown; ``arrow`` ("up", "down", "off") agrees with that sign; ``colour`` ("green", "red", "gray")
    says whether the change is good or bad for the measure; ``better`` is True, False or None (unchanged,
    or a measure with no good direction); ``chance`` is True when the change's 95 % interval covers 0,
    False when it excludes 0, None when the measure has no interval.
    """

    text: str
    arrow: str
    colour: str
    better: bool | None
    chance: bool | None = None

    def verdict(self) -> str:
        """The reading in words for a table: "Tydlig förbättring", "Kan vara slump", "Oförändrad" …"""
        if self.arrow == "off":
            key = "unchanged"
        elif self.chance is None:
            key = "no_interval"
        elif self.chance:
            key = "chance"
        elif self.better is None:
            key = "clear"
        else:
            key = "better" if self.better else "worse"
        return texts.CHANGE_VERDICTS[key]

    def with_reading(self) -> str:
        """The text followed by the honest reading: "+3 procentenheter (kan vara slump)"."""
        if self.chance is None or self.arrow == "off":
            return self.text
        return f"{self.text} ({texts.CHANGE_CHANCE if self.chance else texts.CHANGE_CLEAR})"


def delta(
    change,
    *,
    unit: str = "",
    decimals: int = 0,
    factor: float = 1.0,
    direction: int = 0,
    reading: str | None = None,
) -> Delta | None:
    """The display of one change (see ``Delta``); None when the change is missing.

    ``change`` is in the measure's units and is shown × ``factor`` (100 for a share shown in
    percentage points) with ``decimals`` and ``unit``. ``direction`` follows ``analysis.stats.measures``:
    +1 when a higher value means more challenges (a rise is bad, red), −1 when a higher value is better
    (a fall is bad, red), 0 when neither (grey). ``reading`` is ``analysis.stats.change.reading``'s
    ("up", "down", "chance" or None).
    """
    if _missing(change):
        return None
    shown = round(float(change) * factor, decimals)
    if shown == 0:
        return Delta(texts.CHANGE_NONE, "off", "gray", None, None if reading is None else True)
    suffix = f"{NBSP}{unit}" if unit else ""
    text = f"{signed(float(change) * factor, decimals)}{suffix}"
    better = None if direction == 0 else (shown > 0) == (direction < 0)
    colour = "gray" if better is None else ("green" if better else "red")
    chance = None if reading is None else reading == "chance"
    return Delta(text, "up" if shown > 0 else "down", colour, better, chance)


def interval(low, high, decimals: int = 0) -> str:
    """A 95 % interval of shares: ``(0.38, 0.52)`` → ``"38–52 %"``."""
    if _missing(low) or _missing(high):
        return DASH
    return f"{number(float(low) * 100, decimals)}{DASH}{number(float(high) * 100, decimals)}{NBSP}%"


def intervals(lows, highs, decimals: int = 0) -> list[str]:
    """`interval` of each pair of a column of lower and upper bounds, as a list (see `numbers`)."""
    low, high = _floats(lows), _floats(highs)
    gone = (np.isnan(low) | np.isnan(high)).tolist()
    pairs = zip(numbers(low * 100, decimals), numbers(high * 100, decimals), gone, strict=True)
    return [DASH if missing else f"{a}{DASH}{b}{NBSP}%" for a, b, missing in pairs]


#: Decimals and display factor of a change per kind of measure (shares and rates in percentage points).
_CHANGE_DECIMALS = {"share": 1, "rate": 1, "index": 1, "income": 0, "quotient": 2, "per1000": 1}


def measure_delta(change, kind: str, *, direction: int, reading: str | None = None) -> Delta | None:
    """``delta`` with the unit, decimals and factor of a kind of district measure (``analysis.stats.measures``):
    a share's change in percentage points with one decimal, the index in index points, income in tkr."""
    factor = 100.0 if kind in ("share", "rate") else 1.0
    unit = texts.MAP_DIFFERENCE_UNITS.get(kind, "")
    return delta(
        change, unit=unit, decimals=_CHANGE_DECIMALS.get(kind, 1), factor=factor, direction=direction, reading=reading
    )


def points_interval(low, high, decimals: int = 1) -> str:
    """A 95 % interval of a difference of two shares in signed percentage points:
    ``(-0.101, 0.084)`` → ``"−10,1 till +8,4 procentenheter"`` (a dash between signed numbers misreads)."""
    if _missing(low) or _missing(high):
        return DASH
    low_text, high_text = signed(float(low) * 100, decimals), signed(float(high) * 100, decimals)
    return f"{low_text} {texts.TO} {high_text}{NBSP}{texts.PERCENT_POINTS}"


def change_interval(low, high, kind: str) -> str:
    """The 95 % interval of a change of a share or rate (``kind``), in signed percentage points; "" for
    measures without one (index, income, quotients, reach)."""
    if kind not in ("share", "rate") or _missing(low) or _missing(high):
        return ""
    return points_interval(low, high, _CHANGE_DECIMALS[kind])


def count(value, min_n: int) -> str:
    """A count of people, hidden as ``"färre än 5"`` when 0 < value < min_n or already masked (NA)."""
    if _missing(value):
        return texts.suppressed(min_n)
    value = int(value)
    if 0 < value < min_n:
        return texts.suppressed(min_n)
    return number(value)


def counts(values, min_n: int) -> list[str]:
    """`count` of each value of a column, as a list (see `numbers`)."""
    array = np.trunc(_floats(values))  # as int() in `count`
    small = (array > 0) & (array < min_n)
    text = numbers(array, 0)
    return [
        texts.suppressed(min_n) if gone else t for t, gone in zip(text, (np.isnan(array) | small).tolist(), strict=True)
    ]


def plain(text: object) -> str:
    """``text`` (a district, programme or area name from a file) as Plotly shows it literally: Plotly draws
    a subset of HTML in titles, labels, legends and hovers (``<b>``, ``<br>``, ``<a href>``), so ``<`` and
    ``&`` are written as entities, which Plotly turns back into the characters."""
    return html.escape(str(text), quote=False)


def plains(names) -> list[str]:
    """`plain` of each name of a column, as a list: escaped as one text and split again (see `numbers`),
    unless a name holds the separator itself."""
    items = [str(name) for name in names]
    joined = "\x00".join(items)
    if joined.count("\x00") != max(len(items) - 1, 0):
        return [plain(item) for item in items]
    return html.escape(joined, quote=False).split("\x00") if items else []
