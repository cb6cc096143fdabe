"""Shared plumbing for commands: load the inputs, print issues, map errors to exit codes."""

from __future__ import annotations

import datetime as _dt
import functools
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from scorecard import i18n
from scorecard.cli import EXIT_INPUT, LocalizedCommand, LocalizedOption, common_options, current_lang


def command(name: str | None = None, **kwargs: Any) -> Callable:
    """``@click.command`` with localized help and the common ``--lang``/``--debug`` options."""
    def deco(f: Callable) -> click.Command:
        return click.command(name, cls=LocalizedCommand, **kwargs)(common_options(f))
    return deco


def option(*decls: str, **kwargs: Any) -> Callable:
    kind = kwargs.get("type")
    if kind is int:  # whole numbers typed with 0-9 only (click's int() reads '٢٠٢٤' as 2024 silently)
        kwargs["type"] = AsciiInt()
    elif isinstance(kind, click.IntRange) and not isinstance(kind, AsciiIntRange):
        kwargs["type"] = AsciiIntRange(kind.min, kind.max, min_open=kind.min_open, max_open=kind.max_open,
                                       clamp=kind.clamp)
    return click.option(*decls, cls=LocalizedOption, **kwargs)


def _plain_digits(value: Any, param: click.Parameter | None, ctx: click.Context | None, fail: Callable) -> None:
    """A number option typed with digits other than 0-9 (Arabic-Indic, full-width ... from another
    keyboard layout) is a usage error that shows it in 0-9, as a workbook cell's is (never read
    silently: ``--year ٢٠٢٤`` was 2024 for click, while the same year in a workbook is refused)."""
    from scorecard.issues import ascii_digits

    if isinstance(value, str):
        plain = ascii_digits(value)
        if plain is not None:
            fail(i18n.t("cli.foreign-digits", current_lang(ctx), value=repr(value), ascii=repr(plain)), param, ctx)


class AsciiInt(click.types.IntParamType):
    """click's INTEGER, written with the digits 0-9 only."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _plain_digits(value, param, ctx, self.fail)
        return super().convert(value, param, ctx)


class AsciiIntRange(click.IntRange):
    """click's IntRange, written with the digits 0-9 only."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _plain_digits(value, param, ctx, self.fail)
        return super().convert(value, param, ctx)


def rubric_option(f: Callable) -> Callable:
    return option("--rubric", "-r", "rubric", default=None, metavar="RUBRIK", help="help.opt.rubric")(f)


class PeersType(click.ParamType):
    """``--peers``: a fixed mode (all, type, province, population, kabupaten, kecamatan) or
    ``similar[:K]`` (the K most similar regions, docs/context.md); returned as typed, lower case."""

    name = "peers"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from scorecard.peers import PEER_MODES

        return "[" + "|".join(PEER_MODES) + "|similar[:K]]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from scorecard.peers import PEER_MODES, parse_peers

        try:
            parse_peers(str(value))
        except ValueError:
            self.fail(i18n.t("cli.bad-peers", current_lang(ctx), value=value,
                             modes=", ".join(PEER_MODES) + ", similar, similar:K"), param, ctx)
        return str(value).strip().lower()


def peers_option(f: Callable) -> Callable:
    return option("--peers", type=PeersType(), default="all", show_default=True, help="help.opt.peers")(f)


def reference_option(f: Callable) -> Callable:
    """``--reference FILE`` (repeatable): newer public tables a user adds (docs/context.md)."""
    return option("--reference", "reference", multiple=True, metavar="FILE", type=click.Path(path_type=str),
                  help="help.opt.reference")(f)


def load_reference_for(peers: str, focus: str | None, files: tuple[str, ...], *, always: bool = False) -> Any:
    """The national reference data when the command needs it (``--peers similar``, or ``always``
    for a report's context section); None otherwise. ``similar`` needs a focus region (exit 2)."""
    from scorecard.peers import SIMILAR, parse_peers

    similar = parse_peers(peers)[0] == SIMILAR
    if similar and not focus:
        raise click.UsageError(i18n.t("cli.similar-needs-focus", current_lang()))
    if not (similar or always):
        return None
    from scorecard.io.output import protect_inputs
    from scorecard.io.reference_file import load_reference

    protect_inputs(*files)
    return load_reference(files)


def year_option(f: Callable) -> Callable:
    return option("--year", "--tahun", "year", type=int, default=None, metavar="TAHUN", help="help.opt.year")(f)


SAME_KIND_SHOWN = 3  # issues of one kind (code, sheet, column) printed before "… and N more like this"


def print_issues(report: Any, lang: str, *, errors_only: bool = False, limit: int | None = None) -> None:
    """Print the issues on stderr, bounded: of a run of the same problem in the same column (a row
    pasted a million times) or along the same row (a header of 16,384 columns, each ignored) the
    first few are shown, then "… and 999,998 more like this" / "… and 16,378 more columns like
    this" — every issue is still in ``validate --format json``."""
    shown = report.errors if errors_only else list(report)
    if limit:
        shown, rest = shown[:limit], len(shown) - limit
    else:
        rest = 0

    def down(issue: Any) -> tuple[Any, ...]:  # the same problem down a column
        return (issue.code, issue.severity, issue.sheet, issue.column_letter if issue.row is not None else issue.row)

    def across(issue: Any) -> tuple[Any, ...] | None:  # the same problem along a row
        return (issue.code, issue.severity, issue.sheet, "row", issue.row) if issue.row is not None else None

    counts: dict[tuple[Any, ...] | None, int] = {}
    for issue in shown:
        for run in (down(issue), across(issue)):
            counts[run] = counts.get(run, 0) + 1
    seen: dict[tuple[Any, ...] | None, int] = {}
    for issue in shown:
        kind: tuple[Any, ...] | None = down(issue)
        row_kind = across(issue)
        if row_kind is not None and counts[row_kind] > counts[kind]:
            kind = row_kind  # a run along the row is the longer one: summarise it as columns
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= SAME_KIND_SHOWN or counts[kind] <= SAME_KIND_SHOWN + 1:
            click.echo(issue.render(lang), err=True)
        elif seen[kind] == SAME_KIND_SHOWN + 1:
            n = f"{counts[kind] - SAME_KIND_SHOWN:,}"
            key = "cli.more-columns-like-this" if kind is row_kind else "cli.more-like-this"
            click.echo(i18n.t(key, lang, n=n.replace(",", ".") if lang == "id" else n), err=True)
    if rest > 0:
        click.echo(i18n.t("cli.more-issues", lang, n=rest), err=True)


def handle_input_errors(f: Callable) -> Callable:
    """Turn :class:`InputError` into the issue list on stderr and exit code 1."""
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from scorecard.issues import InputError

        try:
            return f(*args, **kwargs)
        except InputError as exc:
            lang = current_lang()
            print_issues(exc.report, lang, errors_only=False)
            if exc.detail and _debug():  # a library's own words (English): for a bug report only
                from scorecard.issues import visible

                click.echo(f"debug: {visible(exc.detail, keep='')}", err=True)
            n = len(exc.report.errors)
            click.echo(i18n.t("cli.input-invalid", lang, n=n), err=True)
            sys.exit(EXIT_INPUT)
    return wrapper


def _debug() -> bool:
    """``--debug`` was given (anywhere on the command line) or ``SCORECARD_DEBUG=1``."""
    import os

    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get("scorecard.debug")) \
        or os.environ.get("SCORECARD_DEBUG") == "1"


def current_year() -> int:
    return _dt.date.today().year


def load_inputs(workbook: str, rubric_ref: str | None, year: int | None = None, *, scoring: bool = True,
                prepare: tuple[str, ...] = ()):
    """Read and validate the rubric and the workbook; raise InputError with every problem.
    ``scoring=False`` (``validate``): a workbook with nothing to score (a fresh template) is a
    warning, not an error — it is correct, only empty (docs/reliability.md, 4c).

    The workbook is read in a background thread (python-calamine releases the GIL while it parses
    a sheet; the limits pre-scan still runs before it opens the file) while this thread imports
    pandas, reads the unit list or the region registry and imports the modules named in
    ``prepare`` (what the command needs next). The outcome is the same as reading first: a
    problem with the unit list is reported before one with the workbook, and a workbook beyond
    the limits a unit list sets is refused in the same words."""
    import importlib

    from scorecard.io.workbook import start_read

    ctx = click.get_current_context(silent=True)
    pending = None
    try:
        if rubric_ref is None or (ctx is not None and ctx.meta.get(_UNITS_KEY)) or not _may_name_units(rubric_ref):
            pending = start_read(workbook, _read_limits(None))  # pre-scan, then python-calamine, in a thread
        from scorecard.io.output import protect_inputs
        from scorecard.io.rubric_file import resolve_rubric_path

        protect_inputs(workbook if Path(workbook).exists() else None, resolve_rubric_path(rubric_ref))
        peeked = _peek_rubric(rubric_ref)
        if pending is None:  # the rubric may name a unit list, which sets the limits: read that first
            pending = start_read(workbook, _read_limits(peeked))
        from scorecard.startup import import_core

        import_core()  # pandas, with the garbage collector paused in scorecard's own process
        from scorecard.issues import InputError

        try:
            registry = _unit_registry(peeked)  # a unit list raises the limits the workbook is checked against
        except InputError as units_error:
            raise _and_workbook_problems(units_error, pending) from None
        from scorecard import limits
        from scorecard.io.rubric_file import load_rubric
        from scorecard.validate import prepare_registry, read_tables

        for module in prepare:
            importlib.import_module(module)
        prepare_registry(registry, pending.running)  # while the workbook is still being parsed
        raw = pending.result(limits.current())
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise
    given_ref = rubric_ref
    rubric_ref, memory = _remembered_rubric(workbook, raw, rubric_ref)  # issue 13 point 9
    protect_inputs(resolve_rubric_path(rubric_ref))
    # the rubric peeked at above when it is still the one to use (a second parse cost ~20 ms)
    rubric = peeked if peeked is not None and rubric_ref == given_ref else load_rubric(rubric_ref)
    registry = _unit_registry(rubric)
    tables, report = read_tables(raw, rubric, registry, current_year=current_year(), year=year)
    report.extend(registry.frame.attrs.get("notes", []))  # a unit list's warnings (odd village numbers)
    if tables is None:
        raise InputError(report)
    from scorecard.unscored import no_data_issues

    report.extend(no_data_issues(tables, rubric, refuse=scoring))  # no value anywhere; nothing to score at all
    if report.errors:
        raise InputError(report)
    report.extend(memory)
    return rubric, tables, report


def _may_name_units(rubric_ref: str) -> bool:
    """Whether the rubric ``rubric_ref`` may have a ``units:`` key (which sets the limits the
    workbook is read with): a shipped rubric by its id, or a file with the word in it. Only decides
    whether the workbook read can begin before the rubric is parsed; the outcome is the same."""
    path = Path(rubric_ref)
    if path.suffix.lower() not in (".yaml", ".yml"):
        return True
    data = _peek_regular(path, 1 << 22)
    if data is None:
        return False  # missing, a folder, a pipe or a device: reported when the rubric is loaded
    return b"units" in data.lower() or len(data) == 1 << 22


def _peek_regular(path: Path, size: int) -> bytes | None:
    """The first ``size`` bytes of ``path`` when it is a regular file, else None. Anything else (a
    named pipe, a device, a folder) is never opened — opening a pipe waits for a writer forever —
    and is left for the rubric loader to report in its own words."""
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        # O_NONBLOCK: should the path become a pipe between the stat and the open, the open does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            return fh.read(size)
    except (OSError, ValueError):
        return None


def _and_workbook_problems(units_error: Any, pending: Any) -> Any:
    """A unit list that cannot be used stops the run (the workbook's rows cannot be matched
    without it), but a workbook that cannot be read at all is said in the same answer, after the
    unit list's problems: every problem at once. The workbook is judged by the limits its read
    started with (those a list with as many units as the file has lines sets), not by the defaults
    a broken list leaves in force, so a village workbook is not refused for the list's sake."""
    from scorecard.issues import InputError, IssueReport

    try:
        pending.result()
    except InputError as workbook_error:
        return InputError(IssueReport([*units_error.report.issues, *workbook_error.report.issues]))
    except Exception:  # the read failed in another way: the unit list's problems stand alone
        return units_error
    return units_error


def _read_limits(rubric: Any) -> Any:
    """The limits to pre-scan the workbook with before the unit list is read: those in force, raised
    as a unit list of at most as many units as the file has lines would raise them (an upper bound:
    :meth:`PendingRead.result` checks the scan again against the limits the unit list really sets).
    Without a unit list: the default limits (and the environment's). None (the limits in force when
    the read begins) when the unit list cannot be counted cheaply (missing, oversized: read_units
    reports that first)."""
    from scorecard import limits

    ctx = click.get_current_context(silent=True)
    option_value = ctx.meta.get(_UNITS_KEY) if ctx is not None else None
    from scorecard.units import units_path

    path = units_path(rubric, option_value)
    if path is None:
        limits.raise_defaults()
        return limits.current()
    from scorecard.units import unit_limits

    try:
        if not path.is_file() or path.stat().st_size > (256 << 20):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1  # as units.check_units_rows counts
    return limits.current(raised=unit_limits(max(lines, 0)))


def _remembered_rubric(workbook: str, raw: Any, rubric_ref: str | None) -> tuple[str | None, list]:
    """The rubric to use and what to say about it: without ``--rubric``, the rubric file the
    workbook remembers (written by ``init`` beside it) when it is there; with ``--rubric``, a
    warning when the workbook was made for another rubric (docs/workbook.md)."""
    from scorecard.io.rubric_file import load_rubric, resolve_rubric_path
    from scorecard.io.workbook_meta import read_meta, rubric_beside, sha256_of
    from scorecard.issues import NOTE, WARNING, Issue

    meta = read_meta(raw)
    if meta is None:
        return rubric_ref, []
    beside = rubric_beside(workbook, meta)
    if rubric_ref is None:
        if beside is not None:
            return str(beside), [Issue("rubric-from-workbook", NOTE, file=str(beside),
                                       params={"rubric": meta.rubric_file})]
        return None, [Issue("rubric-remembered-missing", WARNING, file=workbook,
                            params={"rubric": meta.rubric_file, "id": meta.rubric_id or "-"})]
    given = resolve_rubric_path(rubric_ref)
    try:
        given_id = load_rubric(rubric_ref).id
        same_file = beside is not None and given.is_file() and sha256_of(given) == sha256_of(beside)
    except Exception:  # a broken or missing --rubric is reported by load_rubric itself, later
        return rubric_ref, []
    if same_file or (beside is None and given_id == meta.rubric_id):
        return rubric_ref, []
    return rubric_ref, [Issue("rubric-differs-from-workbook", WARNING, file=workbook,
                              params={"given": str(given), "rubric": meta.rubric_file, "id": meta.rubric_id or "-"})]


_UNITS_KEY = "scorecard.units"


def _peek_rubric(rubric_ref: str | None) -> Any:
    """The rubric given with ``--rubric``, for its ``units:`` key before the workbook is read; None
    when none is given or it does not load (load_inputs reports that itself)."""
    if rubric_ref is None:
        return None
    from scorecard.io.rubric_file import load_rubric
    from scorecard.issues import InputError

    try:
        return load_rubric(rubric_ref)
    except InputError:
        return None


def units_option(f: Callable) -> Callable:
    """``--units FILE``: benchmark the units of a unit list (villages) instead of the 514
    kabupaten/kota (docs/units.md). Kept in the invocation, read by :func:`load_inputs`."""
    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.meta[_UNITS_KEY] = value

    return option("--units", "units", default=None, metavar="FILE", expose_value=False, callback=remember,
                  type=click.Path(dir_okay=False, path_type=str), help="help.opt.units")(f)


def _unit_registry(rubric: Any) -> Any:
    """The registry rows are matched against: the unit list of ``--units`` or of the rubric's
    ``units:`` key (its limits admit a national village workbook), else the 514 kabupaten/kota."""
    from scorecard.io.registry_file import load_registry

    ctx = click.get_current_context(silent=True)
    option_value = ctx.meta.get(_UNITS_KEY) if ctx is not None else None
    from scorecard import limits
    from scorecard.units import unit_limits, units_path

    path = units_path(rubric, option_value)
    if path is None:
        limits.raise_defaults()
        return load_registry()
    from scorecard.io.output import protect_inputs
    from scorecard.io.units_file import read_units

    protect_inputs(path if path.exists() else None)
    if option_value is None and not path.exists():
        from scorecard.issues import InputError
        from scorecard.units import missing_units_issue

        raise InputError(missing_units_issue(rubric, path))
    registry = read_units(path)
    limits.raise_defaults(**unit_limits(len(registry.frame)))
    return registry


def resolve_focus(tables: Any, name: str) -> str:
    """The region code for ``--focus NAME`` (a name or a code), which must be in the workbook."""
    from scorecard.io.registry_file import load_registry
    from scorecard.issues import InputError, Issue

    from scorecard.registry import normalise_code

    registry = getattr(tables, "registry", None) or load_registry()
    if normalise_code(name) is not None:  # a code (35.77, 3577, 35.77.04.2011)
        res = registry.resolve(None, name)
    elif any(ch.isdigit() for ch in name) and not any(ch.isalpha() for ch in name):
        res = registry.resolve(None, name)  # a malformed code: "code not found" with its format
    else:
        res = registry.resolve(name, None)
    if res.code is None:
        raise InputError(Issue(res.problem or "region-not-found", option="--focus", params={
            "candidates": "; ".join(res.candidates) or "-", "name": name, "value": repr(name)}, value=name))
    if res.code not in tables.regions.index:
        raise InputError(Issue("focus-not-in-workbook", file=tables.file, params={"region": registry.label(res.code)}))
    return res.code


SEED_MAX = 2**32 - 1


def seed_option(help_key: str = "help.opt.seed") -> Callable:
    """``--seed S``: the same validation on every command (a whole number 0 … 4,294,967,295;
    anything else is a usage error, exit 2, never an internal error)."""
    return option("--seed", type=click.IntRange(0, SEED_MAX), default=None, metavar="S", help=help_key)


def force_option(f: Callable) -> Callable:
    """``--force``: replace an existing output file that this command did not write."""
    return option("--force", is_flag=True, default=False, help="help.opt.force-output")(f)


def check_outputs(force: bool, *outputs: tuple[str | Path | None, Any],
                  folders: tuple[str | Path, ...] = ()) -> Any:
    """The one overwrite rule (docs/reliability.md, "Writing outputs"): check every output path
    of this run — ``(path, kind)`` pairs, ``None`` paths skipped, plus output folders — before
    anything is written, and return the :class:`~scorecard.io.output.OutputPlan` to write with.
    Register the inputs first (``load_inputs`` does; other readers call ``protect_inputs``)."""
    from scorecard.io.output import OutputPlan

    plan = OutputPlan(force=force)
    for folder in folders:
        plan.add_folder(folder)
    for path, kind in outputs:
        plan.add(path, kind)
    plan.check()
    return plan


def refuse_existing_output(output: str | None, force: bool, kind: Any = None) -> None:
    """Compatibility wrapper: :func:`check_outputs` for one file; ``kind`` is a kind name or a
    recogniser ``callable(first 64 KiB) -> bool``."""
    check_outputs(force, (output, kind))


def visible(text: str, keep: str = "\n") -> str:
    from scorecard.issues import visible as _visible

    return _visible(text, keep)


def say_written(path: str | Path, key: str = "cli.written", *, err: bool = True) -> None:
    """"Ditulis: PATH" / "Written: PATH" after an output was written — not for the standard output
    or error (``-o -``, /dev/stdout): that is no file, and on stdout the line would end up inside
    the output itself (the HTML of ``report -o -``)."""
    from scorecard.io.output import is_standard_stream

    if is_standard_stream(path):
        return
    shown = path if isinstance(path, Path) else Path(path)
    click.echo(visible(i18n.t(key, current_lang(), path=str(shown))), err=err)


def write_or_echo(text: str | Iterable[str], output: str | None) -> None:
    """Write ``text`` to ``output`` (checked beforehand with :func:`check_outputs`) or, without
    ``-o``, print it on stdout. ``text`` may be a sequence of pieces: a file gets them encoded
    one at a time (the CSV of 84,000 villages is never held whole)."""
    if output:
        from scorecard.io.output import write_file

        write_file(output, text if isinstance(text, str) else (piece.encode("utf-8") for piece in text))
        say_written(output)
    else:
        text = text if isinstance(text, str) else "".join(text)
        click.echo(visible(text, keep="\n\t"), nl=False)  # user text never sends escapes to the terminal
