"""``scorecard report``: a self-contained HTML report (and/or an Excel workbook) for one focus
region, or with ``--all`` one report per region plus an index page."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scorecard.issues import visible
from scorecard.commands.common import (say_written, seed_option, load_reference_for, reference_option, check_outputs, force_option, units_option, command, current_lang,
                                       handle_input_errors, load_inputs, option, peers_option, print_issues,
                                       resolve_focus, rubric_option, year_option)

if TYPE_CHECKING:
    from scorecard.analysis import Analysis

DEMO_FOCUS = "64.71"  # Kota Balikpapan, the sample focus region of `scorecard demo`
SERIAL_BELOW = 8  # batches smaller than this are not worth starting worker processes for


def slug(text: str) -> str:
    """A file-name-safe, lower-case ASCII version of a region name."""
    ascii_ = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60] or "wilayah"


def report_filename(code: str, name: str, suffix: str = ".html") -> str:
    return f"{code}-{slug(name)}{suffix}"


def brief_path(html: Path, lang: str = "id") -> Path:
    """The visit brief written next to a report page, named in the reader's language."""
    return html.with_name(html.stem + ("-brief.html" if lang == "en" else "-telaahan.html"))


def write_reports(analysis: Analysis, lang: str, html: Path | None, xlsx: Path | None,
                  index_href: str | None = None, full: bool = True, brief: bool = False) -> list[Path]:
    """Build the report model of ``analysis`` (about its focus region, with its recommendation)
    once and write the requested files. ``full=False`` keeps the workbook to the focus region (its
    dimensions and indicators) instead of every region. ``brief``: also write the visit brief
    (telaahan staf, HTML) next to the HTML report and link it."""
    import dataclasses

    from scorecard.report_model import build_report

    result, focus, rec = analysis.score, analysis.focus, analysis.recommendation
    assert focus is not None
    model = build_report(analysis, lang, full=full and xlsx is not None)
    written = []
    if brief and html is not None and rec is not None:
        from scorecard.commands.brief import write_brief

        brief_file = brief_path(html, lang)
        written.append(write_brief(result, focus, lang, brief_file, rec=rec, workbook=_workbook_name(result)))
        model = dataclasses.replace(model, brief_href=brief_file.name)
    if html is not None:
        from scorecard.io.html_report import write_html

        written.append(write_html(model, html, index_href))
    if xlsx is not None:
        from scorecard.io.excel_report import write_xlsx

        written.append(write_xlsx(model, xlsx))
    return written


@command("report", help="help.report", epilog="help.report.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@rubric_option
@units_option
@peers_option
@reference_option
@option("--focus", "-f", default=None, metavar="WILAYAH", help="help.opt.focus-report")
@year_option
@option("--output", "-o", default=None, type=click.Path(path_type=str), help="help.opt.report-output")
@option("--excel", is_flag=True, default=False, help="help.opt.excel")
@option("--all", "all_", is_flag=True, default=False, help="help.opt.all")
@option("--jobs", "-j", type=click.IntRange(1, 256), default=None, metavar="N", help="help.opt.jobs")
@option("--uncertainty", is_flag=True, default=False, help="help.opt.uncertainty")
@seed_option("help.opt.report-seed")
@force_option
@handle_input_errors
def report(workbook: str, rubric: str | None, peers: str, reference: tuple[str, ...], focus: str | None,
           year: int | None,
           output: str | None, excel: bool, all_: bool, jobs: int | None, uncertainty: bool,
           seed: int | None, force: bool) -> None:
    from scorecard import i18n
    from scorecard.io.output import is_stream, names_folder

    lang = current_lang()
    if all_ and focus:
        raise click.UsageError(i18n.t("report.cli.focus-and-all", lang))
    if not all_ and not focus:
        raise click.UsageError(i18n.t("report.cli.need-focus", lang))
    html_path: Path | None = None
    xlsx_path: Path | None = None
    stream = not all_ and is_stream(output)  # -o /dev/stdout, a pipe: the HTML page, written directly
    if stream and excel:
        raise click.UsageError(i18n.t("report.cli.excel-needs-file", lang))
    if not all_ and output and not stream and (names_folder(output) or
                                               (Path(output).exists() and not Path(output).is_file())):
        check_outputs(force, (output, "report"))  # a folder (or "-o r.html/"), a socket: exit 1 before the suffix rule
    if not all_ and output and not stream:
        suffix = Path(output).suffix.lower()
        if suffix not in (".html", ".htm", ".xlsx"):
            raise click.UsageError(i18n.t("report.cli.bad-suffix", lang, suffix=suffix or output))
    from scorecard.analysis import analyse
    from scorecard.unscored import unscored_issues

    # the national context section (and --peers similar): docs/context.md
    ref = load_reference_for(peers, focus if not all_ else None, reference, always=True)
    rub, tables, issues = load_inputs(workbook, rubric, year)
    # rank intervals are reproducible by default: --seed, else the rubric's seed, else 1
    seed = seed if seed is not None else (rub.uncertainty.seed if rub.uncertainty.seed is not None else 1)
    if all_:
        check_outputs(force, folders=(Path(output or "laporan"),))  # -o naming a file: refused before any work
        analysis = analyse(tables, rub, peers=peers, notes=issues, uncertainty=uncertainty, seed=seed,
                           reference=ref).with_wide()  # each region's hosts as report --focus finds them
        issues.extend(unscored_issues(analysis.score))  # a dimension or the whole index without a score: why
        print_issues(issues, lang)
        _batch(analysis, lang, Path(output or "laporan"), excel, jobs, force)
        return
    assert focus is not None  # checked above: --focus or --all
    code = resolve_focus(tables, focus)
    analysis = analyse(tables, rub, peers=peers, focus=code, notes=issues, uncertainty=uncertainty, seed=seed,
                       recommend=True, reference=ref)
    issues.extend(unscored_issues(analysis.score))
    print_issues(issues, lang)
    name = str(analysis.score.regions.at[code, "name"])
    if stream and output:
        html_path = Path(output)
    elif output and Path(output).suffix.lower() == ".xlsx":
        xlsx_path = Path(output)
        html_path = xlsx_path.with_suffix(".html") if excel else None
    else:
        html_path = Path(output) if output else Path(report_filename(code, name))
        xlsx_path = html_path.with_suffix(".xlsx") if excel else None
    brief = html_path is not None and not stream  # the visit brief goes next to a page file, not into a stream
    # every file checked before any is written (report data.xlsx -o data.html --excel writes nothing)
    check_outputs(force, (html_path, "report"), (xlsx_path, "report"),
                  (brief_path(html_path, lang) if brief and html_path is not None else None, "brief"))
    for path in write_reports(analysis, lang, html_path, xlsx_path, brief=brief):
        say_written(path, "report.cli.written", err=False)


def _workbook_name(result: Any) -> str | None:
    file = getattr(result.tables, "file", None)
    return Path(file).name if file else None


# ----------------------------------------------------------------------------------------------
# Batch: one report per region, spread over worker processes; scoring is done once.

_WORKER: dict[str, Any] = {}


class _Stop(Exception):
    """Raised in a worker by the batch's stop signal while it writes a report."""


def _init_worker(analysis: Analysis, lang: str, outdir: str, excel: bool) -> None:
    _WORKER.update(analysis=analysis, lang=lang, outdir=Path(outdir), excel=excel)


def _init_process_worker(analysis: Analysis, lang: str, outdir: str, excel: bool) -> None:
    """A worker process: Ctrl-C is the main process's to handle; the main process stops a worker
    with SIGTERM, which interrupts a write (its temporary file is removed) or ends an idle worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_stop)
    _init_worker(analysis, lang, outdir, excel)


def _on_stop(signum: int, frame: Any) -> None:
    if _WORKER.get("busy"):
        raise _Stop()
    os._exit(130)


def _planned(analysis: Analysis, code: str, outdir: Path, excel: bool, lang: str) -> tuple[Path, Path | None, Path]:
    """A region's files: its page, its workbook (``--excel``) and its visit brief (telaahan staf,
    HTML, linked from the page as ``report --focus`` writes it)."""
    html = outdir / report_filename(code, str(analysis.score.regions.at[code, "name"]))
    return html, (html.with_suffix(".xlsx") if excel else None), brief_path(html, lang)


def _one(code: str) -> tuple[str, dict[str, str]]:
    analysis, outdir = _WORKER["analysis"], _WORKER["outdir"]
    html, xlsx, brief_file = _planned(analysis, code, outdir, _WORKER["excel"], _WORKER["lang"])
    # batch workbooks hold the focus region's own dimension and indicator sheets: the all-regions
    # sheets would be the same in every file (write one with `report --focus … -o x.xlsx`)
    _WORKER["busy"] = True
    try:
        written = write_reports(analysis.for_focus(code), _WORKER["lang"], html, xlsx, index_href="index.html",
                                full=False, brief=True)
    except _Stop:
        os._exit(130)  # the interrupted write has removed its temporary file on the way here
    finally:
        _WORKER["busy"] = False
    files = {"html": html.name}
    if xlsx is not None:
        files["xlsx"] = xlsx.name
    if brief_file in written:  # a region without a recommendation (not rated) has no brief
        files["brief"] = brief_file.name
    brief = html.with_suffix(".docx")  # a brief written for this region (scorecard brief) is linked too
    if brief.exists():
        files["docx"] = brief.name
    return code, files


def _batch(analysis: Analysis, lang: str, outdir: Path, excel: bool, jobs: int | None, force: bool = False) -> None:
    """Write one report per region and the index page. Every path is checked first (the overwrite
    rule); Ctrl-C stops within a second or two: workers are stopped, no temporary or half-written
    file is left, the index is not written, exit 130 (docs/reliability.md, "Interrupting")."""
    from scorecard import i18n
    from scorecard.commands.common import check_outputs
    from scorecard.io.html_report import render_index
    from scorecard.report_model import build_index

    codes = list(analysis.score.codes)
    planned = [_planned(analysis, code, outdir, excel, lang) for code in codes]
    index = outdir / "index.html"
    plan = check_outputs(force, *[(p, "brief" if k == 2 else "report") for files in planned for k, p in enumerate(files)],
                         (index, "report-index"), folders=(outdir,))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from scorecard.io.output import _os_error_issue
        from scorecard.issues import InputError

        raise InputError(_os_error_issue(exc, outdir)) from None
    workers = max(1, min(jobs or (os.cpu_count() or 1), len(codes)))
    hrefs: dict[str, dict[str, str]] = {}
    import time

    started = time.time_ns()  # files of an unfinished region written after this are removed on Ctrl-C
    label = i18n.t("report.cli.progress", lang)
    try:
        with click.progressbar(length=len(codes), label=label, file=sys.stderr, show_pos=True) as bar:
            if workers == 1 or len(codes) < SERIAL_BELOW:
                _init_worker(analysis, lang, str(outdir), excel)
                for code in codes:
                    done, name = _one(code)
                    hrefs[done] = name
                    bar.update(1)
            else:
                _parallel(analysis, lang, outdir, excel, workers, codes, hrefs, bar)
    except KeyboardInterrupt as exc:
        from scorecard.cli import EXIT_INTERRUPTED, EXIT_STOPPED, Stopped

        _sweep_temporary(outdir, planned)
        _remove_unfinished(planned, codes, hrefs, started)
        stopped = isinstance(exc, Stopped)  # SIGTERM: the same clean-up, exit 143
        click.echo("", err=True)
        click.echo(visible(i18n.t("report.cli.stopped" if stopped else "report.cli.interrupted", lang, n=len(hrefs),
                                  total=len(codes), path=str(outdir))), err=True)
        # Leave now: the stopped pool's threads and exit hooks may still touch pipes the killed
        # workers closed ("OSError: Bad file descriptor" after the one line). Everything of ours
        # is written or swept; flush and end without running them.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_STOPPED if stopped else EXIT_INTERRUPTED)
    plan.write(index, render_index(build_index(analysis, hrefs, lang)))
    click.echo(visible(i18n.t("report.cli.batch-done", lang, n=len(hrefs), path=str(index))))


def _parallel(analysis: Analysis, lang: str, outdir: Path, excel: bool, workers: int, codes: list[str],
              hrefs: dict[str, dict[str, str]], bar: Any) -> None:
    import signal
    from concurrent.futures import ProcessPoolExecutor, as_completed

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # workers start with Ctrl-C ignored
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_process_worker,
                               initargs=(analysis, lang, str(outdir), excel))
    try:
        futures = [pool.submit(_one, code) for code in codes]
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        for fut in as_completed(futures):
            done, name = fut.result()
            hrefs[done] = name
            bar.update(1)
    except BaseException:  # Ctrl-C, or a worker's error (a full disk): stop every worker now
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool: Any) -> None:
    """Cancel the queued reports, stop the running ones (SIGTERM: the write in progress removes
    its temporary file) and wait at most about two seconds for the workers to end."""
    import threading
    import time

    # the pool is being torn down on purpose: its manager thread failing on a closed pipe is
    # expected, not news for the user (the real cause, if any, is raised in the main thread)
    threading.excepthook = lambda args: None
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    deadline = time.monotonic() + 2.0
    for proc in processes:
        try:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(0.5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
    # the pool's manager thread closes its wake-up pipe once the workers are gone; unregister it
    # so that the interpreter's exit hook does not write to the closed pipe ("Bad file descriptor")
    from concurrent.futures import process as _process

    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(max(0.1, deadline - time.monotonic()))
        getattr(_process, "_threads_wakeups", {}).pop(manager, None)


def _remove_unfinished(planned: list[tuple[Path, Path | None, Path]], codes: list[str], hrefs: dict[str, dict[str, str]],
                       started: int) -> None:
    """After an interrupt a region counts as complete only when all its outputs are written and
    reported back: the files of any other region that this run wrote (its page without its
    workbook, say) are removed, so that "N of M complete" is what the folder holds. A file from an
    earlier run (older than ``started``) is left alone."""
    for code, pair in zip(codes, planned):
        if code in hrefs:
            continue
        for path in pair:
            if path is None:
                continue
            try:
                if path.is_file() and path.stat().st_mtime_ns >= started:
                    path.unlink()
            except OSError:
                pass


def _sweep_temporary(outdir: Path, planned: list[tuple[Path, Path | None, Path]]) -> None:
    """Backstop after an interrupt: remove any temporary file of this batch's reports that a
    killed worker could not remove itself (``.NAME.*.scorecard.tmp`` beside NAME)."""
    from scorecard.io.output import TMP_MARK

    names = {p.name for pair in planned for p in pair if p is not None} | {"index.html"}
    try:
        entries = list(os.scandir(outdir))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(TMP_MARK):
            base = entry.name[1:].rsplit(".", 2)[0]  # ".NAME.random.scorecard.tmp" -> NAME
            if any(entry.name.startswith(f".{n}.") for n in names) or base in names:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


# ----------------------------------------------------------------------------------------------
# `scorecard demo` step


def demo_step(analysis: Analysis, outdir: Path, lang: str) -> list[Path]:
    """Write the HTML and Excel reports of the sample focus region (Kota Balikpapan)."""
    result = analysis.score
    focus = DEMO_FOCUS if DEMO_FOCUS in result.regions.index else result.codes[0]
    name = str(result.regions.at[focus, "name"])
    html = Path(outdir) / report_filename(focus, name)
    return write_reports(analysis.for_focus(focus), lang, html, html.with_suffix(".xlsx"), brief=True)
