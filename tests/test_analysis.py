"""scorecard.analyse(): one typed, immutable analysis that every command uses (docs/api.md)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import scorecard
from scorecard import resources
from scorecard.analysis import Analysis
from scorecard.cli import cli
from scorecard.commands.common import load_inputs
from scorecard.io.score_output import score_json
from scorecard.results import ScoreResult

SAMPLE = str(resources.sample_workbook())
BPP = "64.71"


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(SAMPLE, None)


def test_analyse_is_what_the_cli_prints(inputs):
    rubric, tables, notes = inputs
    a = scorecard.analyse(tables, rubric, peers="type", focus=BPP, notes=notes, uncertainty=True, seed=4,
                          replications=50)
    got = CliRunner().invoke(cli, ["score", SAMPLE, "--peers", "type", "--focus", BPP, "--uncertainty",
                                   "--seed", "4", "--replications", "50", "--format", "json"])
    assert got.exit_code == 0, got.output
    assert json.loads(score_json(a)) == json.loads(got.stdout)


def test_stages_are_typed_fields_present_only_when_asked(inputs):
    rubric, tables, _ = inputs
    a = scorecard.analyse(tables, rubric, focus=BPP)
    assert isinstance(a.score, ScoreResult)
    assert (a.uncertainty, a.sensitivity, a.audit, a.recommendation) == (None, None, None, None)
    assert a.trends is None  # the sample holds one year
    b = scorecard.analyse(tables, rubric, focus=BPP, uncertainty=True, replications=20, seed=1,
                          sensitivity=True, audit=True, recommend=True)
    assert b.uncertainty.replications == 20 and b.uncertainty.seed == 1
    assert b.sensitivity.focus == BPP
    assert set(b.audit.alpha.index) == {d.id for d in rubric.dimensions}
    assert b.recommendation.focus == BPP


def test_analysis_and_score_are_frozen_and_have_no_extras(inputs):
    rubric, tables, _ = inputs
    a = scorecard.analyse(tables, rubric)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.uncertainty = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.score.overall = None  # type: ignore[misc]
    assert not hasattr(a.score, "extras") and not hasattr(a, "extras")


def test_for_focus_reuses_the_scoring_run(inputs):
    rubric, tables, _ = inputs
    a = scorecard.analyse(tables, rubric)
    b = a.for_focus("35.77")
    assert b.score is a.score and b.focus == "35.77"
    assert b.recommendation is not None and b.recommendation.focus == "35.77"
    assert a.recommendation is None  # a itself is unchanged


def test_focus_needed_for_recommend_and_sensitivity(inputs):
    rubric, tables, _ = inputs
    with pytest.raises(ValueError):
        scorecard.analyse(tables, rubric, recommend=True)
    with pytest.raises(ValueError):
        scorecard.analyse(tables, rubric, sensitivity=True)


def test_every_command_goes_through_analyse():
    # no command scores on its own: they all call scorecard.analysis.analyse
    commands = Path(scorecard.__file__).parent / "commands"
    for name in ("score", "recommend", "report", "demo"):
        text = (commands / f"{name}.py").read_text(encoding="utf-8")
        assert "analyse(" in text, name
        assert not re.search(r"pipeline import score|recommend import recommend\b", text), name
    whatif = (Path(scorecard.__file__).parent / "whatif.py").read_text(encoding="utf-8")
    assert "analyse(" in whatif and "pipeline import score" not in whatif


def test_api_doc_example_runs(tmp_path, monkeypatch):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    code = code.replace('"indicators/contoh_smart_city.xlsx"', repr(SAMPLE))
    env: dict = {}
    exec(compile(code, "docs/api.md", "exec"), env)
    assert isinstance(env["a"], Analysis)
    assert (tmp_path / "balikpapan.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads(env["json_text"])["focus"] == BPP
