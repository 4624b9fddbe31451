"""Labels of measures, which depend on the loaded data set's programme names."""

from __future__ import annotations

import texts
from analysis.stats.measures import Measure


def measure_label(measure: Measure, programme_names: dict[str, str]) -> str:
    if measure.kind == "rate":
        name = None if measure.programme is None else programme_names.get(measure.programme, measure.programme)
        return texts.outcome_label(name)
    return texts.MEASURE_LABELS[measure.key]


def measure_help(measure: Measure) -> str:
    return texts.OUTCOME_HELP if measure.kind == "rate" else texts.MEASURE_HELP[measure.key]
