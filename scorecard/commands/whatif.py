"""``scorecard whatif``: re-score the benchmark with a region's values changed."""

from __future__ import annotations

import click

from typing import TYPE_CHECKING

from scorecard.commands.common import (load_reference_for, reference_option, force_option, units_option, command, current_lang, handle_input_errors, option, peers_option,
                                       print_issues, rubric_option, year_option)

if TYPE_CHECKING:
    from scorecard.issues import Issue, IssueReport


@command("whatif", help="help.whatif", epilog="help.whatif.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@option("--focus", "-f", required=True, metavar="WILAYAH", help="help.opt.whatif-focus")
@option("--set", "sets", multiple=True, required=True, metavar="KOLOM=NILAI", help="help.opt.whatif-set")
@rubric_option
@units_option
@peers_option
@reference_option
@year_option
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
        help="help.opt.format")
@option("--output", "-o", default=None, type=click.Path(path_type=str), help="help.opt.output")
@force_option
@handle_input_errors
def whatif(workbook: str, focus: str, sets: tuple[str, ...], rubric: str | None, peers: str,
           reference: tuple[str, ...], year: int | None, fmt: str, output: str | None, force: bool) -> None:
    from scorecard.commands.common import check_outputs, load_inputs, resolve_focus, write_or_echo
    from scorecard.io.rehearsal_report import whatif_json, whatif_table
    from scorecard.whatif import what_if

    lang = current_lang()
    changes: dict[str, str] = {}
    for item in sets:
        column, sep, value = item.partition("=")
        if not sep or not column.strip():
            from scorecard import i18n  # the placeholder in the reader's language (COLUMN=VALUE in English)

            raise click.BadParameter(item, param_hint=f"--set {i18n.t('metavar.kolom-nilai', lang)}")
        changes[column.strip()] = value.strip()
    ref = load_reference_for(peers, focus, reference)  # --peers similar (docs/context.md)
    rub, tables, report = load_inputs(workbook, rubric, year)
    from scorecard.commands.output_format import output_format
    fmt = output_format(output, fmt, ("table", "json"))  # the file ending and --format (docs/output.md)
    check_outputs(force, (output, "whatif"))
    code = resolve_focus(tables, focus)
    result = what_if(tables, rub, code, changes, peers=peers, reference=ref)
    print_issues(report, lang, errors_only=True)
    from scorecard.unscored import unscored_issues, whatif_unscored_issues

    # as score: a dimension or the whole index without a score, in the workbook as it is and, when
    # the change alters that, after the change
    # and, as recommend says them, the scoring runs' warnings (a ratio or a budget per resident that
    # cannot be computed): "--set penduduk=0" makes every per-resident figure of the region uncomputable
    from scorecard.issues import NOTE

    def warnings(notes: IssueReport) -> list[Issue]:
        return [i for i in notes.issues if i.severity != NOTE]

    changed = {c.column: f"--set {c.column}={c.raw}" for c in result.changes}
    focus_name = str(result.after.regions.at[code, "name"]) if "name" in result.after.regions.columns else code
    print_issues(whatif_unscored_issues(warnings(result.notes_before) + unscored_issues(result.before),
                                        warnings(result.notes_after) + unscored_issues(result.after),
                                        changed=changed, focus_name=focus_name), lang)
    render = whatif_json if fmt == "json" else whatif_table
    write_or_echo(render(result, lang), output)
