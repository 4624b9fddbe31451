"""Tests of analysis.stats.programmes against a hand-counted register.

Wilson (1927) at z = 1.959964 (z² = 3.841459): (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.programmes import extension_rates, programme_funnel, programme_outcome_rates

STRING_COLUMNS = ("deltagare_id", "insats", "stadsdel_kod", "utfall", "malgrupp", "kon", "roll", "forlangning")


def make_participants(rows: list[dict]) -> pd.DataFrame:
    defaults = {
        "insats": "coach",
        "stadsdel_kod": "1283R005",
        "startdatum": "2023-01-10",
        "slutdatum": None,
        "utfall": "pagaende",
        "malgrupp": "nyanlanda",
        "kon": "man",
        "fodelsear": 1985,
        "roll": None,
        "forlangning": None,
    }
    frame = pd.DataFrame.from_records([{"deltagare_id": f"p{i}", **defaults, **r} for i, r in enumerate(rows)])
    for column in STRING_COLUMNS:
        frame[column] = pd.Series(frame[column].tolist(), dtype="str")
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])
    frame["slutdatum"] = pd.to_datetime(frame["slutdatum"])
    frame["fodelsear"] = frame["fodelsear"].astype("Int64")
    return frame


def enrolments(n: int, start: str, end: str | None = None, utfall: str = "pagaende", **extra) -> list[dict]:
    return [{"startdatum": start, "slutdatum": end, "utfall": utfall, **extra}] * n


def register() -> pd.DataFrame:
    """coach
      A started 2022, finished 2023: arbete ×3
      B started 2023, finished 2023: arbete ×2, studier, avbrott, ingen_sysselsattning ×2   (3 positive of 6)
      C started 2023, finished 2024: praktik ×2, avbrott
      D started 2023, running ×4
      E started 2024, running ×5
    jobb
      started 2023, finished 2023: avbrott ×2
    """
    rows = enrolments(3, "2022-05-01", "2023-03-01", "arbete")
    for utfall in ("arbete", "arbete", "studier", "avbrott", "ingen_sysselsattning", "ingen_sysselsattning"):
        rows += enrolments(1, "2023-02-01", "2023-10-01", utfall)
    for utfall in ("praktik", "praktik", "avbrott"):
        rows += enrolments(1, "2023-06-01", "2024-02-01", utfall)
    rows += enrolments(4, "2023-09-01")
    rows += enrolments(5, "2024-03-01")
    rows += enrolments(2, "2023-01-01", "2023-06-30", "avbrott", insats="jobb")
    return make_participants(rows)


def row_for(table: pd.DataFrame, insats: str) -> pd.Series:
    return table.loc[table["insats"] == insats].iloc[0]


# --------------------------------------------------------------------------------------- programme_funnel
def test_funnel_year_2023():
    table = programme_funnel(register(), year=2023, min_n=1)  # exact counts: nothing hidden or rounded
    assert list(table.columns) == [
        "insats",
        "inskrivna",
        "avslutade",
        "pagaende",
        "positivt",
        "rate",
        "ci_low",
        "ci_high",
        "suppressed",
    ]
    assert table["insats"].tolist() == ["coach", "jobb"]
    coach = row_for(table, "coach")
    # started 2023: B 6 + C 3 + D 4 = 13; finished 2023: A 3 + B 6 = 9; positive: 3 + 3 = 6;
    # running on 31 Dec 2023: C 3 (finished 2024) + D 4 = 7
    assert (coach["inskrivna"], coach["avslutade"], coach["pagaende"], coach["positivt"]) == (13, 9, 7, 6)
    # 6/9: centre (0.666667 + 0.213414) / 1.426829 = 0.616809, half 1.959964·0.191175/1.426829 = 0.262607
    assert coach["rate"] == pytest.approx(6 / 9)
    assert (coach["ci_low"], coach["ci_high"]) == pytest.approx((0.3542, 0.8794), abs=1e-4)
    assert not coach["suppressed"]


def test_funnel_small_programme_hides_everything_including_a_zero_positive():
    jobb = row_for(programme_funnel(register(), year=2023), "jobb")
    # 2 started, 2 finished, 0 positive of 2: every number would describe fewer than 5 people
    for column in ("inskrivna", "avslutade", "positivt", "rate", "ci_low", "ci_high"):
        assert pd.isna(jobb[column]), column
    assert jobb["pagaende"] == 0
    assert bool(jobb["suppressed"])


def test_funnel_year_2024_and_2022():
    table = programme_funnel(register(), year=2024)
    coach = row_for(table, "coach")
    # started 2024: E 5; finished 2024: C 3 (hidden); positive 2 (hidden); running end 2024: D 4 + E 5 = 9,
    # published as 10 (nearest 5)
    assert coach["inskrivna"] == 5
    assert pd.isna(coach["avslutade"])
    assert pd.isna(coach["positivt"])
    assert coach["pagaende"] == 10
    assert np.isnan(coach["rate"])
    assert bool(coach["suppressed"])
    # jobb had no activity in 2024: zeros are shown, the rate does not exist (0 finished), nothing hidden
    jobb = row_for(table, "jobb")
    assert (jobb["inskrivna"], jobb["avslutade"], jobb["pagaende"], jobb["positivt"]) == (0, 0, 0, 0)
    assert np.isnan(jobb["rate"])
    assert not jobb["suppressed"]

    coach_2022 = row_for(programme_funnel(register(), year=2022), "coach")
    # A: 3 started in 2022 and running at its end → both hidden; nothing finished
    assert pd.isna(coach_2022["inskrivna"])
    assert pd.isna(coach_2022["pagaende"])
    assert coach_2022["avslutade"] == 0


def test_funnel_running_stock_follows_flows():
    participants = register()
    true = {y: programme_funnel(participants, year=y, min_n=0).set_index("insats") for y in (2022, 2023, 2024)}
    for year in (2023, 2024):
        for insats in ("coach", "jobb"):
            before, now = true[year - 1].loc[insats], true[year].loc[insats]
            assert now["pagaende"] == before["pagaende"] + now["inskrivna"] - now["avslutade"]


def test_funnel_all_years():
    coach = row_for(programme_funnel(register(), min_n=1), "coach")
    # all 21 enrolments; 12 finished; 8 positive (3 + 3 + 2); 9 running now (D 4 + E 5)
    assert (coach["inskrivna"], coach["avslutade"], coach["pagaende"], coach["positivt"]) == (21, 12, 9, 8)
    # 8/12: centre (0.666667 + 0.160061) / 1.320122 = 0.626251, half 1.959964·0.158706/1.320122 = 0.235629
    assert (coach["ci_low"], coach["ci_high"]) == pytest.approx((0.3906, 0.8619), abs=1e-4)


@pytest.mark.parametrize(("min_n", "rate_shown"), [(3, True), (4, False)])
def test_funnel_rate_threshold_edge(min_n, rate_shown):
    # coach 2023: 9 finished, 6 positive, so 3 without: the rate goes once 3 is below the threshold, even
    # though 6 and 9 are not ("all but three" is as telling as "three")
    coach = row_for(programme_funnel(register(), year=2023, min_n=min_n), "coach")
    assert np.isnan(coach["rate"]) is not rate_shown
    assert pd.isna(coach["positivt"]) is not rate_shown
    assert not pd.isna(coach["avslutade"])


def test_funnel_dtypes():
    table = programme_funnel(register(), year=2023)
    for column in ("inskrivna", "avslutade", "pagaende", "positivt"):
        assert str(table[column].dtype) == "Int64", column
    assert table["rate"].dtype == np.float64
    assert table["suppressed"].dtype == bool


# ---------------------------------------------------------------------------------------- extension_rates
def job_register() -> pd.DataFrame:
    """drifttekniker: ja ×4, nej ×1 (finished 2023); fastighetsvard: ja ×2 (finished 2024);
    no role: nej ×1 (still running); three job enrolments without a decision; one coach enrolment."""
    job = {"insats": "jobb", "utfall": "arbete", "startdatum": "2023-01-01"}
    rows = [{**job, "roll": "drifttekniker", "slutdatum": "2023-07-01", "forlangning": "ja"}] * 4
    rows += [{**job, "roll": "drifttekniker", "slutdatum": "2023-07-01", "forlangning": "nej"}]
    rows += [{**job, "roll": "fastighetsvard", "slutdatum": "2024-01-10", "forlangning": "ja"}] * 2
    rows += [{"insats": "jobb", "startdatum": "2024-01-01", "forlangning": "nej"}]
    rows += [{**job, "roll": "reparator", "slutdatum": "2023-07-01"}] * 2
    rows += [{**job, "roll": "reparator", "slutdatum": "2023-07-01", "forlangning": ""}]  # blank, not NA
    rows += [{"insats": "coach"}]
    return make_participants(rows)


def test_extension_rates_by_role():
    table = extension_rates(job_register(), min_n=1)  # exact; see the threshold test for what is hidden
    assert list(table.columns) == ["roll", "n", "forlangda", "rate", "ci_low", "ci_high", "suppressed"]
    assert table["roll"].tolist()[:2] == ["drifttekniker", "fastighetsvard"]
    assert pd.isna(table["roll"].tolist()[2])  # missing role: its own group, not dropped
    drift = table.iloc[0]
    # 4/5: centre (0.8 + 0.384146) / 1.768292 = 0.669655, half 1.959964·0.265357/1.768292 = 0.294121
    assert (drift["n"], drift["forlangda"], drift["rate"]) == (5, 4, 0.8)
    assert (drift["ci_low"], drift["ci_high"]) == pytest.approx((0.3755, 0.9638), abs=1e-4)
    assert table["suppressed"].tolist() == [False, False, False]
    # At the default threshold every role is hidden: drifttekniker's one "nej" is 5 − 4.
    protected = extension_rates(job_register())
    assert protected["suppressed"].tolist() == [True, True, True]
    assert protected[["n", "forlangda", "rate", "ci_low", "ci_high"]].isna().all().all()


def test_extension_rates_programme_total():
    table = extension_rates(job_register(), by=(), min_n=1)
    # 8 decisions (reparator rows and the coach row have none), 6 "ja"
    # 6/8: centre (0.75 + 0.240091) / 1.480182 = 0.668898, half 1.959964·0.196069/1.480182 = 0.259623
    assert len(table) == 1
    assert (table.loc[0, "n"], table.loc[0, "forlangda"]) == (8, 6)
    assert (table.loc[0, "ci_low"], table.loc[0, "ci_high"]) == pytest.approx((0.4093, 0.9285), abs=1e-4)


def test_extension_rates_pilot_four_of_six():
    # Helsingborg Vill's first pilot: 4 of 6 offered an extension (PRODUCT.md).
    # 4/6: centre (0.666667 + 0.320122) / 1.640243 = 0.601611, half 1.959964·0.252416/1.640243 = 0.301618
    rows = [{"insats": "jobb", "forlangning": "ja"}] * 4 + [{"insats": "jobb", "forlangning": "nej"}] * 2
    row = extension_rates(make_participants(rows), by=(), min_n=1).iloc[0]
    assert row["rate"] == pytest.approx(4 / 6)
    # Published, the pilot's rate is hidden: 2 were not offered an extension.
    assert bool(extension_rates(make_participants(rows), by=()).iloc[0]["suppressed"])
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.3000, 0.9032), abs=1e-4)


def test_extension_rates_by_year_of_slutdatum():
    table = extension_rates(job_register(), by=("ar",), min_n=1)
    assert str(table["ar"].dtype) == "Int64"
    assert table["ar"].tolist()[:2] == [2023, 2024]
    assert pd.isna(table["ar"].tolist()[2])  # decision on a running enrolment
    assert table["n"].tolist() == [5, 2, 1]
    assert table["forlangda"].tolist() == [4, 2, 0]


def test_extension_rates_threshold_edge():
    # drifttekniker: 4 ja, 1 nej. Shown at min_n = 1; at min_n = 2 the single "nej" hides it.
    assert not extension_rates(job_register(), min_n=1).loc[0, "suppressed"]
    assert extension_rates(job_register(), min_n=2).loc[0, "suppressed"]


def test_extension_rates_rejects_unknown_key():
    with pytest.raises(ValueError, match="extension_rates"):
        extension_rates(job_register(), by=("utfall",))


# Issue 9: the extension rate follows the Insatser page's period (the enrolments that ended in the year).
def test_extension_rates_for_one_year_counts_enrolments_finished_that_year():
    # 2023: drifttekniker ja ×4, nej ×1 (finished 2023); the "nej" on a running enrolment never counts.
    row = extension_rates(job_register(), by=(), year=2023, min_n=1).iloc[0]
    assert (row["n"], row["forlangda"]) == (5, 4)
    # 4/5, as in test_extension_rates_by_role
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.3755, 0.9638), abs=1e-4)
    by_role = extension_rates(job_register(), year=2023, min_n=1)
    assert by_role["roll"].tolist() == ["drifttekniker"]
    assert by_role["n"].tolist() == [5]


def test_extension_rates_for_one_year_keep_suppression():
    # 2024: fastighetsvard ja ×2, hidden at min_n 5 (the row stays, every number NA), shown at min_n 1.
    hidden = extension_rates(job_register(), by=(), year=2024)
    assert hidden["suppressed"].tolist() == [True]
    assert hidden.loc[:, ["n", "forlangda", "rate", "ci_low", "ci_high"]].isna().all().all()
    shown = extension_rates(job_register(), by=(), year=2024, min_n=1).iloc[0]
    assert (shown["n"], shown["forlangda"], shown["rate"]) == (2, 2, 1.0)


def test_extension_rates_per_year_agree_with_by_year():
    by_year = extension_rates(job_register(), by=("ar",), min_n=1).dropna(subset=["ar"]).set_index("ar")
    for year in (2023, 2024):
        one = extension_rates(job_register(), by=(), year=year, min_n=1).iloc[0]
        assert (one["n"], one["forlangda"]) == (by_year.loc[year, "n"], by_year.loc[year, "forlangda"])


def test_extension_rates_year_without_decisions_has_no_row():
    # No decision ended in 2022: no row (nothing to show), which is not the same as a hidden rate.
    assert extension_rates(job_register(), by=(), year=2022).empty
    assert extension_rates(job_register(), year=2022).empty
    rows = [{"insats": "coach", "utfall": "arbete", "slutdatum": "2023-05-01"}]
    assert extension_rates(make_participants(rows), by=()).empty


def test_extension_rates_beside_their_total_cannot_be_subtracted_to_a_hidden_role():
    # A ja ×10 nej ×6 (n 16), B ja ×7 nej ×5 (n 12), C ja ×2 nej ×1 (n 3, hidden); the total (n 31) is shown
    # beside them. Published counts are multiples of 5, so total − shown roles is too: never C's 3.
    job = {"insats": "jobb", "utfall": "arbete", "startdatum": "2023-01-01", "slutdatum": "2023-07-01"}
    rows = []
    for role, yes, no in (("A", 10, 6), ("B", 7, 5), ("C", 2, 1)):
        rows += [{**job, "roll": role, "forlangning": "ja"}] * yes + [{**job, "roll": role, "forlangning": "nej"}] * no
    frame = make_participants(rows)
    roles = extension_rates(frame, year=2023)
    assert roles["suppressed"].tolist() == [False, False, True]
    assert roles["n"].tolist()[:2] == [15, 10]
    total = extension_rates(frame, by=(), year=2023).loc[0, "n"]
    assert total == 30
    assert (total - roles["n"].dropna().sum()) % 5 == 0
    assert (total - roles["n"].dropna().sum()) != 3


def test_funnel_totals_minus_shown_programmes_are_multiples_of_five():
    # The municipal totals on Översikt minus the shown programmes never give a hidden programme's count.
    from analysis.stats.overview import key_figures

    participants = register()
    funnel = programme_funnel(participants, year=2023)
    figures = key_figures(participants, 2023)
    for column, total in (("inskrivna", figures.enrolled), ("avslutade", figures.finished)):
        assert total is not None
        assert (total - funnel[column].dropna().sum()) % 5 == 0, column
    for column in ("inskrivna", "avslutade", "pagaende", "positivt"):
        assert (funnel[column].dropna() % 5 == 0).all(), column


def test_group_outcomes_give_the_programme_rate_as_reference():
    from analysis.stats.programmes import group_outcomes

    table, reference = group_outcomes(register(), "insats", programme="coach", year=2023, min_n=1)
    # coach finished 2023: 9, of whom 6 positive (see test_funnel_year_2023)
    assert reference == pytest.approx(6 / 9)
    assert table["n"].tolist() == [9]
    # At the default threshold the 3 without a positive outcome hide the reference too.
    _, hidden = group_outcomes(register(), "insats", programme="coach", year=2023, min_n=5)
    assert hidden is None


def test_programme_rates_beside_the_years_total_cannot_be_subtracted():
    from analysis.files_in.dataset import load_dataset
    from analysis.stats import rates
    from ui.context import DEMO_ROOT

    participants = load_dataset(DEMO_ROOT / "tierp").participants
    years = rates.outcome_rates(participants, ["ar"], 5).set_index("ar")
    protected = programme_outcome_rates(participants, 5)
    # Tierp 2024: the job programme for newly arrived has fewer than 5 finished and is hidden; the year's
    # total finished is shown on Översikt, and total − shown programmes is a multiple of 5, not its count.
    hidden = protected.set_index(["ar", "insats"]).loc[(2024, "nyanstallning")]
    assert bool(hidden["suppressed"]) and pd.isna(hidden["n"])
    for year, rows in protected.groupby("ar"):
        if year in years.index and not bool(years.loc[year, "suppressed"]):
            assert (years.loc[year, "n"] - rows["n"].dropna().sum()) % 5 == 0, year


# ------------------------------------------------------------------------------- every year in one pass
def test_every_year_at_once_equals_each_year_alone():
    from analysis.stats.programmes import (
        extension_rates_by_year,
        group_outcomes,
        group_outcomes_by_year,
        programme_funnel_by_year,
    )

    years = [2021, 2022, 2023, 2024, 2025]
    participants = register()
    funnels = programme_funnel_by_year(participants, [None, *years], 1)
    for year in [None, *years]:
        pd.testing.assert_frame_equal(funnels[year], programme_funnel(participants, year, 1))
    # The years differ (a pass that handed every year the same counts would fail here).
    assert row_for(funnels[2023], "coach")["avslutade"] == 9 and row_for(funnels[2024], "coach")["avslutade"] == 3
    for min_n in (1, 5):
        outcomes = group_outcomes_by_year(participants, "insats", programme="coach", years=years, min_n=min_n)
        for year in years:
            table, reference = group_outcomes(participants, "insats", programme="coach", year=year, min_n=min_n)
            pd.testing.assert_frame_equal(outcomes[year][0], table)
            assert outcomes[year][1] == reference
    jobs = job_register()
    for by in [(), ("roll",), ("insats", "kon")]:
        every = extension_rates_by_year(jobs, by, 1, years=years)
        for year in years:
            pd.testing.assert_frame_equal(every[year], extension_rates(jobs, by, 1, year=year))
    assert every[2023]["n"].sum() == 5 and every[2022].empty


def test_district_funnels_of_every_year_equal_each_year_alone():
    from analysis.files_in.dataset import load_dataset
    from analysis.stats.funnel import district_funnel, district_funnel_by_year
    from ui.context import DEMO_ROOT

    participants = load_dataset(DEMO_ROOT / "tierp").participants
    years = [*sorted({int(y) for y in participants["slutdatum"].dt.year.dropna()}), 2000]
    for programme in (None, "jobbcoachning"):
        every = district_funnel_by_year(participants, years=years, programme=programme)
        for year in years:
            table, limits = district_funnel(participants, year=year, programme=programme)
            pd.testing.assert_frame_equal(every[year][0], table)
            pd.testing.assert_frame_equal(every[year][1], limits)
        assert sum(not every[year][0].empty for year in years) >= 3
    assert every[2000][0].empty
