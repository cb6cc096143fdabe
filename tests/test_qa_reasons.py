"""QA review of issues 13/14 (the 'reasons' fixes): relative bands are positions, never grades."""

from __future__ import annotations

import datetime as dt

import pytest

from scorecard import i18n, resources
from scorecard.commands.common import load_inputs
from scorecard.judgement import band_text
from scorecard.pipeline import score
from scorecard.recommend import recommend

SAMPLE = str(resources.sample_workbook())


@pytest.fixture(scope="module")
def sample():
    rubric, tables, report = load_inputs(SAMPLE, None)
    return score(tables, rubric, notes=report)


@pytest.mark.parametrize("lang, word, grade_word", [("id", "posisi relatif: ", "predikat"),
                                                    ("en", "relative position: ", "grade")])
def test_brief_calls_a_relative_band_a_position_not_a_grade(sample, lang, word, grade_word):
    from scorecard.brief import build_brief

    rec = recommend(sample, "64.71")
    b = build_brief(sample, rec, lang, today=dt.date(2025, 3, 4), workbook="contoh_smart_city.xlsx")
    band = band_text(sample.rubric, sample.grades.at["64.71", "overall"], lang)
    assert band  # e.g. "Paruh atas kelompok ini"
    problem = b.sections[0].blocks[0].text
    standing = b.sections[2].blocks[0].text
    for text in (problem, standing):
        assert word + band in text
        assert f"{grade_word} {band}" not in text


@pytest.mark.parametrize("lang, header", [("id", "Smart Governance: posisi relatif"),
                                          ("en", "Smart Governance: relative position")])
def test_dimension_matrix_headers_say_relative_position(sample, lang, header):
    from scorecard.analysis import Analysis
    from scorecard.report_model import build_report

    model = build_report(Analysis(sample, "64.71"), lang, full=True)
    heads = [c.label for c in model.sheets["dimensions"].columns]
    assert header in heads
    assert not any(h.endswith(": predikat") or h.endswith(": grade") for h in heads)


@pytest.mark.parametrize("focus", ["Kota Balikpapan", "Kabupaten Jombang", "Kota Kediri"])
def test_reasons_never_cite_criterion_scores_or_dimension_tallies_for_an_indicator(focus):
    """A trade-off is said in words ("lebih unggul dalam jumlah penghargaan di bidang ini"), never as
    0-1 criterion scores; an indicator-level weak area never cites its dimension's award tally."""
    import json
    import re

    from click.testing import CliRunner

    from scorecard.cli import cli

    out = CliRunner().invoke(cli, ["recommend", SAMPLE, "--focus", focus, "--format", "json"],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    blob = json.dumps(data, ensure_ascii=False)
    assert not re.search(r"\(0,\d+ vs 0,\d+\)", blob)
    for w in data["weak_areas"]:
        if w["level"] != "indicator":
            continue
        for c in w.get("candidates", []):
            said = json.dumps(c, ensure_ascii=False)
            assert not re.search(r"\d+ penghargaan Smart \w+ \(\d{4}–\d{4}\)", said), (w["area_id"], said)


def test_could_host_needs_more_than_a_yes_most_peers_share(sample):
    """Balikpapan has a command center ("Ada", score 100), but so have 10 of the 15 regions: the
    peer median is 100, so 100 is not clearly above it and Balikpapan does not 'could host' it."""
    assert int((sample.values["command_center"] == 100).sum()) == 10
    rec = recommend(sample, "64.71")
    assert sample.indicator_scores.at["64.71", "command_center"] == 100
    assert "command_center" not in rec.can_host
    # a real strength stays: every area it could host is clearly above the peer median (min_gap)
    others = [c for c in sample.indicator_scores.index if c != "64.71"]
    for area in rec.can_host:
        frame = sample.indicator_scores if area in sample.indicator_scores else sample.dimension_scores
        assert frame.at["64.71", area] >= frame.loc[others, area].median() + 5 - 1e-9


@pytest.mark.parametrize("lang, why, wider", [
    ("id", "perubahan data satu wilayah saja — atau satu wilayah lebih atau kurang — menggeser skor semua wilayah lain",
     "--peers type"),
    ("en", "a change in one region's data — or one region more or less — moves every other region's score",
     "--peers type")])
def test_small_group_warning_says_why_ranks_are_fragile(tmp_path, lang, why, wider):
    from click.testing import CliRunner

    from scorecard.cli import cli
    from examples import build_example

    wb, rub = build_example(tmp_path, up_to="files")
    out = CliRunner().invoke(cli, ["score", str(wb), "-r", str(rub), "--peers", "province", "--lang", lang],
                             catch_exceptions=False)
    line = next(x for x in out.stdout.splitlines() if "'Jawa Timur'" in x)  # Madiun + Malang: a group of 2
    assert why in line and wider in line and "0, 100" not in line


@pytest.mark.parametrize("lang, label", [("id", ": skor "), ("en", ": score ")])
def test_strengths_line_labels_its_numbers_as_scores(lang, label):
    from click.testing import CliRunner

    from scorecard.cli import cli

    out = CliRunner().invoke(cli, ["recommend", SAMPLE, "--focus", "Kota Balikpapan", "--lang", lang],
                             catch_exceptions=False)
    lines = out.stdout.splitlines()
    k = lines.index(i18n.t("rec.section.strengths", lang))
    strengths = lines[k + 1]
    assert label in strengths and ("tolok ukur" if lang == "id" else "benchmark") in strengths


def test_score_reasons_keep_the_tables_decimal():
    from scorecard.hosts import Reason

    r = Reason("rec.reason.score", {"area": {"id": "Smart Governance", "en": "Smart Governance"}, "host": 88.0, "focus": 46.7})
    assert r.render("id") == "Skor Smart Governance 88,0 vs 46,7"
    assert r.render("en") == "Smart Governance score 88.0 vs 46.7"
