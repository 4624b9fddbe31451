"""Swedish identity numbers in any spelling: finding, classifying and removing them in text.

One rule, used by everything that guards against identity numbers (``validation.looks_like_personnummer``
and ``personnummer_mask``, ``privacy.protect`` and ``privacy.redact``, the store's refusal, file, sheet and
column names in messages). A piece of text holds an identity number when it contains

* an optional century ``18``/``19``/``20``, then ``YYMMDD`` with a real month and a day 01–31, or 61–91
  for a coordination number (samordningsnummer: day + 60), that exists in that month (29 February only in
  a leap year), and, with a century, no later than this year;
* then four digits (birth number and check digit);
* with up to three separator characters, or none, between any of century, year, month, day and the four
  digits: ``-``, ``+``, ``_``, ``/``, ``.``, ``:``, spaces (also no-break and thin spaces), tabs, line
  breaks and every dash (en, em, minus, hyphen). So ``1963-04-04-8215``, ``19660707_2615``,
  ``691010/7793``, ``720113.6673``, ``19780719:0298``, ``1963 04 04 8215`` and ``6304048215`` all count;
* not preceded or followed directly by another digit (a longer digit run is something else);
* and, for the four digits ``19xx``/``20xx`` followed by ``-MM-DD``, not a date range
  (``2024-01-15 – 2024-12-31`` is two dates, not a number).

Whether the check digit (Luhn) is right does **not** matter for being found: a number with a wrong check
digit is a typo of a real one, or a real one copied wrongly, and is treated as an identity number just the
same. :class:`Found` says which ones are valid (``personnummer.valid``: date and check digit), so notices
can say how many failed the check and an identity *column* is still recognised by valid numbers only (a
column of order or phone numbers that happen to look like dates must not become ``deltagare_id``).

Also found, as whole values only: an identity number written by Excel in scientific notation
(``1.96304048215E+11``) when its digits are all there.

Not found (what the rule deliberately leaves alone): dates (``2024-01-15``, ``20240115``, also with a
time ``2024-01-15 10:30``), years, district and DeSO codes (``1283R008``, ``1283C1010``), postcodes,
phone numbers written with their usual separators (``070-123 45 67``, ``08-123 456 78``,
``+46 70 123 45 67``), amounts with thousands separators, organisation numbers (month 20 or more). What it
cannot tell apart: a bare ten-digit number that happens to be a plausible date and four digits (a mobile
number typed without separators, ``0701234567``, or an order number) is taken for an identity number,
which errs on the safe side; digits split inside the last four (``630404-82 15``) or written with
non-ASCII digits are not found.

Why the shape is matched here and not by the ``personnummer`` package: the package parses one whole
value of the form ``[CC]YYMMDD[-+]NNNC`` and answers valid or not. It accepts no other separator, no
separator inside the date, finds nothing inside a longer text, and says nothing of a number that fails only
its check digit. The package is still what decides *validity* (date and Luhn digit), see :attr:`Found.valid`.

Speed: the vectorised functions (:func:`contains_mask`, :func:`whole_mask`) first run one regular
expression over the whole column (pandas, with pyarrow's RE2 for ``str`` columns, which is why
:data:`PREFILTER` has no look-arounds); only the few cells it lets through are checked in Python.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pandas as pd
from personnummer import personnummer  # the package keeps valid/parse in this submodule

#: Characters that may separate the parts of an identity number (up to three in a row, or none).
SEPARATOR_CHARS = (
    " \t\n\r\f\v\u00a0\u2007\u2009\u202f\u3000"  # spaces, also no-break, figure, thin and ideographic
    "-+_/.:"
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # hyphens, en/em dash, minus, full-width
)
_SEP_CLASS = "[" + "".join("\\" + c if c in "-\\]^" else c for c in SEPARATOR_CHARS) + "]"
_S = _SEP_CLASS + "{0,3}"
_CENTURY = "18|19|20"
_MONTH = "0[1-9]|1[0-2]"
_DAY = "0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01]"  # 61–91: coordination numbers
_SCIENTIFIC = r"[0-9][.,][0-9]{5,}[eE]\+?[0-9]{1,2}"

#: A vectorised, look-around-free necessary condition (RE2 and Python ``re`` alike): every cell that holds
#: an identity number matches it; the cells that match are then checked one by one.
PREFILTER = (
    f"(?:^|[^0-9])(?:(?:{_CENTURY}){_S})?[0-9]{{2}}{_S}(?:{_MONTH}){_S}(?:{_DAY}){_S}[0-9]{{4}}(?:[^0-9]|$)"
    f"|^[ ]*{_SCIENTIFIC}[ ]*$"
)
# The shape, written here rather than left to the personnummer package, which parses only a whole value
# "[CC]YYMMDD[-+]NNNC" (see the module docstring). Separators are allowed between every part; a digit
# right before or after means a longer number. The package then decides validity (Found.valid).
_SHAPE = re.compile(
    f"(?<![0-9])(?:(?P<c>{_CENTURY}){_S})?(?P<y>[0-9]{{2}}){_S}(?P<m>{_MONTH}){_S}(?P<d>{_DAY}){_S}"
    "(?P<n>[0-9]{4})(?![0-9])"
)
# "2024-01-15 – 2024-12-31": the four digits are a year that starts the next date.
_DATE_DASH = "[-/.\u2010\u2011\u2012\u2013\u2014\u2212]"
_DATE_CONTINUATION = re.compile(f"{_DATE_DASH}(?:0?[1-9]|1[0-2]){_DATE_DASH}[0-9]{{1,2}}(?![0-9])")
_SCIENTIFIC_WHOLE = re.compile(_SCIENTIFIC)
#: What replaces an identity number in a name or a message.
REDACTED = "[personnummer borttaget]"


@dataclass(frozen=True)
class Found:
    """One identity number in a text: where it is (``start``, ``end``), its ten digits ``YYMMDDNNNC``
    (the century dropped, see ``privacy.normalise_personnummer`` for why), the century if written, and
    whether the ``personnummer`` package accepts it (``valid``: real date and right check digit)."""

    start: int
    end: int
    digits: str
    century: str | None = None

    @property
    def valid(self) -> bool:
        """Real date and right check digit, as the ``personnummer`` package decides (asked only when needed)."""
        ten = self.digits
        return personnummer.valid(f"{self.century}{ten}" if self.century else f"{ten[:6]}-{ten[6:]}")


def cell_text(value: object) -> str:
    """A cell as stripped text; ``""`` for missing values; whole floats lose ``.0`` (Excel's numbers)."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _plausible(century: str | None, year: str, month: str, day: str, today: dt.date) -> bool:
    number = int(day)
    number -= 60 if number > 60 else 0
    if century:
        full = int(century + year)
        if full > today.year:
            return False
    else:
        full = 2000 if int(year) % 4 == 0 else 2001  # without a century, 29 February needs a leap-able year
    return 1 <= number <= calendar.monthrange(full, int(month))[1]


def _found(match: re.Match[str], text: str, today: dt.date) -> Found | None:
    century, year, month, day, num = match.group("c", "y", "m", "d", "n")
    if not _plausible(century, year, month, day, today):
        return None
    if num[:2] in ("19", "20") and _DATE_CONTINUATION.match(text, match.end()):
        return None
    return Found(match.start(), match.end(), f"{year}{month}{day}{num}", century or None)


def find(text: object, *, today: dt.date | None = None) -> list[Found]:
    """Every identity number in ``text`` (see the module docstring), in order, not overlapping."""
    text = cell_text(text) if not isinstance(text, str) else text
    today = today or dt.date.today()
    found: list[Found] = []
    position = 0
    while (match := _SHAPE.search(text, position)) is not None:
        hit = _found(match, text, today)
        if hit is None:
            position = match.start() + 1  # a rejected candidate may hide a real number inside it
            continue
        found.append(hit)
        position = match.end()
    if not found and _SCIENTIFIC_WHOLE.fullmatch(text.strip()):
        hit = whole(text, today=today)
        if hit is not None:
            found.append(hit)
    return found


def contains(value: object) -> bool:
    """True when ``value`` holds an identity number anywhere (valid or with a wrong check digit)."""
    return bool(find(value))


def _expand_scientific(text: str) -> str:
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return text
    if number != number.to_integral_value() or not 10**6 <= number < 10**13:
        return text
    return str(int(number))


def whole(value: object, *, restore_zeros: bool = False, today: dt.date | None = None) -> Found | None:
    """The identity number that ``value`` is as a whole (surrounding whitespace aside), or ``None``.

    With ``restore_zeros``, a bare number of 7–9 digits is left-padded to 10 first: Excel stores
    ``0012311234`` (born 2000–2009) as the number 12311234. Only for a column already known to hold
    identity numbers, since elsewhere a number of that length is far more often something else.
    """
    text = cell_text(value)
    if _SCIENTIFIC_WHOLE.fullmatch(text):
        text = _expand_scientific(text)
    if restore_zeros and text.isdigit() and 7 <= len(text) <= 9:
        text = text.zfill(10)
    match = _SHAPE.fullmatch(text)
    if match is None:
        return None
    return _found(match, text, today or dt.date.today())


def substitute(text: str, replace: Callable[[Found], str]) -> str:
    """``text`` with every identity number replaced by ``replace(found)``."""
    found = find(text)
    if not found:
        return text
    parts: list[str] = []
    last = 0
    for hit in found:
        parts += [text[last : hit.start], replace(hit)]
        last = hit.end
    parts.append(text[last:])
    result = "".join(parts)
    # A replacement never contains a number, but joining the pieces could form a new one ("1963" + "…").
    return result if not find(result) else substitute(result, replace)


def redact(value: object, replacement: str = REDACTED) -> str:
    """``value`` as text (as :func:`cell_text` gives it) with every identity number replaced."""
    return substitute(cell_text(value), lambda _: replacement)


def redact_message(text: str) -> str:
    """A message with every identity number replaced by :data:`REDACTED`, otherwise exactly as written."""
    return substitute(text, lambda _: REDACTED) if isinstance(text, str) else text


# ----------------------------------------------------------------------------- whole columns


def as_text(values: pd.Series) -> pd.Series:
    """Every cell as stripped text (``string`` dtype, missing → ``""``), as :func:`cell_text` gives it."""
    if pd.api.types.is_object_dtype(values) or pd.api.types.is_float_dtype(values):
        return values.map(cell_text).astype("string")
    return values.astype("string").fillna("").str.strip()


def _candidates(text: pd.Series) -> pd.Series:
    return text.str.contains(PREFILTER, regex=True).fillna(False).astype(bool)


def contains_mask(values: pd.Series) -> pd.Series:
    """Boolean Series (same index): which cells hold an identity number anywhere (see :func:`contains`)."""
    text = as_text(values)
    mask = pd.Series(False, index=values.index)
    candidates = _candidates(text)
    if candidates.any():
        mask[candidates] = text[candidates].map(contains).astype(bool)
    return mask


def whole_mask(values: pd.Series, *, restore_zeros: bool = False, valid_only: bool = False) -> pd.Series:
    """Boolean Series: which cells are, as a whole, an identity number (with ``valid_only``: a valid one)."""
    text = as_text(values)
    if restore_zeros:
        text = text.where(~text.str.fullmatch(r"[0-9]{7,9}").fillna(False).astype(bool), text.str.zfill(10))
    mask = pd.Series(False, index=values.index)
    candidates = _candidates(text)
    if candidates.any():
        today = dt.date.today()

        def check(cell: str) -> bool:
            hit = whole(cell, today=today)
            return hit is not None and (hit.valid or not valid_only)

        mask[candidates] = text[candidates].map(check).astype(bool)
    return mask
