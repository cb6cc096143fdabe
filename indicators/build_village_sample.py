"""Build the small village sample: ``contoh_desa_units.csv`` (unit list) and ``contoh_desa.xlsx``.

SYNTHETIC DATA. Every name and figure here is generated (seeded, reproducible) to show how a
village benchmark works; none is an official figure and no unit is a real village. The kabupaten
code 33.08 (Kabupaten Magelang) only gives the codes a valid shape; the kecamatan and villages are
invented ("Kecamatan Contoh Utara", "Desa Sukamaju") and every row's source says "data sintetis".

Run from the checkout:  python indicators/build_village_sample.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
KAB = ("33.08", "Kabupaten Magelang (kode saja; data sintetis)")
KECAMATAN = [("01", "Kecamatan Contoh Utara"), ("02", "Kecamatan Contoh Tengah"), ("03", "Kecamatan Contoh Selatan")]
NAMES = ["Sukamaju", "Mekarsari", "Sidomulyo", "Tegalrejo", "Karanganyar", "Sumberejo", "Wonosari", "Margamulya",
         "Sukarame", "Purwosari", "Banjarsari", "Sidorejo", "Mulyorejo", "Ngadirejo", "Tirtomulyo", "Jatisari",
         "Kalisari", "Candirejo", "Gunungsari", "Kedungsari", "Sindang", "Cibodas", "Pagerejo", "Tanjungsari"]
SOURCE = "data sintetis (contoh scorecard, bukan data resmi)"


def build(out: Path = HERE, seed: int = 2026) -> tuple[Path, Path]:
    from openpyxl import Workbook

    rng = random.Random(seed)
    units = []
    k = 0
    for kc, kname in KECAMATAN:
        for j in range(8):
            kind = "kelurahan" if (kc == "02" and j < 2) else "desa"
            number = (1001 + j) if kind == "kelurahan" else (2001 + j)
            name = NAMES[k]
            k += 1
            title = f"{'Kelurahan' if kind == 'kelurahan' else 'Desa'} {name}"
            lat = -7.55 + 0.04 * int(kc) + rng.uniform(-0.02, 0.02)
            lng = 110.2 + 0.03 * j + rng.uniform(-0.01, 0.01)
            units.append({"kemendagri_code": f"{KAB[0]}.{kc}.{number}", "name_title": title, "type": kind,
                          "province_name": "Jawa Tengah", "kabupaten": KAB[1], "kecamatan": kname,
                          "lat": round(lat, 5), "lng": round(lng, 5), "area_km2": round(rng.uniform(2, 9), 2),
                          "population": rng.randrange(2500, 9000)})
    units_path = out / "contoh_desa_units.csv"
    with units_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(units[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(units)

    wb = Workbook()
    ws = wb.active
    ws.title = "wilayah"
    header = ["Kode", "Nama", "Jarak ke puskesmas terdekat (km)", "Tenaga kesehatan per 1.000 penduduk",
              "Jarak ke SMP terdekat (km)", "Kelompok kegiatan warga aktif", "Rumah tangga dengan air minum layak (%)",
              "Jenis kegiatan usaha di desa", "Jarak ke pasar terdekat (km)",
              "Jarak ke bank atau koperasi simpan pinjam (km)", "Jalan desa beraspal atau beton (%)",
              "Kejadian bencana (3 tahun terakhir)", "Sarana mitigasi bencana (jenis)",
              "Kejadian pencemaran air/tanah/udara (tahun ini)", "Sumber"]
    ws.append(header)
    for u in units:
        town = u["type"] == "kelurahan"
        ws.append([u["kemendagri_code"], u["name_title"],
                   round(rng.uniform(0.3, 2) if town else rng.uniform(1, 14), 1),
                   round(rng.uniform(1.5, 4) if town else rng.uniform(0.3, 2.5), 2),
                   round(rng.uniform(0.5, 3) if town else rng.uniform(1, 10), 1),
                   rng.randrange(4, 25), round(rng.uniform(70, 99) if town else rng.uniform(35, 95), 1),
                   rng.randrange(3, 12), round(rng.uniform(0.2, 3) if town else rng.uniform(1, 15), 1),
                   round(rng.uniform(0.2, 2) if town else rng.uniform(2, 20), 1),
                   round(rng.uniform(70, 100) if town else rng.uniform(20, 90), 1),
                   rng.randrange(0, 6), rng.randrange(0, 5), rng.randrange(0, 3), SOURCE])
    wb_path = out / "contoh_desa.xlsx"
    from scorecard.io.output import xlsx_bytes

    wb_path.write_bytes(xlsx_bytes(wb))
    return units_path, wb_path


if __name__ == "__main__":
    for p in build():
        print("written", p)
