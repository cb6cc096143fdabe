"""Test helpers: write small workbooks and rubrics (imported by tests via pytest's pythonpath)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook

from examples import tiny_rubric_yaml


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


# The tiny example's rubric, built by tests/examples.py (tiny_rubric_yaml: change a part there by
# name). The leading blank line keeps the line numbers the corpus cases assert (tests/corpus).
TINY_RUBRIC = "\n" + tiny_rubric_yaml()

REGION_HEADER = ["Wilayah", "Kode", "nilai_sakip", "pad", "pendapatan", "miskin"]


def tiny_workbook(path: Path, regions: list[list[Any]] | None = None, opinions: list[list[Any]] | None = None,
                  awards: list[list[Any]] | None = None,
                  extra_columns: dict[str, list[Any]] | None = None) -> Path:
    """The tiny example's workbook (three regions; ``regions``, ``opinions``, ``awards`` replace
    its rows); ``extra_columns`` adds region columns after the rubric's, one value per region row
    (``{"sumber": ["LKjIP 2024", None, None]}``)."""
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
    extra = extra_columns or {}
    assert all(len(values) == len(regions) for values in extra.values()), "one extra value per region row"
    rows = [[*row, *(values[i] for values in extra.values())] for i, row in enumerate(regions)]
    return write_workbook(path, {
        "wilayah": [[*REGION_HEADER, *extra], *rows],
        "opini_bpk": [["Wilayah", "Tahun", "Opini"], *opinions],
        "penghargaan": [["Wilayah", "Tahun", "Penghargaan", "Kategori", "Jumlah"], *awards],
    })


def tiny_rubric(path: Path, text: str = TINY_RUBRIC) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
