"""Issue 13 point 10: the default peer group, and who may host which area (kota vs kabupaten)."""

from __future__ import annotations

from scorecard.recommend import recommend
from test_recommend import DATA, rec_rubric, scored

MIXED = {**DATA, ("Kabupaten Madiun", "35.19"): (10, 10, 5), ("Kabupaten Jombang", "35.17"): (20, 30, 40)}


def _names(rec, area):
    return [c.name for c in rec.candidates.get(area, ())]


def test_outcome_areas_are_hosted_by_the_same_type_practice_areas_by_either(tmp_path):
    rubric = rec_rubric(judgement={"host": {"any_type": ["d1"]}})
    res = scored(tmp_path, data=MIXED, rubric=rubric)
    assert res.peers == "all" and int(res.group_sizes["all"]) == 7  # the default group: the whole workbook
    rec = recommend(res, "35.19", top=5)
    # ic (in d2, not transferable): c over 10, 30, 50, 70, 90, 5, 40 -> min 5, max 90; Kabupaten
    # Madiun 0; Kabupaten Jombang (40 - 5) / 85 = 41.2, the only kabupaten ahead -> the only host,
    # although Kota Batu (100) and Kota Kediri (76.5) are far better
    assert _names(rec, "ic") == ["Kabupaten Jombang"]
    # ib (in d1, any type): b over 20, 40, 60, 100, 0, 10, 30 -> Kota Kediri 100 leads and may host
    assert "Kota Kediri" in _names(rec, "ib")
    # with the shipped default (governance, economy, branding travel) d1 is not among them: same type
    res = scored(tmp_path, data=MIXED)
    rec = recommend(res, "35.19", top=5)
    assert all(n.startswith("Kabupaten") for a in ("ia", "ib", "ic", "d1", "d2") for n in _names(rec, a))


def test_a_kota_focus_is_never_sent_to_a_kabupaten_for_outcomes(tmp_path):
    rubric = rec_rubric(judgement={"host": {"any_type": []}})
    rec = recommend(scored(tmp_path, data=MIXED, rubric=rubric), "35.77", top=5)  # Kota Madiun
    assert all(n.startswith("Kota") for cands in rec.candidates.values() for n in (c.name for c in cands))
