"""Issue 13 points 1, 4, 5 in recommend: not-rated focus, next-grade words, the hosting rule.
Numbers worked out by hand on test_recommend's five-region dataset."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.recommend import recommend
from test_recommend import DATA, make, rec_rubric, scored


def test_not_rated_focus_gets_no_weak_area_trip_or_host_role(tmp_path):
    rubric = rec_rubric(missing={"method": "exclude", "min_coverage": 0.5})
    data = dict(DATA)
    data[("Kota Madiun", "35.77")] = (0, None, None)  # only ia: d1 share 2/3 x ia 1/4 = 1/6 = 17 %
    res = scored(tmp_path, data=data, rubric=rubric)
    assert res.coverage["35.77"] == pytest.approx(1 / 6)
    rec = recommend(res, "35.77")
    assert not rec.rated
    assert rec.weak_areas == () and rec.strengths == () and rec.trip == () and rec.can_host == ()
    assert set(rec.unjudged) == {"ib", "ic"}
    assert rec.notes[0].render("id").startswith("Wilayah ini belum dapat dinilai — cakupan data 17% (perlu paling sedikit 50%)")
    assert rec.notes[0].render("en").startswith("This region is not yet rated — data coverage 17% (at least 50% needed)")
    # nor is it offered as a host to the others (it has no score anywhere)
    other = recommend(res, "35.71")
    assert all(c.code != "35.77" for cands in other.candidates.values() for c in cands)
    # the CLI, both languages: no number but the coverage
    wb, rub = make(tmp_path, data=data, rubric=rubric)
    for lang, words in (("id", "belum dapat dinilai"), ("en", "not yet rated")):
        out = CliRunner().invoke(cli, ["recommend", wb, "-r", rub, "--focus", "Kota Madiun", "--lang", lang],
                                 catch_exceptions=False)
        assert out.exit_code == 0 and words in out.stdout
        assert "+" not in out.stdout  # no impact, no trip gain
    out = CliRunner().invoke(cli, ["recommend", wb, "-r", rub, "--focus", "Kota Madiun", "--format", "json"],
                             catch_exceptions=False)
    data = json.loads(out.stdout)
    assert data["rated"] is False and data["weak_areas"] == [] and data["trip"] == [] and data["can_host"] == []


def test_next_grade_at_an_exclusive_bound_is_said_in_words(tmp_path):
    # Indikator C is SAKIP-like with exclusive lower bounds; Madiun has exactly 60: CC, and B needs
    # MORE than 60 -> not "kurang 0 poin" but "naikkan di atas 60"
    rubric = rec_rubric(ic="grade")  # SAKIP-like C, no grade rule
    data = {key: (a, b, c) for (key, (a, b, _)), c in zip(DATA.items(), (60, 65, 70, 71, 72))}
    rec = recommend(scored(tmp_path, data=data, rubric=rubric), "35.77")
    ic = next(w for w in rec.weak_areas if w.area_id == "ic")
    assert (ic.grade, ic.next_grade, ic.distance_to_next) == ("CC", "B", 0.0)
    texts = {lang: [r.render(lang) for r in ic.reasons] for lang in ("id", "en")}
    assert "predikat CC; untuk B naikkan di atas 60 (kini 60)" in texts["id"]
    assert "grade CC; for B, raise it above 60 (now 60)" in texts["en"]
    assert not any("0 poin" in x or "kurang 0" in x for x in texts["id"])
    assert not any("0 points" in x for x in texts["en"])


def test_could_host_needs_benchmark_absolute_floor_and_official_grades(tmp_path):
    res = scored(tmp_path)
    # Kota Kediri: ia 25, ib 100, ic 75 -> d1 (25 + 300)/4 = 81.25, d2 75. Benchmarks = medians of
    # the other four: ia 75, ib 40, ic 37.5, d1 median(15, 42.5, 70, 25) = 33.75, d2 37.5.
    # At/above the benchmark, >= 70 and 5 ahead of someone: d1, d2, ib, ic (not ia: 25 < 75)
    assert set(recommend(res, "35.71").can_host) == {"d1", "d2", "ib", "ic"}
    # Kota Malang: ib 40 is exactly the benchmark median(20, 60, 100, 0) = 40 and 20+ ahead of two
    # peers, but 40 is not good in absolute terms (< 70): not offered for hosting
    assert recommend(res, "35.73").can_host == ()
    # a stricter floor in the rubric: min_score 90 leaves only ib (100)
    strict = rec_rubric(judgement={"host": {"min_score": 90}})
    assert set(recommend(scored(tmp_path, rubric=strict), "35.71").can_host) == {"ib"}


def test_could_host_refused_below_an_official_grade(tmp_path):
    # ic SAKIP-like: Madiun 72 (BB) is the best of a weak group (65, 70, 71, 60): min-max 100, at the
    # benchmark and >= 70 -> hosting ic and d2 would pass the relative tests, but BB is below the
    # rubric's minimum grade A for ic, so Madiun is not offered as a host there.
    data = {key: (a, b, c) for (key, (a, b, _)), c in zip(DATA.items(), (72, 65, 70, 71, 60))}
    strict = rec_rubric(ic="grade", judgement={"host": {"min_grades": {"ic": "A"}}})
    assert not {"ic", "d2"} & set(recommend(scored(tmp_path, data=data, rubric=strict), "35.77").can_host)
    lenient = rec_rubric(ic="grade", judgement={"host": {"min_grades": {"ic": "BB"}}})
    assert {"ic", "d2"} <= set(recommend(scored(tmp_path, data=data, rubric=lenient), "35.77").can_host)


def test_brief_of_a_region_not_yet_rated_proposes_no_visit(tmp_path):
    from scorecard.brief import build_brief

    rubric = rec_rubric(missing={"method": "exclude", "min_coverage": 0.5})
    data = dict(DATA)
    data[("Kota Madiun", "35.77")] = (0, None, None)  # coverage 1/6
    res = scored(tmp_path, data=data, rubric=rubric)
    for lang, words, advice in (("id", "belum dapat dinilai — cakupan data 17% (perlu paling sedikit 50%)", "Lengkapi data"),
                                ("en", "is not yet rated — data coverage 17% (at least 50% needed)", "Complete the missing data")):
        b = build_brief(res, recommend(res, "35.77"), lang)
        text = " ".join(bl.text + " ".join(" ".join(r) for r in bl.rows) for s in b.sections for bl in s.blocks)
        assert words in text and advice in text
        assert b.stops == ()
        assert ("Indikator B" if lang == "id" else "Indicator B") in text  # the missing data are listed


def test_judgement_ids_that_name_nothing_are_warned(tmp_path):
    from scorecard.cli import cli

    rubric = rec_rubric(judgement={"host": {"min_grades": {"sakip": "BB", "ic": "ZZ"},
                                            "any_type": ["d1", "tata_kelola"]}})
    wb, rub = make(tmp_path, rubric=rubric)
    out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--lang", "en"], catch_exceptions=False)
    assert out.exit_code == 0
    assert "key judgement.host.min_grades.sakip" in out.stderr and "'sakip' is unknown in this rubric" in out.stderr
    assert "'ZZ' is unknown" in out.stderr and "key judgement.host.any_type[1]" in out.stderr
    assert "'d1' is unknown" not in out.stderr
