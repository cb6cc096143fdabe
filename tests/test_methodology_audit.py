"""Statistical audit: Cronbach's alpha, correlation flags, barely varying indicators."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.audit import cronbach_alpha, flag, pearson
from test_methodology_fixtures import REGIONS, write_csv
from examples import dim, ind, rubric_yaml


def test_cronbach_alpha_3x3_by_hand():
    # items (columns) over three regions; totals 4, 8, 12
    x = pd.DataFrame({"i1": [1, 2, 3], "i2": [2, 3, 5], "i3": [1, 3, 4]}, dtype=float)
    # variances: 1, 7/3, 7/3 (sum 17/3); variance of the totals: 16
    # alpha = 3/2 * (1 - (17/3) / 16) = 31/32
    alpha, n = cronbach_alpha(x)
    assert alpha == pytest.approx(31 / 32, abs=1e-12) and n == 3
    # rows with a gap are left out; fewer than 3 complete rows -> no alpha
    x.loc[1, "i2"] = None
    assert cronbach_alpha(x)[1] == 2 and cronbach_alpha(x)[0] != cronbach_alpha(x)[0]


def test_pearson_and_flags_by_hand():
    # x = 1,2,3 ; y = 2,1,3: dx = -1,0,1 ; dy = 0,-1,1 -> r = 1 / sqrt(2 * 2) = 0.5
    assert pearson(pd.Series([1.0, 2, 3]), pd.Series([2.0, 1, 3])) == pytest.approx(0.5)
    assert pearson(pd.Series([1.0, 2, 3, None]), pd.Series([2.0, 1, 3, 9])) == pytest.approx(0.5)
    assert flag(-0.5) == "negative" and flag(0.05) == "near-zero" and flag(-0.05) == "near-zero"
    assert flag(0.5) is None


RUBRIC = rubric_yaml(
    id="aud", name="Audit", columns={c: {"label": c.upper(), "type": "number"} for c in "abcef"},
    dimensions=[dim("dim1", ind("ia", "a", name="A"), ind("ib", "b", name="B"),
                    ind("ic", "c", name={"id": "Indikator C", "en": "Indicator C"}),
                    name={"id": "Dimensi satu", "en": "Dimension one"}),
                dim("dim2", ind("ie", "e", name={"id": "Indikator E", "en": "Indicator E"}), ind("if_", "f", name="F"),
                    name="D2")])


def _case(tmp_path):
    a = [1, 2, 3, 4, 5]
    c = [5, 4, 3, 2, 1]  # runs against a and b
    e = [1, 1, 1, 1, 2]  # 80 % share the same value
    f = [1, 1, 1, 2, 2]  # 60 %: fine
    rows = [(code, name, a[k], a[k], c[k], e[k], f[k]) for k, (code, name) in enumerate(REGIONS[:5])]
    csv = write_csv(tmp_path, ["a", "b", "c", "e", "f"], rows)
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    return str(csv), str(rubric)


def test_audit_of_a_run(tmp_path):
    from scorecard.audit import audit
    from test_methodology_fixtures import run

    csv, rubric = _case(tmp_path)
    res = run(csv, rubric)
    aud = audit(res)
    # scores: a = b = 0,25,50,75,100; c = 100,75,50,25,0; dim1 = 33.3,41.7,50,58.3,66.7 (a straight line)
    assert aud.correlations.at["ia", "r_dimension"] == pytest.approx(1.0)
    assert aud.correlations.at["ic", "r_dimension"] == pytest.approx(-1.0)
    assert aud.correlations.at["ic", "flag"] == "negative"
    assert aud.correlations["flag"].isna().sum() == 4
    # alpha of dim1 over scores s, s, 100 - s (s = 0..100 by 25): item variances 1562.5 each,
    # totals = s + 100 -> variance 1562.5; alpha = 3/2 * (1 - 3) = -3
    assert aud.alpha["dim1"] == pytest.approx(-3.0)
    assert list(aud.near_constant.index) == ["ie"]
    assert aud.near_constant.at["ie", "same_share"] == pytest.approx(0.8)


def test_cli_audit(tmp_path):
    from scorecard.cli import cli

    csv, rubric = _case(tmp_path)
    runner = CliRunner()
    out = runner.invoke(cli, ["score", csv, "-r", rubric, "--audit", "--format", "json"], catch_exceptions=False)
    data = json.loads(out.stdout)
    # index = (dim1 + dim2) / 2 with dim1 = 100/3 + s/3 and dim2 = mean(e, f) = 0, 0, 0, 50, 100
    dim1 = [100 / 3 + s / 3 for s in (0, 25, 50, 75, 100)]
    index = [(x + y) / 2 for x, y in zip(dim1, (0, 0, 0, 50, 100))]
    r_index = pearson(pd.Series([100.0, 75, 50, 25, 0]), pd.Series(index))
    assert data["audit"]["correlations"]["ic"] == {"dimension": "dim1", "r_dimension": -1.0,
                                                   "r_index": pytest.approx(r_index, abs=1e-6), "flag": "negative"}
    assert data["audit"]["cronbach_alpha"]["dim1"] == {"alpha": -3.0, "regions": 5}
    assert data["audit"]["near_constant"] == {"ie": {"same_share": 0.8, "distinct": 2}}
    out = runner.invoke(cli, ["score", csv, "-r", rubric, "--audit", "--lang", "en"], catch_exceptions=False)
    assert "Indicator C correlates negatively with its dimension Dimension one (r = -1.00)" in out.stdout
    assert "Indicator E barely varies: 80% of regions have the same value." in out.stdout
    assert "Dimension one: Cronbach's alpha -3.00 (5 regions with complete data)." in out.stdout
