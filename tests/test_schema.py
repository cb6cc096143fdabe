"""The shared schema toolkit (scorecard.schema) and the rubric's explicitly declared sections."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scorecard.issues import InputError
from scorecard.schema import Ctx, Text


def test_ctx_collects_every_problem_with_key_path_and_line():
    ctx = Ctx("r.yaml", {"a": 3, "a.b": 4, "c[1]": 9})
    top = ctx.mapping({"a": {"b": "x"}, "zz": 1}, "", {"a", "c"}, {"c"})
    assert ctx.number(top["a"]["b"], "a.b") is None
    assert ctx.text({"id": "Nama", "en": "Name"}, "name") == Text("Nama", "Name")
    assert ctx.choice("maybe", "c[1].kind", ("yes", "no"), "no") == "no"  # falls back, reports
    assert ctx.ident("Bad Id", "c[1].id") is None
    got = [(i.code, i.key, i.line) for i in ctx.report.errors]
    assert got == [("unknown-key", "zz", None), ("missing-key", "c", None), ("wrong-type", "a.b", 4),
                   ("bad-choice", "c[1].kind", 9), ("bad-id", "c[1].id", 9)]  # c[1].* -> the line of c[1]
    with pytest.raises(InputError):
        ctx.raise_if_errors()


def test_rubric_rehearsal_and_sections_share_the_toolkit():
    import scorecard.judgement
    import scorecard.recommend_config
    import scorecard.rehearsal
    import scorecard.rubric
    import scorecard.units

    assert scorecard.rehearsal.Ctx is Ctx and scorecard.rubric.Text is Text
    for name, module in (("recommend", scorecard.recommend_config), ("judgement", scorecard.judgement),
                         ("units", scorecard.units)):
        assert scorecard.rubric.section_checker(name) is module.check_section
        assert module.check_section.__annotations__["ctx"] == "Ctx"


def test_sections_are_declared_not_registered_at_import():
    """A fresh interpreter that imports only the rubric module still checks the recommend:,
    judgement: and units: sections (nothing has to be imported first), and stays light."""
    code = """
import sys
from scorecard.rubric import SECTIONS, build_rubric
from scorecard.issues import InputError
assert not {'pandas', 'numpy', 'openpyxl'} & set(sys.modules), sorted(sys.modules)
base = {'id': 'r', 'version': '1', 'name': 'R', 'columns': {'x': {'label': 'X', 'type': 'number'}},
        'dimensions': [{'id': 'd', 'name': 'D', 'indicators': [{'id': 'i', 'name': 'I', 'kind': 'number', 'column': 'x'}]}]}
rub = build_rubric({**base, 'units': 'desa.csv', 'judgement': {'small_group': 4}, 'recommend': {'benchmark': 'median'}})
print(sorted(SECTIONS), rub.units, rub.judgement.small_group, rub.recommend.benchmark)
try:
    build_rubric({**base, 'units': 'desa.xlsx', 'recommend': {'benchmark': 'top'}})
except InputError as e:
    print(sorted((i.key, i.code) for i in e.report.errors))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    first, second = proc.stdout.strip().splitlines()
    assert first == "['judgement', 'recommend', 'units'] desa.csv 4 median"
    assert second == "[('recommend.benchmark', 'bad-choice'), ('units', 'wrong-type')]"


def test_each_declared_section_is_a_typed_rubric_field():
    """Every section in rubric.SECTIONS lands in the Rubric field of its name (typed, None when the
    rubric has no such section); there is no open ``extras`` bag, and an undeclared section is an
    unknown key, not something kept on the side."""
    import dataclasses
    import typing

    from scorecard.judgement import DEFAULT_JUDGEMENT, Judgement, judgement_of
    from scorecard.recommend_config import DEFAULT_CONFIG, RecommendConfig, config_of
    from scorecard.rubric import SECTIONS, Rubric, build_rubric
    from scorecard.units import units_path

    fields = {f.name for f in dataclasses.fields(Rubric)}
    assert set(SECTIONS) <= fields and "extras" not in fields
    hints = typing.get_type_hints(Rubric, localns={"RecommendConfig": RecommendConfig, "Judgement": Judgement})
    assert hints["recommend"] == RecommendConfig | None and hints["judgement"] == Judgement | None
    assert hints["units"] == str | None
    base = {"id": "r", "version": "1", "name": "R", "columns": {"x": {"label": "X", "type": "number"}},
            "dimensions": [{"id": "d", "name": "D",
                            "indicators": [{"id": "i", "name": "I", "kind": "number", "column": "x"}]}]}
    plain = build_rubric(base, file="/data/r.yaml")
    assert (plain.recommend, plain.judgement, plain.units) == (None, None, None)
    assert config_of(plain) is DEFAULT_CONFIG and judgement_of(plain) is DEFAULT_JUDGEMENT
    assert units_path(plain, None) is None
    full = build_rubric({**base, "units": " desa.csv ", "judgement": {"small_group": 3},
                         "recommend": {"benchmark": "median"}}, file="/data/r.yaml")
    assert full.units == "desa.csv" and str(units_path(full, None)) == "/data/desa.csv"
    assert judgement_of(full).small_group == 3 and config_of(full).benchmark == "median"
    with pytest.raises(InputError) as err:
        build_rubric({**base, "extras": {"units": "desa.csv"}})
    assert [(i.code, i.key) for i in err.value.report.errors] == [("unknown-key", "extras")]
