"""Issue 18 class 2 (QA items 1-2): a huge (1e308, 1.7e308) or tiny (1e-320) number in a cell or a
``--set`` is refused by the plausibility rule (docs/reliability.md), located, in both languages;
a derived value (a ratio times its multiplier) that overflows or is beyond the rule is an error
naming the region, the indicator and its source cells; no numpy warning reaches stderr; never
exit 3."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.issues import _show
from wbtools import TINY_RUBRIC, tiny_rubric, tiny_workbook

ROOT = Path(__file__).resolve().parent.parent
HUGE_FRAGMENT = {"id": "tidak masuk akal", "en": "not plausible"}


def _regions(pad: float) -> list[list]:
    return [["Kota Madiun", "35.77", 82, pad, 1000, 5.0], ["Kota Malang", "35.73", "BB", 900, 2000, 4.0],
            ["Kabupaten Bangka", "19.01", 60.5, 150, 1500, 6.0]]


def _run(args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scorecard", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.mark.parametrize("pad, shown", [(1.7e308, "1.7e+308"), (1e308, "1e+308"), (1e-320, "1e-320")])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_absurd_cell_is_a_located_error_without_warning(tmp_path, pad, shown, lang):
    wb = tiny_workbook(tmp_path / "data.xlsx", regions=_regions(pad))
    rub = tiny_rubric(tmp_path / "r.yaml")
    res = _run(["score", str(wb), "--rubric", str(rub), "--lang", lang, "-o", str(tmp_path / "out.json")])
    assert res.returncode == 1, res.stderr
    assert "RuntimeWarning" not in res.stderr and "Traceback" not in res.stderr
    line = next(x for x in res.stderr.splitlines() if HUGE_FRAGMENT[lang] in x)
    assert "'wilayah'" in line and (" D " in line or "D (pad)" in line) and shown in line
    assert ("baris 2" if lang == "id" else "row 2") in line
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("value", ["1e308", "1e-320", "-1e200"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_whatif_set_absurd_is_refused_naming_the_set(tmp_path, value, lang):
    wb = tiny_workbook(tmp_path / "data.xlsx")
    rub = tiny_rubric(tmp_path / "r.yaml")
    res = _run(["whatif", str(wb), "--rubric", str(rub), "--focus", "Kota Madiun", "--set", f"pad={value}",
                "--lang", lang])
    assert res.returncode == 1, res.stderr
    assert "RuntimeWarning" not in res.stderr and "InvalidOperation" not in res.stderr
    assert "--set" in res.stderr and HUGE_FRAGMENT[lang] in res.stderr and f"pad={value}" in res.stderr


@pytest.mark.parametrize("lang", ["id", "en"])
def test_overflowing_ratio_names_region_indicator_and_cells(tmp_path, lang):
    # pad 300 / pendapatan 1000 x 1e102 = 3e101: beyond the rule although both cells are plausible
    rub = tiny_rubric(tmp_path / "r.yaml", TINY_RUBRIC.replace("multiplier: 100,", "multiplier: 1.0e+102,"))
    wb = tiny_workbook(tmp_path / "data.xlsx")
    res = CliRunner().invoke(cli, ["score", str(wb), "--rubric", str(rub), "--lang", lang])
    assert res.exit_code == 1, res.output
    lines = [x for x in res.stderr.splitlines() if "pad_share" in x or "PAD per pendapatan" in x]
    assert lines, res.stderr
    madiun = next(x for x in lines if "Kota Madiun" in x)
    assert "wilayah!D2 (pad)" in madiun and "wilayah!E2 (pendapatan)" in madiun and "3e+101" in madiun
    assert ("turunan" if lang == "id" else "derived") in madiun


def test_infinite_normalised_score_is_refused(tmp_path):
    from types import SimpleNamespace

    from scorecard.derive import refuse_unusable
    from scorecard.io.rubric_file import load_rubric
    from scorecard.issues import InputError

    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    ids = [i.id for i in rubric.indicators]
    frame = pd.DataFrame(50.0, index=["35.77", "35.73"], columns=ids)
    tables = SimpleNamespace(file="data.xlsx", regions=pd.DataFrame({"name": ["Kota Madiun", "Kota Malang"]},
                                                                     index=frame.index), cells={})
    refuse_unusable(tables, rubric, frame, stage="normalised")  # finite scores: nothing to say
    frame.loc["35.73", "miskin"] = np.inf
    frame.loc["35.77", "miskin"] = 1e-200  # a tiny score is a real score
    with pytest.raises(InputError) as err:
        refuse_unusable(tables, rubric, frame, stage="normalised")
    issues = err.value.report.errors
    assert len(issues) == 1 and issues[0].code == "normalised-not-usable"
    assert "Kota Malang" in issues[0].render("en") and "'miskin'" in issues[0].render("en")


def test_tiny_value_keeps_its_digits_in_messages():
    # QA item 14: -1e-300 below a minimum of 0 was shown as "nilai 0 di bawah batas minimum 0"
    assert _show(-1e-300, "id") == "-1e-300"
    assert _show(-1e-300, "en") == "-1e-300"
    assert _show(0.5, "id") == "0,5" and _show(0.0, "id") == "0"


def test_number_formatting_never_raises_on_extreme_values():
    from scorecard import i18n

    for v in (float("inf"), 1e300, -1e300):
        assert i18n.decimal(v, "id", 2)  # was decimal.InvalidOperation -> exit 3
