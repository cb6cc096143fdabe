"""Peers by similarity (issue 15): `similar[:K]` parsing, the group passed to the pipeline, the
sample's 12 most similar regions with fiscal capacity from the workbook."""

from __future__ import annotations

import pandas as pd
import pytest

from scorecard import resources
from scorecard.commands.common import load_inputs
from scorecard.context import FISCAL, similar_in_workbook
from scorecard.io.reference_file import load_shipped
from scorecard.peers import GROUP_OTHER, GROUP_SIMILAR, parse_peers, peer_keys, similar_groups
from scorecard.pipeline import score


def test_parse_peers():
    assert parse_peers("type") == ("type", None)
    assert parse_peers("similar") == ("similar", 12)
    assert parse_peers("similar:8") == ("similar", 8)
    assert parse_peers("SIMILAR:3") == ("similar", 3)
    for bad in ("similar:0", "similar:x", "mirip", "similar:-1"):
        with pytest.raises(ValueError):
            parse_peers(bad)


def test_peer_keys_for_a_similar_group():
    idx = pd.Index(["a", "b", "c", "d"])
    groups = similar_groups(idx, "a", ["c"])
    assert groups.tolist() == [GROUP_SIMILAR, GROUP_OTHER, GROUP_SIMILAR, GROUP_OTHER]
    regions = pd.DataFrame(index=["a", "b", "c", "d", "e"])
    assert peer_keys(regions, "similar", groups).tolist() == ["mirip", "lain", "mirip", "lain", "lain"]
    with pytest.raises(ValueError):
        peer_keys(regions, "similar")


@pytest.fixture(scope="module")
def sample():
    rub, tables, _ = load_inputs(str(resources.sample_workbook()), None)
    return rub, tables


def test_sample_balikpapan_similar_group_is_scored_alone(sample):
    rub, tables = sample
    ws = similar_in_workbook(load_shipped(), tables.regions, "64.71")
    sim = ws.similarity
    assert len(sim.codes) == 12 and "64.71" not in sim.codes
    assert set(sim.codes) <= set(tables.regions.index)
    assert FISCAL in sim.features and ws.fiscal_column == "total_pendapatan"  # the sample has total revenue
    # the distances are sorted and every peer has a reason or a stated largest difference
    d = [p.distance for p in sim.peers]
    assert d == sorted(d)
    groups = similar_groups(tables.regions.index, "64.71", sim.codes)
    res = score(tables, rub, peers="similar", focus="64.71", groups=groups)
    assert set(res.regions.index) == {"64.71", *sim.codes}
    assert res.group_sizes.to_dict() == {GROUP_SIMILAR: 13}
    assert sorted(res.ranks["overall"].dropna().astype(int)) == list(range(1, 14))


def test_fiscal_capacity_changes_the_group_only_through_its_documented_feature(sample):
    _, tables = sample
    ref = load_shipped()
    with_fiscal = similar_in_workbook(ref, tables.regions, "64.71").similarity
    without = similar_in_workbook(ref, tables.regions.drop(columns=["total_pendapatan", "pad"]), "64.71").similarity
    assert FISCAL not in without.features
    # the same regions compared, distances computed over one feature fewer
    assert {p.code for p in with_fiscal.peers} | {p.code for p in without.peers} <= set(tables.regions.index)
    assert all(len(p.gaps) <= 5 for p in without.peers)
