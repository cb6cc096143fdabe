"""Machine outputs at full precision (issue 13, point 8).

A 514-region panel (every kabupaten/kota of the registry) with a 3-level rubric is written as a
CSV by pandas, scored through the CLI, and every number of ``score --format json`` and
``--format csv`` is compared with an independent numpy recomputation of COINr's recipe (min-max
onto [0, 100], weighted arithmetic means level by level): equal to 1e-12. Sub-dimension scores
appear in both outputs.
"""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard import resources
from examples import dim, ind, rubric_yaml

RUBRIC = rubric_yaml(
    id="precision", name="Precision", outliers={"method": "none"},
    columns={c: {"label": c.upper(), "type": "number"} for c in "abcde"},
    dimensions=[dim("dim1", name="D1", weight=1, subdimensions=[
                    dim("s1", ind("ia", "a", name="A", weight=2), ind("ib", "b", name="B", weight=1), name="S1", weight=3),
                    dim("s2", ind("ic", "c", name="C", direction="lower"), name="S2", weight=1)]),
                dim("dim2", ind("id_", "d", name="D", weight=3), ind("ie", "e", name="E", weight=1), name="D2", weight=2)])


def _panel(seed: int = 13) -> pd.DataFrame:
    reg = pd.read_csv(resources.data_dir() / "regions.csv", dtype={"kemendagri_code": str})
    rng = np.random.default_rng(seed)
    n = len(reg)
    return pd.DataFrame({
        "kode": reg["kemendagri_code"], "wilayah": reg["name_title"],
        "a": rng.uniform(10, 90, n),  # 30.407857... as pandas writes it
        "b": rng.lognormal(3, 1, n),
        "c": rng.uniform(0, 1, n) * 1e-4,  # small numbers: pandas writes some as 1.6e-05
        "d": rng.normal(50, 10, n),
        "e": rng.uniform(0.001, 0.999, n),
    })


def _expected(panel: pd.DataFrame) -> dict[str, np.ndarray]:
    def minmax(x: np.ndarray, lower: bool = False) -> np.ndarray:
        lo, hi = x.min(), x.max()
        return (hi - x) / (hi - lo) * 100 if lower else (x - lo) / (hi - lo) * 100

    ia, ib = minmax(panel["a"].to_numpy()), minmax(panel["b"].to_numpy())
    ic = minmax(panel["c"].to_numpy(), lower=True)
    id_, ie = minmax(panel["d"].to_numpy()), minmax(panel["e"].to_numpy())
    s1 = (2 * ia + ib) / 3
    s2 = ic
    dim1 = (3 * s1 + s2) / 4
    dim2 = (3 * id_ + ie) / 4
    overall = (dim1 + 2 * dim2) / 3
    return {"ia": ia, "ib": ib, "ic": ic, "id_": id_, "ie": ie, "s1": s1, "s2": s2, "dim1": dim1,
            "dim2": dim2, "overall": overall}


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    from scorecard.cli import cli

    tmp = tmp_path_factory.mktemp("precision")
    panel = _panel()
    data = tmp / "panel.csv"
    panel.to_csv(data, index=False)  # pandas' own float text: 30.407857..., 1.6e-05, 35.378
    rubric = tmp / "precision.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    runner = CliRunner()
    out = {}
    for fmt in ("json", "csv"):
        res = runner.invoke(cli, ["score", str(data), "-r", str(rubric), "--format", fmt], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        out[fmt] = res.stdout
    return panel, out


def test_json_scores_equal_an_independent_recomputation_to_1e_12(scored):
    panel, out = scored
    exp = _expected(panel)
    doc = json.loads(out["json"])
    assert len(doc["regions"]) == 514
    pos = {code: i for i, code in enumerate(panel["kode"])}
    worst = 0.0
    for r in doc["regions"]:
        i = pos[r["code"]]
        worst = max(worst, abs(r["score"] - exp["overall"][i]))
        for d in ("dim1", "dim2"):
            worst = max(worst, abs(r["dimensions"][d]["score"] - exp[d][i]))
        for s in ("s1", "s2"):
            worst = max(worst, abs(r["subdimensions"][s]["score"] - exp[s][i]))
        for ind, col in (("ia", "a"), ("ib", "b"), ("ic", "c"), ("id_", "d"), ("ie", "e")):
            assert r["indicators"][ind]["value"] == panel[col].iloc[i]  # read back bit for bit
            worst = max(worst, abs(r["indicators"][ind]["score"] - exp[ind][i]))
    assert worst < 1e-12


def test_json_is_not_rounded(scored):
    panel, out = scored
    doc = json.loads(out["json"])
    # six-decimal rounding would leave at most 6 digits after the point in every score
    digits = [len(repr(r["score"]).split(".")[1]) for r in doc["regions"] if isinstance(r["score"], float)]
    assert max(digits) >= 12


def test_csv_carries_full_precision_and_subdimensions(scored):
    panel, out = scored
    exp = _expected(panel)
    rows = list(csv.DictReader(io.StringIO(out["csv"])))
    assert len(rows) == 514
    assert {"s1_score", "s2_score"} <= set(rows[0])
    pos = {code: i for i, code in enumerate(panel["kode"])}
    for row in rows:
        i = pos[row["code"]]
        assert abs(float(row["score"]) - exp["overall"][i]) < 1e-12
        assert abs(float(row["s1_score"]) - exp["s1"][i]) < 1e-12
        assert float(row["ic_value"]) == panel["c"].iloc[i]


def test_two_level_rubric_has_no_subdimension_key(tmp_path):
    from scorecard.cli import cli
    from test_methodology_fixtures import ref_csv, ref_rubric

    res = CliRunner().invoke(cli, ["score", str(ref_csv(tmp_path)), "-r", str(ref_rubric(tmp_path)),
                                   "--format", "json"], catch_exceptions=False)
    assert res.exit_code == 0
    assert all("subdimensions" not in r for r in json.loads(res.stdout)["regions"])
