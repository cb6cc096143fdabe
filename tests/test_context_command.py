"""`scorecard context` (issue 15): works with no workbook on a fresh install, in three formats,
both languages, with the attribution on every output; user tables; errors located."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from reference_texts import SOURCE_DAPOER

ROOT = Path(__file__).resolve().parent.parent


def run(args, **kw):
    return CliRunner().invoke(cli, args, **kw)


def _shipped_ipm(code: str) -> float:
    with open(resources.data_dir() / "dapoer_kabkota_2019.csv", encoding="utf-8") as fh:
        return float(next(r for r in csv.DictReader(fh) if r["kemendagri_code"] == code)["hdi"])


def test_kota_madiun_as_a_subprocess_outside_the_checkout(tmp_path):
    """A fresh process, run from an empty folder, with no workbook: IPM 2019 and its percentile."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCORECARD_REFERENCE", None)
    proc = subprocess.run([sys.executable, "-m", "scorecard", "context", "--focus", "Kota Madiun"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    ipm_line = next(line for line in proc.stdout.splitlines() if line.startswith("IPM "))
    assert "2019" in ipm_line and "80,88" in ipm_line  # the shipped value, Indonesian decimal comma
    assert _shipped_ipm("35.77") == 80.88
    assert " 95 " in ipm_line  # national percentile: 100 * (489 below + 0.5) / 514 = 95.2
    assert "25 dari 514" in ipm_line
    assert SOURCE_DAPOER["id"] in proc.stdout
    assert "Kelompok pembanding: 12 wilayah paling mirip" in proc.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_json_has_values_percentiles_similar_and_sources():
    res = run(["context", "--focus", "35.77", "--format", "json", "--similar", "5"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["region"] == {"code": "35.77", "name": "Kota Madiun", "type": "kota", "province": "Jawa Timur",
                              "daerah_tertinggal": False}
    ipm = next(f for f in data["facts"] if f["measure"] == "ipm")
    assert ipm["value"] == 80.88 and ipm["year"] == 2019 and ipm["national"]["n"] == 514
    assert ipm["national"]["percentile"] == 95.2 and ipm["province"]["n"] == 38
    assert len(data["similar"]["peers"]) == 5
    first = data["similar"]["peers"][0]
    assert first["name"] == "Kota Salatiga" and "tipe" in first["why_similar"]
    assert SOURCE_DAPOER["id"] in data["sources"]


def test_province_restricts_comparison_and_peers():
    res = run(["context", "--focus", "Kota Madiun", "--province", "Jawa Timur", "--format", "json"])
    data = json.loads(res.stdout)
    assert data["compared_with"] == "Jawa Timur"
    assert all(p["province"] == "Jawa Timur" for p in data["similar"]["peers"])
    res = run(["context", "--focus", "Kota Madiun", "--province", "Jawa Tengah", "--format", "json"])
    ipm = next(f for f in json.loads(res.stdout)["facts"] if f["measure"] == "ipm")
    assert ipm["province"]["n"] == 35  # Jawa Tengah's 35 kabupaten/kota


def test_daerah_tertinggal_flag_and_english(tmp_path):
    res = run(["context", "--focus", "Kabupaten Nabire", "--lang", "en"])
    assert res.exit_code == 0
    assert "underdeveloped region 2020-2024 (Perpres 63/2020)" in res.stdout
    assert "Source: World Bank, INDO-DAPOER (CC BY 4.0), based on BPS data, 2019" in res.stdout
    for word in ("Kelompok", "Sumber", "persentil", "peringkat"):
        assert word not in res.stdout


def test_html_page_is_self_contained_escaped_and_attributed(tmp_path):
    out = tmp_path / "madiun.html"
    res = run(["context", "--focus", "Kota Madiun", "--format", "html", "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert SOURCE_DAPOER["id"] in html and "80,88" in html and "http://" not in html.replace("http://www.w3", "")
    assert "Kelompok pembanding: 12 wilayah paling mirip" in html
    assert "<script" not in html
    # re-running replaces its own output; an unrelated file is refused
    assert run(["context", "--focus", "Kota Madiun", "--format", "html", "-o", str(out)]).exit_code == 0
    other = tmp_path / "notes.txt"
    other.write_text("my notes")
    res = run(["context", "--focus", "Kota Madiun", "-o", str(other)])
    assert res.exit_code == 1 and other.read_text() == "my notes"


def test_unknown_and_ambiguous_region_exit_1_with_suggestions():
    res = run(["context", "--focus", "Kota Madiunn"])
    assert res.exit_code == 1 and "Kota Madiun" in res.output and "Traceback" not in res.output
    res = run(["context", "--focus", "Madiun"])
    assert res.exit_code == 1 and "35.19 Kabupaten Madiun" in res.output and "kolom" not in res.output
    res = run(["context"])
    assert res.exit_code == 2


def test_user_table_is_used_with_its_source(tmp_path):
    path = tmp_path / "ipm_2024.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["wilayah", "kode_bps", "tahun", "sumber", "ipm"],
                                  ["Merauke", "9401", 2024, "BPS, IPM 2024", "72,5"],
                                  ["Nabire", "9604", 2024, "BPS, IPM 2024", "71,0"]])
    res = run(["context", "--focus", "Merauke", "--reference", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    ipm = next(f for f in json.loads(res.stdout)["facts"] if f["measure"] == "ipm")
    assert ipm["value"] == 72.5 and ipm["year"] == 2024 and "BPS, IPM 2024" in ipm["source"]
    assert ipm["national"]["n"] == 2  # the table's two regions, not "national"
    res = run(["context", "--focus", "Merauke", "--reference", str(path)])
    assert "Median tabel (n = 2)" in res.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("wilayah,kode_bps,tahun,sumber,ipm\n,9401,2024,BPS,70\n", encoding="utf-8")
    res = run(["context", "--focus", "Merauke", "--reference", str(bad)])
    assert res.exit_code == 1 and "bad.csv" in res.output and "9401" in res.output
    assert "Kabupaten Merauke" in res.output  # which region the Papua code would mean
