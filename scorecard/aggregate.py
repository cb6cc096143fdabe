"""Weighted means across indicators (-> dimension) and dimensions (-> overall index).

Pure, vectorised. Missing values are left out and the remaining weights re-scaled, so a region's
dimension score is the weighted mean of the indicators it has ("exclude and re-weight"). A row
with nothing available gets NaN.

* arithmetic: sum(w * x) / sum(w)
* geometric:  exp(sum(w * ln x) / sum(w))   (needs x > 0: use a positive scoring range such as 1..100)
* harmonic:   sum(w) / sum(w / x)           (needs x > 0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def weighted_mean(frame: pd.DataFrame, weights: pd.Series, method: str = "arithmetic") -> pd.Series:
    """Row-wise weighted mean of ``frame`` (regions x members) with ``weights`` by member."""
    w = weights.reindex(frame.columns).astype(float).to_numpy()
    x = frame.to_numpy(dtype=float)
    have = ~np.isnan(x)
    wmat = np.where(have, w, 0.0)
    wsum = wmat.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "arithmetic":
            out = np.where(have, x, 0.0).__mul__(wmat).sum(axis=1) / wsum
        elif method == "geometric":
            logs = np.where(have, np.log(np.where(have, x, 1.0)), 0.0)
            out = np.exp((logs * wmat).sum(axis=1) / wsum)
        elif method == "harmonic":
            inv = np.where(have, 1.0 / np.where(have, x, 1.0), 0.0)
            out = wsum / (inv * wmat).sum(axis=1)
        else:
            raise ValueError(f"unknown aggregation {method!r}")
    out = np.where(wsum > 0, out, np.nan)
    return pd.Series(out, index=frame.index)


def coverage(frame: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Share of the total weight that has data, per row (0..1)."""
    w = weights.reindex(frame.columns).astype(float).to_numpy()
    have = frame.notna().to_numpy()
    return pd.Series((have * w).sum(axis=1) / w.sum(), index=frame.index)
