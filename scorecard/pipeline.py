"""The scoring pipeline: derive -> impute -> treat outliers -> normalise -> aggregate -> grade -> rank.

Pure: validated :class:`~scorecard.validate.Tables` and a :class:`~scorecard.rubric.Rubric` in,
a :class:`~scorecard.results.ScoreResult` out. Imputation, outlier treatment, normalisation and
ranking happen within each peer group. Aggregation follows the rubric's tree (indicators ->
sub-dimensions, if any -> dimensions -> index), each node a weighted mean of its children with
missing children left out and the remaining weights re-scaled. The methods are described for
planners in ``docs/methodology.md``.

The steps are also exposed one by one (:func:`prepare`, :func:`normalise_all`,
:func:`aggregate_tree`) so that :mod:`scorecard.uncertainty` can re-run parts of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scorecard import aggregate as agg
from scorecard import normalise as norm
from scorecard import treat as tr
from scorecard.derive import derive, filled_inputs, refuse_unusable
from scorecard.issues import NOTE, WARNING, IssueReport, InputError, Issue
from scorecard.ranking import RANK_DECIMALS, rank_within  # noqa: F401 (re-exported)
from scorecard.peers import PEER_MODES, SIMILAR, peer_keys
from scorecard.results import ScoreResult
from scorecard.rubric import Rubric

STATUS_OK = "ok"
STATUS_INSUFFICIENT = "insufficient-data"
STATUS_NOT_COMPARABLE = "not-comparable"  # enough data, but no relative score (group of one, constant indicators)


@dataclass(frozen=True)
class Prepared:
    """Inputs to normalisation: raw and treated values of the regions being scored."""

    regions: pd.DataFrame  # with "peer_group"
    values: pd.DataFrame  # derived values as read (what the planner sees)
    treated: pd.DataFrame  # after imputation and outlier treatment (what gets normalised)
    imputed: pd.DataFrame  # bool: value filled by imputation
    winsorised: pd.DataFrame  # bool: value changed by winsorisation
    treatment: pd.DataFrame  # one row per (group, indicator) considered for outlier treatment
    display: pd.DataFrame
    opinion_year: int | None
    award_years: tuple[int, int] | None


def prepare(tables, rubric: Rubric, *, peers: str = "all", focus: str | None = None,
            notes: IssueReport | None = None, groups: pd.Series | None = None) -> Prepared:
    """Derive indicator values, then impute and treat outliers per peer group. ``groups``: the
    labels of a ``similar`` peer group (scorecard.peers.similar_groups)."""
    if peers not in PEER_MODES and peers != SIMILAR:
        raise ValueError(peers)
    notes = notes if notes is not None else IssueReport()
    derived = derive(tables, rubric, notes)
    regions = tables.regions.copy()
    regions["peer_group"] = peer_keys(regions, peers, groups)
    if focus is not None:
        if focus not in regions.index:
            raise InputError(Issue("focus-not-in-workbook", file=tables.file, params={"region": focus}))
        regions = regions[regions["peer_group"] == regions.at[focus, "peer_group"]]
    values = derived.values.loc[regions.index]
    # Imputation and treatment work on one float array by position (a .loc per group and
    # indicator compared the whole index each time: most of the engine's time at village scale)
    treated_arr = values.to_numpy(dtype=float, copy=True)
    imputed_arr = np.zeros(values.shape, dtype=bool)
    winsorised = pd.DataFrame(False, index=values.index, columns=values.columns)
    col = {c: j for j, c in enumerate(values.columns)}
    records: list[dict] = []
    policy = rubric.outliers
    by_group = regions.groupby("peer_group")
    positions = by_group.indices
    for group in by_group.groups:  # the groups' order (sorted), as before
        rows = positions[group]
        members = values.index[rows]
        for ind in rubric.indicators:
            j = col[ind.id]
            x = pd.Series(treated_arr[rows, j], index=members, name=ind.id)
            x, filled = tr.impute(x, rubric.missing.method)
            imputed_arr[rows, j] = filled.to_numpy(dtype=bool)
            method = ind.outliers or policy.method
            if method == "none":
                treated_arr[rows, j] = x.to_numpy(dtype=float)
                continue
            x, t = tr.treat(x, method, policy.max_points, policy.skew, policy.kurtosis, policy.log_if_needed)
            treated_arr[rows, j] = x.to_numpy(dtype=float)
            if t.changed:
                winsorised.loc[list(t.changed), ind.id] = True
            records.append({"group": group, "indicator": ind.id, "applied": t.applied, "points": t.points,
                            "skew_before": t.skew_before, "kurtosis_before": t.kurtosis_before,
                            "skew_after": t.skew_after, "kurtosis_after": t.kurtosis_after})
    treatment = pd.DataFrame(records, columns=["group", "indicator", "applied", "points", "skew_before",
                                               "kurtosis_before", "skew_after", "kurtosis_after"])
    treated = pd.DataFrame(treated_arr, index=values.index, columns=values.columns)
    imputed = pd.DataFrame(imputed_arr, index=values.index, columns=values.columns)
    return Prepared(regions, values, treated, imputed, winsorised, treatment, derived.display.loc[regions.index],
                    derived.opinion_year, derived.award_years)


def normalise_all(prep: Prepared, rubric: Rubric, *, method: str | None = None,
                  scale_range: tuple[float, float] | None = None, notes: IssueReport | None = None,
                  file: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Normalised indicator scores (regions x indicators) within each peer group.

    ``method`` replaces the rubric's default normalisation for the indicators that do not name
    their own (used by the uncertainty analysis). Missing values scored "worst" get the bottom of
    the range here.
    """
    lo, hi = scale_range or rubric.scoring.range
    values = prep.treated
    out = np.full(values.shape, np.nan)
    col_pos = {c: k for k, c in enumerate(values.columns)}
    methods: dict[str, str] = {}
    for group, members in prep.regions.groupby("peer_group").groups.items():
        rows = values.index.get_indexer(members)
        block = values.iloc[rows]
        for ind in rubric.indicators:
            spec = rubric.normalisation_of(ind)
            m = method if (method and ind.normalisation is None) else spec.method
            x = block[ind.id]
            if x.notna().sum() == 0:
                methods.setdefault(ind.id, "no-data")
                continue
            try:
                s = norm.normalise(x, m, ind.direction, lo, hi, gmin=spec.min, gmax=spec.max, tgt=ind.target,
                                   params=dict(spec.params), where=spec.where)
                methods[ind.id] = m
            except norm.ConstantIndicator as why:
                methods[ind.id] = why.status
                if notes is not None:
                    from scorecard.issues import Phrase  # the group "all" is named, not shown as "all"

                    label = Phrase("peers.all") if group == "all" else group
                    notes.add(why.note, NOTE, file=file, params={"indicator": ind.name, "group": label})
                continue
            if rubric.missing.method == "worst":
                s = s.fillna(lo)
            out[rows, col_pos[ind.id]] = s.to_numpy(dtype=float)
    ind_scores = pd.DataFrame(out, index=values.index, columns=values.columns)
    return _no_score_without_input(ind_scores, prep.values, rubric), methods


def _no_score_without_input(ind_scores: pd.DataFrame, values: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """A group of indicators (a leaf of the rubric tree) with no *filled* input for a region gets
    no score there (issue 13: "a dimension with no filled input has no score"): neither
    ``missing.method: worst`` (bottom of the scale for a blank) nor median/mean imputation nor an
    award count of 0 read from the absence of rows can, on its own, make a dimension score."""
    filled = filled_inputs(values, rubric).to_numpy()
    col = {c: j for j, c in enumerate(values.columns)}
    empty = np.zeros(ind_scores.shape, dtype=bool)
    for node in rubric.nodes():
        if not node.leaf:
            continue
        js = [col[c] for c in node.children]
        none = ~filled[:, js].any(axis=1)
        if none.any():
            empty[np.ix_(none, js)] = True
    if not empty.any():
        return ind_scores
    return ind_scores.mask(empty)


def aggregate_tree(ind_scores: pd.DataFrame, rubric: Rubric, method: str | None = None) -> pd.DataFrame:
    """Scores of every node of the rubric tree (sub-dimensions, dimensions, ``overall``)."""
    method = method or rubric.scoring.aggregation
    out: dict[str, pd.Series] = {}
    for node in rubric.nodes():
        frame = ind_scores[list(node.children)] if node.leaf else pd.DataFrame({c: out[c] for c in node.children})
        out[node.id] = agg.weighted_mean(frame, pd.Series(node.child_weights, index=node.children), method)
    return pd.DataFrame(out, index=ind_scores.index)


def withhold_unrated(eligible: pd.Series, ind_scores: pd.DataFrame, dim_scores: pd.DataFrame,
                     overall: pd.Series, nodes: pd.DataFrame
                     ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.DataFrame]:
    """Missing data is never a score: a region below ``missing.min_coverage`` ("not yet rated")
    gets no indicator, sub-dimension, dimension or overall score, hence no grade, rank, weak area,
    host role or trip in any output. Its real figures still count as peer data when the others are
    normalised (they are facts about the peer group), and stay in ``values``."""
    if bool(eligible.all()):
        return ind_scores, dim_scores, overall, nodes
    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.where(np.repeat(eligible.to_numpy()[:, None], frame.shape[1], axis=1))

    return keep(ind_scores), keep(dim_scores), overall.where(eligible), keep(nodes)


def score(tables, rubric: Rubric, *, peers: str = "all", focus: str | None = None,
          notes: IssueReport | None = None, groups: pd.Series | None = None) -> ScoreResult:
    """Score every region (or only the focus region's peer group) of ``tables``."""
    notes = notes if notes is not None else IssueReport()
    prep = prepare(tables, rubric, peers=peers, focus=focus, notes=notes, groups=groups)
    regions = prep.regions
    ind_scores, methods = normalise_all(prep, rubric, notes=notes, file=tables.file)
    refuse_unusable(tables, rubric, ind_scores, stage="normalised")  # issue 18 class 2: never a rank from inf
    nodes = aggregate_tree(ind_scores, rubric)
    dim_scores = nodes[[d.id for d in rubric.dimensions]]
    overall = nodes["overall"]
    sub_ids = [s.id for s in rubric.subdimensions()]
    weights = pd.Series(rubric.effective_weights())
    data_coverage = agg.coverage(prep.values, weights)
    # issue 13 (QA): coverage counts only the indicators that actually enter the score: an
    # indicator dropped in the group as constant (or undefined) is not "rated" data for anyone.
    coverage = agg.coverage(prep.values.where(ind_scores.notna()), weights)
    need = rubric.missing.min_coverage - 1e-12
    has_data = data_coverage >= need
    data_in_group = has_data.groupby(regions["peer_group"]).transform("sum")
    eligible = has_data & (coverage >= need) & (data_in_group >= 2)
    status = pd.Series(np.where(eligible, STATUS_OK, np.where(has_data, STATUS_NOT_COMPARABLE, STATUS_INSUFFICIENT)),
                       index=regions.index)
    ind_scores, dim_scores, overall, nodes = withhold_unrated(eligible, ind_scores, dim_scores, overall, nodes)

    from scorecard.judgement import official_words_on_relative_scores, unknown_references

    if official_words_on_relative_scores(rubric):  # issue 13 point 2: relative scores, official words
        notes.add("scoring-scale-not-relative", WARNING, file=rubric.source, key="scoring.scale",
                  params={"scale": rubric.scoring.scale, "method": rubric.scoring.normalisation})
    for key, ref in unknown_references(rubric):  # judgement: ids that name nothing are said, not ignored
        notes.add("judgement-unknown-id", WARNING, file=rubric.source, key=key, params={"id": ref})
    ranks = pd.DataFrame(index=regions.index)
    grades = pd.DataFrame(index=regions.index)
    scale = rubric.scales.get(rubric.scoring.scale) if rubric.scoring.scale else None
    for name, s in [("overall", overall), *((d.id, dim_scores[d.id]) for d in rubric.dimensions)]:
        ranks[name] = rank_within(s, regions["peer_group"], eligible)
        # dtype=object keeps None: pandas 3 turns None into NaN in a str column, and NaN breaks JSON
        grades[name] = pd.Series(scale.band_codes(s.to_numpy(dtype=float)) if scale else [None] * len(s),
                                 index=s.index, dtype=object)
    group_sizes = regions["peer_group"].value_counts()
    imputed = prep.imputed
    if rubric.missing.method == "worst":  # blanks that received the bottom score
        imputed = prep.values.isna() & ind_scores.notna()
    return ScoreResult(
        rubric=rubric, tables=tables, regions=regions, values=prep.values, display=prep.display,
        indicator_scores=ind_scores, dimension_scores=dim_scores, overall=overall, ranks=ranks, grades=grades,
        coverage=coverage, peers=peers, focus=focus, group_sizes=group_sizes, methods=methods,
        status=status, imputed=imputed, winsorised=prep.winsorised, treatment=prep.treatment,
        treated_values=prep.treated, subdimension_scores=nodes[sub_ids], notes=notes,
        opinion_year=prep.opinion_year, award_years=prep.award_years, year=tables.year,
    )
