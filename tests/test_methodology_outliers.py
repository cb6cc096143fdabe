"""Outliers: skewness/kurtosis as Excel defines them, winsorisation and log transform by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from examples import dim, ind, line_of, number_columns, write_rubric
from scorecard import treat
from test_methodology_fixtures import REGIONS, write_csv


def excel_skew(x):
    n, m = len(x), sum(x) / len(x)
    s = math.sqrt(sum((v - m) ** 2 for v in x) / (n - 1))
    return n / ((n - 1) * (n - 2)) * sum(((v - m) / s) ** 3 for v in x)


def excel_kurt(x):
    n, m = len(x), sum(x) / len(x)
    s = math.sqrt(sum((v - m) ** 2 for v in x) / (n - 1))
    return (n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * sum(((v - m) / s) ** 4 for v in x)
            - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))


SERIES = [*range(1, 21), 60, 80, 100]


def test_skew_and_kurtosis_match_excel_definitions():
    for x in (SERIES, [1, 2, 3, 4, 5, 6, 7, 8, 100], [3, 1, 4, 1, 5, 9, 2, 6]):
        assert treat.skewness(np.array(x, float)) == pytest.approx(excel_skew(x), rel=1e-12)
        assert treat.kurtosis(np.array(x, float)) == pytest.approx(excel_kurt(x), rel=1e-12)
    assert math.isnan(treat.skewness(np.array([1.0, 2.0])))  # fewer than 3 values


def test_winsorisation_step_by_step():
    x = pd.Series(SERIES, dtype=float, index=[f"r{i}" for i in range(len(SERIES))])
    # before: skew 2.38 >= 2 and kurtosis 5.07 >= 3.5 -> treat
    assert excel_skew(SERIES) > 2 and excel_kurt(SERIES) > 3.5
    # step 1: 100 -> 80 (the next value in); skew 2.175, kurtosis 3.777: still failing. nwin = 1
    step1 = [*range(1, 21), 60, 80, 80]
    assert abs(excel_skew(step1)) > 2 and excel_kurt(step1) > 3.5
    # step 2: both 80s -> 60; skew 1.915 < 2: passing. COINr's nwin = the two values now at the
    # edge (r21, r22) = 2, not 1 + 2 = 3 (r22 pulled in twice is one winsorised value)
    step2 = [*range(1, 21), 60, 60, 60]
    assert not (abs(excel_skew(step2)) >= 2 and excel_kurt(step2) >= 3.5)
    out, t = treat.treat(x, "winsorise", max_points=5)
    assert out.tolist() == step2
    assert (t.applied, t.points, t.changed) == ("winsorise", 2, ("r22", "r21"))
    assert t.skew_after == pytest.approx(excel_skew(step2))
    # at most one point: stops after step 1
    out, t = treat.treat(x, "winsorise", max_points=1)
    assert out.tolist() == step1 and t.points == 1
    # still failing after one point and log allowed: the ORIGINAL values are log-transformed
    out, t = treat.treat(x, "winsorise", max_points=1, log_if_needed=True)
    assert t.applied == "log"
    assert out.tolist() == pytest.approx([math.log(v - 1 + 0.01 * 99) for v in SERIES])


def test_winsorisation_counts_like_coinr_over_four_steps():
    # 1..30, 120, 130, 150, 170 (skew 2.45 >= 2, kurtosis 4.92 >= 3.5 at the start)
    # step 1: 170 -> 150        nwin 1   skew 2.346 kurtosis 4.273  failing
    # step 2: 150, 150 -> 130   nwin 2   skew 2.260 kurtosis 3.805  failing
    # step 3: 130 x3 -> 120     nwin 3   skew 2.221 kurtosis 3.658  failing
    # step 4: 120 x4 -> 30      nwin 4   skew -0.122 kurtosis -1.303 passing
    # The old count (1, 1+2, 1+2+3 = 6) stopped after step 3 with max_points 5 and then
    # log-transformed an indicator that COINr only winsorises.
    vals = [*range(1, 31), 120, 130, 150, 170]
    codes = [f"r{i}" for i in range(len(vals))]
    x = pd.Series(vals, dtype=float, index=codes)
    for step, tail in enumerate(([120, 130, 150, 150], [120, 130, 130, 130], [120, 120, 120, 120]), 1):
        v = [*range(1, 31), *tail]
        assert abs(excel_skew(v)) >= 2 and excel_kurt(v) >= 3.5, step
    done = [*range(1, 31), 30, 30, 30, 30]
    assert excel_skew(done) == pytest.approx(-0.122, abs=1e-3) and excel_kurt(done) < 3.5
    out, t = treat.treat(x, "winsorise", max_points=5, log_if_needed=True)
    assert t.applied == "winsorise" and t.points == 4
    assert out.tolist() == done
    assert t.changed == ("r33", "r32", "r31", "r30")
    # max_points 3: stops after step 3 (nwin 3), still failing -> the log transform is used
    out, t = treat.treat(x, "winsorise", max_points=3, log_if_needed=True)
    assert t.applied == "log"


def test_thresholds_are_inclusive_like_coinr():
    x = np.array(SERIES, float)
    sk, ku = treat.skewness(x), treat.kurtosis(x)
    # COINr passes only when |skew| < threshold or kurtosis < threshold: equal values fail
    assert treat.fails_rule(x, sk, ku)
    assert not treat.fails_rule(x, sk + 1e-9, ku)
    assert not treat.fails_rule(x, sk, ku + 1e-9)


def test_no_treatment_when_the_rule_passes():
    x = pd.Series([3, 1, 4, 1, 5, 9, 2, 6], dtype=float)
    out, t = treat.treat(x, "winsorise")
    assert out.equals(x) and t.applied == "none" and t.points == 0


def _rubric(tmp_path, outliers: dict, ib_outliers: str | None = None) -> str:
    """One dimension of two numbers, A and B; ``outliers`` is the rubric's section, ``ib_outliers``
    B's own treatment."""
    ib = ind("ib", "b", name="B") if ib_outliers is None else ind("ib", "b", name="B", outliers=ib_outliers)
    path = write_rubric(tmp_path / "rubric.yaml", id="out", name="Outliers", columns=number_columns("a", "b"),
                        outliers=outliers, dimensions=[dim("dim1", ind("ia", "a", name="A"), ib, name="D1")])
    return str(path)


def _csv(tmp_path):
    a = [1, 2, 3, 4, 5, 6, 7, 8, 100]  # skew 2.97, kurtosis 8.87: one point to pull in
    b = [1, 10, 100, 1000, 10, 1, 100, 10, 1]
    return str(write_csv(tmp_path, ["a", "b"], [(c, n, x, y) for (c, n), x, y in zip(REGIONS, a, b)]))


def test_pipeline_winsorises_flags_and_reports(tmp_path):
    from scorecard.cli import cli

    out = CliRunner().invoke(cli, ["score", _csv(tmp_path), "-r", _rubric(tmp_path, {"method": "winsorise"}),
                                   "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    by = {r["code"]: r for r in data["regions"]}
    # Kota Batu's 100 became 8, so it shares the top min-max score with Kota Surabaya (8)
    assert by["35.79"]["indicators"]["ia"]["value"] == 100  # the value shown is the planner's own
    assert by["35.79"]["indicators"]["ia"]["score"] == 100 and by["35.78"]["indicators"]["ia"]["score"] == 100
    assert by["35.79"]["indicators"]["ia"]["winsorised"] is True
    assert "winsorised" not in by["35.78"]["indicators"]["ia"]
    # Kota Blitar: (2 - 1) / (8 - 1) * 100
    assert by["35.72"]["indicators"]["ia"]["score"] == pytest.approx(100 / 7, abs=1e-6)
    treated = {t["indicator"]: t for t in data["methodology"]["treatment"]}
    assert treated["ia"]["applied"] == "winsorise" and treated["ia"]["points"] == 1
    assert treated["ia"]["skew_before"] == pytest.approx(excel_skew([1, 2, 3, 4, 5, 6, 7, 8, 100]), abs=1e-6)
    # b: 1000 is pulled in to 100 (Kota Probolinggo), after which the rule passes
    assert treated["ib"]["applied"] == "winsorise" and treated["ib"]["points"] == 1
    assert by["35.74"]["indicators"]["ib"]["winsorised"] is True and by["35.74"]["indicators"]["ib"]["score"] == 100


def test_indicator_log_transform(tmp_path):
    from scorecard.pipeline import score
    from test_methodology_fixtures import load

    rub, tables = load(_csv(tmp_path), _rubric(tmp_path, {"method": "none"}, ib_outliers="log"))
    res = score(tables, rub)
    b = [1, 10, 100, 1000, 10, 1, 100, 10, 1]
    logs = [math.log(v - 1 + 0.01 * 999) for v in b]
    lo, hi = min(logs), max(logs)
    expected = [(v - lo) / (hi - lo) * 100 for v in logs]
    codes = [c for c, _ in REGIONS]
    assert res.indicator_scores.loc[codes, "ib"].tolist() == pytest.approx(expected, abs=1e-9)
    # ia is untouched (outliers: none)
    assert res.indicator_scores.at["35.79", "ia"] == 100 and res.indicator_scores.at["35.78", "ia"] == pytest.approx(700 / 99)
    rec = res.treatment.set_index("indicator").loc["ib"]
    assert rec["applied"] == "log"


def test_bad_outlier_keys(tmp_path):
    from scorecard.cli import cli

    rubric = _rubric(tmp_path, {"method": "trim", "max_points": 0}, ib_outliers="square")
    out = CliRunner().invoke(cli, ["score", _csv(tmp_path), "-r", rubric, "--lang", "en"])
    assert out.exit_code == 1
    text = Path(rubric).read_text(encoding="utf-8")
    section, ib = line_of(text, "outliers: {method: trim"), line_of(text, "outliers: square")
    assert f"key outliers.method, line {section}" in out.stderr
    assert f"key outliers.max_points, line {section}" in out.stderr
    assert f"key dimensions[0].indicators[1].outliers, line {ib}" in out.stderr
