"""``scorecard validate``: check a workbook (and rubric) and list every problem."""

from __future__ import annotations

import click

from scorecard import i18n
from scorecard.commands.common import (units_option, command, current_lang, handle_input_errors, load_inputs, option,
                                       print_issues, rubric_option, year_option)


@command("validate", help="help.validate", epilog="help.validate.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@rubric_option
@units_option
@year_option
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="help.opt.format-validate")
@handle_input_errors
def validate(workbook: str, rubric: str | None, year: int | None, fmt: str) -> None:
    from scorecard.issues import InputError

    lang = current_lang()
    try:
        rub, tables, report = load_inputs(workbook, rubric, year)
    except InputError as exc:
        if fmt == "json":
            from scorecard.io.output import dumps_json

            click.echo(dumps_json({"valid": False, "issues": [i.to_dict(lang) for i in exc.report]}), nl=False)
            raise SystemExit(1)
        raise
    if fmt == "json":
        from scorecard.io.output import dumps_json

        click.echo(dumps_json({"valid": True, "regions": len(tables.regions),
                               "issues": [i.to_dict(lang) for i in report]}), nl=False)
        return
    print_issues(report, lang)
    click.echo(i18n.t("validate.ok", lang, file=workbook, n=len(tables.regions), rubric=rub.id,
                      version=rub.version))
