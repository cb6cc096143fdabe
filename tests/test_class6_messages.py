"""Issue 18 class 6 (QA items 13-15): one language per message and the right values in it.

* ``whatif --set '=5'`` names the placeholder in the reader's language (COLUMN=VALUE in English);
* the rubric's ``uncertainty.weights`` example has no English word in Indonesian;
* the English recommendation headline has no Indonesian title;
* ``rehearse -o x.csv`` lists exactly the suffixes it accepts (.txt too), joined with "or"/"atau";
* ``init --rehearsal`` refusing an existing file mentions --force (which replaces it);
* ``validate --format json`` puts the region's name in "name", not its code;
* the whatif summary's "(+n)" follows the last name without a stray comma;
* a tiny negative value below a minimum shows its digits (tests/test_class2_magnitudes.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from scorecard.resources import indicators_dir
from wbtools import TINY_RUBRIC, tiny_rubric, tiny_workbook

SAMPLE = str(resources.sample_workbook())
REHEARSAL = str(indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("lang, placeholder", [("en", "COLUMN=VALUE"), ("id", "KOLOM=NILAI")])
def test_whatif_bad_set_placeholder_in_the_readers_language(lang, placeholder):
    res = run("--lang", lang, "whatif", SAMPLE, "--focus", "64.71", "--set", "=5")
    assert res.exit_code == 2
    assert f"--set {placeholder}" in res.stderr
    assert ("KOLOM" in res.stderr) == (lang == "id")


def test_uncertainty_weights_example_has_no_english_in_indonesian(tmp_path):
    rub = tiny_rubric(tmp_path / "r.yaml", TINY_RUBRIC + "uncertainty: {weights: 2.0}\n")
    res = run("score", str(tiny_workbook(tmp_path / "d.xlsx")), "--rubric", str(rub))
    assert res.exit_code == 1
    line = next(x for x in res.stderr.splitlines() if "uncertainty.weights" in x)
    assert "0.25 (±25%)" in line and " for " not in line


def test_english_recommendation_headline_is_english():
    res = run("--lang", "en", "recommend", SAMPLE, "--focus", "64.71")
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    assert first.startswith("Study visit recommendation for Kota Balikpapan")
    assert "Studi tiru" not in first


@pytest.mark.parametrize("lang, word", [("en", ".json, .txt, .html, .htm, or .xlsx"),
                                        ("id", ".json, .txt, .html, .htm, atau .xlsx")])
def test_rehearse_suffix_message_lists_exactly_the_accepted_suffixes(tmp_path, lang, word):
    """The one ending rule (docs/output.md): an ending rehearse cannot write is a usage error (exit 2)
    listing exactly the endings it writes; any other ending (here .yaml) takes the text table."""
    res = run("--lang", lang, "rehearse", REHEARSAL, "--stage", "1", "-o", str(tmp_path / "g.csv"))
    assert res.exit_code == 2
    assert word in res.stderr and not (tmp_path / "g.csv").exists()
    out = tmp_path / "ok.txt"  # what the message lists is accepted
    assert run("--lang", lang, "rehearse", REHEARSAL, "--stage", "1", "-o", str(out)).exit_code == 0
    assert out.exists()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_init_rehearsal_refusal_mentions_force(tmp_path, lang):
    assert run("--lang", lang, "init", "--rehearsal", str(tmp_path / "r")).exit_code == 0
    res = run("--lang", lang, "init", "--rehearsal", str(tmp_path / "r"))
    assert res.exit_code == 1
    assert "--force" in res.stderr
    assert run("--lang", lang, "init", "--rehearsal", str(tmp_path / "r"), "--force").exit_code == 0


def test_validate_json_name_is_the_regions_name(tmp_path):
    res = run("validate", str(tiny_workbook(tmp_path / "d.xlsx")), "--rubric", str(tiny_rubric(tmp_path / "r.yaml")),
              "--format", "json")
    data = json.loads(res.stdout)
    by_code = {c["code"]: c["name"] for c in data["coverage"]}
    assert by_code["35.77"] == "Kota Madiun" and by_code["19.01"] == "Kabupaten Bangka"


def test_whatif_summary_has_no_stray_comma_before_the_rest():
    from scorecard.whatif import _listed

    assert _listed(["A", "B", "(+12)"]) == "A, B (+12)"
    assert _listed(["A", "B"]) == "A, B" and _listed([], "en") == "none" and _listed([], "id") == "tidak ada"
    res = run("whatif", SAMPLE, "--focus", "64.71", "--set", "pad=5000000")
    assert res.exit_code == 0, res.output
    assert ", (+" not in res.stdout
