"""``scorecard brief``: a one- to two-page telaahan staf proposing studi-tiru visits (DOCX or HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scorecard.commands.common import (load_reference_for, reference_option, command, current_lang, handle_input_errors, load_inputs, option,
                                       peers_option, print_issues, refuse_existing_output, resolve_focus,
                                       rubric_option, year_option)
from scorecard.commands.recommend import exclude_option, resolve_exclude

if TYPE_CHECKING:
    from scorecard.analysis import Analysis

SUFFIXES = (".docx", ".html", ".htm")


def is_scorecard_brief(path: Path) -> bool:
    """True when ``path`` is a brief scorecard wrote (a re-run may replace it without --force)."""
    try:
        if path.suffix.lower() == ".docx":
            import zipfile

            with zipfile.ZipFile(path) as z:
                core = z.read("docProps/core.xml").decode("utf-8", "replace")
            return "<dc:creator>scorecard</dc:creator>" in core
        with path.open("rb") as fh:
            return b'<meta name="generator" content="scorecard brief">' in fh.read(4096)
    except (OSError, KeyError, ValueError):
        return False
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign .docx is simply "not ours"
        if type(exc).__name__ == "BadZipFile":
            return False
        raise


def brief_filename(code: str, name: str, suffix: str = ".docx") -> str:
    from scorecard.commands.report import slug

    return f"telaahan-{code}-{slug(name)}{suffix}"


@command("brief", help="help.brief", epilog="help.brief.epilog")
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=str))
@option("--focus", "-f", required=True, metavar="WILAYAH", help="help.opt.focus-recommend")
@rubric_option
@peers_option
@reference_option
@year_option
@option("--stops", "-k", type=click.IntRange(1, 10), default=2, show_default=True, help="help.opt.stops")
@exclude_option
@option("--output", "-o", default=None, type=click.Path(dir_okay=False, path_type=str), help="help.opt.brief-output")
@option("--force", is_flag=True, default=False, help="help.opt.force-brief")
@handle_input_errors
def brief(workbook: str, focus: str, rubric: str | None, peers: str, reference: tuple[str, ...], year: int | None,
          stops: int, exclude: tuple[str, ...], output: str | None, force: bool) -> None:
    from scorecard import i18n
    from scorecard.analysis import analyse

    lang = current_lang()
    if output and Path(output).suffix.lower() not in SUFFIXES:
        raise click.UsageError(i18n.t("brief.cli.bad-suffix", lang, suffix=Path(output).suffix or output))
    if output:
        refuse_existing_output(output, force, lambda head: is_scorecard_brief(Path(output)))
    ref = load_reference_for(peers, focus, reference)  # --peers similar (docs/context.md)
    rub, tables, report = load_inputs(workbook, rubric, year)
    code = resolve_focus(tables, focus)
    excluded = resolve_exclude(tables, exclude)
    analysis = analyse(tables, rub, peers=peers, focus=code, notes=report, trends=False, recommend=True,
                       stops=stops, exclude=excluded, reference=ref)
    result = analysis.score
    print_issues(report, lang)
    target = output or brief_filename(code, str(result.regions.at[code, "name"]))
    if not output:
        refuse_existing_output(target, force, lambda head: is_scorecard_brief(Path(target)))
    path = write_brief(result, code, lang, Path(target), stops=stops, exclude=excluded, workbook=Path(workbook).name,
                       rec=analysis.recommendation)
    click.echo(i18n.t("brief.cli.written", lang, path=str(path)))


def write_brief(result: Any, code: str, lang: str, path: Path, *, stops: int = 2, exclude: tuple[str, ...] = (),
                workbook: str | None = None, rec: Any = None) -> Path:
    """Build the brief for ``code`` and write it as DOCX or HTML (by the file's suffix)."""
    from scorecard.brief import build_brief
    from scorecard.recommend import recommend

    rec = rec if rec is not None else recommend(result, code, max_stops=stops, exclude=exclude)
    b = build_brief(result, rec, lang, workbook=workbook)
    if path.suffix.lower() == ".docx":
        from scorecard.io.brief_docx import write_brief_docx

        return write_brief_docx(b, path)
    from scorecard.io.brief_html import write_brief_html

    return write_brief_html(b, path)


DEMO_FOCUS = "64.71"  # Kota Balikpapan (the visit to Madiun in the news)


def demo_step(analysis: Analysis, outdir: Any, lang: str) -> list:
    """``scorecard demo``: the telaahan staf for Kota Balikpapan as DOCX (the HTML version is
    written next to the demo report, which links to it)."""
    if DEMO_FOCUS not in analysis.score.regions.index:
        return []
    return [write_brief(analysis.score, DEMO_FOCUS, lang, Path(outdir) / "telaahan-staf.docx",
                        workbook="contoh_smart_city.xlsx", rec=analysis.for_focus(DEMO_FOCUS).recommendation)]
