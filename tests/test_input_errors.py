"""Bad rubrics and workbooks: exit 1, every problem at once, each naming where it is."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.io.rubric_file import load_rubric
from scorecard.issues import InputError
from examples import edited
from wbtools import REGION_HEADER, TINY_RUBRIC, tiny_rubric, tiny_workbook, write_workbook


def _rubric_errors(tmp_path, text):
    path = tiny_rubric(tmp_path / "bad.yaml", text)
    with pytest.raises(InputError) as exc:
        load_rubric(path)
    return exc.value.report


def test_rubric_problems_all_reported_with_key_path_and_line(tmp_path):
    text = TINY_RUBRIC
    for old, new in (("weight: 3}", "weight: 0}"),  # non-positive weight
                     ("kind: ratio, numerator: pad", "kind: ratio, numerator: padd"),  # undeclared column
                     ("type: grade, scale: sakip}", "type: grade, scale: sakipp}"),  # undeclared scale
                     ("id: miskin, name: Penduduk miskin", "id: sakip, name: Penduduk miskin"),  # duplicate id
                     ("    weight: 1\n    indicators:", "    weight: 1\n    wieght: 2\n    indicators:")):  # unknown
        text = edited(text, old, new)
    report = _rubric_errors(tmp_path, text)
    got = {(i.key, i.code) for i in report.errors}
    assert ("dimensions[0].indicators[0].weight", "non-positive-weight") in got
    assert ("dimensions[1].indicators[0].numerator", "undeclared-column") in got
    assert ("columns.nilai_sakip.scale", "undeclared-scale") in got
    assert ("dimensions[1].indicators[1].id", "duplicate-id") in got
    assert ("dimensions[1].wieght", "unknown-key") in got
    lines = text.splitlines()
    for issue in report.errors:
        assert issue.file.endswith("bad.yaml") and issue.line is not None
    weight_issue = next(i for i in report.errors if i.code == "non-positive-weight")
    assert "weight: 0" in lines[weight_issue.line - 1]


def test_yaml_syntax_error_names_the_line(tmp_path):
    report = _rubric_errors(tmp_path, "id: x\nversion: '1'\nname: [unclosed\n")
    (issue,) = report.errors
    assert issue.code == "yaml-syntax" and issue.line is not None


def test_python_object_tag_is_refused(tmp_path):
    report = _rubric_errors(tmp_path, "id: !!python/object/apply:os.system ['echo hi']\n")
    assert report.errors[0].code == "yaml-tag-refused"


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for n in "bcdefghijk":
        lines.append(f"{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
        prev = n
    report = _rubric_errors(tmp_path, "\n".join(lines) + "\n")
    assert report.errors[0].code == "yaml-too-complex"


def _run(args):
    return CliRunner().invoke(cli, args)


def test_corrupt_file_exit_1_no_traceback(tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = _run(["score", str(bad)])
    assert result.exit_code == 1
    assert "rusak.xlsx" in result.stderr and "Traceback" not in result.output
    assert "workbook" in result.stderr.lower()


def test_missing_sheet(tmp_path):
    wb = write_workbook(tmp_path / "m.xlsx", {"wilayah": [REGION_HEADER, ["Kota Madiun", "35.77", 82, 1, 2, 3]]})
    rub = tiny_rubric(tmp_path / "r.yaml")
    result = _run(["validate", str(wb), "--rubric", str(rub), "--lang", "en"])
    assert result.exit_code == 1
    assert "sheet 'opini_bpk' is missing" in result.stderr
    assert "sheet 'penghargaan' is missing" in result.stderr


def test_cell_errors_name_sheet_row_column_value_and_expectation(tmp_path):
    from scorecard.io.registry_file import load_registry
    from scorecard.io.workbook import read_workbook
    from scorecard.validate import read_tables

    wb = tiny_workbook(tmp_path / "w.xlsx", regions=[
        ["Kota Madiun", "35.77", "B+", 300, 1000, 5.0],        # row 2: grade not on the scale
        ["Kota Malang", "35.73", "BB", "banyak", 2000, 4.0],    # row 3: text in a number column
        ["Kabupaten Bangka", "19.01", 60.5, 150, 1500, 130],   # row 4: percentage over 100
        ["Madiun", None, 70, 1, 1, 1],                          # row 5: ambiguous name
    ])
    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    tables, report = read_tables(read_workbook(wb), rubric, load_registry(), current_year=2026)
    assert tables is None
    assert sorted(report.tuples("sheet", "row", "column_letter", "column", "code")) == [
        ("wilayah", 2, "C", "nilai_sakip", "not-a-grade"),
        ("wilayah", 3, "D", "pad", "not-a-number"),
        ("wilayah", 4, "F", "miskin", "above-maximum"),
        ("wilayah", 5, "A", "Wilayah", "region-ambiguous"),
    ]
    ambiguous = next(i for i in report.errors if i.code == "region-ambiguous")
    text = ambiguous.render("en")
    assert "35.19 Kabupaten Madiun" in text and "35.77 Kota Madiun" in text
    grade = next(i for i in report.errors if i.code == "not-a-grade")
    assert grade.value == "B+" and "AA, A, BB" in grade.render("en")


def test_cli_lists_every_problem_and_exits_1(tmp_path):
    wb = tiny_workbook(tmp_path / "w.xlsx", regions=[
        ["Kota Madiun", "35.77", "B+", 300, 1000, 5.0],
        ["Kota Malang", "35.73", "BB", "banyak", 2000, 4.0],
    ])
    rub = tiny_rubric(tmp_path / "r.yaml")
    result = _run(["score", str(wb), "--rubric", str(rub)])
    assert result.exit_code == 1
    err = result.stderr
    assert "w.xlsx, sheet 'wilayah', baris 2, kolom C (nilai_sakip)" in err
    assert "w.xlsx, sheet 'wilayah', baris 3, kolom D (pad)" in err
    assert "'B+'" in err and "'banyak'" in err
    assert "2 kesalahan" in err
    assert result.stdout == ""


def test_bad_rubric_key_via_cli(tmp_path):
    rub = tiny_rubric(tmp_path / "r.yaml", edited(TINY_RUBRIC, "scoring:", "scorring:"))
    wb = tiny_workbook(tmp_path / "w.xlsx")
    result = _run(["score", str(wb), "--rubric", str(rub), "--lang", "en"])
    assert result.exit_code == 1
    assert "key scorring" in result.stderr and "unknown key" in result.stderr and "line " in result.stderr
