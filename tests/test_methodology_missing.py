"""Missing data: exclude and re-weight, peer-group median/mean, worst; coverage and status."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from examples import line_of
from test_methodology_fixtures import REF_VALUES, REGIONS, ref_csv, ref_rubric, run

CODES = [c for c, _ in REGIONS[:4]]


def _values(blanks: dict[tuple[int, int], None]):
    rows = [list(r) for r in REF_VALUES]
    for (i, j) in blanks:
        rows[i][j] = None
    return [tuple(r) for r in rows]


def _missing(method: str, min_coverage: float = 0.5) -> str:
    return f"missing: {{method: {method}, min_coverage: {min_coverage}}}"


def test_exclude_reweights_and_lowers_coverage(tmp_path):
    # Kota Kediri (35.71) has no value for b
    csv = ref_csv(tmp_path, _values({(0, 1): None}))
    res = run(csv, ref_rubric(tmp_path, extra=_missing("exclude")))
    # b is normalised over the other three: 100 -> 0, 400 -> 100, 300 -> 66.67
    assert res.indicator_scores.loc[CODES, "ib"].tolist()[1:] == pytest.approx([0, 100, 200 / 3])
    # dim1 of Kediri = its only indicator a (score 0); other regions unchanged
    assert res.dimension_scores.at["35.71", "dim1"] == pytest.approx(0.0)
    # coverage: b carries 1/3 (dim1 share) * 1/3 (b in dim1) = 1/9 of the index
    assert res.coverage["35.71"] == pytest.approx(8 / 9)
    assert res.coverage.loc[CODES[1:]].tolist() == pytest.approx([1, 1, 1])
    assert (res.status == "ok").all()
    assert not res.imputed.to_numpy().any()


def test_below_min_coverage_gets_no_rank(tmp_path):
    # Kota Blitar (35.72) lacks c and d: the whole dim2, 2/3 of the index -> coverage 1/3 < 0.5
    csv = ref_csv(tmp_path, _values({(1, 2): None, (1, 3): None}))
    res = run(csv, ref_rubric(tmp_path, extra=_missing("exclude", 0.5)))
    assert res.coverage["35.72"] == pytest.approx(1 / 3)
    assert res.status["35.72"] == "insufficient-data"
    assert res.ranks.loc["35.72"].isna().all()
    # the others are ranked among themselves: 35.74 (79.6) > 35.71 (41.8) > 35.73 (27.8)
    assert res.ranks.loc[["35.74", "35.71", "35.73"], "overall"].tolist() == [1, 2, 3]
    # with a lower threshold the same region is ranked again
    res = run(csv, ref_rubric(tmp_path, extra=_missing("exclude", 0.3), name="r2.yaml"))
    assert res.status["35.72"] == "ok"
    assert res.ranks.at["35.72", "overall"] == 4  # dim1 only, 16.67: below 79.6, 41.8 and 27.8
    assert res.overall["35.72"] == pytest.approx(50 / 3)


def test_median_and_mean_imputation_are_flagged(tmp_path):
    csv = ref_csv(tmp_path, _values({(0, 1): None}))
    res = run(csv, ref_rubric(tmp_path, extra=_missing("median")))
    # median of 100, 400, 300 = 300 -> (300 - 100) / 300 * 100
    assert res.treated_values.at["35.71", "ib"] == 300
    assert res.indicator_scores.at["35.71", "ib"] == pytest.approx(200 / 3)
    assert res.imputed.at["35.71", "ib"]
    assert int(res.imputed.to_numpy().sum()) == 1
    assert res.coverage["35.71"] == pytest.approx(8 / 9)  # coverage counts real data only
    assert res.values.at["35.71", "ib"] != res.values.at["35.71", "ib"]  # the value shown stays blank (NaN)
    res = run(csv, ref_rubric(tmp_path, extra=_missing("mean"), name="r2.yaml"))
    # mean = 800 / 3 -> (800/3 - 100) / 300 * 100 = 500 / 9
    assert res.indicator_scores.at["35.71", "ib"] == pytest.approx(500 / 9)


def test_worst_scores_missing_at_the_bottom(tmp_path):
    csv = ref_csv(tmp_path, _values({(3, 0): None}))  # Kota Probolinggo lacks a (it was the best)
    res = run(csv, ref_rubric(tmp_path, extra=_missing("worst")))
    assert res.indicator_scores.at["35.74", "ia"] == 0.0
    # a re-normalised over 10, 20, 30: 0, 50, 100; dim1 of 35.74 = (2*0 + 200/3) / 3
    assert res.indicator_scores.loc[["35.71", "35.72", "35.73"], "ia"].tolist() == pytest.approx([0, 50, 100])
    assert res.dimension_scores.at["35.74", "dim1"] == pytest.approx(200 / 9)
    assert res.imputed.at["35.74", "ia"] and int(res.imputed.to_numpy().sum()) == 1
    assert res.coverage["35.74"] == pytest.approx(1 - 2 / 9)  # a carries 1/3 * 2/3 of the index


def test_json_and_table_show_coverage_status_and_flags(tmp_path):
    from scorecard.cli import cli

    csv = ref_csv(tmp_path, _values({(0, 1): None, (1, 2): None, (1, 3): None}))
    rubric = ref_rubric(tmp_path, extra=_missing("median", 0.9))
    runner = CliRunner()
    out = runner.invoke(cli, ["score", str(csv), "-r", str(rubric), "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    by = {r["code"]: r for r in data["regions"]}
    assert by["35.71"]["imputed"] == ["ib"] and by["35.71"]["indicators"]["ib"]["imputed"] is True
    assert by["35.71"]["coverage"] == pytest.approx(8 / 9, abs=1e-15)  # full precision, not 0.8889
    assert by["35.71"]["status"] == "insufficient-data" and by["35.71"]["rank"] is None  # 0.889 < 0.9
    assert by["35.72"]["imputed"] == ["ic", "id_"] and by["35.72"]["coverage"] == pytest.approx(1 / 3, abs=1e-15)
    assert by["35.73"]["status"] == "ok" and by["35.73"]["rank"] is not None
    assert data["methodology"]["missing"] == "median" and data["methodology"]["min_coverage"] == 0.9
    out = runner.invoke(cli, ["score", str(csv), "-r", str(rubric), "--lang", "en"], catch_exceptions=False)
    assert ("Not yet rated (data coverage below 90%): no score, grade or rank until the data are completed: "
            "Kota Blitar (33%), Kota Kediri (89%)") in out.stdout
    assert "3 missing values filled (peer-group median)" in out.stdout


def test_bad_missing_section_is_reported_with_key_and_line(tmp_path):
    from scorecard.cli import cli

    rubric = ref_rubric(tmp_path, extra="missing:\n  method: guess\n  min_coverage: 65")
    out = CliRunner().invoke(cli, ["score", str(ref_csv(tmp_path)), "-r", str(rubric), "--lang", "en"])
    assert out.exit_code == 1
    text = rubric.read_text(encoding="utf-8")
    assert (f"key missing.method, line {line_of(text, 'method: guess')}: unknown value 'guess'; "
            "choose one of: exclude, median, mean, worst") in out.stderr
    assert f"key missing.min_coverage, line {line_of(text, 'min_coverage: 65')}" in out.stderr
    assert "a share between 0 and 1" in out.stderr
    assert "Traceback" not in out.output


def test_result_properties_and_sensitivity_without_rank(tmp_path):
    from scorecard.sensitivity import explain, sensitivity

    csv = ref_csv(tmp_path, _values({(1, 2): None, (1, 3): None}))
    res = run(csv, ref_rubric(tmp_path, extra=_missing("exclude", 0.5) + "\nuncertainty: {weights: 0.2}"))
    assert res.status.tolist() == ["ok", "insufficient-data", "ok", "ok"]
    assert not res.imputed.to_numpy().any() and res.subdimension_scores.shape == (4, 0)
    sens = sensitivity(res, "35.72")
    assert sens.nominal is None
    assert explain(sens, res.rubric, "en") == [
        "This region has no rank (insufficient data), so the sensitivity of its rank is not computed."]


def test_csv_has_status_and_imputed_columns(tmp_path):
    import csv as csvmod
    import io

    from scorecard.cli import cli

    data = ref_csv(tmp_path, _values({(0, 1): None}))
    rubric = ref_rubric(tmp_path, extra=_missing("mean", 0.9))
    out = CliRunner().invoke(cli, ["score", str(data), "-r", str(rubric), "--format", "csv"], catch_exceptions=False)
    rows = list(csvmod.DictReader(io.StringIO(out.stdout)))
    by = {r["code"]: r for r in rows}
    assert by["35.71"]["status"] == "insufficient-data" and by["35.71"]["imputed"] == "ib"
    assert by["35.71"]["rank"] == "" and by["35.72"]["status"] == "ok" and by["35.72"]["imputed"] == ""
