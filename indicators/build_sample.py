"""Build the embedded sample workbook ``indicators/contoh_smart_city.xlsx``.

Run from the checkout: ``python indicators/build_sample.py``. The workbook is committed; this
script documents where every figure comes from and rebuilds it byte-for-byte-equivalently.

Sources of the figures (also written into the workbook, per value, in ``sumber_*`` columns):
* codes, type, province, kelurahan/kecamatan counts, area, population: the shipped registry
  (Kepmendagri 2025; BIG 2024; Dukcapil 2024) — filled by scorecard itself, so not repeated here;
* poverty, unemployment, schooling, life expectancy, sanitation, drinking water: BPS (2021), from
  ``scorecard/data/bps_kabkota_welfare_2021.csv``;
* facts reported in the news (shared seeds): Kota Malang WTP 12 times and RB predicate BB
  (malangkota.go.id, 29 May 2023); Kota Bandung SAKIP A and 300+ awards in 4 years (Swara Wanita,
  24 Apr 2018); Kota Madiun "ratusan penghargaan" (ibukotakini.com, 2 Feb 2024); Kota Semarang 8
  consecutive WTP up to LKPD 2023 (antaranews, 20 May 2024);
* everything else is ILLUSTRATIVE: plausible values made up for the demo and marked
  "ilustratif" in the workbook. Do not cite them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "scorecard" / "data"
OUT = HERE / "contoh_smart_city.xlsx"
YEAR = 2024
ILU = "ilustratif (contoh, bukan data resmi)"
BPS = "BPS 2021 (data kesejahteraan kab/kota)"

# name as typed by a planner, code, and illustrative indicator values
# sakip, rb (score; its predicate follows from the bands), spbe, inovasi, ombudsman, layanan_digital, command_center, wisatawan,
# pad (Rp bn), pajak (Rp bn), total pendapatan (Rp bn), sampah %, rth %
REGIONS = [
    ("Kota Madiun", "35.77", 85.0, 74.0, 3.65, 72.0, 88.5, 64, "Ada", 1_450_000, 265, 160, 1010, 78.0, 21.0),
    ("Kota Balikpapan", "64.71", 72.1, 66.0, 3.05, 55.0, 80.1, 38, "Ada", 1_900_000, 905, 600, 2830, 74.0, 20.0),
    ("Kota Malang", "35.73", 80.9, 78.6, 3.55, 68.0, 84.0, 70, "Ada", 4_100_000, 935, 760, 2320, 72.0, 17.5),
    ("Kota Bandung", "32.73", 86.5, 76.2, 3.95, 74.0, 86.2, 100, "Ada", 8_200_000, 3050, 2400, 7020, 70.0, 12.0),
    ("Kota Medan", "12.71", 76.0, 69.5, 4.05, 69.0, 87.0, 105, "Ada", 3_600_000, 2060, 1450, 6010, 68.0, 9.0),
    ("Kabupaten Bangka", "19.01", 66.8, 55.5, 2.45, 41.0, 72.0, 14, "Tidak", 620_000, 150, 70, 1310, 58.0, 25.0),
    ("Kab. Jombang", "35.17", 68.3, 64.0, 2.80, 50.0, 74.5, 22, "Tidak", 980_000, 455, 250, 2910, 62.0, 19.0),
    ("Kota Lhokseumawe", "11.73", 63.5, 52.0, 2.10, 36.0, 66.0, 9, "Tidak", 240_000, 105, 48, 905, 55.0, 14.0),
    ("Kota Surabaya", "35.78", 79.8, 77.5, 3.80, 72.0, 86.0, 85, "Ada", 25_000_000, 6120, 4800, 10890, 82.0, 22.0),
    ("Kota Semarang", "33.74", 81.5, 73.0, 3.75, 70.0, 85.0, 80, "Ada", 7_400_000, 2510, 1980, 5240, 71.0, 15.0),
    ("Kota Kediri", "35.71", 75.2, 67.0, 3.20, 58.0, 82.0, 35, "Ada", 900_000, 305, 150, 1320, 73.0, 18.0),
    ("Kota Ambon", "81.71", 62.0, 54.0, 2.35, 45.0, 70.5, 18, "Tidak", 320_000, 150, 70, 1205, 60.0, 16.0),
    ("Kabupaten Banyuwangi", "35.10", 81.2, 72.5, 3.70, 76.0, 83.5, 60, "Ada", 5_300_000, 610, 330, 3340, 69.0, 24.0),
    ("Kabupaten Madiun", "35.19", 71.0, 63.0, 2.95, 52.0, 76.0, 20, "Tidak", 700_000, 300, 130, 1915, 61.0, 28.0),
    ("Kabupaten Sleman", "34.04", 79.5, 71.5, 3.90, 67.0, 84.8, 58, "Ada", 6_100_000, 1050, 820, 3320, 75.0, 26.0),
]
# value-level sources for figures reported in the news
NEWS = {
    ("35.73", "nilai_rb"): "Predikat RB BB: malangkota.go.id, 29 Mei 2023 (kunjungan Pemkab Bangka); nilai angka ilustratif",
    ("32.73", "nilai_sakip"): "SAKIP A: Swara Wanita, 24 Apr 2018 (kunjungan Pemkab Jombang); nilai angka ilustratif",
    ("35.77", "nilai_sakip"): "ilustratif; Madiun dikunjungi Balikpapan untuk SAKIP (ibukotakini.com, 2 Feb 2024)",
}
# consecutive WTP years ending at LKPD 2023 (illustrative unless noted) and the opinion before the run
STREAKS = {
    "35.77": (10, "WDP"), "64.71": (6, "WDP"), "35.73": (12, "WDP"), "32.73": (9, "WDP"), "12.71": (6, "WDP"),
    "19.01": (3, "WDP"), "35.17": (8, "WDP"), "11.73": (1, "WDP"), "35.78": (11, "WDP"), "33.74": (8, "WDP"),
    "35.71": (9, "WDP"), "81.71": (2, "TMP"), "35.10": (11, "WDP"), "35.19": (5, "WDP"), "34.04": (9, "WDP"),
}
STREAK_SOURCES = {
    "35.73": "WTP 12 kali: malangkota.go.id, 29 Mei 2023; tahun-tahun persisnya ilustratif",
    "33.74": "WTP ke-8 berturut-turut untuk LKPD 2023: antaranews, 20 Mei 2024",
}
# awards per year 2020-2023 by category: (governance, branding, economy, living, society, environment)
AWARDS = {
    "35.77": (30, 8, 6, 6, 6, 5), "64.71": (6, 4, 4, 4, 3, 4), "35.73": (16, 6, 6, 4, 4, 3),
    "32.73": (25, 15, 12, 10, 10, 10), "12.71": (15, 5, 5, 3, 3, 2), "19.01": (2, 1, 1, 1, 1, 1),
    "35.17": (4, 2, 2, 2, 1, 1), "11.73": (1, 1, 0, 1, 0, 0), "35.78": (16, 10, 9, 8, 8, 9),
    "33.74": (16, 7, 6, 5, 5, 4), "35.71": (8, 3, 3, 3, 2, 2), "81.71": (2, 2, 1, 1, 1, 1),
    "35.10": (15, 14, 6, 4, 4, 4), "35.19": (3, 2, 1, 2, 1, 1), "34.04": (10, 6, 4, 4, 5, 4),
}
AWARD_SOURCES = {
    "32.73": "300+ penghargaan dalam 4 tahun: Swara Wanita, 24 Apr 2018; sebaran per tahun dan kategori ilustratif",
    "35.77": "ratusan penghargaan: ibukotakini.com, 2 Feb 2024; sebaran per tahun dan kategori ilustratif",
}
# The "keterangan" sheet: what a planner opening the sample reads (Indonesian; the docstring above
# is for developers)
KETERANGAN = (
    "KETERANGAN — CONTOH DATA INDIKATOR SMART CITY KABUPATEN/KOTA",
    "",
    "Apa ini: workbook contoh untuk mencoba scorecard (dipakai oleh perintah scorecard demo). Isinya 15 "
    "kabupaten/kota: sheet wilayah (indikator tahun data 2024), sheet opini_bpk (opini BPK atas LKPD) dan "
    "sheet penghargaan (rekap penghargaan 2020-2023), dalam format yang dibaca scorecard.",
    "",
    "Sebagian besar nilai ILUSTRATIF: nilai SAKIP, RB, SPBE, inovasi, kepatuhan Ombudsman, layanan digital, "
    "command center, wisatawan, PAD, pajak daerah, total pendapatan, sampah terkelola dan RTH publik, serta "
    "tahun-tahun opini BPK dan sebaran penghargaan, adalah angka rekaan yang masuk akal untuk latihan. "
    "Semuanya ditandai \"ilustratif\" di kolom sumber. Jangan dikutip sebagai data resmi dan jangan "
    "dipakai untuk keputusan.",
    "",
    "Sumber nilai yang nyata:",
    "- kode, tipe, provinsi, jumlah kecamatan dan kelurahan/desa, luas dan penduduk: registri wilayah "
    "bawaan scorecard (Kepmendagri 2025; BIG 2024; Dukcapil 2024), diisi oleh scorecard sendiri;",
    "- penduduk miskin, pengangguran terbuka, umur harapan hidup, sanitasi layak, air minum layak dan "
    "rata-rata lama sekolah: BPS 2021 (data kesejahteraan kabupaten/kota);",
    "- fakta dari berita: Kota Malang WTP 12 kali dan predikat RB BB (malangkota.go.id, 29 Mei 2023); "
    "Kota Bandung SAKIP A dan lebih dari 300 penghargaan dalam 4 tahun (Swara Wanita, 24 April 2018); "
    "Kota Madiun \"ratusan penghargaan\" (ibukotakini.com, 2 Februari 2024); Kota Semarang WTP ke-8 "
    "berturut-turut untuk LKPD 2023 (antaranews, 20 Mei 2024). Angka rinciannya tetap ilustratif.",
    "",
    "Sumber tiap nilai tertulis di kolom sumber dan sumber_* sheet wilayah, dan di kolom Sumber sheet "
    "opini_bpk dan penghargaan.",
    "",
    "Untuk wilayah Anda sendiri: buat template dengan scorecard init, isi angkanya beserta sumbernya, lalu "
    "jalankan scorecard validate dan scorecard score.",
)
CATEGORIES = ("governance", "branding", "economy", "living", "society", "environment")
HEADERS = ["No.", "Wilayah", "Kode", "Tahun", "nilai_sakip", "nilai_rb", "indeks_spbe", "indeks_inovasi",
           "kepatuhan_ombudsman", "layanan_digital", "command_center", "wisatawan", "pad", "pajak_daerah",
           "total_pendapatan", "penduduk_miskin", "pengangguran", "umur_harapan_hidup", "sanitasi_layak",
           "air_minum_layak", "rata_lama_sekolah", "sampah_terkelola", "rth_publik", "sumber",
           "sumber_nilai_sakip", "sumber_nilai_rb", "sumber_penduduk_miskin"]


def _welfare() -> dict[str, dict[str, str]]:
    with (DATA / "bps_kabkota_welfare_2021.csv").open(encoding="utf-8") as fh:
        return {row["kemendagri_code"]: row for row in csv.DictReader(fh)}


def build(out: Path = OUT) -> Path:
    wel = _welfare()
    wb = Workbook()
    ws = wb.active
    ws.title = "wilayah"
    ws.append(["DATA INDIKATOR SMART CITY KABUPATEN/KOTA — CONTOH (sebagian besar nilai ILUSTRATIF, lihat kolom sumber)"])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(HEADERS)
    for i, (name, code, sakip, rb, spbe, inov, omb, digital, cc, tourists, pad, tax, rev, waste, rth) in enumerate(
            REGIONS, start=1):
        w = wel[code]
        ws.append([
            i, name, code, YEAR, sakip, rb, spbe, inov, omb, digital, cc, tourists, pad * 1e9, tax * 1e9, rev * 1e9,
            float(w["poverty_rate_pct"]), float(w["open_unemployment_rate_pct"]), float(w["life_expectancy_years"]),
            float(w["hh_adequate_sanitation_pct"]), float(w["hh_safe_drinking_water_pct"]),
            float(w["mean_years_schooling_15plus"]), waste, rth,
            f"Nilai tata kelola, fiskal, layanan, lingkungan: {ILU}. Indikator kesejahteraan: {BPS}.",
            NEWS.get((code, "nilai_sakip"), ILU), NEWS.get((code, "nilai_rb"), ILU), BPS,
        ])
    op = wb.create_sheet("opini_bpk")
    op.append(["Wilayah", "Kode", "Tahun", "Opini", "Sumber"])
    for name, code, *_ in REGIONS:
        run, before = STREAKS[code]
        for year in range(2023 - run - 1, 2024):
            opinion = "WTP" if year > 2023 - run else before
            op.append([name, code, year, opinion, STREAK_SOURCES.get(code, ILU)])
    aw = wb.create_sheet("penghargaan")
    aw.append(["Wilayah", "Kode", "Tahun", "Penghargaan", "Kategori", "Tingkat", "Jumlah", "Sumber"])
    for name, code, *_ in REGIONS:
        for year in range(2020, 2024):
            for cat, n in zip(CATEGORIES, AWARDS[code]):
                if n:
                    aw.append([name, code, year, f"Rekap penghargaan {cat} {year}", cat, "nasional/provinsi", n,
                               AWARD_SOURCES.get(code, ILU)])
    info = wb.create_sheet("keterangan")
    for line in KETERANGAN:
        info.append([line])
    info["A1"].font = Font(bold=True)
    info.column_dimensions["A"].width = 120
    for row in info.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.creator = "scorecard"
    wb.save(out)
    return out


if __name__ == "__main__":
    print(build())
