"""Small-number suppression: no count built on fewer than ``min_n`` people is shown.

The rule (PRODUCT.md, "Statistical honesty"): a count of 1 … min_n−1 people is hidden (NA, shown as
"färre än 5" by the UI); 0 is shown, since "nobody" reveals nothing about a small group; counts of min_n
or more are shown. Where parts of a shown total are shown, a second part is hidden too, so that the first
cannot be worked out by subtraction (complementary suppression, see `complementary_suppression`).
The threshold is a setting (``settings.DEFAULT_MIN_N`` = 5, environment ``STADSDEL_MIN_N``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.settings import DEFAULT_MIN_N


def _as_int_series(values) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    series = series.astype("Int64")  # raises TypeError on non-integral floats
    if bool((series < 0).fillna(False).any()):
        raise ValueError("antal kan inte vara negativa")
    return series


def mask_counts(values, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """Counts with every value in 1 … ``min_n``−1 replaced by NA.

    Parameters
    ----------
    values : array-like or Series of non-negative integers (NA allowed)
        Counts of people. A Series keeps its index and name.
    min_n : int, default 5
        Smallest count that may be shown.

    Returns
    -------
    Series of dtype Int64
        0 stays 0, counts ≥ ``min_n`` are unchanged, 0 < count < ``min_n`` becomes NA, NA stays NA.

    Raises
    ------
    ValueError
        If a count is negative.
    TypeError
        If a value is not integral (for example 2.5).
    """
    series = _as_int_series(values)
    small = ((series > 0) & (series < min_n)).fillna(False).astype(bool)
    return series.mask(small)


def is_shown(value, min_n: int = DEFAULT_MIN_N) -> bool:
    """True if a single count may be shown: it is known and not in 1 … ``min_n``−1.

    A missing value (None, NaN, pd.NA) is not shown.
    """
    if value is None or value is pd.NA:
        return False
    if isinstance(value, float) and np.isnan(value):
        return False
    return not (0 < value < min_n)


def complementary_suppression(values, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """Parts of one shown total, with small parts hidden and, if needed, one more part hidden.

    Parameters
    ----------
    values : array-like or Series of non-negative integers
        The parts of a single total that is itself shown (for example the outcome counts of one
        programme, or the districts of one year). NA means "already hidden".
    min_n : int, default 5
        Smallest count that may be shown.

    Returns
    -------
    Series of dtype Int64
        Primary suppression as in `mask_counts`. If that leaves exactly one hidden part, the total minus the
        shown parts would give it away, so the smallest other non-zero part is hidden as well (secondary,
        complementary suppression). If there is no non-zero part left to hide, nothing more is hidden: the
        total then equals the small part itself and must not be shown (`mask_counts` on the total).

    Notes
    -----
    One-dimensional: it protects one total against its own parts. Tables with both row and column totals
    need the rule applied along both directions.
    """
    series = _as_int_series(values)
    masked = mask_counts(series, min_n)
    hidden = masked.isna().to_numpy(dtype=bool)
    if hidden.sum() != 1:
        return masked
    candidates = series.where(~hidden & (series > 0).fillna(False).to_numpy(dtype=bool))
    if candidates.notna().sum() == 0:
        return masked
    positions = np.flatnonzero(candidates.notna().to_numpy(dtype=bool))
    smallest = positions[np.argmin(candidates.to_numpy(dtype=float, na_value=np.inf)[positions])]
    masked.iloc[smallest] = pd.NA
    return masked


def complementary_suppression_frame(frame: pd.DataFrame, columns, *, within=(), min_n: int = DEFAULT_MIN_N):
    """`complementary_suppression` applied to count columns of a table, separately within each group.

    Parameters
    ----------
    frame : DataFrame
        One row per part (for example one row per district and programme).
    columns : str or sequence of str
        Count columns whose parts add up to a total that is shown beside them (the column sum within each
        group of ``within``). NA means "already hidden".
    within : sequence of str, default ``()``
        Columns whose combinations each form one total (for example ``("insats",)`` when the districts
        of each programme add up to the programme's municipal figure). ``()`` = the whole column is one
        total.
    min_n : int, default 5
        Smallest count that may be shown.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with each named column as Int64: primary suppression (1 … min_n−1 → NA), and,
        within every group where that leaves exactly one hidden part, the smallest other non-zero part
        hidden too. Rows keep their order and index; other columns are untouched (a caller that shows a
        rate beside a count must hide the rate where the count became NA: rate × denominator gives the
        count back).

    Notes
    -----
    Each column is protected on its own, against its own total. A missing key in ``within`` forms its own
    group, like ``groupby(dropna=False)``.
    """
    names = [columns] if isinstance(columns, str) else list(columns)
    keys = [within] if isinstance(within, str) else list(within)
    out = frame.copy()
    if not keys:
        for name in names:
            out[name] = complementary_suppression(frame[name].reset_index(drop=True), min_n).to_numpy()
            out[name] = out[name].astype("Int64")
        return out
    for name in names:
        result = pd.Series(pd.array([pd.NA] * len(frame), dtype="Int64"), index=frame.index)
        for _, part in frame.groupby(keys, dropna=False, sort=False)[name]:
            masked = complementary_suppression(part.reset_index(drop=True), min_n)
            result.loc[part.index] = masked.to_numpy()
        out[name] = result
    return out


def _line_equations(rows: int, columns: int) -> np.ndarray:
    """Coefficients of the additivity equations of a (rows+1) × (columns+1) table with margins.

    Entries are numbered row-major over the extended table (last row = column totals, last column = row
    totals). Every row and every column gives one equation: its parts minus its total equals 0.
    """
    size = (rows + 1) * (columns + 1)
    equations = []
    for i in range(rows + 1):
        line = np.zeros(size)
        for j in range(columns):
            line[i * (columns + 1) + j] = 1.0
        line[i * (columns + 1) + columns] = -1.0
        equations.append(line)
    for j in range(columns + 1):
        line = np.zeros(size)
        for i in range(rows):
            line[i * (columns + 1) + j] = 1.0
        line[rows * (columns + 1) + j] = -1.0
        equations.append(line)
    return np.array(equations)


def derivable_cells(hidden, equations: np.ndarray) -> np.ndarray:
    """Which hidden entries the shown entries determine exactly through the additivity equations.

    Parameters
    ----------
    hidden : bool array of shape (entries,)
        True where the entry is hidden.
    equations : float array of shape (equations, entries)
        One row per linear equation ``coefficients · values = 0`` that a reader knows holds.

    Returns
    -------
    bool array of shape (entries,)
        True for every hidden entry whose value is fixed by the equations and the shown entries: the
        unknowns' unit vector lies in the row space of the equations restricted to the hidden entries,
        i.e. every vector of that restriction's null space is 0 there.
    """
    hidden = np.asarray(hidden, dtype=bool)
    positions = np.flatnonzero(hidden)
    result = np.zeros(hidden.shape, dtype=bool)
    if positions.size == 0:
        return result
    matrix = equations[:, positions]
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    tolerance = max(matrix.shape) * np.finfo(float).eps * (singular.max() if singular.size else 1.0)
    rank = int((singular > tolerance).sum())
    null_space = vt[rank:].T  # columns span the free directions of the hidden values
    if null_space.size == 0:
        result[positions] = True
        return result
    fixed = np.linalg.norm(null_space, axis=1) < 1e-9
    result[positions[fixed]] = True
    return result


def complementary_suppression_2d(table, min_n: int = DEFAULT_MIN_N, *, total_label: str = "Totalt"):
    """A two-way table of counts with its row and column totals, protected against subtraction.

    Parameters
    ----------
    table : DataFrame of non-negative integers
        The inner cells (for example outcome by district), without totals and without missing values.
    min_n : int, default 5
        Smallest count that may be shown.
    total_label : str, default ``"Totalt"``
        Label of the added total row and total column.

    Returns
    -------
    DataFrame of Int64
        ``table`` with a total column and a total row (grand total in the corner), computed from the true
        counts, and NA for every hidden entry. Row and column labels are kept.

    Notes
    -----
    1. Primary suppression: every entry, totals included, in 1 … min_n−1 is hidden.
    2. Complementary suppression by rectangles (the "hypercube" method of Repsilber, in two dimensions):
       for each primary entry, smallest first, that does not yet share both its row and its column with
       another hidden entry, the three other corners of the cheapest rectangle through it are hidden
       (cost = the sum of the newly hidden values; corners must be non-zero; inner cells preferred to
       totals). Four hidden corners of a rectangle can trade ±t around it, so none of them is determined.
    3. A safety net, repeated until nothing changes: (a) in any row or column (totals included) with
       exactly one hidden entry, the smallest shown non-zero entry is hidden as well; (b) the whole system
       is checked: a hidden entry whose value the additivity equations of all rows and columns fix exactly
       (for example a cell bridging two otherwise protected blocks) gets its smallest shown non-zero
       neighbour in its row or column hidden.
    4. The result: no hidden entry can be computed exactly from the shown ones by adding and subtracting.
       Zeros are never hidden as partners (a zero partner keeps the hidden sum below ``min_n``). What is
       *not* guaranteed is protection against bounds: with non-negative counts a reader may still narrow
       a hidden cell to a range; that needs a solver such as τ-ARGUS and is beyond this helper.
       The choice of partners is a simple smallest-first heuristic, not the minimum information loss.

    Raises
    ------
    ValueError
        If a count is missing or negative.
    """
    cells = table.copy()
    values = cells.to_numpy(dtype=float, na_value=np.nan) if len(cells.columns) else np.zeros((len(cells), 0))
    if np.isnan(values).any():
        raise ValueError("complementary_suppression_2d: tabellen får inte ha saknade värden")
    if (values < 0).any():
        raise ValueError("antal kan inte vara negativa")
    if (values != np.round(values)).any():
        raise TypeError("complementary_suppression_2d: antal måste vara heltal")
    rows, columns = values.shape
    extended = np.zeros((rows + 1, columns + 1))
    extended[:rows, :columns] = values
    extended[:rows, columns] = values.sum(axis=1)
    extended[rows, :columns] = values.sum(axis=0)
    extended[rows, columns] = values.sum()
    flat = extended.reshape(-1)
    is_total = np.zeros_like(extended, dtype=bool)
    is_total[rows, :] = True
    is_total[:, columns] = True
    is_total = is_total.reshape(-1)
    hidden = (flat > 0) & (flat < min_n)
    equations = _line_equations(rows, columns)
    lines = [np.flatnonzero(eq != 0) for eq in equations]

    def smallest_partner(candidates: np.ndarray) -> int | None:
        candidates = candidates[~hidden[candidates] & (flat[candidates] > 0)]
        if candidates.size == 0:
            return None
        order = np.lexsort((candidates, is_total[candidates], flat[candidates]))
        return int(candidates[order[0]])

    grid = extended.shape

    def rectangle_partners(entry: int) -> list[int]:
        """The three other corners of the cheapest rectangle through ``entry`` with non-zero corners."""
        i, j = divmod(entry, grid[1])
        best: tuple[float, list[int]] | None = None
        for k in range(grid[0]):
            for m in range(grid[1]):
                if k == i or m == j:
                    continue
                corners = [i * grid[1] + m, k * grid[1] + j, k * grid[1] + m]
                if any(flat[c] == 0 for c in corners):
                    continue
                cost = float(sum(flat[c] for c in corners if not hidden[c]))
                cost += 0.5 * sum(bool(is_total[c]) for c in corners if not hidden[c])  # inner cells first
                if best is None or cost < best[0]:
                    best = (cost, corners)
        return [] if best is None else best[1]

    for entry in sorted(np.flatnonzero(hidden), key=lambda e: (flat[e], e)):
        i, j = divmod(int(entry), grid[1])
        row_hidden = hidden.reshape(grid)[i, :].sum()
        column_hidden = hidden.reshape(grid)[:, j].sum()
        if row_hidden >= 2 and column_hidden >= 2:
            continue
        for corner in rectangle_partners(int(entry)):
            hidden[corner] = True

    unprotectable: set[int] = set()
    while True:
        changed = False
        for line in lines:
            if hidden[line].sum() == 1:
                partner = smallest_partner(line)
                if partner is not None:
                    hidden[partner] = True
                    changed = True
                    break
        if changed:
            continue
        exposed = [int(i) for i in np.flatnonzero(derivable_cells(hidden, equations)) if int(i) not in unprotectable]
        for entry in exposed:
            neighbours = np.unique(np.concatenate([line for line in lines if entry in line]))
            partner = smallest_partner(neighbours)
            if partner is None:
                unprotectable.add(entry)
                continue
            hidden[partner] = True
            changed = True
            break
        if not changed:
            break

    result = pd.array(flat.astype("int64"), dtype="Int64")
    result[hidden] = pd.NA
    index = [*list(cells.index), total_label]
    labels = [*list(cells.columns), total_label]
    out = pd.DataFrame(np.asarray(result, dtype=object).reshape(rows + 1, columns + 1), index=index, columns=labels)
    return out.astype("Int64")
