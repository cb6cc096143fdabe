"""Where a focus region stands among its peers: median and best peer, gaps, ranks, weak areas.

Pure: a :class:`~scorecard.results.ScoreResult` and a focus region code in, a frozen
:class:`Comparison` out. This is the analytics the report shows (and that the recommendation,
the brief and later sections can reuse); the report builder only translates and formats it.

Definitions (the same everywhere; ``docs/reports.md``):

* the **peer group** is the focus region's group in the result; **members** are listed best
  overall first (``ScoreResult.codes``);
* the **peer median** of a dimension or indicator is the median score of the *other* members
  (the focus left out), missing scores left out;
* the **best peer** is the other member with the highest score (ties: first by name);
* **ranks** are within the peer group, 1 = best, ties share the best rank (the rank kernel
  :func:`scorecard.ranking.rank_within`);
* **below the median** lists the dimensions whose focus score is below the peer median, furthest
  below first (ties by id): the weak areas shown when there is no recommendation.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from scorecard.results import ScoreResult

TOP_N = 5  # strongest / weakest indicators listed


@dataclass(frozen=True)
class Standing:
    """The focus region on one dimension or indicator, against the other members of its group."""

    id: str
    score: float | None
    rank: int | None  # within the peer group (the focus included)
    median: float | None  # of the other members
    best: str | None  # code of the best other member
    best_score: float | None

    @property
    def gap_median(self) -> float | None:
        """Score minus peer median (negative = below)."""
        return None if self.score is None or self.median is None else self.score - self.median

    def best_peer(self) -> tuple[str | None, float | None]:
        """(code, score) of the best other member, or (None, None)."""
        return self.best, self.best_score

    @property
    def gap_best(self) -> float | None:
        """Score minus the best peer's score."""
        return None if self.score is None or self.best_score is None else self.score - self.best_score


@dataclass(frozen=True)
class Comparison:
    """The focus region against its peer group (see the module docstring for the definitions)."""

    focus: str
    group: str
    members: tuple[str, ...]  # best overall first
    others: tuple[str, ...]  # members without the focus
    dimensions: Mapping[str, Standing]
    indicators: Mapping[str, Standing]
    below_median: tuple[str, ...]  # dimension ids, furthest below the peer median first
    strongest: tuple[str, ...]  # indicator ids, highest score first (at most TOP_N)
    weakest: tuple[str, ...]  # indicator ids, lowest score first, not among ``strongest`` (at most TOP_N)

    @property
    def size(self) -> int:
        return len(self.members)


def _num(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


class _Ranks:
    """Indicator ranks within peer groups for one result, computed once (a batch of reports asks
    for every region of the same result)."""

    _cache: dict[int, tuple[weakref.ref[ScoreResult], pd.DataFrame]] = {}

    @classmethod
    def of(cls, result: ScoreResult) -> pd.DataFrame:
        from scorecard.ranking import rank_within

        hit = cls._cache.get(id(result))
        if hit is not None and hit[0]() is result:
            return hit[1]
        groups = result.regions["peer_group"]
        ranks = pd.DataFrame({c: rank_within(result.indicator_scores[c], groups)
                              for c in result.indicator_scores.columns}, index=result.indicator_scores.index)
        cls._cache[id(result)] = (weakref.ref(result), ranks)
        weakref.finalize(result, cls._cache.pop, id(result), None)
        return ranks


def compare(result: ScoreResult, focus: str) -> Comparison:
    """How ``focus`` (a region code of ``result``) stands among the other members of its peer group."""
    if focus not in result.regions.index:
        raise KeyError(focus)
    groups = result.regions["peer_group"]
    group = groups.at[focus]
    members = tuple(c for c in result.codes if groups.at[c] == group)
    others = tuple(c for c in members if c != focus)
    names = result.regions["name"].astype(str)

    def standings(frame: pd.DataFrame, ranks: pd.DataFrame, ids: list[str]) -> dict[str, Standing]:
        block = frame.loc[list(others), ids].to_numpy(dtype=float)
        out = {}
        for j, col in enumerate(ids):
            vals = block[:, j]
            ok = ~np.isnan(vals)
            median = float(np.median(vals[ok])) if ok.any() else None
            best = best_score = None
            if ok.any():
                best_score = float(vals[ok].max())
                tied = [c for c, v, k in zip(others, vals, ok) if k and v == best_score]
                best = sorted(tied, key=lambda c: names.at[c])[0]
            rank = _num(ranks.at[focus, col])
            out[col] = Standing(col, _num(frame.at[focus, col]), None if rank is None else int(rank), median,
                                best, best_score)
        return out

    dim_ids = [d.id for d in result.rubric.dimensions]
    dims = standings(result.dimension_scores, result.ranks, dim_ids)
    ind_ids = [i.id for i in result.rubric.indicators]
    inds = standings(result.indicator_scores, _Ranks.of(result), ind_ids)
    below = sorted((s.gap_median, d) for d, s in dims.items() if s.gap_median is not None and s.gap_median < 0)
    scored = [(s.score, i) for i, s in inds.items() if s.score is not None]
    strongest = tuple(i for _, i in sorted(scored, key=lambda t: (-t[0], t[1]))[:TOP_N])
    weakest = tuple(i for _, i in sorted(scored)[:TOP_N] if i not in strongest)
    return Comparison(focus, str(group), members, others, dims, inds, tuple(d for _, d in below),
                      strongest, weakest)
