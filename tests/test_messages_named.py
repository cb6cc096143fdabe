"""Every message names the right thing and fills every placeholder (issue 18, class 6).

The two quoted slips, reproduced from their original inputs (region names where codes are
expected, in the rehearsal peers list, the rehearsal profile and the workbook's region sheet):

- "kode 'Kota Samarinda' muncul dua kali (pertama di baris -)" called a region a code and left
  the first row blank;
- "kode 'Kota Atlantis' adalah 64.71 …" showed a name as the code.

Then a sweep of command-line misuse in both languages: no rendered line may hold an unfilled
placeholder, "None", "nan", "-" where a row or sheet belongs, or advice about a workbook column
for something typed on the command line (``--focus``, ``--set``). The corpus test applies the same
check to every corpus case (``test_corpus.assert_messages_filled``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.resources import indicators_dir, sample_workbook
from test_corpus import assert_messages_filled

SAMPLE_REHEARSAL = indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx"


def _run(*args: str):
    return CliRunner().invoke(cli, [*args])


def _assessment(tmp_path: Path, edit) -> Path:
    wb = openpyxl.load_workbook(SAMPLE_REHEARSAL)
    edit(wb)
    path = tmp_path / "penilaian.xlsx"
    wb.save(path)
    return path


def _both(path: Path, *extra: str) -> dict[str, str]:
    out = {}
    for lang in ("id", "en"):
        res = _run("rehearse", str(path), "--stage", "2", "--lang", lang, *extra)
        assert res.exit_code == 1 and "Traceback" not in res.output, res.output
        assert_messages_filled(res.stderr)
        out[lang] = res.stderr
    return out


def test_peer_listed_twice_names_the_region_and_its_first_row(tmp_path):
    def edit(wb):
        wb["rekan"]["A3"].value, wb["rekan"]["B3"].value = "Kota Samarinda", None  # Samarinda is on row 2

    got = _both(_assessment(tmp_path, edit))
    assert ("sheet 'rekan', baris 3, kolom A (Wilayah): wilayah 'Kota Samarinda' (64.72 Kota Samarinda) muncul dua "
            "kali di daftar rekan (pertama di baris 2)") in got["id"]
    assert "region 'Kota Samarinda' (64.72 Kota Samarinda) is listed twice among the peers (first on row 2)" in got["en"]
    assert "kode 'Kota Samarinda'" not in got["id"]


def test_region_names_typed_in_the_code_column_are_named_as_what_they_are(tmp_path):
    def edit(wb):  # the original input: names where codes are expected, twice
        ws = wb["rekan"]
        ws["B2"].value = "Kota Samarinda"
        ws["A3"].value, ws["B3"].value = "Kota Samarinda", "Kota Samarinda"

    got = _both(_assessment(tmp_path, edit))
    for row in (2, 3):  # each row named, the Kode column named: the problem is the value in the code column
        assert f"sheet 'rekan', baris {row}, kolom B (Kode): kode 'Kota Samarinda' bukan kode Kemendagri" in got["id"]
        assert f"sheet 'rekan', row {row}, column B (Kode): code 'Kota Samarinda' is not a Kemendagri" in got["en"]
    assert "baris -" not in got["id"] and "row -" not in got["en"]


@pytest.mark.parametrize("sheet,cells,row,col", [
    ("rekan", {"A2": "Kota Atlantis", "B2": "64.71"}, 2, "B (Kode)"),
    ("profil", {"C2": "Kota Atlantis", "C3": "64.72"}, 3, "C (Nilai)"),
])
def test_code_of_another_region_shows_the_code_as_the_code(tmp_path, sheet, cells, row, col):
    def edit(wb):
        for ref, value in cells.items():
            wb[sheet][ref].value = value

    got = _both(_assessment(tmp_path, edit))
    code = next(v for v in cells.values() if v[0].isdigit())
    assert f"sheet '{sheet}', baris {row}, kolom {col}: kode '{code}' adalah {code} Kota" in got["id"]
    assert f"tidak cocok dengan nama 'Kota Atlantis'" in got["id"]
    assert f"code '{code}' is {code} Kota" in got["en"] and "the name 'Kota Atlantis'" in got["en"]
    assert "kode 'Kota Atlantis'" not in got["id"] and "code 'Kota Atlantis'" not in got["en"]


def test_workbook_region_sheet_code_of_another_region(tmp_path):
    from corpus.build_corpus import CLEAN_REGIONS, clean_sheets, rubric
    from wbtools import write_workbook

    regions = [list(r) for r in CLEAN_REGIONS]
    regions[0][0], regions[0][1] = "Kota Atlantis", "35.73"
    regions[1][1] = None
    book = write_workbook(tmp_path / "data.xlsx", clean_sheets(regions=regions))
    for lang, want in (("id", "baris 2, kolom B (Kode): kode '35.73' adalah 35.73 Kota Malang, tidak cocok dengan "
                               "nama 'Kota Atlantis'"),
                       ("en", "row 2, column B (Kode): code '35.73' is 35.73 Kota Malang, which does not match the "
                              "name 'Kota Atlantis'")):
        res = _run("score", str(book), "--rubric", str(rubric(tmp_path)), "--lang", lang)
        assert res.exit_code == 1 and want in res.stderr, res.stderr
        assert_messages_filled(res.stderr)


# --- command-line misuse, both languages ----------------------------------------------------------
@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("salah")
    wb = shutil.copy2(sample_workbook(), root / "data_kota.xlsx")
    rehearsal = shutil.copy2(SAMPLE_REHEARSAL, root / "penilaian.xlsx")
    (root / "folder").mkdir()
    (root / "catatan_rapat.json").write_text('{"rapat": 1}', encoding="utf-8")
    return {"wb": str(wb), "reh": str(rehearsal), "dir": str(root / "folder"), "root": str(root),
            "other": str(root / "catatan_rapat.json")}


MISUSE = [
    # (args with {wb} {reh} {dir} {other} {root}, exit code, fragments the id/en answers must hold)
    (["score", "{wb}", "--focus", "Kota Atlantis"], 1, ("opsi --focus", "option --focus")),
    (["recommend", "{wb}", "--focus", "Kota Atlantis"], 1, ("--focus 35.77", "--focus 35.77")),
    (["report", "{wb}", "--focus", "Madiun"], 1, ("opsi --focus", "option --focus")),
    (["brief", "{wb}", "--focus", "35.99"], 1, ("opsi --focus", "option --focus")),
    (["score", "{wb}", "--focus", "Kota Jayapura"], 1, ("Kota Jayapura", "Kota Jayapura")),
    (["score", "{wb}", "--year", "2010"], 1, ("2024", "2024")),
    (["whatif", "{wb}", "--focus", "Kota Balikpapan", "--set", "nope=1"], 1, ("opsi --set", "option --set")),
    (["whatif", "{wb}", "--focus", "Kota Balikpapan", "--set", "indeks_spbe=abc"], 1, ("opsi --set", "option --set")),
    (["validate", "{root}/tidak_ada.xlsx"], 1, ("tidak_ada.xlsx", "tidak_ada.xlsx")),
    (["score", "{wb}", "--rubric", "{root}/tidak_ada.yaml"], 1, ("smart_city", "smart_city")),
    (["score", "{wb}", "-o", "{dir}"], 1, ("folder", "folder")),
    (["recommend", "{wb}", "--focus", "Kota Balikpapan", "-o", "{other}"], 1, ("--force", "--force")),
    (["rehearse", "{reh}", "--stage", "2", "-o", "{reh}"], 1, ("penilaian.xlsx", "penilaian.xlsx")),
    (["init", "{other}"], 1, ("catatan_rapat.json", "catatan_rapat.json")),
    (["report", "{wb}", "--all", "-o", "{other}"], 1, ("catatan_rapat.json", "catatan_rapat.json")),
    (["context", "--focus", "Atlantis"], 1, ("opsi --focus", "option --focus")),  # said "Did you mean: -?"
    (["score", "{wb}", "--seed", "-1", "--uncertainty"], 2, ("--seed", "--seed")),
    (["score", "{wb}", "--peers", "similar"], 2, ("--focus", "--focus")),
    (["report", "{wb}", "--focus", "Kota Balikpapan", "-o", "{root}/x.pdf"], 2, (".pdf", ".pdf")),
]


@pytest.mark.parametrize("args,code,frags", MISUSE, ids=[" ".join(a[:1] + a[2:4]) for a, _, _ in MISUSE])
def test_misuse_answers_name_the_right_thing(ws, args, code, frags):
    argv = [a.format(**ws) for a in args]
    for lang, frag in zip(("id", "en"), frags):
        res = _run(*argv, "--lang", lang)
        assert res.exit_code == code, res.output
        assert "Traceback" not in res.output
        assert frag in res.stderr, res.stderr
        assert_messages_filled(res.stderr)
        for line in res.stderr.splitlines():
            if "--focus" in argv and ("Kesalahan:" in line or "Error:" in line):
                # typed on the command line: never "fill the code column" of a workbook
                assert "isi kolom Kode" not in line and "fill the code column" not in line, line
            assert "Rubrik bawaan: -" not in line and "Shipped rubrics: -" not in line, line
            assert "Maksud Anda: -" not in line and "Did you mean: -" not in line, line


def test_undeclared_grade_column_is_one_error_not_a_cascade(tmp_path):
    """A typo in a grade indicator's column said 'column not declared' and then 'required key
    scale is missing' (the scale comes from the column): only the first is the real problem."""
    import json

    from corpus.build_corpus import clean_inputs, rubric
    from wbtools import TINY_RUBRIC

    book = clean_inputs(tmp_path)["workbook"]
    rub = rubric(tmp_path, TINY_RUBRIC.replace("column: nilai_sakip, weight: 3}", "column: nilai_sakipp, weight: 3}"),
                 name="typo.yaml")
    res = _run("validate", str(book), "--rubric", str(rub), "--format", "json", "--lang", "en")
    errors = [(i["code"], i["key"]) for i in json.loads(res.stdout)["issues"] if i["severity"] == "error"]
    assert res.exit_code == 1 and errors == [("undeclared-column", "dimensions[0].indicators[0].column")]
