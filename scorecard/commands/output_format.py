"""Which format ``-o FILE`` gets: one rule for every command with ``--format`` (docs/output.md,
"The file ending and --format").

- Without ``--format``, a file ending the command writes chooses the format: ``score -o hasil.csv``
  writes CSV, ``recommend -o r.json`` JSON, ``context -o c.html`` HTML. Any other ending (``.txt``,
  none) keeps the default, the text table.
- An explicit ``--format`` that contradicts a known ending (``--format csv -o x.json``) is a usage
  error (exit 2) naming both, before any work is done: the user asked for two different things and
  scorecard does not pick one silently. ``.txt`` and other endings take any text format.
- A known ending the command cannot write (``recommend -o r.csv``) and a spreadsheet, document or
  PDF ending for a text output (``score -o hasil.xlsx``) are usage errors too.

Commands with their own file kinds by ending (``report``: .html/.xlsx, ``brief``: .docx/.html,
``rehearse``: .html/.xlsx/.json/.txt) follow the same rule for their ``--format``.
"""

from __future__ import annotations

from pathlib import Path

import click

from scorecard import i18n

# File types that can never hold a text output (table, JSON, CSV, HTML): `score -o hasil.xlsx`
# used to write a text table into a file Excel then cannot open.
BINARY_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".doc", ".odt", ".pdf")
FORMAT_SUFFIX = {"table": ".txt", "text": ".txt", "json": ".json", "csv": ".csv", "html": ".html"}
# endings that name one format; .txt (or none) takes any text format
SUFFIX_FORMAT = {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}


def _explicit(param: str = "fmt") -> bool:
    """Whether ``--format`` was typed (not its default)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return True
    source = ctx.get_parameter_source(param)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def output_format(output: str | None, fmt: str, choices: tuple[str, ...] | list[str], *,
                  extra: dict[str, str] | None = None) -> str:
    """The format to write ``-o output`` in (see the module's rule); a usage error (exit 2) when
    the ending and ``--format`` disagree or the command cannot write that ending. ``extra``: the
    command's own file kinds by ending (``rehearse``: ``{".xlsx": "xlsx"}``), which ``--format``
    cannot name but the ending chooses."""
    from scorecard.commands.common import current_lang
    from scorecard.io.output import is_stream, names_folder

    # a folder (existing, or spelled as one: "-o hasil.json/"): the overwrite rule refuses it (exit 1)
    if not output or is_stream(output) or names_folder(output) or Path(output).is_dir():
        return fmt
    lang = current_lang()
    suffix = Path(output).suffix.lower()
    kinds = {**SUFFIX_FORMAT, **(extra or {})}
    if suffix in BINARY_SUFFIXES and suffix not in kinds and not extra:
        raise click.UsageError(i18n.t("cli.format-suffix", lang, path=output, suffix=suffix, fmt=fmt,
                                      ext=FORMAT_SUFFIX.get(fmt, ".txt")))
    named = kinds.get(suffix)
    if named is None and suffix in BINARY_SUFFIXES:  # rehearse -o g.pdf: it writes .xlsx, not this
        named = suffix.lstrip(".")
    if named is None or named == fmt:
        return fmt
    if named not in choices and named not in (extra or {}).values():  # recommend -o r.csv, rehearse -o g.csv
        exts = sorted({FORMAT_SUFFIX.get(c, ".txt") for c in choices})
        exts += [e for e in (extra or {}) if e not in exts]  # rehearse: .html, .htm, .xlsx by the ending
        raise click.UsageError(i18n.t("cli.format-suffix-unsupported", lang, path=output, suffix=suffix,
                                      formats=i18n.join([f"--format {c}" for c in choices], lang, style="or"),
                                      exts=i18n.join(exts, lang, style="or")))
    if _explicit():  # --format csv -o x.json: two different asks, neither is picked silently
        raise click.UsageError(i18n.t("cli.format-suffix-mismatch", lang, path=output, suffix=suffix, fmt=fmt,
                                      what=i18n.t(f"cli.format-name.{fmt}", lang),
                                      ext=FORMAT_SUFFIX.get(fmt, ".txt")))
    return named
