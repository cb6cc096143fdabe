"""`scorecard init --context` (issue 15): context columns pre-filled from the reference data, each
value with its source and year; the filled template validates; a user table's newer year wins."""

from __future__ import annotations

import csv

import openpyxl
from click.testing import CliRunner

from scorecard.cli import cli
from reference_texts import SOURCE_DAPOER, SOURCE_DUKCAPIL


def _rows(path):
    ws = openpyxl.load_workbook(path)["wilayah"]
    header = [c.value for c in ws[3]]
    return {r[header.index("kode")]: dict(zip(header, r)) for r in ws.iter_rows(min_row=4, values_only=True)
            if r[header.index("kode")]}


def test_init_context_fills_population_and_poverty_with_sources(tmp_path):
    res = CliRunner().invoke(cli, ["init", str(tmp_path / "d"), "--regions", "Kota Madiun,Kabupaten Malaka",
                                   "--context"])
    assert res.exit_code == 0, res.output
    assert "penduduk, penduduk_miskin" in res.output
    rows = _rows(tmp_path / "d" / "template_smart_city.xlsx")
    madiun = rows["35.77"]
    assert madiun["penduduk_miskin"] == 4.35  # INDO-DAPOER 2019, the shipped value
    assert madiun["sumber_penduduk_miskin"] == SOURCE_DAPOER["id"]
    assert madiun["penduduk"] == 201733 and madiun["sumber_penduduk"] == SOURCE_DUKCAPIL["id"]
    assert rows["53.21"]["penduduk_miskin"] == 16.12
    pet = openpyxl.load_workbook(tmp_path / "d" / "template_smart_city.xlsx")["Petunjuk"]
    assert any("penduduk_miskin 2019" in str(c.value) for c in pet["A"])
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "d" / "template_smart_city.xlsx")])
    assert res.exit_code == 0, res.output


def test_init_without_context_leaves_them_blank(tmp_path):
    res = CliRunner().invoke(cli, ["init", str(tmp_path / "d"), "--regions", "Kota Madiun"])
    assert res.exit_code == 0
    madiun = _rows(tmp_path / "d" / "template_smart_city.xlsx")["35.77"]
    assert madiun["penduduk_miskin"] is None and madiun["sumber_penduduk_miskin"] is None


def test_init_context_uses_a_newer_user_table(tmp_path, monkeypatch):
    table = tmp_path / "miskin_2024.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["wilayah", "tahun", "sumber", "kemiskinan"],
                                  ["Kota Madiun", 2024, "BPS, Persentase Penduduk Miskin Maret 2024", "4,03"]])
    monkeypatch.setenv("SCORECARD_REFERENCE", str(table))
    res = CliRunner().invoke(cli, ["init", str(tmp_path / "d"), "--regions", "Kota Madiun,Kota Malang", "--context"])
    assert res.exit_code == 0, res.output
    rows = _rows(tmp_path / "d" / "template_smart_city.xlsx")
    assert rows["35.77"]["penduduk_miskin"] == 4.03
    assert "BPS, Persentase Penduduk Miskin Maret 2024" in rows["35.77"]["sumber_penduduk_miskin"]
    assert rows["35.73"]["penduduk_miskin"] is None  # not in the user's table: blank, not 2019
    assert "1 dibiarkan kosong" in res.output
