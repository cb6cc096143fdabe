"""Uncertainty of ranks: Monte Carlo over the analyst's real doubts, vectorised with numpy.

Every replication draws, independently (OECD/JRC Handbook 2008, step 7; COINr ``get_sensitivity``):

* **weights** — every indicator, sub-dimension and dimension weight is multiplied by a factor drawn
  uniformly from ``[1 - p, 1 + p]`` (rubric ``uncertainty.weights``, default p = 0.25);
* **normalisation** — one of ``uncertainty.normalisations`` (indicators with their own method in
  the rubric, such as goalposts or target, keep it);
* **aggregation** — one of ``uncertainty.aggregations``;
* **one indicator left out** — none or one indicator, each equally likely
  (``uncertainty.drop_indicators``).

The indicator scores are normalised once per allowed method (pandas, a handful of times); every
replication is then a set of weights, and all weighted means of all replications are computed as
matrix products: indicator scores (regions x indicators) times a stacked weight matrix
(indicators x replications*nodes). Ranks come from one argsort per peer group. 1,000 replications
over 514 regions (27 indicators, 3 normalisations) take about 1.5 s on one core.

Results per region: the nominal rank (the rubric as written), the median rank over the
replications and the 5-95 % interval — "peringkat 3 (2-5)". Quantiles use the inverted empirical
distribution, so every number shown is a rank that actually occurred. The same seed gives the same
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from scorecard import aggregate
from scorecard.pipeline import Prepared, normalise_all
from scorecard.ranking import RANK_DECIMALS, rank_desc
from scorecard.rubric import Rubric

BATCH = 250  # replications evaluated together (bounds memory: regions x BATCH x nodes floats)


@dataclass(frozen=True)
class Draws:
    """Settings of a batch of replications."""

    norm: np.ndarray  # (n,) index into Engine.norms
    agg: np.ndarray  # (n,) index into Engine.aggs
    w_ind: np.ndarray  # (n, I) indicator weights (0 = left out)
    w_node: np.ndarray  # (n, G) node weights (as children of their parent)
    dropped: np.ndarray  # (n,) indicator index left out, -1 = none

    def __len__(self) -> int:
        return int(self.norm.size)


class Engine:
    """Normalised matrices and the aggregation tree of one scoring run, ready for replications."""

    def __init__(self, result, normalisations: Sequence[str] | None = None,
                 aggregations: Sequence[str] | None = None):
        rubric: Rubric = result.rubric
        spec = rubric.uncertainty
        self.rubric = rubric
        self.codes = list(result.regions.index)
        self.groups = result.regions["peer_group"].to_numpy()
        self.eligible = (result.status == "ok").to_numpy()
        allowed_n = tuple(normalisations or spec.normalisations or (rubric.scoring.normalisation,))
        allowed_a = tuple(aggregations or spec.aggregations or (rubric.scoring.aggregation,))
        # the rubric's own methods are always computed (the nominal run); draws use the allowed ones
        self.norms = tuple(dict.fromkeys((rubric.scoring.normalisation, *allowed_n)))
        self.aggs = tuple(dict.fromkeys((rubric.scoring.aggregation, *allowed_a)))
        self.norm_choices = np.array([self.norms.index(m) for m in allowed_n])
        self.agg_choices = np.array([self.aggs.index(m) for m in allowed_a])
        lo, hi = rubric.scoring.range
        if lo <= 0 and any(a != "arithmetic" for a in self.aggs):
            lo = 1.0  # geometric/harmonic need positive scores; arithmetic ranks do not change
        self.range = (lo, hi)
        self.ind_ids = [i.id for i in rubric.indicators]
        treated = result.treated_values
        prep = Prepared(result.regions, result.values, treated, None, None, None, None, None, None)
        self.X = {}
        for m in self.norms:
            scores, _ = normalise_all(prep, rubric, method=m, scale_range=self.range)
            self.X[m] = scores[self.ind_ids].to_numpy(dtype=float)
        self.nodes = rubric.nodes()
        self.node_ids = [n.id for n in self.nodes]
        self.node_pos = {n: k for k, n in enumerate(self.node_ids)}
        self.base_ind = np.array([i.weight for i in rubric.indicators], dtype=float)
        parent_w = {}
        for n in self.nodes:
            if not n.leaf:
                for c, w in zip(n.children, n.child_weights):
                    parent_w[c] = w
        self.base_node = np.array([parent_w.get(n.id, 1.0) for n in self.nodes], dtype=float)
        ind_pos = {i: k for k, i in enumerate(self.ind_ids)}
        self.leaves = [k for k, n in enumerate(self.nodes) if n.leaf]
        self.L = np.zeros((len(self.ind_ids), len(self.leaves)))
        for j, k in enumerate(self.leaves):
            for c in self.nodes[k].children:
                self.L[ind_pos[c], j] = 1.0
        self.spec = spec

    # -- drawing -------------------------------------------------------------------------------
    def nominal(self, n: int = 1) -> Draws:
        return Draws(np.zeros(n, int), np.zeros(n, int), np.tile(self.base_ind, (n, 1)),
                     np.tile(self.base_node, (n, 1)), np.full(n, -1))

    def draw(self, n: int, rng: np.random.Generator, *, weights: bool = True, norm: bool = True,
             agg: bool = True, drop: bool = True) -> Draws:
        """``n`` random replications; switch a factor off to hold it at its nominal value."""
        d = self.nominal(n)
        p = self.spec.weights
        w_ind, w_node = d.w_ind.copy(), d.w_node.copy()
        if weights and p > 0:
            w_ind *= rng.uniform(1 - p, 1 + p, size=w_ind.shape)
            w_node *= rng.uniform(1 - p, 1 + p, size=w_node.shape)
        norm_i = self.norm_choices[rng.integers(0, self.norm_choices.size, n)] if norm else d.norm
        agg_i = self.agg_choices[rng.integers(0, self.agg_choices.size, n)] if agg else d.agg
        dropped = d.dropped
        if drop and self.spec.drop_indicators and len(self.ind_ids) > 1:
            dropped = rng.integers(-1, len(self.ind_ids), n)
            rows = np.nonzero(dropped >= 0)[0]
            w_ind[rows, dropped[rows]] = 0.0
        return Draws(norm_i, agg_i, w_ind, w_node, dropped)

    # -- evaluating ----------------------------------------------------------------------------
    def scores(self, d: Draws) -> np.ndarray:
        """Node scores (n, regions, nodes) for every replication in ``d``."""
        n, R, G = len(d), len(self.codes), len(self.nodes)
        out = np.full((n, R, G), np.nan)
        for ni, m in enumerate(self.norms):
            for ai, a in enumerate(self.aggs):
                sel = np.nonzero((d.norm == ni) & (d.agg == ai))[0]
                for start in range(0, sel.size, BATCH):
                    rows = sel[start:start + BATCH]
                    out[rows] = self._tree(self.X[m], a, d.w_ind[rows], d.w_node[rows])
        return out

    def _tree(self, X: np.ndarray, agg: str, w_ind: np.ndarray, w_node: np.ndarray) -> np.ndarray:
        """The aggregation kernel (:mod:`scorecard.aggregate`) for ``n`` weight sets at once: the
        sums Σ w·g(x) and Σ w of every leaf node as matrix products, then node by node."""
        n, (R, I) = w_ind.shape[0], X.shape
        FX, have = aggregate.to_space(X, agg)
        K = len(self.leaves)
        B = (w_ind[:, :, None] * self.L[None]).transpose(1, 0, 2).reshape(I, n * K)  # (I, n*K)
        num = (FX @ B).reshape(R, n, K).transpose(1, 0, 2)
        den = (have.astype(float) @ B).reshape(R, n, K).transpose(1, 0, 2)
        V = np.full((n, R, len(self.nodes)), np.nan)
        V[:, :, self.leaves] = aggregate.from_sums(num, den, agg)
        for k, node in enumerate(self.nodes):
            if node.leaf:
                continue
            idx = [self.node_pos[c] for c in node.children]
            fc, ok = aggregate.to_space(V[:, :, idx], agg)  # (n, R, c)
            w = w_node[:, idx][:, None, :] * ok
            V[:, :, k] = aggregate.from_sums((fc * w).sum(axis=2), w.sum(axis=2), agg)
        return V

    def ranks(self, scores: np.ndarray) -> np.ndarray:
        """Ranks (1 = best, ties share the best rank) within each peer group, per replication and
        node; NaN for regions without a score or without enough data."""
        n, R, G = scores.shape
        s = np.round(scores, RANK_DECIMALS)
        s = np.where(self.eligible[None, :, None], s, np.nan)
        flat = np.ascontiguousarray(s.transpose(0, 2, 1)).reshape(n * G, R)  # rank along the last axis
        out = np.full(flat.shape, np.nan)
        for g in pd.unique(self.groups):
            cols = np.nonzero(self.groups == g)[0]
            out[:, cols] = rank_desc(flat[:, cols])
        return out.reshape(n, G, R).transpose(0, 2, 1)


def quantile(ranks: np.ndarray, percent: int) -> np.ndarray:
    """Empirical quantile along axis 0, ignoring NaN: the smallest observed value whose share of
    replications at or below it reaches ``percent`` % (numpy's "inverted_cdf"), exact in integers."""
    ordered = np.sort(ranks, axis=0)  # NaN sort last
    n = (~np.isnan(ranks)).sum(axis=0)
    k = np.maximum(-(-(percent * n) // 100) - 1, 0)
    out = np.take_along_axis(ordered, k[None], axis=0)[0]
    return np.where(n > 0, out, np.nan)


@dataclass(frozen=True)
class RankUncertainty:
    """Outcome of :func:`rank_uncertainty`. Frames are regions x (``overall`` + dimension ids)."""

    nominal: pd.DataFrame
    median: pd.DataFrame
    low: pd.DataFrame  # 5 % quantile
    high: pd.DataFrame  # 95 % quantile
    replications: int
    seed: int
    normalisations: tuple[str, ...]
    aggregations: tuple[str, ...]
    weights: float
    drop_indicators: bool
    draws: pd.DataFrame = field(repr=False)  # per replication: normalisation, aggregation, dropped
    rank_draws: np.ndarray = field(repr=False)  # (n, regions, 1 + dimensions)
    score_draws: np.ndarray = field(repr=False)

    def label(self, code: str, column: str = "overall") -> str:
        """"3 (2-5)"."""
        med = self.median.at[code, column]
        if pd.isna(med):
            return "-"
        return f"{int(med)} ({int(self.low.at[code, column])}-{int(self.high.at[code, column])})"

    def share_better(self, code: str, other: str, column: str = "overall") -> float:
        """Share of replications in which ``other`` scores higher than ``code`` (for peer choice)."""
        j = self.columns.index(column)
        a = self.score_draws[:, self.codes.index(code), j]
        b = self.score_draws[:, self.codes.index(other), j]
        ok = ~(np.isnan(a) | np.isnan(b))
        return float((b[ok] > a[ok]).mean()) if ok.any() else float("nan")

    @property
    def codes(self) -> list[str]:
        return list(self.median.index)

    @property
    def columns(self) -> list[str]:
        return list(self.median.columns)


def rank_uncertainty(result, *, replications: int | None = None, seed: int | None = None,
                     engine: Engine | None = None) -> RankUncertainty:
    """Monte Carlo rank uncertainty for ``result`` (a :class:`~scorecard.results.ScoreResult`)."""
    engine = engine or Engine(result)
    spec = result.rubric.uncertainty
    n = int(replications or spec.replications)
    if seed is None:
        seed = spec.seed if spec.seed is not None else int(np.random.default_rng().integers(0, 2 ** 31))
    rng = np.random.default_rng(seed)
    d = engine.draw(n, rng)
    cols = ["overall", *(dd.id for dd in result.rubric.dimensions)]
    idx = [engine.node_pos[c] for c in cols]
    scores = engine.scores(d)[:, :, idx]
    ranks = engine.ranks(scores)
    q = {name: pd.DataFrame(quantile(ranks, p), index=engine.codes, columns=cols)
         for name, p in (("median", 50), ("low", 5), ("high", 95))}
    nominal = result.ranks[cols].reindex(engine.codes)
    draws = pd.DataFrame({
        "normalisation": [engine.norms[i] for i in d.norm],
        "aggregation": [engine.aggs[i] for i in d.agg],
        "dropped": pd.Series([engine.ind_ids[i] if i >= 0 else None for i in d.dropped], dtype=object),
    })
    return RankUncertainty(nominal, q["median"], q["low"], q["high"], n, int(seed),
                           tuple(engine.norms[i] for i in engine.norm_choices),
                           tuple(engine.aggs[i] for i in engine.agg_choices),
                           spec.weights, spec.drop_indicators, draws, ranks, scores)
