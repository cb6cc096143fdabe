"""Deterministic: the same inputs give byte-identical outputs (JSON, CSV, HTML, and the Excel
files too), so planners can diff two runs. Timestamps appear only through SOURCE_DATE_EPOCH."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.commands import ARGS, workspace
from scorecard.cli import COMMANDS, cli


def outputs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run_twice(name: str, tmp_path: Path) -> list[tuple[str, str, dict[str, bytes]]]:
    ws = workspace(tmp_path)
    runs = []
    for i in (1, 2):
        out = tmp_path / f"run{i}"
        out.mkdir()
        res = CliRunner().invoke(cli, ARGS[name](ws, out))
        assert res.exit_code == 0, res.output
        runs.append((res.stdout.replace(str(out), "OUT"), res.stderr.replace(str(out), "OUT"), outputs(out)))
    return runs


@pytest.mark.parametrize("epoch", [None, "1767225600"], ids=["no-epoch", "SOURCE_DATE_EPOCH"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_two_runs_are_byte_identical(name, epoch, tmp_path, monkeypatch):
    if name not in ARGS:
        pytest.skip(f"no argument table entry for '{name}' (tests/corpus/commands.py)")
    monkeypatch.chdir(tmp_path)
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)  # 2026-01-01
    (out1, err1, files1), (out2, err2, files2) = run_twice(name, tmp_path)
    assert out1 == out2
    assert err1 == err2
    assert files1.keys() == files2.keys()
    differ = [f for f in files1 if files1[f] != files2[f]]
    assert not differ, f"outputs differ between two runs: {differ}"


def test_score_formats_identical_across_processes(tmp_path):
    """Two separate processes (fresh hash seeds) give the same bytes for every format."""
    import os
    import subprocess
    import sys

    ws = workspace(tmp_path)
    for fmt in ("json", "csv", "table"):
        got = []
        for seed in ("1", "2"):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            res = subprocess.run([sys.executable, "-m", "scorecard", "score", str(ws.workbook), "--format", fmt],
                                 capture_output=True, env=env, timeout=120)
            assert res.returncode == 0, res.stderr
            got.append(res.stdout)
        assert got[0] == got[1], fmt


def test_row_order_in_workbook_does_not_change_json(tmp_path):
    """Shuffling the rows of the region sheet gives the same JSON bytes (ties broken by code)."""
    import openpyxl

    ws = workspace(tmp_path)
    book = openpyxl.load_workbook(ws.workbook)
    sheet = book["wilayah"]
    all_rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(all_rows) if "Wilayah" in r)  # 0-based
    data = [i for i in range(header + 1, len(all_rows)) if isinstance(all_rows[i][0], int)]  # "No." 1, 2, …
    for target, source in zip(data, reversed(data)):
        for j, v in enumerate(all_rows[source]):
            sheet.cell(target + 1, j + 1).value = v
    book.save(tmp_path / "terbalik.xlsx")
    a = CliRunner().invoke(cli, ["score", str(ws.workbook), "--format", "json"])
    b = CliRunner().invoke(cli, ["score", str(tmp_path / "terbalik.xlsx"), "--format", "json"])
    assert a.exit_code == b.exit_code == 0, a.output + b.output
    assert a.stdout == b.stdout


EXCEL_WRITERS = {
    "init": lambda ws, out: ARGS["init"](ws, out),
    "init --rehearsal": lambda ws, out: ["init", str(out / "gladi"), "--rehearsal", "--regions", "Kota Balikpapan"],
    "report": lambda ws, out: ARGS["report"](ws, out),
    "rehearse": lambda ws, out: ["rehearse", str(ws.assessment), "--stage", "1", "-o", str(out / "daftar.xlsx")],
}


@pytest.mark.parametrize("name", sorted(EXCEL_WRITERS))
def test_excel_outputs_carry_no_wall_clock_time(name, tmp_path, monkeypatch):
    """Two runs a second apart could still match by luck: look at the timestamps inside each .xlsx
    instead. With SOURCE_DATE_EPOCH they are that date; without it, never today's date."""
    import datetime as dt
    import re
    import zipfile

    if name.split()[0] not in COMMANDS:
        pytest.skip(f"command '{name}' does not exist yet")
    monkeypatch.chdir(tmp_path)
    ws = workspace(tmp_path)
    today = dt.datetime.now(dt.timezone.utc).date()
    for epoch in ("1767225600", None):
        if epoch:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        else:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        out = tmp_path / f"out-{epoch}"
        out.mkdir()
        res = CliRunner().invoke(cli, EXCEL_WRITERS[name](ws, out))
        assert res.exit_code == 0, res.output
        books = sorted(out.rglob("*.xlsx"))
        assert books
        for book in books:
            with zipfile.ZipFile(book) as z:
                stamps = {i.date_time[:3] for i in z.infolist()}
                core = z.read("docProps/core.xml").decode() if "docProps/core.xml" in z.namelist() else ""
            dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", core))
            if epoch:
                assert stamps == {(2026, 1, 1)}, (book.name, stamps)
                assert dates <= {"2026-01-01"}, (book.name, dates)
            else:
                assert (today.year, today.month, today.day) not in stamps, (book.name, stamps)
                assert today.isoformat() not in dates, (book.name, dates)
