"""Helpers for the rehearsal tests: write a filled self-assessment workbook (through the real
template writer, filled with openpyxl like a planner would). Also checks the helper itself."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from scorecard.io.registry_file import load_registry
from scorecard.io.rehearsal_file import load_instrument
from scorecard.io.rehearsal_template import SHEETS, build_workbook

GOV_SUBS = ("layanan_publik", "kebijakan_publik", "tata_kelola_birokrasi")


def fill_workbook(path: Path, level_of: Callable, *, evidence_of: Callable | None = None, lang: str = "id",
                  region: str = "Kota Balikpapan", peers: list | None = None, last: dict | None = None,
                  profile: str | None = None, level_text: bool = False) -> Path:
    """``level_of(criterion) -> int | None``; ``evidence_of(evidence_id, level, claimed) -> str | None``
    (default: a link for every level up to the claimed one); ``peers``: [(name, year, overall,
    {column header: value})]; ``last``: {profile key suffix: value}."""
    ins = load_instrument(None)
    wb = build_workbook(ins, [region, *(p[0] for p in peers or [])], lang, registry=load_registry())
    prof = wb[SHEETS["profil"][lang]]
    for row in prof.iter_rows(min_row=2):
        key = row[0].value
        if key == "profil_bobot" and profile is not None:
            row[2].value = profile
        if last and key and key.startswith("hasil_lalu.") and key.split(".", 1)[1] in last:
            row[2].value = last[key.split(".", 1)[1]]
    ws = wb[SHEETS["penilaian"][lang]]
    claimed: dict[str, int | None] = {}
    for row in ws.iter_rows(min_row=2):
        code = row[0].value
        if code is None:
            continue
        if "/" not in code:
            n = level_of(ins.criterion(code))
            claimed[code] = n
            if n is not None:
                row[6].value = f"{n} - {ins.level(n).label.get(lang)}" if level_text else n
        else:
            cid, lv = code.split("/")
            level = int(lv[1:])
            c = claimed[cid]
            if evidence_of is not None:
                row[7].value = evidence_of(code, level, c)
            elif c is not None and level <= c:
                row[7].value = f"https://contoh.invalid/{code}"
    if peers:
        sheet = wb[SHEETS["rekan"][lang]]
        headers = {sheet.cell(row=1, column=j).value: j for j in range(1, sheet.max_column + 1)}
        for i, (name, year, overall, values) in enumerate(peers, start=2):
            sheet.cell(row=i, column=3).value = year
            sheet.cell(row=i, column=4).value = overall
            for header, v in values.items():
                j = headers.get(header)
                if j is None:
                    j = sheet.max_column + 1
                    sheet.cell(row=1, column=j).value = header
                    headers[header] = j
                sheet.cell(row=i, column=j).value = v
    wb.save(path)
    return path


def test_fill_workbook_writes_levels_and_evidence(tmp_path):
    import openpyxl

    path = fill_workbook(tmp_path / "a.xlsx", lambda c: 3)
    ws = openpyxl.load_workbook(path)["penilaian_mandiri"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["layanan_publik.output"][6].value == 3
    assert rows["layanan_publik.output/L3"][7].value.startswith("https://")
    assert rows["layanan_publik.output/L4"][7].value is None
