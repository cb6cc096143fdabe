"""``scorecard rubrics``: list the shipped rubrics; ``rubrics show ID`` prints one."""

from __future__ import annotations

import click

from scorecard import i18n
from scorecard.cli import LocalizedGroup, common_options, current_lang
from scorecard.commands.common import handle_input_errors


@click.group("rubrics", cls=LocalizedGroup, invoke_without_command=True, help="help.rubrics")
@common_options
@click.pass_context
@handle_input_errors
def rubrics(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from scorecard.io.output import text_table
    from scorecard.io.rubric_file import load_rubric, rubric_kind, shipped_rubrics

    lang = current_lang()
    rows = []
    for rid, path in shipped_rubrics().items():
        if rubric_kind(path) == "evaluation":  # the Smart City evaluation instrument (scorecard rehearse)
            from scorecard.io.rehearsal_file import load_instrument

            ins = load_instrument(path)
            rows.append([rid, ins.version, ins.name.get(lang), str(len(ins.dimensions)), str(len(ins.criteria))])
            continue
        r = load_rubric(path)
        rows.append([rid, r.version, r.name.get(lang), str(len(r.dimensions)), str(len(r.indicators))])
    click.echo(text_table([i18n.t("col.id", lang), i18n.t("col.version", lang), i18n.t("col.name", lang),
                           i18n.t("col.dimensions", lang), i18n.t("col.indicators", lang)], rows), nl=False)


@rubrics.command("show", help="help.rubrics.show")
@click.argument("rubric_id")
@common_options
@handle_input_errors
def show(rubric_id: str) -> None:
    from scorecard.io.rubric_file import load_rubric, resolve_rubric_path

    from scorecard.io.rubric_file import rubric_kind

    path = resolve_rubric_path(rubric_id)
    if rubric_kind(path) == "evaluation":
        from scorecard.io.rehearsal_file import load_instrument

        load_instrument(path)
    else:
        load_rubric(path)  # validate first: never print a broken rubric as if it were fine
    click.echo(path.read_text(encoding="utf-8"), nl=False)
