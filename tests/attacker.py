"""An attacker that reads what the dashboard shows and tries to work out a count of 1–4 people.

It knows nothing of the data: it sees the figures as a viewer sees them (the strings of tables, metrics,
captions and charts of every page through AppTest, and the CLI's CSV), and tries

* **rate × n** and **n − rate × n**: from a shown rate (at its displayed precision) and its n, every count
  the rate can stand for; a finding when all of them, or all of their complements, are 1–4;
* **interval inversion**: from a rate and its 95 % Wilson interval (at displayed precision), every (k, n)
  with n ≤ ``MAX_N`` that displays the same way; a finding when all of them have k or n − k in 1–4;
* **differences**: every difference between two shown counts of people (totals beside parts, one page
  against another, one year against the next, overlapping groups), and each table's column sum against
  every count shown; a finding when one is 1–4.

A finding is a claim "this is a count of 1–4", with where it came from. ``tests/test_attacker.py`` runs it
on everything the app shows and, as a check that it can find anything at all, on the figures the old rule
(exact counts, only n < 5 hidden) would have shown.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field

import numpy as np

from analysis.stats.rates import wilson_interval
from tests import figures

#: Largest n the interval inversion searches.
MAX_N = 2000
#: Headers (Swedish and English) whose cells are counts of people (prefix match after stripping).
COUNT_HEADERS = (
    "n",
    "n (",
    "n 1",
    "n 2",
    "Inskrivna",
    "Avslutade",
    "Pågående",
    "Arbete, praktik eller studier",
    "Ej uppföljda",
    "Deltagare",
    "Enrolled",
    "Finished",
    "Ongoing",
    "Work, internship or studies",
    "Not followed up",
    "Participants",
)
#: Metric labels that are counts of people.
COUNT_METRICS = (
    "Inskrivna",
    "Arbete, praktik",
    "Pågående",
    "Avslutade",
    "Enrolled",
    "Work, internship",
    "Ongoing",
    "Finished",
)
_NUMBER = r"\d{1,3}(?:[\s\u00a0\u202f]\d{3})*(?:,\d+)?"
_PERCENT = re.compile(rf"^\s*({_NUMBER})\s*%\s*$")
_INTERVAL = re.compile(rf"^\s*({_NUMBER})\s*[\u2060]?[–-][\u2060]?\s*({_NUMBER})\s*%?\s*$")
_COUNT = re.compile(rf"^\s*({_NUMBER})\s*$")
_N_EQUALS = re.compile(rf"\bn[\s\u00a0]*=[\s\u00a0]*({_NUMBER})")
_WIDE_CELL = re.compile(
    rf"^\s*({_NUMBER})\s*%\s*\(\s*({_NUMBER})\s*[\u2060]?[–-][\u2060]?\s*({_NUMBER})\s*%\s*;\s*n[\s\u00a0]*=[\s\u00a0]*({_NUMBER})\s*\)"
)


def number(text: str) -> float:
    """``"5 359"`` → 5359.0, ``"72,2"`` → 72.2 (Swedish format, any kind of space as thousands separator)."""
    return float(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))


def decimals(text: str) -> int:
    return len(text.split(",")[1]) if "," in text else 0


@dataclass
class Rate:
    """A shown rate: value and its display half-step, optional n and interval (fractions)."""

    source: str
    value: float
    step: float
    n: float | None = None
    low: float | None = None
    high: float | None = None
    interval_step: float = 0.005


@dataclass
class Shown:
    """Everything the attacker collected from one municipality."""

    counts: list[tuple[str, float]] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    #: Columns of counts shown together in one table (for column sum attacks).
    columns: list[tuple[str, list[float]]] = field(default_factory=list)

    def extend(self, other: Shown) -> None:
        self.counts += other.counts
        self.rates += other.rates
        self.columns += other.columns


def _percent(cell: str) -> tuple[float, float] | None:
    match = _PERCENT.match(str(cell))
    if not match:
        return None
    return number(match.group(1)) / 100.0, 0.5 * 10 ** -decimals(match.group(1)) / 100.0


def _interval(cell: str) -> tuple[float, float, float] | None:
    match = _INTERVAL.match(str(cell))
    if not match or ("%" not in str(cell) and "," in str(cell)):
        return None
    low, high = number(match.group(1)) / 100.0, number(match.group(2)) / 100.0
    return low, high, 0.5 * 10 ** -max(decimals(match.group(1)), decimals(match.group(2))) / 100.0


def _count(cell: str) -> float | None:
    match = _COUNT.match(str(cell))
    if not match or "," in match.group(1):
        return None
    return number(match.group(1))


def is_count_header(header: str) -> bool:
    text = str(header).strip()
    return text == "n" or any(text.startswith(p) for p in COUNT_HEADERS if p != "n")


def from_table(frame, source: str) -> Shown:
    """Counts, rates with their n and interval, and count columns of one displayed table."""
    shown = Shown()
    columns = [str(c) for c in frame.columns]
    count_columns = [c for c in columns if is_count_header(c)]
    if not count_columns:
        # The Jämför wide table: "61 % (59–63 %; n = 2 710)" in every cell.
        for column in columns:
            for cell in frame[column].astype(str):
                match = _WIDE_CELL.match(cell)
                if match:
                    step = 0.5 * 10 ** -decimals(match.group(1)) / 100.0
                    rate = Rate(source, number(match.group(1)) / 100, step, number(match.group(4)))
                    rate.low, rate.high = number(match.group(2)) / 100, number(match.group(3)) / 100
                    shown.rates.append(rate)
                    shown.counts.append((source, rate.n))
        return shown
    for column in count_columns:
        values = [v for v in (_count(c) for c in frame[column].astype(str)) if v is not None]
        shown.counts += [(f"{source} · {column}", v) for v in values]
        if len(values) > 1:
            shown.columns.append((f"{source} · {column}", values))
    rate_columns = [c for c in columns if c not in count_columns]
    for _, row in frame.astype(str).iterrows():
        cells = {c: row[c] for c in columns}
        n_column = next((c for c in count_columns if c.startswith("n")), None)
        n = _count(cells[n_column]) if n_column else None
        for position, column in enumerate(rate_columns):
            parsed = _percent(cells[column])
            if parsed is None:
                continue
            rate = Rate(f"{source} · {column}", parsed[0], parsed[1], n)
            following = rate_columns[position + 1] if position + 1 < len(rate_columns) else None
            if following is not None and (interval := _interval(cells[following])) is not None:
                rate.low, rate.high, rate.interval_step = interval
            shown.rates.append(rate)
            break  # one rate per row: the first share column
    return shown


def from_text(text: str, source: str) -> Shown:
    """Every ``n = 123`` in a caption, a note or a chart."""
    return Shown(counts=[(source, number(m.group(1))) for m in _N_EQUALS.finditer(text)])


def from_app(at, source: str) -> Shown:
    """What one rendered page shows: tables, count metrics, captions, markdown and charts."""
    shown = Shown()
    for index, table in enumerate(list(at.dataframe) + list(at.table)):
        shown.extend(from_table(table.value.reset_index(drop=False), f"{source} · tabell {index}"))
    for metric in at.metric:
        if any(metric.label.startswith(p) for p in COUNT_METRICS) and (value := _count(metric.value)) is not None:
            shown.counts.append((f"{source} · {metric.label}", value))
    texts = [c.value for c in at.caption] + [m.value for m in at.markdown] + [i.value for i in at.info]
    shown.extend(from_text(" ".join(texts), f"{source} · text"))
    for spec in figures.specs(at):
        shown.extend(from_text(json.dumps(spec, ensure_ascii=False), f"{source} · diagram"))
        for trace in spec.get("data", []):
            template = trace.get("hovertemplate") or ""
            texts_ = trace.get("text")
            if isinstance(texts_, list) and any(label in template for label in COUNT_METRICS):
                shown.counts += [(f"{source} · diagram", v) for v in (_count(str(t)) for t in texts_) if v is not None]
    return shown


def from_cli_csv(rows: list[dict], source: str) -> Shown:
    """The CLI's ``rates`` output: exact floats, so the attacker gets the full precision."""
    shown = Shown()
    for row in rows:
        n = float(row["n"]) if row["n"] else None
        if n is not None:
            shown.counts.append((source, n))
        if row["positive"]:
            shown.counts.append((source, float(row["positive"])))
        if row["rate"]:
            rate = Rate(source, float(row["rate"]), 1e-9, n, float(row["ci_low"]), float(row["ci_high"]), 1e-9)
            shown.rates.append(rate)
    return shown


# ------------------------------------------------------------------------------------------- attacks


def _small(value: float) -> bool:
    return 0 < round(value) < 5 and abs(value - round(value)) < 1e-9


def rate_times_n(rates: list[Rate]) -> list[str]:
    """Findings of rate × n and n − rate × n."""
    findings = []
    for rate in rates:
        if rate.n is None or rate.n <= 0:
            continue
        low = int(np.ceil((rate.value - rate.step) * rate.n - 1e-9))
        high = int(np.floor((rate.value + rate.step) * rate.n + 1e-9))
        candidates = [k for k in range(max(low, 0), min(high, int(rate.n)) + 1)]
        if not candidates:
            continue
        if all(_small(k) for k in candidates):
            findings.append(f"{rate.source}: {rate.value:.4f} × {rate.n:g} ger {candidates}")
        if all(_small(rate.n - k) for k in candidates):
            findings.append(
                f"{rate.source}: {rate.n:g} − {rate.value:.4f} × {rate.n:g} ger {[rate.n - k for k in candidates]}"
            )
    return findings


def interval_inversion(rates: list[Rate], max_n: int = MAX_N) -> list[str]:
    """Findings of solving a rate and its Wilson interval for (k, n)."""
    findings = []
    sizes = np.arange(1, max_n + 1, dtype=float)
    for rate in rates:
        if rate.low is None or rate.high is None:
            continue
        ns = sizes if rate.n is None else np.array([rate.n])
        solutions = []
        for n in ns:
            low_k = int(np.ceil((rate.value - rate.step) * n - 1e-9))
            high_k = int(np.floor((rate.value + rate.step) * n + 1e-9))
            for k in range(max(low_k, 0), min(high_k, int(n)) + 1):
                lo, hi = wilson_interval(k, n)
                if abs(lo - rate.low) <= rate.interval_step + 1e-9 and abs(hi - rate.high) <= rate.interval_step + 1e-9:
                    solutions.append((k, int(n)))
        if solutions and all(_small(k) or _small(n - k) for k, n in solutions):
            findings.append(f"{rate.source}: intervallet {rate.low:.3f}–{rate.high:.3f} ger {solutions[:5]}")
    return findings


def differences(shown: Shown) -> list[str]:
    """Findings of count minus count (any two shown, anywhere) and column sum minus any shown count."""
    findings = []
    values = sorted({v for _, v in shown.counts})
    where = {}
    for source, value in shown.counts:
        where.setdefault(value, source)
    for a, b in itertools.combinations(values, 2):
        if _small(b - a):
            findings.append(f"{where[b]} ({b:g}) − {where[a]} ({a:g}) = {b - a:g}")
    for source, column in shown.columns:
        total = sum(column)
        for value in values:
            if _small(abs(value - total)):
                findings.append(f"summan av {source} ({total:g}) mot {where[value]} ({value:g})")
    return findings


def attack(shown: Shown) -> list[str]:
    """Every finding of every attack."""
    return rate_times_n(shown.rates) + interval_inversion(shown.rates) + differences(shown)
