"""``scorecard init DIR``: a template workbook for the rubric, plus a copy of the rubric YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scorecard.issues import visible
from scorecard.commands.common import command, current_lang, handle_input_errors, option, rubric_option, units_option

REHEARSAL_MODULE = "scorecard.io.rehearsal_template"


@command("init", help="help.init", epilog="help.init.epilog")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=str))
@rubric_option
@option("--regions", "regions", default=None, metavar="\"Kota A,Kabupaten B\"", help="help.opt.init-regions")
@option("--province", "--provinsi", "province", default=None, metavar="PROVINSI", help="help.opt.init-province")
@option("--year", "--tahun", "year", type=int, default=None, metavar="TAHUN", help="help.opt.init-year")
@option("--rehearsal", is_flag=True, default=False, help="help.opt.init-rehearsal")
@option("--force", is_flag=True, default=False, help="help.opt.force")
@option("--context", "context", is_flag=True, default=False, help="help.opt.init-context")
@units_option
@handle_input_errors
def init(directory: str, rubric: str | None, regions: str | None, province: str | None, year: int | None,
         rehearsal: bool, force: bool, context: bool) -> None:
    import importlib
    from pathlib import Path

    from scorecard import i18n
    from scorecard.commands.common import current_year
    from scorecard.io.registry_file import load_registry
    from scorecard.issues import InputError, Issue

    lang = current_lang()
    outdir = Path(directory)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(Issue("init-not-a-folder", file=str(outdir)))
    units_file, units_rubric = (None, None) if rehearsal else _units_in_force(rubric)
    if units_file is not None:  # a village rubric (units: key) or --units: the template lists those units
        from scorecard.io.units_file import read_units

        registry = read_units(units_file)
    else:
        registry = load_registry()
    from scorecard.template import select_regions

    names = [n for n in (regions or "").split(",") if n.strip()]
    if units_file is not None and not names and not province:
        from scorecard.issues import IssueReport

        codes, report = list(registry.frame.index), IssueReport()  # every unit of the list
    else:
        codes, report = select_regions(registry, names, province)
    report.raise_if_errors()
    from scorecard.commands.common import print_issues

    print_issues(report, lang)  # notes: a name matched to its official spelling (issue 19)
    this_year = current_year()
    data_year = year if year is not None else this_year - 1
    if not 1945 <= data_year <= this_year:
        raise InputError(Issue("year-in-future" if data_year > this_year else "year-too-early", value=data_year,
                               params={"latest": this_year}))

    if rehearsal:
        from scorecard.commands.common import check_outputs

        check_outputs(force, folders=(outdir,))
        try:
            module = importlib.import_module(REHEARSAL_MODULE)
        except ModuleNotFoundError as exc:
            if exc.name != REHEARSAL_MODULE:
                raise
            raise InputError(Issue("rehearsal-unavailable")) from None
        written = module.write_rehearsal_template(outdir, rubric, [registry.title(c) for c in codes], lang,
                                                  force=force)
        _report_written(written, lang)
        return

    from scorecard.io.output import atomic_write_bytes
    from scorecard.io.rubric_file import load_rubric, resolve_rubric_path
    from scorecard.io.template_writer import write_template
    from scorecard.template import build_template

    rubric_path = resolve_rubric_path(rubric)
    rub = load_rubric(rubric_path)  # a broken rubric is reported before anything is written
    workbook = outdir / f"template_{rub.id}.xlsx"
    rubric_copy = outdir / f"rubrik_{rub.id}.yaml"
    units_copy = outdir / units_file.name if units_file is not None else None
    if units_copy is not None and units_file is not None and units_copy.exists() and units_copy.resolve() == units_file.resolve():
        units_copy = None  # the unit list is already in DIR: the rubric copy names it, nothing to copy
    existing = [p for p in (workbook, rubric_copy, units_copy) if p is not None and p.exists()]
    if existing and not force:
        raise InputError([Issue("init-file-exists", file=str(p)) for p in existing])
    from scorecard.commands.common import check_outputs
    from scorecard.io.output import protect_inputs

    protect_inputs(rubric_path)  # `init DIR -r DIR/rubrik_x.yaml --force` never overwrites the rubric it reads
    # kind None: an existing template may be filled in already, so init replaces files only with --force
    check_outputs(force, (workbook, None), (rubric_copy, None), (units_copy, None), folders=(outdir,))
    spec = build_template(rub, registry, codes, lang=lang, year=data_year, latest=this_year,
                          rubric_file=rubric_copy.name, workbook_file=workbook.name)
    import dataclasses

    from scorecard.io.workbook_meta import sha256_of

    spec = dataclasses.replace(spec, rubric_sha256=sha256_of(rubric_path))  # the workbook remembers it
    prefilled = _prefill_context(spec, lang) if context else None  # issue 15: scorecard/context_template.py
    if prefilled is not None:
        spec = prefilled.spec
    try:
        rubric_bytes = rubric_path.read_bytes()
        if units_file is not None:  # the copy names the unit list copied beside it (a relative units: path)
            from scorecard.units import rubric_with_units

            rubric_bytes = rubric_with_units(rubric_bytes.decode("utf-8"), units_file.name).encode("utf-8")
        written = [write_template(spec, workbook), atomic_write_bytes(rubric_copy, rubric_bytes)]
        if units_copy is not None and units_file is not None:
            written.append(atomic_write_bytes(units_copy, units_file.read_bytes()))
    except OSError as exc:  # a read-only folder, a full disk: say so, no traceback
        raise InputError(Issue("init-cannot-write", file=str(exc.filename or outdir),
                               params={"reason": exc.strerror or str(exc)})) from None
    _report_written(written, lang)
    if prefilled is not None:
        click.echo(visible(i18n.t("init.context-filled", lang, columns=", ".join(prefilled.columns), n=prefilled.values,
                          blank=prefilled.blank) if prefilled.columns else i18n.t("init.context-none", lang)))
        if prefilled.older:  # 2019 figures in 2025 rows: said, located, with what to do (context_template.py)
            from scorecard.commands.common import print_issues
            from scorecard.context_template import older_figures
            from scorecard.issues import IssueReport

            older = IssueReport()
            older.extend(older_figures(prefilled, str(workbook)))
            print_issues(older, lang)
    click.echo(visible(i18n.t("init.summary", lang, n=len(codes), year=data_year, workbook=str(workbook),
                      rubric_file=str(rubric_copy))))


def _units_in_force(rubric_ref: str | None) -> tuple[Path | None, Any]:
    """The unit list ``init`` writes the template for: ``--units`` or the rubric's ``units:`` key
    (a missing file is reported at that key), with the rubric; (None, None) for kabupaten/kota."""
    from scorecard.commands.common import _UNITS_KEY
    from scorecard.io.rubric_file import load_rubric
    from scorecard.issues import InputError
    from scorecard.units import missing_units_issue, units_path

    ctx = click.get_current_context(silent=True)
    option_value = ctx.meta.get(_UNITS_KEY) if ctx is not None else None
    rub = load_rubric(rubric_ref)
    path = units_path(rub, option_value)
    if path is None:
        return None, None
    if option_value is None and not path.exists():
        raise InputError(missing_units_issue(rub, path))
    return path, rub


def _report_written(paths, lang: str) -> None:
    from scorecard import i18n

    click.echo(i18n.t("init.written", lang))
    for p in paths:
        click.echo(visible(f"  {p}"))


def _prefill_context(spec, lang: str):
    """``--context``: context columns from the reference data (shipped, or SCORECARD_REFERENCE)."""
    from scorecard.context_template import prefill_context
    from scorecard.io.reference_file import load_reference

    return prefill_context(spec, load_reference(), lang)
