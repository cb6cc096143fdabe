"""The scoring fast paths give exactly what the plain paths give (issue 17, scoring).

* Trends: the year shown is scored once; the change since the previous year reuses that run
  (``trends.score_again``) only when scoring it again could not give anything else.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from test_methodology_fixtures import REF_VALUES, REGIONS, load, ref_rubric, write_csv


def _years(tmp_path, *, order=None):
    rows = []
    for year in (2022, 2023):
        for (code, name), vals in zip(REGIONS, REF_VALUES):
            vals = list(vals)
            if year == 2022:
                vals[0] = vals[0] + 7 if code != "35.72" else 10
            rows.append((code, name, year, *vals))
    if order is not None:
        rows = order(rows)
    return write_csv(tmp_path, ["tahun", "a", "b", "c", "d"], rows)


def _counting(monkeypatch):
    from scorecard import pipeline

    calls = []
    plain = pipeline.score

    def counted(*args, **kwargs):
        calls.append(args[0].year)
        return plain(*args, **kwargs)

    monkeypatch.setattr(pipeline, "score", counted)
    return calls


def _both(tables, rub, peers, monkeypatch):
    from scorecard import trends
    from scorecard.pipeline import score

    known = score(tables, rub, peers=peers)
    calls = _counting(monkeypatch)
    fast = trends.change_trends(tables, rub, peers, known.year, known=known)
    fast_calls = list(calls)
    plain = trends.change_trends(tables, rub, peers, known.year)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    return known, fast_calls


def test_trends_reuse_the_year_shown(tmp_path, monkeypatch):
    from scorecard import trends

    rub, tables = load(_years(tmp_path), ref_rubric(tmp_path))
    for peers in ("all", "type"):
        known, calls = _both(tables, rub, peers, monkeypatch)
        assert trends.score_again(known, tables, rub, 2023, peers) is None
        assert calls == [2022]  # only the previous year is scored again


def test_trends_rows_in_another_order_are_scored_again(tmp_path, monkeypatch):
    from scorecard import trends

    # the sheet lists 2023 first and the regions backwards: the history is sorted by code, so the
    # rebuilt year is not the same frame (float sums in another order) and is scored again
    rub, tables = load(_years(tmp_path, order=lambda rows: rows[::-1]), ref_rubric(tmp_path))
    known, calls = _both(tables, rub, "all", monkeypatch)
    assert trends.score_again(known, tables, rub, 2023, "all") is not None
    assert calls == [2022, 2023]


def test_no_reuse_for_a_focus_group_or_other_inputs(tmp_path):
    from scorecard import trends
    from scorecard.pipeline import score

    rub, tables = load(_years(tmp_path), ref_rubric(tmp_path))
    # a focus group smaller than the workbook: not the run the trends need (they score everyone)
    groups = pd.Series({"35.72": "dekat", "35.71": "dekat"})
    small = score(tables, rub, focus="35.72", peers="similar", groups=groups)
    assert len(small.regions) == 2 and trends.score_again(small, tables, rub, 2023, "similar") is not None
    # a focus group of every region is the same run
    focus = score(tables, rub, focus="35.72")
    assert trends.score_again(focus, tables, rub, 2023, "all") is None
    pd.testing.assert_frame_equal(trends.change_trends(tables, rub, "all", 2023, known=focus),
                                  trends.change_trends(tables, rub, "all", 2023), check_exact=True)
    known = score(tables, rub)
    assert trends.score_again(known, tables, rub, 2023, "type") is not None  # another peer mode
    assert trends.score_again(known, tables, rub, 2022, "all") is not None  # another year
    changed = tables.regions.copy()
    changed.loc["35.71", "a"] = 11.0
    other = dataclasses.replace(tables, regions=changed)
    assert trends.score_again(score(other, rub), other, rub, 2023, "all") is not None
    # an opinion sheet reaching beyond the year shown: the run used the later year for streaks,
    # the rebuilt year would use 2023
    ops = pd.DataFrame({"code": ["35.71", "35.71"], "year": [2023, 2024], "opinion": ["WTP", "WTP"]})
    with_ops = dataclasses.replace(tables, opinions=ops)
    assert trends.score_again(score(with_ops, rub), with_ops, rub, 2023, "all") is not None
    ops = ops[ops["year"] <= 2023]
    with_ops = dataclasses.replace(tables, opinions=ops)
    assert trends.score_again(score(with_ops, rub), with_ops, rub, 2023, "all") is None


# -- the pipeline on arrays --------------------------------------------------------------------
# * peer groups found once by one factorisation and one stable sort (``pipeline.group_positions``)
#   instead of a pandas groupby per stage: the same groups, in the same order, same positions;
# * ranks of every score series with the groups factorised once (``ranking.group_codes``);
# * derived values filled into one array instead of a frame of Series consolidated and copied;
# * treated values are the derived values themselves until a value is imputed or treated;
# * the plausibility check looks at blocks of rows before it builds the whole mask.

import numpy as np
import pytest


@pytest.mark.parametrize("labels", [
    ["all"] * 7,
    ["kota", "kabupaten", "kota", "kabupaten", "kabupaten", "kota", "kota"],
    ["b", None, "a", "c", None, "a", "b"],
    [f"kec {k % 13}" for k in range(200)],
    ["Jawa Timur", "Bali", "Aceh", "Bali", np.nan, "Aceh", "Papua"],
])
def test_group_positions_are_groupby_indices(labels):
    from scorecard.pipeline import group_positions

    s = pd.Series(labels, index=[f"r{k}" for k in range(len(labels))], dtype=object)
    plain = s.groupby(s)
    got = group_positions(s)
    assert [g for g, _ in got] == list(plain.groups)  # sorted, labels without a group left out
    for group, rows in got:
        assert rows.tolist() == plain.indices[group].tolist()
        assert s.index[rows].tolist() == list(plain.groups[group])


def test_ranks_with_groups_factorised_once():
    from scorecard.ranking import group_codes, rank_within

    rng = np.random.default_rng(7)
    idx = pd.Index([f"r{k}" for k in range(300)])
    groups = pd.Series(rng.choice(["a", "b", "c", None], size=300), index=idx, dtype=object)
    eligible = pd.Series(rng.random(300) > 0.1, index=idx)
    codes = group_codes(groups, idx)
    for _ in range(5):
        scores = pd.Series(np.round(rng.random(300) * 4, 0) * 25, index=idx)  # many ties
        scores[rng.random(300) < 0.1] = np.nan
        fast = rank_within(scores, groups, eligible, codes=codes)
        pd.testing.assert_series_equal(fast, rank_within(scores, groups, eligible), check_exact=True)


def _sample():
    from scorecard import resources
    from scorecard.commands.common import load_inputs

    rub, tables, _ = load_inputs(str(resources.sample_workbook()), None)
    return rub, tables


def test_derived_values_equal_a_frame_of_the_derivations():
    from scorecard import derive as d
    from scorecard.issues import IssueReport
    from scorecard.kinds import kind_of

    rub, tables = _sample()
    fast = d.derive(tables, rub).values
    run = d._Run(tables, rub, IssueReport(), d._opinion_year(tables, rub), d._award_years(tables, rub))
    plain = pd.DataFrame({i.id: d._DERIVE[kind_of(i).family](run, i) for i in rub.indicators},
                         index=tables.regions.index)[[i.id for i in rub.indicators]]
    assert {kind_of(i).family for i in rub.indicators} == {"column", "ratio", "streak", "awards"}
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert np.array_equal(fast.to_numpy().view(np.int64), plain.to_numpy().view(np.int64))  # every bit


@pytest.mark.parametrize("extra, changed", [("", False), ("missing: {method: median, min_coverage: 0.5}", True),
                                             ("outliers: {method: winsorise, max_points: 3}", False)])
def test_treated_values_without_a_copy_until_one_changes(tmp_path, extra, changed):
    from test_methodology_fixtures import ref_csv, run

    rows = [list(r) for r in REF_VALUES]
    rows[0][1] = None
    res = run(ref_csv(tmp_path, [tuple(r) for r in rows]), ref_rubric(tmp_path, extra=extra))
    plain = res.values.mask(res.imputed, res.treated_values)  # the values with only the imputed cells replaced
    pd.testing.assert_frame_equal(res.treated_values, plain, check_exact=True)
    assert bool(res.imputed.to_numpy().any()) == changed
    assert np.shares_memory(res.treated_values.to_numpy(), res.values.to_numpy()) == (not changed)
    assert np.isnan(res.treated_values.at["35.71", "ib"]) != changed  # the blank filled only by imputation


def test_plausibility_check_finds_a_value_in_any_block():
    from scorecard import derive as d
    from scorecard.issues import InputError

    rub, tables = _sample()
    ind = rub.indicators[0]
    n = 3 * d._BLOCK + 5
    idx = pd.Index([f"x{k}" for k in range(n)])
    regions = pd.DataFrame({"name": [f"Region {k}" for k in range(n)]}, index=idx)
    small = dataclasses.replace(tables, regions=regions, cells={})
    for row in (0, d._BLOCK - 1, d._BLOCK, n - 1):
        frame = pd.DataFrame({ind.id: np.ones(n)}, index=idx)
        frame.iloc[row, 0] = 1e200
        with pytest.raises(InputError) as err:
            d.refuse_unusable(small, rub, frame)
        assert [i.params["region"] for i in err.value.report.errors] == [f"Region {row}"]
    d.refuse_unusable(small, rub, pd.DataFrame({ind.id: np.ones(n)}, index=idx))  # nothing to refuse


def test_reuse_check_is_strict_about_blanks_and_signed_zeros():
    from scorecard.trends import _same_frame

    idx = pd.Index(["35.71", "35.72"])
    base = pd.DataFrame({"x": [0.0, 1.0], "t": pd.Series(["a", None], dtype=object)}, index=idx)
    assert _same_frame(base, base.copy()[["t", "x"]])  # column order does not matter
    assert not _same_frame(base, base.assign(x=[-0.0, 1.0]))  # equal as numbers, not the same input
    assert not _same_frame(base, base.assign(t=pd.Series(["a", np.nan], index=idx, dtype=object)))
    assert not _same_frame(base, base.assign(t=pd.Series(["a", 1], index=idx, dtype=object)))
    assert not _same_frame(base, base.iloc[::-1])  # rows in another order
    assert not _same_frame(base, base.assign(x=[0, 1]))  # another dtype


@pytest.mark.parametrize("n_groups", [1, 3])
def test_ranks_are_pandas_min_ranks_within_groups(n_groups):
    from scorecard.ranking import rank_within

    rng = np.random.default_rng(11)
    idx = pd.Index([f"r{k}" for k in range(500)])
    groups = pd.Series(rng.choice(["a", "b", "c"][:n_groups], size=500), index=idx)
    for _ in range(5):
        scores = pd.Series(np.round(rng.random(500) * 6, 0) * 10 + rng.choice([0.0, 1e-12], 500), index=idx)
        scores[rng.random(500) < 0.1] = np.nan
        plain = scores.round(9).groupby(groups).rank(ascending=False, method="min")
        pd.testing.assert_series_equal(rank_within(scores, groups), plain, check_names=False, check_exact=True)


# -- min-max in every peer group at once (pipeline._minmax_groups) against norm.minmax per group --

def _prep_for(values: np.ndarray, labels, rub):
    from scorecard.pipeline import Prepared

    ids = [i.id for i in rub.indicators]
    idx = pd.Index([f"r{k}" for k in range(values.shape[0])])
    frame = pd.DataFrame(values, index=idx, columns=ids)
    regions = pd.DataFrame({"peer_group": pd.Series(labels, index=idx, dtype=object)})
    return Prepared(regions, frame, frame, None, None, None, None, None, None)


@pytest.mark.parametrize("worst", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_minmax_in_all_groups_at_once_equals_per_group(tmp_path, monkeypatch, seed, worst):
    from scorecard import pipeline
    from scorecard.issues import IssueReport

    extra = "missing: {method: worst, min_coverage: 0}" if worst else ""
    rub, _ = load(_years(tmp_path), ref_rubric(tmp_path, extra=extra))
    assert {rub.normalisation_of(i).method for i in rub.indicators} == {"minmax"}
    assert {i.direction for i in rub.indicators} == {1, -1}
    rng = np.random.default_rng(seed)
    n = 400
    values = rng.normal(0, 50, size=(n, len(rub.indicators)))
    values[rng.random(values.shape) < 0.15] = np.nan
    values[rng.random(values.shape) < 0.05] = 0.0
    values[rng.random(values.shape) < 0.05] = -0.0
    labels = rng.choice([f"g{k:02d}" for k in range(40)] + [None], size=n).astype(object)
    values[labels == "g03"] = np.nan  # a group with no data at all
    values[labels == "g04"] = 7.5  # a constant group
    values[(labels == "g05")[:, None] & (np.arange(values.shape[1]) == 0)] = np.inf  # refused earlier; here: constant
    values[labels == "g06", 1] = np.nan  # no data for one indicator only
    prep = _prep_for(values, labels, rub)
    runs = []
    for fast in (True, False):
        monkeypatch.setattr(pipeline, "FAST_MINMAX", fast)
        notes = IssueReport()
        scores, methods = pipeline.normalise_all(prep, rub, notes=notes, file="x.xlsx")
        runs.append((scores, methods, [(i.code, dict(i.params)) for i in notes]))
    (fs, fm, fn), (ps, pm, pn) = runs
    pd.testing.assert_frame_equal(fs, ps, check_exact=True)
    assert np.array_equal(fs.to_numpy().view(np.int64), ps.to_numpy().view(np.int64))
    assert list(fm.items()) == list(pm.items()) and fn == pn and len(fn) > 0
    # the uncertainty analysis' own method and range go through the same path
    for fast in (True, False):
        monkeypatch.setattr(pipeline, "FAST_MINMAX", fast)
        runs.append(pipeline.normalise_all(prep, rub, method="minmax", scale_range=(1.0, 100.0)))
    pd.testing.assert_frame_equal(runs[-1][0], runs[-2][0], check_exact=True)


@pytest.mark.parametrize("mode", ["kabupaten", "kecamatan"])
def test_village_peer_labels_equal_the_per_group_rule(mode):
    from scorecard.peers import peer_keys

    rng = np.random.default_rng(5)
    codes = sorted({f"35.{rng.integers(1, 4):02d}.{rng.integers(1, 5):02d}.{k:04d}" for k in range(300)})
    names = pd.Series(rng.choice(["Sukajadi", "Sukamaju", "Kota Baru", "Mekar"], size=len(codes)), index=codes)
    regions = pd.DataFrame({mode: names})
    width = 5 if mode == "kabupaten" else 8
    plain_codes = pd.Series([c[:width] for c in codes], index=codes)
    shared = names.groupby(names).transform(lambda s: plain_codes[s.index].nunique() > 1)  # the rule as written before
    plain = names.where(~shared.astype(bool), names + " (" + plain_codes + ")")
    got = peer_keys(regions, mode)
    pd.testing.assert_series_equal(got, plain, check_names=False)
    assert got.str.contains(r"\(").any()  # some names are shared by two codes


def _coverage_before(frame, weights):
    """aggregate.coverage as it was: the whole frame's weighted sums at once."""
    w = weights.reindex(frame.columns).astype(float).to_numpy()
    have = frame.notna().to_numpy()
    share = np.clip((have * w).sum(axis=1) / w.sum(), 0.0, 1.0)
    share[have.all(axis=1)] = 1.0
    return pd.Series(share, index=frame.index)


def test_coverage_by_hand():
    from scorecard.aggregate import coverage

    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [np.nan, np.nan, 2.0], "c": [5.0, 6.0, 7.0]},
                         index=["r1", "r2", "r3"])
    weights = pd.Series({"c": 1.0, "a": 2.0, "b": 1.0})
    assert coverage(frame, weights).tolist() == [0.75, 0.25, 1.0]  # r1: (2 + 1) / 4; r2: 1 / 4
    scored = pd.DataFrame({"a": [0.0, 1.0, np.nan], "c": [np.nan, 1.0, 1.0]}, index=["r1", "r2", "r3"])
    # a cell counts only where scored has it too: b is absent from scored (never counts)
    assert coverage(frame, weights, scored=scored).tolist() == [0.5, 0.25, 0.25]


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("rows", [1, 4095, 4096, 4097, 10_000])
def test_coverage_in_row_blocks_equals_the_whole_frame(order, rows):
    """Bit for bit (the share is written to the score JSON and CSV with every digit), also with
    ``scored`` in another row and column order or missing some of them."""
    from scorecard.aggregate import coverage

    rng = np.random.default_rng(rows)
    data = rng.random((rows, 13))
    data[rng.random(data.shape) < 0.3] = np.nan
    cols = [f"i{j}" for j in range(13)]
    frame = pd.DataFrame(np.asarray(data, order=order), columns=cols, index=[f"r{i}" for i in range(rows)])
    weights = pd.Series(rng.random(13) * 3, index=cols[::-1])
    before = _coverage_before(frame, weights)
    after = coverage(frame, weights)
    assert np.array_equal(before.to_numpy(), after.to_numpy()) and before.index.equals(after.index)
    scores = frame.where(rng.random(frame.shape) < 0.8)
    shuffled = scores.sample(frac=1.0, random_state=1)[cols[::-1]].drop(columns=["i3"])
    for scored in (scores, shuffled, shuffled.iloc[: rows // 2]):
        want = _coverage_before(frame.where(scored.notna()), weights)
        got = coverage(frame, weights, scored=scored)
        assert np.array_equal(want.to_numpy(), got.to_numpy())
