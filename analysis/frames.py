"""Small frame helpers shared by the whole analysis package: argument checks, year of a date, counting
rows per group. Nothing statistical is decided here; the statistical contracts live with the callers."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def as_float_array(values) -> np.ndarray:
    """Numbers as a float ndarray, with pandas NA (nullable dtypes) turned into NaN."""
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        return np.asarray(values.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    if values is pd.NA or values is None:
        return np.asarray(np.nan)
    try:
        return np.asarray(values, dtype=float)
    except TypeError:  # a list holding pd.NA
        return pd.array(list(values), dtype="Float64").to_numpy(dtype=float, na_value=np.nan)


def year_of(dates: pd.Series) -> pd.Series:
    """Calendar year of each date as ``Int64`` (NA for NaT)."""
    return pd.to_datetime(dates).dt.year.astype("Int64")


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` naming the missing columns."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: kolumner saknas: {', '.join(missing)}")


def normalise_by(by, allowed: Iterable[str], what: str) -> list[str]:
    """``by`` as a list of column names (a single string is one key), checked against ``allowed``."""
    keys = [by] if isinstance(by, str) else list(by or [])
    allowed = tuple(allowed)
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        raise ValueError(f"{what}: kan inte gruppera på {unknown}; tillåtna: {', '.join(allowed)}")
    if len(set(keys)) != len(keys):
        raise ValueError(f"{what}: samma kolumn två gånger i by: {keys}")
    return keys


def check_min_n(min_n: int) -> int:
    """``min_n`` as a non-negative int (``ValueError`` otherwise)."""
    if isinstance(min_n, bool) or int(min_n) != min_n or min_n < 0:
        raise ValueError(f"min_n måste vara ett heltal ≥ 0, inte {min_n!r}")
    return int(min_n)


def count_groups(keys: pd.DataFrame, hits: pd.Series, by: list[str], n_name: str, hit_name: str) -> pd.DataFrame:
    """Rows per group (``n_name``) and rows with ``hits`` True (``hit_name``), both int64.

    ``keys`` holds one column per name in ``by`` aligned with ``hits``. Groups follow
    ``observed=True, dropna=False``; with ``by`` empty the result is a single row over everything.
    """
    flags = np.asarray(hits, dtype=bool)
    if not by:
        return pd.DataFrame({n_name: [len(flags)], hit_name: [int(flags.sum())]}, dtype="int64")
    data = keys[by].copy()
    data["__hit__"] = flags
    out = (
        data.groupby(by, observed=True, dropna=False, sort=True)["__hit__"]
        .agg(**{n_name: "size", hit_name: "sum"})
        .reset_index()
    )
    for key in by:  # an empty frame loses key dtypes in groupby
        out[key] = out[key].astype(keys[key].dtype)
    return out.astype({n_name: "int64", hit_name: "int64"})
