"""`-o` naming a spreadsheet, document or PDF file for a text output is a usage error (exit 2),
never a text table written into `hasil.xlsx` that Excel cannot open; nothing is written.

The file ending and `--format` (scorecard/commands/output_format.py, docs/output.md): without
`--format` a known ending chooses the format (`score -o hasil.csv` writes CSV); an explicit
`--format` that contradicts it (`--format csv -o x.json`) is a usage error naming both; an ending
the command cannot write (`recommend -o r.csv`) too. `.txt` or no ending takes any text format."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.resources import indicators_dir, sample_workbook

SAMPLE = str(sample_workbook())
REHEARSAL = str(indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx")


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
                                       ("table", "hasil"), ("json", "hasil.txt"), ("csv", "hasil")])
def test_matching_or_no_suffix_is_written(tmp_path, fmt, name):
    out = tmp_path / name
    res = CliRunner().invoke(cli, ["score", SAMPLE, "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 0


def test_subprocess_exit_code(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scorecard", "score", SAMPLE, "-o", str(tmp_path / "x.xlsx")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Kesalahan:" in proc.stderr and not (tmp_path / "x.xlsx").exists()


MISMATCH = {"id": "nama file berakhiran {suffix}, tetapi --format {fmt} menulis",
            "en": "the file name ends in {suffix}, but --format {fmt} writes"}


@pytest.mark.parametrize("args, fmt, name", [
    (["score", SAMPLE], "csv", "x.json"),
    (["score", SAMPLE], "json", "x.csv"),
    (["score", SAMPLE], "table", "x.csv"),
    (["recommend", SAMPLE, "--focus", "Kota Balikpapan"], "table", "r.json"),
    (["whatif", SAMPLE, "--focus", "Kota Balikpapan", "--set", "indeks_spbe=3,6"], "table", "w.json"),
    (["context", "--focus", "Kota Madiun"], "json", "c.html"),
    (["context", "--focus", "Kota Madiun"], "html", "c.json"),
    (["rehearse", "{rehearsal}", "--stage", "2"], "table", "g.json"),
    (["rehearse", "{rehearsal}", "--stage", "2"], "json", "g.html"),
    (["rehearse", "{rehearsal}", "--stage", "2"], "json", "g.xlsx"),
])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_explicit_format_contradicting_the_ending_is_a_usage_error(tmp_path, args, fmt, name, lang):
    out = tmp_path / name
    args = [REHEARSAL if a == "{rehearsal}" else a for a in args]
    res = CliRunner().invoke(cli, ["--lang", lang, *args, "--format", fmt, "-o", str(out)])
    assert res.exit_code == 2, res.output
    suffix = out.suffix
    assert MISMATCH[lang].format(suffix=suffix, fmt=fmt) in res.stderr, res.stderr
    assert str(out) in res.stderr and "Traceback" not in res.output and not out.exists()


@pytest.mark.parametrize("args, name, first", [
    (["score", SAMPLE], "skor.csv", "rank,code,name"),
    (["score", SAMPLE], "skor.json", "{"),
    (["recommend", SAMPLE, "--focus", "Kota Balikpapan"], "r.json", "{"),
    (["whatif", SAMPLE, "--focus", "Kota Balikpapan", "--set", "indeks_spbe=3,6"], "w.json", "{"),
    (["context", "--focus", "Kota Madiun"], "c.html", "<!DOCTYPE html>"),
    (["rehearse", "{rehearsal}", "--stage", "2"], "g.json", "{"),
])
def test_without_format_the_ending_chooses(tmp_path, args, name, first):
    out = tmp_path / name
    args = [REHEARSAL if a == "{rehearsal}" else a for a in args]
    res = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith(first), text[:80]
    if first == "{":
        json.loads(text)


@pytest.mark.parametrize("lang, words", [
    ("id", "perintah ini tidak menulis berkas .csv; formatnya: --format table atau --format json. "
           "Beri nama berakhiran .json atau .txt."),
    ("en", "this command does not write .csv files; its formats: --format table or --format json. "
           "Name the file with .json or .txt.")])
@pytest.mark.parametrize("fmt", [None, "json"])
def test_an_ending_the_command_cannot_write_is_a_usage_error(tmp_path, lang, words, fmt):
    out = tmp_path / "r.csv"
    res = CliRunner().invoke(cli, ["--lang", lang, "recommend", SAMPLE, "--focus", "Kota Balikpapan",
                                   *(["--format", fmt] if fmt else []), "-o", str(out)])
    assert res.exit_code == 2 and words in res.stderr and not out.exists(), res.output


def test_a_folder_named_like_a_format_is_called_a_folder(tmp_path):
    """`-o hasil.json/` (an existing folder) with --format csv: the overwrite rule's "is a folder"
    error (exit 1, with a file name to give), not a format mismatch."""
    folder = tmp_path / "hasil.json"
    folder.mkdir()
    res = CliRunner().invoke(cli, ["--lang", "en", "score", SAMPLE, "--format", "csv", "-o", str(folder)])
    assert res.exit_code == 1 and "is a folder" in res.stderr and "ends in" not in res.stderr, res.output


REHEARSE_UNSUPPORTED = {
    "id": "perintah ini tidak menulis berkas {suffix}; formatnya: --format table atau --format json. "
          "Beri nama berakhiran .json, .txt, .html, .htm, atau .xlsx.",
    "en": "this command does not write {suffix} files; its formats: --format table or --format json. "
          "Name the file with .json, .txt, .html, .htm, or .xlsx."}


@pytest.mark.parametrize("name", ["g.csv", "g.pdf", "g.docx"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_rehearse_follows_the_one_rule_for_endings_it_cannot_write(tmp_path, name, lang):
    """rehearse refused g.csv / g.pdf with its own exit 1 "rehearse-output-format" while every other
    command gives the usage error (exit 2) of this rule; the message lists what rehearse does write."""
    out = tmp_path / name
    res = CliRunner().invoke(cli, ["--lang", lang, "rehearse", REHEARSAL, "--stage", "1", "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert REHEARSE_UNSUPPORTED[lang].format(suffix=out.suffix) in res.stderr, res.stderr
    assert "Traceback" not in res.output and not out.exists()


@pytest.mark.parametrize("name, first", [("g", "Gladi evaluasi Smart City"), ("g.log", "Gladi evaluasi Smart City"),
                                         ("g.htm", "<!DOCTYPE html>")])
def test_rehearse_any_other_ending_takes_the_table_as_everywhere(tmp_path, name, first):
    """`rehearse -o g` (no ending) was refused although every other command writes the table there."""
    out = tmp_path / name
    res = CliRunner().invoke(cli, ["rehearse", REHEARSAL, "--stage", "1", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith(first)


def test_rehearse_unsupported_ending_subprocess_exit_code(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scorecard", "rehearse", REHEARSAL, "--stage", "1",
                           "-o", str(tmp_path / "g.pdf")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Kesalahan:" in proc.stderr and not (tmp_path / "g.pdf").exists()
