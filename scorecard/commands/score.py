"""``scorecard score``: ranked regions with dimension scores and grades.

Optional methodology: ``--uncertainty`` (Monte Carlo rank intervals), ``--sensitivity`` (which
assumption moves the focus region's rank most), ``--audit`` (correlations, Cronbach's alpha,
barely varying indicators). With several years in the workbook the change since the previous
year is added. See ``docs/methodology.md``.
"""

from __future__ import annotations

from pathlib import Path

import click

from scorecard.issues import visible
from scorecard.commands.common import (say_written, seed_option, load_reference_for, reference_option, units_option, command, current_lang, handle_input_errors, load_inputs, option,
                                       peers_option, print_issues, check_outputs, resolve_focus,
                                       rubric_option, write_or_echo, year_option)


@command("score", help="help.score", epilog="help.score.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@rubric_option
@units_option
@peers_option
@reference_option
@option("--focus", "-f", default=None, metavar="WILAYAH", help="help.opt.focus-score")
@year_option
@option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
        help="help.opt.format")
@option("--output", "-o", default=None, type=click.Path(path_type=str), help="help.opt.output")
@option("--force", is_flag=True, default=False, help="help.opt.force-output")
@option("--uncertainty", is_flag=True, default=False, help="help.opt.uncertainty")
@option("--replications", type=click.IntRange(10, 100_000), default=None, metavar="N", help="help.opt.replications")
@seed_option()
@option("--sensitivity", is_flag=True, default=False, help="help.opt.sensitivity")
@option("--audit", is_flag=True, default=False, help="help.opt.audit")
@handle_input_errors
def score(workbook: str, rubric: str | None, peers: str, reference: tuple[str, ...], focus: str | None,
          year: int | None, fmt: str, output: str | None, uncertainty: bool, replications: int | None,
          seed: int | None, sensitivity: bool, audit: bool, force: bool) -> None:
    from scorecard import i18n

    lang = current_lang()
    if sensitivity and not focus:
        raise click.UsageError(i18n.t("cli.sensitivity-needs-focus", lang))
    if (replications is not None or seed is not None) and not uncertainty:
        raise click.UsageError(i18n.t("cli.uncertainty-options", lang))
    ref = load_reference_for(peers, focus, reference)  # --peers similar (docs/context.md)
    # the modules scoring and writing need are imported while the workbook is read (a thread)
    rub, tables, report = load_inputs(workbook, rubric, year,
                                      prepare=("scorecard.analysis", "scorecard.io.score_output"))
    from scorecard.analysis import analyse
    from scorecard.io import score_output
    from scorecard.commands.output_format import output_format
    fmt = output_format(output, fmt, ("table", "json", "csv"))  # the file ending and --format (docs/output.md)
    check_outputs(force, (output, "score"))  # the overwrite rule, docs/reliability.md
    focus_code = resolve_focus(tables, focus) if focus else None
    result = analyse(tables, rub, peers=peers, focus=focus_code, notes=report, uncertainty=uncertainty,
                     replications=replications, seed=seed, sensitivity=sensitivity, audit=audit, reference=ref)
    from scorecard.unscored import unscored_issues

    report.extend(unscored_issues(result.score))  # a dimension or the whole index without a score: why
    print_issues(report, lang)
    if fmt == "json" and output:  # the encoded bytes straight to the file (0.4 GB for 84,000 villages)
        from scorecard.io.output import atomic_write_bytes

        atomic_write_bytes(output, score_output.score_json_chunks(result, lang))
        say_written(output)
        return
    if fmt == "csv" and output:  # a block of rows at a time to the file (90 MB for 84,000 villages)
        from scorecard.io.output import atomic_write_bytes

        atomic_write_bytes(output, score_output.score_csv_byte_chunks(result, lang))
        say_written(output)
        return
    render = {"table": score_output.score_table, "json": score_output.score_json, "csv": score_output.score_csv}[fmt]
    write_or_echo(render(result, lang), output)

