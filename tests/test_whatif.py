"""What-if on benchmark data: values parsed like cells, re-scored, compared with hand computations."""

from __future__ import annotations

import hashlib
import json
import math

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.commands.common import load_inputs
from scorecard.issues import InputError
from scorecard.pipeline import score
from scorecard.resources import sample_workbook
from scorecard.whatif import apply_changes, resolve_column, what_if

BPP = "64.71"  # Kota Balikpapan
GOV_WEIGHTS = 2 + 1.5 + 1.5 + 1.5 + 1 + 1 + 1 + 0.5 + 1  # smart_city.yaml governance indicator weights = 11


@pytest.fixture(scope="module")
def inputs():
    rubric, tables, _ = load_inputs(str(sample_workbook()), None)
    return rubric, tables


def test_apply_changes_parses_like_cells_and_copies(inputs):
    rubric, tables = inputs
    before = tables.regions.at[BPP, "indeks_spbe"]
    new = apply_changes(tables, BPP, {"indeks_spbe": "3,6", "SAKIP": "A", "Jumlah layanan publik daring": "1.234"},
                        rubric)
    assert new.regions.at[BPP, "indeks_spbe"] == pytest.approx(3.6)
    assert new.grades.at[BPP, "indeks_spbe"] == "Sangat Baik"  # 3.5 <= 3.6 < 4.2
    assert new.regions.at[BPP, "nilai_sakip"] == pytest.approx(85)  # grade A stands for 85 in the rubric
    assert new.grades.at[BPP, "nilai_sakip"] == "A"
    assert new.regions.at[BPP, "layanan_digital"] == 1234  # "1.234" is one thousand two hundred and thirty-four
    assert tables.regions.at[BPP, "indeks_spbe"] == before  # the input tables are not modified
    assert resolve_column(rubric, "spbe") == "indeks_spbe"  # an indicator id names its column


def test_apply_changes_reports_every_bad_value(inputs):
    rubric, tables = inputs
    with pytest.raises(InputError) as exc:
        apply_changes(tables, BPP, {"indeks_spbe": "7", "nope": "1", "rth_publik": "abc", "nilai_sakip": "Z"}, rubric)
    codes = [(i.option, i.code) for i in exc.value.report.errors]  # an option, not a column (issue 18 class 6)
    assert codes == [("--set", "grade-score-out-of-range"), ("--set", "whatif-unknown-column"),
                     ("--set", "not-a-number"), ("--set", "not-a-grade")]


def test_spbe_29_to_36_by_hand(inputs):
    rubric, tables = inputs
    base = apply_changes(tables, BPP, {"indeks_spbe": "2,9"}, rubric)
    for ind in rubric.dimension("governance").indicators:  # all governance indicators have data
        assert not math.isnan(score(base, rubric, focus=BPP).indicator_scores.at[BPP, ind.id])
    w = what_if(base, rubric, BPP, {"spbe": "3,6"})
    # SPBE uses goalposts 1..5: (2.9 - 1) / 4 * 100 = 47.5 -> (3.6 - 1) / 4 * 100 = 65.0
    assert w.before.indicator_scores.at[BPP, "spbe"] == pytest.approx(47.5)
    assert w.after.indicator_scores.at[BPP, "spbe"] == pytest.approx(65.0)
    d_gov = 1.5 / GOV_WEIGHTS * 17.5
    assert (w.after.dimension_scores.at[BPP, "governance"] - w.before.dimension_scores.at[BPP, "governance"]
            == pytest.approx(d_gov))
    # six dimensions of weight 1
    assert w.after.overall[BPP] - w.before.overall[BPP] == pytest.approx(d_gov / 6)
    assert w.changes[0].before == pytest.approx(2.9) and w.changes[0].after == pytest.approx(3.6)
    assert (w.changes[0].before_grade, w.changes[0].after_grade) == ("Baik", "Sangat Baik")


def test_rank_change_by_hand(inputs):
    rubric, tables = inputs
    last = "11.73"  # Kota Lhokseumawe, last in the sample
    before = score(tables, rubric)
    spbe = tables.regions.at[last, "indeks_spbe"]
    gain = 1.5 / GOV_WEIGHTS * (100 - (spbe - 1) / 4 * 100) / 6  # SPBE to 5 (goalposts: others unchanged)
    new_score = before.overall[last] + gain
    expected_rank = 1 + sum(1 for c in before.overall.index if c != last and before.overall[c] > new_score)
    w = what_if(tables, rubric, last, {"indeks_spbe": "5"})
    assert w.after.overall[last] == pytest.approx(new_score)
    assert int(w.after.ranks.at[last, "overall"]) == expected_rank
    assert int(w.before.ranks.at[last, "overall"]) == 15
    assert expected_rank < 15  # the example really moves the rank


def test_cli_whatif_table_and_json(tmp_path):
    path = str(sample_workbook())
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    res = CliRunner().invoke(cli, ["whatif", path, "--focus", "Kota Balikpapan", "--set", "indeks_spbe=3,6"])
    assert res.exit_code == 0, res.output
    assert "Indeks SPBE (1-5): 3,05 (Baik) -> 3,60 (Sangat Baik)" in res.stdout
    assert "Smart Governance" in res.stdout and "workbook Anda tidak diubah" in res.stdout
    res = CliRunner().invoke(cli, ["whatif", path, "-f", "64.71", "--set", "spbe=3.6", "--format", "json",
                                   "--lang", "en"])
    out = json.loads(res.stdout)
    # 3.05 (Baik, the sample's grade) -> 3.6: (3.6 - 3.05) / 4 * 100 = 13.75 indicator points
    assert out["score_change"] == pytest.approx(1.5 / GOV_WEIGHTS * 13.75 / 6, abs=1e-6)
    assert out["changes"][0]["column"] == "indeks_spbe" and out["changes"][0]["after_grade"] == "Sangat Baik"
    try:
        import scorecard.recommend  # noqa: F401
    except ImportError:
        pass
    else:
        assert set(out["recommendations"]) == {"before", "after"}
        assert out["recommendations"]["before"]["weak_areas"]
    assert hashlib.sha256(open(path, "rb").read()).hexdigest() == digest  # never modify the input


def test_cli_whatif_errors():
    path = str(sample_workbook())
    res = CliRunner().invoke(cli, ["whatif", path, "--focus", "Kota Balikpapan", "--set", "indeks_spbe"])
    assert res.exit_code == 2
    res = CliRunner().invoke(cli, ["whatif", path, "--focus", "Kota Balikpapan", "--set", "indeks_spbe=9"])
    assert res.exit_code == 1 and "--set" in res.stderr and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["whatif", path, "--focus", "Kota Atlantis", "--set", "spbe=3"])
    assert res.exit_code == 1
    res = CliRunner().invoke(cli, ["whatif", path, "--set", "spbe=3"])
    assert res.exit_code == 2  # --focus is required


def test_whatif_view_is_neutral_view_data_with_the_hand_numbers(inputs):
    # the what-if goes through scorecard.view like the benchmark report: raw value beside the text
    from scorecard.view import Table
    from scorecard.whatif import whatif_view

    rubric, tables = inputs
    base = apply_changes(tables, BPP, {"indeks_spbe": "2,9"}, rubric)
    w = what_if(base, rubric, BPP, {"spbe": "3,6"}, recommend=False)
    v = whatif_view(w, "en")
    assert isinstance(v.table, Table) and [c.key for c in v.table.columns] == ["item", "before", "after", "change"]
    rows = {r.code: r.cells for r in v.table.rows}
    d_gov = 1.5 / GOV_WEIGHTS * 17.5
    assert rows["overall"][3].value == pytest.approx(d_gov / 6)
    assert rows["overall"][1].value == pytest.approx(w.before.overall[BPP])
    assert rows["governance"][3].value == pytest.approx(d_gov)
    assert rows["governance"][3].text == "+" + f"{d_gov:.1f}"
    assert set(rows) - {"overall", "band", "rank"} == {"governance"}  # only the dimension that moved
    assert v.weak is None and v.trip is None  # no recommendation asked for
    assert len(v.changes) == 1 and "2.9" in v.changes[0] and "3.6" in v.changes[0]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_whatif_table_adds_up_and_has_no_band_row_without_a_scale(lang):
    """The village sample, Desa Cibodas with 5 kinds of disaster-mitigation facilities: the score
    goes 27.94 -> 39.05 (exact change 11.11); the table shows 27.9 and 39.1, so its change column
    says +11.2, the difference of what it shows. The village rubric bands nothing: no "Predikat"
    row of "–" (the has_bands rule, docs/reports.md)."""
    import re

    from click.testing import CliRunner

    from scorecard import resources
    from scorecard.cli import cli

    d = resources.indicators_dir()
    res = CliRunner().invoke(cli, ["--lang", lang, "whatif", str(d / "contoh_desa.xlsx"), "--rubric", "indeks_desa_contoh",
                                   "--units", str(d / "contoh_desa_units.csv"), "--focus", "Desa Cibodas",
                                   "--set", "sarana_mitigasi=5"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    score = next(x for x in lines if x.startswith("Skor " if lang == "id" else "Score "))
    before, after, change = re.split(r"\s{2,}", score.strip())[1:]
    num = lambda t: float(t.replace(",", ".").replace("+", ""))  # noqa: E731
    assert num(change) == pytest.approx(num(after) - num(before)) and num(change) == 11.2, score
    assert not any(x.startswith(("Predikat", "Grade", "Posisi relatif", "Relative position")) for x in lines)
    dim = next(x for x in lines if x.startswith("Ketahanan lingkungan" if lang == "id" else "Environmental resilience"))
    assert "(24/24)" in dim and "(19/24)" in dim
