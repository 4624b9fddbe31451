"""Key figures against a hand-counted register."""

import pandas as pd

from analysis.stats.overview import key_figures


def register() -> pd.DataFrame:
    rows = []
    # 2024: 10 finished, 6 positive (3 arbete, 2 studier, 1 praktik), 4 not.
    for i, outcome in enumerate(
        ["arbete"] * 3 + ["studier"] * 2 + ["praktik"] + ["avbrott"] * 2 + ["ingen_sysselsattning"] * 2
    ):
        rows.append((f"A{i}", "2024-02-01", "2024-09-01", outcome))
    # 2025: 8 finished, 6 positive; plus 3 started in 2025 and still running, 2 started 2024 ending 2025.
    for i, outcome in enumerate(["arbete"] * 6 + ["avbrott"] * 2):
        rows.append((f"B{i}", "2025-01-10", "2025-06-30", outcome))
    for i in range(3):
        rows.append((f"C{i}", "2025-10-01", None, "pagaende"))
    rows.append(("D0", "2024-11-01", "2025-03-01", "arbete"))
    rows.append(("D1", "2024-11-01", "2025-03-01", "avbrott"))
    frame = pd.DataFrame(rows, columns=["deltagare_id", "startdatum", "slutdatum", "utfall"])
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])
    frame["slutdatum"] = pd.to_datetime(frame["slutdatum"])
    for col, value in {"insats": "x", "stadsdel_kod": "1283R005", "malgrupp": "nyanlanda", "kon": "kvinna"}.items():
        frame[col] = pd.array([value] * len(frame), dtype="string")
    frame["utfall"] = frame["utfall"].astype("string")
    return frame


def test_counts_rates_and_change_by_hand():
    figures = key_figures(register(), 2025, min_n=1)  # exact: nothing hidden or rounded
    assert figures.enrolled == 11  # 8 B + 3 C started in 2025
    assert figures.finished == 10  # 8 B + 2 D
    assert figures.positive == 7  # 6 B + D0
    assert figures.n == 10
    assert figures.rate == 0.7
    # Wilson 95 % for 7/10: centre (7 + 1.9208)/13.8415 = 0.6445, half-width 1.96*sqrt(2.1+0.9604)/13.8415
    # = 0.2477 → (0.3968, 0.8922)
    assert round(figures.ci_low, 4) == 0.3968
    assert round(figures.ci_high, 4) == 0.8922
    assert figures.previous_rate == 0.6  # 6 of 10 in 2024
    assert round(figures.change, 10) == 0.1


def test_published_key_figures_are_rounded_and_rates_need_both_sides():
    figures = key_figures(register(), 2025, min_n=5)
    # 11 started, 10 finished, 7 positive: published 10, 10, 5
    assert (figures.enrolled, figures.finished, figures.positive) == (10, 10, 5)
    # 3 of the 10 had no positive outcome: the rate (and so the change) is hidden
    assert figures.rate is None and figures.n is None and figures.change is None


def test_ongoing_means_running_on_31_december():
    # End of 2024: the two D enrolments (start 2024-11, end 2025-03) are running.
    assert key_figures(register(), 2024, min_n=1).ongoing == 2
    # End of 2025: the three C enrolments.
    assert key_figures(register(), 2025, min_n=1).ongoing == 3


def test_small_counts_are_masked_and_change_needs_both_years():
    figures = key_figures(register(), 2025, min_n=5)
    assert figures.ongoing is None  # 3 running, under 5
    early = key_figures(register(), 2024, min_n=5)
    assert early.previous_rate is None
    assert early.change is None
    assert early.rate is None  # 6 of 10: the 4 without a positive outcome hide it


def test_enrolled_change_is_hidden_when_either_count_is():
    import pandas as pd

    from analysis.stats import overview

    rows = [("2023-02-01", "pagaende")] * 3 + [("2024-02-01", "pagaende")] * 7 + [("2025-03-01", "pagaende")] * 9
    participants = pd.DataFrame(
        {
            "startdatum": pd.to_datetime([r[0] for r in rows]),
            "slutdatum": pd.NaT,
            "utfall": [r[1] for r in rows],
        }
    )
    # 9 and 7 enrolments, published as 10 and 5: the change shown is that of the published counts
    assert overview.key_figures(participants, 2025, 5).enrolled_change == 5
    assert overview.key_figures(participants, 2024, 5).enrolled_change is None  # 2023 had 3: hidden
    assert overview.key_figures(participants, 2023, 5).enrolled_change is None  # the register starts in 2023
