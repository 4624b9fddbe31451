"""Segregation indices from counts per area: two-group and multigroup evenness and exposure measures, and a
local measure per area (location quotient).

Every index is computed in plain numpy. The definitions are those of PySAL's ``segregation`` package
(Cortes, Rey, Knaap et al.), checked against its source (``segregation/singlegroup/*.py`` and
``segregation/multigroup/*.py``, release 2.5) and, in ``tests/analysis/test_segregation.py``, against the
package itself to 1e-9 when it is installed. PySAL is not used at run time: it costs seconds to import and
a numba warm-up, and the formulas are a few lines each.

Conventions (as in PySAL):

* ``x_i`` persons in the group, ``t_i`` persons in all in area ``i``; ``y_i = t_i - x_i`` the others;
  ``X = Σ x_i``, ``T = Σ t_i``, ``P = X / T``; ``p_i = x_i / t_i``, taken as 0 where ``t_i = 0``.
* An area with no inhabitants (``t_i = 0``) contributes nothing to any index; its location quotient is NaN.
* Entropies use the natural logarithm; the normalised indices do not depend on the base.
* Every index lies in [0, 1]; floating-point rounding beyond the bounds (about 1e-16) is clipped, so an
  even distribution gives exactly 0 rather than -1e-17.

Input rules (checked by every public function; broken ones raise :class:`SegregationInputError`, a
:class:`~analysis.files_in.validation.DataError` and a :class:`ValueError`, with a Swedish message naming the areas):

* **Counts, not shares.** Every value is a whole number of persons ≥ 0 (``12.0`` is accepted, ``12.5``
  is not). A value with a fractional part is refused; when every value of the array lies in [0, 1] the
  message says the column looks like shares (andelar) and asks for counts.
* No missing or infinite values (the areas are named), no negative counts, group and total of the same
  length, and the group never larger than the total in an area.
* The indices need at least two inhabited areas, a population above zero, and a group that is neither
  empty nor everyone: with ``X = 0`` or ``X = T`` every formula divides by zero, so the message says the
  indices are undefined instead of returning NaN.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.files_in.validation import DataError

INDEX_NAMES = ("dissimilarity", "isolation", "exposure", "entropy", "gini", "atkinson")
INDEX_KEYS = INDEX_NAMES  # the name the Segregation page imports
DEFAULT_B = 0.5
AREA_COLUMN = "stadsdel_kod"
YEAR_COLUMN = "ar"
MAX_NAMED_AREAS = 10


class SegregationInputError(DataError, ValueError):
    """Counts from which the indices cannot be computed; ``str()`` is a Swedish message."""


@dataclass(frozen=True)
class SegregationIndices:
    """The six two-group indices for one set of areas; each lies in [0, 1].

    ``dissimilarity`` (D), ``isolation`` (xPx*), ``exposure`` (xPy*, the group's exposure to the others),
    ``entropy`` (Theil's H), ``gini`` (G) and ``atkinson`` (A with the shape parameter used).
    """

    dissimilarity: float
    isolation: float
    exposure: float
    entropy: float
    gini: float
    atkinson: float

    def as_dict(self) -> dict[str, float]:
        """The indices as plain floats, keyed by :data:`INDEX_NAMES` in that order."""
        return {name: float(getattr(self, name)) for name in INDEX_NAMES}


# ----------------------------------------------------------------------------- the maths (pure, unchecked)


def _area_shares(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``p_i = x_i / t_i``, 0 where ``t_i = 0`` (PySAL's convention)."""
    return np.divide(x, t, out=np.zeros_like(x, dtype=float), where=t > 0)


def _xlogx(p: np.ndarray) -> np.ndarray:
    """``p ln p`` with its limit 0 at ``p = 0``."""
    p = np.asarray(p, dtype=float)
    return np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)


def _binary_entropy(p: np.ndarray | float) -> np.ndarray:
    """``E(p) = p ln(1/p) + (1-p) ln(1/(1-p))``, 0 at ``p`` = 0 and 1."""
    p = np.asarray(p, dtype=float)
    return -(_xlogx(p) + _xlogx(1.0 - p))


def _dissimilarity(x: np.ndarray, t: np.ndarray) -> float:
    T = t.sum()
    P = x.sum() / T
    p = _area_shares(x, t)
    return float(np.sum(t * np.abs(p - P)) / (2.0 * T * P * (1.0 - P)))


def _isolation(x: np.ndarray, t: np.ndarray) -> float:
    X = x.sum()
    return float(np.sum((x / X) * _area_shares(x, t)))


def _exposure(x: np.ndarray, t: np.ndarray) -> float:
    X = x.sum()
    return float(np.sum((x / X) * _area_shares(t - x, t)))


def _entropy(x: np.ndarray, t: np.ndarray) -> float:
    T = t.sum()
    P = x.sum() / T
    E = _binary_entropy(P)
    E_i = _binary_entropy(_area_shares(x, t))
    return float(np.sum(t * (E - E_i)) / (E * T))


def _gini(x: np.ndarray, t: np.ndarray) -> float:
    # Σ_i Σ_j t_i t_j |p_i - p_j| in O(n log n): with areas sorted by p, each pair i < j contributes
    # t_i t_j (p_j - p_i), and Σ_{i<j} t_i (p_j - p_i) = p_j Σ_{i<j} t_i - Σ_{i<j} t_i p_i.
    # (PySAL loops over all pairs; DeSO has 6,000 areas, 36 million pairs.)
    T = t.sum()
    P = x.sum() / T
    p = _area_shares(x, t)
    order = np.argsort(p, kind="stable")
    ps, ts = p[order], t[order]
    weight_before = np.cumsum(ts) - ts
    weighted_share_before = np.cumsum(ts * ps) - ts * ps
    pairs = np.sum(ts * (ps * weight_before - weighted_share_before))  # each unordered pair once
    return float(2.0 * pairs / (2.0 * T * T * P * (1.0 - P)))


def _atkinson(x: np.ndarray, t: np.ndarray, b: float) -> float:
    T = t.sum()
    P = x.sum() / T
    p = _area_shares(x, t)
    inner = np.sum((1.0 - p) ** (1.0 - b) * p**b * t) / (P * T)
    return float(1.0 - (P / (1.0 - P)) * abs(inner) ** (1.0 / (1.0 - b)))


def _unit(value: float) -> float:
    """An index known to lie in [0, 1], with floating-point rounding beyond the bounds (~1e-16) removed:
    an identical distribution gives 0, not -1e-17."""
    return min(max(value, 0.0), 1.0)


def _two_group_indices(x: np.ndarray, t: np.ndarray, b: float) -> SegregationIndices:
    return SegregationIndices(
        dissimilarity=_unit(_dissimilarity(x, t)),
        isolation=_unit(_isolation(x, t)),
        exposure=_unit(_exposure(x, t)),
        entropy=_unit(_entropy(x, t)),
        gini=_unit(_gini(x, t)),
        atkinson=_unit(_atkinson(x, t, b)),
    )


def _multigroup_dissimilarity(counts: np.ndarray) -> float:
    T = counts.sum()
    t = counts.sum(axis=1)
    p = np.divide(counts, t[:, None], out=np.zeros_like(counts, dtype=float), where=t[:, None] > 0)
    P = counts.sum(axis=0) / T
    interaction = np.sum(P * (1.0 - P))
    return float(np.sum(t[:, None] * np.abs(p - P)) / (2.0 * T * interaction))


def _multigroup_entropy(counts: np.ndarray) -> float:
    T = counts.sum()
    t = counts.sum(axis=1)
    p = np.divide(counts, t[:, None], out=np.zeros_like(counts, dtype=float), where=t[:, None] > 0)
    P = counts.sum(axis=0) / T
    E = -np.sum(_xlogx(P))
    E_i = -np.sum(_xlogx(p), axis=1)
    return float(np.sum(t * (E - E_i)) / (T * E))


def _location_quotient(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    share = x.sum() / t.sum()
    local = np.divide(x, t, out=np.full_like(x, np.nan, dtype=float), where=t > 0)
    return local / share


# ----------------------------------------------------------------------------- input checks


def _area_names(mask: np.ndarray, areas: Sequence[str] | None) -> str:
    """The areas where ``mask`` holds, as ``1283R005, 1283R012`` or ``område 3, 7`` (1-based), at most
    :data:`MAX_NAMED_AREAS` of them and a count of the rest."""
    positions = np.flatnonzero(mask)
    shown = positions[:MAX_NAMED_AREAS]
    if areas is None:
        text = ("område " if len(positions) == 1 else "områdena ") + ", ".join(str(i + 1) for i in shown)
    else:
        text = ", ".join(str(areas[i]) for i in shown)
    if len(positions) > MAX_NAMED_AREAS:
        text += f" och {len(positions) - MAX_NAMED_AREAS} till"
    return text


def _to_float_array(values: object, what: str) -> np.ndarray:
    """``values`` as a float array, missing values (None, NA, NaN) as NaN; text and other objects refused."""
    if isinstance(values, pd.DataFrame | pd.Series):
        frame = values.to_frame() if isinstance(values, pd.Series) else values
        if all(pd.api.types.is_numeric_dtype(dtype) for dtype in frame.dtypes):
            array = values.to_numpy(dtype=float, na_value=np.nan)
            return array
        values = values.to_numpy(dtype=object)
    raw = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if raw.dtype.kind in "biuf":
        return raw.astype(float)
    flat = []
    for value in raw.ravel():
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            flat.append(np.nan)
        elif isinstance(value, numbers.Real) and not isinstance(value, str):
            flat.append(float(value))
        else:
            raise SegregationInputError(f"{what} innehåller något annat än tal; ange antal personer")
    return np.array(flat, dtype=float).reshape(raw.shape)


def _per_area(mask: np.ndarray) -> np.ndarray:
    """A cell mask reduced to one flag per area (a matrix has one row per area)."""
    return mask if mask.ndim == 1 else mask.any(axis=1)


def _check_counts(array: np.ndarray, what: str, areas: Sequence[str] | None) -> None:
    """Missing, infinite, negative and non-integer values, naming the areas (rows of a matrix)."""
    missing = _per_area(np.isnan(array))
    if missing.any():
        raise SegregationInputError(
            f"{what}: värde saknas för {_area_names(missing, areas)}; varje område måste ha ett antal "
            "(ett saknat område ändrar indexen för alla andra)"
        )
    infinite = _per_area(np.isinf(array))
    if infinite.any():
        raise SegregationInputError(f"{what}: oändligt värde för {_area_names(infinite, areas)}")
    negative = _per_area(array < 0)
    if negative.any():
        raise SegregationInputError(
            f"{what}: negativt antal för {_area_names(negative, areas)}; antal personer är 0 eller mer"
        )
    fractional = _per_area(array != np.floor(array))
    if fractional.any():
        hint = (
            "alla värden ligger mellan 0 och 1 och ser ut som andelar; indexen räknas på antal personer, inte andelar"
            if bool(np.all(array <= 1.0))
            else "ange antal personer (heltal), inte andelar eller medelvärden"
        )
        raise SegregationInputError(f"{what}: inte ett heltal för {_area_names(fractional, areas)}; {hint}")


def _check_areas(areas: Sequence[str] | None, n: int) -> list[str] | None:
    if areas is None:
        return None
    names = [str(a) for a in areas]
    if len(names) != n:
        raise SegregationInputError(f"områdesnamnen är {len(names)} men antalen gäller {n} områden")
    return names


def _check_b(b: object) -> float:
    if isinstance(b, bool) or not isinstance(b, numbers.Real) or not math.isfinite(float(b)) or not 0 < b < 1:
        raise SegregationInputError(
            "Atkinsons parameter b måste vara ett tal större än 0 och mindre än 1 (standard 0,5); "
            "vid b = 0 är indexet alltid 0 och vid b = 1 är det odefinierat"
        )
    return float(b)


def _validated_pair(
    group: object,
    total: object,
    areas: Sequence[str] | None,
    group_label: str = "gruppen",
    total_label: str = "totalen",
) -> tuple[np.ndarray, np.ndarray, list[str] | None]:
    """Group and total as float arrays of whole non-negative numbers with ``group <= total``."""
    x = _to_float_array(group, group_label)
    t = _to_float_array(total, total_label)
    for array, label in ((x, group_label), (t, total_label)):
        if array.ndim != 1:
            raise SegregationInputError(f"{label}: ange ett antal per område (en rad eller kolumn), inte en tabell")
    if len(x) != len(t):
        raise SegregationInputError(
            f"{group_label} har {len(x)} värden men {total_label} {len(t)}; ange ett värde per område i båda"
        )
    names = _check_areas(areas, len(x))
    _check_counts(x, group_label, names)
    _check_counts(t, total_label, names)
    larger = x > t
    if larger.any():
        raise SegregationInputError(
            f"{group_label} är större än {total_label} för {_area_names(larger, names)}; "
            "gruppen är en del av totalen och kan inte vara fler"
        )
    return x, t, names


def _require_defined(x: np.ndarray, t: np.ndarray, group_label: str = "gruppen") -> None:
    """The aggregate conditions every two-group index needs (else they divide by zero)."""
    if len(t) < 2:
        raise SegregationInputError(f"segregation mäts mellan områden: minst två områden krävs, {len(t)} angavs")
    if t.sum() <= 0:
        raise SegregationInputError("ingen bor i något av områdena (totalen är 0); indexen är odefinierade")
    if np.count_nonzero(t > 0) < 2:
        raise SegregationInputError("bara ett område har invånare; segregation mäts mellan minst två bebodda områden")
    if x.sum() <= 0:
        raise SegregationInputError(
            f"{group_label} är 0 i alla områden; indexen är odefinierade när gruppen inte finns"
        )
    if x.sum() >= t.sum():
        raise SegregationInputError(
            f"{group_label} är lika med totalen i alla områden (alla tillhör gruppen); indexen är "
            "odefinierade när det inte finns någon annan grupp att jämföra med"
        )


def _validated_matrix(counts: object, areas: Sequence[str] | None) -> np.ndarray:
    """An areas × groups matrix of whole non-negative numbers with at least two inhabited areas and at
    least two groups with members."""
    groups = [str(c) for c in counts.columns] if isinstance(counts, pd.DataFrame) else None
    matrix = _to_float_array(counts, "antalen")
    if matrix.ndim != 2:
        raise SegregationInputError("antalen: ange en tabell med en rad per område och en kolumn per grupp")
    names = _check_areas(areas, matrix.shape[0])
    if matrix.shape[1] < 2:
        raise SegregationInputError(f"antalen: minst två grupper (kolumner) krävs, {matrix.shape[1]} angavs")
    _check_counts(matrix, "antalen", names)
    per_area = matrix.sum(axis=1)
    if matrix.shape[0] < 2 or np.count_nonzero(per_area > 0) < 2:
        raise SegregationInputError("segregation mäts mellan områden: minst två bebodda områden krävs")
    per_group = matrix.sum(axis=0)
    if np.count_nonzero(per_group > 0) < 2:
        present = [groups[k] if groups else f"grupp {k + 1}" for k in np.flatnonzero(per_group > 0)]
        raise SegregationInputError(
            "bara en grupp har några medlemmar"
            + (f" ({', '.join(present)})" if present else "")
            + "; indexen är odefinierade när alla tillhör samma grupp"
        )
    return matrix


# ----------------------------------------------------------------------------- public indices


def two_group_indices(
    group: object, total: object, *, b: float = DEFAULT_B, areas: Sequence[str] | None = None
) -> SegregationIndices:
    r"""The six two-group segregation indices of a group against everyone else.

    Parameters
    ----------
    group, total : array-like of int
        Persons in the group and persons in all, one value per area (same order). Counts, not shares.
    b : float, default 0.5
        Atkinson's shape parameter, ``0 < b < 1``.
    areas : sequence of str, optional
        Area names, used only to name areas in error messages (default: 1-based positions).

    Returns
    -------
    SegregationIndices
        With, in the notation of the module docstring (``y_i = t_i - x_i``, ``Y = T - X``):

        * **dissimilarity** :math:`D = \sum_i t_i |p_i - P| / (2 T P (1-P))
          = \tfrac12 \sum_i |x_i/X - y_i/Y|`: the share of the group that would have to move to another
          area for every area to have the same share (Duncan & Duncan 1955). PySAL ``Dissim``.
        * **isolation** :math:`{}_xP^*_x = \sum_i (x_i/X)(x_i/t_i)`: the group's share in the area of the
          average group member (Bell 1954; Lieberson 1981). PySAL ``Isolation``.
        * **exposure** :math:`{}_xP^*_y = \sum_i (x_i/X)(y_i/t_i)`: the others' share in the area of the
          average group member, i.e. the group's exposure to (interaction with) the others (Bell 1954;
          Lieberson 1981). PySAL ``Interaction``. Isolation + exposure = 1.
        * **entropy** :math:`H = \sum_i t_i (E - E_i) / (E T)` with
          :math:`E(q) = q \ln(1/q) + (1-q) \ln(1/(1-q))`, :math:`E = E(P)`, :math:`E_i = E(p_i)`: Theil's
          information theory index, how much less mixed the areas are than the whole (Theil & Finizza
          1971; Reardon & Firebaugh 2002). PySAL ``Entropy``.
        * **gini** :math:`G = \sum_i \sum_j t_i t_j |p_i - p_j| / (2 T^2 P (1-P))`: the mean difference of
          the group's share over all pairs of persons' areas, relative to its maximum (Duncan & Duncan
          1955; Massey & Denton 1988). PySAL ``Gini`` (``GiniSeg`` in releases before 2.0).
        * **atkinson** :math:`A = 1 - \frac{P}{1-P} \left| \frac{1}{PT} \sum_i (1-p_i)^{1-b} p_i^b t_i
          \right|^{1/(1-b)}` (Atkinson 1970; James & Taeuber 1985). ``b`` below 0.5 weighs areas where the
          group is under-represented more, above 0.5 areas where it is over-represented. PySAL ``Atkinson``.

    Raises
    ------
    SegregationInputError
        For the input rules of the module docstring (Swedish message naming the areas), or ``b`` outside
        (0, 1).

    Notes
    -----
    D, H, G and A are evenness measures and do not change when every count is multiplied by the same
    constant or the areas are reordered; D, H and G are the same for the group and for the others.
    Isolation and exposure depend on the group's overall share P: compare isolation with P.

    References
    ----------
    Atkinson, A. B. (1970). On the measurement of inequality. *J. Economic Theory* 2(3), 244–263.
    Bell, W. (1954). A probability model for the measurement of ecological segregation. *Social Forces* 32.
    Duncan, O. D., & Duncan, B. (1955). A methodological analysis of segregation indexes. *ASR* 20(2).
    James, D. R., & Taeuber, K. E. (1985). Measures of segregation. *Sociological Methodology* 15, 1–32.
    Lieberson, S. (1981). An asymmetrical approach to segregation. In *Ethnic Segregation in Cities*.
    Massey, D. S., & Denton, N. A. (1988). The dimensions of residential segregation. *Social Forces* 67.
    Reardon, S. F., & Firebaugh, G. (2002). Measures of multigroup segregation. *Soc. Methodology* 32.
    Theil, H., & Finizza, A. J. (1971). A note on the measurement of racial integration of schools.
    *J. Mathematical Sociology* 1(2), 187–193.
    """
    b = _check_b(b)
    x, t, _ = _validated_pair(group, total, areas)
    _require_defined(x, t)
    return _two_group_indices(x, t, b)


def multigroup_dissimilarity(counts: object, *, areas: Sequence[str] | None = None) -> float:
    r"""Multigroup dissimilarity index D over an areas × groups matrix of counts.

    .. math:: D = \frac{1}{2 T I} \sum_i \sum_k t_i |p_{ik} - P_k|, \qquad I = \sum_k P_k (1 - P_k)

    with ``t_i`` the area's persons (row sum), ``p_ik`` group ``k``'s share in area ``i`` and ``P_k`` its
    share of the whole. It is the share of the population that would have to move for every area to have
    the whole's composition, relative to the maximum (Sakoda 1981; Reardon & Firebaugh 2002). With two
    groups it equals the two-group D. Matches PySAL ``MultiDissim``.

    Parameters
    ----------
    counts : 2-D array-like or DataFrame of int
        One row per area, one column per group; the groups must together make up each area's population.
    areas : sequence of str, optional
        Area names for messages.

    Notes
    -----
    A group with no members anywhere contributes nothing (the result is the one without its column); at
    least two groups must have members. Other input rules as in the module docstring.

    References
    ----------
    Sakoda, J. M. (1981). A generalized index of dissimilarity. *Demography* 18(2), 245–250.
    Reardon, S. F., & Firebaugh, G. (2002). Measures of multigroup segregation. *Soc. Methodology* 32, 33–67.
    """
    return _unit(_multigroup_dissimilarity(_validated_matrix(counts, areas)))


def multigroup_entropy(counts: object, *, areas: Sequence[str] | None = None) -> float:
    r"""Multigroup information theory index H (Theil's H) over an areas × groups matrix of counts.

    .. math:: H = \sum_i \frac{t_i (E - E_i)}{T E}, \qquad E = -\sum_k P_k \ln P_k, \quad
              E_i = -\sum_k p_{ik} \ln p_{ik}

    equivalently :math:`\sum_i \sum_k t_i p_{ik} \ln(p_{ik}/P_k) / (T E)`: the areas' average loss of
    diversity relative to the whole, 0 when every area has the whole's composition and 1 when every area
    holds one group only (Theil & Finizza 1971; Reardon & Firebaugh 2002). With two groups it equals the
    two-group H. Matches PySAL ``MultiInfoTheory``.

    Parameters
    ----------
    counts : 2-D array-like or DataFrame of int
        One row per area, one column per group.
    areas : sequence of str, optional
        Area names for messages.

    Notes
    -----
    A group with no members anywhere contributes nothing (``0 ln 0 = 0``); PySAL returns NaN in that case.

    References
    ----------
    Reardon, S. F., & Firebaugh, G. (2002). Measures of multigroup segregation. *Soc. Methodology* 32, 33–67.
    Theil, H., & Finizza, A. J. (1971). *J. Mathematical Sociology* 1(2), 187–193.
    """
    return _unit(_multigroup_entropy(_validated_matrix(counts, areas)))


def location_quotient(group: object, total: object, *, areas: Sequence[str] | None = None) -> np.ndarray:
    r"""Location quotient per area: the group's share in the area relative to its share of the whole.

    .. math:: LQ_i = \frac{x_i / t_i}{X / T}

    1 means the area has the whole's share, 2 twice it, 0.5 half. NaN where ``t_i = 0``. It is a local
    measure: it says where the group is over- or under-represented, not how segregated the whole is
    (Isard 1960). Matches the group's column of PySAL ``segregation.local.MultiLocationQuotient`` with the
    groups ``[group, total - group]``.

    Parameters
    ----------
    group, total : array-like of int
        Persons in the group and in all, one value per area.
    areas : sequence of str, optional
        Area names for messages.

    Raises
    ------
    SegregationInputError
        For the per-area rules of the module docstring, or when the group or the population is 0 in all
        areas (the quotient divides by ``X / T``). One area and a group that is everyone are allowed (every
        quotient is then 1).

    Notes
    -----
    The quotient rests on the area's counts: a small area's quotient is as uncertain as its share, and a
    quotient of an area with fewer than the small-number threshold of persons must be hidden like a rate.

    References
    ----------
    Isard, W. (1960). *Methods of Regional Analysis*. MIT Press.
    """
    x, t, _ = _validated_pair(group, total, areas)
    if len(t) == 0 or t.sum() <= 0:
        raise SegregationInputError("ingen bor i något av områdena (totalen är 0); kvoten är odefinierad")
    if x.sum() <= 0:
        raise SegregationInputError(
            "gruppen är 0 i alla områden; lokaliseringskvoten är odefinierad när gruppen inte finns"
        )
    return _location_quotient(x, t)


# ----------------------------------------------------------------------------- statistik.csv per year


def _check_statistics(statistics: pd.DataFrame, group: str, total: str) -> None:
    if not isinstance(statistics, pd.DataFrame):
        raise SegregationInputError("statistiken måste vara en tabell (DataFrame) i formatet för statistik.csv")
    missing = [c for c in (AREA_COLUMN, YEAR_COLUMN, group, total) if c not in statistics.columns]
    if missing:
        noun = "kolumnen" if len(missing) == 1 else "kolumnerna"
        raise SegregationInputError(f"statistiken saknar {noun} {', '.join(missing)}")
    keys = statistics[[AREA_COLUMN, YEAR_COLUMN]]
    duplicated = keys.duplicated(keep=False)
    if duplicated.any():
        pairs = keys[duplicated].drop_duplicates().head(MAX_NAMED_AREAS)
        shown = ", ".join(f"{code} {year}" for code, year in pairs.itertuples(index=False))
        raise SegregationInputError(f"samma stadsdel och år förekommer mer än en gång i statistiken: {shown}")


def _year_rows(statistics: pd.DataFrame, year: object) -> pd.DataFrame:
    return statistics[statistics[YEAR_COLUMN] == year]


def _missing_areas(rows: pd.DataFrame, group: str, total: str) -> list[str]:
    mask = rows[group].isna() | rows[total].isna()
    return [str(code) for code in rows.loc[mask, AREA_COLUMN]]


def _missing_note(year: object, codes: list[str], group: str, total: str, n_areas: int) -> str:
    shown = ", ".join(codes[:MAX_NAMED_AREAS])
    if len(codes) > MAX_NAMED_AREAS:
        shown += f" och {len(codes) - MAX_NAMED_AREAS} till"
    return (
        f"år {year}: {group} eller {total} saknas för {len(codes)} av {n_areas} stadsdelar ({shown}); "
        "indexen räknas bara för år där alla stadsdelar har värden"
    )


def indices_by_year(
    statistics: pd.DataFrame,
    group: str,
    total: str,
    *,
    b: float = DEFAULT_B,
    skip_incomplete: bool = False,
) -> pd.DataFrame:
    """The two-group indices of ``group`` within ``total`` for every year of a statistik.csv-shaped frame.

    Parameters
    ----------
    statistics : DataFrame
        ``stadsdel_kod``, ``ar`` and the count columns (as :func:`analysis.files_in.loaders.load_statistics`
        returns it); one row per district and year.
    group, total : str
        Count columns, e.g. ``"utrikes_fodda"`` within ``"folkmangd"`` or ``"lag_ekonomisk_standard"``
        within ``"folkmangd"`` (see the denominators in docs/dataformat.md).
    b : float, default 0.5
        Atkinson's shape parameter.
    skip_incomplete : bool, default False
        What to do with a year in which some district lacks ``group`` or ``total`` (e.g. a value SCB
        suppressed). False: refuse, naming the year and the districts. True: keep the year as a row with
        NaN indices and say why in ``note``. A district is never silently left out: the indices of the
        remaining districts would describe another municipality.

    Returns
    -------
    DataFrame
        One row per year, ascending: ``ar``, the six :data:`INDEX_NAMES`, ``areas`` (districts in that
        year, inhabited or not), ``group_total`` (X), ``population`` (T), ``group_share`` (X / T; compare
        isolation with it) and ``note`` (empty for a computed year). ``group_total`` and ``population`` are
        nullable integers (NA for a skipped year).

    Raises
    ------
    SegregationInputError
        A missing column, a district twice in a year, a year with missing values (unless
        ``skip_incomplete``), or any input rule of :func:`two_group_indices` broken in a year; the
        message starts with the year.

    Notes
    -----
    Each year is computed over the districts present in that year. District lists that change between
    years (new or merged districts) change the indices too, so a comparison over time should keep the
    same district division.
    """
    b = _check_b(b)
    _check_statistics(statistics, group, total)
    rows_out: list[dict[str, object]] = []
    problems: list[str] = []
    for year in sorted(statistics[YEAR_COLUMN].dropna().unique()):
        rows = _year_rows(statistics, year)
        codes = [str(c) for c in rows[AREA_COLUMN]]
        missing = _missing_areas(rows, group, total)
        if missing:
            note = _missing_note(year, missing, group, total, len(rows))
            if not skip_incomplete:
                problems.append(note)
                continue
            rows_out.append(
                {YEAR_COLUMN: year, **dict.fromkeys(INDEX_NAMES, np.nan), "areas": len(rows)}
                | {"group_total": pd.NA, "population": pd.NA, "group_share": np.nan, "note": note}
            )
            continue
        try:
            x, t, _ = _validated_pair(rows[group], rows[total], codes, f"{group}", f"{total}")
            _require_defined(x, t, group)
        except SegregationInputError as exc:
            raise SegregationInputError(f"år {year}: {exc}") from None
        indices = _two_group_indices(x, t, b)
        rows_out.append(
            {YEAR_COLUMN: year, **indices.as_dict(), "areas": len(rows)}
            | {"group_total": int(x.sum()), "population": int(t.sum()), "group_share": x.sum() / t.sum()}
            | {"note": ""}
        )
    if problems:
        raise SegregationInputError("; ".join(problems))
    columns = [YEAR_COLUMN, *INDEX_NAMES, "areas", "group_total", "population", "group_share", "note"]
    result = pd.DataFrame(rows_out, columns=columns)
    result[YEAR_COLUMN] = result[YEAR_COLUMN].astype(statistics[YEAR_COLUMN].dtype)
    for column in (*INDEX_NAMES, "group_share"):
        result[column] = result[column].astype("float64")
    result["areas"] = result["areas"].astype("int64")
    for column in ("group_total", "population"):
        result[column] = result[column].astype("Int64")
    result["note"] = result["note"].astype(str)
    return result.reset_index(drop=True)


def local_quotients(statistics: pd.DataFrame, group: str, total: str, year: int) -> pd.DataFrame:
    """Location quotient of ``group`` within ``total`` per district in one year (see
    :func:`location_quotient`).

    Returns
    -------
    DataFrame
        ``stadsdel_kod`` (as in ``statistics``, in its order) and ``lq`` (float; NaN for a district with
        no inhabitants). The municipal share ``X / T`` is taken over the districts of that year.

    Raises
    ------
    SegregationInputError
        A missing column, a year not in the data, a district twice, or a district with a missing value
        (named: without it the municipal share in the denominator would be wrong for every district).

    Notes
    -----
    A quotient rests on the district's own counts: hide it like a rate where the district's group or
    population is under the small-number threshold.
    """
    _check_statistics(statistics, group, total)
    rows = _year_rows(statistics, year)
    if rows.empty:
        years = sorted(statistics[YEAR_COLUMN].dropna().unique())
        span = f"{years[0]}–{years[-1]}" if years else "inga år"
        raise SegregationInputError(f"år {year} finns inte i statistiken (den har {span})")
    codes = [str(c) for c in rows[AREA_COLUMN]]
    missing = _missing_areas(rows, group, total)
    if missing:
        note = _missing_note(year, missing, group, total, len(rows))
        raise SegregationInputError(note.replace("indexen räknas", "kvoterna räknas"))
    try:
        lq = location_quotient(rows[group], rows[total], areas=codes)
    except SegregationInputError as exc:
        raise SegregationInputError(f"år {year}: {exc}") from None
    return pd.DataFrame({AREA_COLUMN: rows[AREA_COLUMN].to_numpy(), "lq": lq})


def change_since_first_year(indices: pd.DataFrame, year: int) -> dict[str, float] | None:
    """Each index in ``year`` minus its value in the first year of ``indices`` (``indices_by_year``
    output); None when ``year`` is that first year or missing. A plain difference of two register-based
    values: it carries no interval, and the page says that small changes may be noise."""
    if indices.empty or int(indices["ar"].iloc[0]) == year or year not in set(indices["ar"].astype(int)):
        return None
    first = indices.iloc[0]
    row = indices[indices["ar"].astype(int) == year].iloc[0]
    return {key: float(row[key] - first[key]) for key in INDEX_KEYS}
