"""The default recipe (min-max 0-100 over all regions, weighted arithmetic means) against a
computation done by hand, step by step (tests/examples.py: TINY_BY_HAND)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from examples import TINY_BY_HAND, build_example
from wbtools import tiny_rubric, tiny_workbook


@pytest.fixture()
def tiny(tmp_path):
    return build_example(tmp_path, up_to="files")


def expected():
    """The hand computation, step by step, in tests/examples.py (TINY_BY_HAND)."""
    return TINY_BY_HAND.sakip, TINY_BY_HAND.governance, TINY_BY_HAND.economy, TINY_BY_HAND.overall


def test_scores_equal_hand_computation(tiny):
    wb, rub = tiny
    result = CliRunner().invoke(cli, ["score", str(wb), "--rubric", str(rub), "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    sakip, gov, eco, overall = expected()
    by_code = {r["code"]: r for r in data["regions"]}
    assert set(by_code) == {"35.77", "35.73", "19.01"}
    for code in by_code:
        r = by_code[code]
        assert r["score"] == pytest.approx(overall[code], abs=1e-6)
        assert r["dimensions"]["tata_kelola"]["score"] == pytest.approx(gov[code], abs=1e-6)
        assert r["dimensions"]["ekonomi"]["score"] == pytest.approx(eco[code], abs=1e-6)
        assert r["indicators"]["sakip"]["score"] == pytest.approx(sakip[code], abs=1e-6)
    assert [r["code"] for r in data["regions"]] == ["35.77", "35.73", "19.01"]
    assert [r["rank"] for r in data["regions"]] == [1, 2, 3]
    # 84.52 -> A, 71.42 -> BB, 0 -> D (bands of the rubric's 'predikat' scale)
    assert [r["grade"] for r in data["regions"]] == ["A", "BB", "D"]
    assert by_code["35.73"]["indicators"]["sakip"]["grade"] == "BB"
    assert by_code["35.73"]["indicators"]["wtp"]["value"] == 1
    assert by_code["35.77"]["indicators"]["award_gov"]["value"] == 4


def test_engine_to_1e9_through_library(tiny):
    """Same check through the library API, to 1e-9 as the issue requires."""
    from scorecard.io.registry_file import load_registry
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.workbook import read_workbook
    from scorecard.pipeline import score
    from scorecard.validate import read_tables

    wb, rub = tiny
    rubric = load_rubric(rub)
    tables, report = read_tables(read_workbook(wb), rubric, load_registry(), current_year=2026)
    assert tables is not None, [i.render("en") for i in report.errors]
    result = score(tables, rubric)
    sakip, gov, eco, overall = expected()
    for code in overall:
        assert abs(result.overall[code] - overall[code]) < 1e-9
        assert abs(result.dimension_scores.at[code, "tata_kelola"] - gov[code]) < 1e-9
        assert abs(result.dimension_scores.at[code, "ekonomi"] - eco[code]) < 1e-9


def test_ties_share_the_best_rank(tmp_path):
    wb = tiny_workbook(tmp_path / "t.xlsx", regions=[
        ["Kota Madiun", "35.77", 82, 300, 1000, 5.0],
        ["Kota Malang", "35.73", 82, 300, 1000, 5.0],
        ["Kabupaten Bangka", "19.01", 60.5, 150, 1500, 6.0],
    ], opinions=[["Kota Madiun", 2023, "WTP"], ["Kota Malang", 2023, "WTP"], ["Kabupaten Bangka", 2023, "WDP"]],
        awards=[["Kota Madiun", 2023, "A", "governance", 1], ["Kota Malang", 2023, "A", "governance", 1]])
    rub = tiny_rubric(tmp_path / "t.yaml")
    result = CliRunner().invoke(cli, ["score", str(wb), "--rubric", str(rub), "--format", "json"],
                                catch_exceptions=False)
    data = json.loads(result.stdout)
    ranks = {r["code"]: r["rank"] for r in data["regions"]}
    assert ranks == {"35.77": 1, "35.73": 1, "19.01": 3}


def test_geometric_mean_option(tmp_path):
    """Weighted geometric mean, with scores normalised to 1..100 (the COINr convention)."""
    import math

    text = (tiny_rubric(tmp_path / "x.yaml").read_text()
            .replace("aggregation: arithmetic", "aggregation: geometric"))
    rub = tiny_rubric(tmp_path / "geo.yaml", text)
    wb = tiny_workbook(tmp_path / "g.xlsx")
    result = CliRunner().invoke(cli, ["score", str(wb), "--rubric", str(rub), "--format", "json"],
                                catch_exceptions=False)
    data = json.loads(result.stdout)
    by_code = {r["code"]: r for r in data["regions"]}

    def mm1(x, lo, hi):
        return 1 + (x - lo) / (hi - lo) * 99

    # Malang: sakip 75 in [60.5, 82]; streak 1 in [0, 3]; awards 2 in [0, 4]
    s, w, a = mm1(75, 60.5, 82), mm1(1, 0, 3), mm1(2, 0, 4)
    gov = math.exp((3 * math.log(s) + math.log(w) + math.log(a)) / 5)
    eco = math.exp((math.log(mm1(45, 10, 45)) + math.log(mm1(-4, -6, -4))) / 2)
    overall = math.exp((2 * math.log(gov) + math.log(eco)) / 3)
    assert by_code["35.73"]["dimensions"]["tata_kelola"]["score"] == pytest.approx(gov, abs=1e-6)
    assert by_code["35.73"]["score"] == pytest.approx(overall, abs=1e-6)
