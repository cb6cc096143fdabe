"""``scorecard score``: ranked regions with dimension scores and grades."""

from __future__ import annotations

import click

from scorecard.commands.common import (command, current_lang, handle_input_errors, load_inputs, option,
                                       peers_option, print_issues, resolve_focus, rubric_option, write_or_echo,
                                       year_option)


@command("score", help="help.score", epilog="help.score.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@rubric_option
@peers_option
@option("--focus", "-f", default=None, metavar="WILAYAH", help="help.opt.focus-score")
@year_option
@option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
        help="help.opt.format")
@option("--output", "-o", default=None, type=click.Path(dir_okay=False, path_type=str), help="help.opt.output")
@handle_input_errors
def score(workbook: str, rubric: str | None, peers: str, focus: str | None, year: int | None, fmt: str,
          output: str | None) -> None:
    from scorecard.io import score_output
    from scorecard.pipeline import score as run_score

    lang = current_lang()
    rub, tables, report = load_inputs(workbook, rubric, year)
    focus_code = resolve_focus(tables, focus) if focus else None
    if peers != "all" and focus_code is None and fmt == "table":
        pass  # every peer group is scored and ranked on its own
    result = run_score(tables, rub, peers=peers, focus=focus_code, notes=report)
    print_issues(report, lang)
    render = {"table": score_output.score_table, "json": score_output.score_json, "csv": score_output.score_csv}[fmt]
    write_or_echo(render(result, lang), output)
