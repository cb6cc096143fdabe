"""Normalise indicator values to a common 0-100 scale (or the rubric's ``scoring.range``).

Pure functions on a Series of one indicator over the peer group (COINr's ``n_*`` family in
spirit). ``direction`` is +1 (higher is better) or -1 (lower is better); every method returns
higher = better. Missing values stay missing.

=============  ================================================================================
method         score (for direction +1; range lo..hi, default 0..100)
=============  ================================================================================
minmax         lo + (x - min) / (max - min) * (hi - lo), min and max over the peer group
goalposts      same with fixed min/max from the rubric, clipped to lo..hi
zscore         50 + 10 * (x - mean) / sd, clipped to 0..100 (a "T-score"), then rescaled to lo..hi
rank           lo + (n - r) / (n - 1) * (hi - lo); r = rank, ties share the best rank
percentile     lo + (below + 0.5 * tied_others) / (n - 1) * (hi - lo)
target         lo + min(x / target, 1) * (hi - lo)  (lower is better: min(target / x, 1))
best           lo + x / max * (hi - lo)  (lower is better: min / x) — distance to the best peer
=============  ================================================================================

An indicator that does not vary across the peer group cannot tell regions apart under minmax,
zscore, rank or percentile; it gets no score (NaN) and a note, instead of a misleading 0 or 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class ConstantIndicator(Exception):
    """All peers have the same value: the relative methods have nothing to measure."""


def _arr(x: pd.Series, direction: int = 1) -> np.ndarray:
    v = x.to_numpy(dtype=float, na_value=np.nan)
    return v if direction >= 0 else -v


def _out(unit: np.ndarray, x: pd.Series, lo: float, hi: float) -> pd.Series:
    return pd.Series(lo + unit * (hi - lo), index=x.index)


def _nanmin_max(v: np.ndarray) -> tuple[float, float]:
    have = v[~np.isnan(v)]
    if have.size == 0:
        return float("nan"), float("nan")
    return float(have.min()), float(have.max())


def minmax(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _arr(x, direction)
    vmin, vmax = _nanmin_max(v)
    if not np.isfinite(vmin) or vmax == vmin:
        raise ConstantIndicator()
    return _out((v - vmin) / (vmax - vmin), x, lo, hi)


def goalposts(x: pd.Series, gmin: float, gmax: float, direction: int = 1, lo: float = 0.0,
              hi: float = 100.0) -> pd.Series:
    unit = np.clip((_arr(x) - gmin) / (gmax - gmin), 0.0, 1.0)
    if direction < 0:
        unit = 1.0 - unit
    return _out(unit, x, lo, hi)


def zscore(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _arr(x, direction)
    have = v[~np.isnan(v)]
    sd = float(have.std(ddof=1)) if have.size > 1 else float("nan")
    if not np.isfinite(sd) or sd == 0:
        raise ConstantIndicator()
    t = np.clip(50.0 + 10.0 * (v - have.mean()) / sd, 0.0, 100.0) / 100.0
    return _out(t, x, lo, hi)


def rank(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = pd.Series(_arr(x, direction), index=x.index)
    n = int(v.notna().sum())
    if n < 2 or v.nunique() < 2:
        raise ConstantIndicator()
    r = v.rank(ascending=False, method="min").to_numpy(dtype=float)
    return _out((n - r) / (n - 1), x, lo, hi)


def percentile(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = pd.Series(_arr(x, direction), index=x.index)
    n = int(v.notna().sum())
    if n < 2 or v.nunique() < 2:
        raise ConstantIndicator()
    rmin = v.rank(method="min").to_numpy(dtype=float)
    rmax = v.rank(method="max").to_numpy(dtype=float)
    below = rmin - 1  # strictly lower values
    ties = rmax - rmin  # other regions with the same value
    return _out((below + 0.5 * ties) / (n - 1), x, lo, hi)


def target(x: pd.Series, tgt: float, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _arr(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        if direction >= 0:
            unit = np.clip(v / tgt, 0.0, 1.0)
        else:
            unit = np.clip(tgt / np.where(v > 0, v, np.nan), 0.0, 1.0)
            unit = np.where(v > 0, unit, 1.0)
            unit = np.where(np.isnan(v), np.nan, unit)
    return _out(unit, x, lo, hi)


def best(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _arr(x)
    vmin, vmax = _nanmin_max(v)
    with np.errstate(divide="ignore", invalid="ignore"):
        if direction >= 0:
            if not np.isfinite(vmax) or vmax <= 0:
                raise ConstantIndicator()
            unit = np.maximum(v / vmax, 0.0)
        else:
            if not np.isfinite(vmin) or vmin <= 0:
                raise ConstantIndicator()
            unit = np.minimum(vmin / np.where(v > 0, v, np.nan), 1.0)
    return _out(unit, x, lo, hi)


METHODS = {"minmax", "goalposts", "zscore", "rank", "percentile", "target", "best"}


def normalise(x: pd.Series, method: str, direction: int, lo: float, hi: float, *, gmin: float | None = None,
              gmax: float | None = None, tgt: float | None = None) -> pd.Series:
    """Dispatch by method name (the rubric's ``normalisation``)."""
    if method == "minmax":
        return minmax(x, direction, lo, hi)
    if method == "goalposts":
        return goalposts(x, gmin, gmax, direction, lo, hi)  # type: ignore[arg-type]
    if method == "zscore":
        return zscore(x, direction, lo, hi)
    if method == "rank":
        return rank(x, direction, lo, hi)
    if method == "percentile":
        return percentile(x, direction, lo, hi)
    if method == "target":
        return target(x, tgt, direction, lo, hi)  # type: ignore[arg-type]
    if method == "best":
        return best(x, direction, lo, hi)
    raise ValueError(f"unknown normalisation {method!r}")
