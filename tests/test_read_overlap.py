"""The workbook read that runs in a background thread while ``load_inputs`` does its other work
(scorecard.io.workbook.start_read): the same workbook, the same refusals and messages, the limits
pre-scan still before python-calamine opens the file, Ctrl-C and internal errors as before."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from scorecard import limits, resources
from scorecard.cli import cli
from scorecard.io import workbook
from scorecard.issues import InputError

SAMPLE = resources.indicators_dir() / "contoh_smart_city.xlsx"
VILLAGES = resources.indicators_dir() / "contoh_desa.xlsx"
UNITS = resources.indicators_dir() / "contoh_desa_units.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def issues(exc: InputError) -> list[tuple]:
    return [(i.code, i.file, i.sheet, i.row, i.column, tuple(sorted((k, str(v)) for k, v in i.params.items())))
            for i in exc.report]


def rewrite(src: Path, dst: Path, **parts: bytes) -> Path:
    """A copy of ``src`` with some zip members replaced (``sheet1=...`` for xl/worksheets/sheet1.xml)."""
    names = {f"xl/worksheets/{k}.xml" if k.startswith("sheet") else k: v for k, v in parts.items()}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, names.get(info.filename, zin.read(info.filename)))
    return dst


def test_background_read_gives_what_read_workbook_gives():
    for path in (SAMPLE, VILLAGES):
        plain = workbook.read_workbook(path)
        pending = workbook.start_read(path)
        assert pending._thread is not None  # an .xlsx is read in the thread
        assert pending.result() == plain
        assert [s.percent for s in pending.result().sheets] == [s.percent for s in plain.sheets]


def test_csv_is_read_when_asked_with_the_limits_then_in_force(tmp_path, monkeypatch):
    csv = tmp_path / "data.csv"
    csv.write_text("kode,nama\n" + "".join(f"35.{i:02d},X\n" for i in range(1, 30)), encoding="utf-8")
    pending = workbook.start_read(csv)
    assert pending._thread is None
    monkeypatch.setenv("SCORECARD_MAX_CELLS", "10")
    with pytest.raises(InputError) as exc:
        pending.result(limits.current())
    assert exc.value.report.errors[0].code == "limit-cells"


def test_an_error_in_the_background_is_raised_as_read_workbook_raises_it(tmp_path):
    broken = rewrite(SAMPLE, tmp_path / "rusak.xlsx", sheet1=b'<worksheet><sheetData><row r="1"><c r="A1"><v>1')
    with pytest.raises(InputError) as plain:
        workbook.read_workbook(broken)
    with pytest.raises(InputError) as background:
        workbook.start_read(broken).result()
    assert issues(background.value) == issues(plain.value)
    assert plain.value.report.errors[0].code == "workbook-unreadable"
    res = run("score", broken, "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "rusak.xlsx" in res.stderr


def test_missing_workbook_as_before(tmp_path):
    res = run("score", tmp_path / "tidak_ada.xlsx", "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    with pytest.raises(InputError) as plain:
        workbook.read_workbook(tmp_path / "tidak_ada.xlsx")
    with pytest.raises(InputError) as background:
        workbook.start_read(tmp_path / "tidak_ada.xlsx").result(limits.current(raised={"cells": 10**7}))
    assert issues(background.value) == issues(plain.value)


@pytest.fixture
def no_calamine(monkeypatch):
    """Record every python-calamine open; the pre-scan must refuse before one happens."""
    import python_calamine

    opened: list[str] = []
    real = python_calamine.CalamineWorkbook

    class Spy:
        @staticmethod
        def from_path(path, *a, **k):
            opened.append(str(path))
            return real.from_path(path, *a, **k)

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Spy)
    return opened


def test_a_workbook_beyond_the_limits_is_refused_before_python_calamine_opens_it(monkeypatch, no_calamine):
    monkeypatch.setenv("SCORECARD_MAX_ROWS", "5")
    with pytest.raises(InputError) as exc:
        workbook.start_read(SAMPLE).result()
    assert exc.value.report.errors[0].code == "limit-rows"
    assert no_calamine == []
    res = run("score", SAMPLE, "--lang", "en")
    assert res.exit_code == 1 and "SCORECARD_MAX_ROWS" in res.stderr and "Traceback" not in res.output
    assert no_calamine == []
    monkeypatch.delenv("SCORECARD_MAX_ROWS")
    workbook.start_read(SAMPLE).result()
    assert no_calamine == [str(SAMPLE)]  # the spy does see an open


def test_a_dense_used_range_is_refused_before_python_calamine_opens_it(tmp_path, no_calamine):
    xml = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
           b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>')
    bomb = rewrite(SAMPLE, tmp_path / "luas.xlsx", sheet1=xml)
    with pytest.raises(InputError) as exc:
        workbook.start_read(bomb).result()
    assert exc.value.report.errors[0].code == "limit-area"
    assert no_calamine == []


def test_scanned_with_higher_limits_refused_in_the_words_of_the_lower_ones(monkeypatch):
    """A unit list raises the limits only once read: the pre-scan runs with an upper bound, and the
    limits the unit list really sets are checked afterwards, refusing exactly as read_workbook."""
    monkeypatch.setenv("SCORECARD_MAX_CELLS", "60")
    low = limits.current()
    with pytest.raises(InputError) as plain:
        workbook.read_workbook(SAMPLE)
    monkeypatch.delenv("SCORECARD_MAX_CELLS")
    high = limits.current()
    assert high.cells > low.cells
    with pytest.raises(InputError) as background:
        workbook.start_read(SAMPLE, high).result(low)
    assert issues(background.value) == issues(plain.value)
    # limits lower than needed at the start, enough at the end: the workbook is read
    assert workbook.start_read(SAMPLE, low).result(high) == workbook.read_workbook(SAMPLE)


@pytest.mark.parametrize("key", ["rows", "cells", "area", "uncompressed_bytes", "part_bytes", "file_bytes"])
def test_scan_peaks_decide_as_the_scan_itself(key):
    """Scan.admitted_by(lim) (a scan made with higher limits) agrees with check_workbook(lim): it
    passes with each peak as the limit and is refused one below it."""
    for path in (SAMPLE, VILLAGES):
        scan = limits.check_workbook(path, str(path), limits.current())
        assert scan.complete
        peak = scan.need[key]
        assert peak > 0
        for value, admitted in ((peak, True), (peak - 1, False)):
            lim = _limits_with(key, value)
            assert scan.admitted_by(lim) is admitted, (path.name, key, value)
            if admitted:
                limits.check_workbook(path, str(path), lim)
            else:
                with pytest.raises(InputError):
                    limits.check_workbook(path, str(path), lim)


def _limits_with(key: str, value: int) -> SimpleNamespace:
    """The limits in force with one of them exactly ``value`` (bytes, rows, cells or area)."""
    base = limits.current()
    lim = SimpleNamespace(**{k: getattr(base, k) for k in (
        "file_mb", "uncompressed_mb", "rows", "cells", "part_mb", "file_bytes", "uncompressed_bytes", "part_bytes",
        "area")})
    setattr(lim, key, value)
    return lim


def test_a_unit_list_error_and_a_workbook_error_are_said_together_unit_list_first(tmp_path):
    """Every problem at once: a broken unit list and an unreadable workbook in one answer, the
    unit list's first (the workbook's rows cannot be matched without it)."""
    broken = rewrite(VILLAGES, tmp_path / "rusak.xlsx", sheet1=b"<worksheet><sheetData><row")
    units = tmp_path / "u.csv"
    units.write_text("kode,nama\n33.08.1.2001,Desa A\n", encoding="utf-8")
    res = run("score", broken, "--rubric", "indeks_desa_contoh", "--units", units, "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "u.csv" in res.stderr and "rusak.xlsx" in res.stderr
    assert res.stderr.index("u.csv") < res.stderr.index("rusak.xlsx")


def test_a_broken_unit_list_with_a_readable_village_workbook_says_only_the_list(tmp_path):
    """The workbook is judged by the limits its read started with: a broken unit list does not
    make a readable village workbook 'too large' for the default limits."""
    shutil.copy(VILLAGES, tmp_path / "desa.xlsx")
    units = tmp_path / "u.csv"
    units.write_text("kode,nama\n33.08.1.2001,Desa A\n", encoding="utf-8")
    res = run("score", tmp_path / "desa.xlsx", "--rubric", "indeks_desa_contoh", "--units", units, "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "u.csv" in res.stderr and "desa.xlsx" not in res.stderr


def test_village_workbook_with_unit_list_scores_as_before(tmp_path):
    shutil.copy(VILLAGES, tmp_path / "desa.xlsx")
    res = run("score", tmp_path / "desa.xlsx", "--rubric", "indeks_desa_contoh", "--units", UNITS, "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout.count("\n") == 25


def test_ctrl_c_while_the_workbook_is_read_gives_the_interrupt_summary(monkeypatch):
    import scorecard.commands.common as common

    started: list = []
    real_start = workbook.start_read

    def start(*a, **k):
        started.append(real_start(*a, **k))
        return started[-1]

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(workbook, "start_read", start)
    monkeypatch.setattr(common, "_unit_registry", interrupted)
    res = run("score", SAMPLE, "--lang", "en")
    assert res.exit_code == 130 and "Traceback" not in res.output
    assert "nterrupted" in res.stderr
    assert started and started[0].cancelled.is_set()  # the reader is told to stop


def test_an_internal_error_in_the_background_is_exit_3_in_one_line(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("kaboom in the reader")

    monkeypatch.setattr(limits, "check_workbook", boom)  # outside the reader's own error handling
    res = run("score", SAMPLE)
    assert res.exit_code == 3
    assert "Traceback" not in res.output
    assert "kaboom in the reader" in res.stderr and "--debug" in res.stderr
    res = run("score", SAMPLE, "--debug")
    assert res.exit_code == 3 and "Traceback" in res.stderr


def test_the_read_begins_before_the_rubric_is_parsed_unless_it_may_name_a_unit_list(tmp_path):
    from scorecard.commands.common import _may_name_units

    plain = tmp_path / "r.yaml"
    plain.write_text(resources.default_rubric().read_text(encoding="utf-8"), encoding="utf-8")
    assert not _may_name_units(str(plain))
    (tmp_path / "v.yaml").write_text("id: x\nunits: desa.csv\n", encoding="utf-8")
    assert _may_name_units(str(tmp_path / "v.yaml"))
    assert _may_name_units("indeks_desa_contoh")  # a shipped id: parsed first
    assert not _may_name_units(str(tmp_path / "missing.yaml"))  # reported when the rubric is loaded
    res = run("score", SAMPLE, "--rubric", plain, "--format", "csv")
    assert res.exit_code == 0, res.output


def test_read_workbook_parses_sheets_in_two_threads_with_the_same_outcome(tmp_path):
    """read_workbook (a caller with nothing else to do) parses the sheets in two threads, the
    largest first: the same sheets in the workbook's order, and the same problem as in order."""
    sequential = workbook._read(SAMPLE, limits.current())
    assert len(sequential.sheets) > 2 and len(sequential.scan.sizes) > 2
    assert workbook.read_workbook(SAMPLE) == sequential
    assert [s.name for s in workbook.read_workbook(SAMPLE).sheets] == [s.name for s in sequential.sheets]
    broken = rewrite(SAMPLE, tmp_path / "dua_rusak.xlsx", sheet2=b'<worksheet><sheetData><row r="1"><c r="A1"><v>1',
                     sheet4=b"<worksheet><sheetData><row")
    with pytest.raises(InputError) as plain:
        workbook._read(broken, limits.current())
    for _ in range(5):  # whichever thread finishes first
        with pytest.raises(InputError) as parallel:
            workbook.read_workbook(broken)
        assert issues(parallel.value) == issues(plain.value)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_rubric_that_is_a_named_pipe_is_refused_not_waited_for(tmp_path):
    """QA: `--rubric r.yaml` naming a FIFO hung forever — the peek for a `units:` key opened it
    (opening a pipe waits for a writer) before the rubric loader's regular-file check. The peek now
    opens only regular files; the loader refuses the pipe in its own words (exit 1)."""
    import os
    import subprocess
    import sys

    from scorecard.commands.common import _may_name_units

    fifo = tmp_path / "r.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "z.yaml"
    zero.symlink_to("/dev/zero")  # a device behind a rubric-looking name: never read either
    assert not _may_name_units(str(zero))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent), "SCORECARD_CACHE_DIR": "off"}
    for lang, words in ((None, "r.yaml: ini bukan file biasa (perangkat, pipa"),
                        ("en", "r.yaml: this is not a regular file")):
        args = [sys.executable, "-m", "scorecard", "score", str(SAMPLE), "--rubric", "r.yaml", "-o", "rf.json"]
        proc = subprocess.run(args + (["--lang", lang] if lang else []), capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "rf.json").exists()
    assert not _may_name_units(str(fifo))  # returns at once: the pipe is never opened


def test_the_readers_rows_are_made_with_the_collector_paused(monkeypatch):
    """python-calamine's rows (one list per row, no cycles) are made with the cyclic garbage
    collector paused; in scorecard's own process they are then frozen (no later collection walks
    them), in a library caller's process nothing is frozen; the collector is on again either way."""
    import gc

    from scorecard import startup
    from scorecard.io.workbook import read_workbook
    from scorecard.resources import sample_workbook

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    seen: list[bool] = []
    real_disable = gc.disable

    def disable() -> None:
        seen.append(True)
        real_disable()

    monkeypatch.setattr(gc, "disable", disable)
    wb = read_workbook(sample_workbook())
    assert seen and gc.isenabled() and gc.get_freeze_count() == frozen  # a library caller: nothing frozen
    monkeypatch.setattr(startup, "_own", True)
    try:
        wb = read_workbook(sample_workbook())
        rows = sum(len(s.rows) for s in wb.sheets)
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + rows
    finally:
        gc.unfreeze()
        monkeypatch.setattr(startup, "_own", False)
    gc.disable()  # paused by someone else (startup, around pandas' import): left paused
    try:
        read_workbook(sample_workbook())
        assert not gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.enable()
