"""Issue 10: nothing the dashboard or its CLI shows lets anyone work out a count of 1–4 people.

The attacker (``tests/attacker.py``) collects what a viewer sees for each demo municipality (every page
through AppTest in both languages with a sample of widget states, and the CLI's ``rates`` for every grouping)
and tries rate × n, n − rate × n, interval inversion and differences between any two counts shown anywhere
(totals minus parts within and across pages, year minus year, overlapping groups). It must find nothing.
Its own fixture, the figures the rule before issue 10 would have shown, proves it finds leaks when there are
some.
"""

from __future__ import annotations

import csv
import io
import itertools

import numpy as np
import pandas as pd
import pytest

from analysis import cli
from analysis.files_in.dataset import load_dataset
from analysis.stats import rates
from tests import attacker
from tests.pages.conftest import _open_page
from ui.context import DEMO_ROOT

MUNICIPALITIES = {"1283": "helsingborg", "0360": "tierp"}
GROUPINGS = [
    by
    for size in (0, 1, 2, 3)
    for by in itertools.combinations(("ar", "stadsdel_kod", "insats", "malgrupp", "kon"), size)
    if size < 3 or "ar" in by
]


def _programmes(kommun: str) -> list[str]:
    participants = load_dataset(DEMO_ROOT / MUNICIPALITIES[kommun]).participants
    return sorted(participants["insats"].dropna().astype(str).unique())


def _page_states(kommun: str) -> list[tuple[str, dict, list]]:
    """(page, URL, widget changes) for a sample of what a viewer can see."""
    programme = _programmes(kommun)[0]
    states: list[tuple[str, dict, list]] = []
    for year in ("2016", "2020", "2024", "2025"):
        states.append(("oversikt", {"ar": year}, []))
        states.append(("insatser", {"ar": year}, []))
        states.append(("insatser", {"ar": year}, [("radio", "insatser_grupp", "stadsdel_kod")]))
        states.append(("segregation", {"ar": year}, []))
    states += [
        ("insatser", {"ar": "2025"}, [("radio", "insatser_period", "all")]),
        ("insatser", {"ar": "2025"}, [("radio", "insatser_period", "all"), ("radio", "insatser_grupp", "kon")]),
        ("insatser", {"ar": "2024"}, [("selectbox", "insatser_tratt", programme)]),
        ("insatser", {"ar": "2024"}, [("radio", "insatser_uppfoljning", "12m")]),
        ("segregation", {"ar": "2024"}, [("selectbox", "seg_insats", programme)]),
        ("karta", {"ar": "2024", "matt": "utfall:alla"}, []),
        ("karta", {"ar": "2025", "matt": f"utfall:{programme}", "visa": "forandring", "bas": "2020"}, []),
        ("jamfor", {"ar": "2024", "matt": "utfall:alla"}, []),
        ("jamfor", {"ar": "2025", "matt": f"utfall:{programme}", "bas": "2019"}, []),
    ]
    return states


def _scb_table(frame: pd.DataFrame) -> bool:
    """Tables of SCB's own statistics (residents, register shares): outside this policy, SCB protects them."""
    columns = {str(c) for c in frame.columns}
    return bool(columns & {"Indikator", "Indicator"}) or any(
        "(n\u00a0=" in str(v) for v in frame.iloc[:1].to_numpy().ravel()
    )


def scb_figures(kommun: str) -> set[float]:
    """Every count in the municipality's SCB statistics and their yearly totals: residents and register
    counts SCB publishes (and protects) itself. A chart of SCB's indicators says ``n = 1 246`` residents;
    those are public and no count of participants, so the attacker sets them aside."""
    statistics = load_dataset(DEMO_ROOT / MUNICIPALITIES[kommun]).statistics
    numbers = statistics.select_dtypes("number")
    values = {float(v) for v in numbers.to_numpy().ravel() if pd.notna(v) and float(v).is_integer()}
    values |= {float(v) for v in numbers.groupby(statistics["ar"]).sum().to_numpy().ravel() if pd.notna(v)}
    return values


def collect_pages(kommun: str, languages=("sv", "en")) -> attacker.Shown:
    shown = attacker.Shown()
    for lang in languages:
        for page, query, changes in _page_states(kommun):
            if lang != "sv" and changes:
                # AppTest formats a widget's value with the format function of the last run, outside the
                # run's language, so widget changes are driven in Swedish; English sees every URL state.
                continue
            at = _open_page(page, {"kommun": kommun, "lang": lang, **query})
            for kind, key, value in changes:
                widget = getattr(at, kind)(key=key)
                if value in getattr(widget, "options", [value]) or kind == "radio":
                    widget.set_value(value).run()
            assert not at.exception, (page, query, changes, at.exception)
            source = f"{lang}:{page}{query}{changes}"
            # SCB tables are dropped before the attack; the rest is what a viewer reads.
            for table in [t for t in list(at.dataframe) + list(at.table) if not _scb_table(t.value.reset_index())]:
                shown.extend(attacker.from_table(table.value.reset_index(drop=False), source))
            page_only = attacker.from_app(_Without(at), source)
            shown.extend(page_only)
    public = scb_figures(kommun)
    shown.counts = [(source, value) for source, value in shown.counts if value not in public or value % 5 == 0]
    return shown


class _Without:
    """An AppTest seen without its tables (they are collected apart, SCB's left out)."""

    def __init__(self, at):
        self._at = at
        self.dataframe, self.table = [], []

    def __getattr__(self, name):
        return getattr(self._at, name)

    def __iter__(self):
        # Every element in page order (tests/figures.py reads the figures so); Python looks dunders up on the
        # class, not through __getattr__.
        return iter(self._at)


def collect_cli(kommun: str) -> attacker.Shown:
    shown = attacker.Shown()
    folder = DEMO_ROOT / MUNICIPALITIES[kommun]
    for by in GROUPINGS:
        out = io.StringIO()
        assert cli.main(["rates", "--data", str(folder), "--by", ",".join(by)], out=out, err=io.StringIO()) == 0
        shown.extend(attacker.from_cli_csv(list(csv.DictReader(io.StringIO(out.getvalue()))), f"cli rates {by}"))
    return shown


def old_rule(kommun: str) -> attacker.Shown:
    """What the CLI printed before issue 10: exact counts and rates wherever n ≥ 5, a positive count under 5
    masked on its own (its rate still shown)."""
    participants = load_dataset(DEMO_ROOT / MUNICIPALITIES[kommun]).participants
    shown = attacker.Shown()
    for by in GROUPINGS:
        table = rates.outcome_rates(participants, list(by), min_n=1)
        rows = []
        for row in table.itertuples():
            n, positive = int(row.n), int(row.positive)
            if n < 5:
                rows.append({"n": "", "positive": "", "rate": "", "ci_low": "", "ci_high": ""})
                continue
            rows.append(
                {
                    "n": str(n),
                    "positive": str(positive) if positive == 0 or positive >= 5 else "",
                    "rate": repr(row.rate),
                    "ci_low": repr(row.ci_low),
                    "ci_high": repr(row.ci_high),
                }
            )
        shown.extend(attacker.from_cli_csv(rows, f"gammal regel {by}"))
    return shown


@pytest.mark.parametrize("kommun", sorted(MUNICIPALITIES))
def test_the_attacker_finds_the_leaks_of_the_old_rule(kommun):
    findings = attacker.rate_times_n(old_rule(kommun).rates)
    # e.g. Helsingborg 1283R008 in 2016: n = 5, rate 80 %, so 4 positive (and 1 not)
    assert any("4" in f for f in findings), findings[:5]
    assert attacker.differences(old_rule(kommun)), "the exact old counts differ by 1–4 somewhere"


def test_the_attacker_finds_helsingborgs_reported_leak():
    findings = attacker.rate_times_n(old_rule("1283").rates)
    assert any("('ar', 'stadsdel_kod')" in f and "0.8000 × 5 ger [4]" in f for f in findings), findings[:10]


@pytest.mark.parametrize("kommun", sorted(MUNICIPALITIES))
def test_the_cli_gives_the_attacker_nothing(kommun):
    shown = collect_cli(kommun)
    assert shown.rates and shown.counts
    assert attacker.attack(shown) == []


@pytest.mark.parametrize("kommun", sorted(MUNICIPALITIES))
def test_the_pages_and_the_cli_together_give_the_attacker_nothing(kommun):
    shown = collect_pages(kommun)
    assert len(shown.rates) > 50 and len(shown.counts) > 100, (len(shown.rates), len(shown.counts))
    shown.extend(collect_cli(kommun))
    findings = attacker.attack(shown)
    assert findings == [], findings[:20]
    # and every count of people anywhere is 0 or a multiple of 5 (so no sum or difference can be 1–4)
    assert all(value == 0 or value % 5 == 0 for _, value in shown.counts), [(s, v) for s, v in shown.counts if v % 5][
        :10
    ]


def test_the_attacker_reads_displayed_strings():
    frame = pd.DataFrame({"Grupp": ["a"], "Andel positivt utfall": ["80\u00a0%"], "95 % intervall": ["38–96\u00a0%"]})
    frame["n (avslutade)"] = ["5"]
    shown = attacker.from_table(frame, "test")
    assert shown.counts == [("test · n (avslutade)", 5.0)]
    (rate,) = shown.rates
    assert (rate.value, rate.n, rate.low, rate.high) == (0.8, 5.0, 0.38, 0.96)
    assert attacker.rate_times_n(shown.rates)  # 4 of 5, and 1 without
    assert attacker.interval_inversion([attacker.Rate("x", 0.8, 0.005, None, 0.38, 0.96)])
    assert np.isclose(attacker.number("5\u00a0359"), 5359)
