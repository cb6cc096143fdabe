"""The tests' example builder (tests/examples.py) builds what it says, stage by stage."""

from __future__ import annotations

import math

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


def test_rubric_text_reads_back_as_written_and_looks_hand_written():
    """The emitter keeps every value's type (a version "1" stays text, "yes" is not true, NaN and
    infinity survive) and writes one line per grade, column and indicator."""
    from examples import to_yaml

    doc = {"id": "x", "version": "1", "name": {"id": "Uji: satu, dua", "en": "yes"},
           "odd": {"a": "-1", "b": "null", "c": "x #y", "d": "[1]", "e": "Kota Madiun", "f": "é'\"", "g": ""},
           "numbers": {"f": 0.5, "big": 1e-05, "nan": float("nan"), "inf": float("-inf"), "t": True, "n": None},
           "items": [{"code": "A", "aliases": ["WTP-DPP", "1"], "sub": {"k": 1}}, {"deep": [{"x": 1}]}]}
    back = yaml.safe_load(to_yaml(doc))
    assert math.isnan(back["numbers"].pop("nan"))  # NaN != NaN: compared on its own
    assert back == {**doc, "numbers": {k: v for k, v in doc["numbers"].items() if k != "nan"}}
    from wbtools import TINY_RUBRIC

    lines = TINY_RUBRIC.splitlines()
    # the corpus cases name these lines (tests/corpus/cases_part2.py): keep the layout
    assert lines[10] == "      - {code: AA, label: Sangat Memuaskan, min: 90, max: 100, value: 95}"
    assert "      - {id: award_gov, name: Penghargaan, kind: awards, awards: {category: governance}, weight: 1}" in lines
    assert "  miskin: {label: Penduduk miskin, type: percent, min: 0, max: 100}" in lines
    assert 'version: "1"' in lines and "  - id: ekonomi" in lines
    tiny = build_rubric(yaml.safe_load(TINY_RUBRIC))
    assert dict(tiny.scales) == dict(build_rubric(yaml.safe_load(rubric_yaml(
        id="x", name="X", scales=("sakip", "opini", "predikat"), columns={"a": {"label": "A", "type": "number"}},
        dimensions=[dim("d", ind("ia", "a"))]))).scales)
    assert set(SCALES) >= {"sakip", "opini", "predikat", "predikat_ab", "predikat_abc"}
