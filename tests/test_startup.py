"""Start-up of a scorecard process (issue 17, the import floor): properties, never timings.

* A data command run as scorecard's own process (``python -m scorecard``, the console script)
  imports pandas with the garbage collector paused, then freezes what start-up created and resumes
  the collector (``scorecard.startup``, called by ``load_inputs``).
* ``cli.main()`` called in-process (click's CliRunner, a host program) leaves the collector alone.
* ``--help`` of a data command still imports no pandas.

Speed itself is measured by ``python benchmarks/run.py --only imports`` (BENCHMARKS.md).
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from scorecard import cli as cli_module
from scorecard import startup
from scorecard.resources import sample_workbook

ROOT = Path(__file__).resolve().parent.parent

# runs `scorecard ARGS` through the console-script entry point (scorecard.cli.main) and reports, as
# JSON on the last stdout line, every garbage collection that started while pandas was being imported
_DRIVER = r"""
import gc, json, sys
during_import = []
def watch(phase, info):
    mod = sys.modules.get("pandas")
    if phase == "start" and mod is not None and getattr(getattr(mod, "__spec__", None), "_initializing", False):
        during_import.append(info["generation"])
gc.callbacks.append(watch)
sys.argv = ["scorecard", *json.loads(sys.argv[1])]
from scorecard.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "during_import": during_import, "frozen": gc.get_freeze_count(),
                  "enabled": gc.isenabled(), "pandas": "pandas" in sys.modules}))
"""


def _run(args: list[str], tmp_path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", _DRIVER, json.dumps(args)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300, env=_env())
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def test_score_process_imports_pandas_with_the_collector_paused(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    got = _run(["score", str(sample_workbook()), "--format", "json", "-o", str(out), "--lang", "en"], tmp_path)
    assert got["code"] == 0
    assert got["pandas"]
    assert got["during_import"] == []  # no collection while pandas was being imported
    assert got["frozen"] > 10_000  # start-up's objects moved out of the collector's generations
    assert got["enabled"]  # and the collector back on for the command's own work
    assert len(json.loads(out.read_text(encoding="utf-8"))["regions"]) > 0


def test_missing_workbook_still_exits_1_with_the_collector_restored(tmp_path: Path) -> None:
    got = _run(["validate", str(tmp_path / "missing.xlsx"), "--lang", "en"], tmp_path)
    assert got["code"] == 1
    assert got["during_import"] == [] and got["enabled"]


def test_help_of_a_data_command_imports_no_pandas(tmp_path: Path) -> None:
    got = _run(["score", "--help"], tmp_path)
    assert got["code"] == 0
    assert not got["pandas"] and got["frozen"] == 0


def test_a_command_without_pandas_is_not_given_it(tmp_path: Path) -> None:
    got = _run(["rubrics"], tmp_path)
    assert got["code"] == 0
    assert not got["pandas"] and got["frozen"] == 0


def test_in_process_cli_leaves_the_host_collector_alone(tmp_path: Path) -> None:
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    result = CliRunner().invoke(cli_module.cli, ["score", str(sample_workbook()), "--format", "json",
                                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert not startup.is_own_process()
    assert gc.get_freeze_count() == frozen and gc.isenabled() == enabled


def test_import_core_outside_scorecards_process_does_nothing() -> None:
    frozen = gc.get_freeze_count()
    startup.import_core(("scorecard.startup_absent_module_never_imported",))  # not own process: no import
    assert gc.get_freeze_count() == frozen
