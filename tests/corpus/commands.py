"""Per-command arguments for the "nothing lost" and determinism tests.

``ARGS[name](ws, out)`` gives the argument list that runs command ``name`` successfully on the
inputs of workspace ``ws`` (copies of the shipped samples, see :func:`workspace`), writing any
file output under the folder ``out``. A command of ``scorecard.cli.COMMANDS`` missing here is
skipped by those tests (and listed as skipped in the test report).

``OUTPUT_OPTION[name](ws, target)`` gives arguments that ask command ``name`` to write its output
to ``target`` (used to check that an input is never an output).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from scorecard import resources

FOCUS = "Kota Balikpapan"


@dataclass(frozen=True)
class Workspace:
    root: Path
    workbook: Path  # copy of the sample benchmark workbook
    rubric: Path  # copy of the default rubric
    assessment: Path  # copy of the sample Smart City self-assessment (rehearse)


def workspace(root: Path) -> Workspace:
    src = root / "masukan"
    src.mkdir(parents=True, exist_ok=True)
    wb = shutil.copy2(resources.sample_workbook(), src / "data_kota.xlsx")
    rub = shutil.copy2(resources.default_rubric(), src / "rubrik.yaml")
    sample_assessment = resources.indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx"
    assessment = src / "penilaian_mandiri.xlsx"
    if sample_assessment.exists():
        shutil.copy2(sample_assessment, assessment)
    return Workspace(root, Path(wb), Path(rub), assessment)


ARGS: dict[str, Callable[[Workspace, Path], list[str]]] = {
    "validate": lambda ws, out: ["validate", str(ws.workbook), "--rubric", str(ws.rubric), "--format", "json"],
    "score": lambda ws, out: ["score", str(ws.workbook), "--rubric", str(ws.rubric), "--format", "json",
                              "-o", str(out / "skor.json")],
    "rubrics": lambda ws, out: ["rubrics"],
    "demo": lambda ws, out: ["demo", "-o", str(out / "demo")],
    "recommend": lambda ws, out: ["recommend", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                                  "--format", "json", "-o", str(out / "rekomendasi.json")],
    "brief": lambda ws, out: ["brief", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                              "-o", str(out / "telaahan.docx")],
    "init": lambda ws, out: ["init", str(out / "templat"), "--rubric", str(ws.rubric),
                             "--regions", "Kota Balikpapan,Kota Samarinda", "--year", "2024"],
    "rehearse": lambda ws, out: ["rehearse", str(ws.assessment), "--stage", "1", "--format", "json",
                                 "-o", str(out / "gladi.json")],
    "whatif": lambda ws, out: ["whatif", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                               "--set", "indeks_spbe=3,6", "--format", "json", "-o", str(out / "whatif.json")],
    "report": lambda ws, out: ["report", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                               "-o", str(out / "laporan.html"), "--excel"],
    "context": lambda ws, out: ["context", "--focus", FOCUS, "--format", "html", "-o", str(out / "konteks.html")],
}

# Commands whose output file can be named: the arguments that write to ``target``.
OUTPUT_OPTION: dict[str, Callable[[Workspace, Path], list[str]]] = {
    "score": lambda ws, t: ["score", str(ws.workbook), "--rubric", str(ws.rubric), "-o", str(t)],
    "recommend": lambda ws, t: ["recommend", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                                "-o", str(t)],
    "whatif": lambda ws, t: ["whatif", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                             "--set", "indeks_spbe=3,6", "-o", str(t)],
    "report": lambda ws, t: ["report", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                             "-o", str(t)],
    "rehearse": lambda ws, t: ["rehearse", str(ws.assessment), "--stage", "1", "-o", str(t)],
    "brief": lambda ws, t: ["brief", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS, "-o", str(t)],
    "context": lambda ws, t: ["context", "--focus", FOCUS, "-o", str(t)],
}
