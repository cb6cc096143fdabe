"""``scorecard demo``: the whole pipeline on the embedded sample workbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from scorecard.issues import visible
from scorecard import i18n
from scorecard.commands.common import (check_outputs, command, current_lang, force_option, handle_input_errors,
                                       load_inputs, option)

if TYPE_CHECKING:
    from scorecard.analysis import Analysis


@command("demo", help="help.demo", epilog="help.demo.epilog")
@option("--output", "-o", "outdir", default="scorecard-demo", show_default=True,
        type=click.Path(path_type=str), help="help.opt.outdir")
@option("--desa", "desa", is_flag=True, default=False, help="help.opt.demo-desa")
@force_option
@handle_input_errors
def demo(outdir: str, force: bool, desa: bool) -> None:
    from scorecard import resources
    from scorecard.io import score_output
    from scorecard.analysis import analyse
    from scorecard.io.output import write_file

    lang = current_lang()
    out = Path(outdir)
    if desa:
        _demo_desa(out, force, lang)
        return
    sample = resources.sample_workbook()
    rubric, tables, report = load_inputs(str(sample), None)
    check_outputs(force, folders=(out,))
    from scorecard.io.reference_file import load_reference

    result = analyse(tables, rubric, notes=report, reference=load_reference())  # the report's national context
    check_outputs(force, *planned_outputs(result, out, lang))  # every file checked before the first is written
    click.echo(visible(i18n.t("demo.intro", lang, file=str(sample), n=len(tables.regions))))
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
        click.echo(visible(f"  {path}"))


# ``demo --desa``: the village sample handed out as files (docs/units.md). The rubric copy names the
# unit list beside it, so the commands of docs/units.md work from the output folder after a plain
# ``pip install .`` (the shipped rubric's ``units:`` path only works inside the package).
DESA_FILES = ("contoh_desa.xlsx", "contoh_desa_units.csv", "indeks_desa_contoh.yaml")


def _demo_desa(out: Path, force: bool, lang: str) -> None:
    from scorecard import resources
    from scorecard.io import score_output
    from scorecard.io.output import write_file
    from scorecard.units import rubric_with_units

    workbook, units, rubric_file = (out / n for n in DESA_FILES)
    stem = score_stem(lang)
    check_outputs(force, (workbook, None), (units, None), (rubric_file, None),
                  (out / f"{stem}.json", "score"), (out / f"{stem}.csv", "score"), folders=(out,))
    source = resources.indicators_dir()
    written = [write_file(workbook, (source / DESA_FILES[0]).read_bytes()),
               write_file(units, (source / DESA_FILES[1]).read_bytes()),
               write_file(rubric_file, rubric_with_units(
                   (resources.rubrics_dir() / DESA_FILES[2]).read_text(encoding="utf-8"), DESA_FILES[1]))]
    from scorecard.analysis import analyse

    rubric, tables, report = load_inputs(str(workbook), str(rubric_file))  # units: from the copied rubric
    result = analyse(tables, rubric, notes=report)
    click.echo(visible(i18n.t("demo.desa-intro", lang, folder=str(out), n=len(tables.regions))))
    click.echo("")
    click.echo(score_output.score_table(result, lang))
    written += [write_file(out / f"{stem}.json", score_output.score_json(result, lang)),
                write_file(out / f"{stem}.csv", score_output.score_csv(result, lang))]
    click.echo(i18n.t("demo.written", lang))
    for path in written:
        click.echo(visible(f"  {path}"))
    click.echo(visible(i18n.t("demo.desa-next", lang, folder=str(out))))


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
