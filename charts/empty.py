"""Is there anything to draw? The one decision every chart of a table makes before a page draws it.

A chart whose every group is hidden by the small-number rule, or whose period has no data, would draw
empty axes (and plotly invents a range such as −1 to 6 for them). The pages ask `why_empty` first and,
when it gives a reason, say that reason in one sentence (``texts.empty_chart``) instead of drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The reasons `why_empty` gives, in the order it checks them.
REASONS: tuple[str, ...] = ("missing", "all_hidden", "no_data")


@dataclass(frozen=True)
class Drawn:
    """What one chart draws from its table.

    ``values``: the columns drawn (a row is drawn when any of them has a value). ``hidden``: the column
    that marks a row hidden by the small-number rule, or None when a hidden number is simply NA (as in
    the programme funnel, where one row may hide one count and show the others). ``zero_is_empty``: a
    table of nothing but zeros draws nothing worth a chart (bars of length 0), as in counts of people.
    """

    values: tuple[str, ...]
    hidden: str | None = "suppressed"
    zero_is_empty: bool = False


#: Every chart that can end up empty, by the name the texts use for its sentence.
CHARTS: dict[str, Drawn] = {
    # charts.outcomes.rate_trend over analysis.stats.rates.outcome_rates(by=["ar", group])
    "trend": Drawn(("rate",)),
    # charts.outcomes.funnel over analysis.stats.programmes.programme_funnel
    "funnel": Drawn(("inskrivna", "avslutade", "positivt"), hidden=None, zero_is_empty=True),
    # charts.outcomes.rate_bars over analysis.stats.programmes.group_outcomes
    "groups": Drawn(("rate",)),
    # charts.outcomes.rate_bars over analysis.stats.programmes.extension_rates(by=("roll",))
    "roles": Drawn(("rate",)),
    # charts.outcomes.rate_bars over analysis.stats.follow_up.lasting_outcomes (its "andel")
    "lasting": Drawn(("andel",)),
    # charts.funnel.funnel_plot over analysis.stats.funnel.district_funnel
    "districts": Drawn(("rate",)),
    # charts.segregation.reach_by_district over analysis.stats.reach.reach_by_district_and_type
    "reach": Drawn(("per_1000",), zero_is_empty=True),
    # the targeting ratio's metric over analysis.stats.reach.targeting_ratio
    "targeting": Drawn(("kvot",)),
}


def why_empty(table: pd.DataFrame, chart: str) -> str | None:
    """None when ``chart`` (a key of `CHARTS`) would draw at least one value of ``table``; else why not.

    Reasons, checked in this order:

    * ``"missing"``: rows that are not hidden have no value (for example no population figures for the
      year, so no rate per 1,000 residents);
    * ``"all_hidden"``: every row that could have been drawn is hidden by the small-number rule;
    * ``"no_data"``: no rows at all, or (for counts) nothing but zeros: nothing happened in the period.
    """
    drawn = CHARTS[chart]
    if table is None or table.empty:
        return "no_data"
    values = np.column_stack(
        [pd.to_numeric(table[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan) for c in drawn.values]
    )
    has_value = ~np.isnan(values)
    if drawn.hidden is None:  # a hidden number is an NA among the drawn columns
        row_hidden = np.zeros(len(table), dtype=bool)
        any_hidden = bool((~has_value).any())
    else:
        row_hidden = table[drawn.hidden].fillna(True).to_numpy(dtype=bool)
        any_hidden = bool(row_hidden.any())
    worth = has_value & (values != 0) if drawn.zero_is_empty else has_value
    if (worth.any(axis=1) & ~row_hidden).any():
        return None
    if drawn.hidden is not None and (~row_hidden & ~has_value.any(axis=1)).any():
        return "missing"
    return "all_hidden" if any_hidden else "no_data"
