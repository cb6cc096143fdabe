"""scorecard.comparison: the focus region against its peers, checked by hand on the tiny workbook."""

from __future__ import annotations

import pytest
from examples import TINY_BY_HAND, build_example

from scorecard.comparison import compare


# the tiny example worked out by hand (tests/examples.py; 3 regions, one peer group)
GOV, ECO = TINY_BY_HAND.governance, TINY_BY_HAND.economy


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return build_example(tmp_path_factory.mktemp("cmp"), up_to="result")


def test_median_and_best_leave_the_focus_out(result):
    c = compare(result, "35.73")  # Kota Malang; others: Madiun 35.77, Bangka 19.01
    gov = c.dimensions[result.rubric.dimensions[0].id]
    assert gov.score == pytest.approx(GOV["35.73"])
    assert gov.median == pytest.approx((GOV["35.77"] + GOV["19.01"]) / 2)  # median of two = their mean
    assert gov.best == "35.77" and gov.best_score == pytest.approx(GOV["35.77"])
    assert gov.gap_best == pytest.approx(GOV["35.73"] - GOV["35.77"])
    assert gov.rank == 2
    eco = c.dimensions[result.rubric.dimensions[1].id]
    assert eco.score == pytest.approx(ECO["35.73"]) and eco.rank == 1
    assert eco.gap_median == pytest.approx(ECO["35.73"] - (ECO["35.77"] + ECO["19.01"]) / 2)
    assert c.members[0] == "35.77" and set(c.others) == {"35.77", "19.01"} and c.size == 3


def test_below_median_furthest_first_and_indicator_ranks(result):
    c = compare(result, "19.01")  # Bangka: last everywhere, so every dimension is below the median
    gaps = {d: c.dimensions[d].gap_median for d in c.below_median}
    assert list(c.below_median) == sorted(gaps, key=lambda d: gaps[d])
    assert len(c.below_median) == 2
    assert all(s.rank == 3 for s in c.indicators.values())  # worst of 3 on every indicator
    malang = compare(result, "35.73")
    assert malang.indicators["pad_share"].rank == 1 and malang.indicators["sakip"].rank == 2
    assert len(malang.strongest) == 5 and malang.weakest == ()  # five indicators, all among the strongest
    assert malang.strongest[:2] == ("miskin", "pad_share")  # both 100: ties by id


def test_unknown_focus_is_a_key_error(result):
    with pytest.raises(KeyError):
        compare(result, "99.99")
