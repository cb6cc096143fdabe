"""The shortcuts that make `recommend` for every region fast give the very numbers of the plain
computations they replace (issue 17): each is pinned here against the plain version on the sample,
for every focus, in three peer modes. (The outputs themselves were compared byte for byte before
and after; see the closing note of issue 17.)"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from scorecard import hosts, recommend as R
from scorecard.commands.common import load_inputs
from scorecard.pipeline import score
from scorecard.resources import sample_workbook


@pytest.fixture(scope="module")
def results():
    rubric, tables, _ = load_inputs(str(sample_workbook()), None)
    return {peers: score(tables, rubric, peers=peers) for peers in ("all", "type", "province")}


@pytest.mark.parametrize("peers", ["all", "type", "province"])
def test_peer_median_from_sorted_columns_is_numpys_nanmedian(results, peers):
    p = R._prepare(results[peers])
    for f in range(len(p.codes)):
        others = np.flatnonzero(p.group == p.group[f])
        others = others[others != f]
        if not others.size:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            plain = np.nanmedian(p.S[others], axis=0)
        assert np.array_equal(R._median_without(p, f), plain, equal_nan=True)


@pytest.mark.parametrize("peers", ["all", "type"])
def test_all_areas_ranked_at_once_equal_each_area_ranked_alone(results, peers):
    result = results[peers]
    p = R._prepare(result)
    settings = R._settings(p)
    excl = np.zeros(len(p.codes), bool)
    excl[1] = True  # one region excluded, as --exclude does
    for f in range(len(p.codes)):
        ctx = p.context(p.km_row(f))
        parts = R._focus_parts(ctx, f, settings)
        in_peers = p.group == p.group[f]
        in_peers[f] = False
        areas = p.areas
        tiers = [None] * len(areas)
        together = R._rank_areas(p, f, areas, ctx, parts, settings, in_peers, excl, 3, tiers)
        alone = [R._rank_area(p, f, a, ctx, parts, settings, in_peers, excl, 3) for a in areas]
        assert together == alone


def test_joint_impact_recomputing_only_the_raised_dimensions_equals_recomputing_all(results):
    p = R._prepare(results["all"])
    rng = np.random.default_rng(17)
    for f in range(len(p.codes)):
        bench = R._quantile_without(p, f, 0.75)
        base = R._base_dims(p, f)
        for _ in range(20):
            cols = sorted(rng.choice(len(p.areas), size=int(rng.integers(1, 6)), replace=False).tolist())
            assert R._joint_impact(p, f, bench, cols, base) == R._joint_impact(p, f, bench, cols)


def test_robust_shares_of_a_subset_are_the_shares_of_all_regions(results):
    p = R._prepare(results["all"])
    if R._robust_engine(p) is None:
        pytest.skip("uncertainty engine unavailable")
    idx = np.array([0, 3, 5, 7])
    for f in (0, 4, 9):
        for area in p.areas:
            full = R._robust_shares(p, f, area)
            assert np.array_equal(R._robust_shares(p, f, area, idx), full[idx], equal_nan=True)


def test_rank_hosts_still_ranks_one_area_through_the_same_code():
    values = {"a": 1.0, "b": 4.0, "c": 3.5, "d": 4.0}
    places = {c: hosts.Place(c, c.upper(), tipe="kota", lat=0.0, lng=float(i)) for i, c in enumerate(values)}
    r = hosts.rank_hosts(values, "a", places, min_gap=1.0, robust={"b": 0.5, "c": 0.95, "d": 0.99})
    # b is marginal (ahead in 50 %): after every robust host; d and b share the best lead
    assert [h.code for h in r.hosts] == ["d", "c", "b"]
    assert [h.rank for h in r.hosts] == [1, 3, 1] and r.hosts[2].marginal
