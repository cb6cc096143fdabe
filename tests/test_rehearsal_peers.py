"""Whom to ask per weak criterion (issue 16 point 3): the shared host logic (scorecard.hosts) on
each criterion — strength on the criterion, then type, size and distance — with the peers sheet."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from scorecard.io.registry_file import load_registry
from scorecard.io.rehearsal_file import load_instrument, places_for, read_assessment
from scorecard.rehearsal import OfficialResult, PeerResult, peer_value, rehearse
from scorecard.resources import indicators_dir
from test_rehearsal_cli import run

SAMPLE = indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx"
BPN, SMD, SBY, BTG = "64.71", "64.72", "35.78", "64.74"


def _sample():
    ins = load_instrument(None)
    reg = load_registry()
    a, _ = read_assessment(SAMPLE, ins, reg, current_year=2026)
    return ins, reg, a


def _places(reg, a):
    return places_for(reg, [a.region_code, *(p.code for p in a.peers)])


def test_peer_value_estimate_by_hand():
    ins, _, a = _sample()
    smd = next(p for p in a.peers if p.code == SMD)
    # the sample's Samarinda: overall 3.21, Impact 3.1, Smart Living 3.7 -> 3.7 + 3.1 - 3.21 = 3.59
    assert peer_value(ins, smd, ins.criterion("kesehatan.impact")) == (pytest.approx(3.59), "estimate")
    # a shared level wins; an index alone falls back to the dimension; nothing -> None
    shared = replace(smd, criteria={"kesehatan.impact": 5})
    assert peer_value(ins, shared, ins.criterion("kesehatan.impact")) == (5.0, "criterion")
    dim_only = replace(smd, result=OfficialResult(2023, None, {}, {"living": 3.7}))
    assert peer_value(ins, dim_only, ins.criterion("kesehatan.impact")) == (3.7, "dimension")
    assert peer_value(ins, replace(smd, result=OfficialResult()), ins.criterion("kesehatan.impact")) is None
    # kept inside the scale
    top = replace(smd, result=OfficialResult(2023, 3.0, {"impact": 5.0}, {"living": 5.0}))
    assert peer_value(ins, top, ins.criterion("kesehatan.impact"))[0] == 5.0


def test_sample_does_not_name_one_region_for_every_criterion():
    res = run("rehearse", str(SAMPLE), "--stage", "2", "--format", "json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    named = {s["criterion"]: s["ask"]["name"] for s in out["path"]["steps"] if s["ask"]}
    named.update({r["criterion"]: r["ask"]["name"] for r in out["at_risk"] if r["ask"]})
    assert len(named) == 8
    assert set(named.values()) == {"Kota Samarinda", "Kota Surabaya"}
    # Smart Living: Samarinda (estimate 3.59 vs our 2, 80 km away, same type, similar population)
    for cid in ("harmoni.impact", "kesehatan.impact", "mobilitas.impact"):
        assert named[cid] == "Kota Samarinda"
    ask = next(s["ask"] for s in out["path"]["steps"] if s["criterion"] == "kesehatan.impact")
    assert ask["basis"] == "estimate" and ask["peer_value"] == pytest.approx(3.59)
    assert "80 km" in ask["reasons"] and "sama-sama kota" in ask["reasons"]
    # Governance: only Surabaya leads by a quarter level (Samarinda 3.2 + 3.1 - 3.21 = 3.09 vs our 3)
    assert named["kebijakan_publik.impact"] == "Kota Surabaya"


def test_near_similar_peer_beats_a_slightly_stronger_far_one():
    ins, reg, a = _sample()
    # on Smart Living Impact: Surabaya 3.7 (821 km, 4x our population), Samarinda 3.6 (80 km, similar)
    peers = (PeerResult(SBY, "Kota Surabaya", OfficialResult(2023, 3.5, {"impact": 3.5}, {"living": 3.7})),
             PeerResult(SMD, "Kota Samarinda", OfficialResult(2023, 3.4, {"impact": 3.4}, {"living": 3.6})))
    a2 = replace(a, peers=peers)
    rh = rehearse(ins, a2, 2, places=_places(reg, a2))
    adv = {x.criterion: x for x in rh.advice}["kesehatan.impact"]
    assert adv.peer.name == "Kota Samarinda" and adv.best == "Kota Surabaya"
    assert adv.tradeoff is not None and "Kota Surabaya" in adv.tradeoff.render("id")
    # without context (no registry data) the strongest is named
    rh = rehearse(ins, a2, 2)
    assert {x.criterion: x for x in rh.advice}["kesehatan.impact"].peer.name == "Kota Surabaya"


def test_strength_first_a_clearly_stronger_far_peer_is_named():
    """Strength in the criterion comes first: a near peer more than a quarter level behind the
    strongest peer on a criterion is not named for it, however close it is."""
    ins, reg, a = _sample()
    peers = (PeerResult(SBY, "Kota Surabaya", OfficialResult(2023, 3.5, {"impact": 3.5},
                                                             {"living": 3.7, "governance": 3.9})),
             PeerResult(SMD, "Kota Samarinda", OfficialResult(2023, 3.4, {"impact": 3.4},
                                                              {"living": 3.6, "governance": 3.3})))
    a2 = replace(a, peers=peers)
    rh = rehearse(ins, a2, 2, places=_places(reg, a2))
    by = {x.criterion: x for x in rh.advice}
    # Smart Living Impact: 3.7 vs 3.6 (within 0.25): the near, similar Samarinda
    assert by["kesehatan.impact"].peer.name == "Kota Samarinda"
    # Smart Governance Impact (on the path): Surabaya 3.9 + 3.5 - 3.5 = 3.9 vs Samarinda 3.3 + 3.4 - 3.4 = 3.3
    gov = [c for c in by if ins.criterion(c).dimension == "governance" and ins.criterion(c).result == "impact"]
    assert gov and all(by[c].peer.name == "Kota Surabaya" and by[c].peer_value == pytest.approx(3.9) for c in gov)
    assert {x.peer.name for x in rh.advice} == {"Kota Samarinda", "Kota Surabaya"}


def test_the_only_strong_peer_is_named_everywhere():
    ins, reg, a = _sample()
    # Bontang leads on everything; Samarinda never by a quarter level: one region for every criterion
    peers = (PeerResult(BTG, "Kota Bontang", OfficialResult(2023, 4.0, {r.id: 4.5 for r in ins.results},
                                                            {d.id: 4.5 for d in ins.dimensions})),
             PeerResult(SMD, "Kota Samarinda", OfficialResult(2023, 2.0, {r.id: 2.0 for r in ins.results},
                                                              {d.id: 2.0 for d in ins.dimensions})))
    a2 = replace(a, peers=peers)
    rh = rehearse(ins, a2, 2, places=_places(reg, a2))
    assert rh.advice and {x.peer.name for x in rh.advice} == {"Kota Bontang"}


def test_benchmark_weak_areas_map_to_the_evaluation(tmp_path):
    """--benchmark: the benchmark's weak areas for the same region, each with the evaluation
    criteria that would show it (benchmark.links), weakest evidence-backed level first."""
    bench = indicators_dir() / "contoh_smart_city.xlsx"
    res = run("rehearse", str(SAMPLE), "--stage", "2", "--benchmark", str(bench), "--format", "json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)["benchmark"]
    assert out["regions"] == 15 and out["workbook"] == "contoh_smart_city.xlsx"
    by = {w["area"]: w for w in out["weak_areas"]}
    impacts = [w["impact"] for w in out["weak_areas"]]
    assert impacts == sorted(impacts, reverse=True)  # the benchmark's order: largest impact first
    # RTH publik -> Smart Environment, Proteksi on Outcome and Impact (the sample claims 2 there)
    rth = by["rth"]
    assert rth["dimensions"] == ["environment"]
    assert [c["criterion"] for c in rth["criteria"]] == ["proteksi.outcome", "proteksi.impact"]
    assert all(c["supported"] == 2 and c["claimed"] == 2 for c in rth["criteria"])
    # the tourism-awards area points at the Quick Win criteria of Smart Branding; pariwisata.quick_win
    # is claimed 4, backed at 3 ("Belum."), on the path and at risk
    aw = {c["criterion"]: c for c in by["awards_branding"]["criteria"]}
    assert aw["pariwisata.quick_win"] == {"criterion": "pariwisata.quick_win", "supported": 3, "claimed": 4,
                                          "on_path": True, "at_risk": True}
    # the table and the page say the same
    res = run("rehearse", str(SAMPLE), "--stage", "2", "--benchmark", str(bench))
    assert "Kaitan dengan benchmark" in res.stdout and "proteksi.outcome (2/2)" in res.stdout
    html = tmp_path / "b.html"
    assert run("rehearse", str(SAMPLE), "--stage", "1", "--benchmark", str(bench), "-o", str(html)).exit_code == 0
    assert 'id="benchmark"' in html.read_text(encoding="utf-8")


def test_benchmark_without_the_region_is_a_located_error(tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["profil"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "wilayah":
            row[2].value = "Kota Jayapura"  # not in the benchmark sample
    wb.save(tmp_path / "jpr.xlsx")
    res = run("rehearse", str(tmp_path / "jpr.xlsx"), "--stage", "2", "--benchmark",
              str(indicators_dir() / "contoh_smart_city.xlsx"))
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "Jayapura" in res.output
