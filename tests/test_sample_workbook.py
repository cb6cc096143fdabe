"""The bundled sample workbook (indicators/contoh_smart_city.xlsx, used by ``scorecard demo``):
what a planner opening it reads, and that its build script rebuilds exactly the shipped figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl

from scorecard.resources import indicators_dir

import purity

SAMPLE = indicators_dir() / "contoh_smart_city.xlsx"
SCRIPT = Path(__file__).resolve().parent.parent / "indicators" / "build_sample.py"


def _values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_keterangan_sheet_describes_the_sample_in_indonesian():
    rows = _values(SAMPLE)["keterangan"]
    text = "\n".join(str(r[0]) for r in rows if r and r[0])
    # not the build script's English docstring
    assert "Build the embedded" not in text and "Run from the checkout" not in text and "python " not in text
    # what it is, that the values are illustrative and not to be cited, and where the real ones come from
    assert "workbook contoh untuk mencoba scorecard" in text and "scorecard demo" in text
    assert "ILUSTRATIF" in text and "Jangan dikutip" in text
    for source in ("Kepmendagri 2025", "BPS 2021", "malangkota.go.id, 29 Mei 2023", "antaranews, 20 Mei 2024"):
        assert source in text, source
    assert not purity.check(text, "id"), purity.check(text, "id")  # no English word


def test_build_script_rebuilds_the_shipped_figures(tmp_path):
    spec = importlib.util.spec_from_file_location("build_sample", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = _values(module.build(tmp_path / "contoh.xlsx"))
    assert rebuilt == _values(SAMPLE)  # every sheet, every cell: the sample is what the script documents
