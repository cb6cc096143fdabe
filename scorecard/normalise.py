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


def _orient(x: pd.Series, direction: int) -> pd.Series:
    return x if direction >= 0 else -x


def _rescale(unit: pd.Series, lo: float, hi: float) -> pd.Series:
    return lo + unit * (hi - lo)


def minmax(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _orient(x.astype(float), direction)
    vmin, vmax = v.min(), v.max()
    if not np.isfinite(vmin) or vmax == vmin:
        raise ConstantIndicator()
    return _rescale((v - vmin) / (vmax - vmin), lo, hi)


def goalposts(x: pd.Series, gmin: float, gmax: float, direction: int = 1, lo: float = 0.0,
              hi: float = 100.0) -> pd.Series:
    unit = ((x.astype(float) - gmin) / (gmax - gmin)).clip(0.0, 1.0)
    if direction < 0:
        unit = 1.0 - unit
    return _rescale(unit, lo, hi)


def zscore(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _orient(x.astype(float), direction)
    sd = v.std(ddof=1)
    if not np.isfinite(sd) or sd == 0:
        raise ConstantIndicator()
    t = (50.0 + 10.0 * (v - v.mean()) / sd).clip(0.0, 100.0) / 100.0
    return _rescale(t, lo, hi)


def rank(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _orient(x.astype(float), direction)
    n = int(v.notna().sum())
    if n < 2 or v.nunique() < 2:
        raise ConstantIndicator()
    r = v.rank(ascending=False, method="min")
    return _rescale((n - r) / (n - 1), lo, hi)


def percentile(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = _orient(x.astype(float), direction)
    n = int(v.notna().sum())
    if n < 2 or v.nunique() < 2:
        raise ConstantIndicator()
    below = v.rank(method="min") - 1  # strictly lower values
    ties = v.rank(method="max") - v.rank(method="min")  # other regions with the same value
    return _rescale((below + 0.5 * ties) / (n - 1), lo, hi)


def target(x: pd.Series, tgt: float, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = x.astype(float)
    if direction >= 0:
        unit = (v / tgt).clip(upper=1.0, lower=0.0)
    else:
        unit = (tgt / v.where(v > 0)).clip(upper=1.0, lower=0.0)
        unit = unit.where(v > 0, 1.0).where(v.notna())
    return _rescale(unit, lo, hi)


def best(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    v = x.astype(float)
    if direction >= 0:
        top = v.max()
        if not np.isfinite(top) or top <= 0:
            raise ConstantIndicator()
        unit = (v / top).clip(lower=0.0)
    else:
        top = v.min()
        if not np.isfinite(top) or top <= 0:
            raise ConstantIndicator()
        unit = (top / v.where(v > 0)).clip(upper=1.0)
    return _rescale(unit, lo, hi)


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
