"""``scorecard recommend``: weak areas of a focus region and which peer to visit, with reasons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scorecard.commands.common import (load_reference_for, reference_option, check_outputs, force_option, units_option, command, current_lang, handle_input_errors,
                                       load_inputs, option,
                                       peers_option, print_issues, resolve_focus, rubric_option, write_or_echo,
                                       year_option)

if TYPE_CHECKING:
    from scorecard.analysis import Analysis


def exclude_option(f: Any) -> Any:
    return option("--exclude", "-x", "exclude", multiple=True, metavar="WILAYAH",
                  help="help.opt.exclude")(f)


def resolve_exclude(tables: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    """Codes of ``--exclude`` regions (names or codes; comma-separated lists allowed). Each must be
    in the workbook: a misspelt name is an error, never silently ignored."""
    out: list[str] = []
    for raw in names:
        for name in raw.split(","):
            if name.strip():
                out.append(resolve_focus(tables, name.strip()))
    return tuple(dict.fromkeys(out))


@command("recommend", help="help.recommend", epilog="help.recommend.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@option("--focus", "-f", required=True, metavar="WILAYAH", help="help.opt.focus-recommend")
@rubric_option
@units_option
@peers_option
@reference_option
@year_option
@option("--top", "-n", type=click.IntRange(1, 50), default=3, show_default=True, help="help.opt.top")
@option("--stops", "-k", type=click.IntRange(1, 10), default=2, show_default=True, help="help.opt.stops")
@exclude_option
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
        help="help.opt.format-recommend")
@option("--output", "-o", default=None, type=click.Path(path_type=str), help="help.opt.output")
@force_option
@handle_input_errors
def recommend(workbook: str, focus: str, rubric: str | None, peers: str, reference: tuple[str, ...],
              year: int | None, top: int, stops: int, exclude: tuple[str, ...], fmt: str, output: str | None,
              force: bool) -> None:
    from scorecard.analysis import analyse

    lang = current_lang()
    ref = load_reference_for(peers, focus, reference)  # --peers similar (docs/context.md)
    rub, tables, report = load_inputs(workbook, rubric, year)
    from scorecard.commands.output_format import output_format
    fmt = output_format(output, fmt, ("table", "json"))  # the file ending and --format (docs/output.md)
    check_outputs(force, (output, "recommend"))
    focus_code = resolve_focus(tables, focus)
    excluded = resolve_exclude(tables, exclude)
    analysis = analyse(tables, rub, peers=peers, focus=focus_code, notes=report, trends=False, recommend=True,
                       top=top, stops=stops, exclude=excluded, reference=ref)
    from scorecard.unscored import unscored_issues

    report.extend(unscored_issues(analysis.score))  # as score: a dimension or the whole index without a score
    print_issues(report, lang)
    write_or_echo(render(analysis, lang, fmt), output)


def render(analysis: Analysis, lang: str, fmt: str = "json") -> str:
    """The recommendation of ``analysis`` (made for its focus region) as JSON or a table."""
    from scorecard.io import recommend_output

    rec, focus, result = analysis.recommendation, analysis.focus, analysis.score
    assert rec is not None and focus is not None, "analyse(..., recommend=True) first"
    n = int((result.regions["peer_group"] == result.regions.at[focus, "peer_group"]).sum())
    fn = recommend_output.recommend_json if fmt == "json" else recommend_output.recommend_table
    text = fn(rec, lang, rubric=result.rubric, group_size=n)
    if analysis.similarity is not None and analysis.reference is not None:  # --peers similar: who and why
        from scorecard.context_view import similar_json, similar_text

        if fmt == "json":
            data = recommend_output.recommend_dict(rec, lang, rubric=result.rubric, group_size=n)
            data["similar_peers"] = similar_json(analysis.reference, analysis.similarity, lang)
            return recommend_output.dumps_json(data)
        text = text.rstrip("\n") + "\n\n" + similar_text(analysis.reference, analysis.similarity, lang)
    return text


DEMO_FOCUS = "64.71"  # Kota Balikpapan: the visit to Madiun in the news (ibukotakini.com, 2 Feb 2024)


def demo_step(analysis: Analysis, outdir: Path, lang: str) -> list[Path]:
    """``scorecard demo``: write ``rekomendasi.json`` for Kota Balikpapan."""
    from scorecard.io.output import write_file

    if DEMO_FOCUS not in analysis.score.regions.index:
        return []
    return [write_file(Path(outdir) / demo_file(lang), render(analysis.for_focus(DEMO_FOCUS), lang, "json"))]


DEMO_FILE = "rekomendasi.json"  # kind "recommend": checked by `demo` before anything is written
DEMO_FILE_EN = "recommendations.json"  # with --lang en: English file names for an English run


def demo_file(lang: str) -> str:
    return DEMO_FILE_EN if lang == "en" else DEMO_FILE
