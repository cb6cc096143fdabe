"""Issue 13 point 1: missing data is never a score (numbers worked out by hand)."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from test_methodology_fixtures import REF_VALUES, ref_csv, ref_rubric, run
from examples import bi, build_example, dim, ind, number_columns, rubric_yaml


def _blank(rows, cells):
    rows = [list(r) for r in rows]
    for i, j in cells:
        rows[i][j] = None
    return [tuple(r) for r in rows]


def _missing(method: str, min_coverage: float) -> str:
    return f"missing: {{method: {method}, min_coverage: {min_coverage}}}"


def test_region_below_min_coverage_has_no_score_grade_or_rank(tmp_path):
    # Kota Blitar (35.72) lacks c and d, i.e. all of dim2 (weight 2 of 3): coverage 1/3 < 0.5
    csv = ref_csv(tmp_path, _blank(REF_VALUES, [(1, 2), (1, 3)]))
    res = run(csv, ref_rubric(tmp_path, extra=_missing("exclude", 0.5)))
    assert res.coverage["35.72"] == pytest.approx(1 / 3)
    assert res.status["35.72"] == "insufficient-data"
    assert math.isnan(res.overall["35.72"])
    assert res.dimension_scores.loc["35.72"].isna().all()
    assert res.indicator_scores.loc["35.72"].isna().all()
    assert res.grades.loc["35.72"].isna().all() and res.ranks.loc["35.72"].isna().all()
    # its own figures stay (a=20, b=100), and still count as peer data for the others:
    assert res.values.loc["35.72", ["ia", "ib"]].tolist() == [20, 100]
    # Kota Probolinggo: ia (50-10)/40 = 100, ib (300-100)/300 = 66.67 -> dim1 (200 + 66.67)/3 = 88.89;
    # ic (lower) over 5, 15, 20 -> 0, id_ over 0.5, 0.2, 0.9 -> 100 -> dim2 (0 + 300)/4 = 75;
    # overall (88.89 + 2 * 75) / 3 = 79.63
    assert res.overall["35.74"] == pytest.approx((800 / 9 + 150) / 3)
    assert res.ranks.loc[["35.74", "35.71", "35.73"], "overall"].tolist() == [1, 2, 3]


def test_dimension_without_filled_input_has_no_score_even_with_worst(tmp_path):
    # same blanks, min_coverage 0.3 so Blitar is rated; "worst" used to give dim2 = 0 and
    # overall = (16.67 + 2 * 0) / 3 = 5.56. Now dim2 has no score and the index is dim1 alone:
    # ia (20-10)/40 = 25, ib (100-100)/300 = 0 -> dim1 (2 * 25 + 0) / 3 = 16.67 = overall
    csv = ref_csv(tmp_path, _blank(REF_VALUES, [(1, 2), (1, 3)]))
    res = run(csv, ref_rubric(tmp_path, extra=_missing("worst", 0.3)))
    assert res.status["35.72"] == "ok"
    assert math.isnan(res.dimension_scores.at["35.72", "dim2"])
    assert res.indicator_scores.loc["35.72", ["ic", "id_"]].isna().all()
    assert res.dimension_scores.at["35.72", "dim1"] == pytest.approx(50 / 3)
    assert res.overall["35.72"] == pytest.approx(50 / 3)
    assert math.isnan(res.ranks.at["35.72", "dim2"])


AWARDS_RUBRIC = rubric_yaml(
    id="aw", name=bi("Penghargaan", "Awards"),
    awards={"window_years": 2, "categories": [{"code": "society", "label": "Society"}]},
    missing={"method": "exclude", "min_coverage": 0.5}, columns=number_columns("x", "y"),
    dimensions=[dim("d1", ind("ix", "x", name="X"), name="D1"),
                dim("d2", ind("iy", "y", name="Y"),
                    ind("aw", kind="awards", name="Penghargaan", awards={"category": "society"}), name="D2")])


def _score(tmp_path, awards):
    """Four kota (Probolinggo without y), the awards sheet as given; the scoring notes apart."""
    from scorecard.issues import IssueReport

    notes = IssueReport()
    result = build_example(tmp_path, rubric=AWARDS_RUBRIC, name="aw", notes=notes, sheets={
        "wilayah": [["Wilayah", "Kode", "x", "y"],
                    ["Kota Kediri", "35.71", 10, 1], ["Kota Blitar", "35.72", 20, 2],
                    ["Kota Malang", "35.73", 30, 3], ["Kota Probolinggo", "35.74", 40, None]],
        "penghargaan": [["Wilayah", "Tahun", "Penghargaan", "Kategori", "Jumlah"], *awards]})
    return result, notes


def test_awards_absent_rows_read_as_none_but_never_score_a_dimension_alone(tmp_path):
    res, _ = _score(tmp_path, [["Kota Kediri", 2023, "A", "society", 2], ["Kota Blitar", 2023, "B", "society", 1]])
    # the list names awards, so it is complete: Malang and Probolinggo have none (0)
    assert res.values["aw"].tolist() == [2, 1, 0, 0]
    assert res.indicator_scores["aw"].tolist()[:3] == pytest.approx([100, 50, 0])
    # Malang: y 3 -> (3-1)/2 = 100, awards 0 -> d2 = 50; x (30-10)/30 = 66.67 -> overall 58.33
    assert res.dimension_scores.at["35.73", "d2"] == pytest.approx(50)
    assert res.overall["35.73"] == pytest.approx((200 / 3 + 50) / 2)
    # Probolinggo: y blank and "no award row" is its only D2 input -> D2 has no score (it was 0, D);
    # the index is D1 alone: (40-10)/30 = 100
    assert math.isnan(res.dimension_scores.at["35.74", "d2"])
    assert math.isnan(res.indicator_scores.at["35.74", "aw"])
    assert res.overall["35.74"] == pytest.approx(100)
    # coverage counts only what enters the score (QA review of issue 13): "none" is a collected fact,
    # but the award indicator gets no score there, so it is not rated data: x 1/2 alone = 0.5
    assert res.coverage["35.74"] == pytest.approx(0.5)


def test_awards_sheet_with_no_award_means_not_collected(tmp_path):
    res, notes = _score(tmp_path, [])
    assert res.values["aw"].isna().all()
    assert any(i.code == "awards-not-collected" for i in notes.issues)
    # coverage without awards: Malang x 1/2 + y 1/4 = 0.75; D2 = y alone = 100
    assert res.coverage["35.73"] == pytest.approx(0.75)
    assert res.dimension_scores.at["35.73", "d2"] == pytest.approx(100)


@pytest.mark.parametrize("lang, text", [("id", "belum dapat dinilai — cakupan data 33%"),
                                        ("en", "not yet rated — data coverage 33%")])
def test_cli_outputs_show_not_rated_without_numbers(tmp_path, lang, text):
    from scorecard.cli import cli

    csv = ref_csv(tmp_path, _blank(REF_VALUES, [(1, 2), (1, 3)]))
    rubric = ref_rubric(tmp_path, extra=_missing("exclude", 0.5))
    out = CliRunner().invoke(cli, ["score", str(csv), "-r", str(rubric), "--lang", lang], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    line = next(x for x in out.stdout.splitlines() if "Kota Blitar" in x)
    assert text in line
    assert not any(ch.isdigit() for ch in line.replace("35.72", "").replace(text, ""))
    # the others are ranked among the 3 rated regions: Kota Probolinggo 1/3
    assert next(x for x in out.stdout.splitlines() if "Kota Probolinggo" in x).split()[0] == "1/3"
    out = CliRunner().invoke(cli, ["score", str(csv), "-r", str(rubric), "--format", "json"], catch_exceptions=False)
    blitar = next(r for r in json.loads(out.stdout)["regions"] if r["code"] == "35.72")
    assert blitar["status"] == "insufficient-data"
    assert blitar["score"] is None and blitar["rank"] is None and blitar["grade"] is None
    assert all(d["score"] is None and d["rank"] is None and d["grade"] is None for d in blitar["dimensions"].values())
    assert all(i["score"] is None for i in blitar["indicators"].values())
    out = CliRunner().invoke(cli, ["score", str(csv), "-r", str(rubric), "--format", "csv"], catch_exceptions=False)
    header, *rows = out.stdout.splitlines()
    cols = header.split(",")
    row = dict(zip(cols, next(r for r in rows if "35.72" in r).split(",")))
    assert row["rank"] == row["score"] == row["grade"] == row["dim1_score"] == row["ia_score"] == ""
    assert row["status"] == "insufficient-data"


@pytest.mark.parametrize("lang, line, names", [
    ("id", "  Kota Blitar (35.72): 33% — belum dapat dinilai", "Belum dapat dinilai (1): Kota Blitar (33%)."),
    ("en", "  Kota Blitar (35.72): 33% — not yet rated", "Not yet rated (1): Kota Blitar (33%).")])
def test_validate_reports_coverage_per_region_and_names_the_unrated(tmp_path, lang, line, names):
    from scorecard.cli import cli

    csv = ref_csv(tmp_path, _blank(REF_VALUES, [(1, 2), (1, 3)]))
    rubric = ref_rubric(tmp_path, extra=_missing("exclude", 0.5))
    out = CliRunner().invoke(cli, ["validate", str(csv), "-r", str(rubric), "--lang", lang], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert line in lines and "  Kota Kediri (35.71): 100%" in lines
    assert any(x.startswith(names) for x in lines)
    out = CliRunner().invoke(cli, ["validate", str(csv), "-r", str(rubric), "--format", "json"], catch_exceptions=False)
    data = json.loads(out.stdout)
    assert data["not_rated"] == ["35.72"] and data["min_coverage"] == 0.5
    blitar = next(r for r in data["coverage"] if r["code"] == "35.72")
    # a and b carry dim1 (1/3 of the index); c and d (dim2, 2/3) are blank
    assert blitar["coverage"] == pytest.approx(0.3333) and blitar["missing"] == ["ic", "id_"] and not blitar["rated"]


def test_whatif_says_not_rated_before_and_scores_after_the_data_is_completed(tmp_path):
    from scorecard.cli import cli

    csv = ref_csv(tmp_path, _blank(REF_VALUES, [(1, 2), (1, 3)]))
    rubric = ref_rubric(tmp_path, extra=_missing("exclude", 0.5))
    for lang, text in (("id", "belum dapat dinilai — cakupan data 33%"), ("en", "not yet rated — data coverage 33%")):
        out = CliRunner().invoke(cli, ["whatif", str(csv), "-r", str(rubric), "--focus", "Kota Blitar", "--set", "c=12",
                                       "--set", "d=0.5", "--lang", lang], catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert text in out.stdout
    out = CliRunner().invoke(cli, ["whatif", str(csv), "-r", str(rubric), "--focus", "Kota Blitar", "--set", "c=12",
                                   "--set", "d=0.5", "--format", "json"], catch_exceptions=False)
    data = json.loads(out.stdout)
    assert data["before"]["status"] == "insufficient-data" and data["before"]["score"] is None
    assert data["before"]["rank"] is None and data["after"]["status"] == "ok"
    # after: ia (20-10)/40 = 25, ib 0 -> dim1 50/3; ic (12 lower-better over 5, 12, 15, 20) -> 8/15*100,
    # id_ 0.5 over 0.2..0.9 -> 300/7; dim2 (53.33 + 3 * 42.86)/4 = 45.48; overall (16.67 + 2 * 45.48)/3
    dim2 = (800 / 15 + 3 * 300 / 7) / 4
    assert data["after"]["score"] == pytest.approx((50 / 3 + 2 * dim2) / 3, abs=1e-6)
