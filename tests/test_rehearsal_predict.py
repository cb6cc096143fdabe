"""Predicted index: equal to a by-hand computation; missing evidence; at-risk criteria; peers."""

from __future__ import annotations

import pytest

from scorecard.io.registry_file import load_registry
from scorecard.io.rehearsal_file import load_instrument, read_assessment
from scorecard.rehearsal import predict, rehearse
from scorecard.resources import indicators_dir
from test_rehearsal_fixtures import GOV_SUBS, fill_workbook

SAMPLE = indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx"


def _read(path):
    ins = load_instrument(None)
    a, report = read_assessment(path, ins, load_registry(), current_year=2026)
    return ins, a, report


def _pattern(c):
    # every criterion 3; every Impact criterion 2; the three governance Quick Win criteria 5
    if c.result == "impact":
        return 2
    if c.result == "quick_win" and c.subdimension in GOV_SUBS:
        return 5
    return 3


def test_predicted_index_equals_hand_computation(tmp_path):
    ins, a, _ = _read(fill_workbook(tmp_path / "p.xlsx", _pattern))
    rh = rehearse(ins, a, 1)
    # Result dimensions = mean of their 18 criteria (6 dims x 3 sub-dimensions, all weight 1):
    # Baseline, Output, Outcome 3; Impact 2; Quick Win (15 x 3 + 3 x 5) / 18 = 60 / 18.
    qw = 60 / 18
    assert rh.claimed.results["baseline"] == pytest.approx(3)
    assert rh.claimed.results["impact"] == pytest.approx(2)
    assert rh.claimed.results["quick_win"] == pytest.approx(qw)
    # 2021 weights 10/20/30/30/10
    overall = 0.1 * 3 + 0.2 * 3 + 0.3 * 3 + 0.3 * 2 + 0.1 * qw
    assert overall == pytest.approx(2.733333, abs=1e-6)
    assert rh.claimed.overall == pytest.approx(overall)
    # Smart Governance: 0.1*3 + 0.2*3 + 0.3*3 + 0.3*2 + 0.1*5 = 2.9; every other dimension 2.7
    assert rh.claimed.dimensions["governance"] == pytest.approx(2.9)
    for d in ("branding", "economy", "living", "society", "environment"):
        assert rh.claimed.dimensions[d] == pytest.approx(2.7)
    assert rh.claimed.band.code == "2.5"
    # evidence is complete: nothing at risk, verified = claimed
    assert rh.risks == () and rh.missing == ()
    assert rh.verified.overall == pytest.approx(overall)


def test_other_year_weight_profile_from_workbook(tmp_path):
    ins, a, _ = _read(fill_workbook(tmp_path / "p.xlsx", _pattern, profile="alt_jambiekspres"))
    rh = rehearse(ins, a, 1)
    assert rh.profile.id == "alt_jambiekspres"
    # 10/20/30/20/20
    assert rh.claimed.overall == pytest.approx(0.1 * 3 + 0.2 * 3 + 0.3 * 3 + 0.2 * 2 + 0.2 * 60 / 18)
    # the command-line profile wins over the workbook's
    assert rehearse(ins, a, 1, profile="2021").claimed.overall == pytest.approx(2.733333, abs=1e-6)


def test_sample_balikpapan_by_hand():
    ins, a, report = _read(SAMPLE)
    assert a.region_code == "64.71" and a.region_name == "Kota Balikpapan"
    assert report.errors == []
    # Claimed (see indicators/build_rehearsal_sample.py): Baseline 4, Output 4, Quick Win 4;
    # Outcome 3 except Smart Environment (3 x 2) and Layanan Publik (4): (14*3 + 3*2 + 4) / 18 = 52/18;
    # Impact 3 except Smart Environment (3 x 2): (15*3 + 3*2) / 18 = 51/18.
    claimed = 0.1 * 4 + 0.2 * 4 + 0.3 * 52 / 18 + 0.3 * 51 / 18 + 0.1 * 4
    assert claimed == pytest.approx(3.316667, abs=1e-6)
    # Verified: the three Smart Living Impact criteria drop 3 -> 2 (survey missing) and
    # pariwisata.quick_win 4 -> 3 (usage data missing).
    verified = claimed - 0.3 * 3 / 18 - 0.1 * 1 / 18
    assert verified == pytest.approx(3.261111, abs=1e-6)
    for stage in (1, 2):
        rh = rehearse(ins, a, stage)
        assert rh.claimed.overall == pytest.approx(claimed)
        assert rh.verified.overall == pytest.approx(verified)
        assert rh.primary.overall == pytest.approx(verified)  # both stages lead with the evidence-backed index
        assert rh.verified.results["impact"] == pytest.approx(48 / 18)
        assert rh.verified.results["quick_win"] == pytest.approx(71 / 18)
        # Smart Living: 0.1*4 + 0.2*4 + 0.3*3 + 0.3*3 + 0.1*4 = 3.4 claimed; Impact 2 when verified: 3.1
        assert rh.claimed.dimensions["living"] == pytest.approx(3.4)
        assert rh.verified.dimensions["living"] == pytest.approx(3.1)
        # Smart Governance: Outcome cell (4 + 3 + 3) / 3 -> 0.4 + 0.8 + 1.0 + 0.9 + 0.4 = 3.5
        assert rh.claimed.dimensions["governance"] == pytest.approx(3.5)
    assert a.last is not None and a.last.overall == pytest.approx(3.05) and a.last.year == 2023


def test_missing_evidence_and_risks_on_sample():
    ins, a, _ = _read(SAMPLE)
    rh = rehearse(ins, a, 1)
    assert sorted(m.evidence.id for m in rh.missing) == [
        "harmoni.impact/L3", "kesehatan.impact/L3", "mobilitas.impact/L3", "pariwisata.quick_win/L4"]
    risks = {r.criterion: (r.claimed, r.supported, round(r.points, 6)) for r in rh.risks}
    assert risks == {
        "harmoni.impact": (3, 2, round(0.3 / 18, 6)), "kesehatan.impact": (3, 2, round(0.3 / 18, 6)),
        "mobilitas.impact": (3, 2, round(0.3 / 18, 6)), "pariwisata.quick_win": (4, 3, round(0.1 / 18, 6))}


def test_supported_level_stops_at_first_gap(tmp_path):
    # claimed 5 everywhere; evidence for level 2, 3, 5 but not 4 -> supported 3 (the rule is cumulative)
    def ev(eid, level, claimed):
        return None if level == 4 else "Perwal 12/2023"

    ins, a, _ = _read(fill_workbook(tmp_path / "g.xlsx", lambda c: 5, evidence_of=ev))
    rh = rehearse(ins, a, 2)
    assert set(rh.supported.values()) == {3}
    assert rh.verified.overall == pytest.approx(3.0)
    assert rh.claimed.overall == pytest.approx(5.0)
    assert len(rh.risks) == 90
    # every criterion loses 2 levels: 5 - 3 = 2 points in total
    assert sum(r.points for r in rh.risks) == pytest.approx(2.0)


def test_not_yet_words_do_not_count_as_evidence(tmp_path):
    words = {2: "belum", 3: "Tidak ada", 4: "-", 5: "menyusul: Maret"}

    ins, a, _ = _read(fill_workbook(tmp_path / "w.xlsx", lambda c: 5, evidence_of=lambda e, lv, c: words[lv]))
    rh = rehearse(ins, a, 2)
    assert set(rh.supported.values()) == {1}
    assert len(rh.missing) == 90 * 4


def test_blank_levels_count_lowest_with_warning(tmp_path):
    ins, a, report = _read(fill_workbook(tmp_path / "b.xlsx",
                                         lambda c: None if c.dimension == "environment" else 3))
    assert len(a.blank) == 15
    assert [i.code for i in report] == ["rehearsal-levels-blank"]
    rh = rehearse(ins, a, 1)
    # environment at level 1, the other five dimensions at 3: mean of S = (5*3 + 1) / 6
    assert rh.claimed.overall == pytest.approx(16 / 6)


def test_level_text_from_dropdown_is_read(tmp_path):
    ins, a, _ = _read(fill_workbook(tmp_path / "t.xlsx", lambda c: 4, level_text=True))
    assert set(a.levels.values()) == {4}


def test_peers_strongest_named_on_weak_criteria(tmp_path):
    peers = [("Kota Samarinda", 2023, 3.2, {"Smart Living": 3.7, "Smart Governance": 3.0}),
             ("Kota Surabaya", 2023, 3.7, {"Smart Living": 3.5, "Smart Governance": 3.9}),
             # a shared self-assessment: criterion-level comparison wins for that criterion
             ("Kota Bontang", 2023, 3.1, {"Smart Living": 2.0, "harmoni.impact": 5})]

    def ev(eid, level, claimed):
        if eid.startswith(("harmoni.impact", "kesehatan.impact")) and level == 3:
            return None
        return "https://jdih.contoh.go.id/a.pdf" if claimed and level <= claimed else None

    ins, a, _ = _read(fill_workbook(tmp_path / "peers.xlsx", lambda c: 3, evidence_of=ev, peers=peers))
    assert [p.name for p in a.peers] == ["Kota Samarinda", "Kota Surabaya", "Kota Bontang"]
    rh = rehearse(ins, a, 2)
    by = {adv.criterion: adv for adv in rh.advice}
    assert by["harmoni.impact"].peer.name == "Kota Bontang" and by["harmoni.impact"].basis == "criterion"
    # kesehatan.impact: dimension basis; Samarinda's Smart Living 3.7 beats Surabaya's 3.5
    assert by["kesehatan.impact"].peer.name == "Kota Samarinda" and by["kesehatan.impact"].basis == "dimension"
    assert by["kesehatan.impact"].peer_value == pytest.approx(3.7)
    # a governance criterion on the path goes to Surabaya (3.9 > our 3.0)
    gov = [s.criterion for s in rh.path.steps if ins.criterion(s.criterion).dimension == "governance"]
    for cid in gov:
        assert by[cid].peer.name == "Kota Surabaya"


def test_predict_is_linear_in_levels():
    ins = load_instrument(None)
    base = {c.id: 3 for c in ins.criteria}
    p0 = predict(ins, base).overall
    up = dict(base, **{"layanan_publik.outcome": 4})
    # one Outcome criterion: 30 % x 1/6 (dimension) x 1/3 (sub-dimension) = 1/60 per level
    assert predict(ins, up).overall - p0 == pytest.approx(1 / 60)


def test_shipped_sample_is_what_the_builder_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_rehearsal_sample",
                                                  indicators_dir() / "build_rehearsal_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = tmp_path / "fresh.xlsx"
    fresh.write_bytes(module.build())
    _, shipped, _ = _read(SAMPLE)
    _, rebuilt, _ = _read(fresh)
    assert rebuilt.levels == shipped.levels and rebuilt.evidence == shipped.evidence
    assert rebuilt.last == shipped.last and rebuilt.peers == shipped.peers
    assert shipped.illustrative and rebuilt.illustrative
