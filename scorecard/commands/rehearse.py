"""``scorecard rehearse``: predict the Smart City evaluation result from a self-assessment."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import click

from scorecard import i18n
from scorecard.issues import visible
from scorecard.commands.common import say_written, command, current_lang, force_option, handle_input_errors, option, print_issues

if TYPE_CHECKING:  # the command module imports click only at start-up
    from scorecard.issues import IssueReport
    from scorecard.rehearsal import BenchmarkView, Rehearsal


@command("rehearse", help="help.rehearse", epilog="help.rehearse.epilog")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=str))
@option("--stage", "--tahap", "stage", type=click.Choice(["1", "2"]), required=True, help="help.opt.rehearse-stage")
@option("--focus", "-f", default=None, metavar="WILAYAH", help="help.opt.rehearse-focus")
@option("--rubric", "-r", "rubric", default=None, metavar="INSTRUMEN", help="help.opt.rehearse-rubric")
@option("--weights", "--bobot", "weights", default=None, metavar="PROFIL", help="help.opt.rehearse-weights")
@option("--target", "target_text", default=None, metavar="INDEKS", help="help.opt.rehearse-target")
@option("--until", "until_text", default=None, metavar="YYYY-MM-DD", help="help.opt.rehearse-until")
@option("--benchmark", "benchmark", default=None, type=click.Path(dir_okay=True, path_type=str), metavar="WORKBOOK",
        help="help.opt.rehearse-benchmark")
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
        help="help.opt.format")
@option("--output", "-o", default=None, type=click.Path(path_type=str),
        help="help.opt.rehearse-output")
@force_option
@handle_input_errors
def rehearse(workbook: str, stage: str, focus: str | None, rubric: str | None, weights: str | None,
             target_text: str | None, until_text: str | None, benchmark: str | None, fmt: str,
             output: str | None, force: bool) -> None:
    from pathlib import Path

    from scorecard.parse import parse_number

    target = None
    if target_text is not None:  # "3,5" or "3.5", read like a workbook cell
        parsed = parse_number(target_text)
        if not parsed.ok or parsed.value is None:
            raise click.BadParameter(target_text, param_hint="--target")
        target = parsed.value

    import datetime as _dt

    today = _dt.date.today()
    until = stage_two_date(until_text, today, current_lang()) if until_text is not None else None

    from scorecard import i18n
    from scorecard.commands.common import check_outputs, current_year, write_or_echo
    from scorecard.io import rehearsal_report
    from scorecard.io.output import protect_inputs
    from scorecard.io.registry_file import load_registry
    from scorecard.io.rehearsal_file import instrument_path, load_instrument, read_assessment
    from scorecard.issues import InputError, Issue
    from scorecard.rehearsal import plan_before
    from scorecard.rehearsal import rehearse as run_rehearsal

    lang = current_lang()
    from scorecard.commands.output_format import output_format

    # the one rule of every command (docs/output.md): the ending chooses (.json, .html, .xlsx; .txt or
    # none the table); a --format contradicting it, or an ending rehearse cannot write, is a usage error
    fmt = output_format(output, fmt, ("table", "json"), extra={".html": "html", ".htm": "html", ".xlsx": "xlsx"})
    ins = load_instrument(rubric)
    if weights is not None and weights not in ins.profiles:
        raise InputError(Issue("rehearsal-unknown-weights", option="--weights", value=weights,
                               params={"options": ", ".join(ins.profiles)}))
    if target is not None and not ins.min_level <= target <= ins.max_level:
        raise InputError(Issue("rehearsal-target-outside", option="--target", value=target,
                               params={"low": ins.min_level, "high": ins.max_level}))
    registry = load_registry()
    # the self-assessment and the instrument are never overwritten, --force or not
    protect_inputs(workbook if Path(workbook).exists() else None, instrument_path(rubric),
                   benchmark if benchmark and Path(benchmark).exists() else None)
    outputs = check_outputs(force, (output, "rehearse"))  # every output path checked before any work
    assessment, report = read_assessment(workbook, ins, registry, current_year=current_year())
    if focus:
        res = registry.resolve(focus, None) if not any(ch.isdigit() for ch in focus) else registry.resolve(None, focus)
        if res.code is None:
            raise InputError(Issue(res.problem or "region-not-found", option="--focus", value=focus,
                                   params={"candidates": "; ".join(res.candidates) or "-", "name": focus}))
        if assessment.region_code is not None and assessment.region_code != res.code:
            raise InputError(Issue("rehearsal-focus-mismatch", file=assessment.file, option="--focus", value=focus,
                                   params={"region": registry.label(assessment.region_code)}))
        from dataclasses import replace

        assessment = replace(assessment, region_code=res.code, region_name=registry.title(res.code))
    from scorecard.io.rehearsal_file import places_for

    places = places_for(registry, [c for c in [assessment.region_code, *(p.code for p in assessment.peers)] if c])
    result = run_rehearsal(ins, assessment, int(stage), profile=weights, target=target, places=places)
    plan = plan_before(result, today, until)
    links = _benchmark_links(benchmark, result, report) if benchmark else None
    print_issues(report, lang)
    if output and fmt == "html":
        outputs.write(output, rehearsal_report.rehearsal_html(result, lang, plan, links))
        say_written(output)
        return
    if output and fmt == "xlsx":
        outputs.write(output, rehearsal_report.checklist_xlsx(result, lang, plan))
        say_written(output)
        return
    if fmt == "json":
        write_or_echo(rehearsal_report.rehearsal_json(result, lang, plan, links), output)
    else:
        write_or_echo(rehearsal_report.rehearsal_table(result, lang, plan, links), output)


def stage_two_date(text: str, today: datetime.date, lang: str) -> datetime.date:
    """The tahap II date of ``--until``: ISO only (no guessing between 06-11 and 11-06) and after ``today``.
    A wrong one is a usage error (exit 2) in one sentence of the reader's language, dates as the locale
    writes them."""
    import datetime as _dt

    from scorecard import i18n

    try:
        until = _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise click.UsageError(i18n.t("cli.rehearse-until-format", lang, value=text,
                                      example=i18n.date(today + _dt.timedelta(days=60), lang),
                                      iso=(today + _dt.timedelta(days=60)).isoformat())) from None
    if until <= today:
        raise click.UsageError(i18n.t("cli.rehearse-until-past", lang, until=i18n.date(until, lang),
                                      today=i18n.date(today, lang)))
    return until


def _benchmark_links(workbook: str, rh: Rehearsal, report: IssueReport) -> BenchmarkView:
    """Score the benchmark workbook with the rubric the instrument links to, take the self-assessed
    region's weak areas (scorecard.recommend), and map them to the evaluation's criteria."""
    from scorecard.commands.common import load_inputs
    from scorecard.issues import InputError, Issue
    from pathlib import Path

    from scorecard.analysis import analyse

    from scorecard.rehearsal import BenchmarkView, WeakBenchmarkArea, link_benchmark

    ins, code = rh.instrument, rh.assessment.region_code
    if code is None:
        raise InputError(Issue("rehearsal-benchmark-no-region", file=rh.assessment.file, option="--benchmark",
                               value=workbook))
    rubric, tables, breport = load_inputs(workbook, ins.benchmark_rubric, None)
    if code not in tables.regions.index:
        raise InputError(Issue("focus-not-in-workbook", file=tables.file,
                               params={"region": f"{code} {rh.assessment.region_name}"}))
    analysis = analyse(tables, rubric, peers="all", focus=code, notes=breport, trends=False, recommend=True)
    result, rec = analysis.score, analysis.recommendation
    assert rec is not None
    report.extend(breport)  # the benchmark workbook's notes are printed with the self-assessment's
    weak = [WeakBenchmarkArea(w.area_id, w.level, w.name, float(w.impact),
                              rec.candidates[w.area_id][0].name if rec.candidates.get(w.area_id) else None)
            for w in rec.weak_areas]
    group = result.regions.at[code, "peer_group"]
    return BenchmarkView(link_benchmark(rh, weak), int(result.group_sizes[group]), Path(workbook).name)
