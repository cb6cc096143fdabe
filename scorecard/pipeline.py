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
from typing import Any

import numpy as np
import pandas as pd

from scorecard import aggregate as agg
from scorecard import normalise as norm
from scorecard import treat as tr
from scorecard.derive import derive, filled_rows, refuse_unusable
from scorecard.issues import NOTE, WARNING, IssueReport, InputError, Issue
from scorecard.ranking import RANK_DECIMALS, group_codes, rank_within  # noqa: F401 (re-exported)
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
    # a shallow copy: the peer group column is added to it, never to the tables (copy-on-write);
    # a deep copy cost 76 MB at 84,000 villages
    regions = tables.regions.copy(deep=False)
    regions["peer_group"] = peer_keys(regions, peers, groups)
    if focus is not None:
        if focus not in regions.index:
            raise InputError(Issue("focus-not-in-workbook", file=tables.file, params={"region": focus}))
        regions = regions[regions["peer_group"] == regions.at[focus, "peer_group"]]
    same_rows = regions.index.equals(derived.values.index)
    values = derived.values if same_rows else derived.values.loc[regions.index]
    # Imputation and treatment work on one float array by position, indicators x regions (the
    # layout pandas keeps a frame's floats in); a copy is made only when a value changes, else
    # the treated values are the derived values themselves (no 27 MB copy at 84,000 villages)
    base = _rows_of(values)
    treated_arr: np.ndarray | None = None
    imputed_arr = np.zeros(base.shape, dtype=bool)
    winsorised = pd.DataFrame(False, index=values.index, columns=values.columns)
    col = {c: j for j, c in enumerate(values.columns)}
    records: list[dict] = []
    policy = rubric.outliers
    fills = rubric.missing.method in ("median", "mean")  # tr.impute fills nothing otherwise
    for group, rows in group_positions(regions["peer_group"]):  # the groups' order (sorted), as before
        members = _members(values.index, rows)
        for ind in rubric.indicators:
            method = ind.outliers or policy.method
            if not fills and method == "none":
                continue  # nothing to impute, nothing to treat: the values stay as they are
            j = col[ind.id]
            src = base if treated_arr is None else treated_arr
            x0 = pd.Series(src[j, rows], index=members, name=ind.id)
            x, filled = tr.impute(x0, rubric.missing.method) if fills else (x0, None)
            if filled is not None and x is not x0:
                imputed_arr[j, rows] = filled.to_numpy(dtype=bool)
            if method != "none":
                x, t = tr.treat(x, method, policy.max_points, policy.skew, policy.kurtosis, policy.log_if_needed)
                if t.changed:
                    winsorised.loc[list(t.changed), ind.id] = True
                records.append({"group": group, "indicator": ind.id, "applied": t.applied, "points": t.points,
                                "skew_before": t.skew_before, "kurtosis_before": t.kurtosis_before,
                                "skew_after": t.skew_after, "kurtosis_after": t.kurtosis_after})
            if x is not x0:  # imputed or treated (the functions return their input when they change nothing)
                if treated_arr is None:
                    treated_arr = base.copy()
                treated_arr[j, rows] = x.to_numpy(dtype=float)
    treatment = pd.DataFrame(records, columns=["group", "indicator", "applied", "points", "skew_before",
                                               "kurtosis_before", "skew_after", "kurtosis_after"])
    treated = values.copy(deep=False) if treated_arr is None else _frame(treated_arr, values)
    imputed = _frame(imputed_arr, values)
    display = derived.display if same_rows else derived.display.loc[regions.index]
    return Prepared(regions, values, treated, imputed, winsorised, treatment, display,
                    derived.opinion_year, derived.award_years)


def group_positions(labels: pd.Series) -> list[tuple[Any, np.ndarray]]:
    """``(label, positions)`` of each peer group, in ``groupby``'s sorted order, positions
    ascending (as ``groupby(labels).indices``); regions without a label are in no group. One
    factorisation and one stable sort, thousands of kecamatan groups included."""
    codes, labels_ = pd.factorize(labels, sort=True, use_na_sentinel=True)
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes[codes >= 0], minlength=len(labels_))
    start = int((codes < 0).sum())  # -1 (no group) sorts first
    out = []
    for k, label in enumerate(labels_):
        out.append((label, order[start:start + counts[k]]))
        start += int(counts[k])
    return out


def _members(index: pd.Index, rows: np.ndarray) -> pd.Index:
    """``index[rows]``; the index itself when the group is every region in order."""
    if len(rows) == len(index) and (len(rows) == 0 or (rows[0] == 0 and rows[-1] == len(rows) - 1)):
        return index  # positions ascending and distinct: 0..n-1
    return index[rows]


def _rows_of(frame: pd.DataFrame) -> np.ndarray:
    """A float frame's values as indicators x regions (``frame.to_numpy().T``; a view of the
    frame's own block when it has one)."""
    return frame.to_numpy(dtype=float).T


def _frame(arr_t: np.ndarray, like: pd.DataFrame) -> pd.DataFrame:
    """A frame over ``like``'s index and columns from indicators x regions values, kept as they
    are (no copy: the block is ``arr_t`` itself, as pandas lays out a frame built by copying)."""
    return pd.DataFrame(arr_t.T, index=like.index, columns=like.columns, copy=False)


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
    arr = _rows_of(values)  # indicators x regions: one column of a group is arr[j, rows] (no copy of the frame)
    out = np.full(arr.shape, np.nan)  # indicators x regions, C order: the block pandas would copy a regions x indicators array into
    col_pos = {c: k for k, c in enumerate(values.columns)}
    groups = group_positions(prep.regions["peer_group"].reindex(values.index))
    chosen = {ind.id: (method if (method and ind.normalisation is None) else rubric.normalisation_of(ind).method)
              for ind in rubric.indicators}
    # min-max (the default) for every group of an indicator at once; the loop below only reads
    # each group's outcome (thousands of kecamatan groups: a Series and a call per group and
    # indicator cost seconds). The same arithmetic, so the same values (_minmax_groups).
    fast = {ind.id: _minmax_groups(arr[col_pos[ind.id]], groups, ind.direction, lo, hi, out[col_pos[ind.id]],
                                   rubric.missing.method == "worst")
            for ind in rubric.indicators if chosen[ind.id] == "minmax" and FAST_MINMAX}
    # The plain loop, group by group and indicator by indicator, for the other methods; the notes
    # (a constant indicator in a group) said in that order for all indicators; each indicator's
    # method is the outcome of the last group that has data for it ("no-data" when none has)
    status: dict[str, str] = {}
    events: list[tuple[int, int, Any, Any]] = []  # (group, indicator position, note, group label)
    plain = [(p, ind) for p, ind in enumerate(rubric.indicators) if ind.id not in fast]
    for k, (group, rows) in enumerate(groups if plain else ()):
        members = _members(values.index, rows)
        for p, ind in plain:
            j = col_pos[ind.id]
            if np.isnan(arr[j, rows]).all():
                continue
            spec = rubric.normalisation_of(ind)
            x = pd.Series(arr[j, rows], index=members, name=ind.id)
            try:
                s = norm.normalise(x, chosen[ind.id], ind.direction, lo, hi, gmin=spec.min, gmax=spec.max,
                                   tgt=ind.target, params=dict(spec.params), where=spec.where)
            except norm.ConstantIndicator as why:
                status[ind.id] = why.status
                events.append((k, p, why.note, group))
                continue
            status[ind.id] = chosen[ind.id]
            if rubric.missing.method == "worst":
                s = s.fillna(lo)
            out[j, rows] = s.to_numpy(dtype=float)
    for p, ind in enumerate(rubric.indicators):
        if ind.id not in fast:
            continue
        outcome = fast[ind.id]
        with_data = np.flatnonzero(outcome != _NO_DATA)
        if len(with_data):
            status[ind.id] = chosen[ind.id] if outcome[with_data[-1]] == _OK else norm.ConstantIndicator.status
        events.extend((int(k), p, norm.ConstantIndicator.note, groups[k][0]) for k in np.flatnonzero(outcome == _CONSTANT))
    methods: dict[str, str] = {ind.id: status.get(ind.id, "no-data") for ind in rubric.indicators} if groups else {}
    if notes is not None and events:
        from scorecard.issues import Phrase  # the group "all" is named, not shown as "all"

        by_id = rubric.indicators
        for k, p, note, group in sorted(events, key=lambda e: (e[0], e[1])):
            label = Phrase("peers.all") if group == "all" else group
            notes.add(note, NOTE, file=file, params={"indicator": by_id[p].name, "group": label})
    # the frame built and masked as it always was: the layout pandas gives it decides the order
    # in which later row sums add (aggregation, coverage), hence their last bits
    ind_scores = pd.DataFrame(out.T, index=values.index, columns=values.columns, copy=False)  # (that block, not copied)
    empty = _no_score_without_input(arr_values(prep.values, values), rubric, list(values.columns))
    if empty.any():
        ind_scores = ind_scores.mask(empty)
    return ind_scores, methods


FAST_MINMAX = True  # tests switch it off to compare with the plain path (norm.minmax per group)
_OK, _NO_DATA, _CONSTANT = 0, 1, 2


def _minmax_groups(values: np.ndarray, groups: list[tuple[Any, np.ndarray]], direction: int, lo: float,
                   hi: float, out: np.ndarray, worst: bool) -> np.ndarray:
    """:func:`scorecard.normalise.minmax` of one indicator in every peer group at once: writes the
    scores of the groups it can score into ``out`` (one row of the indicators x regions array;
    blanks get ``lo`` when ``worst``) and returns each group's outcome (_OK, _NO_DATA: no value,
    _CONSTANT: nothing to measure). The same operations on the same numbers as the function (the
    group's minimum and maximum are exact, then ``lo + (v - min) / (max - min) * (hi - lo)``), so
    the same values bit for bit."""
    outcome = np.full(len(groups), _NO_DATA, dtype=np.int8)
    if not groups:
        return outcome
    order = np.concatenate([rows for _, rows in groups])
    counts = np.array([len(rows) for _, rows in groups])
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    v = values[order]
    if direction < 0:
        v = -v
    nan = np.isnan(v)
    have = np.add.reduceat(~nan, starts) > 0
    with np.errstate(invalid="ignore"):
        vmin = np.fmin.reduceat(v, starts)  # NaN left out, as the function's v[~isnan(v)].min()
        vmax = np.fmax.reduceat(v, starts)
        scored = have & np.isfinite(vmin) & (vmax != vmin)
    outcome[have] = _CONSTANT
    outcome[scored] = _OK
    if not scored.any():
        return outcome
    take = np.repeat(scored, counts)
    lo_g, hi_g = np.repeat(vmin, counts)[take], np.repeat(vmax, counts)[take]
    unit = (v[take] - lo_g) / (hi_g - lo_g)
    s = lo + unit * (hi - lo)
    if worst:
        s = np.where(np.isnan(s), lo, s)
    out[order[take]] = s
    return outcome


def arr_values(frame: pd.DataFrame, like: pd.DataFrame) -> np.ndarray:
    """``frame``'s values as indicators x regions, on ``like``'s rows and columns."""
    if not (frame.index.equals(like.index) and frame.columns.equals(like.columns)):
        frame = frame.reindex(index=like.index, columns=like.columns)
    return _rows_of(frame)


def _no_score_without_input(values: np.ndarray, rubric: Rubric, columns: list) -> np.ndarray:
    """Where a group of indicators (a leaf of the rubric tree) has no *filled* input for a region:
    no score there (issue 13: "a dimension with no filled input has no score"): neither
    ``missing.method: worst`` (bottom of the scale for a blank) nor median/mean imputation nor an
    award count of 0 read from the absence of rows can, on its own, make a dimension score.
    ``values``: indicators x regions; the mask returned is regions x indicators."""
    filled = filled_rows(values, rubric, columns)
    col = {c: j for j, c in enumerate(columns)}
    empty = np.zeros(values.shape[::-1], dtype=bool)
    for node in rubric.nodes():
        if not node.leaf:
            continue
        js = [col[c] for c in node.children]
        none = ~filled[js].any(axis=0)
        if none.any():
            empty[np.ix_(none, np.asarray(js))] = True
    return empty


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
    coverage = agg.coverage(prep.values, weights, scored=ind_scores)
    need = rubric.missing.min_coverage - 1e-12
    has_data = data_coverage >= need
    codes = group_codes(regions["peer_group"], regions.index)  # one factorisation for every rank and count
    per_group = np.bincount(codes[codes >= 0], weights=has_data.to_numpy()[codes >= 0], minlength=int(codes.max(initial=-1)) + 1)
    data_in_group = pd.Series(np.where(codes >= 0, per_group[np.maximum(codes, 0)], 0), index=regions.index)
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
        ranks[name] = rank_within(s, regions["peer_group"], eligible, codes=codes if s.index.equals(regions.index) else None)
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
