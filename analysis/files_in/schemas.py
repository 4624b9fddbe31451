"""Pandera schemas for the project's files, and the translation of pandera's failures into Swedish issues.

Every frame handed to these schemas is indexed by the row number Excel shows (header row 1, first data
row 2), so a failure's index *is* the row the user must fix. Every check carries a name that maps to a
Swedish message in ``_MESSAGES``; pandera's own wording never reaches the user.

Validation runs in two phases: first on the raw text (is the value there, is it a date, a code from the
vocabulary, an integer), then, for whole-file tables, on the typed frame (ranges, count ≤ denominator,
uniqueness). Rules that span columns *and* rows of the participant file, or depend on codes known only at
run time, live in ``loaders.py`` as plain pandas.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import cache

import pandas as pd

from analysis import vocab
from analysis.files_in import reading
from analysis.files_in.validation import CODE_COLUMNS, ERROR, Issue, echo


class _Pandera:
    """``pandera.pandas``, imported on first use: importing pandera takes 0.2–0.4 s, and a start whose tables
    all come validated from ``tablecache`` never needs it. Written by hand because the standard
    ``importlib.util.LazyLoader`` would still import the ``pandera`` package itself (most of that time) to
    find the submodule."""

    def __getattr__(self, name: str):
        import pandera.pandas

        return getattr(pandera.pandas, name)


pa = _Pandera()

#: Oldest accepted birth year; older entries are almost surely typos (1903 for 1993).
MIN_BIRTH_YEAR = 1930

# message(column, failure value, the failing row's values or None) -> Swedish text
Message = Callable[[str, object, "pd.Series | None"], str]
_MESSAGES: dict[str, Message] = {}

_INTEGER = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^\d+([.,]\d+)?$")
_YEAR = re.compile(r"^\d{4}$")


def parse_date(value: object, *, day_first: bool = True) -> dt.date | None:
    """The single place dates are parsed; see :func:`analysis.files_in.reading.parse_date` (empty → ``None``,
    unreadable → ``ValueError``). Kept here so existing callers need not change."""
    return reading.parse_date(value, day_first=day_first)


def _plain(value: object) -> str:
    """A number for a message, unquoted (aggregate statistics are not personal data); never a personnummer."""
    shown = echo(value)
    return shown[1:-1] if shown else "?"


def _rule(name: str, fn, message: Message, *, element_wise: bool = False) -> pa.Check:
    """A pandera Check whose failures translate to ``message``; the name is the key back to it."""
    _MESSAGES[name] = message
    return pa.Check(fn, name=name, element_wise=element_wise)


def _required() -> pa.Check:
    return _rule("kravs", lambda s: s != "", lambda c, v, r: "värde saknas (kolumnen måste fyllas i)")


_NOUNS = {"utfall": "utfall", "utfall_6m": "utfall", "utfall_12m": "utfall", "kon": "kön", "matt": "mått"}


def _in_vocabulary(column: str, allowed: Iterable[str], *, empty_ok: bool) -> pa.Check:
    allowed = tuple(allowed)
    listed = ", ".join(allowed) + (" eller tomt" if empty_ok else "")

    def message(col: str, value: object, _row) -> str:
        shown = echo(value, col)
        noun = _NOUNS.get(col, "värde")
        return f"okänt {noun}{' ' + shown if shown else ''}; tillåtna värden: {listed}"

    # Empty passes here: a missing required value is reported once, by the "kravs" check.
    return _rule(f"vokabular:{column}", lambda s: s.isin((*allowed, "")), message)


def _birth_year(current_year: int) -> pa.Check:
    def ok(value: str) -> bool:
        return value == "" or (bool(_YEAR.match(value)) and MIN_BIRTH_YEAR <= int(value) <= current_year)

    return _rule(
        f"fodelsear:{current_year}",
        ok,
        lambda c, v, r: f"ogiltigt födelseår; ange ett årtal med fyra siffror, {MIN_BIRTH_YEAR}–{current_year}",
        element_wise=True,
    )


def _integer_text(*, empty_ok: bool) -> pa.Check:
    name = "heltal_eller_tomt" if empty_ok else "heltal"

    def message(col: str, value: object, _row) -> str:
        shown = echo(value)
        return f"måste vara ett heltal ≥ 0{' eller tomt' if empty_ok else ''}, inte {shown or 'detta värde'}"

    return _rule(name, lambda s: s.str.match(_INTEGER.pattern) | ((s == "") & empty_ok), message)


def _year_text() -> pa.Check:
    return _rule(
        "artal",
        lambda s: s.str.match(_YEAR.pattern) | (s == ""),
        lambda c, v, r: f"måste vara ett årtal med fyra siffror, inte {echo(v) or 'detta värde'}",
    )


def _decimal_text() -> pa.Check:
    return _rule(
        "decimaltal_eller_tomt",
        lambda s: s.str.match(_DECIMAL.pattern) | (s == ""),
        lambda c, v, r: f"måste vara ett tal ≥ 0 (t.ex. 245.5) eller tomt, inte {echo(v) or 'detta värde'}",
    )


def _text_schema(columns: dict[str, list[pa.Check]]) -> pa.DataFrameSchema:
    # strict=False: extra columns are the loader's business (it warns and drops or keeps them).
    return pa.DataFrameSchema({name: pa.Column(checks=checks) for name, checks in columns.items()})


# ----------------------------------------------------------------------------- participants


@cache
def participant_schema(current_year: int) -> pa.DataFrameSchema:
    """Text-level rules for one enrolment row of the participant template (see docs/dataformat.md).

    Rejects: empty required values, outcomes/genders/extension/follow-up values outside the vocabulary
    (after ``loaders.validate_participants`` has turned known variants into codes), birth years outside
    1930–``current_year``. Empty optional values pass. Dates are checked by ``validate_participants``
    itself: how a slash date reads is a run-time setting (day first or month first), and its message
    says why the date failed.
    """
    req = _required
    return _text_schema(
        {
            "deltagare_id": [req()],
            "insats": [req()],
            "stadsdel_kod": [req()],
            "startdatum": [req()],
            "utfall": [req(), _in_vocabulary("utfall", vocab.OUTCOMES, empty_ok=False)],
            "malgrupp": [req()],
            "kon": [req(), _in_vocabulary("kon", vocab.GENDERS, empty_ok=False)],
            "fodelsear": [req(), _birth_year(current_year)],
            "forlangning": [_in_vocabulary("forlangning", vocab.EXTENSION_VALUES, empty_ok=True)],
            "utfall_6m": [_in_vocabulary("utfall_6m", vocab.FOLLOW_UP_OUTCOMES, empty_ok=True)],
            "utfall_12m": [_in_vocabulary("utfall_12m", vocab.FOLLOW_UP_OUTCOMES, empty_ok=True)],
        }
    )


# ----------------------------------------------------------------------------- statistics

STATISTICS_REQUIRED: tuple[str, ...] = (
    "stadsdel_kod",
    "ar",
    "folkmangd",
    "folkmangd_20_64",
    *vocab.INDICATOR_DENOMINATORS,
)
STATISTICS_OPTIONAL: tuple[str, ...] = tuple(c for c in vocab.STATISTICS_COLUMNS if c not in STATISTICS_REQUIRED)


@cache
def statistics_text_schema() -> pa.DataFrameSchema:
    """Text-level rules for ``statistik.csv``: code and year present, counts non-negative integers or empty.

    Empty counts are allowed because published statistics hide small cells; they become NA.
    """
    columns: dict[str, list[pa.Check]] = {
        "stadsdel_kod": [_required()],
        "ar": [_required(), _year_text()],
        "medianinkomst_tkr": [_decimal_text()],
        "omradestyp_scb": [_integer_text(empty_ok=True)],
    }
    for name in vocab.STATISTICS_COUNT_COLUMNS:
        columns[name] = [_integer_text(empty_ok=True)]
    return _text_schema(columns)


def _not_above_denominator(numerator: str, denominator: str) -> pa.Check:
    def message(col: str, value: object, row: pd.Series | None) -> str:
        if row is None:
            return f"{numerator} är större än {denominator}"
        return (
            f"{numerator} ({_plain(row[numerator])}) är större än sin nämnare {denominator} "
            f"({_plain(row[denominator])}); en andel kan inte överstiga 100 %"
        )

    # NA on either side cannot be checked and is allowed (suppressed cells).
    return _rule(
        f"namnare:{numerator}:{denominator}",
        lambda f: (f[numerator] <= f[denominator]).fillna(True).astype(bool),
        message,
    )


def _non_negative() -> pa.Check:
    return _rule(
        "icke_negativ",
        lambda s: (s >= 0).fillna(True).astype(bool),
        lambda c, v, r: "får inte vara negativt",
    )


def _area_type() -> pa.Check:
    return _rule(
        "omradestyp",
        lambda s: s.isna() | s.between(1, 5),
        lambda c, v, r: f"områdestyp måste vara 1–5 eller tom, inte {echo(v) or 'detta värde'}",
    )


@cache
def statistics_schema() -> pa.DataFrameSchema:
    """Typed rules for ``statistik.csv``: one row per (stadsdel_kod, ar); each indicator count is at most
    its denominator (``vocab.INDICATOR_DENOMINATORS``); omradestyp_scb is 1–5 or empty."""
    columns = {
        "stadsdel_kod": pa.Column(nullable=False),
        "ar": pa.Column("int64"),
        "medianinkomst_tkr": pa.Column("float64", _non_negative(), nullable=True),
        "omradestyp_scb": pa.Column("Int64", _area_type(), nullable=True),
    }
    for name in vocab.STATISTICS_COUNT_COLUMNS:
        columns[name] = pa.Column("Int64", nullable=True)
    return pa.DataFrameSchema(
        columns,
        unique=["stadsdel_kod", "ar"],
        checks=[_not_above_denominator(n, d) for n, d in vocab.INDICATOR_DENOMINATORS.items()],
    )


# ----------------------------------------------------------------------------- small tables


@cache
def districts_schema() -> pa.DataFrameSchema:
    """``stadsdelar.csv``: every row has a code and a name; codes are unique."""
    return pa.DataFrameSchema(
        {
            "stadsdel_kod": pa.Column(checks=[_required()], unique=True),
            "stadsdel_namn": pa.Column(checks=[_required()]),
        }
    )


@cache
def programmes_schema() -> pa.DataFrameSchema:
    """``insatser.csv``: every row has a code and a display name; codes are unique."""
    return pa.DataFrameSchema(
        {
            "insats": pa.Column(checks=[_required()], unique=True),
            "namn": pa.Column(checks=[_required()]),
        }
    )


@cache
def goals_text_schema() -> pa.DataFrameSchema:
    """``mal.csv``: programme code, four-digit year, a known measure and a non-negative integer target;
    one row per (insats, ar, matt)."""
    return pa.DataFrameSchema(
        {
            "insats": pa.Column(checks=[_required()]),
            "ar": pa.Column(checks=[_required(), _year_text()]),
            "matt": pa.Column(checks=[_required(), _in_vocabulary("matt", vocab.GOAL_MEASURES, empty_ok=False)]),
            "malvarde": pa.Column(checks=[_required(), _integer_text(empty_ok=False)]),
        },
        unique=["insats", "ar", "matt"],
    )


# ----------------------------------------------------------------------------- integration strategy


def _in_code_list(column: str, allowed: Iterable[str], *, empty_ok: bool) -> pa.Check:
    """Like :func:`_in_vocabulary`, for the strategy tables' code columns (status, evidens, boendetyp, typ,
    rakning): their values are codes, never personal data, so the wrong value is echoed (``echo`` still
    hides anything that looks like an identity number)."""
    allowed = tuple(allowed)
    listed = ", ".join(allowed) + (" eller tomt" if empty_ok else "")

    def message(col: str, value: object, _row) -> str:
        shown = echo(value)
        return f"okänt värde{' ' + shown if shown else ''} i {col}; tillåtna värden: {listed}"

    return _rule(f"kodlista:{column}", lambda s: s.isin((*allowed, "")), message)


@cache
def plan_text_schema() -> pa.DataFrameSchema:
    """Text-level rules for ``handlingsplan`` (one measure per row): the required values are there, status
    and evidence are codes of ``vocab.PLAN_STATUSES`` / ``vocab.EVIDENCE_KINDS`` (after the loader turned
    known variants into codes). Dates, district lists and the unique id are checked by
    ``strategy.validate_table``."""
    req = _required
    return _text_schema(
        {
            "atgard_id": [req()],
            "titel": [req()],
            "ansvarig": [req()],
            "stadsdelar": [req()],
            "startdatum": [req()],
            "status": [req(), _in_code_list("status", vocab.PLAN_STATUSES, empty_ok=False)],
            "evidens": [req(), _in_code_list("evidens", vocab.EVIDENCE_KINDS, empty_ok=False)],
        }
    )


@cache
def plan_indicators_text_schema() -> pa.DataFrameSchema:
    """Text-level rules for ``handlingsplan_indikatorer``: every value present, the target year four digits.
    The indicator key, the target's range and the link to the plan are checked by ``strategy``."""
    req = _required
    return _text_schema(
        {
            "atgard_id": [req()],
            "indikator": [req()],
            "malvarde": [req()],
            "malar": [req(), _year_text()],
        }
    )


@cache
def placements_text_schema() -> pa.DataFrameSchema:
    """Text-level rules for ``placeringar``: year of four digits, a district code, a housing type of
    ``vocab.HOUSING_TYPES``, households and persons as integers ≥ 0 (so a negative count is refused)."""
    req = _required
    return _text_schema(
        {
            "ar": [req(), _year_text()],
            "stadsdel_kod": [req()],
            "boendetyp": [req(), _in_code_list("boendetyp", vocab.HOUSING_TYPES, empty_ok=False)],
            "hushall": [req(), _integer_text(empty_ok=False)],
            "personer": [req(), _integer_text(empty_ok=False)],
        }
    )


@cache
def activities_text_schema() -> pa.DataFrameSchema:
    """Text-level rules for ``aktiviteter``: date, district, kind (``vocab.ACTIVITY_KINDS``) and organiser
    present; participants an integer ≥ 0 or empty; the counting ``vocab.PARTICIPANT_COUNTING`` or empty."""
    req = _required
    return _text_schema(
        {
            "datum": [req()],
            "stadsdel_kod": [req()],
            "typ": [req(), _in_code_list("typ", vocab.ACTIVITY_KINDS, empty_ok=False)],
            "arrangor": [req()],
            "deltagare": [_integer_text(empty_ok=True)],
            "rakning": [_in_code_list("rakning", vocab.PARTICIPANT_COUNTING, empty_ok=True)],
        }
    )


# ----------------------------------------------------------------------------- running a schema


def _duplicate_message(frame: pd.DataFrame, keys: list[str], row: int) -> str:
    values = frame.loc[row, keys]
    same = frame.index[(frame[keys] == values).all(axis=1)].tolist()
    shown = " och ".join(f"{k} {echo(values[k], k) if k in CODE_COLUMNS else _plain(values[k])}" for k in keys)
    rows = ", ".join(str(r) for r in same)
    return f"{shown} förekommer på flera rader (rad {rows}); varje kombination får bara finnas en gång"


def run_schema(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[Issue]:
    """Validate ``frame`` lazily and return every failure as a Swedish :class:`Issue` (severity ``fel``).

    ``frame`` must be indexed by Excel row number. One issue per (row, column, check): a dataframe-wide
    check that pandera reports once per column is collapsed to the column it is about.
    """
    from pandera import errors as pandera_errors

    try:
        schema.validate(frame, lazy=True)
    except pandera_errors.SchemaErrors as exc:
        cases = exc.failure_cases
    except pandera_errors.SchemaError as exc:  # pragma: no cover - lazy=True collects, but be safe
        cases = exc.failure_cases if exc.failure_cases is not None else pd.DataFrame()
    else:
        return []

    issues: list[Issue] = []
    seen: set[tuple] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = None if case.column is None or pd.isna(case.column) else str(case.column)
        row = None if case.index is None or pd.isna(case.index) else int(case.index)
        if check == "multiple_fields_uniqueness" or check == "field_uniqueness":
            keys = list(schema.unique) if check == "multiple_fields_uniqueness" else [column]
            key = (row, tuple(keys), "unik")
            if key in seen or row is None:
                continue
            seen.add(key)
            issues.append(Issue(row, ", ".join(keys), _duplicate_message(frame, keys, row), ERROR))
            continue
        if check.startswith("namnare:"):
            # A dataframe-level check: pandera lists every column of the row; report the numerator only.
            column = check.split(":")[1]
        key = (row, column, check)
        if key in seen:
            continue
        seen.add(key)
        if check == "column_in_dataframe":
            issues.append(Issue(None, str(case.failure_case), "kolumnen saknas", ERROR))
            continue
        if check == "not_nullable":
            issues.append(Issue(row, column, "värde saknas (kolumnen måste fyllas i)", ERROR))
            continue
        message = _MESSAGES.get(check)
        row_values = frame.loc[row] if row is not None and row in frame.index else None
        text = (
            message(column or "", case.failure_case, row_values)
            if message
            else "ogiltigt värde (kontrollen kunde inte passeras)"
        )
        issues.append(Issue(row, column, text, ERROR))
    order = {name: i for i, name in enumerate(frame.columns)}
    issues.sort(key=lambda i: (i.row or 0, order.get(i.column or "", len(order))))
    return issues
