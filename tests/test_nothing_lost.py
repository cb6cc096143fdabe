"""Nothing lost: no command modifies an input; outputs are written atomically; an output is never
an input; an existing output is replaced only under the documented rule (docs/reliability.md)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.commands import ARGS, OUTPUT_OPTION, workspace
from scorecard import resources
from scorecard.cli import COMMANDS, cli


def tree_hashes(*roots: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime (ns) of every file under ``roots``."""
    out = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            out[str(f)] = (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns)
    return out


def shipped() -> list[Path]:
    return [p for p in (resources.rubrics_dir(), resources.indicators_dir(), resources.data_dir(),
                        resources.reports_dir()) if p.exists()]


def invoke(args: list[str]):
    return CliRunner().invoke(cli, args)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_command_modifies_an_input(name, tmp_path, monkeypatch):
    if name not in ARGS:
        pytest.skip(f"no argument table entry for '{name}' (tests/corpus/commands.py)")
    monkeypatch.chdir(tmp_path)
    ws = workspace(tmp_path)
    out = tmp_path / "keluaran"
    out.mkdir()
    before = tree_hashes(ws.root / "masukan", *shipped())
    res = invoke(ARGS[name](ws, out))
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert tree_hashes(ws.root / "masukan", *shipped()) == before
    # and no stray temporary file anywhere
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_score_as_subprocess_leaves_input_untouched(tmp_path):
    ws = workspace(tmp_path)
    before = tree_hashes(ws.root / "masukan")
    res = subprocess.run([sys.executable, "-m", "scorecard", "score", str(ws.workbook), "--format", "csv",
                          "-o", str(tmp_path / "skor.csv")], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert tree_hashes(ws.root / "masukan") == before


@pytest.mark.parametrize("name", sorted(OUTPUT_OPTION))
@pytest.mark.parametrize("which", ["workbook", "rubric", "symlink", "hardlink"])
def test_output_equal_to_input_is_refused(name, which, tmp_path):
    if name not in COMMANDS:
        pytest.skip(f"command '{name}' does not exist yet")
    ws = workspace(tmp_path)
    src = ws.assessment if name == "rehearse" else ws.workbook
    if which == "rubric":
        if name == "rehearse":
            pytest.skip("rehearse reads the instrument, not a rubric file given here")
        target = ws.rubric
    elif which == "symlink":
        target = tmp_path / "tautan.xlsx"
        target.symlink_to(src)
    elif which == "hardlink":
        target = tmp_path / "kembar.xlsx"
        os.link(src, target)
    else:
        target = src
    before = tree_hashes(ws.root / "masukan")
    for extra in ([], ["--force"] if name == "score" else []):
        res = invoke(OUTPUT_OPTION[name](ws, target) + extra + ["--lang", "en"])
        assert res.exit_code in (1, 2), res.output
        assert "Traceback" not in res.output
        assert target.name in res.stderr or res.exit_code == 2  # exit 2: e.g. report refuses a .yaml suffix
        assert tree_hashes(ws.root / "masukan") == before


def test_atomic_write_interrupted_rename_keeps_old_file(tmp_path, monkeypatch):
    """``os.replace`` fails (disk full, power cut, antivirus lock): the old output stays whole and
    no temporary file is left behind."""
    ws = workspace(tmp_path)
    out = tmp_path / "skor.json"
    res = invoke(["score", str(ws.workbook), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0
    old = out.read_bytes()  # scorecard's own output: the overwrite rule lets a re-run replace it

    def broken_replace(src, dst, *a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken_replace)
    res = invoke(["score", str(ws.workbook), "--format", "csv", "-o", str(out)])
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert out.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["masukan", "skor.json"]


@pytest.mark.parametrize("exc", [OSError(5, "I/O error"), KeyboardInterrupt()])
def test_atomic_write_interrupted_while_writing(tmp_path, monkeypatch, exc):
    from scorecard.io import output

    target = tmp_path / "hasil.csv"
    target.write_bytes(b"versi lama\n")

    def broken_fsync(fd):
        raise exc
    monkeypatch.setattr(os, "fsync", broken_fsync)
    from scorecard.issues import InputError

    # an OSError is the user's environment (exit 1 naming the file); Ctrl-C goes on up (exit 130)
    with pytest.raises(InputError if isinstance(exc, OSError) else type(exc)):
        output.atomic_write_bytes(target, b"versi baru\n" * 1000)
    assert target.read_bytes() == b"versi lama\n"
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.csv"]


def test_atomic_write_replaces_whole_file(tmp_path):
    from scorecard.io import output

    target = tmp_path / "a" / "hasil.txt"
    output.atomic_write_text(target, "x" * 100_000)
    output.atomic_write_text(target, "baru")
    assert target.read_text() == "baru"
    assert [p.name for p in target.parent.iterdir()] == ["hasil.txt"]


# --- the overwrite rule for `score -o` ------------------------------------------------------------
def test_score_refuses_to_overwrite_a_foreign_file(tmp_path):
    ws = workspace(tmp_path)
    notes = tmp_path / "catatan.txt"
    notes.write_text("catatan rapat Bappeda, jangan dihapus\n", encoding="utf-8")
    res = invoke(["score", str(ws.workbook), "-o", str(notes)])
    assert res.exit_code == 1
    assert "catatan.txt" in res.stderr and "--force" in res.stderr
    assert notes.read_text(encoding="utf-8") == "catatan rapat Bappeda, jangan dihapus\n"
    res = invoke(["score", str(ws.workbook), "-o", str(notes), "--force"])
    assert res.exit_code == 0
    assert notes.read_text(encoding="utf-8").startswith("Benchmark")


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_score_replaces_its_own_earlier_output(tmp_path, fmt):
    ws = workspace(tmp_path)
    out = tmp_path / f"skor.{fmt}"
    for lang in ("id", "en", "id"):  # a re-run, also in the other language, replaces the file
        res = invoke(["score", str(ws.workbook), "--format", fmt, "-o", str(out), "--lang", lang])
        assert res.exit_code == 0, res.output
    if fmt == "json":
        assert json.loads(out.read_text(encoding="utf-8"))["regions"]


def test_new_output_file_needs_no_force(tmp_path):
    ws = workspace(tmp_path)
    res = invoke(["score", str(ws.workbook), "--format", "json", "-o", str(tmp_path / "baru" / "skor.json")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "baru" / "skor.json").is_file()
