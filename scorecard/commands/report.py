"""``scorecard report``: a self-contained HTML report (and/or an Excel workbook) for one focus
region, or with ``--all`` one report per region plus an index page."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from scorecard.commands.common import (units_option, command, current_lang, handle_input_errors, load_inputs, option,
                                       peers_option, print_issues, resolve_focus, rubric_option, year_option)

DEMO_FOCUS = "64.71"  # Kota Balikpapan, the sample focus region of `scorecard demo`
SERIAL_BELOW = 8  # batches smaller than this are not worth starting worker processes for


def slug(text: str) -> str:
    """A file-name-safe, lower-case ASCII version of a region name."""
    ascii_ = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60] or "wilayah"


def report_filename(code: str, name: str, suffix: str = ".html") -> str:
    return f"{code}-{slug(name)}{suffix}"


def recommend_for(result: Any, focus: str) -> Any:
    """The recommendation for ``focus``, or None if the recommender is not available."""
    try:
        from scorecard.recommend import recommend
    except ImportError:  # pragma: no cover - the recommender ships with the package
        return None
    return recommend(result, focus)


def write_reports(result: Any, focus: str, lang: str, html: Path | None, xlsx: Path | None,
                  index_href: str | None = None, full: bool = True, brief: bool = False) -> list[Path]:
    """Build the report model once and write the requested files. ``full=False`` keeps the
    workbook to the focus region (its dimensions and indicators) instead of every region.
    ``brief``: also write the visit brief (telaahan staf, HTML) next to the HTML report and link it."""
    import dataclasses

    from scorecard.report_model import build_report

    rec = recommend_for(result, focus)
    model = build_report(result, focus, lang, rec, full=full and xlsx is not None)
    written = []
    if brief and html is not None and rec is not None:
        from scorecard.commands.brief import write_brief

        brief_path = html.with_name(html.stem + "-telaahan.html")
        written.append(write_brief(result, focus, lang, brief_path, rec=rec, workbook=_workbook_name(result)))
        model = dataclasses.replace(model, brief_href=brief_path.name)
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
@option("--focus", "-f", default=None, metavar="WILAYAH", help="help.opt.focus-report")
@year_option
@option("--output", "-o", default=None, type=click.Path(path_type=str), help="help.opt.report-output")
@option("--excel", is_flag=True, default=False, help="help.opt.excel")
@option("--all", "all_", is_flag=True, default=False, help="help.opt.all")
@option("--jobs", "-j", type=click.IntRange(1, 256), default=None, help="help.opt.jobs")
@option("--uncertainty", is_flag=True, default=False, help="help.opt.uncertainty")
@option("--seed", type=int, default=None, help="help.opt.report-seed")
@handle_input_errors
def report(workbook: str, rubric: str | None, peers: str, focus: str | None, year: int | None,
           output: str | None, excel: bool, all_: bool, jobs: int | None, uncertainty: bool,
           seed: int | None) -> None:
    from scorecard import i18n

    lang = current_lang()
    if all_ and focus:
        raise click.UsageError(i18n.t("report.cli.focus-and-all", lang))
    if not all_ and not focus:
        raise click.UsageError(i18n.t("report.cli.need-focus", lang))
    html_path = xlsx_path = None
    if not all_ and output:
        suffix = Path(output).suffix.lower()
        if suffix not in (".html", ".htm", ".xlsx"):
            raise click.UsageError(i18n.t("report.cli.bad-suffix", lang, suffix=suffix or output))
    from scorecard.pipeline import score as run_score

    rub, tables, issues = load_inputs(workbook, rubric, year)
    if all_:
        result = run_score(tables, rub, peers=peers, notes=issues)
        print_issues(issues, lang)
        _add_trends(result, tables, rub, peers)
        if uncertainty:
            _add_uncertainty(result, seed)
        _batch(result, lang, Path(output or "laporan"), excel, jobs)
        return
    code = resolve_focus(tables, focus)
    result = run_score(tables, rub, peers=peers, focus=code, notes=issues)
    print_issues(issues, lang)
    _add_trends(result, tables, rub, peers)
    if uncertainty:
        _add_uncertainty(result, seed)
    name = str(result.regions.at[code, "name"])
    if output and Path(output).suffix.lower() == ".xlsx":
        xlsx_path = Path(output)
        html_path = xlsx_path.with_suffix(".html") if excel else None
    else:
        html_path = Path(output) if output else Path(report_filename(code, name))
        xlsx_path = html_path.with_suffix(".xlsx") if excel else None
    for path in write_reports(result, code, lang, html_path, xlsx_path, brief=html_path is not None):
        click.echo(i18n.t("report.cli.written", lang, path=str(path)))


def _workbook_name(result: Any) -> str | None:
    file = getattr(result.tables, "file", None)
    return Path(file).name if file else None


def _add_trends(result: Any, tables: Any, rubric: Any, peers: str) -> None:
    """Change since the previous year (scorecard.trends) when the workbook holds several years."""
    from scorecard.trends import change_trends

    trends = change_trends(tables, rubric, peers, result.year)
    if trends is not None:
        result.extras["trends"] = trends


def _add_uncertainty(result: Any, seed: int | None) -> None:
    """Rank intervals from the uncertainty analysis (scorecard.uncertainty), shown on every page.
    Without --seed the rubric's seed is used, else 1: a report is reproducible by default."""
    from scorecard.uncertainty import rank_uncertainty

    spec = getattr(result.rubric, "uncertainty", None)
    if seed is None:
        seed = getattr(spec, "seed", None)
    result.extras["uncertainty"] = rank_uncertainty(result, seed=1 if seed is None else seed)


# ----------------------------------------------------------------------------------------------
# Batch: one report per region, spread over worker processes; scoring is done once.

_WORKER: dict[str, Any] = {}


def _init_worker(result: Any, lang: str, outdir: str, excel: bool) -> None:
    _WORKER.update(result=result, lang=lang, outdir=Path(outdir), excel=excel)


def _one(code: str) -> tuple[str, str]:
    result, outdir = _WORKER["result"], _WORKER["outdir"]
    name = report_filename(code, str(result.regions.at[code, "name"]))
    html = outdir / name
    xlsx = html.with_suffix(".xlsx") if _WORKER["excel"] else None
    # batch workbooks hold the focus region's own dimension and indicator sheets: the all-regions
    # sheets would be the same in every file (write one with `report --focus … -o x.xlsx`)
    write_reports(result, code, _WORKER["lang"], html, xlsx, index_href="index.html", full=False)
    return code, name


def _batch(result: Any, lang: str, outdir: Path, excel: bool, jobs: int | None) -> None:
    from scorecard import i18n
    from scorecard.io.html_report import render_index
    from scorecard.io.output import atomic_write_text
    from scorecard.report_model import build_index

    codes = list(result.codes)
    outdir.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or (os.cpu_count() or 1), len(codes)))
    hrefs: dict[str, str] = {}
    label = i18n.t("report.cli.progress", lang)
    with click.progressbar(length=len(codes), label=label, file=sys.stderr, show_pos=True) as bar:
        if workers == 1 or len(codes) < SERIAL_BELOW:
            _init_worker(result, lang, str(outdir), excel)
            for code in codes:
                done, name = _one(code)
                hrefs[done] = name
                bar.update(1)
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                     initargs=(result, lang, str(outdir), excel)) as pool:
                futures = [pool.submit(_one, code) for code in codes]
                for fut in as_completed(futures):
                    done, name = fut.result()
                    hrefs[done] = name
                    bar.update(1)
    index = outdir / "index.html"
    atomic_write_text(index, render_index(build_index(result, hrefs, lang)))
    click.echo(i18n.t("report.cli.batch-done", lang, n=len(hrefs), path=str(index)))


# ----------------------------------------------------------------------------------------------
# `scorecard demo` step


def demo_step(result: Any, outdir: Path, lang: str) -> list[Path]:
    """Write the HTML and Excel reports of the sample focus region (Kota Balikpapan)."""
    focus = DEMO_FOCUS if DEMO_FOCUS in result.regions.index else result.codes[0]
    name = str(result.regions.at[focus, "name"])
    html = Path(outdir) / report_filename(focus, name)
    return write_reports(result, focus, lang, html, html.with_suffix(".xlsx"), brief=True)
