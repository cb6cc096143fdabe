"""One benchmark task per process: ``python benchmarks/workers.py TASK ARGS...``.

``benchmarks/run.py`` starts each task as a fresh process, times it from the outside (wall clock,
process start to exit) and reads its peak memory from the kernel (``ru_maxrss`` of the child).
Each task prints one JSON line on stdout with its in-process stage timings (seconds), used only to
explain where the time goes; the headline figures are always the whole-process ones.

Tasks
-----
bare-calamine WB          python-calamine alone: open the file, every sheet to Python cells (the floor)
load-openpyxl WB          ``pandas.read_excel(WB, sheet_name=None, engine="openpyxl")``
load-scorecard WB [RUB] [REG]   ``scorecard.io.workbook.read_workbook`` + ``validate.read_tables``
score-library WB RUB REG OUT    load + validate + ``pipeline.score`` + JSON written to OUT, through the
                          library API with a unit registry read from REG
import-floor [LISTING]    import what ``score`` imports (LISTING: the modules a real run imported)
score-modules WB OUT LISTING    run ``score WB`` in-process; write the modules it imported to LISTING
cli REG ARGS...           the real ``scorecard ARGS...`` command in this process, with the region
                          registry replaced by REG ("-": the shipped one) and the main stages timed
                          (the village scale: the shipped registry only knows the 514 kab/kota)
recommend-all WB          one ``score`` then ``recommend`` for every region of the workbook, in-process
uncertainty WB REPS       ``score --uncertainty`` equivalent through the library (when it exists)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent


def _stage(stages: dict[str, float], name: str, since: float) -> float:
    now = time.perf_counter()
    stages[name] = round(now - since, 4)
    return now


def _peak_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def _registry(path: str | None):
    if not path or path == "-":
        from scorecard.io.registry_file import load_registry

        return load_registry()
    import pandas as pd

    from scorecard.registry import Registry

    frame = pd.read_csv(path, dtype={"kemendagri_code": str, "code": str, "province_code": str})
    frame = frame.set_index("kemendagri_code", drop=False)
    frame.index.name = "code"
    return Registry(frame)


def _load(wb_path: str, rubric_ref: str | None, registry_path: str | None, stages: dict[str, float]):
    t = time.perf_counter()
    import pandas  # noqa: F401  (import cost shown as its own stage)
    # not pandera: scorecard imports it only when a value is out of range (validate._range_checks),
    # so importing it here would charge the load with ~0.3-0.8 s that `score` does not pay

    t = _stage(stages, "import", t)
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.workbook import read_workbook
    from scorecard.validate import read_tables

    rubric = load_rubric(rubric_ref if rubric_ref and rubric_ref != "-" else None)
    registry = _registry(registry_path)
    t = _stage(stages, "rubric+registry", t)
    raw = read_workbook(wb_path)
    t = _stage(stages, "read", t)
    tables, report = read_tables(raw, rubric, registry, current_year=2026)
    _stage(stages, "validate", t)
    if tables is None:
        errs = [i.to_dict("en") for i in report.errors[:5]]
        raise SystemExit(f"invalid workbook {wb_path}: {errs}")
    return rubric, tables, report


def bare_calamine(wb_path: str) -> dict:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(wb_path)
    cells = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=True)
        cells += sum(len(r) for r in rows)
    return {"cells": cells}


def load_openpyxl(wb_path: str) -> dict:
    import pandas as pd

    frames = pd.read_excel(wb_path, sheet_name=None, engine="openpyxl")
    return {"cells": int(sum(f.size for f in frames.values()))}


def load_scorecard(wb_path: str, rubric_ref: str | None = None, registry_path: str | None = None) -> dict:
    stages: dict[str, float] = {}
    _, tables, _ = _load(wb_path, rubric_ref, registry_path, stages)
    return {"regions": len(tables.regions), "stages": stages}


def score_library(wb_path: str, rubric_ref: str, registry_path: str, out: str) -> dict:
    stages: dict[str, float] = {}
    rubric, tables, report = _load(wb_path, rubric_ref, registry_path, stages)
    t = time.perf_counter()
    from scorecard.pipeline import score

    result = score(tables, rubric, notes=report)
    t = _stage(stages, "score", t)
    from scorecard.analysis import Analysis
    from scorecard.io import score_output
    from scorecard.io.output import atomic_write_text

    atomic_write_text(out, score_output.score_json(Analysis(result), "id"))
    _stage(stages, "render+write", t)
    return {"regions": len(result.regions), "stages": stages}


def recommend_all(wb_path: str) -> dict:
    """One score, then a recommendation for every region as focus (library API, one process)."""
    stages: dict[str, float] = {}
    rubric, tables, report = _load(wb_path, None, None, stages)
    t = time.perf_counter()
    from scorecard.pipeline import score

    result = score(tables, rubric, notes=report)
    t = _stage(stages, "score", t)
    from scorecard.recommend import recommend  # issue 4

    n = 0
    failed: dict[str, int] = {}
    for code in list(result.regions.index):
        try:
            recommend(result, code)
            n += 1
        except Exception as exc:  # counted and reported, never hidden
            failed[type(exc).__name__] = failed.get(type(exc).__name__, 0) + 1
    _stage(stages, "recommend-all", t)
    return {"regions": n, "failed": failed, "stages": stages}


def cli(registry_path: str, *args: str) -> dict:
    """Run the real CLI command in-process; time its stages by wrapping the library functions it calls.
    ``peak_mb`` = the process's peak RSS so far at the end of each stage (where the memory goes)."""
    stages: dict[str, float] = {}
    peak: dict[str, float] = {}
    t = time.perf_counter()
    try:  # as scorecard's own process imports it: the garbage collector paused (scorecard.startup)
        from scorecard import startup
    except ImportError:  # an older tree (--src)
        pass
    else:
        startup.own_process()
        startup.import_core()
    import pandas  # noqa: F401  (not pandera: see _load)

    _stage(stages, "import", t)
    import scorecard.io.registry_file as registry_file
    import scorecard.io.score_output as score_output
    import scorecard.io.workbook as workbook
    import scorecard.pipeline as pipeline
    import scorecard.validate as validate

    def timed(module, attr: str, label: str) -> None:
        inner = getattr(module, attr)

        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return inner(*a, **k)
            finally:
                stages[label] = round(stages.get(label, 0.0) + time.perf_counter() - t0, 4)
                peak[label] = _peak_mb()
        setattr(module, attr, wrapper)

    if registry_path != "-":
        t = time.perf_counter()
        reg = _registry(registry_path)
        _stage(stages, "registry", t)
        registry_file.load_registry = lambda: reg
    import scorecard.io.output as output
    import scorecard.io.rubric_file as rubric_file
    import scorecard.io.units_file as units_file

    timed(rubric_file, "load_rubric", "rubric")
    timed(units_file, "read_units", "unit list")
    timed(workbook, "read_workbook", "read")
    # load_inputs reads the workbook in a thread (workbook.start_read) while it reads the unit list and
    # imports what it needs next: "read (wait)" is the time spent waiting for that thread afterwards
    if hasattr(workbook, "PendingRead"):
        timed(workbook.PendingRead, "result", "read (wait)")
    timed(validate, "read_tables", "validate")
    timed(pipeline, "score", "score")
    for fmt in ("score_json", "score_csv", "score_table"):
        timed(score_output, fmt, "render")
    # score --format json/csv -o FILE: the output is encoded while it is streamed to the file
    timed(output, "atomic_write_bytes", "write output")
    timed(output, "atomic_write_text", "write output")
    try:  # multi-year trends re-score every year (their pipeline runs also count under "score")
        import scorecard.trends as trends

        timed(trends, "dimension_trends", "trends")
    except ImportError:
        pass
    from scorecard.cli import cli as root

    t = time.perf_counter()
    try:
        root.main(list(args), prog_name="scorecard", standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    stages["command total"] = round(time.perf_counter() - t, 4)
    return {"stages": stages, "peak_mb": peak}


def score_modules(wb_path: str, out: str, listing: str) -> dict:
    """Run ``scorecard score WB --format json -o OUT`` in this process and write to LISTING the
    modules it imported (those not already loaded when this worker started): what the
    ``import-floor`` task imports."""
    import sys as _sys

    before = set(_sys.modules)
    from scorecard.cli import cli as root

    try:
        root.main(["score", wb_path, "--format", "json", "-o", out, "--force"], prog_name="scorecard",
                  standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    loaded = sorted(m for m in _sys.modules if m not in before and m != "__main__")
    Path(listing).write_text("\n".join(loaded) + "\n", encoding="utf-8")
    return {"modules": len(loaded)}


def import_floor(listing: str | None = None) -> dict:
    """Import what ``scorecard score`` imports, and nothing else: the fixed cost of any scoring
    process. With LISTING (written by ``score-modules``): exactly the modules a real ``score`` run
    imported; without it, the main ones (pandas, numpy, python-calamine, orjson, the score path)."""
    if listing:
        import importlib

        # as the real process does (scorecard.cli.main, then load_inputs -> scorecard.startup.import_core):
        # pandas imported with the garbage collector paused
        try:
            from scorecard import startup
        except ImportError:  # an older tree (--src) without it: imports as that tree's process does
            pass
        else:
            startup.own_process()
            startup.import_core()
        failed = 0
        for name in Path(listing).read_text(encoding="utf-8").split():
            try:
                importlib.import_module(name)
            except Exception:  # an alias entry of sys.modules (six.moves-like): not importable by name
                failed += 1
        return {"failed": failed}
    import orjson  # noqa: F401
    import pandas  # noqa: F401
    import python_calamine  # noqa: F401

    import scorecard.analysis  # noqa: F401
    import scorecard.cli  # noqa: F401

    import scorecard.commands.score  # noqa: F401
    import scorecard.io.score_output  # noqa: F401
    import scorecard.io.workbook  # noqa: F401
    import scorecard.pipeline  # noqa: F401
    import scorecard.validate  # noqa: F401

    return {}


TASKS = {
    "import-floor": import_floor,
    "score-modules": score_modules,
    "cli": cli,
    "bare-calamine": bare_calamine,
    "load-openpyxl": load_openpyxl,
    "load-scorecard": load_scorecard,
    "score-library": score_library,
    "recommend-all": recommend_all,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(__doc__, file=sys.stderr)
        return 2
    out = TASKS[argv[0]](*argv[1:])
    out["total_in_process"] = round(time.perf_counter() - T0, 4)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
