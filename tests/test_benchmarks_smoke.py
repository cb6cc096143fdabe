"""The benchmark tools still work (tiny sizes, no timing assertions), and ``--help``/``--version``
stay light: they must not import pandas, pandera or openpyxl (a correctness property of the CLI).

Speed itself is measured by ``python benchmarks/run.py`` (see BENCHMARKS.md), never here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
HEAVY = {"pandas", "pandera", "openpyxl"}

pytestmark = pytest.mark.skipif(not (BENCH / "run.py").exists(), reason="benchmarks/ not in this tree")


def _imported_top_level(args: list[str], tmp_path: Path) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "scorecard", *args], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:"):
            names.add(line.rsplit("|", 1)[-1].strip().split(".")[0])
    assert "scorecard" in names  # the importtime output was really parsed
    return names


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_do_not_import_heavy_libraries(flag: str, tmp_path: Path) -> None:
    assert _imported_top_level([flag], tmp_path) & HEAVY == set()


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_sys_modules(flag: str, tmp_path: Path) -> None:
    code = ("import sys\nfrom scorecard.cli import cli\n"
            "try:\n    cli.main([%r], standalone_mode=True)\nexcept SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & %r))" % (flag, HEAVY))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_generator_writes_valid_workbooks(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    assert generate.national_sizes(1.0) == (514, 10, 20_000)
    assert generate.national_sizes(0.5) == (257, 10, 10_000)
    assert generate.national_sizes(2.0) == (514, 20, 40_000)
    wb = generate.national(tmp_path / "nat.xlsx", regions=4, years=3, awards=30)
    proc = subprocess.run([sys.executable, "-m", "scorecard", "score", str(wb), "--format", "json", "--lang", "en"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert len(result["regions"]) == 4
    assert result["year"] == generate.LAST_YEAR

    vwb, rubric, registry = generate.village(tmp_path / "vil.xlsx", units=60, indicators=8)
    assert len(registry.read_text(encoding="utf-8").splitlines()) == 61  # header + one row per unit
    proc = subprocess.run([sys.executable, str(BENCH / "workers.py"), "score-library", str(vwb), str(rubric),
                           str(registry), str(tmp_path / "v.json")], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1])["regions"] == 60
    assert len(json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["regions"]) == 60


def test_bench_script_prints_one_table(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--size", "tiny", "--repeat", "1", "--quiet",
                           "--only", "imports,panel,load,score,village", "--no-coinr", "--data-dir", str(tmp_path / "data"),
                           "--json", str(tmp_path / "rows.json")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = [line for line in proc.stdout.splitlines() if line.startswith("|")]
    assert table[0].startswith("| measurement |")
    names = [line.split("|")[1].strip() for line in table[2:]]
    assert any(n.startswith("load:") for n in names)
    assert any("village" in n for n in names) and any("--units" in n for n in names)
    assert any(n.startswith("514 x 60 panel, csv") for n in names)
    rows = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))["rows"]
    assert all(r["seconds"] is None or r["seconds"] > 0 for r in rows)


def test_coinr_agreement_reports_the_largest_difference(tmp_path: Path) -> None:
    """The side-by-side row says how far COINr's scores are from scorecard's: worked by hand, the
    largest of |index|, |dimension| and |indicator| differences over every region."""
    sys.path.insert(0, str(BENCH))
    try:
        import run
    finally:
        sys.path.remove(str(BENCH))
    ours = {"regions": [
        {"code": "11.01", "score": 50.0, "dimensions": {"d1": {"score": 40.0}},
         "indicators": {"i01": {"score": 10.0}, "i02": {"score": 70.0}}},
        {"code": "11.02", "score": 60.0, "dimensions": {"d1": {"score": 45.0}},
         "indicators": {"i01": {"score": 20.0}, "i02": {"score": 80.0}}}]}
    theirs = [{"uCode": "11.01", "Index": 50.0 + 2e-13, "d1": 40.0, "v01": 10.0, "v02": 70.0},
              {"uCode": "11.02", "Index": 60.0, "d1": 45.0, "v01": 20.0 - 5e-12, "v02": 80.0}]
    (tmp_path / "s.json").write_text(json.dumps(ours), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps(theirs), encoding="utf-8")
    said = run.coinr_agreement(tmp_path / "s.json", tmp_path / "c.json")
    assert said.startswith("scores equal COINr's to 5.0e-12 ") and "2/2 regions" in said
    (tmp_path / "c.json").write_text(json.dumps(theirs[:1]), encoding="utf-8")
    assert run.coinr_agreement(tmp_path / "s.json", tmp_path / "c.json") == "COINr's output lacks region 11.02"
