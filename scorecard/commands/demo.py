"""``scorecard demo``: the whole pipeline on the embedded sample workbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from scorecard import i18n
from scorecard.commands.common import (check_outputs, command, current_lang, force_option, handle_input_errors,
                                       load_inputs, option)

if TYPE_CHECKING:
    from scorecard.analysis import Analysis


@command("demo", help="help.demo", epilog="help.demo.epilog")
@option("--output", "-o", "outdir", default="scorecard-demo", show_default=True,
        type=click.Path(path_type=str), help="help.opt.outdir")
@force_option
@handle_input_errors
def demo(outdir: str, force: bool) -> None:
    from scorecard import resources
    from scorecard.io import score_output
    from scorecard.analysis import analyse
    from scorecard.io.output import write_file

    lang = current_lang()
    sample = resources.sample_workbook()
    rubric, tables, report = load_inputs(str(sample), None)
    out = Path(outdir)
    check_outputs(force, folders=(out,))
    from scorecard.io.reference_file import load_reference

    result = analyse(tables, rubric, notes=report, reference=load_reference())  # the report's national context
    check_outputs(force, *planned_outputs(result, out, lang))  # every file checked before the first is written
    click.echo(i18n.t("demo.intro", lang, file=str(sample), n=len(tables.regions)))
    click.echo("")
    click.echo(score_output.score_table(result, lang))
    written = [
        write_file(out / f"{score_stem(lang)}.json", score_output.score_json(result, lang)),
        write_file(out / f"{score_stem(lang)}.csv", score_output.score_csv(result, lang)),
    ]
    for extra in DEMO_STEPS:
        written += extra(result, out, lang)
    click.echo(i18n.t("demo.written", lang))
    for path in written:
        click.echo(f"  {path}")


def score_stem(lang: str) -> str:
    """File names follow the run's language: skor.json / scores.json."""
    return "scores" if lang == "en" else "skor"


def planned_outputs(analysis: Analysis, out: Path, lang: str = "id") -> list[tuple[Path, Any]]:
    """Every file `demo` writes into ``out``, with its kind (the overwrite rule)."""
    from scorecard.commands import recommend, report

    result = analysis.score
    files = [(out / f"{score_stem(lang)}.json", "score"), (out / f"{score_stem(lang)}.csv", "score")]
    if recommend.DEMO_FOCUS in result.regions.index:
        files.append((out / recommend.demo_file(lang), "recommend"))
    focus = report.DEMO_FOCUS if report.DEMO_FOCUS in result.regions.index else result.codes[0]
    html = out / report.report_filename(focus, str(result.regions.at[focus, "name"]))
    files += [(html, "report"), (html.with_suffix(".xlsx"), "report"), (report.brief_path(html, lang), "brief")]
    try:
        from scorecard.commands import brief
    except ImportError:  # pragma: no cover
        return files
    if brief.DEMO_FOCUS in result.regions.index:
        docx = out / brief.demo_docx(lang)
        files.append((docx, "brief"))
    return files


# Later capabilities (recommendations, reports) append a callable(analysis, outdir, lang) -> [paths].
DEMO_STEPS: list[Callable[[Analysis, Path, str], list[Path]]] = []
DEMO_STEPS.append(lambda result, out, lang: __import__("scorecard.commands.recommend", fromlist=["demo_step"])
                  .demo_step(result, out, lang))  # rekomendasi.json (issue 4)
DEMO_STEPS.append(lambda result, out, lang: __import__("scorecard.commands.report", fromlist=["demo_step"])
                  .demo_step(result, out, lang))  # HTML + Excel report for Kota Balikpapan (issue 5)
DEMO_STEPS.append(lambda result, out, lang: __import__("scorecard.commands.brief", fromlist=["demo_step"])
                  .demo_step(result, out, lang))  # telaahan staf for Kota Balikpapan, DOCX + HTML (issue 14)
