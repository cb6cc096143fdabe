"""The ``scorecard`` command line: a thin click shell over the library.

Commands are loaded lazily (``--help`` and ``--version`` import no pandas). Messages come from
the catalogue in Bahasa Indonesia, or English with ``--lang en`` (anywhere on the line) or
``SCORECARD_LANG=en``. Exit codes: 0 ok; 1 invalid input or environment (every problem listed on stderr);
2 usage error; 3 unexpected internal error (one line; ``--debug`` shows the traceback); 130 Ctrl-C.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import warnings
import traceback
from typing import Any

import click

from scorecard import __version__, i18n

# command name -> "module:attribute"; each later capability adds one line here.
COMMANDS: dict[str, str] = {
    "validate": "scorecard.commands.validate:validate",
    "score": "scorecard.commands.score:score",
    "rubrics": "scorecard.commands.rubrics:rubrics",
    "demo": "scorecard.commands.demo:demo",
    "recommend": "scorecard.commands.recommend:recommend",
    "brief": "scorecard.commands.brief:brief",
    "init": "scorecard.commands.init:init",
    "rehearse": "scorecard.commands.rehearse:rehearse",
    "whatif": "scorecard.commands.whatif:whatif",
    "report": "scorecard.commands.report:report",
    "context": "scorecard.commands.context:context",
}

EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), the shell convention
EXIT_STOPPED = 143  # SIGTERM (128 + 15): `timeout`, `kill`, a service manager stopping the run


class Stopped(KeyboardInterrupt):
    """SIGTERM in scorecard's own process: handled as Ctrl-C is (a write in progress removes its
    temporary file), then exit 143 with its own line."""


def _stop_on_sigterm() -> None:
    """In scorecard's own process, SIGTERM raises :class:`Stopped` in the main thread instead of
    killing the process outright (which left the temporary file of a write in progress behind,
    134 MB for a village JSON). Only where SIGTERM still has its default action: a host program's
    own handler is left alone."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        raise Stopped()

    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
        pass


def _scan_lang(args: list[str]) -> str | None:
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def current_lang(ctx: click.Context | None = None) -> str:
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is not None and "lang" in ctx.meta:
        return ctx.meta["lang"]
    return i18n.normalise_lang(None)


def _tr(text: str | None, ctx: click.Context | None) -> str | None:
    """Help texts are catalogue keys ("help.score"); translate them for the current language."""
    if text and i18n.has(text):
        return i18n.t(text, current_lang(ctx))
    return text


def _metavar(text: str | None, ctx: click.Context | None) -> str | None:
    """A placeholder such as WILAYAH has catalogue key ``metavar.wilayah`` (KOLOM=NILAI:
    ``metavar.kolom-nilai``): REGION, COLUMN=VALUE in English."""
    key = "metavar." + re.sub(r"[^a-z0-9]+", "-", text.lower()) if text else ""
    return i18n.t(key, current_lang(ctx)) if text and i18n.has(key) else text


class LocalizedOption(click.Option):
    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        original, metavar = self.help, self.metavar
        if metavar is None and not self.is_flag and not isinstance(self.type, click.Choice):
            derived = self.type.name.upper()  # click's own: INTEGER RANGE ("metavar.integer-range"), DIRECTORY
            translated = _metavar(derived, ctx)
            self.metavar = translated if translated != derived else None
        else:
            self.metavar = _metavar(metavar, ctx)
        self.help = _tr(original, ctx)
        try:
            return super().get_help_record(ctx)
        finally:
            self.help, self.metavar = original, metavar


# options taking a comma-separated list: given twice, their lists are joined (--regions A --regions B)
ACCUMULATE = frozenset({"--regions"})


def _repeated_options(command: click.Command, ctx: click.Context, args: list[str]) -> list[str]:
    """Click keeps only the last value of an option given twice. scorecard joins the lists of a
    list option (ACCUMULATE) and refuses any other repeated option with a usage error that names
    both values, so that `--focus A --focus B` never silently means B."""
    opts: dict[str, click.Option] = {}
    for p in command.get_params(ctx):
        if isinstance(p, click.Option) and not p.multiple and not p.is_flag and not p.count and p.nargs == 1:
            for name in (*p.opts, *p.secondary_opts):
                opts[name] = p
    seen: dict[str, list[tuple[int, int, str, str]]] = {}  # param -> (start, length, option, value)
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        name, value, length = a, None, 1
        if a.startswith("--") and "=" in a:
            name, value = a.split("=", 1)
        elif not a.startswith("--") and a.startswith("-") and len(a) > 2 and a[:2] in opts:
            name, value = a[:2], a[2:]
        if name in opts and value is None:
            if i + 1 >= len(args):
                break  # click reports the missing value
            value, length = args[i + 1], 2
        if name in opts:
            seen.setdefault(str(opts[name].name), []).append((i, length, name, str(value)))
        i += length
    drop: set[int] = set()
    extra: list[str] = []
    for uses in seen.values():
        if len(uses) < 2:
            continue
        option = uses[0][2]
        if any(u[2] in ACCUMULATE for u in uses):
            for start, length, _, _ in uses:
                drop.update(range(start, start + length))
            extra.append(f"{option}={','.join(u[3] for u in uses)}")
            continue
        lang = ctx.meta.get("lang")
        raise click.UsageError(i18n.t("cli.option-repeated", lang, option=option,
                                      values=", ".join(repr(u[3]) for u in uses)), ctx)
    if not drop:
        return args
    return [a for k, a in enumerate(args) if k not in drop] + extra


class LocalizedCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # --lang must be known before eager options such as --help print anything
        lang = _scan_lang(list(args))
        if lang is not None or "lang" not in ctx.meta:
            ctx.meta["lang"] = i18n.normalise_lang(lang)
        if not isinstance(self, click.Group):
            args = _repeated_options(self, ctx, list(args))
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        # "[OPTIONS] COMMAND [ARGS]..." -> "[OPSI] PERINTAH [ARGUMEN]..." (keys metavar.options, ...)
        return [re.sub(r"[A-Z][A-Z_]+", lambda m: _metavar(m.group(0), ctx) or m.group(0), piece)
                for piece in super().collect_usage_pieces(ctx)]

    def get_short_help_str(self, limit: int = 45) -> str:
        original_short, original_help = self.short_help, self.help
        self.help = _tr(original_help, None)
        self.short_help = _tr(original_short, None)
        try:
            return super().get_short_help_str(limit)
        finally:
            self.short_help, self.help = original_short, original_help

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = i18n.t("help.opt.help", current_lang(ctx))
        return opt

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        original = self.help
        self.help = _tr(original, ctx)
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = original

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        original = self.epilog
        self.epilog = _tr(original, ctx)
        try:
            super().format_epilog(ctx, formatter)
        finally:
            self.epilog = original


class LocalizedGroup(LocalizedCommand, click.Group):
    command_class = LocalizedCommand
    group_class = type  # subgroups use the same class


class ScorecardCLI(LocalizedGroup):
    """Root group: lazy commands, language from the command line, exit-code contract."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:  # Ctrl-C: one line, exit 130; atomic writes have removed their temporary files
            stopped = isinstance(exc, Stopped)  # SIGTERM: the same, exit 143
            out = sys.modules.get("scorecard.io.output")
            if out is not None and getattr(out, "stream_unfinished", False):  # standard output got part of it
                key = "cli.stopped.stream" if stopped else "cli.interrupted.stream"
            else:
                key = "cli.stopped" if stopped else "cli.interrupted"
            click.echo("", err=True)
            click.echo(i18n.t(key, current_lang(ctx)), err=True)
            ctx.exit(EXIT_STOPPED if stopped else EXIT_INTERRUPTED)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv or os.environ.get("SCORECARD_DEBUG") == "1"
        lang = i18n.normalise_lang(_scan_lang(argv))
        from scorecard.click_i18n import install as install_click_messages

        install_click_messages(lang)  # click's own usage errors in the reader's language
        # issue 18 class 2: numpy's floating-point warnings never reach the planner's terminal; every
        # value that could overflow or vanish is checked explicitly (scorecard.derive.refuse_unusable)
        warnings.filterwarnings("ignore", r"(overflow|invalid value|divide by zero|underflow) encountered",
                                RuntimeWarning)
        try:
            return super().main(args=argv, prog_name=prog_name or "scorecard", complete_var=complete_var,
                                standalone_mode=standalone_mode, **extra)
        except SystemExit:
            raise
        except Exception as exc:  # anything click did not turn into an exit code
            if debug:
                traceback.print_exc()
            click.echo(i18n.t("cli.internal-error", lang, kind=type(exc).__name__,
                              detail=str(exc).splitlines()[0][:300] if str(exc) else ""), err=True)
            if standalone_mode:
                sys.exit(EXIT_INTERNAL)
            raise


def lang_option(f: Any) -> Any:
    return click.option("--lang", type=click.Choice(i18n.LANGS), default=None, expose_value=False,
                        is_eager=True, cls=LocalizedOption, help="help.opt.lang")(f)


def _remember_debug(ctx: click.Context, _param: Any, value: bool) -> None:
    if value:  # read by commands.common.handle_input_errors (a library's own words under an input error)
        ctx.find_root().meta["scorecard.debug"] = True


def debug_option(f: Any) -> Any:
    return click.option("--debug", is_flag=True, expose_value=False, cls=LocalizedOption,
                        help="help.opt.debug", callback=_remember_debug)(f)


def common_options(f: Any) -> Any:
    return lang_option(debug_option(f))


@click.group(cls=ScorecardCLI, help="help.root", epilog="help.root.epilog",
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="scorecard", cls=LocalizedOption,
                      help="help.opt.version")
@common_options
def cli() -> None:
    pass


def main() -> None:
    """Run the command line (``sys.argv``); raises SystemExit with the exit code, as click does."""
    from scorecard import startup

    startup.own_process()  # this process is scorecard's: its start-up may tune the garbage collector
    _stop_on_sigterm()
    cli.main()


def run() -> None:  # console-script entry point (and python -m scorecard)
    """:func:`main`, then leave the process without tearing down its objects
    (:func:`scorecard.startup.leave`): once the command has written and flushed everything, freeing
    a large run's objects one by one only delays the exit."""
    from scorecard import startup

    try:
        main()
    except SystemExit as exc:
        startup.leave(exc.code)
        raise
