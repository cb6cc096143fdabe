"""Test helpers: write small workbooks and rubrics (imported by tests via pytest's pythonpath)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook


def write_workbook(path: Path, sheets: dict[str, Iterable[Iterable[Any]]]) -> Path:
    """``sheets`` maps sheet name -> rows (row 1 first). Returns ``path``."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


TINY_RUBRIC = """
id: tiny
version: "1"
name: {id: Rubrik kecil, en: Tiny rubric}
scoring: {normalisation: minmax, aggregation: arithmetic, scale: predikat}
scales:
  sakip:
    name: SAKIP
    kind: bands
    grades:
      - {code: AA, label: Sangat Memuaskan, min: 90, max: 100, value: 95}
      - {code: A, label: Memuaskan, min: 80, max: 90, value: 85}
      - {code: BB, label: Sangat Baik, min: 70, max: 80, value: 75}
      - {code: B, label: Baik, min: 60, max: 70, value: 65}
      - {code: CC, label: Cukup, min: 50, max: 60, value: 55}
      - {code: C, label: Kurang, min: 30, max: 50, value: 40}
      - {code: D, label: Sangat Kurang, min: 0, max: 30, value: 15}
  opini:
    name: Opini BPK
    kind: ordinal
    grades:
      - {code: WTP, label: Wajar Tanpa Pengecualian, value: 100, aliases: [WTP-DPP]}
      - {code: WDP, label: Wajar Dengan Pengecualian, value: 60}
      - {code: TW, label: Tidak Wajar, value: 10}
      - {code: TMP, label: Tidak Menyatakan Pendapat, value: 0}
  predikat:
    name: Predikat
    kind: bands
    grades:
      - {code: AA, label: AA, min: 90, max: 100}
      - {code: A, label: A, min: 80, max: 90}
      - {code: BB, label: BB, min: 70, max: 80}
      - {code: B, label: B, min: 60, max: 70}
      - {code: CC, label: CC, min: 50, max: 60}
      - {code: C, label: C, min: 30, max: 50}
      - {code: D, label: D, min: 0, max: 30}
opinions: {scale: opini}
awards:
  window_years: 2
  categories:
    - {code: governance, label: Tata kelola}
columns:
  nilai_sakip: {label: Nilai SAKIP, type: grade, scale: sakip}
  pad: {label: PAD, type: number, min: 0}
  pendapatan: {label: Total pendapatan, type: number, min: 0}
  miskin: {label: Penduduk miskin, type: percent, min: 0, max: 100}
dimensions:
  - id: tata_kelola
    name: Tata kelola
    weight: 2
    indicators:
      - {id: sakip, name: SAKIP, kind: grade, column: nilai_sakip, weight: 3}
      - {id: wtp, name: WTP berturut-turut, kind: streak, weight: 1}
      - {id: award_gov, name: Penghargaan, kind: awards, awards: {category: governance}, weight: 1}
  - id: ekonomi
    name: Ekonomi
    weight: 1
    indicators:
      - {id: pad_share, name: PAD per pendapatan, kind: ratio, numerator: pad, denominator: pendapatan, multiplier: 100, weight: 1}
      - {id: miskin, name: Penduduk miskin, kind: percent, column: miskin, direction: lower, weight: 1}
"""

REGION_HEADER = ["Wilayah", "Kode", "nilai_sakip", "pad", "pendapatan", "miskin"]


def tiny_workbook(path: Path, regions: list[list[Any]] | None = None, opinions: list[list[Any]] | None = None,
                  awards: list[list[Any]] | None = None) -> Path:
    regions = regions if regions is not None else [
        ["Kota Madiun", "35.77", 82, 300, 1000, 5.0],
        ["Kota Malang", "35.73", "BB", 900, 2000, 4.0],
        ["Kabupaten Bangka", "19.01", 60.5, 150, 1500, 6.0],
    ]
    opinions = opinions if opinions is not None else [
        ["Kota Madiun", 2021, "WTP"], ["Kota Madiun", 2022, "WTP"], ["Kota Madiun", 2023, "WTP"],
        ["Kota Malang", 2021, "WTP"], ["Kota Malang", 2022, "WDP"], ["Kota Malang", 2023, "WTP"],
        ["Kabupaten Bangka", 2021, "WTP"], ["Kabupaten Bangka", 2022, "WTP"], ["Kabupaten Bangka", 2023, "WDP"],
    ]
    awards = awards if awards is not None else [
        ["Kota Madiun", 2022, "A", "governance", 3], ["Kota Madiun", 2023, "B", "governance", 1],
        ["Kota Malang", 2021, "C", "governance", 5], ["Kota Malang", 2023, "D", "governance", 2],
    ]
    return write_workbook(path, {
        "wilayah": [REGION_HEADER, *regions],
        "opini_bpk": [["Wilayah", "Tahun", "Opini"], *opinions],
        "penghargaan": [["Wilayah", "Tahun", "Penghargaan", "Kategori", "Jumlah"], *awards],
    })


def tiny_rubric(path: Path, text: str = TINY_RUBRIC) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
