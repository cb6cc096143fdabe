"""The pure host logic (scorecard.hosts.rank_hosts): hand-worked cases."""

from __future__ import annotations

import math

import pytest

from scorecard.hosts import HostSettings, Place, rank_hosts, ratio_similarity, travel_score

# Coordinates of real kota centroids (approximate, degrees); sizes and budgets are test figures.
FOCUS = Place("F", "Kota Fokus", "kota", -1.27, 116.83, 700_000, revenue_per_capita=4_000_000)
NEAR = Place("N", "Kota Dekat", "kota", 0.13, 117.50, 700_000, revenue_per_capita=4_400_000)  # ~173 km
FAR = Place("R", "Kota Jauh", "kota", -7.25, 112.75, 7_000_000, revenue_per_capita=40_000_000)  # ~805 km
KAB = Place("K", "Kabupaten Tetangga", "kabupaten", -1.0, 116.5, 300_000, revenue_per_capita=3_000_000)
PLACES = {p.code: p for p in (FOCUS, NEAR, FAR, KAB)}


def test_ratio_similarity_by_hand():
    # |ln 2| / ln 10 = 0.30103 -> 0.69897; tenfold -> 0; unknown -> NaN
    out = ratio_similarity([2.0, 10.0, 1.0, float("nan")], 1.0, 10.0)
    assert out[0] == pytest.approx(1 - math.log(2) / math.log(10))
    assert out[1] == 0.0 and out[2] == 1.0 and math.isnan(out[3])
    assert travel_score([800.0], 800.0)[0] == pytest.approx(0.5)


def test_near_similar_beats_far_famous_and_the_tradeoff_says_why():
    r = rank_hosts({"F": 60, "N": 80, "R": 83, "K": 62}, "F", PLACES, min_gap=5)
    assert [h.code for h in r.hosts] == ["N", "R"]  # K is only 2 ahead: not a host
    pick, best = r.hosts
    assert pick.code == "N" and not pick.best and best.best and best.code == "R"
    # excellence = lead / best lead: 20 / 23
    assert pick.criteria["excellence"] == pytest.approx(20 / 23, abs=1e-4)
    assert pick.match > 0.9 > 0.5 > best.match
    text = r.tradeoff.render("id")
    assert text.startswith("Kota Jauh sedikit lebih tinggi (83 vs 80) tetapi 8")
    assert "penduduk 10×" in text and "anggaran per penduduk 10×" in text
    assert "Kota Dekat 17" in text and "ukuran serupa" in text and "anggaran serupa" in text
    en = r.tradeoff.render("en")
    assert "budget per resident 10×" in en and "tetapi" not in en
    reasons = [x.render("id") for x in best.reasons]
    assert "anggaran per penduduk 10× kita" in reasons and "penduduk 10× kita" in reasons


def test_specialist_beats_marginally_better_all_rounder():
    # school years: focus 10.9, a neighbour 11.1 (+0.2), a specialist 11.6 (+0.7) 805 km away
    r = rank_hosts({"F": 10.9, "N": 11.1, "R": 11.6}, "F", PLACES, min_gap=0.1)
    assert r.pick.code == "R" and r.pick.best and r.tradeoff is None
    assert r.hosts[1].criteria["excellence"] == pytest.approx(0.2 / 0.7, abs=1e-4)


def test_marginal_host_ranks_after_robust_ones_and_is_marked():
    r = rank_hosts({"F": 60, "N": 80, "R": 83}, "F", PLACES, min_gap=5, robust={"N": 0.55, "R": 0.97})
    assert r.pick.code == "R" and not r.pick.marginal
    assert r.hosts[1].code == "N" and r.hosts[1].marginal
    assert r.hosts[1].reasons[0].render("id") == "marginal: unggul hanya di 55 % simulasi"
    assert r.pick.reasons[0].render("id") == "unggul di 97 % simulasi"


def test_best_performer_always_shown_even_outside_top():
    r = rank_hosts({"F": 60, "N": 80, "R": 83}, "F", PLACES, min_gap=5, top=1)
    assert [h.code for h in r.hosts] == ["N", "R"] and r.hosts[1].best


def test_exclude_and_lower_is_better():
    r = rank_hosts({"F": 60, "N": 80, "R": 83}, "F", PLACES, min_gap=5, exclude={"N"})
    assert [h.code for h in r.hosts] == ["R"] and r.excluded == ("N",) and r.tradeoff is None
    low = rank_hosts({"F": 9.0, "N": 5.0, "R": 12.0}, "F", PLACES, higher_is_better=False, min_gap=1)
    assert [h.code for h in low.hosts] == ["N"] and low.pick.lead == 4.0


def test_nobody_ahead_gives_no_pick_and_unknown_values_never_host():
    r = rank_hosts({"F": 90, "N": 80, "R": None}, "F", PLACES, min_gap=5)
    assert r.pick is None and r.hosts == () and r.eligible == 0


def test_context_reasons_type_and_unknown_context():
    r = rank_hosts({"F": 1, "K": 3, "X": 4}, "F", {"F": FOCUS, "K": KAB}, min_gap=1,
                   settings=HostSettings(weights={"excellence": 1.0}))
    assert r.pick.code == "X"  # excellence only: the best performer, whatever its context
    k = next(h for h in r.hosts if h.code == "K")
    texts = [x.render("id") for x in k.reasons]
    assert texts[0] == "sebuah kabupaten" and texts[-1].endswith(" km")
    x = r.pick
    assert x.distance_km is None and x.match_parts == {} and x.reasons == ()
