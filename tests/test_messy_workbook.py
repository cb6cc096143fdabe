"""A workbook typed the way planners really type it scores exactly like the same data typed cleanly.

Both workbooks are built here with openpyxl. The messy one has a title row, a 'No.' column,
Indonesian labels as headers, names with Pemkot/Kab. prefixes and odd case instead of codes,
numbers as Indonesian text ("Rp 2,5 M", "1.234.567,89", "45,6%"), grades in odd case, opinions
written in full, years as "TA 2023", a JUMLAH row, notes under the table, a hidden sheet and an
extra column.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from scorecard.cli import cli
from scorecard.io.registry_file import load_registry
from scorecard.io.rubric_file import load_rubric
from scorecard.io.workbook import read_workbook
from scorecard.validate import REGISTRY_SOURCE, read_tables, source_of

COLUMNS = ["nilai_sakip", "nilai_rb", "indeks_spbe", "indeks_inovasi", "kepatuhan_ombudsman", "layanan_digital",
           "command_center", "wisatawan", "pad", "pajak_daerah", "total_pendapatan", "penduduk_miskin", "pengangguran",
           "umur_harapan_hidup", "sanitasi_layak", "air_minum_layak", "rata_lama_sekolah", "sampah_terkelola",
           "rth_publik"]
# the messy header of each column: rubric labels in odd case, or the id
MESSY_HEADERS = ["Nilai atau predikat SAKIP", "NILAI ATAU PREDIKAT RB", "Indeks SPBE (1-5)", "indeks_inovasi",
                 "Nilai kepatuhan pelayanan publik Ombudsman (0-100)", "Jumlah layanan publik daring",
                 "Command center beroperasi", "Kunjungan wisatawan per tahun", "REALISASI PAD (RP)",
                 "Realisasi pajak daerah (Rp)", "Total pendapatan daerah (Rp)", "Persentase penduduk miskin (%)",
                 "Tingkat pengangguran terbuka (%)", "umur_harapan_hidup", "Rumah tangga dengan sanitasi layak (%)",
                 "air_minum_layak", "rata_lama_sekolah", "Sampah terkelola (%)", "rth_publik"]
# (clean name, code, messy name, [(clean value, messy value) per column])
REGIONS = [
    ("Kota Madiun", "35.77", "Pemkot Madiun", [
        (82.4, "82,4"), ("BB", " bb "), (3.65, "3,65"), (72.0, "72"), (88.5, "88,5"), (64, "64"), ("Ada", "ya"),
        (1450000, "1.450.000"), (265e9, "Rp 265 M"), (160e9, "Rp 160.000.000.000"), (1010e9, "Rp 1,01 T"),
        (4.5, "4,5%"), (5.2, "5,2 %"), (73.12, "73,12"), (92.5, "92,5%"), (96.1, "96,1"), (11.2, "11,2"),
        (78.0, "78%"), (21.0, "21,0")]),
    ("Kabupaten Madiun", "35.19", "Kab. Madiun", [
        ("B", "Baik"), (71.0, "71"), ("Baik", "baik"), (52.0, 52), (76.0, "76,00"), (20, "20"), ("Tidak", "tidak ada"),
        (700000, "700 ribu"), (300e9, "Rp 300 M"), (130e9, "130 miliar"), (1915e9, "Rp 1.915.000.000.000"),
        (10.5, "10,5%"), (4.1, "4,1"), (71.5, "71,5"), (80.25, "80,25 %"), (88.0, "88"), (7.9, "7,9"),
        (61.0, "61 %"), (28.0, 28)]),
    ("Kota Balikpapan", "64.71", "KOTA BALIKPAPAN", [
        (72.1, "72,1"), ("B", "b"), (3.05, "3,05"), (55.0, "55"), (80.1, "80,1"), (38, "38"), ("Ada", "Ada"),
        (1900000, "1,9 jt"), (905e9, "Rp 905 M"), (600e9, "Rp 600.000.000.000,00"), (2830e9, "Rp 2,83 T"),
        (2.6, "2,6%"), (6.8, "6,8%"), (74.6, "74,6"), (95.1, "95,1%"), (97.3, "97,3"), (10.9, "10,9"),
        (74.0, "74"), (20.0, "20")]),
    ("Kota Malang", "35.73", "  kota   malang ", [
        (80.9, "80,9"), ("BB", "Sangat Baik"), (3.55, "3,55"), (68.0, "68"), (84.0, "84"), (70, "70"), ("Ada", "ADA"),
        (4100000, "4.100.000"), (935e9, "Rp. 935 M"), (760e9, "760.000.000.000"), (2320e9, "Rp 2.320 M"),
        (4.0, "4%"), (7.7, "7,7 %"), (72.9, "72,9"), (93.4, "93,4 %"), (98.2, "98,2"), (10.2, "10,2"),
        (72.0, "72,0%"), (17.5, "17,5")]),
]
OPINIONS = {  # code -> [(year, clean, messy year, messy opinion)]
    "35.77": [(2021, "WDP", "TA 2021", "Wajar Dengan Pengecualian"), (2022, "WTP", "LKPD 2022", "wajar tanpa pengecualian"),
              (2023, "WTP", 2023.0, "WTP-DPP"), (2024, "WTP", "2024", " wtp ")],
    "35.19": [(2022, "WTP", "2022", "Wajar Tanpa Pengecualian (WTP)"), (2023, "WDP", "TA 2023", "WDP"),
              (2024, "WTP", "Tahun 2024", "WTP")],
    "64.71": [(2023, "WTP", "2023", "WTP"), (2024, "WTP", "2024", "Wajar Tanpa Pengecualian")],
    "35.73": [(2022, "WTP", "2022", "wtp"), (2023, "WTP", "2023", "WTP"), (2024, "WTP", "2024", "WTP")],
}
AWARDS = [  # (code, year, clean category, messy category, count)
    ("35.77", 2023, "governance", "Tata Kelola", 3), ("35.77", 2024, "branding", "pariwisata", 2),
    ("35.73", 2022, "governance", "Smart Governance", 1), ("64.71", 2024, "economy", "EKONOMI", 4),
    ("35.19", 2024, "living", "kesehatan", 1),
]
MESSY_NAME = {code: messy for _, code, messy, _ in REGIONS}


def clean_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "wilayah"
    ws.append(["Wilayah", "Kode", "Tahun", *COLUMNS])
    for name, code, _messy, pairs in REGIONS:
        ws.append([name, code, 2024, *[c for c, _ in pairs]])
    op = wb.create_sheet("opini_bpk")
    op.append(["Wilayah", "Kode", "Tahun", "Opini"])
    for code, rows in OPINIONS.items():
        for year, clean, _, _ in rows:
            op.append([None, code, year, clean])
    aw = wb.create_sheet("penghargaan")
    aw.append(["Kode", "Tahun", "Kategori", "Jumlah"])
    for code, year, cat, _, n in AWARDS:
        aw.append([code, year, cat, n])
    wb.save(path)
    return path


def messy_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Data Wilayah"
    ws.append(["DATA INDIKATOR KOTA CERDAS TAHUN 2024"])
    ws.append(["Bappeda — rekap untuk studi tiru"])
    ws.append([])
    ws.append(["No.", "Nama Daerah", "Tahun", *MESSY_HEADERS, "Keterangan tambahan", "Sumber",
               "sumber_pad"])
    for i, (_name, _code, messy, pairs) in enumerate(REGIONS, start=1):
        ws.append([i, messy, "TA 2024", *[m for _, m in pairs], "lihat lampiran",
                   "LKjIP 2024" if i == 1 else None, "LRA APBD 2024 hal. 3" if i == 1 else None])
    ws.append([None, "JUMLAH", None, None, None, None, 247, None, 192, None, 9_150_000])
    ws.append([])
    ws.append(["Sumber: BPS, LKjIP dan LRA APBD 2024"])
    ws.append([None, "*) angka sementara"])
    for i in range(5, 21):  # numbered rows left empty, as in many government forms
        ws.append([i])
    op = wb.create_sheet("Opini")
    op.append(["OPINI BPK ATAS LKPD"])
    op.append(["No", "Nama Pemda", "Tahun", "Opini BPK"])
    n = 0
    for code, rows in OPINIONS.items():
        for _, _, year, opinion in rows:
            n += 1
            op.append([n, MESSY_NAME[code], year, opinion])
    op.append([None, "Ket.: WTP-DPP dihitung sebagai WTP"])
    aw = wb.create_sheet("Penghargaan")
    aw.append(["Daftar penghargaan 2022-2024"])
    aw.append(["Pemda", "Tahun", "Nama penghargaan", "Bidang", "Jumlah"])
    for code, year, _, cat, n in AWARDS:
        aw.append([MESSY_NAME[code], str(year), f"Penghargaan {cat}", cat, str(n)])
    hidden = wb.create_sheet("lama")
    hidden.append(["Wilayah", "nilai_sakip"])
    hidden.append(["Kota Atlantis", "???"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.fixture()
def books(tmp_path):
    return clean_workbook(tmp_path / "rapi.xlsx"), messy_workbook(tmp_path / "berantakan.xlsx")


def _score_json(path):
    res = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_messy_scores_identically_to_clean(books):
    clean, messy = books
    a, b = _score_json(clean), _score_json(messy)
    assert a == b
    by_code = {r["code"]: r for r in b["regions"]}
    assert set(by_code) == {"35.77", "35.19", "64.71", "35.73"}
    # figures read from text, checked by hand: "Rp 265 M" / "Rp 1,01 T" x 100 = 26.2376... %
    assert by_code["35.77"]["indicators"]["pad_share"]["value"] == pytest.approx(265 / 1010 * 100, abs=1e-6)
    # "700 ribu" tourists / registry population of Kabupaten Madiun
    pop = load_registry().frame.at["35.19", "population"]
    assert by_code["35.19"]["indicators"]["wisatawan_per_penduduk"]["value"] == pytest.approx(700_000 / pop, abs=1e-6)
    # " bb " is the RB predicate BB (75); WTP-DPP counts as WTP: 2022, 2023, 2024 -> streak 3
    rb = by_code["35.77"]["indicators"]["rb"]
    assert (rb["value"], rb["grade"]) == (75, "BB")
    assert by_code["35.77"]["indicators"]["wtp_streak"]["value"] == 3
    assert by_code["35.19"]["indicators"]["wtp_streak"]["value"] == 1  # WDP in 2023 breaks the run


def test_messy_workbook_as_a_subprocess(books):
    clean, messy = books
    outs = []
    for path in (clean, messy):
        proc = subprocess.run([sys.executable, "-m", "scorecard", "score", str(path), "--format", "json"],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outs.append(json.loads(proc.stdout))
    assert outs[0] == outs[1]


def test_what_was_skipped_is_said(books):
    _, messy = books
    rubric = load_rubric(None)
    tables, report = read_tables(read_workbook(messy), rubric, load_registry(), current_year=2025)
    assert report.valid, report.tuples()
    notes = {(i.sheet, i.row, i.code) for i in report.notes}
    assert ("Data Wilayah", 9, "total-row-skipped") in notes
    assert ("Data Wilayah", 11, "note-row-skipped") in notes
    assert ("Data Wilayah", 12, "note-row-skipped") in notes
    assert ("Opini", 15, "note-row-skipped") in notes
    assert ("lama", None, "hidden-sheet-ignored") in notes
    assert ("Data Wilayah", 4, "unknown-column") in notes  # "Keterangan tambahan"
    # where each value came from, for error messages and citations: Excel row and column letter
    assert tables.cells[("35.77", "pad")] == ("Data Wilayah", 5, "L")
    assert ("35.77", "pad") in tables.from_text


def test_sources_for_citing_every_figure(books):
    _, messy = books
    tables, report = read_tables(read_workbook(messy), load_rubric(None), load_registry(), current_year=2025)
    # per-value source first, then the row source
    assert source_of(tables, "35.77", "pad") == "LRA APBD 2024 hal. 3"
    assert source_of(tables, "35.77", "nilai_sakip") == "LKjIP 2024"
    # a value scorecard filled from its registry cites the registry, not the row source
    assert source_of(tables, "35.77", "penduduk") == REGISTRY_SOURCE
    # no source given at all: None, never an invented one
    assert source_of(tables, "35.19", "pad") is None
    assert source_of(tables, "99.99", "pad") is None


def test_bad_cells_are_errors_naming_the_cell(tmp_path):
    path = tmp_path / "salah.xlsx"
    messy_workbook(path)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Data Wilayah"]
    ws["L5"] = "Rp 1.234,5.6"  # pad: two decimal marks
    ws["I6"] = "1,234"  # layanan_digital (whole number): 1234 or 1,234?
    ws["P7"] = "45,6%"  # penduduk_miskin is a percent: fine
    ws["K7"] = "2,5%"  # wisatawan is not a percentage
    wb.save(path)
    res = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert res.exit_code == 1
    errors = [(i["sheet"], i["row"], i["column_letter"], i["code"]) for i in json.loads(res.stdout)["issues"]
              if i["severity"] == "error"]
    assert errors == [("Data Wilayah", 5, "L", "ambiguous-number"), ("Data Wilayah", 6, "I", "ambiguous-number"),
                      ("Data Wilayah", 7, "K", "percent-not-expected")]


def test_name_merged_down_over_its_years_and_codes_typed_as_numbers(tmp_path):
    """A region name merged over its 2023 and 2024 rows is each row's name; a code typed as a
    number that Excel shortened (35.10 -> 35.1) is still 35.10."""
    from wbtools import tiny_rubric

    wb = Workbook()
    ws = wb.active
    ws.title = "wilayah"
    ws.append(["Wilayah", "Kode", "Tahun", "nilai_sakip", "pad", "pendapatan", "miskin"])
    ws.append(["Kota Madiun", None, 2023, 80, 250, 1000, 5.0])
    ws.append([None, None, 2024, 82, 300, 1000, 4.8])
    ws.merge_cells("A2:A3")
    ws.append([None, 35.1, 2024, 70, 600, 3000, 7.0])  # Kabupaten Banyuwangi by its code only
    ws.append([None, 3573, 2024, "BB", 900, 2000, 4.0])  # Kota Malang, code without the dot
    op = wb.create_sheet("opini_bpk")
    op.append(["Kode", "Tahun", "Opini"])
    op.append(["35.77", 2024, "WTP"])
    aw = wb.create_sheet("penghargaan")
    aw.append(["Kode", "Tahun", "Kategori"])
    wb.save(tmp_path / "gabung.xlsx")
    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    tables, report = read_tables(read_workbook(tmp_path / "gabung.xlsx"), rubric, load_registry(), current_year=2025)
    assert report.valid, report.tuples()
    assert sorted(tables.regions.index) == ["35.10", "35.73", "35.77"]
    assert tables.year == 2024
    assert tables.regions.at["35.77", "pad"] == 300  # the 2024 row
    assert tables.history.loc[("35.77", 2023), "pad"] == 250  # the 2023 row, named by the merged cell
    assert tables.regions.at["35.10", "name"] == "Kabupaten Banyuwangi"


def test_note_and_total_rows_name_their_column(books):
    _, messy = books
    tables, report = read_tables(read_workbook(messy), load_rubric(None), load_registry(), current_year=2025)
    where = {(i.row, i.column_letter, i.code) for i in report.notes if i.sheet == "Data Wilayah"}
    # "JUMLAH" sits in column B, "Sumber: ..." in column A, "*) angka sementara" in column B
    assert {(9, "B", "total-row-skipped"), (11, "A", "note-row-skipped"), (12, "B", "note-row-skipped")} <= where


def test_two_row_header_with_merged_group_row(tmp_path):
    """Row 3 groups the columns ("Tata Kelola", "Ekonomi"); row 4 names them; "No." and "Wilayah"
    are merged down over both rows, as Excel forms are often drawn."""
    from wbtools import tiny_rubric

    wb = Workbook()
    ws = wb.active
    ws.title = "wilayah"
    ws.append(["REKAP INDIKATOR 2024"])
    ws.append([])
    ws.append(["No.", "Wilayah", "Tata Kelola", None, None, "Ekonomi"])
    ws.append([None, None, "nilai_sakip", "pad", "pendapatan", "miskin"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:E3")
    ws.append([1, "Kota Madiun", 82, 300, 1000, 5.0])
    ws.append([2, "Kota Malang", "BB", 900, 2000, 4.0])
    wb.create_sheet("opini_bpk").append(["Kode", "Tahun", "Opini"])
    wb["opini_bpk"].append(["35.77", 2024, "WTP"])
    wb.create_sheet("penghargaan").append(["Kode", "Tahun", "Kategori"])
    wb.save(tmp_path / "dua_baris.xlsx")
    rubric = load_rubric(tiny_rubric(tmp_path / "r.yaml"))
    tables, report = read_tables(read_workbook(tmp_path / "dua_baris.xlsx"), rubric, load_registry(),
                                 current_year=2025)
    assert report.valid, report.tuples()
    assert list(tables.regions.index) == ["35.77", "35.73"]
    assert tables.regions.at["35.73", "pad"] == 900
    assert tables.cells[("35.77", "pad")] == ("wilayah", 5, "D")
