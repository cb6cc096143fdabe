"""The tests' example builder (tests/examples.py) builds what it says, stage by stage."""

from __future__ import annotations

import yaml

from examples import SCALES, build_example, dim, ind, rubric_yaml
from scorecard.rubric import build_rubric


def test_build_example_up_to_each_stage(tmp_path):
    workbook, rubric_path = build_example(tmp_path, up_to="files")
    assert workbook.exists() and rubric_path.exists()
    rub = build_example(tmp_path, up_to="rubric")
    assert [d.id for d in rub.dimensions] == ["tata_kelola", "ekonomi"]
    rub, tables = build_example(tmp_path, up_to="tables")
    assert sorted(tables.regions.index) == ["19.01", "35.73", "35.77"]
    res = build_example(tmp_path, up_to="result")
    # poverty, lower is better, min-max over 4, 5, 6 %: Malang 100, Madiun 50, Bangka 0
    assert res.indicator_scores.loc[["35.73", "35.77", "19.01"], "miskin"].tolist() == [100.0, 50.0, 0.0]
    an = build_example(tmp_path, up_to="analysis", focus="35.77")
    assert an.score.overall.equals(res.overall)


def test_the_scale_library_is_the_tiny_rubrics_scales():
    """SCALES holds the same SAKIP, opinion and predikat scales as wbtools.TINY_RUBRIC."""
    from wbtools import TINY_RUBRIC

    tiny = build_rubric(yaml.safe_load(TINY_RUBRIC))
    built = build_rubric(yaml.safe_load(rubric_yaml(
        id="x", name="X", scales=("sakip", "opini", "predikat"), columns={"a": {"label": "A", "type": "number"}},
        dimensions=[dim("d", ind("ia", "a"))])))
    assert dict(built.scales) == dict(tiny.scales)
    assert set(SCALES) >= {"sakip", "opini", "predikat", "predikat_ab", "predikat_abc"}
