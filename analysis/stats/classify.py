"""Class breaks for a classed (stepped) district map: quantiles, equal intervals, SCB's area-type thresholds.

Hand-written on purpose: ``mapclassify`` would do the same in a few lines but drags in scikit-learn (and
its compiled dependencies) for three small, easily tested rules.

The contract every method shares
--------------------------------
* **Which values count.** The input is a frame of the ``analysis.stats.measures.district_values`` shape (or any
  frame with ``status`` and a value column). Only rows with ``status == "ok"`` and a finite value are
  classed and only they shape the breaks. A hidden district (``"suppressed"``: it rests on fewer than
  ``min_n`` people) or a missing one gets no class (NA) and never moves a break, so a class boundary can
  never give away a hidden value.
* **Closed and open ends.** Classes are left-closed: class ``i`` is ``[breaks[i], breaks[i+1])``; a value
  equal to a break belongs to the class *above* it. The top class is closed at both ends
  (``[breaks[-2], breaks[-1]]``) so the largest value is classed. The area-type thresholds have open outer
  ends (``-inf`` and ``inf``): the index has no natural minimum or maximum there, and SCB's bands include
  their lower edge, which is exactly the left-closed rule.
* **Ties and duplicate breaks.** Tied values always share a class. When ties make two quantile breaks
  coincide, the duplicate is dropped: the map gets *fewer* classes rather than an empty one. Only the top
  class may be a single value (``[max, max]``), when the largest value is itself a break. Equal intervals
  and thresholds keep their breaks (they mean something on the scale), and a class that no district falls
  in is left out of ``present`` so that no legend entry names an empty class.

References: Slocum et al. (2009), *Thematic Cartography and Geovisualization*, ch. 5 (quantiles and equal
intervals); SCB/Delmos, *Områdestyper* (the thresholds, see ``analysis.stats.districts``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The classification methods the map offers; "continuous" means no classes at all.
CONTINUOUS = "continuous"
QUANTILES = "quantiles"
EQUAL_INTERVALS = "equal_intervals"
AREA_TYPE_THRESHOLDS = "area_type_thresholds"
METHODS = (CONTINUOUS, QUANTILES, EQUAL_INTERVALS, AREA_TYPE_THRESHOLDS)
#: Number of classes of the quantile and equal-interval methods.
DEFAULT_CLASSES = 5


@dataclass(frozen=True)
class Classes:
    """The result of a classification.

    ``breaks`` are the class edges, non-decreasing (strictly increasing, except that the last two are
    equal when the top class holds only the maximum); ``members`` gives each input row's class number
    ``0 … k−1`` counted from the lowest values (Int64, NA for rows that do not count, see the module
    docstring), with the input's index.
    """

    method: str
    breaks: tuple[float, ...]
    members: pd.Series

    @property
    def k(self) -> int:
        """Number of classes the breaks define (some may be empty for equal intervals and thresholds)."""
        return max(len(self.breaks) - 1, 0)

    @property
    def present(self) -> list[int]:
        """Class numbers with at least one member, lowest first: the classes a legend should list."""
        return sorted(int(c) for c in self.members.dropna().unique())

    def bounds(self, i: int) -> tuple[float, float]:
        """Lower and upper edge of class ``i`` (left-closed; the top class closed at both ends)."""
        return self.breaks[i], self.breaks[i + 1]


def counted_values(frame: pd.DataFrame, column: str = "value") -> pd.Series:
    """The values that count for classification: status "ok" and finite, as float, with the frame's index.
    Everything else (hidden, missing, NaN, infinite) is left out."""
    values = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    ok = (frame["status"] == "ok").to_numpy() & np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    return values[ok]


def quantile_breaks(values, k: int = DEFAULT_CLASSES) -> np.ndarray:
    """Edges of up to ``k`` classes with (as near as ties allow) equally many values in each.

    With the ``n`` values sorted as ``x[0] ≤ … ≤ x[n−1]``, the ``i``-th inner break is ``x[ceil(i·n/k)]``
    (``i = 1 … k−1``): a value of the data, so under the left-closed rule the class that starts at a
    break always contains that value and can never be empty. With 31 districts and 5 classes the class
    sizes are 7, 6, 6, 6, 6. A break equal to the minimum or to an earlier break is dropped (ties: fewer
    classes); a break equal to the maximum leaves a top class holding only the maximum. No values give
    an empty array; one distinct value gives ``[v, v]`` (one class).
    """
    x = np.sort(_finite(values))
    if x.size == 0:
        return np.array([], dtype=float)
    k = _check_k(k)
    n = x.size
    inner = [x[min(math.ceil(i * n / k), n - 1)] for i in range(1, k)]
    kept = [b for b in np.unique(inner) if b > x[0]]
    return np.array([x[0], *kept, x[-1]], dtype=float)


def equal_interval_breaks(values, k: int = DEFAULT_CLASSES, *, lower=None, upper=None) -> np.ndarray:
    """Edges of ``k`` classes of equal width from ``lower`` to ``upper`` (default: the smallest and the
    largest value).

    Give ``lower``/``upper`` to fix the range, for example ``−m … m`` for differences on a diverging scale
    so that the middle class is centred on 0; every value must lie within it (``ValueError`` otherwise).
    The breaks are kept even where a class holds no value (``Classes.present`` leaves such classes out).
    All values equal (or ``lower == upper``) give ``[v, v]``: one class. No values give an empty array.
    """
    x = _finite(values)
    if x.size == 0:
        return np.array([], dtype=float)
    k = _check_k(k)
    low = float(x.min()) if lower is None else float(lower)
    high = float(x.max()) if upper is None else float(upper)
    if x.min() < low or x.max() > high:
        raise ValueError(f"equal_interval_breaks: värden utanför intervallet {low}–{high}")
    if high == low:
        return np.array([low, high])
    edges = low + (high - low) * np.arange(k + 1) / k
    edges[-1] = high  # exactly, so the maximum is never lost to rounding
    return edges


def area_type_breaks(mean: float, sd: float) -> np.ndarray:
    """SCB's thresholds on the socioeconomic index as class edges:
    ``[−inf, μ−σ, μ, μ+σ, μ+2σ, inf]``. Class ``c`` (0 … 4, lowest index first) is area type ``5 − c``
    (see ``analysis.stats.districts.area_type_from_index``: each band includes its lower edge)."""
    if not (np.isfinite(mean) and np.isfinite(sd) and sd > 0):
        raise ValueError(f"area_type_breaks: kräver ändligt medelvärde och sd > 0 (fick {mean}, {sd})")
    return np.array([-np.inf, mean - sd, mean, mean + sd, mean + 2 * sd, np.inf])


def area_type_of_class(c: int) -> int:
    """The SCB area type (1–5) of threshold class ``c`` (0 = lowest index = type 5)."""
    return 5 - int(c)


def assign(values, breaks) -> pd.Series:
    """Class number of each value under ``breaks`` (left-closed classes, the top one closed at both ends).

    Returns an Int64 Series (keeping a Series' index); NA for missing values and for values outside
    ``[breaks[0], breaks[-1]]``.
    """
    index = values.index if isinstance(values, pd.Series) else None
    x = np.asarray(pd.to_numeric(pd.Series(values, index=index), errors="coerce").astype("float64"), dtype=float)
    edges = np.asarray(breaks, dtype=float)
    out = pd.array(np.zeros(x.size, dtype="int64"), dtype="Int64")
    if edges.size < 2:
        out[:] = pd.NA
        return pd.Series(out, index=index)
    k = edges.size - 1
    classes = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, k - 1)
    out = pd.array(classes.astype("int64"), dtype="Int64")
    out[~np.isfinite(x) | (x < edges[0]) | (x > edges[-1])] = pd.NA
    return pd.Series(out, index=index)


def classify(
    frame: pd.DataFrame,
    method: str,
    k: int = DEFAULT_CLASSES,
    *,
    column: str = "value",
    mean: float | None = None,
    sd: float | None = None,
    lower: float | None = None,
    upper: float | None = None,
) -> Classes:
    """Class every district of ``frame`` (``status`` and ``column``) by ``method``.

    ``method`` is one of ``QUANTILES``, ``EQUAL_INTERVALS`` (``lower``/``upper`` may fix the range) or
    ``AREA_TYPE_THRESHOLDS`` (needs the national ``mean`` and ``sd`` of the index; meaningful only for
    the socioeconomic index itself). Breaks come from the counted values only (module docstring); rows
    that do not count get NA in ``members``.
    """
    counted = counted_values(frame, column)
    if method == QUANTILES:
        breaks = quantile_breaks(counted, k)
    elif method == EQUAL_INTERVALS:
        breaks = equal_interval_breaks(counted, k, lower=lower, upper=upper)
    elif method == AREA_TYPE_THRESHOLDS:
        if mean is None or sd is None:
            raise ValueError("classify: områdestypernas gränser kräver mean och sd")
        breaks = area_type_breaks(mean, sd)
    else:
        raise ValueError(f"classify: okänd metod {method!r} (välj bland {', '.join(METHODS[1:])})")
    members = pd.Series(pd.array([pd.NA] * len(frame), dtype="Int64"), index=frame.index)
    if len(counted):
        members.loc[counted.index] = assign(counted, breaks)
    return Classes(method=method, breaks=tuple(float(b) for b in breaks), members=members)


def _finite(values) -> np.ndarray:
    x = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").astype("float64"), dtype=float)
    return x[np.isfinite(x)]


def _check_k(k: int) -> int:
    if int(k) != k or k < 1:
        raise ValueError(f"antal klasser måste vara ett positivt heltal (fick {k})")
    return int(k)
