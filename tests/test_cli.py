"""The command line: help in both languages, exit codes, the sample, the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import i18n, resources
from scorecard.cli import COMMANDS, cli

SAMPLE = str(resources.sample_workbook())


def run(args, **kw):
    return CliRunner().invoke(cli, args, **kw)


def test_root_help_lists_every_command_in_indonesian_and_english():
    out_id = run(["--help"]).output
    out_en = run(["--lang", "en", "--help"]).output
    assert "bandingkan kabupaten/kota" in out_id
    assert "benchmark your kabupaten/kota" in out_en
    for name in COMMANDS:
        assert name in out_id and name in out_en


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_examples(name):
    res = run([name, "--help"])
    assert res.exit_code == 0, res.output
    assert "help." not in res.output  # no untranslated catalogue key leaks
    en = run([name, "--help", "--lang", "en"])
    assert en.exit_code == 0 and en.output != res.output


def test_usage_error_exit_2():
    res = run(["score"])
    assert res.exit_code == 2
    res = run(["score", SAMPLE, "--peers", "galaxy"])
    assert res.exit_code == 2


def test_score_sample_json_all_regions_in_range():
    res = run(["score", SAMPLE, "--format", "json"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["rubric"]["id"] == "smart_city" and data["rubric"]["version"] == "2026.1"
    assert data["rubric"]["file"].endswith("smart_city.yaml")  # which file was used (issue 13 point 9)
    names = {r["name"] for r in data["regions"]}
    for needed in ("Kota Madiun", "Kota Balikpapan", "Kota Malang", "Kota Bandung", "Kota Medan",
                   "Kabupaten Bangka", "Kabupaten Jombang", "Kota Lhokseumawe"):
        assert needed in names
    assert len(data["regions"]) >= 12
    ranks = sorted(r["rank"] for r in data["regions"])
    assert ranks[0] == 1
    for r in data["regions"]:
        # relative bands, never SAKIP words, on the relative index (issue 13 point 2)
        assert 0 <= r["score"] <= 100 and r["position"] in {"terdepan", "atas", "bawah", "tertinggal"}
        assert set(r["dimensions"]) == {"governance", "branding", "economy", "living", "society", "environment"}
    madiun = next(r for r in data["regions"] if r["name"] == "Kota Madiun")
    assert madiun["code"] == "35.77"
    malang = next(r for r in data["regions"] if r["name"] == "Kota Malang")
    assert malang["indicators"]["wtp_streak"]["value"] == 12  # "WTP 12 kali" (news)
    assert malang["indicators"]["rb"]["grade"] == "BB"  # RB predicate BB (news)


def test_score_csv_and_output_file(tmp_path):
    out = tmp_path / "skor.csv"
    res = run(["score", SAMPLE, "--format", "csv", "-o", str(out)], catch_exceptions=False)
    assert res.exit_code == 0 and res.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("rank,code,name,peer_group,score,position,coverage")  # relative bands
    assert len(lines) == 1 + 15


def test_table_numbers_follow_language():
    id_out = run(["score", SAMPLE]).stdout
    en_out = run(["score", SAMPLE, "--lang", "en"]).stdout
    assert "Peringkat" in id_out and "Rank" in en_out
    assert any("," in line.split()[-1] for line in id_out.splitlines()[4:6])
    assert any("." in line.split()[-1] for line in en_out.splitlines()[4:6])


def test_internal_error_exit_3_one_line_and_debug(monkeypatch):
    import scorecard.pipeline as pipeline

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(pipeline, "score", boom)
    res = run(["score", SAMPLE])
    assert res.exit_code == 3
    assert "Traceback" not in res.output
    assert "kaboom" in res.stderr and "--debug" in res.stderr
    res = run(["score", SAMPLE, "--debug"])
    assert res.exit_code == 3 and "Traceback" in res.stderr


def test_rubrics_list_and_show():
    res = run(["rubrics"], catch_exceptions=False)
    assert res.exit_code == 0 and "smart_city" in res.stdout
    res = run(["rubrics", "show", "smart_city"], catch_exceptions=False)
    assert res.exit_code == 0 and "dimensions:" in res.stdout
    res = run(["rubrics", "show", "tidak_ada"])
    assert res.exit_code == 1


def test_demo_writes_results(tmp_path):
    res = run(["demo", "-o", str(tmp_path / "hasil")], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "hasil" / "skor.json").read_text(encoding="utf-8"))
    assert len(data["regions"]) == 15
    assert str(tmp_path / "hasil" / "skor.json") in res.stdout


def test_catalogue_is_complete_and_bilingual():
    cat = i18n.catalogue()
    assert not i18n.untranslated("en"), i18n.untranslated("en")
    # every issue code raised in the package has a message
    import re

    pkg = Path(resources.__file__).parent
    codes = set()
    for py in pkg.rglob("*.py"):
        text = py.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:\bIssue|\.add|\.cell|\.sheet)\(\s*"([a-z][a-z0-9-]+)"', text))
    missing = sorted(c for c in codes if f"issue.{c}" not in cat)
    assert not missing, missing


def _installed_script() -> str | None:
    candidate = Path(sys.executable).parent / "scorecard"
    if candidate.exists():
        return str(candidate)
    return shutil.which("scorecard")


def test_installed_console_script_as_subprocess(tmp_path):
    script = _installed_script()
    if script is None:
        pytest.skip("console script not installed in this environment")
    env = dict(os.environ, SCORECARD_LANG="id")
    proc = subprocess.run([script, "score", SAMPLE, "--format", "json"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["regions"]) == 15
    proc = subprocess.run([script, "score", str(tmp_path / "tidak-ada.xlsx")], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "tidak-ada.xlsx" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--version"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and "scorecard" in proc.stdout


def test_inputs_are_not_modified(tmp_path):
    import hashlib

    before = hashlib.sha256(Path(SAMPLE).read_bytes()).hexdigest()
    run(["score", SAMPLE, "--format", "json"])
    run(["validate", SAMPLE])
    assert hashlib.sha256(Path(SAMPLE).read_bytes()).hexdigest() == before
