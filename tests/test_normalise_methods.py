"""Every registered normalisation method and every aggregation, called directly, against numbers
worked out by hand here. x = 10, 20, 40, 30 and a blank (regions a..e); min 10, max 40."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scorecard import aggregate, normalise
from scorecard.methods import METHODS

X = pd.Series([10.0, 20.0, 40.0, 30.0, np.nan], index=list("abcde"))
TIES = pd.Series([10.0, 20.0, 20.0, 40.0], index=list("abcd"))
SD = math.sqrt(500 / 3)  # deviations from the mean 25: -15, -5, 15, 5 -> (225+25+225+25) / 3

CASES = [
    # method, series, direction, params, expected on 0..100 (None = stays blank)
    ("minmax", X, 1, {}, [0, 100 / 3, 100, 200 / 3, None]),
    ("minmax", X, -1, {}, [100, 200 / 3, 0, 100 / 3, None]),
    ("goalposts", X, 1, {"min": 0, "max": 50}, [20, 40, 80, 60, None]),
    ("goalposts", X, -1, {"min": 0, "max": 50}, [80, 60, 20, 40, None]),
    ("goalposts", X, 1, {"min": 15, "max": 35}, [0, 25, 100, 75, None]),  # clipped
    ("zscore", X, 1, {}, [50 - 150 / SD, 50 - 50 / SD, 50 + 150 / SD, 50 + 50 / SD, None]),
    ("rank", TIES, 1, {}, [0, 200 / 3, 200 / 3, 100]),  # ranks 4, 2, 2, 1 of 4: (4 - r) / 3
    ("rank", TIES, -1, {}, [100, 200 / 3, 200 / 3, 0]),  # lower is better: ranks 1, 2, 2, 4
    ("percentile", TIES, 1, {}, [0, 50, 50, 100]),  # (below + ties / 2) / 3: 0, (1 + 0.5) / 3, 3 / 3
    ("target", X, 1, {"target": 25}, [40, 80, 100, 100, None]),  # min(x / 25, 1)
    ("target", X, -1, {"target": 25}, [100, 100, 62.5, 250 / 3, None]),  # min(25 / x, 1)
    ("best", X, 1, {}, [25, 50, 100, 75, None]),  # x / 40
    ("best", X, -1, {}, [100, 50, 25, 100 / 3, None]),  # 10 / x
    ("dist2max", X, 1, {}, [0, 100 / 3, 100, 200 / 3, None]),  # 1 - (40 - x) / 30
    ("dist2max", X, -1, {}, [100, 200 / 3, 0, 100 / 3, None]),
    ("dist2ref", X, 1, {"reference": "b"}, [0, 100, 100, 100, None]),  # 1 - (20 - x) / 10, capped at 1
    ("dist2ref", X, 1, {"reference": "b", "cap": False}, [0, 100, 300, 200, None]),
    ("dist2ref", X, -1, {"reference": "b", "cap": False}, [150, 100, 0, 50, None]),  # 1 - (x - 20) / (40 - 20)
]


@pytest.mark.parametrize("method, x, direction, params, expected", CASES,
                         ids=[f"{c[0]}{'-lower' if c[2] < 0 else ''}-{i}" for i, c in enumerate(CASES)])
def test_each_method_by_hand(method, x, direction, params, expected):
    got = normalise.normalise(x, method, direction, 0.0, 100.0, params=params)
    assert list(got.index) == list(x.index)
    for g, e in zip(got.tolist(), expected):
        if e is None:
            assert math.isnan(g)
        else:
            assert g == pytest.approx(e, abs=1e-9)


def test_every_registered_method_has_a_case():
    assert {c[0] for c in CASES} == set(METHODS)


@pytest.mark.parametrize("method", ["minmax", "rank", "best", "dist2max"])
def test_scores_land_on_the_rubric_range(method):
    # the same unit scores on 1..100 (a geometric mean's range): 1 + 99 * unit
    unit = normalise.normalise(X, method, 1, 0.0, 1.0)
    got = normalise.normalise(X, method, 1, 1.0, 100.0)
    assert got.dropna().tolist() == pytest.approx((1 + 99 * unit.dropna()).tolist(), abs=1e-9)


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank", "percentile", "dist2max"])
def test_constant_indicator_has_nothing_to_measure(method):
    with pytest.raises(normalise.ConstantIndicator):
        normalise.normalise(pd.Series([5.0, 5.0, np.nan]), method, 1, 0.0, 100.0)


def test_dist2ref_without_a_usable_reference():
    with pytest.raises(normalise.NoReference):  # the reference is blank
        normalise.normalise(X, "dist2ref", 1, 0.0, 100.0, params={"reference": "e"})
    with pytest.raises(normalise.NoReference):  # the reference is the worst: no distance to measure
        normalise.normalise(X, "dist2ref", 1, 0.0, 100.0, params={"reference": "a"})


# ----------------------------------------------------------------------------------------------
# aggregation: rows = regions, columns = members with weights 1, 2, 3

FRAME = pd.DataFrame([[10.0, 40.0, np.nan], [np.nan, np.nan, np.nan], [50.0, 20.0, 80.0]],
                     index=["r1", "r2", "r3"], columns=["i1", "i2", "i3"])
WEIGHTS = pd.Series({"i3": 3.0, "i1": 1.0, "i2": 2.0})  # order does not matter


@pytest.mark.parametrize("method, r1, r3", [
    # r1 has i1, i2 only: weights 1, 2 re-scaled; r3 has all three (weights 1, 2, 3)
    ("arithmetic", (10 + 2 * 40) / 3, (50 + 2 * 20 + 3 * 80) / 6),
    ("geometric", (10 * 40 ** 2) ** (1 / 3), (50 * 20 ** 2 * 80 ** 3) ** (1 / 6)),
    ("harmonic", 3 / (1 / 10 + 2 / 40), 6 / (1 / 50 + 2 / 20 + 3 / 80)),
])
def test_each_aggregation_by_hand(method, r1, r3):
    got = aggregate.weighted_mean(FRAME, WEIGHTS, method)
    assert got["r1"] == pytest.approx(r1, abs=1e-9)
    assert math.isnan(got["r2"])  # nothing to average
    assert got["r3"] == pytest.approx(r3, abs=1e-9)


def test_coverage_is_the_share_of_weight_with_data():
    assert aggregate.coverage(FRAME, WEIGHTS).tolist() == pytest.approx([3 / 6, 0.0, 1.0])


def test_unknown_methods_are_refused():
    with pytest.raises(ValueError):
        aggregate.weighted_mean(FRAME, WEIGHTS, "median")
    with pytest.raises(ValueError):
        normalise.normalise(X, "borda", 1, 0.0, 100.0)
