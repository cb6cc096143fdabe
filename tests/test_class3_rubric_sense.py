"""Issue 18 class 3 (QA item 12): warnings about ``judgement.host`` keys are about keys the rubric
wrote — a rubric with ``host: {min_score: 60}`` and no SAKIP/RB/SPBE indicators is not warned about
the default ``min_grades`` (sakip, rb, spbe) it never wrote. The nonsense settings themselves are
corpus cases (tests/corpus/cases_fixer.py, class3-…), checked in both languages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from wbtools import TINY_RUBRIC, tiny_rubric, tiny_workbook

NO_SAKIP = TINY_RUBRIC.replace("      - {id: sakip, name: SAKIP, kind: grade, column: nilai_sakip, weight: 3}\n", "")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_default_min_grades_never_written_are_not_warned(tmp_path, lang):
    rub = tiny_rubric(tmp_path / "r.yaml", NO_SAKIP + "judgement:\n  host: {min_score: 60}\n")
    res = CliRunner().invoke(cli, ["score", str(tiny_workbook(tmp_path / "d.xlsx")), "--rubric", str(rub),
                                   "--lang", lang])
    assert res.exit_code == 0, res.output
    assert "judgement.host.min_grades" not in res.stderr and "judgement.host.any_type" not in res.stderr


@pytest.mark.parametrize("lang", ["id", "en"])
def test_written_min_grades_naming_nothing_are_still_warned(tmp_path, lang):
    rub = tiny_rubric(tmp_path / "r.yaml", NO_SAKIP + "judgement:\n  host: {min_score: 60, min_grades: {rb: BB}}\n")
    res = CliRunner().invoke(cli, ["score", str(tiny_workbook(tmp_path / "d.xlsx")), "--rubric", str(rub),
                                   "--lang", lang])
    assert res.exit_code == 0, res.output
    assert "judgement.host.min_grades.rb" in res.stderr
    assert "min_grades.sakip" not in res.stderr and "min_grades.spbe" not in res.stderr
