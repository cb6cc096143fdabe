"""Outlier treatment and imputation of missing values, before normalisation.

Pure functions on one indicator over one peer group (a Series indexed by region code).

**Outliers** follow the rule used by the JRC COIN Tool and COINr (``Treat``, ``check_SkewKurt``):
an indicator needs treatment when its absolute skewness is at least 2 *and* its kurtosis at least
3.5 (COINr passes an indicator when ``|skew| < 2`` or ``kurtosis < 3.5``). It is then winsorised
step by step — the most extreme value(s) on the side the skew points to are set to the next value
in — until the rule passes or ``max_points`` values are winsorised. The count is COINr's ``nwin``:
the number of values now sitting at the winsorised edge (tied values pulled in together count
once each, and a value pulled in twice is not counted twice), so 1, 2, ..., 20, 60, 80, 100 needs
2 points, not 3. If it still
fails and the rubric allows it, the original values are log-transformed instead
(``ln(x - min + 0.01 (max - min))``, COINr's ``log_CT``). An indicator can also ask for a log
transform outright (``outliers: log``). Skewness and kurtosis are the sample statistics used by
Excel's SKEW and KURT (``e1071`` type 2, as in COINr).

**Missing values** (rubric ``missing.method``): ``exclude`` leaves them out and re-weights (done in
aggregation), ``median``/``mean`` fill them with the peer group's median/mean of the real values,
``worst`` gives them the lowest score of the scale (applied after normalisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def skewness(x: np.ndarray) -> float:
    """Sample skewness as Excel's SKEW computes it (pandas ``Series.skew``); NaN below 3 values,
    0 for a constant series."""
    s = pd.Series(np.asarray(x, dtype=float)).dropna()
    if s.size >= 3 and s.nunique() == 1:
        return 0.0
    return float(s.skew())


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis as Excel's KURT computes it (pandas ``Series.kurt``); NaN below 4
    values, 0 for a constant series."""
    s = pd.Series(np.asarray(x, dtype=float)).dropna()
    if s.size >= 4 and s.nunique() == 1:
        return 0.0
    return float(s.kurt())


def fails_rule(x: np.ndarray, skew_t: float, kurt_t: float) -> bool:
    """True when |skew| >= skew_t and kurtosis >= kurt_t, COINr's ``check_SkewKurt`` (which passes
    when ``|skew| < skew_t`` or ``kurtosis < kurt_t``); too few values: never fails."""
    sk, ku = skewness(x), kurtosis(x)
    return bool(np.isfinite(sk) and np.isfinite(ku) and abs(sk) >= skew_t and ku >= kurt_t)


@dataclass(frozen=True)
class Treatment:
    applied: str  # none | winsorise | log
    points: int  # values changed by winsorisation
    skew_before: float
    kurtosis_before: float
    skew_after: float
    kurtosis_after: float
    changed: tuple[str, ...] = ()  # region codes whose value was winsorised


def winsorise(x: pd.Series, max_points: int = 5, skew_t: float = 2.0, kurt_t: float = 3.5
              ) -> tuple[pd.Series, int, tuple[str, ...]]:
    """Winsorise ``x`` step by step while the skew/kurtosis rule fails, as COINr's ``winsorise``.

    Returns the treated values, COINr's ``nwin`` (the values at the high edge after the last
    high-side step plus those at the low edge after the last low-side step) and the codes of every
    value that was changed (each once, in the order first changed). The loop stops once ``nwin``
    reaches ``max_points``.
    """
    v = x.astype(float).copy()
    hi_hit: list[str] = []  # COINr's imax: positions set at the last high-side step
    lo_hit: list[str] = []  # COINr's imin
    changed: dict[str, None] = {}
    nwin = 0
    while nwin < max_points and fails_rule(v.to_numpy(), skew_t, kurt_t):
        arr = v.dropna()
        high = skewness(arr.to_numpy()) >= 0
        edge = arr.max() if high else arr.min()
        rest = arr[arr < edge] if high else arr[arr > edge]
        if rest.empty:
            break
        hit = v.index[v == edge]
        v.loc[hit] = rest.max() if high else rest.min()
        codes = [str(c) for c in hit]
        if high:
            hi_hit = codes
        else:
            lo_hit = codes
        changed.update(dict.fromkeys(codes))
        nwin = len(hi_hit) + len(lo_hit)
    return v, nwin, tuple(changed)


def log_transform(x: pd.Series) -> pd.Series:
    """COINr's ``log_CT``: ln(x - min + 0.01 (max - min)); keeps the order of the values."""
    v = x.astype(float)
    lo, hi = v.min(), v.max()
    if not np.isfinite(lo) or hi == lo:
        return v
    return np.log(v - lo + 0.01 * (hi - lo))


def treat(x: pd.Series, method: str, max_points: int = 5, skew_t: float = 2.0, kurt_t: float = 3.5,
          log_if_needed: bool = False) -> tuple[pd.Series, Treatment]:
    """Apply ``method`` (none | winsorise | log) to one indicator over one peer group."""
    arr = x.to_numpy(dtype=float)
    sk, ku = skewness(arr), kurtosis(arr)
    if method == "log":
        out = log_transform(x)
        o = out.to_numpy(dtype=float)
        return out, Treatment("log", 0, sk, ku, skewness(o), kurtosis(o))
    if method != "winsorise" or not fails_rule(arr, skew_t, kurt_t):
        return x, Treatment("none", 0, sk, ku, sk, ku)
    out, n, changed = winsorise(x, max_points, skew_t, kurt_t)
    if log_if_needed and fails_rule(out.to_numpy(), skew_t, kurt_t):
        out = log_transform(x)
        o = out.to_numpy(dtype=float)
        return out, Treatment("log", 0, sk, ku, skewness(o), kurtosis(o))
    o = out.to_numpy(dtype=float)
    return out, Treatment("winsorise", n, sk, ku, skewness(o), kurtosis(o), changed)


def impute(x: pd.Series, method: str) -> tuple[pd.Series, pd.Series]:
    """Fill missing values of one indicator over one peer group with its median or mean.

    Returns the filled series and a boolean series of the values that were filled. ``exclude`` and
    ``worst`` fill nothing here.
    """
    missing = x.isna()
    if method not in ("median", "mean") or not missing.any() or missing.all():
        return x, pd.Series(False, index=x.index)
    fill = x.median() if method == "median" else x.mean()
    return x.fillna(fill), missing
