"""Weighted means across indicators (-> dimension) and dimensions (-> overall index): the one
aggregation kernel.

Pure, vectorised numpy. Missing values are left out and the remaining weights re-scaled, so a
region's dimension score is the weighted mean of the indicators it has ("exclude and re-weight").
A row with nothing available gets NaN.

Every method is a generalised (quasi-arithmetic) weighted mean ``g⁻¹(Σ wᵢ·g(xᵢ) / Σ wᵢ)``:

* arithmetic: g(x) = x        -> sum(w * x) / sum(w)
* geometric:  g(x) = ln x     -> exp(sum(w * ln x) / sum(w))   (needs x > 0: use a range such as 1..100)
* harmonic:   g(x) = 1 / x    -> sum(w) / sum(w / x)           (needs x > 0)

The transforms are :data:`TRANSFORMS`; :func:`from_sums` turns the two sums back into the mean.
:func:`weighted_mean_rows` (plain arrays) and :func:`weighted_mean` (DataFrames, the pipeline) sum
element-wise; the uncertainty analysis forms the same sums for thousands of weight sets at once as
matrix products (:class:`scorecard.uncertainty.Engine`) and finishes with :func:`from_sums` too.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

Transform = Callable[[np.ndarray], np.ndarray]


def _identity(x: np.ndarray) -> np.ndarray:
    return x


def _reciprocal(x: np.ndarray) -> np.ndarray:
    return 1.0 / x


# method -> (g, g⁻¹)
TRANSFORMS: dict[str, tuple[Transform, Transform]] = {
    "arithmetic": (_identity, _identity),
    "geometric": (np.log, np.exp),
    "harmonic": (_reciprocal, _reciprocal),
}
METHODS = tuple(TRANSFORMS)


def transform(method: str) -> tuple[Transform, Transform]:
    """(g, g⁻¹) of an aggregation method; ValueError for an unknown one."""
    try:
        return TRANSFORMS[method]
    except KeyError:
        raise ValueError(f"unknown aggregation {method!r}") from None


def to_space(x: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """(g(x) with missing values as 0, mask of values present): the summands of the kernel."""
    g, _ = transform(method)
    have = ~np.isnan(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        gx = np.where(have, g(np.where(have, x, 1.0)), 0.0)
    return gx, have


def from_sums(num: np.ndarray, den: np.ndarray, method: str) -> np.ndarray:
    """The weighted mean from Σ w·g(x) (``num``) and Σ w over the values present (``den``); NaN
    where no weight has a value."""
    _, ginv = transform(method)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, ginv(num / np.where(den > 0, den, 1.0)), np.nan)


def weighted_mean_rows(x: np.ndarray, weights: np.ndarray, method: str = "arithmetic") -> np.ndarray:
    """Row-wise weighted mean of ``x`` (rows x members) with ``weights`` by member."""
    gx, have = to_space(np.asarray(x, dtype=float), method)
    wmat = np.where(have, np.asarray(weights, dtype=float), 0.0)
    return from_sums((gx * wmat).sum(axis=-1), wmat.sum(axis=-1), method)


def weighted_mean(frame: pd.DataFrame, weights: pd.Series, method: str = "arithmetic") -> pd.Series:
    """Row-wise weighted mean of ``frame`` (regions x members) with ``weights`` by member."""
    w = weights.reindex(frame.columns).astype(float).to_numpy()
    return pd.Series(weighted_mean_rows(frame.to_numpy(dtype=float), w, method), index=frame.index)


_ROWS = 4096  # rows summed at a time by coverage()


def coverage(frame: pd.DataFrame, weights: pd.Series, scored: pd.DataFrame | None = None) -> pd.Series:
    """Share of the total weight that has data, per row (0..1). With ``scored``, a cell counts only
    if it also has a value there (as ``coverage(frame.where(scored.notna()), weights)``, without
    that copy of the frame).

    The weighted sums are taken a block of rows at a time: each row's sum is the same, bit for
    bit, and no temporary as large as the frame is made (for 84,000 villages x 40 indicators two
    27 MB temporaries, fresh memory each time, cost more than the sums: issue 17)."""
    w = weights.reindex(frame.columns).astype(float).to_numpy()
    have = frame.notna().to_numpy()
    if scored is not None:
        mask = scored.notna()
        if not (mask.index.equals(frame.index) and mask.columns.equals(frame.columns)):
            mask = mask.reindex(index=frame.index, columns=frame.columns, fill_value=False)
        have = have & mask.to_numpy(dtype=bool)
    sums = np.empty(len(have))
    for a in range(0, len(have), _ROWS):
        sums[a:a + _ROWS] = (have[a:a + _ROWS] * w).sum(axis=1)
    share = np.clip(sums / w.sum(), 0.0, 1.0)  # float sums may land at 1.0000000000000004
    share[have.all(axis=1)] = 1.0
    return pd.Series(share, index=frame.index)
