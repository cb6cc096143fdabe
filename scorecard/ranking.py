"""The one rank kernel: 1 = best, ties share the best rank, missing scores get no rank.

Scores are rounded to :data:`RANK_DECIMALS` decimals first (float noise is not a difference).
:func:`rank_desc` ranks plain arrays along the last axis (the uncertainty analysis ranks every
replication at once); :func:`rank_within` ranks a score Series within peer groups (the pipeline,
the comparison with peers). Both give what pandas' ``rank(ascending=False, method="min")`` gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RANK_DECIMALS = 9  # scores equal to 9 decimals share a rank (float noise is not a difference)


def rank_desc(s: np.ndarray) -> np.ndarray:
    """Ranks along the last axis of already rounded scores (descending, ties -> the minimum rank,
    NaN -> NaN)."""
    s = np.asarray(s, dtype=float)
    flat = s.reshape(-1, s.shape[-1]) if s.ndim != 2 else s
    key = np.where(np.isnan(flat), -np.inf, flat)
    order = np.argsort(-key, axis=-1)  # ties are handled below, order among equals does not matter
    sv = np.take_along_axis(key, order, axis=-1)
    n = flat.shape[-1]
    pos = np.broadcast_to(np.arange(n), flat.shape)
    new = np.ones(flat.shape, bool)
    new[:, 1:] = sv[:, 1:] != sv[:, :-1]
    first = np.maximum.accumulate(np.where(new, pos, 0), axis=-1)
    out = np.empty(flat.shape)
    np.put_along_axis(out, order, (first + 1).astype(float), axis=-1)
    out = np.where(np.isnan(flat), np.nan, out)
    return out.reshape(s.shape)


def rank_within(scores: pd.Series, groups: pd.Series, eligible: pd.Series | None = None,
                codes: np.ndarray | None = None) -> pd.Series:
    """Rank 1 = best within each group; ties share the best rank; ineligible regions get no rank.
    One sort for all groups (thousands of kecamatan groups at village scale). ``codes``: the
    groups already factorised on ``scores``' index (:func:`group_codes`), when several score
    series of the same regions are ranked."""
    s = scores.round(RANK_DECIMALS)
    if eligible is not None:
        s = s.where(eligible)
    values = s.to_numpy(dtype=float)
    if codes is None:
        codes = group_codes(groups, s.index)
    key = np.where(np.isnan(values), -np.inf, values)
    if len(codes) and (codes == codes[0]).all():  # one group (or none): best first, one plain sort
        order = np.argsort(-key)  # equal scores in any order: they share the rank of the first anyway
    else:
        order = np.lexsort((-key, codes))  # by group, then best first
    g, k = codes[order], key[order]
    n = len(values)
    pos = np.arange(n)
    new_group = np.ones(n, bool)
    new_group[1:] = g[1:] != g[:-1]
    start = np.maximum.accumulate(np.where(new_group, pos, 0))  # where each group begins
    new_run = new_group.copy()
    new_run[1:] |= k[1:] != k[:-1]
    first = np.maximum.accumulate(np.where(new_run, pos, 0))  # where each run of equal scores begins
    ranks = np.empty(n)
    ranks[order] = (first - start + 1).astype(float)
    ranks[np.isnan(values) | (codes < 0)] = np.nan
    return pd.Series(ranks, index=s.index, name=scores.name)


def group_codes(groups: pd.Series, index: pd.Index) -> np.ndarray:
    """The group of each region of ``index`` as an integer code (-1: no group, no rank), for
    :func:`rank_within`."""
    codes, _ = pd.factorize(groups.reindex(index), use_na_sentinel=True)
    return codes
