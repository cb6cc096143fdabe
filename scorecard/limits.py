"""Resource limits: refuse an oversized workbook *before* it is read whole.

A planner's workbook holds at most a few thousand rows (514 kabupaten/kota; ~84,000
desa/kelurahan for the largest use). A file far beyond that is a mistake (a wrong export, a
zip bomb, a sheet pasted a million times) and would exhaust memory or take minutes; it is
refused with a message naming the file, the sheet and the limit, and saying how to raise it.

The checks read only the zip directory (declared sizes) and *stream* each sheet's XML once,
counting rows and cells that hold a value; nothing is kept in memory but counters. Rows that
are merely formatted (a style on a million empty rows) are not counted: they are harmless and
the workbook reader skips them.

Every limit can be changed with an environment variable (documented in ``docs/reliability.md``):

=====================================  ===========  ===============================================
variable                               default      what
=====================================  ===========  ===============================================
``SCORECARD_MAX_FILE_MB``              100          size of the file on disk (.xlsx/.xls/.ods/.csv)
``SCORECARD_MAX_UNCOMPRESSED_MB``      300          total uncompressed size of a zip workbook
``SCORECARD_MAX_ROWS``                 100000       rows holding a value, per sheet
``SCORECARD_MAX_CELLS``                2000000      cells holding a value, whole workbook
=====================================  ===========  ===============================================
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scorecard.issues import InputError, Issue

ENV = {
    "file_mb": "SCORECARD_MAX_FILE_MB",
    "uncompressed_mb": "SCORECARD_MAX_UNCOMPRESSED_MB",
    "rows": "SCORECARD_MAX_ROWS",
    "cells": "SCORECARD_MAX_CELLS",
}
DEFAULTS = {"file_mb": 100, "uncompressed_mb": 300, "rows": 100_000, "cells": 2_000_000}
_CHUNK = 1 << 20
# a row start, or a value-holding element: <v> (value), <is> (inline string) — with or without a
# namespace prefix (<x:row>, <x:v>); ODS: a table row and a cell's text paragraph / value attribute
_XLSX_TOKEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|v|is)[\s>/]")
_ODS_TOKEN = re.compile(rb"<table:(table-row)[\s>/]|<text:p[\s>/]")


@dataclass(frozen=True)
class Limits:
    file_mb: float
    uncompressed_mb: float
    rows: int
    cells: int

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * 1024 * 1024)

    @property
    def uncompressed_bytes(self) -> int:
        return int(self.uncompressed_mb * 1024 * 1024)


def current(**overrides: float) -> Limits:
    """The limits in force: defaults, then environment variables, then ``overrides``.
    An unreadable or non-positive environment value is ignored (the default applies)."""
    values: dict[str, float] = dict(DEFAULTS)
    for name, var in ENV.items():
        raw = os.environ.get(var)
        if raw is None or not raw.strip():
            continue
        try:
            v = float(raw.strip().replace(",", "."))
        except ValueError:
            continue
        if v > 0:
            values[name] = v
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Limits(float(values["file_mb"]), float(values["uncompressed_mb"]), int(values["rows"]),
                  int(values["cells"]))


def _refuse(code: str, file: str, sheet: str | None = None, **params: object) -> InputError:
    return InputError(Issue(code, file=file, sheet=sheet, params=params))


def check_file_size(path: Path, name: str, limits: Limits | None = None) -> None:
    lim = limits or current()
    size = path.stat().st_size
    if size > lim.file_bytes:
        raise _refuse("limit-file-size", name, size_mb=round(size / 1048576, 1), limit=_num(lim.file_mb),
                      env=ENV["file_mb"])


def _num(x: float) -> str:
    return f"{x:g}"


def check_workbook(path: str | Path, name: str | None = None, limits: Limits | None = None) -> None:
    """Raise :class:`InputError` when ``path`` exceeds a limit. Cheap: the zip directory plus one
    streaming pass over each sheet's XML (never more bytes than the uncompressed limit)."""
    p = Path(path)
    name = name or str(path)
    lim = limits or current()
    check_file_size(p, name, lim)
    if not zipfile.is_zipfile(p):
        return  # .xls (OLE) or .csv: the file size limit applies; the reader reports other problems
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            declared = sum(max(i.file_size, 0) for i in infos)
            if declared > lim.uncompressed_bytes:
                raise _refuse("limit-uncompressed", name, size_mb=round(declared / 1048576, 1),
                              limit=_num(lim.uncompressed_mb), env=ENV["uncompressed_mb"])
            sheets = _sheet_names(zf)
            budget = [lim.uncompressed_bytes]
            cells_total = 0
            for info in infos:
                fn = info.filename
                if fn.startswith("xl/worksheets/") and fn.endswith(".xml"):
                    rows, cells = _scan(zf, info, _XLSX_TOKEN, budget, name, lim)
                    sheet = sheets.get(fn, Path(fn).stem)
                elif fn == "content.xml":
                    rows, cells = _scan(zf, info, _ODS_TOKEN, budget, name, lim)
                    sheet = None
                else:
                    continue
                if rows > lim.rows:
                    raise _refuse("limit-rows", name, sheet, rows=rows, limit=lim.rows, env=ENV["rows"])
                cells_total += cells
                if cells_total > lim.cells:
                    raise _refuse("limit-cells", name, sheet, cells=cells_total, limit=lim.cells,
                                  env=ENV["cells"])
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        return  # corrupt or encrypted content: the workbook reader reports it with its own message
    except Exception:  # zlib.error and friends: same — never crash in a pre-check
        return


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet name as the planner sees it (best effort, small files only)."""
    try:
        wb = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for m in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = m.group(0)
        rid = re.search(r'\bId="([^"]+)"', tag)
        tgt = re.search(r'\bTarget="([^"]+)"', tag)
        if rid and tgt:
            t = tgt.group(1).lstrip("/")
            targets[rid.group(1)] = t if t.startswith("xl/") else "xl/" + t
    out = {}
    for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", wb):
        tag = m.group(0)
        nm = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]+)"', tag) or re.search(r'\b\w+:id="([^"]+)"', tag)
        if nm and rid and rid.group(1) in targets:
            import html

            out[targets[rid.group(1)]] = html.unescape(nm.group(1))
    return out


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, token: re.Pattern, budget: list[int], name: str,
                lim: Limits) -> tuple[int, int]:
    """Stream one XML part: (rows holding a value, cells holding a value). Stops as soon as a
    limit is passed; never reads more than the remaining uncompressed budget."""
    rows = cells = 0
    pending_row = False
    tail = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            budget[0] -= len(chunk)
            if budget[0] < 0:  # the declared sizes lied (zip bomb): stop reading
                raise _refuse("limit-uncompressed", name, size_mb=">" + _num(lim.uncompressed_mb),
                              limit=_num(lim.uncompressed_mb), env=ENV["uncompressed_mb"])
            data = tail + chunk
            # keep an incomplete tag at the end for the next chunk
            cut = data.rfind(b"<")
            if cut == -1 or len(data) - cut > 64:
                cut = len(data)
            data, tail = data[:cut], data[cut:]
            for m in token.finditer(data):
                if m.group(1) in (b"row", b"table-row"):  # a row
                    pending_row = True
                    continue
                cells += 1
                if pending_row:
                    rows += 1
                    pending_row = False
            if rows > lim.rows or cells > lim.cells:
                break
    return rows, cells
