"""The shipped registry of 514 kabupaten/kota and name resolution: never the wrong Madiun."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.io.registry_file import load_registry
from scorecard.registry import normalise_code, split_name
from wbtools import tiny_rubric, tiny_workbook, write_workbook

MADIUN = ("35.19 Kabupaten Madiun", "35.77 Kota Madiun")
OTHER_SHEETS = {"opini_bpk": [["Wilayah", "Kode", "Tahun", "Opini"], ["Kota Madiun", "35.77", 2023, "WTP"]],
                "penghargaan": [["Wilayah", "Tahun", "Kategori"], ["Kota Madiun", 2023, "governance"]]}


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def test_registry_has_all_514_with_context(reg):
    f = reg.frame
    assert len(f) == 514 and f.index.is_unique
    assert (f["type"] == "kota").sum() == 98 and (f["type"] == "kabupaten").sum() == 416
    madiun = f.loc["35.77"]
    assert (madiun["name_title"], madiun["type"], madiun["province_name"]) == ("Kota Madiun", "kota", "Jawa Timur")
    for column in ("n_kecamatan", "n_kelurahan", "n_desa", "area_km2", "population", "lat", "lng"):
        assert f[column].notna().all(), column


@pytest.mark.parametrize("name", ["Madiun", "MADIUN", "  madiun ", "Pemerintah Madiun"])
def test_madiun_alone_is_ambiguous_and_lists_both(reg, name):
    res = reg.resolve(name)
    if name == "Pemerintah Madiun":  # "pemerintah" alone says neither kota nor kabupaten
        assert res.code is None
        return
    assert (res.code, res.problem, res.candidates) == (None, "region-ambiguous", MADIUN)


@pytest.mark.parametrize("name, code", [
    ("Kota Madiun", "35.77"), ("kota madiun", "35.77"), ("Pemkot Madiun", "35.77"), ("Pemko Madiun", "35.77"),
    ("Pemerintah Kota Madiun", "35.77"), ("KOTA  MADIUN", "35.77"), ("Madiun (Kota)", "35.77"),
    ("Kota Madiun (Jawa Timur)", "35.77"),
    ("Kab. Madiun", "35.19"), ("Kab Madiun", "35.19"), ("Kabupaten Madiun", "35.19"), ("Pemkab Madiun", "35.19"),
    ("Pemerintah Kabupaten Madiun", "35.19"),
    ("Balikpapan", "64.71"),  # only a kota exists: not ambiguous
    ("Kota Adm. Jakarta Selatan", "31.74"), ("Jakarta Selatan", "31.74"), ("Kab. Adm. Kep. Seribu", "31.01"),
    ("Kota Bau-Bau", "74.72"), ("Kota Baubau", "74.72"), ("Tg. Pinang", "21.72"), ("Kota Tanjungpinang", "21.72"),
    ("Kab. Kep. Siau Tagulandang Biaro", "71.09"), ("Kabupaten Kepulauan Siau Tagulandang Biaro", "71.09"),
    ("Kabupaten Toba Samosir", "12.12"),  # former name of Kabupaten Toba
    ("Pangkep", "73.10"),
])
def test_names_and_prefixes(reg, name, code):
    assert reg.resolve(name).code == code


def test_type_hint_and_code_settle_ambiguity(reg):
    assert reg.resolve("Madiun", type_hint="kota").code == "35.77"
    assert reg.resolve("Madiun", type_hint="kabupaten").code == "35.19"
    assert reg.resolve("Madiun", "35.77").code == "35.77"
    assert reg.resolve("Madiun", "3519").code == "35.19"
    assert reg.resolve(None, " 35.77 ").code == "35.77"


def test_contradictions_are_errors(reg):
    # the code says Kabupaten Madiun but the name says Kota
    res = reg.resolve("Kota Madiun", "35.19")
    assert (res.problem, res.candidates) == ("code-name-mismatch", ("35.19 Kabupaten Madiun",))
    # the prefix says kota, but only a kabupaten exists
    res = reg.resolve("Kota Banyuwangi")
    assert (res.code, res.problem, res.candidates) == (None, "region-not-found", ("35.10 Kabupaten Banyuwangi",))
    res = reg.resolve("Kota Madiun (Kabupaten)")
    assert res.code is None and set(res.candidates) == set(MADIUN)
    assert reg.resolve("Kota Madiun", "35.99").problem == "code-not-found"


def test_misspelt_names_get_suggestions(reg):
    res = reg.resolve("Kota Madiunn")
    assert res.problem == "region-not-found"
    assert res.candidates[0] == "35.77 Kota Madiun"  # the kota first, as the prefix says
    res = reg.resolve("Kab. Madiunn")
    assert res.candidates[0] == "35.19 Kabupaten Madiun"
    assert reg.resolve("Kota Balikpapn").candidates[0] == "64.71 Kota Balikpapan"
    assert reg.resolve("Sangihe").candidates == ("71.03 Kabupaten Kepulauan Sangihe",)
    assert reg.resolve("Atlantis").candidates == ()


@pytest.mark.parametrize("text, code", [("35.77", "35.77"), ("3577", "35.77"), (" 35.77 ", "35.77"),
                                        ("3577.0", "35.77"), ("35.7", None), ("357", None), ("ab.cd", None)])
def test_code_forms(text, code):
    assert normalise_code(text) == code


def test_split_name():
    assert split_name("Kab. Bandung Barat") == ("bandungbarat", "kabupaten")
    assert split_name("Pemkot Madiun") == ("madiun", "kota")
    assert split_name("Madiun") == ("madiun", None)


# --- in a workbook ------------------------------------------------------------------------------

def _validate(tmp_path, regions, header=None):
    from wbtools import REGION_HEADER

    rubric = tiny_rubric(tmp_path / "r.yaml")
    wb = tmp_path / "w.xlsx"
    tiny_workbook(wb, regions=regions)
    if header is not None:
        from openpyxl import load_workbook

        book = load_workbook(wb)
        for j, h in enumerate(header, start=1):
            book["wilayah"].cell(1, j, h)
        book.save(wb)
    return CliRunner().invoke(cli, ["validate", str(wb), "--rubric", str(rubric), "--format", "json"]), REGION_HEADER


def test_workbook_madiun_alone_fails_naming_the_cell_and_both_candidates(tmp_path):
    import json

    res, _ = _validate(tmp_path, [["Madiun", None, 82, 300, 1000, 5.0], ["Kota Malang", "35.73", "BB", 900, 2000, 4.0]])
    assert res.exit_code == 1
    issues = [i for i in json.loads(res.stdout)["issues"] if i["severity"] == "error"]
    first = issues[0]
    assert (first["sheet"], first["row"], first["column_letter"], first["column"], first["code"]) == \
        ("wilayah", 2, "A", "Wilayah", "region-ambiguous")
    assert "35.19 Kabupaten Madiun" in first["message"] and "35.77 Kota Madiun" in first["message"]


def test_workbook_kota_madiunn_suggests_kota_madiun(tmp_path):
    rubric = tiny_rubric(tmp_path / "r.yaml")
    wb = tiny_workbook(tmp_path / "w.xlsx", regions=[["Kota Madiunn", None, 82, 300, 1000, 5.0],
                                                      ["Kota Malang", "35.73", "BB", 900, 2000, 4.0]])
    proc = subprocess.run([sys.executable, "-m", "scorecard", "validate", str(wb), "--rubric", str(rubric),
                           "--lang", "en"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "sheet 'wilayah', row 2, column A (Wilayah)" in proc.stderr
    assert "Did you mean: 35.77 Kota Madiun" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_workbook_type_column_settles_madiun(tmp_path):
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.workbook import read_workbook
    from scorecard.validate import read_tables

    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    path = write_workbook(tmp_path / "t.xlsx", {"wilayah": [
        ["Wilayah", "Tipe", "nilai_sakip", "pad", "pendapatan", "miskin"],
        ["Madiun", "Kota", 82, 300, 1000, 5.0],
        ["MADIUN", "Kab.", 71, 300, 1900, 6.0],
        ["Kota Madiun", "Kabupaten", 71, 300, 1900, 6.0],  # name and type column contradict
    ], **OTHER_SHEETS})
    tables, report = read_tables(read_workbook(path), rubric, load_registry(), current_year=2025)
    assert tables is None
    # "Kota Madiun" is 35.77 by its prefix, already on row 2: the duplicate is reported on row 4
    assert report.tuples() == [("wilayah", 4, "Wilayah", "duplicate-region")]
    assert report.errors[0].params["first_row"] == 2
    # without the contradicting row, both Madiuns are read, each as itself
    path = write_workbook(tmp_path / "t2.xlsx", {"wilayah": [
        ["Wilayah", "Tipe", "nilai_sakip", "pad", "pendapatan", "miskin"],
        ["Madiun", "Kota", 82, 300, 1000, 5.0],
        ["MADIUN", "Kab.", 71, 300, 1900, 6.0],
    ], **OTHER_SHEETS})
    tables, report = read_tables(read_workbook(path), rubric, load_registry(), current_year=2025)
    assert report.valid, report.tuples()
    assert list(tables.regions.index) == ["35.77", "35.19"]
    assert list(tables.regions["tipe"]) == ["kota", "kabupaten"]


def test_registry_fills_context_and_says_so(tmp_path):
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.workbook import read_workbook
    from scorecard.validate import read_tables

    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    path = tiny_workbook(tmp_path / "w.xlsx")
    tables, report = read_tables(read_workbook(path), rubric, load_registry(), current_year=2025)
    assert report.valid
    reg = load_registry().frame
    assert tables.regions.at["35.77", "provinsi"] == "Jawa Timur"
    assert tables.regions.at["35.77", "penduduk"] == reg.at["35.77", "population"]
    assert tables.regions.at["19.01", "tipe"] == "kabupaten"
    assert ("35.77", "penduduk") in tables.filled and ("35.77", "luas_km2") in tables.filled
    notes = [i for i in report.notes if i.code == "filled-from-registry"]
    assert len(notes) == 1 and "penduduk" in notes[0].params["columns"] and "provinsi" in notes[0].params["columns"]


def test_former_name_is_matched_with_a_note(tmp_path):
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.workbook import read_workbook
    from scorecard.validate import read_tables

    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    path = tiny_workbook(tmp_path / "w.xlsx", regions=[["Kabupaten Toba Samosir", None, 82, 300, 1000, 5.0],
                                                       ["Kota Malang", "35.73", "BB", 900, 2000, 4.0]])
    tables, report = read_tables(read_workbook(path), rubric, load_registry(), current_year=2025)
    assert report.valid
    assert "12.12" in tables.regions.index
    alias = [i for i in report.notes if i.code == "region-matched-alias"]
    assert [(i.sheet, i.row, i.column_letter) for i in alias] == [("wilayah", 2, "A")]
    assert "12.12 Kabupaten Toba" in alias[0].message("id")


@pytest.mark.parametrize("name, code", [("Kota Jogja", "34.71"), ("Jogjakarta", "34.71"), ("Ujung Pandang", "73.71"),
                                        ("Lima Puluh Kota", "13.07")])
def test_spelling_variants(reg, name, code):
    assert reg.resolve(name).code == code


def test_a_prefix_that_belongs_to_the_name_is_suggested(reg):
    # "Kota Baru" is no kota: Kabupaten Kotabaru is suggested first, nothing is matched
    res = reg.resolve("Kota Baru")
    assert res.code is None and res.candidates[0] == "63.02 Kabupaten Kotabaru"


def test_code_typed_in_the_name_column(tmp_path):
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.workbook import read_workbook
    from scorecard.validate import read_tables

    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    path = write_workbook(tmp_path / "kode.xlsx", {"wilayah": [
        ["Wilayah", "nilai_sakip", "pad", "pendapatan", "miskin"],
        ["35.77", 82, 300, 1000, 5.0],  # text code
        [3573, "BB", 900, 2000, 4.0],  # number code
        [35.1, 70, 600, 3000, 7.0],  # Excel's 35.10
    ], **OTHER_SHEETS})
    tables, report = read_tables(read_workbook(path), rubric, load_registry(), current_year=2025)
    assert report.valid, report.tuples()
    assert list(tables.regions.index) == ["35.77", "35.73", "35.10"]
    assert list(tables.regions["name"]) == ["Kota Madiun", "Kota Malang", "Kabupaten Banyuwangi"]
