"""The scoring pipeline: derive -> normalise -> aggregate -> grade -> rank, per peer group.

Pure: validated :class:`~scorecard.validate.Tables` and a :class:`~scorecard.rubric.Rubric` in,
a :class:`~scorecard.results.ScoreResult` out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard import aggregate as agg
from scorecard import normalise as norm
from scorecard.derive import derive
from scorecard.issues import NOTE, IssueReport, InputError, Issue
from scorecard.peers import PEER_MODES, peer_keys
from scorecard.results import ScoreResult
from scorecard.rubric import Rubric

RANK_DECIMALS = 9  # scores equal to 9 decimals share a rank (float noise is not a difference)


def score(tables, rubric: Rubric, *, peers: str = "all", focus: str | None = None,
          notes: IssueReport | None = None) -> ScoreResult:
    """Score every region (or only the focus region's peer group) of ``tables``."""
    if peers not in PEER_MODES:
        raise ValueError(peers)
    notes = notes if notes is not None else IssueReport()
    derived = derive(tables, rubric, notes)
    regions = tables.regions.copy()
    regions["peer_group"] = peer_keys(regions, peers)
    if focus is not None:
        if focus not in regions.index:
            raise InputError(Issue("focus-not-in-workbook", file=tables.file, params={"region": focus}))
        regions = regions[regions["peer_group"] == regions.at[focus, "peer_group"]]
    values = derived.values.loc[regions.index]
    lo, hi = rubric.scoring.range
    ind_scores = pd.DataFrame(np.nan, index=regions.index, columns=values.columns)
    methods: dict[str, str] = {}
    for group, members in regions.groupby("peer_group").groups.items():
        for ind in rubric.indicators:
            spec = rubric.normalisation_of(ind)
            x = values.loc[members, ind.id]
            if x.notna().sum() == 0:
                methods.setdefault(ind.id, "no-data")
                continue
            try:
                s = norm.normalise(x, spec.method, ind.direction, lo, hi, gmin=spec.min, gmax=spec.max,
                                   tgt=ind.target)
                methods[ind.id] = spec.method
            except norm.ConstantIndicator:
                methods[ind.id] = "constant"
                notes.add("indicator-constant", NOTE, file=tables.file,
                          params={"indicator": ind.name.id, "group": group})
                continue
            ind_scores.loc[members, ind.id] = s
    dim_scores = pd.DataFrame(index=regions.index)
    method = rubric.scoring.aggregation
    for dim in rubric.dimensions:
        ids = [i.id for i in dim.indicators]
        w = pd.Series({i.id: i.weight for i in dim.indicators})
        dim_scores[dim.id] = agg.weighted_mean(ind_scores[ids], w, method)
    dim_w = pd.Series({d.id: d.weight for d in rubric.dimensions})
    overall = agg.weighted_mean(dim_scores, dim_w, method)
    all_w = pd.Series({i.id: i.weight * _dim_share(rubric, i.dimension) for i in rubric.indicators})
    coverage = agg.coverage(values, all_w)

    ranks = pd.DataFrame(index=regions.index)
    grades = pd.DataFrame(index=regions.index)
    scale = rubric.scales.get(rubric.scoring.scale) if rubric.scoring.scale else None
    for name, s in [("overall", overall), *((d.id, dim_scores[d.id]) for d in rubric.dimensions)]:
        ranks[name] = s.round(RANK_DECIMALS).groupby(regions["peer_group"]).rank(ascending=False, method="min")
        grades[name] = s.map(lambda v: _band_code(scale, v)).astype(object)
    group_sizes = regions["peer_group"].value_counts()
    return ScoreResult(
        rubric=rubric, tables=tables, regions=regions, values=values, display=derived.display.loc[regions.index],
        indicator_scores=ind_scores, dimension_scores=dim_scores, overall=overall, ranks=ranks, grades=grades,
        coverage=coverage, peers=peers, focus=focus, group_sizes=group_sizes, methods=methods, notes=notes,
        opinion_year=derived.opinion_year, award_years=derived.award_years, year=tables.year,
    )


def _band_code(scale, v: float) -> str | None:
    """Grade of a score; float noise (100.00000000000001 from exp(log(100))) is rounded away."""
    if scale is None or v != v:
        return None
    band = scale.band_of(round(float(v), RANK_DECIMALS))
    return band.code if band else None


def _dim_share(rubric: Rubric, dim_id: str) -> float:
    dim = rubric.dimension(dim_id)
    total_dim = sum(d.weight for d in rubric.dimensions)
    total_ind = sum(i.weight for i in dim.indicators)
    return dim.weight / total_dim / total_ind
