"""`scorecard init`: a template workbook with dropdowns and rules that validates once values are typed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scorecard import resources
from scorecard.cli import cli

REGIONS = "Kota Balikpapan,Kota Madiun"


def _init(tmp_path: Path, *args: str, lang: str | None = None):
    argv = ["init", str(tmp_path / "out"), *args]
    if lang:
        argv += ["--lang", lang]
    return CliRunner().invoke(cli, argv)


def _headers(ws) -> dict[str, int]:
    return {ws.cell(3, j).value: j for j in range(1, ws.max_column + 1) if ws.cell(3, j).value}


def _validations(ws) -> dict[str, object]:
    """header -> the DataValidation covering that column's first data cell (row 4)."""
    heads = _headers(ws)
    out = {}
    for dv in ws.data_validations.dataValidation:
        for header, j in heads.items():
            coord = f"{ws.cell(4, j).column_letter}4"
            if coord in dv.sqref:
                out[header] = dv
    return out


@pytest.fixture()
def template(tmp_path):
    result = _init(tmp_path, "--regions", REGIONS, "--year", "2024")
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "template_smart_city.xlsx"


def test_writes_template_and_rubric_copy(template):
    rubric_copy = template.parent / "rubrik_smart_city.yaml"
    assert rubric_copy.read_bytes() == (resources.rubrics_dir() / "smart_city.yaml").read_bytes()
    wb = load_workbook(template)
    assert wb.sheetnames == ["Petunjuk", "wilayah", "opini_bpk", "penghargaan", "_scorecard"]  # + hidden rubric memory
    assert wb["_scorecard"].sheet_state == "hidden"
    ws = wb["wilayah"]
    heads = _headers(ws)
    for needed in ("wilayah", "kode", "tipe", "provinsi", "tahun", "nilai_sakip", "pad", "penduduk_miskin", "sumber",
                   "sumber_nilai_sakip"):
        assert needed in heads
    # pre-filled rows: official names, codes and registry context, in the order given
    row4 = {h: ws.cell(4, j).value for h, j in heads.items()}
    row5 = {h: ws.cell(5, j).value for h, j in heads.items()}
    assert (row4["wilayah"], row4["kode"], row4["tipe"], row4["provinsi"], row4["tahun"]) == \
        ("Kota Balikpapan", "64.71", "Kota", "Kalimantan Timur", 2024)
    assert (row5["wilayah"], row5["kode"], row5["tipe"], row5["provinsi"]) == \
        ("Kota Madiun", "35.77", "Kota", "Jawa Timur")
    assert row4["nilai_sakip"] is None and row4["penduduk"] is None  # figures are left for the planner
    # label row (row 2) shows Indonesian words and units
    labels = {h: ws.cell(2, j).value for h, j in heads.items()}
    assert labels["pad"].startswith("Realisasi PAD (Rp)")
    assert "jiwa" in labels["penduduk"]
    # opinion rows: 5 LKPD years per region, opinion left blank
    op = wb["opini_bpk"]
    oh = _headers(op)
    years = [op.cell(r, oh["tahun"]).value for r in range(4, 14)]
    assert years == [2020, 2021, 2022, 2023, 2024] * 2
    assert all(op.cell(r, oh["opini"]).value is None for r in range(4, 14))


def test_dropdowns_and_number_rules_exist(template):
    wb = load_workbook(template)
    dv = _validations(wb["wilayah"])
    assert dv["command_center"].type == "list" and dv["command_center"].formula1 == '"Ada,Tidak"'
    assert dv["command_center"].showErrorMessage  # only Ada/Tidak
    # SAKIP accepts a score 0-100 or a grade: the list suggests, it does not refuse numbers
    assert dv["nilai_sakip"].type == "list" and dv["nilai_sakip"].formula1 == '"AA,A,BB,B,CC,C,D"'
    assert not dv["nilai_sakip"].showErrorMessage
    assert dv["indeks_spbe"].formula1 == '"Memuaskan,Sangat Baik,Baik,Cukup,Kurang"'
    assert (dv["layanan_digital"].type, dv["layanan_digital"].operator, dv["layanan_digital"].formula1) == \
        ("whole", "greaterThanOrEqual", "0")
    assert (dv["penduduk_miskin"].type, dv["penduduk_miskin"].operator, dv["penduduk_miskin"].formula1,
            dv["penduduk_miskin"].formula2) == ("decimal", "between", "0", "100")
    assert (dv["tipe"].type, dv["tipe"].formula1) == ("list", '"Kota,Kabupaten"')
    op = _validations(wb["opini_bpk"])
    assert op["opini"].type == "list" and op["opini"].formula1 == '"WTP,WDP,TW,TMP"' and op["opini"].showErrorMessage
    aw = _validations(wb["penghargaan"])
    assert aw["kategori"].formula1 == '"governance,branding,economy,living,society,environment"'
    assert (aw["jumlah"].type, aw["jumlah"].formula1) == ("whole", "1")
    assert aw["wilayah"].type == "list" and aw["wilayah"].formula1.startswith("wilayah!$B$4:$B$")


def test_petunjuk_explains_every_column_with_its_source(template):
    wb = load_workbook(template)
    pet = wb["Petunjuk"]
    rows = [[c.value for c in r] for r in pet.iter_rows(min_row=1, max_col=6)]
    table = {(r[0], r[1]): r for r in rows if r[0] in ("wilayah", "opini_bpk", "penghargaan")}
    for sheet in ("wilayah", "opini_bpk", "penghargaan"):
        for header in _headers(wb[sheet]):
            assert (sheet, header) in table, (sheet, header)
    assert table[("wilayah", "pad")][4] == "LRA APBD (realisasi)"  # rubric columns.pad.source
    assert "LHP BPK" in table[("opini_bpk", "opini")][4]
    assert "scorecard validate template_smart_city.xlsx --rubric rubrik_smart_city.yaml" in \
        " ".join(str(r[0]) for r in rows if r[0])


def _fill(template: Path, out: Path) -> Path:
    """Type values into a copy of the template (nothing else changes)."""
    wb = load_workbook(template)
    ws = wb["wilayah"]
    h = _headers(ws)
    values = {
        "Kota Balikpapan": dict(nilai_sakip=72.1, nilai_rb="B", indeks_spbe=3.05, indeks_inovasi=55,
                                kepatuhan_ombudsman=80.1, layanan_digital=38, command_center="Ada", wisatawan=1900000,
                                pad=900e9, pajak_daerah=600e9, total_pendapatan=3000e9, penduduk_miskin=2.5,
                                pengangguran=5.0, umur_harapan_hidup=74.5, sanitasi_layak=90, air_minum_layak=95,
                                rata_lama_sekolah=10.5, sampah_terkelola=74, rth_publik=20,
                                sumber_pad="LRA APBD 2024 Kota Balikpapan"),
        "Kota Madiun": dict(nilai_sakip="BB", nilai_rb="BB", indeks_spbe=3.65, indeks_inovasi=72,
                            kepatuhan_ombudsman=88.5, layanan_digital=64, command_center="Ada", wisatawan=1450000,
                            pad=250e9, pajak_daerah=150e9, total_pendapatan=1000e9, penduduk_miskin=4.5,
                            pengangguran=5.5, umur_harapan_hidup=73.5, sanitasi_layak=92, air_minum_layak=96,
                            rata_lama_sekolah=11.2, sampah_terkelola=78, rth_publik=21),
    }
    for r in (4, 5):
        for key, value in values[ws.cell(r, h["wilayah"]).value].items():
            ws.cell(r, h[key], value)
    op = wb["opini_bpk"]
    oh = _headers(op)
    for r in range(4, 14):
        op.cell(r, oh["opini"], "WTP" if op.cell(r, oh["tahun"]).value >= 2022 else "WDP")
    aw = wb["penghargaan"]
    ah = _headers(aw)
    for r, (name, year, cat, n) in enumerate([("Kota Madiun", 2023, "governance", 3),
                                               ("Kota Balikpapan", 2024, "governance", 1)], start=4):
        for key, value in (("wilayah", name), ("tahun", year), ("kategori", cat), ("jumlah", n)):
            aw.cell(r, ah[key], value)
    wb.save(out)
    return out


def test_filled_copy_validates_and_scores(template, tmp_path):
    filled = _fill(template, tmp_path / "isi.xlsx")
    rubric = str(template.parent / "rubrik_smart_city.yaml")
    proc = subprocess.run([sys.executable, "-m", "scorecard", "validate", str(filled), "--rubric", rubric,
                           "--format", "json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["valid"] and report["regions"] == 2
    assert not [i for i in report["issues"] if i["severity"] == "error"]
    result = CliRunner().invoke(cli, ["score", str(filled), "--rubric", rubric, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    by_code = {r["code"]: r for r in out["regions"]}
    # PAD / total revenue x 100, by hand: 900/3000 = 30 %, 250/1000 = 25 %
    assert by_code["64.71"]["indicators"]["pad_share"]["value"] == pytest.approx(30.0)
    assert by_code["35.77"]["indicators"]["pad_share"]["value"] == pytest.approx(25.0)
    # WTP in 2022, 2023, 2024 -> a streak of 3 for both
    assert by_code["35.77"]["indicators"]["wtp_streak"]["value"] == 3


def test_refuses_to_overwrite_without_force(template, tmp_path):
    before = template.read_bytes()
    again = _init(tmp_path, "--regions", "Kota Madiun")
    assert again.exit_code == 1
    assert "template_smart_city.xlsx" in again.output and "--force" in again.output
    assert template.read_bytes() == before
    forced = _init(tmp_path, "--regions", "Kota Madiun", "--force")
    assert forced.exit_code == 0, forced.output
    assert load_workbook(template)["wilayah"]["B4"].value == "Kota Madiun"


def test_ambiguous_and_misspelt_regions_fail_with_candidates(tmp_path):
    res = _init(tmp_path, "--regions", "Madiun")
    assert res.exit_code == 1
    assert "35.19 Kabupaten Madiun" in res.output and "35.77 Kota Madiun" in res.output
    res = _init(tmp_path, "--regions", "Kota Madiunn", lang="en")
    assert res.exit_code == 1
    assert "Did you mean: 35.77 Kota Madiun" in res.output
    assert not (tmp_path / "out").exists()  # nothing written on bad input


def test_province_prefills_every_kabkota(tmp_path):
    res = _init(tmp_path, "--province", "Jawa Timur", "--regions", "Kota Balikpapan")
    assert res.exit_code == 0, res.output
    ws = load_workbook(tmp_path / "out" / "template_smart_city.xlsx")["wilayah"]
    codes = [ws.cell(r, 3).value for r in range(4, 4 + 40) if ws.cell(r, 3).value]
    # Jawa Timur: 29 kabupaten (35.01-35.29) and 9 kota (35.71-35.79), after the region named first
    assert codes[0] == "64.71"
    assert codes[1:] == [f"35.{k:02d}" for k in range(1, 30)] + [f"35.{k}" for k in range(71, 80)]
    bad = _init(tmp_path, "--province", "Jawa Timurr", "--force")
    assert bad.exit_code == 1 and "Jawa Timur" in bad.output


def test_english_template(tmp_path):
    res = _init(tmp_path, "--regions", "Kota Madiun", lang="en")
    assert res.exit_code == 0, res.output
    wb = load_workbook(tmp_path / "out" / "template_smart_city.xlsx")
    assert wb["Petunjuk"]["A1"].value.startswith("HOW TO FILL IN")
    assert wb["wilayah"]["B2"].value.startswith("Region name")
    assert wb["wilayah"]["B3"].value == "wilayah"  # the header validate reads does not change
    # the English label row is not mistaken for the header either
    ok = CliRunner().invoke(cli, ["validate", str(tmp_path / "out" / "template_smart_city.xlsx"), "--lang", "en"])
    assert ok.exit_code == 0, ok.output


def test_rubric_text_cannot_become_a_formula(tmp_path):
    text = (resources.rubrics_dir() / "smart_city.yaml").read_text(encoding="utf-8")
    text = text.replace('label: {id: "Realisasi PAD (Rp)"', 'label: {id: "=HYPERLINK(\\"http://x\\")"')
    rubric = tmp_path / "r.yaml"
    rubric.write_text(text, encoding="utf-8")
    res = _init(tmp_path, "--rubric", str(rubric), "--regions", "Kota Madiun")
    assert res.exit_code == 0, res.output
    ws = load_workbook(tmp_path / "out" / "template_smart_city.xlsx")["wilayah"]
    label = ws.cell(2, _headers(ws)["pad"]).value
    assert label.startswith("'=HYPERLINK")


def test_rehearsal_unavailable_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "scorecard.io.rehearsal_template", None)  # import fails
    res = _init(tmp_path, "--rehearsal", "--regions", "Kota Madiun")
    assert res.exit_code == 1
    assert "template gladi" in res.output and "Traceback" not in res.output


def test_rehearsal_delegates_to_its_writer(tmp_path, monkeypatch):
    calls = []

    def fake(outdir, rubric_ref, regions, lang, *, force=False):
        calls.append((outdir, rubric_ref, regions, lang, force))
        return [outdir / "gladi.xlsx"]

    module = types.ModuleType("scorecard.io.rehearsal_template")
    module.write_rehearsal_template = fake
    monkeypatch.setitem(sys.modules, "scorecard.io.rehearsal_template", module)
    res = _init(tmp_path, "--rehearsal", "--regions", "Pemkot Madiun")
    assert res.exit_code == 0, res.output
    assert calls == [(tmp_path / "out", None, ["Kota Madiun"], "id", False)]
    assert "gladi.xlsx" in res.output
    assert _init(tmp_path, "--rehearsal", "--regions", "35.77", "--force").exit_code == 0
    assert calls[-1] == (tmp_path / "out", None, ["Kota Madiun"], "id", True)  # --force is passed on


def test_help_is_light():
    code = ("import sys, scorecard.cli, scorecard.commands.init; "
            "print(sorted(m for m in ('pandas', 'openpyxl', 'pandera') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    res = CliRunner().invoke(cli, ["init", "--help"])
    assert res.exit_code == 0 and "--regions" in res.output and "--rehearsal" in res.output


@pytest.mark.libreoffice
def test_template_opens_in_libreoffice(template, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (Debian package libreoffice-calc-nogui)")
        pytest.skip("LibreOffice not installed")
    outdir = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    proc = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv",
                           "--outdir", str(outdir), str(template)], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    text = (outdir / "template_smart_city.csv").read_text(encoding="utf-8", errors="replace")
    assert "PETUNJUK PENGISIAN" in text and "nilai_sakip" in text
    # and a round trip through LibreOffice's own xlsx writer keeps the dropdowns
    proc = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                           "--outdir", str(outdir), str(template)], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    dv = _validations(load_workbook(outdir / "template_smart_city.xlsx")["opini_bpk"])
    assert "WTP" in dv["opini"].formula1


def test_province_by_name_code_or_short_name():
    from scorecard.io.registry_file import load_registry
    from scorecard.template import select_regions

    reg = load_registry()
    jatim, report = select_regions(reg, [], "Provinsi Jawa Timur")
    assert report.valid and len(jatim) == 38  # 29 kabupaten + 9 kota
    assert select_regions(reg, [], "35")[0] == jatim
    assert select_regions(reg, [], "Jatim")[0] == jatim
    # DKI Jakarta: Kepulauan Seribu (31.01) and the five kota administrasi (31.71-31.75)
    assert select_regions(reg, [], "DKI Jakarta")[0] == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]
    # regions named first keep their place and are not repeated
    codes, _ = select_regions(reg, ["Kota Madiun", "64.71"], "Jawa Timur")
    assert codes[:2] == ["35.77", "64.71"] and len(codes) == 39 and codes.count("35.77") == 1


def test_long_or_comma_choices_go_to_a_list_range(tmp_path):
    from scorecard.io.template_writer import write_template
    from scorecard.template import TemplateColumn, TemplateSheet, TemplateSpec

    choices = ("Baik, sekali", "Cukup") + tuple(f"Pilihan nomor {i:03d}" for i in range(20))
    spec = TemplateSpec(
        rubric_id="x", rubric_version="1", lang="id", year=2024,
        sheets=(TemplateSheet("wilayah", "judul", (
            TemplateColumn("wilayah", "Nama", "name", "nama"),
            TemplateColumn("mutu", "Mutu", "grade", "pilih", choices=choices),
        )),),
        instructions=("langkah",), petunjuk_header=("a", "b", "c", "d", "e", "f"), petunjuk_title="Petunjuk",
        rubric_file="r.yaml", workbook_file="t.xlsx")
    path = write_template(spec, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    dv = _validations(wb["wilayah"])["mutu"]
    assert dv.type == "list" and dv.formula1 == "'Petunjuk'!$J$2:$J$23"
    assert tuple(wb["Petunjuk"].cell(r, 10).value for r in range(2, 24)) == choices


def test_bad_targets_are_messages(tmp_path):
    afile = tmp_path / "berkas.txt"
    afile.write_text("x", encoding="utf-8")
    res = CliRunner().invoke(cli, ["init", str(afile), "--regions", "Kota Madiun"])
    assert res.exit_code == 1 and "bukan folder" in res.output
    res = _init(tmp_path, "--regions", "Kota Madiun", "--year", "1900")
    assert res.exit_code == 1 and "1900" in res.output
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "terkunci"
        locked.mkdir()
        locked.chmod(0o500)
        res = CliRunner().invoke(cli, ["init", str(locked / "out"), "--regions", "Kota Madiun"])
        assert res.exit_code == 1 and "Traceback" not in res.output


def test_untouched_prefilled_opinion_rows_do_not_warn_but_typed_ones_do(template, tmp_path):
    def validate(path):
        res = CliRunner().invoke(cli, ["validate", str(path)])
        assert res.exit_code == 0, res.output
        return res.output

    # the fresh template: the 10 rows init wrote (2 regions x 5 LKPD years) are not news
    out = validate(template)
    assert "opini_bpk" not in out and "tanpa opini" not in out
    # the planner types an earlier year (row 14), writes a source on a pre-filled row without its
    # opinion (row 5) and changes a pre-filled row's year (row 9, Kota Balikpapan 2020 -> 2019):
    # those three rows are theirs, and each is reported; the 7 others stay quiet
    wb = load_workbook(template)
    op = wb["opini_bpk"]
    oh = _headers(op)
    assert [op.cell(r, oh["tahun"]).value for r in (5, 9)] == [2021, 2020]
    op.cell(14, oh["wilayah"], "Kota Madiun")
    op.cell(14, oh["tahun"], 2019)
    op.cell(5, oh["sumber"], "LHP BPK 2021")
    op.cell(9, oh["tahun"], 2019)
    edited = tmp_path / "diisi.xlsx"
    wb.save(edited)
    out = validate(edited)
    assert "sheet 'opini_bpk': 3 baris tanpa opini dilewati (baris 5, 9, 14)" in " ".join(out.split())
    # a workbook without init's record (hand-made or an older template) reports every blank row, as before
    del wb["_scorecard"]
    wb.save(edited)
    assert "11 baris tanpa opini dilewati (baris 4-14)" in " ".join(validate(edited).split())
