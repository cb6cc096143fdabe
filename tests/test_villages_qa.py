"""Villages after the QA attack (issue 17 part 3): the sample handed out by ``demo --desa``, the
commands of docs/units.md run as written from a fresh folder, ``init`` with a unit list, the rubric's
``units:`` key located when its file is missing, ``--units`` on ``brief``, unit-list validation,
village labels and messages."""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli

ROOT = Path(__file__).resolve().parent.parent
UNITS = resources.indicators_dir() / "contoh_desa_units.csv"
SAMPLE = resources.indicators_dir() / "contoh_desa.xlsx"


def run(*args, lang: str = "id"):
    return CliRunner().invoke(cli, ["--lang", lang, *[str(a) for a in args]])


def scorecard(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scorecard", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_docs_units_sample_commands_work_as_written_from_an_empty_folder(tmp_path):
    """docs/units.md's first bash block: `demo --desa -o DIR`, `cd DIR`, then the commands, each
    run as a subprocess from a folder that is not the checkout (as after `pip install .`)."""
    text = (ROOT / "docs" / "units.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    cwd = tmp_path
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands[0].startswith("scorecard demo --desa")
    for line in commands:
        argv = shlex.split(line)
        if argv[0] == "cd":
            cwd = cwd / argv[1]
            continue
        assert argv[0] == "scorecard"
        done = scorecard(argv[1:], cwd)
        assert done.returncode == 0, (line, done.stderr[-2000:])
    assert {"contoh_desa.xlsx", "contoh_desa_units.csv", "indeks_desa_contoh.yaml", "skor.json",
            "desa_cibodas.html"} <= {p.name for p in cwd.iterdir()}
    assert "units: contoh_desa_units.csv" in (cwd / "indeks_desa_contoh.yaml").read_text(encoding="utf-8")


def test_init_with_the_village_rubric_writes_a_working_folder(tmp_path):
    out = tmp_path / "desa"
    res = run("init", "--rubric", "indeks_desa_contoh", out)
    assert res.exit_code == 0, res.output
    assert (out / "contoh_desa_units.csv").read_bytes() == UNITS.read_bytes()
    assert "\nunits: contoh_desa_units.csv\n" in (out / "rubrik_indeks_desa_contoh.yaml").read_text(encoding="utf-8")
    assert "24 wilayah" in res.output  # one row per unit of the list, not 0
    from openpyxl import load_workbook

    ws = load_workbook(out / "template_indeks_desa_contoh.xlsx", read_only=True)["wilayah"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Desa Cibodas" in cells and "33.08.03.2006" in cells
    # the template's rubric copy finds its unit list: validate fails only on the empty values
    res = run("validate", out / "template_indeks_desa_contoh.xlsx")
    assert "tidak ditemukan" not in res.output and "tidak ada yang dapat dinilai" in res.output, res.output


@pytest.mark.parametrize("lang, words", [("id", ["kunci units", "baris teks", "'nope/x.csv'", "--units FILE"]),
                                         ("en", ["key units", "line", "'nope/x.csv'", "--units FILE"])])
def test_missing_units_file_is_reported_at_the_rubric_key(tmp_path, lang, words):
    rubric = tmp_path / "r.yaml"
    text = (resources.rubrics_dir() / "indeks_desa_contoh.yaml").read_text(encoding="utf-8")
    rubric.write_text(re.sub(r"(?m)^units:.*$", "units: nope/x.csv", text), encoding="utf-8")
    line = 1 + text.split("\nunits:")[0].count("\n") + 1
    res = run("score", SAMPLE, "--rubric", rubric, lang=lang)
    assert res.exit_code == 1, res.output
    assert f"{rubric}" in res.output and str(line) in res.output
    for w in words:
        assert w in res.output, (w, res.output)
    assert "Traceback" not in res.output


def test_brief_accepts_units(tmp_path):
    out = tmp_path / "t.html"
    res = run("brief", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "Desa Cibodas",
              "-o", out)
    assert res.exit_code == 0, res.output
    assert "Desa Cibodas" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, said", [("id", "FIFO (pipa bernama)"), ("en", "FIFO (named pipe)")])
def test_a_fifo_as_unit_list_is_called_a_fifo(tmp_path, lang, said):
    fifo = tmp_path / "u.csv"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", fifo, lang=lang)
    assert res.exit_code == 1 and said in res.output, res.output
    assert "folder" not in res.output
