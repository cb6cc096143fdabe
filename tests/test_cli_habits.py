"""CLI habits (issue 19): repeated options, renamed regions, numbers read from text, hints that apply."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from scorecard import cli
from scorecard.validate import renamed

ROOT = Path(__file__).resolve().parent.parent
SMART = ROOT / "indicators" / "contoh_smart_city.xlsx"


def run(args: list[str]):
    return CliRunner().invoke(cli.cli, args, env={"SCORECARD_LANG": None})


def test_a_list_option_given_twice_accumulates(tmp_path):
    res = run(["init", str(tmp_path / "t"), "--regions", "Kota Madiun", "--regions", "Kab. Sleman,Kota Medan"])
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(tmp_path / "t" / "template_smart_city.xlsx")["wilayah"]
    names = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"Kota Madiun", "Kabupaten Sleman", "Kota Medan"} <= names


@pytest.mark.parametrize("lang, words", [("id", "diberikan lebih dari sekali"), ("en", "was given more than once")])
def test_any_other_option_given_twice_is_refused(lang, words):
    res = run(["--lang", lang, "score", str(SMART), "--focus", "Kota Madiun", "--focus", "Kota Bandung"])
    assert res.exit_code == 2
    assert words in res.stderr and "--focus" in res.stderr
    assert "'Kota Madiun'" in res.stderr and "'Kota Bandung'" in res.stderr
    # --opt=value and short forms count too
    res = run(["score", str(SMART), "--format=json", "--format", "csv"])
    assert res.exit_code == 2 and "--format" in res.stderr
    res = run(["score", str(SMART), "-f", "Kota Madiun", "-fKota Bandung"])
    assert res.exit_code == 2


def test_given_once_is_untouched():
    res = run(["score", str(SMART), "--focus", "Kota Madiun", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["regions"]


def test_renamed_is_more_than_case_spaces_or_prefix():
    assert renamed("Kota Palangka Raya", "Kota Palangkaraya")
    assert renamed("Kota Bau-Bau", "Kota Bau Bau")
    assert not renamed("kota  MADIUN", "Kota Madiun")
    assert not renamed("Kab. Sleman", "Kabupaten Sleman")
    assert not renamed("Sleman", "Kabupaten Sleman")


@pytest.mark.parametrize("lang, words", [("id", "ditulis sebagai Kota Palangkaraya (62.71, nama resmi"),
                                         ("en", "is shown as Kota Palangkaraya (62.71, the official")])
def test_a_renamed_region_gets_a_note(tmp_path, lang, words):
    res = run(["--lang", lang, "init", str(tmp_path / "t"), "--regions", "Kota Palangka Raya,Kota Madiun"])
    assert res.exit_code == 0, res.output
    assert "'Kota Palangka Raya' " + words in res.stderr
    assert res.stderr.count("62.71") == 1  # Kota Madiun is spelled officially: no note


@pytest.fixture()
def text_numbers(tmp_path) -> Path:
    wb = openpyxl.load_workbook(SMART)
    ws = wb["wilayah"]
    header = [c.value for c in ws[3]]
    col = header.index("penduduk_miskin") + 1
    ws.cell(row=4, column=col).value = "6,2"  # Kota Madiun
    ws.cell(row=5, column=col).value = "12,5%"  # Kota Balikpapan
    path = tmp_path / "teks.xlsx"
    wb.save(path)
    return path


def test_validate_lists_numbers_read_from_text(text_numbers):
    res = run(["validate", str(text_numbers)])
    assert res.exit_code == 0, res.output
    assert "2 angka dibaca dari sel teks" in res.stdout
    assert "sheet 'wilayah', baris 4, kolom P (penduduk_miskin), Kota Madiun: 6,2" in res.stdout
    assert "sheet 'wilayah', baris 5, kolom P (penduduk_miskin), Kota Balikpapan: 12,5" in res.stdout
    res = run(["--lang", "en", "validate", str(text_numbers), "--format", "json"])
    data = json.loads(res.stdout)
    assert [(c["row"], c["column_letter"], c["value"]) for c in data["from_text"]] == [(4, "P", 6.2), (5, "P", 12.5)]


def test_validate_says_nothing_about_text_when_there_is_none():
    res = run(["validate", str(SMART)])
    assert res.exit_code == 0 and "dibaca dari sel teks" not in res.stdout


def test_messages_show_what_is_expected_and_bounds_in_the_readers_language(tmp_path):
    wb = openpyxl.load_workbook(SMART)
    ws = wb["wilayah"]
    header = [c.value for c in ws[3]]
    ws.cell(row=4, column=header.index("penduduk_miskin") + 1).value = "banyak"  # not a number
    ws.cell(row=5, column=header.index("penduduk_miskin") + 1).value = -0.5  # below the minimum 0
    path = tmp_path / "salah.xlsx"
    wb.save(path)
    res_id = run(["validate", str(path)])
    res_en = run(["--lang", "en", "validate", str(path)])
    assert res_id.exit_code == res_en.exit_code == 1
    assert "yang diharapkan: angka atau persen" in res_id.stderr and "nilai -0,5 di bawah batas minimum 0" in res_id.stderr
    assert "expected: a number or a percentage" in res_en.stderr and "value -0.5 is below the minimum 0" in res_en.stderr
    assert "angka" not in res_en.stderr
