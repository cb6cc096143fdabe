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
dist2max       lo + (1 - (max - x) / (max - min)) * (hi - lo)  (COINr ``n_dist2max``)
dist2ref       lo + (1 - (x_ref - x) / (x_ref - min)) * (hi - lo), capped at hi unless ``cap: false``;
               x_ref = the value of the reference region named in the rubric (COINr ``n_dist2ref``)
=============  ================================================================================

Every method is one function here plus one entry in :data:`scorecard.methods.METHODS` (name ->
function and parameters); the rubric's allowed names and keys, the uncertainty alternatives and the report's
labels all come from that registry (CONTRIBUTING.md, "Add a normalisation method").

An indicator that does not vary across the peer group cannot tell regions apart under minmax,
zscore, rank, percentile or dist2max; it gets no score (NaN) and a note, instead of a misleading 0 or 100.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from scorecard.issues import ERROR, InputError, Issue
from scorecard.methods import METHODS, Where


class ConstantIndicator(Exception):
    """All peers have the same value: the relative methods have nothing to measure."""

    status = "constant"  # shown in the report's method table (``report.norm.<status>``)
    note = "indicator-constant"  # the note the scoring run adds


class NoReference(ConstantIndicator):
    """``dist2ref``: the reference region has no value, or the worst one, in the peer group."""

    status = "no-reference"
    note = "indicator-no-reference"


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


def dist2max(x: pd.Series, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> pd.Series:
    """Distance to the best peer (COINr ``n_dist2max``): ``1 - (max - x) / (max - min)``.

    Written as COINr writes it; numerically it is min-max (equal to the last few bits). A group
    where every peer has the same value has nothing to measure."""
    v = _arr(x, direction)
    vmin, vmax = _nanmin_max(v)
    if not np.isfinite(vmin) or vmax == vmin:
        raise ConstantIndicator()
    return _out(1.0 - (vmax - v) / (vmax - vmin), x, lo, hi)


def dist2ref(x: pd.Series, reference: str, direction: int = 1, lo: float = 0.0, hi: float = 100.0,
             cap: bool = True, where: Where | None = None) -> pd.Series:
    """Distance to a reference region (COINr ``n_dist2ref``): ``1 - (x_ref - x) / (x_ref - min)``.

    ``reference`` is the region's code in ``x``'s index (the peer group being scored). The worst
    peer scores ``lo``, the reference ``hi``; a region better than the reference scores above
    ``hi`` unless ``cap`` (the default here; COINr's ``cap_max``) holds it at ``hi``. The reference
    must be in the group (:class:`~scorecard.issues.InputError` located at the rubric key
    ``where`` otherwise); when its value is blank, or it is the worst of the group, the indicator
    cannot be scored against it (:class:`NoReference`)."""
    if reference not in x.index:
        raise _reference_outside(reference, x, where)
    v = _arr(x, direction)
    vmin, _ = _nanmin_max(v)
    vref = float(v[x.index.get_loc(reference)])
    if not np.isfinite(vref) or not np.isfinite(vmin) or vref == vmin:
        raise NoReference()
    unit = 1.0 - (vref - v) / (vref - vmin)
    if cap:
        unit = np.minimum(unit, 1.0)
    return _out(unit, x, lo, hi)


def _reference_outside(reference: str, x: pd.Series, where: Where | None) -> InputError:
    file, key, line = where or (None, None, None)
    key = f"{key}.reference" if key else None
    codes = [str(c) for c in x.index]
    shown = ", ".join(codes[:8]) + (f" … (+{len(codes) - 8})" if len(codes) > 8 else "")
    return InputError(Issue("reference-not-in-group", ERROR, file=file, key=key, line=line, value=reference,
                            params={"members": shown or "-"}))


def normalise(x: pd.Series, method: str, direction: int, lo: float, hi: float, *, gmin: float | None = None,
              gmax: float | None = None, tgt: float | None = None, params: Mapping[str, Any] | None = None,
              where: Where | None = None) -> pd.Series:
    """Score ``x`` with the registered ``method`` (the rubric's ``normalisation``). ``params`` are
    the method's keys from the rubric; ``gmin``/``gmax``/``tgt`` are goalposts' ``min``/``max``
    and the indicator's ``target``; ``where`` locates the spec in the rubric for errors."""
    entry = METHODS.get(method)
    if entry is None:
        raise ValueError(f"unknown normalisation {method!r}")
    given: dict[str, Any] = dict(params or {})
    for key, value in (("min", gmin), ("max", gmax), ("target", tgt)):
        if value is not None:
            given.setdefault(key, value)
    kwargs: dict[str, Any] = {p.arg or p.key: given[p.key] for p in entry.params if p.key in given}
    if entry.located:
        kwargs["where"] = where
    function: Callable[..., pd.Series] = globals()[entry.function]
    return function(x, direction=direction, lo=lo, hi=hi, **kwargs)
