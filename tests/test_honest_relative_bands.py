"""Issue 13 point 2: relative scores do not wear official grades."""

from __future__ import annotations

import json

from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from scorecard.io.rubric_file import load_rubric
from examples import SCALES, dim, ind, rubric_yaml, tiny_rubric_yaml
from wbtools import tiny_rubric, tiny_workbook

SAMPLE = str(resources.sample_workbook())


def test_shipped_scale_is_relative_with_its_own_words_and_exclusive_quarters():
    rub = load_rubric()
    scale = rub.scales[rub.scoring.scale]
    assert scale.relative and scale.id == "posisi_relatif"
    assert not {g.code for g in scale.grades} & {g.code for g in rub.scales["sakip"].grades}
    # quarters of the peer range, lower bounds exclusive: 75 is "atas", 75.01 "terdepan"; 0 "tertinggal"
    assert [scale.band_of(x).code for x in (100, 75.01, 75, 50, 25.01, 25, 0)] == \
        ["terdepan", "terdepan", "atas", "bawah", "bawah", "tertinggal", "tertinggal"]
    assert scale.find("terdepan").label.id == "Terdepan di kelompok ini"
    assert scale.find("terdepan").label.en == "Leading this group"


def test_sample_outputs_say_relative_and_never_use_sakip_words_for_the_index():
    out = CliRunner().invoke(cli, ["score", SAMPLE, "--peers", "type", "--format", "json"], catch_exceptions=False)
    data = json.loads(out.stdout)
    assert data["scores_relative"] is True and data["grade_scale"]["relative"] is True
    # a relative band is a position, never a grade: the key is "position" (QA review; docs/output.md)
    assert all("grade" not in r for r in data["regions"])
    codes = {r["position"] for r in data["regions"]} | {d["position"] for r in data["regions"] for d in r["dimensions"].values()}
    assert codes <= {"terdepan", "atas", "bawah", "tertinggal", None}
    by = {r["name"]: r for r in data["regions"]}
    # best of its group scores 100 on min-max... Kabupaten Sleman 88.1 among 5 kabupaten: leading
    assert by["Kabupaten Sleman"]["position"] == "terdepan" and by["Kabupaten Sleman"]["rank"] == 1
    for lang, heading, label, note in (
            ("id", "Posisi relatif", "Terdepan di kelompok ini", "Ini bukan predikat resmi"),
            ("en", "Relative position", "Leading this group", "They are not official grades")):
        out = CliRunner().invoke(cli, ["score", SAMPLE, "--peers", "type", "--lang", lang], catch_exceptions=False)
        assert heading in out.stdout and label in out.stdout and note in out.stdout
        assert "Sangat Memuaskan" not in out.stdout and "Very satisfactory" not in out.stdout


def test_a_rubric_grading_relative_scores_with_official_words_is_warned(tmp_path):
    wb = str(tiny_workbook(tmp_path / "t.xlsx"))
    rub = str(tiny_rubric(tmp_path / "r.yaml"))  # scoring.scale: predikat (AA..D) on min-max scores
    for lang, words in (("id", "skala 'predikat' memberi predikat pada skor yang relatif"),
                        ("en", "scale 'predikat' grades scores that are relative to the peer group")):
        out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--lang", lang], catch_exceptions=False)
        assert out.exit_code == 0 and words in out.stderr
    # marked relative: no warning, the label is shown instead of the code
    rel = tiny_rubric_yaml(scales=("sakip", "opini", ("predikat", {**SCALES["predikat"], "relative": True})))
    out = CliRunner().invoke(cli, ["score", wb, "-r", str(tiny_rubric(tmp_path / "r2.yaml", rel)), "--lang", "en"],
                             catch_exceptions=False)
    assert "grades scores that are relative" not in out.stderr and "Relative position" in out.stdout


def test_goalposts_scores_are_absolute_and_not_called_relative(tmp_path):
    from scorecard.judgement import official_words_on_relative_scores, scores_are_relative

    def rubric(**iy_keys) -> str:
        """X on fixed goalposts 0..10; Y min-max unless ``iy_keys`` say otherwise; graded A/B."""
        return rubric_yaml(id="gp", name="GP", scales=("predikat_ab",), scoring_scale="predikat",
                           columns={"x": {"label": "X", "type": "number"}, "y": {"label": "Y", "type": "number"}},
                           dimensions=[dim("d", ind("ix", "x", name="X",
                                                    normalisation={"method": "goalposts", "min": 0, "max": 10}),
                                           ind("iy", "y", name="Y", **iy_keys), name="D")])

    mixed = load_rubric(str(tiny_rubric(tmp_path / "m.yaml", rubric())))
    assert scores_are_relative(mixed) and official_words_on_relative_scores(mixed)
    fixed = load_rubric(str(tiny_rubric(tmp_path / "f.yaml",
                                        rubric(normalisation={"method": "goalposts", "min": 0, "max": 5}))))
    assert not scores_are_relative(fixed) and not official_words_on_relative_scores(fixed)
