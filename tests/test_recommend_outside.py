"""Issue 15 scope 3: hosts from outside the comparison group when they are clearly better.

The focus (Kota Madiun) is compared with a 'similar' group of three regions (itself, Malang and
Surabaya); Kota Kediri and Kota Batu are in the workbook but outside the group. Ranks and the
benchmark stay within the group; a host from outside is added when its score in the area, over the
whole workbook, is at least OUTSIDE_MARGIN (10) points above the best inside host's. Numbers below
are worked out by hand (min-max over the whole workbook for the outside search)."""

from __future__ import annotations

import pytest

from scorecard.analysis import analyse
from scorecard.commands.common import load_inputs
from scorecard.io.recommend_output import recommend_dict
from scorecard.peers import similar_groups
from scorecard.recommend import OUTSIDE_MARGIN, recommend
from test_recommend import RUBRIC, make

FOCUS, GROUP = "35.77", ["35.73", "35.78"]  # Madiun; Malang and Surabaya are its similar regions


def _data(batu_c: float) -> dict:
    # region -> (a, b, c); c is the area of interest (indicator ic, the only one of dimension d2)
    return {
        ("Kota Madiun", "35.77"): (0, 20, 10),
        ("Kota Malang", "35.73"): (50, 40, 30),
        ("Kota Surabaya", "35.78"): (100, 60, 50),
        ("Kota Kediri", "35.71"): (25, 30, 40),  # outside the group, below Surabaya in c
        ("Kota Batu", "35.79"): (100, 0, batu_c),  # outside the group
    }


def _analysis(tmp_path, batu_c: float):
    wb, rub = make(tmp_path, data=_data(batu_c))
    rubric, tables, report = load_inputs(wb, rub)
    groups = similar_groups(tables.regions.index, FOCUS, GROUP)
    return analyse(tables, rubric, peers="similar", focus=FOCUS, groups=groups, notes=report, trends=False,
                   recommend=True)


def _outside(rec, area):
    return [c for c in rec.candidates.get(area, ()) if c.outside]


def test_a_clearly_better_host_outside_the_group_is_proposed_with_why(tmp_path):
    a = _analysis(tmp_path, batu_c=90)
    rec = a.recommendation
    assert a.score.peers == "similar" and set(a.score.regions.index) == {FOCUS, *GROUP}  # scored in the group
    ic = next(w for w in rec.weak_areas if w.area_id == "ic")
    # within the group c = 10, 30, 50 -> scores 0, 50, 100; benchmark (median of the others) 75; rank 3 of 3
    assert (ic.focus_score, ic.benchmark, ic.rank) == (0, 75, 3)
    inside = [c for c in rec.candidates["ic"] if not c.outside]
    assert [c.name for c in inside][0] == "Kota Surabaya" and inside[0].score == pytest.approx(100)
    # whole workbook: c over 10..90 -> Madiun 0, Malang 25, Surabaya 50, Kediri 37.5, Batu 100.
    # Batu leads the best inside host (Surabaya, 50) by 50 >= 10; Kediri (37.5) does not
    out = _outside(rec, "ic")
    assert [c.name for c in out] == ["Kota Batu"]
    batu = out[0]
    assert batu.score == pytest.approx(100) and batu.gap == pytest.approx(100)  # on the whole-workbook scale
    assert rec.candidates["ic"][-1] is batu  # shown after the inside hosts; the inside pick stays first
    why = batu.reasons[0]
    assert why.key == "rec.reason.outside" and why.params["inside"] == 50 and why.params["host"] == 100
    assert why.render("id").startswith("di luar kelompok pembanding")
    assert "skor 100 vs 50" in why.render("id")
    assert why.render("en").startswith("outside the comparison group")
    # the dimension d2 is ic alone: the same host, the same reason
    assert [c.name for c in _outside(rec, "d2")] == ["Kota Batu"]
    # the trip: Surabaya is the pick of every weak area (quality 1); Batu, third of ic's and d2's
    # candidates, would cover them at min(0.76 / 0.69, 1) x 0.8 < 1 only: it is the alternative
    assert [s.name for s in rec.trip] == ["Kota Surabaya"]
    assert ("35.79", "Kota Batu") in rec.trip[0].alternatives
    # JSON marks the outside host
    js = recommend_dict(rec, "en")
    ic_js = next(w for w in js["weak_areas"] if w["area_id"] == "ic")
    assert [c["outside_group"] for c in ic_js["candidates"]][-1] is True
    assert not any(c["outside_group"] for c in ic_js["candidates"][:-1])


def test_a_marginally_better_host_outside_the_group_is_not_proposed(tmp_path):
    rec = _analysis(tmp_path, batu_c=54).recommendation
    # whole workbook: c over 10..54 -> Surabaya (50 - 10) / 44 = 90.9, Batu 100: ahead by 9.1 < 10
    assert OUTSIDE_MARGIN == 10
    assert not _outside(rec, "ic") and not _outside(rec, "d2")
    assert [c.name for c in rec.candidates["ic"]][0] == "Kota Surabaya"
    assert not any(c.outside for cands in rec.candidates.values() for c in cands)


def test_no_outside_search_without_the_wider_scoring_or_with_peers_all(tmp_path):
    a = _analysis(tmp_path, batu_c=90)
    rec = recommend(a.score, FOCUS)  # the library call without ``wide``: the group only, as before
    assert not any(c.outside for cands in rec.candidates.values() for c in cands)
    wb, rub = make(tmp_path, data=_data(90))
    rubric, tables, report = load_inputs(wb, rub)
    whole = analyse(tables, rubric, peers="all", focus=FOCUS, notes=report, trends=False, recommend=True)
    assert not any(c.outside for cands in whole.recommendation.candidates.values() for c in cands)
    assert "Kota Batu" in [c.name for c in whole.recommendation.candidates["ic"]]  # an ordinary peer there


def test_an_outside_host_when_nobody_inside_leads(tmp_path):
    # Madiun best of its group in c (60 vs 30, 50); Batu 90 outside: c over 30..90 -> Madiun 50, Batu 100.
    # Within the group ic is no weak area (Madiun leads), so nothing is searched there: weak areas
    # stay a judgement within the group
    data = _data(90)
    data[("Kota Madiun", "35.77")] = (0, 20, 60)
    wb, rub = make(tmp_path, data=data)
    rubric, tables, report = load_inputs(wb, rub)
    a = analyse(tables, rubric, peers="similar", focus=FOCUS, groups=similar_groups(tables.regions.index, FOCUS, GROUP),
                notes=report, trends=False, recommend=True)
    assert "ic" not in {w.area_id for w in a.recommendation.weak_areas}
    assert "ic" not in a.recommendation.candidates
