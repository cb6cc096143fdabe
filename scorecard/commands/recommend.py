"""``scorecard recommend``: weak areas of a focus region and which peer to visit, with reasons."""

from __future__ import annotations

from typing import Any

import click

from scorecard.commands.common import (check_outputs, force_option, units_option, command, current_lang, handle_input_errors,
                                       load_inputs, option,
                                       peers_option, print_issues, resolve_focus, rubric_option, write_or_echo,
                                       year_option)


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
@year_option
@option("--top", "-n", type=click.IntRange(1, 50), default=3, show_default=True, help="help.opt.top")
@option("--stops", "-k", type=click.IntRange(1, 10), default=2, show_default=True, help="help.opt.stops")
@exclude_option
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
        help="help.opt.format-recommend")
@option("--output", "-o", default=None, type=click.Path(path_type=str), help="help.opt.output")
@force_option
@handle_input_errors
def recommend(workbook: str, focus: str, rubric: str | None, peers: str, year: int | None, top: int, stops: int,
              exclude: tuple[str, ...], fmt: str, output: str | None, force: bool) -> None:
    from scorecard.pipeline import score as run_score

    lang = current_lang()
    rub, tables, report = load_inputs(workbook, rubric, year)
    check_outputs(force, (output, "recommend"))
    focus_code = resolve_focus(tables, focus)
    excluded = resolve_exclude(tables, exclude)
    result = run_score(tables, rub, peers=peers, focus=focus_code, notes=report)
    print_issues(report, lang)
    write_or_echo(render(result, focus_code, lang, fmt, top=top, stops=stops, exclude=excluded), output)


def render(result, focus_code: str, lang: str, fmt: str = "json", *, top: int = 3, stops: int = 2,
           exclude: tuple[str, ...] = ()) -> str:
    from scorecard.io import recommend_output
    from scorecard.recommend import recommend as run_recommend

    rec = run_recommend(result, focus_code, top=top, max_stops=stops, exclude=exclude)
    n = int((result.regions["peer_group"] == result.regions.at[focus_code, "peer_group"]).sum())
    fn = recommend_output.recommend_json if fmt == "json" else recommend_output.recommend_table
    return fn(rec, lang, rubric=result.rubric, group_size=n)


DEMO_FOCUS = "64.71"  # Kota Balikpapan: the visit to Madiun in the news (ibukotakini.com, 2 Feb 2024)


def demo_step(result, outdir, lang: str) -> list:
    """``scorecard demo``: write ``rekomendasi.json`` for Kota Balikpapan."""
    from pathlib import Path

    from scorecard.io.output import write_file

    if DEMO_FOCUS not in result.regions.index:
        return []
    return [write_file(Path(outdir) / DEMO_FILE, render(result, DEMO_FOCUS, lang, "json"))]


DEMO_FILE = "rekomendasi.json"  # kind "recommend": checked by `demo` before anything is written
