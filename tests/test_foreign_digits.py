"""A code (or a number) typed with digits other than 0-9 — Arabic-Indic '٣٣.٠٨.٠١.٢٠٠١', Persian,
full-width '３５.７７', Devanagari, superscripts — is refused with a located message that says so and
shows the code in 0-9, never read as a code and then called a province that does not exist
("province ٣٣ does not exist", before), nor a code typed in the name column located in the code
column. Control characters in such a cell are shown escaped, never sent to the terminal raw."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from wbtools import tiny_rubric, tiny_workbook

ARABIC = "\u0663\u0663.\u0660\u0668.\u0660\u0661.\u0662\u0660\u0660\u0661"  # 33.08.01.2001
FULL = "\uff13\uff13.\uff10\uff18.\uff10\uff11.\uff12\uff10\uff10\uff12"  # 33.08.01.2002
VILLAGES = resources.indicators_dir() / "contoh_desa.xlsx"
UNITS = resources.indicators_dir() / "contoh_desa_units.csv"

SAID = {"id": "memakai angka selain 0–9", "en": "uses digits other than 0–9"}
TYPE = {"id": "ketik ulang dengan angka 0–9: ", "en": "type it again with 0–9: "}
ROW = {"id": "baris", "en": "row"}
OTHER = {"id": ["uses digits", "type it again", "row ", "Error:"], "en": ["memakai angka", "ketik ulang", "baris", "Kesalahan:"]}


def test_a_code_is_written_with_0_to_9_only():
    from scorecard.issues import ascii_digits
    from scorecard.registry import codes_at_once, normalise_code

    for text in (ARABIC, FULL, "\u0663\u0665.\u0667\u0667", "\uff13\uff15\uff17\uff17", "\u00b3\u00b3.\u2070\u2078",
                 "\u0969\u0969\u0966\u096e", "33.08.01.2\u0660\u0660\u0666", "\u06f3\u06f3\u06f0\u06f8\u06f0\u06f1\u06f2\u06f0\u06f0\u06f2"):
        assert normalise_code(text) is None, text
    assert codes_at_once([ARABIC, "33.08.01.2001", FULL])[0] == [None, "33.08.01.2001", None]
    assert ascii_digits(ARABIC) == "33.08.01.2001"
    assert ascii_digits(FULL) == "33.08.01.2002"
    assert ascii_digits("\u00b3\u00b3.\u2070\u2078") == "33.08"
    assert ascii_digits("33.08") is None and ascii_digits("Desa Ão") is None


def _bad_units(tmp_path):
    lines = UNITS.read_text(encoding="utf-8").splitlines()
    cells = [line.split(",") for line in lines]
    cells[1][0] = ARABIC
    cells[2][0] = FULL
    cells[3][0] = "33.08\x1b[31m.01.2003"
    path = tmp_path / "unit_list.csv"
    path.write_text("\n".join(",".join(c) for c in cells) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["id", "en"])
def test_unit_list_code_in_other_digits_is_a_located_bad_code(tmp_path, lang):
    units = _bad_units(tmp_path)
    res = CliRunner().invoke(cli, ["--lang", lang, "score", str(VILLAGES), "--rubric", "indeks_desa_contoh",
                                   "--units", str(units)])
    assert res.exit_code == 1, res.output
    err = res.stderr
    lines = [line for line in err.splitlines() if "unit_list.csv" in line]
    assert len(lines) == 3, err  # the three bad codes only: no province, kabupaten-name or numbering noise
    assert f"{ROW[lang]} 2, " in lines[0] and f"'{ARABIC}' {SAID[lang]}" in lines[0]
    assert f"{TYPE[lang]}'33.08.01.2001'" in lines[0]
    assert f"{ROW[lang]} 3, " in lines[1] and f"'{FULL}' {SAID[lang]}" in lines[1]
    assert f"{TYPE[lang]}'33.08.01.2002'" in lines[1]
    assert "\\x1b[31m" in lines[2] and "\x1b" not in err
    for word in ("provinsi", "province", "Kepmendagri 300.2.2", "kabupaten/kota name", "nama kabupaten/kota"):
        assert word not in err
    for word in OTHER[lang]:
        assert word not in err


@pytest.mark.parametrize("lang", ["id", "en"])
def test_workbook_region_codes_in_other_digits_are_said_where_they_are(tmp_path, lang):
    rubric = tiny_rubric(tmp_path / "r.yaml")
    wb = tiny_workbook(tmp_path / "w.xlsx", regions=[
        ["Kota Madiun", "\u0663\u0665.\u0667\u0667", 82, 300, 1000, 5.0],  # Arabic-Indic code
        ["Kota Malang", "\uff13\uff15.\uff17\uff13", "BB", 900, 2000, 4.0],  # full-width code
        ["\u0661\u0669\u0660\u0661", None, 60.5, 150, 1500, 6.0],  # a code typed in the name column
    ])
    res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(wb), "--rubric", str(rubric), "--format", "json"])
    assert res.exit_code == 1
    errors = [i for i in json.loads(res.stdout)["issues"] if i["severity"] == "error"]
    got = [(i["row"], i["column_letter"], i["code"], i["value"]) for i in errors]
    assert got == [(2, "B", "code-not-found", "\u0663\u0665.\u0667\u0667"), (3, "B", "code-not-found", "\uff13\uff15.\uff17\uff13"),
                   (4, "A", "region-not-found", "\u0661\u0669\u0660\u0661")]
    assert f"{TYPE[lang]}'35.77'" in errors[0]["message"] and SAID[lang] in errors[0]["message"]
    assert f"{TYPE[lang]}'35.73'" in errors[1]["message"]
    assert f"{TYPE[lang]}'1901'" in errors[2]["message"]
    for issue in errors:
        for word in OTHER[lang][:2]:
            assert word not in issue["message"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_village_workbook_code_in_other_digits(tmp_path, lang):
    from openpyxl import load_workbook

    book = load_workbook(VILLAGES)
    sheet = book["wilayah"]
    assert sheet["A2"].value == "33.08.01.2001"
    sheet["A2"] = ARABIC
    path = tmp_path / "desa.xlsx"
    book.save(path)
    res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(path), "--rubric", "indeks_desa_contoh",
                                   "--units", str(UNITS), "--format", "json"])
    assert res.exit_code == 1
    (issue,) = [i for i in json.loads(res.stdout)["issues"] if i["severity"] == "error"]
    assert (issue["row"], issue["column_letter"], issue["code"]) == (2, "A", "unit-code-not-found")
    assert SAID[lang] in issue["message"] and f"{TYPE[lang]}'33.08.01.2001'" in issue["message"]


def test_focus_in_other_digits_subprocess(tmp_path):
    """As a planner runs it: the console output says which digits to type, in one language."""
    units = _bad_units(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--lang", "en", "score", str(VILLAGES),
                           "--rubric", "indeks_desa_contoh", "--units", str(units)], capture_output=True)
    assert proc.returncode == 1
    err = proc.stderr.decode("utf-8")
    assert b"\x1b" not in proc.stderr and "Traceback" not in err
    assert f"row 2, column A (kemendagri_code): unit code '{ARABIC}' uses digits other than 0–9" in err
    assert "province" not in err
    proc = subprocess.run([sys.executable, "-m", "scorecard", "context", "--focus", "\uff13\uff15\uff17\uff17"],
                          capture_output=True)
    assert proc.returncode == 1
    err = proc.stderr.decode("utf-8")
    assert "opsi --focus: wilayah '\uff13\uff15\uff17\uff17' memakai angka selain 0–9" in err and "'3577'" in err


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_year_in_other_digits_is_refused_where_it_is(tmp_path, lang):
    """A year typed '٢٠١٢' or '２０１３' was read as 2012/2013 without a word (the year pattern took
    any Unicode digit); it is now an error at its cell that says which digits to type."""
    from openpyxl import load_workbook

    book = load_workbook(resources.indicators_dir() / "contoh_smart_city.xlsx")
    book["opini_bpk"]["C2"] = "\u0662\u0660\u0661\u0662"  # Arabic-Indic 2012
    book["opini_bpk"]["C3"] = "\uff12\uff10\uff11\uff13"  # full-width 2013
    head = [c.value for c in book["wilayah"][3]]
    year_col = head.index("Tahun") + 1
    book["wilayah"].cell(row=4, column=year_col, value="\u06f2\u06f0\u06f2\u06f4")  # Persian 2024
    path = tmp_path / "tahun.xlsx"
    book.save(path)
    res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(path), "--format", "json"])
    assert res.exit_code == 1
    errors = [i for i in json.loads(res.stdout)["issues"] if i["severity"] == "error"]
    got = {(i["sheet"], i["row"], i["code"], i["value"]) for i in errors}
    assert got == {("opini_bpk", 2, "not-a-year", "\u0662\u0660\u0661\u0662"),
                   ("opini_bpk", 3, "not-a-year", "\uff12\uff10\uff11\uff13"),
                   ("wilayah", 4, "not-a-year", "\u06f2\u06f0\u06f2\u06f4")}, errors
    typed = {"id": "ketik ulang tahunnya dengan angka 0–9: ", "en": "type the year again with 0–9: "}[lang]
    by_row = {(i["sheet"], i["row"]): i["message"] for i in errors}
    assert SAID[lang] in by_row[("opini_bpk", 2)] and f"{typed}'2012'" in by_row[("opini_bpk", 2)]
    assert f"{typed}'2013'" in by_row[("opini_bpk", 3)] and f"{typed}'2024'" in by_row[("wilayah", 4)]
    for message in by_row.values():
        for word in OTHER[lang][:2]:
            assert word not in message


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("args, shown", [
    (["score", "--year", "\u0662\u0660\u0662\u0664"], "'2024'"),
    (["score", "--seed", "\uff13"], "'3'"),
    (["score", "--uncertainty", "--replications", "\u06f5\u06f0"], "'50'"),
    (["recommend", "-f", "Kota Madiun", "--top", "\u0663"], "'3'"),
])
def test_a_number_option_in_other_digits_is_a_usage_error(lang, args, shown):
    """click reads int('٢٠٢٤') as 2024; scorecard refuses it on the command line as it does in a
    workbook cell: exit 2, the option named, the number shown in 0-9."""
    command, *rest = args
    res = CliRunner().invoke(cli, ["--lang", lang, command, str(resources.indicators_dir() / "contoh_smart_city.xlsx"),
                                   *rest])
    assert res.exit_code == 2, res.output
    assert SAID[lang] in res.stderr and f"{TYPE[lang]}{shown}" in res.stderr
    for word in OTHER[lang][:2]:
        assert word not in res.stderr


def test_similar_peers_count_in_other_digits_is_refused():
    res = CliRunner().invoke(cli, ["--lang", "en", "score", str(resources.indicators_dir() / "contoh_smart_city.xlsx"),
                                   "--peers", "similar:\u0663", "-f", "Kota Madiun"])
    assert res.exit_code == 2 and "'similar:\u0663'" in res.stderr
