"""``scorecard context --focus NAME``: one region placed among all 514 (or a province) on the
public reference figures alone — no workbook needed (docs/context.md)."""

from __future__ import annotations

from typing import Any

import click

from scorecard.commands.common import command, current_lang, handle_input_errors, option, reference_option

FORMATS = ("table", "json", "html")


def resolve_region(name: str) -> str:
    """Kemendagri code of ``name`` (a name or a code) among all 514; InputError with suggestions."""
    from scorecard.io.registry_file import load_registry
    from scorecard.issues import InputError, Issue
    from scorecard.registry import normalise_code

    registry = load_registry()
    res = registry.resolve(None, name) if normalise_code(name) else registry.resolve(name)
    if res.code is None:
        problem = res.problem or "region-not-found"
        own = {"region-not-found": "context-region-not-found", "region-ambiguous": "context-region-ambiguous",
               "village-without-units": "context-village"}  # the reference data holds kabupaten/kota only
        raise InputError(Issue(own.get(problem, problem), option="--focus",
                               value=name, params={"candidates": "; ".join(res.candidates) or "-", "name": name,
                                                   "kab": (normalise_code(name) or "PP.KK")[:5]}))
    return res.code


def resolve_province(text: str) -> tuple[str, list[str]]:
    """(province name, Kemendagri codes of its regions) for a province name or two-digit code."""
    from scorecard.io.registry_file import load_registry
    from scorecard.template import select_regions

    registry = load_registry()
    codes, report = select_regions(registry, [], text)
    report.raise_if_errors()
    return str(registry.frame.at[codes[0], "province_name"]), codes


@command("context", help="help.context", epilog="help.context.epilog")
@option("--focus", "-f", required=True, metavar="WILAYAH", help="help.opt.context-focus")
@option("--province", "--provinsi", "province", default=None, metavar="PROVINSI", help="help.opt.context-province")
@option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="help.opt.context-format")
@option("--similar", "k", type=click.IntRange(1, 513), default=None, metavar="K", help="help.opt.context-similar")
@reference_option
@option("--output", "-o", default=None, type=click.Path(path_type=str),
        help="help.opt.context-output")
@option("--force", is_flag=True, default=False, help="help.opt.force-output")
@handle_input_errors
def context(focus: str, province: str | None, fmt: str, k: int | None, reference: tuple[str, ...],
            output: str | None, force: bool) -> None:
    from scorecard.commands.common import check_outputs, write_or_echo
    from scorecard.context import DEFAULT_K, similar
    from scorecard.context_view import context_json, context_page, context_text
    from scorecard.io.reference_file import load_reference
    from scorecard.reference import context_of

    from scorecard.io.output import protect_inputs

    lang = current_lang()
    protect_inputs(*reference)  # a user table is never an output
    from scorecard.commands.output_format import output_format
    fmt = output_format(output, fmt, FORMATS)  # the file ending and --format (docs/output.md)
    check_outputs(force, (output, _ours))  # the overwrite rule (docs/reliability.md)
    code = resolve_region(focus)
    ref = load_reference(reference)
    within, candidates = (None, None)
    if province:
        within, candidates = resolve_province(province)
    ctx = context_of(ref, code, within=within)
    sim = similar(ref, code, k or DEFAULT_K, candidates=candidates)
    if fmt == "json":
        import json

        text = json.dumps(context_json(ref, ctx, sim, lang, within), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from scorecard.io.context_html import render_context

        text = render_context(context_page(ref, ctx, sim, lang, within))
    else:
        text = context_text(context_page(ref, ctx, sim, lang, within))
    write_or_echo(text, output)


def _ours(head: bytes) -> bool:
    """A file this command wrote before (re-running it replaces it)."""
    return b'"compared_with"' in head or b'name="generator" content="scorecard"' in head or (
        head.startswith(b"Konteks nasional") or head.startswith(b"National context"))
