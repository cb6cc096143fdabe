"""`-o` naming a spreadsheet, document or PDF file for a text output is a usage error (exit 2),
never a text table written into `hasil.xlsx` that Excel cannot open; nothing is written."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.resources import sample_workbook

SAMPLE = str(sample_workbook())


@pytest.mark.parametrize("args, name, ext", [
    (["score", SAMPLE], "hasil.xlsx", ".txt"),
    (["score", SAMPLE, "--format", "json"], "hasil.ods", ".json"),
    (["score", SAMPLE, "--format", "csv"], "hasil.xls", ".csv"),
    (["recommend", SAMPLE, "--focus", "Kota Balikpapan", "--format", "json"], "r.pdf", ".json"),
    (["whatif", SAMPLE, "--focus", "Kota Balikpapan", "--set", "indeks_spbe=3,6"], "w.docx", ".txt"),
    (["context", "--focus", "Kota Madiun", "--format", "html"], "c.docx", ".html"),
])
@pytest.mark.parametrize("lang, words", [("id", "tidak bisa menjadi berkas"), ("en", "cannot be a")])
def test_mismatched_suffix_is_a_usage_error(tmp_path, args, name, ext, lang, words):
    out = tmp_path / name
    res = CliRunner().invoke(cli, ["--lang", lang, *args, "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert words in res.output and f"{ext}" in res.output and "Traceback" not in res.output
    assert not out.exists()


@pytest.mark.parametrize("fmt, name", [("table", "hasil.txt"), ("json", "hasil.json"), ("csv", "hasil.csv"),
                                       ("table", "hasil"), ("table", "hasil.json")])
def test_matching_or_no_suffix_is_written(tmp_path, fmt, name):
    out = tmp_path / name
    res = CliRunner().invoke(cli, ["score", SAMPLE, "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 0


def test_subprocess_exit_code(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scorecard", "score", SAMPLE, "-o", str(tmp_path / "x.xlsx")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Kesalahan:" in proc.stderr and not (tmp_path / "x.xlsx").exists()
