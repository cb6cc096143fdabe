"""The engine reproduces a composite indicator computed by hand with COINr's documented recipe.

COINr (Becker et al., JRC) builds an index by: min-max normalisation of every indicator onto
[l, u] with direction -1 indicators reversed (``n_minmax``), then a weighted mean per aggregate
with weights re-scaled to sum to 1 within each group (``a_amean``/``a_gmean``), level by level.
For a geometric mean COINr normalises onto [1, 100] so that no score is 0. Every expected number
below is written out by hand from the raw values in ``REF_VALUES``.
"""

from __future__ import annotations

import math

import pytest

from examples import dim, edited, ind, line_of, number_columns, rubric_yaml
from test_methodology_fixtures import ref_csv, ref_rubric, run

CODES = ["35.71", "35.72", "35.73", "35.74"]

# min-max onto [0, 100] by hand (a: 10..50, b: 100..400, c: 5..20 reversed, d: 0.2..0.9)
A = [0.0, 25.0, 50.0, 100.0]
B = [100 / 3, 0.0, 100.0, 200 / 3]
C = [100.0, 200 / 3, 100 / 3, 0.0]
D = [30 / 0.7, 50 / 0.7, 0.0, 100.0]
DIM1 = [(2 * a + b) / 3 for a, b in zip(A, B)]  # weights 2, 1
DIM2 = [(c + 3 * d) / 4 for c, d in zip(C, D)]  # weights 1, 3
INDEX = [(d1 + 2 * d2) / 3 for d1, d2 in zip(DIM1, DIM2)]  # dimension weights 1, 2


def test_arithmetic_minmax_reproduces_reference(tmp_path):
    res = run(ref_csv(tmp_path), ref_rubric(tmp_path))
    for col, expected in (("ia", A), ("ib", B), ("ic", C), ("id_", D)):
        assert res.indicator_scores.loc[CODES, col].tolist() == pytest.approx(expected, abs=1e-9)
    assert res.dimension_scores.loc[CODES, "dim1"].tolist() == pytest.approx(DIM1, abs=1e-9)
    assert res.dimension_scores.loc[CODES, "dim2"].tolist() == pytest.approx(DIM2, abs=1e-9)
    assert res.overall.loc[CODES].tolist() == pytest.approx(INDEX, abs=1e-9)
    # spot check one number fully by hand: Kota Kediri = (11.111… + 2 * 57.142857…) / 3
    assert res.overall["35.71"] == pytest.approx((100 / 9 + 2 * (100 + 3 * 300 / 7) / 4) / 3, abs=1e-9)
    # 35.74 (79.63) > 35.72 (52.38) > 35.71 (41.80) > 35.73 (27.78)
    assert res.ranks.loc[CODES, "overall"].tolist() == [3, 2, 4, 1]


def test_geometric_on_1_100_reproduces_reference(tmp_path):
    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, agg="geometric"))
    assert res.rubric.scoring.range == (1.0, 100.0)  # COINr's advice for a geometric mean
    to_1_100 = lambda xs: [1 + 99 * x / 100 for x in xs]  # noqa: E731 - same units, new range
    a, b, c, d = (to_1_100(v) for v in (A, B, C, D))
    dim1 = [(x ** 2 * y) ** (1 / 3) for x, y in zip(a, b)]
    dim2 = [(x * y ** 3) ** (1 / 4) for x, y in zip(c, d)]
    index = [(x * y ** 2) ** (1 / 3) for x, y in zip(dim1, dim2)]
    assert res.indicator_scores.loc[CODES, "ia"].tolist() == pytest.approx([1, 25.75, 50.5, 100], abs=1e-9)
    assert res.dimension_scores.loc[CODES, "dim1"].tolist() == pytest.approx(dim1, abs=1e-9)
    assert res.dimension_scores.loc[CODES, "dim2"].tolist() == pytest.approx(dim2, abs=1e-9)
    assert res.overall.loc[CODES].tolist() == pytest.approx(index, abs=1e-9)
    # Kota Malang: d is the worst (score 1) -> dim2 = (34 * 1) ** (1/4)
    assert res.dimension_scores.at["35.73", "dim2"] == pytest.approx(34 ** 0.25, abs=1e-9)


def test_harmonic_mean_by_hand(tmp_path):
    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, agg="harmonic"))
    a, b = [1 + 99 * x / 100 for x in A], [1 + 99 * x / 100 for x in B]
    dim1 = [3 / (2 / x + 1 / y) for x, y in zip(a, b)]
    assert res.dimension_scores.loc[CODES, "dim1"].tolist() == pytest.approx(dim1, abs=1e-9)


def sub_rubric(**sections) -> str:
    """Three levels: D1 = S1 (weight 3: A x2, B x1) and S2 (weight 1: C, lower is better); D2 = D;
    the dimensions weigh the same. ``sections`` are further top-level sections."""
    return rubric_yaml(
        id="deep", name="Deep", columns=number_columns("a", "b", "c", "d"),
        dimensions=[dim("dim1", name="D1", weight=1, subdimensions=[
                        dim("s1", ind("ia", "a", name="A", weight=2), ind("ib", "b", name="B", weight=1),
                            name="S1", weight=3),
                        dim("s2", ind("ic", "c", name="C", direction="lower"), name="S2", weight=1)]),
                    dim("dim2", ind("id_", "d", name="D"), name="D2", weight=1)],
        **sections)


SUB_RUBRIC = sub_rubric()


def test_three_level_hierarchy_by_hand(tmp_path):
    rubric = tmp_path / "deep.yaml"
    rubric.write_text(SUB_RUBRIC, encoding="utf-8")
    res = run(ref_csv(tmp_path), rubric)
    s1 = [(2 * a + b) / 3 for a, b in zip(A, B)]
    s2 = C
    dim1 = [(3 * x + y) / 4 for x, y in zip(s1, s2)]
    index = [(x + y) / 2 for x, y in zip(dim1, D)]
    assert res.subdimension_scores.loc[CODES, "s1"].tolist() == pytest.approx(s1, abs=1e-9)
    assert res.dimension_scores.loc[CODES, "dim1"].tolist() == pytest.approx(dim1, abs=1e-9)
    assert res.overall.loc[CODES].tolist() == pytest.approx(index, abs=1e-9)
    # the flattened view other stages use still lists every indicator of the dimension
    assert [i.id for i in res.rubric.dimension("dim1").indicators] == ["ia", "ib", "ic"]
    assert res.rubric.indicator("ia").path == ("s1",)
    # effective weight of ia in the index: 1/2 (dim1) * 3/4 (s1) * 2/3 (ia) = 1/4
    assert res.rubric.effective_weights()["ia"] == pytest.approx(0.25)
    assert res.coverage.tolist() == pytest.approx([1.0] * 4)


def _rubric_errors(text: str, tmp_path):
    from scorecard.io.rubric_file import load_rubric
    from scorecard.issues import InputError

    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_rubric(path)
    return [(i.key, i.line, i.code) for i in exc.value.report.errors]


def test_hierarchy_checks_name_key_and_line(tmp_path):
    dup = edited(SUB_RUBRIC, "- id: s2\n", "- id: ia\n")  # a sub-dimension reusing an indicator id
    errors = _rubric_errors(dup, tmp_path)
    assert ("dimensions[0].subdimensions[1].id", line_of(dup, "- id: ia"), "duplicate-id") in errors
    both = edited(SUB_RUBRIC, "    weight: 1\n    subdimensions:",
                  "    weight: 1\n    indicators: []\n    subdimensions:")  # a dimension with both
    errors = _rubric_errors(both, tmp_path)
    assert ("dimensions[0]", line_of(both, "- id: dim1"), "indicators-or-subdimensions") in errors


def test_hierarchy_depth_limit(tmp_path):
    import yaml

    data = yaml.safe_load(SUB_RUBRIC)
    node = {"id": "leaf", "name": "L", "indicators": [{"id": "ia", "name": "A", "kind": "number", "column": "a"}]}
    for level in range(5):  # five sub-dimension levels: one more than allowed
        node = {"id": f"s{level}", "name": "S", "subdimensions": [node]}
    node["id"] = "dim1"
    data["dimensions"] = [node]
    errors = _rubric_errors(yaml.safe_dump(data, sort_keys=False), tmp_path)
    assert [e[2] for e in errors] == ["hierarchy-too-deep"]
    assert errors[0][0] == "dimensions[0]" + ".subdimensions[0]" * 4 + ".subdimensions"
    # four levels are fine
    data["dimensions"] = [data["dimensions"][0]["subdimensions"][0] | {"id": "dim1"}]
    from scorecard.rubric import build_rubric

    rub = build_rubric(data)
    assert rub.indicator("ia").path == ("s2", "s1", "s0", "leaf")
    assert [n.id for n in rub.nodes()] == ["leaf", "s0", "s1", "s2", "dim1", "overall"]
