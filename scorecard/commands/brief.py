"""``scorecard brief``: a one- to two-page telaahan staf proposing studi-tiru visits (DOCX or HTML)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scorecard.issues import visible
from scorecard.commands.common import (say_written, check_outputs, command, current_lang, handle_input_errors, load_inputs,
                                       load_reference_for, option, peers_option, print_issues, reference_option,
                                       resolve_focus, rubric_option, units_option, year_option)
from scorecard.commands.recommend import exclude_option, resolve_exclude

if TYPE_CHECKING:
    from scorecard.analysis import Analysis



def brief_format(path: str | Path) -> str | None:
    """"docx" or "html" by the file's suffix; a stream, device or pipe gets HTML (text); None when
    the suffix is neither (a usage error)."""
    import stat

    from scorecard.io.output import is_stream

    if is_stream(str(path)):
        return "html"
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            return "html"
    except OSError:
        pass
    suffix = Path(path).suffix.lower()
    return "docx" if suffix == ".docx" else ("html" if suffix in (".html", ".htm") else None)


def brief_filename(code: str, name: str, suffix: str = ".docx") -> str:
    from scorecard.commands.report import slug

    return f"telaahan-{code}-{slug(name)}{suffix}"


@command("brief", help="help.brief", epilog="help.brief.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@option("--focus", "-f", required=True, metavar="WILAYAH", help="help.opt.focus-recommend")
@rubric_option
@units_option
@peers_option
@reference_option
@year_option
@option("--stops", "-k", type=click.IntRange(1, 10), default=2, show_default=True, help="help.opt.stops")
@exclude_option
@option("--output", "-o", default=None, type=click.Path(path_type=str), help="help.opt.brief-output")
@option("--force", is_flag=True, default=False, help="help.opt.force-brief")
@handle_input_errors
def brief(workbook: str, focus: str, rubric: str | None, peers: str, reference: tuple[str, ...], year: int | None,
          stops: int, exclude: tuple[str, ...], output: str | None, force: bool) -> None:
    from scorecard import i18n
    from scorecard.analysis import analyse

    lang = current_lang()
    ref = load_reference_for(peers, focus, reference)  # --peers similar (docs/context.md)
    rub, tables, report = load_inputs(workbook, rubric, year)  # registers the inputs: never an output
    plan = None
    if output:
        # the one overwrite rule (docs/reliability.md): folders, sockets, unread pipes, inputs and
        # files scorecard did not write (without --force) are refused before any work is done
        plan = check_outputs(force, (output, "brief"))
        if brief_format(output) is None:
            raise click.UsageError(i18n.t("brief.cli.bad-suffix", lang, suffix=Path(output).suffix or output))
    code = resolve_focus(tables, focus)
    excluded = resolve_exclude(tables, exclude)
    analysis = analyse(tables, rub, peers=peers, focus=code, notes=report, trends=False, recommend=True,
                       stops=stops, exclude=excluded, reference=ref)
    result = analysis.score
    from scorecard.unscored import unscored_issues

    report.extend(unscored_issues(result))  # as score: a dimension or the whole index without a score
    print_issues(report, lang)
    target = output or brief_filename(code, str(result.regions.at[code, "name"]))
    if plan is None:
        plan = check_outputs(force, (target, "brief"))
    path = write_brief(result, code, lang, Path(target), stops=stops, exclude=excluded, workbook=Path(workbook).name,
                       rec=analysis.recommendation, plan=plan)
    say_written(path, "brief.cli.written", err=False)


def write_brief(result: Any, code: str, lang: str, path: Path, *, stops: int = 2, exclude: tuple[str, ...] = (),
                workbook: str | None = None, rec: Any = None, plan: Any = None) -> Path:
    """Build the brief for ``code`` and write it as DOCX or HTML (by the target, see
    :func:`brief_format`), through ``plan`` (an already checked OutputPlan) when given."""
    from scorecard.brief import build_brief
    from scorecard.io.output import write_file
    from scorecard.recommend import recommend

    rec = rec if rec is not None else recommend(result, code, max_stops=stops, exclude=exclude)
    b = build_brief(result, rec, lang, workbook=workbook)
    data: bytes | str
    if brief_format(path) == "docx":
        from scorecard.io.brief_docx import brief_docx_bytes

        data = brief_docx_bytes(b)
    else:
        from scorecard.io.brief_html import brief_html

        data = brief_html(b)
    return plan.write(path, data) if plan is not None else write_file(path, data)


DEMO_FOCUS = "64.71"  # Kota Balikpapan (the visit to Madiun in the news)


def demo_docx(lang: str) -> str:
    """The demo's brief file name in the run's language."""
    return "staff-brief.docx" if lang == "en" else "telaahan-staf.docx"


def demo_step(analysis: Analysis, outdir: Any, lang: str) -> list:
    """``scorecard demo``: the telaahan staf for Kota Balikpapan as DOCX (the HTML version is
    written next to the demo report, which links to it)."""
    if DEMO_FOCUS not in analysis.score.regions.index:
        return []
    return [write_brief(analysis.score, DEMO_FOCUS, lang, Path(outdir) / demo_docx(lang),
                        workbook="contoh_smart_city.xlsx", rec=analysis.for_focus(DEMO_FOCUS).recommendation)]
