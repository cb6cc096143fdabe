"""Build indicators/contoh_rehearsal_kota_balikpapan.xlsx: a filled Smart City self-assessment.

EVERY VALUE IS ILLUSTRATIVE: the levels, evidence, last year's result and the peers' results are
made up for practice (Kota Balikpapan took part in tahap II on 6 Nov 2024 — that is all the
workbook takes from the news). The workbook says so on its first sheet.

The pattern (also written out in tests/test_rehearsal_predict.py, which recomputes the index by
hand):

* claimed level per result dimension: Baseline 4, Output 4, Outcome 3, Impact 3, Quick Win 4;
  the three Smart Environment sub-dimensions are one level lower on Outcome and Impact (2), and
  Layanan Publik is one level higher on Outcome (4);
* evidence is filled for every level claimed — as a planner would: links, decree numbers, file
  names, dated minutes (all made up) — except four cells that do not count under the evidence
  rule (docs/rehearsal.md): the citizen-survey evidence (level 3) of the three Smart Living Impact
  criteria ("Ada di Dinas Perkim" — perlu dicek, no reference; "sedang disusun"; "on progress")
  and the usage-data evidence (level 4) of pariwisata.quick_win ("Belum.").

Run:  python indicators/build_rehearsal_sample.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scorecard.io.output import atomic_write_bytes  # noqa: E402
from scorecard.io.registry_file import load_registry  # noqa: E402
from scorecard.io.rehearsal_file import load_instrument  # noqa: E402
from scorecard.io.rehearsal_template import SHEETS, build_workbook, workbook_bytes  # noqa: E402

OUT = HERE / "contoh_rehearsal_kota_balikpapan.xlsx"
BASE = {"baseline": 4, "output": 4, "outcome": 3, "impact": 3, "quick_win": 4}
MISSING = {"harmoni.impact/L3": "Ada di Dinas Perkim", "kesehatan.impact/L3": "sedang disusun",
           "mobilitas.impact/L3": "on progress", "pariwisata.quick_win/L4": "Belum."}


def evidence_text(code: str, n: int) -> str:
    """A made-up reference of the kinds planners write (every one counts under the rule)."""
    slug = code.replace("/", "_").replace(".", "_")
    kind = n % 4
    if kind == 0:
        return f"https://contoh.invalid/bukti/{slug}.pdf"
    if kind == 1:
        return f"SK Wali Kota No. 100.3.3/{100 + n}/2024"
    if kind == 2:
        return f"{slug}.pdf"
    return f"Notulen rapat {1 + n % 28} Maret 2024"
LAST = {"tahun": 2023, "indeks": 3.05, "baseline": 3.2, "output": 3.4, "outcome": 2.9, "impact": 2.8,
        "quick_win": 3.4, "governance": 3.3, "branding": 3.0, "economy": 3.1, "living": 2.9, "society": 3.0,
        "environment": 2.7}
# name, year, overall, 5 result dimensions, 6 smart dimensions (governance .. environment)
PEERS = [
    ("Kota Samarinda", 2023, 3.21, [3.3, 3.3, 3.1, 3.1, 3.4], [3.2, 3.0, 3.3, 3.7, 3.1, 3.0]),
    ("Kota Surabaya", 2023, 3.72, [3.6, 3.8, 3.7, 3.7, 3.8], [3.9, 3.6, 3.7, 3.4, 3.7, 3.8]),
    ("Kota Bontang", 2023, 3.12, [3.0, 3.2, 3.1, 3.1, 3.2], [3.0, 2.9, 3.1, 3.2, 3.0, 3.9]),
]


def level(crit) -> int:
    n = BASE[crit.result]
    if crit.dimension == "environment" and crit.result in ("outcome", "impact"):
        n -= 1
    if crit.subdimension == "layanan_publik" and crit.result == "outcome":
        n += 1
    return n


def build(lang: str = "id") -> bytes:
    ins = load_instrument(None)
    wb = build_workbook(ins, ["Kota Balikpapan", *(p[0] for p in PEERS)], lang, registry=load_registry(),
                        illustrative=True)
    prof = wb[SHEETS["profil"][lang]]
    for row in prof.iter_rows(min_row=2):
        key = row[0].value
        if key == "tahun_evaluasi":
            row[2].value = 2024
        elif key and key.startswith("hasil_lalu."):
            row[2].value = LAST[key.split(".", 1)[1]]
    ws = wb[SHEETS["penilaian"][lang]]
    claimed: dict[str, int] = {}
    n = 0
    for row in ws.iter_rows(min_row=2):
        code = row[0].value
        if code is None:
            continue
        if "/" not in code:
            crit = ins.criterion(code)
            claimed[code] = level(crit)
            row[6].value = f"{claimed[code]} - {ins.level(claimed[code]).label.get(lang)}"
            row[8].value = "ILUSTRATIF" if lang == "id" else "ILLUSTRATIVE"
        else:
            cid, lv = code.split("/")
            if code in MISSING:
                row[7].value = MISSING[code]
            elif int(lv[1:]) <= claimed[cid]:
                row[7].value = evidence_text(code, n)
                n += 1
    peers = wb[SHEETS["rekan"][lang]]
    for i, (name, year, overall, results, dims) in enumerate(PEERS, start=2):
        assert peers.cell(row=i, column=1).value == name
        for j, v in enumerate([year, overall, *results, *dims], start=3):
            peers.cell(row=i, column=j).value = v
    return workbook_bytes(wb)


if __name__ == "__main__":
    atomic_write_bytes(OUT, build())
    print(f"written {OUT}")
