"""Statistical audit of a scoring run (OECD/JRC Handbook 2008, step 4; COINr ``get_corr``,
``get_cronbach``, ``get_stats``).

* **Correlation** (Pearson, over the regions having both numbers) of each indicator's score with
  its dimension's score and with the index. An indicator that correlates negatively
  (r <= -0.1) or hardly at all (|r| < 0.1) with its own dimension pulls against, or adds noise
  to, what the dimension is meant to measure: check its direction or its place in the rubric.
* **Cronbach's alpha** per dimension, over the regions with every indicator of the dimension:
  ``alpha = k / (k - 1) * (1 - sum of indicator variances / variance of their sum)``; k =
  number of indicators. Around 0.7 or more: the indicators move together; low or negative: they
  measure different things (not necessarily wrong, but worth a look).
* **Barely varying indicators**: 80 % or more of the regions share the same value (or all do) —
  such an indicator hardly tells regions apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NEGATIVE = -0.1
NEAR_ZERO = 0.1
SAME_SHARE = 0.8


@dataclass(frozen=True)
class Audit:
    correlations: pd.DataFrame  # index indicator: dimension, r_dimension, r_index, flag
    alpha: pd.Series  # dimension id -> Cronbach's alpha (NaN: fewer than 2 indicators or 3 regions)
    alpha_n: pd.Series  # dimension id -> regions used
    near_constant: pd.DataFrame  # index indicator: same_share, distinct

    def to_dict(self) -> dict:
        def num(x: float) -> float | None:
            return None if x is None or not np.isfinite(x) else round(float(x), 6)

        return {
            "correlations": {
                ind: {"dimension": row.dimension, "r_dimension": num(row.r_dimension), "r_index": num(row.r_index),
                      "flag": None if pd.isna(row.flag) else str(row.flag)}
                for ind, row in self.correlations.iterrows()},
            "cronbach_alpha": {d: {"alpha": num(a), "regions": int(self.alpha_n[d])} for d, a in self.alpha.items()},
            "near_constant": {ind: {"same_share": num(row.same_share), "distinct": int(row.distinct)}
                              for ind, row in self.near_constant.iterrows()},
        }


def pearson(a: pd.Series, b: pd.Series) -> float:
    """Pearson correlation over the pairs where both are present (NaN with < 3 pairs or no spread)."""
    ok = a.notna() & b.notna()
    if ok.sum() < 3:
        return float("nan")
    x, y = a[ok].to_numpy(float), b[ok].to_numpy(float)
    dx, dy = x - x.mean(), y - y.mean()
    den = np.sqrt((dx ** 2).sum() * (dy ** 2).sum())
    return float((dx * dy).sum() / den) if den > 0 else float("nan")


def cronbach_alpha(frame: pd.DataFrame) -> tuple[float, int]:
    """Cronbach's alpha of the columns of ``frame`` over complete rows; (alpha, rows used)."""
    x = frame.dropna()
    k, n = x.shape[1], x.shape[0]
    if k < 2 or n < 3:
        return float("nan"), n
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan"), n
    return float(k / (k - 1) * (1 - x.var(ddof=1).sum() / total_var)), n


def flag(r: float) -> str | None:
    if not np.isfinite(r):
        return None
    if r <= NEGATIVE:
        return "negative"
    if abs(r) < NEAR_ZERO:
        return "near-zero"
    return None


def audit(result) -> Audit:
    """Audit a :class:`~scorecard.results.ScoreResult`."""
    rubric = result.rubric
    rows = []
    for ind in rubric.indicators:
        s = result.indicator_scores[ind.id]
        r_dim = pearson(s, result.dimension_scores[ind.dimension])
        rows.append({"indicator": ind.id, "dimension": ind.dimension, "r_dimension": r_dim,
                     "r_index": pearson(s, result.overall), "flag": flag(r_dim)})
    corr = pd.DataFrame(rows).set_index("indicator")
    alpha, alpha_n = {}, {}
    for d in rubric.dimensions:
        alpha[d.id], alpha_n[d.id] = cronbach_alpha(result.indicator_scores[[i.id for i in d.indicators]])
    flat = []
    for ind in rubric.indicators:
        v = result.values[ind.id].dropna()
        if v.empty:
            continue
        share = float(v.round(9).value_counts().iloc[0] / v.size)
        if share >= SAME_SHARE:
            flat.append({"indicator": ind.id, "same_share": share, "distinct": int(v.round(9).nunique())})
    near = pd.DataFrame(flat, columns=["indicator", "same_share", "distinct"]).set_index("indicator")
    return Audit(corr, pd.Series(alpha, dtype=float), pd.Series(alpha_n, dtype=int), near)
