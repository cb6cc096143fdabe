"""dist2max and dist2ref (COINr ``n_dist2max``, ``n_dist2ref``): the two methods added through the
normalisation registry, each checked from a rubric against numbers worked out by hand.

Raw values of indicator ``a`` (REF_VALUES): 35.71 -> 10, 35.72 -> 20, 35.73 -> 30, 35.74 -> 50.
"""

from __future__ import annotations

import pytest

from scorecard.issues import InputError
from test_methodology_fixtures import ref_csv, ref_rubric, run

CODES = ["35.71", "35.72", "35.73", "35.74"]
B = [100 / 3, 0.0, 100.0, 200 / 3]  # ib stays min-max: 200, 100, 400, 300 over 100..400


def test_dist2max_scores_the_distance_to_the_best_by_hand(tmp_path):
    # 1 - (max - x) / (max - min) with max 50, min 10: 1 - 40/40, 1 - 30/40, 1 - 20/40, 1 - 0/40
    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, ia_extra=", normalisation: dist2max"))
    assert res.indicator_scores.loc[CODES, "ia"].tolist() == pytest.approx([0.0, 25.0, 50.0, 100.0], abs=1e-9)
    assert res.methods["ia"] == "dist2max"
    # dim1 = (2 * ia + ib) / 3 for Kota Malang (35.73): (2 * 50 + 100) / 3
    assert res.dimension_scores.at["35.73", "dim1"] == pytest.approx(200 / 3, abs=1e-9)


def test_dist2ref_scores_the_distance_to_the_reference_region_by_hand(tmp_path):
    # reference Kota Malang (35.73, a = 30), min 10: 1 - (30 - x) / (30 - 10)
    #   10 -> 0, 20 -> 0.5, 30 -> 1, 50 -> 2 (capped at 1 by default)
    ia = ', normalisation: {method: dist2ref, reference: "35.73"}'
    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, ia_extra=ia))
    assert res.indicator_scores.loc[CODES, "ia"].tolist() == pytest.approx([0.0, 50.0, 100.0, 100.0], abs=1e-9)
    # Kota Blitar (35.72): dim1 = (2 * 50 + 0) / 3
    assert res.dimension_scores.at["35.72", "dim1"] == pytest.approx(100 / 3, abs=1e-9)
    uncapped = ', normalisation: {method: dist2ref, reference: "35.73", cap: false}'
    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, ia_extra=uncapped, name="u.yaml"))
    assert res.indicator_scores.loc[CODES, "ia"].tolist() == pytest.approx([0.0, 50.0, 100.0, 200.0], abs=1e-9)


def test_dist2ref_lower_is_better_by_hand(tmp_path):
    # direction lower, reference 35.72 (a = 20): COINr negates x first; the worst is 50:
    #   1 - (x - 20) / (50 - 20): 10 -> 1.333 (capped 1), 20 -> 1, 30 -> 0.667, 50 -> 0
    ia = ', direction: lower, normalisation: {method: dist2ref, reference: "35.72", cap: false}'
    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, ia_extra=ia))
    assert res.indicator_scores.loc[CODES, "ia"].tolist() == pytest.approx(
        [400 / 3, 100.0, 200 / 3, 0.0], abs=1e-9)


def test_dist2ref_reference_outside_the_peer_group_is_a_located_error(tmp_path):
    ia = ', normalisation: {method: dist2ref, reference: "35.79"}'  # Kota Batu: not in the workbook
    rubric = ref_rubric(tmp_path, ia_extra=ia)
    with pytest.raises(InputError) as err:
        run(ref_csv(tmp_path), rubric)
    issue = err.value.report.errors[0]
    assert issue.code == "reference-not-in-group"
    assert issue.file.endswith("rubric.yaml")
    assert issue.key == "dimensions[0].indicators[0].normalisation.reference"
    line = next(n for n, text in enumerate(rubric.read_text().splitlines(), 1) if "id: ia" in text)
    assert issue.line == line
    text = issue.render("en")
    assert "35.79" in text and "35.71, 35.72, 35.73, 35.74" in text and "not in the peer group" in text


def test_dist2ref_reference_outside_the_group_exits_1_from_the_cli(tmp_path):
    from click.testing import CliRunner

    from scorecard.cli import cli

    ia = ', normalisation: {method: dist2ref, reference: "35.79"}'
    got = CliRunner().invoke(cli, ["--lang", "en", "score", str(ref_csv(tmp_path)), "-r",
                                    str(ref_rubric(tmp_path, ia_extra=ia))])
    assert got.exit_code == 1, got.output
    assert "normalisation.reference" in got.output and "35.79" in got.output
    assert "Traceback" not in got.output


def test_dist2ref_blank_reference_leaves_the_indicator_out_with_a_note(tmp_path):
    values = [(10, 200, 5, 0.5), (20, 100, 10, 0.7), (None, 400, 15, 0.2), (50, 300, 20, 0.9)]
    ia = ', normalisation: {method: dist2ref, reference: "35.73"}'
    res = run(ref_csv(tmp_path, values), ref_rubric(tmp_path, ia_extra=ia))
    assert res.methods["ia"] == "no-reference"
    assert res.indicator_scores["ia"].isna().all()
    assert "indicator-no-reference" in {n.code for n in res.notes}


@pytest.mark.parametrize("spec, code, key", [
    ("dist2ref", "method-needs-keys", "normalisation"),
    ("{method: dist2ref}", "method-needs-keys", "normalisation"),
    ("{method: dist2ref, reference: 35.73}", "wrong-type", "normalisation.reference"),
    ('{method: dist2ref, reference: "35.73", cap: ya}', "wrong-type", "normalisation.cap"),
    ("{method: dist2max, min: 0}", "key-not-for-method", "normalisation.min"),
    ("{method: dist2max, reference: x}", "key-not-for-method", "normalisation.reference"),
])
def test_rubric_checks_the_methods_keys(tmp_path, spec, code, key):
    from scorecard.io.rubric_file import load_rubric

    with pytest.raises(InputError) as err:
        load_rubric(str(ref_rubric(tmp_path, ia_extra=f", normalisation: {spec}")))
    got = [(i.code, i.key) for i in err.value.report.errors]
    assert (code, f"dimensions[0].indicators[0].{key}") in got


def test_the_new_methods_have_labels_in_both_languages():
    from scorecard import i18n
    from scorecard.methods import METHODS

    for name, method in METHODS.items():
        assert i18n.t(method.label_key, "id") != i18n.t(method.label_key, "en"), name


def test_report_names_the_reference_region_in_its_method_table(tmp_path):
    from click.testing import CliRunner

    from scorecard.cli import cli

    ia = ', normalisation: {method: dist2ref, reference: "35.73"}'
    out = tmp_path / "r.html"
    got = CliRunner().invoke(cli, ["report", str(ref_csv(tmp_path)), "-r", str(ref_rubric(tmp_path, ia_extra=ia)),
                                   "-f", "35.71", "-o", str(out)])
    assert got.exit_code == 0, got.output
    assert "jarak ke wilayah acuan (dist2ref): Kota Malang" in out.read_text(encoding="utf-8")
