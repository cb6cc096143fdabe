"""Benchmark scorecard against the tools planners would use instead; print ONE markdown table.

Every figure is a whole process (start to exit, wall clock) started from here; peak memory is the
child's ``ru_maxrss`` as reported by the kernel (``os.wait4``). Each comparison runs its two sides
alternately (A, B, A, B, ...) in the same run and reports the best of ``--repeat`` runs of each
side and the ratio of those bests, so machine noise hits both sides alike. Stage timings (from
inside the worker process) only say where the time goes.

Usage (from the checkout, after ``pip install -e ".[bench]"``)::

    python benchmarks/run.py                    # full: national 514 x 10 years, village 84,000 units
    python benchmarks/run.py --size small       # a quick look (51 regions, 2,000 units)
    python benchmarks/run.py --size tiny --repeat 1   # what the smoke test runs
    python benchmarks/run.py --only load,score  # a subset of rows (names: see --help)
    python benchmarks/run.py --src /tmp/old     # measure another source tree (before/after)

Workbooks are generated once into ``benchmarks/data/`` (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as _dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

# size -> (national scale of n, village units at n)
SIZES = {"tiny": (0.01, 200), "small": (0.1, 2_000), "full": (1.0, generate.VILLAGE_UNITS)}
# cheapest first, so an interrupted full run still has the national rows
ROWS = ("imports", "panel", "load", "score", "village", "scaling", "uncertainty", "recommend", "report")
DEFAULT_ROWS = ("imports", "panel", "load", "score", "village", "scaling")  # issue 17's table
# COINr 1.1.14 (R) on the same 514 x 60 panel, whole process, measured side by side in the EARLIER
# session that filed issue 17 (same machine). R/COINr is not installed here and CRAN is not
# reachable, so these are not re-run: a ratio against them is against an earlier measurement.
COINR_EARLIER = {"xlsx": (0.96, 124.0), "csv": (0.92, None)}
HEAVY = ("pandas", "pandera", "openpyxl")


@dataclass
class Run:
    seconds: float
    rss_mb: float
    rc: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system CPU seconds of the process and the children it waited for

    @property
    def info(self) -> dict:
        for line in reversed(self.stdout.strip().splitlines()):
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    return {}
        return {}


@dataclass
class Row:
    name: str
    size: str
    seconds: float | None = None
    rss_mb: float | None = None
    other: str = ""
    other_seconds: float | None = None
    ratio: float | None = None
    target: str = ""
    met: str = ""
    where: str = ""
    extra: dict = field(default_factory=dict)


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.repeat = args.repeat
        self.env = dict(os.environ)
        if args.src:
            self.env["PYTHONPATH"] = os.pathsep.join([str(Path(args.src).resolve()), self.env.get("PYTHONPATH", "")])
        self.env.setdefault("SCORECARD_LANG", "en")
        # Bytecode as an installed package has it: `pip install` compiles every module to .pyc, so a
        # user's process never compiles scorecard from source. A checkout measured through --src (or an
        # environment with PYTHONDONTWRITEBYTECODE=1, as this project's sessions run) would otherwise
        # compile ~70 modules in every process (~0.25 s each time). The cache goes to a private
        # folder (PYTHONPYCACHEPREFIX), filled once before measuring; the measured tree is not written to.
        self.source_env = dict(self.env)  # compiling from source in every process (the import-floor row)
        self.source_env["PYTHONDONTWRITEBYTECODE"] = "1"  # (and a copy of scorecard without bytecode: below)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.rows: list[Row] = []
        self.seen: dict[tuple[str, ...], list[Run]] = {}
        self.out_dir = Path(tempfile.mkdtemp(prefix="scorecard-bench-"))  # outputs and the bytecode cache
        atexit.register(shutil.rmtree, self.out_dir, True)  # removed at exit (village outputs: ~0.5 GB)
        self.py = sys.executable
        self.data_dir = Path(args.data_dir).resolve() if args.data_dir else generate.DATA_DIR
        self.env["PYTHONPYCACHEPREFIX"] = str(self.out_dir / "pycache")
        self.source_env.pop("PYTHONPYCACHEPREFIX", None)  # the libraries keep their own bytecode
        # Village rows run the real CLI with --units: a unit list raises the default limits itself
        # (docs/units.md), so no environment variable is set for them.
        self.village_env = dict(self.env)
        self.compiled = self.compile_bytecode()
        # scorecard from source: a copy of the package without any __pycache__ (one may sit beside
        # the measured sources), first on the path of the from-source processes
        source_copy = self.out_dir / "from-source"
        shutil.copytree(self.compiled, source_copy / "scorecard", ignore=shutil.ignore_patterns("__pycache__"))
        self.source_env["PYTHONPATH"] = os.pathsep.join([str(source_copy), self.env.get("PYTHONPATH", "")])
        self.floor_modules = 0
        self.floor_libraries = ["python_calamine", "orjson", "yaml", "click"]  # those the listing holds
        self.coinr_env: dict = dict(self.env)

    def compile_bytecode(self) -> str:
        """Compile the measured scorecard (and the workers) into the private bytecode cache, as
        ``pip install`` does; return where scorecard was found."""
        where = subprocess.run([self.py, "-c", "import os, scorecard; print(os.path.dirname(scorecard.__file__))"],
                               env=self.env, cwd=self.out_dir, capture_output=True, text=True)
        if where.returncode != 0:
            raise SystemExit(f"scorecard is not importable: {where.stderr[-500:]}")
        package = where.stdout.strip()
        subprocess.run([self.py, "-m", "compileall", "-q", package, str(HERE)], env=self.env, cwd=self.out_dir,
                       check=True, stdout=subprocess.DEVNULL)
        return package

    # -------------------------------------------------------------------------- processes
    def proc(self, cmd: list[str], check: bool = True, env: dict | None = None) -> Run:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env or self.env, cwd=self.out_dir)
            _, status, usage = os.wait4(p.pid, 0)
            seconds = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            run = Run(seconds, usage.ru_maxrss / 1024.0, p.returncode, out.read().decode("utf-8", "replace"),
                      err.read().decode("utf-8", "replace"), usage.ru_utime + usage.ru_stime)
        if check and run.rc != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {run.rc}:\n{run.stderr[-2000:]}")
        return run

    def worker(self, *args: str) -> list[str]:
        return [self.py, str(HERE / "workers.py"), *args]

    def cli(self, *args: str) -> list[str]:
        return [self.py, "-m", "scorecard", *args]

    def pair(self, a: list[str], b: list[str] | None, repeat: int | None = None, env: dict | None = None
             ) -> tuple[list[Run], list[Run]]:
        """Run ``a`` and ``b`` alternately; return all runs of each (also kept for the scaling row)."""
        ra: list[Run] = []
        rb: list[Run] = []
        for _ in range(repeat or self.repeat):
            ra.append(self.proc(a, env=env))
            if b is not None:
                rb.append(self.proc(b, env=env))
        self.seen.setdefault(tuple(a), []).extend(ra)
        if b is not None:
            self.seen.setdefault(tuple(b), []).extend(rb)
        return ra, rb

    def measured(self, cmd: list[str], env: dict | None = None, repeat: int | None = None) -> Run:
        """Best run of ``cmd``, reusing runs an earlier row already made in this session."""
        runs = self.seen.get(tuple(cmd))
        if not runs:
            runs = self.pair(cmd, None, repeat, env)[0]
        return self.best(runs)

    @staticmethod
    def best(runs: list[Run]) -> Run:
        return min(runs, key=lambda r: r.seconds)

    # -------------------------------------------------------------------------- data
    def national(self, factor: float = 1.0) -> Path:
        scale = round(SIZES[self.args.size][0] * factor, 6)
        path = generate.default_path("national", scale, data_dir=self.data_dir)
        if not path.exists():
            regions, years, awards = generate.national_sizes(scale)
            self.log(f"generating {path.name}: {regions} regions x {years} years, {awards} awards")
            generate.national(path, regions=regions, years=years, awards=awards)
        return path

    def village(self, factor: float = 1.0) -> tuple[Path, Path, Path]:
        units = round(SIZES[self.args.size][1] * factor)
        path = self.data_dir / f"village_{units}.xlsx"
        rubric, registry = path.with_suffix(".rubric.yaml"), path.with_suffix(".registry.csv")
        if not (path.exists() and rubric.exists() and registry.exists()):
            self.log(f"generating {path.name}: {units} units x {generate.VILLAGE_INDICATORS} indicators")
            generate.village(path, units=units)
        return path, rubric, registry

    def nat_label(self, factor: float = 1.0) -> str:
        regions, years, awards = generate.national_sizes(round(SIZES[self.args.size][0] * factor, 6))
        return f"{regions} reg x {years} yr, {awards:,} awards"

    def log(self, msg: str) -> None:
        if not self.args.quiet:
            print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    @staticmethod
    def stages(run: Run) -> str:
        """Stage seconds (and the process's peak MB at the end of the stage, when the worker says)."""
        st = run.info.get("stages", {})
        peak = run.info.get("peak_mb", {})
        return " · ".join(f"{k} {v:.2f}" + (f" ({peak[k]:.0f} MB)" if k in peak else "") for k, v in st.items())

    def available(self, command: str) -> bool:
        r = self.proc(self.cli("--help"), check=False)
        return r.rc == 0 and any(line.strip().startswith(command + " ") or line.strip() == command
                                 for line in r.stdout.splitlines())

    # -------------------------------------------------------------------------- rows
    def row_imports(self) -> None:
        for flag in ("--help", "--version"):
            runs = [self.proc([self.py, "-X", "importtime", "-m", "scorecard", flag]) for _ in range(self.repeat)]
            heavy = sorted(heavy_imports(runs[0].stderr))
            plain = self.pair(self.cli(flag), None)[0]
            b = self.best(plain)
            self.rows.append(Row(f"`scorecard {flag}` imports none of pandas/pandera/openpyxl", "-", b.seconds,
                                 b.rss_mb, target="none imported", met="met" if not heavy else "NOT met",
                                 where="imported: " + (", ".join(heavy) or "none")))

        floor_cmd = self.floor_cmd()
        floor_runs, pandas_runs = self.pair(floor_cmd, [self.py, "-c", "import pandas"])
        floor, pandas_only = self.best(floor_runs), self.best(pandas_runs)
        libraries = self.floor_libraries
        # pandas imported as scorecard's own process imports it (scorecard.startup: the garbage collector
        # paused; a tree without it imports it plainly), then the other libraries the listing holds
        deps_code = ("try:\n    from scorecard import startup\n    startup.own_process()\n    startup.import_core()\n"
                     "except ImportError:\n    pass\nimport " + ", ".join(["pandas", *libraries]))
        deps = self.best(self.pair([self.py, "-c", deps_code], None)[0])
        names = {"python_calamine": "python-calamine", "orjson": "orjson", "yaml": "PyYAML", "click": "click"}
        source = self.best([self.proc(floor_cmd, env=self.source_env) for _ in range(self.repeat)])
        bare = self.best([self.proc([self.py, "-c", "pass"]) for _ in range(self.repeat)])
        self.rows.append(Row("import floor: a process importing everything `score` imports, reading nothing", "-",
                             floor.seconds, floor.rss_mb, "`python -c \"import pandas\"` alone", pandas_only.seconds,
                             floor.seconds / pandas_only.seconds, "<= 0.35 s", met_str(floor.seconds <= 0.35),
                             f"the {self.floor_modules} modules a real `score` run imported (pandera only when a value "
                             f"is out of range). Made of: `python -c pass` {bare.seconds:.2f} s; pandas (with numpy) "
                             f"{pandas_only.seconds:.2f} s; pandas imported as scorecard's process does (collector paused, "
                             f"scorecard.startup) + {', '.join(names[n] for n in libraries)} "
                             f"{deps.seconds:.2f} s; + scorecard's own modules {floor.seconds - deps.seconds:+.2f} s. "
                             f"Compiling scorecard from source in every process (no bytecode cache, "
                             f"PYTHONDONTWRITEBYTECODE=1): {source.seconds:.2f} s"))

    def floor_cmd(self) -> list[str]:
        """The import-floor process: it imports the modules a real ``score`` of the national
        workbook imported (listed once per session by the ``score-modules`` worker)."""
        listing = self.out_dir / "score-modules.txt"
        if not listing.exists():
            # twice: the first run stores the parsed message catalogue and rubric in the user's cache
            # folder (scorecard/cache.py), as any earlier run of the user's would have; the second
            # run's modules are those of every later run (no PyYAML with the default rubric)
            for _ in range(2):
                run = self.proc(self.worker("score-modules", str(self.national()), str(self.out_dir / "modules.json"),
                                            str(listing)))
            self.floor_modules = run.info.get("modules", 0)
            self.floor_libraries = [name for name in ("python_calamine", "orjson", "yaml", "click")
                                    if name in listing.read_text(encoding="utf-8").split()]
        return self.worker("import-floor", str(listing))

    def panel(self) -> tuple[Path, Path, Path]:
        stem = self.data_dir / f"panel_514x{generate.PANEL_INDICATORS}"
        paths = stem.with_suffix(".xlsx"), stem.with_suffix(".csv"), stem.with_suffix(".rubric.yaml")
        if not all(p.exists() for p in paths):
            self.log(f"generating {stem.name}.xlsx/.csv")
            generate.panel(self.data_dir)
        return paths

    def coinr(self) -> str | None:
        """``Rscript`` when COINr can be attached (``--coinr-lib DIR`` or R's default library);
        else None (the panel rows then compare with the earlier session's COINr figure)."""
        if self.args.no_coinr or not shutil.which("Rscript"):
            return None
        env = dict(self.env, COINR_LIB=self.args.coinr_lib or "")
        probe = subprocess.run(["Rscript", "-e", "lib <- Sys.getenv('COINR_LIB'); if (nzchar(lib)) "
                                ".libPaths(c(lib, .libPaths())); suppressPackageStartupMessages(library(COINr)); "
                                "cat(as.character(packageVersion('COINr')))"],
                               env=env, capture_output=True, text=True)
        if probe.returncode != 0:
            self.log("COINr not found (Rscript could not attach it): the panel rows use the earlier figure")
            return None
        self.coinr_env = env
        return probe.stdout.strip()

    def row_panel(self) -> None:
        """The COINr-shaped 514 x 60 panel, xlsx and CSV -> JSON, whole process. With COINr available
        (``--coinr-lib``), COINr runs the same work side by side (benchmarks/coinr_panel.R), alternated
        with scorecard's processes; otherwise the ratio is against the earlier session's COINr figure."""
        xlsx, csv_path, rubric = (str(p) for p in self.panel())
        commands = {kind: self.cli("score", path, "--rubric", rubric, "--format", "json", "-o",
                                   str(self.out_dir / f"panel_{kind}.json"))
                    for kind, path in (("xlsx", xlsx), ("csv", csv_path))}
        version = self.coinr()
        bare = self.best(self.pair(self.worker("bare-calamine", xlsx), None)[0])
        detail = f"bare calamine read of the xlsx in this run: {bare.seconds:.2f} s, {bare.rss_mb:.0f} MB"
        if version is None:
            for kind in ("xlsx", "csv"):
                b = self.best(self.pair(commands[kind], None)[0])
                coinr, coinr_mb = COINR_EARLIER[kind]
                ratio = b.seconds / coinr
                self.rows.append(Row(f"514 x 60 panel, {kind} -> `score --format json`", "514 reg x 60 ind",
                                     b.seconds, b.rss_mb, f"COINr from CSV {coinr:.2f} s"
                                     + (f", {coinr_mb:.0f} MB" if coinr_mb else "")
                                     + " (EARLIER session, not re-run: no COINr here)", coinr, ratio,
                                     "<= 0.7x COINr", met_str(ratio <= 0.7) + " (vs earlier figure)", detail))
            return
        script = str(HERE / "coinr_panel.R")
        r_imports = ["Rscript", script, csv_path, rubric, str(self.out_dir / "coinr_imports.json"), "imports"]
        r_core = ["Rscript", script, csv_path, rubric, str(self.out_dir / "coinr_core.json")]
        runs: dict[str, list[Run]] = {"xlsx": [], "csv": [], "imports": [], "core": []}
        for _ in range(self.repeat):  # alternated: scorecard, COINr, scorecard, COINr
            runs["xlsx"].append(self.proc(commands["xlsx"]))
            runs["imports"].append(self.proc(r_imports, env=self.coinr_env))
            runs["csv"].append(self.proc(commands["csv"]))
            runs["core"].append(self.proc(r_core, env=self.coinr_env))
        agree = coinr_agreement(self.out_dir / "panel_xlsx.json", self.out_dir / "coinr_imports.json")
        imp, core = self.best(runs["imports"]), self.best(runs["core"])
        for kind in ("xlsx", "csv"):
            b = self.best(runs[kind])
            ratio = b.seconds / imp.seconds
            self.rows.append(Row(
                f"514 x 60 panel, {kind} -> `score --format json`", "514 reg x 60 ind", b.seconds, b.rss_mb,
                f"COINr {version} from CSV, side by side, with the namespaces it imports loaded (as attaching "
                f"the package does); {imp.rss_mb:.0f} MB", imp.seconds, ratio, "<= 0.7x COINr",
                met_str(ratio <= 0.7),
                f"COINr's core alone (imports not loaded): {core.seconds:.2f} s, {core.rss_mb:.0f} MB, "
                f"ratio {b.seconds / core.seconds:.2f}x; {agree}; {detail}"))

    def row_load(self) -> None:
        wb = str(self.national())
        a, b = self.pair(self.worker("load-scorecard", wb), self.worker("load-openpyxl", wb))
        ba, bb = self.best(a), self.best(b)
        ratio = ba.seconds / bb.seconds
        self.rows.append(Row("load: scorecard read_workbook + validate", self.nat_label(), ba.seconds, ba.rss_mb,
                             f"pandas.read_excel(openpyxl), all sheets; peak {bb.rss_mb:.0f} MB", bb.seconds, ratio, "<= 0.3x",
                             met_str(ratio <= 0.3), self.stages(ba), {"openpyxl_rss_mb": bb.rss_mb}))

    def row_score(self) -> None:
        wb = str(self.national())
        out = str(self.out_dir / "score.json")
        a, b = self.pair(self.cli("score", wb, "--format", "json", "-o", out), self.worker("bare-calamine", wb))
        ba, bb = self.best(a), self.best(b)
        stages = self.best(self.pair(self.worker("cli", "-", "score", wb, "--format", "json", "-o", out), None, 1)[0])
        ratio = ba.seconds / bb.seconds
        self.rows.append(Row("national `score --format json`, end to end", self.nat_label(), ba.seconds, ba.rss_mb,
                             f"bare read, python-calamine; peak {bb.rss_mb:.0f} MB", bb.seconds, ratio, "<= 3x",
                             met_str(ratio <= 3),
                             self.stages(stages)))

    def row_village(self) -> None:
        wb, rubric, registry = (str(p) for p in self.village())
        units = SIZES[self.args.size][1]
        runs: dict[str, list[Run]] = {"json": [], "csv": [], "bare": []}
        for _ in range(self.args.repeat_village):  # json, csv, bare read alternately
            for fmt in ("json", "csv"):
                out = str(self.out_dir / f"village.{fmt}")
                runs[fmt].append(self.proc(self.village_cmd(wb, rubric, registry, out, fmt), env=self.village_env))
            runs["bare"].append(self.proc(self.worker("bare-calamine", wb)))
        self.seen.setdefault(tuple(self.village_cmd(wb, rubric, registry, str(self.out_dir / "village.json"))),
                             []).extend(runs["json"])
        bj, bc, bb = self.best(runs["json"]), self.best(runs["csv"]), self.best(runs["bare"])
        ratio = bj.seconds / bb.seconds
        # where the time goes: the same command once more in one process with its stages timed
        cmd = self.village_cmd(wb, rubric, registry, str(self.out_dir / "village.json"))
        staged = self.proc(self.worker("cli", "-", *cmd[3:]), env=self.village_env)
        tree = self.tree_memory(cmd, env=self.village_env)  # the command and its encoding helper together
        if len(runs["json"]) > 1:  # the best runs decide; the medians say how typical they are
            mj = statistics.median(r.seconds for r in runs["json"])
            mb = statistics.median(r.seconds for r in runs["bare"])
            median_note = (f"median of {len(runs['json'])}: {mj:.2f} s vs {mb:.2f} s = {mj / mb:.2f}x "
                           f"(all json runs: {', '.join(f'{r.seconds:.2f}' for r in runs['json'])}; "
                           f"bare: {', '.join(f'{r.seconds:.2f}' for r in runs['bare'])}); ")
        else:
            median_note = ""
        total = max(bj.rss_mb, tree.get("pss_mb", 0.0))
        tree_note = (f"; both processes together (one more run, sampled): peak PSS {tree['pss_mb']:.0f} MB "
                     f"({tree['processes']:.0f} processes, RSS summed {tree['rss_mb']:.0f} MB)") if tree else ""
        self.rows.append(Row("village `score --units --format json` (the CLI, a unit list)", f"{units:,} units x 40 ind",
                             bj.seconds, bj.rss_mb, f"bare read, python-calamine; peak {bb.rss_mb:.0f} MB",
                             bb.seconds, ratio, "<= 2x and < 1 GB",
                             f"time {met_str(ratio <= 2)}, memory {met_str(total < 1024)}",
                             f"{median_note}stages (one more run, {staged.seconds:.2f} s): {self.stages(staged)}{tree_note}"))
        self.rows.append(Row("village `score --units --format csv`", f"{units:,} units x 40 ind", bc.seconds,
                             bc.rss_mb, "the json run above", bj.seconds, bc.seconds / bj.seconds, "csv <= json",
                             met_str(bc.seconds <= bj.seconds * 1.05) + " (within 5 % noise)" if bc.seconds > bj.seconds
                             else met_str(True), f"bare read / csv = {bc.seconds / bb.seconds:.2f}x"))

    def tree_memory(self, cmd: list[str], env: dict | None = None) -> dict[str, float]:
        """One more (untimed) run of ``cmd`` whose memory is sampled every 10 ms from /proc: the
        peak of the summed PSS of the process and its children (a forked helper shares most pages
        with the command: PSS counts each shared page once in all, where ``ru_maxrss`` gives only
        the larger process), and the summed RSS at that moment. Linux only; {} elsewhere."""
        if not Path("/proc/self/smaps_rollup").exists():
            return {}

        def kids(pid: int) -> list[int]:
            try:
                return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            except OSError:
                return []

        def rollup(pid: int) -> dict[str, int]:
            out: dict[str, int] = {}
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    key, _, value = line.partition(":")
                    if value.strip().endswith("kB"):
                        out[key] = int(value.split()[0])
            except OSError:
                pass
            return out

        best = {"pss_mb": 0.0, "rss_mb": 0.0, "processes": 0.0}
        with tempfile.TemporaryFile() as sink:
            p = subprocess.Popen(cmd, stdout=sink, stderr=sink, env=env or self.env, cwd=self.out_dir)
            while p.poll() is None:
                pids = [p.pid, *kids(p.pid)]
                rolls = [rollup(x) for x in pids]
                pss = sum(r.get("Pss", 0) for r in rolls) / 1024
                if pss > best["pss_mb"]:
                    best = {"pss_mb": pss, "rss_mb": sum(r.get("Rss", 0) for r in rolls) / 1024,
                            "processes": float(len(pids))}
                time.sleep(0.01)
        return best

    def village_cmd(self, wb: str, rubric: str, registry: str, out: str, fmt: str = "json") -> list[str]:
        return self.cli("score", wb, "--rubric", rubric, "--units", registry, "--format", fmt, "-o", out)

    def row_scaling(self) -> None:
        """Time at n/2, n, 2n; k = least-squares slope of log(time) on log(size). Whole-process times
        carry a constant start-up cost (interpreter + imports) that flattens k, so the verdict uses the
        time above the import floor (whole process minus the import-floor process)."""
        factors = (0.5, 1.0, 2.0)
        floor = self.measured(self.floor_cmd()).seconds
        series: dict[str, list[tuple[float, float]]] = {"national load+validate": [], "national score": [],
                                                         "village score": []}
        for f in factors:
            wb = str(self.national(f))
            vwb, rubric, registry = (str(p) for p in self.village(f))
            rows = generate.national_sizes(round(SIZES[self.args.size][0] * f, 6))
            nrows = rows[0] * rows[1] * 2 + rows[2]
            load = self.measured(self.worker("load-scorecard", wb))
            sc = self.measured(self.cli("score", wb, "--format", "json", "-o", str(self.out_dir / "score.json")))
            vil = self.measured(self.village_cmd(vwb, rubric, registry, str(self.out_dir / "village.json")),
                                self.village_env, self.args.repeat_village)
            units = round(SIZES[self.args.size][1] * f)
            series["national load+validate"].append((nrows, load.seconds))
            series["national score"].append((nrows, sc.seconds))
            series["village score"].append((units, vil.seconds))
            self.log(f"scaling x{f}: load {load.seconds:.2f}s score {sc.seconds:.2f}s village {vil.seconds:.2f}s")
        for name, pts in series.items():
            sizes = [p[0] for p in pts]
            k_all = fit_exponent(sizes, [p[1] for p in pts])
            net = [p[1] - floor for p in pts]
            k_net = fit_exponent(sizes, net) if all(x > 0 for x in net) else None
            times = " / ".join(f"{p[1]:.2f}" for p in pts)
            label = "rows in all sheets" if name.startswith("national") else "units"
            where = (f"n/2, n, 2n = {int(sizes[0]):,} / {int(sizes[1]):,} / {int(sizes[2]):,} {label}: {times} s; "
                     f"whole-process k {k_all:.2f}; import floor {floor:.2f} s")
            verdict = met_str(k_net is not None and k_net <= 1.15) if k_net is not None else "n/a (below floor)"
            self.rows.append(Row(f"scaling: {name}", "n/2, n, 2n", pts[1][1], None,
                                 "k of time above the import floor (t ~ n^k)", None, k_net,
                                 "k <= ~1.15 (linear)", verdict, where))

    def importable(self, module: str, attr: str) -> bool:
        r = self.proc([self.py, "-c", f"from {module} import {attr}"], check=False)
        return r.rc == 0

    def row_recommend(self) -> None:
        if not self.importable("scorecard.recommend", "recommend"):
            self.rows.append(Row("`recommend` for every region (one score, loop focus)", self.nat_label(),
                                 target="a few seconds", met="not yet available"))
            return
        wb = str(self.national())
        b = self.best(self.pair(self.worker("recommend-all", wb), None, self.args.repeat_heavy)[0])
        n = b.info.get("regions", 0)
        failed = b.info.get("failed") or {}
        rec = b.info.get("stages", {}).get("recommend-all")
        one = None
        if self.available("recommend"):
            focus = generate.national_codes(generate.national_sizes(SIZES[self.args.size][0])[0])[0]
            one = self.best(self.pair(self.cli("recommend", wb, "--focus", focus, "--format", "json", "-o",
                                               str(self.out_dir / "rec.json")), None)[0])
        where = self.stages(b) + (f"; failed: {failed}" if failed else "")
        if one is not None:
            where += f"; one `scorecard recommend --focus` process {one.seconds:.2f} s"
        self.rows.append(Row(f"`recommend` for all {n} regions (library: one score, loop focus)", self.nat_label(),
                             b.seconds, b.rss_mb, "per region (recommend only)", (rec / n) if rec and n else None,
                             None, "a few seconds", met_str(rec is not None and rec <= 5.0 and not failed)
                             + " (the recommend loop)", where))

    def row_report(self) -> None:
        label = "`report --all` and the marginal cost of one more report"
        if not self.available("report"):
            self.rows.append(Row(label, self.nat_label(), target="shared work once, small per-report cost, all cores",
                                 met="not yet available"))
            return
        wb = str(self.national())
        regions = generate.national_sizes(SIZES[self.args.size][0])[0]
        focus = generate.national_codes(regions)[0]
        one = self.best(self.pair(self.cli("report", wb, "--focus", focus, "-o", str(self.out_dir / "one.html")),
                                  None, self.args.repeat_heavy)[0])
        cores = os.cpu_count() or 1
        all_default = self.best(self.pair(self.cli("report", wb, "--all", "-o", str(self.out_dir / "all")), None,
                                          self.args.repeat_heavy)[0])
        files = len(list((self.out_dir / "all").glob("*.html")))
        marginal_par = (all_default.seconds - one.seconds) / max(1, regions - 1)
        cpu_per_report = max(0.0, all_default.cpu - one.cpu) / max(1, regions - 1)
        where = (f"{files} HTML files; one report alone {one.seconds:.2f} s; marginal wall time per extra report "
                 f"{marginal_par * 1000:.0f} ms at -j {cores}, CPU per extra report {cpu_per_report * 1000:.0f} ms; "
                 f"CPU/wall {all_default.cpu / all_default.seconds:.2f} (1.0 = one core busy)")
        other, other_s, ratio = "", None, None
        spread = all_default.cpu / all_default.seconds >= 1.3 or cores == 1
        if self.args.report_j1:
            all_one = self.best(self.pair(self.cli("report", wb, "--all", "-j", "1", "-o", str(self.out_dir / "all1")),
                                          None, self.args.repeat_heavy)[0])
            other, other_s, ratio = "`report --all -j 1`", all_one.seconds, all_default.seconds / all_one.seconds
            where += f"; speed-up from {cores} cores {all_one.seconds / all_default.seconds:.2f}x"
        if cores > 1:
            where += "; peak RSS = the largest single process (parent or one worker), not their sum"
        self.rows.append(Row(f"`report --all` ({regions} reports + index, default jobs = {cores} cores)",
                             self.nat_label(), all_default.seconds, all_default.rss_mb, other, other_s, ratio,
                             "shared work once, small per-report cost, all cores",
                             met_str(marginal_par <= 0.05 * one.seconds and spread)
                             + " (extra report <= 5% of one report alone; CPU/wall >= 1.3)", where))

    def row_uncertainty(self) -> None:
        if not self.uncertainty_flag():
            self.rows.append(Row("`score --uncertainty` 1,000 replications x 514", self.nat_label(),
                                 target="a few seconds", met="not yet available"))
            return
        wb = str(self.national())
        out = str(self.out_dir / "unc.json")
        a, b = self.pair(self.cli("score", wb, "--uncertainty", "--replications", "1000", "--seed", "1", "--format",
                                  "json", "-o", out),
                         self.cli("score", wb, "--format", "json", "-o", out))
        ba, bb = self.best(a), self.best(b)
        extra = ba.seconds - bb.seconds
        self.rows.append(Row("`score --uncertainty --replications 1000`", self.nat_label(), ba.seconds,
                             ba.rss_mb, "plain `score`", bb.seconds, ba.seconds / bb.seconds,
                             "a few seconds (extra over score)", met_str(extra <= 5.0),
                             f"extra over plain score: {extra:.2f} s"))

    def uncertainty_flag(self) -> bool:
        r = self.proc(self.cli("score", "--help"), check=False)
        return "--uncertainty" in r.stdout

    # -------------------------------------------------------------------------- output
    def table(self) -> str:
        head = ["measurement", "size", "time (s)", "peak RSS (MB)", "compared with", "its time (s)", "ratio",
                "target", "met?", "where the time goes / detail"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows:
            cells = [r.name, r.size, fmt(r.seconds), fmt(r.rss_mb, 0), r.other, fmt(r.other_seconds),
                     (f"{r.ratio:.2f}" + ("" if r.name.startswith("scaling") else "x")) if r.ratio is not None else "",
                     r.target, r.met, r.where]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        return "\n".join(lines)

    def machine(self) -> str:
        load = os.getloadavg()
        return (f"{platform.platform()}; Python {platform.python_version()}; {os.cpu_count()} CPUs "
                f"({cpu_model()}); {mem_gb():.0f} GB RAM; load average at end {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}; "
                f"best of {self.repeat}; {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC")


def heavy_imports(importtime_stderr: str) -> set[str]:
    """Top-level heavy packages named in ``python -X importtime`` output."""
    found = set()
    for line in importtime_stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        name = line.rsplit("|", 1)[-1].strip()
        top = name.split(".")[0]
        if top in HEAVY:
            found.add(top)
    return found


def fit_exponent(sizes: list[float], times: list[float]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else math.nan


def coinr_agreement(scorecard_json: Path, coinr_json: Path) -> str:
    """How far COINr's index, dimension and indicator scores are from scorecard's (same panel)."""
    sc = json.loads(scorecard_json.read_text(encoding="utf-8"))
    co = {r["uCode"]: r for r in json.loads(coinr_json.read_text(encoding="utf-8"))}
    worst = 0.0
    regions = 0
    for r in sc["regions"]:
        c = co.get(r["code"])
        if c is None:
            return f"COINr's output lacks region {r['code']}"
        regions += 1
        worst = max(worst, abs(r["score"] - c["Index"]))
        worst = max([worst] + [abs(v["score"] - c[k]) for k, v in r["dimensions"].items()])
        worst = max([worst] + [abs(v["score"] - c["v" + k[1:]]) for k, v in r["indicators"].items()])
    return f"scores equal COINr's to {worst:.1e} (largest difference, {regions}/{len(co)} regions)"


def met_str(ok: bool) -> str:
    return "met" if ok else "NOT met"


def fmt(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.{digits}f}"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def mem_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return math.nan


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=tuple(SIZES), default="full")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is reported (default 3)")
    ap.add_argument("--repeat-heavy", type=int, default=1,
                    help="runs of the long rows (recommend for all, report --all); default 1")
    ap.add_argument("--repeat-village", type=int, default=1,
                    help="runs of each village-scale process (84,000 units: minutes each); default 1")
    ap.add_argument("--report-j1", action="store_true",
                    help="also run report --all -j 1 (one core) to show the multi-core speed-up (slow)")
    ap.add_argument("--only", default=",".join(DEFAULT_ROWS),
                    help="comma-separated rows (default: issue 17's table): " + ", ".join(ROWS))
    ap.add_argument("--coinr-lib", default=None,
                    help="R library folder holding COINr: the panel rows then run COINr side by side "
                         "(default: R's own library path, when Rscript finds COINr there)")
    ap.add_argument("--no-coinr", action="store_true", help="do not look for COINr (earlier figure only)")
    ap.add_argument("--src", default=None, help="measure this source tree instead of the installed scorecard")
    ap.add_argument("--data-dir", default=None, help="where generated workbooks go (default benchmarks/data)")
    ap.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--generate-only", action="store_true", help="only write the workbooks (n/2, n, 2n) and stop")
    args = ap.parse_args(argv)
    wanted = [r.strip() for r in args.only.split(",") if r.strip()]
    unknown = set(wanted) - set(ROWS)
    if unknown:
        ap.error(f"unknown rows: {', '.join(sorted(unknown))}")
    bench = Bench(args)
    if args.generate_only:
        bench.panel()
        for f in (0.5, 1.0, 2.0):
            bench.national(f)
            bench.village(f)
        return 0

    def save() -> None:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"size": args.size, "machine": bench.machine(),
                                             "rows": [r.__dict__ for r in bench.rows]}, indent=2), encoding="utf-8")

    for name in ROWS:
        if name in wanted:
            bench.log(f"row {name}")
            getattr(bench, f"row_{name}")()
            save()  # after every row: an interrupted run keeps what it measured
            if not args.quiet:
                print(bench.table().splitlines()[-1], file=sys.stderr, flush=True)
    print(f"scorecard benchmarks, size {args.size}: {bench.machine()}\n")
    print(bench.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
