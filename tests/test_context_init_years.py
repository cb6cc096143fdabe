"""`init --context` puts reference figures of their own year (INDO-DAPOER poverty 2019, Dukcapil
population 2024) into rows of the template's data year (2025): init says so, located (file, sheet,
column, rows), each cell carries a comment, the Petunjuk line says it, and `validate` warns on every
such cell (row, column, value) while its source is still the reference's citation — so no 2019 figure
is shown as a 2025 one without a word. A figure of the data year, or one the planner replaced with
its own source, is not named."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest
from click.testing import CliRunner

from scorecard.cli import cli

REGIONS = "Kota Madiun,Kabupaten Malaka"  # rows 4 and 5
WORDS = {
    "id": {"init": "kolom W (penduduk_miskin): baris 4–5 diisi angka tahun 2019",
           "not": "bukan angka tahun data 2025", "where": "sheet 'wilayah', baris 4, kolom W (penduduk_miskin): 4,35 adalah angka tahun 2019",
           "other": ["figure", "Warning", "rows", "Source:"]},
    "en": {"init": "column W (penduduk_miskin): rows 4–5 were filled with 2019 figures",
           "not": "not figures of the data year 2025", "where": "sheet 'wilayah', row 4, column W (penduduk_miskin): 4.35 is a 2019 figure",
           "other": ["angka tahun", "Peringatan", "baris", "Sumber:"]},
}


def _init(tmp_path, lang, *extra):
    out = tmp_path / f"d_{lang}"
    res = CliRunner().invoke(cli, ["--lang", lang, "init", str(out), "--regions", REGIONS, "--context", *extra])
    assert res.exit_code == 0, res.output
    return res, out / "template_smart_city.xlsx"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_init_says_which_cells_hold_figures_of_another_year(tmp_path, lang):
    res, book = _init(tmp_path, lang)
    w = WORDS[lang]
    err = res.stderr
    assert w["init"] in err and w["not"] in err
    assert f"{book}, sheet 'wilayah', " in err
    assert "(penduduk): " in err and "2024" in err  # Dukcapil semester II 2024 in a 2025 row: said too
    for word in w["other"]:
        assert word not in err
    ws = openpyxl.load_workbook(book)["wilayah"]
    assert ws["W3"].value == "penduduk_miskin" and ws["W4"].value == 4.35
    for cell in ("W4", "W5"):
        note = ws[cell].comment.text
        assert "2019" in note and "2025" in note and "INDO-DAPOER" in note
    assert "2024" in ws["K4"].comment.text
    assert ws["X4"].comment is None  # a column init did not fill
    pet = openpyxl.load_workbook(book)["Petunjuk"]
    line = next(str(c.value) for c in pet["A"] if "penduduk_miskin 2019" in str(c.value))
    assert "2025" in line


def test_init_for_the_reference_year_says_nothing_of_it(tmp_path):
    res, book = _init(tmp_path, "en", "--year", "2019")
    assert "penduduk_miskin" not in res.stderr  # DAPOER 2019 in 2019 rows: the right year
    assert "column K (penduduk): rows 4–5 were filled with 2024 figures" in res.stderr
    ws = openpyxl.load_workbook(book)["wilayah"]
    assert ws["W4"].comment is None and ws["K4"].comment is not None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_validate_warns_on_each_reference_figure_of_another_year(tmp_path, lang):
    _, book = _init(tmp_path, "id")  # made in Indonesian, checked in either language
    res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(book)])
    assert res.exit_code == 0, res.output
    assert WORDS[lang]["where"] in res.stderr
    for word in WORDS[lang]["other"][:2]:
        assert word not in res.stderr
    res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(book), "--format", "json"])
    older = [i for i in json.loads(res.stdout)["issues"] if i["code"] == "reference-figure-older"]
    assert [(i["row"], i["column_letter"], i["value"], i["severity"]) for i in older] == [
        (4, "K", 201733, "warning"), (4, "W", 4.35, "warning"), (5, "K", 210908, "warning"), (5, "W", 16.12, "warning")]


def test_a_replaced_figure_with_its_own_source_is_not_named(tmp_path):
    _, book = _init(tmp_path, "id")
    wb = openpyxl.load_workbook(book)
    ws = wb["wilayah"]
    header = [c.value for c in ws[3]]
    ws.cell(4, header.index("penduduk_miskin") + 1, 4.03)
    ws.cell(4, header.index("sumber_penduduk_miskin") + 1, "BPS, Persentase Penduduk Miskin Maret 2025")
    ws.cell(5, header.index("penduduk_miskin") + 1, 15.9)  # the figure changed but its source still says DAPOER 2019
    wb.save(book)
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--lang", "en", "validate", str(book), "--format", "json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    older = [(i["row"], i["column_letter"]) for i in json.loads(proc.stdout)["issues"] if i["code"] == "reference-figure-older"]
    assert older == [(4, "K"), (5, "K"), (5, "W")]


def test_row_ranges():
    from scorecard.context_template import _row_ranges

    assert _row_ranges((4,)) == "4"
    assert _row_ranges((4, 5, 6, 9, 11, 12)) == "4–6, 9, 11–12"


@pytest.mark.parametrize("lang,said", [("en", "column W (penduduk_miskin): row 4 was filled with 2019 figures"),
                                       ("id", "kolom W (penduduk_miskin): baris 4 diisi angka tahun 2019")])
def test_one_row_is_said_in_the_singular(tmp_path, lang, said):
    """QA s4: one region gave "rows 4 were filled" in English."""
    out = tmp_path / "one"
    res = CliRunner().invoke(cli, ["--lang", lang, "init", str(out), "--regions", "Kota Madiun", "--context"])
    assert res.exit_code == 0, res.output
    assert said in res.stderr and "rows 4 " not in res.stderr


def test_one_region_pre_filled_is_said_in_the_singular(tmp_path):
    """QA s4: 'init --regions "Kota Madiun" --lang en' said "1 regions pre-filled"."""
    res = CliRunner().invoke(cli, ["--lang", "en", "init", str(tmp_path / "one"), "--regions", "Kota Madiun"])
    assert res.exit_code == 0, res.output
    assert "1 region pre-filled, data year" in res.output
    two = CliRunner().invoke(cli, ["--lang", "en", "init", str(tmp_path / "two"), "--regions", REGIONS])
    assert "2 regions pre-filled, data year" in two.output
