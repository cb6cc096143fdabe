""".xlsx, .xlsm, .ods, a folder of CSVs and a single CSV all read the same data the same way."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scorecard.cli import cli
from test_messy_workbook import AWARDS, COLUMNS, OPINIONS, REGIONS, clean_workbook
from examples import dim, ind, rubric_yaml


def _score(path, *extra):
    res = CliRunner().invoke(cli, ["score", str(path), "--format", "json", *extra])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _office():
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (Debian package libreoffice-calc-nogui)")
        pytest.skip("LibreOffice not installed")
    return office


def _convert(src, fmt, outdir, tmp_path):
    proc = subprocess.run([_office(), f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                           "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert out.exists(), proc.stdout + proc.stderr
    return out


@pytest.fixture()
def clean(tmp_path):
    return clean_workbook(tmp_path / "rapi.xlsx")


def test_xlsm_reads_like_xlsx(clean, tmp_path):
    wb = load_workbook(clean)
    xlsm = tmp_path / "rapi.xlsm"
    wb.save(xlsm)
    assert _score(xlsm) == _score(clean)


def test_csv_folder_with_indonesian_text_scores_like_xlsx(clean, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    # semicolon-separated, as Excel writes CSV on an Indonesian-locale PC, with a UTF-8 BOM
    with (folder / "wilayah.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Wilayah", "Tahun", *COLUMNS])
        for _name, _code, messy, pairs in REGIONS:
            w.writerow([messy, "2024", *[m for _, m in pairs]])
    with (folder / "opini_bpk.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Kode", "Tahun", "Opini"])
        for code, rows in OPINIONS.items():
            for _, _, year, opinion in rows:
                w.writerow([code, year, opinion])
    with (folder / "penghargaan.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Kode", "Tahun", "Kategori", "Jumlah"])
        for code, year, _, cat, n in AWARDS:
            w.writerow([code, year, cat, n])
    proc = subprocess.run([sys.executable, "-m", "scorecard", "score", str(folder), "--format", "json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == _score(clean)


SMALL_COLUMNS = {"pad": {"label": "PAD", "type": "number", "min": 0},
                 "miskin": {"label": "Penduduk miskin", "type": "percent", "min": 0, "max": 100}}


def small_rubric(**columns: dict) -> str:
    """A one-dimension rubric without opinions (PAD per resident, poverty); ``columns`` added."""
    return rubric_yaml(
        id="kecil", name={"id": "Rubrik tanpa opini", "en": "Rubric without opinions"},
        scales=("predikat_ab",), scoring_scale="predikat", columns={**columns, **SMALL_COLUMNS},
        dimensions=[dim("ekonomi", ind("pad_pc", kind="ratio", name="PAD per kapita", numerator="pad",
                                       denominator="penduduk", weight=1),
                        ind("miskin", "miskin", kind="percent", name="Penduduk miskin", direction="lower", weight=1),
                        name="Ekonomi", weight=1)])


def test_single_csv_is_the_regions_sheet(tmp_path):
    rubric = tmp_path / "kecil.yaml"
    rubric.write_text(small_rubric(penduduk={"label": "Penduduk", "type": "integer"}), encoding="utf-8")
    path = tmp_path / "data.csv"
    path.write_text("Wilayah;Penduduk;PAD;Penduduk miskin\n"
                    "Kota Madiun;200.000;Rp 100 M;4,5%\n"
                    "Kota Malang;800.000;Rp 800 M;4%\n"
                    "Kota Batu;250.000;Rp 50 M;3,5 %\n", encoding="utf-8")
    out = _score(path, "--rubric", str(rubric))
    by_code = {r["code"]: r for r in out["regions"]}
    # PAD per capita by hand: 500 000, 1 000 000 and 200 000 Rp per resident
    assert by_code["35.77"]["indicators"]["pad_pc"]["value"] == 500_000
    assert by_code["35.73"]["indicators"]["pad_pc"]["value"] == 1_000_000
    assert by_code["35.79"]["indicators"]["pad_pc"]["value"] == 200_000
    # min-max: Madiun (500 000 - 200 000) / (1 000 000 - 200 000) x 100 = 37.5
    assert by_code["35.77"]["indicators"]["pad_pc"]["score"] == pytest.approx(37.5)


def test_csv_that_is_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes("Wilayah;PAD\nKota Madiun;Rp 100 M\nKab. Pangkajene dan Kepulauan \xb2;1\n".encode("latin-1"))
    res = CliRunner().invoke(cli, ["validate", str(path)])
    assert res.exit_code == 1
    assert "UTF-8" in res.output and "data.csv" in res.output


def _percent_workbook(src, dst, column="penduduk_miskin"):
    """Retype one column of the clean workbook the way Excel stores '4,5%': 0.045 with a % format."""
    wb = load_workbook(src)
    ws = wb["wilayah"]
    j = [c.value for c in ws[1]].index(column) + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(r, j).value = ws.cell(r, j).value / 100
        ws.cell(r, j).number_format = "0.0%"
    wb.save(dst)
    return dst


def test_percent_formatted_cells_read_as_the_percentage_shown(clean, tmp_path):
    pct = _percent_workbook(clean, tmp_path / "persen.xlsx")
    assert load_workbook(pct)["wilayah"].cell(2, 15).value == pytest.approx(0.045)  # stored as a fraction
    assert _score(pct) == _score(clean)


def test_percent_format_in_a_non_percent_column_is_an_error(clean, tmp_path):
    bad = _percent_workbook(clean, tmp_path / "salah.xlsx", column="indeks_inovasi")
    res = CliRunner().invoke(cli, ["validate", str(bad), "--format", "json", "--lang", "en"])
    assert res.exit_code == 1
    errors = [i for i in json.loads(res.stdout)["issues"] if i["severity"] == "error"]
    assert [(i["row"], i["column_letter"], i["code"]) for i in errors] == \
        [(r, "G", "percent-cell-format") for r in range(2, 6)]
    assert "shown as 72%" in errors[0]["message"]


@pytest.mark.libreoffice
def test_ods_reads_like_xlsx_including_percent_cells(clean, tmp_path):
    pct = _percent_workbook(clean, tmp_path / "persen.xlsx")
    ods = _convert(pct, "ods", tmp_path / "ods", tmp_path)
    assert _score(ods) == _score(clean)


@pytest.mark.libreoffice
def test_formulas_use_their_cached_values(clean, tmp_path):
    wb = load_workbook(clean)
    ws = wb["wilayah"]
    j = [c.value for c in ws[1]].index("pad") + 1
    letter = ws.cell(1, j).column_letter
    for r in range(2, ws.max_row + 1):  # PAD typed as a formula: =<billions>*10^9
        ws.cell(r, j).value = f"={ws.cell(r, j).value / 1e9:g}*10^9"
    wb.save(tmp_path / "rumus.xlsx")
    # openpyxl stores formulas without results; LibreOffice computes and stores them, as Excel does
    recalculated = _convert(tmp_path / "rumus.xlsx", "xlsx", tmp_path / "lo", tmp_path)
    assert load_workbook(recalculated)["wilayah"][f"{letter}2"].value.startswith("=")
    assert _score(recalculated) == _score(clean)
