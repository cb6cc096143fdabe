"""Numbers are never misread or dropped silently (issue 13 point 6, issue 18 class 2).

* separators are judged per column from all its cells: a pandas-written CSV whose column holds
  ``35.378`` next to ``30.407857`` is read exactly (35.378, not 35378) with a located note; a
  column mixing Indonesian and English forms refuses the cells that read either way, naming them;
* a value beyond the range of a double (a 400-digit number, typed or as text; ``whatif --set``)
  is an error naming the cell or the ``--set``; numpy warnings never reach stderr;
* a numeric cell holding NaN is a warning naming the cell;
* two sheets both named like the region table: the one used and the one ignored are named.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from test_methodology_fixtures import REGIONS, ref_rubric, write_csv


def _validate(path, rubric):
    res = CliRunner().invoke(cli, ["validate", str(path), "--rubric", str(rubric), "--format", "json",
                                   "--lang", "en"], catch_exceptions=False)
    return res, json.loads(res.stdout)


def _load(path, rubric):
    from scorecard.commands.common import load_inputs

    _, tables, report = load_inputs(str(path), str(rubric))
    return tables, report


def _rows(values_a):
    return [(code, name, a, 200 + 10 * i, 5 + i, 0.5) for i, ((code, name), a) in enumerate(zip(REGIONS, values_a))]


def test_pandas_csv_514_regions_with_mixed_cells_is_read_exactly(tmp_path):
    reg = pd.read_csv(resources.data_dir() / "regions.csv", dtype={"kemendagri_code": str})
    rng = np.random.default_rng(6)
    a = rng.uniform(10, 90, len(reg)).round(6)
    a[::34] = np.round(a[::34], 3)  # 16 cells with exactly three decimals: 35.378
    frame = pd.DataFrame({"kode": reg["kemendagri_code"], "wilayah": reg["name_title"], "a": a,
                          "b": rng.uniform(1, 9, len(reg)), "c": rng.uniform(1, 9, len(reg)),
                          "d": rng.uniform(0, 1, len(reg))})
    path = tmp_path / "pandas.csv"
    frame.to_csv(path, index=False)
    text = path.read_text()
    three = [float(v) for v in a if len(repr(float(v)).split(".")[1]) == 3]
    assert len(three) >= 10 and f",{three[0]!r}," in text  # really written as 35.378-like text
    tables, report = _load(path, ref_rubric(tmp_path))
    got = tables.regions.loc[list(reg["kemendagri_code"]), "a"].to_numpy()
    assert np.array_equal(got, a)  # every cell exactly, none read as thousands
    notes = [i for i in report if i.code == "decimal-dot-column"]
    assert len(notes) == 1 and notes[0].column == "a" and notes[0].params["n"] == len(three)
    assert notes[0].row is not None and notes[0].column_letter == "C"
    read = notes[0].params["read"]  # the first such cell, read as written, in each language's decimal mark
    assert float(read.en) == float(notes[0].value) and f"dibaca sebagai {read.id} " in notes[0].message("id")
    assert read.id == read.en.replace(".", ",")
    assert "dot = decimal mark" in notes[0].render("en")


def test_column_mixing_conventions_refuses_the_ambiguous_cells_by_name(tmp_path):
    # 1.234,5 (Indonesian) and 30.407857 (English) in one column: 35.378 could be either
    import csv

    path = tmp_path / "mixed.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([["kode", "wilayah", "a", "b", "c", "d"],
                                  *_rows(["1.234,5", "30.407857", "35.378", "12"])])
    res, data = _validate(path, ref_rubric(tmp_path))
    assert res.exit_code == 1
    errors = [i for i in data["issues"] if i["severity"] == "error"]
    assert [(i["code"], i["row"], i["column_letter"], i["value"]) for i in errors] == [
        ("ambiguous-number", 4, "C", "35.378")]


def test_no_evidence_keeps_the_indonesian_reading_with_a_note(tmp_path):
    path = write_csv(tmp_path, ["a", "b", "c", "d"], _rows(["35.378", "12", "14", "20"]))
    tables, report = _load(path, ref_rubric(tmp_path))
    assert tables.regions.at["35.71", "a"] == 35378
    note = next(i for i in report if i.code == "separator-default")
    assert (note.row, note.column_letter, note.value) == (2, "C", "35.378")
    assert "Indonesian convention" in note.render("en") and "kaidah Indonesia" in note.render("id")


@pytest.mark.parametrize("cell", ["1" * 400, "1" * 400 + ",5", "Rp " + "9" * 320, "1e400"])
def test_non_finite_text_is_an_error_naming_the_cell(tmp_path, cell):
    path = write_csv(tmp_path, ["a", "b", "c", "d"], _rows(["10", cell, "30", "50"]))
    res = CliRunner().invoke(cli, ["score", str(path), "--rubric", str(ref_rubric(tmp_path)), "--lang", "en"])
    assert res.exit_code == 1
    assert "RuntimeWarning" not in res.stderr and "Traceback" not in res.output
    res, data = _validate(path, ref_rubric(tmp_path))
    errors = [(i["code"], i["row"], i["column_letter"]) for i in data["issues"] if i["severity"] == "error"]
    assert errors == [("number-not-finite", 3, "C")]


def test_typed_400_digit_number_in_xlsx_is_an_error(tmp_path):
    from wbtools import write_workbook

    header = ["kode", "wilayah", "a", "b", "c", "d"]
    rows = [list(r) for r in _rows([10, 20, 30, 50])]
    rows[1][3] = 987654321  # replaced below by a 400-digit number stored as a number
    path = write_workbook(tmp_path / "big.xlsx", {"wilayah": [header, *rows]})
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    assert b"<v>987654321</v>" in parts[sheet]
    parts[sheet] = parts[sheet].replace(b"<v>987654321</v>", b"<v>1" + b"0" * 400 + b"</v>")
    with zipfile.ZipFile(path, "w") as z:
        for n, body in parts.items():
            z.writestr(n, body)
    res, data = _validate(path, ref_rubric(tmp_path))
    assert res.exit_code == 1
    errors = [(i["row"], i["column_letter"]) for i in data["issues"] if i["severity"] == "error"]
    assert errors == [(3, "D")]


def test_nan_in_a_numeric_cell_is_a_warning_naming_the_cell(tmp_path):
    from scorecard.io.workbook import RawSheet, RawWorkbook
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.registry_file import load_registry
    from scorecard.validate import read_tables

    header = ["kode", "wilayah", "a", "b", "c", "d"]
    rows = [list(r) for r in _rows([10.0, 20.0, 30.0, 50.0])]
    rows[2][2] = float("nan")
    wb = RawWorkbook("nan.xlsx", [RawSheet("wilayah", [header, *rows])])
    tables, report = read_tables(wb, load_rubric(ref_rubric(tmp_path)), load_registry(), current_year=2026)
    warn = [i for i in report if i.code == "nan-cell"]
    assert [(i.severity, i.row, i.column_letter) for i in warn] == [("warning", 4, "C")]
    assert np.isnan(tables.regions.at["35.73", "a"])


def test_two_region_sheets_name_both(tmp_path):
    from wbtools import write_workbook

    header = ["kode", "wilayah", "a", "b", "c", "d"]
    rows = [list(r) for r in _rows([10, 20, 30, 50])]
    other = [header, *[r[:2] + [1, 2, 3, 0.1] for r in rows]]
    path = write_workbook(tmp_path / "two.xlsx", {"wilayah": [header, *rows], "data": other})
    tables, report = _load(path, ref_rubric(tmp_path))
    assert tables.regions.at["35.71", "a"] == 10  # the canonical name wins
    warn = [i for i in report if i.code == "region-sheet-chosen"]
    assert len(warn) == 1 and warn[0].severity == "warning" and warn[0].sheet == "data"
    assert "'wilayah'" in warn[0].render("en") and "'data'" in warn[0].render("en")


def test_whatif_set_beyond_a_double_is_an_error_naming_the_set():
    from scorecard.resources import sample_workbook

    path = str(sample_workbook())
    res = CliRunner().invoke(cli, ["whatif", path, "--focus", "Kota Balikpapan", "--set",
                                   "indeks_spbe=" + "1" + "0" * 400, "--lang", "en"])
    assert res.exit_code == 1 and "--set" in res.stderr and "inf" not in res.stdout
    assert "beyond the range" in res.stderr and "RuntimeWarning" not in res.stderr


def test_formula_without_cached_value_is_a_warning_naming_the_cell(tmp_path):
    # openpyxl (and other generators) write formulas without the value Excel would have cached:
    # the reader sees a blank; it must not be skipped silently (issue 18 class 2)
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "wilayah"
    ws.append(["kode", "wilayah", "a", "b", "c", "d"])
    ws.append(["35.71", "Kota Kediri", 5, 1, 2, 3])
    ws.append(["35.72", "Kota Blitar", "=C2*2", 2, 3, 4])
    ws.append(["35.73", "Kota Malang", 7, "=D2+1", 3, 5])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    tables, report = _load(path, ref_rubric(tmp_path))
    warn = [(i.severity, i.row, i.column_letter) for i in report if i.code == "formula-without-value"]
    assert warn == [("warning", 3, "C"), ("warning", 4, "D")]
    assert np.isnan(tables.regions.at["35.72", "a"]) and tables.regions.at["35.73", "a"] == 7
    assert "formula" in next(i for i in report if i.code == "formula-without-value").render("en")
