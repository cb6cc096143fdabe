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
    from scorecard.judgement import coverage_table

    cov = coverage_table(tables, rub)  # issue 13 point 1: coverage per region, who will not be rated
    if fmt == "json":
        from scorecard.io.output import dumps_json

        click.echo(dumps_json({"valid": True, "regions": len(tables.regions),
                               "min_coverage": rub.missing.min_coverage,
                               "coverage": [{"code": str(code), "name": r.name, "coverage": round(float(r.coverage), 4),
                                             "rated": bool(r.rated), "missing": list(r.missing)}
                                            for code, r in cov.iterrows()],
                               "not_rated": [str(c) for c in cov.index[~cov["rated"].astype(bool)]],
                               "issues": [i.to_dict(lang) for i in report]}), nl=False)
        return
    print_issues(report, lang)
    click.echo(i18n.t("validate.ok", lang, file=workbook, n=len(tables.regions), rubric=rub.id,
                      version=rub.version))
    _coverage_lines(cov, rub, lang)


SHOWN = 100  # coverage lines printed in the text output (all of them are in --format json)


def _coverage_lines(cov, rub, lang: str) -> None:
    t = i18n.t
    click.echo(t("validate.coverage-title", lang, min=i18n.percent(rub.missing.min_coverage, lang)))
    for code, r in list(cov.iterrows())[:SHOWN]:
        state = "" if r.rated else " — " + t("status.not-rated-short", lang)
        click.echo(f"  {r['name']} ({code}): {i18n.percent(float(r.coverage), lang)}{state}")
    if len(cov) > SHOWN:
        click.echo("  " + t("validate.coverage-more", lang, n=len(cov) - SHOWN))
    out = cov[~cov["rated"].astype(bool)]
    if len(out):
        click.echo(t("validate.not-rated", lang, n=len(out), regions=i18n.join([
            f"{r['name']} ({i18n.percent(float(r.coverage), lang)})" for _, r in out.iterrows()], lang)))
    else:
        click.echo(t("validate.all-rated", lang))
