"""``scorecard validate``: check a workbook (and rubric) and list every problem."""

from __future__ import annotations

import click

from scorecard.issues import visible
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
        rub, tables, report = load_inputs(workbook, rubric, year, scoring=False)
    except InputError as exc:
        if fmt == "json":
            from scorecard.io.output import dumps_json

            click.echo(dumps_json({"valid": False, "issues": [i.to_dict(lang) for i in exc.report]}), nl=False)
            raise SystemExit(1)
        raise
    from scorecard.judgement import coverage_table

    report.extend(_older_reference_figures(tables))
    cov = coverage_table(tables, rub)  # issue 13 point 1: coverage per region, who will not be rated
    if fmt == "json":
        from scorecard.io.output import dumps_json

        click.echo(dumps_json({"valid": True, "regions": len(tables.regions),
                               "min_coverage": rub.missing.min_coverage,
                               "coverage": [{"code": str(code), "name": str(r["name"]), "coverage": round(float(r.coverage), 4),
                                             "rated": bool(r.rated), "missing": list(r.missing)}
                                            for code, r in cov.iterrows()],
                               "not_rated": [str(c) for c in cov.index[~cov["rated"].astype(bool)]],
                               "from_text": from_text_cells(tables),
                               "issues": [i.to_dict(lang) for i in report]}), nl=False)
        return
    print_issues(report, lang)
    click.echo(visible(i18n.t("validate.ok", lang, file=workbook, n=len(tables.regions), rubric=rub.id,
                      version=rub.version)))
    _from_text_lines(tables, lang)
    _coverage_lines(cov, rub, lang)


def _older_reference_figures(tables) -> list:
    """Figures ``init --context`` filled from the reference data whose year is not the row's year
    (DAPOER 2019 in a 2025 row), still cited as such: one located warning each. Only a workbook
    with a ``sumber_<context column>`` loads the reference data."""
    from scorecard.context_template import CONTEXT_COLUMNS, older_reference_cells

    sources = getattr(tables, "sources", None)
    if sources is None or not any(f"sumber_{c}" in sources.columns and sources[f"sumber_{c}"].notna().any()
                                  for c in CONTEXT_COLUMNS):
        return []
    from scorecard.io.reference_file import load_reference, load_shipped
    from scorecard.issues import InputError

    try:
        ref = load_reference()
    except InputError:  # a broken SCORECARD_REFERENCE table is 'context''s to report; the shipped citations still count
        ref = load_shipped()
    return older_reference_cells(tables, ref)


def from_text_cells(tables) -> list[dict]:
    """Every number read from a text cell ("1.234,5", "72%"): where it is and the number taken
    (issue 19: validate says so, not only the report). Sorted by sheet, row, column."""
    out = []
    cells = getattr(tables, "cells", {})
    for code, col in getattr(tables, "from_text", frozenset()):
        where = cells[(code, col)] if (code, col) in cells else (None, None, None)
        value = tables.regions.at[code, col] if col in tables.regions.columns else None
        out.append({"sheet": where[0], "row": where[1], "column_letter": where[2], "column": col,
                    "code": str(code), "name": str(tables.regions.at[code, "name"]) if "name" in tables.regions else "",
                    "value": None if value is None or value != value else float(value)})
    return sorted(out, key=lambda d: (str(d["sheet"]), d["row"] or 0, len(d["column_letter"] or ""),
                                      d["column_letter"] or "", d["column"]))


def _from_text_lines(tables, lang: str) -> None:
    cells = from_text_cells(tables)
    if not cells:
        return
    t = i18n.t
    click.echo(t("validate.from-text-title", lang, n=len(cells)))
    for c in cells[:SHOWN]:
        click.echo(visible("  " + t("validate.from-text-line", lang, sheet=c["sheet"] or "-", row=c["row"] or "-",
                             letter=c["column_letter"] or "-", column=c["column"], name=c["name"],
                             value=i18n.decimal(c["value"], lang, 6))))
    if len(cells) > SHOWN:
        click.echo("  " + t("validate.from-text-more", lang, n=len(cells) - SHOWN))


SHOWN = 100  # coverage lines printed in the text output (all of them are in --format json)


def _coverage_lines(cov, rub, lang: str) -> None:
    t = i18n.t
    click.echo(t("validate.coverage-title", lang, min=i18n.percent(rub.missing.min_coverage, lang)))
    for code, r in list(cov.iterrows())[:SHOWN]:
        state = "" if r.rated else " — " + t("status.not-rated-short", lang)
        click.echo(visible(f"  {r['name']} ({code}): {i18n.percent(float(r.coverage), lang)}{state}"))
    if len(cov) > SHOWN:
        click.echo("  " + t("validate.coverage-more", lang, n=len(cov) - SHOWN))
    out = cov[~cov["rated"].astype(bool)]
    if len(out):
        click.echo(visible(t("validate.not-rated", lang, n=len(out), regions=i18n.join([
            f"{r['name']} ({i18n.percent(float(r.coverage), lang)})" for _, r in out.iterrows()], lang))))
    else:
        click.echo(t("validate.all-rated", lang))
