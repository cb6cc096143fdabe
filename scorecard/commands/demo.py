"""``scorecard demo``: the whole pipeline on the embedded sample workbook."""

from __future__ import annotations

from pathlib import Path

import click

from scorecard import i18n
from scorecard.commands.common import command, current_lang, handle_input_errors, load_inputs, option


@command("demo", help="help.demo", epilog="help.demo.epilog")
@option("--output", "-o", "outdir", default="scorecard-demo", show_default=True,
        type=click.Path(file_okay=False, path_type=str), help="help.opt.outdir")
@handle_input_errors
def demo(outdir: str) -> None:
    from scorecard import resources
    from scorecard.io import score_output
    from scorecard.io.output import atomic_write_text
    from scorecard.pipeline import score as run_score

    lang = current_lang()
    sample = resources.sample_workbook()
    rubric, tables, report = load_inputs(str(sample), None)
    result = run_score(tables, rubric, notes=report)
    click.echo(i18n.t("demo.intro", lang, file=str(sample), n=len(tables.regions)))
    click.echo("")
    click.echo(score_output.score_table(result, lang))
    out = Path(outdir)
    written = [
        atomic_write_text(out / "skor.json", score_output.score_json(result, lang)),
        atomic_write_text(out / "skor.csv", score_output.score_csv(result, lang)),
    ]
    for extra in DEMO_STEPS:
        written += extra(result, out, lang)
    click.echo(i18n.t("demo.written", lang))
    for path in written:
        click.echo(f"  {path}")


# Later capabilities (recommendations, reports) append a callable(result, outdir, lang) -> [paths].
DEMO_STEPS: list = []
DEMO_STEPS.append(lambda result, out, lang: __import__("scorecard.commands.recommend", fromlist=["demo_step"])
                  .demo_step(result, out, lang))  # rekomendasi.json (issue 4)
DEMO_STEPS.append(lambda result, out, lang: __import__("scorecard.commands.report", fromlist=["demo_step"])
                  .demo_step(result, out, lang))  # HTML + Excel report for Kota Balikpapan (issue 5)
DEMO_STEPS.append(lambda result, out, lang: __import__("scorecard.commands.brief", fromlist=["demo_step"])
                  .demo_step(result, out, lang))  # telaahan staf for Kota Balikpapan, DOCX + HTML (issue 14)
