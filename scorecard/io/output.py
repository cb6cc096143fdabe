"""Writing results: atomic files, JSON, CSV (formula-safe) and terminal tables."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (OWASP CSV injection): prefix
    it with an apostrophe. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


_INPUTS_KEY = "scorecard.inputs"


def protect_inputs(*paths: str | Path | None) -> None:
    """Remember the input files of the running command (a folder: every file in it), so that
    :func:`atomic_write_bytes` refuses to write over any of them. Scoped to the current click
    invocation; a no-op outside one."""
    import click

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return
    store: set[str] = ctx.meta.setdefault(_INPUTS_KEY, set())
    for p in paths:
        if p is None:
            continue
        path = Path(p)
        files = [f for f in path.iterdir() if f.is_file()] if path.is_dir() else [path]
        store.update(os.path.realpath(f) for f in files)


def check_not_input(path: str | Path) -> None:
    """Raise :class:`InputError` (exit 1) when ``path`` is one of the protected inputs: same
    path after resolving symlinks and ``..``, or the same file under another name (hard link)."""
    import click

    ctx = click.get_current_context(silent=True)
    inputs = ctx.meta.get(_INPUTS_KEY, set()) if ctx is not None else set()
    if not inputs:
        return
    real = os.path.realpath(path)
    same = real in inputs
    if not same and os.path.exists(real):
        for other in inputs:
            try:
                if os.path.exists(other) and os.path.samefile(real, other):
                    same = True
                    break
            except OSError:
                continue
    if same:
        from scorecard.issues import InputError, Issue

        raise InputError(Issue("output-is-input", file=str(path), params={"path": str(path)}))


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place: a reader sees the old
    file or the new one, never half of one. Refuses to write over an input of the running
    command (see :func:`protect_inputs`)."""
    target = Path(path)
    check_not_input(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def clean_number(x: Any, digits: int = 6) -> Any:
    """JSON-friendly number: NaN -> None, floats rounded to ``digits`` decimals, ints as ints."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return x
    if math.isnan(f) or math.isinf(f):
        return None
    if f.is_integer() and abs(f) < 2**53:
        return int(f)
    return round(f, digits)


def dumps_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False) + "\n"


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def text_table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A plain monospace table (no dependency; the terminal is the only place it goes)."""
    align = align or ["<"] * len(header)
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(header)]
    def fmt(row: list[Any]) -> str:
        return "  ".join(f"{str(v):{a}{w}}" for v, a, w in zip(row, align, widths)).rstrip()
    lines = [fmt(header), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in rows]
    return "\n".join(lines) + "\n"


# --- reproducible .xlsx ------------------------------------------------------------------------
FIXED_DOC_DATE = (2000, 1, 1, 0, 0, 0)


def doc_date() -> "Any":
    """The date stamped into generated documents: SOURCE_DATE_EPOCH when set (reproducible
    builds convention), else a fixed date — never the wall clock, so two runs give the same bytes."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(*FIXED_DOC_DATE)


def xlsx_bytes(wb: Any) -> bytes:
    """Save an openpyxl workbook with fixed document dates and zip entry times (see
    :func:`doc_date`): the same content always gives the same bytes."""
    import io
    import re
    import zipfile

    when = doc_date()
    wb.properties.created = when
    wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    date_time = (max(1980, when.year), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()
