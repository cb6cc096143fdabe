"""A workbook typed with BPS codes (issue 15): Papua regions are matched to the right Kemendagri
regions through the crosswalk, never on the code alone (Merauke and Nabire)."""

from __future__ import annotations

from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.io.registry_file import load_registry
from scorecard.io.rubric_file import load_rubric
from scorecard.io.workbook import read_workbook
from scorecard.validate import read_tables
from wbtools import tiny_rubric, write_workbook

HEADER = ["Wilayah", "Kode BPS", "nilai_sakip", "pad", "pendapatan", "miskin"]
OTHER = {"opini_bpk": [["Wilayah", "Tahun", "Opini"]],
         "penghargaan": [["Wilayah", "Tahun", "Penghargaan", "Kategori", "Jumlah"]]}


def _read(tmp_path, rows, header=HEADER):
    wb = write_workbook(tmp_path / "w.xlsx", {"wilayah": [header, *rows], **OTHER})
    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    return read_tables(read_workbook(wb), rubric, load_registry(), current_year=2025)


def test_merauke_and_nabire_by_bps_code_both_codings(tmp_path):
    # 34-province BPS coding: Merauke 9401, Nabire 9404 (Kemendagri 94.01 is Nabire, 93.01 Merauke)
    tables, report = _read(tmp_path, [["Merauke", 9401, 70, 100, 1000, 10.0],
                                      ["Nabire", "9404", 65, 80, 900, 24.8],
                                      ["Kota Madiun", "3577", 82, 300, 1000, 4.4]])
    assert report.valid, [i.render("en") for i in report]
    assert sorted(tables.regions.index) == ["35.77", "93.01", "94.01"]
    assert tables.regions.at["93.01", "name"] == "Kabupaten Merauke"
    assert tables.regions.at["94.01", "name"] == "Kabupaten Nabire"
    # current BPS coding: Merauke 9501, Nabire 9604
    tables, report = _read(tmp_path, [["Kabupaten Merauke", 9501, 70, 100, 1000, 10.0],
                                      ["Kabupaten Nabire", 9604, 65, 80, 900, 24.8]])
    assert report.valid and sorted(tables.regions.index) == ["93.01", "94.01"]


def test_papua_bps_code_without_a_name_or_with_the_wrong_name_is_an_error(tmp_path):
    tables, report = _read(tmp_path, [[None, 9401, 70, 100, 1000, 10.0],
                                      ["Nabire", 9401, 65, 80, 900, 24.8],
                                      [None, 1101, 60, 50, 500, 18.0]])  # outside Papua: the code alone is enough
    got = {(i.row, i.column_letter, i.code) for i in report.errors}
    assert (2, "B", "bps-code-needs-name") in got
    assert (3, "B", "bps-code-name-mismatch") in got
    assert not any(i.row == 4 for i in report.errors)
    msg = next(i for i in report.errors if i.code == "bps-code-needs-name").render("id")
    assert "93.01 Kabupaten Merauke" in msg


def test_bps_code_typed_in_the_kemendagri_column_is_matched_with_a_note(tmp_path):
    header = ["Wilayah", "Kode", "nilai_sakip", "pad", "pendapatan", "miskin"]
    tables, report = _read(tmp_path, [["Merauke", "9401", 70, 100, 1000, 10.0],
                                      ["Nabire", "94.01", 65, 80, 900, 24.8]], header)
    assert report.valid, [i.render("en") for i in report]
    assert sorted(tables.regions.index) == ["93.01", "94.01"]
    note = next(i for i in report.notes if i.code == "bps-code-in-kode")
    assert note.row == 2 and "93.01 Kabupaten Merauke" in note.render("id")


def test_validate_cli_with_bps_codes(tmp_path):
    wb = write_workbook(tmp_path / "w.xlsx", {"wilayah": [HEADER, ["Merauke", 9401, 70, 100, 1000, 10.0],
                                                          ["Nabire", 9404, 65, 80, 900, 24.8]], **OTHER})
    res = CliRunner().invoke(cli, ["validate", str(wb), "--rubric", str(tiny_rubric(tmp_path / "r.yaml"))])
    assert res.exit_code == 0, res.output
